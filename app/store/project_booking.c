/* project_booking.c - writing the financing plan (cost lines, means of
 * cover) and expenditure booked once on a project with its split over
 * the means of cover (finplan.h). Every write is one transaction; the
 * audit triggers of schema/010 log every row. */
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "finplan.h"
#include "ledger.h"
#include "money.h"
#include "text.h"

/* ---- checks and look-ups ------------------------------------------------ */

static int check_text(const char *what, const char *text, enum text_kind kind,
		      struct ft_error *err)
{
	char why[TEXT_PROBLEM_MAX];
	const char *problem = text ? text_problem(text, kind, why) : NULL;

	return problem ? ft_fail(err, "%s %s", what, problem) : 0;
}

/* A position is what a funder's form numbers a cost line with: "1", "1.1",
 * "2.3a"; letters, digits and dots, at most 20 characters. */
static int check_position(const char *position, struct ft_error *err)
{
	size_t len = strlen(position);

	if (len == 0 || len > 20 ||
	    strspn(position, "0123456789.abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") !=
		    len)
		return ft_fail(err, "invalid cost line position '%s': 1 to 20 letters, digits "
				    "and dots expected (e.g. 1.1)",
			       position);
	return 0;
}

static int own_project_id(struct store *st, const char *code, int64_t *id, struct ft_error *err)
{
	int found = store_lookup_id(st,
				    "SELECT p.id FROM project p JOIN city c ON c.id = p.city_id "
				    "WHERE c.own = 1 AND p.code = ?1",
				    code, 0, id, err);

	if (found < 0)
		return -1;
	if (!found)
		return ft_fail(err, "no project '%s' in this city (see 'fundtrack project list')",
			       code);
	return 0;
}

/* *id gets the line's id; returns 1 when found, 0 when not, -1 on error. */
static int find_line(struct store *st, int64_t project_id, const char *position, int64_t *id,
		     struct ft_error *err)
{
	return store_lookup_id(st, "SELECT id FROM plan_line WHERE position = ?1 AND project_id = ?2",
			       position, project_id, id, err);
}

static int line_id(struct store *st, const char *project, int64_t project_id,
		   const char *position, int64_t *id, struct ft_error *err)
{
	int found = find_line(st, project_id, position, id, err);

	if (found < 0)
		return -1;
	if (!found)
		return ft_fail(err, "no cost line '%s' in the financing plan of project '%s' (see "
				    "'fundtrack plan %s')",
			       position, project, project);
	return 0;
}

int finplan_book_target(struct store *st, const char *name, int *is_grant, int *is_project,
			struct ft_error *err)
{
	int64_t id;
	int grant = store_lookup_id(st,
				    "SELECT g.id FROM \"grant\" g JOIN city c ON c.id = g.city_id "
				    "WHERE c.own = 1 AND g.ref = ?1",
				    name, 0, &id, err);
	int project = grant < 0 ? -1
				: store_lookup_id(st,
						  "SELECT p.id FROM project p JOIN city c ON "
						  "c.id = p.city_id WHERE c.own = 1 AND p.code = ?1",
						  name, 0, &id, err);

	if (grant < 0 || project < 0)
		return -1;
	*is_grant = grant;
	*is_project = project;
	return 0;
}

/* ---- cost lines and means of cover ---------------------------------------- */

struct line_change {
	const char *project, *position, *new_position, *label;
	int64_t amount;
};

static int insert_line(struct store *st, void *arg, struct ft_error *err)
{
	const struct line_change *c = arg;
	int64_t project_id, id;
	int found;

	if (own_project_id(st, c->project, &project_id, err))
		return -1;
	if ((found = find_line(st, project_id, c->position, &id, err)) < 0)
		return -1;
	if (found)
		return ft_fail(err, "cost line '%s' of project '%s' already exists (change it with "
				    "'fundtrack plan-line edit')",
			       c->position, c->project);
	return store_run(st,
			 "INSERT INTO plan_line (project_id, position, label, planned_cents) "
			 "VALUES (?1, ?2, ?3, ?4)",
			 "cannot add the cost line", err, "itti", project_id, c->position, c->label,
			 c->amount);
}

static int check_amount(int64_t amount, struct ft_error *err)
{
	if (amount < 0 || !money_in_domain(amount))
		return ft_fail(err, "planned amount must be between 0 and %s",
			       MONEY_DOMAIN_MAX_TEXT);
	return 0;
}

int finplan_line_add(struct store *st, const char *project, const char *position,
		     const char *label, int64_t amount, struct ft_error *err)
{
	struct line_change c = { project, position, NULL, label, amount };

	if (check_position(position, err) || check_amount(amount, err))
		return -1;
	if (!label || strspn(label, " \t") == strlen(label))
		return ft_fail(err, "cost line label must not be empty");
	if (check_text("cost line label", label, TEXT_NAME, err))
		return -1;
	return store_write(st, insert_line, &c, err);
}

static int update_line(struct store *st, void *arg, struct ft_error *err)
{
	const struct line_change *c = arg;
	int64_t project_id, id, other;
	int found;

	if (own_project_id(st, c->project, &project_id, err) ||
	    line_id(st, c->project, project_id, c->position, &id, err))
		return -1;
	if (c->new_position && strcmp(c->new_position, c->position) != 0) {
		if ((found = find_line(st, project_id, c->new_position, &other, err)) < 0)
			return -1;
		if (found)
			return ft_fail(err, "cost line '%s' of project '%s' already exists",
				       c->new_position, c->project);
	}
	return store_run(st,
			 "UPDATE plan_line SET position = coalesce(?2, position), "
			 "label = coalesce(?3, label), planned_cents = coalesce(?4, planned_cents) "
			 "WHERE id = ?1",
			 "cannot change the cost line", err, "itto", id, c->new_position, c->label,
			 c->amount);
}

int finplan_line_edit(struct store *st, const char *project, const char *position,
		      const char *new_position, const char *label, int64_t amount,
		      struct ft_error *err)
{
	struct line_change c = { project, position, new_position, label, amount };

	if ((new_position && check_position(new_position, err)) ||
	    (amount != -1 && check_amount(amount, err)))
		return -1;
	if (label && strspn(label, " \t") == strlen(label))
		return ft_fail(err, "cost line label must not be empty");
	if (check_text("cost line label", label, TEXT_NAME, err))
		return -1;
	if (!new_position && !label && amount == -1)
		return ft_fail(err, "nothing to change: give --position, --label or --amount");
	return store_write(st, update_line, &c, err);
}

static int delete_line(struct store *st, void *arg, struct ft_error *err)
{
	const struct line_change *c = arg;
	int64_t project_id, id, booking;
	int found;

	if (own_project_id(st, c->project, &project_id, err) ||
	    line_id(st, c->project, project_id, c->position, &id, err))
		return -1;
	found = store_lookup_id(st, "SELECT min(id) FROM project_booking WHERE line_id = ?2 "
				    "AND ?1 IS NOT DISTINCT FROM ?1 HAVING count(*) > 0",
				"", id, &booking, err);
	if (found < 0)
		return -1;
	if (found)
		return ft_fail(err, "cost line '%s' of project '%s' is named by project booking P%lld "
				    "and cannot be removed (renumber or relabel it with 'fundtrack "
				    "plan-line edit')",
			       c->position, c->project, (long long)booking);
	return store_run(st, "DELETE FROM plan_line WHERE id = ?1", "cannot remove the cost line",
			 err, "i", id);
}

int finplan_line_remove(struct store *st, const char *project, const char *position,
			struct ft_error *err)
{
	struct line_change c = { project, position, NULL, NULL, -1 };

	return store_write(st, delete_line, &c, err);
}

struct cover_change {
	const char *project, *source;
	int64_t amount;
};

static int write_cover(struct store *st, void *arg, struct ft_error *err)
{
	const struct cover_change *c = arg;
	int64_t project_id;

	if (own_project_id(st, c->project, &project_id, err))
		return -1;
	if (c->amount < 0)
		return store_run(st, "DELETE FROM plan_cover WHERE project_id = ?1 AND source = ?2",
				 "cannot remove the means of cover", err, "it", project_id,
				 c->source);
	return store_run(st,
			 "INSERT INTO plan_cover (project_id, source, amount_cents) VALUES (?1, ?2, ?3) "
			 "ON CONFLICT (project_id, source) DO UPDATE SET "
			 "amount_cents = excluded.amount_cents",
			 "cannot set the means of cover", err, "iti", project_id, c->source,
			 c->amount);
}

int finplan_cover_set(struct store *st, const char *project, const char *source,
		      int64_t amount, struct ft_error *err)
{
	struct cover_change c = { project, source, amount };

	if (!source || (strcmp(source, "own") != 0 && strcmp(source, "third-party") != 0 &&
			strcmp(source, "city") != 0))
		return ft_fail(err, "invalid means of cover '%s': expected one of own, "
				    "third-party, city (grants are the project's grant decisions)",
			       source ? source : "");
	if (amount != -1 && check_amount(amount, err))
		return -1;
	return store_write(st, write_cover, &c, err);
}

/* ---- project bookings ------------------------------------------------------ */

struct book_job {
	const struct project_booking_input *in;
	struct project_booking_result *out;
};

/* 1 when the grant takes part in an expenditure that arose on day: its
 * status lets it be booked on and spent (approved, running, proof-due:
 * closed and revoked grants are settled) and its approval period holds
 * the day (LHO NRW VV zu § 44: spending must fall inside the period).
 * Splitting bookings of the past (replay: a partner's delivery), every
 * grant the plan holds takes part - the plan holds only those whose status
 * counts as approved money, and a grant closed or revoked since was open
 * when the money was spent. */
static int grant_takes_part(const struct fp_cover *c, const char *day, int replay)
{
	return (replay || strcmp(c->status, "approved") == 0 ||
		strcmp(c->status, "running") == 0 || strcmp(c->status, "proof-due") == 0) &&
	       strcmp(day, c->from) >= 0 && strcmp(day, c->to) <= 0;
}

static const struct fp_cover *grant_cover(const struct finplan *p, int64_t grant_id)
{
	for (size_t i = 0; i < p->ncovers; i++)
		if (p->covers[i].source == FP_GRANT && p->covers[i].grant_id == grant_id)
			return &p->covers[i];
	return NULL;
}

/* Equal remainders go to grants by reference, then to own, third-party
 * and city money (finplan.h): the order a partner reading the exchange
 * file has too, whatever the row ids of the grants are there. */
static void rank_members(const struct finplan *p, struct fp_member *m, size_t n)
{
	const char *ref[64];

	for (size_t i = 0; i < n; i++)
		ref[i] = m[i].source == FP_GRANT ? grant_cover(p, m[i].grant_id)->name : NULL;
	for (size_t i = 0; i < n; i++) {
		m[i].rank = m[i].source == FP_GRANT ? 0 : 64 + (int)m[i].source;
		for (size_t j = 0; j < n && ref[i]; j++)
			if (ref[j] && strcmp(ref[j], ref[i]) < 0)
				m[i].rank++;
	}
}

static int build_members(const struct finplan *p, const char *day, int replay,
			 struct fp_member *m, size_t *n, struct ft_error *err)
{
	size_t grants = 0, count = 0;
	char shown[DATE_BUF];

	for (size_t i = 0; i < p->ncovers; i++) {
		const struct fp_cover *c = &p->covers[i];

		if (count == 64)
			return ft_fail(err, "project '%s' has more than 64 means of cover", p->code);
		if (c->source == FP_GRANT) {
			grants++;
			if (!grant_takes_part(c, day, replay))
				continue;
		}
		m[count] = (struct fp_member){ c->source, fp_financing_of(c->financing),
					       c->grant_id, c->planned, 0, 0 };
		count++;
	}
	if (!grants)
		return ft_fail(err, "project '%s' has no approved grant to book on (add one with "
				    "'fundtrack grant add')",
			       p->code);
	rank_members(p, m, count);
	for (size_t i = 0; i < count; i++)
		if (m[i].source == FP_GRANT) {
			*n = count;
			return 0;
		}
	date_format_de(day, shown);
	if (replay)
		return ft_fail(err, "no grant of project '%s' has an approval period holding %s, "
				    "the day the expenditure arose",
			       p->code, shown);
	return ft_fail(err, "no grant of project '%s' can take an expenditure of %s: none is "
			    "approved, running or proof-due with an approval period holding that "
			    "day (see 'fundtrack plan %s'); book it on a grant with 'fundtrack book "
			    "REF expenditure'",
		       p->code, shown, p->code);
}


static int record_share(struct project_booking_result *out, enum fp_source source,
			const char *ref, int64_t booking_id, int64_t amount)
{
	struct project_booking_share *s = &out->shares[out->nshares++];

	s->source = source;
	snprintf(s->ref, sizeof(s->ref), "%s", ref ? ref : "");
	s->booking_id = booking_id;
	s->amount = amount;
	return 0;
}

/* Writes the grant's share as its own booking and the share row; a
 * replayed share gets the next source id of its grant (finplan_allocate). */
static int insert_share(struct store *st, const struct book_job *job, const struct finplan *p,
			const struct fp_member *m, const char *note, int replay,
			struct ft_error *err)
{
	const struct project_booking_input *in = job->in;
	int64_t booking_id = 0;

	if (m->source == FP_GRANT) {
		if (store_run(st,
			      "INSERT INTO booking (grant_id, date, kind, amount_cents, reference, "
			      "note, service_date, source_id) VALUES (?1, ?2, 'expenditure', ?3, ?4, "
			      "?5, ?6, CASE WHEN ?7 <> 0 THEN (SELECT coalesce(max(source_id), 0) + 1 "
			      "FROM booking WHERE grant_id = ?1) END)",
			      "cannot add the grant's share", err, "itittti", m->grant_id, in->date,
			      m->share, in->reference, note, in->service_date, (int64_t)replay))
			return -1;
		booking_id = db_last_insert_rowid(store_db(st));
	}
	if (store_run(st,
		      "INSERT INTO project_booking_share (project_booking_id, source, booking_id, "
		      "amount_cents) VALUES (?1, ?2, ?3, ?4)",
		      "cannot record the share", err, "itoi", job->out->id,
		      fp_source_names[m->source], booking_id ? booking_id : -1, m->share))
		return -1;
	return record_share(job->out, m->source,
			    m->source == FP_GRANT ? grant_cover(p, m->grant_id)->name : NULL,
			    booking_id, m->share);
}

static int book_with_plan(struct store *st, struct book_job *job, const struct finplan *p,
			  struct ft_error *err)
{
	const struct project_booking_input *in = job->in;
	const char *day = in->service_date ? in->service_date : in->date;
	struct fp_member members[64];
	char note[FT_ERROR_MSG_MAX + 64];
	int64_t line = -1;
	size_t n = 0;

	if (in->line && line_id(st, p->code, p->project_id, in->line, &line, err))
		return -1;
	if (build_members(p, day, 0, members, &n, err) ||
	    finplan_split(members, n, p->spent > 0 ? p->spent : 0, in->amount, err))
		return -1;
	if (store_run(st,
		      "INSERT INTO project_booking (project_id, line_id, date, service_date, kind, "
		      "amount_cents, reference, note) VALUES (?1, ?2, ?3, ?4, 'expenditure', ?5, "
		      "?6, ?7)",
		      "cannot add the project booking", err, "iottitt", p->project_id, line,
		      in->date, in->service_date, in->amount, in->reference, in->note))
		return -1;
	job->out->id = db_last_insert_rowid(store_db(st));
	snprintf(note, sizeof(note), "%s%sAnteil an Projektbuchung P%lld (%s)",
		 in->note ? in->note : "", in->note ? " - " : "", (long long)job->out->id, p->code);
	for (size_t i = 0; i < n; i++)
		if (members[i].share && insert_share(st, job, p, &members[i], note, 0, err))
			return -1;
	return 0;
}

/* The plan as recorded so far: every booking, whatever its date. */
#define FP_ALL_DAYS "9999-12-31"

static int insert_project_booking(struct store *st, void *arg, struct ft_error *err)
{
	struct book_job *job = arg;
	struct finplan p;
	int rc;

	if (finplan_load(st, job->in->project, FP_ALL_DAYS, &p, err))
		return -1;
	rc = book_with_plan(st, job, &p, err);
	finplan_release(&p);
	return rc;
}

int finplan_book(struct store *st, const struct project_booking_input *in,
		 struct project_booking_result *out, struct ft_error *err)
{
	struct book_job job = { in, out };

	memset(out, 0, sizeof(*out));
	if (check_text("booking reference", in->reference, TEXT_FREE, err) ||
	    check_text("booking note", in->note, TEXT_FREE, err))
		return -1;
	if (!date_is_valid_iso(in->date))
		return ft_fail(err, "invalid date '%s'", in->date);
	if (in->service_date && !date_is_valid_iso(in->service_date))
		return ft_fail(err, "invalid service date '%s'", in->service_date);
	if (in->amount <= 0 || !money_in_domain(in->amount))
		return ft_fail(err, "booking amount must be positive; to correct a booking, "
				    "reverse it with 'fundtrack book PROJECT --reverses ID'");
	if (store_write(st, insert_project_booking, &job, err)) {
		memset(out, 0, sizeof(*out));
		return -1;
	}
	return 0;
}

/* ---- reversal ----------------------------------------------------------------- */

struct reverse_job {
	const char *project;
	int64_t id;
	const char *date, *note;
	struct project_booking_result *out;
};

/* Checks that id is an original booking of the project, not reversed yet. */
static int check_reversible(struct store *st, const struct reverse_job *r, int64_t project_id,
			    struct ft_error *err)
{
	struct db_stmt *stmt;
	int rc;

	if (store_prepare(st,
			  "SELECT b.reverses_id, (SELECT x.id FROM project_booking x WHERE "
			  "x.reverses_id = b.id) FROM project_booking b WHERE b.id = ?1 AND "
			  "b.project_id = ?2",
			  &stmt, err))
		return -1;
	db_bind_int64(stmt, 1, r->id);
	db_bind_int64(stmt, 2, project_id);
	rc = db_step(stmt);
	if (rc == DB_DONE)
		ft_fail(err, "no project booking P%lld on project '%s' (see 'fundtrack plan %s')",
			(long long)r->id, r->project, r->project);
	else if (rc == DB_ROW && db_column_type(stmt, 0) != DB_NULL)
		ft_fail(err, "project booking P%lld is itself a reversal of P%lld and cannot be "
			     "reversed; book the amount anew instead",
			(long long)r->id, (long long)db_column_int64(stmt, 0));
	else if (rc == DB_ROW && db_column_type(stmt, 1) != DB_NULL)
		ft_fail(err, "project booking P%lld was already reversed by P%lld", (long long)r->id,
			(long long)db_column_int64(stmt, 1));
	else if (rc != DB_ROW)
		store_fail(st, err, "cannot read the project booking");
	else
		rc = DB_OK;
	db_finalize(stmt);
	return rc == DB_OK ? 0 : -1;
}

static int reverse_shares(struct store *st, struct reverse_job *r, const char *note, int replay,
			  struct ft_error *err)
{
	struct db_stmt *stmt;
	int rc, failed = 0;

	if (store_prepare(st,
			  "SELECT s.source, s.booking_id, s.amount_cents, g.ref FROM "
			  "project_booking_share s LEFT JOIN booking b ON b.id = s.booking_id "
			  "LEFT JOIN \"grant\" g ON g.id = b.grant_id WHERE s.project_booking_id = ?1 "
			  "ORDER BY s.id",
			  &stmt, err))
		return -1;
	db_bind_int64(stmt, 1, r->id);
	while (!failed && (rc = db_step(stmt)) == DB_ROW) {
		const char *source = (const char *)db_column_text(stmt, 0);
		int64_t booking = db_column_int64(stmt, 1), amount = db_column_int64(stmt, 2);
		int64_t reversal = -1;
		enum fp_source s = FP_GRANT;

		for (int i = 0; i < FP_NSOURCES; i++)
			if (strcmp(source, fp_source_names[i]) == 0)
				s = (enum fp_source)i;
		if (s == FP_GRANT) {
			failed = store_run(st,
					   "INSERT INTO booking (grant_id, date, kind, amount_cents, "
					   "reference, note, reverses_id, service_date, source_id) "
					   "SELECT grant_id, ?2, kind, -amount_cents, reference, ?3, id, "
					   "service_date, CASE WHEN ?4 <> 0 THEN (SELECT coalesce(max(x.source_id), "
					   "0) + 1 FROM booking x WHERE x.grant_id = b.grant_id) END "
					   "FROM booking b WHERE id = ?1",
					   "cannot reverse the grant's share", err, "itti", booking,
					   r->date, note, (int64_t)replay) != 0;
			reversal = db_last_insert_rowid(store_db(st));
		}
		failed = failed ||
			 store_run(st,
				   "INSERT INTO project_booking_share (project_booking_id, source, "
				   "booking_id, amount_cents) VALUES (?1, ?2, ?3, ?4)",
				   "cannot record the reversed share", err, "itoi", r->out->id, source,
				   reversal, -amount) != 0;
		if (!failed)
			record_share(r->out, s, (const char *)db_column_text(stmt, 3),
				     reversal > 0 ? reversal : 0, -amount);
	}
	if (!failed && rc != DB_DONE)
		failed = store_fail(st, err, "cannot read the shares") != 0;
	db_finalize(stmt);
	return failed ? -1 : 0;
}

static int insert_project_reversal(struct store *st, void *arg, struct ft_error *err)
{
	struct reverse_job *r = arg;
	char note[64];
	int64_t project_id;

	if (own_project_id(st, r->project, &project_id, err) ||
	    check_reversible(st, r, project_id, err))
		return -1;
	snprintf(note, sizeof(note), "Storno von Projektbuchung P%lld", (long long)r->id);
	if (store_run(st,
		      "INSERT INTO project_booking (project_id, line_id, date, service_date, kind, "
		      "amount_cents, reference, note, reverses_id) SELECT project_id, line_id, ?2, "
		      "service_date, kind, -amount_cents, reference, coalesce(?3, ?4), id "
		      "FROM project_booking WHERE id = ?1",
		      "cannot write the reversal", err, "ittt", r->id, r->date, r->note, note))
		return -1;
	r->out->id = db_last_insert_rowid(store_db(st));
	return reverse_shares(st, r, r->note ? r->note : note, 0, err);
}

int finplan_reverse(struct store *st, const char *project, int64_t id, const char *date,
		    const char *note, struct project_booking_result *out, struct ft_error *err)
{
	char today[DATE_BUF];
	struct reverse_job r = { project, id, date, note, out };

	memset(out, 0, sizeof(*out));
	if (check_text("booking note", note, TEXT_FREE, err))
		return -1;
	if (!date) {
		date_today(today);
		r.date = today;
	}
	if (store_write(st, insert_project_reversal, &r, err)) {
		memset(out, 0, sizeof(*out));
		return -1;
	}
	return 0;
}

/* ---- a partner's project bookings (exchange import) ------------------------ */

static int compare_booking_ids(const void *pa, const void *pb)
{
	const struct fp_booking *a = pa, *b = pb;

	return (a->id > b->id) - (a->id < b->id);
}

/* 1 when the booking has its shares already, 0 when not, -1 on error. */
static int has_shares(struct store *st, int64_t id, struct ft_error *err)
{
	int64_t any;

	return store_lookup_id(st, "SELECT min(id) FROM project_booking_share WHERE "
				   "project_booking_id = ?2 AND ?1 IS NOT DISTINCT FROM ?1 HAVING count(*) > 0",
			       "", id, &any, err);
}

/* One booking of the plan p, split after spent (its predecessors' sum). */
static int allocate_one(struct store *st, const struct finplan *p, const struct fp_booking *b,
			int64_t spent, struct ft_error *err)
{
	struct project_booking_result out = { .id = b->id };
	char note[160];

	snprintf(note, sizeof(note), "%s Projektbuchung P%lld (%s)",
		 b->reverses_id ? "Storno der Anteile an" : "Anteil an", (long long)b->id, p->code);
	if (b->reverses_id) {
		struct reverse_job r = { p->code, b->reverses_id, b->date, NULL, &out };

		return reverse_shares(st, &r, note, 1, err);
	} else {
		struct project_booking_input in = { p->code,
						    b->amount,
						    b->date,
						    b->service_date[0] ? b->service_date : NULL,
						    b->line,
						    b->reference,
						    NULL };
		struct book_job job = { &in, &out };
		struct fp_member members[64];
		size_t n = 0;

		if (build_members(p, in.service_date ? in.service_date : in.date, 1, members, &n,
				  err) ||
		    finplan_split(members, n, spent > 0 ? spent : 0, b->amount, err))
			return -1;
		for (size_t i = 0; i < n; i++)
			if (members[i].share &&
			    insert_share(st, &job, p, &members[i], note, 1, err))
				return -1;
	}
	return 0;
}

int finplan_allocate(struct store *st, int64_t project_id, int64_t *failed, struct ft_error *err)
{
	struct finplan p;
	int64_t spent = 0;
	int rc = 0;

	*failed = 0;
	if (finplan_load_project_id(st, project_id, &p, err))
		return -1;
	qsort(p.bookings, p.nbookings, sizeof(p.bookings[0]), compare_booking_ids);
	for (size_t i = 0; i < p.nbookings && rc == 0; i++) {
		int done = has_shares(st, p.bookings[i].id, err);

		if (done < 0 || (!done && allocate_one(st, &p, &p.bookings[i], spent, err))) {
			*failed = p.bookings[i].id;
			rc = -1;
		}
		spent += p.bookings[i].amount;
	}
	finplan_release(&p);
	return rc;
}

/* ---- can a reader split them the same way? ---------------------------------- */

/* 1 when the recorded shares of booking id are those of m[0..n) (each
 * non-zero member one row of its source and grant, same amount). */
static int shares_match(struct store *st, int64_t id, const struct fp_member *m, size_t n,
			struct ft_error *err)
{
	struct db_stmt *stmt;
	size_t rows = 0, expected = 0;
	int rc, same = 1;

	for (size_t i = 0; i < n; i++)
		expected += m[i].share != 0;
	if (store_prepare(st,
			  "SELECT s.source, b.grant_id, s.amount_cents FROM project_booking_share s "
			  "LEFT JOIN booking b ON b.id = s.booking_id WHERE s.project_booking_id = ?1",
			  &stmt, err))
		return -1;
	db_bind_int64(stmt, 1, id);
	while ((rc = db_step(stmt)) == DB_ROW) {
		const char *source = (const char *)db_column_text(stmt, 0);
		int64_t grant = db_column_int64(stmt, 1), amount = db_column_int64(stmt, 2);
		int found = 0;

		rows++;
		for (size_t i = 0; i < n && !found; i++)
			found = m[i].share == amount &&
				strcmp(fp_source_names[m[i].source], source) == 0 &&
				(m[i].source != FP_GRANT || m[i].grant_id == grant);
		same = same && found;
	}
	db_finalize(stmt);
	if (rc != DB_DONE)
		return store_fail(st, err, "cannot read the shares");
	return same && rows == expected;
}

int finplan_split_reproducible(struct store *st, int64_t project_id, int64_t *differs,
			       struct ft_error *err)
{
	struct finplan p;
	struct ft_error ignored;
	int64_t spent = 0;
	int rc = 0;

	*differs = 0;
	if (finplan_load_project_id(st, project_id, &p, err))
		return -1;
	qsort(p.bookings, p.nbookings, sizeof(p.bookings[0]), compare_booking_ids);
	for (size_t i = 0; i < p.nbookings && rc == 0; i++) {
		const struct fp_booking *b = &p.bookings[i];
		struct fp_member m[64];
		size_t n = 0;

		/* a reversal negates its original's shares: it matches when they do;
		 * a booking the reader cannot split at all does not match */
		if (!b->reverses_id) {
			int same = 0;

			if (build_members(&p, b->service_date[0] ? b->service_date : b->date, 1, m,
					  &n, &ignored) == 0 &&
			    finplan_split(m, n, spent > 0 ? spent : 0, b->amount, &ignored) == 0)
				same = shares_match(st, b->id, m, n, err);
			if (same < 0) {
				rc = -1;
			} else if (!same) {
				*differs = b->id;
				rc = 1;
			}
		}
		spent += b->amount;
	}
	finplan_release(&p);
	return rc;
}
