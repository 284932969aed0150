/* Shared main() for the Check suites: runs the suite and fails when it ran
 * no test at all (a misspelt CK_RUN_SUITE runs nothing and exits 0). */
#ifndef POLLKIT_PK_CHECK_H
#define POLLKIT_PK_CHECK_H

#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "codebook.h"
#include "err.h"

#define PK_CHECK_MAIN(make_suite)                                          \
    int main(void)                                                         \
    {                                                                      \
        SRunner *sr = srunner_create(make_suite());                        \
        srunner_run_all(sr, CK_NORMAL);                                    \
        int ran = srunner_ntests_run(sr);                                  \
        int failed = srunner_ntests_failed(sr);                            \
        srunner_free(sr);                                                  \
        if (ran == 0) {                                                    \
            fprintf(stderr, "no test ran\n");                              \
            return EXIT_FAILURE;                                           \
        }                                                                  \
        return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;                  \
    }

/* Every test case's time limit, in seconds. Tests check what is computed,
 * never how fast (speed is measured in tests/bench/); the limit only stops a
 * test that hangs. Check's own default is 4 s, which a test near it misses at
 * random when the machine is busy or the build is instrumented, so every
 * case is made through pk_tcase() with this limit instead: generous enough
 * for the AddressSanitizer build on a loaded 2-core machine. CTest's own
 * timeout for the suite stays above it. */
#define PK_TCASE_TIMEOUT 900

static inline TCase *pk_tcase(const char *name)
{
    TCase *tc = tcase_create(name);
    tcase_set_timeout(tc, PK_TCASE_TIMEOUT);
    return tc;
}

/* Path of a file in the source tree (POLLKIT_SRC is set by CTest). */
static inline const char *pk_src_path(char *buf, size_t n, const char *rel)
{
    const char *src = getenv("POLLKIT_SRC");
    snprintf(buf, n, "%s/%s", src ? src : ".", rel);
    return buf;
}

/* The helpers every suite shares. */

/* A reproducible random stream for the suites' generated samples: a 64-bit
 * linear congruential generator seeded with pk_test_seed, whose top 53
 * bits pk_test_unif returns as a double in [0, 1). */
static inline uint64_t *pk_test_rng(void)
{
    static uint64_t state;
    return &state;
}

static inline void pk_test_seed(uint64_t seed)
{
    *pk_test_rng() = seed;
}

static inline double pk_test_unif(void)
{
    uint64_t *s = pk_test_rng();
    *s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
    return (double)(*s >> 11) / 9007199254740992.0;
}

/* Write text to a new temporary file (in $TMPDIR, else /tmp) named after
 * stem; its path goes in path[n]. The caller unlinks it. */
static inline const char *pk_test_write_tmp(char *path, size_t n, const char *stem, const char *text)
{
    const char *dir = getenv("TMPDIR");
    snprintf(path, n, "%s/pk_%s_XXXXXX", dir && *dir ? dir : "/tmp", stem);
    int fd = mkstemp(path);
    ck_assert_msg(fd >= 0, "cannot make a temporary file %s", path);
    FILE *f = fdopen(fd, "w");
    ck_assert_ptr_nonnull(f);
    ck_assert_int_ge(fputs(text, f), 0);
    ck_assert_int_eq(fclose(f), 0);
    return path;
}

/* A codebook read from text through a temporary file (removed again);
 * NULL with the error in *e. */
static inline pk_codebook *pk_test_codebook_text(const char *text, pk_err *e)
{
    char path[4096];
    pk_err_clear(e);
    pk_codebook *cb = pk_codebook_read(pk_test_write_tmp(path, sizeof path, "codebook", text), e);
    unlink(path);
    return cb;
}

/* The sample poll's codebook, data/codebook.csv; the case fails without it. */
static inline pk_codebook *pk_test_load_sample(void)
{
    char path[4096];
    pk_err e;
    pk_err_clear(&e);
    pk_codebook *cb = pk_codebook_read(pk_src_path(path, sizeof path, "data/codebook.csv"), &e);
    if (!cb)
        ck_abort_msg("data/codebook.csv: %s", e.msg);
    return cb;
}

#endif
