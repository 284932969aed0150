/* support.c: the table's rows, orders, groups, combined groups, excluded
 * codes, scales (a scale with sides and nets, nominal columns read from the
 * data) and errors, on small inputs whose figures are easy to check by hand
 * (the statistics themselves are checked against R in
 * tests/cli/pollsupport.sh, tests/cli/shapes.sh and by hand in
 * test_estimate.c). */
#include <gsl/gsl_errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "pk_check.h"
#include "pk_sample_scale.h"
#include "support.h"

static pk_err err;

/* Run the table over `text` with options o; NULL on error (err filled). */
static pk_support *run(const char *text, const pk_support_opts *o)
{
    FILE *f = fmemopen((void *)text, strlen(text), "r");
    ck_assert_ptr_nonnull(f);
    pk_err_clear(&err);
    pk_csv_reader *r = pk_csv_reader_open_stream(f, "t.csv", ',', &err);
    ck_assert_ptr_nonnull(r);
    pk_support *t = pk_support_read(r, o, &err);
    pk_csv_reader_close(r);
    fclose(f);
    return t;
}

static pk_support_opts base_opts(void)
{
    pk_support_opts o;
    memset(&o, 0, sizeof o);
    o.ci = PK_ESTIMATE_CI_LOGIT;
    o.level = 0.95;
    o.min_base = 50;
    return o;
}

/* The row with this group and response. */
static pk_support_table_row find(const pk_support *t, const char *q, const char *g, const char *resp)
{
    pk_support_table_row r;
    for (size_t i = 0; i < pk_support_nrows(t); i++) {
        pk_support_row_get(t, i, &r);
        if (strcmp(r.question, q) == 0 && strcmp(r.group, g) == 0 && strcmp(r.response, resp) == 0)
            return r;
    }
    ck_abort_msg("no row %s/%s/%s", q, g, resp);
    return r;
}

static const char data[] =
    "id,g,qa,note,qb,qc,w\n"
    "1,x,strongly_support,hello,neither,,1\n"
    "2,x,tend_oppose,,dont_know,,2\n"
    "3,y,dont_know,,neither,,1\n"
    "4,z,strongly_oppose,,,,0.5\n"
    "5,,neither,,tend_support,,1\n";

START_TEST(scale_questions_and_order)
{
    pk_scale *sc = support_scale();
    pk_support_by by = {"g", 0, NULL, NULL, NULL, NULL, 0};
    pk_support_question qs[] = {{.name = "qa", .label = NULL, .scale = sc}, {.name = "qb", .label = NULL, .scale = sc}};
    pk_support_opts o = base_opts();
    o.by = &by;
    o.nby = 1;
    o.weight = "w";
    o.questions = qs;
    o.nquestions = 2;
    pk_support *t = run(data, &o);
    ck_assert_msg(t != NULL, "%s", err.msg);
    ck_assert_uint_eq(pk_support_nrows(t), 2 * 4 * 9);
    ck_assert_int_eq(pk_support_nrows_input(t), 5);
    const char *groups[] = {"All", "x", "y", "z"};
    const char *resp[] = {"strongly_support", "tend_support", "neither", "tend_oppose",
                          "strongly_oppose", "dont_know", "support", "oppose", "net"};
    for (size_t i = 0; i < pk_support_nrows(t); i++) {
        pk_support_table_row r;
        pk_support_row_get(t, i, &r);
        ck_assert_str_eq(r.question, i < 36 ? "qa" : "qb");
        ck_assert_str_eq(r.group, groups[(i / 9) % 4]);
        ck_assert_str_eq(r.by, (i / 9) % 4 == 0 ? "" : "g");
        ck_assert_str_eq(r.response, resp[i % 9]);
        ck_assert_str_eq(r.base, "all");
        ck_assert_str_eq(r.se_method, "fixed");
        ck_assert_str_eq(r.deff_source, "kish");
    }
    ck_assert_str_eq(find(t, "qa", "x", "net").response_label, "Net support");
    ck_assert_str_eq(find(t, "qa", "x", "net").response_kind, "net_score");
    ck_assert_str_eq(find(t, "qa", "x", "support").response_kind, "net_positive");
    ck_assert_str_eq(find(t, "qa", "x", "dont_know").response_kind, "dont_know");
    ck_assert_str_eq(find(t, "qa", "x", "neither").response_label, "neither");
    pk_support_table_row r = find(t, "qa", "All", "support");
    ck_assert_int_eq(r.n, 5);
    ck_assert_int_eq(r.count, 1);
    ck_assert(fabs(r.weighted_base - 5.5) < 1e-15);
    ck_assert(fabs(r.share - 1 / 5.5) < 1e-15);
    r = find(t, "qa", "x", "net");   /* (1 - 2) / 3 */
    ck_assert(fabs(r.share + 1.0 / 3) < 1e-15);
    ck_assert_int_eq(r.count, 0);
    ck_assert_str_eq(r.ci_method, "mean");
    r = find(t, "qb", "z", "support");   /* z did not answer qb: empty domain */
    ck_assert_int_eq(r.n, 0);
    ck_assert(isnan(r.share) && isnan(r.se) && isnan(r.ci_low) && isnan(r.deff_kish));
    ck_assert_int_eq(r.low_base, 1);
    pk_support_free(t);
    pk_scale_free(sc);
}
END_TEST

/* Columns without a scale: their values, numbers in numeric order, text in
 * bytewise order, nominal, no nets; --exclude takes any code. */
START_TEST(nominal_columns_from_the_data)
{
    pk_support_question qs[] = {{.name = "score", .label = "Score", .scale = NULL}, {.name = "vote", .label = NULL, .scale = NULL}};
    pk_support_opts o = base_opts();
    o.weight = "w";
    o.questions = qs;
    o.nquestions = 2;
    o.questions_strict = 1;
    const char *text = "score,vote,w\n10,Stay out,1\n2,Rejoin,1\n0,,2\n2,Stay out,1\n,Would not vote,1\n";
    pk_support *t = run(text, &o);
    ck_assert_msg(t != NULL, "%s", err.msg);
    ck_assert_uint_eq(pk_support_nrows(t), 3 + 3);
    const char *want[] = {"0", "2", "10", "Rejoin", "Stay out", "Would not vote"};
    for (size_t i = 0; i < 6; i++) {
        pk_support_table_row r;
        pk_support_row_get(t, i, &r);
        ck_assert_str_eq(r.response, want[i]);
        ck_assert_str_eq(r.response_label, want[i]);
        ck_assert_str_eq(r.response_kind, "nominal");
        ck_assert_str_eq(r.question_label, i < 3 ? "Score" : "vote");
    }
    pk_support_table_row r = find(t, "score", "All", "2");
    ck_assert_int_eq(r.n, 4);
    ck_assert(fabs(r.share - 2.0 / 5) < 1e-15);
    pk_support_free(t);

    const char *ex[] = {"10", "Would not vote"};
    o.exclude = ex;
    o.nexclude = 2;
    t = run(text, &o);
    ck_assert_msg(t != NULL, "%s", err.msg);
    ck_assert_uint_eq(pk_support_nrows(t), 2 + 2);
    r = find(t, "score", "All", "2");
    ck_assert_int_eq(r.n, 3);
    ck_assert_str_eq(r.base, "excluding 10");
    ck_assert_str_eq(find(t, "vote", "All", "Rejoin").base, "excluding Would not vote");
    pk_support_free(t);

    const char *unknown[] = {"dont_know"};
    o.exclude = unknown;
    o.nexclude = 1;
    ck_assert_ptr_null(run(text, &o));
    ck_assert_str_eq(err.msg, "--exclude: 'dont_know' is not a response of any question");
    ck_assert_int_eq(err.status, PK_ERR_USAGE);
    const char *all[] = {"0", "2", "10"};
    o.exclude = all;
    o.nexclude = 3;
    ck_assert_ptr_null(run(text, &o));
    ck_assert_msg(strstr(err.msg, "every response of 'score' is excluded") != NULL, "%s", err.msg);
    o.exclude = NULL;
    o.nexclude = 0;
    o.max_codes = 2;
    ck_assert_ptr_null(run(text, &o));
    ck_assert_str_eq(err.msg, "t.csv:4:score: more than 2 different answers: is 'score' a "
                              "question with categories?");
}
END_TEST

START_TEST(codebook_groups_combine_exclude)
{
    const char *codes[] = {"z", "w", "x"};
    const char *labels[] = {"Zed", NULL, "Ex"};
    pk_support_by by = {"g", 3, codes, labels, NULL, NULL, 0};
    const char *members[] = {"x", "z"};
    pk_support_combine comb = {"xz", 2, members};
    pk_scale *sc = support_scale();
    pk_support_question qs[] = {{.name = "qa", .label = "Question A", .scale = sc}};
    pk_support_opts o = base_opts();
    o.by = &by;
    o.nby = 1;
    o.weight = "w";
    o.questions = qs;
    o.nquestions = 1;
    o.questions_strict = 1;
    o.combine = &comb;
    o.ncombine = 1;
    const char *ex[] = {"dont_know"};
    o.exclude = ex;
    o.nexclude = 1;
    pk_support *t = run(data, &o);
    ck_assert_msg(t != NULL, "%s", err.msg);
    /* All, z, w, x, xz (y is not a codebook category) x 5 codes + 3. */
    ck_assert_uint_eq(pk_support_nrows(t), 5 * 8);
    const char *order[] = {"All", "z", "w", "x", "xz"};
    for (size_t i = 0; i < 5; i++) {
        pk_support_table_row r;
        pk_support_row_get(t, i * 8, &r);
        ck_assert_str_eq(r.group, order[i]);
        ck_assert_str_eq(r.question_label, "Question A");
    }
    ck_assert_str_eq(find(t, "qa", "z", "support").group_label, "Zed");
    ck_assert_str_eq(find(t, "qa", "w", "support").group_label, "w");
    ck_assert_uint_eq(pk_support_nnotes(t), 1);
    ck_assert_msg(strstr(pk_support_note(t, 0), "1 row with g 'y'") != NULL, "%s", pk_support_note(t, 0));
    /* dont_know left out of the base: All has 4 answers, not 5. */
    pk_support_table_row r = find(t, "qa", "All", "oppose");
    ck_assert_int_eq(r.n, 4);
    ck_assert(fabs(r.share - 2.5 / 4.5) < 1e-15);
    ck_assert_str_eq(r.base, "excluding dont_know");
    /* The combined group is x and z added: n 3, base 3.5, oppose 2.5. */
    r = find(t, "qa", "xz", "oppose");
    ck_assert_int_eq(r.n, 3);
    ck_assert(fabs(r.weighted_base - 3.5) < 1e-15);
    ck_assert(fabs(r.share - 2.5 / 3.5) < 1e-15);
    ck_assert_str_eq(r.by, "g");
    r = find(t, "qa", "w", "oppose");
    ck_assert_int_eq(r.n, 0);
    ck_assert(isnan(r.share));
    pk_support_free(t);
    pk_scale_free(sc);
}
END_TEST

START_TEST(errors)
{
    pk_scale *sc = support_scale();
    pk_support_question q = {.name = "q", .label = NULL, .scale = sc};
    pk_support_opts o = base_opts();
    o.weight = "w";
    ck_assert_ptr_null(run("q,w\nneither,1\n", &o));
    ck_assert_msg(strstr(err.msg, "no questions: give --questions") != NULL, "%s", err.msg);
    o.questions = &q;
    o.nquestions = 1;
    ck_assert_ptr_null(run("q,w\nneither,1\nneither,x1\n", &o));
    ck_assert_str_eq(err.msg, "t.csv:3:w: weight 'x1' is not a number");
    ck_assert_ptr_null(run("q,w\nneither,-1\n", &o));
    ck_assert_str_eq(err.msg, "t.csv:2:w: negative weight -1");
    ck_assert_ptr_null(run("q,w\n\nneither,\n", &o));
    ck_assert_str_eq(err.msg, "t.csv:3:w: missing weight");
    ck_assert_ptr_null(run("q,v\nneither,1\n", &o));
    ck_assert_str_eq(err.msg, "t.csv: no weight column 'w'");
    o.weight = NULL;
    o.questions_strict = 1;
    ck_assert_ptr_null(run("q,v\nneither,1\nagree,1\n", &o));
    ck_assert_str_eq(err.msg, "t.csv:3:q: 'agree' is not a code of scale 'response' (strongly_support, "
                              "tend_support, neither, tend_oppose, strongly_oppose, dont_know or empty)");
    ck_assert_ptr_null(run("q,v\nneither,1\nsupport,1\n", &o));
    ck_assert_msg(strstr(err.msg, "t.csv:3:q: 'support' is not a code") != NULL, "%s", err.msg);
    /* Too many groups: --by on an id column. */
    pk_support_by by = {"v", 0, NULL, NULL, NULL, NULL, 0};
    o.by = &by;
    o.nby = 1;
    o.max_groups = 2;
    ck_assert_ptr_null(run("q,v\nneither,1\nneither,2\nneither,3\n", &o));
    ck_assert_msg(strstr(err.msg, "t.csv:4:v: more than 2 groups") != NULL, "%s", err.msg);
    const char *m[] = {"1", "9"};
    pk_support_combine c = {"c", 2, m};
    o.max_groups = 0;
    o.combine = &c;
    o.ncombine = 1;
    ck_assert_ptr_null(run("q,v\nneither,1\nneither,2\n", &o));
    ck_assert_msg(strstr(err.msg, "--combine c: no --by column") != NULL, "%s", err.msg);
    pk_scale_free(sc);
}
END_TEST

START_TEST(zero_weights)
{
    /* Zero-weight rows count in N (the se's N/(N-1)) but in no domain. */
    pk_scale *sc = support_scale();
    pk_support_question q = {.name = "q", .label = NULL, .scale = sc};
    pk_support_opts o = base_opts();
    o.weight = "w";
    o.questions = &q;
    o.nquestions = 1;
    pk_support *t = run("q,w\nneither,0\nstrongly_support,1\nneither,1\nneither,0\n", &o);
    ck_assert_msg(t != NULL, "%s", err.msg);
    pk_support_table_row r = find(t, "q", "All", "support");
    ck_assert_int_eq(r.n, 2);
    ck_assert_int_eq(pk_support_nrows_input(t), 4);
    /* p = 1/2, se = sqrt(4/3 * (0.25 + 0.25)) / 2. */
    ck_assert(fabs(r.se - sqrt(4.0 / 3 * 0.5) / 2) < 1e-15);
    pk_support_free(t);
    pk_scale_free(sc);
}
END_TEST

static Suite *suite(void)
{
    gsl_set_error_handler_off();
    Suite *s = suite_create("support");
    TCase *tc = pk_tcase("support");
    tcase_add_test(tc, scale_questions_and_order);
    tcase_add_test(tc, nominal_columns_from_the_data);
    tcase_add_test(tc, codebook_groups_combine_exclude);
    tcase_add_test(tc, errors);
    tcase_add_test(tc, zero_weights);
    suite_add_tcase(s, tc);
    return s;
}

PK_CHECK_MAIN(suite)
