#!/usr/bin/env bash
# Mean scores: a question whose codebook scale gives its codes a score
# (a 0-10 rating; don't know has none), and --means COL for a column of
# numbers. Against R's svymean with confint(df = degf(design))
# (tests/fixtures/design/make_more.R) on a stratified sample with fpc, on
# weights alone, on a cluster sample and on a --where subgroup of it; the
# readers' rules for mean rows; the banner, the wide table and the charts.
. "$(dirname "$0")/lib/harness.sh"
not() { ! "$@"; }
D=$FIX/design
CB=$D/means_codebook.csv

# means NAME REF ARGS...: the table's mean rows agree with R (mean and se
# 1e-8, deff 1e-8 relative, interval 1e-7, n and df exact).
means() {
    local name=$1 ref=$2
    shift 2
    t "$name" --err-empty -- pollsupport -q --format tsv "$@"
    ok "$name: agrees with R" awk -f "$D/compare.awk" "$D/$ref" "$T_OUT"
}

# --- Agreement with R.
means "stratified with fpc: a rating and --means api00" ref_means_strat.tsv --weight pw \
    --strata stype --fpc fpc --codebook "$CB" --questions rating --means api00 --by yr.rnd "$D/means.csv"
ok "the rating's shares agree with R too" awk -v ci=logit -f "$D/compare.awk" \
    "$D/ref_means_strat_shares.tsv" "$T_OUT"
ok "a mean row's kind, code and label" \
    awk -F'\t' '$1 == "rating" && $6 == "(mean)" && $7 == "Mean score" && $8 == "mean" { f = 1 } END { exit !f }' "$T_OUT"
scored=$(awk -F, 'NR > 1 && $7 != "\"dk\"" { n++ } END { print n }' "$D/means.csv")
ok "don't know is outside the mean's base: n $scored of 200 on All" \
    awk -F'\t' -v n="$scored" '$1 == "rating" && $4 == "All" && $6 == "(mean)" { f = $9 == n } END { exit !f }' "$T_OUT"
means "weights only" ref_means_weights.tsv --weight pw --codebook "$CB" --questions rating \
    --means api00 --by stype "$D/means.csv"
ok "without a design, df is the whole sample's rows less one" \
    awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
                $(c["response_kind"]) == "mean" && $(c["df"]) != 199 { bad = 1 } END { exit bad }' "$T_OUT"
means "cluster sample with fpc" ref_means_clus1.tsv --weight pw --psu dnum --fpc fpc \
    --means api00 --by stype "$D/means_clus1.csv"
means "--where on the cluster sample" ref_means_clus1_where.tsv --weight pw --psu dnum --fpc fpc \
    --means api00 --by both --where 'stype!=E' "$D/means_clus1.csv"
awk -F'\t' 'NR == 1 || $1 == "rating"' "$D/ref_means_strat.tsv" >"$TMP/ref_rating.tsv"
t "a scale with scores has its mean row without --means" -- pollsupport -q --format tsv --weight pw \
    --strata stype --fpc fpc --codebook "$CB" --questions rating --by yr.rnd "$D/means.csv"
ok "... agreeing with R" awk -f "$D/compare.awk" "$TMP/ref_rating.tsv" "$T_OUT"

# --- --means alone writes only the mean rows; the sample's questions have no scores.
t "--means alone" -- pollsupport -q --weight pw --means api00 --by stype "$D/means.csv"
ok "one mean row per group" test "$(grep -c ',(mean),' "$T_OUT")" -eq 4
ok "and nothing else" test "$(wc -l <"$T_OUT")" -eq 5

# --- The banner shows means to one decimal and says so.
t "banner" --out-has "Mean score" --out-has "Mean scores to one decimal" -- \
    pollsupport -q --format table --weight pw --means api00 --by stype "$D/means.csv"
ok "api00's mean 662.3 on All" grep -q 'Mean score *662\.3 ' "$T_OUT"

# --- The wide table shows the mean of a rating, one decimal more than shares.
pollsupport -q --weight pw --codebook "$CB" --questions rating --means api00 --by stype "$D/means.csv" >"$TMP/m.csv"
t "wide" --err-has "mean scores rounded to 1 decimal" -- pollbanner "$TMP/m.csv"
ok "the rating's row is its mean" grep -q '^Likelihood (0-10),5\.3,' "$T_OUT"
t "the charts draw shares, not means" -- pollplot --questions rating "$TMP/m.csv"

# --- Readers: a mean row's own rules.
awk -F, -v OFS=, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i } NR == 2 && $c["response_kind"] == "mean" { $c["share"] = 0.5 } { print }' \
    "$TMP/m.csv" >/dev/null
grep -v ',(mean),' "$TMP/m.csv" | head -1 >"$TMP/bad.csv"
grep ',(mean),' "$TMP/m.csv" | head -1 | awk -F, -v OFS=, '{ $12 = "0.5"; print }' >>"$TMP/bad.csv"
t "a share on a mean row is refused" --status 1 --err-has "share 0.5 on a mean row: a mean goes in the 'mean' column" -- pollbanner "$TMP/bad.csv"
grep -v ',(mean),' "$TMP/m.csv" | head -1 >"$TMP/out.csv"
grep ',(mean),' "$TMP/m.csv" | head -1 | awk -F, -v OFS=, '{ $NF = 9999; print }' >>"$TMP/out.csv"
t "a mean outside its interval is refused" --status 1 --err-has "mean 9999 is outside its own interval" -- pollbanner "$TMP/out.csv"
head -2 "$TMP/m.csv" | awk -F, -v OFS=, 'NR == 2 { $NF = 3 } { print }' >"$TMP/kind.csv"
t "a mean on a share's row is refused" --status 1 --err-has "mean 3 on a row of kind" -- pollbanner "$TMP/kind.csv"

# --- Errors.
printf 'x,w\n1,1\nabc,1\n' >"$TMP/notnum.csv"
t "--means on words" --status 1 --err-is "pollsupport: $TMP/notnum.csv:3:x: 'abc' is not a number: --means takes a column of numbers" -- \
    pollsupport --weight w --means x "$TMP/notnum.csv"
t "--means on a missing column" --status 1 --err-has "no question column 'y'" -- \
    pollsupport --weight w --means y "$TMP/notnum.csv"
sed 's/,,,,,,,[0-9]*$/,,,,,,,/' "$CB" >"$TMP/noscore.csv"
t "--means on a scale without scores" --status 2 --err-has "--means rating: its codebook scale gives its codes no scores" -- \
    pollsupport --weight pw --codebook "$TMP/noscore.csv" --means rating "$D/means.csv"
sed 's/^ten,code,,,,5,5,,,,,,,5$/ten,code,,,,5,5,,,,,,,five/' "$CB" >"$TMP/badscore.csv"
t "a score that is no number" --status 1 --err-has "badscore.csv:8: score 'five' is not a number" -- \
    pollsupport --weight pw --codebook "$TMP/badscore.csv" --means rating "$D/means.csv"
printf 'variable,kind,source,required,scale,code,label,side,members,min,max,accept,wording,score\ng,category,g,,,,G,,,,,,,\ng,code,,,,a,A,,,,,,,1\n' >"$TMP/catscore.csv"
t "a score on a category's code" --status 1 --err-has "score '1' on a code of 'g': only the codes of a scale have scores" -- \
    pollsupport --weight pw --codebook "$TMP/catscore.csv" --means api00 "$D/means.csv"
sed 's/^ten,code,,,,dk,/ten,code,,,,(mean),/' "$CB" >"$TMP/meancode.csv"
t "a code named like the mean row" --status 1 --err-has "code '(mean)' of scale 'ten': that is the code of a scale's mean row" -- \
    pollsupport --weight pw --codebook "$TMP/meancode.csv" --means rating "$D/means.csv"
t "--m is still --min-base" -- pollsupport -q --weight pw --m 10 --me api00 "$D/means.csv"

# --- The workbook prints means to one decimal; polltable reads the shares
# and the means back (no standard deviation printed: no se).
t "workbook with means" -- pollbanner --format xlsx -o "$TMP/m.xlsx" "$TMP/m.csv"
ok "a mean cell formatted 0.0" sh -c "unzip -p '$TMP/m.xlsx' xl/styles.xml | grep -q 'formatCode=\"0.0\"'"
t "polltable on it" --err-has "question api00: the mean score 'Mean score' has no standard deviation row, so its rows have no standard error or interval" \
    -- polltable "$TMP/m.xlsx"
ok "polltable reads the means back" test "$(grep -c ',All,All,(mean),Mean score,mean,' "$T_OUT")" -eq 2

# --- A share claim cannot name a mean row as a response (it
# once took the mean for a share and called 5.6 "a majority").
t "a claim naming the mean row" --status 1 --err-has "'say Mean score on' is no response of question rating" -- \
    pollclaim --claim 'majority of E say Mean score on rating' "$TMP/m.csv"
t "a claim on a question of only a mean" --status 2 --err-has "question api00 holds only a mean score, no shares: a claim about its mean reads" -- \
    pollclaim --claim 'majority of E support api00' "$TMP/m.csv"
t "claims on the rating's answers still work" --out-has "FAILS" -- \
    pollclaim --claim 'majority of E say 7 on rating' "$TMP/m.csv"
finish
