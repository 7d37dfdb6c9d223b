/* test_audit.c - the audit trail: an entry for each kind of write, who and
 * which command, grant edit, the reversal booking, imports logged once,
 * 'audit verify' on an untouched log and on logs tampered with (an entry
 * changed, deleted, inserted; data changed behind the triggers' back; the
 * end cut off), 'audit log' filters, and that no write bypasses the log. */
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

#include "audit.h"
#include "audit_chain.h"
#include "cli.h"
#include "store.h"
#include "testutil.h"

/* ---- helpers ------------------------------------------------------------ */

static long query_long(const char *db, const char *sql)
{
	char *value = tu_query_text(db, sql);
	long n = value ? strtol(value, NULL, 10) : -1;

	free(value);
	return n;
}

/* SQL on a connection of another program: no fundtrack functions. */
static int foreign_exec(const char *path, const char *sql, char *msg, size_t size)
{
	struct db *db;
	int rc;

	assert_int_equal(db_open_v2(path, &db, DB_OPEN_READWRITE | DB_OPEN_CREATE), DB_OK);
	rc = db_exec(db, sql);
	if (msg)
		snprintf(msg, size, "%s", rc == DB_OK ? "" : db_errmsg(db));
	db_close(db);
	return rc;
}

static void tamper(const char *path, const char *sql)
{
	char msg[512];
	int rc = foreign_exec(path, sql, msg, sizeof(msg));

	if (rc != DB_OK)
		fprintf(stderr, "tampering failed: %s\n", msg);
	assert_int_equal(rc, DB_OK);
}

/* Changes the database behind fundtrack's back, as whoever can: on SQLite
 * any program that may write the file, after dropping the triggers named
 * in `triggers` (space-separated), with fundtrack's SQL functions
 * (ft_audit_hash) registered when with_hash; on a server only the
 * cluster's superuser (the officers may not: test_server_officer_cannot_
 * rewrite_log), with every trigger off for its session
 * (session_replication_role = replica needs a superuser) and compat.sql's
 * ft_audit_hash. The same sql runs on both. */
static void tamper_log(const char *path, const char *triggers, const char *sql, int with_hash)
{
	struct db *db;
	struct audit_actor *actor = NULL;
	struct ft_error err;
	char all[2048];
	size_t used = 0;
	int server = tu_pg_admin_uri() != NULL;

	if (server)
		used = (size_t)snprintf(all, sizeof(all), "SET session_replication_role = replica;");
	for (const char *t = triggers; !server && *t;) {
		size_t n = strcspn(t, " ");

		used += (size_t)snprintf(all + used, sizeof(all) - used, "DROP TRIGGER %.*s;", (int)n,
					 t);
		t += n + (t[n] == ' ');
	}
	snprintf(all + used, sizeof(all) - used, "%s", sql);
	assert_true(strlen(all) < sizeof(all) - 1);
	assert_int_equal(db_open_v2(path, &db, DB_OPEN_READWRITE | DB_OPEN_CREATE), DB_OK);
	if (with_hash && !server)
		assert_int_equal(audit_chain_connect(db, &actor, &err), 0);
	if (db_exec(db, all) != DB_OK)
		fail_msg("tampering failed: %s: %s", all, db_errmsg(db));
	audit_chain_disconnect(actor);
	db_close(db);
}

/* 'audit verify' must fail naming what it found. */
static void verify_finds(const char *db, const char *finding)
{
	struct ft_run r;

	tu_run(&r, db, "audit", "verify", NULL);
	if (r.rc != 1)
		fprintf(stderr, "verify: %d\n%s%s", r.rc, r.out, r.err);
	assert_int_equal(r.rc, 1);
	assert_true(tu_contains(r.err, finding));
	assert_true(tu_contains(r.err, "the audit log does not prove the history"));
	assert_true(tu_contains(r.out, "Intact:    no\n")); /* English: the tests' locale */
	tu_run_free(&r);
}

static void verify_passes(const char *db)
{
	struct ft_run r;

	tu_run(&r, db, "audit", "verify", NULL);
	if (r.rc != 0)
		fprintf(stderr, "verify: %s%s", r.out, r.err);
	assert_int_equal(r.rc, 0);
	assert_true(tu_contains(r.out, "Intact:    yes\n"));
	assert_true(tu_contains(r.out, "audit log intact"));
	assert_string_equal(r.err, "");
	tu_run_free(&r);
}

/* A small database with a few bookings, written as user "tester". */
static char *logged_db(void)
{
	char *db;

	setenv("FUNDTRACK_USER", "tester", 1);
	db = tu_small_db();
	tu_ok(db, "book", "G-1", "drawdown", "10.000,00", "--date", "15.01.2023", NULL);
	tu_ok(db, "book", "G-1", "expenditure", "2.500,00", "--date", "20.01.2023", NULL);
	unsetenv("FUNDTRACK_USER");
	return db;
}

/* ---- every write leaves an entry ---------------------------------------------- */

static void test_each_kind_of_write_is_logged(void **state)
{
	char *db = logged_db();

	(void)state;
	/* the small database's commands, each an insert by "tester" */
	tu_assert_query(db, "SELECT group_concat(table_name || ':' || action, ' ') FROM audit_log",
		     "city:insert district:insert district:insert funder:insert funder:insert "
		     "funder:insert funder:insert programme:insert programme:insert "
		     "programme:insert programme:insert project:insert project:insert "
		     "grant:insert booking:insert booking:insert");
	tu_assert_query(db, "SELECT group_concat(DISTINCT user_name) FROM audit_log",
			tu_audit_user("tester"));
	tu_assert_query(db, "SELECT command FROM audit_log WHERE table_name = 'grant'",
		     "fundtrack grant add G-1 --project P1 --programme SOE --amount 80.000,00 "
		     "--from 01.01.2023 --to 31.12.2024");
	tu_assert_query(db, "SELECT new FROM audit_log WHERE table_name = 'grant'",
		     "{\"ref\":\"G-1\",\"project\":\"P1\",\"programme\":\"SOE\",\"applied_date\":null,"
		     "\"decided_date\":null,\"period_from\":\"2023-01-01\",\"period_to\":\"2024-12-31\","
		     "\"approved_cents\":8000000,\"eligible_cents\":null,\"rate_bp\":8000,"
		     "\"financing\":\"share\",\"status\":\"approved\",\"note\":null}");
	tu_assert_query(db, "SELECT record_key FROM audit_log WHERE table_name = 'project' "
			 "ORDER BY id DESC LIMIT 1",
		     "P2");

	/* changes: old and new values, who and which command */
	tu_ok(db, "--user", "Frau Müller", "grant", "status", "G-1", "running", NULL);
	tu_assert_query(db, "SELECT action || '|' || json_extract(old, '$.status') "
			 "|| '>' || json_extract(new, '$.status') || '|' || command "
			 "FROM audit_log ORDER BY id DESC LIMIT 1",
		     "update|approved>running|fundtrack grant status G-1 running");
	tu_assert_query(db, "SELECT user_name FROM audit_log ORDER BY id DESC LIMIT 1",
			tu_audit_user("Frau Müller"));
	tu_ok(db, "grant", "alloc", "G-1", "2023", "40.000,00", NULL);
	tu_ok(db, "grant", "alloc", "G-1", "2023", "45.000,00", NULL);
	tu_assert_query(db, "SELECT group_concat(action || ':' || record_key || ':' || "
			 "json_extract(new, '$.amount_cents'), ' ') FROM audit_log "
			 "WHERE table_name = 'allocation'",
		     "insert:G-1 2023:4000000 update:G-1 2023:4500000");
	tu_ok(db, "project", "edit", "P2", "--carrier", "AWO", NULL);
	tu_assert_query(db, "SELECT json_extract(old, '$.carrier') IS NULL AND "
			 "json_extract(new, '$.carrier') = 'AWO' FROM audit_log ORDER BY id DESC LIMIT 1",
		     "1");
	tu_ok(db, "setting", "set", "base-rate", "3,27", NULL);
	tu_assert_query(db, "SELECT table_name || ':' || record_key FROM audit_log "
			 "ORDER BY id DESC LIMIT 1",
		     "setting:base-rate-bp");
	tu_ok(db, "proof", "add", "G-1", "interim", "2023", "--date", "15.04.2024", NULL);
	tu_assert_query(db, "SELECT table_name || ':' || record_key FROM audit_log "
			 "ORDER BY id DESC LIMIT 1",
		     "proof:G-1 interim 2023");
	/* a command that changes nothing writes nothing */
	{
		long before = query_long(db, "SELECT count(*) FROM audit_log");

		tu_ok(db, "project", "edit", "P2", "--carrier", "AWO", NULL);
		assert_int_equal(query_long(db, "SELECT count(*) FROM audit_log"), before);
	}
	verify_passes(db);
	tu_cleanup(db);
}

static void test_who_writes(void **state)
{
	char *db = tu_temp_db();

	(void)state;
	unsetenv("FUNDTRACK_USER");
	tu_ok(db, "init", NULL);
	/* the login name */
	tu_ok(db, "city", "add", "05913000", "Dortmund", "--own", NULL);
	tu_assert_query(db, "SELECT user_name = (SELECT user_name FROM audit_log WHERE id = 1) "
			 "AND length(user_name) > 0 FROM audit_log WHERE id = 1",
		     "1");
	/* $FUNDTRACK_USER, then --user before or after the command */
	setenv("FUNDTRACK_USER", "kasse-2", 1);
	tu_ok(db, "district", "add", "NST", "Nordstadt", NULL);
	tu_ok(db, "district", "add", "HOE", "Hörde Süd", "--user", "pruefer", NULL);
	unsetenv("FUNDTRACK_USER");
	{
		char both[400];

		snprintf(both, sizeof(both), "%s,%s", tu_audit_user("kasse-2"),
			 tu_audit_user("pruefer"));
		tu_assert_query(db, "SELECT group_concat(user_name, ',') FROM audit_log WHERE id > 1",
				both);
	}	tu_assert_query(db, "SELECT command FROM audit_log ORDER BY id DESC LIMIT 1",
		     "fundtrack district add HOE 'Hörde Süd'");
	if (tu_pg_admin_uri()) {
		/* on a server: the role the server authenticated, not the OS
		 * login; naming that role adds nothing */
		tu_assert_query(db, "SELECT user_name = session_user FROM audit_log WHERE id = 1", "1");
		tu_ok(db, "--user", "ft_admin", "district", "add", "WST", "Westerfilde", NULL);
		tu_assert_query(db, "SELECT user_name FROM audit_log ORDER BY id DESC LIMIT 1",
				"ft_admin");
	}
	tu_fail(db, 2, "--user: user name must not be empty", "--user", "", "city", "list", NULL);
	tu_fail(db, 2, "user name must not hold tabs", "--user", "a\tb", "city", "list", NULL);
	tu_fail(db, 2, "(after '--user') contains the control character U+001B at character 2", "--user", "a\x1b[0m",
		"city", "list", NULL);
	tu_fail(db, 2, "(after '--user') contains the bidi control U+202E", "--user",
		"\xE2\x80\xAEnimda", "city", "list", NULL);
	tu_cleanup(db);

	/* the demo writes as "demo" */
	db = tu_temp_db();
	tu_ok(db, "demo", NULL);
	tu_assert_query(db, "SELECT group_concat(DISTINCT user_name) FROM audit_log",
			tu_audit_user("demo"));
	tu_assert_query(db, "SELECT count(*) > 1000 FROM audit_log", "1");
	verify_passes(db);
	tu_cleanup(db);
}

/* ---- corrections ------------------------------------------------------------- */

static void test_grant_edit(void **state)
{
	char *db = logged_db();
	struct ft_run r;

	(void)state;
	tu_fail(db, 2, "'grant edit' needs REF and at least one option", "grant", "edit", "G-1",
		NULL);
	tu_fail(db, 1, "no grant 'G-9'", "grant", "edit", "G-9", "--amount", "5", NULL);
	tu_fail(db, 1, "no project 'P9'", "grant", "edit", "G-1", "--project", "P9", NULL);
	tu_fail(db, 1, "approval period of grant 'G-1' would end 31.12.2022 before it starts "
		       "01.01.2023",
		"grant", "edit", "G-1", "--to", "31.12.2022", NULL);
	tu_fail(db, 1, "decision date 01.01.2022 of grant 'G-1' would be before the application "
		       "date 01.06.2022",
		"grant", "edit", "G-1", "--applied", "01.06.2022", "--decided", "01.01.2022", NULL);
	tu_fail(db, 1, "is changed with 'fundtrack grant status'", "grant", "edit", "G-1",
		"--status", "closed", NULL);
	tu_fail(db, 1, "invalid financing type 'half'", "grant", "edit", "G-1", "--financing",
		"half", NULL);
	tu_fail(db, 1, "--amount: invalid amount", "grant", "edit", "G-1", "--amount", "1,2,3",
		NULL);

	tu_run(&r, db, "--user", "mueller", "grant", "edit", "G-1", "--amount", "85.000,00",
	       "--to", "31.03.2025", "--rate", "none", "--note", "Änderungsbescheid", "--programme",
	       "KOM", NULL);
	assert_int_equal(r.rc, 0);
	assert_true(tu_contains(r.out, "changed grant G-1: programme: SOE → KOM; period_to: "
				       "31.12.2024 → 31.03.2025; approved: 80.000,00 € → 85.000,00 €; "
				       "rate: 80,00 % → (leer); note: (leer) → Änderungsbescheid"));
	tu_run_free(&r);
	tu_assert_query(db, "SELECT programme_id || ' ' || period_to || ' ' || approved_cents || ' ' || "
			 "coalesce(CAST(rate_bp AS TEXT), 'null') || ' ' || financing FROM \"grant\"",
		     "4 2025-03-31 8500000 null share");
	tu_run(&r, db, "grant", "edit", "G-1", "--amount", "85.000,00", NULL);
	assert_true(tu_contains(r.out, "grant G-1 unchanged"));
	tu_run_free(&r);
	tu_ok(db, "grant", "edit", "G-1", "--note", "none", "--eligible", "100.000,00", NULL);
	tu_assert_query(db, "SELECT coalesce(CAST(note AS TEXT), 'null') || ' ' || eligible_cents FROM \"grant\"",
		     "null 10000000");
	/* the history of the grant, for people */
	tu_run(&r, db, "audit", "log", "--record", "G-1", NULL);
	assert_int_equal(r.rc, 0);
	assert_true(tu_contains(r.out, "mueller"));
	assert_true(tu_contains(r.out, "approved: 80.000,00 € → 85.000,00 €"));
	assert_true(tu_contains(r.out, "fundtrack grant edit G-1 --amount 85.000,00 --to"));
	assert_true(tu_contains(r.out, "eligible: (leer) → 100.000,00 €"));
	/* with its bookings */
	assert_true(tu_contains(r.out, "kind=drawdown, amount=10.000,00 €"));
	tu_run_free(&r);
	verify_passes(db);
	tu_cleanup(db);
}

static void test_reversal_booking(void **state)
{
	char *db = logged_db();
	char msg[512];
	struct ft_run r;

	(void)state;
	tu_run(&r, db, "book", "--reverses", "2", "--date", "21.01.2023", NULL);
	assert_int_equal(r.rc, 0);
	assert_true(tu_contains(r.out, "booking 3 reverses booking 2"));
	tu_run_free(&r);
	/* the counter-booking: linked, negated, same grant and kind */
	tu_assert_query(db, "SELECT reverses_id || ' ' || amount_cents || ' ' || kind || ' ' || note "
			 "FROM booking WHERE id = 3",
		     "2 -250000 expenditure Storno von Buchung 2");
	tu_assert_query(db, "SELECT action || ' ' || json_extract(new, '$.reverses_id') || ' ' || "
			 "json_extract(new, '$.amount_cents') FROM audit_log ORDER BY id DESC LIMIT 1",
		     "insert 2 -250000");
	/* the original stays as it was, even for SQL with the functions */
	{
		struct store *st;
		struct ft_error err;

		assert_int_equal(store_open(&st, db, STORE_EXISTING, STORE_JOURNAL_WAL, &err), 0);
		assert_int_not_equal(db_exec(store_db(st),
						  "UPDATE booking SET amount_cents = 1 WHERE id = 2"),
				     DB_OK);
		assert_true(tu_contains(db_errmsg(store_db(st)), "bookings are immutable"));
		store_close(st);
	}
	assert_int_not_equal(foreign_exec(db, "DELETE FROM booking WHERE id = 2", msg, sizeof(msg)),
			     DB_OK);
	verify_passes(db);
	tu_cleanup(db);
}

/* ---- no write without an entry ------------------------------------------------- */

static void test_foreign_writes_are_refused(void **state)
{
	char *db = logged_db();
	char *before = tu_db_dump(db), *after;
	char msg[512];

	(void)state;
	assert_int_not_equal(foreign_exec(db, "UPDATE \"grant\" SET approved_cents = 1", msg,
					  sizeof(msg)),
			     DB_OK);
	assert_true(tu_contains(msg, "no such function: ft_audit_"));
	assert_int_not_equal(foreign_exec(db, "INSERT INTO setting VALUES ('x', 'y')", msg,
					  sizeof(msg)),
			     DB_OK);
	assert_true(tu_contains(msg, "no such function: ft_audit_"));
	assert_int_not_equal(foreign_exec(db, "DELETE FROM district WHERE code = 'HOE'", msg,
					  sizeof(msg)),
			     DB_OK);
	/* nor can the log be written past the chain, even with the functions */
	{
		struct store *st;
		struct ft_error err;

		assert_int_equal(store_open(&st, db, STORE_EXISTING, STORE_JOURNAL_WAL, &err), 0);
		assert_int_not_equal(db_exec(store_db(st),
						  "INSERT INTO audit_log SELECT id + 100, at, user_name,"
						  " command, table_name, row_id, record_key, action, old,"
						  " new, prev_hash, hash FROM audit_log WHERE id = 1"),
				     DB_OK);
		assert_true(tu_contains(db_errmsg(store_db(st)), "must continue the hash chain"));
		assert_int_not_equal(db_exec(store_db(st), "DELETE FROM audit_log"),
				     DB_OK);
		assert_true(tu_contains(db_errmsg(store_db(st)), "append-only"));
		store_close(st);
	}
	after = tu_db_dump(db);
	assert_string_equal(before, after);
	free(before);
	free(after);
	tu_cleanup(db);
}

/* Every table (but the log's own and the sums derived from the bookings,
 * which 'fundtrack doctor' proves instead) must be covered: a view, four triggers
 * and a line in audit_docs. Fails when a migration adds a table without. */
static void test_every_table_is_audited(void **state)
{
	TU_SQLITE_ONLY("reads the migrations' triggers in SQLite's catalogue; the server's schema is their translation, compared by test_db_postgres");
	char *db = tu_small_db();
	char *docs = tu_query_text(db, "SELECT sql FROM sqlite_master WHERE name = 'audit_docs'");
	struct db *raw;
	struct db_stmt *stmt;

	(void)state;
	assert_non_null(docs);
	assert_int_equal(db_open_v2(db, &raw, DB_OPEN_READONLY), DB_OK);
	assert_int_equal(db_prepare(raw,
					    "SELECT name FROM sqlite_master WHERE type = 'table'"
					    " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
					    " AND name NOT IN ('audit_log', 'audit_pending',"
					    " 'booking_year')", /* derived: schema/014 */
					    &stmt),
			 DB_OK);
	while (db_step(stmt) == DB_ROW) {
		const char *table = (const char *)db_column_text(stmt, 0);
		static const char *const kinds[] = { "insert", "update_old", "update", "delete" };
		char name[128], sql[256];

		snprintf(name, sizeof(name), "FROM audit_doc_%s", table);
		if (!strstr(docs, name))
			fprintf(stderr, "table '%s' is not audited (see schema/003_audit.sql)\n",
				table);
		assert_non_null(strstr(docs, name));
		for (int k = 0; k < 4; k++) {
			snprintf(sql, sizeof(sql),
				 "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND "
				 "name = 'audit_%s_%s' AND tbl_name = '%s'",
				 table, kinds[k], table);
			assert_int_equal(query_long(db, sql), 1);
		}
	}
	db_finalize(stmt);
	db_close(raw);
	free(docs);
	tu_cleanup(db);
}

/* ---- verify ---------------------------------------------------------------------- */

static void test_verify_untouched_log(void **state)
{
	char *db = logged_db();
	struct ft_run r;
	char anchor[200], *hash;

	(void)state;
	verify_passes(db);
	tu_run(&r, db, "--format", "csv", "audit", "verify", NULL);
	assert_int_equal(r.rc, 0);
	hash = tu_query_text(db, "SELECT id || ':' || hash FROM audit_log ORDER BY id DESC LIMIT 1");
	snprintf(anchor, sizeof(anchor), "intact,entries,records,broken_at,problems,anchor\n"
					 "true,16,16,,0,%s\n",
		 hash);
	assert_string_equal(r.out, anchor);
	tu_run_free(&r);
	/* the anchor still holds after more writes */
	tu_ok(db, "book", "G-1", "drawdown", "5,00", "--date", "16.01.2023", NULL);
	tu_ok(db, "audit", "verify", "--anchor", hash, NULL);
	tu_fail(db, 1, "cannot read anchor 'x'", "audit", "verify", "--anchor", "x", NULL);
	free(hash);
	/* an empty log is intact too */
	{
		char *empty = tu_temp_db();

		tu_ok(empty, "init", NULL);
		verify_passes(empty);
		tu_cleanup(empty);
	}
	tu_cleanup(db);
}

static void test_verify_changed_entry(void **state)
{
	char *db = logged_db();

	(void)state;
	tamper_log(db, "audit_log_no_update",
		   "UPDATE audit_log SET new = replace(new, '8000000', '9000000') "
		   "WHERE table_name = 'grant'", 0);
	verify_finds(db, "audit log broken at entry 14: the entry was changed after it was "
			 "written");
	tu_cleanup(db);

	/* changed, and its hash recomputed: the next entry no longer follows */
	db = logged_db();
	tamper_log(db, "audit_log_no_update",
		   "UPDATE audit_log SET user_name = 'someone else',"
		   " hash = ft_audit_hash(prev_hash, id, at, 'someone else',"
		   " command, table_name, row_id, record_key, action, old,"
		   " new) WHERE id = 5", 1);
	verify_finds(db, "audit log broken at entry 6: it does not continue the chain");
	tu_cleanup(db);
}

static void test_verify_deleted_entry(void **state)
{
	char *db = logged_db();

	(void)state;
	tamper_log(db, "audit_log_no_delete", "DELETE FROM audit_log WHERE id = 7", 0);
	verify_finds(db, "audit log broken at entry 8: entry 7 before it is missing (deleted)");
	tu_cleanup(db);

	/* deleted and the later ids moved down to close the gap */
	db = logged_db();
	tamper_log(db, "audit_log_no_delete audit_log_no_update",
		   "DELETE FROM audit_log WHERE id = 7; UPDATE audit_log SET id = id - 1 WHERE id > 7",
		   0);
	verify_finds(db, "audit log broken at entry 7: it does not continue the chain");
	tu_cleanup(db);

	/* the newest entries cut off: the chain is whole, but the data
	 * differs from the log, and the anchor is gone */
	db = logged_db();
	{
		char *anchor = tu_query_text(db, "SELECT id || ':' || hash FROM audit_log "
					      "ORDER BY id DESC LIMIT 1");
		struct ft_run r;

		tamper_log(db, "audit_log_no_delete",
			   "DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)", 0);
		verify_finds(db, "booking '2' has no audit entry: it was written outside fundtrack");
		tu_run(&r, db, "audit", "verify", "--anchor", anchor, NULL);
		assert_int_equal(r.rc, 1);
		assert_true(tu_contains(r.err, "anchor entry 16 is missing: the log was cut back"));
		tu_run_free(&r);
		free(anchor);
	}
	tu_cleanup(db);
}

static void test_verify_inserted_entry(void **state)
{
	char *db = logged_db();

	(void)state;
	/* room made at 5, and a well-formed entry put there, chained to 4 */
	tamper_log(db, "audit_log_no_update audit_log_chained",
		   "UPDATE audit_log SET id = -id WHERE id >= 5;"
		   "UPDATE audit_log SET id = 1 - id WHERE id < 0;"
		   "INSERT INTO audit_log SELECT 5, at, 'intruder', command,"
		   " table_name, row_id, record_key, action, old, new, hash,"
		   " ft_audit_hash(hash, 5, at, 'intruder', command,"
		   " table_name, row_id, record_key, action, old, new)"
		   " FROM audit_log WHERE id = 4", 1);
	verify_finds(db, "audit log broken at entry 6: it does not continue the chain (its "
			 "previous hash is not the hash of entry 5)");
	tu_cleanup(db);

	/* appended at the end with a made-up hash */
	db = logged_db();
	tamper_log(db, "audit_log_chained",
		   "INSERT INTO audit_log SELECT id + 1, at, user_name, command, table_name, row_id,"
		   " record_key, action, old, new, hash, 'feed' FROM audit_log WHERE id = 16", 0);
	verify_finds(db, "audit log broken at entry 17: the entry was changed after it was written");
	tu_cleanup(db);
}

static void test_verify_data_changed_outside(void **state)
{
	char *db = logged_db();

	(void)state;
	/* the triggers removed (on a server: off), then the figure changed */
	tamper_log(db, "audit_grant_update audit_grant_update_old",
		   "UPDATE \"grant\" SET approved_cents = 1", 0);
	if (!tu_pg_admin_uri())
		verify_finds(db, "'audit_grant_update' is missing from the database");
	verify_finds(db, "grant 'G-1' differs from its last logged state (entry 14): it was "
			 "changed outside fundtrack");
	tu_cleanup(db);

	/* a trigger replaced by one that logs nothing */
	if (tu_pg_admin_uri())
		return; /* SQLite's trigger text; the server's are compared by test_db_postgres */
	db = logged_db();
	/* the sums' trigger asks ft_audit_bulk() too (schema/017), which a
	 * connection without fundtrack's functions does not have: it goes too */
	tamper(db, "DROP TRIGGER audit_booking_insert; DROP TRIGGER booking_year_insert;"
		   "CREATE TRIGGER audit_booking_insert AFTER INSERT ON booking BEGIN SELECT 1; END;"
		   "INSERT INTO booking (grant_id, date, kind, amount_cents) "
		   "VALUES (1, '2023-02-01', 'drawdown', 100)");
	verify_finds(db, "'audit_booking_insert' differs from the one fundtrack created");
	/* ... and the sums it kept no longer match the bookings */
	verify_finds(db, "the booking sums differ from the bookings in 1 of ");
	verify_finds(db, "booking '3' has no audit entry: it was written outside fundtrack");
	tu_cleanup(db);
}

/* ---- on a server: permissions ------------------------------------------------------ */

/* db's URI with user=ft_admin (the test cluster's superuser) replaced. */
static char *uri_as(const char *db, const char *user)
{
	const char *at = strstr(db, "user=ft_admin");
	size_t size = strlen(db) + strlen(user) + 1;
	char *uri = malloc(size);

	assert_non_null(at);
	assert_non_null(uri);
	snprintf(uri, size, "%.*suser=%s%s", (int)(at - db), db, user, at + strlen("user=ft_admin"));
	return uri;
}

static void refused_to(const char *db, const char *sql, const char *why)
{
	struct db *raw;

	assert_int_equal(db_open_v2(db, &raw, DB_OPEN_READWRITE), DB_OK);
	if (db_exec(raw, sql) == DB_OK)
		fail_msg("the officer could run: %s", sql);
	if (db_errcode(raw) != DB_ERR_PERMISSION)
		fail_msg("%s: not refused for permission: %s", sql, db_errmsg(raw));
	if (!tu_contains(db_errmsg(raw), why))
		fail_msg("%s: %s", sql, db_errmsg(raw));
	db_close(raw);
}

/* On a server the log is append-only by permission (issue 20): set up as
 * README "What the city's IT runs once" says, an officer books, and
 * cannot change, delete or empty the log, nor switch its triggers off;
 * only the cluster's superuser can, and `audit verify` then reports the
 * break as on SQLite. */
static void test_server_officer_cannot_rewrite_log(void **state)
{
	char *db, *it, *officer;
	struct ft_run r;

	(void)state;
	if (!tu_pg_admin_uri()) {
		fprintf(stderr, "server only: roles and permissions of PostgreSQL\n");
		skip();
	}
	db = tu_temp_db();
	tu_ok(db, "db", "init-server", "--run", NULL);
	tamper(db, "DO $$ BEGIN CREATE ROLE ft_test_it LOGIN IN ROLE fundtrack_owner;"
		   " EXCEPTION WHEN duplicate_object THEN NULL; END $$;"
		   "ALTER ROLE ft_test_it SET role = 'fundtrack_owner';"
		   "DO $$ BEGIN CREATE ROLE ft_test_officer LOGIN IN ROLE fundtrack_officer;"
		   " EXCEPTION WHEN duplicate_object THEN NULL; END $$;");
	it = uri_as(db, "ft_test_it");
	officer = uri_as(db, "ft_test_officer");
	tu_ok(it, "init", NULL);
	unsetenv("FUNDTRACK_USER");
	tu_small_data(officer);
	tu_ok(officer, "book", "G-1", "drawdown", "10.000,00", "--date", "15.01.2023", NULL);
	/* the entries name the role the server authenticated */
	tu_assert_query(db, "SELECT group_concat(DISTINCT user_name) FROM audit_log",
			"ft_test_officer");
	refused_to(officer, "UPDATE audit_log SET user_name = 'x' WHERE id = 3",
		   "permission denied for table audit_log");
	refused_to(officer, "DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)",
		   "permission denied for table audit_log");
	refused_to(officer, "TRUNCATE audit_log", "permission denied for table audit_log");
	refused_to(officer, "ALTER TABLE audit_log DISABLE TRIGGER USER",
		   "must be owner of table audit_log");
	refused_to(officer, "SET session_replication_role = replica",
		   "session_replication_role");
	tu_run(&r, officer, "audit", "verify", NULL);
	assert_int_equal(r.rc, 0);
	tu_run_free(&r);

	/* the superuser can: verify finds it as on SQLite */
	tamper_log(db, "", "UPDATE audit_log SET new = replace(new, '8000000', '9000000') "
			   "WHERE table_name = 'grant'", 0);
	verify_finds(officer, "audit log broken at entry 14: the entry was changed after it was "
			      "written");
	free(it);
	free(officer);
	tu_cleanup(db);
}

/* ---- anchors: what the chain alone cannot prove ---------------------------------- */

/* The key and the anchor file next to the database (removed by
 * anchor_cleanup before tu_cleanup removes the folder). */
struct anchor_files {
	char key[4096], other_key[4096], anchor[4096];
};

static void anchor_paths(const char *db, struct anchor_files *f)
{
	int dir = (int)strlen(tu_db_dir(db));

	snprintf(f->key, sizeof(f->key), "%.*s/audit.key", dir, tu_db_dir(db));
	snprintf(f->other_key, sizeof(f->other_key), "%.*s/other.key", dir, tu_db_dir(db));
	snprintf(f->anchor, sizeof(f->anchor), "%.*s/anchor.txt", dir, tu_db_dir(db));
}

static void anchor_cleanup(char *db, const struct anchor_files *f)
{
	unlink(f->key);
	unlink(f->other_key);
	unlink(f->anchor);
	tu_cleanup(db);
}

/* logged_db() and an anchor of its newest entry (16) made with a new key. */
static char *anchored_db(struct anchor_files *f)
{
	char *db = logged_db();

	anchor_paths(db, f);
	tu_ok(db, "audit", "anchor", "-o", f->anchor, "--key", f->key, NULL);
	return db;
}

/* 'audit verify --anchor' must fail naming what it found. */
static void anchor_finds(const char *db, const struct anchor_files *f, const char *finding)
{
	struct ft_run r;

	tu_run(&r, db, "audit", "verify", "--anchor", f->anchor, "--key", f->key, NULL);
	if (r.rc != 1 || !tu_contains(r.err, finding))
		fprintf(stderr, "verify --anchor: %d\n%s%s", r.rc, r.out, r.err);
	assert_int_equal(r.rc, 1);
	assert_true(tu_contains(r.err, finding));
	assert_true(tu_contains(r.err, "the audit log does not prove the history"));
	tu_run_free(&r);
}

static void anchor_holds(const char *db, const struct anchor_files *f)
{
	struct ft_run r;

	tu_run(&r, db, "audit", "verify", "--anchor", f->anchor, "--key", f->key, NULL);
	if (r.rc != 0)
		fprintf(stderr, "verify --anchor: %s%s", r.out, r.err);
	assert_int_equal(r.rc, 0);
	assert_true(tu_contains(r.out, "the log still holds entry 16 of the anchor of "));
	tu_run_free(&r);
}

/* The entry hash exactly as audit_chain.h documents it, written here from
 * scratch: the format is public, so anyone can compute it. */
static void forger_hash(sqlite3_context *c, int argc, sqlite3_value **argv)
{
	unsigned char digest[SHA256_DIGEST];
	char hex[SHA256_HEX], len[32];
	struct sha256 h;

	sha256_init(&h);
	sha256_update(&h, sqlite3_value_text(argv[0]), (size_t)sqlite3_value_bytes(argv[0]));
	for (int i = 1; i < argc; i++) {
		const unsigned char *text = sqlite3_value_text(argv[i]);
		size_t n = (size_t)sqlite3_value_bytes(argv[i]);

		sha256_update(&h, "\n", 1);
		if (sqlite3_value_type(argv[i]) == SQLITE_NULL) {
			sha256_update(&h, "-", 1);
			continue;
		}
		snprintf(len, sizeof(len), "%zu:", n);
		sha256_update(&h, len, strlen(len));
		sha256_update(&h, text, n);
	}
	sha256_final(&h, digest);
	sha256_hex(digest, hex);
	sqlite3_result_text(c, hex, -1, SQLITE_TRANSIENT);
}

static void forger_name(sqlite3_context *c, int argc, sqlite3_value **argv)
{
	(void)argc;
	(void)argv;
	sqlite3_result_text(c, "forger", -1, SQLITE_STATIC);
}

static void raw_exec(struct db *db, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(db_sqlite_handle(db), sql, NULL, NULL, &msg) != DB_OK)
		fprintf(stderr, "forging failed: %s\n%s\n", msg, sql);
	assert_null(msg);
}

/* What someone who may write the database file can do without fundtrack:
 * register the ft_audit_* functions (own code), drop every trigger, run
 * sql, chain the whole log anew, and put the triggers back word for word.
 * No check that reads only the database can tell. */
static void forge(const char *path, const char *sql)
{
	char *triggers[128], *drop;
	int ntriggers = 0;
	struct db_stmt *stmt;
	struct db *db;

	if (tu_pg_admin_uri()) { /* the server's superuser: triggers off, compat.sql's hash */
		char all[1536];

		snprintf(all, sizeof(all),
			 "%s; DO $$ DECLARE r record; prev text := '%s'; BEGIN"
			 " FOR r IN SELECT id FROM audit_log ORDER BY id LOOP"
			 " UPDATE audit_log SET prev_hash = prev, hash = ft_audit_hash(prev, id, at,"
			 " user_name, command, table_name, row_id, record_key, action, old, new)"
			 " WHERE id = r.id RETURNING hash INTO prev;"
			 " END LOOP; END $$",
			 sql, audit_genesis_hash);
		tamper_log(path, "", all, 0);
		return;
	}

	assert_int_equal(db_open_v2(path, &db, DB_OPEN_READWRITE | DB_OPEN_CREATE), DB_OK);
	assert_int_equal(sqlite3_create_function(db_sqlite_handle(db), "ft_audit_hash", 11, SQLITE_UTF8, NULL,
						 forger_hash, NULL, NULL),
			 DB_OK);
	assert_int_equal(sqlite3_create_function(db_sqlite_handle(db), "ft_audit_user", 0, SQLITE_UTF8, NULL,
						 forger_name, NULL, NULL),
			 DB_OK);
	assert_int_equal(sqlite3_create_function(db_sqlite_handle(db), "ft_audit_command", 0, SQLITE_UTF8, NULL,
						 forger_name, NULL, NULL),
			 DB_OK);
	raw_exec(db, "BEGIN");
	assert_int_equal(db_prepare(db, "SELECT name, sql FROM sqlite_master "
						"WHERE type = 'trigger' ORDER BY rowid", &stmt),
			 DB_OK);
	while (db_step(stmt) == DB_ROW) {
		assert_true(ntriggers < 128);
		triggers[ntriggers++] = strdup((const char *)db_column_text(stmt, 1));
		drop = sqlite3_mprintf("DROP TRIGGER \"%w\"", db_column_text(stmt, 0));
		raw_exec(db, drop);
		sqlite3_free(drop);
	}
	db_finalize(stmt);
	raw_exec(db, sql);
	/* each entry after the other: the previous one's hash, then its own */
	assert_int_equal(db_prepare(db, "SELECT id FROM audit_log ORDER BY id", &stmt),
			 DB_OK);
	while (db_step(stmt) == DB_ROW) {
		char *rechain = sqlite3_mprintf(
			"UPDATE audit_log SET prev_hash = coalesce((SELECT hash FROM audit_log p"
			" WHERE p.id < audit_log.id ORDER BY p.id DESC LIMIT 1), '%s') WHERE id = %lld;"
			"UPDATE audit_log SET hash = ft_audit_hash(prev_hash, id, at, user_name,"
			" command, table_name, row_id, record_key, action, old, new) WHERE id = %lld",
			audit_genesis_hash, db_column_int64(stmt, 0), db_column_int64(stmt, 0));

		raw_exec(db, rechain);
		sqlite3_free(rechain);
	}
	db_finalize(stmt);
	for (int i = 0; i < ntriggers; i++) {
		raw_exec(db, triggers[i]);
		free(triggers[i]);
	}
	raw_exec(db, "COMMIT");
	db_close(db);
}

/* A small file's text; caller frees. */
static char *read_text(const char *path)
{
	char *text = calloc(1, 4096);
	FILE *in = fopen(path, "rb");

	assert_non_null(text);
	assert_non_null(in);
	assert_true(fread(text, 1, 4095, in) < 4095);
	fclose(in);
	return text;
}

static mode_t file_mode(const char *path)
{
	struct stat st;

	assert_int_equal(stat(path, &st), 0);
	return st.st_mode & 07777;
}

static void test_anchor_then_verify(void **state)
{
	struct anchor_files f;
	char *db = logged_db(), *text, *hash, expected[512];
	struct ft_run r;

	(void)state;
	anchor_paths(db, &f);
	/* the first anchor creates the key: 64 hex digits, owner only */
	tu_run(&r, db, "audit", "anchor", "-o", f.anchor, "--key", f.key, NULL);
	assert_int_equal(r.rc, 0);
	assert_true(tu_contains(r.err, "created the audit key"));
	assert_true(tu_contains(r.out, "anchored entry 16 of the audit log (city 05913000)"));
	tu_run_free(&r);
	assert_int_equal(file_mode(f.key), 0600);
	text = read_text(f.key);
	assert_int_equal(strlen(text), 65);
	assert_int_equal(strspn(text, "0123456789abcdef"), 64);
	free(text);
	/* the anchor: the newest entry and its hash, and the MAC */
	hash = tu_query_text(db, "SELECT hash FROM audit_log WHERE id = 16");
	snprintf(expected, sizeof(expected), "fundtrack audit anchor 1\ncity 05913000\nentry 16\n"
					     "hash %s\ncreated ",
		 hash);
	text = read_text(f.anchor);
	assert_memory_equal(text, expected, strlen(expected));
	assert_non_null(strstr(text, "Z\nmac "));
	free(text);
	free(hash);
	anchor_holds(db, &f);
	/* the anchor holds while the log grows; the key is made once */
	tu_ok(db, "book", "G-1", "drawdown", "5,00", "--date", "16.01.2023", NULL);
	anchor_holds(db, &f);
	tu_run(&r, db, "audit", "anchor", "--key", f.key, NULL);
	assert_int_equal(r.rc, 0);
	assert_string_equal(r.err, "");
	assert_true(tu_contains(r.out, "fundtrack audit anchor 1\ncity 05913000\nentry 17\n"));
	tu_run_free(&r);
	anchor_cleanup(db, &f);
}

/* Without --key: $FUNDTRACK_AUDIT_KEY, else ~/.config/fundtrack/audit.key,
 * its folders created for the owner only. */
static void test_anchor_default_key(void **state)
{
	struct anchor_files f;
	char *db = logged_db(), *home = strdup(getenv("HOME") ? getenv("HOME") : ""), dir[4200];
	char *xdg = getenv("XDG_CONFIG_HOME") ? strdup(getenv("XDG_CONFIG_HOME")) : NULL;
	int slash = (int)strlen(tu_db_dir(db));

	(void)state;
	anchor_paths(db, &f);
	snprintf(dir, sizeof(dir), "%.*s", slash, tu_db_dir(db));
	setenv("HOME", dir, 1);
	unsetenv("XDG_CONFIG_HOME");
	unsetenv("FUNDTRACK_AUDIT_KEY");
	tu_ok(db, "audit", "anchor", "-o", f.anchor, NULL);
	snprintf(dir, sizeof(dir), "%.*s/.config/fundtrack/audit.key", slash, tu_db_dir(db));
	assert_int_equal(file_mode(dir), 0600);
	snprintf(dir, sizeof(dir), "%.*s/.config/fundtrack", slash, tu_db_dir(db));
	assert_int_equal(file_mode(dir), 0700);
	tu_ok(db, "audit", "verify", "--anchor", f.anchor, NULL);
	/* $FUNDTRACK_AUDIT_KEY names another key: that one is needed */
	setenv("FUNDTRACK_AUDIT_KEY", f.key, 1);
	tu_fail(db, 1, "audit key '", "audit", "verify", "--anchor", f.anchor, NULL);
	unsetenv("FUNDTRACK_AUDIT_KEY");
	snprintf(dir, sizeof(dir), "%.*s/.config/fundtrack/audit.key", slash, tu_db_dir(db));
	unlink(dir);
	snprintf(dir, sizeof(dir), "%.*s/.config/fundtrack", slash, tu_db_dir(db));
	rmdir(dir);
	snprintf(dir, sizeof(dir), "%.*s/.config", slash, tu_db_dir(db));
	rmdir(dir);
	setenv("HOME", home, 1);
	if (xdg)
		setenv("XDG_CONFIG_HOME", xdg, 1);
	free(home);
	free(xdg);
	anchor_cleanup(db, &f);
}

/* An old entry rewritten and the whole chain computed anew: the chain
 * proves nothing, the anchor does. */
static void test_anchor_finds_consistent_rewrite(void **state)
{
	struct anchor_files f;
	char *db = anchored_db(&f);

	(void)state;
	forge(db, "UPDATE audit_log SET user_name = 'someone else' WHERE id = 5");
	tu_assert_query(db, "SELECT user_name FROM audit_log WHERE id = 5", "someone else");
	verify_passes(db);
	anchor_finds(db, &f, "entry 16 does not carry the anchored hash: the log was rewritten at "
			     "or before entry 16 since the anchor");
	anchor_cleanup(db, &f);
}

/* The newest entries cut off, with the records they logged: the chain and
 * the data agree, the anchor does not. */
static void test_anchor_finds_truncation(void **state)
{
	struct anchor_files f;
	char *db = anchored_db(&f);

	(void)state;
	tu_assert_query(db, "SELECT table_name || ' ' || row_id FROM audit_log WHERE id = 16",
			"booking 2");
	/* a thorough forger also recomputes the booking sums (schema/014),
	 * which would otherwise name the missing booking */
	forge(db, "DELETE FROM booking WHERE id = 2; DELETE FROM audit_log WHERE id = 16;"
		  "DELETE FROM booking_year; INSERT INTO booking_year SELECT * FROM "
		  "booking_year_recomputed");
	verify_passes(db);
	anchor_finds(db, &f, "anchor entry 16 is missing: the log was cut back (truncated) since "
			     "the anchor, it now ends at entry 15");
	/* and written on as if nothing had been: entry 16 is another one */
	tu_ok(db, "book", "G-1", "expenditure", "1,00", "--date", "21.01.2023", NULL);
	verify_passes(db);
	anchor_finds(db, &f, "entry 16 does not carry the anchored hash");
	anchor_cleanup(db, &f);
}

/* What an anchor cannot see: a consistent rewrite of entries after it. */
static void test_anchor_does_not_cover_later_entries(void **state)
{
	struct anchor_files f;
	char *db = anchored_db(&f);

	(void)state;
	tu_ok(db, "book", "G-1", "drawdown", "5,00", "--date", "16.01.2023", NULL);
	forge(db, "UPDATE audit_log SET user_name = 'someone else' WHERE id = 17");
	anchor_holds(db, &f);
	anchor_cleanup(db, &f);
}

static void write_text_file(const char *path, const char *text, mode_t mode)
{
	FILE *out = fopen(path, "w");

	assert_non_null(out);
	fputs(text, out);
	assert_int_equal(fclose(out), 0);
	assert_int_equal(chmod(path, mode), 0);
}

/* The anchor cannot be edited, made up, or checked with another key. */
static void test_anchor_is_keyed(void **state)
{
	struct anchor_files f;
	char *db = anchored_db(&f), *text, *hash15, *edited;
	const char *mac_failure = "does not match the audit key: it was edited or forged, or made "
				  "with another key";

	(void)state;
	/* moved back to entry 15, with its real hash */
	text = read_text(f.anchor);
	hash15 = tu_query_text(db, "SELECT hash FROM audit_log WHERE id = 15");
	edited = strdup(text);
	memcpy(strstr(edited, "entry 16"), "entry 15", 8);
	memcpy(strstr(edited, "hash ") + 5, hash15, 64);
	write_text_file(f.anchor, edited, 0644);
	tu_fail(db, 1, mac_failure, "audit", "verify", "--anchor", f.anchor, "--key", f.key, NULL);
	/* one digit of the MAC */
	strcpy(edited, text);
	edited[strlen(edited) - 2] = edited[strlen(edited) - 2] == '0' ? '1' : '0';
	write_text_file(f.anchor, edited, 0644);
	tu_fail(db, 1, mac_failure, "audit", "verify", "--anchor", f.anchor, "--key", f.key, NULL);
	/* the untouched anchor with another key */
	write_text_file(f.anchor, text, 0644);
	write_text_file(f.other_key,
			"00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\n", 0600);
	tu_fail(db, 1, mac_failure, "audit", "verify", "--anchor", f.anchor, "--key", f.other_key,
		NULL);
	tu_ok(db, "audit", "verify", "--anchor", f.anchor, "--key", f.key, NULL);
	/* a NUL byte where the MAC does not look */
	strcpy(edited, text);
	*strstr(edited, "\nhash") = '\0';
	{
		FILE *out = fopen(f.anchor, "wb");

		assert_non_null(out);
		fwrite(edited, 1, strlen(text), out);
		fclose(out);
	}
	tu_fail(db, 1, "is not a fundtrack anchor file: text without NUL bytes", "audit", "verify",
		"--anchor", f.anchor, "--key", f.key, NULL);
	/* not an anchor at all */
	write_text_file(f.anchor, "16:abc\n", 0644);
	tu_fail(db, 1, "is not a fundtrack anchor file: first line 'fundtrack audit anchor 1'",
		"audit", "verify", "--anchor", f.anchor, "--key", f.key, NULL);
	unlink(f.anchor);
	tu_fail(db, 1, "cannot read anchor '", "audit", "verify", "--anchor", f.anchor, "--key",
		f.key, NULL);
	free(text);
	free(hash15);
	free(edited);
	anchor_cleanup(db, &f);
}

/* An anchor of another city's database, with the same key. */
static void test_anchor_of_another_database(void **state)
{
	struct anchor_files f;
	char *db = anchored_db(&f), *other = tu_temp_db();

	(void)state;
	tu_ok(other, "init", NULL);
	tu_ok(other, "city", "add", "05111000", "Düsseldorf", "--own", NULL);
	tu_ok(other, "audit", "anchor", "-o", f.anchor, "--key", f.key, NULL);
	anchor_finds(db, &f, "the anchor was made for the database of city 05111000, this is the "
			     "database of city 05913000");
	tu_cleanup(other);
	anchor_cleanup(db, &f);
}

/* A key that others may read (or replace) is refused; so is a missing or
 * malformed one on verify. */
static void test_key_file_safety(void **state)
{
	struct anchor_files f;
	char *db = anchored_db(&f);

	(void)state;
	assert_int_equal(chmod(f.key, 0644), 0);
	tu_fail(db, 1, "is open to group or others (mode 0644): only its owner may read it",
		"audit", "verify", "--anchor", f.anchor, "--key", f.key, NULL);
	tu_fail(db, 1, "is open to group or others (mode 0644)", "audit", "anchor", "--key", f.key,
		NULL);
	assert_int_equal(chmod(f.key, 0620), 0);
	tu_fail(db, 1, "is open to group or others (mode 0620)", "audit", "verify", "--anchor",
		f.anchor, "--key", f.key, NULL);
	assert_int_equal(chmod(f.key, 0600), 0);
	tu_ok(db, "audit", "verify", "--anchor", f.anchor, "--key", f.key, NULL);
	/* typed back in capitals, without the newline */
	{
		char *key = read_text(f.key);

		for (char *c = key; *c; c++)
			*c = (char)(*c >= 'a' && *c <= 'f' ? *c - 'a' + 'A' : *c);
		key[64] = '\0';
		write_text_file(f.other_key, key, 0600);
		free(key);
	}
	tu_ok(db, "audit", "verify", "--anchor", f.anchor, "--key", f.other_key, NULL);
	unlink(f.other_key);
	tu_fail(db, 1, "does not exist: give the key the anchor was made with", "audit", "verify",
		"--anchor", f.anchor, "--key", f.other_key, NULL);
	write_text_file(f.other_key, "not a key\n", 0600);
	tu_fail(db, 1, "is malformed: 64 hex digits expected", "audit", "verify", "--anchor",
		f.anchor, "--key", f.other_key, NULL);
	/* an existing file is never replaced by a new key */
	tu_fail(db, 1, "is malformed", "audit", "anchor", "--key", f.other_key, NULL);
	tu_fail(db, 1, "is not a regular file", "audit", "anchor", "--key", "/tmp", NULL);
	tu_fail(db, 2, "option '--key' needs '--anchor'", "audit", "verify", "--key", f.key, NULL);
	anchor_cleanup(db, &f);
}

/* -o replaces an older anchor, nothing else; --anchor reads a regular file
 * of anchor size only. */
static void test_anchor_files_in_and_out(void **state)
{
	struct anchor_files f;
	char *db = anchored_db(&f), big[2000];

	(void)state;
	/* an older anchor is replaced, the database or another file never */
	tu_ok(db, "audit", "anchor", "-o", f.anchor, "--key", f.key, NULL);
	if (!tu_pg_admin_uri()) /* the database file itself is never an anchor's place */
		tu_fail(db, 1, "will not replace '", "audit", "anchor", "-o", db, "--key", f.key,
			NULL);
	tu_fail(db, 1, "it is not an audit anchor file", "audit", "anchor", "--output", f.key,
		"--key", f.key, NULL);
	assert_int_equal(file_mode(f.key), 0600);
	tu_ok(db, "audit", "verify", "--anchor", f.anchor, "--key", f.key, NULL);
	tu_fail(db, 2, "option '-o' needs a file name", "audit", "anchor", "-o", "", NULL);
	/* not a regular file, too long */
	tu_fail(db, 1, "anchor '/tmp' is not a regular file", "audit", "verify", "--anchor", "/tmp",
		"--key", f.key, NULL);
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	write_text_file(f.anchor, big, 0644);
	tu_fail(db, 1, "is not a fundtrack anchor file: longer than 512 bytes", "audit", "verify",
		"--anchor", f.anchor, "--key", f.key, NULL);
	/* a noted ID:HASH needs no key, and takes none */
	{
		char *noted = tu_query_text(db, "SELECT id || ':' || hash FROM audit_log WHERE id = 16");

		tu_fail(db, 1, "option '--key' is for an anchor file", "audit", "verify", "--anchor",
			noted, "--key", f.key, NULL);
		free(noted);
	}
	anchor_cleanup(db, &f);
}

/* Only a log that proves the history is anchored. */
static void test_anchor_needs_an_intact_log(void **state)
{
	struct anchor_files f;
	char *db = logged_db(), *empty = tu_temp_db();

	(void)state;
	anchor_paths(db, &f);
	tamper_log(db, "audit_log_no_update", "UPDATE audit_log SET user_name = 'x' WHERE id = 3", 0);
	tu_fail(db, 1, "audit log broken at entry 3", "audit", "anchor", "-o", f.anchor, "--key",
		f.key, NULL);
	tu_fail(db, 1, "no anchor written: only a log that proves the history is anchored", "audit",
		"anchor", "--key", f.key, NULL);
	assert_int_not_equal(access(f.anchor, F_OK), 0);
	assert_int_not_equal(access(f.key, F_OK), 0);
	tu_ok(empty, "init", NULL);
	tu_fail(empty, 1, "the audit log is empty: nothing to anchor yet", "audit", "anchor",
		"--key", f.key, NULL);
	tu_cleanup(empty);
	anchor_cleanup(db, &f);
}

/* ---- imports ---------------------------------------------------------------------- */

struct foreign_import {
	int bookings;
};

/* What the exchange import does: another city's rows, then ONE entry. */
static int import_other_city(struct store *st, void *arg, struct ft_error *err)
{
	const struct foreign_import *fi = arg;
	struct audit_count counts[] = { { "projects", 1 }, { "grants", 1 },
					{ "bookings", fi->bookings } };
	char sql[512];

	if (db_exec(store_db(st),
			 "INSERT INTO city (ags, name) VALUES ('05111000', 'Düsseldorf');"
			 "INSERT INTO funder (city_id, code, name, level) "
			 " SELECT id, 'L', 'Land', 'state' FROM city WHERE ags = '05111000';"
			 "INSERT INTO programme (city_id, code, name, funder_id, drawdown_days) "
			 " SELECT c.id, 'P', 'Prog', f.id, 60 FROM city c JOIN funder f"
			 " ON f.city_id = c.id WHERE c.ags = '05111000';"
			 "INSERT INTO project (city_id, code, title, field) "
			 " SELECT id, 'X', 'Projekt', 'health' FROM city WHERE ags = '05111000';"
			 "INSERT INTO \"grant\" (city_id, ref, project_id, programme_id, period_from,"
			 " period_to, approved_cents, financing, status) "
			 " SELECT c.id, 'D-1', p.id, pg.id, '2024-01-01', '2025-12-31', 100, 'share',"
			 " 'running' FROM city c JOIN project p ON p.city_id = c.id"
			 " JOIN programme pg ON pg.city_id = c.id WHERE c.ags = '05111000';") != DB_OK)
		return store_fail(st, err, "import");
	snprintf(sql, sizeof(sql),
		 "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %d) "
		 "INSERT INTO booking (grant_id, date, kind, amount_cents) "
		 "SELECT g.id, '2024-02-01', 'expenditure', i FROM n, \"grant\" g WHERE g.ref = 'D-1'",
		 fi->bookings);
	if (db_exec(store_db(st), sql) != DB_OK)
		return store_fail(st, err, "import");
	return audit_record_import(st, "05111000", "duesseldorf-2026.xml",
				   "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
				   counts, 3, err);
}

static void test_imports_are_logged_once(void **state)
{
	char *db = logged_db();
	struct foreign_import fi = { 5000 };
	struct store *st;
	struct ft_error err;
	long before = query_long(db, "SELECT count(*) FROM audit_log");
	char *file;

	(void)state;
	assert_int_equal(store_open(&st, db, STORE_EXISTING, STORE_JOURNAL_WAL, &err), 0);
	assert_int_equal(store_set_actor(st, "austausch", "fundtrack exchange import x.xml", &err),
			 0);
	assert_int_equal(store_write(st, import_other_city, &fi, &err), 0);
	/* a bad count name rolls the whole import back */
	{
		struct audit_count bad = { "Bookings", 1 };

		assert_int_equal(audit_record_import(st, NULL, "f", "00", &bad, 1, &err), -1);
		assert_true(tu_contains(err.msg, "invalid import count name 'Bookings'"));
	}
	store_close(st);
	/* the other city's row and the one import entry; no row entries */
	assert_int_equal(query_long(db, "SELECT count(*) FROM audit_log"), before + 2);
	tu_assert_query(db, "SELECT table_name || ' ' || action || ' ' || record_key FROM audit_log "
			 "ORDER BY id DESC LIMIT 1",
		     "import import 05111000");
	tu_assert_query(db, "SELECT user_name FROM audit_log ORDER BY id DESC LIMIT 1",
			tu_audit_user("austausch"));
	tu_assert_query(db, "SELECT new FROM audit_log ORDER BY id DESC LIMIT 1",
		     "{\"file\":\"duesseldorf-2026.xml\","
		     "\"sha256\":\"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\","
		     "\"counts\":{\"projects\":1,\"grants\":1,\"bookings\":5000}}");
	verify_passes(db);
	/* replacing the snapshot deletes the old city's rows: one entry */
	before = query_long(db, "SELECT count(*) FROM audit_log");
	assert_int_equal(store_open(&st, db, STORE_EXISTING, STORE_JOURNAL_WAL, &err), 0);
	assert_int_equal(db_exec(store_db(st), "DELETE FROM city WHERE ags = '05111000'"),
			 DB_OK);
	store_close(st);
	assert_int_equal(query_long(db, "SELECT count(*) FROM audit_log"), before + 1);
	verify_passes(db);

	/* a CSV import: each record, its batch (import_batch.h), and one
	 * entry for the file with its checksum */
	file = malloc(4096);
	assert_non_null(file);
	snprintf(file, 4096, "%s/csv/grants-machine.csv", getenv("FT_TEST_DATA"));
	tu_ok(db, "import-csv", "grants", file, NULL);
	tu_assert_query(db, "SELECT group_concat(table_name || ':' || action, ' ') FROM "
			 "(SELECT * FROM audit_log ORDER BY id DESC LIMIT 2)",
		     "import:import import_batch_row:insert");
	tu_assert_query(db, "SELECT group_concat(table_name || ':' || action, ' ') FROM "
			 "(SELECT * FROM audit_log ORDER BY id DESC LIMIT 2 OFFSET 2)",
		     "import_batch:insert grant:insert");
	tu_assert_query(db, "SELECT json_extract(new, '$.sha256') || ' ' || "
			 "json_extract(new, '$.counts.grants') || ' ' || record_key "
			 "FROM audit_log ORDER BY id DESC LIMIT 1",
		     /* sha256sum tests/data/csv/grants-machine.csv */
		     "e3d4fcb9675ba353667d5de7f85037730a7520c026ed281568f9cc99dd5e4841 1 05913000");
	free(file);
	tu_cleanup(db);
}

/* ---- upgrading a database that has data ------------------------------------------- */

static void test_baseline_for_existing_data(void **state)
{
	TU_SQLITE_ONLY("builds a database of schema version 2 from SQLite's migration text");
	char *db = tu_temp_db();
	struct db *raw;
	struct ft_run r;
	char *dump;

	(void)state;
	/* a database from before the audit trail (schema versions 1 and 2) */
	assert_int_equal(db_open_v2(db, &raw, DB_OPEN_READWRITE | DB_OPEN_CREATE), DB_OK);
	for (int i = 0; i < 2; i++)
		assert_int_equal(db_exec(raw, store_migration_sql(i)),
				 DB_OK);
	assert_int_equal(db_exec(raw,
				      "PRAGMA user_version = 2;"
				      "INSERT INTO city (ags, name, own) VALUES ('05913000', 'Dortmund', 1);"
				      "INSERT INTO city (ags, name) VALUES ('05111000', 'Düsseldorf');"
				      "INSERT INTO district (city_id, code, name) VALUES (1, 'NST', 'N');"
				      "INSERT INTO district (city_id, code, name) VALUES (2, 'ALT', 'A');"
				      "INSERT INTO setting VALUES ('base-rate', '327');"),
			 DB_OK);
	db_close(raw);
	dump = tu_db_dump(db);
	assert_null(strstr(dump, "audit_log"));
	free(dump);
	/* the first fundtrack command upgrades and writes the baseline */
	tu_run(&r, db, "--user", "migration", "city", "list", NULL);
	assert_int_equal(r.rc, 0);
	tu_run_free(&r);
	tu_assert_query(db, "SELECT group_concat(table_name || ':' || record_key || ':' || action || "
			 "':' || user_name, ' ') FROM audit_log",
		     "city:05913000:baseline:migration city:05111000:baseline:migration "
		     "district:NST:baseline:migration setting:base-rate:baseline:migration");
	verify_passes(db);
	tu_cleanup(db);
}

/* ---- the history -------------------------------------------------------------------- */

static void test_audit_log_filters(void **state)
{
	char *db = logged_db();
	struct ft_run r;

	(void)state;
	tu_ok(db, "--user", "pruefer", "grant", "alloc", "G-1", "2023", "10.000,00", NULL);
	tu_run(&r, db, "audit", "log", "--by", tu_audit_user("pruefer"), NULL);
	assert_int_equal(r.rc, 0);
	assert_true(tu_contains(r.out, "allocation"));
	assert_true(tu_contains(r.out, "G-1 2023"));
	assert_true(tu_contains(r.out, "grant=G-1, year=2023, amount=10.000,00 €"));
	assert_null(strstr(r.out, "booking"));
	tu_run_free(&r);
	tu_run(&r, db, "--format", "csv", "audit", "log", "--table", "booking", NULL);
	assert_int_equal(r.rc, 0);
	assert_true(tu_contains(r.out, "id,at,user,table,row_id,record,action,old,new,command,"
				       "prev_hash,hash\n15,"));
	{
		char row[300];

		snprintf(row, sizeof(row), ",%s,booking,1,1,insert,,\"{\"\"grant\"\":\"\"G-1\"\"",
			 tu_audit_user("tester"));
		assert_true(tu_contains(r.out, row));
	}
	tu_run_free(&r);
	tu_run(&r, db, "--format", "json", "audit", "log", "--record", "P2", NULL);
	assert_true(tu_contains(r.out, "\"record\": \"P2\""));
	assert_null(strstr(r.out, "\"record\": \"P1\""));
	tu_run_free(&r);
	tu_run(&r, db, "audit", "log", "--since", "01.01.2100", NULL);
	assert_true(tu_contains(r.out, "(no entries)"));
	tu_run_free(&r);
	tu_run(&r, db, "--format", "csv", "audit", "log", "--since", "2000-01-01", NULL);
	assert_true(tu_contains(r.out, "\n17,"));
	tu_run_free(&r);
	tu_fail(db, 1, "--since: invalid date '31.02.2026'", "audit", "log", "--since",
		"31.02.2026", NULL);
	tu_fail(db, 2, "unknown sub-command 'audit show'", "audit", "show", NULL);
	tu_cleanup(db);
}

/* ---- concurrent writers keep one chain ------------------------------------------------ */

static void test_concurrent_writers_keep_the_chain(void **state)
{
	char *db = logged_db();
	pid_t pids[3];

	(void)state;
	fflush(NULL);
	for (int w = 0; w < 3; w++) {
		pids[w] = fork();
		assert_true(pids[w] >= 0);
		if (pids[w] == 0) {
			int failed = 0;

			for (int i = 0; i < 10; i++) {
				char ref[32];
				char *argv[] = { "fundtrack", "--db",	 (char *)db, "book", "G-1",
						 "drawdown",  "1,00",	 "--date",   "01.02.2023",
						 "--ref",     ref,	 NULL };
				FILE *out = fopen("/dev/null", "w"), *err = fopen("/dev/null", "w");

				snprintf(ref, sizeof(ref), "W%d-%d", w, i);
				failed |= ft_main(11, argv, out, err) != 0;
				fclose(out);
				fclose(err);
			}
			_exit(failed);
		}
	}
	for (int w = 0; w < 3; w++) {
		int status;

		assert_int_equal(waitpid(pids[w], &status, 0), pids[w]);
		assert_true(WIFEXITED(status));
		assert_int_equal(WEXITSTATUS(status), 0);
	}
	assert_int_equal(query_long(db, "SELECT count(*) FROM audit_log WHERE table_name = 'booking'"),
			 32);
	verify_passes(db);
	tu_cleanup(db);
}

/* ft_audit_hash keeps its last result for the second call with the same
 * arguments (issue 19); any other argument, even of the same length or a
 * NULL in place of text, is hashed anew: each result equals
 * audit_hash_fields. */
static void test_hash_memo_is_exact(void **state)
{
	static const char *const calls[][3] = {
		/* prev hash, record key, new doc */
		{ "ab", "G-1", "{\"a\":1}" },
		{ "ab", "G-1", "{\"a\":1}" }, /* the same: from the memo */
		{ "ab", "G-1", "{\"a\":2}" }, /* one byte differs */
		{ "ab", "G-2", "{\"a\":2}" },
		{ "ac", "G-2", "{\"a\":2}" },
		{ "ac", "G-2", NULL },          /* NULL instead of text */
		{ "ac", "G-2", "" },            /* empty text is not NULL */
	};
	struct audit_actor *actor;
	struct ft_error err;
	struct db *db;

	(void)state;
	assert_int_equal(db_open_v2(":memory:", &db, DB_OPEN_READWRITE | DB_OPEN_CREATE), DB_OK);
	assert_int_equal(audit_chain_connect(db, &actor, &err), 0);
	for (size_t i = 0; i < sizeof(calls) / sizeof(calls[0]); i++) {
		struct audit_field f[AUDIT_HASHED_FIELDS] = { { "7", 1 },	  { "2026", 4 },
							      { "tester", 6 },  { "cmd", 3 },
							      { "grant", 5 },	  { "3", 1 },
							      { NULL, 0 },	  { "insert", 6 },
							      { NULL, 0 },	  { NULL, 0 } };
		char expected[SHA256_HEX];
		struct db_stmt *s;

		f[6] = (struct audit_field){ calls[i][1], strlen(calls[i][1]) };
		if (calls[i][2])
			f[9] = (struct audit_field){ calls[i][2], strlen(calls[i][2]) };
		audit_hash_fields(calls[i][0], f, expected);
		assert_int_equal(db_prepare(db,
						    "SELECT ft_audit_hash(?1, 7, '2026', 'tester', 'cmd', "
						    "'grant', 3, ?2, 'insert', NULL, ?3)", &s),
				 DB_OK);
		db_bind_text(s, 1, calls[i][0]);
		db_bind_text(s, 2, calls[i][1]);
		if (calls[i][2])
			db_bind_text(s, 3, calls[i][2]);
		assert_int_equal(db_step(s), DB_ROW);
		assert_string_equal((const char *)db_column_text(s, 0), expected);
		db_finalize(s);
	}
	db_close(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hash_memo_is_exact),
		cmocka_unit_test(test_each_kind_of_write_is_logged),
		cmocka_unit_test(test_who_writes),
		cmocka_unit_test(test_grant_edit),
		cmocka_unit_test(test_reversal_booking),
		cmocka_unit_test(test_foreign_writes_are_refused),
		cmocka_unit_test(test_every_table_is_audited),
		cmocka_unit_test(test_verify_untouched_log),
		cmocka_unit_test(test_verify_changed_entry),
		cmocka_unit_test(test_verify_deleted_entry),
		cmocka_unit_test(test_verify_inserted_entry),
		cmocka_unit_test(test_verify_data_changed_outside),
		cmocka_unit_test(test_server_officer_cannot_rewrite_log),
		cmocka_unit_test(test_anchor_then_verify),
		cmocka_unit_test(test_anchor_default_key),
		cmocka_unit_test(test_anchor_finds_consistent_rewrite),
		cmocka_unit_test(test_anchor_finds_truncation),
		cmocka_unit_test(test_anchor_does_not_cover_later_entries),
		cmocka_unit_test(test_anchor_is_keyed),
		cmocka_unit_test(test_anchor_of_another_database),
		cmocka_unit_test(test_key_file_safety),
		cmocka_unit_test(test_anchor_needs_an_intact_log),
		cmocka_unit_test(test_anchor_files_in_and_out),
		cmocka_unit_test(test_imports_are_logged_once),
		cmocka_unit_test(test_baseline_for_existing_data),
		cmocka_unit_test(test_audit_log_filters),
		cmocka_unit_test(test_concurrent_writers_keep_the_chain),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
