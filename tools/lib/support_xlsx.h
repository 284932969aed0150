/* The support table as a spreadsheet (.xlsx), laid out as British
 * pollsters' data tables, through libxlsxwriter.
 *
 * Layout: a front sheet ("About") with the table's provenance and a list of
 * the questions, then one sheet per question. One sheet per question rather
 * than the questions stacked on one sheet, because each sheet can then
 * freeze its own header (the wording, the two-level banner with the
 * letters, the bases) and label column, so both stay in view however long
 * the question; a journalist can copy, sort or chart one question without
 * cutting it out of the others; and it is how the pollsters' own Excel
 * tables come (a contents sheet, a tab per table).
 *
 * Each question sheet: the wording as its title; the breaks as a two-level
 * header (--by column over its groups) with each group's letter; the
 * unweighted and weighted bases; each response, then the nets in bold, as
 * cells holding the proportions with a percentage format, and under each
 * row the significance letters (support_letters.h); the footnote on the
 * letters. Nothing is a formula. Widths fit the labels. The document's
 * creation time is the caller's, so the same table gives the same bytes. */
#ifndef POLLKIT_SUPPORT_XLSX_H
#define POLLKIT_SUPPORT_XLSX_H

#include <time.h>

#include "err.h"
#include "support.h"

/* Write t to the file path (created or truncated). shown is the name
 * messages give it (the user's output, when path is a scratch file);
 * created is the document's creation time; tmpdir where libxlsxwriter
 * keeps its scratch files (NULL: the system's). Returns 0, or an error
 * with err filled naming shown. */
int pk_support_xlsx_write(const pk_support *t, const char *path, const char *shown,
                          time_t created, const char *tmpdir, pk_err *err);

#endif
