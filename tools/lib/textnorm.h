/* The normal form in which raw survey answers are compared with the
 * codebook's accepted answers, so that cosmetic differences never stop a
 * match and never need guessing: ASCII letters folded to lower case,
 * leading and trailing white space dropped and inner runs of white space
 * collapsed to one space, typographic quotes, primes, dashes and non-breaking
 * or other Unicode spaces written as their ASCII counterparts, and zero-width
 * characters (including a stray BOM inside a field) removed. Nothing else
 * changes: other non-ASCII letters stay as they are. */
#ifndef POLLKIT_TEXTNORM_H
#define POLLKIT_TEXTNORM_H

#include <stddef.h>

/* A growable buffer for the normal form, reused across calls so that a
 * million-row file needs no allocation per field. */
typedef struct pk_textnorm_buf {
    char *s;
    size_t len, cap;
} pk_textnorm_buf;

/* Normalise s[0..len) into b (b->s is NUL-terminated, b->len its length).
 * The input is assumed to be valid UTF-8 (csvio checks); a byte that does
 * not start a known sequence is copied unchanged. Returns 0, or -1 when
 * memory runs out. The normal form is never longer than the input. */
int pk_textnorm(pk_textnorm_buf *b, const char *s, size_t len);

void pk_textnorm_buf_free(pk_textnorm_buf *b);

/* Display width of UTF-8 text s[0..len): its characters (continuation bytes
 * do not count), good enough for the Latin labels of a codebook; the one
 * width every table, chart and report pads and wraps by. */
size_t pk_textnorm_width(const char *s, size_t len);

#endif
