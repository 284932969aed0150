#!/usr/bin/env bash
# pollclaim on mean scores: "the average rating of Q [among G] is above N"
# and "G1 rate Q higher than G2", on two polls of different shapes: the
# design fixture (a stratified sample with fpc, a 0-10 rating scored in its
# codebook and --means api00; its means agree with R's svymean, see
# pollsupport_means.sh) and a pollsynth poll whose 5-point support scale is
# scored 1 to 5 in the codebook, by 2024 vote. The verdicts are checked
# against the table's own intervals (a mean against N) and against the
# significance letters, which make the same test of a difference.
. "$(dirname "$0")/lib/harness.sh"
D=$FIX/design

# --- Poll 1: the design fixture.
pollsupport -q --weight pw --strata stype --fpc fpc --codebook "$D/means_codebook.csv" \
    --questions rating --means api00 --by stype "$D/means.csv" >"$TMP/m.csv"
# field NAME [MATCH...]: the column NAME of the table's mean row of
# question $1, group $2.
field() {
    awk -F, -v q="$1" -v g="$2" -v f="$3" 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
        $c["question"] == q && $c["group"] == g && $c["response_kind"] == "mean" { print $c[f] }' "$TMP/m.csv"
}
# verdict_of LO HI N above|below: what the rule says of the mean's interval.
verdict_of() {
    awk -v lo="$1" -v hi="$2" -v n="$3" -v side="$4" 'BEGIN {
        if (side == "above") v = lo > n ? "HOLDS" : hi <= n ? "FAILS" : "TOO CLOSE TO CALL"
        else v = hi < n ? "HOLDS" : lo >= n ? "FAILS" : "TOO CLOSE TO CALL"
        print v }'
}
# Above and below a number on each side of, and inside, each group's interval.
for g in All E H M; do
    lo=$(field rating "$g" ci_low) hi=$(field rating "$g" ci_high)
    for n in 3 5 5.5 7; do
        for side in above below; do
            want=$(verdict_of "$lo" "$hi" "$n" "$side")
            among=""
            [ "$g" = All ] || among=" among $g"
            t "rating$among $side $n: $want" --out-has ",$want," --err-empty -- \
                pollclaim --claim "the average rating of rating$among is $side $n" "$TMP/m.csv"
            ok "... on the claim row" awk -F, -v w="$want" 'NR == 2 { exit index($0, "," w ",") == 0 }' "$T_OUT"
        done
    done
done
t "a held claim's sentence" --out-has "Among all respondents, the average score of likelihood (0-10) is 5.3 on a scale of 0 to 10 (margin of error ±0.4); even at the low end of the margin of error it is above 4, so 'above 4' holds." -- \
    pollclaim --claim 'the average rating of rating is above 4' "$TMP/m.csv"
t "a failed claim's sentence" --out-has "even at the high end of the margin of error it is below 6, so 'above 6' does not hold." -- \
    pollclaim --claim 'the average rating of rating is above 6' "$TMP/m.csv"
t "methods wording" --out-has "(95% CI 4.9–5.7); the interval includes 5, so 'above 5' is too close to call." -- \
    pollclaim --wording methods --claim 'the average rating of rating is above 5' "$TMP/m.csv"
t "'at least', 'mean score', 'for', 'was'" --out-has "'at least 600' holds" -- \
    pollclaim --claim 'mean score for api00 among E was at least 600' "$TMP/m.csv"
t "a column without a scale has no range in the sentence" --out-has "Among all respondents, the average of api00 is 662.3 (margin" -- \
    pollclaim --claim 'the average of api00 is above 600' "$TMP/m.csv"
t "several groups, each on its own" --out-has "E: the claim holds; H: the claim holds. Each group must hold on its own, so the claim holds." -- \
    pollclaim --claim 'the average rating of api00 among E and H is above 500' "$TMP/m.csv"
t "the terminal table prints means to one decimal" --out-has "E      api00     674.4   " -- \
    pollclaim --format table --claim 'the average rating of api00 among E, M is above 500' "$TMP/m.csv"
ok "... and their intervals" grep -q "E      api00     674.4   650.0 to 698.8" "$T_OUT"
t "the threshold column holds N, the estimate the mean" -- \
    pollclaim --claim 'the average rating of api00 among E is below 700' "$TMP/m.csv"
ok "... 700 and $(field api00 E mean)" awk -F, -v m="$(field api00 E mean)" \
    'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next } NR == 2 { exit !($c["threshold"] == 700 && $c["estimate"] == m) }' "$T_OUT"

# Two groups: the difference of their means, sqrt(se1^2 + se2^2), t on
# the smaller df; by hand here from the table's se (df 197: t 1.972).
t "E rate api00 higher than H" --out-has ",HOLDS," -- pollclaim --claim 'E rate api00 higher than H' "$TMP/m.csv"
ok "... the difference and its interval from the two rows" awk -F, \
    -v m1="$(field api00 E mean)" -v m2="$(field api00 H mean)" -v s1="$(field api00 E se)" -v s2="$(field api00 H se)" \
    'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
     NR == 2 { d = m1 - m2; h = 1.97207954 * sqrt(s1 * s1 + s2 * s2)
               e = $c["estimate"] - d; a = $c["ci_low"] - (d - h); b = $c["ci_high"] - (d + h)
               exit !(e * e < 1e-16 && a * a < 1e-10 && b * b < 1e-10) }' "$T_OUT"
t "... and lower fails" --out-has ",FAILS," --out-has "the difference goes the other way by more than the margin of error, so 'E rate it lower' does not hold." -- \
    pollclaim --claim 'E rate api00 lower than H' "$TMP/m.csv"
t "a close pair" --out-has ",TOO CLOSE TO CALL," --out-has "on a scale of 0 to 10: a difference of -0.3 (margin of error ±0.9)" -- \
    pollclaim --claim 'H rate rating lower than M' "$TMP/m.csv"
t "'scores' and 'do'" --out-has ",HOLDS," -- pollclaim --claim 'E scores api00 higher than H do' "$TMP/m.csv"

# Refusals.
t "a share claim on a question of only a mean" --status 2 --err-has \
    "question api00 holds only a mean score, no shares: a claim about its mean reads 'the average rating of api00 is above N' or 'GROUP rate api00 higher than GROUP'" -- \
    pollclaim --claim 'majority of E support api00' "$TMP/m.csv"
pollsupport -q --weight pw --codebook "$D/means_codebook.csv" --questions rating --by stype "$D/means.csv" \
    | grep -v ',(mean),' >"$TMP/shares.csv"
t "a mean claim on a table without means" --status 1 --err-is \
    "pollclaim: --claim:1:23: the table has no mean scores, so it cannot check a claim about an average: question rating has shares of its answers (0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, dk); make mean rows with pollsupport --means rating, or a codebook scale whose codes have scores" -- \
    pollclaim --claim 'the average rating of rating is above 5' "$TMP/shares.csv"
awk -F, 'NR == 1 || $1 != "rating" || $6 != "(mean)"' "$TMP/m.csv" >"$TMP/some.csv"
t "a mean claim on a question without a mean row names those with one" --status 1 --err-has \
    "--claim:1:8: question rating has no mean score in the table, only shares of its answers (0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, dk); the questions with a mean score are: api00" -- \
    pollclaim --claim 'E rate rating higher than H' "$TMP/some.csv"
usage "no number" "--claim:1:34: expected 'is above N' or 'is below N' at the end of a mean claim (also 'at least N', 'at most N', 'more than N', 'less than N') after '5', found the end of the claim" -- \
    pollclaim --claim 'the average rating of rating is 5' "$TMP/m.csv"
usage "no question" "--claim:1:20: expected 'of' and a question (e.g. 'the average rating of q_trust is above 5') after 'rating', found 'is'" -- \
    pollclaim --claim 'the average rating is above 5' "$TMP/m.csv"
t "a group compared with itself" --status 1 --err-has "cannot compare group E with itself" -- \
    pollclaim --claim 'E rate rating higher than E' "$TMP/m.csv"
t "a group and All" --status 1 --err-has "All is not a group of a --by column" -- \
    pollclaim --claim 'E rate rating higher than All' "$TMP/m.csv"
t "an unknown group after 'among'" --status 1 --err-has "unknown group 'X'" -- \
    pollclaim --claim 'the average rating of rating among X is above 5' "$TMP/m.csv"
t "share claims on the rating's answers still work" --out-has "FAILS" -- \
    pollclaim --claim 'majority of E say 7 on rating' "$TMP/m.csv"

# --- Poll 2: pollsynth's sample by 2024 vote, its support scale scored
# 5 (strongly support) to 1 (strongly oppose), don't know unscored.
. "$(dirname "$0")/lib/scored_poll.sh"
scored_poll
t "Labour voters rate ... lower than Conservative voters" --out-has ",HOLDS," \
    --out-has "Among Labour, the average score of temporary protection, 30-month reviews is 3.2, against 4.1 among Conservative: a difference of -0.9" -- \
    pollclaim --claim 'Labour voters rate q_temp_status lower than Conservative voters' "$TMP/p.csv"
t "a quantifier over proposals" --out-has "for 2 of 2 proposals; 'all' means all 2, so it holds." -- \
    pollclaim --claim 'Reform UK voters rate all of q_temp_status, q_settle_20y higher than Labour voters do' "$TMP/p.csv"
# Every ordered pair of parties: 'A rate Q higher than B' HOLDS exactly
# when the letters mark A's mean significantly above B's.
awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
    $c["response_kind"] == "mean" && $c["by"] == "vote2024" && $c["low_base"] == 0 && $1 == "q_settle_20y" {
        print $c["group"], $c["group_letter"], $c["sig_higher_than"] }' "$TMP/p.csv" >"$TMP/letters"
ok "the letters have mean rows to compare" test "$(wc -l <"$TMP/letters")" -ge 5
pairs=0
while read -r g1 l1 hi1; do
    while read -r g2 l2 hi2; do
        [ "$g1" = "$g2" ] && continue
        want="TOO CLOSE TO CALL|FAILS"
        case " $hi1 " in *" $l2 "*) want=HOLDS ;; esac
        pollclaim --claim "$g1 rate q_settle_20y higher than $g2" "$TMP/p.csv" >"$TMP/v.csv"
        ok "$g1 higher than $g2: $want" awk -F, -v w="$want" 'NR == 2 { exit $0 !~ ",(" w ")," }' "$TMP/v.csv"
        pairs=$((pairs + 1))
    done <"$TMP/letters"
done <"$TMP/letters"
ok "every pair compared ($pairs)" test "$pairs" -ge 20
t "a scored support scale has no range said (its codes are words)" --out-lacks "on a scale of" --out-has ",HOLDS," -- \
    pollclaim --claim 'the average rating of q_settle_20y among Green is below 3' "$TMP/p.csv"
t "share claims on the same question still work" --out-has ",MISLEADING," -- \
    pollclaim --claim 'majority of lab support q_temp_status' "$TMP/p.csv"
finish
