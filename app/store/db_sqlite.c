/* db_sqlite.c - db.h on SQLite: a thin layer, almost every call is the
 * sqlite3_* call of the same name. */
#include <pthread.h>
#include <sqlite3.h>
#include <stdlib.h>

#include "db.h"
#include "db_internal.h"

struct sq_db {
	struct db base; /* first: a struct db * points here */
	sqlite3 *handle;
};

struct sq_stmt {
	struct db_stmt base;
	sqlite3_stmt *handle;
};

static sqlite3 *H(struct db *db)
{
	return ((struct sq_db *)db)->handle;
}

static sqlite3_stmt *S(struct db_stmt *s)
{
	return ((struct sq_stmt *)s)->handle;
}

static int sq_close(struct db *db)
{
	int rc = sqlite3_close_v2(H(db));

	free(db);
	return rc;
}

static struct sqlite3 *sq_sqlite_handle(struct db *db)
{
	return H(db);
}

static const char *sq_errmsg(struct db *db)
{
	return H(db) ? sqlite3_errmsg(H(db)) : "out of memory";
}

static enum db_error sq_errcode(struct db *db)
{
	int code = sqlite3_extended_errcode(H(db));

	switch (code) {
	case SQLITE_OK:
	case SQLITE_ROW:
	case SQLITE_DONE:
		return DB_ERR_NONE;
	case SQLITE_CONSTRAINT_PRIMARYKEY:
	case SQLITE_CONSTRAINT_ROWID:
		return DB_ERR_CONSTRAINT_PRIMARYKEY;
	case SQLITE_CONSTRAINT_UNIQUE:
		return DB_ERR_CONSTRAINT_UNIQUE;
	case SQLITE_CONSTRAINT_FOREIGNKEY:
		return DB_ERR_CONSTRAINT_FOREIGNKEY;
	case SQLITE_CONSTRAINT_NOTNULL:
		return DB_ERR_CONSTRAINT_NOTNULL;
	case SQLITE_CONSTRAINT_CHECK:
		return DB_ERR_CONSTRAINT_CHECK;
	case SQLITE_CONSTRAINT_TRIGGER:
		return DB_ERR_CONSTRAINT_TRIGGER;
	case SQLITE_IOERR_WRITE:
		return DB_ERR_IOERR_WRITE;
	default:
		break;
	}
	switch (code & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return DB_ERR_BUSY;
	case SQLITE_FULL:
		return DB_ERR_FULL;
	case SQLITE_IOERR:
		return DB_ERR_IOERR;
	case SQLITE_READONLY:
		return DB_ERR_READONLY;
	case SQLITE_NOMEM:
		return DB_ERR_NOMEM;
	case SQLITE_PERM:
	case SQLITE_AUTH:
		return DB_ERR_PERMISSION;
	case SQLITE_CONSTRAINT:
		return DB_ERR_CONSTRAINT_TRIGGER; /* RAISE(ABORT, ...) */
	default:
		return DB_ERR_OTHER;
	}
}

static int sq_system_errno(struct db *db)
{
	return sqlite3_system_errno(H(db));
}

static int sq_exec(struct db *db, const char *sql)
{
	return sqlite3_exec(H(db), sql, NULL, NULL, NULL);
}

static const struct db_ops sq_ops;

static int sq_prepare(struct db *db, const char *sql, struct db_stmt **out)
{
	struct sq_stmt *s = calloc(1, sizeof(*s));
	int rc;

	if (!s)
		return SQLITE_NOMEM;
	rc = sqlite3_prepare_v2(H(db), sql, -1, &s->handle, NULL);
	if (rc != SQLITE_OK || !s->handle) {
		/* an empty statement (only a comment) prepares to NULL in SQLite */
		sqlite3_finalize(s->handle);
		free(s);
		return rc != SQLITE_OK ? rc : SQLITE_MISUSE;
	}
	s->base.ops = &sq_ops;
	*out = &s->base;
	return SQLITE_OK;
}

static int sq_changes(struct db *db)
{
	return sqlite3_changes(H(db));
}

static int64_t sq_last_insert_rowid(struct db *db)
{
	return sqlite3_last_insert_rowid(H(db));
}

static int sq_get_autocommit(struct db *db)
{
	return sqlite3_get_autocommit(H(db));
}

static int sq_busy_timeout(struct db *db, int ms)
{
	return sqlite3_busy_timeout(H(db), ms);
}

static int sq_begin(struct db *db, enum db_txn kind)
{
	/* IMMEDIATE takes the write lock now, so a writer never fails half-way
	 * through on a lock upgrade (https://sqlite.org/lang_transaction.html) */
	return sq_exec(db, kind == DB_TXN_WRITE ? "BEGIN IMMEDIATE" : "BEGIN");
}

static int sq_step(struct db_stmt *s)
{
	return sqlite3_step(S(s));
}

static int sq_reset(struct db_stmt *s)
{
	return sqlite3_reset(S(s));
}

static int sq_clear_bindings(struct db_stmt *s)
{
	return sqlite3_clear_bindings(S(s));
}

static int sq_finalize(struct db_stmt *s)
{
	int rc = sqlite3_finalize(S(s));

	free(s);
	return rc;
}

static const char *sq_sql(struct db_stmt *s)
{
	return sqlite3_sql(S(s));
}

static int sq_bind_parameter_count(struct db_stmt *s)
{
	return sqlite3_bind_parameter_count(S(s));
}

static int sq_bind_int64(struct db_stmt *s, int idx, int64_t v)
{
	return sqlite3_bind_int64(S(s), idx, v);
}

static int sq_bind_double(struct db_stmt *s, int idx, double v)
{
	return sqlite3_bind_double(S(s), idx, v);
}

static int sq_bind_textn(struct db_stmt *s, int idx, const char *t, int len)
{
	return sqlite3_bind_text(S(s), idx, t, len, SQLITE_TRANSIENT);
}

static int sq_bind_text_static(struct db_stmt *s, int idx, const char *t)
{
	return sqlite3_bind_text(S(s), idx, t, -1, SQLITE_STATIC);
}

static int sq_bind_null(struct db_stmt *s, int idx)
{
	return sqlite3_bind_null(S(s), idx);
}

static int sq_column_count(struct db_stmt *s)
{
	return sqlite3_column_count(S(s));
}

static const char *sq_column_name(struct db_stmt *s, int col)
{
	return sqlite3_column_name(S(s), col);
}

static int sq_column_type(struct db_stmt *s, int col)
{
	return sqlite3_column_type(S(s), col);
}

static int64_t sq_column_int64(struct db_stmt *s, int col)
{
	return sqlite3_column_int64(S(s), col);
}

static double sq_column_double(struct db_stmt *s, int col)
{
	return sqlite3_column_double(S(s), col);
}

static const unsigned char *sq_column_text(struct db_stmt *s, int col)
{
	return sqlite3_column_text(S(s), col);
}

static int sq_column_bytes(struct db_stmt *s, int col)
{
	return sqlite3_column_bytes(S(s), col);
}

static const struct db_ops sq_ops = {
	.kind = DB_KIND_SQLITE,
	.close = sq_close,
	.sqlite_handle = sq_sqlite_handle,
	.errmsg = sq_errmsg,
	.errcode = sq_errcode,
	.system_errno = sq_system_errno,
	.exec = sq_exec,
	.prepare = sq_prepare,
	.changes = sq_changes,
	.last_insert_rowid = sq_last_insert_rowid,
	.get_autocommit = sq_get_autocommit,
	.busy_timeout = sq_busy_timeout,
	.begin = sq_begin,
	.step = sq_step,
	.reset = sq_reset,
	.clear_bindings = sq_clear_bindings,
	.finalize = sq_finalize,
	.sql = sq_sql,
	.bind_parameter_count = sq_bind_parameter_count,
	.bind_int64 = sq_bind_int64,
	.bind_double = sq_bind_double,
	.bind_textn = sq_bind_textn,
	.bind_text_static = sq_bind_text_static,
	.bind_null = sq_bind_null,
	.column_count = sq_column_count,
	.column_name = sq_column_name,
	.column_type = sq_column_type,
	.column_int64 = sq_column_int64,
	.column_double = sq_column_double,
	.column_text = sq_column_text,
	.column_bytes = sq_column_bytes,
};

/* SQLite counts every allocation under a process-wide mutex so that
 * sqlite3_memory_used() can answer; fundtrack never asks, and the lock
 * and unlock around each malloc and free were 7 % of an import's writer
 * (perf, issue 19). Statement journals (every multi-row INSERT under the
 * booking triggers keeps one) stay in memory up to 4 MB instead of 64 KB,
 * so an import can leave temp_store at FILE: a sort of a grant's million
 * bookings then goes to a temporary file instead of growing the memory.
 * Must run before SQLite initialises itself, hence once, before the first
 * open of any SQLite database (also code_map.c's). */
static void sqlite_configure_once(void)
{
	(void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	(void)sqlite3_config(SQLITE_CONFIG_STMTJRNL_SPILL, 4 << 20);
}

void db_sqlite_configure(void)
{
	static pthread_once_t configured = PTHREAD_ONCE_INIT;

	(void)pthread_once(&configured, sqlite_configure_once);
}

int db_sqlite_open(const char *target, struct db **out, int flags)
{
	struct sq_db *db = calloc(1, sizeof(*db));
	int rc;

	db_sqlite_configure();
	if (!db)
		return SQLITE_NOMEM;
	db->base.ops = &sq_ops;
	/* the DB_OPEN_* values are SQLite's own */
	rc = sqlite3_open_v2(target, &db->handle, flags, NULL);
	*out = &db->base;
	return rc;
}
