#!/usr/bin/env bash
# Truth recovery: do pollsupport's 95% intervals for `support` cover the
# population truth as often as they claim?
#
#   tests/coverage/coverage.sh [--clusters N [--strata K] [--icc R]]
#                              [POLLS] [N] [FIRST_SEED] [CI_METHOD] [BIAS]
#
# For POLLS simulated polls (default 200) with fixed seeds FIRST_SEED,
# FIRST_SEED+1, ... (default 1), each of N respondents (default 2000):
#   pollsynth --clean --bias BIAS --seed S --n N --truth truth.csv
#   | pollweight --targets data/targets.csv --missing keep
#   | pollsupport --codebook data/codebook.csv --by vote2024 --ci CI_METHOD ...
# and joins each table with the truth on (question, group,
# response=support). Each poll's table is made two ways, side by side:
#   - an unclustered poll: with the standard error taking the weights as
#     fixed (variant "fixed") and with --calibrated data/targets.csv
#     ("calibrated"; docs/methods.md);
#   - a clustered one (--clusters, passed to pollsynth with --strata and
#     --icc): with the design, --psu psu [--strata stratum] ("design"), and
#     ignoring it, weights only ("ignored").
# Prints, per variant, coverage over the proposal x party cells (the 2024
# vote groups) and over the All cells with the mean interval width and the
# mean design effect (the `deff` column), then per party the coverage, mean
# n and mean bias (estimate - truth), and ends with lines for scripts to
# read: "coverage_VARIANT PCT" (party cells), "coverage_all_VARIANT PCT"
# (All cells) and "width_VARIANT W" (party cells).
#
# pollsynth's panel selects respondents with a probability that is a product
# of one factor per weighting variable (sex, age_band, region, edu,
# vote2024): exactly the bias raking on those margins repairs. The fixed
# standard error ignores that raking estimated the weights, which for raked
# weights tends to overstate the variance of a share that is related to the
# weighting variables, so coverage somewhat above 95% is what to expect of
# it; the calibrated se allows for the raking (narrower for the whole sample,
# either way within a party raked on 2024 vote). Bias on anything raking does not see (political
# engagement, interactions of the weighting variables) would not be
# repaired and would show here as under-coverage. In a clustered poll the
# respondents of one PSU answer alike; a standard error that ignores it is
# too small, most for the whole sample (about 18 respondents per PSU with
# 100 PSUs) and least within a party (a few per PSU).
set -euo pipefail
synth_design=() clustered=0 strata=0
while [ $# -gt 0 ]; do
    case $1 in
    --clusters) synth_design+=(--clusters "$2"); clustered=1; shift 2 ;;
    --strata) synth_design+=(--strata "$2"); strata=1; shift 2 ;;
    --icc) synth_design+=(--icc "$2"); shift 2 ;;
    --) shift; break ;;
    -*) echo "coverage: unknown option '$1'" >&2; exit 2 ;;
    *) break ;;
    esac
done
if [ "$clustered" = 0 ] && [ ${#synth_design[@]} -gt 0 ]; then
    echo "coverage: --strata and --icc need --clusters" >&2
    exit 2
fi
polls=${1:-200}
n=${2:-2000}
seed0=${3:-1}
ci=${4:-logit}
bias=${5:-panel}   # panel (default), or none: simple random samples, for comparison
. "$(dirname "$0")/lib.sh"
coverage_start coverage

# The variants: names, pollsupport's extra options, headings.
if [ "$clustered" = 1 ]; then
    variants=(design ignored)
    design_opts=(--psu psu)
    [ "$strata" = 1 ] && design_opts+=(--strata stratum)
    opts_design=("${design_opts[@]}")
    opts_ignored=()
    heading_design="with the design (${design_opts[*]})"
    heading_ignored="design ignored (weights only)"
    design_words="clustered: pollsynth ${synth_design[*]}"
else
    variants=(fixed calibrated)
    opts_fixed=()
    opts_calibrated=(--calibrated "$top/data/targets.csv")
    heading_fixed="se fixed (weights as known)"
    heading_calibrated="se calibrated (--calibrated)"
    design_words="unclustered"
fi

: >"$work/joined"
for ((i = 0; i < polls; i++)); do
    s=$((seed0 + i))
    "$bin/pollsynth" --clean --bias "$bias" --seed "$s" --n "$n" ${synth_design[@]+"${synth_design[@]}"} \
        --truth "$work/truth.csv" |
        "$bin/pollweight" --targets "$top/data/targets.csv" --missing keep 2>/dev/null >"$work/w.csv"
    for v in "${variants[@]}"; do
        support_table "$v" "$work/w.csv" --by vote2024 --ci "$ci"
        # variant, poll, group kind, group, truth, share, ci_low, ci_high, n, deff
        awk -v OFS=, -v poll="$s" -v se="$v" "$columns"'
            FILENAME ~ /truth/ {
                if (f("response") == "support")
                    truth[f("question"), f("group")] = f("share")
                next
            }
            f("response") == "support" {
                k = f("question") SUBSEP f("group")
                if (!(k in truth)) { print "no truth for " $1 " " $4 > "/dev/stderr"; exit 1 }
                kind = f("by") == "" ? "all" : "party"
                print se, poll, kind, f("group"), truth[k], f("share"), f("ci_low"), f("ci_high"), f("n"), f("deff")
            }' "$work/truth.csv" "$work/sup.tsv" >>"$work/joined"
    done
done
v1=${variants[0]} v2=${variants[1]}
declare -n h1="heading_$v1" h2="heading_$v2"
awk -F, -v polls="$polls" -v n="$n" -v ci="$ci" -v sel="$bias" -v v1="$v1" -v v2="$v2" \
    -v h1="$h1" -v h2="$h2" -v design="$design_words" '
    $7 == "" { undefined[$1, $3]++; next }   # no interval: n < 2, or with a design df 0
    {
        cov = ($7 <= $5 && $5 <= $8)
        k = $1 SUBSEP $3
        cells[k]++; hit[k] += cov; width[k] += $8 - $7; deff[k] += $10
        if ($1 == v1) { bias[$3] += $6 - $5; gn[$4] += $9; gb[$4] += $6 - $5 }
        gc[$1, $4]++; gh[$1, $4] += cov; groups[$4] = 1
    }
    END {
        printf "%d polls of %d respondents (pollsynth --bias %s, %s, raked by pollweight), %s intervals, level 0.95\n", polls, n, sel, design, ci
        printf "%21s%-55s%s\n", "", h1, h2
        for (kind in bias) {
            f = v1 SUBSEP kind; c = v2 SUBSEP kind
            printf "%-6s cells %6d  coverage %5.1f%%  mean width %.4f  mean deff %5.2f   coverage %5.1f%%  mean width %.4f  mean deff %5.2f   mean bias %+.4f  (no interval: %d, %d)\n",
                kind, cells[f], 100 * hit[f] / cells[f], width[f] / cells[f], deff[f] / cells[f],
                100 * hit[c] / cells[c], width[c] / cells[c], deff[c] / cells[c],
                bias[kind] / cells[f], undefined[f] + 0, undefined[c] + 0
        }
        printf "by 2024 vote (coverage %s, %s):", v1, v2
        for (g in groups)
            printf "\n  %-13s %5.1f%%  %5.1f%%  mean n %5.0f  mean bias %+.4f", g,
                100 * gh[v1, g] / gc[v1, g], 100 * gh[v2, g] / gc[v2, g],
                gn[g] / gc[v1, g], gb[g] / gc[v1, g]
        printf "\n"
        split(v1 " " v2, vs, " ")
        for (i = 1; i <= 2; i++) {
            v = vs[i]
            printf "coverage_%s %.2f\n", v, 100 * hit[v, "party"] / cells[v, "party"]
            printf "coverage_all_%s %.2f\n", v, 100 * hit[v, "all"] / cells[v, "all"]
            printf "width_%s %.5f\n", v, width[v, "party"] / cells[v, "party"]
        }
    }' "$work/joined"
