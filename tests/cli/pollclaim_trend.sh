#!/usr/bin/env bash
# Claims about change between waves: held-out trend claims on the panel of
# tests/fixtures/waves get the verdicts R's intervals give
# (ref_panel.tsv, make_waves.R), including one only the panel's standard
# error can decide; changes between two published tables (polltable
# --wave) as separate samples; the claims' errors.
. "$(dirname "$0")/lib/harness.sh"
W=$FIX/waves

pollsupport -q --waves wave --psu id --by vote --codebook "$W/codebook.csv" -o "$TMP/panel.csv" "$W/panel.csv"

# rverdict QUESTION GROUP RESPONSE DIRECTION POINTS: the verdict R's
# interval of the change gives (DIRECTION 1 risen, -1 fallen, 0 unchanged;
# POINTS a proportion, 0 for none).
rverdict() {
    awk -F'\t' -v q="$1" -v g="$2" -v r="$3" -v dir="$4" -v n="$5" '
        NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
        $(c["question"]) == q && $(c["group"]) == g && $(c["response"]) == r {
            lo = $(c["ci_low"]) + 0; hi = $(c["ci_high"]) + 0
            if (dir == 0) v = (lo >= -n && hi <= n) ? "HOLDS" : (hi < -n || lo > n) ? "FAILS" : "TOO CLOSE TO CALL"
            else { a = dir > 0 ? lo : -hi; b = dir > 0 ? hi : -lo
                   v = (n > 0 ? a >= n : a > 0) ? "HOLDS" : (b < n) ? "FAILS" : "TOO CLOSE TO CALL" }
            print v; found = 1 }
        END { if (!found) print "no reference row" }' "$W/ref_panel.tsv"
}

# claim NAME TEXT QUESTION GROUP RESPONSE DIRECTION POINTS
claim() {
    local want
    want=$(rverdict "$3" "$4" "$5" "$6" "$7")
    t "$1: $want, as R's interval says" --out-has ",claim,$3," -- pollclaim --claim "$2" "$TMP/panel.csv"
    ok "$1: verdict $want" test "$(awk -F, 'NR == 2' "$T_OUT" | grep -o 'HOLDS\|FAILS\|TOO CLOSE TO CALL' | head -n 1)" = "$want"
}
claim "only the panel's se decides" "neither for q_cap among con has risen since june" q_cap con neutral 1 0
claim "All, fallen" "support for q_cap has fallen since june" q_cap All agree_net -1 0
claim "a group, risen" "support for q_review among grn has risen since 2026-06" q_review grn agree_net 1 0
claim "by at least N points" "oppose for q_cap among lab has risen by at least 2 points since june" q_cap lab disagree_net 1 0.02
claim "unchanged within N" "support for q_cap among con is unchanged since june, within 8 points" q_cap con agree_net 0 0.08
claim "unchanged within a small N" "support for q_cap is unchanged since june, within 1 point" q_cap All agree_net 0 0.01
claim "less likely than in W" "lab are less likely than in june to support q_review" q_review lab agree_net -1 0
claim "the net score" "net for q_cap has fallen since june" q_cap All net -1 0
claim "the other side: fails" "neither for q_cap among con has fallen since june" q_cap con neutral -1 0
ok "the held-out claims reach each verdict at least once" test "$(for c in "neither for q_cap among con has risen since june" \
    "neither for q_cap among con has fallen since june" "support for q_cap has fallen since june"; do
    pollclaim --claim "$c" "$TMP/panel.csv" | awk -F, 'NR == 2' | grep -o 'HOLDS\|FAILS\|TOO CLOSE TO CALL' | head -n 1; done | sort -u | wc -l)" = 3

t "the sentence names both waves, both figures and the change" \
    --out-has "Among Conservative, neither rose from 15% in June 2026 (fieldwork 3-5 June) to 21% in November 2026 (fieldwork 18-20 November), a rise of 6 points (margin of error ±5); the whole margin of error is above zero, so 'has risen' holds." \
    -- pollclaim --claim "neither for q_cap among con has risen since june" "$TMP/panel.csv"

# The same claim from the waves' own rows alone, as if the panel were two
# separate samples: its wider margin cannot decide it.
awk -F, 'NR == 1 || ($33 == "2026-06" && $36 == "")' "$TMP/panel.csv" >"$TMP/june.csv"
awk -F, 'NR == 1 || ($33 == "2026-11" && $36 == "")' "$TMP/panel.csv" >"$TMP/nov.csv"
t "the panel as two separate samples: too close to call" --out-has "TOO CLOSE TO CALL" \
    --out-has "assuming separate samples of respondents in the two waves" \
    -- pollclaim --claim "neither for q_cap among con has risen since june" "$TMP/june.csv" "$TMP/nov.csv"

# --- Published tables of two waves: polltable --wave.
t "polltable --wave stamps every row" -- polltable -q --wave '2026-06=June 2026' -o "$TMP/pjune.csv" "$W/banner_june.csv"
ok "wave, wave_label and fieldwork on every row" awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; ok = ("wave" in c) && !("versus_wave" in c); next }
    $(c["wave"]) != "2026-06" || $(c["wave_label"]) != "June 2026" || $(c["fieldwork"]) != "June 2026" { ok = 0 } END { exit !ok }' "$TMP/pjune.csv"
polltable -q --wave 2026-11='November 2026' -o "$TMP/pnov.csv" "$W/banner_nov.csv"
t "two published tables: fallen, as separate samples" \
    --out-has "Rejoin fell from 48% in June 2026 to 41% in November 2026, a drop of 7 points (margin of error ±5, assuming separate samples of respondents in the two waves)" \
    --out-has ",HOLDS," -- pollclaim --claim "rejoin for q5 has fallen since june" "$TMP/pjune.csv" "$TMP/pnov.csv"
ok "the change's interval: d -+ z sqrt(se1^2 + se2^2) from the rows" awk -F, -v want=-0.124108988302 '
    NR == 2 { d = $14 - want; exit !(d < 1e-9 && d > -1e-9) }' "$T_OUT"
t "the same tables concatenated (two headers)" --out-has ",HOLDS," \
    -- bash -c 'cat "$1" "$2" | pollclaim --claim "rejoin for q5 has fallen since june"' _ "$TMP/pjune.csv" "$TMP/pnov.csv"
t "--wave without a label: the code is the label, no fieldwork" -- polltable -q --wave w1 "$W/banner_june.csv"
ok "wave_label w1, fieldwork empty" awk -F, 'NR == 2 { exit !($(NF - 2) == "w1" && $(NF - 1) == "w1" && $NF == "") }' "$T_OUT"
t "polltable --wave with an empty code" --status 2 --err-has "--wave: expected CODE or CODE=LABEL" \
    -- polltable --wave '=June' "$W/banner_june.csv"

# --- A claim about one wave, on a table of several: the latest wave's,
# said on standard error; pollbanner and pollplot say so too.
t "a level claim on a table of waves: the latest wave" \
    --err-has "the table holds 2 waves: a claim that names none is judged on the latest, November 2026 (fieldwork 18-20 November)" \
    -- pollclaim --claim "majority of lab support q_cap" "$TMP/panel.csv"
ok "its estimate is November's" test "$(awk -F, 'NR == 2 { print $13 }' "$T_OUT")" = \
    "$(awk -F, '$1 == "q_cap" && $4 == "lab" && $6 == "agree_net" && $33 == "2026-11" && $36 == "" { print $12 }' "$TMP/panel.csv")"
t "pollbanner shows one wave and says which" --err-has "showing June 2026 (fieldwork 3-5 June) (--wave W for another)" \
    -- pollbanner --wave june "$TMP/panel.csv"
ok "June's Labour figure" awk -F, 'NR == 2 { exit !($3 == 53) }' "$T_OUT"
t "pollbanner: the latest by default" --err-has "showing November 2026 (fieldwork 18-20 November), the latest" \
    -- pollbanner "$TMP/panel.csv"
t "pollbanner --wave of a table without waves" --status 1 --err-has "the table has no waves" \
    -- pollbanner --wave june "$SRC/plots/support.csv"
t "pollbanner --wave with no such wave" --status 1 --err-has "no such wave; the table's waves are: 2026-06" \
    -- pollbanner --wave march "$TMP/panel.csv"
t "pollplot bars of a table of waves: the latest, said" \
    --err-has "the table holds 2 waves: drawing the latest, November 2026 (fieldwork 18-20 November)" \
    -- pollplot --questions q_cap "$TMP/panel.csv"

# --- Errors.
t "unchanged without N is refused: no change cannot be shown" --status 2 \
    --err-has "'unchanged' needs a margin" --err-has "no poll can show that there was no change" \
    -- pollclaim --claim "support for q_cap is unchanged since june" "$TMP/panel.csv"
t "a wave the table has not, naming its waves" --status 1 \
    --err-has "'march' is no wave of the table; the table's waves are: 2026-06 (\"June 2026 (fieldwork 3-5 June)\"), 2026-11" \
    -- pollclaim --claim "support for q_cap has fallen since march" "$TMP/panel.csv"
t "since the latest wave" --status 1 --err-has "is the table's latest wave" \
    -- pollclaim --claim "support for q_cap has fallen since november" "$TMP/panel.csv"
t "one table of one wave" --status 1 --err-has "a claim about change needs the table of several waves" \
    -- pollclaim --claim "rejoin for q5 has fallen since june" "$TMP/pjune.csv"
t "a table without waves" --status 1 --err-has "has none" \
    -- pollclaim --claim "support for q_temp_status has fallen since june" "$SRC/plots/support.csv"
t "'by' needs 'at least'" --status 2 --err-has "expected 'at least' after 'by'" \
    -- pollclaim --claim "support for q_cap has fallen by 5 points since june" "$TMP/panel.csv"
t "'within' goes with unchanged" --status 2 --err-has "'within N points' goes with 'unchanged'" \
    -- pollclaim --claim "support for q_cap has fallen since june, within 5 points" "$TMP/panel.csv"
t "no change verb" --status 2 --err-has "expected how it changed" \
    -- pollclaim --claim "support for q_cap among lab since june" "$TMP/panel.csv"
t "the same row twice across tables is refused" --status 1 --err-has "appear twice" \
    -- pollclaim --claim "rejoin for q5 has fallen since june" "$TMP/pjune.csv" "$TMP/pjune.csv"
t "standard input twice" --status 2 --err-has "standard input ('-') given 2 times" \
    -- pollclaim --claim "rejoin for q5 has fallen since june" - -
finish
