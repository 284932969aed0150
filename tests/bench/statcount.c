/* The floor for reading an SPSS or Stata file: a bare ReadStat parse that
 * only counts values, with no labels looked up, nothing formatted or
 * written. pollclean reads the same file, so its time divided by this
 * program's is what its own work costs. Built by CMake (not installed), run
 * by tests/bench/pipeline.sh. ReadStat crashes when a value handler is set
 * without a variable handler, so an empty one is set. */
#include <readstat.h>
#include <stdio.h>
#include <string.h>

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

static void on_error(const char *msg, void *ctx)
{
    (void)ctx;
    fprintf(stderr, "statcount: %s", msg);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: statcount FILE.sav|FILE.dta\n");
        return 2;
    }
    readstat_parser_t *p = readstat_parser_init();
    readstat_set_error_handler(p, on_error);
    readstat_set_variable_handler(p, on_variable);
    readstat_set_value_handler(p, on_value);
    size_t n = strlen(argv[1]);
    int dta = n > 4 && strcmp(argv[1] + n - 4, ".dta") == 0;
    readstat_error_t rc = dta ? readstat_parse_dta(p, argv[1], NULL) : readstat_parse_sav(p, argv[1], NULL);
    readstat_parser_free(p);
    if (rc != READSTAT_OK) {
        fprintf(stderr, "%s: %s\n", argv[1], readstat_error_message(rc));
        return 1;
    }
    printf("%lu values\n", values);
    return 0;
}
