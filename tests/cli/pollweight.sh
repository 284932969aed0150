# pollweight end to end: options, output form, agreement with the R
# fixtures through the command line, every data error with its message,
# capping, non-convergence, and the sample data's vote shares before and
# after weighting.
. "$POLLKIT_SRC/tests/cli/lib/harness.sh"
W=$FIX/weight

# --- usage ------------------------------------------------------------------
t help --out-has "Usage: pollweight" --out-has "--cap LO,HI" --out-has "Exit status" -- pollweight --help
t version --out-has "pollweight (pollkit)" -- pollweight --version
usage no-targets '--targets FILE is required' -- pollweight
usage bad-method "--method: expected rake, linear or logit, got 'ipf'" -- \
    pollweight --targets "$W/targets1.csv" --method ipf "$W/sample1.csv"
usage logit-needs-bounds '--method logit needs --bounds LO,HI' -- \
    pollweight --targets "$W/targets1.csv" --method logit "$W/sample1.csv"
usage bounds-with-rake '--bounds limits calibration (--method linear or logit); with raking use --cap' -- \
    pollweight --targets "$W/targets1.csv" --bounds 0.5,2 "$W/sample1.csv"
usage cap-with-calibration '--cap works with --method rake; calibration limits g = w/d with --bounds' -- \
    pollweight --targets "$W/targets1.csv" --method linear --cap 0.5,2 "$W/sample1.csv"
usage cap-bad "--cap: need LO < 1 < HI (relative to the mean weight), got '1.2,3'" -- \
    pollweight --targets "$W/targets1.csv" --cap 1.2,3 "$W/sample1.csv"
usage cap-syntax "--cap: expected LO,HI, got '0.5'" -- \
    pollweight --targets "$W/targets1.csv" --cap 0.5 "$W/sample1.csv"
usage bounds-bad "--bounds: need LO < 1 < HI (g = 1 leaves a weight unchanged), got '0.5,0.9'" -- \
    pollweight --targets "$W/targets1.csv" --method logit --bounds 0.5,0.9 "$W/sample1.csv"
usage missing-bad "--missing: expected fail or keep, got 'drop'" -- \
    pollweight --targets "$W/targets1.csv" --missing drop "$W/sample1.csv"
usage tolerance-bad "--tolerance: '1x' is not a number" -- \
    pollweight --targets "$W/targets1.csv" --tolerance 1x "$W/sample1.csv"
usage max-iter-bad '--max-iter: 0 is out of range (must be from 1 to 100000000)' -- \
    pollweight --targets "$W/targets1.csv" --max-iter 0 "$W/sample1.csv"
usage weight-name-empty '--weight-name: empty name' -- pollweight --targets "$W/targets1.csv" --weight-name '' "$W/sample1.csv"
usage total-bad '--total: 0 is out of range (must be > 0)' -- \
    pollweight --targets "$W/targets1.csv" --total 0 "$W/sample1.csv"
usage bounds-order "--bounds: LO must be less than HI, got '2,0.5'" -- \
    pollweight --targets "$W/targets1.csv" --method linear --bounds 2,0.5 "$W/sample1.csv"
usage cap-negative '--cap: -1 is out of range (must be >= 0)' -- \
    pollweight --targets "$W/targets1.csv" --cap -1,2 "$W/sample1.csv"
usage stdin-twice '--targets - and the input cannot both be standard input' -- pollweight --targets -
usage two-inputs "extra operand '$W/sample2.csv'" -- \
    pollweight --targets "$W/targets1.csv" "$W/sample1.csv" "$W/sample2.csv"

# --- agreement with R through the command line (weights 1e-8 relative)
# compare FILE COLUMN TOL: the weight column of $T_OUT against the fixture's.
compare() {
    awk -F, -v col="$2" -v tol="$3" '
        NR == FNR { if (FNR == 1) { for (i = 1; i <= NF; i++) if ($i == col) c = i; next } ref[FNR] = $c; next }
        FNR == 1 { next }
        { r = ref[FNR]; d = $NF / r - 1; if (d < 0) d = -d; if (d > worst) worst = d; n++ }
        END { if (n != 1500 || !(worst <= tol)) { print "rows " n ", max relative error " worst; exit 1 } }
    ' "$1" "$T_OUT"
}
t r-rake-interlocked -- pollweight -q --targets "$W/targets1.csv" "$W/sample1.csv"
ok r-rake-interlocked-values compare "$W/ref1.csv" rake 1e-8
t r-logit-interlocked -- pollweight -q --targets "$W/targets1.csv" --method logit --bounds 0.4,2.5 "$W/sample1.csv"
ok r-logit-interlocked-values compare "$W/ref1.csv" logit 1e-8
t r-rake-base -- pollweight -q --targets "$W/targets2.csv" --base-weight base_w "$W/sample2.csv"
ok r-rake-base-values compare "$W/ref2.csv" rake 1e-8
t r-linear-base -- pollweight --targets "$W/targets2.csv" --base-weight base_w --method linear "$W/sample2.csv"
ok r-linear-base-values compare "$W/ref2.csv" linear 1e-8
# R's linear calibration gives sample2 two weights below 0: said on stderr.
ok r-linear-negative-said grep -q "2 weights are negative (linear calibration allows that" "$T_ERR"
t r-rake-keep -- pollweight -q --targets "$W/targets2.csv" --base-weight base_w --missing keep "$W/sample3.csv"
ok r-rake-keep-values compare "$W/ref3.csv" rake 1e-8
t r-logit-base -- pollweight -q --targets "$W/targets2.csv" --base-weight base_w --method logit --bounds 0.4,2.5 "$W/sample2.csv"
ok r-logit-base-values compare "$W/ref2.csv" logit 1e-8
t r-logit-keep -- pollweight -q --targets "$W/targets2.csv" --base-weight base_w --missing keep --method logit --bounds 0.4,2.5 "$W/sample3.csv"
ok r-logit-keep-values compare "$W/ref3.csv" logit 1e-8
# Sample 4: R's default epsilon (1e-7) stops 5e-8 from the solution; pollweight
# iterates to its tolerance and meets R's epsilon = 1e-12 weights.
t r-logit-exact -- pollweight --targets "$W/targets4.csv" --base-weight base_w --method logit --bounds 0.3,3 "$W/sample4.csv"
ok r-logit-exact-values compare "$W/ref4.csv" logit 1e-8
differs() { ! compare "$@" >/dev/null; }
ok r-logit-exact-not-r-default differs "$W/ref4.csv" logit_eps7 1e-8

# --- output form ------------------------------------------------------------
printf 'variable,category,target\nsex,m,0.5\nsex,f,0.5\n' >"$TMP/tg.csv"
printf 'id,sex,note\r\n1,m,"a, ""b"""\r\n2,f,"two\nlines"\r\n3,f,\r\n4,m,x\r\n' >"$TMP/in.csv"
printf 'id,sex,note,weight\n1,m,"a, ""b""",1\n2,f,"two\nlines",1\n3,f,,1\n4,m,x,1\n' >"$TMP/want.csv"
t passthrough --out "$TMP/want.csv" -- pollweight -q --targets "$TMP/tg.csv" "$TMP/in.csv"
t stdin --in "$TMP/in.csv" --out "$TMP/want.csv" -- pollweight -q --targets "$TMP/tg.csv" -
t weight-name --out-has "id,sex,note,w_final" -- pollweight -q --targets "$TMP/tg.csv" --weight-name w_final "$TMP/in.csv"
t total --out-has "4,m,x,2.5" -- pollweight -q --targets "$TMP/tg.csv" --total 10 "$TMP/in.csv"
# A tiny total changes the weights' scale, not Kish's figures (their
# squares once underflowed, leaving "Kish design effect , efficiency -%").
BI=$SRC/tests/badinput
t total-tiny --err-has "Kish design effect 1.01, efficiency 99.0%, effective sample size 171.3 of 173" \
    --out-has ",5.26" -- pollweight --targets "$BI/targets_sex.csv" --total 1e-300 "$BI/unweighted.csv"
t total-huge --err-has "Kish design effect 1.01, efficiency 99.0%, effective sample size 171.3 of 173" \
    -- pollweight --targets "$BI/targets_sex.csv" --total 1e300 -o /dev/null "$BI/unweighted.csv"
# Bounds that cannot hold: the summary reports the last weights that were
# numbers, never blanks.
t logit-tight-bounds --status 1 --err-has "the bounds 0.9,1.1 are too tight for these targets" \
    --err-has "Kish design effect 1.0" -- \
    pollweight --targets "$DATA/targets.csv" --missing keep --method logit --bounds 0.9,1.1 "$BI/unweighted.csv"
ok logit-tight-no-blank sh -c "! grep -e 'misfit )' -e 'effect ,' -e 'gap \$' '$T_ERR'"
printf 'id\tsex\n1\tm\n2\tf\n' >"$TMP/in.tsv"
printf 'id\tsex\tweight\n1\tm\t1\n2\tf\t1\n' >"$TMP/want.tsv"
t tsv --out "$TMP/want.tsv" -- pollweight -q --tsv --targets "$TMP/tg.csv" "$TMP/in.tsv"
t output-file --err-has "rake converged in" -- pollweight --targets "$TMP/tg.csv" -o "$TMP/o.csv" --report "$TMP/r.txt" "$TMP/in.csv"
ok output-file-written cmp -s "$TMP/o.csv" "$TMP/want.csv"
ok report-written grep -q "margin sex: 2 categories" "$TMP/r.txt"
t full-disk --status 1 -- pollweight -q --targets "$TMP/tg.csv" -o /dev/full "$TMP/in.csv"
# From a file, plain lines are read again for the output instead of being
# copied to a temporary file; every other line (quoted, CRLF, after a blank
# line, a value starting with U+FEFF, lines cut by the first pass's 64 KB
# reads) is copied as before. The output is the same as from a pipe, whose
# lines are all copied, and as from standard input redirected from the file.
awk 'BEGIN { print "id,sex,note"; for (i = 1; i <= 4000; i++) printf "%d,%s,plain line %d of many\n", i, i % 3 ? "m" : "f", i }' \
    >"$TMP/mixed.csv"
printf '4001,m,"quoted, with comma"\n\n4002,f,crlf\r\n4003,m,\357\273\277bom\n4004,f,x\n4005,m,\n' >>"$TMP/mixed.csv"
t mixed-pipe -- sh -c "cat '$TMP/mixed.csv' | \"\$POLLKIT_BIN/pollweight\" -q --targets '$TMP/tg.csv'"
cp "$T_OUT" "$TMP/mixed-want.csv"
ok mixed-pipe-all-rows test "$(wc -l <"$TMP/mixed-want.csv")" = 4006
ok mixed-pipe-quoted grep -q '^4001,m,"quoted, with comma",0.75$' "$TMP/mixed-want.csv"
ok mixed-pipe-bom grep -q '^4003,m,"'"$(printf '\357\273\277')"'bom",' "$TMP/mixed-want.csv"
t mixed-file --out "$TMP/mixed-want.csv" -- pollweight -q --targets "$TMP/tg.csv" "$TMP/mixed.csv"
t mixed-stdin-file --in "$TMP/mixed.csv" --out "$TMP/mixed-want.csv" -- pollweight -q --targets "$TMP/tg.csv"
tr , '\t' <"$TMP/mixed.csv" | grep -v quoted >"$TMP/mixed.tsv"
t mixed-tsv-pipe -- sh -c "cat '$TMP/mixed.tsv' | \"\$POLLKIT_BIN/pollweight\" -q --tsv --targets '$TMP/tg.csv'"
cp "$T_OUT" "$TMP/mixed-want.tsv"
t mixed-tsv-file --out "$TMP/mixed-want.tsv" -- pollweight -q --tsv --targets "$TMP/tg.csv" "$TMP/mixed.tsv"

# --- data errors (exit 1, naming the problem) -------------------------------
printf 'id,sex\n1,m\n2,x\n3,f\n4,x\n' >"$TMP/unknown.csv"
t unknown-category --status 1 --err-has "pollweight: $TMP/unknown.csv:3:sex: category 'x' is not in the targets of 'sex' (2 respondents)" -- \
    pollweight --targets "$TMP/tg.csv" "$TMP/unknown.csv"
# Mistyped column names: the nearest column is offered, the message whole.
printf 'id,gender\n1,m\n2,f\n' >"$TMP/gender.csv"
printf 'variable,category,target\ngendr,m,0.5\ngendr,f,0.5\n' >"$TMP/gendr.csv"
t target-variable-mistyped --status 1 \
    --err-is "pollweight: $TMP/gendr.csv:2: variable 'gendr' needs a column 'gendr', which $TMP/gender.csv lacks (did you mean 'gender'?)" -- \
    pollweight --targets "$TMP/gendr.csv" "$TMP/gender.csv"
printf 'id,sex,base_wt\n1,m,1\n2,f,2\n' >"$TMP/base.csv"
t base-weight-mistyped --status 1 \
    --err-is "pollweight: $TMP/base.csv:1: no column named 'base_wgt' for --base-weight (did you mean 'base_wt'?)" -- \
    pollweight --targets "$TMP/tg.csv" --base-weight base_wgt "$TMP/base.csv"
printf 'variable,category,traget\nsex,m,0.5\nsex,f,0.5\n' >"$TMP/traget.csv"
t targets-header-mistyped --status 1 \
    --err-is "pollweight: $TMP/traget.csv:1: the header must have the columns variable, category and target: no column 'target' (did you mean 'traget'?)" -- \
    pollweight --targets "$TMP/traget.csv" "$TMP/in.csv"
printf 'id,sex\n1,m\n2,\n3,f\n4,\n' >"$TMP/missing.csv"
t missing-fail --status 1 --err-has "$TMP/missing.csv:3:sex: 2 respondents have no value for 'sex' (the first on this line)" -- \
    pollweight --targets "$TMP/tg.csv" "$TMP/missing.csv"
t missing-fail-stdin --status 1 --in "$TMP/missing.csv" --err-has "<stdin>:3:sex: 2 respondents" -- \
    pollweight --targets "$TMP/tg.csv"
printf 'id,sex\n1,m\n2,m\n' >"$TMP/nof.csv"
t empty-category --status 1 --err-has "$TMP/tg.csv:3: no respondents in category 'f' of 'sex', whose target is 0.5, in $TMP/nof.csv" -- \
    pollweight --targets "$TMP/tg.csv" "$TMP/nof.csv"
printf 'variable,category,target\nsex,m,0.5\nsex,f,0.6\n' >"$TMP/sum.csv"
t shares-sum --status 1 --err-has "$TMP/sum.csv:2: the shares of 'sex' sum to 1.1, not 1" -- \
    pollweight --targets "$TMP/sum.csv" "$TMP/in.csv"
t normalize --out-has "1,m," -- pollweight -q --normalize --targets "$TMP/sum.csv" "$TMP/in.csv"
printf 'variable,category,target\nsex,m,1.5\nsex,f,-0.5\n' >"$TMP/neg.csv"
t negative-target --status 1 --err-has "$TMP/neg.csv:3:target: negative target -0.5 for 'f' of 'sex'" -- \
    pollweight --targets "$TMP/neg.csv" "$TMP/in.csv"
printf 'variable,category,target\nsex,m,0.5\nsex,f,0.25\nsex,m,0.25\n' >"$TMP/dup.csv"
t duplicate-target --status 1 --err-has "$TMP/dup.csv:4:category: duplicate target for 'm' of 'sex' (first on line 2)" -- \
    pollweight --targets "$TMP/dup.csv" "$TMP/in.csv"
printf 'id,sex,weight\n1,m,1\n2,f,1\n' >"$TMP/hasw.csv"
t weight-exists --status 1 --err-has "$TMP/hasw.csv:1: the input already has a column named 'weight' (choose another with --weight-name)" -- \
    pollweight --targets "$TMP/tg.csv" "$TMP/hasw.csv"
t bounds-infeasible --status 1 --err-has "calibration did not converge" --err-has "the bounds 0.5,2 are too tight for these targets" -- \
    pollweight --targets "$W/targets1.csv" --method logit --bounds 0.5,2 "$W/sample1.csv"
# Targets that contradict each other: the interlocked margin says 49% men.
{ cat "$W/targets1.csv"; printf 'sex,male,0.4,x\nsex,female,0.6,x\n'; } >"$TMP/contra.csv"
t no-convergence --status 1 --err-has "raking did not converge in 100 sweeps" --err-has "rake did not converge in 100 sweeps; largest margin gap" \
    --err-has "Kish design effect" -- \
    pollweight --targets "$TMP/contra.csv" --max-iter 100 --report "$TMP/nc.txt" -o "$TMP/nc.csv" "$W/sample1.csv"
ok no-convergence-report grep -q "converged:  NO, in 100 sweeps" "$TMP/nc.txt"
ok no-convergence-no-output test ! -e "$TMP/nc.csv"

# --- capping ----------------------------------------------------------------
t cap-holds --err-has "rake converged" -- pollweight --targets "$W/targets1.csv" --cap 0.4,1.8 "$W/sample1.csv"
ok cap-within awk -F, 'NR > 1 { s += $NF; n++; if ($NF > max) max = $NF; if (min == "" || $NF < min) min = $NF }
    END { m = s / n; exit !(max <= 1.8 * m * (1 + 1e-12) && min >= 0.4 * m * (1 - 1e-12) && max > 1.79 * m) }' "$T_OUT"
t cap-impossible --status 1 --err-has "the caps 0.45,3 cannot hold: category 'pc' of 'vote2024'" -- \
    pollweight --targets "$W/targets1.csv" --cap 0.45,3 "$W/sample1.csv"

# --- the sample data: unweighted vote shares far from the targets, weighted on them
if [ -x "$POLLKIT_BIN/pollsynth" ] && [ -f "$DATA/targets.csv" ]; then
    pollsynth --clean --n 2000 --seed 20251121 -o "$TMP/clean.csv"
    t sample-data --err-has "rake converged" -- \
        pollweight --targets "$DATA/targets.csv" --missing keep --report "$TMP/sample_report.txt" "$TMP/clean.csv"
    ok sample-rows test "$(wc -l <"$T_OUT")" = "$(wc -l <"$TMP/clean.csv")"
    # In the vote2024 section: column 3 target, 4 unweighted, 5 weighted.
    ok sample-vote-far-then-on awk '
        /^margin / { in_vote = ($2 == "vote2024:") ; next }
        in_vote && NF == 5 && $1 != "category" {
            u = $4 - $3; if (u < 0) u = -u; if (u > far) far = u
            g = $5 - $3; if (g < 0) g = -g; if (g > on) on = g; k++ }
        END { printf "vote2024: %d categories, largest unweighted gap %.4f, weighted %.2g\n", k, far, on
              exit !(k == 9 && far > 0.1 && on < 1e-6) }' "$TMP/sample_report.txt"
    ok sample-report-kish grep -q "Kish design effect" "$TMP/sample_report.txt"
fi

finish
