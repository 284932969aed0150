#!/usr/bin/env bash
# pollclean end to end: options and usage errors, every normalisation (case,
# spacing, typographic quotes and dashes, NBSP, BOM, CRLF, quoted newlines),
# each exclusion rule and its switch on hand-made raw exports, unmatched
# answers in each mode, bad codebooks, extra header rows, TSV, the
# accounting invariant, no partial outputs; then, on pollsynth's exports,
# that the exclusions are exactly the injected defects and the clean output
# equals pollsynth --clean.
. "$(dirname "$0")/lib/harness.sh"
CB=$DATA/codebook.csv
F=$FIX/clean

# --- options -----------------------------------------------------------------
t help --out-has "Usage: pollclean --codebook FILE" --out-has "--unmatched MODE" \
    --out-has "--skip-rows N" --out-has "Codebook format" --out-has "Exit status" -- pollclean --help
t version --out-has "pollclean (pollkit)" -- pollclean --version
usage no-codebook '--codebook FILE is required' -- pollclean "$F/raw_basic.csv"
usage bad-unmatched "--unmatched: expected fail, missing or exclude, got 'guess'" -- \
    pollclean --codebook "$CB" --unmatched guess "$F/raw_basic.csv"
usage bad-fraction '--speeder-fraction: 1.5 is out of range (must be from 0 to 1)' -- \
    pollclean --codebook "$CB" --speeder-fraction 1.5
usage bad-fraction-text "--speeder-fraction: 'third' is not a number" -- \
    pollclean --codebook "$CB" --speeder-fraction third
usage bad-skip '--skip-rows: -1 is out of range (must be from 0 to 1000000)' -- \
    pollclean --codebook "$CB" --skip-rows -1
usage unknown-option "unknown option '--frobnicate'" -- pollclean --codebook "$CB" --frobnicate
usage two-inputs "extra operand 'b.csv'" -- pollclean --codebook "$CB" a.csv b.csv
t missing-input --status 1 --err-has "pollclean: nosuch.csv: No such file" -- pollclean --codebook "$CB" nosuch.csv

# --- normalisation -----------------------------------------------------------
# raw_basic.csv: BOM, CRLF, upper and mixed case, padded and doubled spaces,
# U+2019 and U+2018 apostrophes, an en dash, NBSP, a quoted newline inside an
# answer, a BOM inside a field, a quoted comma; every record clean.
t basic --out "$F/expected_basic.csv" --err-has "raw_basic.csv: read 8 rows: kept 8, excluded 0" \
    -- pollclean --codebook "$CB" "$F/raw_basic.csv"
t stdin --in "$F/raw_basic.csv" --out "$F/expected_basic.csv" --err-has "<stdin>: read 8 rows" \
    -- pollclean --codebook "$CB"
t stdin-dash --in "$F/raw_basic.csv" --out "$F/expected_basic.csv" -- pollclean -q --codebook "$CB" -
t stdin-pipe --out "$F/expected_basic.csv" --err-empty \
    -- bash -c 'cat "$1" | pollclean -q --codebook "$2"' _ "$F/raw_basic.csv" "$CB"
# A pipe is spooled in $TMPDIR.
t spool-tmpdir --status 1 --err-has "cannot create a temporary file in $TMP/none to hold <stdin>" \
    -- bash -c 'cat "$1" | TMPDIR="$3" pollclean -q --codebook "$2"' _ "$F/raw_basic.csv" "$CB" "$TMP/none"
# Without the BOM and with LF line ends: the same clean output.
tail -c +4 "$F/raw_basic.csv" | sed 's/\r$//' >"$TMP/lf.csv"
ok lf-has-no-cr bash -c "! grep -q $'\r' '$TMP/lf.csv'"
t no-bom-lf --out "$F/expected_basic.csv" -- pollclean -q --codebook "$CB" "$TMP/lf.csv"
# Typographic apostrophes, dash and NBSP written as ASCII: the same output;
# every raw answer lower-cased or upper-cased: the same output.
sed "s/\xE2\x80\x99/'/g; s/\xE2\x80\x98/'/g; s/\xE2\x80\x93/-/g; s/\xC2\xA0/ /g" "$F/raw_basic.csv" >"$TMP/ascii.csv"
t ascii-quotes --out "$F/expected_basic.csv" -- pollclean -q --codebook "$CB" "$TMP/ascii.csv"
{ head -n 1 "$F/raw_basic.csv"; tail -n +2 "$F/raw_basic.csv" | tr 'a-z' 'A-Z'; } >"$TMP/upper.csv"
t upper-case --out "$F/expected_basic.csv" -- pollclean -q --codebook "$CB" "$TMP/upper.csv"
# Answers padded with spaces and tabs, inner spaces tripled (raw_rules.csv
# has no quoted fields, so this stays valid CSV): the same output.
awk -F, -v OFS=, 'NR > 1 { for (i = 6; i <= NF; i++) { gsub(/ /, "   ", $i); $i = "  " $i "\t " } } { print }' \
    "$F/raw_rules.csv" >"$TMP/spaced.csv"
ok spaced-differs bash -c "! cmp -s '$F/raw_rules.csv' '$TMP/spaced.csv'"
t extra-spaces --out "$F/expected_rules.csv" -- pollclean -q --codebook "$CB" "$TMP/spaced.csv"
# The report's recode counts (machine-readable part).
t report-recodes --out "$F/expected_basic.csv" -- pollclean -q --codebook "$CB" --report "$TMP/basic.txt" "$F/raw_basic.csv"
ok report-recoded-sex grep -qx 'recoded.sex,6' "$TMP/basic.txt"
ok report-spellings-sex grep -qx 'spellings.sex,8' "$TMP/basic.txt"
ok report-age-unchanged-but-one grep -qx 'recoded.age,1' "$TMP/basic.txt"

# --- exclusion rules and their switches --------------------------------------
# raw_rules.csv: line 4 repeats line 2's id, 5 a speeder (100 s, median 600),
# 6 a straight-liner, 7 fails the attention check, 8 is 17, 9 is 130, 10 a
# partial complete, 11 lacks sex, 12 repeats line 3's id and speeds.
t rules --out "$F/expected_rules.csv" \
    --err-has "read 13 rows: kept 5, excluded 8" \
    --err-has "duplicate_id 2, speeder 2, attention_failed 1, age_out_of_range 2, missing_required 2" \
    -- pollclean --codebook "$CB" --excluded "$TMP/x.csv" --report "$TMP/r.txt" "$F/raw_rules.csv"
ok rules-excluded cmp "$F/expected_rules_excluded.csv" "$TMP/x.csv"

reasons() {
    pollclean -q --codebook "$CB" --excluded "$TMP/x.csv" -o "$TMP/c.csv" "$@" "$F/raw_rules.csv" &&
        tail -n +2 "$TMP/x.csv" | cut -d, -f1,3 | tr '\n' ' '
}
all="4,duplicate_id 5,speeder 7,attention_failed 8,age_out_of_range 9,age_out_of_range 10,missing_required 11,missing_required 12,duplicate_id;speeder "
ok default-reasons [ "$(reasons)" = "$all" ]
ok no-dedup [ "$(reasons --no-dedup)" = "5,speeder 7,attention_failed 8,age_out_of_range 9,age_out_of_range 10,missing_required 11,missing_required 12,speeder " ]
ok no-dedup-keeps-both [ "$(grep -c '^R_B001,' "$TMP/c.csv")" = 2 ]
ok speeder-off [ "$(reasons --speeder-fraction 0)" = "4,duplicate_id 7,attention_failed 8,age_out_of_range 9,age_out_of_range 10,missing_required 11,missing_required 12,duplicate_id " ]
ok speeder-fraction [ "$(reasons --speeder-fraction 0.9)" = "4,duplicate_id 5,speeder 7,attention_failed 8,age_out_of_range 9,age_out_of_range 10,speeder;missing_required 11,missing_required 12,duplicate_id;speeder " ]
ok straightliners [ "$(reasons --straightliners)" = "4,duplicate_id 5,speeder 6,straightliner 7,attention_failed 8,age_out_of_range 9,age_out_of_range 10,missing_required 11,missing_required 12,duplicate_id;speeder " ]
ok no-attention [ "$(reasons --no-attention)" = "4,duplicate_id 5,speeder 8,age_out_of_range 9,age_out_of_range 10,missing_required 11,missing_required 12,duplicate_id;speeder " ]
ok no-age-check [ "$(reasons --no-age-check)" = "4,duplicate_id 5,speeder 7,attention_failed 10,missing_required 11,missing_required 12,duplicate_id;speeder " ]
ok no-age-check-keeps-17 grep -q '^R_B007,17,,female,' "$TMP/c.csv"
ok no-range-check-same [ "$(reasons --no-range-check)" = "4,duplicate_id 5,speeder 7,attention_failed 10,missing_required 11,missing_required 12,duplicate_id;speeder " ]
ok no-required [ "$(reasons --no-required)" = "4,duplicate_id 5,speeder 7,attention_failed 8,age_out_of_range 9,age_out_of_range 12,duplicate_id;speeder " ]
ok no-required-keeps-blank-sex grep -q '^R_B010,38,25-49,,west_midlands,' "$TMP/c.csv"
ok all-off [ "$(reasons --no-dedup --speeder-fraction 0 --no-attention --no-age-check --no-required)" = "" ]
ok all-off-keeps-all [ "$(wc -l <"$TMP/c.csv")" = 14 ]
# The attention check may accept several codes (line 7 answered
# strongly_support), or none yet (a draft): then it checks nothing.
sed 's/^\(attention,attention,Q8,yes,response,\)tend_oppose,/\1tend_oppose|strongly_support,/' "$CB" >"$TMP/att2.csv"
ok two-correct-codebook-differs bash -c "! cmp -s '$CB' '$TMP/att2.csv'"
reasons_cb() {
    local cb=$1
    shift
    pollclean -q --codebook "$cb" --excluded "$TMP/x.csv" -o "$TMP/c.csv" "$@" "$F/raw_rules.csv" &&
        tail -n +2 "$TMP/x.csv" | cut -d, -f1,3 | tr '\n' ' '
}
ok attention-two-codes [ "$(reasons_cb "$TMP/att2.csv")" = "4,duplicate_id 5,speeder 8,age_out_of_range 9,age_out_of_range 10,missing_required 11,missing_required 12,duplicate_id;speeder " ]
sed 's/^\(attention,attention,Q8,yes,response,\)tend_oppose,/\1,/' "$CB" >"$TMP/att0.csv"
ok attention-no-code [ "$(reasons_cb "$TMP/att0.csv")" = "4,duplicate_id 5,speeder 8,age_out_of_range 9,age_out_of_range 10,missing_required 11,missing_required 12,duplicate_id;speeder " ]
pollclean -q --codebook "$TMP/att0.csv" --report "$TMP/r0.txt" -o /dev/null "$F/raw_rules.csv"
ok attention-no-code-said grep -q "attention_failed.*off: the codebook gives the attention check no correct answer" "$TMP/r0.txt"

# --- accounting --------------------------------------------------------------
pollclean -q --codebook "$CB" --excluded "$TMP/x.csv" --report "$TMP/r.txt" -o "$TMP/c.csv" "$F/raw_rules.csv"
val() { grep "^$1," "$TMP/r.txt" | cut -d, -f2; }
ok accounting-report [ "$(val rows_read)" = $(($(val rows_kept) + $(val rows_excluded))) ]
ok accounting-files [ "$(val rows_read)" = $(($(wc -l <"$TMP/c.csv") - 1 + $(wc -l <"$TMP/x.csv") - 1)) ]
ok accounting-reasons [ "$(val excluded.duplicate_id)" = 2 ] && [ "$(val excluded.speeder)" = 2 ] &&
    [ "$(val excluded.missing_required)" = 2 ] && [ "$(val excluded.straightliner)" = 0 ]
ok report-readable grep -q 'rows excluded *8' "$TMP/r.txt"
ok report-median grep -qx 'median_duration,600' "$TMP/r.txt"
ok report-speeder-cut grep -q 'speeder .*on: duration under 0.333333 x median 600 s = 200 s' "$TMP/r.txt"
ok report-straightliner-off grep -q 'straightliner .* off' "$TMP/r.txt"
# Counted over every record read, excluded ones too: 17 is in no band.
ok report-noband grep -qx 'noband.age_band,1' "$TMP/r.txt"

# --- an export that carries the pollster's weight -----------------------------
# Excluding rows breaks weights made for every row: a warning naming the
# column and the switches that would keep the rows, even with -q.
sed '1s/\r\?$/,wt_final/; 2,$s/\r\?$/,1.2/' "$F/raw_rules.csv" >"$TMP/weighted.csv"
ok weighted-made grep -q ',wt_final' "$TMP/weighted.csv"
t weighted-export-warns --out "$F/expected_rules.csv" --err-is "pollclean: warning: $TMP/weighted.csv:8:Q1: 1 value of age falls in no band of age_band (the first on this line); its band is left empty
pollclean: warning: $TMP/weighted.csv: column 'wt_final' looks like a weight the export already carries, and 8 rows were excluded: weights made for every row do not fit the rows kept; weight them again (pollweight), or keep every row (--speeder-fraction 0 --no-dedup --no-attention --no-range-check --no-required)" \
    -- pollclean -q --codebook "$CB" "$TMP/weighted.csv"
t weighted-export-speeders-only --err-is "pollclean: warning: $TMP/weighted.csv:8:Q1: 1 value of age falls in no band of age_band (the first on this line); its band is left empty
pollclean: warning: $TMP/weighted.csv: column 'wt_final' looks like a weight the export already carries, and 2 rows were excluded: weights made for every row do not fit the rows kept; weight them again (pollweight), or keep every row (--speeder-fraction 0)" \
    -- pollclean -q --codebook "$CB" --no-dedup --no-attention --no-range-check --no-required -o "$TMP/w.csv" "$TMP/weighted.csv"
t weighted-export-one-row --err-is "pollclean: warning: $TMP/weighted.csv:8:Q1: 1 value of age falls in no band of age_band (the first on this line); its band is left empty
pollclean: warning: $TMP/weighted.csv: column 'wt_final' looks like a weight the export already carries, and 1 row was excluded: weights made for every row do not fit the rows kept; weight them again (pollweight), or keep every row (--no-attention)" \
    -- pollclean -q --codebook "$CB" --no-dedup --speeder-fraction 0 --no-range-check --no-required -o "$TMP/w.csv" "$TMP/weighted.csv"
t weighted-export-all-kept --err-is "pollclean: warning: $TMP/weighted.csv:8:Q1: 1 value of age falls in no band of age_band (the first on this line); its band is left empty" \
    -- pollclean -q --codebook "$CB" --no-dedup --no-attention --no-range-check --no-required --speeder-fraction 0 \
    -o "$TMP/w.csv" "$TMP/weighted.csv"
t unweighted-export-no-warning --out "$F/expected_rules.csv" \
    --err-is "pollclean: warning: $F/raw_rules.csv:8:Q1: 1 value of age falls in no band of age_band (the first on this line); its band is left empty" \
    -- pollclean -q --codebook "$CB" "$F/raw_rules.csv"

# --- the duration's unit ------------------------------------------------------
# The same durations said to be minutes, by the source column's name or by
# the codebook's unit column: the same exclusions, told in minutes; the
# machine-readable median in seconds.
sed 's/Duration (in seconds)/Duration (in minutes)/' "$CB" >"$TMP/cb_min.csv"
sed '1s/Duration (in seconds)/Duration (in minutes)/' "$F/raw_rules.csv" >"$TMP/rules_min.csv"
t unit-from-source --out "$F/expected_rules.csv" \
    --err-has "pollclean: recoded 163 answers; 0 unmatched; median duration 600 min" \
    -- pollclean --codebook "$TMP/cb_min.csv" --excluded "$TMP/xm.csv" --report "$TMP/rm.txt" "$TMP/rules_min.csv"
ok unit-same-exclusions bash -c "sed '1s/(in minutes)/(in seconds)/' '$TMP/xm.csv' | cmp '$F/expected_rules_excluded.csv' -"
ok unit-report-cut grep -q 'speeder .*on: duration under 0.333333 x median 600 min = 200 min$' "$TMP/rm.txt"
ok unit-report-seconds grep -qx 'median_duration,36000' "$TMP/rm.txt"
awk 'NR == 1 { print $0 ",unit"; next } /^duration,duration,/ { print $0 ",hours"; next } { print $0 "," }' \
    "$CB" >"$TMP/cb_hours.csv"
t unit-column --out "$F/expected_rules.csv" --err-has "; median duration 600 h" \
    -- pollclean --codebook "$TMP/cb_hours.csv" --report "$TMP/rh.txt" "$F/raw_rules.csv"
ok unit-column-seconds grep -qx 'median_duration,2160000' "$TMP/rh.txt"
sed "/^duration,duration,/s/,hours$/,fortnights/" "$TMP/cb_hours.csv" >"$TMP/cb_bad_unit.csv"
ok bad-unit-made grep -q fortnights "$TMP/cb_bad_unit.csv"
t bad-unit --status 1 --err-is "pollclean: $TMP/cb_bad_unit.csv:3: unit must be seconds, minutes or hours, not 'fortnights'" \
    -- pollclean --codebook "$TMP/cb_bad_unit.csv" "$F/raw_rules.csv"
# A codebook without a duration: no speeder rule, said plainly.
grep -v '^duration,' "$CB" >"$TMP/cb_nodur.csv"
t no-duration --out-has "id,age,age_band" \
    --err-has "pollclean: recoded 163 answers; 0 unmatched; no duration (the codebook declares none)" \
    -- pollclean --codebook "$TMP/cb_nodur.csv" --report "$TMP/rn.txt" "$F/raw_rules.csv"
ok no-duration-no-unit bash -c "! grep -q 'unknown s' '$T_ERR'"
ok no-duration-speeder-off grep -q 'speeder .* off$' "$TMP/rn.txt"
ok no-duration-report grep -qx 'median_duration,' "$TMP/rn.txt"

# --- unmatched answers -------------------------------------------------------
# raw_unmatched.csv: 'Labor' (line 3) and ' LABOR ' (line 5) for vote2024,
# 'thirty' for age (line 4), 'Maybe' for Q7_7 (line 6).
echo keep >"$TMP/keep.csv"
t unmatched-fail --status 1 \
    --err-has "pollclean: $F/raw_unmatched.csv:3:Q5: 'Labor' matches no code of vote2024 (2 records)" \
    --err-has "pollclean: $F/raw_unmatched.csv:4:Q1: 'thirty' is not a number, for age (1 record)" \
    --err-has "pollclean: $F/raw_unmatched.csv:6:Q7_7: 'Maybe' matches no code of q_capped_routes (1 record)" \
    --err-has "4 unmatched answers (3 distinct): nothing written" \
    -- pollclean --codebook "$CB" -o "$TMP/keep.csv" --excluded "$TMP/ux.csv" --report "$TMP/ur.txt" \
    "$F/raw_unmatched.csv"
ok unmatched-output-untouched [ "$(cat "$TMP/keep.csv")" = keep ]
ok unmatched-no-excluded [ ! -e "$TMP/ux.csv" ] && [ ! -e "$TMP/ur.txt" ]
ok unmatched-no-temporaries [ -z "$(ls -A "$TMP" | grep '^\.keep\|^\.ux\|^\.ur')" ]
: >"$TMP/empty"
t unmatched-fail-stdout --status 1 --out "$TMP/empty" -- pollclean --codebook "$CB" "$F/raw_unmatched.csv"
t unmatched-missing --out-has "R_C002,30,25-49,male,london,no_degree,,remain," \
    --out-has "R_C004,30,25-49,male,london,no_degree,,remain," \
    --out-has "R_C005,30,25-49,male,london,no_degree,lab,remain,tend_support,strongly_support,neither,tend_oppose,strongly_oppose,dont_know," \
    --out-lacks "R_C003" --err-has "4 unmatched" \
    -- pollclean --codebook "$CB" --unmatched missing --excluded "$TMP/ux.csv" --report "$TMP/ur.txt" "$F/raw_unmatched.csv"
ok unmatched-missing-age-required [ "$(tail -n +2 "$TMP/ux.csv" | cut -d, -f1,3)" = "4,missing_required" ]
ok unmatched-report-lists grep -q "vote2024 *'Labor'  2 times, first on line 3" "$TMP/ur.txt"
t unmatched-exclude --out-has "R_C001," --out-lacks "R_C002" \
    -- pollclean -q --codebook "$CB" --unmatched exclude --excluded "$TMP/ux.csv" "$F/raw_unmatched.csv"
ok unmatched-exclude-reasons [ "$(tail -n +2 "$TMP/ux.csv" | cut -d, -f1,3 | tr '\n' ' ')" = "3,unmatched 4,unmatched 5,unmatched 6,unmatched " ]

# --- extra header rows -------------------------------------------------------
t qualtrics-needs-skip --status 1 --err-has "skip them with --skip-rows N" -- pollclean --codebook "$CB" "$F/raw_qualtrics.csv"
t qualtrics --out-has "R_D001,30,25-49,male,london" --out-has "R_D002,40,25-49,female,wales" \
    --err-has "read 2 rows: kept 2" \
    -- pollclean --codebook "$CB" --skip-rows 2 --report "$TMP/q.txt" "$F/raw_qualtrics.csv"
ok qualtrics-report grep -qx 'rows_skipped,2' "$TMP/q.txt"
t qualtrics-excluded-line -- pollclean -q --codebook "$CB" --skip-rows 2 --no-dedup --speeder-fraction 0.99 \
    --excluded "$TMP/qx.csv" "$F/raw_qualtrics.csv"
ok qualtrics-line-counts-header-rows [ "$(tail -n +2 "$TMP/qx.csv" | cut -d, -f1,3)" = "5,speeder" ]

# --- TSV ----------------------------------------------------------------------
tr ',' '\t' <"$F/raw_rules.csv" >"$TMP/rules.tsv"
tr ',' '\t' <"$F/expected_rules.csv" >"$TMP/expected_rules.tsv"
t tsv --out "$TMP/expected_rules.tsv" -- pollclean -q --tsv --codebook "$CB" "$TMP/rules.tsv"

# --- bad codebooks -----------------------------------------------------------
n=$(($(wc -l <"$CB") + 1))
{ cat "$CB"; printf 'sex,code,,,,other,Other,,,,,Male,\n'; } >"$TMP/cb_conflict.csv"
t codebook-conflict --status 1 \
    --err-has "pollclean: $TMP/cb_conflict.csv:$n: answer 'Male' of sex is accepted for both male (line 11) and other" \
    -- pollclean --codebook "$TMP/cb_conflict.csv" "$F/raw_basic.csv"
sed 's/^q_family_reunion,question,Q7_3,/q_family_reunion,question,Q7_9,/' "$CB" >"$TMP/cb_col.csv"
line=$(grep -n '^q_family_reunion' "$TMP/cb_col.csv" | cut -d: -f1)
t codebook-missing-column --status 1 \
    --err-has "pollclean: $TMP/cb_col.csv:$line: column 'Q7_9' of variable q_family_reunion is not in $F/raw_basic.csv" \
    -- pollclean --codebook "$TMP/cb_col.csv" "$F/raw_basic.csv"
# A source mistyped in the codebook: the export's nearest column offered.
sed 's/^id,id,ResponseId,/id,id,ResponseID,/' "$CB" >"$TMP/cb_rid.csv"
t codebook-source-mistyped --status 1 \
    --err-is "pollclean: $TMP/cb_rid.csv:2: column 'ResponseID' of variable id is not in $F/raw_basic.csv (did you mean 'ResponseId'?)" \
    -- pollclean --codebook "$TMP/cb_rid.csv" "$F/raw_basic.csv"
sed '1s/,label,/,lable,/' "$CB" >"$TMP/cb_lable.csv"
t codebook-column-mistyped --status 1 --err-is "pollclean: $TMP/cb_lable.csv:1: unknown column 'lable' (did you mean 'label'?)" \
    -- pollclean --codebook "$TMP/cb_lable.csv" "$F/raw_basic.csv"
sed 's/^response,net,,,,oppose,Oppose,negative,,/response,net,,,,oppose,Oppose,negative,strongly_oppose|tend_support,/' \
    "$CB" >"$TMP/cb_sides.csv"
line=$(grep -n '^response,net,,,,oppose' "$TMP/cb_sides.csv" | cut -d: -f1)
t codebook-two-sides --status 1 \
    --err-has "pollclean: $TMP/cb_sides.csv:$line: code 'tend_support' would have two sides: it is positive (line 46) and in the negative net 'oppose'" \
    -- pollclean --codebook "$TMP/cb_sides.csv" "$F/raw_basic.csv"
{ cat "$CB"; printf 'sex,code,male\n'; } >"$TMP/cb_ragged.csv"
t codebook-malformed --status 1 --err-has "pollclean: $TMP/cb_ragged.csv:$n: record has 3 fields, the header has 13" \
    -- pollclean --codebook "$TMP/cb_ragged.csv" "$F/raw_basic.csv"
sed 's/^sex,category,/sex,categorical,/' "$CB" >"$TMP/cb_kind.csv"
t codebook-unknown-kind --status 1 --err-has "cb_kind.csv:10: unknown kind 'categorical'" \
    -- pollclean --codebook "$TMP/cb_kind.csv" "$F/raw_basic.csv"
t codebook-missing-file --status 1 --err-has "pollclean: $TMP/nosuch.csv: No such file" \
    -- pollclean --codebook "$TMP/nosuch.csv" "$F/raw_basic.csv"

# --- edge cases ---------------------------------------------------------------
hdr='ResponseId,Duration (in seconds),Q1,Q2,Q3,Q4,Q5,Q6,Q7_1,Q7_2,Q7_3,Q7_4,Q7_5,Q7_6,Q7_7,Q8'
printf '%s\n' "$hdr" >"$TMP/header_only.csv"
t header-only --out-has "id,age,age_band,sex" --err-has "read 0 rows: kept 0, excluded 0" \
    -- pollclean --codebook "$CB" --report "$TMP/h.txt" "$TMP/header_only.csv"
ok header-only-report grep -q 'speeder .*on, but no record has a duration' "$TMP/h.txt"
ok header-only-summary grep -qx 'pollclean: recoded 0 answers; 0 unmatched; median duration unknown (no record has one)' "$T_ERR"
printf 'id,%s\n1,a,100,12,M,Wales,No degree,,,,,,,,,,\n' "$hdr" >"$TMP/idcol.csv"
t raw-id-column -- pollclean -q --codebook "$CB" --excluded "$TMP/idx.csv" "$TMP/idcol.csv"
ok raw-id-column-renamed [ "$(head -n 1 "$TMP/idx.csv" | cut -d, -f1-5)" = "line,id,reasons,raw_id,ResponseId" ]
ok raw-id-column-reasons [ "$(tail -n 1 "$TMP/idx.csv" | cut -d, -f1-4)" = "2,a,age_out_of_range;missing_required,1" ]

# --- bad data and output errors ----------------------------------------------
{ head -n 3 "$F/raw_rules.csv"; echo "R_X,1,2"; } >"$TMP/ragged.csv"
t ragged-input --status 1 --err-has "ragged.csv:4: record has 3 fields, the header has 19" \
    -- pollclean --codebook "$CB" -o "$TMP/never.csv" "$TMP/ragged.csv"
ok ragged-no-output [ ! -e "$TMP/never.csv" ]
t full-disk --status 1 --err-has "write error" -- pollclean -q --codebook "$CB" -o /dev/full "$F/raw_basic.csv"
t full-stdout --status 1 --err-has "write error" -- bash -c 'pollclean -q --codebook "$1" "$2" >/dev/full' _ "$CB" "$F/raw_basic.csv"

# --- the sample and pollsynth's exports --------------------------------------
# The injected defects of kind $1 in $2, and the excluded records with
# reason $1 in $3, as sorted line numbers.
injected() { awk -F, -v k="$1" 'NR > 1 && $3 == k { print $2 }' "$2" | sort -n; }
found() { awk -F, -v k="$1" 'NR > 1 { n = split($3, r, ";"); for (i = 1; i <= n; i++) if (r[i] == k) print $1 }' "$2" | sort -n; }
kinds="duplicate_id speeder straightliner attention_failed age_out_of_range missing_required"
# Every category in the clean sample is one of the codebook's codes.
if [ -f "$DATA/sample_raw.csv" ]; then
    t sample --err-has "read 2000 rows" -- pollclean --codebook "$CB" -o "$TMP/sample.csv" "$DATA/sample_raw.csv"
    ok sample-header [ "$(head -n 1 "$TMP/sample.csv")" = "id,age,age_band,sex,region,edu,vote2024,euref,q_temp_status,q_settle_20y,q_family_reunion,q_support_discretionary,q_remove_families,q_visa_penalties,q_capped_routes" ]
    ok sample-canonical awk -F, 'BEGIN {
            split("18-24 25-49 50-64 65+", a, " "); for (i in a) ok[3, a[i]] = 1
            split("male female", a, " "); for (i in a) ok[4, a[i]] = 1
            split("north_east north_west yorkshire east_midlands west_midlands east london south_east south_west wales scotland", a, " "); for (i in a) ok[5, a[i]] = 1
            split("degree no_degree", a, " "); for (i in a) ok[6, a[i]] = 1
            split("con lab ld ref grn snp pc other did_not_vote", a, " "); for (i in a) ok[7, a[i]] = 1; ok[7, ""] = 1
            split("remain leave did_not_vote", a, " "); for (i in a) ok[8, a[i]] = 1; ok[8, ""] = 1
            split("strongly_support tend_support neither tend_oppose strongly_oppose dont_know", a, " ")
            for (c = 9; c <= 15; c++) { for (i in a) ok[c, a[i]] = 1; ok[c, ""] = 1 }
        }
        NR > 1 {
            if (NF != 15 || $2 !~ /^[0-9]+$/ || $2 < 18) { print "bad row " NR; bad = 1 }
            for (c = 3; c <= 15; c++) if (!((c, $c) in ok)) { print "line " NR ": column " c " value " $c; bad = 1 }
        }
        END { exit bad || NR < 1000 }' "$TMP/sample.csv"
    if [ -f "$DATA/sample_injected.csv" ]; then
        pollclean -q --straightliners --codebook "$CB" --excluded "$TMP/sample_x.csv" -o /dev/null "$DATA/sample_raw.csv"
        for kind in $kinds; do
            ok "sample-$kind-exact" cmp <(injected $kind "$DATA/sample_injected.csv") <(found $kind "$TMP/sample_x.csv")
        done
    fi
fi
# --- numbers in no band, and duplicates of excluded records -----------------
# raw_noband_dup.csv: line 3 has age 24.5 (between two bands), line 5 age 5
# (out of range), line 8 repeats line 5's id.
t noband-warns --err-has "pollclean: warning: $F/raw_noband_dup.csv:3:Q1: 2 values of age fall in no band of age_band (the first on this line); their bands are left empty" \
    -- pollclean --codebook "$CB" --report "$TMP/nb_report.txt" -o "$TMP/nb.csv" "$F/raw_noband_dup.csv"
ok noband-kept-empty [ "$(awk -F, '$2 == "24.5" { print $3 "|" }' "$TMP/nb.csv")" = "|" ]
ok dup-of-excluded-reported grep -q "1 of them repeat an id whose first copy was excluded for another" "$TMP/nb_report.txt"
ok dup-of-excluded-line grep -q "reason (the first on line 8), so no copy of that id is kept" "$TMP/nb_report.txt"
ok dup-of-excluded-machine grep -qx "duplicates_of_excluded,1" "$TMP/nb_report.txt"
t noband-quiet-still-warns --err-has "fall in no band" -- pollclean -q --codebook "$CB" -o /dev/null "$F/raw_noband_dup.csv"
t no-noband-no-warning --err-empty -- pollclean -q --codebook "$CB" -o /dev/null "$F/raw_basic.csv"

if [ -x "$POLLKIT_BIN/pollsynth" ]; then
    pollsynth --n 3000 --seed 4242 --injected "$TMP/inj.csv" -o "$TMP/raw.csv"
    pollsynth --n 3000 --seed 4242 --clean -o "$TMP/syn_clean.csv"
    t synth --err-has "read 3000 rows" -- pollclean --straightliners --codebook "$CB" --excluded "$TMP/sx.csv" \
        -o "$TMP/pc.csv" "$TMP/raw.csv"
    for kind in $kinds; do
        ok "synth-$kind-nonempty" [ -n "$(injected $kind "$TMP/inj.csv")" ]
        ok "synth-$kind-exact" cmp <(injected $kind "$TMP/inj.csv") <(found $kind "$TMP/sx.csv")
    done
    # Default (straight-lining off): the other rules still exactly match,
    # and straight-liners not excluded otherwise are kept.
    pollclean -q --codebook "$CB" --excluded "$TMP/sx2.csv" -o "$TMP/pc2.csv" "$TMP/raw.csv"
    ok synth-default-no-straightliner [ -z "$(found straightliner "$TMP/sx2.csv")" ]
    for kind in duplicate_id speeder attention_failed age_out_of_range missing_required; do
        ok "synth-default-$kind-exact" cmp <(injected $kind "$TMP/inj.csv") <(found $kind "$TMP/sx2.csv")
    done
    ok synth-default-keeps-more [ "$(wc -l <"$TMP/pc2.csv")" -gt "$(wc -l <"$TMP/pc.csv")" ]
    # pollsynth --clean keeps the genuine respondents, honest straight-liners
    # included (its injected straight-liners also speed): what pollclean
    # keeps by default, byte for byte.
    ok synth-equals-pollsynth-clean cmp "$TMP/syn_clean.csv" "$TMP/pc2.csv"
    # Switching a rule off removes exactly its reason.
    pollclean -q --codebook "$CB" --no-dedup --no-attention --excluded "$TMP/sx3.csv" -o /dev/null "$TMP/raw.csv"
    ok synth-no-dedup [ -z "$(found duplicate_id "$TMP/sx3.csv")" ] && [ -z "$(found attention_failed "$TMP/sx3.csv")" ]
    ok synth-no-dedup-speeders cmp <(injected speeder "$TMP/inj.csv") <(found speeder "$TMP/sx3.csv")
    # A pipe is spooled for the second pass: same result as the file.
    t synth-pipe --out "$TMP/pc.csv" -- bash -c 'cat "$1" | pollclean -q --straightliners --codebook "$2"' _ "$TMP/raw.csv" "$CB"
fi

# The summary's reasons line never cuts a count: whole items while they fit,
# then how many more (the report has them all).
awk 'BEGIN { print "variable,kind,source,required,scale,code,label,side,members,min,max,accept,wording"
    print "id,id,id,yes,,,Id,,,,,,"
    for (v = 1; v <= 60; v++) printf "a_rather_long_measure_%02d,number,m%02d,,,,M,,,0,1,,\n", v, v }' \
    >"$TMP/manycb.csv"
awk 'BEGIN { printf "id"; for (v = 1; v <= 60; v++) printf ",m%02d", v; print ""
    for (r = 1; r <= 3; r++) { printf "%d", r; for (v = 1; v <= 60; v++) printf ",%d", (r == 1 ? 5 : 0); print "" } }' \
    >"$TMP/many.csv"
t "many reasons: whole items, then how many more" \
    --err-has ", a_rather_long_measure_23_out_of_range 1, and 37 more reasons (37 exclusions): see --report" -- \
    pollclean --codebook "$TMP/manycb.csv" -o "$TMP/many_out.csv" "$TMP/many.csv"

finish
