/* The option layer; see options.h. getopt_long's own messages are turned
 * off (opterr = 0): they carry the path the program was run by and differ
 * between C libraries. Its error returns are turned into one message form
 * here instead. */
#include "options.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "estimate.h"
#include "number.h"

/* Below PK_OPT_FIRST, above any letter: no program uses these values. */
enum { OPT_HELP = PK_OPT_FIRST - 2, OPT_VERSION };

static int quiet;

int pk_quiet(void)
{
    return quiet;
}

/* The program's table with --help, --version and --quiet added. */
static struct option *merged;
static char *merged_short;

static void merge(const pk_opt_table *t)
{
    static const struct option common[] = {
        {"help", no_argument, NULL, OPT_HELP},
        {"version", no_argument, NULL, OPT_VERSION},
        {"quiet", no_argument, NULL, 'q'},
    };
    size_t n = 0;
    while (t->longopts && t->longopts[n].name)
        n++;
    size_t ncommon = sizeof common / sizeof common[0];
    merged = calloc(n + ncommon + 1, sizeof *merged);
    /* ':' first: a missing value is reported as ':', not '?'. */
    size_t slen = t->shortopts ? strlen(t->shortopts) : 0;
    merged_short = malloc(slen + 3);
    if (!merged || !merged_short)
        pk_die(PK_EXIT_DATA, "out of memory");
    if (n)
        memcpy(merged, t->longopts, n * sizeof *merged);
    memcpy(merged + n, common, sizeof common);
    snprintf(merged_short, slen + 3, ":q%s", t->shortopts ? t->shortopts : "");
}

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

int pk_opt_next(int argc, char **argv, const pk_opt_table *t)
{
    if (!merged) {
        merge(t);
        opterr = 0;
    }
    for (;;) {
        int c = getopt_long(argc, argv, merged_short, merged, NULL);
        switch (c) {
        case -1:
            unmerge();
            return -1;
        case '?':
        case ':':
            option_error(c, argv);
        case 'q':
            quiet = 1;
            continue;
        case OPT_HELP: {
            size_t last = 0;
            for (size_t i = 1; i < sizeof t->help / sizeof t->help[0] && t->help[i]; i++)
                last = i;
            for (size_t i = 0; i < last; i++)
                fputs(t->help[i], stdout);
            pk_print_help(t->help[last] ? t->help[last] : "");
        }
        case OPT_VERSION:
            pk_print_version();
        default:
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

void pk_opt_no_operands(int argc, char **argv)
{
    if (optind < argc)
        pk_usage_error("extra operand '%s'", argv[optind]);
}

const pk_choice pk_opt_ci_methods[] = {
    {"logit", PK_CI_LOGIT},
    {"beta", PK_CI_BETA},
    {"mean", PK_CI_MEAN},
    {"wilson", PK_CI_WILSON},
    {NULL, 0},
};

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
