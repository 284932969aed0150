/* Loading a support table (see support_table.h). Strings live in chunks that are
 * never moved, so row pointers stay valid while the row array grows; each
 * distinct string is stored once (a table repeats its questions, groups and
 * labels on every row). */
#include "support_table.h"

#include <ctype.h>
#include <math.h>
#include <stddef.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "colname.h"
#include "number.h"
#include "scale.h"
#include "scale_guess.h"
#include "util.h"

struct pk_support_table_chunk {
    pk_support_table_chunk *next;
    size_t used, size;
    char data[];
};

#define CHUNK_MIN 65536

/* Copy s[0..len) into the table's string storage. */
static const char *store_new(pk_support_table *t, const char *s, size_t len)
{
    pk_support_table_chunk *c = t->chunks;
    if (!c || c->size - c->used < len + 1) {
        size_t size = len + 1 > CHUNK_MIN ? len + 1 : CHUNK_MIN;
        c = malloc(sizeof *c + size);
        if (!c)
            return NULL;
        c->next = t->chunks;
        c->used = 0;
        c->size = size;
        t->chunks = c;
    }
    char *p = c->data + c->used;
    memcpy(p, s, len);
    p[len] = '\0';
    c->used += len + 1;
    return p;
}

/* The stored copy of s[0..len), made on first use. */
static const char *store(pk_support_table *t, const char *s, size_t len)
{
    uint64_t h = pk_util_hash(s, len);
    size_t slot = 0, i;
    while ((i = pk_util_hindex_next(&t->string_ix, h, &slot)) != SIZE_MAX)
        if (strncmp(t->strings[i], s, len) == 0 && t->strings[i][len] == '\0')
            return t->strings[i];
    if (pk_util_grow((void **)&t->strings, &t->scap, t->nstrings + 1, sizeof *t->strings))
        return NULL;
    const char *p = store_new(t, s, len);
    if (!p || pk_util_hindex_add(&t->string_ix, h, t->nstrings))
        return NULL;
    t->strings[t->nstrings++] = p;
    return p;
}

static uint64_t key_hash(const char *a, const char *b, const char *c)
{
    uint64_t h = pk_util_hash(NULL, 0);
    h = pk_util_hash_add(h, a, strlen(a));
    h = pk_util_hash_add(h, b, strlen(b));
    return c ? pk_util_hash_add(h, c, strlen(c)) : h;
}

static uint64_t label_hash(const char *s);

/* A wave's position in t->waves (-1: none, a table without waves). */
static long wave_pos(const pk_support_table *t, const char *wave)
{
    for (size_t k = 0; k < t->nwaves; k++)
        if (t->waves[k].code == wave)
            return (long)k;
    return -1;
}

typedef pk_support_table_col col;
#define COL(name) PK_SUPPORT_TABLE_COL_##name

enum kind { KIND_TEXT, KIND_WHOLE, KIND_FLAG, KIND_REAL };

/* The columns, from the one list in support_table.h. */
static const struct column {
    const char *name;
    enum kind kind;
    size_t offset;   /* of the field in pk_support_table_row */
    int digits;
} columns[PK_SUPPORT_TABLE_NCOLS] = {
#define X(NAME, field, kind, digits) {#field, KIND_##kind, offsetof(pk_support_table_row, field), digits},
    PK_SUPPORT_TABLE_COLUMNS(X)
#undef X
};

const char *pk_support_table_col_name(pk_support_table_col c)
{
    return c < PK_SUPPORT_TABLE_NCOLS ? columns[c].name : NULL;
}

#define FIELD(row, c, type) (*(type *)((char *)(row) + columns[c].offset))
#define CFIELD(row, c, type) (*(const type *)((const char *)(row) + columns[c].offset))

void pk_support_table_write_header(pk_csv_writer *w, unsigned long omit)
{
    for (size_t c = 0; c < PK_SUPPORT_TABLE_NCOLS; c++)
        if (!(omit & (1ul << c)))
            pk_csv_writer_field(w, columns[c].name);
    pk_csv_writer_end(w);
}

void pk_support_table_write_row(pk_csv_writer *w, const pk_support_table_row *r, unsigned long omit)
{
    for (size_t c = 0; c < PK_SUPPORT_TABLE_NCOLS; c++) {
        if (omit & (1ul << c))
            continue;
        switch (columns[c].kind) {
        case KIND_TEXT: {
            const char *v = CFIELD(r, c, char *);
            pk_csv_writer_field(w, v ? v : "");
            break;
        }
        case KIND_WHOLE: {
            long v = CFIELD(r, c, long);
            if (v < 0)
                pk_csv_writer_field(w, "");
            else
                pk_csv_writer_long(w, v);
            break;
        }
        case KIND_FLAG:
            pk_csv_writer_long(w, CFIELD(r, c, int));
            break;
        case KIND_REAL:
            pk_csv_writer_double(w, CFIELD(r, c, double), columns[c].digits);
            break;
        }
    }
    pk_csv_writer_end(w);
}

static int is_required(col c)
{
    return c == COL(QUESTION) || c == COL(GROUP) || c == COL(RESPONSE) || c == COL(SHARE);
}

/* The field of column c in the current record, or NULL when the table has
 * no such column. */
static const char *field(pk_csv_reader *r, const long *idx, col c)
{
    return idx[c] < 0 ? NULL : pk_csv_reader_field(r, (size_t)idx[c]);
}

static int bad_value(pk_csv_reader *r, col c, const char *what, const char *s, pk_err *err)
{
    char q[128];
    return pk_err_set(err, PK_ERR_DATA, "%s:%ld:%s: %s '%s'", pk_csv_reader_name(r),
                      pk_csv_reader_line(r), columns[c].name, what,
                      pk_err_quote(q, sizeof q, s, strlen(s)));
}

static int refuse(pk_csv_reader *r, col c, pk_err *err, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* An impossible value: FILE:LINE:COLUMN: message. */
static int refuse(pk_csv_reader *r, col c, pk_err *err, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return pk_err_set(err, PK_ERR_DATA, "%s:%ld:%s: %s", pk_csv_reader_name(r), pk_csv_reader_line(r),
                      columns[c].name, msg);
}

static int get_double(pk_csv_reader *r, const long *idx, col c, double *out, pk_err *err)
{
    const char *s = field(r, idx, c);
    *out = NAN;
    if (!s || s[strspn(s, " ")] == '\0')
        return 0;
    int bad = pk_number_parse(s, out);
    if (bad) {
        char what[128];
        snprintf(what, sizeof what, "%s:", pk_number_problem(bad));
        return bad_value(r, c, what, s, err);
    }
    return 0;
}

/* A share, bound or se: a proportion, or a percentage with its % sign
 * ("54%" is 0.54), as tables typed in from a pollster's tables give them.
 * *pct says which. */
static int get_proportion(pk_csv_reader *r, const long *idx, col c, double *out, int *pct,
                          pk_err *err)
{
    const char *s = field(r, idx, c);
    *pct = 0;
    size_t len = s ? strlen(s) : 0;
    while (len > 0 && s[len - 1] == ' ')
        len--;
    if (len == 0 || s[len - 1] != '%')
        return get_double(r, idx, c, out, err);
    char buf[64];
    if (len - 1 >= sizeof buf)
        return bad_value(r, c, "not a number:", s, err);
    memcpy(buf, s, len - 1);
    buf[len - 1] = '\0';
    int bad = pk_number_parse(buf, out);
    if (bad) {
        *out = NAN;
        return bad_value(r, c, "not a percentage:", s, err);
    }
    *out /= 100;
    *pct = 1;
    return 0;
}

static int get_string(pk_support_table *t, pk_csv_reader *r, const long *idx, col c,
                      const char *dflt, const char **out, pk_err *err)
{
    const char *s = field(r, idx, c);
    if (!s || !*s) {
        *out = dflt;
        return 0;
    }
    *out = store(t, s, strlen(s));
    if (!*out)
        return pk_err_set(err, PK_ERR_NOMEM, "%s: out of memory", pk_csv_reader_name(r));
    return 0;
}

/* A net score (positive minus negative) lies in [-1, 1], every other
 * share in [0, 1]. Without a response_kind column, the response `net` is
 * taken for one, as pollsupport wrote it before the column existed. */
static int is_net_score(const long *idx, const pk_support_table_row *row)
{
    if (idx[COL(RESPONSE_KIND)] >= 0)
        return strcmp(row->response_kind, "net_score") == 0;
    return strcmp(row->response, "net") == 0;
}

static const char *g10(char *buf, double v)
{
    return pk_number_format(buf, v, 10);
}

/* The reader checks: no number that cannot be, so that nothing drawn or
 * judged from the table rests on one. */
/* A mean row (response_kind mean): the mean in `mean`, share empty, any
 * scale (no bounds on the mean or its se); the interval holds the mean. */
static int check_mean_row(pk_csv_reader *r, const pk_support_table_row *row, pk_err *err)
{
    char a[PK_NUMBER_BUFSIZE], b[PK_NUMBER_BUFSIZE], c[PK_NUMBER_BUFSIZE];
    if (!isnan(row->share))
        return refuse(r, COL(SHARE), err, "share %s on a mean row: a mean goes in the 'mean' "
                      "column, and share stays empty", g10(a, row->share));
    if (isnan(row->mean) && row->n != 0)
        return refuse(r, COL(MEAN), err, "a mean row without a mean (the 'mean' column)");
    if (!isnan(row->mean) && row->n == 0)
        return refuse(r, COL(MEAN), err, "mean %s on a row with n = 0 (no respondents: the field "
                      "must be empty)", g10(a, row->mean));
    if (!isnan(row->se) && row->se < 0)
        return refuse(r, COL(SE), err, "negative standard error %s", g10(a, row->se));
    if (!isnan(row->ci_low) && !isnan(row->ci_high) && row->ci_low > row->ci_high)
        return refuse(r, COL(CI_LOW), err, "the interval is reversed: ci_low %s is above ci_high %s",
                      g10(a, row->ci_low), g10(b, row->ci_high));
    if (!isnan(row->mean) && ((!isnan(row->ci_low) && row->mean < row->ci_low - 1e-9) ||
                              (!isnan(row->ci_high) && row->mean > row->ci_high + 1e-9)))
        return refuse(r, COL(MEAN), err, "mean %s is outside its own interval [%s, %s]",
                      g10(a, row->mean), g10(b, row->ci_low), g10(c, row->ci_high));
    if (!isnan(row->weighted_base) && row->weighted_base < 0)
        return refuse(r, COL(WEIGHTED_BASE), err, "negative weighted base %s", g10(a, row->weighted_base));
    return 0;
}

/* A change row (response_kind change): the later wave's share less the
 * earlier's, in [-2, 2] here ([-1, 1] unless the response is a net score:
 * pk_support_table_read checks that once every row is in), in an
 * interval that holds it; its waves named. */
static int check_change_row(pk_csv_reader *r, const pk_support_table_row *row, pk_err *err)
{
    char a[PK_NUMBER_BUFSIZE], b[PK_NUMBER_BUFSIZE], c[PK_NUMBER_BUFSIZE];
    if (!*row->wave || !*row->versus_wave)
        return refuse(r, *row->wave ? COL(VERSUS_WAVE) : COL(WAVE), err,
                      "a change row needs the two waves it compares: wave (the later) and "
                      "versus_wave (the earlier)");
    if (row->wave == row->versus_wave)
        return refuse(r, COL(VERSUS_WAVE), err, "a change of wave '%s' against itself", row->wave);
    if (!isnan(row->mean))
        return refuse(r, COL(MEAN), err, "a mean on a change row: the change goes in share");
    static const col bounded[] = {COL(SHARE), COL(CI_LOW), COL(CI_HIGH)};
    const double *val[] = {&row->share, &row->ci_low, &row->ci_high};
    for (size_t k = 0; k < 3; k++)
        if (!isnan(*val[k]) && (*val[k] < -2 || *val[k] > 2))
            return refuse(r, bounded[k], err, "%s is outside -2 to 2 (a change of a share, or of "
                          "a net score, in proportions)", g10(a, *val[k]));
    if (!isnan(row->ci_low) && !isnan(row->ci_high) && row->ci_low > row->ci_high)
        return refuse(r, COL(CI_LOW), err, "the interval is reversed: ci_low %s is above ci_high %s",
                      g10(a, row->ci_low), g10(b, row->ci_high));
    if (!isnan(row->share) && ((!isnan(row->ci_low) && row->share < row->ci_low - 1e-9) ||
                               (!isnan(row->ci_high) && row->share > row->ci_high + 1e-9)))
        return refuse(r, COL(SHARE), err, "change %s is outside its own interval [%s, %s]",
                      g10(a, row->share), g10(b, row->ci_low), g10(c, row->ci_high));
    if (!isnan(row->se) && (row->se < 0 || row->se > 2))
        return refuse(r, COL(SE), err, "standard error %s is outside 0 to 2", g10(a, row->se));
    return 0;
}

static int check_row(pk_csv_reader *r, const long *idx, const pk_support_table_row *row, pk_err *err)
{
    char a[PK_NUMBER_BUFSIZE], b[PK_NUMBER_BUFSIZE];
    if (strcmp(row->response_kind, "change") == 0)
        return check_change_row(r, row, err);
    if (*row->versus_wave)
        return refuse(r, COL(VERSUS_WAVE), err, "versus_wave '%s' on a row of kind %s: only a "
                      "change row compares waves", row->versus_wave,
                      row->response_kind[0] ? row->response_kind : "(none)");
    if (strcmp(row->response_kind, "mean") == 0)
        return check_mean_row(r, row, err);
    if (!isnan(row->mean))
        return refuse(r, COL(MEAN), err, "mean %s on a row of kind %s: only a mean row has one",
                      g10(a, row->mean), row->response_kind[0] ? row->response_kind : "(none)");
    int net = is_net_score(idx, row);
    double lo = net ? -1 : 0;
    const char *range = net ? "-1 to 1 (a net score)" : "0 to 1 (a proportion, not a percentage)";
    static const col bounded[] = {COL(SHARE), COL(CI_LOW), COL(CI_HIGH)};
    const double *val[] = {&row->share, &row->ci_low, &row->ci_high};
    for (size_t k = 0; k < 3; k++) {
        if (!net && !isnan(*val[k]) && *val[k] > 1 && *val[k] <= 100)
            return refuse(r, bounded[k], err,
                          "%s is above 1: the table looks like it gives percentages; give "
                          "proportions (%s for %s%%), or write the %% sign (%s%%)",
                          g10(a, *val[k]), g10(b, *val[k] / 100), g10(a, *val[k]), g10(a, *val[k]));
        if (!isnan(*val[k]) && (*val[k] < lo || *val[k] > 1))
            return refuse(r, bounded[k], err, "%s is outside %s", g10(a, *val[k]), range);
    }
    if (!isnan(row->ci_low) && !isnan(row->ci_high) && row->ci_low > row->ci_high)
        return refuse(r, COL(CI_LOW), err, "the interval is reversed: ci_low %s is above ci_high %s",
                      g10(a, row->ci_low), g10(b, row->ci_high));
    /* An interval that leaves out its own share (1e-9 for rounding). */
    if (!isnan(row->share) &&
        ((!isnan(row->ci_low) && row->share < row->ci_low - 1e-9) ||
         (!isnan(row->ci_high) && row->share > row->ci_high + 1e-9)))
        return refuse(r, COL(SHARE), err, "share %s is outside its own interval [%s, %s]",
                      g10(a, row->share), g10(b, row->ci_low),
                      pk_number_format((char[PK_NUMBER_BUFSIZE]){0}, row->ci_high, 10));
    if (!isnan(row->se) && (row->se < 0 || row->se > 1))
        return refuse(r, COL(SE), err, "standard error %s is outside 0 to 1", g10(a, row->se));
    /* Only a share of 0 or 1 (everyone, or no one) has no sampling error. */
    if (row->se == 0 && !isnan(row->share) && row->share != 0 && row->share != 1 &&
        !(net && (row->share == -1)))
        return refuse(r, COL(SE), err, "standard error 0 with share %s: only a share of 0 or 1 has none",
                      g10(a, row->share));
    if (row->n >= 0 && !isnan(row->count) && fabs(row->count) > (double)row->n)
        return refuse(r, COL(COUNT), err, "count %s is more than n = %ld", g10(a, row->count), row->n);
    if (!isnan(row->count) && row->count < 0 && !net)
        return refuse(r, COL(COUNT), err, "negative count %s", g10(a, row->count));
    if (!isnan(row->weighted_base) && row->weighted_base < 0)
        return refuse(r, COL(WEIGHTED_BASE), err, "negative weighted base %s", g10(a, row->weighted_base));
    if (!isnan(row->deff_kish) && row->deff_kish < 1 - 1e-9)
        return refuse(r, COL(DEFF_KISH), err, "design effect %s is below 1, which no weighting gives",
                      g10(a, row->deff_kish));
    if (!isnan(row->deff) && row->deff < 0)
        return refuse(r, COL(DEFF), err, "negative design effect %s", g10(a, row->deff));
    /* A domain's PSUs less its strata never exceed its rows less one. */
    if (row->df >= 0 && row->n >= 0 && row->df > row->n - 1)
        return refuse(r, COL(DF), err, "%ld degrees of freedom with n = %ld: at most n - 1", row->df,
                      row->n);
    if (!isnan(row->n_eff) && (row->n_eff < 0 || (row->n >= 0 && row->n_eff > (double)row->n * (1 + 1e-9))))
        return refuse(r, COL(N_EFF), err, "effective base %s is outside 0 to n = %ld", g10(a, row->n_eff),
                      row->n);
    /* A share needs something to give its margin of error: an interval,
     * a standard error, or the base n (then se from the design effect). */
    if (!isnan(row->share) && row->n < 0 && isnan(row->se) &&
        (isnan(row->ci_low) || isnan(row->ci_high)))
        return refuse(r, COL(SHARE), err,
                      "share %s has no margin of error: the row needs ci_low and ci_high, se, "
                      "or n", g10(a, row->share));
    /* A group with nobody in it has no figures (docs/guide.md: empty numbers). */
    if (row->n == 0) {
        static const col figures[] = {COL(SHARE), COL(SE), COL(CI_LOW), COL(CI_HIGH)};
        const double *fv[] = {&row->share, &row->se, &row->ci_low, &row->ci_high};
        for (size_t k = 0; k < 4; k++)
            if (!isnan(*fv[k]))
                return refuse(r, figures[k], err, "%s %s on a row with n = 0 (no respondents: the "
                                                  "field must be empty)",
                              columns[figures[k]].name, g10(a, *fv[k]));
    }
    return 0;
}

/* Column c of the record into its field of row, by the column's kind:
 * absent or empty reads as "", -1, 0 or NaN. The shares, bounds and se
 * may carry a % sign. */
static int read_field(pk_support_table *t, pk_csv_reader *r, const long *idx, col c,
                      pk_support_table_row *row, pk_err *err)
{
    int pct;
    switch (columns[c].kind) {
    case KIND_TEXT:
        return get_string(t, r, idx, c, "", &FIELD(row, c, const char *), err);
    case KIND_REAL:
        if (c == COL(SHARE))
            return get_proportion(r, idx, c, &row->share, &row->percent_signs, err);
        if (c == COL(SE) || c == COL(CI_LOW) || c == COL(CI_HIGH))
            return get_proportion(r, idx, c, &FIELD(row, c, double), &pct, err);
        return get_double(r, idx, c, &FIELD(row, c, double), err);
    case KIND_WHOLE: {
        const char *s = field(r, idx, c);
        long v = -1;
        double d;
        if (get_double(r, idx, c, &d, err))
            return err->status;
        if (!isnan(d) && (pk_number_parse_long(s, &v) || v < 0))
            return bad_value(r, c,
                             c == COL(N) ? "not a whole number of respondents (0 or more):"
                                         : "not a whole number (0 or more):",
                             s, err);
        FIELD(row, c, long) = v;
        return 0;
    }
    case KIND_FLAG: {
        const char *s = field(r, idx, c);
        long v = 0;
        if (s && *s && (pk_number_parse_long(s, &v) || (v != 0 && v != 1)))
            return bad_value(r, c, "not 0 or 1:", s, err);
        FIELD(row, c, int) = (int)v;
        return 0;
    }
    }
    return 0;
}

static int read_row(pk_support_table *t, pk_csv_reader *r, const long *idx, pk_support_table_row *row, pk_err *err)
{
    memset(row, 0, sizeof *row);
    row->line = pk_csv_reader_line(r);
    static const col keys[] = {COL(QUESTION), COL(GROUP), COL(RESPONSE)};
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++)
        if (!*field(r, idx, keys[k]))
            return pk_err_set(err, PK_ERR_DATA, "%s:%ld:%s: empty value", pk_csv_reader_name(r),
                              row->line, columns[keys[k]].name);
    for (size_t c = 0; c < PK_SUPPORT_TABLE_NCOLS; c++)
        if (read_field(t, r, idx, (col)c, row, err))
            return err->status;
    /* An empty label defaults to its code. */
    if (!*row->question_label)
        row->question_label = row->question;
    if (!*row->group_label)
        row->group_label = row->group;
    if (!*row->response_label)
        row->response_label = row->response;
    /* Without a kind, a response reads as don't know by its code or label,
     * and as nominal otherwise (the rule for typed-in tables, docs/guide.md). */
    enum pk_scale_kind kind;
    if (!*row->response_kind)
        row->response_kind = pk_scale_guess_is_dont_know(row->response) ||
                                     pk_scale_guess_is_dont_know(row->response_label)
                                 ? pk_scale_kind_name(PK_SCALE_KIND_DONT_KNOW)
                                 : pk_scale_kind_name(PK_SCALE_KIND_NOMINAL);
    else if (strcmp(row->response_kind, "change") != 0 &&
             pk_scale_kind_parse(row->response_kind, &kind) != 0)
        return bad_value(r, COL(RESPONSE_KIND), "not a response kind (positive, negative, neutral, "
                                                "dont_know, nominal, net_positive, net_negative, net, "
                                                "net_score, mean, option or change):", row->response_kind, err);
    if (!isnan(row->level) && !(row->level > 0 && row->level < 1))
        return bad_value(r, COL(LEVEL), "level not between 0 and 1:", field(r, idx, COL(LEVEL)), err);
    return check_row(r, idx, row, err);
}

/* Row i into the indexes: refused if it repeats an earlier row's key; its
 * question and group added to the lists when new. Strings are interned, so
 * keys compare by pointer. */
static int index_row(pk_support_table *t, pk_csv_reader *r, size_t i, pk_err *err)
{
    const pk_support_table_row *row = &t->rows[i];
    if (isnan(t->level))
        t->level = row->level;
    uint64_t h = key_hash(row->question, row->group, row->response);
    size_t slot = 0, j;
    while ((j = pk_util_hindex_next(&t->row_ix, h, &slot)) != SIZE_MAX) {
        const pk_support_table_row *o = &t->rows[j];
        if (o->question == row->question && o->group == row->group && o->response == row->response &&
            o->by == row->by && o->wave == row->wave && o->versus_wave == row->versus_wave) {
            char q[4][100];
            return refuse(r, COL(RESPONSE), err,
                          "repeats line %ld: question '%s', by '%s', group '%s', response '%s'%s%s%s%s%s "
                          "appear twice", o->line,
                          pk_err_quote(q[0], sizeof q[0], row->question, strlen(row->question)),
                          pk_err_quote(q[1], sizeof q[1], row->by, strlen(row->by)),
                          pk_err_quote(q[2], sizeof q[2], row->group, strlen(row->group)),
                          pk_err_quote(q[3], sizeof q[3], row->response, strlen(row->response)),
                          *row->wave ? ", wave '" : "", row->wave, *row->wave ? "'" : "",
                          *row->versus_wave ? " against " : "", row->versus_wave);
        }
    }
    if (pk_util_hindex_add(&t->row_ix, h, i))
        goto nomem;
    h = key_hash(row->question, row->by, row->group);
    slot = 0;
    int seen = 0;
    while (!seen && (j = pk_util_hindex_next(&t->first_ix, h, &slot)) != SIZE_MAX)
        seen = t->rows[j].question == row->question && t->rows[j].by == row->by &&
               t->rows[j].group == row->group;
    if (!seen && pk_util_hindex_add(&t->first_ix, h, i))
        goto nomem;
    long q = pk_support_table_question(t, row->question);
    if (q < 0) {
        if (pk_util_grow((void **)&t->questions, &t->qcap, t->nquestions + 1, sizeof *t->questions) ||
            pk_util_grow((void **)&t->question_labels, &t->qcap2, t->nquestions + 1,
                         sizeof *t->question_labels) ||
            pk_util_grow((void **)&t->qrows, &t->qrcap, t->nquestions + 1, sizeof *t->qrows) ||
            pk_util_hindex_add(&t->question_ix, pk_util_hash(row->question, strlen(row->question)),
                               t->nquestions))
            goto nomem;
        t->question_labels[t->nquestions] = row->question_label;
        t->qrows[t->nquestions] = (struct pk_support_table_qrows){i, i};
        q = (long)t->nquestions;
        t->questions[t->nquestions++] = row->question;
    } else {
        t->row_next[t->qrows[q].last] = i;
        t->qrows[q].last = i;
    }
    if (pk_util_grow((void **)&t->row_next, &t->nextcap, i + 1, sizeof *t->row_next))
        goto nomem;
    t->row_next[i] = SIZE_MAX;
    h = key_hash(row->by, row->group, NULL);
    slot = 0;
    seen = 0;
    while (!seen && (j = pk_util_hindex_next(&t->group_ix, h, &slot)) != SIZE_MAX)
        seen = t->groups[j].by == row->by && t->groups[j].group == row->group;
    if (!seen) {
        if (pk_util_grow((void **)&t->groups, &t->gcap, t->ngroups + 1, sizeof *t->groups) ||
            pk_util_hindex_add(&t->group_ix, h, t->ngroups) ||
            pk_util_hindex_add(&t->group_code_ix, pk_util_hash(row->group, strlen(row->group)),
                               t->ngroups) ||
            pk_util_hindex_add(&t->group_label_ix, label_hash(row->group_label), t->ngroups))
            goto nomem;
        t->groups[t->ngroups++] = (pk_support_table_group){row->by, row->group, row->group_label};
    }
    if (*row->wave) {
        size_t k = 0;
        while (k < t->nwaves && t->waves[k].code != row->wave)
            k++;
        if (k == t->nwaves) {
            if (pk_util_grow((void **)&t->waves, &t->wcap, t->nwaves + 1, sizeof *t->waves))
                goto nomem;
            t->waves[t->nwaves++] = (pk_support_table_wave){row->wave, *row->wave_label ? row->wave_label : row->wave,
                                                            row->fieldwork};
        }
    }
    return 0;
nomem:
    return pk_err_set(err, PK_ERR_NOMEM, "%s: out of memory", pk_csv_reader_name(r));
}

size_t pk_support_table_question_first(const pk_support_table *t, size_t q)
{
    return q < t->nquestions ? t->qrows[q].first : SIZE_MAX;
}

size_t pk_support_table_question_next(const pk_support_table *t, size_t row)
{
    return row < t->nrows ? t->row_next[row] : SIZE_MAX;
}

int pk_support_table_question_responses(const pk_support_table *t, size_t q, size_t **rows, size_t *n)
{
    size_t cap = 0;
    *rows = NULL;
    *n = 0;
    for (size_t i = pk_support_table_question_first(t, q); i != SIZE_MAX;
         i = pk_support_table_question_next(t, i)) {
        int seen = 0;
        for (size_t k = 0; k < *n && !seen; k++)
            seen = strcmp(t->rows[(*rows)[k]].response, t->rows[i].response) == 0;
        if (seen)
            continue;
        if (pk_util_grow((void **)rows, &cap, *n + 1, sizeof **rows)) {
            free(*rows);
            *rows = NULL;
            return -1;
        }
        (*rows)[(*n)++] = i;
    }
    return 0;
}

/* A record that repeats the header: two tables concatenated (cat
 * june.csv nov.csv), each with its header. */
static int is_header(pk_csv_reader *r, const long *idx)
{
    for (int c = 0; c < PK_SUPPORT_TABLE_NCOLS; c++)
        if (idx[c] >= 0 && strcmp(pk_csv_reader_field(r, (size_t)idx[c]), columns[c].name) != 0)
            return 0;
    return 1;
}

/* Once every row of a file is in: a change whose response is no net
 * score (by its row in the later wave) lies in [-1, 1]. */
static int check_changes(pk_support_table *t, size_t first, const char *name, pk_err *err)
{
    char a[PK_NUMBER_BUFSIZE];
    for (size_t i = first; i < t->nrows; i++) {
        const pk_support_table_row *row = &t->rows[i];
        if (strcmp(row->response_kind, "change") != 0)
            continue;
        const pk_support_table_row *w = pk_support_table_find_wave(t, row->question, row->by, row->group,
                                                                   row->response, row->wave, NULL);
        if (!w || strcmp(w->response_kind, "net_score") == 0)
            continue;
        static const col bounded[] = {COL(SHARE), COL(CI_LOW), COL(CI_HIGH)};
        const double *val[] = {&row->share, &row->ci_low, &row->ci_high};
        for (size_t k = 0; k < 3; k++)
            if (!isnan(*val[k]) && (*val[k] < -1 || *val[k] > 1))
                return pk_err_set(err, PK_ERR_DATA, "%s:%ld:%s: %s is outside -1 to 1 (the change "
                                  "of a share; only a net score's may reach 2)", name, row->line,
                                  columns[bounded[k]].name, g10(a, *val[k]));
    }
    return 0;
}

int pk_support_table_read_more(pk_csv_reader *r, pk_support_table *t, pk_err *err)
{
    const char *name = pk_csv_reader_name(r);
    size_t first = t->nrows;
    if (!t->name && !(t->name = strdup(name)))
        return pk_err_set(err, PK_ERR_NOMEM, "%s: out of memory", name);

    long idx[PK_SUPPORT_TABLE_NCOLS];
    for (int c = 0; c < PK_SUPPORT_TABLE_NCOLS; c++) {
        idx[c] = pk_csv_reader_col(r, columns[c].name);
        if (idx[c] < 0 && is_required((col)c)) {
            char hint[PK_COLNAME_HINT_SIZE];
            pk_err_set(err, PK_ERR_DATA, "%s:%ld: not a support table: no column '%s'%s", name,
                       pk_csv_reader_header_line(r), columns[c].name,
                       pk_csv_reader_hint(r, columns[c].name, hint, sizeof hint));
            return err->status;
        }
    }

    /* Typed tables may leave out most columns, but not every source of a
     * margin of error. */
    if (idx[COL(SE)] < 0 && idx[COL(N)] < 0 && (idx[COL(CI_LOW)] < 0 || idx[COL(CI_HIGH)] < 0)) {
        pk_err_set(err, PK_ERR_DATA, "%s:%ld: not a support table: it gives no margin of error "
                                  "(it needs columns ci_low and ci_high, se, or n)",
                   name, pk_csv_reader_header_line(r));
        return err->status;
    }

    int got;
    while ((got = pk_csv_reader_next(r, err)) == 1) {
        if (is_header(r, idx))
            continue;
        if (pk_util_grow((void **)&t->rows, &t->cap, t->nrows + 1, sizeof *t->rows)) {
            pk_err_set(err, PK_ERR_NOMEM, "%s: out of memory", name);
            return err->status;
        }
        if (read_row(t, r, idx, &t->rows[t->nrows], err) || index_row(t, r, t->nrows, err))
            return err->status ? err->status : PK_ERR_DATA;
        t->nrows++;
    }
    if (got < 0)
        return err->status ? err->status : PK_ERR_DATA;
    return check_changes(t, first, name, err);
}

int pk_support_table_read(pk_csv_reader *r, pk_support_table *t, pk_err *err)
{
    memset(t, 0, sizeof *t);
    t->level = NAN;
    int rc = pk_support_table_read_more(r, t, err);
    if (rc)
        pk_support_table_free(t);
    return rc;
}

int pk_support_table_load_many(const char *const *paths, size_t n, char delim, pk_support_table *t,
                               pk_err *err)
{
    memset(t, 0, sizeof *t);
    t->level = NAN;
    for (size_t i = 0; i < n; i++) {
        pk_csv_reader *r = pk_csv_reader_open(paths[i], delim, err);
        int rc = r ? pk_support_table_read_more(r, t, err) : err->status;
        pk_csv_reader_close(r);
        if (rc) {
            pk_support_table_free(t);
            return rc;
        }
    }
    return 0;
}

int pk_support_table_load(const char *path, char delim, pk_support_table *t, pk_err *err)
{
    memset(t, 0, sizeof *t);
    pk_csv_reader *r = pk_csv_reader_open(path, delim, err);
    if (!r)
        return err->status;
    int rc = pk_support_table_read(r, t, err);
    pk_csv_reader_close(r);
    return rc;
}

void pk_support_table_free(pk_support_table *t)
{
    pk_support_table_chunk *c = t->chunks;
    while (c) {
        pk_support_table_chunk *next = c->next;
        free(c);
        c = next;
    }
    free(t->rows);
    free(t->name);
    free(t->questions);
    free(t->question_labels);
    free(t->groups);
    free(t->waves);
    free(t->strings);
    pk_util_hindex_free(&t->string_ix);
    pk_util_hindex_free(&t->row_ix);
    pk_util_hindex_free(&t->first_ix);
    pk_util_hindex_free(&t->question_ix);
    pk_util_hindex_free(&t->group_ix);
    pk_util_hindex_free(&t->group_code_ix);
    free(t->row_next);
    free(t->qrows);
    pk_util_hindex_free(&t->group_label_ix);
    memset(t, 0, sizeof *t);
}

const pk_support_table_row *pk_support_table_find(const pk_support_table *t, const char *question,
                                                  const char *by, const char *group, const char *response)
{
    /* The first of the latest wave's: the last wave in table order. */
    uint64_t h = key_hash(question, group, response);
    size_t slot = 0, i, best = SIZE_MAX;
    while ((i = pk_util_hindex_next(&t->row_ix, h, &slot)) != SIZE_MAX) {
        const pk_support_table_row *row = &t->rows[i];
        if (*row->versus_wave ||
            (t->wave_pick && row->wave != t->waves[t->wave_pick - 1].code) ||
            strcmp(row->question, question) != 0 ||
            strcmp(row->group, group) != 0 || strcmp(row->response, response) != 0 ||
            (by && strcmp(row->by, by) != 0))
            continue;
        if (best == SIZE_MAX || wave_pos(t, row->wave) > wave_pos(t, t->rows[best].wave) ||
            (row->wave == t->rows[best].wave && i < best))
            best = i;
    }
    return best == SIZE_MAX ? NULL : &t->rows[best];
}

const pk_support_table_row *pk_support_table_find_wave(const pk_support_table *t, const char *question,
                                                       const char *by, const char *group,
                                                       const char *response, const char *wave,
                                                       const char *versus_wave)
{
    uint64_t h = key_hash(question, group, response);
    size_t slot = 0, i, first = SIZE_MAX;
    if (!versus_wave)
        versus_wave = "";
    while ((i = pk_util_hindex_next(&t->row_ix, h, &slot)) != SIZE_MAX) {
        const pk_support_table_row *row = &t->rows[i];
        if (i < first && strcmp(row->question, question) == 0 && strcmp(row->group, group) == 0 &&
            strcmp(row->response, response) == 0 && (!by || strcmp(row->by, by) == 0) &&
            strcmp(row->wave, wave) == 0 && strcmp(row->versus_wave, versus_wave) == 0)
            first = i;
    }
    return first == SIZE_MAX ? NULL : &t->rows[first];
}

long pk_support_table_wave_find(const pk_support_table *t, const char *name)
{
    for (size_t k = 0; k < t->nwaves; k++)
        if (strcmp(t->waves[k].code, name) == 0)
            return (long)k;
    for (size_t k = 0; k < t->nwaves; k++)
        if (strcasecmp(t->waves[k].label, name) == 0)
            return (long)k;
    /* The first words of one label ("june" of "June 2026"). */
    size_t n = strlen(name);
    long hit = -1, hits = 0;
    for (size_t k = 0; k < t->nwaves && n; k++)
        if (strncasecmp(t->waves[k].label, name, n) == 0 && t->waves[k].label[n] == ' ') {
            hit = (long)k;
            hits++;
        }
    return hits == 1 ? hit : hits > 1 ? -2 : -1;
}

const pk_support_table_row *pk_support_table_find_any(const pk_support_table *t, const char *question,
                                                      const char *by, const char *group)
{
    uint64_t h = key_hash(question, by, group);
    size_t slot = 0, i;
    while ((i = pk_util_hindex_next(&t->first_ix, h, &slot)) != SIZE_MAX) {
        const pk_support_table_row *row = &t->rows[i];
        if (strcmp(row->question, question) == 0 && strcmp(row->by, by) == 0 &&
            strcmp(row->group, group) == 0)
            return row;
    }
    return NULL;
}

long pk_support_table_question(const pk_support_table *t, const char *question)
{
    size_t slot = 0, i;
    uint64_t h = pk_util_hash(question, strlen(question));
    while ((i = pk_util_hindex_next(&t->question_ix, h, &slot)) != SIZE_MAX)
        if (strcmp(t->questions[i], question) == 0)
            return (long)i;
    return -1;
}

/* s without trailing spaces and, after a space, a trailing "voters" (any
 * case): its length. */
static size_t label_core(const char *s)
{
    size_t n = strlen(s);
    while (n && s[n - 1] == ' ')
        n--;
    if (n > 7 && strncasecmp(s + n - 6, "voters", 6) == 0 && s[n - 7] == ' ') {
        n -= 7;
        while (n && s[n - 1] == ' ')
            n--;
    }
    return n;
}

static int label_matches(const char *label, const char *name)
{
    size_t a = label_core(label), b = label_core(name);
    return a == b && a > 0 && strncasecmp(label, name, a) == 0;
}

/* The hash of a label as label_matches compares it: its core, ASCII
 * letters folded. */
static uint64_t label_hash(const char *s)
{
    size_t n = label_core(s);
    uint64_t h = pk_util_hash(NULL, 0);   /* FNV-1a, as pk_util_hash */
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)tolower((unsigned char)s[i]);
        h *= 1099511628211ULL;
    }
    return h;
}

/* The BY=CODE forms of groups[at[0..n)] into forms (size bytes): the
 * first that fit, then how many more. */
static void group_forms(const pk_support_table_group *groups, const size_t *at, size_t n,
                        char *forms, size_t size)
{
    if (!forms || !size)
        return;
    pk_err_list l = {0};
    l.max_chars = size > 80 ? size - 40 : size / 2;
    for (size_t k = 0; k < n; k++)
        pk_err_list_add(&l, ", ", "%s%s%s", groups[at[k]].by, groups[at[k]].by[0] ? "=" : "",
                        groups[at[k]].group);
    snprintf(forms, size, "%s", pk_err_list_text(&l));
}

static int cmp_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? -1 : x > y;
}

int pk_support_table_group_lookup(const pk_support_table *t, const char *name, size_t *index,
                                  char *forms, size_t size)
{
    const pk_support_table_group *g = t->groups;
    const char *eq = strchr(name, '=');
    size_t slot, j;
    if (forms && size)
        forms[0] = '\0';
    if (eq) {
        size_t bl = (size_t)(eq - name);
        slot = 0;
        uint64_t h = pk_util_hash(eq + 1, strlen(eq + 1));
        while ((j = pk_util_hindex_next(&t->group_code_ix, h, &slot)) != SIZE_MAX)
            if (strlen(g[j].by) == bl && strncmp(g[j].by, name, bl) == 0 &&
                strcmp(g[j].group, eq + 1) == 0) {
                *index = j;
                return PK_SUPPORT_TABLE_GROUP_FOUND;
            }
    }
    /* Every group whose code or label it is, each once, in table order. */
    size_t *at = NULL, n = 0, cap = 0;
    uint64_t hc = pk_util_hash(name, strlen(name)), hl = label_hash(name);
    for (int pass = 0; pass < 2; pass++) {
        slot = 0;
        const pk_util_hindex *ix = pass ? &t->group_label_ix : &t->group_code_ix;
        while ((j = pk_util_hindex_next(ix, pass ? hl : hc, &slot)) != SIZE_MAX) {
            if (pass ? !label_matches(g[j].label, name) : strcmp(g[j].group, name) != 0)
                continue;
            if (pk_util_grow((void **)&at, &cap, n + 1, sizeof *at) != 0) {
                free(at);
                return PK_SUPPORT_TABLE_GROUP_UNKNOWN;   /* out of memory: treated as no match */
            }
            at[n++] = j;
        }
    }
    if (n > 1)
        qsort(at, n, sizeof *at, cmp_size);
    size_t u = 0;
    for (size_t k = 0; k < n; k++)
        if (u == 0 || at[u - 1] != at[k])
            at[u++] = at[k];
    int found = u == 0   ? PK_SUPPORT_TABLE_GROUP_UNKNOWN
                : u == 1 ? PK_SUPPORT_TABLE_GROUP_FOUND
                         : PK_SUPPORT_TABLE_GROUP_AMBIGUOUS;
    if (found == PK_SUPPORT_TABLE_GROUP_FOUND)
        *index = at[0];
    else if (found == PK_SUPPORT_TABLE_GROUP_AMBIGUOUS)
        group_forms(g, at, u, forms, size);
    free(at);
    return found;
}

int pk_support_table_group_find(const pk_support_table_group *groups, size_t n, const char *name,
                                size_t *index, char *forms, size_t size)
{
    const char *eq = strchr(name, '=');
    size_t found = SIZE_MAX, nfound = 0;
    if (forms && size)
        forms[0] = '\0';
    /* BY=CODE names one group exactly, when BY is a by column. */
    if (eq) {
        size_t bl = (size_t)(eq - name);
        for (size_t i = 0; i < n; i++)
            if (strlen(groups[i].by) == bl && strncmp(groups[i].by, name, bl) == 0 &&
                strcmp(groups[i].group, eq + 1) == 0) {
                *index = i;
                return PK_SUPPORT_TABLE_GROUP_FOUND;
            }
    }
    /* Otherwise every group whose code or label it is; one group matched
     * twice (by code and by label) counts once. */
    pk_err_list l = {0};
    l.max_chars = size > 80 ? size - 40 : size / 2;
    for (size_t i = 0; i < n; i++) {
        if (strcmp(groups[i].group, name) != 0 && !label_matches(groups[i].label, name))
            continue;
        if (found == SIZE_MAX)
            found = i;
        nfound++;
        pk_err_list_add(&l, ", ", "%s%s%s", groups[i].by, groups[i].by[0] ? "=" : "",
                        groups[i].group);
    }
    if (nfound == 0)
        return PK_SUPPORT_TABLE_GROUP_UNKNOWN;
    if (nfound == 1) {
        *index = found;
        return PK_SUPPORT_TABLE_GROUP_FOUND;
    }
    if (forms && size)
        snprintf(forms, size, "%s", pk_err_list_text(&l));
    return PK_SUPPORT_TABLE_GROUP_AMBIGUOUS;
}

/* ---- Combined groups ------------------------------------------------- */

/* The first row of question q for group g (any response), when it has
 * both n and a weighted base. */
static const pk_support_table_row *base_row(const pk_support_table *t, const char *q,
                                            const pk_support_table_group *g)
{
    const pk_support_table_row *r = pk_support_table_find_any(t, q, g->by, g->group);
    return r && r->n >= 0 && !isnan(r->weighted_base) ? r : NULL;
}

static int same_base(long n, double w, const pk_support_table_row *r)
{
    return n == r->n && fabs(w - r->weighted_base) <= 1e-9 * fmax(1.0, fabs(w));
}

int pk_support_table_group_is_union(const pk_support_table *t, const pk_support_table_group *c,
                                    const pk_support_table_group *const *members, size_t n)
{
    int compared = 0;
    for (size_t q = 0; q < t->nquestions; q++) {
        const pk_support_table_row *rc = base_row(t, t->questions[q], c);
        if (!rc)
            continue;
        long sn = 0;
        double sw = 0;
        int ok = 1;
        for (size_t i = 0; i < n && ok; i++) {
            const pk_support_table_row *r = base_row(t, t->questions[q], members[i]);
            if (!r)
                ok = 0;
            else {
                sn += r->n;
                sw += r->weighted_base;
            }
        }
        if (!ok)
            continue;
        if (!same_base(sn, sw, rc))
            return 0;
        compared = 1;
    }
    return compared;
}

/* The subsets of the other groups are tried on one question's n and
 * weighted base first (cheap sums), then confirmed on every question;
 * 2^20 subsets is the limit of what is worth trying (real --by columns
 * have a dozen groups). */
#define MAX_SUBSET 20

int pk_support_table_group_combined(const pk_support_table *t, const pk_support_table_group *g,
                                    char *members, size_t size)
{
    members[0] = '\0';
    if (strchr(g->group, '+')) {
        snprintf(members, size, "%s", g->group);
        return 1;
    }
    /* The first question on which g has both n and a weighted base. */
    const pk_support_table_row *key = NULL;
    for (size_t q = 0; q < t->nquestions && !key; q++)
        key = base_row(t, t->questions[q], g);
    if (!key)
        return 0;
    const pk_support_table_group *others[MAX_SUBSET];
    long n[MAX_SUBSET];
    double w[MAX_SUBSET];
    size_t no = 0;
    for (size_t i = 0; i < t->ngroups; i++) {
        const pk_support_table_group *o = &t->groups[i];
        if (strcmp(o->by, g->by) != 0 || o == g)
            continue;
        if (no == MAX_SUBSET)
            return 0;
        const pk_support_table_row *r = base_row(t, key->question, o);
        if (!r)
            continue;   /* cannot be a member we could confirm */
        others[no] = o;
        n[no] = r->n;
        w[no++] = r->weighted_base;
    }
    for (unsigned long mask = 1; no >= 2 && mask < (1UL << no); mask++) {
        if (__builtin_popcountl(mask) < 2)
            continue;
        long sn = 0;
        double sw = 0;
        const pk_support_table_group *m[MAX_SUBSET];
        size_t nm = 0;
        for (size_t i = 0; i < no; i++)
            if (mask & (1UL << i)) {
                sn += n[i];
                sw += w[i];
                m[nm++] = others[i];
            }
        if (!same_base(sn, sw, key) || !pk_support_table_group_is_union(t, g, m, nm))
            continue;
        size_t o = 0;
        for (size_t i = 0; i < nm && o < size; i++)
            o += (size_t)snprintf(members + o, size - o, "%s%s", i ? "+" : "", m[i]->group);
        return 1;
    }
    return 0;
}

int pk_support_table_scale_range(const pk_support_table *t, size_t q, double *lo, double *hi)
{
    double a = INFINITY, b = -INFINITY;
    for (size_t i = pk_support_table_question_first(t, q); i != SIZE_MAX; i = pk_support_table_question_next(t, i)) {
        const pk_support_table_row *r = &t->rows[i];
        enum pk_scale_kind k;
        if (pk_scale_kind_parse(r->response_kind, &k) != 0)
            k = PK_SCALE_KIND_NOMINAL;
        if (k != PK_SCALE_KIND_POSITIVE && k != PK_SCALE_KIND_NEGATIVE && k != PK_SCALE_KIND_NEUTRAL &&
            k != PK_SCALE_KIND_NOMINAL)
            continue;
        double v;
        if (pk_number_parse(r->response, &v) != 0)
            return 0;
        a = fmin(a, v);
        b = fmax(b, v);
    }
    if (!(b > a))
        return 0;
    *lo = a;
    *hi = b;
    return 1;
}
