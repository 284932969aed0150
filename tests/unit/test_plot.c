/* The common steps of every chart (tools/lib/plot_internal.h): wrapping a
 * label into lines, the colours groups get, a label lowered for a sentence,
 * and numbers in the script. The scripts as a whole are checked against
 * committed scripts in tests/cli/pollplot.sh. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pk_check.h"
#include "plot_internal.h"

/* wrap s at width; its lines and longest line in out-parameters. */
static char *wrap(const char *s, size_t width, int *lines, size_t *longest)
{
    char *w = pk_plot_wrap(s, width, lines, longest);
    ck_assert_ptr_nonnull(w);
    return w;
}

START_TEST(wrap_at_spaces)
{
    int lines;
    size_t longest;
    char *w = wrap("No automatic right to family reunion", 12, &lines, &longest);
    ck_assert_str_eq(w, "No automatic\nright to\nfamily\nreunion");
    ck_assert_int_eq(lines, 4);
    ck_assert_uint_eq(longest, 12);
    free(w);
    /* Short text is left alone. */
    w = wrap("Labour", 12, &lines, &longest);
    ck_assert_str_eq(w, "Labour");
    ck_assert_int_eq(lines, 1);
    ck_assert_uint_eq(longest, 6);
    free(w);
}
END_TEST

START_TEST(wrap_never_splits_a_word)
{
    int lines;
    size_t longest;
    char *w = wrap("Antidisestablishmentarianism now", 10, &lines, &longest);
    ck_assert_str_eq(w, "Antidisestablishmentarianism\nnow");
    ck_assert_int_eq(lines, 2);
    ck_assert_uint_eq(longest, 28);
    free(w);
}
END_TEST

START_TEST(wrap_keeps_breaks_counts_characters)
{
    int lines;
    size_t longest;
    /* The text's own line break stays; tabs and CRs become spaces. */
    char *w = wrap("Base: all\nadults\tin GB", 40, &lines, &longest);
    ck_assert_str_eq(w, "Base: all\nadults in GB");
    ck_assert_int_eq(lines, 2);
    ck_assert_uint_eq(longest, 12);
    free(w);
    /* Width in characters, not bytes: "Élections générales" is 19. */
    w = wrap("\xc3\x89lections g\xc3\xa9n\xc3\xa9rales", 19, &lines, &longest);
    ck_assert_int_eq(lines, 1);
    ck_assert_uint_eq(longest, 19);
    free(w);
    w = wrap("\xc3\x89lections g\xc3\xa9n\xc3\xa9rales", 18, &lines, &longest);
    ck_assert_int_eq(lines, 2);
    ck_assert_uint_eq(longest, 9);
    free(w);
}
END_TEST

START_TEST(party_colours_and_no_two_alike)
{
    pk_plot_group g[4] = {
        {.code = "lab", .label = "Labour"},
        {.code = "grn", .label = "Green"},
        {.code = "north", .label = "North"},
        {.code = "south", .label = "South"},
    };
    pk_plot_group_colours(g, 4);
    ck_assert_str_eq(g[0].colour, "#E4003B");
    ck_assert_str_eq(g[1].colour, "#02A95B");
    for (size_t i = 0; i < 4; i++)
        for (size_t j = 0; j < i; j++)
            ck_assert_msg(strcmp(g[i].colour, g[j].colour) != 0, "%s and %s share %s", g[i].code,
                          g[j].code, g[i].colour);
    /* A party found by its label under another code keeps its colour. */
    pk_plot_group h[1] = {{.code = "labour_party", .label = "Labour"}};
    pk_plot_group_colours(h, 1);
    ck_assert_str_eq(h[0].colour, "#E4003B");
}
END_TEST

START_TEST(party_spellings)
{
    /* The names people write parties with, in labels or codes. */
    static const struct { const char *code, *label, *colour; } cases[] = {
        {"g1", "Lib Dem", "#FAA61A"},          {"g2", "Lib Dems voters", "#FAA61A"},
        {"ld", "LD", "#FAA61A"},               {"g3", "Liberal Democrats", "#FAA61A"},
        {"g4", "Tory", "#0087DC"},             {"g5", "Conservatives", "#0087DC"},
        {"g6", "Plaid", "#005B54"},            {"g7", "Reform", "#12B6CF"},
        {"g8", "Green Party", "#02A95B"},      {"g9", "snp", "#E5C700"},
        {"SNP", "Scottish National Party", "#E5C700"},
        {"g10", "Republicans", "#E9141D"},     {"g11", "NDP", "#F37021"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        pk_plot_group g[1] = {{.code = cases[i].code, .label = cases[i].label}};
        pk_plot_group_colours(g, 1);
        ck_assert_msg(strcmp(g[0].colour, cases[i].colour) == 0, "%s: %s, not %s", cases[i].label,
                      g[0].colour, cases[i].colour);
    }
    /* A name that is not a party's keeps the neutral palette. */
    pk_plot_group n[1] = {{.code = "liberal", .label = "Liberal"}};
    pk_plot_group_colours(n, 1);
    ck_assert_str_eq(n[0].colour, "#6A3D9A");
}
END_TEST

START_TEST(lowered_for_a_sentence)
{
    char b[64];
    ck_assert_str_eq(pk_plot_lowered(b, sizeof b, "Labour voters"), "labour voters");
    ck_assert_str_eq(pk_plot_lowered(b, sizeof b, "SNP"), "SNP");
    ck_assert_str_eq(pk_plot_lowered(b, sizeof b, "all"), "all");
}
END_TEST

START_TEST(numbers_in_the_script)
{
    char b[PK_NUMBER_BUFSIZE];
    ck_assert_str_eq(pk_plot_num(b, 0.5), "0.5");
    ck_assert_str_eq(pk_plot_num(b, 1.0 / 3), "0.3333333333");
    ck_assert(pk_plot_sx(0) == 0);
    ck_assert(pk_plot_sx(600) > 0 && pk_plot_sx(600) < 1);
}
END_TEST

static Suite *plot_suite(void)
{
    Suite *s = suite_create("plot");
    TCase *tc = pk_tcase("layout");
    tcase_add_test(tc, wrap_at_spaces);
    tcase_add_test(tc, wrap_never_splits_a_word);
    tcase_add_test(tc, wrap_keeps_breaks_counts_characters);
    tcase_add_test(tc, party_colours_and_no_two_alike);
    tcase_add_test(tc, party_spellings);
    tcase_add_test(tc, lowered_for_a_sentence);
    tcase_add_test(tc, numbers_in_the_script);
    suite_add_tcase(s, tc);
    return s;
}

PK_CHECK_MAIN(plot_suite)
