/* Loading and querying the codebook; the file format is described in
 * codebook.h. Each set of codes (a category's, a band's or a scale's shared
 * by several questions) owns a hash map from the normal form of every
 * accepted raw answer to its code, built once at load time, so that recoding
 * a million rows costs one hash lookup per field. */
#include "codebook.h"
#include "util.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "colname.h"
#include "csvio.h"
#include "number.h"
#include "scale.h"
#include "textnorm.h"

/* Normal form -> code index (PK_CB_MISSING for "no answer"), with the
 * codebook line that accepted it, for conflict messages. */
struct map {
    char **keys;
    long *vals;
    long *lines;
    size_t cap, n;
};

/* A net row, kept for the checks that need every scale (a member that is
 * another scale's code). */
struct netrow {
    char *code;
    char **members;
    size_t nmembers;
    long line;
};

struct codeset {
    char *name;
    int kind;               /* KIND_* of the declaration owning it */
    pk_scale *scale;        /* scales only: sides and nets */
    struct netrow *nets;
    size_t nnets, netcap;
    pk_codebook_code *codes;
    double *lo, *hi;        /* bands only */
    size_t n, cap;
    struct map map;
};

struct cbvar {
    pk_codebook_var pub;
    size_t index;           /* in cb->vars */
    struct codeset *cs;     /* own (category, band) or a scale's, or NULL */
    size_t band_src;        /* band: index of its number variable */
    char *correct_code;     /* attention: resolved at the end */
    long *correct_idx;      /* attention: the correct answers' code indices */
};

struct pk_codebook {
    char *path;
    struct cbvar **vars;
    size_t nvars, vcap;
    struct codeset **sets;  /* every code set: owned here */
    size_t nsets, scap;
    char **strs;            /* every string the public structs point to */
    size_t nstrs, strcap;
    /* Variables and scales by name: a codebook may declare tens of
     * thousands, so none is found by a scan. */
    pk_util_hindex var_ix, scale_ix;
    struct cbvar *only[16]; /* the id, duration and attention variables (one each) */
    pk_codebook_multi *multi;   /* multiple-choice questions; their arrays owned here */
    size_t nmulti, mcap;
};

enum {
    KIND_ID, KIND_NUMBER, KIND_CATEGORY, KIND_BAND, KIND_QUESTION, KIND_DURATION,
    KIND_ATTENTION, KIND_SCALE, KIND_CODE, KIND_MISSING, KIND_NET, KIND_MULTI, KIND_N
};

_Static_assert(KIND_N <= 16, "pk_codebook.only holds one variable per kind");

static const char *const kind_names[KIND_N] = {
    "id", "number", "category", "band", "question", "duration", "attention", "scale", "code", "missing",
    "net", "multi"
};

enum { COL_VARIABLE, COL_KIND, COL_SOURCE, COL_REQUIRED, COL_SCALE, COL_CODE, COL_LABEL,
       COL_ACCEPT, COL_MIN, COL_MAX, COL_WORDING, COL_SIDE, COL_MEMBERS, COL_UNIT, COL_NOTE, COL_SCORE, COL_N };

static const char *const col_names[COL_N] = {
    "variable", "kind", "source", "required", "scale", "code", "label", "accept", "min", "max", "wording",
    "side", "members", "unit", "note", "score"
};

/* The slot holding key, or the empty slot where it would go. */
static size_t map_slot(const struct map *m, const char *key, size_t len)
{
    size_t mask = m->cap - 1;
    size_t i = (size_t)pk_util_hash(key, len) & mask;
    while (m->keys[i] && (strncmp(m->keys[i], key, len) != 0 || m->keys[i][len] != '\0'))
        i = (i + 1) & mask;
    return i;
}

static int map_grow(struct map *m)
{
    size_t ncap = m->cap ? m->cap * 2 : 64;
    struct map nm = {calloc(ncap, sizeof(char *)), calloc(ncap, sizeof(long)),
                     calloc(ncap, sizeof(long)), ncap, m->n};
    if (!nm.keys || !nm.vals || !nm.lines) {
        free(nm.keys);
        free(nm.vals);
        free(nm.lines);
        return -1;
    }
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->keys[i])
            continue;
        size_t j = map_slot(&nm, m->keys[i], strlen(m->keys[i]));
        nm.keys[j] = m->keys[i];
        nm.vals[j] = m->vals[i];
        nm.lines[j] = m->lines[i];
    }
    free(m->keys);
    free(m->vals);
    free(m->lines);
    *m = nm;
    return 0;
}

static void map_free(struct map *m)
{
    for (size_t i = 0; i < m->cap; i++)
        free(m->keys[i]);
    free(m->keys);
    free(m->vals);
    free(m->lines);
}

static long map_get(const struct map *m, const char *key, size_t len)
{
    if (m->cap == 0)
        return PK_CB_NOMATCH;
    size_t i = map_slot(m, key, len);
    return m->keys[i] ? m->vals[i] : PK_CB_NOMATCH;
}

/* Parsing state, for messages. */
struct loader {
    pk_codebook *cb;
    const char *path;
    long line;
    pk_err *err;
    pk_textnorm_buf nb;
};

static int oom(struct loader *L)
{
    return pk_err_set(L->err, PK_ERR_NOMEM, "%s:%ld: out of memory", L->path, L->line);
}

static const char *keep(struct loader *L, const char *s)
{
    pk_codebook *cb = L->cb;
    if (pk_util_grow((void **)&cb->strs, &cb->strcap, cb->nstrs + 1, sizeof(char *)))
        return NULL;
    char *d = strdup(s);
    if (!d)
        return NULL;
    cb->strs[cb->nstrs++] = d;
    return d;
}

static struct cbvar *find_var(const pk_codebook *cb, const char *name)
{
    size_t slot = 0, i;
    uint64_t h = pk_util_hash(name, strlen(name));
    while ((i = pk_util_hindex_next(&cb->var_ix, h, &slot)) != SIZE_MAX)
        if (strcmp(cb->vars[i]->pub.name, name) == 0)
            return cb->vars[i];
    return NULL;
}

static struct codeset *find_scale(const pk_codebook *cb, const char *name)
{
    size_t slot = 0, i;
    uint64_t h = pk_util_hash(name, strlen(name));
    while ((i = pk_util_hindex_next(&cb->scale_ix, h, &slot)) != SIZE_MAX)
        if (strcmp(cb->sets[i]->name, name) == 0)
            return cb->sets[i];
    return NULL;
}

static struct codeset *new_set(struct loader *L, const char *name, int kind)
{
    pk_codebook *cb = L->cb;
    if (pk_util_grow((void **)&cb->sets, &cb->scap, cb->nsets + 1, sizeof(struct codeset *)))
        return NULL;
    struct codeset *cs = calloc(1, sizeof *cs);
    if (!cs)
        return NULL;
    cs->name = strdup(name);
    if (!cs->name) {
        free(cs);
        return NULL;
    }
    cs->kind = kind;
    if (kind == KIND_SCALE && pk_util_hindex_add(&cb->scale_ix, pk_util_hash(name, strlen(name)), cb->nsets)) {
        free(cs->name);
        free(cs);
        return NULL;
    }
    cb->sets[cb->nsets++] = cs;
    return cs;
}

/* Accept the raw answer `raw` for code index `val` of cs. */
static int accept_answer(struct loader *L, struct codeset *cs, const char *raw, long val)
{
    if (pk_textnorm(&L->nb, raw, strlen(raw)))
        return oom(L);
    if (L->nb.len == 0)
        return 0;
    if ((cs->map.n + 1) * 2 > cs->map.cap && map_grow(&cs->map))
        return oom(L);
    size_t i = map_slot(&cs->map, L->nb.s, L->nb.len);
    if (cs->map.keys[i]) {
        long old = cs->map.vals[i];
        if (old == val)
            return 0;
        char q[200];
        pk_err_quote(q, sizeof q, raw, strlen(raw));
        const char *was = old == PK_CB_MISSING ? "(missing)" : cs->codes[old].code;
        const char *now = val == PK_CB_MISSING ? "(missing)" : cs->codes[val].code;
        return pk_err_set(L->err, PK_ERR_DATA,
                          "%s:%ld: answer '%s' of %s is accepted for both %s (line %ld) and %s",
                          L->path, L->line, q, cs->name, was, cs->map.lines[i], now);
    }
    cs->map.keys[i] = strdup(L->nb.s);
    if (!cs->map.keys[i])
        return oom(L);
    cs->map.vals[i] = val;
    cs->map.lines[i] = L->line;
    cs->map.n++;
    return 0;
}

/* Each `|`-separated answer of list. */
static int accept_list(struct loader *L, struct codeset *cs, const char *list, long val)
{
    const char *p = list;
    for (;;) {
        const char *bar = strchr(p, '|');
        size_t n = bar ? (size_t)(bar - p) : strlen(p);
        char *one = strndup(p, n);
        if (!one)
            return oom(L);
        int rc = accept_answer(L, cs, one, val);
        free(one);
        if (rc)
            return rc;
        if (!bar)
            return 0;
        p = bar + 1;
    }
}

static int parse_num(struct loader *L, const char *what, const char *s, double *out)
{
    int bad = pk_number_parse(s, out);
    if (bad) {
        char q[100];
        return pk_err_set(L->err, PK_ERR_DATA, "%s:%ld: %s '%s' is %s", L->path, L->line,
                          what, pk_err_quote(q, sizeof q, s, strlen(s)), pk_number_problem(bad));
    }
    return 0;
}

/* A column that means nothing for this kind of row must be empty. */
static int must_be_empty(struct loader *L, const char *const *f, int col, const char *kind)
{
    if (f[col][0] == '\0')
        return 0;
    return pk_err_set(L->err, PK_ERR_DATA, "%s:%ld: column '%s' must be empty on a %s row",
                      L->path, L->line, col_names[col], kind);
}

static int declare(struct loader *L, int kind, const char *const *f)
{
    pk_codebook *cb = L->cb;
    const char *name = f[COL_VARIABLE], *kn = kind_names[kind];
    if (find_var(cb, name) || find_scale(cb, name))
        return pk_err_set(L->err, PK_ERR_DATA, "%s:%ld: '%s' is declared twice", L->path, L->line, name);
    if (must_be_empty(L, f, COL_ACCEPT, kn))
        return L->err->status;
    if (kind != KIND_NUMBER && (must_be_empty(L, f, COL_MIN, kn) || must_be_empty(L, f, COL_MAX, kn)))
        return L->err->status;
    if (kind != KIND_QUESTION && kind != KIND_ATTENTION && must_be_empty(L, f, COL_SCALE, kn))
        return L->err->status;
    if (kind != KIND_ATTENTION && must_be_empty(L, f, COL_CODE, kn))
        return L->err->status;
    if (must_be_empty(L, f, COL_SIDE, kn) || must_be_empty(L, f, COL_MEMBERS, kn) ||
        must_be_empty(L, f, COL_SCORE, kn))
        return L->err->status;
    if (kind != KIND_DURATION && must_be_empty(L, f, COL_UNIT, kn))
        return L->err->status;
    if (kind == KIND_SCALE) {
        if (must_be_empty(L, f, COL_SOURCE, kn) || must_be_empty(L, f, COL_REQUIRED, kn))
            return L->err->status;
        struct codeset *cs = new_set(L, name, KIND_SCALE);
        if (!cs || !(cs->scale = pk_scale_new(name, f[COL_LABEL])) ||
            pk_scale_set_path(cs->scale, L->path) != 0)
            return oom(L);
        return 0;
    }
    if (f[COL_SOURCE][0] == '\0')
        return pk_err_set(L->err, PK_ERR_DATA, "%s:%ld: %s variable '%s' needs a source column",
                          L->path, L->line, kn, name);
    int required = 0;
    if (strcasecmp(f[COL_REQUIRED], "yes") == 0)
        required = 1;
    else if (f[COL_REQUIRED][0] && strcasecmp(f[COL_REQUIRED], "no") != 0)
        return pk_err_set(L->err, PK_ERR_DATA, "%s:%ld: required must be yes, no or empty, not '%s'",
                          L->path, L->line, f[COL_REQUIRED]);
    int only = kind == KIND_ID || kind == KIND_DURATION || kind == KIND_ATTENTION;
    if (only && cb->only[kind])
        return pk_err_set(L->err, PK_ERR_DATA, "%s:%ld: a second %s variable ('%s' is one, line %ld)",
                          L->path, L->line, kn, cb->only[kind]->pub.name, cb->only[kind]->pub.line);

    struct cbvar *v = calloc(1, sizeof *v);
    if (!v || pk_util_grow((void **)&cb->vars, &cb->vcap, cb->nvars + 1, sizeof(struct cbvar *)) ||
        pk_util_hindex_add(&cb->var_ix, pk_util_hash(name, strlen(name)), cb->nvars)) {
        free(v);
        return oom(L);
    }
    v->index = cb->nvars;
    if (only)
        cb->only[kind] = v;
    cb->vars[cb->nvars++] = v;
    v->pub.type = (enum pk_codebook_var_type)kind;
    v->pub.required = required;
    v->pub.line = L->line;
    v->pub.correct = -1;
    v->pub.min = v->pub.max = 0;
    if (!(v->pub.name = keep(L, name)) || !(v->pub.source = keep(L, f[COL_SOURCE])) ||
        !(v->pub.label = keep(L, f[COL_LABEL][0] ? f[COL_LABEL] : name)) ||
        !(v->pub.wording = keep(L, f[COL_WORDING])))
        return oom(L);

    switch (kind) {
    case KIND_NUMBER:
        /* An empty bound is no bound (a weight has no natural maximum). */
        v->pub.min = -INFINITY;
        v->pub.max = INFINITY;
        if ((f[COL_MIN][0] && parse_num(L, "min", f[COL_MIN], &v->pub.min)) ||
            (f[COL_MAX][0] && parse_num(L, "max", f[COL_MAX], &v->pub.max)))
            return L->err->status;
        if (v->pub.min > v->pub.max)
            return pk_err_set(L->err, PK_ERR_DATA, "%s:%ld: min is above max", L->path, L->line);
        break;
    case KIND_CATEGORY:
        if (!(v->cs = new_set(L, name, KIND_CATEGORY)))
            return oom(L);
        break;
    case KIND_BAND: {
        struct cbvar *src = find_var(cb, f[COL_SOURCE]);
        if (!src || src->pub.type != PK_CODEBOOK_VAR_NUMBER)
            return pk_err_set(L->err, PK_ERR_DATA,
                              "%s:%ld: band '%s' must name an earlier number variable as its source, not '%s'",
                              L->path, L->line, name, f[COL_SOURCE]);
        v->band_src = src->index;
        if (!(v->cs = new_set(L, name, KIND_BAND)))
            return oom(L);
        break;
    }
    case KIND_QUESTION:
    case KIND_ATTENTION:
        if (f[COL_SCALE][0] == '\0')
            return pk_err_set(L->err, PK_ERR_DATA, "%s:%ld: %s '%s' needs a scale", L->path, L->line, kn, name);
        if (!(v->cs = find_scale(cb, f[COL_SCALE])))
            return pk_err_set(L->err, PK_ERR_DATA, "%s:%ld: scale '%s' is not declared on an earlier line",
                              L->path, L->line, f[COL_SCALE]);
        v->pub.scale = v->cs->name;
        /* The correct answer's code, or several separated by '|' (one
         * answer spelt as two codes); none yet in a draft codebook. */
        if (kind == KIND_ATTENTION && f[COL_CODE][0] && !(v->correct_code = strdup(f[COL_CODE])))
            return oom(L);
        break;
    case KIND_DURATION:
        if (f[COL_UNIT][0] == '\0') {
            if (!pk_codebook_unit_of_name(f[COL_SOURCE], &v->pub.unit))
                v->pub.unit = PK_CODEBOOK_UNIT_SECONDS;
        } else if (pk_codebook_unit_parse(f[COL_UNIT], &v->pub.unit) != 0) {
            char q[100];
            return pk_err_set(L->err, PK_ERR_DATA, "%s:%ld: unit must be seconds, minutes or hours, not '%s'",
                              L->path, L->line, pk_err_quote(q, sizeof q, f[COL_UNIT], strlen(f[COL_UNIT])));
        }
        break;
    default:
        break;
    }
    return 0;
}

static struct codeset *target_set(struct loader *L, const char *name, const char *kn)
{
    struct codeset *cs = find_scale(L->cb, name);
    if (cs)
        return cs;
    struct cbvar *v = find_var(L->cb, name);
    if (!v) {
        pk_err_set(L->err, PK_ERR_DATA, "%s:%ld: %s row for '%s', which no earlier line declares",
                   L->path, L->line, kn, name);
        return NULL;
    }
    if (v->pub.type == PK_CODEBOOK_VAR_QUESTION || v->pub.type == PK_CODEBOOK_VAR_ATTENTION) {
        pk_err_set(L->err, PK_ERR_DATA, "%s:%ld: '%s' takes its codes from scale '%s': give them there",
                   L->path, L->line, name, v->cs->name);
        return NULL;
    }
    if (v->pub.type != PK_CODEBOOK_VAR_CATEGORY && v->pub.type != PK_CODEBOOK_VAR_BAND) {
        pk_err_set(L->err, PK_ERR_DATA, "%s:%ld: %s variable '%s' has no codes", L->path, L->line,
                   kind_names[v->pub.type], name);
        return NULL;
    }
    return v->cs;
}

static int add_code(struct loader *L, const char *const *f)
{
    struct codeset *cs = target_set(L, f[COL_VARIABLE], "code");
    if (!cs)
        return L->err->status;
    const char *code = f[COL_CODE];
    if (code[0] == '\0')
        return pk_err_set(L->err, PK_ERR_DATA, "%s:%ld: code row without a code", L->path, L->line);
    if (must_be_empty(L, f, COL_SOURCE, "code") || must_be_empty(L, f, COL_REQUIRED, "code") ||
        must_be_empty(L, f, COL_SCALE, "code") || must_be_empty(L, f, COL_WORDING, "code") ||
        must_be_empty(L, f, COL_MEMBERS, "code") || must_be_empty(L, f, COL_UNIT, "code"))
        return L->err->status;
    enum pk_side side = PK_SIDE_NONE;
    if (f[COL_SIDE][0]) {
        if (cs->kind != KIND_SCALE)
            return pk_err_set(L->err, PK_ERR_DATA, "%s:%ld: side '%s' on a code of '%s': only the "
                              "codes of a scale have sides", L->path, L->line, f[COL_SIDE],
                              cs->name);
        if (pk_side_parse(f[COL_SIDE], &side) != 0) {
            char q[100];
            return pk_err_set(L->err, PK_ERR_DATA, "%s:%ld: side '%s' (a code has one side: "
                              "positive, negative, neutral, dont_know, or empty for none)",
                              L->path, L->line, pk_err_quote(q, sizeof q, f[COL_SIDE],
                                                             strlen(f[COL_SIDE])));
        }
    }
    for (size_t i = 0; i < cs->n; i++)
        if (strcmp(cs->codes[i].code, code) == 0)
            return pk_err_set(L->err, PK_ERR_DATA, "%s:%ld: code '%s' of %s is declared twice",
                              L->path, L->line, code, cs->name);
    double score = NAN;
    if (f[COL_SCORE][0]) {
        if (cs->kind != KIND_SCALE)
            return pk_err_set(L->err, PK_ERR_DATA, "%s:%ld: score '%s' on a code of '%s': only the "
                              "codes of a scale have scores", L->path, L->line, f[COL_SCORE],
                              cs->name);
        if (parse_num(L, "score", f[COL_SCORE], &score))
            return L->err->status;
    }
    if (pk_util_grow((void **)&cs->codes, &cs->cap, cs->n + 1, sizeof *cs->codes))
        return oom(L);
    if (cs->kind == KIND_BAND) {
        size_t c = cs->n;   /* grow the bounds in step with codes */
        double *lo = realloc(cs->lo, cs->cap * sizeof *lo);
        if (!lo)
            return oom(L);
        cs->lo = lo;
        double *hi = realloc(cs->hi, cs->cap * sizeof *hi);
        if (!hi)
            return oom(L);
        cs->hi = hi;
        if (must_be_empty(L, f, COL_ACCEPT, "band code"))
            return L->err->status;
        if (f[COL_MIN][0] == '\0')
            return pk_err_set(L->err, PK_ERR_DATA, "%s:%ld: band code '%s' needs min", L->path, L->line, code);
        if (parse_num(L, "min", f[COL_MIN], &cs->lo[c]))
            return L->err->status;
        cs->hi[c] = HUGE_VAL;
        if (f[COL_MAX][0] && parse_num(L, "max", f[COL_MAX], &cs->hi[c]))
            return L->err->status;
        if (cs->lo[c] > cs->hi[c])
            return pk_err_set(L->err, PK_ERR_DATA, "%s:%ld: min is above max", L->path, L->line);
        for (size_t i = 0; i < c; i++)
            if (cs->lo[c] <= cs->hi[i] && cs->lo[i] <= cs->hi[c])
                return pk_err_set(L->err, PK_ERR_DATA, "%s:%ld: band '%s' overlaps band '%s'",
                                  L->path, L->line, code, cs->codes[i].code);
    } else if (must_be_empty(L, f, COL_MIN, "code") || must_be_empty(L, f, COL_MAX, "code")) {
        return L->err->status;
    }
    const char *kc = keep(L, code), *kl = keep(L, f[COL_LABEL][0] ? f[COL_LABEL] : code);
    if (!kc || !kl)
        return oom(L);
    cs->codes[cs->n].code = kc;
    cs->codes[cs->n].label = kl;
    long idx = (long)cs->n++;
    if (cs->scale && pk_scale_add_code(cs->scale, kc, kl, side, L->line, L->err) != 0)
        return L->err->status;
    if (!isnan(score) && pk_scale_set_score(cs->scale, kc, score, L->line, L->err) != 0)
        return L->err->status;
    if (cs->kind == KIND_BAND)
        return 0;
    if (accept_answer(L, cs, code, idx) || accept_answer(L, cs, f[COL_LABEL], idx) ||
        accept_list(L, cs, f[COL_ACCEPT], idx))
        return L->err->status;
    return 0;
}

static int add_missing(struct loader *L, const char *const *f)
{
    struct codeset *cs = target_set(L, f[COL_VARIABLE], "missing");
    if (!cs)
        return L->err->status;
    if (cs->kind == KIND_BAND)
        return pk_err_set(L->err, PK_ERR_DATA, "%s:%ld: band '%s' is derived: it has no raw answers",
                          L->path, L->line, cs->name);
    for (int c = 0; c < COL_N; c++)
        if (c != COL_VARIABLE && c != COL_KIND && c != COL_ACCEPT && c != COL_LABEL && c != COL_NOTE &&
            must_be_empty(L, f, c, "missing"))
            return L->err->status;
    if (f[COL_ACCEPT][0] == '\0')
        return pk_err_set(L->err, PK_ERR_DATA, "%s:%ld: missing row without answers in 'accept'",
                          L->path, L->line);
    return accept_list(L, cs, f[COL_ACCEPT], PK_CB_MISSING);
}

/* A net row: `variable` a scale, `code` and `label` the net's, `side`
 * positive, negative, score or empty, `members` its codes. */
static int add_net(struct loader *L, const char *const *f)
{
    struct codeset *cs = find_scale(L->cb, f[COL_VARIABLE]);
    if (!cs)
        return pk_err_set(L->err, PK_ERR_DATA, "%s:%ld: net row for '%s', which is not a scale "
                          "declared on an earlier line (nets belong to a scale)", L->path,
                          L->line, f[COL_VARIABLE]);
    const char *code = f[COL_CODE], *sw = f[COL_SIDE];
    if (code[0] == '\0')
        return pk_err_set(L->err, PK_ERR_DATA, "%s:%ld: net row without a code", L->path, L->line);
    for (int c = 0; c < COL_N; c++)
        if (c != COL_VARIABLE && c != COL_KIND && c != COL_CODE && c != COL_LABEL &&
            c != COL_SIDE && c != COL_MEMBERS && c != COL_NOTE && must_be_empty(L, f, c, "net"))
            return L->err->status;
    enum pk_scale_kind kind;
    if (strcmp(sw, "positive") == 0)
        kind = PK_SCALE_KIND_NET_POSITIVE;
    else if (strcmp(sw, "negative") == 0)
        kind = PK_SCALE_KIND_NET_NEGATIVE;
    else if (strcmp(sw, "score") == 0)
        kind = PK_SCALE_KIND_NET_SCORE;
    else if (sw[0] == '\0')
        kind = PK_SCALE_KIND_NET;
    else {
        char q[100];
        return pk_err_set(L->err, PK_ERR_DATA, "%s:%ld: a net's side is positive, negative, score "
                          "(the net score) or empty (another net), not '%s'", L->path, L->line,
                          pk_err_quote(q, sizeof q, sw, strlen(sw)));
    }
    if (pk_util_grow((void **)&cs->nets, &cs->netcap, cs->nnets + 1, sizeof *cs->nets))
        return oom(L);
    struct netrow *nr = &cs->nets[cs->nnets++];
    memset(nr, 0, sizeof *nr);
    nr->line = L->line;
    if (!(nr->code = strdup(code)))
        return oom(L);
    const char *list = f[COL_MEMBERS];
    size_t cap = 1;
    for (const char *p = list; *p; p++)
        cap += *p == '|';
    if (!(nr->members = calloc(cap, sizeof *nr->members)))
        return oom(L);
    for (const char *p = list; list[0];) {
        const char *bar = strchr(p, '|');
        size_t n = bar ? (size_t)(bar - p) : strlen(p);
        if (n == 0)
            return pk_err_set(L->err, PK_ERR_DATA, "%s:%ld: empty code in members '%s'", L->path,
                              L->line, list);
        if (!(nr->members[nr->nmembers++] = strndup(p, n)))
            return oom(L);
        if (!bar)
            break;
        p = bar + 1;
    }
    return pk_scale_add_net(cs->scale, code, f[COL_LABEL], kind,
                            (const char *const *)nr->members, nr->nmembers, L->line, L->err);
}

const pk_codebook_multi *pk_codebook_find_multi(const pk_codebook *cb, const char *name)
{
    for (size_t i = 0; cb && i < cb->nmulti; i++)
        if (strcmp(cb->multi[i].name, name) == 0)
            return &cb->multi[i];
    return NULL;
}

size_t pk_codebook_nmulti(const pk_codebook *cb)
{
    return cb->nmulti;
}

const pk_codebook_multi *pk_codebook_multi_at(const pk_codebook *cb, size_t i)
{
    return i < cb->nmulti ? &cb->multi[i] : NULL;
}

/* A multi row: `variable` the question's name, `label`, `wording`, and
 * `members` its option columns (variables declared earlier), '|' between. */
static int add_multi(struct loader *L, const char *const *f)
{
    pk_codebook *cb = L->cb;
    const char *name = f[COL_VARIABLE], *list = f[COL_MEMBERS];
    for (int c = 0; c < COL_N; c++)
        if (c != COL_VARIABLE && c != COL_KIND && c != COL_LABEL && c != COL_WORDING &&
            c != COL_MEMBERS && c != COL_NOTE && must_be_empty(L, f, c, "multi"))
            return L->err->status;
    if (find_var(cb, name) || find_scale(cb, name) || pk_codebook_find_multi(cb, name))
        return pk_err_set(L->err, PK_ERR_DATA, "%s:%ld: '%s' is declared twice", L->path, L->line,
                          name);
    if (list[0] == '\0')
        return pk_err_set(L->err, PK_ERR_DATA, "%s:%ld: multi '%s' lists no option columns in "
                          "'members' (separated by '|')", L->path, L->line, name);
    size_t cap = 1;
    for (const char *p = list; *p; p++)
        cap += *p == '|';
    if (pk_util_grow((void **)&cb->multi, &cb->mcap, cb->nmulti + 1, sizeof *cb->multi))
        return oom(L);
    pk_codebook_multi *m = &cb->multi[cb->nmulti++];
    memset(m, 0, sizeof *m);
    const char **opts = calloc(cap, sizeof *opts), **labs = calloc(cap, sizeof *labs);
    m->options = opts;
    m->option_labels = labs;
    m->line = L->line;
    if (!opts || !labs || !(m->name = keep(L, name)) ||
        !(m->label = keep(L, f[COL_LABEL][0] ? f[COL_LABEL] : name)) ||
        !(m->wording = keep(L, f[COL_WORDING])))
        return oom(L);
    for (const char *p = list;;) {
        const char *bar = strchr(p, '|');
        size_t n = bar ? (size_t)(bar - p) : strlen(p);
        char *opt = strndup(p, n);
        if (!opt)
            return oom(L);
        const struct cbvar *v = n ? find_var(cb, opt) : NULL;
        int dup = 0;
        for (size_t k = 0; k < m->noptions; k++)
            dup |= strcmp(opts[k], opt) == 0;
        if (!v || dup) {
            int rc = pk_err_set(L->err, PK_ERR_DATA, n == 0 ? "%s:%ld: multi '%s': empty option in "
                                "members" : dup ? "%s:%ld: multi '%s': option '%s' listed twice"
                                : "%s:%ld: multi '%s': option '%s' is no variable declared on an "
                                "earlier line (declare each option column, e.g. as a category "
                                "with codes 1 and 0)", L->path, L->line, name, opt);
            free(opt);
            return rc;
        }
        free(opt);
        opts[m->noptions] = v->pub.name;
        labs[m->noptions++] = v->pub.label;
        if (!bar)
            break;
        p = bar + 1;
    }
    return 0;
}

/* A net member that is no code of its own scale: name the scale it
 * belongs to, if any, since that is the likely slip. */
static int check_members(struct loader *L, const struct codeset *cs)
{
    pk_codebook *cb = L->cb;
    for (size_t i = 0; i < cs->nnets; i++) {
        const struct netrow *nr = &cs->nets[i];
        for (size_t m = 0; m < nr->nmembers; m++) {
            int own = 0;
            for (size_t k = 0; k < cs->n && !own; k++)
                own = strcmp(cs->codes[k].code, nr->members[m]) == 0;
            if (own)
                continue;
            for (size_t j = 0; j < cb->nsets; j++) {
                const struct codeset *o = cb->sets[j];
                if (o == cs || o->kind != KIND_SCALE)
                    continue;
                for (size_t k = 0; k < o->n; k++)
                    if (strcmp(o->codes[k].code, nr->members[m]) == 0)
                        return pk_err_set(L->err, PK_ERR_DATA, "%s:%ld: net '%s' of scale '%s' "
                                          "lists '%s', a code of another scale ('%s'); a net "
                                          "takes codes of its own scale", L->path, nr->line,
                                          nr->code, cs->name, nr->members[m], o->name);
            }
        }
    }
    return 0;
}

/* An attention check's correct answers: codes of its scale, '|'-separated. */
static int resolve_correct(struct loader *L, struct cbvar *v)
{
    size_t n = 1;
    for (const char *p = v->correct_code; *p; p++)
        n += *p == '|';
    if (!(v->correct_idx = calloc(n, sizeof *v->correct_idx)))
        return oom(L);
    const char *p = v->correct_code;
    for (size_t k = 0; k < n; k++) {
        const char *bar = strchr(p, '|');
        size_t len = bar ? (size_t)(bar - p) : strlen(p);
        char *one = strndup(p, len);
        if (!one)
            return oom(L);
        long idx = pk_codebook_code_index(&v->pub, one);
        if (idx < 0) {
            pk_err_set(L->err, PK_ERR_DATA, "%s:%ld: correct answer '%s' is not a code of scale '%s'", L->path,
                       v->pub.line, one, v->cs->name);
            free(one);
            return L->err->status;
        }
        free(one);
        for (size_t j = 0; j < k; j++)
            if (v->correct_idx[j] == idx)
                return pk_err_set(L->err, PK_ERR_DATA, "%s:%ld: correct answer '%s' is listed twice", L->path,
                                  v->pub.line, v->pub.codes[idx].code);
        v->correct_idx[k] = idx;
        p = bar ? bar + 1 : p + len;
    }
    v->pub.correct = v->correct_idx[0];
    v->pub.correct_codes = v->correct_idx;
    v->pub.ncorrect = n;
    return 0;
}

/* Checks that need the whole file, then point the public structs at the
 * final code arrays. */
static int finish(struct loader *L)
{
    pk_codebook *cb = L->cb;
    if (cb->nvars == 0)
        return pk_err_set(L->err, PK_ERR_DATA, "%s:%ld: the codebook declares no variables", L->path, L->line);
    for (size_t i = 0; i < cb->nsets; i++) {
        if (cb->sets[i]->n == 0) {
            long line = 0;
            struct cbvar *v = find_var(cb, cb->sets[i]->name);
            if (v)
                line = v->pub.line;
            return pk_err_set(L->err, PK_ERR_DATA, "%s:%ld: '%s' has no codes", L->path,
                              line ? line : L->line, cb->sets[i]->name);
        }
        struct codeset *cs = cb->sets[i];
        if (cs->scale && (check_members(L, cs) || pk_scale_finish(cs->scale, L->err)))
            return L->err->status;
    }
    for (size_t i = 0; i < cb->nvars; i++) {
        struct cbvar *v = cb->vars[i];
        if (!v->cs)
            continue;
        v->pub.codes = v->cs->codes;
        v->pub.ncodes = v->cs->n;
        v->pub.resp_scale = v->cs->scale;
        if (v->correct_code && resolve_correct(L, v))
            return L->err->status;
    }
    return 0;
}

pk_codebook *pk_codebook_read(const char *path, pk_err *err)
{
    pk_csv_reader *r = pk_csv_reader_open(path, ',', err);
    if (!r)
        return NULL;
    struct loader L = {calloc(1, sizeof(pk_codebook)), path, pk_csv_reader_header_line(r), err, {0}};
    if (!L.cb || !(L.cb->path = strdup(path))) {
        oom(&L);
        goto fail;
    }
    long col[COL_N];
    for (int c = 0; c < COL_N; c++)
        col[c] = pk_csv_reader_col(r, col_names[c]);
    for (size_t i = 0; i < pk_csv_reader_ncols(r); i++) {
        const char *n = pk_csv_reader_colname(r, i);
        int known = 0;
        for (int c = 0; c < COL_N; c++)
            known |= strcmp(n, col_names[c]) == 0;
        char hint[PK_COLNAME_HINT_SIZE];
        if (!known && pk_colname_hint(hint, sizeof hint, n, col_names, COL_N)[0]) {
            pk_err_set(err, PK_ERR_DATA, "%s:%ld: unknown column '%s'%s", path, L.line, n, hint);
            goto fail;
        }
        if (!known) {
            pk_err_set(err, PK_ERR_DATA, "%s:%ld: unknown column '%s' (known: variable, kind, source, required, "
                       "scale, code, label, accept, min, max, wording, side, members, unit, note)", path, L.line, n);
            goto fail;
        }
    }
    if (col[COL_VARIABLE] < 0 || col[COL_KIND] < 0) {
        pk_err_set(err, PK_ERR_DATA, "%s:%ld: the header needs columns 'variable' and 'kind'", path, L.line);
        goto fail;
    }
    int got;
    while ((got = pk_csv_reader_next(r, err)) == 1) {
        L.line = pk_csv_reader_line(r);
        const char *f[COL_N];
        for (int c = 0; c < COL_N; c++)
            f[c] = col[c] >= 0 ? pk_csv_reader_field(r, (size_t)col[c]) : "";
        /* A comment row (a draft's notes to the person editing it). */
        if (f[COL_VARIABLE][0] == '#')
            continue;
        if (f[COL_VARIABLE][0] == '\0') {
            pk_err_set(err, PK_ERR_DATA, "%s:%ld: empty variable name", path, L.line);
            goto fail;
        }
        int kind = -1;
        for (int k = 0; k < KIND_N; k++)
            if (strcmp(f[COL_KIND], kind_names[k]) == 0)
                kind = k;
        int rc;
        if (kind < 0)
            rc = pk_err_set(err, PK_ERR_DATA, "%s:%ld: unknown kind '%s' (id, number, category, band, question, "
                            "duration, attention, scale, code, missing, net or multi)", path, L.line, f[COL_KIND]);
        else if (kind == KIND_CODE)
            rc = add_code(&L, f);
        else if (kind == KIND_MISSING)
            rc = add_missing(&L, f);
        else if (kind == KIND_NET)
            rc = add_net(&L, f);
        else if (kind == KIND_MULTI)
            rc = add_multi(&L, f);
        else
            rc = declare(&L, kind, f);
        if (rc)
            goto fail;
    }
    if (got < 0 || finish(&L))
        goto fail;
    pk_csv_reader_close(r);
    pk_textnorm_buf_free(&L.nb);
    return L.cb;
fail:
    pk_csv_reader_close(r);
    pk_textnorm_buf_free(&L.nb);
    pk_codebook_free(L.cb);
    return NULL;
}

void pk_codebook_free(pk_codebook *cb)
{
    if (!cb)
        return;
    for (size_t i = 0; i < cb->nvars; i++) {
        free(cb->vars[i]->correct_code);
        free(cb->vars[i]->correct_idx);
        free(cb->vars[i]);
    }
    free(cb->vars);
    for (size_t i = 0; i < cb->nmulti; i++) {
        free((void *)cb->multi[i].options);
        free((void *)cb->multi[i].option_labels);
    }
    free(cb->multi);
    pk_util_hindex_free(&cb->var_ix);
    pk_util_hindex_free(&cb->scale_ix);
    for (size_t i = 0; i < cb->nsets; i++) {
        struct codeset *cs = cb->sets[i];
        map_free(&cs->map);
        pk_scale_free(cs->scale);
        for (size_t k = 0; k < cs->nnets; k++) {
            for (size_t m = 0; m < cs->nets[k].nmembers; m++)
                free(cs->nets[k].members[m]);
            free(cs->nets[k].members);
            free(cs->nets[k].code);
        }
        free(cs->nets);
        free(cs->name);
        free(cs->codes);
        free(cs->lo);
        free(cs->hi);
        free(cs);
    }
    free(cb->sets);
    for (size_t i = 0; i < cb->nstrs; i++)
        free(cb->strs[i]);
    free(cb->strs);
    free(cb->path);
    free(cb);
}

const char *pk_codebook_path(const pk_codebook *cb)
{
    return cb->path;
}

size_t pk_codebook_nvars(const pk_codebook *cb)
{
    return cb->nvars;
}

const pk_codebook_var *pk_codebook_var_at(const pk_codebook *cb, size_t i)
{
    return i < cb->nvars ? &cb->vars[i]->pub : NULL;
}

const pk_codebook_var *pk_codebook_find(const pk_codebook *cb, const char *name)
{
    struct cbvar *v = find_var(cb, name);
    return v ? &v->pub : NULL;
}

size_t pk_codebook_index(const pk_codebook *cb, const pk_codebook_var *v)
{
    /* pub is the first member of struct cbvar. */
    const struct cbvar *c = (const struct cbvar *)v;
    return v && c->index < cb->nvars && cb->vars[c->index] == c ? c->index : (size_t)-1;
}

long pk_codebook_code_index(const pk_codebook_var *v, const char *code)
{
    for (size_t i = 0; i < v->ncodes; i++)
        if (strcmp(v->codes[i].code, code) == 0)
            return (long)i;
    return -1;
}

const char *pk_codebook_code_label(const pk_codebook_var *v, const char *code)
{
    long i = pk_codebook_code_index(v, code);
    return i < 0 ? NULL : v->codes[i].label;
}

const pk_scale *pk_codebook_scale(const pk_codebook *cb, const char *name)
{
    const struct codeset *cs = find_scale(cb, name);
    return cs ? cs->scale : NULL;
}

size_t pk_codebook_nscales(const pk_codebook *cb)
{
    size_t n = 0;
    for (size_t i = 0; i < cb->nsets; i++)
        n += cb->sets[i]->kind == KIND_SCALE;
    return n;
}

const pk_scale *pk_codebook_scale_at(const pk_codebook *cb, size_t i)
{
    for (size_t k = 0; k < cb->nsets; k++)
        if (cb->sets[k]->kind == KIND_SCALE && i-- == 0)
            return cb->sets[k]->scale;
    return NULL;
}

int pk_codebook_is_correct(const pk_codebook_var *v, long code)
{
    for (size_t i = 0; i < v->ncorrect; i++)
        if (v->correct_codes[i] == code)
            return 1;
    return 0;
}

int pk_codebook_in_output(const pk_codebook_var *v)
{
    return v->type != PK_CODEBOOK_VAR_DURATION && v->type != PK_CODEBOOK_VAR_ATTENTION;
}

long pk_codebook_match(const pk_codebook_var *v, const char *norm, size_t len)
{
    /* pub is the first member, so the public pointer is the private one. */
    const struct cbvar *cv = (const struct cbvar *)v;
    if (!cv->cs || cv->cs->kind == KIND_BAND)
        return PK_CB_NOMATCH;
    return map_get(&cv->cs->map, norm, len);
}

const pk_codebook_var *pk_codebook_band_source(const pk_codebook *cb, const pk_codebook_var *band)
{
    const struct cbvar *cv = (const struct cbvar *)band;
    return band->type == PK_CODEBOOK_VAR_BAND ? &cb->vars[cv->band_src]->pub : NULL;
}

long pk_codebook_band_of(const pk_codebook_var *band, double x)
{
    const struct cbvar *cv = (const struct cbvar *)band;
    if (band->type != PK_CODEBOOK_VAR_BAND)
        return -1;
    for (size_t i = 0; i < cv->cs->n; i++)
        if (x >= cv->cs->lo[i] && x <= cv->cs->hi[i])
            return (long)i;
    return -1;
}

static const struct {
    const char *name, *symbol;
    double seconds;
    const char *words[6];   /* what a column's name may say */
} units[] = {
    [PK_CODEBOOK_UNIT_SECONDS] = {"seconds", "s", 1, {"seconds", "second", "secs", "sec", "s", NULL}},
    [PK_CODEBOOK_UNIT_MINUTES] = {"minutes", "min", 60, {"minutes", "minute", "mins", "min", NULL}},
    [PK_CODEBOOK_UNIT_HOURS] = {"hours", "h", 3600, {"hours", "hour", "hrs", "hr", "h", NULL}},
};

const char *pk_codebook_unit_name(enum pk_codebook_unit u)
{
    return units[u].name;
}

const char *pk_codebook_unit_symbol(enum pk_codebook_unit u)
{
    return units[u].symbol;
}

double pk_codebook_unit_seconds(enum pk_codebook_unit u)
{
    return units[u].seconds;
}

int pk_codebook_unit_parse(const char *s, enum pk_codebook_unit *u)
{
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
        if (strcasecmp(s, units[i].name) == 0) {
            *u = (enum pk_codebook_unit)i;
            return 0;
        }
    }
    return -1;
}

int pk_codebook_unit_of_name(const char *name, enum pk_codebook_unit *u)
{
    int found = 0;
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
        int says = 0;
        for (size_t w = 0; units[i].words[w] && !says; w++)
            says = pk_colname_has_word(name, units[i].words[w]);
        if (says) {
            if (found)
                return 0;   /* two units named: trust neither */
            found = 1;
            *u = (enum pk_codebook_unit)i;
        }
    }
    return found;
}
