/* The option layer; see options.h. getopt_long's own messages are turned
 * off (opterr = 0): they carry the path the program was run by and differ
 * between C libraries. Its error returns are turned into one message form
 * here instead.
 *
 * Hidden options are not in the table getopt_long sees, so they can never
 * take part in its matching of abbreviations: typed in full, one is an
 * "unknown option" to getopt_long, and is recognised here, with its value
 * taken as getopt_long takes a value (the next element, or after '='). */
#include "options.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "csvio.h"
#include "estimate.h"
#include "input.h"
#include "number.h"
#include "support_table.h"
#include "xlsx.h"

/* Below PK_OPT_FIRST, above any letter: no program uses these values. */
enum { OPT_HELP = PK_OPT_FIRST - 8, OPT_VERSION, OPT_LIST_OPTIONS, OPT_LIST_COLUMNS, OPT_LIST_QUESTIONS,
       OPT_LIST_GROUPS };

static const pk_opt common_opts[] = {
    {"quiet", 'q', 'q', PK_ARG_NONE, NULL, "no summary or notes on standard error", NULL, 0, NULL},
    {"help", 'h', OPT_HELP, PK_ARG_NONE, NULL, "display this help and exit", NULL, 0, NULL},
    {"version", 0, OPT_VERSION, PK_ARG_NONE, NULL, "output version information and exit", NULL, 0, NULL},
    PK_OPTION_END,
};

/* For bash completion (tools/completion/pollkit.bash): the option table,
 * and the names in a file as the program reads them, each followed by a
 * NUL byte (a name may hold any character but NUL). */
static const pk_opt hidden_opts[] = {
    {"list-options", 0, OPT_LIST_OPTIONS, PK_ARG_NONE, NULL,
     "print the option table, one option a line (for completion)", NULL, PK_OPT_HIDDEN, NULL},
    {"list-columns", 0, OPT_LIST_COLUMNS, PK_ARG_INPUT, "FILE",
     "print FILE's column names (CSV, TSV with --tsv, SPSS, Stata), NUL-terminated", NULL, PK_OPT_HIDDEN,
     NULL},
    {"list-questions", 0, OPT_LIST_QUESTIONS, PK_ARG_INPUT, "FILE",
     "print the question codes of the support table FILE, NUL-terminated", NULL, PK_OPT_HIDDEN, NULL},
    {"list-groups", 0, OPT_LIST_GROUPS, PK_ARG_INPUT, "FILE",
     "print the group names of the support table FILE, NUL-terminated", NULL, PK_OPT_HIDDEN, NULL},
    PK_OPTION_END,
};

/* The parse under way: the table, getopt_long's table made from it, and
 * what the options said about files. */
#define MAX_OPTS 64
static const pk_opt_table *table;
static struct option *merged;
static char *merged_short;
static const char *file_value[MAX_OPTS];   /* by index in table->opts */
static char file_typed[MAX_OPTS][3];       /* "-o" when typed short, else "" */
static int tsv;
static const pk_opt *hidden_asked;
static const char *hidden_value;
static int saved_argc;
static char **saved_argv;

static size_t count_opts(const pk_opt *o)
{
    size_t n = 0;
    while (o && o[n].name)
        n++;
    return n;
}

static void merge(const pk_opt_table *t)
{
    size_t n = count_opts(t->opts), nc = count_opts(common_opts);
    if (n > MAX_OPTS)
        pk_die(PK_EXIT_DATA, "too many options");
    merged = calloc(n + nc + 1, sizeof *merged);
    /* ':' first: a missing value is reported as ':', not '?'. */
    merged_short = malloc(2 * (n + nc) + 2);
    if (!merged || !merged_short)
        pk_die(PK_EXIT_DATA, "out of memory");
    size_t m = 0, s = 0;
    merged_short[s++] = ':';
    for (size_t k = 0; k < 2; k++) {
        const pk_opt *o = k == 0 ? t->opts : common_opts;
        for (size_t i = 0; o && o[i].name; i++) {
            if (o[i].flags & PK_OPT_HIDDEN)
                continue;
            int has_arg = o[i].kind == PK_ARG_NONE ? no_argument : required_argument;
            merged[m++] = (struct option){o[i].name, has_arg, NULL, o[i].id};
            if (o[i].letter) {
                merged_short[s++] = (char)o[i].letter;
                if (has_arg)
                    merged_short[s++] = ':';
            }
        }
    }
    merged_short[s] = '\0';
}

/* Elements of argv rewritten by yield_prefix: option values point into
 * them (--s=0.9), so they live as long as argv. */
static char *rewritten[MAX_OPTS];
static size_t nrewritten;

static void unmerge(void)
{
    free(merged);
    free(merged_short);
    merged = NULL;
    merged_short = NULL;
}

/* The name of a long option as typed, without any "=VALUE". */
static void typed_name(const char *tok, char *buf, size_t size)
{
    size_t len = strcspn(tok, "=");
    if (len >= size)
        len = size - 1;
    memcpy(buf, tok, len);
    buf[len] = '\0';
}

/* How many long options start with the typed name (after "--"); the first
 * in *first. An exact match counts alone. */
static size_t matches(const char *name, const struct option **first)
{
    size_t len = strlen(name), n = 0;
    *first = NULL;
    for (const struct option *o = merged; o->name; o++) {
        if (strncmp(o->name, name, len) != 0)
            continue;
        if (strlen(o->name) == len) {
            *first = o;
            return 1;
        }
        if (!*first)
            *first = o;
        n++;
    }
    return n;
}

static noreturn void ambiguous(const char *name)
{
    char list[1024];
    size_t len = strlen(name), used = 0;
    list[0] = '\0';
    for (const struct option *o = merged; o->name; o++)
        if (strncmp(o->name, name, len) == 0)
            used += (size_t)snprintf(list + used, used < sizeof list ? sizeof list - used : 0, "%s--%s",
                                     used ? ", " : "", o->name);
    pk_usage_error("option '--%s' is ambiguous: %s", name, list);
}

/* PK_OPT_YIELD: the long option getopt_long is about to read (the first
 * element from optind that starts with '-': getopt_long moves the operands
 * before it out of the way, and an option's value has been taken with its
 * option) is a prefix shared by exactly one option without the flag and
 * some with it: it is rewritten to that option's whole name, which
 * getopt_long then takes as an exact match. */
static void yield_prefix(const pk_opt_table *t, int argc, char **argv)
{
    int k = optind > 0 ? optind : 1;
    while (k < argc && (argv[k][0] != '-' || argv[k][1] == '\0'))
        k++;
    if (k >= argc || strncmp(argv[k], "--", 2) != 0 || argv[k][2] == '\0' ||
        nrewritten == MAX_OPTS)
        return;
    char name[256];
    typed_name(argv[k] + 2, name, sizeof name);
    size_t len = strlen(name), nolder = 0, nyield = 0;
    const pk_opt *older = NULL;
    for (size_t j = 0; j < 2; j++)
        for (const pk_opt *o = j == 0 ? t->opts : common_opts; o && o->name; o++) {
            if ((o->flags & PK_OPT_HIDDEN) || strncmp(o->name, name, len) != 0)
                continue;
            if (strlen(o->name) == len)
                return;
            if (o->flags & PK_OPT_YIELD) {
                nyield++;
            } else {
                older = o;
                nolder++;
            }
        }
    if (nolder != 1 || nyield == 0)
        return;
    const char *rest = argv[k] + 2 + strcspn(argv[k] + 2, "=");
    char *whole = malloc(strlen(older->name) + strlen(rest) + 3);
    if (!whole)
        pk_die(PK_EXIT_DATA, "out of memory");
    sprintf(whole, "--%s%s", older->name, rest);
    rewritten[nrewritten++] = whole;
    argv[k] = whole;
}

/* A hidden option typed in full (tok is the element after "--"), with its
 * value taken as getopt_long takes one; 0 when tok names none. */
static int take_hidden(const char *tok, int argc, char **argv)
{
    char name[256];
    typed_name(tok, name, sizeof name);
    for (const pk_opt *h = hidden_opts; h->name; h++) {
        if (strcmp(h->name, name) != 0)
            continue;
        const char *eq = strchr(tok, '=');
        if (h->kind == PK_ARG_NONE && eq)
            pk_usage_error("option '--%s' takes no argument", h->name);
        if (h->kind != PK_ARG_NONE && !eq && optind >= argc)
            pk_usage_error("option '--%s' requires an argument", h->name);
        hidden_asked = h;
        hidden_value = h->kind == PK_ARG_NONE ? NULL : eq ? eq + 1 : argv[optind++];
        return 1;
    }
    return 0;
}

/* getopt_long returned '?' or ':' for the element before optind (a long
 * option: glibc moves past it) or for the letter optopt. */
static noreturn void option_error(int c, char **argv)
{
    const char *tok = optind > 0 ? argv[optind - 1] : "";
    int is_long = strncmp(tok, "--", 2) == 0 && tok[2] != '\0';
    if (!is_long) {
        if (c == ':')
            pk_usage_error("option '-%c' requires an argument", optopt);
        pk_usage_error("unknown option '-%c'", optopt);
    }
    char name[256];
    typed_name(tok + 2, name, sizeof name);
    const struct option *o;
    size_t n = matches(name, &o);
    if (n > 1)
        ambiguous(name);
    if (n == 0)
        pk_usage_error("unknown option '--%s'", name);
    if (c == ':')
        pk_usage_error("option '--%s' requires an argument", o->name);
    pk_usage_error("option '--%s' takes no argument", o->name);
}

/* --- --help, made from the table --------------------------------------- */

#define HELP_WIDTH 79

/* "  -o, --output FILE" or "      --tsv". */
static size_t opt_spec(const pk_opt *o, char *buf, size_t size)
{
    int n;
    if (o->letter)
        n = snprintf(buf, size, "  -%c, --%s%s%s", o->letter, o->name, o->arg ? " " : "", o->arg ? o->arg : "");
    else
        n = snprintf(buf, size, "      --%s%s%s", o->name, o->arg ? " " : "", o->arg ? o->arg : "");
    return n < 0 ? 0 : (size_t)n < size ? (size_t)n : size - 1;
}

/* text from column col (already reached) to HELP_WIDTH, word by word; a
 * '\n' in text starts a new line. */
static void put_wrapped(const char *text, size_t col)
{
    size_t at = col;
    int line_empty = 1;
    const char *p = text;
    while (*p) {
        if (*p == '\n') {
            printf("\n%*s", (int)col, "");
            at = col;
            line_empty = 1;
            p++;
            continue;
        }
        if (*p == ' ') {
            p++;
            continue;
        }
        size_t w = strcspn(p, " \n");
        if (!line_empty && at + 1 + w > HELP_WIDTH) {
            printf("\n%*s", (int)col, "");
            at = col;
            line_empty = 1;
        }
        if (!line_empty) {
            putchar(' ');
            at++;
        }
        fwrite(p, 1, w, stdout);
        at += w;
        line_empty = 0;
        p += w;
    }
    putchar('\n');
}

static void put_option(const pk_opt *o, size_t col)
{
    char spec[256];
    size_t len = opt_spec(o, spec, sizeof spec);
    fputs(spec, stdout);
    if (len + 2 > col)
        printf("\n%*s", (int)col, "");
    else
        printf("%*s", (int)(col - len), "");
    put_wrapped(o->help ? o->help : "", col);
}

static noreturn void print_help(const pk_opt_table *t)
{
    for (size_t i = 0; i < sizeof t->before / sizeof t->before[0] && t->before[i]; i++)
        fputs(t->before[i], stdout);
    /* The help column: after the longest option, within limits; a longer
     * option has its help on the next line. */
    size_t col = 20;
    char spec[256];
    for (size_t k = 0; k < 2; k++)
        for (const pk_opt *o = k == 0 ? t->opts : common_opts; o && o->name; o++) {
            size_t len = opt_spec(o, spec, sizeof spec) + 2;
            if (!(o->flags & PK_OPT_HIDDEN) && len > col && len <= 30)
                col = len;
        }
    fputs("Options:\n", stdout);
    for (const pk_opt *o = t->opts; o && o->name; o++)
        if (!(o->flags & PK_OPT_HIDDEN))
            put_option(o, col);
    for (const pk_opt *o = common_opts; o->name; o++) {
        pk_opt c = *o;
        if (c.id == 'q' && t->quiet)
            c.help = t->quiet;
        put_option(&c, col);
    }
    for (size_t i = 0; i < sizeof t->after / sizeof t->after[0] && t->after[i]; i++) {
        if (i == 0)
            putchar('\n');
        fputs(t->after[i], stdout);
    }
    /* The manual pages are where a reader goes next. The documentation
     * directory is not compiled in: `cmake --install --prefix` may move it
     * after the build, so pollkit(7) says where it is. */
    printf("\nSee man %s, and man 7 pollkit for the formulas (methods.md).\n", pk_prog());
    pk_print_help("");
}

/* --- the hidden options -------------------------------------------------- */

static const char *const kind_names[] = {"none", "choice", "input", "output", "column", "question", "group",
                                         "number", "text"};

static void list_option(const pk_opt *o)
{
    static const struct {
        unsigned flag;
        const char *name;
    } flags[] = {{PK_OPT_HIDDEN, "hidden"}, {PK_OPT_LIST, "list"}, {PK_OPT_STDOUT, "stdout"},
                 {PK_OPT_TSV, "tsv"}, {PK_OPT_STATFILE, "statfile"}, {PK_OPT_YIELD, "yield"}};
    printf("%s\t%c\t%s\t", o->name, o->letter ? o->letter : '-', kind_names[o->kind]);
    int any = 0;
    for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++)
        if (o->flags & flags[i].flag)
            printf("%s%s", any++ ? "," : "", flags[i].name);
    fputs(any ? "\t" : "-\t", stdout);
    for (const pk_choice *c = o->choices; c && c->name; c++)
        printf("%s%s", c == o->choices ? "" : " ", c->name);
    fputs(o->choices ? "\n" : "-\n", stdout);
}

/* One line per option, tab-separated: long name, short letter (or -),
 * kind of value, flags (or -), choices separated by spaces (or -); the
 * operand last, named "-". */
static void list_options(const pk_opt_table *t)
{
    for (size_t k = 0; k < 3; k++)
        for (const pk_opt *o = k == 0 ? t->opts : k == 1 ? common_opts : hidden_opts; o && o->name; o++)
            list_option(o);
    if (t->operand.kind != PK_ARG_NONE) {
        pk_opt op = t->operand;
        op.name = "-";
        list_option(&op);
    }
}

static void put_name(const char *s)
{
    fwrite(s, 1, strlen(s) + 1, stdout);
}

/* The column names, read by the input layer as the programs read them. */
static void list_columns(const char *path)
{
    pk_err err;
    pk_err_clear(&err);
    pk_input *in = pk_input_open_path(path, tsv ? '\t' : ',', &err);
    if (!in)
        pk_die_err(&err);
    for (size_t i = 0; i < pk_input_ncols(in); i++)
        put_name(pk_input_colname(in, i));
    pk_input_close(in);
}

static int by_group_code(const void *a, const void *b)
{
    const pk_support_table_group *x = *(const pk_support_table_group *const *)a;
    const pk_support_table_group *y = *(const pk_support_table_group *const *)b;
    int c = strcmp(x->group, y->group);
    return c ? c : strcmp(x->by, y->by);
}

/* Question codes or group names of a support table, as pollplot and
 * pollclaim read it. A group is offered by its code, or as BY=CODE when
 * groups of several --by columns share the code. */
static void list_table(const char *path, int groups)
{
    pk_err err;
    pk_err_clear(&err);
    pk_csv_reader *r = pk_csv_reader_open(path, tsv ? '\t' : ',', &err);
    pk_support_table t;
    if (!r || pk_support_table_read(r, &t, &err) != 0)
        pk_die_err(&err);
    pk_csv_reader_close(r);
    if (!groups) {
        for (size_t i = 0; i < t.nquestions; i++)
            put_name(t.questions[i]);
        pk_support_table_free(&t);
        return;
    }
    const pk_support_table_group **g = malloc((t.ngroups ? t.ngroups : 1) * sizeof *g);
    if (!g)
        pk_die(PK_EXIT_DATA, "out of memory");
    for (size_t i = 0; i < t.ngroups; i++)
        g[i] = &t.groups[i];
    qsort(g, t.ngroups, sizeof *g, by_group_code);
    for (size_t i = 0; i < t.ngroups; i++) {
        int shared = (i > 0 && strcmp(g[i - 1]->group, g[i]->group) == 0) ||
                     (i + 1 < t.ngroups && strcmp(g[i + 1]->group, g[i]->group) == 0);
        if (shared && g[i]->by[0]) {
            fputs(g[i]->by, stdout);
            putchar('=');
        }
        put_name(g[i]->group);
    }
    free(g);
    pk_support_table_free(&t);
}

static noreturn void run_hidden(const pk_opt_table *t)
{
    switch (hidden_asked->id) {
    case OPT_LIST_OPTIONS:
        list_options(t);
        break;
    case OPT_LIST_COLUMNS:
        list_columns(hidden_value);
        break;
    default:
        list_table(hidden_value, hidden_asked->id == OPT_LIST_GROUPS);
        break;
    }
    unmerge();
    exit(pk_finish(PK_EXIT_OK));
}

/* --- files --------------------------------------------------------------- */

/* How an option is named in messages: as typed ("-o" or "--output"). */
static const char *file_label(size_t i, char *buf, size_t size)
{
    const pk_opt *o = &table->opts[i];
    if (file_typed[i][0])
        return file_typed[i];
    if (!file_value[i] && (o->flags & PK_OPT_STDOUT) && o->letter) {   /* not given: standard output */
        snprintf(buf, size, "-%c", o->letter);
        return buf;
    }
    snprintf(buf, size, "--%s", o->name);
    return buf;
}

/* A file that must be CSV, checked by its first bytes (read without moving
 * any file offset, so that standard input is left as it was): an SPSS,
 * Stata or spreadsheet file is named as what it is. */
static void check_not_binary(const char *label, const char *path, const pk_opt *o, int operand)
{
    if (!o->what || (o->flags & PK_OPT_STATFILE))
        return;
    int fd = STDIN_FILENO, own = 0;
    off_t at = 0;
    struct stat st;
    /* Only a regular file: opening a FIFO could wait for a writer. */
    if (strcmp(path, "-") == 0) {
        if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || (at = lseek(fd, 0, SEEK_CUR)) < 0)
            return;
    } else if (stat(path, &st) != 0 || !S_ISREG(st.st_mode) || (fd = open(path, O_RDONLY)) < 0) {
        return;   /* the program's own open reports what is wrong */
    } else {
        own = 1;
    }
    unsigned char head[16];
    ssize_t n = pread(fd, head, sizeof head, at);
    if (own)
        close(fd);
    if (n <= 0)
        return;
    const char *is;
    if (pk_csv_binary_kind(head, (size_t)n, &is) == PK_CSV_BINARY_NONE)
        return;
    /* A zip archive: the program opens it as a workbook and names what it
     * is if it is none (an .ods, say). */
    if ((o->flags & PK_OPT_WORKBOOK) && pk_xlsx_sniff(head, (size_t)n))
        return;
    const char *name = strcmp(path, "-") == 0 ? "<stdin>" : path;
    if (operand)
        pk_die(PK_EXIT_DATA, "%s is %s; %s reads %s as its input", name, is, pk_prog(), o->what);
    pk_die(PK_EXIT_DATA, "%s is %s; %s reads %s from %s", name, is, pk_prog(), o->what, label);
}

/* Every file the options name, checked as pk_opt_next promises; with
 * over_id >= 0, as if that option had been given as over_path. */
static void check_files(int over_id, const char *over_path)
{
    const pk_opt_table *t = table;
    int argc = saved_argc;
    char **argv = saved_argv;
    size_t n = count_opts(t->opts);
    pk_file in[MAX_OPTS + 1] = {{0}}, out[MAX_OPTS] = {{0}};
    size_t nin = 0, nout = 0;
    char labels[MAX_OPTS][64];
    /* In the table's order, but standard output's option (-o) first: it is
     * the output people think of. */
    size_t order[MAX_OPTS], m = 0;
    for (size_t i = 0; i < n; i++)
        if (t->opts[i].flags & PK_OPT_STDOUT)
            order[m++] = i;
    for (size_t i = 0; i < n; i++)
        if (!(t->opts[i].flags & PK_OPT_STDOUT))
            order[m++] = i;
    for (size_t k = 0; k < n; k++) {
        size_t i = order[k];
        const pk_opt *o = &t->opts[i];
        const char *path = o->id == over_id ? over_path : file_value[i];
        if (o->kind == PK_ARG_OUTPUT && !path && (o->flags & PK_OPT_STDOUT))
            path = "-";
        if (!path || (o->kind != PK_ARG_INPUT && o->kind != PK_ARG_OUTPUT))
            continue;
        const char *label = file_label(i, labels[i], sizeof labels[i]);
        if (o->kind == PK_ARG_INPUT)
            in[nin++] = (pk_file){label, path};
        else
            out[nout++] = (pk_file){label, path};
    }
    const char *operand = NULL;
    if (t->operand.kind == PK_ARG_INPUT) {
        operand = optind < argc ? argv[optind] : "-";
        in[nin++] = (pk_file){"the input", operand};
    }
    /* Standard input can be read once. */
    for (size_t i = 0; i < nin; i++)
        for (size_t j = i + 1; j < nin; j++)
            if (strcmp(in[i].path, "-") == 0 && strcmp(in[j].path, "-") == 0)
                pk_usage_error("%s - and %s%s cannot both be standard input", in[i].what, in[j].what,
                               operand && j == nin - 1 ? "" : " -");
    pk_check_files(in, nin, out, nout);
    /* What cannot be read or written at all. */
    for (size_t i = 0; i < nin; i++) {
        if (strcmp(in[i].path, "-") != 0 || !pk_stdin_closed())
            continue;
        if (operand && i == nin - 1)
            pk_die(PK_EXIT_DATA, "standard input is closed: there is no input to read (name an input file)");
        pk_die(PK_EXIT_DATA, "%s -: standard input is closed: there is nothing to read (name a file)",
               in[i].what);
    }
    for (size_t i = 0; i < nout; i++)
        if (strcmp(out[i].path, "-") == 0 && pk_stdout_closed())
            pk_die(PK_EXIT_DATA, "standard output is closed: there is nowhere to write %s (name a file: "
                   "%s FILE)", strcmp(out[i].what, "-o") == 0 ? "the output" : out[i].what, out[i].what);
    if (over_id >= 0)
        return;
    for (size_t i = 0; i < n; i++)
        if (t->opts[i].kind == PK_ARG_INPUT && file_value[i])
            check_not_binary(labels[i], file_value[i], &t->opts[i], 0);
    if (operand)
        check_not_binary("the input", operand, &t->operand, 1);
}

void pk_opt_check_default(int id, const char *path)
{
    check_files(id, path);
}

/* What an option just returned says about files and the dialect. */
static void note(int c, char **argv)
{
    for (size_t i = 0; table->opts && table->opts[i].name; i++) {
        const pk_opt *o = &table->opts[i];
        if (o->id != c)
            continue;
        if (o->flags & PK_OPT_TSV)
            tsv = 1;
        if (o->kind != PK_ARG_INPUT && o->kind != PK_ARG_OUTPUT)
            continue;
        file_value[i] = optarg;
        /* The element that named it: before its value, or holding it. */
        const char *tok = optind >= 2 && argv[optind - 1] == optarg ? argv[optind - 2] : argv[optind - 1];
        if (tok[0] == '-' && tok[1] != '-')
            snprintf(file_typed[i], sizeof file_typed[i], "-%c", o->letter);
        else
            file_typed[i][0] = '\0';
        return;
    }
}

int pk_opt_next(int argc, char **argv, const pk_opt_table *t)
{
    if (!merged) {
        table = t;
        saved_argc = argc;
        saved_argv = argv;
        merge(t);
        opterr = 0;
    }
    for (;;) {
        yield_prefix(t, argc, argv);
        int c = getopt_long(argc, argv, merged_short, merged, NULL);
        /* A short letter comes back as itself: the option's id may differ. */
        for (size_t k = 0; k < 2 && c > 0 && c < 128; k++)
            for (const pk_opt *o = k == 0 ? t->opts : common_opts; o && o->name; o++)
                if (o->letter == c && c != '?' && c != ':') {
                    c = o->id;
                    k = 2;
                    break;
                }
        switch (c) {
        case -1:
            unmerge();
            if (hidden_asked)
                run_hidden(t);
            check_files(-1, NULL);
            return -1;
        case '?': {
            const char *tok = optind > 0 ? argv[optind - 1] : "";
            if (strncmp(tok, "--", 2) == 0 && take_hidden(tok + 2, argc, argv))
                continue;
            option_error(c, argv);
        }
        case ':':
            option_error(c, argv);
        case 'q':
            pk_quiet_set(1);
            continue;
        case OPT_HELP:
            unmerge();
            print_help(t);
        case OPT_VERSION:
            unmerge();
            pk_print_version();
        default:
            note(c, argv);
            return c;
        }
    }
}

const char *pk_opt_input(int argc, char **argv)
{
    if (argc - optind > 1)
        pk_usage_error("extra operand '%s'", argv[optind + 1]);
    return optind < argc ? argv[optind] : NULL;
}

const char *const *pk_opt_inputs(int argc, char **argv, size_t *n)
{
    static const char *const stdin_only[] = {"-"};
    if (optind >= argc) {
        *n = 1;
        return stdin_only;
    }
    int dashes = 0;
    for (int i = optind; i < argc; i++)
        dashes += strcmp(argv[i], "-") == 0;
    if (dashes > 1)
        pk_usage_error("standard input ('-') given %d times: it can be read only once", dashes);
    *n = (size_t)(argc - optind);
    return (const char *const *)argv + optind;
}

void pk_opt_no_operands(int argc, char **argv)
{
    if (optind < argc)
        pk_usage_error("extra operand '%s'", argv[optind]);
}

const pk_choice pk_opt_ci_methods[] = {PK_ESTIMATE_CI_METHODS(PK_OPT_CHOICE) {NULL, 0}};

const char *pk_opt_choice_name(const pk_choice *choices, int value)
{
    for (; choices->name; choices++)
        if (choices->value == value)
            return choices->name;
    return "?";
}

int pk_opt_choice(const char *opt, const char *arg, const pk_choice *choices)
{
    size_t n = 0;
    for (; choices[n].name; n++)
        if (strcmp(choices[n].name, arg) == 0)
            return choices[n].value;
    char list[1024];
    size_t used = 0;
    list[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        const char *sep = i == 0 ? "" : i + 1 == n ? " or " : ", ";
        used += (size_t)snprintf(list + used, used < sizeof list ? sizeof list - used : 0, "%s%s", sep,
                                 choices[i].name);
    }
    pk_usage_error("%s: expected %s, got '%s'", opt, list, arg);
}

/* "must be from 0 to 1", "must be > 0", "must be > 0 and <= 1". */
static void range_text(char *buf, size_t size, double lo, double hi, unsigned open)
{
    char a[PK_NUMBER_BUFSIZE], b[PK_NUMBER_BUFSIZE];
    pk_number_format(a, lo, 10);
    pk_number_format(b, hi, 10);
    int has_lo = lo > -HUGE_VAL, has_hi = hi < HUGE_VAL;
    if (has_lo && has_hi && !open)
        snprintf(buf, size, "must be from %s to %s", a, b);
    else if (has_lo && has_hi)
        snprintf(buf, size, "must be %s %s and %s %s", open & PK_OPEN_LO ? ">" : ">=", a,
                 open & PK_OPEN_HI ? "<" : "<=", b);
    else if (has_lo)
        snprintf(buf, size, "must be %s %s", open & PK_OPEN_LO ? ">" : ">=", a);
    else
        snprintf(buf, size, "must be %s %s", open & PK_OPEN_HI ? "<" : "<=", b);
}

double pk_opt_number(const char *opt, const char *arg, double lo, double hi, unsigned open)
{
    double v;
    int bad = pk_number_parse(arg, &v);
    if (bad)
        pk_usage_error("%s: '%s' is %s", opt, arg, pk_number_problem(bad));
    if (v < lo || v > hi || (v == lo && (open & PK_OPEN_LO)) || (v == hi && (open & PK_OPEN_HI))) {
        char r[128];
        range_text(r, sizeof r, lo, hi, open);
        pk_usage_error("%s: %s is out of range (%s)", opt, arg, r);
    }
    return v;
}

double pk_opt_double(const char *opt, const char *arg, double lo, double hi)
{
    return pk_opt_number(opt, arg, lo, hi, 0);
}

long pk_opt_long(const char *opt, const char *arg, long lo, long hi)
{
    long v;
    if (pk_number_parse_long(arg, &v) != 0)
        pk_usage_error("%s: '%s' is not a whole number", opt, arg);
    if (v < lo || v > hi)
        pk_usage_error("%s: %s is out of range (must be from %ld to %ld)", opt, arg, lo, hi);
    return v;
}

void pk_opt_pair(const char *opt, const char *arg, double lo, double hi, double *a, double *b)
{
    const char *comma = strchr(arg, ',');
    if (!comma || strchr(comma + 1, ','))
        pk_usage_error("%s: expected LO,HI, got '%s'", opt, arg);
    char first[64];
    size_t n = (size_t)(comma - arg);
    if (n >= sizeof first)
        pk_usage_error("%s: expected LO,HI, got '%s'", opt, arg);
    memcpy(first, arg, n);
    first[n] = '\0';
    *a = pk_opt_double(opt, first, lo, hi);
    *b = pk_opt_double(opt, comma + 1, lo, hi);
    if (!(*a < *b))
        pk_usage_error("%s: LO must be less than HI, got '%s'", opt, arg);
}

void pk_opt_list(const char *opt, const char *arg, char sep, unsigned flags, pk_list *out)
{
    size_t cap = 2;
    for (const char *p = arg; *p; p++)
        cap += (*p == sep);
    char *copy = strdup(arg);
    char **v = malloc(cap * sizeof *v);
    if (!copy || !v)
        pk_die(PK_EXIT_DATA, "out of memory");
    size_t n = 0;
    char *start = copy;
    for (char *p = copy;; p++) {
        if (*p != sep && *p != '\0')
            continue;
        int end = (*p == '\0');
        *p = '\0';
        if (*start == '\0')
            pk_usage_error("%s: empty item in '%s'", opt, arg);
        if (flags & PK_LIST_UNIQUE)
            for (size_t j = 0; j < n; j++)
                if (strcmp(v[j], start) == 0)
                    pk_usage_error("%s: '%s' given twice", opt, start);
        v[n++] = start;
        start = p + 1;
        if (end)
            break;
    }
    v[n] = NULL;
    out->item = v;
    out->n = n;
}

void pk_list_free(pk_list *l)
{
    if (l->item) {
        free(l->item[0]);
        free(l->item);
    }
    l->item = NULL;
    l->n = 0;
}
