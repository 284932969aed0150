#!/usr/bin/env bash
# pollsupport --by A:B, interlocked breaks: groups are the combinations of
# A's and B's codes ("lab:female", "Labour · Female"), against R's svyby on
# an interaction column (tests/fixtures/design/make_more.R) on NHANES'
# strata and PSUs and on a one-stage cluster sample; combinations no
# respondent has are said on standard error, not written; pollclaim names
# the groups by code or label.
. "$(dirname "$0")/lib/harness.sh"

not() { ! "$@"; }
D=$FIX/design
. "$(dirname "$0")/lib/agrees.sh"

# --- Agreement with R.
agrees "NHANES race:RIAGENDR" ref_interlock_nhanes.tsv --weight WTMEC2YR --psu SDMVPSU \
    --strata SDMVSTRA --questions HI_CHOL,agecat --by race:RIAGENDR "$D/nhanes.csv"
agrees "clusters stype:both" ref_interlock_clus1.tsv --weight pw --psu dnum --fpc fpc \
    --questions sch.wide,awards --by stype:both "$D/clus1.csv"
ok "groups are a:b codes, by is A:B" awk -F'\t' 'NR > 1 && $3 == "stype:both" && $4 == "H:No" { f = 1 } END { exit !f }' "$T_OUT"

# --- With a codebook: combinations in the codebook's orders, labels joined
# by a middle dot, the break's label from both columns' labels.
W=$TMP/w.csv
pollclean -q --codebook "$SRC/data/codebook.csv" "$SRC/data/sample_raw.csv" |
    pollweight -q --targets "$SRC/data/targets.csv" --missing keep >"$W"
t "codebook interlock" -- pollsupport -q --format tsv --codebook "$SRC/data/codebook.csv" --questions q_temp_status \
    --by vote2024:sex "$W"
ok "labels 'Labour · Female' and by_label '2024 vote · Sex'" grep -q $'\tlab:female\tLabour · Female\t.*\t2024 vote · Sex\t' "$T_OUT"
cp "$T_OUT" "$TMP/inter.csv"
# is VALUE CMD...: the command prints exactly VALUE.
is() { local want=$1; shift; test "$("$@")" = "$want"; }
ok "codebook order: con:male, then con:female" is "con:male con:female" \
    awk -F'\t' '$3 == "vote2024:sex" && !s[$4]++ { o = o (o ? " " : "") $4 } END { print substr(o, 1, 19) }' "$TMP/inter.csv"
# The same shares as a file filtered to Labour women, by lab:female's rows.
ok "Labour women's support" is 0.481380143699 awk -F'\t' '$4 == "lab:female" && $6 == "support" { print $12 }' "$TMP/inter.csv"
share=$(awk -F'\t' '$4 == "lab:female" && $6 == "tend_support" { print $12 }' "$TMP/inter.csv")
awk -F, -v OFS=, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; print; next }
    { if ($c["vote2024"] == "lab" && $c["sex"] == "female") $c["sex"] = "labw"; print }' "$W" >"$TMP/labw.csv"
t "the group as one column" -- pollsupport -q --format tsv --questions q_temp_status --by sex "$TMP/labw.csv"
ok "...gives the same share" is "$share" awk -F'\t' '$4 == "labw" && $6 == "tend_support" { print $12 }' "$T_OUT"

# --- Empty combinations: listed, not written.
t "Wales: combinations nobody has" --err-has "--by vote2024:sex: 5 combinations no respondent has, not written: grn:female (Green · Female), snp:male (SNP · Male), snp:female (SNP · Female), other:male (Other · Male), other:female (Other · Female)" -- \
    pollsupport --codebook "$SRC/data/codebook.csv" --questions q_temp_status --by vote2024:sex \
    --where region=wales "$W"
ok "no row for snp:male" not grep -q ',snp:male,' "$T_OUT"
ok "... but one for snp:male without --where" grep -q $'\tsnp:male\t' "$TMP/inter.csv"

# --- Errors.
t "a missing column of the break" --status 1 --err-is "pollsupport: $D/clus1.csv: no column 'stipe' (of --by stipe:both) (did you mean 'stype'?)" -- \
    pollsupport --weight pw --questions awards --by stipe:both "$D/clus1.csv"
t "an empty part" --status 2 --err-has "--by stype:: an interlocked break names its columns A:B, none of them empty" -- \
    pollsupport --weight pw --questions awards --by stype: "$D/clus1.csv"
printf 'a,b,q\nx:y,1,yes\nx,2,no\n' >"$TMP/colon.csv"
t "a code holding ':'" --status 1 --err-is "pollsupport: $TMP/colon.csv:2:a: 'x:y' holds ':', which joins the codes of --by a:b; recode it (pollclean's codebook) or leave it out of the break" -- \
    pollsupport --unweighted --questions q --by a:b "$TMP/colon.csv"
t "the same break twice" --status 2 --err-has "--by: 'a:b' given twice" -- \
    pollsupport --unweighted --questions q --by a:b,a:b "$TMP/colon.csv"
printf 'a,b,q\nx,1,yes\nx,2,no\ny,2,no\n' >"$TMP/ab.csv"
t "a break and its part" -- pollsupport -q --unweighted --questions q --by a,b,a:b "$TMP/ab.csv"
ok "groups x:1, x:2, y:2" is "x:1 x:2 y:2" awk -F, '$3 == "a:b" && !s[$4]++ { printf "%s%s", n++ ? " " : "", $4 } END { print "" }' "$T_OUT"
t "a question inside a break" --status 2 --err-has "--questions: 'q' is also a --by column" -- \
    pollsupport --unweighted --questions q --by a:q "$TMP/colon.csv"

# --- pollclaim names interlocked groups by code or label.
printf '%s\n' 'c1: "Labour women back it" => majority of lab:female support q_temp_status' \
    'c2: "Labour women back it" => majority of Labour · Female support q_temp_status' >"$TMP/claims.txt"
t "claims on lab:female" -- pollclaim --tsv --claims "$TMP/claims.txt" "$TMP/inter.csv"
ok "both name the same group" is "lab:female lab:female" awk -F'\t' '$4 == "claim" { printf "%s%s", n++ ? " " : "", $7 } END { print "" }' "$T_OUT"
finish
