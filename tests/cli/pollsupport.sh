#!/usr/bin/env bash
# pollsupport end to end: agreement with R's survey package on the committed
# fixtures (tests/fixtures/support, made by make_fixtures.R), the edge
# cases checked against values computed by hand, the weight rules, the
# table's order and provenance columns, and usage and data errors.
. "$(dirname "$0")/lib/harness.sh"

S=$FIX/support
E=$S/edge.csv
CB=$S/edge_codebook.csv
# The sample scale (sides and nets) and the questions q1, q_tax, q_rail,
# q_zoo, without groups.
SC=$S/scale_codebook.csv

# --- Agreement with R. Tolerances (docs/methods.md, absolute): share and se 1e-10,
# intervals 1e-8. compare.awk also requires every reference row to be found
# and n to be equal. Wilson references are the formula of docs/methods.md computed in R.
for m in logit beta mean wilson; do
    t "sample1 $m" -- pollsupport --codebook "$SC" --by party --weight w --ci "$m" "$S/sample1.csv"
    ok "sample1 $m agrees with R" awk -F, -v method="$m" -v stol=1e-10 -v itol=1e-8 \
        -f "$S/compare.awk" "$S/ref1_all.csv" "$T_OUT"
    t "sample2 $m" --err-has "weighting by the column 'weight'" -- \
        pollsupport --codebook "$SC" --by party --ci "$m" "$S/sample2.csv"
    ok "sample2 $m agrees with R" awk -F, -v method="$m" -v stol=1e-10 -v itol=1e-8 \
        -f "$S/compare.awk" "$S/ref2_all.csv" "$T_OUT"
    t "sample2 $m excluding dont_know" -- \
        pollsupport --codebook "$SC" --by party --ci "$m" --exclude dont_know --weight weight "$S/sample2.csv"
    ok "sample2 $m excluding dont_know agrees with R" awk -F, -v method="$m" -v stol=1e-10 \
        -v itol=1e-8 -f "$S/compare.awk" "$S/ref2_nodk.csv" "$T_OUT"
    ok "sample2 $m: no dont_know rows when excluded" sh -c "! grep -q ',dont_know,' '$T_OUT'"
    ok "sample2 $m: base column says so" grep -q ',excluding dont_know,weight,' "$T_OUT"
done
# The comparison must be able to fail: a table with one share nudged by
# 2e-10 is rejected.
pollsupport --codebook "$SC" --by party --weight w "$S/sample1.csv" >"$TMP/s1.csv" 2>/dev/null
awk -F, 'BEGIN{OFS=","} NR==2{$12=sprintf("%.17g", $12+2e-10)} {print}' "$TMP/s1.csv" >"$TMP/s1_bad.csv"
ok "comparison detects a 2e-10 share error" sh -c "! awk -F, -v method=logit -v stol=1e-10 \
    -v itol=1e-8 -f '$S/compare.awk' '$S/ref1_all.csv' '$TMP/s1_bad.csv' 2>/dev/null"

# --- Edge cases, against values computed by hand from the formulas of docs/methods.md.
# edge.csv: 8 rows (N = 8). Group a: 3 respondents with positive weight
# (1, 2, 1), all support, and one with weight 0; b: one strongly_oppose and
# one unanswered; c: one dont_know (weight 3); one row has no group.
# field ROW-KEY COLUMN: the value of COLUMN in the row whose group and
# response are given, read from $T_OUT.
field() {
    awk -F, -v g="$1" -v r="$2" -v c="$3" 'NR==1{for(i=1;i<=NF;i++)h[$i]=i; next}
        $4==g && $6==r {print $(h[c]); exit}' "$T_OUT"
}
near() { awk -v a="$1" -v b="$2" 'BEGIN{d=a-b; if(d<0)d=-d; exit !(a!="" && d<=1e-9)}'; }
cp_out() { cp "$T_OUT" "$TMP/$1"; }
t "edge -q: no notes, the same table" --err-empty -- pollsupport -q --codebook "$SC" --by grp "$E"
cp_out quiet.csv
t "edge" --err-has "weighting by the column 'weight'" -- pollsupport --codebook "$SC" --by grp "$E"
ok "-q changes only standard error" cmp -s "$TMP/quiet.csv" "$T_OUT"
# All support: p = 4/9; se = sqrt(8/7 * (6*(5/9)^2 + 11*(4/9)^2)) / 9.
ok "All support share 4/9" near "$(field All support share)" 0.444444444444444
ok "All support se (N = 8, all rows)" near "$(field All support se)" 0.238297647323521
ok "All n counts positive weights" test "$(field All support n)" = 6
ok "All weighted base" test "$(field All support weighted_base)" = 9
# Kish: deff = 6 * 17 / 81, n_eff = 81 / 17.
ok "All deff_kish" near "$(field All support deff_kish)" 1.25925925925926
ok "All n_eff" near "$(field All support n_eff)" 4.76470588235294
# p = 1 in a (n_d = 3): [(0.025)^(1/3), 1]; p = 0: [0, 1 - 0.025^(1/3)].
ok "p = 1 interval low" near "$(field a support ci_low)" 0.292401773821287
ok "p = 1 interval high" test "$(field a support ci_high)" = 1
ok "p = 1 se is 0" test "$(field a support se)" = 0
ok "p = 0 interval low" test "$(field a oppose ci_low)" = 0
ok "p = 0 interval high" near "$(field a oppose ci_high)" 0.707598226178713
ok "zero weight not in n" test "$(field a support n)" = 3
ok "zero weight not in count" test "$(field a tend_support count)" = 1
# A domain of one respondent: share 1, se 0, no interval.
ok "n_d = 1: share" test "$(field c dont_know share)" = 1
ok "n_d = 1: se 0" test "$(field c dont_know se)" = 0
ok "n_d = 1: empty interval" test "$(field c dont_know ci_low)$(field c dont_know ci_high)" = ""
ok "n_d = 1: deff 1" test "$(field c dont_know deff_kish)" = 1
# net in All: (3 - 1 weighted 4 - 1 = 3)/9; count = 3 - 1; interval p +- t se
# clipped to [-1, 1] (the upper end is clipped here).
ok "net share" near "$(field All net share)" 0.333333333333333
ok "net count" test "$(field All net count)" = 2
ok "net ci_high clipped to 1" test "$(field All net ci_high)" = 1
ok "net ci_method is mean" test "$(field All net ci_method)" = mean
ok "low_base flags n < 50" test "$(field All net low_base)" = 1
for m in beta mean wilson; do
    t "edge $m" -- pollsupport --codebook "$SC" --by grp --ci "$m" --weight weight "$E"
    ok "p = 0 interval ($m)" near "$(field a oppose ci_high)" 0.707598226178713
    ok "n_d = 1 empty interval ($m)" test "$(field c dont_know ci_low)" = ""
done
# Wilson by hand on All support: nu = p(1-p)/se^2, t = qt(0.975, 5).
t "edge wilson" -- pollsupport --codebook "$SC" --by grp --ci wilson --weight weight "$E"
ok "wilson low by hand" near "$(field All support ci_low)" \
    "$(awk 'BEGIN{p=4/9; se=0.238297647323521; t=2.570581835636314; nu=p*(1-p)/se^2;
        c=p+t^2/(2*nu); h=t*sqrt(p*(1-p)/nu+t^2/(4*nu^2)); printf "%.15g", (c-h)/(1+t^2/nu)}')"
# --min-base
t "min-base 3" -- pollsupport --codebook "$SC" --by grp --min-base 3 --weight weight "$E"
ok "n = 3 is not low with --min-base 3" test "$(field a support low_base)" = 0
ok "n = 1 is low with --min-base 3" test "$(field b support low_base)" = 1

# --- Order, codebook, combine.
t "codebook order, labels, empty category, unknown group" \
    --err-has "1 row with grp 'c', not a codebook category, counts in All only" -- \
    pollsupport --by grp --codebook "$CB" --combine ab=a+b "$E"
ok "groups in codebook order then combined" test \
    "$(awk -F, 'NR>1 && $6=="support"{printf "%s ", $4}' "$T_OUT")" = "All d b a ab "
ok "question label from the codebook" grep -q '^q1,First question,' "$T_OUT"
ok "group label from the codebook" grep -q ',grp,a,Group A,support,' "$T_OUT"
ok "empty category: n = 0 and empty numbers" grep -q \
    '^q1,First question,grp,d,Group D,support,Support,net_positive,0,0,0,,,,,,,logit,0.95,all,weight,1,fixed,kish,A,,The first question,,Group,,,$' "$T_OUT"
ok "no rows for the unknown group" sh -c "! grep -q ',grp,c,' '$T_OUT'"
ok "combined group: n adds up" test "$(field ab support n)" = 4
ok "combined group: weighted base adds up" test "$(field ab support weighted_base)" = 5
# (1 + 2 + 1 support of weight 5): p = 0.8.
ok "combined group: share" near "$(field ab support share)" 0.8
ok "responses in scale order, then derived" test \
    "$(awk -F, 'NR>1 && $4=="All"{printf "%s ", $6}' "$T_OUT")" = \
    "strongly_support tend_support neither tend_oppose strongly_oppose dont_know support oppose net "
ok "header" test "$(head -n 1 "$T_OUT")" = \
    "question,question_label,by,group,group_label,response,response_label,response_kind,n,count,weighted_base,share,se,ci_low,ci_high,deff_kish,n_eff,ci_method,level,base,weight,low_base,se_method,deff_source,group_letter,sig_higher_than,question_text,universe,by_label,df,deff,mean"
ok "response labels and kinds" test \
    "$(awk -F, 'NR>1 && $4=="All"{printf "%s/%s ", $7, $8}' "$T_OUT")" = \
    "Strongly support/positive Tend to support/positive Neither/neutral Tend to oppose/negative Strongly oppose/negative Don't know/dont_know Support/net_positive Oppose/net_negative Net support/net_score "
t "no --by: All only" -- pollsupport --codebook "$SC" --unweighted "$E"
ok "All only, 9 rows" test "$(wc -l <"$T_OUT")" = 10
ok "unweighted: weight none" grep -q ',logit,0.95,all,none,' "$T_OUT"
ok "unweighted: zero-weight row counts" test "$(field All support n)" = 7
t "several --by columns" -- pollsupport --codebook "$SC" --by party,area --weight w "$S/sample1.csv"
ok "banner: All, then party, then area" test \
    "$(awk -F, 'NR>1 && $1=="q_tax" && $6=="net"{printf "%s ", $3}' "$T_OUT" | tr -s ' ' | sed 's/^ //')" = \
    "party party party party party party party party area area area "
ok "questions in codebook order" test \
    "$(awk -F, 'NR>1{print $1}' "$T_OUT" | uniq | tr '\n' ' ')" = "q_tax q_rail q_zoo "
t "--questions order" -- pollsupport --codebook "$SC" --questions q_zoo,q_tax --weight w "$S/sample1.csv"
ok "questions in --questions order" test \
    "$(awk -F, 'NR>1{print $1}' "$T_OUT" | uniq | tr '\n' ' ')" = "q_zoo q_tax "
t "--level 0.9" -- pollsupport --codebook "$SC" --level 0.9 --weight w "$S/sample1.csv"
ok "level column" grep -q ',logit,0.9,all,w,' "$T_OUT"

# --- Formats and outputs.
t "table" --out-has "First question (q1)" --out-has "Group A" --out-has "Base (n)" \
    --out-has "* base under 50 respondents" -- \
    pollsupport --by grp --codebook "$CB" --format table --weight weight "$E"
ok "table: support row" grep -Eq '^Support +44% +- +0% +100%$' "$T_OUT"
ok "table: net row" grep -Eq '^Net support +\+33 +- +-100 +\+100$' "$T_OUT"
ok "table: labels in full" grep -Eq '^Strongly support +' "$T_OUT"
ok "table fits 120 columns" test "$(awk '{ if (length($0) > m) m = length($0) } END { print m }' "$T_OUT")" -le 120
t "tsv output" -- pollsupport --codebook "$SC" --by grp --format tsv --weight weight "$E"
ok "tsv has tabs" grep -q "$(printf 'q1\tq1\t\tAll\tAll\tstrongly_support')" "$T_OUT"
tr ',' '\t' <"$E" >"$TMP/edge.tsv"
t "--tsv reads and writes TSV" -- pollsupport --codebook "$SC" --tsv --by grp --weight weight "$TMP/edge.tsv"
ok "--tsv output" grep -q "$(printf '\tsupport\tSupport\tnet_positive\t6\t3\t9\t')" "$T_OUT"
t "stdin" --in "$E" -- pollsupport --codebook "$SC" --by grp --weight weight
ok "stdin gives the same table" sh -c "pollsupport --codebook '$SC' --by grp --weight weight '$E' | cmp -s - '$T_OUT'"
t "-o writes the file" -- pollsupport --codebook "$SC" --by grp --weight weight -o "$TMP/out.csv" "$E"
ok "-o file content" grep -q '^q1,q1,grp,a,a,support,Support,net_positive,3,3,4,1,0,' "$TMP/out.csv"
t "-o keeps no partial output on error" --status 1 -- \
    pollsupport --codebook "$SC" --by nope --weight weight -o "$TMP/never.csv" "$E"
ok "no output file on error" test ! -e "$TMP/never.csv"

# --- Weights.
t "no weight column refused" --status 1 --err-has "no weight column" -- \
    pollsupport --codebook "$SC" --by party "$S/sample1.csv"
t "--weight names a missing column" --status 1 --err-has "no weight column 'wt'" -- \
    pollsupport --codebook "$SC" --weight wt "$S/sample1.csv"
printf 'id,g,q,w\n1,a,neither,1\n2,a,neither,-0.5\n' >"$TMP/neg.csv"
t "negative weight" --status 1 --err-has "pollsupport: $TMP/neg.csv:3:w: negative weight -0.5" -- \
    pollsupport --questions q --weight w "$TMP/neg.csv"
printf 'id,g,q,w\n1,a,neither,1\n2,a,neither,1\n3,a,neither,abc\n' >"$TMP/nan.csv"
t "non-numeric weight" --status 1 --err-has "pollsupport: $TMP/nan.csv:4:w: weight 'abc' is not a number" -- \
    pollsupport --questions q --weight w "$TMP/nan.csv"
printf 'id,g,q,w\n1,a,neither,\n' >"$TMP/miss.csv"
t "missing weight" --status 1 --err-has "pollsupport: $TMP/miss.csv:2:w: missing weight" -- \
    pollsupport --questions q --weight w "$TMP/miss.csv"
t "missing weight on stdin" --status 1 --in "$TMP/miss.csv" --err-has "pollsupport: <stdin>:2:w: missing weight" -- \
    pollsupport --questions q --weight w
printf 'id,g,q,w\n1,a,neither,0\n2,b,neither,0\n' >"$TMP/zero.csv"
t "all weights zero: an error, not a table of blanks" --status 1 \
    --err-has "pollsupport: $TMP/zero.csv:w: all weights are zero: no share can be estimated" -- \
    pollsupport --questions q --by g --weight w "$TMP/zero.csv"
ok "all zero: nothing written" test ! -s "$T_OUT"

# --- Data errors.
printf 'id,q1,w\n1,neither,1\n2,maybe,1\n' >"$TMP/badcode.csv"
t "an answer that is not a code of the codebook's scale" --status 1 \
    --err-has "pollsupport: $TMP/badcode.csv:3:q1: 'maybe' is not a code of scale 'response' (strongly_support, tend_support, neither, tend_oppose, strongly_oppose, dont_know or empty)" -- \
    pollsupport --codebook "$SC" --questions q1 --weight w "$TMP/badcode.csv"
t "without a codebook any value is a response" -- pollsupport --questions q1 --weight w "$TMP/badcode.csv"
ok "nominal responses from the data" test \
    "$(awk -F, 'NR>1{printf "%s/%s/%s ", $6, $7, $8}' "$T_OUT")" = "maybe/maybe/nominal neither/neither/nominal "

# --- The banner never cuts a number: each column is as wide as its widest
# figure; weighted bases from 1e12 on take a compact form a footnote states;
# long labels are cut with an ellipsis, the interval's level never.
# Every whole base and weighted base of the CSV must be on the banner's
# lines, as whole words.
figures_whole() { # CSV TABLE
    awk -F, 'FNR == 1 && NR == 1 { for (i = 1; i <= NF; i++) h[$i] = i; next }
        NR == FNR { if (!seen[$(h["group"])]++) { n[++k] = $(h["n"]); w[k] = sprintf("%.0f", $(h["weighted_base"])) } next }
        /^Base \(n\)/ { nl = $0 } /^Weighted base/ { wl = $0 }
        END { for (i = 1; i <= k; i++) if (index(" " nl " ", " " n[i] " ") == 0 && index(" " nl " ", " " n[i] "* ") == 0 ||
                                            index(" " wl " ", " " w[i] " ") == 0) { print "missing " n[i] " / " w[i]; bad = 1 }
              exit bad }' "$1" "$2"
}
awk 'BEGIN { print "grp,q,w"; for (i = 0; i < 4; i++) print "a,yes," (i < 2 ? 8011769 : 1234.5);
    print "b,no,16023538"; print "b,yes,0.25" }' >"$TMP/wide.csv"
pollsupport -q --questions q --by grp --weight w -o "$TMP/wide_t.csv" "$TMP/wide.csv"
t "banner: a weighted base of 16,023,538 whole" --out-has "16023538" --out-has "16026007" \
    --out-lacks "1.6e" -- pollsupport -q --questions q --by grp --weight w --format table "$TMP/wide.csv"
ok "banner: every base and weighted base whole" figures_whole "$TMP/wide_t.csv" "$T_OUT"
awk 'BEGIN { print "grp,q,w"; for (i = 0; i < 60; i++) print (i % 2 ? "a" : "b") "," (i % 3 ? "yes" : "no") "," (i + 1) * 1e14 }' \
    >"$TMP/huge.csv"
t "banner: weighted bases of 1e12 or more compact, and said" \
    --out-has "Weighted base      1.83e+17 9.3e+16  9e+16" \
    --out-has "Weighted bases of 1e+12 or more to 3 significant digits (1.6e+15 is 1.6 x 10^15)." -- \
    pollsupport -q --questions q --by grp --weight w --format table "$TMP/huge.csv"
awk 'BEGIN { print "grp,q"; for (i = 0; i < 200000; i++) print (i % 5 ? "a" : "b") "," (i % 3 ? "yes" : "no") }' \
    >"$TMP/many_n.csv"
pollsupport -q --questions q --by grp --unweighted --min-base 1000000 -o "$TMP/many_t.csv" "$TMP/many_n.csv"
t "banner: a base of 200,000 under --min-base 1000000" --out-has " 200000* " --out-has " 160000* " \
    --out-has " 40000*" -- pollsupport -q --questions q --by grp --unweighted --min-base 1000000 \
    --format table "$TMP/many_n.csv"
ok "banner: every base whole" figures_whole "$TMP/many_t.csv" "$T_OUT"
long="Supporting the proposal in every one of its many detailed and carefully worded parts"
sed "s/^response,net,,,,support,Support,/response,net,,,,support,$long,/" "$SC" >"$TMP/long_cb.csv"
printf 'grp,q1,w\n%s,strongly_support,1\n%s,tend_oppose,1\nb,neither,2\nb,strongly_support,1\n' \
    "A group whose label is far longer than any column of the banner would normally be" \
    "A group whose label is far longer than any column of the banner would normally be" >"$TMP/long.csv"
t "banner: long labels cut with an ellipsis, the level kept" \
    --out-has "Supporting the proposal in every… 95% CI" -- \
    pollsupport -q --codebook "$TMP/long_cb.csv" --questions q1 --by grp --weight w --format table \
    "$TMP/long.csv"
ok "banner: the interval line's figures whole" sh -c "grep '95% CI' '$T_OUT' | grep -q ' 2-97    0-100  0-100'"

# --- Without a codebook the order of groups and responses depends on the
# codes, never on the rows' order: numeric when every code is a number,
# else bytewise. The same rows shuffled give the same bytes, letters
# included.
awk 'BEGIN { srand(7); print "id,party,band,q,w"; split("lab con ref grn ld", p, " ");
    split("10 2 1 30", b, " "); split("Rejoin|Stay out|Would not vote", a, "|");
    for (i = 1; i <= 400; i++) print i "," p[1 + int(rand() * 5)] "," b[1 + int(rand() * 4)] "," \
        a[1 + int(rand() * 3)] "," (1 + int(rand() * 3) / 2) }' >"$TMP/order.csv"
{ head -n 1 "$TMP/order.csv"; tail -n +2 "$TMP/order.csv" | sort -t, -k5,5 -k3,3r -k1,1r; } \
    >"$TMP/shuffled.csv"
ok "the shuffle changes the first appearances" sh -c \
    "test \"\$(sed -n 2p '$TMP/order.csv' | cut -d, -f2)\" != \"\$(sed -n 2p '$TMP/shuffled.csv' | cut -d, -f2)\""
for fmt in csv table; do
    pollsupport -q --questions q --by party,band --weight w --format $fmt -o "$TMP/o.$fmt" "$TMP/order.csv"
    t "shuffled rows, $fmt: the same bytes" --out "$TMP/o.$fmt" -- \
        pollsupport -q --questions q --by party,band --weight w --format $fmt "$TMP/shuffled.csv"
done
ok "groups: bytewise text, numeric numbers; responses bytewise" test \
    "$(awk -F, 'NR>1 && $6=="Rejoin" {printf "%s=%s ", $4, $(NF-7)} NR>1 && $4=="All" {printf "%s ", $6}' "$TMP/o.csv")" = \
    "All= Rejoin Stay out Would not vote con=A grn=B lab=C ld=D ref=E 1=F 2=G 10=H 30=I "
t "no questions without a codebook" --status 2 --err-has "--questions is required without --codebook" -- \
    pollsupport --weight w "$TMP/badcode.csv"
t "--questions names a missing column" --status 1 --err-has "no question column 'q9'" -- \
    pollsupport --questions q9 --weight weight "$E"
t "--by names a missing column" --status 1 --err-has "no --by column 'nope'" -- \
    pollsupport --codebook "$SC" --by nope --weight weight "$E"
# A mistyped column name: the nearest column is offered, the message whole.
t "--by mistyped" --status 1 --err-is "pollsupport: $S/sample1.csv: no --by column 'prty' (did you mean 'party'?)" -- \
    pollsupport --codebook "$SC" --by prty --weight w "$S/sample1.csv"
t "--weight mistyped" --status 1 --err-is "pollsupport: $S/sample1.csv: no weight column 'W' (did you mean 'w'?)" -- \
    pollsupport --codebook "$SC" --by party --weight W "$S/sample1.csv"
t "--questions mistyped" --status 1 \
    --err-is "pollsupport: $S/sample1.csv: no question column 'q_rial' (did you mean 'q_rail'?)" -- \
    pollsupport --codebook "$SC" --by party --questions q_tax,q_rial --weight w "$S/sample1.csv"
t "--by far from every column: no suggestion" --status 1 \
    --err-is "pollsupport: $S/sample1.csv: no --by column 'region'" -- \
    pollsupport --codebook "$SC" --by region --weight w "$S/sample1.csv"
sed '1s/,w$/,wt_final/' "$S/sample1.csv" >"$TMP/wt.csv"
t "no weight column, one named like a weight" --status 1 \
    --err-is "pollsupport: $TMP/wt.csv: no weight column: give --weight COL, or --unweighted for unweighted figures (did you mean 'wt_final'?)" -- \
    pollsupport --codebook "$SC" --by party "$TMP/wt.csv"
sed '1s/,w$/,Weight/' "$S/sample1.csv" >"$TMP/Weight.csv"
t "no weight column, one named Weight" --status 1 \
    --err-is "pollsupport: $TMP/Weight.csv: no weight column: give --weight COL, or --unweighted for unweighted figures (did you mean 'Weight'?)" -- \
    pollsupport --codebook "$SC" --by party "$TMP/Weight.csv"
t "--combine of no column's groups" --status 1 --err-has "--combine x: no --by column has a group 'zz'" -- \
    pollsupport --codebook "$SC" --by grp --combine x=a+zz --weight weight "$E"
# Members are named as everywhere: code, BY=CODE or label; a name two --by
# columns share is ambiguous (exit 2), and members of two columns are refused.
printf 'id,v,e,q,weight\n1,lab,leave,tend_support,1\n2,grn,remain,neither,1\n3,did_not_vote,did_not_vote,dont_know,1\n4,lab,did_not_vote,tend_oppose,1\n' >"$TMP/two_by.csv"
t "--combine ambiguous member" --status 2 \
    --err-has "pollsupport: --combine x: 'did_not_vote' names groups of several --by columns: write one of v=did_not_vote, e=did_not_vote" -- \
    pollsupport --by v,e --combine x=lab+did_not_vote --questions q --unweighted "$TMP/two_by.csv"
t "--combine BY=CODE member" --out-has "q,q,v,x,x,tend_support,tend_support,nominal,3,1,3,0.333333333333," -- \
    pollsupport --by v,e --combine x=lab+v=did_not_vote --questions q --unweighted "$TMP/two_by.csv"
t "--combine members of two columns" --status 2 \
    --err-has "--combine x: 'lab' is a group of v, 'leave' of e: a combined group joins groups of one --by column" -- \
    pollsupport --by v,e --combine x=lab+leave --questions q --unweighted "$TMP/two_by.csv"

# The banner is for a terminal: control characters from the data are shown
# escaped, never sent raw.
printf 'id,v,q\n1,a\033[2Jb,yes\n2,c,no\n3,c,yes\n' >"$TMP/esc.csv"
t "table escapes control characters" --out-has 'All a\x1B[2Jb      c' -- \
    pollsupport --by v --questions q --unweighted --format table "$TMP/esc.csv"
ok "table has no raw ESC" sh -c "! LC_ALL=C grep -q \"\$(printf '\\033')\" '$T_OUT'"

# --- Usage errors.
usage "--ci unknown" "--ci: expected logit, beta, mean or wilson, got 'probit'" -- \
    pollsupport --ci probit "$E"
usage "--level 1" '--level: 1 is out of range (must be > 0 and < 1)' -- pollsupport --level 1 "$E"
usage "--level abc" "--level: 'abc' is not a number" -- pollsupport --level abc "$E"
usage "--format unknown" "--format: expected csv, tsv, table or xlsx, got 'xls'" -- pollsupport --format xls "$E"
usage "--exclude unknown" "--exclude: 'dk' is not a response of any question" -- \
    pollsupport -q --codebook "$SC" --exclude dk "$E"
usage "--weight with --unweighted" '--weight and --unweighted cannot be used together' -- \
    pollsupport --weight weight --unweighted "$E"
usage "--combine malformed" "--combine: expected NAME=CODE+CODE..., got 'left'" -- \
    pollsupport --codebook "$SC" --by grp --combine left "$E"
usage "--min-base negative" '--min-base: -1 is out of range (must be from 0 to 1000000000)' -- \
    pollsupport --min-base -1 "$E"
usage "two operands" "extra operand '$E'" -- pollsupport "$E" "$E"
usage "--by empty item" "--by: empty item in 'grp,'" -- pollsupport --codebook "$SC" --by grp, "$E"
usage "--by repeated" "--by: column 'grp' given twice" -- pollsupport --codebook "$SC" --by grp,grp --weight weight "$E"
usage "--questions repeated" "--questions: 'q1' given twice" -- \
    pollsupport --questions q1,q1 --weight weight "$E"
usage "--weight empty" '--weight: empty column name' -- pollsupport --weight '' "$E"
usage "--exclude everything" "--exclude: every response of 'q1' is excluded; nothing is left in the base" -- \
    pollsupport -q --codebook "$SC" --exclude strongly_support,tend_support,neither,tend_oppose,strongly_oppose,dont_know "$E"
usage "--exclude repeated" "--exclude: 'dont_know' given twice" -- pollsupport --exclude dont_know,dont_know "$E"
usage "--exclude empty item" "--exclude: empty item in 'dont_know,'" -- pollsupport --exclude dont_know, "$E"
usage "--combine defined twice" "--combine: group 'ab' defined twice" -- \
    pollsupport --codebook "$SC" --by grp --combine ab=a+b --combine ab=a+c "$E"
usage "--combine member twice" "--combine: 'a' given twice" -- pollsupport --codebook "$SC" --by grp --combine ab=a+a "$E"
usage "--combine empty member" "--combine: empty item in 'a++b'" -- pollsupport --codebook "$SC" --by grp --combine ab=a++b "$E"
usage "--combine an existing group" "--combine: 'a' is already a group of grp" -- \
    pollsupport --codebook "$SC" --by grp --combine a=a+b --weight weight "$E"
usage "--format with a value for a flag" "option '--unweighted' takes no argument" -- \
    pollsupport --unweighted=yes "$E"


# --- The real pipeline with the sample codebook: questions in codebook
# order with their chart labels, vote2024's categories in codebook order.
pollsynth --clean --n 600 --seed 11 2>/dev/null |
    pollweight --targets "$DATA/targets.csv" --missing keep -o "$TMP/w600.csv" 2>/dev/null
t "pipeline with data/codebook.csv" --err-has "weighting by the column 'weight'" -- \
    pollsupport --by vote2024 --codebook "$DATA/codebook.csv" --combine left=lab+grn --format tsv \
    "$TMP/w600.csv"
# TSV: the codebook's labels hold commas.
ok "codebook question order" test "$(awk -F'\t' 'NR>1{print $1}' "$T_OUT" | uniq | tr '\n' ' ')" = \
    "$(awk -F, '$2=="question"{printf "%s ", $1}' "$DATA/codebook.csv")"
ok "vote2024 groups in codebook order, then left" test \
    "$(awk -F'\t' 'NR>1 && $1=="q_temp_status" && $6=="net"{printf "%s ", $4}' "$T_OUT")" = \
    "All $(awk -F, '$1=="vote2024" && $2=="code"{printf "%s ", $6}' "$DATA/codebook.csv")left "
ok "group labels from the codebook" grep -q "$(printf '\tvote2024\tcon\tConservative\tsupport\tSupport\tnet_positive\t')" "$T_OUT"
ok "630 + 63 rows" test "$(($(wc -l <"$T_OUT") - 1))" = $((7 * 11 * 9))
t "pipeline table" --out-has "Base (n)" -- \
    pollsupport --by vote2024 --codebook "$DATA/codebook.csv" --format table "$TMP/w600.csv"
ok "pipeline table fits 120 columns" test "$(awk '{ if (length($0) > m) m = length($0) } END { print m }' "$T_OUT")" -le 120
ok "banner: group labels in full" grep -q 'Conservative' "$T_OUT"
ok "banner: response labels in full" grep -q '^Neither support nor oppose ' "$T_OUT"

# Old Mac line ends (a bare CR): lines are counted at each, as an editor shows them.
printf 'q1,weight\rYes,1\rNo,x\r' >"$TMP/cr.csv"
t "bare CR line ends: the line named" --status 1 --err-has "cr.csv:3:weight: weight 'x' is not a number" \
    -- pollsupport --questions q1 "$TMP/cr.csv"

# A ';'-separated file (a spreadsheet in a language with decimal commas):
# every program says so, instead of offering the whole header as a column.
printf 'id;q1;weight\n1;Yes;1,5\n' >"$TMP/semi.csv"
t "';'-separated: said (pollsupport)" --status 1 --err-has "the file is separated by ';'" \
    -- pollsupport --questions q1 "$TMP/semi.csv"
t "';'-separated: said (pollweight)" --status 1 --err-has "the file is separated by ';'" \
    -- pollweight --targets "$DATA/targets.csv" "$TMP/semi.csv"
t "';'-separated: said (pollclean)" --status 1 --err-has "the file is separated by ';'" \
    -- pollclean --codebook "$DATA/codebook.csv" "$TMP/semi.csv"

finish
