#!/usr/bin/env bash
# The number formatter against printf, at scale (run by hand; prints
# figures). Usage: tests/bench/number.sh [N]   (default 20,000,000 values)
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
build=${BUILD:-$top/build-bench}
cmake -S "$top" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" -j"$(nproc)" --target pollcore >/dev/null
cc -O2 -std=c11 -D_GNU_SOURCE -I"$top/tools/lib" -o "$build/bench_number" \
    "$top/tests/bench/number.c" "$build/libpollcore.a" -lm
LC_ALL=C "$build/bench_number" "${1:-20000000}"
