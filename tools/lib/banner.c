/* Reading a published banner table into support-table rows (see banner.h).
 *
 * The reader goes through the records once, keeping the current question:
 * a line with text in its first cell only is a title (or, before the
 * question's header, a note such as "Base: All adults"); lines with an
 * empty first cell before the bases are the header; rows named like bases
 * are bases; other labelled rows with figures are answers; an unlabelled
 * row right under an answer is its companion (counts or percentages) or
 * its significance letters. Bases or a header after the answers start the
 * next question, which keeps the previous question's columns when it
 * prints no header of its own. Each question is finished (convention,
 * kinds, design effect, estimates) as soon as the next one starts. */
#include "banner.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "number.h"
#include "scale_guess.h"
#include "textnorm.h"
#include "util.h"

/* A column of the banner. */
typedef struct bcol {
    size_t field;             /* index in the record */
    char *brk, *label, *by, *group, *group_label, *letter;
    int is_total;
    long n;                   /* unweighted base; -1 when not printed */
    double wbase, eff, efficiency;   /* NaN when not printed */
    double deff;
    const char *deff_source;
} bcol;

/* A cell as printed. */
enum cell_kind { CELL_EMPTY, CELL_NUM, CELL_STAR, CELL_DASH, CELL_LESS, CELL_BAD };
typedef struct cell {
    enum cell_kind kind;
    double v;                 /* CELL_NUM: the number; CELL_LESS: the bound */
    int pct;                  /* written with a % sign */
    int decimals;
} cell;

/* An answer row (with its companion and significance rows). */
typedef struct brow {
    char *label;
    long line;
    char **txt, **alt, **sig;  /* per column; alt/sig NULL when absent */
    long alt_line;
    int counts_on_label;       /* the labelled row holds counts */
    cell *c;                   /* the percentage cells, per column */
    long pct_line;
    double *share;             /* per column; NaN when the column has n = 0 */
    int is_net, is_score;
    enum pk_side side;
    const char *kind;
    char *code;
} brow;

typedef struct hdr {
    char **cells;
    size_t n;
    long line;
} hdr;

typedef struct bq {
    char *title;
    long line;
    hdr *hdr;
    size_t nhdr, hcap;
    bcol *cols;
    size_t ncols;
    size_t *col_at;           /* field -> index in cols, SIZE_MAX for none */
    size_t nfields;           /* fields col_at covers */
    uint32_t letters;         /* bit k: 'A'+k is in some column's letter */
    size_t letter_step;       /* 2 when column letters run past Z, else 1 */
    int inherited;
    long base_line[4];        /* unweighted, weighted, effective, efficiency */
    char *base_label[4];
    long plain_line;          /* a row named "Base" alone */
    char *plain_label;
    long *plain_n;
    brow *rows;
    size_t nrows, rcap;
    int has_body;
    size_t nsig, nignored;
    int pct_row;              /* a row of "%" said the figures are percentages */
    size_t note_from;         /* the banner's notes from here on are this question's */
} bq;

enum { B_UNWEIGHTED, B_WEIGHTED, B_EFFECTIVE, B_EFFICIENCY, B_PLAIN, B_NONE };
/* What the previous line was, for placing an unlabelled line under it. */
enum prev { P_NONE, P_TITLE, P_HEADER, P_BASE, P_ROW, P_OTHER };

struct pk_banner {
    pk_banner_opts o;
    const char *name;
    char **strs;               /* every string the rows point to */
    size_t nstrs, scap;
    char **notes;
    size_t nnotes, ncap;
    pk_support_table_row *rows;
    size_t nrows, rcap;
    bcol *last_cols;           /* the previous question's columns */
    size_t nlast;
    char *last_cols_text;      /* its columns note, to say "as above" */
    char *last_answers_text;   /* likewise its answers */
    pk_err_list assumed;       /* questions whose design effect is assumed */
    size_t nquestions;
    pk_util_nameset qcodes;    /* the question codes given so far */
};

/* ---- small helpers ---- */

static char *keep(pk_banner *b, char *s)
{
    if (!s)
        return NULL;
    if (pk_util_grow((void **)&b->strs, &b->scap, b->nstrs + 1, sizeof *b->strs)) {
        free(s);
        return NULL;
    }
    b->strs[b->nstrs++] = s;
    return s;
}

static char *kdup(pk_banner *b, const char *s)
{
    return keep(b, strdup(s ? s : ""));
}

static int oom(pk_banner *b, pk_err *err)
{
    return pk_err_set(err, PK_ENOMEM, "%s: out of memory", b->name);
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

static int note(pk_banner *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int note(pk_banner *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = vnote_at(b, b->nnotes, fmt, ap);
    va_end(ap);
    return r;
}

/* The same, inserted at position at. */
static int note_insert(pk_banner *b, size_t at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int note_insert(pk_banner *b, size_t at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = vnote_at(b, at, fmt, ap);
    va_end(ap);
    return r;
}

static char *trim_dup(const char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    return strndup(s, n);
}

static int blank(const char *s)
{
    return !s || s[strspn(s, " \t")] == '\0';
}

/* textnorm's form of s (lower case, spaces collapsed, typographic marks
 * made ASCII) in a new string. */
static char *norm(const char *s)
{
    pk_textnorm_buf nb = {0};
    if (pk_textnorm(&nb, s, strlen(s)) != 0)
        return NULL;
    return nb.s;
}

char *pk_banner_slug(const char *s)
{
    char *n = norm(s);
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

/* What a row label names: a base of some kind, or B_NONE. */
static int base_kind(const char *nlabel)
{
    if (strstr(nlabel, "unweighted"))
        return B_UNWEIGHTED;
    if (strstr(nlabel, "effective base") || strstr(nlabel, "effective sample"))
        return B_EFFECTIVE;
    if (strstr(nlabel, "efficiency"))
        return B_EFFICIENCY;
    if ((strstr(nlabel, "weighted") && (strstr(nlabel, "base") || strstr(nlabel, "sample") ||
                                         strstr(nlabel, "total"))))
        return B_WEIGHTED;
    static const char *const plain[] = {"base", "sample size", "n", "respondents",
                                        "total respondents", "number of respondents", NULL};
    if (is_one_of(nlabel, plain) || starts_with(nlabel, "base:") || starts_with(nlabel, "base ("))
        return B_PLAIN;
    return B_NONE;
}

int pk_banner_is_table_row(const char *const *cells, size_t n)
{
    size_t i = 0;
    while (i < n && cells[i][0] == '\0')
        i++;
    if (i == n)
        return 0;
    char *lab = norm(cells[i]);
    int base = lab && base_kind(lab) != B_NONE;
    free(lab);
    for (size_t k = i + 1; base && k < n; k++) {
        double v;
        if (pk_number_parse(cells[k], &v) == 0)
            return 1;
    }
    return 0;
}

static const char *const base_names[] = {"unweighted base", "weighted base", "effective base",
                                         "weighting efficiency", "base"};

/* Rows of summary statistics that are not answers. */
static int is_statistic(const char *nlabel)
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

/* Labels of an unlabelled companion row that some tables do print. */
static int is_companion_label(const char *nlabel)
{
    static const char *const words[] = {"%", "col %", "column %", "col%", "column%", "count",
                                        "counts", "weighted count", "n", "freq", "frequency",
                                        NULL};
    return is_one_of(nlabel, words);
}

static int is_total_label(const char *nlabel)
{
    static const char *const words[] = {"total", "all", "all adults", "all respondents",
                                        "total sample", "all gb adults", "gb adults", NULL};
    return is_one_of(nlabel, words);
}

/* A cell of significance letters: letters, with spaces or commas between. */
static int sig_like(const char *s)
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
static int letter_like(const char *s, char out[4])
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

static void parse_cell(const char *raw, cell *c)
{
    memset(c, 0, sizeof *c);
    char *t = raw ? norm(raw) : NULL;
    if (!t || !*t) {
        c->kind = CELL_EMPTY;
        free(t);
        return;
    }
    if (strcmp(t, "*") == 0) {
        c->kind = CELL_STAR;
    } else if (strcmp(t, "-") == 0 || strcmp(t, "--") == 0) {
        c->kind = CELL_DASH;
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
            c->kind = CELL_BAD;
        else
            c->kind = less ? CELL_LESS : CELL_NUM;
        if (less && c->kind == CELL_LESS && !(c->v > 0))
            c->kind = CELL_BAD;
    }
    free(t);
}

/* A base figure: a number, possibly with thousands separators. */
static int parse_base(const char *raw, double *v, int *is_pct)
{
    char *t = raw ? norm(raw) : NULL;
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
static const char *col_name(const bq *q, const bcol *c, char *buf, size_t n)
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

static int cell_error(pk_banner *b, const bq *q, long line, const bcol *c, pk_err *err,
                      const char *fmt, const char *value)
{
    char name[256], v[128];
    col_name(q, c, name, sizeof name);
    char msg[512];
    if (!value)
        value = "";
    snprintf(msg, sizeof msg, fmt, pk_err_quote(v, sizeof v, value, strlen(value)));
    return pk_err_set(err, PK_EDATA, "%s:%ld:%s: %s", b->name, line, name, msg);
}

/* ---- questions ---- */

static void hdr_free(hdr *h)
{
    for (size_t i = 0; i < h->n; i++)
        free(h->cells[i]);
    free(h->cells);
}


static void q_free(bq *q)
{
    if (!q)
        return;
    free(q->title);
    for (size_t i = 0; i < q->nhdr; i++)
        hdr_free(&q->hdr[i]);
    free(q->hdr);
    free(q->cols);   /* their strings are the banner's */
    free(q->col_at);
    for (int k = 0; k < 4; k++)
        free(q->base_label[k]);
    free(q->plain_label);
    free(q->plain_n);
    for (size_t i = 0; i < q->nrows; i++) {
        brow *r = &q->rows[i];
        for (size_t j = 0; j < q->ncols; j++) {
            free(r->txt ? r->txt[j] : NULL);
            free(r->alt ? r->alt[j] : NULL);
            free(r->sig ? r->sig[j] : NULL);
        }
        free(r->label);
        free(r->txt);
        free(r->alt);
        free(r->sig);
        free(r->c);
        free(r->share);
    }
    free(q->rows);
    free(q);
}

static bq *q_new(const char *title, long line)
{
    bq *q = calloc(1, sizeof *q);
    if (!q)
        return NULL;
    q->line = line;
    q->plain_line = -1;
    for (int k = 0; k < 4; k++)
        q->base_line[k] = -1;
    if (title && !(q->title = trim_dup(title))) {
        free(q);
        return NULL;
    }
    return q;
}

static bq *q_start(pk_banner *b, const char *title, long line)
{
    bq *q = q_new(title, line);
    if (q)
        q->note_from = b->nnotes;
    return q;
}

static int add_header(bq *q, pk_csv_reader *r)
{
    if (pk_util_grow((void **)&q->hdr, &q->hcap, q->nhdr + 1, sizeof *q->hdr))
        return -1;
    hdr *h = &q->hdr[q->nhdr];
    h->n = pk_csv_reader_nfields(r);
    h->line = pk_csv_reader_line(r);
    h->cells = calloc(h->n ? h->n : 1, sizeof *h->cells);
    if (!h->cells)
        return -1;
    q->nhdr++;
    for (size_t i = 0; i < h->n; i++)
        if (!(h->cells[i] = trim_dup(pk_csv_reader_field(r, i))))
            return -1;
    return 0;
}

static int header_letters_row(const hdr *h, int *any)
{
    *any = 0;
    for (size_t j = 1; j < h->n; j++) {
        char l[4];
        if (!*h->cells[j])
            continue;
        if (!letter_like(h->cells[j], l))
            return 0;
        *any = 1;
    }
    return *any;
}

/* Work out the question's columns from its header rows, or take the
 * previous question's. */
/* A column's break and group codes. Under a break, the break's slug and
 * the column's, unique within the break ("group", "group_2", "group_3"
 * for three columns all named "Group"). Without one, the column is its
 * own break: its code is unique among the question's breaks, and its
 * group has the same code, so that two columns printed alike stay two
 * groups of two breaks. bys and groups hold the codes given so far (the
 * groups as "BY\x1fGROUP"). Returns 0, or -1 when memory runs out. */
static int name_column(pk_banner *b, bcol *c, size_t j, pk_util_nameset *bys,
                       pk_util_nameset *groups)
{
    char fallback[32];
    snprintf(fallback, sizeof fallback, "col%zu", j + 1);
    char *by = pk_banner_slug(*c->brk ? c->brk : c->label);
    if (by && !*by) {
        free(by);
        by = strdup(fallback);
    }
    if (by && *c->brk) {
        if (pk_util_nameset_add(bys, by) != 0) {
            free(by);
            by = NULL;
        }
    } else if (by) {
        char *u = pk_util_nameset_unique(bys, by, "_");
        free(by);
        by = u;
    }
    if (!by || !(c->by = keep(b, by)))
        return -1;
    char *g = *c->brk ? pk_banner_slug(c->label) : strdup(c->by);
    char *key = NULL;
    if (g && asprintf(&key, "%s\x1f%s", c->by, *g ? g : fallback) < 0)
        key = NULL;
    free(g);
    char *u = key ? pk_util_nameset_unique(groups, key, "_") : NULL;
    free(key);
    if (!u)
        return -1;
    c->group = kdup(b, strchr(u, '\x1f') + 1);
    free(u);
    return c->group ? 0 : -1;
}

/* Once the columns are known: the column of each field of a record (so
 * that a record's fields are placed in constant time each), the letters
 * the columns carry and whether they run past Z (two letters a column).
 * Returns 0, or -1 when memory runs out. */
static int index_columns(bq *q)
{
    size_t nf = 0;
    for (size_t i = 0; i < q->ncols; i++)
        if (q->cols[i].field + 1 > nf)
            nf = q->cols[i].field + 1;
    free(q->col_at);
    q->col_at = malloc((nf ? nf : 1) * sizeof *q->col_at);
    if (!q->col_at)
        return -1;
    for (size_t j = 0; j < nf; j++)
        q->col_at[j] = SIZE_MAX;
    q->nfields = nf;
    q->letters = 0;
    q->letter_step = 1;
    for (size_t i = 0; i < q->ncols; i++) {
        q->col_at[q->cols[i].field] = i;
        const char *l = q->cols[i].letter;
        for (const char *p = l; p && *p; p++)
            if (*p >= 'A' && *p <= 'Z')
                q->letters |= (uint32_t)1 << (*p - 'A');
        if (l && strlen(l) == 2)
            q->letter_step = 2;
    }
    return 0;
}

static int resolve_columns(pk_banner *b, bq *q, long line, pk_err *err)
{
    if (q->cols)
        return 0;
    if (q->nhdr == 0) {
        if (!b->last_cols)
            return pk_err_set(err, PK_EDATA,
                              "%s:%ld: figures before any column heading: a banner needs a row "
                              "of group names (such as Total, Male, Female) above its bases",
                              b->name, line);
        q->cols = malloc(b->nlast * sizeof *q->cols);
        if (!q->cols)
            return oom(b, err);
        memcpy(q->cols, b->last_cols, b->nlast * sizeof *q->cols);
        q->ncols = b->nlast;
        for (size_t i = 0; i < q->ncols; i++) {
            q->cols[i].n = -1;
            q->cols[i].wbase = q->cols[i].eff = q->cols[i].efficiency = NAN;
        }
        q->inherited = 1;
        return index_columns(q) == 0 ? 0 : oom(b, err);
    }
    /* Letters rows, then the group row (the last other row), the break row
     * above it; any rows above those are notes. */
    const hdr *letters = NULL, *groups = NULL, *breaks = NULL;
    for (size_t k = q->nhdr; k-- > 0;) {
        int any;
        if (!groups && k > 0 && header_letters_row(&q->hdr[k], &any)) {
            letters = &q->hdr[k];
            continue;
        }
        if (!groups) {
            groups = &q->hdr[k];
        } else if (!breaks) {
            breaks = &q->hdr[k];
        } else if (note(b, "  ignored header line %ld", q->hdr[k].line)) {
            return oom(b, err);
        }
    }
    size_t width = groups->n;
    if (breaks && breaks->n > width)
        width = breaks->n;
    q->cols = calloc(width ? width : 1, sizeof *q->cols);
    if (!q->cols)
        return oom(b, err);
    const char *carry = "";
    int no_breaks = 1;
    pk_util_nameset bys = {0}, groups_seen = {0};
    for (size_t j = 1; j < width; j++) {
        const char *g = j < groups->n ? groups->cells[j] : "";
        const char *br = breaks && j < breaks->n ? breaks->cells[j] : "";
        if (*br)
            carry = br;
        if (!*g && !*br)
            continue;
        bcol *c = &q->cols[q->ncols++];
        c->field = j;
        c->n = -1;
        c->wbase = c->eff = c->efficiency = NAN;
        const char *label = *g ? g : br;
        /* "Male (B)": a column letter inside the name */
        char l[4] = "";
        const char *open = strrchr(label, '(');
        char *own_label = NULL;
        if (open && open > label && letter_like(open, l)) {
            size_t k = (size_t)(open - label);
            while (k > 0 && label[k - 1] == ' ')
                k--;
            own_label = strndup(label, k);
        } else {
            own_label = strdup(label);
        }
        if (!own_label || !(c->label = keep(b, own_label)))
            goto nomem;
        char *nl = norm(c->label);
        if (!nl)
            goto nomem;
        c->is_total = is_total_label(nl);
        free(nl);
        if (letters && j < letters->n && *letters->cells[j])
            letter_like(letters->cells[j], l);
        if (!(c->letter = kdup(b, l)))
            goto nomem;
        c->brk = kdup(b, *g ? carry : "");
        if (!c->brk)
            goto nomem;
        if (c->is_total) {
            c->by = kdup(b, "");
            c->group = kdup(b, "All");
            c->group_label = kdup(b, "All");
        } else {
            if (*c->brk)
                no_breaks = 0;
            c->group_label = kdup(b, c->label);
            if (name_column(b, c, j, &bys, &groups_seen) != 0)
                goto nomem;
        }
        if (!c->by || !c->group || !c->group_label)
            goto nomem;
    }
    pk_util_nameset_free(&bys);
    pk_util_nameset_free(&groups_seen);
    if (q->ncols == 0)
        return pk_err_set(err, PK_EDATA, "%s:%ld: the header names no columns", b->name,
                          groups->line);
    if (index_columns(q) != 0 ||
        (no_breaks && q->ncols > 1 &&
         note(b, "  no break names above the groups: each column is its own break, so groups "
                 "cannot be compared with each other")))
        return oom(b, err);
    return 0;
nomem:
    pk_util_nameset_free(&bys);
    pk_util_nameset_free(&groups_seen);
    return oom(b, err);
}

static bcol *col_of_field(bq *q, size_t field)
{
    return field < q->nfields && q->col_at[field] != SIZE_MAX ? &q->cols[q->col_at[field]] : NULL;
}

/* Check that the record has nothing outside the question's columns. */
static int check_fields(pk_banner *b, bq *q, pk_csv_reader *r, pk_err *err)
{
    size_t nf = pk_csv_reader_nfields(r);
    for (size_t j = 1; j < nf; j++)
        if (!blank(pk_csv_reader_field(r, j)) && !col_of_field(q, j)) {
            char v[128];
            const char *s = pk_csv_reader_field(r, j);
            return pk_err_set(err, PK_EDATA,
                              "%s:%ld:column %zu: '%s' is in a column with no heading above it",
                              b->name, pk_csv_reader_line(r), j + 1,
                              pk_err_quote(v, sizeof v, s, strlen(s)));
        }
    return 0;
}

static char **copy_cells(bq *q, pk_csv_reader *r)
{
    char **v = calloc(q->ncols ? q->ncols : 1, sizeof *v);
    if (!v)
        return NULL;
    for (size_t i = 0; i < q->ncols; i++) {
        const char *s = pk_csv_reader_field(r, q->cols[i].field);
        if (!(v[i] = trim_dup(s ? s : ""))) {
            for (size_t k = 0; k < i; k++)
                free(v[k]);
            free(v);
            return NULL;
        }
    }
    return v;
}

static int read_base(pk_banner *b, bq *q, pk_csv_reader *r, int kind, const char *label,
                     pk_err *err)
{
    long line = pk_csv_reader_line(r);
    if (check_fields(b, q, r, err))
        return err->status;
    int slot = kind == B_PLAIN ? -1 : kind;
    if (slot >= 0 && q->base_line[slot] >= 0)
        return pk_err_set(err, PK_EDATA, "%s:%ld: a second %s row in one question (the first is "
                          "on line %ld)", b->name, line, base_names[kind], q->base_line[slot]);
    if (kind == B_PLAIN) {
        if (q->plain_line >= 0)
            return pk_err_set(err, PK_EDATA, "%s:%ld: a second base row in one question (the first "
                              "is on line %ld)", b->name, line, q->plain_line);
        q->plain_line = line;
        if (!(q->plain_label = strdup(label)) ||
            !(q->plain_n = malloc((q->ncols ? q->ncols : 1) * sizeof *q->plain_n)))
            return oom(b, err);
    } else {
        q->base_line[slot] = line;
        if (!(q->base_label[slot] = strdup(label)))
            return oom(b, err);
    }
    for (size_t i = 0; i < q->ncols; i++) {
        bcol *c = &q->cols[i];
        const char *s = pk_csv_reader_field(r, c->field);
        if (kind == B_PLAIN)
            q->plain_n[i] = -1;
        if (blank(s))
            continue;
        double v;
        int is_pct;
        if (parse_base(s, &v, &is_pct) != 0 || (is_pct && kind != B_EFFICIENCY))
            return cell_error(b, q, line, c, err, "not a number: '%s'", s);
        switch (kind) {
        case B_UNWEIGHTED:
        case B_PLAIN:
            if (v < 0 || v != floor(v) || v > 1e12)
                return cell_error(b, q, line, c, err,
                                  "an unweighted base must be a whole number of respondents, "
                                  "not '%s'", s);
            if (kind == B_PLAIN)
                q->plain_n[i] = (long)v;
            else
                c->n = (long)v;
            break;
        case B_WEIGHTED:
            if (v < 0)
                return cell_error(b, q, line, c, err, "a negative weighted base: '%s'", s);
            c->wbase = v;
            break;
        case B_EFFECTIVE:
            if (!(v > 0))
                return cell_error(b, q, line, c, err,
                                  "an effective base must be positive, not '%s'",
                                  s);
            c->eff = v;
            break;
        case B_EFFICIENCY:
            if (is_pct || v > 1)
                v /= 100;
            if (!(v > 0 && v <= 1))
                return cell_error(b, q, line, c, err,
                                  "a weighting efficiency is between 0 and 100%%, not '%s'", s);
            c->efficiency = v;
            break;
        }
    }
    q->has_body = 1;
    return 0;
}

static brow *add_row(bq *q)
{
    if (pk_util_grow((void **)&q->rows, &q->rcap, q->nrows + 1, sizeof *q->rows))
        return NULL;
    brow *row = &q->rows[q->nrows++];
    memset(row, 0, sizeof *row);
    return row;
}

/* ---- finishing a question ---- */

/* Decide which of an answer's two rows holds the percentages. */
static void resolve_pair(bq *q, brow *r)
{
    size_t n = q->ncols;
    int pct_label = 0, pct_alt = 0;
    cell *a = calloc(n ? n : 1, sizeof *a), *c = calloc(n ? n : 1, sizeof *c);
    if (!a || !c) {
        free(a);
        free(c);
        return;
    }
    for (size_t j = 0; j < n; j++) {
        parse_cell(r->txt[j], &a[j]);
        parse_cell(r->alt[j], &c[j]);
        pct_label |= a[j].pct;
        pct_alt |= c[j].pct;
    }
    int label_is_counts;
    if (pct_label != pct_alt) {
        label_is_counts = pct_alt;
    } else {
        /* Whichever reading makes counts = share x base fit better. */
        double e[2] = {0, 0};
        for (int k = 0; k < 2; k++) {
            const cell *X = k == 0 ? a : c, *Y = k == 0 ? c : a;
            double ymax = 0, tot = 0;
            for (size_t j = 0; j < n; j++)
                if (Y[j].kind == CELL_NUM && fabs(Y[j].v) > ymax)
                    ymax = fabs(Y[j].v);
            double u = ymax > 1 ? 100 : 1;
            for (size_t j = 0; j < n; j++) {
                double w = !isnan(q->cols[j].wbase) ? q->cols[j].wbase : (double)q->cols[j].n;
                if (X[j].kind != CELL_NUM || Y[j].kind != CELL_NUM || !(w > 0))
                    continue;
                e[k] += fabs(X[j].v - Y[j].v / u * w);
                tot += w;
            }
            e[k] = tot > 0 ? e[k] / tot : INFINITY;
        }
        label_is_counts = e[0] <= e[1];
    }
    r->counts_on_label = label_is_counts;
    if (label_is_counts) {
        char **t = r->txt;
        r->txt = r->alt;
        r->alt = t;
        r->pct_line = r->alt_line;
    }
    free(a);
    free(c);
}

static const char *kind_of(const brow *r)
{
    if (r->is_score)
        return "net_score";
    if (r->is_net)
        return r->side == PK_SIDE_POSITIVE ? "net_positive"
               : r->side == PK_SIDE_NEGATIVE ? "net_negative" : "net";
    switch (r->side) {
    case PK_SIDE_POSITIVE: return "positive";
    case PK_SIDE_NEGATIVE: return "negative";
    case PK_SIDE_NEUTRAL: return "neutral";
    case PK_SIDE_DONT_KNOW: return "dont_know";
    default: return "nominal";
    }
}

/* The net's code: its label's slug without the net mark ("NET: Support"
 * is support); the net score is net. */
static char *net_code(const brow *r)
{
    if (r->is_score)
        return strdup("net");
    char *s = pk_banner_slug(r->label);
    if (!s)
        return NULL;
    static const char *const marks[] = {"net_", "nett_", "total_", "any_"};
    for (size_t k = 0; k < sizeof marks / sizeof marks[0]; k++) {
        size_t m = strlen(marks[k]);
        if (strncmp(s, marks[k], m) == 0 && s[m]) {
            memmove(s, s + m, strlen(s + m) + 1);
            break;
        }
    }
    size_t len = strlen(s);
    if (len > 4 && strcmp(s + len - 4, "_net") == 0)
        s[len - 4] = '\0';
    return s;
}

/* A net's label without the banner's mark: "NET: Support" is labelled
 * "Support" (its kind says it is a net), as charts and sentences show it. */
static const char *net_label(const char *label)
{
    const char *p = label;
    while (*p == ' ')
        p++;
    size_t k = strncasecmp(p, "nett", 4) == 0 ? 4 : strncasecmp(p, "net", 3) == 0 ? 3 : 0;
    if (!k)
        return label;
    const char *q = p + k;
    while (*q == ' ')
        q++;
    if (*q != ':' && *q != '-')
        return label;
    q++;
    while (*q == ' ')
        q++;
    return *q ? q : label;
}

/* Each answer row's code, unique in the question: its slug (a net's code
 * for a net), else its whole label's slug, else the slug numbered
 * ("yes_2"), or "answer_1"... for a label with no letters. */
static int set_codes(pk_banner *b, bq *q)
{
    pk_util_nameset used = {0};
    int rc = 0;
    for (size_t i = 0; i < q->nrows && rc == 0; i++) {
        brow *r = &q->rows[i];
        char *c = r->is_net ? net_code(r) : pk_banner_slug(r->label);
        char *full = c ? pk_banner_slug(r->label) : NULL;
        char *u = NULL;
        if (!c || !full)
            u = NULL;
        else if (*c && !pk_util_nameset_has(&used, c))
            u = pk_util_nameset_unique(&used, c, "_");
        else if (*full && !pk_util_nameset_has(&used, full))
            u = pk_util_nameset_unique(&used, full, "_");
        else
            u = pk_util_nameset_numbered(&used, *c ? c : "answer", "_", *c ? 2 : 1);
        free(c);
        free(full);
        if (!u || !(r->code = keep(b, u)))
            rc = -1;
    }
    pk_util_nameset_free(&used);
    return rc;
}

/* Whether a title starts with a question number: "Q7_1.", "Table Q3:". */
static int has_qnumber(const char *title)
{
    const char *p = title;
    while (*p == ' ')
        p++;
    if (strncasecmp(p, "table ", 6) == 0)
        p += 6;
    while (*p == ' ')
        p++;
    return (p[0] == 'Q' || p[0] == 'q') && isdigit((unsigned char)p[1]);
}

static char *question_code(pk_banner *b, const char *title, char **label_out)
{
    /* "Q7_1. Wording", "Table Q7_1. Wording", "Q3: Wording": code q7_1. */
    const char *p = title;
    while (*p == ' ')
        p++;
    if (strncasecmp(p, "table ", 6) == 0)
        p += 6;
    while (*p == ' ')
        p++;
    char *code = NULL;
    if ((p[0] == 'Q' || p[0] == 'q') && isdigit((unsigned char)p[1])) {
        size_t k = 1;
        while (isalnum((unsigned char)p[k]) || p[k] == '_' ||
               (p[k] == '.' && isalnum((unsigned char)p[k + 1])))
            k++;
        char *raw = strndup(p, k);
        if (!raw)
            return NULL;
        code = pk_banner_slug(raw);
        free(raw);
        const char *rest = p + k;
        while (*rest == ' ' || *rest == '.' || *rest == ':' || *rest == '-' || *rest == ')')
            rest++;
        *label_out = strdup(*rest ? rest : title);
    } else {
        code = pk_banner_slug(title);
        /* a long title: its first words, cut at an underscore */
        if (code && strlen(code) > 40) {
            size_t cut = 40;
            while (cut > 10 && code[cut] != '_')
                cut--;
            code[cut] = '\0';
        }
        *label_out = strdup(title);
    }
    if (!code || !*label_out) {
        free(code);
        free(*label_out);
        return NULL;
    }
    if (!*code) {
        free(code);
        code = strdup("q");
    }
    /* unique in the file: q1, q1_2, q1_3... */
    char *c = pk_util_nameset_unique(&b->qcodes, code, "_");
    free(code);
    if (!c) {
        free(*label_out);
        *label_out = NULL;
    }
    return c;
}

/* Format a share for notes: "52%" or "0.52". */
static void unit_text(double unit, int decimals, char *buf, size_t n)
{
    snprintf(buf, n, unit == 100 ? "%g%%" : "%g", 0.5 * pow(10, -decimals));
}

static int push_row(pk_banner *b, const pk_support_table_row *row)
{
    if (pk_util_grow((void **)&b->rows, &b->rcap, b->nrows + 1, sizeof *b->rows))
        return -1;
    b->rows[b->nrows++] = *row;
    return 0;
}

/* What finishing a question works out once and its steps share. */
typedef struct qfin {
    const char *code, *label;   /* the question's */
    long line;                  /* its first line */
    double unit;                /* 100: percentages; 1: proportions */
    int decimals;               /* the most decimals printed */
} qfin;


/* Note head + the text sb holds, or head + as_above when it is what the
 * last such note said; *last keeps the text (and takes sb's). */
static int note_unless_repeated(pk_banner *b, char **last, pk_util_sbuf *sb, const char *head,
                                const char *as_above, pk_err *err)
{
    if (sb->oom) {
        free(sb->s);
        return oom(b, err);
    }
    int same = *last && strcmp(*last, sb->s) == 0;
    if (note(b, "%s%s", head, same ? as_above : sb->s)) {
        free(sb->s);
        return oom(b, err);
    }
    free(*last);
    *last = sb->s;
    return 0;
}
/* The note on the question's columns ("as above" when unchanged). */
static int say_columns(pk_banner *b, bq *q, pk_err *err)
{
    /* A banner may have thousands of columns: the note names the first
     * and counts the rest. */
    pk_err_list l = {.max_names = PK_ERR_LIST_ROOM, .max_chars = PK_ERR_LIST_ROOM};
    const char *brk = NULL;
    for (size_t i = 0; i < q->ncols; i++) {
        const bcol *c = &q->cols[i];
        const char *this_brk = c->is_total ? "" : c->brk;
        int new_brk = i == 0 || strcmp(this_brk, brk) != 0 || !*this_brk;
        pk_err_list_add(&l, new_brk ? "; " : ", ", "%s%s%s%s%s%s",
                        new_brk && *this_brk ? this_brk : "", new_brk && *this_brk ? ": " : "",
                        c->is_total ? "Total (the All group)" : c->label,
                        *c->letter ? " (" : "", c->letter, *c->letter ? ")" : "");
        brk = this_brk;
    }
    pk_util_sbuf sb = {0};
    pk_util_sbuf_add(&sb, pk_err_list_text(&l));
    return note_unless_repeated(b, &b->last_cols_text, &sb,
                                q->inherited ? "  columns (the previous question's): " : "  columns: ",
                                "as above", err);
}

/* n from the unweighted base (or a plain "Base" row), and the note on the
 * bases. */
static int take_bases(pk_banner *b, bq *q, qfin *x, pk_err *err)
{
    int nslot = B_UNWEIGHTED;
    if (q->base_line[B_UNWEIGHTED] < 0) {
        if (q->plain_line < 0)
            return pk_err_set(err, PK_EDATA,
                              "%s:%ld: question %s has no unweighted base: polltable needs a row "
                              "named 'Unweighted base' (or 'Unweighted sample', 'Base "
                              "(unweighted)') for each column's number of respondents",
                              b->name, x->line, x->code);
        for (size_t i = 0; i < q->ncols; i++)
            q->cols[i].n = q->plain_n[i];
        nslot = B_PLAIN;
    }
    long nline = nslot == B_PLAIN ? q->plain_line : q->base_line[B_UNWEIGHTED];
    for (size_t i = 0; i < q->ncols; i++)
        if (q->cols[i].n < 0)
            return cell_error(b, q, nline, &q->cols[i], err,
                              "this column has no unweighted base%s", "");
    pk_util_sbuf sb = {0};
    const char *nlabel = nslot == B_PLAIN ? q->plain_label : q->base_label[B_UNWEIGHTED];
    pk_util_sbuf_addf(&sb, "  bases: '%s' (line %ld) gives n%s", nlabel, nline,
                      nslot == B_PLAIN ? ", taken as the unweighted base" : "");
    static const char *const what[] = {"", "the weighted base", "the effective base",
                                       "the weighting efficiency"};
    for (int k = B_WEIGHTED; k <= B_EFFICIENCY; k++)
        if (q->base_line[k] >= 0)
            pk_util_sbuf_addf(&sb, "; '%s' (line %ld) %s", q->base_label[k], q->base_line[k], what[k]);
    if (q->plain_line >= 0 && nslot != B_PLAIN)
        pk_util_sbuf_addf(&sb, "; '%s' (line %ld) not used", q->plain_label, q->plain_line);
    if (sb.oom || note(b, "%s", sb.s)) {
        free(sb.s);
        return oom(b, err);
    }
    free(sb.s);

    if (q->nrows == 0)
        return pk_err_set(err, PK_EDATA, "%s:%ld: question %s has bases but no answers", b->name,
                          x->line, x->code);
    return 0;
}

/* Which row of an answer's pair holds the percentages, the cells read,
 * and the convention (percentages or proportions, and the rounding). */
static int read_cells(pk_banner *b, bq *q, qfin *x, pk_err *err)
{
    size_t npairs = 0, counts_on_label = 0;
    for (size_t i = 0; i < q->nrows; i++) {
        brow *r = &q->rows[i];
        r->pct_line = r->line;
        if (r->alt) {
            resolve_pair(q, r);
            npairs++;
            counts_on_label += (size_t)r->counts_on_label;
        }
        if (!(r->c = calloc(q->ncols ? q->ncols : 1, sizeof *r->c)) ||
            !(r->share = calloc(q->ncols ? q->ncols : 1, sizeof *r->share)))
            return oom(b, err);
        for (size_t j = 0; j < q->ncols; j++)
            parse_cell(r->txt[j], &r->c[j]);
    }
    int any_pct = 0, above_one = 0, decimals = 0, stars = 0, dashes = 0, less = 0;
    for (size_t i = 0; i < q->nrows; i++)
        for (size_t j = 0; j < q->ncols; j++) {
            const cell *c = &q->rows[i].c[j];
            if (c->kind == CELL_BAD)
                return cell_error(b, q, q->rows[i].pct_line, &q->cols[j], err,
                                  "not a percentage or proportion: '%s'", q->rows[i].txt[j]);
            any_pct |= c->pct;
            if (c->kind == CELL_NUM && fabs(c->v) > 1)
                above_one = 1;
            if (c->kind == CELL_NUM && c->decimals > decimals)
                decimals = c->decimals;
            stars += c->kind == CELL_STAR;
            dashes += c->kind == CELL_DASH;
            less += c->kind == CELL_LESS;
        }
    double unit = any_pct || above_one || q->pct_row ? 100 : 1;
    x->unit = unit;
    x->decimals = decimals;
    char half[32];
    unit_text(unit, decimals, half, sizeof half);
    pk_util_sbuf sb = {0};
    if (any_pct)
        pk_util_sbuf_addf(&sb, "  percentages with %% signs");
    else if (q->pct_row)
        pk_util_sbuf_addf(&sb, "  percentages (a row of %% signs says so)");
    else if (above_one)
        pk_util_sbuf_addf(&sb, "  percentages without %% signs (figures above 1)");
    else
        pk_util_sbuf_addf(&sb, "  proportions (no %% signs, no figure above 1)");
    if (decimals == 0)
        pk_util_sbuf_addf(&sb, ", whole numbers (shares within %s)", half);
    else
        pk_util_sbuf_addf(&sb, ", %d decimal%s (shares within %s)", decimals, decimals == 1 ? "" : "s", half);
    if (stars)
        pk_util_sbuf_addf(&sb, "; '*' (under 0.5%%) read as 0.25%%");
    if (less)
        pk_util_sbuf_addf(&sb, "; '<X' read as half of X");
    if (dashes)
        pk_util_sbuf_addf(&sb, "; '-' read as 0");
    if (npairs)
        pk_util_sbuf_addf(&sb, "; %s on the labelled rows, %s on the rows %s them",
                          counts_on_label * 2 >= npairs ? "counts" : "percentages",
                          counts_on_label * 2 >= npairs ? "percentages" : "counts",
                          "under");
    if (sb.oom || note(b, "%s", sb.s)) {
        free(sb.s);
        return oom(b, err);
    }
    free(sb.s);
    return 0;
}

/* Nets by their labels, the other answers' sides by the scale they make
 * together, codes, and the note on the answers. */
static int set_kinds(pk_banner *b, bq *q, pk_err *err)
{
    size_t nplain = 0;
    const char **labels = calloc(q->nrows, sizeof *labels);
    enum pk_side *sides = calloc(q->nrows, sizeof *sides);
    size_t *idx = calloc(q->nrows, sizeof *idx);
    if (!labels || !sides || !idx) {
        free(labels);
        free(sides);
        free(idx);
        return oom(b, err);
    }
    for (size_t i = 0; i < q->nrows; i++) {
        brow *r = &q->rows[i];
        int score = 0;
        enum pk_side side = PK_SIDE_NONE;
        if (pk_scale_guess_net(r->label, &side, &score)) {
            r->is_net = 1;
            r->is_score = score;
            r->side = side;
        } else {
            labels[nplain] = r->label;
            idx[nplain++] = i;
        }
    }
    enum pk_scale_family fam = pk_scale_guess(labels, nplain, sides);
    for (size_t k = 0; k < nplain; k++)
        q->rows[idx[k]].side = sides[k];
    free(labels);
    free(sides);
    free(idx);
    if (set_codes(b, q))
        return oom(b, err);
    pk_util_sbuf sb = {0};
    pk_util_sbuf_addf(&sb, "  answers (%s scale): ", fam == PK_FAMILY_NOMINAL ? "no recognised"
                                                                             : pk_scale_family_name(fam));
    /* A question may print thousands of answers: the note names the first
     * and counts the rest. */
    pk_err_list answers = {.max_names = PK_ERR_LIST_ROOM, .max_chars = PK_ERR_LIST_ROOM};
    pk_err_list nets = {.max_names = PK_ERR_LIST_ROOM, .max_chars = PK_ERR_LIST_ROOM};
    for (size_t i = 0; i < q->nrows; i++) {
        brow *r = &q->rows[i];
        r->kind = kind_of(r);
        pk_err_list_add(r->is_net ? &nets : &answers, ", ", "%s = %s (%s)", r->label, r->code,
                        r->kind);
    }
    pk_util_sbuf_add(&sb, pk_err_list_text(&answers));
    if (pk_err_list_count(&nets))
        pk_util_sbuf_addf(&sb, "; nets: %s", pk_err_list_text(&nets));
    if (q->nsig)
        pk_util_sbuf_addf(&sb, "; %zu row%s of significance letters kept in sig_higher_than", q->nsig,
                          q->nsig == 1 ? "" : "s");
    return note_unless_repeated(b, &b->last_answers_text, &sb, "", "  answers: as above", err);
}

/* Every cell as a share, checked against its range. */
static int set_shares(pk_banner *b, bq *q, qfin *x, pk_err *err)
{
    for (size_t i = 0; i < q->nrows; i++) {
        brow *r = &q->rows[i];
        for (size_t j = 0; j < q->ncols; j++) {
            const cell *c = &r->c[j];
            double p = NAN;
            switch (c->kind) {
            case CELL_NUM: p = c->v / x->unit; break;
            case CELL_STAR: p = 0.0025; break;
            case CELL_DASH: p = 0; break;
            case CELL_LESS: p = c->v / x->unit / 2; break;
            default: break;
            }
            if (c->kind == CELL_EMPTY && q->cols[j].n > 0)
                return cell_error(b, q, r->pct_line, &q->cols[j], err,
                                  "no figure for '%s' in a column with respondents (write '-' "
                                  "for none)", r->label);
            if (!isnan(p) && (p > 1 + 1e-9 || (!r->is_score && p < 0) || p < -1 - 1e-9))
                return cell_error(b, q, r->pct_line, &q->cols[j], err,
                                  r->is_score ? "a net score outside -100%% to 100%%: '%s'"
                                              : "a share outside 0 to 100%%: '%s'",
                                  r->txt[j]);
            r->share[j] = q->cols[j].n > 0 ? p : NAN;
        }
    }
    return 0;
}

/* Single-choice check: the answers (nets aside) add up to 100%, within
 * the rounding, else a warning (several answers may be allowed). */
static int check_sums(pk_banner *b, bq *q, qfin *x, pk_err *err)
{
    {
        size_t k = 0;
        for (size_t i = 0; i < q->nrows; i++)
            k += !q->rows[i].is_net;
        /* each printed answer is off by at most half its last digit */
        double tol = (double)k * 0.5 * pow(10, -x->decimals) / (x->unit == 100 ? 100 : 1) + 1e-9;
        size_t bad = 0;
        size_t first_bad = 0;
        double first_sum = 0;
        for (size_t j = 0; j < q->ncols; j++) {
            if (q->cols[j].n <= 0)
                continue;
            double s = 0;
            for (size_t i = 0; i < q->nrows; i++)
                if (!q->rows[i].is_net)
                    s += q->rows[i].share[j];
            if (fabs(s - 1) > tol) {
                if (bad++ == 0) {
                    first_bad = j;
                    first_sum = s;
                }
            }
        }
        if (bad) {
            char name[256];
            if (note(b, "warning: %s:%ld: question %s: the answers add up to %.4g%% in %s%s, "
                        "more than rounding explains (%s); the shares are kept as printed",
                     b->name, x->line, x->code, 100 * first_sum,
                     col_name(q, &q->cols[first_bad], name, sizeof name),
                     bad > 1 ? " (and in other columns)" : "",
                     first_sum > 1 ? "a question where several answers can be chosen?"
                                   : "is an answer missing from the table?"))
                return oom(b, err);
        }
    }
    return 0;
}

/* The design effect of every column, where it came from, and its note. */
static int set_design_effect(pk_banner *b, bq *q, qfin *x, pk_err *err)
{
    const char *source = "assumed";
    int eff_slot = -1;
    if (b->o.deff > 0) {
        source = "given";
    } else if (q->base_line[B_EFFECTIVE] >= 0) {
        source = "effective_base";
        eff_slot = B_EFFECTIVE;
    } else if (q->base_line[B_EFFICIENCY] >= 0) {
        source = "efficiency";
        eff_slot = B_EFFICIENCY;
    }
    const bcol *total = NULL;
    for (size_t j = 0; j < q->ncols; j++)
        if (q->cols[j].is_total)
            total = &q->cols[j];
    double total_deff = NAN;
    if (total && eff_slot == B_EFFECTIVE && !isnan(total->eff) && total->n > 0)
        total_deff = (double)total->n / total->eff;
    if (total && eff_slot == B_EFFICIENCY && !isnan(total->efficiency))
        total_deff = 1 / total->efficiency;
    size_t borrowed = 0, clamped = 0;
    for (size_t j = 0; j < q->ncols; j++) {
        bcol *c = &q->cols[j];
        double d = 1;
        if (b->o.deff > 0) {
            d = b->o.deff;
        } else if (eff_slot == B_EFFECTIVE || eff_slot == B_EFFICIENCY) {
            double own = eff_slot == B_EFFECTIVE
                             ? (!isnan(c->eff) && c->n > 0 ? (double)c->n / c->eff : NAN)
                             : (!isnan(c->efficiency) ? 1 / c->efficiency : NAN);
            if (isnan(own)) {
                if (isnan(total_deff))
                    return cell_error(b, q, q->base_line[eff_slot], c, err,
                                      eff_slot == B_EFFECTIVE
                                          ? "no effective base for this column, and none in a "
                                            "Total column to use instead%s"
                                          : "no weighting efficiency for this column, and none "
                                            "in a Total column to use instead%s",
                                      "");
                own = total_deff;
                borrowed++;
            }
            if (own < 1) {
                own = 1;
                clamped++;
            }
            d = own;
        }
        c->deff = d;
        c->deff_source = source;
    }
    {
        char dbuf[32];
        if (strcmp(source, "given") == 0) {
            if (note(b, "  design effect %s (--deff) in every column%s",
                     pk_number_format(dbuf, b->o.deff, 6),
                     q->base_line[B_EFFECTIVE] >= 0 || q->base_line[B_EFFICIENCY] >= 0
                         ? "; the table's own effective base or efficiency is not used"
                         : ""))
                return oom(b, err);
        } else if (strcmp(source, "assumed") == 0) {
            if (note(b, "  design effect: none printed, 1 assumed (see the warning below)"))
                return oom(b, err);
            pk_err_list_add(&b->assumed, ", ", "%s", x->code);
        } else {
            double lo = INFINITY, hi = 0;
            for (size_t j = 0; j < q->ncols; j++) {
                lo = fmin(lo, q->cols[j].deff);
                hi = fmax(hi, q->cols[j].deff);
            }
            char lbuf[32], hbuf[32];
            pk_number_format(lbuf, round(lo * 1000) / 1000, 6);
            pk_number_format(hbuf, round(hi * 1000) / 1000, 6);
            pk_util_sbuf d = {0};
            pk_util_sbuf_addf(&d, "  design effect from the %s row (line %ld): ",
                              eff_slot == B_EFFECTIVE ? "effective base" : "weighting efficiency",
                              q->base_line[eff_slot]);
            if (lo == hi)
                pk_util_sbuf_add(&d, lbuf);
            else
                pk_util_sbuf_addf(&d, "%s to %s", lbuf, hbuf);
            if (borrowed)
                pk_util_sbuf_addf(&d, "; %zu column%s without one use%s the Total column's", borrowed,
                                  borrowed == 1 ? "" : "s", borrowed == 1 ? "s" : "");
            if (clamped)
                pk_util_sbuf_addf(&d, "; %zu column%s whose figure gives less than 1 use%s 1", clamped,
                                  clamped == 1 ? "" : "s", clamped == 1 ? "s" : "");
            if (d.oom || note(b, "%s", d.s)) {
                free(d.s);
                return oom(b, err);
            }
            free(d.s);
        }
    }
    return 0;
}

/* The letters printed under a share ("BC", "B C", "b"), one column's
 * letter each, separated by spaces as sig_higher_than holds them. A run of
 * capitals is several columns' letters, two at a time when the banner's
 * column letters run past Z. NULL when memory runs out. */
static char *sig_letters(const bq *q, const char *printed)
{
    size_t step = q->letter_step;
    pk_util_sbuf s = {0};
    for (const char *p = printed; *p;) {
        if (!isalpha((unsigned char)*p)) {
            p++;
            continue;
        }
        size_t k = 0;
        while (isalpha((unsigned char)p[k]))
            k++;
        for (size_t m = 0; m < k; m += step)
            pk_util_sbuf_addf(&s, "%s%.*s", s.len ? " " : "", (int)(m + step <= k ? step : k - m), p + m);
        p += k;
    }
    return pk_util_sbuf_take(&s);
}

/* The two sides of a net score in column j: their NET rows, else the sums
 * of their answers. 0 when the question has neither side. */
static int net_sides(const bq *q, size_t j, double *pp, double *pn)
{
    const brow *pos = NULL, *neg = NULL;
    int npos = 0, nneg = 0;
    for (size_t k = 0; k < q->nrows; k++) {
        const brow *o = &q->rows[k];
        if (o->is_net && !o->is_score && o->side == PK_SIDE_POSITIVE && !pos)
            pos = o;
        if (o->is_net && !o->is_score && o->side == PK_SIDE_NEGATIVE && !neg)
            neg = o;
        npos += !o->is_net && o->side == PK_SIDE_POSITIVE;
        nneg += !o->is_net && o->side == PK_SIDE_NEGATIVE;
    }
    if (!(pos || npos) || !(neg || nneg))
        return 0;
    *pp = *pn = 0;
    for (size_t k = 0; k < q->nrows; k++) {
        const brow *o = &q->rows[k];
        if (pos ? o == pos : !o->is_net && o->side == PK_SIDE_POSITIVE)
            *pp += o->share[j];
        if (neg ? o == neg : !o->is_net && o->side == PK_SIDE_NEGATIVE)
            *pn += o->share[j];
    }
    return 1;
}

/* se and interval of answer r in column j (see banner.h). */
static void estimate(const pk_banner *b, const bq *q, const brow *r, size_t j, pk_support_table_row *row)
{
    const bcol *c = &q->cols[j];
    double p = row->share;
    row->se = row->ci_low = row->ci_high = NAN;
    if (!(c->n > 0) || isnan(p))
        return;
    if (!r->is_score) {
        row->se = sqrt(c->deff * p * (1 - p) / (double)c->n);
        pk_estimate_interval(b->o.ci, p, row->se, c->n, c->n, b->o.level, &row->ci_low,
                             &row->ci_high);
        return;
    }
    double pp, pn;
    if (!net_sides(q, j, &pp, &pn)) {
        /* the widest the net score's se can be */
        pp = (1 + p) / 2;
        pn = (1 - p) / 2;
    }
    double v = pp + pn - (pp - pn) * (pp - pn);
    row->se = sqrt(c->deff * fmax(v, 0) / (double)c->n);
    pk_estimate_interval_net(p, row->se, c->n, b->o.level, &row->ci_low, &row->ci_high);
}

/* The support-table rows: scale answers in printed order, then the nets
 * (positive, negative, other nets, net score). */
static int emit_rows(pk_banner *b, bq *q, qfin *x, pk_err *err)
{
    for (int pass = 0; pass < 5; pass++) {
        for (size_t i = 0; i < q->nrows; i++) {
            brow *r = &q->rows[i];
            int rank = !r->is_net ? 0
                       : r->is_score ? 4
                       : r->side == PK_SIDE_POSITIVE ? 1
                       : r->side == PK_SIDE_NEGATIVE ? 2 : 3;
            if (rank != pass)
                continue;
            const char *label = kdup(b, r->is_net && !r->is_score ? net_label(r->label) : r->label);
            if (!label)
                return oom(b, err);
            for (size_t j = 0; j < q->ncols; j++) {
                const bcol *c = &q->cols[j];
                pk_support_table_row row = {
                    .question = x->code, .question_label = x->label, .by = c->by,
                    .group = c->group, .group_label = c->group_label, .response = r->code,
                    .response_label = label, .response_kind = r->kind, .n = c->n,
                    .count = NAN, .weighted_base = c->wbase, .share = r->share[j],
                    .deff_kish = c->deff, .n_eff = (double)c->n / c->deff,
                    .ci_method = r->is_score ? "mean" : pk_estimate_ci_name(b->o.ci),
                    .level = b->o.level, .base = "all", .weight = "",
                    .low_base = c->n < b->o.min_base, .se_method = "fixed",
                    .deff_source = c->deff_source, .source = b->o.source ? b->o.source : "",
                    .group_letter = c->letter, .sig_higher_than = "", .line = r->pct_line};
                if (r->sig && r->sig[j] && *r->sig[j] &&
                    !(row.sig_higher_than = keep(b, sig_letters(q, r->sig[j]))))
                    return oom(b, err);
                estimate(b, q, r, j, &row);
                if (push_row(b, &row))
                    return oom(b, err);
            }
            double pp, pn;
            if (r->is_score && !net_sides(q, 0, &pp, &pn) &&
                note(b, "  '%s': no answers of either side, so its se takes the largest value "
                        "the net score allows", r->label))
                return oom(b, err);
        }
    }
    if (q->nignored &&
        note(b, "  %zu line%s of summary statistics ignored", q->nignored,
             q->nignored == 1 ? "" : "s"))
        return oom(b, err);
    return 0;
}

/* Finish a question: everything above, in order, then its columns kept for
 * the questions after it. */
static int finish(pk_banner *b, bq *q, pk_err *err)
{
    qfin xv = {0}, *x = &xv;
    if (!q)
        return 0;
    x->line = q->line;
    if (!q->has_body) {
        /* A title or note with no table under it: a footer, say. */
        if (q->title && note(b, "%s:%ld: ignored: '%s' (no table under it)", b->name, x->line,
                             q->title))
            return oom(b, err);
        if (!q->title && q->nhdr > 0 &&
            note(b, "%s:%ld: ignored: a header with no table under it", b->name, x->line))
            return oom(b, err);
        return 0;
    }
    b->nquestions++;
    char synth[32];
    snprintf(synth, sizeof synth, "Q%zu", b->nquestions);
    char *label = NULL;
    char *code = question_code(b, q->title ? q->title : synth, &label);
    if (!code)
        return oom(b, err);
    x->label = keep(b, label);
    x->code = keep(b, code);
    if (!x->label || !x->code)
        return oom(b, err);
    if (note_insert(b, q->note_from, "%s:%ld: question %s: %s%s", b->name, x->line, x->code,
                    x->label, q->title ? "" : " (no title line)"))
        return oom(b, err);
    int st;
    if ((st = say_columns(b, q, err)) != 0)
        return st;
    if ((st = take_bases(b, q, x, err)) != 0)
        return st;
    if ((st = read_cells(b, q, x, err)) != 0)
        return st;
    if ((st = set_kinds(b, q, err)) != 0)
        return st;
    if ((st = set_shares(b, q, x, err)) != 0)
        return st;
    if ((st = check_sums(b, q, x, err)) != 0)
        return st;
    if ((st = set_design_effect(b, q, x, err)) != 0)
        return st;
    if ((st = emit_rows(b, q, x, err)) != 0)
        return st;

    /* Later questions without a header of their own keep these columns. */
    if (!q->inherited) {
        free(b->last_cols);
        b->last_cols = malloc(q->ncols * sizeof *b->last_cols);
        if (!b->last_cols)
            return oom(b, err);
        memcpy(b->last_cols, q->cols, q->ncols * sizeof *b->last_cols);
        b->nlast = q->ncols;
    }
    return 0;
}

/* ---- the pass over the records ---- */

static int all_cells(pk_csv_reader *r, int (*pred)(const char *))
{
    size_t nf = pk_csv_reader_nfields(r);
    int any = 0;
    for (size_t j = 1; j < nf; j++) {
        const char *s = pk_csv_reader_field(r, j);
        if (blank(s))
            continue;
        char *t = trim_dup(s);
        int ok = t && pred(t);
        free(t);
        if (!ok)
            return 0;
        any = 1;
    }
    return any;
}

static int any_cell(pk_csv_reader *r, int (*pred)(const char *))
{
    size_t nf = pk_csv_reader_nfields(r);
    for (size_t j = 1; j < nf; j++) {
        const char *s = pk_csv_reader_field(r, j);
        if (blank(s))
            continue;
        char *t = trim_dup(s);
        int hit = t && pred(t);
        free(t);
        if (hit)
            return 1;
    }
    return 0;
}

/* A row of significance letters: every cell letters, and every letter one
 * of the question's column letters (without column letters, capitals
 * within the number of columns). */
static int all_cells_sig(const bq *q, pk_csv_reader *r)
{
    if (!q->cols || !all_cells(r, sig_like))
        return 0;
    int have_letters = q->letters != 0;
    size_t nf = pk_csv_reader_nfields(r);
    for (size_t j = 1; j < nf; j++) {
        for (const char *p = pk_csv_reader_field(r, j); *p; p++) {
            if (!isalpha((unsigned char)*p))
                continue;
            int ok = 0;
            if (have_letters) {
                int u = toupper((unsigned char)*p);
                ok = u >= 'A' && u <= 'Z' && (q->letters >> (u - 'A') & 1);
            } else {
                ok = isupper((unsigned char)*p) && (size_t)(*p - 'A') < q->ncols;
            }
            if (!ok)
                return 0;
        }
    }
    return 1;
}

static int percent_sign(const char *s)
{
    return strcmp(s, "%") == 0 || strcasecmp(s, "col %") == 0 || strcasecmp(s, "column %") == 0;
}

static int numeric_like(const char *s)
{
    cell c;
    parse_cell(s, &c);
    return c.kind != CELL_BAD && c.kind != CELL_EMPTY;
}

static int cannot_place(pk_banner *b, pk_csv_reader *r, const char *why, pk_err *err)
{
    return pk_err_set(err, PK_EDATA, "%s:%ld: cannot place this line: %s", b->name,
                      pk_csv_reader_line(r), why);
}

/* The reading state of pk_banner_read: the question being read and what
 * the line before it was. Each kind of line has its own step below; a step
 * returns 0 or the error status, and may take the line's label (setting
 * *labelp to NULL). */
typedef struct reading {
    pk_banner *b;
    pk_csv_reader *r;
    bq *q;
    enum prev prev;
} reading;

/* A line with a label and no cells: a title, a note, or a heading. */
static int read_text_line(reading *st, char **labelp, long line, pk_err *err)
{
    pk_banner *b = st->b;
    bq *q = st->q;
    int status = 0;
    char *label = *labelp;
    /* A title, or a note between a title and its header; the
     * question's text between its bases and its answers (as
     * YouGov prints it) is its title when it has none. */
    if (q && q->has_body && q->nrows == 0) {
        /* A heading above the header ("YouGov Survey Results") gives
         * way to it; a numbered title ("Q7_1. ...") does not. */
        if (q->title && has_qnumber(q->title)) {
            if (note(b, "%s:%ld: ignored: '%s'", b->name, line, label))
                status = oom(b, err);
        } else {
            if (q->title && note(b, "%s:%ld: '%s' is a heading: the question's title is "
                                    "on line %ld", b->name, q->line, q->title, line))
                status = oom(b, err);
            free(q->title);
            q->title = label;
            *labelp = NULL;
        }
    } else if (!q || q->has_body) {
        if ((status = finish(b, q, err)) != 0) {
            goto out;
        }
        q_free(q);
        if (!(q = q_start(b, label, line)))
            status = oom(b, err);
    } else if (!q->title && q->nhdr == 0) {
        q->title = label;
        *labelp = NULL;
    } else if (note(b, "%s:%ld: ignored: '%s'", b->name, line, label)) {
        status = oom(b, err);
    }
out:
    st->q = q;
    st->prev = P_TITLE;
    return status;
}

/* A line with cells and no label: a row of % signs, the counts or the
 * significance letters of the answer above, or a header row of groups. */
static int read_cells_line(reading *st, long line, pk_err *err)
{
    pk_banner *b = st->b;
    pk_csv_reader *r = st->r;
    bq *q = st->q;
    enum prev prev = st->prev;
    int status = 0;
    if (q && all_cells(r, percent_sign)) {
        /* ",%,%,%": the figures below are percentages */
        q->pct_row = 1;
        if (note(b, "%s:%ld: a row of %% signs: the figures are percentages", b->name, line))
            status = oom(b, err);
    } else {
        int numeric = all_cells(r, numeric_like);
        int sig = !numeric && q && all_cells_sig(q, r);
        if (q && q->has_body && prev == P_OTHER && (numeric || sig)) {
            q->nignored++;   /* under a statistic: its letters or counts */
        } else if (q && q->has_body && prev == P_ROW && q->nrows > 0 && numeric) {
            brow *last = &q->rows[q->nrows - 1];
            if (last->alt)
                status = cannot_place(b, r, "a third row of figures under one answer", err);
            else if (!(status = check_fields(b, q, r, err))) {
                if (!(last->alt = copy_cells(q, r)))
                    status = oom(b, err);
                last->alt_line = line;
            }
        } else if (q && q->has_body && prev == P_ROW && q->nrows > 0 && sig) {
            brow *last = &q->rows[q->nrows - 1];
            if (!(status = check_fields(b, q, r, err))) {
                if (last->sig) {
                    /* letters under both the count and the share: the
                     * later row is the share's */
                    for (size_t j = 0; j < q->ncols; j++)
                        free(last->sig[j]);
                    free(last->sig);
                    last->sig = NULL;
                } else {
                    q->nsig++;
                }
                if (!(last->sig = copy_cells(q, r)))
                    status = oom(b, err);
            }
        } else if (q && q->has_body && numeric) {
            status = cannot_place(b, r, "figures without a label, and no answer above them",
                                  err);
        } else if (q && q->has_body && prev == P_ROW && any_cell(r, numeric_like)) {
            status = cannot_place(b, r, "a row without a label that mixes figures and text: "
                                        "neither the counts or percentages of the answer "
                                        "above nor its significance letters",
                                  err);
        } else {
            /* A header row; after a table, the next question's. */
            if (!q || q->has_body) {
                if ((status = finish(b, q, err)) == 0) {
                    q_free(q);
                    if (!(q = q_start(b, NULL, line)))
                        status = oom(b, err);
                }
            }
            if (!status && add_header(q, r))
                status = oom(b, err);
            prev = P_HEADER;
        }
    }
    st->q = q;
    st->prev = prev;
    return status;
}

/* A line with a label and cells: a header row with text in its first cell,
 * a base, a statistic, the companion row of an answer, or an answer. */
static int read_labelled_line(reading *st, char **labelp, const char *nlabel, long line,
                              pk_err *err)
{
    pk_banner *b = st->b;
    pk_csv_reader *r = st->r;
    bq *q = st->q;
    enum prev prev = st->prev;
    int status = 0;
    char *label = *labelp;
    if ((!q || !q->has_body) && !any_cell(r, numeric_like)) {
        /* Group names with text in the label column ("Base: all
         * adults" beside Total, Male...): a header row all the same. */
        if (!q && !(q = q_start(b, NULL, line)))
            status = oom(b, err);
        else if (add_header(q, r) ||
                 note(b, "%s:%ld: header row; its first cell '%s' ignored", b->name, line,
                      label))
            status = oom(b, err);
        prev = P_HEADER;
    } else {
        int kind = base_kind(nlabel);
        if (kind != B_NONE) {
            if (q && q->nrows > 0) {
                if ((status = finish(b, q, err)) == 0) {
                    q_free(q);
                    q = NULL;
                }
            }
            if (!status && !q && !(q = q_start(b, NULL, line)))
                status = oom(b, err);
            if (!status && !(status = resolve_columns(b, q, line, err)))
                status = read_base(b, q, r, kind, label, err);
            prev = P_BASE;
        } else if (is_statistic(nlabel) && q && q->has_body) {
            q->nignored++;
            prev = P_OTHER;
        } else if (is_companion_label(nlabel) && q && prev == P_ROW && q->nrows > 0 &&
                   !q->rows[q->nrows - 1].alt) {
            brow *last = &q->rows[q->nrows - 1];
            if (!(status = check_fields(b, q, r, err))) {
                if (!(last->alt = copy_cells(q, r)))
                    status = oom(b, err);
                last->alt_line = line;
            }
        } else {
            if (!q || !q->has_body) {
                status = pk_err_set(err, PK_EDATA,
                                    "%s:%ld: cannot place this line: an answer ('%s') before "
                                    "any base row; polltable needs an 'Unweighted base' row "
                                    "above the answers",
                                    b->name, line, label);
            } else if (!(status = check_fields(b, q, r, err))) {
                brow *row = add_row(q);
                if (!row || !(row->txt = copy_cells(q, r))) {
                    status = oom(b, err);
                } else {
                    row->label = label;
                    *labelp = NULL;
                    row->line = line;
                }
            }
            prev = P_ROW;
        }
    }
    st->q = q;
    st->prev = prev;
    return status;
}

pk_banner *pk_banner_read(pk_csv_reader *r, const pk_banner_opts *o, pk_err *err)
{
    pk_banner *b = calloc(1, sizeof *b);
    if (!b) {
        pk_err_nomem(err);
        return NULL;
    }
    b->o = *o;
    if (!(b->o.level > 0 && b->o.level < 1))
        b->o.level = 0.95;
    b->name = pk_csv_reader_name(r);
    bq *q = NULL;
    enum prev prev = P_NONE;
    int status = 0;
    long records = 0;
    size_t page = 0;
    for (;;) {
        int got = pk_csv_reader_next(r, err);
        if (got < 0) {
            status = err->status;
            break;
        }
        if (got == 0)
            break;
        records++;
        long line = pk_csv_reader_line(r);
        /* A new page (sheet): whatever was being read ends here. */
        while (page < b->o.npages && b->o.page_starts[page] <= line) {
            page++;
            if ((status = finish(b, q, err)) != 0)
                break;
            q_free(q);
            q = NULL;
            prev = P_NONE;
        }
        if (status)
            break;
        size_t nf = pk_csv_reader_nfields(r);
        const char *f0 = nf > 0 ? pk_csv_reader_field(r, 0) : "";
        int has_label = !blank(f0);
        int has_cells = 0;
        for (size_t j = 1; j < nf && !has_cells; j++)
            has_cells = !blank(pk_csv_reader_field(r, j));
        if (!has_label && !has_cells)
            continue;   /* an empty row: what follows decides */
        char *label = trim_dup(f0);
        char *nlabel = label ? norm(label) : NULL;
        if (!label || !nlabel) {
            free(label);
            free(nlabel);
            status = oom(b, err);
            break;
        }
        reading st = {b, r, q, prev};
        if (has_label && !has_cells)
            status = read_text_line(&st, &label, line, err);
        else if (!has_label)
            status = read_cells_line(&st, line, err);
        else
            status = read_labelled_line(&st, &label, nlabel, line, err);
        q = st.q;
        prev = st.prev;
        free(label);
        free(nlabel);
        if (status)
            break;
    }
    if (!status) {
        status = finish(b, q, err);
        if (!status && pk_err_list_count(&b->assumed) &&
            note(b, "warning: no effective base or weighting efficiency printed for %s: a design "
                    "effect of 1 is assumed (deff_source 'assumed'), so the margins of error "
                    "are too narrow if the poll was weighted; give the pollster's design effect "
                    "with --deff D", pk_err_list_text(&b->assumed)))
            status = oom(b, err);
        if (!status && b->nrows == 0)
            status = pk_err_set(err, PK_EDATA, "%s:%ld: no table found: a banner needs a header "
                                "of group names, an unweighted base row and rows of answers",
                                b->name, records ? pk_csv_reader_line(r) : 1L);
    }
    q_free(q);
    if (status) {
        pk_banner_free(b);
        return NULL;
    }
    return b;
}

void pk_banner_free(pk_banner *b)
{
    if (!b)
        return;
    for (size_t i = 0; i < b->nstrs; i++)
        free(b->strs[i]);
    free(b->strs);
    for (size_t i = 0; i < b->nnotes; i++)
        free(b->notes[i]);
    free(b->notes);
    pk_util_nameset_free(&b->qcodes);
    free(b->rows);
    free(b->last_cols);
    free(b->last_cols_text);
    free(b->last_answers_text);
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
