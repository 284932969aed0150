/* The CSV core: every input case README.md promises (BOM, CRLF, quoting...), as expected fields
 * and lines (libcsv's own test style), plus the writer's canonical form. */
#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "csvio.h"
#include "number.h"
#include "pk_check.h"

/* Read `text` (len bytes) as CSV and render what the reader saw as
 * "LINE:f1|f2;LINE:f1|f2;" with the header first as "H:..."; on error the
 * rendering ends with "ERR:" and the message. */
static char out[8192], out_libcsv[8192];

static const char *render_with(char *buf, const char *text, size_t len, char delim, unsigned flags)
{
    FILE *f = fmemopen((void *)text, len, "r");
    ck_assert_ptr_nonnull(f);
    pk_err e;
    pk_err_clear(&e);
    buf[0] = '\0';
    pk_csv_reader *r = pk_csv_reader_open_stream_flags(f, "t.csv", delim, flags, &e);
    if (!r) {
        snprintf(buf, 8192, "ERR:%s", e.msg);
        fclose(f);
        return buf;
    }
    const size_t osz = 8192;
    size_t o = (size_t)snprintf(buf, osz, "H%ld:", pk_csv_reader_header_line(r));
    for (size_t i = 0; i < pk_csv_reader_ncols(r); i++)
        o += (size_t)snprintf(buf + o, osz - o, "%s%s", i ? "|" : "", pk_csv_reader_colname(r, i));
    o += (size_t)snprintf(buf + o, osz - o, ";");
    int got;
    while ((got = pk_csv_reader_next(r, &e)) == 1) {
        o += (size_t)snprintf(buf + o, osz - o, "%ld:", pk_csv_reader_line(r));
        for (size_t i = 0; i < pk_csv_reader_nfields(r); i++)
            o += (size_t)snprintf(buf + o, osz - o, "%s%s", i ? "|" : "", pk_csv_reader_field(r, i));
        o += (size_t)snprintf(buf + o, osz - o, ";");
    }
    if (got < 0)
        snprintf(buf + o, osz - o, "ERR:%s", e.msg);
    pk_csv_reader_close(r);
    fclose(f);
    return buf;
}

/* Every case is read twice, with and without the reader's own splitting
 * of quote-free lines, and both must see the same. */
static const char *render(const char *text, size_t len, char delim)
{
    render_with(out_libcsv, text, len, delim, PK_READER_LIBCSV_ONLY);
    render_with(out, text, len, delim, 0);
    ck_assert_str_eq(out, out_libcsv);
    return out;
}

#define READS(text, expected) ck_assert_str_eq(render(text, sizeof(text) - 1, ','), expected)

START_TEST(plain_and_lines)
{
    READS("a,b\n1,2\n3,4\n", "H1:a|b;2:1|2;3:3|4;");
    READS("a,b\n1,2", "H1:a|b;2:1|2;"); /* no final newline */
}
END_TEST

START_TEST(bom_and_crlf)
{
    READS("\xEF\xBB\xBF" "id,x\r\n1,2\r\n", "H1:id|x;2:1|2;");
    READS("id\r\nA\r\n\r\nB\r\n", "H1:id;2:A;4:B;");
    /* A bare CR (old Mac line ends) ends a record and a line, as LF does,
     * so the record after it is on line 3; a CR cut from its LF by a read
     * is counted once. */
    READS("a,b\n1,2\r3,4\n", "H1:a|b;2:1|2;3:3|4;");
    READS("a,b\r1,2\r3,4\r", "H1:a|b;2:1|2;3:3|4;");
    READS("a,b\r\n1,2\r\r\n3,4\r\n", "H1:a|b;2:1|2;4:3|4;");
}
END_TEST

START_TEST(quoted_fields)
{
    READS("a,b\n\"x,y\",\"say \"\"hi\"\"\"\n", "H1:a|b;2:x,y|say \"hi\";");
    /* A quoted newline advances the line count: the next record starts on 4. */
    READS("a,b\n\"two\nlines\",z\n1,2\n", "H1:a|b;2:two\nlines|z;4:1|2;");
    READS("a,b\n\"x\r\ny\",z\r\n", "H1:a|b;2:x\r\ny|z;");
}
END_TEST

START_TEST(blank_lines_and_spaces)
{
    READS("a,b\n\n1,2\n\n\n3,4\n", "H1:a|b;3:1|2;6:3|4;");
    READS("a,b\n  x , y \n", "H1:a|b;2:  x | y ;"); /* spaces are kept */
    READS("a,b\n,\n", "H1:a|b;2:|;");
}
END_TEST

START_TEST(long_fields)
{
    static char big[300000];
    size_t n = (size_t)snprintf(big, sizeof big, "h\n");
    for (int i = 0; i < 200000; i++)
        big[n++] = (char)('a' + i % 26);
    big[n++] = '\n';
    FILE *f = fmemopen(big, n, "r");
    pk_err e;
    pk_err_clear(&e);
    pk_csv_reader *r = pk_csv_reader_open_stream(f, "big", ',', &e);
    ck_assert_ptr_nonnull(r);
    ck_assert_int_eq(pk_csv_reader_next(r, &e), 1);
    ck_assert_uint_eq(pk_csv_reader_field_len(r, 0), 200000);
    ck_assert_int_eq(pk_csv_reader_field(r, 0)[199999], 'a' + 199999 % 26);
    ck_assert_int_eq(pk_csv_reader_next(r, &e), 0);
    pk_csv_reader_close(r);
    fclose(f);
}
END_TEST

/* A reader on head and then a line made of fmt (with i twice) for each i
 * from `from` to `to` - 1, written into buf (*f to close after it). */
static pk_csv_reader *reader_on(char *buf, size_t size, const char *head, const char *fmt, int from, int to,
                                const char *name, FILE **f, pk_err *e)
{
    size_t n = (size_t)snprintf(buf, size, "%s", head);
    for (int i = from; i < to; i++)
        n += (size_t)snprintf(buf + n, size - n, fmt, i, i);
    *f = fmemopen(buf, n, "r");
    ck_assert_ptr_nonnull(*f);
    pk_err_clear(e);
    pk_csv_reader *r = pk_csv_reader_open_stream(*f, name, ',', e);
    ck_assert_ptr_nonnull(r);
    return r;
}

START_TEST(many_records_across_reads)
{
    /* Enough records to cross the reader's 64 KiB reads, with a quoted
     * newline straddling a read boundary somewhere. */
    static char buf[400000];
    FILE *f;
    pk_err e;
    pk_csv_reader *r = reader_on(buf, sizeof buf, "id,v\n", "%d,\"l%d\nm\"\n", 0, 20000, "many", &f, &e);
    long i = 0;
    char want[32];
    while (pk_csv_reader_next(r, &e) == 1) {
        ck_assert_int_eq(pk_csv_reader_line(r), 2 + 2 * i);
        snprintf(want, sizeof want, "l%ld\nm", i);
        ck_assert_str_eq(pk_csv_reader_field(r, 1), want);
        i++;
    }
    ck_assert_int_eq(i, 20000);
    ck_assert_int_eq(e.status, 0);
    ck_assert_int_eq(pk_csv_reader_records(r), 20000);
    pk_csv_reader_close(r);
    fclose(f);
}
END_TEST

START_TEST(plain_lines_have_their_place)
{
    /* A quote-free line ending in LF or CRLF is found again at its offset
     * (after a BOM, a blank line, a quoted record, and across the 64 KiB
     * reads); a quoted record has no place. */
    static char buf[200000];
    FILE *f;
    pk_err e;
    pk_csv_reader *r = reader_on(buf, sizeof buf, "\xEF\xBB\xBFid,v\n1,a\n\n2,\"b\"\n3,c\r\n", "%d,line %d\n", 4,
                                 10000, "raw", &f, &e);
    size_t n = strlen(buf);
    ck_assert_ptr_eq(pk_csv_reader_stream(r), f);
    long long off;
    size_t len, plain = 0;
    long i = 0;
    while (pk_csv_reader_next(r, &e) == 1) {
        i++;
        if (!pk_csv_reader_record_raw(r, &off, &len)) {
            ck_assert_msg(i == 2 || i > 3, "record %ld has no place", i);
            continue;
        }
        plain++;
        char want[32];
        int wl = snprintf(want, sizeof want, i == 1 ? "1,a\n" : i == 3 ? "3,c\r\n" : "%ld,line %ld\n", i, i);
        ck_assert_uint_eq(len, (size_t)wl);
        ck_assert_msg(off >= 0 && (size_t)off + len <= n && memcmp(buf + off, want, len) == 0,
                      "record %ld: '%.*s' at %lld", i, (int)len, buf + (off >= 0 ? off : 0), off);
    }
    ck_assert_int_eq(i, 9999);
    ck_assert_uint_ge(plain, 9990);   /* all but the quoted one and the few cut by a read */
    ck_assert_uint_lt(plain, 9998);
    pk_csv_reader_close(r);
    fclose(f);
}
END_TEST

/* Everything the reader returns for an input, as text, in a new buffer. */
static char *dump(const char *text, size_t len, unsigned flags, size_t *outlen)
{
    char *buf = NULL;
    FILE *o = open_memstream(&buf, outlen);
    FILE *f = fmemopen((void *)text, len, "r");
    pk_err e;
    pk_err_clear(&e);
    pk_csv_reader *r = pk_csv_reader_open_stream_flags(f, "big", ',', flags, &e);
    if (r) {
        int got;
        while ((got = pk_csv_reader_next(r, &e)) == 1) {
            fprintf(o, "%ld", pk_csv_reader_line(r));
            for (size_t i = 0; i < pk_csv_reader_nfields(r); i++)
                fprintf(o, "|%s", pk_csv_reader_field(r, i));
            fputc('\n', o);
        }
        pk_csv_reader_close(r);
    }
    fprintf(o, "ERR:%s\n", e.msg);
    fclose(f);
    fclose(o);
    return buf;
}

START_TEST(own_splitting_equals_libcsv)
{
    /* Many reads' worth of records mixing quote-free lines with quoted
     * commas, quotes, newlines and CRs, CRLF and LF, blank lines and bare
     * CRs ending records, some straddling the reader's 64 KiB reads: the
     * reader's own splitting and libcsv alone must agree record by record. */
    static const char *const pieces[] = {"plain", "", "a b", "\"q,c\"", "\"two\nlines\"",
                                         "\"say \"\"hi\"\"\"", "\"cr\r\nlf\"", "caf\xC3\xA9"};
    char *text = NULL;
    size_t len = 0;
    FILE *t = open_memstream(&text, &len);
    fputs("a,b,c\n", t);
    srand48(7);
    for (int i = 0; i < 40000; i++) {
        for (int k = 0; k < 3; k++)
            fprintf(t, "%s%s", k ? "," : "", pieces[lrand48() % 8]);
        long end = lrand48() % 20;
        fputs(end < 12 ? "\n" : end < 18 ? "\r\n" : end < 19 ? "\r" : "\n\n", t);
    }
    fclose(t);
    size_t n1, n2;
    char *fast = dump(text, len, 0, &n1);
    char *slow = dump(text, len, PK_READER_LIBCSV_ONLY, &n2);
    ck_assert_uint_gt(n2, 40000);
    ck_assert_uint_eq(n1, n2);
    ck_assert(memcmp(fast, slow, n1) == 0);
    ck_assert_ptr_nonnull(strstr(slow, "ERR:\n")); /* read to the end, no error */
    free(fast);
    free(slow);
    free(text);
}
END_TEST

START_TEST(errors_name_file_and_line)
{
    READS("a,b\n1,2\n3\n", "H1:a|b;2:1|2;ERR:t.csv:3: record has 1 field, the header has 2");
    READS("a,b\n1,2,3\n", "H1:a|b;ERR:t.csv:2: record has 3 fields, the header has 2");
    READS("a,b\n1,2\n\"open,3\n4,5\n",
          "H1:a|b;2:1|2;ERR:t.csv:3: unterminated quoted field: the quote opened in the record "
          "starting on this line is never closed");
    READS("a,b\n1,x\"y\n", "H1:a|b;ERR:t.csv:2: malformed quoting: a quote inside an unquoted "
                           "field, or text after a closing quote");
    READS("", "ERR:t.csv:1: empty input: no header line");
    READS("\n\n", "ERR:t.csv:1: empty input: no header line");
    READS("a,a\n", "ERR:t.csv:1: column name 'a' appears twice in the header (columns 1 and 2)");
}
END_TEST

/* The header's names are hashed: every column is found by name, and a
 * repeat is caught wherever it falls in a wide header. */
START_TEST(wide_header)
{
    enum { N = 20000 };
    size_t cap = (size_t)N * 8 + 64;
    char *text = malloc(cap);
    ck_assert_ptr_nonnull(text);
    size_t len = 0;
    for (int i = 0; i < N; i++)
        len += (size_t)snprintf(text + len, cap - len, "%sc%d", i ? "," : "", i);
    text[len++] = '\n';
    FILE *f = fmemopen(text, len, "r");
    pk_err e;
    pk_err_clear(&e);
    pk_csv_reader *r = pk_csv_reader_open_stream(f, "t.csv", ',', &e);
    ck_assert_ptr_nonnull(r);
    ck_assert_uint_eq(pk_csv_reader_ncols(r), N);
    for (int i = 0; i < N; i++) {
        char name[16];
        snprintf(name, sizeof name, "c%d", i);
        ck_assert_int_eq(pk_csv_reader_col(r, name), i);
    }
    ck_assert_int_eq(pk_csv_reader_col(r, "c20000"), -1);
    ck_assert_int_eq(pk_csv_reader_col(r, ""), -1);
    pk_csv_reader_close(r);
    fclose(f);
    /* Column 19,999 renamed to repeat column 7. */
    len = (size_t)(strrchr(text, ',') - text);
    len += (size_t)snprintf(text + len, cap - len, ",c7\n");
    f = fmemopen(text, len, "r");
    ck_assert_ptr_null(pk_csv_reader_open_stream(f, "t.csv", ',', &e));
    ck_assert_str_eq(e.msg, "t.csv:1: column name 'c7' appears twice in the header (columns 8 and 20000)");
    fclose(f);
    free(text);
}
END_TEST

START_TEST(nul_and_utf8)
{
    static const char nul[] = "a,b\n1,2\n3,x\0y\n";
    ck_assert_str_eq(render(nul, sizeof nul - 1, ','), "H1:a|b;2:1|2;ERR:t.csv:3:b: NUL byte in field");
    READS("a,b\n1,caf\xC3\xA9\n", "H1:a|b;2:1|caf\xC3\xA9;");
    READS("a,b\n1,caf\xE9\n",
          "H1:a|b;ERR:t.csv:2:b: invalid UTF-8 (byte 0xe9 at offset 4 of the field)");
    READS("a,b\n\xC0\xAF,1\n", "H1:a|b;ERR:t.csv:2:a: invalid UTF-8 (byte 0xc0 at offset 1 of the field)");
    READS("a,b\n\xED\xA0\x80,1\n", "H1:a|b;ERR:t.csv:2:a: invalid UTF-8 (byte 0xed at offset 1 of the field)");
}
END_TEST

START_TEST(utf16_is_named)
{
    static const char u16[] = "\xFF\xFE" "a\0,\0b\0\n\0";
    ck_assert_str_eq(render(u16, sizeof u16 - 1, ','),
                     "ERR:t.csv:1: the input is UTF-16, not UTF-8 (it starts with a UTF-16 byte "
                     "order mark): convert it first, e.g. with iconv -f UTF-16 -t UTF-8");
}
END_TEST

START_TEST(utf8_validator)
{
    ck_assert_uint_eq(pk_csv_utf8_invalid_at("abc", 3), (size_t)-1);
    ck_assert_uint_eq(pk_csv_utf8_invalid_at("\xE2\x80\x99", 3), (size_t)-1);  /* ’ */
    ck_assert_uint_eq(pk_csv_utf8_invalid_at("\xF0\x9F\x98\x80", 4), (size_t)-1);
    ck_assert_uint_eq(pk_csv_utf8_invalid_at("ab\xE2\x80", 4), 2);             /* truncated */
    ck_assert_uint_eq(pk_csv_utf8_invalid_at("\xF4\x90\x80\x80", 4), 0);       /* > U+10FFFF */
    ck_assert_uint_eq(pk_csv_utf8_invalid_at("\xE0\x80\xAF", 3), 0);           /* overlong */
}
END_TEST

START_TEST(tsv)
{
    static const char t[] = "a\tb\nx,y\t\"q\tr\"\n";
    ck_assert_str_eq(render(t, sizeof t - 1, '\t'), "H1:a|b;2:x,y|q\tr;");
}
END_TEST

static char wbuf[4096];

static const char *write_rows(char delim, const char *const *fields, int n, int per_row)
{
    FILE *f = fmemopen(wbuf, sizeof wbuf, "w");
    pk_csv_writer w;
    pk_csv_writer_init(&w, f, delim);
    for (int i = 0; i < n; i++) {
        pk_csv_writer_field(&w, fields[i]);
        if ((i + 1) % per_row == 0)
            pk_csv_writer_end(&w);
    }
    fclose(f);
    return wbuf;
}

START_TEST(writer_minimal_quoting)
{
    const char *f1[] = {"plain", "with,comma", "say \"hi\"", "two\nlines", "", " sp "};
    ck_assert_str_eq(write_rows(',', f1, 6, 6),
                     "plain,\"with,comma\",\"say \"\"hi\"\"\",\"two\nlines\",, sp \n");
    const char *f2[] = {"a,b", "c\td"};
    ck_assert_str_eq(write_rows('\t', f2, 2, 2), "a,b\t\"c\td\"\n");
    const char *f3[] = {"h", "", "x"};
    /* A lone empty field must not become a blank line. */
    ck_assert_str_eq(write_rows(',', f3, 3, 1), "h\n\"\"\nx\n");
    /* A leading U+FEFF is quoted so that it is not taken for a BOM. */
    const char *f4[] = {"\xEF\xBB\xBFid", "v"};
    ck_assert_str_eq(write_rows(',', f4, 2, 2), "\"\xEF\xBB\xBFid\",v\n");
}
END_TEST

/* pk_csv_writer_record writes the very bytes of field-by-field writing:
 * every quoting case, long fields (eight bytes at a time, with a special
 * character at each offset), a lone empty field, and a record too long for
 * its buffer. */
static char rbuf[16384], fbuf[16384];

static void record_as_fields(char delim, const char *const *s, size_t n)
{
    size_t len[16];
    for (size_t i = 0; i < n; i++)
        len[i] = strlen(s[i]);
    FILE *a = fmemopen(rbuf, sizeof rbuf, "w"), *b = fmemopen(fbuf, sizeof fbuf, "w");
    pk_csv_writer wa, wb;
    pk_csv_writer_init(&wa, a, delim);
    pk_csv_writer_init(&wb, b, delim);
    for (int rep = 0; rep < 2; rep++) {
        pk_csv_writer_record(&wa, s, len, n);
        for (size_t i = 0; i < n; i++)
            pk_csv_writer_field_n(&wb, s[i], len[i]);
        pk_csv_writer_end(&wb);
    }
    fclose(a);
    fclose(b);
    ck_assert_str_eq(rbuf, fbuf);
}

START_TEST(writer_record_same_bytes)
{
    const char *f1[] = {"plain", "with,comma", "say \"hi\"", "two\nlines", "", " sp ", "cr\r", "\xEF\xBB\xBFid"};
    record_as_fields(',', f1, 8);
    record_as_fields('\t', f1, 8);
    const char *f2[] = {""};
    record_as_fields(',', f2, 1);
    ck_assert_str_eq(rbuf, "\"\"\n\"\"\n");
    const char *f3[] = {"", ""};
    record_as_fields(',', f3, 2);
    ck_assert_str_eq(rbuf, ",\n,\n");
    static const char specials[] = ",\"\n\r\t";
    char longf[40];
    for (size_t k = 0; k < sizeof specials - 1; k++) {
        for (size_t at = 0; at < 33; at++) {
            memset(longf, 'x', 33);
            longf[33] = '\0';
            longf[at] = specials[k];
            const char *f4[] = {"a", longf, "b"};
            record_as_fields(',', f4, 3);
            record_as_fields('\t', f4, 3);
        }
    }
    /* Past the record's buffer: written field by field, the same bytes. */
    static char big[3000];
    memset(big, '"', sizeof big - 1);
    const char *f5[] = {"a", big, "b"};
    record_as_fields(',', f5, 3);
    ck_assert_uint_eq(strlen(rbuf), 2 * (2 * (sizeof big - 1) + 2 + 5));
}
END_TEST

/* A field is quoted exactly when it holds the delimiter, a quote or a line
 * end, whatever its length and wherever that byte is: the look for them
 * goes by blocks of 8 and 16 bytes, the last one overlapping the one
 * before; fields of every length from 0 to 40, with each special byte at
 * each place, and without. */
START_TEST(writer_quotes_at_every_length)
{
    static const char specials[] = ",\"\n\r\t";
    char field[48];
    for (size_t len = 0; len <= 40; len++) {
        for (size_t k = 0; k <= sizeof specials - 1; k++) {
            for (size_t at = 0; at < (len ? len : 1); at++) {
                memset(field, 'y', len);
                field[len] = '\0';
                if (k < sizeof specials - 1 && len)
                    field[at] = specials[k];
                for (int tab = 0; tab < 2; tab++) {
                    char delim = tab ? '\t' : ',';
                    int want = strpbrk(field, tab ? "\"\n\r\t" : ",\"\n\r") != NULL;
                    const char *f[] = {"a", field};
                    const char *got = write_rows(delim, f, 2, 2);
                    ck_assert_msg((got[2] == '"') == want, "len %zu, byte %zu: '%s'", len, at, got);
                }
                if (k == sizeof specials - 1)
                    break;
            }
        }
    }
}
END_TEST

/* Numbers are written as they are formatted, with either delimiter, and an
 * empty one (NaN) alone on its record is still written "". */
START_TEST(writer_numbers)
{
    FILE *f = fmemopen(wbuf, sizeof wbuf, "w");
    pk_csv_writer w;
    pk_csv_writer_init(&w, f, '\t');
    pk_csv_writer_double(&w, 0.25, 10);
    pk_csv_writer_long(&w, -42);
    pk_csv_writer_double(&w, 1234567.5, 15);
    pk_csv_writer_end(&w);
    pk_csv_writer_double(&w, NAN, 10);
    pk_csv_writer_end(&w);
    pk_csv_writer_long(&w, 0);
    pk_csv_writer_end(&w);
    fclose(f);
    ck_assert_str_eq(wbuf, "0.25\t-42\t1234567.5\n\"\"\n0\n");
}
END_TEST

START_TEST(round_trip)
{
    const char *f[] = {"id", "v", "1", "a \"b\", c\r\nd", "2", ""};
    write_rows(',', f, 6, 2);
    ck_assert_str_eq(render(wbuf, strlen(wbuf), ','), "H1:id|v;2:1|a \"b\", c\r\nd;4:2|;");
}
END_TEST

START_TEST(full_disk_is_an_error)
{
    /* Writing to a full disk must be reported, never lost in a buffer. */
    pk_out o;
    pk_err e;
    pk_err_clear(&e);
    ck_assert_int_eq(pk_out_open(&o, "/dev/full", &e), 0);
    pk_csv_writer w;
    pk_csv_writer_init(&w, o.f, ',');
    for (int i = 0; i < 10000; i++) {
        pk_csv_writer_field(&w, "respondent");
        pk_csv_writer_double(&w, i / 7.0, PK_DIGITS_WEIGHT);
        pk_csv_writer_end(&w);
    }
    ck_assert_int_ne(pk_out_commit(&o, &e), 0);
    ck_assert_ptr_nonnull(strstr(e.msg, "/dev/full: write error: No space left on device"));
}
END_TEST

/* A source of three records, the second with an empty field, failing on
 * the fourth when asked to. */
struct fake_source {
    int next, fail;
};

static int fake_next(void *ctx, const char **fields, size_t *lens, long *line, pk_err *err)
{
    struct fake_source *f = ctx;
    static const char *const rows[3][2] = {{"a1", "b1"}, {"", "b,2\n\"x\""}, {"a3", "b3"}};
    if (f->next == 3) {
        if (!f->fail)
            return 0;
        pk_err_set(err, PK_ERR_DATA, "src:9: the source failed");
        return -1;
    }
    for (int i = 0; i < 2; i++) {
        fields[i] = rows[f->next][i];
        lens[i] = strlen(rows[f->next][i]);
    }
    *line = 10 * (f->next + 1);
    f->next++;
    return 1;
}

START_TEST(records_from_a_source)
{
    char *cols[] = {"a", "b"};
    struct fake_source f = {0, 0};
    pk_err e;
    pk_err_clear(&e);
    pk_csv_reader *r = pk_csv_reader_open_source("src", cols, 2, fake_next, &f, &e);
    ck_assert_ptr_nonnull(r);
    ck_assert_uint_eq(pk_csv_reader_ncols(r), 2);
    ck_assert_int_eq(pk_csv_reader_col(r, "b"), 1);
    ck_assert_int_eq(pk_csv_reader_header_line(r), 1);
    ck_assert_int_eq(pk_csv_reader_next(r, &e), 1);
    ck_assert_str_eq(pk_csv_reader_field(r, 0), "a1");
    ck_assert_int_eq(pk_csv_reader_line(r), 10);
    ck_assert_int_eq(pk_csv_reader_next(r, &e), 1);
    ck_assert_str_eq(pk_csv_reader_field(r, 0), "");
    ck_assert_str_eq(pk_csv_reader_field(r, 1), "b,2\n\"x\"");
    ck_assert_int_eq(pk_csv_reader_line(r), 20);
    /* A record's fields in one span, as pollweight copies them. */
    size_t len;
    const char *span = pk_csv_reader_record_span(r, &len);
    ck_assert_uint_eq(len, 1 + strlen("b,2\n\"x\"") + 1);
    ck_assert_int_eq(memcmp(span, "\0b,2\n\"x\"\0", len), 0);
    ck_assert_int_eq(pk_csv_reader_next(r, &e), 1);
    ck_assert_str_eq(pk_csv_reader_field(r, 1), "b3");
    ck_assert_int_eq(pk_csv_reader_next(r, &e), 0);
    ck_assert_int_eq(pk_csv_reader_records(r), 3);
    pk_csv_reader_close(r);

    /* The source's error comes through whole. */
    f = (struct fake_source){0, 1};
    r = pk_csv_reader_open_source("src", cols, 2, fake_next, &f, &e);
    while (pk_csv_reader_next(r, &e) == 1)
        ;
    ck_assert_str_eq(e.msg, "src:9: the source failed");
    pk_csv_reader_close(r);

    /* The header is checked as a CSV header is. */
    char *twice[] = {"a", "a"};
    f = (struct fake_source){0, 0};
    pk_err_clear(&e);
    ck_assert_ptr_null(pk_csv_reader_open_source("src", twice, 2, fake_next, &f, &e));
    ck_assert_ptr_nonnull(strstr(e.msg, "src:1: column name 'a' appears twice"));
}
END_TEST

/* A binary file is named for what it is, from its first bytes: through a
 * pipe the reader is the only one to see them. */
START_TEST(binary_files_named)
{
    static const struct {
        const char *bytes;
        size_t n;
        const char *says;
    } cases[] = {
        {"$FL2@(#) IBM SPSS STATISTICS\x02\0\0\0", 32, "this is an SPSS .sav file, not CSV text"},
        {"$FL3@(#) IBM SPSS STATISTICS\x02\0\0\0", 32, "this is an SPSS .zsav file, not CSV text"},
        {"<stata_dta><header>", 19, "this is a Stata .dta file, not CSV text"},
        {"\x72\x02\x01\0\x05\0", 6, "this is a Stata .dta file, not CSV text"},
        {"PK\x03\x04\x14\0\x06\0", 8, "this is a ZIP archive (an Excel .xlsx"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        FILE *f = fmemopen((void *)cases[i].bytes, cases[i].n, "rb");
        pk_err e;
        pk_err_clear(&e);
        ck_assert_ptr_null(pk_csv_reader_open_stream(f, "x", ',', &e));
        ck_assert_msg(strstr(e.msg, cases[i].says) != NULL, "%s", e.msg);
        fclose(f);
    }
    const char *what;
    ck_assert_int_eq(pk_csv_binary_kind((const unsigned char *)"id,$FL2\n", 8, &what), PK_CSV_BINARY_NONE);
    ck_assert_ptr_null(what);
}
END_TEST

static Suite *csvio_suite(void)
{
    Suite *s = suite_create("csvio");
    TCase *tc = pk_tcase("reader");
    tcase_add_test(tc, plain_and_lines);
    tcase_add_test(tc, bom_and_crlf);
    tcase_add_test(tc, quoted_fields);
    tcase_add_test(tc, blank_lines_and_spaces);
    tcase_add_test(tc, long_fields);
    tcase_add_test(tc, many_records_across_reads);
    tcase_add_test(tc, plain_lines_have_their_place);
    tcase_add_test(tc, own_splitting_equals_libcsv);
    tcase_add_test(tc, errors_name_file_and_line);
    tcase_add_test(tc, nul_and_utf8);
    tcase_add_test(tc, wide_header);
    tcase_add_test(tc, utf8_validator);
    tcase_add_test(tc, utf16_is_named);
    tcase_add_test(tc, tsv);
    tcase_add_test(tc, records_from_a_source);
    tcase_add_test(tc, binary_files_named);
    suite_add_tcase(s, tc);
    TCase *tw = pk_tcase("writer");
    tcase_add_test(tw, writer_minimal_quoting);
    tcase_add_test(tw, writer_record_same_bytes);
    tcase_add_test(tw, writer_quotes_at_every_length);
    tcase_add_test(tw, writer_numbers);
    tcase_add_test(tw, round_trip);
    tcase_add_test(tw, full_disk_is_an_error);
    suite_add_tcase(s, tw);
    return s;
}

PK_CHECK_MAIN(csvio_suite)
