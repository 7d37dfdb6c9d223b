/* test_filters.c - the filters and --sort every listing takes (issue 15,
 * app/cli/filter.c), on the demo's figures. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

static char *demo;

static int setup(void **state)
{
	(void)state;
	demo = tu_temp_db();
	tu_ok(demo, "demo", NULL);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	tu_cleanup(demo);
	return 0;
}

/* Lines of csv output after the header; every one must contain needle. */
static size_t rows_all_containing(const char *csv, const char *needle)
{
	const char *line = strchr(csv, '\n');
	size_t rows = 0;

	while (line && line[1]) {
		const char *end = strchr(line + 1, '\n');
		char *copy = strndup(line + 1, end ? (size_t)(end - line - 1) : strlen(line + 1));

		assert_non_null(copy);
		if (!strstr(copy, needle))
			fail_msg("row without '%s': %s", needle, copy);
		free(copy);
		rows++;
		line = end;
	}
	return rows;
}

/* German and English words select the same rows. */
static void test_status_in_both_languages(void **state)
{
	struct ft_run de, en;

	(void)state;
	tu_run(&de, demo, "--format", "csv", "grant", "list", "--status", "laufend", NULL);
	tu_run(&en, demo, "--format", "csv", "grant", "list", "--status=running", NULL);
	assert_int_equal(de.rc, 0);
	assert_string_equal(de.out, en.out);
	assert_true(rows_all_containing(de.out, ",running") > 0);
	tu_run_free(&de);
	tu_run_free(&en);
}

/* --year on bookings: the booking day lies in the year. */
static void test_year_on_dates(void **state)
{
	struct ft_run r;

	(void)state;
	tu_run(&r, demo, "--format", "csv", "bookings", "--year", "2026", NULL);
	assert_int_equal(r.rc, 0);
	assert_true(rows_all_containing(r.out, ",2026-") > 0);
	tu_run_free(&r);
}

/* The csv field number n (0-based) of line, copied into out. */
static void field(const char *line, int n, char *out, size_t size)
{
	for (int i = 0; i < n; i++)
		line = strchr(line, ',') + 1;
	snprintf(out, size, "%.*s", (int)strcspn(line, ",\n"), line);
}

/* Rows of csv output after the header. */
static size_t csv_rows(const char *csv)
{
	size_t rows = 0;

	for (const char *p = strchr(csv, '\n'); p && p[1]; p = strchr(p + 1, '\n'))
		rows++;
	return rows;
}

/* bookings --project: exactly the bookings of the project's grants (every
 * grant of ANK-3 listed on its own adds up to the same rows). */
static void test_project_on_bookings(void **state)
{
	struct ft_run r, grants;
	size_t expected = 0;
	char ref[80];

	(void)state;
	tu_run(&r, demo, "--format", "csv", "bookings", "--project", "ANK-3", NULL);
	assert_int_equal(r.rc, 0);
	assert_true(rows_all_containing(r.out, ",ANK-3") > 0);
	tu_run(&grants, demo, "--format", "csv", "grant", "list", "--project=ANK-3", NULL);
	assert_int_equal(grants.rc, 0);
	assert_true(csv_rows(grants.out) >= 2);
	for (const char *line = strchr(grants.out, '\n') + 1; *line;
	     line = strchr(line, '\n') + 1) {
		struct ft_run one;

		field(line, 0, ref, sizeof(ref));
		tu_run(&one, demo, "--format", "csv", "bookings", ref, NULL);
		assert_int_equal(one.rc, 0);
		expected += csv_rows(one.out);
		tu_run_free(&one);
	}
	assert_int_equal(csv_rows(r.out), expected);
	tu_run_free(&grants);
	tu_run_free(&r);
	/* with another filter, and a project without bookings: no rows, no error */
	tu_run(&r, demo, "--format", "csv", "bookings", "--project", "ANK-3", "--year", "2031",
	       NULL);
	assert_int_equal(r.rc, 0);
	assert_int_equal(csv_rows(r.out), 0);
	tu_run_free(&r);
	/* a code that names no record is a typo, said as such (exit 1), on
	 * every listing */
	tu_fail(demo, 1, "no project 'NOPE' in this city", "bookings", "--project", "NOPE", NULL);
	tu_fail(demo, 1, "no project 'NOPE' in this city", "grant", "list", "--project=NOPE", NULL);
	tu_fail(demo, 1, "no district 'XX' in this city", "project", "list", "--district", "XX",
		NULL);
	tu_fail(demo, 1, "no programme 'NOPE' in this city", "grant", "list", "--programme", "NOPE",
		NULL);
}

/* --year on grants: exactly the grants whose approval period (from, to:
 * fields 4 and 5) meets the year stay, checked row by row against the
 * unfiltered list. */
static void expect_year_rule(const char *year)
{
	struct ft_run all, some;
	char first[11], last[11], from[16], to[16], ref[80];
	size_t expected = 0, kept = 0;

	snprintf(first, sizeof(first), "%s-01-01", year);
	snprintf(last, sizeof(last), "%s-12-31", year);
	tu_run(&all, demo, "--format", "csv", "grant", "list", NULL);
	tu_run(&some, demo, "--format", "csv", "grant", "list", "--year", year, NULL);
	assert_int_equal(some.rc, 0);
	for (const char *line = strchr(all.out, '\n') + 1; *line; line = strchr(line, '\n') + 1) {
		char needle[90];
		int meets;

		field(line, 0, ref, sizeof(ref));
		field(line, 4, from, sizeof(from));
		field(line, 5, to, sizeof(to));
		meets = strcmp(from, last) <= 0 && strcmp(to, first) >= 0;
		snprintf(needle, sizeof(needle), "\n%s,", ref);
		assert_int_equal(strstr(some.out, needle) != NULL, meets);
		expected += (size_t)meets;
	}
	for (const char *p = strchr(some.out, '\n'); p && p[1]; p = strchr(p + 1, '\n'))
		kept++;
	assert_int_equal(kept, expected);
	tu_run_free(&all);
	tu_run_free(&some);
}

static void test_year_on_periods(void **state)
{
	(void)state;
	expect_year_rule("2020");
	expect_year_rule("2023");
	expect_year_rule("2026");
	expect_year_rule("2031"); /* none */
}

/* --sort -amount: amounts never rise from one row to the next. */
static void test_sort_descending(void **state)
{
	struct ft_run r;
	const char *line;
	double last = 1e18;

	(void)state;
	tu_run(&r, demo, "--format", "csv", "bookings", "--sort", "-amount", NULL);
	assert_int_equal(r.rc, 0);
	for (line = strchr(r.out, '\n'); line && line[1]; line = strchr(line + 1, '\n')) {
		/* id,ref,date,kind,amount,...: the fifth field */
		const char *p = line + 1;
		double amount;

		for (int i = 0; i < 4; i++)
			p = strchr(p, ',') + 1;
		amount = strtod(p, NULL); /* a test's comparison, not money arithmetic */
		assert_true(amount <= last);
		last = amount;
	}
	tu_run_free(&r);
}

/* Bytes from text (at a comma) up to the comma that ends n fields. */
static size_t fields_length(const char *text, int n)
{
	const char *p = text;

	for (int i = 0; i < n && p; i++)
		p = strchr(p + 1, ',');
	assert_non_null(p);
	return (size_t)(p - text);
}

/* Filtered rows: the total row sums what is shown (budget by level, only
 * the state level: the total equals the state row). */
static void test_total_sums_the_rows_shown(void **state)
{
	struct ft_run r;
	char *state_row, *total_row;

	(void)state;
	tu_run(&r, demo, "--format", "csv", "budget", "--level", "Land", NULL);
	assert_int_equal(r.rc, 0);
	state_row = strstr(r.out, "\nstate,");
	total_row = strstr(r.out, "\nTotal,"); /* English: the tests' locale */
	assert_non_null(state_row);
	assert_non_null(total_row);
	/* approved, allocated, drawn, spent, repaid, open, remaining equal:
	 * the 7 fields after the label, up to the 8th comma */
	assert_int_equal(strncmp(strchr(state_row, ','), strchr(total_row, ','),
				 fields_length(strchr(state_row, ','), 7)),
			 0);
	assert_int_equal(fields_length(strchr(state_row, ','), 7),
			 fields_length(strchr(total_row, ','), 7));
	tu_run_free(&r);
}

static void test_errors_name_the_filter(void **state)
{
	(void)state;
	tu_fail(demo, 2, "--severity: this listing has no column 'severity'", "bookings",
		"--severity", "error", NULL);
	tu_fail(demo, 2, "--status: invalid status 'fertig'", "grant", "list", "--status",
		"fertig", NULL);
	tu_fail(demo, 2, "--year", "bookings", "--year", "20x6", NULL);
	tu_fail(demo, 2, "--from", "bookings", "--from", "31.02.2026", NULL);
	tu_fail(demo, 2, "--sort: this listing has no column 'betrag'", "bookings", "--sort",
		"betrag", NULL);
}

/* A command's own option keeps its meaning: grant add --status. */
static void test_own_option_wins(void **state)
{
	char *db = tu_small_db();
	struct ft_run r;

	(void)state;
	tu_run(&r, db, "--format", "csv", "budget", "--year", "2026", NULL);
	assert_int_equal(r.rc, 0); /* budget's own --year, not the filter */
	tu_run_free(&r);
	tu_cleanup(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_status_in_both_languages),
		cmocka_unit_test(test_year_on_dates),
		cmocka_unit_test(test_year_on_periods),
		cmocka_unit_test(test_project_on_bookings),
		cmocka_unit_test(test_sort_descending),
		cmocka_unit_test(test_total_sums_the_rows_shown),
		cmocka_unit_test(test_errors_name_the_filter),
		cmocka_unit_test(test_own_option_wins),
	};

	return tu_exit_code(cmocka_run_group_tests(tests, setup, teardown));
}
