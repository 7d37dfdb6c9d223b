#include "import_batch.h"

#include <stdio.h>
#include <string.h>

#include "db.h"
#include "ledger.h"

static const char *text_at(struct db_stmt *stmt, int col)
{
	const unsigned char *t = db_column_text(stmt, col);

	return t ? (const char *)t : "";
}

#define BATCH_COLUMNS                                                                       \
	"SELECT id, kind, file, imported_at, user_name, records, rows_known,"              \
	" coalesce(undone_at, ''), coalesce(undone_by, '') FROM import_batch "

static void read_info(struct db_stmt *stmt, struct import_batch_info *out)
{
	out->id = db_column_int64(stmt, 0);
	snprintf(out->kind, sizeof(out->kind), "%s", text_at(stmt, 1));
	snprintf(out->file, sizeof(out->file), "%s", text_at(stmt, 2));
	snprintf(out->imported_at, sizeof(out->imported_at), "%s", text_at(stmt, 3));
	snprintf(out->user, sizeof(out->user), "%s", text_at(stmt, 4));
	out->records = db_column_int64(stmt, 5);
	out->rows_known = db_column_int(stmt, 6);
	snprintf(out->undone_at, sizeof(out->undone_at), "%s", text_at(stmt, 7));
	snprintf(out->undone_by, sizeof(out->undone_by), "%s", text_at(stmt, 8));
}

/* "02.12.2026 05:48" of a UTC time stamp (2026-12-02T05:48:36Z) */
static void stamp_de(const char *stamp, char *buf, size_t size)
{
	char iso[DATE_BUF], day[DATE_BUF] = "";

	snprintf(iso, sizeof(iso), "%.10s", stamp);
	if (date_is_valid_iso(iso))
		date_format_de(iso, day);
	snprintf(buf, size, "%s %.5s", day, strlen(stamp) >= 16 ? stamp + 11 : "");
}

/* Runs a prepared batch query: 1 and *out for a row, 0 for none. */
static int step_info(struct store *st, struct db_stmt *stmt, struct import_batch_info *out,
		     struct ft_error *err)
{
	int rc = db_step(stmt);

	if (rc == DB_ROW)
		read_info(stmt, out);
	db_finalize(stmt);
	if (rc != DB_ROW && rc != DB_DONE)
		return store_fail(st, err, "cannot read the import batches");
	return rc == DB_ROW;
}

int import_batch_find_same(struct store *st, const char *kind, const char *sha256,
			   struct import_batch_info *out, struct ft_error *err)
{
	struct db_stmt *stmt;

	if (store_prepare(st, BATCH_COLUMNS "WHERE sha256 = ?1 AND kind = ?2 AND undone_at IS NULL "
				  "ORDER BY id DESC LIMIT 1",
			  &stmt, err))
		return -1;
	store_bind_text(stmt, 1, sha256);
	store_bind_text(stmt, 2, kind);
	return step_info(st, stmt, out, err);
}

static int find_batch(struct store *st, int64_t id, struct import_batch_info *out,
		      struct ft_error *err)
{
	struct db_stmt *stmt;

	if (store_prepare(st, BATCH_COLUMNS "WHERE id = ?1", &stmt, err))
		return -1;
	db_bind_int64(stmt, 1, id);
	return step_info(st, stmt, out, err);
}

void import_batch_describe(const struct import_batch_info *b, char *buf, size_t size)
{
	char when[40];

	stamp_de(b->imported_at, when, sizeof(when));
	snprintf(buf, size, "batch %lld of %s UTC by %s ('%s')", (long long)b->id, when, b->user,
		 b->file);
}

int import_batch_record(struct store *st, const char *kind, const char *file,
			const char *sha256, const struct import_batch_record *records, size_t n,
			int64_t *id_out, struct ft_error *err)
{
	struct db_stmt *stmt;
	int64_t id;
	int rc = 0;

	if (store_run(st,
		      "INSERT INTO import_batch (kind, file, sha256, records, imported_at, user_name) "
		      "VALUES (?1, ?2, ?3, ?4, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), ft_audit_user())",
		      "cannot record the import batch", err, "ttti", kind, file, sha256, (int64_t)n))
		return -1;
	id = db_last_insert_rowid(store_db(st));
	if (store_prepare(st,
			  "INSERT INTO import_batch_row (batch_id, table_name, record_id, line) "
			  "VALUES (?1, ?2, ?3, ?4)",
			  &stmt, err))
		return -1;
	for (size_t i = 0; i < n && rc == 0; i++) {
		db_bind_int64(stmt, 1, id);
		store_bind_text(stmt, 2, records[i].table);
		db_bind_int64(stmt, 3, records[i].record_id);
		db_bind_int64(stmt, 4, records[i].line);
		rc = store_step_done(st, stmt, "cannot record the import batch", err);
	}
	db_finalize(stmt);
	if (rc == 0 && id_out)
		*id_out = id;
	return rc;
}

int import_find_same_booking(struct store *st, const char *grant_ref, const char *date,
			     const char *kind, int64_t amount, const char *reference,
			     int64_t *booking_id, int64_t *batch_id, long *line,
			     struct ft_error *err)
{
	struct db_stmt *stmt;
	int rc;

	if (store_prepare(st,
			  "SELECT b.id, coalesce(r.batch_id, 0), coalesce(r.line, 0) FROM booking b "
			  "JOIN \"grant\" g ON g.id = b.grant_id "
			  "JOIN city c ON c.id = g.city_id AND c.own = 1 "
			  "LEFT JOIN import_batch_row r ON r.table_name = 'booking' "
			  " AND r.record_id = b.id "
			  "WHERE g.ref = ?1 AND b.date = ?2 AND b.kind = ?3 AND b.amount_cents = ?4"
			  " AND b.reference IS NOT DISTINCT FROM ?5 AND b.reverses_id IS NULL"
			  " AND NOT EXISTS (SELECT 1 FROM booking x WHERE x.reverses_id = b.id) "
			  "ORDER BY b.id LIMIT 1",
			  &stmt, err))
		return -1;
	store_bind_text(stmt, 1, grant_ref);
	store_bind_text(stmt, 2, date);
	store_bind_text(stmt, 3, kind);
	db_bind_int64(stmt, 4, amount);
	store_bind_text(stmt, 5, reference);
	rc = db_step(stmt);
	if (rc == DB_ROW) {
		*booking_id = db_column_int64(stmt, 0);
		*batch_id = db_column_int64(stmt, 1);
		*line = (long)db_column_int64(stmt, 2);
	}
	db_finalize(stmt);
	if (rc != DB_ROW && rc != DB_DONE)
		return store_fail(st, err, "cannot look for an equal booking");
	return rc == DB_ROW;
}

/* ---- undo ----------------------------------------------------------------- */

struct undo {
	int64_t id;
	struct import_undo_result *out;
};

/* A count from sql with ?1 bound to id. */
static int count_of(struct store *st, const char *sql, int64_t id, int64_t *n,
		    struct ft_error *err)
{
	struct db_stmt *stmt;
	int rc;

	if (store_prepare(st, sql, &stmt, err))
		return -1;
	db_bind_int64(stmt, 1, id);
	rc = db_step(stmt);
	*n = rc == DB_ROW ? db_column_int64(stmt, 0) : 0;
	db_finalize(stmt);
	return rc == DB_ROW ? 0 : store_fail(st, err, "cannot read the references");
}

struct reference {
	const char *sql;  /* count of what refers to record ?1 */
	const char *what; /* "bookings" */
};

static const struct reference grant_refs[] = {
	{ "SELECT count(*) FROM booking WHERE grant_id = ?1", "bookings" },
	{ "SELECT count(*) FROM allocation WHERE grant_id = ?1", "allocations (Jahresraten)" },
	{ "SELECT count(*) FROM proof WHERE grant_id = ?1", "proofs of use" },
	{ NULL, NULL },
};
static const struct reference project_refs[] = {
	{ "SELECT count(*) FROM \"grant\" WHERE project_id = ?1", "grants" },
	{ "SELECT count(*) FROM project WHERE predecessor_id = ?1", "a successor project" },
	{ NULL, NULL },
};

/* Deletes grant or project record_id of the batch when nothing refers to
 * it; otherwise err says what does and that the batch stays as it is. */
static int delete_unreferenced(struct store *st, const char *table, int64_t record_id,
			       long line, int64_t *deleted, struct ft_error *err)
{
	int is_grant = strcmp(table, "grant") == 0;
	const struct reference *refs = is_grant ? grant_refs : project_refs;
	char key[IMPORT_TEXT_MAX] = "?";
	struct db_stmt *stmt;

	if (store_prepare(st, is_grant ? "SELECT ref FROM \"grant\" WHERE id = ?1"
				       : "SELECT code FROM project WHERE id = ?1",
			  &stmt, err))
		return -1;
	db_bind_int64(stmt, 1, record_id);
	if (db_step(stmt) != DB_ROW) {
		db_finalize(stmt);
		return 0; /* deleted since by other means: nothing to undo */
	}
	snprintf(key, sizeof(key), "%s", text_at(stmt, 0));
	db_finalize(stmt);
	for (const struct reference *r = refs; r->sql; r++) {
		int64_t n;

		if (count_of(st, r->sql, record_id, &n, err))
			return -1;
		if (n > 0)
			return ft_fail(err, "cannot undo: %s '%s' (line %ld) has %lld %s recorded "
					    "since the import; correct those first (a %s is only "
					    "removed when nothing refers to it); nothing was changed",
				       table, key, line, (long long)n, r->what, table);
	}
	if (store_run(st, is_grant ? "DELETE FROM \"grant\" WHERE id = ?1"
				   : "DELETE FROM project WHERE id = ?1",
		      "cannot remove the imported record", err, "i", record_id))
		return -1;
	(*deleted)++;
	return 0;
}

/* Reverses booking record_id unless it was reversed before. */
static int reverse_one(struct store *st, int64_t batch, int64_t record_id, long line,
		       struct import_undo_result *out, struct ft_error *err)
{
	char note[128];
	int64_t reversals;

	if (count_of(st, "SELECT count(*) FROM booking WHERE reverses_id = ?1", record_id,
		     &reversals, err))
		return -1;
	if (reversals > 0) {
		out->already_reversed++;
		return 0;
	}
	snprintf(note, sizeof(note), "Import %lld rückgängig gemacht (Zeile %ld)",
		 (long long)batch, line);
	if (ledger_reverse_booking(st, record_id, NULL, note, NULL, err))
		return -1;
	out->reversed++;
	return 0;
}

static int undo_records(struct store *st, void *arg, struct ft_error *err)
{
	struct undo *u = arg;
	struct import_batch_info b;
	struct db_stmt *stmt;
	int rc;

	switch (find_batch(st, u->id, &b, err)) {
	case 0:
		return ft_fail(err, "no import batch %lld (see 'fundtrack import-csv --list')",
			       (long long)u->id);
	case 1:
		break;
	default:
		return -1;
	}
	snprintf(u->out->kind, sizeof(u->out->kind), "%s", b.kind);
	if (b.undone_at[0]) {
		char when[40];

		stamp_de(b.undone_at, when, sizeof(when));
		return ft_fail(err, "import batch %lld ('%s') was already undone on %s UTC by %s",
			       (long long)b.id, b.file, when, b.undone_by);
	}
	if (!b.rows_known)
		return ft_fail(err, "import batch %lld ('%s') was imported before fundtrack recorded "
				    "which records an import adds, so it cannot be undone as a whole: "
				    "reverse its bookings one by one with 'fundtrack book --reverses ID'",
			       (long long)b.id, b.file);
	/* newest first: a project imported after its predecessor goes first */
	if (store_prepare(st, "SELECT table_name, record_id, line FROM import_batch_row "
			      "WHERE batch_id = ?1 ORDER BY line DESC, id DESC",
			  &stmt, err))
		return -1;
	db_bind_int64(stmt, 1, b.id);
	rc = 0;
	while (rc == 0 && db_step(stmt) == DB_ROW) {
		const char *table = text_at(stmt, 0);
		int64_t record_id = db_column_int64(stmt, 1);
		long line = (long)db_column_int64(stmt, 2);

		if (strcmp(table, "booking") == 0) {
			rc = reverse_one(st, b.id, record_id, line, u->out, err);
		} else {
			rc = delete_unreferenced(st, table, record_id, line, &u->out->deleted,
						 err);
		}
	}
	db_finalize(stmt);
	if (rc)
		return -1;
	return store_run(st, "UPDATE import_batch SET undone_at = strftime('%Y-%m-%dT%H:%M:%SZ', "
			     "'now'), undone_by = ft_audit_user() WHERE id = ?1",
			 "cannot mark the import batch undone", err, "i", b.id);
}

int import_batch_undo(struct store *st, int64_t id, struct import_undo_result *out,
		      struct ft_error *err)
{
	struct undo u = { id, out };

	memset(out, 0, sizeof(*out));
	return store_write(st, undo_records, &u, err);
}
