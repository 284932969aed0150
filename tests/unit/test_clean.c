/* The cleaning core: answer normalisation (each rule on its own), and the
 * recoding, exclusion rules, unmatched answers and accounting of
 * pk_clean_scan / pk_clean_run on small in-memory exports with a small
 * codebook, checked as exact output text. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clean.h"
#include "codebook.h"
#include "pk_check.h"
#include "textnorm.h"

static pk_clean_stats stats(const pk_clean *c)
{
    pk_clean_stats st;
    pk_clean_stats_get(c, &st);
    return st;
}

static char normed[1024];

static const char *norm(const char *s)
{
    pk_textnorm_buf b = {0};
    ck_assert_int_eq(pk_textnorm(&b, s, strlen(s)), 0);
    ck_assert_uint_eq(b.len, strlen(b.s));
    ck_assert_uint_le(b.len, strlen(s));
    snprintf(normed, sizeof normed, "%s", b.s);
    pk_textnorm_buf_free(&b);
    return normed;
}

START_TEST(norm_case)
{
    ck_assert_str_eq(norm("Tend To SUPPORT"), "tend to support");
    ck_assert_str_eq(norm("\xC3\x89" "cosse"), "\xC3\x89" "cosse");   /* only ASCII is folded */
}
END_TEST

START_TEST(norm_spacing)
{
    ck_assert_str_eq(norm("  Tend   to\tsupport \r\n"), "tend to support");
    ck_assert_str_eq(norm("Tend to\nsupport"), "tend to support");
    ck_assert_str_eq(norm("   "), "");
    ck_assert_str_eq(norm(""), "");
    ck_assert_str_eq(norm("a\xC2\xA0\xC2\xA0" "b"), "a b");            /* NBSP */
    ck_assert_str_eq(norm("a\xE2\x80\xAF" "b\xE2\x80\x83"), "a b");    /* narrow NBSP, em space */
}
END_TEST

START_TEST(norm_quotes)
{
    ck_assert_str_eq(norm("Don\xE2\x80\x99t know"), "don't know");  /* U+2019 */
    ck_assert_str_eq(norm("Don\xE2\x80\x98t know"), "don't know");  /* U+2018 */
    ck_assert_str_eq(norm("Don\xE2\x80\xB2t know"), "don't know");  /* U+2032 prime */
    ck_assert_str_eq(norm("Don`t know"), "don't know");
    ck_assert_str_eq(norm("\xE2\x80\x9CYes\xE2\x80\x9D"), "\"yes\"");  /* U+201C/D */
}
END_TEST

START_TEST(norm_dashes)
{
    ck_assert_str_eq(norm("North\xE2\x80\x93" "East"), "north-east");  /* en dash */
    ck_assert_str_eq(norm("North\xE2\x80\x94" "East"), "north-east");  /* em dash */
    ck_assert_str_eq(norm("North\xE2\x80\x90" "East"), "north-east");  /* hyphen */
    ck_assert_str_eq(norm("\xE2\x88\x92" "5"), "-5");                  /* minus */
}
END_TEST

START_TEST(norm_invisible)
{
    ck_assert_str_eq(norm("\xEF\xBB\xBFMale"), "male");               /* BOM */
    ck_assert_str_eq(norm("Ma\xE2\x80\x8Ble"), "male");               /* zero-width space */
    ck_assert_str_eq(norm("a \xEF\xBB\xBF b"), "a b");
    ck_assert_str_eq(norm("x\xFFy"), "x\xFFy");                       /* a stray byte is kept */
}
END_TEST

/* A small codebook: id, duration, a number with a band, one category with a
 * missing answer, a two-question grid on a scale, and an attention check. */
static const char *cb_text =
    "variable,kind,source,required,scale,code,label,min,max,accept\n"
    "id,id,RID,yes,,,,,,\n"
    "dur,duration,T,,,,,,,\n"
    "age,number,A,yes,,,,18,99,\n"
    "band,band,age,,,,,,,\n"
    "band,code,,,,young,,18,39,\n"
    "band,code,,,,old,,40,,\n"
    "col,category,C,,,,,,,\n"
    "col,code,,,,red,Red,,,Rouge\n"
    "col,code,,,,blue,Blue,,,\n"
    "col,missing,,,,,,,,Pass\n"
    "yn,scale,,,,,,,,\n"
    "yn,code,,,,yes,Yes,,,Y\n"
    "yn,code,,,,no,No,,,N\n"
    "q1,question,G1,,yn,,,,,\n"
    "q2,question,G2,,yn,,,,,\n"
    "att,attention,K,yes,yn,no,,,,\n";

static pk_codebook *cb;
static char cb_path[4096];

static void setup(void)
{
    pk_test_write_tmp(cb_path, sizeof cb_path, "clean_cb", cb_text);
    pk_err e;
    pk_err_clear(&e);
    cb = pk_codebook_read(cb_path, &e);
    if (!cb)
        ck_abort_msg("%s", e.msg);
}

static void teardown(void)
{
    pk_codebook_free(cb);
    unlink(cb_path);
}

static char out_buf[8192], excl_buf[8192], err_msg[PK_ERR_MAX];

/* Clean `data` with options o: 0 on success; out_buf and excl_buf hold the
 * outputs, err_msg the error. *cp receives the cleaner (caller frees). */
static int run(const char *data, const pk_clean_opts *o, pk_clean **cp)
{
    pk_err e;
    pk_err_clear(&e);
    out_buf[0] = excl_buf[0] = err_msg[0] = '\0';
    pk_clean_opts with_excluded = *o;
    with_excluded.keep_excluded = 1;
    pk_clean *c = pk_clean_new(cb, &with_excluded, &e);
    ck_assert_ptr_nonnull(c);
    *cp = c;
    FILE *in = fmemopen((void *)data, strlen(data), "r");
    int rc = pk_clean_scan(c, in, "t.csv", &e);
    if (rc == 0 && o->unmatched == PK_CLEAN_UNMATCHED_FAIL && stats(c).nunmatched > 0)
        rc = -1;
    if (rc == 0) {
        FILE *out = fmemopen(out_buf, sizeof out_buf, "w");
        FILE *x = fmemopen(excl_buf, sizeof excl_buf, "w");
        rc = pk_clean_run(c, "t.csv", out, x, &e);
        fclose(out);
        fclose(x);
    }
    fclose(in);
    snprintf(err_msg, sizeof err_msg, "%s", e.msg);
    return rc;
}

#define HEAD "RID,T,A,C,G1,G2,K\n"

/* The "line,reasons" of each excluded record, space-separated. */
static const char *excluded_reasons(void)
{
    static char s[4096];
    size_t o = 0;
    s[0] = '\0';
    const char *p = strchr(excl_buf, '\n');
    while (p && p[1]) {
        p++;
        const char *c1 = strchr(p, ','), *c2 = c1 ? strchr(c1 + 1, ',') : NULL,
                   *c3 = c2 ? strchr(c2 + 1, ',') : NULL;
        ck_assert_ptr_nonnull(c3);
        o += (size_t)snprintf(s + o, sizeof s - o, "%.*s,%.*s ", (int)(c1 - p), p, (int)(c3 - c2 - 1), c2 + 1);
        p = strchr(p, '\n');
    }
    return s;
}

START_TEST(recode_and_bands)
{
    pk_clean_opts o;
    pk_clean_opts_default(&o);
    pk_clean *c;
    ck_assert_int_eq(run(HEAD "a,100, 30 ,ROUGE,y,N,no\n"
                              "b,100,40.0,pass,Yes,,No\n"
                              "c,100,39,,no,no,n\n", &o, &c), 0);
    ck_assert_str_eq(out_buf, "id,age,band,col,q1,q2\n"
                              "a,30,young,red,yes,no\n"
                              "b,40,old,,yes,\n"
                              "c,39,young,,no,no\n");
    ck_assert_int_eq(stats(c).rows_read, 3);
    ck_assert_int_eq(stats(c).rows_kept, 3);
    /* col: ROUGE and pass changed, "" not counted; spellings ROUGE, pass */
    size_t col = pk_codebook_index(cb, pk_codebook_find(cb, "col"));
    ck_assert_int_eq(stats(c).vars[col].recoded, 2);
    ck_assert_int_eq(stats(c).vars[col].spellings, 2);
    ck_assert_int_eq(stats(c).vars[pk_codebook_index(cb, pk_codebook_find(cb, "age"))].recoded, 2);
    ck_assert_int_eq(stats(c).vars[pk_codebook_index(cb, pk_codebook_find(cb, "age"))].spellings, -1);
    pk_clean_free(c);
}
END_TEST

static long reason_count(const pk_clean *c, const char *name)
{
    for (size_t i = 0; i < stats(c).nreasons; i++)
        if (strcmp(stats(c).reasons[i].name, name) == 0)
            return stats(c).reasons[i].count;
    ck_abort_msg("no reason %s", name);
    return -1;
}

/* Durations 10, 90, 100, 110, 120, 130: median 105 (mean of the middle
 * two), a third of it 35: 10 is a speeder and nothing else. */
static const char *rules_data =
    HEAD "a,100,30,red,yes,no,no\n"      /* 2 clean */
    "b,10,30,red,yes,no,no\n"            /* 3 speeder */
    "a,110,30,red,yes,no,no\n"           /* 4 duplicate of line 2 */
    "d,120,30,red,yes,yes,no\n"          /* 5 straight-liner */
    "e,130,30,red,yes,no,yes\n"          /* 6 attention failed */
    "f,90,17,red,yes,no,\n";             /* 7 under 18, attention blank: missing */

START_TEST(rules_default)
{
    pk_clean_opts o;
    pk_clean_opts_default(&o);
    pk_clean *c;
    ck_assert_int_eq(run(rules_data, &o, &c), 0);
    ck_assert(stats(c).median_duration == 105);
    ck_assert_str_eq(excluded_reasons(), "3,speeder 4,duplicate_id 6,attention_failed "
                                         "7,age_out_of_range;missing_required ");
    ck_assert_str_eq(out_buf, "id,age,band,col,q1,q2\na,30,young,red,yes,no\nd,30,young,red,yes,yes\n");
    ck_assert_int_eq(stats(c).rows_read, 6);
    ck_assert_int_eq(stats(c).rows_kept, 2);
    ck_assert_int_eq(stats(c).rows_excluded, 4);
    ck_assert_int_eq(reason_count(c, "straightliner"), 0);
    ck_assert_int_eq(reason_count(c, "missing_required"), 1);
    ck_assert_str_eq(stats(c).reasons[0].name, "duplicate_id");
    pk_clean_free(c);
}
END_TEST

START_TEST(rules_switched)
{
    pk_clean_opts o;
    pk_clean *c;
    pk_clean_opts_default(&o);
    o.straightliners = 1;
    ck_assert_int_eq(run(rules_data, &o, &c), 0);
    ck_assert_str_eq(excluded_reasons(), "3,speeder 4,duplicate_id 5,straightliner 6,attention_failed "
                                         "7,age_out_of_range;missing_required ");
    pk_clean_free(c);

    pk_clean_opts_default(&o);
    o.dedup = 0;
    o.speeder_fraction = 0;
    o.attention = 0;
    o.range_check = 0;
    ck_assert_int_eq(run(rules_data, &o, &c), 0);
    ck_assert_str_eq(excluded_reasons(), "7,missing_required ");
    ck_assert_int_eq(stats(c).reasons[0].on, 0);
    pk_clean_free(c);

    pk_clean_opts_default(&o);
    o.required = 0;
    o.range_check = 0;
    ck_assert_int_eq(run(rules_data, &o, &c), 0);
    ck_assert_str_eq(excluded_reasons(), "3,speeder 4,duplicate_id 6,attention_failed ");
    /* 17 is in no band: an empty band, never a guess */
    ck_assert_ptr_nonnull(strstr(out_buf, "f,17,,red,yes,no\n"));
    pk_clean_free(c);

    /* A high fraction: 90 < 0.9 x 105 = 94.5 is a speeder too; 100 is not. */
    pk_clean_opts_default(&o);
    o.speeder_fraction = 0.9;
    ck_assert_int_eq(run(rules_data, &o, &c), 0);
    ck_assert_str_eq(excluded_reasons(), "3,speeder 4,duplicate_id 6,attention_failed "
                                         "7,speeder;age_out_of_range;missing_required ");
    pk_clean_free(c);
}
END_TEST

START_TEST(duplicate_of_excluded_first)
{
    /* The first record with an id is "the first" even when it is itself
     * excluded: a later one repeating it is still a duplicate. */
    pk_clean_opts o;
    pk_clean_opts_default(&o);
    pk_clean *c;
    ck_assert_int_eq(run(HEAD "a,100,30,red,yes,no,yes\na,100,30,red,yes,no,no\nb,100,30,,yes,no,no\n", &o, &c), 0);
    ck_assert_str_eq(excluded_reasons(), "2,attention_failed 3,duplicate_id ");
    pk_clean_free(c);
}
END_TEST

START_TEST(straightliner_needs_whole_grid)
{
    pk_clean_opts o;
    pk_clean_opts_default(&o);
    o.straightliners = 1;
    pk_clean *c;
    ck_assert_int_eq(run(HEAD "a,100,30,red,yes,,no\nb,100,30,red,,,no\nc,100,30,red,no,N,no\n", &o, &c), 0);
    ck_assert_str_eq(excluded_reasons(), "4,straightliner ");
    pk_clean_free(c);
}
END_TEST

START_TEST(unmatched_modes)
{
    const char *data = HEAD "a,100,30,Green,yes,no,no\n"
                            "b,100,x30,red,maybe,no,no\n"
                            "c,100,30,GREEN ,yes,no,no\n"
                            "d,fast,30,red,yes,no,no\n";
    pk_clean_opts o;
    pk_clean_opts_default(&o);
    pk_clean *c;
    ck_assert_int_ne(run(data, &o, &c), 0);
    ck_assert_str_eq(out_buf, "");   /* nothing written */
    ck_assert_uint_eq(stats(c).nunmatched, 4);
    ck_assert_int_eq(stats(c).unmatched_total, 5);
    /* codebook order (dur, age, col, q1), then first line */
    const pk_clean_unmatched *u = &stats(c).unmatched[0];
    ck_assert_str_eq(u->var->name, "dur");
    ck_assert_str_eq(u->raw, "fast");
    ck_assert_int_eq(u->first_line, 5);
    u = &stats(c).unmatched[1];
    ck_assert_str_eq(u->var->name, "age");
    ck_assert_str_eq(u->raw, "x30");
    u = &stats(c).unmatched[2];
    ck_assert_str_eq(u->var->name, "col");
    ck_assert_str_eq(u->raw, "Green");
    ck_assert_int_eq(u->count, 2);
    ck_assert_int_eq(u->first_line, 2);
    u = &stats(c).unmatched[3];
    ck_assert_str_eq(u->var->name, "q1");
    ck_assert_str_eq(u->raw, "maybe");
    pk_clean_free(c);

    o.unmatched = PK_CLEAN_UNMATCHED_MISSING;
    ck_assert_int_eq(run(data, &o, &c), 0);
    ck_assert_str_eq(out_buf, "id,age,band,col,q1,q2\na,30,young,,yes,no\nc,30,young,,yes,no\n"
                              "d,30,young,red,yes,no\n");
    ck_assert_str_eq(excluded_reasons(), "3,missing_required ");   /* age is required */
    pk_clean_free(c);

    o.unmatched = PK_CLEAN_UNMATCHED_EXCLUDE;
    ck_assert_int_eq(run(data, &o, &c), 0);
    ck_assert_str_eq(out_buf, "id,age,band,col,q1,q2\n");
    ck_assert_str_eq(excluded_reasons(), "2,unmatched 3,unmatched 4,unmatched 5,unmatched ");
    ck_assert_int_eq(stats(c).rows_read, stats(c).rows_kept + stats(c).rows_excluded);
    pk_clean_free(c);
}
END_TEST

START_TEST(skip_rows_and_lines)
{
    pk_clean_opts o;
    pk_clean_opts_default(&o);
    o.skip_rows = 2;
    pk_clean *c;
    ck_assert_int_eq(run(HEAD "Id,Time,Age,Colour,Q1,Q2,Check\nx,x,x,x,x,x,x\na,100,30,red,yes,no,yes\n", &o, &c), 0);
    ck_assert_str_eq(excluded_reasons(), "4,attention_failed ");
    ck_assert_int_eq(stats(c).rows_read, 1);
    ck_assert_int_eq(stats(c).rows_skipped, 2);
    pk_clean_free(c);
}
END_TEST

START_TEST(missing_column_names_codebook_line)
{
    pk_clean_opts o;
    pk_clean_opts_default(&o);
    pk_clean *c;
    ck_assert_int_ne(run("RID,T,A,C,G1,K\na,1,30,red,yes,no\n", &o, &c), 0);
    char want[4200];
    snprintf(want, sizeof want, "%s:16: column 'G2' of variable q2 is not in t.csv", cb_path);
    ck_assert_str_eq(err_msg, want);
    pk_clean_free(c);
}
END_TEST

/* The second pass reads what the first kept: the raw records only when
 * asked for, so asking for excluded records without them is an error, and
 * the clean rows come out without the input being read again. */
START_TEST(second_pass_from_spool)
{
    pk_clean_opts o;
    pk_clean_opts_default(&o);
    pk_err e;
    pk_err_clear(&e);
    pk_clean *c = pk_clean_new(cb, &o, &e);
    const char *one = HEAD "a,100,30,red,yes,no,no\n";
    FILE *in = fmemopen((void *)one, strlen(one), "r");
    ck_assert_int_eq(pk_clean_scan(c, in, "t.csv", &e), 0);
    fclose(in);
    FILE *out = fmemopen(out_buf, sizeof out_buf, "w");
    FILE *x = fmemopen(excl_buf, sizeof excl_buf, "w");
    ck_assert_int_ne(pk_clean_run(c, "t.csv", out, x, &e), 0);
    ck_assert_ptr_nonnull(strstr(e.msg, "excluded records asked for, not kept"));
    fclose(x);
    ck_assert_int_eq(pk_clean_run(c, "t.csv", out, NULL, &e), 0);
    fclose(out);
    ck_assert_ptr_nonnull(strstr(out_buf, "\na,"));
    pk_clean_free(c);
}
END_TEST

START_TEST(report_figures)
{
    pk_clean_opts o;
    pk_clean_opts_default(&o);
    pk_clean *c;
    ck_assert_int_eq(run(rules_data, &o, &c), 0);
    char rep[8192];
    FILE *f = fmemopen(rep, sizeof rep, "w");
    ck_assert_int_eq(pk_clean_report(c, f, "t.csv"), 0);
    fclose(f);
    ck_assert_ptr_nonnull(strstr(rep, "\nrows_read,6\nrows_kept,2\nrows_excluded,4\n"));
    ck_assert_ptr_nonnull(strstr(rep, "\nexcluded.speeder,1\n"));
    ck_assert_ptr_nonnull(strstr(rep, "\nexcluded.age_out_of_range,1\n"));
    ck_assert_ptr_nonnull(strstr(rep, "\nmedian_duration,105\n"));
    ck_assert_ptr_nonnull(strstr(rep, "speeder                           1   on: duration under 0.333333 x median 105 s = 35 s"));
    pk_clean_free(c);
}
END_TEST

static Suite *clean_suite(void)
{
    Suite *s = suite_create("clean");
    TCase *tn = pk_tcase("textnorm");
    tcase_add_test(tn, norm_case);
    tcase_add_test(tn, norm_spacing);
    tcase_add_test(tn, norm_quotes);
    tcase_add_test(tn, norm_dashes);
    tcase_add_test(tn, norm_invisible);
    suite_add_tcase(s, tn);
    TCase *tc = pk_tcase("clean");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, recode_and_bands);
    tcase_add_test(tc, rules_default);
    tcase_add_test(tc, rules_switched);
    tcase_add_test(tc, duplicate_of_excluded_first);
    tcase_add_test(tc, straightliner_needs_whole_grid);
    tcase_add_test(tc, unmatched_modes);
    tcase_add_test(tc, skip_rows_and_lines);
    tcase_add_test(tc, missing_column_names_codebook_line);
    tcase_add_test(tc, second_pass_from_spool);
    tcase_add_test(tc, report_figures);
    suite_add_tcase(s, tc);
    return s;
}

PK_CHECK_MAIN(clean_suite)
