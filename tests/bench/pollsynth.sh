#!/usr/bin/env bash
# Benchmark: time and peak memory of pollsynth writing a million-row raw
# export (with its defect list and truth), and the clean microdata of the
# same. Prints figures; not a test. Usage: tests/bench/pollsynth.sh [BUILD_DIR]
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
bin=${1:-${POLLKIT_BIN:-$top/build}}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export LC_ALL=C
echo "pollsynth --n 1000000 (raw export + --injected + --truth):"
/usr/bin/time -o "$tmp/time" -f '  %e s, peak %M KB' "$bin/pollsynth" --n 1000000 --seed 1 \
    --injected "$tmp/inj.csv" --truth "$tmp/truth.csv" -o "$tmp/raw.csv"
cat "$tmp/time"
echo "  $(wc -l <"$tmp/raw.csv") lines, $(du -h "$tmp/raw.csv" | cut -f1) raw, $(($(wc -l <"$tmp/inj.csv") - 1)) defects listed"
echo "pollsynth --n 1000000 --clean:"
/usr/bin/time -o "$tmp/time" -f '  %e s, peak %M KB' "$bin/pollsynth" --n 1000000 --seed 1 --clean -o "$tmp/clean.csv"
cat "$tmp/time"
echo "  $(($(wc -l <"$tmp/clean.csv") - 1)) clean respondents"
