/* Stratified and clustered designs for pollsupport --strata, --psu, --fpc
 * and --lonely-psu: the linearization standard error of a domain's share,
 * its degrees of freedom, as R's svydesign(ids = ~psu, strata = ~stratum,
 * fpc = ~fpc, weights = ~w, nest = TRUE) gives them through svyby, svymean
 * and svyciprop (docs/methods.md, "Stratified and clustered designs").
 *
 * For a domain d with share p and weighted base W, each PSU j of stratum h
 * has the total u_j = sum over its rows in d of w_i (y_i - p) / W (0 when
 * none of its rows is in d), and
 *     se^2 = sum_h f_h n_h/(n_h - 1) sum_j (u_j - mean_h u)^2,
 * n_h the PSUs of stratum h in the whole input, f_h = 1 - n_h/N_h with
 * --fpc (N_h its population PSUs), else 1. Without --psu every row is its
 * own PSU; without --strata the input is one stratum. PSUs are nested in
 * strata: PSU '1' of stratum 'a' is not PSU '1' of stratum 'b'.
 *
 * A stratum of one PSU (a lonely PSU) has no variance of its own: fail
 * (R's default) refuses the input, naming the stratum; certainty and
 * remove count it as 0; adjust measures its PSU's total from 0 (the
 * domain's centre), as R does. A stratum whose fpc says every PSU was
 * taken has no variance and is never lonely.
 *
 * Memory: with --psu, one sum per PSU for every table cell a PSU's rows
 * reach (PSUs x cells); without it, three sums per stratum and cell. One
 * pass over the input, as the rest of pollsupport. Nothing here prints or
 * exits. */
#ifndef POLLKIT_SUPPORT_DESIGN_H
#define POLLKIT_SUPPORT_DESIGN_H

#include <stddef.h>

#include "csvio.h"
#include "err.h"

/* The rules for a stratum with one PSU, the one list the enum and the
 * --lonely-psu choices are made from: X(CONSTANT, "name"). */
#define PK_SUPPORT_DESIGN_LONELY_RULES(X)                                                          \
    X(PK_SUPPORT_DESIGN_LONELY_FAIL, "fail")                                                       \
    X(PK_SUPPORT_DESIGN_LONELY_ADJUST, "adjust")                                                   \
    X(PK_SUPPORT_DESIGN_LONELY_CERTAINTY, "certainty")                                             \
    X(PK_SUPPORT_DESIGN_LONELY_REMOVE, "remove")

enum pk_support_design_lonely {
#define PK_SUPPORT_DESIGN_X_ENUM(constant, name) constant,
    PK_SUPPORT_DESIGN_LONELY_RULES(PK_SUPPORT_DESIGN_X_ENUM)
#undef PK_SUPPORT_DESIGN_X_ENUM
};

typedef struct pk_support_design_opts {
    const char *psu, *strata, *fpc;   /* columns; NULL: not given */
    enum pk_support_design_lonely lonely;
} pk_support_design_opts;

typedef struct pk_support_design pk_support_design;

/* Find the columns in r's header. NULL and err when one is missing. */
pk_support_design *pk_support_design_new(const pk_support_design_opts *o, pk_csv_reader *r,
                                         pk_err *err);
void pk_support_design_free(pk_support_design *d);

/* The current record of r: its stratum, PSU and fpc. An empty field, an
 * fpc that is not a positive number or differs from the stratum's first,
 * is an error naming FILE:LINE:COLUMN. */
int pk_support_design_row(pk_support_design *d, pk_csv_reader *r, pk_err *err);

/* A new cell with zero sums: its id in *id. */
int pk_support_design_cell(pk_support_design *d, size_t *id, pk_err *err);

/* The current row is in cell `cell` with weight w (w <= 0: nothing). */
int pk_support_design_add(pk_support_design *d, size_t cell, double w, pk_err *err);

/* Add cell src's sums into dst (a combined group). */
int pk_support_design_merge(pk_support_design *d, size_t dst, size_t src, pk_err *err);

/* With --calibrated: keep, for every PSU, the sum of w over its rows in
 * each of K calibration categories (memory PSUs x K), so that a domain's
 * PSU totals can be taken less the projection on the margins. Needs --psu.
 * Call before the first row. */
int pk_support_design_calibrate(pk_support_design *d, size_t K, pk_err *err);

/* The current row's calibration categories (m of them, -1: none) and its
 * weight w, after pk_support_design_row. */
int pk_support_design_row_categories(pk_support_design *d, const long *cat, size_t m, double w,
                                     pk_err *err);

/* After the pass: the fpc of each stratum (all at most 1: sampling
 * fractions; else population counts, none below the stratum's PSUs) and
 * the lonely strata under --lonely-psu fail. input names the data. */
int pk_support_design_finish(pk_support_design *d, const char *input, pk_err *err);

/* The domain made of cells[0..k) (SIZE_MAX: a cell without rows), cell j
 * counting y[j] for each of its rows, with share p and weighted base W:
 * its standard error (NaN when W <= 0 or memory runs out) and degrees of
 * freedom, the PSUs with a row of positive weight in the domain less the
 * strata they are in (R's degf on the domain). With b (K coefficients of
 * the calibration's projection, support_calibrated.h; NULL: none) each
 * PSU's total is taken less its categories' sums of w times b. */
void pk_support_design_se(const pk_support_design *d, size_t k, const size_t *cells,
                          const double *y, double p, double W, const double *b, double *se,
                          long *df);

/* The se of a sum of domains' estimates, each part sign * its estimate
 * (the change between two waves: +1 the later, -1 the earlier), its PSU
 * totals u_j summed over the parts: every part's cells are the design's,
 * each with its own y, p and W as above. pk_support_design_se is one part
 * of sign +1. */
typedef struct pk_support_design_part {
    size_t k;
    const size_t *cells;
    const double *y;
    double p, W, sign;
} pk_support_design_part;

void pk_support_design_se_parts(const pk_support_design *d, size_t nparts,
                                const pk_support_design_part *parts, const double *b, double *se,
                                long *df);

#endif
