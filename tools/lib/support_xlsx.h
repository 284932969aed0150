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

/* What a workbook is made from, whoever made the table: its rows in
 * question -> group -> response order (each question a block of its
 * groups x its responses, as pollsupport writes them; support_grid.h puts
 * any loaded table in that order), and the facts its About sheet gives. */
typedef struct pk_support_xlsx_src {
    size_t nrows;
    void (*row)(const void *ctx, size_t i, pk_support_table_row *row);
    const void *ctx;
    pk_support_info info;   /* nrows_input < 0: not known; sig_level <= 0: the
                             * letters (if any) are the table's own, tested
                             * by whoever made it */
    const char *title;      /* the About sheet's and the document's title;
                             * NULL: "Data tables" */
    const char *made_by;    /* the program, for the About sheet */
} pk_support_xlsx_src;

/* Write the workbook of s to the file path (created or truncated). shown
 * is the name messages give it (the user's output, when path is a scratch
 * file); created is the document's creation time; tmpdir where
 * libxlsxwriter keeps its scratch files (NULL: the system's). Returns 0,
 * or an error with err filled naming shown. */
int pk_support_xlsx_write_src(const pk_support_xlsx_src *s, const char *path, const char *shown,
                              time_t created, const char *tmpdir, pk_err *err);

/* The same for pollsupport's table t. */
int pk_support_xlsx_write(const pk_support *t, const char *path, const char *shown,
                          time_t created, const char *tmpdir, pk_err *err);

#endif
