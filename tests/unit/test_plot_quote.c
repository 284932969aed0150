/* gnuplot quoting: exact escapes, refusal of invalid UTF-8 and unsafe output
 * names, and a round trip through gnuplot itself: `print "<quoted>"` must
 * print the original text back, and the hostile strings (backquoted
 * commands, @macros, quotes, system()) must not run anything. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "plot_quote.h"
#include "pk_check.h"

static char *q(const char *s)
{
    char *r = pk_plot_quote(s, strlen(s));
    ck_assert_ptr_nonnull(r);
    return r;
}

#define QUOTES(in, expected)                 \
    do {                                     \
        char *got_ = q(in);                  \
        ck_assert_str_eq(got_, expected);    \
        free(got_);                          \
    } while (0)

START_TEST(escapes)
{
    QUOTES("", "\"\"");
    QUOTES("plain text", "\"plain text\"");
    QUOTES("a\"b", "\"a\\\"b\"");
    QUOTES("a\\b", "\"a\\\\b\"");
    QUOTES("`id`", "\"\\0140id\\0140\"");
    QUOTES("it's", "\"it\\0047s\"");
    QUOTES("@m $d", "\"\\0100m \\0044d\"");
    QUOTES("l1\nl2", "\"l1\\nl2\"");
    QUOTES("t\tr\r", "\"t\\0011r\\0015\"");
    /* A digit after an escape stays a digit: 4-digit octal forms. */
    QUOTES("`1", "\"\\01401\"");
    QUOTES("50% {x}^_&~", "\"50% {x}^_&~\"");
    QUOTES("Caf\xc3\xa9 \xe2\x9c\x93", "\"Caf\xc3\xa9 \xe2\x9c\x93\"");
}
END_TEST

START_TEST(invalid_utf8)
{
    errno = 0;
    ck_assert_ptr_null(pk_plot_quote("caf\xe9", 4));
    ck_assert_int_eq(errno, EILSEQ);
    ck_assert_ptr_null(pk_plot_quote("\xc0\xaf", 2)); /* overlong "/" */
    ck_assert_ptr_null(pk_plot_quote("a\0b", 3));     /* embedded NUL */
}
END_TEST

START_TEST(enhanced_escape)
{
    char *e = pk_plot_quote_enhanced("{/:Bold x}^2_a@b&c~d\\101");
    ck_assert_ptr_nonnull(e);
    ck_assert_str_eq(e, "\\{/:Bold x\\}\\^2\\_a\\@b\\&c\\~d\\\\101");
    free(e);
}
END_TEST

START_TEST(output_names)
{
    pk_err e;
    pk_err_clear(&e);
    ck_assert_int_eq(pk_plot_quote_check_output("--image", "chart.png", &e), 0);
    ck_assert_int_eq(pk_plot_quote_check_output("--image", "dir with space/a|b<c.svg", &e), 0);
    ck_assert_int_eq(pk_plot_quote_check_output("--image", "|touch x", &e), PK_ERR_USAGE);
    ck_assert_str_eq(e.msg, "--image '|touch x': not a file name (gnuplot would run it as a command)");
    pk_err_clear(&e);
    ck_assert_int_eq(pk_plot_quote_check_output("--image", " |x", &e), PK_ERR_USAGE);
    pk_err_clear(&e);
    ck_assert_int_eq(pk_plot_quote_check_output("--image", "<cat", &e), PK_ERR_USAGE);
    pk_err_clear(&e);
    ck_assert_int_eq(pk_plot_quote_check_output("--image", "", &e), PK_ERR_USAGE);
    ck_assert_str_eq(e.msg, "--image: empty file name");
    pk_err_clear(&e);
    ck_assert_int_eq(pk_plot_quote_check_output("--image", "a\nb.png", &e), PK_ERR_USAGE);
    ck_assert_str_eq(e.msg, "--image 'a\\nb.png': control character in file name");
    pk_err_clear(&e);
    ck_assert_int_eq(pk_plot_quote_check_output("--image", "/tmp", &e), PK_ERR_USAGE);
    ck_assert_str_eq(e.msg, "--image '/tmp': is a directory");
    pk_err_clear(&e);
    ck_assert_int_eq(pk_plot_quote_check_output("--image", "out/", &e), PK_ERR_USAGE);
    pk_err_clear(&e);
    ck_assert_int_eq(pk_plot_quote_check_output("--image", "caf\xe9.png", &e), PK_ERR_USAGE);
}
END_TEST

/* The hostile strings of the round trip. CANARY is replaced by the canary's
 * path; none of them may create it. */
static const char *const hostile[] = {
    "`touch CANARY`",
    "a `touch CANARY` b \"`touch CANARY`\"",
    "it's ''quoted'' and \"double\"",
    "@m @@ $d $data[1]",
    "\"; system(\"touch CANARY\"); print \"",
    "'; system('touch CANARY'); print '",
    "{/:Bold x}^2_y &{x} ~a{b} 50% %d %s",
    "line one\nEOD\nline three\n",
    "back\\slash \\` \\\\ \\101 \\n",
    "`1 \\0471 @1 $1",
    "Caf\xc3\xa9 \xe2\x80\x94 \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x97\xb3",
    "tab\there\rcr",
    "trailing backslash\\",
};

static char *subst(const char *s, const char *from, const char *to)
{
    size_t n = strlen(s) + 1, fl = strlen(from), tl = strlen(to);
    for (const char *p = s; (p = strstr(p, from)); p += fl)
        n += tl;
    char *out = malloc(n), *o = out;
    ck_assert_ptr_nonnull(out);
    for (const char *p = s;;) {
        const char *m = strstr(p, from);
        if (!m) {
            strcpy(o, p);
            break;
        }
        memcpy(o, p, (size_t)(m - p));
        o += m - p;
        memcpy(o, to, tl);
        o += tl;
        p = m + fl;
    }
    return out;
}

START_TEST(gnuplot_round_trip)
{
    char dir[] = "/tmp/pk-plot-quote.XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char canary[256], printed[256], script[256], cmd[600];
    snprintf(canary, sizeof canary, "%s/canary", dir);
    snprintf(printed, sizeof printed, "%s/printed.txt", dir);
    snprintf(script, sizeof script, "%s/t.gp", dir);

    size_t n = sizeof hostile / sizeof hostile[0];
    char *want[sizeof hostile / sizeof hostile[0]];
    FILE *f = fopen(script, "w");
    ck_assert_ptr_nonnull(f);
    fprintf(f, "set encoding utf8\nm = \"MACRO\"\n");
    char *p = q(printed);
    fprintf(f, "set print %s\n", p);
    free(p);
    for (size_t i = 0; i < n; i++) {
        want[i] = subst(hostile[i], "CANARY", canary);
        char *c = q(want[i]);
        /* Each string on its own, and in a concatenation, as pollplot
         * writes it. */
        fprintf(f, "print %s\ns = %s . \"|\"\nprint s\n", c, c);
        free(c);
    }
    fprintf(f, "unset print\n");
    ck_assert_int_eq(fclose(f), 0);

    snprintf(cmd, sizeof cmd, "LC_ALL=C.UTF-8 gnuplot %s 2>%s/err.txt", script, dir);
    ck_assert_int_eq(system(cmd), 0);

    FILE *in = fopen(printed, "r");
    ck_assert_ptr_nonnull(in);
    static char got[65536];
    size_t len = fread(got, 1, sizeof got - 1, in);
    got[len] = '\0';
    fclose(in);

    size_t o = 0;
    static char expect[65536];
    for (size_t i = 0; i < n; i++)
        o += (size_t)snprintf(expect + o, sizeof expect - o, "%s\n%s|\n", want[i], want[i]);
    ck_assert_str_eq(got, expect);

    struct stat st;
    ck_assert_msg(stat(canary, &st) != 0, "a hostile string ran a command");
    snprintf(cmd, sizeof cmd, "%s/err.txt", dir);
    ck_assert_int_eq(stat(cmd, &st), 0);
    ck_assert_msg(st.st_size == 0, "gnuplot wrote to stderr");

    for (size_t i = 0; i < n; i++)
        free(want[i]);
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    ck_assert_int_eq(system(cmd), 0);
}
END_TEST

static Suite *plot_quote_suite(void)
{
    Suite *s = suite_create("plot_quote");
    TCase *tc = pk_tcase("core");
    tcase_add_test(tc, escapes);
    tcase_add_test(tc, invalid_utf8);
    tcase_add_test(tc, enhanced_escape);
    tcase_add_test(tc, output_names);
    tcase_add_test(tc, gnuplot_round_trip);
    suite_add_tcase(s, tc);
    return s;
}

PK_CHECK_MAIN(plot_quote_suite)
