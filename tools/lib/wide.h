/* A support table as a wide table for chart tools (Datawrapper, Flourish)
 * and editors: one row per question (its positive net, or the first
 * response of a question without sides), or one per question x response;
 * one column per group, All first; labels, never codes; percentages
 * rounded to a stated number of decimals, or the proportions as they are.
 * Any support table will do: pollsupport's, polltable's, or one typed in. */
#ifndef POLLKIT_WIDE_H
#define POLLKIT_WIDE_H

#include <stdio.h>

#include "csvio.h"
#include "support_table.h"

typedef struct pk_wide_opts {
    int responses;     /* a row per question x response, not only the positive net */
    int proportions;   /* shares as proportions to full precision, not percentages */
    int digits;        /* percentages: decimals, 0 to 6 */
} pk_wide_opts;

/* Write t wide through w. notes (may be NULL) gets one line per question
 * saying which response its row holds (without o->responses). 0, or -1
 * when memory ran out. */
int pk_wide_write(const pk_support_table *t, const pk_wide_opts *o, pk_csv_writer *w, FILE *notes);

#endif
