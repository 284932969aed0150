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

# --- two values never silently one code (make_hardening.R) ---------------------
# A 0-10 scale stored as 1-11: value 1 ("0 - Not at all likely") reaches
# code 1 by its number, value 2 (labelled "1") by its label.
{
    echo 'variable,kind,source,scale,code,label,side,accept'
    echo 'id,id,id,,,,,'
    echo 's,scale,,,,0 to 10,,'
    echo 's,code,,,0,Not at all likely,negative,'
    for k in 1 2 3 4 5 6 7 8 9; do echo "s,code,,,$k,$k,,"; done
    echo 's,code,,,10,Certain,positive,10 - Certain'
    echo 'likely,question,likely,s,,Likely,,'
} >"$TMP/s011.csv"
for f in scale011.sav scale011.dta; do
    t "$f: two values to one code refused" --status 1 \
        --err-has "$f:3:likely: two values of the file would both become code '1'" \
        --err-has "1 through its number (its label '0 - Not at all likely' is no code's) (first on line 2), and 2 through its label '1'" \
        --err-has "list both values in the code's accept column (1|2)" \
        -- pollclean --codebook "$TMP/s011.csv" -o "$TMP/s011.out" "$F/$f"
    ok "$f: nothing written" test ! -e "$TMP/s011.out"
done
# The codebook that tells them apart: labels as the file has them.
sed -e 's/^s,code,,,0,Not at all likely,/s,code,,,0,0 - Not at all likely,/' "$TMP/s011.csv" >"$TMP/s011b.csv"
t "scale011.sav: told apart, every value its own code" --err-has "read 30 rows: kept 30, excluded 0" --err-has "0 unmatched" \
    -- pollclean --codebook "$TMP/s011b.csv" -o "$TMP/s011b.out" "$F/scale011.sav"
ok "value 1 is code 0, value 11 code 10" bash -c "sed -n '2p;12p' '$TMP/s011b.out' | tr '\n' ' ' | grep -qx '1,0 11,10 '"
# Two values with one label (draft.sav's Agree = 1 and 2).
{
    echo 'variable,kind,source,scale,code,label,side,accept'
    echo 'id,id,id,,,,,'
    echo 'a,scale,,,,Agreement,,'
    echo 'a,code,,,agree,Agree,positive,'
    echo 'a,code,,,disagree,Disagree,negative,'
    echo "a,code,,,dont_know,Don't know,dont_know,"
    echo 'agree,question,agree,a,,Agree,,'
} >"$TMP/same.csv"
t "two values with one label refused" --status 1 \
    --err-has "two values of the file would both become code 'agree'" \
    --err-has "1 through its label 'Agree' (first on line 2), and 2 through its label 'Agree'" \
    -- pollclean --codebook "$TMP/same.csv" -o /dev/null "$F/draft.sav"
sed -e 's/^a,code,,,agree,Agree,positive,$/a,code,,,agree,Agree,positive,1|2/' "$TMP/same.csv" >"$TMP/same2.csv"
t "...kept as one when the codebook accepts both" --err-has "kept 24, excluded 0" \
    -- pollclean --codebook "$TMP/same2.csv" --speeder-fraction 0 -o /dev/null "$F/draft.sav"

# A file that declares UTF-8 is read without ReadStat's conversion (which
# dropped a sequence cut off at a value's end: the id 'r' then 0xE9 came
# out as 'r'); a text that is not UTF-8 is an error naming its line and
# column. The second record's id, 'r2', with its '2' made 0xE9:
cp "$F/poll.sav" "$TMP/bad_utf8.sav"
ok "the id 'r2' is where it is patched" test "$(dd if="$TMP/bad_utf8.sav" bs=1 skip=1697 count=2 2>/dev/null)" = r2
printf '\351' | dd of="$TMP/bad_utf8.sav" bs=1 seek=1698 conv=notrunc 2>/dev/null
t "sav: a value that is not UTF-8 is named, not changed" --status 1 \
    --err-has "pollclean: $TMP/bad_utf8.sav:3:id: invalid UTF-8" \
    -- pollclean -q --codebook "$F/codebook.csv" -o /dev/null "$TMP/bad_utf8.sav"

finish
