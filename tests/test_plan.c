/* test_plan.c - financing plans (figures_plan), chains (figures_chains) and
 * the 'plan', 'chains' and 'project show' commands. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "figures.h"
#include "figures_fixture.h"
#include "store.h"
#include "testutil.h"

#define EUR(x) ((int64_t)(x) * 100)

static char *four_level, *chains_db;

/* C1 2020 -> C2 2021 (seamless) -> C3 03-12/2022 (gap 59 days) ->
 * C4 12/2022-06/2023 (31 days overlap); C5 (dates from its grant) ->
 * C6 (start own, end from its grant) -> C7 (no dates at all). */
static char *make_chains_db(void)
{
	char *db = fx_city_db();

	tu_ok(db, "project", "add", "C1", "Erste", "--field", "health", "--from", "2020-01-01",
	      "--to", "2020-12-31", NULL);
	tu_ok(db, "project", "add", "C2", "Zweite", "--field", "health", "--from", "2021-01-01",
	      "--to", "2021-12-31", "--follows", "C1", NULL);
	tu_ok(db, "project", "add", "C3", "Dritte", "--field", "health", "--from", "2022-03-01",
	      "--to", "2022-12-31", "--follows", "C2", NULL);
	tu_ok(db, "project", "add", "C4", "Vierte", "--field", "health", "--from", "2022-12-01",
	      "--to", "2023-06-30", "--follows", "C3", NULL);
	tu_ok(db, "project", "add", "C5", "Ohne Daten", "--field", "housing", NULL);
	fx_grant(db, "G-C5", "C5", "KOM", "1.000,00", "2024-01-01", "2024-06-30", "closed");
	fx_grant(db, "G-C5-REJ", "C5", "SOE", "1.000,00", "2023-01-01", "2025-12-31", "rejected");
	tu_ok(db, "project", "add", "C6", "Nur Beginn", "--field", "housing", "--from",
	      "2024-07-01", "--follows", "C5", NULL);
	fx_grant(db, "G-C6", "C6", "KOM", "1.000,00", "2024-01-01", "2024-12-31", "closed");
	tu_ok(db, "project", "add", "C7", "Gar nichts", "--field", "housing", "--follows", "C6",
	      NULL);
	return db;
}

static int setup(void **state)
{
	(void)state;
	four_level = fx_four_level_db();
	chains_db = make_chains_db();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	tu_cleanup(four_level);
	tu_cleanup(chains_db);
	return 0;
}

static struct store *open_db(const char *db)
{
	struct store *st;
	struct ft_error err;

	assert_int_equal(store_open(&st, db, STORE_EXISTING, STORE_JOURNAL_WAL, &err), 0);
	return st;
}

static void plan_of(const char *db, const char *code, struct plan_result *out)
{
	struct store *st = open_db(db);
	struct ft_error err;

	if (figures_plan(st, code, out, &err) != 0)
		fail_msg("figures_plan: %s", err.msg);
	store_close(st);
}

static void assert_year(const struct plan_year *y, int year, int64_t eu, int64_t federal,
			int64_t state, int64_t municipal, int64_t total, int own_bp)
{
	assert_int_equal(y->year, year);
	assert_int_equal(y->level[GS_EU], eu);
	assert_int_equal(y->level[GS_FEDERAL], federal);
	assert_int_equal(y->level[GS_STATE], state);
	assert_int_equal(y->level[GS_MUNICIPAL], municipal);
	assert_int_equal(y->total, total);
	assert_int_equal(y->own_share_bp, own_bp);
}

/* ---- financing plan --------------------------------------------------------- */

static void test_plan_all_four_levels(void **state)
{
	struct plan_result p;

	(void)state;
	plan_of(four_level, "P1", &p);
	assert_string_equal(p.project->code, "P1");
	assert_int_equal(p.ngrants, 4);
	/* Same start: EU, federal, state, municipal. */
	assert_string_equal(p.grants[0].grant->ref, "G-EU");
	assert_string_equal(p.grants[1].grant->ref, "G-BUND");
	assert_string_equal(p.grants[2].grant->ref, "G-LAND");
	assert_string_equal(p.grants[3].grant->ref, "G-KOM");
	assert_int_equal(p.grants[0].share_bp, 5000);
	assert_int_equal(p.grants[3].share_bp, 1000);
	assert_int_equal(p.levels[GS_EU].approved, EUR(100000));
	assert_int_equal(p.levels[GS_EU].share_bp, 5000);
	assert_int_equal(p.levels[GS_FEDERAL].share_bp, 2000);
	assert_int_equal(p.levels[GS_STATE].approved, EUR(40000));
	assert_int_equal(p.levels[GS_STATE].share_bp, 2000);
	assert_int_equal(p.levels[GS_MUNICIPAL].share_bp, 1000);
	assert_int_equal(p.approved, EUR(200000));
	assert_int_equal(p.applied, 0);
	assert_int_equal(p.own, EUR(20000));
	assert_int_equal(p.own_share_bp, 1000);
	assert_int_equal(p.third_party, EUR(180000));
	assert_int_equal(p.costs_share_bp, 10000);
	/* The grant spans three fiscal years. */
	assert_int_equal(p.nyears, 3);
	assert_year(&p.years[0], 2025, EUR(25000), EUR(10000), EUR(10000), EUR(5000), EUR(50000),
		    1000);
	assert_year(&p.years[1], 2026, EUR(50000), EUR(20000), EUR(20000), EUR(10000),
		    EUR(100000), 1000);
	assert_year(&p.years[2], 2027, EUR(25000), EUR(10000), EUR(10000), EUR(5000), EUR(50000),
		    1000);
	assert_year(&p.year_total, 0, EUR(100000), EUR(40000), EUR(40000), EUR(20000),
		    EUR(200000), 1000);
	plan_result_release(&p);
}

static void test_plan_counts_only_approved_grants(void **state)
{
	struct plan_result p;

	(void)state;
	plan_of(four_level, "P2", &p);
	assert_int_equal(p.ngrants, 4);
	assert_string_equal(p.grants[0].grant->ref, "G-P2-REV");
	assert_string_equal(p.grants[1].grant->ref, "G-P2-REJ");
	assert_string_equal(p.grants[2].grant->ref, "G-P2-APP");
	assert_string_equal(p.grants[3].grant->ref, "G-P2-LATE");
	assert_int_equal(p.grants[0].share_bp, 8333);
	assert_int_equal(p.grants[1].share_bp, 0);
	assert_int_equal(p.grants[2].share_bp, 0);
	assert_int_equal(p.grants[3].share_bp, 1667);
	assert_int_equal(p.approved, EUR(30000));
	assert_int_equal(p.applied, EUR(30000));
	assert_int_equal(p.levels[GS_STATE].approved, 0);
	assert_int_equal(p.levels[GS_STATE].applied, EUR(30000));
	assert_int_equal(p.levels[GS_FEDERAL].approved, 0); /* rejected */
	assert_int_equal(p.levels[GS_FEDERAL].applied, 0);
	assert_int_equal(p.own, EUR(5000));
	assert_int_equal(p.own_share_bp, 1667);
	assert_int_equal(p.third_party, EUR(25000));
	assert_int_equal(p.costs_share_bp, 6000);
	assert_int_equal(p.nyears, 1);
	assert_year(&p.years[0], 2026, EUR(25000), 0, 0, EUR(5000), EUR(30000), 1667);
	plan_result_release(&p);
}

static void test_plan_without_grants_or_costs(void **state)
{
	struct plan_result p;

	(void)state;
	plan_of(chains_db, "C7", &p);
	assert_int_equal(p.ngrants, 0);
	assert_int_equal(p.approved, 0);
	assert_int_equal(p.own_share_bp, 0);
	assert_int_equal(p.costs_share_bp, -1);
	assert_int_equal(p.nyears, 0);
	plan_result_release(&p);
}

static void test_plan_unknown_project(void **state)
{
	struct store *st = open_db(four_level);
	struct plan_result p;
	struct ft_error err;

	(void)state;
	assert_int_equal(figures_plan(st, "NOPE", &p, &err), -1);
	assert_string_equal(err.msg, "no project 'NOPE' (see 'fundtrack project list')");
	store_close(st);
}

/* ---- chains ------------------------------------------------------------------ */

static void test_chains(void **state)
{
	struct store *st = open_db(chains_db);
	struct chain_result r;
	struct ft_error err;
	const struct chain *c;
	size_t pos = 99;

	(void)state;
	assert_int_equal(figures_chains(st, &r, &err), 0);
	store_close(st);
	assert_int_equal(r.nchains, 2);

	c = &r.chains[0];
	assert_int_equal(c->nlinks, 4);
	assert_string_equal(c->links[0].project->code, "C1");
	assert_int_equal(c->links[0].has_gap, 0);
	assert_int_equal(c->links[1].has_gap, 1);
	assert_int_equal(c->links[1].gap_days, 0);
	assert_int_equal(c->links[2].gap_days, 59);
	assert_int_equal(c->links[3].gap_days, -31);
	assert_string_equal(c->start, "2020-01-01");
	assert_string_equal(c->end, "2023-06-30");
	assert_int_equal(c->length_days, 1277);
	assert_int_equal(c->ngaps, 1);
	assert_int_equal(c->gap_days, 59);
	assert_int_equal(c->noverlaps, 1);

	c = &r.chains[1];
	assert_int_equal(c->nlinks, 3);
	/* C5's period comes from its grant (the rejected one is ignored). */
	assert_string_equal(c->links[0].start, "2024-01-01");
	assert_string_equal(c->links[0].end, "2024-06-30");
	/* C6: own start, end from its grant. */
	assert_string_equal(c->links[1].start, "2024-07-01");
	assert_string_equal(c->links[1].end, "2024-12-31");
	assert_int_equal(c->links[1].gap_days, 0);
	/* C7 has no dates: no gap can be told. */
	assert_string_equal(c->links[2].start, "");
	assert_int_equal(c->links[2].has_gap, 0);
	assert_int_equal(c->length_days, 366);
	assert_int_equal(c->ngaps, 0);

	assert_ptr_equal(figures_chain_of(&r, "C3", &pos), &r.chains[0]);
	assert_int_equal(pos, 2);
	assert_ptr_equal(figures_chain_of(&r, "C7", &pos), &r.chains[1]);
	assert_int_equal(pos, 2);
	assert_null(figures_chain_of(&r, "NOPE", &pos));
	chain_result_release(&r);
}

static void test_chains_empty(void **state)
{
	char *db = tu_temp_db();
	struct chain_result r;
	struct ft_error err;
	struct store *st;
	struct ft_run run;

	(void)state;
	tu_ok(db, "init", NULL);
	st = open_db(db);
	assert_int_equal(figures_chains(st, &r, &err), 0);
	assert_int_equal(r.nchains, 0);
	chain_result_release(&r);
	store_close(st);
	tu_run(&run, db, "--format", "json", "chains", NULL);
	assert_int_equal(run.rc, 0);
	assert_string_equal(run.out, "{\n  \"chains\": [],\n  \"links\": []\n}\n");
	tu_run_free(&run);
	tu_cleanup(db);
}

/* ---- commands ----------------------------------------------------------------- */

static void test_plan_command(void **state)
{
	struct ft_run r;

	(void)state;
	tu_run(&r, four_level, "plan", "P1", NULL);
	assert_int_equal(r.rc, 0);
	/* English (the tests' locale) */
	assert_true(tu_contains(r.out, "Own:            20.000,00 €\n"));
	assert_true(tu_contains(r.out, "Own share in %: 10,00 %\n"));
	assert_true(tu_contains(r.out, "Funding:        "));
	assert_true(tu_contains(r.out, "Financing plan by level"));
	assert_true(tu_contains(r.out, "municipal      20.000,00 €   10,00 %"));
	assert_true(tu_contains(r.out, "\n 2026   50.000,00 €  20.000,00 €  20.000,00 €"));
	tu_run_free(&r);

	tu_run(&r, four_level, "--format", "json", "plan", "P2", NULL);
	assert_int_equal(r.rc, 0);
	assert_true(tu_contains(r.out, "\"financing\": {\"project\": \"P2\", \"title\": "
				       "\"Wohnen\", \"costs\": \"50000.00\", \"approved\": \"30000.00\", "
				       "\"costs_share\": 60.00, \"third_party\": \"25000.00\", \"own\": "
				       "\"5000.00\", \"own_share\": 16.67, \"applied\": \"30000.00\"}"));
	assert_true(tu_contains(r.out, "{\"ref\": \"G-P2-REJ\", \"programme\": \"BUND\", "
				       "\"level\": \"federal\", \"rate\": 20.00, \"from\": "
				       "\"2026-01-01\", \"to\": \"2026-12-31\", \"approved\": "
				       "\"10000.00\", \"status\": \"rejected\", \"share\": null}"));
	assert_true(tu_contains(r.out, "{\"level\": \"state\", \"approved\": \"0.00\", \"share\": "
				       "0.00, \"applied\": \"30000.00\"}"));
	assert_null(strstr(r.out, "\"Summe\"")); /* json leaves total rows out */
	tu_run_free(&r);

	tu_run(&r, four_level, "--format", "csv", "plan", "P1", NULL);
	assert_int_equal(r.rc, 0);
	assert_true(tu_contains(r.out, "year,eu,federal,state,municipal,other_public,foundation,"
				       "total,own_share\n"
				       "2025,25000.00,10000.00,10000.00,5000.00,0.00,0.00,50000.00,"
				       "10.00\n"));
	tu_run_free(&r);

	tu_fail(four_level, 1, "no project 'P9' (see 'fundtrack project list')", "plan", "P9",
		NULL);
	tu_fail(four_level, 2, "'plan' needs the project's code", "plan", NULL);
	tu_fail(four_level, 2, "'plan' needs the project's code", "plan", "P1", "P2", NULL);
}

static void test_project_show_has_plan_and_chain(void **state)
{
	struct ft_run r;

	(void)state;
	tu_run(&r, chains_db, "project", "show", "C3", NULL);
	assert_int_equal(r.rc, 0);
	assert_true(tu_contains(r.out, "Code:         C3\n"));
	assert_true(tu_contains(r.out, "Financing\n"));
	assert_true(tu_contains(r.out, "Chain\n=====\n"));
	assert_true(tu_contains(r.out, "C1            3  C3       Dritte  01.03.2022  31.12.2022"
				       "        59  yes\n"));
	assert_true(tu_contains(r.out, "C1            4  C4       Vierte  01.12.2022  30.06.2023"
				       "       -31  no\n"));
	tu_run_free(&r);

	tu_run(&r, four_level, "--format", "json", "project", "show", "P1", NULL);
	assert_int_equal(r.rc, 0);
	assert_true(tu_contains(r.out, "\"project\": {\"code\": \"P1\""));
	assert_true(tu_contains(r.out, "\"financing\": {\"costs\": \"200000.00\", \"approved\": "
				       "\"200000.00\", \"costs_share\": 100.00"));
	assert_true(tu_contains(r.out, "\"grants\": [\n"));
	assert_true(tu_contains(r.out, "\"levels\": [\n"));
	assert_true(tu_contains(r.out, "\"years\": [\n"));
	assert_true(tu_contains(r.out, "\"chain\": [\n    {\"chain\": \"P1\", \"position\": 1, "
				       "\"project\": \"P1\", \"title\": \"Alle Ebenen\", \"start\": "
				       "\"2025-07-01\", \"end\": \"2027-06-30\", \"gap_days\": null, "
				       "\"current\": true}\n  ]\n}\n"));
	tu_run_free(&r);

	tu_fail(four_level, 1, "no project 'P9'", "project", "show", "P9", NULL);
	tu_fail(four_level, 2, "'project show' needs the project's code", "project", "show", NULL);
}

static void test_chains_command(void **state)
{
	struct ft_run r;

	(void)state;
	tu_run(&r, chains_db, "--format", "csv", "chains", NULL);
	assert_int_equal(r.rc, 0);
	assert_true(tu_contains(r.out, "chain,links,count,start,end,length_days,gaps,gap_days,"
				       "overlaps\n"
				       "C1,C1 → C2 → C3 → C4,4,2020-01-01,2023-06-30,1277,1,59,1\n"
				       "C5,C5 → C6 → C7,3,2024-01-01,2024-12-31,366,0,0,0\n"));
	assert_true(tu_contains(r.out, "C1,3,C3,Dritte,2022-03-01,2022-12-31,59\n"));
	assert_true(tu_contains(r.out, "C5,3,C7,Gar nichts,,,\n"));
	tu_run_free(&r);

	tu_run(&r, chains_db, "chains", NULL);
	assert_int_equal(r.rc, 0);
	assert_true(tu_contains(r.out, "Chains\n======\n"));
	assert_true(tu_contains(r.out, "Links\n=====\n"));
	tu_run_free(&r);

	tu_fail(chains_db, 2, "unexpected argument 'C1'", "chains", "C1", NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plan_all_four_levels),
		cmocka_unit_test(test_plan_counts_only_approved_grants),
		cmocka_unit_test(test_plan_without_grants_or_costs),
		cmocka_unit_test(test_plan_unknown_project),
		cmocka_unit_test(test_chains),
		cmocka_unit_test(test_chains_empty),
		cmocka_unit_test(test_plan_command),
		cmocka_unit_test(test_project_show_has_plan_and_chain),
		cmocka_unit_test(test_chains_command),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
