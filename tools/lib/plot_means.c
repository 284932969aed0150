/* The `means` chart: a dot-and-interval chart of mean scores (rows of
 * response_kind mean): per question, a dot per group at its mean with the
 * interval as a horizontal line through it, the value beside it, and the
 * axis over the scale's range when the answers are numbered (0 to 10),
 * else over the figures drawn; see plot_internal.h. */
#include "plot_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "number.h"

/* "0 to 10", or "no numbered answers". */
static const char *scale_text(char *buf, size_t size, double lo, double hi)
{
    char a[PK_NUMBER_BUFSIZE], b[PK_NUMBER_BUFSIZE];
    if (isnan(lo))
        snprintf(buf, size, "no numbered answers");
    else
        snprintf(buf, size, "%s to %s", pk_number_format(a, lo, 6), pk_number_format(b, hi, 6));
    return buf;
}

/* Each question's mean row and the groups' cells, the range drawn and the
 * scale's (numbered answers), and the questions sorted by the groups'
 * average mean. Questions of different scales (0-10 and 1-5, or a 0-10
 * rating and a column of numbers) are refused: one axis cannot hold
 * them. */
static int means_cells(pk_plot_figure *ch, double *scale_lo, double *scale_hi)
{
    pk_plot_prop *p = ch->p;
    *scale_lo = *scale_hi = NAN;
    ch->lo = INFINITY;
    ch->hi = -INFINITY;
    ch->drawn = calloc(ch->np * ch->ng + 1, sizeof *ch->drawn);
    if (!ch->drawn)
        return pk_err_nomem(ch->c->err);
    for (size_t i = 0; i < ch->np; i++) {
        for (size_t k = 0; k < p[i].nr && p[i].drawn < 0; k++)
            if (p[i].r[k].kind == PK_SCALE_KIND_MEAN)
                p[i].drawn = (long)k;
        if (p[i].drawn < 0)
            return pk_err_set(ch->c->err, PK_ERR_USAGE, "%s: question '%s' has no mean score to draw "
                                                     "(--chart means draws the rows of response_kind mean)",
                              ch->t->name, p[i].code);
        double a = NAN, b = NAN;
        long q = pk_support_table_question(ch->t, p[i].code);
        if (q >= 0)
            pk_support_table_scale_range(ch->t, (size_t)q, &a, &b);
        if (i == 0) {
            *scale_lo = a;
            *scale_hi = b;
        } else if (!(a == *scale_lo && b == *scale_hi) && !(isnan(a) && isnan(*scale_lo))) {
            char r1[96], r2[96];
            return pk_err_set(ch->c->err, PK_ERR_USAGE, "%s: questions '%s' (%s) and '%s' (%s) have "
                              "different scales, which cannot share an axis: draw them in separate "
                              "charts (--questions)", ch->t->name, p[0].code,
                              scale_text(r1, sizeof r1, *scale_lo, *scale_hi), p[i].code,
                              scale_text(r2, sizeof r2, a, b));
        }
        pk_plot_take_prop(ch, i, 1);
    }
    if (ch->ndrawn == 0)
        return pk_err_set(ch->c->err, PK_ERR_DATA, "%s: no mean rows for the groups asked for", ch->t->name);
    if (!isfinite(ch->lo))
        ch->lo = ch->hi = 0;
    ch->r0 = &p[0].r[p[0].drawn];
    qsort(p, ch->np, sizeof *p, pk_plot_prop_cmp);
    return 0;
}

static void means_title(FILE *m, const pk_plot_figure *ch)
{
    char bybuf[256];
    const char *by = pk_plot_groups_by(ch, bybuf, sizeof bybuf);
    if (by) {
        fprintf(m, "%s by %s", ch->r0->label, by);
        return;
    }
    fprintf(m, "%s among ", ch->r0->label);
    pk_plot_groups_phrase(m, ch);
}

static void means_subtitle(FILE *m, const pk_plot_figure *ch)
{
    char a[PK_NUMBER_BUFSIZE], b[PK_NUMBER_BUFSIZE];
    fputs("Average score for each question", m);
    if (!isnan(ch->scale_lo))
        fprintf(m, ", on a scale of %s to %s", pk_number_format(a, ch->scale_lo, 6),
                pk_number_format(b, ch->scale_hi, 6));
    pk_plot_by_suffix(m, ch);
    fputs(". Sorted by the groups' average", m);
}

/* A tick step of 1, 2 or 5 times a power of ten giving 4 to 10 ticks. */
static double nice_step(double span)
{
    double raw = span / 5, mag = pow(10, floor(log10(raw)));
    double f = raw / mag;
    return (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * mag;
}

/* The x axis: the scale's range (its ends as ticks) when known, else the
 * figures' range widened to whole steps; room on the right for the
 * values. */
static void means_axis(pk_plot_figure *ch)
{
    FILE *f = ch->c->f;
    char b1[PK_NUMBER_BUFSIZE], b2[PK_NUMBER_BUFSIZE], b3[PK_NUMBER_BUFSIZE];
    double lo, hi, step;
    if (!isnan(ch->scale_lo)) {
        lo = fmin(ch->scale_lo, ch->lo);
        hi = fmax(ch->scale_hi, ch->hi);
        step = hi - lo <= 10 ? 1 : nice_step(hi - lo);
        fprintf(f, "set xtics %s,%s,%s format \"%%g\"\n", pk_plot_num(b1, ch->scale_lo), pk_plot_num(b2, step),
                pk_plot_num(b3, ch->scale_hi));
    } else {
        double span = ch->hi - ch->lo > 0 ? ch->hi - ch->lo : fmax(fabs(ch->hi), 1);
        step = nice_step(span);
        lo = floor(ch->lo / step) * step;
        hi = ceil(ch->hi / step) * step;
        if (hi <= lo)
            hi = lo + step;
        fprintf(f, "set xtics %s,%s,%s format \"%%g\"\n", pk_plot_num(b1, lo), pk_plot_num(b2, step),
                pk_plot_num(b3, hi));
    }
    /* Room for a value label right of the last interval: 12% of the axis. */
    double pad = (hi - lo) * 0.03, xmax = hi + (hi - lo) * 0.12;
    fprintf(f, "set xrange [%s:%s]\n", pk_plot_num(b1, lo - pad), pk_plot_num(b2, xmax));
    fprintf(f, "set yrange [-0.5:%s]\n", pk_plot_num(b1, (double)ch->np - 0.5));
}

/* Question labels, top to bottom, in the left margin. */
static int means_labels(pk_plot_figure *ch)
{
    pk_plot_ctx *c = ch->c;
    double row = (ch->L.plot_bottom - ch->L.plot_top) / (double)ch->np;
    pk_plot_room(c, ch->ng > 1 ? row * 0.8 / (double)ch->ng : row, 1, pk_plot_pt(c, 11));
    for (size_t i = 0; i < ch->np; i++)
        if (pk_plot_question_label(ch, i, row, 0))
            return pk_err_nomem(c->err);
    return 0;
}

/* What the datablocks hold, for the plot command. */
typedef struct means_seen {
    int values, nodata, few;
    int dot_of[PK_PLOT_MAX_GROUPS], ci_of[PK_PLOT_MAX_GROUPS];
} means_seen;

static int drawable(const pk_plot_ctx *c, const pk_support_table_row *r)
{
    return r && !isnan(r->mean) && !pk_plot_too_few(c, r);
}

/* Per group, dots (y, mean) and intervals (y, mean, lo, hi); the values
 * (x, y, mean, small base) right of each interval; the cells without data
 * and those on too few respondents. */
static void means_blocks(pk_plot_figure *ch, means_seen *seen)
{
    pk_plot_ctx *c = ch->c;
    char b1[PK_NUMBER_BUFSIZE], b2[PK_NUMBER_BUFSIZE], b3[PK_NUMBER_BUFSIZE], b4[PK_NUMBER_BUFSIZE];
    double gap = (ch->hi - ch->lo) * 0.012;
    for (size_t j = 0; j < ch->ng; j++) {
        char name[32];
        snprintf(name, sizeof name, "dots%zu", j + 1);
        pk_plot_block_begin(c, name);
        for (size_t i = 0; i < ch->np; i++) {
            const pk_support_table_row *r = ch->p[i].cells[j];
            if (drawable(c, r)) {
                fprintf(c->f, "%s %s\n", pk_plot_num(b1, pk_plot_slot_y(ch, i, j)), pk_plot_num(b2, r->mean));
                seen->dot_of[j] = 1;
            }
        }
        pk_plot_block_end(c);
        snprintf(name, sizeof name, "ci%zu", j + 1);
        pk_plot_block_begin(c, name);
        for (size_t i = 0; i < ch->np; i++) {
            const pk_support_table_row *r = ch->p[i].cells[j];
            if (!drawable(c, r) || isnan(r->ci_low) || isnan(r->ci_high))
                continue;
            fprintf(c->f, "%s %s %s %s\n", pk_plot_num(b1, pk_plot_slot_y(ch, i, j)), pk_plot_num(b2, r->mean),
                    pk_plot_num(b3, r->ci_low), pk_plot_num(b4, r->ci_high));
            seen->ci_of[j] = 1;
        }
        pk_plot_block_end(c);
    }
    pk_plot_block_begin(c, "values");
    for (size_t j = 0; j < ch->ng; j++)
        for (size_t i = 0; i < ch->np; i++) {
            const pk_support_table_row *r = ch->p[i].cells[j];
            if (!drawable(c, r))
                continue;
            double x = fmax(r->mean, isnan(r->ci_high) ? r->mean : r->ci_high) + gap;
            fprintf(c->f, "%s %s %s %d\n", pk_plot_num(b1, x), pk_plot_num(b2, pk_plot_slot_y(ch, i, j)),
                    pk_plot_num(b3, r->mean), r->low_base);
            seen->values = 1;
        }
    pk_plot_block_end(c);
    pk_plot_gap_blocks(ch, 1, &seen->nodata, &seen->few);
}

/* Intervals first (a line in the group's colour), dots over them (a white
 * ring keeps a dot apart from its line), then the texts. */
static void means_plot(pk_plot_figure *ch, const means_seen *seen, double x_text)
{
    pk_plot_ctx *c = ch->c;
    const char *sep = "set bars small\nplot \\\n  ";
    for (size_t j = 0; j < ch->ng; j++)
        if (seen->ci_of[j]) {
            fprintf(c->f, "%s$ci%zu using 2:1:3:4 with xerrorbars pt -1 lw 3 lc rgb ", sep, j + 1);
            pk_plot_string(c, ch->g[j].colour);
            fputs(" notitle", c->f);
            sep = ", \\\n  ";
        }
    for (size_t j = 0; j < ch->ng; j++)
        if (seen->dot_of[j]) {
            fprintf(c->f, "%s$dots%zu using 2:1 with points pt 7 ps 2.1 lc rgb \"#FFFFFF\" notitle, \\\n  "
                          "$dots%zu using 2:1 with points pt 7 ps 1.6 lc rgb ", sep, j + 1, j + 1);
            pk_plot_string(c, ch->g[j].colour);
            fputs(" notitle", c->f);
            sep = ", \\\n  ";
        }
    if (seen->values) {
        fprintf(c->f, "%s$values using 1:2:(sprintf(\"%%.1f\", $3) . ($4 > 0 ? \"*\" : \"\")) with labels left",
                sep);
        pk_plot_font(c, 11, 0);
        fputs(" tc rgb \"#1A1A1A\" notitle", c->f);
        sep = ", \\\n  ";
    }
    pk_plot_gap_plot(c, sep, x_text, seen->nodata, seen->few);
    fputs("\nunset output\n", c->f);
}

/* `means`: a dot and interval per question and group at the mean score. */
int pk_plot_means(pk_plot_ctx *c, const pk_support_table *t, pk_plot_group *g, size_t ng, pk_plot_prop *p,
                  size_t np)
{
    pk_plot_figure ch = {.c = c, .t = t, .g = g, .ng = ng, .p = p, .np = np};
    means_seen seen;
    memset(&seen, 0, sizeof seen);
    int st = means_cells(&ch, &ch.scale_lo, &ch.scale_hi);
    if (!st)
        st = pk_plot_figure_texts(&ch, means_title, means_subtitle);
    if (!st)
        st = pk_plot_legend(&ch);
    if (!st)
        st = pk_plot_figure_frame(&ch, 0);
    if (!st) {
        means_axis(&ch);
        st = means_labels(&ch);
    }
    if (!st) {
        means_blocks(&ch, &seen);
        means_plot(&ch, &seen, isnan(ch.scale_lo) ? ch.lo : ch.scale_lo);
        pk_plot_alt_cells(&ch, "Dot chart of mean scores", 1);
    }
    pk_plot_figure_free(&ch);
    if (st)
        return st;
    return c->failed ? c->err->status : 0;
}
