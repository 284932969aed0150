#!/usr/bin/env bash
# Progress on a terminal: drawn only when standard error is a terminal and
# standard output is not a pipe (so in a pipeline only the last program
# draws), never with -q; pollclean names its passes. util-linux's script(1)
# gives the program a terminal.
. "$(dirname "$0")/lib/harness.sh"
command -v script >/dev/null || { echo "script(1) missing: skipped"; finish; }
pollsynth --n 70000 --seed 3 -o "$TMP/raw.csv" 2>/dev/null
on_tty() { script -qec "$1" /dev/null </dev/null | tr '\r' '\n'; }
cb=$SRC/data/codebook.csv

on_tty "pollclean --codebook '$cb' -o '$TMP/a.csv' '$TMP/raw.csv'" >"$TMP/tty"
ok "pass 1 of 2 drawn on a terminal" grep -q "pollclean: pass 1 of 2: 65536 records of" "$TMP/tty"
ok "pass 2 of 2 drawn on a terminal" grep -q "pollclean: pass 2 of 2: 65536 records of" "$TMP/tty"
on_tty "pollclean --codebook '$cb' '$TMP/raw.csv' | cat >/dev/null" >"$TMP/pipe"
ok "nothing drawn with standard output a pipe" sh -c '! grep -q "records of" "$1"' _ "$TMP/pipe"
on_tty "pollclean -q --codebook '$cb' -o '$TMP/b.csv' '$TMP/raw.csv'" >"$TMP/quiet"
ok "nothing drawn with -q" sh -c '! grep -q "records of" "$1"' _ "$TMP/quiet"
pollclean --codebook "$cb" -o "$TMP/c.csv" "$TMP/raw.csv" 2>"$TMP/err"
ok "nothing drawn when standard error is a file" sh -c '! grep -q "records of" "$1"' _ "$TMP/err"
ok "the output is the same either way" cmp "$TMP/a.csv" "$TMP/c.csv"
finish
