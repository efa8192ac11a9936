#!/usr/bin/env bash
# Is the app idle when nobody touches it? Starts the real binary in a virtual X server on a
# generated model, uses it a little (click, drag, undo, fit, zoom), lets the window settle,
# then counts, over a quiet stretch, the frames the app draws (it says each one on stderr with
# STRIDER_DEBUG_REPAINT=1) and the CPU ticks the process uses (from /proc, utime + stime), and
# reports its resident memory. Idle means no frame at all; a tick or two may still come from
# the window system's own threads on a busy machine, so ticks have a small allowance.
#
# Usage: bash scripts/idle-cpu.sh BINARY GENERATE ELEMENTS [SECONDS] [MAX_TICKS]
#   BINARY    the strider binary (debug or release)
#   GENERATE  the `generate` example (cargo build --example generate), which writes the model
#   ELEMENTS  model size: ELEMENTS elements, twice as many flows, one boundary per 40 elements
#   SECONDS   how long to measure (default 5); MAX_TICKS: fail above this (default 3, i.e.
#             0.6% of one core over 5 s; a repaint loop costs hundreds)
# The app's log says why each frame was drawn; IDLE_LOG_COPY=FILE keeps a copy of it.
set -euo pipefail
BIN=$(realpath "${1:?usage: idle-cpu.sh BINARY GENERATE ELEMENTS [SECONDS] [MAX_TICKS]}")
GEN=$(realpath "${2:?generate example}")
N=${3:?elements}
SECONDS_MEASURED=${4:-5}
MAX_TICKS=${5:-3}
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=scripts/xvfb-session.sh
source "$HERE/xvfb-session.sh" 61

MODEL="$WORK/model-$N.ron"
"$GEN" "$N" "$MODEL"
LOG="$WORK/app.log"
STRIDER_DEBUG_REPAINT=1 "$BIN" "$MODEL" >"$LOG" 2>&1 &
APP=$!
wait_for_window "Strider" "$LOG"

ticks() { awk '{print $14 + $15}' "/proc/$APP/stat"; }
frames() { grep -c "drawn because" "$LOG" || true; }
# Settled: two seconds in a row without a tick (or 60 s at most, for a slow debug build).
settle() {
  local settled=0
  for _ in $(seq 1 120); do
    a=$(ticks); sleep 1; b=$(ticks)
    if [ "$a" = "$b" ]; then settled=$((settled + 1)); else settled=0; fi
    [ "$settled" -ge 2 ] && break
  done
}
settle
# Used as a person would first: a click and a drag on the canvas, undo, zoom to fit, a
# Ctrl+wheel notch. What the app does after that must end too.
WIN=$(xdotool search --name "Strider" | head -1)
xdotool windowfocus "$WIN" 2>/dev/null || true
xdotool mousemove 640 420 click 1
sleep 0.5
xdotool mousedown 1 mousemove 660 430 mousemove 690 445 mouseup 1
sleep 0.5
xdotool key ctrl+z
sleep 0.5
xdotool key ctrl+0
sleep 0.5
xdotool keydown ctrl click 4 keyup ctrl
settle
before=$(ticks)
frames_before=$(frames)
sleep "$SECONDS_MEASURED"
after=$(ticks)
frames_after=$(frames)
used=$((after - before))
drawn=$((frames_after - frames_before))
rss_kb=$(awk '/^VmRSS/ {print $2}' "/proc/$APP/status")
hz=$(getconf CLK_TCK)
echo "idle-cpu: $N elements: $drawn frames drawn and $used ticks (1/$hz s) of CPU in ${SECONDS_MEASURED} s after a click, a drag, undo, fit and a zoom, once the window settled; RSS $((rss_kb / 1024)) MiB"
[ -n "${IDLE_LOG_COPY:-}" ] && cp "$LOG" "$IDLE_LOG_COPY"
if grep -q "panicked" "$LOG"; then
  cat "$LOG"; exit 1
fi
if [ "$drawn" -gt 0 ]; then
  echo "idle-cpu: the app drew $drawn frames while nobody touched it; why:"
  grep "drawn because" "$LOG" | tail -20
  exit 1
fi
if [ "$used" -gt "$MAX_TICKS" ]; then
  echo "idle-cpu: the app is not idle (more than $MAX_TICKS ticks); its log:"
  tail -40 "$LOG"
  exit 1
fi
