/* Cleaning a raw survey export into clean microdata with a codebook: recoding
 * every answer to its canonical code (never guessing), applying the exclusion
 * rules, and accounting for every record read.
 *
 * The work is done in two passes, and the input is read once. The first pass
 * (pk_clean_scan) reads and recodes every record, keeping in memory only what
 * the rules need before any output can be written: the interview durations,
 * for the median the speeder rule compares with, and the answers that match
 * no code, so that a run that must stop stops before writing anything. Each
 * record's recoded values go to a temporary file (in $TMPDIR), which the
 * second pass (pk_clean_run) reads back to exclude and write, holding only
 * the respondent ids seen so far (for duplicates) and the per-variable
 * counts. Memory therefore grows with the number of respondents by a few
 * bytes each, never with the size of the records. */
#ifndef POLLKIT_CLEAN_H
#define POLLKIT_CLEAN_H

#include <stdio.h>

#include "codebook.h"
#include "err.h"

enum pk_clean_on_unmatched {
    PK_CLEAN_UNMATCHED_FAIL,     /* stop: list the values, write nothing */
    PK_CLEAN_UNMATCHED_MISSING,  /* write an empty field (the answer is missing) */
    PK_CLEAN_UNMATCHED_EXCLUDE   /* exclude the record with reason `unmatched` */
};

typedef struct pk_clean_opts {
    char delim;               /* ',' or '\t', for the input and every output */
    int dedup;                /* duplicate_id: later records repeating an id */
    double speeder_fraction;  /* speeder: duration < fraction x median; 0 = off */
    int straightliners;       /* straightliner: the whole grid one code */
    int attention;            /* attention_failed */
    int range_check;          /* NAME_out_of_range for each number variable */
    int required;             /* missing_required */
    enum pk_clean_on_unmatched unmatched;
    long skip_rows;           /* extra header rows after the header (Qualtrics) */
    int keep_excluded;        /* keep each raw record for pk_clean_run's `excluded` */
} pk_clean_opts;

/* The defaults: every rule on but straight-lining, speeders under a third
 * of the median, unmatched answers fatal, no extra header rows. */
void pk_clean_opts_default(pk_clean_opts *o);

typedef struct pk_clean pk_clean;

pk_clean *pk_clean_new(const pk_codebook *cb, const pk_clean_opts *o, pk_err *err);
void pk_clean_free(pk_clean *c);

/* First pass: read the input (`name` is used in messages). Fails on
 * malformed CSV, on a codebook column the input lacks (naming the
 * codebook's line) and when the temporary file cannot be written;
 * unmatched answers are collected, not errors. */
int pk_clean_scan(pk_clean *c, FILE *in, const char *name, pk_err *err);

/* Second pass, over what the first kept: write clean rows to `out` and,
 * when `excluded` is not NULL (which needs keep_excluded in the options),
 * every excluded record to it (line, id, reasons, then the raw record).
 * Fails if the temporary file cannot be read back or if the accounting does
 * not balance (rows read != kept + excluded). */
int pk_clean_run(pk_clean *c, const char *name, FILE *out, FILE *excluded, pk_err *err);

/* An exclusion reason, in report order: its name, whether it is switched
 * on, and how many records were excluded for it (a record counts once per
 * reason). */
typedef struct pk_clean_reason {
    char *name;
    int on;
    long count;
} pk_clean_reason;

/* Distinct unmatched answers, by variable in codebook order and then first
 * line: the variable, the raw answer as first seen, how many records gave
 * it (in any spelling with the same normal form) and the first one's line. */
typedef struct pk_clean_unmatched {
    const pk_codebook_var *var;
    const char *raw;
    long count;
    long first_line;
} pk_clean_unmatched;

/* Recoding of one codebook variable. */
typedef struct pk_clean_var_stats {
    long recoded;      /* answers whose clean value differs from the raw text */
    long spellings;    /* distinct raw spellings seen; -1 unless categorical */
    long noband;       /* a band: numbers that fall in no band (else 0) */
    long noband_line;  /* the line of the first of them */
} pk_clean_var_stats;

/* What a cleaner counted, as pk_weight_diag is for weighting. Valid after
 * pk_clean_scan (rows_read, weight_like, median_duration, unmatched) or
 * pk_clean_run (the rest). The arrays belong to the cleaner: they live
 * until pk_clean_free and change with the next pass. */
typedef struct pk_clean_stats {
    long rows_read, rows_kept, rows_excluded;
    long rows_skipped;         /* rows skipped before the header (--skip-rows) */
    long first_line;           /* the line of the first data record */
    /* The input's first column whose name reads as a weight (colname.h), or
     * NULL: such an export was weighted for every row, so excluding rows
     * breaks its weights. */
    const char *weight_like;
    double median_duration;    /* in the duration variable's unit (codebook.h); NaN when unknown */
    size_t nreasons;
    const pk_clean_reason *reasons;
    size_t nunmatched;
    const pk_clean_unmatched *unmatched;
    long unmatched_total;      /* answers, not distinct values */
    size_t nvars;              /* the codebook's variables, in its order */
    const pk_clean_var_stats *vars;
} pk_clean_stats;

void pk_clean_stats_get(const pk_clean *c, pk_clean_stats *st);

/* The readable report (with a machine-readable block at its end, whose
 * median_duration is in seconds whatever the duration's unit). */
int pk_clean_report(const pk_clean *c, FILE *f, const char *input_name);

#endif
