#!/usr/bin/env bash
# The bad-input corpus: every case in tests/badinput/cases.tsv runs one
# program on a malformed or inconsistent input and must exit with the stated
# status, print the stated words on stderr, print no output file, and not
# crash. Columns (tab-separated): status, command line (run with its words
# split as the shell would, from tests/badinput/), words expected on stderr
# (for status 2, a usage error, the whole message after "PROG: ").
. "$(dirname "$0")/lib/harness.sh"
dir=$SRC/tests/badinput
cd "$dir"
n=0
while IFS=$'\t' read -r status cmdline words; do
    case $status in ''|'#'*) continue ;; esac
    eval "set -- $cmdline"
    n=$((n + 1))
    if [ "$status" = 2 ]; then
        # A usage error is compared whole: "PROG: WORDS", then the hint.
        t "badinput #$n: $cmdline" --status 2 --err-is "$1: $words
Try '$1 --help'." -- "$@" -o "$TMP/out.$n"
    else
        t "badinput #$n: $cmdline" --status "$status" --err-has "$words" -- "$@" -o "$TMP/out.$n"
    fi
    ok "badinput #$n leaves no output file" test ! -e "$TMP/out.$n"
    # A crash shows as a status above 128 or a sanitizer report.
    ok "badinput #$n did not crash" sh -c "! grep -q -e 'Sanitizer' -e 'runtime error' '$T_ERR'"
done <cases.tsv
ok "the corpus has at least 40 cases" test "$n" -ge 40
finish
