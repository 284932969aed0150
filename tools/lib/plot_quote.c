/* gnuplot string constants and output names; see plot_quote.h for the rules
 * and why each character is escaped the way it is. */
#include "plot_quote.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "csvio.h"

char *pk_plot_quote(const char *s, size_t len)
{
    if (memchr(s, '\0', len) || pk_csv_utf8_invalid_at(s, len) != (size_t)-1) {
        errno = EILSEQ;
        return NULL;
    }
    /* At most 5 bytes per input byte ("\0ooo"), two quotes and a NUL. */
    if (len > (((size_t)-1) - 3) / 5) {
        errno = ENOMEM;
        return NULL;
    }
    char *out = malloc(5 * len + 3);
    if (!out) {
        errno = ENOMEM;
        return NULL;
    }
    char *o = out;
    *o++ = '"';
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '\\':
            *o++ = '\\';
            *o++ = '\\';
            break;
        case '"':
            *o++ = '\\';
            *o++ = '"';
            break;
        case '\n':
            *o++ = '\\';
            *o++ = 'n';
            break;
        case '`':
        case '\'':
        case '@':
        case '$':
            o += sprintf(o, "\\0%03o", c);
            break;
        default:
            if (c < 0x20 || c == 0x7f)
                o += sprintf(o, "\\0%03o", c);
            else
                *o++ = (char)c;
        }
    }
    *o++ = '"';
    *o = '\0';
    return out;
}

char *pk_plot_quote_enhanced(const char *s)
{
    size_t len = strlen(s);
    char *out = malloc(2 * len + 1);
    if (!out)
        return NULL;
    char *o = out;
    for (; *s; s++) {
        if (strchr("\\{}^_@&~", *s))
            *o++ = '\\';
        *o++ = *s;
    }
    *o = '\0';
    return out;
}

int pk_plot_quote_check_output(const char *what, const char *name, pk_err *err)
{
    char q[128];
    size_t len = strlen(name);
    const char *shown = pk_err_quote(q, sizeof q, name, len);
    if (len == 0)
        return pk_err_set(err, PK_ERR_USAGE, "%s: empty file name", what);
    /* gnuplot pipes `set output "|cmd"` into a shell; refuse leading
     * blanks before `|` too, in case a gnuplot version skips them. */
    size_t lead = strspn(name, " \t");
    if (name[lead] == '|' || name[lead] == '<')
        return pk_err_set(err, PK_ERR_USAGE, "%s '%s': not a file name (gnuplot would run it as a command)",
                          what, shown);
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)name[i] < 0x20 || name[i] == 0x7f)
            return pk_err_set(err, PK_ERR_USAGE, "%s '%s': control character in file name", what, shown);
    if (pk_csv_utf8_invalid_at(name, len) != (size_t)-1)
        return pk_err_set(err, PK_ERR_USAGE, "%s '%s': file name is not valid UTF-8", what, shown);
    struct stat st;
    if (name[len - 1] == '/' || (stat(name, &st) == 0 && S_ISDIR(st.st_mode)))
        return pk_err_set(err, PK_ERR_USAGE, "%s '%s': is a directory", what, shown);
    return 0;
}
