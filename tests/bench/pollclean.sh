#!/usr/bin/env bash
# Benchmark of pollclean on a large raw export made by pollsynth: prints the
# input's size, the wall-clock and CPU time, rows per second and peak memory
# (resident set) for cleaning it from a file and from a pipe (which is first
# spooled to a temporary file for the second pass). Not a test: run it by
# hand, once, on a quiet machine.
#
#   tests/bench/pollclean.sh [BUILD_DIR] [ROWS]     (defaults: build, 1000000)
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$top/build}
rows=${2:-1000000}
export LC_ALL=C
for p in pollsynth pollclean; do
    [ -x "$build/$p" ] || { echo "bench: $build/$p is not built" >&2; exit 1; }
done
work=$(mktemp -d "${TMPDIR:-/tmp}/pollclean-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

"$build/pollsynth" --n "$rows" --seed 1 -o "$work/raw.csv"
size=$(stat -c %s "$work/raw.csv")
echo "input: $rows data records, $size bytes ($((size / 1048576)) MiB)"

run() {
    local label=$1
    shift
    /usr/bin/time -f '%e %U %S %M' -o "$work/time" "$@"
    read -r wall user sys rss <"$work/time"
    awk -v l="$label" -v w="$wall" -v u="$user" -v s="$sys" -v m="$rss" -v n="$rows" -v b="$size" 'BEGIN {
        printf "%-6s %6.2f s wall, %6.2f s CPU, %9.0f rows/s, peak RSS %7.1f MiB (%.1f%% of the input)\n",
            l, w, u + s, n / (w > 0 ? w : 0.01), m / 1024, 100 * m * 1024 / b }'
}
codebook=$top/data/codebook.csv
run file "$build/pollclean" -q --codebook "$codebook" --excluded "$work/excluded.csv" \
    --report "$work/report.txt" -o "$work/clean.csv" "$work/raw.csv"
run pipe bash -c 'cat "$1" | "$2" -q --codebook "$3" -o "$4"' _ "$work/raw.csv" "$build/pollclean" \
    "$codebook" "$work/clean2.csv"
cmp -s "$work/clean.csv" "$work/clean2.csv" || { echo "bench: file and pipe outputs differ" >&2; exit 1; }
grep -E '^rows_(read|kept|excluded),' "$work/report.txt" | tr '\n' ' '
echo
