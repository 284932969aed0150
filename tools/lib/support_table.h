/* The support table (SPEC "Support table"), loaded whole into memory for the
 * programs that read it: pollplot draws it and pollclaim checks claims
 * against it. Columns are found by name, so extra columns and other column
 * orders are accepted. Only question, group, response and share are
 * required: a table typed in from a pollster's published tables may lack
 * standard errors or intervals, and those fields then read as NaN (numbers),
 * -1 (n) or "" (text). A numeric field that is present but does not parse is
 * an error naming FILE:LINE:COLUMN. An empty label defaults to its code. */
#ifndef POLLKIT_SUPPORT_TABLE_H
#define POLLKIT_SUPPORT_TABLE_H

#include <stddef.h>

#include "csvio.h"
#include "error.h"

typedef struct pk_support_table_row {
    const char *question, *question_label, *by, *group, *group_label, *response;
    long n;                                   /* -1 when absent */
    double count, weighted_base, share, se, ci_low, ci_high, deff_kish, n_eff;  /* NaN when absent/empty */
    const char *ci_method, *base, *weight;    /* "" when absent */
    double level;                             /* NaN when absent */
    int low_base;                             /* 0/1; 0 when absent */
    long line;                                /* physical line in the input */
} pk_support_table_row;

typedef struct pk_support_table_chunk pk_support_table_chunk;

typedef struct pk_support_table {
    pk_support_table_row *rows;
    size_t nrows;
    char *name;            /* input name for messages */
    /* private: string storage */
    size_t cap;
    pk_support_table_chunk *chunks;
} pk_support_table;

/* Read every record of r into t (which need not be initialised). Returns 0,
 * or a pk_status with err filled; on failure t is left empty (freeing it is
 * still allowed). */
int pk_support_table_read(pk_csv_reader *r, pk_support_table *t, pk_err *err);
void pk_support_table_free(pk_support_table *t);

/* The first row matching (question, group, response); by NULL matches any
 * `by`. NULL when there is none. */
const pk_support_table_row *pk_support_table_find(const pk_support_table *t, const char *question,
                                   const char *by, const char *group, const char *response);

#endif
