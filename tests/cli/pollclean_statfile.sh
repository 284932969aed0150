#!/usr/bin/env bash
# pollclean on SPSS (.sav, .zsav) and Stata (.dta, old and new) files made
# with R's haven (tests/fixtures/statfile/make_fixtures.R): the same clean
# output from every format under one hand-written codebook; labels or
# numbers matched; user-defined and tagged missing values missing unless the
# codebook lists them; --excluded with the matched text; the file recognised
# by content, from standard input too; errors naming FILE:LINE:VARIABLE.
. "$(dirname "$0")/lib/harness.sh"
F=$FIX/statfile
CB=$F/codebook.csv

for f in poll.sav poll.zsav poll.dta poll_old.dta; do
    t "$f cleans to the expected values" --out "$F/expected.csv" \
        --err-has "$f: read 8 rows: kept 5, excluded 3" \
        --err-has "duplicate_id 1, speeder 1, age_out_of_range 1" --err-has "0 unmatched" \
        -- pollclean --codebook "$CB" --excluded "$TMP/x.csv" --report "$TMP/r.txt" "$F/$f"
    # The excluded records as the matched text: labels, and the number 6,
    # which has no label and matched the codebook's accept list.
    ok "$f: --excluded" cmp "$F/expected_excluded.csv" "$TMP/x.csv"
    ok "$f: report accounts for every record" grep -qx 'rows_read,8' "$TMP/r.txt"
done

# Recognised by content: a .sav named .csv, and on standard input.
cp "$F/poll.sav" "$TMP/export.csv"
t "by content, not by name" --out "$F/expected.csv" -- pollclean -q --codebook "$CB" "$TMP/export.csv"
t "from standard input" --in "$F/poll.dta" --out "$F/expected.csv" -- pollclean -q --codebook "$CB"
t "from a pipe" --out "$F/expected.csv" \
    -- bash -c 'cat "$1" | pollclean -q --codebook "$2" -' _ "$F/poll.zsav" "$CB"

# Without "Don't know" among the codes, the user-missing (SPSS) and tagged
# missing (Stata) don't-knows are missing, not unmatched; a missing value
# is never excluded as unmatched.
grep -v '^response,code,,,,dont_know,' "$CB" >"$TMP/nodk.csv"
sed 's/^\(r2,51,female,,tend_support,\)dont_know$/\1/; s/^\(r4,70,female,con,\)dont_know,/\1,/' \
    "$F/expected.csv" >"$TMP/nodk_expected.csv"
ok "the no-don't-know expectation differs" bash -c "! cmp -s '$F/expected.csv' '$TMP/nodk_expected.csv'"
for f in poll.sav poll.dta; do
    t "$f: don't know missing without its code" --out "$TMP/nodk_expected.csv" --err-has "0 unmatched" \
        -- pollclean --codebook "$TMP/nodk.csv" "$F/$f"
done

# A labelled value matches by its number too: Labour listed as 2 only.
sed 's/^vote,code,,,,lab,Labour,,,,$/vote,code,,,,lab,Lab,,,2,/' "$CB" >"$TMP/bynumber.csv"
ok "the by-number codebook differs" bash -c "! cmp -s '$CB' '$TMP/bynumber.csv'"
t "matched by number" --out "$F/expected.csv" -- pollclean -q --codebook "$TMP/bynumber.csv" --excluded "$TMP/xn.csv" "$F/poll.sav"
ok "--excluded writes the number that matched, else the label" \
    bash -c "cut -d, -f9 '$TMP/xn.csv' | tr '\n' ,| grep -qx 'vote,2,Prefer not to say,Liberal Democrat,'"

# Unmatched answers name FILE:LINE:VARIABLE, LINE being the record + 1.
grep -v '^vote,code,,,,ref,' "$CB" >"$TMP/noref.csv"
t "unmatched: file, line and variable" --status 1 \
    --err-has "pollclean: $F/poll.sav:9:vote: 'Reform UK' matches no code of vote (1 record)" \
    -- pollclean --codebook "$TMP/noref.csv" "$F/poll.sav"
t "unmatched, Stata" --status 1 \
    --err-has "pollclean: $F/poll_old.dta:9:vote: 'Reform UK' matches no code of vote (1 record)" \
    -- pollclean --codebook "$TMP/noref.csv" "$F/poll_old.dta"
t "--unmatched exclude" --err-has "read 8 rows: kept 4, excluded 4" \
    -- pollclean --codebook "$TMP/noref.csv" --unmatched exclude -o "$TMP/c.csv" "$F/poll.sav"
# Out of range is reported like any other number; TSV output works.
t "TSV output" --out-has "$(printf 'r1\t34\tmale')" -- pollclean -q --tsv --codebook "$CB" "$F/poll.sav"

# A codebook column the file lacks names the codebook's line and the file.
sed 's/^age,number,age,/age,number,AGE,/' "$CB" >"$TMP/badsource.csv"
t "column not in the file" --status 1 --err-has "column 'AGE' of variable age is not in $F/poll.sav" \
    -- pollclean --codebook "$TMP/badsource.csv" "$F/poll.sav"

# Damaged and foreign files: exit 1, naming the file and what ReadStat said.
head -c 1000 "$F/poll.sav" >"$TMP/cut.sav"
t "truncated .sav" --status 1 --err-has "pollclean: $TMP/cut.sav: not a readable SPSS file: Unable to read from file" \
    -- pollclean --codebook "$CB" "$TMP/cut.sav"
head -c 3000 "$F/poll.dta" >"$TMP/cut.dta"
t "truncated .dta" --status 1 --err-has "pollclean: $TMP/cut.dta: not a readable Stata file" \
    -- pollclean --codebook "$CB" "$TMP/cut.dta"
printf 'PK\003\004rest of a spreadsheet' >"$TMP/book.xlsx"
t "a spreadsheet" --status 1 --err-has "pollclean: $TMP/book.xlsx: this is a ZIP archive (an Excel .xlsx" \
    -- pollclean --codebook "$CB" "$TMP/book.xlsx"
ok "no output left behind" test ! -e "$TMP/c2.csv"
t "no partial output on a bad file" --status 1 -- pollclean --codebook "$CB" -o "$TMP/c2.csv" "$TMP/cut.sav"
ok "no output file" test ! -e "$TMP/c2.csv"

finish
