/* pollplot's entry point (pk_plot_script, see plot.h): the table's labels
 * checked, the groups and questions to draw chosen from the table and the
 * options, the chart kind picked, and the script written out only when it
 * is complete. The kinds themselves are in plot_bars.c and
 * plot_segments.c, the steps they share in plot.c (plot_internal.h). */
#include "plot.h"
#include "plot_internal.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "plot_quote.h"
#include "scale.h"
#include "util.h"

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
    pk_err_set(err, PK_ERR_USAGE, "%s: no %s '%s' in the table (it has: %s)", t->name, what,
               pk_err_quote(b, sizeof b, val, strlen(val)), pk_err_list_text(&l));
    return PK_ERR_USAGE;
}

typedef pk_support_table_group tgroup;

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
        return pk_err_set(err, PK_ERR_USAGE, "--groups: '%s' names groups of several --by columns: "
                                          "write one of %s",
                          pk_err_quote(b, sizeof b, name, strlen(name)), forms);
    }
    if (found != PK_SUPPORT_TABLE_GROUP_FOUND)
        return not_found(err, t, "group", name, 1);
    return 0;
}

/* The groups to draw, as indexes into t->groups: as asked, else every
 * group of the table's first `by` column except combined groups (All
 * alone when there is none). */
static int pick_groups(const pk_support_table *t, const pk_plot_opts *o, size_t **out, size_t *nout,
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
                    return pk_err_set(err, PK_ERR_USAGE, "--groups: '%s' and '%s' name the same group",
                                      o->groups[j], o->groups[i]);
                }
        /* Beyond the palette, colours would repeat or blur together. */
        if (npick > PK_PLOT_MAX_GROUPS) {
            free(pick);
            return pk_err_set(err, PK_ERR_USAGE,
                              "%s: %zu groups are too many for one chart (at most %d can be told apart "
                              "by colour): choose at most %d with --groups, and draw the others in a "
                              "second chart",
                              t->name, npick, PK_PLOT_MAX_GROUPS, PK_PLOT_MAX_GROUPS);
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
    *out = pick;
    *nout = npick;
    return 0;
}

/* The groups pick[0..n) with their colours. */
static int make_groups(const pk_support_table *t, const pk_plot_opts *o, const size_t *pick, size_t n,
                       pk_plot_group **out, pk_err *err)
{
    pk_plot_group *g = calloc(n ? n : 1, sizeof *g);
    if (!g)
        return pk_err_nomem(err);
    for (size_t i = 0; i < n; i++) {
        const tgroup *x = &t->groups[pick[i]];
        g[i].code = x->group;
        g[i].label = x->label;
        g[i].by = x->by;
        g[i].nmin = g[i].nmax = -1;
    }
    pk_plot_group_colours(g, n, o);
    *out = g;
    return 0;
}

/* --chart means on a question of the table that has no mean: an error
 * naming the questions that have one. */
static int no_mean(pk_err *err, const pk_support_table *t, const char *question, const pk_plot_prop *p,
                   size_t n)
{
    pk_err_list l = {0};
    for (size_t k = 0; k < n; k++)
        pk_err_list_add(&l, ", ", "%s", p[k].code);
    char b[128];
    return pk_err_set(err, PK_ERR_USAGE, "%s: question '%s' has no mean score to draw (--chart means draws "
                      "the rows of response_kind mean; %s%s)", t->name,
                      pk_err_quote(b, sizeof b, question, strlen(question)),
                      n ? "the questions with one are: " : "the table has none", pk_err_list_text(&l));
}

/* The questions to draw (--questions, else every question of the table,
 * table order) with their responses as the table lists them: for
 * `means`, the questions that have a mean. */
static int collect_props(const pk_support_table *t, const pk_plot_opts *o, size_t ng, pk_plot_prop **out,
                         size_t *np, pk_err *err)
{
    pk_plot_prop *p = NULL;
    size_t n = 0, cap = 0;
    for (size_t i = 0; i < t->nrows; i++) {
        const pk_support_table_row *r = &t->rows[i];
        /* A mean score is no share: the other charts draw shares, and
         * `means` draws only the questions with a mean. */
        if ((strcmp(r->response_kind, "mean") == 0) != (o->chart == PK_PLOT_CHART_MEANS))
            continue;
        pk_plot_prop *x = NULL;
        for (size_t k = n; k-- > 0 && !x;)
            if (strcmp(p[k].code, r->question) == 0)
                x = &p[k];
        if (!x) {
            if (n == cap) {
                cap = cap ? 2 * cap : 16;
                pk_plot_prop *np2 = realloc(p, cap * sizeof *p);
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
        pk_plot_resp *nr = realloc(x->r, (x->nr + 1) * sizeof *nr);
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
        pk_plot_prop *q = calloc(o->nquestions, sizeof *q);
        if (!q)
            goto oom;
        for (size_t i = 0; i < o->nquestions; i++) {
            size_t k = 0;
            while (k < n && strcmp(p[k].code, o->questions[i]) != 0)
                k++;
            if (k == n) {
                int st = o->chart == PK_PLOT_CHART_MEANS && pk_support_table_question(t, o->questions[i]) >= 0
                             ? no_mean(err, t, o->questions[i], p, n)
                             : not_found(err, t, "question", o->questions[i], 2);
                free(q);
                for (size_t j = 0; j < n; j++)
                    free(p[j].r);
                free(p);
                return st;
            }
            for (size_t j = 0; j < i; j++)
                if (strcmp(q[j].code, p[k].code) == 0) {
                    free(q);
                    for (size_t m = 0; m < n; m++)
                        free(p[m].r);
                    free(p);
                    return pk_err_set(err, PK_ERR_USAGE, "--questions: '%s' given twice",
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

/* A label with a control character (other than a line break, which draws
 * as one) would reach the chart as invisible or raw bytes: refused. */
static int check_labels(const pk_support_table *t, pk_err *err)
{
    for (size_t i = 0; i < t->nrows; i++) {
        const pk_support_table_row *r = &t->rows[i];
        const char *text[] = {r->question_label, r->group_label, r->response_label};
        static const pk_support_table_col col[] = {PK_SUPPORT_TABLE_COL_QUESTION_LABEL,
                                                   PK_SUPPORT_TABLE_COL_GROUP_LABEL,
                                                   PK_SUPPORT_TABLE_COL_RESPONSE_LABEL};
        for (size_t k = 0; k < 3; k++) {
            const unsigned char *p = (const unsigned char *)(text[k] ? text[k] : "");
            for (; *p; p++)
                if ((*p < 0x20 && *p != '\n') || *p == 0x7f) {
                    char b[128];
                    return pk_err_set(err, PK_ERR_DATA,
                                      "%s:%ld:%s: label '%s' has a control character (0x%02X): "
                                      "pollplot draws no such label",
                                      t->name, r->line, pk_support_table_col_name(col[k]),
                                      pk_err_quote(b, sizeof b, text[k], strlen(text[k])), *p);
                }
        }
    }
    return 0;
}

/* The chart kinds: each is written by its own file (plot_bars.c,
 * plot_segments.c), which calls plot.c's common steps; this table is the
 * one place that calls them, so no kind's file and plot.c call each other.
 * A new kind is one more row here. */
static const struct {
    pk_plot_chart chart;
    pk_plot_draw_fn *draw;
} kinds[] = {
    {PK_PLOT_CHART_BARS, pk_plot_bars},
    {PK_PLOT_CHART_DIVERGING, pk_plot_segments_diverging},
    {PK_PLOT_CHART_STACKED, pk_plot_segments_stacked},
    {PK_PLOT_CHART_TREND, pk_plot_trend},
    {PK_PLOT_CHART_MEANS, pk_plot_means},
};

/* The function that draws a chart kind (AUTO resolved before). */
static pk_plot_draw_fn *draw_fn(pk_plot_chart chart)
{
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        if (kinds[i].chart == chart)
            return kinds[i].draw;
    return pk_plot_segments_stacked;
}

/* A group's base: its largest n in the table (-1 when none is known). */
static long group_base(const pk_support_table *t, const tgroup *x)
{
    long n = -1;
    for (size_t i = 0; i < t->nrows; i++)
        if (t->rows[i].n > n && strcmp(t->rows[i].group, x->group) == 0 && strcmp(t->rows[i].by, x->by) == 0)
            n = t->rows[i].n;
    return n;
}

/* One try at the chart: the groups pick[0..ng) (in that order), the
 * questions q[0..nq) (NULL: the options'), written to a new buffer
 * (*buf, *sz, the caller's to free); *crowd as pk_plot_ctx's. */
typedef struct attempt {
    char *buf, *alt;
    size_t sz, altsz;
    double crowd, have, need, pt;
} attempt;

static int draw(const pk_support_table *t, const pk_plot_opts *o, const size_t *pick, size_t ng,
                const char *const *q, size_t nq, pk_plot_chart chart, int want_alt, attempt *a, pk_err *err)
{
    pk_plot_opts oq = *o;
    oq.chart = chart;
    if (q) {
        oq.questions = q;
        oq.nquestions = nq;
    }
    memset(a, 0, sizeof *a);
    pk_plot_group *g = NULL;
    int st = make_groups(t, o, pick, ng, &g, err);
    if (st)
        return st;
    pk_plot_prop *p = NULL;
    size_t np = 0;
    if ((st = collect_props(t, &oq, ng, &p, &np, err))) {
        free(g);
        return st;
    }
    pk_plot_ctx c = {.f = open_memstream(&a->buf, &a->sz), .err = err, .o = &oq};
    if (want_alt)
        c.alt = open_memstream(&a->alt, &a->altsz);
    if (!c.f || (want_alt && !c.alt)) {
        if (c.f)
            fclose(c.f);
        if (c.alt)
            fclose(c.alt);
        free(a->buf);
        free(a->alt);
        a->buf = a->alt = NULL;
        pk_plot_props_free(p, np);
        free(g);
        return pk_err_nomem(err);
    }
    fputs("# Chart script written by pollplot (pollkit); run: gnuplot THIS_FILE\n", c.f);
    st = draw_fn(chart)(&c, t, g, ng, p, np);
    if (fclose(c.f) && !st)
        st = pk_err_nomem(err);
    if (c.alt && fclose(c.alt) && !st)
        st = pk_err_nomem(err);
    if (!st && c.failed)
        st = err->status ? err->status : PK_ERR_DATA;
    a->crowd = c.crowd;
    a->have = c.crowd_have;
    a->need = c.crowd_need;
    a->pt = c.crowd_pt;
    pk_plot_props_free(p, np);
    free(g);
    if (st) {
        free(a->buf);
        free(a->alt);
        a->buf = a->alt = NULL;
    }
    return st;
}

/* The chart kind: as asked; --response draws bars; else bars of the
 * positive net when every question has one, else stacked. */
static int resolve_chart(const pk_support_table *t, const pk_plot_opts *o, pk_plot_chart *chart, pk_err *err)
{
    *chart = o->chart;
    if (*chart != PK_PLOT_CHART_AUTO)
        return 0;
    /* Questions with only mean rows, and no other to draw: their means. */
    int only_means = 1;
    for (size_t q = 0; q < (o->nquestions ? o->nquestions : t->nquestions) && only_means; q++) {
        long k = o->nquestions ? pk_support_table_question(t, o->questions[q]) : (long)q;
        only_means = k >= 0;
        for (size_t i = k < 0 ? SIZE_MAX : pk_support_table_question_first(t, (size_t)k); i != SIZE_MAX && only_means;
             i = pk_support_table_question_next(t, i))
            only_means = strcmp(t->rows[i].response_kind, "mean") == 0;
    }
    if (only_means && !o->response) {
        *chart = PK_PLOT_CHART_MEANS;
        return 0;
    }
    pk_plot_prop *p = NULL;
    size_t np = 0;
    int st = collect_props(t, o, 1, &p, &np, err);
    if (st)
        return st;
    *chart = PK_PLOT_CHART_BARS;
    for (size_t i = 0; i < np && !o->response; i++)
        if (pk_plot_positive_net(&p[i]) < 0)
            *chart = PK_PLOT_CHART_STACKED;
    pk_plot_props_free(p, np);
    return 0;
}

/* "A, B and C" of the groups pick[from..to) or the questions q[from..to). */
static void name_list(FILE *m, const pk_support_table *t, const size_t *pick, const char *const *q,
                      size_t from, size_t to)
{
    for (size_t i = from; i < to; i++)
        fprintf(m, "%s%s", i == from ? "" : i + 1 == to ? " and " : ", ",
                pick ? t->groups[pick[i]].label : q[i]);
}

/* What the default chart left out, and how to get it back. */
static char *left_out_note(const pk_support_table *t, const pk_plot_opts *o, const attempt *full,
                           const size_t *rank, size_t ng_all, size_t ng, const char *const *q,
                           size_t nq_all, size_t nq)
{
    char *buf = NULL;
    size_t sz = 0;
    FILE *m = open_memstream(&buf, &sz);
    if (!m)
        return NULL;
    char b1[PK_NUMBER_BUFSIZE], b2[PK_NUMBER_BUFSIZE];
    fprintf(m, "%zu group%s by %zu question%s do not fit a %sx%s chart", ng_all, ng_all == 1 ? "" : "s",
            nq_all, nq_all == 1 ? "" : "s", pk_plot_num(b1, pk_plot_canvas_w(o)),
            pk_plot_num(b2, pk_plot_canvas_h(o)));
    if (full->crowd > 1)
        fprintf(m, " (%.3g-point text %.0f px apart, where it needs %.0f)", full->pt, full->have, full->need);
    else
        fprintf(m, " (at most %d groups can be told apart by colour)", PK_PLOT_MAX_GROUPS);
    if (ng < ng_all) {
        fprintf(m, ": drawing the %zu group%s with the largest bases, ", ng, ng == 1 ? "" : "s");
        name_list(m, t, rank, NULL, 0, ng);
        fputs("; left out: ", m);
        name_list(m, t, rank, NULL, ng, ng_all);
    }
    if (nq < nq_all) {
        fputs(ng < ng_all ? "; and " : ": ", m);
        if (nq == 1)
            fputs("drawing only the first question; left out: ", m);
        else
            fprintf(m, "drawing the first %zu questions; left out: ", nq);
        name_list(m, t, NULL, q, nq, nq_all);
    }
    fputs(". Choose the groups with --groups, the questions with --questions, or a larger chart "
          "with --size", m);
    if (fclose(m)) {
        free(buf);
        return NULL;
    }
    return buf;
}

/* The default chart shrunk until it fits the canvas: groups with the
 * largest bases first (down to two), then the first questions, then one
 * group. Only what the options leave to pollplot is shrunk. *a is the
 * last attempt; rank and q are put in the order they are kept. */
static int shrink(const pk_support_table *t, const pk_plot_opts *o, size_t *rank, size_t *ng,
                  const char *const *q, size_t *nq, pk_plot_chart chart, int want_alt, attempt *a, pk_err *err)
{
    int gdef = o->ngroups == 0, qdef = o->nquestions == 0;
    size_t *pick = malloc((*ng ? *ng : 1) * sizeof *pick);
    if (!pick)
        return pk_err_nomem(err);
    for (;;) {
        if (a->crowd <= 1 && *ng <= PK_PLOT_MAX_GROUPS)
            break;
        if (gdef && *ng > PK_PLOT_MAX_GROUPS)
            *ng = PK_PLOT_MAX_GROUPS;
        else if (gdef && *ng > 2)
            (*ng)--;
        else if (qdef && *nq > 1)
            (*nq)--;
        else if (gdef && *ng > 1)
            (*ng)--;
        else
            break;
        /* The kept groups in the table's order. */
        memcpy(pick, rank, *ng * sizeof *pick);
        for (size_t i = 1; i < *ng; i++)
            for (size_t j = i; j > 0 && pick[j - 1] > pick[j]; j--) {
                size_t x = pick[j];
                pick[j] = pick[j - 1];
                pick[j - 1] = x;
            }
        free(a->buf);
        free(a->alt);
        int st = draw(t, o, pick, *ng, q, *nq, chart, want_alt, a, err);
        if (st) {
            free(pick);
            return st;
        }
    }
    /* The kept groups in the order they are drawn. */
    for (size_t i = 1; i < *ng; i++)
        for (size_t j = i; j > 0 && rank[j - 1] > rank[j]; j--) {
            size_t x = rank[j];
            rank[j] = rank[j - 1];
            rank[j - 1] = x;
        }
    free(pick);
    return 0;
}

int pk_plot_script(FILE *out, FILE *alt, const pk_support_table *t, const pk_plot_opts *o,
                   pk_plot_report *rep, pk_err *err)
{
    memset(rep, 0, sizeof *rep);
    if (pk_plot_quote_check_output("--image", o->image, err))
        return err->status;
    if (t->nrows == 0)
        return pk_err_set(err, PK_ERR_DATA, "%s: the table has no rows", t->name);
    if (check_labels(t, err))
        return err->status;
    size_t *pick = NULL, ng = 0;
    int st = pick_groups(t, o, &pick, &ng, err);
    if (st)
        return st;
    if (ng == 0) {
        free(pick);
        return pk_err_set(err, PK_ERR_USAGE, "no group to draw");
    }
    pk_plot_chart chart;
    if ((st = resolve_chart(t, o, &chart, err))) {
        free(pick);
        return st;
    }
    /* The questions drawn by default, by code, to drop from the end. */
    size_t nq = o->nquestions ? o->nquestions : t->nquestions;
    const char *const *q = o->nquestions ? o->questions : t->questions;

    attempt a;
    size_t ng_all = ng, nq_all = nq;
    /* The first try draws at most the palette's groups. */
    st = draw(t, o, pick, ng < PK_PLOT_MAX_GROUPS ? ng : PK_PLOT_MAX_GROUPS, q, nq, chart, alt != NULL, &a, err);
    attempt full = a;
    full.buf = full.alt = NULL;
    size_t *rank = NULL;
    if (!st && (a.crowd > 1 || ng > PK_PLOT_MAX_GROUPS) && (!o->ngroups || !o->nquestions)) {
        /* The groups by their bases, largest first (ties: table order). */
        long *base = malloc(ng * sizeof *base);
        rank = malloc(ng * sizeof *rank);
        if (!base || !rank) {
            free(base);
            free(a.buf);
            free(a.alt);
            a.buf = a.alt = NULL;
            st = pk_err_nomem(err);
        } else {
            for (size_t i = 0; i < ng; i++) {
                base[i] = group_base(t, &t->groups[pick[i]]);
                rank[i] = pick[i];
            }
            for (size_t i = 1; i < ng; i++)
                for (size_t j = i; j > 0 && (o->ngroups == 0 && base[j - 1] < base[j]); j--) {
                    long bx = base[j];
                    base[j] = base[j - 1];
                    base[j - 1] = bx;
                    size_t x = rank[j];
                    rank[j] = rank[j - 1];
                    rank[j - 1] = x;
                }
            free(base);
            st = shrink(t, o, rank, &ng, q, &nq, chart, alt != NULL, &a, err);
            if (!st && (ng < ng_all || nq < nq_all) &&
                !(rep->note = left_out_note(t, o, &full, rank, ng_all, ng, q, nq_all, nq)))
                st = pk_err_nomem(err);
        }
    }
    if (!st && a.crowd > 1 &&
        asprintf(&rep->warning,
                 "the chart is crowded: %.3g-point text %.0f px apart, where it needs %.0f; it will overlap "
                 "(draw fewer groups or questions, or a larger chart with --size)",
                 a.pt, a.have, a.need) < 0) {
        rep->warning = NULL;
        st = pk_err_nomem(err);
    }
    if (!st && (fwrite(a.buf, 1, a.sz, out) != a.sz || (alt && fwrite(a.alt, 1, a.altsz, alt) != a.altsz)))
        st = pk_err_set(err, PK_ERR_DATA, "write error: %s", strerror(errno));
    if (st)
        pk_plot_report_free(rep);
    free(a.buf);
    free(a.alt);
    free(rank);
    free(pick);
    return st;
}

void pk_plot_report_free(pk_plot_report *rep)
{
    free(rep->note);
    free(rep->warning);
    rep->note = rep->warning = NULL;
}
