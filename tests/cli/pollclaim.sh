# pollclaim end to end: options, exit statuses (0, 1, 2, 3), parse errors
# with their columns, unknown names, refused comparisons, both output
# formats, a published table without se, TSV, stdin and -o.
. "$(dirname "$0")/lib/harness.sh"
F=$FIX/claim
TAB=$F/table.csv

t help --out-has "Usage: pollclaim" --out-has "THRESHOLD := [a] majority" \
    --out-has "'many' is a third or more" --out-has "Exit status" --err-empty -- pollclaim --help
t version --out-has "pollclaim (pollkit)" -- pollclaim --version
usage bad_option "unknown option '--bogus'" -- pollclaim --bogus $TAB
usage no_claim 'no claim to check: give --claims FILE or --claim TEXT (or --names to see the names a claim may use)' -- pollclaim $TAB
usage bad_format "--format: expected csv or table, got 'json'" -- \
    pollclaim --format json --claim 'majority support q_a' $TAB
usage bad_deff '--deff: 0 is out of range (must be from 1e-06 to 1000000)' -- \
    pollclaim --deff 0 --claim 'majority support q_a' $TAB

# Every verdict and every claim form, against the golden output.
t golden --out "$F/expected_claims.csv" --err-empty -- pollclaim --wording methods --claims "$F/claims.txt" $TAB
ok golden_verdicts bash -c "grep -q ',HOLDS,' '$T_OUT' && grep -q ',FAILS,' '$T_OUT' && \
    grep -q ',TOO CLOSE TO CALL,' '$T_OUT' && grep -q ',MISLEADING,' '$T_OUT'"

# --strict: 3 when a claim FAILS or is MISLEADING, else 0.
t strict_fails --status 3 -- pollclaim --strict --claim 'most of lab support q_b' $TAB
t strict_misleading --status 3 -- pollclaim --strict --claim 'majority of lab support q_c' $TAB
t strict_ok --status 0 --out-has "TOO CLOSE TO CALL" \
    -- pollclaim --strict --claim 'majority of lab support q_a' --claim 'majority of grn support q_a' $TAB
t not_strict --status 0 --out-has ",FAILS," -- pollclaim --claim 'most of lab support q_b' $TAB

# Parse errors: --claim is bad usage (2), a claims file line bad data (1).
usage claim_parse "--claim:1:13: expected '%' (amounts are percentages, e.g. '60%') after '60', found 'of'" -- \
    pollclaim --claim 'at least 60 of lab support q_a' $TAB
# A response the question does not have depends on the table: exit 1.
t claim_response --status 1 --err-has "pollclaim: --claim:1:17: 'suport' is no response of question q_a; its responses are: support (\"Support\"), oppose (\"Oppose\"), dont_know (\"Don't know\"), net (\"Net support\")" -- \
    pollclaim --claim 'majority of lab suport q_a' $TAB
usage claim_parse_second "--claim:2:1: expected a threshold ('majority', 'most', 'at least N%', 'fewer than a third', ...), 'more ... than ...' or a group compared to another ('... more likely than ... to ...') at the start of the claim, found 'support'" -- \
    pollclaim --claim 'majority of lab support q_a' --claim 'support q_a' $TAB
t file_parse --status 1 \
    --err-has "pollclaim: $F/bad_claims.txt:3:33: 'suport' is no response of question q_a" \
    -- pollclaim --claims "$F/bad_claims.txt" $TAB
printf 'c1: "words" => majority of lab support q_a\nc1: "again" => majority of grn support q_a\n' >"$TMP/dup.txt"
t duplicate_id --status 1 --err-has "dup.txt:2: claim id 'c1' is already used" \
    -- pollclaim --claims "$TMP/dup.txt" $TAB
printf '# nothing\n\n' >"$TMP/empty.txt"
printf '\357\273\277# BOM and CRLF\r\nc1: "words" => majority of lab support q_a\r\n\r\n' >"$TMP/crlf.txt"
t claims_crlf_bom --out-has "c1,words,majority of lab support q_a,claim," --err-empty \
    -- pollclaim --claims "$TMP/crlf.txt" $TAB
t claims_stdin --in "$TMP/crlf.txt" --out-has ",HOLDS," -- pollclaim --claims - $TAB
usage claims_and_table_stdin '--claims - and the input cannot both be standard input' -- \
    pollclaim --claims -
t empty_claims --status 1 --err-has "no claims in the file" -- pollclaim --claims "$TMP/empty.txt" $TAB
t missing_claims --status 1 --err-has "nope.txt" -- pollclaim --claims "$TMP/nope.txt" $TAB

# Unknown names: exit 1, naming them and what exists.
t unknown_question --status 1 \
    --err-has "--claim:1:25: unknown question 'q_z'; the table's questions are: q_a, q_b, q_c" \
    -- pollclaim --claim 'majority of lab support q_z' $TAB
t unknown_group --status 1 \
    --err-has "unknown group 'libdem'; the table's groups are: All, vote=lab, vote=grn" \
    -- pollclaim --claim 'majority of libdem support q_a' $TAB
t no_union --status 1 --err-has "the table has no combined group lab+con" \
    -- pollclaim --claim 'majority of lab+con support q_a' $TAB
# A name fitting two groups is the claim's own wording: exit 2 in --claim,
# exit 1 in a claims file.
t ambiguous_group --status 2 --err-has "write one of vote=did_not_vote, euref=did_not_vote" \
    -- pollclaim --claim 'majority of did_not_vote support q_a' $TAB
printf 'c1: "Non-voters back it" => majority of did_not_vote support q_a\n' >"$TMP/ambiguous.txt"
t ambiguous_group_file --status 1 --err-has "ambiguous.txt:1:41: group 'did_not_vote' is ambiguous" \
    -- pollclaim --claims "$TMP/ambiguous.txt" $TAB
t group_by_label --out-has ",claim,q_a,Proposal A,did_not_vote,Non-voters," \
    -- pollclaim --claim 'majority of NON-VOTERS support q_a' $TAB
# A typed table without any source of a margin of error is refused, at
# the header or at the row that lacks one.
printf 'question,group,response,share\nq,All,support,0.6\n' >"$TMP/nointerval.csv"
t no_margin_of_error --status 1 --err-is "pollclaim: $TMP/nointerval.csv:1: not a support table: it gives no margin of error (it needs columns ci_low and ci_high, se, or n)" \
    -- pollclaim --claim 'majority support q' "$TMP/nointerval.csv"
printf 'question,group,response,share,se,ci_low,ci_high\nq,All,support,0.6,0.02,,\nq,lab,support,0.6,,0.5,\n' >"$TMP/nointerval_row.csv"
t no_margin_of_error_row --status 1 --err-is "pollclaim: $TMP/nointerval_row.csv:3:share: share 0.6 has no margin of error: the row needs ci_low and ci_high, se, or n" \
    -- pollclaim --claim 'majority support q' "$TMP/nointerval_row.csv"
# Control characters from the table or the claim reach no terminal raw: the
# table, the sentence and messages show them escaped (\x1B, \x07, \u009B).
printf 'question,question_label,by,group,group_label,response,n,share,ci_low,ci_high\n' >"$TMP/esc.csv"
printf 'q,Q \033[2Jcleared \007bell \302\233csi,v,lab,Lab\033[31m red,support,100,0.7,0.6,0.8\n' >>"$TMP/esc.csv"
t escape_table --out-has 'q \x1B[2Jcleared \x07bell \u009Bcsi' --out-has 'Lab\x1B[31m red' \
    -- pollclaim --format table --claim 'majority of lab support q' "$TMP/esc.csv"
ok escape_table_no_raw_esc sh -c "! LC_ALL=C grep -q \"\$(printf '[\\033\\007]')\" '$T_OUT' && ! grep -q \"\$(printf '\\302\\233')\" '$T_OUT'"
printf 'c1: "w" => majority of x\033[2Jy support q\n' >"$TMP/escclaim.txt"
t escape_message --status 1 --err-has "escclaim.txt:1:25: unexpected character '\x1B'" \
    -- pollclaim --claims "$TMP/escclaim.txt" "$TMP/esc.csv"
# A proposal named twice would be counted twice ("3 of 3" on one proposal).
t repeated_proposal --status 2 --err-has "proposal 'q_a' is named twice in this claim" \
    -- pollclaim --claim 'majority of lab support at least 2 of q_a, q_a' $TAB
printf 'c1: "Labour backs both" => majority of lab support all of q_a and q_a\n' >"$TMP/repeat.txt"
t repeated_proposal_file --status 1 --err-has "repeat.txt:1:" --err-has "proposal 'q_a' is named twice" \
    -- pollclaim --claims "$TMP/repeat.txt" $TAB
# A group named twice would count twice in "of lab, grn, lab".
t repeated_group --status 2 --err-is "pollclaim: --claim:1:23: group 'Labour' is named twice in this claim (first at column 13)
Try 'pollclaim --help'." -- pollclaim --claim 'majority of lab, grn, Labour support q_a' $TAB
printf 'c1: "Labour and Labour" => majority of lab and lab support q_a\n' >"$TMP/repeat_group.txt"
t repeated_group_file --status 1 --err-has "repeat_group.txt:1:" --err-has "group 'lab' is named twice" \
    -- pollclaim --claims "$TMP/repeat_group.txt" $TAB
t compare_combined --status 1 \
    --err-has "cannot compare left with grn: left is a combined group (lab+grn)" \
    -- pollclaim --claim 'left more likely than grn to support q_a' $TAB
t compare_by --status 1 --err-has "groups of different --by columns overlap" \
    -- pollclaim --claim 'lab more likely than remain to support q_a' $TAB
t nothing_printed_on_error --status 1 --out-lacks "claim_id" \
    -- pollclaim --claim 'majority of lab support q_a' --claim 'majority of lab support q_z' $TAB

# The terminal table.
t table --out-has "misleading: MISLEADING" --out-has "quote: “a majority of Labour voters back proposal C”" \
    --out-has "lab    1 of 3 clearly, 0 more too close; needs 2" \
    --out-has "'many' is taken as a third" \
    --out-has "Checking 3 proposals at once makes" \
    --out-has "grn vs lab" --out-has "-23.4 to -2.6" \
    -- pollclaim --claims "$F/claims.txt" --format table $TAB

# A comparison gives both groups' bases: n (the first group's) and versus_n.
t compare_bases --out-has ",n,versus_n,dont_know," \
    --out-has ",grn,Green voters,lab,Labour voters,support difference,0,-0.13,-0.234155952628,-0.0258440473716,150,500,,," \
    -- pollclaim --claim 'grn less likely than lab to support q_a' $TAB
t compare_bases_reversed --out-has ",lab,Labour voters,grn,Green voters,support difference,0,0.13,0.0258440473716,0.234155952628,500,150,,," \
    -- pollclaim --claim 'lab more likely than grn to support q_a' $TAB
t compare_bases_share --out-has ",lab,Labour voters,,,support,0.5," --out-has ",500,,0.05,0.652631578947," \
    -- pollclaim --claim 'majority of lab support q_a' $TAB
t compare_bases_table --out-has "    grn vs lab  q_a       -13.0   -23.4 to -2.6     150 vs 500  HOLDS" \
    -- pollclaim --format table --claim 'grn less likely than lab to support q_a' $TAB

# A published table: no se, no interval, no net row.
t published --out-has "HOLDS" --out-has "(95% CI 57–67%)" \
    -- pollclaim --wording methods --format table --claim 'majority of lab support q_a' "$F/published.csv"
# lab's deff_kish 1.2 gives HOLDS; --deff 8 widens the interval over 50%
# (and 62% of the 92% with a view is above it: MISLEADING).
# 62% (49-73%) with 5% don't know: above 50% with the interval across it,
# too close to call (not misleading: p > 50% already).
t published_deff --out-has ",0.494385780537,0.73136405735," --out-has ",TOO CLOSE TO CALL," \
    -- pollclaim --deff 8 --claim 'majority of lab support q_a' "$F/published.csv"
t published_net --out-has "more support than oppose" --out-has ",HOLDS," \
    -- pollclaim --claim 'more support than oppose q_a among lab' "$F/published.csv"

# A table made with --exclude dont_know: no MISLEADING can be seen, so say so.
grep -v ',dont_know,' "$TAB" | sed 's/,all,weight,/,excluding dont_know,weight,/' >"$TMP/nodk.csv"
t base_excludes_dk --out-has ",TOO CLOSE TO CALL," --out-has "the table's base excludes don't knows" \
    -- pollclaim --claim 'majority of lab support q_c' "$TMP/nodk.csv"
# --level recomputes the intervals from se: at 50% lab q_c (52%) holds.
t level --out-has ",HOLDS," --out-has "(50% CI" -- pollclaim --wording methods --level 0.5 --claim 'majority of grn support q_c' $TAB
usage bad_level '--level: 95 is out of range (must be from 0.5 to 0.9999)' -- \
    pollclaim --level 95 --claim 'majority support q_a' $TAB

# TSV in and out, standard input, -o.
tr ',' '\t' <"$TAB" >"$TMP/table.tsv"
t tsv --out-has "$(printf 'holds\ta majority of Labour voters back proposal A')" \
    -- pollclaim --tsv --claim 'holds: "a majority of Labour voters back proposal A" => majority of lab support q_a' "$TMP/table.tsv"
t stdin --in "$TAB" --out-has ",HOLDS," -- pollclaim --claim 'majority of lab support q_a'
t stdin_dash --in "$TAB" --out-has ",HOLDS," -- pollclaim --claim 'majority of lab support q_a' -
t outfile --err-empty -- pollclaim --wording methods --claims "$F/claims.txt" -o "$TMP/out.csv" $TAB
ok outfile_same cmp "$TMP/out.csv" "$F/expected_claims.csv"
t full_disk --status 1 --err-has "pollclaim:" -- pollclaim --claims "$F/claims.txt" -o /dev/full $TAB
t bad_table --status 1 --err-has "not a support table: no column 'question'" \
    -- pollclaim --claim 'majority support q_a' "$F/claims.txt"

# A table typed in from a pollster's tables: percentages with their % sign
# read as proportions; shares above 1 without one refused as percentages;
# an interval on an assumed design effect of 1 said in every sentence.
printf 'question,group,response,n,share\nq1,All,support,1000,54%%\nq1,All,dont_know,1000,6%%\n' >"$TMP/typed.csv"
t typed_percent --out-has ",HOLDS," --out-has "The margin of error assumes a design effect of 1, as the table gives none" \
    -- pollclaim --claim 'majority support q1' "$TMP/typed.csv"
ok "typed: 0.54" grep -q '^claim1,,majority support q1,claim,q1,q1,All,All,,,support,0.5,0.54,' "$T_OUT"
ok "typed: the note in both rows" test "$(grep -c 'assumes a design effect of 1' "$T_OUT")" -eq 2
t typed_given --out-lacks "assumes a design effect" -- pollclaim --deff 1.5 --claim 'majority support q1' "$TMP/typed.csv"
printf 'question,group,response,n,share\nq1,All,support,1000,54\n' >"$TMP/typed_pct.csv"
t typed_no_sign --status 1 \
    --err-has "typed_pct.csv:2:share: 54 is above 1: the table looks like it gives percentages; give proportions (0.54 for 54%), or write the % sign (54%)" \
    -- pollclaim --claim 'majority support q1' "$TMP/typed_pct.csv"
printf 'question,group,response,n,share\nq1,All,support,1000,0.54\n' >"$TMP/typed_nodk.csv"
t typed_no_dk --out-has "The table has no don't-know row for this group, so whether the claim needs don't knows dropped could not be checked." \
    -- pollclaim --claim 'majority support q1' "$TMP/typed_nodk.csv"
# docs/guide.md's typed-table example, as printed there.
printf "question,by,group,response,n,share\nrejoin,,All,Rejoin,2000,47%%\nrejoin,,All,Don't know,2000,9%%\nrejoin,vote,Labour,Rejoin,640,61%%\nrejoin,vote,Labour,Don't know,640,8%%\n" >"$TMP/readme.csv"
t readme_typed --out-has "Among Labour, 61% (95% CI 56–66%) chose “Rejoin” on rejoin; the whole interval is above 50%, so 'a majority' holds." \
    -- pollclaim --wording methods --claim 'majority of Labour voters would vote Rejoin rejoin' --deff 1.5 "$TMP/readme.csv"
t readme_typed_plain --out-has "Among Labour, 61% chose “Rejoin” on rejoin (margin of error ±5 points); even at the low end of the margin of error it is above 50%, so 'a majority' holds." \
    -- pollclaim --claim 'majority of Labour voters would vote Rejoin rejoin' --deff 1.5 "$TMP/readme.csv"
# polltable's rows on an assumed design effect: said in every sentence of a
# quantified claim; --deff replaces it and widens the intervals.
polltable "$DATA/published_tables.csv" 2>/dev/null >"$TMP/tables.csv"
t assumed_every_sentence -- pollclaim --claim 'majority of Labour,Green support many of *' "$TMP/tables.csv"
ok "assumed: every row says it" test "$(grep -c 'assumes a design effect of 1' "$T_OUT")" -eq "$(($(wc -l <"$T_OUT") - 1))"
t assumed_replaced --out-lacks "assumes a design effect" --out-has "0.51,0.449" \
    -- pollclaim --deff 1.44 --claim 'majority of Labour support q7_1' "$TMP/tables.csv"

# A published figure that rounds exactly onto the threshold is a range
# (women on q7_4: the table shows 50%); a figure off the threshold is not.
t rounded_onto_threshold --out-has "The table shows 50%, which may be anything from 49.5% to 50.4%." \
    -- pollclaim --claim 'majority of Female support q7_4' "$TMP/tables.csv"
t not_onto_threshold --out-lacks "The table shows" -- pollclaim --claim 'majority of Male support q7_4' "$TMP/tables.csv"
t not_published --out-lacks "The table shows" -- pollclaim --claim 'majority of grn support q_c' "$TAB"
# A quantified claim counts each proposal once: clearly, else too close to
# call, else only with don't knows dropped (plain wording says no
# "plausibly", which read as more proposals).
t quantified_once --out-has "holds clearly (beyond the margin of error) for 2 of 7 proposals; it is too close to call for 1 more" \
    --out-lacks "plausibly (" -- pollclaim --claim 'majority of Labour support many of *' "$TMP/tables.csv"

# The terminal table never cuts: a 600-character group code, an n of
# 1,234,567 and a net in points, each whole on its row.
g600=$(printf 'g%.0s' $(seq 600))
printf 'question,by,group,response,n,share,se\nq,grp,%s,yes,1234567,0.6,0.01\nq,grp,%s,no,1234567,0.4,0.01\nq,grp,b,yes,30,0.5,0.09\nq,grp,b,no,30,0.5,0.09\n' \
    "$g600" "$g600" >"$TMP/wide_claim.csv"
t table_whole --out-has "    $g600 vs b  q         +10.0   " --out-has "  1234567 vs 30  TOO CLOSE TO CALL" -- \
    pollclaim --format table --claim "$g600 more likely than b to say yes q" "$TMP/wide_claim.csv"
t table_net_points --out-has "points" --out-has "+20.0" -- \
    pollclaim --format table --claim "more yes than no q among $g600" "$TMP/wide_claim.csv"

# Questions named as people name them: code in any case, number, label words.
{
    echo 'question,question_label,by,group,group_label,response,response_label,response_kind,n,share,se'
    for q in 'q_visa|Visa penalties for refusing returns' 'q_fam|Removal of families whose claims fail' \
             'q_reunion|Family reunion for refugee families'; do
        code=${q%%|*} label=${q#*|}
        echo "$code,$label,,All,All,yes,Yes,positive,1000,0.62,0.015"
    done
} >"$TMP/qnames.csv"
for name in q_visa Q_VISA Q1 1 visa visa_penalties penalties-for-refusing; do
    t "question named '$name'" --out-has ",q_visa,Visa penalties for refusing returns," \
        -- pollclaim --claim "majority say yes $name" "$TMP/qnames.csv"
done
t "question by a label word: removal" --out-has ",q_fam,Removal of families" \
    -- pollclaim --claim "majority say yes removal" "$TMP/qnames.csv"
t "question named by a word two labels hold" --status 1 \
    --err-has "'families' could be any of these questions" --err-has "q_fam ('Removal of families" \
    --err-has "q_reunion ('Family reunion" -- pollclaim --claim "majority say yes families" "$TMP/qnames.csv"
t "Q9 is no question" --status 1 --err-has "unknown question 'Q9'" \
    -- pollclaim --claim "majority say yes Q9" "$TMP/qnames.csv"

# --names: the names a claim may use, read from the table.
t "--names" --out-has "  Q1  q_visa  Visa penalties for refusing returns" \
    --out-has "      responses: yes 'Yes' (positive)" --out-has "  Q3  q_reunion  Family reunion for refugee families" \
    --out-has "Groups (a claim names one by its code, BY=CODE or its label):" --out-has "    All" \
    -- pollclaim --names "$TMP/qnames.csv"
t "--names with a claim" --status 2 --err-has "give it without --claim or --claims" \
    -- pollclaim --names --claim "majority say yes q1" "$TMP/qnames.csv"
t "no claim: --names suggested" --status 2 --err-has "or --names to see the names" -- pollclaim "$TMP/qnames.csv"

finish
