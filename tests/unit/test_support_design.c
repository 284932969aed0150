/* support_design.c: the one-pass stratified and clustered se and df
 * against the same formula computed the slow way, row by row (each PSU's
 * total of w (y - p) / W, centred within its stratum), on random samples
 * with PSU names repeated across strata, a lonely stratum under each
 * rule, an fpc, zero weights and domains that miss whole PSUs; and the
 * errors. Agreement with R itself is checked through the command line
 * (tests/cli/pollsupport_design.sh, tests/fixtures/design). */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pk_check.h"
#include "support_design.h"

static pk_err err;

#define NROW 400
#define NSTRATA 5
/* Stratum h has h + 1 PSUs named "1".."h+1" (stratum 0: one, lonely); a
 * row is in domain g (0/1) and answers y (0/1). */
typedef struct row {
    int h, psu, g, y;
    double w;
} row;

static void make_rows(row *r, uint64_t seed)
{
    pk_test_seed(seed);
    for (int i = 0; i < NROW; i++) {
        r[i].h = (int)(pk_test_unif() * NSTRATA);
        r[i].psu = (int)(pk_test_unif() * (r[i].h + 1));
        /* Domain 1 lies in the first PSU of each stratum only. */
        r[i].g = r[i].psu == 0 && pk_test_unif() < 0.7;
        r[i].y = pk_test_unif() < 0.3 + 0.1 * r[i].psu;
        r[i].w = i % 41 == 7 ? 0 : 0.5 + 2 * pk_test_unif();
    }
}

/* The slow way: every PSU's total, centred in its stratum (not for a
 * lonely one under adjust), scaled by f n/(n - 1) (f alone for n = 1). */
static void slow(const row *r, int g, int bypsu, enum pk_support_design_lonely rule,
                 const double *fpc, double *se, long *df)
{
    double W = 0, Wy = 0;
    for (int i = 0; i < NROW; i++)
        if (r[i].g == g && r[i].w > 0) {
            W += r[i].w;
            Wy += r[i].w * r[i].y;
        }
    double p = Wy / W, v = 0;
    long dfv = 0;
    for (int h = 0; h < NSTRATA; h++) {
        /* units: PSUs, or rows */
        double u[NROW] = {0};
        int in[NROW] = {0}, n = 0, sin = 0;
        if (bypsu) {
            n = 0;
            for (int i = 0; i < NROW; i++)
                if (r[i].h == h && r[i].psu + 1 > n)
                    n = r[i].psu + 1;
            for (int i = 0; i < NROW; i++)
                if (r[i].h == h && r[i].g == g && r[i].w > 0) {
                    u[r[i].psu] += r[i].w * (r[i].y - p) / W;
                    in[r[i].psu] = 1;
                }
        } else {
            for (int i = 0; i < NROW; i++)
                if (r[i].h == h) {
                    if (r[i].g == g && r[i].w > 0) {
                        u[n] = r[i].w * (r[i].y - p) / W;
                        in[n] = 1;
                    }
                    n++;
                }
        }
        for (int j = 0; j < n; j++) {
            dfv += in[j];
            sin |= in[j];
        }
        dfv -= sin;
        double f = fpc ? (fpc[h] - n) / fpc[h] : 1;
        if (n == 1 && rule != PK_SUPPORT_DESIGN_LONELY_ADJUST)
            continue;
        double mean = 0;
        for (int j = 0; j < n; j++)
            mean += u[j] / n;
        if (n == 1)
            mean = 0;
        double s = 0;
        for (int j = 0; j < n; j++)
            s += (u[j] - mean) * (u[j] - mean);
        v += (n > 1 ? f * n / (n - 1) : f) * s;
    }
    *se = sqrt(v);
    *df = dfv;
}

static char *csv_text(const row *r, const double *fpc)
{
    size_t cap = 64 * NROW + 64, len = 0;
    char *s = malloc(cap);
    len += (size_t)snprintf(s + len, cap - len, "s,p,w,f\n");
    for (int i = 0; i < NROW; i++)
        len += (size_t)snprintf(s + len, cap - len, "st%d,%d,%.17g,%.17g\n", r[i].h, r[i].psu + 1,
                                r[i].w, fpc ? fpc[r[i].h] : 1.0);
    return s;
}

/* One pass: cells 0/1 are domain g = 0 answering y = 0/1, cells 2/3 domain 1. */
static pk_support_design *fast(const row *r, const pk_support_design_opts *o, const char *csv)
{
    FILE *f = fmemopen((void *)csv, strlen(csv), "r");
    ck_assert_ptr_nonnull(f);
    pk_csv_reader *rd = pk_csv_reader_open_stream(f, "s.csv", ',', &err);
    ck_assert_ptr_nonnull(rd);
    pk_support_design *d = pk_support_design_new(o, rd, &err);
    ck_assert_ptr_nonnull(d);
    for (size_t c = 0; c < 4; c++) {
        size_t id;
        ck_assert_int_eq(pk_support_design_cell(d, &id, &err), 0);
        ck_assert_uint_eq(id, c);
    }
    for (int i = 0; pk_csv_reader_next(rd, &err) == 1; i++) {
        ck_assert_int_eq(pk_support_design_row(d, rd, &err), 0);
        ck_assert_int_eq(pk_support_design_add(d, (size_t)(2 * r[i].g + r[i].y), r[i].w, &err), 0);
    }
    int rc = pk_support_design_finish(d, "s.csv", &err);
    pk_csv_reader_close(rd);
    fclose(f);
    if (rc != 0) {
        pk_support_design_free(d);
        return NULL;
    }
    return d;
}

static void domain(const row *r, int g, double *p, double *W)
{
    double wy = 0;
    *W = 0;
    for (int i = 0; i < NROW; i++)
        if (r[i].g == g) {
            *W += r[i].w;
            wy += r[i].w * r[i].y;
        }
    *p = wy / *W;
}

START_TEST(matches_the_slow_way)
{
    row r[NROW];
    static const double fpcs[NSTRATA] = {50, 20, 3, 30, 400};
    for (uint64_t seed = 1; seed <= 6; seed++) {
        make_rows(r, seed);
        for (int bypsu = 0; bypsu < 2; bypsu++)
            for (int rule = PK_SUPPORT_DESIGN_LONELY_ADJUST; rule <= PK_SUPPORT_DESIGN_LONELY_REMOVE;
                 rule++)
                for (int withfpc = 0; withfpc < 2; withfpc++) {
                    /* Rows as PSUs: no stratum has one row, and a population
                     * must be at least the stratum's rows. */
                    double big[NSTRATA];
                    for (int h = 0; h < NSTRATA; h++)
                        big[h] = 1000 + 100 * h;
                    const double *fpc = withfpc ? (bypsu ? fpcs : big) : NULL;
                    pk_support_design_opts o = {bypsu ? "p" : NULL, "s", withfpc ? "f" : NULL,
                                                (enum pk_support_design_lonely)rule};
                    char *csv = csv_text(r, fpc);
                    pk_support_design *d = fast(r, &o, csv);
                    ck_assert_msg(d, "%s", err.msg);
                    for (int g = 0; g < 2; g++) {
                        double p, W, se, want;
                        long df, wantdf;
                        domain(r, g, &p, &W);
                        size_t cells[2] = {(size_t)(2 * g), (size_t)(2 * g + 1)};
                        double y[2] = {0, 1};
                        pk_support_design_se(d, 2, cells, y, p, W, NULL, &se, &df);
                        slow(r, g, bypsu, (enum pk_support_design_lonely)rule, fpc, &want, &wantdf);
                        ck_assert_msg(fabs(se - want) <= 1e-12 * want,
                                      "seed %d psu %d rule %d fpc %d g %d: %.17g vs %.17g",
                                      (int)seed, bypsu, rule, withfpc, g, se, want);
                        ck_assert_int_eq(df, wantdf);
                    }
                    pk_support_design_free(d);
                    free(csv);
                }
    }
}
END_TEST

START_TEST(a_merged_cell_is_its_parts)
{
    row r[NROW];
    make_rows(r, 9);
    pk_support_design_opts o = {"p", "s", NULL, PK_SUPPORT_DESIGN_LONELY_CERTAINTY};
    char *csv = csv_text(r, NULL);
    pk_support_design *d = fast(r, &o, csv);
    ck_assert_ptr_nonnull(d);
    /* Cell 4 = cells 0 and 2 (y = 0 in both domains), cell 5 = 1 and 3:
     * the whole sample. */
    size_t a, b;
    ck_assert_int_eq(pk_support_design_cell(d, &a, &err), 0);
    ck_assert_int_eq(pk_support_design_cell(d, &b, &err), 0);
    ck_assert_int_eq(pk_support_design_merge(d, a, 0, &err), 0);
    ck_assert_int_eq(pk_support_design_merge(d, a, 2, &err), 0);
    ck_assert_int_eq(pk_support_design_merge(d, b, 1, &err), 0);
    ck_assert_int_eq(pk_support_design_merge(d, b, 3, &err), 0);
    double W = 0, wy = 0;
    for (int i = 0; i < NROW; i++) {
        W += r[i].w;
        wy += r[i].w * r[i].y;
    }
    size_t merged[2] = {a, b}, parts[4] = {0, 2, 1, 3};
    double y2[2] = {0, 1}, y4[4] = {0, 0, 1, 1}, se1, se2;
    long df1, df2;
    pk_support_design_se(d, 2, merged, y2, wy / W, W, NULL, &se1, &df1);
    pk_support_design_se(d, 4, parts, y4, wy / W, W, NULL, &se2, &df2);
    ck_assert(se1 > 0);
    ck_assert_double_eq_tol(se1, se2, 1e-15);
    /* 1 + 2 + 3 + 4 + 5 PSUs less 5 strata */
    ck_assert_int_eq(df1, 10);
    ck_assert_int_eq(df2, 10);
    pk_support_design_free(d);
    free(csv);
}
END_TEST

/* The error of a design over csv, or "" when it is accepted. */
static const char *error_of(const pk_support_design_opts *o, const char *csv)
{
    FILE *f = fmemopen((void *)csv, strlen(csv), "r");
    pk_csv_reader *rd = pk_csv_reader_open_stream(f, "s.csv", ',', &err);
    pk_err_clear(&err);
    pk_support_design *d = pk_support_design_new(o, rd, &err);
    int rc = d ? 0 : 1;
    while (!rc && pk_csv_reader_next(rd, &err) == 1)
        rc = pk_support_design_row(d, rd, &err);
    if (!rc)
        rc = pk_support_design_finish(d, "s.csv", &err);
    pk_support_design_free(d);
    pk_csv_reader_close(rd);
    fclose(f);
    return rc ? err.msg : "";
}

START_TEST(errors)
{
    pk_support_design_opts o = {"p", "s", "f", PK_SUPPORT_DESIGN_LONELY_FAIL};
    ck_assert_str_eq(error_of(&o, "s,p,f\na,1,3\na,2,3\n"), "");
    ck_assert_str_eq(error_of(&o, "s,p,f\na,1,3\nb,1,3\n"),
                     "s.csv:2: stratum 'a' of s has only one PSU, whose variance cannot be estimated: "
                     "give --lonely-psu adjust, certainty or remove to say how to treat it");
    /* taken whole: not lonely */
    ck_assert_str_eq(error_of(&o, "s,p,f\na,1,1\nb,1,1\nb,2,1\n"), "");
    ck_assert_str_eq(error_of(&o, "s,p,f\na,1,0.5\na,2,0.5\nb,1,0.25\nb,2,0.25\n"), "");
    ck_assert_str_eq(error_of(&o, "s,p,f\na,1,1.5\na,2,1.5\n"),
                     "s.csv:2:f: fpc 1.5 is below the 2 PSUs of stratum 'a' of s in the sample: a "
                     "population count must be at least the sample's");
    ck_assert_str_eq(error_of(&o, "s,p,f\na,1,x\n"), "s.csv:2:f: fpc 'x' is not a number");
    ck_assert_str_eq(error_of(&o, "s,p,f\na,1,0\n"),
                     "s.csv:2:f: fpc '0' is not a positive number (a population count, or a "
                     "sampling fraction up to 1)");
    ck_assert_str_eq(error_of(&o, "s,p,f\na,,3\n"), "s.csv:2:p: no PSU (--psu): every row needs one");
    pk_support_design_opts none = {"q", NULL, NULL, PK_SUPPORT_DESIGN_LONELY_FAIL};
    ck_assert_str_eq(error_of(&none, "s,p,f\na,1,3\n"), "s.csv: no --psu column 'q'");
    /* One stratum (no --strata): its PSUs are the input's. */
    pk_support_design_opts nostrata = {"p", NULL, NULL, PK_SUPPORT_DESIGN_LONELY_FAIL};
    ck_assert_str_eq(error_of(&nostrata, "s,p,f\na,1,3\nb,1,3\n"),
                     "s.csv:2: the input (one stratum) has only one PSU, whose variance cannot be "
                     "estimated: give --lonely-psu adjust, certainty or remove to say how to treat it");
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("support_design");
    TCase *tc = pk_tcase("support_design");
    tcase_add_test(tc, matches_the_slow_way);
    tcase_add_test(tc, a_merged_cell_is_its_parts);
    tcase_add_test(tc, errors);
    suite_add_tcase(s, tc);
    return s;
}

PK_CHECK_MAIN(suite)
