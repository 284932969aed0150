/* The support table as an .xlsx workbook; see support_xlsx.h for the layout
 * and why. The table is read only through its rows (support.h), one
 * question's block of rows at a time: groups follow each other within a
 * question, and every group has the same responses in the same order.
 *
 * libxlsxwriter prints some of its own warnings on standard error when
 * handed bad arguments, so everything it could refuse is checked here
 * first: sheet names are made valid and unique, strings are cut to Excel's
 * 32,767 characters, and the banner must fit Excel's 16,384 columns.
 *
 * Text from the table is data, and an .xlsx file is XML: a control
 * character or a byte that is not UTF-8 would make parts of the workbook
 * that no spreadsheet opens. So every text is cleaned before it is handed
 * over (clean_text): a byte that is not UTF-8 becomes U+FFFD; in a cell,
 * a control character is written visibly as \x1B or \u009B (as pollkit's
 * messages show them), tab and newline excepted; in a sheet name (which
 * is also a link target and a print-titles reference) it becomes '_'.
 * Nothing is ever written as a formula: cells are numbers or strings. */
#include "support_xlsx.h"

#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wctype.h>
#include <xlsxwriter.h>

#include "support_letters.h"
#include "textnorm.h"
#include "util.h"

#define SHEET_NAME_MAX 31      /* Excel's limit, in characters */
#define CELL_TEXT_MAX 32767    /* Excel's limit on a cell's text */
#define MAX_COLS 16384

/* Rows of a question sheet. */
enum { ROW_TITLE, ROW_WORDING, ROW_SUBTITLE, ROW_BREAK, ROW_GROUP, ROW_LETTER, ROW_UNWEIGHTED, ROW_WEIGHTED,
       ROW_FIRST_RESPONSE };

typedef struct formats {
    lxw_format *title, *subtitle, *brk, *group, *letter_head, *label, *label_bold, *base,
        *base_low, *wbase, *pct, *pct_bold, *net_score, *mean, *letters, *note, *key, *link, *heading;
} formats;

typedef struct writer {
    lxw_workbook *wb;
    formats f;
    lxw_error first;     /* the first error libxlsxwriter returned */
    int nomem;           /* memory ran out cleaning a text */
    char *text;          /* scratch for a cleaned text */
    size_t textcap;
} writer;

/* The code point of the UTF-8 sequence at s[0..len), its length in *adv;
 * -1 (and *adv 1) for a byte that does not start a valid, shortest
 * sequence of a character XML allows (surrogates, U+FFFE and U+FFFF are
 * not characters). */
static long utf8_at(const unsigned char *s, size_t len, size_t *adv)
{
    *adv = 1;
    unsigned c = s[0];
    size_t n;
    long cp, min;
    if (c < 0x80)
        return c;
    if ((c & 0xE0) == 0xC0)
        n = 2, cp = c & 0x1F, min = 0x80;
    else if ((c & 0xF0) == 0xE0)
        n = 3, cp = c & 0x0F, min = 0x800;
    else if ((c & 0xF8) == 0xF0)
        n = 4, cp = c & 0x07, min = 0x10000;
    else
        return -1;
    if (n > len)
        return -1;
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return -1;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) || cp == 0xFFFE ||
        cp == 0xFFFF)
        return -1;
    *adv = n;
    return cp;
}

enum { TEXT_CELL, TEXT_SHEET };

/* s made safe for the workbook (see the top of this file), in w->text:
 * for a cell at most CELL_TEXT_MAX characters. NULL only when memory runs
 * out (w->nomem set). */
static const char *clean_text(writer *w, const char *s, int kind)
{
    size_t len = strlen(s), o = 0, chars = 0;
    /* Each input byte gives at most 6 output bytes (\u009B). */
    if (len > (SIZE_MAX - 1) / 6 ||
        pk_util_grow((void **)&w->text, &w->textcap, len * 6 + 1, 1) != 0) {
        w->nomem = 1;
        return NULL;
    }
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < len && (kind != TEXT_CELL || chars < CELL_TEXT_MAX); chars++) {
        size_t adv;
        long cp = utf8_at(u + i, len - i, &adv);
        /* A cell may hold a tab or a line break; a sheet name may not. */
        int control = cp >= 0 && (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) &&
                      (kind == TEXT_SHEET || (cp != '\t' && cp != '\n'));
        if (cp < 0) {
            memcpy(w->text + o, "\xEF\xBF\xBD", 3); /* U+FFFD */
            o += 3;
        } else if (control && kind == TEXT_SHEET) {
            w->text[o++] = '_';
        } else if (control) {
            int k = sprintf(w->text + o, cp < 0x80 ? "\\x%02lX" : "\\u%04lX", cp);
            o += (size_t)k;
            chars += (size_t)k - 1;
        } else {
            memcpy(w->text + o, s + i, adv);
            o += adv;
        }
        i += adv;
    }
    w->text[o] = '\0';
    return w->text;
}

static void note_error(writer *w, lxw_error e)
{
    if (e != LXW_NO_ERROR && w->first == LXW_NO_ERROR)
        w->first = e;
}

static void put_text(writer *w, lxw_worksheet *ws, size_t row, size_t col, const char *s,
                     lxw_format *f)
{
    if (!s || !s[0] || !(s = clean_text(w, s, TEXT_CELL)))
        return;
    note_error(w, worksheet_write_string(ws, (lxw_row_t)row, (lxw_col_t)col, s, f));
}

/* Each line of text in its own row of the first column, from row on;
 * returns the row after the last. */
static size_t put_lines(writer *w, lxw_worksheet *ws, size_t row, const char *text, lxw_format *f)
{
    for (const char *line = text; *line;) {
        const char *nl = strchr(line, '\n');
        size_t len = nl ? (size_t)(nl - line) : strlen(line);
        char *s = strndup(line, len);
        if (s)
            put_text(w, ws, row++, 0, s, f);
        free(s);
        line += len + (nl != NULL);
    }
    return row;
}

static void put_number(writer *w, lxw_worksheet *ws, size_t row, size_t col, double v,
                       lxw_format *f)
{
    if (isfinite(v))
        note_error(w, worksheet_write_number(ws, (lxw_row_t)row, (lxw_col_t)col, v, f));
    else
        note_error(w, worksheet_write_blank(ws, (lxw_row_t)row, (lxw_col_t)col, f));
}

static lxw_format *new_format(writer *w)
{
    lxw_format *f = workbook_add_format(w->wb);
    return f;
}

static int make_formats(writer *w)
{
    formats *f = &w->f;
    lxw_format **all[] = {&f->title, &f->subtitle, &f->brk, &f->group, &f->letter_head,
                          &f->label, &f->label_bold, &f->base, &f->base_low, &f->wbase, &f->pct,
                          &f->pct_bold, &f->net_score, &f->mean, &f->letters, &f->note, &f->key,
                          &f->link, &f->heading};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        if (!(*all[i] = new_format(w)))
            return -1;
    format_set_bold(f->title);
    format_set_font_size(f->title, 13);
    format_set_font_color(f->subtitle, 0x595959);
    format_set_bold(f->brk);
    format_set_align(f->brk, LXW_ALIGN_CENTER);
    format_set_bottom(f->brk, LXW_BORDER_THIN);
    format_set_bold(f->group);
    format_set_align(f->group, LXW_ALIGN_CENTER);
    format_set_align(f->letter_head, LXW_ALIGN_CENTER);
    format_set_font_color(f->letter_head, 0x1F4E79);
    format_set_bottom(f->letter_head, LXW_BORDER_THIN);
    format_set_bottom(f->label_bold, LXW_BORDER_NONE);
    format_set_bold(f->label_bold);
    format_set_num_format(f->base, "0");
    format_set_num_format(f->base_low, "0\"*\"");
    format_set_num_format(f->wbase, "0");
    format_set_num_format(f->pct, "0%");
    format_set_num_format(f->pct_bold, "0%");
    format_set_bold(f->pct_bold);
    /* points, signed; a score that rounds to 0 shows "0", never "+0" */
    format_set_num_format(f->net_score, "[>=0.5]+0;[<=-0.5]-0;0");
    format_set_bold(f->net_score);
    format_set_num_format(f->mean, "0.0");   /* a mean score, on its own scale */
    format_set_bold(f->mean);
    /* Numbers and letters centred under the centred group labels, as
     * pollsters print them. */
    lxw_format *centred[] = {f->base, f->base_low, f->wbase, f->pct, f->pct_bold, f->net_score,
                             f->mean, f->letters};
    for (size_t i = 0; i < sizeof centred / sizeof centred[0]; i++)
        format_set_align(centred[i], LXW_ALIGN_CENTER);
    format_set_font_size(f->letters, 9);
    format_set_font_color(f->letters, 0x1F4E79);
    format_set_font_size(f->note, 9);
    format_set_font_color(f->note, 0x595959);
    format_set_bold(f->key);
    format_set_underline(f->link, LXW_UNDERLINE_SINGLE);
    format_set_font_color(f->link, LXW_COLOR_BLUE);
    format_set_bold(f->heading);
    format_set_font_size(f->heading, 12);
    return 0;
}

/* ---- Sheet names ------------------------------------------------------ */

/* The sheet names given so far, indexed by their folded form: Excel
 * refuses two sheet names that differ only in case, in any script
 * ("Élan" and "élan" clash as "Elan" and "elan" do). Case is folded by
 * the C library's Unicode tables (towlower in the C.UTF-8 locale, which
 * glibc always has); where that locale cannot be made, by ASCII only. */
typedef struct names {
    pk_util_nameset set;   /* folded names, and a counter per folded stem */
    locale_t utf8;         /* (locale_t)0 when C.UTF-8 is missing */
} names;

/* s with every letter lower-cased, in a new string (NULL: no memory). */
static char *fold_name(const names *u, const char *s)
{
    size_t len = strlen(s), o = 0;
    char *out = malloc(len * 4 + 1);
    if (!out)
        return NULL;
    for (size_t i = 0; i < len;) {
        size_t adv;
        long cp = utf8_at((const unsigned char *)s + i, len - i, &adv);
        if (cp < 0) {
            out[o++] = s[i++];
            continue;
        }
        if (cp < 0x80)
            cp = (cp >= 'A' && cp <= 'Z') ? cp + 32 : cp;
        else if (u->utf8)
            cp = (long)towlower_l((wint_t)cp, u->utf8);
        /* Lower case may need another number of bytes than upper case. */
        if (cp < 0x80) {
            out[o++] = (char)cp;
        } else if (cp < 0x800) {
            out[o++] = (char)(0xC0 | (cp >> 6));
            out[o++] = (char)(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            out[o++] = (char)(0xE0 | (cp >> 12));
            out[o++] = (char)(0x80 | ((cp >> 6) & 0x3F));
            out[o++] = (char)(0x80 | (cp & 0x3F));
        } else {
            out[o++] = (char)(0xF0 | (cp >> 18));
            out[o++] = (char)(0x80 | ((cp >> 12) & 0x3F));
            out[o++] = (char)(0x80 | ((cp >> 6) & 0x3F));
            out[o++] = (char)(0x80 | (cp & 0x3F));
        }
        i += adv;
    }
    out[o] = '\0';
    return out;
}

/* 1 when s is taken, 0 when free, -1 when memory runs out. "History" is
 * Excel's own. */
static int name_taken(const names *u, const char *s)
{
    char *f = fold_name(u, s);
    if (!f)
        return -1;
    int taken = strcmp(f, "history") == 0 || pk_util_nameset_has(&u->set, f);
    free(f);
    return taken;
}

static int name_add(names *u, const char *s)
{
    char *f = fold_name(u, s);
    int rc = f ? pk_util_nameset_add(&u->set, f) : -1;
    free(f);
    return rc;
}

/* The next suffix to try for a name's stem (2 first), so that many
 * questions whose codes share their first 31 characters take linear
 * time. 0 when memory runs out. */
static unsigned long name_next(names *u, const char *stem)
{
    char *f = fold_name(u, stem);
    unsigned long k = f ? pk_util_nameset_next(&u->set, f, 2) : 0;
    free(f);
    return k;
}

static void names_init(names *u)
{
    memset(u, 0, sizeof *u);
    u->utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
}

static void names_free(names *u)
{
    pk_util_nameset_free(&u->set);
    if (u->utf8)
        freelocale(u->utf8);
}

/* Copy at most max characters of s into out (size bytes). */
static void copy_chars(char *out, size_t size, const char *s, size_t max)
{
    size_t n = 0, i = 0;
    for (; s[i] && i + 4 < size; i++) {
        if (((unsigned char)s[i] & 0xC0) != 0x80 && n++ == max)
            break;
        out[i] = s[i];
    }
    /* Never end inside a character. */
    while (i > 0 && ((unsigned char)out[i - 1] & 0xC0) == 0xC0)
        i--;
    out[i] = '\0';
}

/* A valid sheet name for a question code: cleaned as the top of this file
 * says, none of []:*?/\ (nor an apostrophe, which Excel refuses at
 * either end), at most 31 characters, unique without regard to case, ~2,
 * ~3... added when it is not. Returns 0, or -1 when memory runs out. */
static int sheet_name(writer *w, names *used, const char *code, size_t qnum, char *out,
                      size_t size)
{
    char base[4 * SHEET_NAME_MAX + 1];
    char clean[4 * SHEET_NAME_MAX + 1];
    const char *safe = clean_text(w, code, TEXT_SHEET);
    if (!safe)
        return -1;
    copy_chars(base, sizeof base, safe, SHEET_NAME_MAX);
    size_t k = 0;
    for (const char *p = base; *p; p++)
        clean[k++] = strchr("[]:*?/\\'", *p) ? '_' : *p;
    clean[k] = '\0';
    if (!clean[0])
        snprintf(clean, sizeof clean, "Question %zu", qnum + 1);
    snprintf(out, size, "%s", clean);
    int taken = name_taken(used, out);
    while (taken > 0) {
        char suffix[24];
        unsigned long next = name_next(used, clean);
        if (next == 0)
            return -1;
        int sl = snprintf(suffix, sizeof suffix, "~%lu", next);
        char head[4 * SHEET_NAME_MAX + 1];
        copy_chars(head, sizeof head, clean, SHEET_NAME_MAX - (size_t)sl);
        size_t hl = strlen(head);
        if (hl + strlen(suffix) + 1 > size)
            return -1;
        memcpy(out, head, hl);
        strcpy(out + hl, suffix);
        taken = name_taken(used, out);
    }
    return taken < 0 ? -1 : name_add(used, out);
}

/* ---- One question's block of rows ------------------------------------ */

typedef struct block {
    size_t first;    /* table row of the first group's first response */
    size_t ngroups, nresp;
} block;

static int same_group(const pk_support_table_row *a, const pk_support_table_row *b)
{
    return strcmp(a->by, b->by) == 0 && strcmp(a->group, b->group) == 0;
}

/* The blocks of the table, in order. */
static block *find_blocks(const pk_support_xlsx_src *t, size_t *nb)
{
    size_t nr = t->nrows, cap = 0;
    block *b = NULL;
    *nb = 0;
    if (pk_util_grow((void **)&b, &cap, 1, sizeof *b))
        return NULL;
    size_t i = 0;
    while (i < nr) {
        pk_support_table_row r0, r;
        t->row(t->ctx, i, &r0);
        size_t j = i + 1, nresp = 0;
        for (; j < nr; j++) {
            t->row(t->ctx, j, &r);
            if (strcmp(r.question, r0.question) != 0)
                break;
            if (!nresp && !same_group(&r, &r0))
                nresp = j - i;
        }
        if (!nresp)
            nresp = j - i;
        if (pk_util_grow((void **)&b, &cap, *nb + 1, sizeof *b)) {
            free(b);
            return NULL;
        }
        b[(*nb)++] = (block){i, (j - i) / nresp, nresp};
        i = j;
    }
    return b;
}

static int is_net(const pk_support_table_row *r)
{
    return strncmp(r->response_kind, "net", 3) == 0;
}

static double width_of(const char *s)
{
    /* Excel's width unit is about one digit of the default font; labels
     * run a little wider (capitals, bold). */
    return (double)pk_textnorm_width(s, strlen(s)) * 1.1 + 2;
}

static void question_sheet(writer *w, const pk_support_xlsx_src *t, const pk_support_info *info,
                           const block *b, lxw_worksheet *ws, const char *footnote)
{
    formats *f = &w->f;
    pk_support_table_row r;
    t->row(t->ctx, b->first, &r);
    put_text(w, ws, ROW_TITLE, 0, r.question_label, f->title);
    /* The full wording under the short title, as the respondents read it. */
    if (r.question_text && r.question_text[0] && strcmp(r.question_text, r.question_label) != 0)
        put_text(w, ws, ROW_WORDING, 0, r.question_text, f->subtitle);
    int dk = 0;
    for (size_t k = 0; k < b->nresp; k++) {
        pk_support_table_row x;
        t->row(t->ctx, b->first + k, &x);
        dk |= strcmp(x.response_kind, "dont_know") == 0;
    }
    char sub[512];
    /* weight "" (a published table's): not known, so not said */
    snprintf(sub, sizeof sub, "%s. Base: all answering%s%s.%s%s%s", r.question,
             strcmp(r.base, "all") != 0 ? ", " : (dk ? ", don't know included" : ""),
             strcmp(r.base, "all") != 0 ? r.base : "",
             !info->weight ? " Unweighted." : info->weight[0] ? " Weighted by " : "",
             info->weight ? info->weight : "", info->weight && info->weight[0] ? "." : "");
    put_text(w, ws, ROW_SUBTITLE, 0, sub, f->subtitle);

    double wlabel = width_of("Unweighted base");
    put_text(w, ws, ROW_UNWEIGHTED, 0, "Unweighted base", f->label);
    put_text(w, ws, ROW_WEIGHTED, 0, "Weighted base", f->label);
    int any_low = 0;
    const char *prev_by = "";
    size_t col = 1;
    for (size_t g = 0; g < b->ngroups; g++, col++) {
        t->row(t->ctx, b->first + g * b->nresp, &r);
        double wcol = width_of(r.group_label);
        /* Level 1: the --by column over its groups (written once per
         * break, merged across it). */
        if (r.by[0] && (g == 0 || strcmp(prev_by, r.by) != 0)) {
            size_t last = g;
            while (last + 1 < b->ngroups) {
                pk_support_table_row q;
                t->row(t->ctx, b->first + (last + 1) * b->nresp, &q);
                if (strcmp(q.by, r.by) != 0)
                    break;
                last++;
            }
            /* the break's label ("2024 vote"), not its column's name */
            const char *name = r.by_label && r.by_label[0] ? r.by_label : r.by;
            const char *brk = clean_text(w, name, TEXT_CELL);
            if (last > g && brk)
                note_error(w, worksheet_merge_range(ws, ROW_BREAK, (lxw_col_t)col, ROW_BREAK,
                                                    (lxw_col_t)(col + last - g), brk, f->brk));
            else if (last == g)
                put_text(w, ws, ROW_BREAK, col, name, f->brk);
        }
        prev_by = r.by;
        put_text(w, ws, ROW_GROUP, col, r.group_label, f->group);
        if (r.group_letter[0]) {
            char lt[PK_SUPPORT_LETTERS_NAME_MAX + 2];
            snprintf(lt, sizeof lt, "(%s)", r.group_letter);
            put_text(w, ws, ROW_LETTER, col, lt, f->letter_head);
        } else {
            note_error(w, worksheet_write_blank(ws, ROW_LETTER, (lxw_col_t)col, f->letter_head));
        }
        put_number(w, ws, ROW_UNWEIGHTED, col, (double)r.n, r.low_base ? f->base_low : f->base);
        put_number(w, ws, ROW_WEIGHTED, col, r.weighted_base, f->wbase);
        any_low |= r.low_base;
        size_t row = ROW_FIRST_RESPONSE;
        for (size_t k = 0; k < b->nresp; k++) {
            t->row(t->ctx, b->first + g * b->nresp + k, &r);
            int net = is_net(&r), score = strcmp(r.response_kind, "net_score") == 0;
            if (g == 0) {
                put_text(w, ws, row, 0, r.response_label, net ? f->label_bold : f->label);
                if (width_of(r.response_label) > wlabel)
                    wlabel = width_of(r.response_label);
            }
            /* a net score in points (29.4 shown "+29"), not a percentage; a
             * mean score to one decimal */
            if (strcmp(r.response_kind, "mean") == 0)
                put_number(w, ws, row, col, r.mean, f->mean);
            else
                put_number(w, ws, row, col, score ? r.share * 100 : r.share,
                           score ? f->net_score : (net ? f->pct_bold : f->pct));
            row++;
            if (!score) {
                put_text(w, ws, row, col, r.sig_higher_than, f->letters);
                if (width_of(r.sig_higher_than) > wcol)
                    wcol = width_of(r.sig_higher_than);
                row++;
            }
        }
        if (wcol < 8)
            wcol = 8;
        if (wcol > 40)
            wcol = 40;
        note_error(w, worksheet_set_column(ws, (lxw_col_t)col, (lxw_col_t)col, wcol, NULL));
        if (g + 1 == b->ngroups) {
            /* The footnote, under the table. */
            row = put_lines(w, ws, row + 1, footnote, f->note);
            if (any_low) {
                char low[128];
                snprintf(low, sizeof low, "* base under %ld respondents: treat with caution",
                         info->min_base);
                put_text(w, ws, row++, 0, low, f->note);
            }
        }
    }
    if (wlabel > 60)
        wlabel = 60;
    note_error(w, worksheet_set_column(ws, 0, 0, wlabel, NULL));
    worksheet_freeze_panes(ws, ROW_UNWEIGHTED, 1);
    /* On paper: landscape, one page wide, the banner on every page. */
    worksheet_set_landscape(ws);
    worksheet_fit_to_pages(ws, 1, 0);
    note_error(w, worksheet_repeat_rows(ws, 0, ROW_LETTER));
}

static void about_sheet(writer *w, const pk_support_xlsx_src *t, const pk_support_info *info,
                        lxw_worksheet *ws, const block *blocks, size_t nb, char **sheet_names,
                        const char *footnote)
{
    formats *f = &w->f;
    size_t row = 0;
    put_text(w, ws, row, 0, t->title ? t->title : "Data tables", f->title);
    row += 2;
    char buf[1024];
    double wkey = 0, wval = 0;
#define KEY(k, v)                                                  \
    do {                                                           \
        put_text(w, ws, row, 0, (k), f->key);                      \
        put_text(w, ws, row, 1, (v), NULL);                        \
        if (width_of(k) > wkey)                                    \
            wkey = width_of(k);                                    \
        if (width_of(v) > wval)                                    \
            wval = width_of(v);                                    \
        row++;                                                     \
    } while (0)
    KEY("Source", strcmp(info->source, "<stdin>") == 0 ? "standard input" : info->source);
    if (info->nrows_input >= 0) {
        snprintf(buf, sizeof buf, "%ld", info->nrows_input);
        KEY("Respondents read", buf);
    }
    if (info->weight && info->weight[0])
        snprintf(buf, sizeof buf, "weighted by the column '%s'", info->weight);
    else if (info->weight)
        snprintf(buf, sizeof buf, "as the table's maker weighted it");
    else
        snprintf(buf, sizeof buf, "unweighted");
    KEY("Weighting", buf);
    if (!info->base)
        snprintf(buf, sizeof buf, "all who answered each question, less the answers its sheet "
                                  "says are excluded");
    else if (strcmp(info->base, "all") == 0)
        snprintf(buf, sizeof buf, "all who answered each question (any don't know included)");
    else
        snprintf(buf, sizeof buf, "all who answered each question, %s", info->base);
    KEY("Base", buf);
    if (info->universe)
        KEY("Subgroup", info->universe);
    snprintf(buf, sizeof buf, "%s (a net score's: mean, clipped to -100 to +100 points)",
             info->ci_method);
    KEY("Confidence interval", buf);
    snprintf(buf, sizeof buf, "%.10g%%", info->level * 100);
    KEY("Confidence level", buf);
    snprintf(buf, sizeof buf, "%s (%s%s)", info->se_method,
             strcmp(info->se_method, "calibrated") == 0
                 ? "linearization of the raking estimator: allows for the calibration"
                 : "linearization, weights treated as fixed",
             info->design ? "; the sample's strata and PSUs, with its degrees of freedom" : "");
    KEY("Standard errors", buf);
    snprintf(buf, sizeof buf, "%s%s", info->deff_source,
             strcmp(info->deff_source, "kish") == 0 ? " (Kish's, from the weights)" : "");
    KEY("Design effect", buf);
    snprintf(buf, sizeof buf, "%ld respondents (smaller groups marked *, not tested)",
             info->min_base);
    KEY("Minimum base", buf);
    snprintf(buf, sizeof buf, "%.10g%% (two-sided)", info->sig_level * 100);
    KEY("Significance level", buf);
    snprintf(buf, sizeof buf, "%s (pollkit " POLLKIT_VERSION ")", t->made_by ? t->made_by : "pollkit");
    KEY("Made by", buf);
#undef KEY
    row = put_lines(w, ws, row + 1, footnote, f->note);
    row++;
    put_text(w, ws, row++, 0, "Questions", f->heading);
    for (size_t i = 0; i < nb; i++) {
        pk_support_table_row r;
        t->row(t->ctx, blocks[i].first, &r);
        char url[256];
        snprintf(url, sizeof url, "internal:'%s'!A1", sheet_names[i]);
        note_error(w, worksheet_write_url_opt(ws, (lxw_row_t)row, 0, url, f->link,
                                              sheet_names[i], NULL));
        put_text(w, ws, row, 1, r.question_label, NULL);
        if (width_of(sheet_names[i]) > wkey)
            wkey = width_of(sheet_names[i]);
        if (width_of(r.question_label) > wval)
            wval = width_of(r.question_label);
        row++;
    }
    note_error(w, worksheet_set_column(ws, 0, 0, wkey, NULL));
    note_error(w, worksheet_set_column(ws, 1, 1, wval > 100 ? 100 : wval, NULL));
    worksheet_fit_to_pages(ws, 1, 0);
}

int pk_support_xlsx_write_src(const pk_support_xlsx_src *t, const char *path, const char *shown,
                              time_t created, const char *tmpdir, pk_err *err)
{
    pk_support_info info = t->info;
    size_t nb = 0;
    block *blocks = find_blocks(t, &nb);
    if (!blocks)
        return pk_err_nomem(err);
    for (size_t i = 0; i < nb; i++)
        if (blocks[i].ngroups + 1 > MAX_COLS) {
            size_t ng = blocks[i].ngroups;
            free(blocks);
            return pk_err_set(err, PK_ERR_DATA, "%s: %zu groups do not fit a spreadsheet's %d "
                                             "columns", shown, ng, MAX_COLS - 1);
        }
    char footnote[1024];
    if (info.sig_level > 0)
        pk_support_letters_footnote(footnote, sizeof footnote, info.sig_level, info.se_method,
                                    info.design, info.min_base);
    else
        snprintf(footnote, sizeof footnote, "Letters (where the table gives them): significantly "
                 "higher than the group with that letter in the same break, as the table's "
                 "maker tested it.");
    lxw_workbook_options opts = {0, (char *)tmpdir, 0};
    writer w = {0};
    names used;
    names_init(&used);
    char **sheet_names = calloc(nb ? nb : 1, sizeof *sheet_names);
    int rc = 0;
    w.wb = workbook_new_opt(path, &opts);
    if (!w.wb || !sheet_names || make_formats(&w) != 0 || name_add(&used, "About") != 0) {
        rc = pk_err_set(err, PK_ERR_NOMEM, "%s: cannot start the workbook: out of memory", shown);
        goto done;
    }
    for (size_t i = 0; i < nb; i++) {
        pk_support_table_row r;
        t->row(t->ctx, blocks[i].first, &r);
        char name[4 * SHEET_NAME_MAX + 16];
        if (sheet_name(&w, &used, r.question, i, name, sizeof name) != 0 ||
            !(sheet_names[i] = strdup(name))) {
            rc = pk_err_nomem(err);
            goto done;
        }
    }
    lxw_doc_properties props;
    memset(&props, 0, sizeof props);
    props.title = (char *)(t->title ? t->title : "Data tables");   /* libxlsxwriter only reads it */
    props.comments = "Made by pollkit " POLLKIT_VERSION;
    props.created = created;
    note_error(&w, workbook_set_properties(w.wb, &props));
    lxw_worksheet *about = workbook_add_worksheet(w.wb, "About");
    if (!about) {
        rc = pk_err_set(err, PK_ERR_NOMEM, "%s: cannot add a sheet", shown);
        goto done;
    }
    about_sheet(&w, t, &info, about, blocks, nb, sheet_names, footnote);
    for (size_t i = 0; i < nb; i++) {
        lxw_worksheet *ws = workbook_add_worksheet(w.wb, sheet_names[i]);
        if (!ws) {
            rc = pk_err_set(err, PK_ERR_NOMEM, "%s: cannot add the sheet '%s'", shown,
                            sheet_names[i]);
            goto done;
        }
        question_sheet(&w, t, &info, &blocks[i], ws, footnote);
    }
    if (w.nomem)
        rc = pk_err_nomem(err);
    else if (w.first != LXW_NO_ERROR)
        rc = pk_err_set(err, PK_ERR_DATA, "%s: %s", shown, lxw_strerror(w.first));
done:;
    /* workbook_close writes the file and frees the workbook, whatever
     * happened before: a failed workbook is written and then removed by
     * the caller. */
    errno = 0;
    lxw_error e = w.wb ? workbook_close(w.wb) : LXW_NO_ERROR;
    /* The system's reason (a full disk, a file size limit) says more
     * than libxlsxwriter's own. */
    if (rc == 0 && e != LXW_NO_ERROR)
        rc = pk_err_set(err, PK_ERR_DATA, "%s: cannot write: %s", shown,
                        errno ? strerror(errno) : lxw_strerror(e));
    for (size_t i = 0; sheet_names && i < nb; i++)
        free(sheet_names[i]);
    free(sheet_names);
    names_free(&used);
    free(w.text);
    free(blocks);
    return rc;
}

static void support_row(const void *ctx, size_t i, pk_support_table_row *row)
{
    pk_support_row_get(ctx, i, row);
}

int pk_support_xlsx_write(const pk_support *t, const char *path, const char *shown,
                          time_t created, const char *tmpdir, pk_err *err)
{
    pk_support_xlsx_src s = {.nrows = pk_support_nrows(t), .row = support_row, .ctx = t,
                             .made_by = "pollsupport"};
    pk_support_info_get(t, &s.info);
    return pk_support_xlsx_write_src(&s, path, shown, created, tmpdir, err);
}
