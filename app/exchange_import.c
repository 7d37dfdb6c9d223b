/* exchange_import.c - writes the records of a file into the database as
 * the reader streams them (after the business rules have seen them), and
 * matches them against what the database holds of the city.
 *
 * Memory stays small whatever the file size: maps from code to row id for
 * the master data and grants, and per open grant its old allocations, the
 * row ids of its old bookings that the file confirmed, and the rare
 * bookings that had to be moved out of the way. Everything else is asked
 * of SQLite with prepared statements that are reused for every row.
 */
#include "exchange_import.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audit.h"
#include "exchange_map.h"
#include "map.h"

/* ---- statements ------------------------------------------------------- */

enum stmt_id {
	S_CITY_FIND, S_OWN_CITY, S_CITY_INSERT, S_CITY_UPDATE,
	S_DISTRICT_INSERT, S_DISTRICT_UPDATE, S_FUNDER_INSERT, S_FUNDER_UPDATE,
	S_PROGRAMME_INSERT, S_PROGRAMME_UPDATE, S_PROJECT_INSERT, S_PROJECT_UPDATE,
	S_PROJECT_PREDS, S_PROJECT_SET_PRED, S_GRANT_INSERT, S_GRANT_UPDATE,
	S_ALLOC_OLD, S_ALLOC_INSERT, S_ALLOC_UPDATE, S_ALLOC_DELETE,
	S_BOOKING_MAX, S_BOOKING_NEXT_ROW, S_BOOKING_FIND, S_BOOKING_INSERT, S_BOOKING_OF_SOURCE,
	S_BOOKING_REVERSAL_OF, S_BOOKING_READ, S_BOOKING_DELETE, S_BOOKING_OLD_ROWS,
	S_GRANT_CHILDREN, S_GRANT_DELETE, S_PROJECT_DELETE, S_PROGRAMME_DELETE,
	S_FUNDER_DELETE, S_DISTRICT_DELETE, S_IMPORT_SHA, S_IMPORT_SAVE,
	NSTMT
};

static const char *const stmt_sql[NSTMT] = {
	[S_CITY_FIND] = "SELECT id, own FROM city WHERE ags = ?1",
	[S_OWN_CITY] = "SELECT ags, name FROM city WHERE own = 1",
	[S_CITY_INSERT] = "INSERT INTO city (ags, name, population, own) VALUES (?1, ?2, ?3, ?4)",
	[S_CITY_UPDATE] = "UPDATE city SET name = ?2, population = ?3 WHERE id = ?1 "
			  "AND (name IS NOT ?2 OR population IS NOT ?3)",
	[S_DISTRICT_INSERT] = "INSERT INTO district (city_id, code, name, action_area) "
			      "VALUES (?1, ?2, ?3, ?4)",
	[S_DISTRICT_UPDATE] = "UPDATE district SET name = ?2, action_area = ?3 WHERE id = ?1 "
			      "AND (name IS NOT ?2 OR action_area IS NOT ?3)",
	[S_FUNDER_INSERT] = "INSERT INTO funder (city_id, code, name, level) VALUES (?1, ?2, ?3, ?4)",
	[S_FUNDER_UPDATE] = "UPDATE funder SET name = ?2, level = ?3 WHERE id = ?1 "
			    "AND (name IS NOT ?2 OR level IS NOT ?3)",
	[S_PROGRAMME_INSERT] = "INSERT INTO programme (city_id, code, name, funder_id, fund, rate_bp, "
			       "financing, drawdown_days, proof_months) "
			       "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
	[S_PROGRAMME_UPDATE] = "UPDATE programme SET name = ?2, funder_id = ?3, fund = ?4, "
			       "rate_bp = ?5, financing = ?6, drawdown_days = ?7, proof_months = ?8 "
			       "WHERE id = ?1 AND (name IS NOT ?2 OR funder_id IS NOT ?3 OR fund IS NOT ?4 "
			       "OR rate_bp IS NOT ?5 OR financing IS NOT ?6 OR drawdown_days IS NOT ?7 "
			       "OR proof_months IS NOT ?8)",
	[S_PROJECT_INSERT] = "INSERT INTO project (city_id, code, title, field, district_id, carrier, "
			     "target_group, start_date, end_date, costs_cents) "
			     "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
	[S_PROJECT_UPDATE] = "UPDATE project SET title = ?2, field = ?3, district_id = ?4, "
			     "carrier = ?5, target_group = ?6, start_date = ?7, end_date = ?8, "
			     "costs_cents = ?9 WHERE id = ?1 AND (title IS NOT ?2 OR field IS NOT ?3 "
			     "OR district_id IS NOT ?4 OR carrier IS NOT ?5 OR target_group IS NOT ?6 "
			     "OR start_date IS NOT ?7 OR end_date IS NOT ?8 OR costs_cents IS NOT ?9)",
	[S_PROJECT_PREDS] = "SELECT id, code, predecessor_id FROM project WHERE city_id = ?1",
	[S_PROJECT_SET_PRED] = "UPDATE project SET predecessor_id = ?2 WHERE id = ?1",
	[S_GRANT_INSERT] = "INSERT INTO \"grant\" (city_id, ref, project_id, programme_id, "
			   "applied_date, decided_date, period_from, period_to, approved_cents, "
			   "eligible_cents, rate_bp, financing, status, note) "
			   "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
	[S_GRANT_UPDATE] = "UPDATE \"grant\" SET project_id = ?2, programme_id = ?3, "
			   "applied_date = ?4, decided_date = ?5, period_from = ?6, period_to = ?7, "
			   "approved_cents = ?8, eligible_cents = ?9, rate_bp = ?10, financing = ?11, "
			   "status = ?12, note = ?13 WHERE id = ?1 AND (project_id IS NOT ?2 "
			   "OR programme_id IS NOT ?3 OR applied_date IS NOT ?4 OR decided_date IS NOT ?5 "
			   "OR period_from IS NOT ?6 OR period_to IS NOT ?7 OR approved_cents IS NOT ?8 "
			   "OR eligible_cents IS NOT ?9 OR rate_bp IS NOT ?10 OR financing IS NOT ?11 "
			   "OR status IS NOT ?12 OR note IS NOT ?13)",
	[S_ALLOC_OLD] = "SELECT year, amount_cents FROM allocation WHERE grant_id = ?1",
	[S_ALLOC_INSERT] = "INSERT INTO allocation (grant_id, year, amount_cents) VALUES (?1, ?2, ?3)",
	[S_ALLOC_UPDATE] = "UPDATE allocation SET amount_cents = ?3 WHERE grant_id = ?1 AND year = ?2",
	[S_ALLOC_DELETE] = "DELETE FROM allocation WHERE grant_id = ?1 AND year = ?2",
	[S_BOOKING_MAX] = "SELECT coalesce(max(id), 0) FROM booking WHERE grant_id = ?1",
	[S_BOOKING_NEXT_ROW] = "SELECT coalesce(max(id), 0) + 1 FROM booking",
	[S_BOOKING_FIND] = "SELECT b.id, b.date, b.kind, b.amount_cents, b.reference, b.note, "
			   "r.source_id FROM booking b LEFT JOIN booking r ON r.id = b.reverses_id "
			   "WHERE b.grant_id = ?1 AND b.source_id = ?2",
	[S_BOOKING_INSERT] = "INSERT INTO booking (id, grant_id, date, kind, amount_cents, "
			     "reference, note, reverses_id, source_id, created_at) "
			     "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
	[S_BOOKING_OF_SOURCE] = "SELECT id FROM booking WHERE grant_id = ?1 AND source_id = ?2",
	[S_BOOKING_REVERSAL_OF] = "SELECT id FROM booking WHERE reverses_id = ?1",
	[S_BOOKING_READ] = "SELECT b.source_id, b.date, b.kind, b.amount_cents, b.reference, "
			   "b.note, r.source_id FROM booking b "
			   "LEFT JOIN booking r ON r.id = b.reverses_id WHERE b.id = ?1",
	[S_BOOKING_DELETE] = "DELETE FROM booking WHERE id = ?1",
	[S_BOOKING_OLD_ROWS] = "SELECT id FROM booking WHERE grant_id = ?1 AND id <= ?2 "
			       "ORDER BY reverses_id IS NULL, id",
	[S_GRANT_CHILDREN] = "SELECT (SELECT count(*) FROM allocation WHERE grant_id = ?1), "
			     "(SELECT count(*) FROM booking WHERE grant_id = ?1)",
	[S_GRANT_DELETE] = "DELETE FROM \"grant\" WHERE id = ?1",
	[S_PROJECT_DELETE] = "DELETE FROM project WHERE id = ?1",
	[S_PROGRAMME_DELETE] = "DELETE FROM programme WHERE id = ?1",
	[S_FUNDER_DELETE] = "DELETE FROM funder WHERE id = ?1",
	[S_DISTRICT_DELETE] = "DELETE FROM district WHERE id = ?1",
	[S_IMPORT_SHA] = "SELECT sha256 FROM exchange_import WHERE city_id = ?1",
	[S_IMPORT_SAVE] = "INSERT INTO exchange_import (city_id, file, sha256, version, generated, "
			  "imported_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
			  "ON CONFLICT (city_id) DO UPDATE SET file = excluded.file, "
			  "sha256 = excluded.sha256, version = excluded.version, "
			  "generated = excluded.generated, imported_at = excluded.imported_at",
};

/* ---- the importer's state --------------------------------------------------- */

/* A booking deleted before the file reached it (it reversed a booking
 * that changed, or stood in the way of a new reversal): when the file
 * brings it, it is written again and counted by its old content. */
struct displaced {
	int64_t source_id;
	char date[DATE_BUF];
	char kind[16];
	int64_t amount;
	char *reference;
	char *note;
	int64_t reverses; /* source id of the reversed booking, 0 = none */
};

/* Bookings of a new grant are written BATCH_ROWS at a time: with the
 * booking triggers SQLite opens a statement journal for every INSERT,
 * which cost more than the row itself (measured: 200,000 single-row
 * inserts 5.3 s with the triggers, 3.1 s without). */
enum { BATCH_ROWS = 50, BATCH_SMALL = 10, BATCH_ARENA = 256 * 1024, BOOKING_PARAMS = 10 };

struct booking_row {
	int64_t id;       /* row id to use, 0 = the next free one */
	int64_t amount;
	int64_t reverses; /* row id of the reversed booking, 0 = none */
	int64_t source;   /* the sender's id, 0 = none */
	const char *date, *kind, *reference, *note;
};

struct booking_batch {
	struct booking_row rows[BATCH_ROWS];
	int n;
	char *arena; /* the rows' text */
	size_t used;
	sqlite3_stmt *insert_rows;  /* BATCH_ROWS at once */
	sqlite3_stmt *insert_small; /* BATCH_SMALL at once */
};

struct old_allocation {
	int year;
	int64_t amount;
	int seen;
};

struct importer {
	struct store *st;
	sqlite3 *db;
	struct exch_diags *diags;
	const struct exch_import_options *opts;
	struct exch_change_counts counts[EXCH_RECORD_KINDS];
	sqlite3_stmt *stmt[NSTMT];
	struct ft_error failure; /* why writing stopped, when it did */
	int failed;              /* a write failed: nothing more is written */
	int refused;             /* the file's city may not be imported: stop reading */
	char now[32];            /* created_at of imported bookings, imported_at */
	char version[16];
	char generated[40];
	char ags[16];
	int64_t city_id;
	int city_known;
	struct code_map districts, funders, programmes, projects, grants;
	char **chain_links; /* pairs: project code, predecessor code */
	size_t nchain_links, chain_links_cap;
	int chains_done;
	/* the open grant */
	int64_t grant_id;
	char grant_ref[260];
	int grant_new;
	int64_t old_max; /* largest row id among its bookings before the import */
	struct old_allocation *allocs;
	size_t nallocs, allocs_cap;
	int64_t *confirmed; /* old booking rows the file brought unchanged */
	size_t nconfirmed, confirmed_cap;
	struct displaced *displaced;
	size_t ndisplaced, displaced_cap;
	int64_t *doomed; /* old booking rows the file no longer holds */
	size_t ndoomed, doomed_cap;
	struct booking_batch batch;
	/* the row ids given to the bookings of the open grant when it is new,
	 * by the sender's id (int64_t): reversals find their original here */
	struct map rows;
	int64_t next_row;     /* the row id for the next booking of a new grant */
};

/* Appends value to a growing array of int64. */
static int push_id(int64_t **items, size_t *n, size_t *cap, int64_t value)
{
	if (*n == *cap) {
		size_t bigger = *cap ? 2 * *cap : 256;
		int64_t *grown = realloc(*items, bigger * sizeof(**items));

		if (!grown)
			return -1;
		*items = grown;
		*cap = bigger;
	}
	(*items)[(*n)++] = value;
	return 0;
}

enum change { ADDED, CHANGED, REMOVED, UNCHANGED };

static void count(struct importer *im, enum exch_kind kind, enum change c, long n)
{
	struct exch_change_counts *k = &im->counts[kind];

	if (c == ADDED)
		k->added += n;
	else if (c == CHANGED)
		k->changed += n;
	else if (c == REMOVED)
		k->removed += n;
	else
		k->unchanged += n;
}

static int64_t row_of(const struct map *m, int64_t source)
{
	const int64_t *row = map_find_int(m, source);

	return row ? *row : 0;
}

/* -1 when out of memory */
static int remember_row(struct map *m, int64_t source, int64_t row)
{
	int64_t *slot;

	if (!m->value_size) /* zeroed with the importer */
		*m = (struct map)MAP_INIT(MAP_INT, int64_t);
	if (!(slot = map_put_int(m, source)))
		return -1;
	*slot = row;
	return 0;
}

/* Empty for the next grant; a large table is given back. */
static void forget_rows(struct map *m)
{
	if (m->cap > 4096)
		map_free(m);
	else
		map_clear(m);
}

/* The statement, prepared on first use and reused; NULL after a failure. */
static sqlite3_stmt *stmt(struct importer *im, enum stmt_id id)
{
	if (!im->stmt[id] && store_prepare(im->st, stmt_sql[id], &im->stmt[id], &im->failure)) {
		im->failed = 1;
		return NULL;
	}
	sqlite3_reset(im->stmt[id]);
	return im->stmt[id];
}

static int vfail_db(struct importer *im, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));

static int vfail_db(struct importer *im, const char *fmt, va_list ap)
{
	char doing[512];

	vsnprintf(doing, sizeof(doing), fmt, ap);
	store_fail(im->st, &im->failure, doing);
	im->failed = 1;
	return -1;
}

static int fail_db(struct importer *im, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int fail_db(struct importer *im, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfail_db(im, fmt, ap);
	va_end(ap);
	return -1;
}

static int run(struct importer *im, sqlite3_stmt *s, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Steps s to its end (an INSERT, UPDATE or DELETE): the number of rows it
 * changed, or -1 (fmt... says what was being done). */
static int run(struct importer *im, sqlite3_stmt *s, const char *fmt, ...)
{
	va_list ap;
	int rc;

	if (!s)
		return -1;
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc == SQLITE_DONE)
		return sqlite3_changes(im->db);
	va_start(ap, fmt);
	vfail_db(im, fmt, ap);
	va_end(ap);
	return -1;
}

/* Text is bound without a copy: every value outlives the step. */
static void bind_text(sqlite3_stmt *s, int idx, const char *text)
{
	if (text)
		sqlite3_bind_text(s, idx, text, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, idx);
}

/* An id, NULL when 0 */
static void bind_id(sqlite3_stmt *s, int idx, int64_t id)
{
	store_bind_opt_int(s, idx, id, id <= 0);
}

static int refuse(struct importer *im, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int refuse(struct importer *im, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(im->failure.msg, sizeof(im->failure.msg), fmt, ap);
	va_end(ap);
	im->refused = 1;
	return -1;
}

static int out_of_memory(struct importer *im)
{
	ft_fail(&im->failure, "out of memory");
	im->failed = 1;
	return -1;
}

/* A reference the file does not resolve: the schema reports it at the
 * end of the document; writing stops here. */
static int unresolved(struct importer *im, const char *what, const char *code)
{
	ft_fail(&im->failure, "the file refers to an unknown %s '%s'", what, code);
	im->failed = 1;
	return -1;
}

/* ---- the city ------------------------------------------------------------- */

static int load_codes(struct importer *im, struct code_map *m, const char *sql)
{
	sqlite3_stmt *s;
	int rc;

	if (store_prepare(im->st, sql, &s, &im->failure)) {
		im->failed = 1;
		return -1;
	}
	sqlite3_bind_int64(s, 1, im->city_id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct code_entry *e = code_map_put(m, (const char *)sqlite3_column_text(s, 0));

		if (!e) {
			sqlite3_finalize(s);
			return out_of_memory(im);
		}
		e->id = sqlite3_column_int64(s, 1);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return fail_db(im, "cannot read the records of city %s", im->ags);
	return 0;
}

static int load_city_records(struct importer *im)
{
	return load_codes(im, &im->districts, "SELECT code, id FROM district WHERE city_id = ?1") ||
	       load_codes(im, &im->funders, "SELECT code, id FROM funder WHERE city_id = ?1") ||
	       load_codes(im, &im->programmes, "SELECT code, id FROM programme WHERE city_id = ?1") ||
	       load_codes(im, &im->projects, "SELECT code, id FROM project WHERE city_id = ?1") ||
	       load_codes(im, &im->grants, "SELECT ref, id FROM \"grant\" WHERE city_id = ?1");
}

/* The city a file is about; row id 0 when the database does not hold it. */
static int find_city(struct importer *im, const char *ags, int64_t *id, int *own)
{
	sqlite3_stmt *s = stmt(im, S_CITY_FIND);
	int rc;

	*id = 0;
	*own = 0;
	if (!s)
		return -1;
	bind_text(s, 1, ags);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(s, 0);
		*own = sqlite3_column_int(s, 1);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return fail_db(im, "cannot look up city %s", ags);
	return 0;
}

static int find_own_city(struct importer *im, char *ags, size_t ags_size, char *name,
			 size_t name_size)
{
	sqlite3_stmt *s = stmt(im, S_OWN_CITY);
	int rc;

	ags[0] = name[0] = '\0';
	if (!s)
		return -1;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		snprintf(ags, ags_size, "%s", (const char *)sqlite3_column_text(s, 0));
		snprintf(name, name_size, "%s", (const char *)sqlite3_column_text(s, 1));
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return fail_db(im, "cannot look up the own city");
	return 0;
}

/* Own data is entered here, never imported; --as-own is the one way in,
 * into a database without an own city that does not hold the city yet. */
static int check_city_allowed(struct importer *im, const struct exch_city *c, int64_t id,
			      int own)
{
	char own_ags[16], own_name[128];

	if (find_own_city(im, own_ags, sizeof(own_ags), own_name, sizeof(own_name)))
		return -1;
	if (!im->opts->as_own && own)
		return refuse(im,
			      "the file holds the own city %s %s: its data is entered here, not "
			      "imported (a fresh installation takes data over with 'fundtrack "
			      "import --as-own')",
			      c->ags, c->name);
	if (im->opts->as_own && own_ags[0])
		return refuse(im,
			      "this database already has its own city %s %s: --as-own takes a city "
			      "over only into a database without one",
			      own_ags, own_name);
	if (im->opts->as_own && id)
		return refuse(im,
			      "city %s %s was imported into this database before: --as-own takes a "
			      "city over only into a database that does not hold it",
			      c->ags, c->name);
	return 0;
}

static int import_city(struct importer *im, const struct exch_record *rec)
{
	const struct exch_city *c = &rec->u.city;
	sqlite3_stmt *s;
	int64_t id;
	int own, rc;

	snprintf(im->ags, sizeof(im->ags), "%s", c->ags);
	if (find_city(im, c->ags, &id, &own) || check_city_allowed(im, c, id, own))
		return -1;
	im->city_known = 1;
	if (id) {
		im->city_id = id;
		if (!(s = stmt(im, S_CITY_UPDATE)))
			return -1;
		sqlite3_bind_int64(s, 1, id);
		bind_text(s, 2, c->name);
		store_bind_opt_int(s, 3, c->population, c->population <= 0);
		if ((rc = run(im, s, "cannot update city %s", c->ags)) < 0)
			return -1;
		count(im, EXCH_CITY, rc ? CHANGED : UNCHANGED, 1);
		return load_city_records(im);
	}
	if (!(s = stmt(im, S_CITY_INSERT)))
		return -1;
	bind_text(s, 1, c->ags);
	bind_text(s, 2, c->name);
	store_bind_opt_int(s, 3, c->population, c->population <= 0);
	sqlite3_bind_int(s, 4, im->opts->as_own ? 1 : 0);
	if (run(im, s, "cannot add city %s", c->ags) < 0)
		return -1;
	im->city_id = sqlite3_last_insert_rowid(im->db);
	count(im, EXCH_CITY, ADDED, 1);
	return 0;
}

/* ---- districts, funders, programmes, projects, grants --------------------------- */

/* Binds a record's fields from parameter first on; -1 for a reference the
 * file does not resolve. */
typedef int (*bind_fields_fn)(struct importer *im, sqlite3_stmt *s, int first,
			      const struct exch_record *rec);

/* Writes a record found by its code: inserted when new (?1 city, ?2 code,
 * then the fields), else updated when its content differs (?1 row id,
 * then the fields). Returns ADDED, CHANGED or UNCHANGED, or -1; *entry
 * gets the record's map entry. */
static int upsert(struct importer *im, struct code_map *m, enum exch_kind kind,
		  const char *code, enum stmt_id insert, enum stmt_id update,
		  bind_fields_fn bind_fields, const struct exch_record *rec,
		  struct code_entry **entry)
{
	struct code_entry *e = code_map_find(m, code);
	sqlite3_stmt *s = stmt(im, e ? update : insert);
	int rc, change;

	if (!s)
		return -1;
	if (e) {
		sqlite3_bind_int64(s, 1, e->id);
		if (bind_fields(im, s, 2, rec))
			return -1;
	} else {
		sqlite3_bind_int64(s, 1, im->city_id);
		bind_text(s, 2, code);
		if (bind_fields(im, s, 3, rec))
			return -1;
	}
	rc = e ? run(im, s, "cannot update '%s'", code) : run(im, s, "cannot add '%s'", code);
	if (rc < 0)
		return -1;
	change = !e ? ADDED : rc ? CHANGED : UNCHANGED;
	if (!e) {
		if (!(e = code_map_put(m, code)))
			return out_of_memory(im);
		e->id = sqlite3_last_insert_rowid(im->db);
	}
	e->seen = 1;
	e->flag = change == UNCHANGED; /* a new predecessor may still change it */
	count(im, kind, (enum change)change, 1);
	*entry = e;
	return change;
}

static int bind_district(struct importer *im, sqlite3_stmt *s, int first,
			 const struct exch_record *rec)
{
	(void)im;
	bind_text(s, first, rec->u.district.name);
	sqlite3_bind_int(s, first + 1, rec->u.district.action_area);
	return 0;
}

static int bind_funder(struct importer *im, sqlite3_stmt *s, int first,
		       const struct exch_record *rec)
{
	(void)im;
	bind_text(s, first, rec->u.funder.name);
	bind_text(s, first + 1, rec->u.funder.level);
	return 0;
}

static int bind_programme(struct importer *im, sqlite3_stmt *s, int first,
			  const struct exch_record *rec)
{
	const struct exch_programme *p = &rec->u.programme;
	struct code_entry *funder = code_map_find(&im->funders, p->funder);

	if (!funder || !funder->seen)
		return unresolved(im, "funder", p->funder);
	bind_text(s, first, p->name);
	sqlite3_bind_int64(s, first + 1, funder->id);
	bind_text(s, first + 2, p->fund);
	store_bind_opt_int(s, first + 3, p->rate_bp, p->rate_bp < 0);
	bind_text(s, first + 4, p->financing);
	sqlite3_bind_int(s, first + 5, p->drawdown_days);
	sqlite3_bind_int(s, first + 6, p->proof_months);
	return 0;
}

static int bind_project(struct importer *im, sqlite3_stmt *s, int first,
			const struct exch_record *rec)
{
	const struct exch_project *p = &rec->u.project;
	struct code_entry *district = code_map_find(&im->districts, p->district);

	if (p->district && (!district || !district->seen))
		return unresolved(im, "district", p->district);
	bind_text(s, first, p->title);
	bind_text(s, first + 1, p->field);
	bind_id(s, first + 2, district ? district->id : 0);
	bind_text(s, first + 3, p->carrier);
	bind_text(s, first + 4, p->target_group);
	bind_text(s, first + 5, p->start);
	bind_text(s, first + 6, p->end);
	store_bind_opt_int(s, first + 7, p->costs, !p->has_costs);
	return 0;
}

static int bind_grant(struct importer *im, sqlite3_stmt *s, int first,
		      const struct exch_record *rec)
{
	const struct exch_grant *g = &rec->u.grant;
	struct code_entry *project = code_map_find(&im->projects, g->project);
	struct code_entry *programme = code_map_find(&im->programmes, g->programme);

	if (!project || !project->seen)
		return unresolved(im, "project", g->project);
	if (!programme || !programme->seen)
		return unresolved(im, "programme", g->programme);
	sqlite3_bind_int64(s, first, project->id);
	sqlite3_bind_int64(s, first + 1, programme->id);
	bind_text(s, first + 2, g->applied);
	bind_text(s, first + 3, g->decided);
	bind_text(s, first + 4, g->start);
	bind_text(s, first + 5, g->end);
	sqlite3_bind_int64(s, first + 6, g->approved);
	store_bind_opt_int(s, first + 7, g->eligible, !g->has_eligible);
	store_bind_opt_int(s, first + 8, g->rate_bp, g->rate_bp < 0);
	bind_text(s, first + 9, g->financing);
	bind_text(s, first + 10, g->status);
	bind_text(s, first + 11, g->note);
	return 0;
}

static int import_master(struct importer *im, const struct exch_record *rec)
{
	struct code_entry *e;

	switch (rec->kind) {
	case EXCH_DISTRICT:
		return upsert(im, &im->districts, EXCH_DISTRICT, rec->u.district.code,
			      S_DISTRICT_INSERT, S_DISTRICT_UPDATE, bind_district, rec, &e) < 0;
	case EXCH_FUNDER:
		return upsert(im, &im->funders, EXCH_FUNDER, rec->u.funder.code, S_FUNDER_INSERT,
			      S_FUNDER_UPDATE, bind_funder, rec, &e) < 0;
	case EXCH_PROGRAMME:
		return upsert(im, &im->programmes, EXCH_PROGRAMME, rec->u.programme.code,
			      S_PROGRAMME_INSERT, S_PROGRAMME_UPDATE, bind_programme, rec, &e) < 0;
	default:
		return 0;
	}
}

/* ---- project chains ---------------------------------------------------------- */

/* Predecessors may come later in the file than their successors: they are
 * linked once every project is written. */
static int import_project(struct importer *im, const struct exch_record *rec)
{
	const struct exch_project *p = &rec->u.project;
	struct code_entry *e;

	if (upsert(im, &im->projects, EXCH_PROJECT, p->code, S_PROJECT_INSERT, S_PROJECT_UPDATE,
		   bind_project, rec, &e) < 0)
		return -1;
	if (!p->predecessor)
		return 0;
	if (im->nchain_links + 2 > im->chain_links_cap) {
		size_t cap = im->chain_links_cap ? 2 * im->chain_links_cap : 64;
		char **grown = realloc(im->chain_links, cap * sizeof(*grown));

		if (!grown)
			return out_of_memory(im);
		im->chain_links = grown;
		im->chain_links_cap = cap;
	}
	im->chain_links[im->nchain_links] = strdup(p->code);
	im->chain_links[im->nchain_links + 1] = strdup(p->predecessor);
	im->nchain_links += 2;
	if (!im->chain_links[im->nchain_links - 2] || !im->chain_links[im->nchain_links - 1])
		return out_of_memory(im);
	return 0;
}

struct link_change {
	int64_t project;
	int64_t current; /* 0 = none */
	int64_t wanted;
	struct code_entry *entry; /* NULL: a project the file no longer holds */
};

/* Which projects' predecessors differ from what the file wants. */
static int collect_link_changes(struct importer *im, struct link_change **out, size_t *n)
{
	sqlite3_stmt *s = stmt(im, S_PROJECT_PREDS);
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, im->city_id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct code_entry *e = code_map_find(&im->projects, (const char *)sqlite3_column_text(s, 1));
		struct link_change c = { sqlite3_column_int64(s, 0), sqlite3_column_int64(s, 2),
					 e && e->seen ? e->link : 0, e && e->seen ? e : NULL };

		if (c.current == c.wanted)
			continue;
		if (*n == cap) {
			struct link_change *grown = realloc(*out, (cap = cap ? 2 * cap : 64) * sizeof(c));

			if (!grown) {
				sqlite3_reset(s);
				return out_of_memory(im);
			}
			*out = grown;
		}
		(*out)[(*n)++] = c;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return fail_db(im, "cannot read the project chains of city %s", im->ags);
	return 0;
}

static int set_predecessor(struct importer *im, int64_t project, int64_t predecessor)
{
	sqlite3_stmt *s = stmt(im, S_PROJECT_SET_PRED);

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, project);
	bind_id(s, 2, predecessor);
	return run(im, s, "cannot link the projects of city %s", im->ags) < 0 ? -1 : 0;
}

/* Unlinks first, then links: a chain has one successor per project, and a
 * link may move from one project to another. */
static int apply_link_changes(struct importer *im, struct link_change *c, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (c[i].current && set_predecessor(im, c[i].project, 0))
			return -1;
	for (size_t i = 0; i < n; i++) {
		if (c[i].wanted && set_predecessor(im, c[i].project, c[i].wanted))
			return -1;
		if (c[i].entry && c[i].entry->flag) {
			c[i].entry->flag = 0;
			count(im, EXCH_PROJECT, UNCHANGED, -1);
			count(im, EXCH_PROJECT, CHANGED, 1);
		}
	}
	return 0;
}

static int finish_chains(struct importer *im)
{
	struct link_change *changes;
	size_t n;
	int rc;

	if (im->chains_done)
		return 0;
	im->chains_done = 1;
	for (size_t i = 0; i < im->nchain_links; i += 2) {
		struct code_entry *p = code_map_find(&im->projects, im->chain_links[i]);
		struct code_entry *pred = code_map_find(&im->projects, im->chain_links[i + 1]);

		if (!pred || !pred->seen)
			return unresolved(im, "predecessor project", im->chain_links[i + 1]);
		if (p)
			p->link = pred->id;
	}
	if (collect_link_changes(im, &changes, &n))
		return -1;
	rc = apply_link_changes(im, changes, n);
	free(changes);
	return rc;
}

/* ---- grants and allocations ------------------------------------------------------ */

static int load_old_allocations(struct importer *im)
{
	sqlite3_stmt *s = stmt(im, S_ALLOC_OLD);
	int rc;

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, im->grant_id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (im->nallocs == im->allocs_cap) {
			size_t cap = im->allocs_cap ? 2 * im->allocs_cap : 16;
			struct old_allocation *grown = realloc(im->allocs, cap * sizeof(*grown));

			if (!grown) {
				sqlite3_reset(s);
				return out_of_memory(im);
			}
			im->allocs = grown;
			im->allocs_cap = cap;
		}
		im->allocs[im->nallocs++] = (struct old_allocation){ sqlite3_column_int(s, 0),
								     sqlite3_column_int64(s, 1), 0 };
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return fail_db(im, "cannot read the allocations of grant '%s'", im->grant_ref);
	return 0;
}

static int load_old_max(struct importer *im)
{
	sqlite3_stmt *s = stmt(im, S_BOOKING_MAX);
	int rc;

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, im->grant_id);
	rc = sqlite3_step(s);
	im->old_max = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_reset(s);
	if (rc != SQLITE_ROW)
		return fail_db(im, "cannot read the bookings of grant '%s'", im->grant_ref);
	return 0;
}

/* Row ids for the bookings of a new grant: nothing else writes bookings
 * while it is read (the import holds the write lock). */
static int load_next_row(struct importer *im)
{
	sqlite3_stmt *s = stmt(im, S_BOOKING_NEXT_ROW);
	int rc;

	if (!s)
		return -1;
	rc = sqlite3_step(s);
	im->next_row = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_reset(s);
	if (rc != SQLITE_ROW)
		return fail_db(im, "cannot number the bookings of grant '%s'", im->grant_ref);
	return 0;
}

static int open_grant(struct importer *im, const struct exch_record *rec)
{
	struct code_entry *e;
	int change;

	if (finish_chains(im))
		return -1;
	change = upsert(im, &im->grants, EXCH_GRANT, rec->u.grant.ref, S_GRANT_INSERT,
			S_GRANT_UPDATE, bind_grant, rec, &e);
	if (change < 0)
		return -1;
	im->grant_id = e->id;
	im->grant_new = change == ADDED;
	snprintf(im->grant_ref, sizeof(im->grant_ref), "%s", rec->u.grant.ref);
	im->nallocs = 0;
	im->nconfirmed = 0;
	im->old_max = 0;
	forget_rows(&im->rows);
	if (im->grant_new)
		return load_next_row(im);
	return load_old_allocations(im) || load_old_max(im);
}

static int import_allocation(struct importer *im, const struct exch_record *rec)
{
	const struct exch_allocation *a = &rec->u.allocation;
	struct old_allocation *old = NULL;
	enum change change = ADDED;
	char year[16];
	sqlite3_stmt *s;

	for (size_t i = 0; i < im->nallocs && !old; i++)
		if (im->allocs[i].year == a->year)
			old = &im->allocs[i];
	if (old) {
		old->seen = 1;
		change = old->amount == a->amount ? UNCHANGED : CHANGED;
	}
	count(im, EXCH_ALLOCATION, change, 1);
	if (change == UNCHANGED)
		return 0;
	if (!(s = stmt(im, change == ADDED ? S_ALLOC_INSERT : S_ALLOC_UPDATE)))
		return -1;
	sqlite3_bind_int64(s, 1, im->grant_id);
	sqlite3_bind_int(s, 2, a->year);
	sqlite3_bind_int64(s, 3, a->amount);
	snprintf(year, sizeof(year), "%d", a->year);
	return run(im, s, "cannot write the allocation for %s", year) < 0 ? -1 : 0;
}

/* ---- bookings ---------------------------------------------------------------------- */

static int same_text(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
}

static const char *column_text(sqlite3_stmt *s, int col)
{
	return (const char *)sqlite3_column_text(s, col);
}

/* Whether the row selected by S_BOOKING_FIND / S_BOOKING_READ (date at
 * column 1) holds what the file says. */
static int same_booking(sqlite3_stmt *s, const struct exch_booking *b)
{
	return strcmp(column_text(s, 1), b->date) == 0 && strcmp(column_text(s, 2), b->kind) == 0 &&
	       sqlite3_column_int64(s, 3) == b->amount && same_text(column_text(s, 4), b->reference) &&
	       same_text(column_text(s, 5), b->note) && sqlite3_column_int64(s, 6) == b->reverses;
}

/* The row of the grant's booking with the sender's id; 0 when none. */
static int row_of_source(struct importer *im, int64_t source_id, int64_t *row)
{
	sqlite3_stmt *s = stmt(im, S_BOOKING_OF_SOURCE);
	int rc;

	*row = 0;
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, im->grant_id);
	sqlite3_bind_int64(s, 2, source_id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*row = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return fail_db(im, "cannot read the bookings of grant '%s'", im->grant_ref);
	return 0;
}

static int delete_booking(struct importer *im, int64_t row)
{
	sqlite3_stmt *s = stmt(im, S_BOOKING_DELETE);

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, row);
	return run(im, s, "cannot remove a booking of grant '%s'", im->grant_ref) < 0 ? -1 : 0;
}

static int remember_displaced(struct importer *im, sqlite3_stmt *s)
{
	struct displaced *d;

	if (im->ndisplaced == im->displaced_cap) {
		size_t cap = im->displaced_cap ? 2 * im->displaced_cap : 8;
		struct displaced *grown = realloc(im->displaced, cap * sizeof(*grown));

		if (!grown)
			return out_of_memory(im);
		im->displaced = grown;
		im->displaced_cap = cap;
	}
	d = &im->displaced[im->ndisplaced];
	memset(d, 0, sizeof(*d));
	d->source_id = sqlite3_column_int64(s, 0);
	snprintf(d->date, sizeof(d->date), "%s", column_text(s, 1));
	snprintf(d->kind, sizeof(d->kind), "%s", column_text(s, 2));
	d->amount = sqlite3_column_int64(s, 3);
	d->reference = column_text(s, 4) ? strdup(column_text(s, 4)) : NULL;
	d->note = column_text(s, 5) ? strdup(column_text(s, 5)) : NULL;
	d->reverses = sqlite3_column_int64(s, 6);
	im->ndisplaced++;
	if ((column_text(s, 4) && !d->reference) || (column_text(s, 5) && !d->note))
		return out_of_memory(im);
	return 0;
}

/* Deletes the reversal of booking row, if it has one, remembering it. */
static int displace_reversal_of(struct importer *im, int64_t row)
{
	sqlite3_stmt *s = stmt(im, S_BOOKING_REVERSAL_OF);
	int64_t reversal = 0;
	int rc;

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, row);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		reversal = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return fail_db(im, "cannot read the bookings of grant '%s'", im->grant_ref);
	if (!reversal)
		return 0;
	if (!(s = stmt(im, S_BOOKING_READ)))
		return -1;
	sqlite3_bind_int64(s, 1, reversal);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		rc = remember_displaced(im, s);
	else
		rc = fail_db(im, "cannot read a booking of grant '%s'", im->grant_ref);
	sqlite3_reset(s);
	return rc ? -1 : delete_booking(im, reversal);
}

static void bind_booking(struct importer *im, sqlite3_stmt *s, int first,
			 const struct booking_row *r)
{
	bind_id(s, first, r->id);
	sqlite3_bind_int64(s, first + 1, im->grant_id);
	bind_text(s, first + 2, r->date);
	bind_text(s, first + 3, r->kind);
	sqlite3_bind_int64(s, first + 4, r->amount);
	bind_text(s, first + 5, r->reference);
	bind_text(s, first + 6, r->note);
	bind_id(s, first + 7, r->reverses);
	bind_id(s, first + 8, r->source);
	bind_text(s, first + 9, im->now);
}

static int insert_row(struct importer *im, const struct booking_row *r)
{
	sqlite3_stmt *s = stmt(im, S_BOOKING_INSERT);
	long long id = (long long)(r->source ? r->source : r->id); /* as the file says */

	if (!s)
		return -1;
	bind_booking(im, s, 1, r);
	if (sqlite3_step(s) == SQLITE_DONE) {
		sqlite3_reset(s);
		return 0;
	}
	sqlite3_reset(s);
	if (im->opts->as_own && sqlite3_extended_errcode(im->db) == SQLITE_CONSTRAINT_PRIMARYKEY) {
		ft_fail(&im->failure,
			"cannot take over booking %lld of grant '%s': booking number %lld is already "
			"used in this database (--as-own keeps the booking numbers)",
			id, im->grant_ref, id);
		im->failed = 1;
		return -1;
	}
	return fail_db(im, "cannot add booking %lld of grant '%s'", id, im->grant_ref);
}

/* INSERT for rows bookings at once (SQL from constant pieces only). */
static int prepare_batch(struct importer *im, int rows, sqlite3_stmt **out)
{
	static const char head[] = "INSERT INTO booking (id, grant_id, date, kind, amount_cents, "
				   "reference, note, reverses_id, source_id, created_at) VALUES ";
	static const char row[] = "(?,?,?,?,?,?,?,?,?,?),";
	char sql[sizeof(head) + BATCH_ROWS * sizeof(row)];
	size_t used = sizeof(head) - 1;

	memcpy(sql, head, used);
	for (int i = 0; i < rows; i++, used += sizeof(row) - 1)
		memcpy(sql + used, row, sizeof(row) - 1);
	sql[used - 1] = '\0'; /* the last comma */
	if (store_prepare(im->st, sql, out, &im->failure)) {
		im->failed = 1;
		return -1;
	}
	return 0;
}

/* Writes rows [0, n) of the batch with one statement, which changes all
 * or nothing: when it fails the rows are written one by one, so that the
 * message names the booking. */
static int insert_rows(struct importer *im, const struct booking_row *rows, int n)
{
	struct booking_batch *b = &im->batch;
	sqlite3_stmt **s = n == BATCH_ROWS ? &b->insert_rows : &b->insert_small;
	int rc;

	if (!*s && prepare_batch(im, n, s))
		return -1;
	for (int i = 0; i < n; i++)
		bind_booking(im, *s, 1 + i * BOOKING_PARAMS, &rows[i]);
	rc = sqlite3_step(*s);
	sqlite3_reset(*s);
	if (rc == SQLITE_DONE)
		return 0;
	for (int i = 0; i < n; i++)
		if (insert_row(im, &rows[i]))
			return -1;
	return 0;
}

/* Writes the batched bookings: in statements of BATCH_ROWS, then of
 * BATCH_SMALL, then one by one. */
static int flush_bookings(struct importer *im)
{
	struct booking_batch *b = &im->batch;
	int n = b->n, i = 0;

	b->n = 0;
	b->used = 0;
	for (; n - i >= BATCH_ROWS; i += BATCH_ROWS)
		if (insert_rows(im, b->rows + i, BATCH_ROWS))
			return -1;
	for (; n - i >= BATCH_SMALL; i += BATCH_SMALL)
		if (insert_rows(im, b->rows + i, BATCH_SMALL))
			return -1;
	for (; i < n; i++)
		if (insert_row(im, &b->rows[i]))
			return -1;
	return 0;
}

static const char *batch_keep(struct booking_batch *b, const char *text)
{
	char *copy;
	size_t len;

	if (!text)
		return NULL;
	len = strlen(text) + 1;
	copy = b->arena + b->used;
	memcpy(copy, text, len);
	b->used += len;
	return copy;
}

static size_t text_size(const char *text)
{
	return text ? strlen(text) + 1 : 0;
}

static int batch_booking(struct importer *im, const struct booking_row *r)
{
	struct booking_batch *b = &im->batch;
	size_t need = text_size(r->date) + text_size(r->kind) + text_size(r->reference) +
		      text_size(r->note);
	struct booking_row *row;

	if (!b->arena && !(b->arena = malloc(BATCH_ARENA)))
		return out_of_memory(im);
	if (need > BATCH_ARENA - b->used && flush_bookings(im))
		return -1;
	if (need > BATCH_ARENA)
		return insert_row(im, r); /* cannot happen with a valid file */
	row = &b->rows[b->n++];
	*row = *r;
	row->date = batch_keep(b, r->date);
	row->kind = batch_keep(b, r->kind);
	row->reference = batch_keep(b, r->reference);
	row->note = batch_keep(b, r->note);
	return b->n == BATCH_ROWS ? flush_bookings(im) : 0;
}

/* A booking of a grant new to the database: numbered here and batched,
 * reversals too (they find their original's row id by the sender's id).
 * --as-own keeps the sender's booking numbers as row ids. */
static int insert_new_booking(struct importer *im, const struct exch_booking *b)
{
	struct booking_row r = { b->id, b->amount, b->reverses, 0, b->date, b->kind, b->reference,
				 b->note };
	char id[32];

	if (!im->opts->as_own) {
		r.id = im->next_row++;
		r.source = b->id;
		if (b->reverses && !(r.reverses = row_of(&im->rows, b->reverses))) {
			snprintf(id, sizeof(id), "%lld", (long long)b->reverses);
			return unresolved(im, "booking", id);
		}
		if (remember_row(&im->rows, b->id, r.id))
			return out_of_memory(im);
	}
	return batch_booking(im, &r);
}

/* A booking added to a grant the database held before. */
static int insert_booking(struct importer *im, const struct exch_booking *b)
{
	struct booking_row r = { 0, b->amount, 0, b->id, b->date, b->kind, b->reference, b->note };
	char id[32];

	if (b->reverses) {
		if (row_of_source(im, b->reverses, &r.reverses))
			return -1;
		if (!r.reverses) {
			snprintf(id, sizeof(id), "%lld", (long long)b->reverses);
			return unresolved(im, "booking", id);
		}
		if (displace_reversal_of(im, r.reverses))
			return -1;
	}
	return insert_row(im, &r);
}

static struct displaced *find_displaced(struct importer *im, int64_t source_id)
{
	for (size_t i = 0; i < im->ndisplaced; i++)
		if (im->displaced[i].source_id == source_id)
			return &im->displaced[i];
	return NULL;
}

static void drop_displaced(struct importer *im, struct displaced *d)
{
	free(d->reference);
	free(d->note);
	*d = im->displaced[--im->ndisplaced];
}

static int same_as_displaced(const struct displaced *d, const struct exch_booking *b)
{
	return strcmp(d->date, b->date) == 0 && strcmp(d->kind, b->kind) == 0 &&
	       d->amount == b->amount && same_text(d->reference, b->reference) &&
	       same_text(d->note, b->note) && d->reverses == b->reverses;
}

/* A booking of a grant the database held before: unchanged ones are left
 * alone; a changed one is written anew (bookings are never updated). */
static int import_known_booking(struct importer *im, const struct exch_booking *b)
{
	sqlite3_stmt *s = stmt(im, S_BOOKING_FIND);
	struct displaced *d;
	int64_t row = 0;
	int rc, same = 0;

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, im->grant_id);
	sqlite3_bind_int64(s, 2, b->id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		row = sqlite3_column_int64(s, 0);
		same = same_booking(s, b);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return fail_db(im, "cannot read the bookings of grant '%s'", im->grant_ref);
	if (row && same) {
		count(im, EXCH_BOOKING, UNCHANGED, 1);
		return push_id(&im->confirmed, &im->nconfirmed, &im->confirmed_cap, row) ? out_of_memory(im)
											  : 0;
	}
	if (row) {
		count(im, EXCH_BOOKING, CHANGED, 1);
		if (displace_reversal_of(im, row) || delete_booking(im, row))
			return -1;
	} else if ((d = find_displaced(im, b->id)) != NULL) {
		count(im, EXCH_BOOKING, same_as_displaced(d, b) ? UNCHANGED : CHANGED, 1);
		drop_displaced(im, d);
	} else {
		count(im, EXCH_BOOKING, ADDED, 1);
	}
	return insert_booking(im, b);
}

static int import_booking(struct importer *im, const struct exch_record *rec)
{
	if (im->grant_new) {
		count(im, EXCH_BOOKING, ADDED, 1);
		return insert_new_booking(im, &rec->u.booking);
	}
	return import_known_booking(im, &rec->u.booking);
}

static int compare_ids(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

static int is_confirmed(const struct importer *im, int64_t row)
{
	return im->nconfirmed && bsearch(&row, im->confirmed, im->nconfirmed, sizeof(row), compare_ids) != NULL;
}

/* The grant's old bookings the file did not bring are removed, reversals
 * before the bookings they reverse. */
static int remove_old_bookings(struct importer *im)
{
	sqlite3_stmt *s = stmt(im, S_BOOKING_OLD_ROWS);
	int rc;

	if (!s)
		return -1;
	if (im->nconfirmed)
		qsort(im->confirmed, im->nconfirmed, sizeof(*im->confirmed), compare_ids);
	im->ndoomed = 0;
	sqlite3_bind_int64(s, 1, im->grant_id);
	sqlite3_bind_int64(s, 2, im->old_max);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int64_t row = sqlite3_column_int64(s, 0);

		if (!is_confirmed(im, row) &&
		    push_id(&im->doomed, &im->ndoomed, &im->doomed_cap, row)) {
			sqlite3_reset(s);
			return out_of_memory(im);
		}
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return fail_db(im, "cannot read the bookings of grant '%s'", im->grant_ref);
	for (size_t i = 0; i < im->ndoomed; i++)
		if (delete_booking(im, im->doomed[i]))
			return -1;
	count(im, EXCH_BOOKING, REMOVED, (long)(im->ndoomed + im->ndisplaced));
	while (im->ndisplaced)
		drop_displaced(im, &im->displaced[0]);
	return 0;
}

static int close_grant(struct importer *im)
{
	char year[16];

	if (im->grant_new)
		return 0;
	for (size_t i = 0; i < im->nallocs; i++) {
		sqlite3_stmt *s;

		if (im->allocs[i].seen)
			continue;
		if (!(s = stmt(im, S_ALLOC_DELETE)))
			return -1;
		sqlite3_bind_int64(s, 1, im->grant_id);
		sqlite3_bind_int(s, 2, im->allocs[i].year);
		snprintf(year, sizeof(year), "%d", im->allocs[i].year);
		if (run(im, s, "cannot remove the allocation for %s", year) < 0)
			return -1;
		count(im, EXCH_ALLOCATION, REMOVED, 1);
	}
	return remove_old_bookings(im);
}

/* ---- what the file no longer holds ------------------------------------------------- */

static int remove_grant(struct importer *im, const struct code_entry *e)
{
	sqlite3_stmt *s = stmt(im, S_GRANT_CHILDREN);
	int rc;

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, e->id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		count(im, EXCH_ALLOCATION, REMOVED, (long)sqlite3_column_int64(s, 0));
		count(im, EXCH_BOOKING, REMOVED, (long)sqlite3_column_int64(s, 1));
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW)
		return fail_db(im, "cannot read grant '%s'", e->code);
	if (!(s = stmt(im, S_GRANT_DELETE)))
		return -1;
	sqlite3_bind_int64(s, 1, e->id);
	return run(im, s, "cannot remove grant '%s'", e->code) < 0 ? -1 : 0;
}

static int remove_unseen(struct importer *im, struct code_map *m, enum exch_kind kind,
			 enum stmt_id delete)
{
	struct code_entry *e;
	size_t i = 0;

	while ((e = code_map_next(m, &i))) {
		sqlite3_stmt *s;

		if (e->seen)
			continue;
		if (kind == EXCH_GRANT) {
			if (remove_grant(im, e))
				return -1;
		} else {
			if (!(s = stmt(im, delete)))
				return -1;
			sqlite3_bind_int64(s, 1, e->id);
			if (run(im, s, "cannot remove '%s'", e->code) < 0)
				return -1;
		}
		count(im, kind, REMOVED, 1);
	}
	return 0;
}

/* Children first: grants (with their allocations and bookings), projects,
 * programmes, funders, districts. */
static int finish_city(struct importer *im)
{
	return finish_chains(im) || remove_unseen(im, &im->grants, EXCH_GRANT, S_GRANT_DELETE) ||
	       remove_unseen(im, &im->projects, EXCH_PROJECT, S_PROJECT_DELETE) ||
	       remove_unseen(im, &im->programmes, EXCH_PROGRAMME, S_PROGRAMME_DELETE) ||
	       remove_unseen(im, &im->funders, EXCH_FUNDER, S_FUNDER_DELETE) ||
	       remove_unseen(im, &im->districts, EXCH_DISTRICT, S_DISTRICT_DELETE);
}

/* ---- the sink ---------------------------------------------------------------------- */

static int handle(struct importer *im, const struct exch_record *rec)
{
	if (rec->kind != EXCH_BOOKING && flush_bookings(im))
		return -1;
	switch (rec->kind) {
	case EXCH_HEADER:
		snprintf(im->version, sizeof(im->version), "%s", rec->u.header.version);
		snprintf(im->generated, sizeof(im->generated), "%s", rec->u.header.generated);
		return 0;
	case EXCH_CITY:
		return import_city(im, rec);
	case EXCH_DISTRICT:
	case EXCH_FUNDER:
	case EXCH_PROGRAMME:
		return import_master(im, rec);
	case EXCH_PROJECT:
		return import_project(im, rec);
	case EXCH_GRANT:
		return open_grant(im, rec);
	case EXCH_ALLOCATION:
		return import_allocation(im, rec);
	case EXCH_BOOKING:
		return import_booking(im, rec);
	case EXCH_GRANT_END:
		return close_grant(im);
	case EXCH_END:
		return finish_city(im);
	}
	return 0;
}

/* Once the file has an error, or a write failed, nothing more is written
 * (the transaction will roll back) but the checks go on to the end, so
 * that every problem of the file is reported. */
static int on_record(void *arg, const struct exch_record *rec, struct ft_error *err)
{
	struct importer *im = arg;

	if (im->failed || im->diags->errors || rec->bad)
		return 0;
	if (rec->kind != EXCH_HEADER && rec->kind != EXCH_CITY && !im->city_known)
		return 0;
	if (handle(im, rec) == 0)
		return 0;
	if (im->refused) {
		*err = im->failure;
		return -1;
	}
	im->failed = 1;
	return 0;
}

/* ---- one file, one transaction ------------------------------------------------------- */

static void importer_release(struct importer *im)
{
	for (size_t i = 0; i < NSTMT; i++)
		sqlite3_finalize(im->stmt[i]);
	sqlite3_finalize(im->batch.insert_rows);
	sqlite3_finalize(im->batch.insert_small);
	free(im->batch.arena);
	map_free(&im->rows);
	code_map_free(&im->districts);
	code_map_free(&im->funders);
	code_map_free(&im->programmes);
	code_map_free(&im->projects);
	code_map_free(&im->grants);
	for (size_t i = 0; i < im->nchain_links; i++)
		free(im->chain_links[i]);
	free(im->chain_links);
	free(im->allocs);
	free(im->confirmed);
	while (im->ndisplaced)
		drop_displaced(im, &im->displaced[0]);
	free(im->displaced);
	free(im->doomed);
}

static void utc_now(char out[32])
{
	time_t now = time(NULL);
	struct tm tm;

	gmtime_r(&now, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static long total_changes(const struct importer *im)
{
	long n = 0;

	for (int k = 0; k < EXCH_RECORD_KINDS; k++)
		n += im->counts[k].added + im->counts[k].changed + im->counts[k].removed;
	return n;
}

/* 1 when the database already notes this very file for the city. */
static int same_file_as_before(struct importer *im, const char *sha)
{
	sqlite3_stmt *s = stmt(im, S_IMPORT_SHA);
	int rc, same = 0;

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, im->city_id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		same = strcmp(column_text(s, 0), sha) == 0;
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return fail_db(im, "cannot read the import of city %s", im->ags);
	return same;
}

static int log_import(struct importer *im, const struct exch_summary *sum, const char *path,
		      const char *sha, struct ft_error *err)
{
	struct audit_count counts[] = {
		{ "districts", sum->records[EXCH_DISTRICT] },
		{ "funders", sum->records[EXCH_FUNDER] },
		{ "programmes", sum->records[EXCH_PROGRAMME] },
		{ "projects", sum->records[EXCH_PROJECT] },
		{ "grants", sum->records[EXCH_GRANT] },
		{ "allocations", sum->records[EXCH_ALLOCATION] },
		{ "bookings", sum->records[EXCH_BOOKING] },
		{ "changes", total_changes(im) },
	};

	return audit_record_import(im->st, im->ags, path, sha, counts,
				   sizeof(counts) / sizeof(counts[0]), err);
}

/* Notes the file for the city (what 'fundtrack cities' shows) and logs the
 * import, unless this very file was imported before and nothing changed. */
static int note_file(struct importer *im, const char *path, const char *sha,
		     const struct exch_summary *sum, int *identical, struct ft_error *err)
{
	sqlite3_stmt *s;
	int same = same_file_as_before(im, sha);

	if (same < 0) {
		*err = im->failure;
		return -1;
	}
	*identical = same && total_changes(im) == 0;
	if (*identical)
		return 0;
	if (!(s = stmt(im, S_IMPORT_SAVE))) {
		*err = im->failure;
		return -1;
	}
	sqlite3_bind_int64(s, 1, im->city_id);
	bind_text(s, 2, path);
	bind_text(s, 3, sha);
	bind_text(s, 4, im->version);
	bind_text(s, 5, im->generated);
	bind_text(s, 6, im->now);
	if (run(im, s, "cannot note the import of city %s", im->ags) < 0) {
		*err = im->failure;
		return -1;
	}
	return log_import(im, sum, path, sha, err);
}

struct import_job {
	const char *path;
	const struct exch_import_options *opts;
	struct exch_diags *diags;
	struct exch_import_result *out;
	int dry_run_passed;
};

static int import_checked(struct importer *im, struct import_job *job, struct ft_error *err)
{
	struct exch_import_result *out = job->out;
	struct exch_sink sink = { on_record, im };

	if (exchange_validate(job->path, job->diags, &sink, 1, &out->check, err))
		return -1;
	sha256_hex(out->check.read.sha256, out->sha256);
	memcpy(out->counts, im->counts, sizeof(out->counts));
	if (!out->check.valid)
		return ft_fail(err, "'%s' is invalid: nothing was imported", job->path);
	if (im->failed) {
		*err = im->failure;
		return -1;
	}
	return note_file(im, job->path, out->sha256, &out->check.summary, &out->identical, err);
}

static int import_in_transaction(struct store *st, void *arg, struct ft_error *err)
{
	struct import_job *job = arg;
	struct importer im = { .st = st, .db = store_db(st), .diags = job->diags,
			       .opts = job->opts };
	int rc;

	utc_now(im.now);
	rc = import_checked(&im, job, err);
	importer_release(&im);
	if (rc == 0 && job->opts->dry_run) {
		job->dry_run_passed = 1;
		return 1; /* roll back */
	}
	return rc;
}

int exchange_import(struct store *st, const char *path, const struct exch_import_options *opts,
		    struct exch_diags *diags, struct exch_import_result *out, struct ft_error *err)
{
	struct import_job job = { path, opts, diags, out, 0 };
	sqlite3 *db = store_db(st);
	int rc;

	memset(out, 0, sizeof(*out));
	/* While a file is written: a larger page cache (the booking indexes of a
	 * million bookings outgrow SQLite's default 2 MB) and statement
	 * journals in memory (every multi-row INSERT under the booking triggers
	 * keeps one, which would otherwise spill into a temporary file). Set
	 * outside the transaction, where SQLite allows changing temp_store. */
	sqlite3_exec(db, "PRAGMA cache_size = -16384; PRAGMA temp_store = MEMORY", NULL, NULL,
		     NULL);
	rc = store_write(st, import_in_transaction, &job, err);
	sqlite3_exec(db, "PRAGMA cache_size = -2000; PRAGMA temp_store = DEFAULT", NULL, NULL,
		     NULL);
	if (rc == 0) {
		out->imported = 1;
		return 0;
	}
	return job.dry_run_passed ? 0 : -1;
}
