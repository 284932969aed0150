/* The formatter against printf at scale (run by tests/bench/number.sh, by
 * hand): N values of the kinds the programs write, each printed by
 * pk_number_format and by "%.*g"; prints the count checked, the mismatches
 * (the first few in full) and the time each way (the digits alternate every
 * eighth value, so every kind is printed at both). The unit suite checks
 * 100,000 values and the rounding boundaries; this is the long run. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "number.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double value(long i)
{
    switch (i % 8) {
    case 0: return drand48() * 5;
    case 1: return exp((drand48() - 0.5) * 40);
    case 2: return -exp((drand48() - 0.5) * 40);
    case 3: return floor(drand48() * 1e6) / 1e3;                    /* short decimals */
    case 4: return floor(drand48() * 1e9);                           /* counts */
    case 5: return floor(drand48() * 1e5) / pow(10, (double)(i % 7)); /* short decimals */
    case 6: return nextafter(floor(drand48() * 1e4) / 100, (i & 8) ? 0 : 1e9);  /* beside one */
    default: return drand48();
    }
}

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 1000000;
    char a[PK_NUMBER_BUFSIZE], b[64];
    long bad = 0;
    srand48(20251121);
    for (long i = 0; i < n; i++) {
        double v = value(i);
        int d = (i >> 3) % 2 ? PK_DIGITS_WEIGHT : PK_DIGITS_STAT;
        pk_number_format(a, v, d);
        snprintf(b, sizeof b, "%.*g", d, v);
        if (strcmp(a, b) != 0 && bad++ < 5)
            printf("mismatch: %.17g at %d digits: '%s' vs printf '%s'\n", v, d, a, b);
    }
    /* Timing, each way over the same values. */
    double t0 = now();
    srand48(20251121);
    for (long i = 0; i < n; i++)
        pk_number_format(a, value(i), (i >> 3) % 2 ? PK_DIGITS_WEIGHT : PK_DIGITS_STAT);
    double t1 = now();
    srand48(20251121);
    for (long i = 0; i < n; i++)
        snprintf(b, sizeof b, "%.*g", (i >> 3) % 2 ? PK_DIGITS_WEIGHT : PK_DIGITS_STAT, value(i));
    double t2 = now();
    printf("%ld values checked, %ld mismatches\n", n, bad);
    printf("pk_number_format %.2f s, snprintf %.2f s (%.1fx)\n", t1 - t0, t2 - t1,
           (t1 - t0) > 0 ? (t2 - t1) / (t1 - t0) : 0);
    return bad ? 1 : 0;
}
