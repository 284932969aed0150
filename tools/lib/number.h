/* Locale-independent numbers: the one formatter every program prints with,
 * and strict parsers. Whatever locale the process runs in, numbers are read
 * and written with the C locale's '.', and an undefined value (NaN) is
 * written as an empty field, never "nan". */
#ifndef POLLKIT_NUMBER_H
#define POLLKIT_NUMBER_H

#include <stddef.h>

/* Significant digits: at least 10 in statistics, 15 in weights (docs/guide.md). */
#define PK_DIGITS_STAT 12
#define PK_DIGITS_WEIGHT 15

/* Longest text pk_number_format writes, with its terminating NUL. */
#define PK_NUMBER_BUFSIZE 40

/* Format v with `digits` significant digits ("%.*g" in the C locale) into
 * buf (at least PK_NUMBER_BUFSIZE bytes). NaN gives "", negative zero "0",
 * infinities "inf" / "-inf". Returns buf. */
char *pk_number_format(char *buf, double v, int digits);

/* v in as few significant digits (15, 16 or 17) as read back as v itself:
 * a number passed through is never cut. */
char *pk_number_format_exact(char *buf, double v);

/* pk_number_format, rounded away from v's inside so that the text read
 * back as a bound keeps v: dir < 0 never above v (a minimum), dir > 0
 * never below it (a maximum). Exact (17 digits) when rounding cannot. */
char *pk_number_format_outward(char *buf, double v, int digits, int dir);

/* A share x (0.5 for 50%) as a percentage with 0 or 1 decimals, rounded half
 * away from zero ("50", "50.5"), '-' before a negative value and, when sign
 * is set, '+' before a positive one; NaN gives nan_text. Never depends on the
 * locale. Returns buf. */
char *pk_number_percent(char *buf, size_t size, double x, int decimals, int sign,
                        const char *nan_text);

/* Why pk_number_parse refused a string. */
enum {
    PK_NUMBER_BAD = -1,        /* not a number */
    PK_NUMBER_TOO_LARGE = -2,  /* beyond the largest double */
    PK_NUMBER_TOO_SMALL = -3   /* nearer to 0 than the smallest normal double */
};

/* Parse a whole string as a finite number in the C locale. Leading and
 * trailing ASCII spaces are allowed; anything else (empty, "1x", "nan",
 * "inf", "1,5") returns PK_NUMBER_BAD, an overflow PK_NUMBER_TOO_LARGE and an
 * underflow (1e-400, or a subnormal such as 1.4e-308, which cannot be
 * printed and read back with its digits) PK_NUMBER_TOO_SMALL; *out is then
 * untouched. */
int pk_number_parse(const char *s, double *out);

/* What a pk_number_parse failure means, to follow "is": "not a number",
 * "too large (...)" or "too small (...)". */
const char *pk_number_problem(int rc);

/* The order of codes that no codebook orders: a question's responses, a
 * --by column's groups (and waves) read from the data. Numeric order when
 * every code reads as a number (pk_number_parse), else bytewise order of
 * the codes (strcmp, UTF-8 by code point); codes of equal value ("1",
 * "01", "1.0") bytewise. The result depends only on the set of codes, never
 * on the order the rows came in. Fills order[0..n) with the indices of
 * codes[] in that order; returns 0, or -1 when memory runs out. */
int pk_number_order_codes(const char *const *codes, size_t n, size_t *order);

/* Parse a whole string as a base-10 integer (spaces allowed around it).
 * Returns non-zero on anything else, including overflow. */
int pk_number_parse_long(const char *s, long *out);

#endif
