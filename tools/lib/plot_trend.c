/* The `trend` chart: one response (or net) of one question across the
 * table's waves, a line per group with each wave's interval as an error
 * bar, the waves' labels under the axis (spaced by their dates when every
 * wave's code is an ISO date, else evenly), and a footnote line naming
 * each wave with its fieldwork and base. See plot_internal.h. */
#include "plot_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "number.h"

/* Days since 1970-01-01 of an ISO date "YYYY-MM" (the 15th) or
 * "YYYY-MM-DD"; -1 when s is neither. */
static int iso_days(const char *s, double *out)
{
    int y, m, d = 15, n = 0;
    size_t len = strlen(s);
    if (len == 7 && sscanf(s, "%4d-%2d%n", &y, &m, &n) == 2 && n == 7) {
        /* YYYY-MM */
    } else if (len == 10 && sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) == 3 && n == 10) {
        /* YYYY-MM-DD */
    } else {
        return -1;
    }
    if (m < 1 || m > 12 || d < 1 || d > 31)
        return -1;
    /* Howard Hinnant's days_from_civil. */
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    *out = (double)(era * 146097 + doe - 719468);
    return 0;
}

typedef struct trend {
    pk_plot_figure ch;
    size_t nw;
    double *x;                          /* [w]: the wave's position */
    int dated;
    const pk_support_table_row **cell;  /* [j * nw + w] */
} trend;

static int trend_pick(trend *tr)
{
    pk_plot_figure *ch = &tr->ch;
    const pk_plot_opts *o = ch->c->o;
    const pk_support_table *t = ch->t;
    if (t->nwaves < 2)
        return pk_err_set(ch->c->err, PK_ERR_USAGE, "%s: --chart trend needs the tables of several "
                          "waves (%s): pollsupport --waves, or polltable --wave for each published "
                          "table, given together", t->name, t->nwaves ? "it has one" : "it has none");
    if (ch->np != 1) {
        pk_err_list l = {0};
        for (size_t i = 0; i < ch->np; i++)
            pk_err_list_add(&l, ", ", "%s", ch->p[i].code);
        return pk_err_set(ch->c->err, PK_ERR_USAGE, "--chart trend draws one question: choose it "
                          "with --questions (here: %s)", pk_err_list_text(&l));
    }
    pk_plot_prop *p = &ch->p[0];
    p->drawn = o->response ? pk_plot_find_resp(p, o->response) : pk_plot_positive_net(p);
    if (p->drawn < 0 && o->response)
        return pk_plot_no_response(ch->c->err, t, p, o->response);
    if (p->drawn < 0)
        return pk_err_set(ch->c->err, PK_ERR_USAGE, "%s: question '%s' has no positive net to draw "
                          "(choose one of its responses with --response)", t->name, p->code);
    ch->r0 = &p->r[p->drawn];
    ch->net = ch->r0->kind == PK_SCALE_KIND_NET_SCORE;
    tr->nw = t->nwaves;
    tr->x = calloc(tr->nw, sizeof *tr->x);
    tr->cell = calloc(tr->nw * ch->ng + 1, sizeof *tr->cell);
    ch->drawn = calloc(tr->nw * ch->ng + 1, sizeof *ch->drawn);
    if (!tr->x || !tr->cell || !ch->drawn)
        return pk_err_nomem(ch->c->err);
    tr->dated = 1;
    for (size_t w = 0; w < tr->nw && tr->dated; w++)
        tr->dated = iso_days(t->waves[w].code, &tr->x[w]) == 0;
    for (size_t w = 0; w < tr->nw; w++) {
        if (!tr->dated)
            tr->x[w] = (double)w;
        if (w > 0 && tr->x[w] <= tr->x[w - 1])
            return pk_err_set(ch->c->err, PK_ERR_DATA, "%s: wave %s (%s) comes after %s (%s) in the "
                              "table but is not later: give the tables in the waves' order",
                              t->name, t->waves[w].code, t->waves[w].label, t->waves[w - 1].code,
                              t->waves[w - 1].label);
    }
    ch->lo = INFINITY;
    ch->hi = -INFINITY;
    double sum = 0;   /* pk_plot_take's average, not used here */
    int cnt = 0;
    for (size_t j = 0; j < ch->ng; j++)
        for (size_t w = 0; w < tr->nw; w++) {
            const pk_support_table_row *r = pk_support_table_find_wave(
                t, p->code, ch->g[j].by, ch->g[j].code, ch->r0->code, t->waves[w].code, NULL);
            tr->cell[j * tr->nw + w] = r;
            if (r)
                pk_plot_take(ch, j, r, r->share, &sum, &cnt);
        }
    if (!isfinite(ch->lo))
        return pk_err_set(ch->c->err, PK_ERR_DATA, "%s: no wave has a share of %s for the groups "
                          "asked for", t->name, ch->r0->code);
    return 0;
}

static void trend_title(FILE *m, const pk_plot_figure *ch)
{
    const pk_support_table *t = ch->t;
    char l1[256];
    fprintf(m, "%s from %s to %s: %s", ch->r0->label, t->waves[0].label,
            t->waves[t->nwaves - 1].label, pk_plot_lowered(l1, sizeof l1, ch->p[0].label));
}

static void trend_subtitle(FILE *m, const pk_plot_figure *ch)
{
    char l1[256];
    if (ch->net)
        fprintf(m, "%s at each wave, from -100 to +100", ch->r0->label);
    else if (pk_scale_kind_is_net(ch->r0->kind))
        fprintf(m, "%% %s at each wave", pk_plot_lowered(l1, sizeof l1, ch->r0->label));
    else
        fprintf(m, "%% answering \u201C%s\u201D at each wave", ch->r0->label);
    pk_plot_by_suffix(m, ch);
}

/* The footnote's first line: each wave, its fieldwork when the table
 * gives one apart from the label, and its base (the largest n drawn). */
static int trend_waves_foot(trend *tr)
{
    pk_plot_figure *ch = &tr->ch;
    const pk_support_table *t = ch->t;
    char *buf = NULL;
    size_t sz = 0;
    FILE *m = open_memstream(&buf, &sz);
    if (!m)
        return pk_err_nomem(ch->c->err);
    fputs("Waves: ", m);
    for (size_t w = 0; w < tr->nw; w++) {
        /* The wave's base: its All row's n, when the table has one. */
        const pk_support_table_row *all = pk_support_table_find_wave(
            t, ch->p[0].code, "", "All", ch->r0->code, t->waves[w].code, NULL);
        long n = all ? all->n : -1;
        fprintf(m, "%s%s", w ? "; " : "", t->waves[w].label);
        if (*t->waves[w].fieldwork && strcmp(t->waves[w].fieldwork, t->waves[w].label) != 0)
            fprintf(m, ", fieldwork %s", t->waves[w].fieldwork);
        if (n >= 0)
            fprintf(m, " (n\u00A0=\u00A0%ld)", n);
    }
    if (fclose(m))
        return pk_err_nomem(ch->c->err);
    char **foot = realloc(ch->foot, (ch->nfoot + 1) * sizeof *foot);
    if (!foot) {
        free(buf);
        return pk_err_nomem(ch->c->err);
    }
    memmove(foot + 1, foot, ch->nfoot * sizeof *foot);
    foot[0] = buf;
    ch->foot = foot;
    ch->nfoot++;
    return 0;
}

/* A group's points are moved sideways a little so that the groups'
 * error bars at one wave do not hide each other. */
static double dodge(const trend *tr, size_t j)
{
    double span = tr->x[tr->nw - 1] - tr->x[0];
    double step = span * 0.012;
    return ((double)j - (double)(tr->ch.ng - 1) / 2) * step;
}

/* The axes: the waves along x (their labels set under the plot), the
 * share (or net score) up y with a grid. */
static void trend_axes(trend *tr)
{
    pk_plot_figure *ch = &tr->ch;
    pk_plot_ctx *c = ch->c;
    FILE *f = c->f;
    char b1[PK_NUMBER_BUFSIZE], b2[PK_NUMBER_BUFSIZE];
    double span = tr->x[tr->nw - 1] - tr->x[0];
    /* Room at the right for the last wave's values. */
    fprintf(f, "set xrange [%s:%s]\n", pk_plot_num(b1, tr->x[0] - span * 0.08),
            pk_plot_num(b2, tr->x[tr->nw - 1] + span * 0.14));
    double lo, hi;
    if (ch->net) {
        lo = fmax(-100, floor(ch->lo * 10) * 10 - 5);
        hi = fmin(100, ceil(ch->hi * 10) * 10 + 5);
        fputs("set ytics format \"%+g\"", f);
    } else {
        lo = fmax(0, floor(ch->lo * 10) * 10);
        hi = fmin(100, ceil(ch->hi * 10) * 10);
        if (hi - lo < 20)
            hi = fmin(100, lo + 20);
        fputs("set ytics format \"%g%%\"", f);
    }
    fprintf(f, " nomirror scale 0");
    pk_plot_font(c, 11, 0);
    fputs(" textcolor rgb \"#555555\"\nunset xtics\nset grid ytics lt 1 lw 1 lc rgb \"#E3E3E3\"\n", f);
    fprintf(f, "set yrange [%s:%s]\n", pk_plot_num(b1, lo), pk_plot_num(b2, hi));
    fprintf(f, "set lmargin at screen %s\n", pk_plot_num(b1, pk_plot_sx(c, PK_PLOT_MARGIN + 56)));
    ch->L.plot_left = PK_PLOT_MARGIN + 56;
    /* The waves' labels under the axis, each wrapped to its share of
     * the width. */
    double wpx = (ch->L.plot_right - ch->L.plot_left) / (span * 1.22);
    double room = 1e9;
    for (size_t w = 1; w < tr->nw; w++)
        room = fmin(room, (tr->x[w] - tr->x[w - 1]) * wpx);
    if (tr->nw < 2 || room > 200)
        room = 200;
    /* Labels of several lines push the plot's bottom up. */
    int most = 1;
    for (size_t w = 0; w < tr->nw; w++) {
        int lines;
        double longest;
        char *lab = pk_plot_wrap_px(ch->t->waves[w].label, room * 0.95, pk_plot_pt(c, 11), &lines, &longest);
        free(lab);
        if (lines > most)
            most = lines;
    }
    if (most > 1) {
        ch->L.plot_bottom -= (most - 1) * pk_plot_line_px(pk_plot_pt(c, 11));
        fprintf(f, "set bmargin at screen %s\n",
                pk_plot_num(b1, 1.0 - ch->L.plot_bottom / pk_plot_canvas_h(c->o)));
    }
    for (size_t w = 0; w < tr->nw; w++) {
        int lines;
        double longest;
        char *lab = pk_plot_wrap_px(ch->t->waves[w].label, room * 0.95, pk_plot_pt(c, 11), &lines, &longest);
        if (!lab) {
            c->failed = 1;
            pk_err_nomem(c->err);
            return;
        }
        fputs("set label ", f);
        pk_plot_string(c, lab);
        fprintf(f, " at first %s, graph 0 center offset 0,-1.1", pk_plot_num(b1, tr->x[w]));
        pk_plot_font(c, 11, 0);
        fputs(" tc rgb \"#333333\" noenhanced front\n", f);
        free(lab);
    }
}

/* Per group: points (x, share%, lo%, hi%) and the last point's value. */
static void trend_blocks(trend *tr, int *has)
{
    pk_plot_figure *ch = &tr->ch;
    pk_plot_ctx *c = ch->c;
    char b1[PK_NUMBER_BUFSIZE], b2[PK_NUMBER_BUFSIZE], b3[PK_NUMBER_BUFSIZE], b4[PK_NUMBER_BUFSIZE];
    double plot_h = ch->L.plot_bottom - ch->L.plot_top;
    double ylo = INFINITY, yhi = -INFINITY;
    double *last = calloc(ch->ng + 1, sizeof *last);
    size_t nlast = 0;
    for (size_t j = 0; j < ch->ng; j++) {
        char name[32];
        snprintf(name, sizeof name, "t%zu", j + 1);
        pk_plot_block_begin(c, name);
        const pk_support_table_row *lr = NULL;
        size_t lw = 0;
        for (size_t w = 0; w < tr->nw; w++) {
            const pk_support_table_row *r = tr->cell[j * tr->nw + w];
            if (!r || isnan(r->share) || pk_plot_too_few(c, r))
                continue;
            double lo = isnan(r->ci_low) ? r->share : r->ci_low, hi = isnan(r->ci_high) ? r->share : r->ci_high;
            fprintf(c->f, "%s %s %s %s\n", pk_plot_num(b1, tr->x[w] + dodge(tr, j)),
                    pk_plot_num(b2, r->share * 100), pk_plot_num(b3, lo * 100), pk_plot_num(b4, hi * 100));
            has[j] = 1;
            lr = r;
            lw = w;
            ylo = fmin(ylo, r->share);
            yhi = fmax(yhi, r->share);
        }
        pk_plot_block_end(c);
        snprintf(name, sizeof name, "v%zu", j + 1);
        pk_plot_block_begin(c, name);
        if (lr) {
            /* Beside the last wave's rightmost error bar, so that no value
             * sits on another group's bar. */
            double xl = tr->x[lw] + dodge(tr, ch->ng - 1);
            fprintf(c->f, "%s %s %s %d\n", pk_plot_num(b1, xl), pk_plot_num(b2, lr->share * 100),
                    pk_plot_num(b3, lr->share * 100), lr->low_base);
            if (last)
                last[nlast++] = lr->share;
        }
        pk_plot_block_end(c);
    }
    /* Room: the last values stand one above another at the right. */
    if (last && nlast > 1 && yhi > ylo) {
        for (size_t i = 1; i < nlast; i++)
            for (size_t k = i; k > 0 && last[k - 1] > last[k]; k--) {
                double x = last[k];
                last[k] = last[k - 1];
                last[k - 1] = x;
            }
        /* px per share unit, from the y range drawn. */
        double lo = ch->net ? fmax(-100, floor(ch->lo * 10) * 10 - 5) : fmax(0, floor(ch->lo * 10) * 10);
        double hi = ch->net ? fmin(100, ceil(ch->hi * 10) * 10 + 5) : fmin(100, ceil(ch->hi * 10) * 10);
        if (!ch->net && hi - lo < 20)
            hi = fmin(100, lo + 20);
        double px = plot_h / ((hi - lo) / 100);
        double gap = INFINITY;
        for (size_t i = 1; i < nlast; i++)
            gap = fmin(gap, (last[i] - last[i - 1]) * px);
        pk_plot_room(c, gap, 1, pk_plot_pt(c, 11));
    }
    free(last);
}

static void trend_plot(trend *tr, const int *has)
{
    pk_plot_figure *ch = &tr->ch;
    pk_plot_ctx *c = ch->c;
    const char *vfmt = ch->net ? "%+.0f" : "%.0f%%";
    const char *sep = "plot \\\n  ";
    for (size_t j = 0; j < ch->ng; j++) {
        if (!has[j])
            continue;
        fprintf(c->f, "%s$t%zu using 1:2 with lines lw 2.6 lc rgb ", sep, j + 1);
        pk_plot_string(c, ch->g[j].colour);
        fputs(" notitle", c->f);
        sep = ", \\\n  ";
        if (ch->intervals) {
            fprintf(c->f, "%s$t%zu using 1:2:3:4 with yerrorbars pt 7 ps 1.1 lw 1.3 lc rgb ", sep, j + 1);
            pk_plot_string(c, ch->g[j].colour);
            fputs(" notitle", c->f);
        } else {
            fprintf(c->f, "%s$t%zu using 1:2 with points pt 7 ps 1.1 lc rgb ", sep, j + 1);
            pk_plot_string(c, ch->g[j].colour);
            fputs(" notitle", c->f);
        }
        fprintf(c->f, "%s$v%zu using 1:2:(sprintf(\"%s\", $3) . ($4 > 0 ? \"*\" : \"\")) with labels "
                      "left offset 1.2,0", sep, j + 1, vfmt);
        pk_plot_font(c, 11, 1);
        fputs(" tc rgb ", c->f);
        pk_plot_string(c, ch->g[j].colour);
        fputs(" notitle", c->f);
    }
    fputs("\nunset output\n", c->f);
}

static void trend_alt(trend *tr)
{
    pk_plot_figure *ch = &tr->ch;
    FILE *f = ch->c->alt;
    if (!f)
        return;
    pk_plot_alt_head(ch, "Line chart of a change over time");
    for (size_t j = 0; j < ch->ng; j++) {
        for (const char *s = ch->g[j].label; *s; s++)
            fputc(*s == '\n' ? ' ' : *s, f);
        fputs(": ", f);
        for (size_t w = 0; w < tr->nw; w++) {
            const pk_support_table_row *r = tr->cell[j * tr->nw + w];
            fprintf(f, "%s%s ", w ? "; " : "", ch->t->waves[w].label);
            if (!r || isnan(r->share)) {
                fputs("no data", f);
            } else if (pk_plot_too_few(ch->c, r)) {
                fprintf(f, "too few to show (%ld answered)", r->n);
            } else {
                pk_plot_alt_share(f, r->share, ch->net);
                if (!isnan(r->ci_low) && !isnan(r->ci_high)) {
                    fputs(" (margin of error ", f);
                    pk_plot_alt_share(f, r->ci_low, ch->net);
                    fputs(" to ", f);
                    pk_plot_alt_share(f, r->ci_high, ch->net);
                    fputc(')', f);
                }
            }
        }
        fputs(".\n", f);
    }
    pk_plot_alt_foot(ch);
}

int pk_plot_trend(pk_plot_ctx *c, const pk_support_table *t, pk_plot_group *g, size_t ng, pk_plot_prop *p,
                  size_t np)
{
    trend tr = {.ch = {.c = c, .t = t, .g = g, .ng = ng, .p = p, .np = np}};
    pk_plot_figure *ch = &tr.ch;
    int *has = calloc(ng + 1, sizeof *has);
    int st = has ? trend_pick(&tr) : pk_err_nomem(c->err);
    if (!st)
        st = pk_plot_figure_texts(ch, trend_title, trend_subtitle);
    if (!st)
        st = trend_waves_foot(&tr);
    if (!st)
        st = pk_plot_legend(ch);
    if (!st) {
        /* No question labels at the left: the frame lays out no props. */
        ch->np = 0;
        st = pk_plot_figure_frame(ch, 0);
        ch->np = np;
    }
    if (!st) {
        trend_axes(&tr);
        trend_blocks(&tr, has);
        trend_plot(&tr, has);
        trend_alt(&tr);
    }
    free(has);
    free(tr.x);
    free(tr.cell);
    pk_plot_figure_free(ch);
    if (st)
        return st;
    return c->failed ? c->err->status : 0;
}
