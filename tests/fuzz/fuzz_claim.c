/* libFuzzer harness for the claim-language parser: any line either parses
 * or fails with a message that names a column; nothing crashes or leaks. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "claim.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    char *line = malloc(size);
    memcpy(line, data + 1, size - 1);
    line[size - 1] = '\0';
    pk_claim c;
    memset(&c, 0, sizeof c);
    pk_err e;
    pk_err_clear(&e);
    int rc = pk_claim_parse(line, data[0] & 1, "c", "fuzz", 1, &c, &e);
    if (rc != 0 && (e.status == 0 || strncmp(e.msg, "fuzz:1:", 7) != 0))
        abort(); /* a failure must say where */
    pk_claim_free(&c);
    free(line);
    return 0;
}
