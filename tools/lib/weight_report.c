/* pollweight's words about the weights (weight.h): the short summary for
 * stderr and the readable report, figures in the C locale. */
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "number.h"
#include "weight_internal.h"

static locale_t c_loc(void)
{
    static locale_t loc = (locale_t)0;
    if (loc == (locale_t)0)
        loc = newlocale(LC_ALL_MASK, "C", (locale_t)0);
    return loc;
}

/* Fixed-point text (C locale) for the readable report; NaN is "undefined". */
static const char *fixed(char *buf, size_t size, double v, int decimals)
{
    if (isnan(v)) {
        snprintf(buf, size, "undefined");
        return buf;
    }
    locale_t old = uselocale(c_loc());
    snprintf(buf, size, "%.*f", decimals, v);
    uselocale(old);
    return buf;
}

static const char *method_name(pk_weight_method m)
{
    static const char *const names[] = {
#define X(constant, name) [constant] = name,
        PK_WEIGHT_METHODS(X)
#undef X
    };
    return (unsigned)m < sizeof names / sizeof names[0] ? names[m] : "?";
}

/* A figure for the summary and the report: NaN (no weights, or weights
 * that are not numbers) is said in words, never left blank. */
static const char *num(char *buf, double v, int digits)
{
    return isnan(v) ? "undefined" : pk_number_format(buf, v, digits);
}

void pk_weight_summary(char *buf, size_t size, const pk_weight_opts *o, const pk_weight_diag *dg)
{
    char a[PK_NUMBER_BUFSIZE], b[PK_NUMBER_BUFSIZE], c[PK_NUMBER_BUFSIZE], d[PK_NUMBER_BUFSIZE], e[PK_NUMBER_BUFSIZE];
    char f[PK_NUMBER_BUFSIZE], g[PK_NUMBER_BUFSIZE], h[PK_NUMBER_BUFSIZE];
    const char *unit = o->method == PK_WEIGHT_METHOD_RAKE ? "sweep" : "iteration";
    snprintf(buf, size,
             "%s %s in %ld %s%s; largest margin gap %s\n"
             "weights %s to %s (max/min %s, median %s); Kish design effect %s, efficiency %s%%, "
             "effective sample size %s of %zu",
             method_name(o->method), dg->converged ? "converged" : "did not converge", dg->iterations, unit,
             dg->iterations == 1 ? "" : "s", num(a, dg->max_gap, 3), num(b, dg->wmin, 4),
             num(c, dg->wmax, 4), isnan(dg->ratio) ? "undefined" : num(d, dg->ratio, 4),
             num(e, dg->wmedian, 4),
             num(f, dg->deff, 4), isnan(dg->efficiency) ? "undefined" : fixed(g, sizeof g, 100 * dg->efficiency, 1),
             fixed(h, sizeof h, dg->n_eff, 1), dg->n);
    size_t used = strlen(buf);
    if (dg->negative && used < size)
        snprintf(buf + used, size - used,
                 "\n%zu weight%s negative (linear calibration allows that; --method logit --bounds LO,HI does not)",
                 dg->negative, dg->negative == 1 ? " is" : "s are");
}

void pk_weight_report(FILE *f, const pk_weight_sample *s, const pk_targets *t, const pk_weight_opts *o,
                      const pk_weight_diag *dg)
{
    char a[PK_NUMBER_BUFSIZE], b[PK_NUMBER_BUFSIZE], c[PK_NUMBER_BUFSIZE], d[PK_NUMBER_BUFSIZE];
    fprintf(f, "pollweight report\n\n");
    fprintf(f, "input:      %s (%zu respondents)\n", s->name, s->n);
    fprintf(f, "targets:    %s (%zu margins)\n", t->path, t->nmargin);
    fprintf(f, "method:     %s", method_name(o->method));
    if (o->has_bounds)
        fprintf(f, ", bounds on g = w/d: %s,%s", num(a, o->bound_lo, 6), num(b, o->bound_hi, 6));
    fprintf(f, "\nbase:       %s\n", s->base ? "base weights from the input" : "none (all 1)");
    if (o->has_cap)
        fprintf(f, "caps:       %s,%s times the mean weight (%ld sweeps with the caps held)\n", num(a, o->cap_lo, 6),
                num(b, o->cap_hi, 6), dg->cap_rounds);
    fprintf(f, "converged:  %s, in %ld %s\n", dg->converged ? "yes" : "NO", dg->iterations,
            o->method == PK_WEIGHT_METHOD_RAKE ? "sweeps" : "Newton iterations");
    fprintf(f, "max gap:    %s (largest |weighted share - target|; stop rule %s)\n", num(a, dg->max_gap, 3),
            num(b, dg->tolerance, 3));
    fprintf(f, "\nweights:    minimum %s, median %s, maximum %s, max/min %s\n", num(a, dg->wmin, 6),
            num(b, dg->wmedian, 6), num(c, dg->wmax, 6),
            isnan(dg->ratio) ? "undefined" : num(d, dg->ratio, 6));
    if (dg->negative)
        fprintf(f, "negative:   %zu weights below 0\n", dg->negative);
    fprintf(f, "total:      %s (mean %s)\n", num(a, dg->total, 10),
            num(b, dg->n ? dg->total / (double)dg->n : NAN, 10));
    fprintf(f, "Kish design effect %s; weighting efficiency %s%%; effective sample size %s\n",
            num(a, dg->deff, 6), fixed(b, sizeof b, 100 * dg->efficiency, 2), fixed(c, sizeof c, dg->n_eff, 1));
    if (t->nmargin && dg->cat)
        fprintf(f, "\nshares below are rounded to 6 decimals; the weights file has every digit\n");
    for (size_t j = 0; j < t->nmargin && dg->cat; j++) {
        const pk_targets_margin *m = &t->m[j];
        /* Categories come from the data: written with their control
         * characters escaped, and padded by the width they then take. */
        size_t width = strlen("category");
        int nw = 8;   /* the n column, widened for a count of more digits */
        for (size_t k = 0; k < m->ncat; k++) {
            if (pk_err_escaped_width(m->cat[k].name, strlen(m->cat[k].name)) > width)
                width = pk_err_escaped_width(m->cat[k].name, strlen(m->cat[k].name));
            int digits = snprintf(NULL, 0, "%zu", dg->cat[j][k].n);
            if (digits > nw)
                nw = digits;
        }
        fputs("\nmargin ", f);
        pk_err_write_escaped(f, m->name, strlen(m->name));
        fprintf(f, ": %zu categories, %zu respondents without a value%s\n", m->ncat,
                s->missing[j], s->missing[j] ? " (left out of this margin)" : "");
        fprintf(f, "  %-*s %*s %10s %10s %10s\n", (int)width, "category", nw, "n", "target", "unweighted",
                "weighted");
        for (size_t k = 0; k < m->ncat; k++) {
            const pk_weight_category_diag *cd = &dg->cat[j][k];
            fputs("  ", f);
            pk_err_write_escaped(f, m->cat[k].name, strlen(m->cat[k].name));
            fprintf(f, "%*s %*zu %10s %10s %10s\n",
                    (int)(width - pk_err_escaped_width(m->cat[k].name, strlen(m->cat[k].name))), "", nw, cd->n,
                    fixed(a, sizeof a, cd->target, 6), fixed(b, sizeof b, cd->unweighted, 6),
                    fixed(c, sizeof c, cd->weighted, 6));
        }
    }
}
