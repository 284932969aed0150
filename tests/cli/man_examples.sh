#!/usr/bin/env bash
# Every command of every manual page's EXAMPLES section runs, as a reader
# would copy it from `man`: the page is rendered with groff, and in its
# EXAMPLES section each line starting with "$ " is a command (continued on
# the next line after a trailing backslash, | or &&); the other lines are what it
# prints, shown, not compared. A command exits 0 unless it ends with the
# comment "# exit status N". The commands of one page run in order, in a
# fresh directory holding a copy of the sample data in data/ (as in the
# source tree, where the pages say to run them), so that an example may use
# the files an earlier one wrote.
#   bash tests/cli/man_examples.sh [PAGE...]   (default: every page of man/)
. "$(dirname "$0")/lib/harness.sh"

pages=("$@")
[ ${#pages[@]} -gt 0 ] || pages=("$SRC"/man/*.[157])

# commands PAGE: the page's example commands, each ending with a NUL byte.
commands() {
    groff -man -Tutf8 -P-cbou -rLL=200n "$1" | awk '
        /^[A-Z]/ { on = ($0 == "EXAMPLES"); next }
        !on { next }
        cont { sub(/^ +/, "    "); cmd = cmd "\n" $0; cont = /(\\|\||&&)$/; if (!cont) printf "%s%c", cmd, 0; next }
        /^ +\$ / { sub(/^ +\$ /, ""); cmd = $0; cont = /(\\|\||&&)$/; if (!cont) printf "%s%c", cmd, 0 }'
}

for page in "${pages[@]}"; do
    name=$(basename "$page")
    dir=$TMP/${name//./_}
    mkdir "$dir"
    cp -r "$DATA" "$dir/data"
    n=0
    while IFS= read -r -d '' cmd; do
        n=$((n + 1))
        status=0
        if [[ $cmd =~ \#\ exit\ status\ ([0-9]+)$ ]]; then
            status=${BASH_REMATCH[1]}
        fi
        t "$name example $n: ${cmd%%$'\n'*}" --status "$status" -- \
            bash -c 'cd "$1" && set -o pipefail && eval "$2"' _ "$dir" "$cmd"
    done < <(commands "$page")
    ok "$name has examples" test "$n" -gt 0
done
finish
