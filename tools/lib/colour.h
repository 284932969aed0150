/* Colours as a reader sees them: "#RRGGBB" to CIELAB (sRGB, D65), the same
 * colour as a person with deuteranopia sees it (Machado, Oliveira and
 * Fernandes 2009, severity 1), and the CIEDE2000 colour difference. The
 * charts use them to keep a chart's groups apart for readers with
 * red-green colour blindness; docs/methods.md gives the formulas. */
#ifndef POLLKIT_COLOUR_H
#define POLLKIT_COLOUR_H

/* L*, a*, b*. */
typedef struct pk_colour_lab {
    double l, a, b;
} pk_colour_lab;

/* "#RRGGBB" to 0-255 components; -1 when hex is not that form. */
int pk_colour_parse(const char *hex, unsigned rgb[3]);

/* An sRGB colour (0-255) to CIELAB under D65. */
pk_colour_lab pk_colour_lab_of(const unsigned rgb[3]);

/* The sRGB colour (0-255, rounded) a deuteranope sees for rgb: the
 * Machado et al. (2009) matrix for severity 1 on linear RGB, clipped. */
void pk_colour_deuteranopia(const unsigned rgb[3], unsigned out[3]);

/* CIEDE2000 difference between two CIELAB colours (kL = kC = kH = 1). */
double pk_colour_de2000(pk_colour_lab x, pk_colour_lab y);

/* CIEDE2000 between two "#RRGGBB" colours, as seen with normal vision
 * (deutan 0) or deuteranopia (deutan 1); NAN when one is not that form. */
double pk_colour_difference(const char *x, const char *y, int deutan);

#endif
