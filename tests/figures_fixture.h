/* figures_fixture.h - small databases with hand-computed figures, shared
 * by test_budget.c, test_plan.c, test_check.c and test_deadlines.c.
 * (static inline: each test includes only what it needs without warnings
 * about unused functions.)
 *
 * fx_four_level_db(): the own city Dortmund with funders on all four
 * levels and two projects:
 *
 *   P1 "Alle Ebenen" social-work, NST, 01.07.2025-30.06.2027, costs 200.000
 *     G-EU   EHAP (eu, 50 %)       100.000 running  alloc 25/50/25 (2025-27)
 *            drawdown 10.000 01.12.2025, expenditure 10.000 31.12.2025,
 *            drawdown 20.000 01.01.2026, expenditure 5.000 15.01.2026,
 *            expenditure 15.000 01.04.2026
 *     G-BUND BUND (federal, 20 %)   40.000 running  alloc 10/20/10
 *            drawdown 8.000 01.02.2026, expenditure 8.000 20.02.2026
 *     G-LAND SOE (state, 20 %)      40.000 running  alloc 10/20/10
 *            drawdown 12.000 01.03.2026, expenditure 7.000 10.03.2026,
 *            repayment 1.000 01.05.2026
 *     G-KOM  KOM (municipal)        20.000 running  alloc 5/10/5
 *            drawdown 5.000 01.09.2025, expenditure 5.000 10.09.2025,
 *            drawdown 3.000 01.06.2026 reversed on 02.06.2026
 *   P2 "Wohnen" housing, HOE, 2026, costs 50.000
 *     G-P2-APP  SOE   30.000 applied (never counts)
 *     G-P2-REJ  BUND  10.000 rejected (never counts)
 *     G-P2-REV  EHAP  25.000 revoked, decided 01.12.2025, alloc 2026 25.000
 *               drawdown 10.000 10.01.2026, expenditure 4.000 20.01.2026,
 *               repayment 6.000 01.03.2026
 *     G-P2-LATE KOM    5.000 approved, decided 01.10.2026, alloc 2026 5.000
 */
#ifndef FT_TEST_FIGURES_FIXTURE_H
#define FT_TEST_FIGURES_FIXTURE_H

#include "db.h"
#include <stdio.h>

#include "testutil.h"

static inline void fx_grant(const char *db, const char *ref, const char *project,
			    const char *programme, const char *amount, const char *from,
			    const char *to, const char *status)
{
	tu_ok(db, "grant", "add", ref, "--project", project, "--programme", programme, "--amount",
	      amount, "--from", from, "--to", to, "--status", status, NULL);
}

/* The fixtures hold implausible data on purpose (a drawdown above the cap,
 * spending after the period) for the rule checks to find: they record with
 * --force. Plausibility on entry is tested in test_plausible.c. */
static inline void fx_alloc(const char *db, const char *ref, const char *year,
			    const char *amount)
{
	tu_ok(db, "grant", "alloc", ref, year, amount, "--force", NULL);
}

static inline void fx_book(const char *db, const char *ref, const char *kind,
			   const char *amount, const char *date)
{
	tu_ok(db, "book", ref, kind, amount, "--date", date, "--force", NULL);
}

/* An own city with one funder and programme per level. */
static inline char *fx_city_db(void)
{
	char *db = tu_temp_db();

	tu_ok(db, "init", NULL);
	tu_ok(db, "city", "add", "05913000", "Dortmund", "--own", NULL);
	tu_ok(db, "district", "add", "NST", "Nordstadt", NULL);
	tu_ok(db, "district", "add", "HOE", "Hörde", NULL);
	tu_ok(db, "funder", "add", "ESF", "Europäischer Sozialfonds", "--level", "eu", NULL);
	tu_ok(db, "funder", "add", "BMAS", "Bundesministerium", "--level", "federal", NULL);
	tu_ok(db, "funder", "add", "LAND", "Land NRW", "--level", "state", NULL);
	tu_ok(db, "funder", "add", "DO", "Stadt Dortmund", "--level", "municipal", NULL);
	tu_ok(db, "programme", "add", "EHAP", "EhAP Plus", "--funder", "ESF", "--rate", "50",
	      NULL);
	tu_ok(db, "programme", "add", "BUND", "Bundesprogramm", "--funder", "BMAS", "--rate", "20",
	      NULL);
	tu_ok(db, "programme", "add", "SOE", "Südosteuropa", "--funder", "LAND", "--rate", "20",
	      NULL);
	tu_ok(db, "programme", "add", "KOM", "Eigenanteil", "--funder", "DO", "--rate", "100",
	      "--financing", "full", NULL);
	return db;
}

static inline void fx_p1(const char *db)
{
	tu_ok(db, "project", "add", "P1", "Alle Ebenen", "--field", "social-work", "--district",
	      "NST", "--from", "01.07.2025", "--to", "30.06.2027", "--costs", "200.000,00", NULL);
	fx_grant(db, "G-EU", "P1", "EHAP", "100.000,00", "2025-07-01", "2027-06-30", "running");
	fx_grant(db, "G-BUND", "P1", "BUND", "40.000,00", "2025-07-01", "2027-06-30", "running");
	fx_grant(db, "G-LAND", "P1", "SOE", "40.000,00", "2025-07-01", "2027-06-30", "running");
	fx_grant(db, "G-KOM", "P1", "KOM", "20.000,00", "2025-07-01", "2027-06-30", "running");
	fx_alloc(db, "G-EU", "2025", "25.000,00");
	fx_alloc(db, "G-EU", "2026", "50.000,00");
	fx_alloc(db, "G-EU", "2027", "25.000,00");
	fx_alloc(db, "G-BUND", "2025", "10.000,00");
	fx_alloc(db, "G-BUND", "2026", "20.000,00");
	fx_alloc(db, "G-BUND", "2027", "10.000,00");
	fx_alloc(db, "G-LAND", "2025", "10.000,00");
	fx_alloc(db, "G-LAND", "2026", "20.000,00");
	fx_alloc(db, "G-LAND", "2027", "10.000,00");
	fx_alloc(db, "G-KOM", "2025", "5.000,00");
	fx_alloc(db, "G-KOM", "2026", "10.000,00");
	fx_alloc(db, "G-KOM", "2027", "5.000,00");
	fx_book(db, "G-EU", "drawdown", "10.000,00", "01.12.2025");
	fx_book(db, "G-EU", "expenditure", "10.000,00", "31.12.2025");
	fx_book(db, "G-EU", "drawdown", "20.000,00", "01.01.2026");
	fx_book(db, "G-EU", "expenditure", "5.000,00", "15.01.2026");
	fx_book(db, "G-EU", "expenditure", "15.000,00", "01.04.2026");
	fx_book(db, "G-BUND", "drawdown", "8.000,00", "01.02.2026");
	fx_book(db, "G-BUND", "expenditure", "8.000,00", "20.02.2026");
	fx_book(db, "G-LAND", "drawdown", "12.000,00", "01.03.2026");
	fx_book(db, "G-LAND", "expenditure", "7.000,00", "10.03.2026");
	fx_book(db, "G-LAND", "repayment", "1.000,00", "01.05.2026");
	fx_book(db, "G-KOM", "drawdown", "5.000,00", "01.09.2025");
	fx_book(db, "G-KOM", "expenditure", "5.000,00", "10.09.2025");
	fx_book(db, "G-KOM", "drawdown", "3.000,00", "01.06.2026");
}

/* Reverses the booking written last. */
static inline void fx_reverse_last(const char *db, const char *date)
{
	struct db *conn;
	struct db_stmt *stmt;
	char id[32];

	assert_int_equal(db_open_v2(db, &conn, DB_OPEN_READONLY), DB_OK);
	assert_int_equal(db_prepare(conn, "SELECT max(id) FROM booking", &stmt),
			 DB_OK);
	assert_int_equal(db_step(stmt), DB_ROW);
	snprintf(id, sizeof(id), "%lld", (long long)db_column_int64(stmt, 0));
	db_finalize(stmt);
	db_close(conn);
	tu_ok(db, "book", "--reverses", id, "--date", date, NULL);
}

static inline char *fx_four_level_db(void)
{
	char *db = fx_city_db();

	fx_p1(db);
	fx_reverse_last(db, "02.06.2026");
	tu_ok(db, "project", "add", "P2", "Wohnen", "--field", "housing", "--district", "HOE",
	      "--from", "01.01.2026", "--to", "31.12.2026", "--costs", "50.000,00", NULL);
	fx_grant(db, "G-P2-APP", "P2", "SOE", "30.000,00", "2026-01-01", "2026-12-31", "applied");
	fx_grant(db, "G-P2-REJ", "P2", "BUND", "10.000,00", "2026-01-01", "2026-12-31",
		 "rejected");
	tu_ok(db, "grant", "add", "G-P2-REV", "--project", "P2", "--programme", "EHAP",
	      "--amount", "25.000,00", "--from", "2026-01-01", "--to", "2026-12-31", "--status",
	      "approved", "--decided", "2025-12-01", NULL);
	fx_alloc(db, "G-P2-REV", "2026", "25.000,00");
	fx_book(db, "G-P2-REV", "drawdown", "10.000,00", "10.01.2026");
	fx_book(db, "G-P2-REV", "expenditure", "4.000,00", "20.01.2026");
	fx_book(db, "G-P2-REV", "repayment", "6.000,00", "01.03.2026");
	tu_ok(db, "grant", "status", "G-P2-REV", "revoked", NULL);
	tu_ok(db, "grant", "add", "G-P2-LATE", "--project", "P2", "--programme", "KOM",
	      "--amount", "5.000,00", "--from", "2026-01-01", "--to", "2026-12-31", "--decided",
	      "2026-10-01", NULL);
	fx_alloc(db, "G-P2-LATE", "2026", "5.000,00");
	return db;
}

#endif
