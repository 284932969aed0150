#!/usr/bin/env bash
# Every file option of every program, taken from the programs' own option
# tables (PROG --list-options: each file option is declared an input or an
# output there), so that an option added later is covered without an edit
# here: each input given as the same file as each output, directly and
# through a symbolic link, and each two outputs given as one file, are
# refused with exit 2 before anything is written, and the input is left
# unchanged; two inputs cannot both be standard input.
. "$(dirname "$0")/lib/harness.sh"
D=$TMP/f
progs="pollsynth pollcodebook pollclean pollweight pollsupport polltable pollbanner pollplot pollclaim"

# args NAME FILE: the arguments that give FILE to option NAME ("-": the
# operand).
args() {
    if [ "$1" = - ]; then
        printf '%s\n' "$2"
    else
        printf '%s\n' "--$1" "$2"
    fi
}

# nothing_else: the scratch directory holds only what the case put there.
only_in_dir() {
    [ "$(cd "$D" && ls -A | tr '\n' ' ')" = "$1" ] || { echo "  $D holds: $(ls -A "$D")"; return 1; }
}

total=0
for p in $progs; do
    ins=() outs=() stdout_opt=""
    while IFS=$'\t' read -r name letter kind flags choices; do
        [[ ,$flags, == *,hidden,* ]] && continue
        case $kind in
            input) ins+=("$name") ;;
            output)
                outs+=("$name")
                [[ ,$flags, == *,stdout,* ]] && stdout_opt=$name ;;
        esac
    done < <("$p" --list-options)
    ok "$p declares its outputs" test "${#outs[@]}" -gt 0
    [ "$p" = pollsynth ] || ok "$p declares its inputs" test "${#ins[@]}" -gt 0
    for i in ${ins[@]+"${ins[@]}"}; do
        for o in "${outs[@]}"; do
            rm -rf "$D" && mkdir -p "$D"
            printf 'what is still to be read\n' >"$D/f"
            mapfile -t a < <(args "$i" "$D/f"; args "$o" "$D/f")
            t "$p: $i and --$o one file" --status 2 --out "$TMP/.empty" --err-has "is the same file as" \
                --err-has "Try '$p --help'." -- "$p" "${a[@]}"
            ok "$p: $i and --$o one file: the input unchanged" grep -qx 'what is still to be read' "$D/f"
            ok "$p: $i and --$o one file: nothing written" only_in_dir "f "
            ln -s f "$D/link"
            mapfile -t a < <(args "$i" "$D/f"; args "$o" "$D/link")
            t "$p: --$o a link to $i" --status 2 --err-has "is the same file as" -- "$p" "${a[@]}"
            ok "$p: --$o a link to $i: unchanged" grep -qx 'what is still to be read' "$D/f"
            ok "$p: --$o a link to $i: nothing written" only_in_dir "f link "
            total=$((total + 1))
        done
        # Two inputs cannot both be standard input.
        for j in ${ins[@]+"${ins[@]}"}; do
            [[ $j > $i ]] || continue
            mapfile -t a < <(args "$i" -; args "$j" -)
            t "$p: $i and $j both standard input" --status 2 --err-has "cannot both be standard input" \
                -- "$p" "${a[@]}"
        done
    done
    for o in "${outs[@]}"; do
        for o2 in "${outs[@]}"; do
            [[ $o2 > $o ]] || continue
            rm -rf "$D" && mkdir -p "$D"
            t "$p: --$o and --$o2 one new file" --status 2 --err-has "are the same file" \
                -- "$p" "--$o" "$D/new" "--$o2" "$D/new"
            ok "$p: --$o and --$o2 one new file: not created" only_in_dir ""
            printf 'old\n' >"$D/old"
            t "$p: --$o and --$o2 one old file" --status 2 --err-has "are the same file" \
                -- "$p" "--$o" "$D/old" "--$o2" "$D/old"
            ok "$p: --$o and --$o2 one old file: unchanged" grep -qx old "$D/old"
            total=$((total + 1))
        done
        # Standard output is an output too: when --OUT is '-', -o's default.
        if [ -n "$stdout_opt" ] && [ "$o" != "$stdout_opt" ]; then
            t "$p: --$o - and standard output" --status 2 --err-has "are the same file" -- "$p" "--$o" -
        fi
    done
done
# The tables hold the file options the programs had when this was written
# (and any added since): pollsupport --calibrated among them.
ok "every pair checked ($total)" test "$total" -ge 27
ok "pollsupport --calibrated is an input" sh -c "pollsupport --list-options | grep -q '^calibrated	-	input	'"
finish
