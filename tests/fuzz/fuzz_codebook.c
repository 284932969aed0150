/* libFuzzer harness for the codebook loader: any bytes either load or fail
 * with a message; a loaded codebook answers its queries; nothing crashes or
 * leaks. The loader takes a path, so each input goes through a file. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "codebook.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char path[64];
    if (!path[0])
        snprintf(path, sizeof path, "/tmp/pollkit-fuzz-codebook.%ld.csv", (long)getpid());
    FILE *f = fopen(path, "wb");
    if (!f)
        return 0;
    fwrite(data, 1, size, f);
    fclose(f);
    pk_err e;
    pk_err_clear(&e);
    pk_codebook *cb = pk_codebook_read(path, &e);
    if (!cb) {
        if (e.status == 0 || e.msg[0] == '\0')
            abort();
    } else {
        for (size_t i = 0; i < pk_codebook_nvars(cb); i++) {
            const pk_codebook_var *v = pk_codebook_var_at(cb, i);
            if (pk_codebook_find(cb, v->name) == NULL)
                abort();
            for (size_t k = 0; k < v->ncodes; k++)
                if (pk_codebook_code_label(v, v->codes[k].code) == NULL)
                    abort();
        }
        pk_codebook_free(cb);
    }
    unlink(path);
    return 0;
}
