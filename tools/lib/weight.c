/* Raking, calibration, capping and diagnostics for pollweight (weight.h).
 *
 * The sample is held as an arena of records (fields copied once, written
 * back unparsed) plus one array of 16-bit category codes per margin, so a
 * raking sweep is a few linear passes over small integers. Codes are found
 * through one small dictionary per weighting column (the values the targets
 * name) and, per margin, a table from the combination of its columns' value
 * indices to the category: an interlocked margin costs no string joining.
 *
 * Calibration follows R survey's grake() step by step (Newton steps solved
 * with the Moore-Penrose inverse of the (p x p) matrix, computed here by
 * GSL's SVD with ginv()'s tolerance; step halving while g is not finite),
 * so that it follows calibrate()'s path from the same start. Only the stop
 * rule differs: R stops when every |misfit| / (1 + |population|) is below
 * epsilon (default 1e-7, which leaves margin gaps of ~1e-8 and weights
 * ~1e-7 from the solution); here Newton runs until the largest gap between
 * a weighted margin share and its target is below --tolerance (default
 * 1e-10, as for raking), where its quadratic convergence has usually taken
 * the gap to rounding level. See docs/methods.md, "Calibration". */
#include "weight.h"

#include <gsl/gsl_linalg.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_statistics_double.h>
#include <gsl/gsl_vector.h>
#include <locale.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "colname.h"
#include "number.h"
#include "util.h"

/* ---------------------------------------------------------------- arena */

/* Records are stored back to back as NUL-terminated fields (the reader
 * rejects NUL bytes, so a NUL cannot occur inside a value), in blocks that
 * are never moved: growing costs no copy and little slack. */
typedef struct block {
    struct block *next;
    size_t len, cap, nrec;
    char data[];
} block;

#define BLOCK_MIN ((size_t)4 << 20)

/* A value the targets name (pointing into the targets). */
typedef struct dval {
    const char *s;
    size_t len;
} dval;

/* A value the targets do not name: its copy, how many have it, where first. */
typedef struct dunk {
    char *s;
    size_t count;
    long line;
} dunk;

/* A weighting column: its header index and the values the targets name. */
typedef struct dcol {
    const char *name;
    size_t hidx;
    dval *val;
    size_t nval, capval;
    size_t missing;
    long first_missing;
    dunk *unk;
    size_t nunk, capunk;
} dcol;

#define MAX_UNKNOWN 64

struct pk_weight_sample {
    char *name;
    size_t ncols;
    char **colnames;
    char *weight_name;
    size_t n;
    block *head, *tail;
    double *base;
    size_t nmargin;
    uint16_t **code;
    size_t *ncat;
    size_t *missing;
    char delim;
};

static int oom(pk_err *err)
{
    return pk_err_set(err, PK_ENOMEM, "out of memory");
}

/* A record is stored as a tag byte, then either (REC_PLAIN) its canonical
 * text, fields joined by the delimiter, NUL-terminated, written back with
 * one fwrite; or (REC_FIELDS) its fields, each NUL-terminated, written back
 * field by field through the writer, which quotes them. */
enum { REC_PLAIN = 'P', REC_FIELDS = 'F' };

static int arena_add(pk_weight_sample *s, const pk_csv_reader *r, char delim)
{
    size_t len;
    const char *span = pk_csv_reader_record_span(r, &len);
    if (!span)
        return 0;
    size_t need = 1 + len;
    block *b = s->tail;
    if (!b || b->cap - b->len < need) {
        size_t cap = need > BLOCK_MIN ? need : BLOCK_MIN;
        block *nb = malloc(sizeof *nb + cap);
        if (!nb)
            return -1;
        nb->next = NULL;
        nb->len = 0;
        nb->cap = cap;
        nb->nrec = 0;
        if (b)
            b->next = nb;
        else
            s->head = nb;
        s->tail = b = nb;
    }
    /* The record's fields are copied at once. If no byte in them could
     * make the writer quote a value, the NUL after each field but the last
     * becomes the delimiter: that is the record's canonical text, written
     * back with one fwrite. Otherwise (rare) they stay NUL-separated and go
     * through the writer (0xEF: the lead byte of U+FEFF, quoted at a value's
     * start). memchr scans are far faster than a byte loop. */
    char *p = b->data + b->len;
    memcpy(p + 1, span, len);
    int quoted = memchr(span, delim, len) || memchr(span, '"', len) || memchr(span, '\r', len) ||
                 memchr(span, '\n', len) || memchr(span, 0xEF, len);
    if (quoted) {
        p[0] = REC_FIELDS;
    } else {
        p[0] = REC_PLAIN;
        char *q = p + 1;
        for (size_t i = 0, nf = pk_csv_reader_nfields(r); i + 1 < nf; i++) {
            q = rawmemchr(q, '\0');
            *q++ = delim;
        }
    }
    b->len += need;
    b->nrec++;
    return 0;
}

/* ------------------------------------------------------------- loading */

void pk_weight_sample_free(pk_weight_sample *s)
{
    if (!s)
        return;
    free(s->name);
    if (s->colnames)
        for (size_t i = 0; i < s->ncols; i++)
            free(s->colnames[i]);
    free(s->colnames);
    free(s->weight_name);
    for (block *b = s->head, *nx; b; b = nx) {
        nx = b->next;
        free(b);
    }
    free(s->base);
    if (s->code)
        for (size_t j = 0; j < s->nmargin; j++)
            free(s->code[j]);
    free(s->code);
    free(s->ncat);
    free(s->missing);
    free(s);
}

size_t pk_weight_sample_n(const pk_weight_sample *s)
{
    return s->n;
}

uint16_t pk_weight_sample_code(const pk_weight_sample *s, size_t j, size_t i)
{
    return s->code[j][i];
}

double pk_weight_sample_base(const pk_weight_sample *s, size_t i)
{
    return s->base ? s->base[i] : 1.0;
}

size_t pk_weight_sample_missing(const pk_weight_sample *s, size_t j)
{
    return s->missing[j];
}

static void dcols_free(dcol *d, size_t nd)
{
    if (!d)
        return;
    for (size_t i = 0; i < nd; i++) {
        free(d[i].val);
        for (size_t u = 0; u < d[i].nunk; u++)
            free(d[i].unk[u].s);
        free(d[i].unk);
    }
    free(d);
}

/* Index of `name` among the weighting columns, adding it if new. */
static long dcol_index(dcol **d, size_t *nd, size_t *cap, const char *name, size_t hidx)
{
    for (size_t i = 0; i < *nd; i++)
        if (strcmp((*d)[i].name, name) == 0)
            return (long)i;
    if (pk_util_grow((void **)d, cap, *nd + 1, sizeof **d))
        return -1;
    (*d)[*nd] = (dcol){.name = name, .hidx = hidx};
    return (long)(*nd)++;
}

static inline long dcol_lookup(const dcol *d, const char *v, size_t len)
{
    for (size_t i = 0; i < d->nval; i++)
        if (d->val[i].len == len && memcmp(d->val[i].s, v, len) == 0)
            return (long)i;
    return -1;
}

static long dcol_value(dcol *d, const char *v)
{
    size_t len = strlen(v);
    long i = dcol_lookup(d, v, len);
    if (i >= 0)
        return i;
    if (pk_util_grow((void **)&d->val, &d->capval, d->nval + 1, sizeof *d->val))
        return -1;
    d->val[d->nval] = (dval){v, len};
    return (long)d->nval++;
}

static int dcol_unknown(dcol *d, const char *v, size_t len, long line)
{
    for (size_t u = 0; u < d->nunk; u++)
        if (strlen(d->unk[u].s) == len && memcmp(d->unk[u].s, v, len) == 0) {
            d->unk[u].count++;
            return 0;
        }
    if (d->nunk >= MAX_UNKNOWN) /* enough to report the first one */
        return 0;
    char *copy = malloc(len + 1);
    if (!copy || pk_util_grow((void **)&d->unk, &d->capunk, d->nunk + 1, sizeof *d->unk)) {
        free(copy);
        return -1;
    }
    memcpy(copy, v, len);
    copy[len] = '\0';
    d->unk[d->nunk++] = (dunk){copy, 1, line};
    return 0;
}

/* Respondents with a combination of values the targets do not name. */
typedef struct dabsent {
    size_t count;
    long line;          /* the first */
} dabsent;

/* Per margin: its columns (dcol indices), and the table from the mixed-radix
 * combination of value indices to the category (-1: not in the targets). */
typedef struct mtab {
    size_t ncol;
    size_t *dc;
    size_t *radix;
    size_t size;
    long *cat;
    dabsent *absent;     /* per combination not in the targets */
} mtab;

static void mtabs_free(mtab *m, size_t nm)
{
    if (!m)
        return;
    for (size_t j = 0; j < nm; j++) {
        free(m[j].dc);
        free(m[j].radix);
        free(m[j].cat);
        free(m[j].absent);
    }
    free(m);
}

static int setup_codes(const pk_csv_reader *r, const pk_targets *t, dcol **dout, size_t *ndout,
                       mtab **mout, pk_err *err)
{
    dcol *d = NULL;
    size_t nd = 0, dcap = 0;
    mtab *mt = calloc(t->nmargin, sizeof *mt);
    if (!mt)
        return oom(err);
    *mout = mt;
    for (size_t j = 0; j < t->nmargin; j++) {
        const pk_targets_margin *m = &t->m[j];
        mt[j].ncol = m->ncol;
        mt[j].dc = calloc(m->ncol, sizeof *mt[j].dc);
        mt[j].radix = calloc(m->ncol, sizeof *mt[j].radix);
        if (!mt[j].dc || !mt[j].radix)
            goto nomem;
        for (size_t c = 0; c < m->ncol; c++) {
            long h = pk_csv_reader_col(r, m->col[c]);
            if (h < 0) {
                char hint[PK_COLNAME_HINT_SIZE];
                pk_err_set(err, PK_EDATA, "%s:%ld: variable '%s' needs a column '%s', which %s lacks%s", t->path,
                           m->first_line, m->name, m->col[c], pk_csv_reader_name(r),
                           pk_csv_reader_hint(r, m->col[c], hint, sizeof hint));
                goto fail;
            }
            long di = dcol_index(&d, &nd, &dcap, m->col[c], (size_t)h);
            if (di < 0)
                goto nomem;
            mt[j].dc[c] = (size_t)di;
            for (size_t k = 0; k < m->ncat; k++)
                if (dcol_value(&d[di], m->cat[k].part[c]) < 0)
                    goto nomem;
        }
        if (m->ncat >= PK_MAX_CATEGORIES) {
            pk_err_set(err, PK_EDATA, "%s:%ld: variable '%s' has more than %d categories", t->path, m->first_line,
                       m->name, PK_MAX_CATEGORIES);
            goto fail;
        }
    }
    /* The dictionaries are complete only now; size the tables. */
    for (size_t j = 0; j < t->nmargin; j++) {
        const pk_targets_margin *m = &t->m[j];
        size_t size = 1;
        for (size_t c = 0; c < m->ncol; c++) {
            mt[j].radix[c] = d[mt[j].dc[c]].nval;
            if (size > ((size_t)1 << 26) / mt[j].radix[c]) {
                pk_err_set(err, PK_EDATA, "%s:%ld: interlocked variable '%s' has too many combinations", t->path,
                           m->first_line, m->name);
                goto fail;
            }
            size *= mt[j].radix[c];
        }
        mt[j].size = size;
        mt[j].cat = malloc(size * sizeof *mt[j].cat);
        mt[j].absent = calloc(size, sizeof *mt[j].absent);
        if (!mt[j].cat || !mt[j].absent)
            goto nomem;
        for (size_t x = 0; x < size; x++)
            mt[j].cat[x] = -1;
        for (size_t k = 0; k < m->ncat; k++) {
            size_t x = 0;
            for (size_t c = 0; c < m->ncol; c++)
                x = x * mt[j].radix[c] + (size_t)dcol_lookup(&d[mt[j].dc[c]], m->cat[k].part[c], strlen(m->cat[k].part[c]));
            mt[j].cat[x] = (long)k;
        }
    }
    *dout = d;
    *ndout = nd;
    return 0;
nomem:
    oom(err);
fail:
    dcols_free(d, nd);
    return -1;
}

/* The value of combination x of margin j, "x:y", for messages. */
static void combo_text(char *buf, size_t size, const mtab *m, const dcol *d, size_t x)
{
    size_t idx[16] = {0};
    size_t nc = m->ncol < 16 ? m->ncol : 16;
    for (size_t c = m->ncol; c-- > 0;) {
        if (c < 16)
            idx[c] = x % m->radix[c];
        x /= m->radix[c];
    }
    size_t o = 0;
    buf[0] = '\0';
    for (size_t c = 0; c < nc && o < size; c++)
        o += (size_t)snprintf(buf + o, size - o, "%s%s", c ? ":" : "", d[m->dc[c]].val[idx[c]].s);
}

/* After reading: the first problem by input line, so the user sees the
 * earliest offending record. */
static int check_sample(pk_weight_sample *s, const pk_targets *t, const dcol *d, size_t nd, const mtab *mt,
                        int missing_keep, pk_err *err)
{
    char q[128];
    long best = 0;
    const dcol *bd = NULL;
    size_t bu = 0;
    for (size_t i = 0; i < nd; i++)
        for (size_t u = 0; u < d[i].nunk; u++)
            if (!bd || d[i].unk[u].line < best) {
                best = d[i].unk[u].line;
                bd = &d[i];
                bu = u;
            }
    if (bd) {
        /* Name the first margin that uses the column. */
        const char *var = bd->name;
        for (size_t j = 0; j < t->nmargin && var == bd->name; j++)
            for (size_t c = 0; c < t->m[j].ncol; c++)
                if (strcmp(t->m[j].col[c], bd->name) == 0) {
                    var = t->m[j].name;
                    break;
                }
        return pk_err_set(err, PK_EDATA, "%s:%ld:%s: category '%s' is not in the targets of '%s' (%zu respondent%s)",
                          s->name, best, bd->name, pk_err_quote(q, sizeof q, bd->unk[bu].s, strlen(bd->unk[bu].s)),
                          var, bd->unk[bu].count, bd->unk[bu].count == 1 ? "" : "s");
    }
    size_t bj = 0, bx = 0;
    int found = 0;
    for (size_t j = 0; j < t->nmargin; j++)
        for (size_t x = 0; x < mt[j].size; x++)
            if (mt[j].absent[x].count && (!found || mt[j].absent[x].line < best)) {
                found = 1;
                best = mt[j].absent[x].line;
                bj = j;
                bx = x;
            }
    if (found) {
        char combo[256];
        combo_text(combo, sizeof combo, &mt[bj], d, bx);
        return pk_err_set(err, PK_EDATA, "%s:%ld:%s: category '%s' is not in the targets of '%s' (%zu respondent%s)",
                          s->name, best, t->m[bj].name, pk_err_quote(q, sizeof q, combo, strlen(combo)),
                          t->m[bj].name, mt[bj].absent[bx].count, mt[bj].absent[bx].count == 1 ? "" : "s");
    }
    if (!missing_keep) {
        bd = NULL;
        for (size_t i = 0; i < nd; i++)
            if (d[i].missing && (!bd || d[i].first_missing < bd->first_missing))
                bd = &d[i];
        if (bd)
            return pk_err_set(err, PK_EDATA,
                              "%s:%ld:%s: %zu respondent%s no value for '%s' (the first on this line); "
                              "--missing keep leaves them out of that margin",
                              s->name, bd->first_missing, bd->name, bd->missing, bd->missing == 1 ? " has" : "s have",
                              bd->name);
    }
    if (s->n == 0)
        return pk_err_set(err, PK_EDATA, "%s: no respondents to weight", s->name);
    /* Every category with a positive target needs someone (with a positive
     * base weight) to carry it; a zero target would zero its respondents. */
    for (size_t j = 0; j < t->nmargin; j++) {
        const pk_targets_margin *m = &t->m[j];
        size_t *cnt = calloc(m->ncat, sizeof *cnt);
        double *wsum = calloc(m->ncat, sizeof *wsum);
        if (!cnt || !wsum) {
            free(cnt);
            free(wsum);
            return oom(err);
        }
        for (size_t i = 0; i < s->n; i++) {
            uint16_t c = s->code[j][i];
            if (c != PK_CODE_MISSING) {
                cnt[c]++;
                wsum[c] += pk_weight_sample_base(s, i);
            }
        }
        int rc = 0;
        for (size_t k = 0; k < m->ncat && !rc; k++) {
            char b[PK_NUMBER_BUFSIZE];
            if (m->cat[k].target > 0 && cnt[k] == 0)
                rc = pk_err_set(err, PK_EDATA, "%s:%ld: no respondents in category '%s' of '%s', whose target is %s",
                                t->path, m->cat[k].line, m->cat[k].name, m->name, pk_number_format(b, m->cat[k].target, 10));
            else if (m->cat[k].target > 0 && !(wsum[k] > 0))
                rc = pk_err_set(err, PK_EDATA,
                                "%s:%ld: no respondents with a positive base weight in category '%s' of '%s'",
                                t->path, m->cat[k].line, m->cat[k].name, m->name);
            else if (m->cat[k].target == 0 && cnt[k] > 0)
                rc = pk_err_set(err, PK_EDATA,
                                "%s:%ld: target 0 for category '%s' of '%s', but %zu respondents have it "
                                "(leave them out of the input, or give a positive share)",
                                t->path, m->cat[k].line, m->cat[k].name, m->name, cnt[k]);
        }
        free(cnt);
        free(wsum);
        if (rc)
            return rc;
    }
    return 0;
}

/* The state of one reading: the weighting columns' dictionaries, the
 * margins' tables, the value indices of the current record's weighting
 * columns (-1 missing, -2 not in the targets), the base weight's column and
 * the smallest positive and the largest base weight, with their lines. */
typedef struct reading {
    dcol *d;
    size_t nd;
    mtab *mt;
    size_t nmargin;
    long *vcode;
    size_t cap;         /* rows the code (and base) arrays hold */
    long bcol;
    double bmin, bmax;
    long bmin_line, bmax_line;
} reading;

static void reading_free(reading *rd)
{
    free(rd->vcode);
    dcols_free(rd->d, rd->nd);
    mtabs_free(rd->mt, rd->nmargin);
}

/* The sample's names and per-margin arrays, before any record. */
static pk_weight_sample *sample_new(const pk_csv_reader *r, const pk_targets *t, const pk_weight_sample_opts *o)
{
    pk_weight_sample *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->name = strdup(pk_csv_reader_name(r));
    s->weight_name = strdup(o->weight_name ? o->weight_name : "weight");
    s->ncols = pk_csv_reader_ncols(r);
    s->delim = o->delim ? o->delim : ',';
    s->colnames = calloc(s->ncols, sizeof *s->colnames);
    s->nmargin = t->nmargin;
    s->code = calloc(t->nmargin, sizeof *s->code);
    s->ncat = calloc(t->nmargin, sizeof *s->ncat);
    s->missing = calloc(t->nmargin, sizeof *s->missing);
    if (!s->name || !s->weight_name || !s->colnames || !s->code || !s->ncat || !s->missing)
        goto nomem;
    for (size_t i = 0; i < s->ncols; i++)
        if (!(s->colnames[i] = strdup(pk_csv_reader_colname(r, i))))
            goto nomem;
    for (size_t j = 0; j < t->nmargin; j++)
        s->ncat[j] = t->m[j].ncat;
    return s;
nomem:
    pk_weight_sample_free(s);
    return NULL;
}

/* The header's checks: no column already named like the weight, and the
 * base weight's column (*bcol, -1 without --base-weight). */
static int find_columns(const pk_weight_sample *s, const pk_csv_reader *r, const pk_weight_sample_opts *o, long *bcol,
                        pk_err *err)
{
    long hline = pk_csv_reader_header_line(r);
    if (pk_csv_reader_col(r, s->weight_name) >= 0)
        return pk_err_set(err, PK_EDATA,
                          "%s:%ld: the input already has a column named '%s' (choose another with --weight-name)",
                          s->name, hline, s->weight_name);
    *bcol = -1;
    if (o->base_weight) {
        *bcol = pk_csv_reader_col(r, o->base_weight);
        if (*bcol < 0) {
            char hint[PK_COLNAME_HINT_SIZE];
            return pk_err_set(err, PK_EDATA, "%s:%ld: no column named '%s' for --base-weight%s", s->name, hline,
                              o->base_weight, pk_csv_reader_hint(r, o->base_weight, hint, sizeof hint));
        }
    }
    return 0;
}

/* Room for one more row in the code (and base) arrays, doubling. */
static int sample_grow(pk_weight_sample *s, reading *rd)
{
    if (s->n < rd->cap)
        return 0;
    size_t nc = rd->cap ? rd->cap * 2 : 4096;
    for (size_t j = 0; j < s->nmargin; j++) {
        uint16_t *c2 = realloc(s->code[j], nc * sizeof *c2);
        if (!c2)
            return -1;
        s->code[j] = c2;
    }
    if (rd->bcol >= 0) {
        double *b2 = realloc(s->base, nc * sizeof *b2);
        if (!b2)
            return -1;
        s->base = b2;
    }
    rd->cap = nc;
    return 0;
}

/* The current record's category code in every margin, counting missing
 * values and values the targets do not name. Returns -1 when out of memory. */
static int record_codes(pk_weight_sample *s, const pk_csv_reader *r, reading *rd, long line)
{
    dcol *d = rd->d;
    long *vcode = rd->vcode;
    for (size_t c = 0; c < rd->nd; c++) {
        const char *v = pk_csv_reader_field(r, d[c].hidx);
        size_t len = pk_csv_reader_field_len(r, d[c].hidx);
        if (len == 0) {
            vcode[c] = -1;
            if (d[c].missing++ == 0)
                d[c].first_missing = line;
            continue;
        }
        vcode[c] = dcol_lookup(&d[c], v, len);
        if (vcode[c] < 0) {
            vcode[c] = -2;
            if (dcol_unknown(&d[c], v, len, line))
                return -1;
        }
    }
    for (size_t j = 0; j < s->nmargin; j++) {
        mtab *mt = &rd->mt[j];
        size_t x = 0;
        uint16_t code = PK_CODE_MISSING;
        int miss = 0, unknown = 0;
        for (size_t c = 0; c < mt->ncol; c++) {
            long v = vcode[mt->dc[c]];
            if (v == -1)
                miss = 1;
            else if (v == -2)
                unknown = 1;
            else
                x = x * mt->radix[c] + (size_t)v;
        }
        if (miss)
            s->missing[j]++;
        else if (!unknown) {
            long k = mt->cat[x];
            if (k < 0) {
                if (mt->absent[x].count++ == 0)
                    mt->absent[x].line = line;
            } else
                code = (uint16_t)k;
        }
        s->code[j][s->n] = code;
    }
    return 0;
}

/* The current record's base weight, which must be a number >= 0. */
static int record_base(pk_weight_sample *s, const pk_csv_reader *r, const pk_weight_sample_opts *o, reading *rd,
                       long line, pk_err *err)
{
    const char *v = pk_csv_reader_field(r, (size_t)rd->bcol);
    double b;
    char q[128];
    if (v[0] == '\0')
        return pk_err_set(err, PK_EDATA, "%s:%ld:%s: no base weight", s->name, line, o->base_weight);
    int bad = pk_number_parse(v, &b);
    if (bad)
        return pk_err_set(err, PK_EDATA, "%s:%ld:%s: base weight '%s' is %s", s->name, line, o->base_weight,
                          pk_err_quote(q, sizeof q, v, strlen(v)), pk_number_problem(bad));
    if (b < 0)
        return pk_err_set(err, PK_EDATA, "%s:%ld:%s: negative base weight %s", s->name, line, o->base_weight, v);
    s->base[s->n] = b;
    if (b > 0 && b < rd->bmin) {
        rd->bmin = b;
        rd->bmin_line = line;
    }
    if (b > rd->bmax) {
        rd->bmax = b;
        rd->bmax_line = line;
    }
    return 0;
}

/* After reading: base weights that are not all zero, and not so spread
 * that the smallest lose their digits. */
static int check_base(const pk_weight_sample *s, const pk_weight_sample_opts *o, const reading *rd, pk_err *err)
{
    if (rd->bcol < 0)
        return 0;
    if (s->n > 0 && rd->bmax == 0)
        return pk_err_set(err, PK_EDATA, "%s:%s: all base weights are zero", s->name, o->base_weight);
    /* Beyond this spread the smallest weights lose their digits next to
     * the largest in every sum, and scaled to a mean of 1 they can fall
     * below the smallest normal number, which no reader takes back. */
    if (rd->bmax / rd->bmin > PK_BASE_RATIO_MAX) {
        char b1[PK_NUMBER_BUFSIZE], b2[PK_NUMBER_BUFSIZE];
        return pk_err_set(err, PK_EDATA,
                          "%s:%ld:%s: base weight %s is more than 1e12 times smaller than the largest, %s "
                          "(line %ld); check the column (a zero base weight leaves a respondent out)",
                          s->name, rd->bmin_line, o->base_weight, pk_number_format(b1, rd->bmin, 6),
                          pk_number_format(b2, rd->bmax, 6), rd->bmax_line);
    }
    return 0;
}

pk_weight_sample *pk_weight_sample_read(pk_csv_reader *r, const pk_targets *t, const pk_weight_sample_opts *o, pk_err *err)
{
    reading rd = {.nmargin = t->nmargin, .bmin = INFINITY};
    pk_weight_sample *s = sample_new(r, t, o);
    if (!s)
        goto nomem;
    if (find_columns(s, r, o, &rd.bcol, err) || setup_codes(r, t, &rd.d, &rd.nd, &rd.mt, err))
        goto fail;
    rd.vcode = malloc((rd.nd ? rd.nd : 1) * sizeof *rd.vcode);
    if (!rd.vcode)
        goto nomem;
    int got;
    while ((got = pk_csv_reader_next(r, err)) == 1) {
        long line = pk_csv_reader_line(r);
        if (sample_grow(s, &rd) || record_codes(s, r, &rd, line))
            goto nomem;
        if (rd.bcol >= 0 && record_base(s, r, o, &rd, line, err))
            goto fail;
        if (arena_add(s, r, s->delim))
            goto nomem;
        s->n++;
    }
    if (got < 0 || check_base(s, o, &rd, err) || check_sample(s, t, rd.d, rd.nd, rd.mt, o->missing_keep, err))
        goto fail;
    reading_free(&rd);
    return s;
nomem:
    oom(err);
fail:
    reading_free(&rd);
    pk_weight_sample_free(s);
    return NULL;
}

void pk_weight_sample_write(const pk_weight_sample *s, const double *w, pk_csv_writer *wr)
{
    for (size_t c = 0; c < s->ncols; c++)
        pk_csv_writer_field(wr, s->colnames[c]);
    pk_csv_writer_field(wr, s->weight_name);
    pk_csv_writer_end(wr);
    size_t i = 0;
    for (const block *b = s->head; b; b = b->next) {
        const char *p = b->data;
        for (size_t rec = 0; rec < b->nrec; rec++, i++) {
            if (*p++ == REC_PLAIN && wr->delim == s->delim) {
                size_t len = strlen(p);
                fwrite_unlocked(p, 1, len, wr->f);
                p += len + 1;
                /* The writer's state after those fields. */
                wr->at_start = 0;
                wr->lone_empty = 0;
            } else if (p[-1] == REC_PLAIN) {
                /* Written with another delimiter than it was read with. */
                for (size_t c = 0; c < s->ncols; c++) {
                    const char *end = c + 1 < s->ncols ? strchr(p, s->delim) : p + strlen(p);
                    pk_csv_writer_field_n(wr, p, (size_t)(end - p));
                    p = end + 1;
                }
            } else {
                for (size_t c = 0; c < s->ncols; c++) {
                    size_t len = strlen(p);
                    pk_csv_writer_field_n(wr, p, len);
                    p += len + 1;
                }
            }
            pk_csv_writer_double(wr, w[i], PK_DIGITS_WEIGHT);
            pk_csv_writer_end(wr);
        }
    }
}

/* -------------------------------------------------------------- raking */

/* Weighted totals per category of the margins in [from, to), using w. */
static void margin_sums(size_t n, const uint16_t *const *codes, double *const *sums, const size_t *ncat,
                        size_t from, size_t to, const double *w)
{
    for (size_t j = from; j < to; j++)
        memset(sums[j], 0, ncat[j] * sizeof *sums[j]);
    for (size_t j = from; j < to; j++) {
        const uint16_t *cj = codes[j];
        double *sj = sums[j];
        for (size_t i = 0; i < n; i++)
            if (cj[i] != PK_CODE_MISSING)
                sj[cj[i]] += w[i];
    }
}

static double gap_from_sums(size_t nmargin, double *const *sums, const size_t *ncat, const double *const *target)
{
    double gap = 0;
    for (size_t j = 0; j < nmargin; j++) {
        double tot = 0;
        for (size_t k = 0; k < ncat[j]; k++)
            tot += sums[j][k];
        for (size_t k = 0; k < ncat[j]; k++) {
            double g = tot > 0 ? fabs(sums[j][k] / tot - target[j][k]) : target[j][k];
            if (!(g <= gap))
                gap = g;
        }
    }
    return gap;
}

static double **alloc_sums(size_t nmargin, const size_t *ncat)
{
    size_t tot = 0;
    for (size_t j = 0; j < nmargin; j++)
        tot += ncat[j];
    double **s = malloc(nmargin * sizeof *s + tot * sizeof **s + sizeof(double));
    if (!s)
        return NULL;
    /* One allocation: the pointer table, then the sums (aligned for double). */
    size_t off = (nmargin * sizeof *s + sizeof(double) - 1) / sizeof(double) * sizeof(double);
    double *p = (double *)((char *)s + off);
    for (size_t j = 0; j < nmargin; j++) {
        s[j] = p;
        p += ncat[j];
    }
    return s;
}

double pk_weight_margin_gap(size_t n, size_t nmargin, const uint16_t *const *codes, const size_t *ncat,
                     const double *const *target, const double *w)
{
    double **sums = alloc_sums(nmargin, ncat);
    if (!sums)
        return NAN;
    margin_sums(n, codes, sums, ncat, 0, nmargin, w);
    double gap = gap_from_sums(nmargin, sums, ncat, target);
    free(sums);
    return gap;
}

int pk_weight_rake(size_t n, size_t nmargin, const uint16_t *const *codes, const size_t *ncat,
            const double *const *target, double *w, double tol, long max_iter, long *sweeps, double *max_gap)
{
    double **sums = alloc_sums(nmargin, ncat);
    size_t maxcat = 1;
    for (size_t j = 0; j < nmargin; j++)
        if (ncat[j] > maxcat)
            maxcat = ncat[j];
    double *f = malloc(maxcat * sizeof *f);
    if (!sums || !f) {
        free(sums);
        free(f);
        return -1;
    }
    margin_sums(n, codes, sums, ncat, 0, nmargin, w);
    double gap = gap_from_sums(nmargin, sums, ncat, target);
    long sweep = 0;
    /* Each pass applies margin j's factors and, with the new weights,
     * accumulates the next margin's totals (after the last margin, every
     * margin's, for the stop rule): one pass over the data per margin. */
    while (!(gap < tol) && sweep < max_iter) {
        sweep++;
        for (size_t j = 0; j < nmargin; j++) {
            double tot = 0;
            for (size_t k = 0; k < ncat[j]; k++)
                tot += sums[j][k];
            for (size_t k = 0; k < ncat[j]; k++)
                f[k] = sums[j][k] > 0 ? target[j][k] * tot / sums[j][k] : 1.0;
            const uint16_t *cj = codes[j];
            if (j + 1 < nmargin) {
                const uint16_t *cn = codes[j + 1];
                double *sn = sums[j + 1];
                memset(sn, 0, ncat[j + 1] * sizeof *sn);
                for (size_t i = 0; i < n; i++) {
                    if (cj[i] != PK_CODE_MISSING)
                        w[i] *= f[cj[i]];
                    if (cn[i] != PK_CODE_MISSING)
                        sn[cn[i]] += w[i];
                }
            } else {
                for (size_t i = 0; i < n; i++)
                    if (cj[i] != PK_CODE_MISSING)
                        w[i] *= f[cj[i]];
                margin_sums(n, codes, sums, ncat, 0, nmargin, w);
            }
        }
        gap = gap_from_sums(nmargin, sums, ncat, target);
    }
    free(sums);
    free(f);
    *sweeps = sweep;
    *max_gap = gap;
    return gap < tol ? 0 : 1;
}

/* ------------------------------------------------------------- capping */

static double mean_of(const double *w, size_t n)
{
    double s = 0;
    for (size_t i = 0; i < n; i++)
        s += w[i];
    return s / (double)n;
}

static int caps_hold(const double *w, size_t n, double lo, double hi)
{
    double m = mean_of(w, n);
    for (size_t i = 0; i < n; i++)
        if (w[i] > 0 && (w[i] < lo * m * (1 - PK_CAP_SLACK) || w[i] > hi * m * (1 + PK_CAP_SLACK)))
            return 0;
    return 1;
}

/* Clip positive weights to [lo m, hi m] where m is the mean of the clipped
 * weights themselves (found by fixed-point iteration), so the caps hold
 * relative to the mean the weights end with. Zero weights stay zero. */
static void clip_to_mean(double *w, size_t n, double lo, double hi)
{
    double m = mean_of(w, n);
    for (int it = 0; it < 200; it++) {
        double s = 0;
        for (size_t i = 0; i < n; i++) {
            double v = w[i];
            if (v > 0)
                v = v < lo * m ? lo * m : v > hi * m ? hi * m : v;
            s += v;
        }
        double m2 = s / (double)n;
        int done = fabs(m2 - m) <= 1e-15 * m;
        m = m2;
        if (done)
            break;
    }
    for (size_t i = 0; i < n; i++)
        if (w[i] > 0)
            w[i] = w[i] < lo * m ? lo * m : w[i] > hi * m ? hi * m : w[i];
}

static inline double clamp(double v, double lo, double hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

/* One capped raking step for margin j, the caps [lo, hi] times the mean
 * weight: for each category k find the factor f_k with
 *   sum over k of clamp(f_k w_i, lo, hi) = share_k x (weight with a value),
 * then apply it. The left side is piecewise linear and increasing in f_k;
 * solving the linear piece the current f_k is on, and bisecting when that
 * jumps out of the bracket, finds it in a few passes. A category that
 * cannot reach its share within the caps ends with all its weights at the
 * nearer cap (the margin then stays off and raking fails to converge). */
static int capped_step(size_t n, const uint16_t *cj, size_t K, const double *target, double *w, double lo, double hi)
{
    double *f = malloc(K * 6 * sizeof *f);
    if (!f)
        return -1;
    double *T = f + K, *fa = f + 2 * K, *fb = f + 3 * K, *freew = f + 4 * K, *fixedw = f + 5 * K;
    size_t *cnt = calloc(K + 1, sizeof *cnt);
    char *done = calloc(K + 1, 1);
    if (!cnt || !done) {
        free(f);
        free(cnt);
        free(done);
        return -1;
    }
    double wv = 0, all = 0;
    for (size_t k = 0; k < K; k++)
        freew[k] = 0;
    for (size_t i = 0; i < n; i++) {
        all += w[i];
        if (cj[i] != PK_CODE_MISSING && w[i] > 0) {
            freew[cj[i]] += w[i];
            cnt[cj[i]]++;
            wv += w[i];
        }
    }
    /* The caps are relative to the mean, which stays 1 while every
     * category can reach its share; when one cannot, the total drifts and
     * the caps must follow it, or the drift would make them meet. */
    double mean = all / (double)n;
    lo *= mean;
    hi *= mean;
    for (size_t k = 0; k < K; k++) {
        T[k] = target[k] * wv;
        fa[k] = 0;
        fb[k] = INFINITY;
        if (cnt[k] == 0 || !(freew[k] > 0)) {
            f[k] = 1;
            done[k] = 1;
        } else if (T[k] >= hi * (double)cnt[k]) {
            f[k] = INFINITY; /* everyone at the upper cap */
            done[k] = 1;
        } else if (T[k] <= lo * (double)cnt[k]) {
            f[k] = 0; /* everyone at the lower cap */
            done[k] = 1;
        } else
            f[k] = T[k] / freew[k];
    }
    for (int pass = 0; pass < 200; pass++) {
        int pending = 0;
        for (size_t k = 0; k < K; k++)
            pending |= !done[k];
        if (!pending)
            break;
        for (size_t k = 0; k < K; k++)
            freew[k] = fixedw[k] = 0;
        for (size_t i = 0; i < n; i++) {
            uint16_t c = cj[i];
            if (c == PK_CODE_MISSING || done[c] || !(w[i] > 0))
                continue;
            double v = f[c] * w[i];
            if (v <= lo)
                fixedw[c] += lo;
            else if (v >= hi)
                fixedw[c] += hi;
            else
                freew[c] += w[i];
        }
        for (size_t k = 0; k < K; k++) {
            if (done[k])
                continue;
            double h = f[k] * freew[k] + fixedw[k];
            if (fabs(h - T[k]) <= 1e-14 * T[k]) {
                done[k] = 1;
                continue;
            }
            if (h < T[k])
                fa[k] = f[k];
            else
                fb[k] = f[k];
            double nf = freew[k] > 0 ? (T[k] - fixedw[k]) / freew[k] : NAN;
            if (!(nf > fa[k] && nf < fb[k]))
                nf = isfinite(fb[k]) ? (fa[k] + fb[k]) / 2 : 2 * f[k];
            if (nf == f[k])
                done[k] = 1;
            f[k] = nf;
        }
    }
    for (size_t i = 0; i < n; i++) {
        uint16_t c = cj[i];
        if (c != PK_CODE_MISSING && w[i] > 0)
            w[i] = isinf(f[c]) ? hi : clamp(f[c] * w[i], lo, hi);
    }
    free(f);
    free(cnt);
    free(done);
    return 0;
}

/* Raking with the caps held: weights at mean 1 on entry, every margin step
 * capped (capped_step), until the margins are within tol. */
static int rake_capped(size_t n, size_t nmargin, const uint16_t *const *codes, const size_t *ncat,
                       const double *const *target, double *w, double lo, double hi, double tol, long max_iter,
                       long *sweeps, double *max_gap)
{
    long sweep = 0;
    double gap = pk_weight_margin_gap(n, nmargin, codes, ncat, target, w);
    while (!(gap < tol) && sweep < max_iter) {
        sweep++;
        for (size_t j = 0; j < nmargin; j++)
            if (capped_step(n, codes[j], ncat[j], target[j], w, lo, hi))
                return -1;
        gap = pk_weight_margin_gap(n, nmargin, codes, ncat, target, w);
        if (isnan(gap))
            return -1;
    }
    *sweeps = sweep;
    *max_gap = gap;
    return gap < tol ? 0 : 1;
}

/* --------------------------------------------------------- calibration */

typedef struct calfun {
    int logit;
    double L, U, A;
} calfun;

/* survey's cal.linear and cal.logit: Fm1 (g - 1 as a function of x'eta)
 * and its derivative dF, written as R writes them so that overflow gives
 * the same non-finite values that trigger step halving. */
static double cal_Fm1(const calfun *cf, double u)
{
    if (!cf->logit) {
        double v = u + 1;
        if (v < cf->L)
            v = cf->L;
        if (v > cf->U)
            v = cf->U;
        return v - 1;
    }
    double L = cf->L, U = cf->U, eAu = exp(cf->A * u);
    return (L * (U - 1) + U * (1 - L) * eAu) / (U - 1 + (1 - L) * eAu) - 1;
}

static double cal_dF(const calfun *cf, double u)
{
    if (!cf->logit)
        return (u < cf->U - 1 && u > cf->L - 1) ? 1.0 : 0.0;
    double L = cf->L, U = cf->U, A = cf->A, eAu = exp(A * u);
    double den = U - 1 + (1 - L) * eAu;
    return U * (1 - L) * eAu * A / den - ((L * (U - 1) + U * (1 - L) * eAu) * ((1 - L) * eAu * A)) / (den * den);
}

/* The model matrix, never stored: row i is the intercept then, per margin,
 * the vector vec[j][code] (length ncat[j] - 1). A margin without missing
 * values uses treatment contrasts (first category is the reference), as
 * model.matrix() does, with population totals share x N. A margin with
 * missing values kept uses 1[code = k] - share_k for its respondents with a
 * value (0 otherwise), population total 0: weighted shares among those
 * with a value hit the targets, whatever their weighted number. */
typedef struct design {
    size_t p;
    size_t nmargin;
    size_t *off;        /* first column of margin j */
    size_t *width;      /* ncat[j] - 1 */
    double **vec;       /* vec[j][c * width + k], c = ncat[j] for missing */
    int *dense;         /* centred coding */
    double *pop;
} design;

static void design_free(design *dz)
{
    free(dz->off);
    free(dz->width);
    if (dz->vec)
        for (size_t j = 0; j < dz->nmargin; j++)
            free(dz->vec[j]);
    free(dz->vec);
    free(dz->dense);
    free(dz->pop);
}

static int design_init(design *dz, const pk_weight_sample *s, const pk_targets *t)
{
    memset(dz, 0, sizeof *dz);
    size_t M = t->nmargin;
    dz->nmargin = M;
    dz->off = calloc(M, sizeof *dz->off);
    dz->width = calloc(M, sizeof *dz->width);
    dz->vec = calloc(M, sizeof *dz->vec);
    dz->dense = calloc(M, sizeof *dz->dense);
    if (!dz->off || !dz->width || !dz->vec || !dz->dense)
        return -1;
    size_t p = 1;
    for (size_t j = 0; j < M; j++) {
        dz->off[j] = p;
        dz->width[j] = t->m[j].ncat - 1;
        p += dz->width[j];
    }
    dz->p = p;
    dz->pop = calloc(p, sizeof *dz->pop);
    if (!dz->pop)
        return -1;
    double N = (double)s->n;
    dz->pop[0] = N;
    for (size_t j = 0; j < M; j++) {
        size_t K = t->m[j].ncat, wd = dz->width[j];
        dz->dense[j] = s->missing[j] > 0;
        dz->vec[j] = calloc((K + 1) * (wd ? wd : 1), sizeof(double));
        if (!dz->vec[j])
            return -1;
        for (size_t c = 0; c < K; c++)
            for (size_t k = 0; k < wd; k++) {
                double ind = (c == k + 1) ? 1.0 : 0.0;
                dz->vec[j][c * wd + k] = dz->dense[j] ? ind - t->m[j].cat[k + 1].target : ind;
            }
        for (size_t k = 0; k < wd; k++)
            dz->pop[dz->off[j] + k] = dz->dense[j] ? 0.0 : t->m[j].cat[k + 1].target * N;
    }
    return 0;
}

/* Non-zero entries of row i: indices and values into idx/val; returns count. */
static size_t design_row(const design *dz, const pk_weight_sample *s, size_t i, size_t *idx, double *val)
{
    size_t nz = 0;
    idx[nz] = 0;
    val[nz++] = 1.0;
    for (size_t j = 0; j < dz->nmargin; j++) {
        size_t wd = dz->width[j];
        uint16_t c = s->code[j][i];
        size_t cc = c == PK_CODE_MISSING ? s->ncat[j] : c;
        const double *v = dz->vec[j] + cc * wd;
        for (size_t k = 0; k < wd; k++)
            if (v[k] != 0) {
                idx[nz] = dz->off[j] + k;
                val[nz++] = v[k];
            }
    }
    return nz;
}

/* The calibration's working storage: the design, the multipliers eta (and
 * the step deta), per row x'eta, g and dF, the misfit, and scratch for one
 * design row and the SVD. */
typedef struct calws {
    const pk_weight_sample *s;
    const double *d;        /* design (base) weights */
    calfun cf;
    design dz;
    size_t n, p;
    double *eta, *eta_met, *deta, *misfit, *u;
    double *val;            /* one design row: values ... */
    size_t *idx;            /* ... and their columns */
    double *xeta, *g, *der, *wcur;
    gsl_matrix *T, *V;
    gsl_vector *S, *work;
} calws;

static void calws_free(calws *c)
{
    design_free(&c->dz);
    free(c->eta);
    free(c->eta_met);
    free(c->deta);
    free(c->misfit);
    free(c->val);
    free(c->idx);
    free(c->u);
    free(c->xeta);
    free(c->g);
    free(c->der);
    free(c->wcur);
    gsl_matrix_free(c->T);
    gsl_matrix_free(c->V);
    gsl_vector_free(c->S);
    gsl_vector_free(c->work);
}

/* Returns -1 when out of memory (c is then still safe to free). */
static int calws_init(calws *c, const pk_weight_sample *s, const pk_targets *t, const pk_weight_opts *o,
                      const double *d)
{
    memset(c, 0, sizeof *c);
    c->s = s;
    c->d = d;
    c->n = s->n;
    c->cf = (calfun){0, -INFINITY, INFINITY, 0};
    if (o->has_bounds) {
        c->cf.L = o->bound_lo;
        c->cf.U = o->bound_hi;
    }
    if (o->method == PK_METHOD_LOGIT) {
        c->cf.logit = 1;
        c->cf.A = (c->cf.U - c->cf.L) / ((c->cf.U - 1) * (1 - c->cf.L));
    }
    if (design_init(&c->dz, s, t))
        return -1;
    size_t n = c->n, p = c->p = c->dz.p;
    c->eta = calloc(p, sizeof *c->eta);
    c->eta_met = calloc(p, sizeof *c->eta_met);
    c->deta = calloc(p, sizeof *c->deta);
    c->misfit = calloc(p, sizeof *c->misfit);
    c->val = calloc(p, sizeof *c->val);
    c->idx = calloc(p, sizeof *c->idx);
    c->u = calloc(p, sizeof *c->u);
    c->xeta = calloc(n, sizeof *c->xeta);
    c->g = calloc(n, sizeof *c->g);
    c->der = calloc(n, sizeof *c->der);
    c->wcur = calloc(n ? n : 1, sizeof *c->wcur);
    c->T = gsl_matrix_alloc(p, p);
    c->V = gsl_matrix_alloc(p, p);
    c->S = gsl_vector_alloc(p);
    c->work = gsl_vector_alloc(p);
    if (!c->eta || !c->eta_met || !c->deta || !c->misfit || !c->val || !c->idx || !c->u || !c->xeta || !c->g ||
        !c->der || !c->wcur || !c->T || !c->V || !c->S || !c->work)
        return -1;
    return 0;
}

/* x'eta, g and dF for every row from eta; returns 1 if all are finite. */
static int cal_update_g(calws *c)
{
    int finite = 1;
    for (size_t i = 0; i < c->n; i++) {
        size_t nz = design_row(&c->dz, c->s, i, c->idx, c->val);
        double x = 0;
        for (size_t z = 0; z < nz; z++)
            x += c->val[z] * c->eta[c->idx[z]];
        c->xeta[i] = x;
        c->g[i] = 1 + cal_Fm1(&c->cf, x);
        c->der[i] = cal_dF(&c->cf, x);
        if (!isfinite(c->g[i]) || !isfinite(c->der[i]))
            finite = 0;
    }
    return finite;
}

/* misfit = population - sum of d g x. */
static void cal_misfit(calws *c)
{
    memcpy(c->misfit, c->dz.pop, c->p * sizeof *c->misfit);
    for (size_t i = 0; i < c->n; i++) {
        size_t nz = design_row(&c->dz, c->s, i, c->idx, c->val);
        double dg = c->d[i] * c->g[i];
        for (size_t z = 0; z < nz; z++)
            c->misfit[c->idx[z]] -= dg * c->val[z];
    }
}

/* T = sum of d dF x x' over the rows. */
static void cal_hessian(calws *c)
{
    gsl_matrix_set_zero(c->T);
    for (size_t i = 0; i < c->n; i++) {
        double v = c->d[i] * c->der[i];
        if (v == 0)
            continue;
        size_t nz = design_row(&c->dz, c->s, i, c->idx, c->val);
        for (size_t a = 0; a < nz; a++)
            for (size_t b = 0; b < nz; b++)
                *gsl_matrix_ptr(c->T, c->idx[a], c->idx[b]) += v * c->val[a] * c->val[b];
    }
}

/* One Newton step: deta = ginv(T) misfit, with MASS::ginv's tolerance,
 * added to eta. T is overwritten by the SVD. */
static int cal_newton_step(calws *c, pk_err *err)
{
    size_t p = c->p;
    if (gsl_linalg_SV_decomp(c->T, c->V, c->S, c->work))
        return pk_err_set(err, PK_EDATA, "calibration: the singular value decomposition failed");
    double smax = gsl_vector_get(c->S, 0), tolsv = 256 * 2.220446049250313e-16 * smax;
    for (size_t k = 0; k < p; k++) {
        double sk = gsl_vector_get(c->S, k), dot = 0;
        if (!(sk > tolsv) || !(sk > 0)) {
            c->u[k] = 0;
            continue;
        }
        for (size_t a = 0; a < p; a++)
            dot += gsl_matrix_get(c->T, a, k) * c->misfit[a];
        c->u[k] = dot / sk;
    }
    for (size_t a = 0; a < p; a++) {
        double v = 0;
        for (size_t k = 0; k < p; k++)
            v += gsl_matrix_get(c->V, a, k) * c->u[k];
        c->deta[a] = v;
        c->eta[a] += v;
    }
    return 0;
}

/* The largest margin gap of the weights d g. */
static double cal_gap(calws *c, const pk_targets *t, const double *const *target)
{
    for (size_t i = 0; i < c->n; i++)
        c->wcur[i] = c->d[i] * c->g[i];
    return pk_weight_margin_gap(c->n, t->nmargin, (const uint16_t *const *)c->s->code, c->s->ncat, target,
                                c->wcur);
}

static int calibrate(const pk_weight_sample *s, const pk_targets *t, const pk_weight_opts *o, const double *d, double *w,
                     const double *const *target, long *iters, double *achieved, pk_err *err)
{
    size_t n = s->n;
    double tol = o->tolerance > 0 ? o->tolerance : PK_RAKE_TOLERANCE;
    long maxit = o->max_iter > 0 ? o->max_iter : PK_CAL_MAX_ITER;
    int rc = -1;
    calws c;
    if (calws_init(&c, s, t, o, d)) {
        oom(err);
        goto out;
    }
    size_t p = c.p;
    int polished = 0;
    cal_update_g(&c);
    long iter = 1;
    for (;;) {
        cal_hessian(&c);
        cal_misfit(&c);
        if (cal_newton_step(&c, err))
            goto out;
        int finite = cal_update_g(&c);
        while (iter < maxit && !finite) {
            iter++;
            for (size_t a = 0; a < p; a++) {
                c.deta[a] /= 2;
                c.eta[a] -= c.deta[a];
            }
            finite = cal_update_g(&c);
        }
        if (!finite) {
            /* Out of iterations with the step still too long: report the
             * last weights that were numbers. */
            for (size_t a = 0; a < p; a++)
                c.eta[a] -= c.deta[a];
            cal_update_g(&c);
            *achieved = cal_gap(&c, t, target);
            rc = 1;
            break;
        }
        double worst = cal_gap(&c, t, target);
        if (polished) {
            /* The step after meeting the tolerance: kept only if it
             * brought the margins closer still. */
            if (!(worst <= *achieved)) {
                memcpy(c.eta, c.eta_met, p * sizeof *c.eta);
                cal_update_g(&c);
            } else {
                *achieved = worst;
            }
            rc = 0;
            break;
        }
        *achieved = worst;
        if (worst < tol) {
            /* Newton converges quadratically: one more step takes a gap
             * just under the tolerance to rounding level, so that the
             * weights, not only the margins, are R's to ~1e-12. */
            memcpy(c.eta_met, c.eta, p * sizeof *c.eta);
            polished = 1;
            continue;
        }
        iter++;
        if (iter > maxit) {
            rc = 1;
            break;
        }
    }
    *iters = iter;
    for (size_t i = 0; i < n; i++)
        w[i] = d[i] * c.g[i];
out:
    calws_free(&c);
    return rc;
}

/* --------------------------------------------------------- diagnostics */

void pk_weight_diag_free(pk_weight_diag *diag)
{
    if (diag->cat)
        for (size_t j = 0; j < diag->nmargin; j++)
            free(diag->cat[j]);
    free(diag->cat);
    diag->cat = NULL;
}

int pk_weight_diagnose(const pk_weight_sample *s, const pk_targets *t, const double *w, pk_weight_diag *diag)
{
    size_t n = s->n;
    pk_weight_diag_free(diag);
    diag->n = n;
    diag->negative = 0;
    diag->nmargin = t->nmargin;
    diag->cat = calloc(t->nmargin, sizeof *diag->cat);
    double *copy = malloc((n ? n : 1) * sizeof *copy);
    if (!diag->cat || !copy)
        goto nomem;
    /* Kish's ratio is computed on the weights divided by the largest, so
     * that squares neither underflow nor overflow whatever the total. */
    double scale = 0;
    for (size_t i = 0; i < n; i++)
        if (fabs(w[i]) > scale)
            scale = fabs(w[i]);
    double sw = 0, ssw = 0, ssw2 = 0, lo = INFINITY, hi = -INFINITY;
    for (size_t i = 0; i < n; i++) {
        sw += w[i];
        if (scale > 0) {
            ssw += w[i] / scale;
            ssw2 += (w[i] / scale) * (w[i] / scale);
        }
        if (w[i] < lo)
            lo = w[i];
        if (w[i] > hi)
            hi = w[i];
        if (w[i] < 0)
            diag->negative++;
        copy[i] = w[i];
    }
    diag->total = sw;
    diag->wmin = lo;
    diag->wmax = hi;
    diag->ratio = lo > 0 ? hi / lo : lo == 0 ? INFINITY : NAN; /* NaN: undefined with negative weights */
    diag->wmedian = n ? gsl_stats_median(copy, 1, n) : NAN;
    diag->deff = ssw > 0 ? (double)n * ssw2 / (ssw * ssw) : NAN;
    diag->efficiency = 1 / diag->deff;
    diag->n_eff = (double)n / diag->deff;
    free(copy);
    double gap = 0;
    for (size_t j = 0; j < t->nmargin; j++) {
        const pk_targets_margin *m = &t->m[j];
        pk_weight_category_diag *c = calloc(m->ncat, sizeof *c);
        if (!c)
            goto nomem;
        diag->cat[j] = c;
        double *ws = calloc(m->ncat, sizeof *ws);
        if (!ws)
            goto nomem;
        size_t valid = 0;
        double wtot = 0;
        for (size_t i = 0; i < n; i++) {
            uint16_t k = s->code[j][i];
            if (k == PK_CODE_MISSING)
                continue;
            c[k].n++;
            ws[k] += w[i];
            valid++;
            wtot += w[i];
        }
        for (size_t k = 0; k < m->ncat; k++) {
            c[k].target = m->cat[k].target;
            c[k].unweighted = valid ? (double)c[k].n / (double)valid : NAN;
            c[k].weighted = wtot > 0 ? ws[k] / wtot : NAN;
            double g = fabs(c[k].weighted - c[k].target);
            if (!(g <= gap))
                gap = g;
        }
        free(ws);
    }
    diag->max_gap = gap;
    return 0;
nomem:
    free(copy);
    pk_weight_diag_free(diag);
    return -1;
}

/* --------------------------------------------------------- the methods */

static void scale_to(double *w, size_t n, double total)
{
    double s = 0;
    for (size_t i = 0; i < n; i++)
        s += w[i];
    if (s > 0)
        for (size_t i = 0; i < n; i++)
            w[i] *= total / s;
}

/* The raking loops want each margin's shares as one array of doubles: one
 * block holds the M pointers and, after them, the shares, so that one free
 * frees both. */
static const double **target_shares(const pk_targets *t)
{
    size_t M = t->nmargin;
    size_t head = (M * sizeof(double *) + sizeof(double) - 1) / sizeof(double) * sizeof(double);
    size_t nshares = 0;
    for (size_t j = 0; j < M; j++)
        nshares += t->m[j].ncat;
    const double **target = malloc(head + nshares * sizeof(double));
    if (!target)
        return NULL;
    double *share = (double *)(void *)((char *)target + head);
    for (size_t j = 0; j < M; j++) {
        target[j] = share;
        for (size_t k = 0; k < t->m[j].ncat; k++)
            *share++ = t->m[j].cat[k].target;
    }
    return target;
}

static int rake_error(const pk_targets *t, long sweeps, double gap, double tol, pk_err *err)
{
    char b1[PK_NUMBER_BUFSIZE], b2[PK_NUMBER_BUFSIZE], why[512];
    if (pk_targets_conflict(t, why, sizeof why))
        return pk_err_set(err, PK_EDATA,
                          "raking did not converge in %ld sweeps: the largest margin gap is %s "
                          "(tolerance %s): the targets are inconsistent with each other: %s",
                          sweeps, pk_number_format(b1, gap, 3), pk_number_format(b2, tol, 3), why);
    return pk_err_set(err, PK_EDATA,
                      "raking did not converge in %ld sweeps: the largest margin gap is %s "
                      "(tolerance %s); are the targets consistent with each other?",
                      sweeps, pk_number_format(b1, gap, 3), pk_number_format(b2, tol, 3));
}

/* A category whose share needs an average weight outside the caps
 * (margins without missing values, where that average is fixed) makes
 * them impossible whatever the other margins do. */
static int caps_impossible(const pk_weight_sample *s, const pk_targets *t, const pk_weight_opts *o, pk_err *err)
{
    size_t n = s->n;
    char b1[PK_NUMBER_BUFSIZE], b2[PK_NUMBER_BUFSIZE];
    for (size_t j = 0; j < t->nmargin; j++) {
        if (s->missing[j])
            continue;
        const pk_targets_margin *m = &t->m[j];
        for (size_t k = 0; k < m->ncat; k++) {
            size_t cnt = 0;
            for (size_t i = 0; i < n; i++)
                cnt += s->code[j][i] == k && pk_weight_sample_base(s, i) > 0;
            double need = cnt ? m->cat[k].target * (double)n / (double)cnt : 0;
            if (cnt && (need < o->cap_lo || need > o->cap_hi))
                return pk_err_set(err, PK_EDATA,
                                  "the caps %s,%s cannot hold: category '%s' of '%s' (target %s, %zu of %zu "
                                  "respondents) needs an average weight of %s times the mean",
                                  pk_number_format(b1, o->cap_lo, 6), pk_number_format(b2, o->cap_hi, 6),
                                  m->cat[k].name, m->name,
                                  pk_number_format((char[PK_NUMBER_BUFSIZE]){0}, m->cat[k].target, 6), cnt, n,
                                  pk_number_format((char[PK_NUMBER_BUFSIZE]){0}, need, 4));
        }
    }
    return 0;
}

/* Capping, on raked weights that break the caps: clip to the caps
 * (relative to the mean the clipped weights have), then re-rake with every
 * margin step holding the caps, until both the caps and the margins hold.
 * sweeps and gap are the plain raking's. Returns -1 when out of memory,
 * else 0 or the error's status. */
static int apply_caps(const pk_weight_sample *s, const pk_targets *t, const pk_weight_opts *o,
                      const double *const *target, double *w, double tol, long maxit, long sweeps, double gap,
                      pk_weight_diag *diag, pk_err *err)
{
    size_t n = s->n;
    char b1[PK_NUMBER_BUFSIZE], b2[PK_NUMBER_BUFSIZE];
    clip_to_mean(w, n, o->cap_lo, o->cap_hi);
    scale_to(w, n, (double)n);
    long more = 0;
    int r = sweeps < maxit ? rake_capped(n, t->nmargin, (const uint16_t *const *)s->code, s->ncat, target, w,
                                         o->cap_lo, o->cap_hi, tol, maxit - sweeps, &more, &gap)
                           : 1;
    if (r < 0)
        return -1;
    sweeps += more;
    diag->iterations = sweeps;
    diag->cap_rounds = more;
    if (r > 0 || !caps_hold(w, n, o->cap_lo, o->cap_hi))
        return pk_err_set(err, PK_EDATA,
                          "the caps %s,%s and the margins cannot both hold: after %ld sweeps "
                          "(%ld with the caps) the largest margin gap with the caps applied is %s "
                          "(tolerance %s); widen the caps",
                          pk_number_format(b1, o->cap_lo, 6), pk_number_format(b2, o->cap_hi, 6), sweeps, more,
                          pk_number_format((char[PK_NUMBER_BUFSIZE]){0}, gap, 3),
                          pk_number_format((char[PK_NUMBER_BUFSIZE]){0}, tol, 3));
    return 0;
}

/* --method rake, with --cap. Returns -1 when out of memory, else 0 or the
 * error's status (then *failed is set). */
static int compute_rake(const pk_weight_sample *s, const pk_targets *t, const pk_weight_opts *o,
                        const double *const *target, double total, double *w, pk_weight_diag *diag, int *failed,
                        pk_err *err)
{
    size_t n = s->n;
    double tol = o->tolerance > 0 ? o->tolerance : PK_RAKE_TOLERANCE;
    long maxit = o->max_iter > 0 ? o->max_iter : PK_RAKE_MAX_ITER;
    diag->tolerance = tol;
    for (size_t i = 0; i < n; i++)
        w[i] = pk_weight_sample_base(s, i);
    long sweeps = 0;
    double gap = 0;
    int r = pk_weight_rake(n, t->nmargin, (const uint16_t *const *)s->code, s->ncat, target, w, tol, maxit, &sweeps,
                           &gap);
    if (r < 0)
        return -1;
    diag->iterations = sweeps;
    int rc = 0;
    if (r > 0)
        rc = rake_error(t, sweeps, gap, tol, err);
    else if (o->has_cap)
        rc = caps_impossible(s, t, o, err);
    if (!rc && o->has_cap && !caps_hold(w, n, o->cap_lo, o->cap_hi)) {
        rc = apply_caps(s, t, o, target, w, tol, maxit, sweeps, gap, diag, err);
        if (rc < 0)
            return -1;
    }
    *failed = rc != 0;
    scale_to(w, n, total);
    return rc;
}

/* Calibration did not converge: the bounds are to blame only if weights
 * without them exist (unbounded linear calibration is a linear system, met
 * in one step whenever the targets are consistent). Returns -1 when that
 * check fails, else the error's status. */
static int calibration_error(const pk_weight_sample *s, const pk_targets *t, const pk_weight_opts *o,
                             const double *d, const double *const *target, long iters, double achieved, pk_err *err)
{
    size_t n = s->n;
    char b1[PK_NUMBER_BUFSIZE], b2[PK_NUMBER_BUFSIZE], why[512];
    int consistent = 0;
    if (o->has_bounds) {
        double *w2 = malloc((n ? n : 1) * sizeof *w2);
        pk_weight_opts lin = *o;
        lin.method = PK_METHOD_LINEAR;
        lin.has_bounds = 0;
        long it2 = 0;
        double ach2 = NAN;
        int r2 = w2 ? calibrate(s, t, &lin, d, w2, target, &it2, &ach2, err) : -1;
        free(w2);
        if (r2 < 0)
            return -1;
        consistent = r2 == 0;
    }
    if (consistent)
        return pk_err_set(err, PK_EDATA,
                          "calibration did not converge in %ld iterations (largest margin gap %s): "
                          "the bounds %s,%s are too tight for these targets",
                          iters, pk_number_format((char[PK_NUMBER_BUFSIZE]){0}, achieved, 3),
                          pk_number_format(b1, o->bound_lo, 6), pk_number_format(b2, o->bound_hi, 6));
    if (pk_targets_conflict(t, why, sizeof why))
        return pk_err_set(err, PK_EDATA,
                          "calibration did not converge in %ld iterations (largest margin gap %s): "
                          "the targets are inconsistent with each other: %s",
                          iters, pk_number_format(b1, achieved, 3), why);
    return pk_err_set(err, PK_EDATA,
                      "calibration did not converge in %ld iterations (largest margin gap %s): "
                      "no weights meet these targets%s; are the targets consistent with each other?",
                      iters, pk_number_format(b1, achieved, 3), o->has_bounds ? ", even without bounds" : "");
}

/* --method linear or logit, from the base weights scaled to mean 1.
 * Returns -1 when out of memory or the linear algebra failed, else 0 or the
 * error's status (then *failed is set). */
static int compute_calibration(const pk_weight_sample *s, const pk_targets *t, const pk_weight_opts *o,
                               const double *const *target, double total, double *w, pk_weight_diag *diag,
                               int *failed, pk_err *err)
{
    size_t n = s->n;
    double *d = malloc((n ? n : 1) * sizeof *d);
    if (!d)
        return -1;
    for (size_t i = 0; i < n; i++)
        d[i] = pk_weight_sample_base(s, i);
    scale_to(d, n, (double)n);
    diag->tolerance = o->tolerance > 0 ? o->tolerance : PK_RAKE_TOLERANCE;
    long iters = 0;
    double achieved = NAN;
    int r = calibrate(s, t, o, d, w, target, &iters, &achieved, err);
    diag->iterations = iters;
    int rc = 0;
    if (r > 0) {
        *failed = 1;
        rc = calibration_error(s, t, o, d, target, iters, achieved, err);
    }
    free(d);
    if (r < 0 || rc < 0)
        return -1;
    if (total != (double)n)
        for (size_t i = 0; i < n; i++)
            w[i] *= total / (double)n;
    return rc;
}

/* A weight that is not a normal number cannot be written and read back
 * with its digits: --total was too small (or too large) for the spread. */
static int check_normal(const double *w, size_t n, double total, pk_err *err)
{
    char b1[PK_NUMBER_BUFSIZE], b2[PK_NUMBER_BUFSIZE];
    for (size_t i = 0; i < n; i++)
        if (!isfinite(w[i]) || (w[i] != 0 && fabs(w[i]) < DBL_MIN))
            return pk_err_set(err, PK_EDATA,
                              "the weight of respondent %zu (in input order) would be %s, which cannot be "
                              "written as a normal number: the total %s is too %s for %zu respondents "
                              "with these weights",
                              i + 1, pk_number_format(b1, w[i], 6), pk_number_format(b2, total, 6),
                              isfinite(w[i]) ? "small" : "large", n);
    return 0;
}

int pk_weight_compute(const pk_weight_sample *s, const pk_targets *t, const pk_weight_opts *o, double *w,
                      pk_weight_diag *diag, pk_err *err)
{
    size_t n = s->n;
    double total = o->total > 0 ? o->total : (double)n;
    const double **target = target_shares(t);
    if (!target)
        return oom(err);
    memset(diag, 0, sizeof *diag);
    int failed = 0, rc;
    if (o->method == PK_METHOD_RAKE) {
        rc = compute_rake(s, t, o, target, total, w, diag, &failed, err);
        if (rc < 0) {
            free(target);
            return oom(err);
        }
    } else {
        rc = compute_calibration(s, t, o, target, total, w, diag, &failed, err);
        if (rc < 0) {
            free(target);
            return err->status ? err->status : oom(err);
        }
    }
    free(target);
    /* No diagnostics for weights that cannot be written: they met the
     * targets, but none is written. */
    int bad = failed ? 0 : check_normal(w, n, total, err);
    if (bad)
        return bad;
    if (pk_weight_diagnose(s, t, w, diag))
        return oom(err);
    diag->converged = !failed;
    return rc;
}

/* ------------------------------------------------------------- reports */

static locale_t c_loc(void)
{
    static locale_t loc = (locale_t)0;
    if (loc == (locale_t)0)
        loc = newlocale(LC_ALL_MASK, "C", (locale_t)0);
    return loc;
}

/* Fixed-point text (C locale) for the readable report; NaN is "undefined". */
static const char *fixed(char *buf, size_t size, double v, int decimals)
{
    if (isnan(v)) {
        snprintf(buf, size, "undefined");
        return buf;
    }
    locale_t old = uselocale(c_loc());
    snprintf(buf, size, "%.*f", decimals, v);
    uselocale(old);
    return buf;
}

static const char *method_name(pk_weight_method m)
{
    return m == PK_METHOD_RAKE ? "rake" : m == PK_METHOD_LINEAR ? "linear" : "logit";
}

/* A figure for the summary and the report: NaN (no weights, or weights
 * that are not numbers) is said in words, never left blank. */
static const char *num(char *buf, double v, int digits)
{
    return isnan(v) ? "undefined" : pk_number_format(buf, v, digits);
}

void pk_weight_summary(char *buf, size_t size, const pk_weight_opts *o, const pk_weight_diag *dg)
{
    char a[PK_NUMBER_BUFSIZE], b[PK_NUMBER_BUFSIZE], c[PK_NUMBER_BUFSIZE], d[PK_NUMBER_BUFSIZE], e[PK_NUMBER_BUFSIZE];
    char f[PK_NUMBER_BUFSIZE], g[PK_NUMBER_BUFSIZE], h[PK_NUMBER_BUFSIZE];
    const char *unit = o->method == PK_METHOD_RAKE ? "sweep" : "iteration";
    snprintf(buf, size,
             "%s %s in %ld %s%s; largest margin gap %s\n"
             "weights %s to %s (max/min %s, median %s); Kish design effect %s, efficiency %s%%, "
             "effective sample size %s of %zu",
             method_name(o->method), dg->converged ? "converged" : "did not converge", dg->iterations, unit,
             dg->iterations == 1 ? "" : "s", num(a, dg->max_gap, 3), num(b, dg->wmin, 4),
             num(c, dg->wmax, 4), isnan(dg->ratio) ? "undefined" : num(d, dg->ratio, 4),
             num(e, dg->wmedian, 4),
             num(f, dg->deff, 4), isnan(dg->efficiency) ? "undefined" : fixed(g, sizeof g, 100 * dg->efficiency, 1),
             fixed(h, sizeof h, dg->n_eff, 1), dg->n);
    size_t used = strlen(buf);
    if (dg->negative && used < size)
        snprintf(buf + used, size - used,
                 "\n%zu weight%s negative (linear calibration allows that; --method logit --bounds LO,HI does not)",
                 dg->negative, dg->negative == 1 ? " is" : "s are");
}

void pk_weight_report(FILE *f, const pk_weight_sample *s, const pk_targets *t, const pk_weight_opts *o,
                      const pk_weight_diag *dg)
{
    char a[PK_NUMBER_BUFSIZE], b[PK_NUMBER_BUFSIZE], c[PK_NUMBER_BUFSIZE], d[PK_NUMBER_BUFSIZE];
    fprintf(f, "pollweight report\n\n");
    fprintf(f, "input:      %s (%zu respondents)\n", s->name, s->n);
    fprintf(f, "targets:    %s (%zu margins)\n", t->path, t->nmargin);
    fprintf(f, "method:     %s", method_name(o->method));
    if (o->has_bounds)
        fprintf(f, ", bounds on g = w/d: %s,%s", num(a, o->bound_lo, 6), num(b, o->bound_hi, 6));
    fprintf(f, "\nbase:       %s\n", s->base ? "base weights from the input" : "none (all 1)");
    if (o->has_cap)
        fprintf(f, "caps:       %s,%s times the mean weight (%ld sweeps with the caps held)\n", num(a, o->cap_lo, 6),
                num(b, o->cap_hi, 6), dg->cap_rounds);
    fprintf(f, "converged:  %s, in %ld %s\n", dg->converged ? "yes" : "NO", dg->iterations,
            o->method == PK_METHOD_RAKE ? "sweeps" : "Newton iterations");
    fprintf(f, "max gap:    %s (largest |weighted share - target|; stop rule %s)\n", num(a, dg->max_gap, 3),
            num(b, dg->tolerance, 3));
    fprintf(f, "\nweights:    minimum %s, median %s, maximum %s, max/min %s\n", num(a, dg->wmin, 6),
            num(b, dg->wmedian, 6), num(c, dg->wmax, 6),
            isnan(dg->ratio) ? "undefined" : num(d, dg->ratio, 6));
    if (dg->negative)
        fprintf(f, "negative:   %zu weights below 0\n", dg->negative);
    fprintf(f, "total:      %s (mean %s)\n", num(a, dg->total, 10),
            num(b, dg->n ? dg->total / (double)dg->n : NAN, 10));
    fprintf(f, "Kish design effect %s; weighting efficiency %s%%; effective sample size %s\n",
            num(a, dg->deff, 6), fixed(b, sizeof b, 100 * dg->efficiency, 2), fixed(c, sizeof c, dg->n_eff, 1));
    for (size_t j = 0; j < t->nmargin && dg->cat; j++) {
        const pk_targets_margin *m = &t->m[j];
        /* Categories come from the data: written with their control
         * characters escaped, and padded by the width they then take. */
        size_t width = strlen("category");
        for (size_t k = 0; k < m->ncat; k++)
            if (pk_err_escaped_width(m->cat[k].name, strlen(m->cat[k].name)) > width)
                width = pk_err_escaped_width(m->cat[k].name, strlen(m->cat[k].name));
        fputs("\nmargin ", f);
        pk_err_write_escaped(f, m->name, strlen(m->name));
        fprintf(f, ": %zu categories, %zu respondents without a value%s\n", m->ncat,
                s->missing[j], s->missing[j] ? " (left out of this margin)" : "");
        fprintf(f, "  %-*s %8s %10s %10s %10s\n", (int)width, "category", "n", "target", "unweighted", "weighted");
        for (size_t k = 0; k < m->ncat; k++) {
            const pk_weight_category_diag *cd = &dg->cat[j][k];
            fputs("  ", f);
            pk_err_write_escaped(f, m->cat[k].name, strlen(m->cat[k].name));
            fprintf(f, "%*s %8zu %10s %10s %10s\n",
                    (int)(width - pk_err_escaped_width(m->cat[k].name, strlen(m->cat[k].name))), "", cd->n,
                    fixed(a, sizeof a, cd->target, 6), fixed(b, sizeof b, cd->unweighted, 6),
                    fixed(c, sizeof c, cd->weighted, 6));
        }
    }
}
