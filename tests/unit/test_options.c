/* The option layer (tools/cli/options.h): choices, numbers with ranges,
 * lists, and pk_opt_next on a small table (long options by any unambiguous
 * prefix, hidden options only in full, values, operands). A usage error
 * exits with status 2: those cases are Check exit tests. */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "estimate.h"
#include "options.h"
#include "pk_check.h"

enum { A_ONE = 1, A_TWO = 2 };
static const pk_choice words[] = {{"one", A_ONE}, {"two", A_TWO}, {NULL, 0}};

START_TEST(choices)
{
    pk_cli_init("t");
    ck_assert_int_eq(pk_opt_choice("--w", "two", words), A_TWO);
    ck_assert_str_eq(pk_opt_choice_name(words, A_ONE), "one");
    ck_assert_str_eq(pk_opt_choice_name(words, 9), "?");
    /* The interval methods' table comes from estimate.h's one list. */
    ck_assert_int_eq(pk_opt_choice("--ci", "wilson", pk_opt_ci_methods), PK_ESTIMATE_CI_WILSON);
    ck_assert_str_eq(pk_opt_choice_name(pk_opt_ci_methods, PK_ESTIMATE_CI_BETA),
                     pk_estimate_ci_name(PK_ESTIMATE_CI_BETA));
}
END_TEST

START_TEST(choice_unknown_exits_2)
{
    pk_cli_init("t");
    pk_opt_choice("--w", "three", words);
}
END_TEST

START_TEST(numbers_in_range)
{
    pk_cli_init("t");
    ck_assert(pk_opt_double("--level", "0.95", 0, 1) == 0.95);
    ck_assert(pk_opt_double("--x", "1", 1, 2) == 1);   /* ends included */
    ck_assert(pk_opt_number("--x", "1e3", 0, HUGE_VAL, PK_OPEN_LO) == 1000);
    ck_assert_int_eq(pk_opt_long("--n", "42", 1, 100), 42);
    double a, b;
    pk_opt_pair("--cap", "0.3,3", 0, 100, &a, &b);
    ck_assert(a == 0.3 && b == 3);
}
END_TEST

START_TEST(open_end_exits_2)
{
    pk_cli_init("t");
    pk_opt_number("--level", "1", 0, 1, PK_OPEN_HI);
}
END_TEST

START_TEST(not_a_number_exits_2)
{
    pk_cli_init("t");
    pk_opt_double("--level", "0,95", 0, 1);
}
END_TEST

START_TEST(fraction_for_long_exits_2)
{
    pk_cli_init("t");
    pk_opt_long("--n", "4.5", 1, 100);
}
END_TEST

START_TEST(reversed_pair_exits_2)
{
    pk_cli_init("t");
    double a, b;
    pk_opt_pair("--cap", "3,0.3", 0, 100, &a, &b);
}
END_TEST

START_TEST(lists)
{
    pk_cli_init("t");
    pk_list l = {0};
    pk_opt_list("--by", "a,b,c", ',', PK_LIST_UNIQUE, &l);
    ck_assert_uint_eq(l.n, 3);
    ck_assert_str_eq(l.item[0], "a");
    ck_assert_str_eq(l.item[2], "c");
    ck_assert_ptr_null(l.item[3]);
    pk_list_free(&l);
    pk_list_free(&l);   /* a zeroed list is accepted */
}
END_TEST

START_TEST(repeated_item_exits_2)
{
    pk_cli_init("t");
    pk_list l = {0};
    pk_opt_list("--by", "a,b,a", ',', PK_LIST_UNIQUE, &l);
}
END_TEST

START_TEST(empty_item_exits_2)
{
    pk_cli_init("t");
    pk_list l = {0};
    pk_opt_list("--by", "a,,b", ',', 0, &l);
}
END_TEST

/* A small program's table: --level N, --label T, -o. */
enum { O_LEVEL = PK_OPT_FIRST, O_LABEL };
static const pk_opt table_opts[] = {
    {"level", 0, O_LEVEL, PK_ARG_NUMBER, "L", "the level", NULL, 0, NULL},
    {"label", 0, O_LABEL, PK_ARG_TEXT, "T", "a label", NULL, 0, NULL},
    PK_OPTION_OUTPUT("where to write"),
    PK_OPTION_END,
};
static const pk_opt_table table = {
    {"Usage: t [OPTION]... [INPUT]", "A test program."}, table_opts, {"The end."},
    PK_OPERAND_INPUT(0, "a file"), NULL};

/* A table whose later options yield their shared prefixes (PK_OPT_YIELD):
 * --level first, then --lonely and --strata. */
enum { Y_LEVEL = PK_OPT_FIRST, Y_LONELY, Y_STRATA };
static const pk_opt yield_opts[] = {
    {"level", 0, Y_LEVEL, PK_ARG_NUMBER, "L", "the level", NULL, 0, NULL},
    {"lonely", 0, Y_LONELY, PK_ARG_TEXT, "R", "a later option", NULL, PK_OPT_YIELD, NULL},
    {"strata", 0, Y_STRATA, PK_ARG_TEXT, "C", "another", NULL, PK_OPT_YIELD, NULL},
    PK_OPTION_END,
};
static const pk_opt_table yield_table = {
    {"Usage: t [OPTION]... [INPUT]", "A test program."}, yield_opts, {"The end."},
    PK_OPERAND_INPUT(0, "a file"), NULL};

/* Run pk_opt_next over argv with table t; ids in got[], their values. */
static size_t parse_with(const pk_opt_table *t, int argc, char **argv, int *got, const char **vals)
{
    pk_cli_init("t");
    optind = 1;
    size_t n = 0;
    int id;
    while ((id = pk_opt_next(argc, argv, t)) != -1) {
        got[n] = id;
        vals[n++] = optarg;
    }
    return n;
}

/* Run pk_opt_next over argv; ids in got[], values of --level/--label. */
static size_t parse(int argc, char **argv, int *got, const char **vals)
{
    return parse_with(&table, argc, argv, got, vals);
}

START_TEST(next_yields_prefixes)
{
    /* --l and --l=... stay --level beside the later --lonely; --lo is
     * --lonely; --s is --strata (no older option has it); a value that
     * looks like an option is a value. */
    char *argv[] = {"t", "--l", "0.9", "--lo", "--l", "--s", "x", "--l=0.8", "in.csv", NULL};
    int got[8];
    const char *vals[8];
    size_t n = parse_with(&yield_table, 9, argv, got, vals);
    ck_assert_uint_eq(n, 4);
    ck_assert_int_eq(got[0], Y_LEVEL);
    ck_assert_str_eq(vals[0], "0.9");
    ck_assert_int_eq(got[1], Y_LONELY);
    ck_assert_str_eq(vals[1], "--l");
    ck_assert_int_eq(got[2], Y_STRATA);
    ck_assert_str_eq(vals[2], "x");
    ck_assert_int_eq(got[3], Y_LEVEL);
    ck_assert_str_eq(vals[3], "0.8");
    ck_assert_str_eq(pk_opt_input(9, argv), "in.csv");
}
END_TEST

START_TEST(next_takes_prefixes)
{
    char *argv[] = {"t", "--lev", "0.9", "--labe=x y", "-o", "-", "in.csv", NULL};
    int got[8];
    const char *vals[8];
    size_t n = parse(7, argv, got, vals);
    ck_assert_uint_eq(n, 3);
    ck_assert_int_eq(got[0], O_LEVEL);
    ck_assert_str_eq(vals[0], "0.9");
    ck_assert_int_eq(got[1], O_LABEL);
    ck_assert_str_eq(vals[1], "x y");
    ck_assert_int_eq(got[2], 'o');
    ck_assert_str_eq(pk_opt_input(7, argv), "in.csv");
}
END_TEST

START_TEST(next_hidden_in_full_exits_0)
{
    /* The layer's own hidden options (for completion) work typed in full. */
    char *argv[] = {"t", "--list-options", NULL};
    int got[4];
    const char *vals[4];
    parse(2, argv, got, vals);
}
END_TEST

START_TEST(next_ambiguous_prefix_exits_2)
{
    /* --l is --level or --label. */
    char *argv[] = {"t", "--l", "1", NULL};
    int got[4];
    const char *vals[4];
    parse(3, argv, got, vals);
}
END_TEST

START_TEST(next_hidden_prefix_exits_2)
{
    /* A hidden option is never matched by a prefix. */
    char *argv[] = {"t", "--list-opt", NULL};
    int got[4];
    const char *vals[4];
    parse(2, argv, got, vals);
}
END_TEST

START_TEST(next_help_exits_0)
{
    char *argv[] = {"t", "-h", NULL};
    int got[4];
    const char *vals[4];
    parse(2, argv, got, vals);
}
END_TEST

START_TEST(extra_operand_exits_2)
{
    pk_cli_init("t");
    char *argv[] = {"t", "a.csv", "b.csv", NULL};
    optind = 1;
    pk_opt_input(3, argv);
}
END_TEST

static Suite *options_suite(void)
{
    Suite *s = suite_create("options");
    TCase *tc = pk_tcase("values");
    tcase_add_test(tc, choices);
    tcase_add_exit_test(tc, choice_unknown_exits_2, 2);
    tcase_add_test(tc, numbers_in_range);
    tcase_add_exit_test(tc, open_end_exits_2, 2);
    tcase_add_exit_test(tc, not_a_number_exits_2, 2);
    tcase_add_exit_test(tc, fraction_for_long_exits_2, 2);
    tcase_add_exit_test(tc, reversed_pair_exits_2, 2);
    tcase_add_test(tc, lists);
    tcase_add_exit_test(tc, repeated_item_exits_2, 2);
    tcase_add_exit_test(tc, empty_item_exits_2, 2);
    suite_add_tcase(s, tc);
    TCase *tn = pk_tcase("next");
    tcase_add_test(tn, next_takes_prefixes);
    tcase_add_test(tn, next_yields_prefixes);
    tcase_add_exit_test(tn, next_hidden_in_full_exits_0, 0);
    tcase_add_exit_test(tn, next_ambiguous_prefix_exits_2, 2);
    tcase_add_exit_test(tn, next_hidden_prefix_exits_2, 2);
    tcase_add_exit_test(tn, next_help_exits_0, 0);
    tcase_add_exit_test(tn, extra_operand_exits_2, 2);
    suite_add_tcase(s, tn);
    return s;
}

PK_CHECK_MAIN(options_suite)
