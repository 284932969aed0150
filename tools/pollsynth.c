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

static const char help[] =
    "Usage: pollsynth [OPTION]...\n"
    "Write a realistic raw export of a GB online poll on the November 2025 asylum\n"
    "proposals (UTF-8 with BOM, CRLF, messy labels, defective records), or the\n"
    "clean microdata a perfect cleaning of it keeps, and the population truth.\n"
    "\n"
    "Options:\n"
    "  --n N            data records in the raw export, defective ones included\n"
    "                   (default 2000; 1 to 1000000000)\n"
    "  --seed S         random seed, 0 to 4294967295 (default 1); the same seed\n"
    "                   gives the same bytes\n"
    "  --bias panel|none  panel (default): an opt-in online panel, too old, too\n"
    "                   educated, too few non-voters, regional skews, selected by a\n"
    "                   product of one factor per weighting variable (sex, age_band,\n"
    "                   region, edu, vote2024) so raking repairs it; none: a simple\n"
    "                   random sample of the population\n"
    "  --clean          write clean microdata (id,age,age_band,sex,region,edu,\n"
    "                   vote2024,euref,q_*) instead: the genuine respondents of\n"
    "                   the raw export with the same options, as a perfect\n"
    "                   cleaning keeps them (every record --injected lists is\n"
    "                   dropped except blank_answer ones and the honest\n"
    "                   straight-liners, note natural; that is what pollclean\n"
    "                   keeps by default)\n"
"  --truth FILE     write the population share giving each answer, overall\n"
    "                   and by 2024 vote (question,by,group,response,share)\n"
    "  --injected FILE  write the defects put in the raw export\n"
    "                   (id,line,kind,column,note)\n"
    "  -o, --output FILE  write to FILE (atomically) instead of standard output\n"
    "  --tsv            write tab-separated values\n"
    "  -q, --quiet      accepted for uniformity: pollsynth prints only errors\n"
    "  --help           display this help and exit\n"
    "  --version        output version information and exit\n"
    "\n"
    "Example:\n"
    "  pollsynth --n 2000 --seed 20251121 --truth truth.csv --injected injected.csv \\\n"
    "      -o raw.csv\n"
    "\n"
    "Exit status: 0 success, 1 I/O failure, 2 bad usage.\n";

enum { OPT_N = PK_OPT_FIRST, OPT_SEED, OPT_BIAS, OPT_CLEAN, OPT_TRUTH, OPT_INJECTED, OPT_TSV };

static const struct option longopts[] = {
    {"n", required_argument, NULL, OPT_N},
    {"seed", required_argument, NULL, OPT_SEED},
    {"bias", required_argument, NULL, OPT_BIAS},
    {"clean", no_argument, NULL, OPT_CLEAN},
    {"truth", required_argument, NULL, OPT_TRUTH},
    {"injected", required_argument, NULL, OPT_INJECTED},
    {"output", required_argument, NULL, 'o'},
    {"tsv", no_argument, NULL, OPT_TSV},
    {NULL, 0, NULL, 0}};

static const pk_opt_table options = {"o:", longopts, {help}};

static const pk_choice biases[] = {
    {"panel", PK_SYNTH_BIAS_PANEL},
    {"none", PK_SYNTH_BIAS_NONE},
    {NULL, 0},
};

int main(int argc, char **argv)
{
    pk_cli_init("pollsynth");
    pk_synth_opts o = {.n = 2000, .seed = 1, .bias = PK_SYNTH_BIAS_PANEL, .clean = 0, .delim = ','};
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
        case 'o': outpath = optarg; break;
        default: abort();   /* pk_opt_next returns only the table's options */
        }
    }
    pk_opt_no_operands(argc, argv);
    const pk_file outs[] = {{"-o", outpath ? outpath : "-"}, {"--truth", truthpath}, {"--injected", injpath}};
    pk_check_files(NULL, 0, outs, 3);

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
    if (truthpath && pk_synth_truth_write(m, truth.f, o.delim, &e) != 0)
        pk_die_err(&e);
    pk_synth_model_free(m);
    pk_out_commit_or_die(&out);
    if (injpath)
        pk_out_commit_or_die(&inj);
    if (truthpath)
        pk_out_commit_or_die(&truth);
    return pk_finish(0);
}
