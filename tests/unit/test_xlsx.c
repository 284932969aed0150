/* The workbook reader (xlsx.h): workbooks written by libxlsxwriter as Excel
 * writes them, and workbooks put together part by part with libzip for
 * what libxlsxwriter never writes (inline and rich strings, cells without
 * references, formulas without saved values) and for damaged and hostile
 * files, each of which must be an error naming its sheet and cell. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>
#include <zip.h>

#include "pk_check.h"
#include "xlsx.h"

static char tmpdir[256];

static const char *tmp_path(char *buf, size_t n, const char *name)
{
    if (!tmpdir[0]) {
        const char *t = getenv("TMPDIR");
        snprintf(tmpdir, sizeof tmpdir, "%s/pk-xlsx-XXXXXX", t && *t ? t : "/tmp");
        ck_assert_ptr_nonnull(mkdtemp(tmpdir));
    }
    snprintf(buf, n, "%s/%s", tmpdir, name);
    return buf;
}

/* Each case's files go in a directory of its own, removed after it. */
static void remove_tmp(void)
{
    if (!tmpdir[0])
        return;
    DIR *d = opendir(tmpdir);
    struct dirent *e;
    while (d && (e = readdir(d)))
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) {
            char p[600];
            snprintf(p, sizeof p, "%s/%s", tmpdir, e->d_name);
            unlink(p);
        }
    if (d)
        closedir(d);
    rmdir(tmpdir);
    tmpdir[0] = '\0';
}

/* A zip archive at path holding parts[i] = {name, content}, NULL-ended. */
static void make_zip(const char *path, const char *const parts[][2])
{
    int e;
    zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &e);
    ck_assert_ptr_nonnull(z);
    for (size_t i = 0; parts[i][0]; i++) {
        zip_source_t *s = zip_source_buffer(z, parts[i][1], strlen(parts[i][1]), 0);
        ck_assert_ptr_nonnull(s);
        ck_assert_int_ge(zip_file_add(z, parts[i][0], s, ZIP_FL_OVERWRITE), 0);
    }
    ck_assert_int_eq(zip_close(z), 0);
}

static const char *const CT = "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>";
static const char *const ROOT_RELS =
    "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/>"
    "</Relationships>";
static const char *const WB =
    "<?xml version=\"1.0\"?><workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
    "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets>"
    "<sheet name=\"Q 1\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
static const char *const WB_RELS =
    "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
    "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" Target=\"sharedStrings.xml\"/>"
    "<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"/xl/styles.xml\"/>"
    "</Relationships>";
static const char *const STYLES =
    "<?xml version=\"1.0\"?><styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
    "<numFmts count=\"2\"><numFmt numFmtId=\"164\" formatCode=\"0.0%\"/><numFmt numFmtId=\"165\" formatCode=\"0&quot;%&quot;\"/></numFmts>"
    "<cellStyleXfs count=\"1\"><xf numFmtId=\"9\"/></cellStyleXfs>"
    "<cellXfs count=\"4\"><xf numFmtId=\"0\"/><xf numFmtId=\"9\"/><xf numFmtId=\"164\"/><xf numFmtId=\"165\"/></cellXfs>"
    "</styleSheet>";
static const char *const SST =
    "<?xml version=\"1.0\"?><sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
    "<si><t>Q1. Do you support it?</t></si>"
    "<si><r><t>Lab</t></r><r><rPr><b/></rPr><t xml:space=\"preserve\">our </t></r><rPh><t>ignored</t></rPh></si>"
    "<si><t>a_x000D_b_x005F_x000D_</t></si>"
    "</sst>";

/* A workbook with one sheet "Q 1" whose sheet XML is body (inside
 * <sheetData>), then tail after it. */
static void make_book(const char *path, const char *body, const char *tail)
{
    char *sheet = NULL;
    ck_assert_int_ge(asprintf(&sheet, "<?xml version=\"1.0\"?><worksheet xmlns=\"http://schemas."
                              "openxmlformats.org/spreadsheetml/2006/main\"><sheetData>%s"
                              "</sheetData>%s</worksheet>", body, tail ? tail : ""), 0);
    const char *const parts[][2] = {{"[Content_Types].xml", CT}, {"_rels/.rels", ROOT_RELS},
                                    {"xl/workbook.xml", WB}, {"xl/_rels/workbook.xml.rels", WB_RELS},
                                    {"xl/styles.xml", STYLES}, {"xl/sharedStrings.xml", SST},
                                    {"xl/worksheets/sheet1.xml", sheet}, {NULL, NULL}};
    make_zip(path, parts);
    free(sheet);
}

/* Every row of sheet i as "ROW: a|b|c" lines into out. */
static int dump(pk_xlsx *x, size_t i, char *out, size_t n, pk_err *err)
{
    out[0] = '\0';
    if (pk_xlsx_sheet_open(x, i, err) != 0)
        return -1;
    int r;
    while ((r = pk_xlsx_next_row(x, err)) == 1) {
        size_t o = strlen(out);
        o += (size_t)snprintf(out + o, n - o, "%ld:", pk_xlsx_row(x));
        for (size_t c = 0; c < pk_xlsx_ncells(x) && o < n; c++)
            o += (size_t)snprintf(out + o, n - o, "%s%s", c ? "|" : " ", pk_xlsx_cell(x, c));
        if (o < n)
            snprintf(out + o, n - o, "\n");
    }
    return r;
}

START_TEST(written_by_libxlsxwriter)
{
    char path[512];
    tmp_path(path, sizeof path, "w.xlsx");
    lxw_workbook *wb = workbook_new(path);
    lxw_worksheet *contents = workbook_add_worksheet(wb, "Contents");
    lxw_worksheet *q = workbook_add_worksheet(wb, "Q1");
    lxw_format *pct = workbook_add_format(wb);
    format_set_num_format(pct, "0%");
    lxw_format *pct1 = workbook_add_format(wb);
    format_set_num_format(pct1, "0.0%");
    lxw_format *quoted = workbook_add_format(wb);
    format_set_num_format(quoted, "0\"% of\"");
    worksheet_write_string(contents, 0, 0, "Contents", NULL);
    worksheet_write_url(contents, 1, 0, "internal:Q1!A1", NULL);
    worksheet_write_string(q, 0, 0, "Table 1", NULL);
    worksheet_write_string(q, 1, 0, "Q1. Do you support it?", NULL);
    worksheet_merge_range(q, 3, 2, 3, 3, "2024 vote", NULL);
    worksheet_write_string(q, 4, 1, "Total", NULL);
    worksheet_write_string(q, 4, 2, "Labour", NULL);
    worksheet_write_string(q, 4, 3, "Green", NULL);
    worksheet_write_string(q, 5, 0, "Unweighted base", NULL);
    worksheet_write_number(q, 5, 1, 1500, NULL);
    worksheet_write_number(q, 5, 2, 412, NULL);
    worksheet_write_number(q, 5, 3, 97, NULL);
    worksheet_write_string(q, 6, 0, "Support", NULL);
    worksheet_write_number(q, 6, 1, 0.07, pct);
    worksheet_write_number(q, 6, 2, 0.335, pct1);
    worksheet_write_string(q, 6, 3, "33%", NULL);
    worksheet_write_string(q, 7, 0, "Sum", NULL);
    worksheet_write_formula_num(q, 7, 1, "=B6+1", NULL, 1501);
    worksheet_write_boolean(q, 7, 2, 1, NULL);
    worksheet_write_number(q, 7, 3, 12, quoted);
    ck_assert_int_eq(workbook_close(wb), LXW_NO_ERROR);

    pk_err err;
    pk_err_clear(&err);
    pk_xlsx *x = pk_xlsx_open(path, "w.xlsx", NULL, &err);
    ck_assert_msg(x != NULL, "%s", err.msg);
    ck_assert_uint_eq(pk_xlsx_nsheets(x), 2);
    ck_assert_str_eq(pk_xlsx_sheet_name(x, 0), "Contents");
    ck_assert_str_eq(pk_xlsx_sheet_name(x, 1), "Q1");
    char out[2000];
    ck_assert_int_eq(dump(x, 1, out, sizeof out, &err), 0);
    ck_assert_str_eq(out, "1: Table 1\n"
                          "2: Q1. Do you support it?\n"
                          "4: ||2024 vote|2024 vote\n"
                          "5: |Total|Labour|Green\n"
                          "6: Unweighted base|1500|412|97\n"
                          "7: Support|7%|33.5%|33%\n"
                          "8: Sum|1501|TRUE|12\n");
    ck_assert_int_eq(pk_xlsx_sheet_open(x, 1, &err), 0);
    for (int i = 0; i < 6; i++)
        ck_assert_int_eq(pk_xlsx_next_row(x, &err), 1);
    ck_assert(pk_xlsx_cell_percent(x, 1));
    ck_assert(!pk_xlsx_cell_percent(x, 3));   /* text "33%" */
    ck_assert_int_eq(dump(x, 0, out, sizeof out, &err), 0);
    ck_assert_str_eq(out, "1: Contents\n2: Q1!A1\n");
    pk_xlsx_close(x);
}
END_TEST

START_TEST(parts_by_hand)
{
    char path[512];
    tmp_path(path, sizeof path, "h.xlsx");
    make_book(path,
              "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>"
              "<row r=\"3\"><c t=\"s\"><v>1</v></c><c s=\"1\"><v>0.5</v></c><c s=\"2\"><v>0.1234</v></c>"
              "<c s=\"3\"><v>12</v></c><c t=\"inlineStr\"><is><r><t>in</t></r><r><t>line</t></r></is></c></row>"
              "<row><c r=\"B4\" t=\"str\"><f>A1</f><v>saved</v></c><c r=\"E4\" t=\"e\"><v>#N/A</v></c></row>"
              "<row r=\"6\"><c r=\"A6\" s=\"1\"/><c r=\"B6\"/></row>"
              "<row r=\"7\"/>"
              "<row r=\"8\"><c r=\"A8\" t=\"s\"><v>2</v></c></row>",
              "<mergeCells count=\"1\"><mergeCell ref=\"B8:C9\"/></mergeCells>");
    pk_err err;
    pk_err_clear(&err);
    pk_xlsx *x = pk_xlsx_open(path, "h.xlsx", NULL, &err);
    ck_assert_msg(x != NULL, "%s", err.msg);
    char out[2000];
    ck_assert_msg(dump(x, 0, out, sizeof out, &err) == 0, "%s", err.msg);
    ck_assert_str_eq(out, "1: Q1. Do you support it?\n"
                          "3: Labour |50%|12.34%|12|inline\n"
                          "4: |saved|||#N/A\n"
                          "8: a b_x000D_\n");
    pk_xlsx_close(x);
}
END_TEST

/* The message of opening (and reading every sheet of) a workbook. */
static const char *error_of(const char *path, const pk_xlsx_limits *lim, pk_err *err)
{
    pk_err_clear(err);
    pk_xlsx *x = pk_xlsx_open(path, "bad.xlsx", lim, err);
    if (x) {
        char out[4000];
        for (size_t i = 0; i < pk_xlsx_nsheets(x); i++)
            if (dump(x, i, out, sizeof out, err) != 0)
                break;
        pk_xlsx_close(x);
    }
    return err->msg;
}

START_TEST(errors_name_sheet_and_cell)
{
    char path[512];
    pk_err err;
    tmp_path(path, sizeof path, "f.xlsx");
    make_book(path, "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>"
                    "<row r=\"7\"><c r=\"C7\"><f>SUM(A1:A2)</f></c></row>", NULL);
    ck_assert_str_eq(error_of(path, NULL, &err),
                     "bad.xlsx: 'Q 1'!C7: a formula with no saved value: pollkit reads the values "
                     "a spreadsheet saved, never computes formulas (open the workbook in a "
                     "spreadsheet program and save it)");
    ck_assert_int_eq(err.status, PK_ERR_DATA);
    make_book(path, "<row r=\"2\"><c r=\"B2\" t=\"s\"><v>99</v></c></row>", NULL);
    ck_assert_str_eq(error_of(path, NULL, &err),
                     "bad.xlsx: 'Q 1'!B2: shared string 99 does not exist (the workbook has 3)");
    make_book(path, "<row r=\"2\"><c r=\"XFE2\"><v>1</v></c></row>", NULL);
    ck_assert_msg(strstr(error_of(path, NULL, &err), "'Q 1'!A2: the cell reference 'XFE2' is outside") != NULL,
                  "%s", err.msg);
    make_book(path, "<row r=\"2\"><c r=\"B2\"><v>1</v></c></row><row r=\"3\"><c r=\"B3\"><v>2", NULL);
    ck_assert_msg(strstr(error_of(path, NULL, &err), "xl/worksheets/sheet1.xml: the XML is damaged") != NULL,
                  "%s", err.msg);
    make_book(path, "<row r=\"2\"><c r=\"B2\"><v>x1</v></c></row>", NULL);
    ck_assert_str_eq(error_of(path, NULL, &err), "bad.xlsx: 'Q 1'!B2: the number 'x1' cannot be read");
}
END_TEST

START_TEST(not_workbooks)
{
    char path[512];
    pk_err err;
    tmp_path(path, sizeof path, "n.xlsx");
    FILE *f = fopen(path, "wb");
    fwrite("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 rest", 1, 13, f);
    fclose(f);
    ck_assert_msg(strstr(error_of(path, NULL, &err), "old Excel .xls workbook") != NULL, "%s", err.msg);
    f = fopen(path, "wb");
    fputs("id,q1\n1,yes\n", f);
    fclose(f);
    ck_assert_msg(strstr(error_of(path, NULL, &err), "not an Excel .xlsx workbook") != NULL, "%s", err.msg);
    const char *const ods[][2] = {{"mimetype", "application/vnd.oasis.opendocument.spreadsheet"},
                                  {"content.xml", "<x/>"}, {NULL, NULL}};
    make_zip(path, ods);
    ck_assert_msg(strstr(error_of(path, NULL, &err), "OpenDocument spreadsheet (.ods)") != NULL, "%s", err.msg);
    const char *const other[][2] = {{"readme.txt", "hello"}, {NULL, NULL}};
    make_zip(path, other);
    ck_assert_msg(strstr(error_of(path, NULL, &err), "no Excel workbook (it has no xl/workbook.xml)") != NULL,
                  "%s", err.msg);
    /* A workbook cut short: its last 200 bytes gone. */
    char whole[512];
    tmp_path(whole, sizeof whole, "whole.xlsx");
    make_book(whole, "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>", NULL);
    f = fopen(whole, "rb");
    char buf[8192];
    size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    f = fopen(path, "wb");
    fwrite(buf, 1, n - 200, f);
    fclose(f);
    ck_assert_msg(strstr(error_of(path, NULL, &err), "damaged or cut short") != NULL, "%s", err.msg);
}
END_TEST

START_TEST(hostile)
{
    char path[512];
    pk_err err;
    tmp_path(path, sizeof path, "x.xlsx");
    /* A relationship out of the package is never followed. */
    const char *const escape_rels =
        "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        "<Relationship Id=\"rId1\" Type=\"x/worksheet\" Target=\"../../etc/passwd\"/></Relationships>";
    const char *const escape[][2] = {{"_rels/.rels", ROOT_RELS}, {"xl/workbook.xml", WB},
                                     {"xl/_rels/workbook.xml.rels", escape_rels}, {NULL, NULL}};
    make_zip(path, escape);
    ck_assert_msg(strstr(error_of(path, NULL, &err), "the workbook has no sheets") != NULL, "%s", err.msg);
    /* An entity is never expanded, a DTD never loaded. */
    make_book(path, "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>&xxe;</t></is></c></row>", NULL);
    error_of(path, NULL, &err);   /* an error or an empty cell, never a file's content */
    /* A zip bomb: 3 MB of one byte, past a 2 MB cap, and past a ratio of
     * 100 (deflate itself stops near 1032). */
    size_t big = 3u << 20;
    char *body = malloc(big + 1);
    memset(body, ' ', big);
    body[big] = '\0';
    make_book(path, body, NULL);
    free(body);
    pk_xlsx_limits lim = {.part_bytes = 2u << 20};
    ck_assert_msg(strstr(error_of(path, &lim, &err), "a zip bomb?") != NULL, "%s", err.msg);
    pk_xlsx_limits ratio = {.ratio = 100};
    ck_assert_msg(strstr(error_of(path, &ratio, &err), "a zip bomb?") != NULL, "%s", err.msg);
}
END_TEST

START_TEST(a_million_empty_rows)
{
    /* 1,000,000 empty rows and cells, then one with text: read in bounded
     * memory (the test's limit), a row at a time. */
    size_t n = 1000000, cap = n * 40 + 200, o = 0;
    char *body = malloc(cap);
    for (size_t i = 1; i <= n; i++)
        o += (size_t)snprintf(body + o, cap - o, i % 2 ? "<row r=\"%zu\"/>" : "<row r=\"%zu\"><c s=\"1\"/></row>", i);
    snprintf(body + o, cap - o, "<row r=\"1000001\"><c r=\"B1000001\" t=\"s\"><v>0</v></c></row>");
    char path[512];
    tmp_path(path, sizeof path, "m.xlsx");
    make_book(path, body, NULL);
    free(body);
    pk_err err;
    pk_err_clear(&err);
    pk_xlsx *x = pk_xlsx_open(path, "m.xlsx", NULL, &err);
    ck_assert_msg(x != NULL, "%s", err.msg);
    ck_assert_int_eq(pk_xlsx_sheet_open(x, 0, &err), 0);
    ck_assert_int_eq(pk_xlsx_next_row(x, &err), 1);
    ck_assert_int_eq(pk_xlsx_row(x), 1000001);
    ck_assert_str_eq(pk_xlsx_cell(x, 1), "Q1. Do you support it?");
    ck_assert_int_eq(pk_xlsx_next_row(x, &err), 0);
    char where[64];
    ck_assert_str_eq(pk_xlsx_where(x, 27, 3, where, sizeof where), "'Q 1'!AB3");
    pk_xlsx_close(x);
}
END_TEST

START_TEST(buffer_and_sniff)
{
    char path[512];
    tmp_path(path, sizeof path, "b.xlsx");
    make_book(path, "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>", NULL);
    FILE *f = fopen(path, "rb");
    static char buf[16384];
    size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    ck_assert(pk_xlsx_sniff((const unsigned char *)buf, n));
    ck_assert(!pk_xlsx_sniff((const unsigned char *)"id,q\n", 5));
    pk_err err;
    pk_err_clear(&err);
    pk_xlsx *x = pk_xlsx_open_buffer(buf, n, "mem", NULL, &err);
    ck_assert_msg(x != NULL, "%s", err.msg);
    char out[200];
    ck_assert_int_eq(dump(x, 0, out, sizeof out, &err), 0);
    ck_assert_str_eq(out, "1: Q1. Do you support it?\n");
    pk_xlsx_close(x);
}
END_TEST

static Suite *xlsx_suite(void)
{
    Suite *s = suite_create("xlsx");
    TCase *tc = pk_tcase("core");
    tcase_add_checked_fixture(tc, NULL, remove_tmp);
    tcase_add_test(tc, written_by_libxlsxwriter);
    tcase_add_test(tc, parts_by_hand);
    tcase_add_test(tc, errors_name_sheet_and_cell);
    tcase_add_test(tc, not_workbooks);
    tcase_add_test(tc, hostile);
    tcase_add_test(tc, a_million_empty_rows);
    tcase_add_test(tc, buffer_and_sniff);
    suite_add_tcase(s, tc);
    return s;
}

PK_CHECK_MAIN(xlsx_suite)
