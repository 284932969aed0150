/* What a column's name says, for the messages and warnings that spare a
 * user a second run: the existing name nearest to a mistyped one ("no
 * column 'vote2042' (did you mean 'vote2024'?)"), and the words a name is
 * made of (a weight column; a duration's unit, codebook.h).
 *
 * Names are compared by characters of UTF-8, ASCII letters without case. */
#ifndef POLLKIT_COLNAME_H
#define POLLKIT_COLNAME_H

#include <stddef.h>

/* The candidate nearest to `name` by edit distance (inserting, deleting or
 * changing one character, or swapping two neighbours, each counts 1), when
 * it is close enough to be a slip: a distance of at most a third of name's
 * characters (at most 3; for a name of one or two characters, a difference
 * of letter case only). Ties go to the earlier candidate. NULL when none is
 * close enough, when `name` is itself a candidate, or when memory runs out
 * (a suggestion is a courtesy, never a reason to fail). */
const char *pk_colname_nearest(const char *name, const char *const *cands, size_t n);

/* The same over a list held in another shape (a reader's header): at
 * returns the list's i-th name. */
typedef const char *(*pk_colname_at)(const void *list, size_t i);
const char *pk_colname_nearest_of(const char *name, const void *list, size_t n, pk_colname_at at);

/* The nearest as the tail of a message: " (did you mean 'NEAREST'?)", the
 * name quoted as pk_err_quote does, or "" when there is no suggestion.
 * Written into buf (PK_COLNAME_HINT_SIZE bytes are enough); returns buf.
 * Every "no column" message of the library ends with it. */
#define PK_COLNAME_HINT_SIZE 256
const char *pk_colname_hint(char *buf, size_t bufsize, const char *name, const char *const *cands, size_t n);
const char *pk_colname_hint_of(char *buf, size_t bufsize, const char *name, const void *list, size_t n,
                               pk_colname_at at);

/* Whether `word` (lower-case ASCII letters) is one of the words of name:
 * its runs of ASCII letters, compared without case ("Duration (in
 * minutes)" has the words duration, in, minutes; "wt_final" wt, final). */
int pk_colname_has_word(const char *name, const char *word);

/* Whether a column's name reads as a survey weight: it contains "weight"
 * (weight, weights, weighting, final_weight, WeightUK...) or has a word
 * wt, wts, wgt, wgts or wght (wt_final, WGT2). Used for warnings only. */
int pk_colname_weight_like(const char *name);

#endif
