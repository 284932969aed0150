/* Checking a cited polling claim against a support table (pollclaim).
 *
 * A claim is written in a small language that reads like English but parses
 * deterministically (the grammar is in claim_parse.c and pollclaim --help):
 *
 *     seed: "a majority of Labour and Green voters supported many of the
 *            proposals" => majority of lab,grn support many of *
 *     c2: "..." => at least 60% of lab support q_visa_penalties
 *     c3: "..." => grn less likely than lab to support q_settle_20y
 *     c4: "..." => more support than oppose q_temp_status among lab
 *     c5: "..." => most Reform UK voters agree q_fourday
 *     c6: "..." => at least 40% of Labour would vote Rejoin q_rejoin
 *     c7: "..." => lab rate q_trust higher than con       (mean scores)
 *     c8: "..." => the average rating of q_trust among lab is above 5
 *
 * Groups and responses are named by the table's codes or labels, so the
 * parser only delimits them; pk_claim_eval splits a share claim's words
 * into groups and a response against the table.
 *
 * pk_claim_parse turns one line into a pk_claim; errors carry the 1-based
 * character column where parsing failed and what was expected there.
 * pk_claim_eval resolves the claim's groups and questions in a support table
 * and computes, per proposal x group, the estimate, its interval and a
 * verdict (HOLDS, FAILS, TOO CLOSE TO CALL, MISLEADING), then per group and
 * per claim the quantified verdict, each with a sentence a journalist can
 * print. pk_claim_write prints the rows as CSV/TSV or as a terminal table. */
#ifndef POLLKIT_CLAIM_H
#define POLLKIT_CLAIM_H

#include <stdio.h>

#include "err.h"
#include "support_table.h"

typedef enum pk_claim_kind {
    PK_CLAIM_SHARE,    /* THRESHOLD of GROUPS VERB PROPOSALS */
    PK_CLAIM_COMPARE,  /* GROUP more|less likely than GROUP to VERB PROPOSALS */
    PK_CLAIM_NET,      /* more support than oppose PROPOSALS among GROUPS */
    PK_CLAIM_TREND,    /* RESPONSE for QUESTION [among GROUP] has fallen|risen|... since WAVE;
                        * GROUP more|less likely than in WAVE to RESPONSE QUESTION */
    PK_CLAIM_MEAN,     /* the average rating of PROPOSALS [among GROUPS] is above|below N */
    PK_CLAIM_MEAN_COMPARE   /* GROUP rate PROPOSALS higher|lower than GROUP */
} pk_claim_kind;

typedef enum pk_claim_quant {
    PK_CLAIM_QUANT_ONE,      /* a single proposal named */
    PK_CLAIM_QUANT_ALL,
    PK_CLAIM_QUANT_MOST,     /* more than half */
    PK_CLAIM_QUANT_MANY,     /* see pk_claim_many */
    PK_CLAIM_QUANT_ATLEAST,  /* at least K of */
    PK_CLAIM_QUANT_ANY       /* at least one of */
} pk_claim_quant;

/* A name as written in the claim, with its 1-based column for messages. */
typedef struct pk_claim_name {
    char *text;
    int col;
} pk_claim_name;

typedef struct pk_claim {
    char *id;          /* "" never: --claim without an id gets "claimN" */
    char *quote;       /* the article's words, "" when not given */
    char *text;        /* the claim as written, after "=>" */
    char *source;      /* file name or "--claim", for messages */
    long line;         /* line in the file, or the --claim's ordinal */
    int text_col;      /* column where text starts in the line */
    pk_claim_kind kind;
    /* share claims; a mean claim's threshold is a number on its scale */
    double theta;      /* the threshold, a proportion (a mean claim: N) */
    int above;         /* 1: share above theta; 0: below */
    int inclusive;     /* "at least" / "at most": the boundary counts */
    char *threshold;   /* normalised words: "a majority", "at least 60%" */
    /* share and compare: the words naming the response as written
     * ("support", "Total agree", "would vote Rejoin"); net: the first of
     * the two compared ("support" in "more support than oppose") */
    char *response;
    int response_col;
    char *response2;   /* net: the second ("oppose"); NULL otherwise */
    int response2_col;
    /* share: the words between the threshold (and its 'of') and the
     * proposals, groups then response, split against the table; net: the
     * groups after 'among'. Commas are kept as "," items. */
    pk_claim_name *phrase;
    size_t nphrase;
    int has_of;
    /* compare: 1 "more likely", 0 "less likely"; net: 1 support>oppose;
     * a mean comparison: 1 "higher", 0 "lower" */
    int more;
    pk_claim_name *groups;   /* compare, mean compare: the two groups as written */
    size_t ngroups;
    pk_claim_quant quant;
    long k;                  /* PK_CLAIM_QUANT_ATLEAST */
    int quant_col;
    int all_questions;       /* "*" or "the proposals" */
    pk_claim_name *questions;
    size_t nquestions;
    /* trend (one question; groups: none or one): the earlier wave as
     * written, the change claimed (+1 risen, -1 fallen, 0 unchanged) and
     * N points as a proportion, 'by at least N points' or 'within N
     * points' (NaN: none; 'unchanged' needs one). */
    char *since;
    int since_col;
    int direction;
    double points;
    int points_col;
    char *change_words;      /* as written: "has fallen", "is unchanged" */
} pk_claim;

/* Parse one claim line. With require_id, the line must be
 * `ID: "QUOTE" => CLAIM` (claims files); otherwise the id and the quote are
 * optional (`--claim`), the id defaulting to default_id. source and line
 * locate the text in messages ("claims.txt:3:17: expected ..."). Returns 0,
 * or PK_ERR_DATA with err filled; c is then left empty. */
int pk_claim_parse(const char *line, int require_id, const char *default_id,
                   const char *source, long lineno, pk_claim *c, pk_err *err);
void pk_claim_free(pk_claim *c);

/* Claims in input order, as pollclaim gathers them from --claim and a
 * claims file. */
typedef struct pk_claim_list {
    pk_claim *v;
    size_t n, cap;
} pk_claim_list;

/* Parse one claim (as pk_claim_parse) onto the end of l. Returns 0, or a
 * pk_status with err filled and l unchanged. */
int pk_claim_list_parse(pk_claim_list *l, const char *line, int require_id,
                        const char *default_id, const char *source, long lineno, pk_err *err);

/* Read a claims file from f (named name in messages) onto the end of l:
 * one claim a line, `ID: "QUOTE" => CLAIM`; blank lines and lines whose
 * first non-blank character is '#' are skipped, a UTF-8 BOM before the
 * first line is ignored. A line that does not parse, a NUL byte, a read
 * error or a file without a claim is an error naming NAME[:LINE]. Returns
 * 0 or PK_ERR_DATA / PK_ERR_NOMEM with err filled; on failure l keeps the claims
 * it had before. */
int pk_claim_file_read(FILE *f, const char *name, pk_claim_list *l, pk_err *err);

/* Refuse two claims of l with one id, naming both places. Returns 0 or
 * PK_ERR_DATA / PK_ERR_NOMEM with err filled. */
int pk_claim_list_check_ids(const pk_claim_list *l, pk_err *err);
void pk_claim_list_free(pk_claim_list *l);

/* The number of proposals "many of" m proposals stands for: a third or
 * more, rounded up, and at least two (when m >= 2). 3 of 7. */
long pk_claim_many(long m);

typedef enum pk_claim_verdict {
    PK_CLAIM_HOLDS,
    PK_CLAIM_FAILS,
    PK_CLAIM_TOO_CLOSE,
    PK_CLAIM_MISLEADING
} pk_claim_verdict;

const char *pk_claim_verdict_name(pk_claim_verdict v);

typedef enum pk_claim_row_kind {
    PK_CLAIM_ROW_CLAIM,     /* the claim's overall verdict */
    PK_CLAIM_ROW_GROUP,     /* one group's quantified verdict over the proposals */
    PK_CLAIM_ROW_PROPOSAL   /* one proposal x group */
} pk_claim_row_kind;

/* One output row. Strings are owned by the result. */
typedef struct pk_claim_row {
    pk_claim_row_kind kind;
    const pk_claim *claim;
    char *question, *question_label;       /* "" on claim rows */
    char *group, *group_label;             /* "" on claim rows with several groups */
    char *versus, *versus_label;           /* compare claims: the other group */
    char *response;                        /* support, net, support-difference... */
    double threshold;                      /* share claims; 0 for differences and net */
    double estimate, ci_low, ci_high;      /* NaN when not applicable */
    long n;                                /* the group's base (a comparison: the first
                                              group's); -1 when not known */
    long versus_n;                         /* a comparison: the other group's base;
                                              -1 otherwise or when not known */
    double dont_know, excl_dont_know;      /* share of dont_know, share among those with a view */
    long clearly, plausibly, needed, proposals;  /* -1 on proposal rows */
    pk_claim_verdict verdict;
    char *sentence;
    char *note;                            /* "" or what the sentence cannot say: the poll
                                              asked another thing than the claim names */
    int deff_assumed;                      /* the interval rests on a design effect of 1
                                            * the table assumed (said in the sentence) */
} pk_claim_row;

typedef struct pk_claim_result {
    pk_claim_row *rows;
    size_t nrows, cap;
} pk_claim_result;

/* How a table lacking se (a pollster's published table) is completed:
 * se = sqrt(deff * p(1-p) / n), deff = `deff` when > 0, else the row's
 * deff_kish, else 1; intervals by the row's ci_method (logit when empty) at
 * `level` when > 0, else the row's level, else 0.95. A row whose
 * deff_source is `assumed` (polltable without a design effect) is
 * recomputed so when `deff` > 0. */
typedef struct pk_claim_opts {
    double deff;
    double level;
    int methods;   /* --wording methods: intervals and "95% CI" as a methods box
                    * says them; 0 (plain): rounded figures and "margin of error" */
} pk_claim_opts;

/* Evaluate c against t, appending its rows to res. An unknown question or
 * group, or a comparison of groups that are not disjoint groups of one `by`
 * column, is an error naming them (PK_ERR_DATA). */
int pk_claim_eval(const pk_claim *c, const pk_support_table *t, const pk_claim_opts *o,
                  pk_claim_result *res, pk_err *err);
void pk_claim_result_free(pk_claim_result *res);

typedef enum pk_claim_format { PK_CLAIM_CSV, PK_CLAIM_TABLE } pk_claim_format;

/* Write the rows: CSV (delim ',' or '\t') with a header, or a table for the
 * terminal. */
void pk_claim_write(const pk_claim_result *res, pk_claim_format fmt, char delim, FILE *f);

#endif
