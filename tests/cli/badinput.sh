#!/usr/bin/env bash
# The bad-input corpus: every case in tests/badinput/cases.tsv runs one
# program on a malformed or inconsistent input and must exit with the stated
# status, print the stated words on stderr, print no output file, and not
# crash. Columns (tab-separated): status, command line (run with its words
# split as the shell would, from tests/badinput/), and the whole message
# after "PROG: " (status 2, a usage error: all of standard error before the
# hint; status 1: one whole line of it).
. "$(dirname "$0")/lib/harness.sh"
dir=$SRC/tests/badinput

# The cases run in a copy of the corpus folder (its files linked; ../../data
# and ../fixtures the real ones) holding the damaged files variants.tsv
# describes, made here from the good ones.
work=$TMP/corpus/tests/badinput
mkdir -p "$work"
ln -s "$SRC/data" "$TMP/corpus/data"
ln -s "$SRC/tests/fixtures" "$TMP/corpus/tests/fixtures"
for f in "$dir"/*; do ln -s "$f" "$work/"; done
# vary FILE OP ARGS: apply one operation to FILE in place.
vary() {
    local file=$1 op=$2 a b c
    read -r a b c <<<"$3"
    V=$(printf '%b' "$c") awk -F, -v OFS=, -v op="$op" -v a="$a" -v b="$b" '
        NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i }
        op == "set" {
            split(a, r, "-"); lo = r[1]; hi = (r[2] == "" ? r[1] : r[2])
            if (NR >= lo + 0 && NR <= hi + 0) { if (!(b in col)) exit 3; $col[b] = ENVIRON["V"] }
            print; next }
        op == "drop" {
            if (!(a in col)) exit 3
            out = ""; sep = ""
            for (i = 1; i <= NF; i++) if (i != col[a]) { out = out sep $i; sep = "," }
            print out; next }
        op == "cut" {
            if (NR != a + 0) { print; next }
            out = ""; sep = ""
            for (i = 1; i <= NF - b; i++) { out = out sep $i; sep = "," }
            print out; next }
        op == "append" { print; if (NR == a + 0) keep = $0; next }
        { exit 4 }
        END { if (op == "append") print keep }' "$file" >"$file.new" && mv "$file.new" "$file"
}
made=0
while IFS=$'\t' read -r file base op args; do
    case $file in ''|'#'*) continue ;; esac
    if [ -L "$work/$file" ] || [ ! -e "$work/$file" ]; then
        rm -f "$work/$file"
        cp "$dir/$base" "$work/$file"
        made=$((made + 1))
    fi
    vary "$work/$file" "$op" "$args" || { echo "FAIL: variants.tsv: cannot apply '$op $args' to $file"; exit 1; }
done <"$dir/variants.tsv"
ok "the damaged files are made ($made)" test "$made" -ge 30
ok "each differs from its good file" sh -c '! cmp -s "$1/support.csv" "$1/support_bad_share.csv"' _ "$work"
cd "$work"
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
        # A data error is compared whole too: one line of standard error is
        # "PROG: WORDS" (notes and warnings may come before it).
        t "badinput #$n: $cmdline" --status "$status" --err-has "$words" -- "$@" -o "$TMP/out.$n"
        ok "badinput #$n: the whole message" grep -qxF -- "$1: $words" "$T_ERR"
    fi
    ok "badinput #$n leaves no output file" test ! -e "$TMP/out.$n"
    # A crash shows as a status above 128 or a sanitizer report.
    ok "badinput #$n did not crash" sh -c "! grep -q -e 'Sanitizer' -e 'runtime error' '$T_ERR'"
done <cases.tsv
ok "the corpus has at least 40 cases" test "$n" -ge 40
finish
