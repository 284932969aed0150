/* pollclaim: check cited polling claims against a support table and print,
 * per claim and per proposal x group, the estimate, its interval, a verdict
 * (HOLDS, FAILS, TOO CLOSE TO CALL, MISLEADING) and a sentence a journalist
 * can print. The claim language, the evaluation and the output are in
 * tools/lib/claim*.c; this is options, files and exit statuses. */
#include <errno.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "claim.h"
#include "cli.h"
#include "csvio.h"
#include "options.h"
#include "support_table.h"

static const char usage[] =
    "Usage: pollclaim [--claims FILE] [--claim TEXT]... [OPTION]... [INPUT]...\n"
    "Check claims about a poll against a support table (pollsupport's output, or a\n"
    "pollster's published table typed in) and give each a verdict: HOLDS (the whole\n"
    "interval is on the claim's side), FAILS (the whole interval is on the other\n"
    "side), TOO CLOSE TO CALL, or MISLEADING (a share claimed above a threshold\n"
    "that is not above it, p <= threshold, but is once the don't-know answers are\n"
    "dropped from the base). Output: one row per claim, then per group and per\n"
    "proposal x group, each with the estimate, its interval, the verdict and a\n"
    "sentence to print, in the table's own labels.\n"
    "\n";

static const char help_language[] =
    "Claim language (keywords in any case):\n"
    "  CLAIM     := THRESHOLD [of] [GROUPS] RESPONSE PROPOSALS\n"
    "             | GROUP [are] (more|less) likely than GROUP to RESPONSE PROPOSALS\n"
    "             | more RESPONSE than RESPONSE PROPOSALS [among GROUPS]\n"
    "               (the net score when they are the two sides, e.g. 'more support\n"
    "               than oppose', 'more agree than disagree')\n"
    "             | RESPONSE for QUESTION [among GROUP] [has] CHANGE since WAVE\n"
    "             | RESPONSE for QUESTION [among GROUP] is unchanged since WAVE,\n"
    "               within N points\n"
    "             | GROUP [are] (more|less) likely than in WAVE to RESPONSE QUESTION\n"
    "  CHANGE    := (fallen|fell|dropped|declined|gone down | risen|rose|grown|\n"
    "               increased|gone up) [by at least N points]\n"
    "  WAVE      := a wave of the table by its code or label, or the first words\n"
    "               of one label ('june' for 'June 2026')\n"
    "             | [the] (average|mean) [rating|score] (of|on|for) PROPOSALS\n"
    "               [among GROUPS] [is|was] SIDE N\n"
    "             | GROUP (rate|rates|score|scores) PROPOSALS (higher|lower) than\n"
    "               GROUP [do]\n"
    "               (mean scores: the question's mean rows, response_kind mean)\n"
    "  SIDE      := above | over | more than | higher than | at least\n"
    "             | below | under | less than | lower than | at most\n"
    "  THRESHOLD := [a] majority | most | a minority (50%)\n"
    "             | (more than|over|at least) AMOUNT\n"
    "             | (fewer than|less than|under|at most|no more than) AMOUNT\n"
    "  AMOUNT    := N% | half | a third | two thirds | a quarter | three quarters\n"
    "  RESPONSE  := a response or net by its code or label, any case ('agree',\n"
    "               'Total agree', 'dont_know', 'Likely (6-10)'), after words that\n"
    "               say how it was given ('say yes', 'would vote Rejoin'); or a verb\n"
    "               of taking a side ('support', 'back', 'favour' / 'oppose',\n"
    "               'reject'):\n"
    "               the question's positive / negative net (response_kind)\n"
    "  PROPOSALS := QUESTION | (all|each|most|many|any|at least K) of LIST\n"
    "  LIST      := * | the proposals | QUESTION, QUESTION...\n"
    "  QUESTION  := its code (any case); its number in the table's order ('Q3',\n"
    "               '3'); or words of its label joined by _ or - that only one\n"
    "               question's label holds ('visa_penalties', 'families')\n"
    "  GROUPS    := GROUP, GROUP... (or 'and'): each group separately\n"
    "  GROUP     := its code, BY=CODE or label ('Reform UK voters', 'Labour':\n"
    "               a trailing 'voters' is ignored) | CODE+CODE (the table's\n"
    "               combined group of those)\n"
    "'most' of the proposals is more than half; 'many' is a third or more, at least\n"
    "2 (3 of 7). No group: all respondents. A name that fits several groups or\n"
    "responses is an error listing them. Two groups can be compared only when they\n"
    "are disjoint groups of one --by column. A comparison's rows give both groups'\n"
    "bases: n (the first group's) and versus_n (the other's); its interval's t has\n"
    "the smaller of the two groups' df (the table's df column, else n - 1): with\n"
    "no degrees of freedom on either side (one respondent; with a design, one PSU)\n"
    "there is no interval (TOO CLOSE TO CALL). A comparison HOLDS exactly when\n"
    "pollsupport's significance letters letter the pair: one test serves both.\n"
    "\n"
    "Verdicts of a share claimed above a threshold T, with p the estimate and p'\n"
    "the estimate among those with a view (the response_kind dont_know rows\n"
    "dropped): HOLDS when the interval is above T; MISLEADING when p <= T < p';\n"
    "FAILS when the interval is below T and p' <= T; else TOO CLOSE TO CALL. Below\n"
    "T: HOLDS when the interval is below, FAILS when above, else TOO CLOSE. Over\n"
    "several proposals (clear = HOLDS, plausible = neither FAILS nor MISLEADING):\n"
    "HOLDS when clear >= needed; MISLEADING when plausible < needed <= plausible +\n"
    "misleading; FAILS when plausible + misleading < needed; else TOO CLOSE. Several\n"
    "groups: the worst verdict (FAILS, MISLEADING, TOO CLOSE TO CALL, HOLDS).\n"
    "\n"
    ;

static const char help_means[] =
    "Mean scores (a 0-10 rating, a scored scale, pollsupport --means): a mean\n"
    "above N HOLDS when its whole interval is above N, FAILS when wholly at or\n"
    "below N, else TOO CLOSE TO CALL (below N likewise). Two groups' means are\n"
    "compared as shares are, by the letters' test. The estimate, interval and\n"
    "threshold columns are then in the scale's own units, not proportions.\n"
    "\n";

static const char help_change[] =
    "Claims about change compare the table's latest wave with WAVE (the tables of\n"
    "several waves: pollsupport --waves, or polltable --wave for each published\n"
    "table, given together). The change and its interval are the table's change\n"
    "row (a panel's correlation included, with pollsupport --psu ID); between\n"
    "tables without one, the waves' own rows as separate samples, d -+ z\n"
    "sqrt(se1^2 + se2^2), and the sentence says so. Fallen (risen) HOLDS when the\n"
    "whole interval is below (above) zero, or beyond N points with 'by at least N\n"
    "points'; FAILS when it is wholly on the other side of zero, or of N; else TOO\n"
    "CLOSE TO CALL. 'unchanged since W, within N points' HOLDS when the interval\n"
    "lies within -N..N and FAILS when wholly outside; 'unchanged' without N is\n"
    "refused: no poll shows that nothing changed, only that any change was small.\n"
    "\n"
    ;

static const char help_examples[] =
    "Examples:\n"
    "  pollclaim --claim 'majority of lab,grn support many of *' --format table \\\n"
    "      support.csv\n"
    "  pollclaim --claim 'grn less likely than lab to support q_settle_20y' s.csv\n"
    "  pollclaim --claim 'most Reform UK voters agree q_fourday' panel.csv\n"
    "  pollclaim --claim 'Labour voters rate q_trust higher than Conservative voters'\n"
    "      s.csv\n"
    "  pollclaim --claim 'the average rating of q_trust among lab is above 5' s.csv\n"
    "  pollclaim --claims claims.txt --strict support.csv\n"
    "  pollclaim --claim 'support for q_cap among lab has fallen since june' w.csv\n"
    "  pollclaim --claim 'rejoin for q5 has fallen by at least 3 points since june' \\\n"
    "      june.csv november.csv\n"
    "\n"
    "Exit status: 0 every claim evaluated; 1 bad data, an unknown question, group\n"
    "or response, a claims file line that does not parse, or I/O failure; 2 bad\n"
    "usage or a --claim that does not parse; 3 with --strict, when a claim FAILS\n"
    "or is MISLEADING.\n";

/* The claims file, opened here so that its open error reads as every
 * program's does; the library reads and parses it. */
static void read_claims_file(const char *path, pk_claim_list *cs)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
    if (!f)
        pk_die(PK_EXIT_DATA, "%s: %s", path, strerror(errno));
    pk_err e;
    pk_err_clear(&e);
    if (pk_claim_file_read(f, f == stdin ? "<stdin>" : path, cs, &e) != 0)
        pk_die_err(&e);
    if (f != stdin)
        fclose(f);
}

enum { OPT_CLAIMS = PK_OPT_FIRST, OPT_CLAIM, OPT_STRICT, OPT_FORMAT, OPT_DEFF, OPT_LEVEL, OPT_TSV, OPT_NAMES,
       OPT_WORDING };

static const pk_choice wordings[] = {
    {"plain", 0},
    {"methods", 1},
    {NULL, 0},
};

static const pk_choice formats[] = {
    {"csv", PK_CLAIM_CSV},
    {"table", PK_CLAIM_TABLE},
    {NULL, 0},
};

static const pk_opt opts[] = {
    {"claims", 0, OPT_CLAIMS, PK_ARG_INPUT, "FILE",
     "claims, one a line: ID: \"the article's words\" => CLAIM (blank lines and lines starting with # are "
     "skipped)", NULL, 0, "a claims file (text, one claim a line)"},
    {"claim", 0, OPT_CLAIM, PK_ARG_TEXT, "TEXT", "a claim: [ID:] [\"words\" =>] CLAIM (repeatable)", NULL, 0,
     NULL},
    {"strict", 0, OPT_STRICT, PK_ARG_NONE, NULL, "exit 3 when any claim FAILS or is MISLEADING", NULL, 0, NULL},
    {"names", 0, OPT_NAMES, PK_ARG_NONE, NULL,
     "list the table's questions (number, code, label, responses) and groups, the names a claim may use, "
     "instead of checking claims", NULL, 0, NULL},
    {"wording", 0, OPT_WORDING, PK_ARG_CHOICE, "W",
     "plain (default): sentences to print as they are, figures rounded as newspapers round "
     "them, 'margin of error'; methods: the exact intervals ('95% CI 57-67%'), for a methods "
     "box; the verdicts are the same", wordings, 0, NULL},
    {"format", 0, OPT_FORMAT, PK_ARG_CHOICE, "F", "csv (default) or table (for reading in a terminal)",
     formats, 0, NULL},
    {"deff", 0, OPT_DEFF, PK_ARG_NUMBER, "D",
     "design effect for rows without se, and for rows whose deff_source is 'assumed' (polltable without "
     "one): se = sqrt(D p(1-p)/n) (default: the row's deff_kish, else 1, which every sentence then says)",
     NULL, 0, NULL},
    {"level", 0, OPT_LEVEL, PK_ARG_NUMBER, "L",
     "interval level, e.g. 0.9 (default: the table's, else 0.95); intervals missing or at another level "
     "are recomputed from se by the table's ci_method (logit when none is stated)", NULL, 0, NULL},
    PK_OPTION_OUTPUT("write to FILE (atomically) instead of standard output"),
    PK_OPTION_TSV(OPT_TSV, "read and write tab-separated values"),
    PK_OPTION_END,
};

static const pk_opt_table options = {
    {usage}, opts, {help_language, help_means, help_change, help_examples},
    PK_OPERAND_INPUT(0, "a support table (CSV, as pollsupport or polltable write it)"),
    "accepted for uniformity: pollclaim prints only errors",
};

/* The names a claim may use, as the table has them: each question's
 * number, code and label with its responses (code, label, kind), then the
 * groups of each --by column. */
static void print_names(const pk_support_table *t, FILE *f)
{
    fprintf(f, "Questions (a claim names one by its code, its number or words of its label):\n");
    const char **seen = NULL;
    size_t cap = 0;
    for (size_t q = 0; q < t->nquestions; q++) {
        fprintf(f, "  Q%zu  %s  %s\n      responses:", q + 1, t->questions[q],
                t->question_labels && t->question_labels[q] ? t->question_labels[q] : "");
        size_t n = 0;
        for (size_t i = pk_support_table_question_first(t, q); i != SIZE_MAX;
             i = pk_support_table_question_next(t, i)) {
            const pk_support_table_row *r = &t->rows[i];
            int dup = 0;
            for (size_t k = 0; k < n && !dup; k++)
                dup = strcmp(seen[k], r->response) == 0;
            if (dup)
                continue;
            if (pk_util_grow((void **)&seen, &cap, n + 1, sizeof *seen))
                pk_die(PK_EXIT_DATA, "out of memory");
            seen[n++] = r->response;
            fprintf(f, "%s %s", n > 1 ? "," : "", r->response);
            if (strcmp(r->response_label, r->response) != 0)
                fprintf(f, " '%s'", r->response_label);
            fprintf(f, " (%s)", r->response_kind);
        }
        fputc('\n', f);
    }
    free(seen);
    fprintf(f, "Groups (a claim names one by its code, BY=CODE or its label):\n");
    const char *by = NULL;
    for (size_t g = 0; g < t->ngroups; g++) {
        const pk_support_table_group *gr = &t->groups[g];
        if (!by || strcmp(by, gr->by) != 0) {
            by = gr->by;
            fprintf(f, "  %s:\n", by[0] ? by : "(no --by column)");
        }
        fprintf(f, "    %s", gr->group);
        if (gr->label && strcmp(gr->label, gr->group) != 0)
            fprintf(f, " '%s'", gr->label);
        fputc('\n', f);
    }
}

int main(int argc, char **argv)
{
    pk_cli_init("pollclaim");
    const char *claims_path = NULL, *out_path = NULL;
    const char **texts = calloc((size_t)argc + 1, sizeof *texts);
    size_t ntexts = 0;
    int strict = 0, names = 0;
    char delim = ',';
    pk_claim_format fmt = PK_CLAIM_CSV;
    pk_claim_opts claim_opts = {0, 0, 0};
    if (!texts)
        pk_die(PK_EXIT_DATA, "out of memory");
    int ch;
    while ((ch = pk_opt_next(argc, argv, &options)) != -1) {
        switch (ch) {
        case OPT_CLAIMS: claims_path = optarg; break;
        case OPT_CLAIM: texts[ntexts++] = optarg; break;
        case OPT_STRICT: strict = 1; break;
        case OPT_NAMES: names = 1; break;
        case OPT_FORMAT: fmt = (pk_claim_format)pk_opt_choice("--format", optarg, formats); break;
        case OPT_WORDING: claim_opts.methods = pk_opt_choice("--wording", optarg, wordings); break;
        case OPT_DEFF: claim_opts.deff = pk_opt_double("--deff", optarg, 1e-6, 1e6); break;
        case OPT_LEVEL: claim_opts.level = pk_opt_double("--level", optarg, 0.5, 0.9999); break;
        case OPT_TSV: delim = '\t'; break;
        case 'o': out_path = optarg; break;
        default: abort();   /* pk_opt_next returns only the table's options */
        }
    }
    size_t ninputs;
    const char *const *inputs = pk_opt_inputs(argc, argv, &ninputs);
    if (names && (claims_path || ntexts))
        pk_usage_error("--names lists the table's names; give it without --claim or --claims");
    if (!names && !claims_path && ntexts == 0)
        pk_usage_error("no claim to check: give --claims FILE or --claim TEXT (or --names to see the names "
                       "a claim may use)");

    /* Parse every claim before reading the table: a typo costs nothing. */
    pk_claim_list cs = {0};
    for (size_t i = 0; i < ntexts; i++) {
        char id[32];
        snprintf(id, sizeof id, "claim%zu", i + 1);
        pk_err e;
        pk_err_clear(&e);
        if (pk_claim_list_parse(&cs, texts[i], 0, id, "--claim", (long)(i + 1), &e) == PK_ERR_NOMEM)
            pk_die_err(&e);
        else if (e.status)
            pk_usage_error("%s", e.msg);
    }
    if (claims_path)
        read_claims_file(claims_path, &cs);
    pk_err e;
    pk_err_clear(&e);
    if (pk_claim_list_check_ids(&cs, &e) != 0)
        pk_die_err(&e);

    pk_support_table t;
    if (pk_support_table_load_many(inputs, ninputs, delim, &t, &e) != 0)
        pk_die_err(&e);
    int one_wave = 0;
    for (size_t i = 0; i < cs.n; i++)
        one_wave |= cs.v[i].kind != PK_CLAIM_TREND;
    if (t.nwaves > 1 && one_wave)
        pk_note("the table holds %zu waves: a claim that names none is judged on the latest, %s",
                t.nwaves, t.waves[t.nwaves - 1].label);

    if (names) {
        pk_out out;
        pk_out_open_or_die(&out, out_path);
        print_names(&t, out.f);
        pk_out_commit_or_die(&out);
        pk_support_table_free(&t);
        free(texts);
        return pk_finish(PK_EXIT_OK);
    }

    pk_claim_result res = {0};
    for (size_t i = 0; i < cs.n; i++)
        if (pk_claim_eval(&cs.v[i], &t, &claim_opts, &res, &e) != 0)
            pk_die_err(&e);

    pk_out out;
    pk_out_open_or_die(&out, out_path);
    pk_claim_write(&res, fmt, delim, out.f);
    pk_out_commit_or_die(&out);

    int status = PK_EXIT_OK;
    for (size_t i = 0; i < res.nrows; i++)
        if (res.rows[i].kind == PK_CLAIM_ROW_CLAIM &&
            (res.rows[i].verdict == PK_CLAIM_FAILS || res.rows[i].verdict == PK_CLAIM_MISLEADING))
            status = strict ? PK_EXIT_CLAIM_FAILED : status;
    pk_claim_result_free(&res);
    pk_support_table_free(&t);
    pk_claim_list_free(&cs);
    free(texts);
    return pk_finish(status);
}
