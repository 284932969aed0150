/* pollweight: weight a sample of clean microdata to population targets by
 * raking or calibration, optionally capping the weights, and write the
 * input back with the weight column last. A thin shell: options and files
 * here, the work in tools/lib/weight*.c and tools/lib/targets.c. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "csvio.h"
#include "input.h"
#include "options.h"
#include "targets.h"
#include "weight.h"

static const char usage[] =
    "Usage: pollweight --targets FILE [OPTION]... [INPUT]\n"
    "Weight clean microdata to population targets and write it back with a weight\n"
    "column added last. INPUT is CSV with a header, or an SPSS .sav/.zsav or Stata\n"
    ".dta file (recognised by content: a labelled value reads as its label, a value\n"
    "the file declares missing as no value; the output is CSV).\n"
    "\n";

static const char after[] =
    "With no INPUT, or when INPUT is -, read standard input. The targets file is\n"
    "always CSV. Weights are printed with 15 significant digits.\n"
    "\n"
    "Example:\n"
    "  pollweight --targets data/targets.csv --missing keep --cap 0.2,5 \\\n"
    "      --report weight_report.txt -o weighted.csv clean.csv\n"
    "\n"
    "Exit status: 0 success; 1 bad data, targets that cannot be met (no\n"
    "convergence, caps or bounds that cannot hold) or I/O failure; 2 bad usage.\n";

enum {
    OPT_TARGETS = PK_OPT_FIRST,
    OPT_METHOD,
    OPT_BOUNDS,
    OPT_CAP,
    OPT_BASE,
    OPT_WNAME,
    OPT_MISSING,
    OPT_TOL,
    OPT_MAXIT,
    OPT_TOTAL,
    OPT_NORMALIZE,
    OPT_REPORT,
    OPT_TSV
};

static const pk_choice methods[] = {PK_WEIGHT_METHODS(PK_OPT_CHOICE) {NULL, 0}};

static const pk_choice missing_modes[] = {{"fail", 0}, {"keep", 1}, {NULL, 0}};

static const pk_opt opts[] = {
    {"targets", 0, OPT_TARGETS, PK_ARG_INPUT, "FILE",
     "population shares: variable,category,target[,source]; a variable a:b is an interlocked margin "
     "(categories x:y)", NULL, 0, "population targets (CSV: variable,category,target)"},
    {"method", 0, OPT_METHOD, PK_ARG_CHOICE, "M",
     "rake (default; iterative proportional fitting, as R survey's rake()), linear (GREG) or logit "
     "(bounded), as R survey's calibrate(calfun=M)", methods, 0, NULL},
    {"bounds", 0, OPT_BOUNDS, PK_ARG_NUMBER, "LO,HI",
     "calibration: limits of g = w/d, LO < 1 < HI (required by logit)", NULL, 0, NULL},
    {"cap", 0, OPT_CAP, PK_ARG_NUMBER, "LO,HI",
     "rake: keep the weights within LO and HI times the mean weight, re-raking until caps and margins "
     "both hold (fails if they cannot)", NULL, 0, NULL},
    {"base-weight", 0, OPT_BASE, PK_ARG_COLUMN, "COL", "start from the design weights in COL (>= 0)", NULL, 0,
     NULL},
    {"weight-name", 0, OPT_WNAME, PK_ARG_TEXT, "NAME",
     "name of the new column (default weight); it must not exist already", NULL, 0, NULL},
    {"missing", 0, OPT_MISSING, PK_ARG_CHOICE, "fail|keep",
     "a respondent without a value for a weighting variable is an error (fail, default) or is left out "
     "of that margin (keep: its shares are among those with a value)", missing_modes, 0, NULL},
    {"tolerance", 0, OPT_TOL, PK_ARG_NUMBER, "T",
     "stop when every weighted margin share is within T of its target (default 1e-10; raking and "
     "calibration)", NULL, 0, NULL},
    {"max-iter", 0, OPT_MAXIT, PK_ARG_NUMBER, "N",
     "rake: at most N sweeps (default 1000, capping rounds included); calibration: Newton iterations "
     "(default 50)", NULL, 0, NULL},
    {"total", 0, OPT_TOTAL, PK_ARG_NUMBER, "N",
     "scale the weights to sum to N (default: the number of respondents, i.e. mean 1)", NULL, 0, NULL},
    {"normalize", 0, OPT_NORMALIZE, PK_ARG_NONE, NULL,
     "rescale a variable's shares that do not sum to 1 instead of failing", NULL, 0, NULL},
    {"report", 0, OPT_REPORT, PK_ARG_OUTPUT, "FILE",
     "write the diagnostics (convergence, weight range, Kish design effect, per-margin target / "
     "unweighted / weighted shares) to FILE", NULL, 0, NULL},
    PK_OPTION_OUTPUT("write to FILE (atomically) instead of standard output"),
    PK_OPTION_TSV(OPT_TSV, "read and write tab-separated values"),
    PK_OPTION_END,
};

static const pk_opt_table options = {
    {usage}, opts, {after},
    PK_OPERAND_INPUT(PK_OPT_STATFILE, "clean microdata (CSV, SPSS or Stata)"),
    "no summary on standard error",
};

static void write_report(const char *path, const pk_weight_sample *s, const pk_targets *t, const pk_weight_opts *o,
                         const pk_weight_diag *dg)
{
    pk_out out;
    pk_out_open_or_die(&out, path);
    pk_weight_report(out.f, s, t, o, dg);
    pk_out_commit_or_die(&out);
}

/* What the command line asks for. */
struct args {
    const char *targets_path, *report, *output, *input;
    pk_weight_sample_opts so;
    pk_weight_opts wo;
    int normalize;
    char delim;
};

static void parse_args(int argc, char **argv, struct args *a)
{
    memset(a, 0, sizeof *a);
    a->so = (pk_weight_sample_opts){NULL, "weight", 0, 0};
    a->wo.method = PK_WEIGHT_METHOD_RAKE;
    a->delim = ',';
    int c;
    while ((c = pk_opt_next(argc, argv, &options)) != -1) {
        switch (c) {
        case OPT_TARGETS:
            a->targets_path = optarg;
            break;
        case OPT_METHOD:
            a->wo.method = (pk_weight_method)pk_opt_choice("--method", optarg, methods);
            break;
        case OPT_BOUNDS:
            pk_opt_pair("--bounds", optarg, -HUGE_VAL, HUGE_VAL, &a->wo.bound_lo, &a->wo.bound_hi);
            if (!(a->wo.bound_lo < 1 && a->wo.bound_hi > 1))
                pk_usage_error("--bounds: need LO < 1 < HI (g = 1 leaves a weight unchanged), got '%s'", optarg);
            a->wo.has_bounds = 1;
            break;
        case OPT_CAP:
            pk_opt_pair("--cap", optarg, 0, HUGE_VAL, &a->wo.cap_lo, &a->wo.cap_hi);
            if (!(a->wo.cap_lo < 1 && a->wo.cap_hi > 1))
                pk_usage_error("--cap: need LO < 1 < HI (relative to the mean weight), got '%s'", optarg);
            a->wo.has_cap = 1;
            break;
        case OPT_BASE:
            a->so.base_weight = optarg;
            break;
        case OPT_WNAME:
            if (optarg[0] == '\0')
                pk_usage_error("--weight-name: empty name");
            a->so.weight_name = optarg;
            break;
        case OPT_MISSING:
            a->so.missing_keep = pk_opt_choice("--missing", optarg, missing_modes);
            break;
        case OPT_TOL:
            a->wo.tolerance = pk_opt_number("--tolerance", optarg, 0, 1, PK_OPEN_LO);
            break;
        case OPT_MAXIT:
            a->wo.max_iter = pk_opt_long("--max-iter", optarg, 1, 100000000L);
            break;
        case OPT_TOTAL:
            a->wo.total = pk_opt_number("--total", optarg, 0, HUGE_VAL, PK_OPEN_LO);
            break;
        case OPT_NORMALIZE:
            a->normalize = 1;
            break;
        case OPT_REPORT:
            a->report = optarg;
            break;
        case 'o':
            a->output = optarg;
            break;
        case OPT_TSV:
            a->delim = '\t';
            break;
        default:
            abort();   /* pk_opt_next returns only the table's options */
        }
    }
    if (!a->targets_path)
        pk_usage_error("--targets FILE is required");
    a->input = pk_opt_input(argc, argv);
    if (!a->input)
        a->input = "-";
    if (a->wo.method == PK_WEIGHT_METHOD_LOGIT && !a->wo.has_bounds)
        pk_usage_error("--method logit needs --bounds LO,HI");
    if (a->wo.method == PK_WEIGHT_METHOD_RAKE && a->wo.has_bounds)
        pk_usage_error("--bounds limits calibration (--method linear or logit); with raking use --cap");
    /* A cap must never be silently ignored: calibration has --bounds. */
    if (a->wo.method != PK_WEIGHT_METHOD_RAKE && a->wo.has_cap)
        pk_usage_error("--cap works with --method rake; calibration limits g = w/d with --bounds");
}

/* The summary's lines on standard error. */
static void print_summary(const pk_weight_opts *wo, const pk_weight_diag *dg)
{
    char summary[2048];
    pk_weight_summary(summary, sizeof summary, wo, dg);
    for (char *line = strtok(summary, "\n"); line; line = strtok(NULL, "\n"))
        pk_msg("%s", line);
}

int main(int argc, char **argv)
{
    pk_cli_init("pollweight");
    struct args a;
    parse_args(argc, argv, &a);

    pk_err err;
    pk_err_clear(&err);
    pk_targets *t = pk_targets_read(a.targets_path, a.normalize, &err);
    if (!t)
        pk_die_err(&err);
    pk_input *in = pk_input_open_path(a.input, a.delim, &err);
    pk_csv_reader *r = in ? pk_input_as_csv(in, &err) : NULL;
    if (!r)
        pk_die_err(&err);
    a.so.delim = a.delim;
    pk_weight_sample *s = pk_weight_sample_read(r, t, &a.so, &err);
    pk_input_close(in);
    if (!s)
        pk_die_err(&err);

    size_t n = pk_weight_sample_n(s);
    double *w = malloc((n ? n : 1) * sizeof *w);
    if (!w)
        pk_die(PK_EXIT_DATA, "out of memory");
    pk_weight_diag dg;
    int rc = pk_weight_compute(s, t, &a.wo, w, &dg, &err);
    if (rc) {
        if (dg.cat) {
            print_summary(&a.wo, &dg);
            if (a.report)
                write_report(a.report, s, t, &a.wo, &dg);
        }
        pk_die_err(&err);
    }

    pk_out out;
    pk_out_open_or_die(&out, a.output);
    pk_csv_writer wr;
    pk_csv_writer_init(&wr, out.f, a.delim);
    if (pk_weight_sample_write(s, w, &wr, &err))
        pk_die_err(&err);
    pk_out_commit_or_die(&out);
    if (a.report)
        write_report(a.report, s, t, &a.wo, &dg);
    if (!pk_quiet())
        print_summary(&a.wo, &dg);
    pk_weight_diag_free(&dg);
    free(w);
    pk_weight_sample_free(s);
    pk_targets_free(t);
    return pk_finish(PK_EXIT_OK);
}
