/* Reading an Excel workbook (.xlsx): its sheets in order, each as rows of
 * cells whose text is what the sheet shows a reader, for programs that read
 * a pollster's published tables (polltable) the way they read CSV.
 *
 * A workbook is a zip archive of XML parts; libzip opens the archive and
 * libxml2's streaming reader (xmlTextReader) reads each part, so that a
 * sheet of any size is read a row at a time, never built as a tree.
 * Hand-written here, because no library does it: which parts make up the
 * workbook (workbook.xml and its relationships), the shared strings, the
 * cell formats (styles.xml: which formats are percentages), the cell
 * references, and the merged ranges.
 *
 * A cell's text, as Excel stores it:
 *   - a shared or inline string (rich text: its runs joined), or a
 *     formula's saved text, as it is;
 *   - a number with a percentage format (built-in formats 9 and 10, or a
 *     custom format with an unquoted %) as a percentage: 0.335 reads
 *     "33.5%" (12 significant digits, so 0.07 reads "7%", not
 *     "7.000000000000001%");
 *   - any other number in the C locale's digits ("0.33", "1500"), 15
 *     significant digits;
 *   - a boolean as TRUE or FALSE, an error value as Excel writes it
 *     ("#N/A").
 * A formula is read by its saved value, never evaluated; one with no saved
 * value is an error naming its cell. A merged range's value belongs to
 * every cell of the range's first row (a break name over its columns);
 * the rows below the first stay as stored (empty).
 *
 * Nothing in a workbook is trusted: no part is opened but those the
 * workbook names (a name with ".." or a drive is refused); each part's
 * inflated size is capped, and so is its ratio to its compressed size (a
 * zip bomb), both checked while inflating, not only from the archive's
 * directory; DTDs, entities and network access are never loaded; a cell
 * reference beyond Excel's 16,384 columns or 1,048,576 rows is an error.
 * Errors name the sheet and cell as a spreadsheet does: 'Sheet1'!C7. */
#ifndef POLLKIT_XLSX_H
#define POLLKIT_XLSX_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "err.h"

typedef struct pk_xlsx pk_xlsx;

/* Limits on what a workbook may make the reader inflate or hold; zero
 * fields take the defaults. */
typedef struct pk_xlsx_limits {
    uint64_t part_bytes;      /* one part, inflated (default 2 GiB) */
    uint64_t ratio;           /* inflated / compressed, for parts over 1 MiB (default 1000) */
    uint64_t strings_bytes;   /* all shared strings together (default 512 MiB) */
} pk_xlsx_limits;

/* Open the workbook in the file at path; name is used in messages. The
 * workbook's sheet list, shared strings and formats are read here. NULL
 * with err filled when the file is no workbook (an old .xls or an .ods is
 * named, with how to convert it), is damaged, or breaks a limit. limits
 * may be NULL. */
pk_xlsx *pk_xlsx_open(const char *path, const char *name, const pk_xlsx_limits *limits,
                      pk_err *err);
/* The same on size bytes at data (kept by the caller until pk_xlsx_close). */
pk_xlsx *pk_xlsx_open_buffer(const void *data, size_t size, const char *name,
                             const pk_xlsx_limits *limits, pk_err *err);
void pk_xlsx_close(pk_xlsx *x);

/* Whether the first bytes of a file (at least 8 of them) could be a
 * workbook: a zip archive's signature. */
int pk_xlsx_sniff(const unsigned char *head, size_t n);

/* The sheets, in the workbook's order (its tabs, left to right). */
size_t pk_xlsx_nsheets(const pk_xlsx *x);
const char *pk_xlsx_sheet_name(const pk_xlsx *x, size_t i);

/* Start reading sheet i (any sheet being read is left). Returns 0, or an
 * error naming the sheet. */
int pk_xlsx_sheet_open(pk_xlsx *x, size_t i, pk_err *err);

/* The next row of the open sheet that holds at least one cell with text:
 * 1, 0 after the last, -1 with err filled ('Sheet'!C7: ...). */
int pk_xlsx_next_row(pk_xlsx *x, pk_err *err);

/* The current row: its number (1 for the sheet's first row), its cells up
 * to the last one with text (cells between hold ""), each cell's text
 * (valid until the next row), and whether a cell was a number shown as a
 * percentage. */
long pk_xlsx_row(const pk_xlsx *x);
size_t pk_xlsx_ncells(const pk_xlsx *x);
const char *pk_xlsx_cell(const pk_xlsx *x, size_t col);
size_t pk_xlsx_cell_len(const pk_xlsx *x, size_t col);
int pk_xlsx_cell_percent(const pk_xlsx *x, size_t col);

/* A cell's place as a spreadsheet names it, "'Sheet 1'!C7" (quotes only
 * where the name needs them), into buf. col counts from 0, row from 1. */
const char *pk_xlsx_where(const pk_xlsx *x, size_t col, long row, char *buf, size_t size);

/* Where one sheet went in pk_xlsx_write_csv's text: its name, and the
 * text's line of the sheet's row 1 (row r is line first_line + r - 1), or
 * skipped: the sheet held no table (or nothing). */
typedef struct pk_xlsx_sheet_lines {
    const char *name;     /* owned by the workbook */
    long first_line, last_line;
    int skipped;
} pk_xlsx_sheet_lines;

/* Every sheet that holds a table, in order, as CSV text on out (delim ','
 * or '\t'): each of its rows on the line first_line + row - 1, empty rows
 * kept as empty lines (a blank row separates tables on a pollster's
 * sheet), one empty line between sheets. A sheet holds a table when
 * is_table_row says so of one of its rows (its n cells; NULL: every sheet
 * with text does); the others (a contents page, notes)
 * are skipped. Programs that read a published table as CSV read a workbook
 * through it, line numbers mapping back to cells through lines[] (nsheets
 * entries, filled here). -1 with err filled. */
int pk_xlsx_write_csv(pk_xlsx *x, FILE *out, char delim, int (*is_table_row)(const char *const *cells, size_t n),
                      pk_xlsx_sheet_lines *lines, pk_err *err);

#endif
