/* One support table per wave and the change rows between them (see
 * support_waves.h; the formulas are in docs/methods.md). */
#include "support_waves.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "colname.h"
#include "number.h"
#include "support_internal.h"
#include "util.h"

/* Waves are few; more is a sign of the wrong column. */
#define MAX_WAVES 1000

typedef struct wave {
    char *code;
    char *label;        /* the codebook's, else NULL */
    pk_support *t;
    long rows;
} wave;

/* A change row's figures and the rows it compares. */
typedef struct change {
    size_t later, earlier;       /* positions in order[] */
    size_t row;                  /* the later wave's row */
    double d, se, lo, hi;
    long n;
    int low_base;
} change;

struct pk_support_waves {
    pk_support_opts o;
    pk_support_waves_opts wo;
    wave *w;
    size_t nw, capw;
    size_t *order;              /* output order: indices into w */
    pk_support_design *stack;
    long col;
    char **notes;
    size_t nnotes, capnotes;
    change *c;
    size_t nc, capc;
    size_t nwaverows;           /* rows of all the waves' tables */
    long nrows;                 /* records read (N of the stacked file) */
};

static int add_note(pk_support_waves *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int add_note(pk_support_waves *w, const char *fmt, ...)
{
    pk_util_sbuf b = {0};
    va_list ap;
    va_start(ap, fmt);
    pk_util_sbuf_vaddf(&b, fmt, ap);
    va_end(ap);
    char *s = pk_util_sbuf_take(&b);
    if (!s || pk_util_grow((void **)&w->notes, &w->capnotes, w->nnotes + 1, sizeof *w->notes)) {
        free(s);
        return -1;
    }
    w->notes[w->nnotes++] = s;
    return 0;
}

void pk_support_waves_free(pk_support_waves *w)
{
    if (!w)
        return;
    for (size_t k = 0; k < w->nw; k++) {
        free(w->w[k].code);
        free(w->w[k].label);
        pk_support_free(w->w[k].t);
    }
    free(w->w);
    free(w->order);
    pk_support_design_free(w->stack);
    for (size_t i = 0; i < w->nnotes; i++)
        free(w->notes[i]);
    free(w->notes);
    free(w->c);
    free(w);
}

size_t pk_support_waves_nnotes(const pk_support_waves *w)
{
    return w->nnotes;
}

const char *pk_support_waves_note(const pk_support_waves *w, size_t i)
{
    return w->notes[i];
}

size_t pk_support_waves_count(const pk_support_waves *w)
{
    return w->nw;
}

const pk_support *pk_support_waves_table(const pk_support_waves *w, size_t k)
{
    return w->w[w->order[k]].t;
}

const char *pk_support_waves_code(const pk_support_waves *w, size_t k)
{
    return w->w[w->order[k]].code;
}

const char *pk_support_waves_label(const pk_support_waves *w, size_t k)
{
    const wave *v = &w->w[w->order[k]];
    return v->label ? v->label : v->code;
}

/* The wave whose code is v, made (its table begun) when first seen. */
static size_t wave_of(pk_support_waves *w, pk_csv_reader *r, const char *v, pk_err *err)
{
    for (size_t k = 0; k < w->nw; k++)
        if (strcmp(w->w[k].code, v) == 0)
            return k;
    char q[80];
    if (w->nw >= MAX_WAVES) {
        pk_err_set(err, PK_ERR_DATA, "%s:%ld:%s: more than %d waves (at '%s'): is '%s' the wave "
                   "column?", pk_csv_reader_name(r), pk_csv_reader_line(r), w->wo.column, MAX_WAVES,
                   pk_err_quote(q, sizeof q, v, strlen(v)), w->wo.column);
        return SIZE_MAX;
    }
    if (pk_util_grow((void **)&w->w, &w->capw, w->nw + 1, sizeof *w->w)) {
        pk_err_nomem(err);
        return SIZE_MAX;
    }
    wave *nw = &w->w[w->nw];
    memset(nw, 0, sizeof *nw);
    if (!(nw->code = strdup(v))) {
        pk_err_nomem(err);
        return SIZE_MAX;
    }
    w->nw++;
    for (size_t k = 0; k < w->wo.ncodes; k++)
        if (strcmp(w->wo.codes[k], v) == 0 && w->wo.labels && w->wo.labels[k] &&
            !(nw->label = strdup(w->wo.labels[k]))) {
            pk_err_nomem(err);
            return SIZE_MAX;
        }
    if (!(nw->t = pk_support_begin(r, &w->o, err)))
        return SIZE_MAX;
    pk_support_stack(nw->t, w->stack);
    return w->nw - 1;
}

/* The waves' order: the codebook's, then the others (all of them without a
 * codebook) in numeric order when every code is a number, else bytewise. */
static int order_waves(pk_support_waves *w, pk_csv_reader *r, pk_err *err)
{
    if (!(w->order = malloc((w->nw ? w->nw : 1) * sizeof *w->order)))
        return pk_err_nomem(err);
    size_t n = 0;
    for (size_t k = 0; k < w->wo.ncodes; k++)
        for (size_t i = 0; i < w->nw; i++)
            if (strcmp(w->w[i].code, w->wo.codes[k]) == 0)
                w->order[n++] = i;
    size_t known = n, nrest = 0;
    const char **rest = malloc((w->nw ? w->nw : 1) * sizeof *rest);
    size_t *idx = malloc((w->nw ? w->nw : 1) * sizeof *idx);
    size_t *ord = malloc((w->nw ? w->nw : 1) * sizeof *ord);
    int rc = 0;
    if (!rest || !idx || !ord) {
        rc = pk_err_nomem(err);
        goto out;
    }
    for (size_t i = 0; i < w->nw; i++) {
        int in = 0;
        for (size_t k = 0; k < known && !in; k++)
            in = w->order[k] == i;
        if (!in) {
            idx[nrest] = i;
            rest[nrest++] = w->w[i].code;
        }
    }
    if (pk_number_order_codes(rest, nrest, ord) != 0) {
        rc = pk_err_nomem(err);
        goto out;
    }
    for (size_t k = 0; k < nrest; k++)
        w->order[n++] = idx[ord[k]];
    if (nrest) {
        double x;
        int numeric = 1;
        for (size_t k = 0; k < nrest && numeric; k++)
            numeric = pk_number_parse(rest[k], &x) == 0;
        pk_util_sbuf b = {0};
        for (size_t k = known; k < n; k++)
            pk_util_sbuf_addf(&b, "%s%s", k > known ? ", " : "", w->w[w->order[k]].code);
        if (b.oom ||
            add_note(w, "%s: %zu wave%s of %s %sin %s: %s", pk_csv_reader_name(r), nrest,
                     nrest == 1 ? "" : "s", w->wo.column,
                     w->wo.ncodes ? "not in the codebook, after its waves, " : "",
                     numeric ? "numeric order" : "bytewise order (ISO dates go in date order)",
                     pk_util_sbuf_str(&b)) != 0)
            rc = pk_err_nomem(err);
        pk_util_sbuf_free(&b);
    }
out:
    free(rest);
    free(idx);
    free(ord);
    return rc;
}

/* The key of a table row across waves. */
static uint64_t row_key(const pk_support_table_row *r)
{
    uint64_t h = pk_util_hash(NULL, 0);
    h = pk_util_hash_add(h, r->question, strlen(r->question));
    h = pk_util_hash_add(h, r->by, strlen(r->by));
    h = pk_util_hash_add(h, r->group, strlen(r->group));
    return pk_util_hash_add(h, r->response, strlen(r->response));
}

static int same_key(const pk_support_table_row *a, const pk_support_table_row *b)
{
    return strcmp(a->question, b->question) == 0 && strcmp(a->by, b->by) == 0 &&
           strcmp(a->group, b->group) == 0 && strcmp(a->response, b->response) == 0;
}

/* The change of one row from wave `earlier` (its row j) to wave `later`
 * (row i), the rows' figures ra and rb. */
static int change_of(pk_support_waves *w, size_t later, size_t i, const pk_support_table_row *rb,
                     size_t earlier, size_t j, const pk_support_table_row *ra, pk_err *err)
{
    const pk_support *tb = w->w[w->order[later]].t, *ta = w->w[w->order[earlier]].t;
    change c = {later, earlier, i, NAN, NAN, NAN, NAN, rb->n, rb->low_base || ra->low_base};
    if (rb->n > 0 && ra->n > 0 && !isnan(rb->share) && !isnan(ra->share)) {
        size_t *cells[2] = {NULL, NULL};
        double *y[2] = {NULL, NULL};
        pk_support_design_part part[2];
        long double swe[2] = {0, 0}, sw2e2[2] = {0, 0};
        int rc_b = pk_support_row_part(tb, i, rb, 1, &cells[0], &y[0], &part[0], &swe[0], &sw2e2[0]);
        int rc_a = rc_b ? rc_b
                        : pk_support_row_part(ta, j, ra, -1, &cells[1], &y[1], &part[1], &swe[1], &sw2e2[1]);
        long df;
        c.d = rb->share - ra->share;
        if (rc_b == 0 && rc_a == 0 && !w->o.calibrated)
            pk_support_design_se_parts(w->stack, 2, part, NULL, &c.se, &df);
        if (rc_b == 0 && rc_a == 0 && w->o.calibrated) {
            /* Rows as PSUs, one stratum: N/(N-1) sum_i (w e_i - mean)^2
             * over both waves, a row's e its own wave's residual. */
            long N = w->nrows;
            long double s1 = swe[0] - swe[1], s2 = sw2e2[0] + sw2e2[1];
            long double v = N > 1 ? (s2 - s1 * s1 / N) * N / (N - 1) : NAN;
            c.se = v > 0 ? (double)sqrtl(v) : N > 1 ? 0 : NAN;
        }
        for (int k = 0; k < 2; k++) {
            free(cells[k]);
            free(y[k]);
        }
        if (rc_b < 0 || rc_a < 0)
            return pk_err_nomem(err);
        if (rc_b > 0)
            return 0;   /* a mean row: no change row */
        double z = gsl_cdf_ugaussian_Qinv((1 - w->o.level) / 2);
        /* Clipped to the changes that can be, as a net score's interval
         * is: a group of a few respondents can give d -+ z se past 1. */
        double lim = strcmp(rb->response_kind, "net_score") == 0 ? 2 : 1;
        if (!isnan(c.se)) {
            c.lo = fmax(c.d - z * c.se, -lim);
            c.hi = fmin(c.d + z * c.se, lim);
        }
    } else if (strcmp(rb->response_kind, "mean") == 0) {
        return 0;
    }
    if (pk_util_grow((void **)&w->c, &w->capc, w->nc + 1, sizeof *w->c))
        return pk_err_nomem(err);
    w->c[w->nc++] = c;
    return 0;
}

/* The change rows from wave `earlier` to wave `later` (positions in order). */
static int changes(pk_support_waves *w, size_t later, size_t earlier, pk_err *err)
{
    const pk_support *tb = w->w[w->order[later]].t, *ta = w->w[w->order[earlier]].t;
    size_t na = pk_support_nrows(ta), nb = pk_support_nrows(tb);
    pk_util_hindex ix = {0};
    pk_support_table_row ra, rb;
    int rc = 0;
    for (size_t j = 0; j < na && !rc; j++) {
        pk_support_row_get(ta, j, &ra);
        if (pk_util_hindex_add(&ix, row_key(&ra), j))
            rc = pk_err_nomem(err);
    }
    for (size_t i = 0; i < nb && !rc; i++) {
        pk_support_row_get(tb, i, &rb);
        size_t slot = 0, j, found = SIZE_MAX;
        uint64_t h = row_key(&rb);
        while (found == SIZE_MAX && (j = pk_util_hindex_next(&ix, h, &slot)) != SIZE_MAX) {
            pk_support_row_get(ta, j, &ra);
            if (same_key(&ra, &rb))
                found = j;
        }
        if (found != SIZE_MAX)
            rc = change_of(w, later, i, &rb, earlier, found, &ra, err);
    }
    pk_util_hindex_free(&ix);
    return rc;
}

pk_support_waves *pk_support_waves_read(pk_csv_reader *r, const pk_support_opts *o,
                                        const pk_support_waves_opts *wo, pk_err *err)
{
    pk_support_waves *w = calloc(1, sizeof *w);
    if (!w) {
        pk_err_nomem(err);
        return NULL;
    }
    w->o = *o;
    w->wo = *wo;
    char hint[PK_COLNAME_HINT_SIZE];
    if ((w->col = pk_csv_reader_col(r, wo->column)) < 0) {
        pk_err_set(err, PK_ERR_DATA, "%s: no --waves column '%s'%s", pk_csv_reader_name(r),
                   wo->column, pk_csv_reader_hint(r, wo->column, hint, sizeof hint));
        goto fail;
    }
    static const pk_support_design_opts rows_as_psus = {NULL, NULL, NULL, PK_SUPPORT_DESIGN_LONELY_FAIL};
    if (!(w->stack = pk_support_design_new(o->design ? o->design : &rows_as_psus, r, err)))
        goto fail;
    int got;
    while ((got = pk_csv_reader_next(r, err)) == 1) {
        const char *v = pk_csv_reader_field(r, (size_t)w->col);
        if (v[0] == '\0') {
            pk_err_set(err, PK_ERR_DATA, "%s:%ld:%s: no wave: every row of a stacked file needs "
                       "its wave's code", pk_csv_reader_name(r), pk_csv_reader_line(r), wo->column);
            got = -1;
            break;
        }
        size_t k = wave_of(w, r, v, err);
        if (k == SIZE_MAX || pk_support_design_row(w->stack, r, err) != 0 ||
            pk_support_feed(w->w[k].t, r, NULL, err) != 0) {
            got = -1;
            break;
        }
        w->w[k].rows++;
        w->nrows++;
    }
    if (got != 0)
        goto fail;
    if (w->nw == 0) {
        pk_err_set(err, PK_ERR_DATA, "%s: no rows: no wave to estimate", pk_csv_reader_name(r));
        goto fail;
    }
    for (size_t k = 0; k < w->nw; k++)
        if (pk_support_end(w->w[k].t, r, err) != 0)
            goto fail;
    if (pk_support_design_finish(w->stack, pk_csv_reader_name(r), err) != 0 ||
        order_waves(w, r, err) != 0)
        goto fail;
    for (size_t k = 0; k < w->nw; k++) {
        const wave *v = &w->w[w->order[k]];
        w->nwaverows += pk_support_nrows(v->t);
        for (size_t i = 0; i < pk_support_nnotes(v->t); i++)
            if (add_note(w, "wave %s: %s", v->code, pk_support_note(v->t, i)) != 0) {
                pk_err_nomem(err);
                goto fail;
            }
    }
    if (w->nw == 1 && add_note(w, "%s: one wave ('%s' of %s): no change to estimate",
                               pk_csv_reader_name(r), w->w[0].code, wo->column) != 0) {
        pk_err_nomem(err);
        goto fail;
    }
    for (size_t k = 1; k < w->nw; k++)
        if (changes(w, k, wo->from_first ? 0 : k - 1, err) != 0)
            goto fail;
    return w;
fail:
    pk_support_waves_free(w);
    return NULL;
}

size_t pk_support_waves_nrows(const pk_support_waves *w)
{
    return w->nwaverows + w->nc;
}

/* Row i of wave k (a position in order), stamped with the wave. */
static void wave_row(const pk_support_waves *w, size_t k, size_t i, pk_support_table_row *row)
{
    const wave *v = &w->w[w->order[k]];
    pk_support_row_get(v->t, i, row);
    row->wave = v->code;
    row->wave_label = v->label ? v->label : v->code;
    row->fieldwork = v->label ? v->label : "";
    row->versus_wave = "";
}

void pk_support_waves_row_get(const pk_support_waves *w, size_t i, pk_support_table_row *row)
{
    size_t k = 0;
    if (i < w->nwaverows) {
        while (i >= pk_support_nrows(w->w[w->order[k]].t))
            i -= pk_support_nrows(w->w[w->order[k++]].t);
        wave_row(w, k, i, row);
        return;
    }
    const change *c = &w->c[i - w->nwaverows];
    wave_row(w, c->later, c->row, row);
    row->versus_wave = pk_support_waves_code(w, c->earlier);
    row->response_kind = "change";
    row->n = c->n;
    row->low_base = c->low_base;
    row->share = c->d;
    row->se = c->se;
    row->ci_low = c->lo;
    row->ci_high = c->hi;
    row->ci_method = "normal";
    row->count = row->weighted_base = row->deff_kish = row->n_eff = row->deff = row->mean = NAN;
    row->df = -1;
    row->group_letter = row->sig_higher_than = "";
}

void pk_support_waves_write_delim(const pk_support_waves *w, FILE *f, char delim)
{
    pk_csv_writer cw;
    pk_csv_writer_init(&cw, f, delim);
    unsigned long omit = 1ul << PK_SUPPORT_TABLE_COL_SOURCE;
    pk_support_table_write_header(&cw, omit);
    size_t nr = pk_support_waves_nrows(w);
    for (size_t i = 0; i < nr; i++) {
        pk_support_table_row r;
        pk_support_waves_row_get(w, i, &r);
        pk_support_table_write_row(&cw, &r, omit);
    }
}
