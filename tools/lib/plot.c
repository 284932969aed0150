/* gnuplot chart scripts from a support table; see plot.h.
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

#include "plot_quote.h"
#include "number.h"
#include "util.h"

#define CANVAS_W 1200.0
#define CANVAS_H 675.0
#define FONT "DejaVu Sans"

/* The answer scale, from "strongly oppose" to "strongly support". */
enum { S_SO, S_TO, S_NEI, S_TS, S_SS, S_DK, S_N };
static const char *const scale_codes[S_N] = {
    "strongly_oppose", "tend_oppose", "neither", "tend_support", "strongly_support", "dont_know",
};
static const char *const scale_labels[S_N] = {
    "Strongly oppose", "Tend to oppose", "Neither", "Tend to support", "Strongly support",
    "Don't know",
};
static const char *const scale_colours[S_N] = {
    "#B2182B", "#EF8A62", "#CFCFCF", "#67A9CF", "#2166AC", "#969696",
};

/* GB parties' usual colours (Labour and Green as the brief asks); other
 * groups take a neutral palette in turn. */
static const struct { const char *code, *colour; } party_colours[] = {
    {"lab", "#E4003B"}, {"grn", "#02A95B"}, {"con", "#0087DC"}, {"ld", "#FAA61A"},
    {"ref", "#12B6CF"}, {"snp", "#E5C700"}, {"pc", "#005B54"}, {"other", "#8C8C8C"},
    {"did_not_vote", "#B5B5B5"}, {"All", "#4D4D4D"},
};
static const char *const other_colours[] = {"#6A3D9A", "#8C564B", "#4E79A7", "#B07AA1", "#9C755F"};

const char *pk_plot_default_image(pk_plot_term term)
{
    switch (term) {
    case PK_TERM_SVG:
        return "chart.svg";
    case PK_TERM_PDFCAIRO:
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

typedef struct prop {
    const char *code, *label;
    size_t order;      /* position in the table */
    double key;        /* sort key: mean share over the groups */
    const pk_support_table_row **cells;  /* bars: [g]; diverging: [g * S_N + s] */
} prop;

/* The script is built in memory and written only when complete. */
typedef struct ctx {
    FILE *f;
    pk_err *err;
    int failed;        /* a string could not be quoted */
    const pk_plot_opts *o;
} ctx;

/* Write s as a gnuplot string constant. */
static void q(ctx *c, const char *s)
{
    char *z = pk_plot_quote(s, strlen(s));
    if (!z) {
        if (!c->failed) {
            char b[128];
            if (errno == EILSEQ)
                pk_err_set(c->err, PK_EDATA, "text is not valid UTF-8: '%s'",
                           pk_err_quote(b, sizeof b, s, strlen(s)));
            else
                pk_err_set(c->err, PK_ENOMEM, "out of memory");
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

/* Number of UTF-8 code points in s[0..len). */
static size_t u8len(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            n++;
    return n;
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

/* "% who support", "% who tend to oppose", ... for a response code. */
static const char *response_phrase(const char *r)
{
    static const struct { const char *code, *phrase; } p[] = {
        {"support", "support"},
        {"oppose", "oppose"},
        {"strongly_support", "strongly support"},
        {"tend_support", "tend to support"},
        {"neither", "neither support nor oppose"},
        {"tend_oppose", "tend to oppose"},
        {"strongly_oppose", "strongly oppose"},
        {"dont_know", "don't know"},
    };
    for (size_t i = 0; i < sizeof p / sizeof p[0]; i++)
        if (strcmp(p[i].code, r) == 0)
            return p[i].phrase;
    return NULL;
}

static int is_net(const char *r)
{
    return strcmp(r, "net") == 0;
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

/* Error listing the distinct values of a column, "a, b, c". */
static int not_found(pk_err *err, const pk_support_table *t, const char *what, const char *val,
                     int col_group)
{
    char *buf = NULL;
    size_t sz = 0;
    FILE *m = open_memstream(&buf, &sz);
    if (!m)
        return pk_err_set(err, PK_ENOMEM, "out of memory");
    /* The first 40 distinct values, in table order. */
    const char *shown[40];
    size_t nshown = 0;
    for (size_t i = 0; i < t->nrows && nshown < 40; i++) {
        const char *v = col_group ? t->rows[i].group : t->rows[i].response;
        int seen = 0;
        for (size_t j = 0; j < nshown && !seen; j++)
            if (strcmp(v, shown[j]) == 0)
                seen = 1;
        if (!seen) {
            fprintf(m, "%s%s", nshown ? ", " : "", v);
            shown[nshown++] = v;
        }
    }
    fclose(m);
    char b[128];
    pk_err_set(err, PK_EUSAGE, "%s: no %s '%s' in the table (it has: %s)", t->name, what,
               pk_err_quote(b, sizeof b, val, strlen(val)), buf ? buf : "");
    free(buf);
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
    double width = (colour ? 22 : 28) + 8.4 * (double)u8len(text, strlen(text));
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
        pk_err_set(c->err, PK_ENOMEM, "out of memory");
        return;
    }
    for (char *p = one; *p; p++)
        if (*p == '\n' || *p == '\r' || *p == '\t')
            *p = ' ';
    label_at(c, one, x + 22, y, "left", FONT ",12", "#222222");
    free(one);
    L->legend_x = x + 22 + 8.4 * (double)u8len(text, strlen(text)) + 30;
}

/* Headline, subtitle, legend and footnote; returns the plot area. */
static void frame(ctx *c, const char *title, const char *subtitle, char **foot, size_t nfoot,
                  const char *const *leg_colour, const char *const *leg_text, size_t nleg,
                  layout *L)
{
    const pk_plot_opts *o = c->o;
    int lines;
    size_t longest;
    double y = 30;

    char *t = wrap(title, 80, &lines, &longest);
    if (!t) {
        c->failed = 1;
        pk_err_set(c->err, PK_ENOMEM, "out of memory");
        return;
    }
    if (o->term == PK_TERM_SVG) {
        /* gnuplot's SVG terminal ignores ":Bold" in a font name; only
         * enhanced text's {/:Bold ...} gives a bold face there. The text is
         * made literal for enhanced mode first (pk_plot_quote_enhanced), so
         * no special in it takes effect. */
        char *e = pk_plot_quote_enhanced(t);
        char *buf = NULL;
        size_t sz = 0;
        FILE *m = open_memstream(&buf, &sz);
        if (!e || !m) {
            c->failed = 1;
            pk_err_set(c->err, PK_ENOMEM, "out of memory");
            free(e);
            if (m)
                fclose(m);
            free(buf);
            free(t);
            return;
        }
        /* gnuplot splits lines before parsing enhanced text: each line
         * gets its own group, or the braces would not balance. */
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
    } else {
        label_at(c, t, 24, y, "left", FONT ":Bold,20", "#111111");
    }
    free(t);
    y += 31.0 * (lines - 1) + 30;

    char *s = wrap(subtitle, 125, &lines, &longest);
    if (!s) {
        c->failed = 1;
        pk_err_set(c->err, PK_ENOMEM, "out of memory");
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

    /* Footnote from the bottom up. */
    double fy = CANVAS_H - 16;
    double line_h = 15;
    size_t total = 0;
    char **wrapped = calloc(nfoot ? nfoot : 1, sizeof *wrapped);
    int *nl = calloc(nfoot ? nfoot : 1, sizeof *nl);
    if (!wrapped || !nl) {
        free(wrapped);
        free(nl);
        c->failed = 1;
        pk_err_set(c->err, PK_ENOMEM, "out of memory");
        return;
    }
    for (size_t i = 0; i < nfoot; i++) {
        wrapped[i] = wrap(foot[i], 190, &nl[i], &longest);
        if (!wrapped[i]) {
            c->failed = 1;
            pk_err_set(c->err, PK_ENOMEM, "out of memory");
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
    L->plot_bottom = top - 14 - 34;  /* room for the x tic labels */
}

/* A headline, subtitle, legend and footnote so long that no room is left
 * for the chart are refused rather than drawn over each other. */
static int too_tall(ctx *c, const layout *L)
{
    if (c->failed)
        return 1;
    if (L->plot_bottom - L->plot_top >= 150)
        return 0;
    return pk_err_set(c->err, PK_EUSAGE,
                      "the headline, subtitle, legend and footnote leave no room for the chart: "
                      "shorten them (--title, --subtitle, --source)");
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

/* Where the groups are, what the chart shows, how it was measured. */
static int collect_groups(const pk_support_table *t, const pk_plot_opts *o, group *g, pk_err *err)
{
    size_t next_other = 0;
    for (size_t i = 0; i < o->ngroups; i++) {
        const char *name = o->groups[i];
        size_t at;
        char forms[512];
        int found = pk_support_table_group_find(t->groups, t->ngroups, name, &at, forms, sizeof forms);
        /* BY:CODE, the form pollplot took before BY=CODE, still works. */
        const char *colon = strchr(name, ':');
        if (found == PK_GROUP_UNKNOWN && colon && !strchr(name, '=')) {
            char *alt = strdup(name);
            if (!alt)
                return pk_err_set(err, PK_ENOMEM, "out of memory");
            alt[colon - name] = '=';
            found = pk_support_table_group_find(t->groups, t->ngroups, alt, &at, forms, sizeof forms);
            free(alt);
        }
        if (found == PK_GROUP_AMBIGUOUS) {
            char b[128];
            return pk_err_set(err, PK_EUSAGE, "--groups: '%s' names groups of several --by columns: "
                                              "write one of %s",
                              pk_err_quote(b, sizeof b, name, strlen(name)), forms);
        }
        if (found != PK_GROUP_FOUND)
            return not_found(err, t, "group", name, 1);
        g[i].code = t->groups[at].group;
        g[i].label = t->groups[at].label;
        g[i].by = t->groups[at].by;
        g[i].colour = NULL;
        g[i].nmin = -1;
        g[i].nmax = -1;
        g[i].low_base = 0;
        for (size_t k = 0; k < sizeof party_colours / sizeof party_colours[0]; k++)
            if (strcmp(party_colours[k].code, g[i].code) == 0)
                g[i].colour = party_colours[k].colour;
        /* Two requested groups sharing a colour would be unreadable. */
        for (size_t j = 0; j < i && g[i].colour; j++)
            if (g[j].colour == g[i].colour)
                g[i].colour = NULL;
        if (!g[i].colour)
            g[i].colour = other_colours[next_other++ % (sizeof other_colours / sizeof other_colours[0])];
    }
    return 0;
}

/* The footnote: the table's own provenance columns over the drawn rows,
 * then --source. Only what the table says. */
static int footnote(ctx *c, const pk_support_table_row **rows, size_t nrows, group *g, size_t ng,
                    int intervals, char ***out, size_t *nout)
{
    const char **w = calloc(nrows + 1, sizeof *w), **m = calloc(nrows + 1, sizeof *m),
               **b = calloc(nrows + 1, sizeof *b);
    char **lines = calloc(4, sizeof *lines);
    if (!w || !m || !b || !lines)
        goto oom;
    double level = NAN;
    int mixed_level = 0;
    for (size_t i = 0; i < nrows; i++) {
        w[i] = rows[i]->weight;
        m[i] = rows[i]->ci_method;
        b[i] = rows[i]->base;
        if (!isnan(rows[i]->level)) {
            if (!isnan(level) && level != rows[i]->level)
                mixed_level = 1;
            level = rows[i]->level;
        }
    }
    size_t n = 0;

    char *buf = NULL;
    size_t sz = 0;
    FILE *f = open_memstream(&buf, &sz);
    if (!f)
        goto oom;
    int first = 1;
    int any_weight = 0, any_none = 0;
    for (size_t i = 0; i < nrows; i++) {
        if (strcmp(w[i], "none") == 0)
            any_none = 1;
        else if (*w[i])
            any_weight = 1;
    }
    if (any_weight && !any_none)
        add_part(f, &first, ". ", "Weighted data");
    else if (any_none && !any_weight)
        add_part(f, &first, ". ", "Unweighted data");
    if (intervals) {
        if (!first)
            fputs(". ", f);
        first = 0;
        fputs("Lines show ", f);
        if (!isnan(level) && !mixed_level) {
            char lb[PK_NUMBER_BUFSIZE];
            fprintf(f, "%s%% ", pk_number_format(lb, level * 100, 6));
        }
        char *mb = NULL;
        size_t msz = 0;
        FILE *mm = open_memstream(&mb, &msz);
        if (!mm) {
            fclose(f);
            free(buf);
            goto oom;
        }
        int dl = distinct_list(mm, m, nrows, ci_name);
        fclose(mm);
        if (dl) {
            free(mb);
            fclose(f);
            free(buf);
            goto oom;
        }
        if (mb && *mb)
            fprintf(f, "%s ", mb);
        free(mb);
        fputs("confidence intervals", f);
    }
    int incl = 0, excl = 0, other = 0;
    for (size_t i = 0; i < nrows; i++) {
        if (strcmp(b[i], "all") == 0)
            incl = 1;
        else if (strcmp(b[i], "excluding dont_know") == 0)
            excl = 1;
        else if (*b[i])
            other = 1;
    }
    if (incl + excl + other == 1) {
        if (incl)
            add_part(f, &first, ". ", "Don't know included in the base");
        else if (excl)
            add_part(f, &first, ". ", "Don't know excluded from the base");
        else {
            add_part(f, &first, ". ", "Base: ");
            fputs(b[0], f);
        }
    }
    if (!first)
        fputs(".", f);
    fclose(f);
    if (buf && *buf)
        lines[n++] = buf;
    else
        free(buf);

    /* Sample sizes per group: the range over the proposals drawn. */
    buf = NULL;
    sz = 0;
    f = open_memstream(&buf, &sz);
    if (!f)
        goto oom;
    first = 1;
    int any_low = 0;
    for (size_t i = 0; i < ng; i++) {
        if (g[i].nmin < 0)
            continue;
        fprintf(f, "%s%s %ld", first ? "Sample size: " : ", ", g[i].label, g[i].nmin);
        if (g[i].nmax != g[i].nmin)
            fprintf(f, "\u2013%ld", g[i].nmax);
        if (g[i].low_base) {
            fputs("*", f);
            any_low = 1;
        }
        first = 0;
    }
    if (any_low)
        fputs(". *Small base: treat with caution", f);
    fclose(f);
    if (buf && *buf)
        lines[n++] = buf;
    else
        free(buf);

    if (c->o->source && *c->o->source) {
        lines[n] = strdup(c->o->source);
        if (!lines[n])
            goto oom;
        n++;
    }
    free(w);
    free(m);
    free(b);
    *out = lines;
    *nout = n;
    return 0;
oom:
    free(w);
    free(m);
    free(b);
    if (lines)
        for (size_t i = 0; i < 4; i++)
            free(lines[i]);
    free(lines);
    return pk_err_set(c->err, PK_ENOMEM, "out of memory");
}

static void free_lines(char **l, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(l[i]);
    free(l);
}

/* Left margin from the proposal labels: wide enough for the longest line
 * once wrapped at most to two lines, within limits. Returns the wrap width
 * in characters and sets *left (px). */
static size_t label_margin(const prop *p, size_t np, double char_px, double *left)
{
    size_t maxlen = 0;
    for (size_t i = 0; i < np; i++) {
        size_t l = u8len(p[i].label, strlen(p[i].label));
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

static int collect_props(const pk_support_table *t, size_t ng, size_t per_group, prop **out, size_t *np,
                         pk_err *err)
{
    prop *p = NULL;
    size_t n = 0, cap = 0;
    for (size_t i = 0; i < t->nquestions; i++) {
        if (n == cap) {
            cap = cap ? 2 * cap : 16;
            prop *np2 = realloc(p, cap * sizeof *p);
            if (!np2)
                goto oom;
            p = np2;
        }
        p[n].code = t->questions[i];
        p[n].label = t->question_labels[i];
        p[n].order = n;
        p[n].key = -INFINITY;
        p[n].cells = calloc(ng * per_group, sizeof *p[n].cells);
        if (!p[n].cells)
            goto oom;
        n++;
    }
    *out = p;
    *np = n;
    return 0;
oom:
    for (size_t k = 0; k < n; k++)
        free(p[k].cells);
    free(p);
    return pk_err_set(err, PK_ENOMEM, "out of memory");
}

static void free_props(prop *p, size_t n)
{
    for (size_t k = 0; k < n; k++)
        free(p[k].cells);
    free(p);
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
    case PK_TERM_SVG:
        fputs("set terminal svg size 1200,675 dynamic enhanced font \"" FONT ",12\" fontscale 1.333 "
              "background rgb \"white\"\n", c->f);
        break;
    case PK_TERM_PDFCAIRO:
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

static int bars(ctx *c, const pk_support_table *t, group *g, size_t ng)
{
    const pk_plot_opts *o = c->o;
    int found = 0;
    for (size_t k = 0; k < t->nrows && !found; k++)
        if (strcmp(t->rows[k].response, o->response) == 0)
            found = 1;
    if (!found)
        return not_found(c->err, t, "response", o->response, 0);

    prop *p;
    size_t np;
    if (collect_props(t, ng, 1, &p, &np, c->err))
        return c->err->status;
    const pk_support_table_row **drawn = calloc(np * ng + 1, sizeof *drawn);
    if (!drawn) {
        free_props(p, np);
        return pk_err_set(c->err, PK_ENOMEM, "out of memory");
    }
    size_t ndrawn = 0;
    int net = is_net(o->response);
    int intervals = 0;
    double lo_all = 0, hi_all = 0;
    for (size_t i = 0; i < np; i++) {
        double sum = 0;
        int cnt = 0;
        for (size_t j = 0; j < ng; j++) {
            const pk_support_table_row *r = pk_support_table_find(t, p[i].code, g[j].by, g[j].code, o->response);
            p[i].cells[j] = r;
            if (!r)
                continue;
            drawn[ndrawn++] = r;
            note_n(&g[j], r);
            if (!isnan(r->share)) {
                sum += r->share;
                cnt++;
                if (r->share < lo_all)
                    lo_all = r->share;
                if (r->share > hi_all)
                    hi_all = r->share;
                if (!isnan(r->ci_low) && !isnan(r->ci_high)) {
                    intervals = 1;
                    if (r->ci_low < lo_all)
                        lo_all = r->ci_low;
                    if (r->ci_high > hi_all)
                        hi_all = r->ci_high;
                }
            }
        }
        if (cnt)
            p[i].key = sum / cnt;
    }
    if (ndrawn == 0) {
        free(drawn);
        free_props(p, np);
        return pk_err_set(c->err, PK_EDATA, "%s: no rows for the groups and response asked for",
                          t->name);
    }
    qsort(p, np, sizeof *p, cmp_prop);

    /* Texts. */
    char *labels = join_labels(g, ng);
    const char *by = common_by(g, ng);
    const char *bp = by ? by_phrase(by) : NULL;
    char *title = NULL, *subtitle = NULL;
    size_t tsz;
    FILE *m = open_memstream(&title, &tsz);
    if (m) {
        if (o->title)
            fputs(o->title, m);
        else if (net)
            fprintf(m, "Net support for each proposal among %s%s", labels ? labels : "",
                    bp ? " voters" : "");
        else if (strcmp(o->response, "support") == 0)
            fprintf(m, "Support for each proposal among %s%s", labels ? labels : "",
                    bp ? " voters" : "");
        else if (response_phrase(o->response))
            fprintf(m, "Share who %s each proposal among %s%s", response_phrase(o->response),
                    labels ? labels : "", bp ? " voters" : "");
        else
            fprintf(m, "Share answering '%s' among %s", o->response, labels ? labels : "");
        fclose(m);
    }
    m = open_memstream(&subtitle, &tsz);
    if (m) {
        if (o->subtitle)
            fputs(o->subtitle, m);
        else {
            if (net)
                fputs("% who support minus % who oppose each proposal", m);
            else if (response_phrase(o->response))
                fprintf(m, "%% who %s each proposal", response_phrase(o->response));
            else
                fprintf(m, "%% answering '%s' to each proposal", o->response);
            if (bp)
                fprintf(m, ", by %s", bp);
            else if (by)
                fprintf(m, ", by %s", by);
            fputs(". Sorted by the groups' average", m);
        }
        fclose(m);
    }
    free(labels);
    char **foot = NULL;
    size_t nfoot = 0;
    if (!title || !subtitle || footnote(c, drawn, ndrawn, g, ng, intervals, &foot, &nfoot)) {
        free(title);
        free(subtitle);
        free(drawn);
        free_props(p, np);
        return pk_err_set(c->err, PK_ENOMEM, "out of memory");
    }

    /* The legend names the intervals' level when the rows agree on one. */
    char moe[96];
    double level = NAN;
    for (size_t i = 0; i < ndrawn; i++) {
        if (isnan(drawn[i]->level))
            continue;
        if (!isnan(level) && level != drawn[i]->level) {
            level = INFINITY;
            break;
        }
        level = drawn[i]->level;
    }
    if (isfinite(level)) {
        char lb[PK_NUMBER_BUFSIZE];
        snprintf(moe, sizeof moe, "Margin of error (%s%% interval)", pk_number_format(lb, level * 100, 6));
    } else {
        snprintf(moe, sizeof moe, "Margin of error");
    }

    terminal(c);
    layout L;
    memset(&L, 0, sizeof L);
    L.plot_right = CANVAS_W - 40;
    {
        const char **lc = calloc(ng + 1, sizeof *lc), **lt = calloc(ng + 1, sizeof *lt);
        if (!lc || !lt) {
            free(lc);
            free(lt);
            c->failed = 1;
            pk_err_set(c->err, PK_ENOMEM, "out of memory");
        } else {
            for (size_t j = 0; j < ng; j++) {
                lc[j] = g[j].colour;
                lt[j] = g[j].label;
            }
            lt[ng] = moe;
            frame(c, title, subtitle, foot, nfoot, lc, lt, ng + (intervals ? 1 : 0), &L);
            free(lc);
            free(lt);
        }
    }
    size_t width = label_margin(p, np, 8.6, &L.plot_left);
    if (too_tall(c, &L)) {
        free(title);
        free(subtitle);
        free_lines(foot, nfoot);
        free(drawn);
        free_props(p, np);
        return c->err->status;
    }
    axes(c, &L);
    free(title);
    free(subtitle);
    free_lines(foot, nfoot);

    /* The x axis in percent. */
    double xmin, xmax;
    char b1[PK_NUMBER_BUFSIZE], b2[PK_NUMBER_BUFSIZE], b3[PK_NUMBER_BUFSIZE], b4[PK_NUMBER_BUFSIZE];
    if (net) {
        double a = fmax(fabs(lo_all), fabs(hi_all)) * 100;
        double lim = fmin(100, ceil((a + 1e-9) / 25) * 25);
        if (lim < 25)
            lim = 25;
        xmin = -lim - 9;
        xmax = lim + 9;
        fprintf(c->f, "set xtics -100,25,100 format \"%%+g\"\n");
        fprintf(c->f, "set arrow from 0, graph 0 to 0, graph 1 nohead lw 1.5 lc rgb \"#333333\" front\n");
    } else {
        xmin = 0;
        xmax = fmax(100, hi_all * 100 + 9);
        fprintf(c->f, "set xtics 0,25,100 format \"%%g%%%%\"\n");
        fprintf(c->f, "set arrow from 50, graph 0 to 50, graph 1 nohead dt (10,7) lw 1.6 "
                      "lc rgb \"#222222\" front\n");
        fputs("set label \"50%\" at 50, graph 1 offset 0,0.7 center font \"" FONT ",10\" "
              "tc rgb \"#222222\" noenhanced front\n", c->f);
    }
    fprintf(c->f, "set xrange [%s:%s]\n", num(b1, xmin), num(b2, xmax));
    fprintf(c->f, "set yrange [-0.5:%s]\n", num(b1, (double)np - 0.5));

    /* Proposal labels, top to bottom, in the left margin. */
    for (size_t i = 0; i < np; i++) {
        int lines;
        size_t longest;
        char *w = wrap(p[i].label, width, &lines, &longest);
        if (!w) {
            free(drawn);
            free_props(p, np);
            return pk_err_set(c->err, PK_ENOMEM, "out of memory");
        }
        fputs("set label ", c->f);
        q(c, w);
        /* gnuplot puts a label's first line at its position and the rest
         * below: move it up by half the extra lines to centre it. */
        fprintf(c->f, " at graph 0, first %s right offset -1.2,%s font \"" FONT ",12\" "
                      "tc rgb \"#222222\" noenhanced front\n",
                num(b1, (double)(np - 1 - i)), num(b2, 0.5 * (lines - 1)));
        free(w);
    }

    /* Data: per group, bars (y, share%), intervals (y, share%, lo%, hi%);
     * value labels (x, y, value%, small base) left or right of the bar. */
    double slot = 0.8 / (double)ng;
    double half = slot * 0.40;
    int any_ci = 0, any_right = 0, any_nodata = 0;
    for (size_t j = 0; j < ng; j++) {
        char name[32];
        snprintf(name, sizeof name, "bars%zu", j + 1);
        block_begin(c, name);
        for (size_t i = 0; i < np; i++) {
            const pk_support_table_row *r = p[i].cells[j];
            if (!r || isnan(r->share))
                continue;
            double y = (double)(np - 1 - i) + ((double)(ng - 1) / 2 - (double)j) * slot;
            fprintf(c->f, "%s %s\n", num(b1, y), num(b2, r->share * 100));
        }
        block_end(c);
        snprintf(name, sizeof name, "ci%zu", j + 1);
        block_begin(c, name);
        for (size_t i = 0; i < np; i++) {
            const pk_support_table_row *r = p[i].cells[j];
            if (!r || isnan(r->share) || isnan(r->ci_low) || isnan(r->ci_high))
                continue;
            double y = (double)(np - 1 - i) + ((double)(ng - 1) / 2 - (double)j) * slot;
            fprintf(c->f, "%s %s %s %s\n", num(b1, y), num(b2, r->share * 100),
                    num(b3, r->ci_low * 100), num(b4, r->ci_high * 100));
            any_ci = 1;
        }
        block_end(c);
    }
    for (int side = 0; side < 2; side++) {
        block_begin(c, side ? "vright" : "vleft");
        for (size_t j = 0; j < ng; j++)
            for (size_t i = 0; i < np; i++) {
                const pk_support_table_row *r = p[i].cells[j];
                if (!r || isnan(r->share))
                    continue;
                int right = net && r->share < 0;  /* label right-aligned, left of bar */
                if (right != side)
                    continue;
                double y = (double)(np - 1 - i) + ((double)(ng - 1) / 2 - (double)j) * slot;
                double x;
                if (right)
                    x = fmin(r->share, isnan(r->ci_low) ? r->share : r->ci_low) * 100 - 1.2;
                else
                    x = fmax(r->share, isnan(r->ci_high) ? r->share : r->ci_high) * 100 + 1.2;
                /* A label would sit on the dashed 50% line: start it just
                 * past the line instead. */
                if (!net && x > 44.5 && x < 50.8)
                    x = 50.8;
                fprintf(c->f, "%s %s %s %d\n", num(b1, x), num(b2, y), num(b3, r->share * 100),
                        r->low_base);
                if (right)
                    any_right = 1;
            }
        block_end(c);
    }
    block_begin(c, "nodata");
    for (size_t j = 0; j < ng; j++)
        for (size_t i = 0; i < np; i++) {
            const pk_support_table_row *r = p[i].cells[j];
            if (r && !isnan(r->share))
                continue;
            double y = (double)(np - 1 - i) + ((double)(ng - 1) / 2 - (double)j) * slot;
            fprintf(c->f, "%s\n", num(b1, y));
            any_nodata = 1;
        }
    block_end(c);

    const char *vfmt = net ? "%+.0f" : "%.0f%%";
    fputs("plot \\\n", c->f);
    for (size_t j = 0; j < ng; j++) {
        fprintf(c->f, "  $bars%zu using (0):1:(0):2:($1-%s):($1+%s) with boxxyerror fc rgb ", j + 1,
                num(b1, half), num(b2, half));
        q(c, g[j].colour);
        fputs(" notitle, \\\n", c->f);
    }
    if (any_ci)
        for (size_t j = 0; j < ng; j++)
            fprintf(c->f, "  $ci%zu using 2:1:3:4 with xerrorbars pt -1 lw 1.3 lc rgb \"#1A1A1A\" "
                          "notitle, \\\n", j + 1);
    fprintf(c->f, "  $vleft using 1:2:(sprintf(\"%s\", $3) . ($4 > 0 ? \"*\" : \"\")) with labels boxed left "
                  "font \"" FONT ",11\" tc rgb \"#1A1A1A\" notitle",
            vfmt);
    if (any_right)
        fprintf(c->f, ", \\\n  $vright using 1:2:(sprintf(\"%s\", $3) . ($4 > 0 ? \"*\" : \"\")) with "
                      "labels boxed right font \"" FONT ",11\" tc rgb \"#1A1A1A\" notitle",
                vfmt);
    if (any_nodata)
        fprintf(c->f, ", \\\n  $nodata using (%s):1:(\"no data\") with labels left "
                      "font \"" FONT ",10\" tc rgb \"#777777\" notitle",
                num(b1, 1.0));
    fputs("\nunset output\n", c->f);
    free(drawn);
    free_props(p, np);
    return c->failed ? c->err->status : 0;
}

static int diverging(ctx *c, const pk_support_table *t, group *g, size_t ng)
{
    const pk_plot_opts *o = c->o;
    int have[S_N] = {0};
    for (size_t k = 0; k < t->nrows; k++)
        for (int s = 0; s < S_N; s++)
            if (strcmp(t->rows[k].response, scale_codes[s]) == 0)
                have[s] = 1;
    for (int s = 0; s < S_N; s++)
        if (!have[s] && s != S_DK && s != S_NEI)
            return not_found(c->err, t, "response", scale_codes[s], 0);

    prop *p;
    size_t np;
    if (collect_props(t, ng, S_N, &p, &np, c->err))
        return c->err->status;
    const pk_support_table_row **drawn = calloc(np * ng * S_N + 1, sizeof *drawn);
    if (!drawn) {
        free_props(p, np);
        return pk_err_set(c->err, PK_ENOMEM, "out of memory");
    }
    size_t ndrawn = 0;
    double dk_max = 0;
    for (size_t i = 0; i < np; i++) {
        double sum = 0;
        int cnt = 0;
        for (size_t j = 0; j < ng; j++) {
            double sup = 0;
            int ok = 1;
            for (int s = 0; s < S_N; s++) {
                if (!have[s])
                    continue;
                const pk_support_table_row *r =
                    pk_support_table_find(t, p[i].code, g[j].by, g[j].code, scale_codes[s]);
                p[i].cells[j * S_N + s] = r;
                if (r) {
                    drawn[ndrawn++] = r;
                    note_n(&g[j], r);
                }
                if (!r || isnan(r->share))
                    ok = 0;
                else if (s == S_TS || s == S_SS)
                    sup += r->share;
                if (s == S_DK && r && !isnan(r->share) && r->share > dk_max)
                    dk_max = r->share;
            }
            if (ok) {
                sum += sup;
                cnt++;
            }
        }
        if (cnt)
            p[i].key = sum / cnt;
    }
    if (ndrawn == 0) {
        free(drawn);
        free_props(p, np);
        return pk_err_set(c->err, PK_EDATA, "%s: no rows for the groups asked for", t->name);
    }
    qsort(p, np, sizeof *p, cmp_prop);

    char *labels = join_labels(g, ng);
    const char *by = common_by(g, ng);
    const char *bp = by ? by_phrase(by) : NULL;
    char *title = NULL, *subtitle = NULL;
    size_t tsz;
    FILE *m = open_memstream(&title, &tsz);
    if (m) {
        if (o->title)
            fputs(o->title, m);
        else
            fprintf(m, "Support and opposition for each proposal: %s%s", labels ? labels : "",
                    bp ? " voters" : "");
        fclose(m);
    }
    m = open_memstream(&subtitle, &tsz);
    if (m) {
        if (o->subtitle)
            fputs(o->subtitle, m);
        else {
            fputs("% giving each answer", m);
            if (bp)
                fprintf(m, ", by %s", bp);
            else if (by)
                fprintf(m, ", by %s", by);
            if (have[S_DK])
                fputs(". Don't know shown apart", m);
            fputs(". Sorted by average support", m);
        }
        fclose(m);
    }
    free(labels);
    char **foot = NULL;
    size_t nfoot = 0;
    if (!title || !subtitle || footnote(c, drawn, ndrawn, g, ng, 0, &foot, &nfoot)) {
        free(title);
        free(subtitle);
        free(drawn);
        free_props(p, np);
        return pk_err_set(c->err, PK_ENOMEM, "out of memory");
    }

    terminal(c);
    layout L;
    memset(&L, 0, sizeof L);
    L.plot_right = CANVAS_W - 40;
    {
        static const int key_order[S_N] = {S_SO, S_TO, S_NEI, S_TS, S_SS, S_DK};
        const char *lc[S_N], *lt[S_N];
        size_t nl = 0;
        for (int k = 0; k < S_N; k++)
            if (have[key_order[k]]) {
                lc[nl] = scale_colours[key_order[k]];
                lt[nl++] = scale_labels[key_order[k]];
            }
        frame(c, title, subtitle, foot, nfoot, lc, lt, nl, &L);
    }
    /* Proposal labels and, beside each bar, its group's label. */
    size_t glen = 0;
    for (size_t j = 0; j < ng; j++) {
        size_t l = u8len(g[j].label, strlen(g[j].label));
        if (l > glen)
            glen = l;
    }
    if (glen > 40)
        glen = 40;
    double left;
    size_t width = label_margin(p, np, 8.6, &left);
    double group_px = 6.3 * (double)glen + 14;
    L.plot_left = left + group_px;
    if (too_tall(c, &L)) {
        free(title);
        free(subtitle);
        free_lines(foot, nfoot);
        free(drawn);
        free_props(p, np);
        return c->err->status;
    }
    axes(c, &L);
    free(title);
    free(subtitle);
    free_lines(foot, nfoot);

    char b1[PK_NUMBER_BUFSIZE], b2[PK_NUMBER_BUFSIZE], b3[PK_NUMBER_BUFSIZE], b4[PK_NUMBER_BUFSIZE];
    /* Scale from -100 to 100; the don't-know panel starts at dk0. */
    double dk0 = 112;
    double xmax = have[S_DK] ? dk0 + fmax(dk_max * 100, 14) + 8 : 104;
    fprintf(c->f, "set xrange [-104:%s]\n", num(b1, xmax));
    fputs("set xtics (\"100%%\" -100, \"50%%\" -50, \"0\" 0, \"50%%\" 50, \"100%%\" 100)\n", c->f);
    fputs("set arrow from 0, graph 0 to 0, graph 1 nohead lw 1.2 lc rgb \"#333333\" front\n", c->f);
    fputs("set label \"\\342\\206\\220 Oppose\" at -2, graph 1 offset 0,0.8 right font \"" FONT
          ",10\" tc rgb \"#B2182B\" noenhanced front\n"
          "set label \"Support \\342\\206\\222\" at 2, graph 1 offset 0,0.8 left font \"" FONT
          ",10\" tc rgb \"#2166AC\" noenhanced front\n",
          c->f);
    if (have[S_DK]) {
        fputs("set label ", c->f);
        q(c, scale_labels[S_DK]);
        fprintf(c->f, " at %s, graph 1 offset 0,0.8 left font \"" FONT
                      ",10\" tc rgb \"#555555\" noenhanced front\n",
                num(b1, dk0));
        fprintf(c->f, "set arrow from %s, graph 0 to %s, graph 1 nohead lw 1 lc rgb \"#BBBBBB\"\n",
                num(b1, dk0), num(b2, dk0));
    }

    /* Rows: per proposal a block of ng bars, a gap between blocks. */
    double gap = 0.7;
    double total = (double)(np * ng) + gap * (double)(np ? np - 1 : 0);
    fprintf(c->f, "set yrange [-0.6:%s]\n", num(b1, total - 0.4));
    double *ypos = calloc(np * ng + 1, sizeof *ypos);
    if (!ypos) {
        free(drawn);
        free_props(p, np);
        return pk_err_set(c->err, PK_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < np; i++)
        for (size_t j = 0; j < ng; j++)
            ypos[i * ng + j] = total - 1 - ((double)(i * ng + j) + gap * (double)i);

    for (size_t i = 0; i < np; i++) {
        int lines;
        size_t longest;
        char *w = wrap(p[i].label, width, &lines, &longest);
        if (!w) {
            free(ypos);
            free(drawn);
            free_props(p, np);
            return pk_err_set(c->err, PK_ENOMEM, "out of memory");
        }
        double yc = (ypos[i * ng] + ypos[i * ng + ng - 1]) / 2;
        fputs("set label ", c->f);
        q(c, w);
        fprintf(c->f, " at screen %s, first %s left offset 0,%s font \"" FONT ",12\" "
                      "tc rgb \"#222222\" noenhanced front\n",
                num(b1, sx(24)), num(b2, yc), num(b3, 0.5 * (lines - 1)));
        free(w);
        for (size_t j = 0; j < ng; j++) {
            fputs("set label ", c->f);
            q(c, g[j].label);
            fprintf(c->f, " at graph 0, first %s right offset -0.8,0 font \"" FONT ",10\" tc rgb ",
                    num(b1, ypos[i * ng + j]));
            q(c, g[j].colour);
            fputs(" noenhanced front\n", c->f);
        }
    }

    /* Segments: y, x from, x to, per scale point; totals for the labels. */
    double half = 0.38;
    int any_seg[S_N] = {0};
    for (int s = 0; s < S_N; s++) {
        char name[32];
        snprintf(name, sizeof name, "seg%d", s + 1);
        block_begin(c, name);
        for (size_t i = 0; i < np; i++)
            for (size_t j = 0; j < ng; j++) {
                const pk_support_table_row *const *cell = &p[i].cells[j * S_N];
                if (!cell[s] || isnan(cell[s]->share))
                    continue;
                double v[S_N];
                int ok = 1;
                for (int k = 0; k < S_N; k++) {
                    v[k] = cell[k] && !isnan(cell[k]->share) ? cell[k]->share * 100 : 0;
                    if (have[k] && k != S_DK && (!cell[k] || isnan(cell[k]->share)))
                        ok = 0;
                }
                if (!ok)
                    continue;
                double nh = v[S_NEI] / 2, x0, x1;
                switch (s) {
                case S_SO: x0 = -nh - v[S_TO] - v[S_SO]; x1 = -nh - v[S_TO]; break;
                case S_TO: x0 = -nh - v[S_TO]; x1 = -nh; break;
                case S_NEI: x0 = -nh; x1 = nh; break;
                case S_TS: x0 = nh; x1 = nh + v[S_TS]; break;
                case S_SS: x0 = nh + v[S_TS]; x1 = nh + v[S_TS] + v[S_SS]; break;
                default: x0 = dk0; x1 = dk0 + v[S_DK]; break;
                }
                fprintf(c->f, "%s %s %s\n", num(b1, ypos[i * ng + j]), num(b2, x0), num(b3, x1));
                any_seg[s] = 1;
            }
        block_end(c);
    }
    /* Totals: x, y, percent; oppose at the left end, support at the right
     * end, don't know after its bar. */
    const char *tot_names[3] = {"totopp", "totsup", "totdk"};
    for (int k = 0; k < 3; k++) {
        block_begin(c, tot_names[k]);
        for (size_t i = 0; i < np; i++)
            for (size_t j = 0; j < ng; j++) {
                const pk_support_table_row *const *cell = &p[i].cells[j * S_N];
                double v[S_N];
                int ok = 1;
                for (int s = 0; s < S_N; s++) {
                    v[s] = cell[s] && !isnan(cell[s]->share) ? cell[s]->share * 100 : 0;
                    if (have[s] && s != S_DK && (!cell[s] || isnan(cell[s]->share)))
                        ok = 0;
                }
                double nh = v[S_NEI] / 2;
                double y = ypos[i * ng + j];
                if (k == 0 && ok)
                    fprintf(c->f, "%s %s %s\n", num(b1, -nh - v[S_TO] - v[S_SO] - 1.2), num(b2, y),
                            num(b3, v[S_TO] + v[S_SO]));
                else if (k == 1 && ok)
                    fprintf(c->f, "%s %s %s\n", num(b1, nh + v[S_TS] + v[S_SS] + 1.2), num(b2, y),
                            num(b3, v[S_TS] + v[S_SS]));
                else if (k == 2 && cell[S_DK] && !isnan(cell[S_DK]->share))
                    fprintf(c->f, "%s %s %s\n", num(b1, dk0 + v[S_DK] + 1.2), num(b2, y),
                            num(b4, v[S_DK]));
            }
        block_end(c);
    }

    fputs("plot \\\n", c->f);
    for (int s = 0; s < S_N; s++)
        if (any_seg[s])
            fprintf(c->f, "  $seg%d using (($2+$3)/2):1:2:3:($1-%s):($1+%s) with boxxyerror "
                          "fc rgb \"%s\" notitle, \\\n",
                    s + 1, num(b1, half), num(b2, half), scale_colours[s]);
    fputs("  $totopp using 1:2:(sprintf(\"%.0f%%\", $3)) with labels right font \"" FONT
          ",10\" tc rgb \"#B2182B\" notitle", c->f);
    fputs(", \\\n  $totsup using 1:2:(sprintf(\"%.0f%%\", $3)) with labels left font \"" FONT
          ",10\" tc rgb \"#2166AC\" notitle", c->f);
    if (any_seg[S_DK])
        fputs(", \\\n  $totdk using 1:2:(sprintf(\"%.0f%%\", $3)) with labels left font \"" FONT
              ",10\" tc rgb \"#555555\" notitle", c->f);
    fputs("\nunset output\n", c->f);
    free(ypos);
    free(drawn);
    free_props(p, np);
    return c->failed ? c->err->status : 0;
}

int pk_plot_script(FILE *out, const pk_support_table *t, const pk_plot_opts *o, pk_err *err)
{
    if (pk_plot_quote_check_output("--image", o->image, err))
        return err->status;
    if (o->ngroups == 0)
        return pk_err_set(err, PK_EUSAGE, "no group to draw");
    group *g = calloc(o->ngroups, sizeof *g);
    if (!g)
        return pk_err_set(err, PK_ENOMEM, "out of memory");
    int st = collect_groups(t, o, g, err);
    if (st) {
        free(g);
        return st;
    }

    char *buf = NULL;
    size_t sz = 0;
    ctx c = {open_memstream(&buf, &sz), err, 0, o};
    if (!c.f) {
        free(g);
        return pk_err_set(err, PK_ENOMEM, "out of memory");
    }
    fputs("# Chart script written by pollplot (pollkit); run: gnuplot THIS_FILE\n", c.f);
    st = o->chart == PK_CHART_DIVERGING ? diverging(&c, t, g, o->ngroups) : bars(&c, t, g, o->ngroups);
    if (fclose(c.f) && !st)
        st = pk_err_set(err, PK_ENOMEM, "out of memory");
    if (!st && c.failed)
        st = err->status ? err->status : PK_EDATA;
    if (!st && fwrite(buf, 1, sz, out) != sz)
        st = pk_err_set(err, PK_EDATA, "write error");
    free(buf);
    free(g);
    return st;
}
