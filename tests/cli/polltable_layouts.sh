#!/usr/bin/env bash
# polltable on three British pollsters' workbook layouts of one held-out poll
# (tests/fixtures/workbooks: the cells as text, R survey's values as the
# truth; make_workbooks.R made both):
#   yougov        one sheet per question, a heading above, merged break
#                 names, percentages stored as numbers formatted 0%
#   opinium       every table on one sheet, "Table N" then "QN. wording" and
#                 "Base: ...", column letters and significance letters,
#                 effective bases, percentages stored as text
#   moreincommon  a Contents sheet, one sheet per table with a "Back to
#                 contents" link, break names unmerged, whole-number
#                 percentages, a formula's cached value, inline strings
# Every share within the rounding (0.005) and every n exact; the question's
# label, wording and universe; the design effect from the effective base;
# claims clear of the rounding and of the stated design effect get R's
# verdicts.
. "$(dirname "$0")/lib/harness.sh"
W=$FIX/workbooks

for l in yougov opinium moreincommon; do
    flag=
    [ $l = moreincommon ] && flag=--inline
    # shellcheck disable=SC2086
    t "$l: the workbook" -- mkxlsx $flag "$W/$l.tsv" "$TMP/$l.xlsx"
done

deff=$(cat "$W/deff.txt")
t "yougov: read" \
    --err-has "yougov.xlsx:1: question q1: A four-day working week should be introduced" \
    --err-has "  wording: 'To what extent do you agree or disagree with the following? A four-day working week should be introduced'" \
    --err-has "yougov.xlsx:1: 'YouGov Survey Results' is a heading: the question's title is on line 10" \
    --err-has "yougov.xlsx:20: ignored: '© YouGov plc 2026'" \
    --err-has "columns: Total (the All group); Gender: Male, Female; Age: 18-34, 35-54, 55+; Region: London" \
    --err-has "nets: Total agree = agree (net_positive), Total disagree = disagree (net_negative)" \
    -- polltable --tsv --deff "$deff" -o "$TMP/yougov.csv" "$TMP/yougov.xlsx"
t "opinium: read" \
    --err-has "opinium.xlsx: sheet 'Notes' skipped: no table on it" \
    --err-has "opinium.xlsx:1: question q1: A four-day working week should be introduced" \
    --err-has "  universe (who was asked): 'All in work'" \
    --err-has "Gender: Male (B), Female (C)" \
    --err-has "'Effective base' (line 9) the effective base" \
    --err-has "design effect from the effective base row (line 9): " \
    --err-has "'*' (under 0.5%) read as 0.25%; '-' read as 0" \
    -- polltable --tsv -o "$TMP/opinium.csv" "$TMP/opinium.xlsx"
t "moreincommon: read" \
    --err-has "moreincommon.xlsx: sheet 'Contents' skipped: no table on it" \
    --err-has "moreincommon.xlsx:1: ignored: 'Back to contents'" \
    --err-has "moreincommon.xlsx:2: question table_1: A four-day working week should be introduced" \
    --err-has "percentages without % signs (figures above 1), whole numbers" \
    -- polltable --tsv --deff "$deff" -o "$TMP/moreincommon.csv" "$TMP/moreincommon.xlsx"

# Every printed figure against its truth: joined on (question number,
# break, group label, response code); every truth row found once. (The
# tables are TSV: labels and wordings hold commas.)
tr ',' '\t' <"$W/expected.csv" >"$TMP/expected.tsv"
compare() {
    awk -F'\t' -v tol="${2:-0.005}" '
        FNR == 1 { for (i = 1; i <= NF; i++) c[FILENAME, $i] = i; next }
        FILENAME == ARGV[1] { want[$1 "|" $2 "|" $3 "|" $4] = $5 "|" $6; next }
        {
            q = $c[FILENAME, "question"]
            if (q != last) { k++; last = q }
            key = k "|" $c[FILENAME, "by"] "|" $c[FILENAME, "group_label"] "|" $c[FILENAME, "response"]
            if (!(key in want)) { print "not in the truth: " key; bad++; next }
            split(want[key], w, "|")
            d = $c[FILENAME, "share"] - w[1]
            if (d < 0) d = -d
            if (d > tol + 1e-9) { print key ": share " $c[FILENAME, "share"] " vs " w[1]; bad++ }
            if ($c[FILENAME, "n"] != w[2]) { print key ": n " $c[FILENAME, "n"] " vs " w[2]; bad++ }
            seen[key]++
            n++
        }
        END {
            for (key in want) if (seen[key] != 1) { print "read " seen[key] + 0 " times: " key; bad++ }
            print n " rows compared"
            exit bad > 0
        }' "$TMP/expected.tsv" "$1"
}
for l in yougov opinium moreincommon; do
    ok "$l: every share within 0.005 and every n exact" compare "$TMP/$l.csv"
done
# (the same check with no room for the rounding must fail, or it proves nothing)
tight_fails() { ! compare "$TMP/opinium.csv" 0.0001 >/dev/null; }
ok "a tolerance of 0.0001 fails" tight_fails
ok "the truth's fields hold no comma" test "$(awk -F, 'NF != 6' "$W/expected.csv" | wc -l)" -eq 0

col() { awk -F'\t' -v f="$2" 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next } { print $c[f] }' "$1" | sort -u | tr '\n' '|'; }
ok "opinium: every design effect from the effective base" test "$(col "$TMP/opinium.csv" deff_source)" = "effective_base|"
ok "yougov: the stated design effect" test "$(col "$TMP/yougov.csv" deff_source)" = "given|"
ok "opinium: universes" test "$(col "$TMP/opinium.csv" universe)" = "All GB adults|All in work|"
ok "moreincommon: wordings" test "$(col "$TMP/moreincommon.csv" question_text)" = \
    "How important or unimportant is each of the following to you? The cost of living|If there were a referendum on the UK rejoining the European Union, how would you vote?|To what extent do you agree or disagree with the following? A four-day working week should be introduced|"

# --relabel: a label of one's own for a question, by code; a code the table
# does not have is an error naming the file, line and the table's codes.
printf 'question,label\nq2,Rejoin the EU\n' >"$TMP/labels.csv"
t "--relabel" -- polltable -q --tsv --relabel "$TMP/labels.csv" "$TMP/opinium.xlsx"
ok "--relabel: q2's label" test "$(col "$T_OUT" question_label)" = \
    "A four-day working week should be introduced|Rejoin the EU|The cost of living|"
printf 'question,label\nq1,Four-day week\nq9,Nine\n' >"$TMP/labels9.csv"
t "--relabel: an unknown code" --status 1 \
    --err-is "polltable: $TMP/labels9.csv:3: no question 'q9' in the table (its questions: q1, q2, q3)" \
    -- polltable -q --relabel "$TMP/labels9.csv" "$TMP/opinium.xlsx"
printf 'question,label\nq1,A\nq1,B\n' >"$TMP/labels2.csv"
t "--relabel: a code twice" --status 1 --err-has "labels2.csv:3: question 'q1' is relabelled twice (first on line 2)" \
    -- polltable -q --relabel "$TMP/labels2.csv" "$TMP/opinium.xlsx"

# Claims: R's verdict from svyciprop on the microdata, for claims clear of
# the rounding and of the stated design effect.
for l in yougov opinium moreincommon; do
    t "$l: claims" -- pollclaim --tsv --claims "$W/claims.txt" -o "$TMP/$l.claims" "$TMP/$l.csv"
    awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
        $c["row"] == "claim" { print $c["claim_id"], $c["verdict"] }' "$TMP/$l.claims" | sort >"$TMP/$l.got"
    sort "$W/verdicts.txt" >"$TMP/want.verdicts"
    ok "$l: R's verdicts ($(wc -l <"$TMP/want.verdicts") claims)" diff "$TMP/want.verdicts" "$TMP/$l.got"
done

finish
