/* The one option layer every program's main() parses its command line with:
 * getopt_long underneath, plus what every program has (--help, --version,
 * -q/--quiet), option values chosen from a table, comma lists, numbers with
 * ranges, and usage errors in one form, without the program's path:
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

/* A program's command line. longopts is a getopt_long table ending with
 * {0}; its values are short letters or PK_OPT_FIRST and up. --help,
 * --version and -q/--quiet are added to it and handled by pk_opt_next;
 * shortopts lists the program's short letters ("o:"), without 'q'. */
typedef struct pk_opt_table {
    const char *shortopts;
    const struct option *longopts;
    const char *help[4];   /* --help text, in pieces (ISO C caps a literal's length) */
} pk_opt_table;

/* Values for long-only options. */
#define PK_OPT_FIRST 256

/* The next option, as getopt_long returns it (optarg set); -1 after the
 * last, with optind at the first operand. --help prints the help and exits
 * 0, --version the version; -q/--quiet sets pk_quiet(). An unknown option,
 * a missing or unwanted value, or an ambiguous abbreviation is a usage
 * error. */
int pk_opt_next(int argc, char **argv, const pk_opt_table *t);

/* Whether -q/--quiet was given: no summaries or notes on standard error
 * (errors are still reported). */
int pk_quiet(void);

/* The one INPUT operand after the options: NULL when there is none (read
 * standard input); "extra operand 'X'" when there are more. */
const char *pk_opt_input(int argc, char **argv);
/* For a program that takes no operand. */
void pk_opt_no_operands(int argc, char **argv);

/* An option value chosen from a table ending with {NULL, 0}: the value of
 * the entry named arg. Anything else: "OPT: expected a, b or c, got 'X'". */
typedef struct pk_choice {
    const char *name;
    int value;
} pk_choice;
int pk_opt_choice(const char *opt, const char *arg, const pk_choice *choices);

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
