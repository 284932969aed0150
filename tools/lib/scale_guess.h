/* Recognising an answer scale from its labels alone: the sides of the
 * common scales pollsters use (support/oppose, agree/disagree, yes/no,
 * likely/unlikely, satisfied/dissatisfied, favourable/unfavourable,
 * approve/disapprove, important/unimportant, good/bad, 0-10), the don't-know
 * family (don't know, not sure, prefer not to say, can't remember, refused),
 * and net rows as banner tables print them ("NET: Support", "Total agree",
 * "Net: Disagree", "Net support" for a net score).
 *
 * pollcodebook uses it to fill in sides and nets in a draft codebook, and
 * polltable to give a published table's rows their response_kind; a
 * codebook, once written, is the only authority, and nothing downstream of
 * pollclean guesses. The rules are word lists, written by hand: no library
 * does this. Labels are compared in textnorm's normal form. */
#ifndef POLLKIT_SCALE_GUESS_H
#define POLLKIT_SCALE_GUESS_H

#include <stddef.h>

#include "side.h"

/* What a single answer label reads as, on its own: the side its words
 * give ("Strongly agree" positive, "Tend to oppose" negative, "Neither
 * agree nor disagree" neutral, "Don't know" dont_know), PK_SIDE_NONE when
 * no rule applies. Numbers are not judged here (see pk_scale_guess). */
enum pk_side pk_scale_guess_label(const char *label);

/* Whether the label reads as the don't-know family: don't know, not sure,
 * DK, no opinion, prefer not to say, refused, can't remember. The readers
 * of hand-typed tables use this without any other guessing. */
int pk_scale_guess_is_dont_know(const char *label);

/* The common scales pk_scale_guess recognises. */
enum pk_scale_guess_family {
    PK_SCALE_GUESS_FAMILY_NOMINAL = 0,  /* no scale recognised: answers without sides */
    PK_SCALE_GUESS_FAMILY_SUPPORT,      /* support / oppose */
    PK_SCALE_GUESS_FAMILY_AGREE,        /* agree / disagree */
    PK_SCALE_GUESS_FAMILY_YES_NO,       /* yes / no */
    PK_SCALE_GUESS_FAMILY_LIKELY,       /* likely / unlikely */
    PK_SCALE_GUESS_FAMILY_SATISFIED,    /* satisfied / dissatisfied */
    PK_SCALE_GUESS_FAMILY_FAVOURABLE,   /* favourable / unfavourable */
    PK_SCALE_GUESS_FAMILY_APPROVE,      /* approve / disapprove */
    PK_SCALE_GUESS_FAMILY_IMPORTANT,    /* important / not important */
    PK_SCALE_GUESS_FAMILY_GOOD_BAD,     /* good / bad */
    PK_SCALE_GUESS_FAMILY_ZERO_TEN      /* the numbers 0 to 10, with or without end labels */
};

/* A short lower-case name for the family: "nominal", "support", "agree",
 * "yes_no", "likely", "satisfied", "favourable", "approve", "important",
 * "good_bad", "0-10". */
const char *pk_scale_guess_family_name(enum pk_scale_guess_family f);

/* Recognise a whole scale from its n answer labels (in any order). On
 * return sides[i] is the side of labels[i]. A scale is recognised when at
 * least one label is on each of the positive and negative sides and every
 * label has a side (don't-know labels count); then the labels' sides are
 * kept. The numbers 0..10 (all eleven of them, possibly with end labels
 * such as "0 - Very unlikely" or "10 Extremely likely") are family 0-10:
 * 6 to 10 positive, 5 neutral, 0 to 4 negative. Otherwise the family is
 * nominal and every side is PK_SIDE_NONE except don't-know labels, which
 * stay PK_SIDE_DONT_KNOW. */
enum pk_scale_guess_family pk_scale_guess(const char *const *labels, size_t n,
                                    enum pk_side *sides);

/* What a banner table's row label says about a net. Returns 1 when the
 * label reads as a net ("NET: Support", "Net: agree", "Total support",
 * "Support (net)", "Any support", "Net support" / "Net score"), else 0.
 * *side is the side it totals (PK_SIDE_POSITIVE or PK_SIDE_NEGATIVE; for a
 * net of some other codes PK_SIDE_NONE), and *is_score is 1 for a
 * difference of the two sides ("Net support", "Net score", "Net: +/-"). */
int pk_scale_guess_net(const char *label, enum pk_side *side, int *is_score);

#endif
