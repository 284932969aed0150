#!/usr/bin/env bash
# Build pollkit from scratch and run every test: the Check unit suites, the
# end-to-end CLI scripts, the bad-input corpus and the fuzz-corpus replays,
# through CTest. Warnings are errors.
#   scripts/test.sh              normal build in build/
#   scripts/test.sh --sanitize   AddressSanitizer + UBSan build in build-asan/
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/scripts/deps.sh"
flags=(-DCMAKE_BUILD_TYPE=RelWithDebInfo -DPOLLKIT_WERROR=ON)
build=${POLLKIT_BUILD:-$top/build}
if [ "${1:-}" = --sanitize ]; then
    flags+=(-DPOLLKIT_SANITIZE=ON)
    build=${POLLKIT_BUILD:-$top/build-asan}
    # Leaks are errors; a sanitizer report fails the program and its test.
    export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
fi
cmake -S "$top" -B "$build" "${flags[@]}" >/dev/null
cmake --build "$build" -j"$(nproc)"
cd "$build"
ctest --output-on-failure -j"$(nproc)"
