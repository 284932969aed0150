/* Nearest names and the words of a name (colname.h). The distance is the
 * optimal-string-alignment form of Damerau-Levenshtein, so that the most
 * common slip, two neighbours swapped (vote2042), costs one, as one wrong
 * character does. A name whose numbers differ is another name, not a slip
 * (Q7_9 is not Q7_1, vote2019 not vote2024): a candidate is offered only
 * when its digits are the name's, in any order, or the name's with one
 * left out or added. */
#include "colname.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"

#define MAX_SLIP 3

static uint32_t fold(uint32_t c)
{
    return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* Whether the digits of a and b agree as the top comment says. */
static int same_numbers(const char *a, const char *b)
{
    char da[64], db[64];
    size_t na = 0, nb = 0;
    int ca[10] = {0}, cb[10] = {0};
    for (; *a; a++)
        if (*a >= '0' && *a <= '9' && na < sizeof da)
            ca[*a - '0']++, da[na++] = *a;
    for (; *b; b++)
        if (*b >= '0' && *b <= '9' && nb < sizeof db)
            cb[*b - '0']++, db[nb++] = *b;
    if (na == nb)
        return memcmp(ca, cb, sizeof ca) == 0;
    if (na + 1 != nb && nb + 1 != na)
        return 0;
    /* One digit more in the longer: the shorter is what is left without it. */
    const char *s = na < nb ? da : db, *l = na < nb ? db : da;
    size_t ns = na < nb ? na : nb, i = 0;
    while (i < ns && s[i] == l[i])
        i++;
    return memcmp(s + i, l + i + 1, ns - i) == 0;
}

/* Decode s into code points (ASCII letters folded); a byte that starts no
 * valid sequence counts as one character. Returns how many, or SIZE_MAX
 * when memory runs out. */
static size_t decode(const char *s, uint32_t **out)
{
    size_t len = strlen(s), n = 0;
    uint32_t *cp = malloc((len ? len : 1) * sizeof *cp);
    if (!cp)
        return SIZE_MAX;
    const unsigned char *p = (const unsigned char *)s, *end = p + len;
    while (p < end) {
        unsigned c = *p;
        int extra = c >= 0xF8 ? 0 : c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
        if (end - p <= extra)
            extra = 0;
        uint32_t v = extra ? c & (0x3Fu >> extra) : c;
        for (int k = 1; k <= extra; k++)
            v = v << 6 | (p[k] & 0x3Fu);
        cp[n++] = fold(v);
        p += 1 + extra;
    }
    *out = cp;
    return n;
}

/* Optimal string alignment distance between a and b, or a value above
 * limit as soon as it is certain to exceed it. */
static size_t distance(const uint32_t *a, size_t m, const uint32_t *b, size_t n, size_t limit, size_t *rows)
{
    if ((m > n ? m - n : n - m) > limit)
        return limit + 1;
    size_t *prev2 = rows, *prev = rows + (n + 1), *cur = rows + 2 * (n + 1);
    for (size_t j = 0; j <= n; j++)
        prev[j] = j;
    for (size_t i = 1; i <= m; i++) {
        cur[0] = i;
        size_t best = cur[0];
        for (size_t j = 1; j <= n; j++) {
            size_t cost = a[i - 1] != b[j - 1];
            size_t d = prev[j - 1] + cost;
            if (prev[j] + 1 < d)
                d = prev[j] + 1;
            if (cur[j - 1] + 1 < d)
                d = cur[j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && prev2[j - 2] + 1 < d)
                d = prev2[j - 2] + 1;
            cur[j] = d;
            if (d < best)
                best = d;
        }
        if (best > limit)
            return limit + 1;
        size_t *t = prev2;
        prev2 = prev;
        prev = cur;
        cur = t;
    }
    return prev[n];
}

static const char *array_at(const void *list, size_t i)
{
    return ((const char *const *)list)[i];
}

const char *pk_colname_nearest(const char *name, const char *const *cands, size_t n)
{
    return pk_colname_nearest_of(name, cands, n, array_at);
}

const char *pk_colname_nearest_of(const char *name, const void *list, size_t n, pk_colname_at at)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(at(list, i), name) == 0)
            return NULL;
    uint32_t *a;
    size_t m = decode(name, &a);
    if (m == SIZE_MAX)
        return NULL;
    size_t limit = m < 3 ? 0 : m / 3 > MAX_SLIP ? MAX_SLIP : m / 3;
    const char *best = NULL;
    size_t bestd = limit + 1;
    for (size_t i = 0; i < n && bestd > 0; i++) {
        const char *cand = at(list, i);
        if (!same_numbers(name, cand))
            continue;
        uint32_t *b;
        size_t k = decode(cand, &b);
        if (k == SIZE_MAX)
            break;
        size_t *rows = malloc(3 * (k + 1) * sizeof *rows);
        if (!rows) {
            free(b);
            break;
        }
        size_t d = distance(a, m, b, k, bestd - 1, rows);
        free(rows);
        free(b);
        if (d < bestd) {
            bestd = d;
            best = cand;
        }
    }
    free(a);
    return best;
}

const char *pk_colname_hint(char *buf, size_t bufsize, const char *name, const char *const *cands, size_t n)
{
    return pk_colname_hint_of(buf, bufsize, name, cands, n, array_at);
}

const char *pk_colname_hint_of(char *buf, size_t bufsize, const char *name, const void *list, size_t n,
                               pk_colname_at at)
{
    if (bufsize == 0)
        return buf;
    buf[0] = '\0';
    /* One column whose name holds a ';': a file from a spreadsheet set up
     * for a language with decimal commas, not a column to suggest. */
    if (n == 1 && strchr(at(list, 0), ';') && !strchr(at(list, 0), ',')) {
        snprintf(buf, bufsize, " (the header is one column holding ';': the file is separated by ';'; save "
                               "it with ',' separators, or as tab-separated text and use --tsv)");
        return buf;
    }
    const char *near = pk_colname_nearest_of(name, list, n, at);
    if (near) {
        char q[PK_COLNAME_HINT_SIZE - 24];
        snprintf(buf, bufsize, " (did you mean '%s'?)", pk_err_quote(q, sizeof q, near, strlen(near)));
    }
    return buf;
}

int pk_colname_has_word(const char *name, const char *word)
{
    size_t wl = strlen(word);
    for (const char *p = name; *p;) {
        while (*p && !((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
            p++;
        const char *s = p;
        while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z'))
            p++;
        if ((size_t)(p - s) != wl || wl == 0)
            continue;
        size_t i = 0;
        while (i < wl && (char)fold((unsigned char)s[i]) == word[i])
            i++;
        if (i == wl)
            return 1;
    }
    return 0;
}

int pk_colname_weight_like(const char *name)
{
    static const char *const words[] = {"wt", "wts", "wgt", "wgts", "wght"};
    for (const char *p = name; *p; p++) {
        size_t i = 0;
        while (i < 6 && p[i] && (char)fold((unsigned char)p[i]) == "weight"[i])
            i++;
        if (i == 6)
            return 1;
    }
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (pk_colname_has_word(name, words[i]))
            return 1;
    return 0;
}
