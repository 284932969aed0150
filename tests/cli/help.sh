#!/usr/bin/env bash
# Every program's --help: -h is the same, it fits an 80-column terminal
# (no line wider, so nothing wraps in the middle of a word), and it ends by
# giving the exit statuses (its last line points to the manual page:
# tests/cli/man_pages.sh checks that).
. "$(dirname "$0")/lib/harness.sh"
for p in $(cd "$SRC/tools" && ls poll*.c | sed 's/\.c$//'); do
    t "$p --help" --status 0 --out-has "Usage: $p" -- "$p" --help
    cp "$T_OUT" "$TMP/$p.help"
    t "$p -h is --help" --status 0 --out "$TMP/$p.help" -- "$p" -h
    wide=$(awk 'length($0) > 80' "$TMP/$p.help")
    [ -z "$wide" ] || printf '%s --help, over 80 columns:\n%s\n' "$p" "$wide"
    ok "$p --help fits 80 columns" test -z "$wide"
    ok "$p --help gives the exit statuses" grep -q "^Exit status" "$TMP/$p.help"
done
finish
