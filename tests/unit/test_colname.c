/* Column names: the nearest name offered for a mistyped one (close slips
 * found, distant names and exact names not), the words of a name, and
 * weight-like names. */
#include <string.h>

#include "colname.h"
#include "pk_check.h"

static const char *const header[] = {"id", "age", "sex", "region", "vote2024", "euref",
                                     "q_temp_status", "q_settle_20y", "weight", "Région"};
#define NH (sizeof header / sizeof header[0])

static const char *near(const char *name)
{
    return pk_colname_nearest(name, header, NH);
}

START_TEST(nearest_slips)
{
    ck_assert_str_eq(near("vote2042"), "vote2024");    /* neighbours swapped */
    ck_assert_str_eq(near("vote224"), "vote2024");     /* one left out */
    ck_assert_str_eq(near("wieght"), "weight");
    ck_assert_str_eq(near("weigth"), "weight");
    ck_assert_str_eq(near("WEIGHT"), "weight");        /* case only */
    ck_assert_str_eq(near("Sex"), "sex");
    ck_assert_str_eq(near("ID"), "id");                /* short names: case only */
    ck_assert_str_eq(near("q_temp_stats"), "q_temp_status");
    ck_assert_str_eq(near("q_temp-status"), "q_temp_status");
    ck_assert_str_eq(near("regoin"), "region");
    /* One character of UTF-8 is one character: é for e costs 1. */
    ck_assert_str_eq(near("Régiön"), "Région");
    ck_assert_str_eq(near("eurref"), "euref");
}
END_TEST

START_TEST(nearest_refuses)
{
    ck_assert_ptr_null(near("vote2024"));    /* exact: nothing to suggest */
    ck_assert_ptr_null(near("party"));
    ck_assert_ptr_null(near("ag"));          /* two characters: no slip allowed */
    ck_assert_ptr_null(near("xy"));
    ck_assert_ptr_null(near("edu"));         /* three: one slip, but age is 2 away */
    ck_assert_ptr_null(near("vote1997"));    /* four changes in eight: too far */
    ck_assert_ptr_null(near("vote2019"));    /* another number is another name */
    const char *const grid[] = {"Q7_1", "Q7_2", "wave2_weight"};
    ck_assert_ptr_null(pk_colname_nearest("Q7_9", grid, 3));
    ck_assert_ptr_null(pk_colname_nearest("wave3_weight", grid, 3));
    ck_assert_str_eq(pk_colname_nearest("Q7__1", grid, 3), "Q7_1");
    ck_assert_str_eq(pk_colname_nearest("wave2_wieght", grid, 3), "wave2_weight");
    /* A candidate with other numbers is passed over for one a little further. */
    const char *const q[] = {"Q7_1", "Q7_9_text"};
    ck_assert_str_eq(pk_colname_nearest("Q7_9_txt", q, 2), "Q7_9_text");
    ck_assert_ptr_null(near("q_temp"));
    ck_assert_ptr_null(near(""));
    ck_assert_ptr_null(pk_colname_nearest("weight", NULL, 0));
    /* At most three slips, however long the name. */
    const char *longer[] = {"how_likely_are_you_to_vote_in_the_next_general_election"};
    ck_assert_str_eq(pk_colname_nearest("how_likely_are_you_to_vote_in_teh_next_genral_electoin", longer, 1),
                     longer[0]);
    ck_assert_ptr_null(pk_colname_nearest("how_likely_are_you_to_vote_in_teh_nxet_genral_electoin", longer, 1));
}
END_TEST

START_TEST(nearest_ties_and_hint)
{
    const char *const cands[] = {"cat_a", "cat_b"};
    ck_assert_str_eq(pk_colname_nearest("cat_c", cands, 2), "cat_a");   /* ties: the first */
    char buf[128];
    ck_assert_str_eq(pk_colname_hint(buf, sizeof buf, "vote2042", header, NH), " (did you mean 'vote2024'?)");
    ck_assert_str_eq(pk_colname_hint(buf, sizeof buf, "party", header, NH), "");
    const char *const odd[] = {"a\nbcdef"};
    ck_assert_str_eq(pk_colname_hint(buf, sizeof buf, "abcdef", odd, 1), " (did you mean 'a\\nbcdef'?)");
}
END_TEST

START_TEST(words)
{
    ck_assert(pk_colname_has_word("Duration (in minutes)", "minutes"));
    ck_assert(pk_colname_has_word("Duration (in minutes)", "in"));
    ck_assert(pk_colname_has_word("TIME_MINS", "mins"));
    ck_assert(pk_colname_has_word("loi2min", "min"));
    ck_assert(!pk_colname_has_word("Terminated", "min"));
    ck_assert(!pk_colname_has_word("minutes", "minute"));
    ck_assert(!pk_colname_has_word("", "min"));
}
END_TEST

START_TEST(weight_like)
{
    const char *yes[] = {"weight", "Weight", "weights", "weighting", "final_weight", "WeightUK", "wt",
                         "WT_FINAL", "wt2", "wgt", "pop_wgt", "wght", "wts"};
    const char *no[] = {"id", "height", "wait", "w", "twitter", "vote2024", "q_weigh_in", "swt"};
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
        ck_assert_msg(pk_colname_weight_like(yes[i]), "%s should read as a weight", yes[i]);
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
        ck_assert_msg(!pk_colname_weight_like(no[i]), "%s should not read as a weight", no[i]);
}
END_TEST

static Suite *colname_suite(void)
{
    Suite *s = suite_create("colname");
    TCase *tc = pk_tcase("core");
    tcase_add_test(tc, nearest_slips);
    tcase_add_test(tc, nearest_refuses);
    tcase_add_test(tc, nearest_ties_and_hint);
    tcase_add_test(tc, words);
    tcase_add_test(tc, weight_like);
    suite_add_tcase(s, tc);
    return s;
}

PK_CHECK_MAIN(colname_suite)
