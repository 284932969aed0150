/* The `bars` chart: one response (or net) per question and group, a bar
 * with its interval and value label for each; see plot_internal.h. */
#include "plot_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "number.h"
#include "textnorm.h"

/* The response each question draws: --response (a code or label), else
 * its positive net. Questions whose drawn responses have different labels
 * show the label after the question's. */
static int bars_pick(pk_plot_figure *ch)
{
    const pk_plot_opts *o = ch->c->o;
    pk_plot_prop *p = ch->p;
    size_t np = ch->np;
    int nets = 0;
    for (size_t i = 0; i < np; i++) {
        p[i].drawn = o->response ? pk_plot_find_resp(&p[i], o->response) : pk_plot_positive_net(&p[i]);
        if (p[i].drawn < 0 && o->response)
            return pk_plot_no_response(ch->c->err, ch->t, &p[i], o->response);
        if (p[i].drawn < 0)
            return pk_err_set(ch->c->err, PK_ERR_USAGE, "%s: question '%s' has no positive net to draw "
                                                     "(choose one of its responses with --response, "
                                                     "or --chart stacked)", ch->t->name, p[i].code);
        const pk_plot_resp *r = &p[i].r[p[i].drawn];
        nets += r->kind == PK_SCALE_KIND_NET_SCORE;
        if (strcmp(r->label, p[0].r[p[0].drawn].label) != 0)
            ch->mixed = 1;
    }
    if (nets > 0 && (size_t)nets < np)
        return pk_err_set(ch->c->err, PK_ERR_USAGE, "%s: net scores (-100 to +100) and shares cannot "
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
static int bars_cells(pk_plot_figure *ch)
{
    ch->drawn = calloc(ch->np * ch->ng + 1, sizeof *ch->drawn);
    if (!ch->drawn)
        return pk_err_nomem(ch->c->err);
    for (size_t i = 0; i < ch->np; i++)
        pk_plot_take_prop(ch, i, 0);
    if (ch->ndrawn == 0)
        return pk_err_set(ch->c->err, PK_ERR_DATA, "%s: no rows for the groups and response asked for",
                          ch->t->name);
    qsort(ch->p, ch->np, sizeof *ch->p, pk_plot_prop_cmp);
    return 0;
}

/* A net reads as a noun ("Support", "Total agree"); a single code is
 * quoted ("\u201CYes\u201D"). */
static void bars_title(FILE *m, const pk_plot_figure *ch)
{
    char bybuf[256];
    const char *by = pk_plot_groups_by(ch, bybuf, sizeof bybuf);
    if (by && ch->mixed)
        fprintf(m, "The answer shown for each question, by %s", by);
    else if (by)
        fprintf(m, pk_scale_kind_is_net(ch->r0->kind) ? "%s by %s" : "\u201C%s\u201D by %s", ch->r0->label, by);
    if (by)
        return;
    if (ch->mixed)
        fputs("The answer shown for each question among ", m);
    else if (pk_scale_kind_is_net(ch->r0->kind))
        fprintf(m, "%s among ", ch->r0->label);
    else
        fprintf(m, "\u201C%s\u201D among ", ch->r0->label);
    pk_plot_groups_phrase(m, ch);
}

static void bars_subtitle(FILE *m, const pk_plot_figure *ch)
{
    const pk_plot_resp *r0 = ch->r0;
    long pn = pk_plot_positive_net(&ch->p[0]), nn = pk_plot_negative_net(&ch->p[0]);
    char l1[256], l2[256];
    if (ch->net && pn >= 0 && nn >= 0)
        fprintf(m, "%% %s minus %% %s for each question",
                pk_plot_lowered(l1, sizeof l1, ch->p[0].r[pn].label),
                pk_plot_lowered(l2, sizeof l2, ch->p[0].r[nn].label));
    else if (ch->net)
        fprintf(m, "%s for each question, from -100 to +100", r0->label);
    else if (ch->mixed)
        fputs("% giving the answer named after each question", m);
    else if (pk_scale_kind_is_net(r0->kind))
        fprintf(m, "%% %s for each question", pk_plot_lowered(l1, sizeof l1, r0->label));
    else
        fprintf(m, "%% answering \u201C%s\u201D to each question", r0->label);
    pk_plot_by_suffix(m, ch);
    fputs(". Sorted by the groups' average", m);
}

/* The x axis in percent: shares from 0 with the 50% line, net scores
 * both ways from 0; one row of bars per question. */
static void bars_axis(pk_plot_figure *ch)
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
        fputs("set label \"50%\" at 50, graph 1 offset 0,0.7 center", f);
        pk_plot_font(ch->c, 10, 0);
        fputs(" tc rgb \"#222222\" noenhanced front\n", f);
    }
    fprintf(f, "set xrange [%s:%s]\n", pk_plot_num(b1, xmin), pk_plot_num(b2, xmax));
    fprintf(f, "set yrange [-0.5:%s]\n", pk_plot_num(b1, (double)ch->np - 0.5));
}

/* Whether each bar carries its group's name: when more groups take the
 * neutral palette than a reader with red-green colour blindness tells
 * apart by colour (docs/methods.md, "Colours"), and the bars are tall
 * enough for a name beside each (about 10 px: at most 40 bars). */
static int bars_named(const pk_plot_figure *ch)
{
    size_t palette = 0;
    for (size_t j = 0; j < ch->ng; j++)
        palette += ch->g[j].from_palette;
    return palette > PK_PLOT_DISTINCT_DEUTAN && ch->np * ch->ng <= 40;
}

static double bar_y(const pk_plot_figure *ch, size_t i, size_t j);

/* Proposal labels, top to bottom, in the left margin: beside the plot, or
 * at the canvas's left edge when the group names stand beside the bars. */
static int bars_labels(pk_plot_figure *ch)
{
    pk_plot_ctx *c = ch->c;
    int named = bars_named(ch);
    /* Room: a question's labels in its row; each bar's value label (and
     * "n=2, too few to show") between its neighbours' bars. */
    double row = (ch->L.plot_bottom - ch->L.plot_top) / (double)ch->np;
    pk_plot_room(c, ch->ng > 1 ? row * 0.8 / (double)ch->ng : row, 1, pk_plot_pt(c, 11));
    for (size_t i = 0; i < ch->np; i++) {
        if (pk_plot_question_label(ch, i, row, named))
            return pk_err_nomem(c->err);
        for (size_t j = 0; j < ch->ng && named; j++)
            pk_plot_group_label(ch, j, bar_y(ch, i, j), 9);
    }
    return 0;
}

/* The centre line of group j's bar for proposal i. */
static double bar_y(const pk_plot_figure *ch, size_t i, size_t j)
{
    return pk_plot_slot_y(ch, i, j);
}

/* What the bars' datablocks hold, for the plot command. */
typedef struct bars_seen {
    int ci, left, right, nodata, few;
    int bar_of[PK_PLOT_MAX_GROUPS], ci_of[PK_PLOT_MAX_GROUPS];  /* a group's datablocks are not empty */
} bars_seen;

/* Per group, bars (y, share%) and intervals (y, share%, lo%, hi%). */
static void bars_blocks(pk_plot_figure *ch, bars_seen *seen)
{
    pk_plot_ctx *c = ch->c;
    char b1[PK_NUMBER_BUFSIZE], b2[PK_NUMBER_BUFSIZE], b3[PK_NUMBER_BUFSIZE], b4[PK_NUMBER_BUFSIZE];
    for (size_t j = 0; j < ch->ng; j++) {
        char name[32];
        snprintf(name, sizeof name, "bars%zu", j + 1);
        pk_plot_block_begin(c, name);
        for (size_t i = 0; i < ch->np; i++) {
            const pk_support_table_row *r = ch->p[i].cells[j];
            if (r && !isnan(r->share) && !pk_plot_too_few(c, r)) {
                fprintf(c->f, "%s %s\n", pk_plot_num(b1, bar_y(ch, i, j)), pk_plot_num(b2, r->share * 100));
                seen->bar_of[j] = 1;
            }
        }
        pk_plot_block_end(c);
        snprintf(name, sizeof name, "ci%zu", j + 1);
        pk_plot_block_begin(c, name);
        for (size_t i = 0; i < ch->np; i++) {
            const pk_support_table_row *r = ch->p[i].cells[j];
            if (!r || isnan(r->share) || isnan(r->ci_low) || isnan(r->ci_high) || pk_plot_too_few(c, r))
                continue;
            fprintf(c->f, "%s %s %s %s\n", pk_plot_num(b1, bar_y(ch, i, j)), pk_plot_num(b2, r->share * 100),
                    pk_plot_num(b3, r->ci_low * 100), pk_plot_num(b4, r->ci_high * 100));
            seen->ci = seen->ci_of[j] = 1;
        }
        pk_plot_block_end(c);
    }
}

/* Value labels (x, y, value%, small base) beside the bars: right of the
 * bar and its interval, or left of it for a negative net score; and the
 * bars without data. */
static void bars_values(pk_plot_figure *ch, bars_seen *seen)
{
    pk_plot_ctx *c = ch->c;
    char b1[PK_NUMBER_BUFSIZE], b2[PK_NUMBER_BUFSIZE], b3[PK_NUMBER_BUFSIZE];
    for (int side = 0; side < 2; side++) {
        pk_plot_block_begin(c, side ? "vright" : "vleft");
        for (size_t j = 0; j < ch->ng; j++)
            for (size_t i = 0; i < ch->np; i++) {
                const pk_support_table_row *r = ch->p[i].cells[j];
                if (!r || isnan(r->share) || pk_plot_too_few(c, r))
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
                fprintf(c->f, "%s %s %s %d\n", pk_plot_num(b1, x), pk_plot_num(b2, bar_y(ch, i, j)),
                        pk_plot_num(b3, r->share * 100), r->low_base);
                if (right)
                    seen->right = 1;
                else
                    seen->left = 1;
            }
        pk_plot_block_end(c);
    }
    pk_plot_gap_blocks(ch, 0, &seen->nodata, &seen->few);
}

static void bars_plot(pk_plot_figure *ch, const bars_seen *seen)
{
    pk_plot_ctx *c = ch->c;
    char b1[PK_NUMBER_BUFSIZE], b2[PK_NUMBER_BUFSIZE];
    double half = 0.8 / (double)ch->ng * 0.40;
    const char *vfmt = ch->net ? "%+.0f" : "%.0f%%";
    /* Every element draws points (an empty datablock would make gnuplot
     * warn); they are joined by ", \". */
    const char *sep = "plot \\\n  ";
    for (size_t j = 0; j < ch->ng; j++) {
        if (!seen->bar_of[j])
            continue;
        fprintf(c->f, "%s$bars%zu using (0):1:(0):2:($1-%s):($1+%s) with boxxyerror fc rgb ", sep, j + 1,
                pk_plot_num(b1, half), pk_plot_num(b2, half));
        pk_plot_string(c, ch->g[j].colour);
        fputs(" notitle", c->f);
        sep = ", \\\n  ";
    }
    for (size_t j = 0; j < ch->ng; j++)
        if (seen->ci_of[j]) {
            fprintf(c->f, "%s$ci%zu using 2:1:3:4 with xerrorbars pt -1 lw 1.3 lc rgb \"#1A1A1A\" notitle", sep,
                    j + 1);
            sep = ", \\\n  ";
        }
    for (int right = 0; right < 2; right++)
        if (right ? seen->right : seen->left) {
            fprintf(c->f, "%s$%s using 1:2:(sprintf(\"%s\", $3) . ($4 > 0 ? \"*\" : \"\")) with labels boxed %s",
                    sep, right ? "vright" : "vleft", vfmt, right ? "right" : "left");
            pk_plot_font(c, 11, 0);
            fputs(" tc rgb \"#1A1A1A\" notitle", c->f);
            sep = ", \\\n  ";
        }
    pk_plot_gap_plot(c, sep, 1.0, seen->nodata, seen->few);
    fputs("\nunset output\n", c->f);
}

/* The alt text's figures: per question, each group's share and its
 * margin of error, in the order drawn. */
static void bars_alt(pk_plot_figure *ch)
{
    pk_plot_alt_cells(ch, ch->net ? "Bar chart of net scores" : "Bar chart", 0);
}

/* `bars`: one response (or net) per question and group (bars_pick), a
 * bar with its interval and value for each. */
int pk_plot_bars(pk_plot_ctx *c, const pk_support_table *t, pk_plot_group *g, size_t ng, pk_plot_prop *p,
                 size_t np)
{
    pk_plot_figure ch = {.c = c, .t = t, .g = g, .ng = ng, .p = p, .np = np};
    bars_seen seen;
    memset(&seen, 0, sizeof seen);
    int st = bars_pick(&ch);
    if (!st)
        st = bars_cells(&ch);
    if (!st)
        st = pk_plot_figure_texts(&ch, bars_title, bars_subtitle);
    if (!st)
        st = pk_plot_legend(&ch);
    if (!st)
        st = pk_plot_figure_frame(&ch, bars_named(&ch) ? pk_plot_group_label_px(&ch) : 0);
    if (!st) {
        bars_axis(&ch);
        st = bars_labels(&ch);
    }
    if (!st) {
        bars_blocks(&ch, &seen);
        bars_values(&ch, &seen);
        bars_plot(&ch, &seen);
        bars_alt(&ch);
    }
    pk_plot_figure_free(&ch);
    if (st)
        return st;
    return c->failed ? c->err->status : 0;
}
