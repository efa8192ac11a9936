# Sourced by the scripts that run the real app in a virtual X server: a scratch folder for the
# app's state, an Xvfb display (kept alive between app runs), and cleanup of both on exit.
# Sets WORK, DISPLAY and APP (the app's pid, for cleanup; set it after starting the app).
# Usage: source scripts/xvfb-session.sh FIRST_DISPLAY_NUMBER

WORK=$(mktemp -d)
export STRIDER_STATE_DIR="$WORK/state"
export XDG_RUNTIME_DIR="$WORK/runtime"; mkdir -m 700 -p "$XDG_RUNTIME_DIR"
DISPLAY_NUM=:$(($1 + RANDOM % 9))
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

# wait_for_window TITLE LOG: waits up to 30 s for a window whose title contains TITLE (there is
# no window manager: it appears at 0,0); on failure prints LOG and exits 1.
wait_for_window() {
  for _ in $(seq 1 60); do
    if xdotool search --name "$1" >/dev/null 2>&1; then return 0; fi
    sleep 0.5
  done
  echo "$(basename "$0"): no window titled \"$1\" appeared"; cat "$2"; exit 1
}
