# agrees NAME REF ARGS...: pollsupport ARGS (TSV, quiet) agrees with R's
# reference $D/REF at every interval method (tests/fixtures/design/
# compare.awk: share and se 1e-8, deff 1e-8 relative, intervals 1e-7, n
# and df exact). Sourced after harness.sh, with D set to the fixtures.
agrees() {
    local name=$1 ref=$2
    shift 2
    for ci in logit beta mean; do
        t "$name, --ci $ci" --err-empty -- pollsupport -q --ci "$ci" --format tsv "$@"
        ok "$name, --ci $ci: agrees with R" awk -v ci="$ci" -f "$D/compare.awk" "$D/$ref" "$T_OUT"
    done
}
