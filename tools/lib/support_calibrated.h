/* Calibration-aware standard errors for pollsupport --calibrated TARGETS:
 * the linearization of a share estimated with weights raked to TARGETS
 * (docs/methods.md, "Calibrated standard error").
 *
 * The weights-as-fixed se of a domain d comes from the influence values
 * w_i z_i, z_i = 1{i in d} (y_i - p) / W_d. Raking makes the weights depend
 * on the sample; its linearization replaces z by the residual e of z's
 * unweighted least-squares projection on X, the 0/1 indicators of each
 * row's category in every margin:
 *     e = z - X b,  b = (X'X)^- X'z,
 *     se^2 = N/(N-1) sum_i (w_i e_i - m)^2,  m = mean of w_i e_i.
 * This module gets it in one pass with memory independent of the rows.
 *
 * The caller (support.c) tells it each row once (pk_support_calibrated_row,
 * which finds the row's category in every margin and accumulates the sums
 * over all rows), then every domain cell the row falls in
 * (pk_support_calibrated_add; one cell per group x question x response
 * code, made by pk_support_calibrated_cell on first use), and after the pass
 * asks for the se of a domain made of some cells, each with its y value.
 * Nothing here prints or exits. */
#ifndef POLLKIT_SUPPORT_CALIBRATED_H
#define POLLKIT_SUPPORT_CALIBRATED_H

#include <stddef.h>

#include "csvio.h"
#include "err.h"
#include "targets.h"

/* The largest |weighted share - target| the weights may show before they
 * are refused as not raked to TARGETS. */
#define PK_SUPPORT_CALIBRATED_TOL 1e-6

typedef struct pk_support_calibrated pk_support_calibrated;

/* Find the margins' columns in r's header (each column of an interlocked
 * margin too). t must outlive the result. NULL and err when a column is
 * missing or memory runs out. */
pk_support_calibrated *pk_support_calibrated_new(const pk_targets *t, pk_csv_reader *r,
                                                 pk_err *err);
void pk_support_calibrated_free(pk_support_calibrated *c);

/* The current record of r, weight w: its categories (an empty field, or an
 * empty part of an interlocked margin, is no category in that margin) and
 * the sums over all rows. A value that is not a category of TARGETS is an
 * error naming FILE:LINE:COLUMN. */
int pk_support_calibrated_row(pk_support_calibrated *c, pk_csv_reader *r, double w, pk_err *err);

/* A new cell with zero sums: its id in *id. */
int pk_support_calibrated_cell(pk_support_calibrated *c, size_t *id, pk_err *err);

/* The current row (its last pk_support_calibrated_row) is in domain cell
 * `cell` with weight w > 0 (w <= 0: nothing to add). A cell id beyond the
 * cells made so far makes every cell up to it. */
int pk_support_calibrated_add(pk_support_calibrated *c, size_t cell, double w, pk_err *err);

/* Add cell src's sums into dst (a combined group). */
int pk_support_calibrated_merge(pk_support_calibrated *c, size_t dst, size_t src, pk_err *err);

/* After the pass: every TARGETS category must have respondents, and the
 * weighted margins must meet TARGETS within PK_SUPPORT_CALIBRATED_TOL (the
 * message names the worst category); then the margins' cross-tabulation is
 * factored. input names the data in messages. */
int pk_support_calibrated_finish(pk_support_calibrated *c, const char *input, pk_err *err);

/* The calibrated se of the domain made of cells[0..k), cell j counting y[j]
 * for each of its rows (an id of SIZE_MAX: a cell without rows), with share
 * p and weighted base W (as the caller computed them). NaN when W <= 0 or
 * the input has fewer than 2 rows. */
double pk_support_calibrated_se(const pk_support_calibrated *c, size_t k, const size_t *cells,
                                const double *y, double p, double W);

/* The sums behind pk_support_calibrated_se: of the influence values w e
 * (*swe) and of their squares (*sw2e2) over every row. Non-zero when
 * memory runs out. The change between two waves of separate samples sums
 * them over both (support_waves.c). */
int pk_support_calibrated_sums(const pk_support_calibrated *c, size_t k, const size_t *cells,
                               const double *y, double p, double W, long double *swe,
                               long double *sw2e2);

/* For a design's PSUs (support_design.h): the number K of categories over
 * all margins, the current row's category in each of the M margins (-1:
 * none; valid until the next row), and the projection coefficients b (K of
 * them, the caller's array) of the domain described as for
 * pk_support_calibrated_se; the PSU totals of w e are then those of w z less
 * (sum of w X over the PSU) . b. Non-zero when memory runs out. */
size_t pk_support_calibrated_ncategories(const pk_support_calibrated *c);
const long *pk_support_calibrated_current(const pk_support_calibrated *c, size_t *m);
int pk_support_calibrated_project(const pk_support_calibrated *c, size_t k, const size_t *cells,
                                  const double *y, double p, double W, double *b);

#endif
