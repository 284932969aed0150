/* libFuzzer harness for the CSV reader and writer. Properties: the reader
 * never crashes or leaks on any bytes, and a failure always says why; every
 * record it returns has the header's field count and a line number that
 * never moves backwards (a bare CR can end two records on one line); and the canonical form it writes is a fixed point: read
 * and written again, it comes back byte for byte. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvio.h"

/* Read len bytes as CSV and write them back in canonical form. Returns 1
 * when the input was read to its end, 0 when the reader rejected it. */
static int canonical(const char *data, size_t len, char delim, char **out, size_t *outlen)
{
    *out = NULL;
    *outlen = 0;
    FILE *in = fmemopen((void *)data, len, "r");
    if (!in)
        abort();
    pk_err e;
    pk_err_clear(&e);
    pk_reader *r = pk_reader_open_stream(in, "fuzz", delim, &e);
    if (!r) {
        if (e.status == 0 || e.msg[0] == '\0')
            abort();
        fclose(in);
        return 0;
    }
    FILE *o = open_memstream(out, outlen);
    pk_writer w;
    pk_writer_init(&w, o, delim);
    size_t ncols = pk_reader_ncols(r);
    for (size_t i = 0; i < ncols; i++)
        pk_writer_field(&w, pk_reader_colname(r, i));
    pk_writer_end(&w);
    long last_line = pk_reader_header_line(r);
    int got;
    while ((got = pk_reader_next(r, &e)) == 1) {
        if (pk_reader_nfields(r) != ncols || pk_reader_line(r) < last_line)
            abort();
        last_line = pk_reader_line(r);
        for (size_t i = 0; i < ncols; i++) {
            if (strlen(pk_reader_field(r, i)) != pk_reader_field_len(r, i))
                abort();
            pk_writer_field(&w, pk_reader_field(r, i));
        }
        pk_writer_end(&w);
    }
    if (got < 0 && (e.status == 0 || e.msg[0] == '\0'))
        abort();
    fclose(o);
    pk_reader_close(r);
    fclose(in);
    return got == 0;
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
