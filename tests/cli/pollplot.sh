# pollplot end to end: options and errors, and every generated script run
# through gnuplot (LC_ALL=C.UTF-8 gnuplot -d): exit 0, nothing on stderr, a
# 1200x675 PNG, a PDF, and well-formed SVG whose text (wrapped lines joined
# by spaces) holds every label. The hostile table's labels and hostile
# titles must reach the chart literally and never run a command: gnuplot
# runs in a scratch directory where `touch pollplot-canary` would show.
. "$(dirname "$0")/lib/harness.sh"
. "$(dirname "$0")/lib/gnuplot.sh"

SUP=$FIX/plot/support.csv
HOST=$FIX/plot/hostile.csv
RUN=$TMP/run
mkdir -p "$RUN"

# Passes when the command fails (its output discarded).
fails() {
    ! "$@" >/dev/null 2>&1
}

# Render the script the last case printed on standard output.
render_out() {
    cp "$T_OUT" "$RUN/$1.gp" && render "$RUN/$1.gp"
}

pdf_ok() {
    [ "$(head -c 5 "$1")" = "%PDF-" ]
}

# --- options -----------------------------------------------------------
t help --out-has "Usage: pollplot" --out-has "--image FILE" --out-has "Exit status" \
    --err-empty -- pollplot --help
t version --out-has "pollplot (pollkit)" -- pollplot --version
usage bad-option "unknown option '--bogus'" -- pollplot --bogus "$SUP"
usage bad-chart "--chart: expected bars, diverging, stacked, trend or means, got 'pie'" -- pollplot --chart pie "$SUP"
usage response-not-bars "--response draws bars (or a trend): it cannot go with --chart diverging" -- \
    pollplot --chart diverging --response oppose "$SUP"
usage bad-terminal "--terminal: expected pngcairo, svg or pdfcairo, got 'png'" -- \
    pollplot --terminal png "$SUP"
t "two inputs are read as one table: the same table twice repeats its rows" --status 1 \
    --err-has "appear twice" -- pollplot "$SUP" "$SUP"
usage empty-group "--groups: empty item in 'lab,,grn'" -- pollplot --groups lab,,grn "$SUP"
usage repeated-group "--groups: 'lab' given twice" -- pollplot --groups lab,lab "$SUP"

# --- defaults: bars, pngcairo, chart.png, script on stdout ----------------
t default-stdout --err-has 'do not fit a 1200x675 chart' --out-has 'set terminal pngcairo size 1200,675' \
    --out-has 'set output "chart.png"' --out-has 'set encoding utf8' -- pollplot "$SUP"
ok default-stdout-renders render_out default-stdout
t default-stdin --in "$SUP" --err-has 'do not fit a 1200x675 chart' --out-has 'set output "chart.png"' -- pollplot
ok default-stdin-renders render_out default-stdin
# Default groups: every group of the first --by column (vote2024), the
# combined group 'left' (Labour or Green) excepted; on a 9-party x
# 7-question table they do not fit the canvas (bars closer than their
# value labels' line height), so the chart draws the groups with the
# largest bases that fit and says on stderr what it left out. The script
# draws exactly what the note says: three groups' bars, their legend.
fit_note="pollplot: 9 groups by 7 questions do not fit a 1200x675 chart (11-point text 5 px apart, where it needs 17): drawing the 3 groups with the largest bases, Conservative, Labour and Reform UK; left out: Liberal Democrat, Did not vote, Green, SNP, Other and Plaid Cymru. Choose the groups with --groups, the questions with --questions, or a larger chart with --size"
t default-groups --err-is "$fit_note" --out-has 'Sample size: Conservative' \
    --out-has 'set label "Reform UK" at screen' --out-lacks 'set label "Did not vote" at screen' \
    --out-lacks 'Labour or Green' -- pollplot "$SUP"
ok default-groups-three-bars test "$(grep -c '^\$bars[0-9]* << EOD$' "$T_OUT")" = 3
ok default-groups-legend bash -c "grep -o '^set label \"[^\"]*\" at screen [0-9.]*, screen [0-9.]* left font \"DejaVu Sans,12\" tc rgb \"#222222\"' '$T_OUT' | cut -d'\"' -f2 | paste -sd, | grep -qx 'Conservative,Labour,Reform UK,Margin of error (95% interval)'"
t default-groups-quiet --err-empty -- pollplot -q "$SUP"
# A larger canvas draws more of them; naming the groups keeps them all
# and drops questions from the end instead.
t default-groups-larger --err-has 'drawing the 5 groups with the largest bases' \
    -- pollplot --size 1600x1000 "$SUP"
t default-groups-named --err-has 'drawing the first 2 questions; left out: q_family_reunion, q_support_discretionary, q_remove_families, q_visa_penalties and q_capped_routes.' \
    --out-has 'set label "Plaid Cymru" at screen' -- \
    pollplot --groups con,lab,ld,ref,grn,snp,pc,other,did_not_vote --min-base 0 "$SUP"
# Both named: drawn as asked, with a warning that text will overlap.
t default-groups-crowded --err-has 'warning: the chart is crowded: 11-point text' \
    --err-has 'or a larger chart with --size' -- \
    pollplot --groups con,lab,ld,ref,grn,snp,pc,other,did_not_vote \
    --questions q_temp_status,q_capped_routes,q_visa_penalties,q_support_discretionary "$SUP"
t default-dash --in "$SUP" --err-empty --out-has 'Visa penalties' -- pollplot --groups lab,grn -
cp "$T_OUT" "$RUN/default.gp"
ok default-renders render "$RUN/default.gp"
ok default-png png_ok "$RUN/chart.png"
# The checks themselves: a gnuplot error, a stray stderr line, a truncated
# PNG and a missing label are caught.
printf 'set output "%s/x.png"\nplot nosuchfunction(x)\n' "$RUN" >"$RUN/broken.gp"
ok render-catches-errors fails render "$RUN/broken.gp"
printf 'print "to stderr"\n' >"$RUN/noisy.gp"
ok render-catches-stderr fails render "$RUN/noisy.gp"
head -c 100 "$RUN/chart.png" >"$RUN/short.png"
ok png-check-catches-truncation fails png_ok "$RUN/short.png"
ok default-numeric-blocks blocks_numeric "$RUN/default.gp"
ok default-plain-labels labels_plain "$RUN/default.gp"
# The footnote says what the table says: weighted, 95% logit, don't know in
# the base, group sizes (ranges over the proposals), and the source.
ok default-footnote grep -qF 'Weighted data. Lines show 95% logit confidence intervals. Don\0047t know included in the base.' "$RUN/default.gp"
# A no-break space keeps each group's numbers with its name.
NB=$'\xc2\xa0'
ok default-sizes grep -qF "Sample size: Labour${NB}574–583, Green${NB}118–122" "$RUN/default.gp"
# Sorted by mean support of the two groups: Visa penalties first, the
# 20-year wait last.
ok default-sorted bash -c "grep '^set label \"' '$RUN/default.gp' | grep 'first' | head -1 | grep -q 'Visa penalties' &&
    grep '^set label \"' '$RUN/default.gp' | grep 'first' | sed -n 7p | grep -q '20-year wait'"

# --- -o, TSV, every chart and terminal ---------------------------------
t tsv-input --err-empty --out-has 'Capped safe routes' \
    -- bash -c "tr , '\t' <'$SUP' | pollplot --tsv --groups lab,grn --image '$RUN/tsv.png'"
ok tsv-input-renders render_out tsv-input
ok tsv-input-png png_ok "$RUN/tsv.png"
for chart in bars diverging stacked; do
    t "$chart-png" --err-empty -- pollplot --chart "$chart" --groups lab,grn --image "$RUN/$chart.png" \
        --source "Source: fixture table (fictional)" -o "$RUN/$chart-png.gp" "$SUP"
    ok "$chart-png-renders" render "$RUN/$chart-png.gp"
    ok "$chart-png-file" png_ok "$RUN/$chart.png"
    t "$chart-svg" --err-empty -- pollplot --chart "$chart" --groups lab,grn --terminal svg --image "$RUN/$chart.svg" \
        --title "Labour and Green voters split on asylum" \
        --source "Source: fixture table (fictional)" -o "$RUN/$chart-svg.gp" "$SUP"
    ok "$chart-svg-renders" render "$RUN/$chart-svg.gp"
    ok "$chart-svg-labels" svg_has "$RUN/$chart.svg" "Labour and Green voters split on asylum" \
        "Labour" "Green" "Temporary refugee status" "20-year wait to settle" \
        "No automatic family reunion" "Discretionary asylum support" "Removing families" \
        "Visa penalties" "Capped safe routes" "Source: fixture table (fictional)" \
        "by 2024 general election vote"
    t "$chart-pdf" --err-empty -- pollplot --chart "$chart" --groups lab,grn --terminal pdfcairo \
        --image "$RUN/$chart.pdf" -o "$RUN/$chart-pdf.gp" "$SUP"
    ok "$chart-pdf-renders" render "$RUN/$chart-pdf.gp"
    ok "$chart-pdf-file" pdf_ok "$RUN/$chart.pdf"
    ok "$chart-numeric-blocks" blocks_numeric "$RUN/$chart-svg.gp"
done
ok svg-check-catches-missing-label fails svg_has "$RUN/bars.svg" "Visa penalties!"
ok bars-svg-values svg_has "$RUN/bars.svg" "56%" "41%" "50%" "Margin of error (95% interval)" \
    "Weighted data. Lines show 95% logit confidence intervals. Don't know included in the base."
ok diverging-svg-scale svg_has "$RUN/diverging.svg" "Strongly oppose" "Tend to oppose" "Neither" \
    "Tend to support" "Strongly support" "Don't know" "Oppose" "Support"
ok stacked-svg-scale svg_has "$RUN/stacked.svg" "Strongly support" "Tend to support" \
    "Neither support nor oppose" "Tend to oppose" "Strongly oppose" "Don't know"

# Other groups and responses; a small base is flagged.
t groups-three --err-empty -- pollplot --groups con,ref,pc --min-base 10 --terminal svg --image "$RUN/three.svg" \
    -o "$RUN/three.gp" "$SUP"
ok groups-three-renders render "$RUN/three.gp"
ok groups-three-labels svg_has "$RUN/three.svg" "Conservative" "Reform UK" "Plaid Cymru" \
    "*Small base: treat with caution"
t oppose --err-empty -- pollplot --response oppose --groups lab,grn \
    --image "$RUN/oppose.png" -o "$RUN/oppose.gp" "$SUP"
ok oppose-subtitle grep -qF "% oppose for each question" "$RUN/oppose.gp"
ok oppose-title grep -qF '"Oppose among Labour and Green voters"' "$RUN/oppose.gp"
t oppose-by-label --err-empty -- pollplot --response 'tend to OPPOSE' --groups 'Labour,green voters' \
    --image "$RUN/tend.png" -o "$RUN/tend.gp" "$SUP"
ok tend-by-label grep -qF '"“Tend to oppose” among Labour and Green voters"' "$RUN/tend.gp"
ok tend-renders render "$RUN/tend.gp"
ok oppose-renders render "$RUN/oppose.gp"
t net --err-empty -- pollplot --response net --groups All,lab,grn --image "$RUN/net.png" \
    -o "$RUN/net.gp" "$SUP"
ok net-renders render "$RUN/net.gp"
ok net-png png_ok "$RUN/net.png"
ok net-subtitle grep -qF '% support minus % oppose for each question' "$RUN/net.gp"
# --questions picks and orders; a question the table lacks is an error.
t questions --err-empty --out-has 'Visa penalties' --out-lacks 'Capped safe routes' -- \
    pollplot --questions q_visa_penalties,q_temp_status --groups lab "$SUP"
usage questions-unknown "$SUP: no question 'q_nope' in the table (it has: q_temp_status, q_settle_20y, q_family_reunion, q_support_discretionary, q_remove_families, q_visa_penalties, q_capped_routes)" -- \
    pollplot --questions q_nope "$SUP"

# A code shared by two --by columns is ambiguous (it once drew the first
# silently): BY=CODE (or BY:CODE) picks one, and so does a label;
# intervals at another level are named as such.
printf '%s\n' 'question,question_label,by,group,group_label,response,n,share,ci_low,ci_high,ci_method,level,base,weight' \
    'q_a,Proposal A,vote2024,did_not_vote,Did not vote (2024),support,150,0.4,0.33,0.47,beta,0.9,excluding dont_know,none' \
    'q_a,Proposal A,euref,did_not_vote,Did not vote (EU),support,210,0.3,0.25,0.36,beta,0.9,excluding dont_know,none' \
    >"$TMP/shared.csv"
usage shared-code-ambiguous "--groups: 'did_not_vote' names groups of several --by columns: write one of vote2024=did_not_vote, euref=did_not_vote" \
    -- pollplot --response support --groups did_not_vote "$TMP/shared.csv"
t shared-code-by-label-eu --err-empty --out-has '"Did not vote (EU)"' --out-lacks '(2024)' \
    -- pollplot --response support --groups 'did not vote (eu)' "$TMP/shared.csv"
t shared-code-by --err-empty --out-has '"Did not vote (EU)"' --out-has '"Margin of error (90% interval)"' \
    --out-has 'Unweighted data. Lines show 90% Korn–Graubard confidence intervals. Don\0047t know excluded from the base.' \
    --out-has "Sample size: Did not vote (EU)${NB}210" --out-has ', by 2016 EU referendum vote' \
    -- pollplot --response support --groups euref=did_not_vote "$TMP/shared.csv"
ok shared-code-by-renders render_out shared-by
t shared-code-by-colon --err-empty --out-has '"Did not vote (EU)"' \
    -- pollplot --response support --groups euref:did_not_vote "$TMP/shared.csv"
t shared-code-by-label --err-empty --out-has '"Did not vote (2024)"' \
    -- pollplot --response support --groups 'did not vote (2024)' "$TMP/shared.csv"
usage shared-code-unknown-by "$TMP/shared.csv: no group 'brexit:did_not_vote' in the table (it has: did_not_vote)" -- \
    pollplot --groups brexit:did_not_vote "$TMP/shared.csv"
# A table without intervals, n or provenance: no whiskers, and the footnote
# claims nothing it cannot know.
# A typed table needs a source of a margin of error: shares alone are refused.
printf '%s\n' 'question,group,response,share' 'q_a,lab,support,0.61' 'q_a,grn,support,0.7' >"$TMP/shares_only.csv"
t shares-only --status 1 --err-is "pollplot: $TMP/shares_only.csv:1: not a support table: it gives no margin of error (it needs columns ci_low and ci_high, se, or n)" \
    -- pollplot --response support "$TMP/shares_only.csv"
# The least a typed table may give: shares and bases.
printf '%s\n' 'question,group,response,share,n' 'q_a,lab,support,0.61,400' 'q_a,grn,support,0.7,90' >"$TMP/bare.csv"
t bare-table --err-empty --out-lacks 'Weighted' --out-lacks 'Don\0047t know' \
    -- pollplot --response support --image "$RUN/bare.png" "$TMP/bare.csv"
cp "$T_OUT" "$RUN/bare.gp"
ok bare-renders render "$RUN/bare.gp"
ok bare-png png_ok "$RUN/bare.png"
# Without --response, a table without response_kind has no positive net:
# every answer, stacked, all its groups.
printf '%s\n' 'question,group,group_label,response,share,n' 'q_a,lab,Labour,yes,0.61,400' 'q_a,lab,Labour,no,0.3,400' \
    'q_a,lab,Labour,Don'"'"'t know,0.09,400' 'q_a,grn,Green,yes,0.7,90' 'q_a,grn,Green,no,0.2,90' 'q_a,grn,Green,Don'"'"'t know,0.1,90' \
    >"$TMP/typed.csv"
t typed-stacked --err-empty --out-has 'set xrange [0:100]' --out-has '"q_a: Labour and Green voters"' -- \
    pollplot --image "$RUN/typed.png" "$TMP/typed.csv"
ok typed-renders render_out typed
usage typed-no-sides "$TMP/typed.csv: question 'q_a' has no positive and negative answers (response_kind): a diverging chart needs a scale with sides (try --chart stacked)" -- \
    pollplot --chart diverging "$TMP/typed.csv"

# --- small bases, many groups, published nets, one scale -------------------
# Plaid Cymru (n = 18-20) is below the default --min-base of 50: no bar, no
# whisker, "n=20, too few to show" in their place; the footnote keeps n.
t min-base-default --err-empty --out-has '$few << EOD' --out-has 'n=%d, too few to show' \
    --out-lacks '$bars3 using' --out-has "Plaid Cymru${NB}18–20" -- \
    pollplot --groups con,ref,pc --image "$RUN/few.png" "$SUP"
ok min-base-default-renders render_out min-base-default
few_rows() { awk '$0 == "$few << EOD" { inb = 1; next } inb && $0 == "EOD" { exit } inb { print $2 }' "$1" | tr '\n' ' '; }
ok min-base-default-rows test "$(few_rows "$T_OUT")" = "20 18 20 19 20 18 20 "
t min-base-zero --err-empty --out-has '$bars3 using' --out-lacks 'too few to show' -- \
    pollplot --groups con,ref,pc --min-base 0 --image "$RUN/few0.png" "$SUP"
for chart in diverging stacked; do
    t "min-base-$chart" --err-empty --out-has 'n=%d, too few to show' -- \
        pollplot --chart "$chart" --groups con,pc --image "$RUN/few-$chart.png" "$SUP"
    ok "min-base-$chart-renders" render_out "min-base-$chart"
done
usage min-base-bad "--min-base: 'x' is not a whole number" -- \
    pollplot --min-base x "$SUP"

# Ten provinces: ten colours, the footnote wrapped inside the canvas (its
# lines measured in the unit tests), every kind of chart rendered; Prince
# Edward Island (n = 2) drawn as too few.
PROV=$FIX/plot/provinces.csv
for chart in bars diverging stacked; do
    t "provinces-$chart" --err-empty --out-has 'n=%d, too few to show' -- \
        pollplot --chart "$chart" --terminal svg --size 1200x900 --image "$RUN/prov-$chart.svg" \
        --source "Source: a hand-made table (fictional)" "$PROV"
    ok "provinces-$chart-renders" render_out "provinces-$chart"
    ok "provinces-$chart-labels" svg_has "$RUN/prov-$chart.svg" "Newfoundland and Labrador" "Quebec" \
        "Prince Edward Island" "Source: a hand-made table (fictional)"
done
ok provinces-ten-colours bash -c "grep -o 'boxxyerror fc rgb \"#[0-9A-F]*\"' '$RUN/provinces-bars.gp' | sort -u | wc -l | grep -qx 9"
# Headlines read as English: more than three groups that are not parties
# are named by what splits them; All reads "all respondents".
ok provinces-headline grep -qF 'Bold Support by province}' "$RUN/provinces-bars.gp"
ok provinces-headline-diverging grep -qF 'Bold Answers to each question, by province}' "$RUN/provinces-diverging.gp"
t headline-all-and-parties --err-empty --out-has '"Support among all respondents, and Labour and Green voters"' -- \
    pollplot --groups All,lab,grn "$SUP"
# Thirteen groups named are refused with advice; by default the twelve of
# the largest bases that fit are drawn, with a note.
awk -F, -v OFS=, '{ print } NR > 1 && $4 == "ab" { for (k = 1; k <= 3; k++) { $4 = "ab" k; $5 = "Alberta " k; print } }' \
    "$PROV" >"$TMP/thirteen.csv"
usage thirteen-groups "$TMP/thirteen.csv: 13 groups are too many for one chart (at most 12 can be told apart by colour): choose at most 12 with --groups, and draw the others in a second chart" -- \
    pollplot --groups ab,ab1,ab2,ab3,bc,mb,nb,nl,ns,on,pe,qc,sk "$TMP/thirteen.csv"
t thirteen-groups-default --err-has '13 groups by 3 questions do not fit a 1200x2000 chart (at most 12 groups can be told apart by colour): drawing the 12 groups with the largest bases' \
    --err-has 'left out: Prince Edward Island.' -- pollplot --size 1200x2000 "$TMP/thirteen.csv"
t twelve-groups --err-empty -- pollplot --groups ab,ab1,ab2,bc,mb,nb,nl,ns,on,pe,qc,sk --size 1200x1100 --image "$RUN/twelve.png" "$TMP/thirteen.csv"
ok twelve-groups-renders render_out twelve-groups

# Diverging totals are the published table's NET rows, not the sum of its
# rounded rows: Labour on family reunion (q7_3) shows 43% support (the NET;
# its rounded rows, 18% and 24%, add up to 42%).
polltable -q -o "$TMP/published.csv" "$SRC/data/published_tables.csv" 2>/dev/null
net_of() { awk -F, -v q="$1" -v g="$2" -v r="$3" '$1 == q && $4 == g && $6 == r { print $12 * 100 }' "$TMP/published.csv"; }
t published-nets --err-empty -- pollplot --chart diverging --questions q7_3 --groups labour --image "$RUN/pub.png" \
    "$TMP/published.csv"
block() { awk -v b="\$$2 << EOD" '$0 == b { inb = 1; next } inb && $0 == "EOD" { exit } inb { print $3 }' "$1"; }
ok published-net-positive test "$(block "$T_OUT" totpos)" = "$(net_of q7_3 labour support)"
ok published-net-negative test "$(block "$T_OUT" totneg)" = "$(net_of q7_3 labour oppose)"
ok published-net-is-43 test "$(block "$T_OUT" totpos)" = 43
ok published-nets-render render_out published-nets
# The break is named by the table's by_label, never by its code.
ok published-by-label grep -qF ', by 2024 General Election vote.' "$T_OUT"
ok published-no-by-code bash -c "! grep -q '2024_general_election_vote' '$T_OUT'"


# --- errors --------------------------------------------------------------
usage missing-group "$SUP: no group 'xyz' in the table (it has: All, con, lab, ld, ref, grn, snp, pc, other, did_not_vote, left)" -- \
    pollplot --groups lab,xyz "$SUP"
usage missing-response "$SUP: question 'q_temp_status' has no response 'agree' (it has: strongly_support, tend_support, neither, tend_oppose, strongly_oppose, dont_know, support, oppose, net)" -- \
    pollplot --response agree "$SUP"
t not-a-table --status 1 --err-has "not a support table: no column 'share'" \
    -- bash -c "printf 'question,group,response\nq,All,support\n' | pollplot"
t table-column-mistyped --status 1 --err-is "pollplot: <stdin>:1: not a support table: no column 'share' (did you mean 'Share'?)" \
    -- bash -c "printf 'question,group,response,Share\nq,All,support,0.5\n' | pollplot"
t bad-number --status 1 --err-has "pollplot: <stdin>:3:share: not a number: 'x'" \
    -- bash -c "printf 'question,group,response,share,n\nq,lab,support,0.5,10\nq,grn,support,x,10\n' | pollplot"
t bad-utf8-table --status 1 --err-has "<stdin>:2" \
    -- bash -c "printf 'question,question_label,group,response,share,n\nq,caf\351,lab,support,0.5,10\n' | pollplot --groups lab"
usage bad-utf8-response '--response: text is not valid UTF-8' -- pollplot --response "$(printf 'caf\351')" "$SUP"
usage bad-utf8-image "$(printf -- "--image 'caf\351.png': file name is not valid UTF-8")" -- \
    pollplot --image "$(printf 'caf\351.png')" "$SUP"
usage bad-utf8-title '--title: text is not valid UTF-8' -- pollplot --title "$(printf 'caf\351')" "$SUP"
usage too-tall 'the headline, subtitle, legend and footnote leave no room for the chart: shorten them (--title, --subtitle, --note, --source)' -- \
    pollplot --title "$(printf 'line %d\n' $(seq 1 25))" "$SUP"
usage no-output-on-error "$SUP: no group 'nope' in the table (it has: All, con, lab, ld, ref, grn, snp, pc, other, did_not_vote, left)" -- \
    pollplot --groups nope -o "$TMP/never.gp" "$SUP"
ok no-output-file test ! -e "$TMP/never.gp"

# --- unsafe image names: refused before anything is written ---------------
for name in '|touch pollplot-canary' ' |touch pollplot-canary' '<cat /etc/passwd'; do
    usage "image-refused '$name'" "--image '$name': not a file name (gnuplot would run it as a command)" -- \
        pollplot --image "$name" -o "$TMP/bad.gp" "$SUP"
done
usage image-refused-empty '--image: empty file name' -- pollplot --image '' -o "$TMP/bad.gp" "$SUP"
usage image-newline "--image 'a\\nb.png': control character in file name" -- \
    pollplot --image $'a\nb.png' "$SUP"
usage image-directory "--image '$RUN': is a directory" -- pollplot --image "$RUN" "$SUP"
usage image-slash "--image '$RUN/new/': is a directory" -- pollplot --image "$RUN/new/" "$SUP"
ok image-refused-no-script test ! -e "$TMP/bad.gp"
ok image-refused-no-canary test ! -e "$RUN/pollplot-canary"

# --- hostile labels and titles ---------------------------------------------
# The labels of tests/fixtures/plot/hostile.csv, exactly.
H_Q1='`touch pollplot-canary` "double" '"'single' ''two''"' @m @@ $x {b}^s_t &amp; ~t 50% %d %s \ back\\slash \101'
H_Q2=$'multi-line\nEOD\nline `touch pollplot-canary`\n");system("touch pollplot-canary");print("\nEOD after'
H_G1='Lab `touch pollplot-canary` @lab {x}'
H_G2="Grn \"; system('touch pollplot-canary') # ~&^_"
H_T=$'Headline `touch pollplot-canary` "dq" \'sq\' @m @@x {/:Bold x}^_&~% %d \\101 end\nEOD\n\'; system("touch pollplot-canary") #'
H_S=$'Sub `touch pollplot-canary` \\` @sub\nEOD'
H_SRC=$'Source: "`touch pollplot-canary`" @@ %s {}^_&~\nEOD'
for chart in bars diverging; do
    for term in svg pngcairo; do
        ext=svg
        [ "$term" = pngcairo ] && ext=png
        t "hostile-$chart-$term" --err-empty -- pollplot --chart "$chart" --terminal "$term" \
            --title "$H_T" --subtitle "$H_S" --source "$H_SRC" \
            --image "$RUN/hostile-$chart.$ext" -o "$RUN/hostile-$chart-$ext.gp" "$HOST"
        ok "hostile-$chart-$term-renders" render "$RUN/hostile-$chart-$ext.gp"
        ok "hostile-$chart-$term-no-canary" test ! -e "$RUN/pollplot-canary"
        ok "hostile-$chart-$term-numeric-blocks" blocks_numeric "$RUN/hostile-$chart-$ext.gp"
        ok "hostile-$chart-$term-plain-labels" labels_plain "$RUN/hostile-$chart-$ext.gp"
        # No character that gnuplot acts on before parsing strings appears
        # raw in the script.
        ok "hostile-$chart-$term-no-backquote" bash -c "! grep -q '[\`@]' '$RUN/hostile-$chart-$ext.gp'"
    done
    ok "hostile-$chart-png" png_ok "$RUN/hostile-$chart.png"
    ok "hostile-$chart-svg-literal" svg_has "$RUN/hostile-$chart.svg" "$H_Q1" "$H_Q2" "$H_G1" "$H_G2" \
        "$H_T" "$H_S" "$H_SRC"
done

# "]]>" may not appear in XML text, and gnuplot's SVG terminal escapes & and
# < but not >: pollplot breaks the sequence with an invisible word joiner.
printf '%s\n' 'question,question_label,by,group,group_label,response,n,share,ci_low,ci_high' \
    'q,Q ]]> end <![CDATA[ x,v,lab,Lab ]]> & < > voters,support,100,0.7,0.6,0.8' \
    'q,Q ]]> end <![CDATA[ x,v,grn,Grn,support,100,0.6,0.5,0.7' >"$TMP/cdata.csv"
t cdata-end-svg --err-empty -- pollplot --groups lab,grn --terminal svg --image "$RUN/cdata.svg" \
    -o "$RUN/cdata.gp" "$TMP/cdata.csv"
ok cdata-end-renders render "$RUN/cdata.gp"
ok cdata-end-well-formed xmllint --noout "$RUN/cdata.svg"
ok cdata-end-text svg_has "$RUN/cdata.svg" "end <![CDATA[ x" "& < > voters"
# A label with a control character other than a line break is refused, with
# its line; so is a label from the data too long to leave room for a chart
# (bad data, exit 1; an option's text too long stays bad usage).
printf 'question,question_label,by,group,group_label,response,n,share,ci_low,ci_high\nq,Q,v,lab,Lab\033[2J,support,100,0.7,0.6,0.8\n' >"$TMP/c0.csv"
t c0-label --status 1 --err-has "c0.csv:2:group_label: label 'Lab\x1B[2J' has a control character (0x1B)" \
    -- pollplot --groups lab "$TMP/c0.csv"
long=$(printf 'words %.0s' $(seq 1 250))
printf 'question,question_label,by,group,group_label,response,n,share,ci_low,ci_high\nq,Q,v,lab,Lab %s,support,100,0.7,0.6,0.8\nq,Q,v,grn,Grn,support,100,0.6,0.5,0.7\n' "$long" >"$TMP/long.csv"
t long-data-label --status 1 --err-has "long.csv:2:group_label: label 'Lab words words" --err-has "is too long" \
    -- pollplot --groups lab,grn "$TMP/long.csv"
t long-option-title --status 2 --err-has "shorten them (--title, --subtitle, --note, --source)" \
    -- pollplot --groups lab,grn --title "$long" "$TMP/cdata.csv"

# A nine-party published table (polltable's): the default chart draws the
# three largest bases and names the rest; the headline reads as English
# ("Conservative and Labour voters and non-voters").
polltable -q -o "$TMP/parties9.csv" "$FIX/plot/parties9_banner.csv"
t parties9-default --err-has 'pollplot: 9 groups by 7 questions do not fit a 1200x675 chart' \
    --err-has 'drawing the 3 groups with the largest bases, Conservative, Labour and Did not vote; left out: Lib Dem, Reform UK, Green, Other, SNP and Plaid Cymru.' \
    --out-has '"Support among Conservative and Labour voters and non-voters"' \
    -- pollplot --image "$RUN/parties9.png" "$TMP/parties9.csv"
ok parties9-three-bars test "$(grep -c '^\$bars[0-9]* << EOD$' "$T_OUT")" = 3
ok parties9-renders render_out parties9-default

# --- house style: --size, --font, --note, --alt, --style ----------------
png_size() {
    [ "$(od -An -tu4 --endian=big -j16 -N8 "$1" | tr -s ' ' | sed 's/^ //;s/ $//')" = "$2 $3" ]
}
t size-png --err-empty --out-has 'set terminal pngcairo size 1600,900 ' -- \
    pollplot --groups lab,grn --size 1600x900 --image "$RUN/size.png" "$SUP"
ok size-png-renders render_out size-png
ok size-png-pixels png_size "$RUN/size.png" 1600 900
t size-pdf-inches --err-empty --out-has 'set terminal pdfcairo size 10in,5in ' -- \
    pollplot --groups lab,grn --terminal pdfcairo --size 10x5in --image "$RUN/size.pdf" "$SUP"
ok size-pdf-renders render_out size-pdf-inches
t size-pdf-cm --err-empty --out-has 'set terminal pdfcairo size 7.874015748in,3.937007874in ' -- \
    pollplot --groups lab,grn --terminal pdfcairo --size 20x10cm --image "$RUN/size.pdf" "$SUP"
t size-pdf-pixels --err-empty --out-has 'set terminal pdfcairo size 8in,4.5in ' -- \
    pollplot --groups lab,grn --terminal pdfcairo --size 1200x675 --image "$RUN/size.pdf" "$SUP"
usage size-bad "--size: '1600' is not WIDTHxHEIGHT (1600x900; for pdfcairo 8x4.5in or 20x11.25cm)" -- \
    pollplot --size 1600 "$SUP"
usage size-small "--size: '100x100' is out of range: each side from 320 to 8000 pixels (2.13 to 53 inches)" -- \
    pollplot --size 100x100 "$SUP"
usage size-inches-png "--size: inches and centimetres are for --terminal pdfcairo; png and svg take pixels (1600x900)" -- \
    pollplot --size 8x4.5in "$SUP"
# Every text's size follows --font's; its name reaches the script escaped.
t font --err-empty --out-has 'set terminal pngcairo size 1200,675 noenhanced font "Liberation Sans,14"' \
    --out-has 'font "Liberation Sans:Bold,23.33"' --out-has 'font "Liberation Sans,11.67" tc rgb "#555555"' \
    --out-lacks 'DejaVu' -- pollplot --groups lab,grn --font 'Liberation Sans,14' --image "$RUN/font.png" "$SUP"
ok font-renders render_out font
t font-hostile --err-empty --out-has 'font "Evil\0140touch pollplot-canary\0140 \"x\",12"' -- \
    pollplot --groups lab,grn --font 'Evil`touch pollplot-canary` "x"' --image "$RUN/evil.png" "$SUP"
ok font-hostile-renders render_out font-hostile
ok font-hostile-no-canary test ! -e "$RUN/pollplot-canary"
usage font-no-size "--font: 'Arial,big' has no size from 6 to 40 points after its comma" -- \
    pollplot --font 'Arial,big' "$SUP"
usage font-colon "--font: 'Arial:Bold' has a character a font name cannot have (':', ',' or a control character)" -- \
    pollplot --font 'Arial:Bold' "$SUP"
# --note: a footnote line before the source.
t note --err-empty --out-has '"Question: do you support or oppose? \0140x\0140"' -- \
    pollplot --groups lab,grn --note 'Question: do you support or oppose? `x`' --source 'Source: X' "$SUP"
ok note-before-source bash -c "grep -n 'Question: do you\|\"Source: X\"' '$T_OUT' | cut -d: -f1 | paste -sd' ' | awk '{ exit !(\$1 < \$2) }'"
# --alt: the figures in words, written atomically; never over the image or
# the script.
t alt --err-empty -- pollplot --groups lab,grn --questions q_temp_status,q_capped_routes --source 'Source: X poll' \
    --alt "$RUN/alt.txt" --image "$RUN/alt.png" -o "$RUN/alt.gp" "$SUP"
cat >"$TMP/alt.want" <<'EOF'
Bar chart: Support among Labour and Green voters.
% support for each question, by 2024 general election vote. Sorted by the groups' average.
Groups: Labour and Green.

Capped safe routes: Labour 55% (margin of error 51% to 60%); Green 38% (margin of error 29% to 49%).
Temporary refugee status: Labour 39% (margin of error 35% to 43%); Green 13% (margin of error 7% to 21%).

Weighted data. Lines show 95% logit confidence intervals. Don't know included in the base.
Sample size: Labour 575–578, Green 122
Source: X poll
EOF
ok alt-text diff "$TMP/alt.want" "$RUN/alt.txt"
t alt-diverging --err-empty -- pollplot --chart diverging --groups lab --questions q_temp_status \
    --alt "$RUN/alt2.txt" -o /dev/null "$SUP"
ok alt-diverging-text grep -q '^Labour: 39% support, 42% oppose; Strongly support 13%, Tend to support 25%, Neither support nor oppose 12%, Tend to oppose 22%, Strongly oppose 20%, Don.t know 7%\.$' "$RUN/alt2.txt"
usage alt-is-image "--image $RUN/alt.png and --alt $RUN/alt.png are the same file: one output would replace the other" -- \
    pollplot --groups lab --image "$RUN/alt.png" --alt "$RUN/alt.png" "$SUP"
usage alt-is-script "-o $RUN/alt.gp and --alt $RUN/alt.gp are the same file: one output would replace the other" -- \
    pollplot --groups lab -o "$RUN/alt.gp" --alt "$RUN/alt.gp" "$SUP"
t alt-failed-run --status 2 -- pollplot --groups nobody --alt "$RUN/none.txt" "$SUP"
ok alt-failed-run-no-file test ! -e "$RUN/none.txt"
# --style: the house's values, overridden by the options given; errors
# name FILE:LINE; its texts reach the script escaped.
cat >"$TMP/house.txt" <<'EOF'
# The Daily Example's house style
size = 1400x800
font = Liberation Sans,13

source = Source: The Daily Example `touch pollplot-canary`
note = Fieldwork 1-3 December
min-base = 0
palette = #1b9e77, #D95F02
colour.Reform UK = #000000
EOF
t style --err-empty --out-has 'size 1400,800 ' --out-has 'font "Liberation Sans,13"' \
    --out-has '"Source: The Daily Example \0140touch pollplot-canary\0140"' --out-has '"Fieldwork 1-3 December"' \
    --out-has 'fc rgb "#000000"' --out-has '$bars3 using' -- \
    pollplot --style "$TMP/house.txt" --groups lab,ref,pc --image "$RUN/style.png" "$SUP"
ok style-renders render_out style
ok style-no-canary test ! -e "$RUN/pollplot-canary"
t style-overridden --err-empty --out-has 'size 1200,700 ' --out-has '"Source: mine"' --out-has 'font "DejaVu Sans,12"' \
    --out-lacks '$bars3 using' -- \
    pollplot --style "$TMP/house.txt" --size 1200x700 --source 'Source: mine' --font 'DejaVu Sans' --min-base 50 \
    --groups lab,ref,pc "$SUP"
# A palette's colours go to groups that are not parties, first.
printf 'question,question_label,by,group,group_label,response,n,share,ci_low,ci_high\nq,Q,r,n,North,support,100,0.7,0.6,0.8\nq,Q,r,s,South,support,100,0.6,0.5,0.7\n' >"$TMP/regions.csv"
t style-palette --err-empty --out-has 'fc rgb "#1B9E77"' --out-has 'fc rgb "#D95F02"' -- \
    pollplot --style "$TMP/house.txt" --response support "$TMP/regions.csv"
style_error() {
    local name=$1 line=$2 message=$3
    printf '%s\n' "$line" >"$TMP/$name.style"
    t "$name" --status 1 --err-is "pollplot: $TMP/$name.style:1: $message" -- \
        pollplot --style "$TMP/$name.style" "$SUP"
}
style_error style-unknown 'colour = #000000' "unknown key 'colour' (the keys: size, font, source, note, min-base, palette, colour.NAME)"
style_error style-no-equals 'size 1600x900' "not a 'key = value' line (the keys: size, font, source, note, min-base, palette, colour.NAME)"
style_error style-size 'size = big' "size 'big' is not WIDTHxHEIGHT (1600x900; for pdfcairo 8x4.5in or 20x11.25cm)"
style_error style-colour 'colour.Labour = #E4003' "colour '#E4003' is not #RRGGBB (six hex digits: #E4003B)"
style_error style-palette 'palette = #E4003B, red' "colour 'red' is not #RRGGBB (six hex digits: #E4003B)"
style_error style-min-base 'min-base = -1' "min-base '-1' is not a whole number from 0 to 1000000000"
style_error style-empty 'note =' "'note' has no value"
printf 'size = 1600x900\nsize = 1200x675\n' >"$TMP/twice.style"
t style-twice --status 1 --err-is "pollplot: $TMP/twice.style:2: 'size' is given twice" -- \
    pollplot --style "$TMP/twice.style" "$SUP"
printf 'size = 8x4.5in\n' >"$TMP/inches.style"
t style-inches-png --status 1 --err-is "pollplot: $TMP/inches.style:1: size in inches or centimetres is for --terminal pdfcairo; png and svg take pixels (1600x900)" -- \
    pollplot --style "$TMP/inches.style" "$SUP"
t style-inches-pdf --err-empty --out-has 'pdfcairo size 8in,4.5in' -- \
    pollplot --style "$TMP/inches.style" --terminal pdfcairo --groups lab "$SUP"
printf 'note = \xff\n' >"$TMP/utf8.style"
t style-utf8 --status 1 --err-is "pollplot: $TMP/utf8.style:1: text is not valid UTF-8" -- \
    pollplot --style "$TMP/utf8.style" "$SUP"

# Every SVG the tests made is well-formed XML.
for f in "$RUN"/*.svg; do
    ok "well-formed $(basename "$f")" xmllint --noout "$f"
done

finish
