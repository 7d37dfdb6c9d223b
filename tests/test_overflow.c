/* test_overflow.c - issue 12 item 1 and the overflow part of issue 16:
 * amounts beyond the domain limit (money.h: 100 billion euros) are refused
 * where they enter, and sums that still leave the int64 range (rows of an
 * older database) end in a clear error, never in a wrong figure with exit
 * code 0. The partner files of issue 16 are in
 * data/exchange/should-fail (test_exchange). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sqlite3.h>

#include "db.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store.h"
#include "testutil.h"

/* INT64_MAX cents, the amount of the report in issue 12. */
#define INT64_MAX_DE "92.233.720.368.547.758,07"
#define OVERFLOW_MESSAGE "add up beyond the range of an amount"

/* ---- at the door -------------------------------------------------------- */

static void test_cli_refuses_int64_max_booking(void **state)
{
	char *db = tu_small_db();

	(void)state;
	/* issue 12: this booking was accepted twice, then 'budget' was wrong */
	tu_fail(db, 1,
		"amount: invalid amount '" INT64_MAX_DE "': too large - one amount is at most "
		"100.000.000.000,00 €",
		"book", "G-1", "drawdown", INT64_MAX_DE, "--date", "01.02.2023", NULL);
	tu_fail(db, 1, "too large", "book", "G-1", "drawdown", "100.000.000.000,01", "--date",
		"01.02.2023", NULL);
	tu_fail(db, 1, "too large", "grant", "alloc", "G-1", "2023", "100.000.000.000,01", NULL);
	tu_fail(db, 1, "too large", "grant", "add", "G-2", "--project", "P1", "--programme", "SOE",
		"--amount", "100000000000.01", "--from", "01.01.2023", "--to", "31.12.2024", NULL);
	tu_fail(db, 1, "too large", "project", "edit", "P1", "--costs", "1.000.000.000.000,00",
		NULL);
	tu_cleanup(db);
}

/* The limit itself is an amount; twice of it is a sum that fits. */
static void test_cli_accepts_the_limit_twice(void **state)
{
	char *db = tu_small_db();
	struct ft_run r;

	(void)state;
	tu_ok(db, "book", "G-1", "drawdown", "100.000.000.000,00", "--date", "01.02.2023",
	      "--force", NULL);
	tu_ok(db, "book", "G-1", "drawdown", "100.000.000.000,00", "--date", "02.02.2023",
	      "--force", NULL);
	tu_run(&r, db, "--format", "csv", "budget", NULL);
	assert_int_equal(r.rc, 0);
	assert_true(tu_contains(r.out, "200000000000.00"));
	tu_run_free(&r);
	tu_ok(db, "grant", "list", NULL);
	tu_cleanup(db);
}

static void test_csv_import_refuses_amount_beyond_limit(void **state)
{
	char *db = tu_small_db();
	char csv[4096];
	FILE *f;

	(void)state;
	snprintf(csv, sizeof(csv), "%s.csv", db);
	f = fopen(csv, "w");
	assert_non_null(f);
	fputs("Aktenzeichen;Datum;Art;Betrag;Beleg;Notiz\n"
	      "G-1;15.01.2023;Mittelabruf;10.000,00;MA-1;\n"
	      "G-1;16.01.2023;Mittelabruf;" INT64_MAX_DE ";MA-2;\n",
	      f);
	fclose(f);
	tu_fail(db, 1, ".csv:3: Betrag: invalid amount '" INT64_MAX_DE "': too large", "import-csv",
		"bookings", csv, NULL);
	remove(csv);
	tu_cleanup(db);
}

/* ---- an older database ------------------------------------------------------- */

/* SQL on a fundtrack connection (audit functions registered): what a
 * database written before the limit could hold. */
static void legacy_exec(const char *db, const char *sql)
{
	struct store *st;
	struct ft_error err;

	assert_int_equal(store_open(&st, db, STORE_EXISTING, STORE_JOURNAL_WAL, &err), 0);
	if (db_exec(store_db(st), sql) != DB_OK)
		fail_msg("%s: %s", sql, db_errmsg(store_db(st)));
	store_close(st);
}

/* Two bookings of INT64_MAX cents on G-1 (ids 2 and 3, after booking 1). */
static char *legacy_db(void)
{
	char *db = tu_small_db();

	tu_ok(db, "book", "G-1", "drawdown", "1.000,00", "--date", "15.01.2023", NULL);
	legacy_exec(db, "INSERT INTO booking (grant_id, date, kind, amount_cents)"
			" SELECT id, '2023-02-01', 'drawdown', 9223372036854775807 FROM \"grant\""
			" WHERE ref = 'G-1';"
			"INSERT INTO booking (grant_id, date, kind, amount_cents)"
			" SELECT id, '2023-02-02', 'drawdown', 9223372036854775807 FROM \"grant\""
			" WHERE ref = 'G-1'");
	tu_assert_query(db, "SELECT group_concat(id) FROM booking", "1,2,3");
	return db;
}

static void assert_overflow_error(const char *db, const char *const *words)
{
	struct ft_run r;

	tu_run(&r, db, words[0], words[1], words[2], NULL);
	if (r.rc != 1 || !strstr(r.err, OVERFLOW_MESSAGE) ||
	    !strstr(r.err, "100.000.000.000,00 €") || !strstr(r.err, "'fundtrack check'"))
		fail_msg("%s: expected the overflow error, got (%d):\n%s%s", words[0], r.rc, r.out,
			 r.err);
	tu_run_free(&r);
}

/* issue 12: 'grant list' failed with "integer overflow", 'budget' printed
 * wrong totals with exit code 0 (UBSan: figures.c:70, grantset.c:476). */
static void test_legacy_sums_fail_clearly(void **state)
{
	static const char *const commands[][3] = {
		{ "budget", NULL, NULL },
		{ "budget", "--by", "level,project" },
		{ "budget", "--year", "2023" },
		{ "grant", "list", NULL },
		{ "grant", "show", "G-1" },
	};
	char *db = legacy_db();

	(void)state;
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		assert_overflow_error(db, commands[i]);
	tu_cleanup(db);
}

/* 'check' names the booking instead of failing, and skips the grant's
 * money rules (whose sums would overflow); grantset.c:567 was the FIFO. */
static void test_legacy_check_names_the_booking(void **state)
{
	char *db = legacy_db();
	struct ft_run r;

	(void)state;
	tu_run(&r, db, "check", NULL);
	assert_int_equal(r.rc, 0);
	assert_true(tu_contains(r.out, "FT-AMOUNT-RANGE"));
	assert_true(tu_contains(r.out, "booking 2 (drawdown of 01.02.2023) is " INT64_MAX_DE
					" €, beyond the limit of 100.000.000.000,00 €"));
	assert_true(tu_contains(r.out, "'fundtrack book --reverses ID'"));
	assert_null(strstr(r.out, "FT-OVER-CAP"));
	tu_run_free(&r);
	tu_run(&r, db, "check", "--fail-on", "error", NULL);
	assert_int_equal(r.rc, 1);
	tu_run_free(&r);
	tu_cleanup(db);
}

/* Reversing the bookings heals the database: a reversed pair nets to 0 and
 * is left out of every sum, so nothing overflows on the way. */
static void test_legacy_reversals_heal(void **state)
{
	char *db = legacy_db();
	struct ft_run r;

	(void)state;
	tu_ok(db, "book", "--reverses", "2", "--note", "Tippfehler", NULL);
	assert_overflow_error(db, (const char *const[]){ "budget", NULL, NULL });
	tu_ok(db, "book", "--reverses", "3", "--note", "Tippfehler", NULL);
	tu_run(&r, db, "--format", "csv", "budget", NULL);
	assert_int_equal(r.rc, 0);
	assert_true(tu_contains(r.out, ",1000.00,")); /* drawn: booking 1 only */
	tu_run_free(&r);
	tu_run(&r, db, "--format", "csv", "grant", "list", NULL);
	assert_int_equal(r.rc, 0);
	assert_true(tu_contains(r.out, ",1000.00,"));
	tu_run_free(&r);
	tu_run(&r, db, "check", NULL);
	assert_int_equal(r.rc, 0);
	assert_null(strstr(r.out, "FT-AMOUNT-RANGE"));
	assert_true(tu_contains(r.out, "FT-IDLE-FUNDS")); /* the money rules are back */
	tu_run_free(&r);
	tu_cleanup(db);
}

/* An approved amount beyond the limit: named by check, and the project's
 * sum leaves it out instead of overflowing. */
static void test_legacy_approved_amount(void **state)
{
	char *db = tu_small_db();
	struct ft_run r;

	(void)state;
	tu_ok(db, "grant", "add", "G-2", "--project", "P1", "--programme", "KOM", "--amount",
	      "20.000,00", "--from", "01.01.2023", "--to", "31.12.2024", NULL);
	legacy_exec(db, "UPDATE \"grant\" SET approved_cents = 9223372036854775807"
			" WHERE ref IN ('G-1', 'G-2')");
	tu_run(&r, db, "check", NULL);
	assert_int_equal(r.rc, 0);
	assert_true(tu_contains(r.out, "G-1"));
	assert_true(tu_contains(r.out, "the approved amount is " INT64_MAX_DE " €"));
	tu_run_free(&r);
	assert_overflow_error(db, (const char *const[]){ "budget", NULL, NULL });
	assert_overflow_error(db, (const char *const[]){ "plan", "P1", NULL });
	assert_overflow_error(db, (const char *const[]){ "project", "list", NULL });
	tu_cleanup(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cli_refuses_int64_max_booking),
		cmocka_unit_test(test_cli_accepts_the_limit_twice),
		cmocka_unit_test(test_csv_import_refuses_amount_beyond_limit),
		cmocka_unit_test(test_legacy_sums_fail_clearly),
		cmocka_unit_test(test_legacy_check_names_the_booking),
		cmocka_unit_test(test_legacy_reversals_heal),
		cmocka_unit_test(test_legacy_approved_amount),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
