/* Finishing a question of a published banner (see banner_internal.h):
 * which of an answer's two rows holds the percentages, the question's
 * and answers' codes, the bases, the percentage convention and its checks,
 * the kinds of row (sides and nets), the design effect, and the estimates
 * written as support-table rows. */
#include "banner_internal.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "estimate.h"
#include "number.h"
#include "scale.h"
#include "textnorm.h"

/* ---- finishing a question ---- */

/* Decide which of an answer's two rows holds the percentages. */
static void resolve_pair(pk_banner_q *q, pk_banner_answer *r)
{
    size_t n = q->ncols;
    int pct_label = 0, pct_alt = 0;
    pk_banner_cell *a = calloc(n ? n : 1, sizeof *a), *c = calloc(n ? n : 1, sizeof *c);
    if (!a || !c) {
        free(a);
        free(c);
        return;
    }
    for (size_t j = 0; j < n; j++) {
        pk_banner_parse_cell(r->txt[j], &a[j]);
        pk_banner_parse_cell(r->alt[j], &c[j]);
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
            const pk_banner_cell *X = k == 0 ? a : c, *Y = k == 0 ? c : a;
            double ymax = 0, tot = 0;
            for (size_t j = 0; j < n; j++)
                if (Y[j].kind == PK_BANNER_CELL_NUM && fabs(Y[j].v) > ymax)
                    ymax = fabs(Y[j].v);
            double u = ymax > 1 ? 100 : 1;
            for (size_t j = 0; j < n; j++) {
                double w = !isnan(q->cols[j].wbase) ? q->cols[j].wbase : (double)q->cols[j].n;
                if (X[j].kind != PK_BANNER_CELL_NUM || Y[j].kind != PK_BANNER_CELL_NUM || !(w > 0))
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

static const char *kind_of(const pk_banner_answer *r)
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
    case PK_SIDE_NONE: break;
    }
    return "nominal";
}

/* The net's code: its label's slug without the net mark ("NET: Support"
 * is support); the net score is net. */
static char *net_code(const pk_banner_answer *r)
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
static int set_codes(pk_banner *b, pk_banner_q *q)
{
    pk_util_nameset used = {0};
    int rc = 0;
    for (size_t i = 0; i < q->nrows && rc == 0; i++) {
        pk_banner_answer *r = &q->rows[i];
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
        if (!u || !(r->code = pk_banner_keep(b, u)))
            rc = -1;
    }
    pk_util_nameset_free(&used);
    return rc;
}

/* What finishing a question works out once and its steps share. */
typedef struct qfin {
    const char *code, *label;   /* the question's */
    const char *text, *universe;   /* its full wording and who was asked ("" for none) */
    long line;                  /* its first line */
    double unit;                /* 100: percentages; 1: proportions */
    int decimals;               /* the most decimals printed */
} qfin;

/* A title's question number ("Q7_1. Wording", "Table Q7_1. Wording",
 * "Q3: Wording"): its slug (q7_1) in *code (NULL when it has none), and
 * where the wording after it starts. -1 when out of memory. */
static int split_qnumber(const char *title, char **code, const char **rest)
{
    const char *p = pk_banner_qnumber(title);
    *code = NULL;
    *rest = title;
    if (!p)
        return 0;
    size_t k = 1;
    while (isalnum((unsigned char)p[k]) || p[k] == '_' ||
           (p[k] == '.' && isalnum((unsigned char)p[k + 1])))
        k++;
    char *raw = strndup(p, k);
    if (!raw || !(*code = pk_banner_slug(raw))) {
        free(raw);
        return -1;
    }
    free(raw);
    const char *r = p + k;
    while (*r == ' ' || *r == '.' || *r == ':' || *r == '-' || *r == ')')
        r++;
    if (*r)
        *rest = r;
    return 0;
}

/* Where the short label of a long wording starts: after its last stem
 * ("...the following? Temporary refugee status", "Thinking about X - Y"),
 * as banners repeat the stem on every table; 0 (the whole wording) when
 * the wording is short or no stem is followed by words. */
static size_t short_label_start(const char *text)
{
    static const char *const stems[] = {"? ", "\xe2\x80\xa6 ", "... ", " - ", " \xe2\x80\x93 ", NULL};
    if (strlen(text) <= 50)
        return 0;
    size_t best = 0;
    for (size_t i = 0; stems[i]; i++) {
        const char *hit = NULL;
        for (const char *f = strstr(text, stems[i]); f; f = strstr(f + 1, stems[i]))
            hit = f;
        if (!hit)
            continue;
        size_t at = (size_t)(hit - text) + strlen(stems[i]);
        at += strspn(text + at, " ");
        if (text[at] && at > best)
            best = at;
    }
    return best;
}

/* The question's code, label and full wording, from its lines of text:
 * the code from the Q number of the title or of the wording under it, else
 * from the code of pollkit's "code. Base:" line, else from a bare "Table
 * 3" line, else the title's first words; the label is the title without
 * its number (cut to what follows the stem when there is no separate
 * wording); the wording is the line under the title, else the title. The
 * code is unique in the file (q1, q1_2...). */
static int question_names(pk_banner *b, const pk_banner_q *q, const char *synth, qfin *x)
{
    const char *title = q->title ? q->title : synth;
    char *ct = NULL, *cw = NULL, *code = NULL;
    const char *rt, *rw = NULL;
    int rc = -1;
    if (split_qnumber(title, &ct, &rt) || (q->wording && split_qnumber(q->wording, &cw, &rw)))
        goto out;
    if (ct || cw) {
        code = ct ? ct : cw;
        if (code == ct)
            ct = NULL;
        else
            cw = NULL;
    } else {
        code = pk_banner_slug(q->code_hint ? q->code_hint : q->table_title ? q->table_title : title);
        /* a long title: its first words, cut at an underscore */
        if (code && strlen(code) > 40) {
            size_t cut = 40;
            while (cut > 10 && code[cut] != '_')
                cut--;
            code[cut] = '\0';
        }
    }
    if (!code || (!*code && (free(code), !(code = strdup("q")))))
        goto out;
    char *u = pk_util_nameset_unique(&b->qcodes, code, "_");
    if (!u || !(x->code = pk_banner_keep(b, u)))
        goto out;
    x->label = pk_banner_dup(b, q->wording ? rt : rt + short_label_start(rt));
    x->text = pk_banner_dup(b, !q->title ? "" : q->wording ? rw : rt);
    x->universe = pk_banner_dup(b, q->universe);
    if (x->label && x->text && x->universe)
        rc = 0;
out:
    free(ct);
    free(cw);
    free(code);
    return rc;
}

/* Format a share for notes: "52%" or "0.52". */
static void unit_text(double unit, int decimals, char *buf, size_t n)
{
    snprintf(buf, n, unit == 100 ? "%g%%" : "%g", 0.5 * pow(10, -decimals));
}

static int push_row(pk_banner *b, const pk_support_table_row *row)
{
    if (b->o.row_out) {
        b->nrows++;
        return b->o.row_out(b->o.row_ctx, row);
    }
    if (pk_util_grow((void **)&b->rows, &b->rcap, b->nrows + 1, sizeof *b->rows))
        return -1;
    b->rows[b->nrows++] = *row;
    return 0;
}



/* Note head + the text sb holds, or head + as_above when it is what the
 * last such note said; *last keeps the text (and takes sb's). */
static int note_unless_repeated(pk_banner *b, char **last, pk_util_sbuf *sb, const char *head,
                                const char *as_above, pk_err *err)
{
    if (sb->oom) {
        free(sb->s);
        return pk_banner_oom(b, err);
    }
    int same = *last && strcmp(*last, sb->s) == 0;
    if (pk_banner_note_add(b, "%s%s", head, same ? as_above : sb->s)) {
        free(sb->s);
        return pk_banner_oom(b, err);
    }
    free(*last);
    *last = sb->s;
    return 0;
}
/* The note on the question's columns ("as above" when unchanged). */
static int say_columns(pk_banner *b, pk_banner_q *q, pk_err *err)
{
    /* A banner may have thousands of columns: the note names the first
     * and counts the rest. */
    pk_err_list l = {.max_names = PK_ERR_LIST_ROOM, .max_chars = PK_ERR_LIST_ROOM};
    const char *brk = NULL;
    for (size_t i = 0; i < q->ncols; i++) {
        const pk_banner_col *c = &q->cols[i];
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
static int take_bases(pk_banner *b, pk_banner_q *q, qfin *x, pk_err *err)
{
    int nslot = PK_BANNER_BASE_UNWEIGHTED;
    if (q->base_line[PK_BANNER_BASE_UNWEIGHTED] < 0) {
        if (q->plain_line < 0)
            return pk_err_set(err, PK_ERR_DATA,
                              "%s:%ld: question %s has no unweighted base: polltable needs a row "
                              "named 'Unweighted base' (or 'Unweighted sample', 'Base "
                              "(unweighted)') for each column's number of respondents",
                              b->name, x->line, x->code);
        for (size_t i = 0; i < q->ncols; i++)
            q->cols[i].n = q->plain_n[i];
        nslot = PK_BANNER_BASE_PLAIN;
    }
    long nline = nslot == PK_BANNER_BASE_PLAIN ? q->plain_line : q->base_line[PK_BANNER_BASE_UNWEIGHTED];
    for (size_t i = 0; i < q->ncols; i++)
        if (q->cols[i].n < 0)
            return pk_banner_cell_error(b, q, nline, &q->cols[i], err,
                              "this column has no unweighted base%s", "");
    pk_util_sbuf sb = {0};
    const char *nlabel = nslot == PK_BANNER_BASE_PLAIN ? q->plain_label : q->base_label[PK_BANNER_BASE_UNWEIGHTED];
    pk_util_sbuf_addf(&sb, "  bases: '%s' (line %ld) gives n%s", nlabel, nline,
                      nslot == PK_BANNER_BASE_PLAIN ? ", taken as the unweighted base" : "");
    static const char *const what[] = {"", "the weighted base", "the effective base",
                                       "the weighting efficiency"};
    for (int k = PK_BANNER_BASE_WEIGHTED; k <= PK_BANNER_BASE_EFFICIENCY; k++)
        if (q->base_line[k] >= 0)
            pk_util_sbuf_addf(&sb, "; '%s' (line %ld) %s", q->base_label[k], q->base_line[k], what[k]);
    if (q->plain_line >= 0 && nslot != PK_BANNER_BASE_PLAIN)
        pk_util_sbuf_addf(&sb, "; '%s' (line %ld) not used", q->plain_label, q->plain_line);
    if (sb.oom || pk_banner_note_add(b, "%s", sb.s)) {
        free(sb.s);
        return pk_banner_oom(b, err);
    }
    free(sb.s);

    if (q->nrows == 0 && !q->mean_txt)
        return pk_err_set(err, PK_ERR_DATA, "%s:%ld: question %s has bases but no answers", b->name,
                          x->line, x->code);
    return 0;
}

/* Which row of an answer's pair holds the percentages, the cells read,
 * and the convention (percentages or proportions, and the rounding). */
static int read_cells(pk_banner *b, pk_banner_q *q, qfin *x, pk_err *err)
{
    size_t npairs = 0, counts_on_label = 0;
    for (size_t i = 0; i < q->nrows; i++) {
        pk_banner_answer *r = &q->rows[i];
        r->pct_line = r->line;
        if (r->alt) {
            resolve_pair(q, r);
            npairs++;
            counts_on_label += (size_t)r->counts_on_label;
        }
        if (!(r->c = calloc(q->ncols ? q->ncols : 1, sizeof *r->c)) ||
            !(r->share = calloc(q->ncols ? q->ncols : 1, sizeof *r->share)))
            return pk_banner_oom(b, err);
        for (size_t j = 0; j < q->ncols; j++)
            pk_banner_parse_cell(r->txt[j], &r->c[j]);
    }
    int any_pct = 0, above_one = 0, decimals = 0, stars = 0, dashes = 0, less = 0;
    for (size_t i = 0; i < q->nrows; i++)
        for (size_t j = 0; j < q->ncols; j++) {
            const pk_banner_cell *c = &q->rows[i].c[j];
            if (c->kind == PK_BANNER_CELL_BAD)
                return pk_banner_cell_error(b, q, q->rows[i].pct_line, &q->cols[j], err,
                                  "not a percentage or proportion: '%s'", q->rows[i].txt[j]);
            any_pct |= c->pct;
            if (c->kind == PK_BANNER_CELL_NUM && fabs(c->v) > 1)
                above_one = 1;
            if (c->kind == PK_BANNER_CELL_NUM && c->decimals > decimals)
                decimals = c->decimals;
            stars += c->kind == PK_BANNER_CELL_STAR;
            dashes += c->kind == PK_BANNER_CELL_DASH;
            less += c->kind == PK_BANNER_CELL_LESS;
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
    if (sb.oom || pk_banner_note_add(b, "%s", sb.s)) {
        free(sb.s);
        return pk_banner_oom(b, err);
    }
    free(sb.s);
    return 0;
}

/* Nets by their labels, and the other answers' sides by the scale they
 * make together. */
static int set_kinds(pk_banner *b, pk_banner_q *q, pk_err *err)
{
    size_t nplain = 0;
    const char **labels = calloc(q->nrows, sizeof *labels);
    enum pk_side *sides = calloc(q->nrows, sizeof *sides);
    size_t *idx = calloc(q->nrows, sizeof *idx);
    if (!labels || !sides || !idx) {
        free(labels);
        free(sides);
        free(idx);
        return pk_banner_oom(b, err);
    }
    for (size_t i = 0; i < q->nrows; i++) {
        pk_banner_answer *r = &q->rows[i];
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
    enum pk_scale_guess_family fam = pk_scale_guess(labels, nplain, sides);
    for (size_t k = 0; k < nplain; k++)
        q->rows[idx[k]].side = sides[k];
    free(labels);
    free(sides);
    free(idx);
    q->family = fam;
    return 0;
}

/* The number of words of a label. */
static size_t nwords(const char *s)
{
    size_t n = 0;
    for (int in = 0; *s; s++) {
        int w = !isspace((unsigned char)*s);
        n += w && !in;
        in = w;
    }
    return n;
}

/* Whether row i is, in every column with respondents, the sum of the other
 * answers on its side (two or more, within their rounding), and they are
 * not all zero. */
static int sum_of_side(const pk_banner_q *q, size_t i, double half)
{
    const pk_banner_answer *r = &q->rows[i];
    size_t k = 0;
    for (size_t o = 0; o < q->nrows; o++)
        k += o != i && !q->rows[o].is_net && q->rows[o].side == r->side;
    if (k < 2)
        return 0;
    int any = 0;
    for (size_t j = 0; j < q->ncols; j++) {
        if (isnan(r->share[j]))
            continue;
        double sum = 0;
        for (size_t o = 0; o < q->nrows; o++)
            if (o != i && !q->rows[o].is_net && q->rows[o].side == r->side)
                sum += q->rows[o].share[j];
        if (fabs(sum - r->share[j]) > (double)(k + 1) * half + 1e-9)
            return 0;
        any |= sum > 0;
    }
    return any;
}

/* Nets a table marks only by their figures (or bold type, as pollkit's own
 * workbook does): a row of a side ("Support", "Agree") that is the sum of
 * the other answers of its side. When several rows could be (a part that is
 * zero everywhere), the one with the fewest words ("Support", not
 * "Strongly support"). */
static int nets_by_figures(pk_banner *b, pk_banner_q *q, const qfin *x, pk_err *err)
{
    double half = 0.5 * pow(10, -x->decimals) / (x->unit == 100 ? 100 : 1);
    static const enum pk_side side_of[] = {PK_SIDE_POSITIVE, PK_SIDE_NEGATIVE};
    for (size_t s = 0; s < 2; s++) {
        size_t best = SIZE_MAX;
        for (size_t i = 0; i < q->nrows; i++) {
            const pk_banner_answer *r = &q->rows[i];
            if (r->is_net || r->side != side_of[s] || !sum_of_side(q, i, half))
                continue;
            if (best == SIZE_MAX || nwords(r->label) <= nwords(q->rows[best].label))
                best = i;
        }
        if (best == SIZE_MAX)
            continue;
        q->rows[best].is_net = 1;
        if (pk_banner_note_add(b, "  '%s' read as a net: in every column it is the sum of the other "
                               "answers on its side, within the rounding", q->rows[best].label))
            return pk_banner_oom(b, err);
    }
    return 0;
}

/* The words by which pollsters mark a multiple-choice question, found in
 * its title, wording or base line (any case); NULL when none is there. */
static const char *multi_words(const pk_banner_q *q)
{
    static const char *const marks[] = {
        "multiple responses", "multiple response", "multiple answers", "multiple choice",
        "more than one answer", "more than one response", "all that apply", "select all",
        "tick all", "multi-code", "multicode", "multi-coded", "may add to more than 100",
        "may sum to more than 100", "may total more than 100", NULL};
    const char *texts[] = {q->title, q->table_title, q->wording, q->universe};
    for (size_t t = 0; t < sizeof texts / sizeof texts[0]; t++)
        for (size_t k = 0; texts[t] && marks[k]; k++)
            if (strcasestr(texts[t], marks[k]))
                return marks[k];
    return NULL;
}

/* The answers' codes and kinds, and the note on them. */
static int say_kinds(pk_banner *b, pk_banner_q *q, pk_err *err)
{
    if ((q->multi = multi_words(q)) &&
        pk_banner_note_add(b, "  several answers allowed (its text says '%s'): the answers are "
                           "options (response_kind option), whose shares may add past 100%%",
                           q->multi))
        return pk_banner_oom(b, err);
    enum pk_scale_guess_family fam = q->family;
    if (set_codes(b, q))
        return pk_banner_oom(b, err);
    pk_util_sbuf sb = {0};
    pk_util_sbuf_addf(&sb, "  answers (%s scale): ",
                      fam == PK_SCALE_GUESS_FAMILY_NOMINAL ? "no recognised"
                                                           : pk_scale_guess_family_name(fam));
    /* A question may print thousands of answers: the note names the first
     * and counts the rest. */
    pk_err_list answers = {.max_names = PK_ERR_LIST_ROOM, .max_chars = PK_ERR_LIST_ROOM};
    pk_err_list nets = {.max_names = PK_ERR_LIST_ROOM, .max_chars = PK_ERR_LIST_ROOM};
    for (size_t i = 0; i < q->nrows; i++) {
        pk_banner_answer *r = &q->rows[i];
        r->kind = q->multi && !r->is_net ? "option" : kind_of(r);
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
static int set_shares(pk_banner *b, pk_banner_q *q, qfin *x, pk_err *err)
{
    for (size_t i = 0; i < q->nrows; i++) {
        pk_banner_answer *r = &q->rows[i];
        for (size_t j = 0; j < q->ncols; j++) {
            const pk_banner_cell *c = &r->c[j];
            double p = NAN;
            switch (c->kind) {
            case PK_BANNER_CELL_NUM: p = c->v / x->unit; break;
            case PK_BANNER_CELL_STAR: p = 0.0025; break;
            case PK_BANNER_CELL_DASH: p = 0; break;
            case PK_BANNER_CELL_LESS: p = c->v / x->unit / 2; break;
            case PK_BANNER_CELL_EMPTY:
            case PK_BANNER_CELL_BAD: break;
            }
            if (c->kind == PK_BANNER_CELL_EMPTY && q->cols[j].n > 0)
                return pk_banner_cell_error(b, q, r->pct_line, &q->cols[j], err,
                                  "no figure for '%s' in a column with respondents (write '-' "
                                  "for none)", r->label);
            if (!isnan(p) && (p > 1 + 1e-9 || (!r->is_score && p < 0) || p < -1 - 1e-9))
                return pk_banner_cell_error(b, q, r->pct_line, &q->cols[j], err,
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
static int check_sums(pk_banner *b, pk_banner_q *q, qfin *x, pk_err *err)
{
    if (!q->multi) {
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
            if (pk_banner_note_add(b, "warning: %s:%ld: question %s: the answers add up to %.4g%% in %s%s, "
                        "more than rounding explains (%s); the shares are kept as printed",
                     b->name, x->line, x->code, 100 * first_sum,
                     pk_banner_col_name(q, &q->cols[first_bad], name, sizeof name),
                     bad > 1 ? " (and in other columns)" : "",
                     first_sum > 1 ? "a question where several answers can be chosen?"
                                   : "is an answer missing from the table?"))
                return pk_banner_oom(b, err);
        }
    }
    return 0;
}

/* The design effect of every column, where it came from, and its note. */
static int set_design_effect(pk_banner *b, pk_banner_q *q, qfin *x, pk_err *err)
{
    const char *source = "assumed";
    int eff_slot = -1;
    if (b->o.deff > 0) {
        source = "given";
    } else if (q->base_line[PK_BANNER_BASE_EFFECTIVE] >= 0) {
        source = "effective_base";
        eff_slot = PK_BANNER_BASE_EFFECTIVE;
    } else if (q->base_line[PK_BANNER_BASE_EFFICIENCY] >= 0) {
        source = "efficiency";
        eff_slot = PK_BANNER_BASE_EFFICIENCY;
    }
    const pk_banner_col *total = NULL;
    for (size_t j = 0; j < q->ncols; j++)
        if (q->cols[j].is_total)
            total = &q->cols[j];
    double total_deff = NAN;
    if (total && eff_slot == PK_BANNER_BASE_EFFECTIVE && !isnan(total->eff) && total->n > 0)
        total_deff = (double)total->n / total->eff;
    if (total && eff_slot == PK_BANNER_BASE_EFFICIENCY && !isnan(total->efficiency))
        total_deff = 1 / total->efficiency;
    size_t borrowed = 0, clamped = 0;
    for (size_t j = 0; j < q->ncols; j++) {
        pk_banner_col *c = &q->cols[j];
        double d = 1;
        if (b->o.deff > 0) {
            d = b->o.deff;
        } else if (eff_slot == PK_BANNER_BASE_EFFECTIVE || eff_slot == PK_BANNER_BASE_EFFICIENCY) {
            double own = eff_slot == PK_BANNER_BASE_EFFECTIVE
                             ? (!isnan(c->eff) && c->n > 0 ? (double)c->n / c->eff : NAN)
                             : (!isnan(c->efficiency) ? 1 / c->efficiency : NAN);
            if (isnan(own)) {
                if (isnan(total_deff))
                    return pk_banner_cell_error(b, q, q->base_line[eff_slot], c, err,
                                      eff_slot == PK_BANNER_BASE_EFFECTIVE
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
            if (pk_banner_note_add(b, "  design effect %s (--deff) in every column%s",
                     pk_number_format(dbuf, b->o.deff, 6),
                     q->base_line[PK_BANNER_BASE_EFFECTIVE] >= 0 || q->base_line[PK_BANNER_BASE_EFFICIENCY] >= 0
                         ? "; the table's own effective base or efficiency is not used"
                         : ""))
                return pk_banner_oom(b, err);
        } else if (strcmp(source, "assumed") == 0) {
            if (pk_banner_note_add(b, "  design effect: none printed, 1 assumed (see the warning below)"))
                return pk_banner_oom(b, err);
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
                              eff_slot == PK_BANNER_BASE_EFFECTIVE ? "effective base" : "weighting efficiency",
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
            if (d.oom || pk_banner_note_add(b, "%s", d.s)) {
                free(d.s);
                return pk_banner_oom(b, err);
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
static char *sig_letters(const pk_banner_q *q, const char *printed)
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
static int net_sides(const pk_banner_q *q, size_t j, double *pp, double *pn)
{
    const pk_banner_answer *pos = NULL, *neg = NULL;
    int npos = 0, nneg = 0;
    for (size_t k = 0; k < q->nrows; k++) {
        const pk_banner_answer *o = &q->rows[k];
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
        const pk_banner_answer *o = &q->rows[k];
        if (pos ? o == pos : !o->is_net && o->side == PK_SIDE_POSITIVE)
            *pp += o->share[j];
        if (neg ? o == neg : !o->is_net && o->side == PK_SIDE_NEGATIVE)
            *pn += o->share[j];
    }
    return 1;
}

/* se and interval of answer r in column j (see banner.h). */
static void estimate(const pk_banner *b, const pk_banner_q *q, const pk_banner_answer *r, size_t j, pk_support_table_row *row)
{
    const pk_banner_col *c = &q->cols[j];
    double p = row->share;
    row->se = row->ci_low = row->ci_high = NAN;
    if (!(c->n > 0) || isnan(p))
        return;
    if (!r->is_score) {
        row->se = sqrt(c->deff * p * (1 - p) / (double)c->n);
        pk_estimate_interval(b->o.ci, p, row->se, c->n, c->n - 1, c->n, b->o.level, &row->ci_low,
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
    pk_estimate_interval_net(p, row->se, c->n, c->n - 1, b->o.level, &row->ci_low, &row->ci_high);
}

/* The support-table rows: scale answers in printed order, then the nets
 * (positive, negative, other nets, net score). */
static int emit_rows(pk_banner *b, pk_banner_q *q, qfin *x, pk_err *err)
{
    for (int pass = 0; pass < 5; pass++) {
        for (size_t i = 0; i < q->nrows; i++) {
            pk_banner_answer *r = &q->rows[i];
            int rank = !r->is_net ? 0
                       : r->is_score ? 4
                       : r->side == PK_SIDE_POSITIVE ? 1
                       : r->side == PK_SIDE_NEGATIVE ? 2 : 3;
            if (rank != pass)
                continue;
            const char *label = pk_banner_dup(b, r->is_net && !r->is_score ? net_label(r->label) : r->label);
            if (!label)
                return pk_banner_oom(b, err);
            for (size_t j = 0; j < q->ncols; j++) {
                const pk_banner_col *c = &q->cols[j];
                pk_support_table_row row = {
                    .question = x->code, .question_label = x->label, .by = c->by,
                    .group = c->group, .group_label = c->group_label, .response = r->code,
                    .response_label = label, .response_kind = r->kind, .n = c->n,
                    .count = NAN, .weighted_base = c->wbase, .share = r->share[j],
                    .deff_kish = c->deff, .n_eff = (double)c->n / c->deff,
                    .df = c->n > 0 ? c->n - 1 : -1, .deff = NAN, .mean = NAN,
                    .ci_method = r->is_score ? "mean" : pk_estimate_ci_name(b->o.ci),
                    .level = b->o.level, .base = "all", .weight = "",
                    .low_base = c->n < b->o.min_base, .se_method = "fixed",
                    .deff_source = c->deff_source, .source = b->o.source ? b->o.source : "",
                    .group_letter = c->letter, .sig_higher_than = "",
                    .question_text = x->text, .universe = x->universe,
                    .by_label = c->is_total ? "" : c->brk, .line = r->pct_line};
                if (r->sig && r->sig[j] && *r->sig[j] &&
                    !(row.sig_higher_than = pk_banner_keep(b, sig_letters(q, r->sig[j]))))
                    return pk_banner_oom(b, err);
                estimate(b, q, r, j, &row);
                if (push_row(b, &row))
                    return pk_banner_oom(b, err);
            }
            double pp, pn;
            if (r->is_score && !net_sides(q, 0, &pp, &pn) &&
                pk_banner_note_add(b, "  '%s': no answers of either side, so its se takes the largest value "
                        "the net score allows", r->label))
                return pk_banner_oom(b, err);
        }
    }
    if (q->nignored &&
        pk_banner_note_add(b, "  %zu line%s of summary statistics ignored", q->nignored,
             q->nignored == 1 ? "" : "s"))
        return pk_banner_oom(b, err);
    return 0;
}

/* A mean or standard deviation as printed in column c: NaN when empty or
 * '-'; an error when it is no number. */
static int stat_cell(pk_banner *b, const pk_banner_q *q, long line, const pk_banner_col *c, const char *txt,
                     double *v, pk_err *err)
{
    *v = NAN;
    if (pk_banner_blank(txt) || strcmp(txt, "-") == 0)
        return 0;
    if (pk_number_parse(txt, v) != 0)
        return pk_banner_cell_error(b, q, line, c, err, "not a number: '%s'", txt);
    return 0;
}

/* The question's mean rows, one per column, after its answers (banner.h):
 * the mean as printed, n the column's base less its don't-know share (who
 * has no score); se = sd sqrt(deff / n) from the standard deviation row
 * when the table prints one, interval mean +- t(n - 1) se; else no se or
 * interval, with a warning. The weighted base is left empty: the table
 * prints none for the mean's own base. */
static int emit_means(pk_banner *b, pk_banner_q *q, qfin *x, pk_err *err)
{
    if (!q->mean_txt)
        return 0;
    const char *label = pk_banner_dup(b, q->mean_label);
    if (!label)
        return pk_banner_oom(b, err);
    int any_dk = 0;
    for (size_t j = 0; j < q->ncols; j++) {
        const pk_banner_col *c = &q->cols[j];
        double m, sd = NAN;
        /* The mean's base: the column's less those who answered don't
         * know (they have no score), from the printed shares. */
        double dk = 0;
        for (size_t i = 0; i < q->nrows; i++)
            if (strcmp(q->rows[i].kind, "dont_know") == 0 && !isnan(q->rows[i].share[j]))
                dk += q->rows[i].share[j];
        long n = c->n > 0 ? lround((double)c->n * (1 - fmin(dk, 1))) : c->n;
        any_dk |= n != c->n;
        if (stat_cell(b, q, q->mean_line, c, q->mean_txt[j], &m, err) ||
            (q->sd_txt && stat_cell(b, q, q->sd_line, c, q->sd_txt[j], &sd, err)))
            return err->status;
        if (n > 0 && isnan(m))
            return pk_banner_cell_error(b, q, q->mean_line, c, err,
                                        "no mean score in a column with respondents%s", "");
        if (sd < 0)
            return pk_banner_cell_error(b, q, q->sd_line, c, err, "a negative standard deviation: '%s'",
                                        q->sd_txt[j]);
        pk_support_table_row row = {
            .question = x->code, .question_label = x->label, .by = c->by, .group = c->group,
            .group_label = c->group_label, .response = PK_SCALE_MEAN_CODE, .response_label = label,
            .response_kind = "mean", .n = n, .count = NAN, .weighted_base = NAN, .share = NAN,
            .se = NAN, .ci_low = NAN, .ci_high = NAN, .deff_kish = c->deff,
            .n_eff = (double)n / c->deff, .df = n > 0 ? n - 1 : -1, .deff = NAN,
            .mean = n > 0 ? m : NAN, .ci_method = "mean", .level = b->o.level, .base = "all",
            .weight = "", .low_base = n < b->o.min_base, .se_method = "fixed",
            .deff_source = c->deff_source, .source = b->o.source ? b->o.source : "",
            .group_letter = c->letter, .sig_higher_than = "", .question_text = x->text,
            .universe = x->universe, .by_label = c->is_total ? "" : c->brk, .line = q->mean_line};
        if (n > 1 && !isnan(sd)) {
            double t = pk_estimate_t(b->o.level, n - 1);
            row.se = sd * sqrt(c->deff / (double)n);
            row.ci_low = m - t * row.se;
            row.ci_high = m + t * row.se;
        }
        if (push_row(b, &row))
            return pk_banner_oom(b, err);
    }
    int rc = q->sd_txt ? pk_banner_note_add(b, "  mean score: '%s' (line %ld), each group's mean as printed; its "
                                               "se from '%s' (line %ld) as sd \u00d7 \u221a(design effect / n), "
                                               "its interval t on n \u2212 1 df",
                                            q->mean_label, q->mean_line, q->sd_label, q->sd_line)
                       : pk_banner_note_add(b, "warning: %s:%ld: question %s: the mean score '%s' has no "
                                               "standard deviation row, so its rows have no standard error "
                                               "or interval", b->name, q->mean_line, x->code, q->mean_label);
    if (!rc && any_dk)
        rc = pk_banner_note_add(b, "  the mean's base n: the column's less its don't-know share, rounded");
    return rc ? pk_banner_oom(b, err) : 0;
}

/* The notes from `from` on, with the line numbers taken out ("FILE:12:"
 * and "(line 12)"), joined: what two questions laid out alike share. NULL
 * when out of memory or when a note is a warning (never folded away). */
static char *layout_signature(const pk_banner *b, size_t from)
{
    pk_util_sbuf sb = {0};
    size_t nlen = strlen(b->name);
    for (size_t i = from; i < b->nnotes; i++) {
        const char *s = b->notes[i];
        if (strncmp(s, "warning:", 8) == 0) {
            free(sb.s);
            return NULL;
        }
        while (*s) {
            if (strncmp(s, b->name, nlen) == 0 && s[nlen] == ':' && isdigit((unsigned char)s[nlen + 1])) {
                s += nlen + 1;
                s += strspn(s, "0123456789");
                pk_util_sbuf_add(&sb, "FILE:#");
            } else if (strncmp(s, "line ", 5) == 0 && isdigit((unsigned char)s[5])) {
                s += 5 + strspn(s + 5, "0123456789");
                pk_util_sbuf_add(&sb, "line #");
            } else {
                char c[2] = {*s++, '\0'};
                pk_util_sbuf_add(&sb, c);
            }
        }
        pk_util_sbuf_add(&sb, "\n");
    }
    if (sb.oom) {
        free(sb.s);
        return NULL;
    }
    return sb.s ? sb.s : strdup("");
}

int pk_banner_say_run(pk_banner *b, size_t at)
{
    if (b->run_first == 0)
        return 0;
    int rc = b->run_first == b->run_last
                 ? pk_banner_note_insert(b, at, "  table %zu: as table %zu (columns, bases, convention, "
                                         "answers, design effect)", b->run_first, b->run_first - 1)
                 : pk_banner_note_insert(b, at, "  tables %zu-%zu: as table %zu (columns, bases, "
                                         "convention, answers, design effect)", b->run_first,
                                         b->run_last, b->run_first - 1);
    b->run_first = b->run_last = 0;
    return rc;
}

/* A question laid out as the one before it (the same notes but for its
 * line numbers) keeps only the notes on its title: the run of such
 * questions is said once ("tables 2-40: as table 1"). */
static int fold_repeated_layout(pk_banner *b, pk_banner_q *q, size_t from)
{
    char *sig = layout_signature(b, from);
    int same = sig && b->last_layout && strcmp(sig, b->last_layout) == 0;
    if (same) {
        for (size_t i = from; i < b->nnotes; i++)
            free(b->notes[i]);
        b->nnotes = from;
        if (b->run_first == 0)
            b->run_first = b->nquestions;
        b->run_last = b->nquestions;
    } else if (pk_banner_say_run(b, q->note_from)) {
        free(sig);
        return -1;
    }
    free(b->last_layout);
    b->last_layout = sig;
    return 0;
}

/* Finish a question: everything above, in order, then its columns kept for
 * the questions after it. */
int pk_banner_finish(pk_banner *b, pk_banner_q *q, pk_err *err)
{
    qfin xv = {0}, *x = &xv;
    if (!q)
        return 0;
    x->line = q->line;
    if (!q->has_body) {
        /* A title or note with no table under it: a footer, say. */
        if (q->title && pk_banner_note_add(b, "%s:%ld: ignored: '%s' (no table under it)", b->name, x->line,
                             q->title))
            return pk_banner_oom(b, err);
        if (!q->title && q->nhdr > 0 &&
            pk_banner_note_add(b, "%s:%ld: ignored: a header with no table under it", b->name, x->line))
            return pk_banner_oom(b, err);
        return 0;
    }
    b->nquestions++;
    char synth[32];
    snprintf(synth, sizeof synth, "Q%zu", b->nquestions);
    if (question_names(b, q, synth, x))
        return pk_banner_oom(b, err);
    size_t at = q->note_from;
    if (pk_banner_note_insert(b, at++, "%s:%ld: question %s: %s%s", b->name, x->line, x->code,
                              x->label, q->title ? "" : " (no title line)") ||
        (*x->text && strcmp(x->text, x->label) != 0 &&
         pk_banner_note_insert(b, at++, "  wording: '%s'", x->text)) ||
        (*x->universe &&
         pk_banner_note_insert(b, at++, "  universe (who was asked): '%s'", x->universe)))
        return pk_banner_oom(b, err);
    size_t layout_from = at;
    int st;
    /* A table of summary rows only (a mean score's, as pollkit's own
     * workbook prints for --means): nothing polltable reads, said. */
    if (q->nrows == 0 && q->nignored > 0 && !q->mean_txt)
        return pk_banner_note_insert(b, at, "warning: %s:%ld: question %s has only summary rows "
                                     "(mean, median...), which polltable does not read: no rows "
                                     "written for it", b->name, x->line, x->code)
                   ? pk_banner_oom(b, err) : 0;
    if ((st = say_columns(b, q, err)) != 0)
        return st;
    if ((st = take_bases(b, q, x, err)) != 0)
        return st;
    /* A question of a mean score alone has no answers to read. */
    int answers = q->nrows > 0;
    if (answers && ((st = read_cells(b, q, x, err)) != 0 || (st = set_kinds(b, q, err)) != 0 ||
                    (st = set_shares(b, q, x, err)) != 0 || (st = nets_by_figures(b, q, x, err)) != 0 ||
                    (st = say_kinds(b, q, err)) != 0 || (st = check_sums(b, q, x, err)) != 0))
        return st;
    if ((st = set_design_effect(b, q, x, err)) != 0)
        return st;
    if (answers && (st = emit_rows(b, q, x, err)) != 0)
        return st;
    if ((st = emit_means(b, q, x, err)) != 0)
        return st;
    if (fold_repeated_layout(b, q, layout_from))
        return pk_banner_oom(b, err);

    /* Later questions without a header of their own keep these columns. */
    if (!q->inherited) {
        free(b->last_cols);
        b->last_cols = malloc(q->ncols * sizeof *b->last_cols);
        if (!b->last_cols)
            return pk_banner_oom(b, err);
        memcpy(b->last_cols, q->cols, q->ncols * sizeof *b->last_cols);
        b->nlast = q->ncols;
    }
    return 0;
}
