/* libFuzzer harness (and corpus replay) for reading SPSS and Stata files
 * through input.h: on any bytes, opening and reading every record either
 * succeeds or fails with a message, never crashes or leaks; every record
 * has the header's field count, lines count up from 2, and every text is
 * valid UTF-8; and drafting a codebook from them gives a draft or a
 * message. ReadStat itself is not instrumented, so the corpus in
 * corpus/statfile and the damaged files tests/fuzz/make_statfile_corpus.sh
 * derives from the fixtures (tests/cli/statfile_corrupt.sh) are the test. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codebook_draft.h"
#include "csvio.h"
#include "input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FILE *f = fmemopen((void *)data, size, "rb");
    if (!f)
        return 0;
    pk_err e;
    pk_err_clear(&e);
    pk_input *in = pk_input_open(f, "fuzz", ',', &e);
    if (!in) {
        if (e.status == 0 || e.msg[0] == '\0')
            abort();
        fclose(f);
        return 0;
    }
    size_t ncols = pk_input_ncols(in);
    const pk_statfile *sf = pk_input_statfile(in);
    for (size_t i = 0; i < ncols; i++) {
        const char *name = pk_input_colname(in, i), *label = pk_input_col_label(in, i);
        if (!name || !label || pk_csv_utf8_invalid_at(label, strlen(label)) != (size_t)-1)
            abort();
        for (size_t k = 0; sf && k < pk_statfile_nlabels(sf, i); k++) {
            const char *v = pk_statfile_label_value(sf, i, k), *t = pk_statfile_label_text(sf, i, k);
            if (!v || !t || pk_csv_utf8_invalid_at(t, strlen(t)) != (size_t)-1)
                abort();
            (void)pk_statfile_label_missing(sf, i, k);
        }
    }
    int got;
    long last = pk_input_header_line(in);
    while ((got = pk_input_next(in, &e)) == 1) {
        if (pk_input_nfields(in) != ncols || pk_input_line(in) <= last)
            abort();
        last = pk_input_line(in);
        for (size_t i = 0; i < ncols; i++) {
            const char *t = pk_input_field(in, i);
            size_t len = pk_input_field_len(in, i), alen;
            if (!t || strlen(t) != len || pk_csv_utf8_invalid_at(t, len) != (size_t)-1)
                abort();
            const char *a = pk_input_field_alt(in, i, &alen);
            if (a && strlen(a) != alen)
                abort();
        }
    }
    if (got < 0 && e.msg[0] == '\0')
        abort();
    pk_input_close(in);
    /* The same bytes drafted as a codebook: a draft or a message. */
    rewind(f);
    char *draft = NULL;
    size_t dlen = 0;
    FILE *out = open_memstream(&draft, &dlen);
    if (!out)
        abort();
    pk_codebook_draft_opts o = {',', 0};
    pk_codebook_draft_summary sum;
    pk_err_clear(&e);
    if (pk_codebook_draft_write(f, "fuzz", &o, out, &sum, &e) != 0 && e.msg[0] == '\0')
        abort();
    fclose(out);
    free(draft);
    fclose(f);
    return 0;
}
