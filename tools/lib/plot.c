/* The common steps of pollplot's chart scripts (see plot.h and
 * plot_internal.h), which each chart kind's file (plot_bars.c,
 * plot_segments.c) is written with. Everything the chart says about
 * answers comes from the table's response, response_label and
 * response_kind columns: no poll's scale is known here.
 *
 * Layout is computed here, in pixels of a 1200x675 canvas (the default
 * PNG), and written as screen fractions so the SVG and PDF charts are the
 * same picture: headline, subtitle and legend at the top, the plot in the
 * middle with proposal labels in a left margin sized to the labels, the
 * footnote at the bottom. Text is placed with `set label` (legend included),
 * never in tic labels or formats (where `%` would be a format character).
 * Value labels ("62%") are made by gnuplot's sprintf from datablock
 * numbers, with our own format. */
#include "plot.h"
#include "plot_internal.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "colour.h"
#include "plot_quote.h"
#include "number.h"
#include "scale.h"
#include "scale_guess.h"
#include "textnorm.h"
#include "util.h"

#define CANVAS_W pk_plot_canvas_w(c->o)
#define CANVAS_H pk_plot_canvas_h(c->o)

/* Parties' usual colours, found by a group's code or by any of the names
 * people write it with ('|' between them, compared without regard to case,
 * a trailing "voters" ignored); other groups take a neutral palette in
 * turn. A party is added with one line; a name belongs here only when it
 * is unambiguous ("Liberal" alone could be several parties). "All" stays
 * last. */
static const struct { const char *code, *names, *colour; } party_colours[] = {
    {"lab", "Labour|Labour Party|Lab", "#E4003B"},
    {"grn", "Green|Greens|Green Party|Grn", "#02A95B"},
    {"con", "Conservative|Conservatives|Conservative Party|Tory|Tories|Con", "#0087DC"},
    {"ld", "Liberal Democrat|Liberal Democrats|Lib Dem|Lib Dems|LibDem|LD", "#FAA61A"},
    {"ref", "Reform UK|Reform|Reform Party|Ref", "#12B6CF"},
    {"snp", "SNP|Scottish National Party", "#E5C700"},
    {"pc", "Plaid Cymru|Plaid", "#005B54"},
    {"dem", "Democrat|Democrats|Democratic Party", "#0015BC"},
    {"rep", "Republican|Republicans|Republican Party|GOP", "#E9141D"},
    {"ndp", "NDP|New Democratic Party|New Democrats", "#F37021"},
    {"bq", "Bloc Quebecois|Bloc Qu\u00e9b\u00e9cois", "#33B2CC"},
    {"cdu", "CDU/CSU|CDU|CSU", "#151518"},
    {"spd", "SPD", "#E3000F"},
    {"afd", "AfD", "#009EE0"},
    {"fdp", "FDP", "#FFED00"},
    {"linke", "Die Linke|Linke", "#BE3075"},
    {"other", "Other|Others|Another party", "#8C8C8C"},
    {"did_not_vote", "Did not vote|Didn't vote", "#B5B5B5"},
    {"All", "All", "#4D4D4D"},
};
/* Groups that are not parties take a qualitative palette in turn, chosen
 * for red-green colour blindness: its first PK_PLOT_DISTINCT_DEUTAN
 * colours differ pairwise by at least CIEDE2000 20 as a deuteranope sees
 * them (and from All's grey), all twelve by at least 20 with normal
 * vision (tests/unit/test_plot.c, docs/methods.md "Colours"). Twelve such
 * colours cannot all be 20 apart for a deuteranope on a white page, so
 * bars of more groups are named beside each bar. */
static const char *const other_colours[PK_PLOT_MAX_GROUPS] = {
    "#0F5AFF", "#FFB400", "#3C2D69", "#D21E0F", "#4BD2FF", "#5A2D00",
    "#96A587", "#967896", "#69695A", "#C35AFF", "#2D6978", "#2DC34B",
};

/* Answers without sides take a qualitative palette in scale order (11
 * colours, one per code of the longest scales pollsters use). */
static const char *const nominal_colours[] = {
    "#4E79A7", "#F28E2B", "#59A14F", "#B07AA1", "#EDC948", "#76B7B2",
    "#E15759", "#9C755F", "#FF9DA7", "#BAB0AC", "#8CD17D",
};
#define N_NOMINAL (sizeof nominal_colours / sizeof nominal_colours[0])

double pk_plot_canvas_w(const pk_plot_opts *o)
{
    return o->width > 0 ? o->width : 1200;
}

double pk_plot_canvas_h(const pk_plot_opts *o)
{
    return o->height > 0 ? o->height : 675;
}

const char *pk_plot_default_image(pk_plot_term term)
{
    switch (term) {
    case PK_PLOT_TERM_SVG:
        return "chart.svg";
    case PK_PLOT_TERM_PDFCAIRO:
        return "chart.pdf";
    case PK_PLOT_TERM_PNGCAIRO:
        break;
    }
    return "chart.png";
}

/* s with a word joiner (U+2060, invisible) inside every "]]>": gnuplot's
 * SVG terminal escapes & and < in text but not >, and "]]>" is not allowed
 * in XML content. NULL when s has none (or memory runs out, then *oom). */
static char *break_cdata_end(const char *s, int *oom)
{
    *oom = 0;
    if (!strstr(s, "]]>"))
        return NULL;
    size_t n = 0;
    for (const char *p = s; (p = strstr(p, "]]>")); p += 3)
        n++;
    char *out = malloc(strlen(s) + 3 * n + 1), *o = out;
    if (!out) {
        *oom = 1;
        return NULL;
    }
    for (const char *p = s; *p;) {
        if (strncmp(p, "]]>", 3) == 0) {
            memcpy(o, "]]\xE2\x81\xA0>", 6);
            o += 6;
            p += 3;
        } else {
            *o++ = *p++;
        }
    }
    *o = '\0';
    return out;
}

/* Write s as a gnuplot string constant. */
void pk_plot_string(pk_plot_ctx *c, const char *s)
{
    int oom = 0;
    char *safe = c->o->term == PK_PLOT_TERM_SVG ? break_cdata_end(s, &oom) : NULL;
    char *z = oom ? NULL : pk_plot_quote(safe ? safe : s, strlen(safe ? safe : s));
    free(safe);
    if (!z) {
        if (!c->failed) {
            char b[128];
            if (!oom && errno == EILSEQ)
                pk_err_set(c->err, PK_ERR_DATA, "text is not valid UTF-8: '%s'",
                           pk_err_quote(b, sizeof b, s, strlen(s)));
            else
                pk_err_nomem(c->err);
        }
        c->failed = 1;
        fputs("\"\"", c->f);
        return;
    }
    fputs(z, c->f);
    free(z);
}

/* A number for the script: C locale, 10 significant digits. */
const char *pk_plot_num(char *buf, double v)
{
    return pk_number_format(buf, v, 10);
}

double pk_plot_sx(const pk_plot_ctx *c, double px)
{
    return px / CANVAS_W;
}

static double sy(const pk_plot_ctx *c, double px_from_top)
{
    return 1.0 - px_from_top / CANVAS_H;
}

/* A text size of the house style: pt at the default body size of 12
 * points, scaled to --font's size. */
double pk_plot_pt(const pk_plot_ctx *c, double pt)
{
    return c->o->font_size > 0 ? pt * c->o->font_size / 12 : pt;
}

/* A length that follows the text's size (line heights, gaps between
 * lines): px at the default size. */
static double fpx(const pk_plot_ctx *c, double px)
{
    return pk_plot_pt(c, px);
}

/* The widest line of text: the canvas less its margins. */
double pk_plot_text_width(const pk_plot_ctx *c)
{
    return CANVAS_W - 2 * PK_PLOT_MARGIN;
}

/* ` font "NAME,SIZE"` (bold: NAME:Bold) for text of pt points at the
 * default size, the name escaped like any text. */
void pk_plot_font(pk_plot_ctx *c, double pt, int bold)
{
    char b[PK_NUMBER_BUFSIZE], spec[512];
    snprintf(spec, sizeof spec, "%s%s,%s", c->o->font ? c->o->font : PK_PLOT_FONT, bold ? ":Bold" : "",
             pk_number_format(b, pk_plot_pt(c, pt), 4));
    fputs(" font ", c->f);
    pk_plot_string(c, spec);
}

/* DejaVu Sans's advance widths of the printable ASCII characters, in
 * 1/2048 em (its hmtx table): what the charts' text is measured with. */
static const unsigned short dejavu_advance[95] = {
    651,  821,  942,  1716, 1303, 1946, 1597, 563,  799,  799,  1024, 1716, 651,  739,  651,  690,
    1303, 1303, 1303, 1303, 1303, 1303, 1303, 1303, 1303, 1303, 690,  690,  1716, 1716, 1716, 1087,
    2048, 1401, 1405, 1430, 1577, 1294, 1178, 1587, 1540, 604,  604,  1343, 1141, 1767, 1532, 1612,
    1235, 1612, 1423, 1300, 1251, 1499, 1401, 2025, 1403, 1251, 1403, 799,  690,  799,  1716, 1024,
    1024, 1255, 1300, 1126, 1300, 1260, 721,  1300, 1298, 569,  569,  1186, 569,  1995, 1298, 1253,
    1300, 1300, 842,  1067, 803,  1298, 1212, 1675, 1212, 1212, 1075, 1303, 690,  1303, 1716,
};

/* The width of one character starting at s (UTF-8), in 1/2048 em:
 * DejaVu Sans's for ASCII and the punctuation pollplot writes itself;
 * for accented letters that of a wide capital; a whole em for anything
 * else (no wider glyph is common). */
static unsigned char_advance(const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    if (u[0] >= 32 && u[0] < 127)
        return dejavu_advance[u[0] - 32];
    unsigned cp = 0;
    if ((u[0] & 0xE0) == 0xC0 && u[1])
        cp = (u[0] & 0x1Fu) << 6 | (u[1] & 0x3Fu);
    else if ((u[0] & 0xF0) == 0xE0 && u[1] && u[2])
        cp = (u[0] & 0x0Fu) << 12 | (u[1] & 0x3Fu) << 6 | (u[2] & 0x3Fu);
    switch (cp) {
    case 0x00A0: case 0x2018: case 0x2019: return 651;   /* no-break space, quotes */
    case 0x201C: case 0x201D: return 1061;
    case 0x2013: return 1024;                            /* en dash */
    case 0x2190: case 0x2192: return 1716;               /* arrows */
    default: break;
    }
    return cp >= 0xC0 && cp < 0x250 ? 1612 : 2048;
}

/* One character's width in px at size_pt: gnuplot's cairo terminals
 * round each advance to whole pixels (hinting). */
static double char_px(const char *s, double size_pt)
{
    double px = round(char_advance(s) / 2048.0 * size_pt * PK_PLOT_PX_PER_PT);
    return (px < 1 ? 1 : px) * PK_PLOT_TEXT_SLACK;
}

double pk_plot_text_px(const char *s, double size_pt)
{
    double px = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80)
            px += char_px(s, size_pt);
    return px;
}

double pk_plot_line_px(double size_pt)
{
    return size_pt * PK_PLOT_PX_PER_PT * PK_PLOT_LINE_EM;
}

/* A text of `lines` lines at size_pt has have_px of height between its
 * neighbours: the chart's crowding is the worst such ratio. */
void pk_plot_room(pk_plot_ctx *c, double have_px, double lines, double size_pt)
{
    double need = lines * pk_plot_line_px(size_pt);
    double r = have_px > 0 ? need / have_px : INFINITY;
    if (r > c->crowd) {
        c->crowd = r;
        c->crowd_have = have_px;
        c->crowd_need = need;
        c->crowd_pt = size_pt;
    }
}

/* s wrapped at spaces into lines no wider than width, each character
 * counted as measure says; keeps the text's own line breaks; a word
 * longer than a line is never split, so the words read back joined by
 * spaces. Sets *lines and *longest (in measure's units). */
static char *wrap_measured(const char *s, double width, double (*measure)(const char *, double), double size,
                           int *lines, double *longest)
{
    size_t len = strlen(s);
    char *out = malloc(len + 1);
    if (!out)
        return NULL;
    memcpy(out, s, len + 1);
    /* Carriage returns and tabs would draw as boxes or nothing. */
    for (char *p = out; *p; p++)
        if (*p == '\r' || *p == '\t')
            *p = ' ';
    *lines = 1;
    *longest = 0;
    /* count: the current line's width; after: that after its last space
     * (where it would break); at_space: the width up to that space. */
    size_t line_start = 0, last_space = (size_t)-1;
    double count = 0, after = 0, at_space = 0;
    for (size_t i = 0; i <= len; i++) {
        if (out[i] == '\n' || out[i] == '\0') {
            if (count > *longest)
                *longest = count;
            if (out[i] == '\n')
                (*lines)++;
            line_start = i + 1;
            last_space = (size_t)-1;
            count = after = 0;
            continue;
        }
        if (((unsigned char)out[i] & 0xC0) != 0x80) {
            double w = measure(out + i, size);
            if (out[i] == ' ') {
                last_space = i;
                at_space = count;
                after = 0;
            } else {
                after += w;
            }
            count += w;
        }
        if (count > width + 1e-9 && last_space != (size_t)-1 && last_space > line_start) {
            if (at_space > *longest)
                *longest = at_space;
            out[last_space] = '\n';
            (*lines)++;
            line_start = last_space + 1;
            last_space = (size_t)-1;
            count = after;
        }
    }
    return out;
}

static double one_char(const char *s, double size)
{
    (void)s;
    (void)size;
    return 1;
}

/* At most width code points a line. */
char *pk_plot_wrap(const char *s, size_t width, int *lines, size_t *longest)
{
    double l;
    char *w = wrap_measured(s, (double)width, one_char, 0, lines, &l);
    *longest = (size_t)l;
    return w;
}

/* At most width_px pixels a line, in DejaVu Sans of size_pt points. */
char *pk_plot_wrap_px(const char *s, double width_px, double size_pt, int *lines, double *longest_px)
{
    return wrap_measured(s, width_px, char_px, size_pt, lines, longest_px);
}

/* "Labour", "Labour and Green", "Labour, Green and SNP". */
static char *join_labels(const pk_plot_group *g, size_t ng)
{
    char *buf = NULL;
    size_t sz = 0;
    FILE *m = open_memstream(&buf, &sz);
    if (!m)
        return NULL;
    for (size_t i = 0; i < ng; i++)
        fprintf(m, "%s%s", i == 0 ? "" : i + 1 == ng ? " and " : ", ",
                strcmp(g[i].code, "All") == 0 && strcmp(g[i].label, "All") == 0 ? "all respondents" : g[i].label);
    if (fclose(m))
        return NULL;
    return buf;
}

/* What a column of groups is, for subtitles: the sample data's vote
 * columns by name, anything else by its column name. */
static const char *by_phrase(const char *by)
{
    if (strcmp(by, "vote2024") == 0)
        return "2024 general election vote";
    if (strcmp(by, "euref") == 0)
        return "2016 EU referendum vote";
    return NULL;
}

/* How a subtitle names a --by column: the table's by_label (lowered for a
 * sentence, "by gender"), else the sample data's names, else the column's
 * name. buf holds the lowered label. */
static const char *by_words(const pk_plot_figure *ch, const char *by, char *buf, size_t size)
{
    for (size_t i = 0; i < ch->t->nrows; i++) {
        const pk_support_table_row *r = &ch->t->rows[i];
        if (strcmp(r->by, by) == 0 && r->by_label && *r->by_label && strcmp(r->by_label, by) != 0)
            return pk_plot_lowered(buf, size, r->by_label);
    }
    const char *bp = by_phrase(by);
    return bp ? bp : by;
}

/* The --by column all the groups come from, or NULL when they come from
 * several or from none (All, combined groups). */
static const char *common_by(const pk_plot_group *g, size_t ng)
{
    for (size_t j = 1; j < ng; j++)
        if (strcmp(g[j].by, g[0].by) != 0)
            return NULL;
    return *g[0].by ? g[0].by : NULL;
}

int pk_plot_prop_cmp(const void *a, const void *b)
{
    const pk_plot_prop *x = a, *y = b;
    if (x->key != y->key)
        return x->key > y->key ? -1 : 1;
    return x->order < y->order ? -1 : x->order > y->order;
}

/* Text pieces placed with `set label` at screen coordinates. */
static void label_at(pk_plot_ctx *c, const char *text, double xpx, double ypx, const char *just,
                     double pt, int bold, const char *colour)
{
    char b1[PK_NUMBER_BUFSIZE], b2[PK_NUMBER_BUFSIZE];
    fputs("set label ", c->f);
    pk_plot_string(c, text);
    fprintf(c->f, " at screen %s, screen %s %s", pk_plot_num(b1, pk_plot_sx(c, xpx)), pk_plot_num(b2, sy(c, ypx)),
            just);
    pk_plot_font(c, pt, bold);
    fprintf(c->f, " tc rgb \"%s\" noenhanced front\n", colour);
}

/* One legend entry: a colour swatch (or, with colour NULL, an interval
 * whisker) and its text, left to right along the legend line. gnuplot's
 * own key wraps a horizontal legend to the plot's width; this one is laid
 * out in screen coordinates like the other text. */
static void legend_entry(pk_plot_ctx *c, pk_plot_layout *L, const char *colour, const char *text)
{
    char b1[PK_NUMBER_BUFSIZE], b2[PK_NUMBER_BUFSIZE], b3[PK_NUMBER_BUFSIZE], b4[PK_NUMBER_BUFSIZE];
    double width = (colour ? 22 : 28) + fpx(c, 8.4) * (double)pk_textnorm_width(text, strlen(text));
    if (L->legend_x > 24 && L->legend_x + width > CANVAS_W - 24) {
        L->legend_x = 24;
        L->legend_y += fpx(c, 24);
    }
    double x = L->legend_x, y = L->legend_y;
    if (colour) {
        fprintf(c->f, "set object %d rect from screen %s, screen %s to screen %s, screen %s "
                      "fc rgb ", ++L->objects, pk_plot_num(b1, pk_plot_sx(c, x)), pk_plot_num(b2, sy(c, y + 7)),
                pk_plot_num(b3, pk_plot_sx(c, x + 16)), pk_plot_num(b4, sy(c, y - 7)));
        pk_plot_string(c, colour);
        fputs(" fs solid 1.0 noborder front\n", c->f);
    } else {
        fprintf(c->f, "set arrow from screen %s, screen %s to screen %s, screen %s heads "
                      "size screen 0.006,90 lw 1.3 lc rgb \"#1A1A1A\" front\n",
                pk_plot_num(b1, pk_plot_sx(c, x)), pk_plot_num(b2, sy(c, y)), pk_plot_num(b3, pk_plot_sx(c, x + 22)),
                pk_plot_num(b4, sy(c, y)));
        x += 6;
    }
    /* One line: a label's own line breaks become spaces here. */
    char *one = strdup(text);
    if (!one) {
        c->failed = 1;
        pk_err_nomem(c->err);
        return;
    }
    for (char *p = one; *p; p++)
        if (*p == '\n' || *p == '\r' || *p == '\t')
            *p = ' ';
    label_at(c, one, x + 22, y, "left", 12, 0, "#222222");
    free(one);
    L->legend_x = x + 22 + fpx(c, 8.4) * (double)pk_textnorm_width(text, strlen(text)) + 30;
}

/* The headline, bold, at y px from the top. gnuplot's SVG terminal
 * ignores ":Bold" in a font name; only enhanced text's {/:Bold ...} gives
 * a bold face there. The text is made literal for enhanced mode first
 * (pk_plot_quote_enhanced), so no special in it takes effect. */
static void frame_title(pk_plot_ctx *c, const char *t, double y)
{
    if (c->o->term != PK_PLOT_TERM_SVG) {
        label_at(c, t, 24, y, "left", 20, 1, "#111111");
        return;
    }
    char *e = pk_plot_quote_enhanced(t);
    char *buf = NULL;
    size_t sz = 0;
    FILE *m = open_memstream(&buf, &sz);
    if (!e || !m) {
        c->failed = 1;
        pk_err_nomem(c->err);
        free(e);
        if (m)
            fclose(m);
        free(buf);
        return;
    }
    /* gnuplot splits lines before parsing enhanced text: each line gets
     * its own group, or the braces would not balance. */
    fputs("{/:Bold ", m);
    for (const char *p = e; *p; p++) {
        if (*p == '\n')
            fputs("}\n{/:Bold ", m);
        else
            fputc(*p, m);
    }
    fputs("}", m);
    fclose(m);
    char b1[PK_NUMBER_BUFSIZE], b2[PK_NUMBER_BUFSIZE];
    fputs("set label ", c->f);
    pk_plot_string(c, buf);
    fprintf(c->f, " at screen %s, screen %s left", pk_plot_num(b1, pk_plot_sx(c, 24)), pk_plot_num(b2, sy(c, y)));
    pk_plot_font(c, 20, 0);
    fputs(" tc rgb \"#111111\" enhanced front\n", c->f);
    free(e);
    free(buf);
}

/* The footnote's lines, wrapped, from the bottom of the canvas up;
 * returns the y of its first line (px from the top). */
static double frame_footnote(pk_plot_ctx *c, char **foot, size_t nfoot)
{
    double fy = CANVAS_H - 16;
    double line_h = fpx(c, 15), longest;
    size_t total = 0;
    char **wrapped = calloc(nfoot ? nfoot : 1, sizeof *wrapped);
    int *nl = calloc(nfoot ? nfoot : 1, sizeof *nl);
    if (!wrapped || !nl) {
        free(wrapped);
        free(nl);
        c->failed = 1;
        pk_err_nomem(c->err);
        return fy;
    }
    for (size_t i = 0; i < nfoot; i++) {
        wrapped[i] = pk_plot_wrap_px(foot[i], pk_plot_text_width(c), pk_plot_pt(c, PK_PLOT_FOOT_PT), &nl[i],
                                     &longest);
        if (!wrapped[i]) {
            c->failed = 1;
            pk_err_nomem(c->err);
            nl[i] = 0;
        }
        total += (size_t)nl[i];
    }
    double top = fy - line_h * (double)(total ? total - 1 : 0);
    double ly = top;
    for (size_t i = 0; i < nfoot; i++) {
        if (!wrapped[i])
            continue;
        label_at(c, wrapped[i], PK_PLOT_MARGIN, ly, "left", PK_PLOT_FOOT_PT, 0, "#555555");
        ly += line_h * nl[i];
        free(wrapped[i]);
    }
    free(wrapped);
    free(nl);
    return top;
}

/* Headline, subtitle, legend and footnote; returns the plot area. */
static void frame(pk_plot_ctx *c, const char *title, const char *subtitle, char **foot, size_t nfoot,
                  const char *const *leg_colour, const char *const *leg_text, size_t nleg,
                  pk_plot_layout *L)
{
    int lines;
    size_t longest;
    double y = fpx(c, 30);

    /* 68 characters of the bold headline fill the default canvas's line. */
    double tw = 68 * pk_plot_text_width(c) / (PK_PLOT_CANVAS_W - 2 * PK_PLOT_MARGIN) / pk_plot_pt(c, 1);
    char *t = pk_plot_wrap(title, tw < 12 ? 12 : (size_t)tw, &lines, &longest);
    if (!t) {
        c->failed = 1;
        pk_err_nomem(c->err);
        return;
    }
    frame_title(c, t, y);
    free(t);
    y += fpx(c, 31.0 * (lines - 1) + 30);

    double longest_px;
    char *s = pk_plot_wrap_px(subtitle, pk_plot_text_width(c), pk_plot_pt(c, 13), &lines, &longest_px);
    if (!s) {
        c->failed = 1;
        pk_err_nomem(c->err);
        return;
    }
    label_at(c, s, 24, y, "left", 13, 0, "#444444");
    free(s);
    y += fpx(c, 20.0 * (lines - 1) + 28);

    L->legend_x = 24;
    L->legend_y = y - 4;
    fputs("unset key\n", c->f);
    for (size_t i = 0; i < nleg; i++)
        legend_entry(c, L, leg_colour[i], leg_text[i]);
    y = L->legend_y + 4 + fpx(c, 36);
    L->plot_top = y;

    double top = frame_footnote(c, foot, nfoot);
    L->plot_bottom = top - fpx(c, 14 + 34);  /* room for the x tic labels */
}

/* A headline, subtitle, legend and footnote so long that no room is left
 * for the chart are refused rather than drawn over each other: bad usage
 * when an option's text is the long one, else bad data naming the longest
 * label the table gives (a group's, or a question's for the headline) and
 * its line. */
static int too_tall(pk_plot_ctx *c, const pk_plot_layout *L, const pk_support_table *t, const pk_plot_group *g,
                    size_t ng)
{
    if (c->failed)
        return 1;
    if (L->plot_bottom - L->plot_top >= 150)
        return 0;
    const pk_plot_opts *o = c->o;
    const char *opts[] = {o->title, o->subtitle, o->note, o->source};
    for (size_t i = 0; i < 4; i++)
        if (opts[i] && strlen(opts[i]) >= 100)
            return pk_err_set(c->err, PK_ERR_USAGE,
                              "the headline, subtitle, legend and footnote leave no room for the chart: "
                              "shorten them (--title, --subtitle, --note, --source)");
    const char *label = NULL, *col = NULL;
    const pk_plot_group *lg = NULL;
    const char *lq = NULL;
    for (size_t i = 0; i < ng; i++)
        if (!label || strlen(g[i].label) > strlen(label)) {
            label = g[i].label;
            col = pk_support_table_col_name(PK_SUPPORT_TABLE_COL_GROUP_LABEL);
            lg = &g[i];
        }
    for (size_t i = 0; i < t->nquestions; i++)
        if (!label || strlen(t->question_labels[i]) > strlen(label)) {
            label = t->question_labels[i];
            col = pk_support_table_col_name(PK_SUPPORT_TABLE_COL_QUESTION_LABEL);
            lq = t->questions[i];
            lg = NULL;
        }
    /* The first row that carries it. */
    const pk_support_table_row *at = NULL;
    for (size_t k = 0; k < t->nrows && !at && (lg || lq); k++)
        if (lg ? strcmp(t->rows[k].group, lg->code) == 0 && strcmp(t->rows[k].by, lg->by) == 0
               : strcmp(t->rows[k].question, lq) == 0)
            at = &t->rows[k];
    char b[128];
    return pk_err_set(c->err, PK_ERR_DATA,
                      "%s:%ld:%s: label '%s' (%zu bytes) is too long: with the headline, legend and "
                      "footnote it leaves no room for the chart; shorten it in the table",
                      t->name, at ? at->line : 0L, col ? col : "label",
                      pk_err_quote(b, sizeof b, label ? label : "", label ? strlen(label) : 0),
                      label ? strlen(label) : 0);
}

/* Margins, ranges and the common look of the plot area. */
static void axes(pk_plot_ctx *c, const pk_plot_layout *L)
{
    char b1[PK_NUMBER_BUFSIZE], b2[PK_NUMBER_BUFSIZE], b3[PK_NUMBER_BUFSIZE], b4[PK_NUMBER_BUFSIZE];
    fprintf(c->f,
            "set lmargin at screen %s\nset rmargin at screen %s\n"
            "set tmargin at screen %s\nset bmargin at screen %s\n",
            pk_plot_num(b1, pk_plot_sx(c, L->plot_left)), pk_plot_num(b2, pk_plot_sx(c, L->plot_right)),
            pk_plot_num(b3, sy(c, L->plot_top)), pk_plot_num(b4, sy(c, L->plot_bottom)));
    fputs("unset border\nunset ytics\nset xtics nomirror scale 0 out offset 0,0.3", c->f);
    pk_plot_font(c, 11, 0);
    fputs(" textcolor rgb \"#555555\"\n"
          "set grid xtics lt 1 lw 1 lc rgb \"#E3E3E3\"\n"
          "set style fill solid 1.0 noborder\n"
          "set errorbars 1.6\n"
          "set style textbox opaque fillcolor rgb \"white\" noborder margins 1,0.5\n",
          c->f);
}

/* Whether a label names a group as the table's group rule reads labels:
 * equal ignoring case, a trailing " voters" ignored on either side. */
static size_t trim_voters(const char *s)
{
    size_t n = strlen(s);
    if (n > 7 && strcasecmp(s + n - 7, " voters") == 0)
        return n - 7;
    return n;
}

static int label_names(const char *label, const char *name, size_t name_len)
{
    size_t a = trim_voters(label);
    if (name_len > 7 && strncasecmp(name + name_len - 7, " voters", 7) == 0)
        name_len -= 7;
    return a == name_len && strncasecmp(label, name, a) == 0;
}

/* Whether a group is party k: its code, or its label or code one of the
 * party's names. */
static int is_party(const pk_plot_group *g, size_t k)
{
    if (strcmp(party_colours[k].code, g->code) == 0)
        return 1;
    for (const char *n = party_colours[k].names; *n;) {
        size_t len = strcspn(n, "|");
        if (label_names(g->label, n, len) || label_names(g->code, n, len))
            return 1;
        n += len + (n[len] == '|');
    }
    return 0;
}

/* Whether every group drawn is a party (then "voters" follows their names). */
static int all_parties(const pk_plot_group *g, size_t ng)
{
    for (size_t i = 0; i < ng; i++) {
        size_t k = 0, nk = sizeof party_colours / sizeof party_colours[0] - 1;
        while (k < nk && !is_party(&g[i], k))
            k++;
        if (k == nk || strcmp(party_colours[k].code, "did_not_vote") == 0)
            return 0;
    }
    return ng > 0;
}

/* Whether a palette colour stays apart, for a deuteranope, from every
 * party colour the chart's first n groups use. */
static int apart_from_parties(const char *colour, const pk_plot_group *g, size_t n,
                              const int *party)
{
    for (size_t j = 0; j < n; j++)
        if (party[j] && pk_colour_difference(colour, g[j].colour, 1) < PK_PLOT_MIN_DE2000)
            return 0;
    return 1;
}

/* Each group's colour: the house style's colour for its name, else a
 * party's own, else the neutral palette in turn (the house's palette
 * first, then pollplot's), skipping the palette colours a deuteranope
 * would confuse with a party colour in the same chart (when every one
 * would be, the unused one farthest from the colours given so far). o
 * may be NULL (no house style). */
void pk_plot_group_colours(pk_plot_group *g, size_t ng, const pk_plot_opts *o)
{
    enum { MAXPAL = 2 * PK_PLOT_MAX_GROUPS };
    int party[PK_PLOT_MAX_GROUPS] = {0};
    int used[MAXPAL] = {0};
    const char *pal[MAXPAL];
    size_t npal = 0;
    for (size_t k = 0; o && k < o->npalette && npal < PK_PLOT_MAX_GROUPS; k++)
        pal[npal++] = o->palette[k];
    for (size_t k = 0; k < PK_PLOT_MAX_GROUPS; k++)
        pal[npal++] = other_colours[k];
    size_t n = ng < PK_PLOT_MAX_GROUPS ? ng : PK_PLOT_MAX_GROUPS;
    for (size_t i = 0; i < n; i++) {
        for (size_t k = 0; o && k < o->ncolours && !g[i].colour; k++) {
            size_t len = strlen(o->colour_names[k]);
            if (label_names(g[i].label, o->colour_names[k], len) || label_names(g[i].code, o->colour_names[k], len))
                g[i].colour = o->colour_values[k];
        }
        for (size_t k = 0; k < sizeof party_colours / sizeof party_colours[0] && !g[i].colour; k++)
            if (is_party(&g[i], k))
                g[i].colour = party_colours[k].colour;
        /* Two requested groups sharing a colour would be unreadable. */
        for (size_t j = 0; j < i && g[i].colour; j++)
            if (strcmp(g[j].colour, g[i].colour) == 0)
                g[i].colour = NULL;
        party[i] = g[i].colour != NULL;
    }
    for (size_t i = 0; i < n; i++) {
        if (party[i])
            continue;
        size_t pick = npal;
        for (size_t k = 0; k < npal && pick == npal; k++)
            if (!used[k] && apart_from_parties(pal[k], g, n, party))
                pick = k;
        /* None left: the one farthest from every colour given so far. */
        double best = -1;
        for (size_t k = 0; k < npal && pick == npal; k++) {
            if (used[k])
                continue;
            double near = INFINITY;
            for (size_t j = 0; j < n; j++)
                if (g[j].colour && (party[j] || j < i))
                    near = fmin(near, pk_colour_difference(pal[k], g[j].colour, 1));
            if (near > best) {
                best = near;
                pick = k;
            }
        }
        for (size_t k = 0; k < npal && pick == npal; k++)
            if (!used[k])
                pick = k;
        /* The house's palette may repeat one of pollplot's: used once. */
        for (size_t k = 0; k < npal; k++)
            if (strcasecmp(pal[k], pal[pick]) == 0)
                used[k] = 1;
        g[i].colour = pal[pick];
        g[i].from_palette = 1;
    }
}

const char *pk_plot_palette(size_t k)
{
    return k < PK_PLOT_MAX_GROUPS ? other_colours[k] : NULL;
}

const char *pk_plot_party_colour(size_t k)
{
    return k < sizeof party_colours / sizeof party_colours[0] ? party_colours[k].colour : NULL;
}

static void free_lines(char **l, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(l[i]);
    free(l);
}

void pk_plot_figure_free(pk_plot_figure *ch)
{
    free(ch->drawn);
    free(ch->title);
    free(ch->subtitle);
    free_lines(ch->foot, ch->nfoot);
    free(ch->lc);
    free(ch->lt);
    free(ch->ypos);
}

/* Left margin from the proposal labels: wide enough for the longest line
 * once wrapped at most to two lines, within limits. Returns the wrap width
 * in characters and sets *left (px). */
static size_t label_margin(const pk_plot_prop *p, size_t np, double char_px, double *left)
{
    size_t maxlen = 0;
    for (size_t i = 0; i < np; i++) {
        size_t l = pk_textnorm_width(p[i].label, strlen(p[i].label));
        if (l > maxlen)
            maxlen = l;
    }
    size_t width = maxlen <= 40 ? maxlen : (maxlen + 1) / 2 + 4;
    if (width > 52)
        width = 52;
    if (width < 12)
        width = 12;
    *left = 24 + char_px * (double)width + 18;
    return width;
}

void pk_plot_props_free(pk_plot_prop *p, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        free(p[k].r);
        free(p[k].cells);
        free(p[k].shown);
    }
    free(p);
}

int pk_plot_is_code(enum pk_scale_kind k)
{
    return !pk_scale_kind_is_net(k);
}

/* A question's positive net: its net_positive row, else its one positive
 * code (a single-code side is its own net); -1 when it has none. */
long pk_plot_positive_net(const pk_plot_prop *p)
{
    long only = -1;
    size_t npos = 0;
    for (size_t k = 0; k < p->nr; k++) {
        if (p->r[k].kind == PK_SCALE_KIND_NET_POSITIVE)
            return (long)k;
        if (p->r[k].kind == PK_SCALE_KIND_POSITIVE) {
            only = (long)k;
            npos++;
        }
    }
    return npos == 1 ? only : -1;
}

/* The same for the negative side. */
long pk_plot_negative_net(const pk_plot_prop *p)
{
    long only = -1;
    size_t nneg = 0;
    for (size_t k = 0; k < p->nr; k++) {
        if (p->r[k].kind == PK_SCALE_KIND_NET_NEGATIVE)
            return (long)k;
        if (p->r[k].kind == PK_SCALE_KIND_NEGATIVE) {
            only = (long)k;
            nneg++;
        }
    }
    return nneg == 1 ? only : -1;
}

/* A response named by its code, else its label or code in any case. */
long pk_plot_find_resp(const pk_plot_prop *p, const char *name)
{
    for (size_t k = 0; k < p->nr; k++)
        if (strcmp(p->r[k].code, name) == 0)
            return (long)k;
    for (size_t k = 0; k < p->nr; k++)
        if (strcasecmp(p->r[k].label, name) == 0 || strcasecmp(p->r[k].code, name) == 0)
            return (long)k;
    return -1;
}

/* "a, b, c" of a question's responses, for messages. */
int pk_plot_no_response(pk_err *err, const pk_support_table *t, const pk_plot_prop *p, const char *name)
{
    pk_err_list l = {0};
    for (size_t k = 0; k < p->nr; k++)
        pk_err_list_add(&l, ", ", "%s", p->r[k].code);
    char b[128];
    return pk_err_set(err, PK_ERR_USAGE, "%s: question '%s' has no response '%s' (it has: %s)",
                      t->name, p->code, pk_err_quote(b, sizeof b, name, strlen(name)),
                      pk_err_list_text(&l));
}

/* RGB interpolation between two "#RRGGBB" colours, f in [0, 1]. */
static void mix(char *out, const char *a, const char *b, double f)
{
    unsigned ca[3], cb[3];
    sscanf(a + 1, "%2x%2x%2x", &ca[0], &ca[1], &ca[2]);
    sscanf(b + 1, "%2x%2x%2x", &cb[0], &cb[1], &cb[2]);
    int v[3];
    for (int i = 0; i < 3; i++)
        v[i] = (int)lround(ca[i] + (cb[i] - (double)ca[i]) * f);
    snprintf(out, 8, "#%02X%02X%02X", v[0], v[1], v[2]);
}

/* Colours of a question's codes: a scale with sides gets a diverging ramp
 * (positive blue, negative red, darkest at the extremes: the code farthest
 * in scale order from the other side), neutral grey, don't know in
 * lighter or darker greys; a scale without sides the qualitative palette
 * in scale order. Ranks order each side from the middle outwards. */
void pk_plot_colour_codes(pk_plot_prop *p)
{
    double mean[2] = {0, 0};
    size_t nside[2] = {0, 0}, nneu = 0, ndk = 0, nnom = 0;
    for (size_t k = 0; k < p->nr; k++) {
        int s = p->r[k].kind == PK_SCALE_KIND_POSITIVE ? 0 : p->r[k].kind == PK_SCALE_KIND_NEGATIVE ? 1 : -1;
        if (s >= 0) {
            mean[s] += (double)k;
            nside[s]++;
        }
    }
    int sided = nside[0] > 0 && nside[1] > 0;
    for (int s = 0; s < 2; s++)
        mean[s] = nside[s] ? mean[s] / (double)nside[s] : 0;
    static const char *const dark[2] = {"#2166AC", "#B2182B"};
    static const char *const light2[2] = {"#67A9CF", "#EF8A62"};
    static const char *const lightn[2] = {"#BCD7EA", "#F7C2A5"};
    static const char *const neutral[] = {"#CFCFCF", "#E0E0E0", "#B8B8B8"};
    static const char *const dk[] = {"#969696", "#B5B5B5", "#7A7A7A", "#C8C8C8"};
    for (size_t k = 0; k < p->nr; k++) {
        pk_plot_resp *r = &p->r[k];
        if (!pk_plot_is_code(r->kind))
            continue;
        int s = r->kind == PK_SCALE_KIND_POSITIVE ? 0 : r->kind == PK_SCALE_KIND_NEGATIVE ? 1 : -1;
        if (sided && s >= 0) {
            /* Distance from the other side: the extremes are farthest. */
            double d = fabs((double)k - mean[1 - s]);
            int rank = 0;
            for (size_t j = 0; j < p->nr; j++) {
                int sj = p->r[j].kind == PK_SCALE_KIND_POSITIVE ? 0
                         : p->r[j].kind == PK_SCALE_KIND_NEGATIVE ? 1 : -1;
                if (sj == s && j != k) {
                    double dj = fabs((double)j - mean[1 - s]);
                    rank += dj < d || (dj == d && j < k);
                }
            }
            r->rank = rank;
            if (nside[s] == 1)
                mix(r->colour, dark[s], light2[s], 0.35);
            else
                mix(r->colour, nside[s] == 2 ? light2[s] : lightn[s],
                    dark[s], (double)rank / (double)(nside[s] - 1));
        } else if (sided && r->kind == PK_SCALE_KIND_NEUTRAL) {
            snprintf(r->colour, 8, "%s", neutral[nneu++ % 3]);
        } else if (r->kind == PK_SCALE_KIND_DONT_KNOW) {
            snprintf(r->colour, 8, "%s", dk[ndk++ % 4]);
        } else {
            snprintf(r->colour, 8, "%s", nominal_colours[nnom++ % N_NOMINAL]);
        }
    }
}

void pk_plot_note_n(pk_plot_group *g, const pk_support_table_row *r)
{
    if (!r || r->n < 0)
        return;
    if (g->nmin < 0 || r->n < g->nmin)
        g->nmin = r->n;
    if (r->n > g->nmax)
        g->nmax = r->n;
    if (r->low_base)
        g->low_base = 1;
}

int pk_plot_too_few(const pk_plot_ctx *c, const pk_support_table_row *r)
{
    return r && r->n >= 0 && r->n < c->o->min_base;
}

static void terminal(pk_plot_ctx *c)
{
    const pk_plot_opts *o = c->o;
    char w[PK_NUMBER_BUFSIZE], h[PK_NUMBER_BUFSIZE];
    fputs("reset\nset encoding utf8\n", c->f);
    switch (o->term) {
    case PK_PLOT_TERM_SVG:
        fprintf(c->f, "set terminal svg size %s,%s dynamic enhanced", pk_plot_num(w, CANVAS_W),
                pk_plot_num(h, CANVAS_H));
        pk_plot_font(c, 12, 0);
        fputs(" fontscale 1.333 background rgb \"white\"\n", c->f);
        break;
    case PK_PLOT_TERM_PDFCAIRO:
        /* The same picture printed at PK_PLOT_PDF_PX_PER_IN. */
        fprintf(c->f, "set terminal pdfcairo size %sin,%sin noenhanced",
                pk_plot_num(w, CANVAS_W / PK_PLOT_PDF_PX_PER_IN), pk_plot_num(h, CANVAS_H / PK_PLOT_PDF_PX_PER_IN));
        pk_plot_font(c, 12, 0);
        fputs(" fontscale 0.48 linewidth 0.6 background rgb \"white\"\n", c->f);
        break;
    case PK_PLOT_TERM_PNGCAIRO:
        fprintf(c->f, "set terminal pngcairo size %s,%s noenhanced", pk_plot_num(w, CANVAS_W),
                pk_plot_num(h, CANVAS_H));
        pk_plot_font(c, 12, 0);
        fputs(" background rgb \"white\"\n", c->f);
        break;
    }
    fputs("set output ", c->f);
    pk_plot_string(c, o->image);
    fputs("\n", c->f);
}

/* One datablock; its name is ours, its lines numbers only. */
void pk_plot_block_begin(pk_plot_ctx *c, const char *name)
{
    fprintf(c->f, "$%s << EOD\n", name);
}

void pk_plot_block_end(pk_plot_ctx *c)
{
    fputs("EOD\n", c->f);
}

/* A label inside a sentence: its first letter lowered ("% support"),
 * unless the word looks like an acronym ("UK", "NHS"). */
const char *pk_plot_lowered(char *buf, size_t size, const char *label)
{
    snprintf(buf, size, "%s", label);
    if (buf[0] >= 'A' && buf[0] <= 'Z' && !(buf[1] >= 'A' && buf[1] <= 'Z'))
        buf[0] = (char)(buf[0] - 'A' + 'a');
    return buf;
}

/* A text made by fn, or the one given (--title, --subtitle). NULL when
 * out of memory. */
static char *text_of(const char *given, void (*fn)(FILE *, const pk_plot_figure *), const pk_plot_figure *ch)
{
    char *buf = NULL;
    size_t sz = 0;
    FILE *m = open_memstream(&buf, &sz);
    if (!m)
        return NULL;
    if (given)
        fputs(given, m);
    else
        fn(m, ch);
    fclose(m);
    return buf;
}

/* Headline, subtitle and footnote of a chart whose rows are chosen. */
int pk_plot_figure_texts(pk_plot_figure *ch, void (*title)(FILE *, const pk_plot_figure *),
                         void (*subtitle)(FILE *, const pk_plot_figure *))
{
    const pk_plot_opts *o = ch->c->o;
    ch->title = text_of(o->title, title, ch);
    ch->subtitle = text_of(o->subtitle, subtitle, ch);
    if (!ch->title || !ch->subtitle || pk_plot_footnote(ch))
        return pk_err_nomem(ch->c->err);
    return 0;
}

/* The groups as a subtitle says what they are split by: ", by 2024
 * general election vote" (nothing when they come from several columns). */
void pk_plot_by_suffix(FILE *m, const pk_plot_figure *ch)
{
    const char *by = common_by(ch->g, ch->ng);
    char buf[256];
    if (by)
        fprintf(m, ", by %s", by_words(ch, by, buf, sizeof buf));
}

/* What a headline says the groups are split by, when it names no group:
 * more than three groups of one --by column that are not all parties
 * ("by province"); NULL when the headline names them. */
const char *pk_plot_groups_by(const pk_plot_figure *ch, char *buf, size_t size)
{
    const char *by = common_by(ch->g, ch->ng);
    if (!by || ch->ng <= 3 || all_parties(ch->g, ch->ng))
        return NULL;
    return by_words(ch, by, buf, size);
}

/* "Labour and Green voters" (" voters" when every group is a party); All
 * reads "all respondents" in a sentence. */
/* Whether a group is the party table's "did not vote". */
static int is_non_voter(const pk_plot_group *g)
{
    for (size_t k = 0; k < sizeof party_colours / sizeof party_colours[0]; k++)
        if (strcmp(party_colours[k].code, "did_not_vote") == 0)
            return is_party(g, k);
    return 0;
}

void pk_plot_groups_phrase(FILE *m, const pk_plot_figure *ch)
{
    /* Parties and the non-voters last: "Conservative and Labour voters and
     * non-voters" (never "Labour and Did not vote"). */
    if (ch->ng >= 2 && is_non_voter(&ch->g[ch->ng - 1]) && strcmp(ch->g[0].code, "All") != 0 &&
        all_parties(ch->g, ch->ng - 1)) {
        char *parties = join_labels(ch->g, ch->ng - 1);
        fprintf(m, "%s voters and non-voters", parties ? parties : "");
        free(parties);
        return;
    }
    /* All first, then parties: "all respondents, and Labour voters". */
    if (ch->ng > 1 && strcmp(ch->g[0].code, "All") == 0 && all_parties(ch->g + 1, ch->ng - 1)) {
        char *parties = join_labels(ch->g + 1, ch->ng - 1);
        fprintf(m, "all respondents, and %s voters", parties ? parties : "");
        free(parties);
        return;
    }
    char *labels = join_labels(ch->g, ch->ng);
    fprintf(m, "%s%s", labels ? labels : "", all_parties(ch->g, ch->ng) ? " voters" : "");
    free(labels);
}

/* Room for the group labels beside each bar (segments charts of several
 * groups; bars of more groups than colours tell apart). */
double pk_plot_group_label_px(const pk_plot_figure *ch)
{
    double w = 0;
    for (size_t j = 0; j < ch->ng; j++)
        w = fmax(w, pk_plot_text_px(ch->g[j].label, pk_plot_pt(ch->c, 10)));
    return fmin(w, pk_plot_pt(ch->c, 260)) + 14;
}

/* Group j's label beside its bar at y (plot coordinates), right-aligned
 * against the plot, in the group's colour. */
void pk_plot_group_label(pk_plot_figure *ch, size_t j, double y, int size_pt)
{
    pk_plot_ctx *c = ch->c;
    char b1[PK_NUMBER_BUFSIZE];
    fputs("set label ", c->f);
    pk_plot_string(c, ch->g[j].label);
    fprintf(c->f, " at graph 0, first %s right offset -0.8,0", pk_plot_num(b1, y));
    pk_plot_font(c, size_pt, 0);
    fputs(" tc rgb ", c->f);
    pk_plot_string(c, ch->g[j].colour);
    fputs(" noenhanced front\n", c->f);
}

/* The script's start, the frame around the plot and the plot area's
 * axes; extra_left is room between the proposal labels and the plot.
 * Fails when the texts leave no room for the chart. */
int pk_plot_figure_frame(pk_plot_figure *ch, double extra_left)
{
    pk_plot_ctx *c = ch->c;
    terminal(c);
    memset(&ch->L, 0, sizeof ch->L);
    ch->L.plot_right = CANVAS_W - 40;
    frame(c, ch->title, ch->subtitle, ch->foot, ch->nfoot, ch->lc, ch->lt, ch->nleg, &ch->L);
    double left;
    ch->width = label_margin(ch->p, ch->np, fpx(c, 8.6), &left);
    ch->L.plot_left = left + extra_left;
    if (too_tall(c, &ch->L, ch->t, ch->g, ch->ng))
        return c->err->status;
    axes(c, &ch->L);
    return 0;
}

/* The alt text is plain text, one paragraph per part: a screen reader
 * reads it in order. Labels go in as the table has them, on one line. */
static void alt_text(FILE *f, const char *s)
{
    for (; *s; s++) {
        /* The footnote's no-break spaces keep a name with its numbers on
         * the chart; read aloud they are spaces. */
        if ((unsigned char)s[0] == 0xC2 && (unsigned char)s[1] == 0xA0) {
            fputc(' ', f);
            s++;
            continue;
        }
        fputc(*s == '\n' || *s == '\r' || *s == '\t' ? ' ' : *s, f);
    }
}

void pk_plot_alt_share(FILE *f, double share, int net)
{
    long v = lround(share * 100);
    fprintf(f, net && v ? "%+ld" : net ? "%ld" : "%ld%%", v);
}

void pk_plot_alt_head(pk_plot_figure *ch, const char *kind)
{
    FILE *f = ch->c->alt;
    if (!f)
        return;
    fprintf(f, "%s: ", kind);
    alt_text(f, ch->title);
    fputs(".\n", f);
    alt_text(f, ch->subtitle);
    fputs(".\n", f);
    fprintf(f, "%s: ", ch->ng == 1 ? "Group" : "Groups");
    for (size_t j = 0; j < ch->ng; j++) {
        fputs(j == 0 ? "" : j + 1 == ch->ng ? " and " : ", ", f);
        alt_text(f, ch->g[j].label);
    }
    fputs(".\n\n", f);
}

void pk_plot_alt_foot(pk_plot_figure *ch)
{
    FILE *f = ch->c->alt;
    if (!f)
        return;
    fputc('\n', f);
    for (size_t i = 0; i < ch->nfoot; i++) {
        alt_text(f, ch->foot[i]);
        fputc('\n', f);
    }
}

void pk_plot_take(pk_plot_figure *ch, size_t j, const pk_support_table_row *r, double v, double *sum, int *cnt)
{
    ch->drawn[ch->ndrawn++] = r;
    pk_plot_note_n(&ch->g[j], r);
    if (isnan(v) || pk_plot_too_few(ch->c, r))
        return;
    *sum += v;
    (*cnt)++;
    ch->lo = fmin(ch->lo, v);
    ch->hi = fmax(ch->hi, v);
    if (!isnan(r->ci_low) && !isnan(r->ci_high)) {
        ch->intervals = 1;
        ch->lo = fmin(ch->lo, r->ci_low);
        ch->hi = fmax(ch->hi, r->ci_high);
    }
}

void pk_plot_take_prop(pk_plot_figure *ch, size_t i, int mean)
{
    pk_plot_prop *p = &ch->p[i];
    double sum = 0;
    int cnt = 0;
    for (size_t j = 0; j < ch->ng; j++) {
        const pk_support_table_row *r = pk_support_table_find(ch->t, p->code, ch->g[j].by, ch->g[j].code,
                                                              p->r[p->drawn].code);
        p->cells[j] = r;
        if (r)
            pk_plot_take(ch, j, r, mean ? r->mean : r->share, &sum, &cnt);
    }
    if (cnt)
        p->key = sum / cnt;
}

/* The legend of a chart of groups: each group's colour, then the
 * intervals, naming their level when the rows drawn agree on one. */
int pk_plot_legend(pk_plot_figure *ch)
{
    double level = NAN;
    for (size_t i = 0; i < ch->ndrawn; i++) {
        if (isnan(ch->drawn[i]->level))
            continue;
        if (!isnan(level) && level != ch->drawn[i]->level) {
            level = INFINITY;
            break;
        }
        level = ch->drawn[i]->level;
    }
    if (isfinite(level)) {
        char lb[PK_NUMBER_BUFSIZE];
        snprintf(ch->moe, sizeof ch->moe, "Margin of error (%s%% interval)",
                 pk_number_format(lb, level * 100, 6));
    } else {
        snprintf(ch->moe, sizeof ch->moe, "Margin of error");
    }
    ch->lc = calloc(ch->ng + 1, sizeof *ch->lc);
    ch->lt = calloc(ch->ng + 1, sizeof *ch->lt);
    if (!ch->lc || !ch->lt)
        return pk_err_nomem(ch->c->err);
    for (size_t j = 0; j < ch->ng; j++) {
        ch->lc[j] = ch->g[j].colour;
        ch->lt[j] = ch->g[j].label;
    }
    ch->lt[ch->ng] = ch->moe;
    ch->nleg = ch->ng + (ch->intervals ? 1 : 0);
    return 0;
}

int pk_plot_question_label(pk_plot_figure *ch, size_t i, double row, int at_edge)
{
    pk_plot_ctx *c = ch->c;
    char b1[PK_NUMBER_BUFSIZE], b2[PK_NUMBER_BUFSIZE], b3[PK_NUMBER_BUFSIZE];
    int lines;
    size_t longest;
    char *w = pk_plot_wrap(ch->p[i].label, ch->width, &lines, &longest);
    if (!w)
        return -1;
    pk_plot_room(c, row, lines, pk_plot_pt(c, 12));
    fputs("set label ", c->f);
    pk_plot_string(c, w);
    /* gnuplot puts a label's first line at its position and the rest
     * below: move it up by half the extra lines to centre it. */
    if (at_edge)
        fprintf(c->f, " at screen %s, first %s left offset 0,%s", pk_plot_num(b1, pk_plot_sx(c, PK_PLOT_MARGIN)),
                pk_plot_num(b2, (double)(ch->np - 1 - i)), pk_plot_num(b3, 0.5 * (lines - 1)));
    else
        fprintf(c->f, " at graph 0, first %s right offset -1.2,%s", pk_plot_num(b1, (double)(ch->np - 1 - i)),
                pk_plot_num(b2, 0.5 * (lines - 1)));
    pk_plot_font(c, 12, 0);
    fputs(" tc rgb \"#222222\" noenhanced front\n", c->f);
    free(w);
    return 0;
}

double pk_plot_slot_y(const pk_plot_figure *ch, size_t i, size_t j)
{
    double slot = 0.8 / (double)ch->ng;
    return (double)(ch->np - 1 - i) + ((double)(ch->ng - 1) / 2 - (double)j) * slot;
}

void pk_plot_gap_blocks(pk_plot_figure *ch, int mean, int *nodata, int *few)
{
    pk_plot_ctx *c = ch->c;
    char b1[PK_NUMBER_BUFSIZE];
    pk_plot_block_begin(c, "nodata");
    for (size_t j = 0; j < ch->ng; j++)
        for (size_t i = 0; i < ch->np; i++) {
            const pk_support_table_row *r = ch->p[i].cells[j];
            if (r && !isnan(mean ? r->mean : r->share))
                continue;
            fprintf(c->f, "%s\n", pk_plot_num(b1, pk_plot_slot_y(ch, i, j)));
            *nodata = 1;
        }
    pk_plot_block_end(c);
    /* Cells on too few respondents: their place says so, with n. */
    pk_plot_block_begin(c, "few");
    for (size_t j = 0; j < ch->ng; j++)
        for (size_t i = 0; i < ch->np; i++) {
            const pk_support_table_row *r = ch->p[i].cells[j];
            if (!r || isnan(mean ? r->mean : r->share) || !pk_plot_too_few(c, r))
                continue;
            fprintf(c->f, "%s %ld\n", pk_plot_num(b1, pk_plot_slot_y(ch, i, j)), r->n);
            *few = 1;
        }
    pk_plot_block_end(c);
}

void pk_plot_gap_plot(pk_plot_ctx *c, const char *sep, double x, int nodata, int few)
{
    char b1[PK_NUMBER_BUFSIZE];
    if (nodata) {
        fprintf(c->f, "%s$nodata using (%s):1:(\"no data\") with labels left", sep, pk_plot_num(b1, x));
        pk_plot_font(c, 10, 0);
        fputs(" tc rgb \"#777777\" notitle", c->f);
        sep = ", \\\n  ";
    }
    if (few) {
        fprintf(c->f, "%s$few using (%s):1:(sprintf(\"n=%%d, %s\", $2)) with labels left", sep, pk_plot_num(b1, x),
                PK_PLOT_TOO_FEW);
        pk_plot_font(c, 10, 0);
        fputs(" tc rgb \"#777777\" notitle", c->f);
    }
}

/* A figure in the alt text: a share ("62%", a net score "+12"), or a mean
 * to one decimal. */
static void alt_value(FILE *f, const pk_plot_figure *ch, double v, int mean)
{
    char b[48];
    if (mean)
        fputs(pk_number_percent(b, sizeof b, v / 100, 1, 0, "?"), f);
    else
        pk_plot_alt_share(f, v, ch->net);
}

void pk_plot_alt_cells(pk_plot_figure *ch, const char *kind, int mean)
{
    FILE *f = ch->c->alt;
    if (!f)
        return;
    pk_plot_alt_head(ch, kind);
    for (size_t i = 0; i < ch->np; i++) {
        for (const char *s = ch->p[i].label; *s; s++)
            fputc(*s == '\n' ? ' ' : *s, f);
        fputs(": ", f);
        for (size_t j = 0; j < ch->ng; j++) {
            const pk_support_table_row *r = ch->p[i].cells[j];
            double v = r ? (mean ? r->mean : r->share) : NAN;
            fputs(j ? "; " : "", f);
            for (const char *s = ch->g[j].label; *s; s++)
                fputc(*s == '\n' ? ' ' : *s, f);
            if (!r || isnan(v)) {
                fputs(" no data", f);
            } else if (pk_plot_too_few(ch->c, r)) {
                fprintf(f, " too few to show (%ld answered)", r->n);
            } else {
                fputs(mean ? " mean " : " ", f);
                alt_value(f, ch, v, mean);
                if (!isnan(r->ci_low) && !isnan(r->ci_high)) {
                    fputs(" (margin of error ", f);
                    alt_value(f, ch, r->ci_low, mean);
                    fputs(" to ", f);
                    alt_value(f, ch, r->ci_high, mean);
                    fputc(')', f);
                }
                if (r->low_base)
                    fputs(", small base", f);
            }
        }
        fputs(".\n", f);
    }
    pk_plot_alt_foot(ch);
}
