/* Answer scales: the one place that knows a question's responses, their
 * order, labels and sides, and the nets built on them. Every program reads
 * a poll's scale from its codebook (codebook.h builds scales from its
 * `side` and `members` columns); pollsupport builds nominal scales for
 * columns no codebook describes, from the values it sees. No scale is
 * compiled in.
 *
 * A scale's responses are its codes in scale order, then its nets in the
 * support table's order: the positive net, the negative net, the other
 * listed nets, the net score. Each response has a kind (the support
 * table's response_kind) and, for the estimators, a weight y in {-1, 0, 1}
 * per code: a code counts 1 for itself; a net 1 for each member; the net
 * score 1 for each code of the positive net and -1 for each of the
 * negative net.
 *
 * Rules applied by pk_scale_finish (docs/guide.md, pollclean): a scale with both a
 * positive and a negative side has a positive net, a negative net (each by
 * default the codes of its side, unless listed) and a net score; a side
 * with a single code is its own net and gets no extra row unless listed; a
 * net score needs both sides; a code may be in the positive net or in the
 * negative net, not both; a net's members are codes of its own scale,
 * listed once. */
#ifndef POLLKIT_SCALE_H
#define POLLKIT_SCALE_H

#include <stddef.h>

#include "err.h"
#include "scale_guess.h"

/* What a support-table row is (its response_kind). */
enum pk_scale_kind {
    PK_SCALE_KIND_POSITIVE,      /* a code on the positive side */
    PK_SCALE_KIND_NEGATIVE,
    PK_SCALE_KIND_NEUTRAL,
    PK_SCALE_KIND_DONT_KNOW,
    PK_SCALE_KIND_NOMINAL,       /* a code without a side */
    PK_SCALE_KIND_NET_POSITIVE,  /* the positive side's net */
    PK_SCALE_KIND_NET_NEGATIVE,
    PK_SCALE_KIND_NET,           /* another listed net */
    PK_SCALE_KIND_NET_SCORE,     /* positive net minus negative net */
    PK_SCALE_KIND_MEAN,          /* the mean of the codes' scores */
    PK_SCALE_KIND_OPTION,        /* an option of a multiple-choice question */
    PK_SCALE_KIND_N
};

/* "positive", "negative", "neutral", "dont_know", "nominal",
 * "net_positive", "net_negative", "net", "net_score", "mean", "option". */
const char *pk_scale_kind_name(enum pk_scale_kind k);
/* The inverse; -1 when s is none of them. */
int pk_scale_kind_parse(const char *s, enum pk_scale_kind *out);
/* The kind of a scale code on a side (PK_SIDE_NONE: nominal). */
enum pk_scale_kind pk_scale_kind_of_side(enum pk_side side);
/* Whether a kind stands for a whole side: a positive or negative code
 * that is its side's only code, or the side's net. Codes are judged by
 * the scale (pk_scale_side_net). */
int pk_scale_kind_is_net(enum pk_scale_kind k);

typedef struct pk_scale_response {
    const char *code, *label;
    enum pk_scale_kind kind;
    enum pk_side side;      /* a code's side (PK_SIDE_NONE for nets) */
    long line;              /* codebook line declaring it; 0 for a default net */
    const signed char *y;   /* per code of the scale: -1, 0 or 1 (all 0 for the mean) */
    double score;           /* a code's score (0-10 rating...); NaN: none (don't know) */
} pk_scale_response;

/* The code and label of a scale's mean row. No scale can hold the code:
 * pk_scale_add_code refuses it. */
#define PK_SCALE_MEAN_CODE "(mean)"
#define PK_SCALE_MEAN_LABEL "Mean score"


typedef struct pk_scale pk_scale;

/* A new, empty scale; label NULL means the name. NULL when out of memory. */
pk_scale *pk_scale_new(const char *name, const char *label);
void pk_scale_free(pk_scale *s);

/* Messages about a scale name the file its declarations come from
 * ("codebook.csv:42: ..."); NULL: messages carry no location. */
int pk_scale_set_path(pk_scale *s, const char *path);

/* Add a code at the end (label NULL: the code). Errors (PK_ERR_DATA, err
 * naming path:line): a code declared twice. Only before pk_scale_finish. */
int pk_scale_add_code(pk_scale *s, const char *code, const char *label, enum pk_side side,
                      long line, pk_err *err);

/* Give code its score (a finite number). A scale where some code has a
 * score gets a mean row (kind PK_SCALE_KIND_MEAN, code PK_SCALE_MEAN_CODE)
 * after its nets: the mean of the scores of those who gave a scored code
 * (codes without a score, such as don't know, are outside its base).
 * Only before pk_scale_finish; errors name path:line. */
int pk_scale_set_score(pk_scale *s, const char *code, double score, long line, pk_err *err);
/* Whether the scale has a mean row. */
int pk_scale_has_mean(const pk_scale *s);

/* Declare a net: kind PK_SCALE_KIND_NET_POSITIVE / _NEGATIVE (members: NULL or
 * none for the side's codes), PK_SCALE_KIND_NET (members needed) or
 * PK_SCALE_KIND_NET_SCORE (no members). label NULL: the code. Members are
 * checked by pk_scale_finish, when every code is known. */
int pk_scale_add_net(pk_scale *s, const char *code, const char *label, enum pk_scale_kind kind,
                     const char *const *members, size_t nmembers, long line, pk_err *err);

/* Check the declarations and settle the responses (see the rules above).
 * Default nets of a scale with both sides are coded `positive`,
 * `negative` and `net` and labelled "Positive (net)", "Negative (net)" and
 * "Net score"; a default that would repeat a code is an error asking for
 * the net to be listed. Errors name the line at fault. */
int pk_scale_finish(pk_scale *s, pk_err *err);

const char *pk_scale_name(const pk_scale *s);
const char *pk_scale_label(const pk_scale *s);
/* Codes, then (after pk_scale_finish) nets. */
size_t pk_scale_ncodes(const pk_scale *s);
size_t pk_scale_nresponses(const pk_scale *s);
const pk_scale_response *pk_scale_response_at(const pk_scale *s, size_t i);
/* Index of a response (code or net) by its code, or -1. */
long pk_scale_find(const pk_scale *s, const char *code);
/* Whether the scale has a positive and a negative side. */
int pk_scale_has_sides(const pk_scale *s);
/* The response standing for a side (PK_SIDE_POSITIVE or _NEGATIVE): its
 * net, else its only code; -1 when there is none. */
long pk_scale_side_net(const pk_scale *s, enum pk_side side);

#endif
