/* What every kind of claim's evaluation shares (claim_internal.h): the
 * rows of a claim's result and their names, a comparison's row, the
 * verdict of an interval against a threshold, the level a row is judged
 * at, and the words of a sentence (its capital, a group's and a question's
 * names, "95% CI"). claim_eval.c (shares, differences, net scores),
 * claim_trend.c (change between waves) and claim_mean.c (mean scores) call
 * it; it calls none of them. */
#include "claim_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "estimate.h"
#include "number.h"

/* The sentence b holds, begun with a capital: a sentence may start with a
 * group named in lower case ("all respondents"). NULL: out of memory. */
char *pk_claim_sentence(pk_util_sbuf *b)
{
    char *s = pk_util_sbuf_take(b);
    if (s && s[0] >= 'a' && s[0] <= 'z')
        s[0] = (char)(s[0] - 'a' + 'A');
    return s;
}

double pk_claim_level_for(const pk_claim_opts *o, const pk_support_table_row *r)
{
    if (o->level > 0)
        return o->level;
    if (r && !isnan(r->level))
        return r->level;
    return 0.95;
}

pk_claim_row *pk_claim_new_row(pk_claim_result *res, const pk_claim *c, pk_claim_row_kind kind,
                               pk_err *err)
{
    if (res->nrows == res->cap) {
        size_t cap = res->cap ? 2 * res->cap : 32;
        pk_claim_row *rows = realloc(res->rows, cap * sizeof *rows);
        if (!rows) {
            pk_err_nomem(err);
            return NULL;
        }
        res->rows = rows;
        res->cap = cap;
    }
    pk_claim_row *r = &res->rows[res->nrows++];
    memset(r, 0, sizeof *r);
    r->kind = kind;
    r->claim = c;
    r->threshold = r->estimate = r->ci_low = r->ci_high = NAN;
    r->dont_know = r->excl_dont_know = NAN;
    r->n = r->versus_n = -1;
    r->clearly = r->plausibly = r->needed = r->proposals = -1;
    return r;
}

int pk_claim_set_strings(pk_claim_row *r, const char *q, const char *ql, const char *g,
                         const char *gl, const char *v, const char *vl, const char *resp,
                         pk_err *err)
{
    r->question = strdup(q);
    r->question_label = strdup(ql);
    r->group = strdup(g);
    r->group_label = strdup(gl);
    r->versus = strdup(v);
    r->versus_label = strdup(vl);
    r->response = strdup(resp);
    if (!r->question || !r->question_label || !r->group || !r->group_label || !r->versus ||
        !r->versus_label || !r->response)
        return pk_err_nomem(err);
    return 0;
}

/* A question's label inside a sentence: a leading capital is lowered
 * ("Temporary refugee status" -> "temporary refugee status") unless the
 * word looks like an acronym or a name in capitals ("NHS", "UK"). */
const char *pk_claim_qtext(char *buf, size_t size, const char *label)
{
    snprintf(buf, size, "%s", label);
    if (buf[0] >= 'A' && buf[0] <= 'Z' && !(buf[1] >= 'A' && buf[1] <= 'Z'))
        buf[0] = (char)(buf[0] - 'A' + 'a');
    return buf;
}

/* How a group is named in a sentence. */
const char *pk_claim_who(const pk_support_table_group *g)
{
    return g->by[0] == '\0' && strcmp(g->group, "All") == 0 ? "all respondents" : g->label;
}

/* The verdict of "x > theta" (above) or "x < theta" from its interval;
 * an undefined interval (no respondents) decides nothing. */
pk_claim_verdict pk_claim_verdict_of(double lo, double hi, double theta, int above, int inclusive)
{
    if (isnan(lo) || isnan(hi))
        return PK_CLAIM_TOO_CLOSE;
    if (above) {
        if (inclusive ? lo >= theta : lo > theta)
            return PK_CLAIM_HOLDS;
        if (inclusive ? hi < theta : hi <= theta)
            return PK_CLAIM_FAILS;
    } else {
        if (inclusive ? hi <= theta : hi < theta)
            return PK_CLAIM_HOLDS;
        if (inclusive ? lo > theta : lo >= theta)
            return PK_CLAIM_FAILS;
    }
    return PK_CLAIM_TOO_CLOSE;
}

void pk_claim_level_words(char *buf, size_t size, double level)
{
    char p[32];
    pk_number_percent(p, sizeof p, level, lround(level * 1000.0) % 10 != 0, 0, "?");
    snprintf(buf, size, "%s%% CI", p);
}

/* Said after the verdict when the table's se allows for raking
 * (docs/methods.md, "Calibrated standard error"). */
void pk_claim_calibrated_note(pk_util_sbuf *b, int calibrated)
{
    if (calibrated)
        pk_util_sbuf_addf(b, " The margins of error allow for the calibration to population totals.");
}

pk_claim_row *pk_claim_compare_row(pk_claim_result *res, const pk_claim *c, const pk_claim_index *ix, size_t q,
                                   const pk_support_table_group *g1, const pk_support_table_group *g2,
                                   const char *code, double v1, double se1, long n1, long df1, double v2,
                                   double se2, long n2, long df2, double level, pk_estimate_diff *dd,
                                   pk_err *err)
{
    char resp[300];
    snprintf(resp, sizeof resp, "%s difference", code);
    pk_claim_row *r = pk_claim_new_row(res, c, PK_CLAIM_ROW_PROPOSAL, err);
    if (!r || pk_claim_set_strings(r, ix->questions[q], ix->qlabels[q], g1->group, g1->label, g2->group,
                                   g2->label, resp, err) != 0)
        return NULL;
    pk_estimate_side s1, s2;
    pk_estimate_side_set(&s1, v1, se1, n1, df1, level);
    pk_estimate_side_set(&s2, v2, se2, n2, df2, level);
    pk_estimate_diff_of(&s1, &s2, dd);
    int sign = pk_estimate_diff_sign(dd);
    r->threshold = 0;
    r->estimate = dd->d;
    r->ci_low = dd->lo;
    r->ci_high = dd->hi;
    r->n = n1 >= 0 ? n1 : -1;
    r->versus_n = n2 >= 0 ? n2 : -1;
    /* HOLDS exactly when the letters would letter it: significantly on
     * the claim's side; FAILS when the whole interval is on the other. */
    r->verdict = sign == (c->more ? 1 : -1) ? PK_CLAIM_HOLDS
                 : pk_claim_verdict_of(dd->lo, dd->hi, 0, c->more, 0) == PK_CLAIM_FAILS ? PK_CLAIM_FAILS
                                                                                     : PK_CLAIM_TOO_CLOSE;
    return r;
}

void pk_claim_low_base(pk_util_sbuf *b, int low_base, long n)
{
    if (low_base)
        pk_util_sbuf_addf(b, " (a small base: %ld respondent%s)", n, n == 1 ? "" : "s");
}

double pk_claim_deff_for(const pk_claim_opts *o, const pk_support_table_row *r)
{
    if (o->deff > 0)
        return o->deff;
    if (r && !isnan(r->deff_kish) && r->deff_kish > 0)
        return r->deff_kish;
    return 1;
}
