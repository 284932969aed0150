#!/usr/bin/env bash
# pollplot --chart means: a dot per group at each question's mean score,
# its interval a line through it, the value beside it, on the scale's range
# when the answers are numbered. On the design fixture (a 0-10 rating and
# --means api00) and on a pollsynth poll whose support scale is scored 1 to
# 5 by 2024 vote (party colours); what the script draws, the alt text,
# hostile labels, the automatic choice and the refusals. Every script is
# run through gnuplot.
. "$(dirname "$0")/lib/harness.sh"
RUN=$TMP/run
mkdir -p "$RUN"
. "$(dirname "$0")/lib/gnuplot.sh"
D=$FIX/design

pollsupport -q --weight pw --strata stype --fpc fpc --codebook "$D/means_codebook.csv" \
    --questions rating --means api00 --by stype "$D/means.csv" >"$TMP/m.csv"
pollsupport -q --format tsv --weight pw --strata stype --fpc fpc --codebook "$D/means_codebook.csv" \
    --questions rating --means api00 --by stype "$D/means.csv" >"$TMP/m.tsv"
# block NAME FILE: the lines of datablock $NAME.
block() {
    awk -v b="\$$1 << EOD" '$0 == b { inb = 1; next } inb && $0 == "EOD" { exit } inb' "$2"
}
# mean_row Q G COL: a column of the mean row of question Q, group G.
mean_row() {
    awk -F'\t' -v q="$1" -v g="$2" -v f="$3" 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
        $c["question"] == q && $c["group"] == g && $c["response_kind"] == "mean" { print $c[f] }' "$TMP/m.tsv"
}

# --- A 0-10 rating: the axis is the scale, 0 to 10.
t "rating" --err-empty --out-has 'set xtics 0,1,10 format "%g"' \
    --out-has 'set label "Mean score among E, H and M"' \
    --out-has 'Average score for each question, on a scale of 0 to 10, by stype' -- \
    pollplot --chart means --questions rating --min-base 0 --image "$RUN/rating.png" "$TMP/m.csv"
cp "$T_OUT" "$RUN/rating.gp"
ok "rating renders" render "$RUN/rating.gp"
ok "rating is a 1200x675 PNG" png_ok "$RUN/rating.png"
ok "rating blocks are numbers" blocks_numeric "$RUN/rating.gp"
ok "rating labels are plain" labels_plain "$RUN/rating.gp"
ok "a dot per group" test "$(grep -c '^\$dots[0-9]* << EOD$' "$RUN/rating.gp")" = 3
k=0
for g in E H M; do
    k=$((k + 1))
    block "dots$k" "$RUN/rating.gp" >"$TMP/dots"
    ok "$g's dot at its mean" awk -v m="$(mean_row rating "$g" mean)" \
        '{ d = $2 - m } END { exit !(NR == 1 && d * d < 1e-16) }' "$TMP/dots"
    block "ci$k" "$RUN/rating.gp" >"$TMP/ci"
    ok "$g's line over its interval" awk -v lo="$(mean_row rating "$g" ci_low)" -v hi="$(mean_row rating "$g" ci_high)" \
        '{ a = $3 - lo; b = $4 - hi } END { exit !(NR == 1 && a * a < 1e-16 && b * b < 1e-16) }' "$TMP/ci"
done
ok "the values to one decimal" grep -q 'sprintf("%.1f", $3)' "$RUN/rating.gp"
ok "the lines in the groups' colours" test "$(grep -c 'with xerrorbars pt -1 lw 3 lc rgb "#' "$RUN/rating.gp")" = 3
t "the default --min-base hides small groups" --out-has 'n=%d, too few to show' -- \
    pollplot --chart means --questions rating "$TMP/m.csv"

# --- A column of numbers without a scale: the axis over the figures,
# chosen automatically when the questions drawn have only mean rows.
t "api00, automatically" --err-empty -- \
    pollplot --questions api00 --terminal svg --image "$RUN/api00.svg" --alt "$RUN/api00.txt" \
    -o "$RUN/api00.gp" "$TMP/m.csv"
ok "... a dot chart" grep -q '^\$dots1 << EOD$' "$RUN/api00.gp"
ok "... with no scale said" bash -c "! grep -q 'on a scale of' '$RUN/api00.gp'"
ok "api00 renders" render "$RUN/api00.gp"
ok "api00's SVG holds its texts" svg_has "$RUN/api00.svg" "Mean score among E, H and M" "api00" "674.4" \
    "Margin of error (95% interval)"
ok "the axis in whole steps around the figures" grep -q '^set xtics 580,20,700 format "%g"$' "$RUN/api00.gp"
ok "the alt text names the chart, each mean and its interval" grep -qx \
    "api00: E mean 674.4 (margin of error 650.0 to 698.8); H mean 625.8 (margin of error 596.4 to 655.3); M mean 636.6 (margin of error 604.6 to 668.6)." \
    "$RUN/api00.txt"
ok "... and its kind" grep -q '^Dot chart of mean scores: Mean score among E, H and M\.$' "$RUN/api00.txt"
t "a question with shares still draws shares by default" --err-empty --out-has '$seg1 << EOD' --out-lacks '$dots' -- \
    pollplot --questions rating "$TMP/m.csv"

# --- Refusals.
usage "two scales on one axis" "$TMP/m.csv: questions 'rating' (0 to 10) and 'api00' (no numbered answers) have different scales, which cannot share an axis: draw them in separate charts (--questions)" -- \
    pollplot --chart means "$TMP/m.csv"
grep -v ',(mean),' "$TMP/m.csv" >"$TMP/shares.csv"
usage "a question without a mean" "$TMP/shares.csv: question 'rating' has no mean score to draw (--chart means draws the rows of response_kind mean; the table has none)" -- \
    pollplot --chart means --questions rating "$TMP/shares.csv"
awk -F, 'NR == 1 || $1 != "rating" || $6 != "(mean)"' "$TMP/m.csv" >"$TMP/some.csv"
usage "names the questions with one" "$TMP/some.csv: question 'rating' has no mean score to draw (--chart means draws the rows of response_kind mean; the questions with one are: api00)" -- \
    pollplot --chart means --questions rating "$TMP/some.csv"
usage "--response is for bars" "--response draws bars (or a trend): it cannot go with --chart means" -- \
    pollplot --chart means --response x "$TMP/m.csv"

# --- Hostile labels reach the chart literally, and run nothing.
H_Q=$'Rating `touch pollplot-canary` "dq" \'sq\' @m {/:Bold x}^_&~% %d\nEOD'
H_G=$'Group `touch pollplot-canary` @g'
{
    echo 'question,question_label,by,group,group_label,response,response_label,response_kind,n,share,se,ci_low,ci_high,mean'
    printf 'q,"%s",v,a,"%s",(mean),Mean,mean,120,,0.2,4.6,5.4,5\n' "${H_Q//\"/\"\"}" "${H_G//\"/\"\"}"
    printf 'q,"%s",v,b,B,(mean),Mean,mean,130,,0.3,5.4,6.6,6\n' "${H_Q//\"/\"\"}"
} >"$TMP/hostile.csv"
for term in svg pngcairo; do
    ext=svg
    [ "$term" = pngcairo ] && ext=png
    t "hostile $term" --err-empty -- pollplot --chart means --terminal "$term" --title $'Means `touch pollplot-canary` @x' \
        --image "$RUN/hostile.$ext" -o "$RUN/hostile-$ext.gp" "$TMP/hostile.csv"
    ok "hostile $term renders" render "$RUN/hostile-$ext.gp"
    ok "hostile $term ran nothing" test ! -e "$RUN/pollplot-canary"
    ok "hostile $term: no raw backquote or @" bash -c "! grep -q '[\`@]' '$RUN/hostile-$ext.gp'"
    ok "hostile $term labels plain" labels_plain "$RUN/hostile-$ext.gp"
done
ok "hostile labels literal in the SVG" svg_has "$RUN/hostile.svg" "$H_Q" "$H_G" $'Means `touch pollplot-canary` @x'

# --- pollsynth's sample by 2024 vote, its support scale scored 1 to 5:
# the parties' colours, the house style's size.
. "$(dirname "$0")/lib/scored_poll.sh"
scored_poll
printf 'size = 1600x900\nnote = Scores: strongly support 5 to strongly oppose 1\n' >"$TMP/house.txt"
t "parties" --err-empty --out-has 'set terminal pngcairo size 1600,900' \
    --out-has 'Mean score among Conservative, Labour' --out-has 'Scores: strongly support 5 to strongly oppose 1' -- \
    pollplot --chart means --questions q_temp_status,q_settle_20y --style "$TMP/house.txt" \
    --groups con,lab,ld,ref,grn --image "$RUN/parties.png" "$TMP/p.csv"
cp "$T_OUT" "$RUN/parties.gp"
ok "parties render" render "$RUN/parties.gp"
ok "Conservative blue, Labour red, as in every chart" bash -c \
    "pollplot --groups con,lab --questions q_temp_status '$TMP/p.csv' | grep -o 'fc rgb \"#[0-9A-F]*\"' | head -2 >'$TMP/bars_colours' &&
     grep -o 'dots[12] using 2:1 with points pt 7 ps 1.6 lc rgb \"#[0-9A-F]*\"' '$RUN/parties.gp' | head -2 | sed 's/.*lc rgb/fc rgb/' | diff - '$TMP/bars_colours'"
ok "a dot per party per question" test "$(block dots1 "$RUN/parties.gp" | wc -l)" = 2
ok "no scale said for codes that are words" bash -c "! grep -q 'on a scale of' '$RUN/parties.gp'"
finish
