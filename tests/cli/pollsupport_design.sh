#!/usr/bin/env bash
# pollsupport --strata, --psu, --fpc and --lonely-psu: stratified and
# clustered designs against R's svydesign(..., nest = TRUE) with svyby,
# svymean(deff = "replace") and svyciprop on R's own api and nhanes samples
# (tests/fixtures/design, made by make_fixtures.R), the lonely-PSU rules,
# and the errors a design's columns can hold. docs/methods.md, "Stratified
# and clustered designs", has the formulas.
. "$(dirname "$0")/lib/harness.sh"
not() { ! "$@"; }

D=$FIX/design
YN=sch.wide,awards,both
NH=(--weight WTMEC2YR --psu SDMVPSU --strata SDMVSTRA --questions HI_CHOL,agecat --by race,RIAGENDR)

. "$(dirname "$0")/lib/agrees.sh"

# --- Agreement with R.
agrees "stratified, fpc as counts" ref_strat.tsv --weight pw --strata stype --fpc fpc \
    --questions "$YN" --by yr.rnd,stype "$D/strat.csv"
agrees "stratified, fpc as fractions" ref_strat_fraction.tsv --weight pw --strata stype \
    --fpc fraction --questions "$YN" --by yr.rnd,stype "$D/strat.csv"
agrees "one-stage clusters with fpc" ref_clus1.tsv --weight pw --psu dnum --fpc fpc \
    --questions "$YN" --by stype "$D/clus1.csv"
agrees "clusters without fpc" ref_clus2.tsv --weight pw --psu dnum --questions "$YN" --by stype \
    "$D/clus2.csv"
agrees "NHANES: strata and nested PSUs" ref_nhanes.tsv "${NH[@]}" "$D/nhanes.csv"

# --- A lonely PSU: stratum 83's two PSUs made one (as make_fixtures.R does).
awk -F, -v OFS=, 'NR > 1 && $2 == 83 { $1 = 1 } { print }' "$D/nhanes.csv" >"$TMP/lonely.csv"
for rule in adjust certainty remove; do
    agrees "lonely PSU, --lonely-psu $rule" "ref_lonely_$rule.tsv" --lonely-psu "$rule" "${NH[@]}" \
        "$TMP/lonely.csv"
done
t "lonely PSU fails by default" --status 1 --out "$TMP/.empty" --err-is "pollsupport: $TMP/lonely.csv:2: stratum '83' of SDMVSTRA has only one PSU, whose variance cannot be estimated: give --lonely-psu adjust, certainty or remove to say how to treat it" -- \
    pollsupport "${NH[@]}" "$TMP/lonely.csv"
t "--lonely-psu fail is the default" --status 1 --err-has "stratum '83' of SDMVSTRA has only one PSU" -- \
    pollsupport --lonely-psu fail "${NH[@]}" "$TMP/lonely.csv"
# Without --psu a stratum of one row is lonely; an fpc that says it was
# taken whole makes it no stratum to estimate.
printf 's,w,q,f\na,1,x,3\na,2,y,3\na,1,x,3\nb,1,y,1\n' >"$TMP/onerow.csv"
t "a stratum of one row" --status 1 --err-is "pollsupport: $TMP/onerow.csv:5: stratum 'b' of s has only one row, whose variance cannot be estimated: give --lonely-psu adjust, certainty or remove to say how to treat it" -- \
    pollsupport --weight w --strata s --questions q "$TMP/onerow.csv"
printf 's,w,q,f\na,1,x,5\na,2,y,5\na,1,x,5\nb,1,y,1\n' >"$TMP/census.csv"
t "a stratum taken whole is not lonely" -- pollsupport -q --weight w --strata s --fpc f \
    --questions q "$TMP/census.csv"

# --- --calibrated on the clustered design: weights raked to sex and race
# on NHANES' strata and PSUs, against R's rake() design (backfitting run
# to convergence).
RK=(--weight weight --psu SDMVPSU --strata SDMVSTRA --questions HI_CHOL,agecat --by race,RIAGENDR)
agrees "raked on strata and PSUs" ref_raked.tsv --calibrated "$D/targets_raked.csv" "${RK[@]}" \
    "$D/raked.csv"
ok "raked: se_method calibrated" sh -c "awk -F'\t' 'NR > 1 && \$0 !~ /\tcalibrated\t/' '$T_OUT' | grep -q . && exit 1 || exit 0"
t "raked, calibration ignored" -- pollsupport -q --format tsv "${RK[@]}" "$D/raked.csv"
ok "ignoring the calibration disagrees with R" not sh -c "awk -v ci=logit -f '$D/compare.awk' \
    '$D/ref_raked.tsv' '$T_OUT' >/dev/null 2>&1"
usage "--calibrated with strata but no PSUs" "--calibrated with --strata or --fpc needs --psu (for rows as PSUs, give a column that numbers the rows)" -- \
    pollsupport --weight weight --strata SDMVSTRA --calibrated "$D/targets_raked.csv" \
    --questions HI_CHOL "$D/raked.csv"

# --- Letters and pollclaim's comparisons take the smaller of the two
# groups' df (16 for NHANES' domains: 31 PSUs less 15 strata), not
# min(n1, n2) - 1: the interval of race 1 against race 2 is
# d -+ qt(0.975, 16) sqrt(se1^2 + se2^2).
t "NHANES by race" -- pollsupport -q "${NH[@]}" "$D/nhanes.csv"
cp "$T_OUT" "$TMP/nh.csv"
t "race 1 against race 2" -- pollclaim --claim "race=1 more likely than race=2 to 1 on HI_CHOL" "$TMP/nh.csv"
ok "the comparison's t has 16 df" awk -F, -v OFS=, '
    NR == FNR && FNR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
    NR == FNR { if ($(c["question"]) == "HI_CHOL" && $(c["response"]) == "1" && $(c["by"]) == "race") {
                    p[$(c["group"])] = $(c["share"]); se[$(c["group"])] = $(c["se"]); df[$(c["group"])] = $(c["df"]) }
                next }
    FNR == 1 { for (i = 1; i <= NF; i++) k[$i] = i; next }
    FNR == 2 { d = p[1] - p[2]; s = sqrt(se[1]^2 + se[2]^2); t = 2.1199052992212541
               lo = d - t * s; x = $(k["ci_low"]) - lo; if (x < 0) x = -x
               exit !(df[1] == 16 && df[2] == 16 && x < 1e-11) }' "$TMP/nh.csv" "$T_OUT"
t "banner footnote" --out-has "from design-based standard errors," \
    --out-has "the smaller of the two groups' df, each its PSUs less its strata)." -- \
    pollsupport -q --format table "${NH[@]}" "$D/nhanes.csv"

# --- --where: a subgroup as R's subset(design, ...), the rows outside kept
# in the variance; on the clustered design and on weights alone.
agrees "--where RIAGENDR=2 on the design" ref_where_women.tsv --where RIAGENDR=2 \
    --weight WTMEC2YR --psu SDMVPSU --strata SDMVSTRA --questions HI_CHOL,agecat --by race \
    "$D/nhanes.csv"
ok "universe says the subgroup" sh -c "awk -F'\t' 'NR > 1 && \$0 !~ /\t2 only\t/' '$T_OUT' | grep -q . && exit 1 || exit 0"
agrees "--where 'race!=1,2' on the design" ref_where_not12.tsv --where 'race!=1,2' \
    --weight WTMEC2YR --psu SDMVPSU --strata SDMVSTRA --questions HI_CHOL,agecat --by RIAGENDR \
    "$D/nhanes.csv"
ok "universe: excluding" grep -q $'\texcluding 1 and 2\t' "$T_OUT"
agrees "--where RIAGENDR=2 on weights alone" ref_where_women_weights.tsv --where RIAGENDR=2 \
    --weight WTMEC2YR --questions HI_CHOL,agecat --by race "$D/nhanes.csv"
t "--where: the rows in and out, said" --err-is "pollsupport: $D/nhanes.csv: 4344 of 8591 rows in the subgroup (2 only); the other 4247 stay in the variance, as in R's subset()" -- \
    pollsupport --where RIAGENDR=2 --weight WTMEC2YR --questions HI_CHOL "$D/nhanes.csv"
# Filtering the file first is not the same: high schools lie in a few of
# apiclus2's districts, and a file of them alone has fewer PSUs (n/(n-1)).
t "--where stype=H" -- pollsupport -q --where stype=H --weight pw --psu dnum --questions awards \
    "$D/clus2.csv"
cp "$T_OUT" "$TMP/whereH.csv"
awk -F, 'NR == 1 || $4 == "\"H\""' "$D/clus2.csv" >"$TMP/onlyH.csv"
t "a file of high schools" -- pollsupport -q --weight pw --psu dnum --questions awards "$TMP/onlyH.csv"
ok "filtering first changes the se" not bash -c "cut -d, -f13 '$TMP/whereH.csv' | cmp -s - <(cut -d, -f13 '$T_OUT')"
ok "... but not the share" bash -c "cut -d, -f12 '$TMP/whereH.csv' | cmp -s - <(cut -d, -f12 '$T_OUT')"
# With a codebook the universe is said in labels, and the banner says it.
printf 'region,q_temp_status,w\nscotland,strongly_support,1\nscotland,tend_oppose,2\nwales,neither,1\n' \
    >"$TMP/sample.csv"
t "--where with a codebook" --out-has "Subgroup: Scotland only; the rows outside it stay in the standard errors" -- \
    pollsupport -q --codebook "$SRC/data/codebook.csv" --questions q_temp_status --where region=scotland \
    --format table --weight w "$TMP/sample.csv"
t "--where in a workbook" -- pollsupport -q --codebook "$SRC/data/codebook.csv" --questions q_temp_status \
    --where region=scotland --strata region --lonely-psu certainty --weight w --format xlsx \
    -o "$TMP/where.xlsx" "$TMP/sample.csv"
ok "the About sheet names the subgroup and the design" sh -c "unzip -p '$TMP/where.xlsx' \
    xl/sharedStrings.xml | grep -q 'Scotland only' && unzip -p '$TMP/where.xlsx' xl/sharedStrings.xml \
    | grep -q 'the sample.s strata and PSUs, with its degrees of freedom'"
usage "--where: a code the codebook lacks" "--where: 'scotlnd' is not a code of region in $SRC/data/codebook.csv" -- \
    pollsupport --codebook "$SRC/data/codebook.csv" --where region=scotlnd --weight w "$TMP/sample.csv"
usage "--where: malformed" "--where: expected COL=CODE[,CODE...] or COL!=CODE[,CODE...], got 'region'" -- \
    pollsupport --where region --weight pw --questions awards "$D/clus1.csv"
usage "--where: no codes" "--where: expected COL=CODE[,CODE...] or COL!=CODE[,CODE...], got 'region!='" -- \
    pollsupport --where 'region!=' --weight pw --questions awards "$D/clus1.csv"
t "--where: no such column" --status 1 --err-is "pollsupport: $D/clus1.csv: no --where column 'stipe' (did you mean 'stype'?)" -- \
    pollsupport --where stipe=H --weight pw --questions awards "$D/clus1.csv"
t "--where: nobody in the subgroup" --status 1 --err-is "pollsupport: $D/clus1.csv: no row is in the --where subgroup (X only)" -- \
    pollsupport --where stype=X --weight pw --questions awards "$D/clus1.csv"
t "--where: a code nobody has is said" --err-has "pollsupport: $D/clus1.csv: --where stype: no row has 'X'" -- \
    pollsupport --where stype=H,X --weight pw --questions awards "$D/clus1.csv"
t "--where twice: both hold" --err-has "6 of 183 rows in the subgroup (H only; excluding No)" -- \
    pollsupport --where stype=H --where 'awards!=No' --weight pw --questions both "$D/clus1.csv"
t "--w is still --weight, --wh is --where" -- pollsupport -q --w pw --wh stype=H --questions awards \
    "$D/clus1.csv"

# --- The comparison can fail: the same data without the design.
t "NHANES, design ignored" -- pollsupport -q --format tsv --weight WTMEC2YR \
    --questions HI_CHOL,agecat --by race,RIAGENDR "$D/nhanes.csv"
ok "ignoring the design disagrees with R" not sh -c "awk -v ci=logit -f '$D/compare.awk' \
    '$D/ref_nhanes.tsv' '$T_OUT' >/dev/null 2>&1"
ok "without a design, df is n - 1" awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
    $(c["n"]) > 0 && $(c["df"]) != $(c["n"]) - 1 { exit 1 }' "$T_OUT"

# numbers: the r12 group's rows, from n to n_eff and df and deff, by name.
numbers() {
    awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
        $(c["group"]) == "r12" { s = ""
            for (i = c["n"]; i <= c["n_eff"]; i++) s = s $i ","
            print s $(c["df"]) "," $(c["deff"]) }'
}

# --- A combined group is its members' PSU totals added: the same figures
# as a column that holds the merged group (letters aside: a combined group
# has none).
awk -F, -v OFS=, 'NR == 1 { print $0, "race2"; next }
    { print $0, ($5 == 1 || $5 == 2) ? "r12" : $5 }' "$D/nhanes.csv" >"$TMP/race2.csv"
pollsupport -q --weight WTMEC2YR --psu SDMVPSU --strata SDMVSTRA --questions HI_CHOL --by race \
    --combine r12=1+2 "$TMP/race2.csv" | numbers >"$TMP/comb.csv"
pollsupport -q --weight WTMEC2YR --psu SDMVPSU --strata SDMVSTRA --questions HI_CHOL --by race2 \
    "$TMP/race2.csv" | numbers >"$TMP/col.csv"
ok "combined group = the merged column's group" cmp "$TMP/comb.csv" "$TMP/col.csv"
ok "combined group has rows" test "$(wc -l <"$TMP/comb.csv")" -eq 2

# --- A domain in one PSU of one stratum has 0 degrees of freedom: no interval.
printf 'p,w,q,g\n1,1,x,a\n1,2,y,a\n2,1,x,b\n2,1,y,b\n' >"$TMP/onepsu.csv"
t "domain in one PSU" -- pollsupport -q --weight w --psu p --questions q --by g "$TMP/onepsu.csv"
ok "df 0 and no interval" grep -q '^q,q,g,a,a,x,x,nominal,2,1,3,0.333333333333,[0-9.e-]*,,,.*,0,[0-9.e-]*,$' "$T_OUT"

# --- Bad design columns.
printf 'p,s,w,q,f\n1,a,1,x,10\n,a,1,y,10\n' >"$TMP/nopsu.csv"
t "a row without a PSU" --status 1 --err-is "pollsupport: $TMP/nopsu.csv:3:p: no PSU (--psu): every row needs one" -- \
    pollsupport --weight w --psu p --questions q "$TMP/nopsu.csv"
printf 'p,s,w,q,f\n1,a,1,x,10\n2,,1,y,10\n' >"$TMP/nostratum.csv"
t "a row without a stratum" --status 1 --err-is "pollsupport: $TMP/nostratum.csv:3:s: no stratum (--strata): every row needs one" -- \
    pollsupport --weight w --psu p --strata s --questions q "$TMP/nostratum.csv"
printf 'p,s,w,q,f\n1,a,1,x,10\n2,a,1,y,11\n' >"$TMP/fpcvaries.csv"
t "fpc varying within a stratum" --status 1 --err-is "pollsupport: $TMP/fpcvaries.csv:3:f: fpc '11' differs from 10 on line 2 in the same stratum 'a': the fpc is one number per stratum" -- \
    pollsupport --weight w --psu p --strata s --fpc f --questions q "$TMP/fpcvaries.csv"
printf 'p,s,w,q,f\n1,a,1,x,10\n2,a,1,y,10\n3,b,1,x,0.5\n4,b,1,y,0.5\n' >"$TMP/fpcmixed.csv"
t "fpc counts and fractions mixed" --status 1 --err-is "pollsupport: $TMP/fpcmixed.csv:4:f: fpc 10 is a population count but line 4 has 0.5, a sampling fraction: give one or the other for every stratum" -- \
    pollsupport --weight w --psu p --strata s --fpc f --questions q "$TMP/fpcmixed.csv"
printf 'p,s,w,q,f\n1,a,1,x,2\n2,a,1,y,2\n3,a,1,x,2\n' >"$TMP/fpcsmall.csv"
t "fpc below the sample's PSUs" --status 1 --err-is "pollsupport: $TMP/fpcsmall.csv:2:f: fpc 2 is below the 3 PSUs of stratum 'a' of s in the sample: a population count must be at least the sample's" -- \
    pollsupport --weight w --psu p --strata s --fpc f --questions q "$TMP/fpcsmall.csv"
printf 'p,w,q,f\n1,1,x,-3\n' >"$TMP/fpcneg.csv"
t "a negative fpc" --status 1 --err-is "pollsupport: $TMP/fpcneg.csv:2:f: fpc '-3' is not a positive number (a population count, or a sampling fraction up to 1)" -- \
    pollsupport --weight w --psu p --fpc f --questions q "$TMP/fpcneg.csv"
t "no --psu column" --status 1 --err-is "pollsupport: $D/clus1.csv: no --psu column 'dnun' (did you mean 'dnum'?)" -- \
    pollsupport --weight pw --psu dnun --questions awards "$D/clus1.csv"
usage "--lonely-psu without a design" '--lonely-psu: no design: give --strata or --psu (a stratum with one PSU needs strata)' -- \
    pollsupport --lonely-psu adjust --weight pw --questions awards "$D/clus1.csv"
usage "--psu and --strata one column" "--psu and --strata name the same column 'dnum'" -- \
    pollsupport --psu dnum --strata dnum --weight pw --questions awards "$D/clus1.csv"
usage "--lonely-psu choice" "--lonely-psu: expected fail, adjust, certainty or remove, got 'average'" -- \
    pollsupport --lonely-psu average --psu dnum --weight pw --questions awards "$D/clus1.csv"

# --- The new options keep the prefixes users type: --s is still
# --sig-level, --f --format, --l --level; their own prefixes work.
t "--s is --sig-level" -- pollsupport -q --s 0.9 --weight pw --questions awards "$D/clus1.csv"
t "--f is --format" --out-has "All" -- pollsupport -q --f table --weight pw --questions awards "$D/clus1.csv"
t "--l=0.9 is --level" --out-has ",0.9," -- pollsupport -q --l=0.9 --weight pw --questions awards "$D/clus1.csv"
t "--st is --strata, --p --psu, --fp --fpc" -- pollsupport -q --st stype --p dnum --fp fpc --weight pw \
    --questions awards "$D/clus1.csv"
usage "--lo is --lonely-psu" '--lonely-psu: no design: give --strata or --psu (a stratum with one PSU needs strata)' -- \
    pollsupport --lo fail --weight pw --questions awards "$D/clus1.csv"

finish
