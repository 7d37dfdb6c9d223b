/* audit_chain.h - what the audit triggers of schema/003_audit.sql need
 * from the program: who writes, with which command, and the hash that
 * chains each log entry to the one before.
 *
 * store_open registers four SQL functions on every connection:
 *   ft_audit_user()      the acting user (see audit_actor_set)
 *   ft_audit_command()   the command line that writes
 *   ft_audit_hash(prev, id, at, user, command, table, row_id, record,
 *                 action, old, new)
 *                        the entry's hash (audit_hash_fields)
 *   ft_audit_bulk()      0, or the partner city whose import is being
 *                        written: its rows skip the row triggers
 *                        (schema/013_bulk_import.sql, store_audit_bulk_city)
 * A connection without them (the sqlite3 shell, another program) cannot
 * write to any audited table: the triggers fail with "no such function".
 * That stops mistakes, not a forger: the hash below has no secret, so any
 * program can register functions of these names and rewrite the log
 * consistently. Only an anchor kept outside the database (audit_anchor.h)
 * shows that.
 *
 * The hash of an entry is SHA-256 over
 *   prev_hash "\n" field_1 "\n" ... field_10
 * where prev_hash is the previous entry's hash in 64 lowercase hex digits
 * (64 zeros for the first entry) and each field is "-" for NULL, else its
 * length in bytes, ':' and its text (integers in decimal). The fields are
 * id, at, user, command, table, row_id, record, action, old, new.
 */
#ifndef FT_AUDIT_CHAIN_H
#define FT_AUDIT_CHAIN_H

#include <sqlite3.h>

#include "db.h"
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "sha256.h"

enum {
	AUDIT_USER_MAX = 64,      /* bytes of a user name */
	AUDIT_COMMAND_MAX = 1000, /* bytes of a logged command line */
	AUDIT_HASHED_FIELDS = 10
};

/* The hash before the first entry: 64 zeros. */
extern const char audit_genesis_hash[SHA256_HEX];

struct audit_actor;

/* Registers the four functions on db. The actor they read is owned by
 * the connection (freed when db closes); *out may be used to change it
 * until then. On a PostgreSQL connection nothing is registered: the
 * functions of schema/pg/compat.sql read the actor from the session's
 * settings fundtrack.audit_*, which the actor keeps current (free it with
 * audit_chain_disconnect). Its user starts as audit_default_user(), its command as "".
 * On a server the user is always the role the server authenticated
 * (session_user); a name from --user or $FUNDTRACK_USER that differs is
 * kept after it in parentheses: "mueller (Frau Müller)". */
int audit_chain_connect(struct db *db, struct audit_actor **out, struct ft_error *err);

/* Sets the user (NULL: keep) and the command line (NULL: keep). A user
 * must be 1 to AUDIT_USER_MAX bytes of one line of text as text.h allows
 * it (UTF-8, no control or bidi characters); a longer
 * command is cut at a character boundary and marked with "...". */
int audit_actor_set(struct audit_actor *a, const char *user, const char *command,
		    struct ft_error *err);

/* Sets what ft_audit_bulk() returns (0: every row trigger as usual). */
int audit_actor_bulk_city(struct audit_actor *a, int64_t city_id, struct ft_error *err);
/* What ft_audit_bulk() returns now. */
int64_t audit_actor_bulk_city_now(const struct audit_actor *a);
/* Frees a server connection's actor (SQLite's goes with the connection);
 * call before closing db. NULL is fine. */
void audit_chain_disconnect(struct audit_actor *a);

/* $FUNDTRACK_USER when set and valid, else the login name of the
 * effective user, else "uid-N". */
void audit_default_user(char buf[AUDIT_USER_MAX + 1]);

/* Checks a user name given by --user or the environment. */
int audit_check_user(const char *user, struct ft_error *err);

struct audit_field {
	const char *text; /* NULL for SQL NULL */
	size_t len;
};

/* The hash of one entry (see above). */
void audit_hash_fields(const char *prev_hash, const struct audit_field fields[AUDIT_HASHED_FIELDS],
		       char hex[SHA256_HEX]);

#endif
