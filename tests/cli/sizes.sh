#!/usr/bin/env bash
# Files a reader can hold: no source file under tools/ is over 1,500 lines,
# and no function is over 120 lines unless the comment just above it says
# why ("Long: ..."). The checker is first shown a long function and a long
# file it must find.
. "$(dirname "$0")/lib/harness.sh"

# "LINES FILE:LINE NAME" for every function definition (a line starting in
# column 0 with a name and "(", its body from a "{" to a "}" in column 0)
# longer than 120 lines without "Long:" in the three lines above it.
long_functions() {
    awk 'FNR == 1 { sig = 0; body = 0; c1 = c2 = c3 = "" }
         !body && !sig && /^[A-Za-z_][^;]*\(/ && $0 !~ /;[ \t]*$/ && $0 !~ /^typedef/ {
             sig = FNR; name = $0; why = (c1 c2 c3) ~ /Long:/ }
         sig && !body && /^\{/ { body = 1 }
         sig && !body && /;[ \t]*$/ { sig = 0 }
         body && /^\}/ { n = FNR - sig + 1
                         if (n > 120 && !why) { sub(/\(.*/, "", name); sub(/.*[ *]/, "", name)
                                                printf "%d %s:%d %s\n", n, FILENAME, sig, name }
                         sig = 0; body = 0 }
         { c1 = c2; c2 = c3; c3 = $0 }' "$@"
}

long_files() {
    wc -l "$@" | awk '$2 != "total" && $1 > 1500 { print $1, $2 }'
}

# The checker finds what it must.
{
    printf 'static int f(void)\n{\n'
    for i in $(seq 130); do printf '    x++;\n'; done
    printf '}\n'
} >"$TMP/long.c"
ok "a 133-line function is found" test -n "$(long_functions "$TMP/long.c")"
{ printf '/* Long: one table, read top to bottom. */\n'; cat "$TMP/long.c"; } >"$TMP/why.c"
ok "a long function with its reason passes" test -z "$(long_functions "$TMP/why.c")"
seq 1600 >"$TMP/big.c"
ok "a 1,600-line file is found" test -n "$(long_files "$TMP/big.c")"

cd "$SRC"
files=$(find tools -name '*.[ch]' | sort)
# shellcheck disable=SC2086
found=$(long_functions $files)
[ -z "$found" ] || printf 'over 120 lines, no "Long:" reason above:\n%s\n' "$found"
ok "no function over 120 lines without a reason" test -z "$found"
# shellcheck disable=SC2086
found=$(long_files $files)
[ -z "$found" ] || printf 'over 1,500 lines:\n%s\n' "$found"
ok "no file over 1,500 lines" test -z "$found"
# A CLI script without `finish` exits with its last command's status and
# so can pass with failures in it.
unfinished=$(grep -L '^finish$' "$SRC"/tests/cli/*.sh)
[ -z "$unfinished" ] || printf 'no finish:\n%s\n' "$unfinished"
ok "every CLI test script ends with finish" test -z "$unfinished"
finish
