/* The floor for the benchmark: a bare libcsv parse that only counts records
 * and fields, with no line counting, validation, copying or output. The
 * programs parse the same bytes, so their time divided by this program's is
 * what their own work costs. Built and run by tests/bench/pipeline.sh. */
#include <csv.h>
#include <stdio.h>

static unsigned long fields, records;

static void on_field(void *s, size_t len, void *data)
{
    (void)s;
    (void)len;
    (void)data;
    fields++;
}

static void on_record(int c, void *data)
{
    (void)c;
    (void)data;
    records++;
}

int main(int argc, char **argv)
{
    FILE *f = argc > 1 ? fopen(argv[1], "rb") : stdin;
    if (!f) {
        perror(argv[1]);
        return 1;
    }
    struct csv_parser p;
    csv_init(&p, 0);
    static char buf[1 << 16];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        if (csv_parse(&p, buf, n, on_field, on_record, NULL) != n) {
            fprintf(stderr, "csvcount: %s\n", csv_strerror(csv_error(&p)));
            return 1;
        }
    csv_fini(&p, on_field, on_record, NULL);
    csv_free(&p);
    printf("%lu records, %lu fields\n", records, fields);
    return 0;
}
