/* SPSS (.sav, .zsav) and Stata (.dta) files, read through ReadStat and
 * handed out one record at a time, like a CSV file's records.
 *
 * ReadStat parses a whole file in one call, calling back per variable, per
 * value and per value label; a .dta file stores its value labels after the
 * data, so labels are known only at the end. pk_statfile_read therefore
 * writes every value to an unlinked temporary file in $TMPDIR (or /tmp) as
 * it arrives, keeping in memory only the variables and the value labels, and
 * the records are then read back from that spool with their labels resolved.
 * Memory does not grow with the number of records.
 *
 * Each field is text, as if the file had been exported to CSV:
 *   - a value with a value label reads as the label; its number (or a
 *     labelled string's own text) is kept as the field's alternative;
 *   - any other number is written in the C locale, as short as reads back
 *     the same (integers without a decimal point);
 *   - system-missing is the empty field;
 *   - Stata's tagged missing .a-.z reads as its label, else as ".a";
 *   - a value the file declares missing (SPSS user-defined missing values
 *     and ranges; Stata's tagged missing) is flagged, so that the reader can
 *     treat it as missing unless it knows it as an answer.
 * A record's line is its number + 1, as if a header line preceded it.
 * Text arrives converted to UTF-8 by ReadStat; text that is not valid UTF-8
 * after all is an error naming the record and the variable. */
#ifndef POLLKIT_STATFILE_H
#define POLLKIT_STATFILE_H

#include <stddef.h>
#include <stdio.h>

#include "err.h"

enum pk_statfile_format {
    PK_STATFILE_NONE = 0,   /* not a file ReadStat reads here: CSV, presumably */
    PK_STATFILE_SAV,        /* SPSS .sav or .zsav */
    PK_STATFILE_DTA         /* Stata .dta, any version ReadStat reads */
};

/* The format the first bytes of a file show (up to 16 are looked at).
 * *other is set to a short description when the bytes are some other
 * binary format a user might hand over by mistake (a ZIP archive such as an
 * .xlsx, an old Excel .xls, SPSS portable, SAS, gzip), else NULL. */
enum pk_statfile_format pk_statfile_detect(const unsigned char *head, size_t n, const char **other);

/* "SPSS" or "Stata". */
const char *pk_statfile_format_name(enum pk_statfile_format fmt);

typedef struct pk_statfile pk_statfile;

/* Parse the file f (positioned at its start, which must be seekable) as
 * fmt. `name` is used in messages. NULL and err "NAME: ..." with
 * ReadStat's own words when the file is damaged or unreadable. f is not
 * closed. */
pk_statfile *pk_statfile_read(FILE *f, const char *name, enum pk_statfile_format fmt, pk_err *err);
void pk_statfile_free(pk_statfile *s);

/* A callback of pk_statfile_stream: 0 to go on, else non-zero with err
 * filled. */
typedef int (*pk_statfile_each)(pk_statfile *s, void *ctx, pk_err *err);

/* Read the file f as pk_statfile_read does, but hand each record over as
 * it is parsed, with no temporary copy of the values: on_header (may be
 * NULL) once the variables and value labels are known, then on_record for
 * each record, whose fields are read with pk_statfile_field and the rest,
 * as after pk_statfile_next. (A Stata file, whose value labels follow its
 * data, is still read whole first.) A callback's error is returned once
 * the parse is over, and only when the file itself gave none: a damaged
 * file is reported as such, as pk_statfile_read reports it, whatever a
 * callback said of its records before the damage. After a callback's
 * error no callback is called again. On success s is returned at its end
 * (pk_statfile_line and pk_statfile_records as once pk_statfile_next
 * has returned 0; it cannot be rewound); NULL with err filled on failure. */
pk_statfile *pk_statfile_stream(FILE *f, const char *name, enum pk_statfile_format fmt, pk_statfile_each on_header,
                                pk_statfile_each on_record, void *ctx, pk_err *err);

enum pk_statfile_format pk_statfile_format(const pk_statfile *s);

/* Variables, in the file's order. */
size_t pk_statfile_ncols(const pk_statfile *s);
const char *pk_statfile_colname(const pk_statfile *s, size_t i);
/* Index of the variable named name, or -1 (by hash). */
long pk_statfile_col(const pk_statfile *s, const char *name);
/* The variable label (a question's wording), or "". */
const char *pk_statfile_col_label(const pk_statfile *s, size_t i);
int pk_statfile_col_numeric(const pk_statfile *s, size_t i);

/* A variable's value labels, in the order the file lists them: the value
 * as a field would show it without its label (a number, a string, or ".a"
 * for Stata's tagged missing), its label, and whether the file declares
 * that value missing. */
size_t pk_statfile_nlabels(const pk_statfile *s, size_t col);
const char *pk_statfile_label_value(const pk_statfile *s, size_t col, size_t k);
const char *pk_statfile_label_text(const pk_statfile *s, size_t col, size_t k);
int pk_statfile_label_missing(const pk_statfile *s, size_t col, size_t k);

/* Go back to before the first record (not after pk_statfile_stream). */
int pk_statfile_rewind(pk_statfile *s, pk_err *err);

/* Advance to the next record: 1 when one is ready, 0 at the end, -1 on
 * error (err filled). */
int pk_statfile_next(pk_statfile *s, pk_err *err);

/* The current record's fields (valid until the next call of
 * pk_statfile_next): the text, the alternative (the number or own text of
 * a labelled value, else NULL), whether the value is declared missing. */
const char *pk_statfile_field(const pk_statfile *s, size_t i);
size_t pk_statfile_field_len(const pk_statfile *s, size_t i);
const char *pk_statfile_field_alt(const pk_statfile *s, size_t i, size_t *len);
int pk_statfile_field_missing(const pk_statfile *s, size_t i);
/* The four at once (a field past the last is NULL, empty, not missing). */
void pk_statfile_get(const pk_statfile *s, size_t i, const char **text, size_t *len, const char **alt, size_t *altlen,
                     int *missing);
long pk_statfile_line(const pk_statfile *s);
long pk_statfile_records(const pk_statfile *s);

#endif
