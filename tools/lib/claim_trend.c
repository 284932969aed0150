/* Claims about change between waves ("support has fallen since June"):
 * the change of one response of one question in one group, from the wave
 * the claim names to the table's latest, judged by its interval
 * (docs/guide.md, "Claims about change"; the formulas in docs/methods.md).
 *
 * The change and its interval are the table's change row when it has one
 * (pollsupport --waves: the stacked design's se, a panel's covariance
 * included); else they are made from the two waves' own rows as from
 * separate samples: d = p_b - p_a, se = sqrt(se_a^2 + se_b^2), d -+ z se,
 * and the sentence says so.
 *
 * Verdicts: fallen (risen) HOLDS when the whole interval is below (above)
 * zero, or with 'by at least N points' below -N (above N); FAILS when the
 * whole interval is on the other side of zero, or of -N (N); unchanged
 * within N HOLDS when the whole interval lies within -N..N and FAILS when
 * it lies wholly outside; else TOO CLOSE TO CALL. */
#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "claim.h"
#include "claim_internal.h"
#include "number.h"
#include "util.h"

/* The wave the claim names (pk_support_table_wave_find); -1 and err when
 * none or several. */
static long find_since(const pk_claim *c, const pk_support_table *t, pk_err *err)
{
    long k = pk_support_table_wave_find(t, c->since);
    if (k >= 0)
        return k;
    pk_err_list l = {0};
    for (size_t i = 0; i < t->nwaves; i++)
        pk_err_list_add(&l, ", ", "%s (\"%s\")", t->waves[i].code, t->waves[i].label);
    pk_err_set(err, PK_ERR_DATA, "%s:%ld:%d: '%s' %s; the table's waves are: %s", c->source,
               c->line, c->since_col, c->since,
               k == -2 ? "begins the labels of several waves: write its code" : "is no wave of the table",
               pk_err_list_text(&l));
    return -1;
}

/* A wave's row's standard error: its own, else from n (a published table:
 * sqrt(deff p(1-p)/n), deff from --deff, else the row's deff_kish, else
 * 1, then *assumed is set). NaN when there is nothing to make it from. */
static double row_se(const pk_support_table_row *r, const pk_claim_opts *o, int *assumed)
{
    if (!isnan(r->se))
        return r->se;
    if (r->n <= 0 || isnan(r->share))
        return NAN;
    if (strcmp(r->response_kind, "net_score") == 0)
        return NAN;   /* its variance needs both sides' shares */
    if (!(o->deff > 0) && isnan(r->deff_kish))
        *assumed = 1;
    return sqrt(pk_claim_deff_for(o, r) * r->share * (1 - r->share) / (double)r->n);
}

static pk_claim_verdict verdict(const pk_claim *c, double lo, double hi)
{
    double n = isnan(c->points) ? 0 : c->points;
    if (c->direction == 0) {
        if (lo >= -n && hi <= n)
            return PK_CLAIM_HOLDS;
        if (hi < -n || lo > n)
            return PK_CLAIM_FAILS;
        return PK_CLAIM_TOO_CLOSE;
    }
    /* Fallen: the change below -n; risen: above n. */
    double a = c->direction > 0 ? lo : -hi, b = c->direction > 0 ? hi : -lo;
    if (n > 0 ? a >= n : a > 0)
        return PK_CLAIM_HOLDS;
    if (b < n)
        return PK_CLAIM_FAILS;
    return PK_CLAIM_TOO_CLOSE;
}

/* "58%" / "+9" in points: whole numbers in plain wording, one decimal in
 * methods wording. */
static const char *pct(char *buf, size_t size, double x, const pk_claim_opts *o, int sign)
{
    return pk_number_percent(buf, size, x, o->methods ? 1 : 0, sign, "?");
}

static char *sentence(const pk_claim *c, const pk_claim_opts *o, const pk_support_table_group *g,
                      const pk_support_table_wave *wa, const pk_support_table_wave *wb,
                      const pk_support_table_row *ra, const pk_support_table_row *rb, double d,
                      double lo, double hi, double z_se, int separate, pk_claim_verdict v)
{
    char a[32], b[32], dd[32], m[32], nb[32], lo_s[32], hi_s[32];
    pk_util_sbuf s = {0};
    int all = g->by[0] == '\0' && strcmp(g->group, "All") == 0;
    if (all)
        pk_util_sbuf_add(&s, c->response);   /* capitalised by pk_claim_sentence */
    else
        pk_util_sbuf_addf(&s, "Among %s, %s", g->label, c->response);
    double ad = fabs(d);
    const char *verb = d < 0 ? "fell" : d > 0 ? "rose" : "stayed";
    if (d == 0)
        pk_util_sbuf_addf(&s, " stayed at %s%% in %s and %s", pct(a, sizeof a, rb->share, o, 0),
                          wa->label, wb->label);
    else
        pk_util_sbuf_addf(&s, " %s from %s%% in %s to %s%% in %s, a %s of %s point%s", verb,
                          pct(a, sizeof a, ra->share, o, 0), wa->label, pct(b, sizeof b, rb->share, o, 0),
                          wb->label, d < 0 ? "drop" : "rise", pct(dd, sizeof dd, ad, o, 0),
                          strcmp(pct(dd, sizeof dd, ad, o, 0), "1") == 0 ? "" : "s");
    if (o->methods)
        pk_util_sbuf_addf(&s, " (95%% CI %s to %s points%s)", pct(lo_s, sizeof lo_s, lo, o, 1),
                          pct(hi_s, sizeof hi_s, hi, o, 1),
                          separate ? ", assuming separate samples of respondents in the two waves" : "");
    else
        pk_util_sbuf_addf(&s, " (margin of error \xc2\xb1%s%s)", pct(m, sizeof m, z_se, o, 0),
                          separate ? ", assuming separate samples of respondents in the two waves" : "");
    char claim[200];
    if (isnan(c->points))
        snprintf(claim, sizeof claim, "'%s'", c->change_words);
    else
        snprintf(claim, sizeof claim, "'%s %s %s points'", c->change_words,
                 c->direction ? "by at least" : "within", pct(nb, sizeof nb, c->points, o, 0));
    const char *side = c->direction > 0 ? "above" : "below";
    double n = isnan(c->points) ? 0 : c->points;
    pct(nb, sizeof nb, n, o, 0);
    switch (v) {
    case PK_CLAIM_HOLDS:
        if (c->direction == 0)
            pk_util_sbuf_addf(&s, "; the whole margin of error lies within \xc2\xb1%s points, so %s holds.",
                              nb, claim);
        else if (n > 0)
            pk_util_sbuf_addf(&s, "; even the smallest %s the margin of error allows is %s points or "
                              "more, so %s holds.", c->direction > 0 ? "rise" : "drop", nb, claim);
        else
            pk_util_sbuf_addf(&s, "; the whole margin of error is %s zero, so %s holds.", side, claim);
        break;
    case PK_CLAIM_FAILS:
        if (c->direction == 0)
            pk_util_sbuf_addf(&s, "; the whole margin of error lies beyond %s points, so %s fails.",
                              nb, claim);
        else if (n > 0)
            pk_util_sbuf_addf(&s, "; the whole margin of error is a %s of less than %s points, so %s "
                              "fails.", c->direction > 0 ? "rise" : "drop", nb, claim);
        else
            pk_util_sbuf_addf(&s, "; the whole margin of error is %s zero: it %s, so %s fails.",
                              c->direction > 0 ? "below" : "above", c->direction > 0 ? "fell" : "rose",
                              claim);
        break;
    case PK_CLAIM_TOO_CLOSE:
    case PK_CLAIM_MISLEADING:
        if (c->direction == 0)
            pk_util_sbuf_addf(&s, "; the margin of error reaches beyond \xc2\xb1%s points, so %s is too "
                              "close to call.", nb, claim);
        else if (n > 0)
            pk_util_sbuf_addf(&s, "; the margin of error includes changes of less than %s points, so "
                              "%s is too close to call.", nb, claim);
        else
            pk_util_sbuf_addf(&s, "; the margin of error includes no change, so %s is too close to "
                              "call.", claim);
        break;
    }
    return pk_claim_sentence(&s);
}

int pk_claim_trend_eval(const pk_claim *c, const pk_support_table *t, const pk_claim_opts *o,
                        pk_claim_result *res, pk_err *err)
{
    if (t->nwaves < 2)
        return pk_err_set(err, PK_ERR_DATA, "%s:%ld:%d: a claim about change needs the table of "
                          "several waves, and %s has %s (pollsupport --waves, or polltable --wave "
                          "for each published table, then give pollclaim every table)",
                          c->source, c->line, c->text_col, t->name,
                          t->nwaves ? "one" : "none");
    pk_claim_job j = {.c = c, .words_col = c->response_col};
    int rc = pk_claim_resolve(&j, t, err);
    long wa = rc ? -1 : find_since(c, t, err);
    if (rc == 0 && wa < 0)
        rc = err->status;
    long wb = (long)t->nwaves - 1;
    if (rc == 0 && wa == wb)
        rc = pk_err_set(err, PK_ERR_DATA, "%s:%ld:%d: '%s' is the table's latest wave: a change "
                        "since it needs a later one", c->source, c->line, c->since_col, c->since);
    if (rc) {
        pk_claim_job_free(&j);
        return rc;
    }
    const pk_support_table_group *g = j.gs[0];
    const char *q = j.ix.questions[j.qs[0]], *ql = j.ix.qlabels[j.qs[0]];
    const pk_claim_qresp *resp = &j.scales[0].r[j.rx[0].k];
    const pk_support_table_wave *A = &t->waves[wa], *B = &t->waves[wb];
    const pk_support_table_row *ra = pk_support_table_find_wave(t, q, g->by, g->group, resp->code, A->code, NULL);
    const pk_support_table_row *rb = pk_support_table_find_wave(t, q, g->by, g->group, resp->code, B->code, NULL);
    if (!ra || !rb || isnan(ra->share) || isnan(rb->share)) {
        const pk_support_table_wave *w = !ra || isnan(ra->share) ? A : B;
        rc = pk_err_set(err, PK_ERR_DATA, "%s:%ld:%d: wave %s (\"%s\") has no %s of %s for %s in %s",
                        c->source, c->line, c->text_col, w->code, w->label,
                        !ra || !rb ? "row" : "share", resp->code, g->label, q);
        pk_claim_job_free(&j);
        return rc;
    }
    double level = o->level > 0 ? o->level : !isnan(t->level) ? t->level : 0.95;
    double z = gsl_cdf_ugaussian_Qinv((1 - level) / 2);
    const pk_support_table_row *ch = pk_support_table_find_wave(t, q, g->by, g->group, resp->code,
                                                                B->code, A->code);
    double d, lo, hi, se;
    int separate = 0, assumed = 0;
    if (ch && !isnan(ch->share) && !isnan(ch->se) && !(o->level > 0)) {
        d = ch->share;
        se = ch->se;
        lo = ch->ci_low;
        hi = ch->ci_high;
        if (isnan(lo) || isnan(hi)) {
            lo = d - z * se;
            hi = d + z * se;
        }
    } else {
        /* From the waves' own rows, as separate samples (or the change
         * row's se at another --level). */
        d = rb->share - ra->share;
        if (ch && !isnan(ch->se)) {
            se = ch->se;
        } else {
            separate = 1;
            se = sqrt(pow(row_se(ra, o, &assumed), 2) + pow(row_se(rb, o, &assumed), 2));
        }
        lo = d - z * se;
        hi = d + z * se;
    }
    if (isnan(se) || isnan(lo) || isnan(hi)) {
        rc = pk_err_set(err, PK_ERR_DATA, "%s:%ld:%d: no margin of error for the change of %s of %s "
                        "for %s: the table gives neither a change row nor standard errors (or n) "
                        "for both waves", c->source, c->line, c->text_col, resp->code, q, g->label);
        pk_claim_job_free(&j);
        return rc;
    }
    pk_claim_verdict v = verdict(c, lo, hi);
    for (int k = 0; k < 2 && rc == 0; k++) {
        pk_claim_row *r = pk_claim_new_row(res, c, k ? PK_CLAIM_ROW_PROPOSAL : PK_CLAIM_ROW_CLAIM, err);
        if (!r || pk_claim_set_strings(r, q, ql, g->group, g->label, "", "", resp->code, err) != 0) {
            rc = err->status ? err->status : PK_ERR_NOMEM;
            break;
        }
        r->threshold = isnan(c->points) ? 0 : c->points;
        r->estimate = d;
        r->ci_low = lo;
        r->ci_high = hi;
        r->n = rb->n;
        r->versus_n = ra->n;
        r->verdict = v;
        r->deff_assumed = assumed;
        if (k == 0) {
            r->needed = 1;
            r->proposals = 1;
        }
        r->sentence = sentence(c, o, g, A, B, ra, rb, d, lo, hi, z * se, separate, v);
        r->note = strdup(assumed ? "the margin of error assumes a design effect of 1 (the table "
                                   "gives none)" : "");
        if (!r->sentence || !r->note)
            rc = pk_err_nomem(err);
    }
    pk_claim_job_free(&j);
    return rc;
}
