/* The one option layer every program's main() parses its command line with.
 *
 * A program declares its options once, in one table (pk_opt_table): each
 * option's long name, short letter, the name of its value, its help text
 * and the kind of value it takes (a choice from a list, a file it reads, a
 * file it writes, column names, question codes...). Everything else is
 * made from that table:
 *   - the getopt_long table, with --help/-h, --version and -q/--quiet added;
 *   - the option list of --help, between the program's own prose, and a
 *     last line pointing to the manual pages (man/, written by hand;
 *     tests/cli/man_pages.sh checks that each names every option here);
 *   - the check that no output is an input or another output (every file
 *     option is declared as one or the other), run when the options are
 *     read, before anything is opened;
 *   - the check that a file that must be CSV is not an SPSS, Stata or
 *     spreadsheet file;
 *   - bash completion (tools/completion/pollkit.bash), which asks the
 *     program for its table with the hidden option --list-options, and for
 *     the names in a file with --list-columns, --list-questions and
 *     --list-groups, read by the program's own readers.
 *
 * Hidden options are never offered and match only when typed in full:
 * they take no part in the matching of abbreviations, so that they can
 * never make a prefix users type ambiguous.
 *
 * Usage errors come in one form, without the program's path:
 *
 *   pollclean: unknown option '--foo'
 *   Try 'pollclean --help'.
 *
 * Every function here that finds a usage error prints it that way and exits
 * with status 2; none returns on error. */
#ifndef POLLKIT_OPTIONS_H
#define POLLKIT_OPTIONS_H

#include <getopt.h>
#include <stddef.h>

/* An option value chosen from a table ending with {NULL, 0}. */
typedef struct pk_choice {
    const char *name;
    int value;
} pk_choice;

/* A choice table made from a library's list of X(CONSTANT, "name") (e.g.
 * PK_ESTIMATE_CI_METHODS), so that each word is written once:
 *   static const pk_choice methods[] = {PK_WEIGHT_METHODS(PK_OPT_CHOICE) {NULL, 0}}; */
#define PK_OPT_CHOICE(constant, name) {name, constant},

/* What an option's value is. */
enum pk_opt_arg {
    PK_ARG_NONE = 0,   /* no value: a switch */
    PK_ARG_CHOICE,     /* one of the option's choices */
    PK_ARG_INPUT,      /* a file the program reads ("-": standard input) */
    PK_ARG_OUTPUT,     /* a file the program writes ("-": standard output) */
    PK_ARG_COLUMN,     /* a column of the input (microdata) */
    PK_ARG_QUESTION,   /* a question code of the input (a support table) */
    PK_ARG_GROUP,      /* a group of the input (a support table) */
    PK_ARG_NUMBER,
    PK_ARG_TEXT
};

/* Flags of an option. */
#define PK_OPT_HIDDEN 1u     /* not in --help or completion; matched only in full */
#define PK_OPT_LIST 2u       /* a comma list of its kind (--by a,b) */
#define PK_OPT_STDOUT 4u     /* an output that is standard output when not given (-o) */
#define PK_OPT_TSV 8u        /* makes the files tab-separated (--tsv) */
#define PK_OPT_STATFILE 16u  /* an input that may be SPSS .sav/.zsav or Stata .dta, not only CSV */
#define PK_OPT_WORKBOOK 32u  /* an input that may be an Excel workbook (.xlsx), not only CSV */
/* An option added after users learnt the prefixes of the others: a prefix
 * it shares with exactly one option without this flag selects that one
 * (pollsupport --s is still --sig-level beside --strata); a prefix only it
 * has selects it as usual. */
#define PK_OPT_YIELD 64u

/* One option. name is the long name without "--" (NULL ends a table);
 * letter its short letter or 0; id what pk_opt_next returns for it (the
 * letter, or PK_OPT_FIRST and up). arg names the value in --help ("FILE",
 * "LO,HI"); NULL for a switch. help is its --help text, wrapped to the
 * terminal's 80 columns (a '\n' starts a new line). what says, for an
 * input, what the file must be ("a codebook (CSV)"), for messages. */
typedef struct pk_opt {
    const char *name;
    int letter;
    int id;
    enum pk_opt_arg kind;
    const char *arg;
    const char *help;
    const pk_choice *choices;   /* PK_ARG_CHOICE */
    unsigned flags;
    const char *what;           /* PK_ARG_INPUT */
} pk_opt;

/* The lines most tables share: -o/--output FILE (standard output when not
 * given), --tsv, the end of a table; an INPUT operand (standard input when
 * absent) or none. */
#define PK_OPTION_OUTPUT(help) {"output", 'o', 'o', PK_ARG_OUTPUT, "FILE", (help), NULL, PK_OPT_STDOUT, NULL}
#define PK_OPTION_TSV(id, help) {"tsv", 0, (id), PK_ARG_NONE, NULL, (help), NULL, PK_OPT_TSV, NULL}
#define PK_OPTION_END {NULL, 0, 0, PK_ARG_NONE, NULL, NULL, NULL, 0, NULL}
#define PK_OPERAND_INPUT(flags, what) {"INPUT", 0, 0, PK_ARG_INPUT, "INPUT", NULL, NULL, (flags), (what)}
#define PK_OPERAND_NONE PK_OPTION_END

/* A program's command line: its --help text before the option list (the
 * usage line and what the program does), the options, the text after it
 * (formats, examples, exit status), and its operand: an input (kind
 * PK_ARG_INPUT, arg "INPUT", what it must be; standard input when absent)
 * or none (kind PK_ARG_NONE). quiet is -q's help text (NULL: "no summary
 * or notes on standard error"). */
typedef struct pk_opt_table {
    const char *before[3];
    const pk_opt *opts;
    const char *after[4];
    pk_opt operand;
    const char *quiet;
} pk_opt_table;

/* Values for long-only options. */
#define PK_OPT_FIRST 256

/* The next option, as getopt_long returns it (optarg set); -1 after the
 * last, with optind at the first operand. --help and -h print the help and
 * exit 0, --version the version; -q/--quiet sets pk_quiet() (cli.h). An unknown
 * option, a missing or unwanted value, or an ambiguous abbreviation is a
 * usage error. After the last option the files are checked: an output
 * that is an input or another output, or two inputs that are both
 * standard input, is a usage error (tools/cli/cli.h, pk_check_files); a
 * file that must be CSV but is an SPSS, Stata or spreadsheet file, or a
 * closed standard input or output that a file option needs, is an error
 * (exit 1). */
int pk_opt_next(int argc, char **argv, const pk_opt_table *t);

/* An output whose default the program works out after the options (the
 * chart pollplot's script writes, after --terminal): checked against the
 * files given, as if the option with this id had been given as path. */
void pk_opt_check_default(int id, const char *path);

/* The one INPUT operand after the options: NULL when there is none (read
 * standard input); "extra operand 'X'" when there are more. */
const char *pk_opt_input(int argc, char **argv);
/* Every INPUT operand after the options, *n of them: {"-"} (standard
 * input) when there is none; '-' at most once. */
const char *const *pk_opt_inputs(int argc, char **argv, size_t *n);
/* For a program that takes no operand. */
void pk_opt_no_operands(int argc, char **argv);

/* The value of the entry named arg. Anything else: "OPT: expected a, b or
 * c, got 'X'". */
int pk_opt_choice(const char *opt, const char *arg, const pk_choice *choices);
/* The name of value in choices, or "?". */
const char *pk_opt_choice_name(const pk_choice *choices, int value);

/* --ci's choices (enum pk_estimate_ci), for every program that has it. */
extern const pk_choice pk_opt_ci_methods[];

/* Numbers, parsed whole in the C locale. The range is lo..hi inclusive;
 * PK_OPEN_LO / PK_OPEN_HI exclude an end; -HUGE_VAL / HUGE_VAL leave a side
 * unbounded. Errors: "OPT: 'X' is not a number" (or "too large (...)",
 * "too small (...)"), "OPT: X is out of range
 * (must be from LO to HI)" (or "> LO", "<= HI", ...). */
#define PK_OPEN_LO 1u
#define PK_OPEN_HI 2u
double pk_opt_number(const char *opt, const char *arg, double lo, double hi, unsigned open);
/* Shorthand for pk_opt_number(opt, arg, lo, hi, 0). */
double pk_opt_double(const char *opt, const char *arg, double lo, double hi);
/* A whole number in lo..hi: "OPT: 'X' is not a whole number". */
long pk_opt_long(const char *opt, const char *arg, long lo, long hi);
/* "LO,HI", each in lo..hi, with LO < HI. */
void pk_opt_pair(const char *opt, const char *arg, double lo, double hi, double *a, double *b);

/* A list such as "a,b,c": items split at sep, none empty ("OPT: empty item
 * in 'a,,b'"); with PK_LIST_UNIQUE none repeated ("OPT: 'a' given twice").
 * item[n] is NULL. pk_list_free releases it (and accepts a zeroed list). */
typedef struct pk_list {
    char **item;
    size_t n;
} pk_list;
#define PK_LIST_UNIQUE 1u
void pk_opt_list(const char *opt, const char *arg, char sep, unsigned flags, pk_list *out);
void pk_list_free(pk_list *l);

#endif
