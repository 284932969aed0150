/* Loading a support table (see support_table.h). Strings live in chunks that are
 * never moved, so row pointers stay valid while the row array grows. */
#include "support_table.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "number.h"

struct pk_support_table_chunk {
    pk_support_table_chunk *next;
    size_t used, size;
    char data[];
};

#define CHUNK_MIN 65536

/* Copy s[0..len) into the table's string storage. */
static const char *store(pk_support_table *t, const char *s, size_t len)
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

enum col {
    C_QUESTION, C_QUESTION_LABEL, C_BY, C_GROUP, C_GROUP_LABEL, C_RESPONSE,
    C_N, C_COUNT, C_WEIGHTED_BASE, C_SHARE, C_SE, C_CI_LOW, C_CI_HIGH,
    C_DEFF_KISH, C_N_EFF, C_CI_METHOD, C_LEVEL, C_BASE, C_WEIGHT, C_LOW_BASE,
    C_COUNT_OF_COLS
};

static const char *const col_names[C_COUNT_OF_COLS] = {
    "question", "question_label", "by", "group", "group_label", "response",
    "n", "count", "weighted_base", "share", "se", "ci_low", "ci_high",
    "deff_kish", "n_eff", "ci_method", "level", "base", "weight", "low_base",
};

static int is_required(enum col c)
{
    return c == C_QUESTION || c == C_GROUP || c == C_RESPONSE || c == C_SHARE;
}

/* The field of column c in the current record, or NULL when the table has
 * no such column. */
static const char *field(pk_csv_reader *r, const long *idx, enum col c)
{
    return idx[c] < 0 ? NULL : pk_csv_reader_field(r, (size_t)idx[c]);
}

static int bad_value(pk_csv_reader *r, enum col c, const char *what, const char *s, pk_err *err)
{
    char q[128];
    return pk_err_set(err, PK_EDATA, "%s:%ld:%s: %s '%s'", pk_csv_reader_name(r),
                      pk_csv_reader_line(r), col_names[c], what,
                      pk_err_quote(q, sizeof q, s, strlen(s)));
}

static int get_double(pk_csv_reader *r, const long *idx, enum col c, double *out, pk_err *err)
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

static int get_string(pk_support_table *t, pk_csv_reader *r, const long *idx, enum col c,
                      const char *dflt, const char **out, pk_err *err)
{
    const char *s = field(r, idx, c);
    if (!s || !*s) {
        *out = dflt;
        return 0;
    }
    *out = store(t, s, strlen(s));
    if (!*out)
        return pk_err_set(err, PK_ENOMEM, "%s: out of memory", pk_csv_reader_name(r));
    return 0;
}

static int read_row(pk_support_table *t, pk_csv_reader *r, const long *idx, pk_support_table_row *row, pk_err *err)
{
    memset(row, 0, sizeof *row);
    row->line = pk_csv_reader_line(r);
    static const enum col keys[] = {C_QUESTION, C_GROUP, C_RESPONSE};
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++)
        if (!*field(r, idx, keys[k]))
            return pk_err_set(err, PK_EDATA, "%s:%ld:%s: empty value", pk_csv_reader_name(r),
                              row->line, col_names[keys[k]]);
    if (get_string(t, r, idx, C_QUESTION, "", &row->question, err) ||
        get_string(t, r, idx, C_GROUP, "", &row->group, err) ||
        get_string(t, r, idx, C_RESPONSE, "", &row->response, err) ||
        get_string(t, r, idx, C_QUESTION_LABEL, row->question, &row->question_label, err) ||
        get_string(t, r, idx, C_GROUP_LABEL, row->group, &row->group_label, err) ||
        get_string(t, r, idx, C_BY, "", &row->by, err) ||
        get_string(t, r, idx, C_CI_METHOD, "", &row->ci_method, err) ||
        get_string(t, r, idx, C_BASE, "", &row->base, err) ||
        get_string(t, r, idx, C_WEIGHT, "", &row->weight, err))
        return err->status;

    double n;
    if (get_double(r, idx, C_N, &n, err))
        return err->status;
    row->n = -1;
    if (!isnan(n)) {
        const char *s = field(r, idx, C_N);
        long v;
        if (pk_number_parse_long(s, &v) || v < 0)
            return bad_value(r, C_N, "not a count:", s, err);
        row->n = v;
    }
    if (get_double(r, idx, C_COUNT, &row->count, err) ||
        get_double(r, idx, C_WEIGHTED_BASE, &row->weighted_base, err) ||
        get_double(r, idx, C_SHARE, &row->share, err) ||
        get_double(r, idx, C_SE, &row->se, err) ||
        get_double(r, idx, C_CI_LOW, &row->ci_low, err) ||
        get_double(r, idx, C_CI_HIGH, &row->ci_high, err) ||
        get_double(r, idx, C_DEFF_KISH, &row->deff_kish, err) ||
        get_double(r, idx, C_N_EFF, &row->n_eff, err) ||
        get_double(r, idx, C_LEVEL, &row->level, err))
        return err->status;
    if (!isnan(row->level) && !(row->level > 0 && row->level < 1))
        return bad_value(r, C_LEVEL, "level not between 0 and 1:", field(r, idx, C_LEVEL), err);

    const char *lb = field(r, idx, C_LOW_BASE);
    if (lb && *lb) {
        long v;
        if (pk_number_parse_long(lb, &v) || (v != 0 && v != 1))
            return bad_value(r, C_LOW_BASE, "not 0 or 1:", lb, err);
        row->low_base = (int)v;
    }
    return 0;
}

int pk_support_table_read(pk_csv_reader *r, pk_support_table *t, pk_err *err)
{
    memset(t, 0, sizeof *t);
    const char *name = pk_csv_reader_name(r);
    t->name = strdup(name);
    if (!t->name)
        return pk_err_set(err, PK_ENOMEM, "%s: out of memory", name);

    long idx[C_COUNT_OF_COLS];
    for (int c = 0; c < C_COUNT_OF_COLS; c++) {
        idx[c] = pk_csv_reader_col(r, col_names[c]);
        if (idx[c] < 0 && is_required((enum col)c)) {
            pk_err_set(err, PK_EDATA, "%s:%ld: not a support table: no column '%s'", name,
                       pk_csv_reader_header_line(r), col_names[c]);
            goto fail;
        }
    }

    int got;
    while ((got = pk_csv_reader_next(r, err)) == 1) {
        if (t->nrows == t->cap) {
            size_t cap = t->cap ? 2 * t->cap : 64;
            pk_support_table_row *rows = realloc(t->rows, cap * sizeof *rows);
            if (!rows) {
                pk_err_set(err, PK_ENOMEM, "%s: out of memory", name);
                goto fail;
            }
            t->rows = rows;
            t->cap = cap;
        }
        if (read_row(t, r, idx, &t->rows[t->nrows], err))
            goto fail;
        t->nrows++;
    }
    if (got < 0)
        goto fail;
    return 0;

fail:;
    int status = err->status ? err->status : PK_EDATA;
    pk_support_table_free(t);
    return status;
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
    memset(t, 0, sizeof *t);
}

const pk_support_table_row *pk_support_table_find(const pk_support_table *t, const char *question,
                                   const char *by, const char *group, const char *response)
{
    for (size_t i = 0; i < t->nrows; i++) {
        const pk_support_table_row *row = &t->rows[i];
        if (strcmp(row->question, question) == 0 && strcmp(row->group, group) == 0 &&
            strcmp(row->response, response) == 0 && (!by || strcmp(row->by, by) == 0))
            return row;
    }
    return NULL;
}
