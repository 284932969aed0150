#!/usr/bin/env bash
# What every program does alike: --help and --version on stdout with exit 0,
# -q accepted, usage errors of the option layer word for word, and
# exit 1 with FILE:LINE on malformed CSV for every program that reads CSV.
. "$(dirname "$0")/lib/harness.sh"

progs="pollsynth pollcodebook pollclean pollweight pollsupport polltable pollbanner pollplot pollclaim"

for p in $progs; do
    t "$p --help" --out-has "Usage: $p" --out-has "Exit status" --err-empty -- "$p" --help
    ok "$p --help gives an example" grep -q "Example" "$T_OUT"
    t "$p --version" --out-has "$p (pollkit)" --err-empty -- "$p" --version
    t "$p --help to a full disk" --status 1 --err-has "write error" -- sh -c "$p --help >/dev/full"
    t "$p --help lists -q" --out-has "-q, --quiet" -- "$p" --help
    t "$p -q is accepted" --out-has "$p (pollkit)" --err-empty -- "$p" -q --version
done

# -h is --help.
for p in $progs; do
    "$p" --help >"$TMP/help.$p"
    t "$p -h is --help" --out "$TMP/help.$p" --err-empty -- "$p" -h
done

# A closed standard input or output (prog <&-, prog >&-) is said to be
# closed, in every program, before anything is read or written; with files
# named instead, the program runs as usual (no file it opens takes the
# closed stream's place).
for p in pollcodebook pollclean pollweight pollsupport polltable pollbanner pollplot pollclaim; do
    t "$p with standard input closed" --status 1 \
        --err-is "$p: standard input is closed: there is no input to read (name an input file)" -- sh -c "$p <&-"
done
for p in $progs; do
    t "$p with standard output closed" --status 1 \
        --err-is "$p: standard output is closed: there is nowhere to write the output (name a file: -o FILE)" \
        -- sh -c "$p >&-"
    t "$p --help with standard output closed" --status 1 \
        --err-is "$p: standard output is closed: there is nowhere to write to" -- sh -c "$p --help >&-"
done
t "--claims - with standard input closed" --status 1 \
    --err-is "pollclaim: --claims -: standard input is closed: there is nothing to read (name a file)" \
    -- sh -c 'pollclaim --claims - "$1" <&-' _ "$SRC/tests/badinput/support.csv"
t "named files with standard input closed" --out-has "q_temp_status" -- \
    sh -c 'pollsupport --unweighted --questions q_temp_status -o "$1" "$2" <&- && cat "$1"' _ "$TMP/closed.csv" \
    "$SRC/tests/badinput/unweighted.csv"
t "named files with standard input and output closed" --err-has "rake converged" -- \
    sh -c 'pollweight --missing keep --targets "$1" -o "$2" "$3" <&- >&- && test -s "$2"' _ "$DATA/targets.csv" \
    "$TMP/closed_w.csv" "$SRC/tests/badinput/unweighted.csv"

# Usage errors of the option layer (tools/cli/options.c), the same for every
# program, compared whole: the message without the program's path, then the
# hint, exit 2 and nothing on standard output.
for p in $progs; do
    usage "$p unknown long option" "unknown option '--no-such-option'" -- "$p" --no-such-option
    usage "$p unknown long option with a value" "unknown option '--no-such'" -- "$p" --no-such=1
    usage "$p unknown short option" "unknown option '-Z'" -- "$p" -Z
    usage "$p unknown short option after -q" "unknown option '-Z'" -- "$p" -qZ
    usage "$p --output without its value" "option '--output' requires an argument" -- "$p" --output
    usage "$p -o without its value" "option '-o' requires an argument" -- "$p" -o
    usage "$p abbreviated option without its value" "option '--output' requires an argument" -- "$p" --outp
    usage "$p --tsv with a value" "option '--tsv' takes no argument" -- "$p" --tsv=yes
    usage "$p --help with a value" "option '--help' takes no argument" -- "$p" --help=1
    usage "$p --quiet with a value" "option '--quiet' takes no argument" -- "$p" --quiet=no
done
usage "pollsynth ambiguous option" "option '--t' is ambiguous: --truth, --tsv" -- pollsynth --t x
usage "pollclean ambiguous option" \
    "option '--no-r' is ambiguous: --no-range-check, --no-required" -- pollclean --no-r
usage "pollweight ambiguous option" \
    "option '--t' is ambiguous: --targets, --tolerance, --total, --tsv" -- pollweight --t x
usage "pollsupport ambiguous option" \
    "option '--c' is ambiguous: --codebook, --ci, --combine, --calibrated, --change-from" -- pollsupport --c x
usage "pollplot ambiguous option" "option '--t' is ambiguous: --terminal, --title, --tsv" -- pollplot --t x
usage "pollclaim ambiguous option" "option '--cl' is ambiguous: --claims, --claim" -- pollclaim --cl x
t "an unambiguous abbreviation works" --out-has "pollclaim (pollkit)" -- pollclaim --vers
t "an exact name among longer ones works" --status 1 --err-is "pollclaim: nope.csv: No such file or directory" \
    -- pollclaim --claim "majority support q1" nope.csv
usage "pollsynth operand" "extra operand 'extra'" -- pollsynth extra
usage "pollclean two operands" "extra operand 'b.csv'" -- pollclean --codebook x a.csv b.csv
usage "pollweight two operands" "extra operand 'b.csv'" -- pollweight --targets x a.csv b.csv
usage "pollsupport two operands" "extra operand 'b.csv'" -- pollsupport a.csv b.csv
# pollplot and pollclaim read several tables (the waves of a trend) as one.
t "pollplot reads two operands" --status 1 --err-is "pollplot: a.csv: No such file or directory" -- pollplot a.csv b.csv
t "pollclaim reads two operands" --status 1 --err-is "pollclaim: a.csv: No such file or directory" \
    -- pollclaim --claim "majority support q1" a.csv b.csv
usage "options after operands are options" "unknown option '--bogus'" -- pollplot a.csv --bogus

# Each CSV-reading program gets damaged files whose header and first record
# suit it, so that it reads as far as line 3, where the damage is.
cat >"$TMP/targets.csv" <<'T'
variable,category,target
sex,male,0.5
sex,female,0.5
T
sup_header=question,question_label,by,group,group_label,response,n,count,weighted_base,share,se,ci_low,ci_high,deff_kish,n_eff,ci_method,level,base,weight,low_base
sup_row=q1,Q1,,All,All,support,100,60,100,0.6,0.05,0.5,0.7,1,100,logit,0.95,all,weight,0

# mk_bad PROG FIRSTCOL HEADER GOODROW: writes $TMP/PROG.{ragged,unterminated,nul,latin1}.csv
mk_bad() {
    local p=$1 header=$3 row=$4
    local rest=${row#*,}
    printf '%s\n%s\n%s\n' "$header" "$row" "${row%,*}" >"$TMP/$p.ragged.csv"
    printf '%s\n%s\n"%s\n%s\n' "$header" "$row" "$row" "$row" >"$TMP/$p.unterminated.csv"
    printf '%s\n%s\nx\0y,%s\n' "$header" "$row" "$rest" >"$TMP/$p.nul.csv"
    printf '%s\n%s\ncaf\xe9,%s\n' "$header" "$row" "$rest" >"$TMP/$p.latin1.csv"
    : >"$TMP/$p.empty.csv"
}
raw_header=$(head -n 1 "$DATA/sample_raw.csv" | tr -d '\r' | sed 's/^\xef\xbb\xbf//')
raw_row=$(sed -n 2p "$DATA/sample_raw.csv" | tr -d '\r')
mk_bad pollclean ResponseId "$raw_header" "$raw_row"
mk_bad pollweight sex "sex,x" "male,1"
mk_bad pollsupport sex "sex,q1" "male,strongly_support"
mk_bad pollplot question "$sup_header" "$sup_row"
mk_bad pollclaim question "$sup_header" "$sup_row"

firstcol() {
    case $1 in
        pollclean) echo ResponseId ;;
        pollweight | pollsupport) echo sex ;;
        *) echo question ;;
    esac
}

for p in pollclean pollweight pollsupport pollplot pollclaim; do
    case $p in
        pollclean) set -- --codebook "$DATA/codebook.csv" ;;
        pollweight) set -- --targets "$TMP/targets.csv" ;;
        pollsupport) set -- --by sex --unweighted --questions q1 ;;
        pollplot) set -- --groups All ;;
        pollclaim) set -- --claim "majority of All support q1" ;;
    esac
    c=$(firstcol "$p")
    f=$TMP/$p
    t "$p ragged" --status 1 --err-has "$p: $f.ragged.csv:3: record has" -- "$p" "$@" "$f.ragged.csv"
    t "$p unterminated quote" --status 1 --err-has "$p: $f.unterminated.csv:3: unterminated quoted field" -- "$p" "$@" "$f.unterminated.csv"
    t "$p NUL byte" --status 1 --err-has "$p: $f.nul.csv:3:$c: NUL byte" -- "$p" "$@" "$f.nul.csv"
    t "$p invalid UTF-8" --status 1 --err-has "$p: $f.latin1.csv:3:$c: invalid UTF-8" -- "$p" "$@" "$f.latin1.csv"
    t "$p empty input" --status 1 --err-has "$p: $f.empty.csv:1: empty input" -- "$p" "$@" "$f.empty.csv"
    t "$p ragged on stdin" --status 1 --in "$f.ragged.csv" --err-has "$p: <stdin>:3: record has" -- "$p" "$@"
    t "$p missing file" --status 1 --err-has "$p: $TMP/nope.csv: No such file or directory" -- "$p" "$@" "$TMP/nope.csv"
done

# Output plumbing shared by every program (tools/cli), through pollsynth:
# -o to a symbolic link replaces the link's target, never the link; -o
# /dev/stdout writes to standard output as the shell set it up, appending.
echo old >"$TMP/real.csv"
ln -s real.csv "$TMP/link.csv"
t "-o through a symlink" -- pollsynth --n 3 -o "$TMP/link.csv"
ok "the link is still a link" test -L "$TMP/link.csv"
ok "its target was replaced whole" sh -c "head -n 1 '$TMP/real.csv' | grep -q ResponseId"
echo first >"$TMP/append.csv"
t "-o /dev/stdout appends to a >> redirection" -- sh -c "pollsynth --n 3 -o /dev/stdout >>'$TMP/append.csv'"
ok "what was there stays" sh -c "head -n 1 '$TMP/append.csv' | grep -qx first"
ok "and the records follow" test "$(wc -l <"$TMP/append.csv")" -eq 5
ok "/dev/stdout is still a link" test -L /dev/stdout
t "-o into a missing directory" --status 1 --err-has "pollsynth: $TMP/no/such/dir.csv: cannot create" -- pollsynth --n 3 -o "$TMP/no/such/dir.csv"
t "-o a directory" --status 1 --err-has "is a directory" -- pollsynth --n 3 -o "$TMP"

# An interrupted run leaves neither the output nor its temporary file. (SIGTERM:
# a background job started by a script ignores SIGINT.)
mkdir "$TMP/int"
pollsynth --n 5000000 -o "$TMP/int/big.csv" 2>/dev/null &
pid=$!
sleep 0.5
kill -TERM "$pid"
wait "$pid" 2>/dev/null
ok "interrupted: no output" test ! -e "$TMP/int/big.csv"
ok "interrupted: no temporary left" test -z "$(ls -A "$TMP/int")"

# Row accounting through the pipeline: nobody is lost between programs.
pollsynth --n 3000 --seed 11 -o "$TMP/acc_raw.csv"
pollclean -q --codebook "$DATA/codebook.csv" --excluded "$TMP/acc_excl.csv" \
    -o "$TMP/acc_pc.csv" "$TMP/acc_raw.csv"
ok "pollclean: read = kept + excluded" test \
    "$(($(wc -l <"$TMP/acc_pc.csv") - 1 + $(wc -l <"$TMP/acc_excl.csv") - 1))" -eq 3000
pollweight -q --targets "$DATA/targets.csv" --missing keep -o "$TMP/acc_w.csv" "$TMP/acc_pc.csv"
ok "pollweight: every respondent out" test "$(wc -l <"$TMP/acc_w.csv")" -eq "$(wc -l <"$TMP/acc_pc.csv")"
ok "pollweight: the input's columns and values unchanged" \
    sh -c "awk -F, -v OFS=, '{NF--; print}' '$TMP/acc_w.csv' | cmp -s - '$TMP/acc_pc.csv'"
pollsupport --codebook "$DATA/codebook.csv" --format tsv --by vote2024 -o "$TMP/acc_s.csv" "$TMP/acc_w.csv" 2>/dev/null
# For every question, the All row's n is the number who answered it.
for q in q_temp_status q_settle_20y q_family_reunion q_support_discretionary \
    q_remove_families q_visa_penalties q_capped_routes; do
    answered=$(awk -F, -v q="$q" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == q) c = i; next }
        $c != "" { n++ } END { print n }' "$TMP/acc_w.csv")
    n_all=$(awk -F'\t' -v q="$q" '$1 == q && $4 == "All" && $6 == "support" { print $9 }' "$TMP/acc_s.csv")
    ok "pollsupport: n of $q is everyone who answered it ($answered)" test "$n_all" = "$answered"
    # ...and the groups' n add up to it, less those with no past vote.
    novote=$(awk -F, -v q="$q" 'NR == 1 { for (i = 1; i <= NF; i++) { if ($i == q) c = i; if ($i == "vote2024") v = i }; next }
        $c != "" && $v == "" { n++ } END { print n + 0 }' "$TMP/acc_w.csv")
    groups=$(awk -F'\t' -v q="$q" '$1 == q && $3 == "vote2024" && $6 == "support" { n += $9 } END { print n }' "$TMP/acc_s.csv")
    ok "pollsupport: groups of $q add up" test "$((groups + novote))" -eq "$answered"
done

finish
