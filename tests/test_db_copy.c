/* test_db_copy.c - fundtrack db copy and db init-server (issue 20).
 *
 * Without arguments (label sqlite): the demo copied SQLite -> SQLite
 * exports the same bytes and verifies with the same output; a target
 * that is not empty, a missing source, the same file twice are refused
 * and leave nothing behind.
 * In the postgres run (ctest test_db_copy_postgres: the fixture's cluster,
 * tu_pg_admin_uri; skipped when no cluster can start here): the demo
 * copied SQLite -> PostgreSQL -> SQLite (16 bookers at once: test_team). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "db.h"
#include "testutil.h"

/* The demo city in an SQLite file, made once (a demo run takes a while
 * under the sanitizers). */
static char *demo_db;

/* A new SQLite path in both runs (tu_temp_db gives a server database in
 * the postgres run). Free with sqlite_cleanup. */
static char *sqlite_temp_db(void)
{
	char dir[] = "/tmp/fundtrack-copy-XXXXXX";
	char *path;

	assert_non_null(mkdtemp(dir));
	path = malloc(sizeof(dir) + 16);
	assert_non_null(path);
	snprintf(path, sizeof(dir) + 16, "%s/city.db", dir);
	return path;
}

static void sqlite_cleanup(char *path)
{
	static const char *const suffixes[] = { "", "-wal", "-shm", "-journal" };
	char file[600];

	for (size_t i = 0; i < 4; i++) {
		snprintf(file, sizeof(file), "%s%s", path, suffixes[i]);
		unlink(file);
	}
	*strrchr(path, '/') = '\0';
	rmdir(path);
	free(path);
}

static char *run_out(const char *db, const char *w1, const char *w2, int expected_rc)
{
	struct ft_run r;
	char *out;

	tu_run(&r, db, w1, w2, NULL);
	if (r.rc != expected_rc)
		fprintf(stderr, "%s %s on %s: exit %d: %s", w1, w2 ? w2 : "", db, r.rc, r.err);
	assert_int_equal(r.rc, expected_rc);
	out = r.out;
	r.out = NULL;
	tu_run_free(&r);
	return out;
}

/* export (stdout) and audit verify of a and b give the same bytes. */
static void assert_same_city(const char *a, const char *b)
{
	char *xa = run_out(a, "export", NULL, 0), *xb = run_out(b, "export", NULL, 0);
	char *va = run_out(a, "audit", "verify", 0), *vb = run_out(b, "audit", "verify", 0);

	assert_true(strlen(xa) > 10000);
	assert_string_equal(xa, xb);
	assert_true(tu_contains(va, "audit log intact"));
	assert_string_equal(va, vb);
	free(xa);
	free(xb);
	free(va);
	free(vb);
}

static void test_copy_sqlite_to_sqlite(void **state)
{
	char *copy = tu_temp_db();
	struct ft_run r;
	char *d1, *d2;

	(void)state;
	tu_run(&r, NULL, "db", "copy", demo_db, copy, NULL);
	assert_int_equal(r.rc, 0);
	assert_true(tu_contains(r.out, "28 tables"));
	assert_true(tu_contains(r.out, "audit log entries"));
	tu_run_free(&r);
	assert_same_city(demo_db, copy);
	/* every row, in rowid order, and the rowids the audit log names */
	d1 = tu_db_dump(demo_db);
	d2 = tu_db_dump(copy);
	assert_string_equal(d1, d2);
	free(d1);
	free(d2);
	d1 = tu_query_text(demo_db, "SELECT group_concat(rowid) FROM base_rate");
	tu_assert_query(copy, "SELECT group_concat(rowid) FROM base_rate", d1);
	free(d1);
	/* the copy is a fundtrack database like any: it takes a booking */
	tu_ok(copy, "book", "GES-NRW-2023/032", "expenditure", "1,00", "--date", "01.10.2026", NULL);
	tu_cleanup(copy);
}

static void test_copy_into_new_init_database(void **state)
{
	char *target = tu_temp_db();

	(void)state;
	tu_ok(target, "init", NULL);
	tu_ok(NULL, "db", "copy", demo_db, target, NULL);
	assert_same_city(demo_db, target);
	tu_cleanup(target);
}

static void test_copy_refusals(void **state)
{
	char *target = tu_temp_db();
	char *missing = tu_temp_db();

	(void)state;
	tu_ok(target, "init", NULL);
	tu_ok(target, "city", "add", "05315000", "Köln", "--own", NULL);
	/* tu_fail also proves the target unchanged */
	tu_fail(target, 1, "it is not empty (table city holds 1 rows, a new database 0)", "db",
		"copy", demo_db, target, NULL);
	tu_fail(demo_db, 1, "both the source and the target", "db", "copy", demo_db, demo_db,
		NULL);
	/* a missing source: no target file is left behind */
	tu_fail(NULL, 1, "no database at", "db", "copy", missing, "/tmp/ft-copy-never.db", NULL);
	assert_int_not_equal(access("/tmp/ft-copy-never.db", F_OK), 0);
	tu_fail(NULL, 2, "needs the database FROM and the new database TO", "db", "copy",
		demo_db, NULL);
	tu_cleanup(missing);
	tu_cleanup(target);
}

static void test_init_server_prints(void **state)
{
	struct ft_run r;

	(void)state;
	tu_run(&r, NULL, "db", "init-server", NULL);
	assert_int_equal(r.rc, 0);
	assert_true(tu_contains(r.out, "CREATE ROLE fundtrack_officer NOLOGIN"));
	assert_true(tu_contains(r.out, "REVOKE UPDATE, DELETE, TRUNCATE ON audit_log"));
	assert_true(tu_contains(r.out, "CREATE OR REPLACE FUNCTION ft_audit_hash"));
	tu_run_free(&r);
	/* --run is for a server: a file needs no setup */
	tu_fail(NULL, 1, "which needs no setup", "--db", "/tmp/ft-x.db", "db", "init-server",
		"--run", NULL);
}

/* ---- on a server ------------------------------------------------------------------ */

/* A new database on the test cluster, prepared by db init-server --run
 * (the roles exist already from another database: that must work). */
static char *new_server_db(void)
{
	char *uri = tu_temp_db();

	tu_ok(uri, "db", "init-server", "--run", NULL);
	tu_ok(uri, "db", "init-server", "--run", NULL); /* again: harmless */
	return uri;
}

/* --run as a role that may not create roles: refused, nothing made. */
static void test_init_server_needs_rights(void **state)
{
	char *uri = tu_temp_db(), *plain, *at;
	struct db *admin;

	(void)state;
	assert_int_equal(db_open_v2(tu_pg_admin_uri(), &admin, DB_OPEN_READWRITE), DB_OK);
	assert_int_equal(db_exec(admin, "DO $$ BEGIN CREATE ROLE ft_copy_plain LOGIN; "
					"EXCEPTION WHEN duplicate_object THEN NULL; END $$"),
			 DB_OK);
	db_close(admin);
	at = strstr(uri, "user=ft_admin");
	assert_non_null(at);
	plain = malloc(strlen(uri) + 16);
	assert_non_null(plain);
	snprintf(plain, strlen(uri) + 16, "%.*suser=ft_copy_plain", (int)(at - uri), uri);
	tu_fail(NULL, 1, "cannot set up", "--db", plain, "db", "init-server", "--run", NULL);
	tu_assert_query(uri, "SELECT count(*) FROM pg_namespace WHERE nspname = 'fundtrack'", "0");
	free(plain);
	tu_cleanup(uri);
}

static void test_copy_through_server(void **state)
{
	char *uri = new_server_db(), *back = sqlite_temp_db();
	char *d1, *d2;

	(void)state;
	tu_ok(NULL, "db", "copy", demo_db, uri, NULL);
	tu_fail(uri, 1, "it is not empty", "db", "copy", demo_db, uri, NULL);
	tu_ok(NULL, "db", "copy", uri, back, NULL);
	/* the goal: there and back, the same city */
	assert_same_city(demo_db, back);
	d1 = tu_db_dump(demo_db);
	d2 = tu_db_dump(back);
	assert_string_equal(d1, d2);
	free(d1);
	free(d2);
	/* and on the server itself */
	assert_same_city(demo_db, uri);
	sqlite_cleanup(back);
	tu_cleanup(uri);
}

static int make_demo(void **state)
{
	(void)state;
	demo_db = sqlite_temp_db();
	tu_ok(demo_db, "demo", NULL);
	return 0;
}

static int remove_demo(void **state)
{
	(void)state;
	sqlite_cleanup(demo_db);
	demo_db = NULL;
	return 0;
}

int main(void)
{
	const struct CMUnitTest sqlite_tests[] = {
		cmocka_unit_test(test_copy_sqlite_to_sqlite),
		cmocka_unit_test(test_copy_into_new_init_database),
		cmocka_unit_test(test_copy_refusals),
		cmocka_unit_test(test_init_server_prints),
	};
	const struct CMUnitTest server_tests[] = {
		cmocka_unit_test(test_init_server_needs_rights),
		cmocka_unit_test(test_copy_through_server),
	};

	/* export's 'generated' from here: the same data gives the same bytes */
	setenv("SOURCE_DATE_EPOCH", "1764547200", 1);
	if (tu_pg_admin_uri())
		return tu_exit_code(cmocka_run_group_tests_name("db copy on postgres", server_tests,
								make_demo, remove_demo));
	return tu_exit_code(cmocka_run_group_tests_name("db copy on sqlite", sqlite_tests,
							make_demo, remove_demo));
}
