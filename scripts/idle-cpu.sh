#!/usr/bin/env bash
# Is the app idle when nobody touches it? Starts the real binary in a virtual X server on a
# generated model, lets the window settle, then counts the CPU ticks the process uses over a
# quiet stretch (from /proc, utime + stime) and reports its resident memory.
#
# Usage: bash scripts/idle-cpu.sh BINARY GENERATE ELEMENTS [SECONDS] [MAX_TICKS]
#   BINARY    the strider binary (debug or release)
#   GENERATE  the `generate` example (cargo build --example generate), which writes the model
#   ELEMENTS  model size: ELEMENTS elements, twice as many flows, one boundary per 40 elements
#   SECONDS   how long to measure (default 5); MAX_TICKS: fail above this (default 0)
# With STRIDER_DEBUG_REPAINT=1 the app says on stderr why each frame was drawn (in the log;
# IDLE_LOG_COPY=FILE keeps a copy of it).
set -euo pipefail
BIN=$(realpath "${1:?usage: idle-cpu.sh BINARY GENERATE ELEMENTS [SECONDS] [MAX_TICKS]}")
GEN=$(realpath "${2:?generate example}")
N=${3:?elements}
SECONDS_MEASURED=${4:-5}
MAX_TICKS=${5:-0}
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=scripts/xvfb-session.sh
source "$HERE/xvfb-session.sh" 61

MODEL="$WORK/model-$N.ron"
"$GEN" "$N" "$MODEL"
LOG="$WORK/app.log"
"$BIN" "$MODEL" >"$LOG" 2>&1 &
APP=$!
wait_for_window "Strider" "$LOG"

ticks() { awk '{print $14 + $15}' "/proc/$APP/stat"; }
# Settled: two seconds in a row without a tick (or 60 s at most, for a slow debug build).
settled=0
for _ in $(seq 1 120); do
  a=$(ticks); sleep 1; b=$(ticks)
  if [ "$a" = "$b" ]; then settled=$((settled + 1)); else settled=0; fi
  [ "$settled" -ge 2 ] && break
done
before=$(ticks)
sleep "$SECONDS_MEASURED"
after=$(ticks)
used=$((after - before))
rss_kb=$(awk '/^VmRSS/ {print $2}' "/proc/$APP/status")
hz=$(getconf CLK_TCK)
echo "idle-cpu: $N elements: $used ticks (1/$hz s) of CPU in ${SECONDS_MEASURED} s after the window settled; RSS $((rss_kb / 1024)) MiB"
[ -n "${IDLE_LOG_COPY:-}" ] && cp "$LOG" "$IDLE_LOG_COPY"
if grep -q "panicked" "$LOG"; then
  cat "$LOG"; exit 1
fi
if [ "$used" -gt "$MAX_TICKS" ]; then
  echo "idle-cpu: the app is not idle (more than $MAX_TICKS ticks); its log:"
  tail -40 "$LOG"
  exit 1
fi
