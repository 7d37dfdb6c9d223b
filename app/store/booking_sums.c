/* booking_sums.c - the booking sums per grant and year against the
 * bookings (booking_sums.h). */
#include "booking_sums.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "money.h"
#include "vec.h"

/* The stored row s and the recomputed row r side by side, only where they
 * differ; a grant-year missing on one side shows NULLs there. The view
 * comes first: SQLite 3.40 then looks each recomputed row up in
 * booking_year's primary key, where the other order scanned the
 * materialised view once per stored row (100,000 grant-years: 5 minutes
 * instead of one second). */
static const char diff_sql[] =
	"SELECT coalesce(s.grant_id, r.grant_id), coalesce(s.year, r.year), g.ref, c.name,"
	" s.bookings, r.bookings, s.drawn_cents, r.drawn_cents, s.spent_cents, r.spent_cents,"
	" s.repaid_cents, r.repaid_cents, s.interest_cents, r.interest_cents, s.wide, r.wide,"
	" s.last_date, r.last_date "
	"FROM booking_year_recomputed r FULL JOIN booking_year s"
	" ON s.grant_id = r.grant_id AND s.year = r.year "
	"LEFT JOIN \"grant\" g ON g.id = coalesce(s.grant_id, r.grant_id) "
	"LEFT JOIN city c ON c.id = g.city_id "
	"WHERE s.grant_id IS NULL OR r.grant_id IS NULL OR s.bookings IS DISTINCT FROM r.bookings"
	" OR s.drawn_cents IS DISTINCT FROM r.drawn_cents OR s.spent_cents IS DISTINCT FROM r.spent_cents"
	" OR s.repaid_cents IS DISTINCT FROM r.repaid_cents OR s.interest_cents IS DISTINCT FROM r.interest_cents"
	" OR s.wide IS DISTINCT FROM r.wide OR s.last_date IS DISTINCT FROM r.last_date "
	"ORDER BY 1, 2";

enum { D_GRANT, D_YEAR, D_REF, D_CITY, D_FIRST_PAIR };

/* The compared columns, pairwise from D_FIRST_PAIR: stored, recomputed. */
static const struct {
	const char *what;
	int money;
} pairs[] = {
	{ "number of bookings", 0 }, { "drawdowns (Abgerufen)", 1 },
	{ "expenditure (Verausgabt)", 1 }, { "repayments (Zurückgezahlt)", 1 },
	{ "interest (Zinsen)", 1 }, { "amounts beyond the money domain", 0 },
	{ "last booking day", 0 },
};
enum { NPAIRS = sizeof(pairs) / sizeof(pairs[0]) };

static void value_text(struct db_stmt *stmt, int col, int money, char *buf, size_t size)
{
	if (db_column_type(stmt, col) == DB_NULL) {
		snprintf(buf, size, "none");
	} else if (money) {
		char m[MONEY_BUF];

		money_format_de(db_column_int64(stmt, col), m);
		snprintf(buf, size, "%s", m);
	} else {
		snprintf(buf, size, "%s", (const char *)db_column_text(stmt, col));
	}
}

static void describe(struct db_stmt *stmt, struct booking_sums_check *out)
{
	const char *ref = (const char *)db_column_text(stmt, D_REF);
	const char *city = (const char *)db_column_text(stmt, D_CITY);
	char head[300];

	snprintf(head, sizeof(head), "grant '%s' (id %lld%s%s), %lld", ref ? ref : "?",
		 (long long)db_column_int64(stmt, D_GRANT), city ? ", " : "", city ? city : "",
		 (long long)db_column_int64(stmt, D_YEAR));
	if (db_column_type(stmt, D_FIRST_PAIR) == DB_NULL) {
		snprintf(out->first, sizeof(out->first),
			 "%s: no stored sums, but %s bookings", head,
			 (const char *)db_column_text(stmt, D_FIRST_PAIR + 1));
		return;
	}
	if (db_column_type(stmt, D_FIRST_PAIR + 1) == DB_NULL) {
		snprintf(out->first, sizeof(out->first),
			 "%s: stored sums of %s bookings, but no booking", head,
			 (const char *)db_column_text(stmt, D_FIRST_PAIR));
		return;
	}
	for (int p = 0; p < NPAIRS; p++) {
		int col = D_FIRST_PAIR + 2 * p;
		char stored[64], actual[64];

		value_text(stmt, col, pairs[p].money, stored, sizeof(stored));
		value_text(stmt, col + 1, pairs[p].money, actual, sizeof(actual));
		if (strcmp(stored, actual) != 0) {
			snprintf(out->first, sizeof(out->first),
				 "%s: %s stored %s, from the bookings %s", head, pairs[p].what,
				 stored, actual);
			return;
		}
	}
}

static int compare(struct store *st, void *arg, struct ft_error *err)
{
	struct booking_sums_check *out = arg;
	struct db_stmt *stmt;
	int rc;

	if (store_prepare(st, "SELECT count(*) FROM booking_year", &stmt, err))
		return -1;
	if (db_step(stmt) == DB_ROW)
		out->rows = (long)db_column_int64(stmt, 0);
	db_finalize(stmt);
	if (store_prepare(st, diff_sql, &stmt, err))
		return -1;
	while ((rc = db_step(stmt)) == DB_ROW)
		if (out->differences++ == 0)
			describe(stmt, out);
	db_finalize(stmt);
	return rc == DB_DONE ? 0 : store_fail(st, err, "cannot recompute the booking sums");
}

int booking_sums_verify(struct store *st, struct booking_sums_check *out, struct ft_error *err)
{
	memset(out, 0, sizeof(*out));
	return store_read(st, compare, out, err);
}

/* ---- a city's sums written anew (schema/017) -------------------------------------- */

/* The kinds in booking_year's column order: drawn, spent, repaid, interest. */
static const char *const sum_kinds[4] = { "drawdown", "expenditure", "repayment", "interest" };

#define INSERT_HEAD                                                                   \
	"INSERT INTO booking_year (year, grant_id, bookings, drawn_cents, spent_cents, " \
	"repaid_cents, interest_cents, wide, last_date) VALUES "
static const char insert_head[] = INSERT_HEAD;
static const char insert_sql[] = INSERT_HEAD "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";

static void bind_year_sum(struct db_stmt *ins, int first, const struct booking_year_sum *y);

static int write_year_sum(struct store *st, struct db_stmt *ins, const struct booking_year_sum *y,
			  struct ft_error *err)
{
	bind_year_sum(ins, 1, y);
	return store_step_done(st, ins, "cannot recompute the booking sums", err);
}

/* Adds one booking, its amount already within the money domain (cents)
 * or counted as wide, to y; -1 with err when a sum leaves the int64
 * range, as SQLite's sum() would refuse it. */
static int add_to_year(struct booking_year_sum *y, const char *kind, int64_t cents, int64_t wide,
		       const char *date, struct ft_error *err)
{
	for (int k = 0; k < 4; k++)
		if (kind && strcmp(kind, sum_kinds[k]) == 0 &&
		    money_add(y->kinds[k], cents, &y->kinds[k]))
			return money_fail_overflow(err, "the bookings of a grant in one year");
	y->bookings++;
	y->wide += wide;
	if (date && strcmp(date, y->last_date) > 0) {
		size_t n = strnlen(date, sizeof(y->last_date) - 1);

		memcpy(y->last_date, date, n); /* a call per booking: no snprintf */
		y->last_date[n] = '\0';
	}
	return 0;
}

/* Adds the booking row of s (grant, year, kind, amount in the domain,
 * wide, date) to y. */
static int add_booking(struct db_stmt *s, struct booking_year_sum *y, struct ft_error *err)
{
	return add_to_year(y, (const char *)db_column_text(s, 2), db_column_int64(s, 3),
			   db_column_int64(s, 4), (const char *)db_column_text(s, 5), err);
}

/* The sums are built in one pass over the city's bookings in the order
 * of its grants and, within a grant, of the day (two index ranges, no
 * sort): a grant-year's rows come together, so memory stays one row
 * whatever the city's size. A GROUP BY would sort every booking of the
 * city in memory first (the import keeps temporary data in memory: 70 MB
 * more for a city of 1,000,000 bookings). booking_in_domain (schema/014)
 * gives the year and the amount within the money domain, as for
 * booking_year_recomputed. */
int booking_sums_recompute_city(struct store *st, int64_t city_id, int64_t up_to_grant,
				struct ft_error *err)
{
	struct db_stmt *s = NULL, *ins = NULL;
	struct booking_year_sum y = { 0 };
	int rc;

	if (store_run(st, "DELETE FROM booking_year WHERE grant_id IN "
			  "(SELECT id FROM \"grant\" WHERE city_id = ?1 AND id <= ?2)",
		      "cannot recompute the booking sums", err, "ii", city_id, up_to_grant) ||
	    store_prepare(st, "SELECT g.id, b.year, b.kind, b.amount_cents, b.wide, b.date "
			      "FROM \"grant\" g JOIN booking_in_domain b ON b.grant_id = g.id "
			      "WHERE g.city_id = ?1 AND g.id <= ?2 ORDER BY g.ref, b.date",
			  &s, err) ||
	    store_prepare(st, insert_sql, &ins, err)) {
		db_finalize(s);
		return -1;
	}
	db_bind_int64(s, 1, city_id);
	db_bind_int64(s, 2, up_to_grant);
	while ((rc = db_step(s)) == DB_ROW) {
		int64_t grant = db_column_int64(s, 0), year = db_column_int64(s, 1);

		if (y.bookings && (grant != y.grant_id || year != y.year)) {
			if (write_year_sum(st, ins, &y, err))
				break;
			y = (struct booking_year_sum){ 0 };
		}
		y.grant_id = grant;
		y.year = year;
		if (add_booking(s, &y, err))
			break;
	}
	if (rc == DB_DONE && y.bookings && write_year_sum(st, ins, &y, err))
		rc = DB_ROW; /* err says why */
	else if (rc != DB_DONE && rc != DB_ROW)
		store_fail(st, err, "cannot recompute the booking sums");
	db_finalize(s);
	db_finalize(ins);
	return rc == DB_DONE ? 0 : -1;
}

/* ---- one new grant's sums, as its bookings are written ------------------------------ */

void booking_sums_grant_start(struct booking_sums_grant *g, int64_t grant_id)
{
	g->grant_id = grant_id;
	g->first = g->n;
}

/* booking_in_domain of schema/014: the year is the date's first four
 * digits; an amount beyond the money domain counts as wide, with 0 cents. */
int booking_sums_grant_add(struct booking_sums_grant *g, const char *date, const char *kind,
			   int64_t amount, struct ft_error *err)
{
	int64_t year = (int64_t)strtol(date, NULL, 10); /* "2025-03-01": 2025 */
	int beyond = !money_in_domain(amount);
	struct booking_year_sum *y = NULL;

	for (size_t i = g->first; i < g->n && !y; i++)
		if (g->years[i].year == year)
			y = &g->years[i];
	if (!y) {
		if (!(y = VEC_PUSH(g->years, g->n, g->cap)))
			return ft_fail(err, "out of memory");
		*y = (struct booking_year_sum){ .grant_id = g->grant_id, .year = year };
	}
	return add_to_year(y, kind, beyond ? 0 : amount, beyond, date, err);
}

/* Year rows per statement: a new grant has two or three years, and a
 * statement per row cost as much again as the row (issue 19). */
enum { SUM_ROWS = 32, SUM_PARAMS = 9 };

static void bind_year_sum(struct db_stmt *ins, int first, const struct booking_year_sum *y)
{
	db_bind_int64(ins, first, y->year);
	db_bind_int64(ins, first + 1, y->grant_id);
	db_bind_int64(ins, first + 2, y->bookings);
	for (int k = 0; k < 4; k++)
		db_bind_int64(ins, first + 3 + k, y->kinds[k]);
	db_bind_int64(ins, first + 7, y->wide);
	store_bind_text(ins, first + 8, y->last_date);
}

void booking_sums_grant_end(struct booking_sums_grant *g)
{
	g->first = g->n;
}

int booking_sums_grant_write(struct store *st, struct booking_sums_grant *g, struct ft_error *err)
{
	size_t i = 0, done = g->first;

	for (; done - i >= SUM_ROWS; i += SUM_ROWS) {
		if (!g->insert_rows &&
		    store_prepare_rows(st, insert_head, SUM_PARAMS, SUM_ROWS, &g->insert_rows, err))
			return -1;
		for (int r = 0; r < SUM_ROWS; r++)
			bind_year_sum(g->insert_rows, 1 + r * SUM_PARAMS, &g->years[i + (size_t)r]);
		if (store_step_done(st, g->insert_rows, "cannot recompute the booking sums", err))
			return -1;
	}
	if (i < done && !g->insert && store_prepare(st, insert_sql, &g->insert, err))
		return -1;
	for (; i < done; i++)
		if (write_year_sum(st, g->insert, &g->years[i], err))
			return -1;
	if (g->n > done) /* an open grant's years */
		memmove(g->years, g->years + done, (g->n - done) * sizeof(*g->years));
	g->n -= done;
	g->first = 0;
	return 0;
}

void booking_sums_grant_free(struct booking_sums_grant *g)
{
	db_finalize(g->insert);
	db_finalize(g->insert_rows);
	free(g->years);
	*g = (struct booking_sums_grant){ 0 };
}
