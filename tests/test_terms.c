/* test_terms.c - the terms of a decision (terms.h, schema/008_terms.sql):
 * the due dates of every shipped set with and without a fulfilment day,
 * the shipped table itself, the decision's terms, fulfilment day and
 * extended deadline through the commands, the city's own money, and the
 * migration of a database from before the terms.
 *
 * Every expected day was worked out by hand: §§ 187, 188 BGB (a period of
 * months ends on the day with the event day's number, or the month's last
 * day), § 31 Abs. 3 VwVfG NRW (a Saturday, Sunday or NRW holiday moves the
 * legal last day to the next working day; Easter 2024: 31.03., Easter
 * 2026: 05.04., so Ascension 2026 is 14.05.). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "db.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks.h"
#include "figures_fixture.h"
#include "ledger.h"
#include "store.h"
#include "terms.h"
#include "testutil.h"

/* The shipped sets as terms.h reads them (schema/008; test_shipped_table
 * checks the table against these). */
static const struct terms_set p_bund = { "anbest-p-bund", "", 6, CAL_WEEKS, 6, 6, 4, 1 };
static const struct terms_set p_nrw = { "anbest-p-nrw", "", 2, CAL_MONTHS, 6, 6, 4, 1 };
static const struct terms_set gk = { "anbest-gk", "", 2, CAL_MONTHS, 12, -1, 4, 1 };
static const struct terms_set g_nrw = { "anbest-g-nrw", "", 2, CAL_MONTHS, 6, 6, 4, 1 };
static const struct terms_set own = { "own", "", 0, CAL_MONTHS, 0, -1, 0, 0 };

static void expect_drawdown(const struct terms_set *t, const char *drawn, const char *target,
			    const char *legal)
{
	struct due_day d;

	assert_int_equal(terms_drawdown_due(t, drawn, &d), 1);
	assert_string_equal(d.target, target);
	assert_string_equal(d.legal, legal);
}

static void expect_proof(const struct terms_set *t, const char *to, const char *fulfilled,
			 const char *target, const char *legal)
{
	struct due_day d;

	assert_int_equal(terms_final_proof_due(t, to, fulfilled, &d), 1);
	assert_string_equal(d.target, target);
	assert_string_equal(d.legal, legal);
}

static void expect_interim(const struct terms_set *t, int year, const char *target,
			   const char *legal)
{
	struct due_day d;

	assert_int_equal(terms_interim_due(t, year, &d), 1);
	assert_string_equal(d.target, target);
	assert_string_equal(d.legal, legal);
}

/* ANBest-P (Bund): six weeks (Nr. 1.4), six months after fulfilment, at
 * the latest the end of the sixth month after the period (Nr. 6.1). */
static void test_anbest_p_bund(void **state)
{
	(void)state;
	/* Saturday 30.08.2025 + 42 days = Saturday 11.10.2025 -> Monday 13.10. */
	expect_drawdown(&p_bund, "2025-08-30", "2025-10-11", "2025-10-13");
	/* Tuesday 01.07.2025 + 6 weeks = Tuesday 12.08.2025 */
	expect_drawdown(&p_bund, "2025-07-01", "2025-08-12", "2025-08-12");
	/* issue 13: fulfilled 14.05.2025, period to 30.09.2025: 14.11.2025
	 * (a Friday), not 30.03.2026 */
	expect_proof(&p_bund, "2025-09-30", "2025-05-14", "2025-11-14", "2025-11-14");
	/* no fulfilment day: the period end; 30.03.2026 (Monday) is earlier
	 * than the end of March */
	expect_proof(&p_bund, "2025-09-30", NULL, "2026-03-30", "2026-03-30");
	expect_proof(&p_bund, "2025-09-30", "", "2026-03-30", "2026-03-30");
	/* the second limb wins when the first ends later (only possible with
	 * a day after the period): 15.04.2026 vs. Tuesday 31.03.2026 */
	expect_proof(&p_bund, "2025-09-30", "2025-10-15", "2026-03-31", "2026-03-31");
	/* four months after the fiscal year: Thursday 30.04.2026 */
	expect_interim(&p_bund, 2025, "2026-04-30", "2026-04-30");
}

/* ANBest-P (NRW): two calendar months (Nr. 1.4). */
static void test_anbest_p_nrw(void **state)
{
	(void)state;
	/* issue 13: paid out 01.07.2025, spent until Monday 01.09.2025 */
	expect_drawdown(&p_nrw, "2025-07-01", "2025-09-01", "2025-09-01");
	/* 31.12.2025 + 2 months: February has no 31st: Saturday 28.02.2026
	 * -> Monday 02.03.2026 */
	expect_drawdown(&p_nrw, "2025-12-31", "2026-02-28", "2026-03-02");
	/* period to 31.08.2025: 28.02.2026 on both limbs, a Saturday */
	expect_proof(&p_nrw, "2025-08-31", NULL, "2026-02-28", "2026-03-02");
	/* fulfilled 31.03.2025: September has no 31st: Tuesday 30.09.2025 */
	expect_proof(&p_nrw, "2025-12-31", "2025-03-31", "2025-09-30", "2025-09-30");
	/* 30.04.2027 is a Friday */
	expect_interim(&p_nrw, 2026, "2027-04-30", "2027-04-30");
}

/* ANBest-Gk: two months (Nr. 1.2), one year after fulfilment (Nr. 6.1),
 * no second limb. */
static void test_anbest_gk(void **state)
{
	(void)state;
	/* 31.01.2024 + 2 months = Easter Sunday 31.03.2024, Easter Monday
	 * 01.04. is a holiday: Tuesday 02.04.2024 */
	expect_drawdown(&gk, "2024-01-31", "2024-03-31", "2024-04-02");
	/* period to 30.09.2025, no fulfilment day: Wednesday 30.09.2026 */
	expect_proof(&gk, "2025-09-30", NULL, "2026-09-30", "2026-09-30");
	/* fulfilled 14.05.2025: 14.05.2026 is Ascension Day: Friday 15.05. */
	expect_proof(&gk, "2025-09-30", "2025-05-14", "2026-05-14", "2026-05-15");
	/* 30.04.2025 is a Wednesday */
	expect_interim(&gk, 2024, "2025-04-30", "2025-04-30");
}

/* ANBest-G NRW: two months; proof as ANBest-P Nr. 6.1 (an assumption). */
static void test_anbest_g_nrw(void **state)
{
	(void)state;
	/* Saturday 30.08.2025 + 2 months = Thursday 30.10.2025 */
	expect_drawdown(&g_nrw, "2025-08-30", "2025-10-30", "2025-10-30");
	/* period to 31.12.2025: fulfilled 29.06.2025 -> Monday 29.12.2025;
	 * without: Tuesday 30.06.2026 */
	expect_proof(&g_nrw, "2025-12-31", "2025-06-29", "2025-12-29", "2025-12-29");
	expect_proof(&g_nrw, "2025-12-31", NULL, "2026-06-30", "2026-06-30");
	/* 30.04.2028 is a Sunday, 01.05. a holiday: Tuesday 02.05.2028 */
	expect_interim(&g_nrw, 2027, "2028-04-30", "2028-05-02");
}

/* The city's own money: no horizon, no proof, no interim proof. */
static void test_own_money(void **state)
{
	struct due_day d = { "unchanged", "unchanged" };
	char text[32];

	(void)state;
	assert_int_equal(terms_drawdown_due(&own, "2025-07-01", &d), 0);
	assert_int_equal(terms_final_proof_due(&own, "2025-12-31", NULL, &d), 0);
	assert_int_equal(terms_final_proof_due(&own, "2025-12-31", "2025-06-30", &d), 0);
	assert_int_equal(terms_interim_due(&own, 2025, &d), 0);
	assert_string_equal(d.target, "unchanged");
	terms_horizon_text(&own, text, sizeof(text));
	assert_string_equal(text, "no horizon");
	terms_horizon_text(&p_bund, text, sizeof(text));
	assert_string_equal(text, "6 weeks");
	terms_horizon_text(&p_nrw, text, sizeof(text));
	assert_string_equal(text, "2 months");
}

/* The table holds what the sets above say, the word lists of the options
 * name exactly its national sets and additions, and an addition keeps
 * the national values it does not set (esf-plus sets none). */
static void test_shipped_table(void **state)
{
	static const struct terms_set *const sets[] = { &p_bund, &p_nrw, &gk, &g_nrw, &own };
	char *db = tu_small_db();
	size_t n = 0;

	(void)state;
	for (size_t i = 0; i < sizeof(sets) / sizeof(sets[0]); i++) {
		const struct terms_set *t = sets[i];
		char sql[400], want[200];
		char *got;

		snprintf(sql, sizeof(sql),
			 "SELECT coalesce(drawdown_n, 0) || ' ' || coalesce(CAST(drawdown_unit AS TEXT), '-') || "
			 "' ' || coalesce(proof_fulfil_months, 0) || ' ' || "
			 "coalesce(proof_period_months, -1) || ' ' || coalesce(interim_months, 0) "
			 "|| ' ' || interest || ' ' || addition FROM terms WHERE name = '%s'",
			 t->name);
		snprintf(want, sizeof(want), "%d %s %d %d %d %d 0", t->drawdown_n,
			 t->drawdown_n ? (t->drawdown_unit == CAL_WEEKS ? "weeks" : "months") : "-",
			 t->proof_fulfil_months, t->proof_period_months, t->interim_months,
			 t->interest);
		got = tu_query_text(db, sql);
		assert_non_null(got);
		assert_string_equal(got, want);
		free(got);
	}
	for (size_t i = 0; ledger_terms[i]; i++, n++) {
		char sql[160];

		snprintf(sql, sizeof(sql), "SELECT count(*) FROM terms WHERE name = '%s' AND "
					   "addition = 0", ledger_terms[i]);
		tu_assert_query(db, sql, "1");
	}
	for (size_t i = 0; ledger_term_additions[i]; i++, n++) {
		char sql[160];

		snprintf(sql, sizeof(sql), "SELECT count(*) FROM terms WHERE name = '%s' AND "
					   "addition = 1", ledger_term_additions[i]);
		tu_assert_query(db, sql, "1");
	}
	{
		char want[8];

		snprintf(want, sizeof(want), "%zu", n);
		tu_assert_query(db, "SELECT count(*) FROM terms", want);
	}
	tu_assert_query(db, "SELECT count(*) FROM terms WHERE addition = 1 AND (drawdown_n IS NOT "
			    "NULL OR proof_fulfil_months IS NOT NULL OR interim_months IS NOT NULL "
			    "OR interest IS NOT NULL)",
			"0");
	/* every set names its source; the unverified parts say so */
	tu_assert_query(db, "SELECT count(*) FROM terms WHERE source LIKE '%assumption%'", "5");
	tu_cleanup(db);
}

/* ---- through the commands ----------------------------------------------------- */

static void run_checks(const char *db, const char *as_of, struct check_result *out)
{
	struct check_query q = { "", NULL };
	struct ft_error err;
	struct store *st;

	snprintf(q.as_of, sizeof(q.as_of), "%s", as_of);
	assert_int_equal(store_open(&st, db, STORE_EXISTING, STORE_JOURNAL_WAL, &err), 0);
	if (checks_run(st, &q, out, &err) != 0)
		fail_msg("checks_run: %s", err.msg);
	store_close(st);
}

static const struct check_finding *finding(const struct check_result *r, const char *rule,
					   const char *grant)
{
	for (size_t i = 0; i < r->nfindings; i++)
		if (strcmp(r->findings[i].rule->id, rule) == 0 && r->findings[i].grant &&
		    strcmp(r->findings[i].grant, grant) == 0)
			return &r->findings[i];
	return NULL;
}

/* The case on a state grant (ANBest-G NRW by the recipient): the
 * fulfilment day moves the proof forward, an extended deadline replaces
 * it and clears the overdue finding; both are audited. */
static void test_fulfilment_and_extension(void **state)
{
	char *db = fx_city_db();
	struct check_result r;
	const struct check_finding *f;
	struct ft_run run;

	(void)state;
	tu_ok(db, "project", "add", "P", "P", "--field", "health", NULL);
	fx_grant(db, "G", "P", "SOE", "10.000,00", "2025-01-01", "2025-09-30", "proof-due");
	/* no fulfilment day: 30.09.2025 + 6 months = Monday 30.03.2026 */
	run_checks(db, "2026-03-31", &r);
	f = finding(&r, "FT-PROOF-OVERDUE", "G");
	assert_non_null(f);
	assert_string_equal(f->date, "2026-03-30");
	check_result_release(&r);

	tu_ok(db, "grant", "edit", "G", "--fulfilled", "14.05.2025", NULL);
	run_checks(db, "2025-11-14", &r);
	f = finding(&r, "FT-PROOF-DUE", "G");
	assert_non_null(f);
	assert_string_equal(f->message, "final proof of use due on 14.11.2025 (anbest-g-nrw: "
					"purpose fulfilled 14.05.2025, period end 30.09.2025), "
					"in 0 days");
	check_result_release(&r);
	run_checks(db, "2025-11-15", &r);
	assert_non_null(finding(&r, "FT-PROOF-OVERDUE", "G"));
	check_result_release(&r);

	/* Fristverlängerung to Sunday 31.05.2026: legal last day Monday 01.06. */
	tu_fail(db, 1, "an extended proof deadline of grant 'G' needs its reason", "grant", "edit",
		"G", "--proof-due", "31.05.2026", NULL);
	tu_fail(db, 1, "a reason belongs to an extended proof deadline", "grant", "edit", "G",
		"--reason", "Schreiben", NULL);
	tu_ok(db, "grant", "edit", "G", "--proof-due", "31.05.2026", "--reason",
	      "Schreiben der Bezirksregierung vom 02.03.2026", NULL);
	run_checks(db, "2026-04-01", &r);
	assert_null(finding(&r, "FT-PROOF-OVERDUE", "G"));
	check_result_release(&r);
	run_checks(db, "2026-06-01", &r);
	f = finding(&r, "FT-PROOF-DUE", "G");
	assert_non_null(f);
	assert_string_equal(f->message, "final proof of use due on 01.06.2026 (extended deadline; "
					"target 31.05.2026, the next working day is the legal "
					"last day), in 0 days");
	check_result_release(&r);
	run_checks(db, "2026-06-02", &r);
	assert_non_null(finding(&r, "FT-PROOF-OVERDUE", "G"));
	check_result_release(&r);

	tu_run(&run, db, "grant", "show", "G", NULL);
	assert_int_equal(run.rc, 0);
	/* English (the tests' locale) */
	assert_true(tu_contains(run.out, "Terms:            anbest-g-nrw\n"));
	assert_true(tu_contains(run.out, "Terms from:       recipient\n"));
	assert_true(tu_contains(run.out, "Fulfilled:        14.05.2025\n"));
	assert_true(tu_contains(run.out, "Proof due:        31.05.2026\n"));
	assert_true(tu_contains(run.out, "Proof due reason: Schreiben der "
					 "Bezirksregierung vom 02.03.2026\n"));
	tu_run_free(&run);
	tu_assert_query(db, "SELECT json_extract(new, '$.proof_due') || ' ' || "
			    "json_extract(new, '$.fulfilled_date') FROM audit_log "
			    "WHERE table_name = 'grant' ORDER BY id DESC LIMIT 1",
			"2026-05-31 2025-05-14");

	/* cleared: the computed day again */
	tu_ok(db, "grant", "edit", "G", "--proof-due", "none", "--fulfilled", "none", NULL);
	tu_assert_query(db, "SELECT coalesce(CAST(proof_due AS TEXT), '-') || coalesce(CAST(proof_due_reason AS TEXT), '-') || "
			    "coalesce(CAST(fulfilled_date AS TEXT), '-') FROM \"grant\" WHERE ref = 'G'",
			"---");
	run_checks(db, "2026-03-31", &r);
	assert_non_null(finding(&r, "FT-PROOF-OVERDUE", "G"));
	check_result_release(&r);

	tu_fail(db, 1, "fulfilment date 01.10.2025 of grant 'G' is outside its approval period "
		       "01.01.2025 to 30.09.2025",
		"grant", "edit", "G", "--fulfilled", "01.10.2025", NULL);
	tu_fail(db, 1, "proof due date 31.12.2024 of grant 'G' is before its approval period",
		"grant", "edit", "G", "--proof-due", "31.12.2024", "--reason", "x", NULL);
	tu_fail(db, 1, "--fulfilled", "grant", "edit", "G", "--fulfilled", "31.02.2025", NULL);
	{
		char reason[320];

		memset(reason, 'x', sizeof(reason) - 1);
		reason[sizeof(reason) - 1] = '\0';
		tu_fail(db, 1, "is longer than 300 bytes", "grant", "edit", "G", "--proof-due",
			"31.05.2026", "--reason", reason, NULL);
	}
	/* refused edits leave the grant as it was */
	tu_assert_query(db, "SELECT coalesce(CAST(proof_due AS TEXT), '-') FROM \"grant\" WHERE ref = 'G'", "-");
	tu_ok(db, "audit", "verify", NULL);
	tu_cleanup(db);
}

/* The decision's own terms override the programme's; an addition sits on
 * top; unknown names are refused with the known ones. */
static void test_grant_terms(void **state)
{
	char *db = fx_city_db();
	struct check_result r;
	struct ft_run run;

	(void)state;
	tu_ok(db, "project", "add", "P", "P", "--field", "health", NULL);
	/* a state programme, but the decision names ANBest-P NRW (a carrier's
	 * terms): 01.07.2025 + 2 months = 01.09.2025 either way, the proof
	 * after the period end 31.12.2025: 30.06.2026 */
	tu_ok(db, "grant", "add", "G-P", "--project", "P", "--programme", "SOE", "--amount",
	      "1.000,00", "--from", "01.01.2025", "--to", "31.12.2025", "--terms", "anbest-p-nrw",
	      "--terms-addition", "ESF+", NULL);
	tu_assert_query(db, "SELECT terms || ' ' || addition || ' ' || source FROM grant_terms",
			"anbest-p-nrw esf-plus grant");
	/* federal money under the Bund's ANBest-P: six weeks; 10.000 drawn on
	 * 01.07.2025 unspent: late after Tuesday 12.08.2025 */
	tu_ok(db, "grant", "add", "G-B", "--project", "P", "--programme", "BUND", "--amount",
	      "10.000,00", "--from", "01.01.2025", "--to", "31.12.2025", "--terms",
	      "anbest-p-bund", NULL);
	fx_book(db, "G-B", "drawdown", "10.000,00", "2025-07-01");
	run_checks(db, "2025-08-12", &r);
	assert_null(finding(&r, "FT-IDLE-FUNDS", "G-B"));
	check_result_release(&r);
	run_checks(db, "2025-08-13", &r);
	assert_non_null(finding(&r, "FT-IDLE-FUNDS", "G-B"));
	assert_true(tu_contains(finding(&r, "FT-IDLE-FUNDS", "G-B")->message,
				"not spent within 6 weeks (anbest-p-bund; longest 43 days"));
	check_result_release(&r);
	/* back to the programme's (by the recipient: ANBest-Gk, two months:
	 * due Wednesday 01.09.2025 ... 01.07. + 2 months = 01.09.) */
	tu_ok(db, "grant", "edit", "G-B", "--terms", "none", NULL);
	run_checks(db, "2025-09-01", &r);
	assert_null(finding(&r, "FT-IDLE-FUNDS", "G-B"));
	check_result_release(&r);

	tu_fail(db, 1, "invalid terms 'anbest-q': expected one of anbest-p-bund, anbest-p-nrw, "
		       "anbest-gk, anbest-g-nrw, own",
		"grant", "edit", "G-B", "--terms", "anbest-q", NULL);
	tu_fail(db, 1, "invalid terms addition 'anbest-gk': expected one of esf-plus", "grant",
		"edit", "G-B", "--terms-addition", "anbest-gk", NULL);
	tu_fail(db, 1, "'none' clears the terms of a recorded grant", "grant", "add", "G-X",
		"--project", "P", "--programme", "SOE", "--amount", "1,00", "--from", "01.01.2025",
		"--to", "31.12.2025", "--terms", "none", NULL);
	tu_run(&run, db, "grant", "edit", "G-P", "--terms-addition", "none", NULL);
	assert_int_equal(run.rc, 0);
	assert_true(tu_contains(run.out, "changed grant G-P"));
	tu_run_free(&run);
	tu_assert_query(db, "SELECT coalesce(CAST(addition AS TEXT), '-') FROM grant_terms gt JOIN \"grant\" g "
			    "ON g.id = gt.grant_id WHERE g.ref = 'G-P'",
			"-");
	tu_ok(db, "audit", "verify", NULL);
	tu_cleanup(db);
}

/* The city's own money: drawn and unspent for a year, period over, no
 * proof recorded - and no drawdown, proof, interim or interest finding. */
static void test_own_money_has_no_findings(void **state)
{
	char *db = fx_city_db();
	struct check_result r;

	(void)state;
	tu_ok(db, "project", "add", "P", "P", "--field", "health", NULL);
	fx_grant(db, "KOM-1", "P", "KOM", "10.000,00", "2024-01-01", "2025-06-30", "running");
	fx_alloc(db, "KOM-1", "2024", "10.000,00");
	fx_book(db, "KOM-1", "drawdown", "5.000,00", "2024-02-01");
	fx_book(db, "KOM-1", "drawdown", "5.000,00", "2025-02-01");
	run_checks(db, "2026-06-30", &r);
	for (size_t i = 0; i < r.nfindings; i++) {
		const char *id = r.findings[i].rule->id;

		if (strcmp(id, "FT-IDLE-FUNDS") == 0 || strcmp(id, "FT-PROOF-DUE") == 0 ||
		    strcmp(id, "FT-PROOF-OVERDUE") == 0 || strcmp(id, "FT-INTERIM-PROOF-DUE") == 0 ||
		    strcmp(id, "FT-BASE-RATE-MISSING") == 0)
			fail_msg("own money has a finding %s: %s", id, r.findings[i].message);
	}
	/* what stays: the status (the period ended) */
	assert_non_null(finding(&r, "FT-STATUS-STALE", "KOM-1"));
	check_result_release(&r);
	tu_cleanup(db);
}

/* A database from before the terms (here from before the audit trail,
 * schema version 2) migrates without a row being rewritten: every grant
 * gets the recipient's default by its funder's level, the own city's and
 * a partner city's alike; 'check' notes it; the trail verifies. */
static void test_migration_by_level(void **state)
{
	TU_SQLITE_ONLY("builds an old schema version with PRAGMA user_version");
	char *db = tu_temp_db();
	struct db *raw;
	struct ft_run run;

	(void)state;
	assert_int_equal(db_open_v2(db, &raw, DB_OPEN_READWRITE | DB_OPEN_CREATE), DB_OK);
	for (int i = 0; i < 2; i++)
		assert_int_equal(db_exec(raw, store_migration_sql(i)),
				 DB_OK);
	assert_int_equal(
		db_exec(raw,
			     "PRAGMA user_version = 2;"
			     "INSERT INTO city (id, ags, name, own) VALUES (1, '05913000', 'Dortmund', 1);"
			     "INSERT INTO city (id, ags, name) VALUES (2, '05111000', 'Düsseldorf');"
			     "INSERT INTO funder (id, city_id, code, name, level) VALUES"
			     " (1, 1, 'EU', 'EU', 'eu'), (2, 1, 'BUND', 'Bund', 'federal'),"
			     " (3, 1, 'LAND', 'Land', 'state'), (4, 1, 'DO', 'Stadt', 'municipal'),"
			     " (5, 2, 'D', 'Stadt D', 'municipal'), (6, 2, 'L', 'Land', 'state');"
			     "INSERT INTO programme (id, city_id, code, name, funder_id, drawdown_days)"
			     " VALUES (1, 1, 'P-EU', 'EU', 1, 60), (2, 1, 'P-BUND', 'Bund', 2, 42),"
			     " (3, 1, 'P-LAND', 'Land', 3, 60), (4, 1, 'P-KOM', 'Stadt', 4, 60),"
			     " (5, 2, 'K', 'Stadt D', 5, 60), (6, 2, 'S', 'Land', 6, 42);"
			     "INSERT INTO project (id, city_id, code, title, field) VALUES"
			     " (1, 1, 'PR', 'PR', 'health'), (2, 2, 'PD', 'PD', 'health');"
			     "INSERT INTO \"grant\" (city_id, ref, project_id, programme_id,"
			     " period_from, period_to, approved_cents, financing, status) VALUES"
			     " (1, 'G-EU', 1, 1, '2024-01-01', '2024-12-31', 100, 'share', 'proof-due'),"
			     " (1, 'G-BUND', 1, 2, '2024-01-01', '2024-12-31', 100, 'share', 'proof-due'),"
			     " (1, 'G-LAND', 1, 3, '2024-01-01', '2024-12-31', 100, 'share', 'proof-due'),"
			     " (1, 'G-KOM', 1, 4, '2024-01-01', '2024-12-31', 100, 'full', 'proof-due'),"
			     " (2, 'D-K', 2, 5, '2024-01-01', '2024-12-31', 100, 'full', 'running'),"
			     " (2, 'D-S', 2, 6, '2024-01-01', '2024-12-31', 100, 'share', 'running');"),
		DB_OK);
	db_close(raw);

	/* proofs as of 01.03.2026: EU and federal (ANBest-Gk: one year,
	 * 31.12.2025) and state (ANBest-G NRW: Monday 30.06.2025) overdue; the
	 * city's own money (before: overdue too) has none */
	tu_run(&run, db, "check", "--as-of", "01.03.2026", NULL);
	assert_true(tu_contains(run.out, "note: 4 programmes name no terms (Nebenbestimmungen): "
					 "their grants follow the recipient's default"));
	tu_run_free(&run);
	tu_run(&run, db, "--format", "csv", "check", "--as-of", "01.03.2026", NULL);
	assert_true(tu_contains(run.out, ",FT-PROOF-OVERDUE,PR,G-EU,\"final proof of use was due on "
					 "31.12.2025 (anbest-gk: period end 31.12.2024)"));
	assert_true(tu_contains(run.out, ",FT-PROOF-OVERDUE,PR,G-BUND,\"final proof of use was due "
					 "on 31.12.2025 (anbest-gk: period end 31.12.2024)"));
	assert_true(tu_contains(run.out, ",FT-PROOF-OVERDUE,PR,G-LAND,\"final proof of use was due "
					 "on 30.06.2025 (anbest-g-nrw: period end 31.12.2024)"));
	assert_null(strstr(run.out, "FT-PROOF-OVERDUE,PR,G-KOM"));
	tu_run_free(&run);
	tu_assert_query(db, "SELECT group_concat(x, ' ') FROM (SELECT g.ref || '=' || gt.terms || "
			    "'/' || gt.source AS x FROM grant_terms gt JOIN \"grant\" g "
			    "ON g.id = gt.grant_id ORDER BY g.ref)",
			"D-K=own/recipient D-S=anbest-g-nrw/recipient G-BUND=anbest-gk/recipient "
			"G-EU=anbest-gk/recipient G-KOM=own/recipient G-LAND=anbest-g-nrw/recipient");
	/* no row was rewritten: the old numbers stay, the trail verifies */
	tu_assert_query(db, "SELECT group_concat(drawdown_days, ',') FROM programme", "60,42,60,60,60,42");
	tu_ok(db, "audit", "verify", NULL);
	/* once the programmes name their terms the note is gone */
	tu_ok(db, "programme", "edit", "P-EU", "--terms", "anbest-gk", NULL);
	tu_ok(db, "programme", "edit", "P-BUND", "--terms", "anbest-gk", NULL);
	tu_ok(db, "programme", "edit", "P-LAND", "--terms", "anbest-g-nrw", NULL);
	tu_ok(db, "programme", "edit", "P-KOM", "--terms", "own", NULL);
	tu_run(&run, db, "check", "--as-of", "01.03.2026", NULL);
	assert_null(strstr(run.out, "name no terms"));
	tu_run_free(&run);
	tu_ok(db, "audit", "verify", NULL);
	tu_cleanup(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_anbest_p_bund),
		cmocka_unit_test(test_anbest_p_nrw),
		cmocka_unit_test(test_anbest_gk),
		cmocka_unit_test(test_anbest_g_nrw),
		cmocka_unit_test(test_own_money),
		cmocka_unit_test(test_shipped_table),
		cmocka_unit_test(test_fulfilment_and_extension),
		cmocka_unit_test(test_grant_terms),
		cmocka_unit_test(test_own_money_has_no_findings),
		cmocka_unit_test(test_migration_by_level),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
