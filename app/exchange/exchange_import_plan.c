/* exchange_import_plan.c - a city's financing plans and project bookings
 * (format 1.1, features financing-plan and project-bookings).
 *
 * They are replaced as a whole: when the city is known, its cost lines,
 * means of cover, project bookings and their shares (with the grant
 * bookings that carry them) are removed; the file's are written as they
 * come, and at the end every project booking is split to the project's
 * grants by finplan_allocate (finplan.h), the code that splits a booking
 * entered with 'fundtrack book PROJECT', so that the partner's figures
 * here are the figures its own fundtrack shows. All of it happens in the
 * import's one transaction: a booking that cannot be split
 * (FT-PROJECT-BOOKING-SPLIT) leaves the database as it was.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "exchange_import_internal.h"
#include "finplan.h"
#include "vec.h"

/* Runs sql with the values of types: 'i' int64_t, 'o' int64_t id (0 binds
 * NULL), 't' text (NULL binds NULL). */
static int plan_run(struct importer *im, const char *sql, const char *doing, const char *types, ...)
{
	struct db_stmt *s;
	va_list ap;
	int rc;

	if (store_prepare(im->st, sql, &s, &im->failure)) {
		im->failed = 1;
		return -1;
	}
	va_start(ap, types);
	for (int i = 0; types[i]; i++) {
		if (types[i] == 'i')
			db_bind_int64(s, i + 1, va_arg(ap, int64_t));
		else if (types[i] == 'o') /* an optional id: NULL when 0 */
			imp_bind_id(s, i + 1, va_arg(ap, int64_t));
		else
			imp_bind_text(s, i + 1, va_arg(ap, const char *));
	}
	va_end(ap);
	rc = db_step(s);
	db_finalize(s);
	if (rc == DB_DONE || rc == DB_ROW)
		return 0;
	return imp_fail_db(im, "%s", doing);
}

/* The row id the query finds (its first column), 0 when none. */
static int64_t find_id(struct importer *im, const char *sql, int64_t a, const char *b,
		       int64_t c)
{
	struct db_stmt *s;
	int64_t id = 0;
	int rc;

	if (store_prepare(im->st, sql, &s, &im->failure)) {
		im->failed = 1;
		return -1;
	}
	db_bind_int64(s, 1, a);
	imp_bind_text(s, 2, b);
	db_bind_int64(s, 3, c);
	rc = db_step(s);
	if (rc == DB_ROW)
		id = db_column_int64(s, 0);
	db_finalize(s);
	if (rc != DB_ROW && rc != DB_DONE)
		return imp_fail_db(im, "cannot read the financing plan");
	return id;
}

/* The grant bookings that carry shares go first (newest first, so that a
 * reversal goes before its original), then the shares' rows would block
 * them: the shares are removed in between. */
int imp_plan_clear(struct importer *im)
{
	static const char of_city[] = "(SELECT id FROM project WHERE city_id = ?1)";
	char sql[400];
	struct db_stmt *s;
	int64_t *ids = NULL;
	size_t n = 0, cap = 0;
	int rc;

	/* a city new to the database has nothing to clear */
	if (im->city_new)
		return 0;
	rc = im->city_known ? imp_same_file_as_held(im) : 0;
	/* the very file imported last time brings the very rows held: they
	 * stay as they are (importing the same file again changes nothing) */
	if (rc < 0)
		return -1;
	if ((im->plan_kept = rc) != 0)
		return 0;
	if (store_prepare(im->st,
			  "SELECT s.booking_id FROM project_booking_share s JOIN project_booking b "
			  "ON b.id = s.project_booking_id JOIN project p ON p.id = b.project_id "
			  "WHERE p.city_id = ?1 AND s.booking_id IS NOT NULL ORDER BY s.booking_id DESC",
			  &s, &im->failure)) {
		im->failed = 1;
		return -1;
	}
	db_bind_int64(s, 1, im->city_id);
	while ((rc = db_step(s)) == DB_ROW)
		if (imp_push_id(&ids, &n, &cap, db_column_int64(s, 0))) {
			rc = DB_NOMEM;
			break;
		}
	db_finalize(s);
	if (rc != DB_DONE) {
		free(ids);
		return rc == DB_NOMEM ? imp_out_of_memory(im)
					  : imp_fail_db(im, "cannot read the project bookings");
	}
	snprintf(sql, sizeof(sql),
		 "DELETE FROM project_booking_share WHERE project_booking_id IN (SELECT id FROM "
		 "project_booking WHERE project_id IN %s)",
		 of_city);
	rc = plan_run(im, sql, "cannot remove the shares of the project bookings", "i", im->city_id);
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = plan_run(im, "DELETE FROM booking WHERE id = ?1", "cannot remove a share", "i",
			 ids[i]);
	free(ids);
	if (rc)
		return -1;
	snprintf(sql, sizeof(sql), "DELETE FROM project_booking WHERE project_id IN %s", of_city);
	if (plan_run(im, sql, "cannot remove the project bookings", "i", im->city_id))
		return -1;
	snprintf(sql, sizeof(sql), "DELETE FROM plan_cover WHERE project_id IN %s", of_city);
	if (plan_run(im, sql, "cannot remove the means of cover", "i", im->city_id))
		return -1;
	snprintf(sql, sizeof(sql), "DELETE FROM plan_line WHERE project_id IN %s", of_city);
	return plan_run(im, sql, "cannot remove the cost lines", "i", im->city_id);
}

static int64_t project_id(struct importer *im, const char *code)
{
	struct code_entry *e = code_map_find(&im->projects, code);

	if (!e || !e->seen)
		return imp_unresolved(im, "project", code);
	return e->id;
}

int imp_plan_line(struct importer *im, const struct exch_record *rec)
{
	const struct exch_plan_line *l = &rec->u.plan_line;
	int64_t project = im->plan_kept ? 0 : project_id(im, l->project);

	if (project <= 0)
		return (int)project;
	return plan_run(im,
		   "INSERT INTO plan_line (project_id, position, label, planned_cents) "
		   "VALUES (?1, ?2, ?3, ?4)",
		   "cannot write a cost line", "itti", project, l->position, l->label, l->amount);
}

int imp_cover(struct importer *im, const struct exch_record *rec)
{
	const struct exch_cover *c = &rec->u.cover;
	int64_t project = im->plan_kept ? 0 : project_id(im, c->project);

	if (project <= 0)
		return (int)project;
	return plan_run(im, "INSERT INTO plan_cover (project_id, source, amount_cents) VALUES (?1, ?2, ?3)",
		   "cannot write a means of cover", "iti", project, c->kind, c->amount);
}

/* Notes where the booking stands in the file, and its project for the split. */
static int note_booking(struct importer *im, int64_t project, int64_t row, long line)
{
	struct imp_project_booking *b = VEC_PUSH(im->pbookings, im->npbookings, im->pbookings_cap);

	if (!b)
		return imp_out_of_memory(im);
	*b = (struct imp_project_booking){ project, row, line };
	return 0;
}

int imp_project_booking(struct importer *im, const struct exch_record *rec)
{
	const struct exch_project_booking *b = &rec->u.project_booking;
	int64_t project = im->plan_kept ? 0 : project_id(im, b->project), line = 0, original = 0;
	int64_t taken = 0;
	int own_number;

	if (project <= 0)
		return (int)project;
	if (b->line &&
	    (line = find_id(im, "SELECT id FROM plan_line WHERE project_id = ?1 AND position = ?2 "
				"AND ?3 IS NOT DISTINCT FROM ?3",
			    project, b->line, 0)) <= 0)
		return line < 0 ? -1 : imp_unresolved(im, "cost line", b->line);
	if (b->reverses &&
	    (original = find_id(im, "SELECT id FROM project_booking WHERE project_id = ?1 AND "
				    "coalesce(source_id, id) = ?3 AND ?2 IS NOT DISTINCT FROM ?2",
				project, NULL, b->reverses)) <= 0)
		return original < 0 ? -1 : imp_unresolved(im, "project booking", b->project);
	/* taken over as the own city, a booking keeps its number as its row
	 * id where it is free (as the grants' bookings do), so that bookings
	 * entered later get new numbers; else, and for a partner, the file's
	 * id is kept as source_id */
	if (im->opts->as_own &&
	    (taken = find_id(im, "SELECT id FROM project_booking WHERE id = ?3 AND ?1 IS NOT DISTINCT FROM ?1 AND "
				 "?2 IS NOT DISTINCT FROM ?2",
			     0, NULL, b->id)) < 0)
		return -1;
	own_number = im->opts->as_own && !taken;
	if (plan_run(im,
		"INSERT INTO project_booking (id, project_id, line_id, date, service_date, kind, "
		"amount_cents, reference, note, reverses_id, source_id, created_at) VALUES (?1, ?2, "
		"?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
		"cannot write a project booking", "oiotttittoot", own_number ? b->id : 0, project,
		line, b->date, b->service_date, b->kind, b->amount, b->reference, b->note, original,
		own_number ? 0 : b->id, im->now))
		return -1;
	return note_booking(im, project, db_last_insert_rowid(im->db), rec->line);
}

static const struct imp_project_booking *booking_at(const struct importer *im, int64_t row)
{
	for (size_t i = 0; i < im->npbookings; i++)
		if (im->pbookings[i].row == row)
			return &im->pbookings[i];
	return NULL;
}

/* Splits the project bookings of every project that has some, once the
 * grants are written and those the file no longer holds removed. */
int imp_plan_finish(struct importer *im)
{
	for (size_t i = 0; i < im->npbookings; i++) {
		const struct imp_project_booking *b = &im->pbookings[i], *at;
		struct ft_error why;
		int64_t failed;

		if (i > 0 && im->pbookings[i - 1].project == b->project)
			continue;
		if (finplan_allocate(im->st, b->project, &failed, &why) == 0)
			continue;
		if (!(at = booking_at(im, failed)))
			return imp_refuse(im, "%s", why.msg);
		exch_report_rule(im->diags, at->line, RULE_PROJECT_BOOKING_SPLIT, "booking", NULL,
				 "this project booking cannot be allocated to the project's grants: "
				 "%s",
				 why.msg);
		return imp_refuse(im, "a project booking of the file cannot be allocated to its "
				      "project's grants (line %ld): nothing was imported",
				  at->line);
	}
	return 0;
}
