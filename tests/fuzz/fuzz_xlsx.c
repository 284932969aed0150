/* libFuzzer harness for the workbook reader (xlsx.h): any bytes either give
 * every sheet's rows or an error with its message; nothing crashes, leaks
 * or reads outside its buffers. A fuzzer rarely gets a zip archive right,
 * so the first byte picks what the rest is: the whole archive, or one part
 * (a sheet, the shared strings, the styles, the workbook's list of sheets)
 * placed in an otherwise well-formed workbook that libzip builds here. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "xlsx.h"

static const char *const ROOT_RELS =
    "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/>"
    "</Relationships>";
static const char *const WB =
    "<?xml version=\"1.0\"?><workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
    "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets>"
    "<sheet name=\"Sheet1\" sheetId=\"1\" r:id=\"rId1\"/><sheet name=\"Two\" sheetId=\"2\" r:id=\"rId4\"/></sheets></workbook>";
static const char *const WB_RELS =
    "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
    "<Relationship Id=\"rId4\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet2.xml\"/>"
    "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" Target=\"sharedStrings.xml\"/>"
    "<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>"
    "</Relationships>";
static const char *const STYLES =
    "<?xml version=\"1.0\"?><styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
    "<numFmts count=\"1\"><numFmt numFmtId=\"164\" formatCode=\"0.0%\"/></numFmts>"
    "<cellXfs count=\"3\"><xf numFmtId=\"0\"/><xf numFmtId=\"9\"/><xf numFmtId=\"164\"/></cellXfs></styleSheet>";
static const char *const SST =
    "<?xml version=\"1.0\"?><sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
    "<si><t>Q1. Support?</t></si><si><r><t>Lab</t></r><r><t>our</t></r></si></sst>";
static const char *const SHEET =
    "<?xml version=\"1.0\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
    "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row><row r=\"2\"><c r=\"B2\" t=\"s\"><v>1</v></c>"
    "<c r=\"C2\" s=\"1\"><v>0.5</v></c></row></sheetData><mergeCells><mergeCell ref=\"B2:D2\"/></mergeCells></worksheet>";

/* A workbook with part number `which` replaced by data; NULL when libzip
 * cannot make it. *size is its length; free the result. */
static void *build(int which, const uint8_t *data, size_t n, size_t *size)
{
    const char *names[] = {"xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/styles.xml",
                           "xl/workbook.xml", "xl/worksheets/sheet2.xml", "xl/_rels/workbook.xml.rels",
                           "_rels/.rels"};
    const char *texts[] = {SHEET, SST, STYLES, WB, SHEET, WB_RELS, ROOT_RELS};
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
    zip_t *z = src ? zip_open_from_source(src, ZIP_TRUNCATE, &ze) : NULL;
    zip_error_fini(&ze);
    if (!z) {
        if (src)
            zip_source_free(src);
        return NULL;
    }
    zip_source_keep(src);
    for (int i = 0; i < 7; i++) {
        const void *p = i == which ? (const void *)data : texts[i];
        size_t len = i == which ? n : strlen(texts[i]);
        zip_source_t *s = zip_source_buffer(z, p, len, 0);
        if (!s || zip_file_add(z, names[i], s, 0) < 0) {
            if (s)
                zip_source_free(s);
            zip_discard(z);
            zip_source_free(src);
            return NULL;
        }
    }
    void *out = NULL;
    zip_stat_t st;
    if (zip_close(z) == 0 && zip_source_open(src) == 0) {
        zip_source_seek(src, 0, SEEK_END);
        zip_int64_t len = zip_source_tell(src);
        zip_source_seek(src, 0, SEEK_SET);
        out = len > 0 ? malloc((size_t)len) : NULL;
        if (out && zip_source_read(src, out, (zip_uint64_t)len) == len)
            *size = (size_t)len;
        else {
            free(out);
            out = NULL;
        }
        zip_source_close(src);
    } else {
        zip_discard(z);
    }
    (void)st;
    zip_source_free(src);
    return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    int which = data[0] % 8 - 1;   /* -1: the whole archive */
    void *book = NULL;
    size_t blen = size - 1;
    const void *bytes = data + 1;
    if (which >= 0) {
        book = build(which, data + 1, size - 1, &blen);
        if (!book)
            return 0;
        bytes = book;
    }
    /* Small limits, so that the fuzzer finds the limit checks too. */
    pk_xlsx_limits lim = {.part_bytes = 4u << 20, .ratio = 200, .strings_bytes = 1u << 20};
    pk_err e;
    pk_err_clear(&e);
    pk_xlsx *x = pk_xlsx_open_buffer(bytes, blen, "fuzz", &lim, &e);
    if (!x) {
        if (e.status == 0 || e.msg[0] == '\0')
            abort();
        free(book);
        return 0;
    }
    for (size_t i = 0; i < pk_xlsx_nsheets(x); i++) {
        if (pk_xlsx_sheet_open(x, i, &e) != 0) {
            if (e.msg[0] == '\0')
                abort();
            break;
        }
        int r;
        while ((r = pk_xlsx_next_row(x, &e)) == 1) {
            size_t total = 0;
            for (size_t c = 0; c < pk_xlsx_ncells(x); c++)
                total += strlen(pk_xlsx_cell(x, c)) - pk_xlsx_cell_len(x, c);
            if (total != 0)
                abort();   /* a cell's length must be its text's */
            char where[300];
            pk_xlsx_where(x, pk_xlsx_ncells(x), pk_xlsx_row(x), where, sizeof where);
        }
        if (r < 0) {
            if (e.msg[0] == '\0')
                abort();
            pk_err_clear(&e);
        }
    }
    pk_xlsx_close(x);
    free(book);
    return 0;
}
