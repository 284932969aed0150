/* Drafting a codebook from a raw export (CSV/TSV, SPSS .sav/.zsav, Stata
 * .dta), for pollcodebook. The draft is a codebook pollclean accepts as it
 * is, written for a person to check and edit: every guess that needs a
 * person's eye carries a note in the `note` column, and columns left out are
 * listed in comment rows (variable `#`). The output depends only on the
 * input, and follows the input's column order.
 *
 * The guesses, per column:
 *   id          a name such as id, ResponseId or respondent; failing that,
 *               the first column whose values are all different (and hold
 *               no spaces)
 *   duration    a number column named like duration, time or seconds; the
 *               unit column says minutes or hours when the name does
 *   attention   a name such as attention or check; the correct answer is
 *               left for the person
 *   number      numbers with more than 12 different values; an age's range
 *               is 18 to 110, any other range is the data's, to be checked
 *   question    answers on one of the scales scale_guess.h recognises
 *               (sides filled in, nets written; labels numbered in front,
 *               "1 - Strongly disagree", read by their words), or a long,
 *               question-like header or variable label; a scale whose codes
 *               are numbered 0 or 1 up to at most 10 (the codes, or their
 *               labels' first numbers) gets a `score` per code, don't know
 *               none, and the draft its score column (only then)
 *   category    few different answers (at most 60, each given twice on
 *               average)
 *   left out    anything else (free text, dates, times)
 * Codes are ASCII snake-case slugs of the answers' labels; answers whose
 * normal form (textnorm.h) is the same are one code, with the other
 * spellings in `accept`; answers whose slugs are the same are one code too,
 * noted. The don't-know family (don't know, prefer not to say, can't
 * remember) is a `dont_know` code of a question's scale, and a `missing`
 * row of a category, as are values an SPSS or Stata file declares missing.
 * Questions whose answers are alike share one scale. SPSS and Stata value
 * labels give the codes, in the file's order, and variable labels the
 * wording. */
#ifndef POLLKIT_CODEBOOK_DRAFT_H
#define POLLKIT_CODEBOOK_DRAFT_H

#include <stdio.h>

#include "err.h"

typedef struct pk_codebook_draft_opts {
    char delim;       /* ',' or '\t' for a CSV input */
    long skip_rows;   /* extra header rows after the header (Qualtrics: 2) */
} pk_codebook_draft_opts;

/* What the draft holds, for the program's summary. */
typedef struct pk_codebook_draft_summary {
    long records;
    long columns;
    long variables;   /* declared variables */
    long left_out;    /* columns left out */
    long scales;
    long notes;       /* rows with a note to check */
    long formulas;    /* rows holding a text a spreadsheet would run as a formula */
} pk_codebook_draft_summary;

/* Read the export from f (positioned at its start; seekable, so that an
 * SPSS or Stata file can be recognised) and write the draft codebook to
 * out. `name` is used in messages and in the draft's first comment. */
int pk_codebook_draft_write(FILE *f, const char *name, const pk_codebook_draft_opts *o, FILE *out,
                            pk_codebook_draft_summary *sum, pk_err *err);

/* The slug of a label: ASCII letters (lower case) and digits, words joined
 * by '_', an apostrophe inside a word dropped ("Don't know" -> dont_know),
 * at most max bytes (cut at a word boundary where possible); "x" when
 * nothing is left. buf holds at least max + 1 bytes. */
char *pk_codebook_draft_slug(char *buf, size_t max, const char *label);

#endif
