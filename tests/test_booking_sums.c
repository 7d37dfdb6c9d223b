/* test_booking_sums.c - the booking sums per grant and year (schema/014
 * booking_year, issue 19): kept by every path that writes or removes a
 * booking, proved by 'audit verify', and read by 'budget' with the same
 * figures as the bookings one by one. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include "db.h"
#include "booking_sums.h"

#include "figures.h"
#include "figures_fixture.h"
#include "testutil.h"

/* The stored sums equal the sums recomputed from the bookings, row for
 * row, and 'audit verify' says so. */
static void assert_sums_match(const char *db)
{
	struct ft_run r;

	tu_assert_query(db,
			"SELECT (SELECT count(*) FROM (SELECT * FROM booking_year EXCEPT"
			" SELECT * FROM booking_year_recomputed)) + (SELECT count(*) FROM"
			" (SELECT * FROM booking_year_recomputed EXCEPT SELECT * FROM booking_year))",
			"0");
	tu_run(&r, db, "audit", "verify", NULL);
	if (r.rc != 0 || !tu_contains(r.out, "equal their bookings (recomputed)"))
		fail_msg("audit verify (%d):\n%s%s", r.rc, r.out, r.err);
	tu_run_free(&r);
}

/* One grant's row: year, bookings, drawn, spent, repaid, last day. */
#define ROW_SQL(ref)                                                                       \
	"SELECT group_concat(s.year || ' ' || s.bookings || ' ' || s.drawn_cents || ' ' ||"   \
	" s.spent_cents || ' ' || s.repaid_cents || ' ' || s.last_date, '; ') FROM"        \
	" (SELECT * FROM booking_year ORDER BY year) s JOIN \"grant\" g ON g.id = s.grant_id" \
	" WHERE g.ref = '" ref "'"

static void exec_raw(const char *db, const char *sql)
{
	struct db *raw;

	assert_int_equal(db_open_v2(db, &raw, DB_OPEN_READWRITE | DB_OPEN_CREATE), DB_OK);
	assert_int_equal(db_exec(raw, sql), DB_OK);
	db_close(raw);
}

/* G-1 of the small database: 80.000 € for 2023-2024. */
static void book_g1(const char *db)
{
	tu_ok(db, "book", "G-1", "drawdown", "10.000,00", "--date", "15.01.2023", NULL);
	tu_ok(db, "book", "G-1", "expenditure", "4.000,00", "--date", "20.01.2023", NULL);
	tu_ok(db, "book", "G-1", "drawdown", "2.500,00", "--date", "03.03.2024", NULL);
}

/* Grant bookings and a reversal: 2023 holds 10.000 drawn and 4.000 spent
 * (2 bookings, last 20.01.), 2024 2.500 drawn. Reversing booking 1 on
 * 01.02.2023 adds -10.000 to 2023: drawn 0, 3 bookings, last 01.02. */
static void test_grant_bookings_and_reversal(void **state)
{
	char *db = tu_small_db();

	(void)state;
	book_g1(db);
	tu_assert_query(db, ROW_SQL("G-1"),
			"2023 2 1000000 400000 0 2023-01-20; 2024 1 250000 0 0 2024-03-03");
	assert_sums_match(db);
	tu_ok(db, "book", "--reverses", "1", "--date", "01.02.2023", NULL);
	tu_assert_query(db, ROW_SQL("G-1"),
			"2023 3 0 400000 0 2023-02-01; 2024 1 250000 0 0 2024-03-03");
	assert_sums_match(db);
	tu_cleanup(db);
}

/* The raw-SQL tampering of a stored sum is found and named: one cent more
 * drawn in 2023; then a year's row removed. */
static void test_tampered_sums_reported(void **state)
{
	char *db = tu_small_db();

	(void)state;
	book_g1(db);
	exec_raw(db, "UPDATE booking_year SET drawn_cents = drawn_cents + 1 WHERE year = 2023");
	tu_fail(db, 1,
		"the booking sums differ from the bookings in 1 of 2 grant-years; first: grant "
		"'G-1' (id 1, Dortmund), 2023: drawdowns (Abgerufen) stored 10.000,01 €, from the "
		"bookings 10.000,00 €",
		"audit", "verify", NULL);
	exec_raw(db, "UPDATE booking_year SET drawn_cents = drawn_cents - 1 WHERE year = 2023;"
		     "DELETE FROM booking_year WHERE year = 2024");
	tu_fail(db, 1, "first: grant 'G-1' (id 1, Dortmund), 2024: no stored sums, but 1 bookings",
		"audit", "verify", NULL);
	tu_cleanup(db);
}

/* EH: G-EU 85 %, G-BUND 10 %, G-KOM 5 % (share financing), lines 1.1 and
 * 1.2; as in test_finplan.c. */
static char *three_funder_db(void)
{
	char *db = fx_city_db();

	tu_ok(db, "project", "add", "EH", "EhAP Plus", "--field", "social-work", "--costs",
	      "100.000,00", NULL);
	tu_ok(db, "grant", "add", "G-EU", "--project", "EH", "--programme", "EHAP", "--amount",
	      "85.000,00", "--rate", "85", "--from", "2026-01-01", "--to", "2026-12-31", "--status",
	      "running", NULL);
	tu_ok(db, "grant", "add", "G-BUND", "--project", "EH", "--programme", "BUND", "--amount",
	      "10.000,00", "--rate", "10", "--from", "2026-01-01", "--to", "2026-12-31",
	      "--status", "running", NULL);
	tu_ok(db, "grant", "add", "G-KOM", "--project", "EH", "--programme", "KOM", "--amount",
	      "5.000,00", "--rate", "5", "--financing", "share", "--from", "2026-01-01", "--to",
	      "2026-12-31", "--status", "running", NULL);
	tu_ok(db, "plan-line", "add", "EH", "1.1", "Personal", "80.000,00", NULL);
	tu_ok(db, "plan-line", "add", "EH", "1.2", "Sachausgaben", "20.000,00", NULL);
	return db;
}

/* A project booking of 1.000,01 € splits 850,01 / 100,00 / 50,00 (85, 10
 * and 5 % of 100.001 cents, the odd cent to the largest share:
 * test_finplan.c); each share is a booking of its grant, so each grant's
 * 2026 row holds its share as spent. A plan change does not re-split a
 * recorded booking (schema/011), and the sums stay those of the
 * bookings. The reversal (20.04.2026) negates every share: 0 spent, 2
 * bookings each. */
static void test_project_booking_plan_change_reversal(void **state)
{
	char *db = three_funder_db();

	(void)state;
	tu_ok(db, "book", "EH", "expenditure", "1.000,01", "--date", "15.03.2026", "--line", "1.1",
	      NULL);
	tu_assert_query(db, ROW_SQL("G-EU"), "2026 1 0 85001 0 2026-03-15");
	tu_assert_query(db, ROW_SQL("G-BUND"), "2026 1 0 10000 0 2026-03-15");
	tu_assert_query(db, ROW_SQL("G-KOM"), "2026 1 0 5000 0 2026-03-15");
	assert_sums_match(db);
	tu_ok(db, "plan-line", "edit", "EH", "1.1", "--amount", "70.000,00", NULL);
	tu_ok(db, "grant", "edit", "G-BUND", "--amount", "12.000,00", NULL);
	tu_assert_query(db, ROW_SQL("G-EU"), "2026 1 0 85001 0 2026-03-15");
	assert_sums_match(db);
	tu_ok(db, "book", "EH", "--reverses", "1", "--date", "20.04.2026", NULL);
	tu_assert_query(db, ROW_SQL("G-EU"), "2026 2 0 0 0 2026-04-20");
	tu_assert_query(db, ROW_SQL("G-KOM"), "2026 2 0 0 0 2026-04-20");
	assert_sums_match(db);
	tu_cleanup(db);
}

static char *write_beside(const char *db, const char *name, const char *text)
{
	char *path = malloc(4096);
	FILE *f;

	assert_non_null(path);
	snprintf(path, 4096, "%s/%s", tu_db_dir(db), name);
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, strlen(text), f), strlen(text));
	fclose(f);
	return path;
}

/* A CSV batch of 10.000 drawn and 4.000 spent in January 2023, undone:
 * the counter-bookings are dated today (FUNDTRACK_TODAY = 24.11.2026), so
 * 2023 keeps its sums and 2026 holds -10.000 / -4.000. */
static void test_import_batch_undo(void **state)
{
	char *db = tu_small_db();
	char *f = write_beside(db, "buchungen.csv",
			       "Aktenzeichen;Datum;Art;Betrag\n"
			       "G-1;15.01.2023;Mittelabruf;10.000,00\n"
			       "G-1;20.01.2023;Ausgabe;4.000,00\n");

	(void)state;
	tu_ok(db, "import-csv", "bookings", f, NULL);
	tu_assert_query(db, ROW_SQL("G-1"), "2023 2 1000000 400000 0 2023-01-20");
	tu_ok(db, "import-csv", "--undo", "1", NULL);
	tu_assert_query(db, ROW_SQL("G-1"),
			"2023 2 1000000 400000 0 2023-01-20; 2026 2 -1000000 -400000 0 2026-11-24");
	assert_sums_match(db);
	remove(f);
	free(f);
	tu_cleanup(db);
}

static char *data_path(const char *name)
{
	const char *dir = getenv("FT_TEST_DATA");
	char *path = malloc(4096);

	assert_non_null(dir);
	assert_non_null(path);
	snprintf(path, 4096, "%s/exchange/%s", dir, name);
	return path;
}

/* A partner city's snapshot replaced by a newer one and back: the rows
 * of the bookings removed leave the sums with them. */
static void test_exchange_snapshot_replaced(void **state)
{
	char *db = tu_small_db();
	char *v1 = data_path("network/duesseldorf-1.xml"), *v2 = data_path("network/duesseldorf-2.xml");

	(void)state;
	tu_ok(db, "import", v1, NULL);
	assert_sums_match(db);
	tu_ok(db, "import", v2, NULL);
	assert_sums_match(db);
	tu_ok(db, "import", v1, "--force", NULL); /* the older delivery back */
	assert_sums_match(db);
	tu_assert_query(db, "SELECT sum(bookings) = (SELECT count(*) FROM booking) FROM booking_year",
			"1");
	free(v1);
	free(v2);
	tu_cleanup(db);
}

/* A partner city's bookings skip the row-by-row sums while its import
 * writes them, and the import recomputes that city's sums once before it
 * commits (schema/017, booking_sums_recompute_city): every grant-year of the
 * city comes out right, even one spoiled before, and no other city's row
 * is touched. The plan's shares (format 1.1), written in the same bulk,
 * are summed too. */
/* New grants' sums added up booking by booking, as the import of a
 * partner city does (booking_sums_grant_add): the figures of
 * booking_in_domain (schema/014) by hand. Years come in any order, a
 * reversal nets its original out but counts as a booking, an amount
 * beyond +-10^13 cents counts as wide with 0 cents. */
static void test_new_grant_sums_added_up(void **state)
{
	struct booking_sums_grant g = { 0 };
	struct ft_error err;
	const struct booking_year_sum *y24, *y25;

	(void)state;
	booking_sums_grant_start(&g, 7);
	assert_int_equal(booking_sums_grant_add(&g, "2024-03-01", "drawdown", 1000000, &err), 0);
	assert_int_equal(booking_sums_grant_add(&g, "2025-01-10", "expenditure", 250000, &err), 0);
	assert_int_equal(booking_sums_grant_add(&g, "2024-12-31", "expenditure", 400000, &err), 0);
	assert_int_equal(booking_sums_grant_add(&g, "2024-06-30", "expenditure", -400000, &err), 0);
	assert_int_equal(booking_sums_grant_add(&g, "2025-02-01", "interest", 20000000000000LL, &err),
			 0);
	assert_int_equal(booking_sums_grant_add(&g, "2024-01-05", "repayment", 5000, &err), 0);
	assert_int_equal(booking_sums_grant_add(&g, "2025-01-02", "interest", 10000000000000LL, &err),
			 0);
	assert_int_equal(g.n, 2);
	y24 = &g.years[0];
	y25 = &g.years[1];
	assert_int_equal(y24->grant_id, 7);
	assert_int_equal(y24->year, 2024);
	assert_int_equal(y24->bookings, 4);
	assert_int_equal(y24->kinds[0], 1000000); /* drawn */
	assert_int_equal(y24->kinds[1], 0);       /* spent: 400.000 reversed */
	assert_int_equal(y24->kinds[2], 5000);    /* repaid */
	assert_int_equal(y24->kinds[3], 0);
	assert_int_equal(y24->wide, 0);
	assert_string_equal(y24->last_date, "2024-12-31");
	assert_int_equal(y25->year, 2025);
	assert_int_equal(y25->bookings, 3);
	assert_int_equal(y25->kinds[1], 250000);
	assert_int_equal(y25->kinds[3], 10000000000000LL); /* 10^13 itself is in the domain */
	assert_int_equal(y25->wide, 1);
	assert_string_equal(y25->last_date, "2025-02-01");
	/* the next grant's years wait beside the first one's: a year the
	 * two share is counted for each apart */
	booking_sums_grant_start(&g, 8);
	assert_int_equal(g.n, 2);
	assert_int_equal(booking_sums_grant_add(&g, "2024-02-02", "drawdown", 300, &err), 0);
	assert_int_equal(g.n, 3);
	assert_int_equal(g.years[2].grant_id, 8);
	assert_int_equal(g.years[2].year, 2024);
	assert_int_equal(g.years[2].bookings, 1);
	assert_int_equal(g.years[0].bookings, 4);
	assert_int_equal(g.years[0].kinds[0], 1000000);
	/* a sum beyond int64 is refused, as SQLite's sum() would */
	int rc = 0;
	for (long i = 0; i < 922338 && rc == 0; i++)
		rc = booking_sums_grant_add(&g, "2026-05-05", "drawdown", 10000000000000LL, &err);
	assert_int_equal(rc, -1);
	assert_true(tu_contains(err.msg, "the bookings of a grant in one year"));
	booking_sums_grant_free(&g);
}

static void test_partner_sums_recomputed_once(void **state)
{
	char *db = tu_small_db();
	char *v1 = data_path("network/duesseldorf-1.xml"), *v2 = data_path("network/duesseldorf-2.xml");
	char *plan = data_path("delivery/gelsenkirchen-plan-1.1.xml");
	const char *partner = "(SELECT g.id FROM \"grant\" g JOIN city c ON c.id = g.city_id "
			      "WHERE c.own = 0)";
	char sql[600];

	(void)state;
	book_g1(db);
	tu_ok(db, "import", v1, NULL);
	assert_sums_match(db);
	/* spoil one row of the partner and one of the own city behind fundtrack's back */
	snprintf(sql, sizeof(sql),
		 "UPDATE booking_year SET spent_cents = spent_cents + 1 WHERE grant_id = (SELECT "
		 "min(grant_id) FROM booking_year WHERE grant_id IN %s);"
		 "UPDATE booking_year SET drawn_cents = 7 WHERE year = 2024 AND grant_id = "
		 "(SELECT id FROM \"grant\" WHERE ref = 'G-1')",
		 partner);
	exec_raw(db, sql);
	tu_ok(db, "import", v2, NULL);
	/* the partner's sums are its bookings again; the own city's spoiled row stays */
	tu_assert_query(db, "SELECT drawn_cents FROM booking_year WHERE year = 2024 AND grant_id = "
			    "(SELECT id FROM \"grant\" WHERE ref = 'G-1')", "7");
	snprintf(sql, sizeof(sql),
		 "SELECT count(*) FROM (SELECT * FROM booking_year WHERE grant_id IN %s EXCEPT "
		 "SELECT * FROM booking_year_recomputed)", partner);
	tu_assert_query(db, sql, "0");
	exec_raw(db, "UPDATE booking_year SET drawn_cents = 250000 WHERE year = 2024 AND "
		     "grant_id = (SELECT id FROM \"grant\" WHERE ref = 'G-1')");
	assert_sums_match(db);
	tu_ok(db, "import", plan, NULL);
	tu_assert_query(db, "SELECT count(*) > 0 FROM project_booking_share", "1");
	assert_sums_match(db);
	free(v1);
	free(v2);
	free(plan);
	tu_cleanup(db);
}

/* The budget from the sums equals the budget over every booking
 * (figures_budget_of over a loaded set), row for row, on the demo: every
 * grouping, every year from 2016 to 2028 and several as-of days (one in
 * the middle of a year, where bookings after it fall back to single
 * bookings). */
static void assert_same_budget(struct store *st, const struct budget_query *q)
{
	struct budget_result a, b;
	struct grantset gs;
	struct ft_error err;
	int all = 0;

	for (int k = 0; k < q->nkeys; k++)
		all |= q->keys[k] == BUDGET_CITY;
	assert_int_equal(figures_budget(st, q, &a, &err), 0);
	assert_int_equal(grantset_load_year(&gs, st, all ? GS_ALL_CITIES : GS_OWN_CITY, q->as_of,
					    q->year, &err), 0);
	assert_int_equal(figures_budget_of(&gs, q, &b, &err), 0);
	assert_int_equal(a.nrows, b.nrows);
	assert_int_equal(a.ngrants, b.ngrants);
	assert_memory_equal(&a.total, &b.total, sizeof(a.total));
	for (size_t i = 0; i < a.nrows; i++) {
		assert_memory_equal(&a.rows[i].f, &b.rows[i].f, sizeof(a.rows[i].f));
		assert_int_equal(a.rows[i].ngrants, b.rows[i].ngrants);
		for (int k = 0; k < q->nkeys; k++)
			if (a.rows[i].keys[k] || b.rows[i].keys[k])
				assert_string_equal(a.rows[i].keys[k], b.rows[i].keys[k]);
	}
	budget_result_release(&a);
	budget_result_release(&b);
	grantset_release(&gs);
}

static void test_budget_from_sums_equals_bookings(void **state)
{
	static const char *const as_of[] = { "", "2024-06-30", "2025-02-14", "2030-01-01" };
	char *db = tu_temp_db();
	struct store *st;
	struct ft_error err;

	(void)state;
	tu_ok(db, "demo", NULL);
	assert_int_equal(store_open(&st, db, STORE_EXISTING, STORE_JOURNAL_WAL, &err), 0);
	for (size_t d = 0; d < sizeof(as_of) / sizeof(as_of[0]); d++)
		for (int year = 2015; year <= 2028; year++) { /* 2015: every year */
			for (int k = 0; k < BUDGET_NKEYS; k++) {
				struct budget_query q = { .keys = { (enum budget_key)k,
								    BUDGET_LEVEL },
							  .nkeys = k == BUDGET_LEVEL ? 1 : 2,
							  .year = year == 2015 ? 0 : year };

				snprintf(q.as_of, sizeof(q.as_of), "%s", as_of[d]);
				assert_same_budget(st, &q);
			}
		}
	store_close(st);
	tu_cleanup(db);
}

/* Grants the budget's grants query of a year does not hold, since their
 * approval period lies outside the year, still count where they have an
 * allocation or bookings in it (read by their id when the merge of the
 * sorted queries meets them); a withdrawn grant never counts, whatever it
 * has. Same figures as over every booking, for every year and grouping. */
static void test_budget_outside_period_equals_bookings(void **state)
{
	char *db = tu_temp_db();
	struct store *st;
	struct ft_error err;

	(void)state;
	tu_ok(db, "demo", NULL);
	/* allocations and bookings of 2020-2022 left after the period */
	tu_ok(db, "grant", "edit", "SOE-2020/003", "--to", "2020-06-30", "--force", NULL);
	/* an allocation after the period, and one before it */
	tu_ok(db, "grant", "alloc", "EHAP-EU-2021/008", "2025", "1000", "--force", NULL);
	tu_ok(db, "grant", "alloc", "KOM-2025/007", "2024", "500", "--force", NULL);
	tu_ok(db, "grant", "add", "W-1", "--project", "ANK-1", "--programme", "EHAP-BUND",
	      "--amount", "1000", "--from", "2024-01-01", "--to", "2024-12-31", "--status",
	      "approved", NULL);
	tu_ok(db, "grant", "alloc", "W-1", "2024", "500", NULL);
	tu_ok(db, "grant", "withdraw", "W-1", "--reason", "test", NULL);
	assert_int_equal(store_open(&st, db, STORE_EXISTING, STORE_JOURNAL_WAL, &err), 0);
	for (int year = 2015; year <= 2027; year++) /* 2015: every year */
		for (int k = 0; k < BUDGET_NKEYS; k++) {
			struct budget_query q = { .keys = { (enum budget_key)k }, .nkeys = 1,
						  .year = year == 2015 ? 0 : year };

			assert_same_budget(st, &q);
		}
	store_close(st);
	tu_cleanup(db);
}

/* The settlement's load (grantset_load_grant): the grant settled has its
 * bookings one by one, exactly as a full load has them; every other grant
 * has its sums, with the same figures as its bookings. */
static void assert_same_grant_load(struct store *st, const struct grantset *full, size_t i,
				   const char *as_of)
{
	const struct gs_grant *want = &full->grants[i], *got;
	struct grantset gs;
	struct ft_error err;

	assert_int_equal(grantset_load_grant(&gs, st, want->ref, as_of, &err), 0);
	assert_null(gs.single_ref);
	assert_int_equal(gs.ngrants, full->ngrants);
	got = &gs.grants[i];
	assert_string_equal(got->ref, want->ref);
	assert_int_equal(got->nbookings, want->nbookings);
	for (size_t b = 0; b < want->nbookings; b++) {
		assert_int_equal(got->bookings[b].id, want->bookings[b].id);
		assert_string_equal(got->bookings[b].date, want->bookings[b].date);
		assert_int_equal(got->bookings[b].kind, want->bookings[b].kind);
		assert_int_equal(got->bookings[b].amount, want->bookings[b].amount);
		assert_int_equal(got->bookings[b].cancelled, want->bookings[b].cancelled);
		assert_string_equal(got->bookings[b].service_date, want->bookings[b].service_date);
	}
	for (size_t k = 0; k < gs.ngrants; k++)
		for (int kind = GS_DRAWDOWN; kind <= GS_INTEREST; kind++) {
			int64_t a, b;

			assert_int_equal(gs_sum(&gs.grants[k], (enum gs_kind)kind, NULL, NULL, &a, &err), 0);
			assert_int_equal(gs_sum(&full->grants[k], (enum gs_kind)kind, NULL, NULL, &b, &err),
					 0);
			assert_int_equal(a, b);
		}
	grantset_release(&gs);
}

static void test_grant_load_equals_full_load(void **state)
{
	static const char *const as_of[] = { "", "2024-06-30", "2025-02-14" };
	char *db = tu_temp_db();
	struct store *st;
	struct ft_error err;
	size_t singles = 0;

	(void)state;
	tu_ok(db, "demo", NULL);
	assert_int_equal(store_open(&st, db, STORE_EXISTING, STORE_JOURNAL_WAL, &err), 0);
	for (size_t d = 0; d < sizeof(as_of) / sizeof(as_of[0]); d++) {
		struct grantset full;

		assert_int_equal(grantset_load(&full, st, GS_OWN_CITY, as_of[d], &err), 0);
		assert_true(full.ngrants > 10);
		for (size_t i = 0; i < full.ngrants; i++) {
			assert_same_grant_load(st, &full, i, as_of[d]);
			singles += full.grants[i].nbookings;
		}
		grantset_release(&full);
	}
	assert_true(singles > 100); /* the demo's grants have bookings to compare */
	store_close(st);
	tu_cleanup(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_grant_bookings_and_reversal),
		cmocka_unit_test(test_tampered_sums_reported),
		cmocka_unit_test(test_project_booking_plan_change_reversal),
		cmocka_unit_test(test_import_batch_undo),
		cmocka_unit_test(test_exchange_snapshot_replaced),
		cmocka_unit_test(test_new_grant_sums_added_up),
		cmocka_unit_test(test_partner_sums_recomputed_once),
		cmocka_unit_test(test_budget_from_sums_equals_bookings),
		cmocka_unit_test(test_budget_outside_period_equals_bookings),
		cmocka_unit_test(test_grant_load_equals_full_load),
	};

	return tu_exit_code(cmocka_run_group_tests(tests, NULL, NULL));
}
