/* Stratified and clustered standard errors for pollsupport (see
 * support_design.h; the formulas and their R equivalents are in
 * docs/methods.md).
 *
 * Strata and PSUs are numbered as they are first seen, each found again by
 * its name's hash (a PSU's key is its stratum's number and its own name,
 * so PSUs nest in strata). With --psu, a cell (a group x question x
 * response code, on which y is constant) keeps the sum of its rows'
 * weights in each PSU, an array grown as higher PSU numbers reach it: a
 * domain's PSU totals u_j are then sums over its cells. Without --psu every
 * row is a PSU, and the sum over a stratum's rows of (u_i - mean)^2 is
 * B - A^2/n_h with A = sum u_i and B = sum u_i^2, which per-stratum sums of
 * w and w^2 in each cell give without keeping the rows. */
#include "support_design.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "colname.h"
#include "number.h"
#include "util.h"

/* Below this, f_h says the stratum was taken whole (R's 1e-7). */
#define CERTAINTY_TOL 1e-7

typedef struct stratum {
    char *name;
    long line;          /* its first row */
    long npsu;          /* PSUs (rows without --psu) */
    double fpc;         /* as given; NaN: none */
    double f;           /* 1 - n_h/N_h, or 1 */
} stratum;

typedef struct psu {
    size_t stratum;
    char *name;
} psu;

/* Sums of one cell in one stratum, for the rows-as-PSUs case. */
typedef struct rowsum {
    double sw, sw2;
    long n;
} rowsum;

typedef struct cell {
    double *psu_sw;     /* --psu: per PSU */
    rowsum *strat;      /* no --psu: per stratum */
    size_t cap;
} cell;

struct pk_support_design {
    pk_support_design_opts o;
    long col_psu, col_strata, col_fpc;
    stratum *s;
    size_t ns, caps;
    pk_util_hindex sx;
    psu *p;
    size_t np, capp;
    pk_util_hindex px;
    size_t cur_s, cur_p;
    cell *c;
    size_t nc, capc;
    size_t K;           /* --calibrated: categories; 0: none */
    double *T;          /* [PSU][K]: sum of w in each category */
    size_t capT;        /* PSUs T has room for */
};

void pk_support_design_free(pk_support_design *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->ns; i++)
        free(d->s[i].name);
    free(d->s);
    pk_util_hindex_free(&d->sx);
    for (size_t i = 0; i < d->np; i++)
        free(d->p[i].name);
    free(d->p);
    pk_util_hindex_free(&d->px);
    for (size_t i = 0; i < d->nc; i++) {
        free(d->c[i].psu_sw);
        free(d->c[i].strat);
    }
    free(d->c);
    free(d->T);
    free(d);
}

static long find_col(pk_csv_reader *r, const char *name, const char *opt, pk_err *err)
{
    if (!name)
        return -1;
    long c = pk_csv_reader_col(r, name);
    char hint[PK_COLNAME_HINT_SIZE];
    if (c < 0)
        pk_err_set(err, PK_ERR_DATA, "%s: no %s column '%s'%s", pk_csv_reader_name(r), opt, name,
                   pk_csv_reader_hint(r, name, hint, sizeof hint));
    return c;
}

pk_support_design *pk_support_design_new(const pk_support_design_opts *o, pk_csv_reader *r,
                                         pk_err *err)
{
    pk_support_design *d = calloc(1, sizeof *d);
    if (!d) {
        pk_err_nomem(err);
        return NULL;
    }
    d->o = *o;
    d->col_psu = find_col(r, o->psu, "--psu", err);
    d->col_strata = find_col(r, o->strata, "--strata", err);
    d->col_fpc = find_col(r, o->fpc, "--fpc", err);
    if ((o->psu && d->col_psu < 0) || (o->strata && d->col_strata < 0) ||
        (o->fpc && d->col_fpc < 0)) {
        pk_support_design_free(d);
        return NULL;
    }
    return d;
}

/* The field of column col of the current record; an empty one is an error. */
static const char *field(pk_csv_reader *r, long col, const char *opt, const char *what,
                         pk_err *err)
{
    const char *v = pk_csv_reader_field(r, (size_t)col);
    if (v[0] == '\0') {
        pk_err_set(err, PK_ERR_DATA, "%s:%ld:%s: no %s (%s): every row needs one",
                   pk_csv_reader_name(r), pk_csv_reader_line(r),
                   pk_csv_reader_colname(r, (size_t)col), what, opt);
        return NULL;
    }
    return v;
}

static size_t find_stratum(pk_support_design *d, const char *name, long line, pk_err *err)
{
    uint64_t h = pk_util_hash_words(name, strlen(name));
    size_t at = 0, k;
    while ((k = pk_util_hindex_next(&d->sx, h, &at)) != SIZE_MAX)
        if (strcmp(d->s[k].name, name) == 0)
            return k;
    char *copy = strdup(name);
    if (!copy || pk_util_grow((void **)&d->s, &d->caps, d->ns + 1, sizeof *d->s) ||
        pk_util_hindex_add(&d->sx, h, d->ns)) {
        free(copy);
        pk_err_nomem(err);
        return SIZE_MAX;
    }
    d->s[d->ns] = (stratum){copy, line, 0, NAN, 1};
    return d->ns++;
}

/* The PSU named `name` in stratum s; *isnew says whether it was first seen. */
static size_t find_psu(pk_support_design *d, size_t s, const char *name, int *isnew, pk_err *err)
{
    uint64_t h = pk_util_hash_words(name, strlen(name)) ^ ((uint64_t)s * 0x9e3779b97f4a7c15u);
    size_t at = 0, k;
    *isnew = 0;
    while ((k = pk_util_hindex_next(&d->px, h, &at)) != SIZE_MAX)
        if (d->p[k].stratum == s && strcmp(d->p[k].name, name) == 0)
            return k;
    char *copy = strdup(name);
    if (!copy || pk_util_grow((void **)&d->p, &d->capp, d->np + 1, sizeof *d->p) ||
        pk_util_hindex_add(&d->px, h, d->np)) {
        free(copy);
        pk_err_nomem(err);
        return SIZE_MAX;
    }
    d->p[d->np] = (psu){s, copy};
    *isnew = 1;
    return d->np++;
}

int pk_support_design_row(pk_support_design *d, pk_csv_reader *r, pk_err *err)
{
    const char *sname = "";
    if (d->col_strata >= 0 && !(sname = field(r, d->col_strata, "--strata", "stratum", err)))
        return err->status;
    size_t s = find_stratum(d, sname, pk_csv_reader_line(r), err);
    if (s == SIZE_MAX)
        return err->status;
    d->cur_s = s;
    if (d->col_psu >= 0) {
        const char *pname = field(r, d->col_psu, "--psu", "PSU", err);
        int isnew;
        if (!pname || (d->cur_p = find_psu(d, s, pname, &isnew, err)) == SIZE_MAX)
            return err->status;
        d->s[s].npsu += isnew;
    } else {
        d->s[s].npsu++;
    }
    if (d->col_fpc >= 0) {
        const char *v = field(r, d->col_fpc, "--fpc", "finite population correction", err);
        if (!v)
            return err->status;
        double x;
        int bad = pk_number_parse(v, &x);
        char q[80], b[PK_NUMBER_BUFSIZE];
        if (bad || !(x > 0) || !isfinite(x))
            return pk_err_set(err, PK_ERR_DATA, "%s:%ld:%s: fpc '%s' is %s", pk_csv_reader_name(r),
                              pk_csv_reader_line(r), d->o.fpc, pk_err_quote(q, sizeof q, v, strlen(v)),
                              bad ? pk_number_problem(bad)
                                  : "not a positive number (a population count, or a sampling "
                                    "fraction up to 1)");
        stratum *st = &d->s[s];
        if (isnan(st->fpc))
            st->fpc = x;
        else if (x != st->fpc)
            return pk_err_set(err, PK_ERR_DATA, "%s:%ld:%s: fpc '%s' differs from %s on line %ld "
                                             "in the same stratum%s%s%s: the fpc is one number per stratum",
                              pk_csv_reader_name(r), pk_csv_reader_line(r), d->o.fpc,
                              pk_err_quote(q, sizeof q, v, strlen(v)), pk_number_format(b, st->fpc, 15),
                              st->line, d->o.strata ? " '" : "", d->o.strata ? st->name : "",
                              d->o.strata ? "'" : "");
    }
    return 0;
}

int pk_support_design_calibrate(pk_support_design *d, size_t K, pk_err *err)
{
    if (d->col_psu < 0)
        return pk_err_set(err, PK_ERR_USAGE, "--calibrated with --strata or --fpc needs --psu (for "
                                          "rows as PSUs, give a column that numbers the rows)");
    d->K = K;
    return 0;
}

int pk_support_design_row_categories(pk_support_design *d, const long *cat, size_t m, double w,
                                     pk_err *err)
{
    if (!d->K)
        return 0;
    if (d->cur_p >= d->capT) {
        size_t cap = d->capT ? 2 * d->capT : 64;
        while (cap <= d->cur_p)
            cap *= 2;
        if (cap > SIZE_MAX / sizeof *d->T / d->K)
            return pk_err_nomem(err);
        double *T = realloc(d->T, cap * d->K * sizeof *T);
        if (!T)
            return pk_err_nomem(err);
        memset(T + d->capT * d->K, 0, (cap - d->capT) * d->K * sizeof *T);
        d->T = T;
        d->capT = cap;
    }
    for (size_t j = 0; j < m; j++)
        if (cat[j] >= 0)
            d->T[d->cur_p * d->K + (size_t)cat[j]] += w;
    return 0;
}

static int ensure_cell(pk_support_design *d, size_t id, pk_err *err)
{
    if (id < d->nc)
        return 0;
    if (pk_util_grow((void **)&d->c, &d->capc, id + 1, sizeof *d->c))
        return pk_err_nomem(err);
    memset(d->c + d->nc, 0, (id + 1 - d->nc) * sizeof *d->c);
    d->nc = id + 1;
    return 0;
}

int pk_support_design_cell(pk_support_design *d, size_t *id, pk_err *err)
{
    *id = d->nc;
    return ensure_cell(d, d->nc, err);
}

/* Make cell c hold at least n entries (PSUs or strata), zeroed. */
static int cell_reach(pk_support_design *d, cell *c, size_t n, pk_err *err)
{
    if (n <= c->cap)
        return 0;
    size_t cap = c->cap ? 2 * c->cap : 8;
    while (cap < n)
        cap *= 2;
    if (d->col_psu >= 0) {
        double *v = realloc(c->psu_sw, cap * sizeof *v);
        if (!v)
            return pk_err_nomem(err);
        memset(v + c->cap, 0, (cap - c->cap) * sizeof *v);
        c->psu_sw = v;
    } else {
        rowsum *v = realloc(c->strat, cap * sizeof *v);
        if (!v)
            return pk_err_nomem(err);
        memset(v + c->cap, 0, (cap - c->cap) * sizeof *v);
        c->strat = v;
    }
    c->cap = cap;
    return 0;
}

int pk_support_design_add(pk_support_design *d, size_t id, double w, pk_err *err)
{
    if (!(w > 0))
        return 0;
    if (ensure_cell(d, id, err) != 0)
        return err->status;
    cell *c = &d->c[id];
    if (d->col_psu >= 0) {
        if (cell_reach(d, c, d->cur_p + 1, err) != 0)
            return err->status;
        c->psu_sw[d->cur_p] += w;
    } else {
        if (cell_reach(d, c, d->cur_s + 1, err) != 0)
            return err->status;
        rowsum *s = &c->strat[d->cur_s];
        s->sw += w;
        s->sw2 += w * w;
        s->n++;
    }
    return 0;
}

int pk_support_design_merge(pk_support_design *d, size_t dst, size_t src, pk_err *err)
{
    if (ensure_cell(d, dst > src ? dst : src, err) != 0)
        return err->status;
    cell *a = &d->c[dst];
    const cell *b = &d->c[src];
    if (cell_reach(d, a, b->cap, err) != 0)
        return err->status;
    for (size_t i = 0; i < b->cap; i++) {
        if (d->col_psu >= 0) {
            a->psu_sw[i] += b->psu_sw[i];
        } else {
            a->strat[i].sw += b->strat[i].sw;
            a->strat[i].sw2 += b->strat[i].sw2;
            a->strat[i].n += b->strat[i].n;
        }
    }
    return 0;
}

/* How a stratum is named in a message: by the --strata column's value, or
 * as the whole input when there are no strata. */
static const char *stratum_words(const pk_support_design *d, const stratum *s, char *buf,
                                 size_t size)
{
    char q[80];
    if (!d->o.strata)
        snprintf(buf, size, "the input (one stratum)");
    else
        snprintf(buf, size, "stratum '%s' of %s", pk_err_quote(q, sizeof q, s->name, strlen(s->name)),
                 d->o.strata);
    return buf;
}

int pk_support_design_finish(pk_support_design *d, const char *input, pk_err *err)
{
    char b1[PK_NUMBER_BUFSIZE], words[200];
    const char *units = d->col_psu >= 0 ? "PSUs" : "rows";
    if (d->col_fpc >= 0) {
        /* As R's svydesign: all at most 1 are sampling fractions, else
         * population counts; a mixture is ambiguous. */
        size_t big = SIZE_MAX, small = SIZE_MAX;
        for (size_t i = 0; i < d->ns; i++) {
            if (d->s[i].fpc > 1 && big == SIZE_MAX)
                big = i;
            if (d->s[i].fpc < 1 && small == SIZE_MAX)
                small = i;
        }
        if (big != SIZE_MAX && small != SIZE_MAX) {
            char b2[PK_NUMBER_BUFSIZE];
            return pk_err_set(err, PK_ERR_DATA, "%s:%ld:%s: fpc %s is a population count but line %ld "
                                             "has %s, a sampling fraction: give one or the other for "
                                             "every stratum", input, d->s[small].line, d->o.fpc,
                              pk_number_format(b1, d->s[big].fpc, 15), d->s[small].line,
                              pk_number_format(b2, d->s[small].fpc, 15));
        }
        for (size_t i = 0; i < d->ns; i++) {
            stratum *s = &d->s[i];
            double n = (double)s->npsu;
            double pop = big == SIZE_MAX ? n / s->fpc : s->fpc;
            if (pop < n)
                return pk_err_set(err, PK_ERR_DATA, "%s:%ld:%s: fpc %s is below the %ld %s of %s "
                                                 "in the sample: a population count must be at "
                                                 "least the sample's", input, s->line, d->o.fpc,
                                  pk_number_format(b1, s->fpc, 15), s->npsu, units,
                                  stratum_words(d, s, words, sizeof words));
            s->f = (pop - n) / pop;
        }
    }
    if (d->o.lonely != PK_SUPPORT_DESIGN_LONELY_FAIL)
        return 0;
    for (size_t i = 0; i < d->ns; i++) {
        const stratum *s = &d->s[i];
        if (s->npsu == 1 && !(s->f < CERTAINTY_TOL))
            return pk_err_set(err, PK_ERR_DATA, "%s:%ld: %s has only one %s, whose variance cannot "
                                             "be estimated: give --lonely-psu adjust, certainty or "
                                             "remove to say how to treat it",
                              input, s->line, stratum_words(d, s, words, sizeof words),
                              d->col_psu >= 0 ? "PSU" : "row");
    }
    return 0;
}

void pk_support_design_se_parts(const pk_support_design *d, size_t nparts,
                                const pk_support_design_part *parts, const double *b, double *se,
                                long *df)
{
    *se = NAN;
    *df = -1;
    for (size_t q = 0; q < nparts; q++)
        if (!(parts[q].W > 0))
            return;
    int bypsu = d->col_psu >= 0;
    size_t ns = d->ns, np = bypsu ? d->np : 0;
    /* A, B: per stratum; u: per PSU; then one part's own sums (pA, pB, pu). */
    long double *A = calloc(4 * (ns ? ns : 1) + 2 * np + 2, sizeof *A);
    unsigned char *in = calloc(ns + np + 1, 1);
    if (!A || !in) {
        free(A);
        free(in);
        return;
    }
    long double *B = A + ns, *u = B + ns, *pA = u + np + 1, *pB = pA + ns, *pu = pB + ns;
    unsigned char *sin = in, *pin = in + ns;
    long npsu_in = 0, nstrata_in = 0;
    for (size_t q = 0; q < nparts; q++) {
        const pk_support_design_part *pt = &parts[q];
        long double W = pt->W, sign = pt->sign;
        memset(pA, 0, (2 * ns + np) * sizeof *pA);
        for (size_t j = 0; j < pt->k; j++) {
            if (pt->cells[j] >= d->nc)
                continue;
            const cell *c = &d->c[pt->cells[j]];
            long double dy = (long double)pt->y[j] - pt->p;
            if (bypsu) {
                for (size_t i = 0; i < c->cap && i < np; i++)
                    if (c->psu_sw[i] > 0) {
                        pu[i] += dy * c->psu_sw[i];
                        pin[i] = 1;
                    }
            } else {
                for (size_t h = 0; h < c->cap && h < ns; h++)
                    if (c->strat[h].n > 0) {
                        pA[h] += dy * c->strat[h].sw;
                        pB[h] += dy * dy * c->strat[h].sw2;
                        npsu_in += c->strat[h].n;
                        sin[h] = 1;
                    }
            }
        }
        for (size_t i = 0; i < np; i++)
            u[i] += sign * (pu[i] / W);
        for (size_t h = 0; !bypsu && h < ns; h++) {
            A[h] += sign * (pA[h] / W);
            B[h] += pB[h] / (W * W);
        }
    }
    long double v = 0;
    if (bypsu) {
        for (size_t i = 0; i < np; i++) {
            if (b && d->K && i < d->capT)
                for (size_t a = 0; a < d->K; a++)
                    u[i] -= (long double)d->T[i * d->K + a] * b[a];
            A[d->p[i].stratum] += u[i];
            if (pin[i]) {
                npsu_in++;
                sin[d->p[i].stratum] = 1;
            }
        }
        /* sum_j (u_j - mean)^2 directly: a domain's u_j are far from
         * their stratum's mean, and B - A^2/n would lose digits. */
        for (size_t i = 0; i < np; i++) {
            const stratum *s = &d->s[d->p[i].stratum];
            long double dev = s->npsu > 1 || d->o.lonely != PK_SUPPORT_DESIGN_LONELY_ADJUST
                                  ? u[i] - A[d->p[i].stratum] / s->npsu
                                  : u[i];
            B[d->p[i].stratum] += dev * dev;
        }
    } else {
        for (size_t h = 0; h < ns; h++) {
            const stratum *s = &d->s[h];
            if (s->npsu > 1 || d->o.lonely != PK_SUPPORT_DESIGN_LONELY_ADJUST)
                B[h] -= A[h] * A[h] / s->npsu;
        }
    }
    for (size_t h = 0; h < ns; h++) {
        const stratum *s = &d->s[h];
        nstrata_in += sin[h];
        if (s->f < CERTAINTY_TOL || (s->npsu == 1 && d->o.lonely != PK_SUPPORT_DESIGN_LONELY_ADJUST))
            continue;
        long double scale = s->npsu > 1 ? (long double)s->f * s->npsu / (s->npsu - 1) : s->f;
        v += scale * (B[h] > 0 ? B[h] : 0);
    }
    free(A);
    free(in);
    *se = (double)sqrtl(v);
    *df = npsu_in - nstrata_in;
}

void pk_support_design_se(const pk_support_design *d, size_t k, const size_t *cells,
                          const double *y, double p, double W, const double *b, double *se,
                          long *df)
{
    pk_support_design_part one = {k, cells, y, p, W, 1};
    pk_support_design_se_parts(d, 1, &one, b, se, df);
}
