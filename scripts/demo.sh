#!/usr/bin/env bash
# The demo: install what is missing, build, and run the whole pipeline on the
# sample data in data/, leaving the support table, the gnuplot scripts and
# the charts in plots/ and the intermediate files in build/demo/.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/scripts/deps.sh"
build=${POLLKIT_BUILD:-$top/build}
cmake -S "$top" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j"$(nproc)" >/dev/null
export PATH="$build:$PATH" LC_ALL=C
data=$top/data
plots=$top/plots
work=$build/demo
mkdir -p "$plots" "$work"

have() {
    if [ -x "$build/$1" ]; then return 0; fi
    echo "demo: $1 is not built yet; the pipeline stops here" >&2
    exit 0
}

echo "== pollclean: raw export -> clean microdata" >&2
have pollclean
pollclean --codebook "$data/codebook.csv" --excluded "$work/excluded.csv" \
    --report "$work/clean_report.txt" -o "$work/clean.csv" "$data/sample_raw.csv"

echo "== pollweight: rake to the population targets" >&2
have pollweight
pollweight --targets "$data/targets.csv" --missing keep \
    --report "$work/weight_report.txt" -o "$work/weighted.csv" "$work/clean.csv"

echo "== pollsupport: weighted support by 2024 vote" >&2
have pollsupport
pollsupport --by vote2024 --codebook "$data/codebook.csv" --combine left=lab+grn \
    -o "$plots/support.csv" "$work/weighted.csv"
pollsupport --by vote2024 --codebook "$data/codebook.csv" --combine left=lab+grn \
    --format table -o "$plots/support.txt" "$work/weighted.csv"
cat "$plots/support.txt"
# The spreadsheet names its source as given: a name without this machine's path.
(cd "$work" && pollsupport --by vote2024 --codebook "$data/codebook.csv" --combine left=lab+grn \
    --format xlsx -o "$plots/support.xlsx" weighted.csv)

echo "== pollplot: charts of Labour and Green voters' support" >&2
have pollplot
# The scripts are written and run inside plots/ with relative image names,
# so that the committed scripts name no path of this machine.
kept=$(($(wc -l <"$work/clean.csv") - 1))
source_note="Source: pollsynth sample data (fictional): $kept GB adults after cleaning, weighted to ONS and 2024 election figures"
cd "$plots"
for ext in png svg; do
    term=pngcairo
    [ "$ext" = svg ] && term=svg
    for chart in bars diverging; do
        name=support_lab_grn
        [ "$chart" = diverging ] && name=diverging_lab_grn
        pollplot --chart "$chart" --groups lab,grn --terminal "$term" --image "$name.$ext" \
            --source "$source_note" -o "${name}_$ext.gp" support.csv
        LC_ALL=C.UTF-8 gnuplot "${name}_$ext.gp"
    done
done
cd "$top"
echo "demo: charts in $plots" >&2

echo "== pollclaim: does the article's claim hold?" >&2
have pollclaim
pollclaim --claims "$data/claims.txt" --format table "$plots/support.csv" | tee "$plots/claims.txt"

# A second poll, of another shape: a panel export with its own weights
# (tests/fixtures/shapes: agree/disagree with Don't know and Prefer not to
# say, yes/no, 0-10, Rejoin / Stay out / Would not vote), from raw answers
# to charts with the labels its codebook gives.
echo "== a second poll: agree/disagree, yes/no, 0-10 and a referendum question" >&2
panel=$top/tests/fixtures/shapes
pollclean --codebook "$panel/codebook.csv" -o "$work/panel_clean.csv" "$panel/raw.csv"
pollsupport --by party --codebook "$panel/codebook.csv" --weight wt \
    -o "$plots/panel.csv" "$work/panel_clean.csv"
pollsupport --by party --codebook "$panel/codebook.csv" --weight wt --format table \
    -o "$plots/panel.txt" "$work/panel_clean.csv"
panel_note="Source: fixture panel poll (fictional): 600 GB adults, weighted by the pollster"
cd "$plots"
pollplot --chart diverging --questions q_fourday,q_wealth_tax --groups 'Reform UK,Labour,Conservative' \
    --image panel_agree.png --source "$panel_note" -o panel_agree_png.gp panel.csv
LC_ALL=C.UTF-8 gnuplot panel_agree_png.gp
pollplot --chart stacked --questions q_rejoin --groups ref,lab,con \
    --image panel_stacked.png --source "$panel_note" -o panel_stacked_png.gp panel.csv
LC_ALL=C.UTF-8 gnuplot panel_stacked_png.gp
cd "$top"

echo "== polltable | pollclaim: the same claim from the published tables alone" >&2
have polltable
# A fact-checker often has only the pollster's data tables: the sample's
# results as a banner per proposal (data/published_tables.csv). polltable
# says on stderr what it read; its table gives the seed claim's verdict
# again, without the microdata.
polltable --source "Source: published tables of the pollsynth sample (fictional)" \
    -o "$work/tables_support.csv" "$data/published_tables.csv" 2>"$work/polltable.log"
grep '^polltable: warning' "$work/polltable.log" >&2 || true
pollclaim --claim 'seed: majority of Labour,Green support many of *' --format table \
    "$work/tables_support.csv" | tee "$plots/claims_from_tables.txt"
from_micro=$(sed -n 's/^seed: //p' "$plots/claims.txt" | head -n 1)
from_tables=$(sed -n 's/^seed: //p' "$plots/claims_from_tables.txt" | head -n 1)
if [ -z "$from_micro" ] || [ "$from_micro" != "$from_tables" ]; then
    echo "demo: the seed claim: '$from_micro' from the microdata, '$from_tables' from the published tables" >&2
    exit 1
fi
# The pollster's Excel workbook of the same tables gives the same verdict.
polltable -o "$work/workbook_support.csv" "$data/published_tables.xlsx" 2>"$work/polltable_xlsx.log"
pollclaim --claim 'seed: majority of Labour,Green support many of *' --format table \
    "$work/workbook_support.csv" >"$plots/claims_from_workbook.txt"
from_workbook=$(sed -n 's/^seed: //p' "$plots/claims_from_workbook.txt" | head -n 1)
if [ "$from_micro" != "$from_workbook" ]; then
    echo "demo: the seed claim: '$from_micro' from the microdata, '$from_workbook' from the workbook" >&2
    exit 1
fi
echo "demo: the seed claim $from_micro from the microdata, the published tables and the workbook alike" >&2
# ...and the chart, drawn from the published tables as from any table: its
# footnote says the design effect was assumed and gives the source.
(cd "$plots" && pollplot --groups Labour,Green --image tables_lab_grn.png \
    -o tables_lab_grn_png.gp "$work/tables_support.csv" &&
    LC_ALL=C.UTF-8 gnuplot tables_lab_grn_png.gp)


# docs/guide.md's "Your own poll": an SPSS file with no codebook, drafted by
# pollcodebook and edited as the guide shows (tests/cli/your_own_poll.sh runs
# the same and checks the figures).
echo "== your own poll: pollcodebook on data/example_wave.sav, edited, then the pipeline" >&2
have pollcodebook
own=$work/own
mkdir -p "$own"
pollcodebook -o "$own/draft.csv" "$data/example_wave.sav"
sed -e 's/^gender,category,gender,,/gender,category,gender,yes,/' \
    -e 's/^region,category,region,,/region,category,region,yes,/' \
    -e 's/^q_tax,question,q_tax,,support_scale,,[^,]*,/q_tax,question,q_tax,,support_scale,,Wealth tax of 2% above £10m,/' \
    -e 's/^q_rail,question,q_rail,,support_scale,,[^,]*,/q_rail,question,q_rail,,support_scale,,Railways in public ownership,/' \
    -e 's/^attention,attention,attention_check,,support_scale,,/attention,attention,attention_check,yes,support_scale,tend_to_oppose,/' \
    "$own/draft.csv" >"$own/codebook.csv"
pollclean --codebook "$own/codebook.csv" --excluded "$own/excluded.csv" -o "$own/clean.csv" "$data/example_wave.sav"
pollweight --targets "$data/example_targets.csv" -o "$own/weighted.csv" "$own/clean.csv"
pollsupport --codebook "$own/codebook.csv" --by past_vote -o "$own/support.csv" "$own/weighted.csv"
(cd "$plots" && pollplot --groups labour,conservative,reform_uk,liberal_democrat,green \
    --title 'Support for a wealth tax and public railways, by 2024 vote' \
    --source 'Source: data/example_wave.sav (invented data)' \
    --image example_wave.png -o "$own/example_wave.gp" "$own/support.csv" &&
    LC_ALL=C.UTF-8 gnuplot "$own/example_wave.gp")
pollclaim --claim 'a majority of labour support q_tax' --claim 'most of all support q_rail' \
    --format table "$own/support.csv"
echo "== pollclaim on the second poll" >&2
pollclaim --claims "$panel/claims.txt" --format table "$plots/panel.csv" | tee "$plots/panel_claims.txt"

# The sample poll's second wave (data/sample_wave2_raw.csv, made by
# data/make_sample.sh: pollsynth --wave 2 --shift -0.4, a separate sample
# fielded in February 2026, in whose population support for every proposal
# is 5 to 8 points lower), cleaned and weighted like the first. Both
# weighted waves are stacked in build/demo/waves.csv, one row per
# respondent per wave, with a column wave (1 or 2; data/codebook_waves.csv
# labels them) before the weight: the input of pollsupport --waves wave.
echo "== a second wave: February 2026, cleaned and weighted like the first, both waves stacked" >&2
pollclean --codebook "$data/codebook_waves.csv" --excluded "$work/wave2_excluded.csv" \
    --report "$work/wave2_clean_report.txt" -o "$work/wave2_clean.csv" "$data/sample_wave2_raw.csv"
pollweight --targets "$data/targets.csv" --missing keep \
    --report "$work/wave2_weight_report.txt" -o "$work/wave2_weighted.csv" "$work/wave2_clean.csv"
# Wave 1's export has no wave column: its weighted rows get one, in the
# place wave 2's has it (the clean codes hold no commas or quotes).
wave_header=$(head -n 1 "$work/wave2_weighted.csv")
if [ "$(head -n 1 "$work/weighted.csv" | sed 's/,weight$/,wave,weight/')" != "$wave_header" ]; then
    echo "demo: the two waves' weighted files have different columns" >&2
    exit 1
fi
{
    echo "$wave_header"
    tail -n +2 "$work/weighted.csv" | sed 's/,\([^,]*\)$/,1,\1/'
    tail -n +2 "$work/wave2_weighted.csv"
} >"$work/waves.tmp"
mv "$work/waves.tmp" "$work/waves.csv"
echo "demo: $(($(wc -l <"$work/weighted.csv") - 1)) respondents in wave 1 and $(($(wc -l <"$work/wave2_weighted.csv") - 1)) in wave 2 stacked in $work/waves.csv" >&2

echo "== pollsupport --waves: each wave, and the change from November 2025 to February 2026" >&2
pollsupport --waves wave --by vote2024 --codebook "$data/codebook_waves.csv" \
    -o "$plots/waves.csv" "$work/waves.csv"
echo "== pollplot --chart trend: support for visa penalties, November to February" >&2
(cd "$plots" &&
    for ext in png svg; do
        term=pngcairo
        [ "$ext" = svg ] && term=svg
        pollplot --chart trend --questions q_visa_penalties --groups lab,con,ref,grn \
            --terminal "$term" --image "trend_visa.$ext" \
            --source "Source: pollsynth sample data (fictional), two separate samples" \
            -o "trend_visa_$ext.gp" waves.csv
        LC_ALL=C.UTF-8 gnuplot "trend_visa_$ext.gp"
    done)
echo "== pollclaim: has support fallen since November?" >&2
pollclaim --claim 'support for q_visa_penalties among Labour has fallen since november' \
    --claim 'support for q_capped_routes has fallen by at least 3 points since november' \
    --claim 'support for q_temp_status among Green is unchanged since november, within 5 points' \
    --format table "$plots/waves.csv" | tee "$plots/waves_claims.txt"
