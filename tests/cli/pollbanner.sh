#!/usr/bin/env bash
# pollbanner --format wide: on pollsupport's table and on polltable's, the
# wide table equals a pivot of the long table computed here independently
# (awk over the long table's columns by name): one row per question (its
# positive net), one column per group (All first, labels), percentages
# rounded to --digits; --responses every answer; --proportions the exact
# shares; a label two breaks share is prefixed by its break.
. "$(dirname "$0")/lib/harness.sh"

pollclean -q --codebook "$DATA/codebook.csv" "$DATA/sample_raw.csv" 2>/dev/null |
    pollweight -q --missing keep --targets "$DATA/targets.csv" >"$TMP/w.csv"
tr ',' '\t' <"$TMP/w.csv" >"$TMP/w.tsv"
t "pollsupport's table" -- pollsupport -q --tsv --codebook "$DATA/codebook.csv" --by sex,vote2024 \
    -o "$TMP/support.tsv" "$TMP/w.tsv"
t "polltable's table" -- polltable -q --tsv -o "$TMP/tables.tsv" "$DATA/published_tables.xlsx"

# pivot LONG RESPONSES DIGITS: the wide table from the long one. Rows: per
# question in first-appearance order, the net_positive row (RESPONSES=0) or
# every response in first-appearance order; columns: groups in
# first-appearance order, headed by their label, prefixed "by: " when two
# breaks share the label. Percentages rounded half away from zero.
pivot() {
    awk -F'\t' -v all="$2" -v dig="$3" -v OFS='\t' '
        function rnd(x,   s, v) { s = 10 ^ dig; v = x * 100 * s; v = (v < 0) ? -int(-v + 0.5) : int(v + 0.5)
            return sprintf("%." dig "f", v / s) }
        NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
        {
            q = $c["question"]; g = $c["by"] SUBSEP $c["group"]; r = $c["response"]
            if (!(q in qseen)) { qseen[q] = 1; qs[++nq] = q; ql[q] = $c["question_label"] }
            if (!(g in gseen)) { gseen[g] = 1; gs[++ng] = g; gl[g] = $c["group_label"]; gb[g] = $c["by"]
                                 nlab[$c["group_label"], $c["by"]] = 1 }
            if (!((q, r) in rseen)) { rseen[q, r] = 1; rs[q, ++nr[q]] = r; rl[q, r] = $c["response_label"]
                                      if ($c["response_kind"] == "net_positive") pos[q] = r }
            v[q, g, r] = ($c["share"] == "") ? "" : rnd($c["share"])
        }
        END {
            for (k = 1; k <= ng; k++) { g = gs[k]; n = 0
                for (key in nlab) { split(key, p, SUBSEP); if (p[1] == gl[g]) n++ }
                hd[g] = (n > 1 && gb[g] != "") ? gb[g] ": " gl[g] : gl[g] }
            line = "question"; if (all) line = line OFS "response"
            for (k = 1; k <= ng; k++) line = line OFS hd[gs[k]]
            print line
            for (i = 1; i <= nq; i++) { q = qs[i]
                for (j = 1; j <= nr[q]; j++) { r = rs[q, j]
                    if (!all && r != pos[q]) continue
                    line = ql[q]; if (all) line = line OFS rl[q, r]
                    for (k = 1; k <= ng; k++) line = line OFS v[q, gs[k], r]
                    print line } }
        }' "$1"
}
for tab in support tables; do
    t "$tab: wide" -- pollbanner --tsv -o "$TMP/$tab.wide" "$TMP/$tab.tsv"
    pivot "$TMP/$tab.tsv" 0 0 >"$TMP/$tab.pivot"
    ok "$tab: wide = the pivot of the long table" cmp "$TMP/$tab.wide" "$TMP/$tab.pivot"
    t "$tab: every answer to 1 decimal" -- pollbanner --tsv --responses --digits 1 -o "$TMP/$tab.wide1" "$TMP/$tab.tsv"
    pivot "$TMP/$tab.tsv" 1 1 >"$TMP/$tab.pivot1"
    ok "$tab: --responses --digits 1 = the pivot" cmp "$TMP/$tab.wide1" "$TMP/$tab.pivot1"
done
ok "seven proposals, All first" test "$(head -n 1 "$TMP/support.wide" | cut -f2)" = All
ok "one row per proposal" test "$(wc -l <"$TMP/support.wide")" -eq 8
ok "labels, not codes" grep -q '^20-year wait before permanent settlement' "$TMP/support.wide"
# A label two breaks share; a group with no respondents (an empty cell); a
# question without sides (its first answer); typed in by hand.
printf '%s\n' 'question,question_label,by,group,group_label,response,response_label,response_kind,n,share' \
    'q1,Rejoin the EU,,All,All,rejoin,Rejoin,nominal,100,0.47' \
    'q1,Rejoin the EU,,All,All,stay,Stay out,nominal,100,0.53' \
    'q1,Rejoin the EU,vote2024,dnv,Did not vote,rejoin,Rejoin,nominal,10,0.304' \
    'q1,Rejoin the EU,vote2024,dnv,Did not vote,stay,Stay out,nominal,10,0.696' \
    'q1,Rejoin the EU,euref,dnv,Did not vote,rejoin,Rejoin,nominal,0,' \
    'q1,Rejoin the EU,euref,dnv,Did not vote,stay,Stay out,nominal,0,' >"$TMP/typed.csv"
t "a label two breaks share is prefixed by its break" \
    --out-has "question,All,vote2024: Did not vote,euref: Did not vote" --out-has "Rejoin the EU,47,30," \
    --err-has "q1: Rejoin (nominal)" -- pollbanner "$TMP/typed.csv"
t "--proportions: the shares as the table has them" -- pollbanner --tsv --proportions "$TMP/support.tsv"
ok "--proportions: All's first share" test "$(sed -n 2p "$T_OUT" | cut -f2)" = \
    "$(awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
        $c["group"] == "All" && $c["response_kind"] == "net_positive" { print $c["share"]; exit }' "$TMP/support.tsv")"
t "the rounding is said" --err-has "shares as percentages rounded to 0 decimals" \
    --err-has "q_temp_status: Support (net_positive)" -- pollbanner "$TMP/support.tsv" --tsv
t "--digits and --proportions together" --status 2 --err-has "give one" -- \
    pollbanner --digits 1 --proportions "$TMP/support.tsv"
t "--digits 7" --status 2 -- pollbanner --digits 7 "$TMP/support.tsv"
t "not a support table" --status 1 -- pollbanner "$DATA/targets.csv"

# --format xlsx: any table as the workbook; read back by polltable, the same
# shares, n and labels; --title and --source on its About sheet.
t "xlsx from polltable's table" -- pollbanner --format xlsx --title 'Asylum proposals' \
    --source 'Pollster X, 21-22 Nov 2025' -o "$TMP/tables.xlsx" "$TMP/tables.tsv" --tsv
t "read back" --err-has "question q7_1: Temporary protection, 30-month reviews" \
    --err-has "universe (who was asked): 'all answering, don't know included'" \
    -- polltable --tsv -o "$TMP/back.tsv" "$TMP/tables.xlsx"
key() { awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
        { print $c["question"] "|" $c["group_label"] "|" $c["response_label"] "|" $c["n"] "|" $c["share"] }' "$1" | sort; }
ok "the same shares, n and labels" test "$(key "$TMP/back.tsv")" = "$(key "$TMP/tables.tsv")"
unzip -p "$TMP/tables.xlsx" xl/sharedStrings.xml >"$TMP/strings.xml"
ok "the title" grep -q 'Asylum proposals' "$TMP/strings.xml"
ok "the source" grep -q 'Pollster X, 21-22 Nov 2025' "$TMP/strings.xml"
ok "made by pollbanner" grep -q 'pollbanner (pollkit' "$TMP/strings.xml"
t "xlsx to a terminal or with wide options" --status 2 --err-has "for --format wide" -- \
    pollbanner --format xlsx --digits 1 -o "$TMP/x.xlsx" "$TMP/support.tsv" --tsv
t "--title without xlsx" --status 2 --err-has "are for --format xlsx" -- pollbanner --title T "$TMP/support.tsv" --tsv

# --format table: the banner pollsupport --format table prints, made by the
# same code from the table's rows. On pollsupport's own table read back it
# is pollsupport's banner line for line, but for the letters' footnote
# (the CSV does not say which test made the letters).
t "pollsupport's banner" -- pollsupport -q --tsv --codebook "$DATA/codebook.csv" --by sex,vote2024 \
    --format table -o "$TMP/support_banner.txt" "$TMP/w.tsv"
t "banner of pollsupport's table" --err-empty -- pollbanner --format table --tsv -o "$TMP/banner.txt" "$TMP/support.tsv"
ok "the same banner" diff <(sed '/^Letters:/,$d' "$TMP/support_banner.txt") <(sed '/^Letters:/,$d' "$TMP/banner.txt")
ok "the table's own letters" grep -qx "Letters: significantly higher than the group with that letter in the same break, as the table's maker tested it." "$TMP/banner.txt"
ok "breaks by their labels" grep -q '^ *Sex  *2024 vote$' "$TMP/banner.txt"
# On polltable's table: every question, its breaks' labels, the shares,
# bases and weighted bases the workbook prints, no letters.
t "banner of polltable's table" --err-empty -- pollbanner --format table --tsv -o "$TMP/tables_banner.txt" "$TMP/tables.tsv"
ok "every question" test "$(grep -c '^Base (n) ' "$TMP/tables_banner.txt")" = "$(cut -f1 "$TMP/tables.tsv" | sed 1d | sort -u | wc -l)"
ok "the published breaks" grep -q '^ *Gender  *Age  *2024 General Election vote$' "$TMP/tables_banner.txt"
ok "no letters" bash -c "! grep -q '^ *(A)' '$TMP/tables_banner.txt'"
ok "weighting as published" grep -q '^Base: all answering, don.t know included; weighting as published; logit intervals' "$TMP/tables_banner.txt"
# Each share printed is the table's share rounded: the first question's
# Support row, every column, against the long table.
want=$(awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
    q == "" { q = $c["question"] } $c["question"] == q && $c["response_kind"] == "net_positive" {
        v = $c["share"] * 100; printf "%s%d%%", (n++ ? " " : ""), int(v + 0.5) }' "$TMP/tables.tsv")
ok "shares rounded" test "$(grep -m1 '^Support  ' "$TMP/tables_banner.txt" | sed 's/^Support  *//;s/  */ /g')" = "$want"
t "table with wide options" --status 2 --err-has "for --format wide" -- \
    pollbanner --format table --responses "$TMP/support.tsv" --tsv

finish
