/* Recognising the common answer scales from their labels (see
 * scale_guess.h). Word lists written by hand: a label is put in textnorm's
 * normal form, then split into words of ASCII letters and digits (an
 * apostrophe inside a word is dropped, so "don't" reads as "dont"), and the
 * rules look for a scale's stem words and for the words that turn a side
 * over ("not", "dis-", "un-", "against"). */
#include "scale_guess.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "textnorm.h"

#define MAX_WORDS 24
#define WORD_LEN 32

typedef struct words {
    size_t n;
    char w[MAX_WORDS][WORD_LEN];
} words;

/* Split a label into lower-case words. Letters and digits make words; an
 * apostrophe between letters is dropped; "+" and "/" are words of their own
 * (for "Net +/-"). Words longer than WORD_LEN-1 are cut, and words past
 * MAX_WORDS are ignored: no scale label is that long. */
static void split_words(const char *label, words *out)
{
    out->n = 0;
    pk_textnorm_buf nb = {0};
    const char *s = label;
    if (pk_textnorm(&nb, label, strlen(label)) == 0)
        s = nb.s;
    size_t len = 0;
    for (const char *p = s;; p++) {
        unsigned char c = (unsigned char)*p;
        if (isalnum(c) && c < 128) {
            if (len == 0 && out->n == MAX_WORDS)
                continue;
            if (len < WORD_LEN - 1)
                out->w[out->n][len++] = (char)tolower(c);
            continue;
        }
        if (c == '\'' && len > 0 && isalpha((unsigned char)p[1]))
            continue;
        if (len > 0) {
            out->w[out->n][len] = '\0';
            out->n++;
            len = 0;
        }
        if ((c == '+' || c == '-' || c == '/') && out->n < MAX_WORDS) {
            out->w[out->n][0] = (char)c;
            out->w[out->n][1] = '\0';
            out->n++;
        }
        if (c == '\0')
            break;
    }
    pk_textnorm_buf_free(&nb);
}

static int has(const words *w, const char *word)
{
    for (size_t i = 0; i < w->n; i++)
        if (strcmp(w->w[i], word) == 0)
            return 1;
    return 0;
}

/* Index of the first word starting with prefix, or -1. */
static long find_prefix(const words *w, const char *prefix)
{
    size_t k = strlen(prefix);
    for (size_t i = 0; i < w->n; i++)
        if (strncmp(w->w[i], prefix, k) == 0)
            return (long)i;
    return -1;
}

static int is_number(const char *s, long *v)
{
    if (!*s)
        return 0;
    for (const char *p = s; *p; p++)
        if (!isdigit((unsigned char)*p))
            return 0;
    if (strlen(s) > 3)
        return 0;
    *v = strtol(s, NULL, 10);
    return 1;
}

static int dont_know_words(const words *w)
{
    if (w->n == 0)
        return 0;
    if (has(w, "dont") && has(w, "know"))
        return 1;
    if (has(w, "do") && has(w, "not") && has(w, "know"))
        return 1;
    if (has(w, "not") && has(w, "sure"))
        return 1;
    if (has(w, "unsure") || has(w, "refused") || has(w, "dk"))
        return 1;
    if (has(w, "no") && has(w, "opinion"))
        return 1;
    if (has(w, "prefer") && has(w, "not"))
        return 1;
    if (has(w, "rather") && has(w, "not") && has(w, "say"))
        return 1;
    if ((has(w, "cant") || has(w, "cannot") || has(w, "dont")) &&
        (has(w, "remember") || has(w, "recall") || has(w, "say")))
        return 1;
    return 0;
}

int pk_scale_guess_is_dont_know(const char *label)
{
    words w;
    split_words(label, &w);
    return dont_know_words(&w);
}

/* One scale's stems: a label with a positive stem is positive, with a
 * negative stem (or a positive stem turned over by "not"/"dis"/"un"/"in")
 * negative. Negative stems come first where one contains the other. */
typedef struct family_rule {
    enum pk_scale_guess_family family;
    const char *pos[4];  /* prefixes of positive words */
    const char *neg[4];  /* prefixes of negative words */
} family_rule;

static const family_rule rules[] = {
    {PK_SCALE_GUESS_FAMILY_SUPPORT, {"support", "favour", "favor"}, {"oppos", "against"}},
    {PK_SCALE_GUESS_FAMILY_AGREE, {"agree"}, {"disagree"}},
    {PK_SCALE_GUESS_FAMILY_LIKELY, {"likely"}, {"unlikely"}},
    {PK_SCALE_GUESS_FAMILY_SATISFIED, {"satisf"}, {"dissatisf", "unsatisf"}},
    {PK_SCALE_GUESS_FAMILY_FAVOURABLE, {"favourabl", "favorabl", "positive"},
     {"unfavourabl", "unfavorabl", "negative"}},
    {PK_SCALE_GUESS_FAMILY_APPROVE, {"approv"}, {"disapprov"}},
    {PK_SCALE_GUESS_FAMILY_IMPORTANT, {"important"}, {"unimportant"}},
    {PK_SCALE_GUESS_FAMILY_GOOD_BAD, {"good", "better", "well"}, {"bad", "worse", "poor"}},
};

static const char *const family_names[] = {
    "nominal", "support", "agree", "yes_no", "likely", "satisfied",
    "favourable", "approve", "important", "good_bad", "0-10"};

const char *pk_scale_guess_family_name(enum pk_scale_guess_family f)
{
    if ((unsigned)f >= sizeof family_names / sizeof family_names[0])
        return "nominal";
    return family_names[f];
}

static int any_prefix(const words *w, const char *const *list)
{
    for (int i = 0; i < 4 && list[i]; i++)
        if (find_prefix(w, list[i]) >= 0)
            return 1;
    return 0;
}

/* Whether a word turning a side over stands in the label: "not", "no",
 * "nor" does not count (it belongs to "neither ... nor"). */
static int negated(const words *w)
{
    return has(w, "not") || has(w, "never") || has(w, "isnt") || has(w, "arent");
}

/* A midpoint said without the scale's words: "Neither", "Neither/nor",
 * "Neither - nor" (exports shorten "Neither support nor oppose" so). */
static int bare_midpoint(const words *w)
{
    if (!has(w, "neither"))
        return 0;
    for (size_t i = 0; i < w->n; i++)
        if (strcmp(w->w[i], "neither") != 0 && strcmp(w->w[i], "nor") != 0 && strcmp(w->w[i], "/") != 0 &&
            strcmp(w->w[i], "-") != 0)
            return 0;
    return 1;
}

/* The side of a label under one family's rule, or PK_SIDE_NONE. */
static enum pk_side side_under(const words *w, const family_rule *r)
{
    if (bare_midpoint(w))
        return PK_SIDE_NEUTRAL;
    if (has(w, "neither") || has(w, "neutral") || (has(w, "nor") && w->n > 2))
        return (any_prefix(w, r->pos) || any_prefix(w, r->neg) || has(w, "neutral"))
                   ? PK_SIDE_NEUTRAL : PK_SIDE_NONE;
    int neg = any_prefix(w, r->neg);
    int pos = !neg && any_prefix(w, r->pos);
    if (!pos && !neg)
        return PK_SIDE_NONE;
    if (negated(w))
        return pos ? PK_SIDE_NEGATIVE : PK_SIDE_POSITIVE;
    return pos ? PK_SIDE_POSITIVE : PK_SIDE_NEGATIVE;
}

static enum pk_side yes_no_side(const words *w)
{
    if (w->n == 0)
        return PK_SIDE_NONE;
    if (strcmp(w->w[0], "yes") == 0)
        return PK_SIDE_POSITIVE;
    if (strcmp(w->w[0], "no") == 0 && !(w->n > 1 && strcmp(w->w[1], "opinion") == 0))
        return PK_SIDE_NEGATIVE;
    return PK_SIDE_NONE;
}

enum pk_side pk_scale_guess_label(const char *label)
{
    words w;
    split_words(label, &w);
    if (dont_know_words(&w))
        return PK_SIDE_DONT_KNOW;
    enum pk_side s = yes_no_side(&w);
    if (s != PK_SIDE_NONE)
        return s;
    for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++) {
        s = side_under(&w, &rules[i]);
        if (s != PK_SIDE_NONE)
            return s;
    }
    if (has(&w, "neither") || has(&w, "neutral"))
        return PK_SIDE_NEUTRAL;
    return PK_SIDE_NONE;
}

/* A label of the 0-10 scale: its first word is a number 0..10 (an end
 * label may follow: "0 - Not at all likely"). -1 when it is not. */
static long zero_ten_value(const words *w)
{
    long v;
    if (w->n == 0 || !is_number(w->w[0], &v) || v > 10)
        return -1;
    return v;
}

static enum pk_scale_guess_family guess_zero_ten(const words *ws, size_t n, enum pk_side *sides)
{
    int seen[11] = {0};
    for (size_t i = 0; i < n; i++) {
        if (dont_know_words(&ws[i]))
            continue;
        long v = zero_ten_value(&ws[i]);
        if (v < 0 || seen[v])
            return PK_SCALE_GUESS_FAMILY_NOMINAL;
        seen[v] = 1;
    }
    for (int v = 0; v <= 10; v++)
        if (!seen[v])
            return PK_SCALE_GUESS_FAMILY_NOMINAL;
    for (size_t i = 0; i < n; i++) {
        long v = zero_ten_value(&ws[i]);
        sides[i] = v < 0 ? PK_SIDE_DONT_KNOW
                 : v >= 6 ? PK_SIDE_POSITIVE
                 : v == 5 ? PK_SIDE_NEUTRAL : PK_SIDE_NEGATIVE;
    }
    return PK_SCALE_GUESS_FAMILY_ZERO_TEN;
}

/* Try one family on every label: it fits when every label gets a side
 * under it (or is a don't-know) and both sides occur. */
static int fits(const words *ws, size_t n, const family_rule *r, enum pk_side *sides)
{
    int pos = 0, neg = 0;
    for (size_t i = 0; i < n; i++) {
        enum pk_side s;
        if (dont_know_words(&ws[i]))
            s = PK_SIDE_DONT_KNOW;
        else if (r)
            s = side_under(&ws[i], r);
        else
            s = yes_no_side(&ws[i]);
        if (s == PK_SIDE_NONE)
            return 0;
        pos += s == PK_SIDE_POSITIVE;
        neg += s == PK_SIDE_NEGATIVE;
        sides[i] = s;
    }
    return pos > 0 && neg > 0;
}

enum pk_scale_guess_family pk_scale_guess(const char *const *labels, size_t n, enum pk_side *sides)
{
    words *ws = n ? malloc(n * sizeof *ws) : NULL;
    enum pk_scale_guess_family f = PK_SCALE_GUESS_FAMILY_NOMINAL;
    if (n && !ws) {
        for (size_t i = 0; i < n; i++)
            sides[i] = PK_SIDE_NONE;
        return f;
    }
    for (size_t i = 0; i < n; i++)
        split_words(labels[i], &ws[i]);
    if (fits(ws, n, NULL, sides)) {
        f = PK_SCALE_GUESS_FAMILY_YES_NO;
        goto done;
    }
    for (size_t k = 0; k < sizeof rules / sizeof rules[0]; k++)
        if (fits(ws, n, &rules[k], sides)) {
            f = rules[k].family;
            goto done;
        }
    f = guess_zero_ten(ws, n, sides);
    if (f != PK_SCALE_GUESS_FAMILY_NOMINAL)
        goto done;
    for (size_t i = 0; i < n; i++)
        sides[i] = dont_know_words(&ws[i]) ? PK_SIDE_DONT_KNOW : PK_SIDE_NONE;
done:
    free(ws);
    return f;
}

int pk_scale_guess_net(const char *label, enum pk_side *side, int *is_score)
{
    words w;
    split_words(label, &w);
    *side = PK_SIDE_NONE;
    *is_score = 0;
    if (w.n == 0)
        return 0;
    /* The pollster's mark of a net: "NET:" / "Net -" in front, "(net)" or
     * "net" at the end, or "Total" / "Any" in front of a side's word. */
    int net_first = strcmp(w.w[0], "net") == 0 || strcmp(w.w[0], "nett") == 0;
    int net_last = strcmp(w.w[w.n - 1], "net") == 0;
    int total_first = strcmp(w.w[0], "total") == 0 || strcmp(w.w[0], "any") == 0;
    if (!net_first && !net_last && !total_first)
        return 0;
    /* The rest of the label, without the mark. */
    words rest = {0};
    for (size_t i = 0; i < w.n; i++) {
        if ((i == 0 && (net_first || total_first)) || (i == w.n - 1 && net_last))
            continue;
        if (strcmp(w.w[i], "-") == 0 && rest.n == 0)
            continue;
        memcpy(rest.w[rest.n++], w.w[i], WORD_LEN);
    }
    if (rest.n == 0)
        return net_first && !net_last;  /* "Net" alone: a net of some codes */
    if (has(&rest, "score") || has(&rest, "balance") ||
        (has(&rest, "+") && has(&rest, "-"))) {
        *is_score = 1;
        return 1;
    }
    enum pk_side s = pk_scale_guess_label(label);
    if (s == PK_SIDE_DONT_KNOW || s == PK_SIDE_NEUTRAL)
        s = PK_SIDE_NONE;
    /* "Net support" with no separator reads as the net score in British
     * tables ("Net support: +12"); "NET: Support" and "Net - support" are
     * the side's net. The label alone cannot tell which separator stood
     * there, so look at the raw text. */
    if (net_first && !net_last && s != PK_SIDE_NONE) {
        const char *p = label;
        while (*p == ' ' || *p == '\t')
            p++;
        p += 3;
        if (*p == 't' || *p == 'T')
            p++;
        if (*p == ' ' && isalpha((unsigned char)p[1]) && rest.n == 1) {
            *is_score = 1;
            return 1;
        }
    }
    if (total_first && s == PK_SIDE_NONE)
        return 0;  /* "Total" alone is a column, "Any other" an answer */
    *side = s;
    return 1;
}
