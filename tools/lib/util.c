/* Small shared helpers; see util.h. */
#include "util.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>

int pk_util_grow(void **p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return 0;
    size_t n = *cap ? *cap : 16;
    while (n < need) {
        if (n > SIZE_MAX / 2 / elem)
            return -1;
        n *= 2;
    }
    void *q = realloc(*p, n * elem);
    if (!q)
        return -1;
    *p = q;
    *cap = n;
    return 0;
}

void pk_util_sbuf_vaddf(pk_util_sbuf *b, const char *fmt, va_list ap)
{
    if (b->oom)
        return;
    va_list again;
    va_copy(again, ap);
    int n = vsnprintf(NULL, 0, fmt, again);
    va_end(again);
    if (n < 0 || pk_util_grow((void **)&b->s, &b->cap, b->len + (size_t)n + 1, 1)) {
        b->oom = 1;
        return;
    }
    vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
}

void pk_util_sbuf_addf(pk_util_sbuf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    pk_util_sbuf_vaddf(b, fmt, ap);
    va_end(ap);
}

void pk_util_sbuf_add(pk_util_sbuf *b, const char *s)
{
    size_t n = strlen(s);
    if (b->oom)
        return;
    if (pk_util_grow((void **)&b->s, &b->cap, b->len + n + 1, 1)) {
        b->oom = 1;
        return;
    }
    memcpy(b->s + b->len, s, n + 1);
    b->len += n;
}

const char *pk_util_sbuf_str(const pk_util_sbuf *b)
{
    return b->s ? b->s : "";
}

char *pk_util_sbuf_take(pk_util_sbuf *b)
{
    char *s = b->oom ? NULL : b->s ? b->s : strdup("");
    if (b->oom)
        free(b->s);
    memset(b, 0, sizeof *b);
    return s;
}

void pk_util_sbuf_free(pk_util_sbuf *b)
{
    free(b->s);
    memset(b, 0, sizeof *b);
}

uint64_t pk_util_hash(const char *s, size_t len)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ULL;
    }
    return h;
}

uint64_t pk_util_hash_words(const char *s, size_t len)
{
    uint64_t h = 0x9E3779B97F4A7C15ULL ^ len;
    while (len >= 8) {
        uint64_t w;
        memcpy(&w, s, 8);
        h = (h ^ w) * 0xff51afd7ed558ccdULL;
        h ^= h >> 32;
        s += 8;
        len -= 8;
    }
    uint64_t w = 0;
    for (size_t i = 0; i < len; i++)   /* the last 0-7 bytes (no memcpy call) */
        w |= (uint64_t)(unsigned char)s[i] << (8 * i);
    h = (h ^ w) * 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 29;
    return h * 0x94d049bb133111ebULL;
}

uint64_t pk_util_hash_add(uint64_t h, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ULL;
    }
    return h * 1099511628211ULL;   /* the terminating NUL: h ^= 0 */
}

/* Slots are probed linearly from the hash's home; *slot counts probes made,
 * so a walk needs no state beyond it. */
static size_t hindex_home(const pk_util_hindex *ix, uint64_t hash)
{
    /* Mixed (splitmix64's finaliser): FNV's low bits alone cluster on
     * keys that differ in their last characters, as q1, q2... do. */
    hash ^= hash >> 30;
    hash *= 0xbf58476d1ce4e5b9ULL;
    hash ^= hash >> 27;
    hash *= 0x94d049bb133111ebULL;
    hash ^= hash >> 31;
    return (size_t)(hash & (ix->cap - 1));
}

static int hindex_put(pk_util_hindex *ix, uint64_t hash, size_t pos)
{
    size_t i = hindex_home(ix, hash);
    while (ix->pos[i] != SIZE_MAX)
        i = (i + 1) & (ix->cap - 1);
    ix->hash[i] = hash;
    ix->pos[i] = pos;
    ix->n++;
    return 0;
}

int pk_util_hindex_add(pk_util_hindex *ix, uint64_t hash, size_t pos)
{
    if (2 * (ix->n + 1) > ix->cap) {
        size_t ncap = ix->cap ? 2 * ix->cap : 64;
        if (ncap > SIZE_MAX / sizeof(uint64_t))
            return -1;
        pk_util_hindex nx = {malloc(ncap * sizeof(uint64_t)), malloc(ncap * sizeof(size_t)), ncap, 0};
        if (!nx.hash || !nx.pos) {
            free(nx.hash);
            free(nx.pos);
            return -1;
        }
        for (size_t i = 0; i < ncap; i++)
            nx.pos[i] = SIZE_MAX;
        for (size_t i = 0; i < ix->cap; i++)
            if (ix->pos[i] != SIZE_MAX)
                hindex_put(&nx, ix->hash[i], ix->pos[i]);
        free(ix->hash);
        free(ix->pos);
        *ix = nx;
    }
    return hindex_put(ix, hash, pos);
}

size_t pk_util_hindex_next(const pk_util_hindex *ix, uint64_t hash, size_t *slot)
{
    if (!ix->cap)
        return SIZE_MAX;
    size_t i = (hindex_home(ix, hash) + *slot) & (ix->cap - 1);
    while (ix->pos[i] != SIZE_MAX) {
        ++*slot;
        if (ix->hash[i] == hash)
            return ix->pos[i];
        i = (i + 1) & (ix->cap - 1);
    }
    return SIZE_MAX;
}

void pk_util_hindex_free(pk_util_hindex *ix)
{
    free(ix->hash);
    free(ix->pos);
    ix->hash = NULL;
    ix->pos = NULL;
    ix->cap = ix->n = 0;
}

/* The entry of s, or SIZE_MAX. */
static size_t nameset_find(const pk_util_nameset *u, const char *s, uint64_t h)
{
    size_t slot = 0, at;
    while ((at = pk_util_hindex_next(&u->ix, h, &slot)) != SIZE_MAX)
        if (strcmp(u->v[at].s, s) == 0)
            return at;
    return SIZE_MAX;
}

/* The entry of s, made (unused, no number yet) when there is none;
 * SIZE_MAX when memory runs out. */
static size_t nameset_entry(pk_util_nameset *u, const char *s)
{
    uint64_t h = pk_util_hash(s, strlen(s));
    size_t at = nameset_find(u, s, h);
    if (at != SIZE_MAX)
        return at;
    if (pk_util_grow((void **)&u->v, &u->cap, u->n + 1, sizeof *u->v))
        return SIZE_MAX;
    char *copy = strdup(s);
    if (!copy || pk_util_hindex_add(&u->ix, h, u->n) != 0) {
        free(copy);
        return SIZE_MAX;
    }
    u->v[u->n] = (struct pk_util_name){copy, 0, 0};
    return u->n++;
}

int pk_util_nameset_has(const pk_util_nameset *u, const char *s)
{
    size_t at = nameset_find(u, s, pk_util_hash(s, strlen(s)));
    return at != SIZE_MAX && u->v[at].used;
}

int pk_util_nameset_add(pk_util_nameset *u, const char *s)
{
    size_t at = nameset_entry(u, s);
    if (at == SIZE_MAX)
        return -1;
    u->v[at].used = 1;
    return 0;
}

unsigned long pk_util_nameset_next(pk_util_nameset *u, const char *stem, unsigned long first)
{
    size_t at = nameset_entry(u, stem);
    if (at == SIZE_MAX)
        return 0;
    if (u->v[at].next < first)
        u->v[at].next = first;
    return u->v[at].next++;
}

char *pk_util_nameset_numbered(pk_util_nameset *u, const char *stem, const char *sep,
                               unsigned long first)
{
    /* Each number is tried once per stem: a name skipped here was taken
     * before and stays taken, so the walk is linear over all calls. */
    for (;;) {
        char *s = NULL;
        unsigned long k = pk_util_nameset_next(u, stem, first);
        if (k == 0 || asprintf(&s, "%s%s%lu", stem, sep, k) < 0)
            return NULL;
        if (!pk_util_nameset_has(u, s)) {
            if (pk_util_nameset_add(u, s) == 0)
                return s;
            free(s);
            return NULL;
        }
        free(s);
    }
}

char *pk_util_nameset_unique(pk_util_nameset *u, const char *stem, const char *sep)
{
    if (pk_util_nameset_has(u, stem))
        return pk_util_nameset_numbered(u, stem, sep, 2);
    char *s = strdup(stem);
    if (s && pk_util_nameset_add(u, s) != 0) {
        free(s);
        return NULL;
    }
    return s;
}

void pk_util_nameset_free(pk_util_nameset *u)
{
    for (size_t i = 0; i < u->n; i++)
        free(u->v[i].s);
    free(u->v);
    pk_util_hindex_free(&u->ix);
    memset(u, 0, sizeof *u);
}

void pk_util_stream_buffer(FILE *f)
{
    /* The buffers are kept in a list reachable to the end, never freed: a
     * stream's buffer must outlive it, and a program opens a few. */
    static char **bufs;
    static size_t nbufs, cap;
    if (nbufs == cap && pk_util_grow((void **)&bufs, &cap, nbufs + 1, sizeof *bufs) != 0)
        return;
    char *b = malloc(PK_UTIL_STREAM_BUF);
    if (!b)
        return;     /* the default buffer: slower, never wrong */
    bufs[nbufs++] = b;
    setvbuf(f, b, _IOFBF, PK_UTIL_STREAM_BUF);
}

FILE *pk_util_tmpfile(const char *stem, const char **dir)
{
    const char *d = getenv("TMPDIR");
    if (!d || !*d)
        d = "/tmp";
    *dir = d;
    size_t plen = strlen(d) + strlen(stem) + 16;
    char *path = malloc(plen);
    if (!path)
        return NULL;
    snprintf(path, plen, "%s/%s.XXXXXX", d, stem);
    int fd = mkstemp(path);
    if (fd < 0) {
        int e = errno;
        free(path);
        errno = e;
        return NULL;
    }
    unlink(path);
    free(path);
    FILE *f = fdopen(fd, "w+b");
    if (!f) {
        int e = errno;
        close(fd);
        errno = e;
        return NULL;
    }
    pk_util_stream_buffer(f);
    return f;
}
