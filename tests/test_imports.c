/* test_imports.c - import-csv as a finance officer uses it (issue 15): the
 * same file twice is refused unless --again, a repeated booking is
 * named, a batch is undone as a whole (bookings reversed, grants and
 * projects removed when nothing refers to them), --list, files imported
 * before batches were recorded, unknown columns, every problem of a file in
 * one pass, --quiet and the progress callback. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sqlite3.h>

#include "db.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit_chain.h"
#include "csv_import.h"
#include "sha256.h"
#include "store.h"
#include "testutil.h"

/* A file next to the test database; caller removes it and frees the path. */
static char *write_beside(const char *db, const char *name, const char *text)
{
	char *path = malloc(4096);
	FILE *f;

	assert_non_null(path);
	snprintf(path, 4096, "%s/%s", tu_db_dir(db), name);
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, strlen(text), f), strlen(text));
	fclose(f);
	return path;
}

static void drop_file(char *path)
{
	remove(path);
	free(path);
}

/* G-1 (small db): 80.000,00 € approved for 01.01.2023 to 31.12.2024. Two
 * bookings, with a column fundtrack does not know. */
static const char bookings_csv[] =
	"Aktenzeichen;Datum;Art;Betrag;Beleg;Kostenstelle\n"
	"G-1;15.01.2023;Mittelabruf;10.000,00;MA-1;4711\n"
	"G-1;20.01.2023;Ausgabe;4.000,00;AO-1;4711\n";

static void test_same_file_refused_unless_again(void **state)
{
	char *db = tu_small_db();
	char *f = write_beside(db, "buchungen.csv", bookings_csv);
	char *copy = write_beside(db, "kopie.csv", bookings_csv);
	struct ft_run r;

	(void)state;
	tu_run(&r, db, "--user", "mueller", "import-csv", "bookings", f, NULL);
	assert_int_equal(r.rc, 0);
	assert_true(tu_contains(r.out, "as batch 1 (undo: fundtrack import-csv --undo 1)"));
	/* one note for the unknown column, no error */
	assert_true(tu_contains(r.err, "buchungen.csv:1: note: column 'Kostenstelle' ignored"));
	tu_run_free(&r);
	/* the same content, under its name or another: refused, nothing written */
	tu_fail(db, 1, "was imported before: batch 1 of ", "import-csv", "bookings", f, NULL);
	{
		char by[200];

		snprintf(by, sizeof(by), "by %s ('", tu_audit_user("mueller"));
		tu_fail(db, 1, by, "import-csv", "bookings", copy, NULL);
	}
	tu_fail(db, 1, "give --again to import it once more, or take that import back with "
		       "'fundtrack import-csv --undo 1'",
		"import-csv", "bookings", copy, "--dry-run", NULL);
	tu_assert_query(db, "SELECT count(*) FROM booking", "2");
	/* --again: imported, each row named as a repeat of batch 1 */
	tu_run(&r, db, "import-csv", "bookings", copy, "--again", NULL);
	assert_int_equal(r.rc, 0);
	assert_true(tu_contains(r.err, "kopie.csv:2: warning: the same booking is recorded "
				       "already: booking 1 (G-1, 15.01.2023 drawdown 10.000,00 €, "
				       "voucher 'MA-1', imported in batch 1, line 2)"));
	assert_true(tu_contains(r.err, "kopie.csv:3: warning: the same booking is recorded "
				       "already: booking 2"));
	tu_run_free(&r);
	/* 2 x 10.000,00 = 20.000,00 drawn */
	tu_assert_query(db, "SELECT sum(amount_cents) FROM booking WHERE kind = 'drawdown'",
			"2000000");
	tu_assert_query(db, "SELECT group_concat(batch_id || ':' || record_id || ':' || line, ' ') "
			    "FROM import_batch_row",
			"1:1:2 1:2:3 2:3:2 2:4:3");
	tu_ok(db, "audit", "verify", NULL);
	drop_file(f);
	drop_file(copy);
	tu_cleanup(db);
}

static void test_undo_bookings(void **state)
{
	char *db = tu_small_db();
	char *f = write_beside(db, "buchungen.csv", bookings_csv);
	struct ft_run r;

	(void)state;
	tu_ok(db, "import-csv", "bookings", f, NULL);
	tu_ok(db, "book", "G-1", "drawdown", "1.000,00", "--date", "01.02.2023", NULL);
	/* booking 2 reversed by hand before the undo: left alone */
	tu_ok(db, "book", "--reverses", "2", "--date", "02.02.2023", NULL);
	tu_run(&r, db, "--user", "schmidt", "import-csv", "--undo", "1", NULL);
	assert_int_equal(r.rc, 0);
	assert_true(tu_contains(r.out, "undid import batch 1: 1 booking reversed by "
				       "counter-bookings (others were reversed before)"));
	tu_run_free(&r);
	/* 10.000 - 10.000 + 1.000 drawn; 4.000 - 4.000 spent */
	tu_assert_query(db, "SELECT sum(amount_cents) FROM booking WHERE kind = 'drawdown'",
			"100000");
	tu_assert_query(db, "SELECT sum(amount_cents) FROM booking WHERE kind = 'expenditure'",
			"0");
	tu_assert_query(db, "SELECT note FROM booking WHERE reverses_id = 1",
			"Import 1 rückgängig gemacht (Zeile 2)");
	tu_assert_query(db, "SELECT undone_by FROM import_batch WHERE id = 1",
			tu_audit_user("schmidt"));
	/* twice, unknown, malformed: refused */
	tu_fail(db, 1, "import batch 1 ('", "import-csv", "--undo", "1", NULL);
	tu_fail(db, 1, "was already undone on ", "import-csv", "--undo", "1", NULL);
	tu_fail(db, 1, "no import batch 7 (see 'fundtrack import-csv --list')", "import-csv",
		"--undo", "7", NULL);
	tu_fail(db, 1, "--undo", "import-csv", "--undo", "eins", NULL);
	tu_fail(db, 2, "takes no KIND or FILE", "import-csv", "bookings", f, "--undo", "1", NULL);
	/* an undone batch no longer blocks its file */
	tu_ok(db, "import-csv", "bookings", f, NULL);
	tu_run(&r, db, "--format", "csv", "import-csv", "--list", NULL);
	assert_int_equal(r.rc, 0);
	assert_true(tu_contains(r.out, "batch,imported_at,user,kind,records,file,undone_at,sha256\n"
				       "1,"));
	assert_true(tu_contains(r.out, "\n2,"));
	tu_run_free(&r);
	tu_run(&r, db, "import-csv", "--list", NULL);
	assert_true(tu_contains(r.out, "  Bookings  ")); /* English: the tests' locale */
	assert_true(tu_contains(r.out, "undone "));
	tu_run_free(&r);
	tu_ok(db, "audit", "verify", NULL);
	drop_file(f);
	tu_cleanup(db);
}

static void test_undo_projects_and_grants(void **state)
{
	char *db = tu_small_db();
	char *p = write_beside(db, "projekte.csv",
			       "Code;Titel;Handlungsfeld;Vorgänger\n"
			       "P3;Ankommen III;Soziale Arbeit;P2\n"
			       "P4;Ankommen IV;Soziale Arbeit;P3\n");
	char *g = write_beside(db, "bescheide.csv",
			       "Aktenzeichen;Projekt;Programm;Betrag;Von;Bis\n"
			       "G-2;P2;SOE;50.000,00;01.04.2025;31.12.2026\n");
	struct ft_run r;

	(void)state;
	tu_ok(db, "import-csv", "projects", p, NULL);
	tu_ok(db, "import-csv", "grants", g, NULL);
	/* G-2 has a booking now: its batch stays, nothing changes */
	tu_ok(db, "book", "G-2", "drawdown", "5.000,00", "--date", "01.05.2025", NULL);
	tu_fail(db, 1, "cannot undo: grant 'G-2' (line 2) has 1 bookings recorded since the import",
		"import-csv", "--undo", "2", NULL);
	/* P4 follows P3: removed first (newest line first), then P3 */
	tu_run(&r, db, "import-csv", "--undo", "1", NULL);
	assert_int_equal(r.rc, 0);
	assert_true(tu_contains(r.out, "undid import batch 1: 2 projects removed"));
	tu_run_free(&r);
	tu_assert_query(db, "SELECT count(*) FROM project WHERE code IN ('P3', 'P4')", "0");
	tu_assert_query(db, "SELECT count(*) FROM audit_log WHERE table_name = 'project' AND "
			    "action = 'delete'",
			"2");
	tu_ok(db, "audit", "verify", NULL);
	drop_file(p);
	drop_file(g);
	tu_cleanup(db);
}

static void test_repeated_row_within_a_file(void **state)
{
	char *db = tu_small_db();
	char *f = write_beside(db, "doppelt.csv",
			       "Aktenzeichen;Datum;Art;Betrag;Beleg\n"
			       "G-1;15.01.2023;drawdown;100,00;\n"
			       "G-1;15.01.2023;drawdown;100,00;\n"
			       "G-1;15.01.2023;drawdown;100,00;B-2\n");
	struct ft_run r;

	(void)state;
	tu_run(&r, db, "import-csv", "bookings", f, NULL);
	assert_int_equal(r.rc, 0);
	/* line 3 repeats line 2 (no voucher either); line 4 has another one */
	assert_true(tu_contains(r.err, "doppelt.csv:3: warning: the same booking is recorded "
				       "already: booking 1 (G-1, 15.01.2023 drawdown 100,00 €, "
				       "no voucher, from line 2 of this file)"));
	assert_false(strstr(r.err, "doppelt.csv:4:"));
	tu_run_free(&r);
	drop_file(f);
	tu_cleanup(db);
}

/* Format and reference problems of every line in one pass. */
static void test_every_problem_in_one_pass(void **state)
{
	char *db = tu_small_db();
	char *f = write_beside(db, "fehler.csv",
			       "Aktenzeichen;Datum;Art;Betrag\n"
			       "NOPE;31.02.2023;drawdown;100,00\n"
			       "G-1;15.01.2023;drawdown;12,345\n"
			       "G-9;15.01.2023;drawdown;100,00\n");
	char *nohead = write_beside(db, "ohne.csv",
				    "Aktenzeichen;Datum;Art\n"
				    "NOPE;15.01.2023;drawdown\n");
	struct ft_run r;

	(void)state;
	tu_run(&r, db, "import-csv", "bookings", f, NULL);
	assert_int_equal(r.rc, 1);
	assert_true(tu_contains(r.err, "fehler.csv:2: Datum: invalid date '31.02.2023'"));
	assert_true(tu_contains(r.err, "fehler.csv:2: Aktenzeichen: no grant 'NOPE' in this city"));
	assert_true(tu_contains(r.err, "fehler.csv:3: Betrag: invalid amount '12,345'"));
	assert_true(tu_contains(r.err, "fehler.csv:4: Aktenzeichen: no grant 'G-9' in this city"));
	assert_true(tu_contains(r.err, "4 problems in '"));
	tu_run_free(&r);
	/* a missing column once, and the unknown grant as well */
	tu_run(&r, db, "import-csv", "bookings", nohead, NULL);
	assert_int_equal(r.rc, 1);
	assert_true(tu_contains(r.err, "ohne.csv:1: Betrag: the column is missing"));
	assert_true(tu_contains(r.err, "ohne.csv:2: Aktenzeichen: no grant 'NOPE'"));
	assert_true(tu_contains(r.err, "2 problems in '"));
	tu_run_free(&r);
	tu_assert_query(db, "SELECT count(*) FROM booking", "0");
	tu_assert_query(db, "SELECT count(*) FROM import_batch", "0");
	drop_file(f);
	drop_file(nohead);
	tu_cleanup(db);
}

/* Plausibility applies to imported rows: file:line, nothing written, and
 * --force records them. */
static void test_implausible_rows(void **state)
{
	char *db = tu_small_db();
	char *f = write_beside(db, "abrufe.csv",
			       "Aktenzeichen;Datum;Art;Betrag\n"
			       "G-1;15.01.2023;drawdown;70.000,00\n"
			       "G-1;16.01.2023;drawdown;20.000,00\n"
			       "G-1;01.03.2030;repayment;5,00\n");
	struct ft_run r;

	(void)state;
	/* 70.000 + 20.000 = 90.000 > 80.000 approved: line 3; the repayment
	 * of 2030 is always taken */
	tu_fail(db, 1, "abrufe.csv:3: Aktenzeichen: drawdown of 20.000,00 € would bring grant "
		       "'G-1' to 90.000,00 € drawn (less repayments), above the approved "
		       "80.000,00 € (drawn so far: 70.000,00 €) (give --force to record it anyway)",
		"import-csv", "bookings", f, NULL);
	tu_run(&r, db, "import-csv", "bookings", f, "--force", NULL);
	assert_int_equal(r.rc, 0);
	tu_run_free(&r);
	tu_assert_query(db, "SELECT count(*) FROM audit_log WHERE table_name = 'booking' AND "
			    "command LIKE '[forced: drawdown of 20.000,00 € would bring%'",
			"1");
	drop_file(f);
	tu_cleanup(db);
}

static void test_quiet(void **state)
{
	char *db = tu_small_db();
	char *f = write_beside(db, "buchungen.csv", bookings_csv);
	struct ft_run r;

	(void)state;
	tu_run(&r, db, "import-csv", "bookings", f, "--quiet", NULL);
	assert_int_equal(r.rc, 0);
	assert_string_equal(r.out, "");
	/* notes and warnings stay; no progress line in a pipe (a file here) */
	assert_true(tu_contains(r.err, "note: column 'Kostenstelle' ignored"));
	assert_null(strchr(r.err, '\r'));
	tu_run_free(&r);
	drop_file(f);
	tu_cleanup(db);
}

static void count_progress(void *arg, size_t records)
{
	size_t *calls = arg;

	calls[0]++;
	calls[1] = records;
}

/* 2.500 records: the progress callback at 1.000 and 2.000. */
static void test_progress_every_thousand(void **state)
{
	char *db = tu_small_db();
	size_t size = 64 + 2500 * 40, used = 0, calls[2] = { 0, 0 };
	char *text = malloc(size), *f;
	struct csv_import_options o = { 0 };
	struct csv_import_result res;
	struct ft_error err;
	struct store *st;

	(void)state;
	assert_non_null(text);
	used += (size_t)snprintf(text, size, "Aktenzeichen;Datum;Art;Betrag;Beleg\n");
	for (int i = 0; i < 2500; i++)
		used += (size_t)snprintf(text + used, size - used,
					 "G-1;15.01.2023;repayment;1,00;R-%d\n", i);
	f = write_beside(db, "viele.csv", text);
	free(text);
	o.kind = CSV_BOOKINGS;
	o.path = f;
	o.progress = count_progress;
	o.progress_arg = calls;
	assert_int_equal(store_open(&st, db, STORE_EXISTING, STORE_JOURNAL_WAL, &err), 0);
	assert_int_equal(csv_import(st, &o, &res, &err), 0);
	assert_int_equal(res.records, 2500);
	assert_int_equal(calls[0], 2);
	assert_int_equal(calls[1], 2000);
	csv_import_result_release(&res);
	store_close(st);
	drop_file(f);
	tu_cleanup(db);
}

/* A database of schema 7 with a CSV import logged the old way (only its
 * audit entry): the migration makes it a batch that is known to have been
 * imported (the same file is refused) but cannot be undone. */
static void test_file_imported_before_batches(void **state)
{
	TU_SQLITE_ONLY("builds an old schema version with PRAGMA user_version");
	char *db = tu_temp_db();
	char *f;
	struct audit_actor *actor;
	struct ft_error err;
	struct db *raw;

	(void)state;
	assert_int_equal(db_open_v2(db, &raw, DB_OPEN_READWRITE | DB_OPEN_CREATE), DB_OK);
	assert_int_equal(audit_chain_connect(raw, &actor, &err), 0);
	assert_int_equal(audit_actor_set(actor, "meier", "fundtrack import-csv bookings a.csv",
					 &err),
			 0);
	for (int i = 0; i < 7; i++)
		assert_int_equal(db_exec(raw, store_migration_sql(i)),
				 DB_OK);
	f = write_beside(db, "alt.csv", bookings_csv);
	{
		unsigned char digest[SHA256_DIGEST];
		char hex[SHA256_HEX], *sql;
		struct sha256 h;

		sha256_init(&h);
		sha256_update(&h, bookings_csv, strlen(bookings_csv));
		sha256_final(&h, digest);
		sha256_hex(digest, hex);
		sql = sqlite3_mprintf(
			"PRAGMA user_version = 7;"
			"INSERT INTO city (ags, name, own) VALUES ('05913000', 'Dortmund', 1);"
			"INSERT INTO audit_append (table_name, row_id, record_key, action, old, new)"
			" VALUES ('import', NULL, '05913000', 'import', NULL, json_object('file',"
			" 'alt.csv', 'sha256', %Q, 'counts', json('{\"bookings\":2}')));"
			"INSERT INTO audit_append (table_name, row_id, record_key, action, old, new)"
			" VALUES ('import', NULL, '05111000', 'import', NULL, json_object('file',"
			" 'duesseldorf.xml', 'sha256', %Q, 'counts',"
			" json('{\"projects\":1,\"grants\":1,\"bookings\":5}')));",
			hex, hex);
		assert_int_equal(db_exec(raw, sql), DB_OK);
		sqlite3_free(sql);
	}
	audit_chain_disconnect(actor);
	db_close(raw);
	tu_ok(db, "audit", "verify", NULL);
	/* the CSV import became batch 1; the exchange import of another city not */
	tu_assert_query(db, "SELECT group_concat(id || ' ' || kind || ' ' || file || ' ' || records "
			    "|| ' ' || user_name || ' ' || rows_known, ';') FROM import_batch",
			"1 bookings alt.csv 2 meier 0");
	tu_fail(db, 1, "was imported before fundtrack recorded which records an import adds",
		"import-csv", "--undo", "1", NULL);
	/* the same content is known: refused, without an undo to offer */
	tu_fail(db, 1, "was imported before: batch 1 of ", "import-csv", "bookings", f, NULL);
	tu_fail(db, 1, "by meier ('alt.csv') has the same content", "import-csv", "bookings", f,
		NULL);
	drop_file(f);
	tu_cleanup(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_file_refused_unless_again),
		cmocka_unit_test(test_undo_bookings),
		cmocka_unit_test(test_undo_projects_and_grants),
		cmocka_unit_test(test_repeated_row_within_a_file),
		cmocka_unit_test(test_every_problem_in_one_pass),
		cmocka_unit_test(test_implausible_rows),
		cmocka_unit_test(test_quiet),
		cmocka_unit_test(test_progress_every_thousand),
		cmocka_unit_test(test_file_imported_before_batches),
	};

	return tu_exit_code(cmocka_run_group_tests(tests, NULL, NULL));
}
