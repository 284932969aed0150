/* pollsynth's export: streams the raw export of an online poll (the format
 * of notes/raw_format.md: BOM, CRLF, messy labels, defective records), or
 * the clean microdata a perfect cleaning of it would keep, plus the list of
 * injected defects.
 *
 * Two random streams keep the defects' durations consistent with a median
 * that is only known once the whole file exists: a "plan" stream decides each
 * record's kind and raw duration, and is run twice (once to find the median,
 * once while writing); a "content" stream draws the respondents and their
 * labels. Nothing per record is held, so a million rows need no more memory
 * than ten.
 *
 * A clustered sample (--clusters N, --strata K) is drawn in N primary
 * sampling units: consecutive records share one, in N runs of equal length
 * (within one), as interviewers work one area at a time; PSUs 1..N lie in
 * strata 1..K in K runs of equal length likewise. The PSUs' effects come
 * from a third stream, one draw as each PSU is reached, so the plan and
 * content streams, and every unclustered export, are as they were.
 *
 * A wave of a series (--wave K): wave 1 is the export without waves plus a
 * `wave` column. A later wave of separate samples draws new respondents
 * from streams seeded by the seed and K, with latent support moved by
 * pk_synth_wave_shift. A panel's later wave (--panel) runs wave 1's plan
 * and content streams again, so the same records, ids, defects and
 * durations come out, and only the answers move on: a fourth stream
 * re-interviews each respondent wave by wave up to K (pk_synth_reinterview).
 * Fieldwork starts PK_SYNTH_WAVE_DAYS days later for each wave. */
#include "synth.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "csvio.h"

/* Rates of defects per record (each a few per cent, as in real exports). */
#define RATE_DUP 0.015
#define RATE_SPEEDER 0.020
#define RATE_PARTIAL 0.030
#define RATE_STRAIGHT 0.015
#define RATE_ATTENTION 0.020
#define RATE_AGE 0.008
#define RATE_BLANK 0.020
/* Below this many records no defect is injected: a median of a handful of
 * durations cannot separate speeders reliably. */
#define MIN_N_DEFECTS 20

#define DUR_MAX 14400        /* four hours: fieldwork ends 20:00 on the 24th */
#define DUR_MEDIAN 540.0     /* typical completion time, seconds */
#define FIELD_START (7 * 3600L)                          /* 2025-11-21 07:00:00 */
#define FIELD_LEN (3 * 86400L + 13 * 3600L)              /* to 2025-11-24 20:00 */
#define RING 64              /* recent kept respondents a re-submission repeats */

static const char id_alphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
#define ID_SPACE 56800235584ULL /* 62^6 */

static uint64_t splitmix64(uint64_t x)
{
    x += 0x9E3779B97F4A7C15ULL;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
}

/* "R_" + 10 alphanumerics. Six of them are an affine bijection of the
 * respondent's number modulo 62^6 (so ids are unique), four are hashed. */
static void make_id(char out[13], unsigned long k, unsigned long seed)
{
    uint64_t x = ((uint64_t)k * 1000000007ULL + splitmix64(seed) % ID_SPACE) % ID_SPACE;
    uint64_t h = splitmix64((uint64_t)k ^ splitmix64(seed + 0x5EEDULL));
    static const int from_x[10] = {0, 1, 1, 0, 1, 1, 0, 1, 0, 1};
    out[0] = 'R';
    out[1] = '_';
    for (int i = 0; i < 10; i++) {
        if (from_x[i]) {
            out[2 + i] = id_alphabet[x % 62];
            x /= 62;
        } else {
            out[2 + i] = id_alphabet[h % 62];
            h /= 62;
        }
    }
    out[12] = '\0';
}

/* ---- The plan: each record's kind and raw duration ---- */

typedef struct plan {
    int dup, speeder, partial, straight, attention, age_bad, blank;
    long dur;
} plan;

static void plan_next(gsl_rng *r, unsigned long i, int defects, plan *p)
{
    double u[7];
    for (int k = 0; k < 7; k++)
        u[k] = gsl_rng_uniform(r);
    memset(p, 0, sizeof *p);
    if (defects) {
        p->dup = i > 0 && u[0] < RATE_DUP;
        if (!p->dup) {
            p->partial = u[2] < RATE_PARTIAL;
            p->straight = !p->partial && u[3] < RATE_STRAIGHT;
            /* Junk straight-lining comes from people clicking through:
             * every injected straight-liner is a speeder too, so cleaning
             * removes them without a straight-lining rule, which would also
             * remove honest respondents who answer all seven alike. */
            p->speeder = p->straight || u[1] < RATE_SPEEDER;
            p->attention = !p->partial && u[4] < RATE_ATTENTION;
            p->age_bad = u[5] < RATE_AGE;
            p->blank = !(p->speeder || p->partial || p->straight || p->attention || p->age_bad) &&
                       u[6] < RATE_BLANK;
        }
    }
    double z = gsl_ran_gaussian_ziggurat(r, 1.0), v = gsl_rng_uniform(r);
    double d;
    if (p->speeder)
        d = 20 + floor(v * 70);
    else {
        d = DUR_MEDIAN * exp(0.5 * z);
        if (p->partial)
            d *= 0.3 + 0.5 * v;
    }
    d = floor(d + 0.5);
    p->dur = d < 1 ? 1 : d > DUR_MAX ? DUR_MAX : (long)d;
}

/* Durations are adjusted once the median M is known (held as M2 = 2M, an
 * integer): a speeder is at most the largest integer below 0.2 M, anyone
 * else at least the smallest integer from 0.45 M. */
static long dur_lo(long m2)
{
    return (9 * m2 + 39) / 40;
}
static long dur_hi(long m2)
{
    return (m2 + 9) / 10 - 1;
}
static long adjust(long d, int speeder, long m2)
{
    if (speeder)
        return d < dur_hi(m2) ? d : dur_hi(m2);
    return d > dur_lo(m2) ? d : dur_lo(m2);
}

/* Twice the median of the histogram h (n values in total). */
static long median2(const unsigned long *h, unsigned long n)
{
    unsigned long a = (n - 1) / 2, b = n / 2, seen = 0;
    long va = -1, vb = -1;
    for (long d = 0; d <= DUR_MAX; d++) {
        seen += h[d];
        if (va < 0 && seen > a)
            va = d;
        if (vb < 0 && seen > b) {
            vb = d;
            break;
        }
    }
    return va + vb;
}

/* The fixed point: a median M such that the adjusted durations have median
 * M. Adjustments only move values that lie below the median and keep them
 * there, so this settles at once in practice. Returns -1 if it does not. */
static long settle_median(const unsigned long *hs, const unsigned long *hn, unsigned long n,
                          int use_speeders, unsigned long *work)
{
    memset(work, 0, (DUR_MAX + 1) * sizeof *work);
    for (long d = 0; d <= DUR_MAX; d++)
        work[d] = hs[d] + hn[d];
    long m2 = median2(work, n);
    for (int it = 0; it < 50; it++) {
        if (use_speeders && dur_hi(m2) < 1)
            return -1;
        memset(work, 0, (DUR_MAX + 1) * sizeof *work);
        for (long d = 0; d <= DUR_MAX; d++) {
            work[adjust(d, use_speeders, m2)] += hs[d];
            work[adjust(d, 0, m2)] += hn[d];
        }
        long m2b = median2(work, n);
        if (m2b == m2)
            return m2;
        m2 = m2b;
    }
    return -1;
}

/* ---- Labels: table spellings with cosmetic variation ---- */

typedef struct labeler {
    gsl_rng *r;
    char buf[512];
} labeler;

/* A spelling of `code` from variable `var`'s table, varied in case,
 * surrounding and repeated spaces, typographic apostrophes and dashes:
 * exactly the differences pollclean normalises away. */
static const char *label(labeler *lb, const pk_synth_var *var, const char *code)
{
    size_t idx[32], n = 0;
    for (size_t i = 0; i < var->n_labels && n < 32; i++)
        if (strcmp(var->labels[i].code, code) == 0)
            idx[n++] = i;
    gsl_rng *r = lb->r;
    double u = gsl_rng_uniform(r);
    size_t pick = (n == 1 || u < 0.75) ? 0 : 1 + (size_t)((u - 0.75) / 0.25 * (double)(n - 1));
    if (pick >= n)
        pick = n - 1;
    const char *s = var->labels[idx[pick]].raw;
    double uc = gsl_rng_uniform(r), us = gsl_rng_uniform(r), ut = gsl_rng_uniform(r);
    int lower = uc < 0.04, upper = uc >= 0.04 && uc < 0.06;
    int lead = us < 0.02, trail = us >= 0.02 && us < 0.04, dbl = us >= 0.04 && us < 0.05;
    int curly = ut < 0.30, endash = ut < 0.05;
    char *o = lb->buf;
    if (lead)
        *o++ = ' ';
    int doubled = 0;
    for (const char *p = s; *p; p++) {
        char ch = *p;
        if (ch == '\'' && curly) {
            memcpy(o, "\xE2\x80\x99", 3);
            o += 3;
            continue;
        }
        if (ch == '-' && endash) {
            memcpy(o, "\xE2\x80\x93", 3);
            o += 3;
            continue;
        }
        if (lower && ch >= 'A' && ch <= 'Z')
            ch = (char)(ch - 'A' + 'a');
        if (upper && ch >= 'a' && ch <= 'z')
            ch = (char)(ch - 'a' + 'A');
        *o++ = ch;
        if (ch == ' ' && dbl && !doubled) {
            *o++ = ' ';
            doubled = 1;
        }
    }
    if (trail)
        *o++ = ' ';
    *o = '\0';
    return lb->buf;
}

/* ---- Writing ---- */

typedef struct rawout {
    FILE *f;
    char delim;
    int first;
} rawout;

static void raw_field(rawout *w, const char *s)
{
    if (!w->first)
        putc_unlocked(w->delim, w->f);
    w->first = 0;
    if (strchr(s, w->delim) || strpbrk(s, "\"\r\n")) {
        putc_unlocked('"', w->f);
        for (const char *p = s; *p; p++) {
            if (*p == '"')
                putc_unlocked('"', w->f);
            putc_unlocked(*p, w->f);
        }
        putc_unlocked('"', w->f);
    } else
        fputs(s, w->f);
}

static void raw_end(rawout *w)
{
    fputs("\r\n", w->f);
    w->first = 1;
}

static const char *const raw_header[] = {
    "ResponseId", "StartDate", "EndDate", "Duration (in seconds)", "Finished", "Q1", "Q2", "Q3",
    "Q4", "Q5", "Q6", "Q7_1", "Q7_2", "Q7_3", "Q7_4", "Q7_5", "Q7_6", "Q7_7", "Q8"};

static const char *const clean_header[] = {
    "id", "age", "age_band", "sex", "region", "edu", "vote2024", "euref", "q_temp_status",
    "q_settle_20y", "q_family_reunion", "q_support_discretionary", "q_remove_families",
    "q_visa_penalties", "q_capped_routes"};

/* "YYYY-MM-DD HH:MM:SS" for `s` seconds after 2025-11-21 00:00:00 plus
 * `days`. The date from a day count is the proleptic Gregorian calendar's
 * (days since 1970-01-01 to year, month, day). */
static void fmt_time(char out[128], long s, long days)
{
    long z = 20413 + days + s / 86400 + 719468; /* 20413: 2025-11-21 */
    long era = z / 146097, doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
    long day = doy - (153 * mp + 2) / 5 + 1, month = mp < 10 ? mp + 3 : mp - 9;
    long year = yoe + era * 400 + (month <= 2);
    snprintf(out, 128, "%04ld-%02ld-%02ld %02ld:%02ld:%02ld", year, month, day, s / 3600 % 24, s / 60 % 60,
             s % 60);
}

typedef struct record {
    char id[13];
    pk_synth_person p;
    long line;
} record;

typedef struct gen {
    const pk_synth_model *m;
    const pk_synth_opts *o;
    gsl_rng *content;
    labeler lb;
    const pk_synth_var *v_sex, *v_region, *v_edu, *v_vote, *v_euref, *v_scale;
    rawout raw;
    pk_csv_writer clean, inj;
    int have_inj;
    record ring[RING];
    int ring_n, ring_next;
    long m2;
    gsl_rng *psu_rng;              /* --clusters: the PSUs' effects, in PSU order; NULL without */
    gsl_rng *panel_rng;            /* --panel, a later wave: the re-interviews; NULL without */
    double shift;                  /* this wave's move of latent support */
    long days;                     /* fieldwork's start after the first wave's, in days */
    unsigned long id_seed;         /* the seed the ids are made from */
    char wave[16];                 /* the wave's code, or "" without waves */
    unsigned long psu_drawn;       /* PSUs whose effect is drawn; the last one's: */
    double psu_effect, psu_sd, person_scale;
} gen;

static void inject(gen *g, const char *id, long line, const char *kind, const char *column,
                   const char *note)
{
    if (!g->have_inj)
        return;
    pk_csv_writer_field(&g->inj, id);
    pk_csv_writer_long(&g->inj, line);
    pk_csv_writer_field(&g->inj, kind);
    pk_csv_writer_field(&g->inj, column);
    pk_csv_writer_field(&g->inj, note);
    pk_csv_writer_end(&g->inj);
}

/* Draw the injected straightliner's column: people who click down one
 * column favour the middle and the ends. */
static int straight_code(gsl_rng *r)
{
    static const double cum[PK_SYNTH_NRESP] = {0.20, 0.35, 0.65, 0.75, 0.90, 1.00};
    double u = gsl_rng_uniform(r);
    int k = 0;
    while (k < PK_SYNTH_NRESP - 1 && u >= cum[k])
        k++;
    return k;
}

/* One record as drawn: the respondent, the defects injected into it and
 * what the cleaning rules will find. */
typedef struct drawn {
    record rec;
    long line;
    int dup, speeder, partial, partial_from, age_bad, age;
    int grid[PK_SYNTH_NQ], q8;   /* answers (-1 blank); q8: the attention check's */
    int straight_injected, blank_col, straight, attention, kept;
    long dur, start;
} drawn;

/* The PSU of record i: consecutive runs of records, and of PSUs per
 * stratum. The products stay below 2^64: i < 1e9, clusters <= n / 2.
 * Records come in order, so PSU j's effect is the j-th draw of the PSUs'
 * stream, made when the PSU is reached: nothing per PSU is held. */
static void psu_of_record(gen *g, unsigned long i, pk_synth_psu *psu)
{
    const pk_synth_opts *o = g->o;
    unsigned long j = (unsigned long)((uint64_t)i * o->clusters / o->n);
    while (g->psu_drawn <= j) {
        g->psu_effect = gsl_ran_gaussian_ziggurat(g->psu_rng, g->psu_sd);
        g->psu_drawn++;
    }
    psu->index = j + 1;
    psu->stratum = o->strata ? (unsigned long)((uint64_t)j * o->strata / o->clusters) + 1 : 0;
    psu->effect = g->psu_effect;
    psu->person_scale = g->person_scale;
}

/* Draw record i and its defects (plan pl). The content stream's draws come
 * in a fixed order, so that a seed always gives the same export. */
static void draw_record(gen *g, unsigned long i, const plan *pl, int speeders_ok, drawn *d)
{
    gsl_rng *r = g->content;
    d->line = (long)i + 2;
    int dup_of = -1;
    if (pl->dup && g->ring_n > 0) {
        dup_of = (int)gsl_rng_uniform_int(r, (unsigned long)g->ring_n);
        d->rec = g->ring[dup_of];   /* the same person, in the same PSU */
        pk_synth_draw_answers(g->m, r, g->shift, &d->rec.p);
    } else {
        pk_synth_psu psu;
        if (g->psu_rng)
            psu_of_record(g, i, &psu);
        if (g->panel_rng) {
            /* Wave 1's respondent, then each later wave's interview. */
            pk_synth_draw(g->m, r, g->o->bias, g->psu_rng ? &psu : NULL, 0, &d->rec.p);
            for (unsigned k = 2; k <= g->o->wave; k++)
                pk_synth_reinterview(g->m, g->panel_rng, pk_synth_wave_shift(k, g->o->shift), &d->rec.p);
        } else
            pk_synth_draw(g->m, r, g->o->bias, g->psu_rng ? &psu : NULL, g->shift, &d->rec.p);
    }
    int dup = d->dup = dup_of >= 0;
    d->speeder = !dup && pl->speeder && speeders_ok;
    d->partial = !dup && pl->partial;
    d->age_bad = !dup && pl->age_bad;
    d->q8 = 3; /* tend_oppose: the attention check's answer */
    for (int q = 0; q < PK_SYNTH_NQ; q++)
        d->grid[q] = d->rec.p.ans[q];
    d->straight_injected = !dup && pl->straight && speeders_ok;
    if (d->straight_injected) {
        int s = straight_code(r);
        for (int q = 0; q < PK_SYNTH_NQ; q++)
            d->grid[q] = s;
        if (gsl_rng_uniform(r) < 0.6)
            d->q8 = s;
    }
    if (!dup && pl->attention) {
        int k = (int)gsl_rng_uniform_int(r, PK_SYNTH_NRESP - 1);
        d->q8 = k >= 3 ? k + 1 : k;
    }
    d->partial_from = -1;
    if (d->partial) {
        d->partial_from = (int)gsl_rng_uniform_int(r, PK_SYNTH_NQ);
        for (int q = d->partial_from; q < PK_SYNTH_NQ; q++)
            d->grid[q] = -1;
        d->q8 = -1;
    }
    d->age = d->rec.p.age;
    if (d->age_bad) {
        static const int bad_ages[] = {16, 17, 16, 17, 15, 17, 0, 4, 130, 999, 11, 200};
        d->age = bad_ages[gsl_rng_uniform_int(r, sizeof bad_ages / sizeof bad_ages[0])];
    }
    d->blank_col = -1;
    if (!dup && pl->blank) {
        d->blank_col = (int)gsl_rng_uniform_int(r, PK_SYNTH_NQ);
        d->grid[d->blank_col] = -1;
    }
    /* The rules, applied to what the record finally holds. */
    d->straight = 1;
    for (int q = 0; q < PK_SYNTH_NQ; q++)
        if (d->grid[q] < 0 || d->grid[q] != d->grid[0])
            d->straight = 0;
    d->attention = d->q8 >= 0 && d->q8 != 3;
    /* The genuine respondents: honest straight-liners are kept (listed with
     * note "natural" for a cleaning that applies a straight-lining rule). */
    d->kept = !dup && !d->speeder && !(d->straight && d->straight_injected) && !d->attention &&
              !d->age_bad && !d->partial;

    d->dur = adjust(pl->dur, d->speeder, g->m2);
    if (!dup) {
        d->rec.line = d->line;
        make_id(d->rec.id, (unsigned long)i, g->id_seed); /* unique: one per record number */
    }
    double x = ((double)i + gsl_rng_uniform(r)) / (double)g->o->n;
    d->start = FIELD_START + (long)floor((double)FIELD_LEN * pow(x, 1.6));
}

/* A kept record in clean microdata (--clean). */
static void write_clean(gen *g, const drawn *d)
{
    const record *rec = &d->rec;
    pk_csv_writer *w = &g->clean;
    pk_csv_writer_field(w, rec->id);
    pk_csv_writer_long(w, d->age);
    pk_csv_writer_field(w, pk_synth_age_codes[rec->p.c.age]);
    pk_csv_writer_field(w, pk_synth_sex_codes[rec->p.c.sex]);
    pk_csv_writer_field(w, pk_synth_region_codes[rec->p.c.region]);
    pk_csv_writer_field(w, pk_synth_edu_codes[rec->p.c.edu]);
    pk_csv_writer_field(w, rec->p.vote_known ? pk_synth_vote_codes[rec->p.c.vote] : "");
    pk_csv_writer_field(w, rec->p.euref >= 0 ? pk_synth_euref_codes[rec->p.euref] : "");
    for (int q = 0; q < PK_SYNTH_NQ; q++)
        pk_csv_writer_field(w, d->grid[q] >= 0 ? pk_synth_resp_codes[d->grid[q]] : "");
    if (g->o->wave)
        pk_csv_writer_field(w, g->wave);
    if (g->o->strata)
        pk_csv_writer_long(w, (long)rec->p.stratum);
    if (g->o->clusters)
        pk_csv_writer_long(w, (long)rec->p.psu);
    pk_csv_writer_end(w);
}

/* The record in the raw export, its answers as labels in the export's
 * spellings. The labels are drawn even for --clean (out 0), so that the
 * content stream, and hence every later record, is the same as in the raw
 * export. */
static void write_raw(gen *g, const drawn *d, int out)
{
    const record *rec = &d->rec;
    rawout *w = &g->raw;
    char tb[128], nb[32];
    const char *lab;
#define F(s) do { const char *s_ = (s); if (out) raw_field(w, s_); } while (0)
    F(rec->id);
    fmt_time(tb, d->start, g->days);
    F(tb);
    fmt_time(tb, d->start + d->dur, g->days);
    F(tb);
    snprintf(nb, sizeof nb, "%ld", d->dur);
    F(nb);
    F(d->partial ? "False" : "True");
    snprintf(nb, sizeof nb, "%d", d->age);
    F(nb);
    lab = label(&g->lb, g->v_sex, pk_synth_sex_codes[rec->p.c.sex]);
    F(lab);
    lab = label(&g->lb, g->v_region, pk_synth_region_codes[rec->p.c.region]);
    F(lab);
    lab = label(&g->lb, g->v_edu, pk_synth_edu_codes[rec->p.c.edu]);
    F(lab);
    lab = label(&g->lb, g->v_vote, rec->p.vote_known ? pk_synth_vote_codes[rec->p.c.vote] : "");
    F(lab);
    lab = label(&g->lb, g->v_euref, rec->p.euref >= 0 ? pk_synth_euref_codes[rec->p.euref] : "");
    F(lab);
    for (int q = 0; q < PK_SYNTH_NQ; q++) {
        lab = d->grid[q] >= 0 ? label(&g->lb, g->v_scale, pk_synth_resp_codes[d->grid[q]]) : "";
        F(lab);
    }
    lab = d->q8 >= 0 ? label(&g->lb, g->v_scale, pk_synth_resp_codes[d->q8]) : "";
    F(lab);
    if (g->o->wave)
        F(g->wave);
    if (g->o->strata) {
        snprintf(nb, sizeof nb, "%lu", rec->p.stratum);
        F(nb);
    }
    if (g->o->clusters) {
        snprintf(nb, sizeof nb, "%lu", rec->p.psu);
        F(nb);
    }
#undef F
    if (out)
        raw_end(w);
}

/* The record's lines in the list of injected defects. */
static void note_defects(gen *g, const drawn *d)
{
    const char *id = d->rec.id;
    long line = d->line;
    char note[96];
    if (d->dup) {
        snprintf(note, sizeof note, "repeats line %ld", d->rec.line);
        inject(g, id, line, "duplicate_id", "", note);
    }
    if (d->speeder) {
        /* integer arithmetic: no locale can change the decimal point */
        snprintf(note, sizeof note, "duration %ld s; median %ld.%ld s", d->dur, g->m2 / 2,
                 g->m2 % 2 * 5);
        inject(g, id, line, "speeder", "", note);
    }
    if (d->straight)
        inject(g, id, line, "straightliner", "", d->straight_injected ? "injected" : "natural");
    if (d->attention) {
        snprintf(note, sizeof note, "Q8 is %s", pk_synth_resp_codes[d->q8]);
        inject(g, id, line, "attention_failed", "", note);
    }
    if (d->age_bad) {
        snprintf(note, sizeof note, "age %d", d->age);
        inject(g, id, line, "age_out_of_range", "", note);
    }
    if (d->partial) {
        snprintf(note, sizeof note, "partial complete: grid blank from Q7_%d; Q8 blank",
                 d->partial_from + 1);
        inject(g, id, line, "missing_required", "", note);
    }
    if (d->blank_col >= 0 && !d->straight) {
        char col[24];
        snprintf(col, sizeof col, "Q7_%d", d->blank_col + 1);
        inject(g, id, line, "blank_answer", col, "");
    }
}

static void write_record(gen *g, unsigned long i, const plan *pl, int speeders_ok)
{
    drawn d;
    draw_record(g, i, pl, speeders_ok, &d);
    if (g->o->clean && d.kept)
        write_clean(g, &d);
    write_raw(g, &d, !g->o->clean);
    note_defects(g, &d);
    if (d.kept) {
        /* A kept respondent may be repeated later as a duplicate. */
        g->ring[g->ring_next] = d.rec;
        g->ring_next = (g->ring_next + 1) % RING;
        if (g->ring_n < RING)
            g->ring_n++;
    }
}

/* A design every PSU of which gets two records, every stratum two PSUs;
 * the waves' options only with a wave. */
static int check_design(const pk_synth_opts *o, pk_err *err)
{
    if (o->wave > PK_SYNTH_MAX_WAVE)
        return pk_err_set(err, PK_ERR_USAGE, "--wave must be from 1 to %d", PK_SYNTH_MAX_WAVE);
    if (!o->wave && o->panel)
        return pk_err_set(err, PK_ERR_USAGE, "--panel needs --wave (which wave of the panel to write)");
    if (!o->wave && o->shift != 0)
        return pk_err_set(err, PK_ERR_USAGE, "--shift needs --wave (the shift is per wave)");
    if (!(fabs(o->shift) <= PK_SYNTH_MAX_SHIFT))
        return pk_err_set(err, PK_ERR_USAGE, "--shift must be from %g to %g", -PK_SYNTH_MAX_SHIFT,
                          PK_SYNTH_MAX_SHIFT);
    if (!o->clusters) {
        if (o->strata)
            return pk_err_set(err, PK_ERR_USAGE, "--strata needs --clusters (the strata hold PSUs)");
        if (o->icc != 0)
            return pk_err_set(err, PK_ERR_USAGE, "--icc needs --clusters (the correlation is within PSUs)");
        return 0;
    }
    if (o->clusters > o->n / 2)
        return pk_err_set(err, PK_ERR_USAGE,
                          "--clusters %lu is more than half of --n %lu: every PSU needs two records", o->clusters,
                          o->n);
    if (o->strata > o->clusters / 2)
        return pk_err_set(err, PK_ERR_USAGE,
                          "--strata %lu is more than half of --clusters %lu: every stratum needs two PSUs",
                          o->strata, o->clusters);
    if (!(o->icc >= 0 && o->icc <= PK_SYNTH_MAX_ICC))
        return pk_err_set(err, PK_ERR_USAGE, "--icc must be from 0 to %g", PK_SYNTH_MAX_ICC);
    return 0;
}

/* The PSUs' effects come from a stream of their own, seeded apart from the
 * plan's and the content's. */
static int start_psus(gen *g, unsigned long seed, pk_err *err)
{
    pk_synth_icc_split(g->o->icc, &g->psu_sd, &g->person_scale);
    g->psu_rng = gsl_rng_alloc(gsl_rng_mt19937);
    if (!g->psu_rng)
        return pk_err_nomem(err);
    gsl_rng_set(g->psu_rng, (unsigned long)(splitmix64(2 * (uint64_t)seed + 3) & 0xffffffffUL));
    return 0;
}

/* A column's name in the export's header, raw or clean. */
static void header_field(gen *g, const char *name)
{
    if (g->o->clean)
        pk_csv_writer_field(&g->clean, name);
    else
        raw_field(&g->raw, name);
}

/* The writers and their headers: the export's (raw or clean) and the
 * defect list's. */
static void write_headers(gen *g, FILE *out, FILE *injected)
{
    const pk_synth_opts *o = g->o;
    g->raw.f = out;
    g->raw.delim = o->delim;
    g->raw.first = 1;
    pk_csv_writer_init(&g->clean, out, o->delim);
    g->have_inj = injected != NULL;
    if (injected) {
        pk_csv_writer_init(&g->inj, injected, o->delim);
        const char *h[] = {"id", "line", "kind", "column", "note"};
        for (int k = 0; k < 5; k++)
            pk_csv_writer_field(&g->inj, h[k]);
        pk_csv_writer_end(&g->inj);
    }
    size_t n = o->clean ? sizeof clean_header / sizeof clean_header[0] : sizeof raw_header / sizeof raw_header[0];
    if (!o->clean)
        fputs("\xEF\xBB\xBF", out);
    for (size_t k = 0; k < n; k++)
        header_field(g, o->clean ? clean_header[k] : raw_header[k]);
    if (o->wave)
        header_field(g, "wave");
    if (o->strata)
        header_field(g, "stratum");
    if (o->clusters)
        header_field(g, "psu");
    if (o->clean)
        pk_csv_writer_end(&g->clean);
    else
        raw_end(&g->raw);
}

int pk_synth_generate(const pk_synth_model *m, const pk_synth_opts *o, FILE *out,
                      FILE *injected, pk_err *err)
{
    if (o->n < 1 || o->n > PK_SYNTH_MAX_N)
        return pk_err_set(err, PK_ERR_USAGE, "--n must be between 1 and %lu", PK_SYNTH_MAX_N);
    if (check_design(o, err) != 0)
        return PK_ERR_USAGE;
    int defects = o->n >= MIN_N_DEFECTS;
    /* A later wave of separate samples: every stream from a seed of its own. */
    uint64_t seed = o->seed;
    if (o->wave > 1 && !o->panel)
        seed = splitmix64(((uint64_t)o->wave << 32) ^ (uint64_t)o->seed);
    unsigned long plan_seed = (unsigned long)(splitmix64(2 * seed + 1) & 0xffffffffUL);
    unsigned long content_seed = (unsigned long)(splitmix64(2 * seed + 2) & 0xffffffffUL);

    gen *g = calloc(1, sizeof *g);
    unsigned long *hs = calloc(DUR_MAX + 1, sizeof *hs), *hn = calloc(DUR_MAX + 1, sizeof *hn);
    unsigned long *work = calloc(DUR_MAX + 1, sizeof *work);
    gsl_rng *pr = gsl_rng_alloc(gsl_rng_mt19937), *cr = gsl_rng_alloc(gsl_rng_mt19937);
    int rc = 0;
    if (!g || !hs || !hn || !work || !pr || !cr) {
        rc = pk_err_nomem(err);
        goto done;
    }
    /* Pass 1: the plan alone, to find the median duration. */
    gsl_rng_set(pr, plan_seed);
    for (unsigned long i = 0; i < o->n; i++) {
        plan pl;
        plan_next(pr, i, defects, &pl);
        (pl.speeder ? hs : hn)[pl.dur]++;
    }
    int speeders_ok = 1;
    long m2 = settle_median(hs, hn, o->n, 1, work);
    if (m2 < 0) {
        speeders_ok = 0;
        m2 = settle_median(hs, hn, o->n, 0, work);
    }
    if (m2 < 0) {
        rc = pk_err_set(err, PK_ERR_DATA, "synth: cannot place the durations around their median");
        goto done;
    }

    g->m = m;
    g->o = o;
    g->m2 = m2;
    g->id_seed = (unsigned long)seed;
    g->shift = pk_synth_wave_shift(o->wave, o->shift);
    g->days = o->wave > 1 ? (long)(o->wave - 1) * PK_SYNTH_WAVE_DAYS : 0;
    if (o->wave)
        snprintf(g->wave, sizeof g->wave, "%u", o->wave);
    if (o->clusters && (rc = start_psus(g, (unsigned long)seed, err)) != 0)
        goto done;
    if (o->panel && o->wave > 1) {
        if (!(g->panel_rng = gsl_rng_alloc(gsl_rng_mt19937))) {
            rc = pk_err_nomem(err);
            goto done;
        }
        gsl_rng_set(g->panel_rng, (unsigned long)(splitmix64(2 * seed + 4) & 0xffffffffUL));
    }
    g->content = cr;
    g->lb.r = cr;
    g->v_sex = pk_synth_var_find("sex");
    g->v_region = pk_synth_var_find("region");
    g->v_edu = pk_synth_var_find("edu");
    g->v_vote = pk_synth_var_find("vote2024");
    g->v_euref = pk_synth_var_find("euref");
    g->v_scale = pk_synth_var_find("scale");
    write_headers(g, out, injected);
    /* Pass 2: the plan again, with the content. */
    gsl_rng_set(pr, plan_seed);
    gsl_rng_set(cr, content_seed);
    for (unsigned long i = 0; i < o->n; i++) {
        plan pl;
        plan_next(pr, i, defects, &pl);
        write_record(g, i, &pl, speeders_ok);
        if (ferror(out) || (injected && ferror(injected)))
            break; /* the caller's commit reports the write error */
    }
done:
    if (pr)
        gsl_rng_free(pr);
    if (cr)
        gsl_rng_free(cr);
    free(work);
    free(hs);
    free(hn);
    if (g && g->psu_rng)
        gsl_rng_free(g->psu_rng);
    if (g && g->panel_rng)
        gsl_rng_free(g->panel_rng);
    free(g);
    return rc;
}
