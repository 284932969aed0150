/* libFuzzer harness for the gnuplot string escaper. Properties: a quoted
 * string holds no character that gnuplot acts on before parsing a line
 * (backquote, @, $, apostrophe) and no raw newline, and it reads back, by
 * gnuplot's rules for double-quoted strings, to exactly the input. Invalid
 * UTF-8 and NUL bytes are refused. The CLI tests check the same by running
 * gnuplot itself; this checks it on millions of strings. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "csvio.h"
#include "plot_quote.h"

/* gnuplot's reading of a double-quoted constant: \\ \" \n and octal
 * \0ddd (the form the escaper writes). Returns the decoded length, or -1
 * for anything else. */
static long decode(const char *q, char *out)
{
    size_t n = strlen(q);
    if (n < 2 || q[0] != '"' || q[n - 1] != '"')
        return -1;
    long o = 0;
    for (size_t i = 1; i < n - 1; i++) {
        char c = q[i];
        if (c == '`' || c == '@' || c == '$' || c == '\'' || c == '\n' || c == '"')
            return -1;
        if (c != '\\') {
            out[o++] = c;
            continue;
        }
        c = q[++i];
        if (c == '\\' || c == '"')
            out[o++] = c;
        else if (c == 'n')
            out[o++] = '\n';
        else if (c == '0' && i + 3 < n - 1 && q[i + 1] >= '0' && q[i + 1] <= '7' &&
                 q[i + 2] >= '0' && q[i + 2] <= '7' && q[i + 3] >= '0' && q[i + 3] <= '7') {
            out[o++] = (char)((q[i + 1] - '0') * 64 + (q[i + 2] - '0') * 8 + (q[i + 3] - '0'));
            i += 3;
        } else
            return -1;
    }
    return o;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    char *q = pk_plot_quote(s, size);
    int valid = memchr(s, '\0', size) == NULL && pk_csv_utf8_invalid_at(s, size) == (size_t)-1;
    if (!q) {
        if (valid)
            abort(); /* refused a valid string */
        return 0;
    }
    if (!valid)
        abort(); /* accepted invalid UTF-8 or a NUL */
    char *back = malloc(strlen(q) + 1);
    long n = decode(q, back);
    if (n != (long)size || memcmp(back, s, size) != 0)
        abort();
    free(back);
    free(q);
    return 0;
}
