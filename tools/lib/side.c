/* The names of the sides (see side.h). */
#include "side.h"

#include <stddef.h>
#include <string.h>

static const char *const side_names[] = {"", "positive", "negative", "neutral", "dont_know"};

const char *pk_side_name(enum pk_side side)
{
    if ((unsigned)side >= sizeof side_names / sizeof side_names[0])
        return "";
    return side_names[side];
}

int pk_side_parse(const char *word, enum pk_side *out)
{
    for (size_t i = 1; i < sizeof side_names / sizeof side_names[0]; i++)
        if (strcmp(word, side_names[i]) == 0) {
            *out = (enum pk_side)i;
            return 0;
        }
    return -1;
}
