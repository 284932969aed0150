#!/usr/bin/env bash
# pollsynth end to end: determinism, formats of the raw export, the clean
# microdata, the truth and the defect list, the committed sample data, and
# the usage and I/O errors.
. "$(dirname "$0")/lib/harness.sh"

raw_header='ResponseId,StartDate,EndDate,Duration (in seconds),Finished,Q1,Q2,Q3,Q4,Q5,Q6,Q7_1,Q7_2,Q7_3,Q7_4,Q7_5,Q7_6,Q7_7,Q8'
clean_header='id,age,age_band,sex,region,edu,vote2024,euref,q_temp_status,q_settle_20y,q_family_reunion,q_support_discretionary,q_remove_families,q_visa_penalties,q_capped_routes'

differ() { ! cmp -s "$1" "$2"; }
lacks() { ! grep -q "$1" "$2"; }

# --- determinism ---
t run_a --err-empty -- pollsynth --n 3000 --seed 5 --truth "$TMP/ta.csv" --injected "$TMP/ia.csv" -o "$TMP/a.csv"
t run_b --err-empty -- pollsynth --n 3000 --seed 5 --truth "$TMP/tb.csv" --injected "$TMP/ib.csv" -o "$TMP/b.csv"
t run_c --err-empty -- pollsynth --n 3000 --seed 6 --truth "$TMP/tc.csv" --injected "$TMP/ic.csv" -o "$TMP/c.csv"
ok same_seed_raw cmp -s "$TMP/a.csv" "$TMP/b.csv"
ok same_seed_truth cmp -s "$TMP/ta.csv" "$TMP/tb.csv"
ok same_seed_injected cmp -s "$TMP/ia.csv" "$TMP/ib.csv"
ok other_seed_raw differ "$TMP/a.csv" "$TMP/c.csv"
ok other_seed_injected differ "$TMP/ia.csv" "$TMP/ic.csv"
# the truth is the population's, not the sample's: the seed does not change it
ok truth_independent_of_seed cmp -s "$TMP/ta.csv" "$TMP/tc.csv"
t stdout_equals_file --out "$TMP/a.csv" -- pollsynth --n 3000 --seed 5

# --- the raw export's form ---
ok bom_first [ "$(head -c 3 "$TMP/a.csv" | od -An -tx1 | tr -d ' ')" = efbbbf ]
ok header_exact [ "$(head -n 1 "$TMP/a.csv" | tail -c +4 | tr -d '\r')" = "$raw_header" ]
ok every_line_crlf [ "$(grep -c $'\r$' "$TMP/a.csv")" = 3001 ]
ok line_count [ "$(wc -l <"$TMP/a.csv")" = 3001 ]
ok typographic_apostrophe grep -q $'\xe2\x80\x99' "$TMP/a.csv"
ok quoted_comma_label grep -q '"Degree (e.g. BA, BSc) or higher"' "$TMP/a.csv"
ok default_n_is_2000 [ "$(pollsynth | wc -l)" = 2001 ]

# --- the defect list points at records with that id ---
ok injected_header [ "$(head -n 1 "$TMP/ia.csv")" = 'id,line,kind,column,note' ]
ok injected_lines_match awk -F, 'NR == FNR { if (FNR > 1) { id[FNR] = $1 }; next }
    FNR > 1 { n++; if (id[$2] != $1) { print "line " $2 ": " $1 " vs " id[$2]; bad = 1 } }
    END { exit (bad || n < 50) }' <(tr -d '\r' <"$TMP/a.csv") "$TMP/ia.csv"
for kind in duplicate_id speeder straightliner attention_failed age_out_of_range missing_required blank_answer; do
    ok "injected_has_$kind" grep -q ",$kind," "$TMP/ia.csv"
done
ok natural_straightliners grep -q ',straightliner,,natural$' "$TMP/ia.csv"
# speeders below 0.2 x median, everyone else from 0.45 x median
durations() { tr -d '\r' <"$TMP/a.csv" | tail -n +2 | sed 's/"[^"]*"/x/g' | cut -d, -f4; }
median=$(durations | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')
ok speeder_rule awk -F, -v m="$median" 'NR == FNR { if (FNR > 1 && $3 == "speeder") sp[$2] = 1; next }
    { l = FNR + 1; if (l in sp) { if (!($1 < 0.2 * m)) exit 1; k++ } else if (!($1 >= 0.45 * m)) exit 1 }
    END { exit (k < 10) }' "$TMP/ia.csv" <(durations)
# a duplicate repeats an id seen on an earlier line
ok duplicates_repeat_earlier awk -F, 'NR == FNR { if (FNR > 1 && $3 == "duplicate_id") dup[$2] = $1; next }
    FNR > 1 { if (FNR in dup) { if (!($1 in seen) || dup[FNR] != $1) exit 1; k++ } seen[$1] = 1 }
    END { exit (k < 10) }' "$TMP/ia.csv" <(tr -d '\r' <"$TMP/a.csv")

# --- clean microdata ---
t clean_run --err-empty -- pollsynth --n 3000 --seed 5 --clean -o "$TMP/clean.csv"
ok clean_header [ "$(head -n 1 "$TMP/clean.csv")" = "$clean_header" ]
ok clean_no_crlf lacks $'\r' "$TMP/clean.csv"
# The genuine respondents are kept: every listed record is dropped except
# blank_answer ones and honest straight-liners (note natural).
excluding='NR > 1 && $3 != "blank_answer" && !($3 == "straightliner" && $5 == "natural")'
excluded=$(awk -F, "$excluding"' { x[$2] = 1 } END { print length(x) }' "$TMP/ia.csv")
ok clean_count [ "$(($(wc -l <"$TMP/clean.csv") - 1))" = "$((3000 - excluded))" ]
ok natural_straightliners_kept awk -F, 'NR == FNR { if ($3 == "straightliner" && $5 == "natural") id[$1] = 1; next }
    FNR > 1 && ($1 in id) { k++ } END { exit (k < 5) }' "$TMP/ia.csv" "$TMP/clean.csv"
ok injected_straightliners_speed awk -F, 'NR > 1 && $3 == "straightliner" && $5 == "injected" { s[$2] = 1; n++ }
    NR > 1 && $3 == "speeder" { sp[$2] = 1 }
    END { for (l in s) if (!(l in sp)) exit 1; exit (n < 10) }' "$TMP/ia.csv"
ok clean_ids_unique [ "$(cut -d, -f1 "$TMP/clean.csv" | sort | uniq -d | wc -l)" = 0 ]
ok clean_ages_adult awk -F, 'NR > 1 && ($2 < 18 || $2 > 100) { exit 1 }' "$TMP/clean.csv"
ok clean_codes_only awk -F, 'NR > 1 { for (i = 9; i <= 15; i++)
    if ($i !~ /^(strongly_support|tend_support|neither|tend_oppose|strongly_oppose|dont_know|)$/) exit 1 }' "$TMP/clean.csv"
# the clean ids are the raw ids of the records without an excluding defect, in order
ok clean_ids_are_kept_raw_ids cmp -s <(cut -d, -f1 "$TMP/clean.csv" | tail -n +2) \
    <(awk -F, 'NR == FNR { if ('"${excluding#NR > 1 && }"' && FNR > 1) x[$2] = 1; next }
               FNR > 1 && !(FNR in x) { print $1 }' "$TMP/ia.csv" <(tr -d '\r' <"$TMP/a.csv"))
# The contract with pollclean: its default cleaning of the raw export is
# the clean output, byte for byte.
if [ -x "$POLLKIT_BIN/pollclean" ] && [ -f "$DATA/codebook.csv" ]; then
    t pollclean_agrees --out "$TMP/clean.csv" -- pollclean --codebook "$DATA/codebook.csv" "$TMP/a.csv"
fi
t clean_unbiased --err-empty -- pollsynth --n 500 --bias none --clean
t tsv_clean --out-has $'id\tage\tage_band' -- pollsynth --n 50 --clean --tsv

# --- the truth ---
ok truth_header [ "$(head -n 1 "$TMP/ta.csv")" = 'question,by,group,response,share' ]
ok truth_rows [ "$(wc -l <"$TMP/ta.csv")" = $((1 + 7 * 10 * 9)) ]
ok truth_all_first grep -q '^q_temp_status,,All,strongly_support,0\.' "$TMP/ta.csv"
ok truth_by_vote grep -q '^q_capped_routes,vote2024,did_not_vote,net,' "$TMP/ta.csv"
ok truth_sums_to_one awk -F, 'NR > 1 && $4 !~ /support$|oppose$|net/ || $4 ~ /^(strongly|tend)_/ { }
    NR > 1 && $4 !~ /^(support|oppose|net)$/ { s[$1 "," $3] += $5 }
    END { for (k in s) if (s[k] < 1 - 1e-9 || s[k] > 1 + 1e-9) exit 1; exit (length(s) != 70) }' "$TMP/ta.csv"

# --- the committed sample regenerates byte for byte ---
t sample_regenerates --err-empty -- pollsynth --n 2000 --seed 20251121 \
    --truth "$TMP/st.csv" --injected "$TMP/si.csv" -o "$TMP/sr.csv"
ok sample_raw_identical cmp "$DATA/sample_raw.csv" "$TMP/sr.csv"
ok sample_truth_identical cmp "$DATA/sample_truth.csv" "$TMP/st.csv"
ok sample_injected_identical cmp "$DATA/sample_injected.csv" "$TMP/si.csv"

# --- a clustered sample: --clusters, --strata, --icc ---
t clustered_raw --err-empty -- pollsynth --n 3000 --seed 5 --clusters 100 --strata 10 --icc 0.1 \
    --truth "$TMP/tk.csv" --injected "$TMP/ik.csv" -o "$TMP/k.csv"
ok clustered_raw_header [ "$(head -n 1 "$TMP/k.csv" | tail -c +4 | tr -d '\r')" = "$raw_header,stratum,psu" ]
# the population, and so the truth, does not depend on the design
ok clustered_truth_same cmp -s "$TMP/ta.csv" "$TMP/tk.csv"
t clustered_again --out "$TMP/k.csv" -- pollsynth --n 3000 --seed 5 --clusters 100 --strata 10 --icc 0.1
# PSUs are runs of 30 consecutive records, 10 PSUs to a stratum, numbered
# across strata; a duplicate keeps its first copy's PSU
psus() { tr -d '\r' <"$1" | tail -n +2 | awk -F, -v OFS=, '{ print $(NF - 1), $NF }'; }
ok clustered_psu_runs awk -F, 'NR == FNR { if (FNR > 1 && $3 == "duplicate_id") dup[$2] = 1; next }
    { line = FNR + 1; want = int((line - 2) * 100 / 3000) + 1
      if (!(line in dup) && $2 != want) exit 1; if (!(line in dup)) n[$2]++
      if ($1 != int(($2 - 1) * 10 / 100) + 1) exit 1 }
    END { if (length(n) != 100) exit 1 }' "$TMP/ik.csv" <(psus "$TMP/k.csv")
t clustered_clean --err-empty -- pollsynth --n 3000 --seed 5 --clusters 100 --strata 10 --icc 0.1 --clean \
    -o "$TMP/kc.csv"
ok clustered_clean_header [ "$(head -n 1 "$TMP/kc.csv")" = "$clean_header,stratum,psu" ]
# the same people as without clusters (same ids, ages, cells and votes), with other answers
ok clustered_same_people cmp -s <(cut -d, -f1-8 "$TMP/kc.csv") <(cut -d, -f1-8 "$TMP/clean.csv")
ok clustered_other_answers differ <(cut -d, -f9-15 "$TMP/kc.csv") <(cut -d, -f9-15 "$TMP/clean.csv")
# with --icc 0 the draws are those of the unclustered sample, answers too
t clustered_icc0 --err-empty -- pollsynth --n 3000 --seed 5 --clusters 100 --icc 0 --clean -o "$TMP/k0.csv"
ok clustered_icc0_same cmp -s <(cut -d, -f1-15 "$TMP/k0.csv") "$TMP/clean.csv"
ok clustered_psu_only [ "$(head -n 1 "$TMP/k0.csv")" = "$clean_header,psu" ]
# Respondents of one PSU answer alike: the share supporting visa penalties
# varies between PSUs more than chance allows. The statistic is the
# variance of 100 PSU shares (of about 170 respondents each) over its
# binomial expectation: about 1 without clustering, sd sqrt(2/99) = 0.14,
# and 4.5 to 5.4 with --icc 0.1 over seeds 1 to 5; the test splits them at 2.
psu_spread() { awk -F, 'NR > 1 && $14 != "" { n[$NF]++; s[$NF] += ($14 ~ /support$/) }
    END { for (j in n) { p = s[j] / n[j]; a += p; b += p * p; e += p * (1 - p) / n[j]; k++ }
          m = a / k; print (b / k - m * m) * k / (k - 1) / (e / k) }' "$1"; }
t clustered_none --err-empty -- pollsynth --n 20000 --seed 5 --clusters 100 --icc 0 --bias none --clean \
    -o "$TMP/kn.csv"
t clustered_strong --err-empty -- pollsynth --n 20000 --seed 5 --clusters 100 --icc 0.1 --bias none --clean \
    -o "$TMP/ks.csv"
ok clustered_answers_correlate awk -v a="$(psu_spread "$TMP/kn.csv")" -v b="$(psu_spread "$TMP/ks.csv")" \
    'BEGIN { exit !(a < 2 && b > 2) }'
# The contract with pollclean holds with the PSU columns declared in the
# codebook (as numbers), and pollcodebook's draft carries them
if [ -x "$POLLKIT_BIN/pollclean" ] && [ -f "$DATA/codebook.csv" ]; then
    { cat "$DATA/codebook.csv"
      printf 'stratum,number,stratum,yes,,,Stratum,,,1,,,\npsu,number,psu,yes,,,Primary sampling unit,,,1,,,\n'
    } >"$TMP/kcb.csv"
    t clustered_pollclean_agrees --out "$TMP/kc.csv" -- pollclean --codebook "$TMP/kcb.csv" "$TMP/k.csv"
    t clustered_draft --out-has $'\npsu,number,psu,' --out-has $'\nstratum,category,stratum,' -- pollcodebook "$TMP/k.csv"
fi
usage icc_alone '--icc needs --clusters (the correlation is within PSUs)' -- pollsynth --icc 0.1
usage strata_alone '--strata needs --clusters (the strata hold PSUs)' -- pollsynth --strata 2
usage icc_too_big '--icc: 0.5 is out of range (must be from 0 to 0.33)' -- pollsynth --clusters 10 --icc 0.5
usage clusters_too_many '--clusters 11 is more than half of --n 20: every PSU needs two records' \
    -- pollsynth --n 20 --clusters 11
usage strata_too_many '--strata 6 is more than half of --clusters 10: every stratum needs two PSUs' \
    -- pollsynth --clusters 10 --strata 6
usage clusters_zero '--clusters: 0 is out of range (must be from 1 to 500000000)' -- pollsynth --clusters 0

# --- small files: no defects, still well formed ---
t tiny --err-empty -- pollsynth --n 1 -o "$TMP/one.csv"
ok tiny_two_lines [ "$(wc -l <"$TMP/one.csv")" = 2 ]
t tiny_injected --err-empty -- pollsynth --n 5 --injected "$TMP/i5.csv" -o /dev/null
ok tiny_injected_empty [ "$(wc -l <"$TMP/i5.csv")" -le 2 ]

# --- help, version, usage errors, I/O errors ---
t help --out-has 'Usage: pollsynth' --out-has '--bias' --out-has 'Example' --out-has 'Exit status' -- pollsynth --help
t version --out-has 'pollsynth' -- pollsynth --version
usage bad_option "unknown option '--frobnicate'" -- pollsynth --frobnicate
usage n_zero '--n: 0 is out of range (must be from 1 to 1000000000)' -- pollsynth --n 0
usage n_text "--n: 'abc' is not a whole number" -- pollsynth --n abc
usage n_too_big '--n: 99999999999 is out of range (must be from 1 to 1000000000)' -- pollsynth --n 99999999999
usage seed_negative '--seed: -1 is out of range (must be from 0 to 4294967295)' -- pollsynth --seed -1
usage bias_unknown "--bias: expected panel or none, got 'foo'" -- pollsynth --bias foo
usage missing_argument "option '--seed' requires an argument" -- pollsynth --seed
usage operand "extra operand 'extra'" -- pollsynth extra
t dev_full --status 1 --err-has 'pollsynth: ' -- pollsynth -o /dev/full
t missing_dir --status 1 --err-has 'pollsynth: ' -- pollsynth -o "$TMP/no/such/dir/raw.csv"
t truth_missing_dir --status 1 --err-has 'pollsynth: ' -- pollsynth --truth "$TMP/no/t.csv" -o "$TMP/x.csv"
ok no_partial_output [ ! -e "$TMP/x.csv" ]

finish
