#!/usr/bin/env bash
# tools/README.md's module map names every source file under tools/, so a
# new module cannot arrive without its line.
. "$(dirname "$0")/lib/harness.sh"
cd "$SRC/tools"
for f in lib/*.[ch] cli/*.[ch] *.c; do
    ok "tools/README.md lists $f" grep -qF "\`$f\`" README.md
done
finish
