/* Claims about mean scores (claim_internal.h): "the average rating of Q
 * [among G] is above N" and "G1 rate Q higher than G2", judged on a
 * table's mean rows (response_kind mean: the mean in the `mean` column,
 * its se and t interval).
 *
 * A mean against N: HOLDS when the whole interval is on the claimed side
 * of N, FAILS when it is wholly on the other side, else TOO CLOSE TO CALL.
 * Two groups' means: the one test of a difference that share comparisons
 * and the significance letters use (estimate.h: sqrt(se1^2 + se2^2), t on
 * the smaller df), HOLDS when significant on the claimed side, FAILS when
 * the whole interval is on the other. Sentences name the means to one
 * decimal, their margin of error and, when the question's answers are
 * numbered (0 to 10), the scale's range. */
#include "claim_internal.h"
#include "estimate.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "number.h"

typedef pk_support_table_group gref;

typedef struct mean_est {
    double m, se, lo, hi, level;
    long n, df;
    int low_base, calibrated;
} mean_est;

/* x to one decimal, locale-independent (sign: '+' before a positive). */
static char *fmt1(char *buf, size_t size, double x, int sign)
{
    return pk_number_percent(buf, size, x / 100, 1, sign, "?");
}

/* The mean row of (q, g) as an estimate; an interval the table lacks, or
 * one at another level than asked, is the mean +- t se on its df. */
static int mean_of(const pk_claim_index *ix, const pk_claim *c, const pk_claim_opts *o, size_t q,
                   const gref *g, const pk_claim_qscale *s, mean_est *e, pk_err *err)
{
    const pk_support_table_row *r =
        pk_support_table_find(ix->t, ix->questions[q], g->by, g->group, s->r[0].code);
    memset(e, 0, sizeof *e);
    if (!r)
        return pk_err_set(err, PK_ERR_DATA, "%s:%ld: the table has no mean row of question %s in group %s%s%s",
                          c->source, c->line, ix->questions[q], g->by, g->by[0] ? "=" : "", g->group);
    e->m = r->mean;
    e->se = r->se;
    e->lo = r->ci_low;
    e->hi = r->ci_high;
    e->n = r->n;
    e->df = r->df >= 0 ? r->df : r->n > 0 ? r->n - 1 : -1;
    e->low_base = r->low_base;
    e->calibrated = strcmp(r->se_method, "calibrated") == 0;
    e->level = pk_claim_level_for(o, r);
    int relevel = !isnan(r->level) && fabs(r->level - e->level) > 1e-12;
    if (isnan(e->lo) || isnan(e->hi) || relevel) {
        double t = pk_estimate_t(e->level, e->df);
        e->lo = e->hi = NAN;
        if (!isnan(t) && !isnan(e->se) && !isnan(e->m)) {
            e->lo = e->m - t * e->se;
            e->hi = e->m + t * e->se;
        }
    }
    return 0;
}

/* " on a scale of 0 to 10" when the question's answers are numbered;
 * "" otherwise. */
static void scale_words(char *buf, size_t size, const pk_claim_index *ix, size_t q)
{
    double lo, hi;
    char a[PK_NUMBER_BUFSIZE], b[PK_NUMBER_BUFSIZE];
    buf[0] = '\0';
    if (pk_support_table_scale_range(ix->t, q, &lo, &hi))
        snprintf(buf, size, " on a scale of %s to %s", pk_number_format(a, lo, 6), pk_number_format(b, hi, 6));
}

/* How the mean is named: "the average score of" a scale's (the question
 * has answers too), "the average of" a column of numbers (pollsupport
 * --means: mean rows alone). */
static const char *mean_words(const pk_claim_index *ix, size_t q)
{
    for (size_t i = pk_support_table_question_first(ix->t, q); i != SIZE_MAX;
         i = pk_support_table_question_next(ix->t, i))
        if (strcmp(ix->t->rows[i].response_kind, "mean") != 0)
            return "the average score of";
    return "the average of";
}

/* "margin of error +-0.4": the larger half of the interval. */
static void moe_words(char *buf, size_t size, double m, double lo, double hi)
{
    char v[32];
    fmt1(v, sizeof v, fmax(m - lo, hi - m), 0);
    snprintf(buf, size, "margin of error \xC2\xB1%s", v);
}

static void low_base(pk_util_sbuf *b, const mean_est *e)
{
    pk_claim_low_base(b, e->low_base, e->n);
}

/* Why a mean has no interval: no standard error in the table (a
 * published mean without its standard deviation), or no degrees of
 * freedom. */
static const char *no_interval(const mean_est *e)
{
    if (isnan(e->se))
        return "the table gives no standard error for it";
    return "there are no degrees of freedom for an interval";
}

int pk_claim_eval_mean(const pk_claim_index *ix, const pk_claim *c, const pk_claim_opts *o,
                       size_t q, const gref *g, const pk_claim_qscale *s, pk_claim_result *res,
                       pk_claim_atom *a, pk_err *err)
{
    mean_est e;
    if (mean_of(ix, c, o, q, g, s, &e, err) != 0)
        return PK_ERR_DATA;
    pk_claim_row *r = pk_claim_new_row(res, c, PK_CLAIM_ROW_PROPOSAL, err);
    if (!r || pk_claim_set_strings(r, ix->questions[q], ix->qlabels[q], g->group, g->label, "", "",
                                   s->r[0].code, err) != 0)
        return PK_ERR_DATA;
    r->threshold = c->theta;
    r->estimate = e.m;
    r->ci_low = e.lo;
    r->ci_high = e.hi;
    r->n = e.n;
    r->verdict = a->v = pk_claim_verdict_of(e.lo, e.hi, c->theta, c->above, c->inclusive);
    if (!(r->note = strdup("")))
        return pk_err_nomem(err);
    char m[32], lo[32], hi[32], lv[48], moe[64], ql[512], range[128];
    fmt1(m, sizeof m, e.m, 0);
    fmt1(lo, sizeof lo, e.lo, 0);
    fmt1(hi, sizeof hi, e.hi, 0);
    pk_claim_level_words(lv, sizeof lv, e.level);
    moe_words(moe, sizeof moe, e.m, e.lo, e.hi);
    pk_claim_qtext(ql, sizeof ql, ix->qlabels[q]);
    scale_words(range, sizeof range, ix, q);
    const char *th = c->threshold, *side = c->above ? "above" : "below";
    const char *other = c->above ? "below" : "above";
    char n[PK_NUMBER_BUFSIZE];
    pk_number_format(n, c->theta, 12);
    pk_util_sbuf b = {0};
    if (isnan(e.m) || e.n == 0) {
        pk_util_sbuf_addf(&b, "The table has no mean of %s for %s (no respondents); too close to call.", ql,
                          pk_claim_who(g));
    } else {
        int none = isnan(e.lo) || isnan(e.hi);
        pk_util_sbuf_addf(&b, "Among %s, %s %s is %s%s", pk_claim_who(g), mean_words(ix, q), ql, m, range);
        if (none)
            pk_util_sbuf_addf(&b, " (no %s: %s)", o->methods ? "interval" : "margin of error", no_interval(&e));
        else if (o->methods)
            pk_util_sbuf_addf(&b, " (%s %s\xE2\x80\x93%s)", lv, lo, hi);
        else
            pk_util_sbuf_addf(&b, " (%s)", moe);
        low_base(&b, &e);
        switch (none ? PK_CLAIM_TOO_CLOSE : r->verdict) {
        case PK_CLAIM_HOLDS:
            if (o->methods)
                pk_util_sbuf_addf(&b, "; the whole interval is %s %s, so '%s' holds.", side, n, th);
            else
                pk_util_sbuf_addf(&b, "; even at the %s end of the margin of error it is %s %s, so '%s' "
                                      "holds.", c->above ? "low" : "high", side, n, th);
            break;
        case PK_CLAIM_FAILS:
            if (o->methods)
                pk_util_sbuf_addf(&b, "; the whole interval is %s %s, so '%s' fails.", other, n, th);
            else
                pk_util_sbuf_addf(&b, "; even at the %s end of the margin of error it is %s %s, so '%s' "
                                      "does not hold.", c->above ? "high" : "low", other, n, th);
            break;
        case PK_CLAIM_TOO_CLOSE:
        case PK_CLAIM_MISLEADING:
            if (none)
                pk_util_sbuf_addf(&b, ", so '%s' is too close to call.", th);
            else if (o->methods)
                pk_util_sbuf_addf(&b, "; the interval includes %s, so '%s' is too close to call.", n, th);
            else
                pk_util_sbuf_addf(&b, "; %s is within the margin of error, so '%s' is too close to call.", n,
                                  th);
        }
        pk_claim_calibrated_note(&b, e.calibrated);
    }
    r->sentence = pk_claim_sentence(&b);
    return r->sentence ? 0 : pk_err_nomem(err);
}

int pk_claim_eval_mean_compare(const pk_claim_index *ix, const pk_claim *c, const pk_claim_opts *o,
                               size_t q, const gref *g1, const gref *g2, const pk_claim_qscale *s,
                               pk_claim_result *res, pk_claim_atom *a, pk_err *err)
{
    mean_est e1, e2;
    if (mean_of(ix, c, o, q, g1, s, &e1, err) != 0 || mean_of(ix, c, o, q, g2, s, &e2, err) != 0)
        return PK_ERR_DATA;
    /* The one test of a difference, at the first group's level. */
    pk_estimate_diff dd;
    pk_claim_row *r = pk_claim_compare_row(res, c, ix, q, g1, g2, s->r[0].code, e1.m, e1.se, e1.n, e1.df, e2.m,
                                           e2.se, e2.n, e2.df, e1.level, &dd, err);
    if (!r)
        return PK_ERR_DATA;
    a->v = r->verdict;
    if (!(r->note = strdup("")))
        return pk_err_nomem(err);
    char m1[32], m2[32], d[32], lo[32], hi[32], lv[48], moe[64], ql[512], range[128], claimed[600];
    fmt1(m1, sizeof m1, e1.m, 0);
    fmt1(m2, sizeof m2, e2.m, 0);
    fmt1(d, sizeof d, dd.d, 1);
    fmt1(lo, sizeof lo, dd.lo, 1);
    fmt1(hi, sizeof hi, dd.hi, 1);
    pk_claim_level_words(lv, sizeof lv, e1.level);
    moe_words(moe, sizeof moe, dd.d, dd.lo, dd.hi);
    pk_claim_qtext(ql, sizeof ql, ix->qlabels[q]);
    scale_words(range, sizeof range, ix, q);
    snprintf(claimed, sizeof claimed, "%s rate it %s", pk_claim_who(g1), c->more ? "higher" : "lower");
    pk_util_sbuf b = {0};
    if (dd.status == PK_ESTIMATE_DIFF_NO_ESTIMATE || e1.n == 0 || e2.n == 0) {
        if (isnan(e1.se) || isnan(e2.se))
            pk_util_sbuf_addf(&b, "The table gives no standard error for the mean of %s in %s, so it cannot "
                                  "compare %s with %s; too close to call.", ql,
                              pk_claim_who(isnan(e1.se) ? g1 : g2), pk_claim_who(g1), pk_claim_who(g2));
        else
            pk_util_sbuf_addf(&b, "The table cannot compare %s with %s on %s (no estimate); too close to call.",
                              pk_claim_who(g1), pk_claim_who(g2), ql);
    } else {
        pk_util_sbuf_addf(&b, "Among %s, %s %s is %s", pk_claim_who(g1), mean_words(ix, q), ql, m1);
        low_base(&b, &e1);
        pk_util_sbuf_addf(&b, ", against %s among %s", m2, pk_claim_who(g2));
        low_base(&b, &e2);
        pk_util_sbuf_addf(&b, "%s", range);
        if (dd.status != PK_ESTIMATE_DIFF_OK) {
            pk_util_sbuf_addf(&b, ": a difference of %s, with no %s (a group has fewer than 2 respondents, "
                                  "or no base), so '%s' is too close to call.", d,
                              o->methods ? "interval" : "margin of error", claimed);
        } else {
            if (o->methods)
                pk_util_sbuf_addf(&b, ": a difference of %s (%s %s to %s)", d, lv, lo, hi);
            else
                pk_util_sbuf_addf(&b, ": a difference of %s (%s)", d, moe);
            switch (r->verdict) {
            case PK_CLAIM_HOLDS:
                pk_util_sbuf_addf(&b, o->methods ? "; the whole interval is %s zero, so '%s' holds."
                                                 : "; the difference is larger than the margin of error%s, "
                                                   "so '%s' holds.",
                                  o->methods ? (c->more ? "above" : "below") : "", claimed);
                break;
            case PK_CLAIM_FAILS:
                pk_util_sbuf_addf(&b, o->methods ? "; the whole interval is %s zero, so '%s' fails."
                                                 : "; the difference goes the other way by more than the "
                                                   "margin of error%s, so '%s' does not hold.",
                                  o->methods ? (c->more ? "below" : "above") : "", claimed);
                break;
            case PK_CLAIM_TOO_CLOSE:
            case PK_CLAIM_MISLEADING:
                pk_util_sbuf_addf(&b, o->methods ? "; the interval includes zero (no difference), so '%s' is "
                                                   "too close to call."
                                                 : "; the difference is within the margin of error, so '%s' "
                                                   "is too close to call.",
                                  claimed);
            }
        }
        pk_claim_calibrated_note(&b, e1.calibrated && e2.calibrated);
    }
    r->sentence = pk_claim_sentence(&b);
    return r->sentence ? 0 : pk_err_nomem(err);
}
