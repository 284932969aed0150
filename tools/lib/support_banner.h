/* The support table as a pollster's banner for a terminal: one block per
 * question, a column per group (All, then each --by column's groups and
 * its combined groups), percentages to whole numbers, bases underneath,
 * significance letters under the shares and their footnote. */
#ifndef POLLKIT_SUPPORT_BANNER_H
#define POLLKIT_SUPPORT_BANNER_H

#include <stdio.h>

#include "support.h"

void pk_support_banner_write(const pk_support *t, FILE *f);

#endif
