/* Scales from codebooks: the sample's support scale, an agree/disagree
 * scale with two don't-know codes and default nets, yes/no (single-code
 * sides), 0-10 with listed nets, a nominal scale, numeric ordering, and
 * each inconsistent declaration, which must be an error naming its line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "codebook.h"
#include "pk_check.h"
#include "scale.h"

#define HDR "variable,kind,source,scale,code,label,side,members\n"

/* A codebook of the text and an id variable (a codebook declares at least
 * one variable). */
static pk_codebook *load_text(const char *text, char *msg, size_t msgsize)
{
    char *full = NULL;
    ck_assert_int_ge(asprintf(&full, "%srid,id,ID,,,,,\n", text), 0);
    pk_err e;
    pk_codebook *cb = pk_test_codebook_text(full, &e);
    free(full);
    const char *colon = strchr(e.msg, ':');
    snprintf(msg, msgsize, "%s", colon ? colon + 1 : e.msg);
    return cb;
}

static const pk_scale *scale_of(const char *text, pk_codebook **cb)
{
    char msg[PK_ERR_MAX];
    *cb = load_text(text, msg, sizeof msg);
    ck_assert_msg(*cb != NULL, "%s", msg);
    const pk_scale *s = pk_codebook_scale(*cb, "s");
    ck_assert_ptr_nonnull(s);
    return s;
}

/* The responses as "code:kind" joined by spaces, and each y as a string
 * of '+', '-', '.' per code. */
static void expect(const pk_scale *s, const char *want, const char *const *ys)
{
    char got[1000] = "";
    for (size_t i = 0; i < pk_scale_nresponses(s); i++) {
        const pk_scale_response *r = pk_scale_response_at(s, i);
        snprintf(got + strlen(got), sizeof got - strlen(got), "%s%s:%s", i ? " " : "", r->code,
                 pk_scale_kind_name(r->kind));
        if (ys) {
            char y[64] = "";
            for (size_t k = 0; k < pk_scale_ncodes(s); k++)
                y[k] = r->y[k] > 0 ? '+' : r->y[k] < 0 ? '-' : '.';
            ck_assert_msg(strcmp(y, ys[i]) == 0, "%s: y %s, want %s", r->code, y, ys[i]);
        }
    }
    ck_assert_str_eq(got, want);
}

START_TEST(sample_scale)
{
    char path[4096];
    pk_err e;
    pk_err_clear(&e);
    pk_codebook *cb = pk_codebook_read(pk_src_path(path, sizeof path, "data/codebook.csv"), &e);
    ck_assert_msg(cb != NULL, "%s", e.msg);
    const pk_codebook_var *q = pk_codebook_find(cb, "q_temp_status");
    const pk_scale *s = q->resp_scale;
    ck_assert_ptr_eq(s, pk_codebook_scale(cb, "response"));
    const char *ys[] = {"+.....", ".+....", "..+...", "...+..", "....+.", ".....+",
                        "++....", "...++.", "++.--."};
    expect(s, "strongly_support:positive tend_support:positive neither:neutral tend_oppose:negative "
              "strongly_oppose:negative dont_know:dont_know support:net_positive oppose:net_negative "
              "net:net_score", ys);
    ck_assert_str_eq(pk_scale_response_at(s, 8)->label, "Net support");
    ck_assert_str_eq(pk_scale_label(s), "Support or opposition");
    ck_assert_int_eq(pk_scale_side_net(s, PK_SIDE_POSITIVE), 6);
    ck_assert_int_eq(pk_scale_side_net(s, PK_SIDE_NEGATIVE), 7);
    ck_assert_int_eq(pk_scale_has_sides(s), 1);
    ck_assert_int_eq(pk_codebook_nscales(cb), 1);
    pk_codebook_free(cb);
}
END_TEST

START_TEST(agree_default_nets)
{
    pk_codebook *cb;
    const pk_scale *s = scale_of(HDR "s,scale,,,,Agreement,,\n"
                                     "s,code,,,sa,Strongly agree,positive,\n"
                                     "s,code,,,ta,Tend to agree,positive,\n"
                                     "s,code,,,ne,Neither,neutral,\n"
                                     "s,code,,,td,Tend to disagree,negative,\n"
                                     "s,code,,,sd,Strongly disagree,negative,\n"
                                     "s,code,,,dk,Don't know,dont_know,\n"
                                     "s,code,,,pns,Prefer not to say,dont_know,\n"
                                     "s,net,,,agree,Total agree,positive,\n",
                                 &cb);
    const char *ys[] = {"+......", ".+.....", "..+....", "...+...", "....+..", ".....+.",
                        "......+", "++.....", "...++..", "++.--.."};
    expect(s, "sa:positive ta:positive ne:neutral td:negative sd:negative dk:dont_know "
              "pns:dont_know agree:net_positive negative:net_negative net:net_score", ys);
    ck_assert_str_eq(pk_scale_response_at(s, 7)->label, "Total agree");
    ck_assert_str_eq(pk_scale_response_at(s, 8)->label, "Negative (net)");
    ck_assert_int_eq(pk_scale_response_at(s, 8)->line, 0);
    ck_assert_str_eq(pk_scale_response_at(s, 9)->label, "Net score");
    pk_codebook_free(cb);
}
END_TEST

START_TEST(yes_no_single_code_sides)
{
    pk_codebook *cb;
    const pk_scale *s = scale_of(HDR "s,scale,,,,Yes or no,,\n"
                                     "s,code,,,yes,Yes,positive,\n"
                                     "s,code,,,no,No,negative,\n",
                                 &cb);
    const char *ys[] = {"+.", ".+", "+-"};
    expect(s, "yes:positive no:negative net:net_score", ys);
    ck_assert_int_eq(pk_scale_side_net(s, PK_SIDE_POSITIVE), 0);
    ck_assert_int_eq(pk_scale_side_net(s, PK_SIDE_NEGATIVE), 1);
    pk_codebook_free(cb);
}
END_TEST

START_TEST(zero_to_ten_listed_nets)
{
    pk_codebook *cb;
    const pk_scale *s = scale_of(HDR "s,scale,,,,Likelihood,,\n"
                                     "s,code,,,0,0 Not at all likely,,\n"
                                     "s,code,,,1,1,,\ns,code,,,2,2,,\ns,code,,,3,3,,\ns,code,,,4,4,,\n"
                                     "s,code,,,5,5,,\ns,code,,,6,6,,\ns,code,,,7,7,,\ns,code,,,8,8,,\n"
                                     "s,code,,,9,9,,\ns,code,,,10,10 Extremely likely,,\n"
                                     "s,net,,,likely,Likely (6-10),positive,6|7|8|9|10\n"
                                     "s,net,,,unlikely,Unlikely (0-4),negative,0|1|2|3|4\n"
                                     "s,net,,,top,Top two (9-10),,9|10\n"
                                     "s,net,,,score,Net likely,score,\n",
                                 &cb);
    const char *ys[] = {"+..........", ".+.........", "..+........", "...+.......", "....+......",
                        ".....+.....", "......+....", ".......+...", "........+..", ".........+.",
                        "..........+", "......+++++", "+++++......", ".........++", "-----.+++++"};
    expect(s, "0:negative 1:negative 2:negative 3:negative 4:negative 5:neutral 6:positive "
              "7:positive 8:positive 9:positive 10:positive likely:net_positive "
              "unlikely:net_negative top:net score:net_score", ys);
    pk_codebook_free(cb);
}
END_TEST

START_TEST(nominal_scale)
{
    pk_codebook *cb;
    const pk_scale *s = scale_of(HDR "s,scale,,,,Referendum,,\n"
                                     "s,code,,,rejoin,Rejoin,,\n"
                                     "s,code,,,stay_out,Stay out,,\n"
                                     "s,code,,,wnv,Would not vote,,\n"
                                     "s,net,,,would_vote,Would vote,,rejoin|stay_out\n",
                                 &cb);
    const char *ys[] = {"+..", ".+.", "..+", "++."};
    expect(s, "rejoin:nominal stay_out:nominal wnv:nominal would_vote:net", ys);
    ck_assert_int_eq(pk_scale_has_sides(s), 0);
    ck_assert_int_eq(pk_scale_side_net(s, PK_SIDE_POSITIVE), -1);
    pk_codebook_free(cb);
}
END_TEST

/* A scale made from the data (pollsupport without a codebook) adds its codes
 * in the order pk_number_order_codes gives (test_csvio.c); a code added
 * twice is refused. */
START_TEST(codes_once)
{
    pk_err e;
    pk_err_clear(&e);
    pk_scale *s = pk_scale_new("x", NULL);
    const char *codes[] = {"b", "10", "a"};
    for (size_t i = 0; i < 3; i++)
        ck_assert_int_eq(pk_scale_add_code(s, codes[i], NULL, PK_SIDE_NONE, 0, &e), 0);
    ck_assert_int_eq(pk_scale_finish(s, &e), 0);
    expect(s, "b:nominal 10:nominal a:nominal", NULL);
    ck_assert_int_eq(pk_scale_add_code(s, "b", NULL, PK_SIDE_NONE, 0, &e), 0 + PK_ERR_DATA);
    ck_assert_str_eq(e.msg, "code 'b' of scale 'x' is declared twice");
    pk_scale_free(s);
}
END_TEST

static void bad(const char *text, const char *line, const char *has)
{
    char msg[PK_ERR_MAX];
    pk_codebook *cb = load_text(text, msg, sizeof msg);
    ck_assert_msg(cb == NULL, "accepted: %s", text);
    char want[32];
    snprintf(want, sizeof want, "%s: ", line);
    ck_assert_msg(strncmp(msg, want, strlen(want)) == 0, "message '%s' should start with '%s'", msg,
                  want);
    ck_assert_msg(strstr(msg, has) != NULL, "message '%s' lacks '%s'", msg, has);
}

#define YN "s,scale,,,,S,,\ns,code,,,yes,Yes,positive,\ns,code,,,no,No,negative,\n"

START_TEST(bad_declarations)
{
    bad(HDR YN "t,scale,,,,T,,\nt,code,,,a,A,,\nt,net,,,x,X,,a|yes\n", "7",
        "net 'x' of scale 't' lists 'yes', a code of another scale ('s')");
    bad(HDR YN "s,net,,,x,X,,yes|maybe\n", "5", "net 'x' lists 'maybe', which is not a code of scale 's'");
    bad(HDR YN "s,net,,,n,Total no,negative,no|yes\n", "5",
        "code 'yes' would have two sides: it is positive (line 3) and in the negative net 'n'");
    bad(HDR "s,scale,,,,S,,\ns,code,,,a,A,,\ns,code,,,b,B,,\ns,code,,,c,C,,\n"
            "s,net,,,p,P,positive,a|b\ns,net,,,n,N,negative,b|c\n", "7",
        "code 'b' would have two sides: it is positive");
    bad(HDR "s,scale,,,,S,,\ns,code,,,a,A,positive,\ns,code,,,b,B,,\ns,net,,,net,Net,score,\n", "5",
        "net score 'net' needs a scale with a positive and a negative side; scale 's' has no negative side");
    bad(HDR "s,scale,,,,S,,\ns,code,,,a,A,positive|negative,\n", "3", "a code has one side");
    bad(HDR "s,scale,,,,S,,\ns,code,,,a,A,agree,\n", "3", "side 'agree'");
    bad(HDR "v,category,Q1,,,V,,\nv,code,,,a,A,positive,\n", "3", "only the codes of a scale have sides");
    bad(HDR "v,category,Q1,,,V,,\nv,code,,,a,A,,\nv,net,,,x,X,,a\n", "4", "nets belong to a scale");
    bad(HDR YN "s,net,,,x,X,,\n", "5", "net 'x' has neither a side nor members");
    bad(HDR YN "s,net,,,x,X,up,\n", "5", "a net's side is positive, negative, score");
    bad(HDR YN "s,net,,,x,X,score,\ns,net,,,y,Y,score,\n", "6", "a second score net ('x', line 5)");
    bad(HDR YN "s,net,,,x,X,,yes\ns,net,,,x,Y,,no\n", "6", "net 'x' of scale 's' is declared twice");
    bad(HDR YN "s,net,,,yes,X,,yes|no\n", "5", "net 'yes' has the code of one of the scale's answers");
    bad(HDR YN "s,net,,,x,X,,yes|yes\n", "5", "net 'x' lists 'yes' twice");
    bad(HDR YN "s,net,,,x,X,score,yes\n", "5", "net score 'x' lists members");
    bad(HDR YN "s,net,,,x,X,,yes||no\n", "5", "empty code in members");
    bad(HDR YN "s,net,,,,X,positive,\n", "5", "net row without a code");
    bad(HDR "s,scale,,,,S,,\ns,code,,,a,A,,\ns,net,,,p,P,positive,\n", "4",
        "positive net 'p' has no members: no code of scale 's' is positive");
    bad(HDR "s,scale,,,,S,,\ns,code,,,net,A,positive,\ns,code,,,b,B,negative,\n", "3",
        "already uses the code 'net'");
    bad(HDR "v,category,Q1,,,V,positive,\n", "2", "column 'side' must be empty on a category row");
    bad(HDR "s,scale,,,,S,,\ns,code,,,a,A,,x\n", "3", "column 'members' must be empty on a code row");
    bad(HDR YN "s,net,Q1,,x,X,,yes\n", "5", "column 'source' must be empty on a net row");
}
END_TEST

static Suite *scale_suite(void)
{
    Suite *s = suite_create("scale");
    TCase *tc = pk_tcase("core");
    tcase_add_test(tc, sample_scale);
    tcase_add_test(tc, agree_default_nets);
    tcase_add_test(tc, yes_no_single_code_sides);
    tcase_add_test(tc, zero_to_ten_listed_nets);
    tcase_add_test(tc, nominal_scale);
    tcase_add_test(tc, codes_once);
    tcase_add_test(tc, bad_declarations);
    suite_add_tcase(s, tc);
    return s;
}

PK_CHECK_MAIN(scale_suite)
