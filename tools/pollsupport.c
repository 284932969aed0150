/* pollsupport: weighted microdata in, the support table out (SPEC). Options
 * are parsed and checked here; the pass over the data and the estimates are
 * tools/lib/support.c and tools/lib/estimate.c. */
#include <getopt.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "codebook.h"
#include "csvio.h"
#include "estimate.h"
#include "support.h"

static const char help[] =
    "Usage: pollsupport [--by COL[,COL...]] [--weight COL | --unweighted]\n"
    "                   [--questions Q[,Q...]] [--codebook FILE] [--ci METHOD]\n"
    "                   [--level L] [--exclude CODE[,CODE...]] [--combine NAME=CODE+CODE...]\n"
    "                   [--min-base N] [--format csv|tsv|table] [--tsv] [-o FILE] [INPUT]\n"
    "\n"
    "Weighted support for each proposal, overall and by group: for each question,\n"
    "each group (All, then the groups of each --by column, then --combine groups)\n"
    "and each response (the scale codes, support, oppose, net), the respondents,\n"
    "weighted base, share, linearization standard error, confidence interval,\n"
    "Kish design effect and effective n. Reads INPUT (or standard input: '-' or\n"
    "none) once, with memory independent of its length.\n"
    "\n"
    "Options:\n"
    "  --by COL[,COL...]     group by these columns, as a banner (default: All only)\n"
    "  --weight COL          weight column; without it a column named 'weight' is used\n"
    "                        (and said on standard error), else --unweighted is needed\n"
    "  --unweighted          every respondent weighs 1\n"
    "  --questions Q[,...]   the question columns, in this order (default: the\n"
    "                        codebook's questions, else every column holding only\n"
    "                        response codes)\n"
    "  --codebook FILE       question and group labels and orders from a codebook\n"
    "  --ci METHOD           interval: logit (default), beta, mean, wilson; net always\n"
    "                        uses mean (p +- t*se clipped to [-1,1])\n"
    "  --level L             confidence level, 0 < L < 1 (default 0.95)\n"
    "  --exclude CODE[,...]  leave these responses out of the base (e.g. dont_know;\n"
    "                        by default don't know stays in the base)\n"
    "  --combine NAME=A+B    add a group merging groups A, B... of a --by column\n"
    "                        (repeatable)\n"
    "  --min-base N          flag rows with fewer respondents in low_base (default 50)\n"
    "  --format FMT          csv (default), tsv, or table (percentages for a terminal)\n"
    "  --tsv                 read and write tab-separated values\n"
    "  -o FILE               write to FILE (whole or not at all)\n"
    "  --help, --version\n"
    "\n"
    "Shares are among those who answered the question, with positive weight. The\n"
    "standard error treats the weights as fixed (svydesign(ids=~1, weights=~w) in\n"
    "R's survey package); see SPEC.md for the formulas.\n"
    "\n"
    "Example:\n"
    "  pollsupport --by vote2024 --codebook data/codebook.csv --combine left=lab+grn \\\n"
    "      -o support.csv weighted.csv\n"
    "\n"
    "Exit status: 0 success, 1 bad data or I/O error, 2 bad usage.\n";

enum { OPT_BY = 256, OPT_WEIGHT, OPT_UNWEIGHTED, OPT_QUESTIONS, OPT_CODEBOOK, OPT_CI,
       OPT_LEVEL, OPT_EXCLUDE, OPT_COMBINE, OPT_MIN_BASE, OPT_FORMAT, OPT_TSV, OPT_HELP,
       OPT_VERSION };

static const struct option longopts[] = {
    {"by", required_argument, NULL, OPT_BY},
    {"weight", required_argument, NULL, OPT_WEIGHT},
    {"unweighted", no_argument, NULL, OPT_UNWEIGHTED},
    {"questions", required_argument, NULL, OPT_QUESTIONS},
    {"codebook", required_argument, NULL, OPT_CODEBOOK},
    {"ci", required_argument, NULL, OPT_CI},
    {"level", required_argument, NULL, OPT_LEVEL},
    {"exclude", required_argument, NULL, OPT_EXCLUDE},
    {"combine", required_argument, NULL, OPT_COMBINE},
    {"min-base", required_argument, NULL, OPT_MIN_BASE},
    {"format", required_argument, NULL, OPT_FORMAT},
    {"tsv", no_argument, NULL, OPT_TSV},
    {"help", no_argument, NULL, OPT_HELP},
    {"version", no_argument, NULL, OPT_VERSION},
    {NULL, 0, NULL, 0}};

/* Split s at sep into a NULL-terminated array of non-empty items; the
 * first item is the start of the one copy of s, so free_split frees all. */
static char **split(const char *opt, const char *s, char sep, size_t *n)
{
    char *copy = strdup(s);
    size_t cap = 2;
    for (const char *p = s; *p; p++)
        cap += (*p == sep);
    char **v = malloc(cap * sizeof *v);
    if (!copy || !v)
        pk_die(PK_EXIT_DATA, "out of memory");
    *n = 0;
    char *start = copy;
    for (char *p = copy;; p++) {
        if (*p == sep || *p == '\0') {
            int end = (*p == '\0');
            *p = '\0';
            if (*start == '\0')
                pk_usage_error("%s: empty item in '%s'", opt, s);
            v[(*n)++] = start;
            start = p + 1;
            if (end)
                break;
        }
    }
    v[*n] = NULL;
    return v;
}

static void free_split(char **v)
{
    if (v) {
        free(v[0]);
        free(v);
    }
}

int main(int argc, char **argv)
{
    pk_cli_init("pollsupport");
    char **by = NULL, **questions = NULL;
    size_t nby = 0, nquestions = 0;
    const char *weight = NULL, *codebook = NULL, *outpath = NULL, *format = NULL;
    int unweighted = 0, tsv = 0;
    enum pk_estimate_ci ci = PK_CI_LOGIT;
    double level = 0.95;
    unsigned excluded = 0;
    long min_base = 50;
    pk_support_combine *combine = NULL;
    size_t ncombine = 0;
    int c;
    while ((c = getopt_long(argc, argv, "o:", longopts, NULL)) != -1) {
        switch (c) {
        case OPT_BY:
            free_split(by);
            by = split("--by", optarg, ',', &nby);
            break;
        case OPT_WEIGHT:
            if (optarg[0] == '\0')
                pk_usage_error("--weight: empty column name");
            weight = optarg;
            break;
        case OPT_UNWEIGHTED:
            unweighted = 1;
            break;
        case OPT_QUESTIONS:
            free_split(questions);
            questions = split("--questions", optarg, ',', &nquestions);
            break;
        case OPT_CODEBOOK:
            codebook = optarg;
            break;
        case OPT_CI:
            if (pk_estimate_ci_parse(optarg, &ci) != 0)
                pk_usage_error("--ci: unknown method '%s' (logit, beta, mean or wilson)", optarg);
            break;
        case OPT_LEVEL:
            level = pk_opt_double("--level", optarg, 0, 1);
            if (!(level > 0 && level < 1))
                pk_usage_error("--level: %s is out of range (between 0 and 1, exclusive)", optarg);
            break;
        case OPT_EXCLUDE: {
            size_t n;
            char **codes = split("--exclude", optarg, ',', &n);
            for (size_t i = 0; i < n; i++) {
                int k = pk_support_scale_index(codes[i]);
                if (k < 0)
                    pk_usage_error("--exclude: '%s' is not a response code (strongly_support, "
                                   "tend_support, neither, tend_oppose, strongly_oppose, "
                                   "dont_know)", codes[i]);
                excluded |= 1u << k;
            }
            free_split(codes);
            if (excluded == (1u << PK_SUPPORT_SCALE_N) - 1)
                pk_usage_error("--exclude: every response excluded; nothing is left in the base");
            break;
        }
        case OPT_COMBINE: {
            const char *eq = strchr(optarg, '=');
            if (!eq || eq == optarg || eq[1] == '\0')
                pk_usage_error("--combine: expected NAME=CODE+CODE..., got '%s'", optarg);
            pk_support_combine *p = realloc(combine, (ncombine + 1) * sizeof *p);
            char *name = strndup(optarg, (size_t)(eq - optarg));
            if (!p || !name)
                pk_die(PK_EXIT_DATA, "out of memory");
            combine = p;
            size_t n;
            char **codes = split("--combine", eq + 1, '+', &n);
            for (size_t i = 0; i < n; i++)
                for (size_t j = 0; j < i; j++)
                    if (strcmp(codes[i], codes[j]) == 0)
                        pk_usage_error("--combine: '%s' appears twice in '%s'", codes[i], optarg);
            for (size_t i = 0; i < ncombine; i++)
                if (strcmp(combine[i].name, name) == 0)
                    pk_usage_error("--combine: group '%s' defined twice", name);
            combine[ncombine].name = name;
            combine[ncombine].ncodes = n;
            combine[ncombine].codes = (const char *const *)codes;
            ncombine++;
            break;
        }
        case OPT_MIN_BASE:
            min_base = pk_opt_long("--min-base", optarg, 0, 1000000000L);
            break;
        case OPT_FORMAT:
            if (strcmp(optarg, "csv") != 0 && strcmp(optarg, "tsv") != 0 &&
                strcmp(optarg, "table") != 0)
                pk_usage_error("--format: unknown format '%s' (csv, tsv or table)", optarg);
            format = optarg;
            break;
        case OPT_TSV:
            tsv = 1;
            break;
        case 'o':
            outpath = optarg;
            break;
        case OPT_HELP:
            pk_print_help(help);
        case OPT_VERSION:
            pk_print_version();
        default:
            fprintf(stderr, "Try '%s --help'.\n", pk_prog());
            return PK_EXIT_USAGE;
        }
    }
    if (optind + 1 < argc)
        pk_usage_error("too many operands: '%s'", argv[optind + 1]);
    if (weight && unweighted)
        pk_usage_error("--weight and --unweighted cannot be used together");
    const char *input = optind < argc ? argv[optind] : NULL;
    if (!format)
        format = tsv ? "tsv" : "csv";

    pk_err err;
    pk_err_clear(&err);
    pk_codebook *cb = NULL;
    if (codebook && !(cb = pk_codebook_read(codebook, &err)))
        pk_die_err(&err);

    /* Questions: --questions (labels from the codebook when it has them),
     * else the codebook's questions, else detected from the data. */
    pk_support_question *qs = NULL;
    size_t nq = 0;
    int strict = 0;
    if (questions) {
        qs = calloc(nquestions, sizeof *qs);
        if (!qs)
            pk_die(PK_EXIT_DATA, "out of memory");
        for (size_t i = 0; i < nquestions; i++) {
            const pk_codebook_var *v = cb ? pk_codebook_find(cb, questions[i]) : NULL;
            qs[i].name = questions[i];
            qs[i].label = v && v->label && v->label[0] ? v->label : NULL;
        }
        nq = nquestions;
        strict = 1;
    } else if (cb) {
        size_t nv = pk_codebook_nvars(cb);
        qs = calloc(nv ? nv : 1, sizeof *qs);
        if (!qs)
            pk_die(PK_EXIT_DATA, "out of memory");
        for (size_t i = 0; i < nv; i++) {
            const pk_codebook_var *v = pk_codebook_var_at(cb, i);
            if (v->type != PK_VAR_QUESTION)
                continue;
            qs[nq].name = v->name;
            qs[nq].label = v->label && v->label[0] ? v->label : NULL;
            nq++;
        }
        if (nq == 0)
            pk_die(PK_EXIT_DATA, "%s: the codebook declares no questions", codebook);
    }

    /* --by columns: categories and labels from the codebook when it knows
     * the column. */
    pk_support_by *bys = calloc(nby ? nby : 1, sizeof *bys);
    if (!bys)
        pk_die(PK_EXIT_DATA, "out of memory");
    for (size_t i = 0; i < nby; i++) {
        bys[i].column = by[i];
        const pk_codebook_var *v = cb ? pk_codebook_find(cb, by[i]) : NULL;
        if (v && v->ncodes > 0 && v->type != PK_VAR_QUESTION) {
            const char **codes = malloc(v->ncodes * sizeof *codes);
            const char **labels = malloc(v->ncodes * sizeof *labels);
            if (!codes || !labels)
                pk_die(PK_EXIT_DATA, "out of memory");
            for (size_t k = 0; k < v->ncodes; k++) {
                codes[k] = v->codes[k].code;
                labels[k] = v->codes[k].label;
            }
            bys[i].ncodes = v->ncodes;
            bys[i].codes = codes;
            bys[i].labels = labels;
        }
    }

    char delim = tsv ? '\t' : ',';
    pk_csv_reader *r = pk_csv_reader_open(input, delim, &err);
    if (!r)
        pk_die_err(&err);
    if (!weight && !unweighted) {
        if (pk_csv_reader_col(r, "weight") < 0)
            pk_die(PK_EXIT_DATA, "%s: no weight column: give --weight COL, or --unweighted for "
                                 "unweighted figures", pk_csv_reader_name(r));
        weight = "weight";
        pk_msg("weighting by the column 'weight'");
    }

    pk_support_opts o;
    memset(&o, 0, sizeof o);
    o.by = bys;
    o.nby = nby;
    o.weight = unweighted ? NULL : weight;
    o.questions = qs;
    o.nquestions = nq;
    o.questions_strict = strict;
    o.ci = ci;
    o.level = level;
    o.excluded = excluded;
    o.combine = combine;
    o.ncombine = ncombine;
    o.min_base = min_base;
    pk_support *t = pk_support_read(r, &o, &err);
    pk_csv_reader_close(r);
    if (!t)
        pk_die_err(&err);
    for (size_t i = 0; i < pk_support_nnotes(t); i++)
        pk_msg("%s", pk_support_note(t, i));

    pk_out out;
    pk_out_open_or_die(&out, outpath);
    if (strcmp(format, "table") == 0)
        pk_support_write_table(t, out.f);
    else
        pk_support_write_delim(t, out.f, strcmp(format, "tsv") == 0 ? '\t' : ',');
    pk_out_commit_or_die(&out);
    pk_support_free(t);
    for (size_t i = 0; i < nby; i++) {
        free((void *)bys[i].codes);
        free((void *)bys[i].labels);
    }
    free(bys);
    free(qs);
    for (size_t i = 0; i < ncombine; i++) {
        free((void *)combine[i].name);
        free_split((char **)combine[i].codes);
    }
    free(combine);
    free_split(by);
    free_split(questions);
    pk_codebook_free(cb);
    return pk_finish(PK_EXIT_OK);
}
