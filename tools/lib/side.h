/* The sides of an answer scale, and their names: what every reader of a
 * scale (codebook, banner, support table, charts, claims) says an answer
 * is. */
#ifndef POLLKIT_SIDE_H
#define POLLKIT_SIDE_H

/* Which side of a scale an answer is on. */
enum pk_side {
    PK_SIDE_NONE = 0,   /* no side: a nominal answer (a party, Rejoin) */
    PK_SIDE_POSITIVE,   /* support, agree, yes, likely, satisfied ... */
    PK_SIDE_NEGATIVE,   /* oppose, disagree, no, unlikely ... */
    PK_SIDE_NEUTRAL,    /* neither ... nor, neutral, the midpoint */
    PK_SIDE_DONT_KNOW   /* don't know, not sure, prefer not to say */
};

/* "positive", "negative", "neutral", "dont_know", or "" for PK_SIDE_NONE. */
const char *pk_side_name(enum pk_side side);

/* Parse one of pk_side_name's words (not ""); -1 when it is none of them. */
int pk_side_parse(const char *word, enum pk_side *out);

#endif
