#!/usr/bin/env bash
# Run every end-to-end CLI test with each program under valgrind memcheck:
# any memory error or definite leak makes the program exit 97, which fails
# its case. Slow (valgrind is ~30x slower); run by hand, not in CI.
# Usage: tests/valgrind.sh [BUILD_DIR]
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/build}
[ -x "$build/pollsynth" ] || { echo "valgrind.sh: build first (scripts/test.sh)" >&2; exit 2; }
wrap=$(mktemp -d)
trap 'rm -rf "$wrap"' EXIT
for p in pollsynth pollclean pollweight pollsupport pollplot pollclaim; do
    cat >"$wrap/$p" <<W
#!/bin/sh
exec valgrind -q --error-exitcode=97 --leak-check=full --errors-for-leak-kinds=definite "$build/$p" "\$@"
W
    chmod +x "$wrap/$p"
done
status=0
for script in "$top"/tests/cli/*.sh; do
    echo "== $(basename "$script") under valgrind"
    POLLKIT_BIN=$wrap POLLKIT_SRC=$top bash "$script" | tail -n 40 || status=1
done
exit $status
