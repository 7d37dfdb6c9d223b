/* db.c - the engine-neutral entry points of db.h: choose the engine by
 * the target, then forward every call to its table (db_internal.h). */
#include "db.h"

#include <string.h>

#include "db_internal.h"

int db_is_server_target(const char *target)
{
	return target && (strncmp(target, "postgresql://", 13) == 0 ||
			  strncmp(target, "postgres://", 11) == 0);
}

int db_error_class(int code)
{
	switch (code) {
	case DB_ERR_CONSTRAINT_PRIMARYKEY:
	case DB_ERR_CONSTRAINT_UNIQUE:
	case DB_ERR_CONSTRAINT_FOREIGNKEY:
	case DB_ERR_CONSTRAINT_NOTNULL:
	case DB_ERR_CONSTRAINT_CHECK:
	case DB_ERR_CONSTRAINT_TRIGGER:
		return DB_ERR_CONSTRAINT;
	case DB_ERR_IOERR_WRITE:
		return DB_ERR_IOERR;
	default:
		return code;
	}
}

int db_open_v2(const char *target, struct db **out, int flags)
{
	*out = NULL;
	if (!target)
		return DB_MISUSE;
	if (db_is_server_target(target))
		return db_pg_open(target, out, flags);
	return db_sqlite_open(target, out, flags);
}

int db_close(struct db *db)
{
	return db ? db->ops->close(db) : DB_OK;
}

enum db_kind db_kind(const struct db *db)
{
	return db->ops->kind;
}

struct sqlite3 *db_sqlite_handle(struct db *db)
{
	return db ? db->ops->sqlite_handle(db) : NULL;
}

const char *db_errmsg(struct db *db)
{
	return db ? db->ops->errmsg(db) : "out of memory";
}

enum db_error db_errcode(struct db *db)
{
	return db ? db->ops->errcode(db) : DB_ERR_NOMEM;
}

int db_system_errno(struct db *db)
{
	return db->ops->system_errno(db);
}

int db_exec(struct db *db, const char *sql)
{
	return db->ops->exec(db, sql);
}

int db_prepare(struct db *db, const char *sql, struct db_stmt **out)
{
	*out = NULL;
	return db->ops->prepare(db, sql, out);
}

int db_changes(struct db *db)
{
	return db->ops->changes(db);
}

int64_t db_last_insert_rowid(struct db *db)
{
	return db->ops->last_insert_rowid(db);
}

int db_get_autocommit(struct db *db)
{
	return db->ops->get_autocommit(db);
}

int db_busy_timeout(struct db *db, int ms)
{
	return db->ops->busy_timeout(db, ms);
}

int db_begin(struct db *db, enum db_txn kind)
{
	return db->ops->begin(db, kind);
}

int db_commit(struct db *db)
{
	return db->ops->exec(db, "COMMIT");
}

int db_rollback(struct db *db)
{
	return db->ops->exec(db, "ROLLBACK");
}

int db_step(struct db_stmt *s)
{
	return s ? s->ops->step(s) : DB_MISUSE;
}

int db_reset(struct db_stmt *s)
{
	return s ? s->ops->reset(s) : DB_OK;
}

int db_clear_bindings(struct db_stmt *s)
{
	return s->ops->clear_bindings(s);
}

int db_finalize(struct db_stmt *s)
{
	return s ? s->ops->finalize(s) : DB_OK;
}

const char *db_sql(struct db_stmt *s)
{
	return s->ops->sql(s);
}

int db_bind_parameter_count(struct db_stmt *s)
{
	return s->ops->bind_parameter_count(s);
}

int db_bind_int64(struct db_stmt *s, int idx, int64_t value)
{
	return s->ops->bind_int64(s, idx, value);
}

int db_bind_int(struct db_stmt *s, int idx, int value)
{
	return s->ops->bind_int64(s, idx, value);
}

int db_bind_double(struct db_stmt *s, int idx, double value)
{
	return s->ops->bind_double(s, idx, value);
}

int db_bind_text(struct db_stmt *s, int idx, const char *text)
{
	if (!text)
		return s->ops->bind_null(s, idx);
	return s->ops->bind_textn(s, idx, text, -1);
}

int db_bind_text_static(struct db_stmt *s, int idx, const char *text)
{
	if (!text)
		return s->ops->bind_null(s, idx);
	if (s->ops->bind_text_static)
		return s->ops->bind_text_static(s, idx, text);
	return s->ops->bind_textn(s, idx, text, -1);
}

int db_bind_textn(struct db_stmt *s, int idx, const char *text, int len)
{
	if (!text)
		return s->ops->bind_null(s, idx);
	return s->ops->bind_textn(s, idx, text, len);
}

int db_bind_null(struct db_stmt *s, int idx)
{
	return s->ops->bind_null(s, idx);
}

int db_column_count(struct db_stmt *s)
{
	return s->ops->column_count(s);
}

const char *db_column_name(struct db_stmt *s, int col)
{
	return s->ops->column_name(s, col);
}

int db_column_type(struct db_stmt *s, int col)
{
	return s->ops->column_type(s, col);
}

int64_t db_column_int64(struct db_stmt *s, int col)
{
	return s->ops->column_int64(s, col);
}

int db_column_int(struct db_stmt *s, int col)
{
	/* SQLite keeps the low 32 bits; so do we */
	return (int)(uint32_t)s->ops->column_int64(s, col);
}

double db_column_double(struct db_stmt *s, int col)
{
	return s->ops->column_double(s, col);
}

const unsigned char *db_column_text(struct db_stmt *s, int col)
{
	return s->ops->column_text(s, col);
}

int db_column_bytes(struct db_stmt *s, int col)
{
	return s->ops->column_bytes(s, col);
}
