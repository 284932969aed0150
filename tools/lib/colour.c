/* sRGB to CIELAB, deuteranopia simulated, and CIEDE2000 (colour.h); the
 * formulas are in docs/methods.md ("Colours"). */
#include "colour.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define DEG (M_PI / 180.0)

int pk_colour_parse(const char *hex, unsigned rgb[3])
{
    if (!hex || strlen(hex) != 7 || hex[0] != '#' || strspn(hex + 1, "0123456789abcdefABCDEF") != 6)
        return -1;
    return sscanf(hex + 1, "%2x%2x%2x", &rgb[0], &rgb[1], &rgb[2]) == 3 ? 0 : -1;
}

/* sRGB's transfer function and its inverse, on [0, 1]. */
static double to_linear(double c)
{
    return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
}

static double from_linear(double c)
{
    c = c < 0 ? 0 : c > 1 ? 1 : c;
    return c <= 0.0031308 ? 12.92 * c : 1.055 * pow(c, 1 / 2.4) - 0.055;
}

static double lab_f(double t)
{
    return t > 216.0 / 24389.0 ? cbrt(t) : (24389.0 / 27.0 * t + 16) / 116;
}

pk_colour_lab pk_colour_lab_of(const unsigned rgb[3])
{
    double r = to_linear(rgb[0] / 255.0), g = to_linear(rgb[1] / 255.0), b = to_linear(rgb[2] / 255.0);
    double x = 0.4124564 * r + 0.3575761 * g + 0.1804375 * b;
    double y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b;
    double z = 0.0193339 * r + 0.1191920 * g + 0.9503041 * b;
    double fx = lab_f(x / 0.95047), fy = lab_f(y), fz = lab_f(z / 1.08883);
    return (pk_colour_lab){116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)};
}

void pk_colour_deuteranopia(const unsigned rgb[3], unsigned out[3])
{
    static const double m[3][3] = {
        {0.367322, 0.860646, -0.227968},
        {0.280085, 0.672501, 0.047413},
        {-0.011820, 0.042940, 0.968881},
    };
    double lin[3];
    for (int i = 0; i < 3; i++)
        lin[i] = to_linear(rgb[i] / 255.0);
    for (int i = 0; i < 3; i++) {
        double s = m[i][0] * lin[0] + m[i][1] * lin[1] + m[i][2] * lin[2];
        out[i] = (unsigned)lround(from_linear(s) * 255);
    }
}

/* A hue angle in degrees, 0 to 360 (0 for a grey). */
static double hue(double b, double a)
{
    if (a == 0 && b == 0)
        return 0;
    double h = atan2(b, a) / DEG;
    return h < 0 ? h + 360 : h;
}

double pk_colour_de2000(pk_colour_lab x, pk_colour_lab y)
{
    double c1 = hypot(x.a, x.b), c2 = hypot(y.a, y.b), cm7 = pow((c1 + c2) / 2, 7);
    double g = 0.5 * (1 - sqrt(cm7 / (cm7 + pow(25, 7))));
    double a1 = (1 + g) * x.a, a2 = (1 + g) * y.a;
    double c1p = hypot(a1, x.b), c2p = hypot(a2, y.b);
    double h1 = hue(x.b, a1), h2 = hue(y.b, a2);
    double dl = y.l - x.l, dc = c2p - c1p, dh = 0;
    if (c1p * c2p != 0) {
        dh = h2 - h1;
        dh = dh > 180 ? dh - 360 : dh < -180 ? dh + 360 : dh;
    }
    double dhh = 2 * sqrt(c1p * c2p) * sin(dh / 2 * DEG);
    double lm = (x.l + y.l) / 2, cmp = (c1p + c2p) / 2, hm;
    if (c1p * c2p == 0)
        hm = h1 + h2;
    else if (fabs(h1 - h2) <= 180)
        hm = (h1 + h2) / 2;
    else
        hm = (h1 + h2 < 360 ? h1 + h2 + 360 : h1 + h2 - 360) / 2;
    double t = 1 - 0.17 * cos((hm - 30) * DEG) + 0.24 * cos(2 * hm * DEG) + 0.32 * cos((3 * hm + 6) * DEG) -
               0.20 * cos((4 * hm - 63) * DEG);
    double dtheta = 30 * exp(-pow((hm - 275) / 25, 2));
    double cmp7 = pow(cmp, 7);
    double rc = 2 * sqrt(cmp7 / (cmp7 + pow(25, 7)));
    double sl = 1 + 0.015 * pow(lm - 50, 2) / sqrt(20 + pow(lm - 50, 2));
    double sc = 1 + 0.045 * cmp, sh = 1 + 0.015 * cmp * t;
    double rt = -sin(2 * dtheta * DEG) * rc;
    double tl = dl / sl, tc = dc / sc, th = dhh / sh;
    return sqrt(tl * tl + tc * tc + th * th + rt * tc * th);
}

double pk_colour_difference(const char *x, const char *y, int deutan)
{
    unsigned a[3], b[3];
    if (pk_colour_parse(x, a) || pk_colour_parse(y, b))
        return NAN;
    if (deutan) {
        unsigned sa[3], sb[3];
        pk_colour_deuteranopia(a, sa);
        pk_colour_deuteranopia(b, sb);
        return pk_colour_de2000(pk_colour_lab_of(sa), pk_colour_lab_of(sb));
    }
    return pk_colour_de2000(pk_colour_lab_of(a), pk_colour_lab_of(b));
}
