/* What codebook_draft.c (gathering each column's answers, and deciding
 * what each column is) and codebook_draft_write.c (writing the draft and its
 * notes) share beyond codebook_draft.h: a column's gathered answers, its
 * codes and the decision, the scales, and the steps of
 * pk_codebook_draft_write. Calls go one way, from the writing file to the
 * deciding one. Only those files include this header. */
#ifndef POLLKIT_CODEBOOK_DRAFT_INTERNAL_H
#define POLLKIT_CODEBOOK_DRAFT_INTERNAL_H

#include <stddef.h>

#include "codebook_draft.h"
#include "err.h"
#include "input.h"
#include "scale_guess.h"
#include "statfile.h"
#include "textnorm.h"
#include "util.h"

#define PK_CODEBOOK_DRAFT_MAX_SPELL 8   /* spellings kept per answer */

typedef struct pk_codebook_draft_spell {
    char *raw;
    long n;
} pk_codebook_draft_spell;

typedef struct pk_codebook_draft_value {
    char *norm;
    char *alt;             /* SPSS/Stata: the number behind a labelled value */
    char *also;            /* SPSS/Stata: other numbers with the same label, '|'-separated */
    long n, first;
    int dk;                /* reads as don't know / prefer not to say */
    int missing;           /* the file declares it missing */
    int labelled;          /* a value label of the file */
    int isnum;
    double num;
    pk_codebook_draft_spell sp[PK_CODEBOOK_DRAFT_MAX_SPELL];
    size_t nsp;
} pk_codebook_draft_value;

/* What a column is drafted as. */
typedef enum pk_codebook_draft_kind {
    PK_CODEBOOK_DRAFT_LEFT_OUT,
    PK_CODEBOOK_DRAFT_ID,
    PK_CODEBOOK_DRAFT_DURATION,
    PK_CODEBOOK_DRAFT_ATTENTION,
    PK_CODEBOOK_DRAFT_NUMBER,
    PK_CODEBOOK_DRAFT_CATEGORY,
    PK_CODEBOOK_DRAFT_QUESTION
} pk_codebook_draft_kind;

typedef struct pk_codebook_draft_code {
    char *code, *label;
    char **accept;
    size_t nacc, capacc;
    long n, first;
    int dk, missing;
    int has_num;
    double num;            /* its number, for numeric order */
    long order;            /* the file's order (SPSS/Stata labels) */
    int unlabelled;        /* SPSS/Stata: an answer without a value label */
    enum pk_side side;
    char *merged;          /* spellings merged by their slug, for the note */
    const char *same_alt;  /* SPSS/Stata: a value whose label others share, */
    const char *same_label;/* and the others, '|'-separated (owned by the column) */
} pk_codebook_draft_code;

typedef struct pk_codebook_draft_col {
    char *name;
    char *vlabel;          /* SPSS/Stata variable label, or "" */
    long nonempty;
    int all_num;
    long nnum;
    double min, max;
    int all_int;
    pk_codebook_draft_value *v;
    size_t nv, vcap;
    pk_util_hindex vix;
    int overflow;
    /* Whether every value so far is different (and how many repeat). */
    int unique, keep_seen, has_space;
    char **seen;
    size_t nseen, seencap;
    pk_util_hindex six;
    long repeats;
    /* The decision. */
    pk_codebook_draft_kind kind;
    char *var;
    enum pk_scale_guess_family fam;
    pk_codebook_draft_code *codes;
    size_t ncodes;
    long scale;            /* question/attention: index in d->scales */
    int guessed_id_by_values;
    int labelled;          /* SPSS/Stata: the variable has value labels */
} pk_codebook_draft_col;

typedef struct pk_codebook_draft_scale {
    char *name, *label;
    enum pk_scale_guess_family fam;
    pk_codebook_draft_code *codes;
    size_t n, cap;
    int stat;
    int written;
} pk_codebook_draft_scale;

typedef struct pk_codebook_draft {
    const char *name;
    pk_input *in;
    const pk_statfile *sf;
    pk_codebook_draft_col *cols;
    size_t ncols;
    pk_codebook_draft_scale *scales;
    size_t nscales, scap;
    char **names;          /* variable and scale names taken, owned here */
    size_t nnames, namecap;
    pk_util_nameset taken; /* the same, for lookups */
    pk_textnorm_buf nb;
    long records;
    int oom;
} pk_codebook_draft;

/* The three steps of pk_codebook_draft_write (codebook_draft.c) return 0,
 * 1 when memory ran out, or 2 when err says what failed. Read every record
 * once, gathering each column's values and labels; then each column's kind
 * and name, and the scales its answers share. d starts zeroed, with name
 * and in set; pk_codebook_draft_clear frees what d holds (not d). */
int pk_codebook_draft_gather(pk_codebook_draft *d, const pk_codebook_draft_opts *opt, pk_err *err);
int pk_codebook_draft_decide(pk_codebook_draft *d);
void pk_codebook_draft_clear(pk_codebook_draft *d);

/* What a column's name or label says (name_key's letters and digits, in
 * lower case): an interview's length, an age, a survey weight; a long,
 * question-like text (a question's wording rather than a name). */
int pk_codebook_draft_is_duration_name(const char *name);
int pk_codebook_draft_is_age_name(const char *name, const char *label);
int pk_codebook_draft_is_weight_name(const char *name, const char *label);
int pk_codebook_draft_question_like(const char *s);

/* The nets' codes and labels of a scale family: positive, negative, score. */
void pk_codebook_draft_family_nets(enum pk_scale_guess_family f, const char **pc, const char **pl, const char **nc,
                                   const char **nl, const char **sl);
/* Whether the scale has a code of that name. */
int pk_codebook_draft_has_code(const pk_codebook_draft_scale *s, const char *code);

#endif
