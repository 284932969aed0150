#!/usr/bin/env bash
# Multiple-choice ("pick all that apply") questions: a codebook `multi` row
# naming option columns (1 ticked, 0 or empty not ticked); one row per
# option (response_kind option), the base those with a value in any option;
# against R's svymean of each option's 0/1 on that base
# (tests/fixtures/design/make_more.R), with strata and fpc and on weights
# alone; polltable reads a published table marked "multiple responses".
. "$(dirname "$0")/lib/harness.sh"
not() { ! "$@"; }
is() { local want=$1; shift; test "$("$@")" = "$want"; }
D=$FIX/design
CB=$D/multi_codebook.csv

for ci in logit beta mean; do
    t "stratified with fpc, --ci $ci" --err-empty -- pollsupport -q --ci "$ci" --format tsv --weight pw \
        --strata stype --fpc fpc --codebook "$CB" --by yr.rnd "$D/multi.csv"
    ok "stratified, --ci $ci: agrees with R" awk -v ci="$ci" -f "$D/compare.awk" "$D/ref_multi_strat.tsv" "$T_OUT"
    t "weights only, --ci $ci" --err-empty -- pollsupport -q --ci "$ci" --format tsv --weight pw \
        --codebook "$CB" --by stype "$D/multi.csv"
    ok "weights only, --ci $ci: agrees with R" awk -v ci="$ci" -f "$D/compare.awk" "$D/ref_multi_weights.tsv" "$T_OUT"
done
cp "$T_OUT" "$TMP/multi.tsv"
ok "one row per option, kind option, labelled by its variable" \
    awk -F'\t' '$1 == "goals" && $4 == "All" && $6 == "o_awards" && $7 == "Eligible for awards" && $8 == "option" { f = 1 } END { exit !f }' "$TMP/multi.tsv"
# The base: rows with any option answered (every tenth row has none).
base=$(awk -F, 'NR > 1 && ($6 != "" || $7 != "" || $8 != "") { n++ } END { print n }' "$D/multi.csv")
ok "base: the $base rows with any option answered" is "$base" \
    awk -F'\t' '$1 == "goals" && $4 == "All" && $6 == "o_comp" { print $9 }' "$TMP/multi.tsv"
ok "the shares add past 100%" awk -F'\t' '$1 == "goals" && $4 == "All" { s += $12 } END { exit !(s > 1) }' "$TMP/multi.tsv"
t "the banner says so" --out-has "Multiple choice (several answers allowed): the options' shares may add to more than 100%" -- \
    pollsupport -q --format table --weight pw --codebook "$CB" --by stype "$D/multi.csv"
t "readers take option rows" -- pollbanner --responses --tsv "$TMP/multi.tsv"

# --- Errors.
printf 'o_wide,o_awards,o_comp,pw\n1,yes,0,1\n' >"$TMP/word.csv"
t "an option that is not 1 or 0" --status 1 --err-is "pollsupport: $TMP/word.csv:2:o_awards: 'yes' in an option of multiple-choice question goals: an option holds 1 (ticked), 0 or nothing (not ticked)" -- \
    pollsupport --weight pw --codebook "$CB" "$TMP/word.csv"
printf 'o_wide,o_comp,pw\n1,0,1\n' >"$TMP/missing.csv"
t "a missing option column" --status 1 --err-has "no column 'o_awards' (an option of goals)" -- \
    pollsupport --weight pw --codebook "$CB" "$TMP/missing.csv"
{ head -3 "$CB"; echo 'goals,multi,,,,,Goals,,o_wide|o_nope,,,,'; } >"$TMP/undeclared.csv"
t "an option no variable declares" --status 1 --err-has "multi 'goals': option 'o_nope' is no variable declared on an earlier line" -- \
    pollsupport --weight pw --codebook "$TMP/undeclared.csv" "$D/multi.csv"
{ head -3 "$CB"; echo 'goals,multi,,,,,Goals,,o_wide|o_wide,,,,'; } >"$TMP/twice.csv"
t "an option listed twice" --status 1 --err-has "multi 'goals': option 'o_wide' listed twice" -- \
    pollsupport --weight pw --codebook "$TMP/twice.csv" "$D/multi.csv"
{ head -3 "$CB"; echo 'goals,multi,,,,,Goals,,,,,,'; } >"$TMP/none.csv"
t "a multi without options" --status 1 --err-has "multi 'goals' lists no option columns in 'members'" -- \
    pollsupport --weight pw --codebook "$TMP/none.csv" "$D/multi.csv"

# --- polltable: a published table marked "multiple responses allowed" is
# read as options, and the "answers add up to" warning does not fire.
cat >"$TMP/pub.csv" <<'CSV'
Q5. Which of these did you do last week? Multiple responses allowed,,,
,Total,Men,Women
Unweighted base,1000,480,520
Read a newspaper,41%,45%,37%
Watched the news,66%,64%,68%
Listened to a podcast,23%,27%,19%
CSV
t "polltable: multiple responses" --err-has "several answers allowed (its text says 'multiple responses')" -- \
    polltable "$TMP/pub.csv"
ok "options, not nominal answers" is 3 awk -F, '$8 == "option" && $4 == "All" { n++ } END { print n }' "$T_OUT"
ok "no 'add up to' warning" not grep -q "add up to" "$T_ERR"
sed 's/ Multiple responses allowed//' "$TMP/pub.csv" >"$TMP/single.csv"
t "polltable: unmarked, the same table warns" --err-has "the answers add up to 130% in Total" -- polltable "$TMP/single.csv"
finish
