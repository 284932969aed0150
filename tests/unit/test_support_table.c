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
    /* A table typed in from published tables: shares and bases, no se or
     * intervals. */
    pk_support_table t;
    pk_err e;
    ck_assert_int_eq(load("response,share,group,question,n\nsupport,0.55,All,q_b,120\n", &t, &e), 0);
    ck_assert_uint_eq(t.nrows, 1);
    const pk_support_table_row *r = &t.rows[0];
    ck_assert_int_eq(r->n, 120);
    ck_assert(isnan(r->se) && isnan(r->ci_low) && isnan(r->level) && isnan(r->count));
    ck_assert_str_eq(r->ci_method, "");
    ck_assert_str_eq(r->question_label, "q_b");
    ck_assert_str_eq(r->by, "");
    ck_assert_int_eq(r->low_base, 0);
    ck_assert_double_eq(r->share, 0.55);
    ck_assert_int_eq(r->percent_signs, 0);
    ck_assert_str_eq(r->deff_source, "");
    pk_support_table_free(&t);

    /* Percentages with their % sign, as a pollster prints them. */
    ck_assert_int_eq(load("question,group,response,share,ci_low,ci_high,deff_source,source\n"
                          "q_b,All,support,54%,50.5 %,57.4%,assumed,\"X, 2025\"\n", &t, &e), 0);
    r = &t.rows[0];
    ck_assert_double_eq_tol(r->share, 0.54, 1e-15);
    ck_assert_double_eq_tol(r->ci_low, 0.505, 1e-15);
    ck_assert_double_eq_tol(r->ci_high, 0.574, 1e-15);
    ck_assert_int_eq(r->percent_signs, 1);
    ck_assert_str_eq(r->deff_source, "assumed");
    ck_assert_str_eq(r->source, "X, 2025");
    pk_support_table_free(&t);
    ck_assert_int_eq(load("question,group,response,share,n\nq,All,support,5x%,10\n", &t, &e), PK_ERR_DATA);
    ck_assert_str_eq(e.msg, "t.csv:2:share: not a percentage: '5x%'");
    pk_support_table_free(&t);
}
END_TEST

START_TEST(errors)
{
    pk_support_table t;
    pk_err e;
    ck_assert_int_eq(load("question,group,response\nq,All,support\n", &t, &e), PK_ERR_DATA);
    ck_assert_str_eq(e.msg, "t.csv:1: not a support table: no column 'share'");
    ck_assert_uint_eq(t.nrows, 0);

    ck_assert_int_eq(load("question,group,response,share,n\nq,All,support,0.5,10\n"
                          "q,All,oppose,0.4x,10\n", &t, &e), PK_ERR_DATA);
    ck_assert_str_eq(e.msg, "t.csv:3:share: not a number: '0.4x'");

    ck_assert_int_eq(load("question,group,response,share,n\nq,All,support,0.5,12.5\n", &t, &e),
                     PK_ERR_DATA);
    ck_assert_str_eq(e.msg, "t.csv:2:n: not a whole number of respondents (0 or more): '12.5'");

    /* Shares alone give no margin of error: refused at the header, or at
     * the row when the columns are there but its fields are empty. */
    ck_assert_int_eq(load("question,group,response,share,ci_low\nq,All,support,0.5,0.4\n", &t, &e),
                     PK_ERR_DATA);
    ck_assert_str_eq(e.msg, "t.csv:1: not a support table: it gives no margin of error (it needs "
                            "columns ci_low and ci_high, se, or n)");
    ck_assert_int_eq(load("question,group,response,share,se,n\nq,All,support,0.5,0.1,\n"
                          "q,All,oppose,0.5,,\n", &t, &e), PK_ERR_DATA);
    ck_assert_str_eq(e.msg, "t.csv:3:share: share 0.5 has no margin of error: the row needs "
                            "ci_low and ci_high, se, or n");

    ck_assert_int_eq(load("question,group,response,share,low_base,n\n\"q\nr\",All,support,0.5,2,9\n",
                          &t, &e), PK_ERR_DATA);
    ck_assert_str_eq(e.msg, "t.csv:2:low_base: not 0 or 1: '2'");

    ck_assert_int_eq(load("question,group,response,share,n\nq,,support,0.5,9\n", &t, &e), PK_ERR_DATA);
    ck_assert_str_eq(e.msg, "t.csv:2:group: empty value");

    ck_assert_int_eq(load("question,group,response,share,level,n\nq,All,support,0.5,95,9\n", &t, &e),
                     PK_ERR_DATA);
    ck_assert_str_eq(e.msg, "t.csv:2:level: level not between 0 and 1: '95'");

    /* Ragged records come from the reader, with their line. */
    ck_assert_int_eq(load("question,group,response,share,n\nq,All,support,0.5\n", &t, &e), PK_ERR_DATA);
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
    o += (size_t)snprintf(text + o, cap - o, "question,question_label,group,response,share,n\n");
    char label[1001];
    memset(label, 'x', 1000);
    label[1000] = '\0';
    for (int i = 0; i < 3000; i++)
        o += (size_t)snprintf(text + o, cap - o, "q%d,%s%d,g,support,0.%d,10\n", i, label, i, i % 10);
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

/* Every impossible number is refused with FILE:LINE:COLUMN. */
#define REFUSED(text, want)                                                       \
    do {                                                                          \
        pk_support_table t_;                                                      \
        pk_err e_;                                                                \
        ck_assert_int_eq(load(text, &t_, &e_), PK_ERR_DATA);                         \
        ck_assert_str_eq(e_.msg, want);                                           \
        pk_support_table_free(&t_);                                               \
    } while (0)

START_TEST(impossible_numbers)
{
    static const char h[] = "question,by,group,response,n,count,share,se,ci_low,ci_high,deff_kish,n_eff\n";
    char text[1024];
#define ROW(r) (snprintf(text, sizeof text, "%s%s\n", h, r), text)
    REFUSED(ROW("q,,All,support,100,50,1e307,0.05,0.4,0.6,1.2,80"),
            "t.csv:2:share: 1e+307 is outside 0 to 1 (a proportion, not a percentage)");
    REFUSED(ROW("q,,All,support,100,50,1.7,0.05,0.4,0.6,1.2,80"),
            "t.csv:2:share: 1.7 is above 1: the table looks like it gives percentages; give "
            "proportions (0.017 for 1.7%), or write the % sign (1.7%)");
    REFUSED(ROW("q,,All,support,100,50,-0.1,0.05,0.4,0.6,1.2,80"),
            "t.csv:2:share: -0.1 is outside 0 to 1 (a proportion, not a percentage)");
    REFUSED(ROW("q,,All,support,100,50,0.5,0.05,-0.2,0.6,1.2,80"),
            "t.csv:2:ci_low: -0.2 is outside 0 to 1 (a proportion, not a percentage)");
    REFUSED(ROW("q,,All,support,100,50,0.5,0.05,0.4,60,1.2,80"),
            "t.csv:2:ci_high: 60 is above 1: the table looks like it gives percentages; give "
            "proportions (0.6 for 60%), or write the % sign (60%)");
    REFUSED(ROW("q,,All,support,100,50,101,0.05,0.4,0.6,1.2,80"),
            "t.csv:2:share: 101 is outside 0 to 1 (a proportion, not a percentage)");
    REFUSED(ROW("q,,All,support,100,50,54%,0.05,0.4,0.5,1.2,80"),
            "t.csv:2:share: share 0.54 is outside its own interval [0.4, 0.5]");
    REFUSED(ROW("q,,All,net,100,50,-1.5,0.05,-0.6,0.4,1.2,80"),
            "t.csv:2:share: -1.5 is outside -1 to 1 (a net score)");
    REFUSED(ROW("q,,All,support,100,50,0.5,0.05,0.6,0.4,1.2,80"),
            "t.csv:2:ci_low: the interval is reversed: ci_low 0.6 is above ci_high 0.4");
    /* A share of 0.3 with an interval above 50% would be "a majority". */
    REFUSED(ROW("q,,All,support,100,50,0.3,0.05,0.55,0.6,1.2,80"),
            "t.csv:2:share: share 0.3 is outside its own interval [0.55, 0.6]");
    REFUSED(ROW("q,,All,support,100,50,0.5,-0.01,0.4,0.6,1.2,80"),
            "t.csv:2:se: standard error -0.01 is outside 0 to 1");
    REFUSED(ROW("q,,All,support,100,50,0.5,2,0.4,0.6,1.2,80"), "t.csv:2:se: standard error 2 is outside 0 to 1");
    REFUSED(ROW("q,,All,support,-5,50,0.5,0.05,0.4,0.6,1.2,80"),
            "t.csv:2:n: not a whole number of respondents (0 or more): '-5'");
    REFUSED(ROW("q,,All,support,100,150,0.5,0.05,0.4,0.6,1.2,80"), "t.csv:2:count: count 150 is more than n = 100");
    REFUSED(ROW("q,,All,net,100,-150,0.5,0.05,0.4,0.6,1.2,80"), "t.csv:2:count: count -150 is more than n = 100");
    REFUSED(ROW("q,,All,support,100,50,0.5,0.05,0.4,0.6,0.5,80"),
            "t.csv:2:deff_kish: design effect 0.5 is below 1, which no weighting gives");
    REFUSED(ROW("q,,All,support,100,50,0.5,0.05,0.4,0.6,1.2,400"),
            "t.csv:2:n_eff: effective base 400 is outside 0 to n = 100");
    REFUSED(ROW("q,,All,support,0,0,0.5,,,,,"),
            "t.csv:2:share: share 0.5 on a row with n = 0 (no respondents: the field must be empty)");
    REFUSED(ROW("q,,All,support,100,50,nan,0.05,0.4,0.6,1.2,80"), "t.csv:2:share: not a number: 'nan'");
    REFUSED(ROW("q,,All,support,100,50,0.5,inf,0.4,0.6,1.2,80"), "t.csv:2:se: not a number: 'inf'");
    REFUSED(ROW("q,,All,support,100,50,0.5,0.05,0.4,1e999,1.2,80"),
            "t.csv:2:ci_high: too large (beyond 1.8e308): '1e999'");
#undef ROW
    /* The design columns: deff may be below 1 but not negative; df at most n - 1. */
    REFUSED("question,group,response,share,n,deff,df\nq,All,x,0.5,10,-0.5,9\n",
            "t.csv:2:deff: negative design effect -0.5");
    REFUSED("question,group,response,share,n,deff,df\nq,All,x,0.5,10,0.5,10\n",
            "t.csv:2:df: 10 degrees of freedom with n = 10: at most n - 1");
    REFUSED("question,group,response,share,n,deff,df\nq,All,x,0.5,10,0.5,-1\n",
            "t.csv:2:df: not a whole number (0 or more): '-1'");
    /* A row repeated, even far apart. */
    REFUSED("question,by,group,response,share,n\nq,v,lab,support,0.5,9\nq,v,lab,oppose,0.3,9\n"
            "q,w,lab,support,0.4,9\nq,v,lab,support,0.6,9\n",
            "t.csv:5:response: repeats line 2: question 'q', by 'v', group 'lab', response 'support' "
            "appear twice");
    /* Within the tolerance of 1e-9, a share on its bound is in its interval. */
    pk_support_table t;
    pk_err e;
    ck_assert_int_eq(load("question,group,response,share,ci_low,ci_high\nq,All,support,0.4,0.4000000005,0.6\n"
                          "q,All,net,-0.2,-0.3,-0.1\n", &t, &e), 0);
    pk_support_table_free(&t);
    /* With a response_kind column, only a net_score row may be negative. */
    REFUSED("question,group,response,response_kind,share,n\nq,All,net,net,-0.2,9\n",
            "t.csv:2:share: -0.2 is outside 0 to 1 (a proportion, not a percentage)");
    ck_assert_int_eq(load("question,group,response,response_kind,share,n\nq,All,nps,net_score,-0.2,9\n", &t, &e), 0);
    pk_support_table_free(&t);
}
END_TEST

/* Questions and groups listed once each, in order; lookups by hash. */
START_TEST(index_and_lookups)
{
    pk_support_table t;
    pk_err e;
    ck_assert_int_eq(load("question,question_label,by,group,group_label,response,share,n\n"
                          "q1,Q one,,All,All,yes,0.5,9\n"
                          "q1,,vote,lab,Labour voters,yes,0.6,9\n"
                          "q1,,euref,did_not_vote,Non-voters,yes,0.2,9\n"
                          "q1,,vote,did_not_vote,Did not vote,yes,0.3,9\n"
                          "q2,Q two,vote,lab,Labour voters,no,0.1,9\n"
                          "q1,,vote,lab,Labour voters,no,0.4,9\n", &t, &e), 0);
    ck_assert_uint_eq(t.nquestions, 2);
    ck_assert_str_eq(t.questions[1], "q2");
    ck_assert_str_eq(t.question_labels[0], "Q one");
    ck_assert_uint_eq(t.ngroups, 4);
    ck_assert_str_eq(t.groups[2].by, "euref");
    ck_assert_str_eq(t.groups[3].label, "Did not vote");
    ck_assert_int_eq(pk_support_table_question(&t, "q2"), 1);
    ck_assert_int_eq(pk_support_table_question(&t, "q3"), -1);
    ck_assert_int_eq(pk_support_table_find(&t, "q1", NULL, "did_not_vote", "yes")->line, 4);
    ck_assert_int_eq(pk_support_table_find(&t, "q1", "vote", "did_not_vote", "yes")->line, 5);
    ck_assert_ptr_null(pk_support_table_find(&t, "q2", NULL, "lab", "yes"));
    ck_assert_int_eq(pk_support_table_find_any(&t, "q1", "vote", "lab")->line, 3);
    ck_assert_ptr_null(pk_support_table_find_any(&t, "q2", "", "All"));
    /* Strings are stored once. */
    ck_assert_ptr_eq(t.rows[1].group_label, t.rows[5].group_label);

    size_t at = 99;
    char forms[200];
    const pk_support_table_group *g = t.groups;
    size_t n = t.ngroups;
    ck_assert_int_eq(pk_support_table_group_find(g, n, "lab", &at, forms, sizeof forms), PK_SUPPORT_TABLE_GROUP_FOUND);
    ck_assert_uint_eq(at, 1);
    ck_assert_int_eq(pk_support_table_group_find(g, n, "vote=lab", &at, NULL, 0), PK_SUPPORT_TABLE_GROUP_FOUND);
    ck_assert_int_eq(pk_support_table_group_find(g, n, "Labour", &at, NULL, 0), PK_SUPPORT_TABLE_GROUP_FOUND);
    ck_assert_int_eq(pk_support_table_group_find(g, n, "LABOUR VOTERS", &at, NULL, 0), PK_SUPPORT_TABLE_GROUP_FOUND);
    ck_assert_int_eq(pk_support_table_group_find(g, n, "labour  voters ", &at, NULL, 0), PK_SUPPORT_TABLE_GROUP_FOUND);
    ck_assert_uint_eq(at, 1);
    ck_assert_int_eq(pk_support_table_group_find(g, n, "all", &at, NULL, 0), PK_SUPPORT_TABLE_GROUP_FOUND);
    ck_assert_uint_eq(at, 0);
    ck_assert_int_eq(pk_support_table_group_find(g, n, "did_not_vote", &at, forms, sizeof forms),
                     PK_SUPPORT_TABLE_GROUP_AMBIGUOUS);
    ck_assert_str_eq(forms, "euref=did_not_vote, vote=did_not_vote");
    ck_assert_int_eq(pk_support_table_group_find(g, n, "euref=did_not_vote", &at, NULL, 0), PK_SUPPORT_TABLE_GROUP_FOUND);
    ck_assert_uint_eq(at, 2);
    ck_assert_int_eq(pk_support_table_group_find(g, n, "did not vote", &at, NULL, 0), PK_SUPPORT_TABLE_GROUP_FOUND);
    ck_assert_uint_eq(at, 3);
    ck_assert_int_eq(pk_support_table_group_find(g, n, "non-voters voters", &at, NULL, 0), PK_SUPPORT_TABLE_GROUP_FOUND);
    ck_assert_uint_eq(at, 2);
    ck_assert_int_eq(pk_support_table_group_find(g, n, "con", &at, NULL, 0), PK_SUPPORT_TABLE_GROUP_UNKNOWN);
    ck_assert_int_eq(pk_support_table_group_find(g, n, "voters", &at, NULL, 0), PK_SUPPORT_TABLE_GROUP_UNKNOWN);
    ck_assert_int_eq(pk_support_table_group_find(g, n, "", &at, NULL, 0), PK_SUPPORT_TABLE_GROUP_UNKNOWN);
    ck_assert_int_eq(pk_support_table_group_find(g, n, "lab=vote", &at, NULL, 0), PK_SUPPORT_TABLE_GROUP_UNKNOWN);
    pk_support_table_free(&t);
}
END_TEST

/* A combined group is found by its '+' code or as the sum of two or more
 * other groups of its by column on every question where all have a base;
 * a group that matches on one question only is not one. */
START_TEST(combined_groups)
{
    pk_support_table t;
    pk_err e;
    ck_assert_int_eq(load("question,by,group,response,n,weighted_base,share\n"
                          "q1,vote,lab,yes,100,98.5,0.6\n"
                          "q1,vote,grn,yes,40,41.25,0.7\n"
                          "q1,vote,con,yes,60,50,0.2\n"
                          "q1,vote,left,yes,140,139.75,0.63\n"
                          "q1,vote,odd,yes,160,148.5,0.3\n"
                          "q1,vote,lab+ld,yes,10,,0.3\n"
                          "q1,age,young,yes,140,139.75,0.5\n"
                          "q2,vote,lab,yes,90,88,0.6\n"
                          "q2,vote,grn,yes,30,31,0.7\n"
                          "q2,vote,con,yes,50,45,0.2\n"
                          "q2,vote,left,yes,120,119,0.63\n"
                          "q2,vote,odd,yes,141,133,0.3\n", &t, &e), 0);
    char m[64];
    const pk_support_table_group *g = t.groups;
    ck_assert_str_eq(g[3].group, "left");
    ck_assert_int_eq(pk_support_table_group_combined(&t, &g[3], m, sizeof m), 1);
    ck_assert_str_eq(m, "lab+grn");
    /* odd = lab + con on q1 but not on q2. */
    ck_assert_int_eq(pk_support_table_group_combined(&t, &g[4], m, sizeof m), 0);
    ck_assert_str_eq(m, "");
    ck_assert_int_eq(pk_support_table_group_combined(&t, &g[5], m, sizeof m), 1);
    ck_assert_str_eq(m, "lab+ld");
    ck_assert_int_eq(pk_support_table_group_combined(&t, &g[0], m, sizeof m), 0);
    /* Groups of another by column are never members. */
    ck_assert_int_eq(pk_support_table_group_combined(&t, &g[6], m, sizeof m), 0);
    const pk_support_table_group *lg[2] = {&g[0], &g[1]}, *lc[2] = {&g[0], &g[2]};
    ck_assert_int_eq(pk_support_table_group_is_union(&t, &g[3], lg, 2), 1);
    ck_assert_int_eq(pk_support_table_group_is_union(&t, &g[4], lc, 2), 0);
    pk_support_table_free(&t);
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
    tcase_add_test(tc, impossible_numbers);
    tcase_add_test(tc, index_and_lookups);
    tcase_add_test(tc, combined_groups);
    suite_add_tcase(s, tc);
    return s;
}

PK_CHECK_MAIN(support_table_suite)
