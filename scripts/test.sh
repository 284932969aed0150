#!/usr/bin/env bash
# Build pollkit from scratch in build/ (warnings are errors) and run every
# test: the Check unit suites and the end-to-end CLI scripts, through CTest.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/scripts/deps.sh"
build=${POLLKIT_BUILD:-$top/build}
cmake -S "$top" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPOLLKIT_WERROR=ON >/dev/null
cmake --build "$build" -j"$(nproc)"
cd "$build"
ctest --output-on-failure -j"$(nproc)"
