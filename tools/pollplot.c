/* pollplot: a support table in, a self-contained gnuplot script out, which
 * `gnuplot SCRIPT` turns into a newspaper-style chart. Options and messages
 * here; the chart is tools/lib/plot.c, the quoting tools/lib/plot_quote.c. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "csvio.h"
#include "plot_quote.h"
#include "plot.h"
#include "support_table.h"

static const char help[] =
    "Usage: pollplot [OPTION]... [INPUT]\n"
    "Write a gnuplot script that draws a chart of a support table (the output\n"
    "of pollsupport) read from INPUT, or standard input when INPUT is absent or\n"
    "'-'. Run the script with gnuplot to make the chart.\n"
    "\n"
    "  -g, --groups CODE[,CODE...]  groups to draw, by their code in the\n"
    "                        table's 'group' column (default lab,grn: Labour\n"
    "                        and Green voters); one bar each, in this order;\n"
    "                        BY:CODE picks a code several --by columns share\n"
    "                        (euref:did_not_vote)\n"
    "  -r, --response CODE   response drawn by --chart bars (default support; also\n"
    "                        oppose, net or any scale code in the table)\n"
    "  -c, --chart TYPE      bars (default): % giving the response per proposal and\n"
    "                        group, with interval whiskers and a dashed 50% line;\n"
    "                        diverging: the whole scale, oppose left of zero and\n"
    "                        support right, don't know apart\n"
    "  -T, --terminal TERM   pngcairo (default, 1200x675), svg (1200x675) or\n"
    "                        pdfcairo (8x4.5 inches)\n"
    "  -i, --image FILE      the chart file the script writes (default chart.png,\n"
    "                        chart.svg or chart.pdf after the terminal); a name\n"
    "                        starting with '|' or '<' is refused\n"
    "  -t, --title TEXT      headline (default: says what is shown)\n"
    "  -s, --subtitle TEXT   line under the headline (default: what is shown, how\n"
    "                        sorted)\n"
    "  -S, --source TEXT     last line of the footnote: pollster, fieldwork dates...\n"
    "  -o FILE               write the script to FILE (atomically), not stdout\n"
    "      --tsv             the input is tab-separated\n"
    "      --help            print this help and exit\n"
    "      --version         print the version and exit\n"
    "\n"
    "Labels come from the table's question_label and group_label columns; the\n"
    "footnote from its weight, ci_method, level, base, n and low_base columns.\n"
    "Every text from the table or the options is written as one escaped gnuplot\n"
    "string and drawn as plain text: a label cannot run a command. Run the\n"
    "script in a UTF-8 locale.\n"
    "\n"
    "Example:\n"
    "  pollplot --groups lab,grn --image support.png --source 'Source: X poll' \\\n"
    "      -o support.gp support.csv && LC_ALL=C.UTF-8 gnuplot support.gp\n"
    "\n"
    "Exit status: 0 success; 1 bad data (unreadable table, bad numbers, invalid\n"
    "UTF-8) or I/O failure; 2 bad usage (unknown option, bad value, unsafe image\n"
    "name, a group or response the table does not have).\n";

static void check_text(const char *opt, const char *s)
{
    if (pk_csv_utf8_invalid_at(s, strlen(s)) != (size_t)-1)
        pk_usage_error("%s: text is not valid UTF-8", opt);
}

int main(int argc, char **argv)
{
    pk_cli_init("pollplot");
    enum { OPT_TSV = 256, OPT_HELP, OPT_VERSION };
    static const struct option longopts[] = {
        {"groups", required_argument, NULL, 'g'},
        {"response", required_argument, NULL, 'r'},
        {"chart", required_argument, NULL, 'c'},
        {"terminal", required_argument, NULL, 'T'},
        {"image", required_argument, NULL, 'i'},
        {"title", required_argument, NULL, 't'},
        {"subtitle", required_argument, NULL, 's'},
        {"source", required_argument, NULL, 'S'},
        {"tsv", no_argument, NULL, OPT_TSV},
        {"help", no_argument, NULL, OPT_HELP},
        {"version", no_argument, NULL, OPT_VERSION},
        {NULL, 0, NULL, 0},
    };
    pk_plot_opts o = {PK_CHART_BARS, PK_TERM_PNGCAIRO, NULL, 0, "support", NULL, NULL, NULL, NULL};
    const char *groups = "lab,grn", *outpath = NULL;
    char delim = ',';
    int c;
    while ((c = getopt_long(argc, argv, "g:r:c:T:i:t:s:S:o:", longopts, NULL)) != -1) {
        switch (c) {
        case 'g': groups = optarg; break;
        case 'r': o.response = optarg; break;
        case 'c':
            if (strcmp(optarg, "bars") == 0)
                o.chart = PK_CHART_BARS;
            else if (strcmp(optarg, "diverging") == 0)
                o.chart = PK_CHART_DIVERGING;
            else
                pk_usage_error("--chart: '%s' is not bars or diverging", optarg);
            break;
        case 'T':
            if (strcmp(optarg, "pngcairo") == 0)
                o.term = PK_TERM_PNGCAIRO;
            else if (strcmp(optarg, "svg") == 0)
                o.term = PK_TERM_SVG;
            else if (strcmp(optarg, "pdfcairo") == 0)
                o.term = PK_TERM_PDFCAIRO;
            else
                pk_usage_error("--terminal: '%s' is not pngcairo, svg or pdfcairo", optarg);
            break;
        case 'i': o.image = optarg; break;
        case 't': o.title = optarg; break;
        case 's': o.subtitle = optarg; break;
        case 'S': o.source = optarg; break;
        case 'o': outpath = optarg; break;
        case OPT_TSV: delim = '\t'; break;
        case OPT_HELP: pk_print_help(help);
        case OPT_VERSION: pk_print_version();
        default: pk_usage_error("bad usage");
        }
    }
    if (argc - optind > 1)
        pk_usage_error("too many operands: one INPUT at most");
    const char *input = optind < argc ? argv[optind] : NULL;

    check_text("--groups", groups);
    check_text("--response", o.response);
    if (o.title)
        check_text("--title", o.title);
    if (o.subtitle)
        check_text("--subtitle", o.subtitle);
    if (o.source)
        check_text("--source", o.source);
    if (!o.image)
        o.image = pk_plot_default_image(o.term);
    pk_err err;
    pk_err_clear(&err);
    if (pk_plot_quote_check_output("--image", o.image, &err))
        pk_usage_error("%s", err.msg);

    /* The group list: codes separated by commas, none empty or repeated. */
    size_t ng = 1;
    for (const char *p = groups; *p; p++)
        ng += *p == ',';
    char *gbuf = strdup(groups);
    const char **gv = calloc(ng, sizeof *gv);
    if (!gbuf || !gv)
        pk_die(PK_EXIT_DATA, "out of memory");
    size_t k = 0;
    for (char *p = gbuf, *end; k < ng; p = end + 1) {
        end = strchr(p, ',');
        if (end)
            *end = '\0';
        if (!*p)
            pk_usage_error("--groups: empty group code in '%s'", groups);
        for (size_t j = 0; j < k; j++)
            if (strcmp(gv[j], p) == 0)
                pk_usage_error("--groups: '%s' given twice", p);
        gv[k++] = p;
        if (!end)
            break;
    }
    o.groups = gv;
    o.ngroups = k;

    pk_csv_reader *r = pk_csv_reader_open(input, delim, &err);
    if (!r)
        pk_die_err(&err);
    pk_support_table t;
    if (pk_support_table_read(r, &t, &err))
        pk_die_err(&err);
    pk_csv_reader_close(r);

    pk_out out;
    pk_out_open_or_die(&out, outpath);
    if (pk_plot_script(out.f, &t, &o, &err)) {
        pk_out_abort(&out);
        pk_die_err(&err);
    }
    pk_out_commit_or_die(&out);
    pk_support_table_free(&t);
    free(gv);
    free(gbuf);
    return pk_finish(PK_EXIT_OK);
}
