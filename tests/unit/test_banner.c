/* Published banner tables (banner.c): the statistics against R's values
 * (tests/fixtures/banner/make_expected.R), the codes banners' names become,
 * the layouts and conventions, and errors with their locations. The
 * end-to-end recovery of a known truth is tests/cli/polltable.sh. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "banner.h"
#include "csvio.h"
#include "number.h"
#include "pk_check.h"

static pk_banner_opts opts(void)
{
    pk_banner_opts o;
    memset(&o, 0, sizeof o);
    o.ci = PK_ESTIMATE_CI_LOGIT;
    o.level = 0.95;
    o.min_base = 50;
    return o;
}

static pk_banner *read_text(const char *text, const pk_banner_opts *o, pk_err *e)
{
    FILE *f = fmemopen((void *)text, strlen(text), "r");
    ck_assert_ptr_nonnull(f);
    pk_err_clear(e);
    pk_csv_reader *r = pk_csv_reader_open_stream_flags(f, "b.csv", ',', PK_READER_NO_HEADER, e);
    ck_assert_ptr_nonnull(r);
    pk_banner *b = pk_banner_read(r, o, e);
    pk_csv_reader_close(r);
    fclose(f);
    return b;
}

static const pk_support_table_row *find(const pk_banner *b, const char *q, const char *g, const char *resp)
{
    for (size_t i = 0; i < pk_banner_nrows(b); i++) {
        const pk_support_table_row *r = pk_banner_row_at(b, i);
        if (strcmp(r->question, q) == 0 && strcmp(r->group, g) == 0 &&
            strcmp(r->response, resp) == 0)
            return r;
    }
    return NULL;
}

static int has_note(const pk_banner *b, const char *text)
{
    for (size_t i = 0; i < pk_banner_nnotes(b); i++)
        if (strstr(pk_banner_note(b, i), text))
            return 1;
    return 0;
}

/* Every row of small.csv against R: se 1e-10, bounds 1e-8 (absolute). */
START_TEST(statistics_match_r)
{
    char path[4096];
    pk_err e;
    pk_err_clear(&e);
    pk_csv_reader *r = pk_csv_reader_open_flags(
        pk_src_path(path, sizeof path, "tests/fixtures/banner/small.csv"), ',', PK_READER_NO_HEADER,
        &e);
    ck_assert_msg(r, "%s", e.msg);
    pk_banner_opts o = opts();
    pk_banner *b = pk_banner_read(r, &o, &e);
    ck_assert_msg(b, "%s", e.msg);
    pk_csv_reader_close(r);

    pk_csv_reader *x = pk_csv_reader_open(
        pk_src_path(path, sizeof path, "tests/fixtures/banner/expected_small.csv"), ',', &e);
    ck_assert_msg(x, "%s", e.msg);
    size_t checked = 0;
    while (pk_csv_reader_next(x, &e) == 1) {
        const char *q = pk_csv_reader_field(x, 0), *g = pk_csv_reader_field(x, 1),
                   *resp = pk_csv_reader_field(x, 2);
        const pk_support_table_row *row = find(b, q, g, resp);
        ck_assert_msg(row, "no row %s/%s/%s", q, g, resp);
        double want[5];
        for (int k = 0; k < 5; k++)
            ck_assert_int_eq(pk_number_parse(pk_csv_reader_field(x, (size_t)(4 + k)), &want[k]), 0);
        long n;
        ck_assert_int_eq(pk_number_parse_long(pk_csv_reader_field(x, 3), &n), 0);
        ck_assert_int_eq(row->n, n);
        ck_assert_double_eq_tol(row->share, want[0], 1e-15);
        ck_assert_msg(fabs(row->se - want[1]) < 1e-10, "%s/%s/%s se %.15g vs %.15g", q, g, resp,
                      row->se, want[1]);
        ck_assert_msg(fabs(row->ci_low - want[2]) < 1e-8, "%s/%s/%s ci_low %.15g vs %.15g", q, g,
                      resp, row->ci_low, want[2]);
        ck_assert_msg(fabs(row->ci_high - want[3]) < 1e-8, "%s/%s/%s ci_high %.15g vs %.15g", q,
                      g, resp, row->ci_high, want[3]);
        ck_assert_double_eq_tol(row->deff_kish, want[4], 1e-12);
        ck_assert_str_eq(row->deff_source, "effective_base");
        checked++;
    }
    ck_assert_uint_eq(checked, 24);
    ck_assert_uint_eq(pk_banner_nrows(b), 24);
    /* kinds: nominal answers, don't know, a single-code side, the score */
    ck_assert_str_eq(find(b, "q5", "All", "rejoin")->response_kind, "nominal");
    ck_assert_str_eq(find(b, "q5", "All", "dont_know")->response_kind, "dont_know");
    ck_assert_str_eq(find(b, "q6", "All", "support")->response_kind, "positive");
    ck_assert_str_eq(find(b, "q6", "All", "net")->response_kind, "net_score");
    ck_assert_str_eq(find(b, "q6", "remain", "net")->by, "2016_vote");
    ck_assert(isnan(find(b, "q6", "All", "support")->weighted_base));
    pk_csv_reader_close(x);
    pk_banner_free(b);
}
END_TEST

START_TEST(slugs)
{
    static const char *const cases[][2] = {
        {"NET: Support", "net_support"},   {"18-24", "18_24"},
        {"65+", "65plus"},                 {"Don't know", "dont_know"},
        {"  Lib  Dem ", "lib_dem"},        {"Yorkshire & the Humber", "yorkshire_the_humber"},
        {"18\xe2\x80\x93" "24", "18_24"},  {"Québec", "québec"},
        {"%", ""},                         {"Q7_1", "q7_1"}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *s = pk_banner_slug(cases[i][0]);
        ck_assert_str_eq(s, cases[i][1]);
        free(s);
    }
}
END_TEST

/* Proportions, a plain "Base" row, nets and their codes, the given design
 * effect, and an answer whose code would clash. */
START_TEST(proportions_and_nets)
{
    const char *text =
        "Table 4: How likely are you to vote?,,\n"
        ",Total,Female\n"
        "Base,500,260\n"
        "Very likely,0.40,0.38\n"
        "Fairly likely,0.30,0.32\n"
        "Not very likely,0.20,0.20\n"
        "Not at all likely,0.10,0.10\n"
        "Total likely,0.70,0.70\n"
        "Total unlikely,0.30,0.30\n";
    pk_banner_opts o = opts();
    o.deff = 1.3;
    pk_err e;
    pk_banner *b = read_text(text, &o, &e);
    ck_assert_msg(b, "%s", e.msg);
    ck_assert(has_note(b, "'Base' (line 3) gives n, taken as the unweighted base"));
    ck_assert(has_note(b, "proportions (no % signs, no figure above 1), 2 decimals"));
    ck_assert(has_note(b, "design effect 1.3 (--deff) in every column"));
    const pk_support_table_row *r = find(b, "table_4_how_likely_are_you_to_vote", "female", "likely");
    ck_assert_ptr_nonnull(r);
    ck_assert_str_eq(r->response_kind, "net_positive");
    ck_assert_str_eq(r->response_label, "Total likely");
    ck_assert_double_eq_tol(r->share, 0.70, 1e-15);
    ck_assert_double_eq_tol(r->se, sqrt(1.3 * 0.7 * 0.3 / 260), 1e-15);
    ck_assert_str_eq(r->deff_source, "given");
    ck_assert_double_eq_tol(r->n_eff, 260 / 1.3, 1e-9);
    r = find(b, "table_4_how_likely_are_you_to_vote", "All", "unlikely");
    ck_assert_str_eq(r->response_kind, "net_negative");
    r = find(b, "table_4_how_likely_are_you_to_vote", "All", "very_likely");
    ck_assert_str_eq(r->response_kind, "positive");
    ck_assert_str_eq(r->question_label, "Table 4: How likely are you to vote?");
    /* scale answers first, then the nets */
    ck_assert_str_eq(pk_banner_row_at(b, 0)->response, "very_likely");
    ck_assert_str_eq(pk_banner_row_at(b, 8)->response, "likely");
    pk_banner_free(b);
}
END_TEST

/* Counts under the percentages (with % signs), significance letters spread
 * over cells, a question with no header of its own, footers ignored. */
START_TEST(layout_details)
{
    const char *text =
        "Q1. Agree or disagree?,,,\n"
        ",,Region,\n"
        ",Total,North,South\n"
        ",(A),(B),(C)\n"
        "Unweighted base,\"1,200\",600,600\n"
        "Weighted base,1200,580,620\n"
        "Weighting efficiency,64%,,\n"
        "Agree,55%,60%,50%\n"
        ",660,348,310\n"
        ",,C,\n"
        "Disagree,45%,40%,50%\n"
        ",540,232,310\n"
        ",,,b\n"
        "Mean,3.2,3.3,3.1\n"
        ",,C,\n"
        "\n"
        "Q2. Yes or no?,,,\n"
        "Unweighted base,1190,590,600\n"
        "Yes,30%,30%,30%\n"
        "No,70%,70%,70%\n"
        "Source: a pollster,,,\n";
    pk_banner_opts o = opts();
    pk_err e;
    pk_banner *b = read_text(text, &o, &e);
    ck_assert_msg(b, "%s", e.msg);
    const pk_support_table_row *r = find(b, "q1", "north", "agree");
    ck_assert_ptr_nonnull(r);
    ck_assert_int_eq(r->n, 600);
    ck_assert_double_eq_tol(r->share, 0.60, 1e-15);
    ck_assert_str_eq(r->group_letter, "B");
    ck_assert_str_eq(r->sig_higher_than, "C");
    ck_assert_str_eq(r->by, "region");
    ck_assert_double_eq_tol(r->deff_kish, 1 / 0.64, 1e-12);
    ck_assert_str_eq(find(b, "q1", "All", "agree")->deff_source, "efficiency");
    ck_assert_int_eq(find(b, "q1", "All", "agree")->n, 1200);
    ck_assert_str_eq(find(b, "q1", "south", "disagree")->sig_higher_than, "b");  /* as printed */
    ck_assert(has_note(b, "percentages on the labelled rows, counts on the rows under them"));
    /* The Mean row is the question's mean score (no standard deviation
     * printed: no se); the letters under it are not read. */
    ck_assert(has_note(b, "1 line of summary statistics ignored"));
    ck_assert(has_note(b, "question q1: the mean score 'Mean' has no standard deviation row"));
    const pk_support_table_row *m = find(b, "q1", "north", "(mean)");
    ck_assert_ptr_nonnull(m);
    ck_assert_str_eq(m->response_kind, "mean");
    ck_assert_double_eq_tol(m->mean, 3.3, 1e-15);
    ck_assert(isnan(m->share) && isnan(m->se) && isnan(m->ci_low));
    ck_assert_int_eq(m->n, 600);
    ck_assert(has_note(b, "b.csv:21: ignored: 'Source: a pollster' (no table under it)"));
    ck_assert(has_note(b, "columns (the previous question's): as above"));
    /* Q2 has its own bases, the same columns, and no design effect */
    r = find(b, "q2", "south", "yes");
    ck_assert_ptr_nonnull(r);
    ck_assert_int_eq(r->n, 600);
    ck_assert_str_eq(r->deff_source, "assumed");
    ck_assert_str_eq(r->response_kind, "positive");
    ck_assert(has_note(b, "warning: no effective base or weighting efficiency printed for q2"));
    ck_assert_uint_eq(pk_banner_nrows(b), 15);
    pk_banner_free(b);
}
END_TEST

/* Text beside the group names, and column letters inside them. */
START_TEST(labelled_header)
{
    const char *text =
        "Q3. Do you agree?,,,\n"
        ",,Gender,\n"
        "Base: All GB adults,Total (A),Male (B),Female (C)\n"
        "Unweighted base,1000,480,520\n"
        "Agree,40%,45%,35%\n"
        ",,C,\n"
        "Disagree,60%,55%,65%\n";
    pk_banner_opts o = opts();
    pk_err e;
    pk_banner *b = read_text(text, &o, &e);
    ck_assert_msg(b, "%s", e.msg);
    ck_assert(has_note(b, "b.csv:3: header row; its first cell 'Base: All GB adults' ignored"));
    const pk_support_table_row *r = find(b, "q3", "All", "agree");
    ck_assert_ptr_nonnull(r);
    ck_assert_str_eq(r->by, "");
    ck_assert_str_eq(r->group_letter, "A");
    r = find(b, "q3", "male", "agree");
    ck_assert_str_eq(r->group_label, "Male");
    ck_assert_str_eq(r->group_letter, "B");
    ck_assert_str_eq(r->sig_higher_than, "C");
    ck_assert_str_eq(r->by, "gender");
    pk_banner_free(b);
}
END_TEST

/* YouGov's layout: a sheet heading, the header and bases once, a row of %
 * signs, the question's text, then the answers without % signs. */
START_TEST(yougov_layout)
{
    const char *text =
        "YouGov / The Times Survey Results,,,\n"
        "Fieldwork: 21st - 22nd November 2025,,,\n"
        ",,Vote in 2024,\n"
        ",Total,Con,Lab\n"
        "Weighted Sample,1774,220,310\n"
        "Unweighted Sample,1774,310,376\n"
        ",%,%,%\n"
        "\"Do you support or oppose it?\",,,\n"
        "Support,0.6,0.7,0.5\n"
        "Oppose,0.3,0.2,0.4\n"
        "Don't know,0.1,0.1,0.1\n";
    pk_banner_opts o = opts();
    pk_err e;
    pk_banner *b = read_text(text, &o, &e);
    ck_assert_msg(b, "%s", e.msg);
    ck_assert(has_note(b, "'YouGov / The Times Survey Results' is a heading: the question's title "
                          "is on line 8"));
    ck_assert(has_note(b, "percentages (a row of % signs says so)"));
    const pk_support_table_row *r = find(b, "do_you_support_or_oppose_it", "lab", "support");
    ck_assert_ptr_nonnull(r);
    ck_assert_str_eq(r->question_label, "Do you support or oppose it?");
    ck_assert_double_eq_tol(r->share, 0.005, 1e-15);   /* 0.5 under a row of % signs */
    ck_assert_int_eq(r->n, 376);
    pk_banner_free(b);
}
END_TEST

/* How a table's lines of text are read: a bare "Table 3" takes the wording
 * under it; a long wording is labelled after its stem; "Base:" is the
 * universe; links, copyright and fieldwork lines are never titles; a row
 * labelled only by its side is a net when it sums its side. */
START_TEST(titles_wordings_universes)
{
    pk_banner_opts o = opts();
    pk_err e;
    const char *text =
        "Back to contents\n"
        "Table 3\n"
        "Q3. To what extent do you support or oppose the following? Temporary refugee status\n"
        "Base: All GB adults.\n"
        "Fieldwork: 1-2 June 2026\n"
        ",Total,Male,Female\n"
        "Unweighted base,100,50,50\n"
        "Strongly support,20%,25%,15%\n"
        "Tend to support,30%,25%,35%\n"
        "Tend to oppose,30%,30%,30%\n"
        "Strongly oppose,20%,20%,20%\n"
        "Support,50%,50%,50%\n"
        "Oppose,50%,50%,50%\n"
        "\xc2\xa9 Pollster Ltd 2026\n"
        "\n"
        "Vote intention\n"
        "Which party would you vote for if there were a general election tomorrow?\n"
        ",Total,Male,Female\n"
        "Unweighted base,100,50,50\n"
        "Labour,40%,35%,45%\n"
        "Conservative,60%,65%,55%\n";
    pk_banner *b = read_text(text, &o, &e);
    ck_assert_msg(b != NULL, "%s", e.msg);
    const pk_support_table_row *r = find(b, "q3", "All", "strongly_support");
    ck_assert_ptr_nonnull(r);
    ck_assert_str_eq(r->question_label, "Temporary refugee status");
    ck_assert_str_eq(r->question_text,
                     "To what extent do you support or oppose the following? Temporary refugee status");
    ck_assert_str_eq(r->universe, "All GB adults");
    /* "Support" adds up its side in every column: a net */
    r = find(b, "q3", "All", "support");
    ck_assert_ptr_nonnull(r);
    ck_assert_str_eq(r->response_kind, "net_positive");
    ck_assert(has_note(b, "'Support' read as a net"));
    ck_assert(has_note(b, "ignored: 'Back to contents'"));
    ck_assert(has_note(b, "ignored: 'Fieldwork: 1-2 June 2026'"));
    /* a short title, then the wording under it */
    r = find(b, "vote_intention", "All", "labour");
    ck_assert_ptr_nonnull(r);
    ck_assert_str_eq(r->question_label, "Vote intention");
    ck_assert_str_eq(r->question_text,
                     "Which party would you vote for if there were a general election tomorrow?");
    ck_assert_str_eq(r->universe, "");
    pk_banner_free(b);

    /* A "Support" row that does not add up its side stays an answer. */
    const char *plain =
        "Q1. Do you support the plan?\n"
        ",Total\n"
        "Unweighted base,100\n"
        "Strongly support,20%\n"
        "Tend to support,30%\n"
        "Support,10%\n"
        "Oppose,40%\n";
    b = read_text(plain, &o, &e);
    ck_assert_msg(b != NULL, "%s", e.msg);
    r = find(b, "q1", "All", "support");
    ck_assert_ptr_nonnull(r);
    ck_assert_str_ne(r->response_kind, "net_positive");
    pk_banner_free(b);
}
END_TEST

START_TEST(errors_have_locations)
{
    static const char *const cases[][2] = {
        {"Q1. T,,\n,Total,Male\nUnweighted base,100,\nYes,1%,2%\n",
         "b.csv:3:Male: this column has no unweighted base"},
        {"Q1. T,,\n,Total,Male\nUnweighted base,100,50\nYes,1%,x%\n",
         "b.csv:4:Male: not a percentage or proportion: 'x%'"},
        {"Q1. T,,\n,,Vote,\n,Total,Other,Other\nUnweighted base,100,50,40\nYes,1%,2%,z\n",
         "b.csv:5:Vote/Other: not a percentage"},
        {"Q1. T,,\n,Total,Male\nUnweighted base,100,50\nYes,50%,50%\nEffective base,90,40\n"
         "No,50%,50%\n",
         "b.csv:5: question q2 has no unweighted base"},
        {"Q1. T\n,Total\nUnweighted base,100\nQ2. U\n,Total\nUnweighted base,100\nYes,1%\n",
         "b.csv:1: question q1 has bases but no answers"},
        {"", "b.csv:1: no table found"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        pk_banner_opts o = opts();
        pk_err e;
        pk_banner *b = read_text(cases[i][0], &o, &e);
        ck_assert_msg(!b, "case %zu read", i);
        ck_assert_int_eq(e.status, PK_ERR_DATA);
        ck_assert_msg(strstr(e.msg, cases[i][1]), "case %zu: '%s'", i, e.msg);
    }
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("banner");
    TCase *tc = pk_tcase("banner");
    tcase_add_test(tc, statistics_match_r);
    tcase_add_test(tc, slugs);
    tcase_add_test(tc, proportions_and_nets);
    tcase_add_test(tc, layout_details);
    tcase_add_test(tc, labelled_header);
    tcase_add_test(tc, yougov_layout);
    tcase_add_test(tc, errors_have_locations);
    tcase_add_test(tc, titles_wordings_universes);
    suite_add_tcase(s, tc);
    return s;
}

PK_CHECK_MAIN(suite)
