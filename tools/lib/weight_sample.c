/* Reading pollweight's sample (weight.h): every record kept for writing
 * back, and each weighting variable as a category code per respondent.
 *
 * The sample is held as an arena of records (fields copied once, written
 * back unparsed) plus one array of 16-bit category codes per margin, so a
 * raking sweep is a few linear passes over small integers. Codes are found
 * through one small dictionary per weighting column (the values the targets
 * name) and, per margin, a table from the combination of its columns' value
 * indices to the category: an interlocked margin costs no string joining. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "colname.h"
#include "number.h"
#include "util.h"
#include "weight_internal.h"

/* ---------------------------------------------------------------- arena */

/* Records are written back to back to a temporary file (the spool) as
 * NUL-terminated fields (the reader rejects NUL bytes, so a NUL cannot
 * occur inside a value), and read back once the weights are known: memory
 * holds only what raking needs (each respondent's codes and base weight),
 * however long the input. When the input is a file (not a pipe), a record
 * whose line is already its canonical text is not copied: the spool notes
 * each run of such lines, back to back in the file, as its offset and
 * count, and the output pass reads those lines from the file again (a
 * clean file is one run: copying it out and back in was a third of
 * pollweight's time, in the kernel and in memchr). */

/* A value the targets name (pointing into the targets). */
typedef struct dval {
    const char *s;
    size_t len;
} dval;

/* A value the targets do not name: its copy, how many have it, where first. */
typedef struct dunk {
    char *s;
    size_t count;
    long line;
} dunk;

/* A weighting column: its header index and the values the targets name. */
typedef struct dcol {
    const char *name;
    size_t hidx;
    dval *val;
    size_t nval, capval;
    size_t missing;
    long first_missing;
    dunk *unk;
    size_t nunk, capunk;
} dcol;

#define MAX_UNKNOWN 64

/* A record is stored as a tag byte, then either (REC_PLAIN) its canonical
 * text, fields joined by the delimiter, NUL-terminated, written back with
 * one fwrite; or (REC_FIELDS) its fields, each NUL-terminated, written back
 * field by field through the writer, which quotes them. */
enum { REC_PLAIN = 'P', REC_FIELDS = 'F', REC_RUN = 'R' };

/* A run's entry: the tag, then the offset of its first line in the input
 * file and its number of lines. */
#define RUN_ENTRY (1 + 2 * sizeof(long long))

/* The run gathered so far into the spool; -2 when it cannot be written. */
static int run_flush(pk_weight_sample *s)
{
    if (s->run_n == 0)
        return 0;
    char e[RUN_ENTRY];
    long long n = (long long)s->run_n;
    e[0] = REC_RUN;
    memcpy(e + 1, &s->run_off, sizeof s->run_off);
    memcpy(e + 1 + sizeof n, &n, sizeof n);
    s->run_n = 0;
    return fwrite_unlocked(e, 1, sizeof e, s->spool) == sizeof e ? 0 : -2;
}

/* Copy a record's fields (len bytes, each field's NUL after it) to dst
 * as its canonical text: each NUL but the last becomes the delimiter.
 * Returns 0 when a byte of them could make the writer quote a value
 * (dst is then to be written again). One pass, sixteen bytes at a time
 * where the processor has SSE2 (every x86-64): the five scans and the
 * field walk it replaces were a tenth of pollweight's time. */
static int plain_copy(char *dst, const char *src, size_t len, char delim)
{
    unsigned char bad = 0, d = (unsigned char)delim;
    size_t i = 0;
#ifdef __SSE2__
    const __m128i vd = _mm_set1_epi8(delim), vq = _mm_set1_epi8('"'), vr = _mm_set1_epi8('\r'),
                  vn = _mm_set1_epi8('\n'), vb = _mm_set1_epi8((char)0xEF), z = _mm_setzero_si128();
    __m128i any = z;
    for (; i + 17 <= len; i += 16) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(src + i));
        any = _mm_or_si128(any, _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, vd), _mm_cmpeq_epi8(x, vq)),
                                             _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, vr), _mm_cmpeq_epi8(x, vn)),
                                                          _mm_cmpeq_epi8(x, vb))));
        __m128i nul = _mm_cmpeq_epi8(x, z);
        _mm_storeu_si128((__m128i *)(void *)(dst + i), _mm_or_si128(_mm_andnot_si128(nul, x), _mm_and_si128(nul, vd)));
    }
    bad = _mm_movemask_epi8(any) != 0;
#endif
    for (; i + 1 < len; i++) {
        unsigned char c = (unsigned char)src[i];
        bad |= (unsigned char)((c == d) | (c == '"') | (c == '\r') | (c == '\n') | (c == 0xEF));
        dst[i] = (char)(c ? c : d);
    }
    dst[len - 1] = '\0';
    return !bad;
}

/* -1 when memory runs out, -2 when the spool cannot be written. */
static int spool_add(pk_weight_sample *s, const pk_csv_reader *r, char delim)
{
    size_t len, rawlen;
    long long off;
    const char *span = pk_csv_reader_record_span(r, &len);
    if (!span)
        return 0;
    /* A plain line as long as its fields and their NULs ended in LF alone
     * (with CRLF it is a byte longer): it is the record's canonical text,
     * unless a value starts with U+FEFF, which the writer quotes (0xEF
     * anywhere sends the record the long way). */
    if (s->rawfd >= 0 && pk_csv_reader_record_raw(r, &off, &rawlen) && rawlen == len && !memchr(span, 0xEF, len)) {
        if (s->run_n == 0 || off != s->run_end) {
            if (run_flush(s))
                return -2;
            s->run_off = off;
            s->run_end = off;
        }
        s->run_n++;
        s->run_end += (long long)rawlen;
        return 0;
    }
    if (run_flush(s))
        return -2;
    size_t need = 1 + len;
    if (pk_util_grow((void **)&s->rec, &s->reccap, need, 1))
        return -1;
    /* If no byte of the record could make the writer quote a value, its
     * canonical text is written back with one fwrite. Otherwise (rare) its
     * fields stay NUL-separated and go through the writer (0xEF: the lead
     * byte of U+FEFF, quoted at a value's start). */
    char *p = s->rec;
    if (plain_copy(p + 1, span, len, delim)) {
        p[0] = REC_PLAIN;
    } else {
        p[0] = REC_FIELDS;
        memcpy(p + 1, span, len);
    }
    if (fwrite_unlocked(p, 1, need, s->spool) != need)
        return -2;
    return 0;
}

/* ------------------------------------------------------------- loading */

void pk_weight_sample_free(pk_weight_sample *s)
{
    if (!s)
        return;
    free(s->name);
    if (s->colnames)
        for (size_t i = 0; i < s->ncols; i++)
            free(s->colnames[i]);
    free(s->colnames);
    free(s->weight_name);
    if (s->spool)
        fclose(s->spool);
    if (s->rawfd >= 0)
        close(s->rawfd);
    free(s->rec);
    free(s->base);
    if (s->code)
        for (size_t j = 0; j < s->nmargin; j++)
            free(s->code[j]);
    free(s->code);
    free(s->ncat);
    free(s->missing);
    free(s);
}

size_t pk_weight_sample_n(const pk_weight_sample *s)
{
    return s->n;
}

uint16_t pk_weight_sample_code(const pk_weight_sample *s, size_t j, size_t i)
{
    return s->code[j][i];
}

double pk_weight_sample_base(const pk_weight_sample *s, size_t i)
{
    return s->base ? s->base[i] : 1.0;
}

size_t pk_weight_sample_missing(const pk_weight_sample *s, size_t j)
{
    return s->missing[j];
}

static void dcols_free(dcol *d, size_t nd)
{
    if (!d)
        return;
    for (size_t i = 0; i < nd; i++) {
        free(d[i].val);
        for (size_t u = 0; u < d[i].nunk; u++)
            free(d[i].unk[u].s);
        free(d[i].unk);
    }
    free(d);
}

/* Index of `name` among the weighting columns, adding it if new. */
static long dcol_index(dcol **d, size_t *nd, size_t *cap, const char *name, size_t hidx)
{
    for (size_t i = 0; i < *nd; i++)
        if (strcmp((*d)[i].name, name) == 0)
            return (long)i;
    if (pk_util_grow((void **)d, cap, *nd + 1, sizeof **d))
        return -1;
    (*d)[*nd] = (dcol){.name = name, .hidx = hidx};
    return (long)(*nd)++;
}

/* (Length and first byte first: a call of memcmp for each value tried
 * was a twentieth of pollweight's time.) */
static inline long dcol_lookup(const dcol *d, const char *v, size_t len)
{
    for (size_t i = 0; i < d->nval; i++)
        if (d->val[i].len == len && (len == 0 || d->val[i].s[0] == v[0]) && memcmp(d->val[i].s, v, len) == 0)
            return (long)i;
    return -1;
}

static long dcol_value(dcol *d, const char *v)
{
    size_t len = strlen(v);
    long i = dcol_lookup(d, v, len);
    if (i >= 0)
        return i;
    if (pk_util_grow((void **)&d->val, &d->capval, d->nval + 1, sizeof *d->val))
        return -1;
    d->val[d->nval] = (dval){v, len};
    return (long)d->nval++;
}

static int dcol_unknown(dcol *d, const char *v, size_t len, long line)
{
    for (size_t u = 0; u < d->nunk; u++)
        if (strlen(d->unk[u].s) == len && memcmp(d->unk[u].s, v, len) == 0) {
            d->unk[u].count++;
            return 0;
        }
    if (d->nunk >= MAX_UNKNOWN) /* enough to report the first one */
        return 0;
    char *copy = malloc(len + 1);
    if (!copy || pk_util_grow((void **)&d->unk, &d->capunk, d->nunk + 1, sizeof *d->unk)) {
        free(copy);
        return -1;
    }
    memcpy(copy, v, len);
    copy[len] = '\0';
    d->unk[d->nunk++] = (dunk){copy, 1, line};
    return 0;
}

/* Respondents with a combination of values the targets do not name. */
typedef struct dabsent {
    size_t count;
    long line;          /* the first */
} dabsent;

/* Per margin: its columns (dcol indices), and the table from the mixed-radix
 * combination of value indices to the category (-1: not in the targets). */
typedef struct mtab {
    size_t ncol;
    size_t *dc;
    size_t *radix;
    size_t size;
    long *cat;
    dabsent *absent;     /* per combination not in the targets */
} mtab;

static void mtabs_free(mtab *m, size_t nm)
{
    if (!m)
        return;
    for (size_t j = 0; j < nm; j++) {
        free(m[j].dc);
        free(m[j].radix);
        free(m[j].cat);
        free(m[j].absent);
    }
    free(m);
}

static int setup_codes(const pk_csv_reader *r, const pk_targets *t, dcol **dout, size_t *ndout,
                       mtab **mout, pk_err *err)
{
    dcol *d = NULL;
    size_t nd = 0, dcap = 0;
    mtab *mt = calloc(t->nmargin, sizeof *mt);
    if (!mt)
        return pk_err_nomem(err);
    *mout = mt;
    for (size_t j = 0; j < t->nmargin; j++) {
        const pk_targets_margin *m = &t->m[j];
        mt[j].ncol = m->ncol;
        mt[j].dc = calloc(m->ncol, sizeof *mt[j].dc);
        mt[j].radix = calloc(m->ncol, sizeof *mt[j].radix);
        if (!mt[j].dc || !mt[j].radix)
            goto nomem;
        for (size_t c = 0; c < m->ncol; c++) {
            long h = pk_csv_reader_col(r, m->col[c]);
            if (h < 0) {
                char hint[PK_COLNAME_HINT_SIZE];
                pk_err_set(err, PK_ERR_DATA, "%s:%ld: variable '%s' needs a column '%s', which %s lacks%s", t->path,
                           m->first_line, m->name, m->col[c], pk_csv_reader_name(r),
                           pk_csv_reader_hint(r, m->col[c], hint, sizeof hint));
                goto fail;
            }
            long di = dcol_index(&d, &nd, &dcap, m->col[c], (size_t)h);
            if (di < 0)
                goto nomem;
            mt[j].dc[c] = (size_t)di;
            for (size_t k = 0; k < m->ncat; k++)
                if (dcol_value(&d[di], m->cat[k].part[c]) < 0)
                    goto nomem;
        }
        if (m->ncat >= PK_MAX_CATEGORIES) {
            pk_err_set(err, PK_ERR_DATA, "%s:%ld: variable '%s' has more than %d categories", t->path, m->first_line,
                       m->name, PK_MAX_CATEGORIES);
            goto fail;
        }
    }
    /* The dictionaries are complete only now; size the tables. */
    for (size_t j = 0; j < t->nmargin; j++) {
        const pk_targets_margin *m = &t->m[j];
        size_t size = 1;
        for (size_t c = 0; c < m->ncol; c++) {
            mt[j].radix[c] = d[mt[j].dc[c]].nval;
            if (size > ((size_t)1 << 26) / mt[j].radix[c]) {
                pk_err_set(err, PK_ERR_DATA, "%s:%ld: interlocked variable '%s' has too many combinations", t->path,
                           m->first_line, m->name);
                goto fail;
            }
            size *= mt[j].radix[c];
        }
        mt[j].size = size;
        mt[j].cat = malloc(size * sizeof *mt[j].cat);
        mt[j].absent = calloc(size, sizeof *mt[j].absent);
        if (!mt[j].cat || !mt[j].absent)
            goto nomem;
        for (size_t x = 0; x < size; x++)
            mt[j].cat[x] = -1;
        for (size_t k = 0; k < m->ncat; k++) {
            size_t x = 0;
            for (size_t c = 0; c < m->ncol; c++)
                x = x * mt[j].radix[c] + (size_t)dcol_lookup(&d[mt[j].dc[c]], m->cat[k].part[c], strlen(m->cat[k].part[c]));
            mt[j].cat[x] = (long)k;
        }
    }
    *dout = d;
    *ndout = nd;
    return 0;
nomem:
    pk_err_nomem(err);
fail:
    dcols_free(d, nd);
    return -1;
}

/* The value of combination x of margin j, "x:y", for messages. */
static void combo_text(char *buf, size_t size, const mtab *m, const dcol *d, size_t x)
{
    size_t idx[16] = {0};
    size_t nc = m->ncol < 16 ? m->ncol : 16;
    for (size_t c = m->ncol; c-- > 0;) {
        if (c < 16)
            idx[c] = x % m->radix[c];
        x /= m->radix[c];
    }
    size_t o = 0;
    buf[0] = '\0';
    for (size_t c = 0; c < nc && o < size; c++)
        o += (size_t)snprintf(buf + o, size - o, "%s%s", c ? ":" : "", d[m->dc[c]].val[idx[c]].s);
}

/* After reading: the first problem by input line, so the user sees the
 * earliest offending record. */
static int check_sample(pk_weight_sample *s, const pk_targets *t, const dcol *d, size_t nd, const mtab *mt,
                        int missing_keep, pk_err *err)
{
    char q[128];
    long best = 0;
    const dcol *bd = NULL;
    size_t bu = 0;
    for (size_t i = 0; i < nd; i++)
        for (size_t u = 0; u < d[i].nunk; u++)
            if (!bd || d[i].unk[u].line < best) {
                best = d[i].unk[u].line;
                bd = &d[i];
                bu = u;
            }
    if (bd) {
        /* Name the first margin that uses the column. */
        const char *var = bd->name;
        for (size_t j = 0; j < t->nmargin && var == bd->name; j++)
            for (size_t c = 0; c < t->m[j].ncol; c++)
                if (strcmp(t->m[j].col[c], bd->name) == 0) {
                    var = t->m[j].name;
                    break;
                }
        return pk_err_set(err, PK_ERR_DATA, "%s:%ld:%s: category '%s' is not in the targets of '%s' (%zu respondent%s)",
                          s->name, best, bd->name, pk_err_quote(q, sizeof q, bd->unk[bu].s, strlen(bd->unk[bu].s)),
                          var, bd->unk[bu].count, bd->unk[bu].count == 1 ? "" : "s");
    }
    size_t bj = 0, bx = 0;
    int found = 0;
    for (size_t j = 0; j < t->nmargin; j++)
        for (size_t x = 0; x < mt[j].size; x++)
            if (mt[j].absent[x].count && (!found || mt[j].absent[x].line < best)) {
                found = 1;
                best = mt[j].absent[x].line;
                bj = j;
                bx = x;
            }
    if (found) {
        char combo[256];
        combo_text(combo, sizeof combo, &mt[bj], d, bx);
        return pk_err_set(err, PK_ERR_DATA, "%s:%ld:%s: category '%s' is not in the targets of '%s' (%zu respondent%s)",
                          s->name, best, t->m[bj].name, pk_err_quote(q, sizeof q, combo, strlen(combo)),
                          t->m[bj].name, mt[bj].absent[bx].count, mt[bj].absent[bx].count == 1 ? "" : "s");
    }
    if (!missing_keep) {
        bd = NULL;
        for (size_t i = 0; i < nd; i++)
            if (d[i].missing && (!bd || d[i].first_missing < bd->first_missing))
                bd = &d[i];
        if (bd)
            return pk_err_set(err, PK_ERR_DATA,
                              "%s:%ld:%s: %zu respondent%s no value for '%s' (the first on this line); "
                              "--missing keep leaves them out of that margin",
                              s->name, bd->first_missing, bd->name, bd->missing, bd->missing == 1 ? " has" : "s have",
                              bd->name);
    }
    if (s->n == 0)
        return pk_err_set(err, PK_ERR_DATA, "%s: no respondents to weight", s->name);
    /* The targets module's rule for each category (targets.h), the same
     * pollsupport --calibrated applies. */
    for (size_t j = 0; j < t->nmargin; j++) {
        const pk_targets_margin *m = &t->m[j];
        size_t *cnt = calloc(m->ncat, sizeof *cnt);
        double *wsum = calloc(m->ncat, sizeof *wsum);
        if (!cnt || !wsum) {
            free(cnt);
            free(wsum);
            return pk_err_nomem(err);
        }
        for (size_t i = 0; i < s->n; i++) {
            uint16_t c = s->code[j][i];
            if (c != PK_CODE_MISSING) {
                cnt[c]++;
                wsum[c] += pk_weight_sample_base(s, i);
            }
        }
        int rc = 0;
        const pk_targets_use use = {s->name, "base weight", NULL};
        for (size_t k = 0; k < m->ncat && !rc; k++)
            rc = pk_targets_check_category(t, j, k, (long)cnt[k], wsum[k], &use, err);
        free(cnt);
        free(wsum);
        if (rc)
            return rc;
    }
    return 0;
}

/* The state of one reading: the weighting columns' dictionaries, the
 * margins' tables, the value indices of the current record's weighting
 * columns (-1 missing, -2 not in the targets), the base weight's column and
 * the smallest positive and the largest base weight, with their lines. */
typedef struct reading {
    dcol *d;
    size_t nd;
    mtab *mt;
    size_t nmargin;
    long *vcode;
    size_t cap;         /* rows the code (and base) arrays hold */
    long bcol;
    double bmin, bmax;
    long bmin_line, bmax_line;
} reading;

static void reading_free(reading *rd)
{
    free(rd->vcode);
    dcols_free(rd->d, rd->nd);
    mtabs_free(rd->mt, rd->nmargin);
}

/* The sample's names and per-margin arrays, before any record. */
static pk_weight_sample *sample_new(const pk_csv_reader *r, const pk_targets *t, const pk_weight_sample_opts *o)
{
    pk_weight_sample *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->name = strdup(pk_csv_reader_name(r));
    s->weight_name = strdup(o->weight_name ? o->weight_name : "weight");
    s->ncols = pk_csv_reader_ncols(r);
    s->delim = o->delim ? o->delim : ',';
    s->rawfd = -1;
    s->colnames = calloc(s->ncols, sizeof *s->colnames);
    s->nmargin = t->nmargin;
    s->code = calloc(t->nmargin, sizeof *s->code);
    s->ncat = calloc(t->nmargin, sizeof *s->ncat);
    s->missing = calloc(t->nmargin, sizeof *s->missing);
    if (!s->name || !s->weight_name || !s->colnames || !s->code || !s->ncat || !s->missing)
        goto nomem;
    for (size_t i = 0; i < s->ncols; i++)
        if (!(s->colnames[i] = strdup(pk_csv_reader_colname(r, i))))
            goto nomem;
    for (size_t j = 0; j < t->nmargin; j++)
        s->ncat[j] = t->m[j].ncat;
    return s;
nomem:
    pk_weight_sample_free(s);
    return NULL;
}

/* The header's checks: no column already named like the weight, and the
 * base weight's column (*bcol, -1 without --base-weight). */
static int find_columns(const pk_weight_sample *s, const pk_csv_reader *r, const pk_weight_sample_opts *o, long *bcol,
                        pk_err *err)
{
    long hline = pk_csv_reader_header_line(r);
    if (pk_csv_reader_col(r, s->weight_name) >= 0)
        return pk_err_set(err, PK_ERR_DATA,
                          "%s:%ld: the input already has a column named '%s' (choose another with --weight-name)",
                          s->name, hline, s->weight_name);
    *bcol = -1;
    if (o->base_weight) {
        *bcol = pk_csv_reader_col(r, o->base_weight);
        if (*bcol < 0) {
            char hint[PK_COLNAME_HINT_SIZE];
            return pk_err_set(err, PK_ERR_DATA, "%s:%ld: no column named '%s' for --base-weight%s", s->name, hline,
                              o->base_weight, pk_csv_reader_hint(r, o->base_weight, hint, sizeof hint));
        }
    }
    return 0;
}

/* Room for one more row in the code (and base) arrays, doubling. */
static int sample_grow(pk_weight_sample *s, reading *rd)
{
    if (s->n < rd->cap)
        return 0;
    size_t nc = rd->cap ? rd->cap * 2 : 4096;
    for (size_t j = 0; j < s->nmargin; j++) {
        uint16_t *c2 = realloc(s->code[j], nc * sizeof *c2);
        if (!c2)
            return -1;
        s->code[j] = c2;
    }
    if (rd->bcol >= 0) {
        double *b2 = realloc(s->base, nc * sizeof *b2);
        if (!b2)
            return -1;
        s->base = b2;
    }
    rd->cap = nc;
    return 0;
}

/* The current record's category code in every margin, counting missing
 * values and values the targets do not name. Returns -1 when out of memory. */
static int record_codes(pk_weight_sample *s, const pk_csv_reader *r, reading *rd, long line)
{
    dcol *d = rd->d;
    long *vcode = rd->vcode;
    for (size_t c = 0; c < rd->nd; c++) {
        const char *v = pk_csv_reader_field(r, d[c].hidx);
        size_t len = pk_csv_reader_field_len(r, d[c].hidx);
        if (len == 0) {
            vcode[c] = -1;
            if (d[c].missing++ == 0)
                d[c].first_missing = line;
            continue;
        }
        vcode[c] = dcol_lookup(&d[c], v, len);
        if (vcode[c] < 0) {
            vcode[c] = -2;
            if (dcol_unknown(&d[c], v, len, line))
                return -1;
        }
    }
    for (size_t j = 0; j < s->nmargin; j++) {
        mtab *mt = &rd->mt[j];
        size_t x = 0;
        uint16_t code = PK_CODE_MISSING;
        int miss = 0, unknown = 0;
        for (size_t c = 0; c < mt->ncol; c++) {
            long v = vcode[mt->dc[c]];
            if (v == -1)
                miss = 1;
            else if (v == -2)
                unknown = 1;
            else
                x = x * mt->radix[c] + (size_t)v;
        }
        if (miss)
            s->missing[j]++;
        else if (!unknown) {
            long k = mt->cat[x];
            if (k < 0) {
                if (mt->absent[x].count++ == 0)
                    mt->absent[x].line = line;
            } else
                code = (uint16_t)k;
        }
        s->code[j][s->n] = code;
    }
    return 0;
}

/* The current record's base weight, which must be a number >= 0. */
static int record_base(pk_weight_sample *s, const pk_csv_reader *r, const pk_weight_sample_opts *o, reading *rd,
                       long line, pk_err *err)
{
    const char *v = pk_csv_reader_field(r, (size_t)rd->bcol);
    double b;
    char q[128];
    if (v[0] == '\0')
        return pk_err_set(err, PK_ERR_DATA, "%s:%ld:%s: no base weight", s->name, line, o->base_weight);
    int bad = pk_number_parse(v, &b);
    if (bad)
        return pk_err_set(err, PK_ERR_DATA, "%s:%ld:%s: base weight '%s' is %s", s->name, line, o->base_weight,
                          pk_err_quote(q, sizeof q, v, strlen(v)), pk_number_problem(bad));
    if (b < 0)
        return pk_err_set(err, PK_ERR_DATA, "%s:%ld:%s: negative base weight %s", s->name, line, o->base_weight, v);
    s->base[s->n] = b;
    if (b > 0 && b < rd->bmin) {
        rd->bmin = b;
        rd->bmin_line = line;
    }
    if (b > rd->bmax) {
        rd->bmax = b;
        rd->bmax_line = line;
    }
    return 0;
}

/* After reading: base weights that are not all zero, and not so spread
 * that the smallest lose their digits. */
static int check_base(const pk_weight_sample *s, const pk_weight_sample_opts *o, const reading *rd, pk_err *err)
{
    if (rd->bcol < 0)
        return 0;
    if (s->n > 0 && rd->bmax == 0)
        return pk_err_set(err, PK_ERR_DATA, "%s:%s: all base weights are zero", s->name, o->base_weight);
    /* Beyond this spread the smallest weights lose their digits next to
     * the largest in every sum, and scaled to a mean of 1 they can fall
     * below the smallest normal number, which no reader takes back. */
    if (rd->bmax / rd->bmin > PK_BASE_RATIO_MAX) {
        char b1[PK_NUMBER_BUFSIZE], b2[PK_NUMBER_BUFSIZE];
        return pk_err_set(err, PK_ERR_DATA,
                          "%s:%ld:%s: base weight %s is more than 1e12 times smaller than the largest, %s "
                          "(line %ld); check the column (a zero base weight leaves a respondent out)",
                          s->name, rd->bmin_line, o->base_weight, pk_number_format(b1, rd->bmin, 6),
                          pk_number_format(b2, rd->bmax, 6), rd->bmax_line);
    }
    return 0;
}

/* The input's file, kept open to read its plain lines again, when the
 * reader reads a file it can seek in; its size and time are noted, to
 * tell if it changes before its lines are read again (standard output
 * is never that file: the command line refuses it). */
static void raw_open(pk_weight_sample *s, const pk_csv_reader *r)
{
    FILE *f = pk_csv_reader_stream(r);
    int fd = f ? fileno(f) : -1;
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || ftello(f) < 0)
        return;
    s->rawfd = dup(fd);
    s->raw_st = st;
}

/* Whether the input's file is as it was when first read. */
static int raw_unchanged(const pk_weight_sample *s)
{
    struct stat st;
    return fstat(s->rawfd, &st) == 0 && st.st_size == s->raw_st.st_size &&
           st.st_mtim.tv_sec == s->raw_st.st_mtim.tv_sec && st.st_mtim.tv_nsec == s->raw_st.st_mtim.tv_nsec;
}

pk_weight_sample *pk_weight_sample_read(pk_csv_reader *r, const pk_targets *t, const pk_weight_sample_opts *o, pk_err *err)
{
    reading rd = {.nmargin = t->nmargin, .bmin = INFINITY};
    pk_weight_sample *s = sample_new(r, t, o);
    if (!s)
        goto nomem;
    if (find_columns(s, r, o, &rd.bcol, err) || setup_codes(r, t, &rd.d, &rd.nd, &rd.mt, err))
        goto fail;
    const char *dir;
    if (!(s->spool = pk_util_tmpfile("pollweight", &dir))) {
        pk_err_set(err, PK_ERR_DATA, "%s: cannot create a temporary file in %s to hold its records: %s", s->name, dir,
                   strerror(errno));
        goto fail;
    }
    rd.vcode = malloc((rd.nd ? rd.nd : 1) * sizeof *rd.vcode);
    if (!rd.vcode)
        goto nomem;
    raw_open(s, r);
    int got;
    while ((got = pk_csv_reader_next(r, err)) == 1) {
        long line = pk_csv_reader_line(r);
        if (sample_grow(s, &rd) || record_codes(s, r, &rd, line))
            goto nomem;
        if (rd.bcol >= 0 && record_base(s, r, o, &rd, line, err))
            goto fail;
        int st = spool_add(s, r, s->delim);
        if (st == -1)
            goto nomem;
        if (st == -2) {
            pk_err_set(err, PK_ERR_DATA, "%s: writing its temporary copy: %s", s->name, strerror(errno));
            goto fail;
        }
        s->n++;
    }
    if (got >= 0 && run_flush(s)) {
        pk_err_set(err, PK_ERR_DATA, "%s: writing its temporary copy: %s", s->name, strerror(errno));
        goto fail;
    }
    if (got < 0 || check_base(s, o, &rd, err) || check_sample(s, t, rd.d, rd.nd, rd.mt, o->missing_keep, err))
        goto fail;
    reading_free(&rd);
    return s;
nomem:
    pk_err_nomem(err);
fail:
    reading_free(&rd);
    pk_weight_sample_free(s);
    return NULL;
}

/* The spool read back a record at a time, through a buffer that holds
 * whole records (grown for a record longer than it). */
typedef struct spool_reader {
    FILE *f;
    char *buf;
    size_t cap, len, pos;
    int eof;
} spool_reader;

/* The next record: *p at its tag byte, its fields after it. A REC_PLAIN
 * record ends at its first NUL, a REC_FIELDS one at its ncols-th. 1 with
 * a record, 0 at the end, -1 on a read error or a damaged copy, -2 when
 * memory runs out. */
static int spool_next(spool_reader *sr, size_t ncols, const char **p)
{
    for (;;) {
        if (sr->pos < sr->len && sr->buf[sr->pos] == REC_RUN) {
            if (sr->len - sr->pos >= RUN_ENTRY) {
                *p = sr->buf + sr->pos;
                sr->pos += RUN_ENTRY;
                return 1;
            }
        } else if (sr->pos < sr->len) {
            const char *at = sr->buf + sr->pos, *end = sr->buf + sr->len;
            size_t want = *at == REC_PLAIN ? 1 : ncols;
            const char *q = at + 1;
            size_t got = 0;
            while (got < want && q < end) {
                const char *z = memchr(q, '\0', (size_t)(end - q));
                if (!z)
                    break;
                q = z + 1;
                got++;
            }
            if (got == want) {
                *p = at;
                sr->pos = (size_t)(q - sr->buf);
                return 1;
            }
        } else if (sr->eof) {
            return 0;
        }
        if (sr->eof)
            return -1;   /* a record cut short */
        /* Keep the partial record, then read more behind it. */
        memmove(sr->buf, sr->buf + sr->pos, sr->len - sr->pos);
        sr->len -= sr->pos;
        sr->pos = 0;
        if (sr->len == sr->cap && pk_util_grow((void **)&sr->buf, &sr->cap, sr->cap * 2, 1))
            return -2;
        size_t n = fread_unlocked(sr->buf + sr->len, 1, sr->cap - sr->len, sr->f);
        if (n == 0) {
            if (ferror(sr->f))
                return -1;
            sr->eof = 1;
        }
        sr->len += n;
    }
}

/* The buffers of the output pass's runs: the input's lines read again
 * (have bytes from the file's offset at), kept from one run to the next (a
 * line that a read of the first pass cut in two went the long way and
 * splits a run), and the output being built. */
typedef struct run_io {
    char *in, *out;
    size_t incap, outcap, have;
    long long at;
} run_io;

/* A run's lines: count whole lines of the input file from offset off, each
 * written back with its weight after it (w from record *i on). 0, -1 when
 * the file no longer has those lines, -2 when memory runs out. */
static int write_run(const pk_weight_sample *s, const double *w, size_t *i, long long off, long long count,
                     pk_csv_writer *wr, run_io *b)
{
    FILE *f = wr->f;
    size_t have = b->have, pos = 0, olen = 0;
    if (off >= b->at && off - b->at <= (long long)have) {
        pos = (size_t)(off - b->at);
    } else {
        have = 0;
        b->at = off;
    }
    for (long long done = 0; done < count;) {
        char *line = b->in + pos;
        char *nl = pos < have ? memchr(line, '\n', have - pos) : NULL;
        if (!nl) {
            /* Keep the partial line, and read more behind it. */
            memmove(b->in, line, have - pos);
            b->at += (long long)pos;
            have -= pos;
            pos = 0;
            if (have == b->incap && pk_util_grow((void **)&b->in, &b->incap, b->incap * 2, 1))
                return -2;
            ssize_t got = pread(s->rawfd, b->in + have, b->incap - have, (off_t)(b->at + (long long)have));
            if (got < 0 && errno == EINTR)
                continue;
            if (got <= 0)
                return -1;
            have += (size_t)got;
            continue;
        }
        size_t len = (size_t)(nl - line);
        pos += len + 1;
        done++;
        if (wr->delim != s->delim) {
            /* Written with another delimiter than it was read with. */
            fwrite_unlocked(b->out, 1, olen, f);
            olen = 0;
            for (const char *v = line, *d; v <= nl; v = d + 1) {
                d = memchr(v, s->delim, (size_t)(nl - v));
                d = d ? d : nl;
                pk_csv_writer_field_n(wr, v, (size_t)(d - v));
            }
            pk_csv_writer_double(wr, w[(*i)++], PK_DIGITS_WEIGHT);
            pk_csv_writer_end(wr);
            continue;
        }
        if (olen + len + PK_NUMBER_BUFSIZE + 2 > b->outcap) {
            if (fwrite_unlocked(b->out, 1, olen, f) != olen)
                return 0;   /* the output's error is found when it is committed */
            olen = 0;
            if (len + PK_NUMBER_BUFSIZE + 2 > b->outcap &&
                pk_util_grow((void **)&b->out, &b->outcap, len + PK_NUMBER_BUFSIZE + 2, 1))
                return -2;
        }
        memcpy(b->out + olen, line, len);
        olen += len;
        b->out[olen++] = s->delim;
        olen += strlen(pk_number_format(b->out + olen, w[(*i)++], PK_DIGITS_WEIGHT));
        b->out[olen++] = '\n';
    }
    fwrite_unlocked(b->out, 1, olen, f);
    b->have = have;   /* what is left may hold the next run */
    return 0;
}

int pk_weight_sample_write(pk_weight_sample *s, const double *w, pk_csv_writer *wr, pk_err *err)
{
    for (size_t c = 0; c < s->ncols; c++)
        pk_csv_writer_field(wr, s->colnames[c]);
    pk_csv_writer_field(wr, s->weight_name);
    pk_csv_writer_end(wr);
    spool_reader sr = {.f = s->spool, .cap = 1 << 20};
    if (fflush(s->spool) != 0 || fseeko(s->spool, 0, SEEK_SET) != 0)
        return pk_err_set(err, PK_ERR_DATA, "%s: reading its temporary copy: %s", s->name, strerror(errno));
    if (!(sr.buf = malloc(sr.cap)))
        return pk_err_nomem(err);
    const char *p;
    int got = 0;
    size_t i = 0;
    run_io rb = {NULL, NULL, 1 << 20, 1 << 18, 0, 0};
    if (s->rawfd >= 0 && !raw_unchanged(s))
        got = -3;
    while (got == 0 && i < s->n && (got = spool_next(&sr, s->ncols, &p)) == 1) {
        if (*p == REC_RUN) {
            long long off, count;
            memcpy(&off, p + 1, sizeof off);
            memcpy(&count, p + 1 + sizeof off, sizeof count);
            if (count < 1 || (unsigned long long)count > s->n - i || s->rawfd < 0)
                break;   /* a damaged copy */
            if ((!rb.in && !(rb.in = malloc(rb.incap))) || (!rb.out && !(rb.out = malloc(rb.outcap)))) {
                got = -2;
                break;
            }
            if ((got = write_run(s, w, &i, off, count, wr, &rb)) != 0) {
                got = got == -1 ? -3 : got;
                break;
            }
            got = 0;
            continue;
        }
        got = 0;
        if (*p++ == REC_PLAIN && wr->delim == s->delim) {
            size_t len = strlen(p);
            fwrite_unlocked(p, 1, len, wr->f);
            /* The writer's state after those fields. */
            wr->at_start = 0;
            wr->lone_empty = 0;
        } else if (p[-1] == REC_PLAIN) {
            /* Written with another delimiter than it was read with. */
            for (size_t c = 0; c < s->ncols; c++) {
                const char *end = c + 1 < s->ncols ? strchr(p, s->delim) : p + strlen(p);
                pk_csv_writer_field_n(wr, p, (size_t)(end - p));
                p = end + 1;
            }
        } else {
            for (size_t c = 0; c < s->ncols; c++) {
                size_t len = strlen(p);
                pk_csv_writer_field_n(wr, p, len);
                p += len + 1;
            }
        }
        pk_csv_writer_double(wr, w[i], PK_DIGITS_WEIGHT);
        pk_csv_writer_end(wr);
        i++;
    }
    free(sr.buf);
    free(rb.in);
    free(rb.out);
    if (got == -3 || (s->rawfd >= 0 && !raw_unchanged(s)))
        return pk_err_set(err, PK_ERR_DATA, "%s: the file changed while pollweight read it (its records are read "
                          "twice): weight a copy that nothing writes to", s->name);
    if (i < s->n) {
        if (got == -2)
            return pk_err_nomem(err);
        return pk_err_set(err, PK_ERR_DATA, "%s: its temporary copy is damaged or unreadable (%zu of %zu records read "
                          "back)", s->name, i, s->n);
    }
    return 0;
}
