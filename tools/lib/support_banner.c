/* The support table as a banner for a terminal (see support_banner.h). */
#include "support_banner.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "number.h"
#include "support_internal.h"
#include "support_letters.h"

/* The banner: one block per question, a column per group (All, then each
 * --by column's groups and its combined groups, like a pollster's data
 * tables), percentages to whole numbers, bases underneath. Response and
 * group labels are shown in full: a group's heading wraps at spaces onto
 * as many lines as it needs. */
#define TITLE_MIN 18
#define TITLE_MAX 40
#define ONE_LINE_MAX 12   /* a label this long stays on one line */

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

static heading heading_of(const pk_support_slot *s)
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
static void put_letters(FILE *f, const pk_support *t, const pk_support_q *q, size_t ri,
                        const heading *hd, size_t tw)
{
    size_t ns = t->noutslots;
    int compact = 1;
    for (size_t k = 0; k < ns; k++)
        compact &= strlen(pk_support_letters_group(t->letters, k)) <= 1;
    const char **rest = malloc((ns ? ns : 1) * sizeof *rest);
    char **own = calloc(ns ? ns : 1, sizeof *own);
    char *lb = NULL;
    size_t lsz = 0;
    FILE *m = NULL;
    int any = 0;
    if (!rest || !own || !(m = open_memstream(&lb, &lsz)))
        goto done;
    for (size_t k = 0; k < ns; k++) {
        const char *sig = t->sig[q->row0 + k * q->nresp + ri];
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
 * weighted base takes the compact form. */
static void base_text(const pk_support *t, const pk_support_q *q, size_t k, size_t ri,
                      enum base_line line, char *buf, size_t size, int *compact)
{
    pk_support_table_row r;
    pk_support_row_at(t, q, k, line == LINE_CI ? ri : 0, &r);
    switch (line) {
    case LINE_CI:
        if (isnan(r.ci_low))
            snprintf(buf, size, "-");
        else
            snprintf(buf, size, "%ld-%ld", lround(r.ci_low * 100), lround(r.ci_high * 100));
        break;
    case LINE_N:
        snprintf(buf, size, "%ld%s", r.n, r.low_base ? "*" : "");
        break;
    case LINE_WBASE:
        if (r.weighted_base >= WBASE_COMPACT) {
            pk_number_format(buf, r.weighted_base, 3);
            *compact = 1;
        } else {
            snprintf(buf, size, "%.0f", r.weighted_base);
        }
        break;
    }
}

/* Widen each column to its widest figure over every question: a base, a
 * weighted base or an interval is never cut (a share, at most "100%" or
 * "+100", fits the narrowest column). */
static void fit_figures(const pk_support *t, banner_layout *L)
{
    for (size_t qi = 0; qi < t->nq; qi++) {
        const pk_support_q *q = &t->q[qi];
        long ci = -1;
        for (size_t ri = 0; ri < q->nresp; ri++)
            if ((long)q->resp[ri] == pk_scale_side_net(q->scale, PK_SIDE_POSITIVE))
                ci = (long)ri;
        for (size_t k = 0; k < L->ns; k++)
            for (int line = ci >= 0 ? LINE_CI : LINE_N; line <= LINE_WBASE; line++) {
                char buf[PK_NUMBER_BUFSIZE + 400];
                base_text(t, q, k, ci >= 0 ? (size_t)ci : 0, (enum base_line)line, buf,
                          sizeof buf, &L->compact);
                if (strlen(buf) > L->hd[k].width)
                    L->hd[k].width = strlen(buf);
            }
    }
}

/* The first column's width: the widest response label (with " NN% CI"
 * after the positive net's), within TITLE_MIN and TITLE_MAX. */
static size_t title_width(const pk_support *t, const char *level)
{
    size_t tw = TITLE_MIN;
    for (size_t qi = 0; qi < t->nq; qi++) {
        const pk_support_q *q = &t->q[qi];
        long ci = pk_scale_side_net(q->scale, PK_SIDE_POSITIVE);
        for (size_t ri = 0; ri < q->nresp; ri++) {
            const char *l = pk_scale_response_at(q->scale, q->resp[ri])->label;
            /* The positive net's label also heads the interval line. */
            size_t w = text_width(l, strlen(l)) +
                       ((long)q->resp[ri] == ci ? 5 + strlen(level) : 0);
            if (w > tw)
                tw = w;
        }
    }
    return tw > TITLE_MAX ? TITLE_MAX : tw;
}

/* The banner line (each --by column's name over its first group), the
 * groups' headings and their letters. They are written to a buffer first
 * to drop the trailing spaces of the empty cells. -1 when the buffer
 * cannot be made. */
static int write_headings(FILE *out, const pk_support *t, const banner_layout *L)
{
    const heading *hd = L->hd;
    size_t ns = L->ns, tw = L->tw;
    char *lb = NULL;
    size_t lsz = 0;
    FILE *f = open_memstream(&lb, &lsz);
    if (!f)
        return -1;
    if (t->nby > 0) {
        fprintf(f, "%-*s", (int)tw, "");
        size_t k = 0;
        while (k < ns) {
            const pk_support_slot *s = &t->s[t->outslots[k]];
            size_t span = hd[k].width + 1, k2 = k + 1;
            while (k2 < ns && t->s[t->outslots[k2]].by == s->by)
                span += hd[k2++].width + 1;
            const char *name = s->by == SIZE_MAX ? "" : t->o.by[s->by].column;
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
    if (t->nby > 0) {
        fprintf(f, "%-*s", (int)tw, "");
        for (size_t k = 0; k < ns; k++) {
            char lt[PK_SUPPORT_LETTERS_NAME_MAX + 2] = "";
            const char *g = pk_support_letters_group(t->letters, k);
            if (g[0])
                snprintf(lt, sizeof lt, "(%s)", g);
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
 * know; returns the row of the positive net (-1 when none). */
static long write_answers(FILE *f, const pk_support *t, const pk_support_q *q, const banner_layout *L,
                          int *any_dk)
{
    long ci_resp = -1;
    for (size_t ri = 0; ri < q->nresp; ri++) {
        const pk_scale_response *resp = pk_scale_response_at(q->scale, q->resp[ri]);
        *any_dk |= resp->kind == PK_SCALE_KIND_DONT_KNOW;
        if ((long)q->resp[ri] == pk_scale_side_net(q->scale, PK_SIDE_POSITIVE))
            ci_resp = (long)ri;
        put_text(f, L->tw, resp->label, strlen(resp->label), 1);
        for (size_t k = 0; k < L->ns; k++) {
            pk_support_table_row r;
            pk_support_row_at(t, q, k, ri, &r);
            char buf[48];
            if (resp->kind == PK_SCALE_KIND_MEAN)   /* one decimal, whatever the locale */
                pk_number_percent(buf, sizeof buf, r.mean / 100, 1, 0, "-");
            else if (isnan(r.share))
                strcpy(buf, "-");
            else if (resp->kind == PK_SCALE_KIND_NET_SCORE)
                snprintf(buf, sizeof buf, lround(r.share * 100) ? "%+ld" : "%ld",
                         lround(r.share * 100));
            else
                snprintf(buf, sizeof buf, "%ld%%", lround(r.share * 100));
            put_cell(f, L->hd[k].width, buf);
        }
        fputc('\n', f);
        put_letters(f, t, q, ri, L->hd, L->tw);
    }
    return ci_resp;
}

/* Under the answers: the positive net's interval (when there is one), the
 * bases and the weighted bases, and the low-base mark's meaning. The
 * interval's title keeps its level whole, cutting the label instead. */
static void write_bases(FILE *f, const pk_support *t, const pk_support_q *q, const banner_layout *L,
                        long ci_resp)
{
    int any_low = 0, compact = 0;
    for (int line = ci_resp >= 0 ? LINE_CI : LINE_N; line <= LINE_WBASE; line++) {
        if (line == LINE_CI) {
            const char *l = pk_scale_response_at(q->scale, q->resp[ci_resp])->label;
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
            base_text(t, q, k, ci_resp >= 0 ? (size_t)ci_resp : 0, (enum base_line)line, buf,
                      sizeof buf, &compact);
            if (line == LINE_N) {
                pk_support_table_row r;
                pk_support_row_at(t, q, k, 0, &r);
                any_low |= r.low_base;
            }
            put_cell(f, L->hd[k].width, buf);
        }
        fputc('\n', f);
    }
    if (any_low)
        fprintf(f, "* base under %ld respondents: treat with caution\n", t->o.min_base);
}

/* Whether some question has a mean row. */
static int any_mean(const pk_support *t)
{
    for (size_t qi = 0; qi < t->nq; qi++)
        for (size_t ri = 0; ri < t->q[qi].nresp; ri++)
            if (pk_scale_response_at(t->q[qi].scale, t->q[qi].resp[ri])->kind == PK_SCALE_KIND_MEAN)
                return 1;
    return 0;
}

/* The footnote: the base, the weight, the intervals, the rounding and the
 * letters. */
static void write_footnote(FILE *f, const pk_support *t, const banner_layout *L,
                           int all_bases_all, int any_dk)
{
    fprintf(f, "\nBase: %s; %s",
            !all_bases_all ? "all answering, less the answers excluded above"
            : any_dk       ? "all answering, don't know included"
                           : "all answering",
            t->weight ? "weighted by " : "unweighted");
    put_line(f, t->weight ? t->weight : "", "; ", pk_estimate_ci_name(t->o.ci),
             t->cal ? " intervals (net score: mean); margins of error allow for the calibration "
                      "to population totals"
                    : " intervals (net score: mean)");
    if (t->universe)
        put_line(f, "Subgroup: ", t->universe,
                 "; the rows outside it stay in the standard errors, as in R's subset()", NULL);
    if (t->des)
        fputs("Standard errors and intervals from the sample's design (strata and PSUs); df: "
              "its PSUs less its strata.\n", f);
    fputs("Percentages, intervals and weighted bases rounded to whole numbers; the CSV output "
          "has every digit.\n", f);
    for (size_t qi = 0; qi < t->nq; qi++)
        if (t->q[qi].nopt) {
            fputs("Multiple choice (several answers allowed): the options' shares may add to more "
                  "than 100%; base: those who answered any option.\n", f);
            break;
        }
    if (any_mean(t))
        fputs("Mean scores to one decimal, their t intervals on the whole sample's degrees of "
              "freedom.\n", f);
    if (L->compact)
        fputs("Weighted bases of 1e+12 or more to 3 significant digits (1.6e+15 is 1.6 x 10^15).\n",
              f);
    if (t->nby > 0) {
        pk_support_info info;
        pk_support_info_get(t, &info);
        char note[1024];
        pk_support_letters_footnote(note, sizeof note, t->o.sig_level, info.se_method, info.design,
                                    t->o.min_base);
        fprintf(f, "%s\n", note);
        if (any_mean(t))
            fputs("Mean scores are compared on the whole sample's degrees of freedom, as their "
                  "intervals are.\n", f);
    }
}

void pk_support_banner_write(const pk_support *t, FILE *f)
{
    banner_layout L = {.ns = t->noutslots, .maxlines = 1};
    L.hd = malloc((L.ns ? L.ns : 1) * sizeof *L.hd);
    if (!L.hd)
        return;
    for (size_t k = 0; k < L.ns; k++) {
        L.hd[k] = heading_of(&t->s[t->outslots[k]]);
        if (L.hd[k].nlines > L.maxlines)
            L.maxlines = L.hd[k].nlines;
    }
    pk_number_format(L.level, t->o.level * 100, 6);
    L.tw = title_width(t, L.level);
    fit_figures(t, &L);
    int any_dk = 0, all_bases_all = 1;
    for (size_t qi = 0; qi < t->nq; qi++) {
        const pk_support_q *q = &t->q[qi];
        if (qi > 0)
            fputc('\n', f);
        if (strcmp(q->label, q->name) != 0)
            put_line(f, q->label, " (", q->name, ")");
        else
            put_line(f, q->name, NULL, NULL, NULL);
        if (strcmp(q->base, "all") != 0) {
            put_line(f, "Base: ", q->base, NULL, NULL);
            all_bases_all = 0;
        }
        if (write_headings(f, t, &L))
            break;
        long ci_resp = write_answers(f, t, q, &L, &any_dk);
        write_bases(f, t, q, &L, ci_resp);
    }
    write_footnote(f, t, &L, all_bases_all, any_dk);
    free(L.hd);
}
