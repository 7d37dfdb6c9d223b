#include "audit.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "audit_chain.h"
#include "date.h"
#include "money.h"
#include "strbuf.h"

/* ---- one entry per imported file ------------------------------------------ */

struct import_entry {
	const char *ags;
	const char *file;
	const char *checksum;
	const char *counts_json;
};

static int on_server(struct store *st)
{
	return db_kind(store_db(st)) == DB_KIND_POSTGRES;
}

static int write_import_entry(struct store *st, void *arg, struct ft_error *err)
{
	const struct import_entry *e = arg;
	struct db_stmt *stmt;
	int rc;

	/* counts is JSON already: SQLite's json() keeps it as it is, and so
	 * does a plain text in compat.sql's ft_json_object (values as JSON) */
	if (store_prepare(st,
			  on_server(st)
				  ? "INSERT INTO audit_append (table_name, row_id, record_key, action, "
				    "old, new) VALUES ('import', NULL, ?1, 'import', NULL,"
				    " ft_json_object('file', ft_jv(CAST(?2 AS TEXT)), 'sha256',"
				    " ft_jv(CAST(?3 AS TEXT)), 'counts', CAST(?4 AS TEXT)))"
				  : "INSERT INTO audit_append (table_name, row_id, record_key, action, "
				    "old, new) VALUES ('import', NULL, ?1, 'import', NULL,"
				    " json_object('file', ?2, 'sha256', ?3, 'counts', json(?4)))",
			  &stmt, err))
		return -1;
	store_bind_text(stmt, 1, e->ags);
	store_bind_text(stmt, 2, e->file);
	store_bind_text(stmt, 3, e->checksum);
	store_bind_text(stmt, 4, e->counts_json);
	rc = store_step_done(st, stmt, "cannot write the audit entry of the import", err);
	db_finalize(stmt);
	return rc;
}

/* The own city's AGS into buf, "-" when none is recorded yet. */
static int own_city_or_none(struct store *st, char buf[AUDIT_AGS_BUF], struct ft_error *err)
{
	struct db_stmt *stmt;
	int rc;

	if (store_prepare(st, "SELECT ags FROM city WHERE own = 1", &stmt, err))
		return -1;
	rc = db_step(stmt);
	if (rc == DB_ROW)
		snprintf(buf, AUDIT_AGS_BUF, "%s", (const char *)db_column_text(stmt, 0));
	else
		snprintf(buf, AUDIT_AGS_BUF, "-");
	db_finalize(stmt);
	if (rc != DB_ROW && rc != DB_DONE)
		return store_fail(st, err, "cannot read the own city");
	return 0;
}

static int own_ags(struct store *st, char buf[AUDIT_AGS_BUF], struct ft_error *err)
{
	if (own_city_or_none(st, buf, err))
		return -1;
	if (strcmp(buf, "-") == 0)
		return ft_fail(err, "cannot log the import: no own city recorded");
	return 0;
}

int audit_record_import(struct store *st, const char *ags, const char *file,
			const char *checksum, const struct audit_count *counts, size_t ncounts,
			struct ft_error *err)
{
	char json[1024] = "{", own[AUDIT_AGS_BUF];
	size_t used = 1;
	struct import_entry e = { ags, file, checksum, json };

	for (size_t i = 0; i < ncounts; i++) {
		const char *name = counts[i].name;

		if (!*name || strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789_") != strlen(name))
			return ft_fail(err, "invalid import count name '%s': a-z, 0-9 and _ expected",
				       name);
		used += (size_t)snprintf(json + used, sizeof(json) - used, "%s\"%s\":%lld",
					 i ? "," : "", name, (long long)counts[i].value);
		if (used + 2 >= sizeof(json))
			return ft_fail(err, "too many import counts");
	}
	snprintf(json + used, sizeof(json) - used, "}");
	if (!file || !checksum)
		return ft_fail(err, "cannot log the import: file and checksum are needed");
	if (!ags) {
		if (own_ags(st, own, err))
			return -1;
		e.ags = own;
	}
	return store_write(st, write_import_entry, &e, err);
}

/* ---- verify ---------------------------------------------------------------- */

static int report(struct audit_report *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int report(struct audit_report *r, const char *fmt, ...)
{
	char buf[FT_ERROR_MSG_MAX];
	va_list ap;

	if (r->nproblems == AUDIT_MAX_PROBLEMS) {
		r->more++;
		return 0;
	}
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (!(r->problems[r->nproblems] = strdup(buf)))
		return -1;
	r->nproblems++;
	return 0;
}

void audit_report_release(struct audit_report *r)
{
	for (size_t i = 0; i < r->nproblems; i++)
		free(r->problems[i]);
	memset(r, 0, sizeof(*r));
}

static const char *column_text(struct db_stmt *stmt, int col)
{
	const char *text = (const char *)db_column_text(stmt, col);

	return text ? text : "";
}

/* The stored hash of one entry versus the one computed from its fields. */
static int entry_hash_matches(struct db_stmt *stmt)
{
	struct audit_field fields[AUDIT_HASHED_FIELDS];
	char hex[SHA256_HEX];

	/* columns 0..9 are the hashed fields, 10 prev_hash, 11 hash */
	for (int i = 0; i < AUDIT_HASHED_FIELDS; i++) {
		if (db_column_type(stmt, i) == DB_NULL) {
			fields[i] = (struct audit_field){ NULL, 0 };
			continue;
		}
		fields[i].text = (const char *)db_column_text(stmt, i);
		fields[i].len = (size_t)db_column_bytes(stmt, i);
	}
	audit_hash_fields(column_text(stmt, 10), fields, hex);
	return strcmp(hex, column_text(stmt, 11)) == 0;
}

/* "entry 7 is missing" / "entries 7 to 9 are missing" */
static int report_gap(struct audit_report *r, int64_t id, int64_t expected_id)
{
	if (id - expected_id == 1)
		return report(r, "audit log broken at entry %lld: entry %lld before it is missing "
				 "(deleted)",
			      (long long)id, (long long)expected_id);
	return report(r, "audit log broken at entry %lld: entries %lld to %lld before it are "
			 "missing (deleted)",
		      (long long)id, (long long)expected_id, (long long)id - 1);
}

/* Checks one entry against the one before; reports the break. */
static int check_link(struct db_stmt *stmt, int64_t expected_id, const char *expected_prev,
		      struct audit_report *r)
{
	int64_t id = db_column_int64(stmt, 0);

	if (id != expected_id)
		return report_gap(r, id, expected_id);
	if (strcmp(column_text(stmt, 10), expected_prev) != 0)
		return report(r, "audit log broken at entry %lld: it does not continue the chain "
				 "(its previous hash is not the hash of entry %lld): an entry was "
				 "deleted, inserted or rewritten before it",
			      (long long)id, (long long)id - 1);
	if (!entry_hash_matches(stmt))
		return report(r, "audit log broken at entry %lld: the entry was changed after it "
				 "was written (its hash does not match its contents)",
			      (long long)id);
	return 0;
}

/* Walks the chain from the first entry and reports the first break only:
 * every later entry is suspect once one is. */
static int check_chain(struct store *st, struct audit_report *r, struct ft_error *err)
{
	struct db_stmt *stmt;
	char expected_prev[SHA256_HEX];
	int64_t expected_id = 1;
	int rc;

	if (store_prepare(st,
			  "SELECT id, at, user_name, command, table_name, row_id, record_key, action,"
			  " old, new, prev_hash, hash FROM audit_log ORDER BY id",
			  &stmt, err))
		return -1;
	memcpy(expected_prev, audit_genesis_hash, sizeof(expected_prev));
	while ((rc = db_step(stmt)) == DB_ROW) {
		int64_t id = db_column_int64(stmt, 0);
		size_t before = r->nproblems;

		r->entries++;
		r->last_id = id;
		snprintf(r->last_hash, sizeof(r->last_hash), "%s", column_text(stmt, 11));
		if (r->broken_at)
			continue;
		if (check_link(stmt, expected_id, expected_prev, r)) {
			db_finalize(stmt);
			return ft_fail(err, "out of memory");
		}
		if (r->nproblems > before)
			r->broken_at = id;
		snprintf(expected_prev, sizeof(expected_prev), "%s", column_text(stmt, 11));
		expected_id = id + 1;
	}
	if (rc != DB_DONE) {
		store_fail(st, err, "cannot read the audit log");
		db_finalize(stmt);
		return -1;
	}
	db_finalize(stmt);
	return 0;
}

/* The anchored entry must still be there with the anchored hash. Since
 * each hash covers the one before, that proves every entry up to it
 * unchanged; the chain check proves the entries after it continue it. */
static int check_anchor_entry(struct store *st, const struct audit_anchor *a,
			      struct audit_report *r, struct ft_error *err)
{
	struct db_stmt *stmt;
	int rc, fail = 0;

	if (store_prepare(st, "SELECT hash FROM audit_log WHERE id = ?1", &stmt, err))
		return -1;
	db_bind_int64(stmt, 1, a->entry);
	rc = db_step(stmt);
	if (rc == DB_DONE && r->last_id < a->entry)
		fail = report(r, "anchor entry %lld is missing: the log was cut back (truncated) "
				 "since the anchor, it now ends at entry %lld",
			      (long long)a->entry, (long long)r->last_id);
	else if (rc == DB_DONE)
		fail = report(r, "anchor entry %lld is missing: it was deleted from the log since "
				 "the anchor",
			      (long long)a->entry);
	else if (rc == DB_ROW && strcmp(column_text(stmt, 0), a->hash) != 0)
		fail = report(r, "entry %lld does not carry the anchored hash: the log was rewritten "
				 "at or before entry %lld since the anchor",
			      (long long)a->entry, (long long)a->entry);
	else if (rc != DB_ROW) {
		store_fail(st, err, "cannot read the audit log");
		db_finalize(stmt);
		return -1;
	}
	db_finalize(stmt);
	return fail ? ft_fail(err, "out of memory") : 0;
}

static int check_anchor(struct store *st, const struct audit_anchor *a, struct audit_report *r,
			struct ft_error *err)
{
	char city[AUDIT_AGS_BUF];

	/* a noted ID:HASH names no city */
	if (!a->city[0])
		return check_anchor_entry(st, a, r, err);
	if (own_city_or_none(st, city, err))
		return -1;
	if (strcmp(city, a->city) == 0)
		return check_anchor_entry(st, a, r, err);
	if (report(r, "the anchor was made for the database of city %s, this is the database "
		      "of city %s",
		   strcmp(a->city, "-") ? a->city : "(none)", strcmp(city, "-") ? city : "(none)"))
		return ft_fail(err, "out of memory");
	return 0;
}

int audit_anchor_point(struct store *st, const struct audit_report *r, struct audit_anchor *out,
		       struct ft_error *err)
{
	memset(out, 0, sizeof(*out));
	if (r->nproblems || r->more)
		return ft_fail(err, "the audit log does not prove the history: nothing to anchor");
	if (r->last_id == 0)
		return ft_fail(err, "the audit log is empty: nothing to anchor yet");
	if (own_city_or_none(st, out->city, err))
		return -1;
	out->entry = r->last_id;
	memcpy(out->hash, r->last_hash, SHA256_HEX);
	audit_anchor_stamp(out->created);
	return 0;
}

/* The text of a schema object by name: SQLite keeps each object's
 * CREATE statement. The server keeps no such text: a trigger's is the body
 * of its function (as schema/pg/schema.sql creates it, between $ft$
 * quotes), a view or table is only checked to exist (its text is NULL
 * here). */
#define PG_OBJECT_SQL                                                                     \
	"SELECT p.prosrc FROM pg_catalog.pg_trigger t"                                     \
	" JOIN pg_catalog.pg_proc p ON p.oid = t.tgfoid"                                   \
	" JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid"                                 \
	" WHERE t.tgname = ?1 AND c.relnamespace = to_regnamespace(current_schema())"       \
	" UNION ALL SELECT NULL FROM pg_catalog.pg_views"                                  \
	" WHERE viewname = ?1 AND schemaname = current_schema()"                           \
	" UNION ALL SELECT NULL FROM pg_catalog.pg_tables"                                 \
	" WHERE tablename = ?1 AND schemaname = current_schema()"

/* 1 when sql appears word for word in one of the migrations (on the
 * server: in their translation; NULL, a view there, counts as theirs). */
static int created_by_migrations(struct store *st, const char *sql)
{
	const char *m;

	if (on_server(st))
		return !sql || strstr(store_pg_schema_sql(), sql) != NULL;
	for (int i = 0; (m = store_migration_sql(i)) != NULL; i++)
		if (strstr(m, sql))
			return 1;
	return 0;
}

static int check_schema_object(struct store *st, const char *name, struct audit_report *r,
			       struct ft_error *err)
{
	struct db_stmt *stmt;
	int rc, fail = 0;

	if (store_prepare(st, on_server(st) ? PG_OBJECT_SQL : "SELECT sql FROM sqlite_master WHERE name = ?1",
			  &stmt, err))
		return -1;
	store_bind_text(stmt, 1, name);
	rc = db_step(stmt);
	if (rc != DB_ROW && rc != DB_DONE) {
		store_fail(st, err, "cannot read the database schema");
		db_finalize(stmt);
		return -1;
	}
	if (rc == DB_DONE)
		fail = report(r, "'%s' is missing from the database: it was removed outside "
				 "fundtrack, and the log no longer guards every write",
			      name);
	else if (!created_by_migrations(st, (const char *)db_column_text(stmt, 0)))
		fail = report(r, "'%s' differs from the one fundtrack created (it was changed "
				 "outside fundtrack)",
			      name);
	db_finalize(stmt);
	return fail ? ft_fail(err, "out of memory") : 0;
}

static int object_exists(struct store *st, const char *name)
{
	int64_t id;
	struct ft_error err;

	return store_lookup_id(st,
			       on_server(st) ? "SELECT 1 FROM (" PG_OBJECT_SQL ") AS o"
					     : "SELECT 1 FROM sqlite_master WHERE name = ?1",
			       name, 0, &id, &err) == 1;
}

/* Every audited table has a view audit_doc_<table>; each needs its four
 * triggers, and every audit object must be the migrations' own. */
static int check_triggers(struct store *st, struct audit_report *r, struct ft_error *err)
{
	static const char *const core[] = { "audit_log_no_update", "audit_log_no_delete",
					    "audit_log_chained",   "audit_append_entry",
					    "audit_append",	   "audit_docs" };
	static const char *const suffixes[] = { "insert", "update_old", "update", "delete" };
	struct db_stmt *stmt;
	int rc = 0;

	for (size_t i = 0; i < sizeof(core) / sizeof(core[0]) && rc == 0; i++)
		rc = check_schema_object(st, core[i], r, err);
	if (rc || store_prepare(st,
				on_server(st)
					? "SELECT substr(viewname, 11) FROM pg_catalog.pg_views "
					  "WHERE schemaname = current_schema() "
					  "AND viewname LIKE 'audit\\_doc\\_%' ESCAPE '\\' ORDER BY 1"
					: "SELECT substr(name, 11) FROM sqlite_master "
					  "WHERE type = 'view' AND name GLOB 'audit_doc_*' ORDER BY name",
				&stmt, err))
		return -1;
	while (rc == 0 && db_step(stmt) == DB_ROW) {
		char name[128];
		const char *table = column_text(stmt, 0);

		snprintf(name, sizeof(name), "audit_doc_%s", table);
		rc = check_schema_object(st, name, r, err);
		for (size_t i = 0; i < 4 && rc == 0; i++) {
			snprintf(name, sizeof(name), "audit_%s_%s", table, suffixes[i]);
			rc = check_schema_object(st, name, r, err);
		}
	}
	db_finalize(stmt);
	return rc;
}

/* Runs a query whose rows are problems: text column 0, formatted. */
static int report_rows(struct store *st, const char *sql, struct audit_report *r,
		       struct ft_error *err)
{
	struct db_stmt *stmt;
	int rc;

	if (store_prepare(st, sql, &stmt, err))
		return -1;
	while ((rc = db_step(stmt)) == DB_ROW)
		if (report(r, "%s", column_text(stmt, 0))) {
			db_finalize(stmt);
			return ft_fail(err, "out of memory");
		}
	db_finalize(stmt);
	if (rc != DB_DONE)
		return store_fail(st, err, "cannot compare the data with the audit log");
	return 0;
}

/* The last entry of each record. */
#define LAST_ENTRY(t, r)                                                                  \
	"(SELECT max(x.id) FROM audit_log x WHERE x.table_name = " t " AND x.row_id = " r ")"

static int check_records(struct store *st, struct audit_report *r, struct ft_error *err)
{
	static const char changed[] =
		"SELECT d.table_name || ' ''' || d.record_key || ''' ' || CASE "
		" WHEN l.id IS NULL THEN 'has no audit entry: it was written outside fundtrack'"
		" WHEN l.action = 'delete' THEN 'exists, but entry ' || l.id || ' logged its "
		"deletion: it was restored outside fundtrack'"
		" ELSE 'differs from its last logged state (entry ' || l.id || '): it was changed "
		"outside fundtrack, or entries after ' || l.id || ' were removed' END "
		"FROM audit_docs d LEFT JOIN audit_log l ON l.id = " LAST_ENTRY("d.table_name",
										"d.row_id")
		" WHERE d.audited = 1 AND (l.id IS NULL OR l.action = 'delete' OR l.new IS DISTINCT FROM d.doc) "
		"ORDER BY d.table_name, d.row_id";
	static const char vanished[] =
		"SELECT l.table_name || ' ''' || l.record_key || ''' is gone, but its deletion was "
		"never logged (last entry ' || l.id || '): it was deleted outside fundtrack' "
		"FROM audit_log l WHERE l.row_id IS NOT NULL AND l.action <> 'delete'"
		" AND l.id = " LAST_ENTRY("l.table_name", "l.row_id")
		" AND NOT EXISTS (SELECT 1 FROM audit_docs d WHERE d.table_name = l.table_name"
		"  AND d.row_id = l.row_id AND d.audited = 1) ORDER BY l.id";
	static const char pending[] =
		"SELECT 'audit_pending holds ' || count(*) || ' rows; it is empty between writes' "
		"FROM audit_pending HAVING count(*) > 0";
	struct db_stmt *stmt;

	if (store_prepare(st, "SELECT count(*) FROM audit_docs WHERE audited = 1", &stmt, err))
		return -1;
	if (db_step(stmt) == DB_ROW)
		r->records = db_column_int64(stmt, 0);
	db_finalize(stmt);
	if (report_rows(st, changed, r, err) || report_rows(st, vanished, r, err))
		return -1;
	return report_rows(st, pending, r, err);
}

int audit_verify(struct store *st, const struct audit_anchor *anchor, struct audit_report *out,
		 struct ft_error *err)
{
	memset(out, 0, sizeof(*out));
	if (check_chain(st, out, err) || (anchor && check_anchor(st, anchor, out, err)) ||
	    check_triggers(st, out, err))
		return -1;
	/* Without these the data cannot be compared; reported above. */
	if (!object_exists(st, "audit_docs") || !object_exists(st, "audit_pending"))
		return 0;
	return check_records(st, out, err);
}

/* ---- history --------------------------------------------------------------- */

int audit_last_id(struct store *st, int64_t *out, struct ft_error *err)
{
	struct db_stmt *stmt;
	int rc;

	if (store_prepare(st, "SELECT coalesce(max(id), 0) FROM audit_log", &stmt, err))
		return -1;
	rc = db_step(stmt);
	*out = rc == DB_ROW ? db_column_int64(stmt, 0) : 0;
	db_finalize(stmt);
	return rc == DB_ROW ? 0 : store_fail(st, err, "cannot read the audit log");
}

static int ends_with(const char *s, const char *suffix)
{
	size_t ls = strlen(s), lx = strlen(suffix);

	return ls >= lx && strcmp(s + ls - lx, suffix) == 0;
}

/* A JSON value as a person reads it: *_cents as money, *_bp as a rate,
 * ISO dates in German form. */
static const char *readable_value(const char *key, struct db_stmt *stmt, int value_col,
				  int type_col, char *buf, size_t size)
{
	const char *type = (const char *)db_column_text(stmt, type_col);
	const char *value = (const char *)db_column_text(stmt, value_col);
	char money[MONEY_BUF], rate[RATE_BUF], date[DATE_BUF];

	if (!type || strcmp(type, "null") == 0 || !value)
		return "(leer)";
	if (strcmp(type, "integer") == 0 && ends_with(key, "_cents")) {
		money_format_de(db_column_int64(stmt, value_col), money);
		snprintf(buf, size, "%s", money);
	} else if (strcmp(type, "integer") == 0 && ends_with(key, "_bp")) {
		rate_format_de(db_column_int(stmt, value_col), rate);
		snprintf(buf, size, "%s", rate);
	} else if (strcmp(type, "text") == 0 && date_is_valid_iso(value)) {
		date_format_de(value, date);
		snprintf(buf, size, "%s", date);
	} else {
		snprintf(buf, size, "%s", value);
	}
	return buf;
}

/* "approved_cents" reads "approved" once the value shows its unit. */
static void readable_key(const char *key, char *buf, size_t size)
{
	size_t len = strlen(key);

	if (ends_with(key, "_cents"))
		len -= 6;
	else if (ends_with(key, "_bp"))
		len -= 3;
	snprintf(buf, size, "%.*s", (int)len, key);
}

/* Describes an entry: for an update the changed values "key: old → new",
 * else the values "key=value". The statement compares two JSON documents
 * (?1 before, ?2 after) key by key. */
static int describe(struct db_stmt *diff, const char *action, const char *old_doc,
		    const char *new_doc, char **out)
{
	int update = strcmp(action, "update") == 0;
	const char *shown = strcmp(action, "delete") == 0 ? old_doc : new_doc;
	struct strbuf t = STRBUF_INIT;
	int rc, fail = strbuf_adds(&t, "");

	db_reset(diff);
	store_bind_text(diff, 1, update ? old_doc : NULL);
	store_bind_text(diff, 2, update ? new_doc : shown);
	while (!fail && (rc = db_step(diff)) == DB_ROW) {
		const char *key = (const char *)db_column_text(diff, 0);
		char label[64], before[256], after[256], piece[700];

		if (!key)
			continue;
		readable_key(key, label, sizeof(label));
		if (update)
			snprintf(piece, sizeof(piece), "%s%s: %s → %s", t.len ? "; " : "", label,
				 readable_value(key, diff, 1, 2, before, sizeof(before)),
				 readable_value(key, diff, 3, 4, after, sizeof(after)));
		else
			snprintf(piece, sizeof(piece), "%s%s=%s", t.len ? ", " : "", label,
				 readable_value(key, diff, 3, 4, after, sizeof(after)));
		fail = strbuf_adds(&t, piece);
	}
	if (!fail && rc != DB_DONE) /* not JSON: tampered with; show it raw */
		fail = strbuf_adds(&t, shown ? shown : "");
	if (fail) {
		strbuf_release(&t);
		return -1;
	}
	*out = t.text;
	return 0;
}

static const struct out_column people_columns[] = {
	{ "id", "Nr", OUT_INT },
	{ "at", "Zeitpunkt (UTC)", OUT_TEXT },
	{ "user", "Benutzer", OUT_TEXT },
	{ "table", "Tabelle", OUT_TEXT },
	{ "record", "Datensatz", OUT_TEXT },
	{ "action", "Aktion", OUT_TEXT },
	{ "changes", "Änderung", OUT_TEXT },
	{ "command", "Befehl", OUT_TEXT },
};

static const struct out_column machine_columns[] = {
	{ "id", "Nr", OUT_INT },
	{ "at", "Zeitpunkt (UTC)", OUT_TEXT },
	{ "user", "Benutzer", OUT_TEXT },
	{ "table", "Tabelle", OUT_TEXT },
	{ "row_id", "Zeilen-Nr", OUT_INT },
	{ "record", "Datensatz", OUT_TEXT },
	{ "action", "Aktion", OUT_TEXT },
	{ "old", "Alt", OUT_TEXT },
	{ "new", "Neu", OUT_TEXT },
	{ "command", "Befehl", OUT_TEXT },
	{ "prev_hash", "Vorheriger Hash", OUT_TEXT },
	{ "hash", "Hash", OUT_TEXT },
};

#define HISTORY_SQL                                                                       \
	"SELECT l.id, l.at, l.user_name, l.table_name, l.row_id, l.record_key, l.action,"  \
	" l.old, l.new, l.command, l.prev_hash, l.hash FROM audit_log l "                  \
	"WHERE l.id > ?5 AND (?1 IS NULL OR l.at >= ?1)"                                   \
	" AND (?3 IS NULL OR l.table_name = ?3) AND (?4 IS NULL OR l.user_name = ?4)"      \
	" AND (?2 IS NULL OR l.record_key = ?2"                                            \
	"  OR EXISTS (SELECT 1 FROM audit_docs d WHERE d.table_name = l.table_name"        \
	"   AND d.row_id = l.row_id AND d.record_key = ?2)"                                \
	"  OR CASE WHEN json_valid(coalesce(l.new, l.old))"                                \
	"     THEN json_extract(coalesce(l.new, l.old), '$.grant') END = ?2) "            \
	"ORDER BY l.id"

/* The keys whose values differ between two documents, in the new one's
 * order. json_each is SQLite's; compat.sql's ft_json_each gives the same
 * columns on the server (PostgreSQL's own json_each has no type). */
#define DIFF_SQL_OF(json_each)                                                            \
	"SELECT n.key, o.value, o.type, n.value, n.type "                                  \
	"FROM " json_each "(?2) n LEFT JOIN " json_each "(?1) o ON o.key = n.key "        \
	"WHERE (o.value IS DISTINCT FROM n.value OR o.type IS DISTINCT FROM n.type)"       \
	" AND (?1 IS NOT NULL OR n.type <> 'null') ORDER BY n.id"
#define DIFF_SQL(st) (on_server(st) ? DIFF_SQL_OF("ft_json_each") : DIFF_SQL_OF("json_each"))

/* "2026-11-24T09:15:02Z" -> "24.11.2026 09:15:02" */
static void readable_time(const char *at, char *buf, size_t size)
{
	char day[DATE_BUF], de[DATE_BUF];

	snprintf(day, sizeof(day), "%.10s", at);
	date_format_de(day, de);
	if (!de[0] || strlen(at) < 19) {
		snprintf(buf, size, "%s", at);
		return;
	}
	snprintf(buf, size, "%s %.8s", de, at + 11);
}

static int add_people_row(struct out_table *t, struct db_stmt *stmt, struct db_stmt *diff)
{
	char when[64], *changes;
	int rc;

	readable_time(column_text(stmt, 1), when, sizeof(when));
	if (describe(diff, column_text(stmt, 6),
		     (const char *)db_column_text(stmt, 7),
		     (const char *)db_column_text(stmt, 8), &changes))
		return -1;
	rc = out_add_int(t, db_column_int64(stmt, 0)) || out_add_text(t, when) ||
	     out_add_text(t, column_text(stmt, 2)) || out_add_text(t, column_text(stmt, 3)) ||
	     out_add_text(t, column_text(stmt, 5)) || out_add_text(t, column_text(stmt, 6)) ||
	     out_add_text(t, changes) || out_add_text(t, column_text(stmt, 9));
	free(changes);
	return rc ? -1 : 0;
}

static int add_machine_row(struct out_table *t, struct db_stmt *stmt)
{
	for (int c = 0; c < 12; c++) {
		int rc;

		if (db_column_type(stmt, c) == DB_NULL)
			rc = out_add_null(t);
		else if (c == 0 || c == 4)
			rc = out_add_int(t, db_column_int64(stmt, c));
		else
			rc = out_add_text(t, column_text(stmt, c));
		if (rc)
			return -1;
	}
	return 0;
}

int audit_history(struct store *st, const struct audit_filter *f, int for_people,
		  struct out_table **out, struct ft_error *err)
{
	struct db_stmt *stmt, *diff = NULL;
	struct out_table *t;
	int rc, fail = 0;

	*out = NULL;
	if (store_prepare(st, HISTORY_SQL, &stmt, err))
		return -1;
	if (for_people && store_prepare(st, DIFF_SQL(st), &diff, err)) {
		db_finalize(stmt);
		return -1;
	}
	store_bind_text(stmt, 1, f->since);
	store_bind_text(stmt, 2, f->record);
	store_bind_text(stmt, 3, f->table);
	store_bind_text(stmt, 4, f->user);
	db_bind_int64(stmt, 5, f->after_id);
	t = for_people ? out_table_new(people_columns, 8) : out_table_new(machine_columns, 12);
	fail = !t;
	while (!fail && (rc = db_step(stmt)) == DB_ROW)
		fail = for_people ? add_people_row(t, stmt, diff) : add_machine_row(t, stmt);
	db_finalize(stmt);
	db_finalize(diff);
	if (fail) {
		out_table_free(t);
		return ft_fail(err, "out of memory");
	}
	if (rc != DB_DONE) {
		out_table_free(t);
		return store_fail(st, err, "cannot read the audit log");
	}
	*out = t;
	return 0;
}

int audit_describe_entry(struct store *st, int64_t id, char **out, struct ft_error *err)
{
	struct db_stmt *stmt, *diff;
	int rc, fail = 0;

	*out = NULL;
	if (store_prepare(st, "SELECT action, old, new FROM audit_log WHERE id = ?1", &stmt, err))
		return -1;
	if (store_prepare(st, DIFF_SQL(st), &diff, err)) {
		db_finalize(stmt);
		return -1;
	}
	db_bind_int64(stmt, 1, id);
	rc = db_step(stmt);
	if (rc == DB_ROW)
		fail = describe(diff, column_text(stmt, 0), (const char *)db_column_text(stmt, 1),
				(const char *)db_column_text(stmt, 2), out);
	else
		fail = rc == DB_DONE ? ft_fail(err, "no audit entry %lld", (long long)id)
					 : store_fail(st, err, "cannot read the audit log");
	db_finalize(diff);
	db_finalize(stmt);
	if (fail && rc == DB_ROW)
		return ft_fail(err, "out of memory");
	return fail ? -1 : 0;
}
