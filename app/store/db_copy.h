/* db_copy.h - a whole fundtrack database copied into a new one, between
 * the two engines in either direction (fundtrack db copy, issue 20).
 *
 * What is copied: every table of the schema, row by row with its ids
 * (and the rowid where the schema's own SQL uses it), the audit log
 * included with its hash chain as it is: the copy's `audit verify` says
 * what the original's says, and `export` writes the same bytes. Tables
 * and columns come from fundtrack's own schema (its migrations applied to
 * an in-memory SQLite database), not from either engine's catalogue, so
 * one piece of code reads either engine and writes either through db.h.
 *
 * How: the source is read in one read transaction (one snapshot); the
 * target is written in one write transaction, with its triggers off for
 * the copy (the audit triggers would log every copied row anew and the
 * check triggers judge history by today's rules): SQLite drops them and
 * creates them again from their own text before the commit, PostgreSQL
 * disables them (ALTER TABLE ... DISABLE TRIGGER USER: the role that runs
 * the copy must own the tables, i.e. be fundtrack_owner). Foreign keys
 * stay on: tables are filled parents first.
 *
 * The target must be new or empty: as a fresh database it may hold only
 * what the migrations put there (the base rates, the terms and their log
 * entries), which the copy replaces; anything more is refused.
 */
#ifndef FT_DB_COPY_H
#define FT_DB_COPY_H

#include <stdint.h>

#include "error.h"
#include "store.h"

struct db_copy_result {
	int tables;            /* tables copied */
	int64_t rows;          /* rows copied, the audit log's included */
	int64_t audit_entries; /* of which audit log entries */
	int target_created;    /* the target file did not exist before (SQLite) */
};

/* Copies the database at from (a path or postgresql:// URI, must exist)
 * into to (a new SQLite file, or an empty database). user and command are
 * what the target's migrations log (store_open_as). On failure nothing is
 * left: a target file this call created is removed again. */
int db_copy(const char *from, const char *to, enum store_journal journal, const char *user,
	    const char *command, struct db_copy_result *out, struct ft_error *err);

/* The copy between two open stores (to must be empty, see above). */
int db_copy_stores(struct store *from, struct store *to, struct db_copy_result *out,
		   struct ft_error *err);

#endif
