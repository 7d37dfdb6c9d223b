/* test_store.c - opening, migrations and the schema's own constraints. */
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
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "audit_chain.h"
#include "cli.h"
#include "store.h"
#include "testutil.h"

static int user_version(const char *path)
{
	struct db *db;
	struct db_stmt *stmt;
	int v;

	assert_int_equal(db_open_v2(path, &db, DB_OPEN_READWRITE | DB_OPEN_CREATE), DB_OK);
	assert_int_equal(db_prepare(db, "PRAGMA user_version", &stmt), DB_OK);
	assert_int_equal(db_step(stmt), DB_ROW);
	v = db_column_int(stmt, 0);
	db_finalize(stmt);
	db_close(db);
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
	struct db *db;
	int rc;

	assert_int_equal(db_open_v2(path, &db, DB_OPEN_READWRITE | DB_OPEN_CREATE), DB_OK);
	assert_int_equal(audit_chain_connect(db, &actor, &err), 0);
	db_exec(db, "PRAGMA foreign_keys = ON");
	rc = db_exec(db, sql);
	db_close(db);
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
	assert_int_equal(raw_exec(db, "PRAGMA user_version = 999"), DB_OK);
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
	/* a fifo would block the open; /dev/null is nobody's database */
	assert_int_equal(mkfifo(db, 0600), 0);
	assert_int_equal(store_open(&st, db, STORE_EXISTING, STORE_JOURNAL_WAL, &err), -1);
	assert_non_null(strstr(err.msg, "not a regular file"));
	unlink(db);
	assert_int_equal(store_open(&st, "/dev/null", STORE_CREATE, STORE_JOURNAL_WAL, &err), -1);
	assert_non_null(strstr(err.msg, "not a regular file"));
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
	assert_int_not_equal(raw_exec(db, "UPDATE project SET start_date = '2025-02-30'"), DB_OK);
	/* money must be integer cents: STRICT rejects 12.5 */
	assert_int_not_equal(raw_exec(db, "UPDATE \"grant\" SET approved_cents = 12.5"), DB_OK);
	assert_int_not_equal(raw_exec(db, "UPDATE \"grant\" SET approved_cents = -1"), DB_OK);
	/* enumerations */
	assert_int_not_equal(raw_exec(db, "UPDATE funder SET level = 'county'"), DB_OK);
	assert_int_not_equal(raw_exec(db, "UPDATE \"grant\" SET status = 'paid'"), DB_OK);
	assert_int_not_equal(raw_exec(db, "UPDATE programme SET rate_bp = 10001"), DB_OK);
	/* the period must not end before it starts */
	assert_int_not_equal(raw_exec(db, "UPDATE \"grant\" SET period_to = '2022-01-01'"), DB_OK);
	/* exactly one own city */
	assert_int_not_equal(raw_exec(db, "INSERT INTO city (ags, name, own) VALUES ('05111000', 'Düsseldorf', 1)"),
			     DB_OK);
	/* AGS is 8 digits */
	assert_int_not_equal(raw_exec(db, "INSERT INTO city (ags, name) VALUES ('0511100', 'X')"), DB_OK);
	/* references must exist */
	assert_int_not_equal(raw_exec(db, "UPDATE project SET district_id = 999"), DB_OK);
	/* a project cannot follow itself */
	assert_int_not_equal(raw_exec(db, "UPDATE project SET predecessor_id = id"), DB_OK);
	tu_cleanup(db);
}

static void test_bookings_are_immutable(void **state)
{
	char *db = tu_small_db();

	(void)state;
	tu_ok(db, "book", "G-1", "drawdown", "1.000,00", "--date", "15.01.2023", NULL);
	assert_int_not_equal(raw_exec(db, "UPDATE booking SET amount_cents = 1"), DB_OK);
	assert_int_not_equal(raw_exec(db, "DELETE FROM booking"), DB_OK);
	/* a negative amount only as the reversal of an original */
	assert_int_not_equal(raw_exec(db, "INSERT INTO booking (grant_id, date, kind, amount_cents) "
					  "VALUES (1, '2023-01-16', 'drawdown', -100000)"),
			     DB_OK);
	/* a reversal must negate the original exactly */
	assert_int_not_equal(raw_exec(db, "INSERT INTO booking (grant_id, date, kind, amount_cents, "
					  "reverses_id) VALUES (1, '2023-01-16', 'drawdown', -5, 1)"),
			     DB_OK);
	/* the exact reversal, through the tool */
	tu_ok(db, "book", "--reverses", "1", "--date", "16.01.2023", NULL);
	tu_cleanup(db);
}

/* The column count is read before the statement is finalized (issue 12
 * item 6: reading it after was a use-after-free that ASan reports). */
static void test_query_table_column_mismatch(void **state)
{
	const struct out_column cols[] = { { "a", "A", OUT_TEXT }, { "b", "B", OUT_TEXT } };
	char *db = tu_temp_db();
	struct out_table *t;
	struct store *st;
	struct ft_error err;

	(void)state;
	assert_int_equal(store_open(&st, db, STORE_CREATE, STORE_JOURNAL_WAL, &err), 0);
	/* without lookaside the statement goes back to malloc, where valgrind sees
	 * a read after finalize (ASan cannot: libsqlite3 is not instrumented) */
	assert_int_equal(sqlite3_db_config(db_sqlite_handle(store_db(st)), SQLITE_DBCONFIG_LOOKASIDE, NULL, 0, 0),
			 DB_OK);
	assert_int_equal(store_query_table(st, "SELECT 1", NULL, 0, cols, 2, &t, &err), -1);
	assert_null(t);
	assert_non_null(strstr(err.msg, "query returns 1 columns, expected 2"));
	store_close(st);
	tu_cleanup(db);
}

/* A database of another program, made with plain SQLite. */
static void make_foreign(const char *path, const char *sql)
{
	struct db *db;

	assert_int_equal(db_open_v2(path, &db, DB_OPEN_READWRITE | DB_OPEN_CREATE), DB_OK);
	assert_int_equal(db_exec(db, sql), DB_OK);
	db_close(db);
}

/* Every way in refuses the file and leaves its bytes as they were. */
static void assert_foreign_refused(const char *db)
{
	static const char *const commands[][3] = {
		{ "city", "list", NULL }, { "init", NULL, NULL }, { "demo", NULL, NULL },
		{ "demo", "--force", NULL },
	};
	char *before = read_file(db), *after;
	struct store *st;
	struct ft_error err;

	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		struct ft_run r;

		tu_run(&r, db, commands[i][0], commands[i][1], NULL);
		if (r.rc != 1 || !strstr(r.err, "another program, not a fundtrack database"))
			fail_msg("%s: rc %d, stderr: %s", commands[i][0], r.rc, r.err);
		tu_run_free(&r);
	}
	assert_int_equal(store_open(&st, db, STORE_CREATE, STORE_JOURNAL_WAL, &err), -1);
	assert_non_null(strstr(err.msg, "left untouched (give --db a new file)"));
	after = read_file(db);
	assert_string_equal(before, after);
	free(before);
	free(after);
}

/* issue 12 item 5: 'demo' deleted a foreign database, and every command
 * added fundtrack's tables to one. */
static void test_foreign_sqlite_databases_untouched(void **state)
{
	static const char *const foreign[] = {
		/* an address book: tables, no schema version */
		"CREATE TABLE contact (name TEXT, phone TEXT);"
		"INSERT INTO contact VALUES ('Erika', '0231 1234');",
		/* a program that counts its own schema versions */
		"CREATE TABLE note (body TEXT); PRAGMA user_version = 3;",
		/* one with fundtrack's table names but another program's mark */
		"CREATE TABLE city (x); PRAGMA application_id = 42;",
		/* a schema version but no tables at all */
		"PRAGMA user_version = 1;",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(foreign) / sizeof(foreign[0]); i++) {
		char *db = tu_temp_db();

		make_foreign(db, foreign[i]);
		assert_foreign_refused(db);
		tu_cleanup(db);
	}
}

static void test_not_sqlite_file_untouched_by_demo(void **state)
{
	char *db = tu_temp_db();
	FILE *f = fopen(db, "w");
	char *before, *after;
	struct ft_run r;

	(void)state;
	assert_non_null(f);
	fputs("Name;Telefon\nErika;0231 1234\n", f);
	fclose(f);
	before = read_file(db);
	tu_run(&r, db, "demo", "--force", NULL);
	assert_int_equal(r.rc, 1);
	assert_true(tu_contains(r.err, "not a fundtrack (SQLite) database"));
	tu_run_free(&r);
	after = read_file(db);
	assert_string_equal(before, after);
	free(before);
	free(after);
	tu_cleanup(db);
}

/* New, empty and old fundtrack files are ours; all end up marked. */
static void test_own_databases_get_the_mark(void **state)
{
	char *fresh = tu_temp_db(), *empty = tu_temp_db(), *old = tu_temp_db();
	const char *mark = "SELECT application_id FROM pragma_application_id";
	struct audit_actor *actor;
	struct ft_error err;
	struct db *raw;
	FILE *f = fopen(empty, "w");

	(void)state;
	assert_non_null(f);
	fclose(f);
	tu_ok(fresh, "init", NULL);
	tu_ok(empty, "city", "list", NULL);
	/* a fundtrack database of schema version 5, from before the mark */
	assert_int_equal(db_open_v2(old, &raw, DB_OPEN_READWRITE | DB_OPEN_CREATE), DB_OK);
	assert_int_equal(audit_chain_connect(raw, &actor, &err), 0);
	for (int i = 0; i < 5; i++)
		assert_int_equal(db_exec(raw, store_migration_sql(i)),
				 DB_OK);
	assert_int_equal(db_exec(raw, "PRAGMA user_version = 5"), DB_OK);
	db_close(raw);
	tu_assert_query(old, mark, "0");
	tu_ok(old, "city", "list", NULL);
	tu_assert_query(fresh, mark, "1716810347");
	tu_assert_query(empty, mark, "1716810347");
	tu_assert_query(old, mark, "1716810347");
	/* a demo over a demo is still allowed */
	tu_ok(fresh, "demo", NULL);
	tu_ok(fresh, "demo", NULL);
	tu_cleanup(fresh);
	tu_cleanup(empty);
	tu_cleanup(old);
}

/* ---- read-only databases (issue 12 item 11) ------------------------------- */

struct child_run {
	int rc; /* exit code, or -1 when the child could not drop root */
	char out[4096], err[1024];
};

static void read_back(FILE *f, char *buf, size_t size)
{
	size_t n;

	rewind(f);
	n = fread(buf, 1, size - 1, f);
	buf[n] = '\0';
	fclose(f);
}

/* Runs fundtrack --db db WORDS... in a child that cannot write what its
 * permissions forbid: as root (CI) chmod stops nobody, so the child
 * becomes uid/gid 65534 first; as any other user it stays itself. */
static void run_unprivileged(struct child_run *r, const char *db, ...)
{
	char *argv[16] = { "fundtrack", "--db", (char *)db };
	FILE *out = tmpfile(), *err = tmpfile();
	int argc = 3, status;
	va_list ap;
	pid_t pid;

	assert_non_null(out);
	assert_non_null(err);
	va_start(ap, db);
	while ((argv[argc] = va_arg(ap, char *)) != NULL)
		argc++;
	va_end(ap);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		if (getuid() == 0 && (setgid(65534) != 0 || setuid(65534) != 0))
			_exit(90);
		status = ft_main(argc, argv, out, err);
		fflush(out);
		fflush(err);
		_exit(status);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	r->rc = WEXITSTATUS(status) == 90 ? -1 : WEXITSTATUS(status);
	read_back(out, r->out, sizeof(r->out));
	read_back(err, r->err, sizeof(r->err));
}

static void dir_of(const char *db, char *dir, size_t size)
{
	snprintf(dir, size, "%s", db);
	*strrchr(dir, '/') = '\0';
}

/* A database (journal mode WAL or DELETE) in a read-only directory, the
 * file read-only too: read commands work, writes say "read-only", and
 * not a byte changes, no -wal or -shm appears. */
static void check_read_only(const char *journal)
{
	char *db = tu_small_db(), *before, *after;
	char dir[4096], side[4200];
	struct child_run r;

	if (strcmp(journal, "delete") == 0)
		tu_ok(db, "--journal", "delete", "city", "list", NULL);
	snprintf(side, sizeof(side), "%s-wal", db);
	assert_int_not_equal(access(side, F_OK), 0);
	dir_of(db, dir, sizeof(dir));
	before = read_file(db);
	assert_int_equal(chmod(db, 0444), 0);
	assert_int_equal(chmod(dir, 0555), 0);

	run_unprivileged(&r, db, "city", "list", NULL);
	if (r.rc == -1) {
		chmod(dir, 0700);
		tu_cleanup(db);
		free(before);
		tu_skip("running as root and cannot become uid 65534 to test permissions");
	}
	if (r.rc != 0)
		fail_msg("%s: city list: exit %d: %s", journal, r.rc, r.err);
	assert_true(tu_contains(r.out, "Dortmund"));
	run_unprivileged(&r, db, "--journal", journal, "district", "list", NULL);
	assert_int_equal(r.rc, 0);
	assert_true(tu_contains(r.out, "Nordstadt"));
	run_unprivileged(&r, db, "district", "add", "EVI", "Eving", NULL);
	assert_int_equal(r.rc, 1);
	assert_true(tu_contains(r.err, "is read-only"));

	after = read_file(db);
	assert_string_equal(before, after);
	assert_int_not_equal(access(side, F_OK), 0);
	snprintf(side, sizeof(side), "%s-shm", db);
	assert_int_not_equal(access(side, F_OK), 0);
	assert_int_equal(chmod(dir, 0700), 0);
	assert_int_equal(chmod(db, 0644), 0);
	free(before);
	free(after);
	tu_cleanup(db);
}

static void test_read_only_wal_database(void **state)
{
	(void)state;
	check_read_only("wal");
}

static void test_read_only_delete_journal_database(void **state)
{
	(void)state;
	check_read_only("delete");
}

static int count_cities(struct store *st)
{
	struct db_stmt *stmt;
	int n;

	assert_int_equal(db_prepare(store_db(st), "SELECT count(*) FROM city", &stmt),
			 DB_OK);
	assert_int_equal(db_step(stmt), DB_ROW);
	n = db_column_int(stmt, 0);
	db_finalize(stmt);
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
			 DB_OK);
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
	assert_true(db_get_autocommit(store_db(st))); /* the transaction ended */
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
	assert_true(db_get_autocommit(store_db(st)));
	/* inside a write and inside another read it runs in the open transaction */
	assert_int_equal(store_write(st, read_inside, &calls, &err), 0);
	assert_int_equal(store_read(st, read_inside, &calls, &err), 0);
	assert_int_equal(calls, 2);
	assert_true(db_get_autocommit(store_db(st)));
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
		cmocka_unit_test(test_query_table_column_mismatch),
		cmocka_unit_test(test_foreign_sqlite_databases_untouched),
		cmocka_unit_test(test_not_sqlite_file_untouched_by_demo),
		cmocka_unit_test(test_own_databases_get_the_mark),
		cmocka_unit_test(test_read_only_wal_database),
		cmocka_unit_test(test_read_only_delete_journal_database),
		cmocka_unit_test(test_store_read_sees_one_snapshot),
		cmocka_unit_test(test_store_read_passes_failure_and_nests),
	};
	return tu_exit_code(cmocka_run_group_tests(tests, NULL, NULL));
}
