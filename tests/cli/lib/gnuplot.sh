# Checks of gnuplot scripts and what they draw, for the chart tests.
# Sourced after harness.sh; RUN is the scratch directory scripts run in.

# Run a script with gnuplot in $RUN; passes when gnuplot exits 0 and
# prints nothing on stderr.
render() {
    local rc=0
    (cd "$RUN" && LC_ALL=C.UTF-8 gnuplot -d "$1") >"$TMP/gp.out" 2>"$TMP/gp.err" || rc=$?
    if [ "$rc" != 0 ] || [ -s "$TMP/gp.err" ]; then
        echo "gnuplot exit $rc on $1:"
        head -c 800 "$TMP/gp.err"
        return 1
    fi
}

# The SVG's text: every <text> element, tags removed, entities decoded,
# joined by spaces (gnuplot writes each line of a label as one element).
svg_text() {
    xmllint --noout "$1" || return 1
    xmllint --xpath '//*[local-name()="text"]' "$1" |
        sed -e 's/<[^>]*>//g' -e 's/&lt;/</g' -e 's/&gt;/>/g' -e 's/&quot;/"/g' \
            -e "s/&apos;/'/g" -e 's/&amp;/\&/g' | tr '\n' ' '
}

# svg_has FILE LABEL...: each label, its line breaks read as spaces.
svg_has() {
    local f=$1 text l
    shift
    text=$(svg_text "$f") || { echo "not well-formed: $f"; return 1; }
    for l in "$@"; do
        l=${l//$'\n'/ }
        case $text in
            *"$l"*) ;;
            *) echo "SVG $f lacks: $l"; return 1 ;;
        esac
    done
}

# Datablocks hold numbers only: every line between "$name << EOD" and
# "EOD" is numbers and spaces.
blocks_numeric() {
    awk '/^\$[a-z0-9]+ << EOD$/ { inb = 1; next }
         inb && $0 == "EOD" { inb = 0; next }
         inb && $0 !~ /^[-+0-9.eE ]+$/ { print "non-numeric line: " $0; bad = 1 }
         END { exit bad }' "$1"
}

# PNG signature, IHDR width and height 1200 x 675, and the IEND chunk last
# (a whole file).
png_ok() {
    [ -s "$1" ] || return 1
    [ "$(head -c 8 "$1" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] || return 1
    [ "$(od -An -tu1 -j16 -N8 "$1" | tr -s ' ' | sed 's/^ //;s/ $//')" = "0 0 4 176 0 0 2 163" ] || return 1
    [ "$(tail -c 8 "$1" | od -An -tx1 | tr -d ' \n')" = 49454e44ae426082 ]
}

# Every label carrying text is drawn plain, except the SVG headline, whose
# enhanced-text specials are escaped.
labels_plain() {
    ! grep '^set label' "$1" | grep -v 'noenhanced' | grep -v '^set label "{/:Bold '
}
