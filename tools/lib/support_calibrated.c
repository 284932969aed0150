/* The calibrated standard error of pollsupport --calibrated in one pass
 * (support_calibrated.h; the formula and its R equivalent are in
 * docs/methods.md, "Calibrated standard error").
 *
 * The algebra. Let X be the N x K matrix of 0/1 indicators (K categories
 * over all margins, a row with no value in a margin having no 1 there), w
 * the weights and, for one domain d with share p and weighted base W_d,
 * z_i = 1{i in d}(y_i - p)/W_d. With b any solution of (X'X) b = X'z and
 * e = z - Xb:
 *     sum_i w_i e_i     = w'z - (X'w)'b
 *     sum_i w_i^2 e_i^2 = z'W2z - 2 (X'W2z)'b + b'(X'W2X)b,   W2 = diag(w^2)
 * and se^2 = N/(N-1) (sum w^2 e^2 - (sum w e)^2 / N). Every piece is a sum
 * over rows that can be kept without keeping the rows:
 *   - over all rows, once: X'X (C below: the counts of every pair of
 *     categories, i.e. each margin's counts on the diagonal blocks and the
 *     cross-tabulation of each pair of margins off them), X'W2X (D: the
 *     same with w^2 added instead of 1) and X'w (tw: weighted totals);
 *   - per domain cell (a group x question x response code: y is constant
 *     on a cell), the cell's count and sum of w^2 in each category
 *     (cnt, sw2), plus its n, sum w and sum w^2.
 * A domain is a set of cells j with values y_j, so
 *     X'z   = sum_j (y_j - p) cnt_j / W_d,     X'W2z = sum_j (y_j - p) sw2_j / W_d,
 *     z'W2z = sum_j (y_j - p)^2 sw2tot_j / W_d^2,   w'z = sum_j (y_j - p) swtot_j / W_d.
 * Memory is K^2 plus K per cell, whatever N is; a combined group's cells
 * are its members' added.
 *
 * X'X is singular (a margin's indicators add up to the intercept, and so do
 * every other margin's). Any generalized inverse gives the same Xb, so b is
 * solved on a maximal set of linearly independent columns: a Cholesky
 * factorization of X'X in column order that drops a column whose squared
 * distance from the span of the columns kept before it is below 1e-9 of its
 * squared length (exact collinearity leaves rounding error only; counts are
 * integers, so X'X is exact). A dropped column gets b = 0. */
#include "support_calibrated.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "number.h"

/* K^2 long doubles are kept three times; beyond this many categories that
 * is more memory than a poll's targets deserve. */
#define MAX_CATEGORIES 2000
#define DROP_TOL 1e-9

typedef struct cellsum {
    long double n, sw, sw2;
} cellsum;

struct pk_support_calibrated {
    const pk_targets *t;
    size_t M, K;
    size_t *off;          /* first category of margin j */
    long **col;           /* col[j][c]: input column of part c of margin j */
    size_t maxcol;
    long *cur;            /* the current row's category in each margin, or -1 */
    long double *C, *D;   /* X'X and X'W2X, K x K */
    long double *tw;      /* X'w */
    long *count;          /* rows in each category */
    long N;
    size_t ncells, capcells;
    long double *cnt, *sw2;   /* [cell][K] */
    cellsum *tot;             /* [cell] */
    long double *L;           /* Cholesky factor of C, K x K, lower */
    unsigned char *dropped;
    const char **vals;
    size_t *lens;
};

void pk_support_calibrated_free(pk_support_calibrated *c)
{
    if (!c)
        return;
    if (c->col)
        for (size_t j = 0; j < c->M; j++)
            free(c->col[j]);
    free(c->col);
    free(c->off);
    free(c->cur);
    free(c->C);
    free(c->D);
    free(c->tw);
    free(c->count);
    free(c->cnt);
    free(c->sw2);
    free(c->tot);
    free(c->L);
    free(c->dropped);
    free(c->vals);
    free(c->lens);
    free(c);
}

pk_support_calibrated *pk_support_calibrated_new(const pk_targets *t, pk_csv_reader *r, pk_err *err)
{
    pk_support_calibrated *c = calloc(1, sizeof *c);
    if (!c) {
        pk_err_nomem(err);
        return NULL;
    }
    c->t = t;
    c->M = t->nmargin;
    c->off = calloc(c->M ? c->M : 1, sizeof *c->off);
    c->col = calloc(c->M ? c->M : 1, sizeof *c->col);
    c->cur = calloc(c->M ? c->M : 1, sizeof *c->cur);
    if (!c->off || !c->col || !c->cur)
        goto nomem;
    for (size_t j = 0; j < c->M; j++) {
        const pk_targets_margin *m = &t->m[j];
        c->off[j] = c->K;
        c->K += m->ncat;
        if (m->ncol > c->maxcol)
            c->maxcol = m->ncol;
        c->col[j] = calloc(m->ncol, sizeof *c->col[j]);
        if (!c->col[j])
            goto nomem;
        for (size_t k = 0; k < m->ncol; k++) {
            c->col[j][k] = pk_csv_reader_col(r, m->col[k]);
            if (c->col[j][k] < 0) {
                pk_err_set(err, PK_ERR_DATA, "%s: no column '%s', a margin of %s (--calibrated)",
                           pk_csv_reader_name(r), m->col[k], t->path);
                goto fail;
            }
        }
    }
    if (c->K > MAX_CATEGORIES) {
        pk_err_set(err, PK_ERR_DATA, "%s: %zu categories in all; --calibrated handles at most %d",
                   t->path, c->K, MAX_CATEGORIES);
        goto fail;
    }
    size_t K = c->K ? c->K : 1;
    c->C = calloc(K * K, sizeof *c->C);
    c->D = calloc(K * K, sizeof *c->D);
    c->tw = calloc(K, sizeof *c->tw);
    c->count = calloc(K, sizeof *c->count);
    c->vals = calloc(c->maxcol ? c->maxcol : 1, sizeof *c->vals);
    c->lens = calloc(c->maxcol ? c->maxcol : 1, sizeof *c->lens);
    if (!c->C || !c->D || !c->tw || !c->count || !c->vals || !c->lens)
        goto nomem;
    return c;
nomem:
    pk_err_nomem(err);
fail:
    pk_support_calibrated_free(c);
    return NULL;
}

/* The error for a value of margin m that TARGETS does not list: a part
 * that no category has in its place is named with its own column; else the
 * combination of an interlocked margin is. */
static int unknown_value(const pk_support_calibrated *c, const pk_targets_margin *m,
                         pk_csv_reader *r, pk_err *err)
{
    char q[96];
    for (size_t p = 0; p < m->ncol; p++) {
        int found = 0;
        for (size_t k = 0; k < m->ncat && !found; k++)
            found = strlen(m->cat[k].part[p]) == c->lens[p] &&
                    memcmp(m->cat[k].part[p], c->vals[p], c->lens[p]) == 0;
        if (!found)
            return pk_err_set(err, PK_ERR_DATA, "%s:%ld:%s: '%s' is not a category of %s in %s "
                                             "(--calibrated needs the margins the weights were raked to)",
                              pk_csv_reader_name(r), pk_csv_reader_line(r), m->col[p],
                              pk_err_quote(q, sizeof q, c->vals[p], c->lens[p]), m->name,
                              c->t->path);
    }
    char joined[256];
    size_t len = 0;
    for (size_t p = 0; p < m->ncol && len + 1 < sizeof joined; p++) {
        int n = snprintf(joined + len, sizeof joined - len, "%s%.*s", p ? ":" : "",
                         (int)c->lens[p], c->vals[p]);
        if (n < 0)
            break;
        len += (size_t)n;
        if (len >= sizeof joined)
            len = sizeof joined - 1;
    }
    return pk_err_set(err, PK_ERR_DATA, "%s:%ld:%s: '%s' is not a category of %s in %s "
                                     "(--calibrated needs the margins the weights were raked to)",
                      pk_csv_reader_name(r), pk_csv_reader_line(r), m->name,
                      pk_err_quote(q, sizeof q, joined, strlen(joined)), m->name, c->t->path);
}

int pk_support_calibrated_row(pk_support_calibrated *c, pk_csv_reader *r, double w, pk_err *err)
{
    size_t K = c->K;
    for (size_t j = 0; j < c->M; j++) {
        const pk_targets_margin *m = &c->t->m[j];
        int missing = 0;
        for (size_t p = 0; p < m->ncol; p++) {
            c->vals[p] = pk_csv_reader_field(r, (size_t)c->col[j][p]);
            c->lens[p] = pk_csv_reader_field_len(r, (size_t)c->col[j][p]);
            missing |= c->lens[p] == 0;
        }
        c->cur[j] = -1;
        if (missing)
            continue;
        long k = pk_targets_margin_find(m, c->vals, c->lens);
        if (k < 0)
            return unknown_value(c, m, r, err);
        c->cur[j] = (long)c->off[j] + k;
    }
    long double w2 = (long double)w * w;
    for (size_t a = 0; a < c->M; a++) {
        long ka = c->cur[a];
        if (ka < 0)
            continue;
        c->count[ka]++;
        c->tw[ka] += w;
        for (size_t b = 0; b < c->M; b++) {
            long kb = c->cur[b];
            if (kb < 0)
                continue;
            c->C[(size_t)ka * K + (size_t)kb] += 1;
            c->D[(size_t)ka * K + (size_t)kb] += w2;
        }
    }
    c->N++;
    return 0;
}

static int ensure_cell(pk_support_calibrated *c, size_t cell, pk_err *err)
{
    if (cell < c->ncells)
        return 0;
    if (cell >= c->capcells) {
        size_t nc = c->capcells ? c->capcells : 64;
        while (nc <= cell)
            nc *= 2;
        size_t K = c->K ? c->K : 1;
        long double *cnt = realloc(c->cnt, nc * K * sizeof *cnt);
        if (!cnt)
            return pk_err_nomem(err);
        c->cnt = cnt;
        long double *sw2 = realloc(c->sw2, nc * K * sizeof *sw2);
        if (!sw2)
            return pk_err_nomem(err);
        c->sw2 = sw2;
        cellsum *tot = realloc(c->tot, nc * sizeof *tot);
        if (!tot)
            return pk_err_nomem(err);
        c->tot = tot;
        c->capcells = nc;
    }
    size_t K = c->K ? c->K : 1;
    for (size_t i = c->ncells; i <= cell; i++) {
        for (size_t k = 0; k < K; k++)
            c->cnt[i * K + k] = c->sw2[i * K + k] = 0;
        c->tot[i] = (cellsum){0, 0, 0};
    }
    c->ncells = cell + 1;
    return 0;
}

int pk_support_calibrated_cell(pk_support_calibrated *c, size_t *id, pk_err *err)
{
    *id = c->ncells;
    return ensure_cell(c, c->ncells, err);
}

int pk_support_calibrated_add(pk_support_calibrated *c, size_t cell, double w, pk_err *err)
{
    if (!(w > 0))
        return 0;
    if (ensure_cell(c, cell, err) != 0)
        return err->status;
    size_t K = c->K ? c->K : 1;
    long double w2 = (long double)w * w;
    long double *cnt = c->cnt + cell * K, *sw2 = c->sw2 + cell * K;
    for (size_t j = 0; j < c->M; j++) {
        long k = c->cur[j];
        if (k >= 0) {
            cnt[k] += 1;
            sw2[k] += w2;
        }
    }
    c->tot[cell].n += 1;
    c->tot[cell].sw += w;
    c->tot[cell].sw2 += w2;
    return 0;
}

int pk_support_calibrated_merge(pk_support_calibrated *c, size_t dst, size_t src, pk_err *err)
{
    size_t hi = dst > src ? dst : src;
    if (ensure_cell(c, hi, err) != 0)
        return err->status;
    size_t K = c->K ? c->K : 1;
    for (size_t k = 0; k < K; k++) {
        c->cnt[dst * K + k] += c->cnt[src * K + k];
        c->sw2[dst * K + k] += c->sw2[src * K + k];
    }
    c->tot[dst].n += c->tot[src].n;
    c->tot[dst].sw += c->tot[src].sw;
    c->tot[dst].sw2 += c->tot[src].sw2;
    return 0;
}

/* Cholesky factor of C on the columns that are not (numerically) in the
 * span of the columns before them; see the comment at the top. */
static int factor(pk_support_calibrated *c, pk_err *err)
{
    size_t K = c->K;
    c->L = calloc(K ? K * K : 1, sizeof *c->L);
    c->dropped = calloc(K ? K : 1, 1);
    if (!c->L || !c->dropped)
        return pk_err_nomem(err);
    long double *L = c->L;
    const long double *C = c->C;
    for (size_t j = 0; j < K; j++) {
        long double s = C[j * K + j];
        for (size_t l = 0; l < j; l++)
            s -= L[j * K + l] * L[j * K + l];
        if (!(s > DROP_TOL * C[j * K + j])) {
            c->dropped[j] = 1;
            continue;
        }
        long double d = sqrtl(s);
        L[j * K + j] = d;
        for (size_t i = j + 1; i < K; i++) {
            long double v = C[i * K + j];
            for (size_t l = 0; l < j; l++)
                v -= L[i * K + l] * L[j * K + l];
            L[i * K + j] = v / d;
        }
    }
    return 0;
}

int pk_support_calibrated_finish(pk_support_calibrated *c, const char *input, pk_err *err)
{
    const pk_targets *t = c->t;
    char b1[PK_NUMBER_BUFSIZE], b2[PK_NUMBER_BUFSIZE], b3[PK_NUMBER_BUFSIZE];
    /* The rule pollweight applied before it weighted (targets.h): a
     * targets file it would refuse cannot be what the weights were raked
     * to. A category with target 0 and no respondents passes both. */
    const pk_targets_use use = {input, "weight",
                                "these are not the margins the weights were raked to "
                                "(--calibrated)"};
    for (size_t j = 0; j < c->M; j++)
        for (size_t k = 0; k < t->m[j].ncat; k++)
            if (pk_targets_check_category(t, j, k, c->count[c->off[j] + k],
                                          (double)c->tw[c->off[j] + k], &use, err) != 0)
                return err->status;
    /* The worst gap between a weighted margin share and its target. */
    double worst = -1, wshare = 0;
    size_t wj = 0, wk = 0;
    for (size_t j = 0; j < c->M; j++) {
        const pk_targets_margin *m = &t->m[j];
        long double total = 0;
        for (size_t k = 0; k < m->ncat; k++)
            total += c->tw[c->off[j] + k];
        for (size_t k = 0; k < m->ncat; k++) {
            double share = total > 0 ? (double)(c->tw[c->off[j] + k] / total) : NAN;
            double gap = fabs(share - m->cat[k].target);
            if (!(gap <= worst)) {
                worst = isnan(gap) ? INFINITY : gap;
                wshare = share;
                wj = j;
                wk = k;
            }
        }
    }
    if (worst > PK_SUPPORT_CALIBRATED_TOL) {
        const pk_targets_margin *m = &t->m[wj];
        return pk_err_set(err, PK_ERR_DATA,
                          "%s: the weights were not raked to %s: the weighted share of %s '%s' "
                          "is %s, its target %s (%s:%ld); --calibrated allows a gap of at most %s",
                          input, t->path, m->name, m->cat[wk].name, pk_number_format(b1, wshare, 10),
                          pk_number_format(b2, m->cat[wk].target, 10), t->path, m->cat[wk].line,
                          pk_number_format(b3, PK_SUPPORT_CALIBRATED_TOL, 3));
    }
    return factor(c, err);
}

/* X'z and X'W2z of the domain into g and h (K each), and z'W2z and w'z. */
static void domain_sums(const pk_support_calibrated *c, size_t k, const size_t *cells,
                        const double *y, double p, double W, long double *g, long double *h,
                        long double *zz, long double *wz)
{
    size_t K = c->K;
    *zz = *wz = 0;
    for (size_t j = 0; j < k; j++) {
        if (cells[j] >= c->ncells)
            continue;   /* a cell no row reached */
        long double dy = (long double)y[j] - p;
        const long double *cnt = c->cnt + cells[j] * K, *sw2 = c->sw2 + cells[j] * K;
        for (size_t a = 0; a < K; a++) {
            g[a] += dy * cnt[a];
            h[a] += dy * sw2[a];
        }
        *zz += dy * dy * c->tot[cells[j]].sw2;
        *wz += dy * c->tot[cells[j]].sw;
    }
    for (size_t a = 0; a < K; a++) {
        g[a] /= W;
        h[a] /= W;
    }
    *zz /= (long double)W * W;
    *wz /= W;
}

/* b = C^- g in place: forward then back substitution on the kept columns. */
static void solve(const pk_support_calibrated *c, long double *g)
{
    size_t K = c->K;
    const long double *L = c->L;
    for (size_t a = 0; a < K; a++) {
        if (c->dropped[a]) {
            g[a] = 0;
            continue;
        }
        long double v = g[a];
        for (size_t l = 0; l < a; l++)
            v -= L[a * K + l] * g[l];
        g[a] = v / L[a * K + a];
    }
    for (size_t a = K; a-- > 0;) {
        if (c->dropped[a])
            continue;
        long double v = g[a];
        for (size_t i = a + 1; i < K; i++)
            v -= L[i * K + a] * g[i];
        g[a] = v / L[a * K + a];
    }
}

int pk_support_calibrated_sums(const pk_support_calibrated *c, size_t k, const size_t *cells,
                               const double *y, double p, double W, long double *swe,
                               long double *sw2e2)
{
    size_t K = c->K;
    long double *g = calloc(2 * (K ? K : 1), sizeof *g);
    if (!g)
        return -1;
    long double *h = g + K, zz, wz;
    domain_sums(c, k, cells, y, p, W, g, h, &zz, &wz);
    solve(c, g);
    const long double *b = g;
    long double tb = 0, hb = 0, bDb = 0;
    for (size_t a = 0; a < K; a++) {
        if (b[a] == 0)
            continue;
        tb += c->tw[a] * b[a];
        hb += h[a] * b[a];
        long double row = 0;
        for (size_t i = 0; i < K; i++)
            row += c->D[a * K + i] * b[i];
        bDb += b[a] * row;
    }
    *swe = wz - tb;
    *sw2e2 = zz - 2 * hb + bDb;
    free(g);
    return 0;
}

double pk_support_calibrated_se(const pk_support_calibrated *c, size_t k, const size_t *cells,
                                const double *y, double p, double W)
{
    long N = c->N;
    if (!(W > 0) || N < 2)
        return NAN;
    long double swe, sw2e2;
    if (pk_support_calibrated_sums(c, k, cells, y, p, W, &swe, &sw2e2) != 0)
        return NAN;
    long double v = (sw2e2 - swe * swe / N) * N / (N - 1);
    return v > 0 ? (double)sqrtl(v) : 0.0;
}

size_t pk_support_calibrated_ncategories(const pk_support_calibrated *c)
{
    return c->K;
}

const long *pk_support_calibrated_current(const pk_support_calibrated *c, size_t *m)
{
    *m = c->M;
    return c->cur;
}

int pk_support_calibrated_project(const pk_support_calibrated *c, size_t k, const size_t *cells,
                                  const double *y, double p, double W, double *b)
{
    size_t K = c->K;
    long double *g = calloc(2 * (K ? K : 1), sizeof *g);
    if (!g)
        return -1;
    long double zz, wz;
    domain_sums(c, k, cells, y, p, W, g, g + K, &zz, &wz);
    solve(c, g);
    for (size_t a = 0; a < K; a++)
        b[a] = (double)g[a];
    free(g);
    return 0;
}
