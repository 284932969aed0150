/* Locale-independent numbers: the one formatter every program prints with,
 * and strict parsers. Whatever locale the process runs in, numbers are read
 * and written with the C locale's '.', and an undefined value (NaN) is
 * written as an empty field, never "nan". */
#ifndef POLLKIT_NUMBER_H
#define POLLKIT_NUMBER_H

#include <stddef.h>

/* Significant digits: SPEC asks for at least 10 in statistics, 15 in weights. */
#define PK_DIGITS_STAT 12
#define PK_DIGITS_WEIGHT 15

/* Longest text pk_number_format writes, with its terminating NUL. */
#define PK_NUMBER_BUFSIZE 40

/* Format v with `digits` significant digits ("%.*g" in the C locale) into
 * buf (at least PK_NUMBER_BUFSIZE bytes). NaN gives "", negative zero "0",
 * infinities "inf" / "-inf". Returns buf. */
char *pk_number_format(char *buf, double v, int digits);

/* Parse a whole string as a finite number in the C locale. Leading and
 * trailing ASCII spaces are allowed; anything else (empty, "1x", "nan",
 * "inf", "1,5", overflow) returns non-zero and leaves *out untouched. */
int pk_number_parse(const char *s, double *out);

/* Parse a whole string as a base-10 integer (spaces allowed around it).
 * Returns non-zero on anything else, including overflow. */
int pk_number_parse_long(const char *s, long *out);

#endif
