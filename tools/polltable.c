/* polltable: a pollster's published banner table (saved as CSV) in, the
 * support table out, for pollclaim and pollplot. The reading and the
 * estimates are tools/lib/banner.c; this is options, messages and files. */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "banner.h"
#include "cli.h"
#include "csvio.h"
#include "estimate.h"
#include "options.h"
#include "util.h"
#include "xlsx.h"

static const char usage[] =
    "Usage: polltable [--deff D] [--source TEXT] [OPTION]... [-o FILE] [INPUT]\n"
    "\n"
    "Turn a pollster's published data tables (a banner per question: the Excel\n"
    "workbook as published, or saved as CSV) into the support table that pollclaim\n"
    "and pollplot read. A workbook's sheets are read in order, a sheet without a\n"
    "table (contents, notes) skipped, each new sheet a new question; a note maps\n"
    "each sheet to the line numbers messages give. The result has\n"
    "one row per question x group x answer with n, share, standard error and\n"
    "interval. On standard error it says what it took each part of the table for.\n"
    "\n"
    "What it reads, per question (several questions per file, each starting with a\n"
    "title line or after an empty row):\n"
    "  a title line        'Q7_1. Wording' gives question q7_1 and its label; a bare\n"
    "                      'Table 3' takes the wording under it; a long wording is\n"
    "                      labelled after its stem ('...following? Item' -> Item),\n"
    "                      the whole kept in question_text; 'Base: All adults' is\n"
    "                      who was asked (universe); contents links, (c) and\n"
    "                      fieldwork lines are never titles\n"
    "  a header            break names (Gender, 2024 vote) over group names (Total,\n"
    "                      Male, Female...); an empty cell under a break belongs to\n"
    "                      it; an optional row of column letters such as (A) (B)\n"
    "  bases               'Unweighted base' gives n (required); 'Weighted base';\n"
    "                      'Effective base' or 'Weighting efficiency' give the design\n"
    "                      effect\n"
    "  answers             one row per answer: 54%, 54 or 0.54 (the convention is\n"
    "                      found per table from % signs or figures above 1 and\n"
    "                      reported), '*' under 0.5%, '-' zero; a row of counts above\n"
    "                      or below the percentages is recognised and not used\n"
    "  NET rows            'NET: Support', 'Total agree', 'Net support' (a net\n"
    "                      score); a plain 'Support' row that adds up its side's\n"
    "                      answers\n"
    "  significance rows   letters under a row; kept in sig_higher_than\n"
    "\n";

static const char after[] =
    "Output columns: question,question_label,by,group,group_label,response,\n"
    "response_label,response_kind,n,count,weighted_base,share,se,ci_low,ci_high,\n"
    "deff_kish,n_eff,ci_method,level,base,weight,low_base,se_method,deff_source,\n"
    "source,group_letter,sig_higher_than,question_text,universe. by is the break's\n"
    "name as a code, group the group's (Total is the All group); count is empty (a\n"
    "banner does not give it exactly). se = sqrt(deff p(1-p)/n) per group,\n"
    "intervals as pollsupport's with n - 1 degrees of freedom.\n"
    "\n"
    "Example:\n"
    "  polltable --source 'YouGov, 21-22 Nov 2025' tables.csv |\n"
    "      pollclaim --claim 'majority of Labour support many of *' --format table\n"
    "\n"
    "Exit status: 0 success, 1 a table it cannot read (FILE:LINE[:COLUMN]) or I/O\n"
    "error, 2 bad usage.\n";

enum { OPT_DEFF = PK_OPT_FIRST, OPT_SOURCE, OPT_CI, OPT_LEVEL, OPT_MIN_BASE, OPT_RELABEL, OPT_TSV,
       OPT_WAVE, OPT_GLOSSARY };

static const pk_opt opts[] = {
    {"deff", 0, OPT_DEFF, PK_ARG_NUMBER, "D",
     "the design effect to use for every group (deff_source 'given'); default: the table's effective base "
     "or weighting efficiency, else 1 with a warning (deff_source 'assumed')", NULL, 0, NULL},
    {"source", 0, OPT_SOURCE, PK_ARG_TEXT, "TEXT", "fill the source column (for chart footnotes)", NULL, 0,
     NULL},
    {"ci", 0, OPT_CI, PK_ARG_CHOICE, "METHOD",
     "interval: logit (default), beta, mean, wilson; net scores always p +- t*se clipped to [-1,1]",
     pk_opt_ci_methods, 0, NULL},
    {"level", 0, OPT_LEVEL, PK_ARG_NUMBER, "L", "confidence level, 0 < L < 1 (default 0.95)", NULL, 0, NULL},
    {"min-base", 0, OPT_MIN_BASE, PK_ARG_NUMBER, "N",
     "flag groups with fewer respondents in low_base (default 50)", NULL, 0, NULL},
    {"relabel", 0, OPT_RELABEL, PK_ARG_INPUT, "FILE",
     "labels of your own for questions, by code: a CSV with the columns question and "
     "label (for a title that is long or unclear; every code must be the table's)",
     NULL, 0, NULL},
    {"wave", 0, OPT_WAVE, PK_ARG_TEXT, "CODE[=LABEL]",
     "stamp every row with this wave (columns wave, wave_label and fieldwork, LABEL such as "
     "'June 2026, fieldwork 3-5 June'): give pollclaim and pollplot the tables of several "
     "waves to check or chart a change (as from separate samples)", NULL, 0, NULL},
    {"glossary", 0, OPT_GLOSSARY, PK_ARG_INPUT, "FILE",
     "labels of the table's own for a mean score's row and its standard deviation's, beside the English "
     "ones (Mean, Mean score, Average; Standard deviation, SD): a CSV with the columns meaning (mean or "
     "sd) and label, e.g. 'mean,Moyenne'", NULL, 0, NULL},
    PK_OPTION_OUTPUT("write to FILE (whole or not at all)"),
    PK_OPTION_TSV(OPT_TSV, "read and write tab-separated values"),
    PK_OPTION_END,
};

static const pk_opt_table options = {
    {usage}, opts, {after},
    PK_OPERAND_INPUT(PK_OPT_WORKBOOK, "a published banner table (an Excel workbook or CSV)"),
    "say nothing on standard error but warnings and errors",
};

/* --glossary FILE: the labels of mean and standard deviation rows, as
 * pk_banner_opts takes them (none when path is NULL); the strings live
 * until exit. */
static void glossary_load(pk_banner_opts *o, const char *path)
{
    if (!path)
        return;
    pk_err err;
    pk_err_clear(&err);
    pk_csv_reader *r = pk_csv_reader_open(path, ',', &err);
    if (!r)
        pk_die_err(&err);
    long cm = pk_csv_reader_col(r, "meaning"), cl = pk_csv_reader_col(r, "label");
    if (cm < 0 || cl < 0)
        pk_die(PK_EXIT_DATA, "%s:%ld: --glossary needs the columns meaning and label", path,
               pk_csv_reader_header_line(r));
    static char **words[2];
    static size_t n[2], cap[2];
    int got;
    while ((got = pk_csv_reader_next(r, &err)) > 0) {
        const char *m = pk_csv_reader_field(r, (size_t)cm), *l = pk_csv_reader_field(r, (size_t)cl);
        int k = strcmp(m, "mean") == 0 ? 0 : strcmp(m, "sd") == 0 ? 1 : -1;
        if (k < 0)
            pk_die(PK_EXIT_DATA, "%s:%ld: meaning '%s': expected mean or sd", path, pk_csv_reader_line(r), m);
        if (!*l)
            pk_die(PK_EXIT_DATA, "%s:%ld: an empty label", path, pk_csv_reader_line(r));
        if (pk_util_grow((void **)&words[k], &cap[k], n[k] + 1, sizeof *words[k]) ||
            !(words[k][n[k]++] = strdup(l)))
            pk_die(PK_EXIT_DATA, "out of memory");
    }
    if (got < 0)
        pk_die_err(&err);
    pk_csv_reader_close(r);
    o->mean_words = (const char *const *)words[0];
    o->nmean_words = n[0];
    o->sd_words = (const char *const *)words[1];
    o->nsd_words = n[1];
}

/* --relabel FILE: question code -> label, with the line each came from. */
typedef struct relabel {
    char **code, **label;
    long *line;
    int *used;
    size_t n;
    char *name;
} relabel;

static void relabel_load(relabel *rl, const char *path)
{
    pk_err err;
    pk_err_clear(&err);
    pk_csv_reader *r = pk_csv_reader_open(path, ',', &err);   /* always CSV, as codebooks */
    if (!r)
        pk_die_err(&err);
    long cq = pk_csv_reader_col(r, "question"), cl = pk_csv_reader_col(r, "label");
    if (cq < 0 || cl < 0)
        pk_die(PK_EXIT_DATA, "%s:%ld: --relabel needs the columns question and label", path,
               pk_csv_reader_header_line(r));
    size_t cap = 0;
    int got;
    while ((got = pk_csv_reader_next(r, &err)) > 0) {
        const char *q = pk_csv_reader_field(r, (size_t)cq), *l = pk_csv_reader_field(r, (size_t)cl);
        long line = pk_csv_reader_line(r);
        if (!*q || !*l)
            pk_die(PK_EXIT_DATA, "%s:%ld: an empty %s", path, line, *q ? "label" : "question code");
        for (size_t i = 0; i < rl->n; i++)
            if (strcmp(rl->code[i], q) == 0)
                pk_die(PK_EXIT_DATA, "%s:%ld: question '%s' is relabelled twice (first on line %ld)",
                       path, line, q, rl->line[i]);
        if (rl->n == cap) {
            cap = cap ? 2 * cap : 16;
            rl->code = realloc(rl->code, cap * sizeof *rl->code);
            rl->label = realloc(rl->label, cap * sizeof *rl->label);
            rl->line = realloc(rl->line, cap * sizeof *rl->line);
            if (!rl->code || !rl->label || !rl->line)
                pk_die(PK_EXIT_DATA, "out of memory");
        }
        rl->code[rl->n] = strdup(q);
        rl->label[rl->n] = strdup(l);
        rl->line[rl->n] = line;
        if (!rl->code[rl->n] || !rl->label[rl->n])
            pk_die(PK_EXIT_DATA, "out of memory");
        rl->n++;
    }
    if (got < 0)
        pk_die_err(&err);
    if (!(rl->used = calloc(rl->n ? rl->n : 1, sizeof *rl->used)) || !(rl->name = strdup(path)))
        pk_die(PK_EXIT_DATA, "out of memory");
    pk_csv_reader_close(r);
}

/* The label --relabel gives question code, or NULL. */
static const char *relabel_find(relabel *rl, const char *code)
{
    for (size_t i = 0; i < rl->n; i++)
        if (strcmp(rl->code[i], code) == 0) {
            rl->used[i] = 1;
            return rl->label[i];
        }
    return NULL;
}

/* Every code of --relabel must be one of the table's (questions lists
 * them): a typo is an error, not a label silently unused. */
static void relabel_check(const relabel *rl, pk_err_list *questions)
{
    for (size_t i = 0; i < rl->n; i++)
        if (!rl->used[i])
            pk_die(PK_EXIT_DATA, "%s:%ld: no question '%s' in the table (its questions: %s)",
                   rl->name, rl->line[i], rl->code[i], pk_err_list_text(questions));
}

/* The rows as the banner makes them: relabelled, written, and the
 * questions listed for relabel_check. */
typedef struct writing {
    pk_csv_writer *w;
    relabel *rl;
    const char *wave, *wave_label;   /* --wave; NULL: none */
    unsigned long omit;
    pk_err_list questions;
    char *last;
} writing;

static int write_row(void *ctx, const pk_support_table_row *r)
{
    writing *wr = ctx;
    pk_support_table_row row = *r;
    const char *label = wr->rl->n ? relabel_find(wr->rl, row.question) : NULL;
    if (label)
        row.question_label = label;
    if (!wr->last || strcmp(wr->last, row.question) != 0) {
        free(wr->last);
        if (!(wr->last = strdup(row.question)))
            return -1;
        pk_err_list_add(&wr->questions, ", ", "%s", row.question);
    }
    if (wr->wave) {
        row.wave = wr->wave;
        row.wave_label = wr->wave_label;
        row.fieldwork = wr->wave_label != wr->wave ? wr->wave_label : "";
    }
    pk_support_table_write_row(wr->w, &row, wr->omit);
    return 0;
}

static void relabel_free(relabel *rl)
{
    for (size_t i = 0; i < rl->n; i++) {
        free(rl->code[i]);
        free(rl->label[i]);
    }
    free(rl->code);
    free(rl->label);
    free(rl->line);
    free(rl->used);
    free(rl->name);
}

/* An Excel workbook (.xlsx) given as a file: its sheets, in order, as the
 * CSV text a reader would save from it, in a temporary file ($TMPDIR,
 * removed at once: a workbook's text may be ten times its size); NULL for
 * any other input. Line L of that text is a cell row of a sheet, which a
 * note maps, so that a message's line can be found in the workbook. */
static FILE *workbook_text(const char *input, char delim, long **pages, char ***names,
                           size_t *npages)
{
    if (!input || strcmp(input, "-") == 0)
        return NULL;
    FILE *f = fopen(input, "rb");
    if (!f)
        return NULL;   /* the CSV reader names the problem */
    unsigned char head[8];
    size_t n = fread(head, 1, sizeof head, f);
    fclose(f);
    if (!pk_xlsx_sniff(head, n))
        return NULL;
    pk_err err;
    pk_err_clear(&err);
    pk_xlsx *x = pk_xlsx_open(input, input, NULL, &err);
    if (!x)
        pk_die_err(&err);
    size_t ns = pk_xlsx_nsheets(x);
    pk_xlsx_sheet_lines *lines = calloc(ns ? ns : 1, sizeof *lines);
    const char *dir;
    FILE *out = pk_util_tmpfile("polltable", &dir);
    if (!out)
        pk_die(PK_EXIT_DATA, "cannot make a temporary file in %s (set TMPDIR): %s", dir,
               strerror(errno));
    if (!lines)
        pk_die(PK_EXIT_DATA, "out of memory");
    if (pk_xlsx_write_csv(x, out, delim, pk_banner_is_table_row, lines, &err))
        pk_die_err(&err);
    long len = ftell(out);
    if (len < 0 || fflush(out) != 0 || fseek(out, 0, SEEK_SET) != 0)
        pk_die(PK_EXIT_DATA, "a temporary file in %s: %s", dir, strerror(errno));
    if (!(*pages = calloc(ns ? ns : 1, sizeof **pages)) ||
        !(*names = calloc(ns ? ns : 1, sizeof **names)))
        pk_die(PK_EXIT_DATA, "out of memory");
    for (size_t i = 0; i < ns; i++) {
        if (!lines[i].skipped) {
            if (!((*names)[*npages] = strdup(lines[i].name)))
                pk_die(PK_EXIT_DATA, "out of memory");
            (*pages)[(*npages)++] = lines[i].first_line;
        }
        if (lines[i].skipped)
            pk_note("%s: sheet '%s' skipped: no table on it (no base row such as 'Unweighted base')", input,
                    lines[i].name);
        else
            pk_note("%s: sheet '%s' read as lines %ld-%ld (line L is row L - %ld of the sheet)", input,
                    lines[i].name, lines[i].first_line, lines[i].last_line, lines[i].first_line - 1);
    }
    free(lines);
    pk_xlsx_close(x);
    if (len == 0)
        pk_die(PK_EXIT_DATA, "%s: no sheet of the workbook holds a table (a base row such as 'Unweighted base' "
               "under a header of groups)", input);
    return out;
}

/* A number written with a decimal comma, as a spreadsheet in a language
 * with decimal commas saves it: "33,5%", "0,335", "-2,5", with '.' between
 * thousands ("1.234,5", "1.234"). Into out in its C form ("33.5%",
 * "1234"), 1; 0 when s is no such number (it is then left as it is). */
static int decimal_comma(const char *s, char *out, size_t size)
{
    size_t n = strlen(s), o = 0, i = 0;
    int commas = 0, groups = 0, digits = 0;
    if (n == 0 || n + 1 > size)
        return 0;
    if (s[0] == '-' || s[0] == '+')
        out[o++] = s[i++];
    for (; i < n; i++) {
        char ch = s[i];
        int d3 = i + 3 < n && isdigit((unsigned char)s[i + 1]) && isdigit((unsigned char)s[i + 2]) &&
                 isdigit((unsigned char)s[i + 3]) &&
                 (i + 4 == n || s[i + 4] == ',' || s[i + 4] == '.' || s[i + 4] == '%');
        /* A group of thousands never follows a lone 0 ("0.335" is no 335). */
        int lone_zero = digits == 1 && o > 0 && out[o - 1] == '0';
        if (isdigit((unsigned char)ch)) {
            out[o++] = ch;
            digits++;
        } else if (ch == ',' && !commas && digits && i + 1 < n && isdigit((unsigned char)s[i + 1])) {
            out[o++] = '.';
            commas = 1;
        } else if (ch == '.' && !commas && digits && !lone_zero && digits <= 3 * (groups + 1) && d3) {
            groups++;   /* between thousands */
        } else if (ch == '%' && i + 1 == n && digits) {
            out[o++] = ch;
        } else {
            return 0;
        }
    }
    out[o] = '\0';
    return commas || groups;
}

/* A banner saved as CSV by a spreadsheet set up for a language with
 * decimal commas: ';' between cells. Recognised by its first 64 KiB (more
 * ';' than ',' outside quotes, and at least one a line); its cells are
 * read with ';' and written again with delim, numbers with a decimal comma
 * in their C form, each record on its own line as before, so that messages
 * name the file's lines. NULL for any other input; what was understood is
 * said on standard error. */
static FILE *semicolon_text(const char *input, char delim, char **text)
{
    if (!input || strcmp(input, "-") == 0 || delim != ',')
        return NULL;
    FILE *f = fopen(input, "rb");
    if (!f)
        return NULL;
    char head[65536];
    size_t n = fread(head, 1, sizeof head, f);
    fclose(f);
    size_t semi = 0, comma = 0, lines = 1;
    int quoted = 0;
    for (size_t i = 0; i < n; i++) {
        if (head[i] == '"')
            quoted = !quoted;
        else if (!quoted && head[i] == ';')
            semi++;
        else if (!quoted && head[i] == ',')
            comma++;
        else if (head[i] == '\n')
            lines++;
    }
    if (semi <= comma || semi < lines - 1)
        return NULL;
    pk_err err;
    pk_err_clear(&err);
    pk_csv_reader *r = pk_csv_reader_open_flags(input, ';', PK_READER_NO_HEADER, &err);
    if (!r)
        pk_die_err(&err);
    size_t len = 0;
    long line = 1, converted = 0;
    FILE *out = open_memstream(text, &len);
    if (!out)
        pk_die(PK_EXIT_DATA, "out of memory");
    pk_csv_writer w;
    pk_csv_writer_init(&w, out, delim);
    int got;
    while ((got = pk_csv_reader_next(r, &err)) == 1) {
        for (; line < pk_csv_reader_line(r); line++)
            fputc('\n', out);   /* the lines the reader passed over */
        for (size_t i = 0; i < pk_csv_reader_nfields(r); i++) {
            const char *cell = pk_csv_reader_field(r, i);
            for (const char *nl = strchr(cell, '\n'); nl; nl = strchr(nl + 1, '\n'))
                line++;   /* a quoted line break takes a line here too */
            char num[64];
            if (decimal_comma(cell, num, sizeof num)) {
                pk_csv_writer_field(&w, num);
                converted++;
            } else {
                pk_csv_writer_field(&w, cell);
            }
        }
        pk_csv_writer_end(&w);
        line++;
    }
    if (got < 0)
        pk_die_err(&err);
    pk_csv_reader_close(r);
    fclose(out);
    pk_note("%s: cells separated by ';' (as a spreadsheet in a language with decimal commas saves CSV); %ld "
            "number%s with a decimal comma read as %s (\"33,5%%\" is 33.5%%)", input, converted,
            converted == 1 ? "" : "s", converted == 1 ? "that" : "those");
    if (len == 0)
        return NULL;
    FILE *in = fmemopen(*text, len, "rb");
    if (!in)
        pk_die(PK_EXIT_DATA, "out of memory");
    return in;
}

/* --wave CODE[=LABEL]: the code (malloc'd) and *label (the code when
 * none is given). */
static char *parse_wave(const char *arg, char **label)
{
    const char *eq = strchr(arg, '=');
    char *code = strndup(arg, eq ? (size_t)(eq - arg) : strlen(arg));
    if (!code)
        pk_die(PK_EXIT_DATA, "out of memory");
    if (!code[0] || strspn(code, " ") == strlen(code))
        pk_usage_error("--wave: expected CODE or CODE=LABEL, got '%s'", arg);
    if (eq && !eq[1])
        pk_usage_error("--wave %s: an empty label after '='", arg);
    *label = eq ? (char *)eq + 1 : code;
    return code;
}

int main(int argc, char **argv)
{
    pk_cli_init("polltable");
    pk_banner_opts o;
    memset(&o, 0, sizeof o);
    o.ci = PK_ESTIMATE_CI_LOGIT;
    o.level = 0.95;
    o.min_base = 50;
    const char *outpath = NULL, *relabel_path = NULL, *glossary_path = NULL;
    char *wave = NULL, *wave_label = NULL;
    char delim = ',';
    int c;
    while ((c = pk_opt_next(argc, argv, &options)) != -1) {
        switch (c) {
        case OPT_DEFF:
            o.deff = pk_opt_double("--deff", optarg, 1, 1000);
            break;
        case OPT_SOURCE:
            o.source = optarg;
            break;
        case OPT_CI:
            o.ci = (enum pk_estimate_ci)pk_opt_choice("--ci", optarg, pk_opt_ci_methods);
            break;
        case OPT_LEVEL:
            o.level = pk_opt_number("--level", optarg, 0, 1, PK_OPEN_LO | PK_OPEN_HI);
            break;
        case OPT_MIN_BASE:
            o.min_base = pk_opt_long("--min-base", optarg, 0, 1000000000L);
            break;
        case OPT_RELABEL:
        case OPT_GLOSSARY:
            *(c == OPT_RELABEL ? &relabel_path : &glossary_path) = optarg;
            break;
        case OPT_TSV:
            delim = '\t';
            break;
        case OPT_WAVE:
            free(wave);
            wave = parse_wave(optarg, &wave_label);
            break;
        case 'o':
            outpath = optarg;
            break;
        default:
            abort();   /* pk_opt_next returns only the table's options */
        }
    }
    const char *input = pk_opt_input(argc, argv);
    glossary_load(&o, glossary_path);

    pk_err err;
    pk_err_clear(&err);
    char *text = NULL;
    long *pages = NULL;
    char **names = NULL;
    FILE *wb = workbook_text(input, delim, &pages, &names, &o.npages);
    if (!wb)
        wb = semicolon_text(input, delim, &text);
    o.page_starts = pages;
    o.page_names = (const char *const *)names;
    pk_csv_reader *r = wb ? pk_csv_reader_open_stream_flags(wb, input, delim, PK_READER_NO_HEADER, &err)
                          : pk_csv_reader_open_flags(input, delim, PK_READER_NO_HEADER, &err);
    if (!r)
        pk_die_err(&err);
    /* Rows are written as each question is read, to a temporary file, so
     * that memory does not grow with the table; it is copied to the output
     * only when the whole table was read (an error leaves no partial
     * table on standard output). */
    relabel rl = {0};
    if (relabel_path)
        relabel_load(&rl, relabel_path);
    const char *tmpdir;
    FILE *rows = pk_util_tmpfile("polltable", &tmpdir);
    if (!rows)
        pk_die(PK_EXIT_DATA, "cannot make a temporary file in %s (set TMPDIR): %s", tmpdir,
               strerror(errno));
    pk_csv_writer w;
    pk_csv_writer_init(&w, rows, delim);
    unsigned long omit = wave ? 1ul << PK_SUPPORT_TABLE_COL_VERSUS_WAVE : PK_SUPPORT_TABLE_OMIT_WAVES;
    pk_support_table_write_header(&w, omit);
    writing wr = {.w = &w, .rl = &rl, .wave = wave, .wave_label = wave_label, .omit = omit};
    o.row_out = write_row;
    o.row_ctx = &wr;
    pk_banner *b = pk_banner_read(r, &o, &err);
    if (!b) {
        pk_csv_reader_close(r);
        pk_die_err(&err);
    }
    relabel_check(&rl, &wr.questions);
    pk_out out;
    pk_out_open_or_die(&out, outpath);
    if (fflush(rows) != 0 || fseek(rows, 0, SEEK_SET) != 0)
        pk_die(PK_EXIT_DATA, "a temporary file in %s: %s", tmpdir, strerror(errno));
    if (pk_out_copy(&out, rows) != 0)
        pk_die(PK_EXIT_DATA, "a temporary file in %s: %s", tmpdir, strerror(errno));
    fclose(rows);
    /* What was understood is a note (-q silences it); a warning always shows. */
    for (size_t i = 0; i < pk_banner_nnotes(b); i++) {
        const char *n = pk_banner_note(b, i);
        if (strncmp(n, "warning: ", 9) == 0)
            pk_msg("%s", n);
        else
            pk_note("%s", n);
    }
    relabel_free(&rl);
    free(wr.last);
    free(wave);
    pk_out_commit_or_die(&out);
    pk_banner_free(b);
    pk_csv_reader_close(r);
    if (wb)
        fclose(wb);
    free(text);
    free(pages);
    for (size_t i = 0; i < o.npages; i++)
        free(names[i]);
    free(names);
    return pk_finish(PK_EXIT_OK);
}
