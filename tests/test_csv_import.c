/* test_csv_import.c - spreadsheets in and out: the CSV parser, the
 * encodings, import-csv with German Excel files (UTF-8 with BOM and
 * Windows-1252), a bad record in the middle (nothing written), templates,
 * and csv-de listings read back. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "db.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csv.h"
#include "encoding.h"
#include "testutil.h"

/* ---- helpers ------------------------------------------------------------ */

static char *data_path(const char *name)
{
	const char *dir = getenv("FT_TEST_DATA");
	char *path = malloc(4096);

	assert_non_null(dir);
	assert_non_null(path);
	snprintf(path, 4096, "%s/csv/%s", dir, name);
	return path;
}

/* A file next to the test database; caller frees the path. */
static char *write_beside(const char *db, const char *name, const char *bytes, size_t len)
{
	char *path = malloc(4096);
	FILE *f;

	assert_non_null(path);
	snprintf(path, 4096, "%s/%s", tu_db_dir(db), name);
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(bytes, 1, len, f), len);
	fclose(f);
	return path;
}

static char *write_text_beside(const char *db, const char *name, const char *text)
{
	return write_beside(db, name, text, strlen(text));
}

/* The small database's master data without its grant G-1. */
static char *master_db(void)
{
	char *db = tu_temp_db();

	tu_ok(db, "init", NULL);
	tu_ok(db, "city", "add", "05913000", "Dortmund", "--own", NULL);
	tu_ok(db, "district", "add", "NST", "Nordstadt", "--action-area", NULL);
	tu_ok(db, "district", "add", "HOE", "Hörde", NULL);
	tu_ok(db, "funder", "add", "LAND", "Land NRW", "--level", "state", NULL);
	tu_ok(db, "programme", "add", "SOE", "Zuwanderung Südosteuropa", "--funder", "LAND",
	      "--rate", "80", NULL);
	return db;
}

/* ---- the parser ------------------------------------------------------------ */

static void parse_all(const char *text, char sep, const char *expected)
{
	struct csv_parser cp;
	struct csv_record rec = { 0 };
	struct ft_error err;
	char got[1024] = "";
	size_t used = 0;
	int rc;

	csv_parser_init(&cp, text, strlen(text), sep);
	while ((rc = csv_next(&cp, &rec, &err)) == 1) {
		used += (size_t)snprintf(got + used, sizeof(got) - used, "%ld:", rec.line);
		for (size_t i = 0; i < rec.nfields; i++)
			used += (size_t)snprintf(got + used, sizeof(got) - used, "[%s]", rec.fields[i]);
		used += (size_t)snprintf(got + used, sizeof(got) - used, "\n");
	}
	assert_int_equal(rc, 0);
	csv_record_release(&rec);
	assert_string_equal(got, expected);
}

static void test_parser_rfc4180_and_excel(void **state)
{
	(void)state;
	/* quoted separator, doubled quotes, a line break inside quotes, CRLF */
	parse_all("a;\"b;c\";\"say \"\"hi\"\"\"\r\n\"multi\r\nline\";;x\r\n", ';',
		  "1:[a][b;c][say \"hi\"]\n2:[multi\nline][][x]\n");
	/* LF only, a missing final line break, an empty last field */
	parse_all("a,b\nc,", ',', "1:[a][b]\n2:[c][]\n");
	/* old Mac line ends (CR only) and tabs */
	parse_all("a\tb\rc\td\r", '\t', "1:[a][b]\n2:[c][d]\n");
	/* a quote inside an unquoted field is data */
	parse_all("5\" Rohr;x\n", ';', "1:[5\" Rohr][x]\n");
	/* blank lines are records of one empty field (skipped by the import) */
	parse_all("a\n\nb\n", ';', "1:[a]\n2:[]\n3:[b]\n");
}

static void test_parser_errors(void **state)
{
	struct csv_parser cp;
	struct csv_record rec = { 0 };
	struct ft_error err;
	const char *open_quote = "a;b\nc;\"never\nclosed\n";
	const char *after_quote = "a;\"b\"x;c\n";

	(void)state;
	csv_parser_init(&cp, open_quote, strlen(open_quote), ';');
	assert_int_equal(csv_next(&cp, &rec, &err), 1);
	assert_int_equal(csv_next(&cp, &rec, &err), -1);
	assert_int_equal(cp.error_line, 2);
	assert_true(tu_contains(err.msg, "never closed"));
	csv_parser_init(&cp, after_quote, strlen(after_quote), ';');
	assert_int_equal(csv_next(&cp, &rec, &err), -1);
	assert_int_equal(cp.error_line, 1);
	assert_true(tu_contains(err.msg, "after the closing"));
	csv_record_release(&rec);
}

static void test_separator_detection(void **state)
{
	(void)state;
	assert_int_equal(csv_detect_separator("a;b;c\n1,5;2;3", 13), ';');
	assert_int_equal(csv_detect_separator("a,b,c\n", 6), ',');
	assert_int_equal(csv_detect_separator("a\tb\tc", 5), '\t');
	/* separators inside quotes do not count */
	assert_int_equal(csv_detect_separator("\"a,b,c\";d", 9), ';');
	assert_int_equal(csv_detect_separator("single", 6), ';');
	/* only the header line counts */
	assert_int_equal(csv_detect_separator("a;b\nc,d,e,f", 11), ';');
}

/* ---- encodings ----------------------------------------------------------- */

static void test_cp1252_conversion(void **state)
{
	const char *text = "\xE4\xF6\xFC\xDF\xC4 \x80 \x96 \x84x\x93";
	char *out;
	size_t len, bad = 0;

	(void)state;
	/* ä ö ü ß Ä € – „ " and plain ASCII */
	assert_int_equal(cp1252_to_utf8(text, strlen(text), &out, &len, &bad), 0);
	assert_string_equal(out, "äöüßÄ € – „x“");
	assert_int_equal(len, strlen("äöüßÄ € – „x“"));
	free(out);
	/* 0x81 is undefined in Windows-1252 */
	assert_int_equal(cp1252_to_utf8("ab\x81", 3, &out, &len, &bad), -2);
	assert_int_equal(bad, 2);
}

/* ---- import-csv ------------------------------------------------------------ */

static void test_import_excel_utf8_with_bom(void **state)
{
	char *db = tu_small_db();
	char *file = data_path("grants-excel-utf8.csv");
	struct ft_run r;

	(void)state;
	tu_run(&r, db, "import-csv", "grants", file, NULL);
	assert_int_equal(r.rc, 0);
	assert_true(tu_contains(r.out, "imported 2 grants from"));
	assert_true(tu_contains(r.out, "(UTF-8, separator ';')"));
	assert_true(tu_contains(r.out, "ZUW-2025/001"));
	assert_true(tu_contains(r.out, "240.000,00 €"));
	tu_run_free(&r);
	/* the quoted semicolon, German words for values, the decision date */
	tu_assert_query(db,
		     "SELECT note || '|' || rate_bp || '|' || financing || '|' || status || '|' || "
		     "decided_date || '|' || approved_cents FROM \"grant\" WHERE ref = 'ZUW-2025/001'",
		     "Phase 2; Bescheid per Post|8000|share|approved|2025-03-15|24000000");
	/* doubled quotes and a line break inside a quoted value; the
	 * programme's defaults where the cells are empty; "60.000,00 €" */
	tu_assert_query(db,
		     "SELECT note || '|' || rate_bp || '|' || financing || '|' || status || '|' || "
		     "approved_cents FROM \"grant\" WHERE ref = 'ZUW-2025/002'",
		     "Eigenanteil, \"Haushalt\" 2025\nzweite Zeile|10000|full|running|6000000");
	tu_cleanup(db);
	free(file);
}

static void test_import_windows_1252(void **state)
{
	char *db = tu_small_db();
	char *file = data_path("grants-excel-cp1252.csv");
	char *bom_file = data_path("grants-excel-utf8.csv");
	struct ft_run r;

	(void)state;
	/* read as UTF-8 on purpose: refused at the line of the first umlaut */
	tu_fail(db, 1, "grants-excel-cp1252.csv:2: byte 0xF6 is not valid UTF-8", "import-csv",
		"grants", file, "--encoding", "utf-8", NULL);
	/* a UTF-8 file said to be Windows-1252 */
	tu_fail(db, 1, "it is UTF-8, not Windows-1252", "import-csv", "grants", bom_file,
		"--encoding", "cp1252", NULL);
	tu_fail(db, 2, "invalid encoding 'latin9'", "import-csv", "grants", file, "--encoding",
		"latin9", NULL);
	/* detected */
	tu_run(&r, db, "import-csv", "grants", file, NULL);
	assert_int_equal(r.rc, 0);
	assert_true(tu_contains(r.out, "imported 1 grant from"));
	assert_true(tu_contains(r.out, "(Windows-1252, separator ';')"));
	tu_run_free(&r);
	tu_assert_query(db, "SELECT note FROM \"grant\" WHERE ref = 'EHAP-2025/1'",
		     "Förderung für Maßnahme – 5.000 € Rückstellung");
	tu_cleanup(db);
	/* given explicitly */
	db = tu_small_db();
	tu_ok(db, "import-csv", "grants", file, "--encoding", "cp1252", NULL);
	tu_assert_query(db, "SELECT approved_cents FROM \"grant\" WHERE ref = 'EHAP-2025/1'",
		     "8500000");
	tu_cleanup(db);
	free(file);
	free(bom_file);
}

static void test_import_bad_records_write_nothing(void **state)
{
	char *db = tu_small_db();
	char *file = data_path("grants-bad-rows.csv");
	char *before = tu_db_dump(db), *after, expected[4200];
	struct ft_run r;

	(void)state;
	tu_run(&r, db, "import-csv", "grants", file, NULL);
	assert_int_equal(r.rc, 1);
	/* every bad record, as FILE:LINE: column: problem */
	snprintf(expected, sizeof(expected),
		 "%s:4: Betrag: invalid amount '12,345'", file);
	assert_true(tu_contains(r.err, expected));
	snprintf(expected, sizeof(expected), "%s:5: Von: invalid date '31.02.2025'", file);
	assert_true(tu_contains(r.err, expected));
	snprintf(expected, sizeof(expected), "%s:6: Projekt: no project 'P9' in this city", file);
	assert_true(tu_contains(r.err, expected));
	snprintf(expected, sizeof(expected), "%s:7: Aktenzeichen: grant 'OK-1' already exists",
		 file);
	assert_true(tu_contains(r.err, expected));
	assert_true(tu_contains(r.err, "fundtrack: 4 problems in"));
	assert_true(tu_contains(r.err, "nothing was imported"));
	assert_string_equal(r.out, "");
	tu_run_free(&r);
	/* the good records before and after the bad ones were not written */
	after = tu_db_dump(db);
	assert_string_equal(before, after);
	free(after);
	free(before);
	tu_cleanup(db);
	free(file);
}

static void test_import_dry_run(void **state)
{
	char *db = tu_small_db();
	char *file = data_path("grants-machine.csv");
	char *before = tu_db_dump(db), *after;
	struct ft_run r;

	(void)state;
	tu_run(&r, db, "import-csv", "grants", file, "--dry-run", NULL);
	assert_int_equal(r.rc, 0);
	assert_true(tu_contains(r.out, "M-1"));
	assert_true(tu_contains(r.out, "1.234,50 €"));
	assert_true(tu_contains(r.out, "dry run: 1 grant in"));
	assert_true(tu_contains(r.out, "(UTF-8, separator ',')"));
	assert_true(tu_contains(r.out, "nothing was written"));
	tu_run_free(&r);
	after = tu_db_dump(db);
	assert_string_equal(before, after);
	free(after);
	free(before);
	/* machines get the rows as csv, without the sentence */
	tu_run(&r, db, "--format", "csv", "import-csv", "grants", file, NULL);
	assert_int_equal(r.rc, 0);
	assert_string_equal(r.out, "line,ref,project,programme,amount,from,to\n"
				   "2,M-1,P2,SOE,1234.50,2025-04-01,2025-12-31\n");
	tu_run_free(&r);
	tu_assert_query(db, "SELECT note FROM \"grant\" WHERE ref = 'M-1'", "a, b");
	tu_cleanup(db);
	free(file);
}

static void test_import_bookings_and_projects(void **state)
{
	char *db = tu_small_db();
	char *bookings = data_path("bookings-excel.csv");
	char *projects = data_path("projects-excel.csv");
	char expected[4200];
	struct ft_run r;

	(void)state;
	tu_run(&r, db, "import-csv", "bookings", bookings, NULL);
	assert_int_equal(r.rc, 0);
	/* legal, but worth a look: written, with a warning naming the line */
	snprintf(expected, sizeof(expected),
		 "%s:4: warning: expenditure dated 05.01.2025 is outside the approval period",
		 bookings);
	assert_true(tu_contains(r.err, expected));
	tu_run_free(&r);
	tu_run(&r, db, "--format", "csv", "bookings", "G-1", NULL);
	assert_string_equal(r.out, "id,grant,date,kind,amount,reference,reverses,note\n"
				   "1,G-1,2023-01-15,drawdown,10000.00,MA-1,,\n"
				   "2,G-1,2023-01-20,expenditure,2500.50,,,Miete Januar\n"
				   "3,G-1,2025-01-05,expenditure,100.00,,,nach Ende\n");
	tu_run_free(&r);

	/* a chain inside one file: P5 follows P3, which the same file adds */
	tu_ok(db, "import-csv", "projects", projects, NULL);
	tu_run(&r, db, "--format", "csv", "project", "list", NULL);
	assert_true(tu_contains(r.out, "P3,Ankommen III,social-work,NST,Caritas Dortmund,"
				       "2027-01-01,2028-12-31,P2,0.00\n"));
	assert_true(tu_contains(r.out, "P4,Gesundheit im Quartier,health,HOE,,,,,0.00\n"));
	assert_true(tu_contains(r.out, "P5,Ankommen IV,social-work,NST,Caritas Dortmund,"
				       "2029-01-01,2030-12-31,P3,0.00\n"));
	tu_run_free(&r);
	tu_assert_query(db, "SELECT costs_cents FROM project WHERE code = 'P3'", "12000000");
	tu_cleanup(db);
	free(bookings);
	free(projects);
}

static void test_import_header_and_format_problems(void **state)
{
	char *db = tu_small_db();
	char *f;

	(void)state;
	f = write_text_beside(db, "typo.csv", "Aktenzeichen;Projekt;Programm;Betarg;Von;Bis\n"
					       "X;P2;SOE;1;01.04.2025;31.12.2025\n");
	tu_fail(db, 1, "typo.csv:1: note: column 'Betarg' (did you mean 'Betrag'?) ignored",
		"import-csv", "grants", f, NULL);
	tu_fail(db, 1, "typo.csv:1: Betrag: the column is missing", "import-csv", "grants", f, NULL);
	free(f);
	f = write_text_beside(db, "twice.csv", "ref;Aktenzeichen;Projekt;Programm;Betrag;Von;Bis\n");
	tu_fail(db, 1, "twice.csv:1: Aktenzeichen: the column is given twice (also as 'ref')",
		"import-csv", "grants", f, NULL);
	free(f);
	f = write_text_beside(db, "empty.csv", "\n\n");
	tu_fail(db, 1, "empty.csv:1: the file is empty: a header row is expected (see 'fundtrack "
		       "template grants')",
		"import-csv", "grants", f, NULL);
	free(f);
	f = write_text_beside(db, "wide.csv", "Aktenzeichen;Projekt;Programm;Betrag;Von;Bis\n"
					       "X;P2;SOE;1,5;01.04.2025;31.12.2025;extra\n");
	tu_fail(db, 1, "wide.csv:2: 7 fields, but the header has only 6 columns", "import-csv",
		"grants", f, NULL);
	free(f);
	f = write_text_beside(db, "open.csv", "Aktenzeichen;Projekt;Programm;Betrag;Von;Bis\n"
					       "X;P2;SOE;\"1,5;01.04.2025;31.12.2025\n");
	tu_fail(db, 1, "open.csv:2: a quoted value is never closed", "import-csv", "grants", f,
		NULL);
	free(f);
	f = write_text_beside(db, "enum.csv", "Aktenzeichen;Datum;Art;Betrag\n"
					       "G-1;01.02.2023;Zahlung;5\n"
					       "G-1;01.02.2023;;5\n");
	tu_fail(db, 1, "enum.csv:2: Art: invalid booking kind 'Zahlung': expected one of drawdown, "
		       "expenditure, repayment, interest (or Mittelabruf, Abruf, Ausgabe, "
		       "Rückzahlung, Zinsen)",
		"import-csv", "bookings", f, NULL);
	tu_fail(db, 1, "enum.csv:3: Art: a value is required", "import-csv", "bookings", f, NULL);
	free(f);
	f = write_text_beside(db, "storno.csv", "Nr;Aktenzeichen;Datum;Art;Betrag;Storno von\n"
						"9;G-1;01.02.2023;drawdown;5;3\n");
	tu_fail(db, 1, "storno.csv:2: Storno von: reversals are not imported", "import-csv",
		"bookings", f, NULL);
	free(f);
	f = write_text_beside(db, "sep.csv", "sep=,\nAktenzeichen,Projekt,Programm,Betrag,Von,Bis\n"
					      "S-1,P2,SOE,\"1.000,00\",01.04.2025,31.12.2025\n");
	tu_ok(db, "import-csv", "grants", f, NULL); /* Excel's "sep=" line */
	tu_assert_query(db, "SELECT approved_cents FROM \"grant\" WHERE ref = 'S-1'", "100000");
	free(f);
	tu_fail(db, 1, "cannot open '/nonexistent/x.csv'", "import-csv", "grants",
		"/nonexistent/x.csv", NULL);
	tu_fail(db, 2, "invalid kind 'budgets'", "import-csv", "budgets", "x.csv", NULL);
	tu_fail(db, 2, "'import-csv' needs KIND", "import-csv", "grants", NULL);
	tu_cleanup(db);
}

/* Issue 12, item 8: a NUL byte, a file that mixes UTF-8 with another
 * encoding, control and bidi characters, values longer than the exchange
 * format allows: refused with file, line and column; nothing is written
 * (tu_fail compares the database). */
static void test_import_nul_byte_refused(void **state)
{
	static const char bytes[] = "Aktenzeichen;Datum;Art;Betrag\n"
				    "G-1;02.01.2024;drawdown;1\0" "000,00\n";
	char *db = tu_small_db();
	char *f = write_beside(db, "nul.csv", bytes, sizeof(bytes) - 1);

	(void)state;
	/* was: imported as 1,00 EUR */
	tu_fail(db, 1, "nul.csv:2: Betrag: a NUL byte (0x00) at character 2 of the value",
		"import-csv", "bookings", f, NULL);
	free(f);
	f = write_beside(db, "nulhead.csv", "Akten\0zeichen;Datum\n", 20);
	tu_fail(db, 1, "nulhead.csv:1: column 1: a NUL byte (0x00) at character 6", "import-csv",
		"bookings", f, NULL);
	free(f);
	f = write_beside(db, "utf16.csv", "\xFF\xFE" "A\0;\0B\0", 8);
	tu_fail(db, 1, "utf16.csv:1: the file is UTF-16", "import-csv", "bookings", f, NULL);
	free(f);
	tu_cleanup(db);
}

static void test_import_mixed_encoding_refused(void **state)
{
	char *db = tu_small_db();
	char *f = write_text_beside(db, "mixed.csv",
				    "Aktenzeichen;Datum;Art;Betrag;Notiz\n"
				    "G-1;02.01.2024;drawdown;1,00;Gr\xC3\xBC\xC3\x9F" "e\n"
				    "G-1;03.01.2024;drawdown;2,00;K\xF6ln\n");

	(void)state;
	/* was: read as Windows-1252, "Grüße" stored as "GrÃ¼ÃŸe" */
	tu_fail(db, 1, "mixed.csv:3: byte 0xF6 is not valid UTF-8, but the file also has UTF-8 "
		       "characters",
		"import-csv", "bookings", f, NULL);
	/* said to be Windows-1252, it is read as such */
	tu_ok(db, "import-csv", "bookings", f, "--encoding", "cp1252", NULL);
	tu_assert_query(db, "SELECT note FROM booking WHERE date = '2024-01-03'", "Köln");
	free(f);
	tu_cleanup(db);
}

static void test_import_hostile_text_refused(void **state)
{
	char *db = tu_small_db();
	char long_title[520], long_ref[80], csv[2048];
	char *f;

	(void)state;
	f = write_text_beside(db, "ctl.csv",
			      "Aktenzeichen;Datum;Art;Betrag;Notiz;Beleg\n"
			      "G-1;02.01.2024;drawdown;1,00;a\xC2\x85" "b;B1\n"
			      "G-1;02.01.2024;drawdown;1,00;\xE2\x80\xAEgnp.exe;B2\n"
			      "G-1;02.01.2024;drawdown;1\x1b[2J;ok;B3\n"
			      "G-1;02.01.2024;drawdown;1,00;ok;B\xEF\xBF\xBF\n");
	tu_fail(db, 1, "ctl.csv:2: Notiz: the value contains the control character U+0085 at "
		       "character 2",
		"import-csv", "bookings", f, NULL);
	tu_fail(db, 1, "ctl.csv:3: Notiz: the value contains the bidi control U+202E at character 1",
		"import-csv", "bookings", f, NULL);
	tu_fail(db, 1, "ctl.csv:4: Betrag: the value contains the control character U+001B",
		"import-csv", "bookings", f, NULL);
	tu_fail(db, 1, "ctl.csv:5: Beleg: the value contains the non-character U+FFFF",
		"import-csv", "bookings", f, NULL);
	free(f);
	f = write_text_beside(db, "head.csv", "Aktenzeichen;Datum;Art;Betrag;\xE2\x80\xAEz\n");
	tu_fail(db, 1, "head.csv:1: column 5: the header contains the bidi control U+202E",
		"import-csv", "bookings", f, NULL);
	free(f);
	/* a header cell with a line break is still read up to it */
	f = write_text_beside(db, "head2.csv", "Aktenzeichen;Datum;Art;\"Betrag\n(EUR)\"\n"
					       "G-1;02.01.2024;drawdown;1,00\n");
	tu_ok(db, "import-csv", "bookings", f, "--dry-run", NULL);
	free(f);
	/* the exchange format's lengths, in characters, and one line for names */
	memset(long_title, 'x', 501);
	long_title[501] = '\0';
	memset(long_ref, 'R', 65);
	long_ref[65] = '\0';
	snprintf(csv, sizeof(csv),
		 "Code;Titel;Handlungsfeld\nP8;%s;health\nP9;\"zwei\nZeilen\";health\n", long_title);
	f = write_text_beside(db, "long.csv", csv);
	tu_fail(db, 1, "long.csv:2: Titel: the value is longer than 500 characters (it has 501)",
		"import-csv", "projects", f, NULL);
	tu_fail(db, 1, "long.csv:3: Titel: the value must be one line, but has the line break",
		"import-csv", "projects", f, NULL);
	free(f);
	snprintf(csv, sizeof(csv),
		 "Aktenzeichen;Projekt;Programm;Betrag;Von;Bis\n%s;P2;SOE;1;01.04.2025;31.12.2025\n",
		 long_ref);
	f = write_text_beside(db, "ref.csv", csv);
	tu_fail(db, 1, "ref.csv:2: Aktenzeichen: the value is longer than 64 characters (it has 65)",
		"import-csv", "grants", f, NULL);
	free(f);
	tu_cleanup(db);
}

static void test_import_help_lists_columns(void **state)
{
	struct ft_run r;

	(void)state;
	tu_run(&r, NULL, "import-csv", "--help", NULL);
	assert_int_equal(r.rc, 0);
	assert_true(tu_contains(r.out, "usage: fundtrack import-csv KIND FILE"));
	assert_true(tu_contains(r.out, "Columns of grants:"));
	assert_true(tu_contains(r.out, "  Aktenzeichen / ref (also: FKZ/Förderkennzeichen/Az/"
				       "reference), required"));
	assert_true(tu_contains(r.out, "  Vorgänger / follows"));
	tu_run_free(&r);
}

/* ---- templates --------------------------------------------------------------- */

static void test_template_is_importable(void **state)
{
	char *db = tu_small_db();
	struct ft_run r;
	char *f;

	(void)state;
	tu_run(&r, NULL, "template", "grants", NULL);
	assert_int_equal(r.rc, 0);
	assert_string_equal(r.out, "\xEF\xBB\xBF"
				   "Aktenzeichen;Projekt;Programm;Betrag;Von;Bis;Quote;"
				   "Finanzierungsart;Status;Bescheid vom;Beantragt;"
				   "Zuwendungsfähige Ausgaben;Notiz\n"
				   "ZUW-2024/017;ANK-3;SOE;450000,00;01.01.2024;31.12.2026;80,00;"
				   "share;approved;12.12.2023;30.09.2023;562500,00;"
				   "3. Phase, Bescheid per Post\n");
	/* as written, the template imports once its project exists */
	tu_ok(db, "project", "add", "ANK-3", "Ankommen III", "--field", "social-work", NULL);
	f = write_text_beside(db, "template.csv", r.out);
	tu_run_free(&r);
	tu_ok(db, "import-csv", "grants", f, NULL);
	tu_assert_query(db, "SELECT approved_cents || ' ' || eligible_cents || ' ' || applied_date "
			 "FROM \"grant\" WHERE ref = 'ZUW-2024/017'",
		     "45000000 56250000 2023-09-30");
	free(f);

	/* --format csv: English names, commas, plain numbers, ISO dates */
	tu_run(&r, NULL, "--format", "csv", "template", "bookings", NULL);
	assert_string_equal(r.out, "grant,date,kind,amount,reference,note,service_date\n"
				   "ZUW-2024/017,2024-01-15,drawdown,37500.00,MA-01,1. Mittelabruf,\n"
				   "ZUW-2024/017,2024-02-05,expenditure,30000.00,AO-01,"
				   "Personalkosten Januar,2024-01-31\n");
	f = write_text_beside(db, "bookings.csv", r.out);
	tu_run_free(&r);
	tu_ok(db, "import-csv", "bookings", f, NULL);
	free(f);
	tu_run(&r, NULL, "template", "projects", NULL);
	assert_true(tu_contains(r.out, "Code;Titel;Handlungsfeld;Sozialraum;Träger;Zielgruppe;"
				       "Beginn;Ende;Gesamtkosten;Vorgänger\n"));
	tu_run_free(&r);
	tu_fail(NULL, 2, "invalid kind 'grant'", "template", "grant", NULL);
	tu_cleanup(db);
}

/* ---- csv-de out, and back in --------------------------------------------------- */

/* Exports a listing as csv-de from one database and imports it into
 * another. */
static void export_import(const char *from, const char *to, const char *kind,
			  const char *listing, const char *sub)
{
	struct ft_run r;
	char *f;

	tu_run(&r, from, "--format", "csv-de", listing, sub, NULL);
	assert_int_equal(r.rc, 0);
	f = write_text_beside(to, "export.csv", r.out);
	tu_ok(to, "import-csv", kind, f, NULL);
	tu_run_free(&r);
	free(f);
}

/* Both databases list exactly the same. */
static void same_listing(const char *a_db, const char *b_db, const char *listing,
			 const char *sub)
{
	struct ft_run a, b;

	tu_run(&a, a_db, "--format", "csv-de", listing, sub, NULL);
	tu_run(&b, b_db, "--format", "csv-de", listing, sub, NULL);
	assert_int_equal(a.rc, 0);
	assert_string_equal(a.out, b.out);
	tu_run_free(&a);
	tu_run_free(&b);
}

static void test_csv_de_is_read_back(void **state)
{
	char *db = tu_small_db();
	char *copy = master_db();
	struct csv_parser cp;
	struct csv_record rec = { 0 };
	struct ft_error err;
	struct ft_run r;

	(void)state;
	tu_ok(db, "project", "add", "P7", "Wohnen; \"Hilfe\" jetzt", "--field", "housing",
	      "--carrier", "Träger, e. V.", "--from", "01.01.2025", NULL);
	tu_ok(db, "grant", "add", "Z/7 neu", "--project", "P7", "--programme", "SOE", "--amount",
	      "1.234.567,89", "--from", "01.01.2025", "--to", "31.12.2026", "--rate", "62,5",
	      NULL);
	tu_run(&r, db, "--format", "csv-de", "grant", "list", NULL);
	assert_int_equal(r.rc, 0);
	/* what German Excel needs: BOM, ';', decimal comma, German dates */
	assert_memory_equal(r.out, "\xEF\xBB\xBF", 3);
	csv_parser_init(&cp, r.out + 3, strlen(r.out + 3), csv_detect_separator(r.out + 3, 100));
	assert_int_equal(cp.sep, ';');
	assert_int_equal(csv_next(&cp, &rec, &err), 1);
	assert_string_equal(rec.fields[0], "Aktenzeichen");
	assert_string_equal(rec.fields[7], "Bewilligt");
	assert_int_equal(csv_next(&cp, &rec, &err), 1); /* G-1 */
	assert_int_equal(csv_next(&cp, &rec, &err), 1);
	assert_string_equal(rec.fields[0], "Z/7 neu");
	assert_string_equal(rec.fields[4], "01.01.2025");
	assert_string_equal(rec.fields[6], "62,50");
	assert_string_equal(rec.fields[7], "1234567,89");
	assert_int_equal(csv_next(&cp, &rec, &err), 0);
	csv_record_release(&rec);
	tu_run_free(&r);

	/* the listings import unchanged into another database, which then
	 * lists exactly the same */
	tu_ok(db, "book", "Z/7 neu", "drawdown", "1.000,50", "--date", "02.01.2025", "--ref",
	      "A;1", "--note", "erste \"Rate\"", NULL);
	/* text that csv-de writes with a formula guard "'" comes back as it
	 * was (issue 12, item 7) */
	tu_ok(db, "project", "add", "P8", "=HYPERLINK(\"http://x/\",\"klick\")", "--field",
	      "health", NULL);
	tu_ok(db, "book", "Z/7 neu", "drawdown", "2,00", "--date", "03.01.2025", "--ref", "-7",
	      "--note", "@Kasse", NULL);
	export_import(db, copy, "projects", "project", "list");
	export_import(db, copy, "grants", "grant", "list");
	export_import(db, copy, "bookings", "bookings", NULL);
	same_listing(db, copy, "project", "list");
	same_listing(db, copy, "grant", "list");
	same_listing(db, copy, "bookings", NULL);
	tu_assert_query(copy, "SELECT title FROM project WHERE code = 'P7'", "Wohnen; \"Hilfe\" jetzt");
	tu_assert_query(copy, "SELECT carrier FROM project WHERE code = 'P7'", "Träger, e. V.");
	tu_assert_query(copy, "SELECT title FROM project WHERE code = 'P8'",
			"=HYPERLINK(\"http://x/\",\"klick\")");
	tu_assert_query(copy, "SELECT reference || ' ' || note FROM booking WHERE date = '2025-01-03'",
			"-7 @Kasse");
	tu_cleanup(db);
	tu_cleanup(copy);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parser_rfc4180_and_excel),
		cmocka_unit_test(test_parser_errors),
		cmocka_unit_test(test_separator_detection),
		cmocka_unit_test(test_cp1252_conversion),
		cmocka_unit_test(test_import_excel_utf8_with_bom),
		cmocka_unit_test(test_import_windows_1252),
		cmocka_unit_test(test_import_bad_records_write_nothing),
		cmocka_unit_test(test_import_dry_run),
		cmocka_unit_test(test_import_bookings_and_projects),
		cmocka_unit_test(test_import_header_and_format_problems),
		cmocka_unit_test(test_import_nul_byte_refused),
		cmocka_unit_test(test_import_mixed_encoding_refused),
		cmocka_unit_test(test_import_hostile_text_refused),
		cmocka_unit_test(test_import_help_lists_columns),
		cmocka_unit_test(test_template_is_importable),
		cmocka_unit_test(test_csv_de_is_read_back),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
