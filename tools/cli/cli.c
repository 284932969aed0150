/* Shared main() plumbing for the programs; see cli.h. */
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <gsl/gsl_errno.h>
#include <libgen.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "csvio.h"
#include "number.h"
#include "util.h"

#define MAX_OUTPUTS 16

static const char *prog = "pollkit";
/* Temporaries not yet renamed into place, for removal on failure or signal.
 * Plain char pointers: the signal handler only reads them and calls unlink. */
static char *volatile pending[MAX_OUTPUTS];

static void remove_pending(void);

/* Leave after an error. Standard streams are flushed as exit() would, but
 * atexit handlers are skipped: the program stops in the middle of its work,
 * the system takes its memory back, and LeakSanitizer (which runs at exit)
 * is left to judge the runs that finish, where every allocation must be
 * freed. */
static noreturn void error_exit(int status)
{
    remove_pending();
    fflush(stdout);
    fflush(stderr);
    _exit(status);
}

static void remove_pending(void)
{
    for (int i = 0; i < MAX_OUTPUTS; i++)
        if (pending[i])
            unlink(pending[i]);
}

static void on_signal(int sig)
{
    remove_pending();
    signal(sig, SIG_DFL);
    raise(sig);
}

static void reader_progress(const char *name, long records)
{
    char what[300];
    snprintf(what, sizeof what, "records of %.256s", name);
    pk_progress(what, records);
}

static int closed_fds;   /* bit k: descriptor k was closed at start */

int pk_stdin_closed(void)
{
    return closed_fds & 1;
}

int pk_stdout_closed(void)
{
    return (closed_fds >> 1) & 1;
}

void pk_cli_init(const char *progname)
{
    prog = progname;
    for (int fd = 0; fd <= 2; fd++) {
        if (fcntl(fd, F_GETFD) != -1 || errno != EBADF)
            continue;
        /* open() returns the lowest free descriptor: this one. */
        int got = open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY);
        if (got != fd && got >= 0)
            close(got);
        closed_fds |= 1 << fd;
    }
    pk_csv_reader_progress_hook(reader_progress);
    gsl_set_error_handler_off();
    int sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGPIPE};
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_signal;
        sigemptyset(&sa.sa_mask);
        sigaction(sigs[i], &sa, NULL);
    }
}

const char *pk_prog(void)
{
    return prog;
}

static int progress_shown;

static void vmsg(const char *fmt, va_list ap)
{
    if (progress_shown) {
        fputs("\r\033[K", stderr);
        progress_shown = 0;
    }
    fflush(stdout);
    /* Messages quote data: a control character in it (ESC, BEL...) is
     * shown escaped, never sent to the terminal. */
    char buf[8192];
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    size_t len = n < 0 ? 0 : (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1;
    fprintf(stderr, "%s: ", prog);
    pk_err_write_escaped(stderr, buf, len);
    fputc('\n', stderr);
}

static int quiet;

int pk_quiet(void)
{
    return quiet;
}

void pk_quiet_set(int q)
{
    quiet = q;
}

void pk_msg(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vmsg(fmt, ap);
    va_end(ap);
}

void pk_note(const char *fmt, ...)
{
    if (pk_quiet())
        return;
    va_list ap;
    va_start(ap, fmt);
    vmsg(fmt, ap);
    va_end(ap);
}

noreturn void pk_die(int status, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vmsg(fmt, ap);
    va_end(ap);
    error_exit(status);
}

noreturn void pk_die_err(const pk_err *e)
{
    const char *msg = e->msg[0] ? e->msg : "unknown error";
    if (e->status == PK_ERR_USAGE)
        pk_usage_error("%s", msg);
    pk_die(PK_EXIT_DATA, "%s", msg);
}

noreturn void pk_usage_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vmsg(fmt, ap);
    va_end(ap);
    fprintf(stderr, "Try '%s --help'.\n", prog);
    error_exit(PK_EXIT_USAGE);
}

/* --help and --version with standard output closed would print into
 * /dev/null (see pk_cli_init) and succeed: say so instead. */
static void need_stdout(void)
{
    if (pk_stdout_closed())
        pk_die(PK_EXIT_DATA, "standard output is closed: there is nowhere to write to");
}

noreturn void pk_print_version(void)
{
    need_stdout();
    printf("%s (pollkit) %s\n", prog, POLLKIT_VERSION);
    exit(pk_finish(PK_EXIT_OK));
}

noreturn void pk_print_help(const char *text)
{
    need_stdout();
    fputs(text, stdout);
    exit(pk_finish(PK_EXIT_OK));
}

/* Whether the name, or any link on the way to its target, is in /dev or
 * /proc: /dev/stdout leads through /proc/self/fd/1 to whatever standard
 * output is, perhaps a regular file that the shell opened for appending. */
static int through_dev_or_proc(const char *path)
{
    char cur[4096], next[4096];
    snprintf(cur, sizeof cur, "%s", path);
    for (int hop = 0; hop < 40; hop++) {
        if (strncmp(cur, "/dev/", 5) == 0 || strncmp(cur, "/proc/", 6) == 0)
            return 1;
        ssize_t n = readlink(cur, next, sizeof next - 1);
        if (n < 0)
            return 0;
        next[n] = '\0';
        if (next[0] == '/') {
            memcpy(cur, next, (size_t)n + 1);
        } else {
            /* A relative link is relative to the link's own directory. */
            char *slash = strrchr(cur, '/');
            size_t keep = slash ? (size_t)(slash - cur) + 1 : 0;
            if (keep + (size_t)n + 1 > sizeof cur)
                return 0;
            memcpy(cur + keep, next, (size_t)n + 1);
        }
    }
    return 0;
}

/* Where path leads once every symbolic link of its last component is
 * followed, even to a target that does not exist yet (malloc'd; NULL when
 * memory runs out). A relative link is relative to its own directory. */
static char *follow_links(const char *path)
{
    char *cur = strdup(path);
    for (int hop = 0; cur && hop < 40; hop++) {
        struct stat lst;
        if (lstat(cur, &lst) != 0 || !S_ISLNK(lst.st_mode))
            return cur;
        char target[4096];
        ssize_t n = readlink(cur, target, sizeof target - 1);
        if (n < 0)
            return cur;
        target[n] = '\0';
        char *next;
        if (target[0] == '/') {
            next = strdup(target);
        } else {
            char *slash = strrchr(cur, '/');
            size_t keep = slash ? (size_t)(slash - cur) + 1 : 0;
            next = malloc(keep + (size_t)n + 1);
            if (next) {
                memcpy(next, cur, keep);
                memcpy(next + keep, target, (size_t)n + 1);
            }
        }
        free(cur);
        cur = next;
    }
    return cur;
}

/* What a file named on the command line is, to compare with another. */
typedef struct file_id {
    int kind;           /* 0: never compared; 1: dev/ino; 2: by name */
    dev_t dev;
    ino_t ino;
    char *name;
} file_id;

static file_id identify(const char *path, int output)
{
    file_id id = {0, 0, 0, NULL};
    struct stat st;
    if (strcmp(path, "-") == 0) {
        if (fstat(output ? STDOUT_FILENO : STDIN_FILENO, &st) == 0 && S_ISREG(st.st_mode)) {
            id.kind = 1;
            id.dev = st.st_dev;
            id.ino = st.st_ino;
        } else if (output) {
            id.kind = 2;            /* two outputs on one terminal or pipe */
            id.name = strdup("-");
        }
        return id;
    }
    if (stat(path, &st) == 0) {
        if (S_ISREG(st.st_mode)) {
            id.kind = 1;
            id.dev = st.st_dev;
            id.ino = st.st_ino;
        }
        return id;
    }
    if (!output)
        return id;
    /* Not there yet: where it will be, with its directory resolved. */
    char *real = follow_links(path);
    if (!real)
        return id;
    char *dcopy = strdup(real), *bcopy = strdup(real);
    char *dir = dcopy ? realpath(dirname(dcopy), NULL) : NULL;
    if (dir && bcopy) {
        const char *base = basename(bcopy);
        id.name = malloc(strlen(dir) + strlen(base) + 2);
        if (id.name) {
            sprintf(id.name, "%s/%s", dir, base);
            id.kind = 2;
        }
    }
    free(dir);
    free(dcopy);
    free(bcopy);
    free(real);
    return id;
}

static int same_file(const file_id *a, const file_id *b)
{
    if (a->kind != b->kind || a->kind == 0)
        return 0;
    if (a->kind == 1)
        return a->dev == b->dev && a->ino == b->ino;
    return strcmp(a->name, b->name) == 0;
}

void pk_check_files(const pk_file *inputs, size_t nin, const pk_file *outputs, size_t nout)
{
    file_id in[8], out[8];
    if (nin > 8 || nout > 8)
        pk_die(PK_EXIT_DATA, "too many files");
    for (size_t i = 0; i < nin; i++)
        in[i] = inputs[i].path ? identify(inputs[i].path, 0) : (file_id){0, 0, 0, NULL};
    for (size_t i = 0; i < nout; i++)
        out[i] = outputs[i].path ? identify(outputs[i].path, 1) : (file_id){0, 0, 0, NULL};
    for (size_t i = 0; i < nout; i++) {
        for (size_t j = 0; j < nin; j++)
            if (same_file(&out[i], &in[j]))
                pk_usage_error("%s %s is the same file as %s %s: writing it would destroy what is "
                               "still to be read", outputs[i].what, outputs[i].path, inputs[j].what,
                               inputs[j].path);
        for (size_t j = 0; j < i; j++)
            if (same_file(&out[i], &out[j]))
                pk_usage_error("%s %s and %s %s are the same file: one output would replace the other",
                               outputs[j].what, outputs[j].path, outputs[i].what, outputs[i].path);
    }
    for (size_t i = 0; i < nin; i++)
        free(in[i].name);
    for (size_t i = 0; i < nout; i++)
        free(out[i].name);
}

/* Standard output, when it is a pipe or a file and nothing has been
 * written to it yet, gets a large buffer (pk_util_stream_buffer): a
 * program writing 130 MB into a pipeline made 33,000 calls of write. A
 * terminal keeps its line buffering. */
static void stdout_buffer(void)
{
    static int done;
    if (done)
        return;
    done = 1;
#ifdef __GLIBC__
    if (stdout->_IO_buf_base != NULL)
        return;     /* already written to: its buffer cannot be changed */
#else
    return;
#endif
    if (isatty(STDOUT_FILENO))
        return;
    pk_util_stream_buffer(stdout);
#ifdef F_SETPIPE_SZ
    /* Into a pipe: room for 1 MiB in it where the system allows (else it
     * keeps its 64 KiB), so that the next program's pauses do not stop
     * this one at once. */
    struct stat st;
    if (fstat(STDOUT_FILENO, &st) == 0 && S_ISFIFO(st.st_mode))
        (void)fcntl(STDOUT_FILENO, F_SETPIPE_SZ, 1 << 20);
#endif
}

int pk_out_open(pk_out *o, const char *path, pk_err *err)
{
    memset(o, 0, sizeof *o);
    o->slot = -1;
    if (!path || strcmp(path, "-") == 0) {
        stdout_buffer();
        o->f = stdout;
        return 0;
    }
    /* Where the name leads: through a symbolic link to its target, which
     * is what must be replaced or, if the link dangles, created (never the
     * link itself). */
    char *target = follow_links(path);
    if (!target)
        return pk_err_set(err, PK_ERR_DATA, "%s: out of memory", path);
    struct stat st;
    int exists = stat(target, &st) == 0;
    const char *real = target;
    int special = exists && (!S_ISREG(st.st_mode) || through_dev_or_proc(path));
    if (exists && S_ISDIR(st.st_mode)) {
        free(target);
        return pk_err_set(err, PK_ERR_DATA, "%s: is a directory", path);
    }
    if (special) {
        /* A device, a pipe, or a descriptor such as /dev/stdout cannot be
         * replaced by rename: write to it directly. */
        free(target);
        struct stat out;
        if (fstat(STDOUT_FILENO, &out) == 0 && out.st_dev == st.st_dev && out.st_ino == st.st_ino) {
            stdout_buffer();
            o->f = stdout;  /* -o /dev/stdout: keep the shell's own descriptor */
            return 0;
        }
        /* Appending leaves alone what a descriptor's file already holds. */
        o->f = fopen(path, "a");
        if (!o->f)
            return pk_err_set(err, PK_ERR_DATA, "%s: %s", path, strerror(errno));
        o->path = strdup(path);
        return 0;
    }
    int slot = -1;
    for (int i = 0; i < MAX_OUTPUTS; i++)
        if (!pending[i]) {
            slot = i;
            break;
        }
    char *dcopy = strdup(real), *bcopy = strdup(real);
    if (!dcopy || !bcopy || slot < 0) {
        free(dcopy);
        free(bcopy);
        free(target);
        return pk_err_set(err, PK_ERR_DATA, "%s: too many outputs or out of memory", path);
    }
    const char *dir = dirname(dcopy), *base = basename(bcopy);
    size_t len = strlen(dir) + strlen(base) + 16;
    char *tmp = malloc(len);
    if (!tmp) {
        free(dcopy);
        free(bcopy);
        free(target);
        return pk_err_set(err, PK_ERR_DATA, "%s: out of memory", path);
    }
    snprintf(tmp, len, "%s/.%s.XXXXXX", dir, base);
    free(dcopy);
    free(bcopy);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        int e = errno;
        free(tmp);
        free(target);
        return pk_err_set(err, PK_ERR_DATA, "%s: cannot create: %s", path, strerror(e));
    }
    /* An existing file keeps its permission bits; a new one gets what
     * open() would give it. */
    if (exists) {
        fchmod(fd, st.st_mode & 07777);
    } else {
        mode_t mask = umask(0);
        umask(mask);
        fchmod(fd, 0666 & ~mask);
    }
    o->f = fdopen(fd, "w");
    if (!o->f) {
        close(fd);
        unlink(tmp);
        free(tmp);
        free(target);
        return pk_err_set(err, PK_ERR_DATA, "%s: %s", path, strerror(errno));
    }
    pk_util_stream_buffer(o->f);
    o->path = strdup(real);
    free(target);
    o->tmp = tmp;
    o->slot = slot;
    pending[slot] = tmp;
    return 0;
}

static void release(pk_out *o)
{
    if (o->slot >= 0)
        pending[o->slot] = NULL;
    free(o->tmp);
    free(o->path);
    o->tmp = o->path = NULL;
    o->slot = -1;
    o->f = NULL;
}

int pk_out_commit(pk_out *o, pk_err *err)
{
    if (!o->f)
        return 0;
    if (o->f == stdout) {
        if (fflush(stdout) != 0 || ferror(stdout)) {
            int e = errno;
            o->f = NULL;
            if (e == EPIPE)
                return pk_err_set(err, PK_ERR_DATA, "%s", "");
            return pk_err_set(err, PK_ERR_DATA, "write error: %s", strerror(e));
        }
        o->f = NULL;
        return 0;
    }
    int bad = (fflush(o->f) != 0 || ferror(o->f));
    int e = errno;
    if (fclose(o->f) != 0 && !bad) {
        bad = 1;
        e = errno;
    }
    o->f = NULL;
    if (bad) {
        pk_err_set(err, PK_ERR_DATA, "%s: write error: %s", o->path, strerror(e));
        if (o->tmp)
            unlink(o->tmp);
        release(o);
        return PK_ERR_DATA;
    }
    if (o->tmp && rename(o->tmp, o->path) != 0) {
        e = errno;
        pk_err_set(err, PK_ERR_DATA, "%s: cannot rename into place: %s", o->path, strerror(e));
        unlink(o->tmp);
        release(o);
        return PK_ERR_DATA;
    }
    release(o);
    return 0;
}

void pk_out_abort(pk_out *o)
{
    if (!o->f)
        return;
    if (o->f != stdout)
        fclose(o->f);
    if (o->tmp)
        unlink(o->tmp);
    release(o);
}

void pk_out_open_or_die(pk_out *o, const char *path)
{
    pk_err e;
    pk_err_clear(&e);
    if (pk_out_open(o, path, &e) != 0)
        pk_die_err(&e);
}

void pk_out_commit_or_die(pk_out *o)
{
    pk_err e;
    pk_err_clear(&e);
    if (pk_out_commit(o, &e) != 0) {
        if (e.msg[0] == '\0')   /* closed pipe: quiet */
            error_exit(PK_EXIT_DATA);
        pk_die_err(&e);
    }
}

static const char *progress_stage;

/* Whether progress may be drawn: see cli.h. */
static int progress_wanted(void)
{
    static int wanted = -1;
    if (wanted < 0) {
        struct stat st;
        int piped = fstat(STDOUT_FILENO, &st) == 0 && S_ISFIFO(st.st_mode);
        wanted = isatty(STDERR_FILENO) && !piped;
    }
    return wanted && !pk_quiet();
}

void pk_progress_stage(const char *stage)
{
    pk_progress_done();
    progress_stage = stage;
}

void pk_progress(const char *what, long count)
{
    static struct timespec last;
    if ((count & 0xFFFF) != 0)
        return;
    if (!progress_wanted())
        return;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    double dt = (double)(now.tv_sec - last.tv_sec) + (double)(now.tv_nsec - last.tv_nsec) / 1e9;
    if (progress_shown && dt < 0.5)
        return;
    last = now;
    fprintf(stderr, "\r%s: %s%s%ld %s", prog, progress_stage ? progress_stage : "",
            progress_stage ? ": " : "", count, what);
    progress_shown = 1;
}

void pk_progress_done(void)
{
    if (progress_shown) {
        fputs("\r\033[K", stderr);
        progress_shown = 0;
    }
}

int pk_finish(int status)
{
    pk_progress_done();
    int bad = (fflush(stdout) != 0 || ferror(stdout));
    int e = errno;
    if (fclose(stdout) != 0 && !bad) {
        bad = 1;
        e = errno;
    }
    if (bad) {
        remove_pending();
        if (e == EPIPE)
            return PK_EXIT_DATA;
        fprintf(stderr, "%s: write error: %s\n", prog, strerror(e));
        return PK_EXIT_DATA;
    }
    return status;
}

/* The input, positioned at its start, and where that start is, so that the
 * second pass can seek back to it. A pipe is copied to a temporary file. */
FILE *pk_open_seekable_input(const char *path, const char **name, off_t *start)
{
    FILE *in;
    if (!path || strcmp(path, "-") == 0) {
        in = stdin;
        *name = "<stdin>";
    } else {
        in = fopen(path, "rb");
        if (!in)
            pk_die(PK_EXIT_DATA, "%s: %s", path, strerror(errno));
        *name = path;
    }
    struct stat st;
    if (fstat(fileno(in), &st) == 0 && S_ISREG(st.st_mode) && (*start = ftello(in)) >= 0)
        return in;
    /* The spool can be as large as the input: in $TMPDIR (util.h). */
    const char *dir;
    FILE *t = pk_util_tmpfile(pk_prog(), &dir);
    if (!t)
        pk_die(PK_EXIT_DATA, "cannot create a temporary file in %s to hold %s: %s", dir, *name, strerror(errno));
    static char buf[1 << 16];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, in)) > 0)
        if (fwrite(buf, 1, n, t) != n)
            pk_die(PK_EXIT_DATA, "writing the temporary copy of %s: %s", *name, strerror(errno));
    if (ferror(in))
        pk_die(PK_EXIT_DATA, "%s: read error: %s", *name, strerror(errno));
    if (fflush(t) != 0)
        pk_die(PK_EXIT_DATA, "writing the temporary copy of %s: %s", *name, strerror(errno));
    if (in != stdin)
        fclose(in);
    rewind(t);
    *start = 0;
    return t;
}

/* A library that prints its own messages (libxlsxwriter's "[ERROR] ..."
 * lines) would speak past the program, in its own words and naming its
 * scratch files. While held, standard error goes to an unlinked temporary
 * file; on release it is restored and what was written is replayed, less
 * the lines the library marks as its own. */
int pk_stderr_hold(void)
{
    fflush(stderr);
    FILE *t = tmpfile();
    if (!t)
        return -1;
    int saved = dup(STDERR_FILENO);
    if (saved < 0 || dup2(fileno(t), STDERR_FILENO) < 0) {
        if (saved >= 0)
            close(saved);
        fclose(t);
        return -1;
    }
    fclose(t); /* the descriptor 2 now holds the file open */
    return saved;
}

void pk_stderr_release(int held)
{
    if (held < 0)
        return;
    fflush(stderr);
    FILE *t = fdopen(dup(STDERR_FILENO), "rb");
    dup2(held, STDERR_FILENO);
    close(held);
    if (!t)
        return;
    rewind(t);
    char line[4096];
    int own = 0;   /* inside a library line (longer than the buffer) */
    while (fgets(line, sizeof line, t)) {
        int start = !own;
        own = start ? (strncmp(line, "[ERROR]", 7) == 0 || strncmp(line, "[WARNING]", 9) == 0)
                    : own;
        if (!own)
            fputs(line, stderr);
        if (strchr(line, '\n'))
            own = 0;
    }
    fclose(t);
}

int pk_out_copy(pk_out *out, FILE *in)
{
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, in)) > 0)
        if (fwrite(buf, 1, n, out->f) != n)
            break;   /* pk_out_commit reports the write error */
    return ferror(in) ? -1 : 0;
}

void pk_out_document(pk_out *out, const char *what, pk_out_document_fn write, const void *ctx)
{
    if (isatty(fileno(out->f)))
        pk_die(PK_EXIT_USAGE, "%s: will not write a binary document to a terminal (give -o FILE)",
               what);
    const char *tmpdir = getenv("TMPDIR");
    if (!tmpdir || !tmpdir[0])
        tmpdir = "/tmp";
    char *name = NULL;
    if (asprintf(&name, "%s/%s.document", tmpdir, prog) < 0)
        pk_die(PK_EXIT_DATA, "out of memory");
    pk_err err;
    pk_err_clear(&err);
    pk_out scratch;
    if (pk_out_open(&scratch, name, &err) != 0 || !scratch.tmp)
        pk_die(PK_EXIT_DATA, "cannot make a scratch file in %s: %s", tmpdir,
               err.msg[0] ? err.msg : "not a regular file");
    free(name);
    time_t created = 315532800; /* 1980-01-01T00:00:00Z */
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    long v;
    if (sde && sde[0] && pk_number_parse_long(sde, &v) == 0 && v >= 0)
        created = (time_t)v;
    const char *shown = out->path ? out->path : "standard output";
    int held = pk_stderr_hold();
    int rc = write(ctx, scratch.tmp, shown, created, tmpdir, &err);
    pk_stderr_release(held);
    if (rc != 0)
        pk_die_err(&err);
    FILE *in = fopen(scratch.tmp, "rb");
    if (!in)
        pk_die(PK_EXIT_DATA, "%s: cannot read the document back from its scratch file: %s",
               shown, strerror(errno));
    if (pk_out_copy(out, in) != 0)
        pk_die(PK_EXIT_DATA, "%s: cannot read the document back from its scratch file", shown);
    fclose(in);
    pk_out_abort(&scratch);
}
