#!/usr/bin/env bash
# No two files of tools/lib and tools/cli call each other, directly or
# round a longer loop: the call graph between files, made from the symbols
# each object file defines and the ones it needs (nm), has no cycle. A
# cycle means neither file can be read, tested or moved without the other;
# the fix is to move what both need into the lower one (or a helper both
# include). The checker is first shown a cycle it must find.
. "$(dirname "$0")/lib/harness.sh"

# "FROM TO SYMBOL" for every call (or use of data) from one object file to
# a symbol another defines; a file is named by its source's base name.
edges() {
    local o f
    for o in "$@"; do
        f=$(basename "$o" .o)
        f=${f%.c}
        nm -g --defined-only "$o" | awk -v f="$f" 'NF == 3 { print "D", $3, f }'
        nm -u "$o" | awk -v f="$f" '{ print "U", $NF, f }'
    done | awk 'BEGIN { n = 0 }
                $1 == "D" { def[$2] = $3; next }
                { sym[n] = $2; from[n] = $3; n++ }
                END { for (i = 0; i < n; i++)
                          if ((sym[i] in def) && def[sym[i]] != from[i])
                              print from[i], def[sym[i]], sym[i] }' | sort -u
}

# Passes when the files' graph has no cycle; else prints the loop tsort
# found and the calls that make it.
acyclic() {
    edges "$@" >"$TMP/calls"
    cut -d' ' -f1,2 "$TMP/calls" | sort -u >"$TMP/graph"
    if tsort "$TMP/graph" >/dev/null 2>"$TMP/loop"; then
        return 0
    fi
    sed 's/^tsort: //' "$TMP/loop" | grep -v '^-\|input contains a loop' | sort -u >"$TMP/files"
    echo "a cycle between files:"
    awk 'NR == FNR { in_loop[$1] = 1; next }
         ($1 in in_loop) && ($2 in in_loop) { print "  " $1 " calls " $2 ": " $3 }' \
        "$TMP/files" "$TMP/calls"
    return 1
}

# The checker finds a cycle when there is one: a.c and b.c each call the
# other (through c.c for one of the two calls, a loop of three).
mkdir "$TMP/loop3"
printf 'int b_f(void);\nint a_f(void) { return b_f(); }\n' >"$TMP/loop3/a.c"
printf 'int c_f(void);\nint b_f(void) { return c_f(); }\n' >"$TMP/loop3/b.c"
printf 'int a_f(void);\nint c_f(void) { return a_f() + 1; }\n' >"$TMP/loop3/c.c"
printf 'int a_f(void);\nint d_f(void) { return a_f(); }\n' >"$TMP/loop3/d.c"
for f in a b c d; do
    "${CC:-cc}" -c -o "$TMP/loop3/$f.c.o" "$TMP/loop3/$f.c"
done
if acyclic "$TMP"/loop3/*.o >"$TMP/found"; then found=no; else found=yes; fi
ok "a loop of three files is found" test "$found" = yes
printf '%s\n' "a cycle between files:" "  a calls b: b_f" "  b calls c: c_f" "  c calls a: a_f" >"$TMP/want"
ok "the loop's calls are named, the file outside it is not" diff "$TMP/want" "$TMP/found"

objs=("$POLLKIT_BIN"/CMakeFiles/pollcore.dir/tools/lib/*.o "$POLLKIT_BIN"/CMakeFiles/pollcli.dir/tools/cli/*.o)
# The graph is the real one, not empty: calls known to exist are in it.
edges "${objs[@]}" >"$TMP/all"
for call in "options cli pk_die" "cli csvio" "weight_sample targets" "claim_eval estimate"; do
    ok "the graph has: $call" grep -q "^$call" "$TMP/all"
done
ok "no cycle between the files of tools/lib and tools/cli" acyclic "${objs[@]}"
finish
