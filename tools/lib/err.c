/* The error buffer the core fills and main() prints; see err.h. */
#include "err.h"

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
    e->status = status ? status : PK_ERR_DATA;
    return e->status;
}

/* The escape for the character at s[i] (tmp, its length in *n), or 0 when
 * it is printable; *adv is how many bytes it takes. */
static int escape_at(const unsigned char *s, size_t i, size_t len, char tmp[8], size_t *n, size_t *adv)
{
    unsigned char c = s[i];
    *adv = 1;
    if (c == '\n')
        *n = (size_t)snprintf(tmp, 8, "\\n");
    else if (c == '\t')
        *n = (size_t)snprintf(tmp, 8, "\\t");
    else if (c == '\r')
        *n = (size_t)snprintf(tmp, 8, "\\r");
    else if (c < 0x20 || c == 0x7f)
        *n = (size_t)snprintf(tmp, 8, "\\x%02X", c);
    else if (c == 0xC2 && i + 1 < len && s[i + 1] >= 0x80 && s[i + 1] <= 0x9F) {
        *n = (size_t)snprintf(tmp, 8, "\\u%04X", s[i + 1]);
        *adv = 2;
    } else
        return 0;
    return 1;
}

int pk_err_nomem(pk_err *e)
{
    return pk_err_set(e, PK_ERR_NOMEM, "out of memory");
}

const char *pk_err_quote(char *buf, size_t bufsize, const char *s, size_t len)
{
    size_t o = 0;
    if (bufsize == 0)
        return buf;
    for (size_t i = 0; i < len;) {
        const unsigned char *u = (const unsigned char *)s;
        char tmp[8];
        size_t n, adv;
        if (!escape_at(u, i, len, tmp, &n, &adv)) {
            tmp[0] = s[i];
            n = 1;
        }
        if (o + n + 4 > bufsize) {
            /* Cut on a character boundary so the message stays UTF-8: a
             * last character copied only in part goes. */
            size_t start = o;
            while (start > 0 && ((unsigned char)buf[start - 1] & 0xC0) == 0x80)
                start--;
            if (start > 0 && ((unsigned char)buf[start - 1] & 0xC0) == 0xC0) {
                unsigned char lead = (unsigned char)buf[start - 1];
                size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
                if (o - (start - 1) < need)
                    o = start - 1;
            }
            memcpy(buf + o, "...", 3);
            o += 3;
            break;
        }
        memcpy(buf + o, tmp, n);
        o += n;
        i += adv;
    }
    buf[o] = '\0';
    return buf;
}

void pk_err_write_escaped(FILE *f, const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t start = 0;
    for (size_t i = 0; i < len;) {
        char tmp[8];
        size_t n, adv;
        if (escape_at(u, i, len, tmp, &n, &adv)) {
            fwrite(s + start, 1, i - start, f);
            fwrite(tmp, 1, n, f);
            i += adv;
            start = i;
        } else {
            i++;
        }
    }
    fwrite(s + start, 1, len - start, f);
}

size_t pk_err_escaped_width(const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t w = 0;
    for (size_t i = 0; i < len;) {
        char tmp[8];
        size_t n, adv;
        if (escape_at(u, i, len, tmp, &n, &adv)) {
            w += n;
            i += adv;
        } else {
            w += (u[i] & 0xC0) != 0x80;
            i++;
        }
    }
    return w;
}

void pk_err_list_add(pk_err_list *l, const char *sep, const char *fmt, ...)
{
    l->n++;
    if (l->full)
        return;
    char raw[512], item[128];
    va_list ap;
    va_start(ap, fmt);
    int r = vsnprintf(raw, sizeof raw, fmt, ap);
    va_end(ap);
    if (r < 0)
        raw[0] = '\0';
    pk_err_quote(item, sizeof item, raw, strlen(raw));
    const char *s = l->shown ? sep : "";
    /* The names shown are always the first ones: once one does not fit,
     * none after it is shown either. */
    size_t names = l->max_names ? l->max_names : PK_ERR_LIST_SHOWN;
    size_t chars = l->max_chars ? l->max_chars : PK_ERR_LIST_CHARS;
    if (chars > PK_ERR_LIST_ROOM)
        chars = PK_ERR_LIST_ROOM;
    if (l->shown == names || (l->shown > 0 && l->len + strlen(s) + strlen(item) > chars)) {
        l->full = 1;
        return;
    }
    l->len += (size_t)snprintf(l->text + l->len, sizeof l->text - l->len, "%s%s", s, item);
    l->shown++;
}

const char *pk_err_list_text(pk_err_list *l)
{
    l->text[l->len] = '\0';
    if (l->n > l->shown)
        snprintf(l->out, sizeof l->out, "%s%s%zu more", l->text, l->shown ? " and " : "",
                 l->n - l->shown);
    else
        snprintf(l->out, sizeof l->out, "%s", l->text);
    return l->out;
}

size_t pk_err_list_count(const pk_err_list *l)
{
    return l->n;
}
