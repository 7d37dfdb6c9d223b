/* exchange_import_ledger.c - the import of a city's grants with their
 * yearly allocations and bookings: grants matched by their references,
 * allocations by year, bookings by the sender's id within their grant;
 * the bookings of a new grant are written in batches. */
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

static int bind_grant(struct importer *im, struct db_stmt *s, int first,
		      const struct exch_record *rec)
{
	const struct exch_grant *g = &rec->u.grant;
	struct code_entry *project = code_map_find(&im->projects, g->project);
	struct code_entry *programme = code_map_find(&im->programmes, g->programme);

	if (!project || !project->seen)
		return imp_unresolved(im, "project", g->project);
	if (!programme || !programme->seen)
		return imp_unresolved(im, "programme", g->programme);
	db_bind_int64(s, first, project->id);
	db_bind_int64(s, first + 1, programme->id);
	imp_bind_text(s, first + 2, g->applied);
	imp_bind_text(s, first + 3, g->decided);
	imp_bind_text(s, first + 4, g->start);
	imp_bind_text(s, first + 5, g->end);
	db_bind_int64(s, first + 6, g->approved);
	store_bind_opt_int(s, first + 7, g->eligible, !g->has_eligible);
	store_bind_opt_int(s, first + 8, g->rate_bp, g->rate_bp < 0);
	imp_bind_text(s, first + 9, g->financing);
	imp_bind_text(s, first + 10, g->status);
	imp_bind_text(s, first + 11, g->note);
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

	if (im->batch.n > 0)
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

int imp_open_grant(struct importer *im, const struct exch_record *rec)
{
	struct code_entry *e;
	int change;

	/* a grant the database holds reads and writes its bookings directly:
	 * the batch goes first */
	if (imp_finish_chains(im) ||
	    (code_map_find(&im->grants, rec->u.grant.ref) && imp_flush_bookings(im)))
		return -1;
	change = imp_upsert(im, &im->grants, EXCH_GRANT, rec->u.grant.ref, S_GRANT_INSERT,
			S_GRANT_UPDATE, bind_grant, rec, &e);
	if (change < 0)
		return -1;
	im->grant_id = e->id;
	im->grant_new = change == ADDED;
	snprintf(im->grant_ref, sizeof(im->grant_ref), "%s", rec->u.grant.ref);
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

static int insert_allocation(struct importer *im, const struct allocation_row *r)
{
	struct db_stmt *s = imp_stmt(im, S_ALLOC_INSERT);
	char year[16];

	if (!s)
		return -1;
	db_bind_int64(s, 1, r->grant_id);
	db_bind_int(s, 2, r->year);
	db_bind_int64(s, 3, r->amount);
	snprintf(year, sizeof(year), "%d", r->year);
	return imp_run(im, s, "cannot write the allocation for %s", year) < 0 ? -1 : 0;
}

/* INSERT for rows of columns at once, `params` placeholders each (SQL
 * from constant pieces only). */
static int prepare_rows(struct importer *im, const char *head, int params, int rows,
			struct db_stmt **out)
{
	char sql[4096];
	size_t used = strlen(head);

	if (used + (size_t)rows * (size_t)(2 * params + 2) + 1 > sizeof(sql))
		return imp_out_of_memory(im); /* cannot happen: the callers' sizes fit */
	memcpy(sql, head, used);
	for (int i = 0; i < rows; i++) {
		sql[used++] = '(';
		for (int p = 0; p < params; p++) {
			sql[used++] = '?';
			sql[used++] = p + 1 < params ? ',' : ')';
		}
		sql[used++] = i + 1 < rows ? ',' : '\0';
	}
	if (store_prepare(im->st, sql, out, &im->failure)) {
		im->failed = 1;
		return -1;
	}
	return 0;
}

/* Writes the allocations waiting in the batch: ALLOC_ROWS in one
 * statement, fewer (or after a failure, to name the row) one by one. */
static int flush_allocations(struct importer *im)
{
	struct allocation_batch *b = &im->alloc_batch;
	int n = b->n, rc = DB_DONE;

	b->n = 0;
	if (n == ALLOC_ROWS) {
		struct db_stmt **s = &b->insert_rows;

		if (!*s && prepare_rows(im, "INSERT INTO allocation (grant_id, year, amount_cents) "
					"VALUES ", ALLOC_PARAMS, ALLOC_ROWS, s))
			return -1;
		for (int i = 0; i < n; i++) {
			db_bind_int64(*s, 1 + i * ALLOC_PARAMS, b->rows[i].grant_id);
			db_bind_int(*s, 2 + i * ALLOC_PARAMS, b->rows[i].year);
			db_bind_int64(*s, 3 + i * ALLOC_PARAMS, b->rows[i].amount);
		}
		rc = db_step(*s);
		db_reset(*s);
		if (rc == DB_DONE)
			return 0;
	}
	for (int i = 0; i < n; i++)
		if (insert_allocation(im, &b->rows[i]))
			return -1;
	return 0;
}

static int batch_allocation(struct importer *im, const struct exch_allocation *a)
{
	struct allocation_batch *b = &im->alloc_batch;

	b->rows[b->n++] = (struct allocation_row){ im->grant_id, a->year, a->amount };
	return b->n == ALLOC_ROWS ? flush_allocations(im) : 0;
}

int imp_may_keep_batch(const struct importer *im, enum exch_kind kind)
{
	if (kind == EXCH_BOOKING)
		return 1;
	return !im->opts->as_own &&
	       (kind == EXCH_GRANT || kind == EXCH_ALLOCATION || kind == EXCH_GRANT_END);
}

int imp_allocation(struct importer *im, const struct exch_record *rec)
{
	const struct exch_allocation *a = &rec->u.allocation;
	struct old_allocation *old = NULL;
	enum change change = ADDED;
	char year[16];
	struct db_stmt *s;

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
	if (!(s = imp_stmt(im, change == ADDED ? S_ALLOC_INSERT : S_ALLOC_UPDATE)))
		return -1;
	db_bind_int64(s, 1, im->grant_id);
	db_bind_int(s, 2, a->year);
	db_bind_int64(s, 3, a->amount);
	snprintf(year, sizeof(year), "%d", a->year);
	return imp_run(im, s, "cannot write the allocation for %s", year) < 0 ? -1 : 0;
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

static void bind_booking(struct importer *im, struct db_stmt *s, int first,
			 const struct booking_row *r)
{
	imp_bind_id(s, first, r->id);
	db_bind_int64(s, first + 1, r->grant_id);
	imp_bind_text(s, first + 2, r->date);
	imp_bind_text(s, first + 3, r->kind);
	db_bind_int64(s, first + 4, r->amount);
	imp_bind_text(s, first + 5, r->reference);
	imp_bind_text(s, first + 6, r->note);
	imp_bind_id(s, first + 7, r->reverses);
	imp_bind_id(s, first + 8, r->source);
	imp_bind_text(s, first + 9, im->now);
}

static int insert_row(struct importer *im, const struct booking_row *r)
{
	struct db_stmt *s = imp_stmt(im, S_BOOKING_INSERT);
	long long id = (long long)(r->source ? r->source : r->id); /* as the file says */

	if (!s)
		return -1;
	bind_booking(im, s, 1, r);
	if (db_step(s) == DB_DONE) {
		db_reset(s);
		return 0;
	}
	db_reset(s);
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

static int prepare_batch(struct importer *im, int rows, struct db_stmt **out)
{
	return prepare_rows(im, "INSERT INTO booking (id, grant_id, date, kind, amount_cents, "
			    "reference, note, reverses_id, source_id, created_at) VALUES ",
			    BOOKING_PARAMS, rows, out);
}

/* Writes rows [0, n) of the batch with one statement, which changes all
 * or nothing: when it fails the rows are written one by one, so that the
 * message names the booking. */
static int insert_rows(struct importer *im, const struct booking_row *rows, int n)
{
	struct booking_batch *b = &im->batch;
	struct db_stmt **s = n == BATCH_ROWS ? &b->insert_rows : &b->insert_small;
	int rc;

	if (!*s && prepare_batch(im, n, s))
		return -1;
	for (int i = 0; i < n; i++)
		bind_booking(im, *s, 1 + i * BOOKING_PARAMS, &rows[i]);
	rc = db_step(*s);
	db_reset(*s);
	if (rc == DB_DONE)
		return 0;
	for (int i = 0; i < n; i++)
		if (insert_row(im, &rows[i]))
			return -1;
	return 0;
}

/* Writes the batched bookings: in statements of BATCH_ROWS, then of
 * BATCH_SMALL, then one by one. */
int imp_flush_bookings(struct importer *im)
{
	struct booking_batch *b = &im->batch;
	int n = b->n, i = 0;

	if (im->alloc_batch.n && flush_allocations(im))
		return -1;
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
	int same_grant = b->n > 0 && b->rows[b->n - 1].grant_id == r->grant_id;
	size_t need = text_size(r->date) + text_size(r->kind) + text_size(r->reference) +
		      text_size(r->note) + (same_grant ? 0 : text_size(r->grant_ref));
	struct booking_row *row;

	if (!b->arena && !(b->arena = malloc(BATCH_ARENA)))
		return imp_out_of_memory(im);
	if (need > BATCH_ARENA - b->used && imp_flush_bookings(im))
		return -1;
	if (need > BATCH_ARENA)
		return insert_row(im, r); /* cannot happen with a valid file */
	row = &b->rows[b->n++];
	*row = *r;
	row->date = batch_keep(b, r->date);
	row->kind = batch_keep(b, r->kind);
	row->reference = batch_keep(b, r->reference);
	row->note = batch_keep(b, r->note);
	same_grant = b->n > 1 && b->rows[b->n - 2].grant_id == r->grant_id; /* after a flush: no */
	row->grant_ref = same_grant ? b->rows[b->n - 2].grant_ref : batch_keep(b, r->grant_ref);
	return b->n == BATCH_ROWS ? imp_flush_bookings(im) : 0;
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

	if (im->grant_new) /* its sums (bulk: its bookings skip booking_year's triggers) */
		return im->bulk ? booking_sums_grant_write(im->st, &im->sums, &im->failure) : 0;
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
	db_finalize(im->batch.insert_rows);
	db_finalize(im->batch.insert_small);
	db_finalize(im->alloc_batch.insert_rows);
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
