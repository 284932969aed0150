/* The scale recogniser: the common scales' sides from their labels, the
 * don't-know family, 0-10, nominal answers, and net rows as banners print
 * them. */
#include <string.h>

#include "pk_check.h"
#include "scale_guess.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static void expect(const char *const *labels, size_t n, enum pk_scale_guess_family family,
                   const enum pk_side *want)
{
    enum pk_side got[16];
    enum pk_scale_guess_family f = pk_scale_guess(labels, n, got);
    ck_assert_msg(f == family, "family %s, expected %s (first label '%s')",
                  pk_scale_guess_family_name(f), pk_scale_guess_family_name(family), labels[0]);
    for (size_t i = 0; i < n; i++)
        ck_assert_msg(got[i] == want[i], "'%s': side '%s', expected '%s'", labels[i],
                      pk_side_name(got[i]), pk_side_name(want[i]));
}

#define P PK_SIDE_POSITIVE
#define M PK_SIDE_NEGATIVE
#define Z PK_SIDE_NEUTRAL
#define D PK_SIDE_DONT_KNOW
#define O PK_SIDE_NONE

START_TEST(common_scales)
{
    const char *support[] = {"Strongly support", "Tend to support", "Neither support nor oppose",
                             "Tend to oppose", "Strongly oppose", "Don't know"};
    const enum pk_side s1[] = {P, P, Z, M, M, D};
    expect(support, N(support), PK_SCALE_GUESS_FAMILY_SUPPORT, s1);

    const char *agree[] = {"Strongly agree", "Agree", "Neither agree nor disagree", "Disagree",
                           "Strongly disagree", "Don\u2019t know", "Prefer not to say"};
    const enum pk_side s2[] = {P, P, Z, M, M, D, D};
    expect(agree, N(agree), PK_SCALE_GUESS_FAMILY_AGREE, s2);

    /* A midpoint shortened to "Neither" or "Neither/nor", and one answer in
     * two wordings (Tend to / Somewhat), as merged exports have them. */
    const char *support2[] = {"Strongly support", "Tend to support", "Somewhat support", "Neither",
                              "Neither/nor", "Neither support nor oppose", "Somewhat oppose",
                              "Tend to oppose", "Strongly oppose", "Not sure"};
    const enum pk_side s1b[] = {P, P, P, Z, Z, Z, M, M, M, D};
    expect(support2, N(support2), PK_SCALE_GUESS_FAMILY_SUPPORT, s1b);

    const char *yesno[] = {"Yes", "No", "Not sure"};
    const enum pk_side s3[] = {P, M, D};
    expect(yesno, N(yesno), PK_SCALE_GUESS_FAMILY_YES_NO, s3);

    const char *likely[] = {"Very likely", "Fairly likely", "Not very likely", "Not at all likely",
                            "Can't remember"};
    const enum pk_side s4[] = {P, P, M, M, D};
    expect(likely, N(likely), PK_SCALE_GUESS_FAMILY_LIKELY, s4);

    const char *sat[] = {"Very satisfied", "Fairly satisfied", "Fairly dissatisfied",
                         "Very dissatisfied", "No opinion"};
    const enum pk_side s5[] = {P, P, M, M, D};
    expect(sat, N(sat), PK_SCALE_GUESS_FAMILY_SATISFIED, s5);

    const char *imp[] = {"Very important", "Fairly important", "Not very important",
                         "Not at all important"};
    const enum pk_side s6[] = {P, P, M, M};
    expect(imp, N(imp), PK_SCALE_GUESS_FAMILY_IMPORTANT, s6);

    const char *fav[] = {"Very favourable", "Somewhat favourable", "Somewhat unfavourable",
                         "Very unfavourable", "DK"};
    const enum pk_side s7[] = {P, P, M, M, D};
    expect(fav, N(fav), PK_SCALE_GUESS_FAMILY_FAVOURABLE, s7);
}
END_TEST

START_TEST(zero_to_ten_and_nominal)
{
    const char *ten[] = {"0 - Not at all likely", "1", "2", "3", "4", "5", "6", "7", "8", "9",
                         "10 - Extremely likely", "Don't know"};
    const enum pk_side s1[] = {M, M, M, M, M, Z, P, P, P, P, P, D};
    expect(ten, N(ten), PK_SCALE_GUESS_FAMILY_ZERO_TEN, s1);

    /* Only some of the numbers: not the 0-10 scale. */
    const char *some[] = {"1", "2", "3", "4", "5"};
    const enum pk_side s2[] = {O, O, O, O, O};
    expect(some, N(some), PK_SCALE_GUESS_FAMILY_NOMINAL, s2);

    const char *eu[] = {"Rejoin", "Stay out", "Would not vote", "Don't know"};
    const enum pk_side s3[] = {O, O, O, D};
    expect(eu, N(eu), PK_SCALE_GUESS_FAMILY_NOMINAL, s3);

    /* One side only is no scale. */
    const char *one[] = {"Support", "Strongly support"};
    const enum pk_side s4[] = {O, O};
    expect(one, N(one), PK_SCALE_GUESS_FAMILY_NOMINAL, s4);

    const char *parties[] = {"Conservative", "Labour", "Reform UK", "Green"};
    const enum pk_side s5[] = {O, O, O, O};
    expect(parties, N(parties), PK_SCALE_GUESS_FAMILY_NOMINAL, s5);
}
END_TEST

START_TEST(single_labels)
{
    ck_assert_int_eq(pk_scale_guess_label("Tend to oppose"), PK_SIDE_NEGATIVE);
    ck_assert_int_eq(pk_scale_guess_label("  STRONGLY   AGREE "), PK_SIDE_POSITIVE);
    ck_assert_int_eq(pk_scale_guess_label("Neither/nor"), PK_SIDE_NEUTRAL);
    ck_assert_int_eq(pk_scale_guess_label("Labour"), PK_SIDE_NONE);
    ck_assert_int_eq(pk_scale_guess_label(""), PK_SIDE_NONE);
    ck_assert(pk_scale_guess_is_dont_know("dont_know"));
    ck_assert(pk_scale_guess_is_dont_know("DK"));
    ck_assert(pk_scale_guess_is_dont_know("Not sure"));
    ck_assert(pk_scale_guess_is_dont_know("Prefer not to say"));
    ck_assert(pk_scale_guess_is_dont_know("Refused"));
    ck_assert(!pk_scale_guess_is_dont_know("No"));
    ck_assert(!pk_scale_guess_is_dont_know("Know a lot"));
    enum pk_side s;
    ck_assert_int_eq(pk_side_parse("dont_know", &s), 0);
    ck_assert_int_eq(s, PK_SIDE_DONT_KNOW);
    ck_assert_str_eq(pk_side_name(s), "dont_know");
    ck_assert_int_eq(pk_side_parse("Positive", &s), -1);
    ck_assert_int_eq(pk_side_parse("", &s), -1);
}
END_TEST

static void net(const char *label, int is_net, enum pk_side side, int score)
{
    enum pk_side s;
    int sc;
    int r = pk_scale_guess_net(label, &s, &sc);
    ck_assert_msg(r == is_net, "'%s': net %d, expected %d", label, r, is_net);
    if (!is_net)
        return;
    ck_assert_msg(s == side, "'%s': side '%s', expected '%s'", label, pk_side_name(s),
                  pk_side_name(side));
    ck_assert_msg(sc == score, "'%s': score %d, expected %d", label, sc, score);
}

START_TEST(net_rows)
{
    net("NET: Support", 1, P, 0);
    net("Net: Disagree", 1, M, 0);
    net("Net - oppose", 1, M, 0);
    net("Total agree", 1, P, 0);
    net("Total: not likely", 1, M, 0);
    net("Support (net)", 1, P, 0);
    net("Any support", 1, P, 0);
    net("Net support", 1, O, 1);
    net("Net score", 1, O, 1);
    net("Net +/-", 1, O, 1);
    net("Strongly support", 0, O, 0);
    net("Total", 0, O, 0);
    net("Don't know", 0, O, 0);
    net("Network Rail", 0, O, 0);
}
END_TEST

static Suite *scale_guess_suite(void)
{
    Suite *s = suite_create("scale_guess");
    TCase *tc = pk_tcase("guess");
    tcase_add_test(tc, common_scales);
    tcase_add_test(tc, zero_to_ten_and_nominal);
    tcase_add_test(tc, single_labels);
    tcase_add_test(tc, net_rows);
    suite_add_tcase(s, tc);
    return s;
}

PK_CHECK_MAIN(scale_guess_suite)
