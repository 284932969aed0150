/* util.h's growing string and set of unique names, err.h's capped lists of names, and
 * number.h's exact and outward formats. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "number.h"
#include "pk_check.h"
#include "util.h"

START_TEST(sbuf_appends_and_takes)
{
    pk_util_sbuf b = {0};
    ck_assert_str_eq(pk_util_sbuf_str(&b), "");
    char *s = pk_util_sbuf_take(&b);   /* nothing added: an empty string, not NULL */
    ck_assert_str_eq(s, "");
    free(s);
    pk_util_sbuf_add(&b, "n=");
    pk_util_sbuf_addf(&b, "%ld, %s%%", 1200L, "52");
    ck_assert_str_eq(pk_util_sbuf_str(&b), "n=1200, 52%");
    ck_assert_uint_eq(b.len, 11);
    /* Past the first allocation: every append kept, in order. */
    for (int i = 0; i < 1000; i++)
        pk_util_sbuf_addf(&b, "%c", 'a' + i % 26);
    ck_assert_uint_eq(b.len, 1011);
    ck_assert_uint_eq(strlen(b.s), 1011);
    ck_assert_int_eq(b.s[11 + 27], 'b');
    s = pk_util_sbuf_take(&b);
    ck_assert_uint_eq(strlen(s), 1011);
    ck_assert_ptr_null(b.s);   /* taken: b is empty again */
    ck_assert_uint_eq(b.len, 0);
    free(s);
}
END_TEST

START_TEST(sbuf_out_of_memory_sticks)
{
    pk_util_sbuf b = {0};
    pk_util_sbuf_add(&b, "kept");
    b.oom = 1;   /* as an append that could not grow sets it */
    pk_util_sbuf_add(&b, " lost");
    pk_util_sbuf_addf(&b, " %d", 2);
    ck_assert_str_eq(pk_util_sbuf_str(&b), "kept");
    ck_assert_ptr_null(pk_util_sbuf_take(&b));
    ck_assert_ptr_null(b.s);
    ck_assert_int_eq(b.oom, 0);
    pk_util_sbuf_add(&b, "again");
    ck_assert_str_eq(pk_util_sbuf_str(&b), "again");
    pk_util_sbuf_free(&b);
    ck_assert_ptr_null(b.s);
}
END_TEST

START_TEST(nameset_unique_numbers_from_the_stem)
{
    pk_util_nameset u = {0};
    const char *want[] = {"group", "group_2", "group_3", "group_4"};
    for (size_t i = 0; i < 4; i++) {
        char *s = pk_util_nameset_unique(&u, "group", "_");
        ck_assert_ptr_nonnull(s);
        ck_assert_str_eq(s, want[i]);
        free(s);
    }
    ck_assert(pk_util_nameset_has(&u, "group_3"));
    ck_assert(!pk_util_nameset_has(&u, "group_5"));
    /* A stem that is only a stem is no name of the set. */
    ck_assert_uint_eq(pk_util_nameset_next(&u, "answer", 1), 1);
    ck_assert(!pk_util_nameset_has(&u, "answer"));
    pk_util_nameset_free(&u);
}
END_TEST

START_TEST(nameset_skips_names_taken_otherwise)
{
    pk_util_nameset u = {0};
    ck_assert_int_eq(pk_util_nameset_add(&u, "yes"), 0);
    ck_assert_int_eq(pk_util_nameset_add(&u, "yes_2"), 0);   /* printed as such */
    char *s = pk_util_nameset_unique(&u, "yes", "_");
    ck_assert_str_eq(s, "yes_3");
    free(s);
    s = pk_util_nameset_numbered(&u, "answer", "_", 1);
    ck_assert_str_eq(s, "answer_1");
    free(s);
    s = pk_util_nameset_unique(&u, "no", "_");
    ck_assert_str_eq(s, "no");
    free(s);
    pk_util_nameset_free(&u);
}
END_TEST

START_TEST(nameset_many_alike)
{
    /* 20,000 names from one stem: each call tries one number (linear). */
    pk_util_nameset u = {0};
    char last[32] = "";
    for (int i = 0; i < 20000; i++) {
        char *s = pk_util_nameset_unique(&u, "q", "_");
        ck_assert_ptr_nonnull(s);
        snprintf(last, sizeof last, "%s", s);
        free(s);
    }
    ck_assert_str_eq(last, "q_20000");
    ck_assert(pk_util_nameset_has(&u, "q_12345"));
    pk_util_nameset_free(&u);
}
END_TEST

START_TEST(list_caps_and_counts)
{
    pk_err_list l = {0};
    for (int i = 1; i <= 30; i++)
        pk_err_list_add(&l, ", ", "q%d", i);
    ck_assert_uint_eq(pk_err_list_count(&l), 30);
    ck_assert_str_eq(pk_err_list_text(&l), "q1, q2, q3, q4, q5, q6, q7, q8, q9, q10, q11, q12, "
                                           "q13, q14, q15, q16, q17, q18, q19, q20 and 10 more");
    pk_err_list few = {0};
    pk_err_list_add(&few, ", ", "%s", "a");
    pk_err_list_add(&few, "; ", "%s", "b");
    ck_assert_str_eq(pk_err_list_text(&few), "a; b");
    pk_err_list none = {0};
    ck_assert_str_eq(pk_err_list_text(&none), "");
}
END_TEST

START_TEST(list_escapes_and_bounds_by_bytes)
{
    pk_err_list l = {.max_names = 1000, .max_chars = 50};
    pk_err_list_add(&l, ", ", "%s", "x\033[2Jy");
    for (int i = 0; i < 100; i++)
        pk_err_list_add(&l, ", ", "name%03d", i);
    const char *t = pk_err_list_text(&l);
    ck_assert_msg(strncmp(t, "x\\x1B[2Jy, name000", 18) == 0, "got %s", t);
    ck_assert_msg(strlen(t) < 80, "too long: %s", t);
    ck_assert_msg(strstr(t, " more") != NULL, "no count: %s", t);
}
END_TEST

/* A bound written for a codebook keeps the value inside; a number passed
 * through reads back as itself. */
static Suite *util_suite(void)
{
    Suite *s = suite_create("util");
    TCase *tc = pk_tcase("core");
    tcase_add_test(tc, sbuf_appends_and_takes);
    tcase_add_test(tc, sbuf_out_of_memory_sticks);
    tcase_add_test(tc, nameset_unique_numbers_from_the_stem);
    tcase_add_test(tc, nameset_skips_names_taken_otherwise);
    tcase_add_test(tc, nameset_many_alike);
    tcase_add_test(tc, list_caps_and_counts);
    tcase_add_test(tc, list_escapes_and_bounds_by_bytes);
    suite_add_tcase(s, tc);
    return s;
}

PK_CHECK_MAIN(util_suite)
