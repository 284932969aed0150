/* Small helpers the core modules share: growing an array, hashing a string,
 * and an index from hashes to array positions for the modules' lookups. */
#ifndef POLLKIT_UTIL_H
#define POLLKIT_UTIL_H

#include <stddef.h>
#include <stdint.h>

/* Make *p (an array of elements of size elem, *cap of them) hold at least
 * need, doubling from 16. Returns 0, or -1 when memory runs out (then *p is
 * unchanged). */
int pk_util_grow(void **p, size_t *cap, size_t need, size_t elem);

/* FNV-1a of s[0..len). */
uint64_t pk_util_hash(const char *s, size_t len);

/* FNV-1a continued from h over s[0..len) and a terminating NUL, so that a
 * key of several strings hashes unambiguously ("ab","c" differs from
 * "a","bc"). Start from pk_util_hash(NULL, 0). */
uint64_t pk_util_hash_add(uint64_t h, const char *s, size_t len);

/* Positions in a caller's array, found by the hash of their key. Several
 * keys may share a hash: the caller walks the positions stored under a hash
 * and compares the keys itself. Zero-initialise before use. */
typedef struct pk_util_hindex {
    uint64_t *hash;
    size_t *pos;      /* SIZE_MAX in an empty slot */
    size_t cap, n;
} pk_util_hindex;

/* Store pos under hash. Returns 0, or -1 when memory runs out. */
int pk_util_hindex_add(pk_util_hindex *ix, uint64_t hash, size_t pos);

/* Walk the positions stored under hash: *slot starts at 0; each call
 * returns the next position, or SIZE_MAX when there is no more. */
size_t pk_util_hindex_next(const pk_util_hindex *ix, uint64_t hash, size_t *slot);

void pk_util_hindex_free(pk_util_hindex *ix);

#endif
