/* Error reporting for the core library. The core never prints and never
 * exits: a function that fails fills a pk_err with one message, already
 * carrying its location ("FILE:LINE: message" or "FILE:LINE:COLUMN: message"),
 * and returns a non-zero status. Only a program's main() prints it, prefixed
 * with the program's name. */
#ifndef POLLKIT_ERR_H
#define POLLKIT_ERR_H

#include <stddef.h>
#include <stdio.h>

enum pk_status {
    PK_ERR_OK = 0,
    PK_ERR_DATA = 1,   /* bad input data, or I/O failure: exit status 1 */
    PK_ERR_USAGE = 2,  /* bad usage: exit status 2 */
    PK_ERR_NOMEM = 3   /* out of memory (reported as exit status 1) */
};

#define PK_ERR_MAX 1024

typedef struct pk_err {
    int status;            /* enum pk_status of the first error; 0 if none */
    char msg[PK_ERR_MAX];  /* the message, without the program's name */
} pk_err;

void pk_err_clear(pk_err *e);

/* Set the error (printf-style) and return status, so callers can write
 * `return pk_err_set(err, PK_ERR_DATA, "%s:%ld: ...", ...)`. Only the first
 * error is kept: later calls on an error already set do nothing, so the
 * root cause is what the user sees. */
int pk_err_set(pk_err *e, int status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* pk_err_set(e, PK_ERR_NOMEM, "out of memory"): the one message for memory
 * running out where no file position says more. */
int pk_err_nomem(pk_err *e);

/* Write at most max bytes of s into buf (size bufsize) for quoting a data
 * value inside a message: control characters are shown as \n, \t, \r,
 * \xHH (C0 and DEL) or \uHHHH (C1) and an over-long value is cut with
 * "...". Returns buf. */
const char *pk_err_quote(char *buf, size_t bufsize, const char *s, size_t len);

/* Human-facing text from data (a table for the terminal, a message): a
 * control character could move the cursor or repaint what was printed, so
 * each is written escaped, as pk_err_quote shows it: C0 (newline and tab
 * included) and DEL as \n, \t, \r or \x1B, C1 (U+0080 to U+009F) as
 * \u009B. pk_err_escaped_width is the width of the result in characters
 * (code points), for padding columns. */
void pk_err_write_escaped(FILE *f, const char *s, size_t len);
size_t pk_err_escaped_width(const char *s, size_t len);

/* A list of names inside one message or note ("q1, q2, q3 and 9997
 * more"): a table can hold any number of questions, groups or answers, and
 * a message that named them all would run to megabytes. The first names
 * are shown, at most max_names of them in at most max_chars bytes (0:
 * PK_ERR_LIST_SHOWN and PK_ERR_LIST_CHARS, which fit inside a pk_err
 * message; a note may allow more, up to PK_ERR_LIST_ROOM), each escaped as
 * pk_err_quote does and cut when long; the rest are counted and the count
 * said. Every message that lists names from the data builds its list here.
 * Zero-initialise (or set the two limits); no allocation. */
#define PK_ERR_LIST_SHOWN 20
#define PK_ERR_LIST_CHARS 400
#define PK_ERR_LIST_ROOM 2000

typedef struct pk_err_list {
    size_t max_names, max_chars;   /* 0: the defaults above */
    char text[PK_ERR_LIST_ROOM + 160];   /* the names shown */
    char out[PK_ERR_LIST_ROOM + 200];    /* text and "and N more" */
    size_t len, n, shown;
    int full;                      /* no more names are shown */
} pk_err_list;

/* One more name, formatted (printf-style; the arguments come from data and
 * are escaped); sep goes before it unless it is the first ("", ", ", "; "). */
void pk_err_list_add(pk_err_list *l, const char *sep, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* The list as text: the names shown, then " and N more" when some were
 * not. Valid until the next call on l. */
const char *pk_err_list_text(pk_err_list *l);

/* How many names were added. */
size_t pk_err_list_count(const pk_err_list *l);

#endif
