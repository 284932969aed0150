/* A claim's names resolved against a support table (claim_internal.h):
 * its proposals (a question's code, number or words of its label), its
 * groups (a code, BY=CODE, a label, or a combined group; in a share claim
 * the longest run of words naming one), and the response per question (a
 * code or label, after words such as "say" or "would vote", or a verb of
 * taking a side for the question's positive or negative net by
 * response_kind). Every name the table lacks is an error listing what the
 * table has. claim_eval.c evaluates what this resolves. */
#include "claim_internal.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "number.h"
#include "util.h"

typedef pk_support_table_group gref;

/* ---- The table's groups and questions ------------------------------- */

/* Words in s, split at spaces. */
static size_t count_words(const char *s)
{
    size_t n = 0;
    for (const char *p = s; *p;) {
        while (*p == ' ')
            p++;
        if (!*p)
            break;
        n++;
        while (*p && *p != ' ')
            p++;
    }
    return n;
}

static int index_build(pk_claim_index *ix, const pk_support_table *t, pk_err *err)
{
    (void)err;
    ix->t = t;
    ix->questions = t->questions;
    ix->qlabels = t->question_labels;
    ix->nq = t->nquestions;
    ix->groups = t->groups;
    ix->ng = t->ngroups;
    /* A group is named by its code, BY=CODE or its label (and "voters"
     * after it): no name of one takes more words than this. */
    ix->maxwords = 1;
    for (size_t i = 0; i < ix->ng; i++) {
        size_t w = count_words(ix->groups[i].label) + 1;
        size_t c = count_words(ix->groups[i].by) + count_words(ix->groups[i].group);
        if (w > ix->maxwords)
            ix->maxwords = w;
        if (c > ix->maxwords)
            ix->maxwords = c;
    }
    return 0;
}

static void index_free(pk_claim_index *ix)
{
    (void)ix;
}

/* "a, b, c and 12 more": the first names that fit in size bytes (each
 * escaped as messages quote data), then how many were left out. */
static void list_names(char *buf, size_t size, const char *const *names, size_t n,
                       const char *const *prefix)
{
    pk_err_list l = {0};
    l.max_chars = size > 80 ? size - 40 : size / 2;
    for (size_t i = 0; i < n; i++)
        pk_err_list_add(&l, ", ", "%s%s%s", prefix && prefix[i][0] ? prefix[i] : "",
                        prefix && prefix[i][0] ? "=" : "", names[i]);
    snprintf(buf, size, "%s", pk_err_list_text(&l));
}

static void list_groups(const pk_claim_index *ix, char *buf, size_t size)
{
    pk_err_list l = {0};
    l.max_chars = size > 80 ? size - 40 : size / 2;
    for (size_t i = 0; i < ix->ng; i++)
        pk_err_list_add(&l, ", ", "%s%s%s", ix->groups[i].by, ix->groups[i].by[0] ? "=" : "",
                        ix->groups[i].group);
    snprintf(buf, size, "%s", pk_err_list_text(&l));
}

/* qsort order of (index, position) pairs: by index, then position. */
static int cmp_pair(const void *a, const void *b)
{
    const size_t *x = a, *y = b;
    if (x[0] != y[0])
        return x[0] < y[0] ? -1 : 1;
    return x[1] < y[1] ? -1 : x[1] > y[1];
}

/* An error in a claim's own wording is bad usage in --claim (exit 2) and
 * bad data in a claims file (exit 1). */
static int wording_status(const pk_claim *c)
{
    return strcmp(c->source, "--claim") == 0 ? PK_ERR_USAGE : PK_ERR_DATA;
}

/* A group as written: CODE, BY=CODE, or CODE+CODE... (a combined group of
 * the table that is the union of those groups). */
static int resolve_group(const pk_claim_index *ix, const pk_claim *c, const pk_claim_name *name,
                         const gref **out, pk_err *err)
{
    const char *text = name->text;
    const char *eq = strchr(text, '=');
    char forms[512];
    size_t at;
    int found = pk_support_table_group_lookup(ix->t, text, &at, forms, sizeof forms);
    if (found == PK_SUPPORT_TABLE_GROUP_FOUND) {
        *out = &ix->groups[at];
        return 0;
    }
    if (found == PK_SUPPORT_TABLE_GROUP_AMBIGUOUS)
        return pk_err_set(err, wording_status(c), "%s:%ld:%d: group '%s' is ambiguous: it names groups of "
                          "several --by columns; write one of %s",
                          c->source, c->line, name->col, text, forms);
    if (!eq && strchr(text, '+')) {
        /* A union: each part a group of one by column, then the combined group. */
        char *copy = strdup(text);
        const gref *m[64];
        size_t nm = 0;
        int ok = copy != NULL;
        for (char *save = NULL, *part = copy ? strtok_r(copy, "+", &save) : NULL; part && ok;
             part = strtok_r(NULL, "+", &save)) {
            pk_claim_name sub = {part, name->col};
            const gref *g;
            pk_err e2;
            pk_err_clear(&e2);
            if (nm == 64 || resolve_group(ix, c, &sub, &g, &e2) != 0 ||
                (nm > 0 && strcmp(g->by, m[0]->by) != 0))
                ok = 0;
            else
                m[nm++] = g;
        }
        free(copy);
        if (ok && nm >= 2) {
            for (size_t i = 0; i < ix->ng; i++) {
                const gref *g = &ix->groups[i];
                int member = 0;
                for (size_t j = 0; j < nm; j++)
                    member |= g == m[j];
                if (!member && strcmp(g->by, m[0]->by) == 0 && pk_support_table_group_is_union(ix->t, g, m, nm)) {
                    *out = g;
                    return 0;
                }
            }
            return pk_err_set(err, PK_ERR_DATA,
                              "%s:%ld:%d: the table has no combined group %s (make one with "
                              "pollsupport --combine NAME=%s, or write the groups with ',' to "
                              "check each separately)",
                              c->source, c->line, name->col, text, text);
        }
    }
    char list[700];
    list_groups(ix, list, sizeof list);
    return pk_err_set(err, PK_ERR_DATA, "%s:%ld:%d: unknown group '%s'; the table's groups are: %s",
                      c->source, c->line, name->col, text, list);
}

/* Whether word (ASCII letters and digits compared without case) is a
 * whole word of text. */
static int has_word(const char *text, const char *word)
{
    size_t wl = strlen(word);
    for (const char *p = text; *p;) {
        while (*p && !isalnum((unsigned char)*p))
            p++;
        const char *s = p;
        while (isalnum((unsigned char)*p))
            p++;
        if ((size_t)(p - s) == wl && wl > 0 && strncasecmp(s, word, wl) == 0)
            return 1;
    }
    return 0;
}

/* A question as people name it, when no code is the name: its code in
 * any case; its number in the table's order ("Q3", "3"); or words of its
 * label, joined by '_' or '-' ("visa_penalties"), that one question's label
 * holds and no other's. Several: an error listing them. -1: none. */
static long question_by_name(const pk_claim_index *ix, const char *text, char *cands, size_t size)
{
    cands[0] = '\0';
    for (size_t q = 0; q < ix->nq; q++)
        if (strcasecmp(ix->questions[q], text) == 0)
            return (long)q;
    const char *num = (text[0] == 'q' || text[0] == 'Q') ? text + 1 : text;
    long k;
    if (num[0] >= '1' && num[0] <= '9' && pk_number_parse_long(num, &k) == 0 && k >= 1 && (size_t)k <= ix->nq)
        return k - 1;
    char words[256];
    snprintf(words, sizeof words, "%s", text);
    long found = -1;
    size_t n = 0, len = 0;
    for (size_t q = 0; q < ix->nq; q++) {
        const char *label = ix->qlabels && ix->qlabels[q] ? ix->qlabels[q] : "";
        int all = words[0] != '\0';
        char copy[256];
        snprintf(copy, sizeof copy, "%s", words);
        for (char *save = NULL, *w = strtok_r(copy, "_- ", &save); w && all; w = strtok_r(NULL, "_- ", &save))
            all = has_word(label, w);
        if (!all)
            continue;
        found = (long)q;
        if (n++ < 6)
            len += (size_t)snprintf(cands + len, len < size ? size - len : 0, "%s%s ('%s')", n > 1 ? ", " : "",
                                    ix->questions[q], label);
    }
    if (n > 6 && len < size)
        snprintf(cands + len, size - len, " and %zu more", n - 6);
    return n == 1 ? found : -1;
}

static int resolve_question(const pk_claim_index *ix, const pk_claim *c, const pk_claim_name *name,
                            size_t *out, pk_err *err)
{
    long i = pk_support_table_question(ix->t, name->text);
    char cands[600];
    if (i < 0)
        i = question_by_name(ix, name->text, cands, sizeof cands);
    if (i >= 0) {
        *out = (size_t)i;
        return 0;
    }
    if (cands[0])
        return pk_err_set(err, PK_ERR_DATA, "%s:%ld:%d: '%s' could be any of these questions: %s; name one by its code",
                          c->source, c->line, name->col, name->text, cands);
    char list[700];
    list_names(list, sizeof list, ix->questions, ix->nq, NULL);
    return pk_err_set(err, PK_ERR_DATA, "%s:%ld:%d: unknown question '%s'; the table's questions are: %s",
                      c->source, c->line, name->col, name->text, list);
}

/* ---- A question's responses, and a response named in a claim --------- */

/* The question's responses, in table order (any group's rows). A mean
 * score's row is none: claims are about shares (a claim naming it finds
 * no such response). */
static int question_scale(const pk_claim_index *ix, size_t q, pk_claim_qscale *out, pk_err *err)
{
    out->r = NULL;
    out->n = 0;
    size_t cap = 0;
    /* The question's rows only, and each response once (by hash: a
     * table may give a question thousands of responses). */
    pk_util_hindex seen_ix = {0};
    int means = 0;
    for (size_t i = pk_support_table_question_first(ix->t, q); i != SIZE_MAX;
         i = pk_support_table_question_next(ix->t, i)) {
        const pk_support_table_row *row = &ix->t->rows[i];
        if (strcmp(row->response_kind, "mean") == 0) {
            means = 1;
            continue;
        }
        uint64_t h = pk_util_hash(row->response, strlen(row->response));
        size_t slot = 0, k;
        int seen = 0;
        while (!seen && (k = pk_util_hindex_next(&seen_ix, h, &slot)) != SIZE_MAX)
            seen = strcmp(out->r[k].code, row->response) == 0;
        if (seen)
            continue;
        if (pk_util_hindex_add(&seen_ix, h, out->n) != 0) {
            pk_util_hindex_free(&seen_ix);
            free(out->r);
            return pk_err_nomem(err);
        }
        if (out->n == cap) {
            cap = cap ? 2 * cap : 16;
            pk_claim_qresp *r = realloc(out->r, cap * sizeof *r);
            if (!r) {
                pk_util_hindex_free(&seen_ix);
                free(out->r);
                return pk_err_nomem(err);
            }
            out->r = r;
        }
        pk_claim_qresp *x = &out->r[out->n++];
        x->code = row->response;
        x->label = row->response_label;
        if (pk_scale_kind_parse(row->response_kind, &x->kind) != 0)
            x->kind = PK_SCALE_KIND_NOMINAL;
    }
    pk_util_hindex_free(&seen_ix);
    if (out->n == 0 && means)
        return pk_err_set(err, PK_ERR_USAGE, "question %s holds only a mean score, no shares: "
                          "a claim about its mean reads 'the average rating of %s is above N' "
                          "or 'GROUP rate %s higher than GROUP'", ix->t->questions[q],
                          ix->t->questions[q], ix->t->questions[q]);
    return 0;
}

/* Whether question q has mean rows; the first one's row in *row. */
static int has_mean(const pk_claim_index *ix, size_t q, const pk_support_table_row **row)
{
    for (size_t i = pk_support_table_question_first(ix->t, q); i != SIZE_MAX;
         i = pk_support_table_question_next(ix->t, i))
        if (strcmp(ix->t->rows[i].response_kind, "mean") == 0) {
            if (row)
                *row = &ix->t->rows[i];
            return 1;
        }
    return 0;
}

/* A mean claim's question: its mean row, as the one response of *out.
 * A question without one is refused, naming what the table has: the
 * question's answers and the questions that have a mean score. */
static int mean_scale(const pk_claim_index *ix, const pk_claim *c, size_t qi, size_t q,
                      pk_claim_qscale *out, pk_err *err)
{
    const pk_support_table_row *row = NULL;
    out->n = 0;
    if (!(out->r = calloc(1, sizeof *out->r)))
        return pk_err_nomem(err);
    if (has_mean(ix, q, &row)) {
        out->r[0].code = row->response;
        out->r[0].label = row->response_label;
        out->r[0].kind = PK_SCALE_KIND_MEAN;
        out->n = 1;
        return 0;
    }
    pk_err_list means = {0}, answers = {0};
    means.max_chars = answers.max_chars = 300;
    for (size_t k = 0; k < ix->nq; k++)
        if (has_mean(ix, k, NULL))
            pk_err_list_add(&means, ", ", "%s", ix->questions[k]);
    pk_claim_qscale shares;
    if (question_scale(ix, q, &shares, err) != 0)
        return err->status;
    for (size_t k = 0; k < shares.n; k++)
        pk_err_list_add(&answers, ", ", "%s", shares.r[k].code);
    free(shares.r);
    int col = c->nquestions > qi ? c->questions[qi].col : c->quant_col;
    if (means.n == 0)
        return pk_err_set(err, PK_ERR_DATA, "%s:%ld:%d: the table has no mean scores, so it cannot "
                          "check a claim about an average: question %s has shares of its answers "
                          "(%s); make mean rows with pollsupport --means %s, or a codebook scale "
                          "whose codes have scores", c->source, c->line, col, ix->questions[q],
                          pk_err_list_text(&answers), ix->questions[q]);
    return pk_err_set(err, PK_ERR_DATA, "%s:%ld:%d: question %s has no mean score in the table, "
                      "only shares of its answers (%s); the questions with a mean score are: %s",
                      c->source, c->line, col, ix->questions[q], pk_err_list_text(&answers),
                      pk_err_list_text(&means));
}

/* The response standing for a side: its net, else its only code; -1. */
long pk_claim_side_net(const pk_claim_qscale *s, int positive)
{
    enum pk_scale_kind net = positive ? PK_SCALE_KIND_NET_POSITIVE : PK_SCALE_KIND_NET_NEGATIVE;
    enum pk_scale_kind code = positive ? PK_SCALE_KIND_POSITIVE : PK_SCALE_KIND_NEGATIVE;
    long only = -1;
    size_t n = 0;
    for (size_t k = 0; k < s->n; k++) {
        if (s->r[k].kind == net)
            return (long)k;
        if (s->r[k].kind == code) {
            only = (long)k;
            n++;
        }
    }
    return n == 1 ? only : -1;
}

/* Text compared without case, with '_' read as a space and apostrophes
 * (' and U+2019) skipped: the code dont_know matches "don't know". */
static const char *skip_apostrophe(const char *s)
{
    for (;;) {
        if (*s == '\'')
            s++;
        else if (strncmp(s, "\xE2\x80\x99", 3) == 0)
            s += 3;
        else
            return s;
    }
}

static int same_words(const char *a, const char *b)
{
    for (;;) {
        a = skip_apostrophe(a);
        b = skip_apostrophe(b);
        if (!*a || !*b)
            return *a == *b;
        char x = *a == '_' ? ' ' : (char)tolower((unsigned char)*a);
        char y = *b == '_' ? ' ' : (char)tolower((unsigned char)*b);
        if (x != y)
            return 0;
        a++;
        b++;
    }
}

/* Responses whose code or label are these words; the count, the first in
 * *at. */
static size_t match_words(const pk_claim_qscale *s, const char *w, size_t *at)
{
    size_t hits = 0;
    for (size_t k = 0; k < s->n; k++)
        if (same_words(s->r[k].code, w) || same_words(s->r[k].label, w)) {
            if (hits++ == 0)
                *at = k;
        }
    return hits;
}

/* Words before a response that only say how it was given ("say yes",
 * "would vote Rejoin", "are likely"). */
static const char *const auxiliaries[] = {
    "say", "says", "said", "saying", "answer", "answers", "answered", "answering", "would",
    "will", "vote", "votes", "voted", "voting", "are", "is", "be", "were", "was", "choose",
    "chose", "choosing", "pick", "picked", "think", "thinks", "feel", "feels", NULL};

/* Verbs of taking a side: the question's positive or negative net. */
static const char *const positive_verbs[] = {
    "support", "back", "favour", "favor", "approve", "endorse", "want", "welcome", "like",
    "agree", "are for", "are in favour of", "are in favor of", NULL};
static const char *const negative_verbs[] = {
    "oppose", "reject", "disapprove", "dislike", "disagree", "are against", "object", NULL};

/* words with its last word's inflection ("supports", "supported",
 * "backed", "agrees") taken off; "" when there is none. */
static void base_form(char *out, size_t size, const char *w)
{
    snprintf(out, size, "%s", w);
    size_t n = strlen(out);
    if (n > 3 && strcmp(out + n - 2, "ed") == 0 && out[n - 3] != 'e') {
        out[n - 2] = '\0';                       /* "supported" -> "support" */
    } else if (n > 3 && strcmp(out + n - 1, "d") == 0 && out[n - 2] == 'e') {
        out[n - 1] = '\0';                       /* "approved" -> "approve" */
    } else if (n > 2 && out[n - 1] == 's' && out[n - 2] != 's') {
        out[n - 1] = '\0';                       /* "supports" -> "support" */
    } else {
        out[0] = '\0';
    }
}

int pk_claim_in_list(const char *const *list, const char *w)
{
    for (size_t i = 0; list[i]; i++)
        if (same_words(list[i], w))
            return 1;
    return 0;
}

static int ambiguous_response(const pk_claim *c, const pk_claim_index *ix, size_t q, const pk_claim_qscale *s,
                              const char *w, int col, pk_err *err)
{
    pk_err_list l = {0};
    for (size_t k = 0; k < s->n; k++)
        if (same_words(s->r[k].code, w) || same_words(s->r[k].label, w))
            pk_err_list_add(&l, ", ", "%s (\"%s\")", s->r[k].code, s->r[k].label);
    return pk_err_set(err, wording_status(c), "%s:%ld:%d: '%s' names several responses of %s: "
                      "%s; write one of these codes", c->source, c->line,
                      col, w, ix->questions[q], pk_err_list_text(&l));
}

/* Resolve the words naming a response for question q. */
static int resolve_response(const pk_claim_index *ix, const pk_claim *c, size_t q, const pk_claim_qscale *s,
                            const char *words, int col, pk_claim_rname *out, pk_err *err)
{
    char w[512], b[512];
    snprintf(w, sizeof w, "%s", words);
    out->by_verb = 0;
    for (;;) {
        size_t at = 0, hits = match_words(s, w, &at);
        if (hits > 1)
            return ambiguous_response(c, ix, q, s, w, col, err);
        if (hits == 1) {
            out->k = (long)at;
            return 0;
        }
        base_form(b, sizeof b, w);
        if (b[0] && (hits = match_words(s, b, &at)) > 0) {
            if (hits > 1)
                return ambiguous_response(c, ix, q, s, b, col, err);
            out->k = (long)at;
            return 0;
        }
        int pos = pk_claim_in_list(positive_verbs, w) || (b[0] && pk_claim_in_list(positive_verbs, b));
        int neg = pk_claim_in_list(negative_verbs, w) || (b[0] && pk_claim_in_list(negative_verbs, b));
        if (pos || neg) {
            out->k = pk_claim_side_net(s, pos);
            out->by_verb = 1;
            if (out->k >= 0)
                return 0;
            pk_err_list l = {0};
            for (size_t k = 0; k < s->n; k++)
                pk_err_list_add(&l, ", ", "%s", s->r[k].code);
            return pk_err_set(err, PK_ERR_DATA, "%s:%ld:%d: '%s' takes a side, but question %s has "
                              "no %s net (response_kind): name one of its responses: %s",
                              c->source, c->line, col, words, ix->questions[q],
                              pos ? "positive" : "negative", pk_err_list_text(&l));
        }
        /* Drop a trailing preposition ("don't know about") or a leading
         * auxiliary ("say yes"), and try again. */
        char *tail = strrchr(w, ' ');
        if (tail && (strcasecmp(tail + 1, "about") == 0 || strcasecmp(tail + 1, "on") == 0 ||
                     strcasecmp(tail + 1, "with") == 0 || strcasecmp(tail + 1, "to") == 0)) {
            *tail = '\0';
            continue;
        }
        char *sp = strchr(w, ' ');
        if (!sp)
            break;
        size_t fl = (size_t)(sp - w);
        int aux = 0;
        for (size_t i = 0; auxiliaries[i] && !aux; i++)
            aux = strlen(auxiliaries[i]) == fl && strncasecmp(auxiliaries[i], w, fl) == 0;
        if (!aux)
            break;
        memmove(w, sp + 1, strlen(sp + 1) + 1);
    }
    pk_err_list l = {0};
    for (size_t k = 0; k < s->n; k++)
        pk_err_list_add(&l, ", ", "%s (\"%s\")", s->r[k].code, s->r[k].label);
    return pk_err_set(err, PK_ERR_DATA, "%s:%ld:%d: '%s' is no response of question %s; its "
                      "responses are: %s", c->source, c->line, col, words,
                      ix->questions[q], pk_err_list_text(&l));
}

/* A group named by words, or NULL when they name none (ambiguity: an
 * error). */
static int try_group(const pk_claim_index *ix, const pk_claim *c, const char *text, int col,
                     const gref **out, pk_err *err)
{
    pk_claim_name name = {(char *)text, col};
    pk_err e2;
    pk_err_clear(&e2);
    *out = NULL;
    char forms[512];
    size_t at;
    if (pk_support_table_group_lookup(ix->t, text, &at, forms, sizeof forms) == PK_SUPPORT_TABLE_GROUP_AMBIGUOUS)
        return resolve_group(ix, c, &name, out, err);
    if (resolve_group(ix, c, &name, out, &e2) != 0) {
        *out = NULL;
        /* CODE+CODE of groups that exist but make no combined group. */
        if (strchr(text, '+') && strstr(e2.msg, "has no combined group"))
            return pk_err_set(err, e2.status, "%s", e2.msg);
    }
    return 0;
}

/* The words ph[from, to) joined by spaces, none before a comma when tight;
 * NULL when memory runs out. */
static char *join_words(const pk_claim_name *ph, size_t from, size_t to, int tight)
{
    size_t tl = 1;
    for (size_t j = from; j < to; j++)
        tl += strlen(ph[j].text) + 1;
    char *text = malloc(tl);
    if (!text)
        return NULL;
    text[0] = '\0';
    for (size_t j = from; j < to; j++) {
        if (j > from && !(tight && strcmp(ph[j].text, ",") == 0))
            strcat(text, " ");
        strcat(text, ph[j].text);
    }
    return text;
}

/* The group the longest run of the claim's words from *i names: *found
 * (NULL when none does), and *i past its words. first_col holds each
 * group's first column in the claim, by its place in the table: a group
 * named twice is refused, as a proposal named twice is. */
static int next_group(const pk_claim_index *ix, const pk_claim *c, int groups_only, int *first_col, size_t *i,
                      const gref **found, pk_err *err)
{
    const pk_claim_name *ph = c->phrase;
    size_t n = c->nphrase;
    *found = NULL;
    /* The longest run of words that could name a group: none runs past
     * a comma or takes more words than the table's longest name, so a
     * claim naming many groups takes time in proportion to its words. */
    size_t maxlen = n - *i - (groups_only ? 0 : 1);
    if (maxlen > ix->maxwords)
        maxlen = ix->maxwords;
    for (size_t j = *i; j < *i + maxlen; j++)
        if (strcmp(ph[j].text, ",") == 0) {
            maxlen = j - *i;
            break;
        }
    for (size_t len = maxlen; len >= 1 && !*found && *i + len <= n; len--) {
        char *text = join_words(ph, *i, *i + len, 0);
        if (!text)
            return pk_err_nomem(err);
        int rc = try_group(ix, c, text, ph[*i].col, found, err);
        if (!rc && *found && first_col[*found - ix->groups])
            rc = pk_err_set(err, wording_status(c),
                            "%s:%ld:%d: group '%s' is named twice in this claim (first at "
                            "column %d)", c->source, c->line, ph[*i].col, text,
                            first_col[*found - ix->groups]);
        free(text);
        if (rc)
            return rc;
        if (*found) {
            first_col[*found - ix->groups] = ph[*i].col;
            *i += len;
        }
    }
    return 0;
}

/* Split a share claim's words into groups (the longest run of words that
 * names a group, then ',' or 'and' and the next) and the response (the
 * rest, at least one word); a net claim's words after 'among' are groups
 * only. With no group: All (an error after 'of'). */
static int split_phrase(const pk_claim_index *ix, const pk_claim *c, const gref ***gs, size_t *ng,
                        char **resp, int *resp_col, pk_err *err)
{
    const pk_claim_name *ph = c->phrase;
    size_t n = c->nphrase, i = 0;
    int groups_only = c->kind == PK_CLAIM_NET || c->kind == PK_CLAIM_MEAN;
    const gref **g = calloc(n + 1, sizeof *g);
    int *first_col = calloc(ix->ng + 1, sizeof *first_col);
    if (!g || !first_col) {
        free(g);
        free(first_col);
        return pk_err_nomem(err);
    }
    size_t k = 0;
    int rc;
    for (;;) {
        const gref *found;
        if ((rc = next_group(ix, c, groups_only, first_col, &i, &found, err)) != 0)
            break;
        if (!found) {
            if (k > 0 || c->has_of || groups_only) {
                /* After 'of', ',' or 'and' (or 'among') a group must follow. */
                char list[700];
                list_groups(ix, list, sizeof list);
                const char *what = i < n ? ph[i].text : "";
                rc = pk_err_set(err, PK_ERR_DATA, "%s:%ld:%d: unknown group '%s'; the table's "
                                               "groups are: %s",
                                c->source, c->line,
                                i < n ? ph[i].col : 1, what, list);
            }
            break;
        }
        g[k++] = found;
        /* A separator and another group, or the response. */
        if (i < n && (strcmp(ph[i].text, ",") == 0 || strcasecmp(ph[i].text, "and") == 0) &&
            i + 1 < n) {
            const gref *next = NULL;
            if ((rc = try_group(ix, c, ph[i + 1].text, ph[i + 1].col, &next, err)) != 0)
                break;
            /* A comma always separates groups; 'and' only before a group
             * (or words starting one: the next round tries them). */
            if (strcmp(ph[i].text, ",") == 0 || next || (i + 2 < n && !groups_only)) {
                i++;
                continue;
            }
        }
        break;
    }
    free(first_col);
    if (rc == 0 && groups_only && i < n) {
        char list[700];
        list_groups(ix, list, sizeof list);
        rc = pk_err_set(err, PK_ERR_DATA, "%s:%ld:%d: unknown group '%s'; the table's groups are: %s",
                        c->source, c->line, ph[i].col, ph[i].text, list);
    }
    char *r = NULL;
    if (rc == 0 && !groups_only && !(r = join_words(ph, i, n, 1)))
        rc = pk_err_nomem(err);
    if (rc != 0) {
        free(g);
        return rc;
    }
    *gs = g;
    *ng = k;
    if (!groups_only) {
        *resp = r;
        *resp_col = i < n ? ph[i].col : 1;
    }
    return 0;
}

static int refuse_compare(const pk_claim_index *ix, const pk_claim *c, const gref *g1, const gref *g2,
                          pk_err *err)
{
    char m1[256], m2[256];
    int col = c->groups[0].col;
    if (g1 == g2)
        return pk_err_set(err, PK_ERR_DATA, "%s:%ld:%d: cannot compare group %s with itself",
                          c->source, c->line, col, g1->group);
    const gref *gs[2] = {g1, g2};
    for (int i = 0; i < 2; i++)
        if (gs[i]->by[0] == '\0')
            return pk_err_set(err, PK_ERR_DATA,
                              "%s:%ld:%d: cannot compare %s with %s: %s is not a group of a --by "
                              "column (only disjoint groups of one --by column can be compared)",
                              c->source, c->line, col, g1->group, g2->group, gs[i]->group);
    if (strcmp(g1->by, g2->by) != 0)
        return pk_err_set(err, PK_ERR_DATA,
                          "%s:%ld:%d: cannot compare %s (%s) with %s (%s): groups of different --by "
                          "columns overlap (only disjoint groups of one --by column can be compared)",
                          c->source, c->line, col, g1->group, g1->by, g2->group, g2->by);
    int c1 = pk_support_table_group_combined(ix->t, g1, m1, sizeof m1),
        c2 = pk_support_table_group_combined(ix->t, g2, m2, sizeof m2);
    if (c1 || c2)
        return pk_err_set(err, PK_ERR_DATA,
                          "%s:%ld:%d: cannot compare %s with %s: %s is a combined group (%s), not "
                          "disjoint from the others (only disjoint groups of one --by column can "
                          "be compared)",
                          c->source, c->line, col, g1->group, g2->group, c1 ? g1->group : g2->group,
                          c1 ? m1 : m2);
    return 0;
}

/* ---- One claim's names ------------------------------------------------- */

void pk_claim_job_free(pk_claim_job *j)
{
    free(j->qs);
    free(j->gs);
    free(j->gv);
    free(j->atoms);
    for (size_t i = 0; j->scales && i < j->nq; i++)
        free(j->scales[i].r);
    free(j->scales);
    free(j->rx);
    free(j->ry);
    free(j->words);
    index_free(&j->ix);
}

/* Two names of one proposal: counted twice, it would make "3 of q, q, q"
 * hold on one proposal. (question, position) pairs are sorted so that a
 * repeat sits next to its first. */
static int refuse_repeated_question(const pk_claim_job *j, pk_err *err)
{
    const pk_claim *c = j->c;
    size_t nq = j->nq;
    size_t *pairs = malloc(2 * nq * sizeof *pairs);
    if (!pairs)
        return pk_err_nomem(err);
    for (size_t i = 0; i < nq; i++) {
        pairs[2 * i] = j->qs[i];
        pairs[2 * i + 1] = i;
    }
    qsort(pairs, nq, 2 * sizeof *pairs, cmp_pair);
    size_t rep = SIZE_MAX, first = 0;
    for (size_t i = 1; i < nq; i++)
        if (pairs[2 * i] == pairs[2 * i - 2] && (rep == SIZE_MAX || pairs[2 * i + 1] < rep)) {
            rep = pairs[2 * i + 1];
            first = pairs[2 * i - 1];
        }
    free(pairs);
    if (rep == SIZE_MAX)
        return 0;
    return pk_err_set(err, wording_status(c),
                      "%s:%ld:%d: proposal '%s' is named twice in this claim (as '%s' and '%s')",
                      c->source, c->line, c->questions[rep].col, j->ix.questions[j->qs[rep]],
                      c->questions[first].text, c->questions[rep].text);
}

static int resolve_questions(pk_claim_job *j, pk_err *err)
{
    const pk_claim *c = j->c;
    j->nq = c->all_questions ? j->ix.nq : c->nquestions;
    j->qs = calloc(j->nq + 1, sizeof *j->qs);
    if (!j->qs)
        return pk_err_nomem(err);
    int rc;
    for (size_t i = 0; i < j->nq; i++) {
        if (c->all_questions)
            j->qs[i] = i;
        else if ((rc = resolve_question(&j->ix, c, &c->questions[i], &j->qs[i], err)) != 0)
            return rc;
    }
    if (!c->all_questions && j->nq > 1 && (rc = refuse_repeated_question(j, err)) != 0)
        return rc;
    if (c->quant == PK_CLAIM_QUANT_ATLEAST && c->k > (long)j->nq)
        return pk_err_set(err, PK_ERR_DATA, "%s:%ld:%d: 'at least %ld of' the table's %zu proposals can never hold",
                          c->source, c->line, c->quant_col, c->k, j->nq);
    return 0;
}

/* Groups: a comparison's two; a share claim's from its words (the rest
 * names the response); a net claim's after 'among'. All when none is
 * named. */
static int resolve_groups(pk_claim_job *j, pk_err *err)
{
    const pk_claim *c = j->c;
    int rc;
    if (c->kind == PK_CLAIM_COMPARE || c->kind == PK_CLAIM_MEAN_COMPARE) {
        j->ng = 2;
        j->gs = calloc(2, sizeof *j->gs);
        if (!j->gs)
            return pk_err_nomem(err);
        for (size_t i = 0; i < 2; i++)
            if ((rc = resolve_group(&j->ix, c, &c->groups[i], &j->gs[i], err)) != 0)
                return rc;
        if (!(j->words = strdup(c->response ? c->response : "")))
            return pk_err_nomem(err);
    } else if (c->kind == PK_CLAIM_TREND) {
        if (c->ngroups == 1) {
            j->gs = calloc(1, sizeof *j->gs);
            if (!j->gs)
                return pk_err_nomem(err);
            j->ng = 1;
            if ((rc = resolve_group(&j->ix, c, &c->groups[0], &j->gs[0], err)) != 0)
                return rc;
        }
        if (!(j->words = strdup(c->response)))
            return pk_err_nomem(err);
    } else if (c->kind == PK_CLAIM_SHARE || c->nphrase > 0) {
        if ((rc = split_phrase(&j->ix, c, &j->gs, &j->ng, &j->words, &j->words_col, err)) != 0)
            return rc;
    }
    j->grouped = j->ng > 0;
    if (j->ng > 0)
        return 0;
    pk_claim_name all = {"All", 1};
    const gref **g1 = realloc(j->gs, sizeof *g1);
    if (!g1)
        return pk_err_nomem(err);
    j->gs = g1;
    j->ng = 1;
    j->gs[0] = NULL;
    for (size_t i = 0; i < j->ix.ng; i++)
        if (j->ix.groups[i].by[0] == '\0' && strcmp(j->ix.groups[i].group, "All") == 0)
            j->gs[0] = &j->ix.groups[i];
    if (!j->gs[0])
        return resolve_group(&j->ix, c, &all, &j->gs[0], err);
    return 0;
}

/* Each question's responses, and the response the words name there. */
static int resolve_responses(pk_claim_job *j, pk_err *err)
{
    const pk_claim *c = j->c;
    int rc;
    for (size_t qi = 0; qi < j->nq; qi++) {
        size_t q = j->qs[qi];
        pk_claim_qscale *sc = &j->scales[qi];
        if (c->kind == PK_CLAIM_MEAN || c->kind == PK_CLAIM_MEAN_COMPARE) {
            if ((rc = mean_scale(&j->ix, c, qi, q, sc, err)) != 0)
                return rc;
            j->rx[qi].k = 0;
            continue;
        }
        if ((rc = question_scale(&j->ix, q, sc, err)) != 0)
            return rc;
        if (c->kind == PK_CLAIM_NET) {
            if ((rc = resolve_response(&j->ix, c, q, sc, c->response, c->response_col, &j->rx[qi],
                                       err)) != 0 ||
                (rc = resolve_response(&j->ix, c, q, sc, c->response2, c->response2_col,
                                       &j->ry[qi], err)) != 0)
                return rc;
        } else if ((rc = resolve_response(&j->ix, c, q, sc, j->words, j->words_col, &j->rx[qi],
                                          err)) != 0) {
            /* No group was read from the words either: they may start with
             * a group misnamed ("Reform voters" for "Reform UK voters"). */
            if (c->kind == PK_CLAIM_SHARE && !j->grouped && strchr(j->words, ' ')) {
                char list[400];
                list_groups(&j->ix, list, sizeof list);
                size_t len = strlen(err->msg);
                snprintf(err->msg + len, sizeof err->msg - len,
                         "; nor do its first words name a group (the table's groups: %s)", list);
            }
            return rc;
        }
    }
    return 0;
}

int pk_claim_resolve(pk_claim_job *j, const pk_support_table *t, pk_err *err)
{
    int rc = index_build(&j->ix, t, err);
    if (rc == 0 && j->ix.nq == 0)
        rc = pk_err_set(err, PK_ERR_DATA, "%s: the support table has no rows", t->name);
    if (rc == 0)
        rc = resolve_questions(j, err);
    if (rc == 0)
        rc = resolve_groups(j, err);
    if (rc == 0) {
        j->scales = calloc(j->nq, sizeof *j->scales);
        j->rx = calloc(j->nq, sizeof *j->rx);
        j->ry = calloc(j->nq, sizeof *j->ry);
        if (!j->scales || !j->rx || !j->ry)
            rc = pk_err_nomem(err);
    }
    if (rc == 0)
        rc = resolve_responses(j, err);
    if (rc == 0 && (j->c->kind == PK_CLAIM_COMPARE || j->c->kind == PK_CLAIM_MEAN_COMPARE))
        rc = refuse_compare(&j->ix, j->c, j->gs[0], j->gs[1], err);
    return rc;
}
