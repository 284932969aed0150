#!/usr/bin/env bash
# pollplot --chart trend: one response of one question across the waves of
# a table (pollsupport --waves, or published tables of several waves), a
# line per group with each wave's interval, spaced by the waves' dates,
# labels drawn as plain text, the alt text; and its errors.
. "$(dirname "$0")/lib/harness.sh"
. "$(dirname "$0")/lib/gnuplot.sh"
W=$FIX/waves
RUN=$TMP/run
mkdir -p "$RUN"

pollsupport -q --waves wave --psu id --by vote --codebook "$W/codebook.csv" -o "$TMP/panel.csv" "$W/panel.csv"

t "a trend of the panel's agreement, by vote" --err-empty -- pollplot --chart trend --questions q_cap \
    --groups lab,con --image "$RUN/trend.png" --alt "$TMP/trend.txt" "$TMP/panel.csv"
cp "$T_OUT" "$RUN/trend.gp"
ok "the script renders" render "$RUN/trend.gp"
ok "a PNG was drawn" test -s "$RUN/trend.png"
ok "datablocks hold numbers only" blocks_numeric "$RUN/trend.gp"
ok "a line and error bars per group" test "$(grep -c 'with yerrorbars' "$RUN/trend.gp")" = 2
ok "the headline names the answer and both waves" grep -qx 'Line chart of a change over time: Agree from June 2026 (fieldwork 3-5 June) to November 2026 (fieldwork 18-20 November): an annual cap on asylum.' "$TMP/trend.txt"
ok "each wave's share and interval: Labour in June (the table's row)" awk -v want="$(awk -F, '$1 == "q_cap" && $4 == "lab" && $6 == "agree_net" && $33 == "2026-06" && $36 == "" { printf "%.4f %.4f %.4f", $12 * 100, $14 * 100, $15 * 100 }' "$TMP/panel.csv")" '
    /^\$t1 << EOD$/ { getline; split($0, v, " "); got = sprintf("%.4f %.4f %.4f", v[2], v[3], v[4]); exit !(got == want) }' "$RUN/trend.gp"
ok "the footnote names the waves with their bases" grep -qx 'Waves: June 2026 (fieldwork 3-5 June) (n = 400); November 2026 (fieldwork 18-20 November) (n = 400)' "$TMP/trend.txt"
ok "the alt text gives every figure with its margin" grep -q '^Labour: June 2026 (fieldwork 3-5 June) 53% (margin of error 44% to 62%); November 2026 (fieldwork 18-20 November) 49% (margin of error 40% to 58%).$' "$TMP/trend.txt"

# Waves whose codes are ISO dates are spaced by their dates: June and
# November 2026 and January 2027 (the 15th of each month) are 153 and 61
# days apart.
{ cat "$W/panel.csv"; awk -F, 'NR > 1 && $2 == "\"2026-11\""' "$W/panel.csv" | sed 's/"2026-11"/"2027-01"/'; } >"$TMP/three.csv"
pollsupport -q --waves wave --psu id --by vote --codebook "$W/codebook.csv" --questions q_cap -o "$TMP/three_t.csv" "$TMP/three.csv"
t "three waves" --err-empty -- pollplot --chart trend --groups lab "$TMP/three_t.csv"
ok "spaced by date: 153 days, then 61" awk '/^\$t1 << EOD$/ { getline; a = $1; getline; b = $1; getline; c = $1
    exit !(b - a == 153 && c - b == 61) }' "$T_OUT"
sed 's/2026-06/w1/g; s/2026-11/w2/g; s/2027-01/w3/g' "$TMP/three_t.csv" >"$TMP/three_codes.csv"
t "waves not dated: evenly spaced" --err-empty -- pollplot --chart trend --groups lab "$TMP/three_codes.csv"
ok "at 0, 1 and 2" awk '/^\$t1 << EOD$/ { getline; a = $1; getline; b = $1; getline; c = $1; exit !(a == 0 && b == 1 && c == 2) }' "$T_OUT"

# --- Published tables of two waves, with hostile wave labels.
label='June `touch pollplot-canary` "quoted" %s \n \\ end'
polltable -q --wave "2026-06=$label" -o "$TMP/pjune.csv" "$W/banner_june.csv"
polltable -q --wave '2026-11=November 2026' -o "$TMP/pnov.csv" "$W/banner_nov.csv"
t "two published tables, --response" --err-empty -- pollplot --chart trend --response rejoin \
    --terminal svg --image "$RUN/pub.svg" "$TMP/pjune.csv" "$TMP/pnov.csv"
cp "$T_OUT" "$RUN/pub.gp"
ok "the script renders" render "$RUN/pub.gp"
ok "nothing in a wave's label ran" test ! -e "$RUN/pollplot-canary"
ok "the hostile label is drawn literally" svg_has "$RUN/pub.svg" "$label"
ok "both waves are labelled" grep -q '"November 2026"' "$RUN/pub.gp"

# --- Errors.
t "a table of one wave" --status 2 --err-has "--chart trend needs the tables of several waves (it has one)" \
    -- pollplot --chart trend --response rejoin "$TMP/pjune.csv"
t "a table without waves" --status 2 --err-has "it has none" \
    -- pollplot --chart trend "$FIX/plot/support.csv"
t "several questions" --status 2 --err-has "--chart trend draws one question: choose it with --questions (here: q_cap, q_review)" \
    -- pollplot --chart trend "$TMP/panel.csv"
t "no positive net and no --response" --status 2 --err-has "has no positive net to draw" \
    -- pollplot --chart trend "$TMP/pjune.csv" "$TMP/pnov.csv"
t "waves given out of order" --status 1 --err-has "comes after 2026-11 (November 2026) in the table but is not later" \
    -- pollplot --chart trend --response rejoin "$TMP/pnov.csv" "$TMP/pjune.csv"
finish
