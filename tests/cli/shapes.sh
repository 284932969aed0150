#!/usr/bin/env bash
# Polls of four answer shapes through the whole pipeline
# (tests/fixtures/shapes, made by make_fixtures.R): a pollster's export with
# its own weights, cleaned with its codebook, tabulated by pollsupport and
# compared with R's survey package (share and se 1e-10, intervals 1e-8),
# charted by pollplot and drawn by gnuplot, and checked by pollclaim.
#   q_fourday, q_wealth_tax  agree/disagree, Don't know and Prefer not to say
#   q_abortion               yes/no
#   q_vote_likely            0-10 with nets 6-10 and 0-4
#   q_rejoin                 nominal: Rejoin / Stay out / Would not vote
. "$(dirname "$0")/lib/harness.sh"

F=$FIX/shapes
CMP=$FIX/support/compare.awk

t "pollclean the export" -- pollclean --codebook "$F/codebook.csv" -o "$TMP/clean.csv" "$F/raw.csv"
t "pollsupport" -- pollsupport --codebook "$F/codebook.csv" --by party --weight wt \
    -o "$TMP/support.csv" "$TMP/clean.csv"
ok "every shape agrees with R" awk -F, -v method=logit -v stol=1e-10 -v itol=1e-8 \
    -f "$CMP" "$F/ref_all.csv" "$TMP/support.csv"
t "pollsupport, don't knows excluded" -- pollsupport --codebook "$F/codebook.csv" --by party \
    --weight wt --questions q_fourday,q_wealth_tax --exclude dont_know,prefer_not \
    -o "$TMP/support_nodk.csv" "$TMP/clean.csv"
ok "don't knows excluded: agrees with R" awk -F, -v method=logit -v stol=1e-10 -v itol=1e-8 \
    -f "$CMP" "$F/ref_nodk.csv" "$TMP/support_nodk.csv"
ok "base says which codes are excluded" \
    grep -q ',logit,0.95,excluding dont_know+prefer_not,wt,' "$TMP/support_nodk.csv"
S=$TMP/support.csv
kinds() { awk -F, -v q="$1" 'NR>1 && $1==q && $4=="All"{printf "%s:%s ", $6, $8}' "$S"; }
ok "agree scale: codes, then the codebook's nets" test "$(kinds q_fourday)" = \
    "strongly_agree:positive tend_agree:positive neither:neutral tend_disagree:negative strongly_disagree:negative dont_know:dont_know prefer_not:dont_know agree:net_positive disagree:net_negative net_agree:net_score "
ok "yes/no: each side its own net, and a net score" test "$(kinds q_abortion)" = \
    "yes:positive no:negative net:net_score "
ok "0-10: numeric order, sides from the listed nets, 5 neutral" test "$(kinds q_vote_likely)" = \
    "0:negative 1:negative 2:negative 3:negative 4:negative 5:neutral 6:positive 7:positive 8:positive 9:positive 10:positive likely:net_positive unlikely:net_negative net_likely:net_score "
ok "nominal: no nets" test "$(kinds q_rejoin)" = \
    "rejoin:nominal stay_out:nominal would_not_vote:nominal "
ok "labels from the codebook" grep -q '^q_fourday,A four-day working week,party,ref,Reform UK,agree,Total agree,net_positive,' "$S"
ok "nothing says support" sh -c "! grep -qi support '$S'"

# The same export without its codebook: --questions takes any column, the
# responses are the values (0-10 in numeric order), and the numbers agree
# with R for the codes.
t "no codebook: any categorical column" -- pollsupport --questions q_vote_likely,q_rejoin \
    --by party --weight wt -o "$TMP/nocb.csv" "$TMP/clean.csv"
ok "no codebook: 0-10 in numeric order" test \
    "$(awk -F, 'NR>1 && $1=="q_vote_likely" && $4=="All"{printf "%s ", $6}' "$TMP/nocb.csv")" = \
    "0 1 2 3 4 5 6 7 8 9 10 "
awk -F, 'NR==1 || (($1 == "q_vote_likely" || $1 == "q_rejoin") &&
    $3 != "likely" && $3 != "unlikely" && $3 != "net_likely")' "$F/ref_all.csv" \
    >"$TMP/ref_codes.csv"
ok "no codebook: agrees with R" awk -F, -v method=logit -v stol=1e-10 -v itol=1e-8 \
    -f "$CMP" "$TMP/ref_codes.csv" "$TMP/nocb.csv"

# --- pollplot: each shape's chart, rendered by gnuplot (exit 0, nothing on
# standard error, a PNG). Words come from the labels: the agree chart never
# says "support".
RUN=$TMP/run
mkdir -p "$RUN"
render() {
    (cd "$RUN" && LC_ALL=C.UTF-8 gnuplot "$1") 2>"$TMP/gp.err" && ! [ -s "$TMP/gp.err" ] ||
        { head -c 600 "$TMP/gp.err"; return 1; }
}
png() { [ "$(head -c 8 "$1" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ]; }
chart() {   # name, then pollplot's options
    local name=$1
    shift
    t "chart $name" --err-empty -- pollplot "$@" --image "$RUN/$name.png" -o "$RUN/$name.gp" "$S"
    ok "chart $name renders" render "$RUN/$name.gp"
    ok "chart $name is a PNG" png "$RUN/$name.png"
}
chart yesno_bars --questions q_abortion
ok "yes/no: bars of Yes by default" grep -qF '"“Yes” among Conservative, Labour, Liberal Democrat,' "$RUN/yesno_bars.gp"
chart agree_diverging --chart diverging --questions q_fourday,q_wealth_tax --groups 'Reform UK,labour,Conservative voters'
ok "agree: labels from the table" grep -qF '"How Reform UK, Labour and Conservative voters answered each question"' "$RUN/agree_diverging.gp"
ok "agree: sides named by the nets" grep -qF '"← Total disagree"' "$RUN/agree_diverging.gp"
ok "agree: both don't-know codes in the base" grep -qF "Don\0047t know and Prefer not to say included in the base" "$RUN/agree_diverging.gp"
ok "agree: the chart never says support" sh -c "! grep -qi support '$RUN/agree_diverging.gp'"
chart agree_bars --questions q_fourday,q_wealth_tax --groups ref,lab
ok "agree bars: the positive net" grep -qF '"Total agree among Reform UK and Labour voters"' "$RUN/agree_bars.gp"
chart likely_bars --questions q_vote_likely --groups All
ok "0-10: bars of the listed positive net" grep -qF '"Likely (6-10) among all respondents"' "$RUN/likely_bars.gp"
chart likely_stacked --chart stacked --questions q_vote_likely
ok "0-10: eleven answers in the legend" sh -c "grep -c '^set object' '$RUN/likely_stacked.gp' | grep -qx 11"
chart rejoin_stacked --questions q_rejoin
ok "nominal: stacked by default" grep -qF 'set xrange [0:100]' "$RUN/rejoin_stacked.gp"
# One chart, one scale: questions of several scales are refused, with the
# questions of each scale named.
usage "mixed scales refused" "$S: questions 'q_fourday' and 'q_abortion' have different answer scales, which one chart cannot show with one legend: draw each scale in its own chart with --questions (the table's scales: q_fourday,q_wealth_tax; q_abortion; q_vote_likely; q_rejoin)" -- \
    pollplot "$S"
usage "mixed scales refused, stacked" "$S: questions 'q_vote_likely' and 'q_rejoin' have different answer scales, which one chart cannot show with one legend: draw each scale in its own chart with --questions (the table's scales: q_vote_likely; q_rejoin)" -- \
    pollplot --chart stacked --questions q_vote_likely,q_rejoin "$S"
usage "diverging needs sides" "$S: question 'q_rejoin' has no positive and negative answers (response_kind): a diverging chart needs a scale with sides (try --chart stacked)" -- \
    pollplot --chart diverging --questions q_rejoin "$S"
usage "a question without the response" "$S: question 'q_rejoin' has no response 'yes' (it has: rejoin, stay_out, would_not_vote)" -- \
    pollplot --response yes --questions q_abortion,q_rejoin "$S"

# --- pollclaim: claims in the poll's words, responses and groups by code or
# label, verdicts with the scale's own labels.
t "pollclaim" --err-empty -- pollclaim --claims "$F/claims.txt" "$S"
pollclaim --claims "$F/claims.txt" --format table "$S" >"$TMP/verdicts.txt"
verdicts() { grep -E '^[a-z_]+: ' "$TMP/verdicts.txt" | tr '\n' ' ' | sed 's/: /:/g'; }
ok "verdicts" test "$(verdicts)" = \
    "fourday_ref:FAILS fourday_lab:HOLDS fourday_total:TOO CLOSE TO CALL wealth_net:HOLDS abortion:HOLDS rejoin:TOO CLOSE TO CALL likely:HOLDS compare:HOLDS dk:HOLDS "
ok "sentences: agree, not support" grep -qF 'Among Reform UK, 14% agree with a four-day working week (margin of error ±9 points)' "$T_OUT"
ok "a verb of taking a side is reported as what the poll asked" \
    grep -qF 'Among Labour, 65% agree with a four-day working week (margin of error ±8 points)' "$T_OUT"
ok "... and the note says so, under the verdict on a terminal" \
    grep -qF 'Note: The poll asked whether people agree, not whether they support it.' "$TMP/verdicts.txt"
ok "nothing else says support" bash -c "! grep -v '^fourday_lab,' '$T_OUT' | grep -qi support"
ok "the don't-know trap counts both don't-know codes" grep -qF 'Among those with a view it is 73%' "$T_OUT"
ok "no don't-know row: said so" grep -qF "The table has no don't-know row for this group" "$T_OUT"
# On the agree/disagree question no sentence says "support" or "back"
# (the quote and the note may), in either wording; the verdicts are the same.
# (the clean file's values are codes and numbers: no comma to quote)
ok "the clean file has no quoted field" sh -c "! grep -q '\"' '$TMP/clean.csv'"
tr ',' '\t' <"$TMP/clean.csv" >"$TMP/clean.tsv"
pollsupport -q --codebook "$F/codebook.csv" --by party --weight wt --tsv -o "$TMP/support.tsv" "$TMP/clean.tsv"
# col FILE FIELD: claim_id, question and FIELD of each row of pollclaim's TSV
col() { awk -F'\t' -v f="$2" 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
        { print $c["claim_id"] "\t" $c["question"] "\t" $c[f] }' "$1"; }
for w in plain methods; do
    t "pollclaim --wording $w" -- pollclaim --tsv --wording $w --claims "$F/claims.txt" -o "$TMP/claims_$w.tsv" "$TMP/support.tsv"
    col "$TMP/claims_$w.tsv" sentence | awk -F'\t' '$2 == "q_fourday"' >"$TMP/fourday_$w.txt"
    ok "$w: sentences on q_fourday say agree" grep -q ' agree with ' "$TMP/fourday_$w.txt"
    ok "$w: no sentence on q_fourday says support or back" sh -c "! grep -qiE 'support|back' '$TMP/fourday_$w.txt'"
    col "$TMP/claims_$w.tsv" verdict >"$TMP/verdicts_$w.txt"
done
ok "plain and methods give the same verdicts" cmp "$TMP/verdicts_plain.txt" "$TMP/verdicts_methods.txt"
col "$TMP/claims_plain.tsv" note >"$TMP/notes.txt"
ok "the note column says what the poll asked" \
    grep -q $'^fourday_lab\tq_fourday\tThe poll asked whether people agree, not whether they support it.$' "$TMP/notes.txt"
t "a response named by its label in any case" --out-has ',HOLDS,' -- \
    pollclaim --claim 'majority of lab TOTAL AGREE q_fourday' "$S"
t "a response the question lacks" --status 1 \
    --err-has "pollclaim: --claim:1:17: 'say yes' is no response of question q_fourday; its responses are: strongly_agree (\"Strongly agree\")" -- \
    pollclaim --claim 'majority of lab say yes q_fourday' "$S"
t "a misnamed group before the response" --status 1 \
    --err-has "'Reform voters support' is no response of question q_fourday" \
    --err-has "nor do its first words name a group (the table's groups: All, party=con, party=lab, party=ld, party=ref, party=grn)" -- \
    pollclaim --claim 'most Reform voters support q_fourday' "$S"
t "a group by its label, the response by a verb" --out-has ',ref,Reform UK,' --out-has ',FAILS,' -- \
    pollclaim --claim 'most Reform UK voters support q_fourday' "$S"
t "a group the table lacks" --status 1 --err-has "--claim:1:13: unknown group 'SNP'" -- \
    pollclaim --claim 'majority of SNP agree q_fourday' "$S"
printf '%s\n' 'question,group,response,response_label,share,n' 'q,All,dk1,Not sure,0.1,100' \
    'q,All,dk2,not sure,0.2,100' 'q,All,yes,Yes,0.7,100' >"$TMP/dupe.csv"
t "an ambiguous response lists the candidates" --status 2 \
    --err-has "pollclaim: --claim:1:15: 'not sure' names several responses of q: dk1 (\"Not sure\"), dk2 (\"not sure\"); write one of these codes" -- \
    pollclaim --claim 'fewer than 5% not sure q' "$TMP/dupe.csv"

finish
