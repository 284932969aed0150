/* A chart's footnote, from the table's own provenance columns over the
 * rows drawn (weighting, intervals, base, design effect, sample sizes,
 * source), then --note and --source: only what the table says. See plot_internal.h. */
#include "plot_internal.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "estimate.h"
#include "number.h"
#include "scale_guess.h"
#include "util.h"

/* Append to a growing string list joined by sep. */
static void add_part(FILE *m, int *first, const char *sep, const char *s)
{
    if (!*first)
        fputs(sep, m);
    fputs(s, m);
    *first = 0;
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
    enum pk_estimate_ci m;
    if (pk_estimate_ci_parse(method, &m) != 0)
        return method;
    switch (m) {
    case PK_ESTIMATE_CI_LOGIT: return "logit";
    case PK_ESTIMATE_CI_BETA: return "Korn\u2013Graubard";
    case PK_ESTIMATE_CI_MEAN: return "Wald";
    case PK_ESTIMATE_CI_WILSON: return "Wilson";
    }
    return method;
}

/* Weighted or not, as the rows' weight column says when they agree. */
static void foot_weighting(FILE *f, int *first, const pk_plot_figure *ch)
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
static int foot_intervals(FILE *f, int *first, const pk_plot_figure *ch)
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
static int foot_base(FILE *f, int *first, const pk_plot_figure *ch)
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
            const pk_plot_resp *r = &ch->p[i].r[k];
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
static int foot_method(FILE *f, const pk_plot_figure *ch)
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
static int foot_deff(FILE *f, const pk_plot_figure *ch)
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
static int foot_sizes(FILE *f, const pk_plot_figure *ch)
{
    int first = 1, any_low = 0;
    for (size_t i = 0; i < ch->ng; i++) {
        const pk_plot_group *g = &ch->g[i];
        if (g->nmin < 0)
            continue;
        /* A no-break space keeps a group's numbers on its name's line. */
        fprintf(f, "%s%s\u00A0%ld", first ? "Sample size: " : ", ", g->label, g->nmin);
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

/* --note: the house's line before the source. */
static int foot_note(FILE *f, const pk_plot_figure *ch)
{
    if (ch->c->o->note)
        fputs(ch->c->o->note, f);
    return 0;
}

/* --source, else the table's own source column (a polltable table's
 * --source), the first one drawn. */
static int foot_source(FILE *f, const pk_plot_figure *ch)
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
 * then --note and --source, one line per part that has something to say. Only what
 * the table says. */
int pk_plot_footnote(pk_plot_figure *ch)
{
    static int (*const part[])(FILE *, const pk_plot_figure *) = {foot_method, foot_deff, foot_sizes,
                                                          foot_note, foot_source};
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
