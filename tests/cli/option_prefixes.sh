#!/usr/bin/env bash
# Long options may be shortened to any unambiguous prefix, and users type
# those prefixes. tests/fixtures/options/prefixes.tsv records, for every
# program, each long option and the shortest prefix that selected it when
# it was recorded; each must still select its option, unless NEWS.md lists
# the break in the words "`PROG --PREFIX` no longer means `--OPTION`".
# Every option a program has must be in the record (a new option gets its
# line when it is added). Hidden options (completion's --list-*) match only
# when typed in full, so they can never make a prefix ambiguous.
. "$(dirname "$0")/lib/harness.sh"
RECORD=$FIX/options/prefixes.tsv
NEWS=$SRC/NEWS.md

# selects PROG OPTION PREFIX: whether PREFIX selects OPTION today. A value
# option typed last without its value names itself in the error; a switch
# given a value does too.
selects() {
    local p=$1 opt=$2 pre=$3 kind
    kind=$("$p" --list-options | awk -F'\t' -v n="${opt#--}" '$1 == n { print $3 }')
    [ -n "$kind" ] || return 1
    if [ "$kind" = none ]; then
        "$p" "$pre=1" </dev/null 2>&1 >/dev/null | grep -qF "option '$opt' takes no argument"
    else
        "$p" "$pre" </dev/null 2>&1 >/dev/null | grep -qF "option '$opt' requires an argument"
    fi
}

# kept PROG OPTION PREFIX [NEWS]: the prefix still works, or the news file
# lists its break.
kept() {
    selects "$1" "$2" "$3" || grep -qF "\`$1 $3\` no longer means \`$2\`" "${4:-$NEWS}"
}

n=0
while IFS=$'\t' read -r p opt pre; do
    case $p in '#'* | program) continue ;; esac
    ok "$p $pre still means $opt" kept "$p" "$opt" "$pre"
    n=$((n + 1))
done <"$RECORD"
ok "the record has every program's options ($n)" test "$n" -ge 104

# The check can fail, and NEWS.md is its one way out.
not() { ! "$@"; }
ok "a broken prefix is found" not selects pollclaim --claim --cla
printf '# News\n- `pollclaim --cla` no longer means `--claim`: it is ambiguous.\n' >"$TMP/news.md"
ok "a broken prefix listed in the news passes" kept pollclaim --claim --cla "$TMP/news.md"
ok "a broken prefix not listed fails" not kept pollclaim --claim --cla

# Every public option is recorded, so that its prefix is kept from now on.
for p in pollsynth pollcodebook pollclean pollweight pollsupport polltable pollbanner pollplot pollclaim; do
    "$p" --list-options | awk -F'\t' '$1 != "-" && $4 !~ /hidden/ { print "--" $1 }' >"$TMP/opts"
    while read -r opt; do
        ok "$p $opt is in $RECORD" awk -F'\t' -v p="$p" -v o="$opt" '$1 == p && $2 == o { f = 1 } END { exit !f }' "$RECORD"
    done <"$TMP/opts"
    # Hidden options: whole names only, and none the start of a public one.
    "$p" --list-options | awk -F'\t' '$4 ~ /hidden/ { print "--" $1 }' >"$TMP/hidden"
    ok "$p has hidden options" test -s "$TMP/hidden"
    while read -r h; do
        short=${h%?}
        t "$p $short is not $h" --status 2 --err-has "$p: unknown option '$short'" -- "$p" "$short" x
        ok "$p: no public option starts with $h" sh -c "! grep -q -- '^$h' '$TMP/opts'"
    done <"$TMP/hidden"
done
t "a hidden option typed in full works" --out-has "output	o	output" -- pollsupport --list-options
t "a hidden option takes its value after =" --out-has "question" -- \
    sh -c 'pollsupport --list-columns="$1" | tr "\0" "\n"' _ "$SRC/tests/badinput/support.csv"
usage "a hidden option without its value" "option '--list-columns' requires an argument" -- pollsupport --list-columns
usage "a hidden switch with a value" "option '--list-options' takes no argument" -- pollsupport --list-options=1
usage "--l is still --level" "option '--level' requires an argument" -- pollsupport --l
finish
