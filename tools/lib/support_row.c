/* A support table's rows from its sums: shares, nets, the net score,
 * mean scores and multiple-choice options, with their standard errors
 * (weights as fixed, calibrated, or a design's), intervals and design
 * effects (docs/methods.md). Split from support.c, which reads the input
 * and keeps the sums. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"
#include "support_internal.h"

/* The rows of the design R subsets to the domain (estimate.h, m of the
 * beta method): a weights-only design's subset keeps the domain's rows
 * (zero weights included), a calibrated (rake()) design's keeps every row
 * of the sample. */
static long design_rows(const pk_support *t, long domain_rows)
{
    return t->cal ? t->N : domain_rows;
}

/* The standard error of a domain under --calibrated or a design: the
 * domain is the cells cell[0..k) (NULL: not in it), cell j counting ys[j]
 * for each of its rows, with estimate p and weighted base W. *se NaN when
 * memory runs out; *df set by a design (the domain's PSUs less its
 * strata). */
static void extra_se(const pk_support *t, size_t k, const pk_support_cell *const *cell,
                     const double *ys, double p, double W, double *se, long *df)
{
    size_t *ids = malloc((k ? k : 1) * sizeof *ids);
    *se = NAN;
    if (!ids)
        return;
    /* Cells without sums have no rows: SIZE_MAX, skipped. */
    for (size_t j = 0; j < k; j++)
        ids[j] = cell[j] && cell[j]->cal ? cell[j]->cal - 1 : SIZE_MAX;
    if (t->cal && !t->des)
        *se = pk_support_calibrated_se(t->cal, k, ids, ys, p, W);
    if (t->des) {
        /* The design's PSU totals, less the calibration's projection. */
        size_t K = t->cal ? pk_support_calibrated_ncategories(t->cal) : 0;
        double *b = t->cal ? malloc((K ? K : 1) * sizeof *b) : NULL;
        if (!t->cal || (b && pk_support_calibrated_project(t->cal, k, ids, ys, p, W, b) == 0)) {
            for (size_t j = 0; j < k; j++)
                ids[j] = cell[j] && cell[j]->des ? cell[j]->des - 1 : SIZE_MAX;
            pk_support_design_se(t->des, k, ids, ys, p, W, b, se, df);
        }
        free(b);
    }
    free(ids);
}

/* Question q's cells c in scale order (through q->perm), those whose `in`
 * is set (NULL: all): extra_se's domain. */
static void extra_se_scale(const pk_support *t, const pk_support_q *q, const pk_support_cell *c,
                           const double *ys, const unsigned char *in, double p, double W,
                           double *se, long *df)
{
    size_t nc = pk_scale_ncodes(q->scale);
    const pk_support_cell **cells = malloc((nc ? nc : 1) * sizeof *cells);
    *se = NAN;
    if (!cells)
        return;
    for (size_t k = 0; k < nc; k++)
        cells[k] = !in || in[k] ? &c[q->perm[k]] : NULL;
    extra_se(t, nc, cells, ys, p, W, se, df);
    free(cells);
}

/* A share row's base: its respondents n, count and weighted base W, and
 * the low-base flag; a domain without respondents gets empty figures
 * (returns 1: nothing more to compute). */
static int row_base(const pk_support *t, pk_support_table_row *row, long n, double count,
                    long double W)
{
    row->n = n;
    row->count = count;
    row->weighted_base = n ? (double)W : 0;
    row->low_base = n < t->o.min_base;
    if (n > 0)
        return 0;
    row->share = row->se = row->ci_low = row->ci_high = row->deff_kish = row->n_eff = NAN;
    row->deff = NAN;
    row->df = -1;
    return 1;
}

/* Option k of a multiple-choice question: the share of the domain (those
 * with a value in any option column) who ticked it, y 1 for the ticked
 * cell and 0 for the other, as a share of one column's answers. */
static void option_row(const pk_support *t, const pk_support_q *q, size_t k,
                       const pk_support_cell *c, pk_support_table_row *row)
{
    const pk_support_cell *in[2] = {&c[k], &c[q->nopt + k]};
    double yv[2] = {1, 0};
    long double sw[2] = {in[0]->sw, in[1]->sw}, sw2[2] = {in[0]->sw2, in[1]->sw2};
    long double W = sw[0] + sw[1];
    long n = in[0]->n + in[1]->n, nz = in[0]->nz + in[1]->nz;
    row->response_kind = pk_scale_kind_name(PK_SCALE_KIND_OPTION);
    if (row_base(t, row, n, (double)in[0]->n, W))
        return;
    pk_estimate_share_se(t->N, W, 2, yv, sw, sw2, &row->share, &row->se);
    row->df = n - 1;
    if (t->cal || t->des)
        extra_se(t, 2, in, yv, row->share, (double)W, &row->se, &row->df);
    pk_estimate_interval(t->o.ci, row->share, row->se, n, row->df, design_rows(t, n + nz),
                         t->o.level, &row->ci_low, &row->ci_high);
    pk_estimate_kish(n, W, sw2[0] + sw2[1], &row->deff_kish, &row->n_eff);
    row->deff = pk_estimate_deff(row->se, row->share, n, W, 2, yv, sw);
}

/* A mean row: the mean of the scores of the domain's respondents who gave
 * a scored code (the others, don't know, are outside its base), its
 * linearization se as any share's with y the score, and a t interval on
 * the whole design's degrees of freedom (R: confint(svyby(~score, ...),
 * df = degf(design))). The mean goes in `mean`; share is empty. */
static void mean_row(const pk_support *t, const pk_support_q *q, const pk_support_cell *c,
                     pk_support_table_row *row)
{
    size_t nc = pk_scale_ncodes(q->scale);
    double *yv = malloc((nc ? nc : 1) * sizeof *yv);
    long double *sw = calloc(nc ? nc : 1, sizeof *sw), *sw2 = calloc(nc ? nc : 1, sizeof *sw2);
    unsigned char *in = calloc(nc ? nc : 1, 1);
    long double W = 0, S2 = 0;
    long n = 0, nz = 0;
    size_t m = 0;
    row->share = row->se = row->ci_low = row->ci_high = row->deff_kish = row->n_eff = NAN;
    row->deff = row->mean = row->count = NAN;
    row->df = -1;
    if (!yv || !sw || !sw2 || !in)
        goto out;
    for (size_t k = 0; k < nc; k++) {
        const pk_support_cell *ck = &c[q->perm[k]];
        double sc = pk_scale_response_at(q->scale, k)->score;
        if (isnan(sc) || q->excl[q->perm[k]])
            continue;
        in[k] = 1;
        yv[m] = sc;
        sw[m] = ck->sw;
        sw2[m++] = ck->sw2;
        W += ck->sw;
        S2 += ck->sw2;
        n += ck->n;
        nz += ck->nz;
    }
    row->n = n;
    row->weighted_base = n ? (double)W : 0;
    row->low_base = n < t->o.min_base;
    if (n == 0)
        goto out;
    double mean, se;
    pk_estimate_share_se(t->N, W, m, yv, sw, sw2, &mean, &se);
    long df = t->whole_df;
    if (t->cal || t->des) {
        double *ys = malloc((nc ? nc : 1) * sizeof *ys);
        long dom_df = -1;
        se = NAN;
        if (ys) {
            for (size_t k = 0; k < nc; k++)
                ys[k] = in[k] ? pk_scale_response_at(q->scale, k)->score : 0;
            extra_se_scale(t, q, c, ys, in, mean, (double)W, &se, &dom_df);
        }
        free(ys);
    }
    row->mean = mean;
    row->se = se;
    row->df = df;
    double tq = n >= 2 ? pk_estimate_t(t->o.level, df) : NAN;
    if (!isnan(tq) && !isnan(se)) {
        row->ci_low = mean - tq * se;
        row->ci_high = mean + tq * se;
    }
    pk_estimate_kish(n, W, S2, &row->deff_kish, &row->n_eff);
    row->deff = pk_estimate_deff(se, mean, n, W, m, yv, sw);
out:
    free(yv);
    free(sw);
    free(sw2);
    free(in);
}

/* Row i's question, output slot and response (an index into q->resp). */
static void locate(const pk_support *t, size_t i, size_t *qi, size_t *si, size_t *ri)
{
    size_t k = 0;
    while (k + 1 < t->nq && t->q[k + 1].row0 <= i)
        k++;
    size_t j = i - t->q[k].row0;
    *qi = k;
    *ri = j % t->q[k].nresp;
    *si = j / t->q[k].nresp;
}

int pk_support_row_part(const pk_support *t, size_t i, const pk_support_table_row *row,
                        double sign, size_t **cells, double **y, pk_support_design_part *part,
                        long double *swe, long double *sw2e2)
{
    size_t qi, si, ri;
    locate(t, i, &qi, &si, &ri);
    const pk_support_q *q = &t->q[qi];
    const pk_scale_response *resp = pk_scale_response_at(q->scale, q->resp[ri]);
    if (resp->kind == PK_SCALE_KIND_MEAN)
        return 1;
    const pk_support_cell *c = t->s[t->outslots[si]].cells[qi];
    size_t nc = q->nopt ? 2 : pk_scale_ncodes(q->scale);
    *cells = malloc(nc * sizeof **cells);
    *y = malloc(nc * sizeof **y);
    const pk_support_cell **cp = malloc(nc * sizeof *cp);
    if (!*cells || !*y || !cp) {
        free(cp);
        return -1;
    }
    for (size_t k = 0; k < nc; k++) {
        if (q->nopt) {
            cp[k] = &c[k ? q->nopt + q->resp[ri] : q->resp[ri]];
            (*y)[k] = k ? 0 : 1;
        } else {
            cp[k] = &c[q->perm[k]];
            (*y)[k] = resp->y[k];
        }
    }
    /* --calibrated: the domain's sums of w e over this wave's rows, by
     * the cells' ids in its calibration; then their ids in the stack. */
    for (size_t k = 0; k < nc && t->cal; k++)
        (*cells)[k] = cp[k]->cal ? cp[k]->cal - 1 : SIZE_MAX;
    int rc = t->cal ? pk_support_calibrated_sums(t->cal, nc, *cells, *y, row->share, row->weighted_base,
                                                 swe, sw2e2)
                    : 0;
    for (size_t k = 0; k < nc; k++)
        (*cells)[k] = cp[k]->sdes ? cp[k]->sdes - 1 : SIZE_MAX;
    free(cp);
    if (rc != 0)
        return -1;
    *part = (pk_support_design_part){nc, *cells, *y, row->share, row->weighted_base, sign};
    return 0;
}

void pk_support_row_get(const pk_support *t, size_t i, pk_support_table_row *row)
{
    size_t qi, si, ri;
    locate(t, i, &qi, &si, &ri);
    const pk_support_q *q = &t->q[qi];
    const pk_support_slot *s = &t->s[t->outslots[si]];
    const pk_scale_response *resp = pk_scale_response_at(q->scale, q->resp[ri]);
    memset(row, 0, sizeof *row);
    row->mean = NAN;
    row->question = q->name;
    row->question_label = q->label;
    row->question_text = q->wording;
    row->universe = t->universe ? t->universe : "";
    row->by = s->by == SIZE_MAX ? "" : t->o.by[s->by].column;
    row->by_label = s->by == SIZE_MAX ? ""
                    : t->o.by[s->by].label ? t->o.by[s->by].label : t->o.by[s->by].column;
    row->group = s->code;
    row->group_label = s->label;
    row->response = resp->code;
    row->response_label = resp->label;
    row->response_kind = pk_scale_kind_name(resp->kind);
    int score = resp->kind == PK_SCALE_KIND_NET_SCORE;
    row->ci_method = score ? "mean" : pk_estimate_ci_name(t->o.ci);
    row->base = q->base;
    row->se_method = t->cal ? "calibrated" : "fixed";
    row->deff_source = "kish";
    row->level = t->o.level;
    row->weight = t->weight ? t->weight : "none";
    row->combined = s->combined;
    row->group_letter = t->letters ? pk_support_letters_group(t->letters, si) : "";
    row->sig_higher_than = t->sig && t->sig[i] ? t->sig[i] : "";
    const pk_support_cell *c = s->cells[qi];
    if (resp->kind == PK_SCALE_KIND_MEAN) {
        row->ci_method = "mean";
        mean_row(t, q, c, row);
        return;
    }
    if (q->nopt) {
        option_row(t, q, q->resp[ri], c, row);
        return;
    }
    /* Classes by y value: 1, -1, 0 (only three values occur). */
    double yv[3] = {1, -1, 0};
    long double sw[3] = {0, 0, 0}, sw2[3] = {0, 0, 0}, W = 0, S2 = 0;
    long n = 0, nz = 0, cnt = 0;
    size_t nc = pk_scale_ncodes(q->scale);
    for (size_t k = 0; k < nc; k++) {
        const pk_support_cell *ck = &c[q->perm[k]];
        int y = resp->y[k];
        int cls = y > 0 ? 0 : (y < 0 ? 1 : 2);
        sw[cls] += ck->sw;
        sw2[cls] += ck->sw2;
        W += ck->sw;
        S2 += ck->sw2;
        n += ck->n;
        nz += ck->nz;
        cnt += (long)y * ck->n;
    }
    if (row_base(t, row, n, (double)cnt, W))
        return;
    pk_estimate_share_se(t->N, W, 3, yv, sw, sw2, &row->share, &row->se);
    row->df = n - 1;
    if (t->cal || t->des) {
        double *ys = malloc((nc ? nc : 1) * sizeof *ys);
        row->se = NAN;
        if (ys) {
            for (size_t k = 0; k < nc; k++)
                ys[k] = resp->y[k];
            extra_se_scale(t, q, c, ys, NULL, row->share, (double)W, &row->se, &row->df);
        }
        free(ys);
    }
    if (score)
        pk_estimate_interval_net(row->share, row->se, n, row->df, t->o.level, &row->ci_low,
                                 &row->ci_high);
    else
        pk_estimate_interval(t->o.ci, row->share, row->se, n, row->df, design_rows(t, n + nz),
                             t->o.level, &row->ci_low, &row->ci_high);
    pk_estimate_kish(n, W, S2, &row->deff_kish, &row->n_eff);
    row->deff = pk_estimate_deff(row->se, row->share, n, W, 3, yv, sw);
}

