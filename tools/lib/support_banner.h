/* A support table as a pollster's banner for a terminal: one block per
 * question, a column per group (All, then each break's groups and its
 * combined groups), percentages to whole numbers, bases underneath,
 * significance letters under the shares and their footnote. Made from
 * the table's rows, so pollsupport's table (--format table) and any table
 * read back (pollbanner --format table) are laid out by the same code. */
#ifndef POLLKIT_SUPPORT_BANNER_H
#define POLLKIT_SUPPORT_BANNER_H

#include <stdio.h>

#include "support_xlsx.h"

/* Write the banner of the rows src gives (in question -> group ->
 * response order, as for the workbook) to f. Returns 0, or -1 when
 * memory runs out. */
int pk_support_banner_write_src(const pk_support_xlsx_src *src, FILE *f);

/* The same for pollsupport's table t. */
int pk_support_banner_write(const pk_support *t, FILE *f);

#endif
