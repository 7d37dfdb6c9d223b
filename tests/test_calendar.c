/* Deadlines as the law counts them (calendar.h): §§ 187, 188 BGB, § 31
 * Abs. 3 VwVfG NRW and the NRW public holidays. Every expected value was
 * worked out by hand from a printed calendar. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "calendar.h"

static void expect_period(const char *event, int n, enum cal_unit unit, const char *want)
{
	char out[DATE_BUF];

	cal_period_end(event, n, unit, out);
	assert_string_equal(out, want);
}

/* § 188 Abs. 2 BGB: the day with the event day's number; Abs. 3: the
 * month end where that day is missing. */
static void test_months_after_an_event(void **state)
{
	(void)state;
	expect_period("2025-07-01", 2, CAL_MONTHS, "2025-09-01"); /* not 60 days: 30.08. */
	expect_period("2025-08-31", 2, CAL_MONTHS, "2025-10-31");
	expect_period("2025-12-31", 2, CAL_MONTHS, "2026-02-28");
	expect_period("2023-12-31", 2, CAL_MONTHS, "2024-02-29"); /* leap year */
	expect_period("2025-01-29", 1, CAL_MONTHS, "2025-02-28");
	expect_period("2024-01-29", 1, CAL_MONTHS, "2024-02-29");
	expect_period("2024-01-30", 1, CAL_MONTHS, "2024-02-29");
	expect_period("2025-01-31", 1, CAL_MONTHS, "2025-02-28");
	expect_period("2025-05-14", 6, CAL_MONTHS, "2025-11-14");
	expect_period("2025-11-30", 3, CAL_MONTHS, "2026-02-28");
	expect_period("2025-03-31", 12, CAL_MONTHS, "2026-03-31");
}

static void test_weeks_and_days(void **state)
{
	(void)state;
	expect_period("2025-07-01", 6, CAL_WEEKS, "2025-08-12"); /* Tuesday to Tuesday */
	expect_period("2025-12-20", 6, CAL_WEEKS, "2026-01-31");
	expect_period("2024-02-28", 1, CAL_DAYS, "2024-02-29");
	expect_period("2025-02-28", 1, CAL_DAYS, "2025-03-01");
	expect_period("2025-12-31", 42, CAL_DAYS, "2026-02-11");
}

static void expect_following(const char *iso, int n, const char *want)
{
	char out[DATE_BUF];

	cal_end_of_following_month(iso, n, out);
	assert_string_equal(out, want);
}

/* "mit Ablauf des sechsten auf den Bewilligungszeitraum folgenden Monats"
 * (ANBest-P Nr. 6.1): counted from the month, not the day, of the end. */
static void test_end_of_following_month(void **state)
{
	char out[DATE_BUF];

	(void)state;
	expect_following("2025-09-30", 6, "2026-03-31");
	expect_following("2025-09-01", 6, "2026-03-31");
	expect_following("2025-08-31", 6, "2026-02-28");
	expect_following("2023-08-31", 6, "2024-02-29");
	expect_following("2025-12-31", 6, "2026-06-30");
	expect_following("2025-06-30", 0, "2025-06-30");
	expect_following("2025-02-10", 0, "2025-02-28");
	cal_end_of_month("2024-02-01", out);
	assert_string_equal(out, "2024-02-29");
	cal_end_of_month("2199-12-05", out); /* the last month of the range */
	assert_string_equal(out, "2199-12-31");
}

static void test_weekday(void **state)
{
	(void)state;
	assert_int_equal(cal_weekday("1970-01-01"), 4); /* Thursday */
	assert_int_equal(cal_weekday("2025-09-01"), 1); /* Monday */
	assert_int_equal(cal_weekday("2026-03-31"), 2);
	assert_int_equal(cal_weekday("2026-02-28"), 6);
	assert_int_equal(cal_weekday("1969-12-28"), 7); /* a Sunday before 1970 */
	assert_int_equal(cal_weekday("1900-01-01"), 1);
}

static void expect_easter(int year, const char *want)
{
	char out[DATE_BUF];

	date_from_days(cal_easter_days(year), out);
	assert_string_equal(out, want);
}

static void test_easter(void **state)
{
	(void)state;
	expect_easter(1961, "1961-04-02");
	expect_easter(2000, "2000-04-23");
	expect_easter(2008, "2008-03-23"); /* early */
	expect_easter(2019, "2019-04-21");
	expect_easter(2024, "2024-03-31");
	expect_easter(2025, "2025-04-20");
	expect_easter(2026, "2026-04-05");
	expect_easter(2027, "2027-03-28");
	expect_easter(2038, "2038-04-25"); /* late */
}

static void test_nrw_holidays(void **state)
{
	const char *name = NULL;

	(void)state;
	assert_true(cal_is_holiday_nrw("2025-04-18", &name));
	assert_string_equal(name, "Karfreitag");
	assert_true(cal_is_holiday_nrw("2025-04-21", &name));
	assert_string_equal(name, "Ostermontag");
	assert_true(cal_is_holiday_nrw("2025-05-29", &name));
	assert_string_equal(name, "Christi Himmelfahrt");
	assert_true(cal_is_holiday_nrw("2025-06-09", &name));
	assert_string_equal(name, "Pfingstmontag");
	assert_true(cal_is_holiday_nrw("2025-06-19", &name));
	assert_string_equal(name, "Fronleichnam");
	assert_true(cal_is_holiday_nrw("2026-11-01", &name));
	assert_string_equal(name, "Allerheiligen");
	assert_true(cal_is_holiday_nrw("2017-10-31", NULL));
	assert_false(cal_is_holiday_nrw("2018-10-31", NULL)); /* only in 2017 */
	assert_false(cal_is_holiday_nrw("2025-08-15", NULL)); /* Mariä Himmelfahrt: not NRW */
	assert_false(cal_is_holiday_nrw("2025-01-06", NULL)); /* Heilige Drei Könige: not NRW */
	assert_false(cal_is_holiday_nrw("2025-04-20", NULL)); /* Easter Sunday: a Sunday */
	assert_false(cal_is_working_day("2025-04-20"));
	assert_false(cal_is_working_day("2025-05-31"));
	assert_true(cal_is_working_day("2025-06-02"));
}

static void expect_legal_end(const char *target, const char *want)
{
	char out[DATE_BUF];

	cal_legal_end(target, out);
	assert_string_equal(out, want);
}

/* § 31 Abs. 3 Satz 1 VwVfG NRW: the next working day. */
static void test_legal_end(void **state)
{
	(void)state;
	expect_legal_end("2025-09-01", "2025-09-01"); /* a Monday stays */
	expect_legal_end("2025-05-31", "2025-06-02"); /* Saturday */
	expect_legal_end("2026-02-28", "2026-03-02"); /* Saturday */
	expect_legal_end("2025-06-01", "2025-06-02"); /* Sunday */
	expect_legal_end("2025-12-25", "2025-12-29"); /* Christmas, weekend */
	expect_legal_end("2026-04-03", "2026-04-07"); /* Good Friday to Easter Monday */
	expect_legal_end("2025-05-29", "2025-05-30"); /* Ascension Thursday */
	expect_legal_end("2025-12-31", "2025-12-31"); /* New Year's Eve is a working day */
	expect_legal_end("2026-12-31", "2026-12-31");
	expect_legal_end("2027-01-01", "2027-01-04"); /* holiday, weekend */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_months_after_an_event),
		cmocka_unit_test(test_weeks_and_days),
		cmocka_unit_test(test_end_of_following_month),
		cmocka_unit_test(test_weekday),
		cmocka_unit_test(test_easter),
		cmocka_unit_test(test_nrw_holidays),
		cmocka_unit_test(test_legal_end),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
