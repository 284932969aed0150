#!/usr/bin/env bash
# A short, fixed-seed run of the truth-recovery study
# (tests/coverage/coverage.sh, whose 200-poll figures are in docs/guide.md;
# its clustered polls are pollsupport_coverage_clustered.sh): 25 pollsynth
# panel polls of 2,000, raked by pollweight, and the share of proposal x
# party cells whose 95% `support` interval from pollsupport covers the
# population truth, with the standard error taking the weights as fixed
# and with --calibrated. The full study (200 polls)
# must land in 93-98%; with 25 polls the band here is wider, 88-99.5%, and a
# standard error half the right size (coverage near 70%) falls outside it.
. "$(dirname "$0")/lib/harness.sh"

in_band() { awk -v c="${1:-x}" -v lo="$2" -v hi="$3" 'BEGIN { exit !(c + 0 == c && c >= lo && c <= hi) }'; }
figure() { awk -v k="$1" '$1 == k { print $2 }' "$2"; }

t "coverage study, 25 polls" -- env POLLKIT_BIN="$POLLKIT_BIN" bash "$SRC/tests/coverage/coverage.sh" 25 2000 1001
cat "$T_OUT"
cov=$(figure coverage_fixed "$T_OUT")
ok "coverage $cov% within 88-99.5%" in_band "$cov" 88 99.5
# The same with the calibrated standard error (--calibrated data/targets.csv).
cal=$(figure coverage_calibrated "$T_OUT")
ok "calibrated coverage $cal% within 88-99.5%" in_band "$cal" 88 99.5
ok "every party cell had an interval" grep -q "^party .*(no interval: 0, 0)" "$T_OUT"

finish
