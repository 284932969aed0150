#!/usr/bin/env bash
# polltable on a large workbook (run by hand; prints a table). The demo's
# published tables (data/published_tables.xlsx's cells, seven banners of 17
# columns) are repeated on K sheets of one workbook, written by mkxlsx
# (tests/fixtures/workbooks), until the .xlsx is about SIZE MB (default 50);
# then polltable reads it, timed, with its peak memory, next to the floor of
# a bare unzip of the same workbook to /dev/null (the inflating alone).
# Usage: tests/bench/workbook.sh [SIZE_MB]     (BUILD=dir to use another build)
set -euo pipefail
mb=${1:-50}
. "$(dirname "$0")/lib.sh"
command -v Rscript >/dev/null || { echo "workbook.sh: needs Rscript to make the cells" >&2; exit 2; }
Rscript "$top/tests/fixtures/workbooks/csv_to_cells.R" "$top/data/published_tables.csv" |
    awk -F'\t' '$1 == "Tables"' >"$work/one.tsv"
# one sheet of the demo's tables is about 6.2 KB zipped
k=$(( mb * 1024 * 1024 / 6200 ))
awk -F'\t' -v k="$k" 'BEGIN { OFS = "\t" }
    { line[NR] = $0 }
    END { for (s = 1; s <= k; s++) for (i = 1; i <= NR; i++) {
              split(line[i], f, "\t"); f[1] = "T" s
              print f[1], f[2], f[3], f[4], f[5], f[6] } }' "$work/one.tsv" >"$work/cells.tsv"
mkxlsx "$work/cells.tsv" "$work/big.xlsx"
size=$(stat -c %s "$work/big.xlsx")
xml=$(unzip -l "$work/big.xlsx" | awk 'END { print $1 }')
printf 'workbook: %d sheets, %.1f MB zipped, %.1f MB of XML\n' "$k" "$(echo "$size / 1048576" | bc -l)" \
    "$(echo "$xml / 1048576" | bc -l)"
T=/usr/bin/time
printf '%-34s %9s %9s\n' "" "seconds" "peak MB"
"$T" -f '%e %M' -o "$work/t" unzip -p "$work/big.xlsx" >/dev/null
read -r s m <"$work/t"
printf '%-34s %9s %9.1f\n' "unzip -p to /dev/null (floor)" "$s" "$(echo "$m / 1024" | bc -l)"
"$T" -f '%e %M' -o "$work/t" polltable -q --deff 1.4 -o "$work/out.csv" "$work/big.xlsx"
read -r s m <"$work/t"
printf '%-34s %9s %9.1f\n' "polltable" "$s" "$(echo "$m / 1024" | bc -l)"
printf 'rows written: %d\n' "$(($(wc -l <"$work/out.csv") - 1))"
