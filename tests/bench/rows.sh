#!/usr/bin/env bash
# Growth with the number of respondents (run by hand; prints figures, not a
# test): pollsynth exports of 10,000, 100,000, 1,000,000 and 4,000,000 raw
# records go through pollclean, pollweight (rake, 5 margins) and
# pollsupport (7 questions by vote2024), each program timed on its own
# input, the previous step's output. Each line prints the wall seconds, the
# microseconds per record, the peak memory and the ratio of the time to the
# step before: linear time shows as about 10 (x4 for the last step); the
# per-record cost stays about the same.
# docs/performance.md says which memory is constant and which grows:
# pollclean keeps a hash of the ids (grows with the records), pollweight a
# few bytes per respondent (codes and base weight), pollsupport only sums
# per cell (constant).
# Usage: tests/bench/rows.sh [SIZES...]   (BUILD=dir to use another build)
set -euo pipefail
. "$(dirname "$0")/lib.sh"
data=$top/data
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10000 100000 1000000 4000000)

echo "machine: $(nproc) cores, $(sed -n 's/^model name\t: //p' /proc/cpuinfo | head -1), load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-12s %10s %9s %12s %10s %8s\n' program records wall "us/record" "peak RSS" "x prev"
declare -A prev
# run LABEL RECORDS CMD...: time one run and print its line.
run() {
    local label=$1 n=$2
    shift 2
    /usr/bin/time -f '%e %M' -o "$work/time" "$@" >/dev/null 2>"$work/err" || {
        echo "bench: $label on $n records failed:" >&2
        cat "$work/err" >&2
        exit 1
    }
    local s kb
    read -r s kb <"$work/time"
    awk -v l="$label" -v n="$n" -v s="$s" -v kb="$kb" -v p="${prev[$label]:-}" 'BEGIN {
        printf "%-12s %10d %7.2f s %12.2f %7.1f MB", l, n, s, s * 1e6 / n, kb / 1024
        if (p != "") printf " %8.1f", s / (p > 0.005 ? p : 0.005)
        printf "\n" }'
    prev[$label]=$s
}

for n in "${sizes[@]}"; do
    pollsynth --n "$n" --seed 7 -o "$work/raw.csv"
    run pollclean "$n" pollclean --codebook "$data/codebook.csv" -o "$work/clean.csv" "$work/raw.csv"
    rows=$(($(wc -l <"$work/clean.csv") - 1))
    run pollweight "$rows" pollweight --targets "$data/targets.csv" --missing keep -o "$work/weighted.csv" \
        "$work/clean.csv"
    run pollsupport "$rows" pollsupport --codebook "$data/codebook.csv" --by vote2024 "$work/weighted.csv"
    rm -f "$work/raw.csv" "$work/clean.csv" "$work/weighted.csv"
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
