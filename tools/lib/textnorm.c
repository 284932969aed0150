/* Normalisation of raw answers for matching; see textnorm.h. */
#include "textnorm.h"
#include "util.h"

#include <stdint.h>
#include <stdlib.h>

/* What a code point becomes: an ASCII byte, 0 to drop it, or -1 to keep
 * its bytes unchanged. */
static int ascii_for(uint32_t cp)
{
    switch (cp) {
    case 0x2018: case 0x2019: case 0x201A: case 0x201B:
    case 0x2032: case 0x02BC: case 0x00B4:
        return '\'';
    case 0x201C: case 0x201D: case 0x201E: case 0x201F:
    case 0x2033: case 0x00AB: case 0x00BB:
        return '"';
    case 0x2010: case 0x2011: case 0x2012: case 0x2013:
    case 0x2014: case 0x2015: case 0x2212: case 0xFE63: case 0xFF0D:
        return '-';
    case 0x00A0: case 0x1680: case 0x202F: case 0x205F: case 0x3000:
    case 0x2028: case 0x2029: case 0x0085:
        return ' ';
    case 0x200B: case 0x200C: case 0x200D: case 0x2060: case 0xFEFF:
        return 0;
    default:
        if (cp >= 0x2000 && cp <= 0x200A)
            return ' ';
        return -1;
    }
}

int pk_textnorm(pk_textnorm_buf *b, const char *str, size_t len)
{
    if (pk_util_grow((void **)&b->s, &b->cap, len + 1, 1))
        return -1;
    const unsigned char *s = (const unsigned char *)str;
    char *o = b->s;
    size_t n = 0;
    int pending_space = 0;   /* white space seen after some text */
    size_t i = 0;
    while (i < len) {
        unsigned char c = s[i];
        int out;
        size_t step = 1;
        if (c < 0x80) {
            out = c;
            if (out == '`')
                out = '\'';
        } else {
            uint32_t cp = 0;
            size_t k = 0;
            if (c >= 0xC2 && c <= 0xDF) {
                cp = c & 0x1F;
                k = 1;
            } else if (c >= 0xE0 && c <= 0xEF) {
                cp = c & 0x0F;
                k = 2;
            } else if (c >= 0xF0 && c <= 0xF4) {
                cp = c & 0x07;
                k = 3;
            }
            int ok = k > 0 && i + k < len;
            for (size_t j = 1; ok && j <= k; j++) {
                if ((s[i + j] & 0xC0) != 0x80)
                    ok = 0;
                else
                    cp = (cp << 6) | (s[i + j] & 0x3F);
            }
            if (!ok) {
                out = -1;
            } else {
                step = k + 1;
                out = ascii_for(cp);
            }
        }
        if (out == 0) {
            i += step;
            continue;
        }
        if (out == ' ' || out == '\t' || out == '\n' || out == '\r' || out == '\f' || out == '\v') {
            if (n > 0)
                pending_space = 1;
            i += step;
            continue;
        }
        if (pending_space) {
            o[n++] = ' ';
            pending_space = 0;
        }
        if (out < 0) {
            for (size_t j = 0; j < step; j++)
                o[n++] = (char)s[i + j];
        } else {
            if (out >= 'A' && out <= 'Z')
                out += 'a' - 'A';
            o[n++] = (char)out;
        }
        i += step;
    }
    o[n] = '\0';
    b->len = n;
    return 0;
}

void pk_textnorm_buf_free(pk_textnorm_buf *b)
{
    free(b->s);
    b->s = NULL;
    b->len = b->cap = 0;
}

size_t pk_textnorm_width(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        n += ((unsigned char)s[i] & 0xC0) != 0x80;
    return n;
}
