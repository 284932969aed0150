/* CSV and TSV input and output for every program.
 *
 * The reader streams records from a file or standard input through libcsv,
 * one at a time, each with the physical line on which it starts, and looks
 * columns up by header name. It strips a UTF-8 BOM, accepts LF and CRLF,
 * quoted delimiters, quotes and newlines, skips blank lines, and has no limit
 * on field length. It reports as errors, with file and line: a record whose
 * field count differs from the header's, an unterminated quote, a stray quote
 * in an unquoted field, a NUL byte, invalid UTF-8, an empty input, a
 * header with an empty or repeated column name, and a binary file (an SPSS,
 * Stata or spreadsheet file, named as such).
 *
 * The writer writes one canonical form: minimal quoting (only fields holding
 * the delimiter, a quote, CR or LF are quoted), "\n" line ends, values passed
 * through unchanged.
 *
 * `--tsv` is the same dialect with a tab as the delimiter. */
#ifndef POLLKIT_CSVIO_H
#define POLLKIT_CSVIO_H

#include <stdio.h>
#include <stddef.h>

#include "err.h"

typedef struct pk_csv_reader pk_csv_reader;

/* Open path for reading ("-" or NULL: standard input, named "<stdin>" in
 * messages) and read its header. delim is ',' or '\t'. Returns NULL and
 * fills err on failure (including an empty input). */
pk_csv_reader *pk_csv_reader_open(const char *path, char delim, pk_err *err);

/* The same, on an already open stream; `name` is used in messages. The
 * stream is not closed by pk_csv_reader_close. */
pk_csv_reader *pk_csv_reader_open_stream(FILE *f, const char *name, char delim, pk_err *err);

/* Lines without a quote character are split by the reader itself, which
 * is several times faster than libcsv and gives the same records; every
 * other line goes through libcsv. This flag turns the shortcut off, so
 * that tests and the fuzzer can compare the two. */
#define PK_READER_LIBCSV_ONLY 1u
pk_csv_reader *pk_csv_reader_open_stream_flags(FILE *f, const char *name, char delim, unsigned flags,
                                       pk_err *err);
/* A file that is not a table with a header, such as a pollster's banner
 * table saved as CSV: every record is data (the first one too), records
 * may have any number of fields, and an empty input has no records rather
 * than being an error. pk_csv_reader_ncols is then 0. */
#define PK_READER_NO_HEADER 2u
/* pk_csv_reader_open with flags. */
pk_csv_reader *pk_csv_reader_open_flags(const char *path, char delim, unsigned flags,
                                        pk_err *err);

/* A reader whose records come from another reader rather than from text:
 * input.h hands an SPSS or Stata file's records through one, so that code
 * written for CSV reads those files unchanged. The header is colnames
 * (checked as a CSV header is); next fills fields[0..ncols) and lens with
 * the next record and *line with its line, and returns 1, 0 at the end, or
 * -1 with err filled. The fields need stay valid only until the next call. */
typedef int (*pk_csv_source)(void *ctx, const char **fields, size_t *lens, long *line, pk_err *err);
pk_csv_reader *pk_csv_reader_open_source(const char *name, char *const *colnames, size_t ncols,
                                         pk_csv_source next, void *ctx, pk_err *err);

void pk_csv_reader_close(pk_csv_reader *r);

/* Advance to the next record. Returns 1 when a record is ready, 0 at the
 * end of the input, -1 on error (err filled). */
int pk_csv_reader_next(pk_csv_reader *r, pk_err *err);

/* The current record: its fields (NUL-terminated, valid until the next call
 * of pk_csv_reader_next) and the physical line where it starts. */
size_t pk_csv_reader_nfields(const pk_csv_reader *r);
const char *pk_csv_reader_field(const pk_csv_reader *r, size_t i);
size_t pk_csv_reader_field_len(const pk_csv_reader *r, size_t i);
long pk_csv_reader_line(const pk_csv_reader *r);
/* The current record's fields as one span: each field followed by its NUL,
 * one after the other (so *len counts every field's bytes plus one per
 * field). For programs that keep whole records, to copy them at once. */
const char *pk_csv_reader_record_span(const pk_csv_reader *r, size_t *len);
/* Whether the current record was one whole line of a file the reader can
 * seek in (a file, not a pipe), holding no quote and no CR but its line end:
 * 1 with its place, *len bytes (line end included) at offset *off (as ftello
 * counts), so that a program can read the same bytes again; else 0. */
int pk_csv_reader_record_raw(const pk_csv_reader *r, long long *off, size_t *len);
/* The stream the reader reads (NULL for a reader fed by a source). */
FILE *pk_csv_reader_stream(const pk_csv_reader *r);

/* The header. */
size_t pk_csv_reader_ncols(const pk_csv_reader *r);
const char *pk_csv_reader_colname(const pk_csv_reader *r, size_t i);
/* Index of the column named `name`, or -1. */
long pk_csv_reader_col(const pk_csv_reader *r, const char *name);
/* For a name that is no column: " (did you mean 'X'?)" naming the nearest
 * column, or "" (colname.h); into buf, PK_COLNAME_HINT_SIZE bytes. */
const char *pk_csv_reader_hint(const pk_csv_reader *r, const char *name, char *buf, size_t bufsize);
/* The line the header was on (1 unless the input starts with blank lines). */
long pk_csv_reader_header_line(const pk_csv_reader *r);

/* The name used in messages: the path, or "<stdin>". */
const char *pk_csv_reader_name(const pk_csv_reader *r);

/* A hook called every 65,536 records any reader returns, with the reader's
 * name and count: the programs use it to show progress on a terminal. The
 * core itself never prints. NULL removes it. */
void pk_csv_reader_progress_hook(void (*hook)(const char *name, long records));
/* The hook, every 65,536 records, for records read otherwise (pollclean's
 * second pass reads its own temporary file). */
void pk_csv_reader_progress(const char *name, long records);

/* Records returned so far (not counting the header). */
long pk_csv_reader_records(const pk_csv_reader *r);

typedef struct pk_csv_writer {
    FILE *f;
    char delim;
    int at_start;   /* no field written yet in the current record */
    int lone_empty; /* the record so far is one empty field */
    /* Numbers written lately, as text (pk_csv_writer_double): a support
     * table repeats a group's base, its level and its design effect on
     * each of its rows. Keyed by the value's bits and the digits. */
    struct {
        unsigned long long bits;
        int digits;     /* 0: empty */
        int len;
        char text[40];  /* PK_NUMBER_BUFSIZE */
    } memo[64];
} pk_csv_writer;

void pk_csv_writer_init(pk_csv_writer *w, FILE *f, char delim);
void pk_csv_writer_field(pk_csv_writer *w, const char *s);
void pk_csv_writer_field_n(pk_csv_writer *w, const char *s, size_t len);
/* A number with `digits` significant digits (number.h); NaN is empty. */
void pk_csv_writer_double(pk_csv_writer *w, double v, int digits);
void pk_csv_writer_long(pk_csv_writer *w, long v);
void pk_csv_writer_end(pk_csv_writer *w);
/* A whole record of n fields (s[i] of len[i] bytes), the same bytes as
 * pk_csv_writer_field_n on each and pk_csv_writer_end, written at once. */
void pk_csv_writer_record(pk_csv_writer *w, const char *const *s, const size_t *len, size_t n);

/* What a file's first bytes (up to 16 are looked at) say it is when it is
 * a binary file people hand over for CSV: an SPSS or Stata file, or
 * another (a ZIP archive such as an .xlsx, an old Excel .xls, gzip, SAS),
 * with *what set to a short description ("an SPSS .sav file"); else
 * PK_CSV_BINARY_NONE. The one list of such signatures: statfile.h
 * recognises its formats through it, and the reader refuses them as CSV
 * ("FILE: this is an SPSS .sav file, not CSV text"), through a pipe too. */
enum pk_csv_binary {
    PK_CSV_BINARY_NONE = 0,
    PK_CSV_BINARY_SPSS,
    PK_CSV_BINARY_STATA,
    PK_CSV_BINARY_OTHER
};
enum pk_csv_binary pk_csv_binary_kind(const unsigned char *head, size_t n, const char **what);

/* Validate that s[0..len) is well-formed UTF-8 (no overlongs, surrogates or
 * code points above U+10FFFF). Returns the byte offset of the first bad
 * byte, or (size_t)-1 when the text is valid. */
size_t pk_csv_utf8_invalid_at(const char *s, size_t len);

#endif
