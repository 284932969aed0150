/* A published banner's storage and vocabulary (see banner.h and
 * banner_internal.h): the strings, notes and rows a banner keeps; what a
 * table's labels and cells say (bases, statistics, totals, letters,
 * printed numbers); the banner's accessors. Reading is banner_read.c,
 * finishing a question banner_finish.c. */
#include "banner_internal.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "number.h"
#include "textnorm.h"

/* ---- small helpers ---- */

char *pk_banner_keep(pk_banner *b, char *s)
{
    if (!s)
        return NULL;
    /* Kept once: every table of a workbook repeats its labels and codes,
     * so memory grows with the distinct strings, not with the tables. */
    uint64_t h = pk_util_hash(s, strlen(s));
    size_t slot = 0, i;
    while ((i = pk_util_hindex_next(&b->str_ix, h, &slot)) != SIZE_MAX)
        if (strcmp(b->strs[i], s) == 0) {
            free(s);
            return b->strs[i];
        }
    if (pk_util_grow((void **)&b->strs, &b->scap, b->nstrs + 1, sizeof *b->strs) ||
        pk_util_hindex_add(&b->str_ix, h, b->nstrs)) {
        free(s);
        return NULL;
    }
    b->strs[b->nstrs++] = s;
    return s;
}

char *pk_banner_dup(pk_banner *b, const char *s)
{
    return pk_banner_keep(b, strdup(s ? s : ""));
}

int pk_banner_oom(pk_banner *b, pk_err *err)
{
    return pk_err_set(err, PK_ERR_NOMEM, "%s: out of memory", b->name);
}

/* A note at position at (past the end: appended); -1 when memory ran out. */
static int vnote_at(pk_banner *b, size_t at, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));
static int vnote_at(pk_banner *b, size_t at, const char *fmt, va_list ap)
{
    char *s = NULL;
    int r = vasprintf(&s, fmt, ap);
    if (r < 0 || pk_util_grow((void **)&b->notes, &b->ncap, b->nnotes + 1, sizeof *b->notes)) {
        free(r < 0 ? NULL : s);
        return -1;
    }
    if (at > b->nnotes)
        at = b->nnotes;
    memmove(b->notes + at + 1, b->notes + at, (b->nnotes - at) * sizeof *b->notes);
    b->notes[at] = s;
    b->nnotes++;
    return 0;
}

int pk_banner_note_add(pk_banner *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = vnote_at(b, b->nnotes, fmt, ap);
    va_end(ap);
    return r;
}

/* The same, inserted at position at. */
int pk_banner_note_insert(pk_banner *b, size_t at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = vnote_at(b, at, fmt, ap);
    va_end(ap);
    return r;
}

char *pk_banner_trim_dup(const char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    return strndup(s, n);
}

int pk_banner_blank(const char *s)
{
    return !s || s[strspn(s, " \t")] == '\0';
}

/* textnorm's form of s (lower case, spaces collapsed, typographic marks
 * made ASCII) in a new string. */
char *pk_banner_norm(const char *s)
{
    pk_textnorm_buf nb = {0};
    if (pk_textnorm(&nb, s, strlen(s)) != 0)
        return NULL;
    return nb.s;
}

char *pk_banner_slug(const char *s)
{
    char *n = pk_banner_norm(s);
    if (!n)
        return NULL;
    size_t len = strlen(n);
    char *out = malloc(4 * len + 1);
    if (!out) {
        free(n);
        return NULL;
    }
    size_t o = 0;
    int sep = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)n[i];
        if (c == '\'')
            continue;
        const char *add = NULL;
        char one[2] = {0, 0};
        if (c == '+')
            add = "plus";
        else if (isalnum(c) || c >= 0x80) {
            one[0] = (char)c;
            add = one;
        }
        if (!add) {
            sep = 1;
            continue;
        }
        if (sep && o > 0)
            out[o++] = '_';
        sep = 0;
        size_t k = strlen(add);
        memcpy(out + o, add, k);
        o += k;
    }
    out[o] = '\0';
    free(n);
    return out;
}

/* Whether the normalised label is one of the words. */
static int is_one_of(const char *nlabel, const char *const *words)
{
    for (size_t i = 0; words[i]; i++)
        if (strcmp(nlabel, words[i]) == 0)
            return 1;
    return 0;
}

static int starts_with(const char *s, const char *p)
{
    return strncmp(s, p, strlen(p)) == 0;
}

/* What a row label names: a base of some kind, or PK_BANNER_BASE_NONE. */
int pk_banner_base_kind(const char *nlabel)
{
    if (strstr(nlabel, "unweighted"))
        return PK_BANNER_BASE_UNWEIGHTED;
    if (strstr(nlabel, "effective base") || strstr(nlabel, "effective sample"))
        return PK_BANNER_BASE_EFFECTIVE;
    if (strstr(nlabel, "efficiency"))
        return PK_BANNER_BASE_EFFICIENCY;
    if ((strstr(nlabel, "weighted") && (strstr(nlabel, "base") || strstr(nlabel, "sample") ||
                                         strstr(nlabel, "total"))))
        return PK_BANNER_BASE_WEIGHTED;
    static const char *const plain[] = {"base", "sample size", "n", "respondents",
                                        "total respondents", "number of respondents", NULL};
    if (is_one_of(nlabel, plain) || starts_with(nlabel, "base:") || starts_with(nlabel, "base ("))
        return PK_BANNER_BASE_PLAIN;
    return PK_BANNER_BASE_NONE;
}

int pk_banner_is_table_row(const char *const *cells, size_t n)
{
    size_t i = 0;
    while (i < n && cells[i][0] == '\0')
        i++;
    if (i == n)
        return 0;
    char *lab = pk_banner_norm(cells[i]);
    int base = lab && pk_banner_base_kind(lab) != PK_BANNER_BASE_NONE;
    free(lab);
    for (size_t k = i + 1; base && k < n; k++) {
        double v;
        if (pk_number_parse(cells[k], &v) == 0)
            return 1;
    }
    return 0;
}

const char *pk_banner_qnumber(const char *title)
{
    const char *p = title;
    while (*p == ' ')
        p++;
    if (strncasecmp(p, "table ", 6) == 0)
        p += 6;
    while (*p == ' ')
        p++;
    return (p[0] == 'Q' || p[0] == 'q') && isdigit((unsigned char)p[1]) ? p : NULL;
}

/* Rows of summary statistics that are not answers. */
int pk_banner_is_statistic(const char *nlabel)
{
    static const char *const words[] = {"mean", "average", "median", "mode", "standard deviation",
                                        "std dev", "std. dev", "std. dev.", "std deviation",
                                        "standard error", "std err", "std. err", "std. error",
                                        "variance", "sum", "total", "column total", "sigma",
                                        NULL};
    return is_one_of(nlabel, words) || starts_with(nlabel, "mean ") ||
           starts_with(nlabel, "mean:") || starts_with(nlabel, "median ") ||
           strstr(nlabel, "design effect") != NULL;
}

/* Whether nlabel is one of words, each normalised as labels are. */
static int is_word_of(const char *nlabel, const char *const *words, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char *w = pk_banner_norm(words[i]);
        int same = w && strcmp(w, nlabel) == 0;
        free(w);
        if (same)
            return 1;
    }
    return 0;
}

int pk_banner_mean_kind(const pk_banner *b, const char *nlabel)
{
    static const char *const mean[] = {"mean", "mean score", "mean rating", "average",
                                       "average score", "average rating", NULL};
    static const char *const sd[] = {"standard deviation", "std dev", "std. dev", "std. dev.",
                                     "std deviation", "sd", "s.d.", NULL};
    if (is_one_of(nlabel, mean) || starts_with(nlabel, "mean (") || starts_with(nlabel, "average (") ||
        is_word_of(nlabel, b->o.mean_words, b->o.nmean_words))
        return PK_BANNER_STAT_MEAN;
    if (is_one_of(nlabel, sd) || is_word_of(nlabel, b->o.sd_words, b->o.nsd_words))
        return PK_BANNER_STAT_SD;
    return PK_BANNER_STAT_NONE;
}

/* Labels of an unlabelled companion row that some tables do print. */
int pk_banner_is_companion_label(const char *nlabel)
{
    static const char *const words[] = {"%", "col %", "column %", "col%", "column%", "count",
                                        "counts", "weighted count", "n", "freq", "frequency",
                                        NULL};
    return is_one_of(nlabel, words);
}

int pk_banner_is_total_label(const char *nlabel)
{
    static const char *const words[] = {"total", "all", "all adults", "all respondents",
                                        "total sample", "all gb adults", "gb adults", NULL};
    return is_one_of(nlabel, words);
}

/* A cell of significance letters: letters, with spaces or commas between. */
int pk_banner_sig_like(const char *s)
{
    int letters = 0;
    for (const char *p = s; *p; p++) {
        if (isalpha((unsigned char)*p))
            letters++;
        else if (*p != ' ' && *p != ',' && *p != '\t')
            return 0;
    }
    return letters > 0;
}

/* A column letter: "A", "(A)", "AB", "(AB)". Its letters go to out. */
int pk_banner_letter_like(const char *s, char out[4])
{
    const char *p = s;
    int paren = *p == '(';
    if (paren)
        p++;
    size_t k = 0;
    while (isupper((unsigned char)p[k]) && k < 3)
        k++;
    if (k == 0 || k > 2)
        return 0;
    if (paren ? (p[k] != ')' || p[k + 1] != '\0') : p[k] != '\0')
        return 0;
    memcpy(out, p, k);
    out[k] = '\0';
    return 1;
}

void pk_banner_parse_cell(const char *raw, pk_banner_cell *c)
{
    memset(c, 0, sizeof *c);
    char *t = raw ? pk_banner_norm(raw) : NULL;
    if (!t || !*t) {
        c->kind = PK_BANNER_CELL_EMPTY;
        free(t);
        return;
    }
    if (strcmp(t, "*") == 0) {
        c->kind = PK_BANNER_CELL_STAR;
    } else if (strcmp(t, "-") == 0 || strcmp(t, "--") == 0) {
        c->kind = PK_BANNER_CELL_DASH;
    } else {
        char *s = t;
        int less = 0;
        if (*s == '<') {
            less = 1;
            s++;
            while (*s == ' ')
                s++;
        }
        size_t len = strlen(s);
        if (len > 0 && s[len - 1] == '%') {
            c->pct = 1;
            s[--len] = '\0';
            while (len > 0 && s[len - 1] == ' ')
                s[--len] = '\0';
        }
        const char *dot = strchr(s, '.');
        if (dot)
            c->decimals = (int)strspn(dot + 1, "0123456789");
        if (len == 0 || pk_number_parse(s, &c->v) != 0 || strchr(s, 'e') || strchr(s, 'x'))
            c->kind = PK_BANNER_CELL_BAD;
        else
            c->kind = less ? PK_BANNER_CELL_LESS : PK_BANNER_CELL_NUM;
        if (less && c->kind == PK_BANNER_CELL_LESS && !(c->v > 0))
            c->kind = PK_BANNER_CELL_BAD;
    }
    free(t);
}

/* A base figure: a number, possibly with thousands separators. */
int pk_banner_parse_base(const char *raw, double *v, int *is_pct)
{
    char *t = raw ? pk_banner_norm(raw) : NULL;
    if (!t)
        return -1;
    size_t len = strlen(t);
    *is_pct = 0;
    if (len > 0 && t[len - 1] == '%') {
        *is_pct = 1;
        t[--len] = '\0';
    }
    /* "1,774": commas only between groups of three digits */
    char *w = t;
    for (char *p = t; *p; p++) {
        if (*p == ',' && p > t && isdigit((unsigned char)p[-1]) &&
            strspn(p + 1, "0123456789") == 3 &&
            !isdigit((unsigned char)p[4]))
            continue;
        *w++ = *p;
    }
    *w = '\0';
    int r = *t && pk_number_parse(t, v) == 0 && !strchr(t, 'e') && !strchr(t, 'x') ? 0 : -1;
    free(t);
    return r;
}

/* The column's name in messages: its label, with the break when the label
 * is not unique in the question. */
const char *pk_banner_col_name(const pk_banner_q *q, const pk_banner_col *c, char *buf, size_t n)
{
    int dup = 0;
    for (size_t i = 0; i < q->ncols; i++)
        if (&q->cols[i] != c && strcmp(q->cols[i].group_label, c->group_label) == 0)
            dup = 1;
    if (dup && c->brk && *c->brk)
        snprintf(buf, n, "%s/%s", c->brk, c->label);
    else
        snprintf(buf, n, "%s", c->label);
    return buf;
}

int pk_banner_cell_error(pk_banner *b, const pk_banner_q *q, long line, const pk_banner_col *c, pk_err *err,
                      const char *fmt, const char *value)
{
    char name[256], v[128];
    pk_banner_col_name(q, c, name, sizeof name);
    char msg[512];
    if (!value)
        value = "";
    snprintf(msg, sizeof msg, fmt, pk_err_quote(v, sizeof v, value, strlen(value)));
    return pk_err_set(err, PK_ERR_DATA, "%s:%ld:%s: %s", b->name, line, name, msg);
}

void pk_banner_free(pk_banner *b)
{
    if (!b)
        return;
    for (size_t i = 0; i < b->nstrs; i++)
        free(b->strs[i]);
    pk_util_hindex_free(&b->str_ix);
    free(b->strs);
    for (size_t i = 0; i < b->nnotes; i++)
        free(b->notes[i]);
    free(b->notes);
    pk_util_nameset_free(&b->qcodes);
    free(b->rows);
    free(b->last_cols);
    free(b->last_cols_text);
    free(b->last_answers_text);
    free(b->last_layout);
    free(b);
}

size_t pk_banner_nnotes(const pk_banner *b)
{
    return b->nnotes;
}

const char *pk_banner_note(const pk_banner *b, size_t i)
{
    return i < b->nnotes ? b->notes[i] : NULL;
}

size_t pk_banner_nrows(const pk_banner *b)
{
    return b->nrows;
}

const pk_support_table_row *pk_banner_row_at(const pk_banner *b, size_t i)
{
    return i < b->nrows ? &b->rows[i] : NULL;
}
