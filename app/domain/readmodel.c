/* readmodel.c - the statement table of the read model (readmodel.h). */
#include "readmodel.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "grantset.h"
#include "money.h"
#include "vec.h"

/* ---- the statements ------------------------------------------------------------ */

/* Approved: the caps of the grants whose status counts (ledger.h,
 * ledger_status_counts, which the store registers as status_counts). */
#define APPROVED_OF(where)                                                              \
	" (SELECT coalesce(sum(g.approved_cents), 0) FROM \"grant\" g"                  \
	"  WHERE " where " AND status_counts(g.status))"

/* Drawn and spent of grant g: every booking of the kind, as gs_sum adds
 * them, from the sums per year (schema/014 booking_year). Where a year
 * holds an amount beyond the domain limit (money.h), the bookings one by
 * one: a reversal and its original net to exactly 0 (trigger in
 * 001_ledger.sql) and are left out, as gs_sum leaves them out, so that a
 * reversed amount beyond the limit cannot overflow sum(). */
#define BOOKED(kind, column)                                                            \
	" (SELECT CASE WHEN coalesce(sum(s.wide), 0) = 0"                               \
	"  THEN coalesce(sum(s." column "), 0) ELSE"                                     \
	"  (SELECT coalesce(sum(amount_cents), 0) FROM booking b"                       \
	"   WHERE b.grant_id = g.id AND b.kind = '" kind "'"                            \
	"   AND b.reverses_id IS NULL"                                                  \
	"   AND NOT EXISTS (SELECT 1 FROM booking r WHERE r.reverses_id = b.id)) END"   \
	"  FROM booking_year s WHERE s.grant_id = g.id)"
#define DRAWN_SPENT BOOKED("drawdown", "drawn_cents") "," BOOKED("expenditure", "spent_cents")

/* The day a record was retired (ledger_fix.h), NULL while current; lists
 * leave retired records out unless ?1 is given ('--all'). */
#define RETIRED(table, alias)                                                           \
	" (SELECT substr(r.retired_at, 1, 10) FROM retirement r"                        \
	" WHERE r.table_name = '" table "' AND r.record_id = " alias ".id)"
#define CURRENT_OR_ALL(table, alias)                                                    \
	" (?1 IS NOT NULL OR " alias ".id NOT IN (SELECT record_id FROM retirement"     \
	" WHERE table_name = '" table "')) "

#define OWN_PROGRAMMES                                                                  \
	"SELECT p.code, p.name, f.code, f.level, p.fund, p.rate_bp, p.financing,"       \
	" pt.terms, CASE WHEN pt.defaulted <> 0 THEN 'recipient' ELSE 'programme' END,"     \
	" (SELECT count(*) FROM \"grant\" g WHERE g.programme_id = p.id"                \
	"  AND g.status <> 'withdrawn'),"                                                \
	APPROVED_OF("g.programme_id = p.id") "," RETIRED("programme", "p") " "           \
	"FROM programme p JOIN funder f ON f.id = p.funder_id "                         \
	"JOIN programme_terms pt ON pt.programme_id = p.id "                            \
	"JOIN city c ON c.id = p.city_id AND c.own = 1 "

#define OWN_PROJECTS                                                                    \
	"FROM project p JOIN city c ON c.id = p.city_id AND c.own = 1 "                 \
	"LEFT JOIN district d ON d.id = p.district_id "                                 \
	"LEFT JOIN project pred ON pred.id = p.predecessor_id "

#define SUCCESSOR " (SELECT s.code FROM project s WHERE s.predecessor_id = p.id)"

#define OWN_GRANTS                                                                      \
	"FROM \"grant\" g JOIN city c ON c.id = g.city_id AND c.own = 1 "              \
	"JOIN project p ON p.id = g.project_id JOIN programme pg ON pg.id = g.programme_id " \
	"JOIN funder f ON f.id = pg.funder_id "

/* The conditions of the own city's grants (schema/008_lifecycle.sql). */
#define CONDITIONS_OF(where)                                                            \
	"SELECT g.ref, k.id, k.text, k.due_date, k.done_date,"                          \
	" CASE WHEN k.done_date IS NULL THEN 'open' ELSE 'met' END, k.note "           \
	"FROM grant_condition k JOIN \"grant\" g ON g.id = k.grant_id "                 \
	"JOIN city c ON c.id = g.city_id AND c.own = 1 WHERE " where                    \
	" ORDER BY g.ref, k.due_date, k.id"

static const char *const queries[RM_NQUERIES] = {
	[RM_CITIES] = "SELECT ags, name, population, own,"
		      " (SELECT count(*) FROM district d WHERE d.city_id = c.id),"
		      " (SELECT count(*) FROM project p WHERE p.city_id = c.id)," RETIRED("city", "c")
		      " FROM city c WHERE" CURRENT_OR_ALL("city", "c") "ORDER BY own DESC, name",
	[RM_CITY_IMPORTS] = "SELECT c.ags, c.name, c.own,"
			    " (SELECT count(*) FROM project p WHERE p.city_id = c.id),"
			    " (SELECT count(*) FROM \"grant\" g WHERE g.city_id = c.id"
			    "  AND g.status <> 'withdrawn'),"
			    " i.imported_at, i.file, i.generated, i.sha256, i.sequence, i.cutoff "
			    "FROM city c LEFT JOIN exchange_import i ON i.city_id = c.id "
			    "ORDER BY c.own DESC, c.ags",
	[RM_DISTRICTS] = "SELECT d.code, d.name, d.action_area,"
			 " (SELECT count(*) FROM project p WHERE p.district_id = d.id),"
			 RETIRED("district", "d") " "
			 "FROM district d JOIN city c ON c.id = d.city_id AND c.own = 1 "
			 "WHERE" CURRENT_OR_ALL("district", "d") "ORDER BY d.code",
	[RM_FUNDERS] = "SELECT f.code, f.name, f.level,"
		       " (SELECT count(*) FROM programme p WHERE p.funder_id = f.id),"
		       RETIRED("funder", "f") " "
		       "FROM funder f JOIN city c ON c.id = f.city_id AND c.own = 1 "
		       "WHERE" CURRENT_OR_ALL("funder", "f") "ORDER BY CASE f.level WHEN 'eu' THEN 1 WHEN 'federal' THEN 2"
		       " WHEN 'state' THEN 3 ELSE 4 END, f.code",
	[RM_PROGRAMMES] = OWN_PROGRAMMES "WHERE" CURRENT_OR_ALL("programme", "p") "ORDER BY p.code",
	[RM_PROGRAMME] = OWN_PROGRAMMES "WHERE p.code = ?1",
	[RM_PROGRAMME_GRANTS] =
		"SELECT g.ref, pr.code, g.period_from, g.period_to, g.approved_cents, g.status "
		"FROM \"grant\" g JOIN programme p ON p.id = g.programme_id "
		"JOIN project pr ON pr.id = g.project_id "
		"JOIN city c ON c.id = g.city_id AND c.own = 1 "
		"WHERE p.code = ?1 AND g.status <> 'withdrawn' ORDER BY g.period_from, g.ref",
	[RM_SETTINGS] = "SELECT 'base-rate', CAST(value AS INTEGER) FROM setting "
			"WHERE key = 'base-rate-bp'",
	[RM_PROJECTS] = "SELECT p.code, p.title, p.field, d.code, p.carrier, p.start_date,"
			" p.end_date, pred.code," APPROVED_OF("g.project_id = p.id") " "
			OWN_PROJECTS "ORDER BY p.code",
	[RM_PROJECT] = "SELECT p.code, p.title, p.field, d.name, p.carrier, p.target_group,"
		       " p.start_date, p.end_date, p.costs_cents, pred.code," SUCCESSOR ","
		       APPROVED_OF("g.project_id = p.id") " "
		       OWN_PROJECTS "WHERE p.code = ?1",
	[RM_GRANTS] = "SELECT g.ref, p.code, pg.code, f.level, g.period_from, g.period_to,"
		      " g.rate_bp, g.approved_cents," DRAWN_SPENT ", g.status " OWN_GRANTS
		      "WHERE ?1 IS NOT NULL OR g.status <> 'withdrawn' ORDER BY g.period_from, g.ref",
	[RM_GRANT] = "SELECT g.ref, p.code, p.title, pg.name, f.name, f.level, g.applied_date,"
		     " g.decided_date, g.period_from, g.period_to, g.approved_cents,"
		     " g.eligible_cents, g.rate_bp, g.financing, g.status," DRAWN_SPENT ", g.note,"
		     " gt.terms, gt.addition, gt.source, g.fulfilled_date, g.proof_due,"
		     " g.proof_due_reason "
		     OWN_GRANTS "JOIN grant_terms gt ON gt.grant_id = g.id WHERE g.ref = ?1",
	[RM_GRANT_ALLOCATIONS] =
		"SELECT a.year, a.amount_cents FROM allocation a "
		"JOIN \"grant\" g ON g.id = a.grant_id JOIN city c ON c.id = g.city_id AND c.own = 1 "
		"WHERE g.ref = ?1 ORDER BY a.year",
	[RM_GRANT_REF] = "SELECT g.ref FROM \"grant\" g "
			 "JOIN city c ON c.id = g.city_id AND c.own = 1 WHERE g.ref = ?1",
	[RM_BOOKINGS] =
		"SELECT b.id, g.ref, b.date, b.kind, b.amount_cents, b.reference, b.reverses_id,"
		" b.note, p.code FROM booking b JOIN \"grant\" g ON g.id = b.grant_id "
		"JOIN project p ON p.id = g.project_id "
		"JOIN city c ON c.id = g.city_id AND c.own = 1 "
		"WHERE ?1 IS NULL OR g.ref = ?1 ORDER BY b.date, b.id",
	[RM_PROOFS] = "SELECT g.ref, p.code, pr.kind, pr.year, pr.submitted_date, pr.note "
		      "FROM proof pr JOIN \"grant\" g ON g.id = pr.grant_id "
		      "JOIN project p ON p.id = g.project_id "
		      "JOIN city c ON c.id = g.city_id AND c.own = 1 "
		      "ORDER BY g.ref, pr.kind DESC, pr.year",
	/* A rate holds until the next; the last to the end of its half-year
	 * (interest.h). */
	[RM_CONDITIONS] = CONDITIONS_OF("?1 IS NULL OR g.ref = ?1"),
	[RM_GRANT_CONDITIONS] = CONDITIONS_OF("g.ref = ?1"),
	/* An unchanged value is NULL in old and new; a rate changed to NULL
	 * (the programme's holds again) has rate_changed 1. */
	[RM_GRANT_AMENDMENTS] =
		"SELECT a.decided_date, a.reference, a.old_approved, a.new_approved,"
		" a.old_period_to, a.new_period_to,"
		" a.rate_changed, a.old_rate_bp, a.new_rate_bp, a.note FROM grant_amendment a JOIN \"grant\" g ON g.id = a.grant_id "
		"JOIN city c ON c.id = g.city_id AND c.own = 1 WHERE g.ref = ?1 "
		"ORDER BY a.decided_date, a.id",
	[RM_BASE_RATES] =
		"SELECT valid_from, coalesce(date(lead(valid_from) OVER (ORDER BY valid_from),"
		" '-1 day'), substr(valid_from, 1, 4) || CASE WHEN substr(valid_from, 6, 2) < '07'"
		" THEN '-06-30' ELSE '-12-31' END), rate_bp, source FROM base_rate "
		"ORDER BY valid_from",
	/* The shipped terms sets (schema/008), national sets first. */
	/* ?1, ?2: the words for weeks and months */
	[RM_TERMS] = "SELECT name, label, addition,"
		     " CASE drawdown_unit WHEN 'weeks' THEN drawdown_n || ' ' || ?1"
		     " WHEN 'months' THEN drawdown_n || ' ' || ?2 END,"
		     " proof_fulfil_months, proof_period_months, interim_months, interest, source "
		     "FROM terms ORDER BY addition, CASE name WHEN 'own' THEN 1 ELSE 0 END, name",
	/* ?1 'people': German time, kind and undo in words (?2 grants, ?3
	 * bookings, ?4 projects, ?5 undone, ?6 an old import); else ISO and
	 * codes */
	[RM_IMPORT_BATCHES] =
		"SELECT id, CASE ?1 WHEN 'people' THEN strftime('%d.%m.%Y %H:%M', imported_at)"
		" ELSE imported_at END, user_name,"
		" CASE ?1 WHEN 'people' THEN CASE kind WHEN 'grants' THEN ?2"
		"  WHEN 'bookings' THEN ?3 ELSE ?4 END ELSE kind END,"
		" records, file,"
		" CASE WHEN ?1 IS DISTINCT FROM 'people' THEN undone_at"
		"  WHEN undone_at IS NOT NULL THEN ?5 || ' ' ||"
		"  strftime('%d.%m.%Y %H:%M', undone_at) || ' (' || undone_by || ')'"
		"  WHEN rows_known = 0 THEN ?6 ELSE '' END,"
		" CASE ?1 WHEN 'people' THEN substr(sha256, 1, 12) ELSE sha256 END "
		"FROM import_batch ORDER BY id",
};

/* The statements of the reports, read into structs. */
static const char own_city_sql[] = "SELECT name FROM city WHERE own = 1";

enum master_column {
	MC_CODE, MC_TITLE, MC_FIELD, MC_DISTRICT_CODE, MC_DISTRICT, MC_CARRIER, MC_TARGET,
	MC_START, MC_END, MC_COSTS, MC_PREDECESSOR, MC_SUCCESSOR
};

static const char project_master_sql[] =
	"SELECT p.code, p.title, p.field, d.code, d.name, p.carrier, p.target_group,"
	" p.start_date, p.end_date, p.costs_cents, pred.code," SUCCESSOR " "
	OWN_PROJECTS "WHERE p.code = ?1";

static const char project_bookings_sql[] =
	"SELECT b.date, g.ref, b.kind, b.amount_cents, b.reference, b.note,"
	" b.reverses_id IS NOT NULL "
	"FROM booking b JOIN \"grant\" g ON g.id = b.grant_id "
	"JOIN project p ON p.id = g.project_id "
	"JOIN city c ON c.id = p.city_id AND c.own = 1 "
	"WHERE p.code = ?1 ORDER BY b.date, b.id";

/* The Belegliste: expenditures, a reversed pair left out as BOOKED does. */
static const char grant_receipts_sql[] =
	"SELECT b.date, b.service_date, b.reference, b.note, NULL, b.amount_cents "
	"FROM booking b JOIN \"grant\" g ON g.id = b.grant_id "
	"JOIN city c ON c.id = g.city_id AND c.own = 1 "
	"WHERE g.ref = ?1 AND b.kind = 'expenditure' AND b.reverses_id IS NULL"
	" AND NOT EXISTS (SELECT 1 FROM booking r WHERE r.reverses_id = b.id) "
	"ORDER BY b.date, b.id";

/* ---- tables -------------------------------------------------------------------- */

int rm_table(struct store *st, enum rm_query q, const char *const *params, int nparams,
	     const struct out_column *cols, size_t ncols, struct out_table **out,
	     struct ft_error *err)
{
	*out = NULL;
	if ((int)q < 0 || q >= RM_NQUERIES)
		return ft_fail(err, "unknown query %d", (int)q);
	return store_query_table(st, queries[q], params, nparams, cols, ncols, out, err);
}

struct tables_job {
	const struct rm_request *requests;
	size_t n;
	const char *param;
	struct out_table **out;
};

static int run_requests(struct store *st, void *arg, struct ft_error *err)
{
	struct tables_job *job = arg;

	for (size_t i = 0; i < job->n; i++) {
		const struct rm_request *r = &job->requests[i];

		if (rm_table(st, r->query, &job->param, 1, r->cols, r->ncols, &job->out[i], err))
			return -1;
	}
	return 0;
}

int rm_tables(struct store *st, const struct rm_request *requests, size_t n, const char *param,
	      struct out_table **out, struct ft_error *err)
{
	struct tables_job job = { requests, n, param, out };

	for (size_t i = 0; i < n; i++)
		out[i] = NULL;
	if (store_read(st, run_requests, &job, err) == 0)
		return 0;
	for (size_t i = 0; i < n; i++) {
		out_table_free(out[i]);
		out[i] = NULL;
	}
	return -1;
}

/* ---- structs for the reports ----------------------------------------------------- */

int rm_own_city_name(struct store *st, char *buf, size_t size, struct ft_error *err)
{
	struct db_stmt *stmt;
	int rc;

	if (size)
		buf[0] = '\0';
	if (store_prepare(st, own_city_sql, &stmt, err))
		return -1;
	rc = db_step(stmt);
	if (rc == DB_ROW)
		snprintf(buf, size, "%s", (const char *)db_column_text(stmt, 0));
	db_finalize(stmt);
	if (rc != DB_ROW && rc != DB_DONE)
		return store_fail(st, err, "cannot read the own city");
	return 0;
}

static const char year_allocations_sql[] =
	"SELECT COALESCE(SUM(a.amount_cents), 0),"
	"       COALESCE(SUM(CASE WHEN c.own = 1 THEN a.amount_cents ELSE 0 END), 0)"
	"  FROM allocation a JOIN \"grant\" g ON g.id = a.grant_id"
	"  JOIN city c ON c.id = g.city_id"
	" WHERE a.year = ?1 AND status_counts(g.status)"
	"   AND (g.decided_date IS NULL OR g.decided_date <= ?2)";

int rm_year_allocations(struct store *st, int year, const char *as_of, int64_t *all,
			int64_t *own, struct ft_error *err)
{
	struct db_stmt *stmt;
	int rc;

	*all = *own = 0;
	if (store_prepare(st, year_allocations_sql, &stmt, err))
		return -1;
	db_bind_int(stmt, 1, year);
	store_bind_text(stmt, 2, as_of);
	rc = db_step(stmt);
	if (rc == DB_ROW) {
		*all = db_column_int64(stmt, 0);
		*own = db_column_int64(stmt, 1);
	}
	db_finalize(stmt);
	if (rc != DB_ROW)
		return store_fail(st, err, "cannot read the allocations of a year");
	return 0;
}

/* A copy of a text column; NULL for NULL. *oom is set when the copy fails. */
static char *dup_column(struct db_stmt *stmt, int col, int *oom)
{
	const unsigned char *text = db_column_text(stmt, col);
	char *copy;

	if (!text)
		return NULL;
	copy = strdup((const char *)text);
	*oom |= !copy;
	return copy;
}

static int read_master(struct db_stmt *stmt, struct rm_project *p)
{
	int oom = 0;

	p->code = dup_column(stmt, MC_CODE, &oom);
	p->title = dup_column(stmt, MC_TITLE, &oom);
	p->field = dup_column(stmt, MC_FIELD, &oom);
	p->district_code = dup_column(stmt, MC_DISTRICT_CODE, &oom);
	p->district = dup_column(stmt, MC_DISTRICT, &oom);
	p->carrier = dup_column(stmt, MC_CARRIER, &oom);
	p->target_group = dup_column(stmt, MC_TARGET, &oom);
	p->start = dup_column(stmt, MC_START, &oom);
	p->end = dup_column(stmt, MC_END, &oom);
	p->predecessor = dup_column(stmt, MC_PREDECESSOR, &oom);
	p->successor = dup_column(stmt, MC_SUCCESSOR, &oom);
	p->costs = db_column_type(stmt, MC_COSTS) == DB_NULL
			   ? -1
			   : db_column_int64(stmt, MC_COSTS);
	return oom ? -1 : 0;
}

int rm_project_master(struct store *st, const char *code, struct rm_project *out,
		      struct ft_error *err)
{
	struct db_stmt *stmt;
	int rc, oom = 0;

	memset(out, 0, sizeof(*out));
	out->costs = -1;
	if (store_prepare(st, project_master_sql, &stmt, err))
		return -1;
	store_bind_text(stmt, 1, code);
	rc = db_step(stmt);
	if (rc == DB_ROW)
		oom = read_master(stmt, out);
	db_finalize(stmt);
	if (oom)
		return ft_fail(err, "out of memory");
	if (rc == DB_DONE)
		return ft_fail(err, "no project '%s' (see 'fundtrack project list')", code);
	if (rc != DB_ROW)
		return store_fail(st, err, "cannot read the project");
	return 0;
}

void rm_project_release(struct rm_project *p)
{
	char *texts[] = { p->code,  p->title, p->field,	      p->district_code, p->district,
			  p->carrier, p->target_group, p->start, p->end, p->predecessor,
			  p->successor };

	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
		free(texts[i]);
	memset(p, 0, sizeof(*p));
	p->costs = -1;
}

static int read_booking(struct db_stmt *stmt, struct rm_booking *b)
{
	int oom = 0;

	snprintf(b->date, sizeof(b->date), "%s", (const char *)db_column_text(stmt, 0));
	b->ref = dup_column(stmt, 1, &oom);
	b->kind = dup_column(stmt, 2, &oom);
	b->amount = db_column_int64(stmt, 3);
	b->reference = dup_column(stmt, 4, &oom);
	b->note = dup_column(stmt, 5, &oom);
	b->reversal = db_column_int(stmt, 6);
	return oom ? -1 : 0;
}

int rm_project_bookings(struct store *st, const char *code, struct rm_bookings *out,
			struct ft_error *err)
{
	struct db_stmt *stmt;
	size_t cap = 0;
	int rc, oom = 0;

	memset(out, 0, sizeof(*out));
	if (store_prepare(st, project_bookings_sql, &stmt, err))
		return -1;
	store_bind_text(stmt, 1, code);
	while (!oom && (rc = db_step(stmt)) == DB_ROW) {
		struct rm_booking *b = VEC_PUSH(out->rows, out->n, cap);

		oom = !b || read_booking(stmt, b);
	}
	db_finalize(stmt);
	if (oom) {
		rm_bookings_release(out);
		return ft_fail(err, "out of memory");
	}
	if (rc != DB_DONE) {
		rm_bookings_release(out);
		return store_fail(st, err, "cannot read the bookings");
	}
	return 0;
}

void rm_bookings_release(struct rm_bookings *b)
{
	for (size_t i = 0; i < b->n; i++) {
		free(b->rows[i].ref);
		free(b->rows[i].kind);
		free(b->rows[i].reference);
		free(b->rows[i].note);
	}
	free(b->rows);
	memset(b, 0, sizeof(*b));
}

static int read_receipt(struct db_stmt *stmt, struct rm_receipt *r)
{
	const unsigned char *service = db_column_text(stmt, 1);
	int oom = 0;

	snprintf(r->date, sizeof(r->date), "%s", (const char *)db_column_text(stmt, 0));
	snprintf(r->service_date, sizeof(r->service_date), "%s",
		 service ? (const char *)service : "");
	r->reference = dup_column(stmt, 2, &oom);
	r->note = dup_column(stmt, 3, &oom);
	r->line = dup_column(stmt, 4, &oom);
	r->amount = db_column_int64(stmt, 5);
	return oom ? -1 : 0;
}

struct receipts_job {
	const char *ref;
	struct rm_receipts *out;
};

static int read_receipts(struct store *st, void *arg, struct ft_error *err)
{
	struct receipts_job *job = arg;
	struct rm_receipts *out = job->out;
	struct db_stmt *stmt;
	size_t cap = 0;
	int64_t id;
	int rc, oom = 0, found = store_lookup_id(st, queries[RM_GRANT_REF], job->ref, 0, &id, err);

	if (found < 0)
		return -1;
	if (!found)
		return ft_fail(err, "no grant '%s' in this city (see 'fundtrack grant list')",
			       job->ref);
	if (store_prepare(st, grant_receipts_sql, &stmt, err))
		return -1;
	store_bind_text(stmt, 1, job->ref);
	while (!oom && (rc = db_step(stmt)) == DB_ROW) {
		struct rm_receipt *r = VEC_PUSH(out->rows, out->n, cap);

		oom = !r || read_receipt(stmt, r);
		if (!oom && money_add(out->total, r->amount, &out->total)) {
			db_finalize(stmt);
			return money_fail_overflow(err, "the receipts");
		}
	}
	db_finalize(stmt);
	if (oom)
		return ft_fail(err, "out of memory");
	if (rc != DB_DONE)
		return store_fail(st, err, "cannot read the receipts");
	return 0;
}

int rm_grant_receipts(struct store *st, const char *ref, struct rm_receipts *out,
		      struct ft_error *err)
{
	struct receipts_job job = { ref, out };

	memset(out, 0, sizeof(*out));
	if (store_read(st, read_receipts, &job, err) == 0)
		return 0;
	rm_receipts_release(out);
	return -1;
}

void rm_receipts_release(struct rm_receipts *r)
{
	for (size_t i = 0; i < r->n; i++) {
		free(r->rows[i].reference);
		free(r->rows[i].note);
		free(r->rows[i].line);
	}
	free(r->rows);
	memset(r, 0, sizeof(*r));
}
