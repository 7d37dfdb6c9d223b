/* test_finplan.c - the financing plan (plan-line, plan-cover, plan), the
 * split of an expenditure booked once on a project (finplan_split, ANBest-P
 * Nr. 1.4), its reversal, and what budget, plan, export and check see.
 * Every figure is computed by hand in the comment beside it. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "finplan.h"
#include "figures_fixture.h"
#include "testutil.h"

/* ---- finplan_split: one case per financing type --------------------------- */

static struct fp_member grant(enum fp_financing financing, int64_t id, int64_t weight)
{
	return (struct fp_member){ FP_GRANT, financing, id, weight, 0, 0 };
}

static struct fp_member other(enum fp_source source, int64_t weight)
{
	return (struct fp_member){ source, FP_SHARE, 0, weight, 0, 0 };
}

static void split(struct fp_member *m, size_t n, int64_t before, int64_t amount)
{
	struct ft_error err;
	int64_t sum = 0;

	assert_int_equal(finplan_split(m, n, before, amount, &err), 0);
	for (size_t i = 0; i < n; i++)
		sum += m[i].share;
	assert_int_equal(sum, amount); /* the shares add up exactly */
}

/* Share financing, EU 85.000 / Bund 10.000 / city 5.000, no own funds:
 * 1.000,01 € = 100001 cents -> 85000,85 / 10000,10 / 5000,05 cents;
 * floors 85000 + 10000 + 5000 = 100000, one cent left: the largest
 * remainder (,85) is the EU's -> 85001 / 10000 / 5000. */
static void test_split_share_odd_cents(void **state)
{
	struct fp_member m[] = { grant(FP_SHARE, 1, 8500000), grant(FP_SHARE, 2, 1000000),
				 grant(FP_SHARE, 3, 500000), other(FP_OWN, 0) };

	(void)state;
	split(m, 4, 0, 100001);
	assert_int_equal(m[0].share, 85001);
	assert_int_equal(m[1].share, 10000);
	assert_int_equal(m[2].share, 5000);
	assert_int_equal(m[3].share, 0);
	/* 0,03 € = 3 cents: 2,55 / 0,30 / 0,15 -> floors 2 / 0 / 0, one cent
	 * left -> the EU (,55): 3 / 0 / 0 */
	split(m, 4, 100001, 3);
	assert_int_equal(m[0].share, 3);
	assert_int_equal(m[1].share, 0);
	assert_int_equal(m[2].share, 0);
}

/* Fixed amount 30.000 with third-party 10.000 and own 10.000 (pro rata,
 * ANBest-P Nr. 1.4.1): 333,33 € = 33333 cents x 3/5, 1/5, 1/5 =
 * 19999,8 / 6666,6 / 6666,6 -> floors 19999 / 6666 / 6666 = 33331, two
 * cents left: the fixed grant (,8), then third-party (,6, listed before
 * own) -> 20000 / 6667 / 6666. */
static void test_split_fixed_with_other_means(void **state)
{
	struct fp_member m[] = { grant(FP_FIXED, 1, 3000000), other(FP_THIRD, 1000000),
				 other(FP_OWN, 1000000) };

	(void)state;
	split(m, 3, 0, 33333);
	assert_int_equal(m[0].share, 20000);
	assert_int_equal(m[1].share, 6667);
	assert_int_equal(m[2].share, 6666);
}

/* Deficit 80.000 after own funds of 20.000 (ANBest-P Nr. 1.4.2): the
 * first 15.000 are own money; 10.000 after 15.000: 5.000 own (the rest of
 * the 20.000), 5.000 grant; 90.000 after 25.000: the grant's layer is
 * 20.000..100.000, so 75.000 grant, and 15.000 beyond the plan are own. */
static void test_split_deficit_after_own_funds(void **state)
{
	struct fp_member m[] = { grant(FP_DEFICIT, 1, 8000000), other(FP_OWN, 2000000) };

	(void)state;
	split(m, 2, 0, 1500000);
	assert_int_equal(m[0].share, 0);
	assert_int_equal(m[1].share, 1500000);
	split(m, 2, 1500000, 1000000);
	assert_int_equal(m[0].share, 500000);
	assert_int_equal(m[1].share, 500000);
	split(m, 2, 2500000, 9000000);
	assert_int_equal(m[0].share, 7500000);
	assert_int_equal(m[1].share, 1500000);
}

/* Full financing 50.000: the grant alone; 60.000 -> 50.000 grant, 10.000
 * beyond it own; 100,00 after 49.950,00 -> 50,00 grant, 50,00 own. */
static void test_split_full_financing(void **state)
{
	struct fp_member m[] = { grant(FP_FULL, 1, 5000000), other(FP_OWN, 0) };
	struct fp_member no_own[] = { grant(FP_SHARE, 1, 5000000) };
	struct ft_error err;

	(void)state;
	split(m, 2, 0, 6000000);
	assert_int_equal(m[0].share, 5000000);
	assert_int_equal(m[1].share, 1000000);
	split(m, 2, 4995000, 10000);
	assert_int_equal(m[0].share, 5000);
	assert_int_equal(m[1].share, 5000);
	assert_int_equal(finplan_split(no_own, 1, 0, 100, &err), -1);
	assert_int_equal(finplan_split(m, 2, 0, 0, &err), -1);
}

/* ---- the three-funder project booked once ------------------------------------- */

/* EH "EhAP Plus", costs 100.000, lines 1.1 Personal 80.000 and 1.2
 * Sachausgaben 20.000; grants in 2026, running: G-EU 85.000 (85 %),
 * G-BUND 10.000 (10 %), G-KOM 5.000 (the city's 5 %, share financing). */
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

/* 1.000,01 € on 1.1: 850,01 / 100,00 / 50,00 (test_split_share_odd_cents);
 * 333,33 € on 1.2 = 33333 cents: 28333,05 / 3333,3 / 1666,65 -> floors
 * 28333 / 3333 / 1666 = 33332, one cent to the city (,65): 283,33 / 33,33 /
 * 16,67. Sums: EU 1.133,34, Bund 133,33, city 66,67, together 1.333,34. */
static void book_twice(const char *db)
{
	struct ft_run r;

	tu_run(&r, db, "book", "EH", "expenditure", "1.000,01", "--date", "15.03.2026", "--line",
	       "1.1", "--ref", "B-1", NULL);
	assert_int_equal(r.rc, 0);
	assert_true(tu_contains(r.out, "booked expenditure 1.000,01 € on project EH (project "
				       "booking P1): G-EU 850,01 €, G-BUND 100,00 €, G-KOM 50,00 €"));
	tu_run_free(&r);
	tu_ok(db, "book", "EH", "Ausgabe", "333,33", "--date", "15.04.2026", "--line", "1.2", NULL);
}

static void test_three_funders_budget_plan_bookings(void **state)
{
	char *db = three_funder_db();
	struct ft_run r;

	(void)state;
	book_twice(db);
	/* each share is a booking of its grant, in the order of the grants */
	tu_assert_query(db, "SELECT group_concat(g.ref || '=' || b.amount_cents, ' ') FROM booking b "
			    "JOIN \"grant\" g ON g.id = b.grant_id ORDER BY b.id",
			"G-EU=85001 G-BUND=10000 G-KOM=5000 G-EU=28333 G-BUND=3333 G-KOM=1667");
	tu_assert_query(db, "SELECT count(*) || ' ' || sum(amount_cents) FROM project_booking",
			"2 133334");
	/* budget: spent per level */
	tu_run(&r, db, "--format", "csv", "budget", "--by", "level", NULL);
	assert_int_equal(r.rc, 0);
	assert_true(tu_contains(r.out, "eu,85000.00,0.00,0.00,1133.34,"));
	assert_true(tu_contains(r.out, "federal,10000.00,0.00,0.00,133.33,"));
	assert_true(tu_contains(r.out, "municipal,5000.00,0.00,0.00,66.67,"));
	tu_run_free(&r);
	/* plan: per line and per means of cover; own funds derived (100.000 -
	 * 100.000 = 0) and said so */
	tu_run(&r, db, "--format", "csv", "plan", "EH", NULL);
	assert_int_equal(r.rc, 0);
	assert_true(tu_contains(r.out, "1.1,Personal,80000.00,1000.01,78999.99,1.25\n"));
	assert_true(tu_contains(r.out, "1.2,Sachausgaben,20000.00,333.33,19666.67,1.67\n"));
	assert_true(tu_contains(r.out, ",Total,100000.00,1333.34,98666.66,1.33\n"));
	assert_true(tu_contains(r.out, "G-EU,eu,share,85000.00,85.00,1133.34,1133.34,"
				       "83866.66\n"));
	assert_true(tu_contains(r.out, "G-BUND,federal,share,10000.00,10.00,133.33,"
				       "133.33,9866.67\n"));
	assert_true(tu_contains(r.out, "G-KOM,municipal,share,5000.00,5.00,66.67,66.67,"
				       "4933.33\n"));
	assert_true(tu_contains(r.out, "not recorded: planned costs - grants"));
	assert_true(tu_contains(r.out, "P1,2026-03-15,,1.1,1000.01,B-1,\n"));
	tu_run_free(&r);
	/* bookings of one grant list its shares */
	tu_run(&r, db, "bookings", "G-KOM", NULL);
	assert_true(tu_contains(r.out, "Anteil an Projektbuchung P2 (EH)"));
	assert_true(tu_contains(r.out, "16,67 €"));
	tu_run_free(&r);
	tu_run(&r, db, "audit", "verify", NULL);
	assert_int_equal(r.rc, 0);
	tu_run_free(&r);
	tu_assert_query(db, "SELECT count(*) FROM audit_log WHERE table_name IN "
			    "('project_booking', 'project_booking_share', 'plan_line')",
			"10"); /* 2 lines, 2 project bookings, 6 shares */
	tu_cleanup(db);
}

/* export 1.1 writes the project bookings on the project (the reader splits
 * them again, test_exchange_plan.c); 1.0 writes each grant's share as that
 * grant's booking in a valid file (partners and 'budget' agree). */
static void test_three_funders_export(void **state)
{
	char *db = three_funder_db();
	char path[512];
	struct ft_run r;

	(void)state;
	book_twice(db);
	snprintf(path, sizeof(path), "%s/db.xml", tu_db_dir(db));
	tu_ok(db, "export", "-o", path, NULL);
	tu_run(&r, NULL, "validate", path, NULL);
	assert_int_equal(r.rc, 0);
	tu_run_free(&r);
	tu_run(&r, db, "export", NULL);
	assert_true(tu_contains(r.out, "requires=\"financing-plan project-bookings\""));
	assert_true(tu_contains(r.out, "<booking id=\"1\" date=\"2026-03-15\" kind=\"expenditure\" "
				       "line=\"1.1\" currency=\"EUR\" reference=\"B-1\">1000.01</booking>"));
	assert_false(tu_contains(r.out, "Anteil an Projektbuchung"));
	tu_run_free(&r);
	tu_run(&r, db, "export", "--format-version", "1.0", NULL);
	assert_true(tu_contains(r.out, "note=\"Anteil an Projektbuchung P1 (EH)\">850.01</booking>"));
	assert_true(tu_contains(r.out, "note=\"Anteil an Projektbuchung P1 (EH)\">100.00</booking>"));
	assert_true(tu_contains(r.out, "note=\"Anteil an Projektbuchung P2 (EH)\">16.67</booking>"));
	tu_run_free(&r);
	remove(path);
	tu_cleanup(db);
}

/* A reversal negates the project booking and every share; the shares
 * cannot be reversed one by one, nor the project booking twice. */
static void test_reversal(void **state)
{
	char *db = three_funder_db();
	struct ft_run r;

	(void)state;
	book_twice(db);
	tu_fail(db, 1, "booking 1 is a grant's share of project booking P1: reverse the whole "
		       "project booking with 'fundtrack book EH --reverses 1'",
		"book", "--reverses", "1", NULL);
	tu_run(&r, db, "book", "EH", "--reverses", "1", "--date", "20.04.2026", NULL);
	assert_int_equal(r.rc, 0);
	assert_true(tu_contains(r.out, "booked the reversal -1.000,01 € on project EH (project "
				       "booking P3): G-EU -850,01 €, G-BUND -100,00 €, G-KOM "
				       "-50,00 €"));
	tu_run_free(&r);
	tu_assert_query(db, "SELECT group_concat(amount_cents || '/' || reverses_id, ' ') FROM "
			    "booking WHERE reverses_id IS NOT NULL",
			"-85001/1 -10000/2 -5000/3");
	tu_fail(db, 1, "project booking P1 was already reversed by P3", "book", "EH", "--reverses",
		"1", NULL);
	tu_fail(db, 1, "project booking P3 is itself a reversal of P1", "book", "EH", "--reverses",
		"3", NULL);
	tu_fail(db, 1, "no project booking P9 on project 'EH'", "book", "EH", "--reverses", "9",
		NULL);
	/* what is left: the 333,33 */
	tu_run(&r, db, "--format", "csv", "budget", "--by", "level", NULL);
	assert_true(tu_contains(r.out, "eu,85000.00,0.00,0.00,283.33,"));
	assert_true(tu_contains(r.out, "municipal,5000.00,0.00,0.00,16.67,"));
	tu_run_free(&r);
	tu_run(&r, db, "--format", "csv", "plan", "EH", NULL);
	assert_true(tu_contains(r.out, "1.1,Personal,80000.00,0.00,80000.00,0.00\n"));
	assert_true(tu_contains(r.out, "P3,2026-04-20,,1.1,-1000.01,B-1,P1\n"));
	tu_run_free(&r);
	tu_cleanup(db);
}

/* Recorded own funds take part pro rata: weights 85.000 / 10.000 /
 * 5.000 / own 10.000 (110.000): 110,00 € -> 85,00 / 10,00 / 5,00 / 10,00. */
static void test_recorded_own_funds(void **state)
{
	char *db = three_funder_db();
	struct ft_run r;

	(void)state;
	tu_ok(db, "plan-cover", "set", "EH", "Eigenmittel", "10.000,00", NULL);
	tu_run(&r, db, "book", "EH", "expenditure", "110,00", "--date", "01.05.2026", NULL);
	assert_true(tu_contains(r.out, "G-EU 85,00 €, G-BUND 10,00 €, G-KOM 5,00 €, own funds "
				       "10,00 €"));
	tu_run_free(&r);
	tu_run(&r, db, "--format", "csv", "plan", "EH", NULL);
	assert_true(tu_contains(r.out, "Carrier's own funds,,,10000.00,9.09,10.00,10.00,"
				       "9990.00\n"));
	assert_true(tu_contains(r.out, "recorded ('fundtrack plan-cover set')"));
	/* 110,00 without a line */
	assert_true(tu_contains(r.out, ",without a cost line,0.00,110.00,-110.00,\n"));
	tu_run_free(&r);
	tu_ok(db, "plan-cover", "set", "EH", "own", "none", NULL);
	tu_assert_query(db, "SELECT count(*) FROM plan_cover", "0");
	tu_cleanup(db);
}

/* Deficit financing through the commands: costs 100.000, deficit grant
 * 80.000, own funds not recorded -> 100.000 - 80.000 = 20.000 derived;
 * 25.000 -> 20.000 own, 5.000 the grant. */
static void test_deficit_project(void **state)
{
	char *db = fx_city_db();
	struct ft_run r;

	(void)state;
	tu_ok(db, "project", "add", "DEF", "Fehlbedarf", "--field", "health", "--costs",
	      "100.000,00", NULL);
	tu_ok(db, "grant", "add", "G-DEF", "--project", "DEF", "--programme", "SOE", "--amount",
	      "80.000,00", "--financing", "deficit", "--from", "2026-01-01", "--to", "2026-12-31",
	      "--status", "running", NULL);
	tu_run(&r, db, "book", "DEF", "expenditure", "25.000,00", "--date", "01.03.2026", NULL);
	assert_int_equal(r.rc, 0);
	assert_true(tu_contains(r.out, "G-DEF 5.000,00 €, own funds 20.000,00 €"));
	tu_run_free(&r);
	tu_assert_query(db, "SELECT sum(amount_cents) FROM booking", "500000");
	tu_cleanup(db);
}

/* ---- error paths: clear message, database unchanged ---------------------------- */

static void test_errors(void **state)
{
	char *db = three_funder_db();

	(void)state;
	tu_fail(db, 1, "no grant 'NOPE' in this city, nor a project of that code", "book", "NOPE", "expenditure",
		"10,00", "--date", "01.03.2026", NULL);
	tu_fail(db, 1, "no project 'G-EU' in this city", "book", "G-EU", "expenditure", "10,00",
		"--date", "01.03.2026", "--project", NULL);
	tu_fail(db, 1, "no cost line '9.9' in the financing plan of project 'EH' (see 'fundtrack "
		       "plan EH')",
		"book", "EH", "expenditure", "10,00", "--date", "01.03.2026", "--line", "9.9", NULL);
	tu_fail(db, 1, "'EH' is a project: a project booking is an expenditure; book a drawdown "
		       "on one of its grants",
		"book", "EH", "drawdown", "10,00", "--date", "01.03.2026", NULL);
	tu_fail(db, 1, "--line is for project bookings: 'G-EU' is a grant", "book", "G-EU",
		"expenditure", "10,00", "--date", "01.03.2026", "--line", "1.1", NULL);
	tu_fail(db, 1, "no grant of project 'EH' can take an expenditure of 01.03.2027", "book",
		"EH", "expenditure", "10,00", "--date", "01.03.2027", NULL);
	tu_ok(db, "project", "add", "LEER", "Ohne Bescheid", "--field", "health", NULL);
	tu_fail(db, 1, "project 'LEER' has no approved grant to book on", "book", "LEER",
		"expenditure", "10,00", "--date", "01.03.2026", NULL);
	tu_fail(db, 1, "no project 'NOPE' in this city", "plan-line", "add", "NOPE", "1", "X", "1,00",
		NULL);
	tu_fail(db, 1, "cost line '1.1' of project 'EH' already exists", "plan-line", "add", "EH",
		"1.1", "Doppelt", "1,00", NULL);
	tu_fail(db, 1, "invalid cost line position '1 1'", "plan-line", "add", "EH", "1 1", "X",
		"1,00", NULL);
	tu_fail(db, 1, "no cost line '7' in the financing plan of project 'EH'", "plan-line",
		"edit", "EH", "7", "--label", "Neu", NULL);
	tu_fail(db, 1, "nothing to change", "plan-line", "edit", "EH", "1.1", NULL);
	tu_fail(db, 1, "invalid means of cover 'grant'", "plan-cover", "set", "EH", "grant", "1,00",
		NULL);
	tu_ok(db, "book", "EH", "expenditure", "10,00", "--date", "01.03.2026", "--line", "1.1",
	      NULL);
	tu_fail(db, 1, "cost line '1.1' of project 'EH' is named by project booking P1 and cannot "
		       "be removed",
		"plan-line", "remove", "EH", "1.1", NULL);
	tu_ok(db, "plan-line", "remove", "EH", "1.2", NULL);
	tu_ok(db, "plan-line", "edit", "EH", "1.1", "--position", "2", "--amount", "90.000,00",
	      NULL);
	tu_assert_query(db, "SELECT position || ' ' || planned_cents FROM plan_line", "2 9000000");
	tu_cleanup(db);
}

/* A name that is both a grant reference and a project code: the grant,
 * with a warning; --project books on the project. */
static void test_grant_and_project_of_one_name(void **state)
{
	char *db = three_funder_db();
	struct ft_run r;

	(void)state;
	tu_ok(db, "project", "add", "G-EU", "Gleicher Name", "--field", "health", NULL);
	tu_run(&r, db, "book", "G-EU", "expenditure", "10,00", "--date", "01.03.2026", NULL);
	assert_int_equal(r.rc, 0);
	assert_true(tu_contains(r.err, "'G-EU' is both a grant reference and a project code: "
				       "booked on the grant (add --project to book on the project)"));
	tu_run_free(&r);
	tu_assert_query(db, "SELECT count(*) FROM project_booking", "0");
	tu_fail(db, 1, "project 'G-EU' has no approved grant to book on", "book", "G-EU",
		"expenditure", "10,00", "--date", "01.03.2026", "--project", NULL);
	tu_cleanup(db);
}

/* ---- check --------------------------------------------------------------------- */

static int has_finding(const char *out, const char *rule)
{
	return strstr(out, rule) != NULL;
}

/* FT-PLAN-LINE-OVERRUN: 1.000,00 planned may reach 1.200,00 (ANBest-P
 * Nr. 1.2, 20 %); 1.200,01 is 0,01 too much. */
static void test_check_line_overrun(void **state)
{
	char *db = three_funder_db();
	struct ft_run r;

	(void)state;
	tu_ok(db, "plan-line", "add", "EH", "3", "Reisen", "1.000,00", NULL);
	tu_ok(db, "book", "EH", "expenditure", "1.200,00", "--date", "01.03.2026", "--line", "3",
	      NULL);
	tu_run(&r, db, "--format", "csv", "check", "--as-of", "2026-03-02", NULL);
	assert_false(has_finding(r.out, "FT-PLAN-LINE-OVERRUN"));
	tu_run_free(&r);
	tu_ok(db, "book", "EH", "expenditure", "0,01", "--date", "01.03.2026", "--line", "3", NULL);
	tu_run(&r, db, "--format", "csv", "check", "--as-of", "2026-03-02", NULL);
	assert_true(tu_contains(r.out, "warning,FT-PLAN-LINE-OVERRUN,EH,,\"cost line 3 'Reisen': "
				       "spent 1.200,01 € against the planned 1.000,00 €, 0,01 € more "
				       "than the 20,00 % a line may exceed"));
	tu_run_free(&r);
	tu_cleanup(db);
}

/* Allocations (as of today, 24.11.2026):
 * - G-BUND: 2026 allocation 9.000, drawn 9.500 on 01.02.2026 ->
 *   FT-DRAWN-ABOVE-ALLOCATION 500,00.
 * - G-KOM: 2025 allocation 4.000, nothing drawn in 2025, a past year of a
 *   running grant -> FT-ALLOCATION-UNDRAWN 4.000,00 (31.12.2025).
 * - FT-DRAWN-AHEAD-OF-COVER: the project spent 1.000,01 (one project
 *   booking), G-EU's part 850,01 (test_split_share_odd_cents); it drew
 *   10.000 beyond its horizon (terms anbest-gk: 2 months; money paid out
 *   on 23.09.2026 was due Monday 23.11.2026, on 24.09. due 24.11.: the
 *   last late payout day is 23.09.2026) -> 9.149,99 ahead; G-BUND (also
 *   anbest-gk): 9.500 - 100,00 = 9.400,00. */
static void test_check_allocations_and_cover(void **state)
{
	char *db = three_funder_db();
	struct ft_run r;

	(void)state;
	fx_alloc(db, "G-BUND", "2026", "9.000,00");
	fx_alloc(db, "G-KOM", "2025", "4.000,00");
	fx_book(db, "G-BUND", "drawdown", "9.500,00", "2026-02-01");
	fx_book(db, "G-EU", "drawdown", "10.000,00", "2026-02-01");
	tu_ok(db, "book", "EH", "expenditure", "1.000,01", "--date", "15.03.2026", NULL);
	tu_run(&r, db, "--format", "csv", "check", NULL);
	assert_int_equal(r.rc, 0);
	assert_true(tu_contains(r.out, "warning,FT-DRAWN-ABOVE-ALLOCATION,EH,G-BUND,\"drawn down "
				       "9.500,00 € (less repayments) in 2026, 500,00 € above the 2026 "
				       "allocation (Jahresrate) of 9.000,00 €"));
	assert_true(tu_contains(r.out, "warning,FT-ALLOCATION-UNDRAWN,EH,G-KOM,\"4.000,00 € of the "
				       "2025 allocation (Jahresrate) of 4.000,00 € was not drawn down "
				       "by 31.12.2025"));
	assert_true(tu_contains(r.out, "FT-DRAWN-AHEAD-OF-COVER,EH,G-EU,\"drawn down 10.000,00 € up "
				       "to 23.09.2026 (2 months ago) less 0,00 € repaid, 9.149,99 € "
				       "more than its part of the project's spending so far (850,01 € "
				       "of 1.000,01 €, pro rata)"));
	assert_true(tu_contains(r.out, "FT-DRAWN-AHEAD-OF-COVER,EH,G-BUND,"));
	assert_true(tu_contains(r.out, "9.400,00 € more than its part"));
	assert_false(has_finding(r.out, "FT-DRAWN-AHEAD-OF-COVER,EH,G-KOM"));
	tu_run_free(&r);
	/* within the drawdown horizon (10.03.: 60 days back 09.01., 42 days
	 * back 27.01., both before 01.02.) drawing may precede the spending; a
	 * year not yet over is not undrawn */
	tu_run(&r, db, "--format", "csv", "check", "--as-of", "2025-12-31", NULL);
	assert_false(has_finding(r.out, "FT-DRAWN-AHEAD-OF-COVER"));
	assert_false(has_finding(r.out, "FT-ALLOCATION-UNDRAWN"));
	tu_run_free(&r);
	tu_run(&r, db, "--format", "csv", "check", "--as-of", "2026-03-10", NULL);
	assert_false(has_finding(r.out, "FT-DRAWN-AHEAD-OF-COVER"));
	tu_run_free(&r);
	tu_cleanup(db);
}

/* Booked the old way, each funder's part on its grant: G-EU drew 10.000
 * and spent 10.000 itself. Its pro-rata part of the recorded spending
 * (10.000 x 85 % = 8.500) is less, but what it spent itself is used
 * money: not ahead (a regression test of a false finding). */
static void test_check_per_grant_bookings_not_ahead(void **state)
{
	char *db = three_funder_db();
	struct ft_run r;

	(void)state;
	fx_book(db, "G-EU", "drawdown", "10.000,00", "2026-02-01");
	fx_book(db, "G-EU", "expenditure", "10.000,00", "2026-02-10");
	tu_run(&r, db, "--format", "csv", "check", NULL);
	assert_int_equal(r.rc, 0);
	assert_false(has_finding(r.out, "FT-DRAWN-AHEAD-OF-COVER"));
	tu_run_free(&r);
	tu_cleanup(db);
}

/* The completion offers grants and projects for book's first word, the
 * projects and the sources of cover for plan-cover. */
static void test_completion(void **state)
{
	char *db = three_funder_db();
	struct ft_run r;

	(void)state;
	tu_run(&r, db, "__complete", "positional", "book", "0", NULL);
	assert_string_equal(r.out, "G-BUND\nG-EU\nG-KOM\nEH\n");
	tu_run_free(&r);
	tu_run(&r, db, "__complete", "positional", "plan-cover", "set", "1", NULL);
	assert_string_equal(r.out, "own\nthird-party\ncity\n");
	tu_run_free(&r);
	tu_run(&r, db, "__complete", "subcommands", "plan-line", NULL);
	assert_string_equal(r.out, "add\nedit\nremove\n");
	tu_run_free(&r);
	tu_cleanup(db);
}

/* Settling a grant of a project booked once: the actual costs are the
 * project's (1.333,34 € after book_twice), not the grant's share (G-EU
 * 1.133,34 €), or the rate would be taken twice. G-EU, share 85 %:
 * final = 85 % x 1.333,34 = 1.133,339 -> 1.133,34 €; before the fix it
 * would be 85 % x 1.133,34 = 963,34 €. */
static void test_settle_takes_the_project_costs(void **state)
{
	char *db = three_funder_db();
	struct ft_run r;

	(void)state;
	book_twice(db);
	tu_run(&r, db, "--format", "csv", "settle", "G-EU", NULL);
	assert_int_equal(r.rc, 0);
	assert_true(tu_contains(r.out, ",1333.34,project,"));
	assert_true(tu_contains(r.out, ",1133.34,"));
	assert_null(strstr(r.out, ",963.34,"));
	tu_run_free(&r);
	tu_cleanup(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_settle_takes_the_project_costs),
		cmocka_unit_test(test_split_share_odd_cents),
		cmocka_unit_test(test_split_fixed_with_other_means),
		cmocka_unit_test(test_split_deficit_after_own_funds),
		cmocka_unit_test(test_split_full_financing),
		cmocka_unit_test(test_three_funders_budget_plan_bookings),
		cmocka_unit_test(test_three_funders_export),
		cmocka_unit_test(test_reversal),
		cmocka_unit_test(test_recorded_own_funds),
		cmocka_unit_test(test_deficit_project),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_grant_and_project_of_one_name),
		cmocka_unit_test(test_check_line_overrun),
		cmocka_unit_test(test_check_allocations_and_cover),
		cmocka_unit_test(test_check_per_grant_bookings_not_ahead),
		cmocka_unit_test(test_completion),
	};

	return tu_exit_code(cmocka_run_group_tests(tests, NULL, NULL));
}
