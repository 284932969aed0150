/* Drafting a codebook from a raw export, the gathering and deciding half;
 * see codebook_draft.h, and codebook_draft_write.c for the writing.
 *
 * One pass over the records gathers, per column, its different answers in
 * normal form (up to MAX_TRACK of them, with their spellings and counts),
 * whether every answer is a number and their range, and whether the values
 * are all different (kept only while they are, or for the id). Then each
 * column gets its kind, and questions with alike answers get one scale. */
#include "codebook_draft_internal.h"
#include "colname.h"

#include <ctype.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "number.h"

#define MAX_TRACK 200      /* different answers tracked per column */
#define MAX_CATEGORY 60    /* at most this many make a category */
#define NUMBER_MIN_VALUES 12
#define SLUG_MAX 40
#define NAME_MAX_LEN 32

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
static char *take_name(pk_codebook_draft *d, const char *want)
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
int pk_codebook_draft_is_duration_name(const char *name)
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

int pk_codebook_draft_is_age_name(const char *name, const char *label)
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
int pk_codebook_draft_is_weight_name(const char *name, const char *label)
{
    char key[64], lk[64];
    name_key(key, sizeof key, name);
    name_key(lk, sizeof lk, label);
    return strstr(key, "weight") || strcmp(key, "wt") == 0 || strcmp(key, "wgt") == 0 ||
           strcmp(key, "w8") == 0 || strncmp(lk, "weight", 6) == 0;
}

/* A long, question-like text: a question's wording rather than a name. */
int pk_codebook_draft_question_like(const char *s)
{
    size_t n = strlen(s);
    return n >= 30 && (strchr(s, '?') || n >= 60);
}

/* --- gathering ----------------------------------------------------------- */

static pk_codebook_draft_value *find_value(pk_codebook_draft_col *c, const char *norm, size_t len)
{
    uint64_t h = pk_util_hash(norm, len);
    size_t slot = 0, pos;
    while ((pos = pk_util_hindex_next(&c->vix, h, &slot)) != SIZE_MAX)
        if (strlen(c->v[pos].norm) == len && memcmp(c->v[pos].norm, norm, len) == 0)
            return &c->v[pos];
    return NULL;
}

static pk_codebook_draft_value *add_value(pk_codebook_draft *d, pk_codebook_draft_col *c, const char *norm, size_t len)
{
    if (pk_util_grow((void **)&c->v, &c->vcap, c->nv + 1, sizeof *c->v))
        return NULL;
    pk_codebook_draft_value *v = &c->v[c->nv];
    memset(v, 0, sizeof *v);
    if (!(v->norm = strndup(norm, len)) || pk_util_hindex_add(&c->vix, pk_util_hash(norm, len), c->nv)) {
        free(v->norm);
        return NULL;
    }
    v->first = d->records;
    c->nv++;
    return v;
}

static int add_spelling(pk_codebook_draft_value *v, const char *raw, size_t len)
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
    if (v->nsp == PK_CODEBOOK_DRAFT_MAX_SPELL)
        return 0;
    if (!(v->sp[v->nsp].raw = strndup(raw, len)))
        return -1;
    v->sp[v->nsp++].n = 1;
    return 0;
}

/* The spelling written most often (the first of equals). */
static const char *best_spelling(const pk_codebook_draft_value *v)
{
    size_t best = 0;
    for (size_t i = 1; i < v->nsp; i++)
        if (v->sp[i].n > v->sp[best].n)
            best = i;
    return v->nsp ? v->sp[best].raw : v->norm;
}

static int note_seen(pk_codebook_draft_col *c, const char *raw, size_t len)
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

static void note_number(pk_codebook_draft_col *c, double x)
{
    if (c->nnum == 0 || x < c->min)
        c->min = x;
    if (c->nnum == 0 || x > c->max)
        c->max = x;
    if (x != floor(x))
        c->all_int = 0;
    c->nnum++;
}

static int gather_field(pk_codebook_draft *d, pk_codebook_draft_col *c, size_t i)
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
    pk_codebook_draft_value *v = find_value(c, d->nb.s, d->nb.len);
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
static int seed_labels(pk_codebook_draft *d, pk_codebook_draft_col *c, size_t i)
{
    for (size_t k = 0; k < pk_statfile_nlabels(d->sf, i); k++) {
        const char *text = pk_statfile_label_text(d->sf, i, k);
        if (pk_textnorm(&d->nb, text, strlen(text)))
            return -1;
        if (d->nb.len == 0)
            continue;
        pk_codebook_draft_value *v = find_value(c, d->nb.s, d->nb.len);
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

static void code_free(pk_codebook_draft_code *k)
{
    free(k->code);
    free(k->label);
    for (size_t i = 0; i < k->nacc; i++)
        free(k->accept[i]);
    free(k->accept);
    free(k->merged);
}

static int add_accept(pk_codebook_draft *d, pk_codebook_draft_code *k, const char *s)
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

static int append_merged(pk_codebook_draft_code *k, const char *spelling)
{
    return append_item(&k->merged, ", ", "'", spelling);
}

/* The column's answers as codes: one per slug. For an SPSS/Stata file the
 * label is the value label and the number needs no accept; for CSV the
 * label is the spelling given most often, the other spellings accepted. */
static int make_codes(pk_codebook_draft *d, pk_codebook_draft_col *c)
{
    c->codes = calloc(c->nv ? c->nv : 1, sizeof *c->codes);
    if (!c->codes)
        return -1;
    for (size_t i = 0; i < c->nv; i++) {
        const pk_codebook_draft_value *v = &c->v[i];
        const char *label = best_spelling(v);
        char slug[SLUG_MAX + 1];
        pk_codebook_draft_slug(slug, SLUG_MAX, label);
        pk_codebook_draft_code *k = NULL;
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

static int copy_code(pk_codebook_draft_code *to, const pk_codebook_draft_code *from)
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

static enum pk_scale_guess_family guess_family_all(pk_codebook_draft_code *codes, size_t n, enum pk_side *sides);

/* A code the guess may pass over: given without a value label, or by
 * fewer than 1 in 100 of those answering (a stray answer off the scale). */
static int stray(const pk_codebook_draft_code *k, long total)
{
    return !k->dk && (k->unlabelled || (total >= 100 && k->n * 100 < total));
}

/* The scale's family and sides; when the codes as a whole make no common
 * scale, the same without the stray codes, which then have no side. */
static enum pk_scale_guess_family guess_family(pk_codebook_draft_code *codes, size_t n, enum pk_side *sides)
{
    enum pk_scale_guess_family f = guess_family_all(codes, n, sides);
    if (f != PK_SCALE_GUESS_FAMILY_NOMINAL)
        return f;
    long total = 0;
    size_t kept = 0;
    for (size_t i = 0; i < n; i++)
        total += codes[i].n;
    pk_codebook_draft_code *sub = malloc((n ? n : 1) * sizeof *sub);
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
        enum pk_scale_guess_family f2 = guess_family_all(sub, kept, s2);
        if (f2 != PK_SCALE_GUESS_FAMILY_NOMINAL) {
            f = f2;
            for (size_t i = 0, k = 0; i < n; i++)
                sides[i] = stray(&codes[i], total) ? PK_SIDE_NONE : s2[k++];
        }
    }
    free(sub);
    free(s2);
    return f;
}

static enum pk_scale_guess_family guess_family_all(pk_codebook_draft_code *codes, size_t n, enum pk_side *sides)
{
    const char **labels = calloc(n ? n : 1, sizeof *labels);
    if (!labels)
        return PK_SCALE_GUESS_FAMILY_NOMINAL;
    for (size_t i = 0; i < n; i++)
        labels[i] = codes[i].label;
    enum pk_scale_guess_family f = pk_scale_guess(labels, n, sides);
    /* 0-10 with labels on some numbers only ("Not at all likely" = 0): try
     * each label with its number in front. */
    int all_small = n > 0;
    for (size_t i = 0; i < n; i++)
        if (!codes[i].dk && !(codes[i].has_num && codes[i].num >= 0 && codes[i].num <= 10 &&
                              codes[i].num == floor(codes[i].num)))
            all_small = 0;
    /* Numbered labels ("1 - Strongly disagree" ... "5 - Strongly agree"):
     * try the words after each number. */
    if (f == PK_SCALE_GUESS_FAMILY_NOMINAL && n > 0) {
        int numbered = 1;
        for (size_t i = 0; i < n && numbered; i++) {
            const char *l = codes[i].label;
            size_t k = 0;
            while (isdigit((unsigned char)l[k]))
                k++;
            numbered = codes[i].dk || (k > 0 && k <= 2 && (l[k] == ' ' || l[k] == '-' || l[k] == '.' ||
                                                           l[k] == ':' || l[k] == '='));
        }
        enum pk_side *s2 = numbered ? malloc(n * sizeof *s2) : NULL;
        if (s2) {
            for (size_t i = 0; i < n; i++) {
                const char *l = codes[i].label;
                if (!codes[i].dk) {
                    while (isdigit((unsigned char)*l))
                        l++;
                    while (*l == ' ' || *l == '-' || *l == '.' || *l == ':' || *l == '=')
                        l++;
                }
                labels[i] = l;
            }
            enum pk_scale_guess_family f2 = pk_scale_guess(labels, n, s2);
            if (f2 != PK_SCALE_GUESS_FAMILY_NOMINAL) {
                f = f2;
                memcpy(sides, s2, n * sizeof *s2);
            }
            free(s2);
        }
    }
    if (f == PK_SCALE_GUESS_FAMILY_NOMINAL && all_small) {
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
            if (s2 && pk_scale_guess(labels, n, s2) == PK_SCALE_GUESS_FAMILY_ZERO_TEN) {
                f = PK_SCALE_GUESS_FAMILY_ZERO_TEN;
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
static int order_key(const pk_codebook_draft_code *k, enum pk_scale_guess_family f)
{
    if (k->dk || k->side == PK_SIDE_DONT_KNOW)
        return 5;
    if (f == PK_SCALE_GUESS_FAMILY_NOMINAL || f == PK_SCALE_GUESS_FAMILY_ZERO_TEN)
        return 2;
    switch (k->side) {
    case PK_SIDE_POSITIVE: return strong(k->label) ? 0 : 1;
    case PK_SIDE_NEGATIVE: return strong(k->label) ? 4 : 3;
    case PK_SIDE_NONE:
    case PK_SIDE_NEUTRAL:
    case PK_SIDE_DONT_KNOW:
        break;
    }
    return 2;
}

struct sort_ctx {
    enum pk_scale_guess_family fam;
    int stat, numeric;
};

static int cmp_code(const void *a, const void *b, void *ctx)
{
    const pk_codebook_draft_code *x = a, *y = b;
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

static void sort_codes(pk_codebook_draft_code *codes, size_t n, enum pk_scale_guess_family f, int stat)
{
    int numeric = n > 0;
    for (size_t i = 0; i < n; i++)
        if (!codes[i].has_num && !codes[i].dk)
            numeric = 0;
    struct sort_ctx ctx = {f, stat, numeric || f == PK_SCALE_GUESS_FAMILY_ZERO_TEN};
    qsort_r(codes, n, sizeof *codes, cmp_code, &ctx);
}

static const char *family_label(enum pk_scale_guess_family f)
{
    switch (f) {
    case PK_SCALE_GUESS_FAMILY_SUPPORT: return "Support or opposition";
    case PK_SCALE_GUESS_FAMILY_AGREE: return "Agreement";
    case PK_SCALE_GUESS_FAMILY_YES_NO: return "Yes or no";
    case PK_SCALE_GUESS_FAMILY_LIKELY: return "Likelihood";
    case PK_SCALE_GUESS_FAMILY_SATISFIED: return "Satisfaction";
    case PK_SCALE_GUESS_FAMILY_FAVOURABLE: return "Favourability";
    case PK_SCALE_GUESS_FAMILY_APPROVE: return "Approval";
    case PK_SCALE_GUESS_FAMILY_IMPORTANT: return "Importance";
    case PK_SCALE_GUESS_FAMILY_GOOD_BAD: return "Good or bad";
    case PK_SCALE_GUESS_FAMILY_ZERO_TEN: return "0 to 10";
    case PK_SCALE_GUESS_FAMILY_NOMINAL: break;
    }
    return NULL;
}

/* The nets' codes and labels: positive, negative, score. */
void pk_codebook_draft_family_nets(enum pk_scale_guess_family f, const char **pc, const char **pl, const char **nc,
                                   const char **nl, const char **sl)
{
    static const struct { enum pk_scale_guess_family f; const char *pc, *pl, *nc, *nl, *sl; } t[] = {
        {PK_SCALE_GUESS_FAMILY_SUPPORT, "support", "Support", "oppose", "Oppose", "Net support"},
        {PK_SCALE_GUESS_FAMILY_AGREE, "agree", "Agree", "disagree", "Disagree", "Net agreement"},
        {PK_SCALE_GUESS_FAMILY_YES_NO, "yes", "Yes", "no", "No", "Net yes"},
        {PK_SCALE_GUESS_FAMILY_LIKELY, "likely", "Likely", "unlikely", "Unlikely", "Net likelihood"},
        {PK_SCALE_GUESS_FAMILY_SATISFIED,
         "satisfied", "Satisfied", "dissatisfied", "Dissatisfied", "Net satisfaction"},
        {PK_SCALE_GUESS_FAMILY_FAVOURABLE,
         "favourable", "Favourable", "unfavourable", "Unfavourable", "Net favourability"},
        {PK_SCALE_GUESS_FAMILY_APPROVE, "approve", "Approve", "disapprove", "Disapprove", "Net approval"},
        {PK_SCALE_GUESS_FAMILY_IMPORTANT,
         "important", "Important", "not_important", "Not important", "Net importance"},
        {PK_SCALE_GUESS_FAMILY_GOOD_BAD, "good", "Good", "bad", "Bad", "Net good"},
        {PK_SCALE_GUESS_FAMILY_ZERO_TEN, "top_6_10", "6 to 10", "bottom_0_4", "0 to 4", "Net score"},
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

int pk_codebook_draft_has_code(const pk_codebook_draft_scale *s, const char *code)
{
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->codes[i].code, code) == 0)
            return 1;
    return 0;
}

/* Whether two code lists are alike: for a file's labels, the same codes in
 * the same order; otherwise the same family and most codes shared. */
static int alike(const pk_codebook_draft_scale *s, const pk_codebook_draft_col *c, int stat)
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
            } else if (pk_codebook_draft_has_code(s, c->codes[j].code)) {
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
        shared += pk_codebook_draft_has_code(s, c->codes[i].code);
    size_t small = s->n < c->ncodes ? s->n : c->ncodes;
    if (s->fam == PK_SCALE_GUESS_FAMILY_NOMINAL)
        return shared == s->n && shared == c->ncodes;
    return small > 0 && shared * 2 >= small;
}

static int join_scale(pk_codebook_draft *d, pk_codebook_draft_col *c, int stat)
{
    for (size_t i = 0; i < d->nscales; i++) {
        pk_codebook_draft_scale *s = &d->scales[i];
        if (!alike(s, c, stat))
            continue;
        for (size_t k = 0; k < c->ncodes; k++) {
            pk_codebook_draft_code *have = NULL;
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
    pk_codebook_draft_scale *s = &d->scales[d->nscales];
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
static int settle_scale(pk_codebook_draft *d, pk_codebook_draft_scale *s, const pk_codebook_draft_col *first)
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
    if (s->fam == PK_SCALE_GUESS_FAMILY_ZERO_TEN)
        snprintf(want, sizeof want, "scale_0_10");
    else if (fl)
        snprintf(want, sizeof want, "%s_scale", pk_scale_guess_family_name(s->fam));
    else
        snprintf(want, sizeof want, "%s_scale", first->var ? first->var : "answers");
    if (!(s->name = take_name(d, want)))
        return -1;
    if (!(s->label = strdup(fl ? fl : (first->vlabel[0] ? first->vlabel : first->name))))
        return -1;
    return 0;
}

/* --- deciding ------------------------------------------------------------- */

static int decide(pk_codebook_draft *d, pk_codebook_draft_col *c, int *have_id, int *have_dur, int *have_att)
{
    const char *label = c->vlabel[0] ? c->vlabel : c->name;
    c->scale = -1;
    if (c->nonempty == 0) {
        c->kind = PK_CODEBOOK_DRAFT_LEFT_OUT;
        return 0;
    }
    if (!*have_id && is_id_name(c->name)) {
        c->kind = PK_CODEBOOK_DRAFT_ID;
        *have_id = 1;
        return 0;
    }
    int numeric = c->all_num && c->nnum > 0;
    if (!*have_dur && numeric &&
        (pk_codebook_draft_is_duration_name(c->name) ||
         (c->vlabel[0] && pk_codebook_draft_is_duration_name(c->vlabel)))) {
        c->kind = PK_CODEBOOK_DRAFT_DURATION;
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
        if (!eleven && (c->overflow || c->nv > NUMBER_MIN_VALUES || pk_codebook_draft_is_age_name(c->name, c->vlabel) ||
                        (d->sf && c->nv > 5))) {
            c->kind = PK_CODEBOOK_DRAFT_NUMBER;
            return 0;
        }
    }
    if (!few) {
        c->kind = PK_CODEBOOK_DRAFT_LEFT_OUT;
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
        c->kind = PK_CODEBOOK_DRAFT_ATTENTION;
        *have_att = 1;
    } else if (c->fam != PK_SCALE_GUESS_FAMILY_NOMINAL || pk_codebook_draft_question_like(label)) {
        c->kind = PK_CODEBOOK_DRAFT_QUESTION;
    } else {
        c->kind = PK_CODEBOOK_DRAFT_CATEGORY;
    }
    return 0;
}

/* --- the whole draft ------------------------------------------------------- */

void pk_codebook_draft_clear(pk_codebook_draft *d)
{
    for (size_t i = 0; i < d->ncols; i++) {
        pk_codebook_draft_col *c = &d->cols[i];
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

/* Read every record once, gathering each column's values and labels. */
int pk_codebook_draft_gather(pk_codebook_draft *d, const pk_codebook_draft_opts *opt, pk_err *err)
{
    d->sf = pk_input_statfile(d->in);
    d->ncols = pk_input_ncols(d->in);
    d->cols = calloc(d->ncols ? d->ncols : 1, sizeof *d->cols);
    if (!d->cols)
        return 1;
    for (size_t i = 0; i < d->ncols; i++) {
        pk_codebook_draft_col *c = &d->cols[i];
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
                pk_codebook_draft_col *c = &d->cols[i];
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
int pk_codebook_draft_decide(pk_codebook_draft *d)
{
    /* Kinds: names first (the id, duration and attention check a name
     * gives win over any found by values), then values. */
    int have_id = 0, have_dur = 0, have_att = 0;
    for (size_t i = 0; i < d->ncols; i++)
        if (decide(d, &d->cols[i], &have_id, &have_dur, &have_att))
            return 1;
    if (!have_id) {
        for (size_t i = 0; i < d->ncols; i++) {
            pk_codebook_draft_col *c = &d->cols[i];
            if ((c->kind == PK_CODEBOOK_DRAFT_LEFT_OUT || c->kind == PK_CODEBOOK_DRAFT_NUMBER) && c->unique &&
                c->nonempty == d->records && d->records > 1 && !c->has_space &&
                !(c->kind == PK_CODEBOOK_DRAFT_NUMBER && !c->all_int)) {
                c->kind = PK_CODEBOOK_DRAFT_ID;
                c->guessed_id_by_values = 1;
                break;
            }
        }
    }
    /* Names, in column order. */
    for (size_t i = 0; i < d->ncols; i++) {
        pk_codebook_draft_col *c = &d->cols[i];
        const char *want = c->kind == PK_CODEBOOK_DRAFT_ID ? "id" : c->kind == PK_CODEBOOK_DRAFT_DURATION ? "duration"
                         : c->kind == PK_CODEBOOK_DRAFT_ATTENTION ? "attention" : c->name;
        if (c->kind == PK_CODEBOOK_DRAFT_NUMBER && pk_codebook_draft_is_age_name(c->name, c->vlabel))
            want = "age";
        if (c->kind != PK_CODEBOOK_DRAFT_LEFT_OUT && !(c->var = take_name(d, want)))
            return 1;
    }
    for (size_t i = 0; i < d->ncols; i++) {
        pk_codebook_draft_col *c = &d->cols[i];
        if ((c->kind == PK_CODEBOOK_DRAFT_QUESTION || c->kind == PK_CODEBOOK_DRAFT_ATTENTION) &&
            join_scale(d, c, d->sf != NULL))
            return 1;
    }
    for (size_t i = 0; i < d->nscales; i++) {
        const pk_codebook_draft_col *first = NULL;
        for (size_t k = 0; k < d->ncols && !first; k++)
            if (d->cols[k].scale == (long)i &&
                (d->cols[k].kind == PK_CODEBOOK_DRAFT_QUESTION || d->cols[k].kind == PK_CODEBOOK_DRAFT_ATTENTION))
                first = &d->cols[k];
        if (settle_scale(d, &d->scales[i], first))
            return 1;
    }
    for (size_t i = 0; i < d->ncols; i++) {
        pk_codebook_draft_col *c = &d->cols[i];
        if (c->kind == PK_CODEBOOK_DRAFT_CATEGORY)
            sort_codes(c->codes, c->ncodes, PK_SCALE_GUESS_FAMILY_NOMINAL, d->sf != NULL);
    }
    if (d->oom)
        return 1;
    return 0;
}
