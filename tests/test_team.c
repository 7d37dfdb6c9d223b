/* test_team.c - a team writing one server database at once (issue 20).
 *
 * store_write runs a write again that the server rolled back for a
 * serialisation failure or a deadlock (SQLSTATE 40001, 40P01), and only
 * such a write; on SQLite nothing is run twice. In the postgres run
 * (ctest test_team_postgres, the fixture's cluster), 16 processes book at
 * once: no booking lost, none failed, the audit log whole. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "db.h"
#include "store.h"
#include "testutil.h"

struct flaky {
	int runs;
	int fail_runs;        /* the first fail_runs runs fail */
	const char *sqlstate; /* with this SQLSTATE (server), or a plain error */
};

/* Writes a setting, then fails as told: the server's words for a write
 * it rolled back, raised from the server itself. */
static int flaky_write(struct store *st, void *arg, struct ft_error *err)
{
	struct flaky *f = arg;
	char sql[200];

	f->runs++;
	if (store_run(st,
		      "INSERT INTO setting (key, value) VALUES ('team.test', ?1) "
		      "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
		      "cannot save the setting", err, "t", "written"))
		return -1;
	if (f->runs > f->fail_runs)
		return 0;
	if (db_kind(store_db(st)) == DB_KIND_SQLITE || !f->sqlstate)
		return ft_fail(err, "a plain failure");
	snprintf(sql, sizeof(sql),
		 "DO $$ BEGIN RAISE EXCEPTION 'provoked' USING ERRCODE = '%s'; END $$",
		 f->sqlstate);
	return store_run(st, sql, "cannot go on", err, "");
}

static struct store *open_db(char **path)
{
	struct store *st;
	struct ft_error err;

	*path = tu_temp_db();
	if (store_open(&st, *path, STORE_CREATE, STORE_JOURNAL_WAL, &err))
		fail_msg("%s", err.msg);
	return st;
}

static void expect_setting(struct store *st, int present)
{
	struct ft_error err;
	char value[32];

	assert_int_equal(store_setting_get(st, "team.test", value, sizeof(value), &err), present);
	if (present)
		assert_string_equal(value, "written");
}

static void test_busy_write_run_again(void **state)
{
	static const char *const states[] = { "40001", "40P01" };
	char *path;
	struct store *st = open_db(&path);
	int server = db_kind(store_db(st)) == DB_KIND_POSTGRES;
	struct ft_error err;

	(void)state;
	for (size_t i = 0; i < 2; i++) {
		struct flaky f = { 0, 2, states[i] };
		int rc = store_write(st, flaky_write, &f, &err);

		if (!server) { /* SQLite: nothing to retry, the failure as it was */
			assert_int_equal(rc, -1);
			assert_int_equal(f.runs, 1);
			assert_string_equal(err.msg, "a plain failure");
			expect_setting(st, 0);
			continue;
		}
		assert_int_equal(rc, 0);
		assert_int_equal(f.runs, 3); /* two rolled back, the third committed */
		expect_setting(st, 1);
	}
	assert_int_equal(store_write_retries(st), server ? 4 : 0);
	assert_int_equal(store_commits(st), server ? 2 : 0);
	store_close(st);
	tu_cleanup(path);
}

static void test_other_failures_not_retried(void **state)
{
	char *path;
	struct store *st = open_db(&path);
	struct flaky plain = { 0, 1, NULL };
	struct flaky unique = { 0, 1, "23505" }; /* a duplicate key: the data's fault */
	struct ft_error err;

	(void)state;
	assert_int_equal(store_write(st, flaky_write, &plain, &err), -1);
	assert_int_equal(plain.runs, 1);
	assert_int_equal(store_write(st, flaky_write, &unique, &err), -1);
	assert_int_equal(unique.runs, 1);
	expect_setting(st, 0);
	assert_int_equal(store_write_retries(st), 0);
	store_close(st);
	tu_cleanup(path);
}

static void test_every_attempt_busy_gives_up(void **state)
{
	char *path;
	struct store *st = open_db(&path);
	struct flaky always = { 0, 1000, "40001" };
	struct ft_error err;

	(void)state;
	if (db_kind(store_db(st)) != DB_KIND_POSTGRES) {
		store_close(st);
		tu_cleanup(path);
		return; /* the server's case; SQLite is test_busy_write_run_again */
	}
	assert_int_equal(store_write(st, flaky_write, &always, &err), -1);
	assert_int_equal(always.runs, 8);
	assert_true(tu_contains(err.msg, "is locked by another process; try again"));
	expect_setting(st, 0);
	store_close(st);
	tu_cleanup(path);
}

/* ---- 16 officers at once ------------------------------------------------------ */

enum { BOOKERS = 16, BOOKINGS_EACH = 20 };

/* Books BOOKINGS_EACH drawdowns of (id + 1) cents; exits with the number
 * of runs that failed. */
static int booker(const char *uri, int id)
{
	char amount[16], ref[32];
	FILE *devnull = fopen("/dev/null", "w");
	int failures = 0;

	snprintf(amount, sizeof(amount), "0,%02d", id + 1);
	for (int i = 0; i < BOOKINGS_EACH; i++) {
		char *argv[] = { "fundtrack", "--db", (char *)uri, "book", "G-1", "drawdown", amount,
				 "--date", "15.06.2023", "--ref", ref, NULL };

		snprintf(ref, sizeof(ref), "B%d-%d", id, i);
		if (ft_main(11, argv, devnull, stderr) != 0)
			failures++;
	}
	fclose(devnull);
	return failures > 255 ? 255 : failures;
}

static int64_t count(const char *db, const char *sql)
{
	char *text = tu_query_text(db, sql);
	int64_t n = text ? strtoll(text, NULL, 10) : -1;

	free(text);
	return n;
}

static void test_sixteen_bookers(void **state)
{
	char *db = tu_small_db();
	pid_t pids[BOOKERS];
	int64_t entries, per_booking, sum = 0;
	struct ft_run r;

	(void)state;
	/* what one booking adds to the log */
	entries = count(db, "SELECT count(*) FROM audit_log");
	tu_ok(db, "book", "G-1", "drawdown", "1,00", "--date", "15.06.2023", "--ref", "first",
	      NULL);
	per_booking = count(db, "SELECT count(*) FROM audit_log") - entries;
	assert_true(per_booking >= 1);
	entries += per_booking;
	fflush(NULL);
	for (int w = 0; w < BOOKERS; w++) {
		pids[w] = fork();
		assert_true(pids[w] >= 0);
		if (pids[w] == 0)
			_exit(booker(db, w));
		sum += (int64_t)(w + 1) * BOOKINGS_EACH;
	}
	for (int w = 0; w < BOOKERS; w++) {
		int status;

		assert_int_equal(waitpid(pids[w], &status, 0), pids[w]);
		assert_true(WIFEXITED(status));
		assert_int_equal(WEXITSTATUS(status), 0); /* no booker saw a failure */
	}
	assert_int_equal(count(db, "SELECT count(*) FROM booking WHERE reference LIKE 'B%'"),
			 BOOKERS * BOOKINGS_EACH);
	assert_int_equal(count(db, "SELECT sum(amount_cents) FROM booking WHERE reference LIKE 'B%'"),
			 sum);
	assert_int_equal(count(db, "SELECT count(*) FROM audit_log"),
			 entries + per_booking * BOOKERS * BOOKINGS_EACH);
	/* the chain is whole: every entry continues the one before */
	assert_int_equal(count(db, "SELECT count(*) FROM audit_log a JOIN audit_log b "
				   "ON b.id = a.id + 1 WHERE b.prev_hash <> a.hash"),
			 0);
	tu_run(&r, db, "audit", "verify", NULL);
	if (r.rc != 0)
		fprintf(stderr, "audit verify: %s%s", r.out, r.err);
	assert_int_equal(r.rc, 0);
	assert_true(tu_contains(r.out, "audit log intact"));
	tu_run_free(&r);
	tu_cleanup(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_busy_write_run_again),
		cmocka_unit_test(test_other_failures_not_retried),
		cmocka_unit_test(test_every_attempt_busy_gives_up),
	};
	const struct CMUnitTest server_tests[] = {
		cmocka_unit_test(test_sixteen_bookers),
	};
	int failures = cmocka_run_group_tests_name("team writes", tests, NULL, NULL);

	/* SQLite's writers between processes: test_concurrency */
	if (tu_pg_admin_uri())
		failures += cmocka_run_group_tests_name("16 bookers on the server", server_tests,
							NULL, NULL);
	return tu_exit_code(failures);
}
