#include "grantset.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "ledger.h"
#include "money.h"
#include "vec.h"

const char *const gs_level_names[GS_NLEVELS] = { "eu",	  "federal",	"state",
						  "municipal", "other-public", "foundation" };

static const char *const kind_names[] = { "drawdown", "expenditure", "repayment", "interest" };

/* ---- small helpers ---------------------------------------------------- */

static char *dup_text(struct db_stmt *stmt, int col)
{
	const unsigned char *text = db_column_text(stmt, col);

	return text ? strdup((const char *)text) : NULL;
}

static void copy_date(struct db_stmt *stmt, int col, char out[DATE_BUF])
{
	const unsigned char *text = db_column_text(stmt, col);

	snprintf(out, DATE_BUF, "%s", text ? (const char *)text : "");
}

static int64_t int_or(struct db_stmt *stmt, int col, int64_t fallback)
{
	if (db_column_type(stmt, col) == DB_NULL)
		return fallback;
	return db_column_int64(stmt, col);
}

static int level_of(const char *text)
{
	for (int i = 0; i < GS_NLEVELS; i++)
		if (text && strcmp(text, gs_level_names[i]) == 0)
			return i;
	return GS_MUNICIPAL;
}

static enum gs_kind kind_of(const char *text)
{
	for (int i = 0; i < 4; i++)
		if (text && strcmp(text, kind_names[i]) == 0)
			return (enum gs_kind)i;
	return GS_INTEREST;
}

int gs_grant_active(const struct gs_grant *g)
{
	return g->counted && (strcmp(g->status, "approved") == 0 ||
			      strcmp(g->status, "running") == 0 ||
			      strcmp(g->status, "proof-due") == 0);
}

/* ---- loading ---------------------------------------------------------- */

/* Where the city is chosen: prepare_scoped puts " c.id = ?9 " there for
 * one city (selected by its id, so SQLite reads that city's rows through
 * the indexes and never the other cities'), " 1 " for every city. */
#define SCOPE " @SCOPE@ "
/* store_prepare for sql with SCOPE: city is a city id, 0 for every city. */
static int prepare_scoped(struct store *st, int64_t city, const char *sql, struct db_stmt **out,
			  struct ft_error *err)
{
	const char *mark = strstr(sql, "@SCOPE@"), *scope = city ? "c.id = ?9" : "1 = 1";
	size_t len = strlen(sql) + 16;
	char *text = malloc(len);
	int rc;

	if (!text)
		return ft_fail(err, "out of memory");
	snprintf(text, len, "%.*s%s%s", (int)(mark - sql), sql, scope, mark + strlen("@SCOPE@"));
	rc = store_prepare(st, text, out, err);
	free(text);
	if (rc == 0 && city)
		db_bind_int64(*out, 9, city);
	return rc;
}

/* a withdrawn grant (ledger_fix.h) counts nowhere: not loaded at all */
#define LIVE_GRANTS " AND g.status <> 'withdrawn' "

static int load_projects(struct grantset *gs, struct store *st, int64_t city, struct ft_error *err)
{
	struct db_stmt *stmt;
	size_t cap = 0;
	int rc;

	if (prepare_scoped(st, city,
			  "SELECT p.id, p.code, p.title, p.field, d.code, c.name, p.start_date,"
			  " p.end_date, p.costs_cents, p.predecessor_id "
			  "FROM project p JOIN city c ON c.id = p.city_id "
			  "LEFT JOIN district d ON d.id = p.district_id WHERE" SCOPE "ORDER BY p.id",
			  &stmt, err))
		return -1;
	while ((rc = db_step(stmt)) == DB_ROW) {
		struct gs_project *p;

		if (VEC_RESERVE(gs->projects, cap, gs->nprojects + 1))
			break;
		p = &gs->projects[gs->nprojects++];
		memset(p, 0, sizeof(*p));
		p->id = db_column_int64(stmt, 0);
		p->code = dup_text(stmt, 1);
		p->title = dup_text(stmt, 2);
		p->field = dup_text(stmt, 3);
		p->district = dup_text(stmt, 4);
		p->city = dup_text(stmt, 5);
		copy_date(stmt, 6, p->start);
		copy_date(stmt, 7, p->end);
		p->costs = int_or(stmt, 8, -1);
		p->predecessor_id = int_or(stmt, 9, 0);
		if (!p->code || !p->title || !p->field || !p->city ||
		    (!p->district && db_column_type(stmt, 4) != DB_NULL))
			break;
	}
	db_finalize(stmt);
	if (rc == DB_ROW)
		return ft_fail(err, "out of memory");
	if (rc != DB_DONE)
		return store_fail(st, err, "cannot read projects");
	return 0;
}

static int compare_project_id(const void *key, const void *elem)
{
	int64_t id = *(const int64_t *)key, other = ((const struct gs_project *)elem)->id;

	return (id > other) - (id < other);
}

const struct gs_project *gs_find_project(const struct grantset *gs, int64_t id)
{
	if (!gs->nprojects)
		return NULL;
	return bsearch(&id, gs->projects, gs->nprojects, sizeof(gs->projects[0]),
		       compare_project_id);
}

const struct gs_project *gs_find_project_code(const struct grantset *gs, const char *code)
{
	const size_t *at = gs->codes.used ? map_find_text(&gs->codes, code) : NULL;

	if (at)
		return &gs->projects[*at - 1];
	if (gs->codes.used)
		return NULL;
	for (size_t i = 0; i < gs->nprojects; i++)
		if (strcmp(gs->projects[i].code, code) == 0)
			return &gs->projects[i];
	return NULL;
}

const struct gs_project *gs_project_of(const struct grantset *gs, const struct gs_grant *g)
{
	return &gs->projects[g->project];
}

/* The terms columns (schema/008) of the national set t and of the
 * addition a (NULL where it keeps the national value); the numbers below
 * are their places in the grant query. */
#define TERMS_COLUMNS "t.name, t.drawdown_n"
#define ADDITION_COLUMNS                                                                \
	"t.drawdown_unit, t.proof_fulfil_months, t.proof_period_months,"                \
	" t.interim_months, t.interest, a.name, a.drawdown_n, a.drawdown_unit,"         \
	" a.proof_fulfil_months, a.proof_period_months, a.interim_months, a.interest"
enum terms_column {
	TC_NAME = 13, TC_DRAWDOWN_N = 14, TC_UNIT = 17, TC_FULFIL, TC_PERIOD, TC_INTERIM,
	TC_INTEREST, TC_ADDITION, TC_ADD_FIRST /* a.drawdown_n .. a.interest follow */,
	TC_SOURCE = 29, TC_FULFILLED, TC_PROOF_DUE
};

/* The national column, or the addition's where it sets one (the addition's
 * column lies `shift` places after the national one). */
static int terms_int(struct db_stmt *stmt, int col, int shift, int none)
{
	if (db_column_type(stmt, col + shift) != DB_NULL)
		return db_column_int(stmt, col + shift);
	return db_column_type(stmt, col) == DB_NULL ? none : db_column_int(stmt, col);
}

static void read_terms(struct db_stmt *stmt, struct terms_set *t)
{
	/* a.drawdown_n is TC_ADD_FIRST, a.drawdown_unit the next, ... */
	const int shift = TC_ADD_FIRST + 1 - TC_UNIT;
	int unit_col = db_column_type(stmt, TC_UNIT + shift) != DB_NULL ? TC_UNIT + shift
										   : TC_UNIT;
	const char *unit = (const char *)db_column_text(stmt, unit_col);

	memset(t, 0, sizeof(*t));
	snprintf(t->name, sizeof(t->name), "%s", (const char *)db_column_text(stmt, TC_NAME));
	if (db_column_type(stmt, TC_ADDITION) != DB_NULL)
		snprintf(t->addition, sizeof(t->addition), "%s",
			 (const char *)db_column_text(stmt, TC_ADDITION));
	t->drawdown_n = db_column_type(stmt, TC_ADD_FIRST) != DB_NULL
				? db_column_int(stmt, TC_ADD_FIRST)
				: db_column_int(stmt, TC_DRAWDOWN_N);
	t->drawdown_unit = unit && strcmp(unit, "weeks") == 0 ? CAL_WEEKS : CAL_MONTHS;
	t->proof_fulfil_months = terms_int(stmt, TC_FULFIL, shift, 0);
	t->proof_period_months = terms_int(stmt, TC_PERIOD, shift, -1);
	t->interim_months = terms_int(stmt, TC_INTERIM, shift, 0);
	t->interest = terms_int(stmt, TC_INTEREST, shift, 0);
}

/* Fills one grant from the current row; 0, or -1 when out of memory. */
static int read_grant(struct grantset *gs, struct db_stmt *stmt, struct gs_grant *g)
{
	const struct gs_project *p;
	char decided[DATE_BUF];

	memset(g, 0, sizeof(*g));
	g->id = db_column_int64(stmt, 0);
	g->ref = dup_text(stmt, 1);
	p = gs_find_project(gs, db_column_int64(stmt, 2));
	g->project = p ? (size_t)(p - gs->projects) : GS_NO_PROJECT;
	g->programme = dup_text(stmt, 3);
	g->funder = dup_text(stmt, 4);
	g->level = (enum gs_level)level_of((const char *)db_column_text(stmt, 5));
	snprintf(g->status, sizeof(g->status), "%s", (const char *)db_column_text(stmt, 6));
	copy_date(stmt, 7, g->from);
	copy_date(stmt, 8, g->to);
	g->approved = db_column_int64(stmt, 9);
	g->eligible = int_or(stmt, 10, -1);
	g->rate_bp = (int)int_or(stmt, 11, -1);
	g->programme_rate_bp = (int)int_or(stmt, 12, -1);
	read_terms(stmt, &g->terms);
	snprintf(g->terms_source, sizeof(g->terms_source), "%s",
		 (const char *)db_column_text(stmt, TC_SOURCE));
	copy_date(stmt, TC_FULFILLED, g->fulfilled);
	copy_date(stmt, TC_PROOF_DUE, g->proof_due);
	copy_date(stmt, 15, decided);
	snprintf(g->financing, sizeof(g->financing), "%s",
		 db_column_text(stmt, 16) ? (const char *)db_column_text(stmt, 16) : "");
	/* A grant decided after the snapshot day did not exist yet. */
	g->counted = ledger_status_counts(g->status) &&
		     (decided[0] == '\0' || strcmp(decided, gs->as_of) <= 0);
	if (!p) /* grants are selected by their project's city: cannot happen */
		g->counted = 0;
	return g->ref && g->programme && g->funder ? 0 : -1;
}

static int load_grants(struct grantset *gs, struct store *st, int64_t city, struct ft_error *err)
{
	struct db_stmt *stmt;
	size_t cap = 0;
	int rc;

	if (prepare_scoped(st, city,
			  "SELECT g.id, g.ref, g.project_id, pg.code, f.code, f.level, g.status,"
			  " g.period_from, g.period_to, g.approved_cents, g.eligible_cents,"
			  " g.rate_bp, pg.rate_bp, " TERMS_COLUMNS ","
			  " g.decided_date, g.financing, " ADDITION_COLUMNS ","
			  " gt.source, g.fulfilled_date, g.proof_due "
			  "FROM \"grant\" g JOIN project pj ON pj.id = g.project_id "
			  "JOIN city c ON c.id = pj.city_id "
			  "JOIN programme pg ON pg.id = g.programme_id "
			  "JOIN funder f ON f.id = pg.funder_id "
			  "JOIN grant_terms gt ON gt.grant_id = g.id JOIN terms t ON t.name = gt.terms "
			  "LEFT JOIN terms a ON a.name = gt.addition WHERE" SCOPE LIVE_GRANTS
			  "ORDER BY g.id",
			  &stmt, err))
		return -1;
	while ((rc = db_step(stmt)) == DB_ROW) {
		if (VEC_RESERVE(gs->grants, cap, gs->ngrants + 1))
			break;
		gs->ngrants++;
		if (read_grant(gs, stmt, &gs->grants[gs->ngrants - 1]))
			break;
	}
	db_finalize(stmt);
	if (rc == DB_ROW)
		return ft_fail(err, "out of memory");
	if (rc != DB_DONE)
		return store_fail(st, err, "cannot read grants");
	return 0;
}

static int compare_grant_id(const void *key, const void *elem)
{
	int64_t id = *(const int64_t *)key, other = ((const struct gs_grant *)elem)->id;

	return (id > other) - (id < other);
}

static struct gs_grant *find_grant(struct grantset *gs, int64_t id)
{
	if (!gs->ngrants)
		return NULL;
	return bsearch(&id, gs->grants, gs->ngrants, sizeof(gs->grants[0]), compare_grant_id);
}

/* Per-grant row collections (allocations, bookings, proofs) are read with
 * one query each, ordered by grant; this keeps the running capacity. */
struct collect {
	struct gs_grant *grant;
	size_t cap;
};

/* The grant a row belongs to; resets the capacity when the grant changes. */
static struct gs_grant *grant_for(struct collect *c, struct grantset *gs, int64_t grant_id)
{
	if (!c->grant || c->grant->id != grant_id) {
		c->grant = find_grant(gs, grant_id);
		c->cap = 0;
	}
	return c->grant;
}

static int load_allocations(struct grantset *gs, struct store *st, int64_t city,
			    struct ft_error *err)
{
	struct db_stmt *stmt;
	struct collect c = { NULL, 0 };
	int rc = DB_DONE, oom = 0;

	if (prepare_scoped(st, city,
			  "SELECT a.grant_id, a.year, a.amount_cents FROM allocation a "
			  "JOIN \"grant\" g ON g.id = a.grant_id JOIN project pj ON pj.id = g.project_id "
			  "JOIN city c ON c.id = pj.city_id "
			  "WHERE" SCOPE LIVE_GRANTS "ORDER BY a.grant_id, a.year",
			  &stmt, err))
		return -1;
	while (!oom && (rc = db_step(stmt)) == DB_ROW) {
		int64_t id = db_column_int64(stmt, 0);
		struct gs_grant *g = grant_for(&c, gs, id);
		struct gs_allocation *a;

		if (!g)
			continue;
		if (VEC_RESERVE(g->allocations, c.cap, g->nallocations + 1)) {
			oom = 1;
			break;
		}
		a = &g->allocations[g->nallocations++];
		a->year = db_column_int(stmt, 1);
		a->amount = db_column_int64(stmt, 2);
	}
	db_finalize(stmt);
	if (oom)
		return ft_fail(err, "out of memory");
	if (rc != DB_DONE)
		return store_fail(st, err, "cannot read allocations");
	return 0;
}

/* A reversal and the booking it reverses cancel each other out: the same
 * kind and amounts that add up to exactly 0 (the ledger and the exchange
 * rules allow no other reversal), so sums may leave both out. */
static void mark_reversal(struct gs_grant *g, size_t reversal, int64_t original_id)
{
	const struct gs_booking *r = &g->bookings[reversal];

	for (size_t i = 0; i < g->nbookings; i++) {
		int64_t net;

		if (g->bookings[i].id == original_id) {
			if (g->bookings[i].kind != r->kind ||
			    money_add(g->bookings[i].amount, r->amount, &net) || net != 0)
				return;
			g->bookings[i].cancelled = 1;
			g->bookings[reversal].cancelled = 1;
			return;
		}
	}
}

/* Appends the booking of the current row (grant_id, id, date, kind,
 * amount, reverses_id, service_date) to g; -1 when out of memory. */
static int add_booking_row(struct gs_grant *g, struct db_stmt *stmt, size_t *cap)
{
	struct gs_booking *b;

	if (VEC_RESERVE(g->bookings, *cap, g->nbookings + 1))
		return -1;
	b = &g->bookings[g->nbookings++];
	b->id = db_column_int64(stmt, 1);
	copy_date(stmt, 2, b->date);
	b->kind = kind_of((const char *)db_column_text(stmt, 3));
	b->amount = db_column_int64(stmt, 4);
	b->cancelled = 0;
	b->service_date[0] = '\0';
	if (db_column_type(stmt, 6) != DB_NULL)
		copy_date(stmt, 6, b->service_date);
	if (db_column_type(stmt, 5) != DB_NULL)
		mark_reversal(g, g->nbookings - 1, db_column_int64(stmt, 5));
	return 0;
}

static int load_bookings(struct grantset *gs, struct store *st, int64_t city, struct ft_error *err)
{
	struct db_stmt *stmt;
	struct collect c = { NULL, 0 };
	int rc = DB_DONE, oom = 0;

	if (prepare_scoped(st, city,
			  "SELECT b.grant_id, b.id, b.date, b.kind, b.amount_cents, b.reverses_id,"
			  " b.service_date FROM booking b JOIN \"grant\" g ON g.id = b.grant_id "
			  "JOIN project pj ON pj.id = g.project_id JOIN city c ON c.id = pj.city_id "
			  "WHERE" SCOPE LIVE_GRANTS "AND b.date <= ?2 AND b.date BETWEEN ?3 AND ?4 "
			  "ORDER BY b.grant_id, b.date, b.id",
			  &stmt, err))
		return -1;
	store_bind_text(stmt, 2, gs->as_of);
	if (gs->booking_year) {
		char from[DATE_BUF], to[DATE_BUF];

		snprintf(from, sizeof(from), "%04d-01-01", gs->booking_year);
		snprintf(to, sizeof(to), "%04d-12-31", gs->booking_year);
		store_bind_text(stmt, 3, from);
		store_bind_text(stmt, 4, to);
	} else {
		store_bind_text(stmt, 3, "0000-01-01");
		store_bind_text(stmt, 4, "9999-12-31");
	}
	while (!oom && (rc = db_step(stmt)) == DB_ROW) {
		struct gs_grant *g = grant_for(&c, gs, db_column_int64(stmt, 0));

		if (g && add_booking_row(g, stmt, &c.cap))
			oom = 1;
	}
	db_finalize(stmt);
	if (oom)
		return ft_fail(err, "out of memory");
	if (rc != DB_DONE)
		return store_fail(st, err, "cannot read bookings");
	return 0;
}

int gs_load_grant_bookings(struct gs_grant *g, struct store *st, const char *as_of, int year,
			   struct ft_error *err)
{
	char from[24] = "0000-01-01", to[24]; /* room for any int year */
	struct db_stmt *stmt;
	size_t cap = 0;
	int rc = DB_DONE, oom = 0;

	snprintf(to, sizeof(to), "%s", as_of);
	if (year) {
		snprintf(from, sizeof(from), "%04d-01-01", year);
		if (date_year(as_of) > year)
			snprintf(to, sizeof(to), "%04d-12-31", year);
	}
	g->bookings = NULL;
	g->nbookings = 0;
	if (store_prepare(st,
			  "SELECT b.grant_id, b.id, b.date, b.kind, b.amount_cents, b.reverses_id,"
			  " b.service_date FROM booking b WHERE b.grant_id = ?1 "
			  "AND b.date BETWEEN ?2 AND ?3 ORDER BY b.date, b.id",
			  &stmt, err))
		return -1;
	db_bind_int64(stmt, 1, g->id);
	store_bind_text(stmt, 2, from);
	store_bind_text(stmt, 3, to);
	while (!oom && (rc = db_step(stmt)) == DB_ROW)
		oom = add_booking_row(g, stmt, &cap);
	db_finalize(stmt);
	if (oom)
		return ft_fail(err, "out of memory");
	if (rc != DB_DONE)
		return store_fail(st, err, "cannot read bookings");
	return 0;
}

/* The sums of the grants' bookings per year (schema/014 booking_year)
 * as stand-ins: per year one booking of each kind, its net sum, dated the
 * year's last booking day. A grant whose year has a booking after as_of
 * or an amount beyond the money domain gets its single bookings instead,
 * as load_bookings reads them. */
struct stand_ins {
	struct gs_grant *grant;
	size_t cap;
	struct gs_grant **singles; /* grants to read one by one */
	size_t nsingles, singles_cap;
};

static int add_stand_ins(struct stand_ins *c, struct db_stmt *stmt)
{
	static const enum gs_kind kinds[] = { GS_DRAWDOWN, GS_EXPENDITURE, GS_REPAYMENT,
					      GS_INTEREST };
	struct gs_grant *g = c->grant;

	for (int k = 0; k < 4; k++) {
		struct gs_booking *b;

		if (VEC_RESERVE(g->bookings, c->cap, g->nbookings + 1))
			return -1;
		b = &g->bookings[g->nbookings++];
		memset(b, 0, sizeof(*b));
		copy_date(stmt, 7, b->date);
		b->kind = kinds[k];
		b->amount = db_column_int64(stmt, 2 + k);
	}
	return 0;
}

static int read_singles(struct grantset *gs, struct store *st, struct stand_ins *c,
			struct ft_error *err)
{
	for (size_t i = 0; i < c->nsingles; i++) {
		free(c->singles[i]->bookings);
		if (gs_load_grant_bookings(c->singles[i], st, gs->as_of, gs->booking_year, err))
			return -1;
	}
	return 0;
}

static int load_booking_sums(struct grantset *gs, struct store *st, int64_t city,
			     struct ft_error *err)
{
	int asof_year = date_year(gs->as_of), year = gs->booking_year;
	struct stand_ins c = { NULL, 0, NULL, 0, 0 };
	int64_t last_id = 0;
	struct db_stmt *stmt;
	int rc = DB_DONE, oom = 0;

	if (prepare_scoped(st, city,
			  "SELECT s.grant_id, s.year, s.drawn_cents, s.spent_cents, s.repaid_cents,"
			  " s.interest_cents, s.wide, s.last_date FROM booking_year s "
			  "JOIN \"grant\" g ON g.id = s.grant_id "
			  "JOIN project pj ON pj.id = g.project_id JOIN city c ON c.id = pj.city_id "
			  "WHERE" SCOPE LIVE_GRANTS "AND s.year BETWEEN ?3 AND ?4 "
			  "ORDER BY s.grant_id, s.year",
			  &stmt, err))
		return -1;
	db_bind_int(stmt, 3, year);
	/* the sums of years after as_of's year hold no booking up to as_of */
	db_bind_int(stmt, 4, year && year < asof_year ? year : asof_year);
	while (!oom && (rc = db_step(stmt)) == DB_ROW) {
		int64_t id = db_column_int64(stmt, 0);
		const char *last = (const char *)db_column_text(stmt, 7);

		if (id != last_id) {
			c.grant = find_grant(gs, id);
			c.cap = 0;
			last_id = id;
			if (c.grant)
				c.grant->nbookings = 0;
		}
		if (!c.grant || c.grant->nbookings == (size_t)-1)
			continue;
		if (db_column_int64(stmt, 6) > 0 || strcmp(last, gs->as_of) > 0) {
			struct gs_grant **single = VEC_PUSH(c.singles, c.nsingles, c.singles_cap);

			if (!single)
				oom = 1;
			else
				*single = c.grant;
			c.grant->nbookings = (size_t)-1; /* no more stand-ins */
			continue;
		}
		oom = add_stand_ins(&c, stmt) != 0;
	}
	db_finalize(stmt);
	for (size_t i = 0; i < c.nsingles; i++)
		c.singles[i]->nbookings = 0;
	if (!oom && rc == DB_DONE && read_singles(gs, st, &c, err)) {
		free(c.singles);
		return -1;
	}
	free(c.singles);
	if (oom)
		return ft_fail(err, "out of memory");
	if (rc != DB_DONE)
		return store_fail(st, err, "cannot read the booking sums");
	return 0;
}

static int load_proofs(struct grantset *gs, struct store *st, int64_t city, struct ft_error *err)
{
	struct db_stmt *stmt;
	struct collect c = { NULL, 0 };
	int rc = DB_DONE, oom = 0;

	if (prepare_scoped(st, city,
			  "SELECT p.grant_id, p.kind, p.year, p.submitted_date FROM proof p "
			  "JOIN \"grant\" g ON g.id = p.grant_id JOIN project pj ON pj.id = g.project_id "
			  "JOIN city c ON c.id = pj.city_id "
			  "WHERE" SCOPE LIVE_GRANTS "AND p.submitted_date <= ?2 ORDER BY p.grant_id, p.id",
			  &stmt, err))
		return -1;
	store_bind_text(stmt, 2, gs->as_of);
	while (!oom && (rc = db_step(stmt)) == DB_ROW) {
		int64_t id = db_column_int64(stmt, 0);
		struct gs_grant *g = grant_for(&c, gs, id);
		struct gs_proof *p;

		if (!g)
			continue;
		if (VEC_RESERVE(g->proofs, c.cap, g->nproofs + 1)) {
			oom = 1;
			break;
		}
		p = &g->proofs[g->nproofs++];
		p->final = strcmp((const char *)db_column_text(stmt, 1), "final") == 0;
		p->year = (int)int_or(stmt, 2, 0);
		copy_date(stmt, 3, p->date);
	}
	db_finalize(stmt);
	if (oom)
		return ft_fail(err, "out of memory");
	if (rc != DB_DONE)
		return store_fail(st, err, "cannot read proofs of use");
	return 0;
}

/* Conditions (schema/008_lifecycle.sql): one met after the snapshot day is still open. */
static int load_conditions(struct grantset *gs, struct store *st, int64_t city,
			   struct ft_error *err)
{
	struct db_stmt *stmt;
	struct collect c = { NULL, 0 };
	int rc = DB_DONE, oom = 0;

	if (prepare_scoped(st, city,
			  "SELECT k.grant_id, k.id, k.due_date, CASE WHEN k.done_date <= ?2 THEN"
			  " k.done_date ELSE '' END, k.text FROM grant_condition k "
			  "JOIN \"grant\" g ON g.id = k.grant_id JOIN project pj ON pj.id = g.project_id "
			  "JOIN city c ON c.id = pj.city_id "
			  "WHERE" SCOPE "ORDER BY k.grant_id, k.due_date, k.id",
			  &stmt, err))
		return -1;
	store_bind_text(stmt, 2, gs->as_of);
	while (!oom && (rc = db_step(stmt)) == DB_ROW) {
		struct gs_grant *g = grant_for(&c, gs, db_column_int64(stmt, 0));
		struct gs_condition *k;

		if (!g)
			continue;
		if (VEC_RESERVE(g->conditions, c.cap, g->nconditions + 1)) {
			oom = 1;
			break;
		}
		k = &g->conditions[g->nconditions++];
		k->id = db_column_int64(stmt, 1);
		copy_date(stmt, 2, k->due);
		snprintf(k->done, sizeof(k->done), "%s", (const char *)db_column_text(stmt, 3));
		if (!(k->text = strdup((const char *)db_column_text(stmt, 4))))
			oom = 1;
	}
	db_finalize(stmt);
	if (oom)
		return ft_fail(err, "out of memory");
	if (rc != DB_DONE)
		return store_fail(st, err, "cannot read conditions");
	return 0;
}

const size_t *gs_grants_of_project(const struct grantset *gs, size_t project, size_t *n)
{
	if (!gs->project_start || project >= gs->nprojects) {
		*n = 0;
		return NULL;
	}
	*n = gs->project_start[project + 1] - gs->project_start[project];
	return gs->by_project + gs->project_start[project];
}

const struct gs_project *gs_successor(const struct grantset *gs, const struct gs_project *p)
{
	size_t next = gs->successor ? gs->successor[p - gs->projects] : GS_NO_PROJECT;

	return next == GS_NO_PROJECT ? NULL : &gs->projects[next];
}

const struct gs_grant *gs_find_grant(const struct grantset *gs, int64_t id)
{
	if (!gs->ngrants)
		return NULL;
	return bsearch(&id, gs->grants, gs->ngrants, sizeof(gs->grants[0]), compare_grant_id);
}

/* The grants by project (a counting sort, so still by id within one). */
static int index_grants(struct grantset *gs)
{
	size_t np = gs->nprojects;

	gs->project_start = calloc(np + 2, sizeof(size_t));
	gs->by_project = malloc((gs->ngrants + 1) * sizeof(size_t));
	if (!gs->project_start || !gs->by_project)
		return -1;
	for (size_t i = 0; i < gs->ngrants; i++)
		if (gs->grants[i].project < np)
			gs->project_start[gs->grants[i].project + 2]++;
	for (size_t p = 2; p < np + 2; p++)
		gs->project_start[p] += gs->project_start[p - 1];
	for (size_t i = 0; i < gs->ngrants; i++)
		if (gs->grants[i].project < np)
			gs->by_project[gs->project_start[gs->grants[i].project + 1]++] = i;
	return 0;
}

/* Successors (the first project by id naming one as predecessor; the
 * ledger allows one) and, for one city, the codes. */
static int index_projects(struct grantset *gs, int all)
{
	if (!(gs->successor = malloc((gs->nprojects + 1) * sizeof(size_t))))
		return -1;
	for (size_t i = 0; i < gs->nprojects; i++)
		gs->successor[i] = GS_NO_PROJECT;
	for (size_t i = 0; i < gs->nprojects; i++) {
		const struct gs_project *pred = gs->projects[i].predecessor_id
			? gs_find_project(gs, gs->projects[i].predecessor_id) : NULL;

		if (pred && gs->successor[pred - gs->projects] == GS_NO_PROJECT)
			gs->successor[pred - gs->projects] = i;
	}
	gs->codes = (struct map)MAP_INIT(MAP_TEXT, size_t);
	for (size_t i = 0; !all && i < gs->nprojects; i++) {
		size_t *at = map_put_text(&gs->codes, gs->projects[i].code);

		if (!at)
			return -1;
		if (!*at)
			*at = i + 1;
	}
	return 0;
}

struct load_job {
	struct grantset *out;
	int all; /* every city, not only the own one */
	const char *ags; /* one city (all = 0), NULL: the own one */
};

/* The id of the city the job is about (the own one, or the one with the
 * AGS); -1 when there is none, so that nothing is read. */
static int scope_city(struct store *st, const struct load_job *job, int64_t *city,
		      struct ft_error *err)
{
	int found = job->ags ? store_lookup_id(st, "SELECT id FROM city WHERE ags = ?1",
					       job->ags, 0, city, err)
			     : store_lookup_id(st, "SELECT id FROM city WHERE own = 1 AND "
						   "?1 IS NOT NULL", "own", 0, city, err);

	if (found < 0)
		return -1;
	if (!found)
		*city = -1;
	return 0;
}

static int load_all(struct store *st, void *arg, struct ft_error *err)
{
	struct load_job *job = arg;
	struct grantset *out = job->out;
	int all = job->all;
	int64_t city = 0; /* every city */

	if (!all && scope_city(st, job, &city, err))
		return -1;
	if (load_projects(out, st, city, err) || load_grants(out, st, city, err) ||
	    load_allocations(out, st, city, err) ||
	    (out->sums_only ? load_booking_sums(out, st, city, err)
			    : load_bookings(out, st, city, err)) ||
	    load_proofs(out, st, city, err) || load_conditions(out, st, city, err))
		return -1;
	if (index_grants(out) || index_projects(out, all))
		return ft_fail(err, "out of memory");
	return 0;
}

static int load_scope(struct grantset *out, struct store *st, int all, const char *ags,
		      const char *as_of, int year, int sums_only, struct ft_error *err);

int grantset_load(struct grantset *out, struct store *st, enum gs_scope scope,
		  const char *as_of, struct ft_error *err)
{
	return grantset_load_year(out, st, scope, as_of, 0, err);
}

int grantset_load_year(struct grantset *out, struct store *st, enum gs_scope scope,
		       const char *as_of, int year, struct ft_error *err)
{
	return load_scope(out, st, scope == GS_ALL_CITIES, NULL, as_of, year, 0, err);
}

int grantset_load_sums(struct grantset *out, struct store *st, enum gs_scope scope,
		       const char *as_of, int year, struct ft_error *err)
{
	return load_scope(out, st, scope == GS_ALL_CITIES, NULL, as_of, year, 1, err);
}

int grantset_load_city(struct grantset *out, struct store *st, const char *ags,
		       const char *as_of, struct ft_error *err)
{
	return load_scope(out, st, 0, ags, as_of, 0, 0, err);
}

static int load_scope(struct grantset *out, struct store *st, int all, const char *ags,
		      const char *as_of, int year, int sums_only, struct ft_error *err)
{
	struct load_job job = { out, all, ags };
	int rc;

	memset(out, 0, sizeof(*out));
	out->booking_year = year;
	out->sums_only = sums_only;
	if (as_of && *as_of)
		snprintf(out->as_of, sizeof(out->as_of), "%s", as_of);
	else
		date_today(out->as_of);
	/* One read transaction: every query sees the same state. */
	rc = store_read(st, load_all, &job, err);
	if (rc)
		grantset_release(out);
	return rc;
}

void grantset_release(struct grantset *gs)
{
	for (size_t i = 0; i < gs->nprojects; i++) {
		struct gs_project *p = &gs->projects[i];

		free(p->code);
		free(p->title);
		free(p->field);
		free(p->district);
		free(p->city);
	}
	for (size_t i = 0; i < gs->ngrants; i++) {
		struct gs_grant *g = &gs->grants[i];

		free(g->ref);
		free(g->programme);
		free(g->funder);
		free(g->allocations);
		free(g->bookings);
		free(g->proofs);
		for (size_t k = 0; k < g->nconditions; k++)
			free(g->conditions[k].text);
		free(g->conditions);
	}
	free(gs->projects);
	free(gs->grants);
	free(gs->by_project);
	free(gs->project_start);
	free(gs->successor);
	map_free(&gs->codes);
	memset(gs, 0, sizeof(*gs));
}

/* ---- per-grant figures ------------------------------------------------ */

/* The overflow error for a sum of the grant's what ("drawdown bookings"). */
static int fail_grant_sum(const struct gs_grant *g, const char *what, struct ft_error *err)
{
	char subject[320];

	snprintf(subject, sizeof(subject), "the %s of grant '%s'", what, g->ref);
	return money_fail_overflow(err, subject);
}

int gs_sum(const struct gs_grant *g, enum gs_kind kind, const char *from, const char *to,
	   int64_t *out, struct ft_error *err)
{
	int64_t sum = 0;

	for (size_t i = 0; i < g->nbookings; i++) {
		const struct gs_booking *b = &g->bookings[i];
		char what[32];

		/* a cancelled pair nets to 0: leaving it out changes nothing but
		 * keeps a reversed out-of-range booking from overflowing the sum */
		if (b->kind != kind || b->cancelled || (from && strcmp(b->date, from) < 0) ||
		    (to && strcmp(b->date, to) > 0))
			continue;
		if (money_add(sum, b->amount, &sum)) {
			snprintf(what, sizeof(what), "%s bookings", kind_names[kind]);
			return fail_grant_sum(g, what, err);
		}
	}
	*out = sum;
	return 0;
}

int gs_allocated(const struct gs_grant *g, int year, int64_t *out, struct ft_error *err)
{
	int64_t sum = 0;

	for (size_t i = 0; i < g->nallocations; i++)
		if ((year == 0 || g->allocations[i].year == year) &&
		    money_add(sum, g->allocations[i].amount, &sum))
			return fail_grant_sum(g, "yearly allocations", err);
	*out = sum;
	return 0;
}

int gs_grant_out_of_domain(const struct gs_grant *g, char *what, size_t size,
			   int64_t *amount)
{
	if (!money_in_domain(g->approved)) {
		snprintf(what, size, "the approved amount");
		*amount = g->approved;
		return 1;
	}
	if (g->eligible != -1 && !money_in_domain(g->eligible)) {
		snprintf(what, size, "the eligible costs");
		*amount = g->eligible;
		return 1;
	}
	for (size_t i = 0; i < g->nallocations; i++)
		if (!money_in_domain(g->allocations[i].amount)) {
			snprintf(what, size, "the allocation for %d", g->allocations[i].year);
			*amount = g->allocations[i].amount;
			return 1;
		}
	for (size_t i = 0; i < g->nbookings; i++) {
		const struct gs_booking *b = &g->bookings[i];

		if (!b->cancelled && !money_in_domain(b->amount)) {
			char day[DATE_BUF];

			date_format_de(b->date, day);
			snprintf(what, size, "booking %lld (%s of %s)", (long long)b->id,
				 kind_names[b->kind], day);
			*amount = b->amount;
			return 1;
		}
	}
	return 0;
}

int gs_final_proof_due(const struct gs_grant *g, struct due_day *out)
{
	if (!terms_final_proof_due(&g->terms, g->to, g->fulfilled, out))
		return 0;
	/* A Fristverlängerung replaces the computed day. */
	if (g->proof_due[0]) {
		memcpy(out->target, g->proof_due, DATE_BUF);
		cal_legal_end(g->proof_due, out->legal);
	}
	return 1;
}

int gs_final_proof_done(const struct gs_grant *g)
{
	if (strcmp(g->status, "closed") == 0)
		return 1;
	for (size_t i = 0; i < g->nproofs; i++)
		if (g->proofs[i].final)
			return 1;
	return 0;
}

int gs_interim_years(const struct gs_grant *g, int *first, int *last)
{
	/* "Ist der Zuwendungszweck nicht bis zum Ablauf des Haushaltsjahres
	 * erfüllt" (ANBest-P Nr. 6.1): fulfilled on 31 December needs none. */
	const char *fulfilled = g->fulfilled[0] && strcmp(g->fulfilled, g->to) < 0 ? g->fulfilled
										     : g->to;

	*first = date_year(g->from);
	*last = date_year(fulfilled) - 1;
	return *last >= *first;
}

/* 1 when money was paid out to the grant in year (a drawdown not
 * cancelled by its reversal). */
static int paid_out_in(const struct gs_grant *g, int year)
{
	for (size_t i = 0; i < g->nbookings; i++) {
		const struct gs_booking *b = &g->bookings[i];

		if (b->kind == GS_DRAWDOWN && !b->cancelled && b->amount > 0 &&
		    date_year(b->date) == year)
			return 1;
	}
	return 0;
}

int gs_interim_due(const struct gs_grant *g, int year, struct due_day *out)
{
	/* "über die in diesem Jahr erhaltenen Beträge": no payout, no proof. */
	if (!paid_out_in(g, year))
		return 0;
	return terms_interim_due(&g->terms, year, out);
}

int gs_interim_done(const struct gs_grant *g, int year)
{
	if (gs_final_proof_done(g))
		return 1;
	for (size_t i = 0; i < g->nproofs; i++)
		if (!g->proofs[i].final && g->proofs[i].year == year)
			return 1;
	return 0;
}

/* ---- tracing drawdowns ------------------------------------------------ */

struct tracer {
	const struct gs_grant *g;
	struct gs_fifo *out;
	size_t head, cap;  /* out->open[head..nopen) are the unused drawdowns */
	int64_t prefinanced; /* spent before it was drawn */
	int64_t drawn;       /* all drawdowns traced: bounds every sum of tranches */
	const struct gs_rates *rates; /* NULL: no interest */
	ft_i128 cent_days_bp; /* sum of late amount x rate x idle days */
};

/* A drawn amount used on day `used` (or still unused on that day when
 * still_open) after having been drawn on `drawn`: its interest runs over
 * its own idle days at the rates in force on them. -1 when the late sums
 * leave the int64 range. (cent_days_bp cannot: 2^63 cents x 10^5 days x
 * 2 x 10^4 bp stays below 2^127.) */
static int note_use(struct tracer *t, const char *drawn, const char *used, int64_t amount,
		    int still_open)
{
	long days = date_to_days(used) - date_to_days(drawn);
	struct due_day horizon;

	if (amount <= 0 || !terms_drawdown_due(&t->g->terms, drawn, &horizon) ||
	    strcmp(used, horizon.legal) <= 0)
		return 0;
	if (money_add(t->out->late, amount, &t->out->late) ||
	    (still_open && money_add(t->out->late_open, amount, &t->out->late_open)))
		return -1;
	if (days > t->out->max_days)
		t->out->max_days = days;
	if (t->rates && t->g->terms.interest) {
		struct interest_result r;

		t->cent_days_bp += interest_cent_days_bp(amount, drawn, used, t->rates->margin_bp,
							 t->rates->rates, t->rates->n, &r);
		if (r.missing[0] && (!t->out->missing[0] || strcmp(r.missing, t->out->missing) < 0))
			memcpy(t->out->missing, r.missing, DATE_BUF);
	}
	return 0;
}

static int add_drawdown(struct tracer *t, const struct gs_booking *b)
{
	int64_t amount = b->amount;
	struct gs_tranche *tr;

	/* Money already spent from own funds is reimbursed at once. */
	if (t->prefinanced > 0) {
		int64_t covered = amount < t->prefinanced ? amount : t->prefinanced;

		t->prefinanced -= covered;
		amount -= covered;
	}
	if (amount <= 0)
		return 0;
	if (VEC_RESERVE(t->out->open, t->cap, t->out->nopen + 1))
		return -1;
	tr = &t->out->open[t->out->nopen++];
	memcpy(tr->date, b->date, DATE_BUF);
	tr->open = amount;
	return 0;
}

/* Expenditure or repayment: uses the oldest unused drawdowns. -1 when a
 * sum leaves the int64 range. (The subtractions take 0 < used <= both
 * operands and cannot overflow.) */
static int use_money(struct tracer *t, const struct gs_booking *b)
{
	int64_t amount = b->amount;

	while (amount > 0 && t->head < t->out->nopen) {
		struct gs_tranche *tr = &t->out->open[t->head];
		int64_t used = amount < tr->open ? amount : tr->open;

		if (note_use(t, tr->date, b->date, used, 0))
			return -1;
		tr->open -= used;
		amount -= used;
		if (tr->open == 0)
			t->head++;
	}
	/* Spending beyond what was drawn is pre-financed; a repayment beyond it
	 * returns money that had been spent and changes nothing here. */
	if (amount > 0 && b->kind == GS_EXPENDITURE)
		return money_add(t->prefinanced, amount, &t->prefinanced);
	return 0;
}

int gs_trace_drawdowns(const struct gs_grant *g, const char *as_of, const struct gs_rates *rates,
		       struct gs_fifo *out, struct ft_error *err)
{
	struct tracer t = { g, out, 0, 0, 0, 0, rates, 0 };

	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < g->nbookings; i++) {
		const struct gs_booking *b = &g->bookings[i];

		if (b->cancelled || b->amount <= 0)
			continue;
		if (b->kind == GS_DRAWDOWN) {
			if (money_add(t.drawn, b->amount, &t.drawn)) {
				gs_fifo_release(out);
				return fail_grant_sum(g, "drawdown bookings", err);
			}
			if (add_drawdown(&t, b)) {
				gs_fifo_release(out);
				return ft_fail(err, "out of memory");
			}
		} else if ((b->kind == GS_EXPENDITURE || b->kind == GS_REPAYMENT) &&
			   use_money(&t, b)) {
			gs_fifo_release(out);
			return fail_grant_sum(g, "bookings traced from drawdown to use", err);
		}
	}
	for (size_t i = t.head; i < out->nopen; i++)
		if (note_use(&t, out->open[i].date, as_of, out->open[i].open, 1)) {
			gs_fifo_release(out);
			return fail_grant_sum(g, "late drawdowns", err);
		}
	/* Keep only the unused drawdowns, oldest first. */
	if (t.head > 0) {
		memmove(out->open, out->open + t.head, (out->nopen - t.head) * sizeof(*out->open));
		out->nopen -= t.head;
	}
	/* The cents fit int64 for any late sum within the domain limit, but
	 * not for any int64. */
	if (t.cent_days_bp > 0 && interest_cents(t.cent_days_bp, &out->interest)) {
		gs_fifo_release(out);
		return fail_grant_sum(g, "interest estimates", err);
	}
	return 0;
}

void gs_fifo_release(struct gs_fifo *f)
{
	free(f->open);
	memset(f, 0, sizeof(*f));
}
