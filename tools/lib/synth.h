/* pollsynth's model: a synthetic GB adult population (sex x age x region x
 * education x 2024 vote), an opt-in panel's selection bias, answers to the
 * seven asylum proposals, the population truth, and the raw export's mess.
 *
 * This header also publishes the frozen tables of every raw spelling the
 * generator can write into the raw export, per variable and canonical code,
 * so that data/codebook.csv (pollclean's) can be checked to accept them all. */
#ifndef POLLKIT_SYNTH_H
#define POLLKIT_SYNTH_H

#include <stddef.h>

/* One raw spelling and the canonical code it stands for. code "" means the
 * spelling maps to missing (an empty clean field), e.g. "Prefer not to say". */
typedef struct pk_synth_label {
    const char *code;
    const char *raw;
} pk_synth_label;

/* The spellings of one variable. `name` is the clean column name ("scale" for
 * the proposals' 5-point grid, which all of Q7_1..Q7_7 and the attention
 * check Q8 share); `raw_columns` lists the raw export's columns using it. */
typedef struct pk_synth_var {
    const char *name;
    const char *raw_columns;
    const pk_synth_label *labels;
    size_t n_labels;
} pk_synth_var;

/* sex, region, edu, vote2024, euref, scale: in that order. */
extern const pk_synth_var pk_synth_vars[];
extern const size_t pk_synth_n_vars;

/* The variable named `name`, or NULL. */
const pk_synth_var *pk_synth_var_find(const char *name);

#endif
