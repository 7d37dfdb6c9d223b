/* test_plausible.c - plausibility on entry (issue 15, plausible.h): book,
 * grant alloc and grant edit --amount refuse what cannot be right with the
 * reason; --force records it, marked forced in the audit log; repayments
 * and interest are always taken. The small database's grant G-1: 80.000,00
 * € approved for 01.01.2023 to 31.12.2024. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "msg_lang.h"
#include "testutil.h"

static void test_drawdowns(void **state)
{
	char *db = tu_small_db();

	(void)state;
	/* the example: 999.999.999,00 € dated 2030 */
	tu_fail(db, 1, "drawdown of 999.999.999,00 € dated 01.03.2030 lies outside the approval "
		       "period 01.01.2023 to 31.12.2024 of grant 'G-1' (give --force to record it "
		       "anyway)",
		"book", "G-1", "drawdown", "999.999.999,00", "--date", "01.03.2030", NULL);
	tu_fail(db, 1, "drawdown of 80.000,01 € would bring grant 'G-1' to 80.000,01 € drawn (less "
		       "repayments), above the approved 80.000,00 € (drawn so far: 0,00 €)",
		"book", "G-1", "drawdown", "80.000,01", "--date", "01.03.2023", NULL);
	/* 50.000 - 10.000 + 40.000 = 80.000: exactly the cap */
	tu_ok(db, "book", "G-1", "drawdown", "50.000,00", "--date", "01.03.2023", NULL);
	tu_ok(db, "book", "G-1", "repayment", "10.000,00", "--date", "01.04.2023", NULL);
	tu_ok(db, "book", "G-1", "drawdown", "40.000,00", "--date", "01.05.2023", NULL);
	/* 80.000 + 0,01 */
	tu_fail(db, 1, "to 80.000,01 € drawn (less repayments), above the approved 80.000,00 € "
		       "(drawn so far: 80.000,00 €)",
		"book", "G-1", "drawdown", "0,01", "--date", "02.05.2023", NULL);
	/* a reversed drawdown makes room again: 80.000 - 40.000 = 40.000 */
	tu_ok(db, "book", "--reverses", "3", "--date", "03.05.2023", NULL);
	tu_ok(db, "book", "G-1", "drawdown", "40.000,00", "--date", "04.05.2023", NULL);
	/* repayments and interest whenever they fall due */
	tu_ok(db, "book", "G-1", "repayment", "100,00", "--date", "01.03.2030", NULL);
	tu_ok(db, "book", "G-1", "interest", "7,50", "--date", "01.03.2030", NULL);
	/* forced: recorded, and the audit entry says so */
	tu_ok(db, "book", "G-1", "drawdown", "1.000,00", "--date", "01.03.2025", "--force", NULL);
	tu_assert_query(db, "SELECT command FROM audit_log WHERE table_name = 'booking' "
			    "ORDER BY id DESC LIMIT 1",
			"[forced: drawdown of 1.000,00 € dated 01.03.2025 lies outside the approval "
			"period 01.01.2023 to 31.12.2024 of grant 'G-1'] fundtrack book G-1 "
			"drawdown 1.000,00 --date 01.03.2025 --force");
	/* the next write is not marked */
	tu_ok(db, "book", "G-1", "interest", "1,00", "--date", "01.03.2025", NULL);
	tu_assert_query(db, "SELECT substr(command, 1, 14) FROM audit_log WHERE "
			    "table_name = 'booking' ORDER BY id DESC LIMIT 1",
			"fundtrack book");
	tu_ok(db, "audit", "verify", NULL);
	tu_cleanup(db);
}

static void test_expenditures(void **state)
{
	char *db = tu_small_db();
	struct ft_run r;

	(void)state;
	/* paid 10.01.2025 without a service date: within six weeks after the
	 * end (31.12.2024 + 6 weeks = 11.02.2025), taken with a warning */
	tu_run(&r, db, "book", "G-1", "expenditure", "2.000,00", "--date", "10.01.2025", NULL);
	assert_int_equal(r.rc, 0);
	assert_true(tu_contains(r.err, "warning: expenditure dated 10.01.2025 is outside"));
	tu_run_free(&r);
	tu_ok(db, "book", "G-1", "expenditure", "2.000,00", "--date", "11.02.2025", NULL);
	/* 12.02.2025: after the grace weeks */
	tu_fail(db, 1, "expenditure of 300,00 € dated 12.02.2025 arose outside the approval period "
		       "01.01.2023 to 31.12.2024 of grant 'G-1' and is normally not eligible (if it "
		       "arose in the period, give --service-date) (give --force to record it anyway)",
		"book", "G-1", "expenditure", "300,00", "--date", "12.02.2025", NULL);
	/* paid months later for December: fine; for January: refused */
	tu_ok(db, "book", "G-1", "expenditure", "300,00", "--date", "01.06.2025", "--service-date",
	      "31.12.2024", NULL);
	tu_fail(db, 1, "expenditure of 300,00 € for 05.01.2025 arose outside",
		"book", "G-1", "expenditure", "300,00", "--date", "01.02.2025", "--service-date",
		"05.01.2025", NULL);
	/* before the period */
	tu_fail(db, 1, "expenditure of 1,00 € dated 31.12.2022 arose outside", "book", "G-1",
		"expenditure", "1,00", "--date", "31.12.2022", NULL);
	tu_cleanup(db);
}

static void test_allocations(void **state)
{
	char *db = tu_small_db();

	(void)state;
	tu_ok(db, "grant", "alloc", "G-1", "2024", "40.000,00", NULL);
	tu_fail(db, 1, "fiscal year 2025 lies outside the approval period 01.01.2023 to 31.12.2024 "
		       "of grant 'G-1' (years 2023 to 2024) (give --force to record it anyway)",
		"grant", "alloc", "G-1", "2025", "40.000,00", NULL);
	tu_fail(db, 1, "fiscal year 2022 lies outside", "grant", "alloc", "G-1", "2022", "1,00",
		NULL);
	tu_ok(db, "grant", "alloc", "G-1", "2025", "40.000,00", "--force", NULL);
	tu_assert_query(db, "SELECT substr(command, 1, 37) FROM audit_log WHERE "
			    "table_name = 'allocation' ORDER BY id DESC LIMIT 1",
			"[forced: fiscal year 2025 lies outsid");
	tu_cleanup(db);
}

static void test_amount_below_drawn(void **state)
{
	char *db = tu_small_db();

	(void)state;
	/* drawn 60.000 - repaid 5.000 = 55.000 */
	tu_ok(db, "book", "G-1", "drawdown", "60.000,00", "--date", "01.03.2023", NULL);
	tu_ok(db, "book", "G-1", "repayment", "5.000,00", "--date", "01.04.2023", NULL);
	tu_fail(db, 1, "approved amount 54.999,99 € of grant 'G-1' would be below the 55.000,00 € "
		       "already drawn (less repayments) (give --force to record it anyway)",
		"grant", "edit", "G-1", "--amount", "54.999,99", NULL);
	tu_ok(db, "grant", "edit", "G-1", "--amount", "55.000,00", NULL);
	tu_ok(db, "grant", "edit", "G-1", "--amount", "50.000,00", "--force", NULL);
	tu_assert_query(db, "SELECT approved_cents FROM \"grant\" WHERE ref = 'G-1'", "5000000");
	tu_assert_query(db, "SELECT substr(command, 1, 33) FROM audit_log WHERE "
			    "table_name = 'grant' ORDER BY id DESC LIMIT 1",
			"[forced: approved amount 50.000,0");
	/* --force alone changes nothing: a usage error */
	tu_fail(db, 2, "at least one option to change", "grant", "edit", "G-1", "--force", NULL);
	tu_ok(db, "audit", "verify", NULL);
	tu_cleanup(db);
}

/* The demo shows every rule's finding: its deliberate irregularities are
 * recorded forced, and say so in the audit log. */
static void test_demo_forces_its_irregularities(void **state)
{
	char *db = tu_temp_db();

	(void)state;
	tu_ok(db, "demo", NULL);
	tu_assert_query(db, "SELECT count(*) > 0 FROM audit_log WHERE table_name = 'booking' AND "
			    "command LIKE '[forced: %] fundtrack demo'",
			"1");
	tu_ok(db, "audit", "verify", NULL);
	tu_cleanup(db);
}

/* A refusal carries the ID of its reason, not of the wrapper "%s (give
 * --force ...)": support and tests tell the reasons apart by it. */
static void assert_refused_with(const char *db, const char *msgid, ...)
{
	const char *id = msg_id(msgid);
	char bracketed[16];
	struct ft_run r;
	va_list ap;

	assert_non_null(id);
	snprintf(bracketed, sizeof(bracketed), "[%s]", id);
	va_start(ap, msgid);
	tu_run_va(&r, db, ap);
	va_end(ap);
	assert_int_equal(r.rc, 1);
	assert_true(tu_contains(r.err, bracketed));
	assert_null(strstr(r.err, msg_id("%s (give --force to record it anyway)")));
	tu_run_free(&r);
}

static void test_refusals_carry_the_reasons_id(void **state)
{
	char *db = tu_small_db();

	(void)state;
	assert_refused_with(db, "drawdown of %s dated %s lies outside the approval period %s of "
				"grant '%s'",
			    "book", "G-1", "drawdown", "1,00", "--date", "01.01.2022", NULL);
	assert_refused_with(db, "drawdown of %s would bring grant '%s' to %s drawn (less "
				"repayments), above the approved %s (drawn so far: %s)",
			    "book", "G-1", "drawdown", "80.000,01", "--date", "01.01.2024", NULL);
	assert_refused_with(db, "expenditure of %s dated %s arose outside the approval period %s "
				"of grant '%s' and is normally not eligible%s",
			    "book", "G-1", "expenditure", "5,00", "--date", "01.06.2025", NULL);
	assert_refused_with(db, "fiscal year %d lies outside the approval period %s of grant '%s' "
				"(years %d to %d)",
			    "grant", "alloc", "G-1", "2026", "1.000,00", NULL);
	tu_cleanup(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_drawdowns),
		cmocka_unit_test(test_expenditures),
		cmocka_unit_test(test_allocations),
		cmocka_unit_test(test_amount_below_drawn),
		cmocka_unit_test(test_demo_forces_its_irregularities),
		cmocka_unit_test(test_refusals_carry_the_reasons_id),
	};

	return tu_exit_code(cmocka_run_group_tests(tests, NULL, NULL));
}
