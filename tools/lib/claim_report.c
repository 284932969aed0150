/* Writing pollclaim's rows (claim.h): CSV/TSV for machines, one row per
 * claim followed by its per-group and per-proposal x group rows; or a table
 * for the terminal with each row's sentence wrapped under it. */
#include "claim.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "csvio.h"
#include "number.h"

static const char *const columns[] = {
    "claim_id", "quote", "claim", "row", "question", "question_label", "group", "group_label",
    "versus", "versus_label", "response", "threshold", "estimate", "ci_low", "ci_high", "n",
    "versus_n", "dont_know", "estimate_excl_dont_know", "clearly", "plausibly", "needed", "proposals",
    "verdict", "sentence", "note",
};

static const char *kind_name(pk_claim_row_kind k)
{
    return k == PK_CLAIM_ROW_CLAIM ? "claim" : k == PK_CLAIM_ROW_GROUP ? "group" : "proposal";
}

static void opt_long(pk_csv_writer *w, long v)
{
    if (v < 0)
        pk_csv_writer_field(w, "");
    else
        pk_csv_writer_long(w, v);
}

static void write_csv(const pk_claim_result *res, char delim, FILE *f)
{
    pk_csv_writer w;
    pk_csv_writer_init(&w, f, delim);
    for (size_t i = 0; i < sizeof columns / sizeof columns[0]; i++)
        pk_csv_writer_field(&w, columns[i]);
    pk_csv_writer_end(&w);
    for (size_t i = 0; i < res->nrows; i++) {
        const pk_claim_row *r = &res->rows[i];
        pk_csv_writer_field(&w, r->claim->id);
        pk_csv_writer_field(&w, r->claim->quote);
        pk_csv_writer_field(&w, r->claim->text);
        pk_csv_writer_field(&w, kind_name(r->kind));
        pk_csv_writer_field(&w, r->question);
        pk_csv_writer_field(&w, r->question_label);
        pk_csv_writer_field(&w, r->group);
        pk_csv_writer_field(&w, r->group_label);
        pk_csv_writer_field(&w, r->versus);
        pk_csv_writer_field(&w, r->versus_label);
        pk_csv_writer_field(&w, r->response);
        pk_csv_writer_double(&w, r->threshold, PK_DIGITS_STAT);
        pk_csv_writer_double(&w, r->estimate, PK_DIGITS_STAT);
        pk_csv_writer_double(&w, r->ci_low, PK_DIGITS_STAT);
        pk_csv_writer_double(&w, r->ci_high, PK_DIGITS_STAT);
        opt_long(&w, r->n);
        opt_long(&w, r->versus_n);
        pk_csv_writer_double(&w, r->dont_know, PK_DIGITS_STAT);
        pk_csv_writer_double(&w, r->excl_dont_know, PK_DIGITS_STAT);
        opt_long(&w, r->clearly);
        opt_long(&w, r->plausibly);
        opt_long(&w, r->needed);
        opt_long(&w, r->proposals);
        pk_csv_writer_field(&w, pk_claim_verdict_name(r->verdict));
        pk_csv_writer_field(&w, r->sentence);
        pk_csv_writer_field(&w, r->note ? r->note : "");
        pk_csv_writer_end(&w);
    }
}

/* The table is for a terminal: text from the table or the claims is
 * written with its control characters escaped (err.h), so that a
 * hostile label cannot repaint a verdict. */

/* Characters (code points) s takes once escaped, for padding UTF-8 text. */
static size_t width(const char *s)
{
    return pk_err_escaped_width(s, strlen(s));
}

static void put(FILE *f, const char *s)
{
    pk_err_write_escaped(f, s, strlen(s));
}

static void pad(FILE *f, const char *s, size_t w)
{
    put(f, s);
    for (size_t n = width(s); n < w; n++)
        fputc(' ', f);
}

/* One decimal percent (or points with a sign) in the C locale. */
static char *pct1(char *buf, size_t size, double x, int sign)
{
    return pk_number_percent(buf, size, x, 1, sign, "-");
}

/* A row's base: "312", "312 vs 287" for a comparison, "-" when unknown. */
static const char *base_text(char *buf, size_t size, const pk_claim_row *r)
{
    char a[24] = "-", b[24] = "-";
    if (r->n >= 0)
        snprintf(a, sizeof a, "%ld", r->n);
    if (r->versus_n >= 0)
        snprintf(b, sizeof b, "%ld", r->versus_n);
    if (r->versus[0])
        snprintf(buf, size, "%s vs %s", a, b);
    else
        snprintf(buf, size, "%s", a);
    return buf;
}

/* Word-wrap text, escaped, at `cols` characters, each line indented by
 * `indent` (escapes hold no space, so none is cut). */
static void wrap(FILE *f, const char *raw, int indent, size_t cols)
{
    char *text = NULL;
    size_t size = 0;
    FILE *m = open_memstream(&text, &size);
    if (!m)
        return;
    put(m, raw);
    if (fclose(m) != 0 || !text) {
        free(text);
        return;
    }
    const char *s = text;
    while (*s) {
        while (*s == ' ')
            s++;
        if (!*s)
            break;
        const char *line = s, *brk = NULL;
        size_t n = 0;
        const char *p = s;
        while (*p && n < cols) {
            if (*p == ' ')
                brk = p;
            n += ((unsigned char)*p & 0xC0) != 0x80;
            p++;
        }
        const char *end = !*p ? p : (brk && brk > line ? brk : p);
        fprintf(f, "%*s%.*s\n", indent, "", (int)(end - line), line);
        s = end;
    }
    free(text);
}

/* wrap() of head, text and tail joined, at the claim's indent. */
static void wrap_between(FILE *f, const char *head, const char *text, const char *tail)
{
    size_t n = strlen(head) + strlen(text) + strlen(tail) + 1;
    char *s = malloc(n);
    if (!s)
        return;
    snprintf(s, n, "%s%s%s", head, text, tail);
    wrap(f, s, 2, 96);
    free(s);
}

/* A row's groups, "lab" or "lab vs con", written whole and padded to w,
 * and their width. */
static size_t groups_width(const pk_claim_row *r)
{
    return width(r->group) + (r->versus[0] ? 4 + width(r->versus) : 0);
}

static void pad_groups(FILE *f, const pk_claim_row *r, size_t w)
{
    put(f, r->group);
    if (r->versus[0]) {
        fputs(" vs ", f);
        put(f, r->versus);
    }
    for (size_t n = groups_width(r); n < w; n++)
        fputc(' ', f);
}

static void write_table(const pk_claim_result *res, FILE *f)
{
    size_t i = 0;
    while (i < res->nrows) {
        const pk_claim_row *cr = &res->rows[i];
        const pk_claim *c = cr->claim;
        size_t j = i + 1;
        size_t gw = strlen("group"), qw = strlen("question"), nw = 7;
        while (j < res->nrows && res->rows[j].kind != PK_CLAIM_ROW_CLAIM) {
            const pk_claim_row *r = &res->rows[j];
            char nb[64];
            if (r->kind != PK_CLAIM_ROW_GROUP && width(base_text(nb, sizeof nb, r)) + 2 > nw)
                nw = width(nb) + 2;
            if (groups_width(r) > gw)
                gw = groups_width(r);
            if (width(r->question) > qw)
                qw = width(r->question);
            j++;
        }
        if (i > 0)
            fputc('\n', f);
        put(f, c->id);
        fprintf(f, ": %s\n", pk_claim_verdict_name(cr->verdict));
        if (c->quote[0])
            wrap_between(f, "quote: \xE2\x80\x9C", c->quote, "\xE2\x80\x9D");
        fputs("  claim: ", f);
        put(f, c->text);
        fputc('\n', f);
        wrap(f, cr->sentence, 2, 96);
        if (cr->note && *cr->note)
            wrap_between(f, "Note: ", cr->note, "");
        if (j > i + 1) {
            /* Differences and net are in points, shares in percent, means
             * in the scale's own units. */
            int points = c->kind != PK_CLAIM_SHARE;
            int mean = c->kind == PK_CLAIM_MEAN || c->kind == PK_CLAIM_MEAN_COMPARE;
            double unit = mean ? 0.01 : 1;
            /* One proposal row only: its sentence is the claim's, said above. */
            int repeat = j > i + 2;
            fprintf(f, "\n    ");
            pad(f, "group", gw + 2);
            pad(f, "question", qw + 2);
            pad(f, mean ? "mean" : points ? "points" : "share%", 8);
            pad(f, "interval", 18);
            pad(f, "n", nw);
            fputs("verdict\n", f);
            for (size_t k = i + 1; k < j; k++) {
                const pk_claim_row *r = &res->rows[k];
                char e[32], lo[32], hi[32], iv[80], n[64];
                fputs("    ", f);
                pad_groups(f, r, gw + 2);
                if (r->kind == PK_CLAIM_ROW_GROUP) {
                    char counts[160];
                    /* each proposal counted once: clearly, else too close */
                    snprintf(counts, sizeof counts, "%ld of %ld clearly, %ld more too close; needs %ld",
                             r->clearly, r->proposals, r->plausibly - r->clearly, r->needed);
                    pad(f, counts, qw + 2 + 8 + 18 + nw);
                } else {
                    pad(f, r->question, qw + 2);
                    /* a mean itself has no sign; a difference of means has */
                    int sign = points && !(mean && !r->versus[0]);
                    pad(f, pct1(e, sizeof e, r->estimate * unit, sign), 8);
                    if (isnan(r->ci_low) || isnan(r->ci_high))
                        snprintf(iv, sizeof iv, "-");
                    else
                        snprintf(iv, sizeof iv, "%s%s%s", pct1(lo, sizeof lo, r->ci_low * unit, sign),
                                 points ? " to " : "\xE2\x80\x93",
                                 pct1(hi, sizeof hi, r->ci_high * unit, sign));
                    pad(f, iv, 18);
                    pad(f, base_text(n, sizeof n, r), nw);
                }
                fprintf(f, "%s\n", pk_claim_verdict_name(r->verdict));
                if (repeat)
                    wrap(f, r->sentence, 6, 92);
            }
        }
        i = j;
    }
}

void pk_claim_write(const pk_claim_result *res, pk_claim_format fmt, char delim, FILE *f)
{
    if (fmt == PK_CLAIM_TABLE)
        write_table(res, f);
    else
        write_csv(res, delim, f);
}
