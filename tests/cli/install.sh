#!/usr/bin/env bash
# Installing like a Unix tool: `cmake --install` puts every program in
# PREFIX/bin, the manual pages of man/ in PREFIX/share/man/man1, man5 and
# man7 (found by `man` through PATH alone, as man-db maps PREFIX/bin to
# PREFIX/share/man), guide.md, methods.md and performance.md in
# PREFIX/share/doc/pollkit, and the bash completion under every program's
# name; the completion offers the program's options and the columns of the
# input.
. "$(dirname "$0")/lib/harness.sh"

progs=$(cd "$SRC/tools" && ls poll*.c | sed 's/\.c$//')
prefix=$TMP/prefix
t "cmake --install" -- cmake --install "$POLLKIT_BIN" --prefix "$prefix"
for p in $progs; do
    ok "$p installed" test -x "$prefix/bin/$p"
    ok "$p.1 installed" test -s "$prefix/share/man/man1/$p.1"
    ok "$p completion installed" test -s "$prefix/share/bash-completion/completions/$p"
done

for f in codebook targets claims table; do
    ok "pollkit-$f.5 installed" test -s "$prefix/share/man/man5/pollkit-$f.5"
done
ok "pollkit.7 installed" test -s "$prefix/share/man/man7/pollkit.7"
for f in guide.md methods.md performance.md; do
    ok "$f installed" cmp -s "$SRC/docs/$f" "$prefix/share/doc/pollkit/$f"
done
ok "pollkit(7) says where methods.md is" grep -q 'share/doc/pollkit/methods.md' "$prefix/share/man/man7/pollkit.7"

# man finds the pages through PATH alone, in every section.
if command -v man >/dev/null; then
    for p in pollclean pollsupport pollclaim; do
        t "man $p through PATH" --out-has "$prefix/share/man/man1/$p.1" -- \
            env PATH="$prefix/bin:/usr/bin:/bin" MANPATH= man -w "$p"
    done
    t "man 5 pollkit-codebook through PATH" --out-has "$prefix/share/man/man5/pollkit-codebook.5" -- \
        env PATH="$prefix/bin:/usr/bin:/bin" MANPATH= man -w 5 pollkit-codebook
    t "man 7 pollkit through PATH" --out-has "$prefix/share/man/man7/pollkit.7" -- \
        env PATH="$prefix/bin:/usr/bin:/bin" MANPATH= man -w 7 pollkit
    t "man pollsupport shows its sections" --out-has "SYNOPSIS" --out-has "EXAMPLES" \
        --out-has "EXIT STATUS" --out-has "SEE ALSO" --out-has "--by" --out-has "--codebook" \
        --out-has "pollkit-table(5)" -- \
        env MANWIDTH=100 MAN_KEEP_FORMATTING= man --nj --nh -l -P cat "$prefix/share/man/man1/pollsupport.1"
    t "man 7 pollkit renders" --out-has "pollsupport(1)" --out-has "methods.md" -- \
        env MANWIDTH=100 man --nj --nh -l -P cat "$prefix/share/man/man7/pollkit.7"
fi

# Completion, as bash would call it, from the installed file and the
# installed programs (tests/cli/completion.sh tests it in depth).
printf 'id,sex,vote2024,q_one,weight\nx,male,lab,yes,1\n' >"$TMP/w.csv"
complete_line() {
    # complete_line WORD...: the word being completed is the last, or the
    # one at index $CWORD.
    env PATH="$prefix/bin:/usr/bin:/bin" bash -c '
        . "$1"; shift
        COMP_WORDS=("$@"); COMP_CWORD=${CWORD:-$(($# - 1))}
        _pollkit
        printf "%s\n" "${COMPREPLY[@]}"' _ "$prefix/share/bash-completion/completions/pollsupport" "$@"
}
t "options from the program's table" --out-has "--ci" --out-has "--codebook" --out-lacks "--by" \
    --out-lacks "--targets" -- complete_line pollsupport --c
ok "only options starting --c" sh -c "! grep -v '^--c' '$T_OUT'"
t "--by offers the input's columns" --out-has "vote2024" -- complete_line pollsupport "$TMP/w.csv" --by v
ok "--by offers nothing else" test "$(cat "$T_OUT")" = vote2024
CWORD=2 t "--questions completes after a comma, the file named later" --out-has "q_one,sex" -- \
    complete_line pollsupport --questions q_one,s "$TMP/w.csv"
t "--ci offers its values" --out-has "wilson" -- complete_line pollsupport --ci w
t "uninstall from the manifest" -- sh -c "cd '$POLLKIT_BIN' && xargs rm -f <install_manifest.txt"
ok "nothing left in bin" test -z "$(ls -A "$prefix/bin")"
ok "no page left" test -z "$(find "$prefix/share/man" "$prefix/share/doc" -type f 2>/dev/null)"
finish
