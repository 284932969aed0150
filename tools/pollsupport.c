/* pollsupport: weighted microdata in, the support table out (docs/guide.md; the
 * formulas are in docs/methods.md). Options are parsed and checked here; the
 * pass over the data and the estimates are tools/lib/support.c,
 * tools/lib/estimate.c and, with --calibrated, tools/lib/support_calibrated.c. */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "codebook.h"
#include "colname.h"
#include "csvio.h"
#include "estimate.h"
#include "input.h"
#include "number.h"
#include "options.h"
#include "support.h"
#include "support_banner.h"
#include "support_plan.h"
#include "support_waves.h"
#include "support_xlsx.h"
#include "targets.h"
#include "util.h"

static const char usage[] =
    "Usage: pollsupport [--by COL[,COL...]] [--weight COL | --unweighted]\n"
    "                   [--questions Q[,Q...]] [--means COL[,COL...]]\n"
    "                   [--codebook FILE] [--ci METHOD]\n"
    "                   [--level L] [--exclude CODE[,CODE...]]\n"
    "                   [--combine NAME=CODE+CODE...]\n"
    "                   [--min-base N] [--sig-level L] [--calibrated TARGETS]\n"
    "                   [--strata COL] [--psu COL] [--fpc COL] [--lonely-psu RULE]\n"
    "                   [--where 'COL=CODE[,CODE...]' | 'COL!=CODE[,CODE...]']...\n"
    "                   [--waves COL [--change-from previous|first]]\n"
    "                   [--format csv|tsv|table|xlsx]\n"
    "                   [--tsv] [-o FILE] [INPUT]\n"
    "\n"
    "Weighted shares for each question, overall and by group: for each question,\n"
    "each group (All, then the groups of each --by column, then --combine groups)\n"
    "and each response (the codes of the question's scale, then its nets), the\n"
    "respondents, weighted base, share, linearization standard error, confidence\n"
    "interval, Kish design effect and effective n. Reads INPUT (or standard input:\n"
    "'-' or none) once, with memory independent of its length: CSV, or an SPSS\n"
    ".sav/.zsav or Stata .dta file (recognised by content; a labelled value reads\n"
    "as its label, a value the file declares missing as no answer).\n"
    "\n"
    "Scales come from the codebook: a question's codes, labels and order, each\n"
    "code's side (positive, negative, neutral, dont_know) and the nets (see\n"
    "pollclean --help for the codebook's side and members columns). A scale with\n"
    "both sides gets a positive net, a negative net and a net score. A column the\n"
    "codebook does not describe (or any column, without a codebook) is nominal:\n"
    "its responses are its distinct values (numeric order when all are numbers,\n"
    "else bytewise order of the codes), labelled by themselves. Groups of a --by\n"
    "column the codebook does not list are ordered the same way, so shuffled rows\n"
    "give the same table.\n"
    "\n";

static const char after[] =
    "Shares are among those who answered the question, with positive weight. The\n"
    "standard error treats the weights as fixed (svydesign(ids=~1, weights=~w) in\n"
    "R's survey package), or with --calibrated as raked to TARGETS (svymean on\n"
    "rake(), its backfitting run to convergence). Formulas, R equivalents and\n"
    "measured agreement: docs/methods.md.\n"
    "\n"
    "Stratified and clustered samples: --strata, --psu and --fpc describe the\n"
    "design as svydesign(ids=~PSU, strata=~STRATUM, fpc=~FPC, weights=~W,\n"
    "nest=TRUE) does in R (PSUs nested in strata: PSU 1 of two strata are two\n"
    "PSUs); the standard error is then the design's linearization, and the\n"
    "intervals use the domain's degrees of freedom (its PSUs less its strata,\n"
    "column df; n - 1 without a design). The deff column is the design effect\n"
    "behind se (R's deff=\"replace\"), deff_kish the weights' alone. Memory: with\n"
    "--psu, one number per PSU for each table cell (PSUs x cells, e.g. 1,000\n"
    "PSUs and 2,000 cells take 16 MB); without a design it does not grow with\n"
    "the input.\n"
    "\n"
    "Subgroups: --where 'region=scotland' makes the table about Scots (the\n"
    "universe column says \"Scotland only\"); 'region!=scotland,wales' about\n"
    "everyone else (a row with no value is in neither). Repeat it: every\n"
    "condition must hold. Codes only, never labels (labels may hold commas);\n"
    "single quotes keep bash from reading the '!'. The rows outside stay in the\n"
    "variance, as R's subset(design, ...) keeps them: with --strata or --psu,\n"
    "filtering the file first would give the wrong standard error.\n"
    "\n"
    "Change between waves: --waves wave reads a stacked file (one row per\n"
    "respondent per wave; the codebook may label the waves and give their order,\n"
    "else numeric order, else bytewise, which puts ISO dates in date order). Each\n"
    "wave's rows are what that wave alone gives, with columns wave, wave_label and\n"
    "fieldwork; then change rows (response_kind change): the later wave's share\n"
    "minus the previous wave's (--change-from first: the first's) in share, in\n"
    "versus_wave the earlier wave, its se in the stacked design and the normal\n"
    "interval share -+ z*se. For a panel (the same people asked again) give the\n"
    "respondent's id as --psu: the two answers of one person are correlated, and\n"
    "the se of the change is then smaller than two separate samples' would be\n"
    "(R: svycontrast on svyby(..., covmat=TRUE) of svydesign(ids=~id, ...)).\n"
    "With --calibrated (one targets file for every wave, each wave raked to it)\n"
    "each wave's rows allow for its raking, and so does the change, as between\n"
    "separate samples (not with --psu or --strata).\n"
    "\n"
    "Significance letters: the groups of each --by column are lettered A, B, ...\n"
    "across the banner (not All or --combine groups); a cell carries the letters\n"
    "of the groups of its --by column whose share it exceeds significantly\n"
    "(two-sided t test, se = sqrt(se1^2 + se2^2), the smaller of the two df, at\n"
    "--sig-level), in the columns group_letter and sig_higher_than, under the\n"
    "banner's cells, and in the spreadsheet. The net score and groups under\n"
    "--min-base are not tested; a --by column of more than 52 groups is not\n"
    "lettered.\n"
    "\n"
    "Example:\n"
    "  pollsupport --by vote2024 --codebook data/codebook.csv \\\n"
    "      --combine left=lab+grn -o support.csv weighted.csv\n"
    "\n"
    "Exit status: 0 success, 1 bad data or I/O error, 2 bad usage.\n";

enum { OPT_BY = PK_OPT_FIRST, OPT_WEIGHT, OPT_UNWEIGHTED, OPT_QUESTIONS, OPT_CODEBOOK, OPT_CI,
       OPT_LEVEL, OPT_EXCLUDE, OPT_COMBINE, OPT_MIN_BASE, OPT_SIG_LEVEL, OPT_FORMAT, OPT_TSV,
       OPT_CALIBRATED, OPT_STRATA, OPT_PSU, OPT_FPC, OPT_LONELY_PSU, OPT_WHERE, OPT_MEANS, OPT_WAVES,
       OPT_CHANGE_FROM };

static const pk_choice lonely_rules[] = {PK_SUPPORT_DESIGN_LONELY_RULES(PK_OPT_CHOICE){NULL, 0}};

static const pk_choice change_froms[] = {{"previous", 0}, {"first", 1}, {NULL, 0}};

enum format { FORMAT_DEFAULT, FORMAT_CSV, FORMAT_TSV, FORMAT_TABLE, FORMAT_XLSX };
static const pk_choice formats[] = {
    {"csv", FORMAT_CSV},
    {"tsv", FORMAT_TSV},
    {"table", FORMAT_TABLE},
    {"xlsx", FORMAT_XLSX},
    {NULL, 0},
};

static const char targets_what[] =
    "population targets (CSV: variable,category,target; the file pollweight read)";

static const pk_opt opts[] = {
    {"by", 0, OPT_BY, PK_ARG_COLUMN, "COL[,COL...]", "group by these columns, as a banner; A:B groups by the combinations of A's and B's codes "
     "(an interlocked break: groups 'lab:female', labelled 'Labour \xc2\xb7 Female'; combinations "
     "nobody has are said on standard error, not written) (default: All only)",
     NULL, PK_OPT_LIST, NULL},
    {"weight", 0, OPT_WEIGHT, PK_ARG_COLUMN, "COL",
     "weight column; without it a column named 'weight' is used (and said on standard error), else "
     "--unweighted is needed", NULL, 0, NULL},
    {"unweighted", 0, OPT_UNWEIGHTED, PK_ARG_NONE, NULL, "every respondent weighs 1", NULL, 0, NULL},
    {"questions", 0, OPT_QUESTIONS, PK_ARG_COLUMN, "Q[,Q...]",
     "the question columns, in this order (default: the codebook's questions; required without a "
     "codebook); any categorical column", NULL, PK_OPT_LIST, NULL},
    {"codebook", 0, OPT_CODEBOOK, PK_ARG_INPUT, "FILE", "scales, nets, labels and orders from a codebook",
     NULL, 0, "a codebook (CSV; pollcodebook drafts one from a raw export)"},
    {"ci", 0, OPT_CI, PK_ARG_CHOICE, "METHOD",
     "interval: logit (default), beta, mean, wilson; a net score always uses mean (p +- t*se clipped to "
     "[-1,1])", pk_opt_ci_methods, 0, NULL},
    {"level", 0, OPT_LEVEL, PK_ARG_NUMBER, "L", "confidence level, 0 < L < 1 (default 0.95)", NULL, 0, NULL},
    {"exclude", 0, OPT_EXCLUDE, PK_ARG_TEXT, "CODE[,...]",
     "leave these responses out of the base (any code of a question, e.g. dont_know,prefer_not; by "
     "default the don't-know codes stay in the base); the base column then says 'excluding CODE+CODE'",
     NULL, PK_OPT_LIST, NULL},
    {"combine", 0, OPT_COMBINE, PK_ARG_TEXT, "NAME=A+B",
     "add a group merging groups A, B... of a --by column (repeatable)", NULL, 0, NULL},
    {"calibrated", 0, OPT_CALIBRATED, PK_ARG_INPUT, "TARGETS",
     "the weights were raked to the margins in TARGETS (the file pollweight read): the standard error "
     "allows for that calibration (se_method calibrated); the weighted margins must meet TARGETS to 1e-6",
     NULL, 0, targets_what},
    {"strata", 0, OPT_STRATA, PK_ARG_COLUMN, "COL",
     "the sample's strata: the design-based se and df (see below); each row needs a stratum",
     NULL, PK_OPT_YIELD, NULL},
    {"psu", 0, OPT_PSU, PK_ARG_COLUMN, "COL",
     "the sample's primary sampling units (clusters), nested in --strata; without it each row is "
     "its own PSU", NULL, PK_OPT_YIELD, NULL},
    {"fpc", 0, OPT_FPC, PK_ARG_COLUMN, "COL",
     "finite population correction, one value per stratum: the population's PSUs (rows without "
     "--psu) in the stratum, or the sampling fraction when every value is at most 1",
     NULL, PK_OPT_YIELD, NULL},
    {"lonely-psu", 0, OPT_LONELY_PSU, PK_ARG_CHOICE, "RULE",
     "a stratum with one PSU: fail (default: an error naming it), adjust (its PSU measured from "
     "the domain's centre), certainty or remove (it adds no variance); as R's survey.lonely.psu",
     lonely_rules, PK_OPT_YIELD, NULL},
    {"where", 0, OPT_WHERE, PK_ARG_TEXT, "COL=CODE[,...]",
     "only the subgroup whose COL is one of the codes (COL!=CODE[,...]: none of them), repeatable; "
     "rows outside stay in the variance (see below)", NULL, PK_OPT_YIELD, NULL},
    {"means", 0, OPT_MEANS, PK_ARG_COLUMN, "COL[,COL...]",
     "mean scores: for each column, the mean row only (response_kind mean, the figure in the "
     "'mean' column): a question whose codebook scale gives its codes a score (don't know has "
     "none), or a column of numbers. A question whose scale has scores gets its mean row "
     "without this option too", NULL, PK_OPT_LIST | PK_OPT_YIELD, NULL},
    {"waves", 0, OPT_WAVES, PK_ARG_COLUMN, "COL",
     "a stacked file of several waves, COL the wave's code: each wave's rows, then the change "
     "between waves (see below)", NULL, PK_OPT_YIELD, NULL},
    {"change-from", 0, OPT_CHANGE_FROM, PK_ARG_CHOICE, "WAVE",
     "with --waves: previous (default: each wave against the one before) or first (each against "
     "the first)", change_froms, 0, NULL},
    {"min-base", 0, OPT_MIN_BASE, PK_ARG_NUMBER, "N",
     "flag rows with fewer respondents in low_base (default 50)", NULL, 0, NULL},
    {"sig-level", 0, OPT_SIG_LEVEL, PK_ARG_NUMBER, "L",
     "level of the significance letters, 0 < L < 1 (default 0.95)", NULL, 0, NULL},
    {"format", 0, OPT_FORMAT, PK_ARG_CHOICE, "FMT",
     "csv (default), tsv, table (percentages for a terminal), or xlsx (a spreadsheet; needs -o FILE or a "
     "redirection)", formats, 0, NULL},
    PK_OPTION_TSV(OPT_TSV, "read and write tab-separated values"),
    PK_OPTION_OUTPUT("write to FILE (whole or not at all)"),
    PK_OPTION_END,
};

static const pk_opt_table options = {
    {usage}, opts, {after},
    PK_OPERAND_INPUT(PK_OPT_STATFILE, "weighted microdata (CSV, SPSS or Stata)"),
    "no notes on standard error (which weight column is used, unknown groups, skipped questions)",
};


static int xlsx_of_support(const void *t, const char *path, const char *shown, time_t created,
                           const char *tmpdir, pk_err *err)
{
    return pk_support_xlsx_write(t, path, shown, created, tmpdir, err);
}


/* What the command line asks for. */
struct args {
    pk_list by, questions, exclude, means;
    const char *weight, *codebook, *outpath, *calibrated, *input, *waves;
    int from_first, from_given;
    pk_support_design_opts design;
    int unweighted, tsv, lonely_given;
    enum format format;
    enum pk_estimate_ci ci;
    double level, sig_level;
    long min_base;
    pk_support_combine *combine;
    size_t ncombine, capcombine;
    pk_support_where *where;
    size_t nwhere, capwhere;
};

/* --where COL=CODE[,CODE...] or COL!=CODE[,...]: one more condition. */
static void add_where(struct args *a, const char *arg)
{
    const char *ne = strstr(arg, "!="), *eq = strchr(arg, '=');
    const char *op = ne && ne < eq ? ne : eq;
    size_t oplen = op == ne ? 2 : 1;
    if (!op || op == arg || op[oplen] == '\0')
        pk_usage_error("--where: expected COL=CODE[,CODE...] or COL!=CODE[,CODE...], got '%s'", arg);
    char *column = strndup(arg, (size_t)(op - arg));
    if (!column || pk_util_grow((void **)&a->where, &a->capwhere, a->nwhere + 1, sizeof *a->where))
        pk_die(PK_EXIT_DATA, "out of memory");
    pk_list codes;
    pk_opt_list("--where", op + oplen, ',', PK_LIST_UNIQUE, &codes);
    a->where[a->nwhere++] = (pk_support_where){column, op == ne, codes.n,
                                               (const char *const *)codes.item, NULL};
}

/* Each --where code checked against the codebook when it knows the
 * column, and its label found there for the universe column. */
static void where_labels(struct args *a, const pk_codebook *cb)
{
    for (size_t i = 0; i < a->nwhere && cb; i++) {
        pk_support_where *w = &a->where[i];
        const pk_codebook_var *v = pk_codebook_find(cb, w->column);
        if (!v || v->ncodes == 0)
            continue;
        const char **labels = calloc(w->ncodes, sizeof *labels);
        if (!labels)
            pk_die(PK_EXIT_DATA, "out of memory");
        for (size_t k = 0; k < w->ncodes; k++)
            if (!(labels[k] = pk_codebook_code_label(v, w->codes[k])))
                pk_usage_error("--where: '%s' is not a code of %s in %s", w->codes[k], w->column,
                               a->codebook);
        w->labels = labels;
    }
}

/* --combine NAME=CODE+CODE...: one more merged group. */
static void add_combine(struct args *a, const char *arg)
{
    const char *eq = strchr(arg, '=');
    if (!eq || eq == arg || eq[1] == '\0')
        pk_usage_error("--combine: expected NAME=CODE+CODE..., got '%s'", arg);
    char *name = strndup(arg, (size_t)(eq - arg));
    if (!name || pk_util_grow((void **)&a->combine, &a->capcombine, a->ncombine + 1, sizeof *a->combine))
        pk_die(PK_EXIT_DATA, "out of memory");
    for (size_t i = 0; i < a->ncombine; i++)
        if (strcmp(a->combine[i].name, name) == 0)
            pk_usage_error("--combine: group '%s' defined twice", name);
    pk_list codes;
    pk_opt_list("--combine", eq + 1, '+', PK_LIST_UNIQUE, &codes);
    a->combine[a->ncombine].name = name;
    a->combine[a->ncombine].ncodes = codes.n;
    a->combine[a->ncombine].codes = (const char *const *)codes.item;
    a->ncombine++;
}

static void parse_args(int argc, char **argv, struct args *a)
{
    *a = (struct args){.format = FORMAT_DEFAULT, .ci = PK_ESTIMATE_CI_LOGIT, .level = 0.95,
                       .sig_level = 0.95, .min_base = 50};
    int c;
    while ((c = pk_opt_next(argc, argv, &options)) != -1) {
        switch (c) {
        case OPT_BY:
            pk_list_free(&a->by);
            pk_opt_list("--by", optarg, ',', 0, &a->by);
            break;
        case OPT_WEIGHT:
            if (optarg[0] == '\0')
                pk_usage_error("--weight: empty column name");
            a->weight = optarg;
            break;
        case OPT_UNWEIGHTED:
            a->unweighted = 1;
            break;
        case OPT_QUESTIONS:
            pk_list_free(&a->questions);
            pk_opt_list("--questions", optarg, ',', 0, &a->questions);
            break;
        case OPT_MEANS:
            pk_list_free(&a->means);
            pk_opt_list("--means", optarg, ',', 0, &a->means);
            break;
        case OPT_CODEBOOK:
            a->codebook = optarg;
            break;
        case OPT_CI:
            a->ci = (enum pk_estimate_ci)pk_opt_choice("--ci", optarg, pk_opt_ci_methods);
            break;
        case OPT_LEVEL:
            a->level = pk_opt_number("--level", optarg, 0, 1, PK_OPEN_LO | PK_OPEN_HI);
            break;
        case OPT_EXCLUDE:
            pk_list_free(&a->exclude);
            pk_opt_list("--exclude", optarg, ',', PK_LIST_UNIQUE, &a->exclude);
            break;
        case OPT_COMBINE:
            add_combine(a, optarg);
            break;
        case OPT_CALIBRATED:
            if (optarg[0] == '\0')
                pk_usage_error("--calibrated: empty file name");
            a->calibrated = optarg;
            break;
        case OPT_STRATA:
        case OPT_PSU:
        case OPT_FPC:
            if (optarg[0] == '\0')
                pk_usage_error("--%s: empty column name",
                               c == OPT_STRATA ? "strata" : c == OPT_PSU ? "psu" : "fpc");
            *(c == OPT_STRATA ? &a->design.strata : c == OPT_PSU ? &a->design.psu : &a->design.fpc) =
                optarg;
            break;
        case OPT_LONELY_PSU:
            a->design.lonely =
                (enum pk_support_design_lonely)pk_opt_choice("--lonely-psu", optarg, lonely_rules);
            a->lonely_given = 1;
            break;
        case OPT_WHERE:
            add_where(a, optarg);
            break;
        case OPT_WAVES:
            if (optarg[0] == '\0')
                pk_usage_error("--waves: empty column name");
            a->waves = optarg;
            break;
        case OPT_CHANGE_FROM:
            a->from_first = pk_opt_choice("--change-from", optarg, change_froms);
            a->from_given = 1;
            break;
        case OPT_MIN_BASE:
            a->min_base = pk_opt_long("--min-base", optarg, 0, 1000000000L);
            break;
        case OPT_SIG_LEVEL:
            a->sig_level = pk_opt_number("--sig-level", optarg, 0, 1, PK_OPEN_LO | PK_OPEN_HI);
            break;
        case OPT_FORMAT:
            a->format = (enum format)pk_opt_choice("--format", optarg, formats);
            break;
        case OPT_TSV:
            a->tsv = 1;
            break;
        case 'o':
            a->outpath = optarg;
            break;
        default:
            abort();   /* pk_opt_next returns only the table's options */
        }
    }
    a->input = pk_opt_input(argc, argv);
    if (a->weight && a->unweighted)
        pk_usage_error("--weight and --unweighted cannot be used together");
    if (a->calibrated && a->unweighted)
        pk_usage_error("--calibrated and --unweighted cannot be used together: the calibrated "
                       "standard error is for raked weights");
    if (a->lonely_given && !a->design.strata && !a->design.psu)
        pk_usage_error("--lonely-psu: no design: give --strata or --psu (a stratum with one PSU "
                       "needs strata)");
    if (a->design.psu && a->design.strata && strcmp(a->design.psu, a->design.strata) == 0)
        pk_usage_error("--psu and --strata name the same column '%s'", a->design.psu);
    if (a->from_given && !a->waves)
        pk_usage_error("--change-from: no waves: give --waves COL");
    if (a->waves && a->calibrated && (a->design.psu || a->design.strata || a->design.fpc))
        pk_usage_error("--waves with --calibrated and a design (--psu, --strata, --fpc) is not "
                       "supported: the change's se would need each wave's calibration within the "
                       "stacked design's PSUs; leave out --calibrated (weights as fixed) or the design");
    if (a->format == FORMAT_DEFAULT)
        a->format = a->tsv ? FORMAT_TSV : FORMAT_CSV;
    if (a->waves && (a->format == FORMAT_XLSX || a->format == FORMAT_TABLE))
        pk_usage_error("--waves writes csv or tsv; pollbanner --format table shows a wave's "
                       "banner from it");
    if (a->format == FORMAT_XLSX && (!a->outpath || strcmp(a->outpath, "-") == 0) &&
        isatty(STDOUT_FILENO))
        pk_usage_error("--format xlsx: standard output is a terminal; give -o FILE.xlsx");
}

static void free_args(struct args *a)
{
    for (size_t i = 0; i < a->ncombine; i++) {
        free((void *)a->combine[i].name);
        pk_list l = {(char **)a->combine[i].codes, a->combine[i].ncodes};
        pk_list_free(&l);
    }
    free(a->combine);
    for (size_t i = 0; i < a->nwhere; i++) {
        free((void *)a->where[i].column);
        free((void *)a->where[i].labels);
        pk_list l = {(char **)a->where[i].codes, a->where[i].ncodes};
        pk_list_free(&l);
    }
    free(a->where);
    pk_list_free(&a->by);
    pk_list_free(&a->questions);
    pk_list_free(&a->means);
    pk_list_free(&a->exclude);
}

/* Without --weight or --unweighted, the column 'weight', which must exist. */
static const char *default_weight(pk_csv_reader *r)
{
    if (pk_csv_reader_col(r, "weight") < 0) {
        /* Offer a column that reads as a weight: a near miss of
         * "weight" (Weight, weigth), else one named like a weight. */
        const char *near = NULL;
        for (size_t i = 0; i < pk_csv_reader_ncols(r) && !near; i++)
            if (pk_colname_weight_like(pk_csv_reader_colname(r, i)))
                near = pk_csv_reader_colname(r, i);
        char hint[PK_COLNAME_HINT_SIZE], q[PK_COLNAME_HINT_SIZE - 32];
        if (pk_csv_reader_hint(r, "weight", hint, sizeof hint)[0] == '\0' && near)
            snprintf(hint, sizeof hint, " (did you mean '%s'?)", pk_err_quote(q, sizeof q, near, strlen(near)));
        pk_die(PK_EXIT_DATA, "%s: no weight column: give --weight COL, or --unweighted for "
                             "unweighted figures%s", pk_csv_reader_name(r), hint);
    }
    pk_note("weighting by the column 'weight'");
    return "weight";
}

/* --waves: the waves' tables and their changes, as CSV or TSV. */
static void write_waves(const struct args *a, const pk_support_opts *o, const pk_codebook *cb,
                        pk_input *in, pk_csv_reader *r)
{
    pk_err err;
    pk_err_clear(&err);
    pk_support_waves_opts wo = {a->waves, 0, NULL, NULL, a->from_first};
    const pk_codebook_var *v = cb ? pk_codebook_find(cb, a->waves) : NULL;
    const char **codes = NULL, **labels = NULL;
    if (v && v->ncodes) {
        codes = malloc(v->ncodes * sizeof *codes);
        labels = malloc(v->ncodes * sizeof *labels);
        if (!codes || !labels)
            pk_die(PK_EXIT_DATA, "out of memory");
        for (size_t k = 0; k < v->ncodes; k++) {
            codes[k] = v->codes[k].code;
            labels[k] = v->codes[k].label;
        }
        wo.ncodes = v->ncodes;
        wo.codes = codes;
        wo.labels = labels;
    }
    pk_support_waves *w = pk_support_waves_read(r, o, &wo, &err);
    free(codes);
    free(labels);
    pk_input_close(in);
    if (!w)
        pk_die_err(&err);
    for (size_t i = 0; i < pk_support_waves_nnotes(w); i++)
        pk_note("%s", pk_support_waves_note(w, i));
    pk_out out;
    pk_out_open_or_die(&out, a->outpath);
    pk_support_waves_write_delim(w, out.f, a->format == FORMAT_TSV ? '\t' : ',');
    pk_out_commit_or_die(&out);
    pk_support_waves_free(w);
}

int main(int argc, char **argv)
{
    pk_cli_init("pollsupport");
    struct args a;
    parse_args(argc, argv, &a);

    pk_err err;
    pk_err_clear(&err);
    pk_codebook *cb = NULL;
    if (a.codebook && !(cb = pk_codebook_read(a.codebook, &err)))
        pk_die_err(&err);
    where_labels(&a, cb);

    /* Questions: --questions (labels and scales from the codebook when it
     * has them), else the codebook's questions; --by columns with their
     * categories from the codebook when it knows them. */
    if (!a.questions.n && !a.means.n && !cb)
        pk_usage_error("--questions is required without --codebook (the question columns, "
                       "e.g. --questions q1,q2)");
    /* With --means and no --questions, only the means. */
    static const char *const no_questions[1] = {NULL};
    const char *const *qs = a.questions.n ? (const char *const *)a.questions.item
                            : a.means.n   ? no_questions
                                          : NULL;
    pk_support_plan plan;
    if (pk_support_plan_make(&plan, cb, a.codebook, qs, a.questions.n,
                             (const char *const *)a.by.item, a.by.n, &err))
        pk_die_err(&err);
    if (pk_support_plan_add_means(&plan, cb, (const char *const *)a.means.item, a.means.n, &err))
        pk_die_err(&err);

    char delim = a.tsv ? '\t' : ',';
    /* Read as pollweight reads it (shares normalized if they do not sum
     * to 1: the weights met the normalized shares). */
    pk_targets *targets = NULL;
    if (a.calibrated && !(targets = pk_targets_read(a.calibrated, 1, &err)))
        pk_die_err(&err);
    pk_input *in = pk_input_open_path(a.input, delim, &err);
    pk_csv_reader *r = in ? pk_input_as_csv(in, &err) : NULL;
    if (!r)
        pk_die_err(&err);
    if (!a.weight && !a.unweighted)
        a.weight = default_weight(r);

    pk_support_opts o;
    memset(&o, 0, sizeof o);
    o.by = plan.by;
    o.nby = plan.nby;
    o.weight = a.unweighted ? NULL : a.weight;
    o.questions = plan.questions;
    o.nquestions = plan.nquestions;
    o.questions_strict = plan.strict;
    o.ci = a.ci;
    o.level = a.level;
    o.exclude = (const char *const *)a.exclude.item;
    o.nexclude = a.exclude.n;
    o.combine = a.combine;
    o.ncombine = a.ncombine;
    o.min_base = a.min_base;
    o.sig_level = a.sig_level;
    o.calibrated = targets;
    if (a.design.strata || a.design.psu || a.design.fpc)
        o.design = &a.design;
    o.where = a.where;
    o.nwhere = a.nwhere;
    if (a.waves) {
        write_waves(&a, &o, cb, in, r);
        pk_support_plan_free(&plan);
        pk_targets_free(targets);
        free_args(&a);
        pk_codebook_free(cb);
        return pk_finish(PK_EXIT_OK);
    }
    pk_support *t = pk_support_read(r, &o, &err);
    pk_input_close(in);
    if (!t)
        pk_die_err(&err);
    for (size_t i = 0; i < pk_support_nnotes(t); i++)
        pk_note("%s", pk_support_note(t, i));

    pk_out out;
    pk_out_open_or_die(&out, a.outpath);
    if (a.format == FORMAT_XLSX)
        pk_out_document(&out, "--format xlsx", xlsx_of_support, t);
    else if (a.format == FORMAT_TABLE)
        pk_support_banner_write(t, out.f);
    else
        pk_support_write_delim(t, out.f, a.format == FORMAT_TSV ? '\t' : ',');
    pk_out_commit_or_die(&out);
    pk_support_free(t);
    pk_targets_free(targets);
    pk_support_plan_free(&plan);
    free_args(&a);
    pk_codebook_free(cb);
    return pk_finish(PK_EXIT_OK);
}
