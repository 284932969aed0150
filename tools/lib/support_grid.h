/* A support table read from a file (pollsupport's, polltable's, typed in)
 * put in the order the presentations take: question by question, each a
 * block of its groups (the table's order) x its responses (first
 * appearance), every cell present. A cell the table lacks (a group never
 * asked a response) is a row with the group's n and no share. */
#ifndef POLLKIT_SUPPORT_GRID_H
#define POLLKIT_SUPPORT_GRID_H

#include <stddef.h>

#include "err.h"
#include "support.h"
#include "support_table.h"

typedef struct pk_support_grid {
    const pk_support_table *t;
    pk_support_table_row *rows;   /* the grid, in order; strings are t's */
    size_t nrows;
    pk_support_info info;         /* from the rows: the first row's weight ("" when
                                   * the table does not say, NULL when unweighted),
                                   * methods and level; base when every
                                   * question's is the same; respondents not
                                   * known (-1); the letters the table's own */
} pk_support_grid;

/* Make g from t (which must outlive it). source names the table in the
 * info. Returns 0 or PK_ERR_NOMEM with err filled. */
int pk_support_grid_make(pk_support_grid *g, const pk_support_table *t, const char *source,
                         long min_base, pk_err *err);
void pk_support_grid_free(pk_support_grid *g);

/* Row i of the grid (for pk_support_xlsx_src). */
void pk_support_grid_row(const void *grid, size_t i, pk_support_table_row *row);

#endif
