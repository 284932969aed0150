/* The rows of a claim's result (claim.h): made here for claim_eval.c and
 * claim_trend.c alike. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "claim.h"
#include "claim_internal.h"

pk_claim_row *pk_claim_new_row(pk_claim_result *res, const pk_claim *c, pk_claim_row_kind kind,
                               pk_err *err)
{
    if (res->nrows == res->cap) {
        size_t cap = res->cap ? 2 * res->cap : 32;
        pk_claim_row *rows = realloc(res->rows, cap * sizeof *rows);
        if (!rows) {
            pk_err_nomem(err);
            return NULL;
        }
        res->rows = rows;
        res->cap = cap;
    }
    pk_claim_row *r = &res->rows[res->nrows++];
    memset(r, 0, sizeof *r);
    r->kind = kind;
    r->claim = c;
    r->threshold = r->estimate = r->ci_low = r->ci_high = NAN;
    r->dont_know = r->excl_dont_know = NAN;
    r->n = r->versus_n = -1;
    r->clearly = r->plausibly = r->needed = r->proposals = -1;
    return r;
}

int pk_claim_set_strings(pk_claim_row *r, const char *q, const char *ql, const char *g,
                         const char *gl, const char *v, const char *vl, const char *resp,
                         pk_err *err)
{
    r->question = strdup(q);
    r->question_label = strdup(ql);
    r->group = strdup(g);
    r->group_label = strdup(gl);
    r->versus = strdup(v);
    r->versus_label = strdup(vl);
    r->response = strdup(resp);
    if (!r->question || !r->question_label || !r->group || !r->group_label || !r->versus ||
        !r->versus_label || !r->response)
        return pk_err_nomem(err);
    return 0;
}
