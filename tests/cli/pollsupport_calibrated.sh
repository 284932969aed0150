#!/usr/bin/env bash
# pollsupport --calibrated TARGETS: the standard error of raked weights
# against R's rake() designs (tests/fixtures/calibrated, made by
# make_fixtures.R with R's backfitting run to 1000 sweeps), the checks on
# TARGETS and the weights, and what pollplot and pollclaim say about it.
# docs/methods.md, "Calibrated standard error", has the formula.
. "$(dirname "$0")/lib/harness.sh"

C=$FIX/calibrated
QS=q_temp_status,q_settle_20y,q_capped_routes
CB=$SRC/data/codebook.csv

# --- Agreement with R: se 1e-6 relative (the contract), intervals too.
# A: interlocked sex:age_band; B: base weights, vote2024 and euref both
# margins; C: respondents without a vote kept (--missing keep). Tables are
# compared as TSV: the codebook's labels hold commas.
for s in A B C; do
    t "sample $s" -- pollsupport --by vote2024 --weight weight --codebook "$CB" --questions "$QS" \
        --calibrated "$C/targets$s.csv" --format tsv "$C/sample$s.csv"
    cp "$T_OUT" "$TMP/cal$s.tsv"
    ok "sample $s agrees with R's converged rake() se" \
        awk -F, -v col=se -v rtol=1e-6 -f "$C/compare.awk" "$C/ref$s.csv" "$T_OUT"
done
t "sample B excluding dont_know" -- pollsupport --by vote2024 --weight weight --codebook "$CB" \
    --questions "$QS" --exclude dont_know --calibrated "$C/targetsB.csv" --format tsv "$C/sampleB.csv"
ok "sample B excluding dont_know agrees with R" \
    awk -F, -v col=se -v rtol=1e-6 -f "$C/compare.awk" "$C/refB_nodk.csv" "$T_OUT"
# The beta interval on the rake() design: svyciprop(method = "beta") takes
# its degrees-of-freedom ratio over every row of the sample (a subset of a
# calibrated design keeps them all), 1e-8 relative at two levels.
for s in A_beta:0.95 B_beta90:0.9; do
    ref=${s%%:*} level=${s##*:}
    t "beta intervals, sample ${ref%%_*}" -- pollsupport --by vote2024 --weight weight --codebook "$CB" \
        --questions "$QS" --ci beta --level "$level" --calibrated "$C/targets${ref%%_*}.csv" \
        --format tsv "$C/sample${ref%%_*}.csv"
    ok "beta, sample ${ref%%_*}, level $level: R's svyciprop on the rake() design" \
        awk -F, -v col=se -v rtol=1e-8 -f "$C/compare.awk" "$C/ref$ref.csv" "$T_OUT"
done

# With missing values kept, R's default of 10 backfitting sweeps is far from
# converged (8% on sample C): pollsupport gives the converged se, not R's.
ok "sample C: R's 10-sweep se is not the converged one" sh -c "! awk -F, -v col=se_r10 \
    -v rtol=1e-6 -f '$C/compare.awk' '$C/refC.csv' '$TMP/calC.tsv' >/dev/null 2>&1"
# The comparison can fail: the weights-as-fixed se is not the calibrated one.
ok "the fixed se differs from the calibrated se" sh -c "! awk -F, -v col=se_fixed -v rtol=1e-6 \
    -f '$C/compare.awk' '$C/refA.csv' '$TMP/calA.tsv' >/dev/null 2>&1"

# Without --calibrated the same file gives the fixed se, said in se_method.
t "fixed by default" -- pollsupport --by vote2024 --weight weight --questions "$QS" "$C/sampleA.csv"
ok "se_method fixed" sh -c "awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if (\$i == \"se_method\") c = i; next }
    \$c != \"fixed\" { exit 1 } END { if (!c) exit 1 }' '$T_OUT'"

# --- The weights must be raked to TARGETS, and TARGETS must fit the data.
# Sample A was not raked on the referendum vote.
{ cat "$C/targetsA.csv"; printf 'euref,remain,0.35\neuref,leave,0.37\neuref,did_not_vote,0.28\n'; } \
    >"$TMP/euref.csv"
t "weights not raked to the targets" --status 1 \
    --err-has "sampleA.csv: the weights were not raked to $TMP/euref.csv: the weighted share of euref '" \
    --err-has "--calibrated allows a gap of at most 1e-06" -- \
    pollsupport --weight weight --questions "$QS" --calibrated "$TMP/euref.csv" "$C/sampleA.csv"
awk -F, 'BEGIN { OFS = "," } NR == 40 { $4 = "mars" } { print }' "$C/sampleA.csv" >"$TMP/mars.csv"
t "a value TARGETS lacks" --status 1 \
    --err-has "mars.csv:40:region: 'mars' is not a category of region in $C/targetsA.csv" -- \
    pollsupport --weight weight --questions "$QS" --calibrated "$C/targetsA.csv" "$TMP/mars.csv"
awk -F, 'BEGIN { OFS = "," } NR > 1 && $3 == "female" && $2 == "18-24" { next } { print }' \
    "$C/sampleA.csv" >"$TMP/nofemale.csv"
t "a TARGETS category with no respondents" --status 1 \
    --err-has "targetsA.csv:6: no respondents in category 'female:18-24' of 'sex:age_band', whose target is 0.052, in $TMP/nofemale.csv: these are not the margins the weights were raked to (--calibrated)" -- \
    pollsupport --weight weight --questions "$QS" --calibrated "$C/targetsA.csv" "$TMP/nofemale.csv"

# --- pollweight and pollsupport --calibrated apply one rule to a category
# (targets.h), on the same targets file: a share of 0 that nobody has is
# accepted by both; a share of 0 that someone has, or a positive share that
# nobody has, is refused by both.
awk 'BEGIN { print "id,sex,q"; for (i = 1; i <= 40; i++) print i "," (i % 3 ? "m" : "f") "," (i % 5 ? "yes" : "no") }' \
    >"$TMP/zero.csv"
printf 'variable,category,target\nsex,m,0.49\nsex,f,0.51\n' >"$TMP/tz2.csv"
printf 'variable,category,target\nsex,m,0.49\nsex,f,0.51\nsex,x,0\n' >"$TMP/tz.csv"
t "pollweight: share 0, nobody" -- pollweight -q --targets "$TMP/tz.csv" -o "$TMP/zw.csv" "$TMP/zero.csv"
t "pollsupport --calibrated: share 0, nobody" -- \
    pollsupport -q --by sex --questions q --calibrated "$TMP/tz.csv" "$TMP/zw.csv"
cp "$T_OUT" "$TMP/zcal.csv"
pollsupport -q --by sex --questions q --calibrated "$TMP/tz2.csv" -o "$TMP/zcal2.csv" "$TMP/zw.csv"
ok "a share of 0 that nobody has changes no se" cmp "$TMP/zcal.csv" "$TMP/zcal2.csv"
awk -F, 'BEGIN { OFS = "," } NR == 2 { $2 = "x" } { print }' "$TMP/zero.csv" >"$TMP/zx.csv"
t "pollweight: share 0, someone" --status 1 \
    --err-has "tz.csv:4: target 0 for category 'x' of 'sex', but 1 respondent has it in $TMP/zx.csv" -- \
    pollweight -q --targets "$TMP/tz.csv" "$TMP/zx.csv"
awk -F, 'BEGIN { OFS = "," } NR == 1 { print $0 ",weight"; next } { print $0 "," ($2 == "x" ? 0 : 1) }' \
    "$TMP/zx.csv" >"$TMP/zxw.csv"
t "pollsupport --calibrated: share 0, someone" --status 1 \
    --err-has "tz.csv:4: target 0 for category 'x' of 'sex', but 1 respondent has it in $TMP/zxw.csv" -- \
    pollsupport -q --questions q --calibrated "$TMP/tz.csv" "$TMP/zxw.csv"
printf 'variable,category,target\nsex,m,0.49\nsex,f,0.41\nsex,x,0.1\n' >"$TMP/tp.csv"
t "pollweight: positive share, nobody" --status 1 \
    --err-has "tp.csv:4: no respondents in category 'x' of 'sex', whose target is 0.1, in $TMP/zero.csv" -- \
    pollweight -q --targets "$TMP/tp.csv" "$TMP/zero.csv"
t "pollsupport --calibrated: positive share, nobody" --status 1 \
    --err-has "tp.csv:4: no respondents in category 'x' of 'sex', whose target is 0.1, in $TMP/zw.csv" -- \
    pollsupport -q --questions q --calibrated "$TMP/tp.csv" "$TMP/zw.csv"
cut -d, -f1-4,6- "$C/sampleA.csv" >"$TMP/noedu.csv"
t "a margin's column missing" --status 1 \
    --err-has "noedu.csv: no column 'edu', a margin of $C/targetsA.csv (--calibrated)" -- \
    pollsupport --weight weight --questions "$QS" --calibrated "$C/targetsA.csv" "$TMP/noedu.csv"
t "no targets file" --status 1 --err-has "nosuch.csv" -- \
    pollsupport --weight weight --questions "$QS" --calibrated "$TMP/nosuch.csv" "$C/sampleA.csv"
t "unweighted" --status 2 --err-has "--calibrated and --unweighted cannot be used together" -- \
    pollsupport --unweighted --questions "$QS" --calibrated "$C/targetsA.csv" "$C/sampleA.csv"

# --- Saying so: the banner, pollplot's footnote, pollclaim's sentences.
pollsupport -q --by vote2024 --weight weight --codebook "$CB" --questions "$QS" \
    --calibrated "$C/targetsA.csv" -o "$TMP/calA.csv" "$C/sampleA.csv"
t "banner" --out-has "margins of error allow for the calibration to population totals" -- \
    pollsupport --by vote2024 --weight weight --questions "$QS" --format table \
    --calibrated "$C/targetsA.csv" "$C/sampleA.csv"
t "plot footnote" --out-has "the margins of error allow for the calibration to population totals" -- \
    pollplot --groups lab,con "$TMP/calA.csv"
t "plot footnote, fixed se" --out-lacks "calibration" -- \
    pollplot --groups lab,con "$SRC/tests/fixtures/plot/support.csv"
t "claim sentence" --out-has "The margins of error allow for the calibration to population totals." -- \
    pollclaim --claim "majority of lab support q_temp_status" "$TMP/calA.csv"
t "difference sentence" --out-has "The margins of error allow for the calibration to population totals." -- \
    pollclaim --claim "ref more likely than lab to support q_temp_status" "$TMP/calA.csv"

finish
