/* budget_sums.c - the budget from the booking sums per grant and fiscal
 * year (schema/014 booking_year) instead of every booking (issue 19).
 *
 * One query walks the grants in scope with their keys, the allocation of
 * the year and the sums of each year; a grant's figures are computed by
 * the same figures_of_grant as over a loaded set, from one stand-in
 * booking per kind and year (its net sum, dated the year's last booking
 * day). Where the sums cannot answer - a year with bookings dated after
 * as_of, or an amount beyond the money domain (booking_year.wide) - that
 * grant's bookings are read one by one, exactly as grantset_load_year
 * reads them, so the figures and the overflow errors stay the same. The
 * own city is selected by its id; other cities' rows are never read. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "figures.h"
#include "figures_internal.h"
#include "ledger.h"
#include "vec.h"

enum sums_column {
	C_ID, C_REF, C_STATUS, C_DECIDED, C_FROM, C_TO, C_APPROVED, C_LEVEL, C_FUNDER,
	C_PROGRAMME, C_FIELD, C_DISTRICT, C_PROJECT, C_CITY, C_ALLOCATION, C_YEAR, C_DRAWN,
	C_SPENT, C_REPAID, C_WIDE, C_LAST
};

/* The grants in scope with their keys, the allocation of the year and the
 * sums of each year. ?1 the own city's id (one city only), ?2 the budget
 * year (0: every year), ?3..?4 the years of sums wanted, ?5/?6 the last
 * and first day of the budget year. @SCOPE@ is one of scope_sql below. */
static const char sums_sql[] =
	"SELECT g.id, g.ref, g.status, g.decided_date, g.period_from, g.period_to,"
	" g.approved_cents, f.level, f.code, pg.code, pj.field, d.code, pj.code, c.name,"
	" a.amount_cents, s.year, s.drawn_cents, s.spent_cents, s.repaid_cents, s.wide,"
	" s.last_date "
	"FROM \"grant\" g JOIN project pj ON pj.id = g.project_id "
	"JOIN city c ON c.id = pj.city_id "
	"JOIN programme pg ON pg.id = g.programme_id JOIN funder f ON f.id = pg.funder_id "
	"LEFT JOIN district d ON d.id = pj.district_id "
	"LEFT JOIN allocation a ON a.year = ?2 AND a.grant_id = g.id "
	"LEFT JOIN booking_year s ON s.grant_id = g.id AND s.year BETWEEN ?3 AND ?4 "
	"WHERE g.status <> 'withdrawn' AND @SCOPE@ "
	"ORDER BY g.id, s.year";

/* Which grants a budget reads. For a year only those that may touch it (a
 * superset of figures_touches_year, which decides), so the others cost no
 * joins: for every city the union of three index ranges of schema/016
 * (allocations and sums of the year, periods ending in or after it), since
 * testing each of the network's grants took two look-ups per grant; for
 * the own city its grants (few) tested one by one. */
enum sums_scope { SCOPE_ALL, SCOPE_CITY, SCOPE_ALL_YEAR, SCOPE_CITY_YEAR };

static const char *const scope_sql[] = {
	[SCOPE_ALL] = "1 = 1", /* a truth value on both engines */
	[SCOPE_CITY] = "pj.city_id = ?1",
	[SCOPE_ALL_YEAR] =
		"g.id IN (SELECT grant_id FROM allocation WHERE year = ?2"
		" UNION SELECT grant_id FROM booking_year WHERE year = ?2"
		" UNION SELECT id FROM \"grant\" WHERE period_to >= ?6 AND period_from <= ?5)",
	[SCOPE_CITY_YEAR] =
		"pj.city_id = ?1 AND ((g.period_from <= ?5 AND g.period_to >= ?6)"
		" OR EXISTS (SELECT 1 FROM allocation x WHERE x.year = ?2 AND x.grant_id = g.id)"
		" OR EXISTS (SELECT 1 FROM booking_year y WHERE y.grant_id = g.id AND y.year = ?2))",
};

struct sums_job {
	const struct budget_query *q;
	char as_of[DATE_BUF];
	struct budget_result *out;
	struct map index; /* group key -> row + 1 */
	size_t cap;
	struct db_stmt *allocations; /* of one grant, for a budget of every year */
	/* the grant being read */
	struct gs_grant g;
	const char *keys[BUDGET_NKEYS];
	int counted, fallback;
	size_t bookings_cap, allocations_cap;
	struct gs_allocation allocation; /* the year's, when there is one */
};

static const char *text_or_empty(struct db_stmt *stmt, int col)
{
	const unsigned char *text = db_column_text(stmt, col);

	return text ? (const char *)text : "";
}

/* The key texts live in out->strings (one copy per distinct text). */
static const char *intern(struct sums_job *j, struct db_stmt *stmt, int col)
{
	const char *text = (const char *)db_column_text(stmt, col);
	void *value;

	if (!text)
		return NULL;
	value = map_put_text(&j->out->strings, text);
	return value ? map_key_text(&j->out->strings, value) : NULL;
}

/* The query column of each budget key (the level is mapped by level_key). */
static const int key_columns[BUDGET_NKEYS] = {
	[BUDGET_FUNDER] = C_FUNDER,   [BUDGET_PROGRAMME] = C_PROGRAMME,
	[BUDGET_FIELD] = C_FIELD,     [BUDGET_DISTRICT] = C_DISTRICT,
	[BUDGET_PROJECT] = C_PROJECT, [BUDGET_CITY] = C_CITY,
};

static const char *level_key(struct db_stmt *stmt)
{
	const char *level = text_or_empty(stmt, C_LEVEL);

	for (int i = 0; i < GS_NLEVELS; i++)
		if (strcmp(level, gs_level_names[i]) == 0)
			return gs_level_names[i];
	return gs_level_names[GS_MUNICIPAL]; /* as grantset.c's level_of */
}

static int read_keys(struct sums_job *j, struct db_stmt *stmt, struct ft_error *err)
{

	for (int k = 0; k < j->q->nkeys; k++) {
		enum budget_key key = j->q->keys[k];

		if (key == BUDGET_LEVEL) {
			j->keys[k] = level_key(stmt);
			continue;
		}
		j->keys[k] = intern(j, stmt, key_columns[key]);
		if (!j->keys[k] && db_column_type(stmt, key_columns[key]) != DB_NULL)
			return ft_fail(err, "out of memory");
	}
	return 0;
}

/* 1 when the grant of this row passes the query's filters (issue 15:
 * filters choose the grants before they are summed). */
static int passes_filters(const struct sums_job *j, struct db_stmt *stmt)
{
	const char *values[BUDGET_NKEYS] = { 0 };

	for (int k = 0; k < BUDGET_NKEYS; k++) {
		if (!j->q->only[k])
			continue;
		if (k == BUDGET_LEVEL)
			values[k] = level_key(stmt);
		else if (db_column_type(stmt, key_columns[k]) != DB_NULL)
			values[k] = text_or_empty(stmt, key_columns[k]);
	}
	return budget_query_passes(j->q, values, text_or_empty(stmt, C_STATUS),
				   text_or_empty(stmt, C_FROM), text_or_empty(stmt, C_TO));
}

/* Starts grant g from the first row of its grant. */
static int start_grant(struct sums_job *j, struct db_stmt *stmt, struct ft_error *err)
{
	const char *decided = text_or_empty(stmt, C_DECIDED);
	struct gs_grant *g = &j->g;

	free(g->ref);
	free(g->bookings);
	if (g->allocations != &j->allocation)
		free(g->allocations);
	memset(g, 0, sizeof(*g));
	memset(&j->allocation, 0, sizeof(j->allocation));
	j->bookings_cap = j->allocations_cap = 0;
	j->fallback = 0;
	g->id = db_column_int64(stmt, C_ID);
	/* as grantset.c's read_grant: decided after the snapshot day = not yet */
	j->counted = ledger_status_counts(text_or_empty(stmt, C_STATUS)) &&
		     (!decided[0] || strcmp(decided, j->as_of) <= 0);
	j->counted = j->counted && passes_filters(j, stmt);
	if (!j->counted)
		return 0;
	if (!(g->ref = strdup(text_or_empty(stmt, C_REF))))
		return ft_fail(err, "out of memory");
	date_copy(g->from, text_or_empty(stmt, C_FROM));
	date_copy(g->to, text_or_empty(stmt, C_TO));
	g->approved = db_column_int64(stmt, C_APPROVED);
	if (db_column_type(stmt, C_ALLOCATION) != DB_NULL) {
		j->allocation.year = j->q->year;
		j->allocation.amount = db_column_int64(stmt, C_ALLOCATION);
	}
	return read_keys(j, stmt, err);
}

/* One stand-in booking: the net sum of a kind in a year. */
static int add_stand_in(struct sums_job *j, const char *date, enum gs_kind kind, int64_t amount)
{
	struct gs_booking *b;

	if (VEC_RESERVE(j->g.bookings, j->bookings_cap, j->g.nbookings + 1))
		return -1;
	b = &j->g.bookings[j->g.nbookings++];
	memset(b, 0, sizeof(*b));
	b->id = -1;
	date_copy(b->date, date);
	b->kind = kind;
	b->amount = amount;
	return 0;
}

/* Takes the sums of one year row of the current grant. */
static int add_year(struct sums_job *j, struct db_stmt *stmt, struct ft_error *err)
{
	const char *last = text_or_empty(stmt, C_LAST);

	if (!j->counted || j->fallback || db_column_type(stmt, C_YEAR) == DB_NULL)
		return 0;
	if (db_column_int64(stmt, C_WIDE) > 0 || strcmp(last, j->as_of) > 0) {
		j->fallback = 1; /* read this grant's bookings one by one */
		return 0;
	}
	if (add_stand_in(j, last, GS_DRAWDOWN, db_column_int64(stmt, C_DRAWN)) ||
	    add_stand_in(j, last, GS_EXPENDITURE, db_column_int64(stmt, C_SPENT)) ||
	    add_stand_in(j, last, GS_REPAYMENT, db_column_int64(stmt, C_REPAID)))
		return ft_fail(err, "out of memory");
	return 0;
}

/* Every allocation of the grant, for a budget of every year. */
static int read_allocations(struct sums_job *j, struct store *st, struct ft_error *err)
{
	struct db_stmt *stmt = j->allocations;
	int rc;

	db_reset(stmt);
	db_bind_int64(stmt, 1, j->g.id);
	while ((rc = db_step(stmt)) == DB_ROW) {
		struct gs_allocation *a;

		if (VEC_RESERVE(j->g.allocations, j->allocations_cap, j->g.nallocations + 1))
			return ft_fail(err, "out of memory");
		a = &j->g.allocations[j->g.nallocations++];
		a->year = db_column_int(stmt, 0);
		a->amount = db_column_int64(stmt, 1);
	}
	return rc == DB_DONE ? 0 : store_fail(st, err, "cannot read allocations");
}

/* Adds the finished grant to its group. */
static int finish_grant(struct sums_job *j, struct store *st, struct ft_error *err)
{
	struct budget_figures f;
	struct gs_grant *g = &j->g;

	if (!j->counted)
		return 0;
	if (j->fallback) { /* the bookings one by one instead of the stand-ins */
		free(g->bookings);
		if (gs_load_grant_bookings(g, st, j->as_of, j->q->year, err))
			return -1;
	}
	if (j->q->year) {
		g->allocations = j->allocation.year ? &j->allocation : NULL;
		g->nallocations = j->allocation.year ? 1 : 0;
	} else if (read_allocations(j, st, err)) {
		return -1;
	}
	if (j->q->year && !figures_touches_year(g, j->q->year))
		return 0;
	if (figures_of_grant(g, j->q->year, &f, err))
		return -1;
	return budget_add_grant(j->out, j->q, j->keys, &f, &j->cap, &j->index, err);
}

/* The own city's id, or 0 when there is none. */
static int own_city(struct store *st, int64_t *id, struct ft_error *err)
{
	int found = store_lookup_id(st, "SELECT id FROM city WHERE own = 1 AND ?1 IS NOT NULL",
				    "own", 0, id, err);

	if (found < 0)
		return -1;
	if (!found)
		*id = 0;
	return 0;
}

static int every_city(const struct budget_query *q)
{
	for (int k = 0; k < q->nkeys; k++)
		if (q->keys[k] == BUDGET_CITY)
			return 1;
	return 0;
}

static int walk_grants(struct sums_job *j, struct store *st, struct db_stmt *stmt,
		       struct ft_error *err)
{
	int64_t current = 0;
	int rc;

	while ((rc = db_step(stmt)) == DB_ROW) {
		int64_t id = db_column_int64(stmt, C_ID);

		if (id != current) {
			if ((current && finish_grant(j, st, err)) || start_grant(j, stmt, err))
				return -1;
			current = id;
		}
		if (add_year(j, stmt, err))
			return -1;
	}
	if (rc != DB_DONE)
		return store_fail(st, err, "cannot read the booking sums");
	return current ? finish_grant(j, st, err) : 0;
}

static int prepare_sums(struct store *st, enum sums_scope scope, struct db_stmt **out,
			struct ft_error *err)
{
	const char *mark = strstr(sums_sql, "@SCOPE@");
	char text[sizeof(sums_sql) + 512];

	snprintf(text, sizeof(text), "%.*s%s%s", (int)(mark - sums_sql), sums_sql, scope_sql[scope],
		 mark + strlen("@SCOPE@"));
	return store_prepare(st, text, out, err);
}

static int read_sums(struct store *st, void *arg, struct ft_error *err)
{
	struct sums_job *j = arg;
	int asof_year = date_year(j->as_of);
	int64_t city = 0;
	struct db_stmt *stmt;
	int rc;

	if (!every_city(j->q) && own_city(st, &city, err))
		return -1;
	if (!every_city(j->q) && city == 0)
		return 0; /* no own city: an empty budget */
	if (prepare_sums(st, j->q->year ? (city ? SCOPE_CITY_YEAR : SCOPE_ALL_YEAR)
				       : (city ? SCOPE_CITY : SCOPE_ALL), &stmt, err))
		return -1;
	if (city)
		db_bind_int64(stmt, 1, city);
	db_bind_int(stmt, 2, j->q->year);
	if (j->q->year) {
		char last[24], first[24]; /* room for any int year */

		snprintf(last, sizeof(last), "%04d-12-31", j->q->year);
		snprintf(first, sizeof(first), "%04d-01-01", j->q->year);
		store_bind_text(stmt, 5, last);
		store_bind_text(stmt, 6, first);
	}
	db_bind_int(stmt, 3, j->q->year ? j->q->year : 0);
	/* the sums of years after as_of's year hold no booking up to as_of */
	db_bind_int(stmt, 4, j->q->year && j->q->year < asof_year ? j->q->year : asof_year);
	if (!j->q->year && store_prepare(st,
					 "SELECT year, amount_cents FROM allocation "
					 "WHERE grant_id = ?1 ORDER BY year",
					 &j->allocations, err)) {
		db_finalize(stmt);
		return -1;
	}
	rc = walk_grants(j, st, stmt, err);
	db_finalize(stmt);
	db_finalize(j->allocations);
	return rc;
}

int figures_budget(struct store *st, const struct budget_query *q, struct budget_result *out,
		   struct ft_error *err)
{
	struct sums_job j;
	int rc;

	memset(out, 0, sizeof(*out));
	memset(&j, 0, sizeof(j));
	if (q->nkeys < 1 || q->nkeys > BUDGET_NKEYS)
		return ft_fail(err, "a budget needs at least one grouping");
	j.q = q;
	j.out = out;
	j.index = (struct map)MAP_INIT(MAP_TEXT, size_t);
	out->strings = (struct map)MAP_INIT(MAP_TEXT, char);
	if (q->as_of[0])
		snprintf(j.as_of, sizeof(j.as_of), "%s", q->as_of);
	else
		date_today(j.as_of);
	snprintf(out->gs.as_of, sizeof(out->gs.as_of), "%s", j.as_of);
	rc = store_read(st, read_sums, &j, err);
	free(j.g.ref);
	free(j.g.bookings);
	if (j.g.allocations != &j.allocation)
		free(j.g.allocations);
	map_free(&j.index);
	if (rc) {
		budget_result_release(out);
		return -1;
	}
	budget_finish(out, q);
	return 0;
}
