/* Building the support table in one pass: questions, groups, per-domain
 * sums, combined groups, and the CSV/TSV and banner writers. See support.h. */
#include "support.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "number.h"

const char *const pk_support_scale_codes[PK_SUPPORT_SCALE_N] = {
    "strongly_support", "tend_support", "neither", "tend_oppose", "strongly_oppose", "dont_know"};

static const char *const scale_titles[PK_SUPPORT_SCALE_N + 3] = {
    "Strongly support", "Tend to support", "Neither", "Tend to oppose", "Strongly oppose",
    "Don't know", "Support", "Oppose", "Net"};

/* Derived responses follow the scale codes: index PK_SUPPORT_SCALE_N + k. */
enum { R_SUPPORT = PK_SUPPORT_SCALE_N, R_OPPOSE, R_NET };
static const char *const derived_codes[3] = {"support", "oppose", "net"};

int pk_support_scale_index(const char *s)
{
    /* Called for every answer of every row: dispatch on the first letter. */
    switch (s[0]) {
    case 's':
        if (strcmp(s, "strongly_support") == 0) return 0;
        if (strcmp(s, "strongly_oppose") == 0) return 4;
        return -1;
    case 't':
        if (strcmp(s, "tend_support") == 0) return 1;
        if (strcmp(s, "tend_oppose") == 0) return 3;
        return -1;
    case 'n':
        return strcmp(s, "neither") == 0 ? 2 : -1;
    case 'd':
        return strcmp(s, "dont_know") == 0 ? 5 : -1;
    default:
        return -1;
    }
}

/* Sums of one question x group x response code. n counts positive weights
 * (the domain); nz counts zero-weight rows, which svyciprop's beta method
 * still sees (estimate.h). */
typedef struct cell {
    long n, nz;
    long double sw, sw2;
} cell;

typedef struct slot {
    size_t by;          /* index of the --by column; SIZE_MAX for All */
    char *code;
    char *label;
    int output;         /* 0: a value not in the codebook (note only) */
    long rows;          /* rows with this value, for the note */
    cell *cells;        /* [question][code] */
} slot;

typedef struct byinfo {
    long col;           /* column in the input */
    size_t *slots;      /* this column's groups, slot indices, in order */
    size_t nslots, capslots;
    size_t nknown;      /* codebook categories first */
    size_t *combined;   /* --combine groups of this column, slot indices */
    size_t ncombined;
} byinfo;

typedef struct question {
    char *name, *label;
    long col;
    int valid;          /* auto mode: every value so far is a code */
    int seen;           /* auto mode: a non-empty value was seen */
} question;

struct pk_support {
    pk_support_opts o;
    char *weight;
    question *q;
    size_t nq;          /* questions accumulated (candidates in auto mode) */
    size_t *outq;       /* questions written, indices into q */
    size_t noutq;
    slot *s;
    size_t ns, caps;
    byinfo *b;
    size_t nby;
    size_t *outslots;   /* slots in output order */
    size_t noutslots;
    int resp[PK_SUPPORT_SCALE_N + 3];   /* responses written, in order */
    size_t nresp;
    long N;
    double wsum, w2sum;  /* over all rows, to catch weights too large to add */
    char **notes;
    size_t nnotes;
    char *base_text;
    char level_text[PK_NUMBER_BUFSIZE];
};

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
    char **n = realloc(t->notes, (t->nnotes + 1) * sizeof *n);
    if (!n) {
        free(s);
        return -1;
    }
    t->notes = n;
    t->notes[t->nnotes++] = s;
    return 0;
}

/* A new slot with zeroed cells for every question; returns its index or
 * SIZE_MAX when out of memory. */
static size_t new_slot(pk_support *t, size_t by, const char *code, const char *label, int output)
{
    if (t->ns == t->caps) {
        size_t nc = t->caps ? 2 * t->caps : 16;
        slot *s = realloc(t->s, nc * sizeof *s);
        if (!s)
            return SIZE_MAX;
        t->s = s;
        t->caps = nc;
    }
    slot *s = &t->s[t->ns];
    memset(s, 0, sizeof *s);
    s->by = by;
    s->code = xstrdup(code);
    s->label = xstrdup(label ? label : code);
    s->output = output;
    s->cells = calloc((t->nq ? t->nq : 1) * PK_SUPPORT_SCALE_N, sizeof *s->cells);
    if (!s->code || !s->label || !s->cells) {
        free(s->code);
        free(s->label);
        free(s->cells);
        return SIZE_MAX;
    }
    return t->ns++;
}

static int by_add_slot(byinfo *b, size_t idx)
{
    if (b->nslots == b->capslots) {
        size_t nc = b->capslots ? 2 * b->capslots : 16;
        size_t *p = realloc(b->slots, nc * sizeof *p);
        if (!p)
            return -1;
        b->slots = p;
        b->capslots = nc;
    }
    b->slots[b->nslots++] = idx;
    return 0;
}

void pk_support_free(pk_support *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->nq; i++) {
        free(t->q[i].name);
        free(t->q[i].label);
    }
    free(t->q);
    free(t->outq);
    for (size_t i = 0; i < t->ns; i++) {
        free(t->s[i].code);
        free(t->s[i].label);
        free(t->s[i].cells);
    }
    free(t->s);
    for (size_t i = 0; i < t->nby; i++) {
        free(t->b[i].slots);
        free(t->b[i].combined);
    }
    free(t->b);
    free(t->outslots);
    for (size_t i = 0; i < t->nnotes; i++)
        free(t->notes[i]);
    free(t->notes);
    free(t->base_text);
    free(t->weight);
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

static int oom(pk_err *err)
{
    return pk_err_set(err, PK_ENOMEM, "out of memory");
}

/* Set up questions, --by columns and codebook groups from the header. */
static int setup(pk_support *t, pk_csv_reader *r, pk_err *err)
{
    const pk_support_opts *o = &t->o;
    const char *name = pk_csv_reader_name(r);
    long wcol = -1;
    if (o->weight) {
        wcol = pk_csv_reader_col(r, o->weight);
        if (wcol < 0)
            return pk_err_set(err, PK_EDATA, "%s: no weight column '%s'", name, o->weight);
    }
    t->nby = o->nby;
    t->b = calloc(o->nby ? o->nby : 1, sizeof *t->b);
    if (!t->b)
        return oom(err);
    for (size_t i = 0; i < o->nby; i++) {
        t->b[i].col = pk_csv_reader_col(r, o->by[i].column);
        if (t->b[i].col < 0)
            return pk_err_set(err, PK_EDATA, "%s: no --by column '%s'", name, o->by[i].column);
        for (size_t j = 0; j < i; j++)
            if (t->b[j].col == t->b[i].col)
                return pk_err_set(err, PK_EUSAGE, "--by: column '%s' given twice", o->by[i].column);
    }
    size_t ncols = pk_csv_reader_ncols(r);
    t->q = calloc(ncols + o->nquestions + 1, sizeof *t->q);
    if (!t->q)
        return oom(err);
    if (o->nquestions > 0) {
        for (size_t i = 0; i < o->nquestions; i++) {
            long c = pk_csv_reader_col(r, o->questions[i].name);
            if (c < 0) {
                if (o->questions_strict)
                    return pk_err_set(err, PK_EDATA, "%s: no question column '%s'", name,
                                      o->questions[i].name);
                if (add_note(t, "%s: codebook question '%s' is not in the input; skipped", name,
                             o->questions[i].name) != 0)
                    return oom(err);
                continue;
            }
            for (size_t j = 0; j < t->nq; j++)
                if (t->q[j].col == c)
                    return pk_err_set(err, PK_EUSAGE, "--questions: '%s' given twice",
                                      o->questions[i].name);
            question *q = &t->q[t->nq++];
            q->name = xstrdup(o->questions[i].name);
            q->label = xstrdup(o->questions[i].label ? o->questions[i].label : o->questions[i].name);
            q->col = c;
            q->valid = 1;
            if (!q->name || !q->label)
                return oom(err);
        }
        if (t->nq == 0)
            return pk_err_set(err, PK_EDATA, "%s: none of the questions is in the input", name);
    } else {
        /* Every other column is a candidate until a value says otherwise. */
        for (size_t c = 0; c < ncols; c++) {
            if ((long)c == wcol)
                continue;
            int isby = 0;
            for (size_t i = 0; i < t->nby; i++)
                isby |= (t->b[i].col == (long)c);
            if (isby)
                continue;
            question *q = &t->q[t->nq++];
            q->name = xstrdup(pk_csv_reader_colname(r, c));
            q->label = xstrdup(q->name);
            q->col = (long)c;
            q->valid = 1;
            if (!q->name || !q->label)
                return oom(err);
        }
    }
    if (new_slot(t, SIZE_MAX, "All", "All", 1) == SIZE_MAX)
        return oom(err);
    for (size_t i = 0; i < o->nby; i++) {
        const pk_support_by *by = &o->by[i];
        for (size_t k = 0; k < by->ncodes; k++) {
            const char *lab = by->labels && by->labels[k] ? by->labels[k] : by->codes[k];
            size_t s = new_slot(t, i, by->codes[k], lab, 1);
            if (s == SIZE_MAX || by_add_slot(&t->b[i], s) != 0)
                return oom(err);
        }
        t->b[i].nknown = by->ncodes;
    }
    return 0;
}

static void add(cell *c, double w)
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
    byinfo *b = &t->b[bi];
    for (size_t k = 0; k < b->nslots; k++) {
        slot *s = &t->s[b->slots[k]];
        if (strcmp(s->code, v) == 0) {
            s->rows++;
            return b->slots[k];
        }
    }
    long maxg = t->o.max_groups > 0 ? t->o.max_groups : 1000;
    if ((long)b->nslots >= maxg) {
        pk_err_set(err, PK_EDATA, "%s:%ld:%s: more than %ld groups: is '%s' a grouping column?",
                   pk_csv_reader_name(r), pk_csv_reader_line(r), t->o.by[bi].column, maxg,
                   t->o.by[bi].column);
        return SIZE_MAX;
    }
    int known = t->o.by[bi].ncodes == 0;
    size_t s = new_slot(t, bi, v, v, known);
    if (s == SIZE_MAX || by_add_slot(b, s) != 0) {
        oom(err);
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
        return pk_err_set(err, PK_EDATA, "%s:%ld:%s: missing weight", pk_csv_reader_name(r),
                          pk_csv_reader_line(r), t->weight);
    int bad = pk_number_parse(v, w);
    if (bad)
        return pk_err_set(err, PK_EDATA, "%s:%ld:%s: weight '%s' is %s",
                          pk_csv_reader_name(r), pk_csv_reader_line(r), t->weight,
                          pk_err_quote(q, sizeof q, v, strlen(v)), pk_number_problem(bad));
    if (*w < 0)
        return pk_err_set(err, PK_EDATA, "%s:%ld:%s: negative weight %s", pk_csv_reader_name(r),
                          pk_csv_reader_line(r), t->weight, pk_err_quote(q, sizeof q, v, strlen(v)));
    /* Every domain's sums are at most these: if they stay finite, so do
     * the shares and variances; if not, no figure would mean anything. */
    t->wsum += *w;
    t->w2sum += *w * *w;
    if (!isfinite(t->wsum) || !isfinite(t->w2sum))
        return pk_err_set(err, PK_EDATA,
                          "%s:%ld:%s: the weights are too large: their sum or sum of squares "
                          "overflows at weight %s", pk_csv_reader_name(r), pk_csv_reader_line(r),
                          t->weight, pk_err_quote(q, sizeof q, v, strlen(v)));
    return 0;
}

/* After the pass: unknown-group notes, --combine groups, output order. */
static int finish_groups(pk_support *t, pk_csv_reader *r, pk_err *err)
{
    const pk_support_opts *o = &t->o;
    for (size_t bi = 0; bi < t->nby; bi++) {
        byinfo *b = &t->b[bi];
        for (size_t k = 0; k < b->nslots; k++) {
            slot *s = &t->s[b->slots[k]];
            if (!s->output && add_note(t, "%s: %ld row%s with %s '%s', not a codebook category, "
                                          "count%s in All only", pk_csv_reader_name(r), s->rows,
                                       s->rows == 1 ? "" : "s", o->by[bi].column, s->code,
                                       s->rows == 1 ? "s" : "") != 0)
                return oom(err);
        }
    }
    for (size_t ci = 0; ci < o->ncombine; ci++) {
        const pk_support_combine *c = &o->combine[ci];
        int used = 0;
        for (size_t bi = 0; bi < t->nby; bi++) {
            byinfo *b = &t->b[bi];
            size_t *members = malloc(c->ncodes * sizeof *members);
            if (!members)
                return oom(err);
            int all = 1;
            for (size_t m = 0; m < c->ncodes && all; m++) {
                all = 0;
                for (size_t k = 0; k < b->nslots; k++) {
                    slot *s = &t->s[b->slots[k]];
                    if (s->output && strcmp(s->code, c->codes[m]) == 0) {
                        members[m] = b->slots[k];
                        all = 1;
                        break;
                    }
                }
            }
            if (all) {
                for (size_t k = 0; k < b->nslots && all; k++)
                    if (strcmp(t->s[b->slots[k]].code, c->name) == 0)
                        all = 0;
                if (!all) {
                    free(members);
                    return pk_err_set(err, PK_EUSAGE,
                                      "--combine: '%s' is already a group of %s", c->name,
                                      o->by[bi].column);
                }
                size_t ns = new_slot(t, bi, c->name, c->name, 1);
                size_t *p = realloc(b->combined, (b->ncombined + 1) * sizeof *p);
                if (ns == SIZE_MAX || !p) {
                    free(members);
                    free(p);
                    return oom(err);
                }
                b->combined = p;
                b->combined[b->ncombined++] = ns;
                for (size_t m = 0; m < c->ncodes; m++) {
                    const cell *src = t->s[members[m]].cells;
                    cell *dst = t->s[ns].cells;
                    for (size_t x = 0; x < t->nq * PK_SUPPORT_SCALE_N; x++) {
                        dst[x].n += src[x].n;
                        dst[x].nz += src[x].nz;
                        dst[x].sw += src[x].sw;
                        dst[x].sw2 += src[x].sw2;
                    }
                }
                used = 1;
            }
            free(members);
        }
        if (!used)
            return pk_err_set(err, PK_EDATA, "%s: --combine %s: no --by column has all of its "
                                             "groups", pk_csv_reader_name(r), c->name);
    }
    t->outslots = malloc(t->ns * sizeof *t->outslots);
    if (!t->outslots)
        return oom(err);
    t->outslots[t->noutslots++] = 0;
    for (size_t bi = 0; bi < t->nby; bi++) {
        byinfo *b = &t->b[bi];
        for (size_t k = 0; k < b->nslots; k++)
            if (t->s[b->slots[k]].output)
                t->outslots[t->noutslots++] = b->slots[k];
        for (size_t k = 0; k < b->ncombined; k++)
            t->outslots[t->noutslots++] = b->combined[k];
    }
    return 0;
}

pk_support *pk_support_read(pk_csv_reader *r, const pk_support_opts *opts, pk_err *err)
{
    pk_support *t = calloc(1, sizeof *t);
    if (!t) {
        oom(err);
        return NULL;
    }
    t->o = *opts;
    t->weight = xstrdup(opts->weight);
    if (setup(t, r, err) != 0)
        goto fail;
    long wcol = t->weight ? pk_csv_reader_col(r, t->weight) : -1;
    /* Active questions: in auto mode a candidate drops out at its first
     * value that is not a response code. */
    size_t *active = malloc((t->nq ? t->nq : 1) * sizeof *active);
    size_t *gslot = malloc((t->nby ? t->nby : 1) * sizeof *gslot);
    if (!active || !gslot) {
        free(active);
        free(gslot);
        oom(err);
        goto fail;
    }
    size_t nactive = t->nq;
    for (size_t i = 0; i < t->nq; i++)
        active[i] = i;
    int auto_q = opts->nquestions == 0;
    unsigned excl = opts->excluded;
    int got;
    while ((got = pk_csv_reader_next(r, err)) == 1) {
        double w = 1;
        if (wcol >= 0 && read_weight(t, r, wcol, &w, err) != 0)
            break;
        for (size_t bi = 0; bi < t->nby; bi++) {
            const char *v = pk_csv_reader_field(r, (size_t)t->b[bi].col);
            if (v[0] == '\0') {
                gslot[bi] = SIZE_MAX;
                continue;
            }
            gslot[bi] = group_of(t, bi, v, r, err);
            if (gslot[bi] == SIZE_MAX)
                goto done;
            if (!t->s[gslot[bi]].output)
                gslot[bi] = SIZE_MAX;
        }
        for (size_t a = 0; a < nactive; a++) {
            size_t qi = active[a];
            question *q = &t->q[qi];
            const char *v = pk_csv_reader_field(r, (size_t)q->col);
            if (v[0] == '\0')
                continue;
            int code = pk_support_scale_index(v);
            if (code < 0) {
                if (auto_q) {
                    q->valid = 0;
                    active[a--] = active[--nactive];
                    continue;
                }
                char qb[80];
                pk_err_set(err, PK_EDATA, "%s:%ld:%s: '%s' is not a response code (%s, %s, %s, "
                                          "%s, %s, %s or empty)",
                           pk_csv_reader_name(r), pk_csv_reader_line(r), q->name,
                           pk_err_quote(qb, sizeof qb, v, strlen(v)), pk_support_scale_codes[0],
                           pk_support_scale_codes[1], pk_support_scale_codes[2], pk_support_scale_codes[3],
                           pk_support_scale_codes[4], pk_support_scale_codes[5]);
                goto done;
            }
            q->seen = 1;
            if (excl & (1u << code))
                continue;
            size_t off = qi * PK_SUPPORT_SCALE_N + (size_t)code;
            add(&t->s[0].cells[off], w);
            for (size_t bi = 0; bi < t->nby; bi++)
                if (gslot[bi] != SIZE_MAX)
                    add(&t->s[gslot[bi]].cells[off], w);
        }
    }
done:
    free(active);
    free(gslot);
    if (got != 0)
        goto fail;
    t->N = pk_csv_reader_records(r);
    if (wcol >= 0 && t->N > 0 && !(t->wsum > 0)) {
        pk_err_set(err, PK_EDATA, "%s:%s: all weights are zero: no share can be estimated",
                   pk_csv_reader_name(r), t->weight);
        goto fail;
    }
    t->outq = malloc((t->nq ? t->nq : 1) * sizeof *t->outq);
    if (!t->outq) {
        oom(err);
        goto fail;
    }
    for (size_t i = 0; i < t->nq; i++)
        if (!auto_q || (t->q[i].valid && t->q[i].seen))
            t->outq[t->noutq++] = i;
    if (t->noutq == 0) {
        pk_err_set(err, PK_EDATA, "%s: no question columns: no column holds only response codes "
                                  "(use --questions or --codebook)", pk_csv_reader_name(r));
        goto fail;
    }
    if (finish_groups(t, r, err) != 0)
        goto fail;
    for (int c = 0; c < PK_SUPPORT_SCALE_N; c++)
        if (!(excl & (1u << c)))
            t->resp[t->nresp++] = c;
    t->resp[t->nresp++] = R_SUPPORT;
    t->resp[t->nresp++] = R_OPPOSE;
    t->resp[t->nresp++] = R_NET;
    if (excl == 0) {
        t->base_text = strdup("all");
    } else {
        size_t len = 16;
        for (int c = 0; c < PK_SUPPORT_SCALE_N; c++)
            len += strlen(pk_support_scale_codes[c]) + 5;
        t->base_text = malloc(len);
        if (t->base_text) {
            strcpy(t->base_text, "excluding ");
            int first = 1;
            for (int c = 0; c < PK_SUPPORT_SCALE_N; c++)
                if (excl & (1u << c)) {
                    if (!first)
                        strcat(t->base_text, " and ");
                    strcat(t->base_text, pk_support_scale_codes[c]);
                    first = 0;
                }
        }
    }
    if (!t->base_text) {
        oom(err);
        goto fail;
    }
    pk_number_format(t->level_text, opts->level, 10);
    return t;
fail:
    pk_support_free(t);
    return NULL;
}

size_t pk_support_nrows(const pk_support *t)
{
    return t->noutq * t->noutslots * t->nresp;
}

/* Whether a scale code counts as 1 (support/oppose) or -1 (oppose in net). */
static double y_of(int resp, int code)
{
    switch (resp) {
    case R_SUPPORT:
        return code <= 1 ? 1 : 0;
    case R_OPPOSE:
        return code == 3 || code == 4 ? 1 : 0;
    case R_NET:
        return code <= 1 ? 1 : (code == 3 || code == 4 ? -1 : 0);
    default:
        return code == resp ? 1 : 0;
    }
}

void pk_support_row_get(const pk_support *t, size_t i, pk_support_row *row)
{
    size_t ri = i % t->nresp, si = (i / t->nresp) % t->noutslots;
    size_t qi = t->outq[i / (t->nresp * t->noutslots)];
    const slot *s = &t->s[t->outslots[si]];
    const question *q = &t->q[qi];
    int resp = t->resp[ri];
    memset(row, 0, sizeof *row);
    row->question = q->name;
    row->question_label = q->label;
    row->by = s->by == SIZE_MAX ? "" : t->o.by[s->by].column;
    row->group = s->code;
    row->group_label = s->label;
    row->response = resp < PK_SUPPORT_SCALE_N ? pk_support_scale_codes[resp] : derived_codes[resp - PK_SUPPORT_SCALE_N];
    row->ci_method = resp == R_NET ? "mean" : pk_estimate_ci_name(t->o.ci);
    const cell *c = &s->cells[qi * PK_SUPPORT_SCALE_N];
    /* Classes by y value: 1, -1, 0 (only three values occur). */
    double yv[3] = {1, -1, 0};
    long double sw[3] = {0, 0, 0}, sw2[3] = {0, 0, 0}, W = 0, S2 = 0;
    long n = 0, nz = 0, cnt = 0;
    for (int k = 0; k < PK_SUPPORT_SCALE_N; k++) {
        double y = y_of(resp, k);
        int cls = y > 0 ? 0 : (y < 0 ? 1 : 2);
        sw[cls] += c[k].sw;
        sw2[cls] += c[k].sw2;
        W += c[k].sw;
        S2 += c[k].sw2;
        n += c[k].n;
        nz += c[k].nz;
        cnt += (long)y * c[k].n;
    }
    row->n = n;
    row->count = cnt;
    row->weighted_base = (double)W;
    row->low_base = n < t->o.min_base;
    if (n == 0) {
        row->weighted_base = 0;
        row->share = row->se = row->ci_low = row->ci_high = row->deff_kish = row->n_eff = NAN;
        return;
    }
    pk_estimate_share_se(t->N, W, 3, yv, sw, sw2, &row->share, &row->se);
    if (resp == R_NET)
        pk_estimate_interval_net(row->share, row->se, n, t->o.level, &row->ci_low, &row->ci_high);
    else
        pk_estimate_interval(t->o.ci, row->share, row->se, n, n + nz, t->o.level, &row->ci_low,
                        &row->ci_high);
    pk_estimate_kish(n, W, S2, &row->deff_kish, &row->n_eff);
}

static const char *const columns[] = {
    "question", "question_label", "by", "group", "group_label", "response", "n", "count",
    "weighted_base", "share", "se", "ci_low", "ci_high", "deff_kish", "n_eff",
    "ci_method", "level", "base", "weight", "low_base"};

void pk_support_write_delim(const pk_support *t, FILE *f, char delim)
{
    pk_csv_writer w;
    pk_csv_writer_init(&w, f, delim);
    for (size_t i = 0; i < sizeof columns / sizeof columns[0]; i++)
        pk_csv_writer_field(&w, columns[i]);
    pk_csv_writer_end(&w);
    size_t nr = pk_support_nrows(t);
    for (size_t i = 0; i < nr; i++) {
        pk_support_row r;
        pk_support_row_get(t, i, &r);
        pk_csv_writer_field(&w, r.question);
        pk_csv_writer_field(&w, r.question_label);
        pk_csv_writer_field(&w, r.by);
        pk_csv_writer_field(&w, r.group);
        pk_csv_writer_field(&w, r.group_label);
        pk_csv_writer_field(&w, r.response);
        pk_csv_writer_long(&w, r.n);
        pk_csv_writer_long(&w, r.count);
        pk_csv_writer_double(&w, r.weighted_base, PK_DIGITS_WEIGHT);
        pk_csv_writer_double(&w, r.share, PK_DIGITS_STAT);
        pk_csv_writer_double(&w, r.se, PK_DIGITS_STAT);
        pk_csv_writer_double(&w, r.ci_low, PK_DIGITS_STAT);
        pk_csv_writer_double(&w, r.ci_high, PK_DIGITS_STAT);
        pk_csv_writer_double(&w, r.deff_kish, PK_DIGITS_STAT);
        pk_csv_writer_double(&w, r.n_eff, PK_DIGITS_STAT);
        pk_csv_writer_field(&w, r.ci_method);
        pk_csv_writer_field(&w, t->level_text);
        pk_csv_writer_field(&w, t->base_text);
        pk_csv_writer_field(&w, t->weight ? t->weight : "none");
        pk_csv_writer_long(&w, r.low_base);
        pk_csv_writer_end(&w);
    }
}

/* The banner: one block per question, a column per group (All, then each
 * --by column's groups and its combined groups, like a pollster's data
 * tables), percentages to whole numbers, bases underneath. */
#define TITLE_W 18
#define CELL_MAX 8   /* keeps a dozen groups within 120 columns */

/* Display width of UTF-8 text: its characters (continuation bytes do not
 * count), good enough for the Latin labels of a codebook. */
static size_t text_width(const char *s, size_t len)
{
    size_t w = 0;
    for (size_t i = 0; i < len; i++)
        w += ((unsigned char)s[i] & 0xC0) != 0x80;
    return w;
}

/* Right-align text (len bytes) in a cell of w characters, after a space;
 * text wider than w is cut at a character boundary. */
static void put_cell_n(FILE *f, size_t w, const char *text, size_t len)
{
    size_t tw = text_width(text, len);
    while (tw > w) {
        do
            len--;
        while (len > 0 && ((unsigned char)text[len] & 0xC0) == 0x80);
        tw = text_width(text, len);
    }
    fprintf(f, " %*s%.*s", (int)(w - tw), "", (int)len, text);
}

static void put_cell(FILE *f, size_t w, const char *text)
{
    put_cell_n(f, w, text, strlen(text));
}

/* A group's heading in at most two lines of CELL_MAX characters: its label
 * wrapped at a space, else its code ("Conservative" is shown as "con",
 * "Did not vote" as "Did not" over "vote"). line2 may be empty. */
typedef struct heading {
    const char *l1, *l2;
    size_t n1, n2;
} heading;

static heading heading_of(const slot *s)
{
    heading h;
    const char *lab = s->label;
    size_t len = strlen(lab);
    if (text_width(lab, len) <= CELL_MAX) {
        h.l1 = lab;
        h.n1 = len;
        h.l2 = "";
        h.n2 = 0;
        return h;
    }
    /* The last space that leaves a first line that fits and a second
     * line that fits too. */
    for (size_t i = len; i-- > 0;) {
        if (lab[i] != ' ')
            continue;
        if (text_width(lab, i) <= CELL_MAX && text_width(lab + i + 1, len - i - 1) <= CELL_MAX &&
            i > 0 && i + 1 < len) {
            h.l1 = lab;
            h.n1 = i;
            h.l2 = lab + i + 1;
            h.n2 = len - i - 1;
            return h;
        }
    }
    h.l1 = s->code;
    h.n1 = strlen(s->code);
    h.l2 = "";
    h.n2 = 0;
    return h;
}

static size_t cell_width(const slot *s)
{
    heading h = heading_of(s);
    size_t n = text_width(h.l1, h.n1);
    if (text_width(h.l2, h.n2) > n)
        n = text_width(h.l2, h.n2);
    if (n > CELL_MAX)
        n = CELL_MAX;
    return n < 6 ? 6 : n;
}

void pk_support_write_table(const pk_support *t, FILE *f)
{
    size_t ns = t->noutslots;
    size_t *wid = malloc((ns ? ns : 1) * sizeof *wid);
    if (!wid)
        return;
    for (size_t k = 0; k < ns; k++)
        wid[k] = cell_width(&t->s[t->outslots[k]]);
    for (size_t qq = 0; qq < t->noutq; qq++) {
        const question *q = &t->q[t->outq[qq]];
        if (qq > 0)
            fputc('\n', f);
        if (strcmp(q->label, q->name) != 0)
            fprintf(f, "%s (%s)\n", q->label, q->name);
        else
            fprintf(f, "%s\n", q->name);
        /* Banner line: each --by column's name over its first group. */
        if (t->nby > 0) {
            fprintf(f, "%-*s", TITLE_W, "");
            size_t k = 0;
            while (k < ns) {
                const slot *s = &t->s[t->outslots[k]];
                size_t span = wid[k] + 1, k2 = k + 1;
                while (k2 < ns && t->s[t->outslots[k2]].by == s->by)
                    span += wid[k2++] + 1;
                const char *name = s->by == SIZE_MAX ? "" : t->o.by[s->by].column;
                fprintf(f, " %-*.*s", (int)(span - 1), (int)(span - 1), name);
                k = k2;
            }
            fputc('\n', f);
        }
        int two = 0;
        for (size_t k = 0; k < ns; k++)
            two |= heading_of(&t->s[t->outslots[k]]).n2 > 0;
        for (int line = two ? 0 : 1; line < 2; line++) {
            fprintf(f, "%-*s", TITLE_W, "");
            for (size_t k = 0; k < ns; k++) {
                heading h = heading_of(&t->s[t->outslots[k]]);
                /* One-line headings sit on the lower line. */
                if (line == 0)
                    put_cell_n(f, wid[k], h.n2 ? h.l1 : "", h.n2 ? h.n1 : 0);
                else
                    put_cell_n(f, wid[k], h.n2 ? h.l2 : h.l1, h.n2 ? h.n2 : h.n1);
            }
            fputc('\n', f);
        }
        size_t base_row = (size_t)qq * ns * t->nresp;
        for (size_t ri = 0; ri < t->nresp; ri++) {
            int resp = t->resp[ri];
            fprintf(f, "%-*s", TITLE_W, scale_titles[resp]);
            for (size_t k = 0; k < ns; k++) {
                pk_support_row r;
                pk_support_row_get(t, base_row + k * t->nresp + ri, &r);
                char buf[48];
                if (isnan(r.share))
                    strcpy(buf, "-");
                else if (resp == R_NET)
                    snprintf(buf, sizeof buf, lround(r.share * 100) ? "%+ld" : "%ld",
                             lround(r.share * 100));
                else
                    snprintf(buf, sizeof buf, "%ld%%", lround(r.share * 100));
                put_cell(f, wid[k], buf);
            }
            fputc('\n', f);
        }
        int any_low = 0;
        for (int line = 0; line < 3; line++) {
            static const char *const titles[3] = {"Support CI", "Base (n)", "Weighted base"};
            char title[40];
            if (line == 0)
                snprintf(title, sizeof title, "Support %g%% CI", t->o.level * 100);
            else
                snprintf(title, sizeof title, "%s", titles[line]);
            fprintf(f, "%-*s", TITLE_W, title);
            for (size_t k = 0; k < ns; k++) {
                pk_support_row r;
                /* Row of `support` for this group: the derived responses
                 * follow the scale codes. */
                pk_support_row_get(t, base_row + k * t->nresp + (t->nresp - 3), &r);
                char buf[64];
                if (line == 0) {
                    if (isnan(r.ci_low))
                        strcpy(buf, "-");
                    else
                        snprintf(buf, sizeof buf, "%ld-%ld", lround(r.ci_low * 100),
                                 lround(r.ci_high * 100));
                } else if (line == 1) {
                    snprintf(buf, sizeof buf, "%ld%s", r.n, r.low_base ? "*" : "");
                    any_low |= r.low_base;
                } else {
                    snprintf(buf, sizeof buf, "%.0f", r.weighted_base);
                }
                put_cell(f, wid[k], buf);
            }
            fputc('\n', f);
        }
        if (any_low)
            fprintf(f, "* base under %ld respondents: treat with caution\n", t->o.min_base);
    }
    fprintf(f, "\nBase: %s; %s%s; %s intervals (net: mean)\n",
            strcmp(t->base_text, "all") == 0 ? "all answering, don't know included"
                                             : t->base_text,
            t->weight ? "weighted by " : "unweighted", t->weight ? t->weight : "",
            pk_estimate_ci_name(t->o.ci));
    free(wid);
}
