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
#   | pollsupport --by vote2024 --ci CI_METHOD
# and joins the table with the truth on (question, group, response=support).
# Prints coverage over the proposal x party cells (the 2024-vote groups), over
# the All cells, per party, the mean interval width and the mean bias
# (estimate - truth), and
# ends with a line "coverage PCT" (party cells) for scripts to read.
#
# pollsynth's panel selects respondents with a probability that is a product
# of one factor per weighting variable (sex, age_band, region, edu,
# vote2024): exactly the bias raking on those margins repairs. The standard
# error treats the weights as fixed (it ignores that raking estimated them),
# which for raked weights tends to overstate the variance of a share that is
# related to the weighting variables, so coverage somewhat above 95% is what
# to expect. Bias on anything raking does not see (political engagement,
# interactions of the weighting variables) would not be repaired and would
# show here as under-coverage.
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
        "$bin/pollweight" --targets "$top/data/targets.csv" --missing keep 2>/dev/null |
        "$bin/pollsupport" --codebook "$top/data/codebook.csv" --by vote2024 --ci "$ci" 2>/dev/null >"$work/sup.csv"
    # poll, group kind, group, truth, share, ci_low, ci_high, n
    awk -F, -v poll="$s" '
        FNR == 1 { for (i = 1; i <= NF; i++) c[FILENAME, $i] = i; next }
        FILENAME ~ /truth/ {
            if ($(c[FILENAME, "response"]) == "support")
                truth[$(c[FILENAME, "question"]), $(c[FILENAME, "group"])] = $(c[FILENAME, "share"])
            next
        }
        $(c[FILENAME, "response"]) == "support" {
            k = $(c[FILENAME, "question"]) SUBSEP $(c[FILENAME, "group"])
            if (!(k in truth)) { print "no truth for " $1 " " $4 > "/dev/stderr"; exit 1 }
            kind = $(c[FILENAME, "by"]) == "" ? "all" : "party"
            print poll, kind, $(c[FILENAME, "group"]), truth[k], $(c[FILENAME, "share"]),
                  $(c[FILENAME, "ci_low"]), $(c[FILENAME, "ci_high"]), $(c[FILENAME, "n"])
        }' "$work/truth.csv" "$work/sup.csv" >>"$work/joined"
done
awk -v polls="$polls" -v n="$n" -v ci="$ci" -v sel="$bias" '
    $6 == "" { undefined[$2]++; next }   # no interval (n < 2)
    {
        cov = ($6 <= $4 && $4 <= $7)
        cells[$2]++; hit[$2] += cov
        gc[$3]++; gh[$3] += cov; gn[$3] += $8; gb[$3] += $5 - $4
        width[$2] += $7 - $6; bias[$2] += $5 - $4
    }
    END {
        printf "%d polls of %d respondents (pollsynth --bias %s, raked by pollweight), %s intervals, level 0.95\n", polls, n, sel, ci
        for (k in cells)
            printf "%-6s cells %6d  coverage %5.1f%%  mean width %.4f  mean bias %+.4f  (no interval: %d)\n",
                k, cells[k], 100 * hit[k] / cells[k], width[k] / cells[k], bias[k] / cells[k], undefined[k] + 0
        printf "by 2024 vote:"
        for (g in gc) printf "\n  %-13s coverage %5.1f%%  mean n %5.0f  mean bias %+.4f", g, 100 * gh[g] / gc[g], gn[g] / gc[g], gb[g] / gc[g]
        printf "\n"
        printf "coverage %.2f\n", 100 * hit["party"] / cells["party"]
    }' "$work/joined"
