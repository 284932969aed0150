#!/usr/bin/env bash
# Build the libFuzzer harnesses with clang (ASan + UBSan) and run each for a
# bounded time, printing each one's figures (runs, executions per second,
# coverage, corpus). Not part of CI.
#   tests/fuzz/run.sh                      every harness, 60 s each
#   FUZZ_SECONDS=600 tests/fuzz/run.sh statfile banner claim codebook
#   FUZZ_JOBS=2 ...                        that many harnesses at once
# Any crash is saved under tests/fuzz/crashes/NAME/ — turn it into a
# regression input in tests/fuzz/corpus/NAME/ (the seed corpus every run
# starts from, replayed by CTest) once fixed. Exit 1 when anything crashed.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
build=$top/build-fuzz
secs=${FUZZ_SECONDS:-60}
jobs=${FUZZ_JOBS:-1}
CC=clang cmake -S "$top" -B "$build" -DPOLLKIT_FUZZ=ON >/dev/null
cmake --build "$build" -j"$(nproc)" >/dev/null
names=("$@")
if [ ${#names[@]} -eq 0 ]; then
    for src in "$top"/tests/fuzz/fuzz_*.c; do
        n=$(basename "$src" .c)
        names+=("${n#fuzz_}")
    done
fi
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT

one() {
    local short=$1 work
    work=$(mktemp -d)
    mkdir -p "$top/tests/fuzz/corpus/$short" "$top/tests/fuzz/crashes/$short"
    local rc=0
    "$build/fuzz_$short" -max_total_time="$secs" -max_len=8192 -print_final_stats=1 \
        -artifact_prefix="$top/tests/fuzz/crashes/$short/" \
        "$work" "$top/tests/fuzz/corpus/$short" >"$logs/$short.log" 2>&1 || rc=$?
    rm -rf "$work"
    echo "$rc" >"$logs/$short.rc"
}

running=0
for short in "${names[@]}"; do
    [ -x "$build/fuzz_$short" ] || { echo "no harness fuzz_$short" >&2; exit 2; }
    one "$short" &
    running=$((running + 1))
    if [ "$running" -ge "$jobs" ]; then
        wait -n || true
        running=$((running - 1))
    fi
done
wait

status=0
printf '%-12s %8s %10s %8s %8s %8s  %s\n' harness seconds runs exec/s cov ft result
for short in "${names[@]}"; do
    log=$logs/$short.log
    runs=$(grep -oE '^stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$' || echo ?)
    rate=$(grep -oE '^stat::average_exec_per_sec: *[0-9]+' "$log" | grep -oE '[0-9]+$' || echo ?)
    cov=$(grep -oE 'cov: [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+' || echo ?)
    ft=$(grep -oE 'ft: [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+' || echo ?)
    crashed=0
    if [ "$(cat "$logs/$short.rc")" = 0 ]; then
        result="nothing found"
    else
        result="CRASH: see tests/fuzz/crashes/$short/"
        status=1
        crashed=1
    fi
    printf '%-12s %8s %10s %8s %8s %8s  %s\n' "$short" "$secs" "$runs" "$rate" "$cov" "$ft" "$result"
    [ "$crashed" = 0 ] || grep -E 'ERROR|SUMMARY|Test unit written|#[0-9]+ .* in ' "$log" | head -20
done
exit $status
