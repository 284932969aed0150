/* The questions and --by columns of a support table; see support_plan.h. */
#include "support_plan.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

/* The scale of a codebook variable named in --questions: a question's own,
 * or for a category a nominal scale of its codes and labels (kept in
 * p->owned); NULL for any other kind (then the data give the codes). */
static int category_scale(pk_support_plan *p, const pk_codebook_var *v, const pk_scale **out,
                          pk_err *err)
{
    *out = NULL;
    if (v->resp_scale) {
        *out = v->resp_scale;
        return 0;
    }
    if (v->type != PK_CODEBOOK_VAR_CATEGORY && v->type != PK_CODEBOOK_VAR_BAND)
        return 0;
    if (pk_util_grow((void **)&p->owned, &p->capowned, p->nowned + 1, sizeof *p->owned))
        return pk_err_nomem(err);
    pk_scale *s = pk_scale_new(v->name, v->label);
    if (!s)
        return pk_err_nomem(err);
    p->owned[p->nowned++] = s;
    int rc = 0;
    for (size_t k = 0; k < v->ncodes && !rc; k++)
        rc = pk_scale_add_code(s, v->codes[k].code, v->codes[k].label, PK_SIDE_NONE, 0, err);
    if (!rc)
        rc = pk_scale_finish(s, err);
    if (!rc)
        *out = s;
    return rc;
}

static int plan_questions(pk_support_plan *p, const pk_codebook *cb, const char *cb_name,
                          const char *const *questions, size_t nq, pk_err *err)
{
    if (nq) {
        if (!(p->questions = calloc(nq, sizeof *p->questions)))
            return pk_err_nomem(err);
        for (size_t i = 0; i < nq; i++) {
            const pk_codebook_var *v = cb ? pk_codebook_find(cb, questions[i]) : NULL;
            p->questions[i].name = questions[i];
            p->questions[i].label = v && v->label && v->label[0] ? v->label : NULL;
            p->questions[i].wording = v && v->wording && v->wording[0] ? v->wording : NULL;
            int rc = v ? category_scale(p, v, &p->questions[i].scale, err) : 0;
            if (rc)
                return rc;
        }
        p->nquestions = nq;
        p->strict = 1;
        return 0;
    }
    size_t nv = cb ? pk_codebook_nvars(cb) : 0;
    if (!(p->questions = calloc(nv ? nv : 1, sizeof *p->questions)))
        return pk_err_nomem(err);
    for (size_t i = 0; i < nv; i++) {
        const pk_codebook_var *v = pk_codebook_var_at(cb, i);
        if (v->type != PK_CODEBOOK_VAR_QUESTION)
            continue;
        pk_support_question *q = &p->questions[p->nquestions++];
        q->name = v->name;
        q->label = v->label && v->label[0] ? v->label : NULL;
        q->wording = v->wording && v->wording[0] ? v->wording : NULL;
        q->scale = v->resp_scale;
    }
    if (p->nquestions == 0)
        return pk_err_set(err, PK_ERR_DATA, "%s: the codebook declares no questions",
                          cb_name ? cb_name : "the codebook");
    return 0;
}

static int plan_by(pk_support_plan *p, const pk_codebook *cb, const char *const *by, size_t nby,
                   pk_err *err)
{
    if (!(p->by = calloc(nby ? nby : 1, sizeof *p->by)))
        return pk_err_nomem(err);
    p->nby = nby;
    for (size_t i = 0; i < nby; i++) {
        p->by[i].column = by[i];
        const pk_codebook_var *v = cb ? pk_codebook_find(cb, by[i]) : NULL;
        if (v && v->label && v->label[0])
            p->by[i].label = v->label;
        if (!v || v->ncodes == 0 || v->type == PK_CODEBOOK_VAR_QUESTION)
            continue;
        const char **codes = malloc(v->ncodes * sizeof *codes);
        const char **labels = malloc(v->ncodes * sizeof *labels);
        p->by[i].codes = codes;
        p->by[i].labels = labels;
        if (!codes || !labels)
            return pk_err_nomem(err);
        for (size_t k = 0; k < v->ncodes; k++) {
            codes[k] = v->codes[k].code;
            labels[k] = v->codes[k].label;
        }
        p->by[i].ncodes = v->ncodes;
    }
    return 0;
}

int pk_support_plan_make(pk_support_plan *p, const pk_codebook *cb, const char *cb_name,
                         const char *const *questions, size_t nq, const char *const *by,
                         size_t nby, pk_err *err)
{
    memset(p, 0, sizeof *p);
    int rc = plan_questions(p, cb, cb_name, questions, nq, err);
    if (!rc)
        rc = plan_by(p, cb, by, nby, err);
    if (rc)
        pk_support_plan_free(p);
    return rc;
}

void pk_support_plan_free(pk_support_plan *p)
{
    for (size_t i = 0; p->by && i < p->nby; i++) {
        free((void *)p->by[i].codes);
        free((void *)p->by[i].labels);
    }
    free(p->by);
    free(p->questions);
    for (size_t i = 0; i < p->nowned; i++)
        pk_scale_free(p->owned[i]);
    free(p->owned);
    memset(p, 0, sizeof *p);
}
