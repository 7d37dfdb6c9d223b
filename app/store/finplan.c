/* finplan.c - the split of a project expenditure over its means of cover,
 * and the financing plan as recorded (see finplan.h). */
#include "finplan.h"

#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "intmath.h"
#include "ledger.h"
#include "money.h"
#include "vec.h"

const char *const fp_source_names[FP_NSOURCES] = { "grant", "own", "third-party", "city" };

/* ---- the split ----------------------------------------------------------- */

enum fp_layer { LAYER_FULL, LAYER_PRO_RATA, LAYER_DEFICIT, NLAYERS };

static enum fp_layer layer_of(const struct fp_member *m)
{
	if (m->source != FP_GRANT)
		return LAYER_PRO_RATA;
	switch (m->financing) {
	case FP_FULL:
		return LAYER_FULL;
	case FP_DEFICIT:
		return LAYER_DEFICIT;
	default:
		return LAYER_PRO_RATA;
	}
}

/* The part of [start, start + amount) inside [lo, lo + size). */
static int64_t overlap(int64_t start, int64_t amount, int64_t lo, int64_t size)
{
	int64_t from = start > lo ? start : lo;
	int64_t to = start + amount < lo + size ? start + amount : lo + size;

	return to > from ? to - from : 0;
}

/* Gives part (cents) to the members of layer by weight, largest remainder
 * first (equal remainders: the earlier member). total = their weights. */
static void share_out(struct fp_member *m, size_t n, enum fp_layer layer, int64_t part,
		      int64_t total)
{
	ft_i128 rest[64];
	int64_t given = 0;

	for (size_t i = 0; i < n; i++) {
		ft_i128 product = (ft_i128)part * m[i].weight;

		rest[i] = -1;
		if (layer_of(&m[i]) != layer || m[i].weight == 0)
			continue;
		m[i].share += (int64_t)(product / total);
		given += (int64_t)(product / total);
		rest[i] = product % total;
	}
	while (given < part) {
		size_t best = n;

		for (size_t i = 0; i < n; i++)
			if (rest[i] >= 0 &&
			    (best == n || rest[i] > rest[best] ||
			     (rest[i] == rest[best] && m[i].rank < m[best].rank)))
				best = i;
		m[best].share++;
		rest[best] = -1;
		given++;
	}
}

int finplan_split(struct fp_member *members, size_t n, int64_t spent_before, int64_t amount,
		  struct ft_error *err)
{
	int64_t size[NLAYERS] = { 0 }, lo = 0, beyond;
	size_t own = n;

	if (n > 64)
		return ft_fail(err, "a project booking can be split over at most 64 means of cover");
	if (amount <= 0 || !money_in_domain(amount) || spent_before < 0 ||
	    !money_in_domain(spent_before))
		return ft_fail(err, "amount out of range for a project booking");
	for (size_t i = 0; i < n; i++) {
		members[i].share = 0;
		if (members[i].weight < 0 || !money_in_domain(members[i].weight))
			return ft_fail(err, "planned amount out of range in the financing plan");
		size[layer_of(&members[i])] += members[i].weight; /* <= 64 x 10^13 */
		if (members[i].source == FP_OWN && own == n)
			own = i;
	}
	if (own == n)
		return ft_fail(err, "the split needs the own funds as a means of cover");
	beyond = amount;
	for (int layer = 0; layer < NLAYERS; layer++) {
		int64_t part = overlap(spent_before, amount, lo, size[layer]);

		if (part)
			share_out(members, n, (enum fp_layer)layer, part, size[layer]);
		beyond -= part;
		lo += size[layer];
	}
	members[own].share += beyond; /* above every means of cover: own funds */
	return 0;
}

/* ---- loading the plan --------------------------------------------------- */

static char *dup_text(struct db_stmt *stmt, int col, int *oom)
{
	const unsigned char *text = db_column_text(stmt, col);
	char *copy;

	if (!text)
		return NULL;
	if (!(copy = strdup((const char *)text)))
		*oom = 1;
	return copy;
}

static void copy_text(struct db_stmt *stmt, int col, char *out, size_t size)
{
	const unsigned char *text = db_column_text(stmt, col);

	snprintf(out, size, "%s", text ? (const char *)text : "");
}

/* Compares cost-line positions part by part, numbers by value: 1.2 < 1.10. */
static int compare_positions(const char *a, const char *b)
{
	while (*a && *b) {
		if (*a >= '0' && *a <= '9' && *b >= '0' && *b <= '9') {
			char *ea, *eb;
			unsigned long long x = strtoull(a, &ea, 10), y = strtoull(b, &eb, 10);

			if (x != y)
				return x < y ? -1 : 1;
			a = ea;
			b = eb;
			continue;
		}
		if (*a != *b)
			return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
		a++;
		b++;
	}
	return (*a != '\0') - (*b != '\0');
}

static int compare_lines(const void *pa, const void *pb)
{
	const struct fp_line *a = pa, *b = pb;

	return compare_positions(a->position, b->position);
}

struct loader {
	struct finplan *p;
	const char *as_of;
	int oom;
};

static int load_lines(struct store *st, struct loader *l, struct ft_error *err)
{
	struct finplan *p = l->p;
	struct db_stmt *stmt;
	size_t cap = 0;
	int rc;

	if (store_prepare(st,
			  "SELECT l.id, l.position, l.label, l.planned_cents, "
			  "(SELECT coalesce(sum(b.amount_cents), 0) FROM project_booking b "
			  " WHERE b.line_id = l.id AND b.date <= ?2) "
			  "FROM plan_line l WHERE l.project_id = ?1",
			  &stmt, err))
		return -1;
	db_bind_int64(stmt, 1, p->project_id);
	db_bind_text(stmt, 2, l->as_of);
	while ((rc = db_step(stmt)) == DB_ROW) {
		struct fp_line *line = VEC_PUSH(p->lines, p->nlines, cap);

		if (!line) {
			l->oom = 1;
			break;
		}
		line->id = db_column_int64(stmt, 0);
		line->position = dup_text(stmt, 1, &l->oom);
		line->label = dup_text(stmt, 2, &l->oom);
		line->planned = db_column_int64(stmt, 3);
		line->actual = db_column_int64(stmt, 4);
		p->lines_planned += line->planned;
		p->lines_actual += line->actual;
	}
	db_finalize(stmt);
	if (rc != DB_DONE && rc != DB_ROW)
		return store_fail(st, err, "cannot read the cost lines");
	if (p->nlines > 1)
		qsort(p->lines, p->nlines, sizeof(p->lines[0]), compare_lines);
	return 0;
}

enum fp_financing fp_financing_of(const char *word)
{
	static const char *const words[] = { "share", "deficit", "fixed", "full" };

	for (int i = 0; i < 4; i++)
		if (strcmp(word, words[i]) == 0)
			return (enum fp_financing)i;
	return FP_SHARE;
}

static int load_grants(struct store *st, struct loader *l, size_t *cap, struct ft_error *err)
{
	struct finplan *p = l->p;
	struct db_stmt *stmt;
	int rc;

	if (store_prepare(st,
			  "SELECT g.id, g.ref, f.level, g.financing, g.approved_cents, g.status, "
			  "g.period_from, g.period_to, "
			  "(SELECT coalesce(sum(b.amount_cents), 0) FROM booking b WHERE "
			  " b.grant_id = g.id AND b.kind = 'expenditure' AND b.date <= ?2), "
			  "(SELECT coalesce(sum(s.amount_cents), 0) FROM project_booking_share s "
			  " JOIN booking b ON b.id = s.booking_id WHERE b.grant_id = g.id "
			  " AND b.date <= ?2) "
			  "FROM \"grant\" g JOIN programme pr ON pr.id = g.programme_id "
			  "JOIN funder f ON f.id = pr.funder_id WHERE g.project_id = ?1 ORDER BY g.id",
			  &stmt, err))
		return -1;
	db_bind_int64(stmt, 1, p->project_id);
	db_bind_text(stmt, 2, l->as_of);
	while ((rc = db_step(stmt)) == DB_ROW) {
		struct fp_cover *c;

		if (!ledger_status_counts((const char *)db_column_text(stmt, 5)))
			continue;
		if (!(c = VEC_PUSH(p->covers, p->ncovers, *cap))) {
			l->oom = 1;
			break;
		}
		c->source = FP_GRANT;
		c->grant_id = db_column_int64(stmt, 0);
		c->name = dup_text(stmt, 1, &l->oom);
		c->level = dup_text(stmt, 2, &l->oom);
		copy_text(stmt, 3, c->financing, sizeof(c->financing));
		c->planned = db_column_int64(stmt, 4);
		copy_text(stmt, 5, c->status, sizeof(c->status));
		copy_text(stmt, 6, c->from, sizeof(c->from));
		copy_text(stmt, 7, c->to, sizeof(c->to));
		c->actual = db_column_int64(stmt, 8);
		c->from_project = db_column_int64(stmt, 9);
		p->grants_planned += c->planned;
	}
	db_finalize(stmt);
	if (rc != DB_DONE && rc != DB_ROW)
		return store_fail(st, err, "cannot read the grants of the project");
	return 0;
}

/* The own / third-party / city entries: recorded amounts, or, when none is
 * recorded, own and third-party funds as planned costs minus the grants. */
static int load_other_covers(struct store *st, struct loader *l, size_t *cap,
			     struct ft_error *err)
{
	struct finplan *p = l->p;
	struct db_stmt *stmt;
	int rc = DB_DONE;

	if (store_prepare(st,
			  "SELECT (SELECT amount_cents FROM plan_cover WHERE project_id = ?1 AND "
			  "source = ?3), (SELECT coalesce(sum(s.amount_cents), 0) FROM "
			  "project_booking_share s JOIN project_booking b ON "
			  "b.id = s.project_booking_id WHERE b.project_id = ?1 AND s.source = ?3 AND "
			  "b.date <= ?2)",
			  &stmt, err))
		return -1;
	db_bind_int64(stmt, 1, p->project_id);
	db_bind_text(stmt, 2, l->as_of);
	for (int s = FP_OWN; s < FP_NSOURCES && !l->oom; s++) {
		int recorded;
		int64_t planned, actual;
		struct fp_cover *c;

		db_bind_text(stmt, 3, fp_source_names[s]);
		if ((rc = db_step(stmt)) != DB_ROW)
			break;
		recorded = db_column_type(stmt, 0) != DB_NULL;
		planned = db_column_int64(stmt, 0);
		actual = db_column_int64(stmt, 1);
		db_reset(stmt);
		rc = DB_DONE;
		p->covers_recorded |= recorded;
		if (!recorded && s != FP_OWN && !actual)
			continue;
		if (!(c = VEC_PUSH(p->covers, p->ncovers, *cap))) {
			l->oom = 1;
			break;
		}
		c->source = (enum fp_source)s;
		c->planned = planned;
		c->actual = c->from_project = actual;
	}
	db_finalize(stmt);
	if (rc != DB_DONE)
		return store_fail(st, err, "cannot read the means of cover");
	if (!p->covers_recorded)
		for (size_t i = 0; i < p->ncovers; i++)
			if (p->covers[i].source == FP_OWN)
				p->covers[i].planned = p->planned > p->grants_planned
							       ? p->planned - p->grants_planned
							       : 0;
	return 0;
}

static int load_bookings(struct store *st, struct loader *l, struct ft_error *err)
{
	struct finplan *p = l->p;
	struct db_stmt *stmt;
	size_t cap = 0;
	int rc;

	if (store_prepare(st,
			  "SELECT b.id, b.date, b.service_date, l.position, b.amount_cents, "
			  "b.reference, b.reverses_id FROM project_booking b "
			  "LEFT JOIN plan_line l ON l.id = b.line_id "
			  "WHERE b.project_id = ?1 AND b.date <= ?2 ORDER BY b.date, b.id",
			  &stmt, err))
		return -1;
	db_bind_int64(stmt, 1, p->project_id);
	db_bind_text(stmt, 2, l->as_of);
	while ((rc = db_step(stmt)) == DB_ROW) {
		struct fp_booking *b = VEC_PUSH(p->bookings, p->nbookings, cap);

		if (!b) {
			l->oom = 1;
			break;
		}
		b->id = db_column_int64(stmt, 0);
		copy_text(stmt, 1, b->date, sizeof(b->date));
		copy_text(stmt, 2, b->service_date, sizeof(b->service_date));
		b->line = dup_text(stmt, 3, &l->oom);
		b->amount = db_column_int64(stmt, 4);
		b->reference = dup_text(stmt, 5, &l->oom);
		b->reverses_id = db_column_int64(stmt, 6);
		p->spent += b->amount;
	}
	db_finalize(stmt);
	if (rc != DB_DONE && rc != DB_ROW)
		return store_fail(st, err, "cannot read the project bookings");
	return 0;
}

/* Fills l->p (project_id, code and costs set) inside a read transaction. */
static int load_plan(struct store *st, struct loader *l, struct ft_error *err)
{
	struct finplan *p = l->p;
	size_t cap = 0;

	if (load_lines(st, l, err) || load_grants(st, l, &cap, err))
		return -1;
	p->planned = p->nlines ? p->lines_planned : p->costs >= 0 ? p->costs : p->grants_planned;
	if (load_other_covers(st, l, &cap, err) || load_bookings(st, l, err))
		return -1;
	if (l->oom)
		return ft_fail(err, "out of memory");
	return 0;
}

struct load_one {
	const char *code;
	struct loader l;
};

static int load_one_project(struct store *st, void *arg, struct ft_error *err)
{
	struct load_one *job = arg;
	struct finplan *p = job->l.p;
	struct db_stmt *stmt;
	int rc;

	if (store_prepare(st,
			  "SELECT p.id, p.code, p.costs_cents FROM project p JOIN city c ON "
			  "c.id = p.city_id WHERE c.own = 1 AND p.code = ?1",
			  &stmt, err))
		return -1;
	db_bind_text(stmt, 1, job->code);
	rc = db_step(stmt);
	if (rc == DB_ROW) {
		p->project_id = db_column_int64(stmt, 0);
		p->code = dup_text(stmt, 1, &job->l.oom);
		p->costs = db_column_type(stmt, 2) == DB_NULL
				   ? -1
				   : db_column_int64(stmt, 2);
	}
	db_finalize(stmt);
	if (rc == DB_DONE)
		return ft_fail(err, "no project '%s' in this city (see 'fundtrack project list')",
			       job->code);
	if (rc != DB_ROW)
		return store_fail(st, err, "cannot read the project");
	return load_plan(st, &job->l, err);
}

static void resolve_as_of(const char *as_of, char out[DATE_BUF])
{
	if (as_of && *as_of)
		snprintf(out, DATE_BUF, "%s", as_of);
	else
		date_today(out);
}

int finplan_load(struct store *st, const char *code, const char *as_of, struct finplan *out,
		 struct ft_error *err)
{
	char day[DATE_BUF];
	struct load_one job = { code, { out, day, 0 } };

	memset(out, 0, sizeof(*out));
	resolve_as_of(as_of, day);
	if (store_read(st, load_one_project, &job, err)) {
		finplan_release(out);
		return -1;
	}
	return 0;
}

struct load_by_id {
	int64_t id;
	struct loader l;
};

static int load_project_by_id(struct store *st, struct load_by_id *job, struct ft_error *err)
{
	struct finplan *p = job->l.p;
	struct db_stmt *stmt;
	int rc;

	if (store_prepare(st, "SELECT code, costs_cents FROM project WHERE id = ?1", &stmt, err))
		return -1;
	db_bind_int64(stmt, 1, job->id);
	rc = db_step(stmt);
	if (rc == DB_ROW) {
		p->project_id = job->id;
		p->code = dup_text(stmt, 0, &job->l.oom);
		p->costs = db_column_type(stmt, 1) == DB_NULL
				   ? -1
				   : db_column_int64(stmt, 1);
	}
	db_finalize(stmt);
	if (rc == DB_DONE)
		return ft_fail(err, "no project with id %lld", (long long)job->id);
	if (rc != DB_ROW)
		return store_fail(st, err, "cannot read the project");
	return load_plan(st, &job->l, err);
}

int finplan_load_project_id(struct store *st, int64_t project_id, struct finplan *out,
			    struct ft_error *err)
{
	struct load_by_id job = { project_id, { out, "9999-12-31", 0 } };

	memset(out, 0, sizeof(*out));
	if (load_project_by_id(st, &job, err)) {
		finplan_release(out);
		return -1;
	}
	return 0;
}

struct load_many {
	struct finplan *plans;
	size_t n, cap;
	const char *as_of;
};

static int load_every_project(struct store *st, void *arg, struct ft_error *err)
{
	struct load_many *job = arg;
	struct db_stmt *stmt;
	int rc, oom = 0;

	if (store_prepare(st,
			  "SELECT p.id, p.code, p.costs_cents FROM project p JOIN city c ON "
			  "c.id = p.city_id WHERE c.own = 1 AND ("
			  " EXISTS (SELECT 1 FROM plan_line l WHERE l.project_id = p.id) OR"
			  " EXISTS (SELECT 1 FROM plan_cover v WHERE v.project_id = p.id) OR"
			  " EXISTS (SELECT 1 FROM project_booking b WHERE b.project_id = p.id)) "
			  "ORDER BY p.code",
			  &stmt, err))
		return -1;
	while ((rc = db_step(stmt)) == DB_ROW) {
		struct finplan *p = VEC_PUSH(job->plans, job->n, job->cap);

		if (!p) {
			oom = 1;
			break;
		}
		p->project_id = db_column_int64(stmt, 0);
		p->code = dup_text(stmt, 1, &oom);
		p->costs = db_column_type(stmt, 2) == DB_NULL
				   ? -1
				   : db_column_int64(stmt, 2);
	}
	db_finalize(stmt);
	if (oom)
		return ft_fail(err, "out of memory");
	if (rc != DB_DONE)
		return store_fail(st, err, "cannot read the projects");
	for (size_t i = 0; i < job->n; i++) {
		struct loader l = { &job->plans[i], job->as_of, 0 };

		if (load_plan(st, &l, err))
			return -1;
	}
	return 0;
}

int finplan_load_all(struct store *st, const char *as_of, struct finplan **out, size_t *n,
		     struct ft_error *err)
{
	char day[DATE_BUF];
	struct load_many job = { NULL, 0, 0, day };

	resolve_as_of(as_of, day);
	*out = NULL;
	*n = 0;
	if (store_read(st, load_every_project, &job, err)) {
		finplan_release_all(job.plans, job.n);
		return -1;
	}
	*out = job.plans;
	*n = job.n;
	return 0;
}

void finplan_release(struct finplan *p)
{
	for (size_t i = 0; i < p->nlines; i++) {
		free(p->lines[i].position);
		free(p->lines[i].label);
	}
	for (size_t i = 0; i < p->ncovers; i++) {
		free(p->covers[i].name);
		free(p->covers[i].level);
	}
	for (size_t i = 0; i < p->nbookings; i++) {
		free(p->bookings[i].line);
		free(p->bookings[i].reference);
	}
	free(p->lines);
	free(p->covers);
	free(p->bookings);
	free(p->code);
	memset(p, 0, sizeof(*p));
}

void finplan_release_all(struct finplan *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		finplan_release(&p[i]);
	free(p);
}
