#include "audit_chain.h"

#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sqlite3.h>

#include "db.h"

#include "strbuf.h"
#include "text.h"
#include "utf8.h"

const char audit_genesis_hash[SHA256_HEX] =
	"0000000000000000000000000000000000000000000000000000000000000000";

/* The last hash ft_audit_hash computed, with its arguments: every entry
 * is hashed twice in a row with the same arguments, by audit_append_entry
 * and by the guard audit_log_chained (schema/003_audit.sql); the second
 * time the hash is taken from here (issue 19: an audited import spent a
 * tenth of its time in SHA-256). */
struct hash_memo {
	int valid;
	char prev[SHA256_HEX];
	struct {
		int null;
		size_t off, len; /* in data */
	} f[AUDIT_HASHED_FIELDS];
	struct strbuf data;
	char hex[SHA256_HEX];
};

struct audit_actor {
	char user[AUDIT_USER_MAX + 1];
	char command[AUDIT_COMMAND_MAX + 1];
	int64_t bulk_city; /* ft_audit_bulk(): the partner city being imported, 0 = none */
	struct hash_memo memo;
	struct db *server; /* a PostgreSQL connection: the actor lives in its settings */
	char role[AUDIT_USER_MAX + 1]; /* on a server: session_user, who logged in */
};

int audit_check_user(const char *user, struct ft_error *err)
{
	size_t len = strlen(user);
	char why[TEXT_PROBLEM_MAX];
	const char *problem;

	if (len == 0 || strspn(user, " \t") == len)
		return ft_fail(err, "user name must not be empty");
	/* before the user name is quoted in any message */
	if ((problem = text_problem(user, TEXT_LINE, why)))
		return ft_fail(err, "user name %s", problem);
	if (len > AUDIT_USER_MAX)
		return ft_fail(err, "user name '%s' is longer than %d bytes", user, AUDIT_USER_MAX);
	return 0;
}

void audit_default_user(char buf[AUDIT_USER_MAX + 1])
{
	const char *env = getenv("FUNDTRACK_USER");
	struct passwd *pw;

	if (env && audit_check_user(env, NULL) == 0) {
		snprintf(buf, AUDIT_USER_MAX + 1, "%s", env);
		return;
	}
	pw = getpwuid(geteuid());
	if (pw && pw->pw_name && audit_check_user(pw->pw_name, NULL) == 0)
		snprintf(buf, AUDIT_USER_MAX + 1, "%s", pw->pw_name);
	else
		snprintf(buf, AUDIT_USER_MAX + 1, "uid-%lu", (unsigned long)geteuid());
}

/* Copies text, cutting at a UTF-8 character boundary with "..." when it
 * does not fit. */
static void copy_cut(char *dst, size_t size, const char *text)
{
	size_t len = strlen(text), keep;

	if (len < size) {
		memcpy(dst, text, len + 1);
		return;
	}
	keep = utf8_prefix(text, len, size - 4);
	memcpy(dst, text, keep);
	memcpy(dst + keep, "...", 4);
}

/* On a server the SQL functions of compat.sql read the actor from the
 * session's settings fundtrack.audit_user, audit_command and audit_bulk:
 * written whenever the actor changes. */
static int push_to_server(const struct audit_actor *a, struct ft_error *err)
{
	struct db_stmt *stmt;
	char bulk[32];
	int rc;

	if (!a->server)
		return 0;
	snprintf(bulk, sizeof(bulk), "%lld", (long long)a->bulk_city);
	if (db_prepare(a->server,
		       "SELECT set_config('fundtrack.audit_user', ?1, false), "
		       "set_config('fundtrack.audit_command', ?2, false), "
		       "set_config('fundtrack.audit_bulk', ?3, false)",
		       &stmt) != DB_OK)
		return ft_fail(err, "cannot set the audit user: %s", db_errmsg(a->server));
	db_bind_text(stmt, 1, a->user);
	db_bind_text(stmt, 2, a->command);
	db_bind_text(stmt, 3, bulk);
	rc = db_step(stmt);
	db_finalize(stmt);
	if (rc != DB_ROW)
		return ft_fail(err, "cannot set the audit user: %s", db_errmsg(a->server));
	return 0;
}

/* The user of a server's entries: the role the server authenticated
 * (session_user), since a name given on the client (--user, the login
 * of the officer's machine) proves nothing to the server; a name given
 * besides it is kept after it: "svc_import (Frau Müller)". */
static void server_user(struct audit_actor *a, const char *named)
{
	char both[2 * AUDIT_USER_MAX + 8];

	if (!named || strcmp(named, a->role) == 0) {
		snprintf(a->user, sizeof(a->user), "%s", a->role);
		return;
	}
	snprintf(both, sizeof(both), "%s (%s)", a->role, named);
	copy_cut(a->user, sizeof(a->user), both);
}

int audit_actor_set(struct audit_actor *a, const char *user, const char *command,
		    struct ft_error *err)
{
	if (user) {
		if (audit_check_user(user, err))
			return -1;
		if (a->server)
			server_user(a, user);
		else
			snprintf(a->user, sizeof(a->user), "%s", user);
	}
	if (command)
		copy_cut(a->command, sizeof(a->command), command);
	return push_to_server(a, err);
}

static void hash_field(struct sha256 *h, const struct audit_field *f)
{
	char len[32];

	sha256_update(h, "\n", 1);
	if (!f->text) {
		sha256_update(h, "-", 1);
		return;
	}
	snprintf(len, sizeof(len), "%zu:", f->len);
	sha256_update(h, len, strlen(len));
	sha256_update(h, f->text, f->len);
}

void audit_hash_fields(const char *prev_hash, const struct audit_field fields[AUDIT_HASHED_FIELDS],
		       char hex[SHA256_HEX])
{
	unsigned char digest[SHA256_DIGEST];
	struct sha256 h;

	sha256_init(&h);
	sha256_update(&h, prev_hash, strlen(prev_hash));
	for (int i = 0; i < AUDIT_HASHED_FIELDS; i++)
		hash_field(&h, &fields[i]);
	sha256_final(&h, digest);
	sha256_hex(digest, hex);
}

/* ---- the SQL functions ----------------------------------------------- */

static void sql_user(sqlite3_context *c, int argc, sqlite3_value **argv)
{
	const struct audit_actor *a = sqlite3_user_data(c);

	(void)argc;
	(void)argv;
	sqlite3_result_text(c, a->user, -1, SQLITE_TRANSIENT);
}

static void sql_command(sqlite3_context *c, int argc, sqlite3_value **argv)
{
	const struct audit_actor *a = sqlite3_user_data(c);

	(void)argc;
	(void)argv;
	sqlite3_result_text(c, a->command, -1, SQLITE_TRANSIENT);
}

static void sql_bulk(sqlite3_context *c, int argc, sqlite3_value **argv)
{
	const struct audit_actor *a = sqlite3_user_data(c);

	(void)argc;
	(void)argv;
	sqlite3_result_int64(c, a->bulk_city);
}

int audit_actor_bulk_city(struct audit_actor *a, int64_t city_id, struct ft_error *err)
{
	a->bulk_city = city_id;
	return push_to_server(a, err);
}

int64_t audit_actor_bulk_city_now(const struct audit_actor *a)
{
	return a->bulk_city;
}

static int memo_matches(const struct hash_memo *m, const char *prev,
			const struct audit_field fields[AUDIT_HASHED_FIELDS])
{
	if (!m->valid || strcmp(m->prev, prev) != 0)
		return 0;
	for (int i = 0; i < AUDIT_HASHED_FIELDS; i++) {
		const struct audit_field *f = &fields[i];

		if (m->f[i].null != !f->text ||
		    (f->text && (m->f[i].len != f->len ||
				 memcmp(m->data.text + m->f[i].off, f->text, f->len) != 0)))
			return 0;
	}
	return 1;
}

static void memo_store(struct hash_memo *m, const char *prev,
		       const struct audit_field fields[AUDIT_HASHED_FIELDS], const char *hex)
{
	m->valid = 0;
	if (strlen(prev) >= sizeof(m->prev))
		return;
	strbuf_clear(&m->data);
	for (int i = 0; i < AUDIT_HASHED_FIELDS; i++) {
		m->f[i].null = !fields[i].text;
		m->f[i].off = m->data.len;
		m->f[i].len = fields[i].text ? fields[i].len : 0;
		if (fields[i].text && strbuf_add(&m->data, fields[i].text, fields[i].len))
			return;
	}
	snprintf(m->prev, sizeof(m->prev), "%s", prev);
	memcpy(m->hex, hex, SHA256_HEX);
	m->valid = 1;
}

static void sql_hash(sqlite3_context *c, int argc, sqlite3_value **argv)
{
	struct audit_actor *a = sqlite3_user_data(c);
	struct audit_field fields[AUDIT_HASHED_FIELDS];
	char hex[SHA256_HEX];
	const char *prev;

	if (argc != AUDIT_HASHED_FIELDS + 1 || sqlite3_value_type(argv[0]) == SQLITE_NULL) {
		sqlite3_result_error(c, "ft_audit_hash: previous hash and 10 fields expected", -1);
		return;
	}
	prev = (const char *)sqlite3_value_text(argv[0]);
	for (int i = 0; i < AUDIT_HASHED_FIELDS; i++) {
		sqlite3_value *v = argv[i + 1];

		if (sqlite3_value_type(v) == SQLITE_NULL) {
			fields[i] = (struct audit_field){ NULL, 0 };
			continue;
		}
		fields[i].text = (const char *)sqlite3_value_text(v);
		fields[i].len = (size_t)sqlite3_value_bytes(v);
		if (!fields[i].text) {
			sqlite3_result_error_nomem(c);
			return;
		}
	}
	if (!prev)
		prev = "";
	if (memo_matches(&a->memo, prev, fields)) {
		sqlite3_result_text(c, a->memo.hex, -1, SQLITE_TRANSIENT);
		return;
	}
	audit_hash_fields(prev, fields, hex);
	memo_store(&a->memo, prev, fields, hex);
	sqlite3_result_text(c, hex, -1, SQLITE_TRANSIENT);
}

static void actor_free(void *p)
{
	struct audit_actor *a = p;

	strbuf_release(&a->memo.data);
	free(a);
}

/* session_user: the role the server authenticated (not current_user,
 * which SET ROLE changes). */
static int session_role(struct db *db, char role[AUDIT_USER_MAX + 1], struct ft_error *err)
{
	struct db_stmt *stmt;
	int rc;

	if (db_prepare(db, "SELECT session_user", &stmt) != DB_OK)
		return ft_fail(err, "cannot set the audit user: %s", db_errmsg(db));
	rc = db_step(stmt);
	if (rc == DB_ROW)
		copy_cut(role, AUDIT_USER_MAX + 1, (const char *)db_column_text(stmt, 0));
	db_finalize(stmt);
	if (rc != DB_ROW)
		return ft_fail(err, "cannot set the audit user: %s", db_errmsg(db));
	return 0;
}

int audit_chain_connect(struct db *db, struct audit_actor **out, struct ft_error *err)
{
	struct audit_actor *a = calloc(1, sizeof(*a));
	int rc;

	*out = NULL;
	if (!a)
		return ft_fail(err, "out of memory");
	audit_default_user(a->user);
	if (db_kind(db) == DB_KIND_POSTGRES) { /* compat.sql has the functions */
		const char *env = getenv("FUNDTRACK_USER");

		a->server = db;
		*out = a;
		if (session_role(db, a->role, err)) {
			*out = NULL;
			actor_free(a);
			return -1;
		}
		server_user(a, env && audit_check_user(env, NULL) == 0 ? env : NULL);
		if (push_to_server(a, err)) {
			*out = NULL;
			actor_free(a);
			return -1;
		}
		return 0;
	}
	/* The connection owns the actor: freed with the user function. */
	rc = sqlite3_create_function_v2(db_sqlite_handle(db), "ft_audit_user", 0, SQLITE_UTF8, a, sql_user, NULL,
					NULL, actor_free);
	if (rc != DB_OK)
		return ft_fail(err, "cannot register the audit functions: %s", db_errmsg(db));
	if (sqlite3_create_function_v2(db_sqlite_handle(db), "ft_audit_command", 0, SQLITE_UTF8, a, sql_command,
				       NULL, NULL, NULL) != DB_OK ||
	    sqlite3_create_function_v2(db_sqlite_handle(db), "ft_audit_bulk", 0, SQLITE_UTF8, a, sql_bulk, NULL,
				       NULL, NULL) != DB_OK ||
	    sqlite3_create_function_v2(db_sqlite_handle(db), "ft_audit_hash", AUDIT_HASHED_FIELDS + 1,
				       SQLITE_UTF8 | SQLITE_DETERMINISTIC, a, sql_hash, NULL,
				       NULL, NULL) != DB_OK)
		return ft_fail(err, "cannot register the audit functions: %s", db_errmsg(db));
	*out = a;
	return 0;
}

void audit_chain_disconnect(struct audit_actor *a)
{
	if (a && a->server) /* SQLite frees it with the connection */
		actor_free(a);
}
