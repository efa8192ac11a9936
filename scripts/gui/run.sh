#!/usr/bin/env bash
# Runs one of the GUI scripts in this folder against the real binary, in a private D-Bus session
# with the accessibility (AT-SPI) bus enabled and a virtual X server (Xvfb, 1280x800, no window
# manager: the window appears at 0,0), so the script can find egui's widgets by their accessible
# names (AccessKit) and drive them with real input (xdotool).
#
# Usage: bash scripts/gui/run.sh SCRIPT.py [path/to/strider] [script arguments...]
#   e.g. bash scripts/gui/run.sh crawler.py target/debug/strider --out target/gui-crawl
# SCRIPT may be a bare name (looked up in scripts/gui/) or a path. The binary is copied first
# (a rebuild must not swap it out under a running test) and the copy is what the script gets.
#
# Needs (Debian): python3-pyatspi xvfb xdotool imagemagick at-spi2-core dbus-x11; pass --install
# as the first argument to apt-get them.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
cd "$ROOT"

if [ "${1:-}" = "--install" ]; then
  shift
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends \
    python3-pyatspi xvfb xdotool imagemagick at-spi2-core dbus-x11 >/dev/null
fi

SCRIPT=${1:?usage: run.sh SCRIPT.py [BINARY] [ARGS...]}
shift
[ -f "$SCRIPT" ] || SCRIPT="$HERE/$SCRIPT"
BIN=${1:-target/debug/strider}
[ $# -gt 0 ] && shift
[ -x "$BIN" ] || { echo "run.sh: no binary at $BIN"; exit 2; }
for tool in Xvfb xdotool import dbus-run-session /usr/libexec/at-spi-bus-launcher; do
  command -v "$tool" >/dev/null || { echo "run.sh: $tool is missing (run with --install)"; exit 2; }
done
/usr/bin/python3 -c 'import pyatspi' 2>/dev/null \
  || { echo "run.sh: Debian's python3-pyatspi is missing (run with --install)"; exit 2; }

export GUI_WORK
GUI_WORK=$(mktemp -d /tmp/strider-gui.XXXXXX)
cp "$BIN" "$GUI_WORK/strider-under-test"
chmod +x "$GUI_WORK/strider-under-test"
export GUI_SCRIPT=$SCRIPT GUI_BIN="$GUI_WORK/strider-under-test"
export GUI_DISPLAY=":$((120 + RANDOM % 60))"

# The inner session: everything it starts dies with it (dbus-run-session ends the bus; the trap
# ends Xvfb and the bus launcher by their ids).
INNER='
set -uo pipefail
export XDG_RUNTIME_DIR="$GUI_WORK/runtime"; mkdir -m 700 -p "$XDG_RUNTIME_DIR"
export STRIDER_STATE_DIR="$GUI_WORK/state"
/usr/libexec/at-spi-bus-launcher --launch-immediately >"$GUI_WORK/at-spi.log" 2>&1 &
ATSPI=$!
Xvfb "$GUI_DISPLAY" -screen 0 1280x800x24 -nolisten tcp -noreset >"$GUI_WORK/xvfb.log" 2>&1 &
XVFB=$!
trap "kill $XVFB $ATSPI 2>/dev/null || true" EXIT
export DISPLAY=$GUI_DISPLAY
for _ in $(seq 1 50); do
  dbus-send --session --print-reply --dest=org.a11y.Bus /org/a11y/bus org.a11y.Bus.GetAddress \
    >/dev/null 2>&1 && break
  sleep 0.1
done
# Tell toolkits that an assistive technology is listening: AccessKit only exposes the tree then.
for _ in $(seq 1 50); do
  dbus-send --session --print-reply --dest=org.a11y.Bus /org/a11y/bus \
    org.freedesktop.DBus.Properties.Set string:org.a11y.Status string:IsEnabled \
    variant:boolean:true >/dev/null 2>&1
  dbus-send --session --print-reply --dest=org.a11y.Bus /org/a11y/bus \
    org.freedesktop.DBus.Properties.Get string:org.a11y.Status string:IsEnabled 2>/dev/null \
    | grep -q "boolean true" && break
  sleep 0.1
done
for _ in $(seq 1 50); do xdotool getmouselocation >/dev/null 2>&1 && break; sleep 0.1; done
PYTHONDONTWRITEBYTECODE=1 /usr/bin/python3 -u "$GUI_SCRIPT" "$GUI_BIN" "$@"
'
set +e
# (the session bus daemon's own chatter, "dbus-daemon[pid]: ...", is left out of stderr)
dbus-run-session -- bash -c "$INNER" run.sh "$@" 2> >(grep -v --line-buffered '^dbus-daemon\[' >&2)
rc=$?
set -e
rm -rf "$GUI_WORK"
exit $rc
