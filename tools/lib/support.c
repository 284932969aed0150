/* Building the support table in one pass: questions, groups, per-domain
 * sums, combined groups, and the rows, written as CSV/TSV. See support.h;
 * the banner is support_banner.c. */
#include "support.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "colname.h"
#include "number.h"
#include "support_calibrated.h"
#include "support_internal.h"
#include "support_table.h"
#include "support_letters.h"
#include "util.h"

/* Keep a cell's sums id (1 + id; 0 is none) in one of its 32-bit slots. */
static int keep_id(uint32_t *slot, size_t id, pk_err *err)
{
    if (id >= UINT32_MAX)
        return pk_err_set(err, PK_ERR_DATA, "more than %u cells with sums: too many groups and answers",
                          (unsigned)(UINT32_MAX - 1));
    *slot = (uint32_t)(id + 1);
    return 0;
}

/* Add a row of weight w to cell c's calibrated sums (support_calibrated.h)
 * and its design's sums (support_design.h), giving the cell its sums on
 * first use. */
static int extra_add(pk_support *t, pk_support_cell *c, double w, pk_err *err)
{
    if (!(w > 0))
        return 0;
    size_t id;
    if (t->cal && !c->cal) {
        if (pk_support_calibrated_cell(t->cal, &id, err) != 0)
            return err->status;
        if (keep_id(&c->cal, id, err) != 0)
            return err->status;
    }
    if (t->cal && pk_support_calibrated_add(t->cal, c->cal - 1, w, err) != 0)
        return err->status;
    if (t->des && !c->des) {
        if (pk_support_design_cell(t->des, &id, err) != 0)
            return err->status;
        if (keep_id(&c->des, id, err) != 0)
            return err->status;
    }
    if (t->des && pk_support_design_add(t->des, c->des - 1, w, err) != 0)
        return err->status;
    if (t->stack && !c->sdes) {
        if (pk_support_design_cell(t->stack, &id, err) != 0)
            return err->status;
        if (keep_id(&c->sdes, id, err) != 0)
            return err->status;
    }
    if (t->stack && pk_support_design_add(t->stack, c->sdes - 1, w, err) != 0)
        return err->status;
    return 0;
}

/* A row of the subgroup with positive weight: counted for the degrees of
 * freedom of the whole design (R's degf), a mean's. */
static int whole_add(pk_support *t, double w, pk_err *err)
{
    t->npos++;
    if (!t->des)
        return 0;
    size_t id;
    if (!t->whole.des) {
        if (pk_support_design_cell(t->des, &id, err) != 0)
            return err->status;
        if (keep_id(&t->whole.des, id, err) != 0)
            return err->status;
    }
    return pk_support_design_add(t->des, t->whole.des - 1, w, err);
}

/* Add cell src's calibrated and design sums into dst's (a combined group). */
static int extra_merge(pk_support *t, pk_support_cell *dst, const pk_support_cell *src, pk_err *err)
{
    size_t id;
    if (t->cal && src->cal) {
        if (!dst->cal) {
            if (pk_support_calibrated_cell(t->cal, &id, err) != 0)
                return err->status;
            if (keep_id(&dst->cal, id, err) != 0)
                return err->status;
        }
        if (pk_support_calibrated_merge(t->cal, dst->cal - 1, src->cal - 1, err) != 0)
            return err->status;
    }
    if (t->des && src->des) {
        if (!dst->des) {
            if (pk_support_design_cell(t->des, &id, err) != 0)
                return err->status;
            if (keep_id(&dst->des, id, err) != 0)
                return err->status;
        }
        if (pk_support_design_merge(t->des, dst->des - 1, src->des - 1, err) != 0)
            return err->status;
    }
    if (t->stack && src->sdes) {
        if (!dst->sdes) {
            if (pk_support_design_cell(t->stack, &id, err) != 0)
                return err->status;
            if (keep_id(&dst->sdes, id, err) != 0)
                return err->status;
        }
        if (pk_support_design_merge(t->stack, dst->sdes - 1, src->sdes - 1, err) != 0)
            return err->status;
    }
    return 0;
}

static char *xstrdup(const char *s)
{
    return s ? strdup(s) : NULL;
}

static int add_note(pk_support *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#include <stdarg.h>
static int add_note(pk_support *t, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = NULL;
    int rc = vasprintf(&s, fmt, ap);
    va_end(ap);
    if (rc < 0)
        return -1;
    if (pk_util_grow((void **)&t->notes, &t->capnotes, t->nnotes + 1, sizeof *t->notes)) {
        free(s);
        return -1;
    }
    t->notes[t->nnotes++] = s;
    return 0;
}

/* n zeroed cells at a cache line's start: a cell is 64 bytes, so each
 * row's count in a cell touches one line, not two (with 999 groups the
 * cells outgrow the caches, and the misses were most of the reading). The
 * first `keep` cells are copied from old, which is freed. NULL when memory
 * runs out (old is kept). */
static pk_support_cell *cells_alloc(pk_support_cell *old, size_t keep, size_t n)
{
    void *p;
    if (posix_memalign(&p, 64, (n ? n : 1) * sizeof(pk_support_cell)) != 0)
        return NULL;
    pk_support_cell *c = p;
    if (keep)
        memcpy(c, old, keep * sizeof *c);
    memset(c + keep, 0, (n - keep) * sizeof *c);
    free(old);
    return c;
}

/* Cells for every question of a new slot, each question's at its current
 * capacity. */
static pk_support_cell **new_cells(const pk_support *t)
{
    pk_support_cell **c = calloc(t->nq ? t->nq : 1, sizeof *c);
    if (!c)
        return NULL;
    for (size_t i = 0; i < t->nq; i++) {
        c[i] = cells_alloc(NULL, 0, t->q[i].capcells ? t->q[i].capcells : 1);
        if (!c[i]) {
            for (size_t k = 0; k < i; k++)
                free(c[k]);
            free(c);
            return NULL;
        }
    }
    return c;
}

static void free_cells(const pk_support *t, pk_support_cell **c)
{
    if (!c)
        return;
    for (size_t i = 0; i < t->nq; i++)
        free(c[i]);
    free(c);
}

/* A new slot with zeroed cells for every question; returns its index or
 * SIZE_MAX when out of memory. */
static size_t new_slot(pk_support *t, size_t by, const char *code, const char *label, int output)
{
    if (pk_util_grow((void **)&t->s, &t->caps, t->ns + 1, sizeof *t->s))
        return SIZE_MAX;
    pk_support_slot *s = &t->s[t->ns];
    memset(s, 0, sizeof *s);
    s->by = by;
    s->code = xstrdup(code);
    s->label = xstrdup(label ? label : code);
    s->output = output;
    s->cells = new_cells(t);
    if (!s->code || !s->label || !s->cells) {
        free(s->code);
        free(s->label);
        free_cells(t, s->cells);
        return SIZE_MAX;
    }
    return t->ns++;
}

/* A group of a --by column, found again by its code through the hash
 * (group_of: one lookup per row and column, whatever the groups). */
static int by_add_slot(pk_support_byinfo *b, size_t idx, const char *code)
{
    if (pk_util_grow((void **)&b->slots, &b->capslots, b->nslots + 1, sizeof *b->slots) ||
        pk_util_hindex_add(&b->ix, pk_util_hash_words(code, strlen(code)), b->nslots))
        return -1;
    b->slots[b->nslots++] = idx;
    return 0;
}

void pk_support_free(pk_support *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->ns; i++) {
        free(t->s[i].code);
        free(t->s[i].label);
        free_cells(t, t->s[i].cells);
    }
    free(t->s);
    for (size_t i = 0; i < t->nq; i++) {
        pk_support_q *q = &t->q[i];
        free(q->name);
        free(q->label);
        free(q->wording);
        pk_scale_free(q->own);
        if (!q->scale || q->own)
            for (size_t k = 0; k < q->ncells; k++)
                free(q->codes[k]);
        free(q->codes);
        free(q->excl);
        free(q->hkeys);
        free(q->hvals);
        free(q->perm);
        free(q->resp);
        free(q->base);
        free(q->ocols);
    }
    free(t->q);
    for (size_t i = 0; i < t->nby; i++) {
        free(t->b[i].slots);
        pk_util_hindex_free(&t->b[i].ix);
        free(t->b[i].cols);
        free(t->b[i].combined);
    }
    free(t->b);
    free(t->outslots);
    for (size_t i = 0; i < t->nnotes; i++)
        free(t->notes[i]);
    free(t->notes);
    free(t->source);
    if (t->sig)
        for (size_t i = 0; i < t->nrows; i++)
            free(t->sig[i]);
    free(t->sig);
    pk_support_letters_free(t->letters);
    free(t->weight);
    pk_support_calibrated_free(t->cal);
    pk_support_design_free(t->des);
    free(t->key);
    free(t->where_col);
    free(t->where_hits);
    free(t->universe);
    free(t->gslot);
    free(t->rowcell);
    free(t);
}

size_t pk_support_nnotes(const pk_support *t)
{
    return t->nnotes;
}

const char *pk_support_note(const pk_support *t, size_t i)
{
    return t->notes[i];
}

long pk_support_nrows_input(const pk_support *t)
{
    return t->N;
}

/* The cell of an answer, or SIZE_MAX. */
static size_t cell_of(const pk_support_q *q, const char *v)
{
    if (q->hcap == 0)
        return SIZE_MAX;
    size_t mask = q->hcap - 1, i = (size_t)pk_util_hash_words(v, strlen(v)) & mask;
    while (q->hkeys[i]) {
        if (strcmp(q->hkeys[i], v) == 0)
            return q->hvals[i];
        i = (i + 1) & mask;
    }
    return SIZE_MAX;
}

static int hash_put(pk_support_q *q, const char *key, size_t val)
{
    if ((q->ncells + 1) * 2 > q->hcap) {
        size_t ncap = q->hcap ? 2 * q->hcap : 16;
        char **k = calloc(ncap, sizeof *k);
        size_t *v = calloc(ncap, sizeof *v);
        if (!k || !v) {
            free(k);
            free(v);
            return -1;
        }
        for (size_t i = 0; i < q->hcap; i++) {
            if (!q->hkeys[i])
                continue;
            size_t j = (size_t)pk_util_hash_words(q->hkeys[i], strlen(q->hkeys[i])) & (ncap - 1);
            while (k[j])
                j = (j + 1) & (ncap - 1);
            k[j] = q->hkeys[i];
            v[j] = q->hvals[i];
        }
        free(q->hkeys);
        free(q->hvals);
        q->hkeys = k;
        q->hvals = v;
        q->hcap = ncap;
    }
    size_t mask = q->hcap - 1, i = (size_t)pk_util_hash_words(key, strlen(key)) & mask;
    while (q->hkeys[i])
        i = (i + 1) & mask;
    q->hkeys[i] = (char *)key;
    q->hvals[i] = val;
    return 0;
}

static int is_excluded(const pk_support_opts *o, const char *code)
{
    for (size_t i = 0; i < o->nexclude; i++)
        if (strcmp(o->exclude[i], code) == 0)
            return 1;
    return 0;
}

/* A value first seen in a column without a scale becomes a new cell, in
 * every slot. */
static size_t add_cell(pk_support *t, size_t qi, const char *v, pk_err *err)
{
    pk_support_q *q = &t->q[qi];
    if (q->ncells == q->capcells) {
        /* Every slot's cells, the codes and the exclusions share one
         * capacity, so they grow together here rather than by pk_util_grow. */
        size_t nc = q->capcells ? 2 * q->capcells : 8;
        for (size_t si = 0; si < t->ns; si++) {
            pk_support_cell *c = cells_alloc(t->s[si].cells[qi], q->capcells, nc);
            if (!c) {
                pk_err_nomem(err);
                return SIZE_MAX;
            }
            t->s[si].cells[qi] = c;
        }
        char **codes = realloc(q->codes, nc * sizeof *codes);
        if (codes)
            q->codes = codes;
        unsigned char *ex = realloc(q->excl, nc);
        if (ex)
            q->excl = ex;
        if (!codes || !ex) {
            pk_err_nomem(err);
            return SIZE_MAX;
        }
        q->capcells = nc;
    }
    char *code = strdup(v);
    if (!code || hash_put(q, code, q->ncells) != 0) {
        free(code);
        pk_err_nomem(err);
        return SIZE_MAX;
    }
    q->codes[q->ncells] = code;
    q->excl[q->ncells] = (unsigned char)is_excluded(&t->o, code);
    return q->ncells++;
}

/* Find --by break i's column (an interlocked break's columns) in r's
 * header. */
static int setup_by(pk_support *t, pk_csv_reader *r, size_t i, pk_err *err)
{
    const char *name = pk_csv_reader_name(r);
    char hint[PK_COLNAME_HINT_SIZE];
    const pk_support_by *by = &t->o.by[i];
    if (by->ncolumns >= 2) {
        if (!(t->b[i].cols = calloc(by->ncolumns, sizeof *t->b[i].cols)))
            return pk_err_nomem(err);
        t->b[i].ncols = by->ncolumns;
        for (size_t k = 0; k < by->ncolumns; k++) {
            long c = pk_csv_reader_col(r, by->columns[k]);
            if (c < 0)
                return pk_err_set(err, PK_ERR_DATA, "%s: no column '%s' (of --by %s)%s", name,
                                  by->columns[k], by->column,
                                  pk_csv_reader_hint(r, by->columns[k], hint, sizeof hint));
            for (size_t j = 0; j < k; j++)
                if (t->b[i].cols[j] == c)
                    return pk_err_set(err, PK_ERR_USAGE, "--by %s: column '%s' given twice",
                                      by->column, by->columns[k]);
            t->b[i].cols[k] = c;
        }
        t->b[i].col = t->b[i].cols[0];
    } else {
        t->b[i].col = pk_csv_reader_col(r, by->column);
        if (t->b[i].col < 0)
            return pk_err_set(err, PK_ERR_DATA, "%s: no --by column '%s'%s", name, by->column,
                              pk_csv_reader_hint(r, by->column, hint, sizeof hint));
    }
    for (size_t j = 0; j < i; j++)
        if (strcmp(t->o.by[j].column, by->column) == 0 ||
            (!t->b[i].ncols && !t->b[j].ncols && t->b[j].col == t->b[i].col))
            return pk_err_set(err, PK_ERR_USAGE, "--by: %s'%s' given twice",
                              t->b[i].ncols ? "" : "column ", by->column);
    return 0;
}

/* A multiple-choice question: its option columns, and a scale of its
 * options (codes their columns, labels theirs); cells 0..n-1 count each
 * option ticked, n..2n-1 not ticked. */
static int setup_multi(pk_support *t, pk_csv_reader *r, const pk_support_question *oq, pk_err *err)
{
    char hint[PK_COLNAME_HINT_SIZE];
    const char *name = pk_csv_reader_name(r);
    size_t n = oq->noptions;
    for (size_t j = 0; j < t->nq; j++)
        if (strcmp(t->q[j].name, oq->name) == 0)
            return pk_err_set(err, PK_ERR_USAGE, "--questions: '%s' given twice", oq->name);
    pk_support_q *q = &t->q[t->nq++];
    q->name = xstrdup(oq->name);
    q->label = xstrdup(oq->label ? oq->label : oq->name);
    q->wording = xstrdup(oq->wording ? oq->wording : "");
    q->col = -1;
    q->ocols = calloc(n, sizeof *q->ocols);
    q->codes = calloc(2 * n, sizeof *q->codes);
    q->excl = calloc(2 * n, 1);
    if (!q->name || !q->label || !q->wording || !q->ocols || !q->codes || !q->excl ||
        !(q->own = pk_scale_new(oq->name, oq->label)))
        return pk_err_nomem(err);
    q->capcells = 2 * n;
    q->nopt = n;
    for (size_t k = 0; k < n; k++) {
        const char *opt = oq->options[k];
        if ((q->ocols[k] = pk_csv_reader_col(r, opt)) < 0)
            return pk_err_set(err, PK_ERR_DATA, "%s: no column '%s' (an option of %s)%s", name, opt,
                              oq->name, pk_csv_reader_hint(r, opt, hint, sizeof hint));
        const char *lab = oq->option_labels && oq->option_labels[k] ? oq->option_labels[k] : opt;
        if (!(q->codes[k] = strdup(opt)) || hash_put(q, q->codes[k], k) != 0)
            return pk_err_nomem(err);
        q->ncells++;
        if (pk_scale_add_code(q->own, opt, lab, PK_SIDE_NONE, 0, err) != 0)
            return err->status;
    }
    if (pk_scale_finish(q->own, err) != 0)
        return err->status;
    q->scale = q->own;
    return 0;
}

/* Set up questions, --by columns and codebook groups from the header. */
static int setup(pk_support *t, pk_csv_reader *r, pk_err *err)
{
    const pk_support_opts *o = &t->o;
    const char *name = pk_csv_reader_name(r);
    char hint[PK_COLNAME_HINT_SIZE];
    long wcol = -1;
    if (o->weight) {
        wcol = pk_csv_reader_col(r, o->weight);
        if (wcol < 0)
            return pk_err_set(err, PK_ERR_DATA, "%s: no weight column '%s'%s", name, o->weight,
                              pk_csv_reader_hint(r, o->weight, hint, sizeof hint));
    }
    t->nby = o->nby;
    t->b = calloc(o->nby ? o->nby : 1, sizeof *t->b);
    if (!t->b)
        return pk_err_nomem(err);
    for (size_t i = 0; i < o->nby; i++)
        if (setup_by(t, r, i, err) != 0)
            return err->status;
    size_t nhits = 0;
    for (size_t i = 0; i < o->nwhere; i++)
        nhits += o->where[i].ncodes;
    t->where_col = calloc(o->nwhere ? o->nwhere : 1, sizeof *t->where_col);
    t->where_hits = calloc(nhits ? nhits : 1, sizeof *t->where_hits);
    if (!t->where_col || !t->where_hits)
        return pk_err_nomem(err);
    for (size_t i = 0; i < o->nwhere; i++) {
        t->where_col[i] = pk_csv_reader_col(r, o->where[i].column);
        if (t->where_col[i] < 0)
            return pk_err_set(err, PK_ERR_DATA, "%s: no --where column '%s'%s", name,
                              o->where[i].column,
                              pk_csv_reader_hint(r, o->where[i].column, hint, sizeof hint));
    }
    if (o->nquestions == 0)
        return pk_err_set(err, PK_ERR_USAGE, "no questions: give --questions (or a codebook that "
                                          "declares questions)");
    t->q = calloc(o->nquestions, sizeof *t->q);
    if (!t->q)
        return pk_err_nomem(err);
    for (size_t i = 0; i < o->nquestions; i++) {
        const pk_support_question *oq = &o->questions[i];
        if (oq->noptions) {
            if (setup_multi(t, r, oq, err) != 0)
                return err->status;
            continue;
        }
        long c = pk_csv_reader_col(r, oq->name);
        if (c < 0) {
            if (o->questions_strict || oq->mean_only)
                return pk_err_set(err, PK_ERR_DATA, "%s: no question column '%s'%s", name, oq->name,
                                  pk_csv_reader_hint(r, oq->name, hint, sizeof hint));
            if (add_note(t, "%s: codebook question '%s' is not in the input; skipped%s", name,
                         oq->name, pk_csv_reader_hint(r, oq->name, hint, sizeof hint)) != 0)
                return pk_err_nomem(err);
            continue;
        }
        for (size_t j = 0; j < t->nq; j++)
            if (t->q[j].col == c)
                return pk_err_set(err, PK_ERR_USAGE, "--questions: '%s' given twice", oq->name);
        if (c == wcol)
            return pk_err_set(err, PK_ERR_USAGE, "--questions: '%s' is the weight column", oq->name);
        for (size_t bi = 0; bi < t->nby; bi++)
            for (size_t k = 0; k < (t->b[bi].ncols ? t->b[bi].ncols : 1); k++)
                if ((t->b[bi].ncols ? t->b[bi].cols[k] : t->b[bi].col) == c)
                    return pk_err_set(err, PK_ERR_USAGE, "--questions: '%s' is also a --by column",
                                      oq->name);
        pk_support_q *q = &t->q[t->nq++];
        q->name = xstrdup(oq->name);
        q->label = xstrdup(oq->label ? oq->label : oq->name);
        q->wording = xstrdup(oq->wording ? oq->wording : "");
        q->col = c;
        q->scale = oq->scale;
        q->mean_only = oq->mean_only;
        if (q->mean_only && q->scale && !pk_scale_has_mean(q->scale))
            return pk_err_set(err, PK_ERR_USAGE, "--means %s: its codebook scale gives its codes no "
                              "scores (the codebook's 'score' column)", oq->name);
        if (!q->name || !q->label || !q->wording)
            return pk_err_nomem(err);
        if (!q->scale)
            continue;
        size_t nc = pk_scale_ncodes(q->scale);
        q->codes = calloc(nc, sizeof *q->codes);
        q->excl = calloc(nc, 1);
        if (!q->codes || !q->excl)
            return pk_err_nomem(err);
        q->capcells = nc;
        for (size_t k = 0; k < nc; k++) {
            const char *code = pk_scale_response_at(q->scale, k)->code;
            q->codes[k] = (char *)code;
            q->excl[k] = (unsigned char)is_excluded(o, code);
            if (hash_put(q, code, k) != 0)
                return pk_err_nomem(err);
            q->ncells++;
        }
    }
    if (t->nq == 0)
        return pk_err_set(err, PK_ERR_DATA, "%s: none of the questions is in the input", name);
    if (new_slot(t, SIZE_MAX, "All", "All", 1) == SIZE_MAX)
        return pk_err_nomem(err);
    for (size_t i = 0; i < o->nby; i++) {
        const pk_support_by *by = &o->by[i];
        for (size_t k = 0; k < by->ncodes; k++) {
            const char *lab = by->labels && by->labels[k] ? by->labels[k] : by->codes[k];
            size_t s = new_slot(t, i, by->codes[k], lab, 1);
            if (s == SIZE_MAX || by_add_slot(&t->b[i], s, by->codes[k]) != 0)
                return pk_err_nomem(err);
        }
        t->b[i].nknown = by->ncodes;
    }
    return 0;
}

static void add(pk_support_cell *c, double w)
{
    if (w > 0) {
        c->n++;
        c->sw += w;
        c->sw2 += (long double)w * w;
    } else {
        c->nz++;
    }
}

/* The group a row's value falls in, creating it on first sight (no
 * codebook) or as a noted unknown (codebook). SIZE_MAX on error. */
static size_t group_of(pk_support *t, size_t bi, const char *v, pk_csv_reader *r, pk_err *err)
{
    pk_support_byinfo *b = &t->b[bi];
    uint64_t h = pk_util_hash_words(v, strlen(v));
    size_t at = 0, k;
    while ((k = pk_util_hindex_next(&b->ix, h, &at)) != SIZE_MAX) {
        pk_support_slot *s = &t->s[b->slots[k]];
        if (strcmp(s->code, v) == 0) {
            s->rows++;
            return b->slots[k];
        }
    }
    long maxg = t->o.max_groups > 0 ? t->o.max_groups : 1000;
    if ((long)b->nslots >= maxg) {
        pk_err_set(err, PK_ERR_DATA, "%s:%ld:%s: more than %ld groups: is '%s' a grouping column?",
                   pk_csv_reader_name(r), pk_csv_reader_line(r), t->o.by[bi].column, maxg,
                   t->o.by[bi].column);
        return SIZE_MAX;
    }
    int known = t->o.by[bi].ncodes == 0;
    size_t s = new_slot(t, bi, v, v, known);
    if (s == SIZE_MAX || by_add_slot(b, s, v) != 0) {
        pk_err_nomem(err);
        return SIZE_MAX;
    }
    t->s[s].rows = 1;
    return s;
}

static int read_weight(pk_support *t, pk_csv_reader *r, long wcol, double *w, pk_err *err)
{
    const char *v = pk_csv_reader_field(r, (size_t)wcol);
    char q[80];
    if (v[0] == '\0')
        return pk_err_set(err, PK_ERR_DATA, "%s:%ld:%s: missing weight", pk_csv_reader_name(r),
                          pk_csv_reader_line(r), t->weight);
    int bad = pk_number_parse(v, w);
    if (bad)
        return pk_err_set(err, PK_ERR_DATA, "%s:%ld:%s: weight '%s' is %s",
                          pk_csv_reader_name(r), pk_csv_reader_line(r), t->weight,
                          pk_err_quote(q, sizeof q, v, strlen(v)), pk_number_problem(bad));
    if (*w < 0)
        return pk_err_set(err, PK_ERR_DATA, "%s:%ld:%s: negative weight %s", pk_csv_reader_name(r),
                          pk_csv_reader_line(r), t->weight, pk_err_quote(q, sizeof q, v, strlen(v)));
    /* Every domain's sums are at most these: if they stay finite, so do
     * the shares and variances; if not, no figure would mean anything. */
    t->wsum += *w;
    t->w2sum += *w * *w;
    if (!isfinite(t->wsum) || !isfinite(t->w2sum))
        return pk_err_set(err, PK_ERR_DATA,
                          "%s:%ld:%s: the weights are too large: their sum or sum of squares "
                          "overflows at weight %s", pk_csv_reader_name(r), pk_csv_reader_line(r),
                          t->weight, pk_err_quote(q, sizeof q, v, strlen(v)));
    return 0;
}

/* --combine groups. Members are named as everywhere (code, BY=CODE or
 * label; support_table.h), among the groups of every --by column, and must
 * all belong to one column. */
static int combine_groups(pk_support *t, pk_csv_reader *r, pk_err *err)
{
    const pk_support_opts *o = &t->o;
    pk_support_table_group *groups = malloc((t->ns ? t->ns : 1) * sizeof *groups);
    size_t *slot_of = malloc((t->ns ? t->ns : 1) * sizeof *slot_of);
    size_t ng = 0;
    if (!groups || !slot_of) {
        free(groups);
        free(slot_of);
        return pk_err_nomem(err);
    }
    for (size_t bi = 0; bi < t->nby; bi++)
        for (size_t k = 0; k < t->b[bi].nslots; k++) {
            pk_support_slot *s = &t->s[t->b[bi].slots[k]];
            if (!s->output)
                continue;
            groups[ng] = (pk_support_table_group){o->by[bi].column, s->code, s->label};
            slot_of[ng++] = t->b[bi].slots[k];
        }
    int rc = 0;
    for (size_t ci = 0; ci < o->ncombine && !rc; ci++) {
        const pk_support_combine *c = &o->combine[ci];
        size_t *members = malloc(c->ncodes * sizeof *members);
        if (!members) {
            rc = pk_err_nomem(err);
            break;
        }
        size_t bi = SIZE_MAX;
        for (size_t m = 0; m < c->ncodes && !rc; m++) {
            size_t at;
            char forms[512];
            int found = pk_support_table_group_find(groups, ng, c->codes[m], &at, forms, sizeof forms);
            if (found == PK_SUPPORT_TABLE_GROUP_AMBIGUOUS)
                rc = pk_err_set(err, PK_ERR_USAGE,
                                "--combine %s: '%s' names groups of several --by columns: write one of %s",
                                c->name, c->codes[m], forms);
            else if (found != PK_SUPPORT_TABLE_GROUP_FOUND)
                rc = pk_err_set(err, PK_ERR_DATA, "%s: --combine %s: no --by column has a group '%s'",
                                pk_csv_reader_name(r), c->name, c->codes[m]);
            else if (bi != SIZE_MAX && t->s[slot_of[at]].by != bi)
                rc = pk_err_set(err, PK_ERR_USAGE,
                                "--combine %s: '%s' is a group of %s, '%s' of %s: a combined group "
                                "joins groups of one --by column",
                                c->name, c->codes[0], o->by[bi].column, c->codes[m], groups[at].by);
            else {
                bi = t->s[slot_of[at]].by;
                members[m] = slot_of[at];
            }
        }
        pk_support_byinfo *b = rc ? NULL : &t->b[bi];
        for (size_t k = 0; b && k < b->nslots && !rc; k++)
            if (strcmp(t->s[b->slots[k]].code, c->name) == 0)
                rc = pk_err_set(err, PK_ERR_USAGE, "--combine: '%s' is already a group of %s", c->name,
                                o->by[bi].column);
        if (!rc) {
            size_t ns = new_slot(t, bi, c->name, c->name, 1);
            if (ns == SIZE_MAX ||
                pk_util_grow((void **)&b->combined, &b->capcombined, b->ncombined + 1, sizeof *b->combined))
                rc = pk_err_nomem(err);
            else {
                b->combined[b->ncombined++] = ns;
                t->s[ns].combined = 1;
                for (size_t m = 0; m < c->ncodes; m++)
                    for (size_t qi = 0; qi < t->nq; qi++) {
                        const pk_support_cell *src = t->s[members[m]].cells[qi];
                        pk_support_cell *dst = t->s[ns].cells[qi];
                        for (size_t x = 0; x < t->q[qi].ncells && !rc; x++) {
                            dst[x].n += src[x].n;
                            dst[x].nz += src[x].nz;
                            dst[x].sw += src[x].sw;
                            dst[x].sw2 += src[x].sw2;
                            rc = extra_merge(t, &dst[x], &src[x], err);
                        }
                    }
            }
        }
        free(members);
    }
    free(groups);
    free(slot_of);
    return rc;
}

/* The groups a --by column's data brought (all of them without a
 * codebook; with one, the values it lacks, which get notes) in
 * pk_number_order_codes' order, after the codebook's categories: the
 * same table whatever order the rows come in. */
static int order_groups(pk_support *t, pk_support_byinfo *b)
{
    size_t n = b->nslots - b->nknown, *tail = b->slots + b->nknown;
    if (n < 2)
        return 0;
    const char **codes = malloc(n * sizeof *codes);
    size_t *order = malloc(n * sizeof *order), *was = malloc(n * sizeof *was);
    int rc = -1;
    if (codes && order && was) {
        for (size_t k = 0; k < n; k++) {
            was[k] = tail[k];
            codes[k] = t->s[tail[k]].code;
        }
        if ((rc = pk_number_order_codes(codes, n, order)) == 0)
            for (size_t k = 0; k < n; k++)
                tail[k] = was[order[k]];
    }
    free(codes);
    free(order);
    free(was);
    return rc;
}

/* An interlocked break's codebook combinations that no row (of the
 * subgroup) has: not written, and listed in a note. */
static int empty_combinations(pk_support *t, size_t bi, pk_csv_reader *r)
{
    pk_support_byinfo *b = &t->b[bi];
    pk_util_sbuf list = {0};
    size_t n = 0;
    for (size_t k = 0; k < b->nknown; k++) {
        pk_support_slot *s = &t->s[b->slots[k]];
        if (s->rows > 0 || !s->output)
            continue;
        s->output = 0;
        pk_util_sbuf_addf(&list, "%s%s (%s)", n++ ? ", " : "", s->code, s->label);
    }
    int rc = list.oom ? -1
             : n      ? add_note(t, "%s: --by %s: %zu combination%s no respondent has, not written: %s",
                                 pk_csv_reader_name(r), t->o.by[bi].column, n, n == 1 ? "" : "s",
                                 pk_util_sbuf_str(&list))
                      : 0;
    pk_util_sbuf_free(&list);
    return rc;
}

/* After the pass: the groups' order, unknown-group notes, --combine
 * groups, output order. */
static int finish_groups(pk_support *t, pk_csv_reader *r, pk_err *err)
{
    const pk_support_opts *o = &t->o;
    for (size_t bi = 0; bi < t->nby; bi++) {
        pk_support_byinfo *b = &t->b[bi];
        pk_util_hindex_free(&b->ix);   /* positions change with the order */
        if (order_groups(t, b) != 0)
            return pk_err_nomem(err);
        for (size_t k = 0; k < b->nslots; k++) {
            pk_support_slot *s = &t->s[b->slots[k]];
            if (!s->output && add_note(t, "%s: %ld row%s with %s '%s', not a codebook category, "
                                          "count%s in All only", pk_csv_reader_name(r), s->rows,
                                       s->rows == 1 ? "" : "s", o->by[bi].column, s->code,
                                       s->rows == 1 ? "s" : "") != 0)
                return pk_err_nomem(err);
        }
        if (b->ncols && empty_combinations(t, bi, r) != 0)
            return pk_err_nomem(err);
    }
    if (o->ncombine && combine_groups(t, r, err) != 0)
        return err->status;
    t->outslots = malloc(t->ns * sizeof *t->outslots);
    if (!t->outslots)
        return pk_err_nomem(err);
    t->outslots[t->noutslots++] = 0;
    for (size_t bi = 0; bi < t->nby; bi++) {
        pk_support_byinfo *b = &t->b[bi];
        for (size_t k = 0; k < b->nslots; k++)
            if (t->s[b->slots[k]].output)
                t->outslots[t->noutslots++] = b->slots[k];
        for (size_t k = 0; k < b->ncombined; k++)
            t->outslots[t->noutslots++] = b->combined[k];
    }
    return 0;
}

/* After the pass: the scales of columns without one (their values in
 * pk_number_order_codes' order: numeric when every value is a number, else
 * bytewise), each question's responses and base, the
 * check that every --exclude code is some question's response. */
static int finish_questions(pk_support *t, pk_csv_reader *r, pk_err *err)
{
    const pk_support_opts *o = &t->o;
    const char *name = pk_csv_reader_name(r);
    for (size_t qi = 0; qi < t->nq; qi++) {
        pk_support_q *q = &t->q[qi];
        if (!q->scale) {
            if (q->ncells == 0)
                return pk_err_set(err, PK_ERR_DATA, "%s: question column '%s' has no answers",
                                  name, q->name);
            size_t *order = malloc(q->ncells * sizeof *order);
            if (!order || !(q->own = pk_scale_new(q->name, NULL)) ||
                pk_number_order_codes((const char *const *)q->codes, q->ncells, order) != 0) {
                free(order);
                return pk_err_nomem(err);
            }
            for (size_t k = 0; k < q->ncells; k++) {
                const char *code = q->codes[order[k]];
                double v;
                if (pk_scale_add_code(q->own, code, NULL, PK_SIDE_NONE, 0, err) != 0 ||
                    (q->mean_only && (pk_number_parse(code, &v) != 0 ||
                                      pk_scale_set_score(q->own, code, v, 0, err) != 0))) {
                    free(order);
                    return err->status ? err->status
                                       : pk_err_set(err, PK_ERR_DATA, "%s: '%s' is not a number",
                                                    q->name, code);
                }
            }
            free(order);
            if (pk_scale_finish(q->own, err) != 0)
                return err->status;
            q->scale = q->own;
        }
        size_t nc = pk_scale_ncodes(q->scale), nr = pk_scale_nresponses(q->scale);
        q->perm = malloc((nc ? nc : 1) * sizeof *q->perm);
        q->resp = malloc((nr ? nr : 1) * sizeof *q->resp);
        if (!q->perm || !q->resp)
            return pk_err_nomem(err);
        size_t kept = 0, len = 16;
        for (size_t k = 0; k < nc; k++) {
            const char *code = pk_scale_response_at(q->scale, k)->code;
            q->perm[k] = cell_of(q, code);
            if (q->excl[q->perm[k]])
                len += strlen(code) + 1;
            else
                kept++;
        }
        if (kept == 0)
            return pk_err_set(err, PK_ERR_USAGE, "--exclude: every response of '%s' is excluded; "
                                              "nothing is left in the base", q->name);
        for (size_t k = 0; k < nr; k++)
            if ((k >= nc || !q->excl[q->perm[k]]) &&
                (!q->mean_only || pk_scale_response_at(q->scale, k)->kind == PK_SCALE_KIND_MEAN))
                q->resp[q->nresp++] = k;
        q->base = malloc(len);
        if (!q->base)
            return pk_err_nomem(err);
        strcpy(q->base, "all");
        if (kept < nc) {
            strcpy(q->base, "excluding ");
            int first = 1;
            for (size_t k = 0; k < nc; k++)
                if (q->excl[q->perm[k]]) {
                    if (!first)
                        strcat(q->base, "+");
                    strcat(q->base, pk_scale_response_at(q->scale, k)->code);
                    first = 0;
                }
        }
    }
    for (size_t i = 0; i < o->nexclude; i++) {
        int found = 0;
        for (size_t qi = 0; qi < t->nq && !found; qi++)
            found = cell_of(&t->q[qi], o->exclude[i]) != SIZE_MAX;
        if (!found)
            return pk_err_set(err, PK_ERR_USAGE, "--exclude: '%s' is not a response of any question",
                              o->exclude[i]);
    }
    return 0;
}

/* The row of response index ri of question q in slot k (output order). */
void pk_support_row_at(const pk_support *t, const pk_support_q *q, size_t k, size_t ri, pk_support_table_row *r)
{
    pk_support_row_get(t, q->row0 + k * q->nresp + ri, r);
}

/* The banner's significance letters (support_letters.h), once for the whole
 * table: each --by column's groups are lettered across the banner, All and
 * combined groups are not, and in every row but the net score the groups
 * under --min-base stay out of the tests. */
static int compute_letters(pk_support *t)
{
    size_t ns = t->noutslots;
    size_t *brk = malloc((ns ? ns : 1) * sizeof *brk);
    pk_support_letters_cell *cells = malloc((ns ? ns : 1) * sizeof *cells);
    t->sig = calloc(t->nrows ? t->nrows : 1, sizeof *t->sig);
    int rc = -1;
    if (!brk || !cells || !t->sig)
        goto done;
    for (size_t k = 0; k < ns; k++) {
        const pk_support_slot *s = &t->s[t->outslots[k]];
        brk[k] = s->by == SIZE_MAX || s->combined ? SIZE_MAX : s->by;
    }
    /* A break of more groups than letters can usefully mark is left
     * unlettered: every pair of its groups would be tested in every row,
     * and a cell could carry hundreds of letters (time and output grow
     * with the square of the groups). */
    for (size_t bi = 0; bi < t->nby; bi++) {
        size_t n = 0;
        for (size_t k = 0; k < ns; k++)
            n += brk[k] == bi;
        if (n <= PK_SUPPORT_LETTERS_MAX_BREAK)
            continue;
        for (size_t k = 0; k < ns; k++)
            if (brk[k] == bi)
                brk[k] = SIZE_MAX;
        if (add_note(t, "no significance letters for --by %s: %zu groups, more than the %d a break is "
                        "lettered up to", t->o.by[bi].column, n, PK_SUPPORT_LETTERS_MAX_BREAK) != 0)
            goto done;
    }
    t->letters = pk_support_letters_new(ns, brk, t->o.sig_level);
    if (!t->letters)
        goto done;
    /* Only the lettered groups' rows are worked out here (a break of 999
     * groups has none: working out its 63,000 rows twice was a tenth of
     * the run); the others' cells are never tested. */
    size_t nlettered = 0;
    for (size_t k = 0; k < ns; k++)
        nlettered += brk[k] != SIZE_MAX;
    for (size_t qi = 0; qi < t->nq && nlettered; qi++) {
        const pk_support_q *q = &t->q[qi];
        for (size_t ri = 0; ri < q->nresp; ri++) {
            enum pk_scale_kind kind = pk_scale_response_at(q->scale, q->resp[ri])->kind;
            if (kind == PK_SCALE_KIND_NET_SCORE)
                continue;
            for (size_t k = 0; k < ns; k++) {
                if (brk[k] == SIZE_MAX) {
                    cells[k] = (pk_support_letters_cell){NAN, NAN, 0, -1, 0};
                    continue;
                }
                pk_support_table_row r;
                pk_support_row_at(t, q, k, ri, &r);
                double est = kind == PK_SCALE_KIND_MEAN ? r.mean : r.share;
                cells[k] = (pk_support_letters_cell){est, r.se, r.n, r.df, !r.low_base};
            }
            if (pk_support_letters_row(t->letters, cells) != 0)
                goto done;
            for (size_t k = 0; k < ns; k++) {
                const char *sig = pk_support_letters_sig(t->letters, k);
                size_t i = q->row0 + k * q->nresp + ri;
                if (sig[0] && !(t->sig[i] = strdup(sig)))
                    goto done;
            }
        }
    }
    rc = 0;
done:
    free(brk);
    free(cells);
    return rc;
}

/* An interlocked break's group code in the current record: its columns'
 * codes joined by ':' ("lab:female"), "" when any is empty (the row is in
 * no group of the break). NULL with err filled when a code holds ':',
 * which would make two combinations one code. */
static const char *interlocked_key(pk_support *t, size_t bi, pk_csv_reader *r, pk_err *err)
{
    const pk_support_byinfo *b = &t->b[bi];
    size_t len = 0;
    for (size_t k = 0; k < b->ncols; k++) {
        const char *v = pk_csv_reader_field(r, (size_t)b->cols[k]);
        if (v[0] == '\0')
            return "";
        if (strchr(v, ':')) {
            pk_err_set(err, PK_ERR_DATA, "%s:%ld:%s: '%s' holds ':', which joins the codes of "
                       "--by %s; recode it (pollclean's codebook) or leave it out of the break",
                       pk_csv_reader_name(r), pk_csv_reader_line(r), t->o.by[bi].columns[k], v,
                       t->o.by[bi].column);
            return NULL;
        }
        size_t n = strlen(v);
        if (pk_util_grow((void **)&t->key, &t->capkey, len + n + 2, 1)) {
            pk_err_nomem(err);
            return NULL;
        }
        if (k)
            t->key[len++] = ':';
        memcpy(t->key + len, v, n);
        len += n;
    }
    t->key[len] = '\0';
    return t->key;
}

/* The groups of the current record, one slot per --by column (SIZE_MAX
 * when empty or not shown). -1 with err filled on a bad group. */
static int row_groups(pk_support *t, pk_csv_reader *r, size_t *gslot, pk_err *err)
{
    for (size_t bi = 0; bi < t->nby; bi++) {
        const char *v = t->b[bi].ncols ? interlocked_key(t, bi, r, err)
                                       : pk_csv_reader_field(r, (size_t)t->b[bi].col);
        if (!v)
            return -1;
        if (v[0] == '\0') {
            gslot[bi] = SIZE_MAX;
            continue;
        }
        gslot[bi] = group_of(t, bi, v, r, err);
        if (gslot[bi] == SIZE_MAX)
            return -1;
        if (!t->s[gslot[bi]].output)
            gslot[bi] = SIZE_MAX;
    }
    return 0;
}

/* The cell of question qi for the answer v: a code of its scale, or
 * (without a scale) a value of the data, added when first seen, up to
 * max_codes of them. SIZE_MAX with err filled otherwise. */
static size_t answer_cell(pk_support *t, size_t qi, const char *v, pk_csv_reader *r,
                          long max_codes, pk_err *err)
{
    pk_support_q *q = &t->q[qi];
    size_t code = cell_of(q, v);
    if (code != SIZE_MAX)
        return code;
    char qb[80];
    if (q->scale) {
        /* The first codes of the scale, to show what is wanted. */
        char list[200] = "";
        size_t nc = pk_scale_ncodes(q->scale);
        for (size_t k = 0; k < nc && strlen(list) < 120; k++)
            snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s",
                     k ? ", " : "", pk_scale_response_at(q->scale, k)->code);
        pk_err_set(err, PK_ERR_DATA, "%s:%ld:%s: '%s' is not a code of scale '%s' (%s%s "
                                  "or empty)",
                   pk_csv_reader_name(r), pk_csv_reader_line(r), q->name,
                   pk_err_quote(qb, sizeof qb, v, strlen(v)),
                   pk_scale_name(q->scale), list, strlen(list) >= 120 ? ", ..." : "");
        return SIZE_MAX;
    }
    if (q->mean_only) {
        double x;
        int bad = pk_number_parse(v, &x);
        if (bad || !isfinite(x)) {
            pk_err_set(err, PK_ERR_DATA, "%s:%ld:%s: '%s' is %s: --means takes a column of numbers",
                       pk_csv_reader_name(r), pk_csv_reader_line(r), q->name,
                       pk_err_quote(qb, sizeof qb, v, strlen(v)),
                       bad ? pk_number_problem(bad) : "not a finite number");
            return SIZE_MAX;
        }
        max_codes = PK_SUPPORT_MEANS_MAX_VALUES;
    }
    if ((long)q->ncells >= max_codes) {
        if (q->mean_only)
            pk_err_set(err, PK_ERR_DATA, "%s:%ld:%s: more than %ld different values: --means keeps "
                       "sums for each value and group; round or band the column first",
                       pk_csv_reader_name(r), pk_csv_reader_line(r), q->name, max_codes);
        else
            pk_err_set(err, PK_ERR_DATA, "%s:%ld:%s: more than %ld different answers: is '%s' "
                                      "a question with categories?",
                       pk_csv_reader_name(r), pk_csv_reader_line(r), q->name, max_codes,
                       q->name);
        return SIZE_MAX;
    }
    return add_cell(t, qi, v, err);
}

/* The current record in cell `cell` of question qi, in All and in its
 * groups (gslot, one per --by break; SIZE_MAX: none). */
static int count_cell(pk_support *t, size_t qi, size_t cell, const size_t *gslot, double w,
                      pk_err *err)
{
    add(&t->s[0].cells[qi][cell], w);
    for (size_t bi = 0; bi < t->nby; bi++)
        if (gslot[bi] != SIZE_MAX)
            add(&t->s[gslot[bi]].cells[qi][cell], w);
    if (t->cal || t->des || t->stack) {
        int rc = extra_add(t, &t->s[0].cells[qi][cell], w, err);
        for (size_t bi = 0; bi < t->nby && !rc; bi++)
            if (gslot[bi] != SIZE_MAX)
                rc = extra_add(t, &t->s[gslot[bi]].cells[qi][cell], w, err);
        return rc;
    }
    return 0;
}

/* Whether the current record answers a multiple-choice question (any of
 * its option columns has a value): 1, 0, or -1 with err set when an option
 * holds anything but 1 (ticked), 0 or empty (not ticked), naming
 * FILE:LINE:COLUMN. */
static int multi_check(pk_support_q *q, pk_csv_reader *r, pk_err *err)
{
    int any = 0;
    for (size_t k = 0; k < q->nopt && !any; k++)
        any = pk_csv_reader_field(r, (size_t)q->ocols[k])[0] != '\0';
    for (size_t k = 0; k < q->nopt && any; k++) {
        const char *v = pk_csv_reader_field(r, (size_t)q->ocols[k]);
        if (v[0] && strcmp(v, "1") != 0 && strcmp(v, "0") != 0) {
            char qb[80];
            pk_err_set(err, PK_ERR_DATA, "%s:%ld:%s: '%s' in an option of multiple-choice "
                       "question %s: an option holds 1 (ticked), 0 or nothing (not ticked)",
                       pk_csv_reader_name(r), pk_csv_reader_line(r), q->codes[k],
                       pk_err_quote(qb, sizeof qb, v, strlen(v)), q->name);
            return -1;
        }
    }
    return any;
}

/* The current record's answer to every question, counted: first every
 * answer's cell (and any error, in the order of the questions), each cell
 * of the record's groups prefetched as soon as it is known, and only then
 * the sums. With hundreds of groups their cells outgrow the caches; asked
 * for while the next answers are looked up, a record's cache misses overlap
 * instead of following one another. The sums, and their order, are those
 * of counting each answer as it is read. */
static int count_answers(pk_support *t, pk_csv_reader *r, const size_t *gslot, double w,
                         long max_codes, pk_err *err)
{
    size_t *cell = t->rowcell;
    for (size_t qi = 0; qi < t->nq; qi++) {
        pk_support_q *q = &t->q[qi];
        cell[qi] = SIZE_MAX;
        if (q->nopt) {
            int any = multi_check(q, r, err);
            if (any < 0)
                return err->status;
            cell[qi] = any ? 0 : SIZE_MAX;
            continue;
        }
        const char *v = pk_csv_reader_field(r, (size_t)q->col);
        if (v[0] == '\0')
            continue;
        size_t code = answer_cell(t, qi, v, r, max_codes, err);
        if (code == SIZE_MAX)
            return err->status;
        if (q->excl[code])
            continue;
        cell[qi] = code;
        for (size_t bi = 0; bi < t->nby; bi++)
            if (gslot[bi] != SIZE_MAX)
                __builtin_prefetch(&t->s[gslot[bi]].cells[qi][code], 1);
    }
    for (size_t qi = 0; qi < t->nq; qi++) {
        pk_support_q *q = &t->q[qi];
        if (cell[qi] == SIZE_MAX)
            continue;
        if (!q->nopt) {
            if (count_cell(t, qi, cell[qi], gslot, w, err) != 0)
                return err->status;
            continue;
        }
        for (size_t k = 0; k < q->nopt; k++) {
            int ticked = strcmp(pk_csv_reader_field(r, (size_t)q->ocols[k]), "1") == 0;
            if (count_cell(t, qi, ticked ? k : q->nopt + k, gslot, w, err) != 0)
                return err->status;
        }
    }
    return 0;
}

/* Whether the current record is in the --where subgroup (every condition
 * holds), counting the codes it has. */
static int in_subgroup(pk_support *t, pk_csv_reader *r)
{
    int in = 1;
    long *hits = t->where_hits;
    for (size_t i = 0; i < t->o.nwhere; i++) {
        const pk_support_where *w = &t->o.where[i];
        const char *v = pk_csv_reader_field(r, (size_t)t->where_col[i]);
        int match = 0;
        for (size_t k = 0; k < w->ncodes; k++)
            if (strcmp(v, w->codes[k]) == 0) {
                hits[k]++;
                match = 1;
            }
        hits += w->ncodes;
        /* An empty value is in neither form (R's subset drops NA). */
        if (v[0] == '\0' || match == w->negate)
            in = 0;
    }
    return in;
}

/* After the pass: the universe column's words ("Scotland only", "excluding
 * Scotland and Wales", conditions joined by "; "), a note on the rows in
 * the subgroup, one per code no row has, and an error when no row is in it. */
static int finish_where(pk_support *t, pk_csv_reader *r, pk_err *err)
{
    const pk_support_opts *o = &t->o;
    if (!o->nwhere)
        return 0;
    pk_util_sbuf b = {0};
    const long *hits = t->where_hits;
    for (size_t i = 0; i < o->nwhere; i++) {
        const pk_support_where *w = &o->where[i];
        if (i)
            pk_util_sbuf_add(&b, "; ");
        if (w->negate)
            pk_util_sbuf_add(&b, "excluding ");
        for (size_t k = 0; k < w->ncodes; k++) {
            const char *lab = w->labels && w->labels[k] ? w->labels[k] : w->codes[k];
            if (k)
                pk_util_sbuf_add(&b, k + 1 < w->ncodes ? ", " : w->negate ? " and " : " or ");
            pk_util_sbuf_add(&b, lab);
            if (hits[k] == 0 &&
                add_note(t, "%s: --where %s: no row has '%s'", pk_csv_reader_name(r), w->column,
                         w->codes[k]) != 0)
                b.oom = 1;
        }
        hits += w->ncodes;
        if (!w->negate)
            pk_util_sbuf_add(&b, " only");
    }
    if (!(t->universe = pk_util_sbuf_take(&b)))
        return pk_err_nomem(err);
    if (t->nin == 0)
        return pk_err_set(err, PK_ERR_DATA, "%s: no row is in the --where subgroup (%s)",
                          pk_csv_reader_name(r), t->universe);
    if (add_note(t, "%s: %ld of %ld rows in the subgroup (%s); the other %ld stay in the variance, "
                    "as in R's subset()", pk_csv_reader_name(r), t->nin, t->N, t->universe,
                 t->N - t->nin) != 0)
        return pk_err_nomem(err);
    return 0;
}

pk_support *pk_support_begin(pk_csv_reader *r, const pk_support_opts *opts, pk_err *err)
{
    pk_support *t = calloc(1, sizeof *t);
    if (!t) {
        pk_err_nomem(err);
        return NULL;
    }
    t->o = *opts;
    if (!(t->o.sig_level > 0 && t->o.sig_level < 1))
        t->o.sig_level = 0.95;
    t->weight = xstrdup(opts->weight);
    t->source = xstrdup(pk_csv_reader_name(r));
    if (!t->source) {
        pk_err_nomem(err);
        goto fail;
    }
    if (setup(t, r, err) != 0)
        goto fail;
    t->wcol = t->weight ? pk_csv_reader_col(r, t->weight) : -1;
    if (opts->calibrated) {
        if (t->wcol < 0) {
            pk_err_set(err, PK_ERR_USAGE, "--calibrated needs weights (the weights raked to its targets)");
            goto fail;
        }
        if (!(t->cal = pk_support_calibrated_new(opts->calibrated, r, err)))
            goto fail;
    }
    if (opts->design && !(t->des = pk_support_design_new(opts->design, r, err)))
        goto fail;
    if (t->cal && t->des &&
        pk_support_design_calibrate(t->des, pk_support_calibrated_ncategories(t->cal), err) != 0)
        goto fail;
    if (!(t->gslot = malloc((t->nby ? t->nby : 1) * sizeof *t->gslot)) ||
        !(t->rowcell = malloc((t->nq ? t->nq : 1) * sizeof *t->rowcell))) {
        pk_err_nomem(err);
        goto fail;
    }
    t->max_codes = opts->max_codes > 0 ? opts->max_codes : 100;
    return t;
fail:
    pk_support_free(t);
    return NULL;
}

void pk_support_stack(pk_support *t, pk_support_design *stack)
{
    t->stack = stack;
}

int pk_support_feed(pk_support *t, pk_csv_reader *r, double *weight, pk_err *err)
{
    double w = 1;
    t->N++;
    if (t->wcol >= 0 && read_weight(t, r, t->wcol, &w, err) != 0)
        return err->status;
    if (weight)
        *weight = w;
    if (t->cal && pk_support_calibrated_row(t->cal, r, w, err) != 0)
        return err->status;
    if (t->des && pk_support_design_row(t->des, r, err) != 0)
        return err->status;
    if (t->des && t->cal) {
        size_t m;
        const long *cat = pk_support_calibrated_current(t->cal, &m);
        if (pk_support_design_row_categories(t->des, cat, m, w, err) != 0)
            return err->status;
    }
    if (t->o.nwhere && !in_subgroup(t, r))
        return 0;
    t->nin++;
    if (w > 0 && whole_add(t, w, err) != 0)
        return err->status;
    if (row_groups(t, r, t->gslot, err))
        return err->status;
    return count_answers(t, r, t->gslot, w, t->max_codes, err);
}

int pk_support_end(pk_support *t, pk_csv_reader *r, pk_err *err)
{
    free(t->gslot);
    t->gslot = NULL;
    free(t->rowcell);
    t->rowcell = NULL;
    if (t->wcol >= 0 && t->N > 0 && !(t->wsum > 0))
        return pk_err_set(err, PK_ERR_DATA, "%s:%s: all weights are zero: no share can be estimated",
                          pk_csv_reader_name(r), t->weight);
    if (t->cal && pk_support_calibrated_finish(t->cal, pk_csv_reader_name(r), err) != 0)
        return err->status;
    if (t->des && pk_support_design_finish(t->des, pk_csv_reader_name(r), err) != 0)
        return err->status;
    t->whole_df = t->npos - 1;
    if (t->des) {
        size_t id = t->whole.des ? t->whole.des - 1 : SIZE_MAX;
        double y0 = 0, se;
        pk_support_design_se(t->des, 1, &id, &y0, 0, 1, NULL, &se, &t->whole_df);
    }
    if (finish_where(t, r, err) != 0 || finish_questions(t, r, err) != 0 ||
        finish_groups(t, r, err) != 0)
        return err->status;
    for (size_t qi = 0; qi < t->nq; qi++) {
        t->q[qi].row0 = t->nrows;
        t->nrows += t->q[qi].nresp * t->noutslots;
    }
    if (compute_letters(t) != 0)
        return pk_err_nomem(err);
    return 0;
}

pk_support *pk_support_read(pk_csv_reader *r, const pk_support_opts *opts, pk_err *err)
{
    pk_support *t = pk_support_begin(r, opts, err);
    if (!t)
        return NULL;
    int got;
    while ((got = pk_csv_reader_next(r, err)) == 1)
        if (pk_support_feed(t, r, NULL, err) != 0) {
            got = -1;
            break;
        }
    if (got != 0 || pk_support_end(t, r, err) != 0) {
        pk_support_free(t);
        return NULL;
    }
    return t;
}

void pk_support_info_get(const pk_support *t, pk_support_info *info)
{
    memset(info, 0, sizeof *info);
    info->source = t->source;
    info->nrows_input = t->N;
    info->weight = t->weight;
    info->ci_method = pk_estimate_ci_name(t->o.ci);
    info->level = t->o.level;
    /* One base for the table when every question has the same. */
    info->base = t->nq ? t->q[0].base : "all";
    for (size_t qi = 1; qi < t->nq; qi++)
        if (strcmp(t->q[qi].base, info->base) != 0)
            info->base = NULL;
    pk_support_table_row r;
    if (t->nrows > 0) {
        pk_support_row_get(t, 0, &r);
        info->se_method = r.se_method;
        info->deff_source = r.deff_source;
    } else {
        info->se_method = "fixed";
        info->deff_source = "kish";
    }
    info->min_base = t->o.min_base;
    info->sig_level = t->o.sig_level;
    info->design = t->des != NULL;
    info->universe = t->universe;
}

size_t pk_support_nrows(const pk_support *t)
{
    return t->nrows;
}

void pk_support_write_delim(const pk_support *t, FILE *f, char delim)
{
    pk_csv_writer w;
    pk_csv_writer_init(&w, f, delim);
    unsigned long omit = 1ul << PK_SUPPORT_TABLE_COL_SOURCE | PK_SUPPORT_TABLE_OMIT_WAVES;
    pk_support_table_write_header(&w, omit);
    size_t nr = pk_support_nrows(t);
    for (size_t i = 0; i < nr; i++) {
        pk_support_table_row r;
        pk_support_row_get(t, i, &r);
        pk_support_table_write_row(&w, &r, omit);
    }
}
