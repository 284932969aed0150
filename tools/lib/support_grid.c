/* A loaded support table as a grid (support_grid.h). */
#include "support_grid.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static int push(pk_support_grid *g, size_t *cap, const pk_support_table_row *r)
{
    if (pk_util_grow((void **)&g->rows, cap, g->nrows + 1, sizeof *g->rows))
        return -1;
    g->rows[g->nrows++] = *r;
    return 0;
}

/* One question's block: each group with any row of q, each response. */
static int add_block(pk_support_grid *g, size_t *cap, size_t q)
{
    const pk_support_table *t = g->t;
    size_t *first, nr;
    if (pk_support_table_question_responses(t, q, &first, &nr))
        return -1;
    int rc = 0;
    for (size_t k = 0; k < t->ngroups && !rc; k++) {
        const pk_support_table_group *gr = &t->groups[k];
        const pk_support_table_row *any = pk_support_table_find_any(t, t->questions[q], gr->by,
                                                                    gr->group);
        if (!any)
            continue;
        for (size_t j = 0; j < nr && !rc; j++) {
            /* the response's first row gives its labels when the group lacks it */
            const pk_support_table_row *o = &t->rows[first[j]];
            const pk_support_table_row *r =
                pk_support_table_find(t, t->questions[q], gr->by, gr->group, o->response);
            pk_support_table_row cell;
            if (r) {
                cell = *r;
            } else {
                /* the group's base, no share */
                cell = *any;
                cell.response = o->response;
                cell.response_label = o->response_label;
                cell.response_kind = o->response_kind;
                cell.share = cell.se = cell.ci_low = cell.ci_high = NAN;
                cell.count = NAN;
                cell.sig_higher_than = "";
            }
            rc = push(g, cap, &cell);
        }
    }
    free(first);
    return rc;
}

int pk_support_grid_make(pk_support_grid *g, const pk_support_table *t, const char *source,
                         long min_base, pk_err *err)
{
    memset(g, 0, sizeof *g);
    g->t = t;
    size_t cap = 0;
    for (size_t q = 0; q < t->nquestions; q++)
        if (add_block(g, &cap, q)) {
            pk_support_grid_free(g);
            return pk_err_nomem(err);
        }
    pk_support_info *in = &g->info;
    const pk_support_table_row *r0 = t->nrows ? &t->rows[0] : NULL;
    in->source = source;
    in->nrows_input = -1;
    /* "none" is pollsupport --unweighted; "" a published table's, not known */
    in->weight = r0 && strcmp(r0->weight, "none") == 0 ? NULL : r0 ? r0->weight : "";
    in->ci_method = r0 && r0->ci_method[0] ? r0->ci_method : "logit";
    in->level = isnan(t->level) ? 0.95 : t->level;
    in->base = r0 ? r0->base : "all";
    for (size_t i = 0; i < t->nrows && in->base; i++)
        if (strcmp(t->rows[i].base, in->base) != 0)
            in->base = NULL;
    if (in->base && !in->base[0])
        in->base = "all";
    in->se_method = r0 && r0->se_method[0] ? r0->se_method : "fixed";
    in->deff_source = r0 && r0->deff_source[0] ? r0->deff_source : "kish";
    in->min_base = min_base;
    in->sig_level = 0;
    return 0;
}

void pk_support_grid_free(pk_support_grid *g)
{
    free(g->rows);
    g->rows = NULL;
    g->nrows = 0;
}

void pk_support_grid_row(const void *grid, size_t i, pk_support_table_row *row)
{
    const pk_support_grid *g = grid;
    *row = g->rows[i];
}
