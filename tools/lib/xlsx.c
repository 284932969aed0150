/* Reading an Excel workbook; see xlsx.h for what is read and why by hand.
 *
 * The parts, in the order they are read: [Content_Types] is not needed;
 * xl/workbook.xml (found through _rels/.rels, else at its usual name) for
 * the sheets and their relationship ids; its relationships
 * (xl/_rels/workbook.xml.rels) for each sheet's part and for the shared
 * strings and styles; xl/styles.xml for which cell formats are
 * percentages; xl/sharedStrings.xml into one arena. A sheet is then read
 * twice when opened: once for its merged ranges (they come after the cell
 * data), and once a row at a time. */
#include "xlsx.h"

#include <errno.h>
#include <libxml/xmlreader.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zip.h>

#include "csvio.h"
#include "number.h"
#include "util.h"

#define MAX_COLS 16384
#define MAX_ROWS 1048576L

static const char *const REL_NS[] = {
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "http://purl.oclc.org/ooxml/officeDocument/relationships", NULL};

typedef struct sheet {
    char *name, *part;
} sheet;

typedef struct merge {
    long row;              /* the range's first row */
    size_t c1, c2;         /* its columns, from 0 */
} merge;

typedef struct cellv {
    size_t off, len;       /* text in the row's arena */
    int percent;
} cellv;

/* One part being inflated and parsed. */
typedef struct part {
    zip_file_t *zf;
    uint64_t inflated, compressed;
    const pk_xlsx_limits *lim;
    int too_big;           /* a limit was broken */
} part;

struct pk_xlsx {
    char *name;
    zip_t *za;
    pk_xlsx_limits lim;
    sheet *sheets;
    size_t nsheets, scap;
    /* shared strings: offsets into one arena */
    char *str;
    size_t strlen_, strcap;
    size_t *soff;
    size_t nstr, socap;
    /* cell formats: whether each cellXfs entry is a percentage */
    unsigned char *xf_pct;
    size_t nxf, xfcap;
    /* the open sheet */
    size_t cur;            /* SIZE_MAX when none */
    xmlTextReaderPtr rd;
    part p;
    merge *merges;
    size_t nmerges, mcap, next_merge;
    long row, last_row;
    cellv *cells;
    size_t ncells, ccap;
    char *rtext;
    size_t rlen, rcap;
    int done;
};

/* ---- errors ---------------------------------------------------------- */

static int fail(pk_xlsx *x, pk_err *err, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fail(pk_xlsx *x, pk_err *err, const char *fmt, ...)
{
    char msg[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    pk_err_set(err, PK_ERR_DATA, "%s: %s", x->name, msg);
    return -1;
}

/* Every function here returns 0 (or a count) on success and -1 with err
 * filled on failure. */
static int nomem(pk_err *err)
{
    pk_err_nomem(err);
    return -1;
}

static void col_letters(size_t col, char *out)
{
    char tmp[8];
    size_t n = 0;
    col++;
    while (col > 0 && n < sizeof tmp) {
        col--;
        tmp[n++] = (char)('A' + col % 26);
        col /= 26;
    }
    for (size_t i = 0; i < n; i++)
        out[i] = tmp[n - 1 - i];
    out[n] = '\0';
}

const char *pk_xlsx_where(const pk_xlsx *x, size_t col, long row, char *buf, size_t size)
{
    const char *s = x->cur < x->nsheets ? x->sheets[x->cur].name : "?";
    int plain = (s[0] < '0' || s[0] > '9') && s[0];
    for (const char *p = s; *p && plain; p++)
        plain = (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
                *p == '_' || (unsigned char)*p >= 0x80;
    char q[4 * 31 + 8];
    size_t o = 0;
    for (const char *p = s; *p && o + 3 < sizeof q; p++) {
        if (*p == '\'')
            q[o++] = '\'';
        q[o++] = *p;
    }
    q[o] = '\0';
    char letters[8];
    col_letters(col, letters);
    char sheetq[sizeof q + 4];
    char safe[200];
    snprintf(sheetq, sizeof sheetq, plain ? "%s" : "'%s'", q);
    pk_err_quote(safe, sizeof safe, sheetq, strlen(sheetq));
    snprintf(buf, size, "%s!%s%ld", safe, letters, row);
    return buf;
}

static int fail_at(pk_xlsx *x, pk_err *err, size_t col, long row, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static int fail_at(pk_xlsx *x, pk_err *err, size_t col, long row, const char *fmt, ...)
{
    char msg[600], where[260];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    pk_err_set(err, PK_ERR_DATA, "%s: %s: %s", x->name, pk_xlsx_where(x, col, row, where, sizeof where),
               msg);
    return -1;
}

/* ---- parts ----------------------------------------------------------- */

static int read_cb(void *ctx, char *buf, int len)
{
    part *p = ctx;
    zip_int64_t n = zip_fread(p->zf, buf, (zip_uint64_t)len);
    if (n < 0)
        return -1;
    p->inflated += (uint64_t)n;
    /* Checked as the bytes come, whatever the archive's directory says. */
    if (p->inflated > p->lim->part_bytes ||
        (p->inflated > (1u << 20) && p->inflated / (p->compressed ? p->compressed : 1) > p->lim->ratio)) {
        p->too_big = 1;
        return -1;
    }
    return (int)n;
}

static int close_cb(void *ctx)
{
    (void)ctx;
    return 0;
}

/* libxml2 would print its complaints on standard error; the reader's
 * error is taken from the failed read instead. */
static void quiet_errors(void *arg, const char *msg, xmlParserSeverities severity,
                         xmlTextReaderLocatorPtr locator)
{
    (void)arg;
    (void)msg;
    (void)severity;
    (void)locator;
}

static void part_close(pk_xlsx *x, xmlTextReaderPtr *rd, part *p)
{
    (void)x;
    if (*rd)
        xmlFreeTextReader(*rd);
    *rd = NULL;
    if (p->zf)
        zip_fclose(p->zf);
    p->zf = NULL;
}

/* Open the part called name for streaming. 1 when opened, 0 when the
 * archive has no such part (optional parts), -1 on error. */
static int part_open(pk_xlsx *x, const char *name, xmlTextReaderPtr *rd, part *p, pk_err *err)
{
    memset(p, 0, sizeof *p);
    *rd = NULL;
    zip_int64_t i = zip_name_locate(x->za, name, ZIP_FL_NOCASE);
    if (i < 0)
        return 0;
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(x->za, (zip_uint64_t)i, 0, &st) != 0)
        return fail(x, err, "%s: cannot read its entry in the archive", name);
    p->lim = &x->lim;
    p->compressed = (st.valid & ZIP_STAT_COMP_SIZE) ? st.comp_size : 0;
    if ((st.valid & ZIP_STAT_SIZE) &&
        (st.size > x->lim.part_bytes ||
         (st.size > (1u << 20) && st.size / (p->compressed ? p->compressed : 1) > x->lim.ratio)))
        return fail(x, err, "%s: inflates to %llu bytes from %llu: more than a workbook holds "
                            "(a zip bomb?)", name, (unsigned long long)st.size,
                    (unsigned long long)p->compressed);
    p->zf = zip_fopen_index(x->za, (zip_uint64_t)i, 0);
    if (!p->zf)
        return fail(x, err, "%s: cannot open it in the archive: %s", name,
                    zip_strerror(x->za));
    *rd = xmlReaderForIO(read_cb, close_cb, p, NULL, NULL,
                         XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!*rd) {
        part_close(x, rd, p);
        return nomem(err);
    }
    xmlTextReaderSetErrorHandler(*rd, quiet_errors, NULL);
    return 1;
}

/* The status of a read that returned -1: a broken limit, or XML that is
 * cut or malformed. */
static int part_error(pk_xlsx *x, const char *name, const part *p, pk_err *err)
{
    if (p->too_big)
        return fail(x, err, "%s: inflates past %llu bytes (or %llu times its compressed size): "
                            "more than a workbook holds (a zip bomb?)", name,
                    (unsigned long long)x->lim.part_bytes, (unsigned long long)x->lim.ratio);
    return fail(x, err, "%s: the XML is damaged or cut short (after %llu bytes)", name,
                (unsigned long long)p->inflated);
}

static const char *lname(xmlTextReaderPtr rd)
{
    const xmlChar *n = xmlTextReaderConstLocalName(rd);
    return n ? (const char *)n : "";
}

static int is_start(xmlTextReaderPtr rd, const char *name)
{
    return xmlTextReaderNodeType(rd) == XML_READER_TYPE_ELEMENT && strcmp(lname(rd), name) == 0;
}

static int is_end(xmlTextReaderPtr rd, const char *name)
{
    return xmlTextReaderNodeType(rd) == XML_READER_TYPE_END_ELEMENT && strcmp(lname(rd), name) == 0;
}

/* An attribute by local name, whatever its prefix (NULL when absent);
 * free with xmlFree. */
static char *attr(xmlTextReaderPtr rd, const char *name)
{
    return (char *)xmlTextReaderGetAttribute(rd, (const xmlChar *)name);
}

static char *attr_rel_id(xmlTextReaderPtr rd)
{
    for (size_t i = 0; REL_NS[i]; i++) {
        xmlChar *v = xmlTextReaderGetAttributeNs(rd, (const xmlChar *)"id", (const xmlChar *)REL_NS[i]);
        if (v)
            return (char *)v;
    }
    return NULL;
}

/* A relationship's target as a part name: relative to dir ("xl/"), or
 * from the package's root when it starts with '/'. NULL (no such part may
 * be opened) when it climbs out with "..", names a drive or a URL. */
static char *resolve(const char *dir, const char *target)
{
    if (strstr(target, "..") || strchr(target, ':') || strchr(target, '\\'))
        return NULL;
    char *s = NULL;
    if (target[0] == '/') {
        s = strdup(target + 1);
    } else if (asprintf(&s, "%s%s", dir, target) < 0) {
        s = NULL;
    }
    return s;
}

/* ---- the workbook's parts -------------------------------------------- */

typedef struct rel {
    char *id, *target, *type;
} rel;

typedef struct rels {
    rel *v;
    size_t n, cap;
} rels;

static void rels_free(rels *r)
{
    for (size_t i = 0; i < r->n; i++) {
        free(r->v[i].id);
        free(r->v[i].target);
        free(r->v[i].type);
    }
    free(r->v);
}

static int read_rels(pk_xlsx *x, const char *name, const char *dir, rels *out, pk_err *err)
{
    xmlTextReaderPtr rd;
    part p;
    int o = part_open(x, name, &rd, &p, err);
    if (o <= 0)
        return o;
    int rc = 0, r;
    while ((r = xmlTextReaderRead(rd)) == 1 && rc == 0) {
        if (!is_start(rd, "Relationship"))
            continue;
        char *id = attr(rd, "Id"), *target = attr(rd, "Target"), *type = attr(rd, "Type");
        char *mode = attr(rd, "TargetMode");
        int external = mode && strcasecmp(mode, "External") == 0;
        xmlFree(mode);
        char *part_name = id && target && type && !external ? resolve(dir, target) : NULL;
        if (part_name && pk_util_grow((void **)&out->v, &out->cap, out->n + 1, sizeof *out->v) == 0) {
            out->v[out->n++] = (rel){strdup(id), part_name, strdup(type)};
            part_name = NULL;
        }
        free(part_name);
        xmlFree(id);
        xmlFree(target);
        xmlFree(type);
    }
    if (r < 0 && rc == 0)
        rc = part_error(x, name, &p, err);
    part_close(x, &rd, &p);
    return rc;
}

static const char *rel_by_type(const rels *r, const char *suffix)
{
    size_t sl = strlen(suffix);
    for (size_t i = 0; i < r->n; i++) {
        size_t tl = strlen(r->v[i].type);
        if (tl >= sl && strcmp(r->v[i].type + tl - sl, suffix) == 0)
            return r->v[i].target;
    }
    return NULL;
}

static const char *rel_by_id(const rels *r, const char *id)
{
    for (size_t i = 0; i < r->n; i++)
        if (strcmp(r->v[i].id, id) == 0)
            return r->v[i].target;
    return NULL;
}

static int read_sheets(pk_xlsx *x, const char *name, const rels *wr, pk_err *err)
{
    xmlTextReaderPtr rd;
    part p;
    int o = part_open(x, name, &rd, &p, err);
    if (o < 0)
        return -1;
    if (o == 0)
        return fail(x, err, "this zip archive is no Excel workbook (it has no %s)", name);
    int rc = 0, r;
    while (rc == 0 && (r = xmlTextReaderRead(rd)) == 1) {
        if (!is_start(rd, "sheet"))
            continue;
        char *sname = attr(rd, "name"), *id = attr_rel_id(rd);
        const char *target = id ? rel_by_id(wr, id) : NULL;
        if (sname && target) {
            if (pk_util_grow((void **)&x->sheets, &x->scap, x->nsheets + 1, sizeof *x->sheets) != 0)
                rc = nomem(err);
            else if (!(x->sheets[x->nsheets].name = strdup(sname)) ||
                     !(x->sheets[x->nsheets].part = strdup(target)))
                rc = nomem(err), free(x->sheets[x->nsheets].name);
            else
                x->nsheets++;
        }
        xmlFree(sname);
        xmlFree(id);
    }
    if (rc == 0 && r < 0)
        rc = part_error(x, name, &p, err);
    part_close(x, &rd, &p);
    if (rc == 0 && x->nsheets == 0)
        rc = fail(x, err, "the workbook has no sheets");
    return rc;
}

/* Whether a number format shows a percentage: a % outside quotes and not
 * escaped with a backslash. */
static int format_is_percent(const char *code)
{
    int quoted = 0;
    for (const char *p = code; *p; p++) {
        if (*p == '\\' && p[1]) {
            p++;
        } else if (*p == '"') {
            quoted = !quoted;
        } else if (*p == '%' && !quoted) {
            return 1;
        }
    }
    return 0;
}

static int read_styles(pk_xlsx *x, const char *name, pk_err *err)
{
    xmlTextReaderPtr rd;
    part p;
    int o = part_open(x, name, &rd, &p, err);
    if (o <= 0)
        return o;
    /* Custom formats first (ids 164 and up), then the cell formats. */
    long *pct_ids = NULL;
    size_t npct = 0, pcap = 0;
    int in_xfs = 0, rc = 0, r;
    while (rc == 0 && (r = xmlTextReaderRead(rd)) == 1) {
        if (is_start(rd, "numFmt")) {
            char *id = attr(rd, "numFmtId"), *code = attr(rd, "formatCode");
            if (id && code && format_is_percent(code)) {
                if (pk_util_grow((void **)&pct_ids, &pcap, npct + 1, sizeof *pct_ids) != 0)
                    rc = nomem(err);
                else
                    pct_ids[npct++] = strtol(id, NULL, 10);
            }
            xmlFree(id);
            xmlFree(code);
        } else if (is_start(rd, "cellXfs")) {
            in_xfs = !xmlTextReaderIsEmptyElement(rd);
        } else if (is_end(rd, "cellXfs")) {
            in_xfs = 0;
        } else if (in_xfs && is_start(rd, "xf")) {
            char *id = attr(rd, "numFmtId");
            long f = id ? strtol(id, NULL, 10) : 0;
            xmlFree(id);
            int pct = f == 9 || f == 10;
            for (size_t k = 0; k < npct && !pct; k++)
                pct = pct_ids[k] == f;
            if (pk_util_grow((void **)&x->xf_pct, &x->xfcap, x->nxf + 1, 1) != 0)
                rc = nomem(err);
            else
                x->xf_pct[x->nxf++] = (unsigned char)pct;
        }
    }
    if (rc == 0 && r < 0)
        rc = part_error(x, name, &p, err);
    free(pct_ids);
    part_close(x, &rd, &p);
    return rc;
}

/* Append s[0..n) to a growing buffer, decoding Excel's escapes of
 * characters XML cannot hold (_x000D_ for a carriage return, _x005F_ for
 * an underscore): a control character becomes a space. Returns 0 or -1
 * (memory). */
static int append_text(char **buf, size_t *len, size_t *cap, const char *s, size_t n)
{
    if (pk_util_grow((void **)buf, cap, *len + n + 1, 1) != 0)
        return -1;
    for (size_t i = 0; i < n; i++) {
        unsigned v;
        if (s[i] == '_' && i + 6 < n + 0 && s[i + 1] == 'x' && s[i + 6] == '_' &&
            sscanf(s + i + 2, "%4x", &v) == 1 && strspn(s + i + 2, "0123456789abcdefABCDEF") >= 4) {
            if (v < 0x20 || v == 0x7F) {
                (*buf)[(*len)++] = ' ';
            } else if (v < 0x80) {
                (*buf)[(*len)++] = (char)v;
            } else if (v < 0x800) {
                (*buf)[(*len)++] = (char)(0xC0 | (v >> 6));
                (*buf)[(*len)++] = (char)(0x80 | (v & 0x3F));
            } else if (v < 0xD800 || v > 0xDFFF) {
                (*buf)[(*len)++] = (char)(0xE0 | (v >> 12));
                (*buf)[(*len)++] = (char)(0x80 | ((v >> 6) & 0x3F));
                (*buf)[(*len)++] = (char)(0x80 | (v & 0x3F));
            }
            i += 6;
            continue;
        }
        (*buf)[(*len)++] = s[i];
    }
    (*buf)[*len] = '\0';
    return 0;
}

/* The text of the element the reader is on (an <si> or <is>): the <t>
 * elements under it joined, phonetic runs (<rPh>) left out. */
static int read_rich(xmlTextReaderPtr rd, const char *end, char **buf, size_t *len, size_t *cap)
{
    if (xmlTextReaderIsEmptyElement(rd))
        return 1;
    int in_t = 0, in_ph = 0, r;
    while ((r = xmlTextReaderRead(rd)) == 1) {
        int type = xmlTextReaderNodeType(rd);
        if (type == XML_READER_TYPE_END_ELEMENT && strcmp(lname(rd), end) == 0)
            return 1;
        if (is_start(rd, "rPh") && !xmlTextReaderIsEmptyElement(rd))
            in_ph = 1;
        else if (is_end(rd, "rPh"))
            in_ph = 0;
        else if (is_start(rd, "t"))
            in_t = !xmlTextReaderIsEmptyElement(rd);
        else if (is_end(rd, "t"))
            in_t = 0;
        else if (in_t && !in_ph &&
                 (type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE ||
                  type == XML_READER_TYPE_CDATA || type == XML_READER_TYPE_WHITESPACE)) {
            const char *v = (const char *)xmlTextReaderConstValue(rd);
            if (v && append_text(buf, len, cap, v, strlen(v)) != 0)
                return -2;
        }
    }
    return r;
}

static int read_strings(pk_xlsx *x, const char *name, pk_err *err)
{
    xmlTextReaderPtr rd;
    part p;
    int o = part_open(x, name, &rd, &p, err);
    if (o <= 0)
        return o;
    int rc = 0, r;
    while (rc == 0 && (r = xmlTextReaderRead(rd)) == 1) {
        if (!is_start(rd, "si"))
            continue;
        if (pk_util_grow((void **)&x->soff, &x->socap, x->nstr + 1, sizeof *x->soff) != 0) {
            rc = nomem(err);
            break;
        }
        x->soff[x->nstr++] = x->strlen_;
        r = read_rich(rd, "si", &x->str, &x->strlen_, &x->strcap);
        if (r == -2) {
            rc = nomem(err);
        } else if (r < 0) {
            break;
        } else if (pk_util_grow((void **)&x->str, &x->strcap, x->strlen_ + 1, 1) != 0) {
            rc = nomem(err);
        } else {
            x->str[x->strlen_++] = '\0';
            if (x->strlen_ > x->lim.strings_bytes)
                rc = fail(x, err, "%s: the shared strings pass %llu bytes: more than a "
                                  "workbook of tables holds", name,
                          (unsigned long long)x->lim.strings_bytes);
        }
    }
    if (rc == 0 && r < 0)
        rc = part_error(x, name, &p, err);
    part_close(x, &rd, &p);
    return rc;
}

/* ---- opening ---------------------------------------------------------- */

int pk_xlsx_sniff(const unsigned char *head, size_t n)
{
    return n >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;
}

/* What a file that libzip cannot open as a zip archive is, for the
 * message. */
static int not_a_zip(pk_xlsx *x, const unsigned char *head, size_t n, pk_err *err)
{
    static const unsigned char ole2[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
    if (n >= 8 && memcmp(head, ole2, 8) == 0)
        return fail(x, err, "this is an old Excel .xls workbook, which pollkit does not read; "
                            "save it as .xlsx (File > Save As > Excel Workbook), or convert "
                            "it with 'libreoffice --headless --convert-to xlsx FILE'");
    if (pk_xlsx_sniff(head, n))
        return fail(x, err, "the zip archive is damaged or cut short (not a workbook that "
                            "can be read)");
    return fail(x, err, "this is not an Excel .xlsx workbook (no zip archive)");
}

/* An OpenDocument spreadsheet is a zip too: say what it is. */
static int is_ods(pk_xlsx *x)
{
    zip_int64_t i = zip_name_locate(x->za, "mimetype", 0);
    if (i < 0)
        return 0;
    zip_file_t *f = zip_fopen_index(x->za, (zip_uint64_t)i, 0);
    char buf[64] = "";
    zip_int64_t n = f ? zip_fread(f, buf, sizeof buf - 1) : -1;
    if (f)
        zip_fclose(f);
    buf[n > 0 ? n : 0] = '\0';
    return strstr(buf, "opendocument.spreadsheet") != NULL;
}

static int load(pk_xlsx *x, pk_err *err)
{
    if (is_ods(x))
        return fail(x, err, "this is an OpenDocument spreadsheet (.ods), which pollkit does "
                            "not read; save it as .xlsx, or convert it with 'libreoffice "
                            "--headless --convert-to xlsx FILE'");
    /* The workbook part: from the package's relationships, else where
     * every writer puts it. */
    rels root = {0}, wr = {0};
    int rc = read_rels(x, "_rels/.rels", "", &root, err);
    const char *wb = rc >= 0 ? rel_by_type(&root, "/officeDocument") : NULL;
    char *wbname = strdup(wb ? wb : "xl/workbook.xml");
    if (!wbname) {
        rels_free(&root);
        return nomem(err);
    }
    char *slash = strrchr(wbname, '/');
    char *dir = strndup(wbname, slash ? (size_t)(slash - wbname + 1) : 0);
    char *relsname = NULL;
    if (!dir || asprintf(&relsname, "%s_rels/%s.rels", dir, slash ? slash + 1 : wbname) < 0)
        relsname = NULL;
    if (rc >= 0 && !relsname)
        rc = nomem(err);
    if (rc >= 0)
        rc = read_rels(x, relsname, dir, &wr, err);
    if (rc >= 0)
        rc = read_sheets(x, wbname, &wr, err);
    const char *styles = rel_by_type(&wr, "/styles"), *strings = rel_by_type(&wr, "/sharedStrings");
    if (rc >= 0 && styles)
        rc = read_styles(x, styles, err);
    if (rc >= 0 && strings)
        rc = read_strings(x, strings, err);
    free(relsname);
    free(dir);
    free(wbname);
    rels_free(&root);
    rels_free(&wr);
    return rc < 0 ? rc : 0;
}

static pk_xlsx *new_xlsx(const char *name, const pk_xlsx_limits *limits)
{
    pk_xlsx *x = calloc(1, sizeof *x);
    if (!x || !(x->name = strdup(name))) {
        free(x);
        return NULL;
    }
    if (limits)
        x->lim = *limits;
    if (!x->lim.part_bytes)
        x->lim.part_bytes = (uint64_t)2 << 30;
    if (!x->lim.ratio)
        x->lim.ratio = 1000;
    if (!x->lim.strings_bytes)
        x->lim.strings_bytes = (uint64_t)512 << 20;
    x->cur = SIZE_MAX;
    return x;
}

static pk_xlsx *finish_open(pk_xlsx *x, zip_source_t *src, const unsigned char *head, size_t n,
                            pk_err *err)
{
    zip_error_t ze;
    zip_error_init(&ze);
    x->za = zip_open_from_source(src, ZIP_RDONLY, &ze);
    zip_error_fini(&ze);
    if (!x->za) {
        zip_source_free(src);
        not_a_zip(x, head, n, err);
        pk_xlsx_close(x);
        return NULL;
    }
    if (load(x, err) != 0) {
        pk_xlsx_close(x);
        return NULL;
    }
    return x;
}

pk_xlsx *pk_xlsx_open(const char *path, const char *name, const pk_xlsx_limits *limits,
                      pk_err *err)
{
    pk_xlsx *x = new_xlsx(name ? name : path, limits);
    if (!x) {
        nomem(err);
        return NULL;
    }
    unsigned char head[8] = {0};
    size_t n = 0;
    FILE *f = fopen(path, "rb");
    if (!f) {
        fail(x, err, "%s", strerror(errno));
        pk_xlsx_close(x);
        return NULL;
    }
    n = fread(head, 1, sizeof head, f);
    fclose(f);
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_file_create(path, 0, -1, &ze);
    zip_error_fini(&ze);
    if (!src) {
        fail(x, err, "cannot open it");
        pk_xlsx_close(x);
        return NULL;
    }
    return finish_open(x, src, head, n, err);
}

pk_xlsx *pk_xlsx_open_buffer(const void *data, size_t size, const char *name,
                             const pk_xlsx_limits *limits, pk_err *err)
{
    pk_xlsx *x = new_xlsx(name, limits);
    if (!x) {
        nomem(err);
        return NULL;
    }
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(data, size, 0, &ze);
    zip_error_fini(&ze);
    if (!src) {
        nomem(err);
        pk_xlsx_close(x);
        return NULL;
    }
    return finish_open(x, src, data, size < 8 ? size : 8, err);
}

void pk_xlsx_close(pk_xlsx *x)
{
    if (!x)
        return;
    part_close(x, &x->rd, &x->p);
    if (x->za)
        zip_discard(x->za);
    for (size_t i = 0; i < x->nsheets; i++) {
        free(x->sheets[i].name);
        free(x->sheets[i].part);
    }
    free(x->sheets);
    free(x->str);
    free(x->soff);
    free(x->xf_pct);
    free(x->merges);
    free(x->cells);
    free(x->rtext);
    free(x->name);
    free(x);
}

size_t pk_xlsx_nsheets(const pk_xlsx *x)
{
    return x->nsheets;
}

const char *pk_xlsx_sheet_name(const pk_xlsx *x, size_t i)
{
    return i < x->nsheets ? x->sheets[i].name : NULL;
}

/* ---- a sheet ---------------------------------------------------------- */

/* "C7" into a column (from 0) and row; 0, or -1 when it is no reference
 * inside Excel's grid. */
static int parse_ref(const char *s, size_t *col, long *row)
{
    size_t c = 0, k = 0;
    while (s[k] >= 'A' && s[k] <= 'Z' && k < 4) {
        c = c * 26 + (size_t)(s[k] - 'A' + 1);
        k++;
    }
    if (k == 0 || c > MAX_COLS || s[k] < '1' || s[k] > '9')
        return -1;
    char *end;
    errno = 0;
    long r = strtol(s + k, &end, 10);
    if (errno || *end || r < 1 || r > MAX_ROWS)
        return -1;
    *col = c - 1;
    *row = r;
    return 0;
}

static int cmp_merge(const void *a, const void *b)
{
    const merge *x = a, *y = b;
    if (x->row != y->row)
        return x->row < y->row ? -1 : 1;
    return x->c1 < y->c1 ? -1 : x->c1 > y->c1;
}

/* First pass: the merged ranges, which follow the cell data. */
static int read_merges(pk_xlsx *x, const char *partname, pk_err *err)
{
    xmlTextReaderPtr rd;
    part p;
    x->nmerges = 0;
    int o = part_open(x, partname, &rd, &p, err);
    if (o < 0)
        return -1;
    if (o == 0)
        return fail(x, err, "sheet '%s': its part %s is missing from the archive",
                    x->sheets[x->cur].name, partname);
    int rc = 0, r;
    while (rc == 0 && (r = xmlTextReaderRead(rd)) == 1) {
        if (is_start(rd, "sheetData") && !xmlTextReaderIsEmptyElement(rd)) {
            /* Skip the cells: the merged ranges come after them. */
            r = xmlTextReaderNext(rd);
            if (r != 1)
                break;
        }
        if (!is_start(rd, "mergeCell"))
            continue;
        char *ref = attr(rd, "ref");
        char *colon = ref ? strchr(ref, ':') : NULL;
        size_t c1, c2;
        long r1, r2;
        if (colon) {
            *colon = '\0';
            if (parse_ref(ref, &c1, &r1) == 0 && parse_ref(colon + 1, &c2, &r2) == 0 && c2 >= c1 &&
                r2 >= r1) {
                if (pk_util_grow((void **)&x->merges, &x->mcap, x->nmerges + 1, sizeof *x->merges))
                    rc = nomem(err);
                else
                    x->merges[x->nmerges++] = (merge){r1, c1, c2};
            }
        }
        xmlFree(ref);
    }
    if (rc == 0 && r < 0)
        rc = part_error(x, partname, &p, err);
    part_close(x, &rd, &p);
    if (x->nmerges > 1)
        qsort(x->merges, x->nmerges, sizeof *x->merges, cmp_merge);
    return rc;
}

int pk_xlsx_sheet_open(pk_xlsx *x, size_t i, pk_err *err)
{
    part_close(x, &x->rd, &x->p);
    if (i >= x->nsheets)
        return fail(x, err, "no sheet %zu (the workbook has %zu)", i + 1, x->nsheets);
    x->cur = i;
    x->row = x->last_row = 0;
    x->ncells = 0;
    x->next_merge = 0;
    x->done = 0;
    if (read_merges(x, x->sheets[i].part, err) != 0)
        return -1;
    int o = part_open(x, x->sheets[i].part, &x->rd, &x->p, err);
    if (o < 0)
        return -1;
    if (o == 0)
        return fail(x, err, "sheet '%s': its part is missing from the archive", x->sheets[i].name);
    return 0;
}

/* Set cell col of the current row to s[0..n). */
static int set_cell(pk_xlsx *x, size_t col, const char *s, size_t n, int percent)
{
    if (pk_util_grow((void **)&x->cells, &x->ccap, col + 1, sizeof *x->cells) != 0)
        return -1;
    while (x->ncells <= col)
        x->cells[x->ncells++] = (cellv){0, 0, 0};
    size_t off = x->rlen;
    if (pk_util_grow((void **)&x->rtext, &x->rcap, x->rlen + n + 1, 1) != 0)
        return -1;
    memcpy(x->rtext + off, s, n);
    x->rtext[off + n] = '\0';
    x->rlen += n + 1;
    x->cells[col] = (cellv){off, n, percent};
    return 0;
}

/* What one <c> element holds, gathered while it is read. */
typedef struct cellread {
    size_t col;
    char *type, *style;
    char *v;               /* the <v> text */
    size_t vlen, vcap;
    char *is;              /* an inline string */
    size_t islen, iscap;
    int has_v, has_is, has_f;
} cellread;

static void cellread_free(cellread *c)
{
    xmlFree(c->type);
    xmlFree(c->style);
    free(c->v);
    free(c->is);
}

/* Turn a read cell into its text (see xlsx.h). */
static int finish_cell(pk_xlsx *x, cellread *c, pk_err *err)
{
    const char *t = c->type ? c->type : "n";
    char nb[PK_NUMBER_BUFSIZE + 2];
    if (strcmp(t, "inlineStr") == 0)
        return c->has_is && c->islen ? (set_cell(x, c->col, c->is, c->islen, 0) ? nomem(err) : 0) : 0;
    if (!c->has_v) {
        if (c->has_f)
            return fail_at(x, err, c->col, x->row, "a formula with no saved value: pollkit reads "
                           "the values a spreadsheet saved, never computes formulas (open the "
                           "workbook in a spreadsheet program and save it)");
        return 0;
    }
    const char *v = c->v ? c->v : "";
    if (strcmp(t, "s") == 0) {
        char *end;
        errno = 0;
        unsigned long k = strtoul(v, &end, 10);
        if (errno || end == v || *end || k >= x->nstr)
            return fail_at(x, err, c->col, x->row, "shared string %s does not exist (the "
                           "workbook has %zu)", v, x->nstr);
        const char *s = x->str + x->soff[k];
        return set_cell(x, c->col, s, strlen(s), 0) ? nomem(err) : 0;
    }
    if (strcmp(t, "b") == 0) {
        const char *s = strcmp(v, "1") == 0 ? "TRUE" : "FALSE";
        return set_cell(x, c->col, s, strlen(s), 0) ? nomem(err) : 0;
    }
    if (strcmp(t, "n") == 0) {
        double d;
        if (pk_number_parse(v, &d) != 0)
            return fail_at(x, err, c->col, x->row, "the number '%.40s' cannot be read", v);
        char *endp;
        unsigned long s = c->style ? strtoul(c->style, &endp, 10) : 0;
        int pct = c->style && s < x->nxf && x->xf_pct[s];
        if (pct) {
            pk_number_format(nb, d * 100, 12);
            strcat(nb, "%");
        } else {
            pk_number_format(nb, d, 15);
        }
        return set_cell(x, c->col, nb, strlen(nb), pct) ? nomem(err) : 0;
    }
    /* "str" (a formula's text), "e" (an error value), "d" (an ISO date). */
    return set_cell(x, c->col, v, c->vlen, 0) ? nomem(err) : 0;
}

/* Read one <c> element (the reader is on its start). */
static int read_cell(pk_xlsx *x, size_t *next_col, pk_err *err)
{
    xmlTextReaderPtr rd = x->rd;
    cellread c = {0};
    char *ref = attr(rd, "r");
    long row;
    if (ref && parse_ref(ref, &c.col, &row) != 0) {
        int rc = fail_at(x, err, *next_col, x->row, "the cell reference '%.20s' is outside a "
                         "sheet's %d columns and %ld rows", ref, MAX_COLS, MAX_ROWS);
        xmlFree(ref);
        return rc;
    }
    if (!ref)
        c.col = *next_col;
    xmlFree(ref);
    if (c.col >= MAX_COLS)
        return fail_at(x, err, MAX_COLS - 1, x->row, "more than %d columns", MAX_COLS);
    *next_col = c.col + 1;
    c.type = attr(rd, "t");
    c.style = attr(rd, "s");
    int rc = 0, r = 1;
    if (!xmlTextReaderIsEmptyElement(rd)) {
        int in_v = 0;
        while ((r = xmlTextReaderRead(rd)) == 1) {
            int type = xmlTextReaderNodeType(rd);
            if (is_end(rd, "c"))
                break;
            if (is_start(rd, "v")) {
                c.has_v = 1;
                in_v = !xmlTextReaderIsEmptyElement(rd);
            } else if (is_end(rd, "v")) {
                in_v = 0;
            } else if (is_start(rd, "f")) {
                c.has_f = 1;
            } else if (is_start(rd, "is")) {
                c.has_is = 1;
                int k = read_rich(rd, "is", &c.is, &c.islen, &c.iscap);
                if (k == -2) {
                    rc = nomem(err);
                    break;
                }
                if (k < 0) {
                    r = k;
                    break;
                }
            } else if (in_v && (type == XML_READER_TYPE_TEXT ||
                                type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE ||
                                type == XML_READER_TYPE_WHITESPACE)) {
                const char *v = (const char *)xmlTextReaderConstValue(rd);
                if (v && append_text(&c.v, &c.vlen, &c.vcap, v, strlen(v)) != 0) {
                    rc = nomem(err);
                    break;
                }
            }
        }
    }
    if (rc == 0 && r < 0)
        rc = part_error(x, x->sheets[x->cur].part, &x->p, err);
    if (rc == 0)
        rc = finish_cell(x, &c, err);
    cellread_free(&c);
    return rc;
}

/* Merged ranges starting on this row: the first cell's text across. */
static int apply_merges(pk_xlsx *x, pk_err *err)
{
    while (x->next_merge < x->nmerges && x->merges[x->next_merge].row < x->row)
        x->next_merge++;
    for (size_t m = x->next_merge; m < x->nmerges && x->merges[m].row == x->row; m++) {
        const merge *g = &x->merges[m];
        if (g->c1 >= x->ncells || x->cells[g->c1].len == 0)
            continue;
        for (size_t c = g->c1 + 1; c <= g->c2; c++) {
            if (c < x->ncells && x->cells[c].len)
                continue;
            /* The arena may move as it grows: copy the source first. */
            size_t off = x->cells[g->c1].off, len = x->cells[g->c1].len;
            char *copy = strndup(x->rtext + off, len);
            int pct = x->cells[g->c1].percent;
            if (!copy || set_cell(x, c, copy, len, pct) != 0) {
                free(copy);
                return nomem(err);
            }
            free(copy);
        }
    }
    return 0;
}

int pk_xlsx_next_row(pk_xlsx *x, pk_err *err)
{
    if (!x->rd || x->done)
        return 0;
    xmlTextReaderPtr rd = x->rd;
    int r;
    while ((r = xmlTextReaderRead(rd)) == 1) {
        if (!is_start(rd, "row")) {
            if (is_end(rd, "sheetData")) {
                x->done = 1;
                return 0;
            }
            continue;
        }
        char *rr = attr(rd, "r");
        long row = x->last_row + 1;
        if (rr) {
            char *end;
            errno = 0;
            row = strtol(rr, &end, 10);
            if (errno || *end || row < 1 || row > MAX_ROWS) {
                xmlFree(rr);
                return fail_at(x, err, 0, x->last_row + 1, "the row number is outside a "
                               "sheet's %ld rows", MAX_ROWS);
            }
        }
        xmlFree(rr);
        x->row = x->last_row = row;
        x->ncells = 0;
        x->rlen = 0;
        if (xmlTextReaderIsEmptyElement(rd))
            continue;
        size_t next_col = 0;
        while ((r = xmlTextReaderRead(rd)) == 1 && !is_end(rd, "row")) {
            if (is_start(rd, "c") && read_cell(x, &next_col, err) != 0)
                return -1;
        }
        if (r != 1)
            break;
        if (apply_merges(x, err) != 0)
            return -1;
        /* Cut trailing empty cells; a row of none is no row. */
        while (x->ncells > 0 && x->cells[x->ncells - 1].len == 0)
            x->ncells--;
        if (x->ncells > 0)
            return 1;
    }
    if (r < 0)
        return part_error(x, x->sheets[x->cur].part, &x->p, err);
    x->done = 1;
    return 0;
}

long pk_xlsx_row(const pk_xlsx *x)
{
    return x->row;
}

size_t pk_xlsx_ncells(const pk_xlsx *x)
{
    return x->ncells;
}

const char *pk_xlsx_cell(const pk_xlsx *x, size_t col)
{
    return col < x->ncells && x->cells[col].len ? x->rtext + x->cells[col].off : "";
}

size_t pk_xlsx_cell_len(const pk_xlsx *x, size_t col)
{
    return col < x->ncells ? x->cells[col].len : 0;
}

int pk_xlsx_cell_percent(const pk_xlsx *x, size_t col)
{
    return col < x->ncells && x->cells[col].percent;
}

int pk_xlsx_write_csv(pk_xlsx *x, FILE *out, char delim, int (*is_table_row)(const char *const *cells, size_t n),
                      pk_xlsx_sheet_lines *lines, pk_err *err)
{
    const char **cells = NULL;
    size_t cap = 0;
    long line = 0;   /* lines written so far */
    int any = 0;     /* a sheet written */
    for (size_t i = 0; i < pk_xlsx_nsheets(x); i++) {
        lines[i].name = pk_xlsx_sheet_name(x, i);
        lines[i].first_line = lines[i].last_line = 0;
        lines[i].skipped = 0;
        if (pk_xlsx_sheet_open(x, i, err))
            return -1;
        /* The sheet's text first, kept only if it holds a table. */
        char *text = NULL;
        size_t len = 0;
        FILE *t = open_memstream(&text, &len);
        if (!t)
            return pk_err_set(err, PK_ERR_NOMEM, "out of memory"), -1;
        pk_csv_writer w;
        pk_csv_writer_init(&w, t, delim);
        long row = 0;   /* the sheet's rows written so far */
        int table = !is_table_row, got;
        while ((got = pk_xlsx_next_row(x, err)) == 1) {
            for (; row + 1 < pk_xlsx_row(x); row++)
                fputc('\n', t);
            size_t n = pk_xlsx_ncells(x);
            if (pk_util_grow((void **)&cells, &cap, n + 1, sizeof *cells)) {
                got = -2;
                break;
            }
            for (size_t c = 0; c < n; c++) {
                cells[c] = pk_xlsx_cell(x, c);
                pk_csv_writer_field_n(&w, cells[c], pk_xlsx_cell_len(x, c));
            }
            pk_csv_writer_end(&w);
            table |= !table && is_table_row(cells, n);
            row++;
        }
        fclose(t);
        if (got < 0 || !text) {
            free(text);
            free(cells);
            if (got == -1)
                return -1;
            return pk_err_set(err, PK_ERR_NOMEM, "out of memory"), -1;
        }
        if (!table || row == 0) {
            lines[i].skipped = 1;
            free(text);
            continue;
        }
        if (any) {
            fputc('\n', out);   /* one empty line between sheets */
            line++;
        }
        any = 1;
        fwrite(text, 1, len, out);
        free(text);
        lines[i].first_line = line + 1;
        line += row;
        lines[i].last_line = line;
    }
    free(cells);
    if (fflush(out) != 0 || ferror(out))
        return pk_err_set(err, PK_ERR_DATA, "writing a workbook's text: %s", strerror(errno)), -1;
    return 0;
}
