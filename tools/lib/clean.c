/* Recoding, exclusion rules and accounting for pollclean; see clean.h.
 *
 * Everything per record is computed in fixed per-variable slots reused from
 * record to record; what outlives a record is only the id set (an arena of
 * strings and an open-addressing table of offsets), the durations of the
 * first pass, and small per-variable caches of the raw spellings seen and
 * the unmatched answers. */
#include "clean.h"
#include "util.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "colname.h"
#include "csvio.h"
#include "input.h"
#include "number.h"
#include "textnorm.h"

/* A set of strings, each mapped to a long: keys live in one arena, the
 * table holds their offsets (+1; 0 is an empty slot) beside their hashes,
 * 8 bytes a slot, so that a million respondents' ids cost some 30 MB and a
 * look-up that finds an empty slot or another hash touches one cache line
 * of the table. A set without values (`novals`, for the ids) stores none. */
struct sm_slot {
    uint32_t off;
    uint32_t hash;
};

struct strmap {
    char *arena;
    size_t alen, acap;
    struct sm_slot *slots;
    long *vals;
    size_t cap, n;
    int novals;
    long dummy;
};

/* Every answer is looked up in its variable's cache: the word-at-a-time
 * hash (util.h), folded to 32 bits. */
static uint32_t hash32(const char *s, size_t len)
{
    uint64_t h = pk_util_hash_words(s, len);
    return (uint32_t)(h ^ (h >> 32));
}

static size_t sm_slot(const struct strmap *m, const char *k, size_t len, uint32_t h)
{
    size_t mask = m->cap - 1, i = h & mask;
    while (m->slots[i].off) {
        const char *s = m->arena + m->slots[i].off - 1;
        if (m->slots[i].hash == h && memcmp(s, k, len) == 0 && s[len] == '\0')
            break;
        i = (i + 1) & mask;
    }
    return i;
}

/* A zeroed table of n slots. A large one (the ids': 16 MB for a million)
 * is asked for in huge pages where the system gives them on request, and
 * written at once: a look-up anywhere in it then misses the TLB less, and
 * calloc's untouched pages would each fault twice (read, then copy on
 * write) while it fills. */
static struct sm_slot *sm_slots_alloc(size_t n)
{
    size_t bytes = n * sizeof(struct sm_slot), huge = (size_t)2 << 20;
    if (bytes < huge)
        return calloc(n, sizeof(struct sm_slot));
    void *p;
    if (posix_memalign(&p, huge, bytes) != 0)
        return NULL;
#ifdef MADV_HUGEPAGE
    madvise(p, bytes, MADV_HUGEPAGE);   /* only a hint: no matter if refused */
#endif
    memset(p, 0, bytes);
    return p;
}

/* Room for n keys in all: the table grows to twice the smallest power of
 * two holding them at three quarters full. */
static int sm_reserve(struct strmap *m, size_t n)
{
    if (n * 4 <= m->cap * 3)
        return 0;
    size_t ncap = m->cap ? m->cap : 64;
    while (n * 4 > ncap * 3)
        ncap *= 2;
    struct sm_slot *slots = sm_slots_alloc(ncap);
    long *vals = m->novals ? NULL : malloc(ncap * sizeof *vals);
    if (!slots || (!vals && !m->novals)) {
        free(slots);
        free(vals);
        return -1;
    }
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->slots[i].off)
            continue;
        size_t j = m->slots[i].hash & (ncap - 1);
        while (slots[j].off)
            j = (j + 1) & (ncap - 1);
        slots[j] = m->slots[i];
        if (vals)
            vals[j] = m->vals[i];
    }
    free(m->slots);
    free(m->vals);
    m->slots = slots;
    m->vals = vals;
    m->cap = ncap;
    return 0;
}

static long *sm_get(struct strmap *m, const char *k, size_t len)
{
    if (m->cap == 0)
        return NULL;
    size_t i = sm_slot(m, k, len, hash32(k, len));
    if (!m->slots[i].off)
        return NULL;
    return m->novals ? &m->dummy : &m->vals[i];
}

/* Find k, of hash h (hash32), adding it if absent; *added tells which.
 * Returns its slot, or SIZE_MAX when memory runs out. */
static size_t sm_add(struct strmap *m, const char *k, size_t len, uint32_t h, int *added)
{
    if (sm_reserve(m, m->n + 1))
        return SIZE_MAX;
    size_t i = sm_slot(m, k, len, h);
    if (m->slots[i].off) {
        *added = 0;
        return i;
    }
    if (m->alen + len + 1 >= UINT32_MAX)
        return SIZE_MAX;   /* offsets are 32-bit: 4 GB of keys */
    if (pk_util_grow((void **)&m->arena, &m->acap, m->alen + len + 1, 1))
        return SIZE_MAX;
    memcpy(m->arena + m->alen, k, len);
    m->arena[m->alen + len] = '\0';
    m->slots[i].off = (uint32_t)(m->alen + 1);
    m->slots[i].hash = h;
    m->alen += len + 1;
    m->n++;
    *added = 1;
    return i;
}

/* Find k; if absent, add it with value `val`. *added tells which. Returns
 * a pointer to the stored value, or NULL when memory runs out. */
static long *sm_put(struct strmap *m, const char *k, size_t len, long val, int *added)
{
    size_t i = sm_add(m, k, len, hash32(k, len), added);
    if (i == SIZE_MAX)
        return NULL;
    if (m->novals)
        return &m->dummy;
    if (*added)
        m->vals[i] = val;
    return &m->vals[i];
}

static void sm_free(struct strmap *m)
{
    free(m->arena);
    free(m->slots);
    free(m->vals);
    memset(m, 0, sizeof *m);
}

/* One codebook variable while cleaning. */
struct var_rt {
    const pk_codebook_var *v;
    long col;              /* raw column, or -1 for a band */
    size_t src;            /* band: index of its number variable */
    int categorical;       /* answers are matched against codes */
    pk_clean_var_stats *st;   /* its figures, in c->vstats */
    size_t *codelen;       /* per code index, strlen of its code (NULL: no codes) */
    /* Raw answer, exactly as written -> its match (code index,
     * PK_CB_MISSING or PK_CB_NOMATCH): a survey repeats a few spellings
     * millions of times, so most fields cost one lookup and no
     * normalisation. Capped, so that free text cannot grow it without
     * bound; past the cap answers are normalised every time. */
    struct strmap cache;
    int cache_full;
    struct strmap unmatched;  /* normal form -> index in c->um */
    size_t range_reason;   /* number: its NAME_out_of_range reason */
    /* The current record. */
    const char *out;       /* clean value ("" when missing) */
    size_t outlen;         /* its length, in pass 2 */
    long code;             /* code index, PK_CB_MISSING, PK_CB_NOMATCH */
    double num;
    int has_num;
    int nomatch;           /* the answer matched nothing */
    int by_number;         /* a labelled value matched by its number */
    char numbuf[PK_NUMBER_BUFSIZE];
    /* SPSS/Stata: per code index, the first value of the file that became
     * it (see check_merge). NULL until needed. */
    struct first_value *first;
};

/* A value of an SPSS or Stata file and how it matched its code. */
enum { MATCH_LABEL, MATCH_NUMBER, MATCH_VALUE };
struct first_value {
    char *value;           /* the number (or string) the file stores */
    size_t valuelen;
    char *label;           /* its label, or NULL */
    int how;               /* MATCH_* */
    long line;
};

struct pk_clean {
    const pk_codebook *cb;
    /* What pass 2 needs of each record, written by pass 1 (see spool_*). */
    FILE *spool;
    unsigned char *rec;           /* one record: being built, or read back */
    size_t reclen, reccap;
    char **colnames;              /* the input's header, for --excluded */
    unsigned char *in_output;     /* per variable: a column of the output */
    const char **outs;            /* the clean record being written */
    size_t *outlens;
    size_t ncols;
    pk_clean_opts o;
    struct var_rt *vars;
    pk_clean_var_stats *vstats;   /* the figures of each of vars */
    size_t nvars;
    long id_var, dur_var, att_var;   /* indices, or -1 */

    pk_clean_reason *reasons;
    size_t nreasons, capreasons;
    size_t r_dup, r_speeder, r_straight, r_attention, r_required, r_unmatched;
    unsigned char *hit;   /* reasons of the current record */

    double *durs;
    size_t ndurs, durcap;
    double median;

    pk_clean_unmatched *um;
    size_t num, umcap;
    long um_total;

    /* Every id, looked up in pass 1, where its look-up's cache miss
     * overlaps the rest of the record's recoding (see id_lookup); pass 2
     * reads the outcome from the spool. */
    struct strmap ids;
    uint32_t id_hash;             /* the current record's, when id_pending */
    int id_pending;
    size_t id_key;                /* the current record's: see id_lookup */
    /* Ids whose first copy was excluded for another reason: their later
     * copies go as duplicates, so no copy of them is kept. A bit per
     * offset of ids' arena, the first copy's key. */
    unsigned char *excl_first;
    long dup_of_excluded, dup_of_excluded_line;
    pk_textnorm_buf nb;
    unsigned char *col_by_number;   /* per input column: matched by its number */

    const char *spool_dir;        /* where the spool is ($TMPDIR or /tmp) */
    long scanned, skipped, read, kept, excluded;
    long first_line;
    int scanned_ok;
    char *weight_like;   /* the input's first column named like a weight, or NULL */
};

void pk_clean_opts_default(pk_clean_opts *o)
{
    o->delim = ',';
    o->dedup = 1;
    o->speeder_fraction = 1.0 / 3.0;
    o->straightliners = 0;
    o->attention = 1;
    o->range_check = 1;
    o->required = 1;
    o->unmatched = PK_CLEAN_UNMATCHED_FAIL;
    o->skip_rows = 0;
    o->keep_excluded = 0;
}

static int add_reason(pk_clean *c, const char *name, int on, size_t *idx)
{
    if (pk_util_grow((void **)&c->reasons, &c->capreasons, c->nreasons + 1, sizeof *c->reasons))
        return -1;
    pk_clean_reason *r = c->reasons;
    r[c->nreasons].name = strdup(name);
    if (!r[c->nreasons].name)
        return -1;
    r[c->nreasons].on = on;
    r[c->nreasons].count = 0;
    if (idx)
        *idx = c->nreasons;
    c->nreasons++;
    return 0;
}

pk_clean *pk_clean_new(const pk_codebook *cb, const pk_clean_opts *o, pk_err *err)
{
    pk_clean *c = calloc(1, sizeof *c);
    if (!c) {
        pk_err_nomem(err);
        return NULL;
    }
    c->cb = cb;
    c->o = *o;
    c->median = NAN;
    c->id_var = c->dur_var = c->att_var = -1;
    c->nvars = pk_codebook_nvars(cb);
    c->vars = calloc(c->nvars ? c->nvars : 1, sizeof *c->vars);
    c->vstats = calloc(c->nvars ? c->nvars : 1, sizeof *c->vstats);
    c->in_output = calloc(c->nvars ? c->nvars : 1, 1);
    c->outs = calloc(c->nvars ? c->nvars : 1, sizeof *c->outs);
    c->outlens = calloc(c->nvars ? c->nvars : 1, sizeof *c->outlens);
    if (!c->vars || !c->vstats || !c->in_output || !c->outs || !c->outlens)
        goto oom;
    int has_questions = 0;
    for (size_t i = 0; i < c->nvars; i++) {
        struct var_rt *r = &c->vars[i];
        r->v = pk_codebook_var_at(cb, i);
        r->col = -1;
        c->in_output[i] = (unsigned char)pk_codebook_in_output(r->v);
        r->categorical = r->v->type == PK_CODEBOOK_VAR_CATEGORY || r->v->type == PK_CODEBOOK_VAR_QUESTION ||
                         r->v->type == PK_CODEBOOK_VAR_ATTENTION;
        r->st = &c->vstats[i];
        r->st->spellings = r->categorical ? 0 : -1;
        if (r->v->type == PK_CODEBOOK_VAR_ID)
            c->id_var = (long)i;
        if (r->v->type == PK_CODEBOOK_VAR_DURATION)
            c->dur_var = (long)i;
        if (r->v->type == PK_CODEBOOK_VAR_ATTENTION)
            c->att_var = (long)i;
        if (r->v->type == PK_CODEBOOK_VAR_QUESTION)
            has_questions = 1;
        if (r->v->type == PK_CODEBOOK_VAR_BAND)
            r->src = pk_codebook_index(cb, pk_codebook_band_source(cb, r->v));
        if (r->v->ncodes) {
            if (!(r->codelen = malloc(r->v->ncodes * sizeof *r->codelen)))
                goto oom;
            for (size_t k = 0; k < r->v->ncodes; k++)
                r->codelen[k] = strlen(r->v->codes[k].code);
        }
    }
    /* Reasons in the order the report lists them; a rule the codebook
     * gives nothing to check (no id, duration, grid or attention check) is
     * off whatever the options say. */
    if (add_reason(c, "duplicate_id", o->dedup && c->id_var >= 0, &c->r_dup) ||
        add_reason(c, "speeder", o->speeder_fraction > 0 && c->dur_var >= 0, &c->r_speeder) ||
        add_reason(c, "straightliner", o->straightliners && has_questions, &c->r_straight) ||
        add_reason(c, "attention_failed",
                   o->attention && c->att_var >= 0 && pk_codebook_var_at(cb, (size_t)c->att_var)->ncorrect > 0,
                   &c->r_attention))
        goto oom;
    for (size_t i = 0; i < c->nvars; i++) {
        if (c->vars[i].v->type != PK_CODEBOOK_VAR_NUMBER)
            continue;
        char *name = malloc(strlen(c->vars[i].v->name) + 16);
        if (!name)
            goto oom;
        sprintf(name, "%s_out_of_range", c->vars[i].v->name);
        int rc = add_reason(c, name, o->range_check, &c->vars[i].range_reason);
        free(name);
        if (rc)
            goto oom;
    }
    if (add_reason(c, "missing_required", o->required, &c->r_required) ||
        add_reason(c, "unmatched", o->unmatched == PK_CLEAN_UNMATCHED_EXCLUDE, &c->r_unmatched))
        goto oom;
    c->ids.novals = 1;
    c->hit = calloc(c->nreasons, 1);
    if (!c->hit)
        goto oom;
    return c;
oom:
    pk_err_nomem(err);
    pk_clean_free(c);
    return NULL;
}

void pk_clean_free(pk_clean *c)
{
    if (!c)
        return;
    if (c->spool)
        fclose(c->spool);
    free(c->rec);
    free(c->in_output);
    free(c->outs);
    free(c->outlens);
    for (size_t i = 0; i < c->ncols && c->colnames; i++)
        free(c->colnames[i]);
    free(c->colnames);
    for (size_t i = 0; i < c->nvars && c->vars; i++) {
        sm_free(&c->vars[i].cache);
        sm_free(&c->vars[i].unmatched);
        for (size_t k = 0; c->vars[i].first && k < c->vars[i].v->ncodes; k++) {
            free(c->vars[i].first[k].value);
            free(c->vars[i].first[k].label);
        }
        free(c->vars[i].first);
        free(c->vars[i].codelen);
    }
    free(c->vars);
    free(c->vstats);
    for (size_t i = 0; i < c->nreasons; i++)
        free(c->reasons[i].name);
    free(c->reasons);
    free(c->hit);
    free(c->col_by_number);
    free(c->durs);
    free(c->weight_like);
    for (size_t i = 0; i < c->num; i++)
        free((char *)c->um[i].raw);
    free(c->um);
    sm_free(&c->ids);
    free(c->excl_first);
    pk_textnorm_buf_free(&c->nb);
    free(c);
}

/* Find every variable's raw column in the header. */
static int bind(pk_clean *c, pk_input *r, pk_err *err)
{
    for (size_t i = 0; i < c->nvars; i++) {
        struct var_rt *v = &c->vars[i];
        if (v->v->type == PK_CODEBOOK_VAR_BAND)
            continue;
        v->col = pk_input_col(r, v->v->source);
        char hint[PK_COLNAME_HINT_SIZE];
        if (v->col < 0)
            return pk_err_set(err, PK_ERR_DATA, "%s:%ld: column '%s' of variable %s is not in %s%s",
                              pk_codebook_path(c->cb), v->v->line, v->v->source, v->v->name,
                              pk_input_name(r), pk_input_hint(r, v->v->source, hint, sizeof hint));
    }
    return 0;
}

#define CACHE_MAX 100000

/* A whole number written the way it would be printed: no sign, no spaces,
 * no leading zero, at most 15 digits; its value in *x (exact: below 2^53). */
static int plain_integer(const char *s, size_t len, double *x)
{
    if (len == 0 || len > 15 || (s[0] == '0' && len > 1))
        return 0;
    int64_t u = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9')
            return 0;
        u = u * 10 + (s[i] - '0');
    }
    *x = (double)u;
    return 1;
}

/* Recode field `raw` of variable v into v's current slots. Returns 0, or
 * -1 when memory runs out. Sets v->code to PK_CB_NOMATCH for an answer that
 * matches nothing (the caller decides what that means). */
static int recode(pk_clean *c, struct var_rt *v, const char *raw, size_t len)
{
    v->has_num = 0;
    v->code = PK_CB_MISSING;
    v->out = "";
    switch (v->v->type) {
    case PK_CODEBOOK_VAR_ID:
        /* Ids are passed through as they are: they are names, not answers. */
        if (len > 0) {
            v->out = raw;
            v->code = 0;
        }
        return 0;
    case PK_CODEBOOK_VAR_NUMBER:
    case PK_CODEBOOK_VAR_DURATION:
        if (plain_integer(raw, len, &v->num)) {
            /* Already canonical: no parse-and-print round trip. */
            v->has_num = 1;
            v->code = 0;
            v->out = raw;
            return 0;
        }
        if (pk_textnorm(&c->nb, raw, len))
            return -1;
        if (c->nb.len == 0)
            return 0;
        if (pk_number_parse(c->nb.s, &v->num) != 0 ||
            (v->v->type == PK_CODEBOOK_VAR_DURATION && v->num < 0)) {
            v->code = PK_CB_NOMATCH;
            return 0;
        }
        v->has_num = 1;
        v->code = 0;
        /* As few digits as give the same number back: never cut. */
        v->out = pk_number_format_exact(v->numbuf, v->num);
        return 0;
    case PK_CODEBOOK_VAR_BAND:
        return 0;   /* derived after its source */
    case PK_CODEBOOK_VAR_CATEGORY:
    case PK_CODEBOOK_VAR_QUESTION:
    case PK_CODEBOOK_VAR_ATTENTION:
        break;      /* coded below */
    }
    if (len == 0)
        return 0;
    long *hit = sm_get(&v->cache, raw, len);
    if (hit) {
        v->code = *hit;
    } else {
        if (pk_textnorm(&c->nb, raw, len))
            return -1;
        v->code = c->nb.len ? pk_codebook_match(v->v, c->nb.s, c->nb.len) : PK_CB_MISSING;
        if (v->cache.n < CACHE_MAX) {
            int added;
            long *slot = sm_put(&v->cache, raw, len, v->code, &added);
            if (!slot)
                return -1;
            if (v->code != PK_CB_NOMATCH && v->categorical)
                v->st->spellings++;
        } else {
            v->cache_full = 1;
        }
    }
    if (v->code >= 0)
        v->out = v->v->codes[v->code].code;
    return 0;
}

/* Recode variable v's field of the current record. An SPSS or Stata value
 * with a label is matched by its label, else by its number; a number
 * variable (and the id) takes the number. A value the file declares missing
 * is missing unless the codebook knows it as a code. *raw and *len are set
 * to the text that was used. */
static int recode_field(pk_clean *c, struct var_rt *v, const pk_input_value *rf, const char **raw, size_t *len)
{
    const char *alt = rf->alt;
    size_t altlen = rf->altlen;
    int missing = rf->missing;
    *raw = rf->text;
    *len = rf->len;
    v->by_number = 0;
    if (alt && !v->categorical) {
        *raw = alt;
        *len = altlen;
        v->by_number = 1;
    }
    if (missing && !v->categorical) {
        v->has_num = 0;
        v->code = PK_CB_MISSING;
        v->out = "";
        return 0;
    }
    if (recode(c, v, *raw, *len))
        return -1;
    if (v->code == PK_CB_NOMATCH && alt) {
        if (recode(c, v, alt, altlen))
            return -1;
        if (v->code != PK_CB_NOMATCH) {
            *raw = alt;
            *len = altlen;
            v->by_number = 1;
        }
    }
    if (missing && v->code < 0) {
        v->code = PK_CB_MISSING;
        v->out = "";
    }
    return 0;
}

/* Whether text, in its normal form, is an accepted spelling of code k. */
static int accepts(pk_clean *c, const struct var_rt *v, const char *text, long k)
{
    if (pk_textnorm(&c->nb, text, strlen(text)))
        return 0;
    return c->nb.len && pk_codebook_match(v->v, c->nb.s, c->nb.len) == k;
}

static void describe(char *buf, size_t n, const struct first_value *f)
{
    char q[2][120];
    pk_err_quote(q[0], sizeof q[0], f->value, strlen(f->value));
    if (f->how == MATCH_LABEL)
        snprintf(buf, n, "%s through its label '%s'", q[0],
                 pk_err_quote(q[1], sizeof q[1], f->label, strlen(f->label)));
    else if (f->how == MATCH_NUMBER)
        snprintf(buf, n, "%s through its number (its label '%s' is no code's)", q[0],
                 pk_err_quote(q[1], sizeof q[1], f->label, strlen(f->label)));
    else
        snprintf(buf, n, "%s as it is (it has no label)", q[0]);
}

/* Two different values of an SPSS or Stata file must not silently become
 * one code: a 0-10 scale stored as 1-11 and labelled "0 - Not at all",
 * "1", ..., "10 - Certain" would send value 1 to code 1 by its number and
 * value 2 to code 1 by its label. Two values may share a code when the
 * codebook says so: each through a label of its own, or both numbers in
 * the code's accepted answers. Anything else (one through its label and
 * one through its number, two values with one label) is an error naming
 * both values and how each matched. Checked in the first pass, before
 * anything is written. */
/* Whether the current field's value is the first that became its code
 * (check_merge's common case, checked before the call). */
static inline int same_first(const struct var_rt *v, const pk_input_value *rf)
{
    const struct first_value *f = v->first ? &v->first[v->code] : NULL;
    const char *value = rf->alt ? rf->alt : rf->text;
    size_t len = rf->alt ? rf->altlen : rf->len;
    return f && f->value && f->valuelen == len && memcmp(f->value, value, len) == 0;
}

static int check_merge(pk_clean *c, struct var_rt *v, pk_input *r, const pk_input_value *rf, long line,
                       pk_err *err)
{
    const char *alt = rf->alt, *field = rf->text;
    struct first_value now = {(char *)(alt ? alt : field), alt ? rf->altlen : rf->len, (char *)(alt ? field : NULL),
                              !alt ? MATCH_VALUE : v->by_number ? MATCH_NUMBER : MATCH_LABEL, line};
    if (!v->first && !(v->first = calloc(v->v->ncodes ? v->v->ncodes : 1, sizeof *v->first)))
        return pk_err_nomem(err);
    struct first_value *f = &v->first[v->code];
    if (!f->value) {
        if (!(f->value = strdup(now.value)) || (now.label && !(f->label = strdup(now.label))))
            return pk_err_nomem(err);
        f->valuelen = now.valuelen;
        f->how = now.how;
        f->line = now.line;
        return 0;
    }
    if (f->valuelen == now.valuelen && memcmp(f->value, now.value, now.valuelen) == 0)
        return 0;
    /* Neither through a label: each text matched the codebook as it is
     * (a code, its label or an accepted spelling), so the codebook named
     * both. */
    if (f->how != MATCH_LABEL && now.how != MATCH_LABEL)
        return 0;
    if (f->how == MATCH_LABEL && now.how == MATCH_LABEL && strcmp(f->label, now.label) != 0)
        return 0;
    if (accepts(c, v, f->value, v->code) && accepts(c, v, now.value, v->code))
        return 0;
    char a[300], b[300], qa[120], qb[120];
    describe(a, sizeof a, f);
    describe(b, sizeof b, &now);
    const char *code = v->v->codes[v->code].code;
    return pk_err_set(err, PK_ERR_DATA,
                      "%s:%ld:%s: two values of the file would both become code '%s', and be "
                      "counted as one answer: %s (first on line %ld), and %s; make the codebook "
                      "tell them apart (a value is matched by its label, else by its number), or, "
                      "if they are one answer, list both values in the code's accept column (%s|%s)",
                      pk_input_name(r), now.line, v->v->name, code, a, f->line, b,
                      pk_err_quote(qa, sizeof qa, f->value, strlen(f->value)),
                      pk_err_quote(qb, sizeof qb, now.value, strlen(now.value)));
}

static int note_unmatched(pk_clean *c, size_t vi, const char *raw, size_t len, long line)
{
    struct var_rt *v = &c->vars[vi];
    /* Grouped by normal form: " LABOR " and "Labor" are one value. */
    if (pk_textnorm(&c->nb, raw, len))
        return -1;
    const char *key = c->nb.s;
    size_t klen = c->nb.len;
    int added;
    long *slot = sm_put(&v->unmatched, key, klen, (long)c->num, &added);
    if (!slot)
        return -1;
    c->um_total++;
    if (!added) {
        c->um[*slot].count++;
        return 0;
    }
    if (pk_util_grow((void **)&c->um, &c->umcap, c->num + 1, sizeof *c->um))
        return -1;
    char *copy = strndup(raw, len);
    if (!copy)
        return -1;
    c->um[c->num].var = v->v;
    c->um[c->num].raw = copy;
    c->um[c->num].count = 1;
    c->um[c->num].first_line = line;
    c->num++;
    return 0;
}

/* The k-th smallest of x[0..n-1] (k < n), x reordered: Hoare's selection,
 * linear on average, where a full sort was 6% of pollclean's time. The
 * pivot is the median of three, so sorted input stays linear. */
static double select_kth(double *x, size_t n, size_t k)
{
    size_t lo = 0, hi = n - 1;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        double a = x[lo], b = x[mid], c = x[hi];
        double p = a < b ? (b < c ? b : a < c ? c : a) : (a < c ? a : b < c ? c : b);
        size_t i = lo, j = hi;
        while (i <= j) {
            while (x[i] < p)
                i++;
            while (x[j] > p)
                j--;
            if (i <= j) {
                double t = x[i];
                x[i] = x[j];
                x[j] = t;
                i++;
                if (j == 0)
                    break;
                j--;
            }
        }
        if (k <= j)
            hi = j;
        else if (k >= i)
            lo = i;
        else
            return x[k];
    }
    return x[k];
}

static int cmp_um(const void *a, const void *b, void *ctx)
{
    const pk_clean *c = ctx;
    const pk_clean_unmatched *x = a, *y = b;
    size_t i = pk_codebook_index(c->cb, x->var), j = pk_codebook_index(c->cb, y->var);
    if (i != j)
        return (i > j) - (i < j);
    return (x->first_line > y->first_line) - (x->first_line < y->first_line);
}

/* The spool: pass 1 recodes each record once and keeps what pass 2 needs
 * of it in a temporary file, so that pass 2 neither parses the input again
 * nor looks its answers up again. A record is its length, then its line,
 * its id's key (id_lookup), then for each variable read from a column its code (index + 2: 0 is
 * PK_CB_NOMATCH, 1 PK_CB_MISSING), for a number or duration with a value
 * the value (8 bytes) and its clean text, for an id its text (texts
 * NUL-terminated, after their length); with --excluded, last, each raw
 * field as --excluded writes it. Whole numbers are written 7 bits a byte. */
static int rec_room(pk_clean *c, size_t n)
{
    return c->reclen + n > c->reccap && pk_util_grow((void **)&c->rec, &c->reccap, c->reclen + n, 1);
}

/* u at dst, 7 bits a byte (at most 10 bytes); returns the bytes used. */
static size_t put_uint(unsigned char *dst, size_t u)
{
    size_t n = 0;
    while (u >= 0x80) {
        dst[n++] = (unsigned char)(u | 0x80);
        u >>= 7;
    }
    dst[n++] = (unsigned char)u;
    return n;
}

static int rec_uint(pk_clean *c, size_t u)
{
    if (rec_room(c, 10))
        return -1;
    c->reclen += put_uint(c->rec + c->reclen, u);
    return 0;
}

static int rec_text(pk_clean *c, const char *s, size_t len)
{
    if (rec_uint(c, len) || rec_room(c, len + 1))
        return -1;
    memcpy(c->rec + c->reclen, s, len);
    c->rec[c->reclen + len] = '\0';
    c->reclen += len + 1;
    return 0;
}

/* The duplicate rule's look-up of the current record's id (pass 1),
 * whose hash id_pending says was taken: c->id_key is 0 when the rule does
 * not apply (it is off, or the id is empty), else twice the offset of the
 * id in the ids' arena, plus 1 when an earlier record had it. -1 when
 * memory runs out. */
static int id_lookup(pk_clean *c)
{
    c->id_key = 0;
    if (!c->id_pending)
        return 0;
    c->id_pending = 0;
    const char *id = c->vars[c->id_var].out;
    int added;
    size_t i = sm_add(&c->ids, id, strlen(id), c->id_hash, &added);
    if (i == SIZE_MAX)
        return -1;
    c->id_key = (size_t)c->ids.slots[i].off * 2 + !added;
    return 0;
}

/* Spool the current record, recoded into c->vars; -1 on a write error or
 * when memory runs out (errno tells which). */
static int spool_record(pk_clean *c, pk_input *r)
{
    c->reclen = 0;
    if (rec_uint(c, (size_t)pk_input_line(r)) || rec_uint(c, c->id_key))
        return -1;
    for (size_t i = 0; i < c->nvars; i++) {
        struct var_rt *v = &c->vars[i];
        if (v->col < 0)
            continue;
        if (rec_uint(c, (size_t)(v->code + 2)))
            return -1;
        if (v->code < 0)
            continue;
        if (v->v->type == PK_CODEBOOK_VAR_NUMBER || v->v->type == PK_CODEBOOK_VAR_DURATION) {
            if (rec_room(c, sizeof v->num))
                return -1;
            memcpy(c->rec + c->reclen, &v->num, sizeof v->num);
            c->reclen += sizeof v->num;
        }
        if (!v->categorical && rec_text(c, v->out, strlen(v->out)))
            return -1;
    }
    if (c->o.keep_excluded) {
        size_t n = pk_input_nfields(r);
        if (rec_uint(c, n))
            return -1;
        for (size_t i = 0; i < n; i++) {
            size_t len;
            const char *alt = i < c->ncols && c->col_by_number[i] ? pk_input_field_alt(r, i, &len) : NULL;
            if (!alt) {
                alt = pk_input_field(r, i);
                len = pk_input_field_len(r, i);
            }
            if (rec_text(c, alt, len))
                return -1;
        }
    }
    unsigned char head[10];
    size_t h = put_uint(head, c->reclen);
    if (fwrite_unlocked(head, 1, h, c->spool) != h ||
        fwrite_unlocked(c->rec, 1, c->reclen, c->spool) != c->reclen)
        return -1;
    return 0;
}

/* Read a whole number of the spooled record at *p. */
static size_t rec_get_uint(const unsigned char **p)
{
    size_t u = 0;
    int shift = 0;
    while (**p & 0x80) {
        u |= (size_t)(**p & 0x7F) << shift;
        shift += 7;
        (*p)++;
    }
    u |= (size_t)**p << shift;
    (*p)++;
    return u;
}

static const char *rec_get_text(const unsigned char **p, size_t *len)
{
    *len = rec_get_uint(p);
    const char *s = (const char *)*p;
    *p += *len + 1;
    return s;
}

/* Read the next spooled record into c->vars: an unmatched answer made
 * missing, with v->nomatch and *any_unmatched set; *raw is where its raw
 * fields start. -1 on a read error or a spool cut short. */
static int unspool_record(pk_clean *c, long *line, int *any_unmatched, const unsigned char **raw)
{
    int ch;
    size_t len = 0;
    int shift = 0;
    while ((ch = getc_unlocked(c->spool)) != EOF && (ch & 0x80)) {
        len |= (size_t)(ch & 0x7F) << shift;
        shift += 7;
    }
    if (ch == EOF)
        return -1;
    len |= (size_t)ch << shift;
    c->reclen = 0;
    if (rec_room(c, len) || fread_unlocked(c->rec, 1, len, c->spool) != len)
        return -1;
    const unsigned char *p = c->rec;
    *line = (long)rec_get_uint(&p);
    c->id_key = rec_get_uint(&p);
    *any_unmatched = 0;
    for (size_t i = 0; i < c->nvars; i++) {
        struct var_rt *v = &c->vars[i];
        if (v->col < 0)
            continue;
        v->code = (long)rec_get_uint(&p) - 2;
        v->has_num = 0;
        v->out = "";
        v->outlen = 0;
        v->nomatch = v->code == PK_CB_NOMATCH;
        if (v->nomatch) {
            *any_unmatched = 1;
            v->code = PK_CB_MISSING;
        }
        if (v->code < 0)
            continue;
        if (v->v->type == PK_CODEBOOK_VAR_NUMBER || v->v->type == PK_CODEBOOK_VAR_DURATION) {
            memcpy(&v->num, p, sizeof v->num);
            p += sizeof v->num;
            v->has_num = 1;
        }
        if (v->categorical) {
            v->out = v->v->codes[v->code].code;
            v->outlen = v->codelen[v->code];
        } else {
            v->out = rec_get_text(&p, &v->outlen);
        }
    }
    *raw = p;
    return 0;
}

/* Note whether recoding changed a raw answer. */
static void count_recode(struct var_rt *v, const char *raw, size_t len)
{
    if (len == 0)
        return;
    size_t outlen = !v->categorical ? strlen(v->out) : v->code >= 0 ? v->codelen[v->code] : 0;
    if (v->out != raw && (outlen != len || memcmp(v->out, raw, len) != 0))
        v->st->recoded++;
}

/* Pass 1's start: the columns bound, the header kept for --excluded. */
static int scan_header(pk_input *r, void *ctx, pk_err *err)
{
    pk_clean *c = ctx;
    if (bind(c, r, err))
        return err->status;
    c->ncols = pk_input_ncols(r);
    if (!(c->col_by_number = calloc(c->ncols + 1, 1)) || !(c->colnames = calloc(c->ncols + 1, sizeof *c->colnames)))
        return pk_err_set(err, PK_ERR_NOMEM, "%s: out of memory", pk_input_name(r));
    for (size_t i = 0; i < c->ncols; i++)
        if (!(c->colnames[i] = strdup(pk_input_colname(r, i))))
            return pk_err_set(err, PK_ERR_NOMEM, "%s: out of memory", pk_input_name(r));
    for (size_t i = 0; i < c->ncols && !c->weight_like; i++)
        if (pk_colname_weight_like(c->colnames[i]) && !(c->weight_like = strdup(c->colnames[i])))
            return pk_err_set(err, PK_ERR_NOMEM, "%s: out of memory", pk_input_name(r));
    return 0;
}

/* The spool, made once the rows before the header are skipped. */
static int open_spool(pk_clean *c, pk_err *err)
{
    if (c->spool)
        return 0;
    if (!(c->spool = pk_util_tmpfile("pollclean", &c->spool_dir)))
        return pk_err_set(err, PK_ERR_DATA, "cannot create a temporary file in %s: %s", c->spool_dir,
                          strerror(errno));
    return 0;
}

/* Pass 1 on one record: recoded, checked, its durations and unmatched
 * answers noted, spooled for pass 2. */
static int scan_record(pk_input *r, void *ctx, pk_err *err)
{
    pk_clean *c = ctx;
    if (c->skipped < c->o.skip_rows) {
        c->skipped++;
        return 0;
    }
    if (open_spool(c, err))
        return err->status;
    long line = pk_input_line(r);
    int stat = pk_input_statfile(r) != NULL;
    if (c->scanned++ == 0)
        c->first_line = line;
    for (size_t i = 0; i < c->nvars; i++) {
        struct var_rt *v = &c->vars[i];
        if (v->col < 0)
            continue;
        const char *raw;
        size_t len;
        pk_input_value rf;
        pk_input_get(r, (size_t)v->col, &rf);
        if (recode_field(c, v, &rf, &raw, &len))
            goto oom;
        if ((long)i == c->id_var && c->reasons[c->r_dup].on && v->code >= 0 && v->out[0]) {
            /* Fetched while the other answers are recoded. */
            c->id_hash = hash32(v->out, strlen(v->out));
            c->id_pending = 1;
            if (c->ids.cap)
                __builtin_prefetch(&c->ids.slots[c->id_hash & (c->ids.cap - 1)]);
        }
        c->col_by_number[v->col] = (unsigned char)(v->by_number && v->categorical);
        if (v->categorical && v->code >= 0 && stat && !same_first(v, &rf) && check_merge(c, v, r, &rf, line, err))
            return err->status;
        /* Unmatched: named by the text a person would look for. */
        if (v->code == PK_CB_NOMATCH) {
            if (note_unmatched(c, i, rf.text, rf.len, line))
                goto oom;
            continue;
        }
        count_recode(v, raw, len);
        if (v->v->type == PK_CODEBOOK_VAR_DURATION && v->has_num) {
            if (pk_util_grow((void **)&c->durs, &c->durcap, c->ndurs + 1, sizeof *c->durs))
                goto oom;
            c->durs[c->ndurs++] = v->num;
        }
    }
    if (id_lookup(c))
        goto oom;
    if (spool_record(c, r)) {
        if (errno == ENOMEM)
            goto oom;
        return pk_err_set(err, PK_ERR_DATA, "writing a temporary file in %s: %s", c->spool_dir, strerror(errno));
    }
    return 0;
oom:
    return pk_err_set(err, PK_ERR_NOMEM, "%s: out of memory", pk_input_name(r));
}

/* Pass 1's end: every row --skip-rows names was there. */
static int scan_end(pk_input *r, void *ctx, pk_err *err)
{
    pk_clean *c = ctx;
    if (c->skipped < c->o.skip_rows)
        return pk_err_set(err, PK_ERR_DATA,
                          "%s:%ld: --skip-rows %ld skips past the end of the input: it has %ld "
                          "row%s after the header",
                          pk_input_name(r), pk_input_line(r), c->o.skip_rows, c->skipped,
                          c->skipped == 1 ? "" : "s");
    return open_spool(c, err);
}

int pk_clean_scan(pk_clean *c, FILE *in, const char *name, pk_err *err)
{
    /* An SPSS file's records arrive here as they are parsed. */
    if (pk_input_stream(in, name, c->o.delim, scan_header, scan_record, scan_end, c, err))
        return err->status;
    if (fflush(c->spool) != 0 || fseeko(c->spool, 0, SEEK_SET) != 0)
        return pk_err_set(err, PK_ERR_DATA, "writing a temporary file in %s: %s", c->spool_dir, strerror(errno));
    if (c->ndurs > 0) {
        size_t m = c->ndurs / 2;
        double hi = select_kth(c->durs, c->ndurs, m);
        if (c->ndurs % 2) {
            c->median = hi;
        } else {
            /* The other middle value: the largest of those below m. */
            double lo = c->durs[0];
            for (size_t i = 1; i < m; i++)
                if (c->durs[i] > lo)
                    lo = c->durs[i];
            c->median = (lo + hi) / 2;
        }
    }
    /* The durations were only needed for their median. */
    free(c->durs);
    c->durs = NULL;
    c->ndurs = c->durcap = 0;
    if (c->num > 1)
        qsort_r(c->um, c->num, sizeof *c->um, cmp_um, c);
    c->scanned_ok = 1;
    return 0;
}

static void write_excluded(pk_clean *c, pk_csv_writer *w, long line, const char *id, const unsigned char *raw)
{
    pk_csv_writer_long(w, line);
    pk_csv_writer_field(w, id);
    /* Reasons joined with ';' in report order: one field, easy to split. */
    size_t cap = 0;
    for (size_t i = 0; i < c->nreasons; i++)
        if (c->hit[i])
            cap += strlen(c->reasons[i].name) + 1;
    char buf[512];
    char *s = cap <= sizeof buf ? buf : malloc(cap);
    size_t n = 0;
    if (s) {
        for (size_t i = 0; i < c->nreasons; i++) {
            if (!c->hit[i])
                continue;
            if (n)
                s[n++] = ';';
            size_t l = strlen(c->reasons[i].name);
            memcpy(s + n, c->reasons[i].name, l);
            n += l;
        }
        pk_csv_writer_field_n(w, s, n);
        if (s != buf)
            free(s);
    } else {
        pk_csv_writer_field(w, "");
    }
    /* Each raw value as the text that was matched: a labelled value's label,
     * or its number where the number matched (chosen in pass 1). */
    size_t nf = rec_get_uint(&raw);
    for (size_t i = 0; i < nf; i++) {
        size_t len;
        const char *t = rec_get_text(&raw, &len);
        pk_csv_writer_field_n(w, t, len);
    }
    pk_csv_writer_end(w);
}

/* The header of the clean output and, when asked for, of the excluded rows
 * (line, id, reasons, then the raw columns). */
static void write_headers(const pk_clean *c, pk_csv_writer *w, pk_csv_writer *xw)
{
    for (size_t i = 0; i < c->nvars; i++)
        if (pk_codebook_in_output(c->vars[i].v))
            pk_csv_writer_field(w, c->vars[i].v->name);
    pk_csv_writer_end(w);
    if (!xw)
        return;
    pk_csv_writer_field(xw, "line");
    pk_csv_writer_field(xw, "id");
    pk_csv_writer_field(xw, "reasons");
    /* The raw columns keep their names, unless one would repeat
     * line, id or reasons: then it is written raw_NAME. */
    for (size_t i = 0; i < c->ncols; i++) {
        const char *n = c->colnames[i];
        if (strcmp(n, "line") == 0 || strcmp(n, "id") == 0 || strcmp(n, "reasons") == 0) {
            char buf[16];
            snprintf(buf, sizeof buf, "raw_%s", n);
            pk_csv_writer_field(xw, buf);
        } else {
            pk_csv_writer_field(xw, n);
        }
    }
    pk_csv_writer_end(xw);
}

static void apply_rules(pk_clean *c, long line, double cut)
{
    int all_same = 1, nq = 0;
    long qcode = -1;
    for (size_t i = 0; i < c->nvars; i++) {
        struct var_rt *v = &c->vars[i];
        switch (v->v->type) {
        case PK_CODEBOOK_VAR_BAND: {
            const struct var_rt *s = &c->vars[v->src];
            v->code = s->has_num ? pk_codebook_band_of(v->v, s->num) : PK_CB_MISSING;
            if (v->code < 0) {
                if (s->has_num && v->st->noband++ == 0)
                    v->st->noband_line = line;
                v->code = PK_CB_MISSING;
            }
            v->out = v->code >= 0 ? v->v->codes[v->code].code : "";
            break;
        }
        case PK_CODEBOOK_VAR_NUMBER:
            if (c->o.range_check && v->has_num && (v->num < v->v->min || v->num > v->v->max))
                c->hit[v->range_reason] = 1;
            break;
        case PK_CODEBOOK_VAR_QUESTION:
            if (v->code < 0 || (nq > 0 && v->code != qcode))
                all_same = 0;
            qcode = v->code;
            nq++;
            break;
        case PK_CODEBOOK_VAR_ATTENTION:
            if (c->reasons[c->r_attention].on && v->code >= 0 && !pk_codebook_is_correct(v->v, v->code))
                c->hit[c->r_attention] = 1;
            break;
        case PK_CODEBOOK_VAR_DURATION:
            if (c->reasons[c->r_speeder].on && v->has_num && v->num < cut)
                c->hit[c->r_speeder] = 1;
            break;
        case PK_CODEBOOK_VAR_ID:
        case PK_CODEBOOK_VAR_CATEGORY:
            break;
        }
        /* An unmatched answer that excludes its record is not also
         * counted missing; with --unmatched missing it is missing. */
        if (c->o.required && v->v->required && v->code < 0 &&
            !(v->nomatch && c->o.unmatched == PK_CLEAN_UNMATCHED_EXCLUDE))
            c->hit[c->r_required] = 1;
    }
    if (c->reasons[c->r_straight].on && nq > 0 && all_same)
        c->hit[c->r_straight] = 1;
}

/* The duplicate rule for the current record (its id_key, from pass 1):
 * *first_copy set when it is the id's first record. */
static void check_duplicate(pk_clean *c, long line, int *first_copy)
{
    *first_copy = 0;
    if (!c->id_key)
        return;
    size_t off = c->id_key >> 1;
    if (!(c->id_key & 1)) {
        *first_copy = 1;
        return;
    }
    c->hit[c->r_dup] = 1;
    if ((c->excl_first[off >> 3] >> (off & 7) & 1) && c->dup_of_excluded++ == 0)
        c->dup_of_excluded_line = line;
}

/* Count the current record's reasons; 1 when it is excluded. */
static int count_reasons(pk_clean *c)
{
    int excl = 0;
    for (size_t i = 0; i < c->nreasons; i++) {
        if (c->hit[i]) {
            c->reasons[i].count++;
            excl = 1;
        }
    }
    return excl;
}

int pk_clean_run(pk_clean *c, const char *name, FILE *out, FILE *excluded, pk_err *err)
{
    if (!c->scanned_ok)
        return pk_err_set(err, PK_ERR_DATA, "%s: internal error: second pass before the first", name);
    if (excluded && !c->o.keep_excluded)
        return pk_err_set(err, PK_ERR_DATA, "%s: internal error: excluded records asked for, not kept", name);
    pk_csv_writer w, xw;
    pk_csv_writer_init(&w, out, c->o.delim);
    if (excluded)
        pk_csv_writer_init(&xw, excluded, c->o.delim);
    write_headers(c, &w, excluded ? &xw : NULL);
    double cut = c->o.speeder_fraction * c->median;
    c->read = c->kept = c->excluded = 0;
    if (c->reasons[c->r_dup].on && !(c->excl_first = calloc(c->ids.alen / 8 + 1, 1)))
        goto oom;
    while (c->read < c->scanned) {
        long line;
        int any_unmatched;
        const unsigned char *raw;
        if (unspool_record(c, &line, &any_unmatched, &raw))
            return pk_err_set(err, PK_ERR_DATA, "%s: cannot read back its temporary copy: %s", name,
                              ferror(c->spool) ? strerror(errno) : "cut short");
        pk_csv_reader_progress(name, ++c->read);
        memset(c->hit, 0, c->nreasons);
        if (any_unmatched) {
            if (c->o.unmatched == PK_CLEAN_UNMATCHED_FAIL)
                return pk_err_set(err, PK_ERR_DATA, "%s: internal error: unmatched answers with --unmatched fail",
                                  name);
            if (c->o.unmatched == PK_CLEAN_UNMATCHED_EXCLUDE)
                c->hit[c->r_unmatched] = 1;
        }
        apply_rules(c, line, cut);
        const char *id = c->id_var >= 0 ? c->vars[c->id_var].out : "";
        int first_copy;
        check_duplicate(c, line, &first_copy);
        int excl = count_reasons(c);
        if (excl && first_copy)
            c->excl_first[c->id_key >> 4] |= (unsigned char)(1u << (c->id_key >> 1 & 7));
        if (excl) {
            c->excluded++;
            if (excluded)
                write_excluded(c, &xw, line, id, raw);
            continue;
        }
        c->kept++;
        size_t n = 0;
        for (size_t i = 0; i < c->nvars; i++) {
            struct var_rt *v = &c->vars[i];
            if (!c->in_output[i])
                continue;
            if (v->v->type == PK_CODEBOOK_VAR_BAND)
                v->outlen = v->code >= 0 ? v->codelen[v->code] : 0;
            c->outs[n] = v->out;
            c->outlens[n++] = v->outlen;
        }
        pk_csv_writer_record(&w, c->outs, c->outlens, n);
    }
    if (c->read != c->kept + c->excluded)
        return pk_err_set(err, PK_ERR_DATA, "%s: accounting error: %ld rows read but %ld kept + %ld excluded",
                          name, c->read, c->kept, c->excluded);
    return 0;
oom:
    return pk_err_set(err, PK_ERR_NOMEM, "%s: out of memory", name);
}

void pk_clean_stats_get(const pk_clean *c, pk_clean_stats *st)
{
    *st = (pk_clean_stats){
        .rows_read = c->read ? c->read : c->scanned,
        .rows_kept = c->kept,
        .rows_excluded = c->excluded,
        .rows_skipped = c->skipped,
        .first_line = c->first_line,
        .weight_like = c->weight_like,
        .median_duration = c->median,
        .nreasons = c->nreasons,
        .reasons = c->reasons,
        .nunmatched = c->num,
        .unmatched = c->um,
        .unmatched_total = c->um_total,
        .nvars = c->nvars,
        .vars = c->vstats,
    };
}

static const char *reason_note(const pk_clean *c, size_t i, char *buf, size_t n)
{
    char a[PK_NUMBER_BUFSIZE], b[PK_NUMBER_BUFSIZE], m[PK_NUMBER_BUFSIZE];
    buf[0] = '\0';
    if (!c->reasons[i].on) {
        if (i == c->r_attention && c->o.attention && c->att_var >= 0)
            snprintf(buf, n, "off: the codebook gives the attention check no correct answer");
        else
            snprintf(buf, n, "off");
        return buf;
    }
    if (i == c->r_speeder && isnan(c->median)) {
        snprintf(buf, n, "on, but no record has a duration");
        return buf;
    }
    if (i == c->r_speeder) {
        const char *u = pk_codebook_unit_symbol(c->vars[c->dur_var].v->unit);
        snprintf(buf, n, "on: duration under %s x median %s %s = %s %s", pk_number_format(a, c->o.speeder_fraction, 6),
                 pk_number_format(m, c->median, 10), u, pk_number_format(b, c->o.speeder_fraction * c->median, 10), u);
        return buf;
    }
    for (size_t v = 0; v < c->nvars; v++) {
        if (c->vars[v].v->type == PK_CODEBOOK_VAR_NUMBER && c->vars[v].range_reason == i) {
            const pk_codebook_var *cv = c->vars[v].v;
            if (isinf(cv->min))
                snprintf(buf, n, "on: %s above %s", cv->name, pk_number_format(b, cv->max, 10));
            else if (isinf(cv->max))
                snprintf(buf, n, "on: %s below %s", cv->name, pk_number_format(a, cv->min, 10));
            else
                snprintf(buf, n, "on: %s outside %s to %s", cv->name, pk_number_format(a, cv->min, 10),
                         pk_number_format(b, cv->max, 10));
            return buf;
        }
    }
    snprintf(buf, n, "on");
    return buf;
}

int pk_clean_report(const pk_clean *c, FILE *f, const char *input_name)
{
    char note[256];
    fprintf(f, "pollclean report\n\n");
    fprintf(f, "input:     %s\n", input_name);
    fprintf(f, "codebook:  %s\n", pk_codebook_path(c->cb));
    if (c->skipped)
        fprintf(f, "extra header rows skipped: %ld\n", c->skipped);
    fprintf(f, "\nrows read      %10ld\nrows kept      %10ld\nrows excluded  %10ld\n", c->read, c->kept, c->excluded);
    fprintf(f, "\nExcluded by reason (a record with several reasons counts under each):\n");
    for (size_t i = 0; i < c->nreasons; i++) {
        fprintf(f, "  %-24s %10ld   %s\n", c->reasons[i].name, c->reasons[i].count, reason_note(c, i, note, sizeof note));
        if (i == c->r_dup && c->dup_of_excluded)
            fprintf(f, "  %-24s %10s   %ld of them repeat an id whose first copy was excluded for another\n"
                       "  %-24s %10s   reason (the first on line %ld), so no copy of that id is kept\n",
                    "", "", c->dup_of_excluded, "", "", c->dup_of_excluded_line);
    }
    fprintf(f, "\nRecoding per variable (raw answers changed into clean values; distinct raw spellings):\n");
    for (size_t i = 0; i < c->nvars; i++) {
        const struct var_rt *v = &c->vars[i];
        if (v->v->type == PK_CODEBOOK_VAR_BAND) {
            fprintf(f, "  %-24s derived from %s; %ld value%s in no band (left empty)\n", v->v->name,
                    v->v->source, v->st->noband, v->st->noband == 1 ? "" : "s");
            continue;
        }
        if (v->v->type == PK_CODEBOOK_VAR_ID) {
            fprintf(f, "  %-24s passed through\n", v->v->name);
            continue;
        }
        if (v->categorical)
            fprintf(f, "  %-24s %10ld changed   %6ld%s spellings\n", v->v->name, v->st->recoded, v->st->spellings,
                    v->cache_full ? "+" : "");
        else
            fprintf(f, "  %-24s %10ld changed\n", v->v->name, v->st->recoded);
    }
    const char *mode = c->o.unmatched == PK_CLEAN_UNMATCHED_FAIL      ? "fail"
                       : c->o.unmatched == PK_CLEAN_UNMATCHED_MISSING ? "missing"
                                                                : "exclude";
    fprintf(f, "\nUnmatched answers (--unmatched %s): %ld in %zu distinct value%s\n", mode, c->um_total, c->num,
            c->num == 1 ? "" : "s");
    for (size_t i = 0; i < c->num; i++) {
        char q[300];
        fprintf(f, "  %-24s '%s'  %ld time%s, first on line %ld\n", c->um[i].var->name,
                pk_err_quote(q, sizeof q, c->um[i].raw, strlen(c->um[i].raw)), c->um[i].count,
                c->um[i].count == 1 ? "" : "s", c->um[i].first_line);
    }
    /* The same figures as name,value lines for scripts. */
    fprintf(f, "\n# machine-readable: name,value\n");
    fprintf(f, "rows_read,%ld\nrows_kept,%ld\nrows_excluded,%ld\nrows_skipped,%ld\n", c->read, c->kept, c->excluded,
            c->skipped);
    /* In seconds whatever the column's unit, so that scripts need not know it. */
    char m[PK_NUMBER_BUFSIZE];
    double secs = c->dur_var < 0 ? NAN : c->median * pk_codebook_unit_seconds(c->vars[c->dur_var].v->unit);
    fprintf(f, "median_duration,%s\n", pk_number_format(m, secs, 10));
    for (size_t i = 0; i < c->nreasons; i++)
        fprintf(f, "excluded.%s,%ld\n", c->reasons[i].name, c->reasons[i].count);
    fprintf(f, "duplicates_of_excluded,%ld\n", c->dup_of_excluded);
    for (size_t i = 0; i < c->nvars; i++) {
        const struct var_rt *v = &c->vars[i];
        if (v->v->type == PK_CODEBOOK_VAR_BAND)
            fprintf(f, "noband.%s,%ld\n", v->v->name, v->st->noband);
        if (v->v->type == PK_CODEBOOK_VAR_BAND || v->v->type == PK_CODEBOOK_VAR_ID)
            continue;
        fprintf(f, "recoded.%s,%ld\n", v->v->name, v->st->recoded);
        if (v->categorical)
            fprintf(f, "spellings.%s,%ld\n", v->v->name, v->st->spellings);
    }
    fprintf(f, "unmatched,%ld\n", c->um_total);
    return ferror(f) ? -1 : 0;
}
