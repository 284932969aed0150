#!/usr/bin/env bash
# The manual pages in man/ (hand-written roff, man(7) macros): one page per
# program in section 1, the file formats in section 5, the overview
# pollkit(7). Each has the sections a reader looks for, renders with no
# groff warning, and stays in step with the programs: a program's page
# names every option and choice of its option table (asked of the program
# itself with --list-options) and no option the program lacks; every page
# a page refers to exists; pollkit(7) lists them all; --help points to the
# page. tests/cli/man_examples.sh runs the pages' examples.
. "$(dirname "$0")/lib/harness.sh"

MAN=$SRC/man
progs=$(cd "$SRC/tools" && ls poll*.c | sed 's/\.c$//')
formats="pollkit-codebook pollkit-targets pollkit-claims pollkit-table"

# section PAGE NAME: the lines of section NAME (between its .SH and the
# next), with roff's \- as the - it prints.
section() {
    awk -v want="$2" '
        /^\.SH / { name = substr($0, 5); gsub(/"/, "", name); on = (name == want); next }
        on { print }' "$1" | sed 's/\\-/-/g'
}

check_page() {
    local page=$1 num=$2 base s
    base=$(basename "$page" ."$num")
    ok "$base($num) exists" test -s "$page"
    [ -s "$page" ] || return 0
    ok "$base($num): .TH names it" grep -q "^\.TH ${base^^} $num " "$page"
    ok "$base($num): NAME line" grep -q "^$base - " <(section "$page" NAME)
    shift 2
    for s in "$@"; do
        ok "$base($num) has $s" grep -q "^\.SH \"\?$s\"\?\$" "$page"
    done
    # -ww: every warning; -z: no output, only the diagnostics.
    t "$base($num) renders without warnings" --err-empty -- groff -man -Tutf8 -ww -z "$page"
    # Pages a page refers to, as .BR name (N) or name(N), must exist,
    # unless they are another project's (gnuplot, R).
    local ref
    for ref in $(grep -o '\(poll[a-z-]*\) *(\?[157])' "$page" | tr -d ' ()' | sort -u); do
        local rn=${ref%[157]} rs=${ref: -1}
        ok "$base($num) refers to $rn($rs), which exists" test -s "$MAN/$rn.$rs"
    done
}

for p in $progs; do
    "$p" --list-options >"$TMP/table.$p"
done
cut -f1 "$TMP"/table.* | sort -u >"$TMP/known"

for p in $progs; do
    page=$MAN/$p.1
    check_page "$page" 1 NAME SYNOPSIS DESCRIPTION OPTIONS EXAMPLES "EXIT STATUS" FILES "SEE ALSO"
    [ -s "$page" ] || continue
    section "$page" OPTIONS >"$TMP/options.$p"
    # Every option and choice of the table, hidden ones aside.
    while IFS=$'\t' read -r name letter kind flags choices; do
        [ "$name" = - ] && continue
        case $flags in *hidden*) continue ;; esac
        ok "$p(1) OPTIONS names --$name" grep -qE -- "--$name([^a-z0-9-]|\$)" "$TMP/options.$p"
        if [ "$letter" != - ]; then
            ok "$p(1) OPTIONS names -$letter" grep -qE -- "(^|[^-a-z])-$letter([^a-z0-9-]|\$)" "$TMP/options.$p"
        fi
        if [ "$choices" != - ]; then
            for c in $choices; do
                ok "$p(1) OPTIONS names --$name $c" grep -qw -- "$c" "$TMP/options.$p"
            done
        fi
    done <"$TMP/table.$p"
    # No option the program lacks, in OPTIONS or anywhere on the page
    # (a stale example or cross-reference): only --names of the table,
    # or of the other programs when the page shows them.
    for o in $(sed 's/\\-/-/g' "$page" | grep -o -- '--[a-z][a-z0-9-]*' | sed 's/^--//' | sort -u); do
        ok "$p(1): --$o is a pollkit option" grep -qx -- "$o" "$TMP/known"
    done
    t "$p --help ends pointing to its page" -- "$p" --help
    ok "$p --help's last line" test "$(tail -n 1 "$T_OUT")" = \
        "See man $p, and man 7 pollkit for the formulas (methods.md)."
done

for f in $formats; do
    check_page "$MAN/$f.5" 5 NAME DESCRIPTION EXAMPLES "SEE ALSO"
done
check_page "$MAN/pollkit.7" 7 NAME DESCRIPTION FILES "SEE ALSO"

# pollkit(7) lists every page, and man/ holds no page it does not list.
for page in "$MAN"/*.[157]; do
    name=$(basename "$page")
    [ "$name" = pollkit.7 ] && continue
    ok "pollkit(7) lists ${name%.*}(${name##*.})" grep -q "^\.BR ${name%.*} (${name##*.})" "$MAN/pollkit.7"
done
for p in $progs; do
    ok "$p has a page" test -s "$MAN/$p.1"
done

# The support table's columns, in order: pollkit-table(5) lists exactly
# the columns polltable --wave writes, and versus_wave (change rows only),
# and pollsupport's are among them in the same order.
# A column is the tag of a .TP paragraph of the COLUMNS section.
section "$MAN/pollkit-table.5" COLUMNS | awk 'prev == ".TP" && /^\.B [a-z_]+$/ { print $2 } { prev = $0 }' \
    >"$TMP/columns.page"
t "polltable's header" -- polltable -q --wave w1 "$DATA/published_tables.csv"
{ head -n 1 "$T_OUT" | tr ',' '\n'; echo versus_wave; } >"$TMP/columns.polltable"
ok "pollkit-table(5) lists polltable's columns in order" cmp -s "$TMP/columns.page" "$TMP/columns.polltable"
printf 'id,q\n1,a\n2,b\n' >"$TMP/mini.csv"
t "pollsupport's header" -- pollsupport --unweighted --questions q "$TMP/mini.csv"
head -n 1 "$T_OUT" | tr ',' '\n' >"$TMP/columns.pollsupport"
# A subsequence: each written column found after the previous one.
ok "pollkit-table(5) lists pollsupport's columns in order" awk '
    NR == FNR { page[++n] = $0; next }
    { while (i < n && page[++i] != $0) ; if (page[i] != $0) bad = 1 }
    END { exit bad }' "$TMP/columns.page" "$TMP/columns.pollsupport"
finish
