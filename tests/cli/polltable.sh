# polltable end to end: the four banner fixtures made from a known truth
# (tests/fixtures/banner, README there) give back its shares to the table's
# rounding and its n exactly; pollclaim gives the same verdicts on
# polltable's table as on pollsupport's, except the named close calls; what
# polltable says it understood; the design effect's sources; and every
# error with its FILE:LINE[:COLUMN].
. "$(dirname "$0")/lib/harness.sh"
B=$FIX/banner
export BANNER_FIX=$B
. "$B/verdicts.sh"

t help --out-has "Usage: polltable" --out-has "Unweighted base" --out-has "Exit status" \
    --err-empty -- polltable --help
t version --out-has "polltable (pollkit)" -- polltable --version
usage bad_option "unknown option '--bogus'" -- polltable --bogus "$B/pct_signs.csv"
usage bad_deff "--deff: 0.5 is out of range (must be from 1 to 1000)" -- polltable --deff 0.5 "$B/pct_signs.csv"
usage bad_ci "--ci: expected logit, beta, mean or wilson, got 'probit'" -- polltable --ci probit "$B/pct_signs.csv"
usage bad_level "--level: 1 is out of range (must be > 0 and < 1)" -- polltable --level 1 "$B/pct_signs.csv"
usage two_inputs "extra operand '$B/pct_signs.csv'" -- polltable "$B/pct_signs.csv" "$B/pct_signs.csv"
t quiet --err-has "warning: no effective base or weighting efficiency printed" --out-has "q7_1," \
    -- polltable -q "$B/pct_signs.csv"
ok "quiet: only the warning" test "$(wc -l <"$T_ERR")" -eq 1
t missing_file --status 1 --err-has "polltable: $TMP/nope.csv: No such file or directory" \
    -- polltable "$TMP/nope.csv"

# Shares back to the table's rounding (whole percentages, or 0.01), n
# exactly, the weighted base to its rounding; no row lost, none made up.
for f in pct_signs proportions counts_interleaved two_questions_sig; do
    t "$f" -- polltable "$B/$f.csv"
    cp "$T_OUT" "$TMP/$f.table.csv"
    ok "$f: truth recovered" awk -v file="$f.csv" -v tol=0.005 -f "$B/check_recovery.awk" \
        "$B/key.csv" "$B/truth.csv" "$TMP/$f.table.csv"
done
# The same check with a tolerance too small for the rounding must fail,
# or the check above proves nothing.
ok "a tighter tolerance fails" sh -c "! awk -v file=pct_signs.csv -v tol=0.004 -f '$B/check_recovery.awk' \
    '$B/key.csv' '$B/truth.csv' '$TMP/pct_signs.table.csv' 2>/dev/null"

# What it says it understood.
t understood_pct --err-has "pct_signs.csv:1: question q7_1: Temporary protection, 30-month reviews" \
    --err-has "  wording: 'Do you support or oppose the following proposal: people granted" \
    --err-has "columns: Total (the All group); Gender: Male, Female; Age: 18-24, 25-49, 50-64, 65+; 2024 General Election vote: Conservative, Labour" \
    --err-has "bases: 'Unweighted Sample' (line 6) gives n; 'Weighted Sample' (line 5) the weighted base" \
    --err-has "percentages with % signs, whole numbers (shares within 0.5%); '-' read as 0" \
    --err-has "answers (support scale): Strongly support = strongly_support (positive)" \
    --err-has "Don't know = dont_know (dont_know); nets: NET: Support = support (net_positive), NET: Oppose = oppose (net_negative)" \
    --err-has "columns: as above" \
    --err-has "warning: no effective base or weighting efficiency printed for q7_1, q7_2, q7_3, q7_4, q7_5, q7_6, q7_7: a design effect of 1 is assumed" \
    -- polltable "$B/pct_signs.csv"
t understood_props --err-has "question support_for_20_year_wait_before: Support for: 20-year wait" \
    --err-has "  universe (who was asked): 'All GB adults'" \
    --err-has "proportions (no % signs, no figure above 1), 2 decimals (shares within 0.005)" \
    --err-has "design effect from the weighting efficiency row (line 7): 1.429; 11 columns without one use the Total column's" \
    -- polltable "$B/proportions.csv"
t understood_counts \
    --err-has "percentages without % signs (figures above 1), whole numbers (shares within 0.5%); counts on the labelled rows, percentages on the rows under them" \
    --err-has "design effect from the effective base row (line 6): 1.277 to 1.447" \
    -- polltable "$B/counts_interleaved.csv"
t understood_sig --err-has "Total (the All group) (A); Age: 18-24 (B)" \
    --err-has "Net support = net (net_score); 7 rows of significance letters kept in sig_higher_than" \
    --err-has "two_questions_sig.csv:24: question q7_6: Visa penalties for refusing returns" \
    -- polltable "$B/two_questions_sig.csv"
ok "sig letters kept" grep -q '^q7_1,"Temporary protection, 30-month reviews",vote_in_2024,con,Con,support,Support,net_positive,310,,.*,F,G H J,"Temporary protection, 30-month reviews",,Vote in 2024,309,,$' "$T_OUT"
ok "net score row" grep -q '^q7_1,.*,,All,All,net,Net support,net_score,1769,,1767,0.29,.*,mean,' "$T_OUT"

# The design effect and where it came from, in every row.
t deff_given --err-has "design effect 1.44 (--deff) in every column" -- polltable --deff 1.44 "$B/pct_signs.csv"
ok "given: every row" test "$(grep -c ',fixed,given,' "$T_OUT")" -eq "$(($(wc -l <"$T_OUT") - 1))"
ok "given: deff_kish and n_eff" grep -q '^q7_1,.*,,All,All,support,Support,net_positive,1769,,1767,0.52,.*,1.44,1228.47222222,logit,0.95,all,,0,fixed,given,,,,.*,,1768,,$' "$T_OUT"
ok "assumed" grep -q ',fixed,assumed,' "$TMP/pct_signs.table.csv"
ok "efficiency" grep -q ',fixed,efficiency,' "$TMP/proportions.table.csv"
ok "effective_base" grep -q ',fixed,effective_base,' "$TMP/counts_interleaved.table.csv"
t source --out-has ",fixed,assumed,\"YouGov, 21-22 Nov 2025\",," \
    -- polltable --source "YouGov, 21-22 Nov 2025" "$B/pct_signs.csv"
t stdin --in "$B/pct_signs.csv" --err-has "<stdin>:1: question q7_1" -- polltable
ok "stdin: same table" cmp -s "$T_OUT" "$TMP/pct_signs.table.csv"
cp "$B/pct_signs.csv" "$TMP/in.csv"
usage same_file "-o $TMP/in.csv is the same file as the input $TMP/in.csv: writing it would destroy what is still to be read" \
    -- polltable -o "$TMP/in.csv" "$TMP/in.csv"
ok "same file: input kept" cmp -s "$TMP/in.csv" "$B/pct_signs.csv"
t outfile -- polltable -o "$TMP/o.csv" "$B/pct_signs.csv"
ok "-o: same table" cmp -s "$TMP/o.csv" "$TMP/pct_signs.table.csv"
t tsv_in_out -- sh -c "tr ',' '\t' <'$B/counts_interleaved.csv' | polltable --tsv"
ok "tsv: tab-separated" sh -c "head -n 1 '$T_OUT' | grep -q '^question	question_label	by	'"

# pollclaim on polltable's table against pollclaim on pollsupport's: the
# same verdict on every claim but the close calls named in close_calls.txt.
check_verdicts() {
    local file=$1 mode=$2 table=$3
    differences "$file" "$mode" "$table" >"$TMP/diff" 2>"$TMP/diff.err" || {
        cat "$TMP/diff.err"
        return 1
    }
    local bad=0 line
    while IFS= read -r line; do
        if ! grep -qxF -- "${line%: * -> *}" "$B/close_calls.txt"; then
            echo "  not a named close call: $line"
            bad=1
        fi
    done <"$TMP/diff"
    echo "  $file $mode: $(cat "$TMP/diff.err"), $(wc -l <"$TMP/diff") named close calls differ"
    return $bad
}
polltable --deff 1.44 "$B/pct_signs.csv" 2>/dev/null >"$TMP/pct_signs.given.csv"
polltable --deff 1.44 "$B/two_questions_sig.csv" 2>/dev/null >"$TMP/two_questions_sig.given.csv"
ok "verdicts: pct_signs, deff assumed" check_verdicts pct_signs.csv assumed "$TMP/pct_signs.table.csv"
ok "verdicts: pct_signs, --deff 1.44" check_verdicts pct_signs.csv given "$TMP/pct_signs.given.csv"
ok "verdicts: proportions, efficiency" check_verdicts proportions.csv efficiency "$TMP/proportions.table.csv"
ok "verdicts: counts, effective base" check_verdicts counts_interleaved.csv effective_base "$TMP/counts_interleaved.table.csv"
ok "verdicts: sig, deff assumed" check_verdicts two_questions_sig.csv assumed "$TMP/two_questions_sig.table.csv"
ok "verdicts: sig, --deff 1.44" check_verdicts two_questions_sig.csv given "$TMP/two_questions_sig.given.csv"

# The seed claim from the banner alone, as the demo checks it.
t seed_truth --out-has "claim1: FAILS" --out-has "Labour: too close to call; Green: the claim fails." \
    -- pollclaim --format table --claim 'majority of lab,grn support many of *' "$B/truth.csv"
t seed_banner --out-has "claim1: FAILS" --out-has "Labour: too close to call; Green: the claim fails." \
    -- sh -c "polltable '$B/pct_signs.csv' 2>/dev/null | pollclaim --format table --claim 'majority of Labour,Green support many of *'"

# Hand-made banners: conventions and the warnings.
printf '%s\n' 'Q1. Which of these have you heard of?,,' ',Total,Male' 'Unweighted base,200,100' \
    'Party A,60,55' 'Party B,50,45' 'Party C,40,40' 'None of these,10,12' >"$TMP/multi.csv"
t multi_choice --err-has "warning: $TMP/multi.csv:1: question q1: the answers add up to 160% in Total (and in other columns), more than rounding explains (a question where several answers can be chosen?)" \
    --out-has "q1,Which of these have you heard of?,,All,All,party_a,Party A,nominal,200,,,0.6," \
    -- polltable "$TMP/multi.csv"
printf '%s\n' 'Q2,,' ',,Vote' ',Total,Leave' 'Unweighted base,"1,000",400' 'Effective base,800,' \
    'Yes,54%,*' 'No,40%,95%' 'Not sure,6%,<1%' >"$TMP/conv.csv"
t conventions --err-has "'*' (under 0.5%) read as 0.25%; '<X' read as half of X" \
    --err-has "1 column without one uses the Total column's" \
    --err-has "answers (yes_no scale): Yes = yes (positive), No = no (negative), Not sure = not_sure (dont_know)" \
    --out-has ",,All,All,yes,Yes,positive,1000,,,0.54," --out-has ",vote,leave,Leave,yes,Yes,positive,400,,,0.0025," \
    --out-has ",vote,leave,Leave,not_sure,Not sure,dont_know,400,,,0.005," -- polltable "$TMP/conv.csv"
printf '%s\n' ',Total,Male,Female' 'Unweighted base,100,50,50' 'Agree,50%,50%,50%' 'Disagree,50%,50%,50%' \
    >"$TMP/nobreak.csv"
t no_breaks --err-has "no break names above the groups: each column is its own break" \
    --err-has "question q1: Q1 (no title line)" --out-has "q1,Q1,male,male,Male,agree,Agree,positive,50," \
    -- polltable "$TMP/nobreak.csv"

# Errors, each at FILE:LINE[:COLUMN], exit 1.
bad() {
    local name=$1 msg=$2
    shift 2
    printf '%s\n' "$@" >"$TMP/$name.csv"
    t "$name" --status 1 --err-has "polltable: $TMP/$name.csv:$msg" --out-lacks "question" \
        -- polltable "$TMP/$name.csv"
}
bad no_base_cell "3:Female: this column has no unweighted base" \
    'Q1. Title,,,' ',Total,Male,Female' 'Unweighted base,100,50,' 'Yes,50%,50%,50%'
bad no_base_row "1: question q1 has no unweighted base: polltable needs a row named 'Unweighted base'" \
    'Q1. Title,,' ',Total,Male' 'Weighted base,100,50' 'Yes,50%,50%'
bad answer_first "3: cannot place this line: an answer ('Yes') before any base row" \
    'Q1. Title,,' ',Total,Male' 'Yes,50%,50%' 'Unweighted base,100,50'
bad unlabelled "4: cannot place this line: figures without a label, and no answer above them" \
    'Q1. Title,,' ',Total,Male' 'Unweighted base,100,50' ',50,50' 'Yes,50%,50%'
bad bad_cell "4:Male: not a percentage or proportion: 'lots'" \
    'Q1. Title,,' ',Total,Male' 'Unweighted base,100,50' 'Yes,50%,lots'
bad no_heading "4:column 4: '7%' is in a column with no heading above it" \
    'Q1. Title,,' ',Total,Male' 'Unweighted base,100,50' 'Yes,50%,50%,7%'
bad over_100 "4:Male: a share outside 0 to 100%: '105%'" \
    'Q1. Title,,' ',Total,Male' 'Unweighted base,100,50' 'Yes,50%,105%'
bad fractional_n "3:Total: an unweighted base must be a whole number of respondents, not '99.5'" \
    'Q1. Title,,' ',Total,Male' 'Unweighted base,99.5,50' 'Yes,50%,50%'
bad empty_cell "4:Male: no figure for 'Yes' in a column with respondents" \
    'Q1. Title,,' ',Total,Male' 'Unweighted base,100,50' 'Yes,50%,' 'No,50%,50%'
bad no_header "2: figures before any column heading" 'Q1. Title,,' 'Unweighted base,100,50' 'Yes,50%,50%'
bad third_row "6: cannot place this line: a third row of figures under one answer" \
    'Q1. Title,,' ',Total,Male' 'Unweighted base,100,50' 'Yes,50,25' ',50%,50%' ',1,2'
: >"$TMP/empty.csv"
t empty --status 1 --err-has "polltable: $TMP/empty.csv:1: no table found" -- polltable "$TMP/empty.csv"
printf 'Q1. Title\n,Total\nUnweighted base,10\nYes,"50%%\n' >"$TMP/unterminated.csv"
t unterminated --status 1 --err-has "polltable: $TMP/unterminated.csv:4: unterminated quoted field" \
    -- polltable "$TMP/unterminated.csv"

# pollplot charts polltable's table; the footnote says the design effect
# and where it came from, the bases and the source.
t plot_assumed --out-has "Design effect 1 assumed (the tables print none): the intervals are too narrow if the poll was weighted." \
    --out-has "Sample size: Labour"$'\xc2\xa0'"376–378, Green"$'\xc2\xa0'"93–94" --out-has '"Source: Pollster X, 21-22 Nov 2025"' \
    -- sh -c "polltable --source 'Source: Pollster X, 21-22 Nov 2025' '$B/pct_signs.csv' 2>/dev/null |
              pollplot --groups Labour,Green --image '$TMP/a.png'"
cp "$T_OUT" "$TMP/a.gp"
ok "plot_assumed: gnuplot draws it" sh -c "LC_ALL=C.UTF-8 gnuplot '$TMP/a.gp' 2>&1 | grep -q . && exit 1; test -s '$TMP/a.png'"
t plot_effective --out-has "Design effect 1.42–1.45, from the pollster\0047s effective bases." \
    -- pollplot --groups male,female --image "$TMP/b.png" "$TMP/counts_interleaved.table.csv"
t plot_given --out-has "Design effect 1.44, as given." \
    -- pollplot --groups Labour,Green --image "$TMP/c.png" "$TMP/pct_signs.given.csv"

# Deterministic: the same table twice.
polltable "$B/two_questions_sig.csv" 2>/dev/null >"$TMP/again.csv"
ok "deterministic" cmp -s "$TMP/again.csv" "$TMP/two_questions_sig.table.csv"

# Names printed alike are numbered from their own stem, in linear time:
# 300 columns named "Group" under one break give group, group_2 ...
# group_300 (never group_2_3); repeated answers and titles likewise.
awk 'BEGIN { n = 300
    printf "Q1. Test?"; for (i = 0; i <= n; i++) printf ","; print ""
    printf ",,Groups"; for (i = 1; i < n; i++) printf ","; print ""
    printf ",Total"; for (i = 0; i < n; i++) printf ",Group"; print ""
    printf "Unweighted base,1000"; for (i = 0; i < n; i++) printf ",100"; print ""
    printf "Yes,50%%"; for (i = 0; i < n; i++) printf ",50%%"; print ""
    printf "No,50%%"; for (i = 0; i < n; i++) printf ",50%%"; print "" }' >"$TMP/groups300.csv"
t repeated_groups -- polltable -q "$TMP/groups300.csv"
awk -F, 'NR > 1 && $6 == "yes" { print $3 "/" $4 }' "$T_OUT" >"$TMP/codes"
ok "300 distinct groups" test "$(sort -u "$TMP/codes" | wc -l)" -eq 301
ok "numbered from the stem" grep -qx 'groups/group_300' "$TMP/codes"
ok "never a suffix on a suffix" sh -c "! grep -q 'group_2_' '$TMP/codes'"
printf 'Q1. Test?,,,\n,Total,Male,Male\nUnweighted base,1000,500,500\nYes,50%%,50%%,40%%\nNo,50%%,50%%,60%%\n' >"$TMP/nobreak.csv"
t repeated_header_no_break --err-has "each column is its own break" -- polltable "$TMP/nobreak.csv"
ok "two breaks, two groups" test "$(awk -F, 'NR > 1 && $6 == "yes" { print $3 "/" $4 }' "$T_OUT" | tr '\n' ' ')" = "/All male/male male_2/male_2 "
{ printf 'Q1. Test?,,\n,Total,Men\nUnweighted base,1000,500\n'
  for i in 1 2 3; do printf 'Yes,30%%,30%%\n'; done
  printf 'No,10%%,10%%\n'
  for i in 1 2 3; do printf 'Q9. Same?,,\n,Total,Men\nUnweighted base,1000,500\nYes,50%%,50%%\nNo,50%%,50%%\n'; done
} >"$TMP/repeats.csv"
t repeated_answers_and_titles -- polltable -q "$TMP/repeats.csv"
ok "answers yes, yes_2, yes_3" test "$(awk -F, 'NR > 1 && $1 == "q1" && $4 == "All" { print $6 }' "$T_OUT" | tr '\n' ' ')" = "yes yes_2 yes_3 no "
ok "titles q9, q9_2, q9_3" test "$(awk -F, 'NR > 1 { print $1 }' "$T_OUT" | uniq | tr '\n' ' ')" = "q1 q9 q9_2 q9_3 "

# The design-effect warning names the first questions and counts the rest.
for i in $(seq 1 30); do printf 'Q%d. Test?,,\n,Total,Men\nUnweighted base,1000,500\nYes,50%%,50%%\nNo,50%%,50%%\n' "$i"; done >"$TMP/thirty.csv"
t deff_warning_capped --err-has "printed for q1, q2, q3, q4, q5, q6, q7, q8, q9, q10, q11, q12, q13, q14, q15, q16, q17, q18, q19, q20 and 10 more: a design effect of 1 is assumed" \
    -- polltable "$TMP/thirty.csv"

# The same banner as a spreadsheet in a language with decimal commas saves
# it: ';' between cells, "29,0%", "1.767" for 1767. The same table comes out.
perl -e '
    my $k = 0;
    while (my $l = <STDIN>) {
        chomp $l;
        my @c;
        while (length $l) {
            if ($l =~ s/^("(?:[^"]|"")*")(,|$)//) { push @c, $1 }
            elsif ($l =~ s/^([^,]*)(,|$)//) { push @c, $1 }
        }
        for (@c) { $k++; s/^(\d+)%$/$1,0%/ if $k % 2; s/^(\d)(\d{3})$/$1.$2/ }
        print join(";", @c), "\n";
    }' <"$DATA/published_tables.csv" >"$TMP/semi.csv"
ok "the ';' copy has decimal commas" grep -q ';29,0%;' "$TMP/semi.csv"
t "';' and decimal commas understood" --err-has "semi.csv: cells separated by ';'" \
    --err-has "numbers with a decimal comma read as those" -- polltable -o "$TMP/semi_out.csv" "$TMP/semi.csv"
t "the original" -- polltable -q -o "$TMP/orig_out.csv" "$DATA/published_tables.csv"
ok "';' copy: the same table" cmp "$TMP/orig_out.csv" "$TMP/semi_out.csv"

finish
