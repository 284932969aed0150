/* The codebook-to-options step of pollsupport: questions from --questions
 * (labels and scales from the codebook, a nominal scale for a category
 * column) or from the codebook, --by columns with the codebook's codes and
 * labels in its order, and a codebook without questions refused. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "codebook.h"
#include "pk_check.h"
#include "support_plan.h"


START_TEST(questions_from_codebook)
{
    pk_codebook *cb = pk_test_load_sample();
    pk_support_plan p;
    pk_err e;
    pk_err_clear(&e);
    const char *by[] = {"region", "not_in_codebook"};
    ck_assert_int_eq(pk_support_plan_make(&p, cb, "cb.csv", NULL, 0, by, 2, &e), 0);
    ck_assert_int_eq(p.strict, 0);
    ck_assert_uint_eq(p.nquestions, 7);
    ck_assert_str_eq(p.questions[0].name, "q_temp_status");
    ck_assert_str_eq(p.questions[0].label, "Temporary protection, 30-month reviews");
    ck_assert_ptr_nonnull(p.questions[0].scale);
    ck_assert_str_eq(p.questions[6].name, "q_capped_routes");
    ck_assert_uint_eq(p.nby, 2);
    ck_assert_str_eq(p.by[0].column, "region");
    ck_assert_uint_eq(p.by[0].ncodes, pk_codebook_find(cb, "region")->ncodes);
    ck_assert_str_eq(p.by[0].codes[0], "north_east");
    ck_assert_str_eq(p.by[0].labels[0], "North East");
    ck_assert_str_eq(p.by[1].column, "not_in_codebook");
    ck_assert_uint_eq(p.by[1].ncodes, 0);
    ck_assert_ptr_null(p.by[1].codes);
    pk_support_plan_free(&p);
    pk_codebook_free(cb);
}
END_TEST

START_TEST(questions_named)
{
    pk_codebook *cb = pk_test_load_sample();
    pk_support_plan p;
    pk_err e;
    pk_err_clear(&e);
    const char *qs[] = {"sex", "q_settle_20y", "q_other", "age"};
    ck_assert_int_eq(pk_support_plan_make(&p, cb, "cb.csv", qs, 4, NULL, 0, &e), 0);
    ck_assert_int_eq(p.strict, 1);
    ck_assert_uint_eq(p.nquestions, 4);
    /* A category column: a nominal scale of its codes, made for the plan. */
    ck_assert_str_eq(p.questions[0].label, "Sex");
    ck_assert_ptr_nonnull(p.questions[0].scale);
    ck_assert_uint_eq(pk_scale_ncodes(p.questions[0].scale), 2);
    ck_assert_int_eq(pk_scale_find(p.questions[0].scale, "female"), 1);
    ck_assert_int_eq(pk_scale_has_sides(p.questions[0].scale), 0);
    ck_assert_uint_eq(p.nowned, 1);
    /* A question keeps its own scale; a column the codebook lacks has none. */
    ck_assert_ptr_eq(p.questions[1].scale, pk_codebook_find(cb, "q_settle_20y")->resp_scale);
    ck_assert_ptr_null(p.questions[2].label);
    ck_assert_ptr_null(p.questions[2].scale);
    /* A number column: its label, and the data give the codes. */
    ck_assert_str_eq(p.questions[3].label, "Age");
    ck_assert_ptr_null(p.questions[3].scale);
    ck_assert_uint_eq(p.nby, 0);
    pk_support_plan_free(&p);
    /* Without a codebook: the names only. */
    ck_assert_int_eq(pk_support_plan_make(&p, NULL, NULL, qs, 2, NULL, 0, &e), 0);
    ck_assert_ptr_null(p.questions[0].label);
    ck_assert_ptr_null(p.questions[0].scale);
    pk_support_plan_free(&p);
    pk_codebook_free(cb);
}
END_TEST

START_TEST(codebook_without_questions)
{
    pk_err e;
    pk_codebook *cb = pk_test_codebook_text(
        "variable,kind,source,required,scale,code,label,side,members,min,max,accept,wording\n"
        "sex,category,Q2,yes,,,Sex,,,,,,\n"
        "sex,code,,,,male,Male,,,,,,\n"
        "sex,code,,,,female,Female,,,,,,\n",
        &e);
    if (!cb)
        ck_abort_msg("codebook: %s", e.msg);
    pk_support_plan p;
    ck_assert_int_eq(pk_support_plan_make(&p, cb, "cb.csv", NULL, 0, NULL, 0, &e), PK_ERR_DATA);
    ck_assert_str_eq(e.msg, "cb.csv: the codebook declares no questions");
    ck_assert_ptr_null(p.questions);
    pk_codebook_free(cb);
}
END_TEST

static Suite *support_plan_suite(void)
{
    Suite *s = suite_create("support_plan");
    TCase *tc = pk_tcase("plan");
    tcase_add_test(tc, questions_from_codebook);
    tcase_add_test(tc, questions_named);
    tcase_add_test(tc, codebook_without_questions);
    suite_add_tcase(s, tc);
    return s;
}

PK_CHECK_MAIN(support_plan_suite)
