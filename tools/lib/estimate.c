/* Domain estimates from sums: share, standard error, intervals, Kish's
 * design effect. See estimate.h for the formulas and where they come from. */
#include "estimate.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <math.h>
#include <string.h>

static const char *const ci_names[] = {
#define X(constant, name) [constant] = name,
    PK_ESTIMATE_CI_METHODS(X)
#undef X
};

int pk_estimate_ci_parse(const char *name, enum pk_estimate_ci *out)
{
    for (size_t i = 0; i < sizeof ci_names / sizeof ci_names[0]; i++)
        if (strcmp(name, ci_names[i]) == 0) {
            *out = (enum pk_estimate_ci)i;
            return 0;
        }
    return -1;
}

const char *pk_estimate_ci_name(enum pk_estimate_ci m)
{
    return (unsigned)m < sizeof ci_names / sizeof ci_names[0] ? ci_names[m] : "?";
}

void pk_estimate_share_se(long nrows_all, long double W, size_t k, const double *y,
                     const long double *sw, const long double *sw2,
                     double *share, double *se)
{
    if (!(W > 0)) {
        *share = *se = NAN;
        return;
    }
    long double num = 0;
    for (size_t i = 0; i < k; i++)
        num += (long double)y[i] * sw[i];
    long double p = num / W;
    long double v = 0;
    for (size_t i = 0; i < k; i++) {
        long double d = (long double)y[i] - p;
        v += sw2[i] * d * d;
    }
    *share = (double)p;
    if (nrows_all < 2) {
        *se = NAN;
        return;
    }
    long double N = (long double)nrows_all;
    *se = (double)(sqrtl(N / (N - 1) * v) / W);
}

/* The last few quantiles asked for, kept: a table asks for the same
 * (level, df) once per row of a group, and gsl_cdf_tdist_Pinv was about a
 * tenth of pollsupport's time on 999 groups (docs/performance.md). The
 * value returned is the function's own, so nothing printed changes. */
#define T_CACHE 8
static struct t_quantile {
    double level;
    long df;
    double t;
} t_cache[T_CACHE];
static unsigned t_next;

double pk_estimate_t(double level, long df)
{
    if (df < 1)
        return NAN;
    for (unsigned i = 0; i < T_CACHE; i++)
        if (t_cache[i].df == df && t_cache[i].level == level)
            return t_cache[i].t;
    double t = gsl_cdf_tdist_Pinv(1 - (1 - level) / 2, (double)df);
    t_cache[t_next] = (struct t_quantile){level, df, t};
    t_next = (t_next + 1) % T_CACHE;
    return t;
}

void pk_estimate_side_set(pk_estimate_side *s, double p, double se, long n, long df, double level)
{
    s->p = p;
    s->se = se;
    s->n = n;
    s->df = df >= 0 ? df : n >= 0 ? n - 1 : -1;
    s->t = s->df >= 1 ? pk_estimate_t(level, s->df) : NAN;
}

void pk_estimate_diff_of(const pk_estimate_side *a, const pk_estimate_side *b,
                         pk_estimate_diff *out)
{
    out->d = a->p - b->p;
    out->se = sqrt(a->se * a->se + b->se * b->se);
    out->t = out->lo = out->hi = NAN;
    out->df = a->df < 0 || b->df < 0 ? -1 : (a->df < b->df ? a->df : b->df);
    if (!isfinite(out->d) || !isfinite(out->se))
        out->status = PK_ESTIMATE_DIFF_NO_ESTIMATE;
    else if (a->df < 0 || b->df < 0)
        out->status = PK_ESTIMATE_DIFF_NO_BASE;
    else if (out->df < 1)
        out->status = PK_ESTIMATE_DIFF_FEW;
    else
        out->status = PK_ESTIMATE_DIFF_OK;
    if (out->status != PK_ESTIMATE_DIFF_OK)
        return;
    /* The t of the side with fewer degrees of freedom: the quantile with
     * min(df1, df2). */
    out->t = a->df <= b->df ? a->t : b->t;
    out->lo = out->d - out->t * out->se;
    out->hi = out->d + out->t * out->se;
}

int pk_estimate_diff_sign(const pk_estimate_diff *d)
{
    if (d->status != PK_ESTIMATE_DIFF_OK)
        return 0;
    return d->lo > 0 ? 1 : d->hi < 0 ? -1 : 0;
}

/* The beta quantile. gsl_cdf_beta_Pinv fails (NaN) for some shapes met in
 * practice, e.g. (18.68, 419.2) at 0.975, so its answer is only a starting
 * point for a safeguarded Newton iteration on the CDF (the upper tail via
 * gsl_cdf_beta_Q, so neither side loses digits to 1 - P). */
static double beta_quantile(double p, double a, double b)
{
    double x = gsl_cdf_beta_Pinv(p, a, b);
    if (!(x > 0 && x < 1))
        x = a / (a + b);
    double lo = 0, hi = 1;
    for (int i = 0; i < 200; i++) {
        double f = p <= 0.5 ? gsl_cdf_beta_P(x, a, b) - p : (1 - p) - gsl_cdf_beta_Q(x, a, b);
        if (f == 0)
            return x;
        if (f < 0)
            lo = x;
        else
            hi = x;
        double d = gsl_ran_beta_pdf(x, a, b);
        double xn = d > 0 ? x - f / d : NAN;
        if (!(xn > lo && xn < hi))
            xn = lo + (hi - lo) / 2;
        if (fabs(xn - x) <= 1e-15 * x || hi - lo <= 1e-15 * x)
            return xn;
        x = xn;
    }
    return x;
}

static double clip(double v, double lo, double hi)
{
    return v < lo ? lo : (v > hi ? hi : v);
}

void pk_estimate_interval(enum pk_estimate_ci m, double p, double se, long n_d, long df,
                          long m_rows, double level, double *lo, double *hi)
{
    *lo = *hi = NAN;
    if (n_d < 2 || df < 1 || isnan(p))
        return;
    double alpha = 1 - level;
    if (p <= 0 || p >= 1) {
        /* Every method is undefined with se = 0; the one-sided exact
         * bound: the largest share for which n_d "no" answers in a row still
         * have probability alpha/2. */
        double e = pow(alpha / 2, 1.0 / (double)n_d);
        if (p <= 0) {
            *lo = 0;
            *hi = 1 - e;
        } else {
            *lo = e;
            *hi = 1;
        }
        return;
    }
    if (!(se > 0) || !isfinite(se))
        return;
    double t = pk_estimate_t(level, df);
    double q = p * (1 - p);
    switch (m) {
    case PK_ESTIMATE_CI_LOGIT: {
        double l = log(p / (1 - p)), h = t * se / q;
        *lo = 1 / (1 + exp(-(l - h)));
        *hi = 1 / (1 + exp(-(l + h)));
        break;
    }
    case PK_ESTIMATE_CI_BETA: {
        double nu = q / (se * se);
        if (m_rows - 1 != df) {
            /* svyciprop's degrees-of-freedom correction (see estimate.h). */
            double r = gsl_cdf_tdist_Pinv(alpha / 2, (double)(m_rows - 1)) /
                       gsl_cdf_tdist_Pinv(alpha / 2, (double)df);
            nu *= r * r;
        }
        *lo = beta_quantile(alpha / 2, nu * p, nu * (1 - p) + 1);
        *hi = beta_quantile(1 - alpha / 2, nu * p + 1, nu * (1 - p));
        break;
    }
    case PK_ESTIMATE_CI_MEAN:
        *lo = clip(p - t * se, 0, 1);
        *hi = clip(p + t * se, 0, 1);
        break;
    case PK_ESTIMATE_CI_WILSON: {
        double nu = q / (se * se), t2 = t * t;
        double centre = p + t2 / (2 * nu);
        double half = t * sqrt(q / nu + t2 / (4 * nu * nu));
        double den = 1 + t2 / nu;
        *lo = (centre - half) / den;
        *hi = (centre + half) / den;
        break;
    }
    }
}

void pk_estimate_interval_net(double p, double se, long n_d, long df, double level, double *lo,
                              double *hi)
{
    *lo = *hi = NAN;
    if (n_d < 2 || df < 1 || isnan(p) || isnan(se))
        return;
    double t = pk_estimate_t(level, df);
    *lo = clip(p - t * se, -1, 1);
    *hi = clip(p + t * se, -1, 1);
}

void pk_estimate_kish(long n_d, long double W, long double sw2, double *deff, double *n_eff)
{
    if (n_d < 1 || !(W > 0)) {
        *deff = *n_eff = NAN;
        return;
    }
    long double d = (long double)n_d * sw2 / (W * W);
    *deff = (double)d;
    *n_eff = (double)((long double)n_d / d);
}

double pk_estimate_deff(double se, double p, long n_d, long double W, size_t k, const double *y,
                        const long double *sw)
{
    if (n_d < 2 || !(W > 0) || isnan(se))
        return NAN;
    long double v = 0;
    for (size_t i = 0; i < k; i++) {
        long double d = (long double)y[i] - p;
        v += sw[i] * d * d;
    }
    v /= W * (long double)(n_d - 1);
    if (!(v > 0))
        return NAN;
    return (double)((long double)se * se / v);
}
