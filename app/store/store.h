/* store.h - the SQLite database: opening, pragmas, migrations,
 * transactions and prepared-statement helpers.
 *
 * Every write runs in one BEGIN IMMEDIATE transaction (store_write), so a
 * failure anywhere leaves the database exactly as it was.
 */
#ifndef FT_STORE_H
#define FT_STORE_H

#include "db.h"
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "output.h"

struct store;

enum store_journal { STORE_JOURNAL_WAL, STORE_JOURNAL_DELETE };

enum store_mode {
	STORE_EXISTING, /* refuse a missing file: "run 'fundtrack init' first" */
	STORE_CREATE    /* create the file when missing */
};

/* Opens path, sets foreign keys, busy timeout and journal mode, and
 * applies pending migrations in one transaction. Refuses a database whose
 * schema is newer than this program. On success *out owns the
 * connection (release with store_close). */
int store_open(struct store **out, const char *path, enum store_mode mode,
	       enum store_journal journal, struct ft_error *err);
/* Like store_open, with the user and command for the audit log (see
 * store_set_actor) already set when migrations run: a migration may log
 * (e.g. the baseline entries of schema/003_audit.sql). */
int store_open_as(struct store **out, const char *path, enum store_mode mode,
		  enum store_journal journal, const char *user, const char *command,
		  struct ft_error *err);
void store_close(struct store *st);

struct db *store_db(struct store *st);
const char *store_path(const struct store *st);

/* Drops every table and view of a server database (target a
 * postgresql:// URI): what the demo does instead of removing a file. */
int store_erase_server(const char *target, struct ft_error *err);

/* schema/pg/schema.sql as embedded: the migrations as PostgreSQL runs
 * them (audit verify compares the server's trigger functions with it). */
const char *store_pg_schema_sql(void);

/* Schema version this program writes (number of embedded migrations). */
int store_schema_version(void);
/* The SQL text of migration index (0 = 001_...), or NULL. */
const char *store_migration_sql(int index);
/* Number of migrations applied by the last store_open (0 if up to date). */
int store_migrations_applied(const struct store *st);
/* Number of write transactions (store_write) committed since the store
 * was opened, migrations not counted; 0 for st NULL. */
int store_commits(const struct store *st);

/* Who writes and with which command, for the audit log (see
 * audit_chain.h): user NULL keeps the current one ($FUNDTRACK_USER or the
 * login name until set), command NULL keeps the current one. */
int store_set_actor(struct store *st, const char *user, const char *command,
		    struct ft_error *err);

/* Inside a write transaction that imports a partner city's file: its rows
 * skip the audit row triggers (schema/013_bulk_import.sql); the import is
 * logged as one entry and proven by its rows digest. city_id 0 ends it.
 * Refused for the own city, whose rows are always logged one by one. */
int store_audit_bulk_city(struct store *st, int64_t city_id, struct ft_error *err);

/* While a partner city is imported (store_audit_bulk_city): the
 * connection's row triggers off (unguarded 1) or on again (0). The caller
 * vouches for what the triggers of the rows it writes would have done
 * (exchange_import_ledger.c). SQLite only: a server keeps its triggers and
 * this does nothing. Ending the bulk city (city_id 0) switches them on. */
int store_bulk_rows_unguarded(struct store *st, int unguarded, struct ft_error *err);


/* Runs fn(st, arg, err) inside BEGIN IMMEDIATE ... COMMIT; rolls back
 * when fn returns non-zero or the commit fails. On a server, a write the
 * server rolled back for a deadlock, a serialisation failure or a lock
 * timeout (DB_ERR_BUSY) is run again, up to 8 times: fn must not keep
 * anything from a failed run but what it writes to the database and its
 * out-values, which the next run writes anew. */
typedef int (*store_write_fn)(struct store *st, void *arg, struct ft_error *err);
int store_write(struct store *st, store_write_fn fn, void *arg, struct ft_error *err);
/* How many write transactions were run again that way since the store was
 * opened (0 for st NULL, always 0 on SQLite). */
int store_write_retries(const struct store *st);

/* Runs fn(st, arg, err) inside one read transaction (BEGIN ... ROLLBACK):
 * every statement of fn sees the same state even while others write.
 * Inside a transaction already open (a read within a write, or within
 * another store_read) fn simply runs in it. Returns fn's result, or -1
 * with err when the transaction cannot start. */
typedef int (*store_read_fn)(struct store *st, void *arg, struct ft_error *err);
int store_read(struct store *st, store_read_fn fn, void *arg, struct ft_error *err);

/* Prepares sql; on failure fills err with SQLite's message. */
int store_prepare(struct store *st, const char *sql, struct db_stmt **out,
		  struct ft_error *err);

/* Prepares head (an "INSERT INTO t (columns) VALUES " made of constant
 * pieces only) followed by rows groups of params placeholders, to insert
 * rows rows with one statement; on failure fills err. */
int store_prepare_rows(struct store *st, const char *head, int params, int rows,
		       struct db_stmt **out, struct ft_error *err);

/* Fills err from the connection's last error, prefixed with what was
 * being done; translates constraint and disk-full errors into plain words.
 * Returns -1. */
int store_fail(struct store *st, struct ft_error *err, const char *doing);

/* Steps a statement expected to finish (INSERT/UPDATE/DELETE) and resets
 * it. Returns 0 or -1 with err. */
int store_step_done(struct store *st, struct db_stmt *stmt, const char *doing,
		    struct ft_error *err);

/* Runs one statement that returns no rows, binding the variadic values to
 * ?1..?n by the letters of types:
 *   'i' int64_t, 'n' int, 't' const char * (NULL binds NULL),
 *   'o' int64_t where a negative value binds NULL (an optional id/amount).
 * Returns 0, or -1 with err ("<doing>: <reason>"). */
int store_run(struct store *st, const char *sql, const char *doing, struct ft_error *err,
	      const char *types, ...);

/* Binds text or NULL when text is NULL. */
int store_bind_text(struct db_stmt *stmt, int idx, const char *text);
/* Binds an int64, or NULL when is_null. */
int store_bind_opt_int(struct db_stmt *stmt, int idx, int64_t value, int is_null);

/* Runs sql with text parameters params[0..nparams) bound to ?1..?n, and
 * appends every result row to a new out_table with the given columns (the
 * query must return exactly ncols columns, typed as the columns say).
 * On success *out owns the table. */
int store_query_table(struct store *st, const char *sql, const char *const *params,
		      int nparams, const struct out_column *cols, size_t ncols,
		      struct out_table **out, struct ft_error *err);

/* Looks up a single integer (e.g. an id) by one text parameter; returns 1
 * when found (stored in *out), 0 when no row, -1 on error. */
int store_lookup_id(struct store *st, const char *sql, const char *param,
		    int64_t city_id, int64_t *out, struct ft_error *err);

/* Settings: returns 1 and copies the value when set, 0 when not set. */
int store_setting_get(struct store *st, const char *key, char *buf, size_t bufsize,
		      struct ft_error *err);
int store_setting_set(struct store *st, const char *key, const char *value,
		      struct ft_error *err);

#endif
