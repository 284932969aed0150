#!/usr/bin/env bash
# A short, fixed-seed run of the truth-recovery study of change
# (tests/coverage/coverage_waves.sh, whose 200-pair figures are in
# docs/guide.md): pairs of pollsynth waves, the second with support lower
# (--shift -0.4), each raked by pollweight, stacked, and the share of
# pollsupport --waves' 95% change intervals that cover pollsynth's true
# change, for `support` over the All cells and the proposal x party cells
# of base 50 or more (about 49 cells a pair; smaller bases are flagged
# low_base, and their normal intervals are not to be trusted).
#   - Separate samples, 25 pairs (about 1,225 cells): binomial sd
#     sqrt(0.95 x 0.05 / 1225) = 0.62 points; a pair's cells share its
#     respondents, and at 3 times the binomial (1.9 points) 89.5-99%
#     leaves about 3 sd below 95%. A standard error a third too small
#     (coverage near 81%) or only one wave's (near 83%) falls below.
#   - A panel, 20 pairs (the same respondents asked twice, about a quarter
#     of the answers changing): with --psu id the same band. Without it
#     the se takes the waves as independent; a respondent's two answers
#     are positively correlated, so that se is too large: its coverage is
#     near 100% (above the band) and its interval for all adults about 2.3
#     times as wide as the panel's (the test needs 1.5).
. "$(dirname "$0")/lib/harness.sh"

in_band() { awk -v c="${1:-x}" -v lo="$2" -v hi="$3" 'BEGIN { exit !(c + 0 == c && c >= lo && c <= hi) }'; }
figure() { awk -v k="$1" '$1 == k { print $2 }' "$2"; }

# study NAME ARGS...: the study run with ARGS, its figures shown and kept
# in $TMP/NAME.txt
study() {
    local name=$1
    shift
    t "coverage of change: $name" -- env POLLKIT_BIN="$POLLKIT_BIN" bash "$SRC/tests/coverage/coverage_waves.sh" "$@"
    cp "$T_OUT" "$TMP/$name.txt"
    cat "$TMP/$name.txt"
}

study separate 25 2000 3001
cov=$(figure coverage_separate "$TMP/separate.txt")
ok "separate samples: coverage $cov% within 89.5-99%" in_band "$cov" 89.5 99
all=$(figure coverage_all_separate "$TMP/separate.txt")
ok "separate samples: All cells' coverage $all% within 85-100%" in_band "$all" 85 100

study panel --panel 20 2000 4001
cov=$(figure coverage_panel "$TMP/panel.txt")
ok "panel with --psu id: coverage $cov% within 89.5-99%" in_band "$cov" 89.5 99
naive=$(figure coverage_naive "$TMP/panel.txt")
ok "panel without --psu: coverage $naive% over 98%" in_band "$naive" 98 100
ok "panel: the naive interval for all adults is over 1.5 times as wide" \
    awk -v p="$(figure width_all_panel "$TMP/panel.txt")" -v n="$(figure width_all_naive "$TMP/panel.txt")" \
    'BEGIN { exit !(p > 0 && n > 1.5 * p) }'

finish
