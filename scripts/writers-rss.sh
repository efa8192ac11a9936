#!/usr/bin/env bash
# Peak memory (RSS) and time of every export on the worst inputs the writers meet: a 60 MB
# model, shapes far apart, a 3 MB unbroken threat id, a 3 MB element name, a flow to nowhere.
#
#   cargo build --release --bin strider --example generate
#   bash scripts/writers-rss.sh [OUT_DIR]
#
# Prints one line per case and format: seconds, peak RSS in MB, exit code, bytes written.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=target/release/strider
gen=target/release/examples/generate
out=${1:-/tmp/strider-writers-rss}
mkdir -p "$out"
[ -x "$bin" ] && [ -x "$gen" ] || { echo "build first: cargo build --release --bin strider --example generate" >&2; exit 2; }

sample=samples/connected-vehicle.ron
# The 60 MB model: 33,000 elements, 66,000 flows, 825 boundaries, 33,000 threats.
[ -f "$out/big.ron" ] || "$gen" 33000 "$out/big.ron"
python3 - "$sample" "$out" <<'PY'
import re, sys
sample, out = sys.argv[1], sys.argv[2]
text = open(sample).read()
long = "X" * 3_000_000
# Two elements 12,000 units apart.
n = 0
def far(m):
    global n
    n += 1
    return {1: "pos: (0.0, 0.0)", 2: "pos: (12000.0, 12000.0)"}.get(n, m.group(0))
open(f"{out}/far.ron", "w").write(re.sub(r"pos: \([^)]*\)", far, text))
# A 3 MB threat id, everywhere the id is used.
first = re.search(r'id: "(T\d+)"', text).group(1)
open(f"{out}/long-id.ron", "w").write(text.replace(f'"{first}"', f'"{first}{long}"'))
# A 3 MB element name.
open(f"{out}/long-name.ron", "w").write(re.sub(r'name: "Connected vehicle"', f'name: "{long}"', text, count=1)
    if 'name: "Connected vehicle"' in text else re.sub(r'(kind: \w+,\s*name: ")', r"\g<1>" + long, text, count=1))
# A flow whose end does not exist.
open(f"{out}/dangling.ron", "w").write(re.sub(r'to: "(\w+)"', 'to: "E404"', text, count=1))
PY

# The model's own footprint, for scale: loading and validating it (`check`).
/usr/bin/time -o "$out/time" -f '%e %M' "$bin" check "$out/big.ron" >/dev/null 2>&1 || true
read -r secs kb <<<"$(tail -1 "$out/time")"
echo "baseline: check big.ron (load + validate + analysis): ${secs} s, $((kb / 1024)) MB peak"
printf '%-14s %-9s %8s %9s %5s %12s\n' case format seconds peak_MB exit bytes
for case in big far long-id long-name dangling; do
    for ext in pdf td.json tc.json svg png md ron; do
        target="$out/$case-out.$ext"
        rm -f "$out/$case-out"*
        /usr/bin/time -o "$out/time" -f '%e %M %x' "$bin" export "$out/$case.ron" -o "$target" \
            >/dev/null 2>"$out/$case-$ext.err" || true
        read -r secs kb code <<<"$(tail -1 "$out/time")"
        bytes=$(cat "$out/$case-out"* 2>/dev/null | wc -c)
        printf '%-14s %-9s %8s %9.0f %5s %12s\n' "$case" "$ext" "$secs" "$((kb / 1024))" "$code" "$bytes"
    done
done
