#!/usr/bin/env bash
# Run every end-to-end CLI test with each program under valgrind memcheck.
# A memory error makes the program exit 97, which fails its case; so does a
# definite leak in a run that succeeded. A run that stops on an error leaves
# the rest of its memory to the system on purpose (tools/cli/cli.c), so its
# leaks are not counted. Slow (valgrind is ~30x slower); run by hand.
# Usage: tests/valgrind.sh [BUILD_DIR]
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/build}
[ -x "$build/pollsynth" ] || { echo "valgrind.sh: build first (scripts/test.sh)" >&2; exit 2; }
wrap=$(mktemp -d)
trap 'rm -rf "$wrap"' EXIT
for p in pollsynth pollcodebook pollclean pollweight pollsupport polltable pollbanner pollplot pollclaim; do
    cat >"$wrap/$p" <<W
#!/bin/sh
# valgrind keeps its own files in \$TMPDIR: where a test points it at a
# missing folder (to see the program fail there), run the program as it is.
if [ -n "\${TMPDIR:-}" ] && [ ! -d "\$TMPDIR" ]; then exec "$build/$p" "\$@"; fi
log=\$(mktemp)
# A program in the background would read /dev/null: hand it our input.
exec 3<&0
valgrind -q --log-file="\$log" --error-exitcode=97 --leak-check=full --errors-for-leak-kinds=none \\
    "$build/$p" "\$@" <&3 3<&- &
child=\$!
# Signals meant for the program (the interrupted-run test) go to it.
trap 'kill -INT \$child 2>/dev/null' INT
trap 'kill -TERM \$child 2>/dev/null' TERM
while :; do
    wait \$child
    rc=\$?
    kill -0 \$child 2>/dev/null || break
done
if [ "\$rc" = 0 ] && grep -q "definitely lost" "\$log"; then rc=97; fi
if [ "\$rc" = 97 ]; then cat "\$log" >&2; fi
rm -f "\$log"
exit "\$rc"
W
    chmod +x "$wrap/$p"
done
status=0
for script in "$top"/tests/cli/*.sh; do
    echo "== $(basename "$script") under valgrind"
    POLLKIT_BIN=$wrap POLLKIT_SRC=$top bash "$script" | tail -n 40 || status=1
done
exit $status
