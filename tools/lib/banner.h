/* Published banner tables: a pollster's data tables, saved from the
 * spreadsheet as CSV, read into the support table (polltable).
 *
 * A banner prints, per question, a title line, a header of break names
 * ("Gender", "2024 vote") over group names ("Total", "Male", ...) with
 * optional column letters, base rows (unweighted, weighted, sometimes an
 * effective base or a weighting efficiency), one row of percentages per
 * answer (sometimes with a row of counts above or below it), NET rows and
 * rows of significance letters. pk_banner_read recognises those parts, says
 * in notes what it took each line for, and computes each group's share,
 * standard error and interval from the printed figures:
 *   n = the unweighted base; se = sqrt(deff p(1-p)/n);
 *   a net score's se = sqrt(deff (p+ + p- - (p+ - p-)^2)/n);
 *   intervals by estimate.h with n - 1 degrees of freedom.
 * The design effect is the caller's (`given`), else the table's effective
 * base (n / effective base) or weighting efficiency (1 / efficiency), else
 * 1 (`assumed`, with a warning note).
 *
 * Response kinds come from scale_guess.h: NET rows are nets of their side,
 * the don't-know family is `dont_know`, a recognised scale gives its sides,
 * anything else is `nominal`. A row labelled as a mean score ("Mean",
 * "Mean score", "Average", or the caller's words) gives each group a mean
 * row (response_kind `mean`, response `(mean)`): n the column's base less
 * its don't-know share, its se the standard
 * deviation row's figure times sqrt(deff / n) when the table prints one,
 * its interval mean +- t(n - 1) se; without one, se and interval stay
 * empty, with a warning note. */
#ifndef POLLKIT_BANNER_H
#define POLLKIT_BANNER_H

#include <stddef.h>
#include <stdio.h>

#include "csvio.h"
#include "err.h"
#include "estimate.h"
#include "support_table.h"

typedef struct pk_banner_opts {
    double deff;              /* > 0: use this design effect (deff_source `given`) */
    const char *source;       /* the `source` column; NULL or "": empty */
    enum pk_estimate_ci ci;     /* interval method for shares (net scores: p +- t se) */
    double level;             /* interval level, 0 < level < 1 */
    long min_base;            /* low_base is 1 when n < min_base */
    /* Lines where a new page starts (a workbook's sheets), ascending: a
     * question never runs on across one, and a footer at the end of a
     * page is no title for the next. NULL: none. */
    const long *page_starts;
    const char *const *page_names;   /* each page's name (a sheet's); NULL: none */
    size_t npages;
    /* When set, each row goes to row_out as soon as its question is read,
     * instead of being kept (pk_banner_row_at then has none; pk_banner_nrows
     * still counts them), so that memory does not grow with the table;
     * non-zero from it stops the reading with an I/O error. */
    int (*row_out)(void *ctx, const pk_support_table_row *row);
    void *row_ctx;
    /* Labels of a mean score's row and of its standard deviation's, besides
     * the English ones ("Mean", "Mean score", "Average"; "Standard
     * deviation", "SD"): a table in another language ("Moyenne",
     * "Écart-type"). Compared as labels are (textnorm: spacing and ASCII
     * letters' case folded). NULL: none. */
    const char *const *mean_words, *const *sd_words;
    size_t nmean_words, nsd_words;
} pk_banner_opts;

/* One row of the support table made from a banner. Strings belong to the
 * banner. */
/* Rows are support-table rows (support_table.h); line is the line of the
 * share's cell, count is NaN (a banner gives none), deff_kish is the
 * design effect deff_source says where it came from. */

typedef struct pk_banner pk_banner;

/* Read a whole banner from r, which must have been opened with
 * PK_READER_NO_HEADER. NULL and err (FILE:LINE[:COLUMN]) when a line cannot
 * be placed, a column has no unweighted base, or a cell cannot be read. */
pk_banner *pk_banner_read(pk_csv_reader *r, const pk_banner_opts *o, pk_err *err);

/* Whether a row of n cells is a table's base row: its first non-empty
 * cell a base label (Unweighted base, Weighted base, Base: all adults...)
 * and a number after it. A sheet with none holds no table. */
int pk_banner_is_table_row(const char *const *cells, size_t n);
void pk_banner_free(pk_banner *b);

/* What was understood, one line each, in input order: questions, columns,
 * bases, the percentage convention, responses and nets, lines ignored.
 * Warnings start with "warning: ". */
size_t pk_banner_nnotes(const pk_banner *b);
const char *pk_banner_note(const pk_banner *b, size_t i);

size_t pk_banner_nrows(const pk_banner *b);
const pk_support_table_row *pk_banner_row_at(const pk_banner *b, size_t i);

/* The slug a banner's names become codes by: ASCII letters folded to lower
 * case, digits kept, '+' written "plus", apostrophes dropped, every other
 * run of ASCII characters one '_', none at either end; other characters
 * are kept. Returns a new string (NULL when memory runs out); "" when
 * nothing is left. */
char *pk_banner_slug(const char *s);

#endif
