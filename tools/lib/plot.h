/* Chart scripts: turns a support table into one self-contained gnuplot
 * script that draws a newspaper-style chart of a response's share by
 * question among chosen groups (`bars`), the whole answer scale as
 * diverging bars (`diverging`), or every answer as 100% stacked bars
 * (`stacked`). Titles, legends and footnotes come from the table's labels
 * and response kinds. Every string that comes from the
 * table or from options is written through plot_quote (one escaped constant,
 * drawn noenhanced), datablocks carry numbers only, and the output name is
 * checked before it reaches `set output`. */
#ifndef POLLKIT_PLOT_H
#define POLLKIT_PLOT_H

#include <stdio.h>

#include "err.h"
#include "support_table.h"

/* AUTO: means when every question drawn has only mean rows; else bars of
 * each question's positive net when every question drawn has one (or
 * --response is given), else stacked. */
/* The kinds of chart that have a name (--chart), X(CONSTANT, "name"):
 * BARS one response or net per question and group; DIVERGING the whole
 * scale by side (needs a scale with sides); STACKED 100% bars of every
 * answer (any question); TREND one response of one question across the
 * table's waves, a line per group; MEANS a dot and interval per group at each
 * question's mean score (its rows of response_kind mean). */
#define PK_PLOT_CHARTS(X)                                                                          \
    X(PK_PLOT_CHART_BARS, "bars")                                                                  \
    X(PK_PLOT_CHART_DIVERGING, "diverging")                                                        \
    X(PK_PLOT_CHART_STACKED, "stacked")                                                            \
    X(PK_PLOT_CHART_TREND, "trend")                                                                \
    X(PK_PLOT_CHART_MEANS, "means")
/* gnuplot's terminals that pollplot writes for (--terminal). */
#define PK_PLOT_TERMS(X)                                                                           \
    X(PK_PLOT_TERM_PNGCAIRO, "pngcairo")                                                           \
    X(PK_PLOT_TERM_SVG, "svg")                                                                     \
    X(PK_PLOT_TERM_PDFCAIRO, "pdfcairo")

#define PK_PLOT_X_ENUM(constant, name) constant,
typedef enum pk_plot_chart { PK_PLOT_CHART_AUTO, PK_PLOT_CHARTS(PK_PLOT_X_ENUM) } pk_plot_chart;
typedef enum pk_plot_term { PK_PLOT_TERMS(PK_PLOT_X_ENUM) } pk_plot_term;
#undef PK_PLOT_X_ENUM

typedef struct pk_plot_opts {
    pk_plot_chart chart;
    pk_plot_term term;
    /* Groups as named (code, BY=CODE or label), in legend order; none:
     * every group of the table's first `by` column but combined ones. */
    const char *const *groups;
    size_t ngroups;
    /* Questions by code, in drawing order; none: every question. */
    const char *const *questions;
    size_t nquestions;
    const char *response;       /* bars: a code or label; NULL: the positive net */
    const char *image;          /* the chart file the script writes */
    const char *title;          /* NULL: a default headline */
    const char *subtitle;       /* NULL: says what is shown */
    const char *source;         /* NULL: none; appended to the footnote */
    /* A group's bar drawn on fewer respondents (n) is not drawn; "n=2, too
     * few to show" stands in its place. 0: every bar is drawn. */
    long min_base;
    /* The canvas in px (pdfcairo: printed at 150 px an inch); 0: 1200x675. */
    double width, height;
    const char *font;           /* the font's name; NULL: DejaVu Sans */
    double font_size;           /* the body text's points; 0: 12 (other texts in proportion) */
    const char *note;           /* NULL: none; a footnote line before the source */
    /* Colours of the house style (each "#RRGGBB"): the palette for groups
     * that are not parties, used before pollplot's own; and colours of
     * groups by name (code or label, as --groups names them), before the
     * parties' own. */
    const char *const *palette;
    size_t npalette;
    const char *const *colour_names, *const *colour_values;
    size_t ncolours;
} pk_plot_opts;

/* What pk_plot_script has to say besides the script: what a default chart
 * left out to fit the canvas and how to get it back (note), and a chart
 * whose text will overlap because the options fix its groups and
 * questions (warning). NULL when there is nothing to say. */
typedef struct pk_plot_report {
    char *note, *warning;
} pk_plot_report;
void pk_plot_report_free(pk_plot_report *rep);

/* The canvas's size in px. */
double pk_plot_canvas_w(const pk_plot_opts *o);
double pk_plot_canvas_h(const pk_plot_opts *o);

/* The default chart name for a terminal: chart.png, chart.svg, chart.pdf. */
const char *pk_plot_default_image(pk_plot_term term);

/* Write the script for t to out, and its alt text to alt (unless NULL).
 * A chart whose groups or questions are left to pollplot and do not fit
 * the canvas (text at the bars closer than its line height) is drawn with
 * the groups of the largest bases (down to two), then the first
 * questions, then one group; rep says what was left out. Errors: a
 * requested group or response not in the table, or a scale code missing
 * for `diverging` (PK_ERR_USAGE, naming what exists); an unsafe image
 * name (PK_ERR_USAGE); text that is not UTF-8 (PK_ERR_DATA); no row to
 * draw (PK_ERR_DATA). Nothing is written on error, and rep is empty. */
int pk_plot_script(FILE *out, FILE *alt, const pk_support_table *t, const pk_plot_opts *o,
                   pk_plot_report *rep, pk_err *err);

#endif
