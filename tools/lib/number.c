/* Locale-independent number formatting and parsing; see number.h. One cached
 * C locale object is used with uselocale() so that a program, a library or a
 * test that calls setlocale() cannot change how numbers look. */
#include "number.h"

#include <errno.h>
#include <float.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static locale_t c_locale(void)
{
    static locale_t loc = (locale_t)0;
    if (loc == (locale_t)0)
        loc = newlocale(LC_ALL_MASK, "C", (locale_t)0);
    return loc;
}

static const long double pow10l_tab[] = {
    1e0L, 1e1L, 1e2L, 1e3L, 1e4L, 1e5L, 1e6L, 1e7L, 1e8L, 1e9L, 1e10L,
    1e11L, 1e12L, 1e13L, 1e14L, 1e15L, 1e16L, 1e17L, 1e18L, 1e19L, 1e20L};

/* "%.*g" without printf, for the common case, byte for byte the same: a
 * million weights are written per run, and printf's exact decimal
 * conversion was a tenth of pollweight's time. The value is scaled to an
 * integer of `digits` digits in long double: 10^shift is exact there
 * (5^20 < 2^64), so the product is rounded once, an error below 2^-64 of
 * it, under 6e-5 for the at most 15 digits taken here. Only where the
 * scaled value lies within 1e-3 of a half (a tie, rounded to even by
 * printf's exact conversion) could that error change the rounding; there,
 * or where the number would be printed with an exponent, it returns 0 and
 * printf decides. A value within the error of a whole number (a count, a
 * short decimal such as 0.95) rounds to that whole number either way. */
static int fast_g(char *buf, double v, int digits)
{
    if (digits > 15)
        return 0;
    double a = fabs(v);
    if (!(a >= 1e-4 && a < 1e15))
        return 0;
    /* log10 rounds: just below a power of ten (999.99999999999943) it can
     * give the power itself, so the exponent is checked against the scaled
     * value, which must have exactly `digits` digits before its point. */
    int e = (int)floor(log10(a));
    long double x = 0;
    for (int tries = 0;; tries++) {
        if (e < -4 || e >= digits || tries == 2)
            return 0;
        int shift = digits - 1 - e;         /* a * 10^shift has `digits` digits */
        if (shift < 0 || shift > 20)
            return 0;
        x = (long double)a * pow10l_tab[shift];
        if (x < pow10l_tab[digits - 1])
            e--;
        else if (x >= pow10l_tab[digits])
            e++;
        else
            break;
    }
    long double fl = floorl(x);
    long double frac = x - fl;
    if (fabsl(frac - 0.5L) < 1e-3L)
        return 0;   /* too near a tie: let printf decide */
    unsigned long long m = (unsigned long long)fl + (frac > 0.5L);
    if (m < (unsigned long long)pow10l_tab[digits - 1] || m >= (unsigned long long)pow10l_tab[digits])
        return 0;   /* rounding carried into another digit count */
    char dig[24];
    int nd = 0;
    for (unsigned long long t = m; nd < digits; t /= 10)
        dig[digits - 1 - nd++] = (char)('0' + t % 10);
    /* %g drops trailing zeros of the fraction, and the point with them. */
    int intdigits = e + 1;                  /* digits before the point (<= 0: none) */
    int last = digits - 1;
    while (last >= intdigits && last > 0 && dig[last] == '0')
        last--;
    char *o = buf;
    if (v < 0)
        *o++ = '-';
    if (intdigits <= 0) {
        *o++ = '0';
        *o++ = '.';
        for (int z = 0; z < -intdigits; z++)
            *o++ = '0';
        for (int i = 0; i <= last; i++)
            *o++ = dig[i];
    } else {
        for (int i = 0; i < intdigits; i++)
            *o++ = dig[i];
        if (last >= intdigits) {
            *o++ = '.';
            for (int i = intdigits; i <= last; i++)
                *o++ = dig[i];
        }
    }
    *o = '\0';
    return 1;
}

char *pk_number_format(char *buf, double v, int digits)
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
    if (fast_g(buf, v, digits))
        return buf;
    locale_t old = uselocale(c_locale());
    snprintf(buf, PK_NUMBER_BUFSIZE, "%.*g", digits, v);
    uselocale(old);
    return buf;
}

char *pk_number_format_exact(char *buf, double v)
{
    for (int digits = 15; digits < 17; digits++) {
        pk_number_format(buf, v, digits);
        if (!isfinite(v) || strtod_l(buf, NULL, c_locale()) == v)
            return buf;
    }
    return pk_number_format(buf, v, 17);
}

char *pk_number_format_outward(char *buf, double v, int digits, int dir)
{
    pk_number_format(buf, v, digits);
    if (!isfinite(v) || digits >= 17)
        return buf;
    double y = strtod_l(buf, NULL, c_locale());
    for (int tries = 0; tries < 4 && (dir < 0 ? y > v : y < v); tries++) {
        /* One unit of the last digit shown, outward, and shown again. */
        int e = (int)floor(log10(fabs(y)));
        y += (dir < 0 ? -1 : 1) * pow(10, e - digits + 1);
        pk_number_format(buf, y, digits);
        y = strtod_l(buf, NULL, c_locale());
    }
    if (dir < 0 ? y > v : y < v)
        pk_number_format(buf, v, 17);   /* exact */
    return buf;
}

char *pk_number_percent(char *buf, size_t size, double x, int decimals, int sign,
                        const char *nan_text)
{
    if (isnan(x)) {
        snprintf(buf, size, "%s", nan_text);
        return buf;
    }
    long v = lround(x * (decimals ? 1000.0 : 100.0));
    const char *s = v < 0 ? "-" : (sign && v > 0 ? "+" : "");
    long a = labs(v);
    if (decimals)
        snprintf(buf, size, "%s%ld.%ld", s, a / 10, a % 10);
    else
        snprintf(buf, size, "%s%ld", s, a);
    return buf;
}

static const char *skip_spaces(const char *s)
{
    while (*s == ' ')
        s++;
    return s;
}

/* The common case exactly as strtod reads it, without strtod: a plain
 * decimal ("-12.375") of at most 19 digits whose digits make an integer m
 * up to 2^53 with at most 22 after the point. m and 10^22 are exact
 * doubles, and one division is correctly rounded, as strtod is: the same
 * double. 0 when s is not such a number (then strtod decides). */
static int parse_plain(const char *s, double *out)
{
    static const double p10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    int neg = *s == '-';
    s += neg;
    uint64_t m = 0;
    int digits = 0, frac = 0, point = 0;
    for (;; s++) {
        if (*s >= '0' && *s <= '9') {
            if (++digits > 19)
                return 0;
            m = m * 10 + (uint64_t)(*s - '0');
            frac += point;
        } else if (*s == '.' && !point) {
            point = 1;
        } else {
            break;
        }
    }
    if (digits == 0 || m > (1ull << 53) || frac > 22 || *skip_spaces(s) != '\0')
        return 0;
    double v = (double)m / p10[frac];
    *out = neg ? -v : v;
    return 1;
}

int pk_number_parse(const char *s, double *out)
{
    s = skip_spaces(s);
    if (*s == '\0')
        return -1;
    if (parse_plain(s, out))
        return 0;
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
    int range = errno == ERANGE;
    uselocale(old);
    if (end == s || *skip_spaces(end) != '\0' || isnan(v))
        return PK_NUMBER_BAD;
    if (isinf(v) || (range && fabs(v) >= 1))
        return PK_NUMBER_TOO_LARGE;
    /* glibc flags a subnormal result with ERANGE; check it anyway. */
    if (range || (v != 0 && fabs(v) < DBL_MIN))
        return PK_NUMBER_TOO_SMALL;
    *out = v;
    return 0;
}

const char *pk_number_problem(int rc)
{
    switch (rc) {
    case PK_NUMBER_TOO_LARGE:
        return "too large (beyond 1.8e308)";
    case PK_NUMBER_TOO_SMALL:
        return "too small (nearer to 0 than 2.2e-308, the smallest normal number)";
    default:
        return "not a number";
    }
}

int pk_number_parse_long(const char *s, long *out)
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

typedef struct code_key {
    double v;
    const char *s;
    size_t i;
} code_key;

static int cmp_bytes(const void *a, const void *b)
{
    const code_key *x = a, *y = b;
    int c = strcmp(x->s, y->s);
    return c ? c : (x->i > y->i) - (x->i < y->i);
}

static int cmp_numeric(const void *a, const void *b)
{
    const code_key *x = a, *y = b;
    if (x->v != y->v)
        return x->v < y->v ? -1 : 1;
    return cmp_bytes(a, b);
}

int pk_number_order_codes(const char *const *codes, size_t n, size_t *order)
{
    code_key *k = malloc((n ? n : 1) * sizeof *k);
    if (!k)
        return -1;
    int numeric = 1;
    for (size_t i = 0; i < n; i++) {
        k[i].s = codes[i];
        k[i].i = i;
        k[i].v = 0;
        if (numeric && pk_number_parse(codes[i], &k[i].v) != 0)
            numeric = 0;
    }
    qsort(k, n, sizeof *k, numeric ? cmp_numeric : cmp_bytes);
    for (size_t i = 0; i < n; i++)
        order[i] = k[i].i;
    free(k);
    return 0;
}
