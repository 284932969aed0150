/* Drafting a codebook (codebook_draft.h): slugs, and the draft of small
 * exports row by row: kinds, codes with their accepted spellings, sides,
 * nets, missing rows, the notes, and a draft pollclean's codebook reader
 * accepts as it is. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "codebook.h"
#include "codebook_draft.h"
#include "pk_check.h"

START_TEST(slugs)
{
    char b[64];
    ck_assert_str_eq(pk_codebook_draft_slug(b, 40, "Don't know"), "dont_know");
    ck_assert_str_eq(pk_codebook_draft_slug(b, 40, "Don\xE2\x80\x99t know"), "dont_know");
    ck_assert_str_eq(pk_codebook_draft_slug(b, 40, "  Tend to   SUPPORT "), "tend_to_support");
    ck_assert_str_eq(pk_codebook_draft_slug(b, 40, "Degree (e.g. BA, BSc) or higher"), "degree_e_g_ba_bsc_or_higher");
    ck_assert_str_eq(pk_codebook_draft_slug(b, 40, "18-24"), "18_24");
    ck_assert_str_eq(pk_codebook_draft_slug(b, 40, "65+"), "65_plus");
    ck_assert_str_eq(pk_codebook_draft_slug(b, 40, "C++"), "c_plus_plus");
    ck_assert_str_eq(pk_codebook_draft_slug(b, 40, "Caf\xC3\xA9 cr\xC3\xA8me"), "caf_cr_me");
    ck_assert_str_eq(pk_codebook_draft_slug(b, 40, "???"), "x");
    ck_assert_str_eq(pk_codebook_draft_slug(b, 40, ""), "x");
    /* Cut at a word boundary. */
    ck_assert_str_eq(pk_codebook_draft_slug(b, 20, "Do you support or oppose the plan"), "do_you_support_or");
    ck_assert_str_eq(pk_codebook_draft_slug(b, 5, "abcdefgh"), "abcde");
}
END_TEST

/* Draft text; returns the draft (malloc'd), or NULL with err. */
static char *draft(const char *csv, pk_err *err)
{
    FILE *in = fmemopen((void *)csv, strlen(csv), "rb");
    ck_assert_ptr_nonnull(in);
    char *out = NULL;
    size_t len = 0;
    FILE *o = open_memstream(&out, &len);
    pk_codebook_draft_opts opt = {',', 0};
    pk_codebook_draft_summary sum;
    pk_err_clear(err);
    int rc = pk_codebook_draft_write(in, "t.csv", &opt, o, &sum, err);
    fclose(o);
    fclose(in);
    if (rc) {
        free(out);
        return NULL;
    }
    return out;
}

static void has_line(const char *text, const char *line)
{
    size_t n = strlen(line);
    for (const char *p = text; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
        if (strncmp(p, line, n) == 0 && (p[n] == '\n' || p[n] == '\0'))
            return;
    ck_abort_msg("draft lacks the line\n%s\nin\n%s", line, text);
}

/* The draft must load as a codebook. */
static void loads(const char *text)
{
    pk_err e;
    pk_codebook *cb = pk_test_codebook_text(text, &e);
    ck_assert_msg(cb != NULL, "%s", e.msg);
    pk_codebook_free(cb);
}

START_TEST(small_export)
{
    /* 12 respondents: an id, an agree scale with a "Not sure", a category
     * with spellings differing in case and quotes, and a don't know. */
    const char *csv =
        "ID,q_agree,Party\n"
        "1,Strongly agree,Labour\n2,Agree,labour\n3,Disagree,Conservative\n4,Strongly disagree,Don't know\n"
        "5,Not sure,Labour\n6,Agree,Conservative\n7,Agree,LABOUR\n8,Disagree,Don\xE2\x80\x99t know\n"
        "9,Strongly agree,Conservative\n10,Agree,Labour\n11,Neither agree nor disagree,Labour\n"
        "12,Agree,Conservative\n";
    pk_err e;
    char *d = draft(csv, &e);
    ck_assert_msg(d != NULL, "%s", e.msg);
    has_line(d, "variable,kind,source,required,scale,code,label,side,members,min,max,unit,accept,wording,note");
    has_line(d, "id,id,ID,yes,,,Respondent id,,,,,,,,guessed from its name; confirm it is the respondent id");
    has_line(d, "agree_scale,code,,,,strongly_agree,Strongly agree,positive,,,,,,,");
    has_line(d, "agree_scale,code,,,,agree,Agree,positive,,,,,,,");
    has_line(d, "agree_scale,code,,,,neither_agree_nor_disagree,Neither agree nor disagree,neutral,,,,,,,");
    has_line(d, "agree_scale,code,,,,disagree,Disagree,negative,,,,,,,");
    has_line(d, "agree_scale,code,,,,strongly_disagree,Strongly disagree,negative,,,,,,,");
    /* Net codes that would repeat a code get a net_ prefix. */
    has_line(d, "agree_scale,net,,,,net_agree,Agree (net),positive,,,,,,,");
    has_line(d, "agree_scale,net,,,,net_disagree,Disagree (net),negative,,,,,,,");
    has_line(d, "agree_scale,net,,,,net,Net agreement,score,,,,,,,");
    has_line(d, "q_agree,question,q_agree,,agree_scale,,q_agree,,,,,,,,");
    /* Most given first; the other spellings are the same normal form, so
     * nothing to accept; don't knows in either apostrophe are missing. */
    has_line(d, "party,category,Party,,,,Party,,,,,,,,");
    has_line(d, "party,code,,,,labour,Labour,,,,,,,,");
    has_line(d, "party,code,,,,conservative,Conservative,,,,,,,,");
    ck_assert_ptr_nonnull(strstr(d, "party,missing,,,,,,,,,,,Don't know,,"));
    loads(d);
    free(d);

    /* Spellings that differ in more than case and quotes but share a
     * slug: one code, the other accepted, noted. */
    d = draft("id,r\n1,South East\n2,South-East\n3,South East\n4,London\n", &e);
    ck_assert_msg(d != NULL, "%s", e.msg);
    has_line(d, "r,code,,,,south_east,South East,,,,,,South-East,,\"one code for 'South East', 'South-East' (their "
                "letters are the same): check\"");
    loads(d);
    free(d);

    ck_assert_ptr_null(draft("a,b\n", &e));
    ck_assert_str_eq(e.msg, "t.csv: no records to draft a codebook from");
}
END_TEST

static Suite *draft_suite(void)
{
    Suite *s = suite_create("codebook_draft");
    TCase *tc = pk_tcase("core");
    tcase_add_test(tc, slugs);
    tcase_add_test(tc, small_export);
    suite_add_tcase(s, tc);
    return s;
}

PK_CHECK_MAIN(draft_suite)
