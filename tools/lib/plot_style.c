/* pollplot's house-style file and the values it shares with the command
 * line (see plot_style.h). */
#include "plot_style.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "colour.h"
#include "csvio.h"
#include "number.h"

/* The keys, as the manual page lists them. */
#define STYLE_KEYS "size, font, source, note, min-base, palette, colour.NAME"

int pk_plot_style_size(const char *text, double *w, double *h, int *physical, char *why, size_t size)
{
    const char *x = strchr(text, 'x');
    if (!x) {
        snprintf(why, size, "is not WIDTHxHEIGHT (1600x900; for pdfcairo 8x4.5in or 20x11.25cm)");
        return -1;
    }
    char a[64], b[64];
    size_t la = (size_t)(x - text), lb = strlen(x + 1);
    if (la == 0 || la >= sizeof a || lb == 0 || lb >= sizeof b) {
        snprintf(why, size, "is not WIDTHxHEIGHT (1600x900; for pdfcairo 8x4.5in or 20x11.25cm)");
        return -1;
    }
    memcpy(a, text, la);
    a[la] = '\0';
    memcpy(b, x + 1, lb + 1);
    /* The unit, after the height only. */
    double per_unit = 1;
    *physical = 0;
    size_t n = strlen(b);
    if (n > 2 && (strcmp(b + n - 2, "in") == 0 || strcmp(b + n - 2, "cm") == 0 || strcmp(b + n - 2, "px") == 0)) {
        if (strcmp(b + n - 2, "in") == 0)
            per_unit = 150;
        else if (strcmp(b + n - 2, "cm") == 0)
            per_unit = 150 / 2.54;
        *physical = strcmp(b + n - 2, "px") != 0;
        b[n - 2] = '\0';
    }
    double wv, hv;
    if (pk_number_parse(a, &wv) || pk_number_parse(b, &hv) || strchr(a, ' ') || strchr(b, ' ')) {
        snprintf(why, size, "is not WIDTHxHEIGHT (1600x900; for pdfcairo 8x4.5in or 20x11.25cm)");
        return -1;
    }
    wv *= per_unit;
    hv *= per_unit;
    if (!(wv >= PK_PLOT_STYLE_MIN_PX && wv <= PK_PLOT_STYLE_MAX_PX && hv >= PK_PLOT_STYLE_MIN_PX &&
          hv <= PK_PLOT_STYLE_MAX_PX)) {
        snprintf(why, size, "is out of range: each side from %d to %d pixels (%.2f to %.0f inches)",
                 PK_PLOT_STYLE_MIN_PX, PK_PLOT_STYLE_MAX_PX, PK_PLOT_STYLE_MIN_PX / 150.0,
                 PK_PLOT_STYLE_MAX_PX / 150.0);
        return -1;
    }
    if (!*physical && (wv != floor(wv) || hv != floor(hv))) {
        snprintf(why, size, "is not whole pixels");
        return -1;
    }
    *w = wv;
    *h = hv;
    return 0;
}

int pk_plot_style_font(const char *text, char **name, double *pt, char *why, size_t size)
{
    const char *comma = strrchr(text, ',');
    size_t len = comma ? (size_t)(comma - text) : strlen(text);
    while (len > 0 && text[len - 1] == ' ')
        len--;
    const char *start = text;
    while (len > 0 && *start == ' ') {
        start++;
        len--;
    }
    *pt = 0;
    if (comma) {
        if (pk_number_parse(comma + 1, pt) || !(*pt >= PK_PLOT_STYLE_MIN_PT && *pt <= PK_PLOT_STYLE_MAX_PT)) {
            snprintf(why, size, "has no size from %d to %d points after its comma", PK_PLOT_STYLE_MIN_PT,
                     PK_PLOT_STYLE_MAX_PT);
            return -1;
        }
    }
    if (len == 0 || len > 100) {
        snprintf(why, size, "has no font name (NAME or NAME,SIZE: 'Source Sans 3,13')");
        return -1;
    }
    /* gnuplot reads ':' in a font name as a style and ',' as the size. */
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)start[i] < 0x20 || start[i] == 0x7f || start[i] == ':' || start[i] == ',') {
            snprintf(why, size, "has a character a font name cannot have (':', ',' or a control character)");
            return -1;
        }
    if (!(*name = strndup(start, len))) {
        snprintf(why, size, "could not be kept: out of memory");
        return -1;
    }
    return 0;
}

int pk_plot_style_colour(const char *text, char out[8])
{
    unsigned rgb[3];
    if (pk_colour_parse(text, rgb))
        return -1;
    snprintf(out, 8, "#%02X%02X%02X", rgb[0], rgb[1], rgb[2]);
    return 0;
}

void pk_plot_style_free(pk_plot_style *s)
{
    free(s->font);
    free(s->source);
    free(s->note);
    for (size_t i = 0; i < s->npalette; i++)
        free(s->palette[i]);
    free(s->palette);
    for (size_t i = 0; i < s->ncolours; i++) {
        free(s->colour_names[i]);
        free(s->colour_values[i]);
    }
    free(s->colour_names);
    free(s->colour_values);
    free(s->size_at);
    memset(s, 0, sizeof *s);
    s->min_base = -1;
}

static char *trim(char *p)
{
    while (*p == ' ' || *p == '\t')
        p++;
    size_t n = strlen(p);
    while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
        p[--n] = '\0';
    return p;
}

/* One "#RRGGBB" value, kept as a new string (NULL: memory). */
static int colour_value(const char *name, long line, const char *v, char **out, pk_err *err)
{
    char c[8], b[128];
    if (pk_plot_style_colour(v, c))
        return pk_err_set(err, PK_ERR_DATA, "%s:%ld: colour '%s' is not #RRGGBB (six hex digits: #E4003B)", name,
                          line, pk_err_quote(b, sizeof b, v, strlen(v)));
    if (!(*out = strdup(c)))
        return pk_err_nomem(err);
    return 0;
}

/* One key = value line. seen: the keys given so far (bit per key). */
static int style_line(pk_plot_style *s, const char *name, long line, char *key, char *v, unsigned *seen,
                      pk_err *err)
{
    static const char *const keys[] = {"size", "font", "source", "note", "min-base", "palette"};
    char b[128], why[160];
    size_t k = 0;
    while (k < 6 && strcmp(key, keys[k]) != 0)
        k++;
    int colour = strncmp(key, "colour.", 7) == 0 || strncmp(key, "color.", 6) == 0;
    if (k == 6 && !colour)
        return pk_err_set(err, PK_ERR_DATA, "%s:%ld: unknown key '%s' (the keys: " STYLE_KEYS ")", name, line,
                          pk_err_quote(b, sizeof b, key, strlen(key)));
    if (k < 6 && (*seen & 1u << k))
        return pk_err_set(err, PK_ERR_DATA, "%s:%ld: '%s' is given twice", name, line, keys[k]);
    if (k < 6)
        *seen |= 1u << k;
    if (!*v)
        return pk_err_set(err, PK_ERR_DATA, "%s:%ld: '%s' has no value", name, line, key);
    switch (k) {
    case 0:
        if (pk_plot_style_size(v, &s->width, &s->height, &s->physical, why, sizeof why))
            return pk_err_set(err, PK_ERR_DATA, "%s:%ld: size '%s' %s", name, line,
                              pk_err_quote(b, sizeof b, v, strlen(v)), why);
        if (asprintf(&s->size_at, "%s:%ld", name, line) < 0) {
            s->size_at = NULL;
            return pk_err_nomem(err);
        }
        return 0;
    case 1:
        if (pk_plot_style_font(v, &s->font, &s->font_size, why, sizeof why))
            return pk_err_set(err, PK_ERR_DATA, "%s:%ld: font '%s' %s", name, line,
                              pk_err_quote(b, sizeof b, v, strlen(v)), why);
        return 0;
    case 2:
    case 3:
        if (!(*(k == 2 ? &s->source : &s->note) = strdup(v)))
            return pk_err_nomem(err);
        return 0;
    case 4:
        if (pk_number_parse_long(v, &s->min_base) || s->min_base < 0 || s->min_base > 1000000000L)
            return pk_err_set(err, PK_ERR_DATA, "%s:%ld: min-base '%s' is not a whole number from 0 to 1000000000",
                              name, line, pk_err_quote(b, sizeof b, v, strlen(v)));
        return 0;
    case 5:
        for (char *p = v; *p;) {
            size_t len = strcspn(p, ",");
            char one[64];
            snprintf(one, sizeof one, "%.*s", (int)(len < 63 ? len : 63), p);
            char *c = trim(one);
            if (s->npalette == 12)
                return pk_err_set(err, PK_ERR_DATA, "%s:%ld: the palette has more than 12 colours", name, line);
            char **np = realloc(s->palette, (s->npalette + 1) * sizeof *np);
            if (!np)
                return pk_err_nomem(err);
            s->palette = np;
            if (colour_value(name, line, c, &s->palette[s->npalette], err))
                return err->status;
            s->npalette++;
            p += len + (p[len] == ',');
        }
        return 0;
    default:
        break;
    }
    const char *gname = trim(strchr(key, '.') + 1);
    if (!*gname)
        return pk_err_set(err, PK_ERR_DATA, "%s:%ld: '%s' names no group (colour.Labour = #E4003B)", name, line,
                          key);
    for (size_t i = 0; i < s->ncolours; i++)
        if (strcasecmp(s->colour_names[i], gname) == 0)
            return pk_err_set(err, PK_ERR_DATA, "%s:%ld: a colour for '%s' is given twice", name, line,
                              pk_err_quote(b, sizeof b, gname, strlen(gname)));
    char **nn = realloc(s->colour_names, (s->ncolours + 1) * sizeof *nn);
    if (nn)
        s->colour_names = nn;
    char **nv = realloc(s->colour_values, (s->ncolours + 1) * sizeof *nv);
    if (nv)
        s->colour_values = nv;
    if (!nn || !nv)
        return pk_err_nomem(err);
    if (colour_value(name, line, v, &s->colour_values[s->ncolours], err))
        return err->status;
    if (!(s->colour_names[s->ncolours] = strdup(gname))) {
        free(s->colour_values[s->ncolours]);
        return pk_err_nomem(err);
    }
    s->ncolours++;
    return 0;
}

int pk_plot_style_read(const char *path, pk_plot_style *s, pk_err *err)
{
    memset(s, 0, sizeof *s);
    s->min_base = -1;
    int in = strcmp(path, "-") == 0;
    const char *name = in ? "<stdin>" : path;
    FILE *f = in ? stdin : fopen(path, "r");
    if (!f)
        return pk_err_set(err, PK_ERR_DATA, "%s: %s", name, strerror(errno));
    char *buf = NULL;
    size_t cap = 0;
    ssize_t got;
    long line = 0;
    unsigned seen = 0;
    int st = 0;
    while (!st && (got = getline(&buf, &cap, f)) >= 0) {
        line++;
        size_t len = (size_t)got;
        if (len > 0 && buf[len - 1] == '\n')
            buf[--len] = '\0';
        if (len > 0 && buf[len - 1] == '\r')
            buf[--len] = '\0';
        char *p = buf;
        if (line == 1 && strncmp(p, "\xEF\xBB\xBF", 3) == 0)
            p += 3;
        if (memchr(buf, 0, len) != NULL) {
            st = pk_err_set(err, PK_ERR_DATA, "%s:%ld: a NUL byte", name, line);
            break;
        }
        if (pk_csv_utf8_invalid_at(p, strlen(p)) != (size_t)-1) {
            st = pk_err_set(err, PK_ERR_DATA, "%s:%ld: text is not valid UTF-8", name, line);
            break;
        }
        for (const char *q = p; *q; q++)
            if (((unsigned char)*q < 0x20 && *q != '\t') || *q == 0x7f) {
                st = pk_err_set(err, PK_ERR_DATA, "%s:%ld: a control character (0x%02X)", name, line,
                                (unsigned char)*q);
                break;
            }
        if (st)
            break;
        p = trim(p);
        if (!*p || *p == '#')
            continue;
        char *eq = strchr(p, '=');
        if (!eq) {
            st = pk_err_set(err, PK_ERR_DATA, "%s:%ld: not a 'key = value' line (the keys: " STYLE_KEYS ")", name,
                            line);
            break;
        }
        *eq = '\0';
        st = style_line(s, name, line, trim(p), trim(eq + 1), &seen, err);
    }
    if (!st && ferror(f))
        st = pk_err_set(err, PK_ERR_DATA, "%s: %s", name, strerror(errno));
    free(buf);
    if (!in)
        fclose(f);
    if (st)
        pk_plot_style_free(s);
    return st;
}
