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
 * the domain's rows including zero-weight rows; that is 1 unless the domain
 * has zero weights, and pollsupport follows R (see
 * tests/fixtures/support/make_fixtures.R). */
#ifndef POLLKIT_ESTIMATE_H
#define POLLKIT_ESTIMATE_H

#include <stddef.h>

enum pk_estimate_ci { PK_CI_LOGIT, PK_CI_BETA, PK_CI_MEAN, PK_CI_WILSON };

/* "logit", "beta", "mean", "wilson" -> method; non-zero if unknown. */
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
 * n_d respondents (positive weights) spread over m_rows rows (zero weights
 * included; only the beta method uses it), at `level` (0 < level < 1).
 * n_d < 2: empty (NaN, NaN). p = 0: [0, 1-(a/2)^(1/n_d)]; p = 1:
 * [(a/2)^(1/n_d), 1]. */
void pk_estimate_interval(enum pk_estimate_ci m, double p, double se, long n_d, long m_rows,
                     double level, double *lo, double *hi);

/* Interval of a net score (in [-1, 1]): p +- t se clipped to [-1, 1],
 * empty when n_d < 2. */
void pk_estimate_interval_net(double p, double se, long n_d, double level, double *lo, double *hi);

/* Kish: deff = n_d Sigma w^2 / W^2, n_eff = n_d / deff (NaN when n_d = 0). */
void pk_estimate_kish(long n_d, long double W, long double sw2, double *deff, double *n_eff);

/* Student-t quantile 1 - a/2 with df degrees of freedom (a = 1 - level). */
double pk_estimate_t(double level, long df);

#endif
