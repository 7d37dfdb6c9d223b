/* budget_sums.c - the budget from the booking sums per grant and fiscal
 * year (schema/014 booking_year) instead of every booking (issue 19).
 *
 * Three queries run side by side, each sorted by grant id, and are merged
 * here: the grants in scope with their project's keys, their allocations,
 * and their sums per year. So SQLite reads each table in one ordered pass
 * instead of looking up every grant's allocation and sums, and builds no
 * union of a year's grants: for a year, the grants come from their
 * approval period, and a grant with an allocation or sums in the year but
 * a period outside it is read by its id when the merge meets it. A grant's
 * programme (with its funder), city and district are few and shared by
 * many grants: each is read once by its id and kept.
 *
 * A grant's figures are computed by the same figures_of_grant as over a
 * loaded set, from one stand-in booking per kind and year (its net sum,
 * dated the year's last booking day). Where the sums cannot answer - a
 * year with bookings dated after as_of, or an amount beyond the money
 * domain (booking_year.wide) - that grant's bookings are read one by one,
 * exactly as grantset_load_year reads them, so the figures and the
 * overflow errors stay the same. The own city is selected by its id;
 * other cities' rows are never read. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "figures.h"
#include "figures_internal.h"
#include "ledger.h"
#include "vec.h"

/* The columns of grants_sql; a grant read by its id has the same. */
enum grant_column {
	C_ID, C_REF, C_STATUS, C_DECIDED, C_FROM, C_TO, C_APPROVED, C_PROGRAMME, C_FIELD,
	C_PROJECT, C_CITY, C_DISTRICT
};

/* As the joins of the former single query: a grant whose project, city,
 * programme or funder row is missing is not read; the district is
 * optional. */
#define GRANTS_SQL                                                                       \
	"SELECT g.id, g.ref, g.status, g.decided_date, g.period_from, g.period_to,"      \
	" g.approved_cents, g.programme_id, pj.field, pj.code, pj.city_id, pj.district_id " \
	"FROM \"grant\" g JOIN project pj ON pj.id = g.project_id "                      \
	"WHERE g.status <> 'withdrawn'"

/* One city's rows of a table with a grant_id column t.grant_id. */
#define CITY_JOIN(t)                                                                     \
	" JOIN \"grant\" g ON g.id = " t ".grant_id JOIN project pj ON pj.id = g.project_id"

/* The grant's programme, city and district: read once by id, then kept. */
enum dim_kind { DIM_PROGRAMME, DIM_CITY, DIM_DISTRICT, NDIMS };

static const char *const dim_sql[NDIMS] = {
	[DIM_PROGRAMME] = "SELECT pg.code, f.code, f.level FROM programme pg "
			  "JOIN funder f ON f.id = pg.funder_id WHERE pg.id = ?1",
	[DIM_CITY] = "SELECT name FROM city WHERE id = ?1",
	[DIM_DISTRICT] = "SELECT code FROM district WHERE id = ?1",
};

enum { DIM_TEXTS = 3 };

struct dim {
	int found; /* 0: no such row (the grant is not read, as by a join) */
	const char *text[DIM_TEXTS]; /* in out->strings; a programme's level is
				      * one of gs_level_names */
};

/* One of the three sorted queries and its current row. */
struct stream {
	struct db_stmt *stmt;
	int live; /* 0 after its last row */
	int64_t id;
};

struct sums_job {
	const struct budget_query *q;
	char as_of[DATE_BUF];
	struct budget_result *out;
	struct map index; /* group key -> row + 1 */
	size_t cap;
	int needs[BUDGET_NKEYS]; /* 1: a grouping or a filter uses the key */
	struct map dims[NDIMS];  /* id -> struct dim */
	struct db_stmt *dim_stmt[NDIMS], *by_id;
	/* the grant being read */
	struct gs_grant g;
	const char *keys[BUDGET_NKEYS];
	int counted, fallback;
	size_t ref_cap, bookings_cap, allocations_cap;
};

/* The key texts live in out->strings (one copy per distinct text). */
static int intern(struct sums_job *j, struct db_stmt *stmt, int col, const char **text,
		  struct ft_error *err)
{
	const char *raw = (const char *)db_column_text(stmt, col);
	void *value;

	*text = NULL;
	if (!raw)
		return db_column_type(stmt, col) == DB_NULL ? 0 : ft_fail(err, "out of memory");
	if (!(value = map_put_text(&j->out->strings, raw)))
		return ft_fail(err, "out of memory");
	*text = map_key_text(&j->out->strings, value);
	return 0;
}

static const char *level_key(const char *level)
{
	for (int i = 0; i < GS_NLEVELS; i++)
		if (level && strcmp(level, gs_level_names[i]) == 0)
			return gs_level_names[i];
	return gs_level_names[GS_MUNICIPAL]; /* as grantset.c's level_of */
}

/* Reads the row of kind with this id from the database. */
static int read_dim(struct sums_job *j, struct store *st, enum dim_kind kind, int64_t id,
		    struct dim *d, struct ft_error *err)
{
	struct db_stmt *stmt;
	int rc;

	memset(d, 0, sizeof(*d));
	if (!j->dim_stmt[kind] && store_prepare(st, dim_sql[kind], &j->dim_stmt[kind], err))
		return -1;
	stmt = j->dim_stmt[kind];
	db_reset(stmt);
	db_bind_int64(stmt, 1, id);
	rc = db_step(stmt);
	if (rc == DB_DONE)
		return 0;
	if (rc != DB_ROW)
		return store_fail(st, err, "cannot read the booking sums");
	d->found = 1;
	for (int c = 0; c < db_column_count(stmt) && c < DIM_TEXTS; c++)
		if (intern(j, stmt, c, &d->text[c], err))
			return -1;
	if (kind == DIM_PROGRAMME)
		d->text[2] = level_key(d->text[2]);
	return 0;
}

/* The row of kind with this id, from the kept ones or read now; NULL on
 * error. A NULL id (an optional district) is a row not found. */
static const struct dim *dim_of(struct sums_job *j, struct store *st, enum dim_kind kind,
				struct db_stmt *grant, int col, struct ft_error *err)
{
	static const struct dim none;
	int64_t id = db_column_int64(grant, col);
	struct dim *kept, read;

	if (db_column_type(grant, col) == DB_NULL)
		return &none;
	if ((kept = map_find_int(&j->dims[kind], id)))
		return kept;
	if (read_dim(j, st, kind, id, &read, err))
		return NULL;
	if (!(kept = map_put_int(&j->dims[kind], id))) {
		ft_fail(err, "out of memory");
		return NULL;
	}
	*kept = read;
	return kept;
}

/* The grant's value of every key the query needs (NULL: none). 1 when the
 * grant has its programme and city, 0 when not (it is not read), -1 on
 * error. */
static int grant_values(struct sums_job *j, struct store *st, struct db_stmt *stmt,
			const char *values[BUDGET_NKEYS], struct ft_error *err)
{
	const struct dim *programme = dim_of(j, st, DIM_PROGRAMME, stmt, C_PROGRAMME, err);
	const struct dim *city = programme ? dim_of(j, st, DIM_CITY, stmt, C_CITY, err) : NULL;

	if (!programme || !city)
		return -1;
	if (!programme->found || !city->found)
		return 0;
	values[BUDGET_PROGRAMME] = programme->text[0];
	values[BUDGET_FUNDER] = programme->text[1];
	values[BUDGET_LEVEL] = programme->text[2];
	values[BUDGET_CITY] = city->text[0];
	if (j->needs[BUDGET_DISTRICT]) {
		const struct dim *district = dim_of(j, st, DIM_DISTRICT, stmt, C_DISTRICT, err);

		if (!district)
			return -1;
		values[BUDGET_DISTRICT] = district->text[0];
	}
	if ((j->needs[BUDGET_FIELD] && intern(j, stmt, C_FIELD, &values[BUDGET_FIELD], err)) ||
	    (j->needs[BUDGET_PROJECT] && intern(j, stmt, C_PROJECT, &values[BUDGET_PROJECT], err)))
		return -1;
	return 1;
}

static const char *text_or_empty(struct db_stmt *stmt, int col)
{
	const unsigned char *text = db_column_text(stmt, col);

	return text ? (const char *)text : "";
}

/* Keeps the grant's reference in the job's buffer. */
static int copy_ref(struct sums_job *j, const char *ref, struct ft_error *err)
{
	size_t len = strlen(ref);

	if (VEC_RESERVE(j->g.ref, j->ref_cap, len + 1))
		return ft_fail(err, "out of memory");
	memcpy(j->g.ref, ref, len + 1);
	return 0;
}

/* Starts grant g from its row of grants_sql. The buffers of the grant
 * before are kept for this one. */
static int start_grant(struct sums_job *j, struct store *st, struct db_stmt *stmt,
		       struct ft_error *err)
{
	const char *decided = text_or_empty(stmt, C_DECIDED);
	const char *values[BUDGET_NKEYS] = { 0 };
	struct gs_grant *g = &j->g;
	int found;

	g->nbookings = g->nallocations = 0;
	j->fallback = 0;
	g->id = db_column_int64(stmt, C_ID);
	/* as grantset.c's read_grant: decided after the snapshot day = not yet */
	j->counted = ledger_status_counts(text_or_empty(stmt, C_STATUS)) &&
		     (!decided[0] || strcmp(decided, j->as_of) <= 0);
	if (!j->counted)
		return 0;
	if ((found = grant_values(j, st, stmt, values, err)) < 0)
		return -1;
	/* issue 15: filters choose the grants before they are summed */
	j->counted = found && budget_query_passes(j->q, values, text_or_empty(stmt, C_STATUS),
						  text_or_empty(stmt, C_FROM),
						  text_or_empty(stmt, C_TO));
	if (!j->counted)
		return 0;
	if (copy_ref(j, text_or_empty(stmt, C_REF), err))
		return -1;
	date_copy(g->from, text_or_empty(stmt, C_FROM));
	date_copy(g->to, text_or_empty(stmt, C_TO));
	g->approved = db_column_int64(stmt, C_APPROVED);
	for (int k = 0; k < j->q->nkeys; k++)
		j->keys[k] = values[j->q->keys[k]];
	return 0;
}

/* Starts a grant the grants query does not hold (its approval period lies
 * outside the year, or it is withdrawn): read by its id, or not counted. */
static int start_grant_by_id(struct sums_job *j, struct store *st, int64_t id,
			     struct ft_error *err)
{
	int rc;

	if (!j->by_id && store_prepare(st, GRANTS_SQL " AND g.id = ?", &j->by_id, err))
		return -1;
	db_reset(j->by_id);
	db_bind_int64(j->by_id, 1, id);
	rc = db_step(j->by_id);
	if (rc == DB_ROW)
		return start_grant(j, st, j->by_id, err);
	j->counted = 0;
	return rc == DB_DONE ? 0 : store_fail(st, err, "cannot read the booking sums");
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

/* Takes a row of the sums query (grant, year, drawn, spent, repaid, wide,
 * last day) for the current grant. */
static int add_year(struct sums_job *j, struct db_stmt *stmt, struct ft_error *err)
{
	const char *last = text_or_empty(stmt, 6);

	if (!j->counted || j->fallback)
		return 0;
	if (db_column_int64(stmt, 5) > 0 || strcmp(last, j->as_of) > 0) {
		j->fallback = 1; /* read this grant's bookings one by one */
		return 0;
	}
	if (add_stand_in(j, last, GS_DRAWDOWN, db_column_int64(stmt, 2)) ||
	    add_stand_in(j, last, GS_EXPENDITURE, db_column_int64(stmt, 3)) ||
	    add_stand_in(j, last, GS_REPAYMENT, db_column_int64(stmt, 4)))
		return ft_fail(err, "out of memory");
	return 0;
}

/* Takes a row of the allocations query (grant, year, amount). */
static int add_allocation(struct sums_job *j, struct db_stmt *stmt, struct ft_error *err)
{
	struct gs_allocation *a;

	if (!j->counted)
		return 0;
	if (VEC_RESERVE(j->g.allocations, j->allocations_cap, j->g.nallocations + 1))
		return ft_fail(err, "out of memory");
	a = &j->g.allocations[j->g.nallocations++];
	a->year = db_column_int(stmt, 1);
	a->amount = db_column_int64(stmt, 2);
	return 0;
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
		g->bookings = NULL;
		j->bookings_cap = 0;
		if (gs_load_grant_bookings(g, st, j->as_of, j->q->year, err))
			return -1;
		j->bookings_cap = g->nbookings;
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

static int advance(struct stream *s, struct store *st, struct ft_error *err)
{
	int rc = db_step(s->stmt);

	s->live = rc == DB_ROW;
	if (s->live)
		s->id = db_column_int64(s->stmt, 0);
	return rc == DB_ROW || rc == DB_DONE ? 0 : store_fail(st, err, "cannot read the booking sums");
}

/* The smallest grant id of the live streams in *id; 0 when all are done. */
static int next_id(const struct stream s[3], int64_t *id)
{
	int found = 0;

	for (int i = 0; i < 3; i++)
		if (s[i].live && (!found || s[i].id < *id)) {
			*id = s[i].id;
			found = 1;
		}
	return found;
}

/* Merges the grants (s[0]), allocations (s[1]) and sums (s[2]) by grant
 * id, in the order of the ids, as the former single query read them. */
static int merge_streams(struct sums_job *j, struct store *st, struct stream s[3],
			 struct ft_error *err)
{
	int64_t id;

	for (int i = 0; i < 3; i++)
		if (advance(&s[i], st, err))
			return -1;
	while (next_id(s, &id)) {
		if (s[0].live && s[0].id == id) {
			if (start_grant(j, st, s[0].stmt, err) || advance(&s[0], st, err))
				return -1;
		} else if (start_grant_by_id(j, st, id, err)) {
			return -1;
		}
		while (s[1].live && s[1].id == id)
			if (add_allocation(j, s[1].stmt, err) || advance(&s[1], st, err))
				return -1;
		while (s[2].live && s[2].id == id)
			if (add_year(j, s[2].stmt, err) || advance(&s[2], st, err))
				return -1;
		if (finish_grant(j, st, err))
			return -1;
	}
	return 0;
}

/* Prepares the three queries: for one city (city > 0) or every city, for
 * a year or every year. Each binds its parameters in the order of its '?'. */
static int prepare_streams(struct sums_job *j, struct store *st, int64_t city,
			   struct stream s[3], struct ft_error *err)
{
	const char *in_city = city ? " AND pj.city_id = ?" : "";
	int year = j->q->year, asof_year = date_year(j->as_of), p = 1;
	/* the sums of years after as_of's year hold no booking up to as_of */
	int to_year = year && year < asof_year ? year : asof_year;
	char sql[3][640], last[24], first[24]; /* room for any int year */

	snprintf(sql[0], sizeof(sql[0]), GRANTS_SQL "%s%s ORDER BY g.id", in_city,
		 year ? " AND g.period_to >= ? AND g.period_from <= ?" : "");
	snprintf(sql[1], sizeof(sql[1]),
		 "SELECT a.grant_id, a.year, a.amount_cents FROM allocation a%s "
		 "WHERE 1 = 1%s%s ORDER BY a.grant_id, a.year",
		 city ? CITY_JOIN("a") : "", in_city,
		 /* one city's from its grants: "+" keeps SQLite off the index of
		  * the year, which would read every city's allocations */
		 !year ? "" : city ? " AND +a.year = ?" : " AND a.year = ?");
	snprintf(sql[2], sizeof(sql[2]),
		 "SELECT s.grant_id, s.year, s.drawn_cents, s.spent_cents, s.repaid_cents,"
		 " s.wide, s.last_date FROM booking_year s%s WHERE %s%s "
		 "ORDER BY s.grant_id, s.year",
		 city ? CITY_JOIN("s") : "",
		 /* every city's year: its index gives the grants in order; one
		  * city's from its grants, as the allocations */
		 year != to_year ? "s.year BETWEEN ? AND ?" : city ? "+s.year = ?" : "s.year = ?",
		 in_city);
	for (int i = 0; i < 3; i++)
		if (store_prepare(st, sql[i], &s[i].stmt, err))
			return -1;
	if (city)
		db_bind_int64(s[0].stmt, p++, city);
	if (year) {
		snprintf(first, sizeof(first), "%04d-01-01", year);
		snprintf(last, sizeof(last), "%04d-12-31", year);
		store_bind_text(s[0].stmt, p++, first);
		store_bind_text(s[0].stmt, p, last);
	}
	p = 1;
	if (city)
		db_bind_int64(s[1].stmt, p++, city);
	if (year)
		db_bind_int(s[1].stmt, p, year);
	p = 1;
	db_bind_int(s[2].stmt, p++, year);
	if (year != to_year)
		db_bind_int(s[2].stmt, p++, to_year);
	if (city)
		db_bind_int64(s[2].stmt, p, city);
	return 0;
}

static int read_sums(struct store *st, void *arg, struct ft_error *err)
{
	struct sums_job *j = arg;
	struct stream s[3];
	int64_t city = 0;
	int rc;

	if (!every_city(j->q) && own_city(st, &city, err))
		return -1;
	if (!every_city(j->q) && city == 0)
		return 0; /* no own city: an empty budget */
	memset(s, 0, sizeof(s));
	rc = prepare_streams(j, st, city, s, err) || merge_streams(j, st, s, err) ? -1 : 0;
	for (int i = 0; i < 3; i++)
		db_finalize(s[i].stmt);
	return rc;
}

static void release_job(struct sums_job *j)
{
	free(j->g.ref);
	free(j->g.bookings);
	free(j->g.allocations);
	for (int k = 0; k < NDIMS; k++) {
		map_free(&j->dims[k]);
		db_finalize(j->dim_stmt[k]);
	}
	db_finalize(j->by_id);
	map_free(&j->index);
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
	for (int k = 0; k < NDIMS; k++)
		j.dims[k] = (struct map)MAP_INIT(MAP_INT, struct dim);
	for (int k = 0; k < BUDGET_NKEYS; k++)
		j.needs[k] = q->only[k] != NULL;
	for (int k = 0; k < q->nkeys; k++)
		j.needs[q->keys[k]] = 1;
	out->strings = (struct map)MAP_INIT(MAP_TEXT, char);
	if (q->as_of[0])
		snprintf(j.as_of, sizeof(j.as_of), "%s", q->as_of);
	else
		date_today(j.as_of);
	snprintf(out->gs.as_of, sizeof(out->gs.as_of), "%s", j.as_of);
	rc = store_read(st, read_sums, &j, err);
	release_job(&j);
	if (rc) {
		budget_result_release(out);
		return -1;
	}
	budget_finish(out, q);
	return 0;
}
