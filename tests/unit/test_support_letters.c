/* support_letters.c: the letters' names, the two-group test at the edge of
 * significance (thresholds from R: qt(0.975, 29) * sqrt(0.05^2 + 0.05^2)
 * = 0.14461957490357708, qt(0.95, 29) * sqrt(0.005) = 0.12014642425591709),
 * and the letters of a banner row. */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "pk_check.h"
#include "pk_sample_scale.h"
#include "scale.h"
#include "support.h"
#include "support_letters.h"
#include "targets.h"

static const char *name(size_t i)
{
    static char buf[PK_SUPPORT_LETTERS_NAME_MAX];
    pk_support_letters_name(i, buf);
    return buf;
}

START_TEST(names)
{
    ck_assert_str_eq(name(0), "A");
    ck_assert_str_eq(name(1), "B");
    ck_assert_str_eq(name(25), "Z");
    ck_assert_str_eq(name(26), "AA");
    ck_assert_str_eq(name(27), "AB");
    ck_assert_str_eq(name(51), "AZ");
    ck_assert_str_eq(name(52), "BA");
    ck_assert_str_eq(name(701), "ZZ");
    ck_assert_str_eq(name(702), "AAA");
    /* The largest index still fits the buffer. */
    ck_assert_uint_le(strlen(name(SIZE_MAX - 1)), PK_SUPPORT_LETTERS_NAME_MAX - 1);
}
END_TEST

START_TEST(edge_of_significance)
{
    /* n 30 and 40: df = 29. se of the difference sqrt(0.005). */
    ck_assert_int_eq(pk_support_letters_higher(0.5446, 0.05, 30, 0.40, 0.05, 40, 0.95), 0);
    ck_assert_int_eq(pk_support_letters_higher(0.54463, 0.05, 30, 0.40, 0.05, 40, 0.95), 1);
    /* Same with the sizes swapped: df is the smaller group's. */
    ck_assert_int_eq(pk_support_letters_higher(0.5446, 0.05, 40, 0.40, 0.05, 30, 0.95), 0);
    ck_assert_int_eq(pk_support_letters_higher(0.54463, 0.05, 40, 0.40, 0.05, 30, 0.95), 1);
    /* A lower level has a lower bar: 0.1446 > 0.12015. */
    ck_assert_int_eq(pk_support_letters_higher(0.5446, 0.05, 30, 0.40, 0.05, 40, 0.90), 1);
    ck_assert_int_eq(pk_support_letters_higher(0.5201, 0.05, 30, 0.40, 0.05, 40, 0.90), 0);
    ck_assert_int_eq(pk_support_letters_higher(0.5202, 0.05, 30, 0.40, 0.05, 40, 0.90), 1);
    /* Never the other way round, and never equal shares. */
    ck_assert_int_eq(pk_support_letters_higher(0.40, 0.05, 40, 0.54463, 0.05, 30, 0.95), 0);
    ck_assert_int_eq(pk_support_letters_higher(0.40, 0, 40, 0.40, 0, 30, 0.95), 0);
    /* Untestable: a group of one, a missing estimate. */
    ck_assert_int_eq(pk_support_letters_higher(0.9, 0.01, 1, 0.1, 0.01, 100, 0.95), 0);
    ck_assert_int_eq(pk_support_letters_higher(NAN, 0.01, 50, 0.1, 0.01, 100, 0.95), 0);
    ck_assert_int_eq(pk_support_letters_higher(0.9, NAN, 50, 0.1, 0.01, 100, 0.95), 0);
}
END_TEST

START_TEST(banner_row)
{
    /* All, then a break of three groups (A B C), a combined group, then a
     * break of two (D E). */
    size_t brk[7] = {SIZE_MAX, 0, 0, 0, SIZE_MAX, 1, 1};
    pk_support_letters *l = pk_support_letters_new(7, brk, 0.95);
    ck_assert_ptr_nonnull(l);
    const char *want_names[7] = {"", "A", "B", "C", "", "D", "E"};
    for (size_t g = 0; g < 7; g++)
        ck_assert_str_eq(pk_support_letters_group(l, g), want_names[g]);
    pk_support_letters_cell cells[7] = {
        {0.50, 0.01, 1000, -1, 1},   /* All: never compared */
        {0.80, 0.04, 100, -1, 1},    /* A: far above B and C */
        {0.20, 0.04, 100, -1, 1},    /* B */
        {0.20, 0.04, 100, -1, 1},    /* C: identical to B */
        {0.99, 0.001, 1000, -1, 1},  /* combined: never compared */
        {0.90, 0.03, 100, -1, 1},    /* D: far above E, never compared with A-C */
        {0.10, 0.03, 100, -1, 0},    /* E: untested (under the minimum base) */
    };
    ck_assert_int_eq(pk_support_letters_row(l, cells), 0);
    ck_assert_str_eq(pk_support_letters_sig(l, 0), "");
    ck_assert_str_eq(pk_support_letters_sig(l, 1), "B C");
    ck_assert_str_eq(pk_support_letters_sig(l, 2), "");
    ck_assert_str_eq(pk_support_letters_sig(l, 3), "");
    ck_assert_str_eq(pk_support_letters_sig(l, 4), "");
    /* E is untested, so D has no one to beat in its break. */
    ck_assert_str_eq(pk_support_letters_sig(l, 5), "");
    ck_assert_str_eq(pk_support_letters_sig(l, 6), "");
    /* The next row replaces the letters: E tested now, and B above C. */
    cells[6].tested = 1;
    cells[2].share = 0.40;
    ck_assert_int_eq(pk_support_letters_row(l, cells), 0);
    ck_assert_str_eq(pk_support_letters_sig(l, 1), "B C");
    ck_assert_str_eq(pk_support_letters_sig(l, 2), "C");
    ck_assert_str_eq(pk_support_letters_sig(l, 5), "E");
    ck_assert_str_eq(pk_support_letters_sig(l, 6), "");
    pk_support_letters_free(l);
}
END_TEST

START_TEST(many_groups)
{
    /* 30 groups of one break: letters run to AD, and the top group beats
     * the 29 others. */
    size_t brk[30];
    pk_support_letters_cell cells[30];
    for (size_t g = 0; g < 30; g++) {
        brk[g] = 0;
        cells[g] = (pk_support_letters_cell){g == 29 ? 0.9 : 0.1, 0.02, 200, -1, 1};
    }
    pk_support_letters *l = pk_support_letters_new(30, brk, 0.95);
    ck_assert_ptr_nonnull(l);
    ck_assert_str_eq(pk_support_letters_group(l, 29), "AD");
    ck_assert_int_eq(pk_support_letters_row(l, cells), 0);
    ck_assert_str_eq(pk_support_letters_sig(l, 29),
                     "A B C D E F G H I J K L M N O P Q R S T U V W X Y Z AA AB AC");
    ck_assert_str_eq(pk_support_letters_sig(l, 0), "");
    pk_support_letters_free(l);
}
END_TEST

/* The table's letters are the test applied to the table's own rows: on a
 * weighted sample (tests/fixtures/support/sample2.csv, two --by columns,
 * the sample scale), for every question, response and pair of groups of
 * one --by column, a letter is in sig_higher_than exactly when
 * pk_support_letters_higher says so from the rows' share, se and n; All,
 * combined groups, the net score and small bases carry none. */
/* Every letter of t is the test at `level` on t's own rows, and nothing
 * else is lettered. */
static void check_rows(const pk_support *t, double level)
{
    size_t nr = pk_support_nrows(t), checked = 0, lettered = 0;
    pk_support_table_row a, b;
    for (size_t i = 0; i < nr; i++) {
        pk_support_row_get(t, i, &a);
        int untested = a.by[0] == '\0' || a.combined || a.low_base ||
                       strcmp(a.response_kind, "net_score") == 0;
        if (untested) {
            ck_assert_str_eq(a.sig_higher_than, "");
            if (a.by[0] == '\0' || a.combined)
                ck_assert_str_eq(a.group_letter, "");
            continue;
        }
        ck_assert_str_ne(a.group_letter, "");
        for (size_t j = 0; j < nr; j++) {
            pk_support_row_get(t, j, &b);
            if (j == i || strcmp(b.question, a.question) != 0 ||
                strcmp(b.response, a.response) != 0 || strcmp(b.by, a.by) != 0 || b.combined)
                continue;
            /* Is b's letter among a's? */
            int listed = 0;
            size_t len = strlen(b.group_letter);
            for (const char *p = a.sig_higher_than; *p;) {
                size_t n = strcspn(p, " ");
                listed |= n == len && strncmp(p, b.group_letter, n) == 0;
                p += n + (p[n] == ' ');
            }
            int want = !b.low_base &&
                       pk_support_letters_higher(a.share, a.se, a.n, b.share, b.se, b.n, level);
            ck_assert_msg(listed == want, "%s %s: %s (%s) against %s (%s)", a.question, a.response,
                          a.group, a.sig_higher_than, b.group, b.group_letter);
            checked++;
            lettered += listed;
        }
    }
    /* Enough pairs, and both outcomes, for the check to mean something. */
    ck_assert_uint_gt(checked, 500);
    ck_assert_uint_gt(lettered, 20);
    ck_assert_uint_lt(lettered, checked - 20);
}

START_TEST(table_rows)
{
    char path[4096];
    pk_err err;
    pk_err_clear(&err);
    pk_csv_reader *r =
        pk_csv_reader_open(pk_src_path(path, sizeof path, "tests/fixtures/support/sample2.csv"),
                           ',', &err);
    ck_assert_msg(r != NULL, "%s", err.msg);
    pk_support_by by[2] = {{.column = "party"}, {.column = "area"}};
    pk_scale *sc = support_scale();
    pk_support_question qs[3] = {{.name = "q_tax", .scale = sc}, {.name = "q_rail", .scale = sc},
                                 {.name = "q_zoo", .scale = sc}};
    const char *members[2] = {"lab", "grn"};
    pk_support_combine comb = {"left", 2, members};
    pk_support_opts o;
    memset(&o, 0, sizeof o);
    o.by = by;
    o.nby = 2;
    o.weight = "weight";
    o.questions = qs;
    o.nquestions = 3;
    o.questions_strict = 1;
    o.ci = PK_ESTIMATE_CI_LOGIT;
    o.level = 0.95;
    o.min_base = 30;
    o.sig_level = 0.9;
    o.combine = &comb;
    o.ncombine = 1;
    pk_support *t = pk_support_read(r, &o, &err);
    pk_csv_reader_close(r);
    ck_assert_msg(t != NULL, "%s", err.msg);
    check_rows(t, 0.9);
    pk_support_free(t);
    pk_scale_free(sc);
}
END_TEST

/* The same with the calibrated se (--calibrated, on the raked sample B of
 * tests/fixtures/calibrated): the letters follow the se the table holds. */
START_TEST(table_rows_calibrated)
{
    char path[4096];
    pk_err err;
    pk_err_clear(&err);
    pk_csv_reader *r =
        pk_csv_reader_open(pk_src_path(path, sizeof path, "tests/fixtures/calibrated/sampleB.csv"),
                           ',', &err);
    ck_assert_msg(r != NULL, "%s", err.msg);
    pk_targets *tg =
        pk_targets_read(pk_src_path(path, sizeof path, "tests/fixtures/calibrated/targetsB.csv"),
                        0, &err);
    ck_assert_msg(tg != NULL, "%s", err.msg);
    pk_support_by by[1] = {{.column = "vote2024"}};
    pk_scale *sc = support_scale();
    pk_support_question qs[3] = {{.name = "q_temp_status", .scale = sc},
                                 {.name = "q_settle_20y", .scale = sc},
                                 {.name = "q_capped_routes", .scale = sc}};
    pk_support_opts o;
    memset(&o, 0, sizeof o);
    o.by = by;
    o.nby = 1;
    o.weight = "weight";
    o.questions = qs;
    o.nquestions = 3;
    o.questions_strict = 1;
    o.ci = PK_ESTIMATE_CI_LOGIT;
    o.level = 0.95;
    o.min_base = 50;
    o.sig_level = 0.95;
    o.calibrated = tg;
    pk_support *t = pk_support_read(r, &o, &err);
    pk_csv_reader_close(r);
    ck_assert_msg(t != NULL, "%s", err.msg);
    pk_support_table_row row;
    pk_support_row_get(t, 0, &row);
    ck_assert_str_eq(row.se_method, "calibrated");
    check_rows(t, 0.95);
    pk_support_free(t);
    pk_targets_free(tg);
    pk_scale_free(sc);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("support_letters");
    TCase *tc = pk_tcase("core");
    tcase_add_test(tc, names);
    tcase_add_test(tc, edge_of_significance);
    tcase_add_test(tc, banner_row);
    tcase_add_test(tc, many_groups);
    tcase_add_test(tc, table_rows);
    tcase_add_test(tc, table_rows_calibrated);
    suite_add_tcase(s, tc);
    return s;
}

PK_CHECK_MAIN(suite)
