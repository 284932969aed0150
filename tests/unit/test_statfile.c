/* Reading SPSS and Stata files (statfile.h, through input.h): recognition by
 * content; the fixtures' variables, variable labels, value labels and which
 * labelled values are declared missing; every field of a record as label
 * and number; numbers written plainly; line numbers; and damaged files
 * refused with ReadStat's words. Fixtures: tests/fixtures/statfile, made by
 * make_fixtures.R there. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "input.h"
#include "pk_check.h"
#include "statfile.h"

static pk_input *open_fixture(const char *rel, FILE **f)
{
    char path[4096];
    *f = fopen(pk_src_path(path, sizeof path, rel), "rb");
    ck_assert_ptr_nonnull(*f);
    pk_err e;
    pk_err_clear(&e);
    pk_input *in = pk_input_open(*f, rel, ',', &e);
    if (!in)
        ck_abort_msg("%s: %s", rel, e.msg);
    return in;
}

START_TEST(detect)
{
    const char *other;
    ck_assert_int_eq(pk_statfile_detect((const unsigned char *)"$FL2@(#) SPSS", 13, &other), PK_STATFILE_SAV);
    ck_assert_int_eq(pk_statfile_detect((const unsigned char *)"$FL3@(#) SPSS", 13, &other), PK_STATFILE_SAV);
    ck_assert_int_eq(pk_statfile_detect((const unsigned char *)"<stata_dta><header>", 19, &other),
                     PK_STATFILE_DTA);
    ck_assert_int_eq(pk_statfile_detect((const unsigned char *)"\x73\x02\x01\x00\x08", 5, &other),
                     PK_STATFILE_DTA);
    ck_assert_int_eq(pk_statfile_detect((const unsigned char *)"\x71\x01\x01\x00", 4, &other), PK_STATFILE_DTA);
    ck_assert_int_eq(pk_statfile_detect((const unsigned char *)"ResponseId,Q1\n", 14, &other),
                     PK_STATFILE_NONE);
    ck_assert_ptr_null(other);
    /* A CSV whose first column starts with "s" is not Stata. */
    ck_assert_int_eq(pk_statfile_detect((const unsigned char *)"s\x02\x01x", 4, &other), PK_STATFILE_NONE);
    ck_assert_int_eq(pk_statfile_detect((const unsigned char *)"$FL", 3, &other), PK_STATFILE_NONE);
    ck_assert_int_eq(pk_statfile_detect((const unsigned char *)"PK\x03\x04xl/", 7, &other), PK_STATFILE_NONE);
    ck_assert_ptr_nonnull(strstr(other, "xlsx"));
    ck_assert_int_eq(pk_statfile_detect((const unsigned char *)"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8, &other),
                     PK_STATFILE_NONE);
    ck_assert_ptr_nonnull(strstr(other, ".xls"));
}
END_TEST

static const char *const names[] = {"id", "age", "sex", "q1", "q2", "vote", "duration", "comment"};

/* Record 4 (line 5): r4, 70, Female, Don't know (9, user-missing), Strongly
 * support, Conservative, 700, "fine". */
static void check_file(const char *rel, int stata)
{
    FILE *f;
    pk_input *in = open_fixture(rel, &f);
    ck_assert_int_eq(pk_input_format(in), stata ? PK_STATFILE_DTA : PK_STATFILE_SAV);
    ck_assert_uint_eq(pk_input_ncols(in), 8);
    for (size_t i = 0; i < 8; i++)
        ck_assert_str_eq(pk_input_colname(in, i), names[i]);
    ck_assert_int_eq(pk_input_col(in, "vote"), 5);
    ck_assert_int_eq(pk_input_col(in, "nope"), -1);
    ck_assert_str_eq(pk_input_col_label(in, 3), "Do you support or oppose raising the minimum wage?");
    ck_assert_str_eq(pk_input_col_label(in, 0), "");

    const pk_statfile *sf = pk_input_statfile(in);
    ck_assert_ptr_nonnull(sf);
    ck_assert_uint_eq(pk_statfile_nlabels(sf, 3), 6);
    ck_assert_str_eq(pk_statfile_label_value(sf, 3, 0), "1");
    ck_assert_str_eq(pk_statfile_label_text(sf, 3, 0), "Strongly support");
    ck_assert_int_eq(pk_statfile_label_missing(sf, 3, 0), 0);
    /* "Don't know": 9 declared missing in SPSS, .a in Stata. */
    size_t dk = 6;
    for (size_t k = 0; k < 6; k++)
        if (strcmp(pk_statfile_label_text(sf, 3, k), "Don't know") == 0)
            dk = k;
    ck_assert_uint_lt(dk, 6);
    ck_assert_str_eq(pk_statfile_label_value(sf, 3, dk), stata ? ".a" : "9");
    ck_assert_int_eq(pk_statfile_label_missing(sf, 3, dk), 1);
    ck_assert_uint_eq(pk_statfile_nlabels(sf, 1), 0);
    ck_assert_uint_eq(pk_statfile_nlabels(sf, 5), 7);

    pk_err e;
    pk_err_clear(&e);
    for (int k = 0; k < 4; k++)
        ck_assert_int_eq(pk_input_next(in, &e), 1);
    ck_assert_int_eq(pk_input_line(in), 5);
    ck_assert_str_eq(pk_input_field(in, 0), "r4");
    ck_assert_str_eq(pk_input_field(in, 1), "70");
    ck_assert_ptr_null(pk_input_field_alt(in, 1, NULL));
    ck_assert_str_eq(pk_input_field(in, 2), "Female");
    size_t alen;
    ck_assert_str_eq(pk_input_field_alt(in, 2, &alen), "2");
    ck_assert_uint_eq(alen, 1);
    ck_assert_int_eq(pk_input_field_missing(in, 2), 0);
    ck_assert_str_eq(pk_input_field(in, 3), "Don't know");
    ck_assert_str_eq(pk_input_field_alt(in, 3, NULL), stata ? ".a" : "9");
    ck_assert_int_eq(pk_input_field_missing(in, 3), 1);
    ck_assert_str_eq(pk_input_field(in, 5), "Conservative");
    ck_assert_str_eq(pk_input_field(in, 6), "700");
    ck_assert_str_eq(pk_input_field(in, 7), "fine");
    ck_assert_uint_eq(pk_input_field_len(in, 7), 4);
    /* Record 6: age system-missing (empty); record 7: q2 = 6, no label. */
    ck_assert_int_eq(pk_input_next(in, &e), 1);
    ck_assert_int_eq(pk_input_next(in, &e), 1);
    ck_assert_str_eq(pk_input_field(in, 1), "");
    ck_assert_int_eq(pk_input_field_missing(in, 1), 0);
    ck_assert_int_eq(pk_input_next(in, &e), 1);
    ck_assert_str_eq(pk_input_field(in, 4), "6");
    ck_assert_ptr_null(pk_input_field_alt(in, 4, NULL));
    ck_assert_str_eq(pk_input_field(in, 7), "");
    ck_assert_int_eq(pk_input_next(in, &e), 1);
    ck_assert_int_eq(pk_input_line(in), 9);
    ck_assert_int_eq(pk_input_next(in, &e), 0);
    ck_assert_int_eq(pk_input_records(in), 8);
    pk_input_close(in);
    fclose(f);
}

START_TEST(sav)
{
    check_file("tests/fixtures/statfile/poll.sav", 0);
}
END_TEST

START_TEST(zsav)
{
    check_file("tests/fixtures/statfile/poll.zsav", 0);
}
END_TEST

START_TEST(dta)
{
    check_file("tests/fixtures/statfile/poll.dta", 1);
}
END_TEST

START_TEST(dta_old)
{
    check_file("tests/fixtures/statfile/poll_old.dta", 1);
}
END_TEST

/* The first 1,000 bytes of the .sav: ReadStat's words, with the name. */
START_TEST(truncated)
{
    char path[4096];
    FILE *f = fopen(pk_src_path(path, sizeof path, "tests/fixtures/statfile/poll.sav"), "rb");
    ck_assert_ptr_nonnull(f);
    char buf[1000];
    ck_assert_uint_eq(fread(buf, 1, sizeof buf, f), sizeof buf);
    fclose(f);
    FILE *m = fmemopen(buf, sizeof buf, "rb");
    pk_err e;
    pk_err_clear(&e);
    ck_assert_ptr_null(pk_input_open(m, "cut.sav", ',', &e));
    ck_assert_int_eq(e.status, PK_ERR_DATA);
    /* (A memory stream refuses to seek past its end; a file reads short.) */
    ck_assert_msg(strncmp(e.msg, "cut.sav: not a readable SPSS file: Unable to ", 44) == 0, "%s", e.msg);
    fclose(m);
}
END_TEST

/* A CSV goes through the CSV reader, with no labels or alternatives. */
START_TEST(csv)
{
    char text[] = "a,b\n1,x\n";
    FILE *m = fmemopen(text, strlen(text), "rb");
    pk_err e;
    pk_err_clear(&e);
    pk_input *in = pk_input_open(m, "t.csv", ',', &e);
    ck_assert_ptr_nonnull(in);
    ck_assert_int_eq(pk_input_format(in), PK_STATFILE_NONE);
    ck_assert_ptr_null(pk_input_statfile(in));
    ck_assert_int_eq(pk_input_next(in, &e), 1);
    ck_assert_str_eq(pk_input_field(in, 1), "x");
    ck_assert_ptr_null(pk_input_field_alt(in, 1, NULL));
    ck_assert_int_eq(pk_input_line(in), 2);
    pk_input_close(in);
    fclose(m);
}
END_TEST

/* pk_input_stream hands over the records pk_input_next reads, field for
 * field (pk_input_get as the four accessors), with their lines: an SPSS
 * file's as ReadStat parses them, the others' after reading. */
struct seen {
    char **recs;         /* each record as read by pk_input_next */
    size_t n, at;
    int headers, ends, fail_header, fail_record;
    long end_line;
};

/* A record as one text: line, then per field text, alternative, missing. */
static char *record_text(pk_input *in)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    ck_assert_ptr_nonnull(m);
    fprintf(m, "%ld", pk_input_line(in));
    for (size_t i = 0; i < pk_input_nfields(in); i++) {
        pk_input_value v;
        pk_input_get(in, i, &v);
        size_t altlen;
        const char *alt = pk_input_field_alt(in, i, &altlen);
        ck_assert_ptr_eq(v.text, pk_input_field(in, i));
        ck_assert_uint_eq(v.len, pk_input_field_len(in, i));
        ck_assert_ptr_eq(v.alt, alt);
        ck_assert_uint_eq(v.altlen, altlen);
        ck_assert_int_eq(v.missing, pk_input_field_missing(in, i));
        ck_assert_uint_eq(strlen(v.text), v.len);
        fprintf(m, "|%s/%s/%d", v.text, v.alt ? v.alt : "-", v.missing);
    }
    fclose(m);
    return buf;
}

static int seen_header(pk_input *in, void *ctx, pk_err *err)
{
    struct seen *s = ctx;
    ck_assert_int_eq(s->headers++, 0);
    ck_assert_uint_eq(s->at, 0);
    ck_assert_str_eq(pk_input_colname(in, 0), "id");
    return s->fail_header ? pk_err_set(err, PK_ERR_DATA, "header refused") : 0;
}

static int seen_record(pk_input *in, void *ctx, pk_err *err)
{
    struct seen *s = ctx;
    ck_assert_int_eq(s->headers, 1);
    ck_assert_uint_lt(s->at, s->n);
    char *t = record_text(in);
    ck_assert_str_eq(t, s->recs[s->at]);
    free(t);
    s->at++;
    return s->fail_record && s->at == 2 ? pk_err_set(err, PK_ERR_DATA, "record refused") : 0;
}

static int seen_end(pk_input *in, void *ctx, pk_err *err)
{
    (void)err;
    struct seen *s = ctx;
    s->ends++;
    s->end_line = pk_input_line(in);
    return 0;
}

static void read_all(const char *rel, struct seen *s)
{
    FILE *f;
    pk_input *in = open_fixture(rel, &f);
    pk_err e;
    pk_err_clear(&e);
    memset(s, 0, sizeof *s);
    s->recs = calloc(64, sizeof *s->recs);
    while (pk_input_next(in, &e) == 1) {
        ck_assert_uint_lt(s->n, 64);
        s->recs[s->n++] = record_text(in);
    }
    ck_assert_int_eq(e.status, 0);
    pk_input_close(in);
    fclose(f);
}

static void free_seen(struct seen *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->recs[i]);
    free(s->recs);
}

static int stream_fixture(const char *rel, struct seen *s, pk_err *e)
{
    char path[4096];
    FILE *f = fopen(pk_src_path(path, sizeof path, rel), "rb");
    ck_assert_ptr_nonnull(f);
    pk_err_clear(e);
    int rc = pk_input_stream(f, rel, ',', seen_header, seen_record, seen_end, s, e);
    fclose(f);
    return rc;
}

START_TEST(stream_same)
{
    static const char *const files[] = {"tests/fixtures/statfile/poll.sav", "tests/fixtures/statfile/poll.zsav",
                                        "tests/fixtures/statfile/poll.dta", "tests/fixtures/statfile/poll_old.dta",
                                        "tests/fixtures/statfile/expected.csv"};
    for (size_t k = 0; k < sizeof files / sizeof files[0]; k++) {
        struct seen s;
        read_all(files[k], &s);
        ck_assert_uint_gt(s.n, 0);
        pk_err e;
        ck_assert_int_eq(stream_fixture(files[k], &s, &e), 0);
        ck_assert_int_eq(s.headers, 1);
        ck_assert_uint_eq(s.at, s.n);
        ck_assert_int_eq(s.ends, 1);
        free_seen(&s);
    }
    /* An SPSS file's end: pk_input_line as after the last pk_input_next
     * (8 records, on lines 2 to 9). */
    struct seen s;
    read_all("tests/fixtures/statfile/poll.sav", &s);
    pk_err e;
    ck_assert_int_eq(stream_fixture("tests/fixtures/statfile/poll.sav", &s, &e), 0);
    ck_assert_int_eq(s.end_line, 9);
    free_seen(&s);
}
END_TEST

/* A callback's error stops the callbacks, and is the one reported when the
 * file is sound; a damaged file's own error comes first, whatever a
 * callback said before the damage was found. */
START_TEST(stream_errors)
{
    const char *rel = "tests/fixtures/statfile/poll.sav";
    struct seen s;
    read_all(rel, &s);
    pk_err e;
    s.fail_record = 1;
    ck_assert_int_eq(stream_fixture(rel, &s, &e), PK_ERR_DATA);
    ck_assert_str_eq(e.msg, "record refused");
    ck_assert_uint_eq(s.at, 2);
    ck_assert_int_eq(s.ends, 0);
    s.at = 0;
    s.headers = 0;
    s.fail_record = 0;
    s.fail_header = 1;
    ck_assert_int_eq(stream_fixture(rel, &s, &e), PK_ERR_DATA);
    ck_assert_str_eq(e.msg, "header refused");
    ck_assert_uint_eq(s.at, 0);

    /* The same file cut short in its data. */
    char path[4096];
    FILE *f = fopen(pk_src_path(path, sizeof path, rel), "rb");
    ck_assert_ptr_nonnull(f);
    char buf[1 << 16];
    size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    ck_assert_uint_gt(n, 40);
    for (int fail_header = 0; fail_header < 2; fail_header++) {
        FILE *m = fmemopen(buf, n - 30, "rb");
        s.at = 0;
        s.headers = 0;
        s.fail_header = fail_header;
        s.fail_record = !fail_header;
        pk_err_clear(&e);
        ck_assert_int_eq(pk_input_stream(m, "cut.sav", ',', seen_header, seen_record, seen_end, &s, &e), PK_ERR_DATA);
        ck_assert_msg(strncmp(e.msg, "cut.sav: ", 9) == 0, "%s", e.msg);
        ck_assert_int_eq(s.ends, 0);
        fclose(m);
    }
    free_seen(&s);
}
END_TEST

/* Labels found by value, by hash (a set whose labels lie far apart), or
 * not at all; numbers with no label as they are (make_wide_labels.R). */
START_TEST(label_lookup)
{
    static const char *const want[][4] = {
        /* wide's text and number, codes' text and number ("-": none) */
        {"Yes", "1", "None", "0"},          {"No", "2", "One", "1"},
        {"Refused", "999", "Two", "2"},     {"Not asked", "-1", "Three", "3"},
        {"Half", "2.5", "4", "-"},          {"Many", "5000", "1023", "-"},
        {"7", "-", "1024", "-"},            {"1500", "-", "Three", "3"},
        {"0.5", "-", "Two", "2"},           {"", "-", "One", "1"},
    };
    const char *rel = "tests/fixtures/statfile/wide_labels.sav";
    struct seen s;
    read_all(rel, &s);
    ck_assert_uint_eq(s.n, 10);
    for (size_t r = 0; r < 10; r++) {
        char line[256];
        snprintf(line, sizeof line, "%zu|w%02zu/-/0|%s/%s/0|%s/%s/0", r + 2, r + 1, want[r][0], want[r][1],
                 want[r][2], want[r][3]);
        ck_assert_str_eq(s.recs[r], line);
    }
    pk_err e;
    ck_assert_int_eq(stream_fixture(rel, &s, &e), 0);
    ck_assert_uint_eq(s.at, 10);
    free_seen(&s);
}
END_TEST

static Suite *statfile_suite(void)
{
    Suite *s = suite_create("statfile");
    TCase *tc = pk_tcase("core");
    tcase_add_test(tc, detect);
    tcase_add_test(tc, sav);
    tcase_add_test(tc, zsav);
    tcase_add_test(tc, dta);
    tcase_add_test(tc, dta_old);
    tcase_add_test(tc, truncated);
    tcase_add_test(tc, csv);
    tcase_add_test(tc, stream_same);
    tcase_add_test(tc, stream_errors);
    tcase_add_test(tc, label_lookup);
    suite_add_tcase(s, tc);
    return s;
}

PK_CHECK_MAIN(statfile_suite)
