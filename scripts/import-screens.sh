#!/usr/bin/env bash
# Opens other tools' models in the real strider binary under Xvfb (the same path as dropping a
# file on the window or File > Import) and keeps screenshots in target/import-screens/: the Threat
# Dragon demo model, the Akri TMT model, two OTM files from StartLeft and Threagile's demo model.
# Fails when no window appears or the window title does not name the imported model.
#
# Usage: scripts/import-screens.sh [path/to/strider]   (default: target/debug/strider)
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-target/debug/strider}
OUT=target/import-screens
INTEROP=../shared/interop
mkdir -p "$OUT"
source scripts/xvfb-session.sh 80

shot() { # FILE TITLE NAME
  "$BIN" "$1" >"$OUT/$3.log" 2>&1 &
  APP=$!
  wait_for_window "$2" "$OUT/$3.log"
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
shot "$INTEROP/otm/startleft/lucid-aws-with-tz-and-vpc.otm" "test_parse_diagram_file_ok" otm-startleft-lucid
shot "$INTEROP/otm/startleft/MTMT_MVP.otm" "Example Project" otm-startleft-mtmt
shot "$INTEROP/threagile/example/threagile.yaml" "Some Example Application" threagile-demo
