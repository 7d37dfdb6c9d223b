/* Interest over base-rate changes (interest.h), hand-computed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "interest.h"

/* § 247 BGB rates as published by the Deutsche Bundesbank. */
static const struct base_rate rates[] = {
	{ "2016-07-01", -88 }, { "2023-01-01", 162 }, { "2023-07-01", 312 },
};

/* 100.000 € from 31.05.2023 to 31.08.2023 at 5 points above the base
 * rate: 30 days at 6,62 % and 62 days at 8,12 %:
 * (10.000.000 × 662 × 30 + 10.000.000 × 812 × 62) / (10.000 × 365)
 * = 192.339,73 cents → 1.923,40 €. */
static void test_two_rates(void **state)
{
	struct interest_result r;
	struct ft_error err;

	(void)state;
	assert_int_equal(interest_over_rates(10000000, "2023-05-31", "2023-08-31", 500, rates, 3,
					     &r, &err), 0);
	assert_int_equal(r.days, 92);
	assert_int_equal(r.interest, 192340);
	assert_string_equal(r.missing, "");
}

/* 10.000 € over the leap year 2020 at 5 points above -0,88 %:
 * 1.000.000 × 412 × 366 / 3.650.000 = 41.312,88 cents → 413,13 €. */
static void test_negative_base_rate(void **state)
{
	struct interest_result r;
	struct ft_error err;

	(void)state;
	assert_int_equal(interest_over_rates(1000000, "2019-12-31", "2020-12-31", 500, rates, 3,
					     &r, &err), 0);
	assert_int_equal(r.days, 366);
	assert_int_equal(r.interest, 41313);
	/* Without a margin the rate is below zero: no interest, never negative. */
	assert_int_equal(interest_over_rates(1000000, "2019-12-31", "2020-12-31", 0, rates, 3,
					     &r, &err), 0);
	assert_int_equal(r.interest, 0);
}

/* Days before the first known rate are named, never charged at 0 % silently. */
static void test_missing_rate(void **state)
{
	struct interest_result r;
	struct ft_error err;

	(void)state;
	assert_int_equal(interest_over_rates(1000000, "2016-06-15", "2016-07-10", 500, rates, 3,
					     &r, &err), 0);
	assert_string_equal(r.missing, "2016-06-16");
	assert_int_equal(r.days, 25);
	/* Only the 10 July days count: 1.000.000 × 412 × 10 / 3.650.000 = 1.128,77 */
	assert_int_equal(r.interest, 1129);
	assert_int_equal(interest_over_rates(1000000, "2016-06-15", "2016-07-10", 500, NULL, 0,
					     &r, &err), 0);
	assert_string_equal(r.missing, "2016-06-16");
	assert_int_equal(r.interest, 0);
}

/* The last known rate holds only to the end of its half-year (§ 247 Abs. 1
 * BGB): 2023-07-01's 3,12 % ends on 31.12.2023; 2024 has no rate here. */
static void test_last_rate_expires(void **state)
{
	struct interest_result r;
	struct ft_error err;
	char end[DATE_BUF];

	(void)state;
	assert_int_equal(interest_over_rates(1000000, "2023-12-21", "2024-01-10", 500, rates, 3,
					     &r, &err), 0);
	assert_string_equal(r.missing, "2024-01-01");
	assert_int_equal(r.days, 20);
	/* 10 days at 8,12 %: 1.000.000 × 812 × 10 / 3.650.000 = 2.224,66 */
	assert_int_equal(r.interest, 2225);
	/* wholly after the half-year: the first day counted is named */
	assert_int_equal(interest_over_rates(1000000, "2024-02-01", "2024-02-10", 500, rates, 3,
					     &r, &err), 0);
	assert_string_equal(r.missing, "2024-02-02");
	assert_int_equal(r.interest, 0);
	interest_half_year_end("2026-01-01", end);
	assert_string_equal(end, "2026-06-30");
	interest_half_year_end("2025-07-01", end);
	assert_string_equal(end, "2025-12-31");
	interest_half_year_start("2026-08-03", end);
	assert_string_equal(end, "2026-07-01");
	interest_half_year_start("2026-06-30", end);
	assert_string_equal(end, "2026-01-01");
}

static void test_empty_period(void **state)
{
	struct interest_result r;
	struct ft_error err;

	(void)state;
	assert_int_equal(interest_over_rates(1000000, "2024-03-01", "2024-03-01", 500, rates, 3,
					     &r, &err), 0);
	assert_int_equal(r.days, 0);
	assert_int_equal(r.interest, 0);
	assert_int_equal(interest_over_rates(1000000, "2024-03-02", "2024-03-01", 500, rates, 3,
					     &r, &err), 0);
	assert_int_equal(r.interest, 0);
}

static void test_overflow_is_an_error(void **state)
{
	struct interest_result r;
	struct ft_error err;

	(void)state;
	assert_int_equal(interest_over_rates(INT64_MAX, "2017-01-01", "2199-12-31", 5000, rates, 3,
					     &r, &err), -1);
	assert_non_null(strstr(err.msg, "out of range"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_two_rates),
		cmocka_unit_test(test_negative_base_rate),
		cmocka_unit_test(test_missing_rate),
		cmocka_unit_test(test_last_rate_expires),
		cmocka_unit_test(test_empty_period),
		cmocka_unit_test(test_overflow_is_an_error),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
