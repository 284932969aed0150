/* pollweight's methods (weight.h): raking with optional caps, or linear
 * or logit calibration, from the base weights to the targets and scaled to
 * the total, with the errors that say why weights cannot be made, and the
 * diagnostics of the weights. The work is done in weight_sample.c (reading
 * the sample), weight_rake.c (raking and capping), weight_calibrate.c
 * (calibration) and weight_report.c (the summary and the report), which
 * share weight_internal.h. */
#include <float.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "number.h"
#include "weight_internal.h"

/* --------------------------------------------------------- diagnostics */

void pk_weight_diag_free(pk_weight_diag *diag)
{
    if (diag->cat)
        for (size_t j = 0; j < diag->nmargin; j++)
            free(diag->cat[j]);
    free(diag->cat);
    diag->cat = NULL;
}

int pk_weight_diagnose(const pk_weight_sample *s, const pk_targets *t, const double *w, pk_weight_diag *diag)
{
    size_t n = s->n;
    pk_weight_diag_free(diag);
    diag->n = n;
    diag->negative = 0;
    diag->nmargin = t->nmargin;
    diag->cat = calloc(t->nmargin, sizeof *diag->cat);
    double *copy = malloc((n ? n : 1) * sizeof *copy);
    if (!diag->cat || !copy)
        goto nomem;
    /* Kish's ratio is computed on the weights divided by the largest, so
     * that squares neither underflow nor overflow whatever the total. */
    double scale = 0;
    for (size_t i = 0; i < n; i++)
        if (fabs(w[i]) > scale)
            scale = fabs(w[i]);
    double sw = 0, ssw = 0, ssw2 = 0, lo = INFINITY, hi = -INFINITY;
    for (size_t i = 0; i < n; i++) {
        sw += w[i];
        if (scale > 0) {
            ssw += w[i] / scale;
            ssw2 += (w[i] / scale) * (w[i] / scale);
        }
        if (w[i] < lo)
            lo = w[i];
        if (w[i] > hi)
            hi = w[i];
        if (w[i] < 0)
            diag->negative++;
        copy[i] = w[i];
    }
    diag->total = sw;
    diag->wmin = lo;
    diag->wmax = hi;
    diag->ratio = lo > 0 ? hi / lo : lo == 0 ? INFINITY : NAN; /* NaN: undefined with negative weights */
    diag->wmedian = n ? gsl_stats_median(copy, 1, n) : NAN;
    diag->deff = ssw > 0 ? (double)n * ssw2 / (ssw * ssw) : NAN;
    diag->efficiency = 1 / diag->deff;
    diag->n_eff = (double)n / diag->deff;
    free(copy);
    double gap = 0;
    for (size_t j = 0; j < t->nmargin; j++) {
        const pk_targets_margin *m = &t->m[j];
        pk_weight_category_diag *c = calloc(m->ncat, sizeof *c);
        if (!c)
            goto nomem;
        diag->cat[j] = c;
        double *ws = calloc(m->ncat, sizeof *ws);
        if (!ws)
            goto nomem;
        size_t valid = 0;
        double wtot = 0;
        for (size_t i = 0; i < n; i++) {
            uint16_t k = s->code[j][i];
            if (k == PK_CODE_MISSING)
                continue;
            c[k].n++;
            ws[k] += w[i];
            valid++;
            wtot += w[i];
        }
        for (size_t k = 0; k < m->ncat; k++) {
            c[k].target = m->cat[k].target;
            c[k].unweighted = valid ? (double)c[k].n / (double)valid : NAN;
            c[k].weighted = wtot > 0 ? ws[k] / wtot : NAN;
            double g = fabs(c[k].weighted - c[k].target);
            if (!(g <= gap))
                gap = g;
        }
        free(ws);
    }
    diag->max_gap = gap;
    return 0;
nomem:
    free(copy);
    pk_weight_diag_free(diag);
    return -1;
}

/* --------------------------------------------------------- the methods */

static void scale_to(double *w, size_t n, double total)
{
    double s = 0;
    for (size_t i = 0; i < n; i++)
        s += w[i];
    if (s > 0)
        for (size_t i = 0; i < n; i++)
            w[i] *= total / s;
}

/* The raking loops want each margin's shares as one array of doubles: one
 * block holds the M pointers and, after them, the shares, so that one free
 * frees both. */
static const double **target_shares(const pk_targets *t)
{
    size_t M = t->nmargin;
    size_t head = (M * sizeof(double *) + sizeof(double) - 1) / sizeof(double) * sizeof(double);
    size_t nshares = 0;
    for (size_t j = 0; j < M; j++)
        nshares += t->m[j].ncat;
    const double **target = malloc(head + nshares * sizeof(double));
    if (!target)
        return NULL;
    double *share = (double *)(void *)((char *)target + head);
    for (size_t j = 0; j < M; j++) {
        target[j] = share;
        for (size_t k = 0; k < t->m[j].ncat; k++)
            *share++ = t->m[j].cat[k].target;
    }
    return target;
}

static int rake_error(const pk_targets *t, long sweeps, double gap, double tol, pk_err *err)
{
    char b1[PK_NUMBER_BUFSIZE], b2[PK_NUMBER_BUFSIZE], why[512];
    if (pk_targets_conflict(t, why, sizeof why))
        return pk_err_set(err, PK_ERR_DATA,
                          "raking did not converge in %ld sweeps: the largest margin gap is %s "
                          "(tolerance %s): the targets are inconsistent with each other: %s",
                          sweeps, pk_number_format(b1, gap, 3), pk_number_format(b2, tol, 3), why);
    return pk_err_set(err, PK_ERR_DATA,
                      "raking did not converge in %ld sweeps: the largest margin gap is %s "
                      "(tolerance %s); are the targets consistent with each other?",
                      sweeps, pk_number_format(b1, gap, 3), pk_number_format(b2, tol, 3));
}

/* A category whose share needs an average weight outside the caps
 * (margins without missing values, where that average is fixed) makes
 * them impossible whatever the other margins do. */
static int caps_impossible(const pk_weight_sample *s, const pk_targets *t, const pk_weight_opts *o, pk_err *err)
{
    size_t n = s->n;
    char b1[PK_NUMBER_BUFSIZE], b2[PK_NUMBER_BUFSIZE];
    for (size_t j = 0; j < t->nmargin; j++) {
        if (s->missing[j])
            continue;
        const pk_targets_margin *m = &t->m[j];
        for (size_t k = 0; k < m->ncat; k++) {
            size_t cnt = 0;
            for (size_t i = 0; i < n; i++)
                cnt += s->code[j][i] == k && pk_weight_sample_base(s, i) > 0;
            double need = cnt ? m->cat[k].target * (double)n / (double)cnt : 0;
            if (cnt && (need < o->cap_lo || need > o->cap_hi))
                return pk_err_set(err, PK_ERR_DATA,
                                  "the caps %s,%s cannot hold: category '%s' of '%s' (target %s, %zu of %zu "
                                  "respondents) needs an average weight of %s times the mean",
                                  pk_number_format(b1, o->cap_lo, 6), pk_number_format(b2, o->cap_hi, 6),
                                  m->cat[k].name, m->name,
                                  pk_number_format((char[PK_NUMBER_BUFSIZE]){0}, m->cat[k].target, 6), cnt, n,
                                  pk_number_format((char[PK_NUMBER_BUFSIZE]){0}, need, 4));
        }
    }
    return 0;
}

/* Capping, on raked weights that break the caps: clip to the caps
 * (relative to the mean the clipped weights have), then re-rake with every
 * margin step holding the caps, until both the caps and the margins hold.
 * sweeps and gap are the plain raking's. Returns -1 when out of memory,
 * else 0 or the error's status. */
static int apply_caps(const pk_weight_sample *s, const pk_targets *t, const pk_weight_opts *o,
                      const double *const *target, double *w, double tol, long maxit, long sweeps, double gap,
                      pk_weight_diag *diag, pk_err *err)
{
    size_t n = s->n;
    char b1[PK_NUMBER_BUFSIZE], b2[PK_NUMBER_BUFSIZE];
    pk_weight_clip_to_mean(w, n, o->cap_lo, o->cap_hi);
    scale_to(w, n, (double)n);
    long more = 0;
    int r = sweeps < maxit ? pk_weight_rake_capped(n, t->nmargin, (const uint16_t *const *)s->code, s->ncat, target,
                                                   w, o->cap_lo, o->cap_hi, tol, maxit - sweeps, &more, &gap)
                           : 1;
    if (r < 0)
        return -1;
    sweeps += more;
    diag->iterations = sweeps;
    diag->cap_rounds = more;
    if (r > 0 || !pk_weight_caps_hold(w, n, o->cap_lo, o->cap_hi))
        return pk_err_set(err, PK_ERR_DATA,
                          "the caps %s,%s and the margins cannot both hold: after %ld sweeps "
                          "(%ld with the caps) the largest margin gap with the caps applied is %s "
                          "(tolerance %s); widen the caps",
                          pk_number_format(b1, o->cap_lo, 6), pk_number_format(b2, o->cap_hi, 6), sweeps, more,
                          pk_number_format((char[PK_NUMBER_BUFSIZE]){0}, gap, 3),
                          pk_number_format((char[PK_NUMBER_BUFSIZE]){0}, tol, 3));
    return 0;
}

/* --method rake, with --cap. Returns -1 when out of memory, else 0 or the
 * error's status (then *failed is set). */
static int compute_rake(const pk_weight_sample *s, const pk_targets *t, const pk_weight_opts *o,
                        const double *const *target, double total, double *w, pk_weight_diag *diag, int *failed,
                        pk_err *err)
{
    size_t n = s->n;
    double tol = o->tolerance > 0 ? o->tolerance : PK_RAKE_TOLERANCE;
    long maxit = o->max_iter > 0 ? o->max_iter : PK_RAKE_MAX_ITER;
    diag->tolerance = tol;
    for (size_t i = 0; i < n; i++)
        w[i] = pk_weight_sample_base(s, i);
    long sweeps = 0;
    double gap = 0;
    int r = pk_weight_rake_in_place(n, t->nmargin, s->code, s->ncat, target, w, tol, maxit, &sweeps, &gap);
    if (r < 0)
        return -1;
    diag->iterations = sweeps;
    int rc = 0;
    if (r > 0)
        rc = rake_error(t, sweeps, gap, tol, err);
    else if (o->has_cap)
        rc = caps_impossible(s, t, o, err);
    if (!rc && o->has_cap && !pk_weight_caps_hold(w, n, o->cap_lo, o->cap_hi)) {
        rc = apply_caps(s, t, o, target, w, tol, maxit, sweeps, gap, diag, err);
        if (rc < 0)
            return -1;
    }
    *failed = rc != 0;
    scale_to(w, n, total);
    return rc;
}

/* Calibration did not converge: the bounds are to blame only if weights
 * without them exist (unbounded linear calibration is a linear system, met
 * in one step whenever the targets are consistent). Returns -1 when that
 * check fails, else the error's status. */
static int calibration_error(const pk_weight_sample *s, const pk_targets *t, const pk_weight_opts *o,
                             const double *d, const double *const *target, long iters, double achieved, pk_err *err)
{
    size_t n = s->n;
    char b1[PK_NUMBER_BUFSIZE], b2[PK_NUMBER_BUFSIZE], why[512];
    int consistent = 0;
    if (o->has_bounds) {
        double *w2 = malloc((n ? n : 1) * sizeof *w2);
        pk_weight_opts lin = *o;
        lin.method = PK_WEIGHT_METHOD_LINEAR;
        lin.has_bounds = 0;
        long it2 = 0;
        double ach2 = NAN;
        int r2 = w2 ? pk_weight_calibrate(s, t, &lin, d, w2, target, &it2, &ach2, err) : -1;
        free(w2);
        if (r2 < 0)
            return -1;
        consistent = r2 == 0;
    }
    if (consistent)
        return pk_err_set(err, PK_ERR_DATA,
                          "calibration did not converge in %ld iterations (largest margin gap %s): "
                          "the bounds %s,%s are too tight for these targets",
                          iters, pk_number_format((char[PK_NUMBER_BUFSIZE]){0}, achieved, 3),
                          pk_number_format(b1, o->bound_lo, 6), pk_number_format(b2, o->bound_hi, 6));
    if (pk_targets_conflict(t, why, sizeof why))
        return pk_err_set(err, PK_ERR_DATA,
                          "calibration did not converge in %ld iterations (largest margin gap %s): "
                          "the targets are inconsistent with each other: %s",
                          iters, pk_number_format(b1, achieved, 3), why);
    return pk_err_set(err, PK_ERR_DATA,
                      "calibration did not converge in %ld iterations (largest margin gap %s): "
                      "no weights meet these targets%s; are the targets consistent with each other?",
                      iters, pk_number_format(b1, achieved, 3), o->has_bounds ? ", even without bounds" : "");
}

/* --method linear or logit, from the base weights scaled to mean 1.
 * Returns -1 when out of memory or the linear algebra failed, else 0 or the
 * error's status (then *failed is set). */
static int compute_calibration(const pk_weight_sample *s, const pk_targets *t, const pk_weight_opts *o,
                               const double *const *target, double total, double *w, pk_weight_diag *diag,
                               int *failed, pk_err *err)
{
    size_t n = s->n;
    double *d = malloc((n ? n : 1) * sizeof *d);
    if (!d)
        return -1;
    for (size_t i = 0; i < n; i++)
        d[i] = pk_weight_sample_base(s, i);
    scale_to(d, n, (double)n);
    diag->tolerance = o->tolerance > 0 ? o->tolerance : PK_RAKE_TOLERANCE;
    long iters = 0;
    double achieved = NAN;
    int r = pk_weight_calibrate(s, t, o, d, w, target, &iters, &achieved, err);
    diag->iterations = iters;
    int rc = 0;
    if (r > 0) {
        *failed = 1;
        rc = calibration_error(s, t, o, d, target, iters, achieved, err);
    }
    free(d);
    if (r < 0 || rc < 0)
        return -1;
    if (total != (double)n)
        for (size_t i = 0; i < n; i++)
            w[i] *= total / (double)n;
    return rc;
}

/* A weight that is not a normal number cannot be written and read back
 * with its digits: --total was too small (or too large) for the spread. */
static int check_normal(const double *w, size_t n, double total, pk_err *err)
{
    char b1[PK_NUMBER_BUFSIZE], b2[PK_NUMBER_BUFSIZE];
    for (size_t i = 0; i < n; i++)
        if (!isfinite(w[i]) || (w[i] != 0 && fabs(w[i]) < DBL_MIN))
            return pk_err_set(err, PK_ERR_DATA,
                              "the weight of respondent %zu (in input order) would be %s, which cannot be "
                              "written as a normal number: the total %s is too %s for %zu respondents "
                              "with these weights",
                              i + 1, pk_number_format(b1, w[i], 6), pk_number_format(b2, total, 6),
                              isfinite(w[i]) ? "small" : "large", n);
    return 0;
}

int pk_weight_compute(const pk_weight_sample *s, const pk_targets *t, const pk_weight_opts *o, double *w,
                      pk_weight_diag *diag, pk_err *err)
{
    size_t n = s->n;
    double total = o->total > 0 ? o->total : (double)n;
    const double **target = target_shares(t);
    if (!target)
        return pk_err_nomem(err);
    memset(diag, 0, sizeof *diag);
    int failed = 0, rc;
    if (o->method == PK_WEIGHT_METHOD_RAKE) {
        rc = compute_rake(s, t, o, target, total, w, diag, &failed, err);
        if (rc < 0) {
            free(target);
            return pk_err_nomem(err);
        }
    } else {
        rc = compute_calibration(s, t, o, target, total, w, diag, &failed, err);
        if (rc < 0) {
            free(target);
            return err->status ? err->status : pk_err_nomem(err);
        }
    }
    free(target);
    /* No diagnostics for weights that cannot be written: they met the
     * targets, but none is written. */
    int bad = failed ? 0 : check_normal(w, n, total, err);
    if (bad)
        return bad;
    if (pk_weight_diagnose(s, t, w, diag))
        return pk_err_nomem(err);
    diag->converged = !failed;
    return rc;
}
