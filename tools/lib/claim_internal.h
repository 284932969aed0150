/* What claim_resolve.c (a claim's names resolved against the support
 * table: its questions, groups and responses) and claim_eval.c (estimates,
 * verdicts and sentences) share beyond claim.h: the table's index, a
 * question's responses, and the claim resolved into a job that
 * pk_claim_eval then evaluates. Calls go one way, from claim_eval.c to
 * claim_resolve.c, claim_mean.c (mean scores) and claim_trend.c (change),
 * and the evaluators call claim_rows.c (rows, verdicts and words they
 * share). Only the claim_ files include
 * this header. */
#ifndef POLLKIT_CLAIM_INTERNAL_H
#define POLLKIT_CLAIM_INTERNAL_H

#include <stddef.h>

#include "claim.h"
#include "err.h"
#include "estimate.h"
#include "scale.h"
#include "support_table.h"
#include "util.h"

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

/* ---- What the evaluators share (claim_rows.c) ------------------------ */

/* A new row of res of the given kind, its numbers NaN or -1; NULL with err
 * filled when memory runs out. */
pk_claim_row *pk_claim_new_row(pk_claim_result *res, const pk_claim *c, pk_claim_row_kind kind,
                               pk_err *err);
/* Copies of a row's names. 0 or PK_ERR_NOMEM. */
int pk_claim_set_strings(pk_claim_row *r, const char *q, const char *ql, const char *g,
                         const char *gl, const char *v, const char *vl, const char *resp,
                         pk_err *err);
/* The sentence b holds, begun with a capital; NULL: out of memory. */
char *pk_claim_sentence(pk_util_sbuf *b);
/* How a group is named in a sentence ("all respondents", its label). */
const char *pk_claim_who(const pk_support_table_group *g);
/* A question's label inside a sentence, a leading capital lowered. */
const char *pk_claim_qtext(char *buf, size_t size, const char *label);
/* The verdict of "x > theta" (above) or "x < theta" from its interval. */
pk_claim_verdict pk_claim_verdict_of(double lo, double hi, double theta, int above, int inclusive);
/* The level a row is judged at: --level, else the row's, else 0.95. */
double pk_claim_level_for(const pk_claim_opts *o, const pk_support_table_row *r);
/* "95% CI". */
void pk_claim_level_words(char *buf, size_t size, double level);
/* " (a small base: 46 respondents)" when low_base is set. */
void pk_claim_low_base(pk_util_sbuf *b, int low_base, long n);
/* The note that the table's se allows for raking, when it does. */
void pk_claim_calibrated_note(pk_util_sbuf *b, int calibrated);

/* A comparison's proposal row: question q, group g1 against g2, response
 * "CODE difference", the one test of a difference (estimate.h: sqrt(se1^2
 * + se2^2), t on the smaller df) at level, its estimate, interval, bases
 * and verdict: HOLDS when significant on the claimed side (as the letters
 * would letter it), FAILS when the whole interval is on the other, else
 * TOO CLOSE TO CALL. The difference in *dd; NULL when memory ran out. */
pk_claim_row *pk_claim_compare_row(pk_claim_result *res, const pk_claim *c, const pk_claim_index *ix, size_t q,
                                   const pk_support_table_group *g1, const pk_support_table_group *g2,
                                   const char *code, double v1, double se1, long n1, long df1, double v2,
                                   double se2, long n2, long df2, double level, pk_estimate_diff *dd,
                                   pk_err *err);

/* ---- Mean scores (claim_mean.c) ----------------------------------------- */

/* "the average rating of Q [among G] is above N": one proposal x group row
 * of res, its verdict in a->v. */
int pk_claim_eval_mean(const pk_claim_index *ix, const pk_claim *c, const pk_claim_opts *o,
                       size_t q, const pk_support_table_group *g, const pk_claim_qscale *s,
                       pk_claim_result *res, pk_claim_atom *a, pk_err *err);
/* "G1 rate Q higher|lower than G2": the difference of the two means,
 * decided as a share comparison is. */
int pk_claim_eval_mean_compare(const pk_claim_index *ix, const pk_claim *c, const pk_claim_opts *o,
                               size_t q, const pk_support_table_group *g1,
                               const pk_support_table_group *g2, const pk_claim_qscale *s,
                               pk_claim_result *res, pk_claim_atom *a, pk_err *err);

/* Whether w is one of list's words, compared without case, '_' read as a
 * space and apostrophes skipped (the code dont_know matches "don't know"). */
int pk_claim_in_list(const char *const *list, const char *w);

/* The design effect that completes a row without a standard error: --deff,
 * else the row's deff_kish, else 1 (claim_rows.c). */
double pk_claim_deff_for(const pk_claim_opts *o, const pk_support_table_row *r);

/* A claim about change between waves (claim_trend.c). */
int pk_claim_trend_eval(const pk_claim *c, const pk_support_table *t, const pk_claim_opts *o,
                        pk_claim_result *res, pk_err *err);

#endif
