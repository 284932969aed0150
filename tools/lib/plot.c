/* gnuplot chart scripts from a support table; see plot.h. Everything the
 * chart says about answers comes from the table's response, response_label
 * and response_kind columns: no poll's scale is known here.
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

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "plot_quote.h"
#include "number.h"
#include "scale.h"
#include "scale_guess.h"
#include "textnorm.h"
#include "util.h"

#define CANVAS_W 1200.0
#define CANVAS_H 675.0
#define FONT "DejaVu Sans"

/* GB parties' usual colours, found by a group's code or label; other
 * groups take a neutral palette in turn. */
static const struct { const char *code, *label, *colour; } party_colours[] = {
    {"lab", "Labour", "#E4003B"},         {"grn", "Green", "#02A95B"},
    {"con", "Conservative", "#0087DC"},   {"ld", "Liberal Democrat", "#FAA61A"},
    {"ref", "Reform UK", "#12B6CF"},      {"snp", "SNP", "#E5C700"},
    {"pc", "Plaid Cymru", "#005B54"},     {"other", "Other", "#8C8C8C"},
    {"did_not_vote", "Did not vote", "#B5B5B5"}, {"All", "All", "#4D4D4D"},
};
static const char *const other_colours[] = {"#6A3D9A", "#8C564B", "#4E79A7", "#B07AA1", "#9C755F"};

/* Answers without sides take a qualitative palette in scale order (11
 * colours, one per code of the longest scales pollsters use). */
static const char *const nominal_colours[] = {
    "#4E79A7", "#F28E2B", "#59A14F", "#B07AA1", "#EDC948", "#76B7B2",
    "#E15759", "#9C755F", "#FF9DA7", "#BAB0AC", "#8CD17D",
};
#define N_NOMINAL (sizeof nominal_colours / sizeof nominal_colours[0])

const char *pk_plot_default_image(pk_plot_term term)
{
    switch (term) {
    case PK_PLOT_TERM_SVG:
        return "chart.svg";
    case PK_PLOT_TERM_PDFCAIRO:
        return "chart.pdf";
    default:
        return "chart.png";
    }
}

typedef struct group {
    const char *code, *label, *by, *colour;
    long nmin, nmax;   /* n over the drawn proposals; -1 when unknown */
    int low_base;
} group;

/* One response of a question as the table has it. */
typedef struct resp {
    const char *code, *label;
    enum pk_scale_kind kind;
    char colour[8];    /* "#RRGGBB" for stacked and diverging charts */
    int rank;          /* within its side: 0 nearest the middle */
} resp;

typedef struct prop {
    const char *code, *label;
    size_t order;      /* position in the table */
    double key;        /* sort key: mean share over the groups */
    resp *r;           /* its responses, table order */
    size_t nr;
    long drawn;        /* bars: the response drawn, index into r */
    char *shown;       /* bars: the label drawn, when it names the response */
    const pk_support_table_row **cells;  /* bars: [g]; segments: [g * nr + k] */
} prop;

/* The script is built in memory and written only when complete. */
typedef struct ctx {
    FILE *f;
    pk_err *err;
    int failed;        /* a string could not be quoted */
    const pk_plot_opts *o;
} ctx;

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
static void q(ctx *c, const char *s)
{
    int oom = 0;
    char *safe = c->o->term == PK_PLOT_TERM_SVG ? break_cdata_end(s, &oom) : NULL;
    char *z = oom ? NULL : pk_plot_quote(safe ? safe : s, strlen(safe ? safe : s));
    free(safe);
    if (!z) {
        if (!c->failed) {
            char b[128];
            if (!oom && errno == EILSEQ)
                pk_err_set(c->err, PK_EDATA, "text is not valid UTF-8: '%s'",
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
static const char *num(char *buf, double v)
{
    return pk_number_format(buf, v, 10);
}

static double sx(double px)
{
    return px / CANVAS_W;
}

static double sy(double px_from_top)
{
    return 1.0 - px_from_top / CANVAS_H;
}

/* s wrapped at spaces into lines of at most width code points, keeping the
 * text's own line breaks; a word longer than a line is never split, so the
 * words read back joined by spaces. Sets *lines and *longest (code points).
 * New malloc'd string, NULL when out of memory. */
static char *wrap(const char *s, size_t width, int *lines, size_t *longest)
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
    /* count: code points on the current line; after: those after its last
     * space (where it would break). */
    size_t line_start = 0, last_space = (size_t)-1, count = 0, after = 0;
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
            count++;
            after++;
        }
        if (out[i] == ' ') {
            last_space = i;
            after = 0;
        }
        if (count > width && last_space != (size_t)-1 && last_space > line_start) {
            if (count - after - 1 > *longest)
                *longest = count - after - 1;
            out[last_space] = '\n';
            (*lines)++;
            line_start = last_space + 1;
            last_space = (size_t)-1;
            count = after;
        }
    }
    return out;
}

/* Append to a growing string list joined by sep. */
static void add_part(FILE *m, int *first, const char *sep, const char *s)
{
    if (!*first)
        fputs(sep, m);
    fputs(s, m);
    *first = 0;
}

/* "Labour", "Labour and Green", "Labour, Green and SNP". */
static char *join_labels(const group *g, size_t ng)
{
    char *buf = NULL;
    size_t sz = 0;
    FILE *m = open_memstream(&buf, &sz);
    if (!m)
        return NULL;
    for (size_t i = 0; i < ng; i++)
        fprintf(m, "%s%s", i == 0 ? "" : i + 1 == ng ? " and " : ", ", g[i].label);
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

/* The --by column all the groups come from, or NULL when they come from
 * several or from none (All, combined groups). */
static const char *common_by(const group *g, size_t ng)
{
    for (size_t j = 1; j < ng; j++)
        if (strcmp(g[j].by, g[0].by) != 0)
            return NULL;
    return *g[0].by ? g[0].by : NULL;
}

/* The distinct values of a text column among rows, "a, b" (hashed: a
 * chart of many proposals has many rows). */
static int distinct_list(FILE *m, const char **vals, size_t n, const char *(*name)(const char *))
{
    int first = 1;
    pk_util_hindex seen = {0};
    for (size_t i = 0; i < n; i++) {
        if (!*vals[i])
            continue;
        uint64_t h = pk_util_hash(vals[i], strlen(vals[i]));
        size_t slot = 0, j;
        int dup = 0;
        while (!dup && (j = pk_util_hindex_next(&seen, h, &slot)) != SIZE_MAX)
            dup = strcmp(vals[i], vals[j]) == 0;
        if (dup)
            continue;
        if (pk_util_hindex_add(&seen, h, i)) {
            pk_util_hindex_free(&seen);
            return -1;
        }
        add_part(m, &first, "/", name ? name(vals[i]) : vals[i]);
    }
    pk_util_hindex_free(&seen);
    return 0;
}

/* The interval methods of pollsupport's --ci as readers know them; any
 * other value is shown as the table has it. */
static const char *ci_name(const char *method)
{
    static const struct { const char *code, *name; } n[] = {
        {"logit", "logit"}, {"beta", "Korn\u2013Graubard"}, {"mean", "Wald"}, {"wilson", "Wilson"},
    };
    for (size_t i = 0; i < sizeof n / sizeof n[0]; i++)
        if (strcmp(n[i].code, method) == 0)
            return n[i].name;
    return method;
}

/* Error listing the distinct values of a column: "a, b, c and 40 more". */
static int not_found(pk_err *err, const pk_support_table *t, const char *what, const char *val,
                     int col_group)
{
    pk_util_nameset seen = {0};
    pk_err_list l = {0};
    for (size_t i = 0; i < t->nrows; i++) {
        const char *v = col_group == 1 ? t->rows[i].group
                        : col_group == 2 ? t->rows[i].question : t->rows[i].response;
        if (pk_util_nameset_has(&seen, v))
            continue;
        if (pk_util_nameset_add(&seen, v) != 0) {
            pk_util_nameset_free(&seen);
            return pk_err_nomem(err);
        }
        pk_err_list_add(&l, ", ", "%s", v);
    }
    pk_util_nameset_free(&seen);
    char b[128];
    pk_err_set(err, PK_EUSAGE, "%s: no %s '%s' in the table (it has: %s)", t->name, what,
               pk_err_quote(b, sizeof b, val, strlen(val)), pk_err_list_text(&l));
    return PK_EUSAGE;
}

static int cmp_prop(const void *a, const void *b)
{
    const prop *x = a, *y = b;
    if (x->key != y->key)
        return x->key > y->key ? -1 : 1;
    return x->order < y->order ? -1 : x->order > y->order;
}

/* Text pieces placed with `set label` at screen coordinates. */
static void label_at(ctx *c, const char *text, double xpx, double ypx, const char *just,
                     const char *font, const char *colour)
{
    char b1[PK_NUMBER_BUFSIZE], b2[PK_NUMBER_BUFSIZE];
    fputs("set label ", c->f);
    q(c, text);
    fprintf(c->f, " at screen %s, screen %s %s font \"%s\" tc rgb \"%s\" noenhanced front\n",
            num(b1, sx(xpx)), num(b2, sy(ypx)), just, font, colour);
}

typedef struct layout {
    double plot_top, plot_bottom, plot_left, plot_right;  /* px */
    double legend_y;     /* centre line of the legend, px from the top */
    double legend_x;     /* where the next legend entry starts */
    int objects;         /* rectangles drawn so far */
} layout;

/* One legend entry: a colour swatch (or, with colour NULL, an interval
 * whisker) and its text, left to right along the legend line. gnuplot's
 * own key wraps a horizontal legend to the plot's width; this one is laid
 * out in screen coordinates like the other text. */
static void legend_entry(ctx *c, layout *L, const char *colour, const char *text)
{
    char b1[PK_NUMBER_BUFSIZE], b2[PK_NUMBER_BUFSIZE], b3[PK_NUMBER_BUFSIZE], b4[PK_NUMBER_BUFSIZE];
    double width = (colour ? 22 : 28) + 8.4 * (double)pk_textnorm_width(text, strlen(text));
    if (L->legend_x > 24 && L->legend_x + width > CANVAS_W - 24) {
        L->legend_x = 24;
        L->legend_y += 24;
    }
    double x = L->legend_x, y = L->legend_y;
    if (colour) {
        fprintf(c->f, "set object %d rect from screen %s, screen %s to screen %s, screen %s "
                      "fc rgb ", ++L->objects, num(b1, sx(x)), num(b2, sy(y + 7)),
                num(b3, sx(x + 16)), num(b4, sy(y - 7)));
        q(c, colour);
        fputs(" fs solid 1.0 noborder front\n", c->f);
    } else {
        fprintf(c->f, "set arrow from screen %s, screen %s to screen %s, screen %s heads "
                      "size screen 0.006,90 lw 1.3 lc rgb \"#1A1A1A\" front\n",
                num(b1, sx(x)), num(b2, sy(y)), num(b3, sx(x + 22)), num(b4, sy(y)));
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
    label_at(c, one, x + 22, y, "left", FONT ",12", "#222222");
    free(one);
    L->legend_x = x + 22 + 8.4 * (double)pk_textnorm_width(text, strlen(text)) + 30;
}

/* The headline, bold, at y px from the top. gnuplot's SVG terminal
 * ignores ":Bold" in a font name; only enhanced text's {/:Bold ...} gives
 * a bold face there. The text is made literal for enhanced mode first
 * (pk_plot_quote_enhanced), so no special in it takes effect. */
static void frame_title(ctx *c, const char *t, double y)
{
    if (c->o->term != PK_PLOT_TERM_SVG) {
        label_at(c, t, 24, y, "left", FONT ":Bold,20", "#111111");
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
    q(c, buf);
    fprintf(c->f, " at screen %s, screen %s left font \"%s,20\" tc rgb \"#111111\" enhanced front\n",
            num(b1, sx(24)), num(b2, sy(y)), FONT);
    free(e);
    free(buf);
}

/* The footnote's lines, wrapped, from the bottom of the canvas up;
 * returns the y of its first line (px from the top). */
static double frame_footnote(ctx *c, char **foot, size_t nfoot)
{
    double fy = CANVAS_H - 16;
    double line_h = 15;
    size_t total = 0, longest;
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
        wrapped[i] = wrap(foot[i], 190, &nl[i], &longest);
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
        label_at(c, wrapped[i], 24, ly, "left", FONT ",10", "#555555");
        ly += line_h * nl[i];
        free(wrapped[i]);
    }
    free(wrapped);
    free(nl);
    return top;
}

/* Headline, subtitle, legend and footnote; returns the plot area. */
static void frame(ctx *c, const char *title, const char *subtitle, char **foot, size_t nfoot,
                  const char *const *leg_colour, const char *const *leg_text, size_t nleg,
                  layout *L)
{
    int lines;
    size_t longest;
    double y = 30;

    char *t = wrap(title, 68, &lines, &longest);
    if (!t) {
        c->failed = 1;
        pk_err_nomem(c->err);
        return;
    }
    frame_title(c, t, y);
    free(t);
    y += 31.0 * (lines - 1) + 30;

    char *s = wrap(subtitle, 125, &lines, &longest);
    if (!s) {
        c->failed = 1;
        pk_err_nomem(c->err);
        return;
    }
    label_at(c, s, 24, y, "left", FONT ",13", "#444444");
    free(s);
    y += 20.0 * (lines - 1) + 28;

    L->legend_x = 24;
    L->legend_y = y - 4;
    fputs("unset key\n", c->f);
    for (size_t i = 0; i < nleg; i++)
        legend_entry(c, L, leg_colour[i], leg_text[i]);
    y = L->legend_y + 4 + 36;
    L->plot_top = y;

    double top = frame_footnote(c, foot, nfoot);
    L->plot_bottom = top - 14 - 34;  /* room for the x tic labels */
}

/* A headline, subtitle, legend and footnote so long that no room is left
 * for the chart are refused rather than drawn over each other: bad usage
 * when an option's text is the long one, else bad data naming the longest
 * label the table gives (a group's, or a question's for the headline) and
 * its line. */
static int too_tall(ctx *c, const layout *L, const pk_support_table *t, const group *g, size_t ng)
{
    if (c->failed)
        return 1;
    if (L->plot_bottom - L->plot_top >= 150)
        return 0;
    const pk_plot_opts *o = c->o;
    const char *opts[] = {o->title, o->subtitle, o->source};
    for (size_t i = 0; i < 3; i++)
        if (opts[i] && strlen(opts[i]) >= 100)
            return pk_err_set(c->err, PK_EUSAGE,
                              "the headline, subtitle, legend and footnote leave no room for the chart: "
                              "shorten them (--title, --subtitle, --source)");
    const char *label = NULL, *col = NULL;
    const group *lg = NULL;
    const char *lq = NULL;
    for (size_t i = 0; i < ng; i++)
        if (!label || strlen(g[i].label) > strlen(label)) {
            label = g[i].label;
            col = "group_label";
            lg = &g[i];
        }
    for (size_t i = 0; i < t->nquestions; i++)
        if (!label || strlen(t->question_labels[i]) > strlen(label)) {
            label = t->question_labels[i];
            col = "question_label";
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
    return pk_err_set(c->err, PK_EDATA,
                      "%s:%ld:%s: label '%s' (%zu bytes) is too long: with the headline, legend and "
                      "footnote it leaves no room for the chart; shorten it in the table",
                      t->name, at ? at->line : 0L, col ? col : "label",
                      pk_err_quote(b, sizeof b, label ? label : "", label ? strlen(label) : 0),
                      label ? strlen(label) : 0);
}

/* Margins, ranges and the common look of the plot area. */
static void axes(ctx *c, const layout *L)
{
    char b1[PK_NUMBER_BUFSIZE], b2[PK_NUMBER_BUFSIZE], b3[PK_NUMBER_BUFSIZE], b4[PK_NUMBER_BUFSIZE];
    fprintf(c->f,
            "set lmargin at screen %s\nset rmargin at screen %s\n"
            "set tmargin at screen %s\nset bmargin at screen %s\n",
            num(b1, sx(L->plot_left)), num(b2, sx(L->plot_right)), num(b3, sy(L->plot_top)),
            num(b4, sy(L->plot_bottom)));
    fputs("unset border\nunset ytics\nset xtics nomirror scale 0 out offset 0,0.3 "
          "font \"" FONT ",11\" textcolor rgb \"#555555\"\n"
          "set grid xtics lt 1 lw 1 lc rgb \"#E3E3E3\"\n"
          "set style fill solid 1.0 noborder\n"
          "set errorbars 1.6\n"
          "set style textbox opaque fillcolor rgb \"white\" noborder margins 1,0.5\n",
          c->f);
}

typedef pk_support_table_group tgroup;

/* Whether a label names a group as the table's group rule reads labels:
 * equal ignoring case, a trailing " voters" ignored on either side. */
static size_t trim_voters(const char *s)
{
    size_t n = strlen(s);
    if (n > 7 && strcasecmp(s + n - 7, " voters") == 0)
        return n - 7;
    return n;
}

static int label_names(const char *label, const char *name)
{
    size_t a = trim_voters(label), b = trim_voters(name);
    return a == b && strncasecmp(label, name, a) == 0;
}

/* A group as named on the command line, by the library's one rule (code,
 * BY=CODE or label; several matches an error listing the BY=CODE forms);
 * BY:CODE, the form pollplot took before BY=CODE, still works. */
static int find_group(const pk_support_table *t, const char *name, size_t *at, pk_err *err)
{
    char forms[512];
    int found = pk_support_table_group_lookup(t, name, at, forms, sizeof forms);
    const char *colon = strchr(name, ':');
    if (found == PK_SUPPORT_TABLE_GROUP_UNKNOWN && colon && !strchr(name, '=')) {
        char *alt = strdup(name);
        if (!alt)
            return pk_err_nomem(err);
        alt[colon - name] = '=';
        found = pk_support_table_group_lookup(t, alt, at, forms, sizeof forms);
        free(alt);
    }
    if (found == PK_SUPPORT_TABLE_GROUP_AMBIGUOUS) {
        char b[128];
        return pk_err_set(err, PK_EUSAGE, "--groups: '%s' names groups of several --by columns: "
                                          "write one of %s",
                          pk_err_quote(b, sizeof b, name, strlen(name)), forms);
    }
    if (found != PK_SUPPORT_TABLE_GROUP_FOUND)
        return not_found(err, t, "group", name, 1);
    return 0;
}

/* The groups to draw: as asked, else every group of the table's first
 * `by` column except combined groups (All alone when there is none). */
static int collect_groups(const pk_support_table *t, const pk_plot_opts *o, group **out, size_t *nout,
                          pk_err *err)
{
    const tgroup *tg = t->groups;
    size_t ntg = t->ngroups;
    size_t *pick = calloc(ntg + o->ngroups + 1, sizeof *pick), npick = 0;
    if (!pick)
        return pk_err_nomem(err);
    if (o->ngroups > 0) {
        for (size_t i = 0; i < o->ngroups; i++)
            if (find_group(t, o->groups[i], &pick[npick++], err)) {
                free(pick);
                return err->status;
            }
        for (size_t i = 0; i < npick; i++)
            for (size_t j = 0; j < i; j++)
                if (pick[i] == pick[j]) {
                    free(pick);
                    return pk_err_set(err, PK_EUSAGE, "--groups: '%s' and '%s' name the same group",
                                      o->groups[j], o->groups[i]);
                }
    } else {
        const char *by = NULL;
        for (size_t i = 0; i < ntg && !by; i++)
            if (*tg[i].by)
                by = tg[i].by;
        /* Without a --by column (a typed-in table), every group but All. */
        char members[256];
        for (size_t i = 0; i < ntg; i++)
            if (by ? strcmp(tg[i].by, by) == 0 &&
                         !pk_support_table_group_combined(t, &tg[i], members, sizeof members)
                   : strcmp(tg[i].group, "All") != 0)
                pick[npick++] = i;
        for (size_t i = 0; i < ntg && npick == 0; i++)
            if (strcmp(tg[i].group, "All") == 0)
                pick[npick++] = i;
        if (npick == 0 && ntg > 0)
            pick[npick++] = 0;
    }
    group *g = calloc(npick ? npick : 1, sizeof *g);
    if (!g) {
        free(pick);
        return pk_err_nomem(err);
    }
    size_t next_other = 0;
    for (size_t i = 0; i < npick; i++) {
        const tgroup *x = &tg[pick[i]];
        g[i].code = x->group;
        g[i].label = x->label;
        g[i].by = x->by;
        g[i].nmin = g[i].nmax = -1;
        for (size_t k = 0; k < sizeof party_colours / sizeof party_colours[0]; k++)
            if (strcmp(party_colours[k].code, x->group) == 0 ||
                label_names(x->label, party_colours[k].label))
                g[i].colour = party_colours[k].colour;
        /* Two requested groups sharing a colour would be unreadable. */
        for (size_t j = 0; j < i && g[i].colour; j++)
            if (g[j].colour == g[i].colour)
                g[i].colour = NULL;
        if (!g[i].colour)
            g[i].colour = other_colours[next_other++ % (sizeof other_colours / sizeof other_colours[0])];
    }
    free(pick);
    *out = g;
    *nout = npick;
    return 0;
}

/* Whether every group drawn is a party (then "voters" follows their names). */
static int all_parties(const group *g, size_t ng)
{
    for (size_t i = 0; i < ng; i++) {
        int party = 0;
        for (size_t k = 0; k < sizeof party_colours / sizeof party_colours[0] - 1 && !party; k++)
            party = strcmp(party_colours[k].code, g[i].code) == 0 ||
                    label_names(g[i].label, party_colours[k].label);
        if (!party || strcmp(g[i].code, "did_not_vote") == 0)
            return 0;
    }
    return ng > 0;
}

/* One chart being written: the script's context, the groups and
 * proposals drawn, and what is made for them before the script is
 * written (the rows drawn, texts, footnote, legend, layout). chart_free
 * releases all it owns; the groups and proposals belong to the caller. */
typedef struct chart {
    ctx *c;
    const pk_support_table *t;
    group *g;
    size_t ng;
    prop *p;
    size_t np;
    const pk_support_table_row **drawn;  /* every row drawn, for the footnote */
    size_t ndrawn;
    int intervals;       /* some row drawn has an interval */
    char *title, *subtitle;
    char **foot;
    size_t nfoot;
    const char **lc, **lt;  /* the legend: colours (NULL: a whisker) and texts */
    size_t nleg;
    layout L;
    size_t width;        /* the proposal labels' wrap width, characters */
    /* bars */
    int net, mixed;      /* net scores; drawn responses of different labels */
    const resp *r0;      /* the response drawn for the table's first question */
    double lo, hi;       /* the lowest and highest share or bound drawn */
    char moe[96];        /* the interval's legend entry */
    /* diverging and stacked */
    int diverging, any_dk;
    double dk_max;       /* the largest don't-know total of a bar */
    double *ypos;        /* [i * ng + j]: the bar of proposal i, group j */
} chart;

static void free_lines(char **l, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(l[i]);
    free(l);
}

static void chart_free(chart *ch)
{
    free(ch->drawn);
    free(ch->title);
    free(ch->subtitle);
    free_lines(ch->foot, ch->nfoot);
    free(ch->lc);
    free(ch->lt);
    free(ch->ypos);
}

/* Weighted or not, as the rows' weight column says when they agree. */
static void foot_weighting(FILE *f, int *first, const chart *ch)
{
    int any_weight = 0, any_none = 0;
    for (size_t i = 0; i < ch->ndrawn; i++) {
        const char *w = ch->drawn[i]->weight;
        if (strcmp(w, "none") == 0)
            any_none = 1;
        else if (*w)
            any_weight = 1;
    }
    if (any_weight && !any_none)
        add_part(f, first, ". ", "Weighted data");
    else if (any_none && !any_weight)
        add_part(f, first, ". ", "Unweighted data");
}

/* "Lines show 95% logit confidence intervals": the level when the rows
 * agree on one, the methods as readers know them. */
static int foot_intervals(FILE *f, int *first, const chart *ch)
{
    const pk_support_table_row **rows = ch->drawn;
    size_t nrows = ch->ndrawn;
    double level = NAN;
    int mixed_level = 0;
    for (size_t i = 0; i < nrows; i++)
        if (!isnan(rows[i]->level)) {
            if (!isnan(level) && level != rows[i]->level)
                mixed_level = 1;
            level = rows[i]->level;
        }
    if (!*first)
        fputs(". ", f);
    *first = 0;
    fputs("Lines show ", f);
    if (!isnan(level) && !mixed_level) {
        char lb[PK_NUMBER_BUFSIZE];
        fprintf(f, "%s%% ", pk_number_format(lb, level * 100, 6));
    }
    const char **m = calloc(nrows + 1, sizeof *m);
    char *mb = NULL;
    size_t msz = 0;
    FILE *mm = m ? open_memstream(&mb, &msz) : NULL;
    if (!mm) {
        free(m);
        return -1;
    }
    for (size_t i = 0; i < nrows; i++)
        m[i] = rows[i]->ci_method;
    int dl = distinct_list(mm, m, nrows, ci_name);
    fclose(mm);
    free(m);
    if (!dl && mb && *mb)
        fprintf(f, "%s ", mb);
    free(mb);
    fputs("confidence intervals", f);
    /* pollsupport --calibrated: say so when every drawn row's se is. */
    int calibrated = nrows > 0;
    for (size_t i = 0; i < nrows; i++)
        calibrated &= strcmp(rows[i]->se_method, "calibrated") == 0;
    if (calibrated)
        fputs("; the margins of error allow for the calibration to population totals", f);
    return dl;
}

/* The base: "all" says which don't-know answers the drawn questions keep
 * in it (by their labels); "excluding A+B" of don't-know codes says they
 * are left out; any other base is quoted. */
static int foot_base(FILE *f, int *first, const chart *ch)
{
    const pk_support_table_row **rows = ch->drawn;
    int incl = 0, excl = 0, other = 0, excl_dk = 1;
    for (size_t i = 0; i < ch->ndrawn; i++) {
        const char *b = rows[i]->base;
        if (strcmp(b, "all") == 0)
            incl = 1;
        else if (strncmp(b, "excluding ", 10) == 0 && !excl) {
            excl = 1;
            char *codes = strdup(b + 10);
            if (!codes)
                return -1;
            for (char *tok = strtok(codes, "+"); tok; tok = strtok(NULL, "+"))
                excl_dk &= pk_scale_guess_is_dont_know(tok);
            free(codes);
        } else if (strncmp(b, "excluding ", 10) == 0) {
            other |= strcmp(b, rows[0]->base) != 0;
        } else if (*b) {
            other = 1;
        }
    }
    if (incl + excl + other != 1)
        return 0;
    char dk[200] = "";
    for (size_t i = 0; i < ch->np; i++)
        for (size_t k = 0; k < ch->p[i].nr; k++) {
            const resp *r = &ch->p[i].r[k];
            if (r->kind == PK_SCALE_KIND_DONT_KNOW && !strstr(dk, r->label) && strlen(dk) < 120)
                snprintf(dk + strlen(dk), sizeof dk - strlen(dk), "%s%s", dk[0] ? " and " : "",
                         r->label);
        }
    if (incl && dk[0]) {
        add_part(f, first, ". ", dk);
        fputs(" included in the base", f);
    } else if (excl && excl_dk) {
        add_part(f, first, ". ", "Don't know excluded from the base");
    } else if (excl || other) {
        add_part(f, first, ". ", "Base: ");
        fputs(rows[0]->base, f);
    }
    return 0;
}

/* Weighting, intervals and base, one sentence each. */
static int foot_method(FILE *f, const chart *ch)
{
    int first = 1;
    foot_weighting(f, &first, ch);
    if (ch->intervals && foot_intervals(f, &first, ch))
        return -1;
    if (foot_base(f, &first, ch))
        return -1;
    if (!first)
        fputs(".", f);
    return 0;
}

/* The design effect behind a published table's se, and where it came
 * from (a table from microdata has its own se: nothing to say). */
static int foot_deff(FILE *f, const chart *ch)
{
    const char *src = NULL;
    int mixed = 0, first = 1;
    double dlo = INFINITY, dhi = -INFINITY;
    for (size_t i = 0; i < ch->ndrawn; i++) {
        const pk_support_table_row *r = ch->drawn[i];
        const char *d = r->deff_source;
        if (strcmp(d, "given") != 0 && strcmp(d, "effective_base") != 0 &&
            strcmp(d, "efficiency") != 0 && strcmp(d, "assumed") != 0)
            continue;
        if (src && strcmp(src, d) != 0)
            mixed = 1;
        src = d;
        if (!isnan(r->deff_kish)) {
            dlo = fmin(dlo, r->deff_kish);
            dhi = fmax(dhi, r->deff_kish);
        }
    }
    if (src && strcmp(src, "assumed") == 0 && !mixed) {
        add_part(f, &first, ". ", "Design effect 1 assumed (the tables print none): the "
                                  "intervals are too narrow if the poll was weighted");
    } else if (src && dlo <= dhi) {
        char lo[PK_NUMBER_BUFSIZE], hi[PK_NUMBER_BUFSIZE];
        pk_number_format(lo, round(dlo * 100) / 100, 6);
        pk_number_format(hi, round(dhi * 100) / 100, 6);
        add_part(f, &first, ". ", "Design effect ");
        fputs(lo, f);
        if (strcmp(lo, hi) != 0)
            fprintf(f, "\u2013%s", hi);
        fputs(mixed ? ", from several sources"
              : strcmp(src, "given") == 0 ? ", as given"
              : strcmp(src, "effective_base") == 0 ? ", from the pollster's effective bases"
              : strcmp(src, "efficiency") == 0 ? ", from the pollster's weighting efficiency"
                                               : ", partly assumed",
              f);
    }
    if (!first)
        fputs(".", f);
    return 0;
}

/* Sample sizes per group: the range over the proposals drawn. */
static int foot_sizes(FILE *f, const chart *ch)
{
    int first = 1, any_low = 0;
    for (size_t i = 0; i < ch->ng; i++) {
        const group *g = &ch->g[i];
        if (g->nmin < 0)
            continue;
        fprintf(f, "%s%s %ld", first ? "Sample size: " : ", ", g->label, g->nmin);
        if (g->nmax != g->nmin)
            fprintf(f, "\u2013%ld", g->nmax);
        if (g->low_base) {
            fputs("*", f);
            any_low = 1;
        }
        first = 0;
    }
    if (any_low)
        fputs(". *Small base: treat with caution", f);
    return 0;
}

/* --source, else the table's own source column (a polltable table's
 * --source), the first one drawn. */
static int foot_source(FILE *f, const chart *ch)
{
    const char *source = ch->c->o->source && *ch->c->o->source ? ch->c->o->source : NULL;
    for (size_t i = 0; i < ch->ndrawn && !source; i++)
        if (*ch->drawn[i]->source)
            source = ch->drawn[i]->source;
    if (source)
        fputs(source, f);
    return 0;
}

/* The footnote: the table's own provenance columns over the drawn rows,
 * then --source, one line per part that has something to say. Only what
 * the table says. */
static int footnote(chart *ch)
{
    static int (*const part[])(FILE *, const chart *) = {foot_method, foot_deff, foot_sizes,
                                                          foot_source};
    size_t nparts = sizeof part / sizeof part[0];
    ch->foot = calloc(nparts, sizeof *ch->foot);
    if (!ch->foot)
        return pk_err_nomem(ch->c->err);
    for (size_t i = 0; i < nparts; i++) {
        char *buf = NULL;
        size_t sz = 0;
        FILE *f = open_memstream(&buf, &sz);
        if (!f)
            return pk_err_nomem(ch->c->err);
        int bad = part[i](f, ch);
        if (fclose(f) || bad) {
            free(buf);
            return pk_err_nomem(ch->c->err);
        }
        if (buf && *buf)
            ch->foot[ch->nfoot++] = buf;
        else
            free(buf);
    }
    return 0;
}

/* Left margin from the proposal labels: wide enough for the longest line
 * once wrapped at most to two lines, within limits. Returns the wrap width
 * in characters and sets *left (px). */
static size_t label_margin(const prop *p, size_t np, double char_px, double *left)
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

/* The questions to draw (--questions, else every question of the table,
 * table order) with their responses as the table lists them. */
static int collect_props(const pk_support_table *t, const pk_plot_opts *o, size_t ng, prop **out,
                         size_t *np, pk_err *err)
{
    prop *p = NULL;
    size_t n = 0, cap = 0;
    for (size_t i = 0; i < t->nrows; i++) {
        const pk_support_table_row *r = &t->rows[i];
        prop *x = NULL;
        for (size_t k = n; k-- > 0 && !x;)
            if (strcmp(p[k].code, r->question) == 0)
                x = &p[k];
        if (!x) {
            if (n == cap) {
                cap = cap ? 2 * cap : 16;
                prop *np2 = realloc(p, cap * sizeof *p);
                if (!np2)
                    goto oom;
                p = np2;
            }
            x = &p[n++];
            memset(x, 0, sizeof *x);
            x->code = r->question;
            x->label = r->question_label;
            x->order = n - 1;
            x->key = -INFINITY;
            x->drawn = -1;
        }
        int seen = 0;
        for (size_t k = 0; k < x->nr && !seen; k++)
            seen = strcmp(x->r[k].code, r->response) == 0;
        if (seen)
            continue;
        resp *nr = realloc(x->r, (x->nr + 1) * sizeof *nr);
        if (!nr)
            goto oom;
        x->r = nr;
        memset(&nr[x->nr], 0, sizeof nr[x->nr]);
        nr[x->nr].code = r->response;
        nr[x->nr].label = r->response_label;
        if (pk_scale_kind_parse(r->response_kind, &nr[x->nr].kind) != 0)
            nr[x->nr].kind = PK_SCALE_KIND_NOMINAL;
        x->nr++;
    }
    if (o->nquestions > 0) {
        /* Keep the asked questions, in the order asked. */
        prop *q = calloc(o->nquestions, sizeof *q);
        if (!q)
            goto oom;
        for (size_t i = 0; i < o->nquestions; i++) {
            size_t k = 0;
            while (k < n && strcmp(p[k].code, o->questions[i]) != 0)
                k++;
            if (k == n) {
                free(q);
                for (size_t j = 0; j < n; j++)
                    free(p[j].r);
                free(p);
                return not_found(err, t, "question", o->questions[i], 2);
            }
            for (size_t j = 0; j < i; j++)
                if (strcmp(q[j].code, p[k].code) == 0) {
                    free(q);
                    for (size_t m = 0; m < n; m++)
                        free(p[m].r);
                    free(p);
                    return pk_err_set(err, PK_EUSAGE, "--questions: '%s' given twice",
                                      o->questions[i]);
                }
            q[i] = p[k];
            q[i].order = i;
            p[k].r = NULL;
        }
        for (size_t j = 0; j < n; j++)
            free(p[j].r);
        free(p);
        p = q;
        n = o->nquestions;
    }
    for (size_t k = 0; k < n; k++) {
        p[k].cells = calloc(ng * (p[k].nr ? p[k].nr : 1), sizeof *p[k].cells);
        if (!p[k].cells)
            goto oom;
    }
    *out = p;
    *np = n;
    return 0;
oom:
    for (size_t k = 0; k < n; k++) {
        free(p[k].r);
        free(p[k].cells);
    }
    free(p);
    return pk_err_nomem(err);
}

static void free_props(prop *p, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        free(p[k].r);
        free(p[k].cells);
        free(p[k].shown);
    }
    free(p);
}

static int is_code(enum pk_scale_kind k)
{
    return !pk_scale_kind_is_net(k);
}

/* A question's positive net: its net_positive row, else its one positive
 * code (a single-code side is its own net); -1 when it has none. */
static long positive_net(const prop *p)
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
static long negative_net(const prop *p)
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
static long find_resp(const prop *p, const char *name)
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
static int no_response(pk_err *err, const pk_support_table *t, const prop *p, const char *name)
{
    pk_err_list l = {0};
    for (size_t k = 0; k < p->nr; k++)
        pk_err_list_add(&l, ", ", "%s", p->r[k].code);
    char b[128];
    return pk_err_set(err, PK_EUSAGE, "%s: question '%s' has no response '%s' (it has: %s)",
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
static void colour_codes(prop *p)
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
        resp *r = &p->r[k];
        if (!is_code(r->kind))
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

static void note_n(group *g, const pk_support_table_row *r)
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

static void terminal(ctx *c)
{
    const pk_plot_opts *o = c->o;
    fputs("reset\nset encoding utf8\n", c->f);
    switch (o->term) {
    case PK_PLOT_TERM_SVG:
        fputs("set terminal svg size 1200,675 dynamic enhanced font \"" FONT ",12\" fontscale 1.333 "
              "background rgb \"white\"\n", c->f);
        break;
    case PK_PLOT_TERM_PDFCAIRO:
        fputs("set terminal pdfcairo size 8in,4.5in noenhanced font \"" FONT ",12\" fontscale 0.48 linewidth 0.6 "
              "background rgb \"white\"\n", c->f);
        break;
    default:
        fputs("set terminal pngcairo size 1200,675 noenhanced font \"" FONT ",12\" "
              "background rgb \"white\"\n", c->f);
    }
    fputs("set output ", c->f);
    q(c, o->image);
    fputs("\n", c->f);
}

/* One datablock; its name is ours, its lines numbers only. */
static void block_begin(ctx *c, const char *name)
{
    fprintf(c->f, "$%s << EOD\n", name);
}

static void block_end(ctx *c)
{
    fputs("EOD\n", c->f);
}

/* A label inside a sentence: its first letter lowered ("% support"),
 * unless the word looks like an acronym ("UK", "NHS"). */
static const char *lowered(char *buf, size_t size, const char *label)
{
    snprintf(buf, size, "%s", label);
    if (buf[0] >= 'A' && buf[0] <= 'Z' && !(buf[1] >= 'A' && buf[1] <= 'Z'))
        buf[0] = (char)(buf[0] - 'A' + 'a');
    return buf;
}

/* A text made by fn, or the one given (--title, --subtitle). NULL when
 * out of memory. */
static char *text_of(const char *given, void (*fn)(FILE *, const chart *), const chart *ch)
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
static int chart_texts(chart *ch, void (*title)(FILE *, const chart *),
                       void (*subtitle)(FILE *, const chart *))
{
    const pk_plot_opts *o = ch->c->o;
    ch->title = text_of(o->title, title, ch);
    ch->subtitle = text_of(o->subtitle, subtitle, ch);
    if (!ch->title || !ch->subtitle || footnote(ch))
        return pk_err_nomem(ch->c->err);
    return 0;
}

/* The groups as a subtitle says what they are split by: ", by 2024
 * general election vote" (nothing when they come from several columns). */
static void by_suffix(FILE *m, const chart *ch)
{
    const char *by = common_by(ch->g, ch->ng);
    const char *bp = by ? by_phrase(by) : NULL;
    if (bp)
        fprintf(m, ", by %s", bp);
    else if (by)
        fprintf(m, ", by %s", by);
}

/* "Labour and Green voters" (" voters" when every group is a party). */
static void groups_phrase(FILE *m, const chart *ch)
{
    char *labels = join_labels(ch->g, ch->ng);
    fprintf(m, "%s%s", labels ? labels : "", all_parties(ch->g, ch->ng) ? " voters" : "");
    free(labels);
}

/* The script's start, the frame around the plot and the plot area's
 * axes; extra_left is room between the proposal labels and the plot.
 * Fails when the texts leave no room for the chart. */
static int chart_frame(chart *ch, double extra_left)
{
    ctx *c = ch->c;
    terminal(c);
    memset(&ch->L, 0, sizeof ch->L);
    ch->L.plot_right = CANVAS_W - 40;
    frame(c, ch->title, ch->subtitle, ch->foot, ch->nfoot, ch->lc, ch->lt, ch->nleg, &ch->L);
    double left;
    ch->width = label_margin(ch->p, ch->np, 8.6, &left);
    ch->L.plot_left = left + extra_left;
    if (too_tall(c, &ch->L, ch->t, ch->g, ch->ng))
        return c->err->status;
    axes(c, &ch->L);
    return 0;
}

/* ---- bars ---------------------------------------------------------- */

/* The response each question draws: --response (a code or label), else
 * its positive net. Questions whose drawn responses have different labels
 * show the label after the question's. */
static int bars_pick(chart *ch)
{
    const pk_plot_opts *o = ch->c->o;
    prop *p = ch->p;
    size_t np = ch->np;
    int nets = 0;
    for (size_t i = 0; i < np; i++) {
        p[i].drawn = o->response ? find_resp(&p[i], o->response) : positive_net(&p[i]);
        if (p[i].drawn < 0 && o->response)
            return no_response(ch->c->err, ch->t, &p[i], o->response);
        if (p[i].drawn < 0)
            return pk_err_set(ch->c->err, PK_EUSAGE, "%s: question '%s' has no positive net to draw "
                                                     "(choose one of its responses with --response, "
                                                     "or --chart stacked)", ch->t->name, p[i].code);
        const resp *r = &p[i].r[p[i].drawn];
        nets += r->kind == PK_SCALE_KIND_NET_SCORE;
        if (strcmp(r->label, p[0].r[p[0].drawn].label) != 0)
            ch->mixed = 1;
    }
    if (nets > 0 && (size_t)nets < np)
        return pk_err_set(ch->c->err, PK_EUSAGE, "%s: net scores (-100 to +100) and shares cannot "
                                                 "share an axis: draw them in separate charts "
                                                 "(--questions)", ch->t->name);
    ch->net = nets > 0;
    ch->r0 = &p[0].r[p[0].drawn];
    if (ch->mixed)
        for (size_t i = 0; i < np; i++) {
            char *s = NULL;
            if (asprintf(&s, "%s \u2014 %s", p[i].label, p[i].r[p[i].drawn].label) < 0)
                return pk_err_nomem(ch->c->err);
            p[i].shown = s;
            p[i].label = s;
        }
    return 0;
}

/* Each bar's row, the range the axis must hold, and the questions sorted
 * by the groups' mean share. */
static int bars_cells(chart *ch)
{
    prop *p = ch->p;
    group *g = ch->g;
    ch->drawn = calloc(ch->np * ch->ng + 1, sizeof *ch->drawn);
    if (!ch->drawn)
        return pk_err_nomem(ch->c->err);
    for (size_t i = 0; i < ch->np; i++) {
        double sum = 0;
        int cnt = 0;
        for (size_t j = 0; j < ch->ng; j++) {
            const pk_support_table_row *r =
                pk_support_table_find(ch->t, p[i].code, g[j].by, g[j].code, p[i].r[p[i].drawn].code);
            p[i].cells[j] = r;
            if (!r)
                continue;
            ch->drawn[ch->ndrawn++] = r;
            note_n(&g[j], r);
            if (isnan(r->share))
                continue;
            sum += r->share;
            cnt++;
            ch->lo = fmin(ch->lo, r->share);
            ch->hi = fmax(ch->hi, r->share);
            if (!isnan(r->ci_low) && !isnan(r->ci_high)) {
                ch->intervals = 1;
                ch->lo = fmin(ch->lo, r->ci_low);
                ch->hi = fmax(ch->hi, r->ci_high);
            }
        }
        if (cnt)
            p[i].key = sum / cnt;
    }
    if (ch->ndrawn == 0)
        return pk_err_set(ch->c->err, PK_EDATA, "%s: no rows for the groups and response asked for",
                          ch->t->name);
    qsort(p, ch->np, sizeof *p, cmp_prop);
    return 0;
}

/* A net reads as a noun ("Support", "Total agree"); a single code is
 * quoted ("\u201CYes\u201D"). */
static void bars_title(FILE *m, const chart *ch)
{
    if (ch->mixed)
        fputs("The answer shown for each question among ", m);
    else if (pk_scale_kind_is_net(ch->r0->kind))
        fprintf(m, "%s among ", ch->r0->label);
    else
        fprintf(m, "\u201C%s\u201D among ", ch->r0->label);
    groups_phrase(m, ch);
}

static void bars_subtitle(FILE *m, const chart *ch)
{
    const resp *r0 = ch->r0;
    long pn = positive_net(&ch->p[0]), nn = negative_net(&ch->p[0]);
    char l1[256], l2[256];
    if (ch->net && pn >= 0 && nn >= 0)
        fprintf(m, "%% %s minus %% %s for each question",
                lowered(l1, sizeof l1, ch->p[0].r[pn].label),
                lowered(l2, sizeof l2, ch->p[0].r[nn].label));
    else if (ch->net)
        fprintf(m, "%s for each question, from -100 to +100", r0->label);
    else if (ch->mixed)
        fputs("% giving the answer named after each question", m);
    else if (pk_scale_kind_is_net(r0->kind))
        fprintf(m, "%% %s for each question", lowered(l1, sizeof l1, r0->label));
    else
        fprintf(m, "%% answering \u201C%s\u201D to each question", r0->label);
    by_suffix(m, ch);
    fputs(". Sorted by the groups' average", m);
}

/* The legend: the groups, then the intervals, naming their level when
 * the rows agree on one. */
static int bars_legend(chart *ch)
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

/* The x axis in percent: shares from 0 with the 50% line, net scores
 * both ways from 0; one row of bars per question. */
static void bars_axis(chart *ch)
{
    FILE *f = ch->c->f;
    double xmin, xmax;
    char b1[PK_NUMBER_BUFSIZE], b2[PK_NUMBER_BUFSIZE];
    if (ch->net) {
        double a = fmax(fabs(ch->lo), fabs(ch->hi)) * 100;
        double lim = fmin(100, ceil((a + 1e-9) / 25) * 25);
        if (lim < 25)
            lim = 25;
        xmin = -lim - 9;
        xmax = lim + 9;
        fprintf(f, "set xtics -100,25,100 format \"%%+g\"\n");
        fprintf(f, "set arrow from 0, graph 0 to 0, graph 1 nohead lw 1.5 lc rgb \"#333333\" front\n");
    } else {
        xmin = 0;
        xmax = fmax(100, ch->hi * 100 + 9);
        fprintf(f, "set xtics 0,25,100 format \"%%g%%%%\"\n");
        fprintf(f, "set arrow from 50, graph 0 to 50, graph 1 nohead dt (10,7) lw 1.6 "
                   "lc rgb \"#222222\" front\n");
        fputs("set label \"50%\" at 50, graph 1 offset 0,0.7 center font \"" FONT ",10\" "
              "tc rgb \"#222222\" noenhanced front\n", f);
    }
    fprintf(f, "set xrange [%s:%s]\n", num(b1, xmin), num(b2, xmax));
    fprintf(f, "set yrange [-0.5:%s]\n", num(b1, (double)ch->np - 0.5));
}

/* Proposal labels, top to bottom, in the left margin. */
static int bars_labels(chart *ch)
{
    ctx *c = ch->c;
    char b1[PK_NUMBER_BUFSIZE], b2[PK_NUMBER_BUFSIZE];
    for (size_t i = 0; i < ch->np; i++) {
        int lines;
        size_t longest;
        char *w = wrap(ch->p[i].label, ch->width, &lines, &longest);
        if (!w)
            return pk_err_nomem(c->err);
        fputs("set label ", c->f);
        q(c, w);
        /* gnuplot puts a label's first line at its position and the rest
         * below: move it up by half the extra lines to centre it. */
        fprintf(c->f, " at graph 0, first %s right offset -1.2,%s font \"" FONT ",12\" "
                      "tc rgb \"#222222\" noenhanced front\n",
                num(b1, (double)(ch->np - 1 - i)), num(b2, 0.5 * (lines - 1)));
        free(w);
    }
    return 0;
}

/* The centre line of group j's bar for proposal i. */
static double bar_y(const chart *ch, size_t i, size_t j)
{
    double slot = 0.8 / (double)ch->ng;
    return (double)(ch->np - 1 - i) + ((double)(ch->ng - 1) / 2 - (double)j) * slot;
}

/* What the bars' datablocks hold, for the plot command. */
typedef struct bars_seen {
    int ci, right, nodata;
} bars_seen;

/* Per group, bars (y, share%) and intervals (y, share%, lo%, hi%). */
static void bars_blocks(chart *ch, bars_seen *seen)
{
    ctx *c = ch->c;
    char b1[PK_NUMBER_BUFSIZE], b2[PK_NUMBER_BUFSIZE], b3[PK_NUMBER_BUFSIZE], b4[PK_NUMBER_BUFSIZE];
    for (size_t j = 0; j < ch->ng; j++) {
        char name[32];
        snprintf(name, sizeof name, "bars%zu", j + 1);
        block_begin(c, name);
        for (size_t i = 0; i < ch->np; i++) {
            const pk_support_table_row *r = ch->p[i].cells[j];
            if (r && !isnan(r->share))
                fprintf(c->f, "%s %s\n", num(b1, bar_y(ch, i, j)), num(b2, r->share * 100));
        }
        block_end(c);
        snprintf(name, sizeof name, "ci%zu", j + 1);
        block_begin(c, name);
        for (size_t i = 0; i < ch->np; i++) {
            const pk_support_table_row *r = ch->p[i].cells[j];
            if (!r || isnan(r->share) || isnan(r->ci_low) || isnan(r->ci_high))
                continue;
            fprintf(c->f, "%s %s %s %s\n", num(b1, bar_y(ch, i, j)), num(b2, r->share * 100),
                    num(b3, r->ci_low * 100), num(b4, r->ci_high * 100));
            seen->ci = 1;
        }
        block_end(c);
    }
}

/* Value labels (x, y, value%, small base) beside the bars: right of the
 * bar and its interval, or left of it for a negative net score; and the
 * bars without data. */
static void bars_values(chart *ch, bars_seen *seen)
{
    ctx *c = ch->c;
    char b1[PK_NUMBER_BUFSIZE], b2[PK_NUMBER_BUFSIZE], b3[PK_NUMBER_BUFSIZE];
    for (int side = 0; side < 2; side++) {
        block_begin(c, side ? "vright" : "vleft");
        for (size_t j = 0; j < ch->ng; j++)
            for (size_t i = 0; i < ch->np; i++) {
                const pk_support_table_row *r = ch->p[i].cells[j];
                if (!r || isnan(r->share))
                    continue;
                int right = ch->net && r->share < 0;  /* label right-aligned, left of bar */
                if (right != side)
                    continue;
                double x;
                if (right)
                    x = fmin(r->share, isnan(r->ci_low) ? r->share : r->ci_low) * 100 - 1.2;
                else
                    x = fmax(r->share, isnan(r->ci_high) ? r->share : r->ci_high) * 100 + 1.2;
                /* A label would sit on the dashed 50% line: start it just
                 * past the line instead. */
                if (!ch->net && x > 44.5 && x < 50.8)
                    x = 50.8;
                fprintf(c->f, "%s %s %s %d\n", num(b1, x), num(b2, bar_y(ch, i, j)),
                        num(b3, r->share * 100), r->low_base);
                if (right)
                    seen->right = 1;
            }
        block_end(c);
    }
    block_begin(c, "nodata");
    for (size_t j = 0; j < ch->ng; j++)
        for (size_t i = 0; i < ch->np; i++) {
            const pk_support_table_row *r = ch->p[i].cells[j];
            if (r && !isnan(r->share))
                continue;
            fprintf(c->f, "%s\n", num(b1, bar_y(ch, i, j)));
            seen->nodata = 1;
        }
    block_end(c);
}

static void bars_plot(chart *ch, const bars_seen *seen)
{
    ctx *c = ch->c;
    char b1[PK_NUMBER_BUFSIZE], b2[PK_NUMBER_BUFSIZE];
    double half = 0.8 / (double)ch->ng * 0.40;
    const char *vfmt = ch->net ? "%+.0f" : "%.0f%%";
    fputs("plot \\\n", c->f);
    for (size_t j = 0; j < ch->ng; j++) {
        fprintf(c->f, "  $bars%zu using (0):1:(0):2:($1-%s):($1+%s) with boxxyerror fc rgb ", j + 1,
                num(b1, half), num(b2, half));
        q(c, ch->g[j].colour);
        fputs(" notitle, \\\n", c->f);
    }
    if (seen->ci)
        for (size_t j = 0; j < ch->ng; j++)
            fprintf(c->f, "  $ci%zu using 2:1:3:4 with xerrorbars pt -1 lw 1.3 lc rgb \"#1A1A1A\" "
                          "notitle, \\\n", j + 1);
    fprintf(c->f, "  $vleft using 1:2:(sprintf(\"%s\", $3) . ($4 > 0 ? \"*\" : \"\")) with labels boxed left "
                  "font \"" FONT ",11\" tc rgb \"#1A1A1A\" notitle",
            vfmt);
    if (seen->right)
        fprintf(c->f, ", \\\n  $vright using 1:2:(sprintf(\"%s\", $3) . ($4 > 0 ? \"*\" : \"\")) with "
                      "labels boxed right font \"" FONT ",11\" tc rgb \"#1A1A1A\" notitle",
                vfmt);
    if (seen->nodata)
        fprintf(c->f, ", \\\n  $nodata using (%s):1:(\"no data\") with labels left "
                      "font \"" FONT ",10\" tc rgb \"#777777\" notitle",
                num(b1, 1.0));
    fputs("\nunset output\n", c->f);
}

/* `bars`: one response (or net) per question and group (bars_pick), a
 * bar with its interval and value for each. */
static int bars(ctx *c, const pk_support_table *t, group *g, size_t ng, prop *p, size_t np)
{
    chart ch = {.c = c, .t = t, .g = g, .ng = ng, .p = p, .np = np};
    bars_seen seen = {0, 0, 0};
    int st = bars_pick(&ch);
    if (!st)
        st = bars_cells(&ch);
    if (!st)
        st = chart_texts(&ch, bars_title, bars_subtitle);
    if (!st)
        st = bars_legend(&ch);
    if (!st)
        st = chart_frame(&ch, 0);
    if (!st) {
        bars_axis(&ch);
        st = bars_labels(&ch);
    }
    if (!st) {
        bars_blocks(&ch, &seen);
        bars_values(&ch, &seen);
        bars_plot(&ch, &seen);
    }
    chart_free(&ch);
    if (st)
        return st;
    return c->failed ? c->err->status : 0;
}

/* ---- diverging and stacked ------------------------------------------ */

/* Where the don't-know panel of a diverging chart starts on the x axis. */
#define DK0 112.0

/* Whether a fill is dark enough for white text on it. */
static int dark_text(const char *colour)
{
    unsigned r, g, b;
    if (sscanf(colour + 1, "%2x%2x%2x", &r, &g, &b) != 3)
        return 0;
    return 0.299 * r + 0.587 * g + 0.114 * b < 140;
}

/* Colour each question's answers; a diverging chart needs both sides.
 * Sets *maxr, the most responses of a question. */
static int seg_check(chart *ch, size_t *maxr)
{
    *maxr = 0;
    for (size_t i = 0; i < ch->np; i++) {
        prop *p = &ch->p[i];
        colour_codes(p);
        if (p->nr > *maxr)
            *maxr = p->nr;
        if (!ch->diverging)
            continue;
        int pos = 0, neg = 0;
        for (size_t k = 0; k < p->nr; k++) {
            pos |= p->r[k].kind == PK_SCALE_KIND_POSITIVE;
            neg |= p->r[k].kind == PK_SCALE_KIND_NEGATIVE;
        }
        if (!pos || !neg)
            return pk_err_set(ch->c->err, PK_EUSAGE, "%s: question '%s' has no positive and "
                                                     "negative answers (response_kind): a diverging "
                                                     "chart needs a scale with sides (try --chart "
                                                     "stacked)", ch->t->name, p->code);
    }
    return 0;
}

/* Each bar's rows (every code of the question, group j), the largest
 * don't-know total, and for a diverging chart the questions sorted by the
 * groups' mean positive share. */
static int seg_cells(chart *ch, size_t maxr)
{
    ch->drawn = calloc(ch->np * ch->ng * (maxr ? maxr : 1) + 1, sizeof *ch->drawn);
    if (!ch->drawn)
        return pk_err_nomem(ch->c->err);
    for (size_t i = 0; i < ch->np; i++) {
        prop *p = &ch->p[i];
        double sum = 0;
        int cnt = 0;
        for (size_t j = 0; j < ch->ng; j++) {
            group *g = &ch->g[j];
            double pos = 0, dk = 0;
            int ok = 1, some = 0;
            for (size_t k = 0; k < p->nr; k++) {
                const resp *rs = &p->r[k];
                if (!is_code(rs->kind))
                    continue;
                const pk_support_table_row *r =
                    pk_support_table_find(ch->t, p->code, g->by, g->code, rs->code);
                p->cells[j * p->nr + k] = r;
                if (r) {
                    ch->drawn[ch->ndrawn++] = r;
                    note_n(g, r);
                }
                if (!r || isnan(r->share)) {
                    ok = 0;
                    continue;
                }
                some = 1;
                if (rs->kind == PK_SCALE_KIND_POSITIVE)
                    pos += r->share;
                if (rs->kind == PK_SCALE_KIND_DONT_KNOW) {
                    dk += r->share;
                    ch->any_dk = 1;
                }
            }
            if (ch->diverging && some && dk > ch->dk_max)
                ch->dk_max = dk;
            if (ok) {
                sum += pos;
                cnt++;
            }
        }
        if (cnt)
            p->key = sum / cnt;
    }
    if (ch->ndrawn == 0)
        return pk_err_set(ch->c->err, PK_EDATA, "%s: no rows for the groups asked for", ch->t->name);
    if (ch->diverging)
        qsort(ch->p, ch->np, sizeof *ch->p, cmp_prop);
    return 0;
}

/* The code of question p shown at place kk of legend pass `pass`, or
 * NULL. Stacked: one pass in scale order. Diverging: negative (extreme
 * first), neutral, positive (middle first), don't know. */
static const resp *legend_code(const chart *ch, const prop *p, int pass, size_t kk)
{
    const resp *rs = NULL;
    if (!ch->diverging || pass == 1 || pass == 3) {
        rs = &p->r[kk];
        if (ch->diverging &&
            rs->kind != (pass == 1 ? PK_SCALE_KIND_NEUTRAL : PK_SCALE_KIND_DONT_KNOW))
            return NULL;
    } else {
        /* The side's code of rank (pass 0: descending). */
        enum pk_scale_kind want = pass == 0 ? PK_SCALE_KIND_NEGATIVE : PK_SCALE_KIND_POSITIVE;
        size_t nside = 0;
        for (size_t k = 0; k < p->nr; k++)
            nside += p->r[k].kind == want;
        if (kk >= nside)
            return NULL;
        int rank = pass == 0 ? (int)(nside - 1 - kk) : (int)kk;
        for (size_t k = 0; k < p->nr && !rs; k++)
            if (p->r[k].kind == want && p->r[k].rank == rank)
                rs = &p->r[k];
    }
    return rs && is_code(rs->kind) ? rs : NULL;
}

/* The legend: every answer once (label and colour), in scale order. */
static int seg_legend(chart *ch)
{
    size_t cap = 0;
    for (size_t i = 0; i < ch->np; i++)
        cap += ch->p[i].nr;
    ch->lc = calloc(cap + 1, sizeof *ch->lc);
    ch->lt = calloc(cap + 1, sizeof *ch->lt);
    if (!ch->lc || !ch->lt)
        return pk_err_nomem(ch->c->err);
    for (int pass = 0; pass < (ch->diverging ? 4 : 1); pass++)
        for (size_t i = 0; i < ch->np; i++)
            for (size_t kk = 0; kk < ch->p[i].nr; kk++) {
                const resp *rs = legend_code(ch, &ch->p[i], pass, kk);
                if (!rs)
                    continue;
                int dup = 0;
                for (size_t l = 0; l < ch->nleg && !dup; l++)
                    dup = strcmp(ch->lt[l], rs->label) == 0 && strcmp(ch->lc[l], rs->colour) == 0;
                if (!dup) {
                    ch->lc[ch->nleg] = rs->colour;
                    ch->lt[ch->nleg++] = rs->label;
                }
            }
    return 0;
}

/* The first question's positive and negative nets' labels, for the axis
 * and the subtitle. */
static const char *side_label(const chart *ch, int positive)
{
    long k = positive ? positive_net(&ch->p[0]) : negative_net(&ch->p[0]);
    return k >= 0 ? ch->p[0].r[k].label : positive ? "Positive" : "Negative";
}

static void seg_title(FILE *m, const chart *ch)
{
    if (ch->np == 1)
        fprintf(m, "%s: ", ch->p[0].label);
    else
        fputs("How ", m);
    groups_phrase(m, ch);
    if (ch->np != 1)
        fputs(" answered each question", m);
}

static void seg_subtitle(FILE *m, const chart *ch)
{
    fputs("% giving each answer", m);
    by_suffix(m, ch);
    if (ch->diverging && ch->any_dk)
        fputs(". Don't know shown apart", m);
    if (ch->diverging && ch->np > 1)
        fprintf(m, ". Sorted by average %s", side_label(ch, 1));
}

/* Room for the group labels beside each bar, when there are several. */
static double seg_group_px(const chart *ch)
{
    size_t glen = 0;
    for (size_t j = 0; j < ch->ng; j++) {
        size_t l = pk_textnorm_width(ch->g[j].label, strlen(ch->g[j].label));
        if (l > glen)
            glen = l;
    }
    if (glen > 40)
        glen = 40;
    return ch->ng > 1 ? 6.3 * (double)glen + 14 : 0;
}

/* Diverging: the don't-know answers' labels above their panel, one line
 * per answer, the last just above the plot, and the panel's rule. */
static void seg_dk_label(chart *ch)
{
    ctx *c = ch->c;
    const prop *p = &ch->p[0];
    char b1[PK_NUMBER_BUFSIZE], b2[PK_NUMBER_BUFSIZE];
    char dkl[200] = "";
    int nlines = 0;
    for (size_t k = 0; k < p->nr; k++)
        if (p->r[k].kind == PK_SCALE_KIND_DONT_KNOW && strlen(dkl) < 120) {
            snprintf(dkl + strlen(dkl), sizeof dkl - strlen(dkl), "%s%s", dkl[0] ? "\n" : "",
                     p->r[k].label);
            nlines++;
        }
    fputs("set label ", c->f);
    q(c, dkl[0] ? dkl : "Don't know");
    fprintf(c->f, " at %s, graph 1 offset 0,%s left font \"" FONT
                  ",10\" tc rgb \"#555555\" noenhanced front\n",
            num(b1, DK0), num(b2, 0.8 + (nlines > 1 ? nlines - 1 : 0)));
    fprintf(c->f, "set arrow from %s, graph 0 to %s, graph 1 nohead lw 1 lc rgb \"#BBBBBB\"\n",
            num(b1, DK0), num(b2, DK0));
}

/* The x axis. Diverging: -100 to 100 with each side named above it, the
 * don't-know panel from DK0. Stacked: 0 to 100. */
static void seg_axis(chart *ch)
{
    ctx *c = ch->c;
    char b1[PK_NUMBER_BUFSIZE];
    if (!ch->diverging) {
        fputs("set xrange [0:100]\n", c->f);
        fputs("set xtics 0,25,100 format \"%g%%\"\n", c->f);
        return;
    }
    double xmax = ch->any_dk ? DK0 + fmax(ch->dk_max * 100, 14) + 8 : 104;
    fprintf(c->f, "set xrange [-104:%s]\n", num(b1, xmax));
    fputs("set xtics (\"100%%\" -100, \"50%%\" -50, \"0\" 0, \"50%%\" 50, \"100%%\" 100)\n", c->f);
    fputs("set arrow from 0, graph 0 to 0, graph 1 nohead lw 1.2 lc rgb \"#333333\" front\n", c->f);
    char side[300];
    snprintf(side, sizeof side, "\u2190 %s", side_label(ch, 0));
    fputs("set label ", c->f);
    q(c, side);
    fputs(" at -2, graph 1 offset 0,0.8 right font \"" FONT ",10\" tc rgb \"#B2182B\" "
          "noenhanced front\n", c->f);
    snprintf(side, sizeof side, "%s \u2192", side_label(ch, 1));
    fputs("set label ", c->f);
    q(c, side);
    fputs(" at 2, graph 1 offset 0,0.8 left font \"" FONT ",10\" tc rgb \"#2166AC\" "
          "noenhanced front\n", c->f);
    if (ch->any_dk)
        seg_dk_label(ch);
}

/* Rows: per proposal a block of ng bars, a gap between blocks; the y
 * range, each bar's position, then the proposal labels and, beside each
 * bar, its group's label. */
static int seg_labels(chart *ch)
{
    ctx *c = ch->c;
    size_t np = ch->np, ng = ch->ng;
    char b1[PK_NUMBER_BUFSIZE], b2[PK_NUMBER_BUFSIZE], b3[PK_NUMBER_BUFSIZE];
    double gap = 0.7;
    double total = (double)(np * ng) + gap * (double)(np ? np - 1 : 0);
    fprintf(c->f, "set yrange [-0.6:%s]\n", num(b1, total - 0.4));
    ch->ypos = calloc(np * ng + 1, sizeof *ch->ypos);
    if (!ch->ypos)
        return pk_err_nomem(c->err);
    for (size_t i = 0; i < np; i++)
        for (size_t j = 0; j < ng; j++)
            ch->ypos[i * ng + j] = total - 1 - ((double)(i * ng + j) + gap * (double)i);
    for (size_t i = 0; i < np; i++) {
        int lines;
        size_t longest;
        char *w = wrap(ch->p[i].label, ch->width, &lines, &longest);
        if (!w)
            return pk_err_nomem(c->err);
        double yc = (ch->ypos[i * ng] + ch->ypos[i * ng + ng - 1]) / 2;
        fputs("set label ", c->f);
        q(c, w);
        fprintf(c->f, " at screen %s, first %s left offset 0,%s font \"" FONT ",12\" "
                      "tc rgb \"#222222\" noenhanced front\n",
                num(b1, sx(24)), num(b2, yc), num(b3, 0.5 * (lines - 1)));
        free(w);
        for (size_t j = 0; j < ng && ng > 1; j++) {
            fputs("set label ", c->f);
            q(c, ch->g[j].label);
            fprintf(c->f, " at graph 0, first %s right offset -0.8,0 font \"" FONT ",10\" tc rgb ",
                    num(b1, ch->ypos[i * ng + j]));
            q(c, ch->g[j].colour);
            fputs(" noenhanced front\n", c->f);
        }
    }
    return 0;
}

/* One bar's segments in percent: x0[k] to x1[k] for each code k, and the
 * totals written beside a diverging bar. */
typedef struct bar_geom {
    double neu, pos, neg;   /* the sides' totals */
    double dk_end;          /* where the don't-know panel's segments end */
} bar_geom;

/* The bar of proposal i, group j. Stacked: codes in scale order from 0.
 * Diverging: neutral codes centred on zero side by side, each side from
 * the middle outwards (codes nearer the middle first), don't know from
 * DK0. Returns 0 when a code's share is missing (no bar is drawn). */
static int bar_geometry(const chart *ch, size_t i, size_t j, double *x0, double *x1, bar_geom *b)
{
    const prop *p = &ch->p[i];
    const pk_support_table_row *const *cell = &p->cells[j * p->nr];
    memset(b, 0, sizeof *b);
    for (size_t k = 0; k < p->nr; k++) {
        if (!is_code(p->r[k].kind))
            continue;
        if (!cell[k] || isnan(cell[k]->share))
            return 0;
        double v = cell[k]->share * 100;
        b->neu += p->r[k].kind == PK_SCALE_KIND_NEUTRAL ? v : 0;
        b->pos += p->r[k].kind == PK_SCALE_KIND_POSITIVE ? v : 0;
        b->neg += p->r[k].kind == PK_SCALE_KIND_NEGATIVE ? v : 0;
    }
    double acc = 0, nacc = -b->neu / 2, dacc = DK0;
    for (size_t k = 0; k < p->nr; k++) {
        const resp *rs = &p->r[k];
        if (!is_code(rs->kind))
            continue;
        double v = cell[k]->share * 100;
        if (!ch->diverging) {
            x0[k] = acc;
            x1[k] = acc += v;
        } else if (rs->kind == PK_SCALE_KIND_NEGATIVE || rs->kind == PK_SCALE_KIND_POSITIVE) {
            double before = 0;
            for (size_t kk = 0; kk < p->nr; kk++)
                if (p->r[kk].kind == rs->kind && p->r[kk].rank < rs->rank && cell[kk])
                    before += cell[kk]->share * 100;
            if (rs->kind == PK_SCALE_KIND_NEGATIVE) {
                x1[k] = -b->neu / 2 - before;
                x0[k] = x1[k] - v;
            } else {
                x0[k] = b->neu / 2 + before;
                x1[k] = x0[k] + v;
            }
        } else if (rs->kind == PK_SCALE_KIND_DONT_KNOW) {
            x0[k] = dacc;
            x1[k] = dacc += v;
        } else {
            x0[k] = nacc;
            x1[k] = nacc += v;
        }
    }
    b->dk_end = dacc;
    return 1;
}

/* The distinct colours of the codes drawn, in order of first use: one
 * datablock and one plot element each. */
static size_t seg_colours(const chart *ch, const char **segcol)
{
    size_t nseg = 0;
    for (size_t i = 0; i < ch->np; i++)
        for (size_t k = 0; k < ch->p[i].nr; k++) {
            if (!is_code(ch->p[i].r[k].kind))
                continue;
            int seen = 0;
            for (size_t s = 0; s < nseg && !seen; s++)
                seen = strcmp(segcol[s], ch->p[i].r[k].colour) == 0;
            if (!seen)
                segcol[nseg++] = ch->p[i].r[k].colour;
        }
    return nseg;
}

/* Datablock seg(s+1): the segments of colour segcol[s] (y, x from, x to).
 * Value labels (x, y, %, dark fill) of stacked segments wide enough to
 * hold them go to vm; with s 0, the diverging bars' totals (x, y, %,
 * side) to tm. */
static void seg_block(chart *ch, const char **segcol, size_t s, double *x0, double *x1, FILE *vm,
                      FILE *tm)
{
    ctx *c = ch->c;
    char b1[PK_NUMBER_BUFSIZE], b2[PK_NUMBER_BUFSIZE], b3[PK_NUMBER_BUFSIZE];
    char name[32];
    snprintf(name, sizeof name, "seg%zu", s + 1);
    block_begin(c, name);
    for (size_t i = 0; i < ch->np; i++)
        for (size_t j = 0; j < ch->ng; j++) {
            const prop *p = &ch->p[i];
            double y = ch->ypos[i * ch->ng + j];
            bar_geom b;
            if (!bar_geometry(ch, i, j, x0, x1, &b))
                continue;
            for (size_t k = 0; k < p->nr; k++) {
                const resp *rs = &p->r[k];
                if (!is_code(rs->kind) || strcmp(rs->colour, segcol[s]) != 0)
                    continue;
                fprintf(c->f, "%s %s %s\n", num(b1, y), num(b2, x0[k]), num(b3, x1[k]));
                if (!ch->diverging && x1[k] - x0[k] >= 5)
                    fprintf(vm, "%s %s %s %d\n", num(b1, (x0[k] + x1[k]) / 2), num(b2, y),
                            num(b3, p->cells[j * p->nr + k]->share * 100), dark_text(rs->colour));
            }
            if (ch->diverging && s == 0) {
                fprintf(tm, "%s %s %s 0\n", num(b1, -b.neu / 2 - b.neg - 1.2), num(b2, y),
                        num(b3, b.neg));
                fprintf(tm, "%s %s %s 1\n", num(b1, b.neu / 2 + b.pos + 1.2), num(b2, y),
                        num(b3, b.pos));
                if (b.dk_end > DK0)
                    fprintf(tm, "%s %s %s 2\n", num(b1, b.dk_end + 1.2), num(b2, y),
                            num(b3, b.dk_end - DK0));
            }
        }
    block_end(c);
}

/* A datablock of the lines of text whose last field is tag, without it;
 * returns whether there was one. */
static int tagged_block(ctx *c, const char *name, const char *text, char tag)
{
    int any = 0;
    block_begin(c, name);
    for (const char *l = text; l && *l;) {
        const char *nl = strchr(l, '\n');
        size_t len = nl ? (size_t)(nl - l) : strlen(l);
        if (len > 2 && l[len - 1] == tag) {
            fprintf(c->f, "%.*s\n", (int)(len - 2), l);
            any = 1;
        }
        l = nl ? nl + 1 : l + len;
    }
    block_end(c);
    return any;
}

/* Plot elements joined by ", \": every one draws points (an empty
 * datablock would make gnuplot warn). */
static void seg_plot(chart *ch, const char **segcol, size_t nseg, const int *have_v)
{
    ctx *c = ch->c;
    char b1[PK_NUMBER_BUFSIZE], b2[PK_NUMBER_BUFSIZE];
    double half = 0.38;
    fputs("plot ", c->f);
    for (size_t s = 0; s < nseg; s++) {
        fprintf(c->f, "%s$seg%zu using (($2+$3)/2):1:2:3:($1-%s):($1+%s) with boxxyerror fc rgb ",
                s ? ", \\\n  " : "\\\n  ", s + 1, num(b1, half), num(b2, half));
        q(c, segcol[s]);
        fputs(" notitle", c->f);
    }
    if (have_v[0])
        fputs(", \\\n  $vlight using 1:2:(sprintf(\"%.0f\", $3)) with labels center font \"" FONT
              ",9\" tc rgb \"#1A1A1A\" notitle", c->f);
    if (have_v[1])
        fputs(", \\\n  $vdark using 1:2:(sprintf(\"%.0f\", $3)) with labels center font \"" FONT
              ",9\" tc rgb \"#FFFFFF\" notitle", c->f);
    if (ch->diverging)
        fputs(", \\\n  $totneg using 1:2:(sprintf(\"%.0f%%\", $3)) with labels right font \"" FONT
              ",10\" tc rgb \"#B2182B\" notitle"
              ", \\\n  $totpos using 1:2:(sprintf(\"%.0f%%\", $3)) with labels left font \"" FONT
              ",10\" tc rgb \"#2166AC\" notitle", c->f);
    if (ch->diverging && ch->any_dk)
        fputs(", \\\n  $totdk using 1:2:(sprintf(\"%.0f%%\", $3)) with labels left font \"" FONT
              ",10\" tc rgb \"#555555\" notitle", c->f);
    fputs("\nunset output\n", c->f);
}

/* The segments' datablocks, the values inside them (white on dark fills,
 * dark on light ones), the diverging totals, and the plot command. */
static int seg_data(chart *ch, size_t maxr)
{
    size_t cap = 0;
    for (size_t i = 0; i < ch->np; i++)
        cap += ch->p[i].nr;
    const char **segcol = calloc(cap + 1, sizeof *segcol);
    double *x0 = calloc(maxr + 1, sizeof *x0), *x1 = calloc(maxr + 1, sizeof *x1);
    char *vals = NULL, *tots = NULL;
    size_t vsz = 0, tsz = 0;
    FILE *vm = open_memstream(&vals, &vsz), *tm = open_memstream(&tots, &tsz);
    int st = 0;
    if (!segcol || !x0 || !x1 || !vm || !tm) {
        st = pk_err_nomem(ch->c->err);
    } else {
        size_t nseg = seg_colours(ch, segcol);
        for (size_t s = 0; s < nseg; s++)
            seg_block(ch, segcol, s, x0, x1, vm, tm);
        fclose(vm);
        fclose(tm);
        vm = tm = NULL;
        int have_v[2];
        have_v[0] = tagged_block(ch->c, "vlight", vals, '0');
        have_v[1] = tagged_block(ch->c, "vdark", vals, '1');
        static const char *const totname[3] = {"totneg", "totpos", "totdk"};
        for (int side = 0; side < 3 && ch->diverging; side++)
            tagged_block(ch->c, totname[side], tots, (char)('0' + side));
        seg_plot(ch, segcol, nseg, have_v);
    }
    if (vm)
        fclose(vm);
    if (tm)
        fclose(tm);
    free(vals);
    free(tots);
    free(segcol);
    free(x0);
    free(x1);
    return st;
}

/* `diverging` and `stacked`: every answer of each question, one bar per
 * group. Diverging: the negative side left of zero and the positive side
 * right, each from the middle outwards, neutral answers centred on zero,
 * don't know in a panel apart; questions sorted by the groups' mean
 * positive share. Stacked: 100% bars of every answer in scale order, for
 * any question, in table order. The legend lists every answer once. */
static int segments(ctx *c, const pk_support_table *t, group *g, size_t ng, prop *p, size_t np,
                    int diverging)
{
    chart ch = {.c = c, .t = t, .g = g, .ng = ng, .p = p, .np = np, .diverging = diverging};
    size_t maxr;
    int st = seg_check(&ch, &maxr);
    if (!st)
        st = seg_cells(&ch, maxr);
    if (!st)
        st = seg_legend(&ch);
    if (!st)
        st = chart_texts(&ch, seg_title, seg_subtitle);
    if (!st)
        st = chart_frame(&ch, seg_group_px(&ch));
    if (!st) {
        seg_axis(&ch);
        st = seg_labels(&ch);
    }
    if (!st)
        st = seg_data(&ch, maxr);
    chart_free(&ch);
    if (st)
        return st;
    return c->failed ? c->err->status : 0;
}

/* A label with a control character (other than a line break, which draws
 * as one) would reach the chart as invisible or raw bytes: refused. */
static int check_labels(const pk_support_table *t, pk_err *err)
{
    for (size_t i = 0; i < t->nrows; i++) {
        const pk_support_table_row *r = &t->rows[i];
        const char *text[] = {r->question_label, r->group_label, r->response_label};
        static const char *const col[] = {"question_label", "group_label", "response_label"};
        for (size_t k = 0; k < 3; k++) {
            const unsigned char *p = (const unsigned char *)(text[k] ? text[k] : "");
            for (; *p; p++)
                if ((*p < 0x20 && *p != '\n') || *p == 0x7f) {
                    char b[128];
                    return pk_err_set(err, PK_EDATA,
                                      "%s:%ld:%s: label '%s' has a control character (0x%02X): "
                                      "pollplot draws no such label",
                                      t->name, r->line, col[k],
                                      pk_err_quote(b, sizeof b, text[k], strlen(text[k])), *p);
                }
        }
    }
    return 0;
}

int pk_plot_script(FILE *out, const pk_support_table *t, const pk_plot_opts *o, pk_err *err)
{
    if (pk_plot_quote_check_output("--image", o->image, err))
        return err->status;
    if (t->nrows == 0)
        return pk_err_set(err, PK_EDATA, "%s: the table has no rows", t->name);
    if (check_labels(t, err))
        return err->status;
    group *g = NULL;
    size_t ng = 0;
    int st = collect_groups(t, o, &g, &ng, err);
    if (st)
        return st;
    if (ng == 0) {
        free(g);
        return pk_err_set(err, PK_EUSAGE, "no group to draw");
    }
    prop *p = NULL;
    size_t np = 0;
    if ((st = collect_props(t, o, ng, &p, &np, err))) {
        free(g);
        return st;
    }
    /* The chart: as asked; --response draws bars; else bars of the
     * positive net when every question has one, else stacked. */
    pk_plot_chart chart = o->chart;
    if (chart == PK_PLOT_CHART_AUTO) {
        chart = PK_PLOT_CHART_BARS;
        for (size_t i = 0; i < np && !o->response; i++)
            if (positive_net(&p[i]) < 0)
                chart = PK_PLOT_CHART_STACKED;
    }

    char *buf = NULL;
    size_t sz = 0;
    ctx c = {open_memstream(&buf, &sz), err, 0, o};
    if (!c.f) {
        free_props(p, np);
        free(g);
        return pk_err_nomem(err);
    }
    fputs("# Chart script written by pollplot (pollkit); run: gnuplot THIS_FILE\n", c.f);
    st = chart == PK_PLOT_CHART_BARS ? bars(&c, t, g, ng, p, np)
                                : segments(&c, t, g, ng, p, np, chart == PK_PLOT_CHART_DIVERGING);
    if (fclose(c.f) && !st)
        st = pk_err_nomem(err);
    if (!st && c.failed)
        st = err->status ? err->status : PK_EDATA;
    if (!st && fwrite(buf, 1, sz, out) != sz)
        st = pk_err_set(err, PK_EDATA, "write error: %s", strerror(errno));
    free(buf);
    free_props(p, np);
    free(g);
    return st;
}
