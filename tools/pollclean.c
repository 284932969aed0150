/* pollclean: turn a raw survey export into clean microdata with a codebook,
 * accounting for every record (see tools/lib/clean.h for the work itself).
 * This file parses options, arranges the two passes (spooling a pipe to a
 * temporary file), and writes the outputs whole or not at all. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "clean.h"
#include "cli.h"
#include "codebook.h"
#include "number.h"
#include "options.h"

static const char usage[] =
    "Usage: pollclean --codebook FILE [OPTION]... [INPUT]\n"
    "Turn a raw survey export (CSV, SPSS .sav/.zsav or Stata .dta) into clean\n"
    "microdata: every answer recoded to the codebook's canonical code, records\n"
    "failing the quality rules excluded with their reasons, and every record\n"
    "accounted for.\n"
    "\n"
    "With no INPUT, or when INPUT is -, read standard input.\n"
    "\n";

static const char rules[] =
    "Exclusion rules (reason codes as in pollsynth --injected):\n"
    "  duplicate_id       a later record repeating an earlier id (the first is kept);\n"
    "                     --no-dedup turns it off\n"
    "  speeder            duration under F x the median duration of all records;\n"
    "                     --speeder-fraction F (default 0.333333; 0 turns it off)\n"
    "  straightliner      the whole grid (every question) answered, all alike; off\n"
    "                     unless --straightliners: the proposals all point one way,\n"
    "                     and consistent supporters honestly answer alike\n"
    "  attention_failed   the attention check answered, wrongly; --no-attention\n"
    "  NAME_out_of_range  a number variable outside its range (age_out_of_range:\n"
    "                     under 18 or impossible); --no-range-check\n"
    "                     (or --no-age-check)\n"
    "  missing_required   a required variable without an answer; --no-required\n"
    "  unmatched          only with --unmatched exclude\n"
    "A record with several reasons is excluded once and listed with all of them.\n"
    "The program checks rows read = kept + excluded and fails if not. When the\n"
    "input has a column named like a weight (weight, weighting, wt, wgt...) and\n"
    "rows are excluded, a warning says that its weights no longer fit.\n"
    "\n"
    "Matching ignores letter case, surrounding and repeated white space, and the\n"
    "difference between typographic and ASCII quotes, apostrophes and dashes.\n"
    "Nothing else is guessed.\n"
    "\n"
    "SPSS and Stata files are recognised by their content, not their name, and\n"
    "read with ReadStat. A value with a value label matches the codebook by its\n"
    "label (as if the export held the label) or else by its number; SPSS\n"
    "user-defined missing values, Stata's .a-.z and system-missing values are\n"
    "missing unless the codebook lists the value or its label as a code. The\n"
    "columns are the variable names; LINE in messages is the record number + 1\n"
    "(as if a header line preceded it); --excluded writes each value as the\n"
    "text that matched (its label, or its number where that matched).\n";

/* Pieces: ISO C caps a string literal's guaranteed length. */
static const char format[] =
    "\n"
    "The work takes two passes (the median duration needs a first pass, and\n"
    "unmatched answers are found before anything is written), but the input is\n"
    "read once: the first pass keeps each record's recoded values in a\n"
    "temporary file in $TMPDIR (or /tmp), which the second reads back. Standard\n"
    "input or a pipe is first copied there too (an SPSS or Stata file can only\n"
    "be read from a file). Only durations and ids are held in memory.\n"
    "\n"
    "Codebook format: CSV with a header naming these columns (any order; only\n"
    "variable and kind are mandatory):\n"
    "  variable  clean column name (or a scale's name)\n"
    "  kind      id, number, category, band, question, duration, attention or scale\n"
    "            declares a variable (in output order); code adds a code to the\n"
    "            variable or scale named; missing lists answers meaning no answer;\n"
    "            net adds a net to the scale named\n"
    "  source    the raw column (for a band: the number variable it is cut from)\n"
    "  required  yes or no (empty: no)\n"
    "  scale     for question and attention: the scale whose codes they use\n"
    "  code      a code row's canonical code; an attention row's correct answer\n"
    "            (several codes separated by '|'; none: nothing is checked)\n"
    "  label     display label of the variable (a question's chart label) or code\n"
    "  min, max  number: valid range; band code: its bounds (inclusive; empty max:\n"
    "            no upper bound)\n"
    "  accept    raw answers accepted, separated by '|' (a code row also accepts\n"
    "            its code and its label)\n"
    "  wording   the question's full text\n";

static const char format2[] =
    "  side      a scale code's side: positive, negative, neutral, dont_know\n"
    "            (stays in the base) or empty; a net's: positive, negative,\n"
    "            score (positive net minus negative net) or empty (another net)\n"
    "  members   a net's codes, separated by '|' (a positive or negative net\n"
    "            without members is its side's codes)\n"
    "  unit      a duration's unit: seconds, minutes or hours (empty: the unit\n"
    "            its source's name says, as in 'Duration (in minutes)', else\n"
    "            seconds); the summary and report give durations in it\n"
    "  note      free text, ignored (pollcodebook marks its guesses there)\n"
    "A row whose variable starts with '#' is a comment.\n"
    "The clean output has the declared variables in codebook order, except\n"
    "duration and attention. A raw answer accepted for two codes, a column the\n"
    "input lacks, or a malformed codebook is an error naming its line.\n"
    "\n"
    "Example:\n"
    "  pollclean --codebook data/codebook.csv --excluded excluded.csv \\\n"
    "      --report report.txt -o clean.csv data/sample_raw.csv\n"
    "\n"
    "Exit status: 0 success; 1 bad data, unmatched answers (with --unmatched\n"
    "fail) or I/O error; 2 bad usage.\n";

enum {
    OPT_CODEBOOK = PK_OPT_FIRST, OPT_EXCLUDED, OPT_REPORT, OPT_UNMATCHED, OPT_SKIP_ROWS, OPT_TSV, OPT_NO_DEDUP,
    OPT_SPEEDER_FRACTION, OPT_STRAIGHTLINERS, OPT_NO_ATTENTION, OPT_NO_RANGE, OPT_NO_REQUIRED
};

static const pk_choice unmatched_modes[] = {
    {"fail", PK_CLEAN_UNMATCHED_FAIL},
    {"missing", PK_CLEAN_UNMATCHED_MISSING},
    {"exclude", PK_CLEAN_UNMATCHED_EXCLUDE},
    {NULL, 0},
};

static const pk_opt opts[] = {
    {"codebook", 0, OPT_CODEBOOK, PK_ARG_INPUT, "FILE", "the codebook (required; format below)", NULL, 0,
     "a codebook (CSV; pollcodebook drafts one from a raw export)"},
    PK_OPTION_OUTPUT("write the clean CSV to FILE (default: standard output)"),
    {"excluded", 0, OPT_EXCLUDED, PK_ARG_OUTPUT, "FILE",
     "write every excluded record to FILE: line, id, reasons (';'-separated), then the raw record", NULL, 0,
     NULL},
    {"report", 0, OPT_REPORT, PK_ARG_OUTPUT, "FILE",
     "write a report: rows read, kept, excluded per reason, recodes per variable, unmatched answers", NULL,
     0, NULL},
    {"unmatched", 0, OPT_UNMATCHED, PK_ARG_CHOICE, "MODE",
     "an answer that matches no code: fail (default: stop with exit 1, listing each value, its count and "
     "first line), missing (write an empty field), exclude (exclude the record, reason unmatched)",
     unmatched_modes, 0, NULL},
    {"skip-rows", 0, OPT_SKIP_ROWS, PK_ARG_NUMBER, "N",
     "skip N extra header rows after the header (Qualtrics exports have 2)", NULL, 0, NULL},
    PK_OPTION_TSV(OPT_TSV, "read and write tab-separated values"),
    {"no-dedup", 0, OPT_NO_DEDUP, PK_ARG_NONE, NULL, "keep records repeating an earlier id", NULL, 0, NULL},
    {"speeder-fraction", 0, OPT_SPEEDER_FRACTION, PK_ARG_NUMBER, "F",
     "a speeder takes under F x the median duration (default 0.333333; 0 turns the rule off)", NULL, 0,
     NULL},
    {"straightliners", 0, OPT_STRAIGHTLINERS, PK_ARG_NONE, NULL,
     "exclude straight-liners (off by default; see below)", NULL, 0, NULL},
    {"no-attention", 0, OPT_NO_ATTENTION, PK_ARG_NONE, NULL, "keep records failing the attention check",
     NULL, 0, NULL},
    {"no-range-check", 0, OPT_NO_RANGE, PK_ARG_NONE, NULL,
     "keep records with a number variable outside its range", NULL, 0, NULL},
    {"no-age-check", 0, OPT_NO_RANGE, PK_ARG_NONE, NULL, "the same as --no-range-check (its older name)",
     NULL, 0, NULL},
    {"no-required", 0, OPT_NO_REQUIRED, PK_ARG_NONE, NULL,
     "keep records without an answer to a required variable", NULL, 0, NULL},
    PK_OPTION_END,
};

static const pk_opt_table options = {
    {usage}, opts, {rules, format, format2},
    PK_OPERAND_INPUT(PK_OPT_STATFILE, "a raw export (CSV, SPSS or Stata)"),
    "no summary on standard error",
};


/* With --unmatched fail: list each unmatched value and stop. */
static void fail_unmatched(const pk_clean_stats *st, const char *name)
{
    size_t n = st->nunmatched, shown = n < 50 ? n : 50;
    for (size_t i = 0; i < shown; i++) {
        const pk_clean_unmatched *u = &st->unmatched[i];
        char q[300];
        pk_err_quote(q, sizeof q, u->raw, strlen(u->raw));
        int numeric = u->var->type == PK_CODEBOOK_VAR_NUMBER || u->var->type == PK_CODEBOOK_VAR_DURATION;
        pk_msg("%s:%ld:%s: '%s' %s %s (%ld record%s)", name, u->first_line, u->var->source, q,
               numeric ? "is not a number, for" : "matches no code of", u->var->name, u->count,
               u->count == 1 ? "" : "s");
    }
    /* Many variables failing on the first record is the signature of
     * extra header rows (Qualtrics writes two). */
    size_t on_first = 0;
    for (size_t i = 0; i < n; i++)
        on_first += st->unmatched[i].first_line == st->first_line;
    if (on_first >= 3)
        pk_msg("%zu variables fail on the first record: if the export has extra header rows, "
               "skip them with --skip-rows N", on_first);
    if (shown < n)
        pk_msg("... and %zu more unmatched values", n - shown);
    long total = st->unmatched_total;
    pk_die(PK_EXIT_DATA,
           "%ld unmatched answer%s (%zu distinct): nothing written; add them to the codebook, "
           "or use --unmatched missing or --unmatched exclude",
           total, total == 1 ? "" : "s", n);
}

/* An export that carries the pollster's weights was weighted with every
 * row: excluding rows leaves weights that fit no sample. Say so, with the
 * switches that would keep the rows. */
static void warn_weighted(const pk_clean_stats *st, const char *name)
{
    const char *col = st->weight_like;
    long n = st->rows_excluded;
    if (!col || n == 0)
        return;
    static const struct {
        const char *reason, *option;
    } keep[] = {
        {"speeder", "--speeder-fraction 0"}, {"duplicate_id", "--no-dedup"},
        {"straightliner", "without --straightliners"}, {"attention_failed", "--no-attention"},
        {"_out_of_range", "--no-range-check"}, {"missing_required", "--no-required"},
        {"unmatched", "--unmatched missing"},
    };
    char kept[256];
    size_t o = 0;
    kept[0] = '\0';
    for (size_t k = 0; k < sizeof keep / sizeof keep[0]; k++) {
        int fired = 0;
        for (size_t i = 0; i < st->nreasons && !fired; i++) {
            const char *r = st->reasons[i].name;
            size_t lr = strlen(r), lk = strlen(keep[k].reason);
            int match = keep[k].reason[0] == '_' ? lr > lk && strcmp(r + lr - lk, keep[k].reason) == 0
                                                 : strcmp(r, keep[k].reason) == 0;
            fired = match && st->reasons[i].count > 0;
        }
        if (fired && o < sizeof kept)
            o += (size_t)snprintf(kept + o, sizeof kept - o, "%s%s", o ? " " : "", keep[k].option);
    }
    char q[200];
    pk_msg("warning: %s: column '%s' looks like a weight the export already carries, and %ld row%s "
           "excluded: weights made for every row do not fit the rows kept; weight them again "
           "(pollweight), or keep every row (%s)",
           name, pk_err_quote(q, sizeof q, col, strlen(col)), n, n == 1 ? " was" : "s were", kept);
}

static void summary(const pk_clean_stats *st, const pk_codebook *cb, const char *name)
{
    pk_msg("%s: read %ld rows: kept %ld, excluded %ld", name, st->rows_read, st->rows_kept,
           st->rows_excluded);
    /* Whole "reason count" items while they fit one line's buffer; the
     * rest are counted, never cut mid-number (the report lists them all). */
    char buf[1024];
    size_t o = 0, more = 0;
    long more_count = 0;
    for (size_t i = 0; i < st->nreasons; i++) {
        if (!st->reasons[i].count)
            continue;
        char item[512];
        int n = snprintf(item, sizeof item, "%s%s %ld", o ? ", " : "", st->reasons[i].name,
                         st->reasons[i].count);
        if (more == 0 && n > 0 && (size_t)n < sizeof item && o + (size_t)n < sizeof buf - 80) {
            memcpy(buf + o, item, (size_t)n);
            o += (size_t)n;
        } else {
            more++;
            more_count += st->reasons[i].count;
        }
    }
    buf[o] = '\0';
    if (more)
        snprintf(buf + o, sizeof buf - o, "%sand %zu more reason%s (%ld exclusions): see --report",
                 o ? ", " : "", more, more == 1 ? "" : "s", more_count);
    if (o || more)
        pk_msg("excluded by reason: %s", buf);
    long recoded = 0;
    for (size_t i = 0; i < st->nvars; i++)
        recoded += st->vars[i].recoded;
    const pk_codebook_var *dur = NULL;
    for (size_t i = 0; i < pk_codebook_nvars(cb); i++)
        if (pk_codebook_var_at(cb, i)->type == PK_CODEBOOK_VAR_DURATION)
            dur = pk_codebook_var_at(cb, i);
    char m[PK_NUMBER_BUFSIZE];
    if (!dur)
        pk_msg("recoded %ld answers; %ld unmatched; no duration (the codebook declares none)", recoded,
               st->unmatched_total);
    else if (isnan(st->median_duration))
        pk_msg("recoded %ld answers; %ld unmatched; median duration unknown (no record has one)", recoded,
               st->unmatched_total);
    else
        pk_msg("recoded %ld answers; %ld unmatched; median duration %s %s", recoded, st->unmatched_total,
               pk_number_format(m, st->median_duration, 6), pk_codebook_unit_symbol(dur->unit));
}

int main(int argc, char **argv)
{
    pk_cli_init("pollclean");
    pk_clean_opts o;
    pk_clean_opts_default(&o);
    const char *codebook = NULL, *output = NULL, *excluded = NULL, *report = NULL;
    int opt;
    while ((opt = pk_opt_next(argc, argv, &options)) != -1) {
        switch (opt) {
        case OPT_CODEBOOK: codebook = optarg; break;
        case 'o': output = optarg; break;
        case OPT_EXCLUDED: excluded = optarg; o.keep_excluded = 1; break;
        case OPT_REPORT: report = optarg; break;
        case OPT_UNMATCHED:
            o.unmatched = (enum pk_clean_on_unmatched)pk_opt_choice("--unmatched", optarg, unmatched_modes);
            break;
        case OPT_SKIP_ROWS: o.skip_rows = pk_opt_long("--skip-rows", optarg, 0, 1000000); break;
        case OPT_TSV: o.delim = '\t'; break;
        case OPT_NO_DEDUP: o.dedup = 0; break;
        case OPT_SPEEDER_FRACTION: o.speeder_fraction = pk_opt_double("--speeder-fraction", optarg, 0, 1); break;
        case OPT_STRAIGHTLINERS: o.straightliners = 1; break;
        case OPT_NO_ATTENTION: o.attention = 0; break;
        case OPT_NO_RANGE: o.range_check = 0; break;
        case OPT_NO_REQUIRED: o.required = 0; break;
        default: abort();   /* pk_opt_next returns only the table's options */
        }
    }
    if (!codebook)
        pk_usage_error("--codebook FILE is required");
    const char *path = pk_opt_input(argc, argv);

    pk_err err;
    pk_err_clear(&err);
    pk_codebook *cb = pk_codebook_read(codebook, &err);
    if (!cb)
        pk_die_err(&err);
    pk_clean *c = pk_clean_new(cb, &o, &err);
    if (!c)
        pk_die_err(&err);

    const char *name;
    off_t start;
    FILE *in = pk_open_seekable_input(path, &name, &start);
    pk_progress_stage("pass 1 of 2");
    if (pk_clean_scan(c, in, name, &err))
        pk_die_err(&err);
    if (in != stdin)
        fclose(in);
    pk_clean_stats st;
    pk_clean_stats_get(c, &st);
    if (o.unmatched == PK_CLEAN_UNMATCHED_FAIL && st.nunmatched > 0)
        fail_unmatched(&st, name);

    pk_out out, xout, rout;
    pk_out_open_or_die(&out, output);
    if (excluded)
        pk_out_open_or_die(&xout, excluded);
    if (report)
        pk_out_open_or_die(&rout, report);
    pk_progress_stage("pass 2 of 2");
    if (pk_clean_run(c, name, out.f, excluded ? xout.f : NULL, &err))
        pk_die_err(&err);
    pk_progress_stage(NULL);
    if (report) {
        if (pk_clean_report(c, rout.f, name))
            pk_die(PK_EXIT_DATA, "%s: write error", report);
        pk_out_commit_or_die(&rout);
    }
    if (excluded)
        pk_out_commit_or_die(&xout);
    pk_out_commit_or_die(&out);
    /* A number between two bands (an age of 24.5 when bands are whole
     * years) is kept but left without a band: say so. */
    pk_clean_stats_get(c, &st);
    for (size_t i = 0; i < st.nvars; i++) {
        long line = st.vars[i].noband_line, k = st.vars[i].noband;
        const pk_codebook_var *v = pk_codebook_var_at(cb, i);
        if (k)
            pk_msg("warning: %s:%ld:%s: %ld value%s of %s fall%s in no band of %s (the first on this "
                   "line); %s left empty", name, line, pk_codebook_band_source(cb, v)->source, k,
                   k == 1 ? "" : "s", v->source, k == 1 ? "s" : "", v->name,
                   k == 1 ? "its band is" : "their bands are");
    }
    warn_weighted(&st, name);
    if (!pk_quiet())
        summary(&st, cb, name);
    pk_clean_free(c);
    pk_codebook_free(cb);
    return pk_finish(PK_EXIT_OK);
}
