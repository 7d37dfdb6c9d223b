#include "store.h"

#include "ledger.h"
#include "msg_lang.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <sqlite3.h>

#include "db.h"

#include "audit_chain.h"
#include "money.h"

/* Generated from schema/NNN_*.sql by app/embed_sql.cmake. */
struct ft_migration {
	const char *name;
	const char *sql;
};
extern const struct ft_migration ft_migrations[];
extern const size_t ft_migration_count;

struct store {
	struct db *db;
	char *path;
	int migrations_applied;
	int commits; /* write transactions committed since store_open returned */
	int write_retries; /* write transactions run again after DB_ERR_BUSY on a server */
	int readonly; /* opened read-only: neither the file nor its directory writable */
	struct audit_actor *actor; /* owned by the connection */
	int row_triggers_off; /* store_bulk_rows_unguarded */
};

enum { BUSY_TIMEOUT_MS = 10000 };

struct db *store_db(struct store *st)
{
	return st->db;
}

const char *store_path(const struct store *st)
{
	return st->path;
}

int store_schema_version(void)
{
	return (int)ft_migration_count;
}

const char *store_migration_sql(int index)
{
	return index >= 0 && (size_t)index < ft_migration_count ? ft_migrations[index].sql : NULL;
}

int store_migrations_applied(const struct store *st)
{
	return st->migrations_applied;
}

int store_commits(const struct store *st)
{
	return st ? st->commits : 0;
}

int store_set_actor(struct store *st, const char *user, const char *command,
		    struct ft_error *err)
{
	return audit_actor_set(st->actor, user, command, err);
}

/* SQLITE_DBCONFIG_ENABLE_TRIGGER is the connection's: SQLite compiles the
 * triggers into a statement when it prepares it, and expires every
 * statement prepared before a change, so each is prepared again, with or
 * without them, at its next step. */
static int set_row_triggers(struct store *st, int on, struct ft_error *err)
{
	struct sqlite3 *handle = db_sqlite_handle(st->db);
	int now = -1;

	if (!handle || st->row_triggers_off == !on)
		return 0;
	if (sqlite3_db_config(handle, SQLITE_DBCONFIG_ENABLE_TRIGGER, on, &now) != SQLITE_OK ||
	    now != on)
		return on ? ft_fail(err, "cannot switch the row triggers of '%s' on again", st->path)
			  : ft_fail(err, "cannot switch the row triggers of '%s' off", st->path);
	st->row_triggers_off = !on;
	return 0;
}

int store_audit_bulk_city(struct store *st, int64_t city_id, struct ft_error *err)
{
	int64_t own = 0;

	if (city_id && store_lookup_id(st, "SELECT own FROM city WHERE id = ?2 AND own = 1", NULL,
				       city_id, &own, err) < 0)
		return -1;
	if (own)
		return ft_fail(err, "the own city's rows are always audited one by one");
	if (!city_id && set_row_triggers(st, 1, err))
		return -1;
	return audit_actor_bulk_city(st->actor, city_id, err);
}

int store_bulk_rows_unguarded(struct store *st, int unguarded, struct ft_error *err)
{
	if (unguarded && !audit_actor_bulk_city_now(st->actor))
		return ft_fail(err, "the row triggers go off only while a partner city is imported");
	return set_row_triggers(st, !unguarded, err);
}

static const char *constraint_hint(int extended)
{
	switch (extended) {
	case DB_ERR_CONSTRAINT_UNIQUE:
	case DB_ERR_CONSTRAINT_PRIMARYKEY:
		return N_("already exists");
	case DB_ERR_CONSTRAINT_FOREIGNKEY:
		return N_("refers to a record that does not exist or is still referenced");
	case DB_ERR_CONSTRAINT_CHECK:
		return N_("value out of the allowed range");
	case DB_ERR_CONSTRAINT_NOTNULL:
		return N_("a required value is missing");
	default:
		return NULL;
	}
}

/* SQLite reports a write refused by the system as a plain "disk I/O
 * error"; say what the system said (a full disk on a quota, the file size
 * limit of ulimit -f) so the user knows what to fix. */
static int io_fail(struct store *st, struct ft_error *err, const char *doing, const char *msg)
{
	int e = db_system_errno(st->db);

	if (e == ENOSPC || e == EDQUOT)
		return ft_fail(err, "%s: the disk holding '%s' is full; nothing was changed",
			       doing, st->path);
	if (e == EFBIG)
		return ft_fail(err, "%s: '%s' would exceed the file size limit (ulimit -f); "
			       "nothing was changed", doing, st->path);
	if (e)
		return ft_fail(err, "%s: %s (%s)", doing, msg, strerror(e));
	/* SQLite 3.40 keeps no errno for a write that fails during COMMIT */
	if ((int)db_errcode(st->db) == DB_ERR_IOERR_WRITE)
		return ft_fail(err, "%s: cannot write '%s' (is the disk full, or the file size "
			       "limit of ulimit -f reached?); nothing was changed", doing, st->path);
	return ft_fail(err, "%s: %s", doing, msg);
}

/* The texts of the schema's guards (RAISE(ABORT, ...) in the migrations), as
 * SQLite and the server report them: listed here so that po/extract.sh
 * finds them and store_fail shows them in the user's language
 * (tests/check_po.sh proves the list complete against the schema). */
static const char *const guard_texts[] = {
	N_("a reversal must negate an original booking of the same grant and kind"),
	N_("a reversal must negate an original booking of the same project"),
	N_("an audit entry must continue the hash chain"),
	N_("an import batch only changes once, when it is undone"),
	N_("bookings are immutable: write a reversing booking instead"),
	N_("import batches are kept for the history: undo one instead"),
	N_("the audit log is append-only: entries cannot be changed"),
	N_("the audit log is append-only: entries cannot be deleted"),
	N_("the city is retired and takes no new records (see 'fundtrack city list --all')"),
	N_("the district is retired and takes no new projects (see 'fundtrack district list --all')"),
	N_("the funder is retired and takes no new programmes (see 'fundtrack funder list --all')"),
	N_("the programme is retired and takes no new grants (see 'fundtrack programme list --all')"),
	N_("the records of an import batch are kept as they were imported"),
	N_("the shipped base rates are kept: correct one by changing it"),
};

/* A guard's text in the user's language; any other message as it is. */
static const char *guard_text(const char *msg)
{
	for (size_t i = 0; i < sizeof(guard_texts) / sizeof(guard_texts[0]); i++)
		if (strcmp(msg, guard_texts[i]) == 0)
			return tr(guard_texts[i]);
	return msg;
}

int store_fail(struct store *st, struct ft_error *err, const char *doing)
{
	/* what failed, in the user's language (the callers' literals are
	 * extracted for po/de.po by po/extract.sh's store_fail keywords) */
	int code = (int)db_errcode(st->db);
	const char *msg = code == DB_ERR_CONSTRAINT_TRIGGER ? guard_text(db_errmsg(st->db))
							   : db_errmsg(st->db);
	const char *hint = constraint_hint(code);

	doing = tr(doing);
	if (db_error_class(code) == DB_ERR_FULL)
		return ft_fail(err, "%s: the disk holding '%s' is full; nothing was changed",
			       doing, st->path);
	if (db_error_class(code) == DB_ERR_IOERR)
		return io_fail(st, err, doing, msg);
	if (db_error_class(code) == DB_ERR_BUSY)
		return ft_fail(err, "%s: database '%s' is locked by another process; try again",
			       doing, st->path);
	if (db_error_class(code) == DB_ERR_READONLY)
		return ft_fail(err, "%s: database '%s' is read-only", doing, st->path);
	if (hint)
		return ft_fail(err, "%s: %s (%s)", doing, tr(hint), msg);
	/* sum() over int64 cents stops with this rather than wrapping
	 * (https://sqlite.org/lang_aggfunc.html#sumunc) */
	if (strcmp(msg, "integer overflow") == 0) {
		char what[160];

		snprintf(what, sizeof(what), "%s: the amounts", doing);
		return money_fail_overflow(err, what);
	}
	return ft_fail(err, "%s: %s", doing, msg);
}

int store_prepare(struct store *st, const char *sql, struct db_stmt **out,
		  struct ft_error *err)
{
	if (db_prepare(st->db, sql, out) != DB_OK)
		return store_fail(st, err, "cannot prepare query");
	return 0;
}

int store_prepare_rows(struct store *st, const char *head, int params, int rows,
		       struct db_stmt **out, struct ft_error *err)
{
	size_t used = strlen(head), size = used + (size_t)rows * (size_t)(2 * params + 2) + 1;
	char *sql = params > 0 && rows > 0 ? malloc(size) : NULL;
	int rc;

	if (!sql)
		return ft_fail(err, "out of memory");
	memcpy(sql, head, used);
	for (int i = 0; i < rows; i++) {
		sql[used++] = '(';
		for (int p = 0; p < params; p++) {
			sql[used++] = '?';
			sql[used++] = p + 1 < params ? ',' : ')';
		}
		sql[used++] = i + 1 < rows ? ',' : '\0';
	}
	rc = store_prepare(st, sql, out, err);
	free(sql);
	return rc;
}

int store_step_done(struct store *st, struct db_stmt *stmt, const char *doing,
		    struct ft_error *err)
{
	int rc = db_step(stmt);

	db_reset(stmt);
	if (rc != DB_DONE && rc != DB_ROW)
		return store_fail(st, err, doing);
	return 0;
}

int store_bind_text(struct db_stmt *stmt, int idx, const char *text)
{
	if (!text)
		return db_bind_null(stmt, idx);
	return db_bind_text(stmt, idx, text);
}

int store_bind_opt_int(struct db_stmt *stmt, int idx, int64_t value, int is_null)
{
	if (is_null)
		return db_bind_null(stmt, idx);
	return db_bind_int64(stmt, idx, value);
}

static void bind_typed(struct db_stmt *stmt, const char *types, va_list ap)
{
	for (int i = 0; types[i]; i++) {
		int idx = i + 1;
		int64_t v;

		switch (types[i]) {
		case 'i':
			db_bind_int64(stmt, idx, va_arg(ap, int64_t));
			break;
		case 'n':
			db_bind_int(stmt, idx, va_arg(ap, int));
			break;
		case 'o':
			v = va_arg(ap, int64_t);
			store_bind_opt_int(stmt, idx, v, v < 0);
			break;
		default: /* 't' */
			store_bind_text(stmt, idx, va_arg(ap, const char *));
			break;
		}
	}
}

int store_run(struct store *st, const char *sql, const char *doing, struct ft_error *err,
	      const char *types, ...)
{
	struct db_stmt *stmt;
	va_list ap;
	int rc;

	if (store_prepare(st, sql, &stmt, err))
		return -1;
	va_start(ap, types);
	bind_typed(stmt, types, ap);
	va_end(ap);
	rc = store_step_done(st, stmt, doing, err);
	db_finalize(stmt);
	return rc;
}

static int exec_sql(struct store *st, const char *sql, const char *doing,
		    struct ft_error *err)
{
	if (db_exec(st->db, sql) != DB_OK)
		return store_fail(st, err, doing);
	return 0;
}

static int read_user_version(struct store *st, int *out, struct ft_error *err)
{
	struct db_stmt *stmt;
	int rc;

	if (store_prepare(st, "PRAGMA user_version", &stmt, err))
		return -1;
	rc = db_step(stmt);
	if (rc == DB_ROW)
		*out = db_column_int(stmt, 0);
	db_finalize(stmt);
	if (rc != DB_ROW)
		return store_fail(st, err, "cannot read the schema version");
	return 0;
}

static int apply_pending_migrations(struct store *st, void *arg, struct ft_error *err)
{
	int version = 0;
	char pragma[64];

	(void)arg;
	/* Read inside the write transaction so two processes opening a fresh
	 * file at once cannot both migrate. */
	if (read_user_version(st, &version, err))
		return -1;
	for (size_t i = (size_t)version; i < ft_migration_count; i++) {
		char doing[160];

		snprintf(doing, sizeof(doing), "cannot apply migration %s", ft_migrations[i].name);
		if (exec_sql(st, ft_migrations[i].sql, doing, err))
			return -1;
		st->migrations_applied++;
	}
	snprintf(pragma, sizeof(pragma), "PRAGMA user_version = %d", (int)ft_migration_count);
	return exec_sql(st, pragma, "cannot record the schema version", err);
}

/* "fTrk", set by schema/006_application_id.sql */
enum { FT_APPLICATION_ID = 0x6654726b };

/* The first value of a one-row query as an int. */
static int query_int(struct store *st, const char *sql, int *out, struct ft_error *err)
{
	struct db_stmt *stmt;
	int rc;

	if (store_prepare(st, sql, &stmt, err))
		return -1;
	rc = db_step(stmt);
	if (rc == DB_ROW)
		*out = db_column_int(stmt, 0);
	db_finalize(stmt);
	if (rc != DB_ROW)
		return store_fail(st, err, "cannot read the database header");
	return 0;
}

/* A fundtrack database from before schema/006 has a schema version and
 * the tables of schema/001_ledger.sql. */
static const char old_fundtrack_sql[] =
	"SELECT count(*) = 9 FROM sqlite_schema WHERE type = 'table' AND name IN "
	"('city', 'district', 'funder', 'programme', 'project', 'grant', 'allocation', "
	"'booking', 'setting')";

/* Sets *ours to 1 for a fundtrack database (marked, or from before the
 * mark) and for a new or empty one, 0 for anything else. */
static int classify(struct store *st, int *ours, struct ft_error *err)
{
	int app_id, version, objects, old = 0;

	*ours = 0;
	if (query_int(st, "PRAGMA application_id", &app_id, err))
		return -1;
	if (app_id == FT_APPLICATION_ID) {
		*ours = 1;
		return 0;
	}
	if (app_id != 0)
		return 0;
	if (query_int(st, "PRAGMA user_version", &version, err) ||
	    query_int(st, "SELECT count(*) FROM sqlite_schema", &objects, err))
		return -1;
	if (version > 0 && objects > 0 && query_int(st, old_fundtrack_sql, &old, err))
		return -1;
	*ours = (version == 0 && objects == 0) || old;
	return 0;
}

/* Only a new or empty file or a fundtrack database is ours to write:
 * anything else is another program's data, and fundtrack must neither add
 * its tables to it nor (demo) replace it. Runs before anything writes. */
static int check_is_fundtrack(struct store *st, struct ft_error *err)
{
	int ours;

	if (classify(st, &ours, err))
		return -1;
	if (!ours)
		return ft_fail(err,
			       "'%s' is an SQLite database of another program, not a fundtrack "
			       "database: left untouched (give --db a new file)",
			       st->path);
	return 0;
}

/* Refuses a database written by a newer fundtrack before anything (even
 * the journal mode) touches the file. */
static int refuse_newer(const struct store *st, int version, struct ft_error *err)
{
	if (version > (int)ft_migration_count)
		return ft_fail(err,
			       "database '%s' has schema version %d, but this fundtrack knows only "
			       "up to version %d: use a newer fundtrack",
			       st->path, version, (int)ft_migration_count);
	return 0;
}

static int check_not_newer(struct store *st, int *version, struct ft_error *err)
{
	if (read_user_version(st, version, err))
		return -1;
	return refuse_newer(st, *version, err);
}

static int migrate(struct store *st, int version, struct ft_error *err)
{
	if (version == (int)ft_migration_count)
		return 0;
	if (st->readonly)
		return ft_fail(err,
			       "database '%s' has schema version %d and needs an upgrade to %d, but it "
			       "is read-only: run 'fundtrack init' once where it can be written",
			       st->path, version, (int)ft_migration_count);
	return store_write(st, apply_pending_migrations, NULL, err);
}

static int set_journal_mode(struct store *st, enum store_journal journal,
			    struct ft_error *err)
{
	const char *sql = journal == STORE_JOURNAL_WAL ? "PRAGMA journal_mode = WAL"
						       : "PRAGMA journal_mode = DELETE";
	return exec_sql(st, sql, "cannot set the journal mode", err);
}

static int check_openable(const char *path, enum store_mode mode, struct ft_error *err)
{
	struct stat sb;

	if (stat(path, &sb) != 0) {
		if (errno == ENOENT && mode == STORE_CREATE)
			return 0;
		if (errno == ENOENT)
			return ft_fail(err,
				       "no database at '%s': run 'fundtrack init' (or 'fundtrack demo') "
				       "first, or give --db PATH",
				       path);
		return ft_fail(err, "cannot open database '%s': %s", path, strerror(errno));
	}
	if (S_ISDIR(sb.st_mode))
		return ft_fail(err, "cannot open database '%s': it is a directory", path);
	/* a fifo would block, a device is nobody's database */
	if (!S_ISREG(sb.st_mode))
		return ft_fail(err, "cannot open database '%s': not a regular file", path);
	return 0;
}

/* status_counts(status) in SQL: ledger_status_counts for queries. */
static void sql_status_counts(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	sqlite3_result_int(ctx, ledger_status_counts((const char *)sqlite3_value_text(argv[0])));
}

static int configure_connection(struct store *st, enum store_journal journal, int *version,
				struct ft_error *err)
{
	sqlite3_extended_result_codes(db_sqlite_handle(st->db), 1);
	db_busy_timeout(st->db, BUSY_TIMEOUT_MS);
	/* foreign_keys is per connection and ignored inside a transaction:
	 * set it right after opening. */
	if (exec_sql(st, "PRAGMA foreign_keys = ON", "cannot enable foreign keys", err))
		return -1;
	if (check_is_fundtrack(st, err))
		return -1;
	/* The audit triggers (and migrations that write) need these. */
	if (audit_chain_connect(st->db, &st->actor, err))
		return -1;
	if (sqlite3_create_function(db_sqlite_handle(st->db), "status_counts", 1,
				    SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, sql_status_counts,
				    NULL, NULL) != DB_OK)
		return store_fail(st, err, "cannot register the SQL functions");
	if (check_not_newer(st, version, err))
		return -1;
	/* read-only: the journal mode is the file's (changing it writes) */
	if (!st->readonly && set_journal_mode(st, journal, err))
		return -1;
	return exec_sql(st, "PRAGMA synchronous = NORMAL", "cannot set synchronous mode", err);
}

/* ---- a PostgreSQL server (issue 20) ---------------------------------------- */

/* schema/pg/compat.sql and schema/pg/schema.sql, embedded by the build.
 * schema.sql is the migrations translated by tools/schema-pg.py, each
 * headed "-- migration NNN: NNN_name.sql". */
extern const char ft_pg_compat_sql[];
extern const char ft_pg_schema_sql[];

/* The server has no PRAGMA application_id/user_version: this one-row table
 * holds both (created with the first migration). */
static const char meta_table_sql[] =
	"CREATE TABLE fundtrack_meta (application_id BIGINT NOT NULL, "
	"schema_version BIGINT NOT NULL)";

const char *store_pg_schema_sql(void)
{
	return ft_pg_schema_sql;
}

static int server_is_fresh(struct store *st, int *has_meta, int *tables, struct ft_error *err)
{
	return query_int(st, "SELECT to_regclass('fundtrack_meta') IS NOT NULL", has_meta, err) ||
	       query_int(st,
			 "SELECT count(*) FROM pg_catalog.pg_tables "
			 "WHERE schemaname = current_schema()",
			 tables, err);
}

/* The schema version of a server database: 0 when fundtrack has not
 * created its tables yet. Refuses another program's tables, and (unless
 * creating) a database without fundtrack's tables. */
static int read_server_version(struct store *st, enum store_mode mode, int *version,
			       struct ft_error *err)
{
	int has_meta = 0, tables = 0, app_id = 0;

	*version = 0;
	if (server_is_fresh(st, &has_meta, &tables, err))
		return -1;
	if (has_meta)
		return query_int(st, "SELECT application_id FROM fundtrack_meta", &app_id, err) ||
		       query_int(st, "SELECT schema_version FROM fundtrack_meta", version, err);
	if (tables > 0)
		return ft_fail(err,
			       "'%s' is a database of another program, not a fundtrack database: "
			       "left untouched (give --db a new database)",
			       st->path);
	if (mode != STORE_CREATE)
		return ft_fail(err,
			       "no database at '%s': run 'fundtrack init' (or 'fundtrack demo') "
			       "first, or give --db PATH",
			       st->path);
	return 0;
}

static int configure_server(struct store *st, enum store_mode mode, int *version,
			    struct ft_error *err)
{
	db_busy_timeout(st->db, BUSY_TIMEOUT_MS);
	if (read_server_version(st, mode, version, err) || refuse_newer(st, *version, err))
		return -1;
	return audit_chain_connect(st->db, &st->actor, err);
}

/* Migration index (0-based) of schema.sql as a new string; NULL when
 * missing or out of memory. */
static char *server_migration_sql(int index)
{
	char head[32];
	const char *from, *to;
	char *sql;

	snprintf(head, sizeof(head), "-- migration %03d: ", index + 1);
	from = strstr(ft_pg_schema_sql, head);
	if (!from)
		return NULL;
	snprintf(head, sizeof(head), "-- migration %03d: ", index + 2);
	to = strstr(from, head);
	if (!to)
		to = from + strlen(from);
	sql = malloc((size_t)(to - from) + 1);
	if (!sql)
		return NULL;
	memcpy(sql, from, (size_t)(to - from));
	sql[to - from] = '\0';
	return sql;
}

struct server_migration {
	int compat_done; /* compat.sql (re)created in this run */
	int done;        /* the database is at this fundtrack's version */
};

/* One migration in its own transaction; the version is read after the
 * writer lock, so two processes migrating at once cannot both apply it.
 * compat.sql's functions come with the first migration of a run (CREATE
 * OR REPLACE: a newer fundtrack brings its versions). */
static int apply_server_migration(struct store *st, void *arg, struct ft_error *err)
{
	struct server_migration *m = arg;
	int has_meta = 0, tables = 0, version = 0;
	char doing[160], *sql;

	if (server_is_fresh(st, &has_meta, &tables, err))
		return -1;
	if (has_meta && query_int(st, "SELECT schema_version FROM fundtrack_meta", &version, err))
		return -1;
	if (version >= (int)ft_migration_count) {
		m->done = 1;
		return 0;
	}
	if (!m->compat_done &&
	    exec_sql(st, ft_pg_compat_sql, "cannot create the SQL functions (compat.sql)", err))
		return -1;
	m->compat_done = 1;
	if (!has_meta) {
		char insert[96];

		snprintf(insert, sizeof(insert), "INSERT INTO fundtrack_meta VALUES (%d, 0)",
			 FT_APPLICATION_ID);
		if (exec_sql(st, meta_table_sql, "cannot record the schema version", err) ||
		    exec_sql(st, insert, "cannot record the schema version", err))
			return -1;
	}
	snprintf(doing, sizeof(doing), "cannot apply migration %s", ft_migrations[version].name);
	sql = server_migration_sql(version);
	if (!sql)
		return ft_fail(err, "%s: not in schema/pg/schema.sql", doing);
	if (exec_sql(st, sql, doing, err)) {
		free(sql);
		return -1;
	}
	free(sql);
	st->migrations_applied++;
	return store_run(st, "UPDATE fundtrack_meta SET schema_version = ?1",
			 "cannot record the schema version", err, "n", version + 1);
}

static int migrate_server(struct store *st, int version, struct ft_error *err)
{
	struct server_migration m = { 0, 0 };

	if (version == (int)ft_migration_count)
		return 0;
	while (!m.done)
		if (store_write(st, apply_server_migration, &m, err))
			return -1;
	return 0;
}

/* Drops every table and view of the server database's schema (the demo
 * replacing a database: on a file it removes the file). Trigger and
 * compat functions stay: migrations create or replace them. */
int store_erase_server(const char *target, struct ft_error *err)
{
	static const char drop_all[] =
		"DO $$ DECLARE r record; BEGIN "
		"FOR r IN SELECT tablename FROM pg_catalog.pg_tables "
		"WHERE schemaname = current_schema() LOOP "
		"EXECUTE format('DROP TABLE IF EXISTS %I CASCADE', r.tablename); END LOOP; "
		"FOR r IN SELECT viewname FROM pg_catalog.pg_views "
		"WHERE schemaname = current_schema() LOOP "
		"EXECUTE format('DROP VIEW IF EXISTS %I CASCADE', r.viewname); END LOOP; END $$";
	struct db *db = NULL;
	int rc = db_open_v2(target, &db, DB_OPEN_READWRITE);

	if (rc == DB_OK)
		rc = db_exec(db, drop_all);
	if (rc != DB_OK)
		ft_fail(err, "cannot empty database '%s': %s", target,
			db ? db_errmsg(db) : "out of memory");
	db_close(db);
	return rc == DB_OK ? 0 : -1;
}

/* ---- read-only databases -------------------------------------------------- */

/* 1 when this process may write path and create files next to it (the
 * rollback journal, -wal, -shm); *dir_ok tells about the directory. An
 * access() check, so it also sees a read-only mount (EROFS) for root. */
static int writable(const char *path, int *dir_ok)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash ? strndup(path, slash == path ? 1 : (size_t)(slash - path)) : NULL;

	*dir_ok = access(dir ? dir : ".", W_OK) == 0;
	free(dir);
	return *dir_ok && access(path, W_OK) == 0;
}

static int exists_with_suffix(const char *path, const char *suffix)
{
	char name[4200];

	snprintf(name, sizeof(name), "%s%s", path, suffix);
	return access(name, F_OK) == 0;
}

/* "file:" URI of path with ?immutable=1 (https://www.sqlite.org/uri.html):
 * every byte but unreserved ones percent-encoded. Caller frees. */
static char *immutable_uri(const char *path)
{
	size_t size = strlen(path) * 3 + sizeof("file:?immutable=1");
	char *uri = malloc(size);
	size_t used;

	if (!uri)
		return NULL;
	used = (size_t)snprintf(uri, size, "file:");
	for (const unsigned char *c = (const unsigned char *)path; *c; c++) {
		if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
		    (*c >= '0' && *c <= '9') || strchr("/-._~", *c))
			uri[used++] = (char)*c;
		else
			used += (size_t)snprintf(uri + used, size - used, "%%%02X", *c);
	}
	snprintf(uri + used, size - used, "?immutable=1");
	return uri;
}

/* Opens st->db. A database that cannot be written (file or directory
 * read-only, e.g. an archived year on a read-only share) is opened
 * read-only so that read commands work; write commands then fail with
 * "database '...' is read-only". Where the directory is read-only and no
 * -wal/-shm exists, nothing can change the file (no journal or WAL can be
 * created next to it), and SQLite needs to be told so ("immutable"):
 * otherwise a WAL database cannot be read without creating -shm
 * (https://www.sqlite.org/wal.html#readonly). */
static int open_connection(struct store *st, enum store_mode mode)
{
	int flags = DB_OPEN_READWRITE | DB_OPEN_NOMUTEX;
	int dir_ok, rc;
	char *uri = NULL;

	if (db_is_server_target(st->path)) /* no file: the server's permissions decide */
		return db_open_v2(st->path, &st->db, flags);
	if (access(st->path, F_OK) == 0 && !writable(st->path, &dir_ok)) {
		st->readonly = 1;
		flags = DB_OPEN_READONLY | DB_OPEN_NOMUTEX;
		if (!dir_ok && !exists_with_suffix(st->path, "-wal") &&
		    !exists_with_suffix(st->path, "-shm")) {
			uri = immutable_uri(st->path);
			if (!uri)
				return DB_NOMEM;
			flags |= DB_OPEN_URI;
		}
	} else if (mode == STORE_CREATE) {
		flags |= DB_OPEN_CREATE;
	}
	rc = db_open_v2(uri ? uri : st->path, &st->db, flags);
	free(uri);
	return rc;
}

int store_open(struct store **out, const char *path, enum store_mode mode,
	       enum store_journal journal, struct ft_error *err)
{
	return store_open_as(out, path, mode, journal, NULL, NULL, err);
}

int store_open_as(struct store **out, const char *path, enum store_mode mode,
		  enum store_journal journal, const char *user, const char *command,
		  struct ft_error *err)
{
	struct store *st;
	int version = 0;
	int server = db_is_server_target(path);

	*out = NULL;
	if (!server && check_openable(path, mode, err))
		return -1;
	st = calloc(1, sizeof(*st));
	if (!st || !(st->path = strdup(path))) {
		free(st);
		return ft_fail(err, "out of memory");
	}
	if (open_connection(st, mode) != DB_OK) {
		ft_fail(err, "cannot open database '%s': %s", path,
			st->db ? db_errmsg(st->db) : "out of memory");
		store_close(st);
		return -1;
	}
	if ((server ? configure_server(st, mode, &version, err)
		    : configure_connection(st, journal, &version, err)) ||
	    audit_actor_set(st->actor, user, command, err) ||
	    (server ? migrate_server(st, version, err) : migrate(st, version, err))) {
		char reason[FT_ERROR_MSG_MAX];

		/* "file is not a database" reads better with the path in front. */
		snprintf(reason, sizeof(reason), "%s", err ? err->msg : "");
		if (strstr(reason, "not a database"))
			ft_fail(err, "cannot open database '%s': not a fundtrack (SQLite) database",
				path);
		store_close(st);
		return -1;
	}
	st->commits = 0; /* migrations are not the command's data */
	*out = st;
	return 0;
}

void store_close(struct store *st)
{
	if (!st)
		return;
	audit_chain_disconnect(st->actor);
	db_close(st->db);
	free(st->path);
	free(st);
}

/* A server rolls back the whole transaction of a write that met a
 * deadlock or a serialisation failure (SQLSTATE 40P01, 40001), or that
 * waited longer than the lock timeout for a lock (55P03): all DB_ERR_BUSY.
 * Such a write is run again, up to WRITE_ATTEMPTS times in all, after a
 * short pause that grows with each attempt, so that an officer does not
 * see it. (SQLite's writers wait in its busy handler instead.) */
enum { WRITE_ATTEMPTS = 8, RETRY_PAUSE_MS = 20 };

static int busy_on_server(struct store *st)
{
	return db_kind(st->db) == DB_KIND_POSTGRES &&
	       db_error_class((int)db_errcode(st->db)) == DB_ERR_BUSY;
}

/* A pause of attempt * RETRY_PAUSE_MS plus up to as much again, by the
 * process id: two writers that collided do not meet again in step. */
static void pause_before_retry(int attempt)
{
	long ms = (long)attempt * RETRY_PAUSE_MS + (long)(getpid() % (attempt * RETRY_PAUSE_MS));
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* Outside a transaction a write is BEGIN IMMEDIATE ... COMMIT; inside one
 * (e.g. the demo or an import writing through the same functions a single
 * command uses) it becomes a savepoint, so the outer transaction still
 * commits or rolls back as a whole. *busy tells whether a failure was one
 * the server asks to retry. */
static int write_once(struct store *st, store_write_fn fn, void *arg, int nested, int *busy,
		      struct ft_error *err)
{
	const char *begin = nested ? "SAVEPOINT ft_write" : "BEGIN IMMEDIATE";
	const char *commit = nested ? "RELEASE ft_write" : "COMMIT";
	const char *rollback = nested ? "ROLLBACK TO ft_write; RELEASE ft_write" : "ROLLBACK";

	*busy = 0;
	if (exec_sql(st, begin, "cannot start a write transaction", err)) {
		*busy = busy_on_server(st);
		return -1;
	}
	if (fn(st, arg, err) != 0) {
		*busy = busy_on_server(st);
		db_exec(st->db, rollback);
		return -1;
	}
	if (exec_sql(st, commit, "cannot commit", err)) {
		*busy = busy_on_server(st);
		db_exec(st->db, rollback);
		return -1;
	}
	return 0;
}

int store_write(struct store *st, store_write_fn fn, void *arg, struct ft_error *err)
{
	int nested = !db_get_autocommit(st->db);
	int busy, rc;

	/* nested: the server aborted the outer transaction, which is the one to retry */
	for (int attempt = 1;; attempt++) {
		rc = write_once(st, fn, arg, nested, &busy, err);
		if (rc == 0 || !busy || nested || attempt == WRITE_ATTEMPTS)
			break;
		st->write_retries++;
		pause_before_retry(attempt);
	}
	if (rc == 0 && !nested)
		st->commits++;
	return rc;
}

int store_write_retries(const struct store *st)
{
	return st ? st->write_retries : 0;
}

int store_read(struct store *st, store_read_fn fn, void *arg, struct ft_error *err)
{
	int rc;

	if (!db_get_autocommit(st->db))
		return fn(st, arg, err);
	if (exec_sql(st, "BEGIN", "cannot start reading", err))
		return -1;
	rc = fn(st, arg, err);
	/* Nothing was written: ending a read transaction cannot lose data. */
	db_exec(st->db, "ROLLBACK");
	return rc;
}

static int add_result_cell(struct out_table *t, struct db_stmt *stmt, int col,
			   enum out_type type)
{
	if (db_column_type(stmt, col) == DB_NULL)
		return out_add_null(t);
	switch (type) {
	case OUT_TEXT:
	case OUT_DATE:
		return out_add_text(t, (const char *)db_column_text(stmt, col));
	default:
		return out_add_int(t, db_column_int64(stmt, col));
	}
}

int store_query_table(struct store *st, const char *sql, const char *const *params,
		      int nparams, const struct out_column *cols, size_t ncols,
		      struct out_table **out, struct ft_error *err)
{
	struct db_stmt *stmt;
	struct out_table *t;
	int rc;

	*out = NULL;
	if (store_prepare(st, sql, &stmt, err))
		return -1;
	for (int i = 0; i < nparams; i++)
		store_bind_text(stmt, i + 1, params[i]);
	/* the server knows the columns once the statement ran */
	rc = db_step(stmt);
	int got = db_column_count(stmt);

	if (rc != DB_ROW && rc != DB_DONE) {
		db_finalize(stmt);
		return store_fail(st, err, "cannot read from the database");
	}
	if ((size_t)got != ncols) {
		/* read the count before finalize: stmt is freed by it */
		db_finalize(stmt);
		return ft_fail(err, "internal error: query returns %d columns, expected %zu", got,
			       ncols);
	}
	t = out_table_new(cols, ncols);
	if (!t) {
		db_finalize(stmt);
		return ft_fail(err, "out of memory");
	}
	for (; rc == DB_ROW; rc = db_step(stmt)) {
		for (size_t c = 0; c < ncols; c++) {
			if (add_result_cell(t, stmt, (int)c, cols[c].type)) {
				db_finalize(stmt);
				out_table_free(t);
				return ft_fail(err, "out of memory");
			}
		}
	}
	db_finalize(stmt);
	if (rc != DB_DONE) {
		out_table_free(t);
		return store_fail(st, err, "cannot read from the database");
	}
	*out = t;
	return 0;
}

int store_lookup_id(struct store *st, const char *sql, const char *param,
		    int64_t city_id, int64_t *out, struct ft_error *err)
{
	struct db_stmt *stmt;
	int rc;

	if (store_prepare(st, sql, &stmt, err))
		return -1;
	store_bind_text(stmt, 1, param);
	if (db_bind_parameter_count(stmt) >= 2)
		db_bind_int64(stmt, 2, city_id);
	rc = db_step(stmt);
	if (rc == DB_ROW)
		*out = db_column_int64(stmt, 0);
	db_finalize(stmt);
	if (rc == DB_ROW)
		return 1;
	if (rc == DB_DONE)
		return 0;
	return store_fail(st, err, "cannot read from the database");
}

int store_setting_get(struct store *st, const char *key, char *buf, size_t bufsize,
		      struct ft_error *err)
{
	struct db_stmt *stmt;
	int rc;

	if (store_prepare(st, "SELECT value FROM setting WHERE key = ?1", &stmt, err))
		return -1;
	store_bind_text(stmt, 1, key);
	rc = db_step(stmt);
	if (rc == DB_ROW)
		snprintf(buf, bufsize, "%s", (const char *)db_column_text(stmt, 0));
	db_finalize(stmt);
	if (rc == DB_ROW)
		return 1;
	if (rc == DB_DONE)
		return 0;
	return store_fail(st, err, "cannot read setting");
}

struct setting_kv {
	const char *key;
	const char *value;
};

static int write_setting(struct store *st, void *arg, struct ft_error *err)
{
	const struct setting_kv *kv = arg;

	return store_run(st,
			 "INSERT INTO setting (key, value) VALUES (?1, ?2) "
			 "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
			 "cannot save setting", err, "tt", kv->key, kv->value);
}

int store_setting_set(struct store *st, const char *key, const char *value,
		      struct ft_error *err)
{
	struct setting_kv kv = { key, value };

	return store_write(st, write_setting, &kv, err);
}
