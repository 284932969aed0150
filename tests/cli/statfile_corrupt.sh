#!/usr/bin/env bash
# Damaged SPSS and Stata files (tests/fuzz/make_statfile_corpus.sh derives
# them from the fixtures: truncations, byte flips in the header and the
# data): the reader replays them in process (replay_statfile, under the
# sanitizers in the ASan build), and pollclean reads each one: it exits 0
# or 1, never crashes, and a failure names the file; so does pollcodebook,
# and pollclean accepts every draft it writes.
. "$(dirname "$0")/lib/harness.sh"
F=$FIX/statfile
"$SRC/tests/fuzz/make_statfile_corpus.sh" "$TMP/corpus" "$F"/poll.sav "$F"/poll.zsav "$F"/poll.dta \
    "$F"/poll_old.dta >/dev/null
n=$(ls "$TMP/corpus" | wc -l)
ok "the corpus has damaged files ($n)" test "$n" -ge 150
t "replayed in process" --out-has "replayed $n inputs" -- "$POLLKIT_BIN/replay_statfile" "$TMP/corpus"

bad=0 failed=0
for f in "$TMP/corpus"/*; do
    rc=0
    pollclean -q --codebook "$F/codebook.csv" -o "$TMP/out.csv" "$f" 2>"$TMP/err" || rc=$?
    case $rc in
        0) ;;
        1)
            failed=$((failed + 1))
            # The message names the file (or the codebook, for a column
            # a damaged file lost).
            if ! grep -q "^pollclean: \($f\|$F/codebook.csv\)" "$TMP/err"; then
                echo "FAIL: $f: message does not name the file: $(head -c 300 "$TMP/err")"
                bad=$((bad + 1))
            fi
            ;;
        *)
            echo "FAIL: $f: exit status $rc: $(head -c 600 "$TMP/err")"
            bad=$((bad + 1))
            ;;
    esac
done
ok "pollclean: every damaged file read or refused cleanly" test "$bad" -eq 0

# pollcodebook likewise.
bad=0
for f in "$TMP/corpus"/*; do
    rc=0
    pollcodebook -q -o "$TMP/draft.csv" "$f" 2>"$TMP/err" || rc=$?
    case $rc in
        0) pollclean -q --codebook "$TMP/draft.csv" -o /dev/null "$f" 2>"$TMP/err2" || {
               # A draft pollclean refuses must be refused for the file's sake.
               grep -q "^pollclean: $f" "$TMP/err2" || {
                   echo "FAIL: $f: pollclean refuses the draft: $(head -c 300 "$TMP/err2")"
                   bad=$((bad + 1))
               }
           } ;;
        1) grep -q "^pollcodebook: $f" "$TMP/err" || {
               echo "FAIL: $f: message does not name the file: $(head -c 300 "$TMP/err")"
               bad=$((bad + 1))
           } ;;
        *) echo "FAIL: $f: exit status $rc: $(head -c 600 "$TMP/err")"
           bad=$((bad + 1)) ;;
    esac
done
ok "pollcodebook: every damaged file drafted or refused cleanly, and its drafts accepted" test "$bad" -eq 0
ok "pollclean: most damaged files refused ($failed of $n)" test "$failed" -ge $((n / 2))
# A truncated file is refused, or (cut only in its trailer) read whole:
# never read as a shorter survey.
for f in "$TMP/corpus"/*.cut*; do
    if pollclean -q --codebook "$F/codebook.csv" -o "$TMP/out.csv" "$f" 2>/dev/null &&
        ! cmp -s "$TMP/out.csv" "$F/expected.csv"; then
        echo "shorter: $f"
    fi
done >"$TMP/shorter"
ok "no truncated file read as a shorter survey" test ! -s "$TMP/shorter"

finish
