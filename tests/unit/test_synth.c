/* pollsynth's model: the embedded targets are data/targets.csv's, the raked
 * population has those margins, the truth is a consistent set of shares, a
 * large unbiased draw (from the model, and through the whole clean export)
 * reproduces the truth within sampling error, and so does a clustered draw
 * whose PSU effects take part of the person effect (--icc), the panel
 * is visibly biased yet by a product of one factor per weighting variable,
 * and the frozen spelling tables are complete and unambiguous. */
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "csvio.h"
#include "number.h"
#include "pk_check.h"
#include "synth.h"

static pk_synth_model *model(void)
{
    pk_err e;
    pk_err_clear(&e);
    pk_synth_model *m = pk_synth_model_new(&e);
    ck_assert_msg(m != NULL, "%s", e.msg);
    return m;
}

START_TEST(embedded_targets_are_the_files)
{
    char path[4096];
    pk_err e;
    pk_err_clear(&e);
    pk_csv_reader *r = pk_csv_reader_open(pk_src_path(path, sizeof path, "data/targets.csv"), ',', &e);
    ck_assert_msg(r != NULL, "%s", e.msg);
    long cv = pk_csv_reader_col(r, "variable"), cc = pk_csv_reader_col(r, "category"),
         ct = pk_csv_reader_col(r, "target"), cs = pk_csv_reader_col(r, "source");
    ck_assert(cv >= 0 && cc >= 0 && ct >= 0 && cs >= 0);
    size_t i = 0;
    int got;
    while ((got = pk_csv_reader_next(r, &e)) == 1) {
        ck_assert_uint_lt(i, pk_synth_n_targets);
        ck_assert_str_eq(pk_csv_reader_field(r, (size_t)cv), pk_synth_targets[i].variable);
        ck_assert_str_eq(pk_csv_reader_field(r, (size_t)cc), pk_synth_targets[i].category);
        double t;
        ck_assert_int_eq(pk_number_parse(pk_csv_reader_field(r, (size_t)ct), &t), 0);
        ck_assert_double_eq(t, pk_synth_targets[i].target);
        ck_assert_msg(strlen(pk_csv_reader_field(r, (size_t)cs)) > 10, "line %ld has no source",
                      pk_csv_reader_line(r));
        i++;
    }
    ck_assert_int_eq(got, 0);
    ck_assert_uint_eq(i, pk_synth_n_targets);
    pk_csv_reader_close(r);
    /* each variable sums to 1 */
    for (size_t a = 0; a < pk_synth_n_targets; a++) {
        double s = 0;
        for (size_t b = 0; b < pk_synth_n_targets; b++)
            if (strcmp(pk_synth_targets[a].variable, pk_synth_targets[b].variable) == 0)
                s += pk_synth_targets[b].target;
        ck_assert_double_eq_tol(s, 1.0, 1e-9);
    }
}
END_TEST

START_TEST(population_margins_equal_targets)
{
    pk_synth_model *m = model();
    double tot = 0;
    for (int i = 0; i < PK_SYNTH_NCELL; i++)
        tot += m->pop[i];
    ck_assert_double_eq_tol(tot, 1.0, 1e-12);
    for (size_t i = 0; i < pk_synth_n_targets; i++)
        ck_assert_double_eq_tol(
            pk_synth_model_margin(m, pk_synth_targets[i].variable, pk_synth_targets[i].category),
            pk_synth_targets[i].target, 1e-12);
    ck_assert(isnan(pk_synth_model_margin(m, "vote2024", "whig")));
    /* The SNP stands only in Scotland, Plaid only in Wales. */
    for (int i = 0; i < PK_SYNTH_NCELL; i++) {
        pk_synth_cell c = pk_synth_cell_of(i);
        if (c.vote == 5 && c.region != 10)
            ck_assert_double_eq(m->pop[i], 0);
        if (c.vote == 6 && c.region != 9)
            ck_assert_double_eq(m->pop[i], 0);
    }
    pk_synth_model_free(m);
}
END_TEST

START_TEST(truth_is_consistent)
{
    pk_synth_model *m = model();
    static pk_synth_truth_table t;
    pk_err e;
    pk_err_clear(&e);
    ck_assert_int_eq(pk_synth_truth(m, 0, t, &e), 0);
    for (int g = 0; g < PK_SYNTH_NGROUP; g++)
        for (int q = 0; q < PK_SYNTH_NQ; q++) {
            const double *s = t[g][q];
            double sum = 0;
            for (int r = 0; r < PK_SYNTH_NRESP; r++) {
                ck_assert(s[r] > 0 && s[r] < 1);
                sum += s[r];
            }
            ck_assert_double_eq_tol(sum, 1.0, 1e-12);
            ck_assert_double_eq_tol(s[6], s[0] + s[1], 1e-15);
            ck_assert_double_eq_tol(s[7], s[3] + s[4], 1e-15);
            ck_assert_double_eq_tol(s[8], s[6] - s[7], 1e-15);
        }
    /* The story the data must allow to be told: Reform and Conservative
     * voters most supportive, Green and Lib Dem least; Labour majorities on
     * some proposals only, Greens on at most two. */
    int lab_major = 0, grn_major = 0;
    for (int q = 0; q < PK_SYNTH_NQ; q++) {
        ck_assert(t[4][q][6] > t[1][q][6]); /* ref > con */
        ck_assert(t[1][q][6] > t[2][q][6]); /* con > lab */
        ck_assert(t[2][q][6] > t[3][q][6]); /* lab > ld */
        lab_major += t[2][q][6] > 0.5;
        grn_major += t[5][q][6] > 0.5;
    }
    ck_assert(lab_major >= 3 && lab_major <= 4);
    ck_assert(grn_major >= 1 && grn_major <= 2);
    pk_synth_model_free(m);
}
END_TEST

/* 200,000 respondents drawn from the population with latent support moved
 * by `first`, then re-interviewed `later` times, each time moved on by
 * `step`: every share of the truth at the last wave's shift is within 4
 * standard errors of the sample's. */
static void draws_reproduce_truth(double first, int later, double step)
{
    enum { N = 200000 };
    pk_synth_model *m = model();
    static pk_synth_truth_table t;
    pk_err e;
    pk_err_clear(&e);
    ck_assert_int_eq(pk_synth_truth(m, first + later * step, t, &e), 0);
    static double cnt[PK_SYNTH_NGROUP][PK_SYNTH_NQ][PK_SYNTH_NRESP];
    static double ngroup[PK_SYNTH_NGROUP];
    memset(cnt, 0, sizeof cnt);
    memset(ngroup, 0, sizeof ngroup);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 12345);
    for (int i = 0; i < N; i++) {
        pk_synth_person p;
        pk_synth_draw(m, r, PK_SYNTH_BIAS_NONE, NULL, first, &p);
        for (int k = 1; k <= later; k++)
            pk_synth_reinterview(m, r, first + k * step, &p);
        ngroup[0]++;
        ngroup[1 + p.c.vote]++;
        for (int q = 0; q < PK_SYNTH_NQ; q++) {
            cnt[0][q][p.ans[q]]++;
            cnt[1 + p.c.vote][q][p.ans[q]]++;
        }
    }
    gsl_rng_free(r);
    int checked = 0;
    for (int g = 0; g < PK_SYNTH_NGROUP; g++) {
        double n = ngroup[g];
        ck_assert(n > 500);
        for (int q = 0; q < PK_SYNTH_NQ; q++) {
            double ph[PK_SYNTH_NTRUTH];
            for (int k = 0; k < PK_SYNTH_NRESP; k++)
                ph[k] = cnt[g][q][k] / n;
            ph[6] = ph[0] + ph[1];
            ph[7] = ph[3] + ph[4];
            ph[8] = ph[6] - ph[7];
            for (int k = 0; k < PK_SYNTH_NTRUTH; k++) {
                double p = t[g][q][k];
                double var = k == 8 ? t[g][q][6] + t[g][q][7] - p * p : p * (1 - p);
                ck_assert_msg(fabs(ph[k] - p) < 4 * sqrt(var / n),
                              "group %d question %d response %d: sample %.5f truth %.5f n %.0f", g,
                              q, k, ph[k], p, n);
                checked++;
            }
        }
    }
    ck_assert_int_eq(checked, PK_SYNTH_NGROUP * PK_SYNTH_NQ * PK_SYNTH_NTRUTH);
    pk_synth_model_free(m);
}

START_TEST(unbiased_draw_reproduces_truth)
{
    draws_reproduce_truth(0, 0, 0);
}
END_TEST

/* A later wave of separate samples: the truth with the wave's shift. */
START_TEST(shifted_draw_reproduces_truth)
{
    draws_reproduce_truth(-0.4, 0, 0);
}
END_TEST

/* A panel's third wave: re-interviewed answers keep the population's law
 * at each wave's shift, though most follow the earlier draws. */
START_TEST(reinterviews_reproduce_truth)
{
    draws_reproduce_truth(0, 2, -0.4);
}
END_TEST

/* The truth moves with the shift: lower latent support, less support and
 * more opposition in every group and proposal, and a zero shift is the
 * first wave's truth exactly. */
START_TEST(truth_follows_the_shift)
{
    pk_synth_model *m = model();
    static pk_synth_truth_table t0, t1, tz;
    pk_err e;
    pk_err_clear(&e);
    ck_assert_int_eq(pk_synth_truth(m, 0, t0, &e), 0);
    ck_assert_int_eq(pk_synth_truth(m, pk_synth_wave_shift(2, -0.4), t1, &e), 0);
    ck_assert_int_eq(pk_synth_truth(m, pk_synth_wave_shift(1, -0.4), tz, &e), 0);
    for (int g = 0; g < PK_SYNTH_NGROUP; g++)
        for (int q = 0; q < PK_SYNTH_NQ; q++) {
            ck_assert(t1[g][q][6] < t0[g][q][6]);
            ck_assert(t1[g][q][7] > t0[g][q][7]);
            ck_assert_double_eq_tol(t1[g][q][PK_SYNTH_DK], t0[g][q][PK_SYNTH_DK], 1e-15);
            for (int r = 0; r < PK_SYNTH_NTRUTH; r++)
                ck_assert_double_eq(tz[g][q][r], t0[g][q][r]);
        }
    ck_assert_double_eq(pk_synth_wave_shift(0, -0.4), 0);
    ck_assert_double_eq_tol(pk_synth_wave_shift(4, -0.4), -1.2, 1e-15);
    pk_synth_model_free(m);
}
END_TEST

/* --icc splits the person effect (sd 1.3) into a PSU's part and the
 * person's own, with the same total variance, and the PSU's part is the
 * stated share of a loading-1 proposal's latent variance (1.3^2 + pi^2/3). */
START_TEST(icc_split_keeps_the_person_effect)
{
    const double icc[] = {0, 0.02, 0.1, 0.2, PK_SYNTH_MAX_ICC};
    for (size_t i = 0; i < sizeof icc / sizeof icc[0]; i++) {
        double sd, scale;
        pk_synth_icc_split(icc[i], &sd, &scale);
        ck_assert_double_eq_tol(sd * sd + 1.69 * scale * scale, 1.69, 1e-12);
        ck_assert_double_eq_tol(sd * sd / (1.69 + M_PI * M_PI / 3), icc[i], 1e-12);
        ck_assert(scale > 0 && scale <= 1);
    }
}
END_TEST

/* A clustered draw: 2,000 PSUs of 40 respondents with --icc 0.2. The person
 * effects keep their variance 1.69 and the PSUs' means of them vary as the
 * PSU effect's variance 0.2 x 4.98 plus 1/40 of the rest; the population
 * shares (the truth) are reproduced within 4.5 standard errors of the mean
 * of the PSUs' shares (42 comparisons: a false alarm about 3e-4). */
START_TEST(clustered_draw_reproduces_truth)
{
    enum { NPSU = 2000, TAKE = 40 };
    pk_synth_model *m = model();
    static pk_synth_truth_table t;
    pk_err e;
    pk_err_clear(&e);
    ck_assert_int_eq(pk_synth_truth(m, 0, t, &e), 0);
    double sd, scale;
    pk_synth_icc_split(0.2, &sd, &scale);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 2026);
    static double psu_share[NPSU][PK_SYNTH_NQ][PK_SYNTH_NRESP];
    double su = 0, suu = 0, sm = 0, smm = 0;
    for (int j = 0; j < NPSU; j++) {
        pk_synth_psu psu = {.index = (unsigned long)j + 1, .stratum = 0, .effect = sd * gsl_ran_ugaussian(r),
                            .person_scale = scale};
        double mean_u = 0;
        for (int k = 0; k < TAKE; k++) {
            pk_synth_person p;
            pk_synth_draw(m, r, PK_SYNTH_BIAS_NONE, &psu, 0, &p);
            ck_assert_uint_eq(p.psu, (unsigned long)j + 1);
            su += p.u;
            suu += p.u * p.u;
            mean_u += p.u / TAKE;
            for (int q = 0; q < PK_SYNTH_NQ; q++)
                psu_share[j][q][p.ans[q]] += 1.0 / TAKE;
        }
        sm += mean_u;
        smm += mean_u * mean_u;
    }
    gsl_rng_free(r);
    double n = (double)NPSU * TAKE;
    ck_assert_double_eq_tol(suu / n - (su / n) * (su / n), 1.69, 0.15);
    double between = (smm - sm * sm / NPSU) / (NPSU - 1);
    ck_assert_double_eq_tol(between, sd * sd + 1.69 * scale * scale / TAKE, 0.13);
    for (int q = 0; q < PK_SYNTH_NQ; q++)
        for (int k = 0; k < PK_SYNTH_NRESP; k++) {
            double a = 0, b = 0;
            for (int j = 0; j < NPSU; j++) {
                a += psu_share[j][q][k];
                b += psu_share[j][q][k] * psu_share[j][q][k];
            }
            double mean = a / NPSU, se = sqrt((b - a * a / NPSU) / (NPSU - 1) / NPSU);
            ck_assert_msg(fabs(mean - t[0][q][k]) < 4.5 * se, "question %d response %d: %.5f truth %.5f se %.5f",
                          q, k, mean, t[0][q][k], se);
        }
    pk_synth_model_free(m);
}
END_TEST

/* The same through the whole export: 230,000 records with --bias none
 * --clean (about 200,000 genuine respondents after the defective records are
 * dropped), read back as CSV; shares among those who answered, by stated
 * 2024 vote, are within 4 standard errors of the truth. */
START_TEST(clean_export_reproduces_truth)
{
    pk_synth_model *m = model();
    static pk_synth_truth_table t;
    pk_err e;
    pk_err_clear(&e);
    ck_assert_int_eq(pk_synth_truth(m, 0, t, &e), 0);
    FILE *f = tmpfile();
    ck_assert_ptr_nonnull(f);
    pk_synth_opts o = {.n = 230000, .seed = 4242, .bias = PK_SYNTH_BIAS_NONE, .clean = 1, .delim = ','};
    ck_assert_int_eq(pk_synth_generate(m, &o, f, NULL, &e), 0);
    rewind(f);
    pk_csv_reader *r = pk_csv_reader_open_stream(f, "clean", ',', &e);
    ck_assert_msg(r != NULL, "%s", e.msg);
    long cvote = pk_csv_reader_col(r, "vote2024"), cq[PK_SYNTH_NQ];
    for (int q = 0; q < PK_SYNTH_NQ; q++) {
        cq[q] = pk_csv_reader_col(r, pk_synth_questions[q]);
        ck_assert_int_ge(cq[q], 0);
    }
    static double cnt[PK_SYNTH_NGROUP][PK_SYNTH_NQ][PK_SYNTH_NRESP];
    static double nans[PK_SYNTH_NGROUP][PK_SYNTH_NQ];
    memset(cnt, 0, sizeof cnt);
    memset(nans, 0, sizeof nans);
    long rows = 0;
    int got;
    while ((got = pk_csv_reader_next(r, &e)) == 1) {
        rows++;
        const char *v = pk_csv_reader_field(r, (size_t)cvote);
        int g = -1;
        for (int k = 0; k < PK_SYNTH_NVOTE; k++)
            if (strcmp(v, pk_synth_vote_codes[k]) == 0)
                g = 1 + k;
        for (int q = 0; q < PK_SYNTH_NQ; q++) {
            const char *a = pk_csv_reader_field(r, (size_t)cq[q]);
            if (!*a)
                continue;
            int k = 0;
            while (k < PK_SYNTH_NRESP && strcmp(a, pk_synth_resp_codes[k]) != 0)
                k++;
            ck_assert_int_lt(k, PK_SYNTH_NRESP);
            cnt[0][q][k]++;
            nans[0][q]++;
            if (g > 0) {
                cnt[g][q][k]++;
                nans[g][q]++;
            }
        }
    }
    ck_assert_int_eq(got, 0);
    pk_csv_reader_close(r);
    fclose(f);
    ck_assert(rows > 190000 && rows < 230000);
    for (int g = 0; g < PK_SYNTH_NGROUP; g++)
        for (int q = 0; q < PK_SYNTH_NQ; q++) {
            double n = nans[g][q];
            ck_assert(n > 500);
            for (int k = 0; k < PK_SYNTH_NRESP; k++) {
                double p = t[g][q][k], ph = cnt[g][q][k] / n;
                ck_assert_msg(fabs(ph - p) < 4 * sqrt(p * (1 - p) / n),
                              "group %d question %d response %d: sample %.5f truth %.5f n %.0f", g,
                              q, k, ph, p, n);
            }
            double sup = (cnt[g][q][0] + cnt[g][q][1]) / n, ps = t[g][q][6];
            ck_assert(fabs(sup - ps) < 4 * sqrt(ps * (1 - ps) / n));
        }
    pk_synth_model_free(m);
}
END_TEST

START_TEST(panel_is_biased_by_one_factor_per_variable)
{
    pk_synth_model *m = model();
    /* visibly off on vote, age and education */
    ck_assert(pk_synth_panel_margin(m, "vote2024", "did_not_vote") <
              pk_synth_model_margin(m, "vote2024", "did_not_vote") - 0.15);
    ck_assert(pk_synth_panel_margin(m, "age_band", "65+") >
              pk_synth_model_margin(m, "age_band", "65+") + 0.05);
    ck_assert(pk_synth_panel_margin(m, "age_band", "18-24") <
              pk_synth_model_margin(m, "age_band", "18-24") - 0.04);
    ck_assert(pk_synth_panel_margin(m, "edu", "degree") >
              pk_synth_model_margin(m, "edu", "degree") + 0.10);
    /* The selection ratio panel/pop factorises: for every cell, its ratio
     * times the base cell's ratio to the 4th equals the product of the
     * ratios of the five cells that differ from the base in one variable. */
    int base = 0; /* male, 18-24, north_east, degree, con */
    double rb = m->panel[base] / m->pop[base];
    const int stride[5] = {4 * 11 * 2 * 9, 11 * 2 * 9, 2 * 9, 9, 1};
    int checked = 0;
    for (int i = 0; i < PK_SYNTH_NCELL; i++) {
        if (m->pop[i] == 0)
            continue;
        pk_synth_cell c = pk_synth_cell_of(i);
        int cat[5] = {c.sex, c.age, c.region, c.edu, c.vote};
        double prod = 1;
        int usable = 1;
        for (int v = 0; v < 5; v++) {
            int j = base + cat[v] * stride[v];
            /* SNP/Plaid cells exist only in Scotland/Wales: use that region */
            if (v == 4 && (cat[4] == 5 || cat[4] == 6))
                j += (cat[4] == 5 ? 10 : 9) * stride[2];
            if (m->pop[j] == 0) {
                usable = 0;
                break;
            }
            prod *= m->panel[j] / m->pop[j];
            if (v == 4 && (cat[4] == 5 || cat[4] == 6)) {
                int jr = base + (cat[4] == 5 ? 10 : 9) * stride[2];
                prod /= m->panel[jr] / m->pop[jr];
                prod *= rb;
            }
        }
        if (!usable)
            continue;
        double lhs = m->panel[i] / m->pop[i] * pow(rb, 4);
        ck_assert_double_eq_tol(lhs / prod, 1.0, 1e-9);
        checked++;
    }
    ck_assert_int_gt(checked, 1000);
    /* a drawn panel sample shows it too */
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 99);
    int dnv = 0, old = 0;
    for (int i = 0; i < 20000; i++) {
        pk_synth_person p;
        pk_synth_draw(m, r, PK_SYNTH_BIAS_PANEL, NULL, 0, &p);
        dnv += p.c.vote == PK_SYNTH_DNV;
        old += p.c.age == 3;
    }
    gsl_rng_free(r);
    ck_assert(dnv / 20000.0 < 0.4672 - 0.15);
    ck_assert(old / 20000.0 > 0.2410 + 0.05);
    pk_synth_model_free(m);
}
END_TEST

/* Lower case, typographic quotes and dashes folded, white space collapsed:
 * what pollclean normalises. */
static void normalise(const char *s, char *out, size_t n)
{
    size_t o = 0;
    int space = 0;
    for (const char *p = s; *p && o + 2 < n; p++) {
        unsigned char ch = (unsigned char)*p;
        if (ch == ' ') {
            space = o > 0;
            continue;
        }
        if (space)
            out[o++] = ' ';
        space = 0;
        out[o++] = (char)(ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch);
    }
    out[o] = '\0';
}

START_TEST(spelling_tables_complete_and_unambiguous)
{
    struct { const char *name; const char *const *codes; int n; int missing; } vars[] = {
        {"sex", pk_synth_sex_codes, PK_SYNTH_NSEX, 0},
        {"region", pk_synth_region_codes, PK_SYNTH_NREGION, 0},
        {"edu", pk_synth_edu_codes, PK_SYNTH_NEDU, 0},
        {"vote2024", pk_synth_vote_codes, PK_SYNTH_NVOTE, 1},
        {"euref", pk_synth_euref_codes, PK_SYNTH_NEUREF, 1},
        {"scale", pk_synth_resp_codes, PK_SYNTH_NRESP, 0},
    };
    ck_assert_uint_eq(pk_synth_n_vars, 6);
    for (size_t v = 0; v < 6; v++) {
        const pk_synth_var *var = pk_synth_var_find(vars[v].name);
        ck_assert_ptr_nonnull(var);
        for (int k = 0; k < vars[v].n; k++) {
            int have = 0;
            for (size_t i = 0; i < var->n_labels; i++)
                have += strcmp(var->labels[i].code, vars[v].codes[k]) == 0;
            ck_assert_msg(have > 0, "%s: no spelling for %s", vars[v].name, vars[v].codes[k]);
        }
        int missing = 0;
        for (size_t i = 0; i < var->n_labels; i++) {
            int known = var->labels[i].code[0] == '\0';
            missing += known;
            for (int k = 0; k < vars[v].n; k++)
                known |= strcmp(var->labels[i].code, vars[v].codes[k]) == 0;
            ck_assert_msg(known, "%s: unknown code %s", vars[v].name, var->labels[i].code);
            char a[128], b[128];
            normalise(var->labels[i].raw, a, sizeof a);
            for (size_t j = i + 1; j < var->n_labels; j++) {
                normalise(var->labels[j].raw, b, sizeof b);
                ck_assert_msg(strcmp(a, b) != 0, "%s: '%s' listed twice", vars[v].name, a);
            }
        }
        ck_assert_int_eq(missing > 0, vars[v].missing);
    }
    ck_assert_ptr_null(pk_synth_var_find("age"));
}
END_TEST

static Suite *synth_suite(void)
{
    Suite *s = suite_create("synth");
    TCase *tc = pk_tcase("model");
    tcase_add_test(tc, embedded_targets_are_the_files);
    tcase_add_test(tc, population_margins_equal_targets);
    tcase_add_test(tc, truth_is_consistent);
    tcase_add_test(tc, unbiased_draw_reproduces_truth);
    tcase_add_test(tc, shifted_draw_reproduces_truth);
    tcase_add_test(tc, reinterviews_reproduce_truth);
    tcase_add_test(tc, truth_follows_the_shift);
    tcase_add_test(tc, icc_split_keeps_the_person_effect);
    tcase_add_test(tc, clustered_draw_reproduces_truth);
    tcase_add_test(tc, clean_export_reproduces_truth);
    tcase_add_test(tc, panel_is_biased_by_one_factor_per_variable);
    tcase_add_test(tc, spelling_tables_complete_and_unambiguous);
    suite_add_tcase(s, tc);
    return s;
}

PK_CHECK_MAIN(synth_suite)
