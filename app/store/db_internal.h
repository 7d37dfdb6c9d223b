/* db_internal.h - what db.c needs from the two engines (db_sqlite.c,
 * db_pg.c). Not for use outside those three files. */
#ifndef FT_DB_INTERNAL_H
#define FT_DB_INTERNAL_H

#include <stdint.h>

#include "db.h"

/* One table of functions per engine; struct db and struct db_stmt start
 * with a pointer to it, so db.c forwards without knowing the engine. */
struct db_ops {
	enum db_kind kind;
	int (*close)(struct db *db);
	struct sqlite3 *(*sqlite_handle)(struct db *db);
	const char *(*errmsg)(struct db *db);
	enum db_error (*errcode)(struct db *db);
	int (*system_errno)(struct db *db);
	int (*exec)(struct db *db, const char *sql);
	int (*prepare)(struct db *db, const char *sql, struct db_stmt **out);
	int (*changes)(struct db *db);
	int64_t (*last_insert_rowid)(struct db *db);
	int (*get_autocommit)(struct db *db);
	int (*busy_timeout)(struct db *db, int ms);
	int (*begin)(struct db *db, enum db_txn kind);

	int (*step)(struct db_stmt *s);
	int (*reset)(struct db_stmt *s);
	int (*clear_bindings)(struct db_stmt *s);
	int (*finalize)(struct db_stmt *s);
	const char *(*sql)(struct db_stmt *s);
	int (*bind_parameter_count)(struct db_stmt *s);
	int (*bind_int64)(struct db_stmt *s, int idx, int64_t v);
	int (*bind_double)(struct db_stmt *s, int idx, double v);
	int (*bind_textn)(struct db_stmt *s, int idx, const char *t, int len);
	/* NULL: bind_textn (a copy) */
	int (*bind_text_static)(struct db_stmt *s, int idx, const char *t);
	int (*bind_null)(struct db_stmt *s, int idx);
	int (*column_count)(struct db_stmt *s);
	const char *(*column_name)(struct db_stmt *s, int col);
	int (*column_type)(struct db_stmt *s, int col);
	int64_t (*column_int64)(struct db_stmt *s, int col);
	double (*column_double)(struct db_stmt *s, int col);
	const unsigned char *(*column_text)(struct db_stmt *s, int col);
	int (*column_bytes)(struct db_stmt *s, int col);
};

struct db {
	const struct db_ops *ops;
};

struct db_stmt {
	const struct db_ops *ops;
};

int db_sqlite_open(const char *target, struct db **out, int flags);
/* SQLite's process-wide settings, once, before its first database. */
void db_sqlite_configure(void);
int db_pg_open(const char *uri, struct db **out, int flags);

/* ?NNN -> $NNN and a bare ? -> $(largest so far + 1), as SQLite numbers
 * them (https://sqlite.org/lang_expr.html#varparam); literals, quoted names
 * and comments are left alone. *nparams = the largest number. Caller
 * frees; NULL when out of memory. In db_pg.c, built with libpq only. */
char *db_pg_translate_placeholders(const char *sql, int *nparams);

#endif
