/* The `diverging` and `stacked` charts: every answer of each question as
 * segments of one bar per group, coloured by the scale's sides; see
 * plot_internal.h. */
#include "plot_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "number.h"
#include "textnorm.h"

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

/* Whether two questions share an answer scale: the same answers (labels
 * and sides) in the same order, nets aside. */
static int same_scale(const pk_plot_prop *a, const pk_plot_prop *b)
{
    size_t i = 0, j = 0;
    for (;;) {
        while (i < a->nr && !pk_plot_is_code(a->r[i].kind))
            i++;
        while (j < b->nr && !pk_plot_is_code(b->r[j].kind))
            j++;
        if (i == a->nr || j == b->nr)
            return i == a->nr && j == b->nr;
        if (a->r[i].kind != b->r[j].kind || strcmp(a->r[i].label, b->r[j].label) != 0)
            return 0;
        i++;
        j++;
    }
}

/* One chart draws one answer scale: its legend and side headers name that
 * scale's answers. Questions of several scales are refused, naming the
 * questions of each scale. */
static int seg_one_scale(pk_plot_figure *ch)
{
    size_t other = 0;
    for (size_t i = 1; i < ch->np && !other; i++)
        if (!same_scale(&ch->p[0], &ch->p[i]))
            other = i;
    if (!other)
        return 0;
    pk_err_list l = {0};
    char *done = calloc(ch->np, 1);
    if (!done)
        return pk_err_nomem(ch->c->err);
    for (size_t i = 0; i < ch->np; i++) {
        if (done[i])
            continue;
        for (size_t j = i; j < ch->np; j++)
            if (!done[j] && same_scale(&ch->p[i], &ch->p[j])) {
                pk_err_list_add(&l, j == i ? (i ? "; " : "") : ",", "%s", ch->p[j].code);
                done[j] = 1;
            }
    }
    free(done);
    return pk_err_set(ch->c->err, PK_ERR_USAGE,
                      "%s: questions '%s' and '%s' have different answer scales, which one chart "
                      "cannot show with one legend: draw each scale in its own chart with "
                      "--questions (the table's scales: %s)",
                      ch->t->name, ch->p[0].code, ch->p[other].code, pk_err_list_text(&l));
}

/* Colour each question's answers; a diverging chart needs both sides.
 * Sets *maxr, the most responses of a question. */
static int seg_check(pk_plot_figure *ch, size_t *maxr)
{
    *maxr = 0;
    for (size_t i = 0; i < ch->np; i++) {
        pk_plot_prop *p = &ch->p[i];
        pk_plot_colour_codes(p);
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
            return pk_err_set(ch->c->err, PK_ERR_USAGE, "%s: question '%s' has no positive and "
                                                     "negative answers (response_kind): a diverging "
                                                     "chart needs a scale with sides (try --chart "
                                                     "stacked)", ch->t->name, p->code);
    }
    return 0;
}

/* A side's total for the bar of proposal i, group j, in percent: the
 * table's net row of that side (net_positive, net_negative) when it has
 * one, which a published table rounds on its own (the sum of rounded
 * rows can differ from it by a point or two); else sum, the codes added. */
static double side_net(const pk_plot_figure *ch, size_t i, size_t j, int positive, double sum)
{
    const pk_plot_prop *p = &ch->p[i];
    enum pk_scale_kind want = positive ? PK_SCALE_KIND_NET_POSITIVE : PK_SCALE_KIND_NET_NEGATIVE;
    for (size_t k = 0; k < p->nr; k++) {
        if (p->r[k].kind != want)
            continue;
        const pk_support_table_row *r =
            pk_support_table_find(ch->t, p->code, ch->g[j].by, ch->g[j].code, p->r[k].code);
        if (r && !isnan(r->share))
            return r->share * 100;
    }
    return sum;
}

/* Each bar's rows (every code of the question, group j), the largest
 * don't-know total, and for a diverging chart the questions sorted by the
 * groups' mean positive share. */
static int seg_cells(pk_plot_figure *ch, size_t maxr)
{
    ch->drawn = calloc(ch->np * ch->ng * (maxr ? maxr : 1) + 1, sizeof *ch->drawn);
    if (!ch->drawn)
        return pk_err_nomem(ch->c->err);
    for (size_t i = 0; i < ch->np; i++) {
        pk_plot_prop *p = &ch->p[i];
        double sum = 0;
        int cnt = 0;
        for (size_t j = 0; j < ch->ng; j++) {
            pk_plot_group *g = &ch->g[j];
            double pos = 0, dk = 0;
            int ok = 1, some = 0;
            for (size_t k = 0; k < p->nr; k++) {
                const pk_plot_resp *rs = &p->r[k];
                if (!pk_plot_is_code(rs->kind))
                    continue;
                const pk_support_table_row *r =
                    pk_support_table_find(ch->t, p->code, g->by, g->code, rs->code);
                p->cells[j * p->nr + k] = r;
                if (r) {
                    ch->drawn[ch->ndrawn++] = r;
                    pk_plot_note_n(g, r);
                }
                if (!r || isnan(r->share) || pk_plot_too_few(ch->c, r)) {
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
                sum += side_net(ch, i, j, 1, pos * 100) / 100;
                cnt++;
            }
        }
        if (cnt)
            p->key = sum / cnt;
    }
    if (ch->ndrawn == 0)
        return pk_err_set(ch->c->err, PK_ERR_DATA, "%s: no rows for the groups asked for", ch->t->name);
    if (ch->diverging)
        qsort(ch->p, ch->np, sizeof *ch->p, pk_plot_prop_cmp);
    return 0;
}

/* The code of question p shown at place kk of legend pass `pass`, or
 * NULL. Stacked: one pass in scale order. Diverging: negative (extreme
 * first), neutral, positive (middle first), don't know. */
static const pk_plot_resp *legend_code(const pk_plot_figure *ch, const pk_plot_prop *p, int pass, size_t kk)
{
    const pk_plot_resp *rs = NULL;
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
    return rs && pk_plot_is_code(rs->kind) ? rs : NULL;
}

/* The legend: every answer once (label and colour), in scale order. */
static int seg_legend(pk_plot_figure *ch)
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
                const pk_plot_resp *rs = legend_code(ch, &ch->p[i], pass, kk);
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
static const char *side_label(const pk_plot_figure *ch, int positive)
{
    long k = positive ? pk_plot_positive_net(&ch->p[0]) : pk_plot_negative_net(&ch->p[0]);
    return k >= 0 ? ch->p[0].r[k].label : positive ? "Positive" : "Negative";
}

static void seg_title(FILE *m, const pk_plot_figure *ch)
{
    char bybuf[256];
    const char *by = pk_plot_groups_by(ch, bybuf, sizeof bybuf);
    if (by && ch->np == 1)
        fprintf(m, "%s: answers by %s", ch->p[0].label, by);
    else if (by)
        fprintf(m, "Answers to each question, by %s", by);
    if (by)
        return;
    if (ch->np == 1)
        fprintf(m, "%s: ", ch->p[0].label);
    else
        fputs("How ", m);
    pk_plot_groups_phrase(m, ch);
    if (ch->np != 1)
        fputs(" answered each question", m);
}

static void seg_subtitle(FILE *m, const pk_plot_figure *ch)
{
    fputs("% giving each answer", m);
    pk_plot_by_suffix(m, ch);
    if (ch->diverging && ch->any_dk)
        fputs(". Don't know shown apart", m);
    if (ch->diverging && ch->np > 1)
        fprintf(m, ". Sorted by average %s", side_label(ch, 1));
}

/* Diverging: the don't-know answers' labels above their panel, one line
 * per answer, the last just above the plot, and the panel's rule. */
static void seg_dk_label(pk_plot_figure *ch)
{
    pk_plot_ctx *c = ch->c;
    const pk_plot_prop *p = &ch->p[0];
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
    pk_plot_string(c, dkl[0] ? dkl : "Don't know");
    fprintf(c->f, " at %s, graph 1 offset 0,%s left", pk_plot_num(b1, DK0),
            pk_plot_num(b2, 0.8 + (nlines > 1 ? nlines - 1 : 0)));
    pk_plot_font(c, 10, 0);
    fputs(" tc rgb \"#555555\" noenhanced front\n", c->f);
    fprintf(c->f, "set arrow from %s, graph 0 to %s, graph 1 nohead lw 1 lc rgb \"#BBBBBB\"\n",
            pk_plot_num(b1, DK0), pk_plot_num(b2, DK0));
}

/* The x axis. Diverging: -100 to 100 with each side named above it, the
 * don't-know panel from DK0. Stacked: 0 to 100. */
static void seg_axis(pk_plot_figure *ch)
{
    pk_plot_ctx *c = ch->c;
    char b1[PK_NUMBER_BUFSIZE];
    if (!ch->diverging) {
        fputs("set xrange [0:100]\n", c->f);
        fputs("set xtics 0,25,100 format \"%g%%\"\n", c->f);
        return;
    }
    double xmax = ch->any_dk ? DK0 + fmax(ch->dk_max * 100, 14) + 8 : 104;
    fprintf(c->f, "set xrange [-104:%s]\n", pk_plot_num(b1, xmax));
    fputs("set xtics (\"100%%\" -100, \"50%%\" -50, \"0\" 0, \"50%%\" 50, \"100%%\" 100)\n", c->f);
    fputs("set arrow from 0, graph 0 to 0, graph 1 nohead lw 1.2 lc rgb \"#333333\" front\n", c->f);
    char side[300];
    snprintf(side, sizeof side, "\u2190 %s", side_label(ch, 0));
    fputs("set label ", c->f);
    pk_plot_string(c, side);
    fputs(" at -2, graph 1 offset 0,0.8 right", c->f);
    pk_plot_font(c, 10, 0);
    fputs(" tc rgb \"#B2182B\" noenhanced front\n", c->f);
    snprintf(side, sizeof side, "%s \u2192", side_label(ch, 1));
    fputs("set label ", c->f);
    pk_plot_string(c, side);
    fputs(" at 2, graph 1 offset 0,0.8 left", c->f);
    pk_plot_font(c, 10, 0);
    fputs(" tc rgb \"#2166AC\" noenhanced front\n", c->f);
    if (ch->any_dk)
        seg_dk_label(ch);
}

/* Rows: per proposal a block of ng bars, a gap between blocks; the y
 * range, each bar's position, then the proposal labels and, beside each
 * bar, its group's label. */
static int seg_labels(pk_plot_figure *ch)
{
    pk_plot_ctx *c = ch->c;
    size_t np = ch->np, ng = ch->ng;
    char b1[PK_NUMBER_BUFSIZE], b2[PK_NUMBER_BUFSIZE], b3[PK_NUMBER_BUFSIZE];
    double gap = 0.7;
    double total = (double)(np * ng) + gap * (double)(np ? np - 1 : 0);
    fprintf(c->f, "set yrange [-0.6:%s]\n", pk_plot_num(b1, total - 0.4));
    ch->ypos = calloc(np * ng + 1, sizeof *ch->ypos);
    if (!ch->ypos)
        return pk_err_nomem(c->err);
    for (size_t i = 0; i < np; i++)
        for (size_t j = 0; j < ng; j++)
            ch->ypos[i * ng + j] = total - 1 - ((double)(i * ng + j) + gap * (double)i);
    /* Room: each bar's group label and totals (10 points; the values
     * inside its segments 9) between its neighbours; a question's label
     * beside its block of bars and the gap after it. */
    double pitch = (ch->L.plot_bottom - ch->L.plot_top) / (total + 0.2);
    pk_plot_room(c, pitch, 1, pk_plot_pt(c, ng > 1 || ch->diverging ? 10 : 9));
    for (size_t i = 0; i < np; i++) {
        int lines;
        size_t longest;
        char *w = pk_plot_wrap(ch->p[i].label, ch->width, &lines, &longest);
        if (!w)
            return pk_err_nomem(c->err);
        pk_plot_room(c, pitch * ((double)ng + gap), lines, pk_plot_pt(c, 12));
        double yc = (ch->ypos[i * ng] + ch->ypos[i * ng + ng - 1]) / 2;
        fputs("set label ", c->f);
        pk_plot_string(c, w);
        fprintf(c->f, " at screen %s, first %s left offset 0,%s", pk_plot_num(b1, pk_plot_sx(c, 24)),
                pk_plot_num(b2, yc), pk_plot_num(b3, 0.5 * (lines - 1)));
        pk_plot_font(c, 12, 0);
        fputs(" tc rgb \"#222222\" noenhanced front\n", c->f);
        free(w);
        for (size_t j = 0; j < ng && ng > 1; j++)
            pk_plot_group_label(ch, j, ch->ypos[i * ng + j], 10);
    }
    return 0;
}

/* One bar's segments in percent: x0[k] to x1[k] for each code k, and the
 * totals written beside a diverging bar. */
typedef struct bar_geom {
    double neu, pos, neg;   /* the sides' totals */
    double pos_shown, neg_shown;  /* the totals written: the table's nets where it has them */
    double dk_end;          /* where the don't-know panel's segments end */
} bar_geom;

/* The bar of proposal i, group j. Stacked: codes in scale order from 0.
 * Diverging: neutral codes centred on zero side by side, each side from
 * the middle outwards (codes nearer the middle first), don't know from
 * DK0. Returns 0 when a code's share is missing (no bar is drawn). */
static int bar_geometry(const pk_plot_figure *ch, size_t i, size_t j, double *x0, double *x1, bar_geom *b)
{
    const pk_plot_prop *p = &ch->p[i];
    const pk_support_table_row *const *cell = &p->cells[j * p->nr];
    memset(b, 0, sizeof *b);
    for (size_t k = 0; k < p->nr; k++) {
        if (!pk_plot_is_code(p->r[k].kind))
            continue;
        if (!cell[k] || isnan(cell[k]->share) || pk_plot_too_few(ch->c, cell[k]))
            return 0;
        double v = cell[k]->share * 100;
        b->neu += p->r[k].kind == PK_SCALE_KIND_NEUTRAL ? v : 0;
        b->pos += p->r[k].kind == PK_SCALE_KIND_POSITIVE ? v : 0;
        b->neg += p->r[k].kind == PK_SCALE_KIND_NEGATIVE ? v : 0;
    }
    b->pos_shown = side_net(ch, i, j, 1, b->pos);
    b->neg_shown = side_net(ch, i, j, 0, b->neg);
    double acc = 0, nacc = -b->neu / 2, dacc = DK0;
    for (size_t k = 0; k < p->nr; k++) {
        const pk_plot_resp *rs = &p->r[k];
        if (!pk_plot_is_code(rs->kind))
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

/* The n of the bar of proposal i, group j, when it is below --min-base
 * (the smallest n of its rows); else -1. */
static long bar_too_few(const pk_plot_figure *ch, size_t i, size_t j)
{
    const pk_plot_prop *p = &ch->p[i];
    long few = -1;
    for (size_t k = 0; k < p->nr; k++) {
        const pk_support_table_row *r = p->cells[j * p->nr + k];
        if (pk_plot_is_code(p->r[k].kind) && pk_plot_too_few(ch->c, r) && (few < 0 || r->n < few))
            few = r->n;
    }
    return few;
}

/* The distinct colours of the codes drawn, in order of first use: one
 * datablock and one plot element each. */
static size_t seg_colours(const pk_plot_figure *ch, const char **segcol)
{
    size_t nseg = 0;
    for (size_t i = 0; i < ch->np; i++)
        for (size_t k = 0; k < ch->p[i].nr; k++) {
            if (!pk_plot_is_code(ch->p[i].r[k].kind))
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
static void seg_block(pk_plot_figure *ch, const char **segcol, size_t s, double *x0, double *x1, FILE *vm,
                      FILE *tm)
{
    pk_plot_ctx *c = ch->c;
    char b1[PK_NUMBER_BUFSIZE], b2[PK_NUMBER_BUFSIZE], b3[PK_NUMBER_BUFSIZE];
    char name[32];
    snprintf(name, sizeof name, "seg%zu", s + 1);
    pk_plot_block_begin(c, name);
    for (size_t i = 0; i < ch->np; i++)
        for (size_t j = 0; j < ch->ng; j++) {
            const pk_plot_prop *p = &ch->p[i];
            double y = ch->ypos[i * ch->ng + j];
            bar_geom b;
            if (!bar_geometry(ch, i, j, x0, x1, &b)) {
                long few = bar_too_few(ch, i, j);
                if (s == 0 && few >= 0)
                    fprintf(tm, "%s %ld 3\n", pk_plot_num(b1, y), few);
                continue;
            }
            for (size_t k = 0; k < p->nr; k++) {
                const pk_plot_resp *rs = &p->r[k];
                if (!pk_plot_is_code(rs->kind) || strcmp(rs->colour, segcol[s]) != 0)
                    continue;
                fprintf(c->f, "%s %s %s\n", pk_plot_num(b1, y), pk_plot_num(b2, x0[k]), pk_plot_num(b3, x1[k]));
                if (!ch->diverging && x1[k] - x0[k] >= 5)
                    fprintf(vm, "%s %s %s %d\n", pk_plot_num(b1, (x0[k] + x1[k]) / 2), pk_plot_num(b2, y),
                            pk_plot_num(b3, p->cells[j * p->nr + k]->share * 100), dark_text(rs->colour));
            }
            if (ch->diverging && s == 0) {
                fprintf(tm, "%s %s %s 0\n", pk_plot_num(b1, -b.neu / 2 - b.neg - 1.2), pk_plot_num(b2, y),
                        pk_plot_num(b3, b.neg_shown));
                fprintf(tm, "%s %s %s 1\n", pk_plot_num(b1, b.neu / 2 + b.pos + 1.2), pk_plot_num(b2, y),
                        pk_plot_num(b3, b.pos_shown));
                if (b.dk_end > DK0)
                    fprintf(tm, "%s %s %s 2\n", pk_plot_num(b1, b.dk_end + 1.2), pk_plot_num(b2, y),
                            pk_plot_num(b3, b.dk_end - DK0));
            }
        }
    pk_plot_block_end(c);
}

/* A datablock of the lines of text whose last field is tag, without it;
 * returns whether there was one. */
static int tagged_block(pk_plot_ctx *c, const char *name, const char *text, char tag)
{
    int any = 0;
    pk_plot_block_begin(c, name);
    for (const char *l = text; l && *l;) {
        const char *nl = strchr(l, '\n');
        size_t len = nl ? (size_t)(nl - l) : strlen(l);
        if (len > 2 && l[len - 1] == tag) {
            fprintf(c->f, "%.*s\n", (int)(len - 2), l);
            any = 1;
        }
        l = nl ? nl + 1 : l + len;
    }
    pk_plot_block_end(c);
    return any;
}

/* Plot elements joined by ", \": every one draws points (an empty
 * datablock would make gnuplot warn). */
static void seg_plot(pk_plot_figure *ch, const char **segcol, size_t nseg, const int *have_v, int few)
{
    pk_plot_ctx *c = ch->c;
    char b1[PK_NUMBER_BUFSIZE], b2[PK_NUMBER_BUFSIZE];
    double half = 0.38;
    fputs("plot ", c->f);
    for (size_t s = 0; s < nseg; s++) {
        fprintf(c->f, "%s$seg%zu using (($2+$3)/2):1:2:3:($1-%s):($1+%s) with boxxyerror fc rgb ",
                s ? ", \\\n  " : "\\\n  ", s + 1, pk_plot_num(b1, half), pk_plot_num(b2, half));
        pk_plot_string(c, segcol[s]);
        fputs(" notitle", c->f);
    }
    if (have_v[0]) {
        fputs(", \\\n  $vlight using 1:2:(sprintf(\"%.0f\", $3)) with labels center", c->f);
        pk_plot_font(c, 9, 0);
        fputs(" tc rgb \"#1A1A1A\" notitle", c->f);
    }
    if (have_v[1]) {
        fputs(", \\\n  $vdark using 1:2:(sprintf(\"%.0f\", $3)) with labels center", c->f);
        pk_plot_font(c, 9, 0);
        fputs(" tc rgb \"#FFFFFF\" notitle", c->f);
    }
    if (ch->diverging) {
        fputs(", \\\n  $totneg using 1:2:(sprintf(\"%.0f%%\", $3)) with labels right", c->f);
        pk_plot_font(c, 10, 0);
        fputs(" tc rgb \"#B2182B\" notitle, \\\n  $totpos using 1:2:(sprintf(\"%.0f%%\", $3)) with labels left", c->f);
        pk_plot_font(c, 10, 0);
        fputs(" tc rgb \"#2166AC\" notitle", c->f);
    }
    if (ch->diverging && ch->any_dk) {
        fputs(", \\\n  $totdk using 1:2:(sprintf(\"%.0f%%\", $3)) with labels left", c->f);
        pk_plot_font(c, 10, 0);
        fputs(" tc rgb \"#555555\" notitle", c->f);
    }
    if (few) {
        fprintf(c->f, ", \\\n  $few using (%s):1:(sprintf(\"n=%%d, %s\", $2)) with labels %s",
                ch->diverging ? "0" : "1", PK_PLOT_TOO_FEW, ch->diverging ? "center" : "left");
        pk_plot_font(c, 10, 0);
        fputs(" tc rgb \"#777777\" notitle", c->f);
    }
    fputs("\nunset output\n", c->f);
}

/* The segments' datablocks, the values inside them (white on dark fills,
 * dark on light ones), the diverging totals, and the plot command. */
static int seg_data(pk_plot_figure *ch, size_t maxr)
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
        int few = tagged_block(ch->c, "few", tots, '3');
        seg_plot(ch, segcol, nseg, have_v, few);
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

/* The alt text's figures: per question and group, every answer's share
 * in scale order, and a diverging bar's totals as drawn. */
static void seg_alt(pk_plot_figure *ch, size_t maxr)
{
    FILE *f = ch->c->alt;
    if (!f)
        return;
    double *x0 = calloc(maxr + 1, sizeof *x0), *x1 = calloc(maxr + 1, sizeof *x1);
    if (!x0 || !x1) {
        free(x0);
        free(x1);
        pk_err_nomem(ch->c->err);
        ch->c->failed = 1;
        return;
    }
    pk_plot_alt_head(ch, ch->diverging ? "Diverging bar chart" : "Stacked bar chart");
    for (size_t i = 0; i < ch->np; i++) {
        const pk_plot_prop *p = &ch->p[i];
        for (const char *s = p->label; *s; s++)
            fputc(*s == '\n' ? ' ' : *s, f);
        fputs(".\n", f);
        for (size_t j = 0; j < ch->ng; j++) {
            for (const char *s = ch->g[j].label; *s; s++)
                fputc(*s == '\n' ? ' ' : *s, f);
            fputs(": ", f);
            bar_geom b;
            if (!bar_geometry(ch, i, j, x0, x1, &b)) {
                long few = bar_too_few(ch, i, j);
                if (few >= 0)
                    fprintf(f, "too few to show (%ld answered).\n", few);
                else
                    fputs("no data.\n", f);
                continue;
            }
            char l1[256], l2[256];
            if (ch->diverging)
                fprintf(f, "%ld%% %s, %ld%% %s; ", lround(b.pos_shown),
                        pk_plot_lowered(l1, sizeof l1, side_label(ch, 1)), lround(b.neg_shown),
                        pk_plot_lowered(l2, sizeof l2, side_label(ch, 0)));
            int first = 1;
            for (size_t k = 0; k < p->nr; k++) {
                if (!pk_plot_is_code(p->r[k].kind))
                    continue;
                fputs(first ? "" : ", ", f);
                first = 0;
                for (const char *s = p->r[k].label; *s; s++)
                    fputc(*s == '\n' ? ' ' : *s, f);
                fputc(' ', f);
                pk_plot_alt_share(f, p->cells[j * p->nr + k]->share, 0);
            }
            fputs(".\n", f);
        }
    }
    pk_plot_alt_foot(ch);
    free(x0);
    free(x1);
}

/* `diverging` and `stacked`: every answer of each question, one bar per
 * group. Diverging: the negative side left of zero and the positive side
 * right, each from the middle outwards, neutral answers centred on zero,
 * don't know in a panel apart; questions sorted by the groups' mean
 * positive share. Stacked: 100% bars of every answer in scale order, for
 * any question, in table order. The legend lists every answer once. */
static int segments(pk_plot_ctx *c, const pk_support_table *t, pk_plot_group *g, size_t ng, pk_plot_prop *p,
                    size_t np, int diverging)
{
    pk_plot_figure ch = {.c = c, .t = t, .g = g, .ng = ng, .p = p, .np = np, .diverging = diverging};
    size_t maxr;
    int st = seg_check(&ch, &maxr);
    if (!st)
        st = seg_one_scale(&ch);
    if (!st)
        st = seg_cells(&ch, maxr);
    if (!st)
        st = seg_legend(&ch);
    if (!st)
        st = pk_plot_figure_texts(&ch, seg_title, seg_subtitle);
    if (!st)
        st = pk_plot_figure_frame(&ch, ch.ng > 1 ? pk_plot_group_label_px(&ch) : 0);
    if (!st) {
        seg_axis(&ch);
        st = seg_labels(&ch);
    }
    if (!st)
        st = seg_data(&ch, maxr);
    if (!st)
        seg_alt(&ch, maxr);
    pk_plot_figure_free(&ch);
    if (st)
        return st;
    return c->failed ? c->err->status : 0;
}

int pk_plot_segments_diverging(pk_plot_ctx *c, const pk_support_table *t, pk_plot_group *g, size_t ng,
                               pk_plot_prop *p, size_t np)
{
    return segments(c, t, g, ng, p, np, 1);
}

int pk_plot_segments_stacked(pk_plot_ctx *c, const pk_support_table *t, pk_plot_group *g, size_t ng,
                             pk_plot_prop *p, size_t np)
{
    return segments(c, t, g, ng, p, np, 0);
}
