/* libFuzzer harness for the banner reader (polltable): any bytes either
 * give a support table, which is then written, or an error with its
 * message; nothing crashes or leaks. The first byte picks the delimiter
 * and whether a design effect is given. */
#include <gsl/gsl_errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "banner.h"
#include "csvio.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    gsl_set_error_handler_off();   /* as every program's main() does */
    FILE *f = fmemopen((void *)(data + 1), size - 1, "r");
    if (!f)
        return 0;
    pk_err e;
    pk_err_clear(&e);
    char delim = (data[0] & 1) ? '\t' : ',';
    pk_csv_reader *r = pk_csv_reader_open_stream_flags(f, "fuzz", delim, PK_READER_NO_HEADER, &e);
    if (!r) {
        fclose(f);
        if (e.status == 0 || e.msg[0] == '\0')
            abort();
        return 0;
    }
    pk_banner_opts o;
    memset(&o, 0, sizeof o);
    o.ci = (data[0] & 4) ? PK_ESTIMATE_CI_BETA : PK_ESTIMATE_CI_LOGIT;
    o.level = 0.95;
    o.min_base = 50;
    o.deff = (data[0] & 2) ? 1.5 : 0;
    pk_banner *b = pk_banner_read(r, &o, &e);
    if (!b && (e.status == 0 || e.msg[0] == '\0'))
        abort();
    if (b) {
        for (size_t i = 0; i < pk_banner_nnotes(b); i++)
            if (!pk_banner_note(b, i))
                abort();
        FILE *out = fopen("/dev/null", "w");
        if (out) {
            pk_csv_writer w;
            pk_csv_writer_init(&w, out, ',');
            pk_support_table_write_header(&w, 0);
            for (size_t i = 0; i < pk_banner_nrows(b); i++)
                pk_support_table_write_row(&w, pk_banner_row_at(b, i), 0);
            fclose(out);
        }
        pk_banner_free(b);
    }
    pk_csv_reader_close(r);
    fclose(f);
    return 0;
}
