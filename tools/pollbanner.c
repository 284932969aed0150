/* pollbanner: a support table (pollsupport's, polltable's, or typed in)
 * presented for publication; today the wide table chart tools take. The
 * layout is tools/lib/wide.c; this is options and files. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "csvio.h"
#include "options.h"
#include "support_banner.h"
#include "support_grid.h"
#include "support_table.h"
#include "support_xlsx.h"
#include "wide.h"

static const char usage[] =
    "Usage: pollbanner [--format wide|xlsx|table] [--responses]\n"
    "                  [--digits N | --proportions] [--title T] [--source T]\n"
    "                  [--wave W] [OPTION]... [-o FILE] [INPUT]\n"
    "Present a support table (pollsupport's, polltable's, or one typed in) for\n"
    "publication. --format xlsx writes the workbook pollsupport --format xlsx\n"
    "writes (an About sheet, then a sheet per question: the wording, the breaks'\n"
    "labels over their groups, bases, shares, nets in bold, letters), with your\n"
    "--title and --source. --format wide (the default) writes the table chart tools\n"
    "(Datawrapper, Flourish) and editors take: one row per question holding its\n"
    "positive net (its one positive answer when a side has a single code; its first\n"
    "answer when the scale has no sides), or one row per question x answer with\n"
    "--responses; one column per group, All first, headed by the group's label (a\n"
    "label two breaks share is prefixed by its break: 'vote2024: Did not vote');\n"
    "labels, never codes; percentages rounded to --digits decimals. --format\n"
    "table prints the banner pollsupport --format table prints (made by the same\n"
    "code): a block per question, a column per group, bases and letters.\n"
    "A table of several waves (pollsupport --waves, polltable --wave) shows one\n"
    "wave: the latest, or --wave W (a code or label); standard error says which.\n"
    "\n";

static const char after[] =
    "Standard error says which answer each question's row holds, and how the\n"
    "figures were rounded.\n"
    "\n"
    "Example:\n"
    "  pollsupport --by vote2024 --codebook codebook.csv weighted.csv |\n"
    "      pollbanner -o chart_data.csv\n"
    "  polltable tables.xlsx | pollbanner --responses --digits 1\n"
    "  polltable tables.xlsx | pollbanner --format table | less -S\n"
    "\n"
    "Exit status: 0 success, 1 a table it cannot read (FILE:LINE:COLUMN) or I/O\n"
    "error, 2 bad usage.\n";

enum { OPT_FORMAT = PK_OPT_FIRST, OPT_RESPONSES, OPT_DIGITS, OPT_PROPORTIONS, OPT_TITLE, OPT_SOURCE,
       OPT_TSV, OPT_WAVE };

enum { FORMAT_WIDE, FORMAT_XLSX, FORMAT_TABLE };

static const pk_choice formats[] = {
    {"wide", FORMAT_WIDE},
    {"xlsx", FORMAT_XLSX},
    {"table", FORMAT_TABLE},
    {NULL, 0},
};

static const pk_opt opts[] = {
    {"format", 0, OPT_FORMAT, PK_ARG_CHOICE, "F",
     "wide (default): a row per question, a column per group; xlsx: the workbook (needs -o FILE or a "
     "redirect); table: the banner for a terminal, as pollsupport --format table prints it", formats, 0,
     NULL},
    {"title", 0, OPT_TITLE, PK_ARG_TEXT, "T", "xlsx: the workbook's title (default 'Data tables')", NULL,
     0, NULL},
    {"source", 0, OPT_SOURCE, PK_ARG_TEXT, "T",
     "xlsx: the source the About sheet gives (default: the input's name)", NULL, 0, NULL},
    {"responses", 0, OPT_RESPONSES, PK_ARG_NONE, NULL,
     "a row per question x answer (every answer and net), not only the positive net", NULL, 0, NULL},
    {"digits", 0, OPT_DIGITS, PK_ARG_NUMBER, "N", "decimals of the percentages, 0 to 6 (default 0)", NULL,
     0, NULL},
    {"proportions", 0, OPT_PROPORTIONS, PK_ARG_NONE, NULL,
     "the shares as proportions (0.54), exactly as the table has them, instead of percentages", NULL, 0,
     NULL},
    {"wave", 0, OPT_WAVE, PK_ARG_TEXT, "W",
     "a table of several waves: show wave W (its code, label or the label's first words; default "
     "the latest)", NULL, 0, NULL},
    PK_OPTION_OUTPUT("write to FILE (whole or not at all)"),
    PK_OPTION_TSV(OPT_TSV, "read and write tab-separated values"),
    PK_OPTION_END,
};

static const pk_opt_table options = {
    {usage}, opts, {after},
    PK_OPERAND_INPUT(0, "a support table (CSV, as pollsupport or polltable write it)"),
    "say nothing on standard error but errors",
};

static int xlsx_of_grid(const void *src, const char *path, const char *shown, time_t created,
                        const char *tmpdir, pk_err *err)
{
    return pk_support_xlsx_write_src(src, path, shown, created, tmpdir, err);
}

/* The workbook of t: the grid of its rows, the About sheet's facts from
 * them, the user's title and source. */
static void write_workbook(const pk_support_table *t, const char *out_path, const char *title,
                           const char *source)
{
    pk_err e;
    pk_err_clear(&e);
    pk_support_grid g;
    if (pk_support_grid_make(&g, t, strcmp(source, "-") == 0 ? "<stdin>" : source, 50, &e) != 0)
        pk_die_err(&e);
    pk_support_xlsx_src src = {.nrows = g.nrows, .row = pk_support_grid_row, .ctx = &g,
                               .info = g.info, .title = title, .made_by = "pollbanner"};
    pk_out out;
    pk_out_open_or_die(&out, out_path);
    pk_out_document(&out, "--format xlsx", xlsx_of_grid, &src);
    pk_out_commit_or_die(&out);
    pk_support_grid_free(&g);
}

/* The banner of t for a terminal: the same code as pollsupport's
 * --format table, over the grid of t's rows. */
static void write_banner(const pk_support_table *t, const char *out_path, const char *source)
{
    pk_err e;
    pk_err_clear(&e);
    pk_support_grid g;
    if (pk_support_grid_make(&g, t, strcmp(source, "-") == 0 ? "<stdin>" : source, 50, &e) != 0)
        pk_die_err(&e);
    pk_support_xlsx_src src = {.nrows = g.nrows, .row = pk_support_grid_row, .ctx = &g, .info = g.info};
    pk_out out;
    pk_out_open_or_die(&out, out_path);
    if (pk_support_banner_write_src(&src, out.f) != 0) {
        pk_out_abort(&out);
        pk_die(PK_EXIT_DATA, "out of memory");
    }
    pk_out_commit_or_die(&out);
    pk_support_grid_free(&g);
}

/* A table of several waves shows one: --wave's, else the latest. */
static void pick_wave(pk_support_table *t, const char *wave, const char *input)
{
    if (wave && t->nwaves == 0)
        pk_die(PK_EXIT_DATA, "%s: --wave %s: the table has no waves", input, wave);
    if (t->nwaves == 0)
        return;
    long k = wave ? pk_support_table_wave_find(t, wave) : (long)t->nwaves - 1;
    if (k < 0) {
        pk_err_list l = {0};
        for (size_t i = 0; i < t->nwaves; i++)
            pk_err_list_add(&l, ", ", "%s (\"%s\")", t->waves[i].code, t->waves[i].label);
        pk_die(PK_EXIT_DATA, "%s: --wave %s: %s; the table's waves are: %s", input, wave,
               k == -2 ? "begins the labels of several waves (give its code)" : "no such wave",
               pk_err_list_text(&l));
    }
    t->wave_pick = (size_t)k + 1;
    if (t->nwaves > 1)
        pk_note("the table holds %zu waves: showing %s%s (--wave W for another)", t->nwaves,
                t->waves[k].label, wave ? "" : ", the latest");
}

int main(int argc, char **argv)
{
    pk_cli_init("pollbanner");
    const char *out_path = NULL;
    char delim = ',';
    pk_wide_opts o = {0, 0, 0};
    int digits_given = 0, format = FORMAT_WIDE;
    const char *title = NULL, *source = NULL, *wave = NULL;
    int ch;
    while ((ch = pk_opt_next(argc, argv, &options)) != -1) {
        switch (ch) {
        case OPT_FORMAT: format = pk_opt_choice("--format", optarg, formats); break;
        case OPT_TITLE: title = optarg; break;
        case OPT_SOURCE: source = optarg; break;
        case OPT_RESPONSES: o.responses = 1; break;
        case OPT_DIGITS:
            o.digits = (int)pk_opt_long("--digits", optarg, 0, 6);
            digits_given = 1;
            break;
        case OPT_PROPORTIONS: o.proportions = 1; break;
        case OPT_TSV: delim = '\t'; break;
        case OPT_WAVE: wave = optarg; break;
        case 'o': out_path = optarg; break;
        default: abort();   /* pk_opt_next returns only the table's options */
        }
    }
    if (digits_given && o.proportions)
        pk_usage_error("--digits rounds percentages; --proportions writes the shares unrounded: give one");
    const char *input = pk_opt_input(argc, argv);
    if (!input)
        input = "-";
    pk_err e;
    pk_err_clear(&e);
    pk_support_table t;
    if (pk_support_table_load(input, delim, &t, &e) != 0)
        pk_die_err(&e);
    pick_wave(&t, wave, input);

    if (format == FORMAT_XLSX) {
        if (o.responses || digits_given || o.proportions)
            pk_usage_error("--responses, --digits and --proportions are for --format wide");
        write_workbook(&t, out_path, title, source ? source : input);
        pk_support_table_free(&t);
        return pk_finish(PK_EXIT_OK);
    }
    if (title || source)
        pk_usage_error("--title and --source are for --format xlsx");
    if (format == FORMAT_TABLE) {
        if (o.responses || digits_given || o.proportions)
            pk_usage_error("--responses, --digits and --proportions are for --format wide");
        write_banner(&t, out_path, input);
        pk_support_table_free(&t);
        return pk_finish(PK_EXIT_OK);
    }
    if (o.proportions)
        pk_note("shares as proportions, exactly as the table has them");
    else
        pk_note("shares as percentages rounded to %d decimal%s (--digits N for more, --proportions for "
                "the exact figures)", o.digits, o.digits == 1 ? "" : "s");
    int means = 0;
    for (size_t i = 0; i < t.nrows && !means; i++)
        means = strcmp(t.rows[i].response_kind, "mean") == 0;
    if (means && !o.proportions)
        pk_note("mean scores rounded to %d decimal%s", o.digits + 1, o.digits + 1 == 1 ? "" : "s");
    pk_out out;
    pk_out_open_or_die(&out, out_path);
    pk_csv_writer w;
    pk_csv_writer_init(&w, out.f, delim);
    char *said = NULL;
    size_t len = 0;
    FILE *notes = o.responses ? NULL : open_memstream(&said, &len);
    if (pk_wide_write(&t, &o, &w, notes) != 0)
        pk_die(PK_EXIT_DATA, "out of memory");
    if (notes) {
        fclose(notes);
        pk_note("each question's row holds:");
        for (char *save = NULL, *l = strtok_r(said, "\n", &save); l; l = strtok_r(NULL, "\n", &save))
            pk_note("%s", l);
        free(said);
    }
    pk_out_commit_or_die(&out);
    pk_support_table_free(&t);
    return pk_finish(PK_EXIT_OK);
}
