/* test_exit_codes.c - exit code 3: the data was saved, only the output
 * failed (issue 12 item 9). A script that retries on any non-zero exit
 * would otherwise book twice. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "testutil.h"

struct full_run {
	int rc;
	char err[1024];
};

/* Runs fundtrack --db db WORDS... with stdout on /dev/full (every write
 * fails with ENOSPC), stderr captured. */
static void run_to_full(struct full_run *r, const char *db, ...)
{
	char *argv[16] = { "fundtrack", "--db", (char *)db };
	int argc = 3;
	FILE *full = fopen("/dev/full", "w");
	FILE *err = tmpfile();
	size_t n;
	va_list ap;

	assert_non_null(full);
	assert_non_null(err);
	va_start(ap, db);
	while ((argv[argc] = va_arg(ap, char *)) != NULL)
		argc++;
	va_end(ap);
	r->rc = ft_main(argc, argv, full, err);
	fclose(full);
	rewind(err);
	n = fread(r->err, 1, sizeof(r->err) - 1, err);
	r->err[n] = '\0';
	fclose(err);
}

static void test_saved_but_confirmation_lost(void **state)
{
	char *db = tu_small_db();
	struct full_run r;

	(void)state;
	run_to_full(&r, db, "book", "G-1", "drawdown", "1.000,00", "--date", "15.01.2023", NULL);
	assert_int_equal(r.rc, EXIT_SAVED_OUTPUT_FAILED);
	assert_int_equal(r.rc, 3);
	assert_true(tu_contains(r.err, "fundtrack: the data was saved; the confirmation could not "
				       "be written: No space left on device"));
	assert_true(tu_contains(r.err, "do not repeat the command"));
	tu_assert_query(db, "SELECT count(*) FROM booking", "1");
	tu_cleanup(db);
}

/* Nothing committed: the usual codes, and no claim that anything was saved. */
static void test_nothing_saved_keeps_codes(void **state)
{
	char *db = tu_small_db();
	struct full_run r;

	(void)state;
	run_to_full(&r, db, "project", "list", NULL);
	assert_int_equal(r.rc, EXIT_ERROR);
	assert_true(tu_contains(r.err, "fundtrack: cannot write the output: No space left on device"));
	assert_null(strstr(r.err, "saved"));
	run_to_full(&r, db, "book", "G-1", "drawdown", "1.000,00x", "--date", "15.01.2023", NULL);
	assert_true(r.rc == EXIT_ERROR || r.rc == EXIT_USAGE);
	assert_null(strstr(r.err, "saved"));
	run_to_full(&r, db, "book", "NO-SUCH-GRANT", "drawdown", "1,00", "--date", "15.01.2023", NULL);
	assert_int_equal(r.rc, EXIT_ERROR);
	assert_null(strstr(r.err, "saved"));
	tu_assert_query(db, "SELECT count(*) FROM booking", "0");
	tu_cleanup(db);
}

/* Creating or upgrading the tables is no data of the command: exit 1. */
static void test_migrations_are_not_saved_data(void **state)
{
	char *db = tu_temp_db();
	struct full_run r;

	(void)state;
	/* init is safe to repeat: its tables are no data of the command */
	run_to_full(&r, db, "init", NULL);
	assert_int_equal(r.rc, EXIT_ERROR);
	assert_null(strstr(r.err, "saved"));
	tu_assert_query(db, "SELECT count(*) >= 0 FROM city", "1"); /* the schema is there */
	run_to_full(&r, db, "city", "list", NULL);
	assert_int_equal(r.rc, EXIT_ERROR);
	assert_null(strstr(r.err, "saved"));
	tu_cleanup(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_saved_but_confirmation_lost),
		cmocka_unit_test(test_nothing_saved_keeps_codes),
		cmocka_unit_test(test_migrations_are_not_saved_data),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
