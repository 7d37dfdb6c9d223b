/* test_store.c - opening, migrations and the schema's own constraints. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "audit_chain.h"
#include "store.h"
#include "testutil.h"

static int user_version(const char *path)
{
	sqlite3 *db;
	sqlite3_stmt *stmt;
	int v;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &stmt, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	v = sqlite3_column_int(stmt, 0);
	sqlite3_finalize(stmt);
	sqlite3_close(db);
	return v;
}

/* The file's bytes as hex text, for byte-for-byte comparisons. */
static char *read_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *hex;
	size_t n = 0, cap = 1 << 16;
	int c;

	assert_non_null(f);
	hex = malloc(cap);
	assert_non_null(hex);
	while ((c = fgetc(f)) != EOF) {
		if (n + 3 >= cap) {
			cap *= 2;
			hex = realloc(hex, cap);
			assert_non_null(hex);
		}
		snprintf(hex + n, 3, "%02x", c);
		n += 2;
	}
	hex[n] = '\0';
	fclose(f);
	return hex;
}

/* Runs sql on a raw connection (foreign keys on) and returns SQLite's code.
 * The connection gets the audit functions (audit_chain.h), as every
 * fundtrack connection has: without them any write fails for that reason,
 * and the schema's own checks would go untested. */
static int raw_exec(const char *path, const char *sql)
{
	struct audit_actor *actor;
	struct ft_error err;
	sqlite3 *db;
	int rc;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(audit_chain_connect(db, &actor, &err), 0);
	sqlite3_exec(db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
	rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
	sqlite3_close(db);
	return rc;
}

static void test_fresh_database_gets_all_migrations(void **state)
{
	char *db = tu_temp_db();
	struct store *st;
	struct ft_error err;

	(void)state;
	assert_int_equal(store_open(&st, db, STORE_CREATE, STORE_JOURNAL_WAL, &err), 0);
	assert_int_equal(store_migrations_applied(st), store_schema_version());
	assert_true(store_schema_version() >= 1);
	store_close(st);
	assert_int_equal(user_version(db), store_schema_version());
	tu_cleanup(db);
}

static void test_reopening_applies_nothing(void **state)
{
	char *db = tu_temp_db();
	struct store *st;
	struct ft_error err;

	(void)state;
	assert_int_equal(store_open(&st, db, STORE_CREATE, STORE_JOURNAL_WAL, &err), 0);
	store_close(st);
	assert_int_equal(store_open(&st, db, STORE_EXISTING, STORE_JOURNAL_WAL, &err), 0);
	assert_int_equal(store_migrations_applied(st), 0);
	store_close(st);
	assert_int_equal(user_version(db), store_schema_version());
	tu_cleanup(db);
}

static void test_newer_database_is_refused(void **state)
{
	char *db = tu_temp_db();
	char *before, *after;
	struct store *st;
	struct ft_error err;

	(void)state;
	assert_int_equal(store_open(&st, db, STORE_CREATE, STORE_JOURNAL_DELETE, &err), 0);
	store_close(st);
	assert_int_equal(raw_exec(db, "PRAGMA user_version = 999"), SQLITE_OK);
	before = tu_db_dump(db);
	assert_int_equal(store_open(&st, db, STORE_EXISTING, STORE_JOURNAL_DELETE, &err), -1);
	assert_null(st);
	assert_non_null(strstr(err.msg, "schema version 999"));
	assert_non_null(strstr(err.msg, "newer fundtrack"));
	after = tu_db_dump(db);
	assert_string_equal(before, after);
	assert_int_equal(user_version(db), 999);
	free(before);
	free(after);
	/* Not even the journal mode may change: compare the file's bytes. */
	before = read_file(db);
	tu_fail(db, 1, "schema version 999", "city", "list", NULL);
	after = read_file(db);
	assert_string_equal(before, after);
	free(before);
	free(after);
	tu_cleanup(db);
}

static void test_missing_file_is_not_created(void **state)
{
	char *db = tu_temp_db();
	struct store *st;
	struct ft_error err;

	(void)state;
	assert_int_equal(store_open(&st, db, STORE_EXISTING, STORE_JOURNAL_WAL, &err), -1);
	assert_non_null(strstr(err.msg, "fundtrack init"));
	assert_int_not_equal(access(db, F_OK), 0);
	tu_cleanup(db);
}

static void test_not_a_database_and_directory(void **state)
{
	char *db = tu_temp_db();
	struct store *st;
	struct ft_error err;
	FILE *f = fopen(db, "w");

	(void)state;
	assert_non_null(f);
	fputs("this is a spreadsheet, not a database\n", f);
	fclose(f);
	assert_int_equal(store_open(&st, db, STORE_EXISTING, STORE_JOURNAL_WAL, &err), -1);
	assert_non_null(strstr(err.msg, "not a fundtrack (SQLite) database"));
	unlink(db);
	assert_int_equal(mkdir(db, 0700), 0);
	assert_int_equal(store_open(&st, db, STORE_CREATE, STORE_JOURNAL_WAL, &err), -1);
	assert_non_null(strstr(err.msg, "is a directory"));
	rmdir(db);
	tu_cleanup(db);
}

static void test_journal_modes(void **state)
{
	char *db = tu_temp_db();
	char wal[4200];

	(void)state;
	tu_ok(db, "--journal", "delete", "init", NULL);
	tu_ok(db, "--journal", "delete", "city", "add", "05913000", "Dortmund", "--own", NULL);
	snprintf(wal, sizeof(wal), "%s-wal", db);
	assert_int_not_equal(access(wal, F_OK), 0);
	tu_fail(db, 2, "invalid journal mode 'memory'", "--journal", "memory", "city", "list", NULL);
	tu_cleanup(db);
}

/* The schema rejects what the program would never write: a second line
 * of defence for data that arrives by other roads. */
static void test_constraints(void **state)
{
	char *db = tu_small_db();

	(void)state;
	/* a date that does not exist */
	assert_int_not_equal(raw_exec(db, "UPDATE project SET start_date = '2025-02-30'"), SQLITE_OK);
	/* money must be integer cents: STRICT rejects 12.5 */
	assert_int_not_equal(raw_exec(db, "UPDATE \"grant\" SET approved_cents = 12.5"), SQLITE_OK);
	assert_int_not_equal(raw_exec(db, "UPDATE \"grant\" SET approved_cents = -1"), SQLITE_OK);
	/* enumerations */
	assert_int_not_equal(raw_exec(db, "UPDATE funder SET level = 'county'"), SQLITE_OK);
	assert_int_not_equal(raw_exec(db, "UPDATE \"grant\" SET status = 'paid'"), SQLITE_OK);
	assert_int_not_equal(raw_exec(db, "UPDATE programme SET rate_bp = 10001"), SQLITE_OK);
	/* the period must not end before it starts */
	assert_int_not_equal(raw_exec(db, "UPDATE \"grant\" SET period_to = '2022-01-01'"), SQLITE_OK);
	/* exactly one own city */
	assert_int_not_equal(raw_exec(db, "INSERT INTO city (ags, name, own) VALUES ('05111000', 'Düsseldorf', 1)"),
			     SQLITE_OK);
	/* AGS is 8 digits */
	assert_int_not_equal(raw_exec(db, "INSERT INTO city (ags, name) VALUES ('0511100', 'X')"), SQLITE_OK);
	/* references must exist */
	assert_int_not_equal(raw_exec(db, "UPDATE project SET district_id = 999"), SQLITE_OK);
	/* a project cannot follow itself */
	assert_int_not_equal(raw_exec(db, "UPDATE project SET predecessor_id = id"), SQLITE_OK);
	tu_cleanup(db);
}

static void test_bookings_are_immutable(void **state)
{
	char *db = tu_small_db();

	(void)state;
	tu_ok(db, "book", "G-1", "drawdown", "1.000,00", "--date", "15.01.2023", NULL);
	assert_int_not_equal(raw_exec(db, "UPDATE booking SET amount_cents = 1"), SQLITE_OK);
	assert_int_not_equal(raw_exec(db, "DELETE FROM booking"), SQLITE_OK);
	/* a negative amount only as the reversal of an original */
	assert_int_not_equal(raw_exec(db, "INSERT INTO booking (grant_id, date, kind, amount_cents) "
					  "VALUES (1, '2023-01-16', 'drawdown', -100000)"),
			     SQLITE_OK);
	/* a reversal must negate the original exactly */
	assert_int_not_equal(raw_exec(db, "INSERT INTO booking (grant_id, date, kind, amount_cents, "
					  "reverses_id) VALUES (1, '2023-01-16', 'drawdown', -5, 1)"),
			     SQLITE_OK);
	/* the exact reversal, through the tool */
	tu_ok(db, "book", "--reverses", "1", "--date", "16.01.2023", NULL);
	tu_cleanup(db);
}

static int count_cities(struct store *st)
{
	sqlite3_stmt *stmt;
	int n;

	assert_int_equal(sqlite3_prepare_v2(store_db(st), "SELECT count(*) FROM city", -1, &stmt,
					    NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	n = sqlite3_column_int(stmt, 0);
	sqlite3_finalize(stmt);
	return n;
}

struct snapshot_probe {
	const char *path;
	int before, after;
};

/* Counts, lets another connection add a city, counts again. */
static int count_around_a_write(struct store *st, void *arg, struct ft_error *err)
{
	struct snapshot_probe *p = arg;

	(void)err;
	p->before = count_cities(st);
	assert_int_equal(raw_exec(p->path, "INSERT INTO city (ags, name, own) "
					   "VALUES ('05315000', 'Köln', 0)"),
			 SQLITE_OK);
	p->after = count_cities(st);
	return 0;
}

static void test_store_read_sees_one_snapshot(void **state)
{
	char *db = tu_small_db();
	struct snapshot_probe probe = { db, 0, 0 };
	struct store *st;
	struct ft_error err;

	(void)state;
	assert_int_equal(store_open(&st, db, STORE_EXISTING, STORE_JOURNAL_WAL, &err), 0);
	assert_int_equal(store_read(st, count_around_a_write, &probe, &err), 0);
	assert_int_equal(probe.after, probe.before);
	assert_true(sqlite3_get_autocommit(store_db(st))); /* the transaction ended */
	assert_int_equal(count_cities(st), probe.before + 1);
	store_close(st);
	tu_cleanup(db);
}

static int failing_read(struct store *st, void *arg, struct ft_error *err)
{
	(void)st;
	(void)arg;
	return ft_fail(err, "read failed on purpose");
}

static int read_inside(struct store *st, void *arg, struct ft_error *err)
{
	int *calls = arg;

	(*calls)++;
	return store_read(st, failing_read, NULL, err) == -1 ? 0 : -1;
}

static void test_store_read_passes_failure_and_nests(void **state)
{
	char *db = tu_small_db();
	struct store *st;
	struct ft_error err;
	int calls = 0;

	(void)state;
	assert_int_equal(store_open(&st, db, STORE_EXISTING, STORE_JOURNAL_WAL, &err), 0);
	assert_int_equal(store_read(st, failing_read, NULL, &err), -1);
	assert_non_null(strstr(err.msg, "read failed on purpose"));
	assert_true(sqlite3_get_autocommit(store_db(st)));
	/* inside a write and inside another read it runs in the open transaction */
	assert_int_equal(store_write(st, read_inside, &calls, &err), 0);
	assert_int_equal(store_read(st, read_inside, &calls, &err), 0);
	assert_int_equal(calls, 2);
	assert_true(sqlite3_get_autocommit(store_db(st)));
	store_close(st);
	tu_cleanup(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fresh_database_gets_all_migrations),
		cmocka_unit_test(test_reopening_applies_nothing),
		cmocka_unit_test(test_newer_database_is_refused),
		cmocka_unit_test(test_missing_file_is_not_created),
		cmocka_unit_test(test_not_a_database_and_directory),
		cmocka_unit_test(test_journal_modes),
		cmocka_unit_test(test_constraints),
		cmocka_unit_test(test_bookings_are_immutable),
		cmocka_unit_test(test_store_read_sees_one_snapshot),
		cmocka_unit_test(test_store_read_passes_failure_and_nests),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
