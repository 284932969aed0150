#!/usr/bin/env bash
# Linear growth: inputs that were quadratic once (a hand-made or hostile file
# can be any size) must take time in proportion to their size. Each series
# grows tenfold per step (the claims naming many names double: every row of
# pollclaim's output repeats the claim's text, so the output itself grows
# with the square of the names; its size is printed):
#   - a CSV header of 10,000 to 1,000,000 columns (the duplicate-header check
#     and column lookups), read by pollweight on two records;
#   - a support table of 1,000 to 100,000 questions (x 2 groups x 3
#     responses), drawn by pollplot;
#   - 1,000 to 100,000 claims, one per question of that table, checked by
#     pollclaim;
#   - polltable on published banners of 1,000 to 100,000 columns all named
#     "Group", answer rows all named "Yes", tables all titled alike, and
#     distinct questions;
#   - one claim naming 1,000 to 4,000 groups, and one naming 5,000 to 20,000
#     proposals;
#   - wide files of 2,000 to 32,000 labelled variables (x4 per step): a CSV
#     and its codebook through pollclean (the codebook reader), and, when
#     R's haven is installed to write them, SPSS files drafted by
#     pollcodebook and cleaned by pollclean (the SPSS reader).
# docs/performance.md has the figures, and the figures before each fix.
# Each line prints the seconds, the peak memory and the ratio to the step
# before: linear growth shows as about 10 (the largest steps leave the CPU
# caches, so a little more). Before hashing, 100,000 columns took 17 s and
# 1,000,000 more than 9 minutes; 20,000 questions 19 s; 100,000 claims 94 s.
#
#   tests/bench/linear.sh            (POLLKIT_BIN: the build directory)
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
bin=${POLLKIT_BIN:-$top/build}
export LC_ALL=C
for p in pollweight pollplot pollclaim polltable pollclean pollcodebook; do
    [ -x "$bin/$p" ] || { echo "bench: $bin/$p is not built" >&2; exit 1; }
done
work=$(mktemp -d "${TMPDIR:-/tmp}/pollkit-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

# run LABEL SIZE CMD...: time one run, print seconds, memory and the ratio
# to the previous run of the series.
prev=""
run() {
    local label=$1 size=$2
    shift 2
    /usr/bin/time -f '%e %M' -o "$work/time" "$@" >/dev/null 2>"$work/err" || {
        echo "bench: $label $size failed:" >&2
        cat "$work/err" >&2
        exit 1
    }
    read -r s kb <"$work/time"
    if [ -n "$prev" ]; then
        awk -v l="$label" -v n="$size" -v s="$s" -v kb="$kb" -v p="$prev" \
            'BEGIN { printf "%-10s %9d  %7.2f s  %7.0f MB  x%.1f\n", l, n, s, kb / 1024, s / (p > 0.005 ? p : 0.005) }'
    else
        awk -v l="$label" -v n="$size" -v s="$s" -v kb="$kb" \
            'BEGIN { printf "%-10s %9d  %7.2f s  %7.0f MB\n", l, n, s, kb / 1024 }'
    fi
    prev=$s
}

printf 'variable,category,target\nsex,m,0.5\nsex,f,0.5\n' >"$work/targets.csv"
echo "== columns in the header (pollweight, 2 records)"
prev=""
for n in 10000 100000 1000000; do
    awk -v n="$n" 'BEGIN {
        printf "sex"; for (i = 1; i < n; i++) printf ",c%d", i; printf "\n"
        for (r = 0; r < 2; r++) { printf (r ? "f" : "m"); for (i = 1; i < n; i++) printf ",1"; printf "\n" } }' \
        >"$work/wide.csv"
    run columns "$n" "$bin/pollweight" -q --targets "$work/targets.csv" "$work/wide.csv"
done
rm -f "$work/wide.csv"

# table N: N questions x (lab, grn) x (support, oppose, dont_know).
table() {
    awk -v n="$1" 'BEGIN {
        print "question,question_label,by,group,group_label,response,response_label,response_kind,n,count,weighted_base,share,se,ci_low,ci_high,deff_kish,n_eff,ci_method,level,base,weight,low_base"
        split("lab grn", g, " "); split("Labour voters,Green voters", gl, ",")
        split("support oppose dont_know", r, " "); split("net_positive net_negative dont_know", k, " ")
        split("0.55 0.35 0.1", s, " ")
        for (i = 0; i < n; i++) for (a = 1; a <= 2; a++) for (b = 1; b <= 3; b++)
            printf "q%d,Proposal %d,vote2024,%s,%s,%s,%s,%s,500,%d,500,%s,0.02,%.2f,%.2f,1.1,454.5,logit,0.95,all,weight,0\n",
                i, i, g[a], gl[a], r[b], r[b], k[b], 500 * s[b], s[b], s[b] - 0.04, s[b] + 0.04 }'
}
echo "== questions in a support table (pollplot --groups lab,grn)"
prev=""
for n in 1000 10000 100000; do
    table "$n" >"$work/table$n.csv"
    run questions "$n" "$bin/pollplot" --groups lab,grn "$work/table$n.csv"
done
echo "== claims, one per question (pollclaim --claims)"
prev=""
for n in 1000 10000 100000; do
    awk -v n="$n" 'BEGIN { for (i = 0; i < n; i++)
        printf "c%d: \"words %d\" => majority of lab support q%d\n", i, i, i }' >"$work/claims$n.txt"
    run claims "$n" "$bin/pollclaim" --claims "$work/claims$n.txt" "$work/table$n.csv"
done

# Published banners (polltable): what was quadratic or cubic once.
echo "== columns all named \"Group\" under one break (polltable)"
prev=""
for n in 1000 10000 100000; do
    awk -v n="$n" 'BEGIN {
        printf "Q1. Test?"; for (i = 0; i <= n; i++) printf ","; print ""
        printf ",,Groups"; for (i = 1; i < n; i++) printf ","; print ""
        printf ",Total"; for (i = 0; i < n; i++) printf ",Group"; print ""
        printf "Unweighted base,1000"; for (i = 0; i < n; i++) printf ",100"; print ""
        printf "Yes,50%%"; for (i = 0; i < n; i++) printf ",50%%"; print ""
        printf "No,50%%"; for (i = 0; i < n; i++) printf ",50%%"; print "" }' >"$work/banner.csv"
    run columns "$n" "$bin/polltable" -q "$work/banner.csv"
done
echo "== answer rows all named \"Yes\" (polltable)"
prev=""
for n in 1000 10000 100000; do
    awk -v n="$n" 'BEGIN { print "Q1. Test?,,"; print ",Total,Men"; print "Unweighted base,1000,500"
        for (i = 0; i < n; i++) print "Yes,1%,1%" }' >"$work/banner.csv"
    run answers "$n" "$bin/polltable" -q "$work/banner.csv"
done
echo "== tables all titled alike (polltable)"
prev=""
for n in 1000 10000 100000; do
    awk -v n="$n" 'BEGIN { for (j = 0; j < n; j++) { print "Q1. Test?,,"; print ",Total,Men"
        print "Unweighted base,1000,500"; print "Yes,50%,50%"; print "No,50%,50%" } }' >"$work/banner.csv"
    run titles "$n" "$bin/polltable" -q "$work/banner.csv"
done
echo "== distinct questions (polltable)"
prev=""
for n in 1000 10000 100000; do
    awk -v n="$n" 'BEGIN { for (j = 0; j < n; j++) { printf "Q%d. Test %d?,,\n", j, j
        print ",Total,Men"; print "Unweighted base,1000,500"; print "Yes,50%,50%"; print "No,50%,50%" } }' \
        >"$work/banner.csv"
    run questions "$n" "$bin/polltable" -q "$work/banner.csv"
done
rm -f "$work/banner.csv"

# One claim naming many names (pollclaim): the table has 4,000 groups of
# one break, or 20,000 questions.
awk 'BEGIN { print "question,by,group,group_label,response,share,n"; print "q1,,All,All,yes,0.6,1000"
    for (i = 1; i <= 4000; i++) printf "q1,vote,g%d,Group %d,yes,0.6,100\n", i, i }' >"$work/groups.csv"
echo "== one claim naming many groups (pollclaim; output size in brackets)"
prev=""
for n in 1000 2000 4000; do
    awk -v n="$n" 'BEGIN { printf "c1: \"x\" => majority of "
        for (i = 1; i <= n; i++) printf "%sGroup %d", (i > 1 ? ", " : ""), i; print " say yes to q1" }' \
        >"$work/claim.txt"
    run groups "$n" "$bin/pollclaim" --claims "$work/claim.txt" "$work/groups.csv"
    printf '           (%s MB of output)\n' "$("$bin/pollclaim" --claims "$work/claim.txt" "$work/groups.csv" | wc -c | awk '{ printf "%.0f", $1 / 1048576 }')"
done
awk 'BEGIN { print "question,by,group,group_label,response,share,n"
    for (i = 1; i <= 20000; i++) printf "q%d,,All,All,yes,0.6,1000\n", i }' >"$work/questions.csv"
echo "== one claim naming many proposals (pollclaim; output size in brackets)"
prev=""
for n in 5000 10000 20000; do
    awk -v n="$n" 'BEGIN { printf "c1: \"x\" => majority yes all of "
        for (i = 1; i <= n; i++) printf "%sq%d", (i > 1 ? ", " : ""), i; print "" }' >"$work/claim.txt"
    run proposals "$n" "$bin/pollclaim" --claims "$work/claim.txt" "$work/questions.csv"
    printf '           (%s MB of output)\n' "$("$bin/pollclaim" --claims "$work/claim.txt" "$work/questions.csv" | wc -c | awk '{ printf "%.0f", $1 / 1048576 }')"
done

# Wide files: N variables, each a labelled Yes/No/Don't know question, five
# records. The codebook is written directly for the CSV series.
wide_csv() {
    awk -v n="$1" 'BEGIN {
        printf "id"; for (i = 1; i <= n; i++) printf ",q%05d", i; printf "\n"
        split("Yes No Yes No Don'"'"'t know", a, " ")
        for (r = 1; r <= 5; r++) { printf "%d", r; for (i = 1; i <= n; i++) printf ",%s", (r == 5 ? "Don'"'"'t know" : a[r]); printf "\n" } }' \
        >"$work/wide.csv"
    awk -v n="$1" 'BEGIN { print "variable,kind,source,scale,code,label,side"
        print "id,id,id,,,,"; print "yn,scale,,,,Yes or no,"
        print "yn,code,,,yes,Yes,positive"; print "yn,code,,,no,No,negative"
        print "yn,code,,,dont_know,Don'"'"'t know,dont_know"
        for (i = 1; i <= n; i++) printf "q%05d,question,q%05d,yn,,Question %d,\n", i, i, i }' >"$work/wide_cb.csv"
}
echo "== labelled variables, CSV and codebook (pollclean)"
prev=""
for n in 2000 8000 32000; do
    wide_csv "$n"
    run variables "$n" "$bin/pollclean" -q --codebook "$work/wide_cb.csv" "$work/wide.csv"
done
rm -f "$work/wide.csv" "$work/wide_cb.csv"
if Rscript -e 'library(haven)' >/dev/null 2>&1; then
    for n in 2000 8000 32000; do
        Rscript -e 'library(haven); a <- commandArgs(TRUE); n <- as.integer(a[1])
            df <- data.frame(id = 1:5)
            for (i in seq_len(n)) df[[sprintf("q%05d", i)]] <- labelled(c(1, 2, 1, 2, 9),
                c(Yes = 1, No = 2, "Don\x27t know" = 9), label = sprintf("Question %d", i))
            write_sav(df, a[2])' "$n" "$work/wide$n.sav"
    done
    echo "== labelled variables, SPSS (pollcodebook)"
    prev=""
    for n in 2000 8000 32000; do
        run variables "$n" "$bin/pollcodebook" -q -o "$work/wide$n.cb" "$work/wide$n.sav"
    done
    echo "== labelled variables, SPSS with the draft (pollclean)"
    prev=""
    for n in 2000 8000 32000; do
        run variables "$n" "$bin/pollclean" -q --codebook "$work/wide$n.cb" "$work/wide$n.sav"
    done
else
    echo "== labelled variables, SPSS: skipped (R's haven writes the files; not installed)"
fi
