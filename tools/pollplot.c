/* pollplot: a support table in, a self-contained gnuplot script out, which
 * `gnuplot SCRIPT` turns into a newspaper-style chart. Options and messages
 * here; the chart is tools/lib/plot*.c (plot_script.c the entry point),
 * the quoting tools/lib/plot_quote.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "csvio.h"
#include "options.h"
#include "plot_quote.h"
#include "plot.h"
#include "plot_style.h"
#include "support_table.h"

static const char usage[] =
    "Usage: pollplot [OPTION]... [INPUT]...\n"
    "Write a gnuplot script that draws a chart of a support table (the output\n"
    "of pollsupport) read from INPUT, or standard input when INPUT is absent or\n"
    "'-'. Several INPUTs (the waves of a trend, one table each) are read as one\n"
    "table. Run the script with gnuplot to make the chart.\n"
    "\n";

static const char after[] =
    "Labels come from the table's question_label, group_label and response_label\n"
    "columns, the sides of the scale from response_kind (a table without it is\n"
    "read as nominal, don't-know labels apart); the footnote from its weight,\n"
    "ci_method, level, base, n and low_base columns. Colours: the parties' own\n"
    "where the groups are parties, else a palette of 12 kept apart for readers\n"
    "with red-green colour blindness (bars of more than 8 such groups are\n"
    "named beside each bar; more than 12 groups named are refused); a blue-red\n"
    "ramp for scales with sides, a qualitative palette for answers without (up\n"
    "to 11 codes). A diverging or stacked chart shows one answer scale:\n"
    "questions of several scales are refused. Diverging totals are the table's\n"
    "NET rows.\n"
    "Without --groups or --questions, pollplot draws what fits the chart (text\n"
    "beside the bars a line of its size apart): the groups with the largest\n"
    "bases, then the first questions; standard error says what was left out.\n"
    "Every text from the table or the options is written as one escaped gnuplot\n"
    "string and drawn as plain text: a label cannot run a command. Run the\n"
    "script in a UTF-8 locale.\n"
    "\n"
    "Examples:\n"
    "  pollplot --groups lab,grn --image support.png --source 'Source: X poll' \\\n"
    "      -o support.gp support.csv && LC_ALL=C.UTF-8 gnuplot support.gp\n"
    "  pollplot --chart diverging --questions q_fourday --groups 'Reform UK,Labour' \\\n"
    "      --image agree.png -o agree.gp support.csv\n"
    "  pollplot --style house.txt --alt support.txt --groups lab,grn \\\n"
    "      --image support.png -o support.gp support.csv\n"
    "  pollplot --chart means --questions q_trust --image trust.png -o trust.gp \\\n"
    "      support.csv\n"
    "\n"
    "Exit status: 0 success; 1 bad data (unreadable table, bad numbers, invalid\n"
    "UTF-8) or I/O failure; 2 bad usage (unknown option, bad value, unsafe image\n"
    "name, a group or response the table does not have).\n";

static void check_text(const char *opt, const char *s)
{
    if (pk_csv_utf8_invalid_at(s, strlen(s)) != (size_t)-1)
        pk_usage_error("%s: text is not valid UTF-8", opt);
}

enum { OPT_TSV = PK_OPT_FIRST, OPT_QUESTIONS, OPT_MIN_BASE, OPT_SIZE, OPT_FONT, OPT_NOTE, OPT_ALT, OPT_STYLE };

static const pk_choice charts[] = {PK_PLOT_CHARTS(PK_OPT_CHOICE) {NULL, 0}};
static const pk_choice terminals[] = {PK_PLOT_TERMS(PK_OPT_CHOICE) {NULL, 0}};

static const pk_opt opts[] = {
    {"groups", 'g', 'g', PK_ARG_GROUP, "GROUP[,GROUP...]",
     "groups to draw, each named by its code, BY=CODE (a code several --by columns share: "
     "euref=did_not_vote) or its label ('Labour', 'Reform UK voters'); one bar each, in this order "
     "(default: every group of the table's first --by column, combined groups excepted)", NULL,
     PK_OPT_LIST, NULL},
    {"questions", 0, OPT_QUESTIONS, PK_ARG_QUESTION, "Q[,Q...]",
     "the questions to draw, in this order (default: all of the table's)", NULL, PK_OPT_LIST, NULL},
    {"response", 'r', 'r', PK_ARG_TEXT, "CODE",
     "the response drawn by bars, by its code or label (any answer or net of every question drawn); "
     "implies --chart bars (default: each question's positive net)", NULL, 0, NULL},
    {"chart", 'c', 'c', PK_ARG_CHOICE, "TYPE",
     "bars: % giving the response per question and group, with interval whiskers and a dashed 50% line; "
     "diverging: the whole scale by side, negative left of zero, positive right, neutral centred, don't "
     "know apart (a scale with sides); stacked: 100% bars of every answer (any question); means: a dot "
     "per group at each question's mean score with its interval as a line, on the scale's range (the "
     "rows of response_kind mean; questions of one scale). Default: means when every question drawn has "
     "only mean rows, else bars of the positive net when every question drawn has one, else stacked",
     charts, 0, NULL},
    {"terminal", 'T', 'T', PK_ARG_CHOICE, "TERM",
     "pngcairo (default, 1200x675), svg (1200x675) or pdfcairo (8x4.5 inches)", terminals, 0, NULL},
    {"image", 'i', 'i', PK_ARG_OUTPUT, "FILE",
     "the chart file the script writes (default chart.png, chart.svg or chart.pdf after the terminal); a "
     "name starting with '|' or '<' is refused", NULL, 0, NULL},
    {"min-base", 0, OPT_MIN_BASE, PK_ARG_NUMBER, "N",
     "draw no bar for a group answered by fewer than N respondents (the table's n): 'n=12, too few to "
     "show' stands in its place, and the footnote still gives its n; 0 draws every bar (default 50, "
     "as pollsupport flags small bases)", NULL, 0, NULL},
    {"title", 't', 't', PK_ARG_TEXT, "TEXT", "headline (default: says what is shown)", NULL, 0, NULL},
    {"subtitle", 's', 's', PK_ARG_TEXT, "TEXT", "line under the headline (default: what is shown, how sorted)",
     NULL, 0, NULL},
    {"source", 'S', 'S', PK_ARG_TEXT, "TEXT", "last line of the footnote: pollster, fieldwork dates...",
     NULL, 0, NULL},
    {"note", 0, OPT_NOTE, PK_ARG_TEXT, "TEXT", "a line of the footnote before the source (e.g. the question's "
     "wording, or how groups were combined)", NULL, 0, NULL},
    {"size", 0, OPT_SIZE, PK_ARG_TEXT, "WxH",
     "the chart's size: pixels for pngcairo and svg (default 1200x675); for pdfcairo inches or centimetres "
     "(8x4.5in, 20x11.25cm) or pixels printed at 150 an inch (default 8x4.5in). Text keeps its size: a "
     "larger chart has room for more", NULL, 0, NULL},
    {"font", 0, OPT_FONT, PK_ARG_TEXT, "NAME[,SIZE]",
     "the font of every text, and the body text's size in points (default 'DejaVu Sans,12'; headline, "
     "labels and footnote in proportion). Text is measured as DejaVu Sans, wider than most fonts; a font "
     "the machine that runs gnuplot lacks is replaced by its default", NULL, 0, NULL},
    {"alt", 0, OPT_ALT, PK_ARG_OUTPUT, "FILE",
     "also write an alt text for screen readers to FILE (atomically): what the chart shows, its groups, "
     "every figure in words, and its source", NULL, 0, NULL},
    {"style", 0, OPT_STYLE, PK_ARG_INPUT, "FILE",
     "a house-style file of key = value lines: size, font, source, note, min-base, palette (colours for "
     "groups that are not parties), colour.NAME (a group's colour); the options given override it "
     "(pollplot(1) lists the keys)", NULL, 0, "a house-style file (key = value lines)"},
    PK_OPTION_OUTPUT("write the script to FILE (atomically), not stdout"),
    PK_OPTION_TSV(OPT_TSV, "the input is tab-separated"),
    PK_OPTION_END,
};

static const pk_opt_table options = {
    {usage}, opts, {after},
    PK_OPERAND_INPUT(0, "a support table (CSV, as pollsupport or polltable write it)"),
    "accepted for uniformity: pollplot prints only errors",
};

/* --size and --font into o; returns the font's name (the caller frees). */
static char *house_options(pk_plot_opts *o, const char *size, const char *font)
{
    char why[200];
    int physical = 0;
    if (size && pk_plot_style_size(size, &o->width, &o->height, &physical, why, sizeof why))
        pk_usage_error("--size: '%s' %s", size, why);
    if (size && physical && o->term != PK_PLOT_TERM_PDFCAIRO)
        pk_usage_error("--size: inches and centimetres are for --terminal pdfcairo; png and svg take pixels "
                       "(1600x900)");
    char *font_name = NULL;
    if (font) {
        check_text("--font", font);
        if (pk_plot_style_font(font, &font_name, &o->font_size, why, sizeof why))
            pk_usage_error("--font: '%s' %s", font, why);
        o->font = font_name;
    }
    return font_name;
}

/* The house-style file at path into style, and into o what the options
 * did not give (size, font, min-base: given on the command line). */
static void house_style(pk_plot_opts *o, pk_plot_style *style, const char *path, int size, int font,
                        int min_base)
{
    pk_err err;
    pk_err_clear(&err);
    if (pk_plot_style_read(path, style, &err))
        pk_die_err(&err);
    if (!size && style->width > 0) {
        if (style->physical && o->term != PK_PLOT_TERM_PDFCAIRO)
            pk_die(PK_EXIT_DATA, "%s: size in inches or centimetres is for --terminal pdfcairo; png and "
                                  "svg take pixels (1600x900)", style->size_at);
        o->width = style->width;
        o->height = style->height;
    }
    if (!font && style->font) {
        o->font = style->font;
        o->font_size = style->font_size;
    }
    if (!o->source)
        o->source = style->source;
    if (!o->note)
        o->note = style->note;
    if (!min_base && style->min_base >= 0)
        o->min_base = style->min_base;
    o->palette = (const char *const *)style->palette;
    o->npalette = style->npalette;
    o->colour_names = (const char *const *)style->colour_names;
    o->colour_values = (const char *const *)style->colour_values;
    o->ncolours = style->ncolours;
}

/* The script (and the alt text), each whole or not at all, then what
 * the chart left out or crowds. */
static void write_outputs(const pk_support_table *t, const pk_plot_opts *o, const char *outpath,
                          const char *altpath)
{
    pk_err err;
    pk_err_clear(&err);
    pk_out out, alt;
    pk_out_open_or_die(&out, outpath);
    if (altpath)
        pk_out_open_or_die(&alt, altpath);
    pk_plot_report rep;
    if (pk_plot_script(out.f, altpath ? alt.f : NULL, t, o, &rep, &err)) {
        pk_out_abort(&out);
        if (altpath)
            pk_out_abort(&alt);
        pk_die_err(&err);
    }
    pk_out_commit_or_die(&out);
    if (altpath)
        pk_out_commit_or_die(&alt);
    if (rep.note)
        pk_note("%s", rep.note);
    if (rep.warning)
        pk_msg("warning: %s", rep.warning);
    pk_plot_report_free(&rep);
}

int main(int argc, char **argv)
{
    pk_cli_init("pollplot");
    pk_plot_opts o;
    memset(&o, 0, sizeof o);
    o.chart = PK_PLOT_CHART_AUTO;
    o.term = PK_PLOT_TERM_PNGCAIRO;
    o.min_base = 50;
    const char *groups = NULL, *questions = NULL, *outpath = NULL, *altpath = NULL, *stylepath = NULL;
    const char *size = NULL, *font = NULL;
    int min_base_given = 0;
    char delim = ',';
    int c;
    while ((c = pk_opt_next(argc, argv, &options)) != -1) {
        switch (c) {
        case 'g': groups = optarg; break;
        case OPT_QUESTIONS: questions = optarg; break;
        case 'r': o.response = optarg; break;
        case 'c': o.chart = (pk_plot_chart)pk_opt_choice("--chart", optarg, charts); break;
        case 'T': o.term = (pk_plot_term)pk_opt_choice("--terminal", optarg, terminals); break;
        case 'i': o.image = optarg; break;
        case OPT_MIN_BASE:
            o.min_base = pk_opt_long("--min-base", optarg, 0, 1000000000L);
            min_base_given = 1;
            break;
        case OPT_SIZE: size = optarg; break;
        case OPT_FONT: font = optarg; break;
        case OPT_NOTE: o.note = optarg; break;
        case OPT_ALT: altpath = optarg; break;
        case OPT_STYLE: stylepath = optarg; break;
        case 't': o.title = optarg; break;
        case 's': o.subtitle = optarg; break;
        case 'S': o.source = optarg; break;
        case 'o': outpath = optarg; break;
        case OPT_TSV: delim = '\t'; break;
        default: abort();   /* pk_opt_next returns only the table's options */
        }
    }
    size_t ninputs;
    const char *const *inputs = pk_opt_inputs(argc, argv, &ninputs);

    if (groups)
        check_text("--groups", groups);
    if (questions)
        check_text("--questions", questions);
    if (o.response)
        check_text("--response", o.response);
    if (o.response && o.chart != PK_PLOT_CHART_AUTO && o.chart != PK_PLOT_CHART_BARS &&
        o.chart != PK_PLOT_CHART_TREND)
        pk_usage_error("--response draws bars (or a trend): it cannot go with --chart %s",
                       pk_opt_choice_name(charts, (int)o.chart));
    if (o.title)
        check_text("--title", o.title);
    if (o.subtitle)
        check_text("--subtitle", o.subtitle);
    if (o.source)
        check_text("--source", o.source);
    if (o.note)
        check_text("--note", o.note);
    char *font_name = house_options(&o, size, font);
    /* The chart gnuplot will write is an output too, the default one as
     * well. */
    if (!o.image) {
        o.image = pk_plot_default_image(o.term);
        pk_opt_check_default('i', o.image);
    }
    pk_err err;
    pk_err_clear(&err);
    if (pk_plot_quote_check_output("--image", o.image, &err))
        pk_usage_error("%s", err.msg);

    /* The group list: codes separated by commas, none empty or repeated. */
    pk_list gl = {0}, ql = {0};
    if (groups) {
        pk_opt_list("--groups", groups, ',', PK_LIST_UNIQUE, &gl);
        o.groups = (const char *const *)gl.item;
        o.ngroups = gl.n;
    }
    if (questions) {
        pk_opt_list("--questions", questions, ',', PK_LIST_UNIQUE, &ql);
        o.questions = (const char *const *)ql.item;
        o.nquestions = ql.n;
    }

    /* The house style fills what the options leave. */
    pk_plot_style style;
    memset(&style, 0, sizeof style);
    if (stylepath)
        house_style(&o, &style, stylepath, size != NULL, font != NULL, min_base_given);

    pk_support_table t;
    if (pk_support_table_load_many(inputs, ninputs, delim, &t, &err))
        pk_die_err(&err);
    if (t.nwaves > 1 && o.chart != PK_PLOT_CHART_TREND)
        pk_note("the table holds %zu waves: drawing the latest, %s (--chart trend draws them all)",
                t.nwaves, t.waves[t.nwaves - 1].label);

    write_outputs(&t, &o, outpath, altpath);
    pk_support_table_free(&t);
    pk_list_free(&gl);
    pk_list_free(&ql);
    pk_plot_style_free(&style);
    free(font_name);
    return pk_finish(PK_EXIT_OK);
}
