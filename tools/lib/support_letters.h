/* Significance letters of a banner table, as British pollsters print them.
 *
 * Every group of every break (--by column) gets a letter, A, B, ... Z, AA,
 * AB, ... across the whole banner; All and combined groups get none (a
 * combined group overlaps its members). In each row of the table (one
 * question and one response or net), a group's cell carries the letters of
 * the groups of its own break whose share it exceeds significantly.
 *
 * The test is pollclaim's test of a difference between two disjoint groups,
 * the one implementation in estimate.h (pk_estimate_diff_of): d = p1 - p2,
 * se = sqrt(se1^2 + se2^2), and d is significantly positive when
 * d - t se > 0, t the Student-t quantile 1 - a/2 with min(df1, df2)
 * degrees of freedom (each cell's df: n - 1, or a design's PSUs less
 * strata), a = 1 - level; never without degrees of freedom on either side.
 * The se is whatever the table holds (fixed-weight, calibration-aware or a
 * design's).
 *
 * This module knows nothing of how the table was computed: callers hand it
 * the groups' breaks and, row by row, the cells' shares, se and n. */
#ifndef POLLKIT_SUPPORT_LETTERS_H
#define POLLKIT_SUPPORT_LETTERS_H

#include <stddef.h>

/* The most groups a break is lettered for (A..Z, AA..AZ): beyond it the
 * pairwise tests and the letters grow with the square of the groups and
 * no reader could use them; pollsupport leaves such a break unlettered,
 * with a note. */
#define PK_SUPPORT_LETTERS_MAX_BREAK 52

/* Room for any letter of a size_t index, with its terminating NUL. */
#define PK_SUPPORT_LETTERS_NAME_MAX 16

/* The letter of the i-th lettered group (i from 0): A..Z, then AA..AZ,
 * BA..ZZ, AAA... like spreadsheet columns. */
void pk_support_letters_name(size_t i, char buf[PK_SUPPORT_LETTERS_NAME_MAX]);

/* Whether p1 is significantly higher than p2 (two-sided test at `level`,
 * above, df = n - 1). 0 when either side is not a number or min(n1, n2) < 2. The
 * test of one pair, for callers and tests; a row's letters come from
 * pk_support_letters_row. */
int pk_support_letters_higher(double p1, double se1, long n1, double p2, double se2, long n2,
                              double level);

/* One cell of a banner row. tested 0: the cell takes no part in the tests
 * (a group under the minimum base, the net score, a missing estimate). */
typedef struct pk_support_letters_cell {
    double share, se;
    long n;
    long df;        /* < 0: n - 1 */
    int tested;
} pk_support_letters_cell;

typedef struct pk_support_letters pk_support_letters;

/* Letters for a banner of ngroups columns: brk[g] is the break of column g
 * (groups compared with each other share it), or (size_t)-1 for a column
 * without a letter (All, a combined group). Letters follow the columns'
 * order. NULL when out of memory. */
pk_support_letters *pk_support_letters_new(size_t ngroups, const size_t *brk, double level);
void pk_support_letters_free(pk_support_letters *l);

/* The letter of column g, "" for a column without one. */
const char *pk_support_letters_group(const pk_support_letters *l, size_t g);

/* Test one row: cells[g] for every column. Afterwards
 * pk_support_letters_sig(l, g) is the letters column g is significantly
 * higher than, in banner order and separated by spaces ("B D"), "" when
 * none, until the next call. Returns 0, or -1 when out of memory. */
int pk_support_letters_row(pk_support_letters *l, const pk_support_letters_cell *cells);
const char *pk_support_letters_sig(const pk_support_letters *l, size_t g);

/* The footnote every table with letters carries: what the letters mean,
 * the test, its level, the standard errors it used (se_method "fixed" or
 * "calibrated"; design: a stratified or clustered design's, whose df are
 * the domains' PSUs less strata), that many comparisons are made, and what is not tested
 * (bases under min_base are marked *). Plain ASCII lines separated by
 * '\n', cut to fit size. */
void pk_support_letters_footnote(char *buf, size_t size, double level, const char *se_method,
                                 int design, long min_base);

#endif
