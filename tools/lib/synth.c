/* pollsynth's model (see synth.h). This first part holds the frozen tables of
 * raw spellings; the population, response and mess models follow.
 *
 * THE SPELLING TABLES ARE FROZEN: pollclean's data/codebook.csv is built from
 * them, so a spelling is never added, removed or changed here.
 *
 * Each table lists the distinct spellings modulo what pollclean normalises
 * anyway: letter case, leading/trailing/repeated white space, and typographic
 * quotes and dashes (U+2018/U+2019 -> ', U+201C/U+201D -> ", U+2013/U+2014 -> -).
 * The generator varies exactly those on the fly: " labour ", "LAB", "LABOUR",
 * "Don\u2019t know" (typographic apostrophe), "DON'T KNOW", "Tend  to oppose"
 * all come from the entries below. Spellings that differ in anything else
 * ("&" for "and", a hyphen for a space, a different word) are listed
 * separately. */
#include "synth.h"

#include <string.h>

#define NLAB(a) (sizeof(a) / sizeof((a)[0]))

static const pk_synth_label sex_labels[] = {
    {"male", "Male"},
    {"male", "Man"},
    {"male", "M"},
    {"female", "Female"},
    {"female", "Woman"},
    {"female", "F"},
};

static const pk_synth_label region_labels[] = {
    {"north_east", "North East"},
    {"north_east", "North-East"},
    {"north_east", "North East England"},
    {"north_west", "North West"},
    {"north_west", "North-West"},
    {"north_west", "North West England"},
    {"yorkshire", "Yorkshire and The Humber"},
    {"yorkshire", "Yorkshire & the Humber"},
    {"yorkshire", "Yorkshire and Humber"},
    {"yorkshire", "Yorkshire"},
    {"east_midlands", "East Midlands"},
    {"east_midlands", "East-Midlands"},
    {"west_midlands", "West Midlands"},
    {"west_midlands", "West-Midlands"},
    {"east", "East of England"},
    {"east", "Eastern"},
    {"east", "East Anglia"},
    {"london", "London"},
    {"london", "Greater London"},
    {"south_east", "South East"},
    {"south_east", "South-East"},
    {"south_east", "South East England"},
    {"south_west", "South West"},
    {"south_west", "South-West"},
    {"south_west", "South West England"},
    {"wales", "Wales"},
    {"wales", "Cymru"},
    {"scotland", "Scotland"},
};

static const pk_synth_label edu_labels[] = {
    {"degree", "Degree or higher"},
    {"degree", "Degree (e.g. BA, BSc) or higher"},
    {"degree", "University degree"},
    {"degree", "Bachelor's degree or above"},
    {"degree", "Postgraduate degree"},
    {"degree", "Level 4 or above"},
    {"no_degree", "No degree"},
    {"no_degree", "Below degree level"},
    {"no_degree", "A-level or equivalent"},
    {"no_degree", "GCSE or equivalent"},
    {"no_degree", "No formal qualifications"},
    {"no_degree", "Other qualifications"},
};

static const pk_synth_label vote2024_labels[] = {
    {"con", "Conservative"},
    {"con", "Conservatives"},
    {"con", "Conservative Party"},
    {"con", "The Conservative Party"},
    {"con", "Tory"},
    {"con", "Tories"},
    {"con", "CON"},
    {"lab", "Labour"},
    {"lab", "LAB"},
    {"lab", "Labour Party"},
    {"lab", "The Labour Party"},
    {"ld", "Lib Dem"},
    {"ld", "Lib Dems"},
    {"ld", "Liberal Democrats"},
    {"ld", "Liberal Democrat"},
    {"ld", "LD"},
    {"ref", "Reform UK"},
    {"ref", "Reform"},
    {"ref", "Reform Party"},
    {"grn", "Green Party"},
    {"grn", "Greens"},
    {"grn", "Green"},
    {"grn", "The Green Party"},
    {"snp", "SNP"},
    {"snp", "Scottish National Party"},
    {"snp", "Scottish National Party (SNP)"},
    {"pc", "Plaid Cymru"},
    {"pc", "Plaid"},
    {"other", "Other"},
    {"other", "Some other party"},
    {"other", "Another party"},
    {"other", "Independent"},
    {"did_not_vote", "Did not vote"},
    {"did_not_vote", "Didn't vote"},
    {"did_not_vote", "I did not vote"},
    {"did_not_vote", "I didn't vote"},
    {"", "Don't know"},
    {"", "Don't remember"},
    {"", "Can't remember"},
    {"", "Prefer not to say"},
    {"", "Rather not say"},
};

static const pk_synth_label euref_labels[] = {
    {"remain", "Remain"},
    {"remain", "Voted Remain"},
    {"remain", "Remain a member of the EU"},
    {"leave", "Leave"},
    {"leave", "Voted Leave"},
    {"leave", "Leave the EU"},
    {"did_not_vote", "Did not vote"},
    {"did_not_vote", "Didn't vote"},
    {"did_not_vote", "I did not vote"},
    {"did_not_vote", "Too young to vote"},
    {"", "Don't know"},
    {"", "Can't remember"},
    {"", "Prefer not to say"},
};

static const pk_synth_label scale_labels[] = {
    {"strongly_support", "Strongly support"},
    {"tend_support", "Tend to support"},
    {"tend_support", "Somewhat support"},
    {"neither", "Neither support nor oppose"},
    {"neither", "Neither"},
    {"neither", "Neither/nor"},
    {"tend_oppose", "Tend to oppose"},
    {"tend_oppose", "Somewhat oppose"},
    {"strongly_oppose", "Strongly oppose"},
    {"dont_know", "Don't know"},
    {"dont_know", "Not sure"},
    {"dont_know", "Don't know / not sure"},
};

const pk_synth_var pk_synth_vars[] = {
    {"sex", "Q2", sex_labels, NLAB(sex_labels)},
    {"region", "Q3", region_labels, NLAB(region_labels)},
    {"edu", "Q4", edu_labels, NLAB(edu_labels)},
    {"vote2024", "Q5", vote2024_labels, NLAB(vote2024_labels)},
    {"euref", "Q6", euref_labels, NLAB(euref_labels)},
    {"scale", "Q7_1,Q7_2,Q7_3,Q7_4,Q7_5,Q7_6,Q7_7,Q8", scale_labels, NLAB(scale_labels)},
};
const size_t pk_synth_n_vars = NLAB(pk_synth_vars);

const pk_synth_var *pk_synth_var_find(const char *name)
{
    for (size_t i = 0; i < pk_synth_n_vars; i++)
        if (strcmp(pk_synth_vars[i].name, name) == 0)
            return &pk_synth_vars[i];
    return NULL;
}
