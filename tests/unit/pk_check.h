/* Shared main() for the Check suites: runs the suite and fails when it ran
 * no test at all (a misspelt CK_RUN_SUITE runs nothing and exits 0). */
#ifndef POLLKIT_PK_CHECK_H
#define POLLKIT_PK_CHECK_H

#include <check.h>
#include <stdio.h>
#include <stdlib.h>

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

#endif
