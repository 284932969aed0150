/* Numbers (number.h): the one formatter every program prints with, against
 * printf and at its rounding boundaries, whatever the locale; the strict
 * parsers; percentages; the order of codes no codebook orders. */
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "number.h"
#include "pk_check.h"

/* The order of codes without a codebook: numeric when every code is a
 * number, else bytewise; equal values bytewise; never the input order. */
static const char *ordered(const char *const *codes, size_t n)
{
    static char buf[256];
    size_t order[16];
    ck_assert_int_eq(pk_number_order_codes(codes, n, order), 0);
    buf[0] = '\0';
    for (size_t i = 0; i < n; i++)
        snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "%s%s", i ? " " : "", codes[order[i]]);
    return buf;
}

START_TEST(code_order)
{
    const char *num[] = {"10", "2", "0", "1.5", "2e0", "-1", "02", " 3"};
    ck_assert_str_eq(ordered(num, 8), "-1 0 1.5 02 2 2e0  3 10");
    const char *num2[] = {"2e0", "02", "2", "10", " 3", "-1", "1.5", "0"};
    ck_assert_str_eq(ordered(num2, 8), "-1 0 1.5 02 2 2e0  3 10");
    /* One code that is not a number: bytewise, digits before letters, capitals
     * before small letters, UTF-8 after ASCII. */
    const char *mixed[] = {"b", "10", "a", "9", "B", "\xc3\xa9", "Z"};
    ck_assert_str_eq(ordered(mixed, 7), "10 9 B Z a b \xc3\xa9");
    const char *mixed2[] = {"\xc3\xa9", "Z", "a", "B", "9", "b", "10"};
    ck_assert_str_eq(ordered(mixed2, 7), "10 9 B Z a b \xc3\xa9");
    /* 1e400 reads as no number (too large): bytewise. */
    const char *big[] = {"2", "1e400", "10"};
    ck_assert_str_eq(ordered(big, 3), "10 1e400 2");
    ck_assert_str_eq(ordered(num, 0), "");
}
END_TEST

START_TEST(numbers_ignore_locale)
{
    /* A locale with a decimal comma must change nothing. */
    const char *names[] = {"de_DE.UTF-8", "de_DE.utf8", "fr_FR.UTF-8", "fr_FR.utf8"};
    int set = 0;
    for (size_t i = 0; i < sizeof names / sizeof names[0] && !set; i++)
        set = setlocale(LC_ALL, names[i]) != NULL;
    ck_assert_msg(set, "no decimal-comma locale installed (scripts/deps.sh generates de_DE.UTF-8)");
    char probe[32];
    snprintf(probe, sizeof probe, "%.1f", 1.5);
    ck_assert_str_eq(probe, "1,5"); /* the locale really is active */
    char buf[PK_NUMBER_BUFSIZE];
    ck_assert_str_eq(pk_number_format(buf, 0.625, 12), "0.625");
    ck_assert_str_eq(pk_number_format(buf, 1234567.125, 15), "1234567.125");
    double v;
    ck_assert_int_eq(pk_number_parse("2.5", &v), 0);
    ck_assert(v == 2.5);
    ck_assert_int_ne(pk_number_parse("2,5", &v), 0);
    setlocale(LC_ALL, "C");
}
END_TEST

START_TEST(number_format)
{
    char buf[PK_NUMBER_BUFSIZE];
    ck_assert_str_eq(pk_number_format(buf, 0.0 / 0.0, 12), "");
    ck_assert_str_eq(pk_number_format(buf, -0.0, 12), "0");
    ck_assert_str_eq(pk_number_format(buf, 1.0 / 3.0, 12), "0.333333333333");
    ck_assert_str_eq(pk_number_format(buf, 1.0 / 3.0, 15), "0.333333333333333");
    ck_assert_str_eq(pk_number_format(buf, 1e-20, 12), "1e-20");
    double v;
    long l;
    ck_assert_int_eq(pk_number_parse(" 1e3 ", &v), 0);
    ck_assert(v == 1000);
    const char *bad[] = {"", "  ", "1x", "nan", "inf", "0x10", "1e999", "1 2", "-"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        ck_assert_msg(pk_number_parse(bad[i], &v) != 0, "accepted '%s'", bad[i]);
    ck_assert_int_eq(pk_number_parse_long("42", &l), 0);
    ck_assert_int_eq(l, 42);
    ck_assert_int_ne(pk_number_parse_long("4.2", &l), 0);
    ck_assert_int_ne(pk_number_parse_long("99999999999999999999", &l), 0);
}
END_TEST

/* The formatter and printf must agree on v at d digits. */
static void same_as_printf(double v, int d)
{
    char a[PK_NUMBER_BUFSIZE], b[64];
    pk_number_format(a, v, d);
    snprintf(b, sizeof b, "%.*g", d, v);
    ck_assert_msg(strcmp(a, b) == 0, "%.17g at %d digits: '%s' but printf gives '%s'", v, d, a, b);
}

START_TEST(formatter_equals_printf)
{
    /* The formatter's printf-free path must print exactly what "%.*g"
     * prints: 100,000 values of the kinds the programs write. (A million-
     * and twenty-million-value run is tests/bench/number.sh.) */
    srand48(20251121);
    for (long i = 0; i < 100000; i++) {
        double v;
        switch (i % 5) {
        case 0: v = drand48() * 5; break;                          /* weights */
        case 1: v = exp((drand48() - 0.5) * 40); break;            /* any size */
        case 2: v = -exp((drand48() - 0.5) * 40); break;
        case 3: v = floor(drand48() * 1e6) / 1e3; break;           /* short decimals */
        default: v = drand48(); break;                             /* shares */
        }
        same_as_printf(v, i % 2 ? PK_DIGITS_WEIGHT : PK_DIGITS_STAT);
    }
    char a[PK_NUMBER_BUFSIZE];
    ck_assert_str_eq(pk_number_format(a, 0.5, 15), "0.5");
    ck_assert_str_eq(pk_number_format(a, 1.25, 15), "1.25");
    ck_assert_str_eq(pk_number_format(a, 100, 15), "100");
    ck_assert_str_eq(pk_number_format(a, 0.0001234, 12), "0.0001234");
    ck_assert_str_eq(pk_number_format(a, 9.9999999999999999, 12), "10");
}
END_TEST

START_TEST(formatter_rounding_boundaries)
{
    /* The hard cases a random draw rarely meets: values exactly halfway
     * between two d-digit decimals and their neighbours one ulp either side,
     * values that round up to the next power of ten (9.99...95), and the
     * powers of ten where %g switches between fixed and exponent notation. */
    const int digits[] = {PK_DIGITS_STAT, PK_DIGITS_WEIGHT, 10};
    srand48(7);
    for (size_t k = 0; k < sizeof digits / sizeof digits[0]; k++) {
        int d = digits[k];
        for (int e = -20; e <= 20; e++) {
            double p = pow(10, e);
            double nines = (1 - 0.5 * pow(10, -d)) * pow(10, e + 1);
            const double around[] = {p, nines};
            for (int j = 0; j < 2; j++) {
                double v = around[j];
                same_as_printf(v, d);
                same_as_printf(nextafter(v, 0), d);
                same_as_printf(nextafter(v, INFINITY), d);
                same_as_printf(-v, d);
            }
            for (int r = 0; r < 200; r++) {
                /* A d-digit mantissa plus one half in the last place. */
                double m = floor(drand48() * 9 * pow(10, d - 1)) + pow(10, d - 1);
                double v = (m + 0.5) * pow(10, e - d + 1);
                same_as_printf(v, d);
                same_as_printf(nextafter(v, 0), d);
                same_as_printf(nextafter(v, INFINITY), d);
            }
        }
    }
}
END_TEST

START_TEST(numbers_outward_and_exact)
{
    char b[PK_NUMBER_BUFSIZE];
    const double xs[] = {M_PI, -M_PI, 4.123456789012345, 0.1, 1e-300, 123456789012345678.0, 2.0 / 3.0, -1e21};
    for (size_t i = 0; i < sizeof xs / sizeof xs[0]; i++) {
        double x = xs[i];
        ck_assert_msg(strtod(pk_number_format_outward(b, x, 15, -1), NULL) <= x, "min %s above %.17g", b, x);
        ck_assert_msg(strtod(pk_number_format_outward(b, x, 15, 1), NULL) >= x, "max %s below %.17g", b, x);
        ck_assert_msg(strtod(pk_number_format_exact(b, x), NULL) == x, "%s is not %.17g", b, x);
    }
    ck_assert_str_eq(pk_number_format_outward(b, M_PI, 15, 1), "3.1415926535898");
    ck_assert_str_eq(pk_number_format_outward(b, M_PI, 15, -1), "3.14159265358979");
    ck_assert_str_eq(pk_number_format_outward(b, 0.25, 15, 1), "0.25");
    ck_assert_str_eq(pk_number_format_exact(b, 0.1), "0.1");
    ck_assert_str_eq(pk_number_format_exact(b, M_PI), "3.141592653589793");
}
END_TEST

START_TEST(percentages)
{
    char b[32];
    ck_assert_str_eq(pk_number_percent(b, sizeof b, 0.5, 0, 0, "-"), "50");
    ck_assert_str_eq(pk_number_percent(b, sizeof b, 0.505, 1, 0, "-"), "50.5");
    /* Half away from zero, either sign. */
    ck_assert_str_eq(pk_number_percent(b, sizeof b, 0.125, 0, 0, "-"), "13");
    ck_assert_str_eq(pk_number_percent(b, sizeof b, -0.125, 0, 0, "-"), "-13");
    ck_assert_str_eq(pk_number_percent(b, sizeof b, 0.08, 0, 1, "-"), "+8");
    ck_assert_str_eq(pk_number_percent(b, sizeof b, 0, 0, 1, "-"), "0");
    ck_assert_str_eq(pk_number_percent(b, sizeof b, NAN, 0, 0, "n/a"), "n/a");
    ck_assert_str_eq(pk_number_percent(b, sizeof b, 1, 1, 0, "-"), "100.0");
}
END_TEST

START_TEST(parse_problems_named)
{
    double v = 7;
    ck_assert_int_eq(pk_number_parse("1e999", &v), PK_NUMBER_TOO_LARGE);
    ck_assert_int_eq(pk_number_parse("1e-400", &v), PK_NUMBER_TOO_SMALL);
    ck_assert_int_eq(pk_number_parse("1.4e-308", &v), PK_NUMBER_TOO_SMALL);
    ck_assert_int_eq(pk_number_parse("x", &v), PK_NUMBER_BAD);
    ck_assert(v == 7); /* untouched on failure */
    ck_assert_str_eq(pk_number_problem(PK_NUMBER_BAD), "not a number");
    ck_assert(strncmp(pk_number_problem(PK_NUMBER_TOO_LARGE), "too large", 9) == 0);
    ck_assert(strncmp(pk_number_problem(PK_NUMBER_TOO_SMALL), "too small", 9) == 0);
    long l = 3;
    ck_assert_int_eq(pk_number_parse_long(" -12 ", &l), 0);
    ck_assert_int_eq(l, -12);
    ck_assert_int_ne(pk_number_parse_long("", &l), 0);
    ck_assert_int_ne(pk_number_parse_long("1e3", &l), 0);
}
END_TEST

/* Plain decimals are read without strtod (number.c): each must give the
 * very double strtod gives, at the edges of that path (19 digits, 2^53,
 * 22 decimals) and on 200,000 numbers written as the programs write them. */
static void same_as_strtod(const char *text)
{
    double v = 12345, want = strtod(text, NULL);
    ck_assert_msg(pk_number_parse(text, &v) == 0, "'%s' not read", text);
    ck_assert_msg(memcmp(&v, &want, sizeof v) == 0, "'%s': %.17g, strtod %.17g", text, v, want);
}

START_TEST(parse_equals_strtod)
{
    static const char *edges[] = {
        "0", "-0", "0.", ".5", "-.5", "007", "1.000", "9007199254740992", "9007199254740993",
        "9007199254740991.5", "1234567890123456789", "12345678901234567890", "0.1", "0.2", "0.3",
        "0.0000000000000000000001", "0.00000000000000000000001", "1.7976931348623157", " 42 ",
        "4.35", "2.675", "1e5", "+3", "123456.7890123456789",
    };
    for (size_t i = 0; i < sizeof edges / sizeof edges[0]; i++)
        same_as_strtod(edges[i]);
    srand48(20261205);
    char buf[PK_NUMBER_BUFSIZE], text[64];
    for (long i = 0; i < 200000; i++) {
        double x = i % 3 == 0 ? drand48() * 5 : i % 3 == 1 ? exp((drand48() - 0.5) * 40) : -drand48() * 1e6;
        same_as_strtod(pk_number_format(buf, x, i % 2 ? PK_DIGITS_WEIGHT : 17));
        snprintf(text, sizeof text, "%.*f", (int)(i % 23), x);
        same_as_strtod(text);
    }
}
END_TEST

static Suite *number_suite(void)
{
    Suite *s = suite_create("number");
    TCase *tc = pk_tcase("format");
    tcase_add_test(tc, numbers_ignore_locale);
    tcase_add_test(tc, number_format);
    tcase_add_test(tc, numbers_outward_and_exact);
    tcase_add_test(tc, formatter_equals_printf);
    tcase_add_test(tc, formatter_rounding_boundaries);
    tcase_add_test(tc, percentages);
    suite_add_tcase(s, tc);
    TCase *tp = pk_tcase("parse");
    tcase_add_test(tp, parse_problems_named);
    tcase_add_test(tp, parse_equals_strtod);
    tcase_add_test(tp, code_order);
    suite_add_tcase(s, tp);
    return s;
}

PK_CHECK_MAIN(number_suite)
