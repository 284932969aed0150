/* The common steps of every chart (tools/lib/plot_internal.h): wrapping a
 * label into lines, the colours groups get, a label lowered for a sentence,
 * and numbers in the script. The scripts as a whole are checked against
 * committed scripts in tests/cli/pollplot.sh. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <math.h>

#include "colour.h"
#include "pk_check.h"
#include "plot_internal.h"
#include "plot_style.h"

/* wrap s at width; its lines and longest line in out-parameters. */
static char *wrap(const char *s, size_t width, int *lines, size_t *longest)
{
    char *w = pk_plot_wrap(s, width, lines, longest);
    ck_assert_ptr_nonnull(w);
    return w;
}

START_TEST(wrap_at_spaces)
{
    int lines;
    size_t longest;
    char *w = wrap("No automatic right to family reunion", 12, &lines, &longest);
    ck_assert_str_eq(w, "No automatic\nright to\nfamily\nreunion");
    ck_assert_int_eq(lines, 4);
    ck_assert_uint_eq(longest, 12);
    free(w);
    /* Short text is left alone. */
    w = wrap("Labour", 12, &lines, &longest);
    ck_assert_str_eq(w, "Labour");
    ck_assert_int_eq(lines, 1);
    ck_assert_uint_eq(longest, 6);
    free(w);
}
END_TEST

START_TEST(wrap_never_splits_a_word)
{
    int lines;
    size_t longest;
    char *w = wrap("Antidisestablishmentarianism now", 10, &lines, &longest);
    ck_assert_str_eq(w, "Antidisestablishmentarianism\nnow");
    ck_assert_int_eq(lines, 2);
    ck_assert_uint_eq(longest, 28);
    free(w);
}
END_TEST

START_TEST(wrap_keeps_breaks_counts_characters)
{
    int lines;
    size_t longest;
    /* The text's own line break stays; tabs and CRs become spaces. */
    char *w = wrap("Base: all\nadults\tin GB", 40, &lines, &longest);
    ck_assert_str_eq(w, "Base: all\nadults in GB");
    ck_assert_int_eq(lines, 2);
    ck_assert_uint_eq(longest, 12);
    free(w);
    /* Width in characters, not bytes: "Élections générales" is 19. */
    w = wrap("\xc3\x89lections g\xc3\xa9n\xc3\xa9rales", 19, &lines, &longest);
    ck_assert_int_eq(lines, 1);
    ck_assert_uint_eq(longest, 19);
    free(w);
    w = wrap("\xc3\x89lections g\xc3\xa9n\xc3\xa9rales", 18, &lines, &longest);
    ck_assert_int_eq(lines, 2);
    ck_assert_uint_eq(longest, 9);
    free(w);
}
END_TEST

START_TEST(party_colours_and_no_two_alike)
{
    pk_plot_group g[4] = {
        {.code = "lab", .label = "Labour"},
        {.code = "grn", .label = "Green"},
        {.code = "north", .label = "North"},
        {.code = "south", .label = "South"},
    };
    pk_plot_group_colours(g, 4, NULL);
    ck_assert_str_eq(g[0].colour, "#E4003B");
    ck_assert_str_eq(g[1].colour, "#02A95B");
    for (size_t i = 0; i < 4; i++)
        for (size_t j = 0; j < i; j++)
            ck_assert_msg(strcmp(g[i].colour, g[j].colour) != 0, "%s and %s share %s", g[i].code,
                          g[j].code, g[i].colour);
    /* A party found by its label under another code keeps its colour. */
    pk_plot_group h[1] = {{.code = "labour_party", .label = "Labour"}};
    pk_plot_group_colours(h, 1, NULL);
    ck_assert_str_eq(h[0].colour, "#E4003B");
}
END_TEST

START_TEST(party_spellings)
{
    /* The names people write parties with, in labels or codes. */
    static const struct { const char *code, *label, *colour; } cases[] = {
        {"g1", "Lib Dem", "#FAA61A"},          {"g2", "Lib Dems voters", "#FAA61A"},
        {"ld", "LD", "#FAA61A"},               {"g3", "Liberal Democrats", "#FAA61A"},
        {"g4", "Tory", "#0087DC"},             {"g5", "Conservatives", "#0087DC"},
        {"g6", "Plaid", "#005B54"},            {"g7", "Reform", "#12B6CF"},
        {"g8", "Green Party", "#02A95B"},      {"g9", "snp", "#E5C700"},
        {"SNP", "Scottish National Party", "#E5C700"},
        {"g10", "Republicans", "#E9141D"},     {"g11", "NDP", "#F37021"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        pk_plot_group g[1] = {{.code = cases[i].code, .label = cases[i].label}};
        pk_plot_group_colours(g, 1, NULL);
        ck_assert_msg(strcmp(g[0].colour, cases[i].colour) == 0, "%s: %s, not %s", cases[i].label,
                      g[0].colour, cases[i].colour);
    }
    /* A name that is not a party's keeps the neutral palette. */
    pk_plot_group n[1] = {{.code = "liberal", .label = "Liberal"}};
    pk_plot_group_colours(n, 1, NULL);
    ck_assert_str_eq(n[0].colour, pk_plot_palette(0));
}
END_TEST

/* CIEDE2000 (Sharma, Wu and Dalal 2005), from L*a*b* of two colours:
 *   C = sqrt(a^2 + b^2), Cm = mean of C1 and C2,
 *   G = (1 - sqrt(Cm^7 / (Cm^7 + 25^7))) / 2, a' = (1 + G) a,
 *   C' = sqrt(a'^2 + b^2), h' = atan2(b, a') in [0, 360),
 *   dL' = L2 - L1, dC' = C2' - C1', dh' = h2' - h1' brought into
 *   [-180, 180], dH' = 2 sqrt(C1' C2') sin(dh' / 2),
 *   L'm, C'm the means, h'm the mean hue (the short way round),
 *   T = 1 - 0.17 cos(h'm - 30) + 0.24 cos(2 h'm) + 0.32 cos(3 h'm + 6)
 *         - 0.20 cos(4 h'm - 63),
 *   SL = 1 + 0.015 (L'm - 50)^2 / sqrt(20 + (L'm - 50)^2),
 *   SC = 1 + 0.045 C'm, SH = 1 + 0.015 C'm T,
 *   RT = -sin(2 dtheta) RC, dtheta = 30 exp(-((h'm - 275) / 25)^2),
 *   RC = 2 sqrt(C'm^7 / (C'm^7 + 25^7)),
 *   dE00 = sqrt((dL'/SL)^2 + (dC'/SC)^2 + (dH'/SH)^2
 *               + RT (dC'/SC) (dH'/SH)).
 * Sharma et al.'s published test pairs (their table 1, pairs 1, 7, 17-20,
 * 25), to the 4 decimals they give. */
START_TEST(ciede2000_published_pairs)
{
    static const double pairs[][7] = {
        {50, 2.6772, -79.7751, 50, 0, -82.7485, 2.0425},
        {50, 0, 0, 50, -1, 2, 2.3669},
        {50, 2.5, 0, 73, 25, -18, 27.1492},
        {50, 2.5, 0, 61, -5, 29, 22.8977},
        {50, 2.5, 0, 56, -27, -3, 31.9030},
        {50, 2.5, 0, 58, 24, 15, 19.4535},
        {60.2574, -34.0099, 36.2677, 60.4626, -34.1751, 39.4387, 1.2644},
    };
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        pk_colour_lab x = {pairs[i][0], pairs[i][1], pairs[i][2]}, y = {pairs[i][3], pairs[i][4], pairs[i][5]};
        double d = pk_colour_de2000(x, y), back = pk_colour_de2000(y, x);
        ck_assert_msg(fabs(d - pairs[i][6]) < 5e-5, "pair %zu: %.5f, not %.4f", i, d, pairs[i][6]);
        ck_assert_msg(fabs(back - d) < 1e-12, "pair %zu is not symmetric", i);
    }
    ck_assert(pk_colour_de2000((pk_colour_lab){40, 10, -20}, (pk_colour_lab){40, 10, -20}) == 0);
}
END_TEST

/* Deuteranopia as Machado, Oliveira and Fernandes (2009) simulate it at
 * severity 1: on linear RGB (sRGB's transfer function undone,
 * c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055)^2.4),
 *   | R' |   |  0.367322  0.860646 -0.227968 | | R |
 *   | G' | = |  0.280085  0.672501  0.047413 | | G |
 *   | B' |   | -0.011820  0.042940  0.968881 | | B |
 * clipped to [0, 1], encoded again and rounded to 8 bits; then CIELAB
 * under D65. tests/fixtures/plot/colours.csv holds, for every pair of the
 * palette and the party colours, what R's colorspace::deutan (the same
 * matrix) and farver::compare_colour(method = "cie2000") give
 * (make_colours.R): the simulated colours within one step of 8 bits, the
 * differences under deuteranopia within 0.05; with normal vision within
 * 0.3 (farver converts sRGB to CIELAB with slightly different constants;
 * under deuteranopia both start from the same 8-bit colours). */
START_TEST(colours_match_r)
{
    char path[4096];
    FILE *f = fopen(pk_src_path(path, sizeof path, "tests/fixtures/plot/colours.csv"), "r");
    ck_assert_ptr_nonnull(f);
    char line[256], c1[8], c2[8], s1[8], s2[8];
    double de, dd;
    size_t n = 0;
    ck_assert_ptr_nonnull(fgets(line, sizeof line, f));
    while (fgets(line, sizeof line, f)) {
        ck_assert_int_eq(sscanf(line, "%7[^,],%7[^,],%7[^,],%7[^,],%lf,%lf", c1, c2, s1, s2, &de, &dd), 6);
        const char *c[2] = {c1, c2}, *sim[2] = {s1, s2};
        for (int k = 0; k < 2; k++) {
            unsigned rgb[3], got[3], want[3];
            ck_assert_int_eq(pk_colour_parse(c[k], rgb), 0);
            ck_assert_int_eq(pk_colour_parse(sim[k], want), 0);
            pk_colour_deuteranopia(rgb, got);
            for (int i = 0; i < 3; i++)
                ck_assert_msg(abs((int)got[i] - (int)want[i]) <= 1, "%s: deutan #%02X%02X%02X, R %s", c[k],
                              got[0], got[1], got[2], sim[k]);
        }
        double got_de = pk_colour_difference(c1, c2, 0), got_dd = pk_colour_difference(c1, c2, 1);
        ck_assert_msg(fabs(got_de - de) < 0.3, "%s %s: %.4f, R %.4f", c1, c2, got_de, de);
        ck_assert_msg(fabs(got_dd - dd) < 0.05, "%s %s deutan: %.4f, R %.4f", c1, c2, got_dd, dd);
        n++;
    }
    fclose(f);
    /* Every pair of the palette and the party colours, none left out. */
    size_t ncol = 0;
    const char *all[64];
    for (size_t k = 0; pk_plot_palette(k); k++)
        all[ncol++] = pk_plot_palette(k);
    for (size_t k = 0; pk_plot_party_colour(k); k++) {
        int dup = 0;
        for (size_t j = 0; j < ncol; j++)
            dup |= strcmp(all[j], pk_plot_party_colour(k)) == 0;
        if (!dup)
            all[ncol++] = pk_plot_party_colour(k);
    }
    ck_assert_uint_eq(n, ncol * (ncol - 1) / 2);
    ck_assert(isnan(pk_colour_difference("#12345", "#123456", 0)));
    ck_assert(isnan(pk_colour_difference("#12345G", "#123456", 1)));
}
END_TEST

/* The palette of groups that are not parties: twelve colours, no two
 * alike; the first PK_PLOT_DISTINCT_DEUTAN at least 20 apart (CIEDE2000)
 * as a deuteranope sees them and from All's grey; all twelve at least 20
 * apart with normal vision, and as far apart as twelve can be for a
 * deuteranope (above 13). */
START_TEST(palette_apart_under_deuteranopia)
{
    size_t n = 0;
    while (pk_plot_palette(n))
        n++;
    ck_assert_uint_eq(n, PK_PLOT_MAX_GROUPS);
    for (size_t i = 0; i < n; i++) {
        const char *a = pk_plot_palette(i);
        if (i < PK_PLOT_DISTINCT_DEUTAN)
            ck_assert_msg(pk_colour_difference(a, "#4D4D4D", 1) >= 20, "%s is near All's grey", a);
        /* Bars and text on a white page. */
        ck_assert_msg(pk_colour_difference(a, "#FFFFFF", 1) >= 25, "%s is near white", a);
        for (size_t j = 0; j < i; j++) {
            const char *b = pk_plot_palette(j);
            double dn = pk_colour_difference(a, b, 0), dd = pk_colour_difference(a, b, 1);
            ck_assert_msg(dn >= 20, "%s and %s: %.1f with normal vision", a, b, dn);
            if (i < PK_PLOT_DISTINCT_DEUTAN)
                ck_assert_msg(dd >= 20, "%s and %s: %.1f under deuteranopia", a, b, dd);
            ck_assert_msg(dd > 13, "%s and %s: %.1f under deuteranopia", a, b, dd);
        }
    }
}
END_TEST

/* Groups as a chart gives them colours: eight groups that are not parties
 * (the most a deuteranope tells apart by colour alone) differ pairwise by
 * 20; groups mixed with parties skip the palette colours a deuteranope
 * would confuse with the parties' colours in the same chart; ten
 * provinces and All share no colour. */
START_TEST(group_colours_apart)
{
    static const char *const prov[] = {"Alberta", "British Columbia", "Manitoba", "New Brunswick",
                                       "Newfoundland and Labrador", "Nova Scotia", "Ontario",
                                       "Prince Edward Island", "Quebec", "Saskatchewan"};
    pk_plot_group g[11] = {{.code = "All", .label = "All"}};
    for (size_t i = 0; i < 10; i++)
        g[i + 1] = (pk_plot_group){.code = prov[i], .label = prov[i]};
    pk_plot_group_colours(g, 11, NULL);
    ck_assert_str_eq(g[0].colour, "#4D4D4D");
    for (size_t i = 0; i < 11; i++)
        for (size_t j = 0; j < i; j++) {
            ck_assert_msg(strcmp(g[i].colour, g[j].colour) != 0, "%s and %s share %s", g[i].label,
                          g[j].label, g[i].colour);
            ck_assert_msg(pk_colour_difference(g[i].colour, g[j].colour, 0) >= 20, "%s and %s",
                          g[i].label, g[j].label);
            /* All and the first eight provinces: apart for a deuteranope too. */
            if (i <= PK_PLOT_DISTINCT_DEUTAN)
                ck_assert_msg(pk_colour_difference(g[i].colour, g[j].colour, 1) >= 20, "%s and %s deutan",
                              g[i].label, g[j].label);
        }
    /* Parties with other groups: every other group is 20 apart from each
     * party (and from each other) for a deuteranope; the first palette
     * colour, a blue near the Conservatives', is skipped. */
    static const char *const parties[][2] = {{"lab", "Labour"}, {"grn", "Green"}, {"con", "Conservative"}};
    pk_plot_group m[7];
    for (size_t i = 0; i < 3; i++)
        m[i] = (pk_plot_group){.code = parties[i][0], .label = parties[i][1]};
    for (size_t i = 0; i < 4; i++)
        m[3 + i] = (pk_plot_group){.code = prov[i], .label = prov[i]};
    pk_plot_group_colours(m, 7, NULL);
    ck_assert_str_eq(m[2].colour, "#0087DC");
    ck_assert_str_ne(m[3].colour, pk_plot_palette(0));
    for (size_t i = 3; i < 7; i++)
        for (size_t j = 0; j < i; j++) {
            ck_assert_msg(strcmp(m[i].colour, m[j].colour) != 0, "%s and %s", m[i].label, m[j].label);
            ck_assert_msg(pk_colour_difference(m[i].colour, m[j].colour, 1) >= 20, "%s (%s) and %s (%s): %.1f",
                          m[i].label, m[i].colour, m[j].label, m[j].colour,
                          pk_colour_difference(m[i].colour, m[j].colour, 1));
        }
}
END_TEST

/* Text is measured with DejaVu Sans's advance widths at 96 dpi (a font of
 * S points is S * 4/3 px), each rounded to whole pixels as gnuplot's
 * cairo terminals draw them, plus 2%. The widths below were measured on
 * gnuplot 5.4's pngcairo PNGs (the text's inked extent at 10 points): the
 * estimate must not fall short of them, nor exceed them by more than 5%. */
START_TEST(text_width_as_drawn)
{
    static const struct { const char *text; double px; } drawn[] = {
        {"Sample size: Alberta 310\u2013318, British Columbia 402\u2013415, Manitoba 120\u2013126, "
         "New Brunswick 71\u201374, Newfoundland and Labrador 48\u201352*,", 890},
        {"Weighted data. Lines show 95% logit confidence intervals. Don't know included in the base. "
         "Design effect 1.23 as given.", 780},
        {"0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000",
         799},
    };
    for (size_t i = 0; i < sizeof drawn / sizeof drawn[0]; i++) {
        double est = pk_plot_text_px(drawn[i].text, 10);
        ck_assert_msg(est >= drawn[i].px && est <= drawn[i].px * 1.05, "text %zu: %.1f px, drawn %.0f", i, est,
                      drawn[i].px);
    }
}
END_TEST

/* The footnote of ten provinces wraps inside the canvas: every line at most
 * the canvas's width less its margins (1200 - 2 x 24 px), measured at the
 * footnote's 10 points; a group's numbers stay on its name's line. */
START_TEST(footnote_wraps_to_canvas)
{
    static const char *const names[] = {"Alberta", "British Columbia", "Manitoba", "New Brunswick",
                                        "Newfoundland and Labrador", "Nova Scotia", "Ontario",
                                        "Prince Edward Island", "Quebec", "Saskatchewan"};
    static const long n[][2] = {{310, 318}, {402, 415}, {120, 126}, {71, 74}, {48, 52},
                                {88, 93}, {1003, 1024}, {2, 2}, {65, 107}, {101, 104}};
    pk_plot_group g[10];
    for (size_t i = 0; i < 10; i++)
        g[i] = (pk_plot_group){.code = names[i], .label = names[i], .by = "province", .nmin = n[i][0],
                               .nmax = n[i][1], .low_base = n[i][0] < 50};
    pk_plot_opts o = {.source = "Source: a hand-made table of ten Canadian provinces (fictional), "
                                "fieldwork 1-7 November 2026"};
    pk_err err;
    pk_err_clear(&err);
    pk_plot_ctx c = {.err = &err, .o = &o};
    pk_plot_figure ch = {.c = &c, .g = g, .ng = 10};
    ck_assert_int_eq(pk_plot_footnote(&ch), 0);
    const double width = 1200.0 - 2 * 24.0;
    ck_assert(pk_plot_text_width(&c) == width);
    int total = 0;
    for (size_t k = 0; k < ch.nfoot; k++) {
        int lines;
        double longest;
        char *w = pk_plot_wrap_px(ch.foot[k], pk_plot_text_width(&c), PK_PLOT_FOOT_PT, &lines, &longest);
        ck_assert_ptr_nonnull(w);
        ck_assert(longest <= width);
        total += lines;
        for (char *line = strtok(w, "\n"); line; line = strtok(NULL, "\n")) {
            ck_assert_msg(pk_plot_text_px(line, 10) <= width, "%.0f px: %s", pk_plot_text_px(line, 10), line);
            /* No line starts with a number left behind by its group. */
            ck_assert_msg(!(line[0] >= '0' && line[0] <= '9'), "a line starts with a number: %s", line);
        }
        free(w);
    }
    ck_assert_int_ge(total, 3);
    pk_plot_figure_free(&ch);
}
END_TEST

START_TEST(lowered_for_a_sentence)
{
    char b[64];
    ck_assert_str_eq(pk_plot_lowered(b, sizeof b, "Labour voters"), "labour voters");
    ck_assert_str_eq(pk_plot_lowered(b, sizeof b, "SNP"), "SNP");
    ck_assert_str_eq(pk_plot_lowered(b, sizeof b, "all"), "all");
}
END_TEST

START_TEST(numbers_in_the_script)
{
    char b[PK_NUMBER_BUFSIZE];
    ck_assert_str_eq(pk_plot_num(b, 0.5), "0.5");
    ck_assert_str_eq(pk_plot_num(b, 1.0 / 3), "0.3333333333");
    pk_plot_opts o = {.width = 0};
    pk_plot_ctx c = {.o = &o};
    ck_assert(pk_plot_sx(&c, 0) == 0);
    ck_assert(pk_plot_sx(&c, 600) == 0.5);
    o.width = 1600;
    ck_assert(pk_plot_sx(&c, 600) == 0.375);
}
END_TEST

/* --size in pixels, inches and centimetres (150 px an inch), its range;
 * --font's name and size; colours. */
START_TEST(house_style_values)
{
    double w, h;
    int phys;
    char why[200];
    ck_assert_int_eq(pk_plot_style_size("1600x900", &w, &h, &phys, why, sizeof why), 0);
    ck_assert(w == 1600 && h == 900 && !phys);
    ck_assert_int_eq(pk_plot_style_size("1600x900px", &w, &h, &phys, why, sizeof why), 0);
    ck_assert(w == 1600 && h == 900 && !phys);
    ck_assert_int_eq(pk_plot_style_size("8x4.5in", &w, &h, &phys, why, sizeof why), 0);
    ck_assert(w == 1200 && h == 675 && phys);
    ck_assert_int_eq(pk_plot_style_size("25.4x12.7cm", &w, &h, &phys, why, sizeof why), 0);
    ck_assert(fabs(w - 1500) < 1e-9 && fabs(h - 750) < 1e-9 && phys);
    ck_assert_int_ne(pk_plot_style_size("319x900", &w, &h, &phys, why, sizeof why), 0);
    ck_assert_int_ne(pk_plot_style_size("1600.5x900", &w, &h, &phys, why, sizeof why), 0);
    ck_assert_int_ne(pk_plot_style_size("1600 x 900", &w, &h, &phys, why, sizeof why), 0);
    ck_assert_int_ne(pk_plot_style_size("x900", &w, &h, &phys, why, sizeof why), 0);
    char *name = NULL;
    double pt;
    ck_assert_int_eq(pk_plot_style_font("Source Sans 3, 13", &name, &pt, why, sizeof why), 0);
    ck_assert_str_eq(name, "Source Sans 3");
    ck_assert(pt == 13);
    free(name);
    ck_assert_int_eq(pk_plot_style_font("Arial", &name, &pt, why, sizeof why), 0);
    ck_assert_str_eq(name, "Arial");
    ck_assert(pt == 0);
    free(name);
    ck_assert_int_ne(pk_plot_style_font("Arial,5", &name, &pt, why, sizeof why), 0);
    ck_assert_int_ne(pk_plot_style_font(",12", &name, &pt, why, sizeof why), 0);
    char c[8];
    ck_assert_int_eq(pk_plot_style_colour("#e4003b", c), 0);
    ck_assert_str_eq(c, "#E4003B");
    ck_assert_int_ne(pk_plot_style_colour("E4003B", c), 0);
    ck_assert_int_ne(pk_plot_style_colour("#E4003G", c), 0);
}
END_TEST

/* Crowding: text needs a line of its size (DejaVu Sans's 2384/2048 em of
 * 4/3 px a point); the worst ratio of need to room is kept. */
START_TEST(room_for_text)
{
    pk_plot_opts o = {.font_size = 0};
    pk_plot_ctx c = {.o = &o};
    ck_assert(fabs(pk_plot_line_px(11) - 11 * 4.0 / 3 * 2384 / 2048) < 1e-12);
    pk_plot_room(&c, 40, 2, 12);
    ck_assert(c.crowd < 1);
    pk_plot_room(&c, 5, 1, 11);
    ck_assert(c.crowd > 3 && c.crowd_have == 5 && c.crowd_pt == 11);
    pk_plot_room(&c, 100, 1, 11);
    ck_assert(c.crowd_have == 5);
    o.font_size = 18;
    ck_assert(pk_plot_pt(&c, 12) == 18 && pk_plot_pt(&c, 10) == 15);
}
END_TEST


static Suite *plot_suite(void)
{
    Suite *s = suite_create("plot");
    TCase *tc = pk_tcase("layout");
    tcase_add_test(tc, wrap_at_spaces);
    tcase_add_test(tc, wrap_never_splits_a_word);
    tcase_add_test(tc, wrap_keeps_breaks_counts_characters);
    tcase_add_test(tc, party_colours_and_no_two_alike);
    tcase_add_test(tc, party_spellings);
    tcase_add_test(tc, ciede2000_published_pairs);
    tcase_add_test(tc, colours_match_r);
    tcase_add_test(tc, palette_apart_under_deuteranopia);
    tcase_add_test(tc, group_colours_apart);
    tcase_add_test(tc, text_width_as_drawn);
    tcase_add_test(tc, footnote_wraps_to_canvas);
    tcase_add_test(tc, lowered_for_a_sentence);
    tcase_add_test(tc, numbers_in_the_script);
    tcase_add_test(tc, house_style_values);
    tcase_add_test(tc, room_for_text);
    suite_add_tcase(s, tc);
    return s;
}

PK_CHECK_MAIN(plot_suite)
