/* Population targets for pollweight: the parser of the targets file.
 *
 * A targets file is CSV with the columns `variable,category,target` and an
 * optional `source` (ignored here). Each variable is one margin; its rows
 * give the population share of each category among people with a value for
 * it. A variable `a:b` is an interlocked margin over the columns a and b,
 * its categories written `x:y` (any number of `:`-joined columns works the
 * same way). The parser checks everything that can be checked without the
 * sample: numbers, negative and duplicate targets, malformed interlocked
 * categories and shares that do not sum to 1; every message names the
 * targets file and line. */
#ifndef POLLKIT_TARGETS_H
#define POLLKIT_TARGETS_H

#include <stddef.h>
#include <stdio.h>

#include "err.h"

/* Tolerance on the sum of one variable's shares (docs/guide.md, pollweight). */
#define PK_TARGETS_SUM_TOL 1e-6

/* One category of a margin: one row of the targets file. */
typedef struct pk_targets_category {
    char *name;        /* as written ("male", "male:18-24") */
    char **part;       /* part[c]: its value of the margin's column c */
    double target;     /* its share; a margin's shares sum to 1 (after --normalize) */
    long line;         /* its line in the targets file */
} pk_targets_category;

typedef struct pk_targets_margin {
    char *name;        /* the variable as written: "sex" or "sex:age_band" */
    size_t ncol;       /* columns it spans: 1, or 2+ for an interlocked margin */
    char **col;        /* the column names */
    size_t ncat, capcat;
    pk_targets_category *cat;  /* in the order of the file */
    long first_line;   /* line of the margin's first row */
    double raw_sum;    /* sum of the shares as read */
} pk_targets_margin;

typedef struct pk_targets {
    char *path;        /* the name used in messages */
    size_t nmargin, capmargin;
    pk_targets_margin *m;      /* in order of first appearance in the file */
} pk_targets;

/* Read a targets file ("-" is standard input). With normalize non-zero,
 * shares that do not sum to 1 are divided by their sum instead of being an
 * error. Returns NULL and fills err on failure. */
pk_targets *pk_targets_read(const char *path, int normalize, pk_err *err);

/* The same on an open stream, named `name` in messages. */
pk_targets *pk_targets_read_stream(FILE *stream, const char *name, int normalize, pk_err *err);

void pk_targets_free(pk_targets *t);

/* Two margins over a common column that give one of its values different
 * shares (by more than PK_TARGETS_SUM_TOL), e.g. 'sex' and 'sex:edu': no
 * weights meet both when every respondent has a value. Returns 1 and
 * describes the first such pair in buf, or 0. */
int pk_targets_conflict(const pk_targets *t, char *buf, size_t size);

/* The data a targets file is applied to, for the rule below: the data's
 * name, what carries a share ("base weight" before weighting, "weight"
 * after), and a clause said after every refusal (NULL: none). */
typedef struct pk_targets_use {
    const char *input;
    const char *weight;
    const char *context;
} pk_targets_use;

/* The one rule for a target category against the data (pollweight before
 * it weights, pollsupport --calibrated before it trusts the weights): a
 * positive target needs respondents with the category, and a positive
 * weight among them to carry the share; a target of 0 needs nobody with
 * the category (weights meeting it would be 0 for them), and a category
 * with target 0 and no respondents is accepted (a share of 0 met by
 * nobody). count: respondents with category k of margin j (a value in
 * every column of the margin); weight_sum: their weights. Returns 0, or
 * PK_ERR_DATA with err naming the targets file and line. */
int pk_targets_check_category(const pk_targets *t, size_t j, size_t k, long count,
                              double weight_sum, const pk_targets_use *use, pk_err *err);

/* Index of the category of margin m whose parts are vals[0..m->ncol)
 * (lengths lens), or -1. */
long pk_targets_margin_find(const pk_targets_margin *m, const char *const *vals, const size_t *lens);

#endif
