/* Significance letters of a banner: naming, and the letters of each cell
 * of a row by the two-group test of estimate.h. See support_letters.h. */
#include "support_letters.h"
#include "estimate.h"
#include "util.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct pk_support_letters {
    size_t ngroups;
    double level;
    size_t *brk;        /* break of each column, SIZE_MAX: no letter */
    char (*name)[PK_SUPPORT_LETTERS_NAME_MAX];
    pk_estimate_side *side; /* per row: each column's share, se, n and t */
    unsigned char *tested;  /* per row: the column takes part in the tests */
    char **sig;         /* per row: each column's letters */
    size_t *cap;        /* bytes allocated for sig[g] */
};

void pk_support_letters_name(size_t i, char buf[PK_SUPPORT_LETTERS_NAME_MAX])
{
    /* Bijective base 26: digits 1..26 written A..Z, so no letter is a
     * "zero" and A, Z, AA, AZ, BA follow each other. */
    char tmp[PK_SUPPORT_LETTERS_NAME_MAX];
    size_t len = 0;
    size_t v = i + 1;
    while (v > 0 && len < sizeof tmp - 1) {
        v--;
        tmp[len++] = (char)('A' + v % 26);
        v /= 26;
    }
    for (size_t k = 0; k < len; k++)
        buf[k] = tmp[len - 1 - k];
    buf[len] = '\0';
}

int pk_support_letters_higher(double p1, double se1, long n1, double p2, double se2, long n2,
                              double level)
{
    pk_estimate_side a, b;
    pk_estimate_diff d;
    pk_estimate_side_set(&a, p1, se1, n1, -1, level);
    pk_estimate_side_set(&b, p2, se2, n2, -1, level);
    pk_estimate_diff_of(&a, &b, &d);
    return pk_estimate_diff_sign(&d) > 0;
}

pk_support_letters *pk_support_letters_new(size_t ngroups, const size_t *brk, double level)
{
    pk_support_letters *l = calloc(1, sizeof *l);
    if (!l)
        return NULL;
    size_t m = ngroups ? ngroups : 1;
    l->ngroups = ngroups;
    l->level = level;
    l->brk = malloc(m * sizeof *l->brk);
    l->name = calloc(m, sizeof *l->name);
    l->side = malloc(m * sizeof *l->side);
    l->tested = malloc(m);
    l->sig = calloc(m, sizeof *l->sig);
    l->cap = calloc(m, sizeof *l->cap);
    if (!l->brk || !l->name || !l->side || !l->tested || !l->sig || !l->cap) {
        pk_support_letters_free(l);
        return NULL;
    }
    size_t next = 0;
    for (size_t g = 0; g < ngroups; g++) {
        l->brk[g] = brk[g];
        if (brk[g] != SIZE_MAX)
            pk_support_letters_name(next++, l->name[g]);
    }
    return l;
}

void pk_support_letters_free(pk_support_letters *l)
{
    if (!l)
        return;
    if (l->sig)
        for (size_t g = 0; g < l->ngroups; g++)
            free(l->sig[g]);
    free(l->sig);
    free(l->cap);
    free(l->side);
    free(l->tested);
    free(l->name);
    free(l->brk);
    free(l);
}

const char *pk_support_letters_group(const pk_support_letters *l, size_t g)
{
    return l->name[g];
}

/* Append a letter (and a separating space) to column g's letters. */
static int append(pk_support_letters *l, size_t g, size_t *len, const char *letter)
{
    size_t add = strlen(letter) + 1;
    if (pk_util_grow((void **)&l->sig[g], &l->cap[g], *len + add + 1, 1))
        return -1;
    if (*len > 0)
        l->sig[g][(*len)++] = ' ';
    strcpy(l->sig[g] + *len, letter);
    *len += add - 1;
    return 0;
}

int pk_support_letters_row(pk_support_letters *l, const pk_support_letters_cell *cells)
{
    /* Each column's t once (estimate.h): a pair takes the t of whichever
     * column has fewer degrees of freedom. */
    for (size_t g = 0; g < l->ngroups; g++) {
        const pk_support_letters_cell *c = &cells[g];
        l->tested[g] = l->brk[g] != SIZE_MAX && c->tested;
        if (l->tested[g])
            pk_estimate_side_set(&l->side[g], c->share, c->se, c->n, c->df, l->level);
    }
    for (size_t g = 0; g < l->ngroups; g++) {
        size_t len = 0;
        if (l->tested[g])
            for (size_t h = 0; h < l->ngroups; h++) {
                if (h == g || l->brk[h] != l->brk[g] || !l->tested[h])
                    continue;
                pk_estimate_diff d;
                pk_estimate_diff_of(&l->side[g], &l->side[h], &d);
                if (pk_estimate_diff_sign(&d) > 0 && append(l, g, &len, l->name[h]) != 0)
                    return -1;
            }
        if (len == 0 && l->cap[g] > 0)
            l->sig[g][0] = '\0';
    }
    return 0;
}

const char *pk_support_letters_sig(const pk_support_letters *l, size_t g)
{
    return l->sig[g] ? l->sig[g] : "";
}

void pk_support_letters_footnote(char *buf, size_t size, double level, const char *se_method,
                                 int design, long min_base)
{
    int calibrated = se_method && strcmp(se_method, "calibrated") == 0;
    snprintf(buf, size,
             "Letters: significantly higher than the group with that letter in the same break "
             "(two-sided t test,\n"
             "%.10g%% level, se = sqrt(se1^2 + se2^2) from %s%s standard errors,%s).\n"
             "Many comparisons are made: where two groups do not differ, %.10g%% of such pairs "
             "are lettered by chance.\n"
             "Not tested: All, combined groups, the net score, and bases under %ld (marked *).",
             level * 100, design ? "design-based" : "",
             calibrated ? (design ? ", calibration-aware" : "calibration-aware")
                        : (design ? "" : "fixed-weight"),
             design ? "\nthe smaller of the two groups' df, each its PSUs less its strata"
                    : " min(n1, n2) - 1 df",
             (1 - level) * 100, min_base);
}
