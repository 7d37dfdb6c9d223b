/* test_corrections.c - corrections of master data and grants (issue 15,
 * ledger_fix.h): edit, the own city made afterwards, retire, withdraw. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

/* A city recorded without --own was a dead end: the advice of the error
 * ('city add ... --own') failed because the city exists. */
static void test_own_city_afterwards(void **state)
{
	char *db = tu_temp_db();

	(void)state;
	tu_ok(db, "init", NULL);
	tu_ok(db, "city", "add", "05913000", "Dortmund", NULL);
	tu_fail(db, 1, "or make a city recorded without --own the own one with 'fundtrack city "
		       "edit AGS --own'",
		"district", "add", "NST", "Nordstadt", NULL);
	tu_fail(db, 1, "city with AGS '05913000' already exists: make it the own city with "
		       "'fundtrack city edit 05913000 --own'",
		"city", "add", "05913000", "Dortmund", "--own", NULL);
	tu_ok(db, "city", "edit", "05913000", "--own", "--population", "586852", NULL);
	tu_assert_query(db, "SELECT own || ' ' || population FROM city", "1 586852");
	tu_ok(db, "district", "add", "NST", "Nordstadt", NULL);
	/* a second own city, a city of the exchange: refused */
	tu_ok(db, "city", "add", "05111000", "Düsseldorf", NULL);
	tu_fail(db, 1, "another city is the own city already", "city", "edit", "05111000", "--own",
		NULL);
	tu_fail(db, 1, "no city with AGS '05111999'", "city", "edit", "05111999", "--name", "X",
		NULL);
	tu_fail(db, 2, "at least one option to change", "city", "edit", "05111000", NULL);
	tu_fail(db, 1, "city name must not be empty", "city", "edit", "05111000", "--name", " ",
		NULL);
	tu_assert_query(db, "SELECT count(*) FROM audit_log WHERE table_name = 'city' AND "
			    "action = 'update'",
			"1");
	tu_ok(db, "audit", "verify", NULL);
	tu_cleanup(db);
}

static void test_edit_district_and_funder(void **state)
{
	char *db = tu_small_db();

	(void)state;
	tu_ok(db, "district", "edit", "NST", "--name", "Nordstadt-Mitte", "--no-action-area", NULL);
	tu_assert_query(db, "SELECT name || ' ' || action_area FROM district WHERE code = 'NST'",
			"Nordstadt-Mitte 0");
	tu_ok(db, "district", "edit", "HOE", "--action-area", NULL);
	tu_assert_query(db, "SELECT action_area FROM district WHERE code = 'HOE'", "1");
	tu_fail(db, 2, "either --action-area or --no-action-area", "district", "edit", "HOE",
		"--action-area", "--no-action-area", NULL);
	tu_fail(db, 1, "no district 'XX'", "district", "edit", "XX", "--name", "X", NULL);
	/* German level word, as in every command */
	tu_ok(db, "funder", "edit", "LAND", "--name", "Land Nordrhein-Westfalen", "--level", "Land",
	      NULL);
	tu_ok(db, "funder", "edit", "DO", "--level", "Bund", NULL);
	tu_assert_query(db, "SELECT group_concat(code || '=' || level, ' ') FROM funder WHERE code "
			    "IN ('LAND', 'DO')",
			"LAND=state DO=federal");
	tu_fail(db, 1, "invalid level 'Kreis'", "funder", "edit", "DO", "--level", "Kreis", NULL);
	tu_assert_query(db, "SELECT count(*) FROM audit_log WHERE table_name IN ('district', "
			    "'funder') AND action = 'update'",
			"4");
	tu_ok(db, "audit", "verify", NULL);
	tu_cleanup(db);
}

static void test_retire(void **state)
{
	char *db = tu_small_db();
	struct ft_run r;

	(void)state;
	tu_ok(db, "district", "retire", "HOE", NULL);
	tu_ok(db, "funder", "retire", "DO", NULL);
	tu_ok(db, "programme", "retire", "EHAP", NULL);
	tu_fail(db, 1, "district 'HOE' was retired already (on ", "district", "retire", "HOE",
		NULL);
	tu_fail(db, 1, "city '05913000' is the own city: it cannot be retired", "city", "retire",
		"05913000", NULL);
	/* out of lists and completion, back with --all */
	tu_run(&r, db, "district", "list", NULL);
	assert_non_null(strstr(r.out, "NST"));
	assert_null(strstr(r.out, "HOE"));
	tu_run_free(&r);
	tu_run(&r, db, "--format", "csv", "district", "list", "--all", NULL);
	assert_true(tu_contains(r.out, "code,name,action_area,projects,retired\n"));
	assert_true(tu_contains(r.out, "HOE,Hörde,false,0,20"));
	tu_run_free(&r);
	tu_run(&r, db, "__complete", "codes", "programmes", NULL);
	assert_null(strstr(r.out, "EHAP"));
	assert_non_null(strstr(r.out, "SOE"));
	tu_run_free(&r);
	/* no new children; what was there stays */
	tu_fail(db, 1, "the district is retired and takes no new projects", "project", "add", "P9",
		"T", "--field", "housing", "--district", "HOE", NULL);
	tu_fail(db, 1, "the district is retired", "project", "edit", "P1", "--district", "HOE",
		NULL);
	tu_fail(db, 1, "the funder is retired and takes no new programmes", "programme", "add",
		"NEU", "Neu", "--funder", "DO", NULL);
	tu_fail(db, 1, "the programme is retired and takes no new grants", "grant", "add", "G-9",
		"--project", "P2", "--programme", "EHAP", "--amount", "1,00", "--from",
		"01.04.2025", "--to", "31.12.2025", NULL);
	tu_fail(db, 1, "the programme is retired", "grant", "edit", "G-1", "--programme", "EHAP",
		NULL);
	/* editing the grant otherwise is fine, and so is a retired record's name */
	tu_ok(db, "grant", "edit", "G-1", "--note", "geprüft", NULL);
	tu_ok(db, "district", "edit", "HOE", "--name", "Hörde (alt)", NULL);
	tu_ok(db, "audit", "verify", NULL);
	tu_cleanup(db);
}

static void test_withdraw(void **state)
{
	char *db = tu_small_db();
	struct ft_run r;

	(void)state;
	tu_ok(db, "grant", "add", "G-2", "--project", "P2", "--programme", "SOE", "--amount",
	      "187.500,00", "--from", "01.04.2025", "--to", "31.12.2026", NULL);
	/* 80.000 + 187.500 = 267.500 approved */
	tu_run(&r, db, "--format", "csv", "budget", NULL);
	assert_true(tu_contains(r.out, "267500.00"));
	tu_run_free(&r);
	tu_ok(db, "book", "G-2", "drawdown", "1.000,00", "--date", "01.05.2025", NULL);
	tu_fail(db, 1, "grant 'G-2' has bookings that are not reversed: reverse them first",
		"grant", "withdraw", "G-2", "--reason", "doppelt erfasst", NULL);
	tu_fail(db, 2, "needs REF and --reason TEXT", "grant", "withdraw", "G-2", NULL);
	tu_ok(db, "book", "--reverses", "1", "--date", "02.05.2025", NULL);
	tu_ok(db, "grant", "withdraw", "G-2", "--reason", "doppelt erfasst", NULL);
	/* out of every total: 80.000 again */
	tu_run(&r, db, "--format", "csv", "budget", NULL);
	assert_true(tu_contains(r.out, "80000.00"));
	assert_null(strstr(r.out, "267500.00"));
	tu_run_free(&r);
	tu_run(&r, db, "grant", "list", NULL);
	assert_null(strstr(r.out, "G-2"));
	tu_run_free(&r);
	tu_run(&r, db, "grant", "list", "--all", NULL);
	assert_true(tu_contains(r.out, "withdrawn"));
	tu_run_free(&r);
	tu_run(&r, db, "__complete", "codes", "grants", NULL);
	assert_string_equal(r.out, "G-1\n");
	tu_run_free(&r);
	/* SOE: G-1 alone, 1 decision of 80.000,00 */
	tu_run(&r, db, "--format", "csv", "programme", "list", NULL);
	assert_true(tu_contains(r.out, "SOE,Zuwanderung Südosteuropa,LAND,state,,80.00,share,anbest-g-nrw,recipient,1,"
				       "80000.00,\n"));
	tu_run_free(&r);
	tu_run(&r, db, "programme", "show", "SOE", NULL);
	assert_null(strstr(r.out, "G-2"));
	tu_run_free(&r);
	/* final: no status change, no booking, no second withdrawal */
	tu_fail(db, 1, "grant 'G-2' was withdrawn: its status stays", "grant", "status", "G-2",
		"approved", "--force", NULL);
	tu_fail(db, 1, "grant 'G-2' is 'withdrawn': bookings need an approved grant", "book", "G-2",
		"repayment", "1,00", "--date", "01.06.2025", NULL);
	tu_fail(db, 1, "grant 'G-2' was withdrawn already", "grant", "withdraw", "G-2", "--reason",
		"x", NULL);
	/* the history stays in the audit log */
	tu_assert_query(db, "SELECT json_extract(new, '$.reason') || ' / ' || "
			    "json_extract(new, '$.previous_status') FROM audit_log "
			    "WHERE table_name = 'grant_withdrawal'",
			"doppelt erfasst / approved");
	tu_assert_query(db, "SELECT json_extract(new, '$.status') FROM audit_log WHERE "
			    "table_name = 'grant' AND action = 'update' ORDER BY id DESC LIMIT 1",
			"withdrawn");
	tu_ok(db, "check", NULL);
	tu_ok(db, "audit", "verify", NULL);
	/* not shared with the network either */
	{
		char path[4096];
		FILE *f;
		char buf[65536];
		size_t n;

		snprintf(path, sizeof(path), "%s/export.xml", tu_db_dir(db));
		tu_ok(db, "export", "-o", path, NULL);
		f = fopen(path, "rb");
		assert_non_null(f);
		n = fread(buf, 1, sizeof(buf) - 1, f);
		buf[n] = '\0';
		fclose(f);
		assert_non_null(strstr(buf, "G-1"));
		assert_null(strstr(buf, "G-2"));
		remove(path);
	}
	tu_cleanup(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_own_city_afterwards),
		cmocka_unit_test(test_edit_district_and_funder),
		cmocka_unit_test(test_retire),
		cmocka_unit_test(test_withdraw),
	};

	return tu_exit_code(cmocka_run_group_tests(tests, NULL, NULL));
}
