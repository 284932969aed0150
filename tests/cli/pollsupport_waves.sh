#!/usr/bin/env bash
# pollsupport --waves: a stacked file of two waves, each wave's rows as the
# wave alone gives them, and change rows equal to R's svycontrast on the
# stacked design (tests/fixtures/waves/make_waves.R) for two held-out
# polls: separate samples and a panel (the respondent's id as --psu).
. "$(dirname "$0")/lib/harness.sh"
W=$FIX/waves
CB=$W/codebook.csv

# --- Agreement with R.
t "panel: the respondent's id as the PSU" --err-empty -- pollsupport -q --waves wave --psu id \
    --by vote --codebook "$CB" --format tsv "$W/panel.csv"
cp "$T_OUT" "$TMP/panel.tsv"
ok "panel: every change, se and interval equals R's" awk -f "$W/compare_change.awk" "$W/ref_panel.tsv" "$TMP/panel.tsv"
t "separate samples" --err-empty -- pollsupport -q --waves wave --by vote --codebook "$CB" \
    --format tsv "$W/separate.csv"
cp "$T_OUT" "$TMP/separate.tsv"
ok "separate samples: every change equals R's" awk -f "$W/compare_change.awk" "$W/ref_separate.tsv" "$TMP/separate.tsv"
t "separate samples with each respondent's id as the PSU: the same table" --err-empty \
    --out "$TMP/separate.tsv" -- pollsupport -q --waves wave --by vote --codebook "$CB" --psu id \
    --format tsv "$W/separate.csv"
# (--psu adds nothing when every id is one row; only df and deff columns may
# differ, and they do not: df is n - 1 either way.)

# The panel's change has a smaller se than two separate samples' would:
# sqrt(se1^2 + se2^2) of the waves' own rows.
ok "panel: the se of a change is well below the naive sqrt(se1^2 + se2^2)" awk -F'\t' '
    NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
    $(c["group"]) == "All" { k = $(c["question"]) "/" $(c["response"])
      if ($(c["response_kind"]) == "change") ch[k] = $(c["se"]); else s2[k] += $(c["se"]) ^ 2 }
    END { for (k in ch) { n++; if (!(ch[k] < 0.6 * sqrt(s2[k]))) bad++ } exit bad || n != 18 }' "$TMP/panel.tsv"
ok "separate samples: the se is sqrt(se1^2 + se2^2) within 0.1%" awk -F'\t' '
    NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
    { k = $(c["question"]) "/" $(c["group"]) "/" $(c["response"])
      if ($(c["response_kind"]) == "change") ch[k] = $(c["se"]); else if ($(c["se"]) != "") s2[k] += $(c["se"]) ^ 2 }
    END { for (k in ch) if (ch[k] != "") { n++; r = ch[k] / sqrt(s2[k]); if (r > 1 || r < 0.999) bad++ } exit bad || n < 80 }' "$TMP/separate.tsv"

# --- Calibrated waves: each raked to the same targets; R rakes the
# stacked design on wave-by-category margins.
t "calibrated waves" --err-empty -- pollsupport -q --waves wave --by vote --calibrated "$W/targets_cal.csv" \
    --codebook "$CB" --format tsv "$W/calibrated.csv"
cp "$T_OUT" "$TMP/calibrated.tsv"
ok "calibrated: every change, se and interval equals R's" awk -f "$W/compare_change.awk" "$W/ref_calibrated.tsv" "$TMP/calibrated.tsv"
for wave in 2026-06 2026-11; do
    awk -F, -v w="\"$wave\"" 'NR == 1 || $2 == w' "$W/calibrated.csv" >"$TMP/cal_alone.csv"
    t "calibrated wave $wave alone" --err-empty -- pollsupport -q --by vote --calibrated "$W/targets_cal.csv" \
        --codebook "$CB" --format tsv "$TMP/cal_alone.csv"
    cut -f1-32 "$T_OUT" | tail -n +2 >"$TMP/alone.rows"
    awk -F'\t' -v w="$wave" 'NR > 1 && $33 == w && $36 == ""' "$TMP/calibrated.tsv" | cut -f1-32 >"$TMP/stacked.rows"
    ok "calibrated wave $wave: its rows are the wave alone's, byte for byte" cmp "$TMP/alone.rows" "$TMP/stacked.rows"
done
ok "calibrated rows say so" awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
    $(c["response_kind"]) != "change" && $(c["se_method"]) != "calibrated" { bad = 1 } END { exit bad }' "$TMP/calibrated.tsv"

# --- Each wave's rows are the wave alone's.
for wave in 2026-06 2026-11; do
    awk -F, -v w="\"$wave\"" 'NR == 1 || $2 == w' "$W/separate.csv" >"$TMP/alone.csv"
    t "wave $wave alone" --err-empty -- pollsupport -q --by vote --codebook "$CB" --format tsv "$TMP/alone.csv"
    cut -f1-32 "$T_OUT" | tail -n +2 >"$TMP/alone.rows"
    awk -F'\t' -v w="$wave" 'NR > 1 && $33 == w && $36 == ""' "$TMP/separate.tsv" | cut -f1-32 >"$TMP/stacked.rows"
    ok "wave $wave: the stacked table's rows are the wave alone's, byte for byte" cmp "$TMP/alone.rows" "$TMP/stacked.rows"
done
ok "the header ends with the wave columns" test "$(head -n 1 "$TMP/separate.tsv" | cut -f33-36)" = \
    "$(printf 'wave\twave_label\tfieldwork\tversus_wave')"
ok "waves in the codebook's order although the file starts with the later one" \
    test "$(awk -F'\t' 'NR > 1 && !s[$33]++ { printf "%s;", $33 }' "$TMP/separate.tsv")" = "2026-06;2026-11;"
ok "the codebook's label is the wave's label and fieldwork" awk -F'\t' '
    $33 == "2026-06" && $34 == "June 2026 (fieldwork 3-5 June)" && $35 == $34 { f = 1 } END { exit !f }' "$TMP/separate.tsv"
ok "a change row: kind change, n the later wave's, no count or df" awk -F'\t' '
    NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
    $(c["response_kind"]) == "change" && $(c["group"]) == "All" && $(c["question"]) == "q_cap" &&
    $(c["response"]) == "agree_net" { f = $(c["n"]) == 450 && $(c["count"]) == "" && $(c["df"]) == "" &&
      $(c["ci_method"]) == "normal" && $(c["wave"]) == "2026-11" && $(c["versus_wave"]) == "2026-06" }
    END { exit !f }' "$TMP/separate.tsv"

# --- Without a codebook: the order from the codes, said on stderr.
t "no codebook: ISO dates in date order, said" --err-has "2 waves of wave in bytewise order (ISO dates go in date order): 2026-06, 2026-11" \
    -- pollsupport --unweighted --waves wave --questions q_cap "$W/separate.csv"
sed 's/"2026-06"/"10"/; s/"2026-11"/"9"/' "$W/separate.csv" >"$TMP/numeric.csv"
t "numeric codes in numeric order" --err-has "in numeric order: 9, 10" \
    -- pollsupport --unweighted --waves wave --questions q_cap "$TMP/numeric.csv"

# --- Three waves: --change-from.
{ cat "$W/panel.csv"; awk -F, 'NR > 1 && $2 == "\"2026-11\""' "$W/panel.csv" | sed 's/"2026-11"/"2027-01"/'; } >"$TMP/three.csv"
t "three waves, each against the previous" --err-empty -- pollsupport -q --waves wave --psu id \
    --codebook "$CB" --questions q_cap "$TMP/three.csv"
ok "changes 2026-11 vs 2026-06 and 2027-01 vs 2026-11" test \
    "$(awk -F, '$8 == "change" { print $33 "-" $36 }' "$T_OUT" | sort -u | tr '\n' ' ')" = "2026-11-2026-06 2027-01-2026-11 "
ok "a wave that repeats the one before changes by 0 with se 0 (a panel)" awk -F, '
    $8 == "change" && $33 == "2027-01" { n++; if ($12 != 0 || $13 != 0) bad++ } END { exit bad || !n }' "$T_OUT"
t "--change-from first" --err-empty -- pollsupport -q --waves wave --psu id --codebook "$CB" \
    --questions q_cap --change-from first "$TMP/three.csv"
ok "every change against the first wave" test \
    "$(awk -F, '$8 == "change" { print $33 "-" $36 }' "$T_OUT" | sort -u | tr '\n' ' ')" = "2026-11-2026-06 2027-01-2026-06 "

# --- A group of two respondents: d -+ z se would pass 1; the interval
# is clipped to the changes that can be, as a net score's is.
printf 'wave,g,q\n1,x,no\n1,x,no\n1,y,yes\n1,y,no\n2,x,yes\n2,x,no\n2,y,yes\n2,y,no\n' >"$TMP/tiny.csv"
t "a tiny group's change" --err-empty -- pollsupport -q --unweighted --waves wave --by g --questions q "$TMP/tiny.csv"
ok "its interval stops at 1 and -1" awk -F, '$8 == "change" && $4 == "x" && $6 == "yes" { f = $12 == 0.5 && $15 == 1 && $14 < 0 }
    $8 == "change" && $4 == "y" { g += $14 == -1 && $15 == 1 } END { exit !(f && g == 2) }' "$T_OUT"
t "pollclaim reads that table" --out-has ",claim," -- bash -c 'pollsupport -q --unweighted --waves wave --by g --questions q "$1" | pollclaim --claim "yes for q among x has risen since 1"' _ "$TMP/tiny.csv"

# --- Bad input and usage.
t "no such waves column, with a hint" --status 1 --err-has "no --waves column 'wav'" \
    -- pollsupport --unweighted --waves wav --questions q_cap "$W/panel.csv"
sed '5s/"2026-06"//' "$W/panel.csv" >"$TMP/nowave.csv"
t "a row without a wave: FILE:LINE:COLUMN" --status 1 --err-has "nowave.csv:5:wave: no wave" \
    -- pollsupport --unweighted --waves wave --questions q_cap "$TMP/nowave.csv"
t "--change-from without --waves" --status 2 --err-has "--change-from: no waves" \
    -- pollsupport --unweighted --change-from first --questions q_cap "$W/panel.csv"
t "--calibrated with --waves and a design is refused" --status 2 \
    --err-has "--waves with --calibrated and a design (--psu, --strata, --fpc) is not supported" \
    -- pollsupport --waves wave --psu id --calibrated "$W/targets_cal.csv" --questions q_cap "$W/calibrated.csv"
t "--format table with --waves is refused" --status 2 --err-has "--waves writes csv or tsv" \
    -- pollsupport --unweighted --waves wave --format table --questions q_cap "$W/panel.csv"
t "one wave: a note, no change rows" --err-has "one wave ('2026-11' of wave): no change to estimate" \
    -- pollsupport --unweighted --waves wave --questions q_cap "$TMP/alone.csv"
finish
