# A second poll with mean scores, for the tests of the programs that read
# them: pollsynth's sample (3,000 records, seed 5) with data/codebook.csv's
# support scale scored 5 (strongly support) to 1 (strongly oppose), don't
# know unscored, and pollsupport's unweighted table of two proposals by
# 2024 vote in $TMP/p.csv (the codebook in $TMP/cb.csv). Sourced after
# harness.sh.
scored_poll() {
    pollsynth --clean --n 3000 --seed 5 >"$TMP/poll.csv"
    awk -F, -v OFS=, 'NR == 1 { print $0 ",score"; next }
        $1 == "response" && $2 == "code" { s = $6 == "strongly_support" ? 5 : $6 == "tend_support" ? 4 : \
            $6 == "neither" ? 3 : $6 == "tend_oppose" ? 2 : $6 == "strongly_oppose" ? 1 : ""; print $0 "," s; next }
        { print $0 "," }' "$SRC/data/codebook.csv" >"$TMP/cb.csv"
    pollsupport -q --unweighted --codebook "$TMP/cb.csv" --by vote2024 --questions q_temp_status,q_settle_20y \
        "$TMP/poll.csv" >"$TMP/p.csv"
}
