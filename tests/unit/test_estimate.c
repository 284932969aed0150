/* estimate.c: shares, standard errors, intervals and Kish's design effect
 * from domain sums, against values computed by hand from the formulas of docs/methods.md
 * and, for the beta quantile GSL cannot invert, against R's svyciprop
 * (tests/fixtures/support/ref2_all.csv: q_rail, lab, strongly_oppose). */
#include <gsl/gsl_errno.h>
#include <math.h>

#include "estimate.h"
#include "pk_check.h"

#define NEAR(a, b, tol) ck_assert_msg(fabs((a) - (b)) <= (tol), "%.17g != %.17g", (double)(a), (double)(b))

START_TEST(ci_names)
{
    enum pk_estimate_ci m;
    ck_assert_int_eq(pk_estimate_ci_parse("logit", &m), 0);
    ck_assert_int_eq(m, PK_ESTIMATE_CI_LOGIT);
    ck_assert_int_eq(pk_estimate_ci_parse("wilson", &m), 0);
    ck_assert_int_eq(m, PK_ESTIMATE_CI_WILSON);
    ck_assert_int_ne(pk_estimate_ci_parse("Logit", &m), 0);
    ck_assert_str_eq(pk_estimate_ci_name(PK_ESTIMATE_CI_BETA), "beta");
    ck_assert_str_eq(pk_estimate_ci_name(PK_ESTIMATE_CI_MEAN), "mean");
}
END_TEST

START_TEST(share_and_se)
{
    /* Weights 1, 2, 1 say yes; 1, 3, 1 say no; N = 8 rows in the input.
     * p = 4/9, se = sqrt(8/7 (6 (5/9)^2 + 11 (4/9)^2)) / 9. */
    double y[2] = {1, 0};
    long double sw[2] = {4, 5}, sw2[2] = {6, 11};
    double p, se;
    pk_estimate_share_se(8, 9, 2, y, sw, sw2, &p, &se);
    NEAR(p, 4.0 / 9, 1e-15);
    NEAR(se, sqrt(8.0 / 7 * (6 * 25.0 / 81 + 11 * 16.0 / 81)) / 9, 1e-15);
    /* net: y in {1, -1, 0}. */
    double yn[3] = {1, -1, 0};
    long double swn[3] = {4, 1, 4}, sw2n[3] = {6, 1, 10};
    pk_estimate_share_se(8, 9, 3, yn, swn, sw2n, &p, &se);
    NEAR(p, 3.0 / 9, 1e-15);
    double v = 6 * pow(1 - p, 2) + 1 * pow(-1 - p, 2) + 10 * p * p;
    NEAR(se, sqrt(8.0 / 7 * v) / 9, 1e-15);
    /* No weight: undefined. */
    long double z[2] = {0, 0};
    pk_estimate_share_se(8, 0, 2, y, z, z, &p, &se);
    ck_assert(isnan(p) && isnan(se));
}
END_TEST

START_TEST(no_cancellation)
{
    /* A share of 1e-7 among a million unit weights: the expanded form
     * sum w^2 y^2 - 2 p sum w^2 y + p^2 sum w^2 would lose digits; the
     * class form gives p(1-p) N/(N-1) / W exactly. */
    double y[2] = {1, 0};
    long double sw[2] = {0.1L, 1e6L - 0.1L}, sw2[2] = {0.01L, 1e6L - 0.1L};
    double p, se;
    pk_estimate_share_se(2000000, 1e6L, 2, y, sw, sw2, &p, &se);
    long double pp = 0.1L / 1e6L;
    long double v = 0.01L * (1 - pp) * (1 - pp) + (1e6L - 0.1L) * pp * pp;
    NEAR(se, (double)(sqrtl(2000000.0L / 1999999.0L * v) / 1e6L), 1e-22);
}
END_TEST

START_TEST(intervals_by_hand)
{
    double p = 0.3, se = 0.05, lo, hi;
    long n = 101;
    double t = pk_estimate_t(0.95, 100);
    NEAR(t, 1.9839715185235516, 1e-12);   /* qt(0.975, 100) */
    pk_estimate_interval(PK_ESTIMATE_CI_MEAN, p, se, n, n - 1, n, 0.95, &lo, &hi);
    NEAR(lo, p - t * se, 1e-15);
    NEAR(hi, p + t * se, 1e-15);
    pk_estimate_interval(PK_ESTIMATE_CI_LOGIT, p, se, n, n - 1, n, 0.95, &lo, &hi);
    double l = log(p / (1 - p)), h = t * se / (p * (1 - p));
    NEAR(lo, 1 / (1 + exp(-(l - h))), 1e-15);
    NEAR(hi, 1 / (1 + exp(-(l + h))), 1e-15);
    pk_estimate_interval(PK_ESTIMATE_CI_WILSON, p, se, n, n - 1, n, 0.95, &lo, &hi);
    double nu = p * (1 - p) / (se * se);
    double c = p + t * t / (2 * nu), w = t * sqrt(p * (1 - p) / nu + t * t / (4 * nu * nu));
    NEAR(lo, (c - w) / (1 + t * t / nu), 1e-15);
    NEAR(hi, (c + w) / (1 + t * t / nu), 1e-15);
    /* mean is clipped to [0, 1]. */
    pk_estimate_interval(PK_ESTIMATE_CI_MEAN, 0.02, 0.05, n, n - 1, n, 0.95, &lo, &hi);
    ck_assert(lo == 0);
}
END_TEST

START_TEST(beta_against_r)
{
    /* R: svyciprop(method = "beta") on ref2_all.csv's q_rail / lab /
     * strongly_oppose, n_d = 453 over 460 rows (7 zero weights):
     * (0.02402406157527455, 0.063446298459037487). GSL's
     * own gsl_cdf_beta_Pinv returns NaN for the upper end. */
    double lo, hi;
    pk_estimate_interval(PK_ESTIMATE_CI_BETA, 0.040461880001140919, 0.0094270779156792155, 453, 452, 460, 0.95,
                    &lo, &hi);
    NEAR(lo, 0.02402406157527455, 1e-10);
    NEAR(hi, 0.063446298459037487, 1e-10);
}
END_TEST

START_TEST(edges)
{
    double lo, hi;
    /* p = 0 and p = 1, every method: the exact one-sided bounds of docs/methods.md. */
    for (int m = PK_ESTIMATE_CI_LOGIT; m <= PK_ESTIMATE_CI_WILSON; m++) {
        pk_estimate_interval((enum pk_estimate_ci)m, 0, 0, 4, 3, 4, 0.95, &lo, &hi);
        NEAR(lo, 0, 0);
        NEAR(hi, 1 - pow(0.025, 0.25), 1e-15);
        pk_estimate_interval((enum pk_estimate_ci)m, 1, 0, 4, 3, 4, 0.9, &lo, &hi);
        NEAR(lo, pow(0.05, 0.25), 1e-15);
        NEAR(hi, 1, 0);
        /* A domain of one: no interval. */
        pk_estimate_interval((enum pk_estimate_ci)m, 1, 0, 1, 0, 1, 0.95, &lo, &hi);
        ck_assert(isnan(lo) && isnan(hi));
        pk_estimate_interval((enum pk_estimate_ci)m, NAN, NAN, 0, -1, 0, 0.95, &lo, &hi);
        ck_assert(isnan(lo) && isnan(hi));
    }
    pk_estimate_interval_net(0.9, 0.2, 10, 9, 0.95, &lo, &hi);
    NEAR(hi, 1, 0);
    NEAR(lo, 0.9 - pk_estimate_t(0.95, 9) * 0.2, 1e-15);
    pk_estimate_interval_net(-0.9, 0.2, 10, 9, 0.95, &lo, &hi);
    NEAR(lo, -1, 0);
    pk_estimate_interval_net(0.5, 0, 1, 0, 0.95, &lo, &hi);
    ck_assert(isnan(lo) && isnan(hi));
}
END_TEST

START_TEST(kish)
{
    double d, ne;
    pk_estimate_kish(6, 9, 17, &d, &ne);
    NEAR(d, 6 * 17.0 / 81, 1e-15);
    NEAR(ne, 81 / 17.0, 1e-13);
    pk_estimate_kish(5, 5, 5, &d, &ne);   /* equal weights: no loss */
    NEAR(d, 1, 0);
    NEAR(ne, 5, 0);
    pk_estimate_kish(0, 0, 0, &d, &ne);
    ck_assert(isnan(d) && isnan(ne));
}
END_TEST

/* The test of a difference between two groups (pollclaim's comparisons and
 * the significance letters share it). t from R: qt(0.975, 29) =
 * 2.0452296421327034, qt(0.975, 1) = 12.706204736174694. */
/* The difference of two sides given by share, se and n, at 0.95. */
static pk_estimate_diff diff2(double p1, double se1, long n1, double p2, double se2, long n2)
{
    pk_estimate_side a, b;
    pk_estimate_diff d;
    pk_estimate_side_set(&a, p1, se1, n1, -1, 0.95);
    pk_estimate_side_set(&b, p2, se2, n2, -1, 0.95);
    pk_estimate_diff_of(&a, &b, &d);
    return d;
}

START_TEST(difference_of_two_groups)
{
    /* 30 against 40 respondents: df = 29, whichever side comes first. */
    pk_estimate_diff d = diff2(0.6, 0.05, 30, 0.4, 0.05, 40);
    ck_assert_int_eq(d.status, PK_ESTIMATE_DIFF_OK);
    ck_assert_int_eq(d.df, 29);
    NEAR(d.d, 0.2, 1e-15);
    NEAR(d.se, sqrt(0.005), 1e-15);
    NEAR(d.t, 2.0452296421327034, 1e-12);
    NEAR(d.lo, 0.2 - 2.0452296421327034 * sqrt(0.005), 1e-12);
    NEAR(d.hi, 0.2 + 2.0452296421327034 * sqrt(0.005), 1e-12);
    ck_assert_int_eq(pk_estimate_diff_sign(&d), 1);
    d = diff2(0.4, 0.05, 40, 0.6, 0.05, 30);
    ck_assert_int_eq(d.df, 29);
    NEAR(d.hi, -0.2 + 2.0452296421327034 * sqrt(0.005), 1e-12);
    ck_assert_int_eq(pk_estimate_diff_sign(&d), -1);
    /* At the edge: qt(0.975, 29) sqrt(0.005) = 0.14461957490357708. */
    d = diff2(0.4 + 0.1446195749, 0.05, 30, 0.4, 0.05, 40);
    ck_assert_int_eq(pk_estimate_diff_sign(&d), 0);
    d = diff2(0.4 + 0.1446195750, 0.05, 30, 0.4, 0.05, 40);
    ck_assert_int_eq(pk_estimate_diff_sign(&d), 1);
    /* Two respondents: one degree of freedom. */
    d = diff2(0.9, 0.01, 2, 0.4, 0.05, 40);
    ck_assert_int_eq(d.df, 1);
    NEAR(d.t, 12.706204736174694, 1e-10);
    /* One respondent: no degrees of freedom, no interval, nothing
     * significant, however large the difference (never the normal
     * quantile). */
    d = diff2(1, 0, 1, 0.1, 0.0557, 30);
    ck_assert_int_eq(d.status, PK_ESTIMATE_DIFF_FEW);
    ck_assert_int_eq(d.df, 0);
    NEAR(d.d, 0.9, 1e-15);
    ck_assert(isnan(d.lo) && isnan(d.hi) && isnan(d.t));
    ck_assert_int_eq(pk_estimate_diff_sign(&d), 0);
    ck_assert_int_eq(diff2(0.1, 0.0557, 30, 1, 0, 1).status, PK_ESTIMATE_DIFF_FEW);
    ck_assert_int_eq(diff2(NAN, NAN, 0, 0.1, 0.0557, 30).status, PK_ESTIMATE_DIFF_NO_ESTIMATE);
    /* An unknown base (a published table without n): df unknown. */
    d = diff2(0.6, 0.05, -1, 0.1, 0.0557, 30);
    ck_assert_int_eq(d.status, PK_ESTIMATE_DIFF_NO_BASE);
    ck_assert_int_eq(d.df, -1);
    ck_assert_int_eq(pk_estimate_diff_sign(&d), 0);
    ck_assert(isnan(pk_estimate_t(0.95, 0)));
    /* With a design each side brings its own df (PSUs less strata): the
     * smaller one counts, not the respondents. qt(0.975, 16) =
     * 2.1199052992212541. */
    pk_estimate_side a, b;
    pk_estimate_side_set(&a, 0.6, 0.05, 3000, 16, 0.95);
    pk_estimate_side_set(&b, 0.4, 0.05, 40, 39, 0.95);
    pk_estimate_diff_of(&a, &b, &d);
    ck_assert_int_eq(d.status, PK_ESTIMATE_DIFF_OK);
    ck_assert_int_eq(d.df, 16);
    NEAR(d.t, 2.1199052992212541, 1e-12);
    pk_estimate_diff_of(&b, &a, &d);
    ck_assert_int_eq(d.df, 16);
    NEAR(d.t, 2.1199052992212541, 1e-12);
    /* A domain within one PSU: df 0, nothing significant. */
    pk_estimate_side_set(&a, 0.9, 0.01, 500, 0, 0.95);
    pk_estimate_diff_of(&a, &b, &d);
    ck_assert_int_eq(d.status, PK_ESTIMATE_DIFF_FEW);
    ck_assert_int_eq(pk_estimate_diff_sign(&d), 0);
}
END_TEST

static Suite *suite(void)
{
    /* As in every main(): GSL reports, it does not abort. */
    gsl_set_error_handler_off();
    Suite *s = suite_create("estimate");
    TCase *tc = pk_tcase("estimate");
    tcase_add_test(tc, ci_names);
    tcase_add_test(tc, share_and_se);
    tcase_add_test(tc, no_cancellation);
    tcase_add_test(tc, intervals_by_hand);
    tcase_add_test(tc, beta_against_r);
    tcase_add_test(tc, edges);
    tcase_add_test(tc, kish);
    tcase_add_test(tc, difference_of_two_groups);
    suite_add_tcase(s, tc);
    return s;
}

PK_CHECK_MAIN(suite)
