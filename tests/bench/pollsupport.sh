#!/usr/bin/env bash
# pollsupport's benchmark: time and peak memory for 1,000,000 respondents x
# 7 proposals x 8 groups (--by age_band,sex,edu: 4 + 2 + 2 groups, plus All),
# and for --by vote2024 (9 groups); the same rows as a stratified and
# clustered sample (--strata, --psu) against weights only; then, when R with the survey package is
# installed, pollweight + pollsupport against R's rake + svyby on the same
# 100,000-respondent file, whole processes (R's time includes starting R and
# reading the CSV, as a user would run it).
#
#   tests/bench/pollsupport.sh            (POLLKIT_BIN: the build directory)
#
# The data come from pollsynth --clean, weighted by pollweight; without
# them, an awk generator writes a weighted file of the same shape.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
bin=${POLLKIT_BIN:-$top/build}
export LC_ALL=C
[ -x "$bin/pollsupport" ] || { echo "bench: $bin/pollsupport is not built" >&2; exit 1; }
work=$(mktemp -d "${TMPDIR:-/tmp}/pollkit-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
timeit() { /usr/bin/time -f '%e s %M KB' -o "$work/time" "$@"; cat "$work/time"; }

# make_weighted ROWS FILE: ROWS weighted respondents (no missing vote2024
# when NOVOTEGAP=1, so R's rake can use the file).
make_weighted() {
    local rows=$1 out=$2
    if [ -x "$bin/pollsynth" ] && [ -x "$bin/pollweight" ]; then
        # pollsynth --clean keeps ~87% of its records; ask for enough.
        "$bin/pollsynth" --clean --seed 99 --n $((rows * 125 / 100)) -o "$work/synth.csv"
        awk -F, -v rows="$rows" -v novote="${NOVOTEGAP:-0}" '
            NR == 1 { for (i = 1; i <= NF; i++) if ($i == "vote2024") v = i; print; next }
            novote && $v == "" { next }
            { print; if (++n == rows) exit }' "$work/synth.csv" >"$work/clean.csv"
        rm -f "$work/synth.csv"
        [ "$(wc -l <"$work/clean.csv")" -eq $((rows + 1)) ] || { echo "bench: too few rows" >&2; exit 1; }
        "$bin/pollweight" --targets "$top/data/targets.csv" --missing keep -o "$out" \
            "$work/clean.csv" 2>/dev/null
    else
        echo "bench: pollsynth/pollweight not built; generating with awk" >&2
        awk -v rows="$rows" 'BEGIN {
            srand(7); split("strongly_support tend_support neither tend_oppose strongly_oppose dont_know", r, " ")
            split("18-24 25-49 50-64 65+", a, " "); split("con lab ld ref grn snp pc other did_not_vote", v, " ")
            printf "id,age_band,sex,edu,vote2024"
            for (q = 1; q <= 7; q++) printf ",q_%d", q
            print ",weight"
            for (i = 1; i <= rows; i++) {
                printf "%d,%s,%s,%s,%s", i, a[int(rand() * 4) + 1], rand() < .5 ? "male" : "female",
                    rand() < .4 ? "degree" : "no_degree", v[int(rand() * 9) + 1]
                for (q = 1; q <= 7; q++) printf ",%s", r[int(rand() * 6) + 1]
                printf ",%.15g\n", 0.2 + 2 * rand()
            }}' >"$out"
    fi
}

echo "== 1,000,000 respondents x 7 proposals"
make_weighted 1000000 "$work/w1m.csv"
ls -l "$work/w1m.csv" | awk '{ printf "input: %.0f MB\n", $5 / 1e6 }'
printf 'pollsupport --by age_band,sex,edu (8 groups + All): '
timeit "$bin/pollsupport" --codebook "$top/data/codebook.csv" --by age_band,sex,edu --weight weight -o "$work/s1.csv" "$work/w1m.csv"
printf 'pollsupport --by vote2024 (9 groups + All):         '
timeit "$bin/pollsupport" --codebook "$top/data/codebook.csv" --by vote2024 --weight weight -o "$work/s2.csv" "$work/w1m.csv"
printf 'pollsupport --by vote2024 --format table:           '
timeit "$bin/pollsupport" --codebook "$top/data/codebook.csv" --by vote2024 --weight weight --format table -o "$work/s3.txt" "$work/w1m.csv"
echo "table rows: $(($(wc -l <"$work/s1.csv") - 1)) and $(($(wc -l <"$work/s2.csv") - 1))"

# The same rows as a stratified and clustered sample: the regions as strata
# (a row without one in its own), 40 PSUs drawn in each (about 440 in
# all), as a face-to-face survey's areas. Weights only, then the design:
# the goal is within 1.5 times the weights-only time.
awk -F, -v OFS=, 'BEGIN { srand(11) }
    NR == 1 { for (i = 1; i <= NF; i++) if ($i == "region") r = i; print $0, "stratum", "psu"; next }
    { s = $r == "" ? "none" : $r; print $0, s, s "-" int(rand() * 40) }' "$work/w1m.csv" >"$work/w1m_design.csv"
rm -f "$work/w1m.csv"
printf 'pollsupport --by age_band,sex,edu, weights only:     '
timeit "$bin/pollsupport" -q --codebook "$top/data/codebook.csv" --by age_band,sex,edu --weight weight -o "$work/d0.csv" "$work/w1m_design.csv"
w_s=$(awk '{ print $1 }' "$work/time")
printf 'the same, --strata stratum --psu psu (%s PSUs):  ' "$(cut -d, -f"$(head -n 1 "$work/w1m_design.csv" | tr ',' '\n' | grep -n '^psu$' | cut -d: -f1)" "$work/w1m_design.csv" | tail -n +2 | sort -u | wc -l)"
timeit "$bin/pollsupport" -q --codebook "$top/data/codebook.csv" --by age_band,sex,edu --weight weight --strata stratum --psu psu -o "$work/d1.csv" "$work/w1m_design.csv"
d_s=$(awk '{ print $1 }' "$work/time")
awk -v w="$w_s" -v d="$d_s" 'BEGIN { printf "design / weights only: %.2f times (goal: at most 1.5)\n", d / (w > 0.01 ? w : 0.01) }'
rm -f "$work/w1m_design.csv"

if ! command -v Rscript >/dev/null || ! Rscript -e 'suppressMessages(library(survey))' 2>/dev/null; then
    echo "R with the survey package is not installed: no comparison with R"
    exit 0
fi
if [ ! -x "$bin/pollweight" ]; then
    echo "pollweight is not built: no comparison with R"
    exit 0
fi
echo "== 100,000 respondents: pollweight + pollsupport vs R rake + svyby"
NOVOTEGAP=1 make_weighted 100000 "$work/unused.csv"
cp "$work/clean.csv" "$work/c100k.csv"
cat >"$work/bench.R" <<'R'
# rake to data/targets.csv, then the support share and se by 2024 vote for
# every proposal: what pollweight | pollsupport --by vote2024 computes
# (pollsupport also does every response code, oppose, net and intervals).
suppressMessages(library(survey))
a <- commandArgs(TRUE)
d <- read.csv(a[1], colClasses = "character")
tg <- read.csv(a[2], stringsAsFactors = FALSE)
vars <- unique(tg$variable)
des <- svydesign(ids = ~1, data = d, weights = rep(1, nrow(d)))
pop <- lapply(vars, function(v) {
  x <- tg[tg$variable == v, ]
  df <- data.frame(x$category, x$target * nrow(d)); names(df) <- c(v, "Freq"); df
})
r <- rake(des, lapply(vars, function(v) as.formula(paste0("~", v))), pop,
          control = list(maxit = 1000, epsilon = 1e-10))
w <- weights(r) / mean(weights(r))
d$w <- w
des <- svydesign(ids = ~1, weights = ~w, data = d)
qs <- grep("^q_", names(d), value = TRUE)
out <- NULL
for (q in qs) {
  d$y <- as.numeric(d[[q]] %in% c("strongly_support", "tend_support"))
  d$ans <- d[[q]] != ""
  des <- svydesign(ids = ~1, weights = ~w, data = d)
  out <- rbind(out, cbind(q, svyby(~y, ~vote2024, subset(des, ans), svymean)))
}
write.csv(out, a[3], row.names = FALSE)
R
printf 'pollweight + pollsupport (C):  '
/usr/bin/time -f '%e s %M KB' -o "$work/time" sh -c "'$bin/pollweight' --targets '$top/data/targets.csv' \
    '$work/c100k.csv' 2>/dev/null | '$bin/pollsupport' --codebook '$top/data/codebook.csv' --by vote2024 --weight weight -o '$work/c_out.csv'"
cat "$work/time"
c_s=$(awk '{ print $1 }' "$work/time")
printf 'R rake + svyby:                '
/usr/bin/time -f '%e s %M KB' -o "$work/time" Rscript "$work/bench.R" "$work/c100k.csv" \
    "$top/data/targets.csv" "$work/r_out.csv" 2>/dev/null
cat "$work/time"
r_s=$(awk '{ print $1 }' "$work/time")
awk -v c="$c_s" -v r="$r_s" 'BEGIN { printf "speed-up: %.0f times (goal: at least 50)\n", r / (c > 0.01 ? c : 0.01) }'
# The two must also agree: support share by vote for every proposal.
awk -F, 'FNR == 1 { next }
    FILENAME ~ /r_out/ { gsub(/"/, ""); r[$1, $2] = $3; rs[$1, $2] = $4; next }
    $6 == "support" && $3 == "vote2024" {
        d = $10 - r[$1, $4]; if (d < 0) d = -d; if (d > m) m = d
        d = $11 - rs[$1, $4]; if (d < 0) d = -d; if (d > ms) ms = d; n++ }
    END { printf "agreement on %d support cells: max |share diff| %.2g, max |se diff| %.2g\n", n, m, ms }' \
    "$work/r_out.csv" "$work/c_out.csv"
