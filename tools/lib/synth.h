/* pollsynth's model: a synthetic GB adult population (sex x age x region x
 * education x 2024 vote), an opt-in panel's selection bias, answers to the
 * seven asylum proposals, the population truth, and the raw export's mess.
 *
 * This header also publishes the frozen tables of every raw spelling the
 * generator can write into the raw export, per variable and canonical code,
 * so that data/codebook.csv (pollclean's) can be checked to accept them all. */
#ifndef POLLKIT_SYNTH_H
#define POLLKIT_SYNTH_H

#include <stddef.h>
#include <stdio.h>

#include "err.h"

/* One raw spelling and the canonical code it stands for. code "" means the
 * spelling maps to missing (an empty clean field), e.g. "Prefer not to say". */
typedef struct pk_synth_label {
    const char *code;
    const char *raw;
} pk_synth_label;

/* The spellings of one variable. `name` is the clean column name ("scale" for
 * the proposals' 5-point grid, which all of Q7_1..Q7_7 and the attention
 * check Q8 share); `raw_columns` lists the raw export's columns using it. */
typedef struct pk_synth_var {
    const char *name;
    const char *raw_columns;
    const pk_synth_label *labels;
    size_t n_labels;
} pk_synth_var;

/* sex, region, edu, vote2024, euref, scale: in that order. */
extern const pk_synth_var pk_synth_vars[];
extern const size_t pk_synth_n_vars;

/* The variable named `name`, or NULL. */
const pk_synth_var *pk_synth_var_find(const char *name);

/* ---- Codes (data/codebook.csv's codes, in codebook order) ---- */

enum {
    PK_SYNTH_NSEX = 2,
    PK_SYNTH_NAGE = 4,
    PK_SYNTH_NREGION = 11,
    PK_SYNTH_NEDU = 2,
    PK_SYNTH_NVOTE = 9,   /* con ... other, did_not_vote */
    PK_SYNTH_NEUREF = 3,
    PK_SYNTH_NQ = 7,      /* the proposals */
    PK_SYNTH_NRESP = 6,   /* the scale, dont_know last */
    PK_SYNTH_NDERIVED = 3, /* support, oppose, net */
    PK_SYNTH_NCELL = 2 * 4 * 11 * 2 * 9
};
/* Index of did_not_vote in the vote codes, and of dont_know in the scale. */
#define PK_SYNTH_DNV 8
#define PK_SYNTH_DK 5

extern const char *const pk_synth_sex_codes[PK_SYNTH_NSEX];
extern const char *const pk_synth_age_codes[PK_SYNTH_NAGE];
extern const char *const pk_synth_region_codes[PK_SYNTH_NREGION];
extern const char *const pk_synth_edu_codes[PK_SYNTH_NEDU];
extern const char *const pk_synth_vote_codes[PK_SYNTH_NVOTE];
extern const char *const pk_synth_euref_codes[PK_SYNTH_NEUREF];
/* strongly_support, tend_support, neither, tend_oppose, strongly_oppose,
 * dont_know: the codebook's scale order. */
extern const char *const pk_synth_resp_codes[PK_SYNTH_NRESP];
extern const char *const pk_synth_derived_codes[PK_SYNTH_NDERIVED];
/* Clean names of the proposals (q_temp_status ...), raw Q7_1 ... Q7_7. */
extern const char *const pk_synth_questions[PK_SYNTH_NQ];

/* ---- The population targets (the same figures as data/targets.csv) ---- */

typedef struct pk_synth_target {
    const char *variable;
    const char *category;
    double target;
} pk_synth_target;

extern const pk_synth_target pk_synth_targets[];
extern const size_t pk_synth_n_targets;

/* ---- The model ---- */

enum pk_synth_bias { PK_SYNTH_BIAS_NONE = 0, PK_SYNTH_BIAS_PANEL = 1 };

/* A population cell is one combination of sex, age band, region, edu and
 * 2024 vote (did_not_vote included); cell index
 * ((((sex*4 + age)*11 + region)*2 + edu)*9 + vote). */
typedef struct pk_synth_cell {
    int sex, age, region, edu, vote;
} pk_synth_cell;

pk_synth_cell pk_synth_cell_of(int index);

typedef struct pk_synth_model {
    double pop[PK_SYNTH_NCELL];            /* population share of each cell */
    double panel[PK_SYNTH_NCELL];          /* share of each cell in the panel */
    double eta[PK_SYNTH_NCELL][PK_SYNTH_NQ]; /* latent support, no person effect */
    double dk[PK_SYNTH_NCELL][PK_SYNTH_NQ];  /* probability of dont_know */
    int ipf_sweeps;                         /* raking sweeps the setup took */
    void *draw_pop, *draw_panel;            /* gsl_ran_discrete_t tables */
} pk_synth_model;

/* Build the model: rake the seed joint table to the targets, precompute the
 * response model per cell. Returns NULL (err filled) on failure. */
pk_synth_model *pk_synth_model_new(pk_err *err);
void pk_synth_model_free(pk_synth_model *m);

/* Population share of `variable` = `category` in the model (a margin), or
 * NaN for an unknown pair. */
double pk_synth_model_margin(const pk_synth_model *m, const char *variable, const char *category);

/* Share of the panel (the cell distribution `--bias panel` draws from) with
 * the same arguments. */
double pk_synth_panel_margin(const pk_synth_model *m, const char *variable, const char *category);

/* The population truth: share[group][question][response] where group 0 is
 * All and group 1+v is vote code v; responses are the 6 scale codes then
 * support, oppose, net. Exact over cells, with the person effect integrated
 * by Gauss-Hermite quadrature. `shift` is added to every proposal's latent
 * support (0 for the first wave; see pk_synth_wave_shift). */
#define PK_SYNTH_NGROUP (1 + PK_SYNTH_NVOTE)
#define PK_SYNTH_NTRUTH (PK_SYNTH_NRESP + PK_SYNTH_NDERIVED)
typedef double pk_synth_truth_table[PK_SYNTH_NGROUP][PK_SYNTH_NQ][PK_SYNTH_NTRUTH];
int pk_synth_truth(const pk_synth_model *m, double shift, pk_synth_truth_table t, pk_err *err);

/* ---- Waves ---- */

/* A series of waves (--wave K): wave k's population is the first wave's
 * with every proposal's latent support moved by (k - 1) x shift on the
 * ordered logit's scale (pk_synth_wave_shift); its fieldwork starts
 * PK_SYNTH_WAVE_DAYS days after the previous wave's. */
#define PK_SYNTH_MAX_WAVE 20
#define PK_SYNTH_MAX_SHIFT 2.0
#define PK_SYNTH_DEFAULT_SHIFT (-0.4)
#define PK_SYNTH_WAVE_DAYS 91
/* In a panel (--panel) each respondent's answer to each proposal is drawn
 * afresh in a later wave with this probability, and otherwise comes from
 * the same draw as the wave before (moved by the shift); at the default
 * shift about a quarter of the answers (26%) then differ from the previous
 * wave's. */
#define PK_SYNTH_PANEL_REDRAW 0.10

double pk_synth_wave_shift(unsigned wave, double shift);

/* Write the truth table as CSV/TSV: question,by,group,response,share. With
 * waves > 0 (the series' waves 1..waves, shift per wave), the columns are
 * question,by,group,response,response_kind,share,wave,versus_wave: each
 * wave's truth (versus_wave empty), then for every pair of waves j < k the
 * true change (response_kind `change`, share = wave k's - wave j's share,
 * wave k, versus_wave j), as pollsupport's change rows give it. */
int pk_synth_truth_write(const pk_synth_model *m, FILE *f, char delim, unsigned waves, double shift,
                         pk_err *err);

/* One honest respondent, before any mess. vote_known 0 means the respondent
 * will not say (Q5 is a don't-know spelling, vote2024 empty); euref -1 is
 * missing likewise. ans[] are scale indices (0..5). */
typedef struct pk_synth_person {
    pk_synth_cell c;
    int cell;
    int age;          /* years */
    int vote_known;
    int euref;
    double u;         /* person effect shared across the proposals (its PSU's part included) */
    unsigned long psu, stratum;  /* 1..clusters and 1..strata; 0 when not drawn so */
    int ans[PK_SYNTH_NQ];
    double draw[PK_SYNTH_NQ][2]; /* the uniform draws behind each answer: don't know, then the scale */
} pk_synth_person;

/* A clustered sample (--clusters): the primary sampling unit a respondent
 * is drawn in. Its effect is shared by everyone drawn in it and replaces
 * part of the person effect, so that the person effect and the PSU's
 * together have the unclustered model's distribution: the population, and
 * hence the truth, is the same whatever the design. */
typedef struct pk_synth_psu {
    unsigned long index;     /* 1..clusters */
    unsigned long stratum;   /* 1..strata, 0 without strata */
    double effect;           /* drawn from N(0, cluster_sd^2), pk_synth_icc_split */
    double person_scale;     /* what is left of the person effect's sd, as a factor */
} pk_synth_psu;

/* Largest --icc: the PSU's effect can take at most the whole person effect,
 * whose share of a loading-1 proposal's latent variance is
 * 1.69 / (1.69 + pi^2/3) = 0.3394. */
#define PK_SYNTH_MAX_ICC 0.33

/* The split of the person effect for intraclass correlation icc (0 to
 * PK_SYNTH_MAX_ICC) of two respondents' latent support in one PSU: the
 * PSU effect's standard deviation and the factor on the person effect's. */
void pk_synth_icc_split(double icc, double *cluster_sd, double *person_scale);

/* Draw one respondent (rng is a gsl_rng*), in PSU psu (NULL: unclustered;
 * the random draws are the same either way), answering with latent support
 * moved by shift. */
void pk_synth_draw(const pk_synth_model *m, void *rng, int bias, const pk_synth_psu *psu, double shift,
                   pk_synth_person *p);
/* Draw fresh answers for a respondent already drawn (a re-submission). */
void pk_synth_draw_answers(const pk_synth_model *m, void *rng, double shift, pk_synth_person *p);
/* Interview a respondent again (a panel's next wave, latent support moved
 * by shift): each answer drawn afresh with probability
 * PK_SYNTH_PANEL_REDRAW, else from the previous wave's draws. Either way an
 * answer has the new wave's law, so the truth holds in every wave. */
void pk_synth_reinterview(const pk_synth_model *m, void *rng, double shift, pk_synth_person *p);

/* ---- The export ---- */

typedef struct pk_synth_opts {
    unsigned long n;      /* data records in the raw export, defects included */
    unsigned long seed;
    int bias;             /* enum pk_synth_bias */
    int clean;            /* write clean microdata instead of the raw export */
    char delim;           /* ',' or '\t' */
    unsigned long clusters; /* PSUs (0: no clustering); at most n / 2 */
    unsigned long strata;   /* strata the PSUs are nested in (0: none); at most clusters / 2 */
    double icc;             /* intraclass correlation of latent support within a PSU */
    unsigned wave;          /* 0: no waves; else this wave of a series, 1..PK_SYNTH_MAX_WAVE */
    double shift;           /* latent support's move per wave */
    int panel;              /* later waves re-interview the first wave's respondents */
} pk_synth_opts;

/* Largest --n: respondent ids stay unique up to this many. */
#define PK_SYNTH_MAX_N 1000000000UL

/* Stream the raw export (or, with opts->clean, the clean microdata a perfect
 * cleaning would keep) to out, and the defect list to injected when it is
 * not NULL. Never holds the records. */
int pk_synth_generate(const pk_synth_model *m, const pk_synth_opts *o, FILE *out,
                      FILE *injected, pk_err *err);

#endif
