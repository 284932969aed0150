/* What every program's main() shares: its name in messages, exiting with
 * the exit statuses docs/guide.md documents, and output files that appear
 * whole or not at all (the command line is options.h). Unlike tools/lib,
 * this code prints and exits. */
#ifndef POLLKIT_CLI_H
#define POLLKIT_CLI_H

#include <stdio.h>
#include <time.h>
#include <stdnoreturn.h>
#include <sys/types.h>

#include "err.h"

/* Exit statuses shared by every program (docs/guide.md). */
enum pk_exit {
    PK_EXIT_OK = 0,
    PK_EXIT_DATA = 1,
    PK_EXIT_USAGE = 2,
    PK_EXIT_CLAIM_FAILED = 3
};

/* Call first in main(): records the program name, turns GSL's abort-on-error
 * handler off, and arranges for output temporaries to be removed if the
 * program is interrupted. A standard stream the program was started
 * without (`prog <&-`) is opened on /dev/null, so that no file the program
 * opens can take its place, and remembered: the option layer refuses to
 * read or write it, saying that it is closed. */
void pk_cli_init(const char *progname);
const char *pk_prog(void);
int pk_stdin_closed(void);
int pk_stdout_closed(void);

/* Whether -q/--quiet was given (the option layer sets it): no summaries
 * or notes on standard error (errors are still reported). */
int pk_quiet(void);
void pk_quiet_set(int quiet);

/* "prog: message" on standard error. */
void pk_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The same, unless -q/--quiet was given: for summaries and notes. */
void pk_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Print "prog: message", remove unfinished outputs, exit with status. */
noreturn void pk_die(int status, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Print a core error and exit: for PK_ERR_USAGE as pk_usage_error does
 * (status 2, with the hint), else status 1. */
noreturn void pk_die_err(const pk_err *e);

/* Bad usage: "prog: message", then "Try 'prog --help'.", exit 2. */
noreturn void pk_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* `--version`: "prog (pollkit) VERSION" on stdout, exit 0. */
noreturn void pk_print_version(void);

/* Print help text (already complete) on stdout and exit 0. */
noreturn void pk_print_help(const char *text);

/* A file named on the command line: the option that names it ("--report",
 * "-o"; "the input" for an operand) and its path (NULL: not given; "-":
 * standard input or output). */
typedef struct pk_file {
    const char *what;
    const char *path;
} pk_file;

/* Called by the option layer (options.h) once the options are read, with
 * every file option the program's table declares, before any output is
 * opened: an output
 * that is one of the inputs, or two outputs that are one file (the same
 * device and inode, whatever the names and links; outputs that do not
 * exist yet by where their names lead), are bad usage (exit 2), so that
 * nothing is written over a file still to be read, or twice. Devices and
 * pipes (/dev/null) are never compared. */
void pk_check_files(const pk_file *inputs, size_t nin, const pk_file *outputs, size_t nout);

/* An output that appears whole or not at all. With a path, it is written to
 * a temporary file beside it and renamed over it by pk_out_commit; a path
 * that names an existing device or pipe (/dev/stdout, /dev/full, a FIFO) is
 * written directly. NULL or "-" is standard output. A symbolic link is
 * followed to its target, which is replaced (or created, if the link
 * dangles), as cp does; the link itself stays. An existing file keeps its
 * permission bits (microdata in a 0600 file stays 0600); a new one gets
 * 0666 less the umask. The temporaries are removed on every exit: errors,
 * and SIGINT, SIGTERM, SIGHUP and SIGPIPE (`| head -1`). */
typedef struct pk_out {
    FILE *f;
    char *path;   /* final name, NULL for standard output */
    char *tmp;    /* temporary name while open, NULL when written directly */
    int slot;     /* index in the registry of unfinished outputs */
} pk_out;

int pk_out_open(pk_out *o, const char *path, pk_err *err);
/* Flush and check the stream, close it, and move it into place. On failure
 * the temporary is removed and err names the file. Standard output is only
 * flushed here; pk_finish() closes it. */
int pk_out_commit(pk_out *o, pk_err *err);
/* Give up on an output: close it and remove the temporary. */
void pk_out_abort(pk_out *o);

/* Open an output or die (exit 1) with the error. */
void pk_out_open_or_die(pk_out *o, const char *path);
void pk_out_commit_or_die(pk_out *o);

/* Progress for long runs: call once per record; every 64Ki records, and at
 * most twice a second, "prog: [STAGE: ]N rows" is redrawn on standard
 * error. It is drawn only when standard error is a terminal (never in
 * files or tests), -q was not given, and standard output is not a pipe:
 * in a pipeline of pollkit programs sharing one terminal only the last
 * (whose output goes to a file or the terminal) draws, so the lines never
 * overwrite each other. pk_progress_done() clears the line;
 * pk_progress_stage("pass 2 of 2") clears it and names what follows (NULL:
 * nothing). */
void pk_progress(const char *what, long count);
void pk_progress_done(void);
void pk_progress_stage(const char *stage);

/* The input operand (NULL or "-": standard input, named "<stdin>"),
 * positioned at its start, with that start in *start, so that it can be
 * read again and so that ReadStat can seek in it: a regular file is used as
 * it is; standard input or a pipe is first copied to an unlinked temporary
 * file in $TMPDIR (or /tmp). Dies (exit 1) on failure. */
FILE *pk_open_seekable_input(const char *path, const char **name, off_t *start);

/* Copy the rest of in into out; a write error is left for pk_out_commit
 * to report. -1 when in cannot be read (errno set). */
int pk_out_copy(pk_out *out, FILE *in);

/* Write a binary document (an .xlsx workbook) to out through write(), which
 * makes it at path: first to a scratch file in $TMPDIR (itself a pending
 * output, removed on any exit), then copied into out, atomic as every
 * output is. Refused on a terminal. The creation time handed to write is
 * fixed (SOURCE_DATE_EPOCH when set, else 1980-01-01, the ZIP format's
 * first date) so that the same table gives the same bytes; messages name
 * the user's output, never the scratch file, and a library's own
 * "[ERROR]" lines are held back. Dies (exit 1) on failure. */
typedef int (*pk_out_document_fn)(const void *ctx, const char *path, const char *shown,
                                  time_t created, const char *tmpdir, pk_err *err);
void pk_out_document(pk_out *out, const char *what, pk_out_document_fn write, const void *ctx);

/* Hold back what a library prints on standard error by itself (its own
 * "[ERROR]" or "[WARNING]" lines) while it works: pk_stderr_hold returns
 * a handle (-1 if standard error could not be redirected; release accepts
 * it); pk_stderr_release restores standard error and passes on every other
 * line written meanwhile. Release before printing any message of the
 * program's own. */
int pk_stderr_hold(void);
void pk_stderr_release(int held);

/* Last step of main(): close standard output, checking for write errors
 * (a full disk is exit 1 with a message; a closed pipe is a quiet exit 1),
 * then return status for main() to return. */
int pk_finish(int status);

#endif
