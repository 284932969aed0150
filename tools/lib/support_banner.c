/* The support table as a banner for a terminal (see support_banner.h),
 * from its rows: pollsupport's table and any table read back (pollbanner)
 * go through the same code. */
#include "support_banner.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "number.h"
#include "scale.h"
#include "support_letters.h"

/* The banner: one block per question, a column per group (All, then each
 * --by column's groups and its combined groups, like a pollster's data
 * tables), percentages to whole numbers, bases underneath. Response and
 * group labels are shown in full: a group's heading wraps at spaces onto
 * as many lines as it needs. */
#define TITLE_MIN 18
#define TITLE_MAX 40
#define ONE_LINE_MAX 12   /* a label this long stays on one line */

/* The table as the banner reads it: its rows in question -> group ->
 * response order, its columns (every group met, in order), its questions
 * (a run of rows; each group's rows a block of nresp). */
typedef struct bslot {
    const char *by, *by_label, *group, *label, *letter;
} bslot;

typedef struct bquestion {
    size_t row0, nresp;
    long *block;     /* [slot]: the question's block of that group, or -1 */
    long pos;        /* the response of its positive net, or -1 */
} bquestion;

typedef struct banner {
    pk_support_table_row *rows;
    size_t nrows;
    bslot *s;
    size_t ns;
    bquestion *q;
    size_t nq;
    const pk_support_info *info;
    int any_by, any_letter;
} banner;

/* The row of question q, slot k, response ri; NULL when the question has
 * no such group. */
static const pk_support_table_row *cell(const banner *b, const bquestion *q, size_t k, size_t ri)
{
    if (q->block[k] < 0)
        return NULL;
    return &b->rows[q->row0 + (size_t)q->block[k] * q->nresp + ri];
}

static void banner_free(banner *b)
{
    for (size_t i = 0; i < b->nq; i++)
        free(b->q[i].block);
    free(b->q);
    free(b->s);
    free(b->rows);
}

/* The positive net of a question: its net_positive row, else its one
 * positive code (a single-code side is its own net); -1 when none. */
static long positive_net(const banner *b, const bquestion *q)
{
    long only = -1;
    size_t npos = 0;
    for (size_t ri = 0; ri < q->nresp; ri++) {
        enum pk_scale_kind k;
        if (pk_scale_kind_parse(b->rows[q->row0 + ri].response_kind, &k) != 0)
            continue;
        if (k == PK_SCALE_KIND_NET_POSITIVE)
            return (long)ri;
        if (k == PK_SCALE_KIND_POSITIVE) {
            only = (long)ri;
            npos++;
        }
    }
    return npos == 1 ? only : -1;
}

static enum pk_scale_kind kind_of(const pk_support_table_row *r)
{
    enum pk_scale_kind k;
    return pk_scale_kind_parse(r->response_kind, &k) == 0 ? k : PK_SCALE_KIND_NOMINAL;
}

/* Read the rows into b. -1 when memory runs out. */
static int banner_make(banner *b, const pk_support_xlsx_src *src)
{
    memset(b, 0, sizeof *b);
    b->info = &src->info;
    b->rows = malloc((src->nrows ? src->nrows : 1) * sizeof *b->rows);
    b->s = malloc((src->nrows ? src->nrows : 1) * sizeof *b->s);
    b->q = calloc(src->nrows ? src->nrows : 1, sizeof *b->q);
    if (!b->rows || !b->s || !b->q)
        return -1;
    b->nrows = src->nrows;
    for (size_t i = 0; i < src->nrows; i++)
        src->row(src->ctx, i, &b->rows[i]);
    for (size_t i = 0; i < b->nrows; i++) {
        const pk_support_table_row *r = &b->rows[i];
        size_t k = 0;
        while (k < b->ns && !(strcmp(b->s[k].group, r->group) == 0 && strcmp(b->s[k].by, r->by) == 0))
            k++;
        if (k == b->ns)
            b->s[b->ns++] = (bslot){r->by, r->by_label, r->group, r->group_label, r->group_letter};
        b->any_by |= r->by[0] != '\0';
        b->any_letter |= r->group_letter[0] != '\0';
        if (i == 0 || strcmp(r->question, b->rows[i - 1].question) != 0)
            b->q[b->nq++].row0 = i;
    }
    for (size_t qi = 0; qi < b->nq; qi++) {
        bquestion *q = &b->q[qi];
        size_t end = qi + 1 < b->nq ? b->q[qi + 1].row0 : b->nrows;
        const pk_support_table_row *r0 = &b->rows[q->row0];
        q->nresp = 0;
        while (q->row0 + q->nresp < end && strcmp(b->rows[q->row0 + q->nresp].group, r0->group) == 0 &&
               strcmp(b->rows[q->row0 + q->nresp].by, r0->by) == 0)
            q->nresp++;
        if (!(q->block = malloc((b->ns ? b->ns : 1) * sizeof *q->block)))
            return -1;
        for (size_t k = 0; k < b->ns; k++)
            q->block[k] = -1;
        for (size_t i = q->row0, blk = 0; i < end; i += q->nresp, blk++)
            for (size_t k = 0; k < b->ns; k++)
                if (strcmp(b->s[k].group, b->rows[i].group) == 0 && strcmp(b->s[k].by, b->rows[i].by) == 0)
                    q->block[k] = (long)blk;
        q->pos = positive_net(b, q);
    }
    return 0;
}

/* Display width of UTF-8 text: its characters (continuation bytes do not
 * count), good enough for the Latin labels of a codebook. The banner is
 * for a terminal, so text from data is written with its control
 * characters escaped (err.h) and measured so. */
static size_t text_width(const char *s, size_t len)
{
    return pk_err_escaped_width(s, len);
}

static void put_line(FILE *f, const char *a, const char *b, const char *c, const char *d)
{
    const char *parts[] = {a, b, c, d};
    for (size_t i = 0; i < 4; i++)
        if (parts[i])
            pk_err_write_escaped(f, parts[i], strlen(parts[i]));
    fputc('\n', f);
}

/* Print text (len bytes) in w characters, after a space, right-aligned or
 * (left) left-aligned. Only labels can be wider than their cell (every
 * column is as wide as its widest figure, banner_layout): such text is cut
 * at a character boundary and ends in an ellipsis, so a cut shows. */
static void put_text(FILE *f, size_t w, const char *text, size_t len, int left)
{
    size_t tw = text_width(text, len);
    int cut = tw > w && w > 0;
    while (tw > (cut ? w - 1 : w)) {
        do
            len--;
        while (len > 0 && ((unsigned char)text[len] & 0xC0) == 0x80);
        tw = text_width(text, len);
    }
    size_t pad = w - tw - (size_t)cut;
    if (!left)
        fprintf(f, " %*s", (int)pad, "");
    pk_err_write_escaped(f, text, len);
    if (cut)
        fputs("\xE2\x80\xA6", f);
    if (left)
        fprintf(f, "%*s", (int)pad, "");
}

static void put_cell(FILE *f, size_t w, const char *text)
{
    put_text(f, w, text, strlen(text), 0);
}

/* A group's heading: its label in lines of at most the cell's width
 * (its longest word, at least 6; a label of up to ONE_LINE_MAX characters
 * keeps one line). */
#define HEAD_LINES 6
typedef struct heading {
    const char *l[HEAD_LINES];
    size_t n[HEAD_LINES];
    size_t nlines, width;
} heading;

static heading heading_of(const bslot *s)
{
    heading h;
    memset(&h, 0, sizeof h);
    const char *lab = s->label;
    size_t len = strlen(lab), w = 6, word = 0;
    for (size_t i = 0; i <= len; i++) {
        if (i == len || lab[i] == ' ') {
            if (word > w)
                w = word;
            word = 0;
        } else if (((unsigned char)lab[i] & 0xC0) != 0x80) {
            word++;
        }
    }
    if (text_width(lab, len) <= ONE_LINE_MAX && text_width(lab, len) > w)
        w = text_width(lab, len);
    h.width = w;
    size_t start = 0;
    while (start < len && h.nlines < HEAD_LINES) {
        /* The longest run of words from start that fits in w. */
        size_t end = start, i = start;
        while (i <= len) {
            if (i == len || lab[i] == ' ') {
                if (text_width(lab + start, i - start) <= w || end == start)
                    end = i;
                else
                    break;
            }
            i++;
        }
        if (h.nlines == HEAD_LINES - 1)
            end = len;
        h.l[h.nlines] = lab + start;
        h.n[h.nlines++] = end - start;
        start = end;
        while (start < len && lab[start] == ' ')
            start++;
    }
    return h;
}

/* Length of the next line of letters from s that fits w characters:
 * compact letters ("BCE", every letter one character) are cut anywhere,
 * spaced ones ("AA AB") between letters. *used also counts the space
 * that ends the line. */
static size_t letters_line(const char *s, size_t w, int compact, size_t *used)
{
    size_t len = strlen(s);
    if (len <= w || compact) {
        *used = len <= w ? len : w;
        return *used;
    }
    size_t fit = 0;
    for (size_t i = 0; i <= len; i++)
        if ((s[i] == ' ' || s[i] == '\0') && i <= w)
            fit = i;
    if (fit == 0) /* one letter wider than the cell: cut it */
        fit = w;
    *used = fit + (s[fit] == ' ');
    return fit;
}

/* Print a line without its trailing spaces. */
static void put_trimmed(FILE *f, const char *p, size_t n)
{
    while (n > 0 && p[n - 1] == ' ')
        n--;
    fprintf(f, "%.*s\n", (int)n, p);
}

/* The letters under row ri of question q, wrapped within each cell of
 * width hd[k].width after a title of tw: nothing when no cell has any.
 * With at most 26 lettered groups the letters are run together ("BCE"),
 * as pollsters print them; else spaced ("AA AB"). */
static void put_letters(FILE *f, const banner *b, const bquestion *q, size_t ri, const heading *hd, size_t tw)
{
    size_t ns = b->ns;
    int compact = 1;
    for (size_t k = 0; k < ns; k++)
        compact &= strlen(b->s[k].letter) <= 1;
    const char **rest = malloc((ns ? ns : 1) * sizeof *rest);
    char **own = calloc(ns ? ns : 1, sizeof *own);
    char *lb = NULL;
    size_t lsz = 0;
    FILE *m = NULL;
    int any = 0;
    if (!rest || !own || !(m = open_memstream(&lb, &lsz)))
        goto done;
    for (size_t k = 0; k < ns; k++) {
        const pk_support_table_row *r = cell(b, q, k, ri);
        const char *sig = r && r->sig_higher_than[0] ? r->sig_higher_than : NULL;
        rest[k] = "";
        if (!sig)
            continue;
        any = 1;
        if (!compact) {
            rest[k] = sig;
        } else if ((own[k] = malloc(strlen(sig) + 1))) {
            size_t n = 0;
            for (const char *p = sig; *p; p++)
                if (*p != ' ')
                    own[k][n++] = *p;
            own[k][n] = '\0';
            rest[k] = own[k];
        }
    }
    while (any) {
        any = 0;
        rewind(m);
        fprintf(m, "%-*s", (int)tw, "");
        for (size_t k = 0; k < ns; k++) {
            size_t used, n = letters_line(rest[k], hd[k].width, compact, &used);
            put_text(m, hd[k].width, rest[k], n, 0);
            rest[k] += used;
            any |= rest[k][0] != '\0';
        }
        long end = ftell(m);
        fflush(m);
        put_trimmed(f, lb, end > 0 ? (size_t)end : 0);
    }
done:
    if (m)
        fclose(m);
    free(lb);
    for (size_t k = 0; own && k < ns; k++)
        free(own[k]);
    free(own);
    free(rest);
}

/* The banner's columns: each group's heading, the number of heading
 * lines, the width of the first column, the interval level as text. */
typedef struct banner_layout {
    heading *hd;
    size_t ns, maxlines, tw;
    int last;           /* the last line under the answers (no weighted bases: LINE_N) */
    char level[PK_NUMBER_BUFSIZE];
    int compact;        /* a weighted base written to 3 significant digits */
} banner_layout;

/* The figures under the answers, one kind a line. */
enum base_line { LINE_CI, LINE_N, LINE_WBASE };

/* Weighted bases from this on are written to 3 significant digits
 * ("1.6e+15"), which the footnote says; below it, whole numbers. */
#define WBASE_COMPACT 1e12

/* The text of a figure under the answers of question q in column k (the
 * positive net's interval for LINE_CI, from row ri); *compact set when a
 * weighted base takes the compact form. A figure the table lacks is "-". */
static void base_text(const banner *b, const bquestion *q, size_t k, size_t ri, enum base_line line,
                      char *buf, size_t size, int *compact)
{
    const pk_support_table_row *r = cell(b, q, k, line == LINE_CI ? ri : 0);
    switch (line) {
    case LINE_CI:
        if (!r || isnan(r->ci_low) || isnan(r->ci_high))
            snprintf(buf, size, "-");
        else
            snprintf(buf, size, "%ld-%ld", lround(r->ci_low * 100), lround(r->ci_high * 100));
        break;
    case LINE_N:
        if (!r || r->n < 0)
            snprintf(buf, size, "-");
        else
            snprintf(buf, size, "%ld%s", r->n, r->low_base ? "*" : "");
        break;
    case LINE_WBASE:
        if (!r || isnan(r->weighted_base)) {
            snprintf(buf, size, "-");
        } else if (r->weighted_base >= WBASE_COMPACT) {
            pk_number_format(buf, r->weighted_base, 3);
            *compact = 1;
        } else {
            snprintf(buf, size, "%.0f", r->weighted_base);
        }
        break;
    }
}

/* Whether the table gives weighted bases (a typed-in table may not). */
static int any_wbase(const banner *b)
{
    for (size_t i = 0; i < b->nrows; i++)
        if (!isnan(b->rows[i].weighted_base))
            return 1;
    return 0;
}

/* Widen each column to its widest figure over every question: a base, a
 * weighted base or an interval is never cut (a share, at most "100%" or
 * "+100", fits the narrowest column). */
static void fit_figures(const banner *b, banner_layout *L)
{
    for (size_t qi = 0; qi < b->nq; qi++) {
        const bquestion *q = &b->q[qi];
        long ci = q->pos;
        for (size_t k = 0; k < L->ns; k++)
            for (int line = ci >= 0 ? LINE_CI : LINE_N; line <= L->last; line++) {
                char buf[PK_NUMBER_BUFSIZE + 400];
                base_text(b, q, k, ci >= 0 ? (size_t)ci : 0, (enum base_line)line, buf, sizeof buf,
                          &L->compact);
                if (strlen(buf) > L->hd[k].width)
                    L->hd[k].width = strlen(buf);
            }
    }
}

/* The first column's width: the widest response label (with " NN% CI"
 * after the positive net's), within TITLE_MIN and TITLE_MAX. */
static size_t title_width(const banner *b, const char *level)
{
    size_t tw = TITLE_MIN;
    for (size_t qi = 0; qi < b->nq; qi++) {
        const bquestion *q = &b->q[qi];
        for (size_t ri = 0; ri < q->nresp; ri++) {
            const char *l = b->rows[q->row0 + ri].response_label;
            /* The positive net's label also heads the interval line. */
            size_t w = text_width(l, strlen(l)) + ((long)ri == q->pos ? 5 + strlen(level) : 0);
            if (w > tw)
                tw = w;
        }
    }
    return tw > TITLE_MAX ? TITLE_MAX : tw;
}

/* The banner line (each break's label over its first group), the groups'
 * headings and their letters. They are written to a buffer first to drop
 * the trailing spaces of the empty cells. -1 when the buffer cannot be
 * made. */
static int write_headings(FILE *out, const banner *b, const banner_layout *L)
{
    const heading *hd = L->hd;
    size_t ns = L->ns, tw = L->tw;
    char *lb = NULL;
    size_t lsz = 0;
    FILE *f = open_memstream(&lb, &lsz);
    if (!f)
        return -1;
    if (b->any_by) {
        fprintf(f, "%-*s", (int)tw, "");
        size_t k = 0;
        while (k < ns) {
            const bslot *s = &b->s[k];
            size_t span = hd[k].width + 1, k2 = k + 1;
            while (k2 < ns && strcmp(b->s[k2].by, s->by) == 0)
                span += hd[k2++].width + 1;
            const char *name = s->by_label && s->by_label[0] ? s->by_label : s->by;
            fputc(' ', f);
            put_text(f, span - 1, name, strlen(name), 1);
            k = k2;
        }
        fputc('\n', f);
    }
    for (size_t line = 0; line < L->maxlines; line++) {
        fprintf(f, "%-*s", (int)tw, "");
        for (size_t k = 0; k < ns; k++) {
            /* Headings sit on the lowest lines. */
            size_t skip = L->maxlines - hd[k].nlines;
            if (line < skip)
                fprintf(f, " %*s", (int)hd[k].width, "");
            else
                put_text(f, hd[k].width, hd[k].l[line - skip], hd[k].n[line - skip], 0);
        }
        fputc('\n', f);
    }
    if (b->any_letter) {
        fprintf(f, "%-*s", (int)tw, "");
        for (size_t k = 0; k < ns; k++) {
            char lt[PK_SUPPORT_LETTERS_NAME_MAX + 2] = "";
            if (b->s[k].letter[0])
                snprintf(lt, sizeof lt, "(%.*s)", PK_SUPPORT_LETTERS_NAME_MAX - 1, b->s[k].letter);
            put_cell(f, hd[k].width, lt);
        }
        fputc('\n', f);
    }
    fclose(f);
    for (char *p = lb; lb && *p;) {
        char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        while (n > 0 && p[n - 1] == ' ')
            n--;
        fprintf(out, "%.*s\n", (int)n, p);
        p = nl ? nl + 1 : p + strlen(p);
    }
    free(lb);
    return 0;
}

/* A question's answers, each a row of whole percentages (a net score
 * signed) with its letters under it. Sets *any_dk when one is a don't
 * know. */
static void write_answers(FILE *f, const banner *b, const bquestion *q, const banner_layout *L, int *any_dk)
{
    for (size_t ri = 0; ri < q->nresp; ri++) {
        const pk_support_table_row *r0 = &b->rows[q->row0 + ri];
        enum pk_scale_kind kind = kind_of(r0);
        *any_dk |= kind == PK_SCALE_KIND_DONT_KNOW;
        put_text(f, L->tw, r0->response_label, strlen(r0->response_label), 1);
        for (size_t k = 0; k < L->ns; k++) {
            const pk_support_table_row *r = cell(b, q, k, ri);
            char buf[48];
            if (r && kind == PK_SCALE_KIND_MEAN)   /* one decimal, whatever the locale */
                pk_number_percent(buf, sizeof buf, r->mean / 100, 1, 0, "-");
            else if (!r || isnan(r->share))
                strcpy(buf, "-");
            else if (kind == PK_SCALE_KIND_NET_SCORE)
                snprintf(buf, sizeof buf, lround(r->share * 100) ? "%+ld" : "%ld", lround(r->share * 100));
            else
                snprintf(buf, sizeof buf, "%ld%%", lround(r->share * 100));
            put_cell(f, L->hd[k].width, buf);
        }
        fputc('\n', f);
        put_letters(f, b, q, ri, L->hd, L->tw);
    }
}

/* Under the answers: the positive net's interval (when there is one), the
 * bases and the weighted bases, and the low-base mark's meaning. The
 * interval's title keeps its level whole, cutting the label instead. */
static void write_bases(FILE *f, const banner *b, const bquestion *q, const banner_layout *L)
{
    int any_low = 0, compact = 0;
    long ci_resp = q->pos;
    for (int line = ci_resp >= 0 ? LINE_CI : LINE_N; line <= L->last; line++) {
        if (line == LINE_CI) {
            const char *l = b->rows[q->row0 + (size_t)ci_resp].response_label;
            char suffix[PK_NUMBER_BUFSIZE + 16];
            snprintf(suffix, sizeof suffix, " %s%% CI", L->level);
            size_t sw = strlen(suffix), room = L->tw > sw ? L->tw - sw : 0;
            size_t lw = text_width(l, strlen(l)) < room ? text_width(l, strlen(l)) : room;
            put_text(f, lw, l, strlen(l), 1);
            fputs(suffix, f);
            fprintf(f, "%*s", (int)(L->tw - lw - sw), "");
        } else {
            fprintf(f, "%-*s", (int)L->tw, line == LINE_N ? "Base (n)" : "Weighted base");
        }
        for (size_t k = 0; k < L->ns; k++) {
            char buf[PK_NUMBER_BUFSIZE + 400];
            base_text(b, q, k, ci_resp >= 0 ? (size_t)ci_resp : 0, (enum base_line)line, buf, sizeof buf,
                      &compact);
            const pk_support_table_row *r = cell(b, q, k, 0);
            if (line == LINE_N && r)
                any_low |= r->low_base;
            put_cell(f, L->hd[k].width, buf);
        }
        fputc('\n', f);
    }
    if (any_low)
        fprintf(f, "* base under %ld respondents: treat with caution\n", b->info->min_base);
}

/* Whether some row is of kind k (mean, option). */
static int any_kind(const banner *b, const char *k)
{
    for (size_t i = 0; i < b->nrows; i++)
        if (strcmp(b->rows[i].response_kind, k) == 0)
            return 1;
    return 0;
}

/* The footnote: the base, the weight, the intervals, the rounding and the
 * letters. */
static void write_footnote(FILE *f, const banner *b, const banner_layout *L, int all_bases_all, int any_dk)
{
    const pk_support_info *in = b->info;
    fprintf(f, "\nBase: %s; %s",
            !all_bases_all ? "all answering, less the answers excluded above"
            : any_dk       ? "all answering, don't know included"
                           : "all answering",
            !in->weight ? "unweighted" : in->weight[0] ? "weighted by " : "weighting as published");
    put_line(f, in->weight ? in->weight : "", "; ", in->ci_method,
             strcmp(in->se_method, "calibrated") == 0
                 ? " intervals (net score: mean); margins of error allow for the calibration "
                   "to population totals"
                 : " intervals (net score: mean)");
    if (in->universe)
        put_line(f, "Subgroup: ", in->universe,
                 "; the rows outside it stay in the standard errors, as in R's subset()", NULL);
    if (in->design)
        fputs("Standard errors and intervals from the sample's design (strata and PSUs); df: "
              "its PSUs less its strata.\n", f);
    fputs("Percentages, intervals and weighted bases rounded to whole numbers; the CSV output "
          "has every digit.\n", f);
    if (any_kind(b, "option"))
        fputs("Multiple choice (several answers allowed): the options' shares may add to more "
              "than 100%; base: those who answered any option.\n", f);
    if (any_kind(b, "mean"))
        fputs("Mean scores to one decimal, their t intervals on the whole sample's degrees of "
              "freedom.\n", f);
    if (L->compact)
        fputs("Weighted bases of 1e+12 or more to 3 significant digits (1.6e+15 is 1.6 x 10^15).\n",
              f);
    if (b->any_by && in->sig_level > 0) {
        char note[1024];
        pk_support_letters_footnote(note, sizeof note, in->sig_level, in->se_method, in->design,
                                    in->min_base);
        fprintf(f, "%s\n", note);
        if (any_kind(b, "mean"))
            fputs("Mean scores are compared on the whole sample's degrees of freedom, as their "
                  "intervals are.\n", f);
    } else if (b->any_letter) {
        fputs("Letters: significantly higher than the group with that letter in the same break, as the "
              "table's maker tested it.\n", f);
    }
}

int pk_support_banner_write_src(const pk_support_xlsx_src *src, FILE *f)
{
    banner b;
    banner_layout L = {.maxlines = 1, .last = LINE_WBASE};
    if (banner_make(&b, src) != 0) {
        banner_free(&b);
        return -1;
    }
    L.ns = b.ns;
    if (!any_wbase(&b))
        L.last = LINE_N;
    L.hd = malloc((L.ns ? L.ns : 1) * sizeof *L.hd);
    if (!L.hd) {
        banner_free(&b);
        return -1;
    }
    for (size_t k = 0; k < L.ns; k++) {
        L.hd[k] = heading_of(&b.s[k]);
        if (L.hd[k].nlines > L.maxlines)
            L.maxlines = L.hd[k].nlines;
    }
    pk_number_format(L.level, src->info.level * 100, 6);
    L.tw = title_width(&b, L.level);
    fit_figures(&b, &L);
    int any_dk = 0, all_bases_all = 1, st = 0;
    for (size_t qi = 0; qi < b.nq; qi++) {
        const bquestion *q = &b.q[qi];
        const pk_support_table_row *r0 = &b.rows[q->row0];
        if (qi > 0)
            fputc('\n', f);
        if (strcmp(r0->question_label, r0->question) != 0)
            put_line(f, r0->question_label, " (", r0->question, ")");
        else
            put_line(f, r0->question, NULL, NULL, NULL);
        if (r0->base[0] && strcmp(r0->base, "all") != 0) {
            put_line(f, "Base: ", r0->base, NULL, NULL);
            all_bases_all = 0;
        }
        if (write_headings(f, &b, &L)) {
            st = -1;
            break;
        }
        write_answers(f, &b, q, &L, &any_dk);
        write_bases(f, &b, q, &L);
    }
    if (!st)
        write_footnote(f, &b, &L, all_bases_all, any_dk);
    free(L.hd);
    banner_free(&b);
    return st;
}

static void support_row(const void *ctx, size_t i, pk_support_table_row *row)
{
    pk_support_row_get(ctx, i, row);
}

int pk_support_banner_write(const pk_support *t, FILE *f)
{
    pk_support_xlsx_src s = {.nrows = pk_support_nrows(t), .row = support_row, .ctx = t};
    pk_support_info_get(t, &s.info);
    return pk_support_banner_write_src(&s, f);
}
