/* test_exchange_import.c - the import's failure paths and its locking:
 * a database error while the project chains are read frees what was
 * collected (ASan's leak check fails the test otherwise, issue 12 item 6),
 * a second connection can write while an import reads and checks its
 * file (issue 12 item 10), and the spool that makes this possible gives
 * back what it was given, in memory and in a temporary file. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>

#include "db.h"

#include "exchange_import.h"
#include "exchange_spool.h"
#include "testutil.h"

static char *data_path(const char *rel)
{
	const char *dir = getenv("FT_TEST_DATA");
	char *path = malloc(4096);

	assert_non_null(dir);
	assert_non_null(path);
	snprintf(path, 4096, "%s/exchange/%s", dir, rel);
	return path;
}

static void ignore_finding(void *arg, const struct exch_diag *d)
{
	(void)arg;
	(void)d;
}

/* Interrupts the statement whose SQL contains `sql` after `limit` of
 * SQLite's progress callbacks (one per virtual machine instruction). */
struct interrupter {
	struct db *db;
	const char *sql;
	long calls, limit;
};

static int interrupt_statement(void *arg)
{
	struct interrupter *in = arg;

	for (sqlite3_stmt *s = sqlite3_next_stmt(db_sqlite_handle(in->db), NULL); s; s = sqlite3_next_stmt(db_sqlite_handle(in->db), s))
		if (sqlite3_stmt_busy(s) && strstr(sqlite3_sql(s), in->sql))
			return ++in->calls > in->limit;
	return 0;
}

/* The chains are read after every record: a failure at each instruction
 * of that read (before, between and after its rows) rolls back with a
 * message and leaks nothing; then the import goes through. */
static void test_chain_read_failure(void **state)
{
	TU_SQLITE_ONLY("interrupts a statement through SQLite's progress handler");
	char *db = tu_temp_db(), *file = data_path("should-pass/everything-allowed.xml");
	struct exch_import_options opts = { 0 };
	struct exch_diags diags = { file, 0, 0, ignore_finding, NULL };
	struct interrupter in = { NULL, "predecessor_id FROM project", 0, 0 };
	struct exch_import_result r;
	struct ft_error err;
	struct store *st;
	long failures = 0;

	(void)state;
	assert_int_equal(store_open(&st, db, STORE_CREATE, STORE_JOURNAL_WAL, &err), 0);
	in.db = store_db(st);
	sqlite3_progress_handler(db_sqlite_handle(in.db), 1, interrupt_statement, &in);
	for (in.limit = 0; in.limit < 100000; in.limit++) {
		in.calls = 0;
		diags.errors = diags.warnings = 0;
		if (exchange_import(st, file, &opts, &diags, &r, &err) == 0)
			break;
		if (!strstr(err.msg, "cannot read the project chains"))
			fail_msg("limit %ld: %s", in.limit, err.msg);
		failures++;
	}
	sqlite3_progress_handler(db_sqlite_handle(in.db), 0, NULL, NULL);
	assert_true(failures > 3); /* the read was cut at several points */
	assert_int_equal(r.imported, 1);
	assert_int_equal(r.counts[EXCH_PROJECT].added, 3);
	store_close(st);
	tu_assert_query(db, "SELECT count(*) FROM project WHERE predecessor_id IS NOT NULL", "1");
	free(file);
	tu_cleanup(db);
}

/* What the import's while_reading hook did: a write through a second
 * connection that does not wait for locks at all. */
struct second_writer {
	const char *db;
	int calls;
	int rc;
	char msg[sizeof(((struct ft_error *)0)->msg)];
};

static void write_meanwhile(void *arg)
{
	struct second_writer *w = arg;
	struct store *st;
	struct ft_error err;

	w->calls++;
	w->rc = store_open(&st, w->db, STORE_EXISTING, STORE_JOURNAL_WAL, &err);
	if (w->rc == 0) {
		db_busy_timeout(store_db(st), 0); /* a held lock fails at once */
		w->rc = store_setting_set(st, "written-while-importing", "yes", &err);
		store_close(st);
	}
	snprintf(w->msg, sizeof(w->msg), "%s", w->rc ? err.msg : "");
}

/* While an import reads and checks its file, the database is not locked:
 * another connection writes without waiting, and the import then writes
 * the file as well. (Before, the whole file was read inside the write
 * transaction, and the second writer failed with "database is locked".) */
static void test_write_while_reading(void **state)
{
	char *db = tu_small_db(), *file = data_path("network/essen.xml");
	struct second_writer w = { db, 0, -1, "" };
	struct exch_import_options opts = { .while_reading = write_meanwhile,
					    .while_reading_arg = &w };
	struct exch_diags diags = { file, 0, 0, ignore_finding, NULL };
	struct exch_import_result r;
	struct ft_error err;
	struct store *st;

	(void)state;
	assert_int_equal(store_open(&st, db, STORE_EXISTING, STORE_JOURNAL_WAL, &err), 0);
	if (exchange_import(st, file, &opts, &diags, &r, &err) != 0)
		fail_msg("import: %s", err.msg);
	store_close(st);
	assert_int_equal(w.calls, 1);
	if (w.rc != 0)
		fail_msg("the second connection could not write: %s", w.msg);
	assert_int_equal(r.imported, 1);
	tu_assert_query(db, "SELECT value FROM setting WHERE key = 'written-while-importing'", "yes");
	tu_assert_query(db, "SELECT count(*) FROM city WHERE ags = '05113000'", "1");
	free(file);
	tu_cleanup(db);
}

/* ---- the spool ------------------------------------------------------------- */

struct replay_check {
	long records;
	int mismatch;
};

static int check_replayed(void *arg, const struct exch_record *rec, struct ft_error *err)
{
	struct replay_check *c = arg;
	char note[64];

	(void)err;
	snprintf(note, sizeof(note), "note %ld", c->records);
	if (rec->kind != EXCH_BOOKING || rec->u.booking.id != c->records + 1 ||
	    rec->u.booking.amount != -c->records || strcmp(rec->u.booking.date, "2025-01-02") != 0 ||
	    rec->u.booking.reference != NULL || strncmp(rec->u.booking.note, note, strlen(note)) != 0)
		c->mismatch = 1;
	c->records++;
	return 0;
}

/* Records come back exactly (texts, NULLs, numbers), in memory and after
 * the spool moved into a temporary file (past 8 MB). */
static void test_spool_round_trip(void **state)
{
	static const long counts[] = { 1, 1000, 200000 };
	char note[300];

	(void)state;
	for (size_t i = 0; i < sizeof(counts) / sizeof(counts[0]); i++) {
		struct ft_error err;
		struct exch_spool *sp = exch_spool_new(&err);
		struct replay_check c = { 0, 0 };
		struct exch_sink sink = { check_replayed, &c };

		assert_non_null(sp);
		for (long n = 0; n < counts[i]; n++) {
			struct exch_record rec = { .kind = EXCH_BOOKING, .line = n + 1 };

			snprintf(note, sizeof(note), "note %ld %0200d", n, 0);
			rec.u.booking = (struct exch_booking){ .id = n + 1, .date = "2025-01-02",
							       .kind = "drawdown", .amount = -n,
							       .note = note };
			assert_int_equal(exch_spool_record(sp, &rec, &err), 0);
		}
		/* 200,000 such records are about 60 MB: they must have left memory
		 * (the spool kept them all before issue 19's fix) */
		assert_int_equal(exch_spool_in_file(sp), counts[i] == 200000);
		assert_int_equal(exch_spool_replay(sp, &sink, &err), 0);
		assert_int_equal(c.records, counts[i]);
		assert_false(c.mismatch);
		exch_spool_free(sp);
	}
}

/* Several files: they are read and checked on a second thread while the
 * ones before them are written (issue 19); the results come in the files'
 * order, an invalid file in between changes nothing and stops nothing. */
static void test_several_files_read_ahead(void **state)
{
	char *db = tu_temp_db(), *essen = data_path("network/essen.xml");
	char *bad = data_path("should-fail/duplicate-grant-ref.xml");
	char *dus = data_path("network/duesseldorf-1.xml");
	char expected[4400];
	struct ft_run r;
	const char *first, *second;

	(void)state;
	tu_ok(db, "init", NULL);
	tu_run(&r, db, "import", essen, bad, dus, NULL);
	assert_int_equal(r.rc, 1);
	first = strstr(r.out, "city 05113000 Essen");
	second = strstr(r.out, "city 05111000 D\xC3\xBCsseldorf");
	assert_non_null(first);
	assert_non_null(second);
	assert_true(first < second);
	snprintf(expected, sizeof(expected),
		 "%s:39: error: grant 'SOE-2023/001' is defined twice (first on line 30) "
		 "[FT-DUPLICATE]\nfundtrack: nothing was imported from '%s' (1 error) [FT0496]\n",
		 bad, bad);
	assert_string_equal(r.err, expected);
	tu_run_free(&r);
	tu_assert_query(db, "SELECT group_concat(ags, ' ') FROM (SELECT ags FROM city ORDER BY ags) AS c",
			"05111000 05113000");
	free(essen);
	free(bad);
	free(dus);
	tu_cleanup(db);
}

/* More files than are read ahead (cmd_exchange.c, READ_AHEAD): every
 * slot is used twice, each file comes out in its place, a newer delivery
 * after the older one, and the invalid files in between stop nothing. */
static void test_more_files_than_read_ahead(void **state)
{
	char *db = tu_temp_db(), *bad = data_path("should-fail/duplicate-grant-ref.xml");
	char *files[] = { data_path("network/essen.xml"), bad, data_path("network/duesseldorf-1.xml"),
			  bad, data_path("delivery/gelsenkirchen-1.xml"), bad,
			  data_path("network/duesseldorf-2.xml"), bad };
	const char *cities[] = { "city 05113000 Essen", "city 05111000 D\xC3\xBCsseldorf",
				 "city 05513000 Gelsenkirchen", "city 05111000 D\xC3\xBCsseldorf" };
	const char *at, *err;
	struct ft_run r;

	(void)state;
	tu_ok(db, "init", NULL);
	tu_run(&r, db, "import", files[0], files[1], files[2], files[3], files[4], files[5],
	       files[6], files[7], NULL);
	assert_int_equal(r.rc, 1);
	at = r.out;
	for (int i = 0; i < 4; i++) { /* in the files' order */
		assert_non_null(at = strstr(at, cities[i]));
		at++;
	}
	err = r.err;
	for (int i = 0; i < 4; i++) {
		assert_non_null(err = strstr(err, "nothing was imported from"));
		err++;
	}
	assert_null(strstr(err, "nothing was imported from"));
	tu_run_free(&r);
	tu_assert_query(db, "SELECT group_concat(ags, ' ') FROM (SELECT ags FROM city ORDER BY ags) AS c",
			"05111000 05113000 05513000");
	tu_assert_query(db, "SELECT count(*) FROM exchange_import i JOIN city c ON c.id = i.city_id "
			    "WHERE c.ags = '05111000' AND i.file LIKE '%duesseldorf-2.xml'",
			"1");
	for (int i = 0; i < 8; i += 2)
		free(files[i]);
	free(bad);
	tu_cleanup(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_chain_read_failure),
		cmocka_unit_test(test_write_while_reading),
		cmocka_unit_test(test_spool_round_trip),
		cmocka_unit_test(test_several_files_read_ahead),
		cmocka_unit_test(test_more_files_than_read_ahead),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
