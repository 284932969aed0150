#!/usr/bin/env bash
# polltable reads a banner's mean score: a row labelled "Mean score"
# (or "Mean", "Average", or the words of --glossary FILE) becomes a mean row
# per group (response_kind mean, response (mean)), its base the column's
# less its don't-know share, its se from the "Standard deviation" row as
# sd * sqrt(deff / n), its interval t on n - 1 df, against the reference
# values of tests/fixtures/banner/make_means.R; without a standard
# deviation row, no se and a warning. Then pollclaim and pollplot read the
# rows.
. "$(dirname "$0")/lib/harness.sh"
B=$FIX/banner

# The fixture holds no comma inside a field, so it reads as TSV too, and
# polltable's TSV output is read by field here.
tr , '\t' <"$B/means.csv" >"$TMP/means.tsv"
t "a banner with mean rows" --err-has "mean score: 'Mean score' (line 20), each group's mean as printed; its se from 'Standard deviation' (line 21)" \
    --err-has "the mean's base n: the column's less its don't-know share, rounded" \
    --err-has "warning: $TMP/means.tsv:27: question q2: the mean score 'Average' has no standard deviation row, so its rows have no standard error or interval" \
    -- polltable --tsv "$TMP/means.tsv"
cp "$T_OUT" "$TMP/t.tsv"
ok "the mean and sd rows are not 'ignored'" bash -c "! grep -q 'summary statistics ignored' '$T_ERR'"
ok "q1's mean rows agree with R (1e-9)" awk -F'\t' '
    NR == FNR { if (FNR > 1) { n[$1] = $2; m[$1] = $3; se[$1] = $4; df[$1] = $5; lo[$1] = $6; hi[$1] = $7; want++ } next }
    FNR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
    $c["question"] == "q1" && $c["response_kind"] == "mean" {
        g = $c["group"]
        if (!(g in m)) { print "unexpected group " g; bad = 1; next }
        got++
        if ($c["response"] != "(mean)" || $c["response_label"] != "Mean score") { print "code/label of " g; bad = 1 }
        if ($c["n"] != n[g] + 0 || $c["df"] != df[g] + 0) { print "n or df of " g ": " $c["n"] " " $c["df"]; bad = 1 }
        if ($c["share"] != "") { print "a share on " g; bad = 1 }
        d1 = $c["mean"] - m[g]; d2 = $c["se"] - se[g]; d3 = $c["ci_low"] - lo[g]; d4 = $c["ci_high"] - hi[g]
        if (d1 * d1 > 1e-18 || d2 * d2 > 1e-18 || d3 * d3 > 1e-18 || d4 * d4 > 1e-18) { print "figures of " g; bad = 1 }
    }
    END { exit bad || got != want }' "$B/ref_means.tsv" "$TMP/t.tsv"
ok "q1's answers are read as before" test "$(awk -F'\t' '$1 == "q1" && $8 != "mean"' "$TMP/t.tsv" | wc -l)" -eq 60
ok "q2, a mean without its standard deviation: means, no se" awk -F'\t' '
    FNR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
    $c["question"] == "q2" { k++; if ($c["mean"] == "" || $c["se"] != "" || $c["ci_low"] != "" || $c["response_kind"] != "mean") bad = 1 }
    END { exit bad || k != 5 }' "$TMP/t.tsv"
ok "... its base the column's (no answers, so no don't know)" awk -F'\t' '
    FNR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
    $c["question"] == "q2" && $c["group"] == "All" { exit $c["n"] != 1000 }' "$TMP/t.tsv"
# What pollsupport's readers make of them: the table loads, a claim is judged.
t "pollclaim compares two parties' means" --out-has $'\tHOLDS\t' --out-has "Among Labour, the average score of likelihood to vote (0-10) is 5.8, against 4.9 among Conservative" -- \
    pollclaim --tsv --claim 'Labour voters rate q1 higher than Conservative voters' "$TMP/t.tsv"
t "a mean without se is too close to call, and says why" --out-has $'\tTOO CLOSE TO CALL\t' \
    --out-has "(no margin of error: the table gives no standard error for it)" -- \
    pollclaim --tsv --claim 'the average rating of q2 among Labour is below 3' "$TMP/t.tsv"
t "pollplot draws the means" --err-empty --out-has '$dots1 << EOD' -- \
    pollplot --tsv --chart means --questions q1 "$TMP/t.tsv"

# --- Another language: the words of --glossary FILE.
sed -e 's/^Mean score\t/Moyenne\t/' -e 's/^Standard deviation\t/Écart-type\t/' "$TMP/means.tsv" >"$TMP/fr.tsv"
printf 'meaning,label\nmean,MOYENNE\nsd,Écart-type\n' >"$TMP/words.csv"
t "--glossary: Moyenne and Écart-type" --err-has "mean score: 'Moyenne' (line 20), each group's mean as printed; its se from 'Écart-type' (line 21)" -- \
    polltable --tsv --glossary "$TMP/words.csv" "$TMP/fr.tsv"
ok "... the same figures" bash -c "diff <(cut -f1-6,8- '$TMP/t.tsv') <(cut -f1-6,8- '$T_OUT')"
printf 'meaning,label\nmedian,Médiane\n' >"$TMP/badwords.csv"
t "--glossary: an unknown meaning" --status 1 --err-is "polltable: $TMP/badwords.csv:2: meaning 'median': expected mean or sd" -- \
    polltable --glossary "$TMP/badwords.csv" "$B/means.csv"
printf 'kind,label\nmean,Moyenne\n' >"$TMP/nocol.csv"
t "--glossary: its columns" --status 1 --err-is "polltable: $TMP/nocol.csv:1: --glossary needs the columns meaning and label" -- \
    polltable --glossary "$TMP/nocol.csv" "$B/means.csv"

# --- Bad figures are errors naming their cell.
sed 's/^Mean score\t4.7\t/Mean score\tn\/a\t/' "$TMP/means.tsv" >"$TMP/bad.tsv"
t "a mean that is no number" --status 1 --err-has "bad.tsv:20:" --err-has "not a number: 'n/a'" -- \
    polltable --tsv "$TMP/bad.tsv"
sed 's/^Standard deviation\t3.07\t/Standard deviation\t-3.07\t/' "$TMP/means.tsv" >"$TMP/neg.tsv"
t "a negative standard deviation" --status 1 --err-has "neg.tsv:21:" --err-has "a negative standard deviation: '-3.07'" -- \
    polltable --tsv "$TMP/neg.tsv"
sed 's/^Mean score\t4.7\t/Mean score\t-\t/' "$TMP/means.tsv" >"$TMP/dash.tsv"
t "no mean in a column with respondents" --status 1 --err-has "no mean score in a column with respondents" -- \
    polltable --tsv "$TMP/dash.tsv"
t "--g is --glossary" --status 1 --err-has "meaning 'median'" -- polltable --g "$TMP/badwords.csv" "$B/means.csv"
finish
