/* test_db.c - the engine-neutral database API (app/store/db.h) against
 * both engines (issue 20): `test_db` or `test_db sqlite` runs it on a
 * temporary SQLite file, `test_db postgres` on a throwaway PostgreSQL
 * cluster it starts itself (tests/pgcluster.h) and stops at the end.
 * ctest runs both, labelled "sqlite" and "postgres".
 *
 * The same SQL text runs on both engines in every test but the table
 * definition (the id column is spelled per engine, see schema_sql). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "audit_chain.h"
#include "db.h"
#include "db_internal.h"
#include "ledger.h"
#include "pgcluster.h"
#include "store.h"
#include "testutil.h"

static int on_server;      /* 1: the postgres run */
static struct pgc cluster; /* the postgres run's server */
static char *sqlite_path;  /* the sqlite run's file */
static int unavailable;    /* the postgres run could not get a cluster */
static char why_unavailable[512];

struct fixture {
	struct db *db;
};

static const char *schema_sql(void)
{
	/* The only per-engine text here: an auto-numbered id. The CHECK is
	 * named, so that both engines name it in the error. */
	if (on_server) /* ids as SQLite's: schema/pg/compat.sql */
		return "DROP TABLE IF EXISTS t; CREATE TABLE t ("
		       "id BIGINT PRIMARY KEY, "
		       "name TEXT COLLATE \"C\" NOT NULL UNIQUE, cents BIGINT, "
		       "CONSTRAINT cents_not_negative CHECK (cents >= 0)); "
		       "CREATE TRIGGER t_id BEFORE INSERT ON t FOR EACH ROW WHEN (NEW.id IS NULL) "
		       "EXECUTE FUNCTION ft_next_id(); "
		       "DROP TABLE IF EXISTS tag; CREATE TABLE tag (code TEXT COLLATE \"C\" PRIMARY KEY); "
		       "DROP TABLE IF EXISTS \"order\"; CREATE TABLE \"order\" (id BIGINT PRIMARY KEY, "
		       "x BIGINT); CREATE TRIGGER order_id BEFORE INSERT ON \"order\" FOR EACH ROW "
		       "WHEN (NEW.id IS NULL) EXECUTE FUNCTION ft_next_id()";
	return "DROP TABLE IF EXISTS t; CREATE TABLE t ("
	       "id INTEGER PRIMARY KEY, "
	       "name TEXT NOT NULL UNIQUE, cents INTEGER, "
	       "CONSTRAINT cents_not_negative CHECK (cents >= 0)) STRICT; "
	       "DROP TABLE IF EXISTS tag; CREATE TABLE tag (code TEXT PRIMARY KEY) STRICT; "
	       "DROP TABLE IF EXISTS \"order\"; "
	       "CREATE TABLE \"order\" (id INTEGER PRIMARY KEY, x INTEGER) STRICT";
}

/* The text of schema/pg/NAME. Caller frees. */
static char *pg_sql_file(const char *name)
{
	char path[512];
	FILE *f;
	char *text;
	long n;

	snprintf(path, sizeof(path), "%s/schema/pg/%s", FT_SOURCE_DIR, name);
	f = fopen(path, "rb");
	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	rewind(f);
	text = calloc(1, (size_t)n + 1);
	assert_non_null(text);
	assert_int_equal(fread(text, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	return text;
}

static const char *target(void)
{
	return on_server ? cluster.uri : sqlite_path;
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	*state = f;
	if (unavailable)
		return 0;
	assert_int_equal(db_open_v2(target(), &f->db, DB_OPEN_READWRITE | DB_OPEN_CREATE), DB_OK);
	if (on_server) {
		char *compat = pg_sql_file("compat.sql");

		if (db_exec(f->db, compat) != DB_OK)
			fail_msg("compat.sql: %s", db_errmsg(f->db));
		free(compat);
	}
	if (db_exec(f->db, schema_sql()) != DB_OK)
		fail_msg("schema: %s", db_errmsg(f->db));
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	db_close(f->db);
	free(f);
	return 0;
}

/* Skips the test when the postgres run has no cluster (exit 77). */
#define NEED_DB(f)                                  \
	do {                                        \
		if (unavailable) {                  \
			tu_skip(why_unavailable);  \
			return;                     \
		}                                   \
	} while (0)

static void run(struct db *db, const char *sql)
{
	if (db_exec(db, sql) != DB_OK)
		fail_msg("%.100s: %s", sql, db_errmsg(db));
}

static int64_t insert(struct db *db, const char *name, int64_t cents)
{
	struct db_stmt *s;
	int rc;

	assert_int_equal(db_prepare(db, "INSERT INTO t (name, cents) VALUES (?1, ?2)", &s), DB_OK);
	db_bind_text(s, 1, name);
	db_bind_int64(s, 2, cents);
	rc = db_step(s);
	db_finalize(s);
	return rc == DB_DONE ? db_last_insert_rowid(db) : -1;
}

static char *one_text(struct db *db, const char *sql)
{
	struct db_stmt *s;
	char *v = NULL;

	assert_int_equal(db_prepare(db, sql, &s), DB_OK);
	if (db_step(s) == DB_ROW && db_column_text(s, 0))
		v = strdup((const char *)db_column_text(s, 0));
	db_finalize(s);
	return v;
}

static void assert_one(struct db *db, const char *sql, const char *expected)
{
	char *v = one_text(db, sql);

	if (!v || strcmp(v, expected) != 0)
		fail_msg("%s: expected '%s', got '%s' (%s)", sql, expected, v ? v : "NULL",
			 db_errmsg(db));
	free(v);
}

/* Ids count from 1 on both engines; changes counts the rows of the last
 * statement only. */
static void test_insert_ids_and_changes(void **state)
{
	struct fixture *f = *state;

	NEED_DB(f);
	assert_int_equal(insert(f->db, "Arnsberg", 100), 1);
	assert_int_equal(db_changes(f->db), 1);
	assert_int_equal(insert(f->db, "Bochum", 250), 2);
	run(f->db, "UPDATE t SET cents = cents + 1");
	assert_int_equal(db_changes(f->db), 2);
	/* 100 + 1 + 250 + 1 = 352 */
	assert_one(f->db, "SELECT sum(cents) FROM t", "352");
	/* a table whose name must be quoted (as "grant"): ids all the same */
	for (int64_t want = 1; want <= 2; want++) {
		struct db_stmt *s;

		assert_int_equal(db_prepare(f->db, "INSERT INTO \"order\" (x) VALUES (7)", &s), DB_OK);
		assert_int_equal(db_step(s), DB_DONE);
		db_finalize(s);
		assert_int_equal(db_last_insert_rowid(f->db), want);
	}
}

/* ?NNN may come in any order and repeat; a bare ? takes the next number
 * after the largest so far (SQLite's rule). A '?' in a literal is text. */
static void test_placeholders(void **state)
{
	struct fixture *f = *state;
	struct db_stmt *s;

	NEED_DB(f);
	assert_int_equal(
		db_prepare(f->db, "SELECT ?2 || '?1' || ?1 || ?2 || ?", &s), DB_OK);
	assert_int_equal(db_bind_parameter_count(s), 3);
	db_bind_text(s, 1, "a");
	db_bind_text(s, 2, "b");
	db_bind_text(s, 3, "c");
	assert_int_equal(db_step(s), DB_ROW);
	assert_string_equal((const char *)db_column_text(s, 0), "b?1abc");
	assert_int_equal(db_step(s), DB_DONE);
	/* reset keeps the bindings; a new binding changes the result */
	db_reset(s);
	db_bind_text(s, 3, "z");
	assert_int_equal(db_step(s), DB_ROW);
	assert_string_equal((const char *)db_column_text(s, 0), "b?1abz");
	db_finalize(s);
}

/* A text bound without a copy (db_bind_text_static) is what the step
 * reads; once the bindings are cleared after the step, the caller's
 * buffer may change without touching what was stored. NULL binds NULL. */
static void test_bind_text_static(void **state)
{
	struct fixture *f = *state;
	struct db_stmt *s;
	char name[16] = "kept";

	NEED_DB(f);
	assert_int_equal(db_prepare(f->db, "INSERT INTO t (name, cents) VALUES (?1, ?2)", &s),
			 DB_OK);
	db_bind_text_static(s, 1, name);
	db_bind_int64(s, 2, 7);
	assert_int_equal(db_step(s), DB_DONE);
	db_reset(s);
	db_clear_bindings(s);
	strcpy(name, "changed");
	db_finalize(s);
	assert_int_equal(db_prepare(f->db, "SELECT name, coalesce(?1, '-') FROM t WHERE cents = 7",
				    &s),
			 DB_OK);
	db_bind_text_static(s, 1, NULL);
	assert_int_equal(db_step(s), DB_ROW);
	assert_string_equal((const char *)db_column_text(s, 0), "kept");
	assert_string_equal((const char *)db_column_text(s, 1), "-");
	db_finalize(s);
}

/* NULL in and out; integers beyond double precision survive:
 * 2^53 + 1 = 9007199254740993 has no double. */
static void test_values(void **state)
{
	struct fixture *f = *state;
	struct db_stmt *s;

	NEED_DB(f);
	assert_true(insert(f->db, "big", INT64_C(9007199254740993)) > 0);
	assert_int_equal(db_prepare(f->db, "INSERT INTO t (name, cents) VALUES (?1, ?2)", &s),
			 DB_OK);
	db_bind_text(s, 1, "none");
	db_bind_null(s, 2);
	assert_int_equal(db_step(s), DB_DONE);
	db_finalize(s);
	assert_int_equal(db_prepare(f->db, "SELECT name, cents FROM t ORDER BY id", &s), DB_OK);
	assert_int_equal(db_column_count(s) == 2 || on_server, 1); /* server: known after step */
	assert_int_equal(db_step(s), DB_ROW);
	assert_int_equal(db_column_count(s), 2);
	assert_int_equal(db_column_type(s, 0), DB_TEXT);
	assert_int_equal(db_column_type(s, 1), DB_INTEGER);
	assert_true(db_column_int64(s, 1) == INT64_C(9007199254740993));
	assert_int_equal(db_column_bytes(s, 0), 3);
	assert_int_equal(db_step(s), DB_ROW);
	assert_int_equal(db_column_type(s, 1), DB_NULL);
	assert_null(db_column_text(s, 1));
	assert_int_equal(db_column_int64(s, 1), 0);
	assert_int_equal(db_step(s), DB_DONE);
	db_finalize(s);
}

static void expect_error(struct db *db, const char *sql, enum db_error code, const char *msg)
{
	assert_int_not_equal(db_exec(db, sql), DB_OK);
	if (db_errcode(db) != code || strcmp(db_errmsg(db), msg) != 0)
		fail_msg("%s: expected %d '%s', got %d '%s'", sql, code, msg, db_errcode(db),
			 db_errmsg(db));
}

/* Constraint failures have the same kind and the same words on both
 * engines (db_pg.c words them as SQLite does). */
static void test_constraint_errors(void **state)
{
	struct fixture *f = *state;

	NEED_DB(f);
	insert(f->db, "Arnsberg", 1);
	expect_error(f->db, "INSERT INTO t (name, cents) VALUES ('Arnsberg', 2)",
		     DB_ERR_CONSTRAINT_UNIQUE, "UNIQUE constraint failed: t.name");
	expect_error(f->db, "INSERT INTO t (name, cents) VALUES (NULL, 2)",
		     DB_ERR_CONSTRAINT_NOTNULL, "NOT NULL constraint failed: t.name");
	expect_error(f->db, "INSERT INTO t (name, cents) VALUES ('Castrop', -1)",
		     DB_ERR_CONSTRAINT_CHECK, "CHECK constraint failed: cents_not_negative");
	run(f->db, "INSERT INTO tag (code) VALUES ('x')");
	expect_error(f->db, "INSERT INTO tag (code) VALUES ('x')",
		     DB_ERR_CONSTRAINT_PRIMARYKEY, "UNIQUE constraint failed: tag.code");
}

/* A failed statement inside a transaction undoes only itself (SQLite's
 * rule; on the server each statement runs in a savepoint): the rows
 * before and after it commit. */
static void test_failed_statement_keeps_transaction(void **state)
{
	struct fixture *f = *state;

	NEED_DB(f);
	assert_int_equal(db_get_autocommit(f->db), 1);
	assert_int_equal(db_begin(f->db, DB_TXN_WRITE), DB_OK);
	assert_int_equal(db_get_autocommit(f->db), 0);
	insert(f->db, "Arnsberg", 1);
	assert_int_equal(insert(f->db, "Arnsberg", 2), -1);
	assert_int_equal(db_errcode(f->db), DB_ERR_CONSTRAINT_UNIQUE);
	assert_true(insert(f->db, "Bochum", 3) > 0);
	assert_int_equal(db_commit(f->db), DB_OK);
	assert_int_equal(db_get_autocommit(f->db), 1);
	/* 1 + 3 = 4: the failed row is not there */
	assert_one(f->db, "SELECT count(*) || '/' || sum(cents) FROM t", "2/4");
}

static void test_rollback_and_savepoint(void **state)
{
	struct fixture *f = *state;

	NEED_DB(f);
	assert_int_equal(db_begin(f->db, DB_TXN_WRITE), DB_OK);
	insert(f->db, "kept", 1);
	run(f->db, "SAVEPOINT ft_write");
	insert(f->db, "undone", 2);
	run(f->db, "ROLLBACK TO ft_write; RELEASE ft_write");
	assert_int_equal(db_commit(f->db), DB_OK);
	assert_one(f->db, "SELECT count(*) FROM t", "1");
	assert_int_equal(db_begin(f->db, DB_TXN_WRITE), DB_OK);
	insert(f->db, "gone", 5);
	assert_int_equal(db_rollback(f->db), DB_OK);
	assert_one(f->db, "SELECT name FROM t", "kept");
	/* store.c's spelling of a write transaction works on both */
	run(f->db, "BEGIN IMMEDIATE");
	assert_int_equal(db_get_autocommit(f->db), 0);
	run(f->db, "COMMIT");
	/* a script that begins with BEGIN runs whole, in that transaction */
	run(f->db, "BEGIN; UPDATE t SET cents = 3; UPDATE t SET cents = cents + 1; COMMIT;");
	assert_one(f->db, "SELECT cents FROM t", "4");
	run(f->db, "BEGIN IMMEDIATE TRANSACTION; UPDATE t SET cents = 5");
	assert_int_equal(db_get_autocommit(f->db), 0);
	assert_int_equal(db_rollback(f->db), DB_OK);
	assert_one(f->db, "SELECT cents FROM t", "4");
}

/* The common dialect: ON CONFLICT DO NOTHING instead of INSERT OR IGNORE,
 * RETURNING instead of last_insert_rowid where a statement needs it. */
static void test_shared_dialect(void **state)
{
	struct fixture *f = *state;
	struct db_stmt *s;

	NEED_DB(f);
	insert(f->db, "Arnsberg", 1);
	run(f->db, "INSERT INTO t (name, cents) VALUES ('Arnsberg', 9) ON CONFLICT DO NOTHING");
	assert_int_equal(db_changes(f->db), 0);
	assert_int_equal(db_prepare(f->db,
				    "INSERT INTO t (name, cents) VALUES (?1, 7) RETURNING id, cents * 2",
				    &s),
			 DB_OK);
	db_bind_text(s, 1, "Bochum");
	assert_int_equal(db_step(s), DB_ROW);
	assert_int_equal(db_column_int64(s, 0), 2);
	assert_int_equal(db_column_int64(s, 1), 14);
	assert_int_equal(db_step(s), DB_DONE);
	db_finalize(s);
	assert_one(f->db,
		   "INSERT INTO t (name, cents) VALUES ('Castrop', 1) "
		   "ON CONFLICT (name) DO UPDATE SET cents = excluded.cents RETURNING name",
		   "Castrop");
	/* SQLite's || and COALESCE, CASE, substr: the same on both */
	assert_one(f->db, "SELECT COALESCE(NULL, 'a') || substr('xyz', 2, 1) || "
			  "CASE WHEN 7 / 2 = 3 THEN 'int' ELSE 'num' END", "ayint");
}

/* A read-only connection cannot write, in the same words of kind. */
static void test_read_only(void **state)
{
	struct fixture *f = *state;
	struct db *ro;

	NEED_DB(f);
	insert(f->db, "Arnsberg", 1);
	assert_int_equal(db_open_v2(target(), &ro, DB_OPEN_READONLY), DB_OK);
	assert_one(ro, "SELECT name FROM t", "Arnsberg");
	assert_int_not_equal(db_exec(ro, "DELETE FROM t"), DB_OK);
	assert_int_equal(db_errcode(ro), DB_ERR_READONLY);
	db_close(ro);
	assert_one(f->db, "SELECT count(*) FROM t", "1");
}

/* The compatibility functions answer as SQLite: the same SQL text, the
 * same results. date(x, '+0 days') normalises a day past the month's
 * end (2025-02-30 is 2025-03-02: February 2025 has 28 days, 30 - 28 = 2)
 * and refuses what is no date. */
static void test_sqlite_functions(void **state)
{
	struct fixture *f = *state;

	NEED_DB(f);
	assert_one(f->db, "SELECT date('2025-02-30', '+0 days')", "2025-03-02");
	assert_one(f->db, "SELECT date('2024-02-29', '+0 days')", "2024-02-29");
	assert_one(f->db, "SELECT date('2025-12-31', '+0 days')", "2025-12-31");
	/* readmodel.c's day before: 2025 is no leap year, so 1 March - 1 = 28 February */
	assert_one(f->db, "SELECT date('2025-03-01', '-1 day')", "2025-02-28");
	assert_one(f->db, "SELECT date('2024-12-31', '+1 days')", "2025-01-01");
	assert_one(f->db, "SELECT coalesce(date('2025-13-01', '+0 days'), 'NULL')", "NULL");
	assert_one(f->db, "SELECT coalesce(date('2025-01-32', '+0 days'), 'NULL')", "NULL");
	assert_one(f->db, "SELECT coalesce(date('25-01-01', '+0 days'), 'NULL')", "NULL");
	assert_one(f->db, "SELECT strftime('%d.%m.%Y %H:%M', '2026-11-24T09:15:02Z')",
		   "24.11.2026 09:15");
	assert_one(f->db, "SELECT length(strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))", "20");
	/* a truth value reads as SQLite's 1 and 0 on both */
	assert_one(f->db, "SELECT 2 > 1", "1");
	assert_one(f->db, "SELECT 'a' = 'b'", "0");
}

/* x GLOB p on SQLite is ft_glob(x, p) on the server: the same answers for
 * the schema's patterns (a code of letters, digits and ._/- only). */
static void test_glob(void **state)
{
	static const struct {
		const char *text, *pattern;
		int match;
	} cases[] = {
		{ "ab-1.x/y_z", "*[^A-Za-z0-9._/-]*", 0 },
		{ "ab 1", "*[^A-Za-z0-9._/-]*", 1 },
		{ "05111000", "[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]", 1 },
		{ "0511100", "[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]", 0 },
		{ "a*b", "a?b", 1 },
		{ "a.b", "a*", 1 },
		{ "A", "a", 0 },
	};
	struct fixture *f = *state;

	NEED_DB(f);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct db_stmt *s;

		assert_int_equal(db_prepare(f->db, on_server ? "SELECT CASE WHEN ft_glob(?1, ?2) "
								"THEN 1 ELSE 0 END"
							     : "SELECT ?1 GLOB ?2",
					    &s),
				 DB_OK);
		db_bind_text(s, 1, cases[i].text);
		db_bind_text(s, 2, cases[i].pattern);
		assert_int_equal(db_step(s), DB_ROW);
		if (db_column_int(s, 0) != cases[i].match)
			fail_msg("'%s' GLOB '%s': %d", cases[i].text, cases[i].pattern,
				 db_column_int(s, 0));
		db_finalize(s);
	}
}

/* The server's ft_audit_hash is the C one (audit_hash_fields), byte for
 * byte: NULL fields, integers, UTF-8 (ü is 2 bytes, so "Kämmerei" is a
 * 9-byte field "9:Kämmerei"). */
static void test_audit_hash_matches_c(void **state)
{
	const struct audit_field fields[AUDIT_HASHED_FIELDS] = {
		{ "42", 2 },	      { "2026-11-24T09:15:02Z", 20 },
		{ "Kämmerei", 9 },   { "fundtrack book G-1", 18 },
		{ "booking", 7 },     { "7", 1 },
		{ "G-1/7", 5 },	      { "insert", 6 },
		{ NULL, 0 },	      { "{\"a\":1}", 7 },
	};
	char expected[SHA256_HEX];
	struct fixture *f = *state;

	NEED_DB(f);
	audit_hash_fields(audit_genesis_hash, fields, expected);
	assert_one(f->db,
		   "SELECT ft_audit_hash(repeat('0', 64), 42, '2026-11-24T09:15:02Z', 'Kämmerei', "
		   "'fundtrack book G-1', 'booking', 7, 'G-1/7', 'insert', NULL, '{\"a\":1}')",
		   expected);
}

static struct db *connect_as(const char *dbname, const char *user)
{
	char uri[512];
	struct db *db;

	snprintf(uri, sizeof(uri), "postgresql:///%s?host=%s&user=%s", dbname, cluster.dir, user);
	if (db_open_v2(uri, &db, DB_OPEN_READWRITE) != DB_OK)
		fail_msg("%s: %s", uri, db_errmsg(db));
	return db;
}

static void expect_refused(struct db *db, const char *sql, enum db_error code)
{
	assert_int_not_equal(db_exec(db, sql), DB_OK);
	if (db_errcode(db) != code)
		fail_msg("%s: expected error %d, got %d '%s'", sql, code, db_errcode(db),
			 db_errmsg(db));
}

/* schema/pg/init-server.sql: an officer writes the ledger and adds to the
 * audit log but cannot change or delete an entry, by the server's
 * permissions (there are no triggers here); a manager reads only. */
static void test_server_roles(void **state)
{
	struct fixture *f = *state;
	struct db *admin, *officer, *manager;
	char *init, *compat;

	NEED_DB(f);
	run(f->db, "DROP DATABASE IF EXISTS ft_roles");
	run(f->db, "CREATE DATABASE ft_roles");
	admin = connect_as("ft_roles", "ft_admin");
	init = pg_sql_file("init-server.sql");
	compat = pg_sql_file("compat.sql");
	run(admin, init);
	run(admin, compat); /* as fundtrack_owner: init-server.sql ends with SET ROLE */
	run(admin, "CREATE TABLE audit_log (id BIGINT PRIMARY KEY, entry TEXT NOT NULL); "
		   "REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM fundtrack_officer; "
		   "CREATE TABLE booking (id BIGINT PRIMARY KEY, cents BIGINT NOT NULL); "
		   "RESET ROLE; "
		   "CREATE ROLE mueller LOGIN IN ROLE fundtrack_officer; "
		   "CREATE ROLE schmidt LOGIN IN ROLE fundtrack_manager; "
		   "ALTER ROLE schmidt SET default_transaction_read_only = on");
	free(init);
	free(compat);

	officer = connect_as("ft_roles", "mueller");
	run(officer, "INSERT INTO booking VALUES (1, 100); UPDATE booking SET cents = 90");
	run(officer, "INSERT INTO audit_log VALUES (1, 'booking 1')");
	expect_refused(officer, "UPDATE audit_log SET entry = 'forged'", DB_ERR_PERMISSION);
	expect_refused(officer, "DELETE FROM audit_log", DB_ERR_PERMISSION);
	expect_refused(officer, "TRUNCATE audit_log", DB_ERR_PERMISSION);
	expect_refused(officer, "DROP TABLE audit_log", DB_ERR_PERMISSION); /* not the owner */
	assert_one(officer, "SELECT entry FROM audit_log", "booking 1");
	/* the compatibility functions come first in the search path */
	assert_one(officer, "SELECT date('2025-02-30', '+0 days')", "2025-03-02");

	manager = connect_as("ft_roles", "schmidt");
	assert_one(manager, "SELECT cents FROM booking", "90");
	expect_refused(manager, "INSERT INTO booking VALUES (2, 1)", DB_ERR_READONLY);
	/* and without the read-only setting, no privilege to write either */
	assert_one(manager, "SELECT has_table_privilege('booking', 'INSERT') OR "
			    "has_table_privilege('audit_log', 'UPDATE')", "0");
	/* and every transaction of a reader is read-only */
	assert_one(manager, "SELECT current_setting('default_transaction_read_only')", "on");
	db_close(manager);
	db_close(officer);
	db_close(admin);
}

/* Appends every row of sql (columns joined by ' ') as one line to buf. */
static void dump_rows(struct db *db, const char *sql, char *buf, size_t size)
{
	struct db_stmt *s;
	size_t used = strlen(buf);
	int rc;

	if (db_prepare(db, sql, &s) != DB_OK)
		fail_msg("%s: %s", sql, db_errmsg(db));
	while ((rc = db_step(s)) == DB_ROW) {
		for (int c = 0; c < db_column_count(s); c++) {
			const char *v = (const char *)db_column_text(s, c);

			used += (size_t)snprintf(buf + used, size - used, "%s%s", c ? " " : "",
						 v ? v : "NULL");
		}
		used += (size_t)snprintf(buf + used, size - used, "\n");
		assert_true(used < size);
	}
	if (rc != DB_DONE)
		fail_msg("%s: %s", sql, db_errmsg(db));
	db_finalize(s);
}

/* The logical schema, one line per fact, sorted: every table's columns
 * (type class, NOT NULL, part of the primary key), the indexes created by
 * name, the views and the triggers. */
static const char *const sqlite_catalog[] = {
	"SELECT 'column ' || m.name || '.' || p.name || ' ' || "
	"CASE upper(p.type) WHEN 'INTEGER' THEN 'int' WHEN 'TEXT' THEN 'text' "
	"WHEN 'REAL' THEN 'real' ELSE p.type END || ' ' || "
	"CASE WHEN p.\"notnull\" OR p.pk > 0 THEN 'not-null' ELSE 'null' END || ' ' || "
	"CASE WHEN p.pk > 0 THEN 'pk' ELSE '-' END "
	"FROM sqlite_schema m, pragma_table_info(m.name) p WHERE m.type = 'table' "
	"ORDER BY 1",
	"SELECT 'index ' || name FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL "
	"ORDER BY 1",
	"SELECT 'view ' || name FROM sqlite_schema WHERE type = 'view' ORDER BY 1",
	"SELECT 'trigger ' || name FROM sqlite_schema WHERE type = 'trigger' ORDER BY 1",
};
static const char *const pg_catalog[] = {
	"SELECT 'column ' || c.relname || '.' || a.attname || ' ' || "
	"CASE format_type(a.atttypid, NULL) WHEN 'bigint' THEN 'int' WHEN 'text' THEN 'text' "
	"WHEN 'double precision' THEN 'real' ELSE format_type(a.atttypid, NULL) END || ' ' || "
	"CASE WHEN a.attnotnull THEN 'not-null' ELSE 'null' END || ' ' || "
	"CASE WHEN EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = c.oid AND i.indisprimary "
	"AND a.attnum = ANY (i.indkey)) THEN 'pk' ELSE '-' END "
	"FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid "
	"WHERE c.relkind = 'r' AND c.relnamespace = current_schema()::regnamespace "
	"AND a.attnum > 0 AND NOT a.attisdropped "
	"AND a.attname <> 'rowid' " /* SQLite's hidden rowid, made a column */
	"ORDER BY 1",
	"SELECT 'index ' || c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
	"WHERE c.relnamespace = current_schema()::regnamespace AND NOT EXISTS "
	"(SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid) ORDER BY 1",
	"SELECT 'view ' || viewname FROM pg_views WHERE schemaname = current_schema() "
	"ORDER BY 1",
	/* the translator's own numbering triggers are not in SQLite's schema */
	"SELECT 'trigger ' || t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
	"WHERE NOT t.tgisinternal AND c.relnamespace = current_schema()::regnamespace "
	"AND t.tgname NOT LIKE '%\\_next\\_id' AND t.tgname NOT LIKE '%\\_next\\_rowid' "
	"ORDER BY 1",
};

/* compat.sql's status_counts answers as ledger_status_counts (the C
 * function SQLite gets registered), for every status and then some. */
static void test_status_counts_matches_c(void **state)
{
	static const char *const statuses[] = { "applied", "approved", "rejected", "running",
						"proof-due", "closed", "revoked", "withdrawn",
						"", "Approved", NULL };
	struct fixture *f = *state;
	struct db_stmt *stmt;

	NEED_DB(f);
	assert_int_equal(db_prepare(f->db, "SELECT status_counts(?1)", &stmt), DB_OK);
	for (size_t i = 0; i < sizeof(statuses) / sizeof(statuses[0]); i++) {
		db_bind_text(stmt, 1, statuses[i]);
		assert_int_equal(db_step(stmt), DB_ROW);
		if (db_column_int(stmt, 0) != ledger_status_counts(statuses[i]))
			fail_msg("status_counts('%s'): server %d, C %d",
				 statuses[i] ? statuses[i] : "NULL", db_column_int(stmt, 0),
				 ledger_status_counts(statuses[i]));
		db_reset(stmt);
	}
	db_finalize(stmt);
}

static char *fresh_database(struct fixture *f, const char *name)
{
	char sql[128], uri[512];

	snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS %s", name);
	run(f->db, sql);
	snprintf(sql, sizeof(sql), "CREATE DATABASE %s", name);
	run(f->db, sql);
	snprintf(uri, sizeof(uri), "postgresql:///%s?host=%s&user=ft_admin", name, cluster.dir);
	return strdup(uri);
}

/* store_open on a server: creates the schema (version in fundtrack_meta),
 * opens it again without migrating, refuses a newer schema, another
 * program's tables and (not creating) an empty database, as on a file. */
static void test_store_open_on_server(void **state)
{
	struct fixture *f = *state;
	struct ft_error err;
	struct store *st;
	struct db *db;
	char *uri, *other;

	NEED_DB(f);
	uri = fresh_database(f, "ft_store_open");
	assert_int_not_equal(store_open(&st, uri, STORE_EXISTING, STORE_JOURNAL_WAL, &err), 0);
	assert_true(tu_contains(err.msg, "no database at"));
	assert_int_equal(store_open(&st, uri, STORE_CREATE, STORE_JOURNAL_WAL, &err), 0);
	assert_int_equal(store_migrations_applied(st), store_schema_version());
	store_close(st);
	assert_int_equal(store_open(&st, uri, STORE_EXISTING, STORE_JOURNAL_WAL, &err), 0);
	assert_int_equal(store_migrations_applied(st), 0);
	store_close(st);

	assert_int_equal(db_open_v2(uri, &db, DB_OPEN_READWRITE), DB_OK);
	run(db, "UPDATE fundtrack_meta SET schema_version = schema_version + 1");
	db_close(db);
	assert_int_not_equal(store_open(&st, uri, STORE_EXISTING, STORE_JOURNAL_WAL, &err), 0);
	assert_true(tu_contains(err.msg, "use a newer fundtrack"));

	other = fresh_database(f, "ft_store_other");
	assert_int_equal(db_open_v2(other, &db, DB_OPEN_READWRITE), DB_OK);
	run(db, "CREATE TABLE invoices (id BIGINT)");
	db_close(db);
	assert_int_not_equal(store_open(&st, other, STORE_CREATE, STORE_JOURNAL_WAL, &err), 0);
	assert_true(tu_contains(err.msg, "database of another program"));
	free(uri);
	free(other);
}

/* schema/pg/schema.sql (tools/schema-pg.py from schema/NNN_*.sql) gives
 * the server the same logical schema as the migrations give SQLite. */
static void test_schema_translation(void **state)
{
	enum { DUMP = 1 << 17 };
	struct fixture *f = *state;
	char *lite = calloc(1, DUMP), *server = calloc(1, DUMP);
	char *path = tu_temp_db(), *compat, *schema;
	struct ft_error err;
	struct store *st;
	struct db *db;

	NEED_DB(f);
	assert_non_null(lite);
	assert_non_null(server);
	assert_int_equal(store_open(&st, path, STORE_CREATE, STORE_JOURNAL_DELETE, &err), 0);
	store_close(st);
	assert_int_equal(db_open_v2(path, &db, DB_OPEN_READONLY), DB_OK);
	for (size_t i = 0; i < sizeof(sqlite_catalog) / sizeof(sqlite_catalog[0]); i++)
		dump_rows(db, sqlite_catalog[i], lite, DUMP);
	db_close(db);
	tu_cleanup(path);

	run(f->db, "DROP DATABASE IF EXISTS ft_schema");
	run(f->db, "CREATE DATABASE ft_schema");
	db = connect_as("ft_schema", "ft_admin");
	compat = pg_sql_file("compat.sql");
	schema = pg_sql_file("schema.sql");
	run(db, "SET search_path = public, pg_catalog");
	run(db, compat);
	run(db, schema);
	for (size_t i = 0; i < sizeof(pg_catalog) / sizeof(pg_catalog[0]); i++)
		dump_rows(db, pg_catalog[i], server, DUMP);
	db_close(db);
	free(compat);
	free(schema);
	/* the dumps hold what they should (a comparison of two empty dumps
	 * would pass) */
	assert_true(tu_contains(lite, "column booking.amount_cents int not-null -\n"));
	assert_true(tu_contains(lite, "column city.id int not-null pk\n"));
	assert_true(tu_contains(lite, "index booking_grant_date\n"));
	assert_true(tu_contains(lite, "trigger audit_log_chained\n"));
	assert_true(tu_contains(lite, "view audit_docs\n"));
	if (strcmp(lite, server) != 0) {
		/* the first line that differs, for the message */
		size_t at = 0;

		while (lite[at] && lite[at] == server[at])
			at++;
		while (at > 0 && lite[at - 1] != '\n')
			at--;
		fail_msg("logical schemas differ from here:\n  sqlite: %.200s\n  server: %.200s",
			 lite + at, server + at);
	}
	free(lite);
	free(server);
}

/* Bad targets fail with a message, not a crash. */
static void test_open_errors(void **state)
{
	struct db *db;

	(void)state;
	assert_int_not_equal(db_open_v2("/nonexistent-dir/x.db", &db, DB_OPEN_READWRITE), DB_OK);
	assert_non_null(db_errmsg(db));
	db_close(db);
	assert_true(db_is_server_target("postgresql://h/db"));
	assert_true(db_is_server_target("postgres:///db"));
	assert_false(db_is_server_target("postgresql.db"));
	assert_false(db_is_server_target("file:x.db"));
#ifdef FT_HAVE_LIBPQ
	/* never a password on the command line: refused before connecting */
	assert_int_not_equal(db_open_v2("postgresql://u:secret@localhost/db", &db, 0), DB_OK);
	assert_true(tu_contains(db_errmsg(db), "a password in the database URI is refused"));
	db_close(db);
	assert_int_not_equal(db_open_v2("postgresql:///db?password=secret", &db, 0), DB_OK);
	assert_true(tu_contains(db_errmsg(db), "refused"));
	db_close(db);
#endif
}

#ifdef FT_HAVE_LIBPQ
static void expect_translation(const char *sql, const char *expected, int nparams)
{
	int n = -1;
	char *out = db_pg_translate_placeholders(sql, &n);

	assert_non_null(out);
	assert_string_equal(out, expected);
	assert_int_equal(n, nparams);
	free(out);
}

static void test_translate_placeholders(void **state)
{
	(void)state;
	expect_translation("SELECT ?1, ?12", "SELECT $1, $12", 12);
	expect_translation("SELECT ?, ?, ?5, ?", "SELECT $1, $2, $5, $6", 6);
	expect_translation("SELECT '?1', \"a?\" -- ?2\n, ?3 /* ?4 */",
			   "SELECT '?1', \"a?\" -- ?2\n, $3 /* ?4 */", 3);
	expect_translation("SELECT 'it''s ?' || ?2", "SELECT 'it''s ?' || $2", 2);
	expect_translation("SELECT 1", "SELECT 1", 0);
}
#endif

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_insert_ids_and_changes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_placeholders, setup, teardown),
		cmocka_unit_test_setup_teardown(test_values, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bind_text_static, setup, teardown),
		cmocka_unit_test_setup_teardown(test_constraint_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_failed_statement_keeps_transaction, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_rollback_and_savepoint, setup, teardown),
		cmocka_unit_test_setup_teardown(test_shared_dialect, setup, teardown),
		cmocka_unit_test_setup_teardown(test_read_only, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sqlite_functions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_glob, setup, teardown),
		cmocka_unit_test(test_open_errors),
#ifdef FT_HAVE_LIBPQ
		cmocka_unit_test(test_translate_placeholders),
#endif
	};
	/* Only where there is a server: SQLite has no roles (a file's
	 * permissions are the system's), its ft_audit_hash is
	 * audit_hash_fields itself, and the schema comparison needs both. */
	const struct CMUnitTest server_tests[] = {
		cmocka_unit_test_setup_teardown(test_audit_hash_matches_c, setup, teardown),
		cmocka_unit_test_setup_teardown(test_server_roles, setup, teardown),
		cmocka_unit_test_setup_teardown(test_schema_translation, setup, teardown),
		cmocka_unit_test_setup_teardown(test_status_counts_matches_c, setup, teardown),
		cmocka_unit_test_setup_teardown(test_store_open_on_server, setup, teardown),
	};
	int failures;

	on_server = argc > 1 && strcmp(argv[1], "postgres") == 0;
	if (on_server) {
#ifdef FT_HAVE_LIBPQ
		if (pgc_start(&cluster, why_unavailable, sizeof(why_unavailable)) != 0)
			unavailable = 1;
#else
		snprintf(why_unavailable, sizeof(why_unavailable),
			 "built without libpq (apt-get install libpq-dev)");
		unavailable = 1;
#endif
	} else {
		sqlite_path = tu_temp_db();
	}
	failures = cmocka_run_group_tests_name(on_server ? "db on postgres" : "db on sqlite",
					       tests, NULL, NULL);
	if (on_server)
		failures += cmocka_run_group_tests_name("server only", server_tests, NULL, NULL);
	if (on_server)
		pgc_stop(&cluster);
	else
		tu_cleanup(sqlite_path);
	return tu_exit_code(failures);
}
