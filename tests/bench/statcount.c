/* The floor for reading an SPSS or Stata file: a bare ReadStat parse that
 * only counts values, with no labels looked up, nothing formatted or
 * written. pollclean reads the same file, so its time divided by this
 * program's is what its own work costs. Built by CMake (not installed), run
 * by tests/bench/pipeline.sh. ReadStat crashes when a value handler is set
 * without a variable handler, so an empty one is set.
 *
 * With --no-convert, an SPSS file that declares UTF-8 is parsed as
 * pollclean parses it: without ReadStat's iconv conversion of every
 * string (UTF-8 to UTF-8 in ReadStat 1.1.8), which is half of the
 * default parse. */
#include <readstat.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static unsigned long values;

static int on_value(int obs, readstat_variable_t *v, readstat_value_t value, void *ctx)
{
    (void)obs;
    (void)v;
    (void)value;
    (void)ctx;
    values++;
    return READSTAT_HANDLER_OK;
}

static int on_variable(int index, readstat_variable_t *v, const char *labels, void *ctx)
{
    (void)index;
    (void)v;
    (void)labels;
    (void)ctx;
    return READSTAT_HANDLER_OK;
}

static int utf8;

static int on_metadata(readstat_metadata_t *m, void *ctx)
{
    (void)ctx;
    const char *e = readstat_get_file_encoding(m);
    utf8 = e && (strcasecmp(e, "UTF-8") == 0 || strcasecmp(e, "UTF8") == 0);
    return READSTAT_HANDLER_ABORT;
}

static void on_error(const char *msg, void *ctx)
{
    (void)ctx;
    fprintf(stderr, "statcount: %s", msg);
}

int main(int argc, char **argv)
{
    int raw = argc == 3 && strcmp(argv[1], "--no-convert") == 0;
    if (argc != 2 + raw) {
        fprintf(stderr, "usage: statcount [--no-convert] FILE.sav|FILE.dta\n");
        return 2;
    }
    argv += raw;
    size_t n = strlen(argv[1]);
    int dta = n > 4 && strcmp(argv[1] + n - 4, ".dta") == 0;
    if (raw && !dta) {
        readstat_parser_t *probe = readstat_parser_init();
        readstat_set_metadata_handler(probe, on_metadata);
        readstat_parse_sav(probe, argv[1], NULL);
        readstat_parser_free(probe);
    }
    readstat_parser_t *p = readstat_parser_init();
    readstat_set_error_handler(p, on_error);
    readstat_set_variable_handler(p, on_variable);
    readstat_set_value_handler(p, on_value);
    if (utf8)
        readstat_set_handler_character_encoding(p, NULL);
    readstat_error_t rc = dta ? readstat_parse_dta(p, argv[1], NULL) : readstat_parse_sav(p, argv[1], NULL);
    readstat_parser_free(p);
    if (rc != READSTAT_OK) {
        fprintf(stderr, "%s: %s\n", argv[1], readstat_error_message(rc));
        return 1;
    }
    printf("%lu values\n", values);
    return 0;
}
