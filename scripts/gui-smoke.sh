#!/usr/bin/env bash
# Starts the real strider binary in a real X server (Xvfb) on a copy of the Connected Vehicle
# sample, drives it with real input (xdotool): drags a process from the palette onto the canvas,
# connects it to API Gateway, saves with Ctrl+S, then checks the saved file with
# `strider check --json`, measures idle CPU, and keeps screenshots in target/gui-smoke/.
#
# Usage: scripts/gui-smoke.sh [path/to/strider]   (default: target/debug/strider)
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-target/debug/strider}
OUT=target/gui-smoke
mkdir -p "$OUT"
source scripts/xvfb-session.sh 90
# The app writes where each element is on screen here (see StriderApp::write_automation_file).
export STRIDER_AUTOMATION_FILE="$WORK/layout.json"
MODEL="$WORK/connected-vehicle.ron"
cp samples/connected-vehicle.ron "$MODEL"

"$BIN" "$MODEL" >"$OUT/app.log" 2>&1 &
APP=$!
wait_for_window "Strider" "$OUT/app.log"
sleep 3
import -window root "$OUT/01-opened.png"

drag() { # x1 y1 x2 y2: a slow drag, as egui needs separate events to see one
  xdotool mousemove "$1" "$2"; sleep 0.4
  xdotool mousedown 1; sleep 0.3
  local i
  for i in 1 2 3 4 5 6 7 8; do
    xdotool mousemove $(( $1 + ($3 - $1) * i / 8 )) $(( $2 + ($4 - $2) * i / 8 )); sleep 0.08
  done
  sleep 0.3; xdotool mouseup 1; sleep 0.8
}

pos() { # ID FIELD -> "x y" on screen, from the layout file the app writes
  python3 -c 'import json,sys; e=json.load(open(sys.argv[1]))["elements"][sys.argv[2]]; print(*map(int, e[sys.argv[3]]))' \
    "$STRIDER_AUTOMATION_FILE" "$1" "$2"
}
[ -f "$STRIDER_AUTOMATION_FILE" ] || { echo "gui-smoke: the app wrote no layout file"; exit 1; }

# 1. Drag "Process" (the palette's second entry) to an empty spot above the Users boundary.
read -r ux uy < <(pos E1 center)
drag 95 90 "$ux" $((uy - 100))
import -window root "$OUT/02-process-dropped.png"
# 2. Connect it: from its right-hand handle to API Gateway (in view at the opening zoom).
read -r hx hy < <(pos P7 right_handle)
read -r lx ly < <(pos P3 center)
xdotool mousemove $((hx - 10)) "$hy"; sleep 0.5
drag "$hx" "$hy" "$lx" "$ly"
import -window root "$OUT/03-connected.png"
# 3. Save with Ctrl+S (without a window manager, give the window the keyboard focus first).
xdotool search --name "Strider" | head -n 1 | xargs -I{} xdotool windowfocus --sync {}
sleep 0.3
xdotool key ctrl+s; sleep 1.5
import -window root "$OUT/04-saved.png"

# Idle CPU over 5 seconds: the app must not repaint continuously.
xdotool mousemove 1270 790; sleep 1.5
ticks() { awk '{print $14 + $15}' "/proc/$APP/stat"; }
t0=$(ticks); sleep 5; t1=$(ticks)
hz=$(getconf CLK_TCK)
idle_pct=$(( (t1 - t0) * 100 / (5 * hz) ))
echo "gui-smoke: idle CPU ${idle_pct}% over 5 s ($((t1 - t0)) ticks at ${hz} Hz)"

summary=$("$BIN" check "$MODEL" --json)
echo "$summary" > "$OUT/saved-check.json"
python3 - "$MODEL" <<'PY' "$summary"
import json, sys
summary = json.loads(sys.argv[2])
s = summary["stats"]
ok = summary["ok"] and s["processes"] == 7 and s["flows"] == 17
text = open(sys.argv[1], encoding="utf-8").read()
import re
new_flow = re.search(r'from: "P7",\s*to: "P3"', text) is not None
ok = ok and new_flow
print(f"gui-smoke: saved model has {s['processes']} processes and {s['flows']} flows; new flow P7 -> P3: {new_flow}")
sys.exit(0 if ok else 1)
PY
if [ "$idle_pct" -gt 20 ]; then
  echo "gui-smoke: the app is busy while idle (${idle_pct}% CPU)"; exit 1
fi
echo "gui-smoke: passed; screenshots in $OUT/"
