/* Gathering the claims pollclaim checks (claim.h): a claims file read line
 * by line into a list of parsed claims, and the check that no two claims
 * share an id. The reading is here rather than in pollclaim's main so that
 * it can be unit-tested and fuzzed with the parser it feeds. */
#include "claim.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

int pk_claim_list_parse(pk_claim_list *l, const char *line, int require_id,
                        const char *default_id, const char *source, long lineno, pk_err *err)
{
    if (pk_util_grow((void **)&l->v, &l->cap, l->n + 1, sizeof *l->v))
        return pk_err_nomem(err);
    int rc = pk_claim_parse(line, require_id, default_id, source, lineno, &l->v[l->n], err);
    if (rc == 0)
        l->n++;
    return rc;
}

/* Drop the claims l gained after it held `keep`. */
static void truncate_list(pk_claim_list *l, size_t keep)
{
    while (l->n > keep)
        pk_claim_free(&l->v[--l->n]);
}

int pk_claim_file_read(FILE *f, const char *name, pk_claim_list *l, pk_err *err)
{
    char *line = NULL;
    size_t cap = 0, before = l->n;
    long lineno = 0;
    ssize_t len;
    int rc = 0;
    while (rc == 0 && (len = getline(&line, &cap, f)) >= 0) {
        lineno++;
        if ((size_t)len != strlen(line)) {
            rc = pk_err_set(err, PK_ERR_DATA, "%s:%ld: a NUL byte in the claims file", name, lineno);
            break;
        }
        char *s = line;
        if (lineno == 1 && strncmp(s, "\xEF\xBB\xBF", 3) == 0)
            s += 3;
        size_t lead = strspn(s, " \t\r\n");
        if (s[lead] == '\0' || s[lead] == '#')
            continue;
        rc = pk_claim_list_parse(l, s, 1, "", name, lineno, err);
    }
    if (rc == 0 && ferror(f))
        rc = pk_err_set(err, PK_ERR_DATA, "%s: %s", name, strerror(errno));
    else if (rc == 0 && l->n == before)
        rc = pk_err_set(err, PK_ERR_DATA, "%s: no claims in the file", name);
    free(line);
    if (rc != 0)
        truncate_list(l, before);
    return rc;
}

/* Ids by hash: a file of 100,000 claims is checked in a moment. */
int pk_claim_list_check_ids(const pk_claim_list *l, pk_err *err)
{
    pk_util_hindex ids = {0};
    int rc = 0;
    for (size_t i = 0; i < l->n && rc == 0; i++) {
        const pk_claim *c = &l->v[i];
        uint64_t h = pk_util_hash(c->id, strlen(c->id));
        size_t slot = 0, j;
        while (rc == 0 && (j = pk_util_hindex_next(&ids, h, &slot)) != SIZE_MAX)
            if (strcmp(c->id, l->v[j].id) == 0)
                rc = pk_err_set(err, PK_ERR_DATA, "%s:%ld: claim id '%s' is already used (%s:%ld)",
                                c->source, c->line, c->id, l->v[j].source, l->v[j].line);
        if (rc == 0 && pk_util_hindex_add(&ids, h, i))
            rc = pk_err_nomem(err);
    }
    pk_util_hindex_free(&ids);
    return rc;
}

void pk_claim_list_free(pk_claim_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        pk_claim_free(&l->v[i]);
    free(l->v);
    memset(l, 0, sizeof *l);
}
