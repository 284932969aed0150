/* pollsynth's population and response model (see synth.h).
 *
 * The population is a joint table over sex x age band x region x education x
 * 2024 vote. A seed table carries plausible associations (older people vote
 * Conservative and Reform more and abstain less, graduates lean Labour, Lib
 * Dem and Green, the SNP stands only in Scotland and Plaid only in Wales),
 * and iterative proportional fitting then rakes it so that its one-way
 * margins equal the targets (data/targets.csv) exactly.
 *
 * Answers to each proposal follow an ordered logit on a latent
 * "restrictionism": party + age + education + sex + the proposal's own
 * popularity + a person effect shared by all seven proposals (so answers
 * correlate within a person). A don't-know answer comes first, with a
 * probability that is higher for non-voters, non-graduates and the young.
 * In a clustered sample (--clusters) part of the person effect belongs to
 * the respondent's PSU instead, shared by everyone drawn there; the two
 * parts add up to the same normal law, so the population is unchanged.
 *
 * The opt-in panel selects people with a probability that is a product of
 * one factor per weighting variable and nothing else, so that raking on the
 * five margins repairs it exactly (in expectation). */
#include "support_table.h"
#include "synth.h"

#include <gsl/gsl_integration.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "csvio.h"
#include "number.h"

const char *const pk_synth_sex_codes[PK_SYNTH_NSEX] = {"male", "female"};
const char *const pk_synth_age_codes[PK_SYNTH_NAGE] = {"18-24", "25-49", "50-64", "65+"};
const char *const pk_synth_region_codes[PK_SYNTH_NREGION] = {
    "north_east", "north_west", "yorkshire", "east_midlands", "west_midlands", "east",
    "london", "south_east", "south_west", "wales", "scotland"};
const char *const pk_synth_edu_codes[PK_SYNTH_NEDU] = {"degree", "no_degree"};
const char *const pk_synth_vote_codes[PK_SYNTH_NVOTE] = {
    "con", "lab", "ld", "ref", "grn", "snp", "pc", "other", "did_not_vote"};
const char *const pk_synth_euref_codes[PK_SYNTH_NEUREF] = {"remain", "leave", "did_not_vote"};
const char *const pk_synth_resp_codes[PK_SYNTH_NRESP] = {
    "strongly_support", "tend_support", "neither", "tend_oppose", "strongly_oppose", "dont_know"};
const char *const pk_synth_derived_codes[PK_SYNTH_NDERIVED] = {"support", "oppose", "net"};
const char *const pk_synth_questions[PK_SYNTH_NQ] = {
    "q_temp_status", "q_settle_20y", "q_family_reunion", "q_support_discretionary",
    "q_remove_families", "q_visa_penalties", "q_capped_routes"};

enum { V_CON, V_LAB, V_LD, V_REF, V_GRN, V_SNP, V_PC, V_OTHER, V_DNV };
enum { R_NE, R_NW, R_YH, R_EM, R_WM, R_EAST, R_LON, R_SE, R_SW, R_WAL, R_SCO };
enum { A_1824, A_2549, A_5064, A_65 };

/* The figures of data/targets.csv; data/README.md gives their sources and
 * derivations. A unit test checks that the two agree. */
const pk_synth_target pk_synth_targets[] = {
    {"sex", "male", 0.4890},
    {"sex", "female", 0.5110},
    {"age_band", "18-24", 0.1060},
    {"age_band", "25-49", 0.4110},
    {"age_band", "50-64", 0.2420},
    {"age_band", "65+", 0.2410},
    {"region", "north_east", 0.0413},
    {"region", "north_west", 0.1139},
    {"region", "yorkshire", 0.0837},
    {"region", "east_midlands", 0.0749},
    {"region", "west_midlands", 0.0904},
    {"region", "east", 0.0967},
    {"region", "london", 0.1335},
    {"region", "south_east", 0.1416},
    {"region", "south_west", 0.0898},
    {"region", "wales", 0.0486},
    {"region", "scotland", 0.0856},
    {"edu", "degree", 0.3400},
    {"edu", "no_degree", 0.6600},
    {"vote2024", "con", 0.1298},
    {"vote2024", "lab", 0.1846},
    {"vote2024", "ld", 0.0669},
    {"vote2024", "ref", 0.0783},
    {"vote2024", "grn", 0.0368},
    {"vote2024", "snp", 0.0138},
    {"vote2024", "pc", 0.0037},
    {"vote2024", "other", 0.0189},
    {"vote2024", "did_not_vote", 0.4672},
};
const size_t pk_synth_n_targets = sizeof pk_synth_targets / sizeof pk_synth_targets[0];

/* ---- Seed associations (multiplicative, relative; raking fixes the margins) ---- */

static const double seed_vote_age[PK_SYNTH_NVOTE][PK_SYNTH_NAGE] = {
    [V_CON] = {0.35, 0.65, 1.10, 2.00},
    [V_LAB] = {1.30, 1.25, 0.95, 0.70},
    [V_LD] = {0.80, 0.90, 1.05, 1.25},
    [V_REF] = {0.45, 0.80, 1.35, 1.30},
    [V_GRN] = {2.20, 1.35, 0.70, 0.45},
    [V_SNP] = {1.00, 1.05, 1.05, 0.90},
    [V_PC] = {1.00, 1.00, 1.00, 1.00},
    [V_OTHER] = {1.10, 1.10, 0.95, 0.85},
    [V_DNV] = {1.80, 1.20, 0.80, 0.60},
};
static const double seed_vote_degree[PK_SYNTH_NVOTE] = {
    [V_CON] = 0.90, [V_LAB] = 1.20, [V_LD] = 1.70, [V_REF] = 0.45, [V_GRN] = 1.90,
    [V_SNP] = 1.00, [V_PC] = 1.00, [V_OTHER] = 1.10, [V_DNV] = 0.70};
static const double seed_vote_male[PK_SYNTH_NVOTE] = {
    [V_CON] = 1.05, [V_LAB] = 1.00, [V_LD] = 0.95, [V_REF] = 1.35, [V_GRN] = 0.85,
    [V_SNP] = 1.00, [V_PC] = 1.00, [V_OTHER] = 1.10, [V_DNV] = 0.95};
/* Vote by region; SNP and Plaid stand only in Scotland and Wales. */
static const double seed_vote_region[PK_SYNTH_NVOTE][PK_SYNTH_NREGION] = {
    /*           NE    NW    YH    EM    WM    East  Lon   SE    SW    Wal   Sco */
    [V_CON] = {0.85, 0.85, 0.95, 1.15, 1.10, 1.20, 0.80, 1.25, 1.15, 0.80, 0.60},
    [V_LAB] = {1.25, 1.20, 1.10, 0.95, 1.00, 0.85, 1.35, 0.80, 0.80, 1.05, 0.90},
    [V_LD] = {0.60, 0.80, 0.75, 0.70, 0.75, 1.00, 0.95, 1.60, 1.70, 0.55, 0.75},
    [V_REF] = {1.35, 1.05, 1.20, 1.20, 1.15, 1.15, 0.50, 0.95, 1.00, 1.15, 0.55},
    [V_GRN] = {0.80, 0.95, 1.00, 0.95, 1.00, 1.05, 1.25, 1.10, 1.30, 0.70, 0.55},
    [V_SNP] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1},
    [V_PC] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0},
    [V_OTHER] = {0.90, 1.05, 1.05, 1.00, 1.15, 0.95, 1.20, 0.90, 0.90, 0.90, 0.80},
    [V_DNV] = {1.05, 1.05, 1.05, 1.00, 1.05, 0.95, 1.05, 0.90, 0.90, 1.00, 0.95},
};
static const double seed_degree_age[PK_SYNTH_NAGE] = {0.60, 1.40, 0.90, 0.60};
static const double seed_degree_region[PK_SYNTH_NREGION] = {
    0.80, 0.90, 0.85, 0.85, 0.85, 0.95, 1.60, 1.10, 1.00, 0.90, 1.05};
static const double seed_female_age[PK_SYNTH_NAGE] = {0.97, 1.00, 1.00, 1.12};
static const double seed_age_region[PK_SYNTH_NAGE][PK_SYNTH_NREGION] = {
    [A_1824] = {1.00, 1.00, 1.05, 1.00, 1.00, 0.95, 1.05, 0.95, 0.95, 1.00, 1.00},
    [A_2549] = {0.90, 0.98, 0.97, 0.96, 0.98, 0.97, 1.35, 0.97, 0.90, 0.92, 0.95},
    [A_5064] = {1.05, 1.02, 1.02, 1.04, 1.02, 1.03, 0.85, 1.03, 1.08, 1.05, 1.07},
    [A_65] = {1.10, 1.02, 1.02, 1.05, 1.02, 1.08, 0.65, 1.07, 1.20, 1.12, 1.05},
};

/* ---- Response model ---- */

/* Latent support for restrictive asylum policy; higher means more support. */
static const double eta_vote[PK_SYNTH_NVOTE] = {
    [V_CON] = 1.35, [V_LAB] = 0.25, [V_LD] = -0.60, [V_REF] = 2.10, [V_GRN] = -0.60,
    [V_SNP] = -0.40, [V_PC] = -0.35, [V_OTHER] = 0.40, [V_DNV] = 0.45};
static const double eta_age[PK_SYNTH_NAGE] = {-0.50, -0.15, 0.15, 0.45};
static const double eta_degree = -0.35;
static const double eta_male = 0.10;
/* Proposal popularity, in pk_synth_questions order: visa penalties and
 * capped routes most popular; removing families and 20-year settlement least. */
static const double eta_question[PK_SYNTH_NQ] = {0.35, -0.35, 0.15, 0.50, -0.55, 1.50, 0.95};
/* How strongly each proposal follows the latent score (party, age, ...,
 * person effect). Capped safe and legal routes restrict numbers but also open
 * routes, so it divides people far less along the usual lines; this also
 * keeps honest respondents from giving one answer to all seven too often. */
static const double loading[PK_SYNTH_NQ] = {1.00, 1.00, 0.90, 0.80, 1.10, 0.80, 0.35};
/* Standard deviation of the person effect. */
static const double person_sd = 1.30;
/* Cut points of the ordered logit: P(answer at least as supportive as
 * strongly_oppose + k) = logistic(eta + u - cut[k-1]), k = 1..4. */
static const double cut[4] = {-1.70, -0.60, 0.30, 1.80};

/* Don't know: logistic of these. */
static const double dk_base = -2.90;
static const double dk_dnv = 0.85;
static const double dk_no_degree = 0.35;
static const double dk_age[PK_SYNTH_NAGE] = {0.45, 0.15, 0.00, -0.10};
static const double dk_question[PK_SYNTH_NQ] = {0.20, 0.15, 0.10, 0.30, 0.20, 0.00, 0.15};

/* ---- Panel selection: one factor per weighting variable, nothing else ---- */

static const double sel_sex[PK_SYNTH_NSEX] = {0.95, 1.05};
static const double sel_age[PK_SYNTH_NAGE] = {0.60, 0.85, 1.25, 1.50};
static const double sel_region[PK_SYNTH_NREGION] = {
    0.90, 0.95, 1.00, 1.00, 0.95, 1.05, 0.80, 1.10, 1.15, 1.05, 0.90};
static const double sel_edu[PK_SYNTH_NEDU] = {1.50, 0.80};
static const double sel_vote[PK_SYNTH_NVOTE] = {
    [V_CON] = 1.10, [V_LAB] = 1.00, [V_LD] = 1.35, [V_REF] = 1.10, [V_GRN] = 1.40,
    [V_SNP] = 1.00, [V_PC] = 1.00, [V_OTHER] = 1.00, [V_DNV] = 0.50};

/* Share of respondents who will not give their 2024 vote (missing at random). */
static const double vote_missing = 0.05;
static const double euref_missing = 0.03;

static double logistic(double x)
{
    return 1.0 / (1.0 + exp(-x));
}

pk_synth_cell pk_synth_cell_of(int index)
{
    pk_synth_cell c;
    c.vote = index % PK_SYNTH_NVOTE;
    index /= PK_SYNTH_NVOTE;
    c.edu = index % PK_SYNTH_NEDU;
    index /= PK_SYNTH_NEDU;
    c.region = index % PK_SYNTH_NREGION;
    index /= PK_SYNTH_NREGION;
    c.age = index % PK_SYNTH_NAGE;
    c.sex = index / PK_SYNTH_NAGE;
    return c;
}

/* The category index of a cell for margin number v (0 sex, 1 age_band,
 * 2 region, 3 edu, 4 vote2024). */
static int cell_cat(const pk_synth_cell *c, int v)
{
    switch (v) {
    case 0: return c->sex;
    case 1: return c->age;
    case 2: return c->region;
    case 3: return c->edu;
    default: return c->vote;
    }
}

static const char *const margin_names[5] = {"sex", "age_band", "region", "edu", "vote2024"};
static const char *const *const margin_codes[5] = {
    pk_synth_sex_codes, pk_synth_age_codes, pk_synth_region_codes, pk_synth_edu_codes,
    pk_synth_vote_codes};
static const int margin_sizes[5] = {PK_SYNTH_NSEX, PK_SYNTH_NAGE, PK_SYNTH_NREGION,
                                    PK_SYNTH_NEDU, PK_SYNTH_NVOTE};

static int find_margin(const char *variable, const char *category, int *v, int *k)
{
    for (int i = 0; i < 5; i++) {
        if (strcmp(margin_names[i], variable) != 0)
            continue;
        for (int j = 0; j < margin_sizes[i]; j++)
            if (strcmp(margin_codes[i][j], category) == 0) {
                *v = i;
                *k = j;
                return 1;
            }
    }
    return 0;
}

static double target_of(int v, int k)
{
    for (size_t i = 0; i < pk_synth_n_targets; i++)
        if (strcmp(pk_synth_targets[i].variable, margin_names[v]) == 0 &&
            strcmp(pk_synth_targets[i].category, margin_codes[v][k]) == 0)
            return pk_synth_targets[i].target;
    return NAN;
}

static double margin_of(const double *dist, int v, int k)
{
    double s = 0;
    for (int i = 0; i < PK_SYNTH_NCELL; i++) {
        pk_synth_cell c = pk_synth_cell_of(i);
        if (cell_cat(&c, v) == k)
            s += dist[i];
    }
    return s;
}

double pk_synth_model_margin(const pk_synth_model *m, const char *variable, const char *category)
{
    int v, k;
    return find_margin(variable, category, &v, &k) ? margin_of(m->pop, v, k) : NAN;
}

double pk_synth_panel_margin(const pk_synth_model *m, const char *variable, const char *category)
{
    int v, k;
    return find_margin(variable, category, &v, &k) ? margin_of(m->panel, v, k) : NAN;
}

static double seed_weight(const pk_synth_cell *c)
{
    double w = seed_vote_age[c->vote][c->age] * seed_vote_region[c->vote][c->region] *
               seed_age_region[c->age][c->region];
    if (c->edu == 0)
        w *= seed_vote_degree[c->vote] * seed_degree_age[c->age] * seed_degree_region[c->region];
    if (c->sex == 0)
        w *= seed_vote_male[c->vote];
    else
        w *= seed_female_age[c->age];
    return w;
}

/* Rake the seed table to the targets. */
static int rake(pk_synth_model *m, pk_err *err)
{
    double *p = m->pop;
    double tot = 0;
    for (int i = 0; i < PK_SYNTH_NCELL; i++) {
        pk_synth_cell c = pk_synth_cell_of(i);
        p[i] = seed_weight(&c);
        tot += p[i];
    }
    for (int i = 0; i < PK_SYNTH_NCELL; i++)
        p[i] /= tot;
    double tgt[5][PK_SYNTH_NREGION];
    for (int v = 0; v < 5; v++)
        for (int k = 0; k < margin_sizes[v]; k++) {
            tgt[v][k] = target_of(v, k);
            if (isnan(tgt[v][k]))
                return pk_err_set(err, PK_ERR_DATA, "synth: no target for %s=%s", margin_names[v],
                                  margin_codes[v][k]);
        }
    for (int sweep = 1; sweep <= 10000; sweep++) {
        for (int v = 0; v < 5; v++) {
            double cur[PK_SYNTH_NREGION] = {0};
            for (int i = 0; i < PK_SYNTH_NCELL; i++) {
                pk_synth_cell c = pk_synth_cell_of(i);
                cur[cell_cat(&c, v)] += p[i];
            }
            for (int i = 0; i < PK_SYNTH_NCELL; i++) {
                pk_synth_cell c = pk_synth_cell_of(i);
                int k = cell_cat(&c, v);
                if (cur[k] > 0)
                    p[i] *= tgt[v][k] / cur[k];
            }
        }
        double gap = 0;
        for (int v = 0; v < 5; v++)
            for (int k = 0; k < margin_sizes[v]; k++)
                gap = fmax(gap, fabs(margin_of(p, v, k) - tgt[v][k]));
        if (gap < 1e-14) {
            m->ipf_sweeps = sweep;
            return 0;
        }
    }
    return pk_err_set(err, PK_ERR_DATA, "synth: raking the population did not converge");
}

pk_synth_model *pk_synth_model_new(pk_err *err)
{
    pk_synth_model *m = calloc(1, sizeof *m);
    if (!m) {
        pk_err_nomem(err);
        return NULL;
    }
    if (rake(m, err) != 0) {
        free(m);
        return NULL;
    }
    double tot = 0;
    for (int i = 0; i < PK_SYNTH_NCELL; i++) {
        pk_synth_cell c = pk_synth_cell_of(i);
        m->panel[i] = m->pop[i] * sel_sex[c.sex] * sel_age[c.age] * sel_region[c.region] *
                      sel_edu[c.edu] * sel_vote[c.vote];
        tot += m->panel[i];
        for (int q = 0; q < PK_SYNTH_NQ; q++) {
            m->eta[i][q] = loading[q] * (eta_vote[c.vote] + eta_age[c.age] +
                                         (c.edu == 0 ? eta_degree : 0) + (c.sex == 0 ? eta_male : 0)) +
                           eta_question[q];
            m->dk[i][q] = logistic(dk_base + (c.vote == V_DNV ? dk_dnv : 0) +
                                   (c.edu == 1 ? dk_no_degree : 0) + dk_age[c.age] +
                                   dk_question[q]);
        }
    }
    for (int i = 0; i < PK_SYNTH_NCELL; i++)
        m->panel[i] /= tot;
    m->draw_pop = gsl_ran_discrete_preproc(PK_SYNTH_NCELL, m->pop);
    m->draw_panel = gsl_ran_discrete_preproc(PK_SYNTH_NCELL, m->panel);
    if (!m->draw_pop || !m->draw_panel) {
        pk_synth_model_free(m);
        pk_err_nomem(err);
        return NULL;
    }
    return m;
}

void pk_synth_model_free(pk_synth_model *m)
{
    if (!m)
        return;
    if (m->draw_pop)
        gsl_ran_discrete_free(m->draw_pop);
    if (m->draw_panel)
        gsl_ran_discrete_free(m->draw_panel);
    free(m);
}

/* Probabilities of the five substantive answers (scale order: strongly
 * support first) for latent value x. */
static void ordinal_probs(double x, double pr[5])
{
    double ge[6]; /* ge[k] = P(at least k steps up from strongly_oppose) */
    ge[0] = 1;
    for (int k = 1; k <= 4; k++)
        ge[k] = logistic(x - cut[k - 1]);
    ge[5] = 0;
    /* steps up from strongly_oppose: 4 = strongly_support ... 0 = strongly_oppose */
    for (int s = 0; s <= 4; s++)
        pr[4 - s] = ge[s] - ge[s + 1];
}

int pk_synth_truth(const pk_synth_model *m, double shift, pk_synth_truth_table t, pk_err *err)
{
    enum { NODES = 60 };
    gsl_integration_fixed_workspace *w =
        gsl_integration_fixed_alloc(gsl_integration_fixed_hermite, NODES, 0.0, 0.5, 0.0, 0.0);
    if (!w)
        return pk_err_set(err, PK_ERR_NOMEM, "synth: cannot set up the quadrature");
    const double *z = gsl_integration_fixed_nodes(w), *wt = gsl_integration_fixed_weights(w);
    double wsum = 0;
    for (int j = 0; j < NODES; j++)
        wsum += wt[j];
    double acc[PK_SYNTH_NGROUP][PK_SYNTH_NQ][PK_SYNTH_NRESP];
    double gtot[PK_SYNTH_NGROUP] = {0};
    memset(acc, 0, sizeof acc);
    for (int i = 0; i < PK_SYNTH_NCELL; i++) {
        pk_synth_cell c = pk_synth_cell_of(i);
        gtot[0] += m->pop[i];
        gtot[1 + c.vote] += m->pop[i];
        for (int q = 0; q < PK_SYNTH_NQ; q++) {
            double pr[5] = {0}, tmp[5];
            for (int j = 0; j < NODES; j++) {
                ordinal_probs(m->eta[i][q] + shift + loading[q] * person_sd * z[j], tmp);
                for (int r = 0; r < 5; r++)
                    pr[r] += wt[j] / wsum * tmp[r];
            }
            for (int r = 0; r < 5; r++) {
                double s = m->pop[i] * (1 - m->dk[i][q]) * pr[r];
                acc[0][q][r] += s;
                acc[1 + c.vote][q][r] += s;
            }
            acc[0][q][PK_SYNTH_DK] += m->pop[i] * m->dk[i][q];
            acc[1 + c.vote][q][PK_SYNTH_DK] += m->pop[i] * m->dk[i][q];
        }
    }
    gsl_integration_fixed_free(w);
    for (int g = 0; g < PK_SYNTH_NGROUP; g++)
        for (int q = 0; q < PK_SYNTH_NQ; q++) {
            double *o = t[g][q];
            for (int r = 0; r < PK_SYNTH_NRESP; r++)
                o[r] = acc[g][q][r] / gtot[g];
            o[PK_SYNTH_NRESP] = o[0] + o[1];
            o[PK_SYNTH_NRESP + 1] = o[3] + o[4];
            o[PK_SYNTH_NRESP + 2] = o[PK_SYNTH_NRESP] - o[PK_SYNTH_NRESP + 1];
        }
    return 0;
}

double pk_synth_wave_shift(unsigned wave, double shift)
{
    return wave > 1 ? (double)(wave - 1) * shift : 0.0;
}

/* The response_kind pollsupport gives each of the truth's responses with
 * data/codebook.csv's scale. */
static const char *const truth_kinds[PK_SYNTH_NTRUTH] = {
    "positive", "positive", "neutral", "negative", "negative", "dont_know",
    "net_positive", "net_negative", "net_score"};

static const char *truth_response(int r)
{
    return r < PK_SYNTH_NRESP ? pk_synth_resp_codes[r] : pk_synth_derived_codes[r - PK_SYNTH_NRESP];
}

/* One wave's truth (earlier NULL) or the change from `earlier` to it, in
 * the columns of a support table with waves. */
static void wave_rows(pk_csv_writer *w, pk_synth_truth_table t, pk_synth_truth_table earlier,
                      unsigned wave, unsigned versus)
{
    for (int q = 0; q < PK_SYNTH_NQ; q++)
        for (int g = 0; g < PK_SYNTH_NGROUP; g++)
            for (int r = 0; r < PK_SYNTH_NTRUTH; r++) {
                pk_csv_writer_field(w, pk_synth_questions[q]);
                pk_csv_writer_field(w, g == 0 ? "" : "vote2024");
                pk_csv_writer_field(w, g == 0 ? "All" : pk_synth_vote_codes[g - 1]);
                pk_csv_writer_field(w, truth_response(r));
                pk_csv_writer_field(w, earlier ? "change" : truth_kinds[r]);
                pk_csv_writer_double(w, earlier ? t[g][q][r] - earlier[g][q][r] : t[g][q][r], PK_DIGITS_STAT);
                pk_csv_writer_long(w, (long)wave);
                if (earlier)
                    pk_csv_writer_long(w, (long)versus);
                else
                    pk_csv_writer_field(w, "");
                pk_csv_writer_end(w);
            }
}

/* The truth of waves 1..waves and the changes between them. */
static int truth_write_waves(const pk_synth_model *m, pk_csv_writer *w, unsigned waves, double shift,
                             pk_err *err)
{
    pk_synth_truth_table *t = malloc(waves * sizeof *t);
    if (!t)
        return pk_err_nomem(err);
    for (unsigned k = 0; k < waves; k++)
        if (pk_synth_truth(m, pk_synth_wave_shift(k + 1, shift), t[k], err) != 0) {
            free(t);
            return PK_ERR_DATA;
        }
    static const char *const header[] = {"question", "by", "group", "response", "response_kind",
                                         "share", "wave", "versus_wave"};
    for (size_t c = 0; c < sizeof header / sizeof header[0]; c++)
        pk_csv_writer_field(w, header[c]);
    pk_csv_writer_end(w);
    for (unsigned k = 0; k < waves; k++)
        wave_rows(w, t[k], NULL, k + 1, 0);
    for (unsigned k = 1; k < waves; k++)
        for (unsigned j = 0; j < k; j++)
            wave_rows(w, t[k], t[j], k + 1, j + 1);
    free(t);
    return 0;
}

int pk_synth_truth_write(const pk_synth_model *m, FILE *f, char delim, unsigned waves, double shift,
                         pk_err *err)
{
    pk_csv_writer w;
    pk_csv_writer_init(&w, f, delim);
    if (waves > 0)
        return truth_write_waves(m, &w, waves, shift, err);
    pk_synth_truth_table t;
    if (pk_synth_truth(m, 0, t, err) != 0)
        return PK_ERR_DATA;
    /* A support table of the truth's columns only. */
    unsigned long omit = ~((1ul << PK_SUPPORT_TABLE_COL_QUESTION) | (1ul << PK_SUPPORT_TABLE_COL_BY) |
                           (1ul << PK_SUPPORT_TABLE_COL_GROUP) | (1ul << PK_SUPPORT_TABLE_COL_RESPONSE) |
                           (1ul << PK_SUPPORT_TABLE_COL_SHARE));
    pk_support_table_write_header(&w, omit);
    for (int q = 0; q < PK_SYNTH_NQ; q++)
        for (int g = 0; g < PK_SYNTH_NGROUP; g++)
            for (int r = 0; r < PK_SYNTH_NTRUTH; r++) {
                pk_support_table_row row = {
                    .question = pk_synth_questions[q],
                    .by = g == 0 ? "" : "vote2024",
                    .group = g == 0 ? "All" : pk_synth_vote_codes[g - 1],
                    .response = truth_response(r),
                    .share = t[g][q][r]};
                pk_support_table_write_row(&w, &row, omit);
            }
    return 0;
}

/* Age in years within a band; in 65+ the number alive falls with age. */
static int draw_age(gsl_rng *r, int band)
{
    switch (band) {
    case A_1824: return 18 + (int)gsl_rng_uniform_int(r, 7);
    case A_2549: return 25 + (int)gsl_rng_uniform_int(r, 25);
    case A_5064: return 50 + (int)gsl_rng_uniform_int(r, 15);
    default: {
        /* weights 31, 30, ..., 1 for ages 65..95: total 496 */
        long k = (long)gsl_rng_uniform_int(r, 496);
        int a = 65, wgt = 31;
        while (k >= wgt) {
            k -= wgt;
            wgt--;
            a++;
        }
        return a;
    }
    }
}

/* EU referendum vote (June 2016) from age, 2024 vote and education. */
static int draw_euref(gsl_rng *r, const pk_synth_person *p)
{
    static const double leave_vote[PK_SYNTH_NVOTE] = {
        [V_CON] = 1.00, [V_LAB] = -0.90, [V_LD] = -1.40, [V_REF] = 2.60, [V_GRN] = -1.30,
        [V_SNP] = -1.20, [V_PC] = -0.80, [V_OTHER] = 0.30, [V_DNV] = 0.20};
    static const double leave_age[PK_SYNTH_NAGE] = {0, -0.25, 0.30, 0.60};
    double u1 = gsl_rng_uniform(r), u2 = gsl_rng_uniform(r), u3 = gsl_rng_uniform(r);
    if (u1 < euref_missing)
        return -1;
    /* Anyone under 27 in November 2025 was under 18 in June 2016. */
    if (p->age < 27)
        return 2;
    if (u2 < (p->c.vote == V_DNV ? 0.45 : 0.10))
        return 2;
    double x = leave_vote[p->c.vote] + leave_age[p->c.age] + (p->c.edu == 0 ? -0.70 : 0.10);
    return u3 < logistic(x) ? 1 : 0;
}

/* The answers from the person's draws, latent support moved by shift. */
static void answer(const pk_synth_model *m, double shift, pk_synth_person *p)
{
    for (int q = 0; q < PK_SYNTH_NQ; q++) {
        if (p->draw[q][0] < m->dk[p->cell][q]) {
            p->ans[q] = PK_SYNTH_DK;
            continue;
        }
        double x = m->eta[p->cell][q] + shift + loading[q] * p->u;
        int steps = 0; /* steps up from strongly_oppose */
        for (int k = 0; k < 4; k++)
            if (p->draw[q][1] < logistic(x - cut[k]))
                steps++;
        p->ans[q] = 4 - steps;
    }
}

void pk_synth_draw_answers(const pk_synth_model *m, void *rng, double shift, pk_synth_person *p)
{
    gsl_rng *r = rng;
    for (int q = 0; q < PK_SYNTH_NQ; q++) {
        p->draw[q][0] = gsl_rng_uniform(r);
        p->draw[q][1] = gsl_rng_uniform(r);
    }
    answer(m, shift, p);
}

void pk_synth_reinterview(const pk_synth_model *m, void *rng, double shift, pk_synth_person *p)
{
    gsl_rng *r = rng;
    for (int q = 0; q < PK_SYNTH_NQ; q++)
        if (gsl_rng_uniform(r) < PK_SYNTH_PANEL_REDRAW) {
            p->draw[q][0] = gsl_rng_uniform(r);
            p->draw[q][1] = gsl_rng_uniform(r);
        }
    answer(m, shift, p);
}

void pk_synth_icc_split(double icc, double *cluster_sd, double *person_scale)
{
    /* Latent support of a loading-1 proposal: fixed part + PSU effect +
     * person effect + the ordered logit's logistic error (variance pi^2/3).
     * Two respondents of one PSU share only the PSU effect. */
    double var_c = icc * (person_sd * person_sd + M_PI * M_PI / 3);
    *cluster_sd = sqrt(var_c);
    *person_scale = sqrt(1 - var_c / (person_sd * person_sd));
}

void pk_synth_draw(const pk_synth_model *m, void *rng, int bias, const pk_synth_psu *psu, double shift,
                   pk_synth_person *p)
{
    gsl_rng *r = rng;
    p->cell = (int)gsl_ran_discrete(r, bias == PK_SYNTH_BIAS_PANEL ? m->draw_panel : m->draw_pop);
    p->c = pk_synth_cell_of(p->cell);
    p->age = draw_age(r, p->c.age);
    p->vote_known = gsl_rng_uniform(r) >= vote_missing;
    p->euref = draw_euref(r, p);
    p->u = gsl_ran_gaussian_ziggurat(r, person_sd);
    p->psu = p->stratum = 0;
    if (psu) {
        /* N(0, s^2 person_sd^2) + N(0, cluster_sd^2) is N(0, person_sd^2):
         * the unclustered person effect's law. */
        p->u = p->u * psu->person_scale + psu->effect;
        p->psu = psu->index;
        p->stratum = psu->stratum;
    }
    pk_synth_draw_answers(m, r, shift, p);
}
