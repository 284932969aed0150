/* Evaluating a parsed claim against a support table (claim.h), once
 * claim_resolve.c has resolved its names: completing estimates a published
 * table lacks (se from n and a design effect, intervals by the table's
 * method), the verdict rules, the quantifiers over proposals, and the
 * sentence each row carries, in the table's labels.
 *
 * Every claim is one shape: for each group (separately), for each proposal,
 * an atom (a share against a threshold, a difference between two groups, or
 * a net score or difference of two responses against zero) with a verdict;
 * the proposals' verdicts are counted against the quantifier's k (1 for a
 * single proposal) and the groups' verdicts combined: the worst of them, in
 * the order FAILS, MISLEADING, TOO CLOSE TO CALL, HOLDS. A share claimed
 * above a threshold is MISLEADING when it passes only with the don't-know
 * rows (response_kind dont_know) dropped from the base. */
#include "claim_internal.h"
#include "estimate.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "number.h"
#include "scale.h"
#include "scale_guess.h"
#include "util.h"

typedef pk_support_table_group gref;

const char *pk_claim_verdict_name(pk_claim_verdict v)
{
    switch (v) {
    case PK_CLAIM_HOLDS: return "HOLDS";
    case PK_CLAIM_FAILS: return "FAILS";
    case PK_CLAIM_TOO_CLOSE: return "TOO CLOSE TO CALL";
    case PK_CLAIM_MISLEADING: return "MISLEADING";
    }
    return "?";
}

/* ---- Sentences ----------------------------------------------------- */

/* Only %s, %ld and %zu reach pk_util_sbuf_addf here: numbers are formatted
 * by fmt_pct() below, never by printf's locale-dependent %f. */

/* x (a proportion, or a difference of proportions) as percent with `dec`
 * decimals (0 or 1), rounded half away from zero, with a '.' whatever the
 * locale. sign: print '+' before positive values. */
static char *fmt_pct(char *buf, size_t size, double x, int dec, int sign)
{
    return pk_number_percent(buf, size, x, dec, sign, "?");
}

/* Whole percentages read best; one decimal when whole ones would blur the
 * comparison: an end of the interval within half a point of the threshold
 * (it could round onto it, or to the other side of it). */
static int decimals_for(double lo, double hi, double theta)
{
    return (!isnan(lo) && fabs(lo - theta) < 0.005) || (!isnan(hi) && fabs(hi - theta) < 0.005);
}

static char *fmt_theta(char *buf, size_t size, double theta)
{
    return fmt_pct(buf, size, theta, lround(theta * 1000.0) % 10 != 0, 0);
}

/* ---- Estimates, completed when the table lacks se or intervals ------ */

typedef struct est {
    double p, se, lo, hi, level;
    long n;
    long df;          /* the table's df column; -1: none (then n - 1) */
    int low_base;
    int derived;      /* se or interval computed here */
    int deff_assumed; /* se rests on a design effect of 1 nobody gave */
    int calibrated;   /* se_method calibrated (pollsupport --calibrated) */
    int published;    /* a published table's figure: no count (polltable, by hand) */
} est;

/* The degrees of freedom of an estimate: the table's df column, else
 * n - 1 (-1: unknown). */
static long df_of(const est *e)
{
    return e->df >= 0 ? e->df : e->n >= 0 ? e->n - 1 : -1;
}

/* The intervals of docs/methods.md for a proportion, by the table's method
 * (logit when it names none): the same code pollsupport uses, so a
 * recomputed interval is the one pollsupport would have printed. */
static void interval(const char *method, double p, double se, long n, long df, double level,
                     double *lo, double *hi)
{
    enum pk_estimate_ci m = PK_ESTIMATE_CI_LOGIT;
    if (method && method[0])
        pk_estimate_ci_parse(method, &m);
    *lo = *hi = NAN;
    if (isnan(p))
        return;
    pk_estimate_interval(m, p, se, n, df, n, level, lo, hi);
}

/* p +- t se clipped to [-1, 1], for a net score or a difference of two
 * responses; none (NaN) without degrees of freedom (fewer than 2
 * respondents), where there is no t (fmax and fmin would turn NaN into a
 * bound). */
static void net_interval(est *e)
{
    double t = pk_estimate_t(e->level, df_of(e));
    e->lo = e->hi = NAN;
    if (isnan(t) || isnan(e->p) || isnan(e->se))
        return;
    e->lo = fmax(-1, e->p - t * e->se);
    e->hi = fmin(1, e->p + t * e->se);
}

static const pk_support_table_row *find_row(const pk_claim_index *ix, size_t q, const gref *g, const char *resp)
{
    return pk_support_table_find(ix->t, ix->questions[q], g->by, g->group, resp);
}

static int no_row(const pk_claim_index *ix, const pk_claim *c, size_t q, const gref *g,
                  const char *resp, pk_err *err)
{
    return pk_err_set(err, PK_ERR_DATA,
                      "%s:%ld: the table has no row for response '%s' of question %s in group %s%s%s",
                      c->source, c->line, resp, ix->questions[q], g->by, g->by[0] ? "=" : "",
                      g->group);
}

static int get_est(const pk_claim_index *ix, const pk_claim *c, const pk_claim_opts *o, size_t q,
                   const gref *g, const pk_claim_qscale *s, const char *resp, est *e, pk_err *err)
{
    const pk_support_table_row *r = find_row(ix, q, g, resp);
    memset(e, 0, sizeof *e);
    if (!r)
        return no_row(ix, c, q, g, resp, err);
    int is_net = strcmp(r->response_kind, "net_score") == 0;
    e->calibrated = strcmp(r->se_method, "calibrated") == 0;
    e->p = r->share;
    e->n = r->n;
    e->df = r->df;
    e->se = r->se;
    e->lo = r->ci_low;
    e->hi = r->ci_high;
    e->low_base = r->low_base;
    e->published = isnan(r->count);
    e->level = pk_claim_level_for(o, r);
    int relevel = !isnan(r->level) && fabs(r->level - e->level) > 1e-12;
    /* A published table's se on an assumed design effect of 1 (polltable's
     * deff_source 'assumed') gives way to --deff. */
    int assumed_row = strcmp(r->deff_source, "assumed") == 0;
    if (assumed_row && o->deff > 0)
        e->se = e->lo = e->hi = NAN;
    e->deff_assumed = assumed_row && !(o->deff > 0);
    if (isnan(e->se) && e->n > 0 && !isnan(e->p)) {
        double var = e->p * (1 - e->p);
        if (is_net) {
            /* y in {-1, 0, 1}: E[y^2] is the two sides' shares added. */
            long pk = pk_claim_side_net(s, 1), nk = pk_claim_side_net(s, 0);
            const pk_support_table_row *sp = pk >= 0 ? find_row(ix, q, g, s->r[pk].code) : NULL;
            const pk_support_table_row *sn = nk >= 0 ? find_row(ix, q, g, s->r[nk].code) : NULL;
            var = sp && sn ? sp->share + sn->share - e->p * e->p : NAN;
        }
        e->se = sqrt(pk_claim_deff_for(o, r) * fmax(var, 0) / (double)e->n);
        e->derived = 1;
        e->deff_assumed |= !(o->deff > 0) && isnan(r->deff_kish);
    }
    /* A missing interval, or one at another level than asked: recompute it
     * by the table's method (a net score always p +- t se). */
    if (isnan(e->lo) || isnan(e->hi) || relevel) {
        if (is_net)
            net_interval(e);
        else {
            interval(r->ci_method[0] ? r->ci_method : pk_estimate_ci_name(PK_ESTIMATE_CI_LOGIT),
                     e->p, e->se, e->n, df_of(e), e->level, &e->lo, &e->hi);
        }
        e->derived = 1;
    }
    return 0;
}

/* The difference of two responses' shares in one group (a published table
 * without a net row): se from p1 + p2 - d^2 (the responses are disjoint),
 * interval p +- t se. */
static int get_diff(const pk_claim_index *ix, const pk_claim *c, const pk_claim_opts *o, size_t q,
                    const gref *g, const char *r1, const char *r2, est *e, pk_err *err)
{
    const pk_support_table_row *a = find_row(ix, q, g, r1), *b = find_row(ix, q, g, r2);
    memset(e, 0, sizeof *e);
    if (!a || !b)
        return no_row(ix, c, q, g, !a ? r1 : r2, err);
    e->p = a->share - b->share;
    e->n = a->n;
    e->df = a->df;
    e->level = pk_claim_level_for(o, a);
    e->low_base = a->low_base;
    double var = a->share + b->share - e->p * e->p;
    e->se = e->n > 0 ? sqrt(pk_claim_deff_for(o, a) * fmax(var, 0) / (double)e->n) : NAN;
    e->deff_assumed = !(o->deff > 0) && (isnan(a->deff_kish) || strcmp(a->deff_source, "assumed") == 0);
    net_interval(e);
    e->derived = 1;
    return 0;
}

/* ---- Rows ----------------------------------------------------------- */

/* Verbs of taking a side: a claim's "back" and the poll's "support" say the
 * same thing; the poll's "agree" does not. */
static const char *const side_verbs[] = {
    "support", "supports", "supported", "oppose", "opposes", "opposed", "back", "backs",
    "backed", "favour", "favours", "favor", "favors", "approve", "approves", "endorse",
    "endorses", "want", "wants", "welcome", "welcomes", "like", "likes", "reject", "rejects",
    "dislike", "dislikes", NULL};
static const char *const with_verbs[] = {"agree", "agrees", "disagree", "disagrees", NULL};

/* A response's label without a net's mark ("Total agree", "NET: Support",
 * "Net - support", "Agree (net)" -> "agree" / "Support"). */
static void unmarked(char *buf, size_t size, const char *label)
{
    const char *p = label;
    static const char *const marks[] = {"net:", "net -", "nett:", "net ", "total ", "any ", NULL};
    for (size_t i = 0; marks[i]; i++)
        if (strncasecmp(p, marks[i], strlen(marks[i])) == 0) {
            p += strlen(marks[i]);
            break;
        }
    while (*p == ' ')
        p++;
    snprintf(buf, size, "%s", p);
    size_t n = strlen(buf);
    if (n > 6 && strcasecmp(buf + n - 6, " (net)") == 0)
        buf[n - 6] = '\0';
}

/* The response and the question in a sentence, in the poll's own words
 * (the table's label, never a code): the label's verb when it is one
 * ("agree with a four-day week", "support temporary protection"), else the
 * label quoted ("chose \u201cRejoin\u201d on vote in a new EU referendum");
 * without qlabel, the response alone ("agree", "chose \u201cRejoin\u201d").
 * *note gets, when the claim named its response by a verb of taking a
 * side that the poll did not ask ("back" on an agree/disagree question),
 * what the poll asked instead; NULL otherwise. */
static void poll_words(char *buf, size_t size, const char *claim_words, const pk_claim_rname *rn,
                       const pk_claim_qscale *s, const char *qlabel, char *note, size_t nsize)
{
    char q[512], lab[300], low[300];
    pk_claim_qtext(q, sizeof q, qlabel ? qlabel : "");
    unmarked(lab, sizeof lab, s->r[rn->k].label);
    pk_claim_qtext(low, sizeof low, lab);
    int transitive = pk_claim_in_list(side_verbs, low), with = pk_claim_in_list(with_verbs, low);
    if (!qlabel)   /* the response alone */
        snprintf(buf, size, transitive || with ? "%s" : "chose \xE2\x80\x9C%s\xE2\x80\x9D",
                 transitive || with ? low : s->r[rn->k].label);
    else if (transitive || with)
        snprintf(buf, size, "%s%s%s", low, with ? " with " : " ", q);
    else
        snprintf(buf, size, "chose \xE2\x80\x9C%s\xE2\x80\x9D on %s", s->r[rn->k].label, q);
    if (note)
        note[0] = '\0';
    if (!note || !rn->by_verb || transitive)
        return;
    const char *last = strrchr(claim_words, ' ');
    last = last ? last + 1 : claim_words;
    if (with)
        snprintf(note, nsize, "The poll asked whether people %s, not whether they %s it.", low, last);
    else
        snprintf(note, nsize, "The poll asked for \xE2\x80\x9C%s\xE2\x80\x9D, not whether people %s it.",
                 s->r[rn->k].label, last);
}

/* The margin of error in plain words: "\u00b18 points", the larger half of
 * the interval, in whole points. */
static void moe_words(char *buf, size_t size, double p, double lo, double hi)
{
    double m = fmax(p - lo, hi - p);
    char v[32];
    fmt_pct(v, sizeof v, m, 0, 0);
    snprintf(buf, size, "margin of error \xC2\xB1%s points", v);
}

static const char *verdict_phrase(pk_claim_verdict v)
{
    switch (v) {
    case PK_CLAIM_HOLDS: return "the claim holds";
    case PK_CLAIM_FAILS: return "the claim fails";
    case PK_CLAIM_TOO_CLOSE: return "too close to call";
    case PK_CLAIM_MISLEADING: return "misleading";
    }
    return "?";
}

/* Whether x passes "above theta" (inclusive: at least theta). */
static int passes(double x, double theta, int inclusive)
{
    return inclusive ? x >= theta : x > theta;
}

/* The verdict (docs/guide.md, docs/methods.md) of a single share above theta,
 * with p the estimate and p' the estimate among those with a view (p' = p
 * without don't-know rows): 1. HOLDS when the interval is above theta;
 * 2. MISLEADING when p does not pass but p' does, whatever the interval;
 * 3. FAILS when the interval is below theta and p' does not pass; 4. TOO
 * CLOSE TO CALL otherwise. */
static pk_claim_verdict above_verdict(double p, double pv, double lo, double hi, double theta,
                                      int inclusive)
{
    pk_claim_verdict v = pk_claim_verdict_of(lo, hi, theta, 1, inclusive);
    if (v == PK_CLAIM_HOLDS)
        return PK_CLAIM_HOLDS;
    if (!isnan(p) && !isnan(pv) && !passes(p, theta, inclusive) && passes(pv, theta, inclusive))
        return PK_CLAIM_MISLEADING;
    if (v == PK_CLAIM_FAILS && !(isnan(pv) ? 0 : passes(pv, theta, inclusive)))
        return PK_CLAIM_FAILS;
    return PK_CLAIM_TOO_CLOSE;
}

static void low_base_note(pk_util_sbuf *b, const est *e)
{
    pk_claim_low_base(b, e->low_base, e->n);
}

/* Why an estimate of one group has no interval: a single respondent has
 * no degrees of freedom (n - 1 = 0), none at all no estimate. */
static void no_interval_reason(pk_util_sbuf *b, const est *e)
{
    if (e->n == 1)
        pk_util_sbuf_addf(b, "; with 1 respondent there are no degrees of freedom (n - 1 = 0) "
                             "for an interval");
    else if (e->n < 0)
        pk_util_sbuf_addf(b, "; the table gives neither an interval nor a base (n) to make one");
    else
        pk_util_sbuf_addf(b, "; the table gives no interval");
}

/* The don't-know rows of (q, g) other than the response itself: their
 * shares added, and their labels joined ("Don't know and Prefer not to
 * say"); -1 rows found means none. */
static int dont_know(const pk_claim_index *ix, size_t q, const gref *g, const pk_claim_qscale *s, long except,
                     double *share, char *labels, size_t size)
{
    int found = 0;
    *share = 0;
    labels[0] = '\0';
    for (size_t k = 0; k < s->n; k++) {
        if (s->r[k].kind != PK_SCALE_KIND_DONT_KNOW || (long)k == except)
            continue;
        const pk_support_table_row *r = find_row(ix, q, g, s->r[k].code);
        if (!r || isnan(r->share))
            continue;
        *share += r->share;
        snprintf(labels + strlen(labels), size - strlen(labels), "%s\xE2\x80\x9C%s\xE2\x80\x9D",
                 found ? " or " : "", s->r[k].label);
        found = 1;
    }
    return found;
}

/* The verdict of a share claim in words. txt holds the figures as printed:
 * the threshold, the estimate, the estimate among those with a view, the
 * don't-know share and the don't-know labels. */
static void say_share_verdict(pk_util_sbuf *b, const pk_claim_opts *o, const pk_claim *c,
                              pk_claim_verdict v, const est *ep, const char *const *txt, int have_dk,
                              double dk)
{
    const est e = *ep;
    const char *th = txt[0], *p = txt[1], *x = txt[2], *d = txt[3], *dkl = txt[4];
    const char *side = c->above ? "above" : "below";
    const char *other = c->above ? "below" : "above";
    switch (v) {
    case PK_CLAIM_HOLDS:
        if (o->methods)
            pk_util_sbuf_addf(b, "; the whole interval is %s %s%%, so '%s' holds.", side, th,
                              c->threshold);
        else
            pk_util_sbuf_addf(b, "; even at the %s end of the margin of error it is %s %s%%, so "
                                  "'%s' holds.", c->above ? "low" : "high", side, th, c->threshold);
        break;
    case PK_CLAIM_FAILS:
        if (o->methods)
            pk_util_sbuf_addf(b, "; the whole interval is %s %s%%, so '%s' fails.", other, th,
                              c->threshold);
        else
            pk_util_sbuf_addf(b, "; even at the %s end of the margin of error it is %s %s%%, so "
                                  "'%s' does not hold.", c->above ? "high" : "low", other, th,
                              c->threshold);
        break;
    case PK_CLAIM_MISLEADING:
        if (o->methods)
            pk_util_sbuf_addf(b, "; it passes %s%% only once the %s%% answering %s are dropped "
                                  "from the base (%s%% of those with a view), so the claim is "
                                  "misleading.",
                              th, d, dkl, x);
        else
            pk_util_sbuf_addf(b, "; it is %s %s%% only if the %s%% who answered %s are left out "
                                  "(then %s%%), so the claim is misleading.",
                              side, th, d, dkl, x);
        break;
    case PK_CLAIM_TOO_CLOSE:
        if (isnan(e.lo) || isnan(e.hi))
            pk_util_sbuf_addf(b, "; without %s nothing can be said of %s%%, so '%s' is too "
                                  "close to call.", o->methods ? "an interval" : "a margin of error",
                              th, c->threshold);
        else if (o->methods)
            pk_util_sbuf_addf(b, "; the interval includes %s%%, so '%s' is too close to call.", th,
                              c->threshold);
        else
            pk_util_sbuf_addf(b, "; %s%% is within the margin of error, so '%s' is too close to "
                                  "call.", th, c->threshold);
        if (c->above && have_dk && dk > 0 && strcmp(x, p) != 0)
            pk_util_sbuf_addf(b, " Among those with a view it is %s%%.", x);
    }
}

/* A published figure (a table typed in or read by polltable: no count)
 * that rounds exactly onto the threshold is said to be a range: "the
 * table shows 50%, which may be anything from 49.5% to 50.4%". */
static void rounded_onto_threshold(pk_util_sbuf *b, const est *e, double theta)
{
    if (!e->published || isnan(e->p) || fabs(e->p - theta) > 1e-9)
        return;
    /* the printed figure's decimals: the fewest that give p exactly */
    int dec = 0;
    while (dec < 3 && fabs(e->p * 100 * pow(10, dec) - round(e->p * 100 * pow(10, dec))) > 1e-6)
        dec++;
    double half = 0.5 * pow(10, -dec) / 100, step = pow(10, -dec - 1) / 100;
    char shown[32], from[32], to[32];
    fmt_pct(shown, sizeof shown, e->p, dec, 0);
    pk_number_percent(from, sizeof from, e->p - half, dec + 1, 0, "?");
    pk_number_percent(to, sizeof to, e->p + half - step, dec + 1, 0, "?");
    pk_util_sbuf_addf(b, " The table shows %s%%, which may be anything from %s%% to %s%%.", shown, from,
                      to);
}

static int eval_share(const pk_claim_index *ix, const pk_claim *c, const pk_claim_opts *o, size_t q,
                      const gref *g, const pk_claim_qscale *s, const char *words, const pk_claim_rname *rn,
                      pk_claim_result *res, pk_claim_atom *a, pk_err *err)
{
    const pk_claim_qresp *rs = &s->r[rn->k];
    est e;
    if (get_est(ix, c, o, q, g, s, rs->code, &e, err) != 0)
        return PK_ERR_DATA;
    pk_claim_row *r = pk_claim_new_row(res, c, PK_CLAIM_ROW_PROPOSAL, err);
    if (!r || pk_claim_set_strings(r, ix->questions[q], ix->qlabels[q], g->group, g->label, "", "",
                          rs->code, err) != 0)
        return PK_ERR_DATA;
    r->threshold = c->theta;
    r->estimate = e.p;
    r->ci_low = e.lo;
    r->ci_high = e.hi;
    r->n = e.n;
    r->deff_assumed = e.deff_assumed;
    /* The don't-know trap: a claim of a share above theta on any response
     * but a don't-know one. */
    int is_dk = rs->kind == PK_SCALE_KIND_DONT_KNOW;
    double dk = NAN;
    char dkl[300];
    int have_dk = !is_dk && dont_know(ix, q, g, s, rn->k, &dk, dkl, sizeof dkl);
    if (have_dk) {
        r->dont_know = dk;
        if (dk < 1 && !isnan(e.p))
            r->excl_dont_know = e.p / (1 - dk);
    }
    double pv = have_dk ? r->excl_dont_know : e.p;
    if (c->above && !is_dk)
        r->verdict = above_verdict(e.p, pv, e.lo, e.hi, c->theta, c->inclusive);
    else
        r->verdict = pk_claim_verdict_of(e.lo, e.hi, c->theta, c->above, c->inclusive);
    a->v = r->verdict;

    int dec = o->methods ? decimals_for(e.lo, e.hi, c->theta) : 0;
    char p[32], lo[32], hi[32], th[32], lv[48], said[900], note[600], moe[64];
    fmt_pct(p, sizeof p, e.p, dec, 0);
    fmt_pct(lo, sizeof lo, e.lo, dec, 0);
    fmt_pct(hi, sizeof hi, e.hi, dec, 0);
    fmt_theta(th, sizeof th, c->theta);
    pk_claim_level_words(lv, sizeof lv, e.level);
    moe_words(moe, sizeof moe, e.p, e.lo, e.hi);
    poll_words(said, sizeof said, words, rn, s, ix->qlabels[q], note, sizeof note);
    if (!(r->note = strdup(note)))
        return pk_err_nomem(err);
    pk_util_sbuf b = {0};
    if (isnan(e.p) || e.n == 0) {
        pk_util_sbuf_addf(&b, "The table has no estimate for %s on %s (no respondents); too close to call.",
                          pk_claim_who(g), ix->qlabels[q]);
    } else {
        if (isnan(e.lo) || isnan(e.hi))
            pk_util_sbuf_addf(&b, "Among %s, %s%% (no %s) %s", pk_claim_who(g), p,
                              o->methods ? "interval" : "margin of error", said);
        else if (o->methods)
            pk_util_sbuf_addf(&b, "Among %s, %s%% (%s %s\xE2\x80\x93%s%%) %s", pk_claim_who(g), p, lv, lo, hi, said);
        else
            pk_util_sbuf_addf(&b, "Among %s, %s%% %s (%s)", pk_claim_who(g), p, said, moe);
        low_base_note(&b, &e);
        char x[32], d[32];
        fmt_pct(x, sizeof x, pv, o->methods ? decimals_for(pv, NAN, c->theta) : 0, 0);
        fmt_pct(d, sizeof d, dk, 0, 0);
        say_share_verdict(&b, o, c, r->verdict, &e, (const char *[]){th, p, x, d, dkl}, have_dk, dk);
        rounded_onto_threshold(&b, &e, c->theta);
        if (c->above && !is_dk && !have_dk)
            pk_util_sbuf_addf(&b, " The table has no don't-know row for this group, so whether the claim "
                                  "needs don't knows dropped could not be checked.");
        /* A table made with --exclude of the don't-know codes already drops
         * them: the practice MISLEADING is about, which it can then no
         * longer see. */
        const pk_support_table_row *own = find_row(ix, q, g, rs->code);
        int base_excludes_dk = 0;
        if (own && strncmp(own->base, "excluding ", 10) == 0) {
            char codes[400];
            snprintf(codes, sizeof codes, "%s", own->base + 10);
            for (char *save = NULL, *t = strtok_r(codes, "+", &save); t; t = strtok_r(NULL, "+", &save))
                base_excludes_dk |= pk_scale_guess_is_dont_know(t);
        }
        if (base_excludes_dk && c->above)
            pk_util_sbuf_addf(&b, " Note: the table's base excludes don't knows, so these are shares of "
                                  "those with a view, which overstate a share of all respondents.");
        pk_claim_calibrated_note(&b, e.calibrated);
    }
    r->sentence = pk_claim_sentence(&b);
    return r->sentence ? 0 : pk_err_nomem(err);
}

/* "more X than Y": the net score when X and Y are the question's two
 * sides, else the difference of the two responses' shares. */
static int eval_net(const pk_claim_index *ix, const pk_claim *c, const pk_claim_opts *o, size_t q,
                    const gref *g, const pk_claim_qscale *s, const pk_claim_rname *rx, const pk_claim_rname *ry,
                    pk_claim_result *res, pk_claim_atom *a, pk_err *err)
{
    long pk = pk_claim_side_net(s, 1), nk = pk_claim_side_net(s, 0), score = -1;
    for (size_t k = 0; k < s->n; k++)
        if (s->r[k].kind == PK_SCALE_KIND_NET_SCORE)
            score = (long)k;
    int sign = 0;   /* +1: X - Y is the net score; -1: Y - X is */
    if (score >= 0 && pk >= 0 && nk >= 0)
        sign = rx->k == pk && ry->k == nk ? 1 : rx->k == nk && ry->k == pk ? -1 : 0;
    est e, ex, ey;
    const pk_claim_qresp *X = &s->r[rx->k], *Y = &s->r[ry->k];
    if (sign != 0) {
        if (get_est(ix, c, o, q, g, s, s->r[score].code, &e, err) != 0)
            return PK_ERR_DATA;
        if (sign < 0) {
            double lo = e.lo;
            e.p = -e.p;
            e.lo = -e.hi;
            e.hi = -lo;
        }
    } else if (get_diff(ix, c, o, q, g, X->code, Y->code, &e, err) != 0) {
        return PK_ERR_DATA;
    }
    if (get_est(ix, c, o, q, g, s, X->code, &ex, err) != 0 ||
        get_est(ix, c, o, q, g, s, Y->code, &ey, err) != 0)
        return PK_ERR_DATA;
    char respd[300];
    snprintf(respd, sizeof respd, "%s-%s", X->code, Y->code);
    pk_claim_row *r = pk_claim_new_row(res, c, PK_CLAIM_ROW_PROPOSAL, err);
    if (!r || pk_claim_set_strings(r, ix->questions[q], ix->qlabels[q], g->group, g->label, "", "",
                          sign > 0 ? s->r[score].code : respd, err) != 0)
        return PK_ERR_DATA;
    r->threshold = 0;
    r->estimate = e.p;
    r->ci_low = e.lo;
    r->ci_high = e.hi;
    r->n = e.n;
    r->deff_assumed = e.deff_assumed;
    r->verdict = a->v = pk_claim_verdict_of(e.lo, e.hi, 0, 1, 0);
    int dec = o->methods ? decimals_for(e.lo, e.hi, 0) : 0;
    char sp[32], opp[32], n[32], lo[32], hi[32], lv[48], moe[64], note[600];
    fmt_pct(sp, sizeof sp, ex.p, 0, 0);
    fmt_pct(opp, sizeof opp, ey.p, 0, 0);
    fmt_pct(n, sizeof n, e.p, dec, 1);
    fmt_pct(lo, sizeof lo, e.lo, dec, 1);
    fmt_pct(hi, sizeof hi, e.hi, dec, 1);
    pk_claim_level_words(lv, sizeof lv, e.level);
    moe_words(moe, sizeof moe, e.p, e.lo, e.hi);
    char said_x[600];
    poll_words(said_x, sizeof said_x, c->response, rx, s, NULL, note, sizeof note);
    if (!(r->note = strdup(note)))
        return pk_err_nomem(err);
    pk_util_sbuf b = {0};
    if (isnan(e.p) || e.n == 0) {
        pk_util_sbuf_addf(&b, "The table has no estimate for %s on %s (no respondents); too close to call.",
                          pk_claim_who(g), ix->qlabels[q]);
    } else {
        char said[900];
        pk_claim_rname plain = *ry;
        plain.by_verb = 0;
        poll_words(said, sizeof said, c->response2, &plain, s, ix->qlabels[q], NULL, 0);
        int none = isnan(e.lo) || isnan(e.hi);
        if (none)
            pk_util_sbuf_addf(&b, "Among %s, %s%% %s and %s%% %s: net %s points (no %s)", pk_claim_who(g), sp,
                              said_x, opp, said, n, o->methods ? "interval" : "margin of error");
        else if (o->methods)
            pk_util_sbuf_addf(&b, "Among %s, %s%% %s and %s%% %s: net %s points (%s %s to %s)", pk_claim_who(g), sp,
                              said_x, opp, said, n, lv, lo, hi);
        else
            pk_util_sbuf_addf(&b, "Among %s, %s%% %s and %s%% %s: a net %s points (%s)", pk_claim_who(g), sp,
                              said_x, opp, said, n, moe);
        low_base_note(&b, &e);
        char claimed[300];
        snprintf(claimed, sizeof claimed, "more %s than %s", c->response, c->response2);
        if (none)
            no_interval_reason(&b, &e);
        switch (none ? PK_CLAIM_TOO_CLOSE : a->v) {
        case PK_CLAIM_HOLDS:
            pk_util_sbuf_addf(&b, o->methods ? "; the whole interval is above zero, so '%s' holds."
                                             : "; the lead is larger than the margin of error, so '%s' "
                                               "holds.", claimed);
            break;
        case PK_CLAIM_FAILS:
            pk_util_sbuf_addf(&b, o->methods ? "; the whole interval is below zero, so '%s' fails."
                                             : "; the other side leads by more than the margin of "
                                               "error, so '%s' does not hold.", claimed);
            break;
        case PK_CLAIM_TOO_CLOSE:
        case PK_CLAIM_MISLEADING:
            if (none)
                pk_util_sbuf_addf(&b, ", so '%s' is too close to call.", claimed);
            else
                pk_util_sbuf_addf(&b, o->methods ? "; the interval includes zero, so '%s' is too close "
                                                   "to call."
                                                 : "; the difference is within the margin of error, so "
                                                   "'%s' is too close to call.", claimed);
        }
    }
    r->sentence = pk_claim_sentence(&b);
    return r->sentence ? 0 : pk_err_nomem(err);
}

/* Why a comparison has no interval (estimate.h's test of a difference):
 * the group with fewer than 2 respondents, a base the table lacks, or an
 * estimate that is missing. */
static void no_comparison(pk_util_sbuf *b, const pk_estimate_diff *dd, const gref *g1, const est *e1,
                          const gref *g2, const est *e2)
{
    const gref *g = e1->n <= e2->n ? g1 : g2;
    const est *e = e1->n <= e2->n ? e1 : e2;
    switch (dd->status) {
    case PK_ESTIMATE_DIFF_FEW:
        pk_util_sbuf_addf(b, "; %s %s %ld respondent%s, but a difference needs at least 2 on each side "
                             "(its interval's degrees of freedom, min(n1, n2) - 1, would be %ld): no interval",
                          pk_claim_who(g), e->n == 1 ? "has" : "have", e->n, e->n == 1 ? "" : "s", dd->df);
        break;
    case PK_ESTIMATE_DIFF_NO_BASE:
        pk_util_sbuf_addf(b, "; the table gives no base (n) for %s, so the interval's degrees of freedom "
                             "(min(n1, n2) - 1) are unknown: no interval",
                          pk_claim_who(e1->n < 0 ? g1 : g2));
        break;
    case PK_ESTIMATE_DIFF_OK:
    case PK_ESTIMATE_DIFF_NO_ESTIMATE:
        pk_util_sbuf_addf(b, "; the table has no estimate to compare");
    }
}

static int eval_compare(const pk_claim_index *ix, const pk_claim *c, const pk_claim_opts *o, size_t q,
                        const gref *g1, const gref *g2, const pk_claim_qscale *s, const pk_claim_rname *rn,
                        pk_claim_result *res, pk_claim_atom *a, pk_err *err)
{
    const pk_claim_qresp *rs = &s->r[rn->k];
    est e1, e2;
    if (get_est(ix, c, o, q, g1, s, rs->code, &e1, err) != 0 ||
        get_est(ix, c, o, q, g2, s, rs->code, &e2, err) != 0)
        return PK_ERR_DATA;
    /* The one test of a difference, as the significance letters take
     * it, at the table's level. */
    pk_estimate_diff dd;
    pk_claim_row *r = pk_claim_compare_row(res, c, ix, q, g1, g2, rs->code, e1.p, e1.se, e1.n, e1.df, e2.p,
                                           e2.se, e2.n, e2.df, e1.level, &dd, err);
    if (!r)
        return PK_ERR_DATA;
    r->deff_assumed = e1.deff_assumed || e2.deff_assumed;
    a->v = r->verdict;
    int dec = o->methods ? decimals_for(dd.lo, dd.hi, 0) : 0;
    char p1[32], p2[32], dstr[32], lo[32], hi[32], lv[48], said[900], note[600], moe[64];
    fmt_pct(p1, sizeof p1, e1.p, 0, 0);
    fmt_pct(p2, sizeof p2, e2.p, 0, 0);
    fmt_pct(dstr, sizeof dstr, dd.d, dec, 1);
    fmt_pct(lo, sizeof lo, dd.lo, dec, 1);
    fmt_pct(hi, sizeof hi, dd.hi, dec, 1);
    pk_claim_level_words(lv, sizeof lv, e1.level);
    moe_words(moe, sizeof moe, dd.d, dd.lo, dd.hi);
    poll_words(said, sizeof said, c->response, rn, s, ix->qlabels[q], note, sizeof note);
    if (!(r->note = strdup(note)))
        return pk_err_nomem(err);
    pk_util_sbuf b = {0};
    if (dd.status == PK_ESTIMATE_DIFF_NO_ESTIMATE || e1.n == 0 || e2.n == 0) {
        pk_util_sbuf_addf(&b, "The table cannot compare %s with %s on %s (no estimate); too close to call.",
                          pk_claim_who(g1), pk_claim_who(g2), ix->qlabels[q]);
    } else {
        pk_util_sbuf_addf(&b, "Among %s, %s%% %s", pk_claim_who(g1), p1, said);
        low_base_note(&b, &e1);
        pk_util_sbuf_addf(&b, ", against %s%% among %s", p2, pk_claim_who(g2));
        low_base_note(&b, &e2);
        if (dd.status != PK_ESTIMATE_DIFF_OK) {
            pk_util_sbuf_addf(&b, ": a difference of %s points", dstr);
            no_comparison(&b, &dd, g1, &e1, g2, &e2);
            pk_util_sbuf_addf(&b, ", so '%s %s likely' is too close to call.", pk_claim_who(g1),
                              c->more ? "more" : "less");
        } else {
            if (o->methods)
                pk_util_sbuf_addf(&b, ": a difference of %s points (%s %s to %s)", dstr, lv, lo, hi);
            else
                pk_util_sbuf_addf(&b, ": a difference of %s points (%s)", dstr, moe);
            const char *ml = c->more ? "more" : "less";
            switch (a->v) {
            case PK_CLAIM_HOLDS:
                if (o->methods)
                    pk_util_sbuf_addf(&b, "; the whole interval is %s zero, so '%s %s likely' holds.",
                                      c->more ? "above" : "below", pk_claim_who(g1), ml);
                else
                    pk_util_sbuf_addf(&b, "; the difference is larger than the margin of error, so "
                                          "'%s %s likely' holds.", pk_claim_who(g1), ml);
                break;
            case PK_CLAIM_FAILS:
                if (o->methods)
                    pk_util_sbuf_addf(&b, "; the whole interval is %s zero, so '%s %s likely' fails.",
                                      c->more ? "below" : "above", pk_claim_who(g1), ml);
                else
                    pk_util_sbuf_addf(&b, "; the difference goes the other way by more than the "
                                          "margin of error, so '%s %s likely' does not hold.", pk_claim_who(g1), ml);
                break;
            case PK_CLAIM_TOO_CLOSE:
            case PK_CLAIM_MISLEADING:
                if (o->methods)
                    pk_util_sbuf_addf(&b, "; the interval includes zero (no difference), so '%s %s "
                                          "likely' is too close to call.", pk_claim_who(g1), ml);
                else
                    pk_util_sbuf_addf(&b, "; the difference is within the margin of error, so '%s %s "
                                          "likely' is too close to call.", pk_claim_who(g1), ml);
            }
        }
        pk_claim_calibrated_note(&b, e1.calibrated && e2.calibrated);
    }
    r->sentence = pk_claim_sentence(&b);
    return r->sentence ? 0 : pk_err_nomem(err);
}

/* ---- Quantifiers and the claim's verdict ---------------------------- */

/* A comparison of two groups (of shares or of means). */
static int two_groups(const pk_claim *c)
{
    return c->kind == PK_CLAIM_COMPARE || c->kind == PK_CLAIM_MEAN_COMPARE;
}

static long needed(const pk_claim *c, long m)
{
    switch (c->quant) {
    case PK_CLAIM_QUANT_ONE: return 1;
    case PK_CLAIM_QUANT_ALL: return m;
    case PK_CLAIM_QUANT_MOST: return m / 2 + 1;
    case PK_CLAIM_QUANT_MANY: return pk_claim_many(m);
    case PK_CLAIM_QUANT_ANY: return 1;
    case PK_CLAIM_QUANT_ATLEAST: return c->k;
    }
    return m;
}

static void quant_words(pk_util_sbuf *b, const pk_claim *c, long k, long m)
{
    switch (c->quant) {
    case PK_CLAIM_QUANT_ALL: pk_util_sbuf_addf(b, "'all' means all %ld", m); break;
    case PK_CLAIM_QUANT_MOST:
        pk_util_sbuf_addf(b, "'most' means more than half: at least %ld of %ld", k, m);
        break;
    case PK_CLAIM_QUANT_MANY:
        pk_util_sbuf_addf(b, "'many' is taken as a third or more: at least %ld of %ld", k, m);
        break;
    case PK_CLAIM_QUANT_ANY: pk_util_sbuf_addf(b, "'any' means at least 1 of %ld", m); break;
    case PK_CLAIM_QUANT_ONE:
    case PK_CLAIM_QUANT_ATLEAST:
        pk_util_sbuf_addf(b, "it needs at least %ld of %ld", k, m);
        break;
    }
}

/* The quantified verdict (docs/guide.md): clear = HOLDS, plausible = neither
 * FAILS nor MISLEADING, misleading = MISLEADING, against the number needed. */
static pk_claim_verdict count_verdict(long clear, long plausible, long misleading, long k)
{
    if (clear >= k)
        return PK_CLAIM_HOLDS;
    if (plausible < k && k <= plausible + misleading)
        return PK_CLAIM_MISLEADING;
    if (plausible + misleading < k)
        return PK_CLAIM_FAILS;
    return PK_CLAIM_TOO_CLOSE;
}

static int group_summary(const pk_claim *c, const pk_claim_opts *o, const gref *g, const gref *g2,
                         const pk_claim_atom *atoms, long m, double level, pk_claim_result *res,
                         pk_claim_verdict *out, pk_err *err)
{
    long clearly = 0, plausibly = 0, misl = 0, k = needed(c, m);
    for (long i = 0; i < m; i++) {
        clearly += atoms[i].v == PK_CLAIM_HOLDS;
        plausibly += atoms[i].v != PK_CLAIM_FAILS && atoms[i].v != PK_CLAIM_MISLEADING;
        misl += atoms[i].v == PK_CLAIM_MISLEADING;
    }
    *out = count_verdict(clearly, plausibly, misl, k);
    if (c->quant == PK_CLAIM_QUANT_ONE)
        return 0;
    pk_claim_row *r = pk_claim_new_row(res, c, PK_CLAIM_ROW_GROUP, err);
    if (!r || pk_claim_set_strings(r, "", "", g->group, g->label, g2 ? g2->group : "",
                          g2 ? g2->label : "", c->response ? c->response : "", err) != 0)
        return PK_ERR_DATA;
    r->threshold = c->kind == PK_CLAIM_SHARE || c->kind == PK_CLAIM_MEAN ? c->theta : 0;
    r->clearly = clearly;
    r->plausibly = plausibly;
    r->needed = k;
    r->proposals = m;
    r->verdict = *out;
    pk_util_sbuf b = {0};
    /* Each proposal counted once: clearly, else too close to call, else
     * only with don't knows dropped (the plausible count holds the clear). */
    pk_util_sbuf_addf(&b, "For %s%s%s, the claim holds clearly (%s) for %ld of %ld proposals",
                      pk_claim_who(g), g2 ? " against " : "", g2 ? pk_claim_who(g2) : "",
                      o->methods ? "whole interval on its side" : "beyond the margin of error", clearly,
                      m);
    if (plausibly > clearly)
        pk_util_sbuf_addf(&b, "; it is too close to call for %ld more", plausibly - clearly);
    if (misl)
        pk_util_sbuf_addf(&b, ", and passes only with don't knows dropped from the base for %ld more", misl);
    pk_util_sbuf_addf(&b, "; ");
    quant_words(&b, c, k, m);
    switch (*out) {
    case PK_CLAIM_HOLDS: pk_util_sbuf_addf(&b, ", so it holds."); break;
    case PK_CLAIM_FAILS: pk_util_sbuf_addf(&b, ", so it fails."); break;
    case PK_CLAIM_TOO_CLOSE: pk_util_sbuf_addf(&b, ", so it is too close to call."); break;
    case PK_CLAIM_MISLEADING:
        pk_util_sbuf_addf(&b, ", so it is misleading: enough proposals pass only with don't knows "
                              "dropped from the base.");
        break;
    }
    if (m > 1) {
        /* Each proposal has up to alpha/2 chance of a one-sided false HOLDS;
         * across m independent checks the chance of at least one is larger. */
        char one[32], fw[32];
        double a2 = (1 - level) / 2;
        fmt_pct(one, sizeof one, a2, lround(a2 * 1000) % 10 != 0, 0);
        fmt_pct(fw, sizeof fw, 1 - pow(1 - a2, (double)m), 0, 0);
        pk_util_sbuf_addf(&b, " Checking %ld proposals at once makes a chance HOLDS likelier: up to %s%% "
                              "for one proposal, up to %s%% that at least one of the %ld holds by chance.",
                          m, one, fw, m);
    }
    r->sentence = pk_claim_sentence(&b);
    return r->sentence ? 0 : pk_err_nomem(err);
}

/* Several groups taken separately: the worst of their verdicts, in the
 * order FAILS, MISLEADING, TOO CLOSE TO CALL, HOLDS. */
static pk_claim_verdict combine(const pk_claim_verdict *v, size_t n)
{
    static const pk_claim_verdict order[] = {PK_CLAIM_FAILS, PK_CLAIM_MISLEADING, PK_CLAIM_TOO_CLOSE,
                                             PK_CLAIM_HOLDS};
    for (size_t o = 0; o < 4; o++)
        for (size_t i = 0; i < n; i++)
            if (v[i] == order[o])
                return order[o];
    return PK_CLAIM_HOLDS;
}

static char *claim_sentence(const pk_claim *c, const gref *const *groups, const pk_claim_verdict *v,
                            size_t ng, pk_claim_verdict overall)
{
    pk_util_sbuf b = {0};
    if (ng == 1) {
        pk_util_sbuf_addf(&b, "For %s, %s.", pk_claim_who(groups[0]), verdict_phrase(overall));
    } else {
        for (size_t i = 0; i < ng; i++)
            pk_util_sbuf_addf(&b, "%s%s: %s", i ? "; " : "", pk_claim_who(groups[i]), verdict_phrase(v[i]));
        pk_util_sbuf_addf(&b, ". Each group must hold on its own, so ");
        pk_util_sbuf_addf(&b, "%s.", overall == PK_CLAIM_MISLEADING ? "the claim is misleading"
                                     : overall == PK_CLAIM_TOO_CLOSE ? "the claim is too close to call"
                                                               : verdict_phrase(overall));
    }
    (void)c;
    return pk_claim_sentence(&b);
}

/* Every sentence whose interval rests on a design effect of 1 that the
 * table assumed (no se, no deff_kish, or polltable's deff_source
 * 'assumed') says so: a group's and the claim's when any proposal's does. */
static int say_assumed_deff(pk_claim_result *res, size_t claim_row, pk_err *err)
{
    static const char note[] = " The margin of error assumes a design effect of 1, as the table "
                               "gives none; weighting usually makes it wider (give the "
                               "pollster's design effect with --deff).";
    int any = 0;
    for (size_t i = claim_row; i < res->nrows; i++)
        any |= res->rows[i].kind == PK_CLAIM_ROW_PROPOSAL && res->rows[i].deff_assumed;
    for (size_t i = claim_row; i < res->nrows && any; i++) {
        pk_claim_row *r = &res->rows[i];
        if (r->kind == PK_CLAIM_ROW_PROPOSAL && !r->deff_assumed)
            continue;
        r->deff_assumed = 1;
        size_t len = strlen(r->sentence);
        char *s = realloc(r->sentence, len + sizeof note);
        if (!s)
            return pk_err_nomem(err);
        memcpy(s + len, note, sizeof note);
        r->sentence = s;
    }
    return 0;
}

/* ---- One claim, from its names to its rows ---------------------------- */

/* For each group, a row per proposal and the group's summary row; the
 * group's verdict into j->gv. */
static int eval_groups(pk_claim_job *j, const pk_claim_opts *o, double level, pk_claim_result *res,
                       pk_err *err)
{
    const pk_claim *c = j->c;
    int rc;
    for (size_t gi = 0; gi < j->ng; gi++) {
        size_t single_row = 0;
        for (size_t qi = 0; qi < j->nq; qi++) {
            size_t q = j->qs[qi];
            single_row = res->nrows;
            if (c->kind == PK_CLAIM_SHARE)
                rc = eval_share(&j->ix, c, o, q, j->gs[gi], &j->scales[qi], j->words, &j->rx[qi],
                                res, &j->atoms[qi], err);
            else if (c->kind == PK_CLAIM_MEAN)
                rc = pk_claim_eval_mean(&j->ix, c, o, q, j->gs[gi], &j->scales[qi], res,
                                        &j->atoms[qi], err);
            else if (c->kind == PK_CLAIM_MEAN_COMPARE)
                rc = pk_claim_eval_mean_compare(&j->ix, c, o, q, j->gs[0], j->gs[1], &j->scales[qi],
                                                res, &j->atoms[qi], err);
            else if (c->kind == PK_CLAIM_NET)
                rc = eval_net(&j->ix, c, o, q, j->gs[gi], &j->scales[qi], &j->rx[qi], &j->ry[qi],
                              res, &j->atoms[qi], err);
            else
                rc = eval_compare(&j->ix, c, o, q, j->gs[0], j->gs[1], &j->scales[qi], &j->rx[qi],
                                  res, &j->atoms[qi], err);
            if (rc != 0)
                return rc;
        }
        if ((rc = group_summary(c, o, j->gs[gi], two_groups(c) ? j->gs[1] : NULL,
                                j->atoms, (long)j->nq, level, res, &j->gv[gi], err)) != 0)
            return rc;
        /* A single proposal: the proposal row's verdict is the group's. */
        if (c->quant == PK_CLAIM_QUANT_ONE)
            j->gv[gi] = res->rows[single_row].verdict;
    }
    return 0;
}

/* The claim's own row, once its groups are counted: names, verdict, and
 * the numbers and sentence of its one proposal row or one group row when
 * there is only one, else a sentence over the groups. */
static int fill_claim_row(const pk_claim_job *j, pk_claim_result *res, size_t claim_row, pk_err *err)
{
    const pk_claim *c = j->c;
    size_t nq = j->nq, ng = j->ng;
    const gref *const *gs = j->gs;
    pk_claim_verdict overall = combine(j->gv, ng);
    pk_claim_row *cr = &res->rows[claim_row];
    /* The claim row's response: the proposal rows' when they agree. */
    const char *resp = res->rows[claim_row + 1].response;
    for (size_t i = claim_row + 1; i < res->nrows; i++)
        if (res->rows[i].kind == PK_CLAIM_ROW_PROPOSAL && strcmp(res->rows[i].response, resp) != 0)
            resp = "";
    int one_group = ng == 1, rc;
    if ((rc = pk_claim_set_strings(cr, nq == 1 ? j->ix.questions[j->qs[0]] : "",
                          nq == 1 ? j->ix.qlabels[j->qs[0]] : "", one_group ? gs[0]->group : "",
                          one_group ? gs[0]->label : "",
                          two_groups(c) ? gs[1]->group : "",
                          two_groups(c) ? gs[1]->label : "", resp, err)) != 0)
        return rc;
    cr->verdict = overall;
    cr->threshold = c->kind == PK_CLAIM_SHARE || c->kind == PK_CLAIM_MEAN ? c->theta : 0;
    cr->needed = needed(c, (long)nq);
    cr->proposals = (long)nq;
    if (nq == 1 && ng == 1) {
        /* One proposal, one group: the claim's numbers are that row's. */
        const pk_claim_row *pr = &res->rows[claim_row + 1];
        cr->estimate = pr->estimate;
        cr->ci_low = pr->ci_low;
        cr->ci_high = pr->ci_high;
        cr->n = pr->n;
        cr->versus_n = pr->versus_n;
        cr->dont_know = pr->dont_know;
        cr->excl_dont_know = pr->excl_dont_know;
        cr->sentence = strdup(pr->sentence);
    } else if (ng == 1 && c->quant != PK_CLAIM_QUANT_ONE) {
        const pk_claim_row *gr = &res->rows[res->nrows - 1];
        cr->clearly = gr->clearly;
        cr->plausibly = gr->plausibly;
        cr->sentence = strdup(gr->sentence);
    } else {
        cr->sentence = claim_sentence(c, gs, j->gv, ng, overall);
    }
    if (!cr->sentence)
        return pk_err_nomem(err);
    /* The claim's note: its proposals' first (the same verb throughout). */
    const char *note = "";
    for (size_t i = claim_row + 1; i < res->nrows && !*note; i++)
        if (res->rows[i].note)
            note = res->rows[i].note;
    if (!(cr->note = strdup(note)))
        return pk_err_nomem(err);
    return say_assumed_deff(res, claim_row, err);
}

int pk_claim_eval(const pk_claim *c, const pk_support_table *t, const pk_claim_opts *o,
                  pk_claim_result *res, pk_err *err)
{
    if (c->kind == PK_CLAIM_TREND)
        return pk_claim_trend_eval(c, t, o, res, err);
    pk_claim_job j = {.c = c, .words_col = c->response_col};
    int rc = pk_claim_resolve(&j, t, err);
    if (rc == 0 && two_groups(c))
        j.ng = 1;   /* one pair */
    if (rc == 0) {
        j.gv = calloc(j.ng, sizeof *j.gv);
        j.atoms = calloc(j.nq, sizeof *j.atoms);
        if (!j.gv || !j.atoms)
            rc = pk_err_nomem(err);
    }
    if (rc == 0) {
        /* The claim's row first, filled in once the groups are counted. */
        size_t claim_row = res->nrows;
        double level = o->level > 0 ? o->level : !isnan(t->level) ? t->level : 0.95;
        if (!pk_claim_new_row(res, c, PK_CLAIM_ROW_CLAIM, err))
            rc = PK_ERR_NOMEM;
        else if ((rc = eval_groups(&j, o, level, res, err)) == 0)
            rc = fill_claim_row(&j, res, claim_row, err);
    }
    pk_claim_job_free(&j);
    return rc;
}

void pk_claim_result_free(pk_claim_result *res)
{
    for (size_t i = 0; i < res->nrows; i++) {
        pk_claim_row *r = &res->rows[i];
        free(r->question);
        free(r->question_label);
        free(r->group);
        free(r->group_label);
        free(r->versus);
        free(r->versus_label);
        free(r->response);
        free(r->sentence);
        free(r->note);
    }
    free(res->rows);
    memset(res, 0, sizeof *res);
}

