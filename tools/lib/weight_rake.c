/* Raking (weight.h) and capping: iterative proportional fitting on the
 * category codes, and raking with every margin step holding caps on the
 * weights relative to their mean. See docs/methods.md, "Raking". */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "weight_internal.h"

/* Weighted totals per category of the margins in [from, to), using w. */
static void margin_sums(size_t n, const uint16_t *const *codes, double *const *sums, const size_t *ncat,
                        size_t from, size_t to, const double *w)
{
    for (size_t j = from; j < to; j++)
        memset(sums[j], 0, ncat[j] * sizeof *sums[j]);
    for (size_t j = from; j < to; j++) {
        const uint16_t *cj = codes[j];
        double *sj = sums[j];
        for (size_t i = 0; i < n; i++)
            if (cj[i] != PK_CODE_MISSING)
                sj[cj[i]] += w[i];
    }
}

static double gap_from_sums(size_t nmargin, double *const *sums, const size_t *ncat, const double *const *target)
{
    double gap = 0;
    for (size_t j = 0; j < nmargin; j++) {
        double tot = 0;
        for (size_t k = 0; k < ncat[j]; k++)
            tot += sums[j][k];
        for (size_t k = 0; k < ncat[j]; k++) {
            double g = tot > 0 ? fabs(sums[j][k] / tot - target[j][k]) : target[j][k];
            if (!(g <= gap))
                gap = g;
        }
    }
    return gap;
}

static double **alloc_sums(size_t nmargin, const size_t *ncat)
{
    size_t tot = 0;
    for (size_t j = 0; j < nmargin; j++)
        tot += ncat[j];
    double **s = malloc(nmargin * sizeof *s + tot * sizeof **s + sizeof(double));
    if (!s)
        return NULL;
    /* One allocation: the pointer table, then the sums (aligned for double). */
    size_t off = (nmargin * sizeof *s + sizeof(double) - 1) / sizeof(double) * sizeof(double);
    double *p = (double *)((char *)s + off);
    for (size_t j = 0; j < nmargin; j++) {
        s[j] = p;
        p += ncat[j];
    }
    return s;
}

double pk_weight_margin_gap(size_t n, size_t nmargin, const uint16_t *const *codes, const size_t *ncat,
                     const double *const *target, const double *w)
{
    double **sums = alloc_sums(nmargin, ncat);
    if (!sums)
        return NAN;
    margin_sums(n, codes, sums, ncat, 0, nmargin, w);
    double gap = gap_from_sums(nmargin, sums, ncat, target);
    free(sums);
    return gap;
}

/* Raking on codes whose "no value" is one more category, ncat[j]: its
 * factor is 1 and its total is never read, so the sweeps' loops have no
 * branch (a respondent without a vote2024 answer was a mispredicted branch
 * in every pass). Multiplying by 1 and adding to a total no one reads
 * change nothing: the weights are bit for bit those of the codes with
 * PK_CODE_MISSING. */
static int rake_slots(size_t n, size_t nmargin, const uint16_t *const *c, const size_t *ncat,
                      const double *const *target, double *w, double tol, long max_iter, long *sweeps, double *max_gap)
{
    /* Each margin's totals with a slot for "no value" after them. */
    size_t *ncat1 = calloc(nmargin ? nmargin : 1, sizeof *ncat1);
    size_t maxcat = 1;
    for (size_t j = 0; ncat1 && j < nmargin; j++) {
        ncat1[j] = ncat[j] + 1;
        if (ncat1[j] > maxcat)
            maxcat = ncat1[j];
    }
    double **sums = ncat1 ? alloc_sums(nmargin, ncat1) : NULL;
    double *f = malloc(maxcat * sizeof *f);
    if (!ncat1 || !sums || !f) {
        free(ncat1);
        free(sums);
        free(f);
        return -1;
    }
    for (size_t j = 0; j < nmargin; j++) {
        memset(sums[j], 0, ncat1[j] * sizeof *sums[j]);
        for (size_t i = 0; i < n; i++)
            sums[j][c[j][i]] += w[i];
    }
    double gap = gap_from_sums(nmargin, sums, ncat, target);
    long sweep = 0;
    /* Each pass applies margin j's factors and, with the new weights,
     * accumulates the next margin's totals; the last margin's pass
     * accumulates every margin's, for the stop rule and the next sweep:
     * one pass over the data per margin. Each total is still the sum of
     * its respondents' weights in input order. */
    while (!(gap < tol) && sweep < max_iter) {
        sweep++;
        for (size_t j = 0; j < nmargin; j++) {
            double tot = 0;
            for (size_t k = 0; k < ncat[j]; k++)
                tot += sums[j][k];
            for (size_t k = 0; k < ncat[j]; k++)
                f[k] = sums[j][k] > 0 ? target[j][k] * tot / sums[j][k] : 1.0;
            f[ncat[j]] = 1.0;
            const uint16_t *cj = c[j];
            if (j + 1 < nmargin) {
                const uint16_t *cn = c[j + 1];
                double *sn = sums[j + 1];
                memset(sn, 0, ncat1[j + 1] * sizeof *sn);
                for (size_t i = 0; i < n; i++) {
                    w[i] *= f[cj[i]];
                    sn[cn[i]] += w[i];
                }
                continue;
            }
            for (size_t m = 0; m < nmargin; m++)
                memset(sums[m], 0, ncat1[m] * sizeof *sums[m]);
            if (nmargin == 5) {
                /* The usual five margins (sex, age, region, education,
                 * past vote), with their pointers in registers. */
                const uint16_t *c0 = c[0], *c1 = c[1], *c2 = c[2], *c3 = c[3];
                double *s0 = sums[0], *s1 = sums[1], *s2 = sums[2], *s3 = sums[3], *s4 = sums[4];
                for (size_t i = 0; i < n; i++) {
                    double x = w[i] * f[cj[i]];
                    w[i] = x;
                    s0[c0[i]] += x;
                    s1[c1[i]] += x;
                    s2[c2[i]] += x;
                    s3[c3[i]] += x;
                    s4[cj[i]] += x;
                }
            } else {
                for (size_t i = 0; i < n; i++) {
                    double x = w[i] * f[cj[i]];
                    w[i] = x;
                    for (size_t m = 0; m < nmargin; m++)
                        sums[m][c[m][i]] += x;
                }
            }
        }
        gap = gap_from_sums(nmargin, sums, ncat, target);
    }
    free(ncat1);
    free(sums);
    free(f);
    *sweeps = sweep;
    *max_gap = gap;
    return gap < tol ? 0 : 1;
}

/* Each margin's "no value" as ncat[j] and back (see rake_slots). */
static void codes_to_slots(size_t n, size_t nmargin, uint16_t *const *codes, const size_t *ncat, int back)
{
    for (size_t j = 0; j < nmargin; j++) {
        uint16_t from = back ? (uint16_t)ncat[j] : PK_CODE_MISSING, to = back ? PK_CODE_MISSING : (uint16_t)ncat[j];
        uint16_t *cj = codes[j];
        for (size_t i = 0; i < n; i++)
            cj[i] = cj[i] == from ? to : cj[i];
    }
}

int pk_weight_rake_in_place(size_t n, size_t nmargin, uint16_t *const *codes, const size_t *ncat,
                            const double *const *target, double *w, double tol, long max_iter, long *sweeps,
                            double *max_gap)
{
    codes_to_slots(n, nmargin, codes, ncat, 0);
    int r = rake_slots(n, nmargin, (const uint16_t *const *)codes, ncat, target, w, tol, max_iter, sweeps, max_gap);
    codes_to_slots(n, nmargin, codes, ncat, 1);
    return r;
}

int pk_weight_rake(size_t n, size_t nmargin, const uint16_t *const *codes, const size_t *ncat,
            const double *const *target, double *w, double tol, long max_iter, long *sweeps, double *max_gap)
{
    uint16_t **c = malloc((nmargin ? nmargin : 1) * sizeof *c + nmargin * (n ? n : 1) * sizeof **c);
    if (!c)
        return -1;
    for (size_t j = 0; j < nmargin; j++) {
        c[j] = (uint16_t *)(void *)(c + nmargin) + j * n;
        memcpy(c[j], codes[j], n * sizeof **c);
    }
    int r = pk_weight_rake_in_place(n, nmargin, c, ncat, target, w, tol, max_iter, sweeps, max_gap);
    free(c);
    return r;
}

/* ------------------------------------------------------------- capping */

static double mean_of(const double *w, size_t n)
{
    double s = 0;
    for (size_t i = 0; i < n; i++)
        s += w[i];
    return s / (double)n;
}

int pk_weight_caps_hold(const double *w, size_t n, double lo, double hi)
{
    double m = mean_of(w, n);
    for (size_t i = 0; i < n; i++)
        if (w[i] > 0 && (w[i] < lo * m * (1 - PK_CAP_SLACK) || w[i] > hi * m * (1 + PK_CAP_SLACK)))
            return 0;
    return 1;
}

/* Clip positive weights to [lo m, hi m] where m is the mean of the clipped
 * weights themselves (found by fixed-point iteration), so the caps hold
 * relative to the mean the weights end with. Zero weights stay zero. */
void pk_weight_clip_to_mean(double *w, size_t n, double lo, double hi)
{
    double m = mean_of(w, n);
    for (int it = 0; it < 200; it++) {
        double s = 0;
        for (size_t i = 0; i < n; i++) {
            double v = w[i];
            if (v > 0)
                v = v < lo * m ? lo * m : v > hi * m ? hi * m : v;
            s += v;
        }
        double m2 = s / (double)n;
        int done = fabs(m2 - m) <= 1e-15 * m;
        m = m2;
        if (done)
            break;
    }
    for (size_t i = 0; i < n; i++)
        if (w[i] > 0)
            w[i] = w[i] < lo * m ? lo * m : w[i] > hi * m ? hi * m : w[i];
}

static inline double clamp(double v, double lo, double hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

/* One capped raking step for margin j, the caps [lo, hi] times the mean
 * weight: for each category k find the factor f_k with
 *   sum over k of clamp(f_k w_i, lo, hi) = share_k x (weight with a value),
 * then apply it. The left side is piecewise linear and increasing in f_k;
 * solving the linear piece the current f_k is on, and bisecting when that
 * jumps out of the bracket, finds it in a few passes. A category that
 * cannot reach its share within the caps ends with all its weights at the
 * nearer cap (the margin then stays off and raking fails to converge). */
static int capped_step(size_t n, const uint16_t *cj, size_t K, const double *target, double *w, double lo, double hi)
{
    double *f = malloc(K * 6 * sizeof *f);
    if (!f)
        return -1;
    double *T = f + K, *fa = f + 2 * K, *fb = f + 3 * K, *freew = f + 4 * K, *fixedw = f + 5 * K;
    size_t *cnt = calloc(K + 1, sizeof *cnt);
    char *done = calloc(K + 1, 1);
    if (!cnt || !done) {
        free(f);
        free(cnt);
        free(done);
        return -1;
    }
    double wv = 0, all = 0;
    for (size_t k = 0; k < K; k++)
        freew[k] = 0;
    for (size_t i = 0; i < n; i++) {
        all += w[i];
        if (cj[i] != PK_CODE_MISSING && w[i] > 0) {
            freew[cj[i]] += w[i];
            cnt[cj[i]]++;
            wv += w[i];
        }
    }
    /* The caps are relative to the mean, which stays 1 while every
     * category can reach its share; when one cannot, the total drifts and
     * the caps must follow it, or the drift would make them meet. */
    double mean = all / (double)n;
    lo *= mean;
    hi *= mean;
    for (size_t k = 0; k < K; k++) {
        T[k] = target[k] * wv;
        fa[k] = 0;
        fb[k] = INFINITY;
        if (cnt[k] == 0 || !(freew[k] > 0)) {
            f[k] = 1;
            done[k] = 1;
        } else if (T[k] >= hi * (double)cnt[k]) {
            f[k] = INFINITY; /* everyone at the upper cap */
            done[k] = 1;
        } else if (T[k] <= lo * (double)cnt[k]) {
            f[k] = 0; /* everyone at the lower cap */
            done[k] = 1;
        } else
            f[k] = T[k] / freew[k];
    }
    for (int pass = 0; pass < 200; pass++) {
        int pending = 0;
        for (size_t k = 0; k < K; k++)
            pending |= !done[k];
        if (!pending)
            break;
        for (size_t k = 0; k < K; k++)
            freew[k] = fixedw[k] = 0;
        for (size_t i = 0; i < n; i++) {
            uint16_t c = cj[i];
            if (c == PK_CODE_MISSING || done[c] || !(w[i] > 0))
                continue;
            double v = f[c] * w[i];
            if (v <= lo)
                fixedw[c] += lo;
            else if (v >= hi)
                fixedw[c] += hi;
            else
                freew[c] += w[i];
        }
        for (size_t k = 0; k < K; k++) {
            if (done[k])
                continue;
            double h = f[k] * freew[k] + fixedw[k];
            if (fabs(h - T[k]) <= 1e-14 * T[k]) {
                done[k] = 1;
                continue;
            }
            if (h < T[k])
                fa[k] = f[k];
            else
                fb[k] = f[k];
            double nf = freew[k] > 0 ? (T[k] - fixedw[k]) / freew[k] : NAN;
            if (!(nf > fa[k] && nf < fb[k]))
                nf = isfinite(fb[k]) ? (fa[k] + fb[k]) / 2 : 2 * f[k];
            if (nf == f[k])
                done[k] = 1;
            f[k] = nf;
        }
    }
    for (size_t i = 0; i < n; i++) {
        uint16_t c = cj[i];
        if (c != PK_CODE_MISSING && w[i] > 0)
            w[i] = isinf(f[c]) ? hi : clamp(f[c] * w[i], lo, hi);
    }
    free(f);
    free(cnt);
    free(done);
    return 0;
}

/* Raking with the caps held: weights at mean 1 on entry, every margin step
 * capped (capped_step), until the margins are within tol. */
int pk_weight_rake_capped(size_t n, size_t nmargin, const uint16_t *const *codes, const size_t *ncat,
                          const double *const *target, double *w, double lo, double hi, double tol, long max_iter,
                          long *sweeps, double *max_gap)
{
    long sweep = 0;
    double gap = pk_weight_margin_gap(n, nmargin, codes, ncat, target, w);
    while (!(gap < tol) && sweep < max_iter) {
        sweep++;
        for (size_t j = 0; j < nmargin; j++)
            if (capped_step(n, codes[j], ncat[j], target[j], w, lo, hi))
                return -1;
        gap = pk_weight_margin_gap(n, nmargin, codes, ncat, target, w);
        if (isnan(gap))
            return -1;
    }
    *sweeps = sweep;
    *max_gap = gap;
    return gap < tol ? 0 : 1;
}
