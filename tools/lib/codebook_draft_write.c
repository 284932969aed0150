/* Writing the draft codebook; see codebook_draft.h, and codebook_draft.c
 * for how each column's kind, codes and scale are decided.
 *
 * The draft is written in the input's column order, each scale just before
 * the first question using it; every guess a person should check carries a
 * note, and every text a spreadsheet would run as a formula is flagged. */
#include "codebook_draft_internal.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "codebook.h"
#include "csvio.h"
#include "number.h"

#define LABEL_MAX 40

/* --- notes ------------------------------------------------------------- */

/* A note: sentences joined by "; ". */
static void note(pk_util_sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void note(pk_util_sbuf *b, const char *fmt, ...)
{
    if (b->len)
        pk_util_sbuf_add(b, "; ");
    va_list ap;
    va_start(ap, fmt);
    pk_util_sbuf_vaddf(b, fmt, ap);
    va_end(ap);
}

/* --- writing --------------------------------------------------------------- */

enum { W_VARIABLE, W_KIND, W_SOURCE, W_REQUIRED, W_SCALE, W_CODE, W_LABEL, W_SIDE, W_MEMBERS, W_MIN, W_MAX,
       W_UNIT, W_ACCEPT, W_WORDING, W_SCORE, W_NOTE, W_N };

static const char *const w_names[W_N] = {"variable", "kind", "source", "required", "scale", "code", "label",
                                         "side", "members", "min", "max", "unit", "accept", "wording", "score",
                                         "note"};

struct out {
    pk_csv_writer w;
    long notes;
    long formulas;         /* rows holding a text a spreadsheet would run */
    int oom;
    int scores;            /* some scale has scores: the score column is written */
};

/* A text a spreadsheet would take as a formula when it starts a cell:
 * '=', '+', '-' or '@' (unless it is a plain number such as -1), or a tab
 * or carriage return, which some spreadsheets strip before looking. */
static int formula_like(const char *s)
{
    if (!strchr("=+-@\t\r", s[0]) || s[0] == '\0')
        return 0;
    double x;
    return s[0] == '\t' || s[0] == '\r' || s[0] == '=' || s[0] == '@' || pk_number_parse(s, &x) != 0;
}

static void put_row(struct out *o, const char *const *f)
{
    /* Labels are the file's words and must stay as they are (pollclean
     * matches them), so a formula-like one is flagged, not changed. */
    const char *fields[W_N];
    pk_util_sbuf nt = {0};
    int nflag = 0;
    for (int i = 0; i < W_N; i++) {
        fields[i] = f[i] ? f[i] : "";
        if (i != W_NOTE && formula_like(fields[i]))
            pk_util_sbuf_addf(&nt, "%s%s", nflag++ ? " and " : "its ", w_names[i]);
    }
    if (nflag)
        pk_util_sbuf_addf(&nt, " start%s like a spreadsheet formula (=, +, -, @, tab or CR first), "
                                    "which a spreadsheet would run: open this file as text (see pollcodebook(1)), "
                                    "never by double-click", nflag == 1 ? "s" : "");
    int flagged = nt.len > 0, noted = flagged || fields[W_NOTE][0];
    if (flagged) {
        o->formulas++;
        pk_util_sbuf all = {0};
        pk_util_sbuf_addf(&all, "%s%s%s", pk_util_sbuf_str(&nt), fields[W_NOTE][0] ? "; " : "",
                                    fields[W_NOTE]);
        o->oom |= all.oom;
        fields[W_NOTE] = pk_util_sbuf_str(&all);
        for (int i = 0; i < W_N; i++)
            if (i != W_SCORE || o->scores)
                pk_csv_writer_field(&o->w, fields[i]);
        pk_util_sbuf_free(&all);
    } else {
        for (int i = 0; i < W_N; i++)
            if (i != W_SCORE || o->scores)
                pk_csv_writer_field(&o->w, fields[i]);
    }
    o->oom |= nt.oom;
    pk_util_sbuf_free(&nt);
    pk_csv_writer_end(&o->w);
    if (noted && strcmp(fields[W_VARIABLE], "#") != 0)
        o->notes++;
}

static void comment(struct out *o, const char *source, const char *text)
{
    const char *f[W_N] = {0};
    f[W_VARIABLE] = "#";
    f[W_SOURCE] = source;
    f[W_NOTE] = text;
    put_row(o, f);
}

/* The accept list: the code's other spellings, '|'-separated (a spelling
 * holding '|' cannot be listed: it is left out, noted). */
static char *accept_list(const pk_codebook_draft_code *k, int *dropped)
{
    size_t len = 1;
    for (size_t i = 0; i < k->nacc; i++)
        len += strlen(k->accept[i]) + 1;
    char *s = malloc(len);
    if (!s)
        return NULL;
    size_t n = 0;
    for (size_t i = 0; i < k->nacc; i++) {
        if (strchr(k->accept[i], '|')) {
            (*dropped)++;
            continue;
        }
        if (n)
            s[n++] = '|';
        strcpy(s + n, k->accept[i]);
        n += strlen(k->accept[i]);
    }
    s[n] = '\0';
    return s;
}

static int write_code(struct out *o, const char *owner, const pk_codebook_draft_code *k, int with_side,
                      enum pk_scale_guess_family fam, const char *score)
{
    int dropped = 0;
    char *acc = accept_list(k, &dropped);
    if (!acc)
        return -1;
    pk_util_sbuf nt = {0};
    if (k->merged)
        note(&nt, "one code for %s (their letters are the same): check", k->merged);
    if (k->same_label)
        note(&nt, "the file gives the label '%s' to more than one value (%s and %s): drafted as one answer "
             "accepting each number; make a code for each value if they differ", k->label, k->same_alt,
             k->same_label);
    if (dropped)
        note(&nt, "%d spelling%s holding '|' cannot be listed in accept", dropped, dropped == 1 ? "" : "s");
    if (with_side && fam != PK_SCALE_GUESS_FAMILY_NOMINAL && k->side == PK_SIDE_NONE)
        note(&nt, "off the scale, no side guessed: neutral unless you give one (or make it missing)");
    if (with_side && k->side == PK_SIDE_DONT_KNOW)
        note(&nt, "a don't-know answer: stays in the base (pollsupport --exclude %s drops it)", k->code);
    if (k->unlabelled)
        note(&nt, "given in the data without a value label: check what it means");
    const char *f[W_N] = {0};
    f[W_VARIABLE] = owner;
    f[W_KIND] = "code";
    f[W_CODE] = k->code;
    f[W_LABEL] = k->label;
    f[W_SIDE] = with_side ? pk_side_name(k->side) : "";
    f[W_ACCEPT] = acc;
    f[W_SCORE] = score;
    f[W_NOTE] = pk_util_sbuf_str(&nt);
    put_row(o, f);
    free(acc);
    int bad = nt.oom;
    pk_util_sbuf_free(&nt);
    return bad ? -1 : 0;
}

/* A missing row: the answers meaning no answer, '|'-separated. */
static int write_missing(struct out *o, const char *owner, const pk_codebook_draft_code *codes, size_t n,
                         int (*is_missing)(const pk_codebook_draft_code *), const char *why)
{
    pk_util_sbuf acc = {0};
    for (size_t i = 0; i < n; i++) {
        if (!is_missing(&codes[i]))
            continue;
        if (!strchr(codes[i].label, '|'))
            pk_util_sbuf_addf(&acc, "%s%s", acc.len ? "|" : "", codes[i].label);
        for (size_t a = 0; a < codes[i].nacc; a++)
            if (!strchr(codes[i].accept[a], '|'))
                pk_util_sbuf_addf(&acc, "%s%s", acc.len ? "|" : "", codes[i].accept[a]);
    }
    int bad = acc.oom;
    if (acc.len) {
        const char *f[W_N] = {0};
        f[W_VARIABLE] = owner;
        f[W_KIND] = "missing";
        f[W_ACCEPT] = pk_util_sbuf_str(&acc);
        f[W_NOTE] = why;
        put_row(o, f);
    }
    pk_util_sbuf_free(&acc);
    return bad ? -1 : 0;
}

/* SPSS user-missing values (and Stata's missing codes) follow the file:
 * its author declared them no answer, so the draft leaves them out of the
 * base, whatever they read as (a "Don't know" the file calls missing is
 * missing). */
static int declared_missing(const pk_codebook_draft_code *k)
{
    return k->missing;
}

static int dk_or_missing(const pk_codebook_draft_code *k)
{
    return k->dk || k->missing;
}

/* The number a scale's code stands for: its code ("7"), else a number
 * starting its label ("0 - Not at all likely", "10 Very likely"). 0 when
 * it has none. */
static int code_number(const pk_codebook_draft_code *k, long *v)
{
    if (pk_number_parse_long(k->code, v) == 0)
        return 1;
    const char *p = k->label;
    char *end;
    if (!isdigit((unsigned char)*p))
        return 0;
    errno = 0;
    long x = strtol(p, &end, 10);
    if (errno || end - p > 3 || (*end && !strchr(" -\u2013:.=)", *end) && !isspace((unsigned char)*end)))
        return 0;
    *v = x;
    return 1;
}

/* Scores for a scale whose codes are numbered (0 to 10, 1 to 5 and the
 * like: consecutive whole numbers from 0 or 1, at most 10, at least 3 of
 * them), each code's number, into score[i] ("" for a don't-know or
 * missing code, which has none). 0, with no scores, otherwise. */
static int scale_scores(const pk_codebook_draft_scale *s, long *score, int *has)
{
    long lo = LONG_MAX, hi = LONG_MIN, nscored = 0;
    unsigned seen = 0;
    for (size_t i = 0; i < s->n; i++) {
        has[i] = 0;
        if (s->codes[i].dk || s->codes[i].missing)
            continue;
        long v;
        if (!code_number(&s->codes[i], &v) || v < 0 || v > 10 || (seen >> v & 1u))
            return 0;
        seen |= 1u << v;
        score[i] = v;
        has[i] = 1;
        nscored++;
        lo = v < lo ? v : lo;
        hi = v > hi ? v : hi;
    }
    return nscored >= 3 && lo <= 1 && hi - lo + 1 == nscored;
}

static int write_scale(struct out *o, pk_codebook_draft_scale *s)
{
    const char *f[W_N] = {0};
    pk_util_sbuf nt = {0};
    int pos = 0, neg = 0;
    for (size_t i = 0; i < s->n; i++) {
        pos += s->codes[i].side == PK_SIDE_POSITIVE;
        neg += s->codes[i].side == PK_SIDE_NEGATIVE;
    }
    if (s->fam != PK_SCALE_GUESS_FAMILY_NOMINAL)
        note(&nt, "a common scale recognised (%s): check the sides and the order of the codes",
             pk_scale_guess_family_name(s->fam));
    else
        note(&nt, "no common scale recognised: answers without sides (nominal); check the order");
    long *score = calloc(s->n + 1, sizeof *score);
    int *has = calloc(s->n + 1, sizeof *has);
    if (!score || !has) {
        free(score);
        free(has);
        pk_util_sbuf_free(&nt);
        return -1;
    }
    int scored = scale_scores(s, score, has);
    if (scored)
        note(&nt, "scores drafted from the codes' numbers (pollsupport gives the scale a mean score): "
                  "check that a higher number means more");
    f[W_VARIABLE] = s->name;
    f[W_KIND] = "scale";
    f[W_LABEL] = s->label;
    f[W_NOTE] = pk_util_sbuf_str(&nt);
    put_row(o, f);
    pk_util_sbuf_free(&nt);
    size_t real = 0;
    for (size_t i = 0; i < s->n; i++)
        real += !declared_missing(&s->codes[i]);
    for (size_t i = 0; i < s->n; i++) {
        char num[24] = "";
        if (scored && has[i])
            snprintf(num, sizeof num, "%ld", score[i]);
        if ((!real || !declared_missing(&s->codes[i])) && write_code(o, s->name, &s->codes[i], 1, s->fam, num)) {
            free(score);
            free(has);
            return -1;
        }
    }
    free(score);
    free(has);
    if (real && write_missing(o, s->name, s->codes, s->n, declared_missing,
                      "declared missing in the file (user-missing): no answer, left out of the base; to keep "
                      "one in the base, move it to a code row of its own (side dont_know for a don't know)"))
        return -1;
    if (!(pos && neg))
        return 0;
    const char *pc, *pl, *nc, *nl, *sl;
    pk_codebook_draft_family_nets(s->fam, &pc, &pl, &nc, &nl, &sl);
    char pcode[64], ncode[64], scode[32], plab[64], nlab[64];
    snprintf(pcode, sizeof pcode, pk_codebook_draft_has_code(s, pc) ? "net_%s" : "%s", pc);
    snprintf(ncode, sizeof ncode, pk_codebook_draft_has_code(s, nc) ? "net_%s" : "%s", nc);
    snprintf(scode, sizeof scode, pk_codebook_draft_has_code(s, "net") ? "net_score" : "net");
    snprintf(plab, sizeof plab, pk_codebook_draft_has_code(s, pc) ? "%s (net)" : "%s", pl);
    snprintf(nlab, sizeof nlab, pk_codebook_draft_has_code(s, nc) ? "%s (net)" : "%s", nl);
    /* A side with one code is its own net: no row. */
    const char *g[W_N] = {0};
    g[W_VARIABLE] = s->name;
    g[W_KIND] = "net";
    if (pos > 1) {
        g[W_CODE] = pcode;
        g[W_LABEL] = plab;
        g[W_SIDE] = "positive";
        put_row(o, g);
    }
    if (neg > 1) {
        g[W_CODE] = ncode;
        g[W_LABEL] = nlab;
        g[W_SIDE] = "negative";
        put_row(o, g);
    }
    g[W_CODE] = scode;
    g[W_LABEL] = sl;
    g[W_SIDE] = "score";
    put_row(o, g);
    return 0;
}

static void shorten(char *buf, size_t n, const char *text)
{
    size_t len = strlen(text);
    if (len <= LABEL_MAX) {
        snprintf(buf, n, "%s", text);
        return;
    }
    size_t cut = LABEL_MAX;
    while (cut > 10 && text[cut] != ' ')
        cut--;
    /* Not inside a UTF-8 sequence. */
    while (cut > 0 && ((unsigned char)text[cut] & 0xC0) == 0x80)
        cut--;
    snprintf(buf, n, "%.*s...", (int)cut, text);
}

/* A respondent id's fields and notes. */
static void id_fields(const pk_codebook_draft_col *c, const char **f, pk_util_sbuf *nt)
{
    f[W_KIND] = "id";
    f[W_REQUIRED] = "yes";
    f[W_LABEL] = "Respondent id";
    f[W_WORDING] = "";
    if (c->guessed_id_by_values)
        note(nt, "guessed: its values are all different; confirm it is the respondent id");
    else
        note(nt, "guessed from its name; confirm it is the respondent id");
    if (c->repeats)
        note(nt, "%ld record%s an earlier id (pollclean keeps the first and excludes the rest as "
             "duplicate_id)", c->repeats, c->repeats == 1 ? " repeats" : "s repeat");
}

/* An interview duration's fields and notes: its unit from its name, else
 * from its SPSS/Stata variable label ("LOI (hrs)"). */
static void duration_fields(const pk_codebook_draft_col *c, const char **f, pk_util_sbuf *nt)
{
    f[W_KIND] = "duration";
    f[W_LABEL] = "Interview duration";
    f[W_WORDING] = "";
    const char *by = pk_codebook_draft_is_duration_name(c->name) ? "name" : "label";
    enum pk_codebook_unit u;
    if (pk_codebook_unit_of_name(c->name, &u) || (c->vlabel[0] && pk_codebook_unit_of_name(c->vlabel, &u))) {
        f[W_UNIT] = pk_codebook_unit_name(u);
        note(nt, "guessed from its %s, in %s as it says", by, pk_codebook_unit_name(u));
    } else {
        note(nt, "guessed from its %s; in seconds unless you set unit", by);
    }
}

/* A number's fields and notes: an age's usual range, else the data's. */
static void number_fields(const pk_codebook_draft_col *c, const char **f, pk_util_sbuf *nt,
                          char num[2][PK_NUMBER_BUFSIZE])
{
    f[W_KIND] = "number";
    if (pk_codebook_draft_is_age_name(c->name, c->vlabel)) {
        f[W_MIN] = "18";
        f[W_MAX] = "110";
        note(nt, "an age: 18 to 110 (pollclean excludes others as %s_out_of_range); the data run from "
             "%s to %s", c->var, pk_number_format(num[0], c->min, 10), pk_number_format(num[1], c->max, 10));
    } else if (pk_codebook_draft_is_weight_name(c->name, c->vlabel) && c->min >= 0) {
        /* A weight has no natural maximum: none drafted. */
        f[W_MIN] = "0";
        note(nt, "a weight: at least 0, no maximum (the data run from %s to %s); pollclean excludes others "
             "as %s_out_of_range", pk_number_format(num[0], c->min, 10), pk_number_format(num[1], c->max, 10),
             c->var);
    } else {
        /* Rounded outward: every value of the file stays inside. */
        f[W_MIN] = pk_number_format_outward(num[0], c->min, 15, -1);
        f[W_MAX] = pk_number_format_outward(num[1], c->max, 15, 1);
        note(nt, "range taken from the data: set the valid range, or leave min or max empty for no bound "
             "(pollclean excludes others as %s_out_of_range)", c->var);
    }
}

/* A question's or attention check's fields and notes, its scale written
 * before its first column. -1 when writing fails. */
static int question_fields(pk_codebook_draft *d, struct out *o, const pk_codebook_draft_col *c, const char **f,
                           pk_util_sbuf *nt, int long_text)
{
    int rc = 0;
    pk_codebook_draft_scale *s = &d->scales[c->scale];
    if (!s->written) {
        s->written = 1;
        if (write_scale(o, s))
            rc = -1;
    }
    f[W_KIND] = c->kind == PK_CODEBOOK_DRAFT_QUESTION ? "question" : "attention";
    f[W_SCALE] = s->name;
    if (long_text && c->kind == PK_CODEBOOK_DRAFT_QUESTION)
        note(nt, "shorten the chart label");
    if (c->kind == PK_CODEBOOK_DRAFT_ATTENTION) {
        f[W_LABEL] = "Attention check";
        note(nt, "an attention check, by its name: put the correct answer's code in code (one answer "
             "with two codes: both, separated by |), and set required to yes if everyone saw it");
        return rc;
    }
    /* One answer given far more often than any other: perhaps an
     * attention check. */
    long answered = 0, top = 0;
    const pk_codebook_draft_code *tk = NULL;
    for (size_t i = 0; i < c->ncodes; i++) {
        answered += c->codes[i].n;
        if (c->codes[i].n > top) {
            top = c->codes[i].n;
            tk = &c->codes[i];
        }
    }
    if (tk && answered >= 20 && top * 10 >= answered * 6)
        note(nt, "'%s' (%s) is %ld%% of the answers: if this is an attention check, set kind to attention "
             "and code to the correct answer's code (one answer with two codes: both, separated by |)",
             tk->label, tk->code, (top * 100 + answered / 2) / answered);
    return rc;
}

/* A category's codes after its row; with nothing but don't-know answers,
 * they are its codes (a category needs one). */
static int category_codes(struct out *o, const pk_codebook_draft_col *c)
{
    size_t real = 0;
    for (size_t i = 0; i < c->ncodes; i++)
        real += !dk_or_missing(&c->codes[i]);
    for (size_t i = 0; i < c->ncodes; i++)
        if ((!real || !dk_or_missing(&c->codes[i])) &&
            write_code(o, c->var, &c->codes[i], 0, PK_SCALE_GUESS_FAMILY_NOMINAL, NULL))
            return -1;
    if (!real)
        return 0;
    return write_missing(o, c->var, c->codes, c->ncodes, dk_or_missing,
                         "guessed: these answers mean no answer (don't know, prefer not to say, or declared "
                         "missing in the file); make them codes to keep them");
}

static int write_col(pk_codebook_draft *d, struct out *o, pk_codebook_draft_col *c)
{
    const char *f[W_N] = {0};
    pk_util_sbuf nt = {0};
    char label[LABEL_MAX + 8], num[2][PK_NUMBER_BUFSIZE];
    const char *text = c->vlabel[0] ? c->vlabel : c->name;
    int long_text = strlen(text) > LABEL_MAX;
    shorten(label, sizeof label, text);
    f[W_VARIABLE] = c->var;
    f[W_SOURCE] = c->name;
    f[W_LABEL] = label;
    if (c->vlabel[0] || pk_codebook_draft_question_like(c->name) || long_text)
        f[W_WORDING] = text;
    int rc = 0;
    switch (c->kind) {
    case PK_CODEBOOK_DRAFT_LEFT_OUT: {
        char why[200];
        if (c->nonempty == 0)
            snprintf(why, sizeof why, "left out: empty in every record");
        else
            snprintf(why, sizeof why, "left out: %s%zu different answers (free text, dates or times?); add it by "
                     "hand if you need it", c->overflow ? "over " : "", c->nv);
        comment(o, c->name, why);
        pk_util_sbuf_free(&nt);
        return 0;
    }
    case PK_CODEBOOK_DRAFT_ID:
        id_fields(c, f, &nt);
        break;
    case PK_CODEBOOK_DRAFT_DURATION:
        duration_fields(c, f, &nt);
        break;
    case PK_CODEBOOK_DRAFT_NUMBER:
        number_fields(c, f, &nt, num);
        break;
    case PK_CODEBOOK_DRAFT_CATEGORY:
        f[W_KIND] = "category";
        if (long_text)
            note(&nt, "shorten the label");
        break;
    case PK_CODEBOOK_DRAFT_QUESTION:
    case PK_CODEBOOK_DRAFT_ATTENTION:
        rc = question_fields(d, o, c, f, &nt, long_text);
        break;
    }
    f[W_NOTE] = pk_util_sbuf_str(&nt);
    put_row(o, f);
    if (nt.oom)
        rc = -1;
    pk_util_sbuf_free(&nt);
    if (rc || c->kind != PK_CODEBOOK_DRAFT_CATEGORY)
        return rc;
    return category_codes(o, c);
}

/* --- the whole draft ------------------------------------------------------- */

/* The draft codebook itself, and the summary. */
static int draft_emit(pk_codebook_draft *d, const char *name, FILE *outf,
                      pk_codebook_draft_summary *sum, pk_err *err)
{
    /* A codebook declares at least one variable. */
    size_t nvars = 0;
    for (size_t i = 0; i < d->ncols; i++)
        nvars += d->cols[i].kind != PK_CODEBOOK_DRAFT_LEFT_OUT;
    if (nvars == 0) {
        if (d->records == 0)
            pk_err_set(err, PK_ERR_DATA, "%s: no records to draft a codebook from", name);
        else
            pk_err_set(err, PK_ERR_DATA, "%s: no column to draft a variable from (every one is empty or free text)",
                       name);
        return 2;
    }

    struct out o = {0};
    pk_csv_writer_init(&o.w, outf, ',');
    /* The score column only when a scale has scores: other drafts keep
     * their columns. */
    for (size_t i = 0; i < d->nscales && !o.scores; i++) {
        long *score = calloc(d->scales[i].n + 1, sizeof *score);
        int *has = calloc(d->scales[i].n + 1, sizeof *has);
        if (!score || !has) {
            free(score);
            free(has);
            return 1;
        }
        o.scores = scale_scores(&d->scales[i], score, has);
        free(score);
        free(has);
    }
    for (int i = 0; i < W_N; i++)
        if (i != W_SCORE || o.scores)
            pk_csv_writer_field(&o.w, w_names[i]);
    pk_csv_writer_end(&o.w);
    {
        char head[600];
        snprintf(head, sizeof head, "a draft by pollcodebook from %s (%s, %ld record%s): check every row with a "
                 "note, then delete the notes", name, pk_statfile_format_name(pk_input_format(d->in)), d->records,
                 d->records == 1 ? "" : "s");
        comment(&o, "", head);
        comment(&o, "", "set required to yes for the variables every respondent must answer (a record "
                        "without one is excluded as missing_required)");
        int have_dur = 0;
        for (size_t i = 0; i < d->ncols; i++)
            have_dur |= d->cols[i].kind == PK_CODEBOOK_DRAFT_DURATION;
        if (!have_dur)
            comment(&o, "", "no interview duration found (no column named or labelled like duration, time "
                            "taken, LOI or interview length): pollclean's speeder rule is off until you add a "
                            "row of kind duration, with its unit");
    }
    for (size_t i = 0; i < d->ncols; i++)
        if (write_col(d, &o, &d->cols[i]))
            return 1;
    if (ferror(outf)) {
        pk_err_set(err, PK_ERR_DATA, "write error");
        return 2;
    }
    sum->records = d->records;
    sum->columns = (long)d->ncols;
    sum->scales = (long)d->nscales;
    sum->notes = o.notes;
    sum->formulas = o.formulas;
    if (o.oom)
        return 1;
    for (size_t i = 0; i < d->ncols; i++) {
        if (d->cols[i].kind == PK_CODEBOOK_DRAFT_LEFT_OUT)
            sum->left_out++;
        else
            sum->variables++;
    }
    return 0;
}

int pk_codebook_draft_write(FILE *f, const char *name, const pk_codebook_draft_opts *opt, FILE *outf,
                            pk_codebook_draft_summary *sum, pk_err *err)
{
    pk_codebook_draft d = {0};
    d.name = name;
    memset(sum, 0, sizeof *sum);
    d.in = pk_input_open(f, name, opt->delim, err);
    if (!d.in)
        return err->status;
    int r = pk_codebook_draft_gather(&d, opt, err);
    if (r == 0)
        r = pk_codebook_draft_decide(&d);
    if (r == 0)
        r = draft_emit(&d, name, outf, sum, err);
    if (r == 1)
        pk_err_set(err, PK_ERR_NOMEM, "%s: out of memory", name);
    pk_input_close(d.in);
    pk_codebook_draft_clear(&d);
    return r == 0 ? 0 : err->status;
}
