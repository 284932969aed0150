/* Weighting a sample to population targets: the core of pollweight.
 *
 * Every weight must be known before the first record is written: from a
 * file, a line that is already its canonical text is read again from the
 * file; every other record's fields (and every record from a pipe) are
 * copied once into a temporary file ($TMPDIR) and written back unchanged
 * by the canonical writer; meanwhile memory holds each
 * weighting variable as a small integer category code per respondent
 * (PK_CODE_MISSING for no value) and the base weights: a few bytes per
 * respondent, whatever the width of the input. Loading checks the sample
 * against the targets: unknown categories, missing values, base weights.
 *
 * Methods (docs/methods.md, "Raking", "Calibration"): raking (iterative proportional fitting, the
 * fixed point of R survey's rake()), and calibration by Newton iterations
 * on the model matrix of the targets' variables as factors, exactly as
 * R survey's grake() does for calfun "linear" and "logit" with bounds on
 * g = w/d. Capping clips the raked weights to [LO, HI] times their mean
 * and re-rakes with every margin step holding the caps, until both the
 * caps and the margins hold (or fails, saying so). The diagnostics
 * describe the result.
 *
 * Nothing here prints or exits; failures fill a pk_err. */
#ifndef POLLKIT_WEIGHT_H
#define POLLKIT_WEIGHT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "csvio.h"
#include "err.h"
#include "targets.h"

#define PK_CODE_MISSING UINT16_MAX
/* Categories one margin may have (codes are 16-bit, one value is "missing"). */
#define PK_MAX_CATEGORIES 65000

/* The weighting methods and their names (--method, the report):
 * X(CONSTANT, "name"). */
#define PK_WEIGHT_METHODS(X)                                                                       \
    X(PK_WEIGHT_METHOD_RAKE, "rake")                                                               \
    X(PK_WEIGHT_METHOD_LINEAR, "linear")                                                           \
    X(PK_WEIGHT_METHOD_LOGIT, "logit")

typedef enum pk_weight_method {
#define PK_WEIGHT_X_ENUM(constant, name) constant,
    PK_WEIGHT_METHODS(PK_WEIGHT_X_ENUM)
#undef PK_WEIGHT_X_ENUM
} pk_weight_method;

typedef struct pk_weight_sample pk_weight_sample;

typedef struct pk_weight_sample_opts {
    const char *base_weight;   /* column of design weights, or NULL */
    const char *weight_name;   /* the column to add; must not exist yet */
    int missing_keep;          /* 0: a missing value is an error */
    char delim;                /* the input's delimiter (0: ',') */
} pk_weight_sample_opts;

/* Read the whole input from r (header already read) and code it against
 * the targets. Returns NULL and fills err on failure. */
pk_weight_sample *pk_weight_sample_read(pk_csv_reader *r, const pk_targets *t, const pk_weight_sample_opts *o, pk_err *err);
void pk_weight_sample_free(pk_weight_sample *s);

size_t pk_weight_sample_n(const pk_weight_sample *s);
/* Code of respondent i (0-based) for margin j, or PK_CODE_MISSING. */
uint16_t pk_weight_sample_code(const pk_weight_sample *s, size_t j, size_t i);
/* The base (design) weight of respondent i: 1 without --base-weight. */
double pk_weight_sample_base(const pk_weight_sample *s, size_t i);
/* Respondents without a value for margin j. */
size_t pk_weight_sample_missing(const pk_weight_sample *s, size_t j);

/* Write the header plus weight_name, then every record with its weight
 * (PK_DIGITS_WEIGHT significant digits), through the canonical writer,
 * reading the records back from the temporary file and the input file.
 * Once only; non-zero with err filled when the copy cannot be read back or
 * the input file changed since it was read. */
int pk_weight_sample_write(pk_weight_sample *s, const double *w, pk_csv_writer *wr, pk_err *err);

typedef struct pk_weight_opts {
    pk_weight_method method;
    int has_bounds;
    double bound_lo, bound_hi;   /* limits of g = w/d for calibration */
    int has_cap;
    double cap_lo, cap_hi;       /* limits of w / mean(w) */
    double tolerance;            /* <= 0: the method's default */
    long max_iter;               /* <= 0: the method's default */
    double total;                /* sum of the final weights; <= 0: n */
} pk_weight_opts;

/* Defaults (docs/methods.md): the largest margin gap at which raking and
 * calibration stop, raking's sweeps, and calibration's Newton iterations
 * (R's calibrate() default). */
#define PK_RAKE_TOLERANCE 1e-10
#define PK_RAKE_MAX_ITER 1000
#define PK_CAL_MAX_ITER 50
/* Largest ratio of the largest to the smallest positive base weight. */
#define PK_BASE_RATIO_MAX 1e12
/* Slack allowed on the caps for rounding: relative, after clipping. */
#define PK_CAP_SLACK 1e-12

typedef struct pk_weight_category_diag {
    size_t n;            /* respondents in the category */
    double target;
    double unweighted;   /* share among respondents with a value */
    double weighted;     /* weighted share among respondents with a value */
} pk_weight_category_diag;

typedef struct pk_weight_diag {
    int converged;
    long iterations;      /* raking sweeps, or Newton iterations */
    long cap_rounds;      /* sweeps made with the caps held (with --cap) */
    double max_gap;       /* largest |weighted share - target| */
    double tolerance;     /* the stop rule that was used */
    double wmin, wmedian, wmax, ratio;  /* ratio = max/min (inf if min is 0) */
    size_t negative;      /* weights below 0 (linear calibration can give them) */
    double total;         /* sum of weights */
    double deff;          /* Kish design effect over all rows */
    double efficiency;    /* 1 / deff */
    double n_eff;         /* n / deff */
    size_t n;
    size_t nmargin;
    pk_weight_category_diag **cat;  /* cat[j][k] */
} pk_weight_diag;

/* Compute the weights into w (n values). On success returns 0 and fills
 * diag. On a failure to converge (or caps that cannot hold) returns
 * PK_ERR_DATA with err filled and diag describing the weights so far (also in
 * w); other failures return non-zero with diag->cat NULL. */
int pk_weight_compute(const pk_weight_sample *s, const pk_targets *t, const pk_weight_opts *o,
                      double *w, pk_weight_diag *diag, pk_err *err);

/* Fill diag's weight and margin sections from the weights w. */
int pk_weight_diagnose(const pk_weight_sample *s, const pk_targets *t, const double *w, pk_weight_diag *diag);
void pk_weight_diag_free(pk_weight_diag *diag);

/* The readable report (--report FILE) and the short summary for stderr. */
void pk_weight_report(FILE *f, const pk_weight_sample *s, const pk_targets *t, const pk_weight_opts *o,
                      const pk_weight_diag *diag);
/* Two or three lines, each without the program's name, written into buf. */
void pk_weight_summary(char *buf, size_t size, const pk_weight_opts *o, const pk_weight_diag *diag);

/* The low-level methods on codes, for tests and other tools. codes[j][i] is
 * respondent i's category in margin j (or PK_CODE_MISSING), ncat[j] the
 * number of categories, target[j] the shares. w holds the starting weights
 * on entry and the result on exit (not rescaled). Return 0 when converged,
 * 1 when not, <0 on failure (no memory). */
int pk_weight_rake(size_t n, size_t nmargin, const uint16_t *const *codes, const size_t *ncat,
            const double *const *target, double *w, double tol, long max_iter,
            long *sweeps, double *max_gap);

/* Largest |weighted share - target| over every margin and category. */
double pk_weight_margin_gap(size_t n, size_t nmargin, const uint16_t *const *codes, const size_t *ncat,
                     const double *const *target, const double *w);

#endif
