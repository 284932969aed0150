/* The support table: pollsupport's work, from weighted microdata to rows of
 * question x group x response with the columns docs/guide.md documents.
 *
 * pk_support_read reads the input once and keeps, for every question, group
 * and response code, four sums (respondents, zero-weight rows, Sigma w,
 * Sigma w^2): memory grows with questions x groups, never with rows. The
 * groups are `All`, each --by column's groups (codebook order, else
 * numeric order when every code is a number, else bytewise order of the
 * codes: pk_number_order_codes) and its --combine groups, whose sums are their members' sums
 * added (the members are disjoint). The writers then turn the sums into
 * estimates (estimate.h) as CSV/TSV or as a banner table for a terminal.
 *
 * Labels, orders and scales from a codebook come in through pk_support_opts
 * already resolved (question labels and scales, each --by column's
 * categories), so this module does not depend on the codebook's file
 * format. A question without a scale is nominal: its responses are the
 * distinct non-empty values of its column (numeric order when all are
 * numbers, else bytewise order), labelled by themselves.
 *
 * Each question's rows are its scale's responses (scale.h): the codes in
 * scale order, less those --exclude leaves out of the base, then the nets. */
#ifndef POLLKIT_SUPPORT_H
#define POLLKIT_SUPPORT_H

#include <stdio.h>

#include "csvio.h"
#include "err.h"
#include "estimate.h"
#include "targets.h"
#include "scale.h"
#include "support_design.h"
#include "support_table.h"

typedef struct pk_support_question {
    const char *name;   /* column */
    const char *label;  /* question_label; NULL: the column name */
    const pk_scale *scale;  /* its answers; NULL: nominal, from the data */
    const char *wording;  /* question_text: the full wording; NULL: none */
    /* --means: only the question's mean row is written. Its scale must give
     * scores; without a scale the column's values are numbers, each its own
     * score (up to PK_SUPPORT_MEANS_MAX_VALUES distinct values). A missing
     * column is an error. */
    int mean_only;
    /* A multiple-choice question (noptions > 0): no column of its own; its
     * option columns hold 1 (ticked), 0 or empty (not ticked). Its base is
     * the rows with a value in at least one option column; each option is
     * a row (response_kind option, response its column), and the shares
     * may add past 1. */
    const char *const *options;
    const char *const *option_labels;  /* may be NULL or hold NULLs */
    size_t noptions;
} pk_support_question;

#define PK_SUPPORT_MEANS_MAX_VALUES 10000

typedef struct pk_support_by {
    const char *column;         /* the break as written: a column, or "A:B" */
    /* Categories from a codebook, in its order (ncodes 0: no codebook; the
     * groups are those in the data, in numeric order when every code is a
     * number, else bytewise). With a
     * codebook, a value that is not a category counts in All only and is
     * reported in a note. An interlocked break's codebook categories are
     * every combination of its columns' categories; those no row in the
     * subgroup has are not written (a note lists them). */
    size_t ncodes;
    const char *const *codes;
    const char *const *labels;  /* may be NULL, or hold NULLs */
    const char *label;          /* by_label: the break's label ("2024 vote"); NULL: none */
    /* An interlocked break (--by A:B): the columns whose codes it joins,
     * ncolumns >= 2; a row's group is their codes joined by ':'
     * ("lab:female"), and a row with any of them empty is in no group of
     * it. ncolumns 0: column is one input column. */
    const char *const *columns;
    size_t ncolumns;
} pk_support_by;

typedef struct pk_support_combine {
    const char *name;           /* group code and label of the merged group */
    size_t ncodes;
    const char *const *codes;   /* the member groups */
} pk_support_combine;

/* --where COL=CODE[,CODE...] or COL!=CODE[,...]: the subgroup a table is
 * about. A row whose COL is one of the codes (negate: none of them, and
 * not empty) is in it; the others are counted in no domain but stay in
 * the variance (N, the strata's PSUs, the calibration's margins), as in
 * R's subset(design, ...). */
typedef struct pk_support_where {
    const char *column;
    int negate;                 /* != */
    size_t ncodes;
    const char *const *codes;
    const char *const *labels;  /* for the universe column; may be NULL or hold NULLs */
} pk_support_where;

typedef struct pk_support_opts {
    const pk_support_by *by;
    size_t nby;
    const char *weight;          /* weight column; NULL: unweighted */
    /* Questions (at least one). questions_strict 1 (from --questions): a
     * missing column is an error; 0 (from a codebook): a missing column is
     * skipped with a note. */
    const pk_support_question *questions;
    size_t nquestions;
    int questions_strict;
    enum pk_estimate_ci ci;
    double level;
    /* Codes left out of the base (--exclude): each must be a response of
     * some question; a question whose every code is left out is an error. */
    const char *const *exclude;
    size_t nexclude;
    const pk_support_combine *combine;
    size_t ncombine;
    long min_base;
    double sig_level;            /* of the significance letters; 0: 0.95 */
    long max_groups;             /* per --by column; more is an error (0: 1000) */
    long max_codes;              /* per question without a scale (0: 100) */
    /* --calibrated: the margins the weights were raked to; se is then the
     * calibrated se (support_calibrated.h, docs/methods.md). NULL: weights
     * as fixed. Needs a weight column. */
    const pk_targets *calibrated;
    /* --strata, --psu, --fpc, --lonely-psu (support_design.h); NULL: no
     * design (each row its own PSU, one stratum: the se above). */
    const pk_support_design_opts *design;
    /* --where (all must hold); the universe column says the subgroup
     * ("Scotland only"). */
    const pk_support_where *where;
    size_t nwhere;
} pk_support_opts;

typedef struct pk_support pk_support;

/* One pass over r. NULL and err on bad data (a bad weight, an answer that
 * is not a code of the question's scale, naming file, line and column) or
 * bad options found against the data (a missing column, a --combine whose
 * codes are no column's groups, an --exclude code no question has:
 * PK_ERR_USAGE). */
pk_support *pk_support_read(pk_csv_reader *r, const pk_support_opts *o, pk_err *err);

/* pk_support_read in three steps, for a caller that sends each record to
 * one of several tables (--waves: a table per wave): begin after r's
 * header, feed with r's current record (*weight, when not NULL, gets its
 * weight), end after the last. N is the records fed. A failed begin
 * returns NULL; after a failed feed or end, only pk_support_free. */
pk_support *pk_support_begin(pk_csv_reader *r, const pk_support_opts *o, pk_err *err);
int pk_support_feed(pk_support *t, pk_csv_reader *r, double *weight, pk_err *err);
int pk_support_end(pk_support *t, pk_csv_reader *r, pk_err *err);
/* Also add every sum to the stacked design's (not owned; its rows are
 * the caller's to set with pk_support_design_row): the change between
 * waves takes its se there. Call before the first feed. */
void pk_support_stack(pk_support *t, pk_support_design *stack);
void pk_support_free(pk_support *t);

/* Notes for standard error (unknown groups, skipped questions). */
size_t pk_support_nnotes(const pk_support *t);
const char *pk_support_note(const pk_support *t, size_t i);

/* Rows read (N) and table rows that will be written. */
long pk_support_nrows_input(const pk_support *t);

/* The table as CSV (delim ',') or TSV ('\t'). */
void pk_support_write_delim(const pk_support *t, FILE *f, char delim);
/* The banner for a terminal: support_banner.h. */

/* One row of the table, for callers and tests that want numbers, not text. */
/* A row of the table is a pk_support_table_row (support_table.h): the
 * group's letter ("" for All and combined groups) and the letters of the
 * groups of its --by column whose share this one exceeds significantly
 * ("" for All, combined groups, the net score and groups under
 * --min-base) are support_letters.h's; source is NULL (not written). */

/* What the whole table shares: its provenance. Strings belong to it. */
typedef struct pk_support_info {
    const char *source;          /* the input's name */
    long nrows_input;            /* N */
    const char *weight;          /* the weight column; NULL: unweighted */
    const char *ci_method;       /* of shares; the net score's is always mean */
    double level;
    const char *base;            /* every question's base ("all" or "excluding A+B"),
                                  * NULL when they differ */
    const char *se_method;       /* "fixed" or "calibrated" */
    const char *deff_source;     /* "kish" */
    int design;                  /* --strata, --psu or --fpc: a design's se and df */
    const char *universe;        /* --where's subgroup in words; NULL: none */
    long min_base;
    double sig_level;            /* of the significance letters */
} pk_support_info;

void pk_support_info_get(const pk_support *t, pk_support_info *info);

size_t pk_support_nrows(const pk_support *t);
/* Fill row i (0 <= i < pk_support_nrows). Strings belong to the table. */
void pk_support_row_get(const pk_support *t, size_t i, pk_support_table_row *row);

#endif
