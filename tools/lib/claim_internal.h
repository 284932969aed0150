/* What claim_resolve.c (a claim's names resolved against the support
 * table: its questions, groups and responses) and claim_eval.c (estimates,
 * verdicts and sentences) share beyond claim.h: the table's index, a
 * question's responses, and the claim resolved into a job that
 * pk_claim_eval then evaluates. Calls go one way, from claim_eval.c to
 * claim_resolve.c. Only those two files include this header. */
#ifndef POLLKIT_CLAIM_INTERNAL_H
#define POLLKIT_CLAIM_INTERNAL_H

#include <stddef.h>

#include "claim.h"
#include "err.h"
#include "scale.h"
#include "support_table.h"

/* The table's questions and groups, as the loader indexed them. */
typedef struct pk_claim_index {
    const pk_support_table *t;
    const char *const *questions, *const *qlabels;
    size_t nq;
    const pk_support_table_group *groups;
    size_t ng;
    size_t maxwords;    /* the most words a group's name can take */
} pk_claim_index;

/* One response of a question as the table lists it. */
typedef struct pk_claim_qresp {
    const char *code, *label;
    enum pk_scale_kind kind;
} pk_claim_qresp;

/* A question's responses, in table order (any group's rows). */
typedef struct pk_claim_qscale {
    pk_claim_qresp *r;
    size_t n;
} pk_claim_qscale;

/* How the claim's words were read: the response's index, and whether
 * they named it (code or label) or took a side (a verb: the net). */
typedef struct pk_claim_rname {
    long k;
    int by_verb;
} pk_claim_rname;

typedef struct pk_claim_atom {
    pk_claim_verdict v;      /* the proposal's verdict */
} pk_claim_atom;

/* A claim resolved in the table: its proposals, groups and the response
 * on each proposal, and the verdicts gathered while it is evaluated. */
typedef struct pk_claim_job {
    const pk_claim *c;
    pk_claim_index ix;
    size_t *qs, nq;            /* the proposals, indices into ix.questions */
    const pk_support_table_group **gs;   /* the groups (a comparison's two) */
    size_t ng;
    int grouped;               /* the claim named its groups */
    char *words;               /* the words naming the response */
    int words_col;
    pk_claim_qscale *scales;   /* [nq]: each proposal's responses */
    pk_claim_rname *rx, *ry;   /* [nq]: the response(s) named there */
    pk_claim_atom *atoms;      /* [nq]: the current group's verdicts */
    pk_claim_verdict *gv;      /* [ng]: each group's verdict */
} pk_claim_job;

/* Resolve j->c (j zeroed but for c and words_col) in t: its proposals, its
 * groups (All when it names none; a comparison's two, checked to be
 * disjoint groups of one by column) and, per proposal, the question's
 * responses and the one (a net claim: two) its words name. 0, or the
 * error's status with err filled. j is freed by pk_claim_job_free either
 * way. */
int pk_claim_resolve(pk_claim_job *j, const pk_support_table *t, pk_err *err);
void pk_claim_job_free(pk_claim_job *j);

/* The response standing for a side: its net, else its only code; -1. */
long pk_claim_side_net(const pk_claim_qscale *s, int positive);

/* Whether w is one of list's words, compared without case, '_' read as a
 * space and apostrophes skipped (the code dont_know matches "don't know"). */
int pk_claim_in_list(const char *const *list, const char *w);

/* A new output row of c, its numbers NaN or -1 until set, and its strings
 * set (claim_rows.c). */
pk_claim_row *pk_claim_new_row(pk_claim_result *res, const pk_claim *c, pk_claim_row_kind kind,
                               pk_err *err);
int pk_claim_set_strings(pk_claim_row *r, const char *q, const char *ql, const char *g,
                         const char *gl, const char *v, const char *vl, const char *resp,
                         pk_err *err);

/* A claim about change between waves (claim_trend.c). */
int pk_claim_trend_eval(const pk_claim *c, const pk_support_table *t, const pk_claim_opts *o,
                        pk_claim_result *res, pk_err *err);

#endif
