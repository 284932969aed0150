/* Data inside messages (err.h): pk_err_quote shows control characters and
 * cuts long values on a character boundary; the escaped writer and its
 * width agree with it, so a table padded by the width lines up. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "pk_check.h"

static const char *quote(const char *s)
{
    static char buf[256];
    return pk_err_quote(buf, sizeof buf, s, strlen(s));
}

START_TEST(quote_shows_control_characters)
{
    ck_assert_str_eq(quote("plain"), "plain");
    ck_assert_str_eq(quote("a\nb\tc\rd"), "a\\nb\\tc\\rd");
    ck_assert_str_eq(quote("\x1b]0;pwned\x07"), "\\x1B]0;pwned\\x07");
    ck_assert_str_eq(quote("del\x7f"), "del\\x7F");
    /* C1 controls (U+0080..U+009F, two bytes in UTF-8) as \uHHHH; other
     * UTF-8 kept. */
    ck_assert_str_eq(quote("csi\xc2\x9b" "2J"), "csi\\u009B2J");
    ck_assert_str_eq(quote("Caf\xc3\xa9"), "Caf\xc3\xa9");
    ck_assert_str_eq(quote(""), "");
}
END_TEST

START_TEST(quote_cuts_on_a_character)
{
    char small[10];
    /* "ééééé" (10 bytes) in 10 bytes: cut with "..." after the whole
     * characters that fit, never inside one. */
    pk_err_quote(small, sizeof small, "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", 10);
    ck_assert_str_eq(small, "\xc3\xa9\xc3\xa9\xc3\xa9...");
    pk_err_quote(small, sizeof small, "a\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", 9);
    ck_assert_str_eq(small, "a\xc3\xa9\xc3\xa9...");
    pk_err_quote(small, sizeof small, "abcdefghijkl", 12);
    ck_assert_str_eq(small, "abcdef...");
    /* An escape is never cut in half either. */
    pk_err_quote(small, sizeof small, "abc\x1b\x1b\x1b", 6);
    ck_assert_str_eq(small, "abc...");
    /* len bounds the input: a NUL-free prefix. */
    pk_err_quote(small, sizeof small, "abcdef", 3);
    ck_assert_str_eq(small, "abc");
    pk_err_quote(small, 0, "abc", 3);   /* no room: nothing written */
}
END_TEST

START_TEST(escaped_writer_and_width_agree)
{
    const char *cases[] = {"plain", "tab\there", "\x1b[2J", "Caf\xc3\xa9", "c1\xc2\x85x", ""};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *out = NULL;
        size_t n = 0;
        FILE *m = open_memstream(&out, &n);
        ck_assert_ptr_nonnull(m);
        pk_err_write_escaped(m, cases[i], strlen(cases[i]));
        fclose(m);
        ck_assert_str_eq(out, quote(cases[i]));
        /* The width counts characters: é is one. */
        size_t chars = 0;
        for (const char *p = out; *p; p++)
            chars += ((unsigned char)*p & 0xC0) != 0x80;
        ck_assert_uint_eq(pk_err_escaped_width(cases[i], strlen(cases[i])), chars);
        free(out);
    }
}
END_TEST

START_TEST(set_keeps_status_and_message)
{
    pk_err e;
    pk_err_clear(&e);
    ck_assert_int_eq(e.status, 0);
    ck_assert_str_eq(e.msg, "");
    ck_assert_int_eq(pk_err_set(&e, PK_ERR_DATA, "%s:%d: bad", "f.csv", 3), PK_ERR_DATA);
    ck_assert_int_eq(e.status, PK_ERR_DATA);
    ck_assert_str_eq(e.msg, "f.csv:3: bad");
    /* Only the first error is kept: the root cause. */
    ck_assert_int_eq(pk_err_nomem(&e), PK_ERR_DATA);
    ck_assert_str_eq(e.msg, "f.csv:3: bad");
    pk_err_clear(&e);
    ck_assert_int_eq(pk_err_nomem(&e), PK_ERR_NOMEM);
    ck_assert_str_eq(e.msg, "out of memory");
}
END_TEST

static Suite *error_suite(void)
{
    Suite *s = suite_create("error");
    TCase *tc = pk_tcase("quote");
    tcase_add_test(tc, quote_shows_control_characters);
    tcase_add_test(tc, quote_cuts_on_a_character);
    tcase_add_test(tc, escaped_writer_and_width_agree);
    tcase_add_test(tc, set_keeps_status_and_message);
    suite_add_tcase(s, tc);
    return s;
}

PK_CHECK_MAIN(error_suite)
