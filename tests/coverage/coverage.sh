#!/usr/bin/env bash
# Truth recovery: do pollsupport's 95% intervals for `support` cover the
# population truth as often as they claim?
#
#   tests/coverage/coverage.sh [POLLS] [N] [FIRST_SEED] [CI_METHOD] [BIAS]
#
# For POLLS simulated polls (default 200) with fixed seeds FIRST_SEED,
# FIRST_SEED+1, ... (default 1), each of N respondents (default 2000):
#   pollsynth --clean --bias BIAS --seed S --n N --truth truth.csv
#   | pollweight --targets data/targets.csv --missing keep
#   | pollsupport --codebook data/codebook.csv --by vote2024 --ci CI_METHOD
#     [--calibrated data/targets.csv]
# (both: the standard error with the weights as fixed, and the calibrated
# one, docs/methods.md) and joins each table with the truth on (question,
# group, response=support). Prints, for each standard error side by side,
# coverage over the proposal x party cells (the 2024-vote groups) and over
# the All cells with the mean interval width, then per party the coverage,
# mean n and mean bias (estimate - truth), and ends with the lines
# "coverage PCT" (fixed se, party cells) and "coverage_calibrated PCT" for
# scripts to read.
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
# repaired and would show here as under-coverage.
set -euo pipefail
polls=${1:-200}
n=${2:-2000}
seed0=${3:-1}
ci=${4:-logit}
bias=${5:-panel}   # panel (default), or none: simple random samples, for comparison
top=$(cd "$(dirname "$0")/../.." && pwd)
bin=${POLLKIT_BIN:-$top/build}
for p in pollsynth pollweight pollsupport; do
    [ -x "$bin/$p" ] || { echo "coverage: $bin/$p is not built (set POLLKIT_BIN)" >&2; exit 1; }
done
export LC_ALL=C
work=$(mktemp -d "${TMPDIR:-/tmp}/pollkit-coverage.XXXXXX")
trap 'rm -rf "$work"' EXIT
: >"$work/joined"
for ((i = 0; i < polls; i++)); do
    s=$((seed0 + i))
    "$bin/pollsynth" --clean --bias "$bias" --seed "$s" --n "$n" --truth "$work/truth.csv" |
        "$bin/pollweight" --targets "$top/data/targets.csv" --missing keep 2>/dev/null >"$work/w.csv"
    # TSV: the codebook's labels hold commas.
    "$bin/pollsupport" --codebook "$top/data/codebook.csv" --by vote2024 --ci "$ci" --format tsv \
        "$work/w.csv" 2>/dev/null >"$work/sup_fixed.tsv"
    "$bin/pollsupport" --codebook "$top/data/codebook.csv" --by vote2024 --ci "$ci" --format tsv \
        --calibrated "$top/data/targets.csv" "$work/w.csv" 2>/dev/null >"$work/sup_calibrated.tsv"
    for se in fixed calibrated; do
    # se method, poll, group kind, group, truth, share, ci_low, ci_high, n
    awk -v OFS=, -v poll="$s" -v se="$se" '
        FNR == 1 {
            FS = FILENAME ~ /truth/ ? "," : "\t"
            $0 = $0
            for (i = 1; i <= NF; i++) c[FILENAME, $i] = i
            next
        }
        FILENAME ~ /truth/ {
            if ($(c[FILENAME, "response"]) == "support")
                truth[$(c[FILENAME, "question"]), $(c[FILENAME, "group"])] = $(c[FILENAME, "share"])
            next
        }
        $(c[FILENAME, "response"]) == "support" {
            k = $(c[FILENAME, "question"]) SUBSEP $(c[FILENAME, "group"])
            if (!(k in truth)) { print "no truth for " $1 " " $4 > "/dev/stderr"; exit 1 }
            kind = $(c[FILENAME, "by"]) == "" ? "all" : "party"
            print se, poll, kind, $(c[FILENAME, "group"]), truth[k], $(c[FILENAME, "share"]),
                  $(c[FILENAME, "ci_low"]), $(c[FILENAME, "ci_high"]), $(c[FILENAME, "n"])
        }' "$work/truth.csv" "$work/sup_$se.tsv" >>"$work/joined"
    done
done
awk -F, -v polls="$polls" -v n="$n" -v ci="$ci" -v sel="$bias" '
    $7 == "" { undefined[$1, $3]++; next }   # no interval (n < 2)
    {
        cov = ($7 <= $5 && $5 <= $8)
        k = $1 SUBSEP $3
        cells[k]++; hit[k] += cov; width[k] += $8 - $7
        if ($1 == "fixed") { bias[$3] += $6 - $5; gn[$4] += $9; gb[$4] += $6 - $5 }
        gc[$1, $4]++; gh[$1, $4] += cov; groups[$4] = 1
    }
    END {
        printf "%d polls of %d respondents (pollsynth --bias %s, raked by pollweight), %s intervals, level 0.95\n", polls, n, sel, ci
        printf "%21s%-37s%s\n", "", "se fixed (weights as known)", "se calibrated (--calibrated)"
        for (kind in bias) {
            f = "fixed" SUBSEP kind; c = "calibrated" SUBSEP kind
            printf "%-6s cells %6d  coverage %5.1f%%  mean width %.4f   coverage %5.1f%%  mean width %.4f   mean bias %+.4f  (no interval: %d)\n",
                kind, cells[f], 100 * hit[f] / cells[f], width[f] / cells[f],
                100 * hit[c] / cells[c], width[c] / cells[c], bias[kind] / cells[f], undefined[f] + 0
        }
        printf "by 2024 vote (coverage fixed, calibrated):"
        for (g in groups)
            printf "\n  %-13s %5.1f%%  %5.1f%%  mean n %5.0f  mean bias %+.4f", g,
                100 * gh["fixed", g] / gc["fixed", g], 100 * gh["calibrated", g] / gc["calibrated", g],
                gn[g] / gc["fixed", g], gb[g] / gc["fixed", g]
        printf "\n"
        printf "coverage %.2f\n", 100 * hit["fixed", "party"] / cells["fixed", "party"]
        printf "coverage_calibrated %.2f\n", 100 * hit["calibrated", "party"] / cells["calibrated", "party"]
        printf "width %.5f\nwidth_calibrated %.5f\n", width["fixed", "party"] / cells["fixed", "party"],
            width["calibrated", "party"] / cells["calibrated", "party"]
    }' "$work/joined"
