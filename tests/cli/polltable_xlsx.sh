#!/usr/bin/env bash
# polltable on an Excel workbook (.xlsx): every sheet in order, read as the
# CSV a reader would save from it; a sheet without a table (a contents or
# notes page) skipped with a note; a new sheet always starts a new
# question. The round trip pollsupport --format xlsx -> polltable gives the
# same shares and the same n as pollsupport's own table.
. "$(dirname "$0")/lib/harness.sh"

pollclean -q --codebook "$DATA/codebook.csv" "$DATA/sample_raw.csv" 2>/dev/null |
    pollweight -q --missing keep --targets "$DATA/targets.csv" >"$TMP/w.csv"
t "the workbook" -- pollsupport -q --codebook "$DATA/codebook.csv" --by vote2024 --format xlsx -o "$TMP/t.xlsx" "$TMP/w.csv"
# (the clean file's values are codes and numbers: no comma to quote)
tr ',' '\t' <"$TMP/w.csv" >"$TMP/w.tsv"
t "the same table as TSV" -- pollsupport -q --codebook "$DATA/codebook.csv" --by vote2024 --tsv -o "$TMP/t.tsv" "$TMP/w.tsv"
t "polltable reads the workbook" \
    --err-has "t.xlsx: sheet 'About' skipped: no table on it" \
    --err-has "t.xlsx: sheet 'q_temp_status' read as lines 1-" \
    --err-has "question q_temp_status: Temporary protection, 30-month reviews" \
    --err-has "universe (who was asked): 'all answering, don't know included'" \
    --err-has "question q_capped_routes: Capped safe and legal routes" \
    -- polltable --tsv -o "$TMP/back.tsv" "$TMP/t.xlsx"
# Each question's rows by (question number, group label, response label):
# share and n. The codes differ (polltable makes them from the labels).
key() {
    awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
        $c["question"] != q { q = $c["question"]; k++ }
        { printf "%d|%s|%s|%s|%.6f\n", k, $c["group_label"], $c["response_label"], $c["n"], $c["share"] }' "$1" | sort
}
key "$TMP/t.tsv" >"$TMP/want"
key "$TMP/back.tsv" >"$TMP/got"
ok "every row read back" test "$(wc -l <"$TMP/got")" -eq "$(wc -l <"$TMP/want")"
ok "the same shares (6 decimals) and n" cmp "$TMP/want" "$TMP/got"
ok "the same question codes, from pollkit's 'code. Base:' lines" test \
    "$(cut -f1 "$TMP/back.tsv" | sed 1d | uniq | tr '\n' ' ')" = "$(cut -f1 "$TMP/t.tsv" | sed 1d | uniq | tr '\n' ' ')"
ok "seven questions" test "$(cut -f1 "$TMP/back.tsv" | sed 1d | uniq | wc -l)" -eq 7

# The demo's workbook (data/published_tables.xlsx: the published CSV as the
# pollster's Excel file, percentages stored as numbers formatted 0%, merged
# break names) gives the same table as the CSV, byte for byte.
t "the demo's workbook" --err-has "published_tables.xlsx: sheet 'About' skipped: no table on it" \
    -- polltable -o "$TMP/pub_xlsx.csv" "$DATA/published_tables.xlsx"
t "the demo's CSV" -- polltable -o "$TMP/pub_csv.csv" "$DATA/published_tables.csv"
ok "the same table from the workbook as from the CSV" cmp "$TMP/pub_xlsx.csv" "$TMP/pub_csv.csv"

# A workbook whose sheets hold no table: an error saying what a table needs.
mkdir -p "$TMP/notable/xl/worksheets" "$TMP/notable/xl/_rels" "$TMP/notable/_rels"
cat >"$TMP/notable/[Content_Types].xml" <<'X'
<?xml version="1.0" encoding="UTF-8"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>
X
cat >"$TMP/notable/_rels/.rels" <<'X'
<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>
X
cat >"$TMP/notable/xl/workbook.xml" <<'X'
<?xml version="1.0" encoding="UTF-8"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Contents" sheetId="1" r:id="rId1"/></sheets></workbook>
X
cat >"$TMP/notable/xl/_rels/workbook.xml.rels" <<'X'
<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>
X
cat >"$TMP/notable/xl/worksheets/sheet1.xml" <<'X'
<?xml version="1.0" encoding="UTF-8"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Contents</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>Base</t></is></c><c r="B2" t="inlineStr"><is><t>all adults</t></is></c></row></sheetData></worksheet>
X
(cd "$TMP/notable" && zip -q -X -r ../notable.xlsx '[Content_Types].xml' _rels xl)
t "no table in the workbook" --status 1 --err-has "notable.xlsx: sheet 'Contents' skipped: no table on it" \
    --err-has "notable.xlsx: no sheet of the workbook holds a table" -- polltable "$TMP/notable.xlsx"
# An OpenDocument spreadsheet is a zip too: named, with how to convert it.
printf 'PK\003\004' >"$TMP/x.ods"
t "not a workbook" --status 1 -- polltable "$TMP/x.ods"
ok "says so" grep -q "x.ods" "$T_ERR"

finish
