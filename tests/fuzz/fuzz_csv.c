/* libFuzzer harness for the CSV reader and writer. Properties: the reader
 * never crashes or leaks on any bytes, and a failure always says why; every
 * record it returns has the header's field count and a line number that
 * never moves backwards (a bare CR can end two records on one line); the
 * canonical form it writes is a fixed point: read and written again, it
 * comes back byte for byte; and the reader's own splitting of quote-free
 * lines sees exactly what libcsv alone sees, errors included. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvio.h"

/* Read len bytes as CSV and write them back in canonical form. Returns 1
 * when the input was read to its end, 0 when the reader rejected it. */
static char last_error[PK_ERR_MAX];

static int canonical_flags(const char *data, size_t len, char delim, unsigned flags, char **out,
                           size_t *outlen)
{
    last_error[0] = '\0';
    *out = NULL;
    *outlen = 0;
    FILE *in = fmemopen((void *)data, len, "r");
    if (!in)
        abort();
    pk_err e;
    pk_err_clear(&e);
    pk_csv_reader *r = pk_csv_reader_open_stream_flags(in, "fuzz", delim, flags, &e);
    if (!r) {
        if (e.status == 0 || e.msg[0] == '\0')
            abort();
        memcpy(last_error, e.msg, sizeof last_error);
        fclose(in);
        return 0;
    }
    FILE *o = open_memstream(out, outlen);
    pk_csv_writer w;
    pk_csv_writer_init(&w, o, delim);
    size_t ncols = pk_csv_reader_ncols(r);
    for (size_t i = 0; i < ncols; i++)
        pk_csv_writer_field(&w, pk_csv_reader_colname(r, i));
    pk_csv_writer_end(&w);
    long last_line = pk_csv_reader_header_line(r);
    int got;
    while ((got = pk_csv_reader_next(r, &e)) == 1) {
        if (pk_csv_reader_nfields(r) != ncols || pk_csv_reader_line(r) < last_line)
            abort();
        last_line = pk_csv_reader_line(r);
        for (size_t i = 0; i < ncols; i++) {
            if (strlen(pk_csv_reader_field(r, i)) != pk_csv_reader_field_len(r, i))
                abort();
            pk_csv_writer_field(&w, pk_csv_reader_field(r, i));
        }
        pk_csv_writer_end(&w);
    }
    if (got < 0 && (e.status == 0 || e.msg[0] == '\0'))
        abort();
    if (got < 0)
        memcpy(last_error, e.msg, sizeof last_error);
    fclose(o);
    pk_csv_reader_close(r);
    fclose(in);
    return got == 0;
}

/* Both ways of reading must agree on the records and on any error. */
static int canonical(const char *data, size_t len, char delim, char **out, size_t *outlen)
{
    char *slow;
    size_t nslow;
    int ok_slow = canonical_flags(data, len, delim, PK_READER_LIBCSV_ONLY, &slow, &nslow);
    char err_slow[PK_ERR_MAX];
    memcpy(err_slow, last_error, sizeof err_slow);
    int ok = canonical_flags(data, len, delim, 0, out, outlen);
    if (ok != ok_slow || strcmp(err_slow, last_error) != 0 || nslow != *outlen ||
        (nslow && memcmp(slow, *out, nslow) != 0))
        abort();
    free(slow);
    return ok;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    char delim = (data[0] & 1) ? '\t' : ',';
    char *once, *twice;
    size_t n1, n2;
    if (canonical((const char *)data + 1, size - 1, delim, &once, &n1)) {
        if (!canonical(once, n1, delim, &twice, &n2))
            abort();
        if (n1 != n2 || memcmp(once, twice, n1) != 0)
            abort();
        free(twice);
    }
    free(once);
    return 0;
}
