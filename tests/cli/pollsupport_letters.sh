#!/usr/bin/env bash
# pollsupport's significance letters (group_letter, sig_higher_than, the
# banner's letters and footnote) and its spreadsheet output (--format xlsx).
#
# tests/fixtures/support/letters.csv, unweighted, where the truth is known:
# grp hi has 80 tend_support and 20 tend_oppose of 100; lo1 and lo2 are
# identical, 20 and 80 of 100; small has 9 and 1 of 10 (under the default
# --min-base 50). sex f and m split every group in half (small 5/5), so
# they hardly differ. The two-group test itself, at the edge of
# significance, is in tests/unit/test_support_letters.c.
. "$(dirname "$0")/lib/harness.sh"

L=$FIX/support/letters.csv
SC=$FIX/support/scale_codebook.csv

# The value of column COL in the row of GROUP and RESPONSE of $T_OUT.
field() {
    awk -F, -v g="$1" -v r="$2" -v c="$3" 'NR==1{for(i=1;i<=NF;i++)h[$i]=i; next}
        $(h["group"])==g && $(h["response"])==r {print $(h[c]); exit}' "$T_OUT"
}
sig() { field "$1" "$2" sig_higher_than; }

t "letters" --err-empty -- pollsupport -q --codebook "$SC" --by grp,sex --unweighted --combine lo=lo1+lo2 "$L"
ok "header: the letter columns, then question_text, universe, by_label, df, deff and mean" sh -c "head -n 1 '$T_OUT' | grep -q ',group_letter,sig_higher_than,question_text,universe,by_label,df,deff,mean\$'"
# The columns of $T_OUT, by name: cols NAME... prints them, comma-separated,
# for every row of the table.
cols() {
    awk -F, -v want="$*" 'NR==1{for(i=1;i<=NF;i++)h[$i]=i; n=split(want,w," "); next}
        {s=""; for(k=1;k<=n;k++) s=s (k>1?",":"") $(h[w[k]]); print s}' "$T_OUT"
}
ok "groups lettered across the banner" test \
    "$(cols group response group_letter | awk -F, '$2=="support"{printf "%s=%s ", $1, $3}')" = \
    "All= hi=A lo1=B lo2=C small=D lo= f=E m=F "
ok "hi beats lo1 and lo2" test "$(sig hi tend_support)" = "B C"
ok "hi beats them on the net too" test "$(sig hi support)" = "B C"
ok "lo1 beats hi on oppose" test "$(sig lo1 tend_oppose)" = "A"
ok "lo2 beats hi on oppose" test "$(sig lo2 oppose)" = "A"
ok "identical groups: no letter" test "$(sig lo1 tend_support)$(sig lo2 tend_support)" = ""
ok "near-identical f and m: no letters" test \
    "$(cols group sig_higher_than | awk -F, '($1=="f" || $1=="m") && $2!=""')" = ""
ok "small base: never tested, nor letters" test "$(sig small tend_support)" = ""
no_letter_d() { ! cols sig_higher_than | grep -q D; }
ok "small base: not in others' letters" no_letter_d
ok "small base: marked" test "$(field small support low_base)" = 1
ok "All: no letter, no letters" test "$(field All support group_letter)$(sig All support)" = ""
ok "combined: no letter, no letters" test "$(field lo oppose group_letter)$(sig lo oppose)" = ""
ok "net score: no letters" test "$(sig hi net)$(sig lo1 net)" = ""

t "--min-base 5 tests the small group" -- \
    pollsupport -q --codebook "$SC" --by grp,sex --unweighted --min-base 5 "$L"
# small (0.9, se 0.0949, n 10) against lo1 (0.2, se 0.0401): difference 0.7,
# t(9) * se = 0.233: significant; against hi (0.8): 0.1, not.
ok "small beats lo1 and lo2" test "$(sig small tend_support)" = "B C"
ok "hi does not beat small" test "$(sig hi tend_support)" = "B C"
ok "lo1 beats hi and small on oppose" test "$(sig lo1 tend_oppose)" = "A D"

t "--sig-level 0.999999 keeps only huge differences" -- \
    pollsupport -q --codebook "$SC" --by grp --unweighted --sig-level 0.999999 --min-base 5 "$L"
ok "hi still beats lo1" test "$(sig hi tend_support)" = "B C"
ok "small no longer beats lo1" test "$(sig small tend_support)" = ""
usage "--sig-level out of range" "--sig-level: 1 is out of range (must be > 0 and < 1)" -- \
    pollsupport -q --codebook "$SC" --by grp --unweighted --sig-level 1 "$L"
usage "--sig-level not a number" "--sig-level: 'x' is not a number" -- \
    pollsupport -q --codebook "$SC" --by grp --unweighted --sig-level x "$L"

# --- The letters and pollclaim run one test of a difference (estimate.h):
# on the same table, "G more likely than H" HOLDS exactly when H's letter is
# among G's letters, at every base: 1 respondent (no degrees of freedom: no
# letter, TOO CLOSE TO CALL and why), 2, 3, 12 and 80 (under and over the
# minimum base), weighted.
awk 'BEGIN { print "grp,q,w"; split("1 2 3 12 80 80", n, " "); split("100 50 67 25 60 30", p, " ");
    for (g = 1; g <= 6; g++) for (i = 0; i < n[g]; i++)
        print "g" g "," (i * 100 < p[g] * n[g] ? "yes" : (i % 3 ? "no" : "dk")) "," (1 + (i % 4) / 2) }' \
    >"$TMP/bases.csv"
awk 'BEGIN { split("yes no dk", r, " "); for (a = 1; a <= 6; a++) for (b = 1; b <= 6; b++)
    for (k = 1; k <= 3; k++) if (a != b) printf "g%d_g%d_%s: \"pair\" => g%d more likely than g%d to say %s q\n",
    a, b, r[k], a, b, r[k] }' >"$TMP/pairs.txt"
# Each lettered pair of a table as ID lines (g1_g2_yes when g1 beats g2).
lettered() {
    awk -F, 'NR==1{for(i=1;i<=NF;i++)h[$i]=i; next} $(h["by"])=="grp" {
        L[$(h["group_letter"])] = $(h["group"]); S[$(h["group"]) "," $(h["response"])] = $(h["sig_higher_than"]) }
        END { for (k in S) { split(k, gr, ","); n = split(S[k], l, " ");
            for (i = 1; i <= n; i++) print gr[1] "_" L[l[i]] "_" gr[2] } }' "$1" | sort
}
held() { awk -F, '$4 == "claim" && $24 == "HOLDS" { print $1 }' "$1" | sort; }  # column 24: verdict
for mb in 1 50; do
    pollsupport -q --by grp --questions q --weight w --min-base $mb -o "$TMP/bases$mb.csv" "$TMP/bases.csv"
    pollclaim --claims "$TMP/pairs.txt" -o "$TMP/verdicts$mb.csv" "$TMP/bases$mb.csv"
done
ok "some pairs are lettered" test "$(lettered "$TMP/bases1.csv" | wc -l)" -ge 4
lettered "$TMP/bases1.csv" >"$TMP/lettered1.txt"
ok "n = 3 (2 df) against 80 is lettered" grep -qx g3_g5_yes "$TMP/lettered1.txt"
ok "letters and pollclaim agree, every base tested" test "$(cat "$TMP/lettered1.txt")" = \
    "$(held "$TMP/verdicts1.csv")"
ok "1 respondent: no letter either way" sh -c "! grep -q g1 '$TMP/lettered1.txt'"
ok "1 respondent: no interval, and why" grep -q \
    "g1_g2_yes,pair,g1 more likely than g2 to say yes q,claim,.*,TOO CLOSE TO CALL,\"Among g1, 100% chose “yes” on q, against 40% among g2: a difference of +60 points; g1 has 1 respondent, but a difference needs at least 2 on each side" \
    "$TMP/verdicts1.csv"
# With the default minimum base, groups under it get no letters (the
# footnote says so), while pollclaim still judges them, with the caveat.
ok "min base 50: only g5 and g6 lettered" test "$(lettered "$TMP/bases50.csv")" = \
    "$(held "$TMP/verdicts50.csv" | grep -E '^g[56]_g[56]_')"
ok "min base 50: the same verdicts as at min base 1" test "$(held "$TMP/verdicts50.csv")" = \
    "$(held "$TMP/verdicts1.csv")"
ok "low bases: caveat in comparison sentences" grep -q \
    "g1_g2_yes,.*\"Among g1, 100% chose “yes” on q (a small base: 1 respondent), against 40% among g2 (a small base: 2 respondents): a difference of +60 points; g1 has 1 respondent" \
    "$TMP/verdicts50.csv"

# --- The banner, byte for byte, on the sample (the demo's pipeline).
pollclean --codebook "$DATA/codebook.csv" -o "$TMP/clean.csv" "$DATA/sample_raw.csv" 2>/dev/null
pollweight --targets "$DATA/targets.csv" --missing keep -o "$TMP/weighted.csv" "$TMP/clean.csv" \
    2>/dev/null
t "banner with letters on the sample" --out "$FIX/support/sample_banner.txt" -- \
    pollsupport --by vote2024 --codebook "$DATA/codebook.csv" --combine left=lab+grn \
    --format table "$TMP/weighted.csv"
ok "letters lines no wider than the banner's" test \
    "$(awk '/^ +[A-Z ]+$/ { if (length($0) > m) m = length($0) } END { print m }' "$T_OUT")" -le \
    "$(awk '/^Strongly support/ { if (length($0) > m) m = length($0) } END { print m }' "$T_OUT")"
# Nine groups of 60: g1 (A) says tend_support 90%, the others 10%. g1's
# eight letters do not fit its 6-character cell: they go on two lines.
awk 'BEGIN { print "grp,q1"; for (g = 1; g <= 9; g++) for (i = 0; i < 60; i++)
    print "g" g "," ((g == 1 ? i < 54 : i < 6) ? "tend_support" : "tend_oppose") }' >"$TMP/many.csv"
t "banner: letters wrap within their cell" -- \
    pollsupport -q --codebook "$SC" --by grp --unweighted --format table "$TMP/many.csv"
ok "first line of g1's letters" test "$(sed -n 7p "$T_OUT")" = \
    "                          BCDEFG"
ok "second line of g1's letters" test "$(sed -n 8p "$T_OUT")" = \
    "                              HI"
ok "the header letters" test "$(sed -n 4p "$T_OUT")" = \
    "                             (A)    (B)    (C)    (D)    (E)    (F)    (G)    (H)    (I)"

# --- The spreadsheet.
t "xlsx" --err-empty -- pollsupport -q --codebook "$SC" --by grp,sex --unweighted --combine lo=lo1+lo2 \
    --format xlsx -o "$TMP/l.xlsx" "$L"
pollsupport -q --codebook "$SC" --by grp,sex --unweighted --combine lo=lo1+lo2 -o "$TMP/l.csv" "$L"
ok "every share in a percentage cell" bash "$SRC/tests/cli/lib/xlsx_shares.sh" "$TMP/l.csv" \
    "$TMP/l.xlsx"
# The check can fail: a share nudged by 1e-6 is not found.
awk -F, 'BEGIN{OFS=","} NR==1{for(i=1;i<=NF;i++)h[$i]=i} NR==3{$(h["share"])+=1e-6} {print}' \
    "$TMP/l.csv" >"$TMP/l_bad.csv"
ok "the check sees a wrong share" sh -c "! bash '$SRC/tests/cli/lib/xlsx_shares.sh' \
    '$TMP/l_bad.csv' '$TMP/l.xlsx' >/dev/null"
unzip -p "$TMP/l.xlsx" xl/sharedStrings.xml >"$TMP/strings.xml"
unzip -p "$TMP/l.xlsx" xl/worksheets/sheet2.xml >"$TMP/sheet2.xml"
unzip -p "$TMP/l.xlsx" xl/workbook.xml >"$TMP/workbook.xml"
ok "sheets: About, then the question" grep -q '<sheet name="About" sheetId="1" r:id="rId1"/><sheet name="q1" sheetId="2"' "$TMP/workbook.xml"
ok "group letters in the header" grep -q '<t>(F)</t>' "$TMP/strings.xml"
ok "hi's letters" grep -q '<t>B C</t>' "$TMP/strings.xml"
ok "front sheet: weighting" grep -q '<t>unweighted</t>' "$TMP/strings.xml"
ok "front sheet: se method" grep -q '<t>fixed (linearization, weights treated as fixed)</t>' "$TMP/strings.xml"
ok "front sheet: design effect" grep -q "<t>kish (Kish's, from the weights)</t>" "$TMP/strings.xml"
ok "front sheet: source" grep -q "<t>$L</t>" "$TMP/strings.xml"
ok "footnote: the test" grep -q 'sqrt(se1^2 + se2^2) from fixed-weight standard errors' "$TMP/strings.xml"
ok "panes frozen under the banner" grep -q '<pane xSplit="1" ySplit="6" topLeftCell="B7" activePane="bottomRight" state="frozen"/>' "$TMP/sheet2.xml"
ok "no formulas" sh -c "! unzip -p '$TMP/l.xlsx' 'xl/worksheets/*.xml' | grep -q '<f>'"
# "Strongly support", 16 characters: 16 * 1.1 + 2 = 19.6 units, stored as
# Excel stores widths (with the cell's padding, in whole pixels).
ok "label column fitted" grep -q '<col min="1" max="1" width="20.28515625" customWidth="1"/>' "$TMP/sheet2.xml"
ok "nets bold" sh -c "unzip -p '$TMP/l.xlsx' xl/styles.xml | grep -q '<numFmt numFmtId=\"[0-9]*\" formatCode=\"0%\"/>'"
ok "fixed creation time" sh -c "unzip -p '$TMP/l.xlsx' docProps/core.xml | grep -q '<dcterms:created xsi:type=\"dcterms:W3CDTF\">1980-01-01T00:00:00Z'"
sleep 1
pollsupport -q --codebook "$SC" --by grp,sex --unweighted --combine lo=lo1+lo2 --format xlsx -o "$TMP/l2.xlsx" "$L"
ok "the same table gives the same bytes" cmp -s "$TMP/l.xlsx" "$TMP/l2.xlsx"
SOURCE_DATE_EPOCH=1700000000 pollsupport -q --codebook "$SC" --by grp --unweighted --format xlsx -o "$TMP/sde.xlsx" "$L"
ok "SOURCE_DATE_EPOCH sets the creation time" sh -c "unzip -p '$TMP/sde.xlsx' docProps/core.xml | grep -q '2023-11-14T22:13:20Z'"
t "xlsx to a pipe" -- sh -c "pollsupport -q --codebook "$SC" --by grp --unweighted --format xlsx '$L' | cat >'$TMP/pipe.xlsx'"
ok "piped workbook is a zip" sh -c "unzip -l '$TMP/pipe.xlsx' | grep -q xl/workbook.xml"
# Under script(1) the program's stderr and stdout are the same terminal.
t "xlsx to a terminal refused" --status 2 \
    --out-has "pollsupport: --format xlsx: standard output is a terminal; give -o FILE.xlsx" \
    --out-has "Try 'pollsupport --help'." -- \
    script -qec "pollsupport -q --codebook "$SC" --by grp --unweighted --format xlsx '$L'" /dev/null
t "xlsx: no partial file on error" --status 1 -- \
    pollsupport --questions q1 --by nope --unweighted --format xlsx -o "$TMP/never.xlsx" "$L"
ok "no file left" test ! -e "$TMP/never.xlsx"
mkdir "$TMP/scratch"
TMPDIR=$TMP/scratch pollsupport -q --codebook "$SC" --by grp --unweighted --format xlsx -o "$TMP/s.xlsx" "$L"
ok "no scratch file left" test -z "$(ls -A "$TMP/scratch")"

# Several questions: one sheet each, every share present.
S=$FIX/support/sample1.csv
pollsupport -q --codebook "$SC" --by party --weight w -o "$TMP/s1.csv" "$S"
t "xlsx of three questions" -- pollsupport -q --codebook "$SC" --by party --weight w --format xlsx -o "$TMP/s1.xlsx" "$S"
ok "three question sheets, every share" bash "$SRC/tests/cli/lib/xlsx_shares.sh" "$TMP/s1.csv" \
    "$TMP/s1.xlsx"
ok "sheets in question order" test "$(unzip -p "$TMP/s1.xlsx" xl/workbook.xml |
    grep -o 'sheet name="[^"]*"' | tr '\n' ' ')" = \
    'sheet name="About" sheet name="q_tax" sheet name="q_rail" sheet name="q_zoo" '

# Sheet names: Excel's 31 characters, none of []:*?/\, unique regardless of
# case ("about" meets the front sheet "About").
printf 'grp,about,what?/[x]:a_very_long_question_name_beyond_31\na,yes,1\nb,no,2\na,yes,2\n' \
    >"$TMP/names.csv"
t "sheet names made valid" -- pollsupport -q --questions 'about,what?/[x]:a_very_long_question_name_beyond_31' \
    --by grp --unweighted --format xlsx -o "$TMP/names.xlsx" "$TMP/names.csv"
ok "valid, unique sheet names" test "$(unzip -p "$TMP/names.xlsx" xl/workbook.xml |
    grep -o 'sheet name="[^"]*"' | tr '\n' ' ')" = \
    'sheet name="About" sheet name="about~2" sheet name="what___x__a_very_long_question_" '

# --- With --calibrated the letters use the calibrated se. On the raked
# sample B (tests/fixtures/calibrated), Labour's strongly_oppose on
# q_settle_20y beats Conservative and Reform voters with either se, and
# non-voters (I) only with the calibrated one, which is smaller there.
CAL=$FIX/calibrated
calargs=(-q --by vote2024 --codebook "$DATA/codebook.csv" --questions q_settle_20y)
# The letters of GROUP's RESPONSE in the TSV table $T_OUT.
tsig() {
    awk -F'\t' -v g="$1" -v r="$2" 'NR==1{for(i=1;i<=NF;i++)h[$i]=i; next}
        $(h["group"])==g && $(h["response"])==r {print $(h["sig_higher_than"]); exit}' "$T_OUT"
}
t "fixed se" -- pollsupport "${calargs[@]}" --format tsv "$CAL/sampleB.csv"
ok "fixed se: lab strongly_oppose beats A and D" test "$(tsig lab strongly_oppose)" = "A D"
t "calibrated se" -- pollsupport "${calargs[@]}" --calibrated "$CAL/targetsB.csv" --format tsv \
    "$CAL/sampleB.csv"
ok "calibrated se: and I too" test "$(tsig lab strongly_oppose)" = "A D I"
t "calibrated banner says so" \
    --out-has "95% level, se = sqrt(se1^2 + se2^2) from calibration-aware standard errors" -- \
    pollsupport "${calargs[@]}" --calibrated "$CAL/targetsB.csv" --format table "$CAL/sampleB.csv"
t "calibrated workbook" -- pollsupport "${calargs[@]}" --calibrated "$CAL/targetsB.csv" \
    --format xlsx -o "$TMP/cal.xlsx" "$CAL/sampleB.csv"
ok "front sheet: calibrated se" sh -c "unzip -p '$TMP/cal.xlsx' xl/sharedStrings.xml |
    grep -q '<t>calibrated (linearization of the raking estimator: allows for the calibration)</t>'"
ok "footnote: calibration-aware" sh -c "unzip -p '$TMP/cal.xlsx' xl/sharedStrings.xml |
    grep -q 'from calibration-aware standard errors'"

# A break of more than 52 groups is not lettered (every pair would be
# tested in every row); one of 52 is. Group g0 answers yes far more often,
# so it is higher than others where letters are given.
for k in 52 53; do
    awk -v k="$k" 'BEGIN { print "q,g"; for (i = 0; i < 100 * k; i++) { g = i % k
        print ((g == 0 || i % 5 == 0) ? "yes" : "no") ",g" g } }' >"$TMP/g$k.csv"
done
t "52 groups lettered" -- pollsupport --questions q --by g --unweighted "$TMP/g52.csv"
ok "52 groups: g0 letters others" sh -c "grep '^q,q,g,g0,g0,yes,' '$T_OUT' | grep -q ',A,B C D '"
t "53 groups not lettered" --err-has "no significance letters for --by g: 53 groups, more than the 52 a break is lettered up to" \
    -- pollsupport --questions q --by g --unweighted "$TMP/g53.csv"
ok "53 groups: no letter anywhere" sh -c "! awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[\$i] = i; next }
    \$c[\"group_letter\"] != \"\" || \$c[\"sig_higher_than\"] != \"\"' '$T_OUT' | grep -q ."

# Every workbook this script made opens: each XML part well-formed.
ok "every workbook well-formed" bash "$SRC/tests/cli/lib/xlsx_valid.sh" "$TMP"/*.xlsx

finish
