/* pollcodebook: draft a codebook from a raw export (CSV, SPSS, Stata) for a
 * person to check and edit (see tools/lib/codebook_draft.h for the
 * guessing). This file parses options, makes the input seekable, and writes
 * the draft whole or not at all. */
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "codebook_draft.h"
#include "options.h"

static const char usage[] =
    "Usage: pollcodebook [OPTION]... [INPUT]\n"
    "Draft a codebook for pollclean from a raw survey export (CSV, SPSS\n"
    ".sav/.zsav or Stata .dta, recognised by content): one variable per column,\n"
    "its kind, codes and scale guessed from the answers. pollclean accepts the\n"
    "draft as it is; every guess a person should check carries a note in the\n"
    "'note' column, and columns left out are listed in comment rows ('#').\n"
    "\n"
    "With no INPUT, or when INPUT is -, read standard input.\n"
    "\n";

static const char guesses[] =
    "The guesses, per column:\n"
    "  id         named like id, ResponseId or respondent; else the first column\n"
    "             whose values are all different\n"
    "  duration   numbers, named like duration, time or seconds (unit minutes or\n"
    "             hours when the name says so)\n"
    "  attention  named like attention or check; you give the correct answer\n"
    "  number     numbers with more than 12 different values; range 18 to 110\n"
    "             for an age, else the data's (to check)\n"
    "  question   answers on a common scale (support/oppose, agree/disagree,\n"
    "             yes/no, likely/unlikely, satisfied/dissatisfied, 0-10, ...),\n"
    "             with sides and nets filled in; or a long, question-like header\n"
    "  category   few different answers\n"
    "  left out   anything else (free text, dates, times)\n";

static const char guesses2[] =
    "Codes are ASCII snake-case slugs of the answers; spellings differing only\n"
    "in case, spacing or typographic quotes are one code, with the others in\n"
    "'accept'. Don't know, prefer not to say and can't remember are a\n"
    "question's dont_know code, and a category's 'missing' row, as are values\n"
    "an SPSS or Stata file declares missing. Value labels give the codes,\n"
    "variable labels (or long CSV headers) the wording. Questions with alike\n"
    "answers share one scale. The draft is deterministic and follows the\n"
    "input's column order.\n"
    "\n"
    "Example:\n"
    "  pollcodebook -o codebook.csv wave3.sav      # then edit codebook.csv\n"
    "  pollclean --codebook codebook.csv -o clean.csv wave3.sav\n"
    "\n"
    "Exit status: 0 success; 1 bad data or I/O error; 2 bad usage.\n";

enum { OPT_SKIP_ROWS = PK_OPT_FIRST, OPT_TSV };

static const pk_opt opts[] = {
    PK_OPTION_OUTPUT("write the draft to FILE (default: standard output)"),
    {"skip-rows", 0, OPT_SKIP_ROWS, PK_ARG_NUMBER, "N",
     "skip N extra header rows after the header (Qualtrics exports have 2)", NULL, 0, NULL},
    PK_OPTION_TSV(OPT_TSV, "read tab-separated values (the draft is CSV)"),
    PK_OPTION_END,
};

static const pk_opt_table options = {
    {usage}, opts, {guesses, guesses2},
    PK_OPERAND_INPUT(PK_OPT_STATFILE, "a raw export (CSV, SPSS or Stata)"),
    "no summary on standard error",
};

int main(int argc, char **argv)
{
    pk_cli_init("pollcodebook");
    pk_codebook_draft_opts o = {',', 0};
    const char *output = NULL;
    int opt;
    while ((opt = pk_opt_next(argc, argv, &options)) != -1) {
        switch (opt) {
        case 'o': output = optarg; break;
        case OPT_SKIP_ROWS: o.skip_rows = pk_opt_long("--skip-rows", optarg, 0, 1000000); break;
        case OPT_TSV: o.delim = '\t'; break;
        default: abort();   /* pk_opt_next returns only the table's options */
        }
    }
    const char *path = pk_opt_input(argc, argv);
    const char *name;
    off_t start;
    FILE *in = pk_open_seekable_input(path, &name, &start);
    pk_out out;
    pk_out_open_or_die(&out, output);
    pk_err err;
    pk_err_clear(&err);
    pk_codebook_draft_summary sum;
    if (pk_codebook_draft_write(in, name, &o, out.f, &sum, &err))
        pk_die_err(&err);
    if (in != stdin)
        fclose(in);
    pk_out_commit_or_die(&out);
    if (!pk_quiet())
        pk_msg("%s: %ld records, %ld columns: %ld variables (%ld scale%s), %ld left out; %ld row%s with a note "
               "to check", name, sum.records, sum.columns, sum.variables, sum.scales, sum.scales == 1 ? "" : "s",
               sum.left_out, sum.notes, sum.notes == 1 ? "" : "s");
    /* A warning, even with --quiet: docs/guide.md tells users to edit the
     * draft in a spreadsheet. */
    if (sum.formulas)
        pk_msg("warning: %ld row%s of the draft hold%s a text starting with =, +, -, @, a tab or a carriage "
               "return, which a spreadsheet would run as a formula (each is flagged in its note): open the "
               "draft as text (in LibreOffice: File > Open, Text CSV, every column as Text; in Excel: Data > "
               "From Text/CSV), never by double-click", sum.formulas, sum.formulas == 1 ? "" : "s",
               sum.formulas == 1 ? "s" : "");
    return pk_finish(PK_EXIT_OK);
}
