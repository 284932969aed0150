#!/usr/bin/env bash
# The one-million-respondent benchmark (run by hand; prints a table).
# Generates N respondents (default 1,000,000) with pollsynth, then times each
# program, the whole pipeline as one shell pipe, the floors over the same
# bytes (cat, and a bare libcsv parse that only counts fields: csvcount),
# and peers when installed: miller's and datamash's plain group count, and
# R's survey doing rake + svyby on the first 100,000 respondents
# (tests/bench/r_pipeline.R). Then the ratios docs/performance.md quotes:
# each program against the floor of its own input, pollsupport with 999
# groups in one --by column against 10, and, when R's haven is installed to
# write it, pollclean on the same data as an SPSS file against CSV and
# against a bare ReadStat parse (statcount; with --no-convert, without
# ReadStat's iconv of every string, as pollclean reads a UTF-8 file).
# Each command runs ROUNDS times (default 3; R's once) and its fastest run
# is reported: on a shared machine one slow run says more about the
# neighbours than about the program, and the ratios compare best with best.
# Usage: tests/bench/pipeline.sh [N]     (BUILD=dir to use another build;
#        ROUNDS=k to run each command k times)
set -euo pipefail
n=${1:-1000000}
. "$(dirname "$0")/lib.sh"
data=$top/data
T=/usr/bin/time

# run LABEL ROWS CMD...: time one command, $rounds times (`rounds=1 run
# ...` runs it once); prints a table row for its fastest run. Its wall seconds are kept in secs[LABEL] and its CPU seconds
# (user + system) in cpu[LABEL] for the ratios: on a machine shared with
# other work, CPU time moves less than wall time.
rounds=${ROUNDS:-3}
declare -A secs cpu
run() {
    local label=$1 rows=$2
    shift 2
    local s kb u sy i best="" bs bkb bcpu
    for ((i = 0; i < rounds; i++)); do
        "$T" -f '%e %M %U %S' -o "$work/time" "$@" >/dev/null 2>"$work/err" || {
            echo "$label failed:" >&2
            cat "$work/err" >&2
            exit 1
        }
        read -r s kb u sy <"$work/time"
        if [ -z "$best" ] || awk -v a="$s" -v b="$bs" 'BEGIN { exit !(a < b) }'; then
            best=1 bs=$s bkb=$kb
            bcpu=$(awk -v u="$u" -v s="$sy" 'BEGIN { printf "%.2f", u + s }')
        fi
    done
    s=$bs kb=$bkb
    secs[$label]=$s
    cpu[$label]=$bcpu
    awk -v l="$label" -v s="$s" -v k="$kb" -v r="$rows" -v c="${cpu[$label]}" 'BEGIN {
        rate = s > 0 ? r / s : 0
        printf "%-34s %8.2f s %8.2f s %12.0f rows/s %9.1f MB\n", l, s, c, rate, k / 1024 }'
}

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(sed -n 's/^model name\t: //p' /proc/cpuinfo | head -1)"
echo "generating $n respondents with pollsynth..."
rounds=1 run "pollsynth --n $n" "$n" pollsynth --n "$n" --seed 7 -o "$work/raw.csv"
pollclean --codebook "$data/codebook.csv" -o "$work/clean.csv" "$work/raw.csv" 2>/dev/null
pollweight --targets "$data/targets.csv" --missing keep -o "$work/weighted.csv" "$work/clean.csv" 2>/dev/null
rows=$(($(wc -l <"$work/clean.csv") - 1))
echo "raw export: $(du -m "$work/raw.csv" | cut -f1) MB; clean: $rows respondents, $(du -m "$work/clean.csv" | cut -f1) MB"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-34s %10s %10s %19s %12s\n' step wall CPU rate "peak RSS"
run "floor: cat raw" "$n" cat "$work/raw.csv"
run "floor: bare libcsv parse, raw" "$n" csvcount "$work/raw.csv"
run "pollclean" "$n" pollclean --codebook "$data/codebook.csv" "$work/raw.csv"
run "floor: bare libcsv parse, clean" "$rows" csvcount "$work/clean.csv"
run "pollweight (rake, 5 margins)" "$rows" pollweight --targets "$data/targets.csv" --missing keep "$work/clean.csv"
run "floor: bare libcsv parse, weighted" "$rows" csvcount "$work/weighted.csv"
run "pollsupport (7 q x vote2024)" "$rows" pollsupport --codebook "$data/codebook.csv" --by vote2024 "$work/weighted.csv"
pollsupport --codebook "$data/codebook.csv" --by vote2024 --combine left=lab+grn -o "$work/support.csv" "$work/weighted.csv" 2>/dev/null
run "pollplot" "$rows" pollplot --image "$work/chart.png" "$work/support.csv"
run "pollclaim" "$rows" pollclaim --claims "$data/claims.txt" "$work/support.csv"
run "whole pipeline (one pipe)" "$n" bash -c "set -o pipefail; pollclean --codebook '$data/codebook.csv' '$work/raw.csv' 2>/dev/null \
    | pollweight --targets '$data/targets.csv' --missing keep 2>/dev/null \
    | pollsupport --codebook '$data/codebook.csv' --by vote2024 --combine left=lab+grn 2>/dev/null | tee '$work/s.csv' | pollplot --image '$work/c.png' >/dev/null \
    && pollclaim --claims '$data/claims.txt' '$work/s.csv'"
echo "(the pipe's peak RSS is the largest single process; see each step above)"
col=$(head -n 1 "$work/weighted.csv" | tr ',' '\n' | grep -n '^vote2024$' | cut -d: -f1)
if command -v mlr >/dev/null; then
    run "peer: mlr count -g vote2024" "$rows" mlr --icsv --ocsv count -g vote2024 "$work/weighted.csv"
fi
if command -v datamash >/dev/null; then
    run "peer: datamash -s groupby count" "$rows" datamash -t, --header-in -s groupby "$col" count "$col" <"$work/weighted.csv"
fi
if command -v Rscript >/dev/null && Rscript -e 'library(survey)' >/dev/null 2>&1; then
    head -n 100001 "$work/clean.csv" >"$work/clean100k.csv"
    rounds=1 run "R survey: rake+svyby, 100k rows" 100000 Rscript "$top/tests/bench/r_pipeline.R" "$work/clean100k.csv" "$data/targets.csv"
    run "pollweight+pollsupport, 100k rows" 100000 bash -c "pollweight --targets '$data/targets.csv' --missing keep '$work/clean100k.csv' 2>/dev/null | pollsupport --codebook '$data/codebook.csv' --by vote2024 2>/dev/null"
fi

# --- ratios ---------------------------------------------------------------
ratio() {   # ratio LABEL NUMERATOR DENOMINATOR: wall against wall, CPU against CPU
    awk -v l="$1" -v a="${secs[$2]}" -v b="${secs[$3]}" -v c="${cpu[$2]}" -v d="${cpu[$3]}" 'BEGIN {
        printf "%-52s %6.2fx %6.2fx\n", l, a / (b > 0.005 ? b : 0.005), c / (d > 0.005 ? d : 0.005) }'
}
awk -F, 'NR == 1 { print $0 ",g10,g999"; next } { print $0 "," (NR % 10) "," (NR % 999) }' "$work/weighted.csv" >"$work/groups.csv"
run "pollsupport --by g10 (10 groups)" "$rows" pollsupport --codebook "$data/codebook.csv" --by g10 "$work/groups.csv"
run "pollsupport --by g999 (999 groups)" "$rows" pollsupport --codebook "$data/codebook.csv" --by g999 "$work/groups.csv"
rm -f "$work/groups.csv"
sav=""
if command -v Rscript >/dev/null && Rscript -e 'library(haven)' >/dev/null 2>&1; then
    # The same raw export as an SPSS file (answers as labelled values), and
    # the CSV R writes from the same data frame, so both hold the same data.
    LC_ALL=C.UTF-8 Rscript "$top/tests/bench/csv_to_sav.R" "$work/raw.csv" "$work/raw.sav" "$work/raw_r.csv" >/dev/null 2>&1 &&
        sed 's/^duration,duration,Duration (in seconds),/duration,duration,Duration__in_seconds_,/' \
            "$data/codebook.csv" >"$work/codebook_sav.csv" && sav=1
fi
if [ -n "$sav" ]; then
    run "floor: bare ReadStat parse, raw .sav" "$n" statcount "$work/raw.sav"
    run "floor: ReadStat, no iconv (as read)" "$n" statcount --no-convert "$work/raw.sav"
    run "floor: bare libcsv parse, raw (R's CSV)" "$n" csvcount "$work/raw_r.csv"
    run "pollclean, .sav" "$n" pollclean --codebook "$work/codebook_sav.csv" "$work/raw.sav"
    run "pollclean, the same data as CSV" "$n" pollclean --codebook "$work/codebook_sav.csv" "$work/raw_r.csv"
fi
echo
echo "ratios (wall against wall, then CPU against CPU):"
ratio "pollclean / bare libcsv parse of its input" pollclean "floor: bare libcsv parse, raw"
ratio "pollweight / bare libcsv parse of its input" "pollweight (rake, 5 margins)" "floor: bare libcsv parse, clean"
ratio "pollsupport / bare libcsv parse of its input" "pollsupport (7 q x vote2024)" "floor: bare libcsv parse, weighted"
ratio "pollsupport, 999 groups / 10 groups" "pollsupport --by g999 (999 groups)" "pollsupport --by g10 (10 groups)"
if [ -n "$sav" ]; then
    ratio "pollclean .sav / pollclean on the same data as CSV" "pollclean, .sav" "pollclean, the same data as CSV"
    ratio "pollclean .sav / bare ReadStat parse" "pollclean, .sav" "floor: bare ReadStat parse, raw .sav"
    ratio "pollclean .sav / ReadStat parse without iconv" "pollclean, .sav" "floor: ReadStat, no iconv (as read)"
    ratio "ReadStat parse without iconv / libcsv, same data" "floor: ReadStat, no iconv (as read)" "floor: bare libcsv parse, raw (R's CSV)"
else
    echo "(the .sav rows need R's haven to write the file: skipped)"
fi
echo "whole pipeline: ${secs[whole pipeline (one pipe)]} s wall, ${cpu[whole pipeline (one pipe)]} s CPU"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
