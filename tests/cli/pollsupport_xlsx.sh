#!/usr/bin/env bash
# pollsupport --format xlsx on hostile tables: every text from the data
# (question codes, which become sheet names and link targets; group and
# answer codes, which become cells) with control characters, characters
# sheet names may not hold, names that clash only in case in any script,
# and texts a spreadsheet would take for formulas. Every workbook must be
# well-formed in every XML part, and nothing from the data a formula.
# libxlsxwriter's own messages never reach the user.
. "$(dirname "$0")/lib/harness.sh"

valid() { bash "$SRC/tests/cli/lib/xlsx_valid.sh" "$@"; }
part() { unzip -p "$1" "$2"; }

# A header whose question codes hold every C0 control but NUL (CSV cannot
# carry it), DEL and two C1 controls; rows whose groups and answers do too.
q_c0=$(printf 'a\001b\002c\003d\004e\005f\006g\007h\010i\011j\013k\014l\015m\016n\017o\020p\021q\022r\023s\024t\025u\026v\027w\030x\031y\032z\033A\034B\035C\036D\037E')
q_del=$(printf 'del\177x')
q_c1=$(printf 'c1\302\205x\302\233y')
q_nl=$(printf 'two\nlines')
{
    printf 'id,"%s",%s,%s,"%s",grp\n' "$q_c0" "$q_del" "$q_c1" "$q_nl"
    printf '1,"x\033[2Jy",=cmd|x,+SUM(1+1),@a,"g\0331"\n'
    printf '2,b,-2+3,b,"b\nc","g\302\2052"\n'
    printf '3,"x\033[2Jy",=cmd|x,+SUM(1+1),@a,"g\0331"\n'
} >"$TMP/hostile.csv"
t "control characters everywhere" --err-empty -- pollsupport -q --unweighted --by grp \
    --questions "$q_c0,$q_del,$q_c1,$q_nl" --format xlsx -o "$TMP/h.xlsx" "$TMP/hostile.csv"
ok "every part well-formed" valid "$TMP/h.xlsx"
part "$TMP/h.xlsx" xl/workbook.xml >"$TMP/wb.xml"
ok "C0 in a sheet name replaced" grep -q '<sheet name="a_b_c_d_e_f_g_h_i_j_k_l_m_n_o_p"' "$TMP/wb.xml"
ok "DEL in a sheet name replaced" grep -q '<sheet name="del_x"' "$TMP/wb.xml"
ok "C1 in a sheet name replaced" grep -q '<sheet name="c1_x_y"' "$TMP/wb.xml"
ok "newline in a sheet name replaced" grep -q '<sheet name="two_lines"' "$TMP/wb.xml"
part "$TMP/h.xlsx" xl/sharedStrings.xml >"$TMP/ss.xml"
ok "escape in a cell shown, not sent" grep -q '<t>x\\x1B\[2Jy</t>' "$TMP/ss.xml"
ok "C1 in a cell shown" grep -q 'g\\u00852' "$TMP/ss.xml"
ok "no raw ESC anywhere" sh -c "! unzip -p '$TMP/h.xlsx' | grep -q \"\$(printf '\\033')\""
ok "formula-like answers are strings" grep -q '<t>=cmd|x</t>' "$TMP/ss.xml"
ok "no formula in any sheet" sh -c "! unzip -p '$TMP/h.xlsx' 'xl/worksheets/*.xml' | grep -q '<f>'"
ok "link targets well-formed" sh -c "unzip -p '$TMP/h.xlsx' xl/worksheets/sheet1.xml | grep -q 'location=\"&apos;del_x&apos;!A1\"\\|location=\"'\"'\"'del_x'\"'\"'!A1\"'"

# Sheet names that differ only in case, beyond ASCII: Excel refuses them.
printf 'id,Élan,élan,ÉLAN,Σοφία,σοφία,Дом,дом,Straße,STRASSE,grp\n1,a,a,a,a,a,a,a,a,a,g\n2,b,b,b,b,b,b,b,b,b,h\n' >"$TMP/case.csv"
t "case clashes" --err-empty -- pollsupport -q --unweighted --by grp \
    --questions 'Élan,élan,ÉLAN,Σοφία,σοφία,Дом,дом,Straße,STRASSE' --format xlsx -o "$TMP/case.xlsx" "$TMP/case.csv"
ok "well-formed" valid "$TMP/case.xlsx"
part "$TMP/case.xlsx" xl/workbook.xml | grep -o 'sheet name="[^"]*"' | sed 's/sheet name=//; s/"//g' >"$TMP/names"
ok "Latin: É and é and ÉLAN apart" test "$(sed -n 2,4p "$TMP/names" | tr '\n' ' ')" = "Élan élan~2 ÉLAN~3 "
ok "Greek: Σ and σ apart" test "$(sed -n 5,6p "$TMP/names" | tr '\n' ' ')" = "Σοφία σοφία~2 "
ok "Cyrillic: Д and д apart" test "$(sed -n 7,8p "$TMP/names" | tr '\n' ' ')" = "Дом дом~2 "
ok "different words stay apart" test "$(sed -n 9,10p "$TMP/names" | tr '\n' ' ')" = "Straße STRASSE "

# Characters sheet names may not hold, and 300 codes alike in their first
# 31 characters: unique names, in linear time.
{
    printf 'id'
    for i in $(seq 1 300); do printf ',a_very_long_question_code_that_goes_on_%03d' "$i"; done
    printf ",'[x]:*?/\\\\y',grp\n"
    for r in 1 2; do
        printf '%s' "$r"; for i in $(seq 1 301); do printf ',v%s' "$r"; done; printf ',g%s\n' "$r"
    done
} >"$TMP/long.csv"
qs=$(head -n 1 "$TMP/long.csv" | cut -d, -f2-302)
t "long and forbidden names" --err-empty -- pollsupport -q --unweighted --by grp --questions "$qs" \
    --format xlsx -o "$TMP/long.xlsx" "$TMP/long.csv"
ok "well-formed" valid "$TMP/long.xlsx"
part "$TMP/long.xlsx" xl/workbook.xml | grep -o 'sheet name="[^"]*"' | sed 's/sheet name=//; s/"//g' >"$TMP/names"
ok "302 sheets" test "$(wc -l <"$TMP/names")" -eq 302
ok "all names unique" test "$(sort -f "$TMP/names" | uniq -i | wc -l)" -eq 302
ok "31 characters at most" sh -c "! awk 'length(\$0) > 31' '$TMP/names' | grep -q ."
ok "the 300th" grep -qx 'a_very_long_question_code_t~300' "$TMP/names"
ok "forbidden characters replaced" grep -qx '__x______y_' "$TMP/names"

# libxlsxwriter's own "[ERROR]" lines are held back; the message names the
# user's file, not the scratch file, and gives the system's reason.
t "a write that fails" --status 1 --err-is "pollsupport: $TMP/big.xlsx: cannot write: File too large" -- \
    bash -c "trap '' XFSZ; ulimit -f 4; pollsupport -q --unweighted --by grp --questions \"\$1\" --format xlsx -o '$TMP/big.xlsx' '$TMP/long.csv'" - "$qs"
ok "nothing left behind" test ! -e "$TMP/big.xlsx"

finish
