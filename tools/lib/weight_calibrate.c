/* Linear and logit calibration for pollweight.
 *
 * Calibration follows R survey's grake() step by step (Newton steps solved
 * with the Moore-Penrose inverse of the (p x p) matrix, computed here by
 * GSL's SVD with ginv()'s tolerance; step halving while g is not finite),
 * so that it follows calibrate()'s path from the same start. Only the stop
 * rule differs: R stops when every |misfit| / (1 + |population|) is below
 * epsilon (default 1e-7, which leaves margin gaps of ~1e-8 and weights
 * ~1e-7 from the solution); here Newton runs until the largest gap between
 * a weighted margin share and its target is below --tolerance (default
 * 1e-10, as for raking), where its quadratic convergence has usually taken
 * the gap to rounding level. See docs/methods.md, "Calibration". */
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "weight_internal.h"

typedef struct calfun {
    int logit;
    double L, U, A;
} calfun;

/* survey's cal.linear and cal.logit: Fm1 (g - 1 as a function of x'eta)
 * and its derivative dF, written as R writes them so that overflow gives
 * the same non-finite values that trigger step halving. */
static double cal_Fm1(const calfun *cf, double u)
{
    if (!cf->logit) {
        double v = u + 1;
        if (v < cf->L)
            v = cf->L;
        if (v > cf->U)
            v = cf->U;
        return v - 1;
    }
    double L = cf->L, U = cf->U, eAu = exp(cf->A * u);
    return (L * (U - 1) + U * (1 - L) * eAu) / (U - 1 + (1 - L) * eAu) - 1;
}

static double cal_dF(const calfun *cf, double u)
{
    if (!cf->logit)
        return (u < cf->U - 1 && u > cf->L - 1) ? 1.0 : 0.0;
    double L = cf->L, U = cf->U, A = cf->A, eAu = exp(A * u);
    double den = U - 1 + (1 - L) * eAu;
    return U * (1 - L) * eAu * A / den - ((L * (U - 1) + U * (1 - L) * eAu) * ((1 - L) * eAu * A)) / (den * den);
}

/* The model matrix, never stored: row i is the intercept then, per margin,
 * the vector m[j].vec[code] (length ncat[j] - 1). A margin without missing
 * values uses treatment contrasts (first category is the reference), as
 * model.matrix() does, with population totals share x N. A margin with
 * missing values kept uses 1[code = k] - share_k for its respondents with a
 * value (0 otherwise), population total 0: weighted shares among those
 * with a value hit the targets, whatever their weighted number. */
typedef struct dmargin {
    size_t off;         /* its first column */
    size_t width;       /* ncat - 1 */
    double *vec;        /* vec[c * width + k], c = ncat for missing */
    int dense;          /* centred coding */
} dmargin;

typedef struct design {
    size_t p;
    size_t nmargin;
    dmargin *m;
    double *pop;
} design;

static void design_free(design *dz)
{
    if (dz->m)
        for (size_t j = 0; j < dz->nmargin; j++)
            free(dz->m[j].vec);
    free(dz->m);
    free(dz->pop);
}

static int design_init(design *dz, const pk_weight_sample *s, const pk_targets *t)
{
    memset(dz, 0, sizeof *dz);
    size_t M = t->nmargin;
    dz->nmargin = M;
    dz->m = calloc(M, sizeof *dz->m);
    if (!dz->m)
        return -1;
    size_t p = 1;
    for (size_t j = 0; j < M; j++) {
        dz->m[j].off = p;
        dz->m[j].width = t->m[j].ncat - 1;
        p += dz->m[j].width;
    }
    dz->p = p;
    dz->pop = calloc(p, sizeof *dz->pop);
    if (!dz->pop)
        return -1;
    double N = (double)s->n;
    dz->pop[0] = N;
    for (size_t j = 0; j < M; j++) {
        dmargin *dm = &dz->m[j];
        size_t K = t->m[j].ncat, wd = dm->width;
        dm->dense = s->missing[j] > 0;
        dm->vec = calloc((K + 1) * (wd ? wd : 1), sizeof(double));
        if (!dm->vec)
            return -1;
        for (size_t c = 0; c < K; c++)
            for (size_t k = 0; k < wd; k++) {
                double ind = (c == k + 1) ? 1.0 : 0.0;
                dm->vec[c * wd + k] = dm->dense ? ind - t->m[j].cat[k + 1].target : ind;
            }
        for (size_t k = 0; k < wd; k++)
            dz->pop[dm->off + k] = dm->dense ? 0.0 : t->m[j].cat[k + 1].target * N;
    }
    return 0;
}

/* Non-zero entries of row i: indices and values into idx/val; returns count. */
static size_t design_row(const design *dz, const pk_weight_sample *s, size_t i, size_t *idx, double *val)
{
    size_t nz = 0;
    idx[nz] = 0;
    val[nz++] = 1.0;
    for (size_t j = 0; j < dz->nmargin; j++) {
        size_t wd = dz->m[j].width;
        uint16_t c = s->code[j][i];
        size_t cc = c == PK_CODE_MISSING ? s->ncat[j] : c;
        const double *v = dz->m[j].vec + cc * wd;
        for (size_t k = 0; k < wd; k++)
            if (v[k] != 0) {
                idx[nz] = dz->m[j].off + k;
                val[nz++] = v[k];
            }
    }
    return nz;
}

/* The calibration's working storage: the design, the multipliers eta (and
 * the step deta), per row x'eta, g and dF, the misfit, and scratch for one
 * design row and the SVD. */
typedef struct calws {
    const pk_weight_sample *s;
    const double *d;        /* design (base) weights */
    calfun cf;
    design dz;
    size_t n, p;
    double *eta, *eta_met, *deta, *misfit, *u;
    double *val;            /* one design row: values ... */
    size_t *idx;            /* ... and their columns */
    double *xeta, *g, *der, *wcur;
    gsl_matrix *T, *V;
    gsl_vector *S, *work;
} calws;

static void calws_free(calws *c)
{
    design_free(&c->dz);
    free(c->eta);
    free(c->eta_met);
    free(c->deta);
    free(c->misfit);
    free(c->val);
    free(c->idx);
    free(c->u);
    free(c->xeta);
    free(c->g);
    free(c->der);
    free(c->wcur);
    gsl_matrix_free(c->T);
    gsl_matrix_free(c->V);
    gsl_vector_free(c->S);
    gsl_vector_free(c->work);
}

/* Returns -1 when out of memory (c is then still safe to free). */
static int calws_init(calws *c, const pk_weight_sample *s, const pk_targets *t, const pk_weight_opts *o,
                      const double *d)
{
    memset(c, 0, sizeof *c);
    c->s = s;
    c->d = d;
    c->n = s->n;
    c->cf = (calfun){0, -INFINITY, INFINITY, 0};
    if (o->has_bounds) {
        c->cf.L = o->bound_lo;
        c->cf.U = o->bound_hi;
    }
    if (o->method == PK_WEIGHT_METHOD_LOGIT) {
        c->cf.logit = 1;
        c->cf.A = (c->cf.U - c->cf.L) / ((c->cf.U - 1) * (1 - c->cf.L));
    }
    if (design_init(&c->dz, s, t))
        return -1;
    size_t n = c->n, p = c->p = c->dz.p;
    c->eta = calloc(p, sizeof *c->eta);
    c->eta_met = calloc(p, sizeof *c->eta_met);
    c->deta = calloc(p, sizeof *c->deta);
    c->misfit = calloc(p, sizeof *c->misfit);
    c->val = calloc(p, sizeof *c->val);
    c->idx = calloc(p, sizeof *c->idx);
    c->u = calloc(p, sizeof *c->u);
    c->xeta = calloc(n, sizeof *c->xeta);
    c->g = calloc(n, sizeof *c->g);
    c->der = calloc(n, sizeof *c->der);
    c->wcur = calloc(n ? n : 1, sizeof *c->wcur);
    c->T = gsl_matrix_alloc(p, p);
    c->V = gsl_matrix_alloc(p, p);
    c->S = gsl_vector_alloc(p);
    c->work = gsl_vector_alloc(p);
    if (!c->eta || !c->eta_met || !c->deta || !c->misfit || !c->val || !c->idx || !c->u || !c->xeta || !c->g ||
        !c->der || !c->wcur || !c->T || !c->V || !c->S || !c->work)
        return -1;
    return 0;
}

/* x'eta, g and dF for every row from eta; returns 1 if all are finite. */
static int cal_update_g(calws *c)
{
    int finite = 1;
    for (size_t i = 0; i < c->n; i++) {
        size_t nz = design_row(&c->dz, c->s, i, c->idx, c->val);
        double x = 0;
        for (size_t z = 0; z < nz; z++)
            x += c->val[z] * c->eta[c->idx[z]];
        c->xeta[i] = x;
        c->g[i] = 1 + cal_Fm1(&c->cf, x);
        c->der[i] = cal_dF(&c->cf, x);
        if (!isfinite(c->g[i]) || !isfinite(c->der[i]))
            finite = 0;
    }
    return finite;
}

/* misfit = population - sum of d g x. */
static void cal_misfit(calws *c)
{
    memcpy(c->misfit, c->dz.pop, c->p * sizeof *c->misfit);
    for (size_t i = 0; i < c->n; i++) {
        size_t nz = design_row(&c->dz, c->s, i, c->idx, c->val);
        double dg = c->d[i] * c->g[i];
        for (size_t z = 0; z < nz; z++)
            c->misfit[c->idx[z]] -= dg * c->val[z];
    }
}

/* T = sum of d dF x x' over the rows. */
static void cal_hessian(calws *c)
{
    gsl_matrix_set_zero(c->T);
    for (size_t i = 0; i < c->n; i++) {
        double v = c->d[i] * c->der[i];
        if (v == 0)
            continue;
        size_t nz = design_row(&c->dz, c->s, i, c->idx, c->val);
        for (size_t a = 0; a < nz; a++)
            for (size_t b = 0; b < nz; b++)
                *gsl_matrix_ptr(c->T, c->idx[a], c->idx[b]) += v * c->val[a] * c->val[b];
    }
}

/* One Newton step: deta = ginv(T) misfit, with MASS::ginv's tolerance,
 * added to eta. T is overwritten by the SVD. */
static int cal_newton_step(calws *c, pk_err *err)
{
    size_t p = c->p;
    if (gsl_linalg_SV_decomp(c->T, c->V, c->S, c->work))
        return pk_err_set(err, PK_ERR_DATA, "calibration: the singular value decomposition failed");
    double smax = gsl_vector_get(c->S, 0), tolsv = 256 * 2.220446049250313e-16 * smax;
    for (size_t k = 0; k < p; k++) {
        double sk = gsl_vector_get(c->S, k), dot = 0;
        if (!(sk > tolsv) || !(sk > 0)) {
            c->u[k] = 0;
            continue;
        }
        for (size_t a = 0; a < p; a++)
            dot += gsl_matrix_get(c->T, a, k) * c->misfit[a];
        c->u[k] = dot / sk;
    }
    for (size_t a = 0; a < p; a++) {
        double v = 0;
        for (size_t k = 0; k < p; k++)
            v += gsl_matrix_get(c->V, a, k) * c->u[k];
        c->deta[a] = v;
        c->eta[a] += v;
    }
    return 0;
}

/* The largest margin gap of the weights d g. */
static double cal_gap(calws *c, const pk_targets *t, const double *const *target)
{
    for (size_t i = 0; i < c->n; i++)
        c->wcur[i] = c->d[i] * c->g[i];
    return pk_weight_margin_gap(c->n, t->nmargin, (const uint16_t *const *)c->s->code, c->s->ncat, target,
                                c->wcur);
}

int pk_weight_calibrate(const pk_weight_sample *s, const pk_targets *t, const pk_weight_opts *o, const double *d,
                        double *w, const double *const *target, long *iters, double *achieved, pk_err *err)
{
    size_t n = s->n;
    double tol = o->tolerance > 0 ? o->tolerance : PK_RAKE_TOLERANCE;
    long maxit = o->max_iter > 0 ? o->max_iter : PK_CAL_MAX_ITER;
    int rc = -1;
    calws c;
    if (calws_init(&c, s, t, o, d)) {
        pk_err_nomem(err);
        goto out;
    }
    size_t p = c.p;
    int polished = 0;
    cal_update_g(&c);
    long iter = 1;
    for (;;) {
        cal_hessian(&c);
        cal_misfit(&c);
        if (cal_newton_step(&c, err))
            goto out;
        int finite = cal_update_g(&c);
        while (iter < maxit && !finite) {
            iter++;
            for (size_t a = 0; a < p; a++) {
                c.deta[a] /= 2;
                c.eta[a] -= c.deta[a];
            }
            finite = cal_update_g(&c);
        }
        if (!finite) {
            /* Out of iterations with the step still too long: report the
             * last weights that were numbers. */
            for (size_t a = 0; a < p; a++)
                c.eta[a] -= c.deta[a];
            cal_update_g(&c);
            *achieved = cal_gap(&c, t, target);
            rc = 1;
            break;
        }
        double worst = cal_gap(&c, t, target);
        if (polished) {
            /* The step after meeting the tolerance: kept only if it
             * brought the margins closer still. */
            if (!(worst <= *achieved)) {
                memcpy(c.eta, c.eta_met, p * sizeof *c.eta);
                cal_update_g(&c);
            } else {
                *achieved = worst;
            }
            rc = 0;
            break;
        }
        *achieved = worst;
        if (worst < tol) {
            /* Newton converges quadratically: one more step takes a gap
             * just under the tolerance to rounding level, so that the
             * weights, not only the margins, are R's to ~1e-12. */
            memcpy(c.eta_met, c.eta, p * sizeof *c.eta);
            polished = 1;
            continue;
        }
        iter++;
        if (iter > maxit) {
            rc = 1;
            break;
        }
    }
    *iters = iter;
    for (size_t i = 0; i < n; i++)
        w[i] = d[i] * c.g[i];
out:
    calws_free(&c);
    return rc;
}
