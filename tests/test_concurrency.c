/* test_concurrency.c - four processes booking into one database at once:
 * no booking lost, no "database is locked" reaching the user, totals
 * exact. Each booking is a full CLI run (open, BEGIN IMMEDIATE, commit),
 * as when four finance officers work on a shared file. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "db.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "testutil.h"

enum { WORKERS = 4, BOOKINGS_PER_WORKER = 1000 };

/* Books BOOKINGS_PER_WORKER drawdowns of (worker + 1) cents each; exits
 * with the number of failed runs (0 = all booked). */
static int worker(const char *db, int id)
{
	char amount[16], ref[32];
	int failures = 0;
	FILE *devnull = fopen("/dev/null", "w");

	snprintf(amount, sizeof(amount), "0,0%d", id + 1);
	for (int i = 0; i < BOOKINGS_PER_WORKER; i++) {
		char *argv[] = { "fundtrack", "--db", (char *)db, "book", "G-1", "drawdown", amount,
				 "--date", "15.06.2023", "--ref", ref, NULL };

		snprintf(ref, sizeof(ref), "W%d-%d", id, i);
		if (ft_main(11, argv, devnull, stderr) != 0)
			failures++;
	}
	fclose(devnull);
	return failures > 255 ? 255 : failures;
}

static int64_t query_int(struct db *db, const char *sql)
{
	struct db_stmt *stmt;
	int64_t v;

	assert_int_equal(db_prepare(db, sql, &stmt), DB_OK);
	assert_int_equal(db_step(stmt), DB_ROW);
	v = db_column_int64(stmt, 0);
	db_finalize(stmt);
	return v;
}

static void test_four_writers(void **state)
{
	char *path = tu_small_db();
	pid_t pids[WORKERS];
	struct db *db;
	int64_t expected_sum = 0;

	(void)state;
	fflush(NULL);
	for (int w = 0; w < WORKERS; w++) {
		pids[w] = fork();
		assert_true(pids[w] >= 0);
		if (pids[w] == 0)
			_exit(worker(path, w));
		expected_sum += (int64_t)(w + 1) * BOOKINGS_PER_WORKER;
	}
	for (int w = 0; w < WORKERS; w++) {
		int status;

		assert_int_equal(waitpid(pids[w], &status, 0), pids[w]);
		assert_true(WIFEXITED(status));
		assert_int_equal(WEXITSTATUS(status), 0);
	}
	assert_int_equal(db_open_v2(path, &db, DB_OPEN_READWRITE | DB_OPEN_CREATE), DB_OK);
	assert_int_equal(query_int(db, "SELECT count(*) FROM booking"), WORKERS * BOOKINGS_PER_WORKER);
	assert_int_equal(query_int(db, "SELECT sum(amount_cents) FROM booking"), expected_sum);
	assert_int_equal(query_int(db, "SELECT count(DISTINCT reference) FROM booking"),
			 WORKERS * BOOKINGS_PER_WORKER);
	assert_int_equal(query_int(db, "SELECT count(*) FROM pragma_foreign_key_check"), 0);
	{
		struct db_stmt *stmt;

		assert_int_equal(db_prepare(db, "PRAGMA integrity_check", &stmt),
				 DB_OK);
		assert_int_equal(db_step(stmt), DB_ROW);
		assert_string_equal((const char *)db_column_text(stmt, 0), "ok");
		db_finalize(stmt);
	}
	db_close(db);
	tu_cleanup(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_four_writers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
