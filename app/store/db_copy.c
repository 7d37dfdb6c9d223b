/* db_copy.c - fundtrack db copy: one database into a new one, either
 * engine to either (see db_copy.h). */
#include "db_copy.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db.h"
#include "msg_lang.h"
#include "strbuf.h"
#include "vec.h"

/* Values bound per INSERT: several rows in one statement cut the round
 * trips on a server; 999 is the smallest limit of all SQLite versions. */
enum { MAX_PARAMS_PER_INSERT = 999 };

enum col_kind { COL_INT, COL_REAL, COL_TEXT };

struct copy_column {
	char *name;
	enum col_kind kind;
	int pk; /* position in the primary key, 0 = not part of it */
};

struct copy_table {
	char *name;
	struct copy_column *cols;
	size_t ncols, cols_cap;
	char **parents; /* tables its foreign keys refer to */
	size_t nparents, parents_cap;
	int rowid_alias;    /* INTEGER PRIMARY KEY: the id is the rowid */
	int64_t fresh_rows; /* rows in a freshly migrated database */
	int placed;         /* topological sort */
};

/* The schema as fundtrack's migrations make it, parents before children. */
struct catalogue {
	struct copy_table *tables;
	size_t n, cap;
};

struct copy_job {
	struct store *from, *to;
	struct catalogue *cat;
	struct db_copy_result *result;
	char **triggers; /* SQLite target: the CREATE TRIGGER texts dropped for the copy */
	size_t ntriggers, triggers_cap;
};

/* ---- the catalogue ------------------------------------------------------------- */

static void catalogue_release(struct catalogue *c)
{
	for (size_t i = 0; i < c->n; i++) {
		struct copy_table *t = &c->tables[i];

		for (size_t k = 0; k < t->ncols; k++)
			free(t->cols[k].name);
		for (size_t k = 0; k < t->nparents; k++)
			free(t->parents[k]);
		free(t->cols);
		free(t->parents);
		free(t->name);
	}
	free(c->tables);
	memset(c, 0, sizeof(*c));
}

static enum col_kind kind_of(const char *declared)
{
	if (strstr(declared, "INT"))
		return COL_INT;
	if (strstr(declared, "REAL") || strstr(declared, "FLOA") || strstr(declared, "DOUB"))
		return COL_REAL;
	return COL_TEXT;
}

static int read_columns(struct store *mem, struct copy_table *t, struct ft_error *err)
{
	struct db_stmt *stmt;
	int rc, npk = 0, int_pk = 0;

	if (store_prepare(mem, "SELECT name, upper(type), pk FROM pragma_table_info(?1) ORDER BY cid",
			  &stmt, err))
		return -1;
	db_bind_text(stmt, 1, t->name);
	while ((rc = db_step(stmt)) == DB_ROW) {
		struct copy_column *c = VEC_PUSH(t->cols, t->ncols, t->cols_cap);

		if (!c || !(c->name = strdup((const char *)db_column_text(stmt, 0)))) {
			db_finalize(stmt);
			return ft_fail(err, "out of memory");
		}
		c->kind = kind_of((const char *)db_column_text(stmt, 1));
		c->pk = db_column_int(stmt, 2);
		npk += c->pk > 0;
		int_pk |= c->pk > 0 && strcmp((const char *)db_column_text(stmt, 1), "INTEGER") == 0;
	}
	db_finalize(stmt);
	if (rc != DB_DONE)
		return store_fail(mem, err, "cannot read the schema");
	t->rowid_alias = npk == 1 && int_pk;
	return 0;
}

static int read_parents(struct store *mem, struct copy_table *t, struct ft_error *err)
{
	struct db_stmt *stmt;
	int rc;

	if (store_prepare(mem, "SELECT DISTINCT \"table\" FROM pragma_foreign_key_list(?1)", &stmt,
			  err))
		return -1;
	db_bind_text(stmt, 1, t->name);
	while ((rc = db_step(stmt)) == DB_ROW) {
		char **p = VEC_PUSH(t->parents, t->nparents, t->parents_cap);

		if (!p || !(*p = strdup((const char *)db_column_text(stmt, 0)))) {
			db_finalize(stmt);
			return ft_fail(err, "out of memory");
		}
	}
	db_finalize(stmt);
	return rc == DB_DONE ? 0 : store_fail(mem, err, "cannot read the schema");
}

/* "SELECT count(*) FROM "t"" on st. */
static int count_rows(struct store *st, const char *table, int64_t *out, struct ft_error *err)
{
	struct strbuf sql = STRBUF_INIT;
	struct db_stmt *stmt;
	int rc;

	strbuf_adds(&sql, "SELECT count(*) FROM \"");
	strbuf_adds(&sql, table);
	strbuf_adds(&sql, "\"");
	if (sql.oom || store_prepare(st, sql.text, &stmt, err)) {
		strbuf_release(&sql);
		return sql.oom ? ft_fail(err, "out of memory") : -1;
	}
	strbuf_release(&sql);
	rc = db_step(stmt);
	if (rc == DB_ROW)
		*out = db_column_int64(stmt, 0);
	db_finalize(stmt);
	return rc == DB_ROW ? 0 : store_fail(st, err, "cannot count the rows");
}

static int table_placed(const struct catalogue *c, const char *name)
{
	for (size_t i = 0; i < c->n; i++)
		if (strcmp(c->tables[i].name, name) == 0)
			return c->tables[i].placed;
	return 1; /* not a table of ours: nothing to wait for */
}

/* Orders the tables parents first (a table referring to itself is filled
 * in id order, so its parents come first too). */
static int sort_parents_first(struct catalogue *c, struct ft_error *err)
{
	for (size_t done = 0; done < c->n; done++) {
		size_t pick = c->n;

		for (size_t i = done; i < c->n && pick == c->n; i++) {
			struct copy_table *t = &c->tables[i];
			int ready = 1;

			for (size_t k = 0; k < t->nparents && ready; k++)
				ready = strcmp(t->parents[k], t->name) == 0 ||
					table_placed(c, t->parents[k]);
			if (ready)
				pick = i;
		}
		if (pick == c->n)
			return ft_fail(err, "internal error: the foreign keys of table %s form a cycle",
				       c->tables[done].name);
		if (pick != done) {
			struct copy_table tmp = c->tables[pick];

			memmove(&c->tables[done + 1], &c->tables[done],
				(pick - done) * sizeof(c->tables[0]));
			c->tables[done] = tmp;
		}
		c->tables[done].placed = 1;
	}
	return 0;
}

static int read_tables(struct store *mem, struct catalogue *c, struct ft_error *err)
{
	struct db_stmt *stmt;
	int rc;

	if (store_prepare(mem,
			  "SELECT name FROM sqlite_schema WHERE type = 'table' "
			  "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
			  &stmt, err))
		return -1;
	while ((rc = db_step(stmt)) == DB_ROW) {
		struct copy_table *t = VEC_PUSH(c->tables, c->n, c->cap);

		if (!t || !(t->name = strdup((const char *)db_column_text(stmt, 0)))) {
			db_finalize(stmt);
			return ft_fail(err, "out of memory");
		}
	}
	db_finalize(stmt);
	return rc == DB_DONE ? 0 : store_fail(mem, err, "cannot read the schema");
}

/* The tables of a database fresh from this fundtrack's migrations, and
 * what such a database holds. */
static int load_catalogue(struct catalogue *c, struct ft_error *err)
{
	struct store *mem;
	int rc = 0;

	memset(c, 0, sizeof(*c));
	if (store_open(&mem, ":memory:", STORE_CREATE, STORE_JOURNAL_DELETE, err))
		return -1;
	rc = read_tables(mem, c, err);
	for (size_t i = 0; i < c->n && rc == 0; i++)
		rc = read_columns(mem, &c->tables[i], err) || read_parents(mem, &c->tables[i], err) ||
		     count_rows(mem, c->tables[i].name, &c->tables[i].fresh_rows, err);
	store_close(mem);
	if (rc == 0)
		rc = sort_parents_first(c, err);
	if (rc)
		catalogue_release(c);
	return rc ? -1 : 0;
}

/* ---- SQL text ------------------------------------------------------------------ */

static void add_name(struct strbuf *b, const char *name)
{
	strbuf_adds(b, "\"");
	strbuf_adds(b, name);
	strbuf_adds(b, "\"");
}

/* The column list: rowid first when it is copied. */
static void add_columns(struct strbuf *b, const struct copy_table *t, int with_rowid)
{
	if (with_rowid)
		strbuf_adds(b, "rowid, ");
	for (size_t i = 0; i < t->ncols; i++) {
		if (i)
			strbuf_adds(b, ", ");
		add_name(b, t->cols[i].name);
	}
}

/* Parents before children within a table too: by rowid, else by the
 * primary key, else by every column (a stable order on both engines: text
 * compares bytewise on both, COLLATE "C" on the server). */
static void add_order(struct strbuf *b, const struct copy_table *t, int with_rowid)
{
	int any = 0;

	strbuf_adds(b, " ORDER BY ");
	if (with_rowid) {
		strbuf_adds(b, "rowid");
		return;
	}
	for (int pos = 1; pos <= (int)t->ncols; pos++)
		for (size_t i = 0; i < t->ncols; i++)
			if (t->cols[i].pk == pos) {
				strbuf_adds(b, any++ ? ", " : "");
				add_name(b, t->cols[i].name);
			}
	if (!any)
		add_columns(b, t, 0);
}

/* INSERT INTO "t" (cols) VALUES (?1, ...), (...) for rows rows. */
static char *insert_sql(const struct copy_table *t, int with_rowid, size_t rows)
{
	size_t per_row = t->ncols + (with_rowid ? 1 : 0);
	struct strbuf b = STRBUF_INIT;
	char num[24];

	strbuf_adds(&b, "INSERT INTO ");
	add_name(&b, t->name);
	strbuf_adds(&b, " (");
	add_columns(&b, t, with_rowid);
	strbuf_adds(&b, ") VALUES ");
	for (size_t r = 0; r < rows; r++) {
		strbuf_adds(&b, r ? ", (" : "(");
		for (size_t k = 0; k < per_row; k++) {
			snprintf(num, sizeof(num), "%s?%zu", k ? ", " : "", r * per_row + k + 1);
			strbuf_adds(&b, num);
		}
		strbuf_adds(&b, ")");
	}
	if (b.oom) {
		strbuf_release(&b);
		return NULL;
	}
	return b.text;
}

/* Runs sql built in b on st; b is released. */
static int run_built(struct store *st, struct strbuf *b, const char *doing, struct ft_error *err)
{
	int rc;

	if (b->oom) {
		strbuf_release(b);
		return ft_fail(err, "out of memory");
	}
	rc = db_exec(store_db(st), b->text) == DB_OK ? 0 : store_fail(st, err, doing);
	strbuf_release(b);
	return rc;
}

/* ---- rowids -------------------------------------------------------------------- */

/* Whether st can select rowid from table: SQLite always (no table of ours
 * is WITHOUT ROWID), the server where the schema's SQL uses the rowid and
 * the translation gave the table a rowid column (tools/schema-pg.py). */
static int has_rowid(struct store *st, const char *table)
{
	struct strbuf sql = STRBUF_INIT;
	struct db_stmt *stmt;
	int rc = DB_ERROR;

	strbuf_adds(&sql, "SELECT rowid FROM ");
	add_name(&sql, table);
	strbuf_adds(&sql, " WHERE 1 = 0");
	if (!sql.oom && db_prepare(store_db(st), sql.text, &stmt) == DB_OK) {
		rc = db_step(stmt);
		db_finalize(stmt);
	}
	strbuf_release(&sql);
	return rc == DB_DONE;
}

/* The rowid is copied where it is not the id and both sides have one:
 * the audit log names the rows of such tables (setting, base_rate, ...)
 * by it. */
static int copies_rowid(struct copy_job *job, const struct copy_table *t)
{
	return !t->rowid_alias && has_rowid(job->from, t->name) && has_rowid(job->to, t->name);
}

/* ---- rows ---------------------------------------------------------------------- */

struct value {
	int type; /* DB_INTEGER, DB_FLOAT, DB_TEXT, DB_NULL */
	int64_t i;
	double d;
	char *text;
	int len;
};

struct batch {
	struct value *values; /* rows * per_row */
	size_t per_row, max_rows, rows;
	struct db_stmt *full; /* the INSERT of max_rows rows, prepared once */
};

/* Frees the texts held (also those of a row taken only in part). */
static void batch_clear(struct batch *b)
{
	for (size_t i = 0; b->values && i < b->max_rows * b->per_row; i++) {
		free(b->values[i].text);
		b->values[i].text = NULL;
	}
	b->rows = 0;
}

/* Takes column col of the source row as the target column's kind wants it. */
static int take_value(struct db_stmt *src, int col, enum col_kind kind, struct value *v)
{
	int type = db_column_type(src, col);

	v->type = type;
	if (type == DB_NULL)
		return 0;
	if (type == DB_INTEGER && kind != COL_TEXT) {
		v->i = db_column_int64(src, col);
		return 0;
	}
	if (type == DB_FLOAT && kind == COL_REAL) {
		v->d = db_column_double(src, col);
		return 0;
	}
	/* text, and anything stored in a column of another kind: as text */
	v->type = DB_TEXT;
	v->len = db_column_bytes(src, col);
	v->text = malloc((size_t)v->len + 1);
	if (!v->text)
		return -1;
	memcpy(v->text, db_column_text(src, col), (size_t)v->len);
	v->text[v->len] = '\0';
	return 0;
}

static void bind_value(struct db_stmt *stmt, int idx, const struct value *v)
{
	switch (v->type) {
	case DB_NULL:
		db_bind_null(stmt, idx);
		break;
	case DB_INTEGER:
		db_bind_int64(stmt, idx, v->i);
		break;
	case DB_FLOAT:
		db_bind_double(stmt, idx, v->d);
		break;
	default:
		db_bind_textn(stmt, idx, v->text, v->len);
		break;
	}
}

/* Inserts the rows held in b into the target. */
static int flush(struct copy_job *job, const struct copy_table *t, int with_rowid,
		 struct batch *b, struct ft_error *err)
{
	struct db_stmt *stmt = b->full;
	char doing[200];
	int rc;

	if (b->rows == 0)
		return 0;
	snprintf(doing, sizeof(doing), tr("cannot copy table %s"), t->name);
	if (b->rows < b->max_rows) {
		char *sql = insert_sql(t, with_rowid, b->rows);

		if (!sql)
			return ft_fail(err, "out of memory");
		rc = store_prepare(job->to, sql, &stmt, err);
		free(sql);
		if (rc)
			return -1;
	}
	for (size_t i = 0; i < b->rows * b->per_row; i++)
		bind_value(stmt, (int)i + 1, &b->values[i]);
	rc = db_step(stmt);
	if (rc == DB_DONE && db_changes(store_db(job->to)) != (int)b->rows)
		rc = ft_fail(err, "%s: %d of %zu rows written", doing,
			     db_changes(store_db(job->to)), b->rows);
	else if (rc != DB_DONE)
		rc = store_fail(job->to, err, doing);
	else
		rc = 0;
	if (stmt == b->full)
		db_reset(stmt);
	else
		db_finalize(stmt);
	job->result->rows += (int64_t)b->rows;
	batch_clear(b);
	return rc;
}

static int copy_rows(struct copy_job *job, const struct copy_table *t, int with_rowid,
		     struct db_stmt *src, struct batch *b, struct ft_error *err)
{
	int rc;

	while ((rc = db_step(src)) == DB_ROW) {
		struct value *row = &b->values[b->rows * b->per_row];
		int col = 0;

		if (with_rowid)
			row[col++] = (struct value){ .type = DB_INTEGER, .i = db_column_int64(src, 0) };
		for (size_t k = 0; k < t->ncols; k++, col++)
			if (take_value(src, col, t->cols[k].kind, &row[col]))
				return ft_fail(err, "out of memory");
		if (++b->rows == b->max_rows && flush(job, t, with_rowid, b, err))
			return -1;
	}
	if (rc != DB_DONE)
		return store_fail(job->from, err, "cannot read the database to copy");
	return flush(job, t, with_rowid, b, err);
}

static int copy_table(struct copy_job *job, const struct copy_table *t, struct ft_error *err)
{
	int with_rowid = copies_rowid(job, t);
	struct strbuf sql = STRBUF_INIT;
	struct batch b = { 0 };
	struct db_stmt *src = NULL;
	char *insert;
	int rc = -1;

	b.per_row = t->ncols + (with_rowid ? 1 : 0);
	b.max_rows = MAX_PARAMS_PER_INSERT / b.per_row;
	if (b.max_rows == 0)
		b.max_rows = 1;
	b.values = calloc(b.max_rows * b.per_row, sizeof(*b.values));
	strbuf_adds(&sql, "SELECT ");
	add_columns(&sql, t, with_rowid);
	strbuf_adds(&sql, " FROM ");
	add_name(&sql, t->name);
	add_order(&sql, t, with_rowid);
	insert = insert_sql(t, with_rowid, b.max_rows);
	if (!b.values || sql.oom || !insert) {
		ft_fail(err, "out of memory");
		goto out;
	}
	if (store_prepare(job->from, sql.text, &src, err) ||
	    store_prepare(job->to, insert, &b.full, err))
		goto out;
	rc = copy_rows(job, t, with_rowid, src, &b, err);
out:
	batch_clear(&b);
	free(b.values);
	db_finalize(b.full);
	db_finalize(src);
	free(insert);
	strbuf_release(&sql);
	return rc;
}

/* ---- the target: empty, triggers off and on -------------------------------------- */

/* Only a new or empty database: what the migrations put there, nothing
 * more (the copy replaces that with the source's). The data tables are
 * looked at before the audit log, to name what the user wrote. */
static int check_target_empty(struct copy_job *job, struct ft_error *err)
{
	for (int audit_pass = 0; audit_pass < 2; audit_pass++)
		for (size_t i = 0; i < job->cat->n; i++) {
			const struct copy_table *t = &job->cat->tables[i];
			int64_t rows;

			if ((strncmp(t->name, "audit_", 6) == 0) != audit_pass)
				continue;
			if (count_rows(job->to, t->name, &rows, err))
				return -1;
			if (rows != t->fresh_rows)
				return ft_fail(err,
					       "will not copy into '%s': it is not empty (table %s holds "
					       "%lld rows, a new database %lld); give a new file or an "
					       "empty database",
					       store_path(job->to), t->name, (long long)rows,
					       (long long)t->fresh_rows);
		}
	return 0;
}

static int clear_target(struct copy_job *job, struct ft_error *err)
{
	for (size_t i = job->cat->n; i-- > 0;) {
		struct strbuf sql = STRBUF_INIT;

		strbuf_adds(&sql, "DELETE FROM ");
		add_name(&sql, job->cat->tables[i].name);
		if (run_built(job->to, &sql, "cannot empty the new database", err))
			return -1;
	}
	return 0;
}

/* SQLite cannot switch triggers off: they are dropped, and created again
 * from their own text (sqlite_schema.sql) in their order. */
static int sqlite_drop_triggers(struct copy_job *job, struct ft_error *err)
{
	struct db_stmt *stmt;
	struct strbuf names = STRBUF_INIT;
	int rc;

	if (store_prepare(job->to,
			  "SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' ORDER BY rowid",
			  &stmt, err))
		return -1;
	while ((rc = db_step(stmt)) == DB_ROW) {
		char **sql = VEC_PUSH(job->triggers, job->ntriggers, job->triggers_cap);

		if (!sql || !(*sql = strdup((const char *)db_column_text(stmt, 1)))) {
			db_finalize(stmt);
			strbuf_release(&names);
			return ft_fail(err, "out of memory");
		}
		strbuf_adds(&names, "DROP TRIGGER ");
		add_name(&names, (const char *)db_column_text(stmt, 0));
		strbuf_adds(&names, ";\n");
	}
	db_finalize(stmt);
	if (rc != DB_DONE) {
		strbuf_release(&names);
		return store_fail(job->to, err, "cannot read the triggers");
	}
	if (!names.text)
		return 0;
	return run_built(job->to, &names, "cannot switch the triggers off for the copy", err);
}

static int sqlite_create_triggers(struct copy_job *job, struct ft_error *err)
{
	for (size_t i = 0; i < job->ntriggers; i++)
		if (db_exec(store_db(job->to), job->triggers[i]) != DB_OK)
			return store_fail(job->to, err, "cannot switch the triggers on again");
	return 0;
}

/* The server switches them per table; ALTER TABLE is transactional. */
static int server_switch_triggers(struct copy_job *job, const char *how, struct ft_error *err)
{
	for (size_t i = 0; i < job->cat->n; i++) {
		struct strbuf sql = STRBUF_INIT;

		strbuf_adds(&sql, "ALTER TABLE ");
		add_name(&sql, job->cat->tables[i].name);
		strbuf_adds(&sql, how);
		if (run_built(job->to, &sql, "cannot switch the triggers for the copy", err))
			return -1;
	}
	return 0;
}

static int triggers_off(struct copy_job *job, struct ft_error *err)
{
	if (db_kind(store_db(job->to)) == DB_KIND_SQLITE)
		return sqlite_drop_triggers(job, err);
	return server_switch_triggers(job, " DISABLE TRIGGER USER", err);
}

static int triggers_on(struct copy_job *job, struct ft_error *err)
{
	if (db_kind(store_db(job->to)) == DB_KIND_SQLITE)
		return sqlite_create_triggers(job, err);
	return server_switch_triggers(job, " ENABLE TRIGGER USER", err);
}

/* ---- the copy ------------------------------------------------------------------ */

/* Inside the target's write transaction. */
static int copy_all(struct store *to, void *arg, struct ft_error *err)
{
	struct copy_job *job = arg;
	int64_t before;

	(void)to;
	job->result->rows = 0;
	job->result->tables = 0;
	if (check_target_empty(job, err) || triggers_off(job, err) || clear_target(job, err))
		return -1;
	for (size_t i = 0; i < job->cat->n; i++) {
		before = job->result->rows;
		if (copy_table(job, &job->cat->tables[i], err))
			return -1;
		if (strcmp(job->cat->tables[i].name, "audit_log") == 0)
			job->result->audit_entries = job->result->rows - before;
		job->result->tables++;
	}
	return triggers_on(job, err);
}

/* Inside the source's read transaction: one snapshot for every table. */
static int copy_from_snapshot(struct store *from, void *arg, struct ft_error *err)
{
	struct copy_job *job = arg;

	(void)from;
	return store_write(job->to, copy_all, job, err);
}

int db_copy_stores(struct store *from, struct store *to, struct db_copy_result *out,
		   struct ft_error *err)
{
	struct catalogue cat;
	struct copy_job job = { .from = from, .to = to, .cat = &cat, .result = out };
	int rc;

	if (load_catalogue(&cat, err))
		return -1;
	rc = store_read(from, copy_from_snapshot, &job, err);
	for (size_t i = 0; i < job.ntriggers; i++)
		free(job.triggers[i]);
	free(job.triggers);
	catalogue_release(&cat);
	return rc;
}

/* ---- by name ------------------------------------------------------------------- */

/* Removes an SQLite file this copy created, with its journal files. */
static void remove_created(const char *path)
{
	static const char *const suffixes[] = { "", "-wal", "-shm", "-journal" };
	char name[4200];

	for (size_t i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		snprintf(name, sizeof(name), "%s%s", path, suffixes[i]);
		unlink(name);
	}
}

int db_copy(const char *from, const char *to, enum store_journal journal, const char *user,
	    const char *command, struct db_copy_result *out, struct ft_error *err)
{
	struct store *src = NULL, *dst = NULL;
	int created, rc;

	memset(out, 0, sizeof(*out));
	if (strcmp(from, to) == 0)
		return ft_fail(err, "'%s' is both the source and the target of the copy", from);
	created = !db_is_server_target(to) && access(to, F_OK) != 0 && errno == ENOENT;
	if (store_open_as(&src, from, STORE_EXISTING, journal, user, command, err))
		return -1;
	if (store_open_as(&dst, to, STORE_CREATE, journal, user, command, err)) {
		store_close(src);
		if (created)
			remove_created(to);
		return -1;
	}
	rc = db_copy_stores(src, dst, out, err);
	store_close(dst);
	store_close(src);
	if (rc && created)
		remove_created(to);
	out->target_created = created && rc == 0;
	return rc;
}
