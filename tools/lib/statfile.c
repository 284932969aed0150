/* SPSS and Stata files through ReadStat; see statfile.h.
 *
 * ReadStat reads through I/O handlers given here, on the caller's stream,
 * so that standard input (already copied to a seekable file by the
 * programs) needs no path. Its error handler is installed so that it never
 * prints: its message is kept and put in ours.
 *
 * The spool holds, per record, one cell per variable: a tag byte, then the
 * value (a double; a 32-bit length and the bytes of a string; the letter of
 * a tagged missing value). */
#include "statfile.h"
#include "util.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <readstat.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "csvio.h"
#include "number.h"

enum {
    CELL_EMPTY = 0,     /* system-missing */
    CELL_DOUBLE = 1,
    CELL_FLOAT = 2,     /* a number stored as a float: printed as one */
    CELL_STRING = 3,
    CELL_TAGGED = 4,    /* Stata .a-.z */
    CELL_MISSING = 0x10 /* flag: the file declares the value missing */
};

struct label {
    int kind;           /* CELL_DOUBLE, CELL_STRING or CELL_TAGGED */
    double num;
    char tag;
    char *str;
    char *value;        /* the value as a field shows it */
    char *text;
    size_t textlen;
};

struct labelset {
    char *name;
    struct label *l;
    size_t n, cap;
    pk_util_hindex ix;  /* each value's first label, by the value's hash */
    /* The first label of each whole value v below nsmall (or NULL); nsmall
     * is 1 + the largest whole value below SMALL_NUMBERS labelled. A set
     * with few labels spread wide has no such table (by_hash): its memory
     * stays in proportion to its labels. */
    const struct label **small;
    size_t nsmall;
    int by_hash;
};

struct col {
    char *name;
    char *label;
    char *setname;      /* value label set, or NULL */
    long set;           /* index in s->sets once resolved, else -1 */
    int numeric;
    /* SPSS user-defined missing values, for pk_statfile_label_missing. */
    int nmiss;
    double lo[3], hi[3];
    char *smiss[3];
};

/* A field of the current record. Its texts are the file's (a label), the
 * table of small numbers' texts, or in the record buffer (in_buf: 1 the
 * text, 2 the alternative), where they move when the buffer grows. */
struct field {
    const char *text;
    size_t len;
    const char *alt;
    size_t altlen;
    unsigned char missing, in_buf;
};

/* Whole numbers 0 to SMALL_NUMBERS - 1, the codes of most labelled values
 * and most ages and durations, have their texts ready, and a label set's
 * labels of such values are found by the value itself. */
#define SMALL_NUMBERS 1024
#define SMALL_TEXT 5

struct pk_statfile {
    enum pk_statfile_format fmt;
    char *name;
    struct col *cols;
    size_t ncols, capcols;
    struct labelset *sets;
    size_t nsets, setcap;
    /* Variables and label sets by name: a file may have tens of thousands
     * of each, so no name is looked up by a scan. */
    pk_util_hindex col_ix, set_ix;

    FILE *spool;
    long nrecords;      /* records spooled */
    /* The spool's values pass through this buffer, written and read back
     * in large pieces: a call of stdio per value was a tenth of the time. */
    unsigned char *io;
    size_t iolen, iopos;

    /* While parsing. */
    FILE *in;
    off_t base;
    long cur_obs;       /* the record whose values are arriving, or -1 */
    size_t next_var;    /* cells of cur_obs spooled so far: variables 0..next_var-1 */
    long row_count;     /* as the file declares it, or -1 */
    size_t setname_max; /* bytes a value label set's name may take (below) */
    int vars_done;
    int utf8;           /* an SPSS file that declares UTF-8 (sav_utf8) */
    char rs_msg[400];   /* ReadStat's own message */
    pk_err *err;
    int failed;

    /* Reading back. */
    long pos;           /* records read */
    struct field *fields;
    char (*numtext)[SMALL_TEXT];   /* "0" to "1023" */
    char *buf;          /* the current record's texts */
    size_t blen, bcap;
    char *tmp;
    size_t tcap;

    /* Streaming (pk_statfile_stream): each record handed over as it is
     * parsed, without the spool. A callback's error waits for the end of
     * the parse, where an error of the file itself comes first, as it did
     * when the whole file was read before any record was looked at. */
    pk_statfile_each on_header, on_record;
    void *each_ctx;
    int streaming, header_done, cb_failed;
    pk_err cb_err;
};

static int set_cell(pk_statfile *s, size_t i, int tag, double d, char t, const char *str, size_t len);
static inline int set_string(pk_statfile *s, size_t i, int tag, const char *str, size_t len);
static inline int set_number(pk_statfile *s, size_t i, int tag, double d);
static void format_number(char *buf, double d, int is_float);
static int stream_header(pk_statfile *s);
static int stream_record(pk_statfile *s);
static void fields_done(pk_statfile *s);

enum pk_statfile_format pk_statfile_detect(const unsigned char *h, size_t n, const char **other)
{
    const char *what;
    enum pk_csv_binary kind = pk_csv_binary_kind(h, n, &what);
    *other = kind == PK_CSV_BINARY_OTHER ? what : NULL;
    return kind == PK_CSV_BINARY_SPSS ? PK_STATFILE_SAV : kind == PK_CSV_BINARY_STATA ? PK_STATFILE_DTA
                                                                                    : PK_STATFILE_NONE;
}

const char *pk_statfile_format_name(enum pk_statfile_format fmt)
{
    return fmt == PK_STATFILE_SAV ? "SPSS" : fmt == PK_STATFILE_DTA ? "Stata" : "CSV";
}

/* --- I/O handlers over the caller's stream ------------------------------- */

static int io_open(const char *path, void *ctx)
{
    (void)path;
    pk_statfile *s = ctx;
    return fseeko(s->in, s->base, SEEK_SET) == 0 ? 0 : -1;
}

static int io_close(void *ctx)
{
    (void)ctx;
    return 0;
}

static readstat_off_t io_seek(readstat_off_t off, readstat_io_flags_t whence, void *ctx)
{
    pk_statfile *s = ctx;
    int rc;
    if (whence == READSTAT_SEEK_SET)
        rc = fseeko(s->in, s->base + off, SEEK_SET);
    else if (whence == READSTAT_SEEK_CUR)
        rc = fseeko(s->in, off, SEEK_CUR);
    else
        rc = fseeko(s->in, off, SEEK_END);
    if (rc != 0)
        return -1;
    off_t at = ftello(s->in);
    if (at < s->base) {
        fseeko(s->in, s->base, SEEK_SET);
        return -1;
    }
    return at - s->base;
}

static ssize_t io_read(void *buf, size_t n, void *ctx)
{
    pk_statfile *s = ctx;
    size_t got = fread(buf, 1, n, s->in);
    if (got < n && ferror(s->in))
        return -1;
    return (ssize_t)got;
}

static readstat_error_t io_update(long size, readstat_progress_handler h, void *user, void *ctx)
{
    (void)size;
    (void)h;
    (void)user;
    (void)ctx;
    return READSTAT_OK;
}

/* --- parsing ------------------------------------------------------------- */

static int fail(pk_statfile *s, int status, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int fail(pk_statfile *s, int status, const char *fmt, ...)
{
    if (!s->failed) {
        char msg[PK_ERR_MAX];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(msg, sizeof msg, fmt, ap);
        va_end(ap);
        pk_err_set(s->err, status, "%s", msg);
        s->failed = 1;
    }
    return READSTAT_HANDLER_ABORT;
}

static int oom(pk_statfile *s)
{
    return fail(s, PK_ERR_NOMEM, "%s: out of memory", s->name);
}

static void on_error(const char *msg, void *ctx)
{
    pk_statfile *s = ctx;
    if (s->rs_msg[0])
        return;
    snprintf(s->rs_msg, sizeof s->rs_msg, "%s", msg);
    /* ReadStat's messages end with a newline; a message of ours is one line. */
    size_t n = strlen(s->rs_msg);
    while (n > 0 && (s->rs_msg[n - 1] == '\n' || s->rs_msg[n - 1] == '\r' || s->rs_msg[n - 1] == '.'))
        s->rs_msg[--n] = '\0';
    for (char *p = s->rs_msg; *p; p++)
        if ((unsigned char)*p < 0x20)
            *p = ' ';
}

/* The names of value label sets are the one text ReadStat hands over as it
 * read it, not converted into a terminated buffer of its own: in a Stata
 * file each is a fixed field (9 bytes before format 108, 33 before 118,
 * 129 since) that holds no terminator when full. Read no further than
 * the field. An SPSS file's set names are made by ReadStat itself. */
static size_t setname_max(enum pk_statfile_format fmt, int version)
{
    if (fmt != PK_STATFILE_DTA)
        return 256;
    return version >= 118 ? 129 : version >= 108 ? 33 : version > 0 ? 9 : 33;
}

static int on_metadata(readstat_metadata_t *m, void *ctx)
{
    pk_statfile *s = ctx;
    s->row_count = readstat_get_row_count(m);
    s->setname_max = setname_max(s->fmt, readstat_get_file_format_version(m));
    return READSTAT_HANDLER_OK;
}

/* Every other text ReadStat gives is terminated within a buffer of its
 * own; each is still read no further than the longest such buffer holds
 * (a variable's name 300 bytes, its label 1024, a value's label 32,000:
 * ReadStat's own limits, with room), so that a text that is not
 * terminated cannot run on through memory. */
#define TEXT_MAX ((size_t)1 << 20)

static char *dup_utf8(pk_statfile *s, const char *text, const char *what, const char *var)
{
    size_t len = strnlen(text, TEXT_MAX);
    if (pk_csv_utf8_invalid_at(text, len) != (size_t)-1) {
        fail(s, PK_ERR_DATA, "%s: %s%s%s is not valid UTF-8", s->name, what, var ? " of variable " : "",
             var ? var : "");
        return NULL;
    }
    char *d = strndup(text, len);
    if (!d)
        oom(s);
    return d;
}

/* A value label set's name, read no further than its field. */
static char *dup_setname(pk_statfile *s, const char *name)
{
    char *d = strndup(name, s->setname_max ? s->setname_max : setname_max(s->fmt, 0));
    if (!d)
        oom(s);
    return d;
}

/* The variable named name among those read so far, or -1. */
static long find_col(const pk_statfile *s, const char *name)
{
    size_t slot = 0, i;
    uint64_t h = pk_util_hash(name, strlen(name));
    while ((i = pk_util_hindex_next(&s->col_ix, h, &slot)) != SIZE_MAX)
        if (i < s->ncols && s->cols[i].name && strcmp(s->cols[i].name, name) == 0)
            return (long)i;
    return -1;
}

/* The label set named name, or -1. */
static long find_set(const pk_statfile *s, const char *name)
{
    size_t slot = 0, i;
    uint64_t h = pk_util_hash(name, strlen(name));
    while ((i = pk_util_hindex_next(&s->set_ix, h, &slot)) != SIZE_MAX)
        if (strcmp(s->sets[i].name, name) == 0)
            return (long)i;
    return -1;
}

static int on_variable(int index, readstat_variable_t *v, const char *val_labels, void *ctx)
{
    pk_statfile *s = ctx;
    if (index < 0 || (size_t)index != s->ncols)
        return fail(s, PK_ERR_DATA, "%s: variables arrive out of order (ReadStat gave %d after %zu)", s->name,
                    index, s->ncols);
    if (pk_util_grow((void **)&s->cols, &s->capcols, s->ncols + 1, sizeof *s->cols))
        return oom(s);
    struct col *c = &s->cols[s->ncols];
    memset(c, 0, sizeof *c);
    c->set = -1;
    s->ncols++;
    const char *name = readstat_variable_get_name(v);
    const char *label = readstat_variable_get_label(v);
    if (!name || !*name)
        return fail(s, PK_ERR_DATA, "%s: variable %d has no name", s->name, index + 1);
    if (!(c->name = dup_utf8(s, name, "a variable name", NULL)) ||
        !(c->label = dup_utf8(s, label ? label : "", "the label", name)))
        return READSTAT_HANDLER_ABORT;
    if (find_col(s, c->name) >= 0)
        return fail(s, PK_ERR_DATA, "%s: two variables are named '%s'", s->name, c->name);
    if (pk_util_hindex_add(&s->col_ix, pk_util_hash(c->name, strlen(c->name)), s->ncols - 1))
        return oom(s);
    if (val_labels && *val_labels && !(c->setname = dup_setname(s, val_labels)))
        return READSTAT_HANDLER_ABORT;
    c->numeric = readstat_variable_get_type_class(v) == READSTAT_TYPE_CLASS_NUMERIC;
    int nr = readstat_variable_get_missing_ranges_count(v);
    for (int i = 0; i < nr && c->nmiss < 3; i++) {
        readstat_value_t lo = readstat_variable_get_missing_range_lo(v, i);
        readstat_value_t hi = readstat_variable_get_missing_range_hi(v, i);
        if (readstat_value_type_class(lo) == READSTAT_TYPE_CLASS_STRING) {
            const char *t = readstat_string_value(lo);
            if (!(c->smiss[c->nmiss] = dup_utf8(s, t ? t : "", "a missing value", name)))
                return READSTAT_HANDLER_ABORT;
        } else {
            c->lo[c->nmiss] = readstat_double_value(lo);
            c->hi[c->nmiss] = readstat_double_value(hi);
        }
        c->nmiss++;
    }
    return READSTAT_HANDLER_OK;
}

#define SPOOL_IO (1u << 16)

/* Write the buffered values out; -1 on a write error. */
static int spool_flush(pk_statfile *s)
{
    /* One process owns the spool: no stdio locking. */
    size_t n = s->iolen;
    s->iolen = 0;
    return n && fwrite_unlocked(s->io, 1, n, s->spool) != n ? -1 : 0;
}

static int put_slow(pk_statfile *s, const void *p, size_t n)
{
    if (s->iolen + n > SPOOL_IO && spool_flush(s))
        goto fail;
    if (n > SPOOL_IO) {
        if (fwrite_unlocked(p, 1, n, s->spool) != n)
            goto fail;
        return 0;
    }
    memcpy(s->io + s->iolen, p, n);
    s->iolen += n;
    return 0;
fail:
    fail(s, PK_ERR_DATA, "%s: writing the temporary copy of its values: %s", s->name, strerror(errno));
    return -1;
}

/* A value's bytes into the spool's buffer: the common case (a tag, a
 * double) inline, the buffer's end through put_slow. */
static inline int put(pk_statfile *s, const void *p, size_t n)
{
    if (s->iolen + n > SPOOL_IO)
        return put_slow(s, p, n);
    memcpy(s->io + s->iolen, p, n);
    s->iolen += n;
    return 0;
}

/* One cell of the record being read, of variable i: into the spool (a
 * tag, then the value), or when streaming straight into the record's
 * fields. -1 on error (s->failed set). */
static int cell(pk_statfile *s, size_t i, int tag, double d, char t, const char *str, size_t len)
{
    if (s->streaming)
        return set_cell(s, i, tag, d, t, str, len) ? oom(s), -1 : 0;
    unsigned char b = (unsigned char)tag;
    if (put(s, &b, 1))
        return -1;
    switch (tag & 0x0F) {
    case CELL_TAGGED:
        return put(s, &t, 1);
    case CELL_STRING: {
        uint32_t l32 = (uint32_t)len;
        return put(s, &l32, sizeof l32) || put(s, str, len) ? -1 : 0;
    }
    case CELL_DOUBLE:
    case CELL_FLOAT:
        return put(s, &d, sizeof d);
    default:
        return 0;
    }
}

/* Empty cells up to variable `to` (not included): the variables of the
 * record that had no value. */
static int fill_empty(pk_statfile *s, size_t to)
{
    for (; s->next_var < to; s->next_var++)
        if (cell(s, s->next_var, CELL_EMPTY, 0, 0, NULL, 0))
            return -1;
    return 0;
}

/* Close the record being filled: variables that had no value are empty. */
static int end_record(pk_statfile *s)
{
    if (s->cur_obs < 0)
        return 0;
    if (fill_empty(s, s->ncols))
        return -1;
    s->nrecords++;
    s->cur_obs = -1;
    return s->streaming ? stream_record(s) : 0;
}

/* Whether a text is all ASCII (so valid UTF-8), a word at a time: most
 * values are, and are short. */
static inline int ascii(const char *str, size_t len)
{
    uint64_t high = 0, w;
    size_t i = 0;
    if (len >= 8) {
        for (; i + 8 <= len; i += 8) {
            memcpy(&w, str + i, 8);
            high |= w;
        }
        /* The last bytes, read as the last 8 (again, in part). */
        memcpy(&w, str + len - 8, 8);
        high |= w;
    } else {
        for (; i < len; i++)
            high |= (unsigned char)str[i];
    }
    return !(high & 0x8080808080808080ull);
}

static int on_value(int obs, readstat_variable_t *v, readstat_value_t value, void *ctx)
{
    pk_statfile *s = ctx;
    int index = readstat_variable_get_index(v);
    if (!s->vars_done) {
        s->vars_done = 1;
        if (s->ncols == 0)
            return fail(s, PK_ERR_DATA, "%s: the file has no variables", s->name);
        if (s->streaming && stream_header(s))
            return READSTAT_HANDLER_ABORT;
    }
    if (index < 0 || (size_t)index >= s->ncols)
        return fail(s, PK_ERR_DATA, "%s: a value of an unknown variable %d", s->name, index);
    if (obs != s->cur_obs) {
        /* Values arrive record by record, variable by variable. */
        if (obs < 0 || obs != s->nrecords + (s->cur_obs >= 0))
            return fail(s, PK_ERR_DATA, "%s: record %d arrives out of order", s->name, obs + 1);
        if (end_record(s))
            return READSTAT_HANDLER_ABORT;
        s->cur_obs = obs;
        s->next_var = 0;
    }
    /* Cells are written in variable order; a variable skipped within the
     * record gets an empty cell, and a value for a variable already
     * written (again, or out of order) is an error. */
    if ((size_t)index < s->next_var)
        return fail(s, PK_ERR_DATA, "%s:%d:%s: two values for one variable", s->name, obs + 2,
                    s->cols[index].name);
    if (fill_empty(s, (size_t)index))
        return READSTAT_HANDLER_ABORT;
    s->next_var = (size_t)index + 1;
    /* The value's kind is read from the fields readstat.h declares, as
     * ReadStat's accessors of them do: three calls a value were a tenth
     * of this handler's time. */
    int rc;
    if (value.is_system_missing) {
        rc = cell(s, (size_t)index, CELL_EMPTY, 0, 0, NULL, 0);
    } else if (value.is_tagged_missing) {
        char t = readstat_value_tag(value);
        rc = cell(s, (size_t)index, CELL_TAGGED | CELL_MISSING, 0, t < 'a' || t > 'z' ? '?' : t, NULL, 0);
    } else {
        /* ReadStat's test looks through the variable's missing values;
         * most variables have none. */
        int miss = s->cols[index].nmiss && readstat_value_is_defined_missing(value, v) ? CELL_MISSING : 0;
        readstat_type_t type = value.type;
        if (type == READSTAT_TYPE_STRING || type == READSTAT_TYPE_STRING_REF) {
            const char *str = readstat_string_value(value);
            size_t len = str ? strlen(str) : 0;
            if (len == 0 && !miss) {
                rc = cell(s, (size_t)index, CELL_EMPTY, 0, 0, NULL, 0);
            } else {
                if (!ascii(str, len) && pk_csv_utf8_invalid_at(str, len) != (size_t)-1)
                    return fail(s, PK_ERR_DATA, "%s:%d:%s: invalid UTF-8", s->name, obs + 2, s->cols[index].name);
                if (len > UINT32_MAX)
                    return fail(s, PK_ERR_DATA, "%s:%d:%s: value too long", s->name, obs + 2, s->cols[index].name);
                rc = s->streaming ? set_string(s, (size_t)index, CELL_STRING | miss, len ? str : "", len)
                                  : cell(s, (size_t)index, CELL_STRING | miss, 0, 0, len ? str : "", len);
            }
        } else {
            double d = readstat_double_value(value);
            if (!isfinite(d))
                rc = cell(s, (size_t)index, CELL_EMPTY, 0, 0, NULL, 0);
            else if (s->streaming)
                rc = set_number(s, (size_t)index, (type == READSTAT_TYPE_FLOAT ? CELL_FLOAT : CELL_DOUBLE) | miss, d);
            else
                rc = cell(s, (size_t)index, (type == READSTAT_TYPE_FLOAT ? CELL_FLOAT : CELL_DOUBLE) | miss, d, 0,
                          NULL, 0);
        }
    }
    if (rc && !s->failed)
        oom(s);
    return rc ? READSTAT_HANDLER_ABORT : READSTAT_HANDLER_OK;
}

/* A number as text: integers plainly, others as short as reads back the
 * same (a float as a float: 0.1f is "0.1", not 0.100000001). */
static void format_number(char *buf, double d, int is_float)
{
    if (d == floor(d) && fabs(d) < 1e15) {
        /* A whole number, digit by digit (printf's exact conversion was a
         * fifth of the time of reading an SPSS file). */
        long long v = (long long)d;
        char tmp[24];
        size_t n = 0;
        unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
        do
            tmp[n++] = (char)('0' + u % 10);
        while ((u /= 10) > 0);
        size_t k = 0;
        if (v < 0)
            buf[k++] = '-';
        while (n > 0)
            buf[k++] = tmp[--n];
        buf[k] = '\0';
        return;
    }
    if (!is_float) {
        pk_number_format_exact(buf, d);
        return;
    }
    for (int digits = 6; digits <= 9; digits++) {
        pk_number_format(buf, d, digits);
        double back;
        if (pk_number_parse(buf, &back) == 0 && (float)back == (float)d)
            return;
    }
}

static int on_value_label(const char *set, readstat_value_t value, const char *label, void *ctx)
{
    pk_statfile *s = ctx;
    if (!set || !label)
        return READSTAT_HANDLER_OK;
    /* ReadStat gives an SPSS file's labels with its dictionary, before
     * any value: records handed over as they are parsed have them all. */
    if (s->header_done)
        return fail(s, PK_ERR_DATA, "%s: a value label arrives after the values", s->name);
    char *setname = dup_setname(s, set);
    if (!setname)
        return READSTAT_HANDLER_ABORT;
    long k = find_set(s, setname);
    struct labelset *ls;
    if (k >= 0) {
        ls = &s->sets[k];
        free(setname);
    } else {
        if (pk_util_grow((void **)&s->sets, &s->setcap, s->nsets + 1, sizeof *s->sets) ||
            pk_util_hindex_add(&s->set_ix, pk_util_hash(setname, strlen(setname)), s->nsets)) {
            free(setname);
            return oom(s);
        }
        ls = &s->sets[s->nsets++];
        memset(ls, 0, sizeof *ls);
        ls->name = setname;
    }
    if (pk_util_grow((void **)&ls->l, &ls->cap, ls->n + 1, sizeof *ls->l))
        return oom(s);
    struct label *l = &ls->l[ls->n];
    memset(l, 0, sizeof *l);
    char buf[PK_NUMBER_BUFSIZE];
    const char *valtext;
    if (readstat_value_is_tagged_missing(value)) {
        l->kind = CELL_TAGGED;
        l->tag = readstat_value_tag(value);
        snprintf(buf, sizeof buf, ".%c", l->tag >= 'a' && l->tag <= 'z' ? l->tag : '?');
        valtext = buf;
    } else if (readstat_value_type_class(value) == READSTAT_TYPE_CLASS_STRING) {
        l->kind = CELL_STRING;
        const char *str = readstat_string_value(value);
        if (!(l->str = dup_utf8(s, str ? str : "", "a labelled value", NULL)))
            return READSTAT_HANDLER_ABORT;
        valtext = l->str;
    } else {
        l->kind = CELL_DOUBLE;
        l->num = readstat_double_value(value);
        if (!isfinite(l->num))
            return READSTAT_HANDLER_OK;
        format_number(buf, l->num, 0);
        valtext = buf;
    }
    if (!(l->value = strdup(valtext)) || !(l->text = dup_utf8(s, label, "a value label", NULL))) {
        free(l->str);
        free(l->value);
        return s->failed ? READSTAT_HANDLER_ABORT : oom(s);
    }
    ls->n++;
    return READSTAT_HANDLER_OK;
}

static void set_io(readstat_parser_t *p, pk_statfile *s)
{
    readstat_set_open_handler(p, io_open);
    readstat_set_close_handler(p, io_close);
    readstat_set_seek_handler(p, io_seek);
    readstat_set_read_handler(p, io_read);
    readstat_set_update_handler(p, io_update);
    readstat_set_io_ctx(p, s);
}

static void on_probe_error(const char *msg, void *ctx)
{
    (void)msg;
    (void)ctx;   /* the parse proper reports it */
}

static int on_probe(readstat_metadata_t *m, void *ctx)
{
    pk_statfile *s = ctx;
    const char *e = readstat_get_file_encoding(m);
    s->utf8 = e && (strcasecmp(e, "UTF-8") == 0 || strcasecmp(e, "UTF8") == 0);
    return READSTAT_HANDLER_ABORT;
}

/* Whether an SPSS file declares its texts UTF-8, read from its dictionary
 * alone (the parse stops there). ReadStat 1.1.8 then still passes every
 * string value through iconv, UTF-8 to UTF-8, which was half the time of
 * a bare parse; such a file is read without conversion, which changes no
 * byte of a valid file, and every text taken from it is checked for valid
 * UTF-8 here (on_value, dup_utf8) as before, so an invalid one is still an
 * error, now naming its line and column. */
static void sav_utf8(pk_statfile *s, const char *name)
{
    readstat_parser_t *p = readstat_parser_init();
    if (!p)
        return;
    set_io(p, s);
    readstat_set_error_handler(p, on_probe_error);
    readstat_set_metadata_handler(p, on_probe);
    readstat_parse_sav(p, name, s);
    readstat_parser_free(p);
}

static FILE *spool_open(pk_statfile *s)
{
    const char *dir;
    FILE *f = pk_util_tmpfile("pollkit-stat", &dir);
    if (!f)
        fail(s, PK_ERR_DATA, "%s: cannot create a temporary file in %s: %s", s->name, dir, strerror(errno));
    return f;
}

static int index_labels(pk_statfile *s);

/* Once the labels are known: each variable's label set found, the sets
 * indexed, the record's fields allocated. -1 when memory runs out. */
static int prepare(pk_statfile *s)
{
    for (size_t i = 0; i < s->ncols; i++)
        if (s->cols[i].setname)
            s->cols[i].set = find_set(s, s->cols[i].setname);
    if (index_labels(s))
        return -1;
    if (!(s->fields = calloc(s->ncols ? s->ncols : 1, sizeof *s->fields)) ||
        !(s->numtext = malloc(SMALL_NUMBERS * sizeof *s->numtext)))
        return -1;
    for (int v = 0; v < SMALL_NUMBERS; v++)
        snprintf(s->numtext[v], SMALL_TEXT, "%d", v);
    return 0;
}

/* Streaming: the variables and labels are known (the first value has
 * arrived, or the file has none). */
static int stream_header(pk_statfile *s)
{
    s->header_done = 1;
    if (prepare(s)) {
        oom(s);
        return -1;
    }
    if (!s->cb_failed && s->on_header && s->on_header(s, s->each_ctx, &s->cb_err))
        s->cb_failed = 1;
    return 0;
}

/* Streaming: a record is complete. */
static int stream_record(pk_statfile *s)
{
    fields_done(s);
    s->pos = s->nrecords;
    if (!s->cb_failed && s->on_record(s, s->each_ctx, &s->cb_err))
        s->cb_failed = 1;
    return 0;
}

/* Parse the file: into the spool, or (with on_record) handing each record
 * over as it completes. NULL with err filled on failure. */
static pk_statfile *parse(FILE *f, const char *name, enum pk_statfile_format fmt, pk_statfile_each on_header,
                          pk_statfile_each on_record, void *ctx, pk_err *err)
{
    pk_statfile *s = calloc(1, sizeof *s);
    if (!s) {
        pk_err_set(err, PK_ERR_NOMEM, "%s: out of memory", name);
        return NULL;
    }
    s->fmt = fmt;
    s->err = err;
    s->in = f;
    s->cur_obs = -1;
    s->row_count = -1;
    s->streaming = on_record != NULL;
    s->on_header = on_header;
    s->on_record = on_record;
    s->each_ctx = ctx;
    pk_err_clear(&s->cb_err);
    if (!(s->name = strdup(name))) {
        pk_err_set(err, PK_ERR_NOMEM, "%s: out of memory", name);
        free(s);
        return NULL;
    }
    s->base = ftello(f);
    if (s->base < 0) {
        pk_err_set(err, PK_ERR_DATA, "%s: an SPSS or Stata file must be seekable", name);
        goto fail;
    }
    if (!s->streaming) {
        if (!(s->spool = spool_open(s)))
            goto fail;
        if (!(s->io = malloc(SPOOL_IO))) {
            pk_err_set(err, PK_ERR_NOMEM, "%s: out of memory", name);
            goto fail;
        }
    }
    if (fmt == PK_STATFILE_SAV)
        sav_utf8(s, name);
    readstat_parser_t *p = readstat_parser_init();
    if (!p) {
        oom(s);
        goto fail;
    }
    set_io(p, s);
    if (s->utf8)
        readstat_set_handler_character_encoding(p, NULL);
    readstat_set_error_handler(p, on_error);
    readstat_set_metadata_handler(p, on_metadata);
    readstat_set_variable_handler(p, on_variable);
    readstat_set_value_handler(p, on_value);
    readstat_set_value_label_handler(p, on_value_label);
    readstat_error_t rc = fmt == PK_STATFILE_SAV ? readstat_parse_sav(p, name, s) : readstat_parse_dta(p, name, s);
    readstat_parser_free(p);
    if (s->failed)
        goto fail;
    if (rc != READSTAT_OK) {
        if (s->rs_msg[0])
            pk_err_set(err, PK_ERR_DATA, "%s: not a readable %s file: %s (%s)", name, pk_statfile_format_name(fmt),
                       readstat_error_message(rc), s->rs_msg);
        else
            pk_err_set(err, PK_ERR_DATA, "%s: not a readable %s file: %s", name, pk_statfile_format_name(fmt),
                       readstat_error_message(rc));
        goto fail;
    }
    if (end_record(s))
        goto fail;
    if (s->ncols == 0) {
        pk_err_set(err, PK_ERR_DATA, "%s: the %s file has no variables", name, pk_statfile_format_name(fmt));
        goto fail;
    }
    /* No record may be lost without a word: a damaged file that ends early
     * is an error, not a shorter survey. */
    if (s->row_count >= 0 && s->nrecords != s->row_count) {
        pk_err_set(err, PK_ERR_DATA, "%s: the file says it holds %ld records, but %ld could be read", name,
                   s->row_count, s->nrecords);
        goto fail;
    }
    if (s->streaming) {
        if (!s->header_done && stream_header(s))
            goto fail;
        if (s->cb_failed) {
            *err = s->cb_err;
            goto fail;
        }
    } else {
        if (spool_flush(s) || fflush(s->spool) != 0) {
            pk_err_set(err, PK_ERR_DATA, "%s: writing the temporary copy of its values: %s", name, strerror(errno));
            goto fail;
        }
        if (prepare(s)) {
            pk_err_set(err, PK_ERR_NOMEM, "%s: out of memory", name);
            goto fail;
        }
    }
    s->in = NULL;
    s->err = NULL;
    if (!s->streaming && pk_statfile_rewind(s, err))
        goto fail;
    return s;
fail:
    pk_statfile_free(s);
    return NULL;
}

pk_statfile *pk_statfile_read(FILE *f, const char *name, enum pk_statfile_format fmt, pk_err *err)
{
    return parse(f, name, fmt, NULL, NULL, NULL, err);
}

pk_statfile *pk_statfile_stream(FILE *f, const char *name, enum pk_statfile_format fmt, pk_statfile_each on_header,
                                pk_statfile_each on_record, void *ctx, pk_err *err)
{
    if (fmt == PK_STATFILE_SAV)
        return parse(f, name, fmt, on_header, on_record, ctx, err);
    /* A Stata file's value labels follow its data: spooled, then read. */
    pk_statfile *s = pk_statfile_read(f, name, fmt, err);
    if (!s)
        return NULL;
    int got;
    if (on_header && on_header(s, ctx, err))
        goto fail;
    while ((got = pk_statfile_next(s, err)) == 1)
        if (on_record(s, ctx, err))
            goto fail;
    if (got == 0)
        return s;
fail:
    pk_statfile_free(s);
    return NULL;
}

void pk_statfile_free(pk_statfile *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->ncols; i++) {
        free(s->cols[i].name);
        free(s->cols[i].label);
        free(s->cols[i].setname);
        for (int k = 0; k < 3; k++)
            free(s->cols[i].smiss[k]);
    }
    free(s->cols);
    for (size_t i = 0; i < s->nsets; i++) {
        for (size_t k = 0; k < s->sets[i].n; k++) {
            free(s->sets[i].l[k].str);
            free(s->sets[i].l[k].value);
            free(s->sets[i].l[k].text);
        }
        free(s->sets[i].l);
        free(s->sets[i].small);
        pk_util_hindex_free(&s->sets[i].ix);
        free(s->sets[i].name);
    }
    free(s->sets);
    pk_util_hindex_free(&s->col_ix);
    pk_util_hindex_free(&s->set_ix);
    if (s->spool)
        fclose(s->spool);
    free(s->fields);
    free(s->numtext);
    free(s->buf);
    free(s->tmp);
    free(s->io);
    free(s->name);
    free(s);
}

enum pk_statfile_format pk_statfile_format(const pk_statfile *s)
{
    return s->fmt;
}

size_t pk_statfile_ncols(const pk_statfile *s)
{
    return s->ncols;
}

const char *pk_statfile_colname(const pk_statfile *s, size_t i)
{
    return i < s->ncols ? s->cols[i].name : NULL;
}

long pk_statfile_col(const pk_statfile *s, const char *name)
{
    return find_col(s, name);
}

const char *pk_statfile_col_label(const pk_statfile *s, size_t i)
{
    return i < s->ncols ? s->cols[i].label : NULL;
}

int pk_statfile_col_numeric(const pk_statfile *s, size_t i)
{
    return i < s->ncols && s->cols[i].numeric;
}

static const struct labelset *col_set(const pk_statfile *s, size_t col)
{
    if (col >= s->ncols || s->cols[col].set < 0)
        return NULL;
    return &s->sets[s->cols[col].set];
}

size_t pk_statfile_nlabels(const pk_statfile *s, size_t col)
{
    const struct labelset *ls = col_set(s, col);
    return ls ? ls->n : 0;
}

const char *pk_statfile_label_value(const pk_statfile *s, size_t col, size_t k)
{
    const struct labelset *ls = col_set(s, col);
    return ls && k < ls->n ? ls->l[k].value : NULL;
}

const char *pk_statfile_label_text(const pk_statfile *s, size_t col, size_t k)
{
    const struct labelset *ls = col_set(s, col);
    return ls && k < ls->n ? ls->l[k].text : NULL;
}

int pk_statfile_label_missing(const pk_statfile *s, size_t col, size_t k)
{
    const struct labelset *ls = col_set(s, col);
    if (!ls || k >= ls->n)
        return 0;
    const struct label *l = &ls->l[k];
    const struct col *c = &s->cols[col];
    if (l->kind == CELL_TAGGED)
        return 1;
    for (int i = 0; i < c->nmiss; i++) {
        if (l->kind == CELL_STRING ? c->smiss[i] && strcmp(c->smiss[i], l->str) == 0
                                   : !c->smiss[i] && l->num >= c->lo[i] && l->num <= c->hi[i])
            return 1;
    }
    return 0;
}

int pk_statfile_rewind(pk_statfile *s, pk_err *err)
{
    if (!s->spool)
        return pk_err_set(err, PK_ERR_DATA, "%s: read as it was parsed: it cannot be read again", s->name);
    s->pos = 0;
    s->iolen = s->iopos = 0;
    if (fseeko(s->spool, 0, SEEK_SET) != 0)
        return pk_err_set(err, PK_ERR_DATA, "%s: cannot read its temporary copy again: %s", s->name, strerror(errno));
    return 0;
}

/* A value's key in a label set's index: its kind and its bytes (a number
 * by its bits, 0 and -0 alike). */
static uint64_t label_hash(int kind, double num, char tag, const char *str, size_t len)
{
    uint64_t h = pk_util_hash_add(pk_util_hash(NULL, 0), (const char *)&kind, sizeof kind);
    if (kind == CELL_DOUBLE) {
        if (num == 0)
            num = 0;
        return pk_util_hash_add(h, (const char *)&num, sizeof num);
    }
    if (kind == CELL_TAGGED)
        return pk_util_hash_add(h, &tag, 1);
    return pk_util_hash_add(h, str, len);
}

static const struct label *find_label(const struct labelset *ls, int kind, double num, char tag, const char *str,
                                      size_t len)
{
    if (!ls || ls->n == 0)
        return NULL;
    uint64_t h = label_hash(kind, num, tag, str, len);
    size_t at = 0, k;
    while ((k = pk_util_hindex_next(&ls->ix, h, &at)) != SIZE_MAX) {
        const struct label *l = &ls->l[k];
        if (l->kind != kind)
            continue;
        if ((kind == CELL_DOUBLE && l->num == num) || (kind == CELL_TAGGED && l->tag == tag) ||
            (kind == CELL_STRING && strcmp(l->str, str) == 0))
            return l;
    }
    return NULL;
}

/* Index each label set once the file is read: a value's first label only,
 * as a scan in the file's order would find it. */
static int is_small(const struct label *l)
{
    return l->kind == CELL_DOUBLE && l->num >= 0 && l->num < SMALL_NUMBERS && l->num == (double)(int)l->num;
}

static int index_labels(pk_statfile *s)
{
    for (size_t i = 0; i < s->nsets; i++) {
        struct labelset *ls = &s->sets[i];
        for (size_t k = 0; k < ls->n; k++) {
            struct label *l = &ls->l[k];
            l->textlen = strlen(l->text);
            size_t len = l->str ? strlen(l->str) : 0;
            if (find_label(ls, l->kind, l->num, l->tag, l->str, len))
                continue;
            if (pk_util_hindex_add(&ls->ix, label_hash(l->kind, l->num, l->tag, l->str, len), k))
                return -1;
            if (is_small(l) && (size_t)l->num >= ls->nsmall)
                ls->nsmall = (size_t)l->num + 1;
        }
        if (ls->nsmall > 8 * ls->n + 128) {
            ls->by_hash = 1;
            continue;
        }
        if (ls->nsmall && !(ls->small = calloc(ls->nsmall, sizeof *ls->small)))
            return -1;
        /* Each value's first label, as the index holds it. */
        for (size_t k = ls->n; k-- > 0;)
            if (is_small(&ls->l[k]))
                ls->small[(size_t)ls->l[k].num] = &ls->l[k];
    }
    return 0;
}

static int get_slow(pk_statfile *s, void *p, size_t n, pk_err *err)
{
    unsigned char *to = p;
    while (n > 0) {
        if (s->iopos == s->iolen) {
            s->iopos = 0;
            s->iolen = fread_unlocked(s->io, 1, SPOOL_IO, s->spool);
            if (s->iolen == 0)
                return pk_err_set(err, PK_ERR_DATA, "%s: its temporary copy is damaged or unreadable", s->name);
        }
        size_t k = s->iolen - s->iopos < n ? s->iolen - s->iopos : n;
        memcpy(to, s->io + s->iopos, k);
        s->iopos += k;
        to += k;
        n -= k;
    }
    return 0;
}

/* As put: the common case inline. */
static inline int get(pk_statfile *s, void *p, size_t n, pk_err *err)
{
    if (s->iolen - s->iopos < n)
        return get_slow(s, p, n, err);
    memcpy(p, s->io + s->iopos, n);
    s->iopos += n;
    return 0;
}

/* Room for n more bytes in the record buffer. The fields already set
 * that point into it are moved with it. -1 when memory runs out. */
static int buf_room(pk_statfile *s, size_t n)
{
    if (s->blen + n <= s->bcap)
        return 0;
    size_t cap = s->bcap ? s->bcap : 256;
    while (cap < s->blen + n)
        if ((cap *= 2) == 0)
            return -1;
    char *nb = malloc(cap);
    if (!nb)
        return -1;
    if (s->blen)
        memcpy(nb, s->buf, s->blen);
    for (size_t i = 0; i < s->ncols; i++) {
        struct field *f = &s->fields[i];
        if (f->in_buf & 1)
            f->text = nb + (f->text - s->buf);
        if (f->in_buf & 2)
            f->alt = nb + (f->alt - s->buf);
    }
    free(s->buf);
    s->buf = nb;
    s->bcap = cap;
    return 0;
}

/* A copy of text t (n bytes) in the record buffer, terminated; NULL when
 * memory runs out. */
static inline const char *buf_add(pk_statfile *s, const char *t, size_t n)
{
    if (s->blen + n + 1 > s->bcap && buf_room(s, n + 1))
        return NULL;
    char *at = s->buf + s->blen;
    memcpy(at, t, n);
    at[n] = '\0';
    s->blen += n + 1;
    return at;
}

/* Field f: label l's text with own as its alternative, or own when l is
 * NULL. in_buf: own is in the record buffer. */
static inline void put_field(struct field *f, const struct label *l, const char *own, size_t ownlen, int in_buf,
                             int tag)
{
    f->missing = (tag & CELL_MISSING) != 0;
    if (l) {
        /* The label's text is the file's, held as long as s. */
        f->text = l->text;
        f->len = l->textlen;
        f->alt = own;
        f->altlen = ownlen;
        f->in_buf = in_buf ? 2 : 0;
    } else {
        f->text = own;
        f->len = ownlen;
        f->alt = NULL;
        f->altlen = 0;
        f->in_buf = in_buf ? 1 : 0;
    }
}

/* Variable i's field from a string (ReadStat's, or the spool's, only
 * until the next value: copied). -1 when memory runs out. */
static inline int set_string(pk_statfile *s, size_t i, int tag, const char *str, size_t len)
{
    const struct labelset *ls = col_set(s, i);
    const struct label *l = ls ? find_label(ls, CELL_STRING, 0, 0, str, len) : NULL;
    const char *own = buf_add(s, str, len);
    if (!own)
        return -1;
    put_field(&s->fields[i], l, own, len, 1, tag);
    return 0;
}

/* Variable i's field from a number. -1 when memory runs out. */
static inline int set_number(pk_statfile *s, size_t i, int tag, double d)
{
    const struct labelset *ls = col_set(s, i);
    if (d >= 0 && d < SMALL_NUMBERS && d == (double)(int)d) {
        int v = (int)d;
        const struct label *l = !ls                ? NULL
                                : ls->by_hash      ? find_label(ls, CELL_DOUBLE, d, 0, NULL, 0)
                                : (size_t)v < ls->nsmall ? ls->small[v]
                                                   : NULL;
        put_field(&s->fields[i], l, s->numtext[v], v < 10 ? 1 : v < 100 ? 2 : v < 1000 ? 3 : 4, 0, tag);
        return 0;
    }
    char num[PK_NUMBER_BUFSIZE];
    format_number(num, d, (tag & 0x0F) == CELL_FLOAT);
    size_t len = strlen(num);
    const char *own = buf_add(s, num, len);
    if (!own)
        return -1;
    put_field(&s->fields[i], find_label(ls, CELL_DOUBLE, d, 0, NULL, 0), own, len, 1, tag);
    return 0;
}

/* Variable i's field of the record being filled, from its cell: the
 * value's text, or its label with the text as the alternative. -1 when
 * memory runs out. */
static int set_cell(pk_statfile *s, size_t i, int tag, double d, char t, const char *str, size_t len)
{
    switch (tag & 0x0F) {
    case CELL_DOUBLE:
    case CELL_FLOAT:
        return set_number(s, i, tag, d);
    case CELL_STRING:
        return set_string(s, i, tag, str, len);
    case CELL_TAGGED: {
        char text[3] = {'.', t, '\0'};
        const char *own = buf_add(s, text, 2);
        if (!own)
            return -1;
        put_field(&s->fields[i], find_label(col_set(s, i), CELL_TAGGED, 0, t, NULL, 0), own, 2, 1, tag);
        return 0;
    }
    default:
        put_field(&s->fields[i], NULL, "", 0, 0, tag);
        return 0;
    }
}

/* The record is complete: its buffer is reused by the next. */
static void fields_done(pk_statfile *s)
{
    s->blen = 0;
}

int pk_statfile_next(pk_statfile *s, pk_err *err)
{
    if (s->pos >= s->nrecords)
        return 0;
    s->blen = 0;
    for (size_t i = 0; i < s->ncols; i++) {
        unsigned char tag = 0;
        if (get(s, &tag, 1, err))
            return -1;
        double d = 0;
        char t = 0;
        uint32_t len = 0;
        switch (tag & 0x0F) {
        case CELL_EMPTY:
            break;
        case CELL_DOUBLE:
        case CELL_FLOAT:
            if (get(s, &d, sizeof d, err))
                return -1;
            break;
        case CELL_TAGGED:
            if (get(s, &t, 1, err))
                return -1;
            break;
        case CELL_STRING:
            if (get(s, &len, sizeof len, err))
                return -1;
            if (pk_util_grow((void **)&s->tmp, &s->tcap, (size_t)len + 1, 1))
                return pk_err_set(err, PK_ERR_NOMEM, "%s: out of memory", s->name);
            if (get(s, s->tmp, len, err))
                return -1;
            s->tmp[len] = '\0';
            break;
        default:
            return pk_err_set(err, PK_ERR_DATA, "%s: its temporary copy is damaged", s->name);
        }
        if (set_cell(s, i, tag, d, t, s->tmp, len))
            return pk_err_set(err, PK_ERR_NOMEM, "%s: out of memory", s->name);
    }
    fields_done(s);
    s->pos++;
    return 1;
}

const char *pk_statfile_field(const pk_statfile *s, size_t i)
{
    return i < s->ncols ? s->fields[i].text : NULL;
}

size_t pk_statfile_field_len(const pk_statfile *s, size_t i)
{
    return i < s->ncols ? s->fields[i].len : 0;
}

const char *pk_statfile_field_alt(const pk_statfile *s, size_t i, size_t *len)
{
    if (i >= s->ncols || !s->fields[i].alt) {
        if (len)
            *len = 0;
        return NULL;
    }
    if (len)
        *len = s->fields[i].altlen;
    return s->fields[i].alt;
}

int pk_statfile_field_missing(const pk_statfile *s, size_t i)
{
    return i < s->ncols && s->fields[i].missing;
}

void pk_statfile_get(const pk_statfile *s, size_t i, const char **text, size_t *len, const char **alt, size_t *altlen,
                     int *missing)
{
    if (i >= s->ncols) {
        *text = *alt = NULL;
        *len = *altlen = 0;
        *missing = 0;
        return;
    }
    const struct field *f = &s->fields[i];
    *text = f->text;
    *len = f->len;
    *alt = f->alt;
    *altlen = f->alt ? f->altlen : 0;
    *missing = f->missing;
}

long pk_statfile_line(const pk_statfile *s)
{
    return s->pos + 1;
}

long pk_statfile_records(const pk_statfile *s)
{
    return s->pos;
}
