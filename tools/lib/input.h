/* A raw export's records, whatever the file: CSV/TSV (csvio.h) or an SPSS
 * .sav/.zsav or Stata .dta file (statfile.h), recognised by its first bytes,
 * never by its name. pollclean and pollcodebook read through this, so that
 * both kinds of file give the same records, lines and messages.
 *
 * For a CSV file everything is as csvio.h says. For an SPSS or Stata file
 * the header is the variable names, a field is the value's label where it
 * has one (its number is the field's alternative, pk_input_field_alt), a
 * record's line is its number + 1 (as if a header line preceded it), and a
 * value the file declares missing is flagged (pk_input_field_missing). */
#ifndef POLLKIT_INPUT_H
#define POLLKIT_INPUT_H

#include <stddef.h>
#include <stdio.h>

#include "csvio.h"
#include "err.h"
#include "statfile.h"

typedef struct pk_input pk_input;

/* Open the stream f (at its start; `name` is used in messages). A seekable
 * stream is recognised by content; an unseekable one is read as CSV with
 * delimiter delim. NULL and err filled on failure, including a binary file
 * of another kind (a spreadsheet, say), which is named as such. f is not
 * closed by pk_input_close. */
pk_input *pk_input_open(FILE *f, const char *name, char delim, pk_err *err);
/* A callback of pk_input_stream: 0 to go on, else non-zero with err
 * filled. */
typedef int (*pk_input_each)(pk_input *in, void *ctx, pk_err *err);

/* Open f as pk_input_open does and hand every record to on_record (read
 * its fields with pk_input_field and the rest, as after pk_input_next):
 * first on_header (may be NULL) once the header is known, last on_end
 * (may be NULL) at the end of the input, where pk_input_line is what it
 * is once pk_input_next has returned 0. An SPSS file's records are
 * handed over as they are parsed, with no temporary copy of its values
 * (pk_statfile_stream): an error of the file itself is reported before
 * any a callback gave. The input is closed before the return: 0, or the
 * status of err. */
int pk_input_stream(FILE *f, const char *name, char delim, pk_input_each on_header, pk_input_each on_record,
                    pk_input_each on_end, void *ctx, pk_err *err);
/* The same on the file at path (NULL or "-": standard input, named
 * "<stdin>"), which pk_input_close closes. A pipe is recognised by its
 * first bytes too: CSV is read from it, and an SPSS or Stata file (which
 * can only be read from a file) is refused with a message saying so. */
pk_input *pk_input_open_path(const char *path, char delim, pk_err *err);
void pk_input_close(pk_input *in);

/* PK_STATFILE_NONE for CSV. */
enum pk_statfile_format pk_input_format(const pk_input *in);
const char *pk_input_name(const pk_input *in);

size_t pk_input_ncols(const pk_input *in);
const char *pk_input_colname(const pk_input *in, size_t i);
/* Index of the column named `name`, or -1. */
long pk_input_col(const pk_input *in, const char *name);
/* For a name that is no column: " (did you mean 'X'?)" or "" (colname.h). */
const char *pk_input_hint(const pk_input *in, const char *name, char *buf, size_t bufsize);
/* A column's label (an SPSS/Stata variable label), or "" (always, for CSV). */
const char *pk_input_col_label(const pk_input *in, size_t i);
/* The line of the header (for SPSS/Stata: 1). */
long pk_input_header_line(const pk_input *in);
/* The underlying SPSS/Stata file, for its value labels; NULL for CSV. */
const pk_statfile *pk_input_statfile(const pk_input *in);

/* The input as a CSV reader (csvio.h), for programs that read microdata
 * with one: the CSV reader itself, or for an SPSS or Stata file a reader
 * fed its records, a field being the value's label where it has one, else
 * its text, and empty where the file declares the value missing. Owned by
 * in: valid until pk_input_close; read records from it, not from in. NULL
 * with err filled when memory runs out. */
pk_csv_reader *pk_input_as_csv(pk_input *in, pk_err *err);

/* 1 when a record is ready, 0 at the end, -1 on error (err filled). */
int pk_input_next(pk_input *in, pk_err *err);

size_t pk_input_nfields(const pk_input *in);
const char *pk_input_field(const pk_input *in, size_t i);
size_t pk_input_field_len(const pk_input *in, size_t i);
/* The number behind a labelled value, or NULL (always, for CSV). */
const char *pk_input_field_alt(const pk_input *in, size_t i, size_t *len);
/* Whether the file declares the value missing (never, for CSV). */
int pk_input_field_missing(const pk_input *in, size_t i);
/* All of field i at once, as the four functions above give it (a field
 * past the record's end is empty). */
typedef struct pk_input_value {
    const char *text;
    size_t len;
    const char *alt;   /* the number behind a labelled value, or NULL */
    size_t altlen;
    int missing;
} pk_input_value;
void pk_input_get(const pk_input *in, size_t i, pk_input_value *v);
long pk_input_line(const pk_input *in);
/* Records returned so far. */
long pk_input_records(const pk_input *in);

#endif
