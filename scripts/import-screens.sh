#!/usr/bin/env bash
# Opens other tools' models in the real strider binary under Xvfb (the same path as dropping a
# file on the window or File > Import) and keeps screenshots in target/import-screens/: the Threat
# Dragon demo model and the Akri TMT model. Fails when no window appears or the window title does
# not name the imported model.
#
# Usage: scripts/import-screens.sh [path/to/strider]   (default: target/debug/strider)
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-target/debug/strider}
OUT=target/import-screens
INTEROP=../shared/interop
mkdir -p "$OUT"
WORK=$(mktemp -d)
export STRIDER_STATE_DIR="$WORK/state"
export XDG_RUNTIME_DIR="$WORK/runtime"; mkdir -m 700 -p "$XDG_RUNTIME_DIR"
DISPLAY_NUM=:$((80 + RANDOM % 9))
Xvfb "$DISPLAY_NUM" -screen 0 1280x800x24 -nolisten tcp -noreset >/dev/null 2>&1 &
XVFB=$!
APP=""
cleanup() {
  [ -n "$APP" ] && kill "$APP" 2>/dev/null || true
  kill "$XVFB" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
export DISPLAY=$DISPLAY_NUM
sleep 1.5

shot() { # FILE TITLE NAME
  "$BIN" "$1" >"$OUT/$3.log" 2>&1 &
  APP=$!
  for _ in $(seq 1 60); do
    if xdotool search --name "$2" >/dev/null 2>&1; then break; fi
    sleep 0.5
  done
  xdotool search --name "$2" >/dev/null || {
    echo "import-screens: no window titled \"$2\" for $1"; cat "$OUT/$3.log"; exit 1; }
  sleep 3
  import -window root "$OUT/$3-report.png"
  # Esc closes the import report; then the diagram alone.
  xdotool search --name "$2" windowfocus --sync 2>/dev/null || true
  xdotool key Escape; sleep 1
  import -window root "$OUT/$3.png"
  kill "$APP"; wait "$APP" 2>/dev/null || true; APP=""
  echo "import-screens: $OUT/$3-report.png $OUT/$3.png"
}

shot "$INTEROP/threat-dragon/v2-threat-model.json" "Demo Threat Model" threat-dragon-demo
shot "$INTEROP/tmt/akri-docs/AkriThreatModel_Sept23.tm7" "AkriThreatModel_Sept23" tmt-akri
