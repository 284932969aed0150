/* Drafting a codebook from a raw export; see codebook_draft.h.
 *
 * One pass over the records gathers, per column, its different answers in
 * normal form (up to MAX_TRACK of them, with their spellings and counts),
 * whether every answer is a number and their range, and whether the values
 * are all different (kept only while they are, or for the id). Then each
 * column gets its kind, questions with alike answers get one scale, and the
 * draft is written in the input's column order, each scale just before the
 * first question using it. */
#include "codebook_draft.h"
#include "colname.h"
#include "util.h"

#include <ctype.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "codebook.h"
#include "csvio.h"
#include "input.h"
#include "number.h"
#include "scale_guess.h"
#include "statfile.h"
#include "textnorm.h"

#define MAX_TRACK 200      /* different answers tracked per column */
#define MAX_CATEGORY 60    /* at most this many make a category */
#define MAX_SPELL 8        /* spellings kept per answer */
#define NUMBER_MIN_VALUES 12
#define SLUG_MAX 40
#define NAME_MAX_LEN 32
#define LABEL_MAX 40

/* --- notes ------------------------------------------------------------- */

/* A note: sentences joined by "; ". */
static void note(pk_util_sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void note(pk_util_sbuf *b, const char *fmt, ...)
{
    if (b->len)
        pk_util_sbuf_add(b, "; ");
    va_list ap;
    va_start(ap, fmt);
    pk_util_sbuf_vaddf(b, fmt, ap);
    va_end(ap);
}

/* --- what one column holds ------------------------------------------------ */

struct spell {
    char *raw;
    long n;
};

struct value {
    char *norm;
    char *alt;             /* SPSS/Stata: the number behind a labelled value */
    char *also;            /* SPSS/Stata: other numbers with the same label, '|'-separated */
    long n, first;
    int dk;                /* reads as don't know / prefer not to say */
    int missing;           /* the file declares it missing */
    int labelled;          /* a value label of the file */
    int isnum;
    double num;
    struct spell sp[MAX_SPELL];
    size_t nsp;
};

enum kind { K_LEFT_OUT, K_ID, K_DURATION, K_ATTENTION, K_NUMBER, K_CATEGORY, K_QUESTION };

struct code {
    char *code, *label;
    char **accept;
    size_t nacc, capacc;
    long n, first;
    int dk, missing;
    int has_num;
    double num;            /* its number, for numeric order */
    long order;            /* the file's order (SPSS/Stata labels) */
    int unlabelled;        /* SPSS/Stata: an answer without a value label */
    enum pk_side side;
    char *merged;          /* spellings merged by their slug, for the note */
    const char *same_alt;  /* SPSS/Stata: a value whose label others share, */
    const char *same_label;/* and the others, '|'-separated (owned by the column) */
};

struct col {
    char *name;
    char *vlabel;          /* SPSS/Stata variable label, or "" */
    long nonempty;
    int all_num;
    long nnum;
    double min, max;
    int all_int;
    struct value *v;
    size_t nv, vcap;
    pk_util_hindex vix;
    int overflow;
    /* Whether every value so far is different (and how many repeat). */
    int unique, keep_seen, has_space;
    char **seen;
    size_t nseen, seencap;
    pk_util_hindex six;
    long repeats;
    /* The decision. */
    enum kind kind;
    char *var;
    enum pk_scale_family fam;
    struct code *codes;
    size_t ncodes;
    long scale;            /* question/attention: index in d->scales */
    int guessed_id_by_values;
    int labelled;          /* SPSS/Stata: the variable has value labels */
};

struct scale {
    char *name, *label;
    enum pk_scale_family fam;
    struct code *codes;
    size_t n, cap;
    int stat;
    int written;
};

struct draft {
    const char *name;
    pk_input *in;
    const pk_statfile *sf;
    struct col *cols;
    size_t ncols;
    struct scale *scales;
    size_t nscales, scap;
    char **names;          /* variable and scale names taken, owned here */
    size_t nnames, namecap;
    pk_util_nameset taken; /* the same, for lookups */
    pk_textnorm_buf nb;
    long records;
    int oom;
};

/* --- slugs and names ----------------------------------------------------- */

char *pk_codebook_draft_slug(char *buf, size_t max, const char *label)
{
    pk_textnorm_buf nb = {0};
    const char *s = label;
    if (pk_textnorm(&nb, label, strlen(label)) == 0)
        s = nb.s;
    size_t n = 0, last_break = 0;
    int pending = 0;
    for (const char *p = s; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c < 128 && isalnum(c)) {
            if (pending && n > 0) {
                if (n + 1 >= max)
                    break;
                last_break = n;
                buf[n++] = '_';
            }
            pending = 0;
            if (n >= max)
                break;
            buf[n++] = (char)tolower(c);
        } else if (c == '\'' && n > 0 && isalpha((unsigned char)p[1])) {
            continue;   /* don't -> dont */
        } else if (c == '+' && !(p[1] && isalnum((unsigned char)p[1]))) {
            /* "65+" -> 65_plus, so that it differs from "65" */
            const char *w = "plus";
            if (n > 0) {
                if (n + 1 + strlen(w) > max)
                    break;
                last_break = n;
                buf[n++] = '_';
            }
            memcpy(buf + n, w, strlen(w));
            n += strlen(w);
            pending = 0;
        } else {
            pending = 1;
        }
    }
    /* Cut mid-word: go back to the last word boundary. */
    if (n >= max && last_break > 0)
        n = last_break;
    while (n > 0 && buf[n - 1] == '_')
        n--;
    if (n == 0)
        buf[n++] = 'x';
    buf[n] = '\0';
    pk_textnorm_buf_free(&nb);
    return buf;
}

/* A name for a variable or scale, from want, unique among those taken
 * ("q1", "q1_2", ...; a counter per stem keeps this linear). */
static char *take_name(struct draft *d, const char *want)
{
    char base[NAME_MAX_LEN + 1];
    pk_codebook_draft_slug(base, NAME_MAX_LEN, want);
    char *s = pk_util_nameset_unique(&d->taken, base, "_");
    if (!s || pk_util_grow((void **)&d->names, &d->namecap, d->nnames + 1, sizeof *d->names)) {
        free(s);
        d->oom = 1;
        return NULL;
    }
    d->names[d->nnames++] = s;
    return s;
}

/* The column's name in lower case, letters and digits only. */
static void name_key(char *key, size_t n, const char *name)
{
    size_t k = 0;
    for (const char *p = name; *p && k + 1 < n; p++)
        if ((unsigned char)*p < 128 && isalnum((unsigned char)*p))
            key[k++] = (char)tolower((unsigned char)*p);
    key[k] = '\0';
}

static int is_id_name(const char *name)
{
    static const char *const names[] = {"id", "responseid", "respondentid", "respondent", "respid",
                                        "caseid", "serial", "uuid", "participantid", "recordid",
                                        "userid", "panelistid", "memberid", "rid", NULL};
    char key[64];
    name_key(key, sizeof key, name);
    for (int i = 0; names[i]; i++)
        if (strcmp(key, names[i]) == 0)
            return 1;
    return 0;
}

/* An interview's length, by a column's name or an SPSS/Stata variable
 * label: "duration", "Time taken", "LOI (hrs)", "Interview length (mins)",
 * "Length of interview", "completion time", "time_in_secs"... */
static int is_duration_name(const char *name)
{
    char key[128];
    name_key(key, sizeof key, name);
    static const char *const has[] = {"duration", "timetaken", "lengthofinterview", "interviewlength",
                                      "interviewtime", "timeinsec", "timeinmin", "timemin", "timesec",
                                      "completiontime", "timetocomplete", "surveylength", "surveytime",
                                      "responsetime", "lengthofsurvey", NULL};
    for (int i = 0; has[i]; i++)
        if (strstr(key, has[i]))
            return 1;
    return strcmp(key, "time") == 0 || strcmp(key, "seconds") == 0 || strcmp(key, "secs") == 0 ||
           strcmp(key, "minutes") == 0 || strcmp(key, "mins") == 0 || pk_colname_has_word(name, "loi");
}

static int is_attention_name(const char *name)
{
    char key[128];
    name_key(key, sizeof key, name);
    return strstr(key, "attention") || strstr(key, "check") || strstr(key, "attn") || strstr(key, "trap");
}

static int is_age_name(const char *name, const char *label)
{
    char key[64];
    name_key(key, sizeof key, name);
    if (strcmp(key, "age") == 0 || strcmp(key, "ageyears") == 0 || strcmp(key, "respondentage") == 0)
        return 1;
    char lk[256];
    name_key(lk, sizeof lk, label);
    return strcmp(lk, "age") == 0 || strncmp(lk, "howoldareyou", 12) == 0 || strcmp(lk, "whatisyourage") == 0;
}

/* A survey weight, by name or label: no natural maximum. */
static int is_weight_name(const char *name, const char *label)
{
    char key[64], lk[64];
    name_key(key, sizeof key, name);
    name_key(lk, sizeof lk, label);
    return strstr(key, "weight") || strcmp(key, "wt") == 0 || strcmp(key, "wgt") == 0 ||
           strcmp(key, "w8") == 0 || strncmp(lk, "weight", 6) == 0;
}

/* A long, question-like text: a question's wording rather than a name. */
static int question_like(const char *s)
{
    size_t n = strlen(s);
    return n >= 30 && (strchr(s, '?') || n >= 60);
}

/* --- gathering ----------------------------------------------------------- */

static struct value *find_value(struct col *c, const char *norm, size_t len)
{
    uint64_t h = pk_util_hash(norm, len);
    size_t slot = 0, pos;
    while ((pos = pk_util_hindex_next(&c->vix, h, &slot)) != SIZE_MAX)
        if (strlen(c->v[pos].norm) == len && memcmp(c->v[pos].norm, norm, len) == 0)
            return &c->v[pos];
    return NULL;
}

static struct value *add_value(struct draft *d, struct col *c, const char *norm, size_t len)
{
    if (pk_util_grow((void **)&c->v, &c->vcap, c->nv + 1, sizeof *c->v))
        return NULL;
    struct value *v = &c->v[c->nv];
    memset(v, 0, sizeof *v);
    if (!(v->norm = strndup(norm, len)) || pk_util_hindex_add(&c->vix, pk_util_hash(norm, len), c->nv)) {
        free(v->norm);
        return NULL;
    }
    v->first = d->records;
    c->nv++;
    return v;
}

static int add_spelling(struct value *v, const char *raw, size_t len)
{
    /* Spellings as written, without surrounding spaces. */
    while (len > 0 && isspace((unsigned char)raw[0])) {
        raw++;
        len--;
    }
    while (len > 0 && isspace((unsigned char)raw[len - 1]))
        len--;
    for (size_t i = 0; i < v->nsp; i++)
        if (strlen(v->sp[i].raw) == len && memcmp(v->sp[i].raw, raw, len) == 0) {
            v->sp[i].n++;
            return 0;
        }
    if (v->nsp == MAX_SPELL)
        return 0;
    if (!(v->sp[v->nsp].raw = strndup(raw, len)))
        return -1;
    v->sp[v->nsp++].n = 1;
    return 0;
}

/* The spelling written most often (the first of equals). */
static const char *best_spelling(const struct value *v)
{
    size_t best = 0;
    for (size_t i = 1; i < v->nsp; i++)
        if (v->sp[i].n > v->sp[best].n)
            best = i;
    return v->nsp ? v->sp[best].raw : v->norm;
}

static int note_seen(struct col *c, const char *raw, size_t len)
{
    uint64_t h = pk_util_hash(raw, len);
    size_t slot = 0, pos;
    while ((pos = pk_util_hindex_next(&c->six, h, &slot)) != SIZE_MAX)
        if (strlen(c->seen[pos]) == len && memcmp(c->seen[pos], raw, len) == 0) {
            c->unique = 0;
            c->repeats++;
            if (!c->keep_seen) {
                for (size_t i = 0; i < c->nseen; i++)
                    free(c->seen[i]);
                free(c->seen);
                c->seen = NULL;
                c->nseen = c->seencap = 0;
                pk_util_hindex_free(&c->six);
            }
            return 0;
        }
    if (pk_util_grow((void **)&c->seen, &c->seencap, c->nseen + 1, sizeof *c->seen))
        return -1;
    if (!(c->seen[c->nseen] = strndup(raw, len)))
        return -1;
    if (pk_util_hindex_add(&c->six, h, c->nseen))
        return -1;
    c->nseen++;
    return 0;
}

static void note_number(struct col *c, double x)
{
    if (c->nnum == 0 || x < c->min)
        c->min = x;
    if (c->nnum == 0 || x > c->max)
        c->max = x;
    if (x != floor(x))
        c->all_int = 0;
    c->nnum++;
}

static int gather_field(struct draft *d, struct col *c, size_t i)
{
    const char *raw = pk_input_field(d->in, i);
    size_t len = pk_input_field_len(d->in, i), altlen;
    const char *alt = pk_input_field_alt(d->in, i, &altlen);
    if (pk_textnorm(&d->nb, raw, len))
        return -1;
    if (d->nb.len == 0)
        return 0;
    c->nonempty++;
    if (c->unique || c->keep_seen) {
        if (memchr(raw, ' ', len))
            c->has_space = 1;
        if (note_seen(c, raw, len))
            return -1;
    }
    struct value *v = find_value(c, d->nb.s, d->nb.len);
    if (!v && c->nv < MAX_TRACK) {
        if (!(v = add_value(d, c, d->nb.s, d->nb.len)))
            return -1;
        v->dk = pk_scale_guess_is_dont_know(raw);
        v->missing = pk_input_field_missing(d->in, i);
        v->isnum = !alt && pk_number_parse(d->nb.s, &v->num) == 0;
        if (alt && !(v->alt = strndup(alt, altlen)))
            return -1;
    } else if (!v) {
        c->overflow = 1;
    }
    if (v) {
        v->n++;
        if (add_spelling(v, raw, len))
            return -1;
        if (v->isnum)
            note_number(c, v->num);
        else if (!v->dk && !v->missing)
            c->all_num = 0;
        return 0;
    }
    /* Past the tracked answers: only whether it is a number. */
    double x;
    if (!alt && pk_number_parse(d->nb.s, &x) == 0)
        note_number(c, x);
    else if (!pk_scale_guess_is_dont_know(raw) && !pk_input_field_missing(d->in, i))
        c->all_num = 0;
    return 0;
}

/* Append item, between quote marks, to the list *list (NULL: empty),
 * after sep unless it is the first. -1 when memory runs out. */
static int append_item(char **list, const char *sep, const char *quote, const char *item)
{
    size_t old = *list ? strlen(*list) : 0;
    char *m = realloc(*list, old + strlen(sep) + 2 * strlen(quote) + strlen(item) + 1);
    if (!m)
        return -1;
    *list = m;
    sprintf(m + old, "%s%s%s%s", old ? sep : "", quote, item, quote);
    return 0;
}

/* SPSS/Stata value labels are answers even when nobody gave them. */
static int seed_labels(struct draft *d, struct col *c, size_t i)
{
    for (size_t k = 0; k < pk_statfile_nlabels(d->sf, i); k++) {
        const char *text = pk_statfile_label_text(d->sf, i, k);
        if (pk_textnorm(&d->nb, text, strlen(text)))
            return -1;
        if (d->nb.len == 0)
            continue;
        struct value *v = find_value(c, d->nb.s, d->nb.len);
        if (v) {
            /* Another value with the same label: one answer, both numbers
             * accepted and noted, never merged silently. */
            const char *num = pk_statfile_label_value(d->sf, i, k);
            if (v->alt && strcmp(v->alt, num) != 0 && append_item(&v->also, "|", "", num))
                return -1;
            continue;
        }
        v = add_value(d, c, d->nb.s, d->nb.len);
        if (!v)
            return -1;
        v->first = -1;
        v->labelled = 1;
        v->dk = pk_scale_guess_is_dont_know(text);
        v->missing = pk_statfile_label_missing(d->sf, i, k);
        if (!(v->alt = strdup(pk_statfile_label_value(d->sf, i, k))) || add_spelling(v, text, strlen(text)))
            return -1;
        v->sp[0].n = 0;
    }
    return 0;
}

/* --- codes ---------------------------------------------------------------- */

static void code_free(struct code *k)
{
    free(k->code);
    free(k->label);
    for (size_t i = 0; i < k->nacc; i++)
        free(k->accept[i]);
    free(k->accept);
    free(k->merged);
}

static int add_accept(struct draft *d, struct code *k, const char *s)
{
    /* Nothing the code row accepts already: its code, its label, or an
     * answer of the same normal form. */
    char *norm_s;
    if (pk_textnorm(&d->nb, s, strlen(s)) || !(norm_s = strdup(d->nb.s)))
        return -1;
    int dup = 0;
    const char *have[2] = {k->code, k->label};
    for (int j = 0; j < 2 && !dup; j++) {
        if (pk_textnorm(&d->nb, have[j], strlen(have[j]))) {
            free(norm_s);
            return -1;
        }
        dup = strcmp(d->nb.s, norm_s) == 0;
    }
    for (size_t j = 0; j < k->nacc && !dup; j++) {
        if (pk_textnorm(&d->nb, k->accept[j], strlen(k->accept[j]))) {
            free(norm_s);
            return -1;
        }
        dup = strcmp(d->nb.s, norm_s) == 0;
    }
    free(norm_s);
    if (dup)
        return 0;
    if (pk_util_grow((void **)&k->accept, &k->capacc, k->nacc + 1, sizeof *k->accept))
        return -1;
    if (!(k->accept[k->nacc] = strdup(s)))
        return -1;
    k->nacc++;
    return 0;
}

static int append_merged(struct code *k, const char *spelling)
{
    return append_item(&k->merged, ", ", "'", spelling);
}

/* The column's answers as codes: one per slug. For an SPSS/Stata file the
 * label is the value label and the number needs no accept; for CSV the
 * label is the spelling given most often, the other spellings accepted. */
static int make_codes(struct draft *d, struct col *c)
{
    c->codes = calloc(c->nv ? c->nv : 1, sizeof *c->codes);
    if (!c->codes)
        return -1;
    for (size_t i = 0; i < c->nv; i++) {
        const struct value *v = &c->v[i];
        const char *label = best_spelling(v);
        char slug[SLUG_MAX + 1];
        pk_codebook_draft_slug(slug, SLUG_MAX, label);
        struct code *k = NULL;
        /* A file's distinct labels stay distinct codes. */
        for (size_t j = 0; j < c->ncodes && !v->labelled; j++)
            if (strcmp(c->codes[j].code, slug) == 0 && !c->codes[j].has_num == !v->isnum)
                k = &c->codes[j];
        if (k) {
            k->n += v->n;
            k->dk |= v->dk;
            if (!k->merged && append_merged(k, k->label))
                return -1;
            if (append_merged(k, label))
                return -1;
        } else {
            k = &c->codes[c->ncodes++];
            char cand[SLUG_MAX + 16];
            snprintf(cand, sizeof cand, "%s", slug);
            for (int n = 2;; n++) {
                int clash = 0;
                for (size_t j = 0; j + 1 < c->ncodes; j++)
                    clash |= strcmp(c->codes[j].code, cand) == 0;
                if (!clash)
                    break;
                snprintf(cand, sizeof cand, "%s_%d", slug, n);
            }
            if (!(k->code = strdup(cand)) || !(k->label = strdup(label)))
                return -1;
            k->n = v->n;
            k->first = v->first < 0 ? LONG_MAX : v->first;
            k->dk = v->dk;
            k->missing = v->missing;
            k->order = (long)i;
            k->unlabelled = c->labelled && !v->labelled && !v->alt;
            k->side = PK_SIDE_NONE;
            if (v->alt && pk_number_parse(v->alt, &k->num) == 0)
                k->has_num = 1;
            else if (v->isnum) {
                k->has_num = 1;
                k->num = v->num;
            }
        }
        for (size_t s = 0; s < v->nsp; s++)
            if (add_accept(d, k, v->sp[s].raw))
                return -1;
        if (v->also) {
            /* Values sharing a label: pollclean takes both numbers as
             * this code only when it accepts them (see pk_clean). */
            if (add_accept(d, k, v->alt))
                return -1;
            for (const char *p = v->also; *p;) {
                size_t n = strcspn(p, "|");
                char num[64];
                snprintf(num, sizeof num, "%.*s", (int)(n < 63 ? n : 63), p);
                if (add_accept(d, k, num))
                    return -1;
                p += n + (p[n] == '|');
            }
            k->same_alt = v->alt;
            k->same_label = v->also;
        }
    }
    return 0;
}

static int copy_code(struct code *to, const struct code *from)
{
    *to = *from;
    to->code = strdup(from->code);
    to->label = strdup(from->label);
    to->merged = from->merged ? strdup(from->merged) : NULL;
    to->accept = from->nacc ? calloc(from->nacc, sizeof *to->accept) : NULL;
    to->capacc = from->nacc;
    if (!to->code || !to->label || (from->merged && !to->merged) || (from->nacc && !to->accept))
        return -1;
    for (size_t i = 0; i < from->nacc; i++)
        if (!(to->accept[i] = strdup(from->accept[i])))
            return -1;
    return 0;
}

/* --- scales --------------------------------------------------------------- */

static enum pk_scale_family guess_family_all(struct code *codes, size_t n, enum pk_side *sides);

/* A code the guess may pass over: given without a value label, or by
 * fewer than 1 in 100 of those answering (a stray answer off the scale). */
static int stray(const struct code *k, long total)
{
    return !k->dk && (k->unlabelled || (total >= 100 && k->n * 100 < total));
}

/* The scale's family and sides; when the codes as a whole make no common
 * scale, the same without the stray codes, which then have no side. */
static enum pk_scale_family guess_family(struct code *codes, size_t n, enum pk_side *sides)
{
    enum pk_scale_family f = guess_family_all(codes, n, sides);
    if (f != PK_FAMILY_NOMINAL)
        return f;
    long total = 0;
    size_t kept = 0;
    for (size_t i = 0; i < n; i++)
        total += codes[i].n;
    struct code *sub = malloc((n ? n : 1) * sizeof *sub);
    enum pk_side *s2 = calloc(n ? n : 1, sizeof *s2);
    if (!sub || !s2) {
        free(sub);
        free(s2);
        return f;
    }
    for (size_t i = 0; i < n; i++)
        if (!stray(&codes[i], total))
            sub[kept++] = codes[i];
    if (kept > 0 && kept < n) {
        enum pk_scale_family f2 = guess_family_all(sub, kept, s2);
        if (f2 != PK_FAMILY_NOMINAL) {
            f = f2;
            for (size_t i = 0, k = 0; i < n; i++)
                sides[i] = stray(&codes[i], total) ? PK_SIDE_NONE : s2[k++];
        }
    }
    free(sub);
    free(s2);
    return f;
}

static enum pk_scale_family guess_family_all(struct code *codes, size_t n, enum pk_side *sides)
{
    const char **labels = calloc(n ? n : 1, sizeof *labels);
    if (!labels)
        return PK_FAMILY_NOMINAL;
    for (size_t i = 0; i < n; i++)
        labels[i] = codes[i].label;
    enum pk_scale_family f = pk_scale_guess(labels, n, sides);
    /* 0-10 with labels on some numbers only ("Not at all likely" = 0): try
     * each label with its number in front. */
    int all_small = n > 0;
    for (size_t i = 0; i < n; i++)
        if (!codes[i].dk && !(codes[i].has_num && codes[i].num >= 0 && codes[i].num <= 10 &&
                              codes[i].num == floor(codes[i].num)))
            all_small = 0;
    if (f == PK_FAMILY_NOMINAL && all_small) {
        char (*buf)[300] = malloc(n * sizeof *buf);
        if (buf) {
            for (size_t i = 0; i < n; i++) {
                if (codes[i].dk)
                    snprintf(buf[i], sizeof buf[i], "%s", codes[i].label);
                else
                    snprintf(buf[i], sizeof buf[i], "%.0f %s", codes[i].num, codes[i].label);
                labels[i] = buf[i];
            }
            enum pk_side *s2 = malloc(n * sizeof *s2);
            if (s2 && pk_scale_guess(labels, n, s2) == PK_FAMILY_ZERO_TEN) {
                f = PK_FAMILY_ZERO_TEN;
                memcpy(sides, s2, n * sizeof *s2);
            }
            free(s2);
            free(buf);
        }
    }
    free(labels);
    return f;
}

static int strong(const char *label)
{
    static const char *const words[] = {"strongly", "very", "completely", "extremely", "definitely",
                                        "totally", "fully", "entirely", "certain", NULL};
    char low[256];
    size_t n = 0;
    for (const char *p = label; *p && n + 1 < sizeof low; p++)
        low[n++] = (char)tolower((unsigned char)*p);
    low[n] = '\0';
    for (int i = 0; words[i]; i++) {
        const char *at = strstr(low, words[i]);
        if (at && (at == low || !isalpha((unsigned char)at[-1])))
            return 1;
    }
    return 0;
}

/* Scale order: positive (strongest first), neutral and others, negative
 * (strongest last), don't know; 0-10 and numbers in numeric order; a file's
 * codes in its order; otherwise the most given first. */
static int order_key(const struct code *k, enum pk_scale_family f)
{
    if (k->dk || k->side == PK_SIDE_DONT_KNOW)
        return 5;
    if (f == PK_FAMILY_NOMINAL || f == PK_FAMILY_ZERO_TEN)
        return 2;
    switch (k->side) {
    case PK_SIDE_POSITIVE: return strong(k->label) ? 0 : 1;
    case PK_SIDE_NEGATIVE: return strong(k->label) ? 4 : 3;
    default: return 2;
    }
}

struct sort_ctx {
    enum pk_scale_family fam;
    int stat, numeric;
};

static int cmp_code(const void *a, const void *b, void *ctx)
{
    const struct code *x = a, *y = b;
    const struct sort_ctx *o = ctx;
    /* SPSS/Stata: the labels in the file's order, then answers without a
     * label in numeric order. */
    if (o->stat) {
        if (x->unlabelled != y->unlabelled)
            return x->unlabelled - y->unlabelled;
        if (x->unlabelled && x->has_num && y->has_num && x->num != y->num)
            return (x->num > y->num) - (x->num < y->num);
        return (x->order > y->order) - (x->order < y->order);
    }
    int kx = order_key(x, o->fam), ky = order_key(y, o->fam);
    if (kx != ky)
        return kx - ky;
    if (o->numeric && x->has_num && y->has_num && x->num != y->num)
        return (x->num > y->num) - (x->num < y->num);
    if (x->n != y->n)
        return (x->n < y->n) - (x->n > y->n);
    return (x->first > y->first) - (x->first < y->first);
}

static void sort_codes(struct code *codes, size_t n, enum pk_scale_family f, int stat)
{
    int numeric = n > 0;
    for (size_t i = 0; i < n; i++)
        if (!codes[i].has_num && !codes[i].dk)
            numeric = 0;
    struct sort_ctx ctx = {f, stat, numeric || f == PK_FAMILY_ZERO_TEN};
    qsort_r(codes, n, sizeof *codes, cmp_code, &ctx);
}

static const char *family_label(enum pk_scale_family f)
{
    switch (f) {
    case PK_FAMILY_SUPPORT: return "Support or opposition";
    case PK_FAMILY_AGREE: return "Agreement";
    case PK_FAMILY_YES_NO: return "Yes or no";
    case PK_FAMILY_LIKELY: return "Likelihood";
    case PK_FAMILY_SATISFIED: return "Satisfaction";
    case PK_FAMILY_FAVOURABLE: return "Favourability";
    case PK_FAMILY_APPROVE: return "Approval";
    case PK_FAMILY_IMPORTANT: return "Importance";
    case PK_FAMILY_GOOD_BAD: return "Good or bad";
    case PK_FAMILY_ZERO_TEN: return "0 to 10";
    default: return NULL;
    }
}

/* The nets' codes and labels: positive, negative, score. */
static void family_nets(enum pk_scale_family f, const char **pc, const char **pl, const char **nc,
                        const char **nl, const char **sl)
{
    static const struct { enum pk_scale_family f; const char *pc, *pl, *nc, *nl, *sl; } t[] = {
        {PK_FAMILY_SUPPORT, "support", "Support", "oppose", "Oppose", "Net support"},
        {PK_FAMILY_AGREE, "agree", "Agree", "disagree", "Disagree", "Net agreement"},
        {PK_FAMILY_YES_NO, "yes", "Yes", "no", "No", "Net yes"},
        {PK_FAMILY_LIKELY, "likely", "Likely", "unlikely", "Unlikely", "Net likelihood"},
        {PK_FAMILY_SATISFIED, "satisfied", "Satisfied", "dissatisfied", "Dissatisfied", "Net satisfaction"},
        {PK_FAMILY_FAVOURABLE, "favourable", "Favourable", "unfavourable", "Unfavourable", "Net favourability"},
        {PK_FAMILY_APPROVE, "approve", "Approve", "disapprove", "Disapprove", "Net approval"},
        {PK_FAMILY_IMPORTANT, "important", "Important", "not_important", "Not important", "Net importance"},
        {PK_FAMILY_GOOD_BAD, "good", "Good", "bad", "Bad", "Net good"},
        {PK_FAMILY_ZERO_TEN, "top_6_10", "6 to 10", "bottom_0_4", "0 to 4", "Net score"},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        if (t[i].f == f) {
            *pc = t[i].pc;
            *pl = t[i].pl;
            *nc = t[i].nc;
            *nl = t[i].nl;
            *sl = t[i].sl;
            return;
        }
    *pc = "positive";
    *pl = "Positive";
    *nc = "negative";
    *nl = "Negative";
    *sl = "Net score";
}

static int has_code(const struct scale *s, const char *code)
{
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->codes[i].code, code) == 0)
            return 1;
    return 0;
}

/* Whether two code lists are alike: for a file's labels, the same codes in
 * the same order; otherwise the same family and most codes shared. */
static int alike(const struct scale *s, const struct col *c, int stat)
{
    if (stat) {
        /* The same value labels, in the same order, one list perhaps
         * without some (an attention check without "Don't know"). */
        size_t i = 0, j = 0, common = 0;
        while (i < s->n && j < c->ncodes) {
            if (s->codes[i].unlabelled) {
                i++;
                continue;
            }
            if (c->codes[j].unlabelled) {
                j++;
                continue;
            }
            if (strcmp(s->codes[i].code, c->codes[j].code) == 0) {
                if (strcmp(s->codes[i].label, c->codes[j].label) != 0)
                    return 0;
                common++;
                i++;
                j++;
            } else if (has_code(s, c->codes[j].code)) {
                return 0;   /* in another order */
            } else {
                j++;
            }
        }
        size_t ls = 0, lc = 0;
        for (size_t k = 0; k < s->n; k++)
            ls += !s->codes[k].unlabelled;
        for (size_t k = 0; k < c->ncodes; k++)
            lc += !c->codes[k].unlabelled;
        return common > 0 && (common == ls || common == lc);
    }
    if (s->fam != c->fam)
        return 0;
    size_t shared = 0;
    for (size_t i = 0; i < c->ncodes; i++)
        shared += has_code(s, c->codes[i].code);
    size_t small = s->n < c->ncodes ? s->n : c->ncodes;
    if (s->fam == PK_FAMILY_NOMINAL)
        return shared == s->n && shared == c->ncodes;
    return small > 0 && shared * 2 >= small;
}

static int join_scale(struct draft *d, struct col *c, int stat)
{
    for (size_t i = 0; i < d->nscales; i++) {
        struct scale *s = &d->scales[i];
        if (!alike(s, c, stat))
            continue;
        for (size_t k = 0; k < c->ncodes; k++) {
            struct code *have = NULL;
            for (size_t j = 0; j < s->n; j++)
                if (strcmp(s->codes[j].code, c->codes[k].code) == 0)
                    have = &s->codes[j];
            if (have) {
                have->n += c->codes[k].n;
                for (size_t a = 0; a < c->codes[k].nacc; a++)
                    if (add_accept(d, have, c->codes[k].accept[a]))
                        return -1;
                if (c->codes[k].merged && !have->merged && !(have->merged = strdup(c->codes[k].merged)))
                    return -1;
                continue;
            }
            if (pk_util_grow((void **)&s->codes, &s->cap, s->n + 1, sizeof *s->codes))
                return -1;
            if (copy_code(&s->codes[s->n++], &c->codes[k]))
                return -1;
        }
        c->scale = (long)i;
        return 0;
    }
    if (pk_util_grow((void **)&d->scales, &d->scap, d->nscales + 1, sizeof *d->scales))
        return -1;
    struct scale *s = &d->scales[d->nscales];
    memset(s, 0, sizeof *s);
    s->fam = c->fam;
    s->stat = stat;
    s->codes = calloc(c->ncodes ? c->ncodes : 1, sizeof *s->codes);
    if (!s->codes)
        return -1;
    for (size_t k = 0; k < c->ncodes; k++) {
        if (copy_code(&s->codes[k], &c->codes[k]))
            return -1;
        s->n++;
    }
    c->scale = (long)d->nscales++;
    return 0;
}

/* Once every question has joined: sides, order, name and label. */
static int settle_scale(struct draft *d, struct scale *s, const struct col *first)
{
    enum pk_side *sides = calloc(s->n ? s->n : 1, sizeof *sides);
    if (!sides)
        return -1;
    s->fam = guess_family(s->codes, s->n, sides);
    for (size_t i = 0; i < s->n; i++)
        s->codes[i].side = s->codes[i].dk ? PK_SIDE_DONT_KNOW : sides[i];
    free(sides);
    sort_codes(s->codes, s->n, s->fam, s->stat);
    const char *fl = family_label(s->fam);
    char want[64];
    if (s->fam == PK_FAMILY_ZERO_TEN)
        snprintf(want, sizeof want, "scale_0_10");
    else if (fl)
        snprintf(want, sizeof want, "%s_scale", pk_scale_family_name(s->fam));
    else
        snprintf(want, sizeof want, "%s_scale", first->var ? first->var : "answers");
    if (!(s->name = take_name(d, want)))
        return -1;
    if (!(s->label = strdup(fl ? fl : (first->vlabel[0] ? first->vlabel : first->name))))
        return -1;
    return 0;
}

/* --- deciding ------------------------------------------------------------- */

static int decide(struct draft *d, struct col *c, int *have_id, int *have_dur, int *have_att)
{
    const char *label = c->vlabel[0] ? c->vlabel : c->name;
    c->scale = -1;
    if (c->nonempty == 0) {
        c->kind = K_LEFT_OUT;
        return 0;
    }
    if (!*have_id && is_id_name(c->name)) {
        c->kind = K_ID;
        *have_id = 1;
        return 0;
    }
    int numeric = c->all_num && c->nnum > 0;
    if (!*have_dur && numeric && (is_duration_name(c->name) || (c->vlabel[0] && is_duration_name(c->vlabel)))) {
        c->kind = K_DURATION;
        *have_dur = 1;
        return 0;
    }
    int labelled = 0;
    for (size_t i = 0; i < c->nv; i++)
        labelled |= c->v[i].labelled || c->v[i].alt != NULL;
    /* Few answers: at most MAX_CATEGORY, and (past 10 of them) each given
     * twice on average, which free text is not; up to 10 answers, unless
     * every one of 4 or more is different. */
    int all_different = (long)c->nv == c->nonempty && c->nonempty >= 4;
    int few = !c->overflow && c->nv <= MAX_CATEGORY &&
              (labelled || (c->nv <= 10 && !all_different) || (long)c->nv * 2 <= c->nonempty);
    if (numeric && !labelled) {
        /* 0-10: every whole number from 0 to 10 given. */
        int seen[11] = {0}, eleven = c->all_int && c->min >= 0 && c->max <= 10 && !c->overflow;
        for (size_t i = 0; eleven && i < c->nv; i++)
            if (c->v[i].isnum)
                seen[(int)c->v[i].num] = 1;
        for (int k = 0; eleven && k <= 10; k++)
            eleven = seen[k];
        /* An age is a number however few ages the file holds; so is an
         * SPSS/Stata number without value labels taking several values. */
        if (!eleven && (c->overflow || c->nv > NUMBER_MIN_VALUES || is_age_name(c->name, c->vlabel) ||
                        (d->sf && c->nv > 5))) {
            c->kind = K_NUMBER;
            return 0;
        }
    }
    if (!few) {
        c->kind = K_LEFT_OUT;
        return 0;
    }
    if (make_codes(d, c))
        return -1;
    enum pk_side *sides = calloc(c->ncodes ? c->ncodes : 1, sizeof *sides);
    if (!sides)
        return -1;
    c->fam = guess_family(c->codes, c->ncodes, sides);
    free(sides);
    if (!*have_att && (is_attention_name(c->name) || is_attention_name(c->vlabel))) {
        c->kind = K_ATTENTION;
        *have_att = 1;
    } else if (c->fam != PK_FAMILY_NOMINAL || question_like(label)) {
        c->kind = K_QUESTION;
    } else {
        c->kind = K_CATEGORY;
    }
    return 0;
}

/* --- writing --------------------------------------------------------------- */

enum { W_VARIABLE, W_KIND, W_SOURCE, W_REQUIRED, W_SCALE, W_CODE, W_LABEL, W_SIDE, W_MEMBERS, W_MIN, W_MAX,
       W_UNIT, W_ACCEPT, W_WORDING, W_NOTE, W_N };

static const char *const w_names[W_N] = {"variable", "kind", "source", "required", "scale", "code", "label",
                                         "side", "members", "min", "max", "unit", "accept", "wording", "note"};

struct out {
    pk_csv_writer w;
    long notes;
    long formulas;         /* rows holding a text a spreadsheet would run */
    int oom;
};

/* A text a spreadsheet would take as a formula when it starts a cell:
 * '=', '+', '-' or '@' (unless it is a plain number such as -1), or a tab
 * or carriage return, which some spreadsheets strip before looking. */
static int formula_like(const char *s)
{
    if (!strchr("=+-@\t\r", s[0]) || s[0] == '\0')
        return 0;
    double x;
    return s[0] == '\t' || s[0] == '\r' || s[0] == '=' || s[0] == '@' || pk_number_parse(s, &x) != 0;
}

static void put_row(struct out *o, const char *const *f)
{
    /* Labels are the file's words and must stay as they are (pollclean
     * matches them), so a formula-like one is flagged, not changed. */
    const char *fields[W_N];
    pk_util_sbuf nt = {0};
    int nflag = 0;
    for (int i = 0; i < W_N; i++) {
        fields[i] = f[i] ? f[i] : "";
        if (i != W_NOTE && formula_like(fields[i]))
            pk_util_sbuf_addf(&nt, "%s%s", nflag++ ? " and " : "its ", w_names[i]);
    }
    if (nflag)
        pk_util_sbuf_addf(&nt, " start%s like a spreadsheet formula (=, +, -, @, tab or CR first), "
                                    "which a spreadsheet would run: open this file as text (see the README), "
                                    "never by double-click", nflag == 1 ? "s" : "");
    int flagged = nt.len > 0, noted = flagged || fields[W_NOTE][0];
    if (flagged) {
        o->formulas++;
        pk_util_sbuf all = {0};
        pk_util_sbuf_addf(&all, "%s%s%s", pk_util_sbuf_str(&nt), fields[W_NOTE][0] ? "; " : "",
                                    fields[W_NOTE]);
        o->oom |= all.oom;
        fields[W_NOTE] = pk_util_sbuf_str(&all);
        for (int i = 0; i < W_N; i++)
            pk_csv_writer_field(&o->w, fields[i]);
        pk_util_sbuf_free(&all);
    } else {
        for (int i = 0; i < W_N; i++)
            pk_csv_writer_field(&o->w, fields[i]);
    }
    o->oom |= nt.oom;
    pk_util_sbuf_free(&nt);
    pk_csv_writer_end(&o->w);
    if (noted && strcmp(fields[W_VARIABLE], "#") != 0)
        o->notes++;
}

static void comment(struct out *o, const char *source, const char *text)
{
    const char *f[W_N] = {0};
    f[W_VARIABLE] = "#";
    f[W_SOURCE] = source;
    f[W_NOTE] = text;
    put_row(o, f);
}

/* The accept list: the code's other spellings, '|'-separated (a spelling
 * holding '|' cannot be listed: it is left out, noted). */
static char *accept_list(const struct code *k, int *dropped)
{
    size_t len = 1;
    for (size_t i = 0; i < k->nacc; i++)
        len += strlen(k->accept[i]) + 1;
    char *s = malloc(len);
    if (!s)
        return NULL;
    size_t n = 0;
    for (size_t i = 0; i < k->nacc; i++) {
        if (strchr(k->accept[i], '|')) {
            (*dropped)++;
            continue;
        }
        if (n)
            s[n++] = '|';
        strcpy(s + n, k->accept[i]);
        n += strlen(k->accept[i]);
    }
    s[n] = '\0';
    return s;
}

static int write_code(struct out *o, const char *owner, const struct code *k, int with_side, enum pk_scale_family fam)
{
    int dropped = 0;
    char *acc = accept_list(k, &dropped);
    if (!acc)
        return -1;
    pk_util_sbuf nt = {0};
    if (k->merged)
        note(&nt, "one code for %s (their letters are the same): check", k->merged);
    if (k->same_label)
        note(&nt, "the file gives the label '%s' to more than one value (%s and %s): drafted as one answer "
             "accepting each number; make a code for each value if they differ", k->label, k->same_alt,
             k->same_label);
    if (dropped)
        note(&nt, "%d spelling%s holding '|' cannot be listed in accept", dropped, dropped == 1 ? "" : "s");
    if (with_side && fam != PK_FAMILY_NOMINAL && k->side == PK_SIDE_NONE)
        note(&nt, "off the scale, no side guessed: neutral unless you give one (or make it missing)");
    if (with_side && k->side == PK_SIDE_DONT_KNOW)
        note(&nt, "a don't-know answer: stays in the base (pollsupport --exclude %s drops it)", k->code);
    if (k->unlabelled)
        note(&nt, "given in the data without a value label: check what it means");
    const char *f[W_N] = {0};
    f[W_VARIABLE] = owner;
    f[W_KIND] = "code";
    f[W_CODE] = k->code;
    f[W_LABEL] = k->label;
    f[W_SIDE] = with_side ? pk_side_name(k->side) : "";
    f[W_ACCEPT] = acc;
    f[W_NOTE] = pk_util_sbuf_str(&nt);
    put_row(o, f);
    free(acc);
    int bad = nt.oom;
    pk_util_sbuf_free(&nt);
    return bad ? -1 : 0;
}

/* A missing row: the answers meaning no answer, '|'-separated. */
static int write_missing(struct out *o, const char *owner, const struct code *codes, size_t n,
                         int (*is_missing)(const struct code *), const char *why)
{
    pk_util_sbuf acc = {0};
    for (size_t i = 0; i < n; i++) {
        if (!is_missing(&codes[i]))
            continue;
        if (!strchr(codes[i].label, '|'))
            pk_util_sbuf_addf(&acc, "%s%s", acc.len ? "|" : "", codes[i].label);
        for (size_t a = 0; a < codes[i].nacc; a++)
            if (!strchr(codes[i].accept[a], '|'))
                pk_util_sbuf_addf(&acc, "%s%s", acc.len ? "|" : "", codes[i].accept[a]);
    }
    int bad = acc.oom;
    if (acc.len) {
        const char *f[W_N] = {0};
        f[W_VARIABLE] = owner;
        f[W_KIND] = "missing";
        f[W_ACCEPT] = pk_util_sbuf_str(&acc);
        f[W_NOTE] = why;
        put_row(o, f);
    }
    pk_util_sbuf_free(&acc);
    return bad ? -1 : 0;
}

/* SPSS user-missing values (and Stata's missing codes) follow the file:
 * its author declared them no answer, so the draft leaves them out of the
 * base, whatever they read as (a "Don't know" the file calls missing is
 * missing). */
static int declared_missing(const struct code *k)
{
    return k->missing;
}

static int dk_or_missing(const struct code *k)
{
    return k->dk || k->missing;
}

static int write_scale(struct out *o, struct scale *s)
{
    const char *f[W_N] = {0};
    pk_util_sbuf nt = {0};
    int pos = 0, neg = 0;
    for (size_t i = 0; i < s->n; i++) {
        pos += s->codes[i].side == PK_SIDE_POSITIVE;
        neg += s->codes[i].side == PK_SIDE_NEGATIVE;
    }
    if (s->fam != PK_FAMILY_NOMINAL)
        note(&nt, "a common scale recognised (%s): check the sides and the order of the codes",
             pk_scale_family_name(s->fam));
    else
        note(&nt, "no common scale recognised: answers without sides (nominal); check the order");
    f[W_VARIABLE] = s->name;
    f[W_KIND] = "scale";
    f[W_LABEL] = s->label;
    f[W_NOTE] = pk_util_sbuf_str(&nt);
    put_row(o, f);
    pk_util_sbuf_free(&nt);
    size_t real = 0;
    for (size_t i = 0; i < s->n; i++)
        real += !declared_missing(&s->codes[i]);
    for (size_t i = 0; i < s->n; i++)
        if ((!real || !declared_missing(&s->codes[i])) && write_code(o, s->name, &s->codes[i], 1, s->fam))
            return -1;
    if (real && write_missing(o, s->name, s->codes, s->n, declared_missing,
                      "declared missing in the file (user-missing): no answer, left out of the base; to keep "
                      "one in the base, move it to a code row of its own (side dont_know for a don't know)"))
        return -1;
    if (!(pos && neg))
        return 0;
    const char *pc, *pl, *nc, *nl, *sl;
    family_nets(s->fam, &pc, &pl, &nc, &nl, &sl);
    char pcode[64], ncode[64], scode[32], plab[64], nlab[64];
    snprintf(pcode, sizeof pcode, has_code(s, pc) ? "net_%s" : "%s", pc);
    snprintf(ncode, sizeof ncode, has_code(s, nc) ? "net_%s" : "%s", nc);
    snprintf(scode, sizeof scode, has_code(s, "net") ? "net_score" : "net");
    snprintf(plab, sizeof plab, has_code(s, pc) ? "%s (net)" : "%s", pl);
    snprintf(nlab, sizeof nlab, has_code(s, nc) ? "%s (net)" : "%s", nl);
    /* A side with one code is its own net: no row. */
    const char *g[W_N] = {0};
    g[W_VARIABLE] = s->name;
    g[W_KIND] = "net";
    if (pos > 1) {
        g[W_CODE] = pcode;
        g[W_LABEL] = plab;
        g[W_SIDE] = "positive";
        put_row(o, g);
    }
    if (neg > 1) {
        g[W_CODE] = ncode;
        g[W_LABEL] = nlab;
        g[W_SIDE] = "negative";
        put_row(o, g);
    }
    g[W_CODE] = scode;
    g[W_LABEL] = sl;
    g[W_SIDE] = "score";
    put_row(o, g);
    return 0;
}

static void shorten(char *buf, size_t n, const char *text)
{
    size_t len = strlen(text);
    if (len <= LABEL_MAX) {
        snprintf(buf, n, "%s", text);
        return;
    }
    size_t cut = LABEL_MAX;
    while (cut > 10 && text[cut] != ' ')
        cut--;
    /* Not inside a UTF-8 sequence. */
    while (cut > 0 && ((unsigned char)text[cut] & 0xC0) == 0x80)
        cut--;
    snprintf(buf, n, "%.*s...", (int)cut, text);
}

/* A respondent id's fields and notes. */
static void id_fields(const struct col *c, const char **f, pk_util_sbuf *nt)
{
    f[W_KIND] = "id";
    f[W_REQUIRED] = "yes";
    f[W_LABEL] = "Respondent id";
    f[W_WORDING] = "";
    if (c->guessed_id_by_values)
        note(nt, "guessed: its values are all different; confirm it is the respondent id");
    else
        note(nt, "guessed from its name; confirm it is the respondent id");
    if (c->repeats)
        note(nt, "%ld record%s an earlier id (pollclean keeps the first and excludes the rest as "
             "duplicate_id)", c->repeats, c->repeats == 1 ? " repeats" : "s repeat");
}

/* An interview duration's fields and notes: its unit from its name, else
 * from its SPSS/Stata variable label ("LOI (hrs)"). */
static void duration_fields(const struct col *c, const char **f, pk_util_sbuf *nt)
{
    f[W_KIND] = "duration";
    f[W_LABEL] = "Interview duration";
    f[W_WORDING] = "";
    const char *by = is_duration_name(c->name) ? "name" : "label";
    enum pk_codebook_unit u;
    if (pk_codebook_unit_of_name(c->name, &u) || (c->vlabel[0] && pk_codebook_unit_of_name(c->vlabel, &u))) {
        f[W_UNIT] = pk_codebook_unit_name(u);
        note(nt, "guessed from its %s, in %s as it says", by, pk_codebook_unit_name(u));
    } else {
        note(nt, "guessed from its %s; in seconds unless you set unit", by);
    }
}

/* A number's fields and notes: an age's usual range, else the data's. */
static void number_fields(const struct col *c, const char **f, pk_util_sbuf *nt,
                          char num[2][PK_NUMBER_BUFSIZE])
{
    f[W_KIND] = "number";
    if (is_age_name(c->name, c->vlabel)) {
        f[W_MIN] = "18";
        f[W_MAX] = "110";
        note(nt, "an age: 18 to 110 (pollclean excludes others as %s_out_of_range); the data run from "
             "%s to %s", c->var, pk_number_format(num[0], c->min, 10), pk_number_format(num[1], c->max, 10));
    } else if (is_weight_name(c->name, c->vlabel) && c->min >= 0) {
        /* A weight has no natural maximum: none drafted. */
        f[W_MIN] = "0";
        note(nt, "a weight: at least 0, no maximum (the data run from %s to %s); pollclean excludes others "
             "as %s_out_of_range", pk_number_format(num[0], c->min, 10), pk_number_format(num[1], c->max, 10),
             c->var);
    } else {
        /* Rounded outward: every value of the file stays inside. */
        f[W_MIN] = pk_number_format_outward(num[0], c->min, 15, -1);
        f[W_MAX] = pk_number_format_outward(num[1], c->max, 15, 1);
        note(nt, "range taken from the data: set the valid range, or leave min or max empty for no bound "
             "(pollclean excludes others as %s_out_of_range)", c->var);
    }
}

/* A question's or attention check's fields and notes, its scale written
 * before its first column. -1 when writing fails. */
static int question_fields(struct draft *d, struct out *o, const struct col *c, const char **f,
                           pk_util_sbuf *nt, int long_text)
{
    int rc = 0;
    struct scale *s = &d->scales[c->scale];
    if (!s->written) {
        s->written = 1;
        if (write_scale(o, s))
            rc = -1;
    }
    f[W_KIND] = c->kind == K_QUESTION ? "question" : "attention";
    f[W_SCALE] = s->name;
    if (long_text && c->kind == K_QUESTION)
        note(nt, "shorten the chart label");
    if (c->kind == K_ATTENTION) {
        f[W_LABEL] = "Attention check";
        note(nt, "an attention check, by its name: put the correct answer's code in code (one answer "
             "with two codes: both, separated by |), and set required to yes if everyone saw it");
        return rc;
    }
    /* One answer given far more often than any other: perhaps an
     * attention check. */
    long answered = 0, top = 0;
    const struct code *tk = NULL;
    for (size_t i = 0; i < c->ncodes; i++) {
        answered += c->codes[i].n;
        if (c->codes[i].n > top) {
            top = c->codes[i].n;
            tk = &c->codes[i];
        }
    }
    if (tk && answered >= 20 && top * 10 >= answered * 6)
        note(nt, "'%s' (%s) is %ld%% of the answers: if this is an attention check, set kind to attention "
             "and code to the correct answer's code (one answer with two codes: both, separated by |)",
             tk->label, tk->code, (top * 100 + answered / 2) / answered);
    return rc;
}

/* A category's codes after its row; with nothing but don't-know answers,
 * they are its codes (a category needs one). */
static int category_codes(struct out *o, const struct col *c)
{
    size_t real = 0;
    for (size_t i = 0; i < c->ncodes; i++)
        real += !dk_or_missing(&c->codes[i]);
    for (size_t i = 0; i < c->ncodes; i++)
        if ((!real || !dk_or_missing(&c->codes[i])) && write_code(o, c->var, &c->codes[i], 0, PK_FAMILY_NOMINAL))
            return -1;
    if (!real)
        return 0;
    return write_missing(o, c->var, c->codes, c->ncodes, dk_or_missing,
                         "guessed: these answers mean no answer (don't know, prefer not to say, or declared "
                         "missing in the file); make them codes to keep them");
}

static int write_col(struct draft *d, struct out *o, struct col *c)
{
    const char *f[W_N] = {0};
    pk_util_sbuf nt = {0};
    char label[LABEL_MAX + 8], num[2][PK_NUMBER_BUFSIZE];
    const char *text = c->vlabel[0] ? c->vlabel : c->name;
    int long_text = strlen(text) > LABEL_MAX;
    shorten(label, sizeof label, text);
    f[W_VARIABLE] = c->var;
    f[W_SOURCE] = c->name;
    f[W_LABEL] = label;
    if (c->vlabel[0] || question_like(c->name) || long_text)
        f[W_WORDING] = text;
    int rc = 0;
    switch (c->kind) {
    case K_LEFT_OUT: {
        char why[200];
        if (c->nonempty == 0)
            snprintf(why, sizeof why, "left out: empty in every record");
        else
            snprintf(why, sizeof why, "left out: %s%zu different answers (free text, dates or times?); add it by "
                     "hand if you need it", c->overflow ? "over " : "", c->nv);
        comment(o, c->name, why);
        pk_util_sbuf_free(&nt);
        return 0;
    }
    case K_ID:
        id_fields(c, f, &nt);
        break;
    case K_DURATION:
        duration_fields(c, f, &nt);
        break;
    case K_NUMBER:
        number_fields(c, f, &nt, num);
        break;
    case K_CATEGORY:
        f[W_KIND] = "category";
        if (long_text)
            note(&nt, "shorten the label");
        break;
    case K_QUESTION:
    case K_ATTENTION:
        rc = question_fields(d, o, c, f, &nt, long_text);
        break;
    }
    f[W_NOTE] = pk_util_sbuf_str(&nt);
    put_row(o, f);
    if (nt.oom)
        rc = -1;
    pk_util_sbuf_free(&nt);
    if (rc || c->kind != K_CATEGORY)
        return rc;
    return category_codes(o, c);
}

/* --- the whole draft ------------------------------------------------------- */

static void draft_free(struct draft *d)
{
    for (size_t i = 0; i < d->ncols; i++) {
        struct col *c = &d->cols[i];
        free(c->name);
        free(c->vlabel);
        for (size_t k = 0; k < c->nv; k++) {
            free(c->v[k].norm);
            free(c->v[k].alt);
            free(c->v[k].also);
            for (size_t s = 0; s < c->v[k].nsp; s++)
                free(c->v[k].sp[s].raw);
        }
        free(c->v);
        pk_util_hindex_free(&c->vix);
        for (size_t k = 0; k < c->nseen; k++)
            free(c->seen[k]);
        free(c->seen);
        pk_util_hindex_free(&c->six);
        for (size_t k = 0; k < c->ncodes; k++)
            code_free(&c->codes[k]);
        free(c->codes);
    }
    free(d->cols);
    for (size_t i = 0; i < d->nscales; i++) {
        for (size_t k = 0; k < d->scales[i].n; k++)
            code_free(&d->scales[i].codes[k]);
        free(d->scales[i].codes);
        free(d->scales[i].label);
    }
    free(d->scales);
    for (size_t i = 0; i < d->nnames; i++)
        free(d->names[i]);
    free(d->names);
    pk_util_nameset_free(&d->taken);
    pk_textnorm_buf_free(&d->nb);
}

/* The three steps of pk_codebook_draft_write return 0, 1 when memory ran
 * out, or 2 when err says what failed. */

/* Read every record once, gathering each column's values and labels. */
static int draft_read(struct draft *d, const pk_codebook_draft_opts *opt, pk_err *err)
{
    d->sf = pk_input_statfile(d->in);
    d->ncols = pk_input_ncols(d->in);
    d->cols = calloc(d->ncols ? d->ncols : 1, sizeof *d->cols);
    if (!d->cols)
        return 1;
    for (size_t i = 0; i < d->ncols; i++) {
        struct col *c = &d->cols[i];
        if (!(c->name = strdup(pk_input_colname(d->in, i))) || !(c->vlabel = strdup(pk_input_col_label(d->in, i))))
            return 1;
        c->all_num = c->all_int = c->unique = 1;
        /* The id's repeats are counted, so its values are kept throughout. */
        c->keep_seen = is_id_name(c->name);
        c->labelled = d->sf && pk_statfile_nlabels(d->sf, i) > 0;
        if (d->sf && seed_labels(d, c, i))
            return 1;
    }
    int got;
    long skipped = 0;
    while ((got = pk_input_next(d->in, err)) == 1) {
        if (skipped < opt->skip_rows) {
            /* Qualtrics' first extra header row holds the questions' text. */
            for (size_t i = 0; skipped == 0 && !d->sf && i < d->ncols; i++) {
                struct col *c = &d->cols[i];
                const char *t = pk_input_field(d->in, i);
                if (t[0] && strcmp(t, c->name) != 0 && t[0] != '{') {
                    free(c->vlabel);
                    if (!(c->vlabel = strdup(t)))
                        return 1;
                }
            }
            skipped++;
            continue;
        }
        for (size_t i = 0; i < d->ncols; i++)
            if (gather_field(d, &d->cols[i], i))
                return 1;
        d->records++;
    }
    if (got < 0)
        return 2;

    return 0;
}

/* Each column's kind and name, and the scales its answers share. */
static int draft_decide(struct draft *d)
{
    /* Kinds: names first (the id, duration and attention check a name
     * gives win over any found by values), then values. */
    int have_id = 0, have_dur = 0, have_att = 0;
    for (size_t i = 0; i < d->ncols; i++)
        if (decide(d, &d->cols[i], &have_id, &have_dur, &have_att))
            return 1;
    if (!have_id) {
        for (size_t i = 0; i < d->ncols; i++) {
            struct col *c = &d->cols[i];
            if ((c->kind == K_LEFT_OUT || c->kind == K_NUMBER) && c->unique && c->nonempty == d->records &&
                d->records > 1 && !c->has_space && !(c->kind == K_NUMBER && !c->all_int)) {
                c->kind = K_ID;
                c->guessed_id_by_values = 1;
                break;
            }
        }
    }
    /* Names, in column order. */
    for (size_t i = 0; i < d->ncols; i++) {
        struct col *c = &d->cols[i];
        const char *want = c->kind == K_ID ? "id" : c->kind == K_DURATION ? "duration"
                         : c->kind == K_ATTENTION ? "attention" : c->name;
        if (c->kind == K_NUMBER && is_age_name(c->name, c->vlabel))
            want = "age";
        if (c->kind != K_LEFT_OUT && !(c->var = take_name(d, want)))
            return 1;
    }
    for (size_t i = 0; i < d->ncols; i++) {
        struct col *c = &d->cols[i];
        if ((c->kind == K_QUESTION || c->kind == K_ATTENTION) && join_scale(d, c, d->sf != NULL))
            return 1;
    }
    for (size_t i = 0; i < d->nscales; i++) {
        const struct col *first = NULL;
        for (size_t k = 0; k < d->ncols && !first; k++)
            if (d->cols[k].scale == (long)i && (d->cols[k].kind == K_QUESTION || d->cols[k].kind == K_ATTENTION))
                first = &d->cols[k];
        if (settle_scale(d, &d->scales[i], first))
            return 1;
    }
    for (size_t i = 0; i < d->ncols; i++) {
        struct col *c = &d->cols[i];
        if (c->kind == K_CATEGORY)
            sort_codes(c->codes, c->ncodes, PK_FAMILY_NOMINAL, d->sf != NULL);
    }
    if (d->oom)
        return 1;
    return 0;
}

/* The draft codebook itself, and the summary. */
static int draft_emit(struct draft *d, const char *name, FILE *outf,
                      pk_codebook_draft_summary *sum, pk_err *err)
{
    /* A codebook declares at least one variable. */
    size_t nvars = 0;
    for (size_t i = 0; i < d->ncols; i++)
        nvars += d->cols[i].kind != K_LEFT_OUT;
    if (nvars == 0) {
        if (d->records == 0)
            pk_err_set(err, PK_EDATA, "%s: no records to draft a codebook from", name);
        else
            pk_err_set(err, PK_EDATA, "%s: no column to draft a variable from (every one is empty or free text)",
                       name);
        return 2;
    }

    struct out o = {0};
    pk_csv_writer_init(&o.w, outf, ',');
    for (int i = 0; i < W_N; i++)
        pk_csv_writer_field(&o.w, w_names[i]);
    pk_csv_writer_end(&o.w);
    {
        char head[600];
        snprintf(head, sizeof head, "a draft by pollcodebook from %s (%s, %ld record%s): check every row with a "
                 "note, then delete the notes", name, pk_statfile_format_name(pk_input_format(d->in)), d->records,
                 d->records == 1 ? "" : "s");
        comment(&o, "", head);
        comment(&o, "", "set required to yes for the variables every respondent must answer (a record "
                        "without one is excluded as missing_required)");
        int have_dur = 0;
        for (size_t i = 0; i < d->ncols; i++)
            have_dur |= d->cols[i].kind == K_DURATION;
        if (!have_dur)
            comment(&o, "", "no interview duration found (no column named or labelled like duration, time "
                            "taken, LOI or interview length): pollclean's speeder rule is off until you add a "
                            "row of kind duration, with its unit");
    }
    for (size_t i = 0; i < d->ncols; i++)
        if (write_col(d, &o, &d->cols[i]))
            return 1;
    if (ferror(outf)) {
        pk_err_set(err, PK_EDATA, "write error");
        return 2;
    }
    sum->records = d->records;
    sum->columns = (long)d->ncols;
    sum->scales = (long)d->nscales;
    sum->notes = o.notes;
    sum->formulas = o.formulas;
    if (o.oom)
        return 1;
    for (size_t i = 0; i < d->ncols; i++) {
        if (d->cols[i].kind == K_LEFT_OUT)
            sum->left_out++;
        else
            sum->variables++;
    }
    return 0;
}

int pk_codebook_draft_write(FILE *f, const char *name, const pk_codebook_draft_opts *opt, FILE *outf,
                            pk_codebook_draft_summary *sum, pk_err *err)
{
    struct draft d = {0};
    d.name = name;
    memset(sum, 0, sizeof *sum);
    d.in = pk_input_open(f, name, opt->delim, err);
    if (!d.in)
        return err->status;
    int r = draft_read(&d, opt, err);
    if (r == 0)
        r = draft_decide(&d);
    if (r == 0)
        r = draft_emit(&d, name, outf, sum, err);
    if (r == 1)
        pk_err_set(err, PK_ENOMEM, "%s: out of memory", name);
    pk_input_close(d.in);
    draft_free(&d);
    return r == 0 ? 0 : err->status;
}
