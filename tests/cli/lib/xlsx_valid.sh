#!/usr/bin/env bash
# xlsx_valid.sh BOOK.xlsx...: every XML part of every workbook is well-formed
# XML (xmllint --noout), as a spreadsheet needs to open it; prints the
# parts that are not and exits 1 when there is one, or when a file is not
# a zip at all.
set -u
status=0
for book in "$@"; do
    parts=$(unzip -Z1 "$book") || { echo "$book: not a zip archive"; status=1; continue; }
    [ -n "$parts" ] || { echo "$book: no parts"; status=1; continue; }
    while IFS= read -r part; do
        case $part in *.xml|*.rels) ;; *) continue ;; esac
        # unzip takes a name as a wildcard pattern: [ ] * ? escaped.
        pat=$(printf '%s' "$part" | sed 's/[][*?]/\\&/g')
        if ! unzip -p "$book" "$pat" | xmllint --noout - 2>/dev/null; then
            echo "$book: $part is not well-formed XML"
            status=1
        fi
    done <<<"$parts"
done
exit $status
