/* The error buffer the core fills and main() prints; see error.h. */
#include "error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void pk_err_clear(pk_err *e)
{
    if (!e)
        return;
    e->status = 0;
    e->msg[0] = '\0';
}

int pk_err_set(pk_err *e, int status, const char *fmt, ...)
{
    if (!e || e->status)
        return e ? e->status : status;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->msg, sizeof e->msg, fmt, ap);
    va_end(ap);
    e->status = status ? status : PK_EDATA;
    return e->status;
}

const char *pk_err_quote(char *buf, size_t bufsize, const char *s, size_t len)
{
    size_t o = 0;
    if (bufsize == 0)
        return buf;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        char tmp[8];
        size_t n;
        if (c == '\n')
            n = (size_t)snprintf(tmp, sizeof tmp, "\\n");
        else if (c == '\t')
            n = (size_t)snprintf(tmp, sizeof tmp, "\\t");
        else if (c == '\r')
            n = (size_t)snprintf(tmp, sizeof tmp, "\\r");
        else if (c < 0x20 || c == 0x7f)
            n = (size_t)snprintf(tmp, sizeof tmp, "\\x%02x", c);
        else {
            tmp[0] = (char)c;
            n = 1;
        }
        if (o + n + 4 > bufsize) {
            /* Cut on a character boundary so the message stays UTF-8. */
            while (o > 0 && ((unsigned char)buf[o - 1] & 0xC0) == 0x80)
                o--;
            if (o > 0 && ((unsigned char)buf[o - 1] & 0xC0) == 0xC0)
                o--;
            memcpy(buf + o, "...", 3);
            o += 3;
            break;
        }
        memcpy(buf + o, tmp, n);
        o += n;
    }
    buf[o] = '\0';
    return buf;
}
