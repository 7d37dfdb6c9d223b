/* test_date.c - parsing, day counts, month arithmetic and display of dates. */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L /* setenv, localtime_r */
#endif

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "date.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define UNTOUCHED_DATE "untouched"

/* Room for any "%04d-%02d-%02d" so the reference never truncates. */
enum { REFERENCE_BUF = 48 };

/* ---- date_parse ------------------------------------------------------ */

struct accepted_date {
	const char *text;
	const char *iso;
};

static const struct accepted_date accepted_dates[] = {
	{ "2025-12-31", "2025-12-31" },
	{ "31.12.2025", "2025-12-31" },
	{ "1.2.2025", "2025-02-01" },
	{ "01.02.2025", "2025-02-01" },
	{ "1.02.2025", "2025-02-01" },
	{ "01.2.2025", "2025-02-01" },
	{ "2025-01-05", "2025-01-05" },
	{ "29.02.2024", "2024-02-29" },
	{ "2000-02-29", "2000-02-29" }, /* divisible by 400: leap */
	{ "29.2.2000", "2000-02-29" },
	{ "1904-02-29", "1904-02-29" },
	{ "2196-02-29", "2196-02-29" },
	{ "2100-02-28", "2100-02-28" },
	{ "1900-01-01", "1900-01-01" },
	{ "01.01.1900", "1900-01-01" },
	{ "2199-12-31", "2199-12-31" },
	{ "31.12.2199", "2199-12-31" },
	{ "30.04.2025", "2025-04-30" },
	{ "31.01.2025", "2025-01-31" },
	{ " 2025-01-05 ", "2025-01-05" },
	{ "\t5.1.2025\t", "2025-01-05" },
};

static void test_date_parse_accepts(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(accepted_dates); i++) {
		char out[DATE_BUF] = UNTOUCHED_DATE;
		struct ft_error err;

		ft_error_clear(&err);
		if (date_parse(accepted_dates[i].text, out, &err) != 0)
			fail_msg("'%s' refused: %s", accepted_dates[i].text,
				 err.msg);
		assert_string_equal(out, accepted_dates[i].iso);
	}
}

struct refused_date {
	const char *text;
	const char *reason;
};

static const char shape[] = "expected YYYY-MM-DD or DD.MM.YYYY";

static const struct refused_date refused_dates[] = {
	{ "", shape },
	{ "   ", shape },
	{ "x", shape },
	{ "2025-1-5", shape },
	{ "2025-01-5", shape },
	{ "2025-1-05", shape },
	{ "31.12.25", shape },
	{ "31.12.025", shape },
	{ "31.12.20251", shape },
	{ "2025/12/31", shape },
	{ "31-12-2025", shape },
	{ "31/12/2025", shape },
	{ "2025-12-31x", shape },
	{ "2025-12-31 x", shape },
	{ "2025-12-31T00:00", shape },
	{ "31.12.2025.", shape },
	{ "123.12.2025", shape },
	{ "31.123.2025", shape },
	{ ".12.2025", shape },
	{ "20251231", shape },
	{ "+2025-12-31", shape },
	{ "-2025-12-31", shape },
	{ "2025-12-3l", shape },
	{ "12025-12-31", shape },
	{ "2025-12-31 and much more text after it", shape },
	{ "2025-13-01", "month must be between 1 and 12" },
	{ "2025-00-10", "month must be between 1 and 12" },
	{ "13.13.2025", "month must be between 1 and 12" },
	{ "1.0.2025", "month must be between 1 and 12" },
	{ "0.1.2025", "there is no day 0" },
	{ "2025-01-00", "there is no day 0" },
	{ "30.02.2025", "February 2025 has 28 days" },
	{ "29.02.2025", "February 2025 has 28 days" },
	{ "29.02.1900", "February 1900 has 28 days" }, /* century: no leap */
	{ "2100-02-29", "February 2100 has 28 days" },
	{ "2024-02-30", "February 2024 has 29 days" },
	{ "31.04.2025", "April 2025 has 30 days" },
	{ "2025-06-31", "June 2025 has 30 days" },
	{ "31.9.2025", "September 2025 has 30 days" },
	{ "2025-11-31", "November 2025 has 30 days" },
	{ "32.01.2025", "January 2025 has 31 days" },
	{ "2025-12-99", "December 2025 has 31 days" },
	{ "1899-12-31", "year must be between 1900 and 2199" },
	{ "31.12.1899", "year must be between 1900 and 2199" },
	{ "2200-01-01", "year must be between 1900 and 2199" },
	{ "01.01.2200", "year must be between 1900 and 2199" },
	{ "0000-01-01", "year must be between 1900 and 2199" },
	{ "9999-12-31", "year must be between 1900 and 2199" },
};

static void test_date_parse_refuses(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(refused_dates); i++) {
		const struct refused_date *c = &refused_dates[i];
		char out[DATE_BUF] = UNTOUCHED_DATE;
		char expected[256];
		struct ft_error err;

		ft_error_clear(&err);
		if (date_parse(c->text, out, &err) != -1)
			fail_msg("'%s' accepted as %s", c->text, out);
		assert_string_equal(out, UNTOUCHED_DATE);
		snprintf(expected, sizeof(expected), "invalid date '%s': %s",
			 c->text, c->reason);
		assert_string_equal(err.msg, expected);
	}
}

static void test_date_parse_null_and_no_error_struct(void **state)
{
	char out[DATE_BUF] = UNTOUCHED_DATE;
	struct ft_error err;

	(void)state;
	assert_int_equal(date_parse(NULL, out, &err), -1);
	assert_string_equal(err.msg, "invalid date '': expected YYYY-MM-DD or "
				     "DD.MM.YYYY");
	assert_int_equal(date_parse("30.02.2025", out, NULL), -1);
	assert_string_equal(out, UNTOUCHED_DATE);
	assert_int_equal(date_parse("28.02.2025", out, NULL), 0);
	assert_string_equal(out, "2025-02-28");
}

static void test_date_is_valid_iso(void **state)
{
	static const char *const valid[] = {
		"2025-12-31", "2000-02-29", "1900-01-01", "2199-12-31",
		"2024-02-29",
	};
	static const char *const invalid[] = {
		"",           "31.12.2025",  "2025-02-29",  "1900-02-29",
		"1899-12-31", "2200-01-01",  " 2025-12-31", "2025-12-31 ",
		"2025-1-05",  "2025-12-32",  "2025-00-01",  "x",
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(valid); i++)
		if (!date_is_valid_iso(valid[i]))
			fail_msg("'%s' should be valid", valid[i]);
	for (size_t i = 0; i < ARRAY_LEN(invalid); i++)
		if (date_is_valid_iso(invalid[i]))
			fail_msg("'%s' should be invalid", invalid[i]);
	assert_false(date_is_valid_iso(NULL));
}

/* ---- day counts ------------------------------------------------------- */

struct day_count {
	const char *iso;
	long days;
};

/* Reference values computed independently (Python's datetime). */
static const struct day_count day_counts[] = {
	{ "1970-01-01", 0 },      { "1970-01-02", 1 },
	{ "1969-12-31", -1 },     { "2000-01-01", 10957 },
	{ "2000-02-29", 11016 },  { "2025-12-31", 20453 },
	{ "1900-01-01", -25567 }, { "2199-12-31", 84005 },
};

static void test_date_days_known_values(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(day_counts); i++) {
		char out[DATE_BUF];

		assert_int_equal(date_to_days(day_counts[i].iso),
				 day_counts[i].days);
		date_from_days(day_counts[i].days, out);
		assert_string_equal(out, day_counts[i].iso);
	}
	assert_int_equal(date_to_days("2025-02-30"), 0);
	assert_int_equal(date_to_days(NULL), 0);
}

static int test_days_in_month(int year, int month)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30,
				      31, 31, 30, 31, 30, 31 };
	int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;

	return month == 2 && leap ? 29 : days[month - 1];
}

/* Walks every day from 1900-01-01 to 2199-12-31 with a simple calendar
 * counter of its own and checks both conversions and the German form. */
static void test_date_days_round_trip_every_day(void **state)
{
	int year = 1900, month = 1, day = 1;
	long first = date_to_days("1900-01-01");
	long last = date_to_days("2199-12-31");
	long count = 0;

	(void)state;
	for (long n = first; n <= last; n++, count++) {
		char expected[REFERENCE_BUF], out[DATE_BUF], german[DATE_BUF];
		char parsed[DATE_BUF];

		snprintf(expected, sizeof(expected), "%04d-%02d-%02d", year,
			 month, day);
		date_from_days(n, out);
		if (strcmp(out, expected) != 0)
			fail_msg("day %ld gave %s, expected %s", n, out,
				 expected);
		if (date_to_days(out) != n)
			fail_msg("%s gave %ld, expected %ld", out,
				 date_to_days(out), n);
		assert_true(date_is_valid_iso(out));
		assert_int_equal(date_year(out), year);
		date_format_de(out, german);
		assert_int_equal(date_parse(german, parsed, NULL), 0);
		assert_string_equal(parsed, out);

		if (++day > test_days_in_month(year, month)) {
			day = 1;
			if (++month > 12) {
				month = 1;
				year++;
			}
		}
	}
	assert_int_equal(count, 109573); /* 300 years, 73 of them leap */
	assert_int_equal(year, 2200);
}

static void test_date_from_days_clamps(void **state)
{
	char out[DATE_BUF];

	(void)state;
	date_from_days(LONG_MIN, out);
	assert_string_equal(out, "0000-01-01");
	date_from_days(LONG_MAX, out);
	assert_string_equal(out, "9999-12-31");
	date_from_days(-719528, out); /* exactly 0000-01-01 */
	assert_string_equal(out, "0000-01-01");
	date_from_days(-719529, out);
	assert_string_equal(out, "0000-01-01");
	date_from_days(2932896, out); /* exactly 9999-12-31 */
	assert_string_equal(out, "9999-12-31");
	date_from_days(-25568, out); /* outside the input range still works */
	assert_string_equal(out, "1899-12-31");
}

/* ---- month arithmetic -------------------------------------------------- */

struct month_step {
	const char *iso;
	int months;
	const char *expected;
};

static const struct month_step month_steps[] = {
	{ "2025-08-31", 6, "2026-02-28" },
	{ "2024-01-31", 1, "2024-02-29" },
	{ "2025-01-31", 1, "2025-02-28" },
	{ "2025-03-31", 1, "2025-04-30" },
	{ "2025-01-15", 0, "2025-01-15" },
	{ "2025-01-15", 12, "2026-01-15" },
	{ "2025-01-15", -1, "2024-12-15" },
	{ "2025-03-31", -1, "2025-02-28" },
	{ "2024-02-29", 12, "2025-02-28" },
	{ "2024-02-29", 48, "2028-02-29" },
	{ "2025-12-31", 1, "2026-01-31" },
	{ "2025-01-01", -13, "2023-12-01" },
	{ "2025-01-01", -24, "2023-01-01" },
	{ "2025-10-31", 1200, "2125-10-31" },
	{ "2199-12-31", 1, "2200-01-31" },
	{ "1900-01-31", -1, "1899-12-31" },
	{ "2025-05-15", INT_MAX, "9999-12-15" },
	{ "2025-05-31", INT_MIN, "0000-01-31" },
};

static void test_date_add_months(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(month_steps); i++) {
		char out[DATE_BUF] = UNTOUCHED_DATE;

		date_add_months(month_steps[i].iso, month_steps[i].months, out);
		if (strcmp(out, month_steps[i].expected) != 0)
			fail_msg("%s + %d months gave %s, expected %s",
				 month_steps[i].iso, month_steps[i].months, out,
				 month_steps[i].expected);
	}
}

static void test_date_add_months_invalid_input(void **state)
{
	char out[DATE_BUF] = UNTOUCHED_DATE;

	(void)state;
	date_add_months(NULL, 1, out);
	assert_string_equal(out, "");
	memcpy(out, UNTOUCHED_DATE, sizeof(UNTOUCHED_DATE));
	date_add_months("2025-02-30", 1, out);
	assert_string_equal(out, "");
	memcpy(out, UNTOUCHED_DATE, sizeof(UNTOUCHED_DATE));
	date_add_months("31.12.2025", 1, out);
	assert_string_equal(out, "");
}

/* ---- display and small accessors -------------------------------------- */

static void test_date_format_de(void **state)
{
	static const struct {
		const char *iso, *german;
	} cases[] = {
		{ "2025-12-31", "31.12.2025" }, { "2025-01-05", "05.01.2025" },
		{ "1900-01-01", "01.01.1900" }, { "2199-12-31", "31.12.2199" },
		{ "", "" },                     { "garbage", "" },
		{ "2025-02-30", "" },           { "31.12.2025", "" },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		char out[DATE_BUF] = UNTOUCHED_DATE;

		date_format_de(cases[i].iso, out);
		assert_string_equal(out, cases[i].german);
	}
	{
		char out[DATE_BUF] = UNTOUCHED_DATE;

		date_format_de(NULL, out);
		assert_string_equal(out, "");
	}
}

static void test_date_year(void **state)
{
	(void)state;
	assert_int_equal(date_year("2025-12-31"), 2025);
	assert_int_equal(date_year("1900-01-01"), 1900);
	assert_int_equal(date_year("2199-12-31"), 2199);
	assert_int_equal(date_year("31.12.2025"), 0);
	assert_int_equal(date_year(""), 0);
	assert_int_equal(date_year(NULL), 0);
}

/* ---- today ------------------------------------------------------------ */

static void local_date(char out[REFERENCE_BUF])
{
	time_t now = time(NULL);
	struct tm local;

	assert_non_null(localtime_r(&now, &local));
	snprintf(out, REFERENCE_BUF, "%04d-%02d-%02d", local.tm_year + 1900,
		 local.tm_mon + 1, local.tm_mday);
}

/* date_today without a usable override must be the local date; the
 * reference is taken before and after so midnight cannot break it. */
static void assert_today_is_local(void)
{
	char before[REFERENCE_BUF], today[DATE_BUF], after[REFERENCE_BUF];

	local_date(before);
	date_today(today);
	local_date(after);
	if (strcmp(today, before) != 0 && strcmp(today, after) != 0)
		fail_msg("today %s, local %s/%s", today, before, after);
}

static void test_date_today(void **state)
{
	const char *saved = getenv("FUNDTRACK_TODAY");
	char saved_copy[64] = "";
	char today[DATE_BUF];

	(void)state;
	if (saved)
		snprintf(saved_copy, sizeof(saved_copy), "%s", saved);

	assert_int_equal(setenv("FUNDTRACK_TODAY", "2026-11-24", 1), 0);
	date_today(today);
	assert_string_equal(today, "2026-11-24");

	assert_int_equal(setenv("FUNDTRACK_TODAY", "29.2.2028", 1), 0);
	date_today(today);
	assert_string_equal(today, "2028-02-29");

	assert_int_equal(setenv("FUNDTRACK_TODAY", "tomorrow", 1), 0);
	assert_today_is_local();
	assert_int_equal(setenv("FUNDTRACK_TODAY", "2025-02-30", 1), 0);
	assert_today_is_local();
	assert_int_equal(setenv("FUNDTRACK_TODAY", "", 1), 0);
	assert_today_is_local();
	assert_int_equal(unsetenv("FUNDTRACK_TODAY"), 0);
	assert_today_is_local();
	date_today(today);
	assert_true(date_is_valid_iso(today));

	if (saved)
		assert_int_equal(setenv("FUNDTRACK_TODAY", saved_copy, 1), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_date_parse_accepts),
		cmocka_unit_test(test_date_parse_refuses),
		cmocka_unit_test(test_date_parse_null_and_no_error_struct),
		cmocka_unit_test(test_date_is_valid_iso),
		cmocka_unit_test(test_date_days_known_values),
		cmocka_unit_test(test_date_days_round_trip_every_day),
		cmocka_unit_test(test_date_from_days_clamps),
		cmocka_unit_test(test_date_add_months),
		cmocka_unit_test(test_date_add_months_invalid_input),
		cmocka_unit_test(test_date_format_de),
		cmocka_unit_test(test_date_year),
		cmocka_unit_test(test_date_today),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
