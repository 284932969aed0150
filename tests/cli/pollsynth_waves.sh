#!/usr/bin/env bash
# pollsynth's waves: --wave K, --shift D, --panel. Wave 1 is the poll
# without waves plus a wave column; a later wave of separate samples has
# new respondents and its fieldwork 91 days on; a panel's later wave has
# the same records with other answers; --truth gives every wave's truth and
# the true change between every two waves; pollclean keeps the wave column
# with data/codebook_waves.csv; and the options' errors.
. "$(dirname "$0")/lib/harness.sh"

differ() { ! cmp -s "$1" "$2"; }
crlf() { tr -d '\r' <"$1"; }
# the file without its last column (the wave's), header included
unwave() { crlf "$1" | sed -e '1s/,wave$//' -e "2,\$s/,$2\$//"; }
# rows of the file whose last field is not the given wave
other_waves() { crlf "$1" | tail -n +2 | awk -F, -v k="$2" '$NF != k' | wc -l; }

# --- wave 1 is the poll without waves, plus the column ---
t w1_raw --err-empty -- pollsynth --n 3000 --seed 5 --wave 1 --truth "$TMP/t1.csv" -o "$TMP/w1.csv"
pollsynth --n 3000 --seed 5 --truth "$TMP/t0.csv" -o "$TMP/w0.csv"
ok w1_raw_is_plain_plus_wave cmp -s <(unwave "$TMP/w1.csv" 1) <(crlf "$TMP/w0.csv")
ok w1_raw_every_row_wave_1 [ "$(other_waves "$TMP/w1.csv" 1)" = 0 ]
t w1_clean --err-empty -- pollsynth --n 3000 --seed 5 --wave 1 --clean -o "$TMP/w1c.csv"
pollsynth --n 3000 --seed 5 --clean -o "$TMP/w0c.csv"
ok w1_clean_is_plain_plus_wave cmp -s <(unwave "$TMP/w1c.csv" 1) "$TMP/w0c.csv"
# the wave column comes before a clustered sample's stratum and psu
t w1_clustered --err-empty -- pollsynth --n 400 --seed 5 --wave 1 --clusters 20 --strata 2 --clean -o "$TMP/w1k.csv"
ok w1_clustered_header grep -q ',q_capped_routes,wave,stratum,psu$' "$TMP/w1k.csv"
t w1_tsv --out-has $'q_capped_routes\twave\n' -- pollsynth --n 50 --wave 1 --clean --tsv
# --panel changes nothing in wave 1
t w1_panel --out "$TMP/w1c.csv" -- pollsynth --n 3000 --seed 5 --wave 1 --panel --clean

# --- a later wave of separate samples ---
t w2_raw --err-empty -- pollsynth --n 3000 --seed 5 --wave 2 --truth "$TMP/t2.csv" -o "$TMP/w2.csv"
t w2_again --out "$TMP/w2.csv" -- pollsynth --n 3000 --seed 5 --wave 2
ok w2_every_row_wave_2 [ "$(other_waves "$TMP/w2.csv" 2)" = 0 ]
ok w2_rows [ "$(wc -l <"$TMP/w2.csv")" = 3001 ]
# new respondents: no id of wave 1 comes back
ids() { crlf "$1" | tail -n +2 | cut -d, -f1 | sort -u; }
ok w2_new_ids [ "$(comm -12 <(ids "$TMP/w1.csv") <(ids "$TMP/w2.csv") | wc -l)" = 0 ]
# fieldwork 91 days after wave 1's (21-24 November 2025): 20-23 February 2026
ok w2_fieldwork crlf "$TMP/w2.csv" | awk -F, 'NR > 1 && $2 !~ /^2026-02-2[0-3] / { exit 1 }'
t w5_fieldwork --out-has ',2026-11-20 0' --out-lacks ',2026-02-' -- pollsynth --n 20 --wave 5
# a panel's wave and a separate sample's are different polls
t w2_other_seed --err-empty -- pollsynth --n 3000 --seed 6 --wave 2 -o "$TMP/w2s6.csv"
ok w2_seed_matters differ "$TMP/w2.csv" "$TMP/w2s6.csv"

# --- the truth with waves ---
truth_header='question,by,group,response,response_kind,share,wave,versus_wave'
ok truth_w1_header [ "$(head -n 1 "$TMP/t1.csv")" = "$truth_header" ]
ok truth_w1_rows [ "$(wc -l <"$TMP/t1.csv")" = $((1 + 630)) ]
# wave 1's truth is the truth without waves, share for share
ok truth_w1_is_plain cmp -s <(cut -d, -f1-4,6 "$TMP/t1.csv" | tail -n +2) <(tail -n +2 "$TMP/t0.csv")
ok truth_w2_rows [ "$(wc -l <"$TMP/t2.csv")" = $((1 + 3 * 630)) ]
ok truth_w2_kinds awk -F, 'NR > 1 { k[$5 "/" $7 "/" $8]++ } END {
    exit !(k["positive/1/"] == 140 && k["net_score/2/"] == 70 && k["dont_know/1/"] == 70 && k["change/2/1"] == 630) }' \
    "$TMP/t2.csv"
# a change row is the later wave's share minus the earlier's (to 1e-11)
changes_add_up() {
    awk -F, 'NR > 1 && $8 == "" { s[$1, $3, $4, $7] = $6 }
             NR > 1 && $8 != "" { n++; d = s[$1, $3, $4, $7] - s[$1, $3, $4, $8] - $6
                                  if (d > 1e-11 || d < -1e-11) { print; exit 1 } }
             END { exit !(n > 0) }' "$1"
}
ok truth_w2_changes_add_up changes_add_up "$TMP/t2.csv"
# the default shift, -0.4, lowers support for every proposal in every group
# (5 to 8 points among all adults), and raises opposition
ok truth_w2_support_falls awk -F, '$5 == "change" && $4 == "support" { n++; if (!($6 < 0)) exit 1
    if ($2 == "" && !($6 < -0.05 && $6 > -0.08)) exit 1 }
    $5 == "change" && $4 == "oppose" && !($6 > 0) { exit 1 } END { exit !(n == 70) }' "$TMP/t2.csv"
t truth_up --err-empty -- pollsynth --n 20 --wave 2 --shift 0.3 --truth "$TMP/tu.csv" -o /dev/null
ok truth_positive_shift_raises awk -F, '$5 == "change" && $4 == "support" { n++; if (!($6 > 0)) exit 1 } END { exit !(n == 70) }' \
    "$TMP/tu.csv"
t truth_still --err-empty -- pollsynth --n 20 --wave 2 --shift 0 --truth "$TMP/tz.csv" -o /dev/null
ok truth_no_shift_no_change awk -F, '$5 == "change" { n++; if ($6 + 0 != 0) exit 1 } END { exit !(n == 630) }' "$TMP/tz.csv"
# three waves: each wave's truth, then changes 2-1, 3-1 and 3-2; twice the
# shift, about twice the change
t truth_w3 --err-empty -- pollsynth --n 20 --wave 3 --truth "$TMP/t3.csv" -o /dev/null
ok truth_w3_rows [ "$(wc -l <"$TMP/t3.csv")" = $((1 + 6 * 630)) ]
ok truth_w3_pairs [ "$(awk -F, '$8 != "" && NR > 1 { print $7 "-" $8 }' "$TMP/t3.csv" | uniq | tr '\n' ' ')" = "2-1 3-1 3-2 " ]
ok truth_w3_changes_add_up changes_add_up "$TMP/t3.csv"
ok truth_w3_about_double awk -F, '$2 == "" && $4 == "support" && $7 == 3 && $8 == 1 { a = $6 }
    $2 == "" && $4 == "support" && $7 == 2 && $8 == 1 { b = $6 } END { r = a / b; exit !(r > 1.7 && r < 2.3) }' "$TMP/t3.csv"
# the truth is the population's: the same for a panel and any seed
t truth_panel --err-empty -- pollsynth --n 20 --seed 9 --wave 2 --panel --truth "$TMP/tp.csv" -o /dev/null
ok truth_panel_same cmp -s "$TMP/t2.csv" "$TMP/tp.csv"
t truth_tsv --out-has $'question\tby\tgroup\tresponse\tresponse_kind\tshare\twave\tversus_wave\n' -- \
    pollsynth --n 20 --wave 2 --tsv --truth - -o /dev/null

# --- a panel: the same records, other answers ---
t panel_raw --err-empty -- pollsynth --n 3000 --seed 5 --wave 2 --panel --injected "$TMP/ip.csv" -o "$TMP/p2.csv"
pollsynth --n 3000 --seed 5 --injected "$TMP/i0.csv" -o /dev/null
# ids, durations, finished, age and the background questions are wave 1's
ok panel_same_records cmp -s <(crlf "$TMP/p2.csv" | tail -n +2 | sed 's/"[^"]*"/x/g' | cut -d, -f1,4,5,6) \
    <(crlf "$TMP/w0.csv" | tail -n +2 | sed 's/"[^"]*"/x/g' | cut -d, -f1,4,5,6)
# and so are the defects, but for the straight-liners honest answers make
notnat() { grep -v ',natural$' "$1"; }
ok panel_same_defects cmp -s <(notnat "$TMP/ip.csv") <(notnat "$TMP/i0.csv")
t panel_clean --err-empty -- pollsynth --n 3000 --seed 5 --wave 2 --panel --clean -o "$TMP/p2c.csv"
ok panel_same_people cmp -s <(cut -d, -f1-8 "$TMP/p2c.csv") <(cut -d, -f1-8 "$TMP/w1c.csv")
# About a quarter of the answers differ from wave 1's (26% at the default
# shift; 0.1 of the answers drawn afresh, the rest moved by the shift).
# Support falls: the share of supporting answers drops (about 6 points).
panel_moves() {
    paste -d, "$1" "$2" | awk -F, -v lo="$3" -v hi="$4" 'NR > 1 { for (q = 9; q <= 15; q++) if ($q != "" && $(q + 16) != "") {
        n++; d += $q != $(q + 16); s1 += $q ~ /support$/; s2 += $(q + 16) ~ /support$/ } }
        END { f = d / n; print "differ " f ", support " s1 / n " then " s2 / n; exit !(f >= lo && f <= hi && s2 < s1 - 0.03) }'
}
ok panel_a_quarter_change panel_moves "$TMP/w1c.csv" "$TMP/p2c.csv" 0.22 0.30
# a third wave moves on from the second (35% here, 26% from wave 1 to 2: the
# same shift moves more answers across the scale's cut points there)
t panel_w3 --err-empty -- pollsynth --n 3000 --seed 5 --wave 3 --panel --clean -o "$TMP/p3c.csv"
ok panel_w3_from_w2 panel_moves "$TMP/p2c.csv" "$TMP/p3c.csv" 0.22 0.40
# no shift: still some change, from the answers drawn afresh
t panel_still --err-empty -- pollsynth --n 3000 --seed 5 --wave 2 --panel --shift 0 --clean -o "$TMP/pzc.csv"
ok panel_no_shift_some_change awk -F, 'NR == FNR { if (FNR > 1) a[FNR] = $13; next }
    FNR > 1 && $13 != "" && a[FNR] != "" { n++; d += a[FNR] != $13 } END { f = d / n; exit !(f > 0.03 && f < 0.12) }' \
    "$TMP/w1c.csv" "$TMP/pzc.csv"
# a clustered panel keeps its PSUs
t panel_clustered --err-empty -- pollsynth --n 400 --seed 5 --wave 2 --panel --clusters 20 --strata 2 --clean \
    -o "$TMP/p2k.csv"
ok panel_clustered_same_psus cmp -s <(cut -d, -f1,17,18 "$TMP/w1k.csv") <(cut -d, -f1,17,18 "$TMP/p2k.csv")
ok panel_clustered_wave_column awk -F, 'NR > 1 && $16 != 2 { exit 1 }' "$TMP/p2k.csv"

# --- pollclean keeps the wave with data/codebook_waves.csv ---
ok codebook_waves_extends_codebook cmp -s "$DATA/codebook.csv" <(head -n "$(wc -l <"$DATA/codebook.csv")" "$DATA/codebook_waves.csv")
if [ -x "$POLLKIT_BIN/pollclean" ]; then
    pollsynth --n 3000 --seed 5 --wave 2 --clean -o "$TMP/w2c.csv"
    t w2_pollclean_agrees --out "$TMP/w2c.csv" -- pollclean --codebook "$DATA/codebook_waves.csv" "$TMP/w2.csv"
    t panel_pollclean_agrees --out "$TMP/p2c.csv" -- pollclean --codebook "$DATA/codebook_waves.csv" "$TMP/p2.csv"
    t w1_pollclean_agrees --out "$TMP/w1c.csv" -- pollclean --codebook "$DATA/codebook_waves.csv" "$TMP/w1.csv"
fi

# --- the sample data regenerates byte for byte with data/make_sample.sh ---
mkdir "$TMP/sample"
t make_sample --err-empty -- bash "$DATA/make_sample.sh" "$TMP/sample"
for f in sample_raw.csv sample_truth.csv sample_injected.csv sample_wave2_raw.csv sample_wave2_truth.csv; do
    ok "sample_identical_$f" cmp "$DATA/$f" "$TMP/sample/$f"
done

# --- errors ---
usage wave_zero '--wave: 0 is out of range (must be from 1 to 20)' -- pollsynth --wave 0
usage wave_too_big '--wave: 21 is out of range (must be from 1 to 20)' -- pollsynth --wave 21
usage wave_text "--wave: 'two' is not a whole number" -- pollsynth --wave two
usage shift_too_big '--shift: 2.5 is out of range (must be from -2 to 2)' -- pollsynth --wave 2 --shift 2.5
usage shift_text "--shift: 'down' is not a number" -- pollsynth --wave 2 --shift down
usage shift_alone '--shift needs --wave (the shift is per wave)' -- pollsynth --shift -0.2
usage panel_alone '--panel needs --wave (which wave of the panel to write)' -- pollsynth --panel
usage panel_argument "option '--panel' takes no argument" -- pollsynth --wave 2 --panel=yes

finish
