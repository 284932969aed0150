/* pollsynth: writes a realistic raw export of a GB online poll on the
 * November 2025 asylum proposals (or the clean microdata a perfect cleaning
 * of it keeps), the population truth and the list of injected defects. The
 * model lives in tools/lib/synth*.c; this is options and files. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "options.h"
#include "synth.h"

static const char usage[] =
    "Usage: pollsynth [OPTION]...\n"
    "Write a realistic raw export of a GB online poll on the November 2025 asylum\n"
    "proposals (UTF-8 with BOM, CRLF, messy labels, defective records), or the\n"
    "clean microdata a perfect cleaning of it keeps, and the population truth.\n"
    "\n";

static const char after[] =
    "Example:\n"
    "  pollsynth --n 2000 --seed 20251121 --truth truth.csv --injected injected.csv \\\n"
    "      -o raw.csv\n"
    "  pollsynth --clean --clusters 100 --strata 10 --icc 0.1 -o clustered.csv\n"
    "  pollsupport --psu psu --strata stratum --by vote2024 --codebook codebook.csv \\\n"
    "      --unweighted clustered.csv\n"
    "  pollsynth --seed 20251121 --wave 2 --shift -0.4 --truth truth2.csv \\\n"
    "      -o wave2.csv\n"
    "  pollsynth --clean --panel --wave 2 -o panel2.csv\n"
    "\n"
    "Exit status: 0 success, 1 I/O failure, 2 bad usage.\n";

enum {
    OPT_N = PK_OPT_FIRST, OPT_SEED, OPT_BIAS, OPT_CLEAN, OPT_TRUTH, OPT_INJECTED, OPT_TSV,
    OPT_CLUSTERS, OPT_STRATA, OPT_ICC, OPT_WAVE, OPT_SHIFT, OPT_PANEL
};

static const pk_choice biases[] = {
    {"panel", PK_SYNTH_BIAS_PANEL},
    {"none", PK_SYNTH_BIAS_NONE},
    {NULL, 0},
};

static const pk_opt opts[] = {
    {"n", 0, OPT_N, PK_ARG_NUMBER, "N",
     "data records in the raw export, defective ones included (default 2000; 1 to 1000000000)", NULL, 0,
     NULL},
    {"seed", 0, OPT_SEED, PK_ARG_NUMBER, "S",
     "random seed, 0 to 4294967295 (default 1); the same seed gives the same bytes", NULL, 0, NULL},
    {"bias", 0, OPT_BIAS, PK_ARG_CHOICE, "panel|none",
     "panel (default): an opt-in online panel, too old, too educated, too few non-voters, regional skews, "
     "selected by a product of one factor per weighting variable (sex, age_band, region, edu, vote2024) "
     "so raking repairs it; none: a simple random sample of the population", biases, 0, NULL},
    {"clean", 0, OPT_CLEAN, PK_ARG_NONE, NULL,
     "write clean microdata (id,age,age_band,sex,region,edu,vote2024,euref,q_*) instead: the genuine "
     "respondents of the raw export with the same options, as a perfect cleaning keeps them (every "
     "record --injected lists is dropped except blank_answer ones and the honest straight-liners, note "
     "natural; that is what pollclean keeps by default)", NULL, 0, NULL},
    {"clusters", 0, OPT_CLUSTERS, PK_ARG_NUMBER, "N",
     "draw a clustered sample: the records in N primary sampling units (areas, as a face-to-face survey "
     "draws them; consecutive records share one, equal numbers in each), numbered 1 to N in a last "
     "column psu; at most half of --n. Answers within a PSU are correlated (--icc); the population, "
     "and so --truth, is the same", NULL, PK_OPT_YIELD, NULL},
    {"strata", 0, OPT_STRATA, PK_ARG_NUMBER, "K",
     "with --clusters: the PSUs nested in K strata (consecutive PSUs share one), numbered 1 to K in a "
     "column stratum before psu; at most half of --clusters, so every stratum has two PSUs", NULL,
     PK_OPT_YIELD, NULL},
    {"icc", 0, OPT_ICC, PK_ARG_NUMBER, "R",
     "with --clusters: the intraclass correlation R of two respondents' latent support in one PSU (on "
     "the ordered logit's scale, for a proposal of loading 1), 0 to 0.33 (default 0.05); the PSU's "
     "effect takes that part of the person effect", NULL, PK_OPT_YIELD, NULL},
    {"wave", 0, OPT_WAVE, PK_ARG_NUMBER, "K",
     "write wave K (1 to 20) of a series of polls, with a column wave holding K after the answers "
     "(before stratum and psu); wave 1 is the poll without --wave, and each later wave's population has every proposal's "
     "latent support moved by --shift, its fieldwork 91 days after the wave before. Later waves are "
     "separate samples (new respondents, their own random streams) unless --panel. Give every wave the "
     "same --seed, --n, --bias and design options",
     NULL, PK_OPT_YIELD, NULL},
    {"shift", 0, OPT_SHIFT, PK_ARG_NUMBER, "D",
     "with --wave: move every proposal's latent support by D per wave, on the ordered logit's scale, "
     "-2 to 2 (default -0.4: support for each proposal falls by 5 to 8 points a wave among all adults, "
     "by 3 to 9 within a party); --truth gives the true changes", NULL, PK_OPT_YIELD, NULL},
    {"panel", 0, OPT_PANEL, PK_ARG_NONE, NULL,
     "with --wave: a panel study, every wave re-interviewing wave 1's respondents (the same records, ids, "
     "defects and durations; --clean keeps the same people in every wave). Each answer is drawn afresh "
     "with probability 0.1 and otherwise follows the respondent's previous answer through the shift, "
     "so about a quarter of the answers differ from the wave before (26% at the default shift)", NULL, PK_OPT_YIELD, NULL},
    {"truth", 0, OPT_TRUTH, PK_ARG_OUTPUT, "FILE",
     "write the population share giving each answer, overall and by 2024 vote "
     "(question,by,group,response,share); with --wave K, for waves 1 to K and the true change between "
     "every two of them, with columns response_kind, wave and versus_wave as well (a change row has "
     "response_kind change and share = the later wave's share minus versus_wave's, a proportion)", NULL, 0, NULL},
    {"injected", 0, OPT_INJECTED, PK_ARG_OUTPUT, "FILE",
     "write the defects put in the raw export (id,line,kind,column,note)", NULL, 0, NULL},
    PK_OPTION_OUTPUT("write to FILE (atomically) instead of standard output"),
    PK_OPTION_TSV(OPT_TSV, "write tab-separated values"),
    PK_OPTION_END,
};

static const pk_opt_table options = {
    {usage}, opts, {after},
    PK_OPERAND_NONE,
    "accepted for uniformity: pollsynth prints only errors",
};

int main(int argc, char **argv)
{
    pk_cli_init("pollsynth");
    pk_synth_opts o = {.n = 2000, .seed = 1, .bias = PK_SYNTH_BIAS_PANEL, .clean = 0, .delim = ','};
    int icc_given = 0, shift_given = 0;
    const char *outpath = NULL, *truthpath = NULL, *injpath = NULL;
    int c;
    while ((c = pk_opt_next(argc, argv, &options)) != -1) {
        switch (c) {
        case OPT_N: o.n = (unsigned long)pk_opt_long("--n", optarg, 1, (long)PK_SYNTH_MAX_N); break;
        case OPT_SEED: o.seed = (unsigned long)pk_opt_long("--seed", optarg, 0, 4294967295L); break;
        case OPT_BIAS: o.bias = pk_opt_choice("--bias", optarg, biases); break;
        case OPT_CLEAN: o.clean = 1; break;
        case OPT_TRUTH: truthpath = optarg; break;
        case OPT_INJECTED: injpath = optarg; break;
        case OPT_TSV: o.delim = '\t'; break;
        case OPT_CLUSTERS:
            o.clusters = (unsigned long)pk_opt_long("--clusters", optarg, 1, (long)(PK_SYNTH_MAX_N / 2));
            break;
        case OPT_STRATA: o.strata = (unsigned long)pk_opt_long("--strata", optarg, 1, (long)(PK_SYNTH_MAX_N / 4)); break;
        case OPT_ICC:
            o.icc = pk_opt_double("--icc", optarg, 0, PK_SYNTH_MAX_ICC);
            icc_given = 1;
            break;
        case OPT_WAVE: o.wave = (unsigned)pk_opt_long("--wave", optarg, 1, PK_SYNTH_MAX_WAVE); break;
        case OPT_SHIFT:
            o.shift = pk_opt_double("--shift", optarg, -PK_SYNTH_MAX_SHIFT, PK_SYNTH_MAX_SHIFT);
            shift_given = 1;
            break;
        case OPT_PANEL: o.panel = 1; break;
        case 'o': outpath = optarg; break;
        default: abort();   /* pk_opt_next returns only the table's options */
        }
    }
    pk_opt_no_operands(argc, argv);
    if (icc_given && !o.clusters)
        pk_usage_error("--icc needs --clusters (the correlation is within PSUs)");
    if (o.clusters && !icc_given)
        o.icc = 0.05;
    if (shift_given && !o.wave)
        pk_usage_error("--shift needs --wave (the shift is per wave)");
    if (o.panel && !o.wave)
        pk_usage_error("--panel needs --wave (which wave of the panel to write)");
    if (o.wave && !shift_given)
        o.shift = PK_SYNTH_DEFAULT_SHIFT;

    pk_err e;
    pk_err_clear(&e);
    pk_synth_model *m = pk_synth_model_new(&e);
    if (!m)
        pk_die_err(&e);
    pk_out out, inj, truth;
    pk_out_open_or_die(&out, outpath);
    if (injpath)
        pk_out_open_or_die(&inj, injpath);
    if (truthpath)
        pk_out_open_or_die(&truth, truthpath);
    if (pk_synth_generate(m, &o, out.f, injpath ? inj.f : NULL, &e) != 0)
        pk_die_err(&e);
    if (truthpath && pk_synth_truth_write(m, truth.f, o.delim, o.wave, o.shift, &e) != 0)
        pk_die_err(&e);
    pk_synth_model_free(m);
    pk_out_commit_or_die(&out);
    if (injpath)
        pk_out_commit_or_die(&inj);
    if (truthpath)
        pk_out_commit_or_die(&truth);
    return pk_finish(0);
}
