#!/usr/bin/env bash
# Wall time and peak memory (median of three runs, /usr/bin/time) of the command line's heavy
# commands on one model: check, threats --json --suggestions, threats --suggestions (text) and
# export to PDF. Usage: scripts/cli-figures.sh BINARY MODEL
set -euo pipefail
bin=${1:?usage: cli-figures.sh BINARY MODEL}
model=${2:?usage: cli-figures.sh BINARY MODEL}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
median() { sort -n | sed -n 2p; }
run() {
    local name=$1
    shift
    local times=() mems=()
    for _ in 1 2 3; do
        /usr/bin/time -f "%e %M" -o "$out/time" "$bin" "$@" >/dev/null 2>"$out/err" || {
            echo "$name failed:" >&2
            cat "$out/err" >&2
            exit 1
        }
        read -r t m <"$out/time"
        times+=("$t")
        mems+=("$m")
    done
    local t m
    t=$(printf '%s\n' "${times[@]}" | median)
    m=$(printf '%s\n' "${mems[@]}" | median)
    printf '%-36s %6s s  %6d MB   (runs: %s s)\n' "$name" "$t" "$((m / 1024))" "${times[*]}"
}
run "check" check "$model"
run "threats --json --suggestions" threats "$model" --json --suggestions
run "threats --suggestions (text)" threats "$model" --suggestions
run "export -o x.pdf" export "$model" -o "$out/x.pdf"
