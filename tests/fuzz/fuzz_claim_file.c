/* libFuzzer harness for the claims-file reader: any file either reads
 * into claims or fails with a message that names the file, and a failure
 * leaves the list as it was; nothing crashes or leaks. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "claim.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    FILE *f = fmemopen((void *)data, size, "r");
    if (!f)
        return 0;
    pk_claim_list l = {0};
    pk_err e;
    pk_err_clear(&e);
    int rc = pk_claim_file_read(f, "fuzz", &l, &e);
    fclose(f);
    if (rc != 0 && (e.status == 0 || strncmp(e.msg, "fuzz:", 5) != 0 || l.n != 0))
        abort(); /* a failure must say where, and keep nothing */
    if (rc == 0 && pk_claim_list_check_ids(&l, &e) != 0 && strncmp(e.msg, "fuzz:", 5) != 0)
        abort();
    pk_claim_list_free(&l);
    return 0;
}
