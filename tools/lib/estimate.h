/* Survey estimates of a share in a domain, from per-domain sums.
 *
 * Everything docs/methods.md gives for pollsupport's weights-as-fixed
 * standard error and intervals is a function of a few sums over the domain's respondents, so a table over any number of
 * rows needs one pass and memory per domain, not per row. A response
 * indicator y takes a handful of values (0/1 for a share, -1/0/1 for net);
 * the caller keeps, for each value class k, Sigma w and Sigma w^2 over the
 * domain's rows in that class. From those:
 *   p  = Sigma_k y_k sw_k / W
 *   se = sqrt( N/(N-1) Sigma_k sw2_k (y_k - p)^2 ) / W
 * which is Sigma_d w^2 (y - p)^2 written without the cancellation of the
 * expanded form Sigma w^2 y^2 - 2p Sigma w^2 y + p^2 Sigma w^2 (every term is
 * non-negative). Sums are long double.
 *
 * Intervals reproduce survey 4.1's svyciprop (logit, beta, mean) and the
 * Wilson formula of docs/methods.md, with its answers where those are
 * undefined (p = 0 or 1, a domain of one). One deliberate detail: svyciprop(method = "beta")
 * scales nu = p(1-p)/se^2 by (qt(a/2, m-1) / qt(a/2, n_d-1))^2, where m is
 * nrow() of the design R subsets to the domain: for weights alone the
 * domain's rows including zero-weight rows (a ratio of 1 unless the domain
 * has zero weights), for a calibrated (rake()) design every row of the
 * sample, since its subsets keep all rows with zero weight. pollsupport
 * follows R (tests/fixtures/support/make_fixtures.R,
 * tests/fixtures/calibrated/make_fixtures.R). */
#ifndef POLLKIT_ESTIMATE_H
#define POLLKIT_ESTIMATE_H

#include <stddef.h>

/* The interval methods and their names, the one list that the enum, the
 * table's ci_method column and the --ci option (its choices, --help and
 * completion) are made from: X(CONSTANT, "name"). */
#define PK_ESTIMATE_CI_METHODS(X)                                                                  \
    X(PK_ESTIMATE_CI_LOGIT, "logit")                                                               \
    X(PK_ESTIMATE_CI_BETA, "beta")                                                                 \
    X(PK_ESTIMATE_CI_MEAN, "mean")                                                                 \
    X(PK_ESTIMATE_CI_WILSON, "wilson")

enum pk_estimate_ci {
#define PK_ESTIMATE_X_ENUM(constant, name) constant,
    PK_ESTIMATE_CI_METHODS(PK_ESTIMATE_X_ENUM)
#undef PK_ESTIMATE_X_ENUM
};

/* A method's name -> method; non-zero if unknown. */
int pk_estimate_ci_parse(const char *name, enum pk_estimate_ci *out);
const char *pk_estimate_ci_name(enum pk_estimate_ci m);

/* Share and linearization standard error of a domain (see above). nrows_all
 * is N, the rows of the whole input; W the domain's Sigma w; k classes with
 * values y[k], sums sw[k] and sw2[k]. With W <= 0 both are NaN; with
 * N < 2 the se is NaN. */
void pk_estimate_share_se(long nrows_all, long double W, size_t k, const double *y,
                     const long double *sw, const long double *sw2,
                     double *share, double *se);

/* Confidence interval of a share p with standard error se in a domain of
 * n_d respondents (positive weights), with df degrees of freedom (n_d - 1
 * without a design; the domain's PSUs less its strata with one), in a
 * design of m_rows rows as R subsets it (above; only the beta method uses
 * it, scaling nu by (qt(a/2, m_rows - 1) / qt(a/2, df))^2), at `level`
 * (0 < level < 1).
 * n_d < 2 or df < 1: empty (NaN, NaN). p = 0: [0, 1-(a/2)^(1/n_d)]; p = 1:
 * [(a/2)^(1/n_d), 1]. */
void pk_estimate_interval(enum pk_estimate_ci m, double p, double se, long n_d, long df,
                          long m_rows, double level, double *lo, double *hi);

/* Interval of a net score (in [-1, 1]): p +- t se clipped to [-1, 1], t on
 * df degrees of freedom; empty when n_d < 2 or df < 1. */
void pk_estimate_interval_net(double p, double se, long n_d, long df, double level, double *lo,
                              double *hi);

/* The design effect as R's svymean(deff = "replace") gives it: se^2 over
 * the variance of a simple random sample of the domain's n_d respondents
 * drawn with replacement, Sigma_k sw_k (y_k - p)^2 / W / (n_d - 1) (k
 * classes as pk_estimate_share_se's). NaN when n_d < 2 or that variance
 * is 0. */
double pk_estimate_deff(double se, double p, long n_d, long double W, size_t k, const double *y,
                        const long double *sw);

/* Kish: deff = n_d Sigma w^2 / W^2, n_eff = n_d / deff (NaN when n_d = 0). */
void pk_estimate_kish(long n_d, long double W, long double sw2, double *deff, double *n_eff);

/* Student-t quantile 1 - a/2 with df degrees of freedom (a = 1 - level);
 * NaN when df < 1 (never the normal quantile in its place). */
double pk_estimate_t(double level, long df);

/* ---- The test of a difference between two disjoint groups ------------
 *
 * One implementation for pollclaim's comparisons ("A more likely than B")
 * and the banner's significance letters (support_letters.h):
 *   d = p1 - p2,  se = sqrt(se1^2 + se2^2),
 *   df = min(df1, df2),  t = the Student-t quantile 1 - a/2 with df,
 *   interval d -+ t se,
 * where a side's df is its domain's (the table's df column: n - 1 without
 * a design, the domain's PSUs less its strata with one), and group 1 is
 * significantly higher when the interval is above zero. The two sides'
 * estimates are taken as independent (docs/methods.md says what that
 * leaves out). With a side of no degrees of freedom (fewer than 2
 * respondents, or one PSU) there is no interval and nothing significant
 * (not the normal quantile).
 *
 * A side is set once per level (its t with its df), so that a banner row
 * comparing every pair of G groups takes G quantiles, not G^2: the pair's
 * t is the t of the side with fewer degrees of freedom. */
typedef struct pk_estimate_side {
    double p, se;
    long n;       /* respondents; < 0: unknown */
    long df;      /* degrees of freedom; < 0: unknown */
    double t;     /* quantile with df at the side's level; NaN: df < 1 */
} pk_estimate_side;

/* df < 0: n - 1 (unknown when n is). */
void pk_estimate_side_set(pk_estimate_side *s, double p, double se, long n, long df, double level);

/* Why a difference has no interval. */
typedef enum pk_estimate_diff_status {
    PK_ESTIMATE_DIFF_OK,          /* an interval */
    PK_ESTIMATE_DIFF_NO_ESTIMATE, /* a share or se that is not a number */
    PK_ESTIMATE_DIFF_NO_BASE,     /* a side's n and df are unknown */
    PK_ESTIMATE_DIFF_FEW          /* a side has no degrees of freedom: df < 1 */
} pk_estimate_diff_status;

typedef struct pk_estimate_diff {
    double d, se, t, lo, hi;   /* lo, hi (and t) NaN unless status is OK */
    long df;                   /* min(df1, df2); -1 when a side's is unknown */
    pk_estimate_diff_status status;
} pk_estimate_diff;

/* The difference a - b. Both sides set at the same level. */
void pk_estimate_diff_of(const pk_estimate_side *a, const pk_estimate_side *b,
                         pk_estimate_diff *out);

/* +1: a is significantly higher than b (the interval above zero); -1:
 * significantly lower (below zero); 0: the interval includes zero, or
 * there is none. */
int pk_estimate_diff_sign(const pk_estimate_diff *d);

#endif
