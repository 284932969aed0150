#!/usr/bin/env bash
# Build the libFuzzer harnesses with clang (ASan + UBSan) and run each for a
# bounded time (default 60 s each: FUZZ_SECONDS=N to change). Any crash is
# saved under tests/fuzz/crashes/NAME/ — turn it into a regression input in
# tests/fuzz/corpus/NAME/ (the seed corpus every run starts from) once fixed.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
build=$top/build-fuzz
secs=${FUZZ_SECONDS:-60}
CC=clang cmake -S "$top" -B "$build" -DPOLLKIT_FUZZ=ON >/dev/null
cmake --build "$build" -j"$(nproc)" >/dev/null
status=0
for src in "$top"/tests/fuzz/fuzz_*.c; do
    name=$(basename "$src" .c)
    short=${name#fuzz_}
    work=$(mktemp -d)
    mkdir -p "$top/tests/fuzz/corpus/$short" "$top/tests/fuzz/crashes/$short"
    echo "== $name for ${secs}s"
    if ! "$build/$name" -max_total_time="$secs" -max_len=8192 \
        -artifact_prefix="$top/tests/fuzz/crashes/$short/" \
        "$work" "$top/tests/fuzz/corpus/$short" 2>"$work.log"; then
        echo "$name: CRASH, see tests/fuzz/crashes/$short/"
        tail -30 "$work.log"
        status=1
    else
        grep -E '^Done [0-9]+ runs' "$work.log" || true
    fi
    rm -rf "$work" "$work.log"
done
exit $status
