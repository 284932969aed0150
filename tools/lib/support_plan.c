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

/* A codebook's multiple-choice question as pollsupport counts it. */
static void multi_question(const pk_codebook_multi *m, pk_support_question *q)
{
    q->name = m->name;
    q->label = m->label && m->label[0] ? m->label : NULL;
    q->wording = m->wording && m->wording[0] ? m->wording : NULL;
    q->options = m->options;
    q->option_labels = m->option_labels;
    q->noptions = m->noptions;
}

/* Question i of p from the name and the codebook's variable of that name. */
static int plan_question(pk_support_plan *p, const pk_codebook *cb, const char *name,
                         pk_support_question *q, pk_err *err)
{
    const pk_codebook_multi *m = cb ? pk_codebook_find_multi(cb, name) : NULL;
    if (m) {
        multi_question(m, q);
        return 0;
    }
    const pk_codebook_var *v = cb ? pk_codebook_find(cb, name) : NULL;
    q->name = name;
    q->label = v && v->label && v->label[0] ? v->label : NULL;
    q->wording = v && v->wording && v->wording[0] ? v->wording : NULL;
    return v ? category_scale(p, v, &q->scale, err) : 0;
}

static int plan_questions(pk_support_plan *p, const pk_codebook *cb, const char *cb_name,
                          const char *const *questions, size_t nq, pk_err *err)
{
    if (nq || questions) {
        if (!(p->questions = calloc(nq ? nq : 1, sizeof *p->questions)))
            return pk_err_nomem(err);
        for (size_t i = 0; i < nq; i++) {
            int rc = plan_question(p, cb, questions[i], &p->questions[i], err);
            if (rc)
                return rc;
        }
        p->nquestions = nq;
        p->strict = 1;
        return 0;
    }
    size_t nv = cb ? pk_codebook_nvars(cb) : 0, nm = cb ? pk_codebook_nmulti(cb) : 0;
    if (!(p->questions = calloc(nv + nm ? nv + nm : 1, sizeof *p->questions)))
        return pk_err_nomem(err);
    for (size_t i = 0; i < nm; i++)   /* after the single-choice questions, below */
        multi_question(pk_codebook_multi_at(cb, i), &p->questions[nv + i]);
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
    for (size_t i = 0; i < nm; i++)
        p->questions[p->nquestions++] = p->questions[nv + i];
    if (p->nquestions == 0)
        return pk_err_set(err, PK_ERR_DATA, "%s: the codebook declares no questions",
                          cb_name ? cb_name : "the codebook");
    return 0;
}

/* Keep s (NULL: out of memory) as the plan's own string. */
static char *own(pk_support_plan *p, char *s)
{
    if (!s || pk_util_grow((void **)&p->strs, &p->capstrs, p->nstrs + 1, sizeof *p->strs)) {
        free(s);
        return NULL;
    }
    return p->strs[p->nstrs++] = s;
}

/* parts[0..n) joined by sep, kept by the plan. */
static char *join(pk_support_plan *p, const char *const *parts, size_t n, const char *sep)
{
    pk_util_sbuf b = {0};
    for (size_t k = 0; k < n; k++) {
        if (k)
            pk_util_sbuf_add(&b, sep);
        pk_util_sbuf_add(&b, parts[k]);
    }
    return own(p, pk_util_sbuf_take(&b));
}

#define PK_INTERLOCK_SEP " \xc2\xb7 "   /* " · " between the parts of a label */

/* --by A:B: the columns, and, when the codebook describes each of them, the
 * combinations of their categories as the break's categories. */
static int plan_interlocked(pk_support_plan *p, pk_support_by *b, const pk_codebook *cb,
                            const char *name, pk_err *err)
{
    size_t n = 1;
    for (const char *c = name; *c; c++)
        n += *c == ':';
    const char **cols = calloc(n, sizeof *cols);
    const pk_codebook_var **vars = calloc(n, sizeof *vars);
    const char **labs = calloc(3 * n, sizeof *labs);   /* labels, then a combination's codes and labels */
    int rc = 0;
    if (!cols || !vars || !labs) {
        rc = pk_err_nomem(err);
        goto out;
    }
    b->columns = cols;
    b->ncolumns = n;
    const char *at = name;
    size_t ncomb = 1, labelled = 0;
    for (size_t k = 0; k < n; k++) {
        const char *end = strchr(at, ':');
        size_t len = end ? (size_t)(end - at) : strlen(at);
        if (len == 0) {
            rc = pk_err_set(err, PK_ERR_USAGE, "--by %s: an interlocked break names its columns "
                            "A:B, none of them empty", name);
            goto out;
        }
        if (!(cols[k] = own(p, strndup(at, len)))) {
            rc = pk_err_nomem(err);
            goto out;
        }
        at = end ? end + 1 : at + len;
        vars[k] = cb ? pk_codebook_find(cb, cols[k]) : NULL;
        labs[k] = vars[k] && vars[k]->label && vars[k]->label[0] ? vars[k]->label : cols[k];
        labelled += labs[k] != cols[k];
        if (!vars[k] || vars[k]->ncodes == 0 || vars[k]->type == PK_CODEBOOK_VAR_QUESTION)
            ncomb = 0;
        else
            ncomb *= vars[k]->ncodes;
    }
    if (labelled && !(b->label = join(p, labs, n, PK_INTERLOCK_SEP))) {
        rc = pk_err_nomem(err);
        goto out;
    }
    if (ncomb == 0)
        goto out;
    const char **codes = calloc(ncomb, sizeof *codes);
    const char **labels = calloc(ncomb, sizeof *labels);
    b->codes = codes;
    b->labels = labels;
    if (!codes || !labels) {
        rc = pk_err_nomem(err);
        goto out;
    }
    const char **pc = labs + n, **pl = labs + 2 * n;
    for (size_t m = 0; m < ncomb; m++) {
        size_t rest = m;
        for (size_t k = n; k-- > 0;) {   /* the last column varies fastest */
            const pk_codebook_code *c = &vars[k]->codes[rest % vars[k]->ncodes];
            rest /= vars[k]->ncodes;
            pc[k] = c->code;
            pl[k] = c->label && c->label[0] ? c->label : c->code;
        }
        if (!(codes[m] = join(p, pc, n, ":")) || !(labels[m] = join(p, pl, n, PK_INTERLOCK_SEP))) {
            rc = pk_err_nomem(err);
            goto out;
        }
    }
    b->ncodes = ncomb;
out:
    free(vars);
    free(labs);
    return rc;
}

static int plan_by(pk_support_plan *p, const pk_codebook *cb, const char *const *by, size_t nby,
                   pk_err *err)
{
    if (!(p->by = calloc(nby ? nby : 1, sizeof *p->by)))
        return pk_err_nomem(err);
    p->nby = nby;
    for (size_t i = 0; i < nby; i++) {
        p->by[i].column = by[i];
        if (strchr(by[i], ':') && !(cb && pk_codebook_find(cb, by[i]))) {
            int rc = plan_interlocked(p, &p->by[i], cb, by[i], err);
            if (rc)
                return rc;
            continue;
        }
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

int pk_support_plan_add_means(pk_support_plan *p, const pk_codebook *cb,
                              const char *const *means, size_t n, pk_err *err)
{
    if (n == 0)
        return 0;
    pk_support_question *q = realloc(p->questions, (p->nquestions + n) * sizeof *q);
    if (!q)
        return pk_err_nomem(err);
    p->questions = q;
    for (size_t i = 0; i < n; i++) {
        pk_support_question *m = &p->questions[p->nquestions];
        memset(m, 0, sizeof *m);
        int rc = plan_question(p, cb, means[i], m, err);
        if (rc)
            return rc;
        m->mean_only = 1;
        p->nquestions++;
    }
    return 0;
}

void pk_support_plan_free(pk_support_plan *p)
{
    for (size_t i = 0; p->by && i < p->nby; i++) {
        free((void *)p->by[i].codes);
        free((void *)p->by[i].labels);
        free((void *)p->by[i].columns);
    }
    for (size_t i = 0; i < p->nstrs; i++)
        free(p->strs[i]);
    free(p->strs);
    free(p->by);
    free(p->questions);
    for (size_t i = 0; i < p->nowned; i++)
        pk_scale_free(p->owned[i]);
    free(p->owned);
    memset(p, 0, sizeof *p);
}
