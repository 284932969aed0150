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
# Prints, per variant, the coverage of support changes over the All cells,
# the party cells (proposal x 2024 vote) and both, the mean interval width
# and the mean bias, the same for the net score, then coverage per party,
# and ends with lines for scripts to read: "coverage_VARIANT PCT" (support,
# All and party cells together), "coverage_all_VARIANT PCT",
# "coverage_party_VARIANT PCT", "coverage_net_VARIANT PCT" and
# "width_all_VARIANT W" (All cells' support, in points).
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
        # variant, pair, group kind, group, response, truth, change, ci_low, ci_high
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
                      f("share"), f("ci_low"), f("ci_high")
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
        k = $1 SUBSEP $3 SUBSEP $5
        cells[k]++; hit[k] += cov; width[k] += $9 - $8; bias[k] += $7 - $6
        if ($5 == "support") { gc[$1, $4]++; gh[$1, $4] += cov; gw[$1, $4] += $9 - $8; groups[$4] = 1 }
    }
    function pct(h, c) { return c ? 100 * h / c : -1 }
    END {
        printf "%d pairs of waves of %d records (pollsynth --wave 1 and --wave 2 --shift %s, %s; each raked by pollweight), change intervals at level 0.95\n", pairs, n, shift_by, design
        nv = split(vlist, vs, " ")
        for (i = 1; i <= nv; i++) {
            v = vs[i]
            printf "%s:\n", v
            for (r = 1; r <= 2; r++) {
                resp = r == 1 ? "support" : "net"
                for (kind = 1; kind <= 2; kind++) {
                    kd = kind == 1 ? "all" : "party"
                    k = v SUBSEP kd SUBSEP resp
                    if (!cells[k]) continue
                    printf "  %-7s %-5s cells %6d  coverage %5.1f%%  mean width %6.2f points  mean bias %+.4f\n",
                        resp, kd, cells[k], pct(hit[k], cells[k]), 100 * width[k] / cells[k], bias[k] / cells[k]
                }
            }
            printf "  support by 2024 vote:"
            for (g in groups)
                if (g != "All")
                    printf "\n    %-13s %5.1f%%  mean width %6.2f points  (%d cells)", g, pct(gh[v, g], gc[v, g]),
                        100 * gw[v, g] / gc[v, g], gc[v, g]
            printf "\n  no interval: %d\n", undefined[v] + 0
        }
        for (i = 1; i <= nv; i++) {
            v = vs[i]
            a = v SUBSEP "all" SUBSEP "support"; p = v SUBSEP "party" SUBSEP "support"
            printf "coverage_%s %.2f\n", v, pct(hit[a] + hit[p], cells[a] + cells[p])
            printf "coverage_all_%s %.2f\n", v, pct(hit[a], cells[a])
            printf "coverage_party_%s %.2f\n", v, pct(hit[p], cells[p])
            na = v SUBSEP "all" SUBSEP "net"; np = v SUBSEP "party" SUBSEP "net"
            printf "coverage_net_%s %.2f\n", v, pct(hit[na] + hit[np], cells[na] + cells[np])
            printf "width_all_%s %.3f\n", v, 100 * width[a] / cells[a]
        }
    }' "$work/joined"
