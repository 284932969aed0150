# End-to-end test harness, sourced by every tests/cli/*.sh script.
#
# A case runs one command and checks its exit status, standard output and
# standard error, in the spirit of GNU datamash's test tables:
#
#   t NAME [--in FILE] [--status N] [--out FILE] [--out-has TEXT]...
#          [--out-lacks TEXT]... [--err-has TEXT]... [--err-is TEXT]
#          [--err-empty] -- CMD ARGS...
#
#   --in FILE       standard input (default: /dev/null)
#   --status N      expected exit status (default 0)
#   --out FILE      standard output must equal FILE byte for byte
#   --out-has T     standard output must contain the text T
#   --out-lacks T   standard output must not contain T
#   --err-has T     standard error must contain T
#   --err-is T      standard error must be exactly the lines of T
#   --err-empty     standard error must be empty
#
# A usage error is checked whole, message and hint, with nothing on
# standard output and exit status 2:
#
#   usage NAME 'MESSAGE' -- PROG ARGS...
#       standard error must be exactly "PROG: MESSAGE" and "Try 'PROG --help'."
#
# After a case, $T_OUT and $T_ERR name files holding what it printed, for
# further checks with `ok NAME COMMAND...` (passes when COMMAND exits 0).
# Every script ends with `finish`, which prints "N passed, N failed" and
# fails when any case failed or none ran. Programs run under LC_ALL=C from
# $POLLKIT_BIN (the build directory); $SRC is the source tree and $TMP a
# scratch directory removed at exit.
set -u
: "${POLLKIT_BIN:?set POLLKIT_BIN to the build directory}"
: "${POLLKIT_SRC:?set POLLKIT_SRC to the source directory}"
export LC_ALL=C
export PATH="$POLLKIT_BIN:$PATH"
SRC=$POLLKIT_SRC
DATA=$SRC/data
FIX=$SRC/tests/fixtures
TMP=$(mktemp -d "${TMPDIR:-/tmp}/pollkit-test.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
T_OUT=$TMP/.out
T_ERR=$TMP/.err
: >"$TMP/.empty"
_pass=0
_fail=0

_bad() {
    echo "FAIL: $_name: $*"
    _ok=0
}

t() {
    _name=$1
    shift
    local in=/dev/null status=0 out="" err_empty=0 err_is="" has_err_is=0
    local -a has=() lacks=() errhas=()
    while [ $# -gt 0 ]; do
        case $1 in
            --in) in=$2; shift 2 ;;
            --status) status=$2; shift 2 ;;
            --out) out=$2; shift 2 ;;
            --out-has) has+=("$2"); shift 2 ;;
            --out-lacks) lacks+=("$2"); shift 2 ;;
            --err-has) errhas+=("$2"); shift 2 ;;
            --err-is) err_is=$2; has_err_is=1; shift 2 ;;
            --err-empty) err_empty=1; shift ;;
            --) shift; break ;;
            *) echo "harness: unknown option $1 in case '$_name'"; exit 2 ;;
        esac
    done
    _ok=1
    local rc=0
    "$@" <"$in" >"$T_OUT" 2>"$T_ERR" || rc=$?
    [ "$rc" = "$status" ] || _bad "exit status $rc, expected $status"
    if [ -n "$out" ] && ! cmp -s "$out" "$T_OUT"; then
        _bad "standard output differs from $out:"
        diff "$out" "$T_OUT" | head -20
    fi
    local s
    for s in ${has[@]+"${has[@]}"}; do
        grep -qF -- "$s" "$T_OUT" || _bad "standard output lacks '$s'"
    done
    for s in ${lacks[@]+"${lacks[@]}"}; do
        grep -qF -- "$s" "$T_OUT" && _bad "standard output has '$s'"
    done
    for s in ${errhas[@]+"${errhas[@]}"}; do
        grep -qF -- "$s" "$T_ERR" || _bad "standard error lacks '$s'"
    done
    if [ "$has_err_is" = 1 ] && ! printf '%s\n' "$err_is" | cmp -s - "$T_ERR"; then
        _bad "standard error is not exactly as expected:"
        printf '%s\n' "$err_is" | diff - "$T_ERR" | head -20
    fi
    if [ "$err_empty" = 1 ] && [ -s "$T_ERR" ]; then
        _bad "standard error is not empty"
    fi
    if [ "$_ok" = 1 ]; then
        _pass=$((_pass + 1))
    else
        _fail=$((_fail + 1))
        echo "  command: $*"
        echo "  stderr: $(head -c 600 "$T_ERR")"
    fi
}

usage() {
    local name=$1 message=$2
    shift 2
    [ "$1" = -- ] && shift
    local prog=$1
    t "$name" --status 2 --out "$TMP/.empty" --err-is "$prog: $message
Try '$prog --help'." -- "$@"
}

ok() {
    _name=$1
    shift
    if "$@"; then
        _pass=$((_pass + 1))
    else
        _fail=$((_fail + 1))
        echo "FAIL: $_name: $*"
    fi
}

finish() {
    echo "$_pass passed, $_fail failed"
    [ "$_fail" = 0 ] && [ "$_pass" -gt 0 ]
}
