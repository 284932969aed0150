/* A newsroom's house style for pollplot's charts, set once in a file
 * (--style FILE) and read here, and the values both it and the command
 * line give: a canvas size, a font, colours. The file is key = value
 * lines ('#' starts a comment line; blank lines are skipped):
 *
 *   size = 1600x900          pixels (png, svg); 8x4.5in or 20x11.25cm (pdf)
 *   font = Source Sans 3,13  the font's name, and its body size in points
 *   source = Source: ...     the footnote's last line
 *   note = ...               a footnote line before the source
 *   min-base = 50            as --min-base
 *   palette = #RRGGBB,...    colours for groups that are not parties
 *   colour.NAME = #RRGGBB    a group's colour, by its code or label
 *
 * Errors name FILE:LINE. Nothing here knows about the command line:
 * pollplot lets its options override the file's values. */
#ifndef POLLKIT_PLOT_STYLE_H
#define POLLKIT_PLOT_STYLE_H

#include <stddef.h>

#include "err.h"

/* A canvas's limits in px, each side (a physical size at 150 px an inch). */
#define PK_PLOT_STYLE_MIN_PX 320
#define PK_PLOT_STYLE_MAX_PX 8000
/* A body size's limits in points. */
#define PK_PLOT_STYLE_MIN_PT 6
#define PK_PLOT_STYLE_MAX_PT 40

typedef struct pk_plot_style {
    double width, height;   /* px; 0 when not given */
    int physical;           /* the size was given in inches or centimetres */
    char *font;             /* NULL when not given */
    double font_size;       /* 0 when not given */
    char *source, *note;    /* NULL when not given */
    long min_base;          /* -1 when not given */
    char **palette;
    size_t npalette;
    char **colour_names, **colour_values;
    size_t ncolours;
    /* Where each value came from, for later messages: "FILE:LINE". */
    char *size_at;
} pk_plot_style;

/* Read the style file path ("-": standard input, named <stdin>) into s.
 * Errors (PK_ERR_DATA, naming FILE:LINE): an unknown key, a key given
 * twice, a bad value; text that is not UTF-8. s is empty on error. */
int pk_plot_style_read(const char *path, pk_plot_style *s, pk_err *err);
void pk_plot_style_free(pk_plot_style *s);

/* "WxH" in px (an optional "px" after H), or with "in" or "cm" after H a
 * physical size (*physical set) converted at 150 px an inch. Returns 0,
 * or -1 with why filled (to follow the value in a message). */
int pk_plot_style_size(const char *text, double *w, double *h, int *physical, char *why, size_t size);

/* "NAME[,SIZE]": *name a copy the caller frees, *pt the size or 0.
 * Returns 0, or -1 with why filled. */
int pk_plot_style_font(const char *text, char **name, double *pt, char *why, size_t size);

/* "#RRGGBB" (either case) to out as "#RRGGBB" in capitals; -1 when text
 * is not that form. */
int pk_plot_style_colour(const char *text, char out[8]);

#endif
