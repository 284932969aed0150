#!/usr/bin/env bash
# xlsx_shares.sh TABLE.csv BOOK.xlsx: checks a workbook written by
# `pollsupport --format xlsx` against the CSV table of the same run, from
# the sheet XML itself (unzip): question k is sheet k+1 (sheet 1 is the
# front sheet); every share of the CSV is a number cell in its group's
# column (All in B, then the groups in table order) equal to it within
# 1e-9 (the CSV prints 12 significant digits, the cell holds the double);
# each such cell has a percentage number format; and a sheet has no other
# percentage cells than its question's shares. A net score is in points:
# a number cell holding 100 times it (within 1e-7), not a percentage. Prints what is wrong and
# exits 1, else prints a summary and exits 0. The CSV's labels must not
# hold commas (the test fixtures' do not).
set -euo pipefail
csv=$1 book=$2
tmp=$(mktemp -d "${TMPDIR:-/tmp}/xlsx_shares.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# Style index -> 1 when its number format shows a percentage: built-in
# formats 9 and 10, or a custom format code holding %.
unzip -p "$book" xl/styles.xml | tr -d '\n' >"$tmp/styles.xml"
sed 's/<numFmt /\n<numFmt /g' "$tmp/styles.xml" | grep '^<numFmt ' |
    sed -E 's/^<numFmt numFmtId="([0-9]+)" formatCode="([^"]*)".*/\1 \2/' >"$tmp/numfmts"
sed -E 's/.*<cellXfs[^>]*>//; s/<\/cellXfs>.*//' "$tmp/styles.xml" | sed 's/<xf /\n<xf /g' |
    grep '^<xf ' | sed -E 's/.*numFmtId="([0-9]+)".*/\1/' >"$tmp/xfs"
awk 'NR == FNR { if ($2 ~ /%/) pct[$1] = 1; next }
     { print FNR - 1, ($1 == 9 || $1 == 10 || ($1 in pct)) ? 1 : 0 }' \
    "$tmp/numfmts" "$tmp/xfs" >"$tmp/pctstyles"

# Number cells of every question sheet: sheet column style value.
n=2
: >"$tmp/cells"
while unzip -p "$book" "xl/worksheets/sheet$n.xml" >"$tmp/sheet.xml" 2>/dev/null; do
    sed 's/<c /\n<c /g' "$tmp/sheet.xml" | grep '^<c ' | grep -v ' t="' |
        sed -nE 's/^<c r="([A-Z]+)[0-9]+"( s="([0-9]+)")?><v>([^<]*)<\/v>.*/\1 \3 \4/p' |
        awk -v sheet=$((n - 1)) '{ print sheet, $1, ($2 == "" ? 0 : $2), $3 }' >>"$tmp/cells"
    n=$((n + 1))
done

awk '
FNR == 1 { file++ }
file == 1 { pct[$1] = $2; next }
file == 2 {
    split($0, f, " ")
    key = f[1] " " f[2]
    if (pct[f[3]]) { npct[f[1]]++; vals[key] = vals[key] " " f[4] }
    else points[key] = points[key] " " f[4]
    next
}
FNR == 1 { FS = ","; $0 = $0; for (i = 1; i <= NF; i++) c[$i] = i; next }
{
    q = $c["question"]; g = $c["by"] "=" $c["group"]; s = $c["share"]
    if (q != lastq) { nq++; ng = 0; lastq = q; delete seen }
    if (!(g in seen)) { seen[g] = ++ng }
    col = colname(seen[g] + 1)
    if (s == "") next
    if ($c["response_kind"] == "net_score") {
        m = split(points[nq " " col], v, " ")
        found = 0
        for (i = 1; i <= m; i++) if (v[i] - 100 * s <= 1e-7 && 100 * s - v[i] <= 1e-7) found = 1
        if (!found) { printf "sheet of %s, column %s: no cell holds the net score %s in points (%s)\n", q, col, s, g; bad++ }
        checked++
        next
    }
    shares[nq]++
    m = split(vals[nq " " col], v, " ")
    found = 0
    for (i = 1; i <= m; i++) if (v[i] - s <= 1e-9 && s - v[i] <= 1e-9) found = 1
    if (!found) { printf "sheet of %s, column %s: no percentage cell holds %s (%s %s)\n", q, col, s, g, $c["response"]; bad++ }
    checked++
}
function colname(k,    s) { s = ""; while (k > 0) { k--; s = sprintf("%c", 65 + k % 26) s; k = int(k / 26) } return s }
END {
    for (k = 1; k <= nq; k++)
        if (npct[k] != shares[k]) { printf "sheet %d: %d percentage cells, %d shares\n", k, npct[k], shares[k]; bad++ }
    if (!checked) { print "no shares checked"; exit 1 }
    if (bad) exit 1
    printf "%d shares in %d sheets, each in a percentage-formatted cell\n", checked, nq
}' "$tmp/pctstyles" "$tmp/cells" "$csv"
