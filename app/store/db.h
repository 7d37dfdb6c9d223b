/* db.h - one small database API over two engines: SQLite (embedded, the
 * default) and PostgreSQL (a department's server, through libpq).
 *
 * The API is shaped like SQLite's own C API on purpose: the same names with
 * db_ for sqlite3_, the same argument order, the same result codes
 * (DB_ROW = SQLITE_ROW, ...) and value types. That keeps the switch of
 * ~850 call sites a mechanical rename (tools/codemod-db.py) instead of a
 * rewrite, and an SQLite reader reads it at once.
 *
 * Which engine: db_open() looks at the target. "postgresql://..." or
 * "postgres://..." (RFC 3986 URI as libpq takes it) is a server; anything
 * else is an SQLite path or "file:" URI as before. Credentials for the
 * server come only from libpq's own sources: a service file
 * (PGSERVICEFILE, ~/.pg_service.conf), the password file (PGPASSFILE,
 * ~/.pgpass) or the environment (PGUSER, PGHOST, ...). A URI that carries
 * a password is refused: it would show in `ps`, the shell history and the
 * audit log's command line.
 *
 * SQL: statements are written once, with ?NNN placeholders (?1, ?2, ...) and
 * the common subset of both dialects (docs/postgresql.md). On PostgreSQL
 * db_prepare translates the placeholders to $NNN once; the statement runs
 * at the first db_step with the bound values (PQexecParams), and its rows
 * are then read one by one as from SQLite.
 */
#ifndef FT_DB_H
#define FT_DB_H

#include <stdint.h>

struct db;
struct db_stmt;
struct sqlite3; /* only for db_sqlite_handle: no sqlite3.h here */

enum db_kind { DB_KIND_SQLITE, DB_KIND_POSTGRES };

/* Result codes: the values of SQLite's, so both read the same in a debugger. */
#define DB_OK 0
#define DB_ERROR 1
#define DB_NOMEM 7
#define DB_MISUSE 21
#define DB_RANGE 25
#define DB_ROW 100
#define DB_DONE 101

/* Column types (SQLite's fundamental datatypes). */
#define DB_INTEGER 1
#define DB_FLOAT 2
#define DB_TEXT 3
#define DB_BLOB 4
#define DB_NULL 5

/* Open flags (SQLite's values; the server ignores all but READONLY). */
#define DB_OPEN_READONLY 0x00000001
#define DB_OPEN_READWRITE 0x00000002
#define DB_OPEN_CREATE 0x00000004
#define DB_OPEN_URI 0x00000040
#define DB_OPEN_NOMUTEX 0x00008000

/* What went wrong, in terms both engines share (SQLSTATE classes on the
 * server, extended result codes in SQLite). */
enum db_error {
	DB_ERR_NONE,
	DB_ERR_OTHER,
	DB_ERR_CONSTRAINT, /* the class of the six below (db_error_class) */
	DB_ERR_CONSTRAINT_PRIMARYKEY,
	DB_ERR_CONSTRAINT_UNIQUE,
	DB_ERR_CONSTRAINT_FOREIGNKEY,
	DB_ERR_CONSTRAINT_NOTNULL,
	DB_ERR_CONSTRAINT_CHECK,
	DB_ERR_CONSTRAINT_TRIGGER, /* RAISE(ABORT) / RAISE EXCEPTION in a trigger */
	DB_ERR_BUSY,               /* locked (SQLite) or serialization failure / deadlock */
	DB_ERR_FULL,
	DB_ERR_IOERR,
	DB_ERR_IOERR_WRITE,
	DB_ERR_READONLY,
	DB_ERR_NOMEM,
	DB_ERR_PERMISSION, /* the server refused: no privilege for this role */
	DB_ERR_CONNECTION  /* the server went away */
};

/* The broad class of an error: every DB_ERR_CONSTRAINT_* is
 * DB_ERR_CONSTRAINT, DB_ERR_IOERR_WRITE is DB_ERR_IOERR, others are
 * themselves (SQLite's "extended code & 0xff"). */
int db_error_class(int code);

/* 1 when target names a PostgreSQL server (postgresql:// or postgres://). */
int db_is_server_target(const char *target);

/* Opens target (see above) with DB_OPEN_* flags. Returns DB_OK, or an error
 * code with *out still set when a connection object exists (read
 * db_errmsg, then db_close), like sqlite3_open_v2. A server target when
 * fundtrack was built without libpq fails with a message saying so. */
int db_open_v2(const char *target, struct db **out, int flags);
int db_close(struct db *db); /* NULL is fine */

enum db_kind db_kind(const struct db *db);
/* The SQLite connection, for the few SQLite-only features (SQL functions
 * registered in C, hooks, tests poking at a file); NULL on a server. */
struct sqlite3 *db_sqlite_handle(struct db *db);

/* Last error of the connection: text (never NULL) and kind. */
const char *db_errmsg(struct db *db);
enum db_error db_errcode(struct db *db);
/* errno of the last failed file operation (SQLite); 0 on a server. */
int db_system_errno(struct db *db);

/* Runs one or more statements without parameters or result rows. */
int db_exec(struct db *db, const char *sql);

/* Prepares sql (one statement, placeholders ?NNN or ?). The rest of the
 * string after the statement is not looked at. */
int db_prepare(struct db *db, const char *sql, struct db_stmt **out);
int db_step(struct db_stmt *stmt);
int db_reset(struct db_stmt *stmt); /* keeps the bindings, as SQLite does */
int db_clear_bindings(struct db_stmt *stmt);
int db_finalize(struct db_stmt *stmt); /* NULL is fine */
const char *db_sql(struct db_stmt *stmt); /* the SQL as written (?NNN) */
int db_bind_parameter_count(struct db_stmt *stmt);

int db_bind_int64(struct db_stmt *stmt, int idx, int64_t value);
int db_bind_int(struct db_stmt *stmt, int idx, int value);
int db_bind_double(struct db_stmt *stmt, int idx, double value);
/* The text is copied; text NULL binds NULL. */
int db_bind_text(struct db_stmt *stmt, int idx, const char *text);
/* len bytes of text (len < 0: up to the NUL). */
int db_bind_textn(struct db_stmt *stmt, int idx, const char *text, int len);
/* The text is not copied where the back end can avoid it (SQLite): it
 * must stay as it is until the statement is reset and its bindings
 * cleared (db_clear_bindings) or the parameter is bound again. text NULL
 * binds NULL. For values bound by the thousand (an import's rows), where
 * the copy cost a malloc and a free each. */
int db_bind_text_static(struct db_stmt *stmt, int idx, const char *text);
int db_bind_null(struct db_stmt *stmt, int idx);

/* Result columns of the current row. On the server, column_count and
 * column_name are known once the statement has been stepped. */
int db_column_count(struct db_stmt *stmt);
const char *db_column_name(struct db_stmt *stmt, int col);
int db_column_type(struct db_stmt *stmt, int col);
int64_t db_column_int64(struct db_stmt *stmt, int col);
int db_column_int(struct db_stmt *stmt, int col);
double db_column_double(struct db_stmt *stmt, int col);
/* Valid until the next step, reset or finalize; NULL for SQL NULL.
 * unsigned char as sqlite3_column_text, so call sites keep their casts. */
const unsigned char *db_column_text(struct db_stmt *stmt, int col);
int db_column_bytes(struct db_stmt *stmt, int col);

/* Rows changed by the last INSERT/UPDATE/DELETE (not counting triggers). */
int db_changes(struct db *db);
/* Id of the row the last successful INSERT created: SQLite's rowid; on
 * the server the "id" column of the last prepared INSERT into a table that
 * has one (db_pg.c appends RETURNING id; an INSERT through db_exec does
 * not set it there). */
int64_t db_last_insert_rowid(struct db *db);
/* 1 outside a transaction, 0 inside one (sqlite3_get_autocommit). */
int db_get_autocommit(struct db *db);
/* How long a writer waits for a lock before DB_ERR_BUSY. */
int db_busy_timeout(struct db *db, int ms);

/* Transactions: write = BEGIN IMMEDIATE (SQLite) / BEGIN ISOLATION LEVEL
 * SERIALIZABLE (server: a conflict is DB_ERR_BUSY and the caller retries
 * the whole transaction); read = a consistent snapshot. */
enum db_txn { DB_TXN_READ, DB_TXN_WRITE };
int db_begin(struct db *db, enum db_txn kind);
int db_commit(struct db *db);
int db_rollback(struct db *db);

#endif
