/* Small helpers the core modules share: growing an array, and hashing a
 * string for the modules' hash tables. */
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

#endif
