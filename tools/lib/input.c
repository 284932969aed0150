/* One record interface over CSV and SPSS/Stata files; see input.h. */
#include "input.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#include "colname.h"
#include "csvio.h"

struct pk_input {
    pk_csv_reader *csv;
    pk_statfile *stat;
    char *name;
    pk_csv_reader *stat_csv;   /* pk_input_as_csv on a statfile */
    char **colnames;
    FILE *own;                 /* opened by pk_input_open_path */
};

/* A new input named name, its format recognised from f's first bytes
 * (*fmt; CSV when f cannot seek). NULL with err filled on failure. */
static pk_input *input_new(FILE *f, const char *name, enum pk_statfile_format *fmt, pk_err *err)
{
    pk_input *in = calloc(1, sizeof *in);
    if (!in || !(in->name = strdup(name))) {
        free(in);
        pk_err_set(err, PK_ERR_NOMEM, "%s: out of memory", name);
        return NULL;
    }
    *fmt = PK_STATFILE_NONE;
    off_t start = ftello(f);
    if (start >= 0) {
        unsigned char head[16];
        size_t n = fread(head, 1, sizeof head, f);
        if (ferror(f)) {
            pk_err_set(err, PK_ERR_DATA, "%s: read error: %s", name, strerror(errno));
            goto fail;
        }
        if (fseeko(f, start, SEEK_SET) != 0) {
            pk_err_set(err, PK_ERR_DATA, "%s: cannot go back to its start: %s", name, strerror(errno));
            goto fail;
        }
        const char *other;
        *fmt = pk_statfile_detect(head, n, &other);
        if (other) {
            pk_err_set(err, PK_ERR_DATA, "%s: this is %s, not CSV, SPSS or Stata: export it as CSV", name, other);
            goto fail;
        }
    }
    return in;
fail:
    free(in->name);
    free(in);
    return NULL;
}

pk_input *pk_input_open(FILE *f, const char *name, char delim, pk_err *err)
{
    enum pk_statfile_format fmt;
    pk_input *in = input_new(f, name, &fmt, err);
    if (!in)
        return NULL;
    if (fmt != PK_STATFILE_NONE)
        in->stat = pk_statfile_read(f, name, fmt, err);
    else
        in->csv = pk_csv_reader_open_stream(f, name, delim, err);
    if (!in->stat && !in->csv) {
        pk_input_close(in);
        return NULL;
    }
    return in;
}

/* pk_input_stream's callbacks, as a statfile's. */
struct each {
    pk_input *in;
    pk_input_each on_header, on_record;
    void *ctx;
};

static int each_header(pk_statfile *s, void *ctx, pk_err *err)
{
    struct each *e = ctx;
    e->in->stat = s;
    return e->on_header ? e->on_header(e->in, e->ctx, err) : 0;
}

static int each_record(pk_statfile *s, void *ctx, pk_err *err)
{
    (void)s;
    struct each *e = ctx;
    return e->on_record(e->in, e->ctx, err);
}

int pk_input_stream(FILE *f, const char *name, char delim, pk_input_each on_header, pk_input_each on_record,
                    pk_input_each on_end, void *ctx, pk_err *err)
{
    enum pk_statfile_format fmt;
    pk_input *in = input_new(f, name, &fmt, err);
    if (!in)
        return err->status;
    if (fmt != PK_STATFILE_NONE) {
        struct each e = {in, on_header, on_record, ctx};
        in->stat = pk_statfile_stream(f, name, fmt, each_header, each_record, &e, err);
        if (!in->stat)
            goto fail;
    } else {
        if (!(in->csv = pk_csv_reader_open_stream(f, name, delim, err)))
            goto fail;
        if (on_header && on_header(in, ctx, err))
            goto fail;
        int got;
        while ((got = pk_csv_reader_next(in->csv, err)) == 1)
            if (on_record(in, ctx, err))
                goto fail;
        if (got < 0)
            goto fail;
    }
    if (on_end && on_end(in, ctx, err))
        goto fail;
    pk_input_close(in);
    return 0;
fail:
    pk_input_close(in);
    return err->status ? err->status : PK_ERR_DATA;
}

/* A pipe's first bytes, read to recognise the file and then handed back
 * before the rest of the pipe (a stdio stream cannot put back 16 bytes).
 * The pipe is read with read(2), in the large pieces the CSV reader asks
 * for: its stdio stream has not been read from. */
struct peeked {
    FILE *f;
    int own;   /* f is closed with the stream */
    unsigned char head[16];
    size_t n, pos;
    char buf[1 << 16];   /* the stream's buffer */
};

static ssize_t read_some(int fd, void *buf, size_t size)
{
    ssize_t got;
    do
        got = read(fd, buf, size);
    while (got < 0 && errno == EINTR);
    return got;
}

static ssize_t peeked_read(void *cookie, char *buf, size_t size)
{
    struct peeked *p = cookie;
    if (p->pos < p->n) {
        size_t k = p->n - p->pos < size ? p->n - p->pos : size;
        memcpy(buf, p->head + p->pos, k);
        p->pos += k;
        return (ssize_t)k;
    }
    return read_some(fileno(p->f), buf, size);
}

static int peeked_close(void *cookie)
{
    struct peeked *p = cookie;
    if (p->own)
        fclose(p->f);
    free(p);
    return 0;
}

/* A stream that cannot seek (a pipe), recognised by its first bytes and
 * given back whole; NULL with err filled for a binary file, which
 * ReadStat could only read from a file it can seek in. */
static FILE *open_unseekable(FILE *f, int own, const char *name, pk_err *err)
{
    struct peeked *p = calloc(1, sizeof *p);
    if (!p) {
        pk_err_set(err, PK_ERR_NOMEM, "%s: out of memory", name);
        return NULL;
    }
    p->f = f;
    ssize_t got;
    while (p->n < sizeof p->head && (got = read_some(fileno(f), p->head + p->n, sizeof p->head - p->n)) != 0) {
        if (got < 0) {
            pk_err_set(err, PK_ERR_DATA, "%s: read error: %s", name, strerror(errno));
            free(p);
            return NULL;
        }
        p->n += (size_t)got;
    }
    const char *what;
    if (pk_csv_binary_kind(p->head, p->n, &what) != PK_CSV_BINARY_NONE) {
        pk_err_set(err, PK_ERR_DATA, "%s: this is %s, arriving through a pipe: give the file's name "
                   "instead (or redirect it: < FILE)", name, what);
        free(p);
        return NULL;
    }
    cookie_io_functions_t io = {peeked_read, NULL, NULL, peeked_close};
    FILE *g = fopencookie(p, "rb", io);
    if (!g) {
        pk_err_set(err, PK_ERR_NOMEM, "%s: out of memory", name);
        free(p);
        return NULL;
    }
    /* Large reads, as the CSV reader makes them (glibc would give a
     * buffer of its own only 8 KiB). */
    setvbuf(g, p->buf, _IOFBF, sizeof p->buf);
    p->own = own;
    return g;
}

pk_input *pk_input_open_path(const char *path, char delim, pk_err *err)
{
    int std = !path || strcmp(path, "-") == 0;
    const char *name = std ? "<stdin>" : path;
    FILE *f = std ? stdin : fopen(path, "rb");
    if (!f) {
        pk_err_set(err, PK_ERR_DATA, "%s: %s", path, strerror(errno));
        return NULL;
    }
    FILE *use = f;
    if (ftello(f) < 0 && !(use = open_unseekable(f, !std, name, err))) {
        if (!std)
            fclose(f);
        return NULL;
    }
    pk_input *in = pk_input_open(use, name, delim, err);
    if (!in) {
        if (use != stdin)
            fclose(use);
        return NULL;
    }
    in->own = use;
    return in;
}

void pk_input_close(pk_input *in)
{
    if (!in)
        return;
    pk_csv_reader_close(in->csv);
    pk_csv_reader_close(in->stat_csv);
    free(in->colnames);
    pk_statfile_free(in->stat);
    if (in->own && in->own != stdin)
        fclose(in->own);
    free(in->name);
    free(in);
}

enum pk_statfile_format pk_input_format(const pk_input *in)
{
    return in->stat ? pk_statfile_format(in->stat) : PK_STATFILE_NONE;
}

const char *pk_input_name(const pk_input *in)
{
    return in->name;
}

const pk_statfile *pk_input_statfile(const pk_input *in)
{
    return in->stat;
}

size_t pk_input_ncols(const pk_input *in)
{
    return in->stat ? pk_statfile_ncols(in->stat) : pk_csv_reader_ncols(in->csv);
}

const char *pk_input_colname(const pk_input *in, size_t i)
{
    return in->stat ? pk_statfile_colname(in->stat, i) : pk_csv_reader_colname(in->csv, i);
}

long pk_input_col(const pk_input *in, const char *name)
{
    if (!in->stat)
        return pk_csv_reader_col(in->csv, name);
    return pk_statfile_col(in->stat, name);
}

static const char *colname_at(const void *in, size_t i)
{
    return pk_input_colname(in, i);
}

const char *pk_input_hint(const pk_input *in, const char *name, char *buf, size_t bufsize)
{
    return pk_colname_hint_of(buf, bufsize, name, in, pk_input_ncols(in), colname_at);
}

const char *pk_input_col_label(const pk_input *in, size_t i)
{
    return in->stat ? pk_statfile_col_label(in->stat, i) : "";
}

long pk_input_header_line(const pk_input *in)
{
    return in->stat ? 1 : pk_csv_reader_header_line(in->csv);
}

int pk_input_next(pk_input *in, pk_err *err)
{
    return in->stat ? pk_statfile_next(in->stat, err) : pk_csv_reader_next(in->csv, err);
}

size_t pk_input_nfields(const pk_input *in)
{
    return in->stat ? pk_statfile_ncols(in->stat) : pk_csv_reader_nfields(in->csv);
}

const char *pk_input_field(const pk_input *in, size_t i)
{
    return in->stat ? pk_statfile_field(in->stat, i) : pk_csv_reader_field(in->csv, i);
}

size_t pk_input_field_len(const pk_input *in, size_t i)
{
    return in->stat ? pk_statfile_field_len(in->stat, i) : pk_csv_reader_field_len(in->csv, i);
}

const char *pk_input_field_alt(const pk_input *in, size_t i, size_t *len)
{
    if (in->stat)
        return pk_statfile_field_alt(in->stat, i, len);
    if (len)
        *len = 0;
    return NULL;
}

int pk_input_field_missing(const pk_input *in, size_t i)
{
    return in->stat ? pk_statfile_field_missing(in->stat, i) : 0;
}

void pk_input_get(const pk_input *in, size_t i, pk_input_value *v)
{
    if (in->stat) {
        pk_statfile_get(in->stat, i, &v->text, &v->len, &v->alt, &v->altlen, &v->missing);
        return;
    }
    v->text = pk_csv_reader_field(in->csv, i);
    v->len = pk_csv_reader_field_len(in->csv, i);
    v->alt = NULL;
    v->altlen = 0;
    v->missing = 0;
}

long pk_input_line(const pk_input *in)
{
    return in->stat ? pk_statfile_line(in->stat) : pk_csv_reader_line(in->csv);
}

long pk_input_records(const pk_input *in)
{
    return in->stat ? pk_statfile_records(in->stat) : pk_csv_reader_records(in->csv);
}

/* The next record of a statfile, for the CSV reader of pk_input_as_csv. */
static int stat_source(void *ctx, const char **fields, size_t *lens, long *line, pk_err *err)
{
    pk_input *in = ctx;
    int got = pk_statfile_next(in->stat, err);
    if (got <= 0)
        return got;
    for (size_t i = 0, n = pk_statfile_ncols(in->stat); i < n; i++) {
        int missing = pk_statfile_field_missing(in->stat, i);
        fields[i] = missing ? "" : pk_statfile_field(in->stat, i);
        lens[i] = missing ? 0 : pk_statfile_field_len(in->stat, i);
    }
    *line = pk_statfile_line(in->stat);
    return 1;
}

pk_csv_reader *pk_input_as_csv(pk_input *in, pk_err *err)
{
    if (in->csv)
        return in->csv;
    if (in->stat_csv)
        return in->stat_csv;
    size_t n = pk_statfile_ncols(in->stat);
    in->colnames = malloc((n ? n : 1) * sizeof *in->colnames);
    if (!in->colnames) {
        pk_err_set(err, PK_ERR_NOMEM, "%s: out of memory", in->name);
        return NULL;
    }
    for (size_t i = 0; i < n; i++)
        in->colnames[i] = (char *)pk_statfile_colname(in->stat, i);
    in->stat_csv = pk_csv_reader_open_source(in->name, in->colnames, n, stat_source, in, err);
    return in->stat_csv;
}
