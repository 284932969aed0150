/* The sample poll's scale as data/codebook.csv declares it (its codes and
 * sides, the nets support and oppose, and the net score net), built in code
 * for the unit suites that need a scale without reading a codebook. */
#ifndef POLLKIT_PK_SAMPLE_SCALE_H
#define POLLKIT_PK_SAMPLE_SCALE_H

#include <check.h>

#include "scale.h"

static inline pk_scale *support_scale(void)
{
    pk_scale *s = pk_scale_new("response", NULL);
    const char *codes[] = {"strongly_support", "tend_support", "neither", "tend_oppose",
                           "strongly_oppose", "dont_know"};
    enum pk_side sides[] = {PK_SIDE_POSITIVE, PK_SIDE_POSITIVE, PK_SIDE_NEUTRAL,
                            PK_SIDE_NEGATIVE, PK_SIDE_NEGATIVE, PK_SIDE_DONT_KNOW};
    pk_err e;
    pk_err_clear(&e);
    for (int i = 0; i < 6; i++)
        ck_assert_int_eq(pk_scale_add_code(s, codes[i], NULL, sides[i], 0, &e), 0);
    ck_assert_int_eq(pk_scale_add_net(s, "support", "Support", PK_SCALE_KIND_NET_POSITIVE, NULL, 0,
                                      0, &e), 0);
    ck_assert_int_eq(pk_scale_add_net(s, "oppose", "Oppose", PK_SCALE_KIND_NET_NEGATIVE, NULL, 0,
                                      0, &e), 0);
    ck_assert_int_eq(pk_scale_add_net(s, "net", "Net support", PK_SCALE_KIND_NET_SCORE, NULL, 0, 0,
                                      &e), 0);
    ck_assert_msg(pk_scale_finish(s, &e) == 0, "%s", e.msg);
    return s;
}

#endif
