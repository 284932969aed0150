/* libFuzzer harness for the targets parser: any bytes either give targets
 * or an error with its message; nothing crashes or leaks. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "targets.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    FILE *f = fmemopen((void *)(data + 1), size - 1, "r");
    if (!f)
        return 0;
    pk_err e;
    pk_err_clear(&e);
    pk_targets *t = pk_targets_read_stream(f, "fuzz", data[0] & 1, &e);
    if (!t && (e.status == 0 || e.msg[0] == '\0'))
        abort();
    pk_targets_free(t);
    fclose(f);
    return 0;
}
