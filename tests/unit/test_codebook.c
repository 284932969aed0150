/* The codebook loader and its query API: the shipped data/codebook.csv
 * (order, labels, bands, the attention check), its acceptance of every raw
 * spelling pollsynth can write in every cosmetic variant, and each kind of
 * bad codebook, which must be an error naming its line. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "codebook.h"
#include "pk_check.h"
#include "synth.h"
#include "textnorm.h"


/* Load a codebook from text; returns NULL with the message in msg. */
static pk_codebook *load_text(const char *text, char *msg, size_t msgsize)
{
    pk_err e;
    pk_codebook *cb = pk_test_codebook_text(text, &e);
    /* Report without the temporary's name: "LINE: message". */
    const char *colon = strchr(e.msg, ':');
    snprintf(msg, msgsize, "%s", colon ? colon + 1 : e.msg);
    return cb;
}

static long match(const pk_codebook_var *v, const char *raw)
{
    pk_textnorm_buf b = {0};
    ck_assert_int_eq(pk_textnorm(&b, raw, strlen(raw)), 0);
    long m = pk_codebook_match(v, b.s, b.len);
    pk_textnorm_buf_free(&b);
    return m;
}

START_TEST(sample_order_and_labels)
{
    pk_codebook *cb = pk_test_load_sample();
    const char *want[] = {"id", "duration", "age", "age_band", "sex", "region", "edu", "vote2024", "euref",
                          "q_temp_status", "q_settle_20y", "q_family_reunion", "q_support_discretionary",
                          "q_remove_families", "q_visa_penalties", "q_capped_routes", "attention"};
    size_t n = sizeof want / sizeof want[0];
    ck_assert_uint_eq(pk_codebook_nvars(cb), n);
    for (size_t i = 0; i < n; i++)
        ck_assert_str_eq(pk_codebook_var_at(cb, i)->name, want[i]);
    ck_assert_ptr_null(pk_codebook_var_at(cb, n));
    ck_assert_ptr_null(pk_codebook_find(cb, "response"));  /* a scale is not a variable */
    ck_assert_ptr_null(pk_codebook_find(cb, "nosuch"));

    const pk_codebook_var *v = pk_codebook_find(cb, "vote2024");
    ck_assert_int_eq(v->type, PK_CODEBOOK_VAR_CATEGORY);
    ck_assert_str_eq(v->source, "Q5");
    ck_assert_uint_eq(v->ncodes, 9);
    ck_assert_str_eq(v->codes[0].code, "con");
    ck_assert_str_eq(v->codes[8].code, "did_not_vote");
    ck_assert_str_eq(pk_codebook_code_label(v, "ld"), "Liberal Democrat");
    ck_assert_str_eq(pk_codebook_code_label(v, "did_not_vote"), "Did not vote");
    ck_assert_ptr_null(pk_codebook_code_label(v, "Labour"));
    ck_assert_int_eq(v->required, 0);
    ck_assert_int_eq(pk_codebook_find(cb, "sex")->required, 1);

    const pk_codebook_var *q = pk_codebook_find(cb, "q_temp_status");
    ck_assert_int_eq(q->type, PK_CODEBOOK_VAR_QUESTION);
    ck_assert_str_eq(q->source, "Q7_1");
    ck_assert_str_eq(q->scale, "response");
    ck_assert_uint_eq(q->ncodes, 6);
    ck_assert_str_eq(q->codes[0].code, "strongly_support");
    ck_assert_str_eq(q->codes[5].code, "dont_know");
    ck_assert_str_eq(pk_codebook_code_label(q, "tend_oppose"), "Tend to oppose");
    ck_assert_str_ne(q->wording, "");

    const pk_codebook_var *a = pk_codebook_find(cb, "attention");
    ck_assert_int_eq(a->type, PK_CODEBOOK_VAR_ATTENTION);
    ck_assert_str_eq(a->codes[a->correct].code, "tend_oppose");
    ck_assert_int_eq(pk_codebook_in_output(a), 0);
    ck_assert_int_eq(pk_codebook_in_output(pk_codebook_find(cb, "duration")), 0);
    ck_assert_int_eq(pk_codebook_in_output(q), 1);
    ck_assert_int_eq(pk_codebook_find(cb, "id")->type, PK_CODEBOOK_VAR_ID);
    ck_assert_uint_eq(pk_codebook_index(cb, q), 9);
    pk_codebook_free(cb);
}
END_TEST

START_TEST(sample_age_bands)
{
    pk_codebook *cb = pk_test_load_sample();
    const pk_codebook_var *age = pk_codebook_find(cb, "age"), *band = pk_codebook_find(cb, "age_band");
    ck_assert_int_eq(age->type, PK_CODEBOOK_VAR_NUMBER);
    ck_assert(age->min == 18 && age->max == 110);
    ck_assert_ptr_eq(pk_codebook_band_source(cb, band), age);
    ck_assert_ptr_null(pk_codebook_band_source(cb, age));
    ck_assert_uint_eq(band->ncodes, 4);
    const char *codes[] = {"18-24", "25-49", "50-64", "65+"};
    for (int i = 0; i < 4; i++)
        ck_assert_str_eq(band->codes[i].code, codes[i]);
    ck_assert_str_eq(pk_codebook_code_label(band, "18-24"), "18\xE2\x80\x93" "24");
    ck_assert_int_eq(pk_codebook_band_of(band, 17), -1);
    ck_assert_int_eq(pk_codebook_band_of(band, 18), 0);
    ck_assert_int_eq(pk_codebook_band_of(band, 24), 0);
    ck_assert_int_eq(pk_codebook_band_of(band, 25), 1);
    ck_assert_int_eq(pk_codebook_band_of(band, 64), 2);
    ck_assert_int_eq(pk_codebook_band_of(band, 65), 3);
    ck_assert_int_eq(pk_codebook_band_of(band, 999), 3);
    pk_codebook_free(cb);
}
END_TEST

/* Every spelling in pollsynth's frozen tables, as written and in the
 * cosmetic variants pollsynth makes of it, matches its code (or missing). */
START_TEST(sample_accepts_every_synth_spelling)
{
    pk_codebook *cb = pk_test_load_sample();
    size_t checked = 0;
    for (size_t i = 0; i < pk_synth_n_vars; i++) {
        const pk_synth_var *sv = &pk_synth_vars[i];
        const char *vars[8];
        size_t nv = 0;
        if (strcmp(sv->name, "scale") == 0) {
            vars[nv++] = "q_temp_status";
            vars[nv++] = "q_capped_routes";
            vars[nv++] = "attention";
        } else {
            vars[nv++] = sv->name;
        }
        for (size_t k = 0; k < nv; k++) {
            const pk_codebook_var *v = pk_codebook_find(cb, vars[k]);
            ck_assert_msg(v != NULL, "no variable %s", vars[k]);
            for (size_t j = 0; j < sv->n_labels; j++) {
                const pk_synth_label *l = &sv->labels[j];
                long want = l->code[0] ? pk_codebook_code_index(v, l->code) : PK_CB_MISSING;
                ck_assert_msg(!l->code[0] || want >= 0, "%s: code %s unknown", vars[k], l->code);
                char variant[512];
                /* as written; upper case with padding; typographic apostrophe */
                ck_assert_msg(match(v, l->raw) == want, "%s: '%s'", vars[k], l->raw);
                size_t o = (size_t)snprintf(variant, sizeof variant, "  ");
                for (const char *p = l->raw; *p; p++) {
                    if (*p == '\'') {
                        o += (size_t)snprintf(variant + o, sizeof variant - o, "\xE2\x80\x99");
                    } else if (*p == ' ') {
                        o += (size_t)snprintf(variant + o, sizeof variant - o, " \t ");
                    } else {
                        char c = *p;
                        variant[o++] = (c >= 'a' && c <= 'z') ? (char)(c - 32) : c;
                    }
                }
                snprintf(variant + o, sizeof variant - o, "\r\n ");
                ck_assert_msg(match(v, variant) == want, "%s: '%s'", vars[k], variant);
                checked++;
            }
        }
    }
    ck_assert_uint_gt(checked, 100);
    pk_codebook_free(cb);
}
END_TEST

START_TEST(match_rules)
{
    pk_codebook *cb = pk_test_load_sample();
    const pk_codebook_var *v = pk_codebook_find(cb, "vote2024");
    ck_assert_int_eq(match(v, "Labour"), 1);
    ck_assert_int_eq(match(v, "lab"), 1);            /* the code itself */
    ck_assert_int_eq(match(v, "LIBERAL\xC2\xA0" "DEMOCRAT"), 2);  /* NBSP */
    ck_assert_int_eq(match(v, "Labor"), PK_CB_NOMATCH);   /* never guessed */
    ck_assert_int_eq(match(v, ""), PK_CB_NOMATCH);        /* empty is the caller's business */
    ck_assert_int_eq(match(v, "Can\xE2\x80\x98t remember"), PK_CB_MISSING);
    const pk_codebook_var *r = pk_codebook_find(cb, "region");
    ck_assert_int_eq(match(r, "north\xE2\x80\x93" "east"), 0);  /* en dash */
    ck_assert_int_eq(match(r, "North  East"), 0);
    ck_assert_int_eq(match(r, "NorthEast"), PK_CB_NOMATCH);
    /* a band and an id have no raw answers */
    ck_assert_int_eq(match(pk_codebook_find(cb, "age_band"), "18-24"), PK_CB_NOMATCH);
    ck_assert_int_eq(match(pk_codebook_find(cb, "id"), "x"), PK_CB_NOMATCH);
    pk_codebook_free(cb);
}
END_TEST

#define HDR "variable,kind,source,required,scale,code,label,min,max,accept,wording\n"

/* Each bad codebook fails, with a message starting "LINE: " and holding `has`. */
static void bad_codebook(const char *text, const char *line, const char *has)
{
    char msg[PK_ERR_MAX];
    pk_codebook *cb = load_text(text, msg, sizeof msg);
    ck_assert_msg(cb == NULL, "accepted a bad codebook expected to fail with '%s'", has);
    char want[32];
    snprintf(want, sizeof want, "%s: ", line);
    ck_assert_msg(strncmp(msg, want, strlen(want)) == 0, "message '%s' should start with '%s'", msg, want);
    ck_assert_msg(strstr(msg, has) != NULL, "message '%s' lacks '%s'", msg, has);
}

START_TEST(bad_codebooks)
{
    bad_codebook(HDR "sex,category,Q2,,,,Sex,,,,\n"
                     "sex,code,,,,male,Male,,,M,\n"
                     "sex,code,,,,female,Female,,,m,\n",
                 "4", "answer 'm' of sex is accepted for both male (line 3) and female");
    bad_codebook(HDR "v,category,Q5,,,,V,,,,\n"
                     "v,code,,,,a,A,,,Don\xE2\x80\x99t know,\n"
                     "v,missing,,,,,,,,DON'T  KNOW,\n",
                 "4", "accepted for both a (line 3) and (missing)");
    bad_codebook(HDR "sex,category,Q2,,,,Sex,,,,\nsex,code,,,,male\n", "3", "record has 6 fields");
    bad_codebook(HDR "sex,categroy,Q2,,,,Sex,,,,\n", "2", "unknown kind 'categroy'");
    bad_codebook(HDR "sex,code,,,,male,Male,,,,\n", "2", "no earlier line declares");
    bad_codebook(HDR "sex,category,Q2,,,,Sex,,,,\nsex,category,Q3,,,,Sex,,,,\n", "3", "declared twice");
    bad_codebook(HDR "sex,category,Q2,,,,Sex,,,,\nsex,code,,,,m,M,,,,\nsex,code,,,,m,Man,,,,\n", "4",
                 "code 'm' of sex is declared twice");
    bad_codebook(HDR "sex,category,,,,,Sex,,,,\n", "2", "needs a source column");
    bad_codebook(HDR "sex,category,Q2,maybe,,,Sex,,,,\n", "2", "required must be yes, no or empty");
    bad_codebook(HDR "age,number,Q1,,,,Age,18,x,,\n", "2", "max 'x' is not a number");
    bad_codebook(HDR "age,number,Q1,,,,Age,99,18,,\n", "2", "min is above max");
    bad_codebook(HDR "age,number,Q1,,,,Age,18,99,,\nb,band,age,,,,B,,,,\n"
                     "b,code,,,,x,X,18,40,,\nb,code,,,,y,Y,40,,,\n",
                 "5", "band 'y' overlaps band 'x'");
    bad_codebook(HDR "b,band,age,,,,B,,,,\n", "2", "must name an earlier number variable");
    bad_codebook(HDR "age,number,Q1,,,,Age,18,99,,\nb,band,age,,,,B,,,,\nb,code,,,,x,X,,,,\n", "4",
                 "needs min");
    bad_codebook(HDR "s,scale,,,,,S,,,,\ns,code,,,,a,A,,,,\nq,question,Q7,,t,,Q,,,,\n", "4",
                 "scale 't' is not declared");
    bad_codebook(HDR "s,scale,,,,,S,,,,\ns,code,,,,a,A,,,,\nq,question,Q7,,s,,Q,,,,\nq,code,,,,b,B,,,,\n", "5",
                 "takes its codes from scale 's'");
    bad_codebook(HDR "s,scale,,,,,S,,,,\ns,code,,,,a,A,,,,\nz,attention,Q8,,s,b,Z,,,,\n", "4",
                 "correct answer 'b' is not a code of scale 's'");
    bad_codebook(HDR "sex,category,Q2,,,,Sex,,,,\n", "2", "'sex' has no codes");
    bad_codebook(HDR "id,id,A,,,,,,,,\nid2,id,B,,,,,,,,\n", "3", "a second id variable");
    bad_codebook(HDR "sex,category,Q2,,,,Sex,1,,,\n", "2", "column 'min' must be empty on a category row");
    bad_codebook(HDR "sex,category,Q2,,,,Sex,,,,\nsex,code,,,,m,M,3,,,\n", "3", "column 'min' must be empty");
    bad_codebook("variable,kind,lable\n", "1", "unknown column 'lable'");
    bad_codebook("variable,source\n", "1", "needs columns 'variable' and 'kind'");
    bad_codebook("variable,kind\n", "1", "declares no variables");
    bad_codebook(HDR ",category,Q2,,,,Sex,,,,\n", "2", "empty variable name");
    bad_codebook(HDR "v,category,Q5,,,,V,,,,\nv,missing,,,,,,,,,\n", "3", "missing row without answers");
}
END_TEST

/* A number row may leave a bound empty: no bound on that side (a weight
 * has no natural maximum). */
START_TEST(number_bounds_may_be_empty)
{
    char msg[PK_ERR_MAX];
    pk_codebook *cb = load_text(HDR "w,number,W,,,,Weight,0,,,\nx,number,X,,,,X,,5,,\ny,number,Y,,,,Y,,,,\n",
                                msg, sizeof msg);
    ck_assert_msg(cb != NULL, "%s", msg);
    const pk_codebook_var *w = pk_codebook_var_at(cb, 0), *x = pk_codebook_var_at(cb, 1),
                          *y = pk_codebook_var_at(cb, 2);
    ck_assert(w->min == 0 && isinf(w->max) && w->max > 0);
    ck_assert(isinf(x->min) && x->min < 0 && x->max == 5);
    ck_assert(isinf(y->min) && isinf(y->max));
    pk_codebook_free(cb);
}
END_TEST

START_TEST(minimal_codebook_with_optional_columns)
{
    /* Only the columns used, in another order; label defaults to the name. */
    char msg[PK_ERR_MAX];
    pk_codebook *cb = load_text("kind,variable,source,code,accept\n"
                                "id,rid,R,,\ncategory,x,Q1,,\ncode,x,,yes,y|ok\ncode,x,,no,n\n",
                                msg, sizeof msg);
    ck_assert_msg(cb != NULL, "%s", msg);
    const pk_codebook_var *x = pk_codebook_find(cb, "x");
    ck_assert_str_eq(x->label, "x");
    ck_assert_str_eq(x->wording, "");
    ck_assert_str_eq(pk_codebook_code_label(x, "no"), "no");
    ck_assert_int_eq(match(x, " OK "), 0);
    ck_assert_int_eq(match(x, "N"), 1);
    pk_codebook_free(cb);
}
END_TEST

/* The duration's unit: the unit column, else the source's name, else
 * seconds; and a unit anywhere but on the duration row is an error. */
static enum pk_codebook_unit unit_of(const char *source, const char *unit)
{
    char text[512], msg[PK_ERR_MAX];
    snprintf(text, sizeof text, "variable,kind,source,unit\nd,duration,\"%s\",%s\n", source, unit);
    pk_codebook *cb = load_text(text, msg, sizeof msg);
    ck_assert_msg(cb != NULL, "%s", msg);
    enum pk_codebook_unit u = pk_codebook_find(cb, "d")->unit;
    pk_codebook_free(cb);
    return u;
}

START_TEST(duration_unit)
{
    ck_assert_int_eq(unit_of("Duration (in seconds)", ""), PK_CODEBOOK_UNIT_SECONDS);
    ck_assert_int_eq(unit_of("Duration (in minutes)", ""), PK_CODEBOOK_UNIT_MINUTES);
    ck_assert_int_eq(unit_of("time_mins", ""), PK_CODEBOOK_UNIT_MINUTES);
    ck_assert_int_eq(unit_of("LOI (hrs)", ""), PK_CODEBOOK_UNIT_HOURS);
    ck_assert_int_eq(unit_of("LOI", ""), PK_CODEBOOK_UNIT_SECONDS);
    /* "Terminated" holds "min" but not as a word; "minutes:seconds" says two units. */
    ck_assert_int_eq(unit_of("Terminated", ""), PK_CODEBOOK_UNIT_SECONDS);
    ck_assert_int_eq(unit_of("Duration (minutes:seconds)", ""), PK_CODEBOOK_UNIT_SECONDS);
    /* The column wins over the name. */
    ck_assert_int_eq(unit_of("Duration (in seconds)", "Minutes"), PK_CODEBOOK_UNIT_MINUTES);
    ck_assert_int_eq(unit_of("Duration (in minutes)", "seconds"), PK_CODEBOOK_UNIT_SECONDS);
    ck_assert_int_eq(unit_of("Duration", "hours"), PK_CODEBOOK_UNIT_HOURS);
    /* Other variables' unit is seconds, and the sample's duration too. */
    pk_codebook *cb = pk_test_load_sample();
    ck_assert_int_eq(pk_codebook_find(cb, "duration")->unit, PK_CODEBOOK_UNIT_SECONDS);
    ck_assert_int_eq(pk_codebook_find(cb, "age")->unit, PK_CODEBOOK_UNIT_SECONDS);
    pk_codebook_free(cb);
    ck_assert_str_eq(pk_codebook_unit_symbol(PK_CODEBOOK_UNIT_MINUTES), "min");
    ck_assert_str_eq(pk_codebook_unit_name(PK_CODEBOOK_UNIT_HOURS), "hours");
    ck_assert(pk_codebook_unit_seconds(PK_CODEBOOK_UNIT_HOURS) == 3600);

    bad_codebook("variable,kind,source,unit\nd,duration,D,min\n", "2",
                 "unit must be seconds, minutes or hours, not 'min'");
    bad_codebook("variable,kind,source,min,max,unit\nage,number,Q1,18,99,seconds\n", "2",
                 "column 'unit' must be empty on a number row");
    bad_codebook("variable,kind,source,code,unit\nsex,category,Q2,,\nsex,code,,m,minutes\n", "3",
                 "column 'unit' must be empty on a code row");
    bad_codebook("variable,kind,source,accept,unit\nsex,category,Q2,,\nsex,missing,,x,hours\n", "3",
                 "column 'unit' must be empty on a missing row");
}
END_TEST

/* A draft's notes: the note column and comment rows are ignored; an
 * attention check may take several correct codes, or none yet. */
START_TEST(notes_comments_and_attention_answers)
{
    char msg[PK_ERR_MAX];
    pk_codebook *cb = load_text("variable,kind,source,scale,code,label,note\n"
                                "# drafted: check every note,,,,,,\n"
                                "s,scale,,,,S,guessed\n"
                                "s,code,,,tend_oppose,Tend to oppose,\n"
                                "s,code,,,somewhat_oppose,Somewhat oppose,\"may be tend_oppose, check\"\n"
                                "s,code,,,support,Support,\n"
                                "#x,category,Q9,,,,left out\n"
                                "a,attention,Q8,s,tend_oppose|somewhat_oppose,A,\n",
                                msg, sizeof msg);
    ck_assert_msg(cb != NULL, "%s", msg);
    ck_assert_uint_eq(pk_codebook_nvars(cb), 1);
    const pk_codebook_var *a = pk_codebook_find(cb, "a");
    ck_assert_uint_eq(a->ncorrect, 2);
    ck_assert_int_eq(a->correct, 0);
    ck_assert(pk_codebook_is_correct(a, 0));
    ck_assert(pk_codebook_is_correct(a, 1));
    ck_assert(!pk_codebook_is_correct(a, 2));
    pk_codebook_free(cb);

    cb = load_text("variable,kind,source,scale,code,label\ns,scale,,,,S\ns,code,,,y,Y\na,attention,Q8,s,,A\n",
                   msg, sizeof msg);
    ck_assert_msg(cb != NULL, "%s", msg);
    a = pk_codebook_find(cb, "a");
    ck_assert_uint_eq(a->ncorrect, 0);
    ck_assert_int_eq(a->correct, -1);
    ck_assert(!pk_codebook_is_correct(a, 0));
    pk_codebook_free(cb);

    bad_codebook(HDR "s,scale,,,,,S,,,,\ns,code,,,,a,A,,,,\nz,attention,Q8,,s,a|b,Z,,,,\n", "4",
                 "correct answer 'b' is not a code of scale 's'");
    bad_codebook(HDR "s,scale,,,,,S,,,,\ns,code,,,,a,A,,,,\nz,attention,Q8,,s,a|a,Z,,,,\n", "4",
                 "correct answer 'a' is listed twice");
}
END_TEST

START_TEST(missing_file)
{
    pk_err e;
    pk_err_clear(&e);
    ck_assert_ptr_null(pk_codebook_read("/nonexistent/codebook.csv", &e));
    ck_assert_ptr_nonnull(strstr(e.msg, "/nonexistent/codebook.csv"));
}
END_TEST

static Suite *codebook_suite(void)
{
    Suite *s = suite_create("codebook");
    TCase *tc = pk_tcase("core");
    tcase_add_test(tc, sample_order_and_labels);
    tcase_add_test(tc, sample_age_bands);
    tcase_add_test(tc, sample_accepts_every_synth_spelling);
    tcase_add_test(tc, match_rules);
    tcase_add_test(tc, bad_codebooks);
    tcase_add_test(tc, minimal_codebook_with_optional_columns);
    tcase_add_test(tc, number_bounds_may_be_empty);
    tcase_add_test(tc, duration_unit);
    tcase_add_test(tc, notes_comments_and_attention_answers);
    tcase_add_test(tc, missing_file);
    suite_add_tcase(s, tc);
    return s;
}

PK_CHECK_MAIN(codebook_suite)
