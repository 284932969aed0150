/* The support-table loader: columns found by name, optional columns and
 * empty fields read as NaN / -1 / "", labels defaulting to codes, and bad
 * fields reported with FILE:LINE:COLUMN. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "csvio.h"
#include "pk_check.h"
#include "support_table.h"

static const char header[] =
    "question,question_label,by,group,group_label,response,n,count,weighted_base,"
    "share,se,ci_low,ci_high,deff_kish,n_eff,ci_method,level,base,weight,low_base,extra\n";

/* Load text as a table; returns the status, the error in *e. */
static int load(const char *text, pk_support_table *t, pk_err *e)
{
    FILE *f = fmemopen((void *)text, strlen(text), "r");
    ck_assert_ptr_nonnull(f);
    pk_err_clear(e);
    pk_csv_reader *r = pk_csv_reader_open_stream(f, "t.csv", ',', e);
    int st = r ? pk_support_table_read(r, t, e) : e->status;
    if (r)
        pk_csv_reader_close(r);
    fclose(f);
    return st;
}

START_TEST(full_table)
{
    char text[4096];
    snprintf(text, sizeof text, "%s%s%s%s", header,
             "q_a,\"Let them stay, \"\"now\"\"\",,All,All,support,1500,900,1480.5,0.6,0.0125,"
             "0.575,0.624,1.21,1239.6,logit,0.95,all,weight,0,x\n",
             "q_a,,vote2024,lab,Labour voters,support,512,330,505.25,0.645,0.021,0.6,0.69,1.1,"
             "465.4,logit,0.95,all,weight,0,y\n",
             "q_a,,vote2024,pc,,support,0,0,,,,,,,,logit,0.95,all,weight,1,z\n");
    pk_support_table t;
    pk_err e;
    ck_assert_int_eq(load(text, &t, &e), 0);
    ck_assert_uint_eq(t.nrows, 3);
    ck_assert_str_eq(t.name, "t.csv");
    const pk_support_table_row *a = &t.rows[0];
    ck_assert_str_eq(a->question_label, "Let them stay, \"now\"");
    ck_assert_str_eq(a->by, "");
    ck_assert_int_eq(a->n, 1500);
    ck_assert_double_eq(a->share, 0.6);
    ck_assert_double_eq(a->ci_high, 0.624);
    ck_assert_double_eq(a->level, 0.95);
    ck_assert_str_eq(a->ci_method, "logit");
    ck_assert_str_eq(a->weight, "weight");
    ck_assert_int_eq(a->line, 2);
    /* An empty question_label falls back to the code. */
    ck_assert_str_eq(t.rows[1].question_label, "q_a");
    ck_assert_str_eq(t.rows[1].group_label, "Labour voters");
    /* An empty group: n = 0, numbers NaN, label = code, low base flagged. */
    const pk_support_table_row *p = &t.rows[2];
    ck_assert_int_eq(p->n, 0);
    ck_assert(isnan(p->share) && isnan(p->se) && isnan(p->ci_low) && isnan(p->weighted_base));
    ck_assert_str_eq(p->group_label, "pc");
    ck_assert_int_eq(p->low_base, 1);

    ck_assert_ptr_eq(pk_support_table_find(&t, "q_a", NULL, "lab", "support"), &t.rows[1]);
    ck_assert_ptr_eq(pk_support_table_find(&t, "q_a", "vote2024", "lab", "support"), &t.rows[1]);
    ck_assert_ptr_null(pk_support_table_find(&t, "q_a", "euref", "lab", "support"));
    ck_assert_ptr_null(pk_support_table_find(&t, "q_a", NULL, "lab", "oppose"));
    ck_assert_ptr_eq(pk_support_table_find(&t, "q_a", "", "All", "support"), &t.rows[0]);
    pk_support_table_free(&t);
}
END_TEST

START_TEST(minimal_columns)
{
    /* A table typed in from published tables: no se, intervals or n. */
    pk_support_table t;
    pk_err e;
    ck_assert_int_eq(load("response,share,group,question\nsupport,0.55,All,q_b\n", &t, &e), 0);
    ck_assert_uint_eq(t.nrows, 1);
    const pk_support_table_row *r = &t.rows[0];
    ck_assert_int_eq(r->n, -1);
    ck_assert(isnan(r->se) && isnan(r->ci_low) && isnan(r->level) && isnan(r->count));
    ck_assert_str_eq(r->ci_method, "");
    ck_assert_str_eq(r->question_label, "q_b");
    ck_assert_str_eq(r->by, "");
    ck_assert_int_eq(r->low_base, 0);
    ck_assert_double_eq(r->share, 0.55);
    pk_support_table_free(&t);
}
END_TEST

START_TEST(errors)
{
    pk_support_table t;
    pk_err e;
    ck_assert_int_eq(load("question,group,response\nq,All,support\n", &t, &e), PK_EDATA);
    ck_assert_str_eq(e.msg, "t.csv:1: not a support table: no column 'share'");
    ck_assert_uint_eq(t.nrows, 0);

    ck_assert_int_eq(load("question,group,response,share\nq,All,support,0.5\n"
                          "q,All,oppose,0.4x\n", &t, &e), PK_EDATA);
    ck_assert_str_eq(e.msg, "t.csv:3:share: not a number: '0.4x'");

    ck_assert_int_eq(load("question,group,response,share,n\nq,All,support,0.5,12.5\n", &t, &e),
                     PK_EDATA);
    ck_assert_str_eq(e.msg, "t.csv:2:n: not a count: '12.5'");

    ck_assert_int_eq(load("question,group,response,share,low_base\n\"q\nr\",All,support,0.5,2\n",
                          &t, &e), PK_EDATA);
    ck_assert_str_eq(e.msg, "t.csv:2:low_base: not 0 or 1: '2'");

    ck_assert_int_eq(load("question,group,response,share\nq,,support,0.5\n", &t, &e), PK_EDATA);
    ck_assert_str_eq(e.msg, "t.csv:2:group: empty value");

    ck_assert_int_eq(load("question,group,response,share,level\nq,All,support,0.5,95\n", &t, &e),
                     PK_EDATA);
    ck_assert_str_eq(e.msg, "t.csv:2:level: level not between 0 and 1: '95'");

    /* Ragged records come from the reader, with their line. */
    ck_assert_int_eq(load("question,group,response,share\nq,All,support\n", &t, &e), PK_EDATA);
    ck_assert_ptr_nonnull(strstr(e.msg, "t.csv:2"));
    pk_support_table_free(&t);
}
END_TEST

START_TEST(many_rows)
{
    /* Enough rows and long labels to grow the row array and string chunks
     * several times; earlier rows' strings must stay valid. */
    size_t cap = 4 << 20, o = 0;
    char *text = malloc(cap);
    ck_assert_ptr_nonnull(text);
    o += (size_t)snprintf(text + o, cap - o, "question,question_label,group,response,share\n");
    char label[1001];
    memset(label, 'x', 1000);
    label[1000] = '\0';
    for (int i = 0; i < 3000; i++)
        o += (size_t)snprintf(text + o, cap - o, "q%d,%s%d,g,support,0.%d\n", i, label, i, i % 10);
    pk_support_table t;
    pk_err e;
    ck_assert_int_eq(load(text, &t, &e), 0);
    ck_assert_uint_eq(t.nrows, 3000);
    ck_assert_str_eq(t.rows[0].question, "q0");
    ck_assert_uint_eq(strlen(t.rows[0].question_label), 1001);
    ck_assert_str_eq(t.rows[2999].question_label + 1000, "2999");
    ck_assert_int_eq(t.rows[2999].line, 3001);
    ck_assert_double_eq(t.rows[17].share, 0.7);
    pk_support_table_free(&t);
    free(text);
}
END_TEST

static Suite *support_table_suite(void)
{
    Suite *s = suite_create("support_table");
    TCase *tc = pk_tcase("core");
    tcase_add_test(tc, full_table);
    tcase_add_test(tc, minimal_columns);
    tcase_add_test(tc, errors);
    tcase_add_test(tc, many_rows);
    suite_add_tcase(s, tc);
    return s;
}

PK_CHECK_MAIN(support_table_suite)
