/* Small helpers the core modules share: growing an array, a growing
 * string, hashing a string, an index from hashes to array positions for the
 * modules' lookups, and a set of names for making names unique. */
#ifndef POLLKIT_UTIL_H
#define POLLKIT_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdint.h>

/* Make *p (an array of elements of size elem, *cap of them) hold at least
 * need, doubling from 16. Returns 0, or -1 when memory runs out (then *p is
 * unchanged). */
int pk_util_grow(void **p, size_t *cap, size_t need, size_t elem);

/* A growing string for notes and sentences. Zero-initialise before use.
 * When memory runs out, oom is set and every later append does nothing,
 * so a caller appends freely and checks oom once at the end. Only %s, %c
 * and integer conversions should reach the printf-like appends: numbers
 * are formatted by pk_number_format, never by printf's locale-dependent
 * %f. */
typedef struct pk_util_sbuf {
    char *s;          /* NUL-terminated once anything is added; NULL before */
    size_t len, cap;
    int oom;
} pk_util_sbuf;

/* Append s. */
void pk_util_sbuf_add(pk_util_sbuf *b, const char *s);

/* Append as printf would write fmt and its arguments. */
void pk_util_sbuf_addf(pk_util_sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void pk_util_sbuf_vaddf(pk_util_sbuf *b, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

/* The text so far ("" when nothing was added), valid until the next append. */
const char *pk_util_sbuf_str(const pk_util_sbuf *b);

/* The text as a string the caller frees ("" when nothing was added), or
 * NULL when memory ran out; b is empty again either way. */
char *pk_util_sbuf_take(pk_util_sbuf *b);

/* Free the text; b is empty again. */
void pk_util_sbuf_free(pk_util_sbuf *b);

/* FNV-1a of s[0..len). */
uint64_t pk_util_hash(const char *s, size_t len);

/* A hash of s, eight bytes at a time: for the lookups done once per field
 * of every record, where pk_util_hash's byte loop showed in profiles. Its
 * values differ from pk_util_hash's (never mix the two in one index) and
 * depend on the machine's byte order (never store them). */
uint64_t pk_util_hash_words(const char *s, size_t len);

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

/* A set of names (codes, sheet names) with, per stem, the next number to
 * try when a name made from that stem is taken: making n names unique from
 * one stem ("group", "group_2", "group_3", ...) costs time in proportion
 * to n, not n squared. Zero-initialise before use. */
typedef struct pk_util_nameset {
    struct pk_util_name {
        char *s;
        unsigned long next;   /* the stem's next number; 0 before the first */
        int used;             /* s is a name of the set (not only a stem) */
    } *v;
    size_t n, cap;
    pk_util_hindex ix;
} pk_util_nameset;

/* Whether s is a name of the set. */
int pk_util_nameset_has(const pk_util_nameset *u, const char *s);

/* Make s a name of the set. Returns 0, or -1 when memory runs out. */
int pk_util_nameset_add(pk_util_nameset *u, const char *s);

/* The number to try next after stem: first at the first call, one more
 * at each call after. 0 when memory runs out. */
unsigned long pk_util_nameset_next(pk_util_nameset *u, const char *stem, unsigned long first);

/* The first of stem SEP first, stem SEP first+1, ... that is not taken
 * ("group_2", "group_3", never "group_2_3"), added to the set and returned
 * as a new string (NULL when memory runs out). */
char *pk_util_nameset_numbered(pk_util_nameset *u, const char *stem, const char *sep,
                               unsigned long first);

/* stem itself when it is not taken, else pk_util_nameset_numbered from 2;
 * added to the set and returned as a new string (NULL: out of memory). */
char *pk_util_nameset_unique(pk_util_nameset *u, const char *stem, const char *sep);

void pk_util_nameset_free(pk_util_nameset *u);

/* A temporary file for a copy as large as the data, in $TMPDIR (else
 * /tmp; tmpfile() ignores $TMPDIR), unlinked at once so that it vanishes
 * however the program ends, open for writing and reading back through a
 * buffer of PK_UTIL_STREAM_BUF bytes. `stem` starts its name. NULL with errno set on failure;
 * *dir is then the directory tried. */
FILE *pk_util_tmpfile(const char *stem, const char **dir);

/* Give f, before anything is read from or written to it, a buffer of
 * PK_UTIL_STREAM_BUF bytes. glibc ignores setvbuf's size when it is given
 * no buffer, and reads and writes a file or a pipe 4 KiB at a time: a
 * million records were tens of thousands of calls of write. Used for the
 * programs' outputs and temporary files. */
#define PK_UTIL_STREAM_BUF (1 << 18)
void pk_util_stream_buffer(FILE *f);


#endif
