/* test_proof.c - the proof-of-use package of issue 14: the list of
 * receipts ('proof receipts') in every output format, read back by
 * LibreOffice Calc when it is installed, and the PDF ('report proof')
 * read back with pdftotext. */
#define _XOPEN_SOURCE 700 /* nftw, to remove LibreOffice's profile tree */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "figures_fixture.h"
#include "test_report_tools.h"
#include "testutil.h"

#define SYSTEM_FONT "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"

static char *db;

/* G-1: share, approved 8.000, planned eligible costs 10.000, no rate,
 * period 01.01.-30.06.2025, drawn 8.000 on 01.03.2025. Receipts:
 *   10.03.2025  B-001  Miete März                1.234,56  (service 01.03.)
 *   15.04.2025  B-002  Honorar; Müller "Kurs"    2.000,01
 *   20.04.2025  B-003  999,99, reversed on 21.04.2025: left out
 *   30.06.2025  =SUMME(A1)  (formula-like text)      0,44
 *   sum 3.235,01 */
static int setup(void **state)
{
	(void)state;
	db = fx_city_db();
	tu_ok(db, "programme", "add", "NR", "Ohne Quote", "--funder", "LAND", NULL);
	tu_ok(db, "project", "add", "P", "Nachweis", "--field", "language", NULL);
	tu_ok(db, "grant", "add", "G-1", "--project", "P", "--programme", "NR", "--amount",
	      "8.000,00", "--eligible", "10.000,00", "--from", "01.01.2025", "--to", "30.06.2025",
	      "--status", "running", NULL);
	fx_book(db, "G-1", "drawdown", "8.000,00", "01.03.2025");
	tu_ok(db, "book", "G-1", "expenditure", "1.234,56", "--date", "10.03.2025", "--ref",
	      "B-001", "--note", "Miete März", "--service-date", "01.03.2025", NULL);
	tu_ok(db, "book", "G-1", "expenditure", "2.000,01", "--date", "15.04.2025", "--ref",
	      "B-002", "--note", "Honorar; Müller \"Kurs\"", NULL);
	tu_ok(db, "book", "G-1", "expenditure", "999,99", "--date", "20.04.2025", "--ref", "B-003",
	      NULL);
	fx_reverse_last(db, "21.04.2025");
	tu_ok(db, "book", "G-1", "expenditure", "0,44", "--date", "30.06.2025", "--ref",
	      "=SUMME(A1)", NULL);
	tu_ok(db, "grant", "add", "G-EMPTY", "--project", "P", "--programme", "NR", "--amount",
	      "1.000,00", "--eligible", "2.000,00", "--from", "01.01.2025", "--to", "30.06.2025",
	      "--status", "approved", NULL);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	tu_cleanup(db);
	return 0;
}

static char *run_out(const char *format)
{
	struct ft_run r;
	char *out;

	tu_run(&r, db, "proof", "receipts", "G-1", "--format", format, NULL);
	if (r.rc != 0)
		fail_msg("proof receipts: %s", r.err);
	out = r.out;
	r.out = NULL;
	tu_run_free(&r);
	return out;
}

static void test_receipts_formats(void **state)
{
	char *out;

	(void)state;
	out = run_out("table");
	assert_true(tu_contains(out, "Date  ")); /* English: the tests' locale */
	assert_true(tu_contains(out, "Service date"));
	assert_true(tu_contains(out, "01.03.2025"));
	assert_true(tu_contains(out, "Miete März"));
	assert_true(tu_contains(out, "Total"));
	assert_true(tu_contains(out, "3.235,01 €"));
	assert_null(strstr(out, "999,99")); /* the reversed pair is left out */
	free(out);
	out = run_out("csv");
	assert_true(tu_contains(out, "date,service_date,reference,note,line,amount\n"
				     "2025-03-10,2025-03-01,B-001,Miete März,,1234.56\n"
				     "2025-04-15,,B-002,\"Honorar; Müller \"\"Kurs\"\"\",,2000.01\n"
				     "2025-06-30,,'=SUMME(A1),,,0.44\n"
				     ",,,Total,,3235.01\n"));
	free(out);
	out = run_out("csv-de");
	assert_memory_equal(out, "\xEF\xBB\xBF", 3); /* UTF-8 BOM */
	assert_true(tu_contains(out, "Zahlungsdatum;Leistungsdatum;Beleg;Empfänger / Notiz;"
				     "Position;Betrag\n"
				     "10.03.2025;01.03.2025;B-001;Miete März;;1234,56\n"));
	assert_true(tu_contains(out, ";;;Total;;3235,01\n")); /* English: the tests' locale */
	free(out);
	out = run_out("json");
	assert_true(tu_contains(out, "\"reference\": \"B-001\""));
	assert_true(tu_contains(out, "\"amount\": \"1234.56\""));
	assert_null(strstr(out, "\"amount\": \"3235.01\"")); /* json: no total row */
	free(out);
}

static void test_receipts_errors(void **state)
{
	struct ft_run r;

	(void)state;
	tu_fail(db, 1, "no grant 'G-NONE' in this city", "proof", "receipts", "G-NONE", NULL);
	tu_fail(db, 2, "'proof receipts' needs the grant's REF", "proof", "receipts", NULL);
	/* no expenditure: only the sum 0 */
	tu_run(&r, db, "proof", "receipts", "G-EMPTY", "--format", "csv", NULL);
	assert_int_equal(r.rc, 0);
	assert_string_equal(r.out, "date,service_date,reference,note,line,amount\n,,,Total,,0.00\n");
	tu_run_free(&r);
}

static int remove_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* csv-de opened by LibreOffice Calc (headless): semicolons split the
 * columns, the German dates and decimal commas become dates and numbers,
 * quotes and umlauts survive. Written back as plain csv with raw values:
 * 3235.01 proves the sum is a number. Skips without soffice. */
static void test_receipts_libreoffice(void **state)
{
	struct tu_scratch s;
	char profile[200], csv[200], out_dir[200], result[240], *text, *converted;
	size_t len = 0;
	FILE *f;

	(void)state;
	if (access("/usr/bin/soffice", X_OK) != 0)
		tu_skip("LibreOffice (soffice) is not installed");
	tu_scratch_open(&s, "belege.csv");
	snprintf(csv, sizeof(csv), "%s", s.path);
	snprintf(profile, sizeof(profile), "-env:UserInstallation=file://%s/profile", s.dir);
	snprintf(out_dir, sizeof(out_dir), "%s/out", s.dir);
	snprintf(result, sizeof(result), "%s/belege.csv", out_dir);
	text = run_out("csv-de");
	f = fopen(csv, "wb");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	free(text);
	{
		const char *const argv[] = {
			"soffice", profile, "--headless", "--infilter=CSV:59,34,76,1,,1031",
			"--convert-to",
			"csv:Text - txt - csv (StarCalc):44,34,76,1,,1031,false,false,false",
			"--outdir", out_dir, csv, NULL
		};
		char *log = rt_capture(argv);

		free(log);
	}
	converted = rt_slurp(result, &len);
	assert_non_null(converted);
	assert_true(tu_contains(converted, "Miete März"));
	assert_true(tu_contains(converted, "Honorar; Müller \"\"Kurs\"\""));
	assert_true(tu_contains(converted, "=SUMME(A1)")); /* kept as text, not a formula */
	assert_true(tu_contains(converted, "1234.56"));
	assert_true(tu_contains(converted, "3235.01"));
	assert_true(tu_contains(converted, "03/10/2025")); /* a date, shown the US way */
	free(converted);
	/* LibreOffice's profile is a tree: remove it all */
	assert_int_equal(nftw(s.dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS), 0);
}

/* The PDF as of 31.12.2025:
 *   final: 3.235,01 x 8.000 / 10.000 = 2.588,008 -> 2.588,01
 *   repayment: 8.000 - 2.588,01 = 5.411,99
 *   refund interest from 30.06. to 31.12.2025, 184 days at 6,27 %:
 *     541.199 x 627 x 184 / 3.650.000 = 17.106,04 -> 171,06
 *   idle (§ 49a Abs. 4): 4.764,99 unused and 0,44 spent on 30.06., both
 *     121 days after the drawdown of 01.03. (horizon 60 days), at 7,27 %:
 *     476.543 x 727 x 121 / 3.650.000 = 11.484,95 -> 114,85 */
static void test_report_proof_pdf(void **state)
{
	struct ft_run r;
	char path[256], *text, *before, *after;

	(void)state;
	if (rt_no_tools(SYSTEM_FONT))
		tu_skip(RT_NO_TOOLS);
	rt_path_next_to(db, "vn.pdf", path, sizeof(path));
	before = tu_db_dump(db);
	tu_run(&r, db, "report", "proof", "G-1", "--as-of", "31.12.2025", "-o", path, NULL);
	assert_int_equal(r.rc, 0);
	tu_run_free(&r);
	after = tu_db_dump(db);
	assert_string_equal(before, after);
	text = rt_pdftotext(path, 0, 0);
	assert_non_null(text);
	assert_true(tu_contains(text, "Verwendungsnachweis"));
	assert_true(tu_contains(text, "Zahlenmäßiger Nachweis"));
	assert_true(tu_contains(text, "I. Einnahmen"));
	assert_true(tu_contains(text, "II. Ausgaben"));
	assert_true(tu_contains(text, "III. Ergebnis der Schlussabrechnung"));
	assert_true(tu_contains(text, "laut Bewilligung"));
	assert_true(tu_contains(text, "10.000,00 €"));  /* planned */
	assert_true(tu_contains(text, "3.235,01 €"));   /* actual = sum of receipts */
	assert_true(tu_contains(text, "-6.764,99 €"));  /* actual - plan */
	assert_true(tu_contains(text, "2.588,01 €"));   /* final */
	assert_true(tu_contains(text, "5.411,99 €"));   /* repayment */
	assert_true(tu_contains(text, "171,06 €"));
	assert_true(tu_contains(text, "184 Tage"));
	assert_true(tu_contains(text, "114,85 €"));
	assert_true(tu_contains(text, "Rechtsverbindliche Unterschrift"));
	assert_true(tu_contains(text, "Ort, Datum"));
	assert_true(tu_contains(text, "Anlage: Belegliste"));
	assert_true(tu_contains(text, "Miete März"));
	assert_true(tu_contains(text, "=SUMME(A1)"));
	assert_null(strstr(text, "999,99"));
	rt_expect_no_warnings(path);
	free(text);
	free(before);
	free(after);
	unlink(path);
	/* English, and an unknown grant leaves no file */
	tu_run(&r, db, "report", "proof", "G-1", "--as-of", "31.12.2025", "--lang", "en", "-o",
	       path, NULL);
	assert_int_equal(r.rc, 0);
	tu_run_free(&r);
	text = rt_pdftotext(path, 0, 0);
	assert_true(tu_contains(text, "Numerical proof"));
	assert_true(tu_contains(text, "Appendix: list of receipts"));
	free(text);
	unlink(path);
	tu_fail(db, 1, "no grant 'G-NONE'", "report", "proof", "G-NONE", "-o", path, NULL);
	assert_int_equal(access(path, F_OK), -1);
	tu_fail(db, 2, "'report proof' needs the grant's REF", "report", "proof", "-o", path,
		NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_receipts_formats),
		cmocka_unit_test(test_receipts_errors),
		cmocka_unit_test(test_receipts_libreoffice),
		cmocka_unit_test(test_report_proof_pdf),
	};

	return tu_exit_code(cmocka_run_group_tests(tests, setup, teardown));
}
