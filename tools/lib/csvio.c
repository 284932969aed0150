/* CSV/TSV reading on libcsv and canonical writing; see csvio.h.
 *
 * libcsv never reports line numbers, keeps a BOM in the first field, trims
 * spaces, and hands out field pointers valid only inside its callback. So the
 * reader feeds it the input line by line, counting physical lines, strips the
 * BOM itself, turns trimming off, and copies each field into an arena. The
 * record callback queues finished records (a bare CR ends a record and a
 * line, as LF and CRLF do); pk_csv_reader_next pops them one at a time. */
#include "csvio.h"

#include <csv.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "colname.h"
#include "number.h"
#include "util.h"

#define READ_CHUNK (1u << 16)

struct field {
    size_t off, len;
};

struct rec {
    size_t first, n;
    long line;
    long long raw_off;        /* a whole plain line's place in the file (pk_csv_reader_record_raw) */
    size_t raw_len;           /* its bytes, line end included; 0: not known */
};

struct pk_csv_reader {
    FILE *f;
    int own_file;
    char *name;
    char delim;
    struct csv_parser parser;
    int parser_ready;

    char *chunk;              /* read buffer */
    long long chunk_off;      /* the file offset of chunk[0]; -1: the stream cannot seek */
    size_t chunk_got;         /* bytes in chunk */
    char *arena;              /* field bytes, each NUL-terminated */
    size_t alen, acap;
    struct field *fields;
    size_t nf, fcap;
    struct rec *recs;         /* queue of finished records */
    size_t nrec, rcap, rpos;
    size_t pending_first;     /* first field of the record being built */

    long line;                /* physical line now being fed, from 1 */
    long rec_start;           /* line where the record being built starts */
    int in_record;
    int check_fields;         /* validate each field (see fill) */
    int fast;                 /* split quote-free lines without libcsv */
    int no_header;            /* PK_READER_NO_HEADER */
    int at_row_start;         /* libcsv is between records (see feed_libcsv) */
    int cr_pending;           /* the last piece ended in CR: a line ends unless LF follows */
    unsigned long ended;      /* records ended by libcsv so far */
    int started;              /* first bytes seen (BOM handled) */
    int at_eof;
    int have_cur;
    const struct field *cur_f; /* the current record's fields, cur_n of them */
    size_t cur_n;

    int failed;               /* an error waits behind the queued records */
    pk_err deferred;
    long def_line, def_col;  /* where the deferred error is, or -1 */

    /* A reader fed records by another (pk_csv_reader_open_source). */
    pk_csv_source source;
    void *source_ctx;
    const char **src_fields;
    size_t *src_lens;

    char **cols;
    size_t ncols;
    pk_util_hindex colix;          /* column names by hash */
    long header_line;
    long nrecords;
};

/* Multi-byte part of the validator: s[i] is a non-ASCII byte. Returns the
 * length of the valid sequence starting there, or 0. */
static size_t utf8_seq(const unsigned char *s, size_t i, size_t len)
{
    unsigned char c = s[i];
    size_t n;
    uint32_t cp, min;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 1;
        cp = c & 0x1F;
        min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 2;
        cp = c & 0x0F;
        min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 3;
        cp = c & 0x07;
        min = 0x10000;
    } else {
        return 0;
    }
    if (i + n >= len)
        return 0;
    for (size_t k = 1; k <= n; k++) {
        if ((s[i + k] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return n + 1;
}

/* The offset of the first byte that is a NUL or not part of well-formed
 * UTF-8, or (size_t)-1. Fields are nearly always ASCII, so sixteen bytes
 * at a time (with SSE2), else eight, are checked for a high bit or a zero
 * byte first. */
static size_t text_invalid_at(const char *str, size_t len, int nul_is_bad)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    while (i < len) {
#ifdef __SSE2__
        if (i + 16 <= len) {
            __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
            int m = _mm_movemask_epi8(x);
            if (nul_is_bad)
                m |= _mm_movemask_epi8(_mm_cmpeq_epi8(x, _mm_setzero_si128()));
            if (!m) {
                i += 16;
                continue;
            }
        }
#endif
        if (i + 8 <= len) {
            uint64_t w;
            memcpy(&w, s + i, 8);
            uint64_t high = w & 0x8080808080808080ull;
            uint64_t zero = (w - 0x0101010101010101ull) & ~w & 0x8080808080808080ull;
            if (!high && !(nul_is_bad && zero)) {
                i += 8;
                continue;
            }
        }
        unsigned char c = s[i];
        if (c < 0x80) {
            if (c == 0 && nul_is_bad)
                return i;
            i++;
            continue;
        }
        size_t n = utf8_seq(s, i, len);
        if (n == 0)
            return i;
        i += n;
    }
    return (size_t)-1;
}

enum pk_csv_binary pk_csv_binary_kind(const unsigned char *h, size_t n, const char **what)
{
    *what = NULL;
    if (n >= 4 && memcmp(h, "$FL2", 4) == 0)
        *what = "an SPSS .sav file";
    else if (n >= 4 && memcmp(h, "$FL3", 4) == 0)
        *what = "an SPSS .zsav file";
    if (*what)
        return PK_CSV_BINARY_SPSS;
    /* Stata 4 to 13: a version byte, the byte order (1 or 2), the file
     * type (1) and a zero. No text file starts with those four bytes. */
    if ((n >= 11 && memcmp(h, "<stata_dta>", 11) == 0) ||
        (n >= 4 && h[0] >= 102 && h[0] <= 115 && (h[1] == 1 || h[1] == 2) && h[2] == 1 && h[3] == 0)) {
        *what = "a Stata .dta file";
        return PK_CSV_BINARY_STATA;
    }
    if (n >= 4 && memcmp(h, "PK\x03\x04", 4) == 0)
        *what = "a ZIP archive (an Excel .xlsx or OpenDocument spreadsheet?)";
    else if (n >= 8 && memcmp(h, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0)
        *what = "an old Microsoft Office file (an Excel .xls?)";
    else if (n >= 2 && h[0] == 0x1F && h[1] == 0x8B)
        *what = "a gzip-compressed file";
    else if (n >= 12 && memcmp(h + 8, "\xC2\xEA\x81\x60", 4) == 0)
        *what = "a SAS data set";
    return *what ? PK_CSV_BINARY_OTHER : PK_CSV_BINARY_NONE;
}

size_t pk_csv_utf8_invalid_at(const char *str, size_t len)
{
    return text_invalid_at(str, len, 0);
}

/* An error found while parsing waits behind the records queued before it.
 * The column is named when the error is reported, since the header's names
 * may not be known yet while the first read is parsed. */
static void defer_error_at(pk_csv_reader *r, long line, long col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void defer_error_at(pk_csv_reader *r, long line, long col, const char *fmt, ...)
{
    if (r->failed)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->deferred.msg, sizeof r->deferred.msg, fmt, ap);
    va_end(ap);
    r->deferred.status = PK_ERR_DATA;
    r->def_line = line;
    r->def_col = col;
    r->failed = 1;
}

#define defer_error(r, ...) defer_error_at((r), -1, -1, __VA_ARGS__)

static void report_deferred(const pk_csv_reader *r, pk_err *err)
{
    if (r->def_line < 0) {
        pk_err_set(err, r->deferred.status, "%s", r->deferred.msg);
    } else if (r->def_col >= 0 && r->cols && (size_t)r->def_col < r->ncols && r->cols[r->def_col][0]) {
        pk_err_set(err, r->deferred.status, "%s:%ld:%s: %s", r->name, r->def_line,
                   r->cols[r->def_col], r->deferred.msg);
    } else {
        pk_err_set(err, r->deferred.status, "%s:%ld:field %ld: %s", r->name, r->def_line,
                   r->def_col + 1, r->deferred.msg);
    }
}

static void on_field(void *data, size_t len, void *ctx)
{
    pk_csv_reader *r = ctx;
    if (r->failed)
        return;
    if (!r->in_record) {
        r->in_record = 1;
        r->rec_start = r->line;
    }
    long idx = (long)(r->nf - r->pending_first);
    size_t bad = r->check_fields ? text_invalid_at(data, len, 1) : (size_t)-1;
    if (bad != (size_t)-1 && ((const char *)data)[bad] == '\0') {
        defer_error_at(r, r->rec_start, idx, "NUL byte in field");
        return;
    }
    if (bad != (size_t)-1) {
        defer_error_at(r, r->rec_start, idx, "invalid UTF-8 (byte 0x%02x at offset %zu of the field)",
                       ((unsigned char *)data)[bad], bad + 1);
        return;
    }
    if ((r->alen + len + 1 > r->acap && pk_util_grow((void **)&r->arena, &r->acap, r->alen + len + 1, 1)) ||
        (r->nf + 1 > r->fcap && pk_util_grow((void **)&r->fields, &r->fcap, r->nf + 1, sizeof *r->fields))) {
        defer_error(r, "%s:%ld: out of memory", r->name, r->rec_start);
        return;
    }
    char *dst = r->arena + r->alen;
    memcpy(dst, data, len);
    dst[len] = '\0';
    r->fields[r->nf].off = r->alen;
    r->fields[r->nf].len = len;
    r->nf++;
    r->alen += len + 1;
}

static void on_record(int c, void *ctx)
{
    (void)c;
    pk_csv_reader *r = ctx;
    if (r->failed)
        return;
    if (pk_util_grow((void **)&r->recs, &r->rcap, r->nrec + 1, sizeof *r->recs)) {
        defer_error(r, "%s:%ld: out of memory", r->name, r->rec_start);
        return;
    }
    r->recs[r->nrec].first = r->pending_first;
    r->recs[r->nrec].n = r->nf - r->pending_first;
    r->recs[r->nrec].line = r->rec_start;
    r->recs[r->nrec].raw_len = 0;
    r->nrec++;
    r->pending_first = r->nf;
    r->in_record = 0;
    r->ended++;
}

/* Drop consumed records and their fields, keeping a record still being
 * built (its fields may span many reads). */
static void compact(pk_csv_reader *r)
{
    size_t keep_from = r->pending_first;
    size_t nkeep = r->nf - keep_from;
    size_t byte0 = nkeep ? r->fields[keep_from].off : r->alen;
    if (byte0 > 0 && r->alen > byte0)
        memmove(r->arena, r->arena + byte0, r->alen - byte0);
    r->alen -= byte0;
    for (size_t i = 0; i < nkeep; i++) {
        r->fields[i] = r->fields[keep_from + i];
        r->fields[i].off -= byte0;
    }
    r->nf = nkeep;
    r->pending_first = 0;
    r->nrec = 0;
    r->rpos = 0;
    r->have_cur = 0;
    r->cur_n = 0;
}

static void parse_error(pk_csv_reader *r)
{
    long at = r->in_record ? r->rec_start : r->line;
    int e = csv_error(&r->parser);
    if (e == CSV_EPARSE)
        defer_error(r, "%s:%ld: malformed quoting: a quote inside an unquoted field, "
                       "or text after a closing quote", r->name, at);
    else
        defer_error(r, "%s:%ld: %s", r->name, at, csv_strerror(e));
}

/* A field of the line being split, its bytes already in the arena at off. */
static int add_field(pk_csv_reader *r, size_t off, size_t len)
{
    if (r->nf + 1 > r->fcap && pk_util_grow((void **)&r->fields, &r->fcap, r->nf + 1, sizeof *r->fields)) {
        defer_error(r, "%s:%ld: out of memory", r->name, r->rec_start);
        return -1;
    }
    r->fields[r->nf].off = off;
    r->fields[r->nf].len = len;
    r->nf++;
    return 0;
}

/* A whole line (without its line end) that holds no quote and no CR, fed
 * while libcsv is between records: split it at the delimiters, exactly as
 * libcsv would, and hand the fields and the record to the same callbacks.
 * Its place in a seekable file is noted: raw bytes in all, line end included.
 * Unless its fields must be checked one by one, the line is copied into
 * the arena at once and each delimiter there becomes its field's NUL (the
 * arena as on_field leaves it), found sixteen bytes at a time: a call of
 * memchr and of memcpy per field were a quarter of a reader's time. */
static void split_plain_line(pk_csv_reader *r, const char *s, size_t end, size_t raw)
{
    size_t nrec = r->nrec;
    r->in_record = 1;
    r->rec_start = r->line;
    if (r->check_fields || r->failed) {
        const char *f = s, *stop = s + end;
        for (;;) {
            const char *d = memchr(f, r->delim, (size_t)(stop - f));
            on_field((void *)f, d ? (size_t)(d - f) : (size_t)(stop - f), r);
            if (!d)
                break;
            f = d + 1;
        }
    } else {
        if (r->alen + end + 1 > r->acap && pk_util_grow((void **)&r->arena, &r->acap, r->alen + end + 1, 1)) {
            defer_error(r, "%s:%ld: out of memory", r->name, r->rec_start);
            return;
        }
        char *dst = r->arena + r->alen, delim = r->delim;
        memcpy(dst, s, end);
        dst[end] = '\0';
        size_t from = 0, i = 0;
#ifdef __SSE2__
        const __m128i vd = _mm_set1_epi8(delim);
        for (; i + 16 <= end; i += 16) {
            unsigned m = (unsigned)_mm_movemask_epi8(
                _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(const void *)(dst + i)), vd));
            for (; m; m &= m - 1) {
                size_t at = i + (size_t)__builtin_ctz(m);
                dst[at] = '\0';
                if (add_field(r, r->alen + from, at - from))
                    return;
                from = at + 1;
            }
        }
#endif
        for (; i < end; i++) {
            if (dst[i] == delim) {
                dst[i] = '\0';
                if (add_field(r, r->alen + from, i - from))
                    return;
                from = i + 1;
            }
        }
        if (add_field(r, r->alen + from, end - from))
            return;
        r->alen += end + 1;
    }
    on_record('\n', r);
    if (r->nrec > nrec && r->chunk_off >= 0) {
        r->recs[nrec].raw_off = r->chunk_off + (long long)(s - r->chunk);
        r->recs[nrec].raw_len = raw;
    }
}

/* The offset of the first LF, CR or quote in s, or len. */
static size_t first_special(const char *s, size_t len)
{
    size_t i = 0;
#ifdef __SSE2__
    const __m128i n = _mm_set1_epi8('\n'), c = _mm_set1_epi8('\r'), q = _mm_set1_epi8('"');
    for (; i + 16 <= len; i += 16) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
        int m = _mm_movemask_epi8(
            _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, n), _mm_cmpeq_epi8(x, c)), _mm_cmpeq_epi8(x, q)));
        if (m)
            return i + (size_t)__builtin_ctz((unsigned)m);
    }
#endif
    for (; i < len; i++)
        if (s[i] == '\n' || s[i] == '\r' || s[i] == '"')
            return i;
    return len;
}

static int is_term(char c)
{
    return c == '\r' || c == '\n';
}

/* Feed one piece to libcsv, in which a CR or LF can only stand at the end,
 * and work out whether libcsv is between records afterwards, which libcsv
 * does not say: a piece of line ends alone leaves it where it was, unless it
 * ended a record; a piece with text ending in a line end leaves it between
 * records exactly when that line end ended a record (inside quotes it does
 * not); a piece cut by the end of a read leaves it inside a record. */
static void feed_piece(pk_csv_reader *r, const char *s, size_t len)
{
    if (len == 0)
        return;
    unsigned long before = r->ended;
    if (csv_parse(&r->parser, s, len, on_field, on_record, r) != len && !r->failed)
        parse_error(r);
    int ended = r->ended != before;
    int only_terms = 1;
    for (size_t i = 0; i < len && only_terms; i++)
        only_terms = is_term(s[i]);
    if (only_terms)
        r->at_row_start = r->at_row_start || ended;
    else if (is_term(s[len - 1]))
        r->at_row_start = ended;
    else
        r->at_row_start = 0;
}

/* Feed a line (or the part of one that a read holds) to libcsv, cut after
 * each bare CR, which ends a record as a line end does. */
static void feed_libcsv(pk_csv_reader *r, const char *s, size_t len)
{
    size_t from = 0;
    for (size_t i = 0; i < len && !r->failed; i++) {
        if (s[i] == '\r' && i + 1 < len && s[i + 1] != '\n') {
            feed_piece(r, s + from, i + 1 - from);
            from = i + 1;
        }
    }
    if (!r->failed)
        feed_piece(r, s + from, len - from);
}

/* A bare CR (old Mac line ends) ends a line as LF and CRLF do: lines are
 * counted at each, so messages name the line an editor shows. */
static void feed(pk_csv_reader *r, const char *s, size_t len)
{
    if (len > 0 && r->cr_pending) {
        r->cr_pending = 0;
        if (s[0] != '\n')
            r->line++;
    }
    while (len > 0 && !r->failed) {
        /* Most lines: no quote and no CR before their LF, found in one scan. */
        if (r->fast && r->at_row_start && !r->in_record) {
            size_t e = first_special(s, len);
            if (e < len && s[e] == '\n') {
                if (e > 0)   /* libcsv skips blank lines */
                    split_plain_line(r, s, e, e + 1);
                r->line++;
                s += e + 1;
                len -= e + 1;
                continue;
            }
        }
        const char *nl = memchr(s, '\n', len);
        size_t seg = nl ? (size_t)(nl - s) + 1 : len;
        /* Up to and with the first bare CR, if one comes first. */
        int bare = 0;
        for (const char *cr = memchr(s, '\r', seg); cr; cr = memchr(cr + 1, '\r', seg - (size_t)(cr + 1 - s))) {
            size_t at = (size_t)(cr - s);
            if (at + 1 < len && s[at + 1] != '\n') {
                seg = at + 1;
                nl = NULL;
                bare = 1;
                break;
            }
            if (at + 1 == len) {
                r->cr_pending = 1;   /* decided by the next piece */
                break;
            }
            if (at + 1 >= seg)
                break;
        }
        if (r->fast && nl && r->at_row_start && !r->in_record) {
            size_t end = seg - 1;
            if (end > 0 && s[end - 1] == '\r')
                end--;
            if (!memchr(s, '"', end) && !memchr(s, '\r', end)) {
                if (end > 0)   /* libcsv skips blank lines */
                    split_plain_line(r, s, end, seg);
                r->line++;
                s += seg;
                len -= seg;
                continue;
            }
        }
        if (!r->in_record) {
            for (size_t i = 0; i < seg; i++) {
                if (s[i] != '\r' && s[i] != '\n') {
                    r->in_record = 1;
                    r->rec_start = r->line;
                    break;
                }
            }
        }
        feed_libcsv(r, s, seg);
        if (nl || bare)
            r->line++;
        s += seg;
        len -= seg;
    }
}

/* The source's next record, queued as if it had been parsed. */
static void pull_source(pk_csv_reader *r)
{
    pk_err e;
    pk_err_clear(&e);
    long line = 0;
    int got = r->source(r->source_ctx, r->src_fields, r->src_lens, &line, &e);
    if (got < 0) {
        r->deferred = e;
        r->def_line = -1;
        r->failed = 1;
        return;
    }
    if (got == 0) {
        r->at_eof = 1;
        return;
    }
    r->in_record = 1;
    r->rec_start = line;
    for (size_t i = 0; i < r->ncols; i++)
        on_field((void *)r->src_fields[i], r->src_lens[i], r);
    on_record(0, r);
}

/* Read and parse until at least one record is queued, the input ends, or
 * an error is deferred. */
static void fill(pk_csv_reader *r)
{
    compact(r);
    while (r->nrec == 0 && !r->at_eof && !r->failed) {
        if (r->source) {
            pull_source(r);
            continue;
        }
        if (r->chunk_off >= 0)
            r->chunk_off += (long long)r->chunk_got;
        size_t got = fread(r->chunk, 1, READ_CHUNK, r->f);
        r->chunk_got = got;
        if (got == 0) {
            if (ferror(r->f)) {
                defer_error(r, "%s: read error: %s", r->name, strerror(errno));
                return;
            }
            r->at_eof = 1;
            if (csv_fini(&r->parser, on_field, on_record, r) != 0 && !r->failed) {
                if (csv_error(&r->parser) == CSV_EPARSE)
                    defer_error(r, "%s:%ld: unterminated quoted field: the quote opened "
                                   "in the record starting on this line is never closed",
                                r->name, r->rec_start);
                else
                    parse_error(r);
            }
            return;
        }
        const char *p = r->chunk, *binary;
        if (!r->started) {
            r->started = 1;
            /* A BOM split across reads would need a second read; the
             * chunk is far larger than 3 bytes, so only a tiny input can
             * end inside one, and then it is not a BOM. */
            if (got >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) {
                p += 3;
                got -= 3;
            } else if (pk_csv_binary_kind((const unsigned char *)p, got < 16 ? got : 16, &binary)) {
                defer_error(r, "%s: this is %s, not CSV text", r->name, binary);
                return;
            } else if (got >= 2 && (memcmp(p, "\xFF\xFE", 2) == 0 || memcmp(p, "\xFE\xFF", 2) == 0)) {
                /* Spreadsheets save "Unicode text" as UTF-16: say so. */
                defer_error(r, "%s:1: the input is UTF-16, not UTF-8 (it starts with a UTF-16 "
                               "byte order mark): convert it first, e.g. with "
                               "iconv -f UTF-16 -t UTF-8", r->name);
                return;
            }
        }
        /* Whole reads are checked for NULs and bad UTF-8 at once; fields
         * are checked one by one (to name the column) only in a read that
         * failed, or one a record from such a read runs on into. A
         * character cut by the end of a read fails its read too. */
        if (!r->in_record)
            r->check_fields = 0;
        if (text_invalid_at(p, got, 1) != (size_t)-1)
            r->check_fields = 1;
        feed(r, p, got);
    }
}

static int space_never(unsigned char c)
{
    (void)c;
    return 0;
}

/* Pop the next record into the current position: 1, 0 at end, -1 error. */
static int next_raw(pk_csv_reader *r, pk_err *err)
{
    if (r->have_cur) {
        r->rpos++;
        r->have_cur = 0;
        r->cur_n = 0;
    }
    if (r->rpos >= r->nrec) {
        if (r->failed) {
            report_deferred(r, err);
            return -1;
        }
        fill(r);
        if (r->nrec == 0) {
            if (r->failed) {
                report_deferred(r, err);
                return -1;
            }
            return 0;
        }
    }
    r->have_cur = 1;
    r->cur_f = r->fields + r->recs[r->rpos].first;
    r->cur_n = r->recs[r->rpos].n;
    return 1;
}

/* A reader on f; or, with src, on a source whose header is src->cols. */
static pk_csv_reader *reader_new(FILE *f, int own, const char *name, char delim, unsigned flags,
                                 const pk_csv_reader *src, pk_err *err)
{
    pk_csv_reader *r = calloc(1, sizeof *r);
    if (!r) {
        pk_err_set(err, PK_ERR_NOMEM, "%s: out of memory", name);
        if (own)
            fclose(f);
        return NULL;
    }
    r->f = f;
    r->own_file = own;
    r->delim = delim;
    r->line = 1;
    r->fast = !(flags & PK_READER_LIBCSV_ONLY);
    r->no_header = (flags & PK_READER_NO_HEADER) != 0;
    r->at_row_start = 1;
    r->name = strdup(name);
    r->chunk = malloc(READ_CHUNK);
    r->chunk_off = f ? (long long)ftello(f) : -1;
    if (!r->name || !r->chunk ||
        csv_init(&r->parser, CSV_STRICT | CSV_STRICT_FINI) != 0) {
        pk_err_set(err, PK_ERR_NOMEM, "%s: out of memory", name);
        pk_csv_reader_close(r);
        return NULL;
    }
    r->parser_ready = 1;
    csv_set_delim(&r->parser, (unsigned char)delim);
    csv_set_space_func(&r->parser, space_never);
    if (r->no_header)
        return r;
    if (src) {
        /* The header, queued as the first record. */
        r->source = src->source;
        r->source_ctx = src->source_ctx;
        r->ncols = src->ncols;
        r->src_fields = calloc(r->ncols ? r->ncols : 1, sizeof *r->src_fields);
        r->src_lens = calloc(r->ncols ? r->ncols : 1, sizeof *r->src_lens);
        if (!r->src_fields || !r->src_lens) {
            pk_err_set(err, PK_ERR_NOMEM, "%s: out of memory", name);
            pk_csv_reader_close(r);
            return NULL;
        }
        r->in_record = 1;
        r->rec_start = 1;
        for (size_t i = 0; i < src->ncols; i++)
            on_field(src->cols[i], strlen(src->cols[i]), r);
        on_record(0, r);
        r->ncols = 0;
    }

    int got = next_raw(r, err);
    if (got < 0) {
        pk_csv_reader_close(r);
        return NULL;
    }
    if (got == 0) {
        pk_err_set(err, PK_ERR_DATA, "%s:1: empty input: no header line", r->name);
        pk_csv_reader_close(r);
        return NULL;
    }
    const struct rec *h = &r->recs[r->rpos];
    r->header_line = h->line;
    r->ncols = h->n;
    r->cols = calloc(h->n ? h->n : 1, sizeof *r->cols);
    if (!r->cols) {
        pk_err_set(err, PK_ERR_NOMEM, "%s: out of memory", r->name);
        pk_csv_reader_close(r);
        return NULL;
    }
    for (size_t i = 0; i < h->n; i++) {
        r->cols[i] = strdup(r->arena + r->fields[h->first + i].off);
        if (!r->cols[i]) {
            pk_err_set(err, PK_ERR_NOMEM, "%s: out of memory", r->name);
            pk_csv_reader_close(r);
            return NULL;
        }
    }
    /* Hashed, so that a header of a million columns is checked in a
     * moment rather than in hours. */
    for (size_t i = 0; i < r->ncols; i++) {
        uint64_t hash = pk_util_hash(r->cols[i], strlen(r->cols[i]));
        size_t slot = 0, j;
        while (r->cols[i][0] && (j = pk_util_hindex_next(&r->colix, hash, &slot)) != SIZE_MAX) {
            if (strcmp(r->cols[i], r->cols[j]) == 0) {
                char q[128];
                pk_err_set(err, PK_ERR_DATA,
                           "%s:%ld: column name '%s' appears twice in the header (columns %zu and %zu)",
                           r->name, r->header_line,
                           pk_err_quote(q, sizeof q, r->cols[i], strlen(r->cols[i])), j + 1, i + 1);
                pk_csv_reader_close(r);
                return NULL;
            }
        }
        if (pk_util_hindex_add(&r->colix, hash, i)) {
            pk_err_set(err, PK_ERR_NOMEM, "%s: out of memory", r->name);
            pk_csv_reader_close(r);
            return NULL;
        }
    }
    return r;
}

pk_csv_reader *pk_csv_reader_open_stream(FILE *f, const char *name, char delim, pk_err *err)
{
    return reader_new(f, 0, name, delim, 0, NULL, err);
}

pk_csv_reader *pk_csv_reader_open_stream_flags(FILE *f, const char *name, char delim, unsigned flags,
                                       pk_err *err)
{
    return reader_new(f, 0, name, delim, flags, NULL, err);
}

pk_csv_reader *pk_csv_reader_open_source(const char *name, char *const *colnames, size_t ncols,
                                         pk_csv_source next, void *ctx, pk_err *err)
{
    pk_csv_reader src;
    memset(&src, 0, sizeof src);
    src.source = next;
    src.source_ctx = ctx;
    src.cols = (char **)colnames;
    src.ncols = ncols;
    return reader_new(NULL, 0, name, ',', 0, &src, err);
}

pk_csv_reader *pk_csv_reader_open_flags(const char *path, char delim, unsigned flags,
                                        pk_err *err)
{
    if (!path || strcmp(path, "-") == 0)
        return reader_new(stdin, 0, "<stdin>", delim, flags, NULL, err);
    FILE *f = fopen(path, "rb");
    if (!f) {
        pk_err_set(err, PK_ERR_DATA, "%s: %s", path, strerror(errno));
        return NULL;
    }
    return reader_new(f, 1, path, delim, flags, NULL, err);
}

pk_csv_reader *pk_csv_reader_open(const char *path, char delim, pk_err *err)
{
    return pk_csv_reader_open_flags(path, delim, 0, err);
}

void pk_csv_reader_close(pk_csv_reader *r)
{
    if (!r)
        return;
    if (r->parser_ready)
        csv_free(&r->parser);
    if (r->own_file && r->f)
        fclose(r->f);
    if (r->cols) {
        for (size_t i = 0; i < r->ncols; i++)
            free(r->cols[i]);
        free(r->cols);
    }
    pk_util_hindex_free(&r->colix);
    free(r->src_fields);
    free(r->src_lens);
    free(r->name);
    free(r->chunk);
    free(r->arena);
    free(r->fields);
    free(r->recs);
    free(r);
}

static void (*progress_hook)(const char *, long);

void pk_csv_reader_progress_hook(void (*hook)(const char *name, long records))
{
    progress_hook = hook;
}

void pk_csv_reader_progress(const char *name, long records)
{
    if ((records & 0xFFFF) == 0 && progress_hook)
        progress_hook(name, records);
}

int pk_csv_reader_next(pk_csv_reader *r, pk_err *err)
{
    int got = next_raw(r, err);
    if (got <= 0)
        return got;
    const struct rec *c = &r->recs[r->rpos];
    if (c->n != r->ncols && !r->no_header) {
        pk_err_set(err, PK_ERR_DATA, "%s:%ld: record has %zu field%s, the header has %zu",
                   r->name, c->line, c->n, c->n == 1 ? "" : "s", r->ncols);
        r->have_cur = 0;
        r->cur_n = 0;
        return -1;
    }
    r->nrecords++;
    pk_csv_reader_progress(r->name, r->nrecords);
    return 1;
}

size_t pk_csv_reader_nfields(const pk_csv_reader *r)
{
    return r->cur_n;
}

const char *pk_csv_reader_field(const pk_csv_reader *r, size_t i)
{
    return i < r->cur_n ? r->arena + r->cur_f[i].off : NULL;
}

const char *pk_csv_reader_record_span(const pk_csv_reader *r, size_t *len)
{
    if (r->cur_n == 0) {
        *len = 0;
        return NULL;
    }
    /* on_field appends each field and its NUL to the arena in order, so a
     * record's fields are contiguous. */
    const struct field *last = &r->cur_f[r->cur_n - 1];
    *len = last->off + last->len + 1 - r->cur_f[0].off;
    return r->arena + r->cur_f[0].off;
}

int pk_csv_reader_record_raw(const pk_csv_reader *r, long long *off, size_t *len)
{
    if (!r->have_cur || r->recs[r->rpos].raw_len == 0)
        return 0;
    *off = r->recs[r->rpos].raw_off;
    *len = r->recs[r->rpos].raw_len;
    return 1;
}

FILE *pk_csv_reader_stream(const pk_csv_reader *r)
{
    return r->f;
}

size_t pk_csv_reader_field_len(const pk_csv_reader *r, size_t i)
{
    return i < r->cur_n ? r->cur_f[i].len : 0;
}

long pk_csv_reader_line(const pk_csv_reader *r)
{
    return r->have_cur ? r->recs[r->rpos].line : r->line;
}

size_t pk_csv_reader_ncols(const pk_csv_reader *r)
{
    return r->ncols;
}

const char *pk_csv_reader_colname(const pk_csv_reader *r, size_t i)
{
    return i < r->ncols ? r->cols[i] : NULL;
}

long pk_csv_reader_col(const pk_csv_reader *r, const char *name)
{
    uint64_t hash = pk_util_hash(name, strlen(name));
    size_t slot = 0, i, first = SIZE_MAX;
    while ((i = pk_util_hindex_next(&r->colix, hash, &slot)) != SIZE_MAX)
        if (i < first && strcmp(r->cols[i], name) == 0)
            first = i;
    return first == SIZE_MAX ? -1 : (long)first;
}

static const char *colname_at(const void *r, size_t i)
{
    return pk_csv_reader_colname(r, i);
}

const char *pk_csv_reader_hint(const pk_csv_reader *r, const char *name, char *buf, size_t bufsize)
{
    return pk_colname_hint_of(buf, bufsize, name, r, r->ncols, colname_at);
}

long pk_csv_reader_header_line(const pk_csv_reader *r)
{
    return r->header_line;
}

const char *pk_csv_reader_name(const pk_csv_reader *r)
{
    return r->name;
}

long pk_csv_reader_records(const pk_csv_reader *r)
{
    return r->nrecords;
}

void pk_csv_writer_init(pk_csv_writer *w, FILE *f, char delim)
{
    w->f = f;
    w->delim = delim;
    w->at_start = 1;
    w->lone_empty = 0;
    memset(w->memo, 0, sizeof w->memo);
}

/* Whether any byte of w equals c: the zero-byte test on w ^ c...c. */
static uint64_t has_byte(uint64_t w, unsigned char c)
{
    uint64_t x = w ^ (0x0101010101010101ull * c);
    return (x - 0x0101010101010101ull) & ~x & 0x8080808080808080ull;
}

/* Whether a field holds the delimiter, a quote or a line end, looked for
 * sixteen bytes at a time where the processor has SSE2 (every x86-64),
 * else eight: writing is most of what some programs do, and a support
 * table repeats each question's wording on each of its rows. The last
 * bytes are looked at as one more block ending at the field's end, which
 * overlaps the one before: nothing is read outside the field, and no
 * field of 8 bytes or more is looked at a byte at a time. */
static int needs_quotes(const char *s, size_t len, char delim)
{
    if (len < 8) {
        for (size_t i = 0; i < len; i++)
            if (s[i] == delim || s[i] == '"' || s[i] == '\n' || s[i] == '\r')
                return 1;
        return 0;
    }
#ifdef __SSE2__
    if (len >= 16) {
        const __m128i d = _mm_set1_epi8(delim), q = _mm_set1_epi8('"'), n = _mm_set1_epi8('\n'),
                      r = _mm_set1_epi8('\r');
        for (size_t i = 0;; i += 16) {
            if (i + 16 > len)
                i = len - 16;
            __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
            __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, d), _mm_cmpeq_epi8(x, q)),
                                       _mm_or_si128(_mm_cmpeq_epi8(x, n), _mm_cmpeq_epi8(x, r)));
            if (_mm_movemask_epi8(hit))
                return 1;
            if (i + 16 == len)
                return 0;
        }
    }
#endif
    for (size_t i = 0;; i += 8) {
        if (i + 8 > len)
            i = len - 8;
        uint64_t w;
        memcpy(&w, s + i, 8);
        if (has_byte(w, (unsigned char)delim) | has_byte(w, '"') | has_byte(w, '\n') | has_byte(w, '\r'))
            return 1;
        if (i + 8 == len)
            return 0;
    }
}

/* n bytes into the stream. Most fields are short, and a call of fwrite,
 * or of putc for each byte, costs more than copying them: where the C
 * library is glibc and the stream's buffer has room, they are copied into
 * it, as glibc's own putc_unlocked does with each byte (a line-buffered or
 * unbuffered stream never shows room, so it takes fwrite's way). */
static void emit(FILE *f, const char *s, size_t n)
{
    if (n == 0)
        return;     /* (a stream not yet written to has no buffer at all) */
#ifdef __GLIBC__
    if ((size_t)(f->_IO_write_end - f->_IO_write_ptr) >= n) {
        memcpy(f->_IO_write_ptr, s, n);
        f->_IO_write_ptr += n;
        return;
    }
#endif
    fwrite_unlocked(s, 1, n, f);
}

/* A field known to need no quotes, written as it is. */
static void field_plain(pk_csv_writer *w, const char *s, size_t len)
{
    if (!w->at_start)
        putc_unlocked(w->delim, w->f);
    w->lone_empty = w->at_start && len == 0;
    w->at_start = 0;
    emit(w->f, s, len);
}

void pk_csv_writer_field_n(pk_csv_writer *w, const char *s, size_t len)
{
    /* A value starting with U+FEFF is quoted: unquoted at the start of a
     * file it would be read back as a byte order mark and dropped. */
    int quote = (len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) || needs_quotes(s, len, w->delim);
    if (!quote) {
        field_plain(w, s, len);
        return;
    }
    if (!w->at_start)
        putc_unlocked(w->delim, w->f);
    w->lone_empty = 0;
    w->at_start = 0;
    /* Quoted: the runs between quotes written whole, each quote doubled. */
    putc_unlocked('"', w->f);
    const char *end = s + len, *qt;
    while ((qt = memchr(s, '"', (size_t)(end - s))) != NULL) {
        emit(w->f, s, (size_t)(qt + 1 - s));
        putc_unlocked('"', w->f);
        s = qt + 1;
    }
    emit(w->f, s, (size_t)(end - s));
    putc_unlocked('"', w->f);
}

/* Whether a record's text holds a quote or a line end, counting its
 * delimiters in *ndelim: one look at the whole record instead of one per
 * field (a clean record is mostly short codes). */
static int record_special(const char *s, size_t len, char delim, size_t *ndelim)
{
    size_t i = 0, nd = 0;
#ifdef __SSE2__
    const __m128i d = _mm_set1_epi8(delim), q = _mm_set1_epi8('"'), n = _mm_set1_epi8('\n'),
                  r = _mm_set1_epi8('\r');
    for (; i + 16 <= len; i += 16) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
        __m128i hit = _mm_or_si128(_mm_cmpeq_epi8(x, q), _mm_or_si128(_mm_cmpeq_epi8(x, n), _mm_cmpeq_epi8(x, r)));
        if (_mm_movemask_epi8(hit))
            return 1;
        nd += (size_t)__builtin_popcount((unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, d)));
    }
#endif
    for (; i < len; i++) {
        if (s[i] == '"' || s[i] == '\n' || s[i] == '\r')
            return 1;
        nd += s[i] == delim;
    }
    *ndelim = nd;
    return 0;
}

void pk_csv_writer_record(pk_csv_writer *w, const char *const *s, const size_t *len, size_t n)
{
    /* Built in one buffer and written with one call: a call of fwrite per
     * field was a fifth of pollclean's time. A record that may not fit
     * (every byte doubled, each field quoted) goes field by field. */
    char buf[4096];
    size_t need = 2;
    for (size_t i = 0; i < n && need <= sizeof buf; i++)
        need += 2 * len[i] + 3;
    if (!w->at_start || need > sizeof buf) {
        for (size_t i = 0; i < n; i++)
            pk_csv_writer_field_n(w, s[i], len[i]);
        pk_csv_writer_end(w);
        return;
    }
    /* First as if no field needed quotes; that holds when the record has
     * no quote or line end, only the delimiters put between its fields,
     * and no field starts with U+FEFF. */
    size_t o = 0, nd;
    int bom = 0;
    for (size_t i = 0; i < n; i++) {
        if (i)
            buf[o++] = w->delim;
        memcpy(buf + o, s[i], len[i]);
        o += len[i];
        bom |= len[i] >= 3 && memcmp(s[i], "\xEF\xBB\xBF", 3) == 0;
    }
    int slow = bom || record_special(buf, o, w->delim, &nd) || nd != (n ? n - 1 : 0);
    if (slow)
        o = 0;
    for (size_t i = 0; i < n && slow; i++) {
        const char *f = s[i];
        size_t l = len[i];
        if (i)
            buf[o++] = w->delim;
        if (!(l >= 3 && memcmp(f, "\xEF\xBB\xBF", 3) == 0) && !needs_quotes(f, l, w->delim)) {
            memcpy(buf + o, f, l);
            o += l;
            continue;
        }
        buf[o++] = '"';
        for (size_t k = 0; k < l; k++) {
            if (f[k] == '"')
                buf[o++] = '"';
            buf[o++] = f[k];
        }
        buf[o++] = '"';
    }
    /* As pk_csv_writer_end: a lone empty field is written "". */
    if (n == 1 && len[0] == 0) {
        buf[o++] = '"';
        buf[o++] = '"';
    }
    buf[o++] = '\n';
    fwrite_unlocked(buf, 1, o, w->f);
}

void pk_csv_writer_field(pk_csv_writer *w, const char *s)
{
    pk_csv_writer_field_n(w, s ? s : "", s ? strlen(s) : 0);
}

/* A number, written as a field: digits, '.', '-', 'e', "inf" or nothing,
 * never a comma, a tab, a quote or a line end, so with those delimiters it
 * is written without the look for them (a support table of 999 groups
 * writes 700,000 numbers). */
static void field_number(pk_csv_writer *w, const char *s, size_t len)
{
    if (w->delim == ',' || w->delim == '\t')
        field_plain(w, s, len);
    else
        pk_csv_writer_field_n(w, s, len);
}

void pk_csv_writer_double(pk_csv_writer *w, double v, int digits)
{
    /* The text is a function of the value's bits and the digits alone, so
     * one written lately is written again as it was. */
    _Static_assert(sizeof w->memo[0].text >= PK_NUMBER_BUFSIZE, "memo text too short");
    if (digits < 1)
        digits = 1;     /* as pk_number_format takes it; 0 marks an empty slot */
    unsigned long long bits;
    memcpy(&bits, &v, sizeof bits);
    unsigned long long h = (bits ^ (bits >> 29) ^ (bits >> 47) ^ (unsigned long long)digits) * 0x9E3779B97F4A7C15ull;
    size_t slot = (size_t)(h >> 58);
    if (w->memo[slot].digits != digits || w->memo[slot].bits != bits) {
        pk_number_format(w->memo[slot].text, v, digits);
        w->memo[slot].bits = bits;
        w->memo[slot].digits = digits;
        w->memo[slot].len = (int)strlen(w->memo[slot].text);
    }
    field_number(w, w->memo[slot].text, (size_t)w->memo[slot].len);
}

void pk_csv_writer_long(pk_csv_writer *w, long v)
{
    /* The digits from the end, as "%ld" writes them, without its parse
     * of a format (counts fill whole columns of a support table). */
    char buf[24], *p = buf + sizeof buf;
    unsigned long u = v < 0 ? 0ul - (unsigned long)v : (unsigned long)v;
    do
        *--p = (char)('0' + u % 10);
    while ((u /= 10) != 0);
    if (v < 0)
        *--p = '-';
    field_number(w, p, (size_t)(buf + sizeof buf - p));
}

void pk_csv_writer_end(pk_csv_writer *w)
{
    /* A record of one empty field would be a blank line, which readers
     * skip: write it as "" so that it survives a round trip. */
    if (w->lone_empty)
        fputs("\"\"", w->f);
    putc_unlocked('\n', w->f);
    w->at_start = 1;
    w->lone_empty = 0;
}
