#!/usr/bin/env bash
# bash completion (tools/completion/pollkit.bash), driven as bash drives it:
# the real _pollkit function with COMP_WORDS and COMP_CWORD set.
#
# Nothing from a file may run: column names, SPSS/Stata variable names and
# labels, question codes and group names made of shell syntax ($(...),
# backquotes, ${...}, ; | & globs, quotes, backslashes, a newline, a
# leading '-') are offered as literal text, quoted for the shell, and no
# CANARY file appears. Each program is offered its own options and choices,
# from its option table.
. "$(dirname "$0")/lib/harness.sh"

COMPLETION=$SRC/tools/completion/pollkit.bash
CAN=$TMP/canary
mkdir -p "$CAN"
STAT=$FIX/statfile

# comp WORD...: completes the last word (or the one at index $CWORD) in the
# canary directory, with HOME there too; COMPREPLY into $T_OUT, each
# element followed by a NUL byte.
comp() {
    (cd "$CAN" && HOME=$CAN bash -c '
        . "$1"; shift
        COMP_WORDS=("$@"); COMP_CWORD=${CWORD:-$(($# - 1))}
        _pollkit
        ((${#COMPREPLY[@]} == 0)) || printf "%s\0" "${COMPREPLY[@]}"' _ "$COMPLETION" "$@") >"$T_OUT"
}

# replies_are NAME...: COMPREPLY holds exactly these names, in this order,
# each quoted for the shell as printf %q quotes it.
replies_are() {
    local want=() n q
    for n in "$@"; do
        printf -v q '%q' "$n"
        want+=("$q")
    done
    local got=()
    mapfile -d '' -t got <"$T_OUT"
    [ "${#got[@]}" = "${#want[@]}" ] || { echo "  ${#got[@]} replies, expected ${#want[@]}: ${got[*]}"; return 1; }
    local i
    for i in "${!want[@]}"; do
        [ "${got[i]}" = "${want[i]}" ] || { echo "  reply $i is <${got[i]}>, expected <${want[i]}>"; return 1; }
    done
}

# replies_after HEAD NAME...: the same for a list's last item, after the
# items already typed (HEAD, kept as typed).
replies_after() {
    local head=$1 got=() q i=0
    shift
    mapfile -d '' -t got <"$T_OUT"
    [ "${#got[@]}" = "$#" ] || { echo "  ${#got[@]} replies, expected $#: ${got[*]}"; return 1; }
    for n in "$@"; do
        printf -v q '%q' "$n"
        [ "${got[i]}" = "$head$q" ] || { echo "  reply $i is <${got[i]}>, expected <$head$q>"; return 1; }
        i=$((i + 1))
    done
}

# Each reply, typed on a command line as it is and run, is one word: the
# literal name, with nothing run (what happens when the user presses Enter).
replies_run_literally() {
    local got=() r back
    mapfile -d '' -t got <"$T_OUT"
    for r in "${got[@]}"; do
        back=$(cd "$CAN" && HOME=$CAN bash -c "printf '%s\\0' $r | od -An -c" 2>&1)
        [ "$back" = "$(printf '%s\0' "$1" | od -An -c)" ] && shift && continue
        echo "  <$r> runs as: $back"
        return 1
    done
}

no_canary() {
    local found
    found=$(find "$CAN" "$TMP" -name 'CANARY*' 2>/dev/null)
    [ -z "$found" ] || { echo "  canary files: $found"; return 1; }
}

# --- hostile CSV headers ----------------------------------------------------
# The issue's header, then every kind of shell syntax: command substitution,
# backquotes, parameter expansion, ; | & (command separators), a quoted
# newline, globs * ? [ ], a leading '-', spaces, both quotes, backslashes,
# ANSI-C quoting, a tilde, history expansion (!), a lone $.
cat >"$CAN/hostile.csv" <<'EOF'
id,$(touch CANARY1),`touch CANARY2`,${HOME},a;touch CANARY3,b|touch CANARY4,c&touch CANARY5,"new
line $(touch CANARY6)",*,q?,[x],-lead,--by,sp ace,"qu""ote",'single',back\slash,$'\x41',~root,!!,$,$(( 1+1 )),<(touch CANARY7),>out
1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23
EOF
names=(id '$(touch CANARY1)' '`touch CANARY2`' '${HOME}' 'a;touch CANARY3' 'b|touch CANARY4' 'c&touch CANARY5'
    $'new\nline $(touch CANARY6)' '*' 'q?' '[x]' '-lead' '--by' 'sp ace' 'qu"ote' "'single'" 'back\slash'
    "\$'\\x41'" '~root' '!!' '$' '$(( 1+1 ))' '<(touch CANARY7)' '>out')

comp pollsupport hostile.csv --by ''
ok "csv: --by offers every column, quoted" replies_are "${names[@]}"
ok "csv: no canary after --by" no_canary
CWORD=2 comp pollsupport --questions '' hostile.csv
ok "csv: --questions offers them before the file is named too" replies_are "${names[@]}"
comp pollsupport hostile.csv --weight '$'
ok "csv: a typed prefix is literal text" replies_are '$(touch CANARY1)' '${HOME}' "\$'\\x41'" '$' '$(( 1+1 ))'
comp pollsupport hostile.csv --by 'id,*'
ok "csv: after a comma, the item after it" replies_after id, '*'
comp pollsupport hostile.csv --by 'id,\*'
ok "csv: what is typed is dequoted before comparing" replies_after id, '*'
comp pollweight --targets t.csv hostile.csv --base-weight '-'
ok "csv: a name with a leading dash after a value option" replies_are '-lead' '--by'
comp pollsupport hostile.csv --by ''
ok "csv: each reply, run as typed, is the literal name and runs nothing" \
    replies_run_literally "${names[@]}"
ok "csv: no canary after running the replies" no_canary

# The same header tab-separated, read with --tsv.
printf 'id\t$(touch CANARY8)\t`touch CANARY9`\tsp ace\n1\t2\t3\t4\n' >"$CAN/hostile.tsv"
CWORD=3 comp pollsupport --tsv --by '' hostile.tsv
ok "tsv: read with --tsv" replies_are id '$(touch CANARY8)' '`touch CANARY9`' 'sp ace'
CWORD=2 comp pollsupport --by '' hostile.tsv
ok "tsv: without --tsv the header is one CSV name" replies_are $'id\t$(touch CANARY8)\t`touch CANARY9`\tsp ace'
ok "tsv: no canary" no_canary

# --- SPSS and Stata files: names from the variables, never labels ----------
cp "$STAT/hostile.sav" "$STAT/hostile.dta" "$CAN/"
comp pollsupport hostile.sav --by ''
ok "sav: the variable names (SPSS allows \$ @ # . and letters)" replies_are id 'a$HOME' 'x@y#z.w' 'café_ü'
ok "sav: no canary (labels hold command substitutions)" no_canary
comp pollsupport hostile.sav --by 'a'
ok "sav: a\$HOME literally, not a/root" replies_are 'a$HOME'
CWORD=4 comp pollweight --targets t.csv --base-weight '' hostile.dta
ok "dta: the variable names" replies_are id q_HOME x_2
ok "dta: no canary" no_canary
comp pollclean --codebook c.csv hostile.sav --excluded x ''
ok "sav: operand completion offers files, not labels" test "$(tr '\0' '\n' <"$T_OUT" | grep -c CANARY)" = 0
# The file's raw bytes hold the labels; the old completion read them.
ok "sav: the labels are in the file's bytes" grep -q 'touch CANARY3' "$CAN/hostile.sav"

# --- support tables: question codes and groups, through its reader --------
cat >"$CAN/support.csv" <<'EOF'
question,by,group,response,share,n
$(touch CANARY11),vote,`touch CANARY12`,yes,0.5,100
$(touch CANARY11),vote,lab,yes,0.5,100
$(touch CANARY11),euref,lab,yes,0.5,100
q two;touch CANARY13,vote,lab,yes,0.4,100
*,,All,yes,0.5,200
EOF
CWORD=2 comp pollplot --questions '' support.csv
ok "pollplot --questions: the table's question codes" replies_are '$(touch CANARY11)' 'q two;touch CANARY13' '*'
comp pollplot support.csv --groups ''
ok "pollplot --groups: codes, BY=CODE where two columns share one" \
    replies_are All '`touch CANARY12`' 'euref=lab' 'vote=lab'
comp pollplot support.csv -g 'All,v'
ok "pollplot -g: the short option, after a comma" replies_after All, vote=lab
ok "support table: no canary" no_canary

# --- each program's own options and choices ----------------------------------
for p in pollsynth pollcodebook pollclean pollweight pollsupport polltable pollbanner pollplot pollclaim; do
    "$p" --list-options >"$TMP/$p.opts"
    comp "$p" --
    ok "$p: -- offers every option but the hidden ones" sh -c \
        "tr '\\0' '\\n' <'$T_OUT' | sort >'$TMP/got' &&
         awk -F'\\t' '\$1 != \"-\" && \$4 !~ /hidden/ { print \"--\" \$1 }' '$TMP/$p.opts' | sort | cmp -s - '$TMP/got'"
    ok "$p: no hidden option offered" sh -c "! tr '\\0' '\\n' <'$T_OUT' | grep -q -- '--list-'"
    # Every choice the table lists is what the program's own usage error
    # lists, and what completion offers.
    while IFS=$'\t' read -r name letter kind flags choices; do
        [ "$kind" = choice ] || continue
        read -r -a cs <<<"$choices"
        comp "$p" "--$name" ''
        ok "$p --$name offers its choices" replies_are "${cs[@]}"
        "$p" "--$name" no-such-choice >/dev/null 2>"$TMP/err"
        list=$(printf '%s, ' "${cs[@]}")
        list=${list%, }
        [ "${#cs[@]}" -gt 1 ] && list="${list%, *} or ${list##*, }"
        ok "$p --$name: the program's own error lists the same choices" \
            grep -qF -- "--$name: expected $list, got" "$TMP/err"
    done <"$TMP/$p.opts"
done
comp pollclaim --b
ok "pollclaim is offered no --by" replies_are
comp pollplot --b
ok "pollplot is offered no --by" replies_are
comp pollclaim --format ''
ok "pollclaim --format: csv or table" replies_are csv table
comp pollsupport --format t
ok "pollsupport --format: its own" replies_are tsv table
comp pollsupport --for=t
ok "--opt=VALUE in one word (an abbreviation)" replies_are --for=tsv --for=table
CWORD=3 comp pollsupport --format = t
ok "--opt=VALUE split at = as readline does" replies_are tsv table
CWORD=2 comp pollsupport --ci =
ok "--opt= with nothing typed after" replies_are logit beta mean wilson
comp pollplot support.csv --title --groups ''
ok "a value is not an option: --title takes --groups, then files" sh -c \
    "tr '\\0' '\\n' <'$T_OUT' | grep -qx support.csv && ! tr '\\0' '\\n' <'$T_OUT' | grep -qx All"
comp pollsupport --codebook ''
ok "a file option offers files" sh -c "tr '\\0' '\\n' <'$T_OUT' | grep -qx 'hostile.csv'"
comp pollsupport --cod
ok "an abbreviation among options" replies_are --codebook
comp pollsupport --list-c
ok "hidden options are never offered" replies_are
ok "no canary at the end" no_canary

# --- the script itself ----------------------------------------------------------
ok "no compgen -W anywhere" sh -c "! grep -v '^ *#' '$COMPLETION' | grep -n 'compgen -W'"
ok "no eval anywhere" sh -c "! grep -v '^ *#' '$COMPLETION' | grep -nw 'eval'"
finish
