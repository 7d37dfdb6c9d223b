/* db_pg.c - db.h on PostgreSQL through libpq.
 *
 * A statement is translated once at db_prepare (?NNN -> $NNN) and runs at
 * its first db_step with the bound values (PQexecParams, text format); its
 * rows are then handed out one by one. The whole result is fetched at once
 * because callers nest statements (step an outer query, run inner ones),
 * and libpq runs only one query per connection at a time.
 *
 * SQLite semantics kept on purpose:
 * - a failed statement inside a transaction does not end the transaction
 *   (SQLite rolls back only the statement): each statement in a
 *   transaction runs inside a savepoint, rolled back on error; SAVEPOINT,
 *   statement and RELEASE are sent in one pipeline, one round trip;
 * - db_last_insert_rowid: an INSERT into a table with an "id" column gets
 *   RETURNING id appended, and the id is remembered;
 * - write transactions are serialised like SQLite's BEGIN IMMEDIATE: a
 *   transaction-scoped advisory lock, so writers queue instead of failing
 *   with serialisation errors, and the audit hash chain stays linear;
 * - constraint errors are worded as SQLite words them ("UNIQUE constraint
 *   failed: city.ags"), so messages are the same on both engines.
 */
#include "db.h"
#include "db_internal.h"

#ifndef FT_HAVE_LIBPQ

#include <stdlib.h>

/* Built without libpq: a connection object that only says so. */
static int none_close(struct db *db)
{
	free(db);
	return DB_OK;
}

static const char *none_errmsg(struct db *db)
{
	(void)db;
	return "this fundtrack was built without PostgreSQL support (libpq); "
	       "install libpq-dev and build again";
}

static enum db_error none_errcode(struct db *db)
{
	(void)db;
	return DB_ERR_OTHER;
}

static struct sqlite3 *none_handle(struct db *db)
{
	(void)db;
	return NULL;
}

static const struct db_ops none_ops = {
	.kind = DB_KIND_POSTGRES,
	.close = none_close,
	.sqlite_handle = none_handle,
	.errmsg = none_errmsg,
	.errcode = none_errcode,
};

int db_pg_open(const char *uri, struct db **out, int flags)
{
	struct db *db = calloc(1, sizeof(*db));

	(void)uri;
	(void)flags;
	if (db)
		db->ops = &none_ops;
	*out = db;
	return DB_ERROR;
}

#else

#include <ctype.h>
#include <errno.h>
#include <libpq-fe.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* pg_type.h OIDs (stable since PostgreSQL 7; libpq does not export them) */
enum {
	OID_BOOL = 16,
	OID_BYTEA = 17,
	OID_INT8 = 20,
	OID_INT2 = 21,
	OID_INT4 = 23,
	OID_TEXT = 25,
	OID_OID = 26,
	OID_FLOAT4 = 700,
	OID_FLOAT8 = 701,
	OID_NUMERIC = 1700
};

/* The key of the advisory lock all fundtrack writers take: "FUNDTRAC" read
 * as a 64-bit number; any constant works as long as every writer uses it. */
#define WRITER_LOCK_KEY "5068043011054780739"

#define MAX_ID_TABLES 64

struct pg_db {
	struct db base;
	PGconn *conn;
	char errmsg[1024];
	enum db_error err;
	int changes;
	int64_t last_id;
	int nid_tables;
	struct {
		char *name;
		int has_id;
	} id_tables[MAX_ID_TABLES];
};

enum param_kind { P_NULL, P_INT, P_FLOAT, P_TEXT };

struct pg_param {
	enum param_kind kind;
	char *value; /* text form, NULL for P_NULL */
};

struct pg_stmt {
	struct db_stmt base;
	struct pg_db *db;
	char *sql;    /* as written */
	char *pg_sql; /* $NNN placeholders, maybe RETURNING id */
	int nparams;
	struct pg_param *params;
	int returning_id; /* RETURNING id was appended: not rows for the caller */
	PGresult *res;
	int executed; /* res holds the result of the bindings' run */
	int row;      /* current row of res; -1 before the first step */
	int typing;   /* the parameter typing that worked last (execute) */
};

static const struct db_ops pg_ops;

static struct pg_db *D(struct db *db)
{
	return (struct pg_db *)db;
}

static struct pg_stmt *S(struct db_stmt *s)
{
	return (struct pg_stmt *)s;
}

/* ---- errors ---------------------------------------------------------------- */

static void set_error(struct pg_db *db, enum db_error err, const char *msg)
{
	size_t n;

	db->err = err;
	snprintf(db->errmsg, sizeof(db->errmsg), "%s", msg ? msg : "unknown error");
	n = strlen(db->errmsg); /* libpq ends its messages with a newline */
	while (n > 0 && (db->errmsg[n - 1] == '\n' || db->errmsg[n - 1] == ' '))
		db->errmsg[--n] = '\0';
}

static void clear_error(struct pg_db *db)
{
	db->err = DB_ERR_NONE;
	snprintf(db->errmsg, sizeof(db->errmsg), "not an error");
}

/* The rows a command touched (PQcmdTuples: decimal text, "" for other
 * commands), as sqlite3_changes counts them; 0 when it is not a count. */
static int rows_affected(const PGresult *res)
{
	const char *text = PQcmdTuples((PGresult *)res);
	char *end;
	long n;

	errno = 0;
	n = strtol(text, &end, 10);
	return errno || end == text || *end || n < 0 || n > INT_MAX ? 0 : (int)n;
}

static const char *field(const PGresult *res, int code)
{
	const char *v = PQresultErrorField(res, code);

	return v ? v : "";
}

/* "Key (city_id, code)=(1, x) already exists." -> "t.city_id, t.code" */
static void key_columns(const char *detail, const char *table, char *out, size_t size)
{
	const char *open = strstr(detail, "Key (");
	const char *close = open ? strstr(open, ")=(") : NULL;
	size_t used = 0;

	out[0] = '\0';
	if (!open || !close)
		return;
	for (const char *p = open + 5; p < close && used + 1 < size;) {
		const char *end = p;

		while (end < close && *end != ',')
			end++;
		used += (size_t)snprintf(out + used, size - used, "%s%s.%.*s", used ? ", " : "",
					 table, (int)(end - p), p);
		p = end;
		while (p < close && (*p == ',' || *p == ' '))
			p++;
		if (used >= size)
			break;
	}
}

/* SQLSTATE (PostgreSQL manual, appendix A) -> db_error, and the message
 * worded as SQLite words the same failure. */
static void set_result_error(struct pg_db *db, const PGresult *res)
{
	const char *state = res ? field(res, PG_DIAG_SQLSTATE) : "";
	const char *primary = res ? field(res, PG_DIAG_MESSAGE_PRIMARY) : "";
	const char *table = res ? field(res, PG_DIAG_TABLE_NAME) : "";
	const char *constraint = res ? field(res, PG_DIAG_CONSTRAINT_NAME) : "";
	char msg[900];
	char cols[600];
	size_t clen = strlen(constraint);

	if (!*primary)
		primary = PQerrorMessage(db->conn);
	if (strcmp(state, "23505") == 0) {
		int pk = clen > 5 && strcmp(constraint + clen - 5, "_pkey") == 0;

		key_columns(field(res, PG_DIAG_MESSAGE_DETAIL), table, cols, sizeof(cols));
		snprintf(msg, sizeof(msg), "UNIQUE constraint failed: %s", cols);
		set_error(db, pk ? DB_ERR_CONSTRAINT_PRIMARYKEY : DB_ERR_CONSTRAINT_UNIQUE, msg);
	} else if (strcmp(state, "23503") == 0) {
		set_error(db, DB_ERR_CONSTRAINT_FOREIGNKEY, "FOREIGN KEY constraint failed");
	} else if (strcmp(state, "23502") == 0) {
		snprintf(msg, sizeof(msg), "NOT NULL constraint failed: %s.%s", table,
			 field(res, PG_DIAG_COLUMN_NAME));
		set_error(db, DB_ERR_CONSTRAINT_NOTNULL, msg);
	} else if (strcmp(state, "23514") == 0) {
		snprintf(msg, sizeof(msg), "CHECK constraint failed: %s", constraint);
		set_error(db, DB_ERR_CONSTRAINT_CHECK, msg);
	} else if (strcmp(state, "P0001") == 0) {
		set_error(db, DB_ERR_CONSTRAINT_TRIGGER, primary); /* RAISE EXCEPTION 'x' */
	} else if (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0 ||
		   strcmp(state, "55P03") == 0) {
		set_error(db, DB_ERR_BUSY, primary);
	} else if (strcmp(state, "53100") == 0) {
		set_error(db, DB_ERR_FULL, primary);
	} else if (strcmp(state, "53200") == 0) {
		set_error(db, DB_ERR_NOMEM, primary);
	} else if (strcmp(state, "25006") == 0) {
		set_error(db, DB_ERR_READONLY, primary);
	} else if (strcmp(state, "42501") == 0) {
		set_error(db, DB_ERR_PERMISSION, primary);
	} else if (strncmp(state, "08", 2) == 0 || PQstatus(db->conn) != CONNECTION_OK) {
		set_error(db, DB_ERR_CONNECTION, primary);
	} else if (strcmp(state, "22003") == 0 && strstr(primary, "out of range")) {
		set_error(db, DB_ERR_OTHER, "integer overflow"); /* SQLite's words */
	} else {
		set_error(db, DB_ERR_OTHER, primary);
	}
}

/* ---- SQL text ---------------------------------------------------------------- */

static int append(char **buf, size_t *len, size_t *cap, const char *s, size_t n)
{
	if (*len + n + 1 > *cap) {
		size_t ncap = (*len + n + 1) * 2;
		char *nb = realloc(*buf, ncap);

		if (!nb)
			return -1;
		*buf = nb;
		*cap = ncap;
	}
	memcpy(*buf + *len, s, n);
	*len += n;
	(*buf)[*len] = '\0';
	return 0;
}

/* Length of the literal, quoted name or comment starting at p (0 if none):
 * placeholders inside them are text, not parameters. */
static size_t quoted_length(const char *p)
{
	if (*p == '\'' || *p == '"') {
		const char *q = p + 1;

		for (;;) {
			if (!*q)
				return (size_t)(q - p);
			if (*q == *p) {
				if (q[1] != *p)
					return (size_t)(q + 1 - p);
				q++; /* doubled quote */
			}
			q++;
		}
	}
	if (p[0] == '-' && p[1] == '-') {
		const char *nl = strchr(p, '\n');

		return nl ? (size_t)(nl - p) : strlen(p);
	}
	if (p[0] == '/' && p[1] == '*') {
		const char *end = strstr(p + 2, "*/");

		return end ? (size_t)(end + 2 - p) : strlen(p);
	}
	return 0;
}

char *db_pg_translate_placeholders(const char *sql, int *nparams)
{
	char *out = NULL;
	size_t len = 0, cap = 0;
	int largest = 0;

	if (append(&out, &len, &cap, "", 0))
		return NULL;
	for (const char *p = sql; *p;) {
		size_t q = quoted_length(p);
		char num[16];

		if (q) {
			if (append(&out, &len, &cap, p, q))
				goto oom;
			p += q;
			continue;
		}
		if (*p != '?') {
			if (append(&out, &len, &cap, p, 1))
				goto oom;
			p++;
			continue;
		}
		p++;
		if (isdigit((unsigned char)*p)) {
			long n = strtol(p, (char **)&p, 10);

			if (n > largest)
				largest = (int)n;
			snprintf(num, sizeof(num), "$%ld", n);
		} else {
			snprintf(num, sizeof(num), "$%d", ++largest);
		}
		if (append(&out, &len, &cap, num, strlen(num)))
			goto oom;
	}
	*nparams = largest;
	return out;
oom:
	free(out);
	return NULL;
}

static const char *skip_space_and_comments(const char *p)
{
	for (;;) {
		while (isspace((unsigned char)*p))
			p++;
		if ((p[0] == '-' && p[1] == '-') || (p[0] == '/' && p[1] == '*'))
			p += quoted_length(p);
		else
			return p;
	}
}

static int keyword_at(const char *p, const char *word)
{
	size_t n = strlen(word);

	return strncasecmp(p, word, n) == 0 && !isalnum((unsigned char)p[n]) && p[n] != '_';
}

/* Whether sql mentions word outside literals (a rough look for RETURNING). */
static int mentions_keyword(const char *sql, const char *word)
{
	for (const char *p = sql; *p;) {
		size_t q = quoted_length(p);

		if (q) {
			p += q;
		} else if (keyword_at(p, word) && (p == sql || !isalnum((unsigned char)p[-1]))) {
			return 1;
		} else {
			p++;
		}
	}
	return 0;
}

/* The table of "INSERT INTO name" (name may be "quoted", as "grant"), or
 * 0 when sql is not such an INSERT. */
static int insert_table(const char *sql, char *name, size_t size)
{
	const char *p = skip_space_and_comments(sql);
	size_t n = 0;

	if (!keyword_at(p, "insert"))
		return 0;
	p = skip_space_and_comments(p + 6);
	if (!keyword_at(p, "into"))
		return 0; /* INSERT OR ...: not PostgreSQL SQL anyway */
	p = skip_space_and_comments(p + 4);
	if (*p == '"') {
		size_t q = quoted_length(p);

		if (q < 2 || p[q - 1] != '"' || q + 1 > size)
			return 0;
		memcpy(name, p, q);
		name[q] = '\0';
		return 1;
	}
	while ((isalnum((unsigned char)*p) || *p == '_' || *p == '.') && n + 1 < size)
		name[n++] = (char)*p++;
	name[n] = '\0';
	return n > 0;
}

/* Whether table has an "id" column. Remembered per connection once the
 * table exists (a table created later in the session is asked again). */
static int table_has_id(struct pg_db *db, const char *table)
{
	const char *params[1] = { table };
	PGresult *res;
	int has, exists;

	for (int i = 0; i < db->nid_tables; i++)
		if (strcmp(db->id_tables[i].name, table) == 0)
			return db->id_tables[i].has_id;
	/* to_regclass never raises: NULL for a table that is not there */
	res = PQexecParams(db->conn,
			   "SELECT to_regclass($1) IS NOT NULL, EXISTS (SELECT 1 FROM pg_attribute "
			   "WHERE attrelid = to_regclass($1) AND attname = 'id' AND NOT attisdropped)",
			   1, NULL, params, NULL, NULL, 0);
	exists = PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1 &&
		 *PQgetvalue(res, 0, 0) == 't';
	has = exists && *PQgetvalue(res, 0, 1) == 't';
	PQclear(res);
	if (exists && db->nid_tables < MAX_ID_TABLES) {
		char *copy = strdup(table);

		if (copy) {
			db->id_tables[db->nid_tables].name = copy;
			db->id_tables[db->nid_tables++].has_id = has;
		}
	}
	return has;
}

/* ---- connection -------------------------------------------------------------- */

static int pg_close(struct db *dbp)
{
	struct pg_db *db = D(dbp);

	if (db->conn)
		PQfinish(db->conn);
	for (int i = 0; i < db->nid_tables; i++)
		free(db->id_tables[i].name);
	free(db);
	return DB_OK;
}

static struct sqlite3 *pg_sqlite_handle(struct db *db)
{
	(void)db;
	return NULL;
}

static const char *pg_errmsg(struct db *db)
{
	return D(db)->errmsg;
}

static enum db_error pg_errcode(struct db *db)
{
	return D(db)->err;
}

static int pg_system_errno(struct db *db)
{
	(void)db;
	return 0;
}

static int in_transaction(struct pg_db *db)
{
	return PQtransactionStatus(db->conn) != PQTRANS_IDLE;
}

/* Runs sql without parameters; SQLite's transaction words are mapped. */
static int run_simple(struct pg_db *db, const char *sql)
{
	PGresult *res = PQexec(db->conn, sql);
	ExecStatusType st = PQresultStatus(res);
	int ok = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK || st == PGRES_EMPTY_QUERY;

	if (ok && *PQcmdTuples(res)) /* an INSERT/UPDATE/DELETE: as sqlite3_changes */
		db->changes = rows_affected(res);
	if (ok)
		clear_error(db);
	else
		set_result_error(db, res);
	PQclear(res);
	return ok ? DB_OK : DB_ERROR;
}

static int pg_begin(struct db *dbp, enum db_txn kind)
{
	struct pg_db *db = D(dbp);

	if (kind == DB_TXN_READ) /* one snapshot for every statement */
		return run_simple(db, "BEGIN ISOLATION LEVEL REPEATABLE READ");
	/* One writer at a time, as in SQLite: the audit chain appends to the
	 * row the last writer committed. Read committed, so that each statement
	 * after the lock sees what the writer before committed. */
	if (run_simple(db, "BEGIN ISOLATION LEVEL READ COMMITTED"))
		return DB_ERROR;
	if (run_simple(db, "SELECT pg_advisory_xact_lock(" WRITER_LOCK_KEY ")")) {
		char keep[sizeof(db->errmsg)];
		enum db_error err = db->err;

		memcpy(keep, db->errmsg, sizeof(keep));
		run_simple(db, "ROLLBACK");
		db->err = err;
		memcpy(db->errmsg, keep, sizeof(keep));
		return DB_ERROR;
	}
	return DB_OK;
}

static int pg_exec(struct db *dbp, const char *sql)
{
	const char *p = skip_space_and_comments(sql);

	/* store.c's words for its transactions; a script that goes on after
	 * them runs on in that transaction */
	if (keyword_at(p, "begin")) {
		const char *rest = skip_space_and_comments(p + 5);
		enum db_txn kind = keyword_at(rest, "immediate") || keyword_at(rest, "exclusive")
					   ? DB_TXN_WRITE
					   : DB_TXN_READ;

		if (kind == DB_TXN_WRITE || keyword_at(rest, "deferred"))
			rest = skip_space_and_comments(rest + strcspn(rest, "; \t\r\n"));
		if (keyword_at(rest, "transaction"))
			rest = skip_space_and_comments(rest + 11);
		if (*rest != '\0' && *rest != ';') /* BEGIN ISOLATION LEVEL ...: the server's */
			return run_simple(D(dbp), sql);
		if (*rest == ';')
			rest = skip_space_and_comments(rest + 1);
		if (pg_begin(dbp, kind) != DB_OK)
			return DB_ERROR;
		return *rest ? run_simple(D(dbp), rest) : DB_OK;
	}
	return run_simple(D(dbp), sql);
}

static int pg_prepare(struct db *dbp, const char *sql, struct db_stmt **out)
{
	struct pg_db *db = D(dbp);
	struct pg_stmt *s = calloc(1, sizeof(*s));
	char table[128];

	if (!s)
		goto oom;
	s->base.ops = &pg_ops;
	s->db = db;
	s->row = -1;
	s->sql = strdup(sql);
	s->pg_sql = db_pg_translate_placeholders(sql, &s->nparams);
	if (!s->sql || !s->pg_sql)
		goto oom;
	if (s->nparams > 0 && !(s->params = calloc((size_t)s->nparams, sizeof(*s->params))))
		goto oom;
	if (insert_table(s->pg_sql, table, sizeof(table)) &&
	    !mentions_keyword(s->pg_sql, "returning") && table_has_id(db, table)) {
		size_t n = strlen(s->pg_sql);
		char *with = malloc(n + sizeof(" RETURNING id"));

		if (!with)
			goto oom;
		memcpy(with, s->pg_sql, n);
		while (n > 0 && (isspace((unsigned char)with[n - 1]) || with[n - 1] == ';'))
			n--;
		memcpy(with + n, " RETURNING id", sizeof(" RETURNING id"));
		free(s->pg_sql);
		s->pg_sql = with;
		s->returning_id = 1;
	}
	clear_error(db);
	*out = &s->base;
	return DB_OK;
oom:
	if (s) {
		free(s->sql);
		free(s->pg_sql);
		free(s->params);
		free(s);
	}
	set_error(db, DB_ERR_NOMEM, "out of memory");
	return DB_ERROR;
}

static int pg_changes(struct db *db)
{
	return D(db)->changes;
}

static int64_t pg_last_insert_rowid(struct db *db)
{
	return D(db)->last_id;
}

static int pg_get_autocommit(struct db *db)
{
	return !in_transaction(D(db));
}

static int pg_busy_timeout(struct db *dbp, int ms)
{
	char sql[64];

	snprintf(sql, sizeof(sql), "SET lock_timeout = %d", ms < 0 ? 0 : ms);
	return run_simple(D(dbp), sql);
}

/* ---- statements ---------------------------------------------------------------- */

/* sql with each parameter bound to NULL written as the literal NULL. A
 * NULL literal takes its type from its use, where a NULL parameter in
 * `?1 IS NULL OR x = ?1` leaves the server unable to type it. Caller
 * frees; NULL when out of memory. */
static char *inline_nulls(const struct pg_stmt *s)
{
	char *out = NULL;
	size_t len = 0, cap = 0;

	if (append(&out, &len, &cap, "", 0))
		return NULL;
	for (const char *p = s->pg_sql; *p;) {
		size_t q = quoted_length(p);
		const char *digits = p + 1;
		long n;

		if (!q && *p == '$' && isdigit((unsigned char)*digits)) {
			n = strtol(digits, (char **)&digits, 10);
			if (n >= 1 && n <= s->nparams && s->params[n - 1].kind == P_NULL) {
				if (append(&out, &len, &cap, "NULL", 4))
					goto oom;
				p = digits;
				continue;
			}
			q = (size_t)(digits - p);
		}
		if (append(&out, &len, &cap, p, q ? q : 1))
			goto oom;
		p += q ? q : 1;
	}
	return out;
oom:
	free(out);
	return NULL;
}

/* How the parameters are given to the server, tried in turn until one
 * runs: its own inference for all; NULLs as literals (the unused
 * parameters typed text); that, and text typed text. A statement keeps
 * the one that worked for its next run. */
struct typing {
	int inline_nulls;
	Oid text_type, null_type; /* 0: "unknown", typed by the server from the use */
};
static const struct typing typings[] = { { 0, 0, 0 },
					 { 1, 0, OID_TEXT },
					 { 1, OID_TEXT, OID_TEXT } };
enum { TYPINGS = sizeof(typings) / sizeof(typings[0]) };

/* The statement's text and parameters as libpq takes them: integers as
 * int8 (cents exceed int4), floats as float8, text and NULL as the typing
 * says. */
struct call {
	char *sql;
	const char **values;
	Oid *types;
};

static void call_free(const struct pg_stmt *s, struct call *c)
{
	if (c->sql != s->pg_sql)
		free(c->sql);
	free(c->values);
	free(c->types);
}

static int call_make(const struct pg_stmt *s, const struct typing *t, struct call *c)
{
	c->sql = t->inline_nulls ? inline_nulls(s) : s->pg_sql;
	c->values = NULL;
	c->types = NULL;
	if (!c->sql)
		return -1;
	if (s->nparams == 0)
		return 0;
	c->values = calloc((size_t)s->nparams, sizeof(*c->values));
	c->types = calloc((size_t)s->nparams, sizeof(*c->types));
	if (!c->values || !c->types) {
		call_free(s, c);
		return -1;
	}
	for (int i = 0; i < s->nparams; i++) {
		c->values[i] = s->params[i].value;
		c->types[i] = s->params[i].kind == P_INT     ? OID_INT8
			      : s->params[i].kind == P_FLOAT ? OID_FLOAT8
			      : s->params[i].kind == P_NULL  ? t->null_type
							     : t->text_type;
	}
	return 0;
}

static PGresult *exec_params(struct pg_stmt *s, const struct typing *t)
{
	struct call c;
	PGresult *res;

	if (call_make(s, t, &c))
		return NULL;
	res = PQexecParams(s->db->conn, c.sql, s->nparams, c.types, c.values, NULL, NULL, 0);
	call_free(s, &c);
	return res;
}

/* A parameter whose uses do not tell the server its type: 42P18/42P08
 * (`?1 IS NOT NULL`, `?1 IS NULL OR x = ?1`, a parameter not used at
 * all), or a typing that did not fit (42883: no operator bigint = text).
 * SQLite takes any value there. */
static int parameter_types_unclear(const PGresult *res)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;

	return state && (strcmp(state, "42P18") == 0 || strcmp(state, "42P08") == 0 ||
			 strcmp(state, "42883") == 0);
}

static int result_ok(const PGresult *res)
{
	ExecStatusType st = PQresultStatus(res);

	return st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK;
}

/* What became of the savepoint around a statement. */
enum savepoint { SP_FAILED, SP_OPEN, SP_RELEASED };

#ifdef LIBPQ_HAS_PIPELINING
/* The results of one query of a pipeline: the first is kept (the caller
 * clears it), the rest cleared. */
static PGresult *pipeline_result(PGconn *conn)
{
	PGresult *first = PQgetResult(conn), *more;

	while (first && (more = PQgetResult(conn)) != NULL)
		PQclear(more);
	return first;
}

/* SAVEPOINT, the statement and RELEASE sent at once: one round trip
 * instead of three for every statement in a transaction (an import runs
 * some 10,000 per city). When the statement fails the server skips the
 * RELEASE (the pipeline aborts at the error) and the savepoint stays for
 * the caller to roll back to. NULL when the pipeline could not be sent. */
static PGresult *pipelined(struct pg_stmt *s, const struct typing *t, enum savepoint *sp)
{
	PGconn *conn = s->db->conn;
	PGresult *res = NULL, *save, *release, *sync;
	struct call c;
	int sent;

	*sp = SP_FAILED;
	if (call_make(s, t, &c))
		return NULL;
	if (!PQenterPipelineMode(conn)) {
		call_free(s, &c);
		return NULL;
	}
	sent = PQsendQueryParams(conn, "SAVEPOINT ft_stmt", 0, NULL, NULL, NULL, NULL, 0) &&
	       PQsendQueryParams(conn, c.sql, s->nparams, c.types, c.values, NULL, NULL, 0) &&
	       PQsendQueryParams(conn, "RELEASE ft_stmt", 0, NULL, NULL, NULL, NULL, 0) &&
	       PQpipelineSync(conn);
	call_free(s, &c);
	if (!sent)
		set_error(s->db, DB_ERR_CONNECTION, PQerrorMessage(conn));
	save = sent ? pipeline_result(conn) : NULL;
	res = sent ? pipeline_result(conn) : NULL;
	release = sent ? pipeline_result(conn) : NULL;
	sync = sent ? PQgetResult(conn) : NULL; /* PGRES_PIPELINE_SYNC */
	PQexitPipelineMode(conn);
	if (save && !result_ok(save)) {
		set_result_error(s->db, save);
		PQclear(res);
		res = NULL;
	} else if (save) {
		*sp = res && result_ok(res) && release && result_ok(release) ? SP_RELEASED : SP_OPEN;
	}
	PQclear(save);
	PQclear(release);
	PQclear(sync);
	return res;
}
#endif

/* The statement's first run, inside a savepoint when in a transaction. */
static PGresult *first_run(struct pg_stmt *s, const struct typing *t, int in_txn,
			   enum savepoint *sp)
{
	*sp = SP_FAILED;
	if (!in_txn)
		return exec_params(s, t);
#ifdef LIBPQ_HAS_PIPELINING
	if (PQpipelineStatus(s->db->conn) == PQ_PIPELINE_OFF)
		return pipelined(s, t, sp);
#endif
	if (run_simple(s->db, "SAVEPOINT ft_stmt"))
		return NULL;
	*sp = SP_OPEN;
	return exec_params(s, t);
}

/* Runs the statement with its bindings. Inside a transaction it runs in a
 * savepoint, so that its failure leaves the transaction usable (SQLite's
 * statement-level rollback). When no typing runs, the first error is the
 * one reported. */
static PGresult *execute(struct pg_stmt *s)
{
	PGresult *res = NULL, *first = NULL;
	int in_txn = in_transaction(s->db);
	enum savepoint sp = SP_FAILED;

	for (int k = 0; k < TYPINGS; k++) {
		int t = (s->typing + k) % TYPINGS;

		if (k == 0) {
			res = first_run(s, &typings[t], in_txn, &sp);
			if (in_txn && sp == SP_FAILED)
				return res;
		} else {
			res = exec_params(s, &typings[t]);
		}
		if (!parameter_types_unclear(res)) {
			s->typing = t;
			break;
		}
		if (in_txn)
			PQclear(PQexec(s->db->conn, "ROLLBACK TO ft_stmt"));
		if (!first)
			first = res;
		else
			PQclear(res);
		res = NULL;
	}
	if (res)
		PQclear(first);
	else
		res = first;
	if (in_txn && sp != SP_RELEASED)
		PQclear(PQexec(s->db->conn, result_ok(res) ? "RELEASE ft_stmt"
							   : "ROLLBACK TO ft_stmt; RELEASE ft_stmt"));
	return res;
}

/* SQLite's sum() over integers stops with "integer overflow" beyond
 * int64; PostgreSQL's sum(bigint) is numeric and goes on. A whole numeric
 * value outside int64 in the result is that overflow (store_fail then
 * words it as a money overflow). */
static int numeric_overflows(const PGresult *res)
{
	for (int c = 0; c < PQnfields(res); c++) {
		if (PQftype(res, c) != OID_NUMERIC)
			continue;
		for (int r = 0; r < PQntuples(res); r++) {
			const char *v = PQgetvalue(res, r, c);

			errno = 0;
			if (!PQgetisnull(res, r, c) && !strchr(v, '.') &&
			    (strtoll(v, NULL, 10), errno == ERANGE))
				return 1;
		}
	}
	return 0;
}

static int pg_step(struct db_stmt *sp)
{
	struct pg_stmt *s = S(sp);
	ExecStatusType st;

	if (!s->executed) {
		s->res = execute(s);
		if (!s->res) {
			if (s->db->err == DB_ERR_NONE)
				set_error(s->db, DB_ERR_NOMEM, "out of memory");
			return DB_ERROR;
		}
		st = PQresultStatus(s->res);
		if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
			set_result_error(s->db, s->res);
			PQclear(s->res);
			s->res = NULL;
			return DB_ERROR;
		}
		if (PQresultStatus(s->res) == PGRES_TUPLES_OK && numeric_overflows(s->res)) {
			set_error(s->db, DB_ERR_OTHER, "integer overflow"); /* SQLite's words */
			PQclear(s->res);
			s->res = NULL;
			return DB_ERROR;
		}
		clear_error(s->db);
		s->executed = 1;
		s->row = -1;
		if (strncmp(PQcmdStatus(s->res), "SELECT", 6) != 0)
			s->db->changes = rows_affected(s->res);
		if (s->returning_id && PQntuples(s->res) > 0)
			s->db->last_id = strtoll(PQgetvalue(s->res, 0, 0), NULL, 10);
	}
	if (s->returning_id || PQresultStatus(s->res) != PGRES_TUPLES_OK)
		return DB_DONE;
	if (s->row < PQntuples(s->res))
		s->row++;
	return s->row < PQntuples(s->res) ? DB_ROW : DB_DONE;
}

static int current_row(const struct pg_stmt *s)
{
	return s->row;
}

static int pg_reset(struct db_stmt *sp)
{
	struct pg_stmt *s = S(sp);

	PQclear(s->res);
	s->res = NULL;
	s->executed = 0;
	s->row = -1;
	return DB_OK;
}

static int pg_clear_bindings(struct db_stmt *sp)
{
	struct pg_stmt *s = S(sp);

	for (int i = 0; i < s->nparams; i++) {
		free(s->params[i].value);
		s->params[i].value = NULL;
		s->params[i].kind = P_NULL;
	}
	return DB_OK;
}

static int pg_finalize(struct db_stmt *sp)
{
	struct pg_stmt *s = S(sp);

	pg_reset(sp);
	pg_clear_bindings(sp);
	free(s->params);
	free(s->sql);
	free(s->pg_sql);
	free(s);
	return DB_OK;
}

static const char *pg_sql(struct db_stmt *s)
{
	return S(s)->sql;
}

static int pg_bind_parameter_count(struct db_stmt *s)
{
	return S(s)->nparams;
}

static int bind(struct pg_stmt *s, int idx, enum param_kind kind, char *value)
{
	if (idx < 1 || idx > s->nparams) {
		free(value);
		set_error(s->db, DB_ERR_OTHER, "column index out of range");
		return DB_RANGE;
	}
	if (kind != P_NULL && !value) {
		set_error(s->db, DB_ERR_NOMEM, "out of memory");
		return DB_ERROR;
	}
	free(s->params[idx - 1].value);
	s->params[idx - 1].kind = kind;
	s->params[idx - 1].value = value;
	return DB_OK;
}

static int pg_bind_int64(struct db_stmt *s, int idx, int64_t v)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%lld", (long long)v);
	return bind(S(s), idx, P_INT, strdup(buf));
}

static int pg_bind_double(struct db_stmt *s, int idx, double v)
{
	char buf[64];

	snprintf(buf, sizeof(buf), "%.17g", v);
	return bind(S(s), idx, P_FLOAT, strdup(buf));
}

static int pg_bind_textn(struct db_stmt *s, int idx, const char *t, int len)
{
	return bind(S(s), idx, P_TEXT, len < 0 ? strdup(t) : strndup(t, (size_t)len));
}

static int pg_bind_null(struct db_stmt *s, int idx)
{
	return bind(S(s), idx, P_NULL, NULL);
}

static int has_row(const struct pg_stmt *s, int col)
{
	return s->res && PQresultStatus(s->res) == PGRES_TUPLES_OK && !s->returning_id &&
	       current_row(s) >= 0 && current_row(s) < PQntuples(s->res) && col >= 0 &&
	       col < PQnfields(s->res);
}

static int pg_column_count(struct db_stmt *sp)
{
	struct pg_stmt *s = S(sp);

	return s->res && !s->returning_id ? PQnfields(s->res) : 0;
}

static const char *pg_column_name(struct db_stmt *sp, int col)
{
	struct pg_stmt *s = S(sp);

	return s->res && col >= 0 && col < PQnfields(s->res) ? PQfname(s->res, col) : NULL;
}

static int pg_column_type(struct db_stmt *sp, int col)
{
	struct pg_stmt *s = S(sp);

	if (!has_row(s, col) || PQgetisnull(s->res, current_row(s), col))
		return DB_NULL;
	switch (PQftype(s->res, col)) {
	case OID_BOOL:
	case OID_INT2:
	case OID_INT4:
	case OID_INT8:
	case OID_OID:
		return DB_INTEGER;
	case OID_FLOAT4:
	case OID_FLOAT8:
		return DB_FLOAT;
	case OID_NUMERIC: /* sum(bigint) is numeric: whole numbers are integers */
		return strchr(PQgetvalue(s->res, current_row(s), col), '.') ? DB_FLOAT
									     : DB_INTEGER;
	case OID_BYTEA:
		return DB_BLOB;
	default:
		return DB_TEXT;
	}
}

static const char *value(const struct pg_stmt *s, int col)
{
	if (!has_row(s, col) || PQgetisnull(s->res, current_row(s), col))
		return NULL;
	return PQgetvalue(s->res, current_row(s), col);
}

static int64_t pg_column_int64(struct db_stmt *sp, int col)
{
	const char *v = value(S(sp), col);

	if (!v)
		return 0;
	if (PQftype(S(sp)->res, col) == OID_BOOL)
		return *v == 't';
	return strtoll(v, NULL, 10); /* "12.50" reads 12, as SQLite's cast */
}

static double pg_column_double(struct db_stmt *sp, int col)
{
	const char *v = value(S(sp), col);

	return v ? strtod(v, NULL) : 0.0;
}

static const unsigned char *pg_column_text(struct db_stmt *sp, int col)
{
	const char *v = value(S(sp), col);

	/* a comparison is 1 or 0 in SQLite, 't' or 'f' here: print SQLite's */
	if (v && PQftype(S(sp)->res, col) == OID_BOOL)
		return (const unsigned char *)(*v == 't' ? "1" : "0");
	return (const unsigned char *)v;
}

static int pg_column_bytes(struct db_stmt *sp, int col)
{
	struct pg_stmt *s = S(sp);

	const char *v = value(s, col);

	if (v && PQftype(s->res, col) == OID_BOOL)
		return 1;
	return v ? PQgetlength(s->res, current_row(s), col) : 0;
}

static const struct db_ops pg_ops = {
	.kind = DB_KIND_POSTGRES,
	.close = pg_close,
	.sqlite_handle = pg_sqlite_handle,
	.errmsg = pg_errmsg,
	.errcode = pg_errcode,
	.system_errno = pg_system_errno,
	.exec = pg_exec,
	.prepare = pg_prepare,
	.changes = pg_changes,
	.last_insert_rowid = pg_last_insert_rowid,
	.get_autocommit = pg_get_autocommit,
	.busy_timeout = pg_busy_timeout,
	.begin = pg_begin,
	.step = pg_step,
	.reset = pg_reset,
	.clear_bindings = pg_clear_bindings,
	.finalize = pg_finalize,
	.sql = pg_sql,
	.bind_parameter_count = pg_bind_parameter_count,
	.bind_int64 = pg_bind_int64,
	.bind_double = pg_bind_double,
	.bind_textn = pg_bind_textn,
	.bind_null = pg_bind_null,
	.column_count = pg_column_count,
	.column_name = pg_column_name,
	.column_type = pg_column_type,
	.column_int64 = pg_column_int64,
	.column_double = pg_column_double,
	.column_text = pg_column_text,
	.column_bytes = pg_column_bytes,
};

/* ---- opening ------------------------------------------------------------------- */

static void quiet_notices(void *arg, const char *message)
{
	(void)arg;
	(void)message; /* NOTICEs (e.g. "table does not exist, skipping") are not for users */
}

/* A password in the URI is refused: libpq reads it from the service file,
 * PGPASSFILE (~/.pgpass) or the environment instead. */
static int uri_has_password(const char *uri, char *why, size_t size)
{
	char *errmsg = NULL;
	PQconninfoOption *opts = PQconninfoParse(uri, &errmsg);
	int has = 0;

	if (!opts) {
		snprintf(why, size, "%s", errmsg ? errmsg : "out of memory");
		PQfreemem(errmsg);
		return -1;
	}
	for (PQconninfoOption *o = opts; o->keyword; o++)
		if (strcmp(o->keyword, "password") == 0 && o->val && *o->val)
			has = 1;
	PQconninfoFree(opts);
	return has;
}

int db_pg_open(const char *uri, struct db **out, int flags)
{
	struct pg_db *db = calloc(1, sizeof(*db));
	char why[512];
	int pw;

	if (!db)
		return DB_ERROR;
	db->base.ops = &pg_ops;
	*out = &db->base;
	clear_error(db);
	pw = uri_has_password(uri, why, sizeof(why));
	if (pw != 0) {
		set_error(db, DB_ERR_OTHER,
			  pw < 0 ? why
				 : "a password in the database URI is refused (it would show in the "
				   "process list and the audit log); put it in PGPASSFILE or a "
				   "service file");
		return DB_ERROR;
	}
	db->conn = PQconnectdb(uri);
	if (!db->conn || PQstatus(db->conn) != CONNECTION_OK) {
		set_error(db, DB_ERR_CONNECTION,
			  db->conn ? PQerrorMessage(db->conn) : "out of memory");
		return DB_ERROR;
	}
	PQsetNoticeProcessor(db->conn, quiet_notices, NULL);
	/* text the way SQLite gives it: UTF-8, ISO dates, no locale in play */
	if (run_simple(db, "SET client_encoding = 'UTF8'; SET DateStyle = 'ISO, YMD'; "
			   "SET TimeZone = 'UTC'; SET extra_float_digits = 1"))
		return DB_ERROR;
	if ((flags & DB_OPEN_READONLY) &&
	    run_simple(db, "SET default_transaction_read_only = on"))
		return DB_ERROR;
	return DB_OK;
}

#endif
