/* Locale-independent number formatting and parsing; see numfmt.h. One cached
 * C locale object is used with uselocale() so that a program, a library or a
 * test that calls setlocale() cannot change how numbers look. */
#include "numfmt.h"

#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static locale_t c_locale(void)
{
    static locale_t loc = (locale_t)0;
    if (loc == (locale_t)0)
        loc = newlocale(LC_ALL_MASK, "C", (locale_t)0);
    return loc;
}

char *pk_fmt_double(char *buf, double v, int digits)
{
    if (isnan(v)) {
        buf[0] = '\0';
        return buf;
    }
    if (isinf(v)) {
        strcpy(buf, v > 0 ? "inf" : "-inf");
        return buf;
    }
    if (v == 0.0) {
        strcpy(buf, "0");
        return buf;
    }
    if (digits < 1)
        digits = 1;
    if (digits > 17)
        digits = 17;
    locale_t old = uselocale(c_locale());
    snprintf(buf, PK_NUM_BUFSIZE, "%.*g", digits, v);
    uselocale(old);
    return buf;
}

static const char *skip_spaces(const char *s)
{
    while (*s == ' ')
        s++;
    return s;
}

int pk_parse_double(const char *s, double *out)
{
    s = skip_spaces(s);
    if (*s == '\0')
        return -1;
    /* strtod accepts "nan", "inf" and hexadecimal floats: no survey file
     * means those, so only decimal digits, sign, point and exponent pass. */
    for (const char *p = s; *p; p++) {
        if (!strchr("0123456789+-.eE ", *p))
            return -1;
    }
    locale_t old = uselocale(c_locale());
    errno = 0;
    char *end;
    double v = strtod(s, &end);
    int bad = (end == s || errno == ERANGE);
    uselocale(old);
    if (bad)
        return -1;
    end = (char *)skip_spaces(end);
    if (*end != '\0' || !isfinite(v))
        return -1;
    *out = v;
    return 0;
}

int pk_parse_long(const char *s, long *out)
{
    s = skip_spaces(s);
    if (*s == '\0')
        return -1;
    errno = 0;
    char *end;
    long v = strtol(s, &end, 10);
    if (end == s || errno == ERANGE)
        return -1;
    end = (char *)skip_spaces(end);
    if (*end != '\0')
        return -1;
    *out = v;
    return 0;
}
