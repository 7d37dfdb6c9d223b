/* exchange_import_ledger.c - the import of a city's grants with their
 * yearly allocations and bookings: grants matched by their references,
 * allocations by year, bookings by the sender's id within their grant.
 * A partner city's new projects and grants, with their allocations,
 * bookings and booking sums, wait in one batch and are written with
 * multi-row INSERTs (struct ledger_batch). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "exchange_import_internal.h"
#include "vec.h"

/* The row of the booking with the sender's id source in the open new
 * grant, or 0. The rows sit in a code map keyed by the id's decimal text,
 * on disk beyond the codes it keeps in memory, so a grant of a million
 * bookings keeps memory flat (code_map.h, issue 19). */
static int64_t row_of(struct code_map *m, int64_t source)
{
	const struct code_entry *e = code_map_find_number(m, source);

	return e ? e->id : 0;
}

/* -1 when the map cannot take it (memory, disk: code_map_error) */
static int remember_row(struct code_map *m, int64_t source, int64_t row)
{
	struct code_entry *e = code_map_put_number(m, source);

	if (!e)
		return -1;
	e->id = row;
	return 0;
}

/* The grant of rec as a row (texts still rec's); -1 when the file does
 * not resolve its project or programme. */
static int grant_row_of(struct importer *im, const struct exch_record *rec, struct grant_row *row)
{
	const struct exch_grant *g = &rec->u.grant;
	struct code_entry *project = code_map_find(&im->projects, g->project);
	struct code_entry *programme = code_map_find(&im->programmes, g->programme);

	if (!project || !project->seen)
		return imp_unresolved(im, "project", g->project);
	if (!programme || !programme->seen)
		return imp_unresolved(im, "programme", g->programme);
	*row = (struct grant_row){ 0, im->city_id, project->id, programme->id, g->approved,
				   g->eligible, g->rate_bp, g->has_eligible, g->ref, g->applied,
				   g->decided, g->start, g->end, g->financing, g->status, g->note };
	return 0;
}

typedef void (*bind_text_fn)(struct db_stmt *s, int idx, const char *text);

/* A text of a row waiting in the batch, bound without a copy (step_rows
 * clears the bindings after the step): 4 of a booking's 10 values, a
 * malloc and a free each when copied (issue 19). */
static void bind_kept(struct db_stmt *s, int idx, const char *text)
{
	db_bind_text_static(s, idx, text);
}

/* The fields after the city and the reference, from parameter first on,
 * texts bound by text. */
static void bind_grant_fields(struct db_stmt *s, int first, const struct grant_row *r,
			      bind_text_fn text)
{
	db_bind_int64(s, first, r->project);
	db_bind_int64(s, first + 1, r->programme);
	text(s, first + 2, r->applied);
	text(s, first + 3, r->decided);
	text(s, first + 4, r->start);
	text(s, first + 5, r->end);
	db_bind_int64(s, first + 6, r->approved);
	store_bind_opt_int(s, first + 7, r->eligible, !r->has_eligible);
	store_bind_opt_int(s, first + 8, r->rate_bp, r->rate_bp < 0);
	text(s, first + 9, r->financing);
	text(s, first + 10, r->status);
	text(s, first + 11, r->note);
}

static int bind_grant(struct importer *im, struct db_stmt *s, int first,
		      const struct exch_record *rec)
{
	struct grant_row row;

	if (grant_row_of(im, rec, &row))
		return -1;
	bind_grant_fields(s, first, &row, imp_bind_text);
	return 0;
}

/* ---- a partner city's ledger rows without row triggers ---------------------------- */

/* A partner city's projects, grants, allocations and bookings are written
 * with the connection's row triggers off (store_bulk_rows_unguarded):
 * SQLite runs every trigger of a table for every row, WHEN clause and all,
 * and that was a fifth of an import of 1 M bookings from 100 files (issue
 * 19: 8.8 s with them, 6.9 s without). For these rows none of them acts,
 * or the import does its work:
 * - audit_* skip a partner city's rows anyway (schema/013_bulk_import.sql):
 *   its import is one audit entry, and the digest of its rows, recorded
 *   with the import, lets 'audit verify' prove them (note_file);
 * - booking_year_* skip them too (017_bulk_sums.sql): a new grant's sums
 *   are added up as its bookings are written (imp_close_grant), and
 *   import_checked recomputes those of the grants held before;
 * - booking_reversal_matches: a file is written only without errors, and
 *   FT-REVERSAL (exchange_rules.c) is an error wherever a reversal does not
 *   negate an earlier booking of the same grant and kind that is neither a
 *   reversal nor reversed; the importer links it to that booking's row;
 * - booking_immutable and booking_own_undeletable: the importer never
 *   updates a booking, and the own city is never imported in bulk;
 * - retired_*: asked once a file (bulk_rows); when the city, one of its districts or
 *   one of its programmes is retired, the triggers stay on and refuse as
 *   they always did.
 * Master data, indicators, plans, the removals at the end and the import's
 * own entries are written with the triggers on. Foreign keys and CHECKs
 * hold either way. */
static int is_ledger_row(enum exch_kind kind)
{
	return kind == EXCH_PROJECT || kind == EXCH_GRANT || kind == EXCH_ALLOCATION ||
	       kind == EXCH_BOOKING || kind == EXCH_GRANT_END;
}

int imp_guard_rows(struct importer *im, enum exch_kind kind)
{
	return store_bulk_rows_unguarded(im->st, im->bulk && !im->retired && is_ledger_row(kind),
					 &im->failure);
}

/* ---- grants and allocations ------------------------------------------------------ */

static int load_old_allocations(struct importer *im)
{
	struct db_stmt *s = imp_stmt(im, S_ALLOC_OLD);
	int rc;

	if (!s)
		return -1;
	db_bind_int64(s, 1, im->grant_id);
	while ((rc = db_step(s)) == DB_ROW) {
		struct old_allocation *a = VEC_PUSH(im->allocs, im->nallocs, im->allocs_cap);

		if (!a) {
			db_reset(s);
			return imp_out_of_memory(im);
		}
		a->year = db_column_int(s, 0);
		a->amount = db_column_int64(s, 1);
	}
	db_reset(s);
	if (rc != DB_DONE)
		return imp_fail_db(im, "cannot read the allocations of grant '%s'", im->grant_ref);
	return 0;
}

static int load_old_max(struct importer *im)
{
	struct db_stmt *s = imp_stmt(im, S_BOOKING_MAX);
	int rc;

	if (!s)
		return -1;
	db_bind_int64(s, 1, im->grant_id);
	rc = db_step(s);
	im->old_max = rc == DB_ROW ? db_column_int64(s, 0) : 0;
	db_reset(s);
	if (rc != DB_ROW)
		return imp_fail_db(im, "cannot read the bookings of grant '%s'", im->grant_ref);
	return 0;
}

/* Row ids for the bookings of a new grant: nothing else writes bookings
 * while it is read (the import holds the write lock). While bookings wait
 * in the batch, they were numbered from im->next_row by the new grants
 * before this one (a grant the database held flushes the batch), so the
 * numbering goes on from there. */
static int load_next_row(struct importer *im)
{
	struct db_stmt *s;
	int rc;

	if (im->batch.nbookings > 0)
		return 0;
	if (!(s = imp_stmt(im, S_BOOKING_NEXT_ROW)))
		return -1;
	rc = db_step(s);
	im->next_row = rc == DB_ROW ? db_column_int64(s, 0) : 0;
	db_reset(s);
	if (rc != DB_ROW)
		return imp_fail_db(im, "cannot number the bookings of grant '%s'", im->grant_ref);
	return 0;
}

/* ---- the batch of new grants' rows ----------------------------------------------- */

/* How the rows of one table are written from the batch. A multi-row
 * statement changes all of its rows or none: when it fails, they are
 * written again one by one, so that the message names the row. */
struct row_writer {
	const char *head; /* "INSERT INTO t (columns) VALUES ", constant pieces only */
	int params, rows, small; /* placeholders per row; rows per statement */
	size_t size;             /* of a row in the batch */
	void (*bind)(struct importer *im, struct db_stmt *s, int first, const void *row);
	/* says which row failed; -1 */
	int (*failed)(struct importer *im, const void *row);
};

static void bind_project_row(struct importer *im, struct db_stmt *s, int first, const void *row)
{
	const struct project_row *r = row;

	(void)im;
	db_bind_int64(s, first, r->city_id);
	bind_kept(s, first + 1, r->code);
	bind_kept(s, first + 2, r->title);
	bind_kept(s, first + 3, r->field);
	imp_bind_id(s, first + 4, r->district);
	bind_kept(s, first + 5, r->carrier);
	bind_kept(s, first + 6, r->target_group);
	bind_kept(s, first + 7, r->start);
	bind_kept(s, first + 8, r->end);
	store_bind_opt_int(s, first + 9, r->costs, !r->has_costs);
	imp_bind_id(s, first + 10, r->predecessor);
	db_bind_int64(s, first + 11, r->id);
}

static int project_failed(struct importer *im, const void *row)
{
	return imp_fail_db(im, "cannot add '%s'", ((const struct project_row *)row)->code);
}

static void bind_grant_row(struct importer *im, struct db_stmt *s, int first, const void *row)
{
	const struct grant_row *r = row;

	(void)im;
	db_bind_int64(s, first, r->city_id);
	bind_kept(s, first + 1, r->ref);
	bind_grant_fields(s, first + 2, r, bind_kept);
	db_bind_int64(s, first + 14, r->id);
}

static int grant_failed(struct importer *im, const void *row)
{
	return imp_fail_db(im, "cannot add '%s'", ((const struct grant_row *)row)->ref);
}

static void bind_allocation_row(struct importer *im, struct db_stmt *s, int first, const void *row)
{
	const struct allocation_row *r = row;

	(void)im;
	db_bind_int64(s, first, r->grant_id);
	db_bind_int(s, first + 1, r->year);
	db_bind_int64(s, first + 2, r->amount);
}

static int allocation_failed(struct importer *im, const void *row)
{
	char year[16];

	snprintf(year, sizeof(year), "%d", ((const struct allocation_row *)row)->year);
	return imp_fail_db(im, "cannot write the allocation for %s", year);
}

static void bind_booking_row(struct importer *im, struct db_stmt *s, int first, const void *row)
{
	const struct booking_row *r = row;

	imp_bind_id(s, first, r->id);
	db_bind_int64(s, first + 1, r->grant_id);
	bind_kept(s, first + 2, r->date);
	bind_kept(s, first + 3, r->kind);
	db_bind_int64(s, first + 4, r->amount);
	bind_kept(s, first + 5, r->reference);
	bind_kept(s, first + 6, r->note);
	imp_bind_id(s, first + 7, r->reverses);
	imp_bind_id(s, first + 8, r->source);
	bind_kept(s, first + 9, im->now);
}

static int booking_failed(struct importer *im, const void *row)
{
	const struct booking_row *r = row;
	long long id = (long long)(r->source ? r->source : r->id); /* as the file says */

	if (im->opts->as_own && (int)db_errcode(im->db) == DB_ERR_CONSTRAINT_PRIMARYKEY) {
		ft_fail(&im->failure,
			"cannot take over booking %lld of grant '%s': booking number %lld is already "
			"used in this database (--as-own keeps the booking numbers)",
			id, r->grant_ref, id);
		im->failed = 1;
		return -1;
	}
	return imp_fail_db(im, "cannot add booking %lld of grant '%s'", id, r->grant_ref);
}

static const struct row_writer project_writer = {
	"INSERT INTO project (city_id, code, title, field, district_id, carrier, target_group, "
	"start_date, end_date, costs_cents, predecessor_id, id) VALUES ",
	PROJECT_PARAMS, PROJECT_ROWS, PROJECT_SMALL, sizeof(struct project_row), bind_project_row,
	project_failed
};

static const struct row_writer grant_writer = {
	"INSERT INTO \"grant\" (city_id, ref, project_id, programme_id, applied_date, "
	"decided_date, period_from, period_to, approved_cents, eligible_cents, rate_bp, "
	"financing, status, note, id) VALUES ",
	GRANT_PARAMS, GRANT_ROWS, GRANT_SMALL, sizeof(struct grant_row), bind_grant_row,
	grant_failed
};

static const struct row_writer allocation_writer = {
	"INSERT INTO allocation (grant_id, year, amount_cents) VALUES ",
	ALLOC_PARAMS, ALLOC_ROWS, ALLOC_SMALL, sizeof(struct allocation_row),
	bind_allocation_row, allocation_failed
};

static const struct row_writer booking_writer = {
	"INSERT INTO booking (id, grant_id, date, kind, amount_cents, reference, note, "
	"reverses_id, source_id, created_at) VALUES ",
	BOOKING_PARAMS, BATCH_ROWS, BATCH_SMALL, sizeof(struct booking_row), bind_booking_row,
	booking_failed
};

/* Binds and steps rows [0, n) with one statement (stmts[which], prepared
 * on first use); DB_DONE or SQLite's code. */
static int step_rows(struct importer *im, const struct row_writer *w, struct db_stmt **stmts,
		     int which, const char *rows, int n)
{
	struct db_stmt **s = &stmts[which];
	int rc;

	if (!*s && store_prepare_rows(im->st, w->head, w->params, n, s, &im->failure)) {
		im->failed = 1;
		return -1;
	}
	for (int i = 0; i < n; i++)
		w->bind(im, *s, 1 + i * w->params, rows + (size_t)i * w->size);
	rc = db_step(*s);
	db_reset(*s);
	db_clear_bindings(*s); /* the texts were bound without a copy */
	return rc;
}

/* Writes one row; -1 with the row named. */
static int write_one(struct importer *im, const struct row_writer *w, struct db_stmt **stmts,
		     const void *row)
{
	int rc = step_rows(im, w, stmts, STMT_ONE, row, 1);

	return rc == DB_DONE ? 0 : rc == -1 ? -1 : w->failed(im, row);
}

/* Writes rows [0, n): in statements of w->rows, then of w->small, then
 * one by one. */
static int write_rows(struct importer *im, const struct row_writer *w, struct db_stmt **stmts,
		      const void *rows, int n)
{
	const char *at = rows;
	int i = 0;

	for (int which = STMT_ROWS; which <= STMT_SMALL; which++) {
		int chunk = which == STMT_ROWS ? w->rows : w->small;

		for (; n - i >= chunk; i += chunk) {
			int rc = step_rows(im, w, stmts, which, at + (size_t)i * w->size, chunk);

			if (rc == -1)
				return -1;
			for (int k = 0; rc != DB_DONE && k < chunk; k++)
				if (write_one(im, w, stmts, at + (size_t)(i + k) * w->size))
					return -1;
		}
	}
	for (; i < n; i++)
		if (write_one(im, w, stmts, at + (size_t)i * w->size))
			return -1;
	return 0;
}

int imp_flush_batch(struct importer *im)
{
	struct ledger_batch *b = &im->batch;
	int projects = b->nprojects, grants = b->ngrants, allocations = b->nallocations,
	    bookings = b->nbookings;

	b->nprojects = b->ngrants = b->nallocations = b->nbookings = 0;
	b->used = 0; /* the rows' texts are read before anything is added again */
	if (write_rows(im, &project_writer, b->project_stmts, b->projects, projects) ||
	    write_rows(im, &grant_writer, b->grant_stmts, b->grants, grants) ||
	    write_rows(im, &allocation_writer, b->allocation_stmts, b->allocations, allocations) ||
	    write_rows(im, &booking_writer, b->booking_stmts, b->bookings, bookings))
		return -1;
	/* the sums of the grants closed so far (bulk: their bookings skip
	 * booking_year's triggers) */
	return im->bulk && booking_sums_grant_write(im->st, &im->sums, &im->failure) ? -1 : 0;
}

static size_t text_size(const char *text)
{
	return text ? strlen(text) + 1 : 0;
}

/* Room for need bytes of text in the arena, the batch written first when
 * it is short: 0, or 1 when even an empty arena is too small (the batch
 * is written then), or -1. */
static int make_room(struct importer *im, size_t need)
{
	struct ledger_batch *b = &im->batch;

	if (!b->arena && !(b->arena = malloc(BATCH_ARENA)))
		return imp_out_of_memory(im);
	if (need > BATCH_ARENA - b->used && imp_flush_batch(im))
		return -1;
	return need > BATCH_ARENA;
}

static const char *batch_keep(struct ledger_batch *b, const char *text)
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

/* The row id of the next new project or grant (stmt: its table's max(id)
 * + 1): nothing else writes them while the file is written (the import
 * holds the write lock), and while rows wait (waiting > 0) the numbering
 * goes on from the last one. */
static int next_row_id(struct importer *im, enum stmt_id stmt, int waiting, int64_t *next,
		       const char *code, int64_t *id)
{
	struct db_stmt *s;
	int rc;

	if (waiting > 0) {
		*id = (*next)++;
		return 0;
	}
	if (!(s = imp_stmt(im, stmt)))
		return -1;
	rc = db_step(s);
	*id = rc == DB_ROW ? db_column_int64(s, 0) : 0;
	db_reset(s);
	if (rc != DB_ROW)
		return imp_fail_db(im, "cannot number the new record '%s'", code);
	*next = *id + 1;
	return 0;
}

/* Copies the row's texts into the arena (make_room made room). */
static void keep_grant_texts(struct ledger_batch *b, struct grant_row *r)
{
	r->ref = batch_keep(b, r->ref);
	r->applied = batch_keep(b, r->applied);
	r->decided = batch_keep(b, r->decided);
	r->start = batch_keep(b, r->start);
	r->end = batch_keep(b, r->end);
	r->financing = batch_keep(b, r->financing);
	r->status = batch_keep(b, r->status);
	r->note = batch_keep(b, r->note);
}

/* A partner city's grant new to the database: numbered and batched. */
static int batch_grant(struct importer *im, const struct exch_record *rec,
		       struct code_entry **entry)
{
	struct ledger_batch *b = &im->batch;
	struct grant_row row;

	int room;

	if (grant_row_of(im, rec, &row) || (b->ngrants == GRANT_WAIT && imp_flush_batch(im)))
		return -1;
	room = make_room(im, text_size(row.ref) + text_size(row.applied) + text_size(row.decided) +
				     text_size(row.start) + text_size(row.end) +
				     text_size(row.financing) + text_size(row.status) +
				     text_size(row.note));
	if (room < 0 || next_row_id(im, S_GRANT_NEXT_ROW, b->ngrants, &b->next_grant, row.ref, &row.id))
		return -1;
	if (room > 0 && write_one(im, &grant_writer, b->grant_stmts, &row)) /* cannot happen with a valid file */
		return -1;
	if (room == 0) {
		keep_grant_texts(b, &row);
		b->grants[b->ngrants++] = row;
	}
	return imp_added(im, &im->grants, EXCH_GRANT, rec->u.grant.ref, row.id, entry);
}

static void keep_project_texts(struct ledger_batch *b, struct project_row *r)
{
	r->code = batch_keep(b, r->code);
	r->title = batch_keep(b, r->title);
	r->field = batch_keep(b, r->field);
	r->carrier = batch_keep(b, r->carrier);
	r->target_group = batch_keep(b, r->target_group);
	r->start = batch_keep(b, r->start);
	r->end = batch_keep(b, r->end);
}

int imp_batch_project(struct importer *im, const struct exch_record *rec,
		      struct code_entry **entry)
{
	const struct exch_project *p = &rec->u.project;
	struct ledger_batch *b = &im->batch;
	struct code_entry *district = p->district ? code_map_find(&im->districts, p->district) : NULL;
	struct code_entry *pred = p->predecessor ? code_map_find(&im->projects, p->predecessor) : NULL;
	/* a predecessor written already (or waiting) is linked right away:
	 * imp_finish_chains then has no link to write */
	struct project_row row = { 0, im->city_id, district ? district->id : 0, p->costs,
				   pred && pred->seen ? pred->id : 0, p->has_costs, p->code, p->title,
				   p->field, p->carrier, p->target_group, p->start, p->end };
	int room;

	if (p->district && (!district || !district->seen))
		return imp_unresolved(im, "district", p->district);
	if (b->nprojects == PROJECT_WAIT && imp_flush_batch(im))
		return -1;
	room = make_room(im, text_size(row.code) + text_size(row.title) + text_size(row.field) +
				     text_size(row.carrier) + text_size(row.target_group) +
				     text_size(row.start) + text_size(row.end));
	if (room < 0 ||
	    next_row_id(im, S_PROJECT_NEXT_ROW, b->nprojects, &b->next_project, row.code, &row.id))
		return -1;
	if (room > 0 && write_one(im, &project_writer, b->project_stmts, &row)) /* cannot happen with a valid file */
		return -1;
	if (room == 0) {
		keep_project_texts(b, &row);
		b->projects[b->nprojects++] = row;
	}
	return imp_added(im, &im->projects, EXCH_PROJECT, p->code, row.id, entry);
}

int imp_open_grant(struct importer *im, const struct exch_record *rec)
{
	int held = code_map_find(&im->grants, rec->u.grant.ref) != NULL;
	struct code_entry *e;
	int change;

	/* a grant the database holds reads and writes its bookings directly:
	 * the batch goes first */
	if (imp_finish_chains(im) || (held && imp_flush_batch(im)))
		return -1;
	snprintf(im->grant_ref, sizeof(im->grant_ref), "%s", rec->u.grant.ref);
	change = !held && im->bulk ? batch_grant(im, rec, &e)
				   : imp_upsert(im, &im->grants, EXCH_GRANT, rec->u.grant.ref,
						S_GRANT_INSERT, S_GRANT_UPDATE, bind_grant, rec, &e);
	if (change < 0)
		return -1;
	im->grant_id = e->id;
	im->grant_new = change == ADDED;
	im->nallocs = 0;
	im->nconfirmed = 0;
	im->old_max = 0;
	code_map_clear(&im->rows);
	if (im->grant_new && im->bulk)
		booking_sums_grant_start(&im->sums, im->grant_id);
	if (im->grant_new)
		return load_next_row(im);
	return load_old_allocations(im) || load_old_max(im);
}

static int batch_allocation(struct importer *im, const struct exch_allocation *a)
{
	struct ledger_batch *b = &im->batch;

	b->allocations[b->nallocations++] = (struct allocation_row){ im->grant_id, a->year, a->amount };
	return b->nallocations == ALLOC_WAIT ? imp_flush_batch(im) : 0;
}

int imp_may_keep_batch(const struct importer *im, enum exch_kind kind)
{
	if (kind == EXCH_BOOKING)
		return 1;
	return !im->opts->as_own && (kind == EXCH_PROJECT || kind == EXCH_GRANT ||
				     kind == EXCH_ALLOCATION || kind == EXCH_GRANT_END);
}

int imp_allocation(struct importer *im, const struct exch_record *rec)
{
	const struct exch_allocation *a = &rec->u.allocation;
	struct allocation_row row = { im->grant_id, a->year, a->amount };
	struct old_allocation *old = NULL;
	enum change change = ADDED;
	struct db_stmt *s;
	int rc;

	for (size_t i = 0; i < im->nallocs && !old; i++)
		if (im->allocs[i].year == a->year)
			old = &im->allocs[i];
	if (old) {
		old->seen = 1;
		change = old->amount == a->amount ? UNCHANGED : CHANGED;
	}
	imp_count(im, EXCH_ALLOCATION, change, 1);
	if (change == UNCHANGED)
		return 0;
	if (im->grant_new)
		return batch_allocation(im, a);
	if (change == ADDED)
		return write_one(im, &allocation_writer, im->batch.allocation_stmts, &row);
	if (!(s = imp_stmt(im, S_ALLOC_UPDATE)))
		return -1;
	bind_allocation_row(im, s, 1, &row);
	rc = db_step(s);
	db_reset(s);
	return rc == DB_DONE ? 0 : allocation_failed(im, &row);
}

/* ---- bookings ---------------------------------------------------------------------- */

static int same_text(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
}

/* Whether the row selected by S_BOOKING_FIND / S_BOOKING_READ (date at
 * column 1) holds what the file says. */
static int same_booking(struct db_stmt *s, const struct exch_booking *b)
{
	return strcmp(imp_column_text(s, 1), b->date) == 0 && strcmp(imp_column_text(s, 2), b->kind) == 0 &&
	       db_column_int64(s, 3) == b->amount && same_text(imp_column_text(s, 4), b->reference) &&
	       same_text(imp_column_text(s, 5), b->note) && db_column_int64(s, 6) == b->reverses;
}

/* The row of the grant's booking with the sender's id; 0 when none. */
static int row_of_source(struct importer *im, int64_t source_id, int64_t *row)
{
	struct db_stmt *s = imp_stmt(im, S_BOOKING_OF_SOURCE);
	int rc;

	*row = 0;
	if (!s)
		return -1;
	db_bind_int64(s, 1, im->grant_id);
	db_bind_int64(s, 2, source_id);
	rc = db_step(s);
	if (rc == DB_ROW)
		*row = db_column_int64(s, 0);
	db_reset(s);
	if (rc != DB_ROW && rc != DB_DONE)
		return imp_fail_db(im, "cannot read the bookings of grant '%s'", im->grant_ref);
	return 0;
}

static int delete_booking(struct importer *im, int64_t row)
{
	struct db_stmt *s = imp_stmt(im, S_BOOKING_DELETE);

	if (!s)
		return -1;
	db_bind_int64(s, 1, row);
	return imp_run(im, s, "cannot remove a booking of grant '%s'", im->grant_ref) < 0 ? -1 : 0;
}

static int remember_displaced(struct importer *im, struct db_stmt *s)
{
	struct displaced *d;

	if (!(d = VEC_PUSH(im->displaced, im->ndisplaced, im->displaced_cap)))
		return imp_out_of_memory(im);
	d->source_id = db_column_int64(s, 0);
	snprintf(d->date, sizeof(d->date), "%s", imp_column_text(s, 1));
	snprintf(d->kind, sizeof(d->kind), "%s", imp_column_text(s, 2));
	d->amount = db_column_int64(s, 3);
	d->reference = imp_column_text(s, 4) ? strdup(imp_column_text(s, 4)) : NULL;
	d->note = imp_column_text(s, 5) ? strdup(imp_column_text(s, 5)) : NULL;
	d->reverses = db_column_int64(s, 6);
	if ((imp_column_text(s, 4) && !d->reference) || (imp_column_text(s, 5) && !d->note))
		return imp_out_of_memory(im);
	return 0;
}

/* Deletes the reversal of booking row, if it has one, remembering it. */
static int displace_reversal_of(struct importer *im, int64_t row)
{
	struct db_stmt *s = imp_stmt(im, S_BOOKING_REVERSAL_OF);
	int64_t reversal = 0;
	int rc;

	if (!s)
		return -1;
	db_bind_int64(s, 1, row);
	rc = db_step(s);
	if (rc == DB_ROW)
		reversal = db_column_int64(s, 0);
	db_reset(s);
	if (rc != DB_ROW && rc != DB_DONE)
		return imp_fail_db(im, "cannot read the bookings of grant '%s'", im->grant_ref);
	if (!reversal)
		return 0;
	if (!(s = imp_stmt(im, S_BOOKING_READ)))
		return -1;
	db_bind_int64(s, 1, reversal);
	rc = db_step(s);
	if (rc == DB_ROW)
		rc = remember_displaced(im, s);
	else
		rc = imp_fail_db(im, "cannot read a booking of grant '%s'", im->grant_ref);
	db_reset(s);
	return rc ? -1 : delete_booking(im, reversal);
}

static int insert_row(struct importer *im, const struct booking_row *r)
{
	return write_one(im, &booking_writer, im->batch.booking_stmts, r);
}

static int batch_booking(struct importer *im, const struct booking_row *r)
{
	struct ledger_batch *b = &im->batch;
	int same_grant = b->nbookings > 0 && b->bookings[b->nbookings - 1].grant_id == r->grant_id;
	size_t need = text_size(r->date) + text_size(r->kind) + text_size(r->reference) +
		      text_size(r->note) + (same_grant ? 0 : text_size(r->grant_ref));
	struct booking_row *row;
	int room = make_room(im, need);

	if (room != 0)
		return room < 0 ? -1 : insert_row(im, r); /* too long: cannot happen with a valid file */
	row = &b->bookings[b->nbookings++];
	*row = *r;
	row->date = batch_keep(b, r->date);
	row->kind = batch_keep(b, r->kind);
	row->reference = batch_keep(b, r->reference);
	row->note = batch_keep(b, r->note);
	same_grant = b->nbookings > 1 && b->bookings[b->nbookings - 2].grant_id == r->grant_id; /* after a flush: no */
	row->grant_ref = same_grant ? b->bookings[b->nbookings - 2].grant_ref : batch_keep(b, r->grant_ref);
	return b->nbookings == BOOKING_WAIT ? imp_flush_batch(im) : 0;
}

/* A booking of a grant new to the database: numbered here and batched,
 * reversals too (they find their original's row id by the sender's id).
 * --as-own keeps the sender's booking numbers as row ids. */
static int insert_new_booking(struct importer *im, const struct exch_booking *b)
{
	struct booking_row r = { b->id, im->grant_id, b->amount, b->reverses, 0, b->date, b->kind,
				 b->reference, b->note, im->grant_ref };
	char id[32];

	if (!im->opts->as_own) {
		r.id = im->next_row++;
		r.source = b->id;
		if (b->reverses && !(r.reverses = row_of(&im->rows, b->reverses))) {
			snprintf(id, sizeof(id), "%lld", (long long)b->reverses);
			return imp_unresolved(im, "booking", id);
		}
		if (remember_row(&im->rows, b->id, r.id))
			return imp_out_of_memory(im);
	}
	if (im->bulk && booking_sums_grant_add(&im->sums, b->date, b->kind, b->amount, &im->failure))
		return -1;
	return batch_booking(im, &r);
}

/* A booking added to a grant the database held before. */
static int insert_booking(struct importer *im, const struct exch_booking *b)
{
	struct booking_row r = { 0, im->grant_id, b->amount, 0, b->id, b->date, b->kind,
				 b->reference, b->note, im->grant_ref };
	int64_t row;
	char id[32];

	if (b->reverses) {
		if (row_of_source(im, b->reverses, &r.reverses))
			return -1;
		if (!r.reverses) {
			snprintf(id, sizeof(id), "%lld", (long long)b->reverses);
			return imp_unresolved(im, "booking", id);
		}
		if (displace_reversal_of(im, r.reverses))
			return -1;
	}
	if (insert_row(im, &r))
		return -1;
	/* The row may take the id of a changed booking deleted just before
	 * (SQLite gives max(id) + 1): it is the file's, not an old booking the
	 * file no longer holds, so remove_old_bookings must leave it (it
	 * removed a changed last booking of a grant, issue 16). */
	row = db_last_insert_rowid(im->db);
	if (row <= im->old_max &&
	    imp_push_id(&im->confirmed, &im->nconfirmed, &im->confirmed_cap, row))
		return imp_out_of_memory(im);
	return 0;
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
	struct db_stmt *s = imp_stmt(im, S_BOOKING_FIND);
	struct displaced *d;
	int64_t row = 0;
	int rc, same = 0;

	if (!s)
		return -1;
	db_bind_int64(s, 1, im->grant_id);
	db_bind_int64(s, 2, b->id);
	rc = db_step(s);
	if (rc == DB_ROW) {
		row = db_column_int64(s, 0);
		same = same_booking(s, b);
	}
	db_reset(s);
	if (rc != DB_ROW && rc != DB_DONE)
		return imp_fail_db(im, "cannot read the bookings of grant '%s'", im->grant_ref);
	if (row && same) {
		imp_count(im, EXCH_BOOKING, UNCHANGED, 1);
		return imp_push_id(&im->confirmed, &im->nconfirmed, &im->confirmed_cap, row) ? imp_out_of_memory(im)
											  : 0;
	}
	if (row) {
		imp_count(im, EXCH_BOOKING, CHANGED, 1);
		if (displace_reversal_of(im, row) || delete_booking(im, row))
			return -1;
	} else if ((d = find_displaced(im, b->id)) != NULL) {
		imp_count(im, EXCH_BOOKING, same_as_displaced(d, b) ? UNCHANGED : CHANGED, 1);
		drop_displaced(im, d);
	} else {
		imp_count(im, EXCH_BOOKING, ADDED, 1);
	}
	return insert_booking(im, b);
}

int imp_booking(struct importer *im, const struct exch_record *rec)
{
	if (im->grant_new) {
		imp_count(im, EXCH_BOOKING, ADDED, 1);
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
	struct db_stmt *s = imp_stmt(im, S_BOOKING_OLD_ROWS);
	int rc;

	if (!s)
		return -1;
	if (im->nconfirmed)
		qsort(im->confirmed, im->nconfirmed, sizeof(*im->confirmed), compare_ids);
	im->ndoomed = 0;
	db_bind_int64(s, 1, im->grant_id);
	db_bind_int64(s, 2, im->old_max);
	while ((rc = db_step(s)) == DB_ROW) {
		int64_t row = db_column_int64(s, 0);

		if (!is_confirmed(im, row) &&
		    imp_push_id(&im->doomed, &im->ndoomed, &im->doomed_cap, row)) {
			db_reset(s);
			return imp_out_of_memory(im);
		}
	}
	db_reset(s);
	if (rc != DB_DONE)
		return imp_fail_db(im, "cannot read the bookings of grant '%s'", im->grant_ref);
	for (size_t i = 0; i < im->ndoomed; i++)
		if (delete_booking(im, im->doomed[i]))
			return -1;
	imp_count(im, EXCH_BOOKING, REMOVED, (long)(im->ndoomed + im->ndisplaced));
	while (im->ndisplaced)
		drop_displaced(im, &im->displaced[0]);
	return 0;
}

int imp_close_grant(struct importer *im)
{
	char year[16];

	if (im->grant_new) { /* its sums wait for the batch (imp_flush_batch) */
		booking_sums_grant_end(&im->sums);
		return 0;
	}
	for (size_t i = 0; i < im->nallocs; i++) {
		struct db_stmt *s;

		if (im->allocs[i].seen)
			continue;
		if (!(s = imp_stmt(im, S_ALLOC_DELETE)))
			return -1;
		db_bind_int64(s, 1, im->grant_id);
		db_bind_int(s, 2, im->allocs[i].year);
		snprintf(year, sizeof(year), "%d", im->allocs[i].year);
		if (imp_run(im, s, "cannot remove the allocation for %s", year) < 0)
			return -1;
		imp_count(im, EXCH_ALLOCATION, REMOVED, 1);
	}
	return remove_old_bookings(im);
}

int imp_remove_grant(struct importer *im, const struct code_entry *e)
{
	struct db_stmt *s = imp_stmt(im, S_GRANT_CHILDREN);
	int rc;

	if (!s)
		return -1;
	db_bind_int64(s, 1, e->id);
	rc = db_step(s);
	if (rc == DB_ROW) {
		imp_count(im, EXCH_ALLOCATION, REMOVED, (long)db_column_int64(s, 0));
		imp_count(im, EXCH_BOOKING, REMOVED, (long)db_column_int64(s, 1));
	}
	db_reset(s);
	if (rc != DB_ROW)
		return imp_fail_db(im, "cannot read grant '%s'", code_map_key(&im->grants, e));
	if (!(s = imp_stmt(im, S_GRANT_DELETE)))
		return -1;
	db_bind_int64(s, 1, e->id);
	return imp_run(im, s, "cannot remove grant '%s'", code_map_key(&im->grants, e)) < 0 ? -1 : 0;
}

void imp_ledger_release(struct importer *im)
{
	for (int i = 0; i < ROW_STMTS; i++) {
		db_finalize(im->batch.project_stmts[i]);
		db_finalize(im->batch.grant_stmts[i]);
		db_finalize(im->batch.allocation_stmts[i]);
		db_finalize(im->batch.booking_stmts[i]);
	}
	free(im->batch.arena);
	code_map_free(&im->rows);
	booking_sums_grant_free(&im->sums);
	free(im->allocs);
	free(im->confirmed);
	while (im->ndisplaced)
		drop_displaced(im, &im->displaced[0]);
	free(im->displaced);
	free(im->doomed);
}
