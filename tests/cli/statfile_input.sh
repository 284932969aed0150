#!/usr/bin/env bash
# SPSS and Stata files as microdata for pollsupport and pollweight, read
# through the input layer pollclean uses: the same results as from the CSV
# of the same data (tests/fixtures/statfile/make_cli_fixtures.R made the
# files; their empty answers are in turn system-missing and declared
# missing). A file of the wrong kind for any program is named for what it
# is, never reported as a CSV parse error ("malformed quoting").
. "$(dirname "$0")/lib/harness.sh"
ST=$FIX/statfile
BI=$SRC/tests/badinput
CB=$DATA/codebook.csv

# same NAME ARGS...: pollsupport ARGS on weighted.csv, .sav and .dta print
# the same table.
same_support() {
    local name=$1
    shift
    t "$name: csv" -- pollsupport -q "$@" "$ST/weighted.csv"
    cp "$T_OUT" "$TMP/from_csv"
    ok "$name: a table" test "$(wc -l <"$TMP/from_csv")" -gt 20
    for f in weighted.sav weighted.dta; do
        t "$name: ${f#weighted.} the same as csv" --out "$TMP/from_csv" -- pollsupport -q "$@" "$ST/$f"
    done
}
same_support "codebook, two --by" --codebook "$CB" --by vote2024,sex
same_support "no codebook, calibrated" --by region --questions q_temp_status,edu,euref --calibrated "$DATA/targets.csv"
same_support "beta intervals, table format" --codebook "$CB" --by euref --ci beta --format table
ok "the CSV counterpart is the badinput sample's data" \
    bash -c "cut -d, -f1-15 '$ST/weighted.csv' | cmp -s - <(cut -d, -f1-15 '$BI/weighted.csv')"
t "sav on standard input (redirected)" --in "$ST/weighted.sav" --out "$TMP/from_csv" -- \
    pollsupport -q --codebook "$CB" --by euref --ci beta --format table
t "csv through a pipe still reads" --out "$TMP/from_csv" -- \
    sh -c 'cat "$1" | pollsupport -q --codebook "$2" --by euref --ci beta --format table' _ "$ST/weighted.csv" "$CB"
t "sav through a pipe: said plainly" --status 1 \
    --err-is "pollsupport: <stdin>: this is an SPSS .sav file, arriving through a pipe: give the file's name instead (or redirect it: < FILE)" \
    -- sh -c 'cat "$1" | pollsupport --unweighted --questions sex' _ "$ST/weighted.sav"
t "a declared-missing answer is no answer" --out-has "sex,sex,,All,All,male,male,nominal,173," -- \
    pollsupport --unweighted --questions sex "$ST/weighted.sav"
t "the weight column of a .dta found by name" --err-has "weighting by the column 'weight'" -- \
    pollsupport --questions sex "$ST/weighted.dta"
t "a column the file lacks: named with the file" --status 1 \
    --err-has "pollsupport: $ST/weighted.sav: no question column 'q_nope'" -- \
    pollsupport --unweighted --questions q_nope "$ST/weighted.sav"

# pollweight: the same weights, and the input's columns written back as CSV.
t "pollweight: csv" -- pollweight -q --targets "$DATA/targets.csv" --missing keep "$BI/unweighted.csv"
cp "$T_OUT" "$TMP/w_csv"
ok "pollweight: every respondent" test "$(wc -l <"$TMP/w_csv")" -eq "$(wc -l <"$BI/unweighted.csv")"
for f in unweighted.zsav unweighted.dta; do
    t "pollweight: ${f#unweighted.} the same as csv" --out "$TMP/w_csv" -- \
        pollweight -q --targets "$DATA/targets.csv" --missing keep "$ST/$f"
done
t "pollweight --missing fail: the declared-missing answer counts as missing" --status 1 \
    --err-has ":vote2024: 13 respondents have no value for 'vote2024'" -- pollweight --targets "$DATA/targets.csv" "$ST/unweighted.zsav"
cp "$T_ERR" "$TMP/fail_stat"
t "pollweight --missing fail: the same count as the csv's" --status 1 -- \
    pollweight --targets "$DATA/targets.csv" "$BI/unweighted.csv"
ok "pollweight --missing fail: the same message, line and count" bash -c \
    "diff <(sed 's#^pollweight: [^:]*:#F:#' '$TMP/fail_stat') <(sed 's#^pollweight: [^:]*:#F:#' '$T_ERR')"

# The wrong kind of file, for a program that reads CSV only: said plainly,
# for a named file and for standard input redirected from one.
for f in poll.sav poll.zsav poll.dta; do
    case $f in *.dta) is="a Stata .dta file" ;; *.zsav) is="an SPSS .zsav file" ;; *) is="an SPSS .sav file" ;; esac
    t "pollplot $f" --status 1 --err-is "pollplot: $ST/$f is $is; pollplot reads a support table (CSV, as pollsupport or polltable write it) as its input" \
        -- pollplot "$ST/$f"
    t "pollclaim < $f" --status 1 --in "$ST/$f" --err-is "pollclaim: <stdin> is $is; pollclaim reads a support table (CSV, as pollsupport or polltable write it) as its input" \
        -- pollclaim --claim 'majority support q1'
    t "polltable $f" --status 1 --err-has "$f is $is; polltable reads a published banner table" -- polltable "$ST/$f"
    t "pollweight --targets $f" --status 1 --err-has "$f is $is; pollweight reads population targets" \
        -- pollweight --targets "$ST/$f" "$BI/unweighted.csv"
    t "pollclean --codebook $f" --status 1 --err-has "$f is $is; pollclean reads a codebook" \
        -- pollclean --codebook "$ST/$f" "$ST/poll.sav"
    t "pollclaim --claims $f" --status 1 --err-has "$f is $is; pollclaim reads a claims file" \
        -- pollclaim --claims "$ST/$f" "$BI/support.csv"
    t "pollsupport --calibrated $f" --status 1 --err-has "$f is $is; pollsupport reads population targets" \
        -- pollsupport --questions q1 --calibrated "$ST/$f" "$ST/poll.sav"
    ok "no CSV parse error for $f" sh -c "! grep -q 'malformed quoting' '$T_ERR'"
    # Through a pipe, the CSV reader names it.
    t "pollplot, $f through a pipe" --status 1 --err-is "pollplot: <stdin>: this is $is, not CSV text" \
        -- sh -c 'cat "$1" | pollplot' _ "$ST/$f"
    t "pollweight --targets -, $f through a pipe" --status 1 --err-is "pollweight: <stdin>: this is $is, not CSV text" \
        -- sh -c 'cat "$1" | pollweight --targets - "$2"' _ "$ST/$f" "$BI/unweighted.csv"
done
t "polltable, a spreadsheet through a pipe" --status 1 \
    --err-is "polltable: <stdin>: this is a ZIP archive (an Excel .xlsx or OpenDocument spreadsheet?), not CSV text" \
    -- sh -c 'cat "$1" | polltable' _ "$BI/spreadsheet.xlsx"
finish
