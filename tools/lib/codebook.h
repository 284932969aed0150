/* The codebook: what a raw survey export's columns mean and how their answers
 * become canonical codes. pollclean recodes with it; pollsupport and the
 * other programs take variable and code labels and orders from it.
 *
 * The file is CSV with a header; columns are found by name and may come in
 * any order (only `variable` and `kind` are mandatory; an unknown column is
 * an error, to catch typos):
 *
 *   variable  the clean column name (or a scale's name)
 *   kind      a declaration: id, number, category, band, question, duration,
 *             attention, scale; or `code` (one code of the variable or scale
 *             named in `variable`, declared on an earlier line), `missing`
 *             (raw answers that mean no answer: an empty clean field) or
 *             `net` (a net of the scale named in `variable`)
 *   source    the raw export's column; for a band, the number variable it
 *             is cut from
 *   required  yes / no (empty is no): a record without an answer here is
 *             excluded as missing_required
 *   scale     for question and attention: the scale whose codes they use
 *   code      on a code row: the canonical code; on an attention row: the
 *             code of the correct answer, or several separated by `|` (one
 *             answer spelt as two codes); empty, the check checks nothing
 *   label     display label of a variable (a question's short chart label)
 *             or of a code
 *   accept    on code and missing rows: raw answers accepted, separated by
 *             `|`; a code row also accepts its code and its label
 *   min, max  number: the valid range, inclusive, an empty bound none
 *             (a weight has no natural maximum); band code: its bounds,
 *             inclusive (an empty max is unbounded)
 *   wording   the full question text
 *   side      on a scale's code row: positive, negative, neutral or
 *             dont_know (don't-know answers stay in the base), empty for
 *             none; on a net row: positive (the positive side's net),
 *             negative, score (the net score, positive net minus negative
 *             net) or empty (any other net: members needed)
 *   members   on a net row: its codes separated by `|` (a positive or
 *             negative net without members is its side's codes; its
 *             members take its side)
 *   unit      on a duration row: the unit of its numbers, seconds, minutes
 *             or hours (any case). Empty: the unit the source column's name
 *             says, as a word of it (seconds, second, secs, sec, s;
 *             minutes, minute, mins, min; hours, hour, hrs, hr, h; so
 *             "Duration (in minutes)" is in minutes), else seconds; a name
 *             saying two units says none. Only messages and the report
 *             use it: the speeder rule compares durations with their own
 *             median.
 *   note      free text for the person editing the codebook (pollcodebook
 *             marks its guesses there); ignored
 *
 * A row whose variable starts with `#` is a comment, ignored.
 *
 * Sides and nets follow scale.h's rules. An agree/disagree scale, with the
 * columns variable,kind,source,required,scale,code,label,side,members:
 *
 *   agree,scale,,,,,Agreement,,
 *   agree,code,,,,strongly_agree,Strongly agree,positive,
 *   agree,code,,,,tend_agree,Tend to agree,positive,
 *   agree,code,,,,neither,Neither agree nor disagree,neutral,
 *   agree,code,,,,tend_disagree,Tend to disagree,negative,
 *   agree,code,,,,strongly_disagree,Strongly disagree,negative,
 *   agree,code,,,,dont_know,Don't know,dont_know,
 *   agree,code,,,,prefer_not,Prefer not to say,dont_know,
 *   agree,net,,,,agree,Total agree,positive,
 *   agree,net,,,,disagree,Total disagree,negative,
 *   agree,net,,,,net_agree,Net agree,score,
 *
 * and a 0-10 scale without sides on its codes can say
 * `likely,net,,,,likely,Likely (6-10),positive,6|7|8|9|10`.
 * A scale with both sides gets a positive net, a negative net and a net
 * score even when no net row lists them (see pk_scale_finish); in such a
 * scale a code left without a side is neutral.
 *
 * Raw answers are compared in textnorm.h's normal form (case, spacing,
 * typographic quotes and dashes do not matter). A normal form accepted for
 * two different codes of one variable, a duplicate variable or code, a code
 * row for an undeclared variable, a band whose source is not a number
 * variable, overlapping bands, a side on a code that is not a scale's, a
 * net listing a code of another scale (or of none), a code on two sides, a
 * net score on a scale without both sides, and malformed values are errors
 * naming the codebook's line. */
#ifndef POLLKIT_CODEBOOK_H
#define POLLKIT_CODEBOOK_H

#include <stddef.h>

#include "err.h"
#include "scale.h"

enum pk_codebook_var_type {
    PK_CODEBOOK_VAR_ID,         /* respondent id column */
    PK_CODEBOOK_VAR_NUMBER,     /* numeric with a valid range, e.g. age */
    PK_CODEBOOK_VAR_CATEGORY,   /* categorical with codes, e.g. sex, region, vote2024 */
    PK_CODEBOOK_VAR_BAND,       /* derived from a numeric variable by cut points, e.g. age_band */
    PK_CODEBOOK_VAR_QUESTION,   /* a proposal on the response scale (codes = the scale's codes) */
    PK_CODEBOOK_VAR_DURATION,   /* interview duration, in `unit` (not written to clean output) */
    PK_CODEBOOK_VAR_ATTENTION   /* attention check (not written to clean output) */
};

/* The unit of a duration variable. */
enum pk_codebook_unit { PK_CODEBOOK_UNIT_SECONDS, PK_CODEBOOK_UNIT_MINUTES, PK_CODEBOOK_UNIT_HOURS };

typedef struct pk_codebook_code {
    const char *code;    /* canonical code, e.g. "lab" */
    const char *label;   /* display label, e.g. "Labour" (used on charts) */
} pk_codebook_code;

typedef struct pk_codebook_var {
    const char *name;      /* clean column name, e.g. "vote2024", "q_temp_status" */
    const char *source;    /* raw export column ("Q5"); for a band, the variable it derives from */
    const char *label;     /* display label; for a question the short chart label */
    const char *wording;   /* full question wording, or "" */
    enum pk_codebook_var_type type;
    int required;
    size_t ncodes;         /* categories / bands / scale codes, in codebook order */
    const pk_codebook_code *codes;
    /* Extras for pollclean. */
    long line;             /* the codebook line declaring the variable */
    double min, max;       /* number: valid range (-INFINITY, INFINITY when empty) */
    const char *scale;     /* question / attention: the scale's name, else NULL */
    const pk_scale *resp_scale;  /* question / attention: the scale, else NULL */
    long correct;          /* attention: index of the (first) correct answer's code, else -1 */
    size_t ncorrect;       /* attention: how many codes are correct (0: none given yet) */
    const long *correct_codes;  /* attention: their indices */
    enum pk_codebook_unit unit;  /* duration: its unit (seconds for others) */
} pk_codebook_var;

/* A multiple-choice ("pick all that apply") question: a `multi` row whose
 * `members` name its option columns, each a variable declared on an
 * earlier line (in the clean data 1 when ticked, 0 when not). It is no
 * column itself: pollclean cleans its options as the variables they are,
 * and pollsupport counts it. */
typedef struct pk_codebook_multi {
    const char *name, *label, *wording;
    size_t noptions;
    const char *const *options;        /* the option columns, in order */
    const char *const *option_labels;  /* their variables' labels */
    long line;
} pk_codebook_multi;

typedef struct pk_codebook pk_codebook;

/* Multiple-choice questions, in codebook order; NULL when none has the name. */
size_t pk_codebook_nmulti(const pk_codebook *cb);
const pk_codebook_multi *pk_codebook_multi_at(const pk_codebook *cb, size_t i);
const pk_codebook_multi *pk_codebook_find_multi(const pk_codebook *cb, const char *name);

/* Load and check a codebook. NULL + err "FILE:LINE: message" on failure. */
pk_codebook *pk_codebook_read(const char *path, pk_err *err);
void pk_codebook_free(pk_codebook *cb);

/* The path it was loaded from, for messages. */
const char *pk_codebook_path(const pk_codebook *cb);

/* Variables in codebook order (scales are not variables). */
size_t pk_codebook_nvars(const pk_codebook *cb);
const pk_codebook_var *pk_codebook_var_at(const pk_codebook *cb, size_t i);
/* By clean name, or NULL. */
const pk_codebook_var *pk_codebook_find(const pk_codebook *cb, const char *name);
/* Index of v in codebook order. */
size_t pk_codebook_index(const pk_codebook *cb, const pk_codebook_var *v);
/* Display label of a code of v, or NULL if v has no such code. */
const char *pk_codebook_code_label(const pk_codebook_var *v, const char *code);
/* Index of a code of v, or -1. */
long pk_codebook_code_index(const pk_codebook_var *v, const char *code);

/* A scale by name, or NULL; and the scales in codebook order. */
const pk_scale *pk_codebook_scale(const pk_codebook *cb, const char *name);
size_t pk_codebook_nscales(const pk_codebook *cb);
const pk_scale *pk_codebook_scale_at(const pk_codebook *cb, size_t i);

/* Whether code (an index) is a correct answer of attention check v. */
int pk_codebook_is_correct(const pk_codebook_var *v, long code);

/* Whether the variable is written to clean output (all but duration and
 * attention). */
int pk_codebook_in_output(const pk_codebook_var *v);

/* Match a raw answer already in textnorm.h's normal form against the
 * answers accepted for a category, question or attention variable:
 * the code's index, PK_CB_MISSING for an answer that means no answer,
 * PK_CB_NOMATCH otherwise. */
#define PK_CB_MISSING (-1)
#define PK_CB_NOMATCH (-2)
long pk_codebook_match(const pk_codebook_var *v, const char *norm, size_t len);

/* For a band: the number variable it is cut from, and the band (code
 * index) holding x, or -1 when x is in none. */
const pk_codebook_var *pk_codebook_band_source(const pk_codebook *cb, const pk_codebook_var *band);
long pk_codebook_band_of(const pk_codebook_var *band, double x);

/* A duration unit's name (seconds, minutes, hours), its symbol after a
 * number in messages (s, min, h), and its length in seconds. */
const char *pk_codebook_unit_name(enum pk_codebook_unit u);
const char *pk_codebook_unit_symbol(enum pk_codebook_unit u);
double pk_codebook_unit_seconds(enum pk_codebook_unit u);
/* The unit named s (seconds, minutes or hours, any case): 0, or -1. */
int pk_codebook_unit_parse(const char *s, enum pk_codebook_unit *u);
/* The unit a column's name says, by the rule of the `unit` column above:
 * 1 with *u set, or 0 when it says none (or two). pollcodebook drafts the
 * unit column with it. */
int pk_codebook_unit_of_name(const char *name, enum pk_codebook_unit *u);

#endif
