#!/usr/bin/env bash
# Truth recovery for change: do the 95% intervals of pollsupport's change
# rows cover the true change between two waves as often as they claim?
#
#   tests/coverage/coverage_waves.sh [--panel] [PAIRS] [N] [FIRST_SEED] [SHIFT]
#
# For PAIRS simulated pairs of waves (default 200) with fixed seeds
# FIRST_SEED, FIRST_SEED+1, ... (default 1), each wave of N records
# (default 2000) and the second's latent support moved by SHIFT (default
# -0.4, pollsynth's):
#   pollsynth --clean --seed S --n N --wave 1 [--panel]          | pollweight
#   pollsynth --clean --seed S --n N --wave 2 --shift SHIFT [--panel] --truth truth.csv | pollweight
# each wave raked on its own to data/targets.csv, the two stacked, and
#   pollsupport --waves wave --by vote2024 --codebook data/codebook.csv [--psu id]
# Each change row (wave 2 versus wave 1, response_kind `change`) is joined
# with pollsynth's true change on (question, group, response), for the
# positive net (`support`) and the net score (`net`).
#
# Without --panel the waves are separate samples (new respondents): one
# variant, "separate" (the stacked design's standard error, ids=~1). With
# --panel the second wave interviews the first's respondents again (about
# a quarter of the answers change); two variants: "panel", with --psu id,
# the respondent as the cluster, so that the se of a change allows for the
# same person answering twice, and "naive", without, as if the waves were
# separate samples. A respondent's two answers are positively correlated,
# so the naive se is too large and its coverage near 100%: honest only in
# the sense of never too narrow, and useless for telling a real change from
# noise.
#
# A normal interval needs a base. A party of a handful of respondents
# (Plaid Cymru's 3 to 8, the SNP's 20-odd) often has every one of them give
# the same answer, or in a panel the same answer twice: the change and its
# se are then 0 and the interval [0, 0] misses the true change. pollsupport
# flags such rows (low_base: a base under --min-base, 50); the headline
# figure leaves them out, and the table shows every cell too.
#
# Prints, per variant, the coverage of support changes over the All cells
# (proposal x all adults), every party cell (proposal x 2024 vote) and the
# party cells of base 50 or more, with the mean interval width and the mean
# bias (estimate - truth); the same for the net score; coverage per party;
# and ends with lines for scripts to read: "coverage_VARIANT PCT" (support,
# the All cells and the party cells of base 50+), "coverage_every_VARIANT
# PCT" (support, every cell), "coverage_all_VARIANT PCT" (the All cells),
# "coverage_net_VARIANT PCT" (the net score, as coverage_VARIANT) and
# "width_all_VARIANT W" (the All cells' mean width, in points).
set -euo pipefail
panel=0
while [ $# -gt 0 ]; do
    case $1 in
    --panel) panel=1; shift ;;
    --) shift; break ;;
    -*) echo "coverage_waves: unknown option '$1'" >&2; exit 2 ;;
    *) break ;;
    esac
done
pairs=${1:-200}
n=${2:-2000}
seed0=${3:-1}
shift_by=${4:--0.4}
. "$(dirname "$0")/lib.sh"
coverage_start coverage_waves

synth_opts=()
if [ "$panel" = 1 ]; then
    synth_opts=(--panel)
    variants=(panel naive)
    opts_panel=(--psu id)
    opts_naive=()
    design_words="a panel: the same respondents in both waves"
else
    variants=(separate)
    opts_separate=()
    design_words="separate samples"
fi

: >"$work/joined"
for ((i = 0; i < pairs; i++)); do
    s=$((seed0 + i))
    for w in 1 2; do
        truth=()
        [ "$w" = 2 ] && truth=(--shift "$shift_by" --truth "$work/truth.csv")
        "$bin/pollsynth" --clean --seed "$s" --n "$n" --wave "$w" ${synth_opts[@]+"${synth_opts[@]}"} ${truth[@]+"${truth[@]}"} |
            "$bin/pollweight" --targets "$top/data/targets.csv" --missing keep 2>/dev/null >"$work/w$w.csv"
    done
    { cat "$work/w1.csv"; tail -n +2 "$work/w2.csv"; } >"$work/stacked.csv"
    for v in "${variants[@]}"; do
        support_table "$v" "$work/stacked.csv" --by vote2024 --waves wave
        # variant, pair, group kind, group, response, truth, change, ci_low, ci_high, low_base, n
        awk -v OFS=, -v pair="$s" -v variant="$v" "$columns"'
            FILENAME ~ /truth/ {
                if (f("response_kind") == "change" && f("wave") == 2 && f("versus_wave") == 1)
                    truth[f("question"), f("group"), f("response")] = f("share")
                next
            }
            f("response_kind") == "change" && (f("response") == "support" || f("response") == "net") {
                if (f("wave") != 2 || f("versus_wave") != 1) { print "unexpected waves " f("wave") " " f("versus_wave") > "/dev/stderr"; exit 1 }
                k = f("question") SUBSEP f("group") SUBSEP f("response")
                if (!(k in truth)) { print "no truth for " f("question") " " f("group") " " f("response") > "/dev/stderr"; exit 1 }
                print variant, pair, f("by") == "" ? "all" : "party", f("group"), f("response"), truth[k],
                      f("share"), f("ci_low"), f("ci_high"), f("low_base"), f("n")
                rows++
            }
            END { if (!rows) { print "no change rows: does pollsupport have --waves?" > "/dev/stderr"; exit 1 } }
        ' "$work/truth.csv" "$work/sup.tsv" >>"$work/joined"
    done
done
awk -F, -v pairs="$pairs" -v n="$n" -v shift_by="$shift_by" -v design="$design_words" -v vlist="${variants[*]}" '
    $8 == "" { undefined[$1]++; next }   # no interval (a group with no one in a wave)
    {
        cov = ($8 <= $6 && $6 <= $9)
        # cell kinds: all, party, and party cells whose base is 50 or more
        nk = split($3 == "all" ? "all" : ($10 == 0 ? "party party50" : "party"), kinds, " ")
        for (j = 1; j <= nk; j++) {
            k = $1 SUBSEP kinds[j] SUBSEP $5
            cells[k]++; hit[k] += cov; width[k] += $9 - $8; bias[k] += $7 - $6
        }
        if ($5 == "support") { gc[$1, $4]++; gh[$1, $4] += cov; gw[$1, $4] += $9 - $8; gn[$1, $4] += $11; groups[$4] = 1 }
    }
    function pct(h, c) { return c ? 100 * h / c : -1 }
    function both(what, v, resp, a, p) {
        a = v SUBSEP "all" SUBSEP resp; p = v SUBSEP what SUBSEP resp
        return pct(hit[a] + hit[p], cells[a] + cells[p])
    }
    END {
        printf "%d pairs of waves of %d records (pollsynth --wave 1 and --wave 2 --shift %s, %s; each raked by pollweight), change intervals at level 0.95\n", pairs, n, shift_by, design
        split("all party party50", kd, " ")
        split("All|party|party, base 50+", kl, "|")
        nv = split(vlist, vs, " ")
        for (i = 1; i <= nv; i++) {
            v = vs[i]
            printf "%s:\n", v
            for (r = 1; r <= 2; r++) {
                resp = r == 1 ? "support" : "net"
                for (j = 1; j <= 3; j++) {
                    k = v SUBSEP kd[j] SUBSEP resp
                    if (!cells[k]) continue
                    printf "  %-7s %-16s cells %6d  coverage %5.1f%%  mean width %6.2f points  mean bias %+.4f\n",
                        resp, kl[j], cells[k], pct(hit[k], cells[k]), 100 * width[k] / cells[k], bias[k] / cells[k]
                }
            }
            printf "  support by 2024 vote:"
            for (g in groups)
                if (g != "All")
                    printf "\n    %-13s %5.1f%%  mean width %6.2f points  mean n %5.0f", g, pct(gh[v, g], gc[v, g]),
                        100 * gw[v, g] / gc[v, g], gn[v, g] / gc[v, g]
            printf "\n  no interval: %d\n", undefined[v] + 0
        }
        for (i = 1; i <= nv; i++) {
            v = vs[i]
            printf "coverage_%s %.2f\n", v, both("party50", v, "support")
            printf "coverage_every_%s %.2f\n", v, both("party", v, "support")
            printf "coverage_all_%s %.2f\n", v, pct(hit[v, "all", "support"], cells[v, "all", "support"])
            printf "coverage_net_%s %.2f\n", v, both("party50", v, "net")
            printf "width_all_%s %.3f\n", v, 100 * width[v, "all", "support"] / cells[v, "all", "support"]
        }
    }' "$work/joined"
