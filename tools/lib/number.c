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

#ifdef __SIZEOF_INT128__
__extension__ typedef unsigned __int128 pk_u128;

static const uint64_t pow10_u64[20] = {1ull,
                                       10ull,
                                       100ull,
                                       1000ull,
                                       10000ull,
                                       100000ull,
                                       1000000ull,
                                       10000000ull,
                                       100000000ull,
                                       1000000000ull,
                                       10000000000ull,
                                       100000000000ull,
                                       1000000000000ull,
                                       10000000000000ull,
                                       100000000000000ull,
                                       1000000000000000ull,
                                       10000000000000000ull,
                                       100000000000000000ull,
                                       1000000000000000000ull,
                                       10000000000000000000ull};

/* Two decimal digits at a time, "00" to "99". */
static const char two_digits[201] = "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
                                    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
                                    "8081828384858687888990919293949596979899";

/* "%.*g" without printf, for the common case, byte for byte the same: a
 * million weights are written per run, and printf's decimal conversion
 * was a fifth of pollweight's time. The double a = mant * 2^-k exactly
 * (mant < 2^53), so a * 10^shift = mant * 10^shift / 2^k, whose
 * numerator (below 2^117 for shift <= 19) is an exact 128-bit integer:
 * its quotient by 2^k is the digits and its remainder against 2^(k-1)
 * says whether the rest is below, at or above a half, rounded as printf
 * rounds (to nearest, a tie to the even digit). No estimate, no
 * near-tie to hand over. Returns 0 (printf decides) where %g would print
 * an exponent, for more than 15 digits, and for values whose digits need
 * a shift beyond 10^19 (below 1e-5) or are whole numbers past 2^52. */
static int fast_g(char *buf, double v, int digits)
{
    if (digits > 15)
        return 0;
    double a = fabs(v);
    if (!(a >= 1e-5 && a < 1e15))
        return 0;
    uint64_t bits;
    memcpy(&bits, &a, sizeof bits);
    int be = (int)(bits >> 52);                         /* normal: a >= 1e-5 */
    uint64_t mant = (bits & ((1ull << 52) - 1)) | (1ull << 52);
    int k = 1075 - be;                                  /* a = mant / 2^k */
    if (k <= 0)
        return 0;                                       /* a >= 2^52: not here */
    /* floor(log10 a) is floor(e2 * log10 2) or one more, e2 = be - 1023
     * (1233 / 4096 is log10 2 to within 1e-5: exact floors for |e2| < 1000). */
    int e2 = be - 1023;
    int e = e2 >= 0 ? (e2 * 1233) >> 12 : -((-e2 * 1233 + 4095) >> 12);
    uint64_t q;
    pk_u128 rem, half = (pk_u128)1 << (k - 1);
    for (int tries = 0;; tries++) {
        int shift = digits - 1 - e;                     /* a * 10^shift has `digits` digits */
        if (shift < 0 || shift > 19 || tries == 2)
            return 0;
        pk_u128 x = (pk_u128)mant * pow10_u64[shift];
        pk_u128 hi = x >> k;
        rem = x & (((pk_u128)1 << k) - 1);
        if (hi >= pow10_u64[digits])
            e++;
        else if (hi < pow10_u64[digits - 1])
            e--;
        else {
            q = (uint64_t)hi;
            break;
        }
    }
    q += rem > half || (rem == half && (q & 1));
    if (q == pow10_u64[digits]) {                       /* 9.99..95 up to 10.0..0 */
        q = pow10_u64[digits - 1];
        e++;
    }
    if (e < -4 || e >= digits)
        return 0;                                       /* %g's exponent form */
    char dig[24];
    for (int i = digits; i > 1; i -= 2) {
        memcpy(dig + i - 2, two_digits + 2 * (q % 100), 2);
        q /= 100;
    }
    if (digits & 1)
        dig[0] = (char)('0' + q);
    /* %g drops trailing zeros of the fraction, and the point with them. */
    int intdigits = e + 1;                              /* digits before the point (<= 0: none) */
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
        memcpy(o, dig, (size_t)last + 1);
        o += last + 1;
    } else {
        memcpy(o, dig, (size_t)intdigits);
        o += intdigits;
        if (last >= intdigits) {
            *o++ = '.';
            memcpy(o, dig + intdigits, (size_t)(last + 1 - intdigits));
            o += last + 1 - intdigits;
        }
    }
    *o = '\0';
    return 1;
}
#else
/* Without a 128-bit integer type, printf formats every number. */
static int fast_g(char *buf, double v, int digits)
{
    (void)buf;
    (void)v;
    (void)digits;
    return 0;
}
#endif

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
