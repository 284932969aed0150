/* pollclaim's core: the claim language (each form, and parse errors with
 * their columns), every verdict on a hand-made table where each occurs
 * (tests/fixtures/claim/table.csv), quantifiers, groups resolved and
 * refused, differences between groups and estimates derived for a published
 * table without se, against values computed in R by
 * tests/fixtures/claim/make_fixtures.R (tolerance 1e-8). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "claim.h"
#include "csvio.h"
#include "pk_check.h"
#include "support_letters.h"
#include "support_table.h"

static pk_claim parse_ok(const char *text)
{
    pk_claim c;
    pk_err e;
    pk_err_clear(&e);
    int rc = pk_claim_parse(text, 0, "claim1", "--claim", 1, &c, &e);
    ck_assert_msg(rc == 0, "'%s' did not parse: %s", text, e.msg);
    return c;
}

/* The error message of a line that must not parse. */
static char errbuf[PK_ERR_MAX];

static const char *parse_err(const char *text, int require_id)
{
    pk_claim c;
    pk_err e;
    pk_err_clear(&e);
    int rc = pk_claim_parse(text, require_id, "claim1", require_id ? "claims.txt" : "--claim", 3,
                            &c, &e);
    ck_assert_msg(rc != 0, "'%s' parsed but should not", text);
    snprintf(errbuf, sizeof errbuf, "%s", e.msg);
    return errbuf;
}

/* A share claim's words between its threshold and its proposals, joined by
 * spaces. */
static const char *phrase(const pk_claim *c)
{
    static char buf[512];
    buf[0] = '\0';
    for (size_t i = 0; i < c->nphrase; i++)
        snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "%s%s", i ? " " : "",
                 c->phrase[i].text);
    return buf;
}

#define ERR_HAS(text, req, want)                                                     \
    do {                                                                             \
        const char *m_ = parse_err(text, req);                                       \
        ck_assert_msg(strstr(m_, want) != NULL, "'%s': got '%s', want '%s'", text, m_, want); \
    } while (0)

START_TEST(parse_share_forms)
{
    pk_claim c = parse_ok("majority of lab,grn support many of *");
    ck_assert_int_eq(c.kind, PK_CLAIM_SHARE);
    ck_assert(c.above && !c.inclusive && c.theta == 0.5);
    ck_assert_str_eq(c.threshold, "a majority");
    /* Groups and the response are split against the table (eval). */
    ck_assert(c.has_of);
    ck_assert_str_eq(phrase(&c), "lab , grn support");
    ck_assert_uint_eq(c.nphrase, 4);
    ck_assert_int_eq(c.phrase[2].col, 17);
    ck_assert_uint_eq(c.ngroups, 0);
    ck_assert_int_eq(c.quant, PK_CLAIM_QUANT_MANY);
    ck_assert(c.all_questions);
    ck_assert_str_eq(c.id, "claim1");
    ck_assert_str_eq(c.quote, "");
    pk_claim_free(&c);

    c = parse_ok("At least 60% of lab supports q_visa_penalties");
    ck_assert(c.above && c.inclusive && fabs(c.theta - 0.6) < 1e-15);
    ck_assert_str_eq(c.threshold, "at least 60%");
    ck_assert_str_eq(phrase(&c), "lab supports");
    ck_assert_int_eq(c.quant, PK_CLAIM_QUANT_ONE);
    ck_assert_uint_eq(c.nquestions, 1);
    ck_assert_str_eq(c.questions[0].text, "q_visa_penalties");
    pk_claim_free(&c);

    c = parse_ok("fewer than a third of grn support q_remove_families");
    ck_assert(!c.above && !c.inclusive && fabs(c.theta - 1.0 / 3) < 1e-15);
    ck_assert_str_eq(c.threshold, "fewer than a third");
    pk_claim_free(&c);

    c = parse_ok("no more than two thirds of lab and grn strongly oppose at least 2 of q_a, q_b and q_c");
    ck_assert(!c.above && c.inclusive && fabs(c.theta - 2.0 / 3) < 1e-15);
    ck_assert_str_eq(phrase(&c), "lab and grn strongly oppose");
    ck_assert_int_eq(c.quant, PK_CLAIM_QUANT_ATLEAST);
    ck_assert_int_eq(c.k, 2);
    ck_assert_uint_eq(c.nquestions, 3);
    ck_assert_str_eq(c.questions[2].text, "q_c");
    pk_claim_free(&c);

    c = parse_ok("most tend to support most of the proposals");
    ck_assert(!c.has_of);
    ck_assert_str_eq(phrase(&c), "tend to support");
    ck_assert_int_eq(c.quant, PK_CLAIM_QUANT_MOST);
    ck_assert(c.all_questions);
    pk_claim_free(&c);

    c = parse_ok("a minority of vote=did_not_vote neither support nor oppose q_a");
    ck_assert(!c.above && c.theta == 0.5);
    ck_assert_str_eq(phrase(&c), "vote=did_not_vote neither support nor oppose");
    pk_claim_free(&c);

    c = parse_ok("over 25% of lab+grn don't know about all of q_a,q_b");
    ck_assert_str_eq(c.threshold, "more than 25%");
    ck_assert_str_eq(phrase(&c), "lab+grn don't know about");
    ck_assert_int_eq(c.quant, PK_CLAIM_QUANT_ALL);
    pk_claim_free(&c);

    /* Labels of several words, and a verb phrase before a label. */
    c = parse_ok("at least 40% of Reform UK voters would vote Rejoin q_rejoin");
    ck_assert_str_eq(phrase(&c), "Reform UK voters would vote Rejoin");
    ck_assert_str_eq(c.questions[0].text, "q_rejoin");
    pk_claim_free(&c);
    c = parse_ok("most Reform UK voters Total agree many of q_a, q_b");
    ck_assert_str_eq(phrase(&c), "Reform UK voters Total agree");
    ck_assert_uint_eq(c.nquestions, 2);
    pk_claim_free(&c);
}
END_TEST

START_TEST(parse_compare_net_and_line)
{
    pk_claim c = parse_ok("grn are less likely than lab to support q_temp_status");
    ck_assert_int_eq(c.kind, PK_CLAIM_COMPARE);
    ck_assert(!c.more);
    ck_assert_uint_eq(c.ngroups, 2);
    ck_assert_str_eq(c.groups[0].text, "grn");
    ck_assert_str_eq(c.groups[1].text, "lab");
    ck_assert_str_eq(c.response, "support");
    pk_claim_free(&c);

    c = parse_ok("Reform UK voters are more likely than Labour voters to say yes q_a");
    ck_assert(c.more);
    ck_assert_str_eq(c.groups[0].text, "Reform UK voters");
    ck_assert_str_eq(c.groups[1].text, "Labour voters");
    ck_assert_int_eq(c.groups[1].col, 39);
    ck_assert_str_eq(c.response, "say yes");
    pk_claim_free(&c);

    c = parse_ok("more support than oppose q_capped_routes among lab");
    ck_assert_int_eq(c.kind, PK_CLAIM_NET);
    ck_assert_str_eq(c.response, "support");
    ck_assert_str_eq(c.response2, "oppose");
    ck_assert_str_eq(phrase(&c), "lab");
    pk_claim_free(&c);

    c = parse_ok("more oppose than support any of *");
    ck_assert_int_eq(c.kind, PK_CLAIM_NET);
    ck_assert_str_eq(c.response, "oppose");
    ck_assert_str_eq(c.response2, "support");
    ck_assert_int_eq(c.quant, PK_CLAIM_QUANT_ANY);
    ck_assert_uint_eq(c.nphrase, 0);
    pk_claim_free(&c);

    c = parse_ok("more Total agree than Total disagree q_a among Reform UK, Labour");
    ck_assert_str_eq(c.response, "Total agree");
    ck_assert_str_eq(c.response2, "Total disagree");
    ck_assert_str_eq(phrase(&c), "Reform UK , Labour");
    pk_claim_free(&c);

    /* The full line, with curly quotes pasted from an article. */
    pk_claim d;
    pk_err e;
    pk_err_clear(&e);
    ck_assert_int_eq(pk_claim_parse("seed: \xE2\x80\x9C" "A majority \"backed\" it\xE2\x80\x9D => most of lab support q_a",
                                    1, "", "claims.txt", 2, &d, &e), 0);
    ck_assert_str_eq(d.id, "seed");
    ck_assert_str_eq(d.quote, "A majority \"backed\" it");
    ck_assert_str_eq(d.text, "most of lab support q_a");
    ck_assert_int_eq(d.text_col, 35);
    pk_claim_free(&d);
    ck_assert_int_eq(pk_claim_parse("x1: \"say \"\"hi\"\"\" => majority support q_a", 1, "",
                                    "f", 1, &d, &e), 0);
    ck_assert_str_eq(d.quote, "say \"hi\"");
    pk_claim_free(&d);
}
END_TEST

START_TEST(parse_errors_have_columns)
{
    ERR_HAS("lots of lab support q_a", 0, "--claim:3:1: expected a threshold ('majority', 'most'");
    ERR_HAS("support q_a", 0, "--claim:3:1: expected a threshold ('majority', 'most', 'at least N%'");
    ERR_HAS("at least 60 of lab support q_a", 0, "--claim:3:13: expected '%'");
    ERR_HAS("at least 160% of lab support q_a", 0, "--claim:3:10: a percentage must be above 0 and below 100");
    ERR_HAS("majority of lab", 0, "--claim:3:16: expected a question code");
    ERR_HAS("majority of lab support at least 3 of q_a,q_b", 0, "--claim:3:25: 'at least 3 of' 2 proposals can never hold");
    ERR_HAS("more support than q_a", 0, "--claim:3:22: expected a question code");
    ERR_HAS("grn less likely lab to support q_a", 0, "--claim:3:1: expected a threshold");
    ERR_HAS("grn less likely than lab to", 0, "--claim:3:28: expected a response after 'to'");
    ERR_HAS("majority of lab support q_a!", 0, "--claim:3:28: unexpected character '!'");
    ERR_HAS("", 0, "--claim:3:1: expected a claim");
    /* A stray closing curly quote once made the lexer loop forever. */
    ERR_HAS("many know \xE2\x80\x9D , grn", 0, "--claim:3:11: a closing quotation mark without an opening one");
    /* Claims file lines need an id and the quoted words; columns count characters. */
    ERR_HAS("majority of lab support q_a", 1, "claims.txt:3:1: expected a claim id followed by ':'");
    ERR_HAS("c1: majority of lab support q_a", 1, "claims.txt:3:5: expected the article's words in double quotes");
    ERR_HAS("c1: \"words\" majority", 1, "claims.txt:3:13: expected '=>'");
    ERR_HAS("c1: \"words", 1, "claims.txt:3:5: unterminated quotation");
    ERR_HAS("c1: \xE2\x80\x9C\xC3\xA9t\xC3\xA9\xE2\x80\x9D => majority of of", 1,
            "claims.txt:3:28: expected a question code");
}
END_TEST

START_TEST(parse_mean_forms)
{
    pk_claim c = parse_ok("the average rating of q_trust among lab and con is above 5.5");
    ck_assert_int_eq(c.kind, PK_CLAIM_MEAN);
    ck_assert(c.above);
    ck_assert(!c.inclusive);
    ck_assert_double_eq(c.theta, 5.5);
    ck_assert_str_eq(c.threshold, "above 5.5");
    ck_assert_uint_eq(c.nquestions, 1);
    ck_assert_str_eq(c.questions[0].text, "q_trust");
    ck_assert_str_eq(phrase(&c), "lab and con");
    pk_claim_free(&c);

    c = parse_ok("mean score for all of q_a, q_b was at most 3");
    ck_assert_int_eq(c.kind, PK_CLAIM_MEAN);
    ck_assert(!c.above);
    ck_assert(c.inclusive);
    ck_assert_int_eq(c.quant, PK_CLAIM_QUANT_ALL);
    ck_assert_uint_eq(c.nquestions, 2);
    ck_assert_uint_eq(c.nphrase, 0);
    pk_claim_free(&c);

    c = parse_ok("average of q_a is no more than -2");
    ck_assert(!c.above && c.inclusive);
    ck_assert_double_eq(c.theta, -2);
    pk_claim_free(&c);

    c = parse_ok("Labour voters rate q_trust higher than Conservative voters");
    ck_assert_int_eq(c.kind, PK_CLAIM_MEAN_COMPARE);
    ck_assert(c.more);
    ck_assert_uint_eq(c.ngroups, 2);
    ck_assert_str_eq(c.groups[0].text, "Labour voters");
    ck_assert_str_eq(c.groups[1].text, "Conservative voters");
    ck_assert_str_eq(c.questions[0].text, "q_trust");
    pk_claim_free(&c);

    c = parse_ok("grn scores many of * lower than lab do");
    ck_assert_int_eq(c.kind, PK_CLAIM_MEAN_COMPARE);
    ck_assert(!c.more);
    ck_assert_str_eq(c.groups[1].text, "lab");
    ck_assert(c.all_questions);
    pk_claim_free(&c);

    /* Share claims keep their forms: "most" and "more than" are thresholds. */
    c = parse_ok("most lab support q_a");
    ck_assert_int_eq(c.kind, PK_CLAIM_SHARE);
    pk_claim_free(&c);

    ERR_HAS("the average rating of q_a is 5", 0, "--claim:3:31: expected 'is above N' or 'is below N'");
    ERR_HAS("the average rating is above 5", 0, "--claim:3:20: expected 'of' and a question");
    ERR_HAS("the average of q_a among is above 5", 0, "--claim:3:26: expected groups after 'among'");
    ERR_HAS("the average of is above 5", 0, "--claim:3:16: expected a question code");
    ERR_HAS("lab rate q_a higher than", 0, "--claim:3:25: expected a group after 'than', found the end");
    ERR_HAS("lab rate higher than con", 0, "--claim:3:10: expected a question code, or 'all of'");
}
END_TEST

START_TEST(many_is_a_third_at_least_two)
{
    ck_assert_int_eq(pk_claim_many(1), 1);
    ck_assert_int_eq(pk_claim_many(2), 2);
    ck_assert_int_eq(pk_claim_many(3), 2);
    ck_assert_int_eq(pk_claim_many(6), 2);
    ck_assert_int_eq(pk_claim_many(7), 3);
    ck_assert_int_eq(pk_claim_many(9), 3);
    ck_assert_int_eq(pk_claim_many(10), 4);
}
END_TEST

/* ---- Evaluation on the fixtures ---- */

static pk_support_table load(const char *rel)
{
    char path[4096];
    pk_err e;
    pk_err_clear(&e);
    pk_csv_reader *r = pk_csv_reader_open(pk_src_path(path, sizeof path, rel), ',', &e);
    ck_assert_msg(r != NULL, "%s", e.msg);
    pk_support_table t;
    ck_assert_msg(pk_support_table_read(r, &t, &e) == 0, "%s", e.msg);
    pk_csv_reader_close(r);
    return t;
}

static pk_claim_result res;
static pk_claim claim;
static pk_support_table table;

/* Evaluate text on the table; returns the claim row. */
static const pk_claim_row *eval_opts(const char *text, const pk_claim_opts *o)
{
    pk_claim_result_free(&res);
    pk_claim_free(&claim);
    claim = parse_ok(text);
    pk_err e;
    pk_err_clear(&e);
    ck_assert_msg(pk_claim_eval(&claim, &table, o, &res, &e) == 0, "%s: %s", text, e.msg);
    ck_assert_int_eq(res.rows[0].kind, PK_CLAIM_ROW_CLAIM);
    return &res.rows[0];
}

static const pk_claim_row *eval(const char *text)
{
    pk_claim_opts o = {0, 0, 1};
    return eval_opts(text, &o);
}

static const char *eval_err(const char *text)
{
    pk_claim_result_free(&res);
    pk_claim_free(&claim);
    claim = parse_ok(text);
    pk_err e;
    pk_err_clear(&e);
    pk_claim_opts o = {0, 0, 1};
    ck_assert_msg(pk_claim_eval(&claim, &table, &o, &res, &e) != 0, "%s evaluated", text);
    snprintf(errbuf, sizeof errbuf, "%s", e.msg);
    return errbuf;
}

/* The row of kind k for question q and group g (NULL: any). */
static const pk_claim_row *row_of(pk_claim_row_kind k, const char *q, const char *g)
{
    for (size_t i = 0; i < res.nrows; i++) {
        const pk_claim_row *r = &res.rows[i];
        if (r->kind == k && (!q || strcmp(r->question, q) == 0) && (!g || strcmp(r->group, g) == 0))
            return r;
    }
    ck_abort_msg("no row %d %s %s", (int)k, q ? q : "-", g ? g : "-");
    return NULL;
}

#define VERDICT(text, v) ck_assert_str_eq(pk_claim_verdict_name(eval(text)->verdict), v)
#define HAS(s, want) ck_assert_msg(strstr(s, want) != NULL, "'%s' lacks '%s'", s, want)

static void setup_table(void)
{
    table = load("tests/fixtures/claim/table.csv");
    memset(&res, 0, sizeof res);
    memset(&claim, 0, sizeof claim);
}

static void teardown_table(void)
{
    pk_claim_result_free(&res);
    pk_claim_free(&claim);
    pk_support_table_free(&table);
}

START_TEST(share_verdicts)
{
    const pk_claim_row *r = eval("majority of lab support q_a");
    ck_assert_str_eq(pk_claim_verdict_name(r->verdict), "HOLDS");
    ck_assert_uint_eq(res.nrows, 2);
    ck_assert_double_eq_tol(r->estimate, 0.62, 1e-12);
    ck_assert_int_eq(r->n, 500);
    HAS(r->sentence, "Among Labour voters, 62% (95% CI 57\xE2\x80\x93" "67%) support proposal A");
    HAS(r->sentence, "the whole interval is above 50%, so 'a majority' holds.");

    r = eval("majority of lab support q_b");
    ck_assert_str_eq(pk_claim_verdict_name(r->verdict), "FAILS");
    HAS(r->sentence, "the whole interval is below 50%, so 'a majority' fails.");

    /* grn q_a: 49%, the interval spans 50%; without the 1% don't knows
     * 49.5%, still not above 50%: too close to call, not misleading. */
    r = eval("majority of grn support q_a");
    ck_assert_str_eq(pk_claim_verdict_name(r->verdict), "TOO CLOSE TO CALL");
    ck_assert_double_eq_tol(r->excl_dont_know, 0.49 / 0.99, 1e-12);
    HAS(r->sentence, "the interval includes 50%, so 'a majority' is too close to call.");

    /* The rules for a share above theta (README.md), one by one. */
    /* 2. MISLEADING when p <= theta < p', the interval across theta: lab
     * q_c 48% (43-53%), 10% don't know: 53.3% with a view. */
    r = eval("majority of lab support q_c");
    ck_assert_str_eq(pk_claim_verdict_name(r->verdict), "MISLEADING");
    ck_assert_double_eq_tol(r->dont_know, 0.10, 1e-12);
    ck_assert_double_eq_tol(r->excl_dont_know, 0.48 / 0.90, 1e-12);
    HAS(r->sentence, "it passes 50% only once the 10% answering \xE2\x80\x9C" "Don't know"
                     "\xE2\x80\x9D are dropped from the base (53% of those with a view), so the "
                     "claim is misleading.");
    /* 2. whatever the interval: remain q_b 43%, interval 38.5-47.6% below
     * 50%, 15% don't know: 50.6% with a view. */
    r = eval("majority of remain support q_b");
    ck_assert_str_eq(pk_claim_verdict_name(r->verdict), "MISLEADING");
    ck_assert(r->ci_high < 0.5);
    /* 4. TOO CLOSE when p > theta with the interval across it, even though
     * p' passes: remain q_c 51% (46-56%), 54.8% with a view. */
    r = eval("majority of remain support q_c");
    ck_assert_str_eq(pk_claim_verdict_name(r->verdict), "TOO CLOSE TO CALL");
    HAS(r->sentence, "Among those with a view it is 55%.");
    /* 3. FAILS when the interval is below theta and p' does not pass: lab
     * q_b 40% (35-45%), 43.5% with a view. */
    VERDICT("majority of lab support q_b", "FAILS");
    /* Any theta, not only a majority: lab q_b 40% against 42% is p <= theta
     * < p' (43.5%): misleading. */
    VERDICT("more than 42% of lab support q_b", "MISLEADING");
    VERDICT("more than 45% of lab support q_b", "FAILS");
    /* Non-voters q_a: 45% (37-53%), 15% don't know: 52.9% with a view. */
    VERDICT("majority of vote=did_not_vote support q_a", "MISLEADING");
    /* lab q_a 62% (57-67%), 65.3% with a view: at least 65% is p <= theta
     * < p'. */
    VERDICT("at least 65% of lab support q_a", "MISLEADING");
    /* A claim about don't know itself is never misleading. */
    VERDICT("more than 9% of lab don't know about q_c", "TOO CLOSE TO CALL");
    /* Below-type thresholds. */
    VERDICT("fewer than half of grn support q_b", "HOLDS");
    VERDICT("fewer than a third of grn support q_b", "TOO CLOSE TO CALL");
    VERDICT("fewer than a third of lab support q_a", "FAILS");
    VERDICT("at most 60% of lab support q_b", "HOLDS");
    /* No group: All. */
    r = eval("most support q_a");
    ck_assert_str_eq(r->group, "All");
    ck_assert_str_eq(pk_claim_verdict_name(r->verdict), "HOLDS");
    HAS(r->sentence, "Among all respondents, 58%");
    /* Other responses. */
    VERDICT("a minority of lab oppose q_a", "HOLDS");
    VERDICT("fewer than a quarter of lab don't know about q_c", "HOLDS");
    /* Responses by code or label in any case, verbs of taking a side. */
    VERDICT("a minority of lab Oppose q_a", "HOLDS");
    VERDICT("a minority of lab DONT_KNOW q_c", "HOLDS");
    VERDICT("majority of Labour voters back q_a", "HOLDS");
    VERDICT("a minority of lab reject q_a", "HOLDS");
    HAS(eval_err("majority of lab suport q_a"),
        "--claim:1:17: 'suport' is no response of question q_a; its responses are: support "
        "(\"Support\"), oppose (\"Oppose\"), dont_know (\"Don't know\"), net (\"Net support\")");
}
END_TEST

START_TEST(groups_each_and_union)
{
    const pk_claim_row *r = eval("majority of lab,grn support q_a");
    ck_assert_str_eq(pk_claim_verdict_name(r->verdict), "TOO CLOSE TO CALL");
    ck_assert_str_eq(r->group, "");
    ck_assert_uint_eq(res.nrows, 3);
    ck_assert_str_eq(pk_claim_verdict_name(row_of(PK_CLAIM_ROW_PROPOSAL, "q_a", "lab")->verdict), "HOLDS");
    ck_assert_str_eq(pk_claim_verdict_name(row_of(PK_CLAIM_ROW_PROPOSAL, "q_a", "grn")->verdict), "TOO CLOSE TO CALL");
    HAS(r->sentence, "Labour voters: the claim holds; Green voters: too close to call. Each group must hold on its own");
    VERDICT("majority of lab and grn support q_b", "FAILS");
    /* Several groups: the worst verdict, FAILS before MISLEADING before TOO
     * CLOSE TO CALL before HOLDS. lab misleading, grn holds: misleading. */
    VERDICT("majority of lab,grn support q_c", "MISLEADING");
    /* lab fails, remain misleading: fails. */
    VERDICT("majority of lab and remain support q_b", "FAILS");
    /* remain too close, lab misleading: misleading. */
    VERDICT("majority of remain, lab support q_c", "MISLEADING");
    VERDICT("majority of grn,lab support q_a", "TOO CLOSE TO CALL");
    /* lab+grn is the table's combined group `left`. */
    r = eval("majority of lab+grn support q_a");
    ck_assert_str_eq(r->group, "left");
    ck_assert_str_eq(pk_claim_verdict_name(r->verdict), "HOLDS");
    HAS(eval("majority of grn+lab support q_a")->group, "left");
    /* A group code in two --by columns needs its column. */
    HAS(eval_err("majority of did_not_vote support q_a"),
        "group 'did_not_vote' is ambiguous: it names groups of several --by columns; write one of "
        "vote=did_not_vote, euref=did_not_vote");
    /* Labels name groups too, without regard to case or a trailing "voters". */
    ck_assert_str_eq(eval("majority of NON-VOTERS support q_a")->group_label, "Non-voters");
    ck_assert_str_eq(eval("most Labour voters support q_a")->group, "lab");
    ck_assert_str_eq(eval("most labour support q_a")->group, "lab");
    r = eval("most Labour and Green voters support q_a");
    ck_assert_uint_eq(res.nrows, 3);
    ck_assert_str_eq(eval("majority of euref=did_not_vote support q_a")->group_label,
                     "Non-voters (EU referendum)");
}
END_TEST

START_TEST(unknown_names)
{
    const char *m = eval_err("majority of lab support q_z");
    HAS(m, "--claim:1:25: unknown question 'q_z'; the table's questions are: q_a, q_b, q_c");
    m = eval_err("majority of lab,lib support q_a");
    HAS(m, "--claim:1:17: unknown group 'lib'; the table's groups are: All, vote=lab, vote=grn,");
    HAS(m, "euref=remain");
    HAS(eval_err("majority of lab+con support q_a"),
        "the table has no combined group lab+con (make one with pollsupport --combine NAME=lab+con");
}
END_TEST

START_TEST(quantifiers)
{
    /* lab: q_a HOLDS, q_b FAILS, q_c MISLEADING: clear 1, plausible 1,
     * misleading 1; 'many' of 3 needs 2: plausible < 2 <= plausible +
     * misleading, so MISLEADING. */
    const pk_claim_row *r = eval("majority of lab support many of *");
    ck_assert_str_eq(pk_claim_verdict_name(r->verdict), "MISLEADING");
    ck_assert_int_eq(r->clearly, 1);
    ck_assert_int_eq(r->plausibly, 1);
    ck_assert_int_eq(r->needed, 2);
    ck_assert_int_eq(r->proposals, 3);
    HAS(r->sentence, "'many' is taken as a third or more: at least 2 of 3");
    HAS(r->sentence, "Checking 3 proposals at once makes a chance HOLDS likelier: up to 2.5% for one proposal, up to 7%");
    ck_assert_uint_eq(res.nrows, 5);   /* claim, 3 proposals, group */
    VERDICT("majority of lab support all of *", "FAILS");
    VERDICT("majority of lab support at least 1 of *", "HOLDS");
    VERDICT("majority of lab support any of q_b,q_c", "MISLEADING");
    VERDICT("majority of lab support most of q_a,q_b", "FAILS");
    /* plausible + misleading < needed: FAILS (all 3: 1 + 1 < 3). */
    VERDICT("majority of lab support all of *", "FAILS");
    /* remain: q_a 50% with 8% don't know (54% with a view) MISLEADING, q_b
     * MISLEADING, q_c TOO CLOSE: clear 0, plausible 1, misleading 2. 'at
     * least 2 of' is MISLEADING, 'at least 1 of' TOO CLOSE TO CALL. */
    VERDICT("majority of remain support at least 2 of *", "MISLEADING");
    VERDICT("majority of remain support at least 1 of *", "TOO CLOSE TO CALL");
    /* The words before the proposals are the response when no group
     * starts them: "lab" is none here. */
    HAS(eval_err("majority of lab support"), "unknown question 'support'");
    /* grn: q_a TOO CLOSE, q_b FAILS, q_c HOLDS. */
    VERDICT("majority of grn support at least 2 of *", "TOO CLOSE TO CALL");
    VERDICT("majority of grn support most of q_a,q_c", "TOO CLOSE TO CALL");
    VERDICT("majority of grn support all of q_c", "HOLDS");
    /* Each group with its own count: grn TOO CLOSE, lab MISLEADING; the
     * worst is MISLEADING. */
    r = eval("majority of lab,grn support at least 2 of *");
    ck_assert_str_eq(pk_claim_verdict_name(r->verdict), "MISLEADING");
    ck_assert_str_eq(pk_claim_verdict_name(row_of(PK_CLAIM_ROW_GROUP, "", "lab")->verdict), "MISLEADING");
    ck_assert_str_eq(pk_claim_verdict_name(row_of(PK_CLAIM_ROW_GROUP, "", "grn")->verdict), "TOO CLOSE TO CALL");
    /* Needing more proposals than the table has. */
    HAS(eval_err("majority of lab support at least 4 of *"),
        "--claim:1:25: 'at least 4 of' the table's 3 proposals can never hold");
}
END_TEST

/* Values from a CSV fixture: column `col` of the row whose first columns
 * match keys (NULL: any). */
static double fixture(const char *rel, const char *const *keys, const char *const *vals,
                      size_t nk, const char *col)
{
    char path[4096];
    pk_err e;
    pk_err_clear(&e);
    pk_csv_reader *r = pk_csv_reader_open(pk_src_path(path, sizeof path, rel), ',', &e);
    ck_assert_msg(r != NULL, "%s", e.msg);
    double out = NAN;
    while (pk_csv_reader_next(r, &e) == 1) {
        int match = 1;
        for (size_t k = 0; k < nk; k++)
            match &= strcmp(pk_csv_reader_field(r, (size_t)pk_csv_reader_col(r, keys[k])), vals[k]) == 0;
        if (match) {
            out = strtod(pk_csv_reader_field(r, (size_t)pk_csv_reader_col(r, col)), NULL);
            break;
        }
    }
    pk_csv_reader_close(r);
    ck_assert_msg(!isnan(out), "no fixture row in %s", rel);
    return out;
}

START_TEST(differences_against_r)
{
    static const char *const pairs[][2] = {{"grn", "lab"}, {"con", "lab"}, {"did_not_vote", "con"}};
    static const char *const qs[] = {"q_a", "q_b", "q_c"};
    static const char *const keys[] = {"question", "group", "versus"};
    for (size_t p = 0; p < 3; p++)
        for (size_t q = 0; q < 3; q++) {
            char text[200];
            snprintf(text, sizeof text, "%s less likely than %s to support %s",
                     strcmp(pairs[p][0], "did_not_vote") == 0 ? "vote=did_not_vote" : pairs[p][0],
                     pairs[p][1], qs[q]);
            const pk_claim_row *r = eval(text);
            const char *vals[] = {qs[q], pairs[p][0], pairs[p][1]};
            const char *f = "tests/fixtures/claim/expected_diff.csv";
            ck_assert_double_eq_tol(r->estimate, fixture(f, keys, vals, 3, "estimate"), 1e-8);
            ck_assert_double_eq_tol(r->ci_low, fixture(f, keys, vals, 3, "ci_low"), 1e-8);
            ck_assert_double_eq_tol(r->ci_high, fixture(f, keys, vals, 3, "ci_high"), 1e-8);
        }
    /* grn - lab on q_a: -13 points, interval below zero. */
    const pk_claim_row *r = eval("grn less likely than lab to support q_a");
    ck_assert_str_eq(pk_claim_verdict_name(r->verdict), "HOLDS");
    ck_assert_str_eq(r->versus, "lab");
    /* Both groups' bases: n is the first group's, versus_n the other's. */
    ck_assert_int_eq(r->n, 150);
    ck_assert_int_eq(r->versus_n, 500);
    r = eval("lab more likely than grn to support q_a");
    ck_assert_int_eq(r->n, 500);
    ck_assert_int_eq(r->versus_n, 150);
    ck_assert_int_eq(eval("majority of lab support q_a")->versus_n, -1);
    r = eval("grn less likely than lab to support q_a");
    HAS(r->sentence, "Among Green voters, 49% support proposal A, against 62% among Labour voters: a difference of -13 points (95% CI -23 to -3)");
    VERDICT("grn more likely than lab to support q_a", "FAILS");
    VERDICT("grn are more likely than lab to support q_c", "HOLDS");
}
END_TEST

START_TEST(comparisons_refused)
{
    HAS(eval_err("left more likely than lab to support q_a"),
        "cannot compare left with lab: left is a combined group (lab+grn), not disjoint");
    HAS(eval_err("lab more likely than lab+grn to support q_a"),
        "cannot compare lab with left: left is a combined group");
    HAS(eval_err("lab more likely than All to support q_a"),
        "cannot compare lab with All: All is not a group of a --by column");
    HAS(eval_err("lab more likely than remain to support q_a"),
        "cannot compare lab (vote) with remain (euref): groups of different --by columns overlap");
    HAS(eval_err("lab more likely than lab to support q_a"), "cannot compare group lab with itself");
}
END_TEST

START_TEST(net_claims)
{
    const pk_claim_row *r = eval("more support than oppose q_a among lab");
    ck_assert_str_eq(pk_claim_verdict_name(r->verdict), "HOLDS");
    ck_assert_double_eq_tol(r->estimate, 0.37, 1e-12);
    HAS(r->sentence, "Among Labour voters, 62% support and 25% oppose proposal A: net +37 points");
    VERDICT("more support than oppose q_b among lab", "TOO CLOSE TO CALL");
    VERDICT("more support than oppose q_b among grn", "FAILS");
    VERDICT("more oppose than support q_b among grn", "HOLDS");
    VERDICT("more support than oppose all of * among lab, grn", "FAILS");
    VERDICT("more support than oppose q_a", "HOLDS");
}
END_TEST

START_TEST(published_table_without_se)
{
    pk_support_table_free(&table);
    table = load("tests/fixtures/claim/published.csv");
    static const char *const keys[] = {"deff_option", "question", "group", "response"};
    static const char *const groups[] = {"All", "lab", "grn"};
    static const char *const qs[] = {"q_a", "q_b"};
    const char *f = "tests/fixtures/claim/expected_derived.csv";
    for (int d = 0; d < 2; d++)
        for (size_t g = 0; g < 3; g++)
            for (size_t q = 0; q < 2; q++)
                for (int net = 0; net < 2; net++) {
                    char text[200];
                    if (net)
                        snprintf(text, sizeof text, "more support than oppose %s among %s", qs[q], groups[g]);
                    else
                        snprintf(text, sizeof text, "majority of %s support %s", groups[g], qs[q]);
                    pk_claim_opts o = {d ? 1.5 : 0, 0, 1};
                    const pk_claim_row *r = eval_opts(text, &o);
                    const char *vals[] = {d ? "1.5" : "", qs[q], groups[g], net ? "net" : "support"};
                    ck_assert_double_eq_tol(r->estimate, fixture(f, keys, vals, 4, "estimate"), 1e-12);
                    ck_assert_double_eq_tol(r->ci_low, fixture(f, keys, vals, 4, "ci_low"), 1e-8);
                    ck_assert_double_eq_tol(r->ci_high, fixture(f, keys, vals, 4, "ci_high"), 1e-8);
                }
    /* lab q_c is not in the published table. */
    HAS(eval_err("majority of lab support q_c"), "unknown question 'q_c'");
    VERDICT("majority of lab support q_a", "HOLDS");
}
END_TEST

START_TEST(level_option_recomputes)
{
    /* At a 50% level grn q_c (60%, se 0.0456) has the logit interval
     * 56.9-63.0%, narrower than the table's 95% one; at 99% lab q_a (62%,
     * se 0.0283) still holds, with a wider interval. */
    pk_claim_opts o = {0, 0.5, 1};
    const pk_claim_row *r = eval_opts("majority of grn support q_c", &o);
    ck_assert_str_eq(pk_claim_verdict_name(r->verdict), "HOLDS");
    ck_assert(r->ci_low > 0.56 && r->ci_high < 0.64);
    HAS(r->sentence, "(50% CI");
    o.level = 0.99;
    r = eval_opts("majority of lab support q_a", &o);
    ck_assert_str_eq(pk_claim_verdict_name(r->verdict), "HOLDS");
    ck_assert(r->ci_low < 0.5699);
}
END_TEST

/* Comparisons at the smallest bases (tests/fixtures/claim/few.csv, made by
 * hand): one (n = 1), two (n = 2), big (n = 30), all under the minimum
 * base, and pub (no n). With fewer than 2 respondents on a side there is
 * no interval (never the normal quantile), the verdict is TOO CLOSE TO
 * CALL and the sentence says why; both groups' small bases are said; and
 * every verdict is the significance letters' test (support_letters.h). */
START_TEST(comparisons_at_small_bases)
{
    pk_support_table_free(&table);
    table = load("tests/fixtures/claim/few.csv");
    const pk_claim_row *r = eval("one more likely than big to say yes q");
    ck_assert_str_eq(pk_claim_verdict_name(r->verdict), "TOO CLOSE TO CALL");
    ck_assert(isnan(r->ci_low) && isnan(r->ci_high));
    ck_assert_double_eq_tol(r->estimate, 0.9, 1e-12);
    HAS(r->sentence, "Among One, 100% chose \xE2\x80\x9CYes\xE2\x80\x9D on proposal Q (a small base: 1 respondent), against "
                     "10% among Big (a small base: 30 respondents): a difference of +90 points; "
                     "One has 1 respondent, but a difference needs at least 2 on each side (its "
                     "interval's degrees of freedom, min(n1, n2) - 1, would be 0): no interval, "
                     "so 'One more likely' is too close to call.");
    r = eval("big less likely than one to say yes q");
    ck_assert_str_eq(pk_claim_verdict_name(r->verdict), "TOO CLOSE TO CALL");
    HAS(r->sentence, "One has 1 respondent");
    /* n = 2 against 30: one degree of freedom, t = qt(0.975, 1) =
     * 12.706204736174694 (R); d = 0.4, se = sqrt(0.3535533906^2 +
     * 0.0556776436^2). */
    r = eval("two more likely than big to say yes q");
    double se = sqrt(0.3535533906 * 0.3535533906 + 0.0556776436 * 0.0556776436);
    ck_assert_double_eq_tol(r->ci_low, 0.4 - 12.706204736174694 * se, 1e-9);
    ck_assert_double_eq_tol(r->ci_high, 0.4 + 12.706204736174694 * se, 1e-9);
    ck_assert_str_eq(pk_claim_verdict_name(r->verdict), "TOO CLOSE TO CALL");
    HAS(r->sentence, "(a small base: 2 respondents), against 10% among Big (a small base: 30 "
                     "respondents): a difference of +40 points (95% CI");
    /* No base: the degrees of freedom are unknown. */
    r = eval("pub more likely than big to say yes q");
    ck_assert_str_eq(pk_claim_verdict_name(r->verdict), "TOO CLOSE TO CALL");
    ck_assert(isnan(r->ci_low));
    HAS(r->sentence, "the table gives no base (n) for Published");
    /* A net of one respondent's two answers: no interval either. */
    r = eval("more yes than no q among one");
    ck_assert_str_eq(pk_claim_verdict_name(r->verdict), "TOO CLOSE TO CALL");
    ck_assert(isnan(r->ci_low) && isnan(r->ci_high));
    HAS(r->sentence, "net +100 points (no interval) (a small base: 1 respondent); with 1 "
                     "respondent there are no degrees of freedom");
    /* Every pair, both ways and both responses: HOLDS exactly when the
     * letters' test finds the first group higher (lower for 'less'). */
    static const char *const g[] = {"one", "two", "big", "pub"};
    static const char *const resp[] = {"yes", "no"};
    for (size_t a = 0; a < 4; a++)
        for (size_t b = 0; b < 4; b++)
            for (size_t k = 0; k < 2 && a != b; k++)
                for (int more = 0; more < 2; more++) {
                    char text[200];
                    snprintf(text, sizeof text, "%s %s likely than %s to say %s q", g[a],
                             more ? "more" : "less", g[b], resp[k]);
                    r = eval(text);
                    const pk_support_table_row *ra = pk_support_table_find(&table, "q", "grp", g[a], resp[k]);
                    const pk_support_table_row *rb = pk_support_table_find(&table, "q", "grp", g[b], resp[k]);
                    int higher = more ? pk_support_letters_higher(ra->share, ra->se, ra->n, rb->share,
                                                                  rb->se, rb->n, 0.95)
                                      : pk_support_letters_higher(rb->share, rb->se, rb->n, ra->share,
                                                                  ra->se, ra->n, 0.95);
                    ck_assert_msg((r->verdict == PK_CLAIM_HOLDS) == higher, "%s: %s, letters %d", text,
                                  pk_claim_verdict_name(r->verdict), higher);
                }
}
END_TEST

/* Read text as a claims file named f.txt onto l; returns the status. */
static int read_file_text(const char *text, size_t len, pk_claim_list *l, pk_err *e)
{
    FILE *f = fmemopen((void *)text, len, "r");
    ck_assert_ptr_nonnull(f);
    pk_err_clear(e);
    int rc = pk_claim_file_read(f, "f.txt", l, e);
    fclose(f);
    return rc;
}

/* The claims file: comments, blank lines and a BOM skipped, lines counted
 * physically; a bad line, a NUL byte or no claim at all refused with its
 * place and the list left as it was; repeated ids found across sources. */
START_TEST(claims_file)
{
    pk_claim_list l = {0};
    pk_err e;
    pk_err_clear(&e);
    ck_assert_int_eq(pk_claim_list_parse(&l, "majority support q1", 0, "claim1", "--claim", 1, &e), 0);
    const char good[] = "\xEF\xBB\xBF# claims\n\n   \t\r\n"
                        "a: \"most back it\" => majority support q1\r\n"
                        "  # indented comment\n"
                        "b: \"few\" => fewer than 20% of lab support q2";
    ck_assert_int_eq(read_file_text(good, sizeof good - 1, &l, &e), 0);
    ck_assert_uint_eq(l.n, 3);
    ck_assert_str_eq(l.v[1].id, "a");
    ck_assert_str_eq(l.v[1].source, "f.txt");
    ck_assert_int_eq(l.v[1].line, 4);
    ck_assert_str_eq(l.v[2].id, "b");
    ck_assert_int_eq(l.v[2].line, 6);
    ck_assert_int_eq(pk_claim_list_check_ids(&l, &e), 0);

    const char bad[] = "c: \"x\" => majority support q1\nd: majority\n";
    ck_assert_int_eq(read_file_text(bad, sizeof bad - 1, &l, &e), PK_ERR_DATA);
    ck_assert_msg(strncmp(e.msg, "f.txt:2:", 8) == 0, "%s", e.msg);
    ck_assert_uint_eq(l.n, 3);
    const char nul[] = "c: \"x\" => majority support q1\n\0d\n";
    ck_assert_int_eq(read_file_text(nul, sizeof nul - 1, &l, &e), PK_ERR_DATA);
    ck_assert_str_eq(e.msg, "f.txt:2: a NUL byte in the claims file");
    ck_assert_uint_eq(l.n, 3);
    const char none[] = "# nothing\n\n";
    ck_assert_int_eq(read_file_text(none, sizeof none - 1, &l, &e), PK_ERR_DATA);
    ck_assert_str_eq(e.msg, "f.txt: no claims in the file");
    const char again[] = "a: \"again\" => majority support q3\n";
    ck_assert_int_eq(read_file_text(again, sizeof again - 1, &l, &e), 0);
    ck_assert_int_eq(pk_claim_list_check_ids(&l, &e), PK_ERR_DATA);
    ck_assert_str_eq(e.msg, "f.txt:1: claim id 'a' is already used (f.txt:4)");
    pk_claim_list_free(&l);
    ck_assert_uint_eq(l.n, 0);
    ck_assert_ptr_null(l.v);
}
END_TEST

static Suite *claim_suite(void)
{
    Suite *s = suite_create("claim");
    TCase *tp = pk_tcase("parse");
    tcase_add_test(tp, parse_share_forms);
    tcase_add_test(tp, parse_compare_net_and_line);
    tcase_add_test(tp, parse_errors_have_columns);
    tcase_add_test(tp, parse_mean_forms);
    tcase_add_test(tp, many_is_a_third_at_least_two);
    tcase_add_test(tp, claims_file);
    suite_add_tcase(s, tp);
    TCase *te = pk_tcase("eval");
    tcase_add_checked_fixture(te, setup_table, teardown_table);
    tcase_add_test(te, share_verdicts);
    tcase_add_test(te, groups_each_and_union);
    tcase_add_test(te, unknown_names);
    tcase_add_test(te, quantifiers);
    tcase_add_test(te, differences_against_r);
    tcase_add_test(te, comparisons_refused);
    tcase_add_test(te, net_claims);
    tcase_add_test(te, published_table_without_se);
    tcase_add_test(te, level_option_recomputes);
    tcase_add_test(te, comparisons_at_small_bases);
    suite_add_tcase(s, te);
    return s;
}

PK_CHECK_MAIN(claim_suite)
