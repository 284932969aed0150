#!/usr/bin/env bash
# pollcodebook end to end: options; the draft of the sample export, which
# pollclean accepts as it is and which, after only the edits its notes ask
# for (made here by a small script), keeps the same respondents as
# data/codebook.csv with the same exclusions per reason; drafts of the SPSS
# and Stata fixtures, which used unedited keep every respondent with no
# unmatched answer; the kinds, scales, sides and nets it guesses; its
# determinism; bad input.
. "$(dirname "$0")/lib/harness.sh"
S=$FIX/statfile

# --- options -----------------------------------------------------------------
t help --out-has "Usage: pollcodebook" --out-has "Example" --out-has "Exit status" --err-empty -- pollcodebook --help
t version --out-has "pollcodebook (pollkit)" --err-empty -- pollcodebook --version
t bad-option --status 2 --err-has "pollcodebook: unknown option '--frobnicate'" --err-has "Try 'pollcodebook --help'." \
    -- pollcodebook --frobnicate
t bad-skip --status 2 --err-has "pollcodebook: --skip-rows" -- pollcodebook --skip-rows x "$DATA/sample_raw.csv"
t two-inputs --status 2 --err-has "extra operand" -- pollcodebook a.csv b.csv
t missing-input --status 1 --err-has "pollcodebook: nosuch.csv: No such file" -- pollcodebook nosuch.csv
t full-disk --status 1 --err-has "pollcodebook: " -- sh -c "pollcodebook '$DATA/sample_raw.csv' >/dev/full"

# --- the sample export ---------------------------------------------------------
t sample-draft --err-has "data/sample_raw.csv: 2000 records, 19 columns: 17 variables (1 scale), 2 left out" \
    -- pollcodebook -o "$TMP/draft.csv" "$DATA/sample_raw.csv"
ok "deterministic" bash -c "pollcodebook -q '$DATA/sample_raw.csv' | cmp -s - '$TMP/draft.csv'"
ok "the same from standard input (but its name)" bash -c \
    "pollcodebook -q <'$DATA/sample_raw.csv' | sed 's/<stdin>/X/' | cmp -s - <(sed 's|$DATA/sample_raw.csv|X|' '$TMP/draft.csv')"
# The guesses: the id, the duration, the age's range left to check, the
# support scale with its sides and nets, don't knows, merged spellings, the
# dominant answer of the attention check, the columns left out.
ok "id" grep -q '^id,id,ResponseId,yes,.*38 records repeat an earlier id' "$TMP/draft.csv"
ok "duration" grep -q '^duration,duration,Duration (in seconds),' "$TMP/draft.csv"
ok "age range from the data, to check" grep -q '^q1,number,Q1,,,,Q1,,,0,999,.*set the valid range' "$TMP/draft.csv"
ok "support scale" grep -q '^support_scale,scale,,,,,Support or opposition,.*a common scale recognised (support)' "$TMP/draft.csv"
ok "sides" bash -c "grep '^support_scale,code,' '$TMP/draft.csv' | cut -d, -f6,8 | tr '\n' ' ' | grep -qx \
'strongly_support,positive tend_to_support,positive somewhat_support,positive neither_support_nor_oppose,neutral neither_nor,neutral neither,neutral tend_to_oppose,negative somewhat_oppose,negative strongly_oppose,negative dont_know,dont_know dont_know_not_sure,dont_know not_sure,dont_know '"
ok "nets" bash -c "grep '^support_scale,net,' '$TMP/draft.csv' | cut -d, -f6-8 | tr '\n' ' ' | grep -qx \
'support,Support,positive oppose,Oppose,negative net,Net support,score '"
ok "one scale for the eight questions" test "$(grep -c '^q[78][_0-9]*,question,Q[78][_0-9]*,,support_scale,' "$TMP/draft.csv")" = 8
ok "spellings that normalise alike: one code" bash -c "! grep -qi '^q2,code,,,,female_2' '$TMP/draft.csv' && grep -c '^q2,code,' '$TMP/draft.csv' | grep -qx 6"
ok "typographic apostrophes: one code" bash -c "grep '^q5,missing' '$TMP/draft.csv' | grep -q \"Don't know|\""
ok "slug-alike spellings merged, noted" grep -q "^q3,code,,,,south_east,South East,.*,south-east,,\"one code for 'South East', 'South-East'" "$TMP/draft.csv"
ok "don't know of a category: missing" grep -q "^q6,missing,,,,,,,,,,,Don't know|Prefer not to say|Can't remember," "$TMP/draft.csv"
ok "attention check suspected" grep -q "^q8,question,Q8,,support_scale,.*'Tend to oppose' (tend_to_oppose) is 73% of the answers: if this is an attention check" "$TMP/draft.csv"
ok "dates left out" grep -q '^#,,StartDate,.*left out' "$TMP/draft.csv"
ok "codes are ASCII snake case" bash -c "grep -v '^#' '$TMP/draft.csv' | tail -n +2 | awk -F, '\$2 == \"code\" { print \$6 }' | grep -v '^[a-z0-9_]*\$' | wc -l | grep -qx 0"

# Accepted as it is: every record read, none unmatched.
t "draft accepted as it is" --err-has "read 2000 rows" --err-has "0 unmatched" \
    -- pollclean --codebook "$TMP/draft.csv" -o "$TMP/c0.csv" "$DATA/sample_raw.csv"

# The edits its notes ask for: confirm the id (it is ResponseId: nothing to
# change), say which variables are required, set the age's range, and give
# the attention check its answer (Tend to oppose, which the export also
# spells Somewhat oppose).
ok "the id is ResponseId" grep -q '^id,id,ResponseId,yes,' "$TMP/draft.csv"
sed -e 's/^q1,number,Q1,,,,Q1,,,[^,]*,[^,]*,/q1,number,Q1,yes,,,Q1,,,18,110,/' \
    -e 's/^\(q[234]\),category,\(Q[234]\),,/\1,category,\2,yes,/' \
    -e 's/^q8,question,Q8,,support_scale,,/q8,attention,Q8,yes,support_scale,tend_to_oppose|somewhat_oppose,/' \
    "$TMP/draft.csv" >"$TMP/edited.csv"
ok "five rows edited" test "$(diff "$TMP/draft.csv" "$TMP/edited.csv" | grep -c '^>')" = 5
pollclean -q --codebook "$TMP/edited.csv" --report "$TMP/r1.txt" -o "$TMP/c1.csv" "$DATA/sample_raw.csv"
pollclean -q --codebook "$DATA/codebook.csv" --report "$TMP/r2.txt" -o "$TMP/c2.csv" "$DATA/sample_raw.csv" 2>/dev/null
ok "the same respondents as data/codebook.csv" bash -c "cmp -s <(cut -d, -f1 '$TMP/c1.csv') <(cut -d, -f1 '$TMP/c2.csv')"
ok "as many as data/codebook.csv keeps (1774)" test "$(wc -l <"$TMP/c1.csv")" = 1775
# Per reason (the draft names the age q1: its reason is q1_out_of_range).
ok "the same exclusions per reason" bash -c "cmp -s <(grep '^excluded\.' '$TMP/r1.txt' | sed 's/q1_out_of_range/age_out_of_range/') <(grep '^excluded\.' '$TMP/r2.txt')"
ok "every rule had work to do" bash -c "grep '^excluded\.' '$TMP/r1.txt' | grep -v 'straightliner\|unmatched' | grep -c ',0$' | grep -qx 0"

# --- SPSS and Stata --------------------------------------------------------------
for f in poll.sav poll.zsav poll.dta poll_old.dta; do
    t "$f: draft" -- pollcodebook -o "$TMP/$f.csv" "$S/$f"
    # Unedited: every record accounted for, none unmatched, and only the
    # exclusions the data call for (the hand-written codebook's).
    t "$f: draft used unedited" --err-has "read 8 rows: kept 5, excluded 3" \
        --err-has "duplicate_id 1, speeder 1, age_out_of_range 1" --err-has "0 unmatched" \
        -- pollclean --codebook "$TMP/$f.csv" -o "$TMP/$f.clean.csv" "$S/$f"
    t "$f: every respondent kept with the rules off" --err-has "read 8 rows: kept 8, excluded 0" --err-has "0 unmatched" \
        -- pollclean --codebook "$TMP/$f.csv" --no-dedup --speeder-fraction 0 --no-range-check -o /dev/null "$S/$f"
    ok "$f: wording from the variable labels" grep -q '^q1,question,q1,,support_scale,,.*,Do you support or oppose raising the minimum wage?,' "$TMP/$f.csv"
    ok "$f: codes from the value labels, in the file's order" bash -c "grep '^support_scale,code,' '$TMP/$f.csv' | cut -d, -f6 | tr '\n' ' ' | grep -qx \
'strongly_support tend_to_support neither_support_nor_oppose tend_to_oppose strongly_oppose 6 '"
    ok "$f: an answer without a label, noted" grep -q '^support_scale,code,,,,6,6,,.*without a value label' "$TMP/$f.csv"
    # The file's author declared it missing: it stays out of the base.
    ok "$f: a user-missing don't know is missing, as the file says" grep -q "^support_scale,missing,,,,,,,,,,,Don't know,,\"declared missing in the file (user-missing): no answer, left out of the base; to keep one in the base" "$TMP/$f.csv"
    ok "$f: an age" grep -q '^age,number,age,,,,How old are you?,,,18,110,' "$TMP/$f.csv"
    ok "$f: free text left out" grep -q '^#,,comment,' "$TMP/$f.csv"
done
ok "SPSS and Stata drafts clean alike" cmp "$TMP/poll.sav.clean.csv" "$TMP/poll.dta.clean.csv"
ok "the clean values" bash -c "cut -d, -f1,4,5 '$TMP/poll.sav.clean.csv' | tr '\n' ' ' | grep -qx \
'id,q1,q2 r1,strongly_support,strongly_oppose r2,tend_to_support, r4,,strongly_support r6,neither_support_nor_oppose,tend_to_support r8,tend_to_support,tend_to_oppose '"

# --- other scales, names and shapes -------------------------------------------------
{
    echo 'respondent,Duration (minutes),attention_check,"How likely are you to recommend your bank to a friend, from 0 to 10?",Do you approve of the plan?,Gender'
    for i in $(seq 1 40); do
        printf 'p%d,%d,Blue,%s,%s,%s\n' "$i" $((10 + i)) "$(( (i - 1) % 11 ))" \
            "$(case $((i % 3)) in 0) echo Yes ;; 1) echo No ;; *) echo "Don't know" ;; esac)" \
            "$(case $((i % 2)) in 0) echo Woman ;; *) echo Man ;; esac)"
    done
    echo "p41,12,Red,Don't know,Yes,Woman"
} >"$TMP/other.csv"
t other-draft -- pollcodebook -o "$TMP/other.csv.cb" "$TMP/other.csv"
ok "id by name" grep -q '^id,id,respondent,yes,' "$TMP/other.csv.cb"
ok "minutes, from the name" grep -q '^duration,duration,Duration (minutes),.*,minutes,,,,"guessed from its name, in minutes' "$TMP/other.csv.cb"
ok "attention check by name, answer left open" grep -q '^attention,attention,attention_check,,[a-z_]*_scale,,Attention check,.*put the correct answer' "$TMP/other.csv.cb"
ok "0-10 scale" grep -q '^scale_0_10,scale,,,,,0 to 10,' "$TMP/other.csv.cb"
ok "0-10 in numeric order, sides" bash -c "grep '^scale_0_10,code,' '$TMP/other.csv.cb' | cut -d, -f6,8 | tr '\n' ' ' | grep -qx \
'0,negative 1,negative 2,negative 3,negative 4,negative 5,neutral 6,positive 7,positive 8,positive 9,positive 10,positive dont_know,dont_know '"
ok "0-10 nets" bash -c "grep '^scale_0_10,net,' '$TMP/other.csv.cb' | cut -d, -f6-8 | tr '\n' ' ' | grep -qx \
'top_6_10,6 to 10,positive bottom_0_4,0 to 4,negative net,Net score,score '"
ok "a long header is the wording" grep -q '^how_likely_are_you_to_recommend,question,.*,"How likely are you to recommend your bank to a friend, from 0 to 10?",' "$TMP/other.csv.cb"
ok "yes/no: one code a side is its own net, a net score only" bash -c "grep '^yes_no_scale,net,' '$TMP/other.csv.cb' | cut -d, -f6-8 | tr '\n' ' ' | grep -qx 'net,Net yes,score '"
ok "a short header: a category" grep -q '^gender,category,Gender,' "$TMP/other.csv.cb"
t "other draft accepted as it is" --err-has "read 41 rows: kept 41, excluded 0" --err-has "0 unmatched" \
    -- pollclean --codebook "$TMP/other.csv.cb" -o "$TMP/other.clean.csv" "$TMP/other.csv"
t "its scales work in pollsupport" --out-has "top_6_10" --out-has "net_score" \
    -- pollsupport --codebook "$TMP/other.csv.cb" --by gender --unweighted "$TMP/other.clean.csv"

# TSV, and Qualtrics' extra header rows (the first gives the wording).
t qualtrics -- pollcodebook --skip-rows 2 -o "$TMP/q.cb" "$FIX/clean/raw_qualtrics.csv"
ok "qualtrics: wording from the extra header row" grep -q '^age,number,Q1,,,,How old are you?,' "$TMP/q.cb"
ok "qualtrics: attention by its wording" grep -q '^attention,attention,Q8,' "$TMP/q.cb"
t "qualtrics draft accepted" --err-has "read 2 rows: kept 2" -- pollclean --skip-rows 2 --codebook "$TMP/q.cb" -o /dev/null "$FIX/clean/raw_qualtrics.csv"
sed 's/, from 0 to 10?"/?"/; s/,/\t/g; s/"//g' "$TMP/other.csv" >"$TMP/other.tsv"
t tsv --err-has "41 records, 6 columns" -- pollcodebook --tsv -o "$TMP/tsv.cb" "$TMP/other.tsv"

# --- bad input -------------------------------------------------------------------
head -c 1000 "$S/poll.sav" >"$TMP/cut.sav"
t "damaged .sav" --status 1 --err-has "pollcodebook: $TMP/cut.sav: not a readable SPSS file" -- pollcodebook -o "$TMP/no.csv" "$TMP/cut.sav"
ok "no partial output" test ! -e "$TMP/no.csv"
printf 'a,b\n1,2\n3\n' >"$TMP/ragged.csv"
# --- what a draft must not get wrong (make_hardening.R's draft.sav) -------------
t "draft.sav: draft" --err-has "pollcodebook: warning: 5 rows of the draft hold a text starting with =, +, -, @" \
    --err-has "open the draft as text" -- pollcodebook -o "$TMP/hd.csv" "$S/draft.sav"
# Unedited, it keeps every record: the number's extremes (-pi and pi, 17
# digits) fall inside its drafted range, rounded outward, and the weight
# has no maximum.
t "draft.sav: every record kept" --err-has "read 24 rows: kept 24, excluded 0" --err-has "0 unmatched" \
    -- pollclean --codebook "$TMP/hd.csv" --speeder-fraction 0 -o "$TMP/hd.clean.csv" "$S/draft.sav"
ok "a range rounded outward" grep -q '^score,number,score,,,,Score,,,-3.1415926535898,3.1415926535898,' "$TMP/hd.csv"
ok "a weight: at least 0, no maximum" grep -q '^wt,number,wt,,,,Weight,,,0,,,,Weight,"a weight: at least 0, no maximum' "$TMP/hd.csv"
ok "numbers pass through whole" bash -c "cut -d, -f3,4 '$TMP/hd.clean.csv' | grep -qx '0.25,-3.141592653589793' &&
    cut -d, -f3,4 '$TMP/hd.clean.csv' | grep -qx '4.123456789012345,3.141592653589793'"
ok "a duration by its label, in minutes" grep -q '^duration,duration,len,,,,Interview duration,,,,,minutes,,,"guessed from its label, in minutes' "$TMP/hd.csv"
ok "two values with one label: one code accepting both, noted" \
    grep -q "^agree_scale,code,,,,agree,Agree,positive,,,,,1|2,,the file gives the label 'Agree' to more than one value (1 and 2)" "$TMP/hd.csv"
ok "a user-missing answer is missing" grep -q '^plan,missing,,,,,,,,,,,Not sure|Not asked,' "$TMP/hd.csv"
for label in "=cmd|' /C calc'!A0" '+SUM(1+1)' '-2+3' '@SUM(A1)'; do
    ok "formula-like label flagged: $label" bash -c 'grep -F -- ",$1," "$2" | grep -q "starts like a spreadsheet formula"' _ "$label" "$TMP/hd.csv"
done
ok "formula-like variable label flagged" bash -c "grep '^sneaky,category,' '$TMP/hd.csv' | grep -q 'its label and wording start like a spreadsheet formula'"
ok "a negative number is no formula" bash -c "! grep '^score,' '$TMP/hd.csv' | grep -q 'formula'"
# CSV: durations by name and unit; none found is said.
printf 'id,LOI (hrs),Interview length (mins),q\n1,0.2,12,Yes\n2,0.3,15,No\n3,0.25,11,Yes\n4,0.1,9,No\n5,0.4,20,Yes\n6,0.33,14,No\n' >"$TMP/loi.csv"
t "LOI in hours" -- pollcodebook -o "$TMP/loi.cb" "$TMP/loi.csv"
ok "LOI (hrs): a duration in hours" grep -q '^duration,duration,LOI (hrs),,,,Interview duration,,,,,hours,' "$TMP/loi.cb"
printf 'id,Interview length (mins),q\n1,12,Yes\n2,15,No\n3,11,Yes\n4,9,No\n5,20,Yes\n6,14,No\n' >"$TMP/il.csv"
t "interview length in minutes" -- pollcodebook -o "$TMP/il.cb" "$TMP/il.csv"
ok "Interview length (mins): a duration in minutes" grep -q '^duration,duration,Interview length (mins),,,,Interview duration,,,,,minutes,' "$TMP/il.cb"
printf 'id,q\n1,Yes\n2,No\n3,Yes\n' >"$TMP/nodur.csv"
t "no duration" -- pollcodebook -o "$TMP/nodur.cb" "$TMP/nodur.csv"
ok "no duration: said in a comment row" grep -q "^#,.*no interview duration found.*speeder rule is off" "$TMP/nodur.cb"
ok "a duration: no such comment" bash -c "! grep -q 'no interview duration found' '$TMP/il.cb'"

t "ragged CSV" --status 1 --err-has "pollcodebook: $TMP/ragged.csv:3: record has 1 field" -- pollcodebook "$TMP/ragged.csv"
: >"$TMP/empty.csv"
t "empty input" --status 1 --err-has "empty input" -- pollcodebook "$TMP/empty.csv"

# --- scores: a scale whose codes are numbered (0 to 10, or labels "1 - ..."
# to "5 - ...") gets a score per code, don't know none; pollsupport then
# gives it a mean score, the mean of those numbers.
{
    echo 'id,likely,agree5,words,party'
    for i in $(seq 1 120); do
        l=$(( (i * 7) % 12 )); [ "$l" = 11 ] && l="Don't know"
        case $(( (i * 5) % 6 )) in
            0) a="1 - Strongly disagree" ;; 1) a="2 - Disagree" ;; 2) a="3 - Neither" ;;
            3) a="4 - Agree" ;; 4) a="5 - Strongly agree" ;; *) a="Prefer not to say" ;;
        esac
        case $((i % 3)) in 0) w=Agree ;; 1) w=Disagree ;; *) w="Strongly agree" ;; esac
        printf 'r%d,%s,%s,%s,%s\n' "$i" "$l" "$a" "$w" "$(case $((i % 2)) in 0) echo Labour ;; *) echo Green ;; esac)"
    done
} >"$TMP/scores.csv"
t "scores drafted" --err-empty -- pollcodebook -q -o "$TMP/scores.cb" "$TMP/scores.csv"
ok "a score column" grep -q '^variable,kind,source,required,scale,code,label,side,members,min,max,unit,accept,wording,score,note$' "$TMP/scores.cb"
for k in 0 1 5 10; do
    ok "0-10: code $k scores $k" grep -q "^scale_0_10,code,,,,$k,$k,[a-z]*,,,,,,,$k,\$" "$TMP/scores.cb"
done
ok "0-10: don't know has no score" grep -q "^scale_0_10,code,,,,dont_know,Don't know,dont_know,,,,,,,," "$TMP/scores.cb"
ok "numbered labels are an agree scale" grep -q '^agree5,question,agree5,,agree_scale,' "$TMP/scores.cb"
ok "... scored by their numbers" grep -q '^agree_scale,code,,,,1_strongly_disagree,1 - Strongly disagree,negative,,,,,,,1,$' "$TMP/scores.cb"
ok "... prefer not to say has none" grep -q '^agree_scale,code,,,,prefer_not_to_say,Prefer not to say,dont_know,,,,,,,,' "$TMP/scores.cb"
ok "words have no scores" bash -c "! grep -E '^agree_scale_2,code,.*,[0-9]+,\$' '$TMP/scores.cb'"
ok "the scale's note says so" grep -q 'scores drafted from the codes.* numbers' "$TMP/scores.cb"
pollclean -q --codebook "$TMP/scores.cb" -o "$TMP/scores.clean" "$TMP/scores.csv"
t "pollsupport takes the drafted scores" -- pollsupport -q --unweighted --codebook "$TMP/scores.cb" --questions likely "$TMP/scores.clean"
want=$(awk -F, 'NR > 1 && $2 != "Don'"'"'t know" { s += $2; n++ } END { printf "%d %.10g", n, s / n }' "$TMP/scores.csv")
ok "likely's mean is its numbers' mean ($want)" awk -F, -v w="$want" '$6 == "(mean)" && $4 == "All" { split(w, a, " "); d = $NF - a[2]; f = $9 == a[1] && d * d < 1e-18 } END { exit !f }' "$T_OUT"
# Numbers that are not a short scale (1 to 5 and 99) get no scores, and a
# draft without a scored scale keeps its columns.
printf 'id,q\n' >"$TMP/noscore.csv"
for i in $(seq 1 60); do printf 'r%d,%s\n' "$i" "$(case $((i % 6)) in 0) echo 99 ;; *) echo $((i % 6)) ;; esac)"; done >>"$TMP/noscore.csv"
t "no scores for 1-5 and 99" --err-empty --out-lacks ',score,' -- pollcodebook -q "$TMP/noscore.csv"

finish
