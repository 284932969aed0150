#!/usr/bin/env bash
# docs/guide.md's "Your own poll", command for command: an SPSS file with no
# codebook (data/example_wave.sav) drafted by pollcodebook, the draft edited
# as the guide shows (here with sed), then cleaned, weighted, tabulated,
# charted and checked, with the figures the guide quotes.
. "$(dirname "$0")/lib/harness.sh"
cd "$TMP"
cp -r "$DATA" data

t "1. draft" --err-has "pollcodebook: data/example_wave.sav: 912 records, 10 columns: 10 variables (1 scale), 0 left out; 9 rows with a note to check" \
    -- pollcodebook -o codebook.csv data/example_wave.sav
t "the draft already works" --err-has "0 unmatched" -- pollclean --codebook codebook.csv -o /dev/null data/example_wave.sav
# What the guide says the notes say.
ok "notes: the id" grep -q '^id,id,serial,yes,.*12 records repeat an earlier id' codebook.csv
ok "notes: the age" grep -q '^age,number,age,,,,Age,,,18,110,' codebook.csv
ok "notes: one scale, its nets" bash -c "grep -c '^support_scale,net,' codebook.csv | grep -qx 3 && \
    grep -q '^q_tax,question,q_tax,,support_scale,' codebook.csv && grep -q '^q_rail,question,q_rail,,support_scale,' codebook.csv && \
    grep -q '^attention,attention,attention_check,,support_scale,' codebook.csv"
ok "notes: the questions' user-missing don't know is missing" grep -q "^support_scale,missing,,,,,,,,,,,Don't know,,\"declared missing in the file" codebook.csv
ok "notes: the past vote's missing" grep -q "^past_vote,missing,,,,,,,,,,,Don't know|Prefer not to say," codebook.csv
ok "notes: minutes" grep -q '^duration,duration,duration_mins,.*,minutes,' codebook.csv

# 2. The edits the guide shows, whole lines as it prints them.
sed -e 's/^gender,category,gender,,/gender,category,gender,yes,/' \
    -e 's/^region,category,region,,/region,category,region,yes,/' \
    -e 's/^q_tax,question,q_tax,,support_scale,,[^,]*,/q_tax,question,q_tax,,support_scale,,Wealth tax of 2% above £10m,/' \
    -e 's/^q_rail,question,q_rail,,support_scale,,[^,]*,/q_rail,question,q_rail,,support_scale,,Railways in public ownership,/' \
    -e 's/^attention,attention,attention_check,,support_scale,,/attention,attention,attention_check,yes,support_scale,tend_to_oppose,/' \
    codebook.csv >edited.csv
# The guide's lines, without their notes, are in the edited draft.
sed -n '/^\*\*2\. Edit\*\*/,/^\*\*3\./p' "$SRC/docs/guide.md" | sed -n '/^```csv/,/^```$/p' | grep -v '^```' >readme_lines.csv
ok "the guide shows five lines" test "$(wc -l <readme_lines.csv)" = 5
while IFS= read -r line; do
    ok "the guide's line is the edit: ${line%%,*}" bash -c 'grep -qF -- "$1" edited.csv' _ "$line"
done <readme_lines.csv
mv edited.csv codebook.csv

# 3. The rest, as the guide has it.
t "pollclean" --err-has "pollclean: data/example_wave.sav: read 912 rows: kept 820, excluded 92" \
    --err-has "excluded by reason: duplicate_id 12, speeder 25, attention_failed 51, age_out_of_range 6" \
    -- pollclean --codebook codebook.csv --excluded excluded.csv -o clean.csv data/example_wave.sav
t "pollweight" -- pollweight --targets data/example_targets.csv -o weighted.csv clean.csv
t "pollsupport" -- pollsupport --codebook codebook.csv --by past_vote -o support.csv weighted.csv
t "pollplot" -- pollplot --groups labour,conservative,reform_uk,liberal_democrat,green \
    --title 'Support for a wealth tax and public railways, by 2024 vote' \
    --source 'Source: data/example_wave.sav (invented data)' \
    --image example_wave.png -o example_wave.gp support.csv
ok "the chart's script names the image" grep -q 'example_wave.png' example_wave.gp
t "pollclaim" --out-has "Among Labour, 80% (95% CI 74–85%) support wealth tax" \
    --out-has "Among all respondents, 39% (95% CI 36–43%) support railways" \
    -- pollclaim --wording methods --claim 'a majority of labour support q_tax' --claim 'most of all support q_rail' \
    --format table support.csv
ok "verdicts: HOLDS, FAILS" bash -c "grep -o '^claim[12]: [A-Z ]*' '$T_OUT' | tr '\n' ' ' | grep -qx 'claim1: HOLDS claim2: FAILS '"

finish
