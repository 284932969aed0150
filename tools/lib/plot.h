/* Chart scripts: turns a support table into one self-contained gnuplot
 * script that draws a newspaper-style chart of a response's share by
 * proposal among chosen groups (`bars`), or the whole answer scale as
 * diverging stacked bars (`diverging`). Every string that comes from the
 * table or from options is written through plot_quote (one escaped constant,
 * drawn noenhanced), datablocks carry numbers only, and the output name is
 * checked before it reaches `set output`. */
#ifndef POLLKIT_PLOT_H
#define POLLKIT_PLOT_H

#include <stdio.h>

#include "error.h"
#include "support_table.h"

typedef enum pk_plot_chart { PK_CHART_BARS, PK_CHART_DIVERGING } pk_plot_chart;
typedef enum pk_plot_term { PK_TERM_PNGCAIRO, PK_TERM_SVG, PK_TERM_PDFCAIRO } pk_plot_term;

typedef struct pk_plot_opts {
    pk_plot_chart chart;
    pk_plot_term term;
    const char *const *groups;  /* group codes, in legend order */
    size_t ngroups;
    const char *response;       /* bars: the response drawn ("support") */
    const char *image;          /* the chart file the script writes */
    const char *title;          /* NULL: a default headline */
    const char *subtitle;       /* NULL: says what is shown */
    const char *source;         /* NULL: none; appended to the footnote */
} pk_plot_opts;

/* The default chart name for a terminal: chart.png, chart.svg, chart.pdf. */
const char *pk_plot_default_image(pk_plot_term term);

/* Write the script for t to out. Errors: a requested group or response not
 * in the table, or a scale code missing for `diverging` (PK_EUSAGE, naming
 * what exists); an unsafe image name (PK_EUSAGE); text that is not UTF-8
 * (PK_EDATA); no row to draw (PK_EDATA). Nothing is written on error. */
int pk_plot_script(FILE *out, const pk_support_table *t, const pk_plot_opts *o, pk_err *err);

#endif
