/* test_settle.c - the final settlement (settlement.h, settle_grant.h) and
 * the 'settle' command: the worked example of issue 14, hand-computed
 * cases per financing type with odd cents, refund interest over two base
 * rates, and the error paths. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "figures_fixture.h"
#include "settlement.h"
#include "testutil.h"

#define EUR(x) ((int64_t)(x) * 100)

static struct settle_result settle(enum settle_financing f, int64_t approved, int64_t planned,
				   int rate_bp, int64_t actual, int64_t paid)
{
	struct settle_input in = { f, approved, planned, rate_bp, actual, -1, -1, paid };
	struct settle_result r;
	struct ft_error err;

	if (settle_compute(&in, &r, &err))
		fail_msg("settle_compute: %s", err.msg);
	return r;
}

/* Issue 14: plan 100.000, grant 80.000 (full: 100.000), all paid, actual
 * 60.000 -> repayment share 32.000, deficit 40.000, fixed 20.000, full
 * 40.000. */
static void test_worked_example(void **state)
{
	struct settle_result r;

	(void)state;
	/* share without a recorded rate: 60.000 x 80.000 / 100.000 = 48.000 */
	r = settle(SETTLE_SHARE, EUR(80000), EUR(100000), -1, EUR(60000), EUR(80000));
	assert_int_equal(r.final, EUR(48000));
	assert_int_equal(r.repayment, EUR(32000));
	assert_int_equal(r.rate_bp, -1);
	/* share with the rate 80 %: the same */
	r = settle(SETTLE_SHARE, EUR(80000), EUR(100000), 8000, EUR(60000), EUR(80000));
	assert_int_equal(r.final, EUR(48000));
	assert_int_equal(r.repayment, EUR(32000));
	/* deficit: own/third-party funds 100.000 - 80.000 = 20.000 (derived);
	 * 60.000 - 20.000 = 40.000 */
	r = settle(SETTLE_DEFICIT, EUR(80000), EUR(100000), -1, EUR(60000), EUR(80000));
	assert_int_equal(r.other, EUR(20000));
	assert_int_equal(r.other_derived, 1);
	assert_int_equal(r.final, EUR(40000));
	assert_int_equal(r.repayment, EUR(40000));
	/* fixed: min(80.000, 60.000) = 60.000 */
	r = settle(SETTLE_FIXED, EUR(80000), EUR(100000), -1, EUR(60000), EUR(80000));
	assert_int_equal(r.final, EUR(60000));
	assert_int_equal(r.repayment, EUR(20000));
	/* full: grant 100.000, actual 60.000 */
	r = settle(SETTLE_FULL, EUR(100000), EUR(100000), -1, EUR(60000), EUR(100000));
	assert_int_equal(r.final, EUR(60000));
	assert_int_equal(r.repayment, EUR(40000));
}

static void test_share_cases(void **state)
{
	struct settle_result r;

	(void)state;
	/* planned 123.456,78, approved 98.765,43, no rate, actual 111.111,11:
	 * 11111111 x 9876543 = 109739365569273 cents^2;
	 * / 12345678 = 8888889 rest 4197531 (0,34 of a cent: down)
	 * -> 88.888,89; paid 98.765,43 -> repayment 9.876,54 */
	r = settle(SETTLE_SHARE, 9876543, 12345678, -1, 11111111, 9876543);
	assert_int_equal(r.final, 8888889);
	assert_int_equal(r.repayment, 987654);
	/* rate 12,5 %: 12.345,67 x 0,125 = 1.543,20875 -> 1.543,21 */
	r = settle(SETTLE_SHARE, EUR(5000), -1, 1250, 1234567, EUR(5000));
	assert_int_equal(r.final, 154321);
	/* exactly half a cent rounds away from zero: 12.345,64 x 0,125 =
	 * 1.543,205 -> 1.543,21 */
	r = settle(SETTLE_SHARE, EUR(5000), -1, 1250, 1234564, EUR(5000));
	assert_int_equal(r.final, 154321);
	/* 0,04 x 12,5 % = 0,005 -> 0,01 */
	r = settle(SETTLE_SHARE, EUR(5000), -1, 1250, 4, 0);
	assert_int_equal(r.final, 1);
	assert_int_equal(r.repayment, 0);
	/* costs above the plan: 120.000,01 x 80 % = 96.000,008 -> capped at
	 * 80.000 */
	r = settle(SETTLE_SHARE, EUR(80000), EUR(100000), 8000, 12000001, EUR(70000));
	assert_int_equal(r.final, EUR(80000));
	assert_int_equal(r.capped, 1);
	assert_int_equal(r.repayment, 0);
}

/* ANBest-P Nr. 2.1: other means of cover rise by 5.000,50 (20.000 ->
 * 25.000,50): the grant falls by its share of the rise.
 * (100.000 - 5.000,50) x 80.000 / 100.000 = 94.999,50 x 0,8 = 75.999,60;
 * paid 80.000 -> repayment 4.000,40. Deficit (Nr. 2.2): in full:
 * 100.000 - 25.000,50 = 74.999,50 -> repayment 5.000,50. */
static void test_other_means_rise(void **state)
{
	struct settle_input in = { SETTLE_SHARE, EUR(80000), EUR(100000), -1, EUR(100000),
				   EUR(20000), 2500050, EUR(80000) };
	struct settle_result r;
	struct ft_error err;

	(void)state;
	assert_int_equal(settle_compute(&in, &r, &err), 0);
	assert_int_equal(r.other_increase, 500050);
	assert_int_equal(r.final, 7599960);
	assert_int_equal(r.repayment, 400040);
	in.financing = SETTLE_DEFICIT;
	assert_int_equal(settle_compute(&in, &r, &err), 0);
	assert_int_equal(r.other, 2500050);
	assert_int_equal(r.other_derived, 0);
	assert_int_equal(r.final, 7499950);
	assert_int_equal(r.repayment, 500050);
	/* fixed: not reduced by other means of cover */
	in.financing = SETTLE_FIXED;
	assert_int_equal(settle_compute(&in, &r, &err), 0);
	assert_int_equal(r.final, EUR(80000));
}

static void test_deficit_cases(void **state)
{
	struct settle_result r;

	(void)state;
	/* planned 87.654,32, approved 50.000: other = 37.654,32;
	 * actual 80.000,01 - 37.654,32 = 42.345,69; paid 50.000 -> 7.654,31 */
	r = settle(SETTLE_DEFICIT, EUR(50000), 8765432, -1, 8000001, EUR(50000));
	assert_int_equal(r.other, 3765432);
	assert_int_equal(r.final, 4234569);
	assert_int_equal(r.repayment, 765431);
	/* actual 90.000: 52.345,68 capped at 50.000 */
	r = settle(SETTLE_DEFICIT, EUR(50000), 8765432, -1, EUR(90000), EUR(50000));
	assert_int_equal(r.final, EUR(50000));
	assert_int_equal(r.capped, 1);
	/* actual 30.000 below the own funds: nothing left to fund, all back */
	r = settle(SETTLE_DEFICIT, EUR(50000), 8765432, -1, EUR(30000), EUR(50000));
	assert_int_equal(r.final, 0);
	assert_int_equal(r.repayment, EUR(50000));
	/* a deficit grant has no rate: a recorded one is not used */
	r = settle(SETTLE_DEFICIT, EUR(50000), 8765432, 5000, 8000001, EUR(50000));
	assert_int_equal(r.final, 4234569);
}

static void test_fixed_and_full_cases(void **state)
{
	struct settle_input in = { SETTLE_FULL, 3333333, -1, -1, 2999999, -1, EUR(1000), EUR(30000) };
	struct settle_result r;
	struct ft_error err;

	(void)state;
	/* fixed 12.345,67, actual one cent less: 12.345,66, repay 0,01 */
	r = settle(SETTLE_FIXED, 1234567, -1, -1, 1234566, 1234567);
	assert_int_equal(r.final, 1234566);
	assert_int_equal(r.repayment, 1);
	/* actual above the fixed amount: the fixed amount, nothing back */
	r = settle(SETTLE_FIXED, 1234567, -1, -1, EUR(20000), 1234567);
	assert_int_equal(r.final, 1234567);
	assert_int_equal(r.repayment, 0);
	assert_int_equal(r.still_to_pay, 0);
	/* only 10.000 paid out so far: 2.345,67 still to pay, nothing back */
	r = settle(SETTLE_FIXED, 1234567, -1, -1, EUR(20000), EUR(10000));
	assert_int_equal(r.repayment, 0);
	assert_int_equal(r.still_to_pay, 234567);
	/* full 33.333,33, paid 30.000, actual 29.999,99 -> repay 0,01 */
	r = settle(SETTLE_FULL, 3333333, -1, -1, 2999999, EUR(30000));
	assert_int_equal(r.final, 2999999);
	assert_int_equal(r.repayment, 1);
	/* other money came in (1.000 recorded): 29.999,99 - 1.000 = 28.999,99,
	 * repay 1.000,01 (ANBest-P Nr. 2.2, in full) */
	assert_int_equal(settle_compute(&in, &r, &err), 0);
	assert_int_equal(r.final, 2899999);
	assert_int_equal(r.repayment, 100001);
}

static void test_compute_errors(void **state)
{
	struct settle_input in = { SETTLE_SHARE, EUR(80000), -1, -1, EUR(60000), -1, -1, 0 };
	struct settle_result r;
	struct ft_error err;

	(void)state;
	assert_int_equal(settle_compute(&in, &r, &err), -1);
	assert_true(tu_contains(err.msg, "needs its funding rate or its planned eligible costs"));
	in.planned = 0; /* 0 planned costs give no share either */
	assert_int_equal(settle_compute(&in, &r, &err), -1);
	in.financing = SETTLE_DEFICIT;
	in.planned = -1;
	assert_int_equal(settle_compute(&in, &r, &err), -1);
	assert_true(tu_contains(err.msg, "deficit-financed grant needs its planned"));
	in.financing = SETTLE_FIXED;
	in.actual = -1;
	assert_int_equal(settle_compute(&in, &r, &err), -1);
	assert_true(tu_contains(err.msg, "negative eligible costs"));
}

/* The shipped history: 2,27 % from 01.01.2025, 1,27 % from 01.07.2025. */
static const struct base_rate rates_2025[] = { { "2025-01-01", 227 }, { "2025-07-01", 127 } };

/* Claim 12.345,67 from 15.05.2025 to 30.09.2025:
 *   16.05.-30.06. = 46 days at 2,27 + 5 = 7,27 %  -> 727 x 46 = 33.442
 *   01.07.-30.09. = 92 days at 1,27 + 5 = 6,27 %  -> 627 x 92 = 57.684
 * 1.234.567 cents x 91.126 = 112.501.152.442; / (10.000 x 365) =
 * 30.822,23 -> 30.822 cents = 308,22 EUR (at one rate of 7,27 % for all
 * 138 days it would be 339,34: the change matters). */
static void test_interest_two_rates(void **state)
{
	struct settle_interest_input in = { 1234567, "2025-05-15", "2025-09-30", NULL, 0,
					    rates_2025, 2, 500 };
	struct settle_interest out;
	struct ft_error err;

	(void)state;
	assert_int_equal(settle_interest(&in, &out, &err), 0);
	assert_int_equal(out.days, 138);
	assert_int_equal(out.interest, 30822);
	assert_int_equal(out.outstanding, 1234567);
	assert_string_equal(out.missing, "");
}

/* Claim 10.000 from 20.06.2025; 4.000 repaid on 10.07.2025; as of
 * 31.07.2025:
 *   4.000 x (10 days x 727 + 10 days x 627) = 400.000 x 13.540 = 5.416.000.000
 *   6.000 x (10 days x 727 + 31 days x 627) = 600.000 x 26.707 = 16.024.200.000
 *   21.440.200.000 / 3.650.000 = 5.874,03 -> 58,74 EUR
 * A repayment of 500 on 01.06.2025, before the claim arose, reduces it
 * without interest and comes first. */
static void test_interest_stops_on_repayment(void **state)
{
	const struct settle_payment paid[] = { { "2025-06-01", EUR(500) },
					       { "2025-07-10", EUR(4000) } };
	struct settle_interest_input in = { EUR(10500), "2025-06-20", "2025-07-31", paid, 2,
					    rates_2025, 2, 500 };
	struct settle_interest out;
	struct ft_error err;

	(void)state;
	assert_int_equal(settle_interest(&in, &out, &err), 0);
	assert_int_equal(out.interest, 5874);
	assert_int_equal(out.repaid, EUR(4500));
	assert_int_equal(out.outstanding, EUR(6000));
	assert_int_equal(out.days, 41);
}

/* A day after the last known rate's half-year: left out and named. */
static void test_interest_missing_rate(void **state)
{
	struct settle_interest_input in = { EUR(1000), "2025-06-30", "2026-01-31", NULL, 0,
					    rates_2025, 2, 500 };
	struct settle_interest out;
	struct ft_error err;

	(void)state;
	assert_int_equal(settle_interest(&in, &out, &err), 0);
	assert_string_equal(out.missing, "2026-01-01");
	/* only 01.07.-31.12.2025: 100.000 x 627 x 184 / 3.650.000 = 3.160,77
	 * -> 31,61 EUR */
	assert_int_equal(out.interest, 3161);
	/* nothing owed: no interest, no missing day */
	in.claim = 0;
	assert_int_equal(settle_interest(&in, &out, &err), 0);
	assert_int_equal(out.interest, 0);
	assert_string_equal(out.missing, "");
}

/* ---- the command ------------------------------------------------------------ */

static char *db;

/* Project P (costs 100.000), programme NR (state, share, no rate,
 * drawdown horizon 60 days); one grant per financing type with the
 * worked example's figures, approval period 2025; drawn 25.06., spent
 * 60.000 on 30.06.2025. G-IDLE: see test_cli_interest. */
static int setup(void **state)
{
	static const char *const types[] = { "share", "deficit", "fixed", "full" };

	(void)state;
	db = fx_city_db();
	tu_ok(db, "programme", "add", "NR", "Ohne Quote", "--funder", "LAND", NULL);
	tu_ok(db, "project", "add", "P", "Abrechnung", "--field", "health", "--costs",
	      "100.000,00", NULL);
	for (int i = 0; i < 4; i++) {
		char ref[16];
		const char *amount = i == 3 ? "100.000,00" : "80.000,00";

		snprintf(ref, sizeof(ref), "G-%s", types[i]);
		tu_ok(db, "grant", "add", ref, "--project", "P", "--programme", "NR", "--amount",
		      amount, "--eligible", "100.000,00", "--financing", types[i], "--from",
		      "01.01.2025", "--to", "31.12.2025", "--status", "running", NULL);
		fx_book(db, ref, "drawdown", amount, "25.06.2025");
		fx_book(db, ref, "expenditure", "60.000,00", "30.06.2025");
	}
	tu_ok(db, "grant", "add", "G-IDLE", "--project", "P", "--programme", "NR", "--amount",
	      "10.000,00", "--eligible", "20.000,00", "--rate", "50", "--from", "01.01.2025",
	      "--to", "30.06.2025", "--status", "running", NULL);
	fx_book(db, "G-IDLE", "drawdown", "10.000,00", "01.03.2025");
	fx_book(db, "G-IDLE", "expenditure", "7.000,00", "20.03.2025");
	fx_book(db, "G-IDLE", "repayment", "2.000,00", "31.07.2025");
	tu_ok(db, "grant", "add", "G-APPLIED", "--project", "P", "--programme", "NR", "--amount",
	      "1.000,00", "--from", "01.01.2025", "--to", "31.12.2025", "--status", "applied",
	      NULL);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	tu_cleanup(db);
	return 0;
}

static void settle_row(const char *ref, const char *expected)
{
	struct ft_run r;

	tu_run(&r, db, "settle", ref, "--as-of", "2025-12-31", "--format", "csv", NULL);
	assert_int_equal(r.rc, 0);
	assert_true(tu_contains(r.out, "ref,project,financing,period_from,period_to,planned,"
				       "planned_source,actual,actual_source,approved,rate,"
				       "other_funds,paid,final,repayment,"));
	assert_true(tu_contains(r.out, expected));
	tu_run_free(&r);
}

/* The worked example through the command: planned from the grant, actual
 * from the bookings; the effective day is the period end = as_of, so no
 * refund interest yet. */
static void test_cli_worked_example(void **state)
{
	(void)state;
	settle_row("G-share", "G-share,P,share,2025-01-01,2025-12-31,100000.00,grant,60000.00,"
			      "bookings,80000.00,80.00,,80000.00,48000.00,32000.00,");
	settle_row("G-deficit", "G-deficit,P,deficit,2025-01-01,2025-12-31,100000.00,grant,"
				"60000.00,bookings,80000.00,,20000.00,80000.00,40000.00,40000.00,");
	settle_row("G-fixed", "G-fixed,P,fixed,2025-01-01,2025-12-31,100000.00,grant,60000.00,"
			      "bookings,80000.00,,,80000.00,60000.00,20000.00,");
	settle_row("G-full", "G-full,P,full,2025-01-01,2025-12-31,100000.00,grant,60000.00,"
			     "bookings,100000.00,,0.00,100000.00,60000.00,40000.00,");
}

/* No eligible costs on the grant: the project's costs (100.000) are the
 * plan; 25.000,01 x 20.000 / 100.000 = 5.000,002 -> 5.000,00. */
static void test_cli_planned_from_project(void **state)
{
	struct ft_run r;

	(void)state;
	tu_ok(db, "grant", "add", "G-PROJ", "--project", "P", "--programme", "NR", "--amount",
	      "20.000,00", "--from", "01.01.2025", "--to", "31.12.2025", "--status", "running",
	      NULL);
	tu_run(&r, db, "settle", "G-PROJ", "--costs", "25.000,01", "--as-of", "31.12.2025",
	       "--format", "csv", NULL);
	assert_int_equal(r.rc, 0);
	assert_true(tu_contains(r.out, "G-PROJ,P,share,2025-01-01,2025-12-31,100000.00,project,"
				       "25000.01,option,20000.00,20.00,,0.00,5000.00,0.00,"));
	assert_true(tu_contains(r.out, "the project's total costs"));
	assert_true(tu_contains(r.out, "still_to_pay"));
	tu_run_free(&r);
}

/* --costs replaces the bookings: share 80 % of 75.000,01 = 60.000,008 ->
 * 60.000,01; repayment 19.999,99. */
static void test_cli_costs_option(void **state)
{
	struct ft_run r;

	(void)state;
	tu_run(&r, db, "settle", "G-share", "--costs", "75.000,01", "--as-of", "31.12.2025",
	       "--format", "csv", NULL);
	assert_int_equal(r.rc, 0);
	assert_true(tu_contains(r.out, ",75000.01,option,80000.00,80.00,,80000.00,60000.01,"
				       "19999.99,"));
	tu_run_free(&r);
}

/* G-IDLE: share 50 %, approved 10.000, period to 30.06.2025; drawn 10.000
 * on 01.03., spent 7.000 on 20.03., repaid 2.000 on 31.07.2025.
 *   final 7.000 x 50 % = 3.500; repayment 10.000 - 3.500 = 6.500
 *   refund interest (effective 30.06., as of 30.09.2025, all days 6,27 %):
 *     2.000 x 627 x 31 days (to 31.07.)  =  3.887.400.000
 *     4.500 x 627 x 92 days (to 30.09.)  = 25.957.800.000
 *     29.845.200.000 / 3.650.000 = 8.176,77 -> 81,77 EUR
 *   idle interest (§ 49a Abs. 4): 3.000 unused from 01.03. to the
 *     effective day 30.06. = 121 days > 60 at 7,27 %:
 *     300.000 x 727 x 121 / 3.650.000 = 7.230,16 -> 72,30 EUR */
static void test_cli_interest(void **state)
{
	struct ft_run r;

	(void)state;
	tu_run(&r, db, "settle", "G-IDLE", "--as-of", "30.09.2025", "--format", "json", NULL);
	assert_int_equal(r.rc, 0);
	assert_true(tu_contains(r.out, "\"final\": \"3500.00\""));
	assert_true(tu_contains(r.out, "\"repayment\": \"6500.00\""));
	assert_true(tu_contains(r.out, "\"repaid\": \"2000.00\""));
	assert_true(tu_contains(r.out, "\"outstanding\": \"4500.00\""));
	assert_true(tu_contains(r.out, "\"effective\": \"2025-06-30\""));
	assert_true(tu_contains(r.out, "\"refund_days\": 92"));
	assert_true(tu_contains(r.out, "\"refund_interest\": \"81.77\""));
	assert_true(tu_contains(r.out, "\"idle_amount\": \"3000.00\""));
	assert_true(tu_contains(r.out, "\"idle_days\": 121"));
	assert_true(tu_contains(r.out, "\"idle_interest\": \"72.30\""));
	assert_true(tu_contains(r.out, "\"base_rate_missing_from\": null"));
	tu_run_free(&r);
	/* --effective 31.07.: the repaid 2.000 bears none; 4.500 x 627 x 61
	 * days = 17.211.150.000 / 3.650.000 = 4.715,38 -> 47,15 EUR; idle:
	 * 3.000 unused until 31.07. (repaid that day): 152 days at 7,27 %
	 * (01.03.-30.06., 121 days) and 6,27 % (01.07.-31.07., 31 days):
	 * 300.000 x (727 x 121 + 627 x 31) = 300.000 x 107.404 =
	 * 32.221.200.000 / 3.650.000 = 8.827,73 -> 88,28 EUR */
	tu_run(&r, db, "settle", "G-IDLE", "--as-of", "30.09.2025", "--effective", "31.07.2025",
	       "--format", "json", NULL);
	assert_int_equal(r.rc, 0);
	assert_true(tu_contains(r.out, "\"refund_interest\": \"47.15\""));
	assert_true(tu_contains(r.out, "\"idle_interest\": \"88.28\""));
	tu_run_free(&r);
	/* --costs 19.000: final 9.500, claim 500, repaid 2.000 on 31.07.: the
	 * claim bears interest only to then: 50.000 x 627 x 31 / 3.650.000 =
	 * 266,22 -> 2,66 EUR; nothing outstanding, the surplus noted */
	tu_run(&r, db, "settle", "G-IDLE", "--as-of", "30.09.2025", "--costs", "19.000,00",
	       "--format", "json", NULL);
	assert_int_equal(r.rc, 0);
	assert_true(tu_contains(r.out, "\"repayment\": \"500.00\""));
	assert_true(tu_contains(r.out, "\"repaid\": \"500.00\""));
	assert_true(tu_contains(r.out, "\"outstanding\": \"0.00\""));
	assert_true(tu_contains(r.out, "\"refund_interest\": \"2.66\""));
	assert_true(tu_contains(r.out, "more repaid than claimed back"));
	tu_run_free(&r);
}

/* The table in English words (the tests' locale; German: test_i18n); a
 * missing base rate is named and exits 1 with the figures printed. */
static void test_cli_table_and_missing_rate(void **state)
{
	struct ft_run r;

	(void)state;
	tu_run(&r, db, "settle", "G-deficit", "--as-of", "31.12.2025", NULL);
	assert_int_equal(r.rc, 0);
	assert_true(tu_contains(r.out, "Final settlement\n"));
	assert_true(tu_contains(r.out, "Financing:                         deficit\n"));
	assert_true(tu_contains(r.out, "Final grant:                       40.000,00 €\n"));
	assert_true(tu_contains(r.out, "own and third-party funds not recorded"));
	tu_run_free(&r);
	/* csv-de: German labels, decimal comma; the codes in English */
	tu_run(&r, db, "settle", "G-deficit", "--as-of", "31.12.2025", "--format", "csv-de", NULL);
	assert_int_equal(r.rc, 0);
	assert_true(tu_contains(r.out, "\xEF\xBB\xBF" "Bescheid;Projekt;Finanzierungsart;"));
	assert_true(tu_contains(r.out, "G-deficit;P;deficit;01.01.2025;31.12.2025;"
				       "100000,00;grant;60000,00;"));
	tu_run_free(&r);
	/* 2026-07-01 has no rate in the shipped history */
	tu_run(&r, db, "settle", "G-share", "--as-of", "31.08.2026", "--format", "csv", NULL);
	assert_int_equal(r.rc, 1);
	assert_true(tu_contains(r.out, "G-share,P,share"));
	assert_true(tu_contains(r.out, "2026-07-01"));
	assert_true(tu_contains(r.err, "no base rate known from 01.07.2026"));
	tu_run_free(&r);
}

static void test_cli_errors(void **state)
{
	(void)state;
	tu_fail(db, 1, "no grant 'G-NONE' in this city", "settle", "G-NONE", NULL);
	tu_fail(db, 1, "grant 'G-APPLIED' is 'applied'", "settle", "G-APPLIED", NULL);
	tu_fail(db, 1, "--costs", "settle", "G-share", "--costs", "-5,00", NULL);
	tu_fail(db, 1, "--effective", "settle", "G-share", "--effective", "31.02.2025", NULL);
	tu_fail(db, 1, "--effective is before the approval period", "settle", "G-share",
		"--effective", "31.12.2024", NULL);
	tu_fail(db, 2, "needs the grant's REF", "settle", NULL);
	/* decided after the settlement day: not yet approved on that day */
	tu_ok(db, "grant", "add", "G-LATE", "--project", "P", "--programme", "NR", "--amount",
	      "1.000,00", "--eligible", "2.000,00", "--from", "01.01.2025", "--to", "31.12.2025",
	      "--decided", "15.01.2026", "--status", "approved", NULL);
	tu_fail(db, 1, "grant 'G-LATE' was decided after 31.12.2025", "settle", "G-LATE",
		"--as-of", "31.12.2025", NULL);
	/* a share grant without rate and planned costs */
	tu_ok(db, "project", "add", "Q", "Ohne Kosten", "--field", "health", NULL);
	tu_ok(db, "grant", "add", "G-NOPLAN", "--project", "Q", "--programme", "NR", "--amount",
	      "1.000,00", "--from", "01.01.2025", "--to", "31.12.2025", "--status", "running",
	      NULL);
	tu_fail(db, 1, "grant 'G-NOPLAN': a share-financed grant needs its funding rate",
		"settle", "G-NOPLAN", "--as-of", "31.12.2025", NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_worked_example),
		cmocka_unit_test(test_share_cases),
		cmocka_unit_test(test_other_means_rise),
		cmocka_unit_test(test_deficit_cases),
		cmocka_unit_test(test_fixed_and_full_cases),
		cmocka_unit_test(test_compute_errors),
		cmocka_unit_test(test_interest_two_rates),
		cmocka_unit_test(test_interest_stops_on_repayment),
		cmocka_unit_test(test_interest_missing_rate),
		cmocka_unit_test(test_cli_worked_example),
		cmocka_unit_test(test_cli_costs_option),
		cmocka_unit_test(test_cli_planned_from_project),
		cmocka_unit_test(test_cli_interest),
		cmocka_unit_test(test_cli_table_and_missing_rate),
		cmocka_unit_test(test_cli_errors),
	};

	return tu_exit_code(cmocka_run_group_tests(tests, setup, teardown));
}
