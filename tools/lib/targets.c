/* The targets file parser (targets.h): reads `variable,category,target`
 * rows through the CSV core, groups them into margins in order of first
 * appearance, splits interlocked variables and categories on ':', and
 * rejects what would make weighting meaningless, naming the line. */
#include "targets.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "colname.h"
#include "csvio.h"
#include "number.h"
#include "util.h"

static char *dup_n(const char *s, size_t n)
{
    char *d = malloc(n + 1);
    if (d) {
        memcpy(d, s, n);
        d[n] = '\0';
    }
    return d;
}

/* Split s on ':' into a fresh array of fresh strings; *n gets the count. */
static char **split_colon(const char *s, size_t *n)
{
    size_t k = 1;
    for (const char *p = s; *p; p++)
        k += *p == ':';
    char **v = calloc(k, sizeof *v);
    if (!v)
        return NULL;
    const char *start = s;
    for (size_t i = 0; i < k; i++) {
        const char *end = strchr(start, ':');
        if (!end)
            end = start + strlen(start);
        v[i] = dup_n(start, (size_t)(end - start));
        if (!v[i]) {
            for (size_t j = 0; j < i; j++)
                free(v[j]);
            free(v);
            return NULL;
        }
        start = end + 1;
    }
    *n = k;
    return v;
}

static void free_strv(char **v, size_t n)
{
    if (!v)
        return;
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

static void margin_free(pk_targets_margin *m)
{
    free(m->name);
    free_strv(m->col, m->ncol);
    for (size_t k = 0; k < m->ncat; k++) {
        free(m->cat[k].name);
        free_strv(m->cat[k].part, m->ncol);
    }
    free(m->cat);
}

void pk_targets_free(pk_targets *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->nmargin; i++)
        margin_free(&t->m[i]);
    free(t->m);
    free(t->path);
    free(t);
}

static pk_targets_margin *find_margin(pk_targets *t, const char *name)
{
    for (size_t i = 0; i < t->nmargin; i++)
        if (strcmp(t->m[i].name, name) == 0)
            return &t->m[i];
    return NULL;
}

/* Start a margin for variable `name` first seen on `line`. */
static pk_targets_margin *add_margin(pk_targets *t, const char *name, long line, const char *path, pk_err *err)
{
    size_t ncol;
    char **col = split_colon(name, &ncol);
    if (!col) {
        pk_err_nomem(err);
        return NULL;
    }
    for (size_t c = 0; c < ncol; c++) {
        int bad = col[c][0] == '\0';
        for (size_t d = 0; d < c && !bad; d++)
            bad = strcmp(col[c], col[d]) == 0;
        if (bad) {
            char q[128];
            pk_err_set(err, PK_ERR_DATA, "%s:%ld:variable: '%s' is not a column or columns joined by ':'",
                       path, line, pk_err_quote(q, sizeof q, name, strlen(name)));
            free_strv(col, ncol);
            return NULL;
        }
    }
    if (pk_util_grow((void **)&t->m, &t->capmargin, t->nmargin + 1, sizeof *t->m)) {
        free_strv(col, ncol);
        pk_err_nomem(err);
        return NULL;
    }
    pk_targets_margin *m = &t->m[t->nmargin];
    memset(m, 0, sizeof *m);
    m->name = strdup(name);
    if (!m->name) {
        free_strv(col, ncol);
        pk_err_nomem(err);
        return NULL;
    }
    m->col = col;
    m->ncol = ncol;
    m->first_line = line;
    t->nmargin++;
    return m;
}

static int add_category(pk_targets_margin *m, const char *cat, double target, long line, const char *path, pk_err *err)
{
    char q[128];
    for (size_t k = 0; k < m->ncat; k++)
        if (strcmp(m->cat[k].name, cat) == 0)
            return pk_err_set(err, PK_ERR_DATA, "%s:%ld:category: duplicate target for '%s' of '%s' (first on line %ld)",
                              path, line, pk_err_quote(q, sizeof q, cat, strlen(cat)), m->name, m->cat[k].line);
    size_t nparts = 0;
    char **parts = split_colon(cat, &nparts);
    if (!parts)
        return pk_err_nomem(err);
    if (nparts != m->ncol) {
        free_strv(parts, nparts);
        if (m->ncol == 1)
            return pk_err_set(err, PK_ERR_DATA, "%s:%ld:category: '%s' contains ':', which only interlocked variables' categories may",
                              path, line, pk_err_quote(q, sizeof q, cat, strlen(cat)));
        return pk_err_set(err, PK_ERR_DATA, "%s:%ld:category: '%s' of interlocked '%s' must have %zu values joined by ':'",
                          path, line, pk_err_quote(q, sizeof q, cat, strlen(cat)), m->name, m->ncol);
    }
    char *name = strdup(cat);
    if (!name || pk_util_grow((void **)&m->cat, &m->capcat, m->ncat + 1, sizeof *m->cat)) {
        free(name);
        free_strv(parts, nparts);
        return pk_err_nomem(err);
    }
    m->cat[m->ncat++] = (pk_targets_category){name, parts, target, line};
    return 0;
}

static pk_targets *read_rows(pk_csv_reader *r, int normalize, pk_err *err)
{
    pk_targets *t = calloc(1, sizeof *t);
    if (!t || !(t->path = strdup(pk_csv_reader_name(r)))) {
        free(t);
        pk_err_nomem(err);
        return NULL;
    }
    const char *path = t->path;
    long cv = pk_csv_reader_col(r, "variable"), cc = pk_csv_reader_col(r, "category"), ct = pk_csv_reader_col(r, "target");
    if (cv < 0 || cc < 0 || ct < 0) {
        /* A near miss of the first column missing ("taget"), if any. */
        const char *miss = cv < 0 ? "variable" : cc < 0 ? "category" : "target";
        char hint[PK_COLNAME_HINT_SIZE], near[PK_COLNAME_HINT_SIZE + 32] = "";
        if (pk_csv_reader_hint(r, miss, hint, sizeof hint)[0])
            snprintf(near, sizeof near, ": no column '%s'%s", miss, hint);
        pk_err_set(err, PK_ERR_DATA, "%s:%ld: the header must have the columns variable, category and target%s",
                   path, pk_csv_reader_header_line(r), near);
        goto fail;
    }
    int got;
    while ((got = pk_csv_reader_next(r, err)) == 1) {
        long line = pk_csv_reader_line(r);
        const char *var = pk_csv_reader_field(r, (size_t)cv);
        const char *cat = pk_csv_reader_field(r, (size_t)cc);
        const char *tv = pk_csv_reader_field(r, (size_t)ct);
        char q[128];
        if (var[0] == '\0') {
            pk_err_set(err, PK_ERR_DATA, "%s:%ld:variable: empty variable name", path, line);
            goto fail;
        }
        if (cat[0] == '\0') {
            pk_err_set(err, PK_ERR_DATA, "%s:%ld:category: empty category of '%s'", path, line, var);
            goto fail;
        }
        double target;
        int bad = pk_number_parse(tv, &target);
        if (bad) {
            pk_err_set(err, PK_ERR_DATA, "%s:%ld:target: '%s' is %s", path, line,
                       pk_err_quote(q, sizeof q, tv, strlen(tv)), pk_number_problem(bad));
            goto fail;
        }
        if (target < 0) {
            pk_err_set(err, PK_ERR_DATA, "%s:%ld:target: negative target %s for '%s' of '%s'", path, line, tv,
                       pk_err_quote(q, sizeof q, cat, strlen(cat)), var);
            goto fail;
        }
        pk_targets_margin *m = find_margin(t, var);
        if (!m && !(m = add_margin(t, var, line, path, err)))
            goto fail;
        if (add_category(m, cat, target, line, path, err))
            goto fail;
    }
    if (got < 0)
        goto fail;
    if (t->nmargin == 0) {
        pk_err_set(err, PK_ERR_DATA, "%s: no targets", path);
        goto fail;
    }
    for (size_t i = 0; i < t->nmargin; i++) {
        pk_targets_margin *m = &t->m[i];
        double sum = 0;
        for (size_t k = 0; k < m->ncat; k++)
            sum += m->cat[k].target;
        m->raw_sum = sum;
        if (!(sum > 0)) {
            pk_err_set(err, PK_ERR_DATA, "%s:%ld: the shares of '%s' are all zero", path, m->first_line, m->name);
            goto fail;
        }
        if (fabs(sum - 1) > PK_TARGETS_SUM_TOL) {
            if (!normalize) {
                char b[PK_NUMBER_BUFSIZE];
                pk_err_set(err, PK_ERR_DATA, "%s:%ld: the shares of '%s' sum to %s, not 1 (use --normalize to rescale them)",
                           path, m->first_line, m->name, pk_number_format(b, sum, 10));
                goto fail;
            }
        }
        /* Exact shares even within the tolerance, so that raking aims at
         * a point that exists. */
        for (size_t k = 0; k < m->ncat; k++)
            m->cat[k].target /= sum;
    }
    return t;
fail:
    pk_targets_free(t);
    return NULL;
}

pk_targets *pk_targets_read(const char *path, int normalize, pk_err *err)
{
    pk_csv_reader *r = pk_csv_reader_open(path, ',', err);
    if (!r)
        return NULL;
    pk_targets *t = read_rows(r, normalize, err);
    pk_csv_reader_close(r);
    return t;
}

pk_targets *pk_targets_read_stream(FILE *stream, const char *name, int normalize, pk_err *err)
{
    pk_csv_reader *r = pk_csv_reader_open_stream(stream, name, ',', err);
    if (!r)
        return NULL;
    pk_targets *t = read_rows(r, normalize, err);
    pk_csv_reader_close(r);
    return t;
}

long pk_targets_margin_find(const pk_targets_margin *m, const char *const *vals, const size_t *lens)
{
    for (size_t k = 0; k < m->ncat; k++) {
        size_t c = 0;
        while (c < m->ncol && strlen(m->cat[k].part[c]) == lens[c] && memcmp(m->cat[k].part[c], vals[c], lens[c]) == 0)
            c++;
        if (c == m->ncol)
            return (long)k;
    }
    return -1;
}

/* Share that margin m gives to value v of its column c. */
static double implied_share(const pk_targets_margin *m, size_t c, const char *v)
{
    double s = 0;
    for (size_t k = 0; k < m->ncat; k++)
        if (strcmp(m->cat[k].part[c], v) == 0)
            s += m->cat[k].target;
    return s;
}

static long column_of(const pk_targets_margin *m, const char *col)
{
    for (size_t c = 0; c < m->ncol; c++)
        if (strcmp(m->col[c], col) == 0)
            return (long)c;
    return -1;
}

int pk_targets_conflict(const pk_targets *t, char *buf, size_t size)
{
    for (size_t a = 0; a < t->nmargin; a++)
        for (size_t b = a + 1; b < t->nmargin; b++) {
            const pk_targets_margin *ma = &t->m[a], *mb = &t->m[b];
            for (size_t ca = 0; ca < ma->ncol; ca++) {
                long cb = column_of(mb, ma->col[ca]);
                if (cb < 0)
                    continue;
                /* Every value either margin names. */
                for (int side = 0; side < 2; side++) {
                    const pk_targets_margin *m = side ? mb : ma;
                    size_t c = side ? (size_t)cb : ca;
                    for (size_t k = 0; k < m->ncat; k++) {
                        const char *v = m->cat[k].part[c];
                        double sa = implied_share(ma, ca, v), sb = implied_share(mb, (size_t)cb, v);
                        if (fabs(sa - sb) <= PK_TARGETS_SUM_TOL)
                            continue;
                        char x[PK_NUMBER_BUFSIZE], y[PK_NUMBER_BUFSIZE];
                        snprintf(buf, size, "margin '%s' gives %s = %s a share of %s (line %ld), margin '%s' %s (line %ld)",
                                 ma->name, ma->col[ca], v, pk_number_format(x, sa, 6), ma->first_line,
                                 mb->name, pk_number_format(y, sb, 6), mb->first_line);
                        return 1;
                    }
                }
            }
        }
    return 0;
}

int pk_targets_check_category(const pk_targets *t, size_t j, size_t k, long count,
                              double weight_sum, const pk_targets_use *use, pk_err *err)
{
    const pk_targets_margin *m = &t->m[j];
    const pk_targets_category *c = &m->cat[k];
    const char *sep = use->context ? ": " : "", *ctx = use->context ? use->context : "";
    char b[PK_NUMBER_BUFSIZE];
    if (c->target > 0 && count == 0)
        return pk_err_set(err, PK_ERR_DATA,
                          "%s:%ld: no respondents in category '%s' of '%s', whose target is %s, "
                          "in %s%s%s",
                          t->path, c->line, c->name, m->name, pk_number_format(b, c->target, 10),
                          use->input, sep, ctx);
    if (c->target > 0 && !(weight_sum > 0))
        return pk_err_set(err, PK_ERR_DATA,
                          "%s:%ld: no respondents with a positive %s in category '%s' of '%s', "
                          "whose target is %s, in %s%s%s",
                          t->path, c->line, use->weight, c->name, m->name,
                          pk_number_format(b, c->target, 10), use->input, sep, ctx);
    if (c->target == 0 && count > 0)
        return pk_err_set(err, PK_ERR_DATA,
                          "%s:%ld: target 0 for category '%s' of '%s', but %ld respondent%s it in "
                          "%s (leave them out of the input, or give a positive share)%s%s",
                          t->path, c->line, c->name, m->name, count,
                          count == 1 ? " has" : "s have", use->input, sep, ctx);
    return 0;
}
