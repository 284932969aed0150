/* What the weight*.c files share beyond weight.h: the sample's layout,
 * capped raking and calibration, each used by pk_weight_compute (weight.c).
 * Only those files include this header. */
#ifndef POLLKIT_WEIGHT_INTERNAL_H
#define POLLKIT_WEIGHT_INTERNAL_H

#include <stddef.h>
#include <stdio.h>
#include <stdint.h>
#include <sys/stat.h>

#include "err.h"
#include "targets.h"
#include "weight.h"

/* The records are kept as an arena of blocks (weight_sample.c); the codes
 * as one array per margin, code[j][i] respondent i's category in margin j
 * (PK_CODE_MISSING for no value); base is NULL without --base-weight. */
struct pk_weight_sample {
    char *name;
    size_t ncols;
    char **colnames;
    char *weight_name;
    size_t n;
    FILE *spool;        /* the records, read back by pk_weight_sample_write */
    char *rec;          /* one record being spooled */
    size_t reccap;
    int rawfd;          /* the input file, read again for runs of plain lines; -1: none */
    struct stat raw_st; /* the file when first read */
    long long run_off, run_end; /* the run of plain lines being gathered */
    size_t run_n;
    double *base;
    size_t nmargin;
    uint16_t **code;
    size_t *ncat;
    size_t *missing;
    char delim;
};


/* pk_weight_rake on the caller's codes, which it changes while it runs
 * (no value as ncat[j], see weight_rake.c) and gives back unchanged: no
 * copy of them. */
int pk_weight_rake_in_place(size_t n, size_t nmargin, uint16_t *const *codes, const size_t *ncat,
                            const double *const *target, double *w, double tol, long max_iter, long *sweeps,
                            double *max_gap);

/* Capping (weight_rake.c), the caps [lo, hi] relative to the mean weight. */
int pk_weight_caps_hold(const double *w, size_t n, double lo, double hi);
void pk_weight_clip_to_mean(double *w, size_t n, double lo, double hi);
int pk_weight_rake_capped(size_t n, size_t nmargin, const uint16_t *const *codes, const size_t *ncat,
                          const double *const *target, double *w, double lo, double hi, double tol, long max_iter,
                          long *sweeps, double *max_gap);

/* Linear or logit calibration (weight_calibrate.c) of the design weights d
 * (mean 1) into w: 0 when the margins are within the tolerance, 1 when not
 * (w then the last weights that were numbers), -1 on failure (err set
 * for a failed decomposition, else out of memory). */
int pk_weight_calibrate(const pk_weight_sample *s, const pk_targets *t, const pk_weight_opts *o, const double *d,
                        double *w, const double *const *target, long *iters, double *achieved, pk_err *err);

#endif
