#!/usr/bin/env bash
# Benchmark (run by hand; prints figures, not a test): time and peak memory
# of pollweight raking 1,000,000 respondents from `pollsynth --clean` to the
# five margins of data/targets.csv (--missing keep), whole process, reading
# and writing CSV included; then, when R with the survey package is
# installed, the same work in R on the first 100,000 of them (read.csv,
# svydesign, rake with pollweight's control (docs/methods.md), weights scaled to mean 1, write.csv),
# and pollweight on the same 100,000 for a like-for-like ratio. Before R:
# the bare libcsv parse of the same million (csvcount, its floor) and
# pollweight's ratio to it, and pollweight reading the million from a pipe
# (its records then copied to a temporary file, as in the pipeline, where
# from a file they are read again).
# R's rake() cannot leave the vote2024 don't-knows out of that margin, so
# in R they are a category of their own whose target is their sample share
# (the other shares scaled to the rest): the same number of margins,
# categories and passes.
# Usage: tests/bench/pollweight.sh [N]     (BUILD=dir to use another build)
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
n=${1:-1000000}
nr=100000
build=${BUILD:-$top/build-bench-weight}
cmake -S "$top" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" -j2 --target pollweight pollsynth csvcount >/dev/null
export LC_ALL=C
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
targets=$top/data/targets.csv

echo "machine: $(nproc) cores, $(sed -n 's/^model name\t: //p' /proc/cpuinfo | head -1), load $(cut -d' ' -f1-3 /proc/loadavg)"
# --n counts raw records, defective ones included: ask for enough that the
# clean microdata has n respondents, and keep the first n.
"$build/pollsynth" --clean --n $((n + n / 5)) --seed 7 -o "$work/all.csv"
head -n $((n + 1)) "$work/all.csv" >"$work/clean.csv"
rm "$work/all.csv"
rows=$(($(wc -l <"$work/clean.csv") - 1))
echo "input: $rows respondents (pollsynth --clean --seed 7), $(du -m "$work/clean.csv" | cut -f1) MB"

/usr/bin/time -o "$work/time" -f '%e s %M KB (user %U s, sys %S s)' "$build/pollweight" --targets "$targets" \
    --missing keep -o "$work/weighted.csv" "$work/clean.csv" 2>"$work/err"
read -r big_s big_cpu < <(awk '{ print $1, $6 + $9 }' "$work/time")
echo "pollweight rake, 5 margins, $rows respondents: $(cat "$work/time")"
sed 's/^/  /' "$work/err"
/usr/bin/time -o "$work/time" -f '%e s %M KB (user %U s, sys %S s)' "$build/csvcount" "$work/clean.csv" >/dev/null
read -r floor_s floor_cpu < <(awk '{ print $1, $6 + $9 }' "$work/time")
echo "floor: bare libcsv parse (csvcount), $rows respondents: $(cat "$work/time")"
echo "pollweight / its floor: $(awk -v a="$big_s" -v b="$floor_s" 'BEGIN { printf "%.2f", a / b }') x wall," \
    "$(awk -v a="$big_cpu" -v b="$floor_cpu" 'BEGIN { printf "%.2f", a / b }') x CPU (goal: 2 x)"
/usr/bin/time -o "$work/time" -f '%e s %M KB (user %U s, sys %S s)' bash -c "cat '$work/clean.csv' | '$build/pollweight' \
    --targets '$targets' --missing keep -o '$work/weighted_pipe.csv' 2>/dev/null"
echo "pollweight from a pipe (cat included), $rows respondents: $(cat "$work/time")"
cmp -s "$work/weighted.csv" "$work/weighted_pipe.csv" || { echo "a pipe gave other weights than the file"; exit 1; }
rm "$work/weighted_pipe.csv"

head -n $((nr + 1)) "$work/clean.csv" >"$work/clean_100k.csv"
/usr/bin/time -o "$work/time" -f '%e s %M KB (user %U s, sys %S s)' "$build/pollweight" --targets "$targets" \
    --missing keep -o "$work/weighted_100k.csv" "$work/clean_100k.csv" 2>/dev/null
read -r small_s small_cpu < <(awk '{ print $1, $6 + $9 }' "$work/time")
echo "pollweight rake, 5 margins, $nr respondents: $(cat "$work/time")"

if ! command -v Rscript >/dev/null || ! Rscript -e 'suppressMessages(library(survey))' >/dev/null 2>&1; then
    echo "R with the survey package is not installed: no comparison"
    exit 0
fi
cat >"$work/rake.R" <<'EOF'
suppressPackageStartupMessages(library(survey))
args <- commandArgs(TRUE)
d <- read.csv(args[1], colClasses = "character", na.strings = "")
tg <- read.csv(args[2], colClasses = c("character", "character", "numeric", "character"))
vars <- unique(tg$variable)
pop <- lapply(vars, function(v) {
  t <- tg[tg$variable == v, ]
  x <- d[[v]]
  share <- setNames(t$target, t$category)
  if (anyNA(x)) {
    dk <- mean(is.na(x))
    x[is.na(x)] <- "(none)"
    d[[v]] <<- x
    share <- c(share * (1 - dk), "(none)" = dk)
  }
  df <- data.frame(names(share), share * nrow(d))
  names(df) <- c(v, "Freq")
  df
})
for (v in vars) d[[v]] <- factor(d[[v]], levels = pop[[match(v, vars)]][[1]])
d$w0 <- 1
des <- svydesign(ids = ~1, weights = ~w0, data = d)
r <- rake(des, lapply(vars, function(v) as.formula(paste("~", v))), pop,
          control = list(maxit = 1000, epsilon = 1e-10))
d$weight <- weights(r) / mean(weights(r))
d$w0 <- NULL
write.csv(d, args[3], row.names = FALSE, na = "")
EOF
/usr/bin/time -o "$work/time" -f '%e s %M KB (user %U s, sys %S s)' Rscript "$work/rake.R" "$work/clean_100k.csv" "$targets" \
    "$work/r_100k.csv" 2>"$work/rerr" || { cat "$work/rerr"; exit 1; }
read -r r_s r_cpu < <(awk '{ print $1, $6 + $9 }' "$work/time")
echo "R survey rake(), 5 margins, $nr respondents: $(cat "$work/time")"
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", a / (b > 0 ? b : 0.01) }'; }
echo "speed-up, same $nr respondents: $(ratio "$r_s" "$small_s") x wall, $(ratio "$r_cpu" "$small_cpu") x CPU"
per_r=$(awk -v t="$r_s" -v n="$nr" 'BEGIN { print t / n }')
per_r_cpu=$(awk -v t="$r_cpu" -v n="$nr" 'BEGIN { print t / n }')
per_w=$(awk -v t="$big_s" -v n="$rows" 'BEGIN { print t / n }')
per_w_cpu=$(awk -v t="$big_cpu" -v n="$rows" 'BEGIN { print t / n }')
echo "speed-up per respondent, pollweight on $rows vs R on $nr: $(ratio "$per_r" "$per_w") x wall," \
    "$(ratio "$per_r_cpu" "$per_w_cpu") x CPU (goal: 50 x)"
