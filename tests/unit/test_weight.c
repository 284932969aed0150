/* Weighting against R's survey package: the fixtures in tests/fixtures/weight
 * (made by make_fixtures.R there) hold rake(), calibrate(calfun="linear")
 * and calibrate(calfun="logit", bounds=) weights for a sample with an
 * interlocked margin, one with base weights and one with missing values
 * kept. Tolerances (relative, per weight): rake 1e-8, calibration 1e-6.
 * Then capping, non-convergence, the diagnostics and every sample error. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvio.h"
#include "number.h"
#include "pk_check.h"
#include "targets.h"
#include "weight.h"

static pk_err e;

typedef struct loaded {
    pk_targets *t;
    pk_weight_sample *s;
    double *w;
    pk_weight_diag dg;
} loaded;

static pk_targets *targets_file(const char *rel)
{
    char path[4096];
    pk_err_clear(&e);
    pk_targets *t = pk_targets_read(pk_src_path(path, sizeof path, rel), 0, &e);
    if (!t)
        ck_abort_msg("%s", e.msg);
    return t;
}

static pk_weight_sample *sample_file(const char *rel, const pk_targets *t, const char *base, int keep)
{
    char path[4096];
    pk_err_clear(&e);
    pk_csv_reader *r = pk_csv_reader_open(pk_src_path(path, sizeof path, rel), ',', &e);
    if (!r)
        ck_abort_msg("%s", e.msg);
    pk_weight_sample_opts so = {base, "weight", keep, 0};
    pk_weight_sample *s = pk_weight_sample_read(r, t, &so, &e);
    pk_csv_reader_close(r);
    if (!s)
        ck_abort_msg("%s", e.msg);
    return s;
}

/* One column of a fixture's reference weights. */
static double *ref_column(const char *rel, const char *col, size_t *n)
{
    char path[4096];
    pk_err_clear(&e);
    pk_csv_reader *r = pk_csv_reader_open(pk_src_path(path, sizeof path, rel), ',', &e);
    ck_assert_ptr_nonnull(r);
    long c = pk_csv_reader_col(r, col);
    ck_assert_int_ge(c, 0);
    size_t cap = 2048, k = 0;
    double *v = malloc(cap * sizeof *v);
    while (pk_csv_reader_next(r, &e) == 1) {
        if (k == cap)
            v = realloc(v, (cap *= 2) * sizeof *v);
        v[k++] = strtod(pk_csv_reader_field(r, (size_t)c), NULL);
    }
    pk_csv_reader_close(r);
    *n = k;
    return v;
}

static void run(loaded *L, const pk_weight_opts *o, int want_rc)
{
    L->w = malloc(pk_weight_sample_n(L->s) * sizeof *L->w);
    pk_err_clear(&e);
    int rc = pk_weight_compute(L->s, L->t, o, L->w, &L->dg, &e);
    if (rc != want_rc)
        ck_abort_msg("pk_weight_compute returned %d (%s), expected %d", rc, e.msg, want_rc);
}

static void unload(loaded *L)
{
    pk_weight_diag_free(&L->dg);
    free(L->w);
    pk_weight_sample_free(L->s);
    pk_targets_free(L->t);
}

static pk_weight_opts opts(pk_weight_method m)
{
    pk_weight_opts o;
    memset(&o, 0, sizeof o);
    o.method = m;
    if (m == PK_WEIGHT_METHOD_LOGIT) {
        /* tests/fixtures/weight/bounds.txt */
        o.has_bounds = 1;
        o.bound_lo = 0.4;
        o.bound_hi = 2.5;
    }
    return o;
}

/* Compare with R; returns the largest relative error (printed for the record). */
static double agree(const char *sample, const char *targets, const char *base, int keep, pk_weight_method m,
                    const char *ref, const char *col, double tol)
{
    loaded L = {0};
    L.t = targets_file(targets);
    L.s = sample_file(sample, L.t, base, keep);
    pk_weight_opts o = opts(m);
    run(&L, &o, 0);
    ck_assert(L.dg.converged);
    size_t n;
    double *r = ref_column(ref, col, &n);
    ck_assert_uint_eq(n, pk_weight_sample_n(L.s));
    double worst = 0;
    for (size_t i = 0; i < n; i++) {
        double rel = fabs(L.w[i] / r[i] - 1);
        if (!(rel <= worst))
            worst = rel;
    }
    fprintf(stderr, "%s %s (%s): max relative error %.3g\n", sample, col, ref, worst);
    if (!(worst <= tol))
        ck_abort_msg("%s %s: max relative error %g > %g", sample, col, worst, tol);
    free(r);
    unload(&L);
    return worst;
}

#define FIX "tests/fixtures/weight/"

START_TEST(r_rake_interlocked)
{
    agree(FIX "sample1.csv", FIX "targets1.csv", NULL, 0, PK_WEIGHT_METHOD_RAKE, FIX "ref1.csv", "rake", 1e-8);
}
END_TEST

START_TEST(r_calibrate_interlocked)
{
    agree(FIX "sample1.csv", FIX "targets1.csv", NULL, 0, PK_WEIGHT_METHOD_LINEAR, FIX "ref1.csv", "linear", 1e-6);
    agree(FIX "sample1.csv", FIX "targets1.csv", NULL, 0, PK_WEIGHT_METHOD_LOGIT, FIX "ref1.csv", "logit", 1e-6);
}
END_TEST

START_TEST(r_base_weights)
{
    agree(FIX "sample2.csv", FIX "targets2.csv", "base_w", 0, PK_WEIGHT_METHOD_RAKE, FIX "ref2.csv", "rake", 1e-8);
    agree(FIX "sample2.csv", FIX "targets2.csv", "base_w", 0, PK_WEIGHT_METHOD_LINEAR, FIX "ref2.csv", "linear", 1e-6);
    agree(FIX "sample2.csv", FIX "targets2.csv", "base_w", 0, PK_WEIGHT_METHOD_LOGIT, FIX "ref2.csv", "logit", 1e-6);
}
END_TEST

START_TEST(r_missing_keep)
{
    agree(FIX "sample3.csv", FIX "targets2.csv", "base_w", 1, PK_WEIGHT_METHOD_RAKE, FIX "ref3.csv", "rake", 1e-8);
    agree(FIX "sample3.csv", FIX "targets2.csv", "base_w", 1, PK_WEIGHT_METHOD_LINEAR, FIX "ref3.csv", "linear", 1e-6);
    agree(FIX "sample3.csv", FIX "targets2.csv", "base_w", 1, PK_WEIGHT_METHOD_LOGIT, FIX "ref3.csv", "logit", 1e-6);
}
END_TEST

/* --missing keep by its properties: the kept margin's weighted shares among
 * respondents with a value are the targets; they keep their weights. */
START_TEST(missing_keep_properties)
{
    loaded L = {0};
    L.t = targets_file(FIX "targets2.csv");
    L.s = sample_file(FIX "sample3.csv", L.t, "base_w", 1);
    size_t vote = 4, n = pk_weight_sample_n(L.s);
    ck_assert_str_eq(L.t->m[vote].name, "vote2024");
    ck_assert_uint_gt(pk_weight_sample_missing(L.s, vote), 100);
    pk_weight_opts o = opts(PK_WEIGHT_METHOD_RAKE);
    run(&L, &o, 0);
    double sum[9] = {0}, tot = 0, all = 0;
    for (size_t i = 0; i < n; i++) {
        all += L.w[i];
        uint16_t c = pk_weight_sample_code(L.s, vote, i);
        if (c == PK_CODE_MISSING)
            continue;
        sum[c] += L.w[i];
        tot += L.w[i];
    }
    ck_assert_double_eq_tol(all, (double)n, 1e-9);
    for (size_t k = 0; k < 9; k++)
        ck_assert_double_eq_tol(sum[k] / tot, L.t->m[vote].cat[k].target, 1e-10);
    ck_assert_double_lt(L.dg.max_gap, 1e-10);
    unload(&L);
}
END_TEST

static pk_weight_sample *sample_text(const char *csv, const pk_targets *t, const char *base, int keep, const char *wname);
static pk_targets *targets_text(const char *csv);

/* The largest margin gap, recomputed here from the codes. */
static double independent_gap(const loaded *L)
{
    double gap = 0;
    for (size_t j = 0; j < L->t->nmargin; j++) {
        const pk_targets_margin *m = &L->t->m[j];
        double *sum = calloc(m->ncat, sizeof *sum), tot = 0;
        for (size_t i = 0; i < pk_weight_sample_n(L->s); i++) {
            uint16_t c = pk_weight_sample_code(L->s, j, i);
            if (c != PK_CODE_MISSING) {
                sum[c] += L->w[i];
                tot += L->w[i];
            }
        }
        for (size_t k = 0; k < m->ncat; k++)
            gap = fmax(gap, fabs(sum[k] / tot - m->cat[k].target));
        free(sum);
    }
    return gap;
}

/* --cap: weights within [LO, HI] x mean, margins still within tolerance. */
START_TEST(caps_hold)
{
    loaded L = {0};
    L.t = targets_file(FIX "targets1.csv");
    L.s = sample_file(FIX "sample1.csv", L.t, NULL, 0);
    pk_weight_opts o = opts(PK_WEIGHT_METHOD_RAKE);
    run(&L, &o, 0);
    double uncapped_max = L.dg.wmax, uncapped_min = L.dg.wmin;
    pk_weight_diag_free(&L.dg);
    free(L.w);
    o.has_cap = 1;
    o.cap_lo = 0.4;
    o.cap_hi = 1.8;
    ck_assert_double_gt(uncapped_max, o.cap_hi); /* the cap has work to do */
    ck_assert_double_lt(uncapped_min, o.cap_lo);
    run(&L, &o, 0);
    size_t n = pk_weight_sample_n(L.s);
    double mean = L.dg.total / (double)n;
    ck_assert_double_eq_tol(mean, 1.0, 1e-12);
    for (size_t i = 0; i < n; i++) {
        ck_assert_double_le(L.w[i], o.cap_hi * mean * (1 + 1e-12));
        ck_assert_double_ge(L.w[i], o.cap_lo * mean * (1 - 1e-12));
    }
    ck_assert(L.dg.converged);
    ck_assert_double_lt(L.dg.max_gap, 1e-10);
    ck_assert_double_lt(independent_gap(&L), 1e-10);
    ck_assert_int_gt(L.dg.cap_rounds, 0);
    unload(&L);
}
END_TEST

START_TEST(caps_cannot_hold)
{
    /* A category that needs an average weight outside the caps: said at once. */
    loaded L = {0};
    L.t = targets_file(FIX "targets1.csv");
    L.s = sample_file(FIX "sample1.csv", L.t, NULL, 0);
    pk_weight_opts o = opts(PK_WEIGHT_METHOD_RAKE);
    o.has_cap = 1;
    o.cap_lo = 0.45;
    o.cap_hi = 3;
    run(&L, &o, PK_ERR_DATA);
    ck_assert_ptr_nonnull(strstr(e.msg, "the caps 0.45,3 cannot hold: category 'pc' of 'vote2024' (target 0.004, "
                                        "14 of 1500 respondents) needs an average weight of 0.4286 times the mean"));
    unload(&L);

    /* Every category alone could be met, the margins together cannot: with
     * weights at most 2.5, men can reach at most 488.9 of the 490 they need
     * (18-24: 48, 25-49: 125, 50-64: 177.5, 65+: 138.4, given women's
     * lower cap 0.4 in each age band). */
    static const struct { const char *sex, *age; int n; } cells[] = {
        {"male", "18-24", 61},    {"male", "25-49", 50},    {"male", "50-64", 71},    {"male", "65+", 132},
        {"female", "18-24", 130}, {"female", "25-49", 148}, {"female", "50-64", 129}, {"female", "65+", 279}};
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    fprintf(f, "sex,age_band\n");
    for (size_t c = 0; c < 8; c++)
        for (int i = 0; i < cells[c].n; i++)
            fprintf(f, "%s,%s\n", cells[c].sex, cells[c].age);
    fclose(f);
    L = (loaded){0};
    L.t = targets_text("variable,category,target\nsex,male,0.49\nsex,female,0.51\n"
                       "age_band,18-24,0.1\nage_band,25-49,0.4\nage_band,50-64,0.25\nage_band,65+,0.25\n");
    L.s = sample_text(buf, L.t, NULL, 0, NULL);
    ck_assert_ptr_nonnull(L.s);
    o.cap_lo = 0.4;
    o.cap_hi = 2.5;
    o.max_iter = 300;
    run(&L, &o, PK_ERR_DATA);
    ck_assert_ptr_nonnull(strstr(e.msg, "the caps 0.4,2.5 and the margins cannot both hold: after 300 sweeps"));
    ck_assert(!L.dg.converged);
    ck_assert_ptr_nonnull(L.dg.cat); /* the diagnostics so far */
    ck_assert_double_gt(L.dg.max_gap, 1e-4);
    ck_assert_double_lt(L.dg.max_gap, 0.01);
    unload(&L);
    free(buf);

    /* Wider caps on the same sample: both hold. */
    L = (loaded){0};
    L.t = targets_text("variable,category,target\nsex,male,0.49\nsex,female,0.51\n"
                       "age_band,18-24,0.1\nage_band,25-49,0.4\nage_band,50-64,0.25\nage_band,65+,0.25\n");
    f = open_memstream(&buf, &len);
    fprintf(f, "sex,age_band\n");
    for (size_t c = 0; c < 8; c++)
        for (int i = 0; i < cells[c].n; i++)
            fprintf(f, "%s,%s\n", cells[c].sex, cells[c].age);
    fclose(f);
    L.s = sample_text(buf, L.t, NULL, 0, NULL);
    o.cap_lo = 0.3;
    o.cap_hi = 3;
    run(&L, &o, 0);
    ck_assert_double_le(L.dg.wmax, 3 * (1 + 1e-12));
    ck_assert_double_lt(independent_gap(&L), 1e-10);
    unload(&L);
    free(buf);
}
END_TEST

/* Targets that contradict each other (sex by the interlocked margin 0.49
 * male, by its own margin 0.40): raking cannot converge. */
START_TEST(no_convergence)
{
    const char *extra = FIX "targets1.csv";
    pk_targets *t1 = targets_file(extra);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    fprintf(f, "variable,category,target\n");
    for (size_t j = 0; j < t1->nmargin; j++)
        for (size_t k = 0; k < t1->m[j].ncat; k++)
            fprintf(f, "%s,%s,%.17g\n", t1->m[j].name, t1->m[j].cat[k].name, t1->m[j].cat[k].target);
    fprintf(f, "sex,male,0.40\nsex,female,0.60\n");
    fclose(f);
    pk_targets_free(t1);
    loaded L = {0};
    f = fmemopen(buf, len, "r");
    pk_err_clear(&e);
    L.t = pk_targets_read_stream(f, "bad.csv", 0, &e);
    fclose(f);
    ck_assert_ptr_nonnull(L.t);
    L.s = sample_file(FIX "sample1.csv", L.t, NULL, 0);
    pk_weight_opts o = opts(PK_WEIGHT_METHOD_RAKE);
    o.max_iter = 200;
    run(&L, &o, PK_ERR_DATA);
    ck_assert_ptr_nonnull(strstr(e.msg, "raking did not converge in 200 sweeps"));
    ck_assert(!L.dg.converged);
    ck_assert_int_eq(L.dg.iterations, 200);
    ck_assert_double_gt(L.dg.max_gap, 0.01);
    unload(&L);
    free(buf);

    /* Consistent targets but too few sweeps allowed. */
    L = (loaded){0};
    L.t = targets_file(FIX "targets1.csv");
    L.s = sample_file(FIX "sample1.csv", L.t, NULL, 0);
    o.max_iter = 2;
    run(&L, &o, PK_ERR_DATA);
    ck_assert_ptr_nonnull(strstr(e.msg, "did not converge in 2 sweeps"));
    unload(&L);
}
END_TEST

START_TEST(bounds_infeasible)
{
    /* R's calibrate() fails too (make_fixtures.R checks it). */
    loaded L = {0};
    L.t = targets_file(FIX "targets1.csv");
    L.s = sample_file(FIX "sample1.csv", L.t, NULL, 0);
    pk_weight_opts o = opts(PK_WEIGHT_METHOD_LOGIT);
    o.bound_lo = 0.5;
    o.bound_hi = 2;
    run(&L, &o, PK_ERR_DATA);
    ck_assert_ptr_nonnull(strstr(e.msg, "the bounds 0.5,2 are too tight for these targets"));
    unload(&L);
}
END_TEST

/* A sample from text, for the diagnostics and the errors. */
static pk_weight_sample *sample_text(const char *csv, const pk_targets *t, const char *base, int keep, const char *wname)
{
    FILE *f = fmemopen((void *)csv, strlen(csv), "r");
    pk_err_clear(&e);
    pk_csv_reader *r = pk_csv_reader_open_stream(f, "in.csv", ',', &e);
    ck_assert_ptr_nonnull(r);
    pk_weight_sample_opts so = {base, wname ? wname : "weight", keep, 0};
    pk_weight_sample *s = pk_weight_sample_read(r, t, &so, &e);
    pk_csv_reader_close(r);
    fclose(f);
    return s;
}

static pk_targets *targets_text(const char *csv)
{
    FILE *f = fmemopen((void *)csv, strlen(csv), "r");
    pk_err_clear(&e);
    pk_targets *t = pk_targets_read_stream(f, "tg.csv", 0, &e);
    fclose(f);
    ck_assert_ptr_nonnull(t);
    return t;
}

/* 2 x 2 by hand: sex 50/50, age 50/50; sample m-y, m-o, f-y, f-o, f-o.
 * IPF's fixed point has product form w = r_sex s_age; with r_f = s_o = 1
 * the margins give r_m (s_y + 1) = s_y + 2 and s_y (r_m + 1) = r_m + 2,
 * so r_m = s_y = sqrt 2: weights 2, sqrt2, sqrt2, 1, 1 times
 * k = 5 / (4 + 2 sqrt2) for mean 1. */
START_TEST(hand_rake_and_diagnostics)
{
    pk_targets *t = targets_text("variable,category,target\nsex,m,0.5\nsex,f,0.5\nage,young,0.5\nage,old,0.5\n");
    pk_weight_sample *s = sample_text("id,sex,age\n1,m,young\n2,m,old\n3,f,young\n4,f,old\n5,f,old\n", t, NULL, 0, NULL);
    ck_assert_ptr_nonnull(s);
    double w[5];
    pk_weight_diag dg;
    pk_weight_opts o = opts(PK_WEIGHT_METHOD_RAKE);
    pk_err_clear(&e);
    ck_assert_int_eq(pk_weight_compute(s, t, &o, w, &dg, &e), 0);
    double r2 = sqrt(2.0), k = 5 / (4 + 2 * r2);
    ck_assert_double_eq_tol(w[0], 2 * k, 1e-9);
    ck_assert_double_eq_tol(w[1], r2 * k, 1e-9);
    ck_assert_double_eq_tol(w[2], r2 * k, 1e-9);
    ck_assert_double_eq_tol(w[3], k, 1e-9);
    ck_assert_double_eq_tol(w[4], k, 1e-9);
    ck_assert_double_eq_tol(dg.wmin, k, 1e-9);
    ck_assert_double_eq_tol(dg.wmax, 2 * k, 1e-9);
    ck_assert_double_eq_tol(dg.ratio, 2.0, 1e-9);
    ck_assert_double_eq_tol(dg.wmedian, r2 * k, 1e-9);
    /* Kish: n sum w^2 / (sum w)^2 = 5 x 10 k^2 / 25. */
    double deff = 2 * k * k;
    ck_assert_double_eq_tol(dg.deff, deff, 1e-9);
    ck_assert_double_eq_tol(dg.efficiency, 1 / deff, 1e-9);
    ck_assert_double_eq_tol(dg.n_eff, 5 / deff, 1e-9);
    ck_assert_uint_eq(dg.cat[1][1].n, 3);
    ck_assert_double_eq_tol(dg.cat[1][1].unweighted, 0.6, 1e-15);
    ck_assert_double_eq_tol(dg.cat[1][1].weighted, 0.5, 1e-10);
    ck_assert_double_eq_tol(dg.cat[1][1].target, 0.5, 1e-15);
    char buf[512];
    pk_weight_summary(buf, sizeof buf, &o, &dg);
    ck_assert_ptr_nonnull(strstr(buf, "rake converged in"));
    ck_assert_ptr_nonnull(strstr(buf, "of 5"));
    pk_weight_diag_free(&dg);

    /* --total 10: the same weights, doubled. */
    o.total = 10;
    ck_assert_int_eq(pk_weight_compute(s, t, &o, w, &dg, &e), 0);
    ck_assert_double_eq_tol(w[0], 4 * k, 1e-9);
    pk_weight_diag_free(&dg);
    pk_weight_sample_free(s);
    pk_targets_free(t);
}
END_TEST

static void sample_fails(const char *targets, const char *csv, const char *base, int keep, const char *wname,
                         const char *want)
{
    pk_targets *t = targets_text(targets);
    pk_weight_sample *s = sample_text(csv, t, base, keep, wname);
    if (s)
        ck_abort_msg("expected an error containing '%s'", want);
    if (!strstr(e.msg, want))
        ck_abort_msg("message '%s' lacks '%s'", e.msg, want);
    ck_assert_int_eq(e.status, PK_ERR_DATA);
    pk_targets_free(t);
}

#define TG "variable,category,target\nsex,m,0.5\nsex,f,0.5\n"
#define TGI "variable,category,target\nsex:age,m:y,0.25\nsex:age,m:o,0.25\nsex:age,f:y,0.25\nsex:age,f:o,0.25\n"

START_TEST(sample_errors)
{
    sample_fails(TG, "id,sex\n1,m\n2,x\n3,f\n4,x\n", NULL, 0, NULL,
                 "in.csv:3:sex: category 'x' is not in the targets of 'sex' (2 respondents)");
    sample_fails(TGI, "id,sex,age\n1,m,y\n2,m,o\n3,f,o\n", NULL, 0, NULL,
                 "tg.csv:4: no respondents in category 'f:y' of 'sex:age', whose target is 0.25");
    sample_fails("variable,category,target\nsex:age,m:y,0.5\nsex:age,f:o,0.5\n", "id,sex,age\n1,m,y\n2,m,o\n3,f,o\n4,m,o\n",
                 NULL, 0, NULL, "in.csv:3:sex:age: category 'm:o' is not in the targets of 'sex:age' (2 respondents)");
    sample_fails(TG, "id,sex\n1,m\n2,\n3,f\n4,\n", NULL, 0, NULL,
                 "in.csv:3:sex: 2 respondents have no value for 'sex' (the first on this line)");
    sample_fails(TG, "id,sex\n1,m\n", NULL, 0, NULL, "tg.csv:3: no respondents in category 'f' of 'sex', whose target is 0.5, in in.csv");
    sample_fails(TG, "id,sex,weight\n1,m,1\n2,f,1\n", NULL, 0, NULL,
                 "in.csv:1: the input already has a column named 'weight'");
    sample_fails(TG, "id,sex,w\n1,m,1\n2,f,1\n", NULL, 0, "w", "in.csv:1: the input already has a column named 'w'");
    sample_fails(TG, "id,sex\n1,m\n2,f\n", "bw", 0, NULL, "in.csv:1: no column named 'bw' for --base-weight");
    sample_fails(TG, "id,sex,bw\n1,m,1\n2,f,-2\n", "bw", 0, NULL, "in.csv:3:bw: negative base weight -2");
    sample_fails(TG, "id,sex,bw\n1,m,1\n2,f,x\n", "bw", 0, NULL, "in.csv:3:bw: base weight 'x' is not a number");
    sample_fails(TG, "id,sex,bw\n1,m,1\n2,f,\n", "bw", 0, NULL, "in.csv:3:bw: no base weight");
    sample_fails(TG, "id,sex,bw\n1,m,1\n2,f,0\n", "bw", 0, NULL,
                 "tg.csv:3: no respondents with a positive base weight in category 'f' of 'sex', "
                 "whose target is 0.5, in in.csv");
    sample_fails(TG, "id\n1\n", NULL, 0, NULL, "tg.csv:2: variable 'sex' needs a column 'sex', which in.csv lacks");
    sample_fails("variable,category,target\nsex,m,1\nsex,f,0\n", "id,sex\n1,m\n2,f\n", NULL, 0, NULL,
                 "tg.csv:3: target 0 for category 'f' of 'sex', but 1 respondent has it in in.csv");
    sample_fails(TG, "id,sex\n", NULL, 0, NULL, "in.csv: no respondents to weight");
    sample_fails(TG, "id,sex\n1,m\n2,f,3\n", NULL, 0, NULL, "in.csv:3");
}
END_TEST

/* The arena gives back every field unchanged, in canonical form: records
 * that need no quoting take the fast path, the others go field by field
 * through the writer; both must equal what the writer alone writes. */
static void write_back_case(const char *in, char delim, char out_delim)
{
    pk_targets *t = targets_text(TG);
    FILE *f = fmemopen((void *)in, strlen(in), "r");
    pk_err_clear(&e);
    pk_csv_reader *r = pk_csv_reader_open_stream(f, "in.csv", delim, &e);
    ck_assert_ptr_nonnull(r);
    pk_weight_sample_opts so = {NULL, "wt", 0, delim};
    pk_weight_sample *s = pk_weight_sample_read(r, t, &so, &e);
    pk_csv_reader_close(r);
    fclose(f);
    ck_assert_ptr_nonnull(s);
    double w[8] = {1.5, 0.75, 0.123456789012345678, 2, 3, 4, 5, 6};
    ck_assert_uint_le(pk_weight_sample_n(s), 8);
    char *got = NULL, *want = NULL;
    size_t glen = 0, wlen = 0;
    FILE *g = open_memstream(&got, &glen);
    pk_csv_writer wr;
    pk_csv_writer_init(&wr, g, out_delim);
    ck_assert_int_eq(pk_weight_sample_write(s, w, &wr, &e), 0);
    fclose(g);
    /* The reference: the reader's fields straight into the writer. */
    f = fmemopen((void *)in, strlen(in), "r");
    r = pk_csv_reader_open_stream(f, "in.csv", delim, &e);
    FILE *h = open_memstream(&want, &wlen);
    pk_csv_writer_init(&wr, h, out_delim);
    for (size_t c = 0; c < pk_csv_reader_ncols(r); c++)
        pk_csv_writer_field(&wr, pk_csv_reader_colname(r, c));
    pk_csv_writer_field(&wr, "wt");
    pk_csv_writer_end(&wr);
    for (size_t i = 0; pk_csv_reader_next(r, &e) == 1; i++) {
        for (size_t c = 0; c < pk_csv_reader_nfields(r); c++)
            pk_csv_writer_field_n(&wr, pk_csv_reader_field(r, c), pk_csv_reader_field_len(r, c));
        pk_csv_writer_double(&wr, w[i], PK_DIGITS_WEIGHT);
        pk_csv_writer_end(&wr);
    }
    fclose(h);
    pk_csv_reader_close(r);
    fclose(f);
    ck_assert_str_eq(got, want);
    free(got);
    free(want);
    pk_weight_sample_free(s);
    pk_targets_free(t);
}

/* What pk_weight_sample_write writes, comma-separated, in a buffer of *len
 * bytes (the caller frees it). */
static char *written(pk_weight_sample *s, const double *w, size_t *len)
{
    char *buf = NULL;
    *len = 0;
    FILE *f = open_memstream(&buf, len);
    pk_csv_writer wr;
    pk_csv_writer_init(&wr, f, ',');
    ck_assert_int_eq(pk_weight_sample_write(s, w, &wr, &e), 0);
    fclose(f);
    return buf;
}

/* Records are read back from the temporary copy through a 1 MiB buffer:
 * many records cross its refills, and one longer than it grows it. */
START_TEST(write_back_past_the_buffer)
{
    pk_targets *t = targets_text("variable,category,target\nsex,m,0.5\nsex,f,0.5\n");
    size_t n = 60000, big = (size_t)3 << 20;
    char *csv = NULL, *want = NULL;
    size_t clen = 0, wlen = 0;
    FILE *c = open_memstream(&csv, &clen), *wf = open_memstream(&want, &wlen);
    fputs("id,sex,note\n", c);
    fputs("id,sex,note,wt\n", wf);
    for (size_t i = 0; i < n; i++) {
        const char *sex = i % 2 ? "m" : "f";
        if (i == n / 2) {
            fprintf(c, "%zu,%s,", i, sex);
            fprintf(wf, "%zu,%s,", i, sex);
            for (size_t k = 0; k < big; k++) {
                fputc('x', c);
                fputc('x', wf);
            }
            fputs("\n", c);
            fputs(",1\n", wf);
        } else {
            fprintf(c, "%zu,%s,\"a, b\"\n", i, sex);   /* quoted: a REC_FIELDS record */
            fprintf(wf, "%zu,%s,\"a, b\",1\n", i, sex);
        }
    }
    fclose(c);
    fclose(wf);
    pk_weight_sample *s = sample_text(csv, t, NULL, 0, "wt");
    ck_assert_ptr_nonnull(s);
    ck_assert_uint_eq(pk_weight_sample_n(s), n);
    double *w = malloc(n * sizeof *w);
    for (size_t i = 0; i < n; i++)
        w[i] = 1;
    size_t len;
    char *buf = written(s, w, &len);
    ck_assert_uint_eq(len, wlen);
    ck_assert(memcmp(buf, want, len) == 0);
    free(buf);
    free(want);
    free(csv);
    free(w);
    pk_weight_sample_free(s);
    pk_targets_free(t);
}
END_TEST

START_TEST(write_back)
{
    static const char in[] = "id,sex,note\n1,m,\"a, \"\"b\"\"\"\n2,f,\"two\nlines\"\n3,f,\n4,m,plain text\n"
                             "5,f,\"\xEF\xBB\xBF" "bom\"\n6,m,\"cr\rhere\"\n7,f,tab\there\n";
    write_back_case(in, ',', ',');
    write_back_case(in, ',', '\t');
    write_back_case("id\tsex\tnote\n1\tm\ta,b\n2\tf\t\"x\ty\"\n3\tf\t\n", '\t', '\t');
    write_back_case("id\tsex\tnote\n1\tm\ta,b\n2\tf\t\"x\ty\"\n3\tf\t\n", '\t', ',');
    /* And the exact text, for the record. */
    pk_targets *t = targets_text(TG);
    pk_weight_sample *s = sample_text("id,sex,note\n1,m,\"a, \"\"b\"\"\"\n2,f,\"two\nlines\"\n3,f,\n", t, NULL, 0, "wt");
    ck_assert_ptr_nonnull(s);
    double w[3] = {1.5, 0.75, 0.123456789012345678};
    size_t len;
    char *buf = written(s, w, &len);
    ck_assert_str_eq(buf, "id,sex,note,wt\n1,m,\"a, \"\"b\"\"\",1.5\n2,f,\"two\nlines\",0.75\n3,f,,0.123456789012346\n");
    free(buf);
    pk_weight_sample_free(s);
    pk_targets_free(t);
}
END_TEST

static Suite *weight_suite(void)
{
    Suite *s = suite_create("weight");
    TCase *r = pk_tcase("r_survey");
    tcase_add_test(r, r_rake_interlocked);
    tcase_add_test(r, r_calibrate_interlocked);
    tcase_add_test(r, r_base_weights);
    tcase_add_test(r, r_missing_keep);
    suite_add_tcase(s, r);
    TCase *m = pk_tcase("methods");
    tcase_add_test(m, missing_keep_properties);
    tcase_add_test(m, caps_hold);
    tcase_add_test(m, caps_cannot_hold);
    tcase_add_test(m, no_convergence);
    tcase_add_test(m, bounds_infeasible);
    tcase_add_test(m, hand_rake_and_diagnostics);
    suite_add_tcase(s, m);
    TCase *io = pk_tcase("sample");
    tcase_add_test(io, sample_errors);
    tcase_add_test(io, write_back);
    tcase_add_test(io, write_back_past_the_buffer);
    suite_add_tcase(s, io);
    return s;
}

PK_CHECK_MAIN(weight_suite)
