#!/usr/bin/env bash
# Derive a corpus of damaged SPSS and Stata files from good ones:
#   make_statfile_corpus.sh OUTDIR FILE...
# For each FILE, deterministically:
#   - truncations: at the first 1, 2, 3, 4, 8, 16, 32, 64 and 128 bytes,
#     and at 1/8, 2/8, ... 7/8 of the file, and one byte short of the end;
#   - byte flips (one byte XORed with 0xFF, 0x80 or 0x01): in the header,
#     at offsets 0-3 (the magic), 8, 64, 72, 80, 92, 160 and 176, where
#     the SPSS and Stata headers keep counts, sizes and the byte order;
#     and in the body, at k/16 of the file for k = 4..15 and 8 bytes from
#     the end.
# ReadStat, which parses these files, is not instrumented in Debian, so a
# fuzzer would be blind inside it; replaying a fixed corpus under the
# sanitizers (tests/cli/statfile_corrupt.sh) is the test.
set -euo pipefail
out=$1
shift
mkdir -p "$out"
n=0
for f in "$@"; do
    base=$(basename "$f")
    size=$(stat -c %s "$f")
    offs="1 2 3 4 8 16 32 64 128"
    for k in 1 2 3 4 5 6 7; do offs="$offs $((size * k / 8))"; done
    offs="$offs $((size - 1))"
    for o in $offs; do
        [ "$o" -lt "$size" ] || continue
        head -c "$o" "$f" >"$out/$base.cut$o"
        n=$((n + 1))
    done
    flips="0 1 2 3 8 64 72 80 92 160 176"
    for k in 4 5 6 7 8 9 10 11 12 13 14 15; do flips="$flips $((size * k / 16))"; done
    flips="$flips $((size - 8))"
    i=0
    for o in $flips; do
        [ "$o" -lt "$size" ] || continue
        case $((i % 3)) in 0) mask=255 ;; 1) mask=128 ;; *) mask=1 ;; esac
        i=$((i + 1))
        byte=$(od -An -tu1 -j "$o" -N1 "$f" | tr -d ' ')
        {
            head -c "$o" "$f"
            printf "\\$(printf '%03o' $((byte ^ mask)))"
            tail -c +$((o + 2)) "$f"
        } >"$out/$base.flip$o"
        n=$((n + 1))
    done
done
echo "$n damaged files in $out"
