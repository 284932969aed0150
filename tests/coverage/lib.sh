# What the coverage studies (coverage.sh, coverage_waves.sh) share: top
# (the source tree), bin (the programs: $POLLKIT_BIN, else build/), and
# after coverage_start NAME, work (a scratch directory removed at exit).
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
bin=${POLLKIT_BIN:-$top/build}

# coverage_start NAME: the programs are built (else NAME says which is
# not and exits), numbers in the C locale, a scratch directory.
coverage_start() {
    local p
    for p in pollsynth pollweight pollsupport; do
        [ -x "$bin/$p" ] || { echo "$1: $bin/$p is not built (set POLLKIT_BIN)" >&2; exit 1; }
    done
    export LC_ALL=C
    work=$(mktemp -d "${TMPDIR:-/tmp}/pollkit-$1.XXXXXX")
    trap 'rm -rf "$work"' EXIT
}

# support_table VARIANT INPUT OPTION...: pollsupport's table of INPUT, as
# TSV (the codebook's labels hold commas), in $work/sup.tsv, with the
# sample's codebook, the OPTIONs and the variant's own options (the array
# opts_VARIANT).
support_table() {
    local variant=$1 input=$2
    shift 2
    declare -n extra="opts_$variant"
    "$bin/pollsupport" --codebook "$top/data/codebook.csv" --format tsv "$@" ${extra[@]+"${extra[@]}"} \
        "$input" 2>/dev/null >"$work/sup.tsv"
}

# The start of an awk program joining a truth file (CSV, its name holding
# "truth") with a table (TSV): each file's columns by name, c[FILENAME,
# NAME], and f(NAME), the current record's field in the column NAME.
columns='
    FNR == 1 {
        FS = FILENAME ~ /truth/ ? "," : "\t"
        $0 = $0
        for (i = 1; i <= NF; i++) c[FILENAME, $i] = i
        next
    }
    function f(name) { return $(c[FILENAME, name]) }
'
