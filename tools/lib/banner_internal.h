/* What banner.c, banner_read.c and banner_finish.c share beyond banner.h:
 * the banner being read, its questions, columns and answers, and the words
 * and cells of a published table. Only those files include this header.
 *
 * banner_read.c goes through the records (pk_banner_read) and hands each
 * question, once read, to banner_finish.c (pk_banner_finish: convention,
 * kinds, design effect, estimates, rows); both use banner.c's storage and
 * vocabulary. Calls go one way: read -> finish -> banner.c. */
#ifndef POLLKIT_BANNER_INTERNAL_H
#define POLLKIT_BANNER_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "banner.h"
#include "err.h"
#include "scale_guess.h"
#include "support_table.h"
#include "util.h"

/* A column of the banner. */
typedef struct pk_banner_col {
    size_t field;             /* index in the record */
    char *brk, *label, *by, *group, *group_label, *letter;
    int is_total;
    long n;                   /* unweighted base; -1 when not printed */
    double wbase, eff, efficiency;   /* NaN when not printed */
    double deff;
    const char *deff_source;
} pk_banner_col;

/* A cell as printed. */
enum pk_banner_cell_kind { PK_BANNER_CELL_EMPTY, PK_BANNER_CELL_NUM, PK_BANNER_CELL_STAR, PK_BANNER_CELL_DASH, PK_BANNER_CELL_LESS, PK_BANNER_CELL_BAD };
typedef struct pk_banner_cell {
    enum pk_banner_cell_kind kind;
    double v;                 /* PK_BANNER_CELL_NUM: the number; PK_BANNER_CELL_LESS: the bound */
    int pct;                  /* written with a % sign */
    int decimals;
} pk_banner_cell;

/* An answer row (with its companion and significance rows). */
typedef struct pk_banner_answer {
    char *label;
    long line;
    char **txt, **alt, **sig;  /* per column; alt/sig NULL when absent */
    long alt_line;
    int counts_on_label;       /* the labelled row holds counts */
    pk_banner_cell *c;                   /* the percentage cells, per column */
    long pct_line;
    double *share;             /* per column; NaN when the column has n = 0 */
    int is_net, is_score;
    enum pk_side side;
    const char *kind;
    char *code;
} pk_banner_answer;

typedef struct pk_banner_hdr {
    char **cells;
    size_t n;
    long line;
} pk_banner_hdr;

typedef struct pk_banner_q {
    char *title;
    char *table_title;        /* a bare "Table 3" line the wording under it replaced */
    char *wording;            /* a second line of text under the title: the full wording */
    char *universe;           /* "All GB adults", from a "Base: ..." line of text */
    char *code_hint;          /* "q_temp" from "q_temp. Base: ..." (pollkit's workbook),
                               * or the name of a sheet named "Q3" */
    long line;
    pk_banner_hdr *hdr;
    size_t nhdr, hcap;
    pk_banner_col *cols;
    size_t ncols;
    size_t *col_at;           /* field -> index in cols, SIZE_MAX for none */
    size_t nfields;           /* fields col_at covers */
    uint32_t letters;         /* bit k: 'A'+k is in some column's letter */
    size_t letter_step;       /* 2 when column letters run past Z, else 1 */
    int inherited;
    long base_line[4];        /* unweighted, weighted, effective, efficiency */
    char *base_label[4];
    long plain_line;          /* a row named "Base" alone */
    char *plain_label;
    long *plain_n;
    pk_banner_answer *rows;
    size_t nrows, rcap;
    int has_body;
    size_t nsig, nignored;
    int pct_row;              /* a row of "%" said the figures are percentages */
    size_t note_from;         /* the banner's notes from here on are this question's */
    enum pk_scale_guess_family family;   /* the answers' scale, as guessed */
    /* A mean score's row and its standard deviation's: cells per column
     * (NULL when absent), line and label as printed. */
    char **mean_txt, **sd_txt;
    long mean_line, sd_line;
    char *mean_label, *sd_label;
    const char *multi;        /* its text says several answers were allowed: the words */
} pk_banner_q;

enum { PK_BANNER_BASE_UNWEIGHTED, PK_BANNER_BASE_WEIGHTED, PK_BANNER_BASE_EFFECTIVE, PK_BANNER_BASE_EFFICIENCY, PK_BANNER_BASE_PLAIN, PK_BANNER_BASE_NONE };

struct pk_banner {
    pk_banner_opts o;
    const char *name;
    char **strs;               /* every string the rows point to, each once */
    pk_util_hindex str_ix;     /* strs by hash */
    size_t nstrs, scap;
    char **notes;
    size_t nnotes, ncap;
    pk_support_table_row *rows;
    size_t nrows, rcap;
    const char *page_name;     /* the name of the page being read, or NULL */
    char *last_layout;         /* the last question's notes without line numbers */
    size_t run_first, run_last;   /* questions laid out as the one before run_first */
    pk_banner_col *last_cols;           /* the previous question's columns */
    size_t nlast;
    char *last_cols_text;      /* its columns note, to say "as above" */
    char *last_answers_text;   /* likewise its answers */
    pk_err_list assumed;       /* questions whose design effect is assumed */
    size_t nquestions;
    pk_util_nameset qcodes;    /* the question codes given so far */
};

/* ---- banner.c: storage ---- */

/* s (malloc'd) kept until pk_banner_free; NULL (s freed) when memory ran
 * out. Each text is kept once: when it is kept already, s is freed and the
 * kept copy returned, so a kept string is never written to.
 * pk_banner_dup keeps a copy of s ("" for NULL). */
char *pk_banner_keep(pk_banner *b, char *s);
char *pk_banner_dup(pk_banner *b, const char *s);
/* err set to "NAME: out of memory"; returns PK_ERR_NOMEM. */
int pk_banner_oom(pk_banner *b, pk_err *err);
/* A note appended, or inserted at position at; -1 when memory ran out. */
int pk_banner_note_add(pk_banner *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int pk_banner_note_insert(pk_banner *b, size_t at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* ---- banner.c: the words and cells of a table ---- */

char *pk_banner_trim_dup(const char *s);      /* s without blanks around it, malloc'd */
int pk_banner_blank(const char *s);           /* NULL or only blanks */
char *pk_banner_norm(const char *s);          /* textnorm's form, malloc'd */
/* What a normalised label names: PK_BANNER_BASE_* (PK_BANNER_BASE_NONE for
 * no base). */
int pk_banner_base_kind(const char *nlabel);
/* Where a title's question number starts ("Q7_1." or "Table Q3:"), or NULL
 * when it does not start with one. */
const char *pk_banner_qnumber(const char *title);
int pk_banner_is_statistic(const char *nlabel);       /* mean, median, std dev...: not answers */
/* A mean score's row (PK_BANNER_STAT_MEAN: "mean", "mean score",
 * "average", the options' words) or its standard deviation's
 * (PK_BANNER_STAT_SD); PK_BANNER_STAT_NONE otherwise. */
enum { PK_BANNER_STAT_NONE, PK_BANNER_STAT_MEAN, PK_BANNER_STAT_SD };
int pk_banner_mean_kind(const pk_banner *b, const char *nlabel);
int pk_banner_is_companion_label(const char *nlabel); /* "%", "count"...: a companion row */
int pk_banner_is_total_label(const char *nlabel);     /* "total", "all adults"...: the Total column */
/* A cell of significance letters: letters, with spaces or commas between. */
int pk_banner_sig_like(const char *s);
/* A column letter ("A", "(B)", "AA"), written into out; 0 when s is none. */
int pk_banner_letter_like(const char *s, char out[4]);
/* A printed cell: number, *, -, <1 and the like. */
void pk_banner_parse_cell(const char *raw, pk_banner_cell *c);
/* A base as printed ("1,234", "45%"); non-zero when it is not one. */
int pk_banner_parse_base(const char *raw, double *v, int *is_pct);
/* A column's name for messages ("Vote 2024/Labour" when the label repeats). */
const char *pk_banner_col_name(const pk_banner_q *q, const pk_banner_col *c, char *buf, size_t n);
/* err set to "NAME:LINE:COLUMN: " fmt with value quoted into its %s. */
int pk_banner_cell_error(pk_banner *b, const pk_banner_q *q, long line, const pk_banner_col *c,
                         pk_err *err, const char *fmt, const char *value);

/* ---- banner_finish.c ---- */

/* Say the run of questions laid out alike that pk_banner_finish folded
 * ("tables 2-40: as table 1") as note number at; nothing when none. -1
 * when out of memory. */
int pk_banner_say_run(pk_banner *b, size_t at);
/* Finish question q once read: which row holds the percentages, codes,
 * bases, shares and their checks, kinds, design effect, then its rows;
 * its columns are kept for the questions after it. A question laid out as
 * the one before keeps only its title's notes. 0 or the error status. */
int pk_banner_finish(pk_banner *b, pk_banner_q *q, pk_err *err);

#endif
