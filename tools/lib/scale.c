/* Answer scales: codes with sides, nets and the net score, checked and put
 * in the support table's order once, so that pollsupport, pollplot and
 * pollclaim never need to know any poll's codes. See scale.h. */
#include "scale.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "number.h"
#include "util.h"

static const char *const kind_names[PK_SCALE_KIND_N] = {
    "positive", "negative", "neutral", "dont_know", "nominal",
    "net_positive", "net_negative", "net", "net_score", "mean", "option"};

const char *pk_scale_kind_name(enum pk_scale_kind k)
{
    return (unsigned)k < PK_SCALE_KIND_N ? kind_names[k] : "";
}

int pk_scale_kind_parse(const char *s, enum pk_scale_kind *out)
{
    for (int k = 0; k < PK_SCALE_KIND_N; k++)
        if (strcmp(s, kind_names[k]) == 0) {
            *out = (enum pk_scale_kind)k;
            return 0;
        }
    return -1;
}

enum pk_scale_kind pk_scale_kind_of_side(enum pk_side side)
{
    switch (side) {
    case PK_SIDE_POSITIVE:
        return PK_SCALE_KIND_POSITIVE;
    case PK_SIDE_NEGATIVE:
        return PK_SCALE_KIND_NEGATIVE;
    case PK_SIDE_NEUTRAL:
        return PK_SCALE_KIND_NEUTRAL;
    case PK_SIDE_DONT_KNOW:
        return PK_SCALE_KIND_DONT_KNOW;
    case PK_SIDE_NONE:
        break;
    }
    return PK_SCALE_KIND_NOMINAL;
}

int pk_scale_kind_is_net(enum pk_scale_kind k)
{
    return k == PK_SCALE_KIND_NET_POSITIVE || k == PK_SCALE_KIND_NET_NEGATIVE || k == PK_SCALE_KIND_NET ||
           k == PK_SCALE_KIND_NET_SCORE;
}

/* A net as declared, before pk_scale_finish resolves its members. */
struct decl {
    char *code, *label;
    enum pk_scale_kind kind;
    char **members;
    size_t nmembers;
    long line;
};

struct pk_scale {
    char *name, *label, *path;
    pk_scale_response *r;        /* codes, then nets once finished */
    size_t ncodes, nr, rcap;
    struct decl *d;          /* declared nets */
    size_t nd, dcap;
    int finished, sides;
    int mean;                /* some code has a score */
};

static char *dup_or(const char *s, const char *dflt)
{
    return strdup(s && s[0] ? s : dflt);
}

pk_scale *pk_scale_new(const char *name, const char *label)
{
    pk_scale *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->name = strdup(name);
    s->label = dup_or(label, name);
    if (!s->name || !s->label) {
        pk_scale_free(s);
        return NULL;
    }
    return s;
}

void pk_scale_free(pk_scale *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->nr; i++) {
        free((char *)s->r[i].code);
        free((char *)s->r[i].label);
        free((signed char *)s->r[i].y);
    }
    free(s->r);
    for (size_t i = 0; i < s->nd; i++) {
        free(s->d[i].code);
        free(s->d[i].label);
        for (size_t m = 0; m < s->d[i].nmembers; m++)
            free(s->d[i].members[m]);
        free(s->d[i].members);
    }
    free(s->d);
    free(s->name);
    free(s->label);
    free(s->path);
    free(s);
}

int pk_scale_set_path(pk_scale *s, const char *path)
{
    free(s->path);
    s->path = path ? strdup(path) : NULL;
    return path && !s->path ? -1 : 0;
}

/* "FILE:LINE: " or "" for messages. */
static const char *where(const pk_scale *s, long line, char *buf, size_t size)
{
    if (s->path && line > 0)
        snprintf(buf, size, "%s:%ld: ", s->path, line);
    else if (s->path)
        snprintf(buf, size, "%s: ", s->path);
    else
        buf[0] = '\0';
    return buf;
}

long pk_scale_find(const pk_scale *s, const char *code)
{
    for (size_t i = 0; i < s->nr; i++)
        if (strcmp(s->r[i].code, code) == 0)
            return (long)i;
    return -1;
}

static long find_decl(const pk_scale *s, const char *code)
{
    for (size_t i = 0; i < s->nd; i++)
        if (strcmp(s->d[i].code, code) == 0)
            return (long)i;
    return -1;
}

int pk_scale_add_code(pk_scale *s, const char *code, const char *label, enum pk_side side,
                      long line, pk_err *err)
{
    char w[300];
    if (pk_scale_find(s, code) >= 0)
        return pk_err_set(err, PK_ERR_DATA, "%scode '%s' of scale '%s' is declared twice",
                          where(s, line, w, sizeof w), code, s->name);
    if (strcmp(code, PK_SCALE_MEAN_CODE) == 0)
        return pk_err_set(err, PK_ERR_DATA, "%scode '%s' of scale '%s': that is the code of a "
                          "scale's mean row", where(s, line, w, sizeof w), code, s->name);
    if (pk_util_grow((void **)&s->r, &s->rcap, s->nr + 1, sizeof *s->r))
        return pk_err_nomem(err);
    pk_scale_response *r = &s->r[s->nr];
    memset(r, 0, sizeof *r);
    r->code = strdup(code);
    r->label = dup_or(label, code);
    if (!r->code || !r->label) {
        free((char *)r->code);
        free((char *)r->label);
        return pk_err_nomem(err);
    }
    r->side = side;
    r->kind = pk_scale_kind_of_side(side);
    r->line = line;
    r->score = NAN;
    s->nr++;
    s->ncodes++;
    return 0;
}

int pk_scale_set_score(pk_scale *s, const char *code, double score, long line, pk_err *err)
{
    char w[300];
    long k = pk_scale_find(s, code);
    if (k < 0 || (size_t)k >= s->ncodes || s->finished)
        return pk_err_set(err, PK_ERR_USAGE, "%sscore for '%s', not a code of scale '%s'",
                          where(s, line, w, sizeof w), code, s->name);
    if (!isfinite(score))
        return pk_err_set(err, PK_ERR_DATA, "%sscore of '%s' is not a finite number",
                          where(s, line, w, sizeof w), code);
    s->r[k].score = score;
    s->mean = 1;
    return 0;
}

int pk_scale_has_mean(const pk_scale *s)
{
    return s->mean;
}

int pk_scale_add_net(pk_scale *s, const char *code, const char *label, enum pk_scale_kind kind,
                     const char *const *members, size_t nmembers, long line, pk_err *err)
{
    char w[300];
    const char *at = where(s, line, w, sizeof w);
    if (!pk_scale_kind_is_net(kind))
        return pk_err_set(err, PK_ERR_USAGE, "%snet '%s': not a kind of net", at, code);
    if (find_decl(s, code) >= 0)
        return pk_err_set(err, PK_ERR_DATA, "%snet '%s' of scale '%s' is declared twice", at, code,
                          s->name);
    if (strcmp(code, PK_SCALE_MEAN_CODE) == 0)
        return pk_err_set(err, PK_ERR_DATA, "%snet '%s' of scale '%s': that is the code of a "
                          "scale's mean row", at, code, s->name);
    for (size_t i = 0; i < s->nd; i++)
        if (kind != PK_SCALE_KIND_NET && s->d[i].kind == kind)
            return pk_err_set(err, PK_ERR_DATA, "%sscale '%s' has a second %s net ('%s', line %ld)",
                              at, s->name, kind == PK_SCALE_KIND_NET_SCORE ? "score" :
                              kind == PK_SCALE_KIND_NET_POSITIVE ? "positive" : "negative",
                              s->d[i].code, s->d[i].line);
    if (kind == PK_SCALE_KIND_NET_SCORE && nmembers > 0)
        return pk_err_set(err, PK_ERR_DATA, "%snet score '%s' lists members: a net score is always "
                                         "the positive net minus the negative net", at, code);
    if (kind == PK_SCALE_KIND_NET && nmembers == 0)
        return pk_err_set(err, PK_ERR_DATA, "%snet '%s' has neither a side nor members: list its "
                                         "codes in 'members' (separated by '|')", at, code);
    if (pk_util_grow((void **)&s->d, &s->dcap, s->nd + 1, sizeof *s->d))
        return pk_err_nomem(err);
    struct decl *d = &s->d[s->nd];
    memset(d, 0, sizeof *d);
    d->code = strdup(code);
    d->label = dup_or(label, code);
    d->kind = kind;
    d->line = line;
    d->members = calloc(nmembers ? nmembers : 1, sizeof *d->members);
    s->nd++;   /* freed with the scale from here on */
    if (!d->code || !d->label || !d->members)
        return pk_err_nomem(err);
    for (size_t m = 0; m < nmembers; m++) {
        for (size_t k = 0; k < m; k++)
            if (strcmp(members[k], members[m]) == 0)
                return pk_err_set(err, PK_ERR_DATA, "%snet '%s' lists '%s' twice", at, code,
                                  members[m]);
        if (!(d->members[m] = strdup(members[m])))
            return pk_err_nomem(err);
        d->nmembers++;
    }
    return 0;
}

/* Append a net response with weights y (taken over). */
static int push_net(pk_scale *s, const char *code, const char *label, enum pk_scale_kind kind,
                    long line, signed char *y, pk_err *err)
{
    if (pk_util_grow((void **)&s->r, &s->rcap, s->nr + 1, sizeof *s->r)) {
        free(y);
        return pk_err_nomem(err);
    }
    pk_scale_response *r = &s->r[s->nr];
    memset(r, 0, sizeof *r);
    r->code = strdup(code);
    r->label = strdup(label);
    r->y = y;
    r->kind = kind;
    r->score = NAN;
    r->side = PK_SIDE_NONE;
    r->line = line;
    s->nr++;
    if (!r->code || !r->label)
        return pk_err_nomem(err);
    return 0;
}

static const char *side_word(enum pk_side side)
{
    const char *n = pk_side_name(side);
    return n[0] ? n : "without a side";
}

/* Resolve a declared net's members into y (1 per member). A positive or
 * negative net gives its members its side, and refuses a member already
 * on another side. */
static int resolve(pk_scale *s, const struct decl *d, signed char *y, pk_err *err)
{
    char w[300];
    const char *at = where(s, d->line, w, sizeof w);
    enum pk_side side = d->kind == PK_SCALE_KIND_NET_POSITIVE ? PK_SIDE_POSITIVE :
                        d->kind == PK_SCALE_KIND_NET_NEGATIVE ? PK_SIDE_NEGATIVE : PK_SIDE_NONE;
    if (d->nmembers == 0) {
        for (size_t k = 0; k < s->ncodes; k++)
            y[k] = s->r[k].side == side;
        return 0;
    }
    for (size_t m = 0; m < d->nmembers; m++) {
        long k = pk_scale_find(s, d->members[m]);
        if (k < 0 || (size_t)k >= s->ncodes)
            return pk_err_set(err, PK_ERR_DATA, "%snet '%s' lists '%s', which is not a code of "
                                             "scale '%s'", at, d->code, d->members[m], s->name);
        y[k] = 1;
        if (side == PK_SIDE_NONE)
            continue;
        pk_scale_response *c = &s->r[k];
        if (c->side == PK_SIDE_NONE) {
            c->side = side;
            c->kind = pk_scale_kind_of_side(side);
        } else if (c->side != side) {
            return pk_err_set(err, PK_ERR_DATA, "%scode '%s' would have two sides: it is %s (line "
                                             "%ld) and in the %s net '%s'", at, c->code,
                              side_word(c->side), c->line, pk_side_name(side), d->code);
        }
    }
    return 0;
}

/* The line declaring a code or net, for messages about it. */
static long used_at(const pk_scale *s, const char *code)
{
    long i = pk_scale_find(s, code);
    if (i >= 0)
        return s->r[i].line;
    i = find_decl(s, code);
    return i >= 0 ? s->d[i].line : 0;
}

/* The nets the codebook lists without a side: each its members. */
static int other_nets(pk_scale *s, pk_err *err)
{
    int rc = 0;
    for (size_t i = 0; i < s->nd && !rc; i++) {
        if (s->d[i].kind != PK_SCALE_KIND_NET)
            continue;
        signed char *y = calloc(s->ncodes, 1);
        if (!y) {
            rc = pk_err_nomem(err);
            break;
        }
        rc = resolve(s, &s->d[i], y, err);
        if (rc)
            free(y);
        else
            rc = push_net(s, s->d[i].code, s->d[i].label, PK_SCALE_KIND_NET, s->d[i].line, y, err);
    }
    return rc;
}

/* The net score of a scale with both sides: +1 for a code in the positive
 * net (sidey[0]), -1 in the negative (sidey[1]); listed (score, the index
 * of its declaration) or by default "net". */
static int net_score(pk_scale *s, signed char *const sidey[2], long score, pk_err *err)
{
    char w[300];
    int rc = 0;
    signed char *y = malloc(s->ncodes);
    if (!y)
        rc = pk_err_nomem(err);
    for (size_t c = 0; !rc && c < s->ncodes; c++) {
        if (sidey[0][c] && sidey[1][c]) {
            rc = pk_err_set(err, PK_ERR_DATA, "%scode '%s' is in both the positive and the "
                                           "negative net", where(s, s->r[c].line, w, sizeof w),
                            s->r[c].code);
            break;
        }
        y[c] = (signed char)(sidey[0][c] - sidey[1][c]);
    }
    if (rc)
        free(y);
    else if (score >= 0)
        rc = push_net(s, s->d[score].code, s->d[score].label, PK_SCALE_KIND_NET_SCORE,
                      s->d[score].line, y, err);
    else if (pk_scale_find(s, "net") >= 0 || find_decl(s, "net") >= 0) {
        free(y);
        rc = pk_err_set(err, PK_ERR_DATA, "%sscale '%s' already uses the code 'net': list its "
                                       "net score with a 'net' row of side 'score'",
                        where(s, used_at(s, "net"), w, sizeof w), s->name);
    } else
        rc = push_net(s, "net", "Net score", PK_SCALE_KIND_NET_SCORE, 0, y, err);
    return rc;
}

/* The positive and negative nets' rows: listed (di[k] >= 0), or by default
 * the side's codes when it has more than one. ys[k] is the listed net's
 * members (NULL: none listed), taken; sidey[k] gets who counts in the net
 * score for side k. */
static int side_nets(pk_scale *s, signed char *ys[2], const long di[2], const size_t nside[2],
                     signed char *sidey[2], pk_err *err)
{
    char w[300];
    int rc = 0;
    static const char *const dcode[2] = {"positive", "negative"};
    static const char *const dlabel[2] = {"Positive (net)", "Negative (net)"};
    for (int k = 0; k < 2 && !rc; k++) {
        enum pk_side side = k == 0 ? PK_SIDE_POSITIVE : PK_SIDE_NEGATIVE;
        enum pk_scale_kind kind = k == 0 ? PK_SCALE_KIND_NET_POSITIVE : PK_SCALE_KIND_NET_NEGATIVE;
        if (!ys[k] && (di[k] >= 0 || nside[k] > 0)) {
            if (!(ys[k] = calloc(s->ncodes, 1))) {
                rc = pk_err_nomem(err);
                break;
            }
            for (size_t c = 0; c < s->ncodes; c++)
                ys[k][c] = s->r[c].side == side;
        }
        if (!ys[k])
            continue;
        if (!(sidey[k] = malloc(s->ncodes))) {
            rc = pk_err_nomem(err);
            break;
        }
        memcpy(sidey[k], ys[k], s->ncodes);
        if (di[k] >= 0) {
            rc = push_net(s, s->d[di[k]].code, s->d[di[k]].label, kind, s->d[di[k]].line, ys[k],
                          err);
            ys[k] = NULL;
        } else if (nside[k] > 1 && s->sides) {
            if (pk_scale_find(s, dcode[k]) >= 0 || find_decl(s, dcode[k]) >= 0)
                rc = pk_err_set(err, PK_ERR_DATA, "%sscale '%s' already uses the code '%s': list its "
                                               "%s net with a 'net' row",
                                where(s, used_at(s, dcode[k]), w, sizeof w), s->name, dcode[k],
                                pk_side_name(side));
            else
                rc = push_net(s, dcode[k], dlabel[k], kind, 0, ys[k], err);
            ys[k] = NULL;
        } else {
            free(ys[k]);
            ys[k] = NULL;
        }
    }
    return rc;
}

int pk_scale_finish(pk_scale *s, pk_err *err)
{
    char w[300];
    if (s->finished)
        return 0;
    if (s->ncodes == 0)
        return pk_err_set(err, PK_ERR_DATA, "%sscale '%s' has no codes", where(s, 0, w, sizeof w),
                          s->name);
    for (size_t i = 0; i < s->nd; i++)
        if (pk_scale_find(s, s->d[i].code) >= 0)
            return pk_err_set(err, PK_ERR_DATA, "%snet '%s' has the code of one of the scale's "
                                             "answers", where(s, s->d[i].line, w, sizeof w),
                              s->d[i].code);
    /* Listed positive and negative nets first: they can give sides. */
    signed char *ys[2] = {NULL, NULL};
    long di[2] = {-1, -1};
    long score = -1;
    for (size_t i = 0; i < s->nd; i++) {
        if (s->d[i].kind == PK_SCALE_KIND_NET_POSITIVE)
            di[0] = (long)i;
        else if (s->d[i].kind == PK_SCALE_KIND_NET_NEGATIVE)
            di[1] = (long)i;
        else if (s->d[i].kind == PK_SCALE_KIND_NET_SCORE)
            score = (long)i;
    }
    int rc = 0;
    for (int k = 0; k < 2 && !rc; k++) {
        if (di[k] < 0 || s->d[di[k]].nmembers == 0)
            continue;
        if (!(ys[k] = calloc(s->ncodes, 1)))
            rc = pk_err_nomem(err);
        else
            rc = resolve(s, &s->d[di[k]], ys[k], err);
    }
    size_t nside[2] = {0, 0};
    for (size_t k = 0; k < s->ncodes; k++) {
        nside[0] += s->r[k].side == PK_SIDE_POSITIVE;
        nside[1] += s->r[k].side == PK_SIDE_NEGATIVE;
    }
    s->sides = nside[0] > 0 && nside[1] > 0;
    if (!rc && score >= 0 && !s->sides)
        rc = pk_err_set(err, PK_ERR_DATA, "%snet score '%s' needs a scale with a positive and a "
                                       "negative side; scale '%s' has %s",
                        where(s, s->d[score].line, w, sizeof w), s->d[score].code, s->name,
                        nside[0] ? "no negative side" : nside[1] ? "no positive side" : "no sides");
    for (int k = 0; k < 2 && !rc; k++) {
        enum pk_side side = k == 0 ? PK_SIDE_POSITIVE : PK_SIDE_NEGATIVE;
        if (di[k] >= 0 && s->d[di[k]].nmembers == 0 && nside[k] == 0)
            rc = pk_err_set(err, PK_ERR_DATA, "%s%s net '%s' has no members: no code of scale '%s' "
                                           "is %s (give the codes a side, or list them in "
                                           "'members')", where(s, s->d[di[k]].line, w, sizeof w),
                            pk_side_name(side), s->d[di[k]].code, s->name, pk_side_name(side));
    }
    /* In a scale with both sides, a code left without one is the middle. */
    if (s->sides)
        for (size_t k = 0; k < s->ncodes; k++)
            if (s->r[k].side == PK_SIDE_NONE) {
                s->r[k].side = PK_SIDE_NEUTRAL;
                s->r[k].kind = PK_SCALE_KIND_NEUTRAL;
            }
    signed char *sidey[2] = {NULL, NULL};   /* who counts in the net score */
    if (!rc)
        rc = side_nets(s, ys, di, nside, sidey, err);
    if (!rc)
        rc = other_nets(s, err);
    if (!rc && s->sides)
        rc = net_score(s, sidey, score, err);
    if (!rc && s->mean) {
        signed char *y = calloc(s->ncodes, 1);
        rc = y ? push_net(s, PK_SCALE_MEAN_CODE, PK_SCALE_MEAN_LABEL, PK_SCALE_KIND_MEAN, 0, y, err)
               : pk_err_nomem(err);
    }
    free(ys[0]);
    free(ys[1]);
    free(sidey[0]);
    free(sidey[1]);
    if (rc)
        return rc;
    /* Codes count for themselves. */
    for (size_t k = 0; k < s->ncodes; k++) {
        signed char *y = calloc(s->ncodes, 1);
        if (!y)
            return pk_err_nomem(err);
        y[k] = 1;
        s->r[k].y = y;
    }
    s->finished = 1;
    return 0;
}

const char *pk_scale_name(const pk_scale *s)
{
    return s->name;
}

const char *pk_scale_label(const pk_scale *s)
{
    return s->label;
}

size_t pk_scale_ncodes(const pk_scale *s)
{
    return s->ncodes;
}

size_t pk_scale_nresponses(const pk_scale *s)
{
    return s->nr;
}

const pk_scale_response *pk_scale_response_at(const pk_scale *s, size_t i)
{
    return i < s->nr ? &s->r[i] : NULL;
}

int pk_scale_has_sides(const pk_scale *s)
{
    return s->sides;
}

long pk_scale_side_net(const pk_scale *s, enum pk_side side)
{
    enum pk_scale_kind want = side == PK_SIDE_POSITIVE ? PK_SCALE_KIND_NET_POSITIVE : PK_SCALE_KIND_NET_NEGATIVE;
    long only = -1;
    size_t n = 0;
    for (size_t i = 0; i < s->nr; i++) {
        if (s->r[i].kind == want)
            return (long)i;
        if (i < s->ncodes && s->r[i].side == side) {
            only = (long)i;
            n++;
        }
    }
    return n == 1 ? only : -1;
}
