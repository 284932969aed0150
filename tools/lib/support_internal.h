/* What support.c keeps beyond support.h: the table being built, its
 * questions, groups and per-domain sums. Only support.c includes this
 * header (the banner, support_banner.c, reads the table's rows). */
#ifndef POLLKIT_SUPPORT_INTERNAL_H
#define POLLKIT_SUPPORT_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "support.h"
#include "support_calibrated.h"
#include "support_design.h"
#include "support_letters.h"

/* Sums of one question x group x response code. n counts positive weights
 * (the domain); nz counts zero-weight rows, which svyciprop's beta method
 * still sees (estimate.h). */
/* 64 bytes on x86-64, one cache line (cells_alloc aligns them): with
 * hundreds of groups the cells outgrow the caches, and a cell across two
 * lines was two misses. */
typedef struct pk_support_cell {
    long n, nz;
    long double sw, sw2;
    uint32_t cal;       /* --calibrated: 1 + the id of its sums there; 0: none yet */
    uint32_t des;       /* a design: 1 + the id of its sums there; 0: none yet */
    uint32_t sdes;      /* waves: 1 + the id of its sums in the stacked design; 0: none yet */
} pk_support_cell;
#if defined(__x86_64__)
_Static_assert(sizeof(pk_support_cell) == 64, "a cell is one cache line");
#endif

typedef struct pk_support_slot {
    size_t by;          /* index of the --by column; SIZE_MAX for All */
    char *code;
    char *label;
    int output;         /* 0: a value not in the codebook (note only) */
    int combined;       /* a --combine group */
    long rows;          /* rows with this value, for the note */
    pk_support_cell **cells;       /* [question][code, in the question's cell order] */
} pk_support_slot;

typedef struct pk_support_byinfo {
    long col;           /* column in the input (an interlocked break: its first) */
    long *cols;         /* an interlocked break's columns, ncols >= 2; else NULL */
    size_t ncols;
    size_t *slots;      /* this column's groups, slot indices, in order */
    size_t nslots, capslots;
    size_t nknown;      /* codebook categories first */
    size_t *combined;   /* --combine groups of this column, slot indices */
    size_t ncombined, capcombined;
    pk_util_hindex ix;  /* slots by code's hash: positions in slots[] */
} pk_support_byinfo;

/* A question's answers. Cells are in the order codes were declared (a
 * codebook's scale) or first seen (no scale given: the scale made after
 * the pass orders them, pk_number_order_codes); perm maps the finished
 * scale's code k to its cell. The hash maps an answer to its cell. */
typedef struct pk_support_q {
    char *name, *label;
    char *wording;           /* the full wording, "" for none */
    int mean_only;           /* --means: the mean row only */
    long *ocols;             /* a multiple-choice question's option columns */
    size_t nopt;             /* their number (0: a question of one column); cell k counts
                              * option k ticked, cell nopt + k not ticked */
    long col;
    const pk_scale *scale;   /* the scale written (the given one, or own) */
    pk_scale *own;           /* built after the pass for a column without one */
    char **codes;            /* cell order; for own scales the seen values */
    size_t ncells, capcells;
    unsigned char *excl;     /* per cell: left out of the base (--exclude) */
    char **hkeys;
    size_t *hvals, hcap;
    size_t *perm;            /* scale code k -> cell */
    size_t *resp;            /* responses written: indices into the scale */
    size_t nresp;
    char *base;              /* "all" or "excluding A+B" */
    size_t row0;             /* its first output row */
} pk_support_q;

struct pk_support {
    pk_support_opts o;
    char *weight;
    pk_support_q *q;
    size_t nq;
    pk_support_slot *s;
    size_t ns, caps;
    pk_support_byinfo *b;
    size_t nby;
    char *key;          /* an interlocked row's joined codes */
    size_t capkey;
    size_t *outslots;   /* slots in output order */
    size_t noutslots;
    size_t nrows;       /* output rows */
    long N;
    double wsum, w2sum;  /* over all rows, to catch weights too large to add */
    char **notes;
    size_t nnotes, capnotes;
    char *source;                /* the input's name */
    pk_support_letters *letters; /* the banner's letters, by output slot */
    char **sig;                  /* per table row: sig_higher_than, NULL: none */
    pk_support_calibrated *cal;   /* --calibrated, else NULL */
    pk_support_design *des;       /* --strata, --psu or --fpc, else NULL */
    long *where_col;              /* --where: each condition's column */
    long *where_hits;             /* rows with each condition's each code, in order */
    long nin;                     /* rows in the --where subgroup */
    long npos;                    /* ... of positive weight */
    pk_support_cell whole;        /* a design's sums over those rows (its degf) */
    long whole_df;                /* the design's degf: a mean's df */
    char *universe;               /* the subgroup in words; NULL: none */
    long wcol;                    /* the weight column; -1: unweighted */
    long max_codes;
    size_t *gslot;                /* the current record's groups (during the pass) */
    size_t *rowcell;              /* the current record's cell in each question; SIZE_MAX: none */
    pk_support_design *stack;     /* waves: the stacked design (not owned); NULL: none */
};

/* The row of question q, output group k and response ri (support.c). */
void pk_support_row_at(const pk_support *t, const pk_support_q *q, size_t k, size_t ri,
                       pk_support_table_row *r);

/* Table row i (whose figures are row) as a part of the stacked design's
 * se (waves: support_waves.c): its cells' ids there, with y and sign;
 * under --calibrated also the domain's sums of w e and (w e)^2 over the
 * wave's rows (pk_support_calibrated_sums). *cells and *y are malloc'd
 * (the caller frees them, also on failure). Returns 0; 1 for a row that
 * has no such part (a mean row); -1 when memory runs out. */
int pk_support_row_part(const pk_support *t, size_t i, const pk_support_table_row *row,
                        double sign, size_t **cells, double **y, pk_support_design_part *part,
                        long double *swe, long double *sw2e2);

#endif
