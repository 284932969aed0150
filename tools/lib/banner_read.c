/* Reading a published banner table into support-table rows (see banner.h
 * and banner_internal.h).
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
#include "banner_internal.h"

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

/* What the previous line was, for placing an unlabelled line under it. */
enum prev { P_NONE, P_TITLE, P_HEADER, P_BASE, P_ROW, P_OTHER };

/* The bases by PK_BANNER_BASE_*, for messages. */
static const char *const base_names[] = {"unweighted base", "weighted base", "effective base",
                                         "weighting efficiency", "base"};

/* ---- questions ---- */

static void hdr_free(pk_banner_hdr *h)
{
    for (size_t i = 0; i < h->n; i++)
        free(h->cells[i]);
    free(h->cells);
}


static void q_free(pk_banner_q *q)
{
    if (!q)
        return;
    free(q->title);
    free(q->table_title);
    free(q->wording);
    free(q->universe);
    free(q->code_hint);
    for (size_t i = 0; i < q->nhdr; i++)
        hdr_free(&q->hdr[i]);
    free(q->hdr);
    free(q->cols);   /* their strings are the banner's */
    free(q->col_at);
    for (int k = 0; k < 4; k++)
        free(q->base_label[k]);
    free(q->plain_label);
    free(q->plain_n);
    for (size_t j = 0; j < q->ncols; j++) {
        free(q->mean_txt ? q->mean_txt[j] : NULL);
        free(q->sd_txt ? q->sd_txt[j] : NULL);
    }
    free(q->mean_txt);
    free(q->sd_txt);
    free(q->mean_label);
    free(q->sd_label);
    for (size_t i = 0; i < q->nrows; i++) {
        pk_banner_answer *r = &q->rows[i];
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

static pk_banner_q *q_new(const char *title, long line)
{
    pk_banner_q *q = calloc(1, sizeof *q);
    if (!q)
        return NULL;
    q->line = line;
    q->plain_line = -1;
    for (int k = 0; k < 4; k++)
        q->base_line[k] = -1;
    if (title && !(q->title = pk_banner_trim_dup(title))) {
        free(q);
        return NULL;
    }
    return q;
}

/* A question starting on a sheet named as a question ("Q3") takes its
 * code from the name when its title has no number. */
static pk_banner_q *q_start(pk_banner *b, const char *title, long line)
{
    pk_banner_q *q = q_new(title, line);
    if (q)
        q->note_from = b->nnotes;
    if (q && b->page_name && pk_banner_qnumber(b->page_name) &&
        !(q->code_hint = strdup(b->page_name))) {
        q_free(q);
        return NULL;
    }
    return q;
}

static int add_header(pk_banner_q *q, pk_csv_reader *r)
{
    if (pk_util_grow((void **)&q->hdr, &q->hcap, q->nhdr + 1, sizeof *q->hdr))
        return -1;
    pk_banner_hdr *h = &q->hdr[q->nhdr];
    h->n = pk_csv_reader_nfields(r);
    h->line = pk_csv_reader_line(r);
    h->cells = calloc(h->n ? h->n : 1, sizeof *h->cells);
    if (!h->cells)
        return -1;
    q->nhdr++;
    for (size_t i = 0; i < h->n; i++)
        if (!(h->cells[i] = pk_banner_trim_dup(pk_csv_reader_field(r, i))))
            return -1;
    return 0;
}

static int header_letters_row(const pk_banner_hdr *h, int *any)
{
    *any = 0;
    for (size_t j = 1; j < h->n; j++) {
        char l[4];
        if (!*h->cells[j])
            continue;
        if (!pk_banner_letter_like(h->cells[j], l))
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
static int name_column(pk_banner *b, pk_banner_col *c, size_t j, pk_util_nameset *bys,
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
    if (!by || !(c->by = pk_banner_keep(b, by)))
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
    c->group = pk_banner_dup(b, strchr(u, '\x1f') + 1);
    free(u);
    return c->group ? 0 : -1;
}

/* Once the columns are known: the column of each field of a record (so
 * that a record's fields are placed in constant time each), the letters
 * the columns carry and whether they run past Z (two letters a column).
 * Returns 0, or -1 when memory runs out. */
static int index_columns(pk_banner_q *q)
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

static int resolve_columns(pk_banner *b, pk_banner_q *q, long line, pk_err *err)
{
    if (q->cols)
        return 0;
    if (q->nhdr == 0) {
        if (!b->last_cols)
            return pk_err_set(err, PK_ERR_DATA,
                              "%s:%ld: figures before any column heading: a banner needs a row "
                              "of group names (such as Total, Male, Female) above its bases",
                              b->name, line);
        q->cols = malloc(b->nlast * sizeof *q->cols);
        if (!q->cols)
            return pk_banner_oom(b, err);
        memcpy(q->cols, b->last_cols, b->nlast * sizeof *q->cols);
        q->ncols = b->nlast;
        for (size_t i = 0; i < q->ncols; i++) {
            q->cols[i].n = -1;
            q->cols[i].wbase = q->cols[i].eff = q->cols[i].efficiency = NAN;
        }
        q->inherited = 1;
        return index_columns(q) == 0 ? 0 : pk_banner_oom(b, err);
    }
    /* Letters rows, then the group row (the last other row), the break row
     * above it; any rows above those are notes. */
    const pk_banner_hdr *letters = NULL, *groups = NULL, *breaks = NULL;
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
        } else if (pk_banner_note_add(b, "  ignored header line %ld", q->hdr[k].line)) {
            return pk_banner_oom(b, err);
        }
    }
    size_t width = groups->n;
    if (breaks && breaks->n > width)
        width = breaks->n;
    q->cols = calloc(width ? width : 1, sizeof *q->cols);
    if (!q->cols)
        return pk_banner_oom(b, err);
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
        pk_banner_col *c = &q->cols[q->ncols++];
        c->field = j;
        c->n = -1;
        c->wbase = c->eff = c->efficiency = NAN;
        const char *label = *g ? g : br;
        /* "Male (B)": a column letter inside the name */
        char l[4] = "";
        const char *open = strrchr(label, '(');
        char *own_label = NULL;
        if (open && open > label && pk_banner_letter_like(open, l)) {
            size_t k = (size_t)(open - label);
            while (k > 0 && label[k - 1] == ' ')
                k--;
            own_label = strndup(label, k);
        } else {
            own_label = strdup(label);
        }
        if (!own_label || !(c->label = pk_banner_keep(b, own_label)))
            goto nomem;
        char *nl = pk_banner_norm(c->label);
        if (!nl)
            goto nomem;
        c->is_total = pk_banner_is_total_label(nl);
        free(nl);
        if (letters && j < letters->n && *letters->cells[j])
            pk_banner_letter_like(letters->cells[j], l);
        if (!(c->letter = pk_banner_dup(b, l)))
            goto nomem;
        c->brk = pk_banner_dup(b, *g ? carry : "");
        if (!c->brk)
            goto nomem;
        if (c->is_total) {
            c->by = pk_banner_dup(b, "");
            c->group = pk_banner_dup(b, "All");
            c->group_label = pk_banner_dup(b, "All");
        } else {
            if (*c->brk)
                no_breaks = 0;
            c->group_label = pk_banner_dup(b, c->label);
            if (name_column(b, c, j, &bys, &groups_seen) != 0)
                goto nomem;
        }
        if (!c->by || !c->group || !c->group_label)
            goto nomem;
    }
    pk_util_nameset_free(&bys);
    pk_util_nameset_free(&groups_seen);
    if (q->ncols == 0)
        return pk_err_set(err, PK_ERR_DATA, "%s:%ld: the header names no columns", b->name,
                          groups->line);
    if (index_columns(q) != 0 ||
        (no_breaks && q->ncols > 1 &&
         pk_banner_note_add(b, "  no break names above the groups: each column is its own break, so groups "
                 "cannot be compared with each other")))
        return pk_banner_oom(b, err);
    return 0;
nomem:
    pk_util_nameset_free(&bys);
    pk_util_nameset_free(&groups_seen);
    return pk_banner_oom(b, err);
}

static pk_banner_col *col_of_field(pk_banner_q *q, size_t field)
{
    return field < q->nfields && q->col_at[field] != SIZE_MAX ? &q->cols[q->col_at[field]] : NULL;
}

/* Check that the record has nothing outside the question's columns. */
static int check_fields(pk_banner *b, pk_banner_q *q, pk_csv_reader *r, pk_err *err)
{
    size_t nf = pk_csv_reader_nfields(r);
    for (size_t j = 1; j < nf; j++)
        if (!pk_banner_blank(pk_csv_reader_field(r, j)) && !col_of_field(q, j)) {
            char v[128];
            const char *s = pk_csv_reader_field(r, j);
            return pk_err_set(err, PK_ERR_DATA,
                              "%s:%ld:column %zu: '%s' is in a column with no heading above it",
                              b->name, pk_csv_reader_line(r), j + 1,
                              pk_err_quote(v, sizeof v, s, strlen(s)));
        }
    return 0;
}

static char **copy_cells(pk_banner_q *q, pk_csv_reader *r)
{
    char **v = calloc(q->ncols ? q->ncols : 1, sizeof *v);
    if (!v)
        return NULL;
    for (size_t i = 0; i < q->ncols; i++) {
        const char *s = pk_csv_reader_field(r, q->cols[i].field);
        if (!(v[i] = pk_banner_trim_dup(s ? s : ""))) {
            for (size_t k = 0; k < i; k++)
                free(v[k]);
            free(v);
            return NULL;
        }
    }
    return v;
}

static int read_base(pk_banner *b, pk_banner_q *q, pk_csv_reader *r, int kind, const char *label,
                     pk_err *err)
{
    long line = pk_csv_reader_line(r);
    if (check_fields(b, q, r, err))
        return err->status;
    int slot = kind == PK_BANNER_BASE_PLAIN ? -1 : kind;
    if (slot >= 0 && q->base_line[slot] >= 0)
        return pk_err_set(err, PK_ERR_DATA, "%s:%ld: a second %s row in one question (the first is "
                          "on line %ld)", b->name, line, base_names[kind], q->base_line[slot]);
    if (kind == PK_BANNER_BASE_PLAIN) {
        if (q->plain_line >= 0)
            return pk_err_set(err, PK_ERR_DATA, "%s:%ld: a second base row in one question (the first "
                              "is on line %ld)", b->name, line, q->plain_line);
        q->plain_line = line;
        if (!(q->plain_label = strdup(label)) ||
            !(q->plain_n = malloc((q->ncols ? q->ncols : 1) * sizeof *q->plain_n)))
            return pk_banner_oom(b, err);
    } else {
        q->base_line[slot] = line;
        if (!(q->base_label[slot] = strdup(label)))
            return pk_banner_oom(b, err);
    }
    for (size_t i = 0; i < q->ncols; i++) {
        pk_banner_col *c = &q->cols[i];
        const char *s = pk_csv_reader_field(r, c->field);
        if (kind == PK_BANNER_BASE_PLAIN)
            q->plain_n[i] = -1;
        if (pk_banner_blank(s))
            continue;
        double v;
        int is_pct;
        if (pk_banner_parse_base(s, &v, &is_pct) != 0 || (is_pct && kind != PK_BANNER_BASE_EFFICIENCY))
            return pk_banner_cell_error(b, q, line, c, err, "not a number: '%s'", s);
        switch (kind) {
        case PK_BANNER_BASE_UNWEIGHTED:
        case PK_BANNER_BASE_PLAIN:
            if (v < 0 || v != floor(v) || v > 1e12)
                return pk_banner_cell_error(b, q, line, c, err,
                                  "an unweighted base must be a whole number of respondents, "
                                  "not '%s'", s);
            if (kind == PK_BANNER_BASE_PLAIN)
                q->plain_n[i] = (long)v;
            else
                c->n = (long)v;
            break;
        case PK_BANNER_BASE_WEIGHTED:
            if (v < 0)
                return pk_banner_cell_error(b, q, line, c, err, "a negative weighted base: '%s'", s);
            c->wbase = v;
            break;
        case PK_BANNER_BASE_EFFECTIVE:
            if (!(v > 0))
                return pk_banner_cell_error(b, q, line, c, err,
                                  "an effective base must be positive, not '%s'",
                                  s);
            c->eff = v;
            break;
        case PK_BANNER_BASE_EFFICIENCY:
            if (is_pct || v > 1)
                v /= 100;
            if (!(v > 0 && v <= 1))
                return pk_banner_cell_error(b, q, line, c, err,
                                  "a weighting efficiency is between 0 and 100%%, not '%s'", s);
            c->efficiency = v;
            break;
        }
    }
    q->has_body = 1;
    return 0;
}

static pk_banner_answer *add_row(pk_banner_q *q)
{
    if (pk_util_grow((void **)&q->rows, &q->rcap, q->nrows + 1, sizeof *q->rows))
        return NULL;
    pk_banner_answer *row = &q->rows[q->nrows++];
    memset(row, 0, sizeof *row);
    return row;
}

/* ---- the pass over the records ---- */

static int all_cells(pk_csv_reader *r, int (*pred)(const char *))
{
    size_t nf = pk_csv_reader_nfields(r);
    int any = 0;
    for (size_t j = 1; j < nf; j++) {
        const char *s = pk_csv_reader_field(r, j);
        if (pk_banner_blank(s))
            continue;
        char *t = pk_banner_trim_dup(s);
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
        if (pk_banner_blank(s))
            continue;
        char *t = pk_banner_trim_dup(s);
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
static int all_cells_sig(const pk_banner_q *q, pk_csv_reader *r)
{
    if (!q->cols || !all_cells(r, pk_banner_sig_like))
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
    pk_banner_cell c;
    pk_banner_parse_cell(s, &c);
    return c.kind != PK_BANNER_CELL_BAD && c.kind != PK_BANNER_CELL_EMPTY;
}

static int cannot_place(pk_banner *b, pk_csv_reader *r, const char *why, pk_err *err)
{
    return pk_err_set(err, PK_ERR_DATA, "%s:%ld: cannot place this line: %s", b->name,
                      pk_csv_reader_line(r), why);
}

/* The reading state of pk_banner_read: the question being read and what
 * the line before it was. Each kind of line has its own step below; a step
 * returns 0 or the error status, and may take the line's label (setting
 * *labelp to NULL). */
typedef struct reading {
    pk_banner *b;
    pk_csv_reader *r;
    pk_banner_q *q;
    enum prev prev;
} reading;

/* "Table 3", "TABLE 12:", "Table Q4." alone on its line: a table's
 * number, with its wording (if any) on the next line. */
static int bare_table_title(const char *s)
{
    while (*s == ' ')
        s++;
    if (strncasecmp(s, "table", 5) != 0)
        return 0;
    s += 5;
    while (*s == ' ')
        s++;
    int digits = 0;
    while (isalnum((unsigned char)*s) || *s == '_' || (*s == '.' && isalnum((unsigned char)s[1]))) {
        digits += isdigit((unsigned char)*s) != 0;
        s++;
    }
    while (*s == ' ' || *s == '.' || *s == ':')
        s++;
    return digits > 0 && *s == '\0';
}

/* The text after "Base:" on a line of text ("Base: All GB adults"), also
 * in pollkit's own form "q_temp. Base: ...", whose code is *hint_len bytes
 * long (0 when none); NULL when the line is not a base note. */
static const char *universe_text(const char *s, size_t *hint_len)
{
    *hint_len = 0;
    while (*s == ' ')
        s++;
    const char *p = s;
    if (isalpha((unsigned char)*p) || *p == '_') {
        size_t k = 0;
        while (isalnum((unsigned char)p[k]) || p[k] == '_')
            k++;
        if (strncmp(p + k, ". Base:", 7) == 0) {
            *hint_len = k;
            p += k + 2;
        }
    }
    if (strncasecmp(p, "base:", 5) != 0)
        return NULL;
    p += 5;
    while (*p == ' ')
        p++;
    return *p ? p : NULL;
}

/* Lines of text that are never a question's title or wording: links back
 * to a contents page, copyright and fieldwork lines. */
static int furniture_line(const char *label)
{
    static const char *const heads[] = {"back to contents", "back to index", "return to contents",
                                        "\xc2\xa9", "(c) ", "copyright", "fieldwork",
                                        "sample size", "prepared by", NULL};
    while (*label == ' ')
        label++;
    if (strcasecmp(label, "contents") == 0 || strcasecmp(label, "index") == 0)
        return 1;
    for (size_t i = 0; heads[i]; i++)
        if (strncasecmp(label, heads[i], strlen(heads[i])) == 0)
            return 1;
    return 0;
}

/* A "Base: ..." line of text: who was asked, kept in the universe column
 * of the question above the table it belongs to (a new question's when
 * the last one's answers are done). */
static int read_universe_line(reading *st, const char *label, const char *text, size_t hint,
                              long line, pk_err *err)
{
    pk_banner *b = st->b;
    pk_banner_q *q = st->q;
    int status = 0;
    if (!q || (q->has_body && q->nrows > 0)) {
        if ((status = pk_banner_finish(b, q, err)) != 0)
            return status;
        q_free(q);
        if (!(q = q_start(b, NULL, line))) {
            st->q = NULL;
            return pk_banner_oom(b, err);
        }
    }
    st->q = q;
    st->prev = P_TITLE;
    if (q->universe)
        return pk_banner_note_add(b, "%s:%ld: ignored: '%s' (a second base line; the first said "
                                  "'%s')", b->name, line, label, q->universe)
                   ? pk_banner_oom(b, err) : 0;
    /* pollkit's own line ends "... Weighted by weight.": not who was asked */
    const char *wby = hint ? strstr(text, ". Weighted by ") : NULL;
    if (hint) {
        free(q->code_hint);
        if (!(q->code_hint = strndup(label + strspn(label, " "), hint)))
            return pk_banner_oom(b, err);
    }
    if (!(q->universe = wby ? strndup(text, (size_t)(wby - text)) : pk_banner_trim_dup(text)))
        return pk_banner_oom(b, err);
    size_t ul = strlen(q->universe);   /* "Base: All GB adults." */
    if (ul > 1 && q->universe[ul - 1] == '.')
        q->universe[ul - 1] = '\0';
    return 0;
}

/* A line with a label and no cells: a title, a note, or a heading. */
static int read_text_line(reading *st, char **labelp, long line, pk_err *err)
{
    pk_banner *b = st->b;
    pk_banner_q *q = st->q;
    int status = 0;
    char *label = *labelp;
    size_t hint;
    const char *utext = universe_text(label, &hint);
    if (utext)
        return read_universe_line(st, label, utext, hint, line, err);
    if (furniture_line(label)) {
        st->prev = P_TITLE;
        return pk_banner_note_add(b, "%s:%ld: ignored: '%s'", b->name, line, label)
                   ? pk_banner_oom(b, err) : 0;
    }
    /* A title, or a note between a title and its header; the
     * question's text between its bases and its answers (as
     * YouGov prints it) is its title when it has none. */
    if (q && q->has_body && q->nrows == 0) {
        /* A heading above the header ("YouGov Survey Results") gives
         * way to it; a numbered title ("Q7_1. ...") does not. */
        if (q->title && pk_banner_qnumber(q->title)) {
            if (pk_banner_note_add(b, "%s:%ld: ignored: '%s'", b->name, line, label))
                status = pk_banner_oom(b, err);
        } else {
            if (q->title && pk_banner_note_add(b, "%s:%ld: '%s' is a heading: the question's title is "
                                    "on line %ld", b->name, q->line, q->title, line))
                status = pk_banner_oom(b, err);
            free(q->title);
            q->title = label;
            *labelp = NULL;
            /* the heading's second line was not the wording either */
            free(q->wording);
            q->wording = NULL;
        }
    } else if (!q || q->has_body) {
        if ((status = pk_banner_finish(b, q, err)) != 0) {
            goto out;
        }
        q_free(q);
        if (!(q = q_start(b, label, line)))
            status = pk_banner_oom(b, err);
    } else if (!q->title && q->nhdr == 0) {
        q->title = label;
        *labelp = NULL;
    } else if (q->nhdr == 0 && !q->table_title && bare_table_title(q->title)) {
        /* "Table 1", then "Q1. To what extent...": the wording is the title */
        q->table_title = q->title;
        q->title = label;
        *labelp = NULL;
    } else if (q->nhdr == 0 && !q->wording) {
        /* a short title, then the full wording under it */
        q->wording = label;
        *labelp = NULL;
    } else if (pk_banner_note_add(b, "%s:%ld: ignored: '%s'", b->name, line, label)) {
        status = pk_banner_oom(b, err);
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
    pk_banner_q *q = st->q;
    enum prev prev = st->prev;
    int status = 0;
    if (q && all_cells(r, percent_sign)) {
        /* ",%,%,%": the figures below are percentages */
        q->pct_row = 1;
        if (pk_banner_note_add(b, "%s:%ld: a row of %% signs: the figures are percentages", b->name, line))
            status = pk_banner_oom(b, err);
    } else {
        int numeric = all_cells(r, numeric_like);
        int sig = !numeric && q && all_cells_sig(q, r);
        if (q && q->has_body && prev == P_OTHER && (numeric || sig)) {
            q->nignored++;   /* under a statistic: its letters or counts */
        } else if (q && q->has_body && prev == P_ROW && q->nrows > 0 && numeric) {
            pk_banner_answer *last = &q->rows[q->nrows - 1];
            if (last->alt)
                status = cannot_place(b, r, "a third row of figures under one answer", err);
            else if (!(status = check_fields(b, q, r, err))) {
                if (!(last->alt = copy_cells(q, r)))
                    status = pk_banner_oom(b, err);
                last->alt_line = line;
            }
        } else if (q && q->has_body && prev == P_ROW && q->nrows > 0 && sig) {
            pk_banner_answer *last = &q->rows[q->nrows - 1];
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
                    status = pk_banner_oom(b, err);
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
                if ((status = pk_banner_finish(b, q, err)) == 0) {
                    q_free(q);
                    if (!(q = q_start(b, NULL, line)))
                        status = pk_banner_oom(b, err);
                }
            }
            if (!status && add_header(q, r))
                status = pk_banner_oom(b, err);
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
    pk_banner_q *q = st->q;
    enum prev prev = st->prev;
    int status = 0;
    char *label = *labelp;
    if ((!q || !q->has_body) && !any_cell(r, numeric_like)) {
        /* Group names with text in the label column ("Base: all
         * adults" beside Total, Male...): a header row all the same. */
        if (!q && !(q = q_start(b, NULL, line)))
            status = pk_banner_oom(b, err);
        else if (add_header(q, r) ||
                 pk_banner_note_add(b, "%s:%ld: header row; its first cell '%s' ignored", b->name, line,
                      label))
            status = pk_banner_oom(b, err);
        prev = P_HEADER;
    } else {
        int kind = pk_banner_base_kind(nlabel);
        if (kind != PK_BANNER_BASE_NONE) {
            if (q && q->nrows > 0) {
                if ((status = pk_banner_finish(b, q, err)) == 0) {
                    q_free(q);
                    q = NULL;
                }
            }
            if (!status && !q && !(q = q_start(b, NULL, line)))
                status = pk_banner_oom(b, err);
            if (!status && !(status = resolve_columns(b, q, line, err)))
                status = read_base(b, q, r, kind, label, err);
            prev = P_BASE;
        } else if (q && q->has_body && pk_banner_mean_kind(b, nlabel) != PK_BANNER_STAT_NONE &&
                   !(pk_banner_mean_kind(b, nlabel) == PK_BANNER_STAT_MEAN ? q->mean_txt : q->sd_txt)) {
            /* A mean score and its standard deviation: kept for the
             * question's mean rows. */
            int mean = pk_banner_mean_kind(b, nlabel) == PK_BANNER_STAT_MEAN;
            if (!(status = check_fields(b, q, r, err))) {
                char **cells = copy_cells(q, r);
                if (!cells) {
                    status = pk_banner_oom(b, err);
                } else {
                    *(mean ? &q->mean_txt : &q->sd_txt) = cells;
                    *(mean ? &q->mean_line : &q->sd_line) = line;
                    *(mean ? &q->mean_label : &q->sd_label) = label;
                    *labelp = NULL;
                }
            }
            prev = P_OTHER;
        } else if (pk_banner_is_statistic(nlabel) && q && q->has_body) {
            q->nignored++;
            prev = P_OTHER;
        } else if (pk_banner_is_companion_label(nlabel) && q && prev == P_ROW && q->nrows > 0 &&
                   !q->rows[q->nrows - 1].alt) {
            pk_banner_answer *last = &q->rows[q->nrows - 1];
            if (!(status = check_fields(b, q, r, err))) {
                if (!(last->alt = copy_cells(q, r)))
                    status = pk_banner_oom(b, err);
                last->alt_line = line;
            }
        } else {
            if (!q || !q->has_body) {
                status = pk_err_set(err, PK_ERR_DATA,
                                    "%s:%ld: cannot place this line: an answer ('%s') before "
                                    "any base row; polltable needs an 'Unweighted base' row "
                                    "above the answers",
                                    b->name, line, label);
            } else if (!(status = check_fields(b, q, r, err))) {
                pk_banner_answer *row = add_row(q);
                if (!row || !(row->txt = copy_cells(q, r))) {
                    status = pk_banner_oom(b, err);
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
    pk_banner_q *q = NULL;
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
            b->page_name = b->o.page_names ? b->o.page_names[page] : NULL;
            page++;
            if ((status = pk_banner_finish(b, q, err)) != 0)
                break;
            q_free(q);
            q = NULL;
            prev = P_NONE;
        }
        if (status)
            break;
        size_t nf = pk_csv_reader_nfields(r);
        const char *f0 = nf > 0 ? pk_csv_reader_field(r, 0) : "";
        int has_label = !pk_banner_blank(f0);
        int has_cells = 0;
        for (size_t j = 1; j < nf && !has_cells; j++)
            has_cells = !pk_banner_blank(pk_csv_reader_field(r, j));
        if (!has_label && !has_cells)
            continue;   /* an empty row: what follows decides */
        char *label = pk_banner_trim_dup(f0);
        char *nlabel = label ? pk_banner_norm(label) : NULL;
        if (!label || !nlabel) {
            free(label);
            free(nlabel);
            status = pk_banner_oom(b, err);
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
        status = pk_banner_finish(b, q, err);
        if (!status && pk_banner_say_run(b, b->nnotes))
            status = pk_banner_oom(b, err);
        if (!status && pk_err_list_count(&b->assumed) &&
            pk_banner_note_add(b, "warning: no effective base or weighting efficiency printed for %s: a design "
                    "effect of 1 is assumed (deff_source 'assumed'), so the margins of error "
                    "are too narrow if the poll was weighted; give the pollster's design effect "
                    "with --deff D", pk_err_list_text(&b->assumed)))
            status = pk_banner_oom(b, err);
        if (!status && b->nrows == 0)
            status = pk_err_set(err, PK_ERR_DATA, "%s:%ld: no table found: a banner needs a header "
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
