/* The targets file parser: margins in order of first appearance, the
 * interlocked split, normalisation, and every error with its line. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "pk_check.h"
#include "targets.h"

static pk_err e;

static pk_targets *parse(const char *text, int normalize)
{
    FILE *f = fmemopen((void *)text, strlen(text), "r");
    ck_assert_ptr_nonnull(f);
    pk_err_clear(&e);
    pk_targets *t = pk_targets_read_stream(f, "t.csv", normalize, &e);
    fclose(f);
    return t;
}

/* The text must fail with a message containing `want`. */
static void fails(const char *text, const char *want)
{
    pk_targets *t = parse(text, 0);
    ck_assert_ptr_null(t);
    ck_assert_int_eq(e.status, PK_ERR_DATA);
    if (!strstr(e.msg, want))
        ck_abort_msg("message '%s' lacks '%s'", e.msg, want);
}

START_TEST(margins_in_order)
{
    pk_targets *t = parse("variable,category,target,source\n"
                          "sex,male,0.49,ONS\n"
                          "age_band,18-24,0.3,ONS\n"
                          "sex,female,0.51,ONS\n"
                          "age_band,25+,0.7,\"ONS, 2023\"\n",
                          0);
    ck_assert_ptr_nonnull(t);
    ck_assert_uint_eq(t->nmargin, 2);
    ck_assert_str_eq(t->m[0].name, "sex");
    ck_assert_uint_eq(t->m[0].ncol, 1);
    ck_assert_uint_eq(t->m[0].ncat, 2);
    ck_assert_str_eq(t->m[0].cat[1].name, "female");
    ck_assert_int_eq(t->m[0].cat[1].line, 4);
    ck_assert_double_eq_tol(t->m[0].cat[0].target, 0.49, 1e-15);
    ck_assert_str_eq(t->m[1].name, "age_band");
    ck_assert_int_eq(t->m[1].first_line, 3);
    ck_assert_double_eq_tol(t->m[1].cat[1].target, 0.7, 1e-15);
    pk_targets_free(t);
}
END_TEST

START_TEST(interlocked)
{
    pk_targets *t = parse("category,target,variable\n"
                          "male:young,0.2,sex:age\n"
                          "male:old,0.3,sex:age\n"
                          "female:young,0.25,sex:age\n"
                          "female:old,0.25,sex:age\n",
                          0);
    ck_assert_ptr_nonnull(t);
    ck_assert_uint_eq(t->nmargin, 1);
    const pk_targets_margin *m = &t->m[0];
    ck_assert_uint_eq(m->ncol, 2);
    ck_assert_str_eq(m->col[0], "sex");
    ck_assert_str_eq(m->col[1], "age");
    ck_assert_str_eq(m->cat[2].part[0], "female");
    ck_assert_str_eq(m->cat[2].part[1], "young");
    const char *vals[2] = {"female", "old"};
    size_t lens[2] = {6, 3};
    ck_assert_int_eq(pk_targets_margin_find(m, vals, lens), 3);
    vals[1] = "mid";
    ck_assert_int_eq(pk_targets_margin_find(m, vals, lens), -1);
    pk_targets_free(t);
}
END_TEST

START_TEST(sums)
{
    /* Within 1e-6 of 1: accepted, and made exact. */
    pk_targets *t = parse("variable,category,target\nx,a,0.3333333\nx,b,0.6666665\n", 0);
    ck_assert_ptr_nonnull(t);
    ck_assert_double_eq_tol(t->m[0].cat[0].target + t->m[0].cat[1].target, 1.0, 1e-15);
    pk_targets_free(t);
    fails("variable,category,target\nx,a,0.3\nx,b,0.6\ny,c,1\n", "t.csv:2: the shares of 'x' sum to 0.9, not 1");
    /* --normalize: percentages become shares. */
    t = parse("variable,category,target\nx,a,30\nx,b,70\n", 1);
    ck_assert_ptr_nonnull(t);
    ck_assert_double_eq_tol(t->m[0].cat[0].target, 0.3, 1e-15);
    ck_assert_double_eq_tol(t->m[0].raw_sum, 100, 1e-12);
    pk_targets_free(t);
}
END_TEST

START_TEST(errors)
{
    fails("variable,category\nx,a\n", "t.csv:1: the header must have the columns variable, category and target");
    fails("variable,category,target\nx,a,0.5\nx,b,1/2\n", "t.csv:3:target: '1/2' is not a number");
    fails("variable,category,target\nx,a,1.5\nx,b,-0.5\n", "t.csv:3:target: negative target -0.5 for 'b' of 'x'");
    fails("variable,category,target\nx,a,0.5\nx,b,0.25\nx,a,0.25\n",
          "t.csv:4:category: duplicate target for 'a' of 'x' (first on line 2)");
    fails("variable,category,target\n,a,1\n", "t.csv:2:variable: empty variable name");
    fails("variable,category,target\nx,,1\n", "t.csv:2:category: empty category of 'x'");
    fails("variable,category,target\nx:y,a,1\n", "t.csv:2:category: 'a' of interlocked 'x:y' must have 2 values");
    fails("variable,category,target\nx,a:b,1\n", "t.csv:2:category: 'a:b' contains ':'");
    fails("variable,category,target\nx:,a:b,1\n", "t.csv:2:variable: 'x:' is not a column");
    fails("variable,category,target\nx:x,a:b,1\n", "t.csv:2:variable: 'x:x' is not a column");
    fails("variable,category,target\n", "t.csv: no targets");
    fails("variable,category,target\nx,a,0\nx,b,0\n", "t.csv:2: the shares of 'x' are all zero");
    fails("variable,category,target\nx,a,\"1\n", "t.csv:2");
}
END_TEST

/* The one rule for a category against the data (pollweight and
 * pollsupport --calibrated both call it). */
START_TEST(category_rule)
{
    pk_targets *t = parse("variable,category,target\nsex,m,0.5\nsex,f,0.5\nsex,x,0\n", 0);
    ck_assert_ptr_nonnull(t);
    const pk_targets_use use = {"in.csv", "base weight", NULL};
    /* A share of 0 met by nobody: accepted. */
    pk_err_clear(&e);
    ck_assert_int_eq(pk_targets_check_category(t, 0, 2, 0, 0, &use, &e), 0);
    ck_assert_int_eq(pk_targets_check_category(t, 0, 0, 3, 2.5, &use, &e), 0);
    /* A share of 0 held by someone: refused. */
    ck_assert_int_eq(pk_targets_check_category(t, 0, 2, 2, 1, &use, &e), PK_ERR_DATA);
    ck_assert_str_eq(e.msg, "t.csv:4: target 0 for category 'x' of 'sex', but 2 respondents have "
                            "it in in.csv (leave them out of the input, or give a positive share)");
    /* A positive share with nobody, or nobody with a positive weight. */
    pk_err_clear(&e);
    ck_assert_int_eq(pk_targets_check_category(t, 0, 1, 0, 0, &use, &e), PK_ERR_DATA);
    ck_assert_str_eq(e.msg, "t.csv:3: no respondents in category 'f' of 'sex', whose target is "
                            "0.5, in in.csv");
    pk_err_clear(&e);
    const pk_targets_use cal = {"w.csv", "weight", "not raked to these"};
    ck_assert_int_eq(pk_targets_check_category(t, 0, 1, 4, 0, &cal, &e), PK_ERR_DATA);
    ck_assert_str_eq(e.msg, "t.csv:3: no respondents with a positive weight in category 'f' of "
                            "'sex', whose target is 0.5, in w.csv: not raked to these");
    pk_targets_free(t);
}
END_TEST

START_TEST(missing_file)
{
    pk_err_clear(&e);
    ck_assert_ptr_null(pk_targets_read("/nonexistent/targets.csv", 0, &e));
    ck_assert_ptr_nonnull(strstr(e.msg, "/nonexistent/targets.csv"));
}
END_TEST

static Suite *targets_suite(void)
{
    Suite *s = suite_create("targets");
    TCase *tc = pk_tcase("parse");
    tcase_add_test(tc, margins_in_order);
    tcase_add_test(tc, interlocked);
    tcase_add_test(tc, sums);
    tcase_add_test(tc, errors);
    tcase_add_test(tc, missing_file);
    tcase_add_test(tc, category_rule);
    suite_add_tcase(s, tc);
    return s;
}

PK_CHECK_MAIN(targets_suite)
