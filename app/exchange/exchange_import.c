/* exchange_import.c - the driver of the exchange import: writes the
 * records of a file into the database as the reader streams them (after
 * the business rules have seen them), and matches them against what the
 * database holds of the city. The master data and chains are written by
 * exchange_import_master.c, grants and their money by
 * exchange_import_ledger.c (see exchange_import_internal.h).
 *
 * Memory stays small whatever the file size: maps from code to row id for
 * the master data and grants, and per open grant its old allocations, the
 * row ids of its old bookings that the file confirmed, and the rare
 * bookings that had to be moved out of the way. Everything else is asked
 * of SQLite with prepared statements that are reused for every row.
 */
#include "exchange_import.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db.h"
#include "audit.h"
#include "booking_sums.h"
#include "exchange_import_internal.h"
#include "msg_lang.h"
#include "exchange_spool.h"
#include "exchange_write.h"
#include "vec.h"

/* ---- statements ------------------------------------------------------- */

static const char *const stmt_sql[NSTMT] = {
	[S_CITY_FIND] = "SELECT id, own FROM city WHERE ags = ?1",
	[S_OWN_CITY] = "SELECT ags, name FROM city WHERE own = 1",
	[S_CITY_INSERT] = "INSERT INTO city (ags, name, population, own) VALUES (?1, ?2, ?3, ?4)",
	[S_CITY_UPDATE] = "UPDATE city SET name = ?2, population = ?3 WHERE id = ?1 "
			  "AND (name IS DISTINCT FROM ?2 OR population IS DISTINCT FROM ?3)",
	[S_DISTRICT_INSERT] = "INSERT INTO district (city_id, code, name, action_area) "
			      "VALUES (?1, ?2, ?3, ?4)",
	[S_DISTRICT_UPDATE] = "UPDATE district SET name = ?2, action_area = ?3 WHERE id = ?1 "
			      "AND (name IS DISTINCT FROM ?2 OR action_area IS DISTINCT FROM ?3)",
	[S_FUNDER_INSERT] = "INSERT INTO funder (city_id, code, name, level) VALUES (?1, ?2, ?3, ?4)",
	[S_FUNDER_UPDATE] = "UPDATE funder SET name = ?2, level = ?3 WHERE id = ?1 "
			    "AND (name IS DISTINCT FROM ?2 OR level IS DISTINCT FROM ?3)",
	[S_PROGRAMME_INSERT] = "INSERT INTO programme (city_id, code, name, funder_id, fund, rate_bp, "
			       "financing, drawdown_days, proof_months) "
			       "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
	[S_PROGRAMME_UPDATE] = "UPDATE programme SET name = ?2, funder_id = ?3, fund = ?4, "
			       "rate_bp = ?5, financing = ?6, drawdown_days = ?7, proof_months = ?8 "
			       "WHERE id = ?1 AND (name IS DISTINCT FROM ?2 OR funder_id IS DISTINCT FROM ?3 OR fund IS DISTINCT FROM ?4 "
			       "OR rate_bp IS DISTINCT FROM ?5 OR financing IS DISTINCT FROM ?6 OR drawdown_days IS DISTINCT FROM ?7 "
			       "OR proof_months IS DISTINCT FROM ?8)",
	[S_PROJECT_INSERT] = "INSERT INTO project (city_id, code, title, field, district_id, carrier, "
			     "target_group, start_date, end_date, costs_cents, predecessor_id) "
			     "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
	[S_PROJECT_UPDATE] = "UPDATE project SET title = ?2, field = ?3, district_id = ?4, "
			     "carrier = ?5, target_group = ?6, start_date = ?7, end_date = ?8, "
			     "costs_cents = ?9 WHERE id = ?1 AND (title IS DISTINCT FROM ?2 OR field IS DISTINCT FROM ?3 "
			     "OR district_id IS DISTINCT FROM ?4 OR carrier IS DISTINCT FROM ?5 OR target_group IS DISTINCT FROM ?6 "
			     "OR start_date IS DISTINCT FROM ?7 OR end_date IS DISTINCT FROM ?8 OR costs_cents IS DISTINCT FROM ?9)",
	[S_PROJECT_PREDS] = "SELECT id, code, predecessor_id FROM project WHERE city_id = ?1",
	[S_PROJECT_SET_PRED] = "UPDATE project SET predecessor_id = ?2 WHERE id = ?1",
	[S_GRANT_INSERT] = "INSERT INTO \"grant\" (city_id, ref, project_id, programme_id, "
			   "applied_date, decided_date, period_from, period_to, approved_cents, "
			   "eligible_cents, rate_bp, financing, status, note) "
			   "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
	[S_GRANT_UPDATE] = "UPDATE \"grant\" SET project_id = ?2, programme_id = ?3, "
			   "applied_date = ?4, decided_date = ?5, period_from = ?6, period_to = ?7, "
			   "approved_cents = ?8, eligible_cents = ?9, rate_bp = ?10, financing = ?11, "
			   "status = ?12, note = ?13 WHERE id = ?1 AND (project_id IS DISTINCT FROM ?2 "
			   "OR programme_id IS DISTINCT FROM ?3 OR applied_date IS DISTINCT FROM ?4 OR decided_date IS DISTINCT FROM ?5 "
			   "OR period_from IS DISTINCT FROM ?6 OR period_to IS DISTINCT FROM ?7 OR approved_cents IS DISTINCT FROM ?8 "
			   "OR eligible_cents IS DISTINCT FROM ?9 OR rate_bp IS DISTINCT FROM ?10 OR financing IS DISTINCT FROM ?11 "
			   "OR status IS DISTINCT FROM ?12 OR note IS DISTINCT FROM ?13)",
	[S_ALLOC_OLD] = "SELECT year, amount_cents FROM allocation WHERE grant_id = ?1",
	[S_ALLOC_UPDATE] = "UPDATE allocation SET amount_cents = ?3 WHERE grant_id = ?1 AND year = ?2",
	[S_ALLOC_DELETE] = "DELETE FROM allocation WHERE grant_id = ?1 AND year = ?2",
	[S_PROJECT_NEXT_ROW] = "SELECT coalesce(max(id), 0) + 1 FROM project",
	[S_GRANT_NEXT_ROW] = "SELECT coalesce(max(id), 0) + 1 FROM \"grant\"",
	[S_BOOKING_MAX] = "SELECT coalesce(max(id), 0) FROM booking WHERE grant_id = ?1",
	[S_BOOKING_NEXT_ROW] = "SELECT coalesce(max(id), 0) + 1 FROM booking",
	[S_BOOKING_FIND] = "SELECT b.id, b.date, b.kind, b.amount_cents, b.reference, b.note, "
			   "r.source_id FROM booking b LEFT JOIN booking r ON r.id = b.reverses_id "
			   "WHERE b.grant_id = ?1 AND b.source_id = ?2",
	[S_BOOKING_OF_SOURCE] = "SELECT id FROM booking WHERE grant_id = ?1 AND source_id = ?2",
	[S_BOOKING_REVERSAL_OF] = "SELECT id FROM booking WHERE reverses_id = ?1",
	[S_BOOKING_READ] = "SELECT b.source_id, b.date, b.kind, b.amount_cents, b.reference, "
			   "b.note, r.source_id FROM booking b "
			   "LEFT JOIN booking r ON r.id = b.reverses_id WHERE b.id = ?1",
	[S_BOOKING_DELETE] = "DELETE FROM booking WHERE id = ?1",
	/* a grant's shares of project bookings are not its bookings in the
	 * file: exchange_import_plan.c keeps or replaces them */
	[S_BOOKING_OLD_ROWS] = "SELECT id FROM booking b WHERE grant_id = ?1 AND id <= ?2 "
			       "AND NOT EXISTS (SELECT 1 FROM project_booking_share s WHERE "
			       "s.booking_id = b.id) ORDER BY reverses_id IS NULL, id",
	[S_GRANT_CHILDREN] = "SELECT (SELECT count(*) FROM allocation WHERE grant_id = ?1), "
			     "(SELECT count(*) FROM booking WHERE grant_id = ?1)",
	[S_GRANT_DELETE] = "DELETE FROM \"grant\" WHERE id = ?1",
	[S_PROJECT_DELETE] = "DELETE FROM project WHERE id = ?1",
	[S_PROGRAMME_DELETE] = "DELETE FROM programme WHERE id = ?1",
	[S_FUNDER_DELETE] = "DELETE FROM funder WHERE id = ?1",
	[S_DISTRICT_DELETE] = "DELETE FROM district WHERE id = ?1",
	[S_IMPORT_SHA] = "SELECT sha256 FROM exchange_import WHERE city_id = ?1",
	[S_IMPORT_SAVE] = "INSERT INTO exchange_import (city_id, file, sha256, version, generated, "
			  "imported_at, cutoff, sequence, contact_name, contact_email, contact_phone, "
			  "software, population_date, forwarded_ags, forwarded_name, forwarded_at, "
			  "rows_sha256, forced) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, "
			  "?12, ?13, ?14, ?15, ?16, ?17, ?18) "
			  "ON CONFLICT (city_id) DO UPDATE SET file = excluded.file, "
			  "sha256 = excluded.sha256, version = excluded.version, "
			  "generated = excluded.generated, imported_at = excluded.imported_at, "
			  "cutoff = excluded.cutoff, sequence = excluded.sequence, "
			  "contact_name = excluded.contact_name, contact_email = excluded.contact_email, "
			  "contact_phone = excluded.contact_phone, software = excluded.software, "
			  "population_date = excluded.population_date, "
			  "forwarded_ags = excluded.forwarded_ags, forwarded_name = excluded.forwarded_name, "
			  "forwarded_at = excluded.forwarded_at, rows_sha256 = excluded.rows_sha256, "
			  "forced = excluded.forced",
	[S_IMPORT_HELD] = "SELECT version, generated, cutoff, sequence, sha256, rows_sha256, "
			  "imported_at, file FROM exchange_import WHERE city_id = ?1",
	[S_CITY_NAME] = "SELECT name FROM city WHERE id = ?1",
	[S_CITY_BY_NAME] = "SELECT ags FROM city WHERE name = ?1 COLLATE NOCASE AND ags <> ?2 "
			   "ORDER BY ags LIMIT 1",
	[S_INDICATOR_OLD] = "SELECT year, field, participants FROM exchange_indicator "
			    "WHERE city_id = ?1",
	[S_INDICATOR_INSERT] = "INSERT INTO exchange_indicator (city_id, year, field, participants) "
			       "VALUES (?1, ?2, ?3, ?4)",
	[S_INDICATOR_UPDATE] = "UPDATE exchange_indicator SET participants = ?4 "
			       "WHERE city_id = ?1 AND year = ?2 AND field = ?3",
	[S_INDICATOR_DELETE] = "DELETE FROM exchange_indicator "
			       "WHERE city_id = ?1 AND year = ?2 AND field = ?3",
};

/* Appends value to a growing array of int64. */
int imp_push_id(int64_t **items, size_t *n, size_t *cap, int64_t value)
{
	int64_t *slot = VEC_PUSH(*items, *n, *cap);

	if (!slot)
		return -1;
	*slot = value;
	return 0;
}

void imp_count(struct importer *im, enum exch_kind kind, enum change c, long n)
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

/* The statement, prepared on first use and reused; NULL after a failure. */
struct db_stmt *imp_stmt(struct importer *im, enum stmt_id id)
{
	if (!im->stmt[id] && store_prepare(im->st, stmt_sql[id], &im->stmt[id], &im->failure)) {
		im->failed = 1;
		return NULL;
	}
	db_reset(im->stmt[id]);
	return im->stmt[id];
}

static int vfail_db(struct importer *im, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));

static int vfail_db(struct importer *im, const char *fmt, va_list ap)
{
	char doing[512];

	vsnprintf(doing, sizeof(doing), tr(fmt), ap);
	store_fail(im->st, &im->failure, doing);
	im->failed = 1;
	return -1;
}

int imp_fail_db(struct importer *im, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfail_db(im, fmt, ap);
	va_end(ap);
	return -1;
}

/* Steps s to its end (an INSERT, UPDATE or DELETE): the number of rows it
 * changed, or -1 (fmt... says what was being done). */
int imp_run(struct importer *im, struct db_stmt *s, const char *fmt, ...)
{
	va_list ap;
	int rc;

	if (!s)
		return -1;
	rc = db_step(s);
	db_reset(s);
	if (rc == DB_DONE)
		return db_changes(im->db);
	va_start(ap, fmt);
	vfail_db(im, fmt, ap);
	va_end(ap);
	return -1;
}

/* Text is copied (the batched rows bind theirs without a copy,
 * exchange_import_ledger.c); NULL binds NULL. */
void imp_bind_text(struct db_stmt *s, int idx, const char *text)
{
	db_bind_text(s, idx, text);
}

/* An id, NULL when 0 */
void imp_bind_id(struct db_stmt *s, int idx, int64_t id)
{
	store_bind_opt_int(s, idx, id, id <= 0);
}

int imp_refuse(struct importer *im, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(im->failure.msg, sizeof(im->failure.msg), tr(fmt), ap);
	va_end(ap);
	im->failure.id = ft_fail_id(fmt);
	im->refused = 1;
	return -1;
}

/* The error of a code map's disk part (code_map.h), or NULL. */
static const char *map_error(const struct importer *im)
{
	const struct code_map *maps[] = { &im->districts, &im->funders, &im->programmes,
					  &im->projects,  &im->grants,	&im->indicators,
					  &im->rows };

	for (size_t i = 0; i < sizeof(maps) / sizeof(maps[0]); i++)
		if (code_map_error(maps[i]))
			return code_map_error(maps[i]);
	return NULL;
}

/* A map that found nothing or could not add may have failed on disk. */
static int fail_map(struct importer *im)
{
	ft_fail(&im->failure, "cannot keep the file's codes: %s", map_error(im));
	im->failed = 1;
	return -1;
}

int imp_out_of_memory(struct importer *im)
{
	if (map_error(im))
		return fail_map(im);
	ft_fail(&im->failure, "out of memory");
	im->failed = 1;
	return -1;
}

/* A reference the file does not resolve: the schema reports it at the
 * end of the document; writing stops here. */
int imp_unresolved(struct importer *im, const char *what, const char *code)
{
	if (map_error(im))
		return fail_map(im);
	ft_fail(&im->failure, "the file refers to an unknown %s '%s'", tr_record(what), code);
	im->failed = 1;
	return -1;
}

const char *imp_column_text(struct db_stmt *s, int col)
{
	return (const char *)db_column_text(s, col);
}

/* ---- what the file no longer holds ------------------------------------------------- */

static int remove_unseen(struct importer *im, struct code_map *m, enum exch_kind kind,
			 enum stmt_id delete)
{
	struct code_entry *e;
	size_t i = 0;

	while ((e = code_map_next(m, &i))) {
		struct db_stmt *s;

		if (e->seen || !e->id) /* id 0: a predecessor the file names, never written */
			continue;
		if (kind == EXCH_GRANT) {
			if (imp_remove_grant(im, e))
				return -1;
		} else {
			if (!(s = imp_stmt(im, delete)))
				return -1;
			db_bind_int64(s, 1, e->id);
			if (imp_run(im, s, "cannot remove '%s'", code_map_key(m, e)) < 0)
				return -1;
		}
		imp_count(im, kind, REMOVED, 1);
	}
	return code_map_error(m) ? fail_map(im) : 0; /* the walk stops at an error */
}

/* Children first: grants (with their allocations and bookings), projects,
 * programmes, funders, districts. */
static int finish_city(struct importer *im)
{
	return imp_finish_chains(im) || imp_finish_indicators(im) ||
	       remove_unseen(im, &im->grants, EXCH_GRANT, S_GRANT_DELETE) ||
	       remove_unseen(im, &im->projects, EXCH_PROJECT, S_PROJECT_DELETE) ||
	       remove_unseen(im, &im->programmes, EXCH_PROGRAMME, S_PROGRAMME_DELETE) ||
	       remove_unseen(im, &im->funders, EXCH_FUNDER, S_FUNDER_DELETE) ||
	       remove_unseen(im, &im->districts, EXCH_DISTRICT, S_DISTRICT_DELETE) ||
	       imp_plan_finish(im) || (map_error(im) ? fail_map(im) : 0);
}

/* ---- the sink ---------------------------------------------------------------------- */

static int handle(struct importer *im, const struct exch_record *rec)
{
	if ((!imp_may_keep_batch(im, rec->kind) && imp_flush_batch(im)) ||
	    imp_guard_rows(im, rec->kind))
		return -1;
	switch (rec->kind) {
	case EXCH_HEADER:
		snprintf(im->version, sizeof(im->version), "%s", rec->u.header.version);
		snprintf(im->generated, sizeof(im->generated), "%s", rec->u.header.generated);
		snprintf(im->requires, sizeof(im->requires), "%s",
			 rec->u.header.requires ? rec->u.header.requires : "");
		return 0;
	case EXCH_DELIVERY:
		return imp_delivery(im, rec);
	case EXCH_INDICATOR:
		return imp_indicator(im, rec);
	case EXCH_CITY:
		return imp_city(im, rec) || imp_plan_clear(im);
	case EXCH_DISTRICT:
	case EXCH_FUNDER:
	case EXCH_PROGRAMME:
		return imp_master(im, rec);
	case EXCH_PROJECT:
		return imp_project(im, rec);
	case EXCH_GRANT:
		return imp_open_grant(im, rec);
	case EXCH_ALLOCATION:
		return imp_allocation(im, rec);
	case EXCH_BOOKING:
		return imp_booking(im, rec);
	case EXCH_GRANT_END:
		return imp_close_grant(im);
	case EXCH_PLAN_LINE:
		return imp_plan_line(im, rec);
	case EXCH_COVER:
		return imp_cover(im, rec);
	case EXCH_PROJECT_BOOKING:
		return imp_project_booking(im, rec);
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
	if (rec->kind != EXCH_HEADER && rec->kind != EXCH_DELIVERY && rec->kind != EXCH_CITY &&
	    !im->city_known)
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
		db_finalize(im->stmt[i]);
	code_map_free(&im->districts);
	code_map_free(&im->funders);
	code_map_free(&im->programmes);
	code_map_free(&im->projects);
	code_map_free(&im->grants);
	imp_ledger_release(im);
	imp_delivery_release(im);
	free(im->pbookings);
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
	struct db_stmt *s = imp_stmt(im, S_IMPORT_SHA);
	int rc, same = 0;

	if (!s)
		return -1;
	db_bind_int64(s, 1, im->city_id);
	rc = db_step(s);
	if (rc == DB_ROW)
		same = strcmp(imp_column_text(s, 0), sha) == 0;
	db_reset(s);
	if (rc != DB_ROW && rc != DB_DONE)
		return imp_fail_db(im, "cannot read the import of city %s", im->ags);
	return same;
}

int imp_same_file_as_held(struct importer *im)
{
	return same_file_as_before(im, im->sha256);
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
	struct db_stmt *s;
	char rows_sha[SHA256_HEX];
	int rc, same = same_file_as_before(im, sha);

	if (same < 0) {
		*err = im->failure;
		return -1;
	}
	*identical = same && total_changes(im) == 0;
	if (*identical)
		return 0;
	/* made from the file's records while it was read, where the city's
	 * rows are exactly the file's (exchange_rows_hash_new); else read back */
	rc = im->bulk && im->city_new
		     ? exchange_rows_hash_finish(im->rows_hash, im->st, im->ags, rows_sha, err)
		     : 1;
	if (rc < 0 || (rc > 0 && exchange_rows_digest(im->st, im->ags, rows_sha, err)))
		return -1;
	if (imp_check_same_delivery(im, rows_sha) || !(s = imp_stmt(im, S_IMPORT_SAVE))) {
		*err = im->failure;
		return -1;
	}
	db_bind_int64(s, 1, im->city_id);
	imp_bind_text(s, 2, path);
	imp_bind_text(s, 3, sha);
	imp_bind_text(s, 4, im->version);
	imp_bind_text(s, 5, im->generated);
	imp_bind_text(s, 6, im->now);
	imp_bind_text(s, 7, im->has_delivery ? im->cutoff : NULL);
	store_bind_opt_int(s, 8, im->sequence, !im->has_delivery);
	imp_bind_text(s, 9, im->contact_name);
	imp_bind_text(s, 10, im->contact_email);
	imp_bind_text(s, 11, im->contact_phone);
	imp_bind_text(s, 12, im->software);
	imp_bind_text(s, 13, im->population_date[0] ? im->population_date : NULL);
	imp_bind_text(s, 14, im->forwarded_ags);
	imp_bind_text(s, 15, im->forwarded_name);
	imp_bind_text(s, 16, im->forwarded_at);
	imp_bind_text(s, 17, rows_sha);
	db_bind_int(s, 18, im->forced);
	if (imp_run(im, s, "cannot note the import of city %s", im->ags) < 0) {
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
	struct exch_spool *spool; /* the file's records, read and checked */
	struct exch_rows_hash *rows_hash; /* the rows digest made from them */
	int dry_run_passed;
};

/* Writes the spooled records; runs inside the write transaction. */
static int import_checked(struct importer *im, struct import_job *job, struct ft_error *err)
{
	struct exch_import_result *out = job->out;
	struct exch_sink sink = { on_record, im };

	snprintf(im->sha256, sizeof(im->sha256), "%s", out->sha256);
	im->rows_hash = job->rows_hash;
	if (exch_spool_replay(job->spool, &sink, err))
		return -1;
	memcpy(out->counts, im->counts, sizeof(out->counts));
	if (im->failed) {
		*err = im->failure;
		return -1;
	}
	if (imp_guard_rows(im, EXCH_END)) {
		*err = im->failure;
		return -1;
	}
	/* the grants held before; all of the city's when project bookings
	 * were split to its grants (imp_plan_finish), new ones included */
	if (im->bulk && booking_sums_recompute_city(im->st, im->city_id,
						    im->npbookings ? INT64_MAX : im->grants_held, err))
		return -1;
	if (note_file(im, job->path, out->sha256, &out->check.summary, &out->identical, err))
		return -1;
	out->forced = im->forced;
	snprintf(out->delivery, sizeof(out->delivery), "%s", im->delivery_text);
	snprintf(out->replaced, sizeof(out->replaced), "%s", im->replaced_text);
	return 0;
}

static int import_in_transaction(struct store *st, void *arg, struct ft_error *err)
{
	struct import_job *job = arg;
	struct importer im = { .st = st, .db = store_db(st), .diags = job->diags,
			       .opts = job->opts };
	struct ft_error ignored;
	int rc;

	utc_now(im.now);
	rc = import_checked(&im, job, err);
	importer_release(&im);
	/* the row triggers on again (the connection is used after the import) */
	if (store_audit_bulk_city(st, 0, rc ? &ignored : err) && rc == 0)
		rc = -1;
	if (rc == 0 && job->opts->dry_run) {
		job->dry_run_passed = 1;
		return 1; /* roll back */
	}
	return rc;
}

/* The first pass's sink: spools every record and, once, tells the caller
 * that reading is under way (see exch_import_options). */
struct spooling {
	struct exch_spool *spool;
	struct exch_rows_hash *rows_hash;
	const struct exch_import_options *opts;
	int told;
};

static int spool_record(void *arg, const struct exch_record *rec, struct ft_error *err)
{
	struct spooling *sp = arg;

	if (!sp->told && sp->opts->while_reading) {
		sp->told = 1;
		sp->opts->while_reading(sp->opts->while_reading_arg);
	}
	exchange_rows_hash_record(sp->rows_hash, rec);
	return exch_spool_record(sp->spool, rec, err);
}

/* Reads and checks the whole file into the spool, before any lock is
 * taken. 0 when the file is valid. */
static int read_and_check(struct import_job *job, struct ft_error *err)
{
	struct exch_import_result *out = job->out;
	struct spooling sp = { job->spool, job->rows_hash, job->opts, 0 };
	struct exch_sink sink = { spool_record, &sp };

	if (exchange_validate(job->path, job->diags, &sink, 1, &out->check, err))
		return -1;
	sha256_hex(out->check.read.sha256, out->sha256);
	if (!out->check.valid)
		return ft_fail(err, "'%s' is invalid: nothing was imported", job->path);
	return 0;
}

/* Writes the spooled file in one transaction. */
static int write_spooled(struct store *st, struct import_job *job, struct ft_error *err)
{
	struct db *db = store_db(st);
	int rc;

	/* While a file is written: a larger page cache (the booking indexes of a
	 * million bookings outgrow SQLite's default 2 MB). 8 MB, not 16: the
	 * same speed on 100 files and on one file of a million bookings, and
	 * the peak of that file 43 -> 33 MB, of one grant of a million
	 * bookings 68 -> 40 MB (issue 19). Statement journals
	 * stay in memory by db_sqlite.c's setting; temporary files stay files,
	 * so a sort of one grant's million bookings (the rows digest) does not
	 * grow the memory (issue 19). A server tunes its own caches. */
	if (db_kind(db) != DB_KIND_SQLITE)
		return store_write(st, import_in_transaction, job, err);
	db_exec(db, "PRAGMA cache_size = -8192");
	rc = store_write(st, import_in_transaction, job, err);
	db_exec(db, "PRAGMA cache_size = -2000");
	return rc;
}

/* A file read and checked (exchange_import_read), waiting to be written. */
struct exch_import_ahead {
	struct import_job job;
	int rc;                /* of reading and checking */
	struct ft_error err;
};

struct exch_import_ahead *exchange_import_read(const char *path,
					      const struct exch_import_options *opts,
					      struct exch_diags *diags,
					      struct exch_import_result *out)
{
	struct exch_import_ahead *a = calloc(1, sizeof(*a));

	memset(out, 0, sizeof(*out));
	if (!a)
		return NULL;
	a->job = (struct import_job){ path, opts, diags, out, NULL, NULL, 0 };
	a->job.spool = exch_spool_new(&a->err);
	/* out of memory for the digest: the rows are read back */
	a->job.rows_hash = opts->as_own ? NULL : exchange_rows_hash_new();
	a->rc = a->job.spool ? read_and_check(&a->job, &a->err) : -1;
	return a;
}

int exchange_import_write(struct store *st, struct exch_import_ahead *a, struct ft_error *err)
{
	int rc = a->rc;

	if (rc != 0)
		*err = a->err;
	else
		rc = write_spooled(st, &a->job, err);
	if (rc == 0)
		a->job.out->imported = 1;
	else if (a->job.dry_run_passed)
		rc = 0;
	exch_spool_free(a->job.spool);
	exchange_rows_hash_free(a->job.rows_hash);
	free(a);
	return rc;
}

/* Two passes, so that the database is locked only while it is written
 * (issue 12 item 10): the file is read and checked completely into a
 * spool first, then the spooled records are written in one transaction. */
int exchange_import(struct store *st, const char *path, const struct exch_import_options *opts,
		    struct exch_diags *diags, struct exch_import_result *out, struct ft_error *err)
{
	struct exch_import_ahead *a = exchange_import_read(path, opts, diags, out);

	if (!a)
		return ft_fail(err, "out of memory");
	return exchange_import_write(st, a, err);
}
