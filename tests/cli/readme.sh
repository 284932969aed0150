#!/usr/bin/env bash
# README.md's recipes run: every ```sh block, in order, from a copy of the
# top of the repository (data/ and plots/), with the built programs on the
# PATH, each block stopping at its first failing command. (```bash blocks,
# the build and install commands, are not run here: scripts/test.sh and
# tests/cli/install.sh are those.) The README stays a landing page: at
# most about 200 lines.
. "$(dirname "$0")/lib/harness.sh"
cd "$TMP"
cp -r "$SRC/data" data
mkdir plots
cp "$SRC/plots/claims.txt" plots/
awk '/^```sh$/ { n++; f = sprintf("block%02d.sh", n); print "set -euo pipefail" > f; on = 1; next }
     /^```/ { on = 0; next }
     on { print >> f }' "$SRC/README.md"
blocks=$(ls block*.sh 2>/dev/null | wc -l)
ok "README has recipes to run ($blocks)" test "$blocks" -ge 5
for b in block*.sh; do
    t "README $b: $(sed -n 2p "$b" | cut -c1-60)" -- bash "$b"
done
ok "the sample's claim FAILS, as README says" grep -q "FAILS" "$TMP/verdicts.txt"
ok "the charts were drawn" test -s lab_grn.png -a -s lab_grn_scale.png
ok "the workbook was written" test -s wave.xlsx
lines=$(wc -l <"$SRC/README.md")
ok "README is a landing page ($lines lines, at most 200)" test "$lines" -le 200
finish
