/* The support table (its columns: PK_SUPPORT_TABLE_COLUMNS below, and
 * pollkit-table(5)), loaded whole into memory for the programs that read it: pollplot
 * draws it and pollclaim checks claims against it. Columns are found by name,
 * so extra columns and other column orders are accepted. Only question, group,
 * response and share are required: a table typed in from a pollster's
 * published tables may lack standard errors or intervals, and those fields
 * then read as NaN (numbers), -1 (n) or "" (text). Shares, bounds and se are
 * proportions, or percentages written with their % sign ("54%" reads as 0.54);
 * a share above 1 without one is refused as a percentage given for a
 * proportion. A numeric field that is present but does not parse is an error
 * naming FILE:LINE:COLUMN. An empty label defaults to its code.
 *
 * Nothing in a table is trusted: a number outside its range, an interval that
 * is reversed or leaves out its own share, a count above its base, a design
 * effect below 1, figures on a row with n = 0, or a repeated (question, by,
 * group, response) is an error naming FILE:LINE:COLUMN, so that no chart or
 * verdict is ever drawn from impossible numbers.
 *
 * Rows, questions and groups are indexed by hash: every lookup takes the same
 * time however large the table. */
#ifndef POLLKIT_SUPPORT_TABLE_H
#define POLLKIT_SUPPORT_TABLE_H

#include <stddef.h>

#include "csvio.h"
#include "err.h"
#include "number.h"
#include "util.h"

/* The table's columns, in the order they are written: the one list every
 * producer (pollsupport, polltable) writes and every reader (pollplot,
 * pollclaim) reads by. Each is X(NAME, field, kind, digits):
 *   TEXT   a string, "" when absent;
 *   WHOLE  a whole number (long), -1 when absent, written empty when < 0;
 *   FLAG   0 or 1 (int), 0 when absent;
 *   REAL   a number (double) written to `digits` significant digits,
 *          NaN when absent, written empty.
 * Adding a column is one line here (and its documentation in
 * man/pollkit-table.5): the row gains the field, the writer writes it, the
 * reader finds it by name. A producer that has no value for an optional
 * column leaves it out of its header (pk_support_table_write_header). */
#define PK_SUPPORT_TABLE_COLUMNS(X)                                                                \
    X(QUESTION, question, TEXT, 0)                                                                 \
    X(QUESTION_LABEL, question_label, TEXT, 0)                                                     \
    X(BY, by, TEXT, 0)                                                                             \
    X(GROUP, group, TEXT, 0)                                                                       \
    X(GROUP_LABEL, group_label, TEXT, 0)                                                           \
    X(RESPONSE, response, TEXT, 0)                                                                 \
    X(RESPONSE_LABEL, response_label, TEXT, 0)                                                     \
    X(RESPONSE_KIND, response_kind, TEXT, 0)                                                       \
    X(N, n, WHOLE, 0)                                                                              \
    X(COUNT, count, REAL, PK_DIGITS_WEIGHT)                                                        \
    X(WEIGHTED_BASE, weighted_base, REAL, PK_DIGITS_WEIGHT)                                        \
    X(SHARE, share, REAL, PK_DIGITS_STAT)                                                          \
    X(SE, se, REAL, PK_DIGITS_STAT)                                                                \
    X(CI_LOW, ci_low, REAL, PK_DIGITS_STAT)                                                        \
    X(CI_HIGH, ci_high, REAL, PK_DIGITS_STAT)                                                      \
    X(DEFF_KISH, deff_kish, REAL, PK_DIGITS_STAT)                                                  \
    X(N_EFF, n_eff, REAL, PK_DIGITS_STAT)                                                          \
    X(CI_METHOD, ci_method, TEXT, 0)                                                               \
    X(LEVEL, level, REAL, PK_DIGITS_LEVEL)                                                         \
    X(BASE, base, TEXT, 0)                                                                         \
    X(WEIGHT, weight, TEXT, 0)                                                                     \
    X(LOW_BASE, low_base, FLAG, 0)                                                                 \
    X(SE_METHOD, se_method, TEXT, 0)                                                               \
    X(DEFF_SOURCE, deff_source, TEXT, 0)                                                           \
    X(SOURCE, source, TEXT, 0)                                                                     \
    X(GROUP_LETTER, group_letter, TEXT, 0)                                                         \
    X(SIG_HIGHER_THAN, sig_higher_than, TEXT, 0)                                                   \
    X(QUESTION_TEXT, question_text, TEXT, 0)                                                       \
    X(UNIVERSE, universe, TEXT, 0)                                                                 \
    X(BY_LABEL, by_label, TEXT, 0)                                                                 \
    X(DF, df, WHOLE, 0)                                                                            \
    X(DEFF, deff, REAL, PK_DIGITS_STAT)                                                            \
    X(MEAN, mean, REAL, PK_DIGITS_STAT)                                                            \
    X(WAVE, wave, TEXT, 0)                                                                         \
    X(WAVE_LABEL, wave_label, TEXT, 0)                                                             \
    X(FIELDWORK, fieldwork, TEXT, 0)                                                               \
    X(VERSUS_WAVE, versus_wave, TEXT, 0)

/* Significant digits of the level column. */
#define PK_DIGITS_LEVEL 10

typedef enum pk_support_table_col {
#define PK_SUPPORT_TABLE_X_ENUM(NAME, field, kind, digits) PK_SUPPORT_TABLE_COL_##NAME,
    PK_SUPPORT_TABLE_COLUMNS(PK_SUPPORT_TABLE_X_ENUM)
#undef PK_SUPPORT_TABLE_X_ENUM
    PK_SUPPORT_TABLE_NCOLS
} pk_support_table_col;

/* The C type of each kind of column. */
#define PK_SUPPORT_TABLE_TYPE_TEXT const char *
#define PK_SUPPORT_TABLE_TYPE_WHOLE long
#define PK_SUPPORT_TABLE_TYPE_FLAG int
#define PK_SUPPORT_TABLE_TYPE_REAL double

/* One row of the table, whoever makes or reads it. The meaning of each
 * column (and the kinds of row: response_kind is positive, negative,
 * neutral, dont_know, nominal, net_positive, net_negative, net or
 * net_score) is in man/pollkit-table.5. */
typedef struct pk_support_table_row {
#define PK_SUPPORT_TABLE_X_FIELD(NAME, field, kind, digits) PK_SUPPORT_TABLE_TYPE_##kind field;
    PK_SUPPORT_TABLE_COLUMNS(PK_SUPPORT_TABLE_X_FIELD)
#undef PK_SUPPORT_TABLE_X_FIELD
    /* Not columns. */
    int combined;                             /* a pollsupport --combine group */
    int percent_signs;                        /* read: share written as "54%" */
    long line;                                /* read: physical line in the input */
} pk_support_table_row;

/* The columns a table of one wave leaves out (the omit of
 * pk_support_table_write_header): wave, wave_label, fieldwork and
 * versus_wave. */
#define PK_SUPPORT_TABLE_OMIT_WAVES                                                                \
    ((1ul << PK_SUPPORT_TABLE_COL_WAVE) | (1ul << PK_SUPPORT_TABLE_COL_WAVE_LABEL) |               \
     (1ul << PK_SUPPORT_TABLE_COL_FIELDWORK) | (1ul << PK_SUPPORT_TABLE_COL_VERSUS_WAVE))

/* The name of column c ("share"). */
const char *pk_support_table_col_name(pk_support_table_col c);

/* The header, then rows, of a support table, through w. omit has the bit
 * (1u << c) set for each optional column the producer has no value for
 * (pollsupport leaves out source): the same omit for the header and every
 * row. */
void pk_support_table_write_header(pk_csv_writer *w, unsigned long omit);
void pk_support_table_write_row(pk_csv_writer *w, const pk_support_table_row *r, unsigned long omit);

typedef struct pk_support_table_chunk pk_support_table_chunk;

/* A group of the table: its `by` column ("" for All), code and label. */
typedef struct pk_support_table_group {
    const char *by, *group, *label;
} pk_support_table_group;

/* A wave of the table: its code, label (the code when none) and fieldwork
 * ("" when none). */
typedef struct pk_support_table_wave {
    const char *code, *label, *fieldwork;
} pk_support_table_wave;

typedef struct pk_support_table {
    pk_support_table_row *rows;
    size_t nrows;
    char *name;            /* input name for messages */
    /* Distinct questions (with their labels) and groups, in table order. */
    const char **questions, **question_labels;
    size_t nquestions;
    pk_support_table_group *groups;
    size_t ngroups;
    double level;          /* the first row's level; NaN when no row has one */
    /* The waves of the rows that have one, in table order (0: none). */
    pk_support_table_wave *waves;
    size_t nwaves;
    /* The wave pk_support_table_find answers for: 1 + its index; 0 (the
     * loader's) the latest. */
    size_t wave_pick;
    /* private */
    size_t cap, qcap, qcap2, gcap, wcap;
    pk_support_table_chunk *chunks;
    const char **strings;             /* interned strings */
    size_t nstrings, scap;
    pk_util_hindex string_ix, row_ix, first_ix, question_ix, group_ix;
    pk_util_hindex group_code_ix, group_label_ix;   /* groups by code, by label (folded) */
    size_t *row_next;       /* the next row of the same question, SIZE_MAX after the last */
    size_t nextcap;
    struct pk_support_table_qrows { size_t first, last; } *qrows;   /* per question */
    size_t qrcap;
} pk_support_table;

/* Read every record of r into t (which need not be initialised). Returns 0,
 * or a pk_status with err filled; on failure t is left empty (freeing it is
 * still allowed). */
int pk_support_table_read(pk_csv_reader *r, pk_support_table *t, pk_err *err);
/* pk_support_table_read of the file path ("-": standard input), opened
 * and closed here. */
int pk_support_table_load(const char *path, char delim, pk_support_table *t, pk_err *err);
/* Read r's records into t too (t from pk_support_table_read or
 * _load_many): the tables of several files, each with its own header, as
 * one. A record that repeats the header (tables concatenated) is skipped
 * in any file. On failure t is left as it was before r's first bad row;
 * free it. */
int pk_support_table_read_more(pk_csv_reader *r, pk_support_table *t, pk_err *err);
/* The tables of paths[0..n) as one. On failure t is left empty. */
int pk_support_table_load_many(const char *const *paths, size_t n, char delim, pk_support_table *t,
                               pk_err *err);
void pk_support_table_free(pk_support_table *t);

/* The first row matching (question, group, response); by NULL matches any
 * `by`. NULL when there is none. In a table of several waves, the row of
 * t->wave_pick's wave, by default the latest (the last in table order);
 * never a change row. */
const pk_support_table_row *pk_support_table_find(const pk_support_table *t, const char *question,
                                   const char *by, const char *group, const char *response);

/* The row of (question, group, response) in wave `wave` ("" for a table
 * without waves): with versus_wave NULL or "", the wave's own row; else
 * the change row from versus_wave to wave. by NULL matches any `by`. */
const pk_support_table_row *pk_support_table_find_wave(const pk_support_table *t, const char *question,
                                                       const char *by, const char *group,
                                                       const char *response, const char *wave,
                                                       const char *versus_wave);

/* The index in t->waves of the wave named by code, else by label (ASCII
 * case ignored), else by the first words of one label ("june" for "June
 * 2026"); -1 when none, -2 when several labels begin so. */
long pk_support_table_wave_find(const pk_support_table *t, const char *name);

/* The first row of (question, by, group), whatever its response, or NULL. */
const pk_support_table_row *pk_support_table_find_any(const pk_support_table *t, const char *question,
                                                      const char *by, const char *group);

/* Index of a question in t->questions, or -1. */
long pk_support_table_question(const pk_support_table *t, const char *question);

/* The rows of question q (an index in t->questions) in table order: the
 * first, then each row's next; SIZE_MAX after the last. */
size_t pk_support_table_question_first(const pk_support_table *t, size_t q);
size_t pk_support_table_question_next(const pk_support_table *t, size_t row);

/* The range of question q's scale when its answers are numbered (a 0-10
 * rating's codes 0 to 10; don't know, nets and mean rows aside): 1 with
 * *lo < *hi set, 0 when any answer is no number or there are fewer than
 * two values. What readers say of a mean score's scale. */
int pk_support_table_scale_range(const pk_support_table *t, size_t q, double *lo, double *hi);

/* The first row of each response of question q, each response once, in
 * table order: *rows (malloc'd, the caller frees it) holds *n row indexes.
 * -1 when out of memory. */
int pk_support_table_question_responses(const pk_support_table *t, size_t q, size_t **rows, size_t *n);

/* What pk_support_table_group_find found. */
enum {
    PK_SUPPORT_TABLE_GROUP_FOUND = 0,
    PK_SUPPORT_TABLE_GROUP_UNKNOWN = 1,
    PK_SUPPORT_TABLE_GROUP_AMBIGUOUS = 2
};

/* The one rule for naming a group, used wherever a program takes one
 * (pollplot --groups, pollclaim's claims, pollsupport --combine): among
 * groups[0..n), `name` is a group's code, `BY=CODE`, or its label compared
 * without regard to ASCII case, a trailing "voters" ignored on either side
 * ("Labour", "labour voters" and "Labour voters" all name the group
 * labelled "Labour voters"). Returns PK_SUPPORT_TABLE_GROUP_FOUND with *index set;
 * PK_SUPPORT_TABLE_GROUP_AMBIGUOUS when the name fits several groups, with their
 * `BY=CODE` forms written into forms ("euref=did_not_vote,
 * vote2024=did_not_vote"); or PK_SUPPORT_TABLE_GROUP_UNKNOWN. forms may be NULL. */
int pk_support_table_group_find(const pk_support_table_group *groups, size_t n, const char *name,
                                size_t *index, char *forms, size_t size);

/* pk_support_table_group_find over t's own groups, through indexes the
 * loader keeps of their codes and labels: the same answer in time
 * independent of the number of groups (a claim or an option may name
 * thousands). Ambiguous: the BY=CODE forms of every group the name fits,
 * in table order. */
int pk_support_table_group_lookup(const pk_support_table *t, const char *name, size_t *index,
                                  char *forms, size_t size);

/* Whether group c is the union of members[0..n): on every question where
 * c and all of them have n and a weighted base, c's n is their n summed
 * and its base their bases summed, and there is at least one such
 * question (a group made by pollsupport --combine always is; a
 * coincidence on n and the weighted base at once is not credible). */
int pk_support_table_group_is_union(const pk_support_table *t, const pk_support_table_group *c,
                                    const pk_support_table_group *const *members, size_t n);

/* Whether g (one of t->groups) is a combined group: its code joins others
 * with '+', or it is the union of two or more other groups of its `by`
 * column. Its members' codes are written into members ("lab+grn"),
 * members[0] = '\0' when it is not combined. Each group of the `by`
 * column but g counts as a possible member, so a `by` column of more than
 * 20 other groups is only checked for '+'. */
int pk_support_table_group_combined(const pk_support_table *t, const pk_support_table_group *g,
                                    char *members, size_t size);

#endif
