/* support_calibrated.c: the one-pass calibrated se against the slow way R
 * computes it, backfitting (survey's svyrecvar subtracts each margin's
 * category means in turn), run here to convergence on small random samples
 * with an interlocked margin that repeats another margin's column (so X'X
 * is singular beyond the usual), missing values and zero weights; combined
 * domains; and the errors. Agreement with R itself is checked through the
 * command line (tests/cli/pollsupport.sh, tests/fixtures/calibrated). */
#include <gsl/gsl_errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pk_check.h"
#include "support_calibrated.h"
#include "targets.h"

static pk_err err;

#define NROW 300
#define NMARG 3
/* Margins: a (3 categories), b (4; about 1 in 8 rows has none) and the
 * interlocked a:c (3 x 2). Each row also has a group g (0/1) and an answer
 * q (0..2, or none). */
static const char *const A[] = {"a0", "a1", "a2"}, *const B[] = {"b0", "b1", "b2", "b3"},
                         *const C[] = {"c0", "c1"};
typedef struct row {
    int a, b, c, g, q;
    double w;
} row;

static void make_rows(row *r, uint64_t seed)
{
    pk_test_seed(seed);
    for (int i = 0; i < NROW; i++) {
        r[i].a = (int)(pk_test_unif() * 3);
        r[i].b = pk_test_unif() < 0.125 ? -1 : (int)(pk_test_unif() * 4);
        r[i].c = pk_test_unif() < 0.3 + 0.4 * (r[i].a == 1) ? 1 : 0;
        r[i].g = pk_test_unif() < 0.4;
        r[i].q = pk_test_unif() < 0.1 ? -1 : (int)(pk_test_unif() * 2.2 + 0.5 * r[i].g) % 3;
        r[i].w = i % 37 == 5 ? 0 : 0.3 + 2 * pk_test_unif() + 0.5 * (r[i].b == 2);
    }
}

/* Category index of row i in margin j, or -1; offsets 0, 3, 7. */
static int cat_of(const row *r, int j)
{
    if (j == 0)
        return r->a;
    if (j == 1)
        return r->b;
    return r->a * 2 + r->c;
}
static const int ncat[NMARG] = {3, 4, 6};

/* The sample as CSV, and targets that are its own weighted margins (so the
 * margins check passes: the test is of the se, not of raking). */
static char *csv_text(const row *r)
{
    size_t cap = 64 * NROW + 64, len = 0;
    char *s = malloc(cap);
    len += (size_t)snprintf(s + len, cap - len, "a,b,c,g,q,w\n");
    for (int i = 0; i < NROW; i++)
        len += (size_t)snprintf(s + len, cap - len, "%s,%s,%s,%d,%s,%.17g\n", A[r[i].a],
                                r[i].b < 0 ? "" : B[r[i].b], C[r[i].c], r[i].g,
                                r[i].q < 0 ? "" : (const char *[]){"x", "y", "z"}[r[i].q], r[i].w);
    return s;
}

static pk_targets *own_targets(const row *r, double shift)
{
    static const char *const names[NMARG] = {"a", "b", "a:c"};
    char *text = malloc(4096);
    size_t len = (size_t)snprintf(text, 4096, "variable,category,target\n");
    for (int j = 0; j < NMARG; j++) {
        double tot = 0, sum[6] = {0};
        for (int i = 0; i < NROW; i++) {
            int k = cat_of(&r[i], j);
            if (k >= 0) {
                sum[k] += r[i].w;
                tot += r[i].w;
            }
        }
        for (int k = 0; k < ncat[j]; k++) {
            char cat[16];
            if (j == 2)
                snprintf(cat, sizeof cat, "%s:%s", A[k / 2], C[k % 2]);
            else
                snprintf(cat, sizeof cat, "%s", j == 0 ? A[k] : B[k]);
            double share = sum[k] / tot + (j == 1 ? (k == 0 ? shift : k == 1 ? -shift : 0) : 0);
            len += (size_t)snprintf(text + len, 4096 - len, "%s,%s,%.17g\n", names[j], cat, share);
        }
    }
    FILE *f = fmemopen(text, len, "r");
    pk_err_clear(&err);
    pk_targets *t = pk_targets_read_stream(f, "targets.csv", 0, &err);
    fclose(f);
    free(text);
    ck_assert_msg(t != NULL, "%s", err.msg);
    return t;
}

/* Cells: group g (0, 1) or All (2) x answer q: cell = grp * 3 + q. */
static pk_support_calibrated *run(const char *csv, const pk_targets *t)
{
    FILE *f = fmemopen((void *)csv, strlen(csv), "r");
    pk_err_clear(&err);
    pk_csv_reader *r = pk_csv_reader_open_stream(f, "s.csv", ',', &err);
    ck_assert_ptr_nonnull(r);
    pk_support_calibrated *c = pk_support_calibrated_new(t, r, &err);
    ck_assert_msg(c != NULL, "%s", err.msg);
    int got;
    while ((got = pk_csv_reader_next(r, &err)) == 1) {
        double w = strtod(pk_csv_reader_field(r, 5), NULL);
        const char *q = pk_csv_reader_field(r, 4);
        int g = pk_csv_reader_field(r, 3)[0] - '0';
        if (pk_support_calibrated_row(c, r, w, &err) != 0)
            break;
        if (q[0] == '\0')
            continue;
        int qi = q[0] - 'x';
        ck_assert_int_eq(pk_support_calibrated_add(c, (size_t)(g * 3 + qi), w, &err), 0);
        ck_assert_int_eq(pk_support_calibrated_add(c, (size_t)(2 * 3 + qi), w, &err), 0);
    }
    pk_csv_reader_close(r);
    fclose(f);
    if (got != 0 || pk_support_calibrated_finish(c, "s.csv", &err) != 0) {
        pk_support_calibrated_free(c);
        return NULL;
    }
    return c;
}

/* R's way: backfit z over the margins until it stops changing. */
static double backfit_se(const row *r, int grp, const double *yq)
{
    double W = 0, num = 0;
    for (int i = 0; i < NROW; i++)
        if ((grp == 2 || r[i].g == grp) && r[i].q >= 0 && r[i].w > 0) {
            W += r[i].w;
            num += r[i].w * yq[r[i].q];
        }
    double p = num / W, z[NROW];
    for (int i = 0; i < NROW; i++)
        z[i] = (grp == 2 || r[i].g == grp) && r[i].q >= 0 && r[i].w > 0 ? (yq[r[i].q] - p) / W : 0;
    for (int sweep = 0; sweep < 100000; sweep++) {
        double change = 0;
        for (int j = 0; j < NMARG; j++) {
            double sum[6] = {0};
            int cnt[6] = {0};
            for (int i = 0; i < NROW; i++) {
                int k = cat_of(&r[i], j);
                if (k >= 0) {
                    sum[k] += z[i];
                    cnt[k]++;
                }
            }
            for (int i = 0; i < NROW; i++) {
                int k = cat_of(&r[i], j);
                if (k >= 0) {
                    z[i] -= sum[k] / cnt[k];
                    change = fmax(change, fabs(sum[k] / cnt[k]));
                }
            }
        }
        if (change < 1e-15 / W)
            break;
    }
    double m = 0, v = 0;
    for (int i = 0; i < NROW; i++)
        m += r[i].w * z[i];
    m /= NROW;
    for (int i = 0; i < NROW; i++)
        v += (r[i].w * z[i] - m) * (r[i].w * z[i] - m);
    return sqrt(v * NROW / (NROW - 1));
}

static double se_of(const pk_support_calibrated *c, const row *r, int grp, const double *yq,
                    int combined)
{
    double W = 0, num = 0;
    for (int i = 0; i < NROW; i++)
        if ((grp == 2 || r[i].g == grp) && r[i].q >= 0 && r[i].w > 0) {
            W += r[i].w;
            num += r[i].w * yq[r[i].q];
        }
    size_t base = (size_t)(combined ? 9 : grp * 3);
    size_t cells[3] = {base, base + 1, base + 2};
    return pk_support_calibrated_se(c, 3, cells, yq, num / W, W);
}

START_TEST(matches_converged_backfitting)
{
    static const double ys[4][3] = {{1, 0, 0}, {0, 1, 0}, {1, 1, 0}, {1, 0, -1}};
    for (uint64_t seed = 1; seed <= 5; seed++) {
        row r[NROW];
        make_rows(r, seed);
        char *csv = csv_text(r);
        pk_targets *t = own_targets(r, 0);
        pk_support_calibrated *c = run(csv, t);
        ck_assert_msg(c != NULL, "%s", err.msg);
        /* A combined domain: groups 0 and 1 merged into cells 9..11 equal All. */
        for (size_t q = 0; q < 3; q++) {
            ck_assert_int_eq(pk_support_calibrated_merge(c, 9 + q, q, &err), 0);
            ck_assert_int_eq(pk_support_calibrated_merge(c, 9 + q, 3 + q, &err), 0);
        }
        for (int grp = 0; grp < 3; grp++)
            for (int k = 0; k < 4; k++) {
                double want = backfit_se(r, grp, ys[k]);
                double got = se_of(c, r, grp, ys[k], 0);
                ck_assert_msg(fabs(got / want - 1) < 1e-9, "seed %d group %d y %d: %.17g vs %.17g",
                              (int)seed, grp, k, got, want);
                if (grp == 2) {
                    double comb = se_of(c, r, 2, ys[k], 1);
                    ck_assert_msg(fabs(comb / want - 1) < 1e-12, "combined %.17g vs %.17g", comb, want);
                }
            }
        pk_support_calibrated_free(c);
        pk_targets_free(t);
        free(csv);
    }
}
END_TEST

START_TEST(a_constant_has_no_variance)
{
    /* y = 1 for every answer: p = 1, z = 0, se = 0; a domain with no
     * weight: NaN. */
    row r[NROW];
    make_rows(r, 9);
    char *csv = csv_text(r);
    pk_targets *t = own_targets(r, 0);
    pk_support_calibrated *c = run(csv, t);
    ck_assert_ptr_nonnull(c);
    static const double one[3] = {1, 1, 1};
    ck_assert(se_of(c, r, 2, one, 0) == 0);
    size_t cells[1] = {2};
    ck_assert(isnan(pk_support_calibrated_se(c, 1, cells, one, 0.5, 0)));
    pk_support_calibrated_free(c);
    pk_targets_free(t);
    free(csv);
}
END_TEST

START_TEST(errors)
{
    row r[NROW];
    make_rows(r, 3);
    char *csv = csv_text(r);
    /* Weights 1e-4 off a margin: refused, naming the worst category. */
    pk_targets *t = own_targets(r, 1e-4);
    ck_assert_ptr_null(run(csv, t));
    ck_assert_msg(strstr(err.msg, "s.csv: the weights were not raked to targets.csv: the weighted "
                                  "share of b 'b") != NULL, "%s", err.msg);
    ck_assert_msg(strstr(err.msg, "(targets.csv:5)") || strstr(err.msg, "(targets.csv:6)"), "%s",
                  err.msg);
    pk_targets_free(t);
    /* 1e-7 off: within the 1e-6 allowed. */
    t = own_targets(r, 1e-7);
    pk_support_calibrated *c = run(csv, t);
    ck_assert_msg(c != NULL, "%s", err.msg);
    pk_support_calibrated_free(c);
    pk_targets_free(t);
    /* A value TARGETS does not list, alone and in an interlocked margin. */
    t = own_targets(r, 0);
    char *bad = strdup(csv);
    char *p = strstr(bad, ",b2,");
    ck_assert_ptr_nonnull(p);
    memcpy(p, ",b9,", 4);
    ck_assert_ptr_null(run(bad, t));
    ck_assert_msg(strstr(err.msg, ":b: 'b9' is not a category of b in targets.csv") != NULL, "%s",
                  err.msg);
    free(bad);
    /* A column the margins need is missing. */
    FILE *f = fmemopen((void *)"a,c,w\na0,c0,1\n", 14, "r");
    pk_err_clear(&err);
    pk_csv_reader *rd = pk_csv_reader_open_stream(f, "s.csv", ',', &err);
    ck_assert_ptr_null(pk_support_calibrated_new(t, rd, &err));
    ck_assert_str_eq(err.msg, "s.csv: no column 'b', a margin of targets.csv (--calibrated)");
    pk_csv_reader_close(rd);
    fclose(f);
    pk_targets_free(t);
    /* A TARGETS category with a positive target and no respondents. */
    const char *tt = "variable,category,target\na,a0,0.5\na,a1,0.25\na,a2,0.15\na,a3,0.1\n";
    f = fmemopen((void *)tt, strlen(tt), "r");
    t = pk_targets_read_stream(f, "targets.csv", 0, &err);
    fclose(f);
    ck_assert_ptr_nonnull(t);
    ck_assert_ptr_null(run(csv, t));
    ck_assert_str_eq(err.msg, "targets.csv:5: no respondents in category 'a3' of 'a', whose "
                              "target is 0.1, in s.csv: these are not the margins the weights "
                              "were raked to (--calibrated)");
    pk_targets_free(t);
    free(csv);
}
END_TEST

static Suite *suite(void)
{
    gsl_set_error_handler_off();
    Suite *s = suite_create("support_calibrated");
    TCase *tc = pk_tcase("support_calibrated");
    tcase_add_test(tc, matches_converged_backfitting);
    tcase_add_test(tc, a_constant_has_no_variance);
    tcase_add_test(tc, errors);
    suite_add_tcase(s, tc);
    return s;
}

PK_CHECK_MAIN(suite)
