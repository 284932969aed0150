/* pollsupport --waves COL: a stacked file (one row per respondent per
 * wave) read once into one support table per wave, and the change between
 * waves (docs/methods.md, "Change between waves").
 *
 * Each wave's rows are what pk_support_read gives on that wave's records
 * alone (its own N, PSUs and strata), stamped with the wave's code, label
 * and fieldwork. Then, for each later wave and each row of it that the
 * earlier wave also has (same question, by, group and response), a change
 * row: response_kind `change`, share = the later share minus the earlier,
 * its standard error in the stacked design and the normal interval
 * d -+ z se (R's svycontrast has no degrees of freedom), wave the later
 * wave, versus_wave the earlier, n the later wave's.
 *
 * The stacked design is the whole file as one sample: its strata and PSUs
 * (--strata, --psu; without --psu each row is its own PSU) across every
 * wave. For each PSU j of stratum h the change's total is
 *     u_j = sum_{i in j, later domain} w_i (y_i - p_b)/W_b
 *         - sum_{i in j, earlier domain} w_i (y_i - p_a)/W_a
 * and se^2 = sum_h n_h/(n_h - 1) sum_j (u_j - mean_h u)^2, n_h the PSUs of
 * stratum h in the whole file. With the respondent's id as --psu, a panel's
 * two answers of one person fall in one PSU and their covariance enters
 * the se: R's svycontrast(svyby(~y, ~wave, subset(svydesign(ids=~id,
 * weights=~w, data=stacked), domain), svymean, covmat=TRUE), c(-1, 1)).
 *
 * With --calibrated (each wave raked to the same targets; no design) each
 * wave's table is calibrated on its own, and the change's se is that of
 * the stacked file as rows-as-PSUs with each row's residual e from its own
 * wave's projection (the waves' margins are disjoint, so R's rake of the
 * stacked design on wave-by-category margins gives the same residuals):
 *     se^2 = N/(N-1) (sum_i (w e_i)^2 - (sum_i s_i w e_i)^2 / N),
 * s_i +1 for the later wave's rows and -1 for the earlier's.
 *
 * Mean rows get no change row. Nothing here prints or exits. */
#ifndef POLLKIT_SUPPORT_WAVES_H
#define POLLKIT_SUPPORT_WAVES_H

#include <stdio.h>

#include "support.h"

typedef struct pk_support_waves_opts {
    const char *column;          /* the wave's code */
    /* Waves from a codebook, in its order (ncodes 0: none; the waves are
     * then those in the data, in numeric order when every code is a
     * number, else bytewise, so ISO dates go in date order). */
    size_t ncodes;
    const char *const *codes;
    const char *const *labels;   /* may be NULL or hold NULLs */
    int from_first;              /* --change-from first: every wave against the first */
} pk_support_waves_opts;

typedef struct pk_support_waves pk_support_waves;

/* One pass over r. NULL and err on bad data (as pk_support_read; a row
 * without a wave names FILE:LINE:COLUMN) or bad options. */
pk_support_waves *pk_support_waves_read(pk_csv_reader *r, const pk_support_opts *o,
                                        const pk_support_waves_opts *wo, pk_err *err);
void pk_support_waves_free(pk_support_waves *w);

size_t pk_support_waves_nnotes(const pk_support_waves *w);
const char *pk_support_waves_note(const pk_support_waves *w, size_t i);

/* The waves in order: each one's table, code and label. */
size_t pk_support_waves_count(const pk_support_waves *w);
const pk_support *pk_support_waves_table(const pk_support_waves *w, size_t k);
const char *pk_support_waves_code(const pk_support_waves *w, size_t k);
const char *pk_support_waves_label(const pk_support_waves *w, size_t k);

/* Every row: each wave's, then the change rows. */
size_t pk_support_waves_nrows(const pk_support_waves *w);
void pk_support_waves_row_get(const pk_support_waves *w, size_t i, pk_support_table_row *row);

/* The table as CSV (delim ',') or TSV ('\t'), with the wave columns. */
void pk_support_waves_write_delim(const pk_support_waves *w, FILE *f, char delim);

#endif
