#!/usr/bin/env bash
# By hand (LibreOffice and ImageMagick are not build dependencies): the
# docs/guide.md's picture of the demo's spreadsheet. Converts plots/support.xlsx
# headless with LibreOffice to PDF, the first question's page with pdftoppm
# to PNG, and crops it to the table with ImageMagick.
#   scripts/xlsx_picture.sh [BOOK.xlsx [OUT.png]]
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
book=${1:-$top/plots/support.xlsx}
out=${2:-$top/plots/support_xlsx.png}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/xlsx_picture.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
cp "$book" "$tmp/book.xlsx"
soffice -env:UserInstallation="file://$tmp/profile" --headless --convert-to pdf \
    --outdir "$tmp" "$tmp/book.xlsx" >/dev/null 2>&1
# Page 1 is the front sheet; page 2 the first question.
pdftoppm -f 2 -l 2 -r 110 -png "$tmp/book.pdf" "$tmp/page"
convert "$tmp"/page-*2.png -trim +repage -bordercolor white -border 12 "$out"
echo "xlsx_picture: $out" >&2
