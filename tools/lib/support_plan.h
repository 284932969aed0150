/* What a support table counts, from pollsupport's options and a codebook:
 * the question columns with their labels and answer scales, and the --by
 * columns with their categories. This is the codebook-to-options step of
 * pollsupport, kept out of main() so that it can be tested: every question
 * named in --questions takes its label and scale from the codebook when the
 * codebook has the column (a category or band column gets a nominal scale of
 * its codes); without --questions the codebook's questions are counted; a
 * --by column the codebook describes brings its codes and labels, in the
 * codebook's order. A --by "A:B" (no codebook variable of that name) is an
 * interlocked break of the columns A and B (or more: "A:B:C"): its
 * categories, when the codebook describes every column, are the
 * combinations in the codebook's orders (A's first), coded "a:b" and
 * labelled "Label a · Label b"; its label joins the columns' labels the same
 * way. The plan points into the codebook and the name lists:
 * they must outlive it. */
#ifndef POLLKIT_SUPPORT_PLAN_H
#define POLLKIT_SUPPORT_PLAN_H

#include <stddef.h>

#include "codebook.h"
#include "err.h"
#include "scale.h"
#include "support.h"

typedef struct pk_support_plan {
    pk_support_question *questions;
    size_t nquestions;
    int strict;                 /* 1: from --questions (pk_support_opts.questions_strict) */
    pk_support_by *by;
    size_t nby;
    pk_scale **owned;           /* nominal scales made for category columns */
    size_t nowned, capowned;
    char **strs;                /* interlocked breaks' column names, codes and labels */
    size_t nstrs, capstrs;
} pk_support_plan;

/* Fill p (zeroed first) from the names in questions (nq of them; questions
 * NULL: the codebook's questions, which cb must then be; non-NULL with nq 0:
 * none, for --means alone) and by (nby), with cb NULL
 * when there is no codebook; cb_name names the codebook in messages.
 * Returns 0, or non-zero with err filled: a codebook without questions, a
 * category column whose codes make no scale, memory running out. p is
 * freed on failure. */
int pk_support_plan_make(pk_support_plan *p, const pk_codebook *cb, const char *cb_name,
                         const char *const *questions, size_t nq, const char *const *by,
                         size_t nby, pk_err *err);

/* --means: add the columns means[0..n) as mean-only questions
 * (pk_support_question.mean_only), each with its codebook label, wording
 * and scale when the codebook has the column. */
int pk_support_plan_add_means(pk_support_plan *p, const pk_codebook *cb,
                              const char *const *means, size_t n, pk_err *err);

void pk_support_plan_free(pk_support_plan *p);

#endif
