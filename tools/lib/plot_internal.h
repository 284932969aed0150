/* What the plot*.c files share beyond plot.h: the groups and questions a
 * chart draws, the script being written, the chart's layout, and the
 * common steps every chart kind is written with. plot.c holds those steps
 * (escaping, numbers, wrapping, palette, the frame around the plot) and
 * plot_footnote.c the footnote; each chart kind is one file that calls
 * them (plot_bars.c, plot_segments.c, plot_means.c); plot_script.c chooses the rows and
 * the kind, and is the only file that calls a kind. Only those files
 * include this header. */
#ifndef POLLKIT_PLOT_INTERNAL_H
#define POLLKIT_PLOT_INTERNAL_H

#include <stddef.h>
#include <stdio.h>

#include "err.h"
#include "plot.h"
#include "scale.h"
#include "support_table.h"

#define PK_PLOT_FONT "DejaVu Sans"

/* The most groups one chart draws: as many as the palette has colours. */
#define PK_PLOT_MAX_GROUPS 12
/* How many of the palette's first colours a deuteranope tells apart by at
 * least PK_PLOT_MIN_DE2000 (CIEDE2000); bars of more groups are named
 * beside each bar. */
#define PK_PLOT_DISTINCT_DEUTAN 8
#define PK_PLOT_MIN_DE2000 20.0

/* The default canvas (px of the default PNG; the SVG and PDF are the same
 * picture, the PDF printed at PK_PLOT_PDF_PX_PER_IN: 8 x 4.5 inches), the
 * margin text keeps from its left and right edges (pk_plot_text_width:
 * the widest line of text). gnuplot's cairo and SVG terminals draw a font
 * of S points S * 4/3 px high (96 dpi), each character's advance rounded
 * to whole pixels; measured text is taken 2% wider than that, for the
 * glyphs' overhang. The footnote's font size (at the default body size of
 * 12 points; pk_plot_pt scales every size to --font's). */
#define PK_PLOT_CANVAS_W 1200.0
#define PK_PLOT_CANVAS_H 675.0
#define PK_PLOT_PDF_PX_PER_IN 150.0
#define PK_PLOT_MARGIN 24.0
#define PK_PLOT_PX_PER_PT (4.0 / 3.0)
#define PK_PLOT_TEXT_SLACK 1.02
#define PK_PLOT_FOOT_PT 10.0

/* DejaVu Sans's line height (ascent + descent, 2384/2048 em): text at
 * bars closer than this many ems of its size overlaps. */
#define PK_PLOT_LINE_EM (2384.0 / 2048.0)

/* What stands in for a bar below --min-base, after "n=2, ". */
#define PK_PLOT_TOO_FEW "too few to show"

/* One group drawn, with its colour and the sample sizes behind its bars. */
typedef struct pk_plot_group {
    const char *code, *label, *by, *colour;
    int from_palette;  /* its colour is the neutral palette's (not a party's or named) */
    long nmin, nmax;   /* n over the drawn proposals; -1 when unknown */
    int low_base;
} pk_plot_group;

/* One response of a question as the table has it. */
typedef struct pk_plot_resp {
    const char *code, *label;
    enum pk_scale_kind kind;
    char colour[8];    /* "#RRGGBB" for stacked and diverging charts */
    int rank;          /* within its side: 0 nearest the middle */
} pk_plot_resp;

/* One question (proposal) drawn. */
typedef struct pk_plot_prop {
    const char *code, *label;
    size_t order;      /* position in the table */
    double key;        /* sort key: mean share over the groups */
    pk_plot_resp *r;   /* its responses, table order */
    size_t nr;
    long drawn;        /* bars: the response drawn, index into r */
    char *shown;       /* bars: the label drawn, when it names the response */
    const pk_support_table_row **cells;  /* bars: [g]; segments: [g * nr + k] */
} pk_plot_prop;

/* The script is built in memory and written only when complete. */
typedef struct pk_plot_ctx {
    FILE *f;
    pk_err *err;
    int failed;        /* a string could not be quoted */
    const pk_plot_opts *o;
    /* How crowded the chart is: the largest ratio of the room a text at
     * the bars needs to the room it has (pk_plot_room); above 1, text
     * overlaps. */
    double crowd;
    double crowd_have, crowd_need;  /* px, for that ratio */
    double crowd_pt;                /* the text's size */
    FILE *alt;         /* the alt text being written; NULL: none asked for */
} pk_plot_ctx;

typedef struct pk_plot_layout {
    double plot_top, plot_bottom, plot_left, plot_right;  /* px */
    double legend_y;     /* centre line of the legend, px from the top */
    double legend_x;     /* where the next legend entry starts */
    int objects;         /* rectangles drawn so far */
} pk_plot_layout;

/* One chart being written: the script's context, the groups and
 * proposals drawn, and what is made for them before the script is
 * written (the rows drawn, texts, footnote, legend, layout).
 * pk_plot_figure_free releases all it owns; the groups and proposals
 * belong to the caller. */
typedef struct pk_plot_figure {
    pk_plot_ctx *c;
    const pk_support_table *t;
    pk_plot_group *g;
    size_t ng;
    pk_plot_prop *p;
    size_t np;
    const pk_support_table_row **drawn;  /* every row drawn, for the footnote */
    size_t ndrawn;
    int intervals;       /* some row drawn has an interval */
    char *title, *subtitle;
    char **foot;
    size_t nfoot;
    const char **lc, **lt;  /* the legend: colours (NULL: a whisker) and texts */
    size_t nleg;
    pk_plot_layout L;
    size_t width;        /* the proposal labels' wrap width, characters */
    /* bars */
    int net, mixed;      /* net scores; drawn responses of different labels */
    const pk_plot_resp *r0;  /* the response drawn for the table's first question */
    double lo, hi;       /* the lowest and highest share or bound drawn */
    char moe[96];        /* the interval's legend entry */
    /* means: the scale's range when every question drawn has the same
     * numbered one (NaN otherwise) */
    double scale_lo, scale_hi;
    /* diverging and stacked */
    int diverging, any_dk;
    double dk_max;       /* the largest don't-know total of a bar */
    double *ypos;        /* [i * ng + j]: the bar of proposal i, group j */
} pk_plot_figure;

/* A chart kind: writes its chart for the groups and questions chosen
 * (plot_script.c's table of kinds names one for each pk_plot_chart). */
typedef int pk_plot_draw_fn(pk_plot_ctx *c, const pk_support_table *t, pk_plot_group *g, size_t ng,
                            pk_plot_prop *p, size_t np);
int pk_plot_bars(pk_plot_ctx *c, const pk_support_table *t, pk_plot_group *g, size_t ng, pk_plot_prop *p,
                 size_t np);
int pk_plot_segments_diverging(pk_plot_ctx *c, const pk_support_table *t, pk_plot_group *g, size_t ng,
                               pk_plot_prop *p, size_t np);
int pk_plot_segments_stacked(pk_plot_ctx *c, const pk_support_table *t, pk_plot_group *g, size_t ng,
                             pk_plot_prop *p, size_t np);
int pk_plot_trend(pk_plot_ctx *c, const pk_support_table *t, pk_plot_group *g, size_t ng, pk_plot_prop *p,
                  size_t np);
int pk_plot_means(pk_plot_ctx *c, const pk_support_table *t, pk_plot_group *g, size_t ng, pk_plot_prop *p,
                  size_t np);

/* The script's pieces (plot.c). */
void pk_plot_string(pk_plot_ctx *c, const char *s);  /* s as a gnuplot string constant */
const char *pk_plot_num(char *buf, double v);        /* buf: PK_NUMBER_BUFSIZE */
double pk_plot_sx(const pk_plot_ctx *c, double px);  /* canvas px to a screen fraction */
double pk_plot_pt(const pk_plot_ctx *c, double pt);  /* a size at 12 points scaled to --font's */
double pk_plot_text_width(const pk_plot_ctx *c);     /* the widest line of text, px */
void pk_plot_font(pk_plot_ctx *c, double pt, int bold);  /* ` font "NAME,SIZE"` */
char *pk_plot_wrap(const char *s, size_t width, int *lines, size_t *longest);
char *pk_plot_wrap_px(const char *s, double width_px, double size_pt, int *lines, double *longest_px);
double pk_plot_text_px(const char *s, double size_pt);  /* width in DejaVu Sans of size_pt */
double pk_plot_line_px(double size_pt);                 /* a line's height at size_pt */
void pk_plot_room(pk_plot_ctx *c, double have_px, double lines, double size_pt);
void pk_plot_block_begin(pk_plot_ctx *c, const char *name);
void pk_plot_block_end(pk_plot_ctx *c);

/* Groups and questions (plot.c). */
void pk_plot_group_colours(pk_plot_group *g, size_t ng, const pk_plot_opts *o);
const char *pk_plot_palette(size_t k);       /* the neutral palette's k-th colour; NULL past it */
const char *pk_plot_party_colour(size_t k);  /* the party table's k-th colour; NULL past it */
void pk_plot_note_n(pk_plot_group *g, const pk_support_table_row *r);
int pk_plot_too_few(const pk_plot_ctx *c, const pk_support_table_row *r);  /* n below --min-base */
int pk_plot_prop_cmp(const void *a, const void *b);
void pk_plot_props_free(pk_plot_prop *p, size_t n);
int pk_plot_is_code(enum pk_scale_kind k);
long pk_plot_positive_net(const pk_plot_prop *p);
long pk_plot_negative_net(const pk_plot_prop *p);
long pk_plot_find_resp(const pk_plot_prop *p, const char *name);
int pk_plot_no_response(pk_err *err, const pk_support_table *t, const pk_plot_prop *p, const char *name);
void pk_plot_colour_codes(pk_plot_prop *p);

/* A chart's texts and frame (plot.c), and its footnote (plot_footnote.c). */
const char *pk_plot_lowered(char *buf, size_t size, const char *label);
void pk_plot_by_suffix(FILE *m, const pk_plot_figure *ch);
void pk_plot_groups_phrase(FILE *m, const pk_plot_figure *ch);
const char *pk_plot_groups_by(const pk_plot_figure *ch, char *buf, size_t size);
int pk_plot_figure_texts(pk_plot_figure *ch, void (*title)(FILE *, const pk_plot_figure *),
                         void (*subtitle)(FILE *, const pk_plot_figure *));
int pk_plot_figure_frame(pk_plot_figure *ch, double extra_left);
double pk_plot_group_label_px(const pk_plot_figure *ch);
void pk_plot_group_label(pk_plot_figure *ch, size_t j, double y, int size_pt);
void pk_plot_figure_free(pk_plot_figure *ch);
int pk_plot_footnote(pk_plot_figure *ch);

/* What a chart kind shares of its rows and texts (plot.c): row r drawn
 * for group j with value v (a share or a mean): counted for the footnote
 * and the group's n, and, unless v is NaN or the base too small, added to
 * *sum and *cnt and to the range the axis must hold (with its interval);
 * the legend (the groups, then the intervals, naming their level when the
 * rows agree on one); question i's label in the left margin, wrapped, in
 * its row of row px, beside the plot or (at_edge) at the canvas's left
 * edge (-1: out of memory). */
void pk_plot_take(pk_plot_figure *ch, size_t j, const pk_support_table_row *r, double v, double *sum, int *cnt);
/* Question i's row for each group drawn (its response p[i].drawn) into
 * p[i].cells, each taken as pk_plot_take does (its share, or with mean its
 * mean), and its sort key: the groups' average. */
void pk_plot_take_prop(pk_plot_figure *ch, size_t i, int mean);
int pk_plot_legend(pk_plot_figure *ch);
int pk_plot_question_label(pk_plot_figure *ch, size_t i, double row, int at_edge);
/* The centre line of group j's bar or dot for question i; the datablocks
 * of the cells without data and of those on too few respondents (by
 * their share, or their mean), and their part of the plot command at x
 * after sep (nodata, few: whether each has a line). */
double pk_plot_slot_y(const pk_plot_figure *ch, size_t i, size_t j);
void pk_plot_gap_blocks(pk_plot_figure *ch, int mean, int *nodata, int *few);
void pk_plot_gap_plot(pk_plot_ctx *c, const char *sep, double x, int nodata, int few);

/* The alt text's opening (the kind of chart, headline, subtitle, groups)
 * and its close (the footnote's lines), around each kind's figures. */
void pk_plot_alt_head(pk_plot_figure *ch, const char *kind);
void pk_plot_alt_foot(pk_plot_figure *ch);
/* The alt text of a chart of one figure per question and group: its kind,
 * then per question each group's share (mean: its mean score) and its
 * margin of error, in the order drawn, then the footnote. */
void pk_plot_alt_cells(pk_plot_figure *ch, const char *kind, int mean);
/* A share in words for the alt text: "62%", a net score "+12". */
void pk_plot_alt_share(FILE *f, double share, int net);

#endif
