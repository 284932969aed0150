/* The claim language: a lexer and a recursive-descent parser (claim.h).
 *
 *   line      := ID ':' QUOTE '=>' claim          (a claims file; # comments)
 *   --claim   := [ID ':'] [QUOTE '=>'] claim
 *   claim     := share | compare | net | trend (below, with parse_trend) | mean | mean_cmp
 *   share     := threshold ['of'] [groups] response proposals
 *   compare   := group ['are'|'is'] ('more'|'less') 'likely than' group 'to' response proposals
 *   net       := 'more' response 'than' response proposals ['among' groups]
 *   mean      := ['the'] ('average'|'mean') ['rating'|'score'] ('of'|'on'|'for') proposals
 *                ['among' groups] ['is'|'was'|'are'] side NUMBER
 *   side      := 'above' | 'over' | ('more'|'higher'|'greater') 'than' | 'at least'
 *              | 'below' | 'under' | ('less'|'lower'|'fewer') 'than' | 'at most'
 *              | 'no more than'
 *   mean_cmp  := group ('rate'|'rates'|'rated'|'score'|'scores'|'scored') proposals
 *                ('higher'|'lower') 'than' group ['do'|'does']
 *   threshold := ['a'] 'majority' | 'most' | 'a minority'
 *              | ('more than' | 'over' | 'at least') amount
 *              | ('fewer than' | 'less than' | 'under' | 'at most' | 'no more than') amount
 *   amount    := N '%' | 'half' | ('a'|'one') ('third'|'quarter') | 'two thirds'
 *              | 'three quarters'
 *   response  := words naming a response or net of the table by its code or
 *                label, in any case, after a verb ('say', 'would vote', 'are'
 *                ...), or a verb of taking a side ('support', 'back',
 *                'oppose', 'reject' ...: the question's positive or
 *                negative net)
 *   proposals := QUESTION | quant 'of' qlist
 *   quant     := 'all' | 'each' | 'most' | 'many' | 'any' | 'at least' K
 *   qlist     := '*' | 'the proposals' | QUESTION ((',' | 'and') QUESTION)*
 *   groups    := group ((',' | 'and') group)*    each group separately
 *   group     := words naming a group: CODE | BY=CODE | its label (a trailing
 *                'voters' ignored) | CODE+CODE... (the table's combined group)
 *
 * Groups and responses are words the table gives meaning to, so the parser
 * only delimits them: the proposals are found from the end of the claim (the
 * first place where a quantifier's list, or a single last question code,
 * runs to its end), and the words between the threshold and the proposals
 * are split into groups and the response when the claim is evaluated
 * against the table (claim_resolve.c: the longest run of words naming a group,
 * then ',' or 'and' and the next, and the rest is the response). Keywords
 * are case-insensitive; codes are the table's, exactly. Columns in messages
 * count characters (UTF-8 code points) from 1. */
#include "claim.h"
#include "util.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "csvio.h"
#include "number.h"
#include "textnorm.h"

typedef enum tok_kind { T_WORD, T_PERCENT, T_COMMA, T_STAR, T_COLON, T_ARROW, T_QUOTE, T_END } tok_kind;

typedef struct tok {
    tok_kind kind;
    size_t start, len;   /* bytes in the line; a quote's text excludes its marks */
    int col;             /* 1-based character column of the token */
    char *text;          /* T_WORD and T_QUOTE: a copy */
} tok;

typedef struct parser {
    const char *line;
    const char *source;
    long lineno;
    tok *toks;
    size_t ntoks, pos;
    pk_err *err;
    pk_util_nameset proposals;   /* the proposals named so far */
} parser;

static int col_of(const char *s, size_t byte)
{
    return 1 + (int)pk_textnorm_width(s, byte);
}

static int is_word_byte(unsigned char c)
{
    /* Labels are words too: "Likely (6-10)", "Don't know / not sure". */
    return isalnum(c) || c == '_' || c == '.' || c == '+' || c == '-' || c == '=' ||
           c == '\'' || c == '(' || c == ')' || c == '/' || c == '&' || c >= 0x80;
}

/* The curly quotes U+201C and U+201D, as pasted from an article. */
static int open_curly(const char *s) { return strncmp(s, "\xE2\x80\x9C", 3) == 0; }
static int close_curly(const char *s) { return strncmp(s, "\xE2\x80\x9D", 3) == 0; }

static int fail_at(parser *p, int col, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int fail_at(parser *p, int col, const char *fmt, ...)
{
    char msg[PK_ERR_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return pk_err_set(p->err, PK_ERR_DATA, "%s:%ld:%d: %s", p->source, p->lineno, col, msg);
}

/* The status a failed call below already set in p->err (PK_ERR_NOMEM when
 * memory ran out, else PK_ERR_DATA), passed on as it is. */
static int failed(const parser *p)
{
    return p->err && p->err->status ? p->err->status : PK_ERR_DATA;
}

static int push(parser *p, tok t)
{
    tok *n = realloc(p->toks, (p->ntoks + 1) * sizeof *n);
    if (!n) {
        free(t.text);
        return pk_err_nomem(p->err);
    }
    p->toks = n;
    p->toks[p->ntoks++] = t;
    return 0;
}

static int lex(parser *p)
{
    const char *s = p->line;
    size_t i = 0, n = strlen(s);
    /* Columns counted on from the previous token, not from the start of
     * the line each time: a long claim lexes in linear time. */
    size_t at = 0;
    int col = 1;
    for (;;) {
        while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n'))
            i++;
        col += (int)pk_textnorm_width(s + at, i - at);
        at = i;
        tok t = {T_END, i, 0, col, NULL};
        if (i >= n)
            return push(p, t);
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || open_curly(s + i)) {
            int curly = c != '"';
            size_t j = i + (curly ? 3 : 1);
            char *buf = malloc(n - i + 1);
            if (!buf)
                return pk_err_nomem(p->err);
            size_t o = 0;
            for (;;) {
                if (j >= n) {
                    free(buf);
                    return fail_at(p, t.col, "unterminated quotation: expected a closing %s",
                                   curly ? "\xE2\x80\x9D" : "'\"'");
                }
                if (!curly && s[j] == '"') {
                    if (s[j + 1] == '"') {   /* "" inside a quotation is one quote mark */
                        buf[o++] = '"';
                        j += 2;
                        continue;
                    }
                    j++;
                    break;
                }
                if (curly && close_curly(s + j)) {
                    j += 3;
                    break;
                }
                buf[o++] = s[j++];
            }
            buf[o] = '\0';
            t.kind = T_QUOTE;
            t.text = buf;
            t.len = j - i;
            i = j;
        } else if (c == '=' && s[i + 1] == '>') {
            t.kind = T_ARROW;
            t.len = 2;
            i += 2;
        } else if (c == '%' || c == ',' || c == '*' || c == ':') {
            t.kind = c == '%' ? T_PERCENT : c == ',' ? T_COMMA : c == '*' ? T_STAR : T_COLON;
            t.len = 1;
            i++;
        } else if (close_curly(s + i)) {
            return fail_at(p, t.col, "a closing quotation mark without an opening one");
        } else if (is_word_byte(c)) {
            size_t j = i;
            /* An interlocked group ("lab:female") is one word; the claim
             * id's ':' ends the line's first word. */
            while (j < n && (is_word_byte((unsigned char)s[j]) ||
                             (s[j] == ':' && p->ntoks > 0 && j + 1 < n &&
                              is_word_byte((unsigned char)s[j + 1]))) &&
                   !(s[j] == '=' && s[j + 1] == '>') && !close_curly(s + j))
                j++;
            t.kind = T_WORD;
            t.len = j - i;
            t.text = strndup(s + i, t.len);
            if (!t.text)
                return pk_err_nomem(p->err);
            i = j;
        } else {
            return fail_at(p, t.col, "unexpected character '%c'", c);
        }
        if (push(p, t) != 0)
            return failed(p);
    }
}

static tok *peek(parser *p, size_t ahead)
{
    size_t k = p->pos + ahead;
    return &p->toks[k < p->ntoks ? k : p->ntoks - 1];
}

static int is_kw(const tok *t, const char *kw)
{
    return t->kind == T_WORD && strcasecmp(t->text, kw) == 0;
}

static int at_kw(parser *p, const char *kw) { return is_kw(peek(p, 0), kw); }

/* What the parser last consumed, for "after '...'" in messages. */
static void describe_prev(parser *p, char *buf, size_t size)
{
    if (p->pos == 0) {
        snprintf(buf, size, "at the start of the claim");
        return;
    }
    const tok *t = &p->toks[p->pos - 1];
    char q[80];
    pk_err_quote(q, sizeof q, p->line + t->start, t->len);
    snprintf(buf, size, "after '%s'", q);
}

/* "expected WHAT after 'PREV', found 'TOK'" at the current token. */
static int expected(parser *p, const char *what)
{
    char prev[120], found[120];
    describe_prev(p, prev, sizeof prev);
    const tok *t = peek(p, 0);
    if (t->kind == T_END) {
        snprintf(found, sizeof found, "the end of the claim");
    } else {
        char q[80];
        pk_err_quote(q, sizeof q, p->line + t->start, t->len);
        snprintf(found, sizeof found, "'%s'", q);
    }
    return fail_at(p, t->col, "expected %s %s, found %s", what, prev, found);
}

static int accept_kw(parser *p, const char *kw)
{
    if (at_kw(p, kw)) {
        p->pos++;
        return 1;
    }
    return 0;
}

static int expect_kw(parser *p, const char *kw)
{
    if (accept_kw(p, kw))
        return 0;
    char what[64];
    snprintf(what, sizeof what, "'%s'", kw);
    return expected(p, what);
}

/* Words that end a list of question codes or may never be one. */
static const char *const reserved[] = {"of", "and", "among", NULL};

static int is_reserved(const tok *t)
{
    for (size_t i = 0; reserved[i]; i++)
        if (is_kw(t, reserved[i]))
            return 1;
    return 0;
}

static int add_name(parser *p, pk_claim_name **v, size_t *n, const tok *t)
{
    pk_claim_name *nv = realloc(*v, (*n + 1) * sizeof *nv);
    if (!nv)
        return pk_err_nomem(p->err);
    *v = nv;
    nv[*n].text = strdup(t->text);
    nv[*n].col = t->col;
    if (!nv[*n].text)
        return pk_err_nomem(p->err);
    (*n)++;
    return 0;
}

/* An amount: "60%", "half", "a third", "two thirds", ... */
static int parse_amount(parser *p, double *theta, char *label, size_t size)
{
    tok *t = peek(p, 0);
    double v;
    static const struct { const char *w1, *w2; double v; } words[] = {
        {"half", NULL, 0.5},
        {"a", "half", 0.5},
        {"a", "third", 1.0 / 3},
        {"one", "third", 1.0 / 3},
        {"two", "thirds", 2.0 / 3},
        {"a", "quarter", 0.25},
        {"one", "quarter", 0.25},
        {"three", "quarters", 0.75},
    };
    if (t->kind == T_WORD && pk_number_parse(t->text, &v) == 0) {
        if (peek(p, 1)->kind != T_PERCENT) {
            p->pos++;
            return expected(p, "'%' (amounts are percentages, e.g. '60%')");
        }
        if (!(v > 0 && v < 100))
            return fail_at(p, t->col, "a percentage must be above 0 and below 100, found '%s'",
                           t->text);
        *theta = v / 100;
        snprintf(label, size, "%s%%", t->text);
        p->pos += 2;
        return 0;
    }
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        if (!is_kw(t, words[i].w1) || (words[i].w2 && !is_kw(peek(p, 1), words[i].w2)))
            continue;
        *theta = words[i].v;
        snprintf(label, size, "%s%s%s", words[i].w1, words[i].w2 ? " " : "",
                 words[i].w2 ? words[i].w2 : "");
        p->pos += words[i].w2 ? 2 : 1;
        return 0;
    }
    return expected(p, "an amount ('60%', 'half', 'a third', 'two thirds', 'a quarter', "
                       "'three quarters')");
}

static const char *const threshold_what =
    "a threshold ('majority', 'most', 'at least N%', 'fewer than a third', ...)";

static int parse_threshold(parser *p, pk_claim *c)
{
    char amount[64], label[96];
    const char *lead = NULL;
    c->above = 1;
    c->inclusive = 0;
    if (at_kw(p, "a") && is_kw(peek(p, 1), "majority")) {
        p->pos += 2;
        c->theta = 0.5;
        c->threshold = strdup("a majority");
    } else if (accept_kw(p, "majority")) {
        c->theta = 0.5;
        c->threshold = strdup("a majority");
    } else if (accept_kw(p, "most")) {
        c->theta = 0.5;
        c->threshold = strdup("most");
    } else if (at_kw(p, "a") && is_kw(peek(p, 1), "minority")) {
        p->pos += 2;
        c->theta = 0.5;
        c->above = 0;
        c->threshold = strdup("a minority");
    } else {
        if (at_kw(p, "more") && is_kw(peek(p, 1), "than")) {
            lead = "more than";
            p->pos += 2;
        } else if (accept_kw(p, "over")) {
            lead = "more than";
        } else if (at_kw(p, "at") && is_kw(peek(p, 1), "least")) {
            lead = "at least";
            c->inclusive = 1;
            p->pos += 2;
        } else if ((at_kw(p, "fewer") || at_kw(p, "less")) && is_kw(peek(p, 1), "than")) {
            lead = "fewer than";
            c->above = 0;
            p->pos += 2;
        } else if (accept_kw(p, "under")) {
            lead = "fewer than";
            c->above = 0;
        } else if (at_kw(p, "at") && is_kw(peek(p, 1), "most")) {
            lead = "at most";
            c->above = 0;
            c->inclusive = 1;
            p->pos += 2;
        } else if (at_kw(p, "no") && is_kw(peek(p, 1), "more") && is_kw(peek(p, 2), "than")) {
            lead = "at most";
            c->above = 0;
            c->inclusive = 1;
            p->pos += 3;
        } else {
            return expected(p, threshold_what);
        }
        if (parse_amount(p, &c->theta, amount, sizeof amount) != 0)
            return failed(p);
        snprintf(label, sizeof label, "%s %s", lead, amount);
        c->threshold = strdup(label);
    }
    if (!c->threshold)
        return pk_err_nomem(p->err);
    return 0;
}

static const char *const question_what = "a question code (e.g. 'q_temp_status')";

static int parse_question(parser *p, pk_claim *c)
{
    const tok *t = peek(p, 0);
    if (t->kind != T_WORD || is_reserved(t))
        return expected(p, question_what);
    /* Counted twice, a proposal would make "3 of q, q, q" hold on one. */
    if (pk_util_nameset_has(&p->proposals, t->text)) {
        for (size_t i = 0; i < c->nquestions; i++)
            if (strcmp(c->questions[i].text, t->text) == 0)
                return fail_at(p, t->col, "proposal '%s' is named twice in this claim (first at "
                                          "column %d)", t->text, c->questions[i].col);
    }
    if (pk_util_nameset_add(&p->proposals, t->text) != 0)
        return pk_err_nomem(p->err);
    p->pos++;
    return add_name(p, &c->questions, &c->nquestions, t);
}

static int parse_proposals(parser *p, pk_claim *c)
{
    const tok *t = peek(p, 0);
    c->quant_col = t->col;
    c->k = 1;
    if (is_kw(t, "all") || is_kw(t, "each")) {
        c->quant = PK_CLAIM_QUANT_ALL;
        p->pos++;
    } else if (is_kw(t, "most")) {
        c->quant = PK_CLAIM_QUANT_MOST;
        p->pos++;
    } else if (is_kw(t, "many")) {
        c->quant = PK_CLAIM_QUANT_MANY;
        p->pos++;
    } else if (is_kw(t, "any")) {
        c->quant = PK_CLAIM_QUANT_ANY;
        p->pos++;
    } else if (is_kw(t, "at") && is_kw(peek(p, 1), "least")) {
        p->pos += 2;
        const tok *k = peek(p, 0);
        long v;
        if (k->kind != T_WORD || pk_number_parse_long(k->text, &v) != 0)
            return expected(p, "a number of proposals (e.g. 'at least 3 of')");
        if (v < 1)
            return fail_at(p, k->col, "the number of proposals must be at least 1, found '%s'",
                           k->text);
        c->quant = PK_CLAIM_QUANT_ATLEAST;
        c->k = v;
        p->pos++;
    } else {
        c->quant = PK_CLAIM_QUANT_ONE;
        return parse_question(p, c);
    }
    if (expect_kw(p, "of") != 0)
        return failed(p);
    if (peek(p, 0)->kind == T_STAR) {
        p->pos++;
        c->all_questions = 1;
        return 0;
    }
    if (at_kw(p, "the") && is_kw(peek(p, 1), "proposals")) {
        p->pos += 2;
        c->all_questions = 1;
        return 0;
    }
    if (peek(p, 0)->kind != T_WORD || is_reserved(peek(p, 0)))
        return expected(p, "'*', 'the proposals' or a list of question codes");
    if (parse_question(p, c) != 0)
        return failed(p);
    while (peek(p, 0)->kind == T_COMMA || (at_kw(p, "and") && !is_reserved(peek(p, 1)))) {
        p->pos++;
        if (parse_question(p, c) != 0)
            return failed(p);
    }
    if (c->quant == PK_CLAIM_QUANT_ATLEAST && (size_t)c->k > c->nquestions)
        return fail_at(p, c->quant_col, "'at least %ld of' %zu proposal%s can never hold", c->k,
                       c->nquestions, c->nquestions == 1 ? "" : "s");
    return 0;
}

/* Whether tokens [i, end) read as proposals (see the grammar), without
 * consuming them. */
static int proposals_at(parser *p, size_t i, size_t end)
{
    const tok *t = &p->toks[i];
    size_t k = i;
    if (i >= end)
        return 0;
    if (is_kw(t, "all") || is_kw(t, "each") || is_kw(t, "most") || is_kw(t, "many") ||
        is_kw(t, "any"))
        k = i + 1;
    else if (is_kw(t, "at") && i + 2 < end && is_kw(&p->toks[i + 1], "least") &&
             p->toks[i + 2].kind == T_WORD)
        k = i + 3;
    else
        return t->kind == T_WORD && !is_reserved(t) && i + 1 == end;
    if (k >= end || !is_kw(&p->toks[k], "of"))
        return 0;
    k++;
    if (k < end && p->toks[k].kind == T_STAR)
        return k + 1 == end;
    if (k + 1 < end && is_kw(&p->toks[k], "the") && is_kw(&p->toks[k + 1], "proposals"))
        return k + 2 == end;
    int want_word = 1;
    for (; k < end; k++) {
        const tok *x = &p->toks[k];
        if (want_word) {
            if (x->kind != T_WORD || is_reserved(x))
                return 0;
            want_word = 0;
        } else {
            if (x->kind != T_COMMA && !is_kw(x, "and"))
                return 0;
            want_word = 1;
        }
    }
    return !want_word;
}

/* The first position after `from` (at least one word must come before the
 * proposals) where the proposals run to `end`; 0 when there is none. */
static size_t find_proposals(parser *p, size_t from, size_t end)
{
    for (size_t i = from + 1; i < end; i++)
        if (proposals_at(p, i, end))
            return i;
    return 0;
}

/* Words [from, to) joined by single spaces (a comma is kept as ","), with
 * the column of the first. */
static int join_words(parser *p, size_t from, size_t to, char **out, int *col)
{
    size_t len = 1;
    for (size_t i = from; i < to; i++)
        len += (p->toks[i].text ? strlen(p->toks[i].text) : 1) + 1;
    char *s = malloc(len);
    if (!s)
        return pk_err_nomem(p->err);
    s[0] = '\0';
    for (size_t i = from; i < to; i++) {
        const tok *t = &p->toks[i];
        if (i > from && t->kind != T_COMMA)
            strcat(s, " ");
        strcat(s, t->kind == T_COMMA ? "," : t->text ? t->text : "");
    }
    *out = s;
    *col = from < p->ntoks ? p->toks[from].col : 1;
    return 0;
}

/* Tokens [from, to) kept one by one, for the split into groups and a
 * response that needs the table. */
static int keep_phrase(parser *p, pk_claim *c, size_t from, size_t to)
{
    for (size_t i = from; i < to; i++) {
        const tok *t = &p->toks[i];
        if (t->kind != T_WORD && t->kind != T_COMMA) {
            p->pos = i;
            return expected(p, "words naming groups and a response");
        }
        pk_claim_name *nv = realloc(c->phrase, (c->nphrase + 1) * sizeof *nv);
        if (!nv)
            return pk_err_nomem(p->err);
        c->phrase = nv;
        nv[c->nphrase].text = strdup(t->kind == T_COMMA ? "," : t->text);
        nv[c->nphrase].col = t->col;
        if (!nv[c->nphrase].text)
            return pk_err_nomem(p->err);
        c->nphrase++;
    }
    return 0;
}

static const char *const proposals_what =
    "a question code, or 'all of', 'most of', 'many of', 'any of', 'at least K of' and a list";

/* Parse the proposals that start at `at` and end at `end`. */
static int proposals_from(parser *p, pk_claim *c, size_t at, size_t end)
{
    p->pos = at;
    if (parse_proposals(p, c) != 0)
        return failed(p);
    if (p->pos != end)
        return expected(p, "the end of the proposals");
    return 0;
}

/* The index of the first keyword kw at or after `from`, before `end`. */
static size_t find_kw(parser *p, size_t from, size_t end, const char *kw)
{
    for (size_t i = from; i < end; i++)
        if (is_kw(&p->toks[i], kw))
            return i;
    return end;
}

/* The end of the group before "more likely" / "less likely" (at token
 * likely), an "are" or "is" left out: *g1end. An error when no group is
 * there. */
static int group_before_likely(parser *p, size_t likely, size_t *g1end)
{
    *g1end = likely - 1;
    if (*g1end > p->pos && (is_kw(&p->toks[*g1end - 1], "are") || is_kw(&p->toks[*g1end - 1], "is")))
        (*g1end)--;
    if (*g1end == p->pos) {
        p->pos = likely - 1;
        return expected(p, "a group before 'more likely' or 'less likely'");
    }
    return 0;
}

/* ---- Claims about change between waves ----------------------------------
 *
 *   trend  := response 'for' QUESTION ['among' group] [aux] change 'since' wave
 *                 [[','] 'within' N 'points']
 *           | group ['are'|'is'] ('more'|'less') 'likely than in' wave 'to' response QUESTION
 *   aux    := 'has' | 'have' | 'is' | 'are' | 'was'
 *   change := ('fallen'|'fell'|'dropped'|'declined'|'decreased'|'gone down') [by]
 *           | ('risen'|'rose'|'grown'|'grew'|'increased'|'gone up') [by]
 *           | 'unchanged' | 'stayed the same'
 *   by     := 'by' ['at least'] N ('points'|'point'|'percentage points'|'%')
 *   wave   := words naming a wave of the table: its code or label (or the
 *             first words of one label)
 */
static const struct { const char *w1, *w2; int dir; } change_verbs[] = {
    {"fallen", NULL, -1}, {"fell", NULL, -1}, {"dropped", NULL, -1}, {"declined", NULL, -1},
    {"decreased", NULL, -1}, {"gone", "down", -1}, {"risen", NULL, 1}, {"rose", NULL, 1},
    {"grown", NULL, 1}, {"grew", NULL, 1}, {"increased", NULL, 1}, {"gone", "up", 1},
    {"unchanged", NULL, 0}, {"stayed", "the", 0},
};

/* The change verb at token i: its index in change_verbs, or -1. */
static long change_verb_at(parser *p, size_t i)
{
    for (size_t k = 0; k < sizeof change_verbs / sizeof change_verbs[0]; k++)
        if (is_kw(&p->toks[i], change_verbs[k].w1) &&
            (!change_verbs[k].w2 || (i + 1 < p->ntoks && is_kw(&p->toks[i + 1], change_verbs[k].w2))))
            return (long)k;
    return -1;
}

/* N points (or N%) at p->pos: a proportion in *out. */
static int parse_points(parser *p, double *out, int *col)
{
    const tok *t = peek(p, 0);
    double v;
    *col = t->col;
    if (t->kind != T_WORD || pk_number_parse(t->text, &v) != 0 || !(v > 0 && v <= 100))
        return expected(p, "a number of points above 0 (e.g. '5 points')");
    p->pos++;
    if (at_kw(p, "percentage") && is_kw(peek(p, 1), "points"))
        p->pos++;
    if (peek(p, 0)->kind == T_PERCENT)
        p->pos++;
    else if (!accept_kw(p, "points") && !accept_kw(p, "point"))
        return expected(p, "'points' after the number");
    *out = v / 100;
    return 0;
}

/* The words from `from` to `to` as one name (a wave's). */
static int trend_wave(parser *p, pk_claim *c, size_t from, size_t to)
{
    if (from >= to) {
        p->pos = from;
        return expected(p, "a wave (its code or label)");
    }
    return join_words(p, from, to, &c->since, &c->since_col);
}

static int parse_trend_since(parser *p, pk_claim *c, size_t end, size_t since)
{
    size_t f = find_kw(p, p->pos, since, "for");
    if (f == p->pos || f == since) {
        p->pos = f;
        return expected(p, f == since ? "'for' and a question before 'since' (e.g. 'support for "
                                        "q_cap has fallen since june')"
                                      : "a response before 'for' (e.g. 'support')");
    }
    if (join_words(p, p->pos, f, &c->response, &c->response_col) != 0)
        return failed(p);
    p->pos = f + 1;
    if (parse_question(p, c) != 0)
        return failed(p);
    /* The change verb, after an optional group and auxiliary. */
    size_t v = p->pos;
    long k = -1;
    while (v < since && (k = change_verb_at(p, v)) < 0)
        v++;
    if (k < 0) {
        p->pos = since;
        return expected(p, "how it changed ('has fallen', 'has risen', 'is unchanged', ...)");
    }
    size_t gend = v;
    if (gend > p->pos && (is_kw(&p->toks[gend - 1], "has") || is_kw(&p->toks[gend - 1], "have") ||
                          is_kw(&p->toks[gend - 1], "is") || is_kw(&p->toks[gend - 1], "are") ||
                          is_kw(&p->toks[gend - 1], "was")))
        gend--;
    if (gend > p->pos) {
        if (!is_kw(&p->toks[p->pos], "among") || gend == p->pos + 1) {
            p->pos += is_kw(&p->toks[p->pos], "among");
            return expected(p, "'among' and a group, or how it changed");
        }
        c->groups = calloc(1, sizeof *c->groups);
        if (!c->groups)
            return pk_err_nomem(p->err);
        if (join_words(p, p->pos + 1, gend, &c->groups[0].text, &c->groups[0].col) != 0)
            return failed(p);
        c->ngroups = 1;
    }
    c->direction = change_verbs[k].dir;
    size_t after = v + (change_verbs[k].w2 ? 2 : 1);
    if (change_verbs[k].w2 && strcmp(change_verbs[k].w2, "the") == 0) {
        if (after >= since || !is_kw(&p->toks[after], "same")) {
            p->pos = after;
            return expected(p, "'same' after 'stayed the'");
        }
        after++;
    }
    if (join_words(p, gend, after, &c->change_words, &(int){0}) != 0)
        return failed(p);
    p->pos = after;
    if (accept_kw(p, "by")) {
        if (c->direction == 0)
            return fail_at(p, p->toks[p->pos - 1].col, "'unchanged' takes 'within N points', not 'by'");
        if (!(at_kw(p, "at") && is_kw(peek(p, 1), "least")))
            return expected(p, "'at least' after 'by' (a change is claimed as 'by at least N "
                               "points': a change of exactly N cannot be shown)");
        p->pos += 2;
        if (parse_points(p, &c->points, &c->points_col) != 0)
            return failed(p);
    }
    if (p->pos != since)
        return expected(p, "'since' and a wave");
    size_t within = find_kw(p, since + 1, end, "within");
    size_t wend = within;
    if (wend > since + 1 && p->toks[wend - 1].kind == T_COMMA)
        wend--;
    if (trend_wave(p, c, since + 1, wend) != 0)
        return failed(p);
    p->pos = end;
    if (within < end) {
        if (c->direction != 0)
            return fail_at(p, p->toks[within].col, "'within N points' goes with 'unchanged'; a "
                           "fall or rise takes 'by at least N points'");
        p->pos = within + 1;
        if (parse_points(p, &c->points, &c->points_col) != 0)
            return failed(p);
    }
    if (c->direction == 0 && isnan(c->points))
        return fail_at(p, p->toks[v].col, "'unchanged' needs a margin ('... is unchanged since "
                       "june, within 3 points'): no poll can show that there was no change, "
                       "only that any change was smaller than some number of points");
    return 0;
}

/* GROUP [are|is] more|less likely than in WAVE to RESPONSE QUESTION. */
static int parse_trend_likely(parser *p, pk_claim *c, size_t end, size_t likely)
{
    size_t g1end;
    if (group_before_likely(p, likely, &g1end) != 0)
        return failed(p);
    c->direction = is_kw(&p->toks[likely - 1], "more") ? 1 : -1;
    c->more = c->direction > 0;
    c->groups = calloc(1, sizeof *c->groups);
    if (!c->groups)
        return pk_err_nomem(p->err);
    if (join_words(p, p->pos, g1end, &c->groups[0].text, &c->groups[0].col) != 0)
        return failed(p);
    c->ngroups = 1;
    if (join_words(p, likely - 1, likely + 1, &c->change_words, &(int){0}) != 0)
        return failed(p);
    size_t to = find_kw(p, likely + 3, end, "to");
    if (to == end) {
        p->pos = end;
        return expected(p, "'to', a response and a question after the wave");
    }
    if (trend_wave(p, c, likely + 3, to) != 0)
        return failed(p);
    if (to + 1 >= end - 1) {
        p->pos = to + 1;
        return expected(p, "a response and a question after 'to'");
    }
    if (join_words(p, to + 1, end - 1, &c->response, &c->response_col) != 0)
        return failed(p);
    p->pos = end - 1;
    return parse_question(p, c);
}

/* A claim about change (see the grammar above), or 0 with nothing done
 * when the words are none. */
static int parse_trend(parser *p, pk_claim *c, size_t end, int *is_trend)
{
    size_t since = find_kw(p, p->pos, end, "since");
    size_t likely = find_kw(p, p->pos + 1, end, "likely");
    int than_in = likely >= 2 && likely + 2 < end && is_kw(&p->toks[likely + 1], "than") &&
                  is_kw(&p->toks[likely + 2], "in") &&
                  (is_kw(&p->toks[likely - 1], "more") || is_kw(&p->toks[likely - 1], "less"));
    *is_trend = since < end || than_in;
    if (!*is_trend)
        return 0;
    c->kind = PK_CLAIM_TREND;
    c->quant = PK_CLAIM_QUANT_ONE;
    c->k = 1;
    c->points = NAN;
    c->quant_col = p->toks[p->pos].col;
    return than_in ? parse_trend_likely(p, c, end, likely) : parse_trend_since(p, c, end, since);
}

/* ---- Mean claims: a mean score against a number, or two groups' means -- */

static int is_rate_verb(const tok *t)
{
    static const char *const verbs[] = {"rate", "rates", "rated", "score", "scores", "scored", NULL};
    for (size_t i = 0; verbs[i]; i++)
        if (is_kw(t, verbs[i]))
            return 1;
    return 0;
}

/* Where "GROUP rate PROPOSALS higher|lower than GROUP" has its verb (*v)
 * and its 'higher' or 'lower' (*h); 0 when the claim is not one. */
static int mean_compare_at(parser *p, size_t end, size_t *v, size_t *h)
{
    for (size_t i = p->pos + 1; i < end; i++) {
        if (!is_rate_verb(&p->toks[i]))
            continue;
        for (size_t k = i + 1; k + 1 < end; k++)
            if ((is_kw(&p->toks[k], "higher") || is_kw(&p->toks[k], "lower")) &&
                is_kw(&p->toks[k + 1], "than")) {
                *v = i;
                *h = k;
                return 1;
            }
        return 0;
    }
    return 0;
}

static int two_groups(parser *p, pk_claim *c, size_t a, size_t a_end, size_t b, size_t b_end)
{
    pk_claim_name g[2];
    if (join_words(p, a, a_end, &g[0].text, &g[0].col) != 0)
        return failed(p);
    if (join_words(p, b, b_end, &g[1].text, &g[1].col) != 0) {
        free(g[0].text);
        return failed(p);
    }
    c->groups = malloc(2 * sizeof *c->groups);
    if (!c->groups) {
        free(g[0].text);
        free(g[1].text);
        return pk_err_nomem(p->err);
    }
    c->groups[0] = g[0];
    c->groups[1] = g[1];
    c->ngroups = 2;
    return 0;
}

static int parse_mean_compare(parser *p, pk_claim *c, size_t v, size_t h, size_t end)
{
    c->kind = PK_CLAIM_MEAN_COMPARE;
    c->more = is_kw(&p->toks[h], "higher");
    size_t g2end = end;
    if (g2end > h + 3 && (is_kw(&p->toks[g2end - 1], "do") || is_kw(&p->toks[g2end - 1], "does")))
        g2end--;
    if (h + 2 >= g2end) {
        p->pos = h + 2;
        return expected(p, "a group");
    }
    for (size_t i = p->pos; i < v; i++)
        if (p->toks[i].kind != T_WORD) {
            p->pos = i;
            return expected(p, "a group before 'rate'");
        }
    if (two_groups(p, c, p->pos, v, h + 2, g2end) != 0)
        return failed(p);
    if (v + 1 == h || !proposals_at(p, v + 1, h)) {
        p->pos = v + 1;
        return expected(p, proposals_what);
    }
    if (proposals_from(p, c, v + 1, h) != 0)
        return failed(p);
    p->pos = end;
    return 0;
}

/* "... is above 5": the side's first word at *at, above or below, and
 * whether the number itself passes. 0 when the words before the number
 * are none of the sides. */
static int mean_side_at(parser *p, size_t num, size_t from, size_t *at, int *above, int *inclusive)
{
    static const struct { const char *w1, *w2, *w3; int above, inclusive; } sides[] = {
        {"no", "more", "than", 0, 1},   {"more", "than", NULL, 1, 0},
        {"higher", "than", NULL, 1, 0}, {"greater", "than", NULL, 1, 0},
        {"less", "than", NULL, 0, 0},   {"lower", "than", NULL, 0, 0},
        {"fewer", "than", NULL, 0, 0},  {"at", "least", NULL, 1, 1},
        {"at", "most", NULL, 0, 1},     {"above", NULL, NULL, 1, 0},
        {"over", NULL, NULL, 1, 0},     {"below", NULL, NULL, 0, 0},
        {"under", NULL, NULL, 0, 0},
    };
    for (size_t i = 0; i < sizeof sides / sizeof sides[0]; i++) {
        size_t nw = sides[i].w3 ? 3 : sides[i].w2 ? 2 : 1;
        if (num < from + nw)
            continue;
        size_t s = num - nw;
        if (!is_kw(&p->toks[s], sides[i].w1) || (sides[i].w2 && !is_kw(&p->toks[s + 1], sides[i].w2)) ||
            (sides[i].w3 && !is_kw(&p->toks[s + 2], sides[i].w3)))
            continue;
        *at = s;
        *above = sides[i].above;
        *inclusive = sides[i].inclusive;
        return 1;
    }
    return 0;
}

static int parse_mean(parser *p, pk_claim *c, size_t end)
{
    c->kind = PK_CLAIM_MEAN;
    accept_kw(p, "the");
    p->pos++;   /* 'average' or 'mean' */
    (void)(accept_kw(p, "rating") || accept_kw(p, "ratings") || accept_kw(p, "score") ||
           accept_kw(p, "scores"));
    if (!accept_kw(p, "of") && !accept_kw(p, "on") && !accept_kw(p, "for"))
        return expected(p, "'of' and a question (e.g. 'the average rating of q_trust is above 5')");
    size_t from = p->pos;
    const tok *num = end > from ? &p->toks[end - 1] : NULL;
    double v;
    size_t side;
    if (!num || num->kind != T_WORD || pk_number_parse(num->text, &v) != 0 || !isfinite(v) ||
        !mean_side_at(p, end - 1, from + 1, &side, &c->above, &c->inclusive)) {
        p->pos = end;
        return expected(p, "'is above N' or 'is below N' at the end of a mean claim "
                           "(also 'at least N', 'at most N', 'more than N', 'less than N')");
    }
    c->theta = v;
    size_t verb = side;
    if (verb > from && (is_kw(&p->toks[verb - 1], "is") || is_kw(&p->toks[verb - 1], "was") ||
                            is_kw(&p->toks[verb - 1], "are") || is_kw(&p->toks[verb - 1], "were")))
        verb--;
    char label[160];
    const char *lead = c->above ? (c->inclusive ? "at least" : "above") : (c->inclusive ? "at most" : "below");
    snprintf(label, sizeof label, "%s %s", lead, num->text);
    if (!(c->threshold = strdup(label)))
        return pk_err_nomem(p->err);
    size_t among = find_kw(p, from, verb, "among");
    if (among == from || !proposals_at(p, from, among)) {
        p->pos = from;
        return expected(p, proposals_what);
    }
    if (proposals_from(p, c, from, among) != 0)
        return failed(p);
    if (among < verb) {
        if (among + 1 == verb) {
            p->pos = verb;
            return expected(p, "groups after 'among'");
        }
        if (keep_phrase(p, c, among + 1, verb) != 0)
            return failed(p);
    }
    p->pos = end;
    return 0;
}

static int parse_claim(parser *p, pk_claim *c)
{
    const tok *t0 = peek(p, 0), *t1 = peek(p, 1);
    size_t end = p->ntoks - 1;   /* the T_END token */
    if (t0->kind == T_END)
        return expected(p, "a claim");
    int is_trend, rc = parse_trend(p, c, end, &is_trend);
    if (is_trend)
        return rc;
    if ((is_kw(t0, "the") && (is_kw(t1, "average") || is_kw(t1, "mean"))) || is_kw(t0, "average") ||
        (is_kw(t0, "mean") && (is_kw(t1, "rating") || is_kw(t1, "score") || is_kw(t1, "of"))))
        return parse_mean(p, c, end);
    /* more X than Y PROPOSALS [among GROUPS] (not "more than N%"). */
    size_t than = find_kw(p, p->pos + 1, end, "than");
    if (is_kw(t0, "more") && !is_kw(t1, "than") && than < end &&
        !(than >= 2 && (is_kw(&p->toks[than - 1], "likely")))) {
        c->kind = PK_CLAIM_NET;
        c->more = 1;
        if (join_words(p, p->pos + 1, than, &c->response, &c->response_col) != 0)
            return failed(p);
        size_t among = find_kw(p, than + 1, end, "among");
        size_t at = find_proposals(p, than + 1, among);
        if (at == 0) {
            p->pos = among;
            return expected(p, proposals_what);
        }
        if (join_words(p, than + 1, at, &c->response2, &c->response2_col) != 0 ||
            proposals_from(p, c, at, among) != 0)
            return failed(p);
        if (among < end) {
            if (among + 1 == end) {
                p->pos = end;
                return expected(p, "groups after 'among'");
            }
            if (keep_phrase(p, c, among + 1, end) != 0)
                return failed(p);
        }
        p->pos = end;
        return 0;
    }
    /* A threshold's first words; a group whose code is one of them (say
     * "a" or "at") still starts a comparison when the next word says so. */
    int share_start = (is_kw(t0, "a") && (is_kw(t1, "majority") || is_kw(t1, "minority"))) ||
                      is_kw(t0, "majority") || is_kw(t0, "most") || is_kw(t0, "over") ||
                      is_kw(t0, "under") ||
                      (is_kw(t0, "at") && (is_kw(t1, "least") || is_kw(t1, "most"))) ||
                      (is_kw(t0, "no") && is_kw(t1, "more")) || is_kw(t0, "fewer") ||
                      ((is_kw(t0, "more") || is_kw(t0, "less")) && is_kw(t1, "than"));
    /* GROUP rate PROPOSALS higher|lower than GROUP */
    size_t rate_verb, higher;
    if (!share_start && mean_compare_at(p, end, &rate_verb, &higher))
        return parse_mean_compare(p, c, rate_verb, higher, end);
    /* GROUP [are|is] more|less likely than GROUP to RESPONSE PROPOSALS */
    size_t likely = find_kw(p, p->pos + 1, end, "likely");
    int compare = !share_start && likely < end && likely >= 2 && likely + 1 < end &&
                  is_kw(&p->toks[likely + 1], "than") &&
                  (is_kw(&p->toks[likely - 1], "more") || is_kw(&p->toks[likely - 1], "less"));
    if (!share_start && !compare) {
        if (t0->kind == T_WORD && likely == end)
            return expected(p, "a threshold ('majority', 'most', 'at least N%', 'fewer than a "
                               "third', ...), 'more ... than ...' or a group compared to another "
                               "('... more likely than ... to ...')");
        if (t0->kind != T_WORD)
            return expected(p, "a threshold ('majority', 'most', 'at least N%', 'fewer than a "
                               "third', ...)");
    }
    if (compare) {
        c->kind = PK_CLAIM_COMPARE;
        c->more = is_kw(&p->toks[likely - 1], "more");
        size_t g1end;
        if (group_before_likely(p, likely, &g1end) != 0)
            return failed(p);
        size_t to = find_kw(p, likely + 2, end, "to");
        if (to == likely + 2 || to == end) {
            p->pos = to;
            return expected(p, to == end ? "'to' and a response after the second group"
                                         : "a group after 'than'");
        }
        if (two_groups(p, c, p->pos, g1end, likely + 2, to) != 0)
            return failed(p);
        size_t at = find_proposals(p, to + 1, end);
        if (at == 0) {
            p->pos = to + 1 < end ? end : to + 1;
            return expected(p, to + 1 < end ? proposals_what : "a response after 'to'");
        }
        if (join_words(p, to + 1, at, &c->response, &c->response_col) != 0)
            return failed(p);
        return proposals_from(p, c, at, end);
    }
    c->kind = PK_CLAIM_SHARE;
    if (parse_threshold(p, c) != 0)
        return failed(p);
    c->has_of = accept_kw(p, "of");
    size_t from = p->pos;
    if (from >= end)
        return expected(p, c->has_of ? "groups and a response" : "a response");
    size_t at = find_proposals(p, from, end);
    if (at == 0) {
        p->pos = end;
        return expected(p, proposals_what);
    }
    if (keep_phrase(p, c, from, at) != 0)
        return failed(p);
    return proposals_from(p, c, at, end);
}

void pk_claim_free(pk_claim *c)
{
    if (!c)
        return;
    free(c->id);
    free(c->quote);
    free(c->text);
    free(c->source);
    free(c->threshold);
    free(c->response);
    free(c->response2);
    free(c->since);
    free(c->change_words);
    for (size_t i = 0; i < c->nphrase; i++)
        free(c->phrase[i].text);
    free(c->phrase);
    for (size_t i = 0; i < c->ngroups; i++)
        free(c->groups[i].text);
    free(c->groups);
    for (size_t i = 0; i < c->nquestions; i++)
        free(c->questions[i].text);
    free(c->questions);
    memset(c, 0, sizeof *c);
}

int pk_claim_parse(const char *line, int require_id, const char *default_id,
                   const char *source, long lineno, pk_claim *c, pk_err *err)
{
    memset(c, 0, sizeof *c);
    parser p = {line, source, lineno, NULL, 0, 0, err, {0}};
    /* The quote and the claim are copied to the output: text that is not
     * UTF-8 would make every reader of it guess. */
    size_t bad = pk_csv_utf8_invalid_at(line, strlen(line));
    if (bad != (size_t)-1)
        return fail_at(&p, col_of(line, bad), "invalid UTF-8 (byte 0x%02x): the claims must be "
                                              "UTF-8 text; convert them first, e.g. with iconv -f LATIN1 -t UTF-8",
                       (unsigned char)line[bad]);
    int rc = lex(&p);
    if (rc == 0) {
        tok *t0 = peek(&p, 0);
        if (t0->kind == T_WORD && peek(&p, 1)->kind == T_COLON) {
            c->id = strdup(t0->text);
            p.pos = 2;
        } else if (require_id) {
            rc = expected(&p, "a claim id followed by ':' (e.g. 'c1: \"quoted words\" => "
                              "majority of lab support q_temp_status')");
        } else {
            c->id = strdup(default_id);
        }
    }
    if (rc == 0) {
        if (peek(&p, 0)->kind == T_QUOTE) {
            c->quote = strdup(peek(&p, 0)->text);
            p.pos++;
            if (peek(&p, 0)->kind != T_ARROW)
                rc = expected(&p, "'=>' between the quoted words and the claim");
            else
                p.pos++;
        } else if (require_id) {
            rc = expected(&p, "the article's words in double quotes, then '=>'");
        } else {
            c->quote = strdup("");
        }
    }
    if (rc == 0) {
        const tok *t = peek(&p, 0);
        size_t end = strlen(line);
        while (end > t->start && strchr(" \t\r\n", line[end - 1]))
            end--;
        c->text = strndup(line + t->start, end > t->start ? end - t->start : 0);
        c->text_col = t->col;
        c->source = strdup(source);
        c->line = lineno;
        if (!c->id || !c->quote || !c->text || !c->source)
            rc = pk_err_nomem(err);
    }
    if (rc == 0)
        rc = parse_claim(&p, c);
    if (rc == 0 && peek(&p, 0)->kind != T_END)
        rc = expected(&p, "the end of the claim");
    for (size_t i = 0; i < p.ntoks; i++)
        free(p.toks[i].text);
    free(p.toks);
    pk_util_nameset_free(&p.proposals);
    if (rc != 0)
        pk_claim_free(c);
    return rc;
}

long pk_claim_many(long m)
{
    long k = (m + 2) / 3;
    if (m >= 2 && k < 2)
        k = 2;
    return k < 1 ? 1 : k;
}
