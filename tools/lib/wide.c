/* The wide table (wide.h). */
#include "wide.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "number.h"

/* x (a proportion) as a percentage with `digits` decimals, rounded half
 * away from zero, '.' whatever the locale; "" for NaN. */
static const char *percent_text(char *buf, size_t size, double x, int digits)
{
    if (isnan(x)) {
        buf[0] = '\0';
        return buf;
    }
    digits = digits < 0 ? 0 : digits > 9 ? 9 : digits;
    long scale = 1;
    for (int i = 0; i < digits; i++)
        scale *= 10;
    long v = lround(x * 100.0 * (double)scale);
    const char *sign = v < 0 ? "-" : "";
    long a = labs(v);
    if (digits == 0)
        snprintf(buf, size, "%s%ld", sign, a);
    else
        snprintf(buf, size, "%s%ld.%0*ld", sign, a / scale, digits, a % scale);
    return buf;
}

/* The header of group g: its label, prefixed by its break ("vote2024:
 * Did not vote") when another break has a group of the same label. */
static void group_header(const pk_support_table *t, size_t g, char *buf, size_t size)
{
    const pk_support_table_group *gr = &t->groups[g];
    const char *label = gr->label && *gr->label ? gr->label : gr->group;
    int repeated = 0;
    for (size_t k = 0; k < t->ngroups && !repeated; k++) {
        const pk_support_table_group *o = &t->groups[k];
        const char *ol = o->label && *o->label ? o->label : o->group;
        repeated = k != g && strcmp(ol, label) == 0 && strcmp(o->by, gr->by) != 0;
    }
    if (repeated && *gr->by)
        snprintf(buf, size, "%s: %s", gr->by, label);
    else
        snprintf(buf, size, "%s", label);
}

/* The row of question q the wide table shows: its positive net; else its
 * mean (a rating); else its one positive code (a single-code side stands
 * for its net); else its first response. SIZE_MAX when the question has no
 * rows. */
static size_t shown_row(const pk_support_table *t, size_t q)
{
    size_t first = SIZE_MAX, positive = SIZE_MAX, npositive = 0, mean = SIZE_MAX;
    for (size_t i = pk_support_table_question_first(t, q); i != SIZE_MAX;
         i = pk_support_table_question_next(t, i)) {
        const char *kind = t->rows[i].response_kind;
        if (strcmp(kind, "net_positive") == 0)
            return i;
        if (strcmp(kind, "mean") == 0 && mean == SIZE_MAX)
            mean = i;
        if (first == SIZE_MAX)
            first = i;
        if (strcmp(kind, "positive") == 0) {
            if (positive == SIZE_MAX || strcmp(t->rows[positive].response, t->rows[i].response) != 0)
                npositive++;
            if (positive == SIZE_MAX)
                positive = i;
        }
    }
    return mean != SIZE_MAX ? mean : npositive == 1 ? positive : first;
}

static void write_values(const pk_support_table *t, const pk_wide_opts *o, size_t q, const char *response,
                         pk_csv_writer *w)
{
    for (size_t g = 0; g < t->ngroups; g++) {
        const pk_support_table_group *gr = &t->groups[g];
        const pk_support_table_row *r =
            pk_support_table_find(t, t->questions[q], gr->by, gr->group, response);
        char buf[PK_NUMBER_BUFSIZE + 8];
        if (r && strcmp(r->response_kind, "mean") == 0)   /* a mean: one decimal more than shares */
            pk_csv_writer_field(w, o->proportions ? pk_number_format_exact(buf, r->mean)
                                                  : percent_text(buf, sizeof buf, r->mean / 100,
                                                                 o->digits + 1));
        else if (!r || isnan(r->share))
            pk_csv_writer_field(w, "");
        else if (o->proportions)
            pk_csv_writer_field(w, pk_number_format_exact(buf, r->share));
        else
            pk_csv_writer_field(w, percent_text(buf, sizeof buf, r->share, o->digits));
    }
    pk_csv_writer_end(w);
}

int pk_wide_write(const pk_support_table *t, const pk_wide_opts *o, pk_csv_writer *w, FILE *notes)
{
    pk_csv_writer_field(w, "question");
    if (o->responses)
        pk_csv_writer_field(w, "response");
    for (size_t g = 0; g < t->ngroups; g++) {
        char h[512];
        group_header(t, g, h, sizeof h);
        pk_csv_writer_field(w, h);
    }
    pk_csv_writer_end(w);
    for (size_t q = 0; q < t->nquestions; q++) {
        const char *ql = t->question_labels && t->question_labels[q] && *t->question_labels[q]
                             ? t->question_labels[q] : t->questions[q];
        if (!o->responses) {
            size_t i = shown_row(t, q);
            if (i == SIZE_MAX)
                continue;
            const pk_support_table_row *r = &t->rows[i];
            if (notes)
                fprintf(notes, "  %s: %s (%s)\n", t->questions[q], r->response_label, r->response_kind);
            pk_csv_writer_field(w, ql);
            write_values(t, o, q, r->response, w);
            continue;
        }
        /* Each response once, in table order. */
        size_t *first, nr;
        if (pk_support_table_question_responses(t, q, &first, &nr))
            return -1;
        for (size_t k = 0; k < nr; k++) {
            const pk_support_table_row *r = &t->rows[first[k]];
            pk_csv_writer_field(w, ql);
            pk_csv_writer_field(w, r->response_label && *r->response_label ? r->response_label : r->response);
            write_values(t, o, q, r->response, w);
        }
        free(first);
    }
    return 0;
}
