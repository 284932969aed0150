#!/usr/bin/env bash
# By hand, not in CI (LibreOffice is too heavy for it): does a spreadsheet
# program read back from `pollsupport --format xlsx` the numbers of the CSV
# table? Runs pollsupport twice with the same arguments (TSV, and xlsx),
# converts every sheet of the workbook to text with LibreOffice
# (Debian's libreoffice-calc-nogui: `soffice --headless --convert-to`,
# raw values rather than as shown), and compares, cell by cell, each
# group's letter, unweighted and weighted base, every share (to 1e-11: the
# table prints 12 significant digits) and every cell's letters. Prints a
# summary; exits 1 on any difference.
#
#   tests/xlsx_libreoffice.sh [POLLSUPPORT-ARGUMENTS...]
#
# Without arguments: the demo's table (run scripts/demo.sh first), i.e.
#   --by vote2024 --codebook data/codebook.csv --combine left=lab+grn build/demo/weighted.csv
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=${POLLKIT_BUILD:-$top/build}
export PATH="$build:$PATH" LC_ALL=C
if [ $# -eq 0 ]; then
    set -- --by vote2024 --codebook "$top/data/codebook.csv" --combine left=lab+grn \
        "$build/demo/weighted.csv"
fi
command -v soffice >/dev/null || { echo "xlsx_libreoffice: needs soffice (apt-get install libreoffice-calc-nogui)" >&2; exit 2; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/xlsx_libreoffice.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

pollsupport "$@" --format tsv -o "$tmp/table.tsv" 2>/dev/null
# XLSX_LIBREOFFICE_TAMPER=1: nudge one share, to see the comparison fail.
if [ "${XLSX_LIBREOFFICE_TAMPER:-0}" = 1 ]; then
    awk -F'\t' 'BEGIN { OFS = "\t" } NR == 2 { $10 = $10 + 1e-9 } { print }' "$tmp/table.tsv" >"$tmp/t"
    mv "$tmp/t" "$tmp/table.tsv"
fi
pollsupport "$@" --format xlsx -o "$tmp/book.xlsx" 2>/dev/null
# Tab-separated, UTF-8, every sheet (-1) to book-SHEET.csv, values not as shown.
soffice -env:UserInstallation="file://$tmp/profile" --headless --convert-to \
    'csv:Text - txt - csv (StarCalc):9,34,76,1,,1033,false,true,false,false,false,-1' \
    --outdir "$tmp" "$tmp/book.xlsx" >/dev/null 2>&1
sheets=$(unzip -p "$tmp/book.xlsx" xl/workbook.xml | grep -o '<sheet name="[^"]*"' |
    sed 's/<sheet name="//; s/"$//' | tail -n +2)
files=()
q=0
for s in $sheets; do
    q=$((q + 1))
    f="$tmp/book-$s.csv"
    [ -f "$f" ] || { echo "xlsx_libreoffice: LibreOffice wrote no $f" >&2; exit 1; }
    files+=("q=$q" "$f")
done

awk -F'\t' '
function num(s) { gsub(/"/, "", s); if (s ~ /%$/) { sub(/%$/, "", s); return s / 100 } return s + 0 }
function unq(s) { gsub(/"/, "", s); return s }
function abs(x) { return x < 0 ? -x : x }
function differ(what, want, got) { printf "question %d, %s: table %s, sheet %s\n", q, what, want, got; bad++ }
FNR == 1 && FILENAME ~ /table.tsv$/ { for (i = 1; i <= NF; i++) c[$i] = i; next }
FILENAME ~ /table.tsv$/ {
    if ($c["question"] != lastq) { nq++; lastq = $c["question"]; ng[nq] = 0; nr[nq] = 0 }
    g = $c["by"] "=" $c["group"]
    if (!((nq, g) in gi)) { gi[nq, g] = ++ng[nq]; nr[nq] = 0 }
    k = ++nr[nq]; j = gi[nq, g]
    share[nq, j, k] = $c["share"]; sig[nq, j, k] = $c["sig_higher_than"]
    # Tables without response_kind: the sample scale'"'"'s net score is "net".
    kind[nq, k] = ("response_kind" in c) ? $c["response_kind"] : ($c["response"] == "net" ? "net_score" : "")
    letter[nq, j] = $c["group_letter"]; n[nq, j] = $c["n"]; wb[nq, j] = $c["weighted_base"]
    next
}
FNR == 1 { row = 0; k = 0; expect_letters = 0 }
{
    row++
    if (row == 5) {
        for (j = 1; j <= ng[q]; j++) {
            want = letter[q, j] == "" ? "" : "(" letter[q, j] ")"
            if (unq($(j + 1)) != want) differ("letter of group " j, want, $(j + 1)); else nletters++
        }
        next
    }
    if (row == 6 || row == 7) {
        for (j = 1; j <= ng[q]; j++) {
            want = row == 6 ? n[q, j] : wb[q, j]
            if (abs(num($(j + 1)) - want) > 1e-9 * (1 + abs(want))) differ("base of group " j, want, $(j + 1)); else nbases++
        }
        next
    }
    if (row < 8 || k > nr[q]) next
    if (expect_letters) {
        for (j = 1; j <= ng[q]; j++)
            if (unq($(j + 1)) != sig[q, j, k]) differ("letters of group " j " response " k, sig[q, j, k], $(j + 1)); else nsig++
        expect_letters = 0
        next
    }
    if ($1 == "") next
    k++
    if (k > nr[q]) next
    for (j = 1; j <= ng[q]; j++) {
        want = share[q, j, k]; got = $(j + 1)
        if (want == "" || got == "") { if (want != got) differ("share of group " j " response " k, want, got); else nshares++; continue }
        d = abs(num(got) - want)
        if (d > 1e-11) differ("share of group " j " response " k, want, got); else nshares++
        if (d > maxd) maxd = d
    }
    expect_letters = kind[q, k] != "net_score"
}
END {
    if (bad) exit 1
    printf "xlsx_libreoffice: %d questions; LibreOffice reads back %d shares (largest difference %.3g), %d cells of letters, %d group letters and %d bases, all equal to the CSV table\n", nq, nshares, maxd, nsig, nletters, nbases
}' "$tmp/table.tsv" "${files[@]}"
