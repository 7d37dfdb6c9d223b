/* test_check.c - every rule of checks.h fires where it should and stays
 * quiet where it should not (on one database built for it, as of
 * 15.06.2026), the money tracing behind FT-IDLE-FUNDS, the 'check' and
 * 'proof' commands, and the demo data set showing every rule. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "checks.h"
#include "figures_fixture.h"
#include "grantset.h"
#include "store.h"
#include "interest.h"
#include "msg_lang.h"
#include "testutil.h"

#define EUR(x) ((int64_t)(x) * 100)
#define AS_OF "2026-06-15"

static char *rules_db;

static void project(const char *db, const char *code, const char *from, const char *to,
		    const char *costs, const char *follows)
{
	const char *argv[16] = { "project", "add", code, code, "--field", "social-work" };
	int n = 6;

	if (from) {
		argv[n++] = "--from";
		argv[n++] = from;
		argv[n++] = "--to";
		argv[n++] = to;
	}
	if (costs) {
		argv[n++] = "--costs";
		argv[n++] = costs;
	}
	if (follows) {
		argv[n++] = "--follows";
		argv[n++] = follows;
	}
	while (n < 16)
		argv[n++] = NULL;
	tu_ok(db, argv[0], argv[1], argv[2], argv[3], argv[4], argv[5], argv[6], argv[7], argv[8],
	      argv[9], argv[10], argv[11], argv[12], argv[13], NULL);
}

/* A grant with its whole amount allocated in the year it starts. */
static void grant(const char *db, const char *ref, const char *proj, const char *programme,
		  const char *amount, const char *from, const char *to, const char *status)
{
	char year[5];

	fx_grant(db, ref, proj, programme, amount, from, to, status);
	snprintf(year, sizeof(year), "%.4s", from);
	if (strcmp(status, "applied") != 0)
		fx_alloc(db, ref, year, amount);
}

/* 100,00 paid out and spent the same day: a payout, no idle money. */
static void paid_out(const char *db, const char *ref, const char *date)
{
	fx_book(db, ref, "drawdown", "100,00", date);
	fx_book(db, ref, "expenditure", "100,00", date);
}

static void idle_and_caps(const char *db)
{
	/* FT-IDLE-FUNDS: BUND under ANBest-P (Bund), six weeks (setup). 02.01.
	 * + 6 weeks = Friday 13.02.2026, 02.03. + 6 weeks = Monday 13.04.2026
	 * (Easter Monday is 06.04.). 10.000 spent after exactly 42 days
	 * (on time); of 20.000 drawn on 02.03., 5.000 spent after 43 days and
	 * 15.000 unspent for 105 days. */
	project(db, "PI", "2026-01-01", "2026-12-31", "100.000,00", NULL);
	grant(db, "GI", "PI", "BUND", "50.000,00", "2026-01-01", "2026-12-31", "running");
	fx_book(db, "GI", "drawdown", "10.000,00", "2026-01-02");
	fx_book(db, "GI", "expenditure", "10.000,00", "2026-02-13");
	fx_book(db, "GI", "drawdown", "20.000,00", "2026-03-02");
	fx_book(db, "GI", "expenditure", "5.000,00", "2026-04-14");
	/* Quiet (SOE: ANBest-G NRW by the recipient, two months): a reversed
	 * drawdown, pre-financing covered by the next drawdown, spending on
	 * 15.06. of money drawn 16.04. (due 16.06.), 1.000 unspent since 17.04.
	 * (due 17.06.). */
	grant(db, "GI2", "PI", "SOE", "10.000,00", "2026-01-01", "2026-12-31", "running");
	fx_book(db, "GI2", "drawdown", "4.000,00", "2026-02-01");
	fx_reverse_last(db, "2026-02-02");
	fx_book(db, "GI2", "expenditure", "2.000,00", "2026-04-01");
	fx_book(db, "GI2", "drawdown", "7.000,00", "2026-04-16");
	fx_book(db, "GI2", "drawdown", "1.000,00", "2026-04-17");
	fx_book(db, "GI2", "expenditure", "5.000,00", "2026-06-15");

	/* When an expense arose counts, not when it was paid (the period ends
	 * 31.12.2025; six weeks after: 11.02.2026):
	 * - 2.000 paid 10.01.2026 without a service date: FT-SERVICE-DATE-MISSING
	 * - 1.500 paid 15.01.2026 for 31.12.2025 (December salaries): quiet
	 * - 500 paid 20.01.2026 for 05.01.2026 and 300 paid 12.02.2026 without
	 *   a service date: FT-SPEND-OUTSIDE-PERIOD (800, first 05.01.2026)
	 * Spent 14.300 of 10.000 drawn and approved: FT-SPENT-ABOVE-GRANT, a
	 * warning (own funds), no FT-OVER-CAP. */
	project(db, "PO", "2025-01-01", "2025-12-31", "20.000,00", NULL);
	grant(db, "GO", "PO", "SOE", "10.000,00", "2025-01-01", "2025-12-31", "proof-due");
	fx_book(db, "GO", "drawdown", "10.000,00", "2025-01-05");
	fx_book(db, "GO", "expenditure", "9.000,00", "2025-01-20");
	fx_book(db, "GO", "expenditure", "1.000,00", "2025-02-01");
	fx_book(db, "GO", "expenditure", "2.000,00", "2026-01-10");
	tu_ok(db, "book", "GO", "expenditure", "1.500,00", "--date", "15.01.2026", "--service-date",
	      "31.12.2025", NULL);
	tu_ok(db, "book", "GO", "expenditure", "500,00", "--date", "20.01.2026", "--service-date",
	      "05.01.2026", "--force", NULL);
	fx_book(db, "GO", "expenditure", "300,00", "2026-02-12");
	tu_ok(db, "proof", "add", "GO", "final", "--date", "2026-05-01", NULL);
	/* FT-OVER-CAP: drawn 6.000 of 5.000; the unspent 1.000 is 14 days old. */
	project(db, "PO2", "2026-01-01", "2026-12-31", NULL, NULL);
	grant(db, "GO2", "PO2", "BUND", "5.000,00", "2026-01-01", "2026-12-31", "running");
	fx_book(db, "GO2", "drawdown", "6.000,00", "2026-06-01");
	fx_book(db, "GO2", "expenditure", "5.000,00", "2026-06-05");
}

static void decisions(const char *db)
{
	/* FT-ALLOC-MISMATCH: 5.000 missing; a year outside; none at all. */
	project(db, "PA", "2026-01-01", "2027-12-31", "100.000,00", NULL);
	fx_grant(db, "GA1", "PA", "SOE", "40.000,00", "2026-01-01", "2027-12-31", "running");
	fx_alloc(db, "GA1", "2026", "20.000,00");
	fx_alloc(db, "GA1", "2027", "15.000,00");
	fx_grant(db, "GA2", "PA", "KOM", "10.000,00", "2026-01-01", "2027-12-31", "running");
	fx_alloc(db, "GA2", "2026", "5.000,00");
	fx_alloc(db, "GA2", "2027", "5.000,00");
	fx_alloc(db, "GA2", "2028", "0");
	fx_grant(db, "GA3", "PA", "KOM", "10.000,00", "2026-01-01", "2027-12-31", "running");

	/* FT-RATE-ABOVE-PROGRAMME: 25 % > 20 %; 30.000 of 100.000 eligible
	 * > 20 %; quiet at exactly 20 %. */
	project(db, "PR", "2026-01-01", "2026-12-31", "200.000,00", NULL);
	tu_ok(db, "grant", "add", "GR1", "--project", "PR", "--programme", "SOE", "--amount",
	      "40.000,00", "--from", "2026-01-01", "--to", "2026-12-31", "--rate", "25", NULL);
	fx_alloc(db, "GR1", "2026", "40.000,00");
	tu_ok(db, "grant", "add", "GR2", "--project", "PR", "--programme", "BUND", "--amount",
	      "30.000,00", "--from", "2026-01-01", "--to", "2026-12-31", "--eligible",
	      "100.000,00", NULL);
	fx_alloc(db, "GR2", "2026", "30.000,00");
	tu_ok(db, "grant", "add", "GR3", "--project", "PR", "--programme", "BUND", "--amount",
	      "20.000,00", "--from", "2026-01-01", "--to", "2026-12-31", "--eligible",
	      "100.000,00", NULL);
	fx_alloc(db, "GR3", "2026", "20.000,00");
	/* Quiet: deficit financing has a maximum amount, no rate (VV 2.2.2). */
	tu_ok(db, "grant", "add", "GR4", "--project", "PR", "--programme", "SOE", "--amount",
	      "40.000,00", "--from", "2026-01-01", "--to", "2026-12-31", "--rate", "25",
	      "--financing", "deficit", NULL);
	fx_alloc(db, "GR4", "2026", "40.000,00");

	/* FT-PROJECT-OVERFUNDED: 110 %; quiet at exactly 100 %. */
	project(db, "PF", "2026-01-01", "2026-12-31", "10.000,00", NULL);
	grant(db, "GF1", "PF", "SOE", "8.000,00", "2026-01-01", "2026-12-31", "running");
	grant(db, "GF2", "PF", "KOM", "3.000,00", "2026-01-01", "2026-12-31", "running");
	project(db, "PF2", "2026-01-01", "2026-12-31", "10.000,00", NULL);
	grant(db, "GF3", "PF2", "SOE", "8.000,00", "2026-01-01", "2026-12-31", "running");
	grant(db, "GF4", "PF2", "KOM", "2.000,00", "2026-01-01", "2026-12-31", "running");
}

static void proofs(const char *db)
{
	/* SOE: ANBest-G NRW by the recipient: six months after the period end
	 * (no fulfilment day recorded), at the latest the end of the sixth
	 * month after it; a Saturday moves the legal last day to Monday. */
	project(db, "PP", "2025-01-01", "2026-01-16", NULL, NULL);
	/* 20.12.2025 + 6 months = Saturday 20.06.2026: due Monday 22.06., in 7
	 * days */
	grant(db, "GP1", "PP", "SOE", "1.000,00", "2025-01-01", "2025-12-20", "proof-due");
	/* 30.11.2025 + 6 months = Saturday 30.05.2026: due Monday 01.06.2026,
	 * 14 days overdue, and still 'running' */
	grant(db, "GP2", "PP", "SOE", "1.000,00", "2025-01-01", "2025-11-30", "running");
	/* the same, but the final proof is recorded */
	grant(db, "GP3", "PP", "SOE", "1.000,00", "2025-01-01", "2025-11-30", "proof-due");
	tu_ok(db, "proof", "add", "GP3", "final", "--date", "20.05.2026", NULL);
	/* closed: settled */
	grant(db, "GP4", "PP", "SOE", "1.000,00", "2025-01-01", "2025-06-30", "closed");
	/* due Wednesday 15.07.2026 (in 30 days: reported) and Thursday
	 * 16.07.2026 (31: quiet); money paid out in 2025: an interim proof */
	grant(db, "GP5", "PP", "SOE", "1.000,00", "2025-07-16", "2026-01-15", "proof-due");
	fx_book(db, "GP5", "drawdown", "500,00", "2025-08-01");
	fx_book(db, "GP5", "expenditure", "500,00", "2025-08-01");
	tu_ok(db, "proof", "add", "GP5", "interim", "2025", "--date", "2026-04-20", NULL);
	grant(db, "GP6", "PP", "SOE", "1.000,00", "2025-07-17", "2026-01-16", "proof-due");
	fx_book(db, "GP6", "drawdown", "500,00", "2025-08-01");
	fx_book(db, "GP6", "expenditure", "500,00", "2025-08-01");
	tu_ok(db, "proof", "add", "GP6", "interim", "2025", "--date", "2026-04-20", NULL);

	/* FT-INTERIM-PROOF-DUE (four months after the year with a payout:
	 * Thursday 30.04.2026): GN1 handed in 2025's proof late (05.05.2026),
	 * GN2 not at all. Quiet: GN3 received nothing in 2025 ("über die in
	 * diesem Jahr erhaltenen Beträge"), GN4 is the city's own money. */
	project(db, "PIN", "2024-07-01", "2027-06-30", NULL, NULL);
	grant(db, "GN1", "PIN", "SOE", "1.000,00", "2024-07-01", "2027-06-30", "running");
	paid_out(db, "GN1", "2024-08-01");
	paid_out(db, "GN1", "2025-03-01");
	tu_ok(db, "proof", "add", "GN1", "interim", "2024", "--date", "2025-04-20", NULL);
	tu_ok(db, "proof", "add", "GN1", "interim", "2025", "--date", "2026-05-05", NULL);
	grant(db, "GN2", "PIN", "SOE", "1.000,00", "2024-07-01", "2027-06-30", "running");
	paid_out(db, "GN2", "2024-08-01");
	paid_out(db, "GN2", "2025-03-01");
	tu_ok(db, "proof", "add", "GN2", "interim", "2024", "--date", "2025-04-20", NULL);
	grant(db, "GN3", "PIN", "SOE", "1.000,00", "2024-07-01", "2027-06-30", "running");
	paid_out(db, "GN3", "2024-08-01");
	tu_ok(db, "proof", "add", "GN3", "interim", "2024", "--date", "2025-04-20", NULL);
	grant(db, "GN4", "PIN", "KOM", "1.000,00", "2024-07-01", "2027-06-30", "running");
	paid_out(db, "GN4", "2024-08-01");
	paid_out(db, "GN4", "2025-03-01");
}

static void chains(const char *db)
{
	/* FT-GAP-RISK: ends in 180 days (reported), 181 (quiet), follow-up
	 * only applied (reported), follow-up approved (quiet). */
	project(db, "PG1", "2026-01-01", "2026-12-12", NULL, NULL);
	grant(db, "GG1", "PG1", "KOM", "1.000,00", "2026-01-01", "2026-12-12", "running");
	project(db, "PG2", "2026-01-01", "2026-12-13", NULL, NULL);
	grant(db, "GG2", "PG2", "KOM", "1.000,00", "2026-01-01", "2026-12-13", "running");
	project(db, "PG3", "2026-01-01", "2026-09-30", NULL, NULL);
	grant(db, "GG3", "PG3", "KOM", "1.000,00", "2026-01-01", "2026-09-30", "running");
	project(db, "PG4", "2026-10-01", "2027-09-30", NULL, "PG3");
	grant(db, "GG4", "PG4", "KOM", "1.000,00", "2026-10-01", "2027-09-30", "applied");
	project(db, "PG5", "2026-01-01", "2026-09-30", NULL, NULL);
	grant(db, "GG5", "PG5", "KOM", "1.000,00", "2026-01-01", "2026-09-30", "running");
	project(db, "PG6", "2026-10-01", "2027-09-30", NULL, "PG5");
	grant(db, "GG6", "PG6", "KOM", "1.000,00", "2026-10-01", "2027-09-30", "approved");

	/* FT-CHAIN-GAP: 31 days between PC1 and PC2, none before PC3. */
	project(db, "PC1", "2024-01-01", "2024-12-31", NULL, NULL);
	project(db, "PC2", "2025-02-01", "2025-12-31", NULL, "PC1");
	project(db, "PC3", "2026-01-01", "2026-06-30", NULL, "PC2");
}

static int setup(void **state)
{
	(void)state;
	rules_db = fx_city_db();
	/* A programme naming its terms (here the Bund's for private carriers);
	 * the others follow the recipient's default (schema/008). */
	tu_ok(rules_db, "programme", "edit", "BUND", "--terms", "anbest-p-bund", NULL);
	idle_and_caps(rules_db);
	decisions(rules_db);
	proofs(rules_db);
	chains(rules_db);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	tu_cleanup(rules_db);
	return 0;
}

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

/* "RULE project grant" per finding, one per line, in result order. */
static char *summary_of(const struct check_result *r, const char *only_rule)
{
	size_t size = 64 + r->nfindings * 96, used = 0;
	char *text = malloc(size);

	assert_non_null(text);
	text[0] = '\0';
	for (size_t i = 0; i < r->nfindings; i++) {
		const struct check_finding *f = &r->findings[i];

		if (only_rule && strcmp(f->rule->id, only_rule) != 0)
			continue;
		used += (size_t)snprintf(text + used, size - used, "%s %s %s\n", f->rule->id,
					 f->project, f->grant ? f->grant : "-");
	}
	return text;
}

static const struct check_finding *find(const struct check_result *r, const char *rule,
					const char *grant_or_project)
{
	for (size_t i = 0; i < r->nfindings; i++) {
		const struct check_finding *f = &r->findings[i];

		if (strcmp(f->rule->id, rule) == 0 &&
		    strcmp(f->grant ? f->grant : f->project, grant_or_project) == 0)
			return f;
	}
	fail_msg("no finding %s for %s", rule, grant_or_project);
	return NULL;
}

static int has_finding(const struct check_result *r, const char *rule, const char *grant)
{
	for (size_t i = 0; i < r->nfindings; i++)
		if (strcmp(r->findings[i].rule->id, rule) == 0 && r->findings[i].grant &&
		    strcmp(r->findings[i].grant, grant) == 0)
			return 1;
	return 0;
}

/* ---- the rules ------------------------------------------------------------ */

static void test_every_rule_fires_and_nothing_else(void **state)
{
	struct check_result r;
	char *text;

	(void)state;
	run_checks(rules_db, AS_OF, &r);
	text = summary_of(&r, NULL);
	assert_string_equal(text, "FT-SPEND-OUTSIDE-PERIOD PO GO\n"
				  "FT-OVER-CAP PO2 GO2\n"
				  "FT-PROJECT-OVERFUNDED PF -\n"
				  "FT-PROOF-OVERDUE PP GP2\n"
				  "FT-IDLE-FUNDS PI GI\n"
				  "FT-SERVICE-DATE-MISSING PO GO\n"
				  "FT-SPENT-ABOVE-GRANT PO GO\n"
				  "FT-ALLOC-MISMATCH PA GA1\n"
				  "FT-ALLOC-MISMATCH PA GA2\n"
				  "FT-ALLOC-MISMATCH PA GA3\n"
				  "FT-RATE-ABOVE-PROGRAMME PR GR1\n"
				  "FT-RATE-ABOVE-PROGRAMME PR GR2\n"
				  "FT-PROOF-DUE PP GP1\n"
				  "FT-PROOF-DUE PP GP5\n"
				  "FT-INTERIM-PROOF-DUE PIN GN2\n"
				  "FT-STATUS-STALE PP GP2\n"
				  "FT-GAP-RISK PG1 -\n"
				  "FT-GAP-RISK PG3 -\n"
				  "FT-CHAIN-GAP PC2 -\n"
				  /* the fixture's decisions have allocations nothing
				   * was drawn on (test_finplan.c has the figures) */
				  "FT-DRAWN-ABOVE-ALLOCATION PO2 GO2\n"
				  "FT-ALLOCATION-UNDRAWN PIN GN1\n"
				  "FT-ALLOCATION-UNDRAWN PIN GN2\n"
				  "FT-ALLOCATION-UNDRAWN PIN GN3\n"
				  "FT-ALLOCATION-UNDRAWN PIN GN4\n"
				  "FT-ALLOCATION-UNDRAWN PP GP1\n"
				  "FT-ALLOCATION-UNDRAWN PP GP2\n"
				  "FT-ALLOCATION-UNDRAWN PP GP3\n"
				  "FT-ALLOCATION-UNDRAWN PP GP5\n"
				  "FT-ALLOCATION-UNDRAWN PP GP6\n"
				  /* approved grants whose period started, a proof-due
				   * grant with its final proof (GP3) */
				  "FT-STATUS-SUGGESTED PO GO\n"
				  "FT-STATUS-SUGGESTED PP GP3\n"
				  "FT-STATUS-SUGGESTED PR GR1\n"
				  "FT-STATUS-SUGGESTED PR GR2\n"
				  "FT-STATUS-SUGGESTED PR GR3\n"
				  "FT-STATUS-SUGGESTED PR GR4\n");
	assert_int_equal(r.nerrors, 4);
	assert_int_equal(r.nwarnings, 25);
	assert_int_equal(r.ninfos, 6);
	assert_string_equal(r.as_of, AS_OF);
	free(text);
	check_result_release(&r);
}

static void test_idle_funds_figures(void **state)
{
	struct check_result r;
	const struct check_finding *f;

	(void)state;
	run_checks(rules_db, AS_OF, &r);
	f = find(&r, "FT-IDLE-FUNDS", "GI");
	assert_int_equal(f->rule->severity, CHECK_WARNING);
	assert_int_equal(f->amount, EUR(20000));
	assert_int_equal(f->days, 105);
	/* (5.000 x 43 + 15.000 x 105 days) x 6,27 % / 365 = 307,4877 */
	assert_int_equal(f->interest, 30749);
	assert_string_equal(f->message,
			    "20.000,00 € drawn down and not spent within 6 weeks (anbest-p-bund; "
			    "longest 105 days, 15.000,00 € of it still unspent); estimated "
			    "interest 307,49 € "
			    "at 5 points above the base rate (§ 49a Abs. 4 VwVfG NRW, § 247 BGB; "
			    "'fundtrack base-rate list')");
	check_result_release(&r);

	/* A day earlier the open 15.000 are idle for 104 days. */
	run_checks(rules_db, "2026-06-14", &r);
	f = find(&r, "FT-IDLE-FUNDS", "GI");
	assert_int_equal(f->days, 104);
	check_result_release(&r);

	/* Before the 43rd day nothing is late yet. */
	run_checks(rules_db, "2026-04-13", &r);
	{
		char *text = summary_of(&r, "FT-IDLE-FUNDS");

		assert_string_equal(text, "");
		free(text);
	}
	check_result_release(&r);
}

static void test_booking_and_decision_messages(void **state)
{
	struct check_result r;
	const struct check_finding *f;

	(void)state;
	run_checks(rules_db, AS_OF, &r);
	f = find(&r, "FT-SPEND-OUTSIDE-PERIOD", "GO");
	assert_string_equal(f->message, "2 expenditures of 800,00 € arose outside the approval "
					"period 01.01.2025 to 31.12.2025 (first on 05.01.2026): "
					"normally not eligible");
	assert_int_equal(f->amount, EUR(800));
	assert_string_equal(f->date, "2026-01-05");
	f = find(&r, "FT-SERVICE-DATE-MISSING", "GO");
	assert_int_equal(f->rule->severity, CHECK_WARNING);
	assert_string_equal(f->message, "1 expenditure of 2.000,00 € paid after the approval period "
					"ended on 31.12.2025 (first on 10.01.2026) without a "
					"service date: eligible if it arose in the period; reverse "
					"and book again with --service-date DATE");
	assert_int_equal(f->amount, EUR(2000));
	f = find(&r, "FT-SPENT-ABOVE-GRANT", "GO");
	assert_int_equal(f->rule->severity, CHECK_WARNING);
	assert_string_equal(f->message, "spent 14.300,00 € is 4.300,00 € above the approved "
					"10.000,00 €: covered by own funds");
	assert_false(has_finding(&r, "FT-OVER-CAP", "GO"));
	assert_false(has_finding(&r, "FT-RATE-ABOVE-PROGRAMME", "GR4"));
	f = find(&r, "FT-OVER-CAP", "GO2");
	assert_string_equal(f->message, "drawn down 6.000,00 € (less 0,00 € repaid) is 1.000,00 € "
					"above the approved 5.000,00 €");
	assert_int_equal(f->amount, EUR(1000));
	f = find(&r, "FT-ALLOC-MISMATCH", "GA1");
	assert_string_equal(f->message, "yearly allocations add up to 35.000,00 €, the approved "
					"amount is 40.000,00 € (5.000,00 € missing)");
	assert_int_equal(f->amount, EUR(-5000));
	f = find(&r, "FT-ALLOC-MISMATCH", "GA2");
	assert_string_equal(f->message, "allocation for 2028 outside the approval period "
					"01.01.2026 to 31.12.2027");
	f = find(&r, "FT-ALLOC-MISMATCH", "GA3");
	assert_true(tu_contains(f->message, "no yearly allocations recorded for the approved "
					    "10.000,00 €"));
	f = find(&r, "FT-RATE-ABOVE-PROGRAMME", "GR1");
	assert_string_equal(f->message, "funding rate 25,00 % is above the 20,00 % of programme "
					"SOE");
	f = find(&r, "FT-RATE-ABOVE-PROGRAMME", "GR2");
	assert_string_equal(f->message, "approved 30.000,00 € is 30,00 % of the eligible costs of "
					"100.000,00 €, above the 20,00 % of programme BUND");
	f = find(&r, "FT-PROJECT-OVERFUNDED", "PF");
	assert_int_equal(f->rule->severity, CHECK_ERROR);
	assert_null(f->grant);
	assert_string_equal(f->message, "approved grants add up to 11.000,00 € = 110,00 % of the "
					"project's costs of 10.000,00 € (1.000,00 € too much)");
	check_result_release(&r);
}

static void test_deadline_rules_and_boundaries(void **state)
{
	struct check_result r;
	const struct check_finding *f;
	char *text;

	(void)state;
	run_checks(rules_db, AS_OF, &r);
	f = find(&r, "FT-PROOF-DUE", "GP1");
	assert_string_equal(f->message, "final proof of use due on 22.06.2026 (anbest-g-nrw: "
					"period end 20.12.2025; target 20.06.2026, the next "
					"working day is the legal last day), in 7 days");
	assert_int_equal(f->days, -7);
	assert_string_equal(f->date, "2026-06-22");
	f = find(&r, "FT-PROOF-DUE", "GP5");
	assert_true(tu_contains(f->message, "in 30 days"));
	f = find(&r, "FT-PROOF-OVERDUE", "GP2");
	assert_string_equal(f->message, "final proof of use was due on 01.06.2026 (anbest-g-nrw: "
					"period end 30.11.2025; target 30.05.2026, the next "
					"working day is the legal last day), 14 days ago, and is "
					"not recorded");
	assert_int_equal(f->days, 14);
	f = find(&r, "FT-STATUS-STALE", "GP2");
	assert_string_equal(f->message, "status is still 'running' although the approval period "
					"ended on 30.11.2025: 'fundtrack grant status GP2 "
					"proof-due'");
	check_result_release(&r);

	/* An 'approved' grant has to become 'running' first. */
	tu_ok(rules_db, "grant", "status", "GP2", "approved", "--force", NULL);
	run_checks(rules_db, AS_OF, &r);
	f = find(&r, "FT-STATUS-STALE", "GP2");
	assert_true(tu_contains(f->message, "status is still 'approved' although the approval "
					    "period ended on 30.11.2025: set it to 'running' and "
					    "then 'proof-due' ('fundtrack grant status GP2 "
					    "running')"));
	tu_ok(rules_db, "grant", "status", "GP2", "running", NULL);
	f = find(&r, "FT-INTERIM-PROOF-DUE", "GN2");
	assert_string_equal(f->message, "interim proof for 2025 was due on 30.04.2026, 46 days "
					"ago, and is not recorded ('fundtrack proof add GN2 "
					"interim 2025 --date DATE')");
	f = find(&r, "FT-GAP-RISK", "PG1");
	assert_string_equal(f->message, "funding ends on 12.12.2026, in 180 days, and no "
					"follow-up is approved: no follow-up project recorded "
					"('fundtrack project add CODE TITLE --follows PG1')");
	f = find(&r, "FT-GAP-RISK", "PG3");
	assert_true(tu_contains(f->message, "follow-up PG4 has only applications, no approval "
					    "yet"));
	f = find(&r, "FT-CHAIN-GAP", "PC2");
	assert_string_equal(f->message, "gap of 31 days between PC1 (ended 31.12.2024) and PC2 "
					"(starts 01.02.2025)");
	assert_int_equal(f->days, 31);
	check_result_release(&r);

	/* GN1's proof for 2025 came on 05.05.2026: on 01.05. it was late. */
	run_checks(rules_db, "2026-05-01", &r);
	text = summary_of(&r, "FT-INTERIM-PROOF-DUE");
	assert_string_equal(text, "FT-INTERIM-PROOF-DUE PIN GN1\nFT-INTERIM-PROOF-DUE PIN GN2\n");
	free(text);
	assert_true(tu_contains(find(&r, "FT-INTERIM-PROOF-DUE", "GN1")->message,
				"was due on 30.04.2026, 1 day ago"));
	check_result_release(&r);

	/* 30 days before 30 April it is reported, 31 days before not; GP5's and
	 * GP6's proofs (recorded 20.04.) do not exist yet on those days. */
	run_checks(rules_db, "2026-03-31", &r);
	text = summary_of(&r, "FT-INTERIM-PROOF-DUE");
	assert_string_equal(text, "FT-INTERIM-PROOF-DUE PIN GN1\nFT-INTERIM-PROOF-DUE PIN GN2\n"
				  "FT-INTERIM-PROOF-DUE PP GP5\nFT-INTERIM-PROOF-DUE PP GP6\n");
	free(text);
	assert_true(tu_contains(find(&r, "FT-INTERIM-PROOF-DUE", "GN1")->message,
				"interim proof for 2025 due on 30.04.2026, in 30 days"));
	check_result_release(&r);
	run_checks(rules_db, "2026-03-30", &r);
	text = summary_of(&r, "FT-INTERIM-PROOF-DUE");
	assert_string_equal(text, "");
	free(text);
	check_result_release(&r);

	/* GP2's target, Saturday 30.05., is not missed on Sunday 31.05. (§ 31
	 * Abs. 3 VwVfG NRW); on Monday 01.06. it is due today (0 days left), on
	 * 02.06. overdue. */
	run_checks(rules_db, "2026-05-31", &r);
	assert_true(tu_contains(find(&r, "FT-PROOF-DUE", "GP2")->message, "in 1 day"));
	assert_false(has_finding(&r, "FT-PROOF-OVERDUE", "GP2"));
	check_result_release(&r);
	run_checks(rules_db, "2026-06-01", &r);
	assert_true(tu_contains(find(&r, "FT-PROOF-DUE", "GP2")->message, "in 0 days"));
	check_result_release(&r);
	run_checks(rules_db, "2026-06-02", &r);
	assert_true(tu_contains(find(&r, "FT-PROOF-OVERDUE", "GP2")->message, "1 day ago"));
	check_result_release(&r);
}

/* The base rate comes from its history (schema 007), piecewise; the last
 * known rate (01.01.2026: 1,27 %) holds to 30.06.2026; later idle days are
 * a finding, never 0 %. */
static void test_base_rate_variants(void **state)
{
	char *db = fx_city_db();
	struct check_result r;
	const struct check_finding *f;
	struct ft_run run;

	(void)state;
	project(db, "PX", "2026-01-01", "2026-12-31", NULL, NULL);
	grant(db, "GX", "PX", "SOE", "36.500,00", "2026-01-01", "2026-12-31", "running");
	fx_book(db, "GX", "drawdown", "36.500,00", "2026-01-01");
	/* 36.500 idle for 100 days at 1,27 + 5 = 6,27 %: 627,00 € */
	run_checks(db, "2026-04-11", &r);
	f = find(&r, "FT-IDLE-FUNDS", "GX");
	assert_int_equal(f->days, 100);
	assert_int_equal(f->interest, EUR(627));
	assert_int_equal(r.old_setting, 0);
	assert_false(has_finding(&r, "FT-BASE-RATE-MISSING", "GX"));
	check_result_release(&r);

	/* 11.07.: 191 idle days, 180 of them up to 30.06. at 6,27 %:
	 * 3.650.000 × 627 × 180 / 3.650.000 = 112.860 cents; from 01.07. none */
	run_checks(db, "2026-07-11", &r);
	f = find(&r, "FT-IDLE-FUNDS", "GX");
	assert_int_equal(f->days, 191);
	assert_int_equal(f->interest, EUR(1128) + 60);
	f = find(&r, "FT-BASE-RATE-MISSING", "GX");
	assert_int_equal(f->rule->severity, CHECK_WARNING);
	assert_string_equal(f->date, "2026-07-01");
	assert_true(tu_contains(f->message, "no base rate known from 01.07.2026: add it with "
					    "'fundtrack base-rate add 01.07.2026 PCT'"));
	check_result_release(&r);
	/* Money drawn in the unknown half-year: the day named is its first
	 * idle day, the rate to add is the half-year's. */
	grant(db, "GX2", "PX", "SOE", "1.000,00", "2026-01-01", "2026-12-31", "running");
	fx_book(db, "GX2", "drawdown", "1.000,00", "2026-07-05");
	run_checks(db, "2026-10-01", &r);
	assert_int_equal(find(&r, "FT-IDLE-FUNDS", "GX2")->interest, 0);
	assert_true(tu_contains(find(&r, "FT-BASE-RATE-MISSING", "GX2")->message,
				"no base rate known from 06.07.2026: add it with "
				"'fundtrack base-rate add 01.07.2026 PCT'"));
	check_result_release(&r);

	/* Recorded: 11 more days at 6,27 %: 191 × 627 = 119.757 → 1.197,57 € */
	tu_ok(db, "base-rate", "add", "01.07.2026", "1,27", NULL);
	run_checks(db, "2026-07-11", &r);
	assert_int_equal(find(&r, "FT-IDLE-FUNDS", "GX")->interest, 119757);
	assert_false(has_finding(&r, "FT-BASE-RATE-MISSING", "GX"));
	check_result_release(&r);

	/* The old single setting is not used, and 'check' says so once. */
	tu_ok(db, "setting", "set", "base-rate", "-0,88", NULL);
	run_checks(db, "2026-07-11", &r);
	assert_int_equal(r.old_setting, 1);
	assert_int_equal(r.old_base_rate_bp, -88);
	assert_int_equal(find(&r, "FT-IDLE-FUNDS", "GX")->interest, 119757);
	check_result_release(&r);
	tu_run(&run, db, "check", "--as-of", "11.07.2026", NULL);
	assert_true(tu_contains(run.out, "note: the old setting base-rate (-0,88 %) is superseded "
					 "by the base rate history and no longer used"));
	tu_run_free(&run);
	tu_cleanup(db);
}

/* Interest over two base rates through 'fundtrack check', by hand:
 * 12.345,67 € drawn on 15.06.2025 (state programme, 2 months), unspent on
 * 02.09.2025: 79 idle days, 16.06.-30.06. (15 days) at 2,27 + 5 = 7,27 %
 * and 01.07.-02.09. (64 days) at 1,27 + 5 = 6,27 %:
 * 1.234.567 × (727 × 15 + 627 × 64) / (10.000 × 365)
 * = 63.003.657.711 / 3.650.000 = 17.261,28 cents → 172,61 €. */
static void test_interest_two_base_rates(void **state)
{
	char *db = fx_city_db();
	struct ft_run run;

	(void)state;
	project(db, "PY", "2025-01-01", "2025-12-31", NULL, NULL);
	grant(db, "GY", "PY", "SOE", "20.000,00", "2025-01-01", "2025-12-31", "running");
	fx_book(db, "GY", "drawdown", "12.345,67", "2025-06-15");
	tu_run(&run, db, "--format", "csv", "check", "--as-of", "02.09.2025", NULL);
	assert_int_equal(run.rc, 0);
	assert_true(tu_contains(run.out, "GY,"));
	assert_true(tu_contains(run.out, ",79,"));
	assert_true(tu_contains(run.out, ",172.61"));
	tu_run_free(&run);
	tu_cleanup(db);
}

/* book --service-date and the CSV column Leistungsdatum: stored on the
 * booking; the booking's warning judges by when the expense arose. */
static void test_service_date_booking(void **state)
{
	char *db = fx_city_db();
	char path[4096];
	struct ft_run run;
	FILE *f;

	(void)state;
	project(db, "PS", "2025-01-01", "2025-12-31", NULL, NULL);
	grant(db, "GS", "PS", "SOE", "10.000,00", "2025-01-01", "2025-12-31", "running");
	/* December salaries paid in January: no warning */
	tu_run(&run, db, "book", "GS", "expenditure", "1.000,00", "--date", "15.01.2026",
	       "--service-date", "31.12.2025", NULL);
	assert_int_equal(run.rc, 0);
	assert_string_equal(run.err, "");
	tu_run_free(&run);
	/* without a service date: the warning asks for it */
	tu_run(&run, db, "book", "GS", "expenditure", "100,00", "--date", "15.01.2026", NULL);
	assert_true(tu_contains(run.err, "expenditure dated 15.01.2026 is outside the approval "
					 "period 01.01.2025 to 31.12.2025 of grant 'GS' and is "
					 "normally not eligible (if it arose in the period, give "
					 "--service-date)"));
	tu_run_free(&run);
	/* a service date outside: refused by it (plausible.h), recorded with
	 * --force and warned */
	tu_fail(db, 1, "expenditure of 100,00 € for 02.01.2026 arose outside the approval "
		       "period 01.01.2025 to 31.12.2025 of grant 'GS'",
		"book", "GS", "expenditure", "100,00", "--date", "15.01.2026", "--service-date",
		"02.01.2026", NULL);
	tu_run(&run, db, "book", "GS", "expenditure", "100,00", "--date", "15.01.2026",
	       "--service-date", "02.01.2026", "--force", NULL);
	assert_int_equal(run.rc, 0);
	assert_true(tu_contains(run.err, "expenditure for 02.01.2026 is outside"));
	tu_run_free(&run);
	tu_fail(db, 1, "--service-date", "book", "GS", "expenditure", "1,00", "--date",
		"15.01.2026", "--service-date", "31.02.2026", NULL);
	tu_fail(db, 2, "takes no --service-date", "book", "--reverses", "1", "--service-date",
		"31.12.2025", NULL);
	tu_assert_query(db, "SELECT group_concat(coalesce(CAST(service_date AS TEXT), '-'), ' ') FROM booking",
			"2025-12-31 - 2026-01-02");

	snprintf(path, sizeof(path), "%s/db.csv", tu_db_dir(db));
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("Aktenzeichen;Datum;Art;Betrag;Leistungsdatum\n"
	      "GS;20.01.2026;Ausgabe;50,00;30.11.2025\n"
	      "GS;21.01.2026;Ausgabe;60,00;\n", f);
	fclose(f);
	tu_ok(db, "import-csv", "bookings", path, NULL);
	tu_assert_query(db, "SELECT group_concat(coalesce(CAST(service_date AS TEXT), '-'), ' ') FROM booking "
			    "WHERE id > 3", "2025-11-30 -");
	remove(path);
	tu_cleanup(db);
}

/* An older database with the single setting: the migration (schema 007)
 * ships the history and leaves the setting out of it (it has no date);
 * 'check' says once that it is superseded; the trail stays intact. */
static void test_old_setting_migrates(void **state)
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
	assert_int_equal(db_exec(raw,
				      "PRAGMA user_version = 2;"
				      "INSERT INTO city (ags, name, own) VALUES ('05913000', 'Dortmund', 1);"
				      "INSERT INTO setting VALUES ('base-rate-bp', '327');"),
			 DB_OK);
	db_close(raw);
	tu_run(&run, db, "check", "--as-of", "01.03.2026", NULL);
	assert_int_equal(run.rc, 0);
	assert_true(tu_contains(run.out, "note: the old setting base-rate (3,27 %) is superseded"));
	tu_run_free(&run);
	tu_assert_query(db, "SELECT count(*) || ' ' || min(valid_from) || ' ' || max(valid_from) "
			    "FROM base_rate", "8 2016-07-01 2026-01-01");
	tu_assert_query(db, "SELECT value FROM setting WHERE key = 'base-rate-bp'", "327");
	tu_ok(db, "audit", "verify", NULL);
	tu_cleanup(db);
}

/* base-rate add refuses what § 247 BGB does not allow, and duplicates. */
static void test_base_rate_command(void **state)
{
	char *db = fx_city_db();
	struct ft_run run;

	(void)state;
	tu_run(&run, db, "base-rate", "add", "15.03.2026", "1,00", NULL);
	assert_int_not_equal(run.rc, 0);
	assert_true(tu_contains(run.err, "the base rate changes only on 1 January and 1 July "
					 "(\xC2\xA7 247 Abs. 1 BGB), not on 15.03.2026 (--force"));
	tu_run_free(&run);
	tu_run(&run, db, "base-rate", "add", "01.01.2026", "1,00", NULL);
	assert_int_not_equal(run.rc, 0);
	assert_true(tu_contains(run.err, "a base rate from '2026-01-01' is already recorded"));
	tu_run_free(&run);
	tu_run(&run, db, "base-rate", "add", "01.07.2026", "abc", NULL);
	assert_int_not_equal(run.rc, 0);
	tu_run_free(&run);
	tu_ok(db, "base-rate", "add", "15.03.2026", "1,00", "--force", "--source", "correction",
	      NULL);
	tu_run(&run, db, "--format", "csv", "base-rate", "list", NULL);
	assert_int_equal(run.rc, 0);
	assert_true(tu_contains(run.out, "from,to,rate,source\n"
					 "2016-07-01,2022-12-31,-0.88,"));
	assert_true(tu_contains(run.out, "2024-01-01,2024-06-30,3.62,derived from"));
	assert_true(tu_contains(run.out, "2026-01-01,2026-03-14,1.27,"));
	assert_true(tu_contains(run.out, "2026-03-15,2026-06-30,1.00,correction\n"));
	tu_run_free(&run);
	/* audited */
	tu_run(&run, db, "audit", "log", NULL);
	assert_true(tu_contains(run.out, "2026-03-15"));
	tu_run_free(&run);
	tu_cleanup(db);
}

static void test_empty_database_has_no_findings(void **state)
{
	char *db = tu_temp_db();
	struct check_result r;
	struct ft_run run;

	(void)state;
	tu_ok(db, "init", NULL);
	run_checks(db, "", &r);
	assert_int_equal(r.nfindings, 0);
	check_result_release(&r);
	tu_run(&run, db, "check", "--as-of", "01.02.2026", "--fail-on", "warning", NULL);
	assert_int_equal(run.rc, 0);
	assert_true(tu_contains(run.out, "(no entries)\nno findings as of 01.02.2026\n"));
	tu_run_free(&run);
	tu_cleanup(db);
}

/* ---- tracing drawdowns ------------------------------------------------------ */

static void test_trace_drawdowns(void **state)
{
	/* Two calendar months (ANBest-G NRW Nr. 1.4, §§ 187, 188 BGB): money
	 * drawn on 10.01.2026 must be used by Tuesday 10.03.2026, money drawn
	 * on 01.02.2026 by Wednesday 01.04.2026 (both working days). */
	struct gs_booking b[] = {
		{ 1, "2026-01-01", GS_EXPENDITURE, EUR(300), 0, "" }, /* pre-financed */
		{ 2, "2026-01-10", GS_DRAWDOWN, EUR(1000), 0, "" },	  /* 300 covered, 700 open */
		{ 3, "2026-01-20", GS_DRAWDOWN, EUR(500), 1, "" },	  /* cancelled pair */
		{ 4, "2026-01-21", GS_DRAWDOWN, EUR(-500), 1, "" },
		{ 5, "2026-02-01", GS_DRAWDOWN, EUR(400), 0, "" },
		{ 6, "2026-03-10", GS_REPAYMENT, EUR(100), 0, "" }, /* 100 of 01-10 on its last day */
		{ 7, "2026-03-11", GS_REPAYMENT, EUR(100), 0, "" }, /* 100 of 01-10: late, 60 days */
		{ 8, "2026-03-12", GS_EXPENDITURE, EUR(600), 0, "" }, /* 500 of 01-10 late (61), 100 of 02-01 */
		{ 9, "2026-03-12", GS_INTEREST, EUR(5), 0, "" },
	};
	static const struct base_rate full_rates[] = { { "2026-01-01", 10000 } };
	const struct gs_rates full = { full_rates, 1, 0 }; /* 100 % a year */
	struct gs_grant g = { 0 };
	struct gs_fifo f;
	struct ft_error err;

	(void)state;
	g.bookings = b;
	g.nbookings = sizeof(b) / sizeof(b[0]);
	g.terms.drawdown_n = 2;
	g.terms.drawdown_unit = CAL_MONTHS;
	g.terms.interest = 1;
	assert_int_equal(gs_trace_drawdowns(&g, "2026-04-01", &full, &f, &err), 0);
	/* open: 300 of 02-01, on its last day 01.04.: not late */
	assert_int_equal(f.nopen, 1);
	assert_string_equal(f.open[0].date, "2026-02-01");
	assert_int_equal(f.open[0].open, EUR(300));
	assert_int_equal(f.late, EUR(600));
	assert_int_equal(f.late_open, 0);
	assert_int_equal(f.max_days, 61);
	/* 100 x 60 + 500 x 61 = 36.500 euro-days at 100 % / 365 = 100,00 € */
	assert_int_equal(f.interest, EUR(100));
	gs_fifo_release(&f);

	/* A day later the 300 of 01.02. are late too (60 days); no rates, no
	 * interest. */
	assert_int_equal(gs_trace_drawdowns(&g, "2026-04-02", NULL, &f, &err), 0);
	assert_int_equal(f.late, EUR(900));
	assert_int_equal(f.late_open, EUR(300));
	assert_int_equal(f.interest, 0);
	gs_fifo_release(&f);

	/* Terms without interest (none shipped has a horizon without it):
	 * late money, no interest. The city's own money: nothing is late. */
	g.terms.interest = 0;
	assert_int_equal(gs_trace_drawdowns(&g, "2026-04-02", &full, &f, &err), 0);
	assert_int_equal(f.late, EUR(900));
	assert_int_equal(f.interest, 0);
	gs_fifo_release(&f);
	g.terms.drawdown_n = 0;
	assert_int_equal(gs_trace_drawdowns(&g, "2026-04-02", &full, &f, &err), 0);
	assert_int_equal(f.late, 0);
	assert_int_equal(f.interest, 0);
	gs_fifo_release(&f);
}

static void test_interest_rounding(void **state)
{
	(void)state;
	assert_int_equal(interest_simple(EUR(36500), 500, 100), EUR(500));
	assert_int_equal(interest_simple(100, 10000, 365), 100);
	/* 1 cent x 5 % x 3650 days = 0,5 cent: rounds half up */
	assert_int_equal(interest_simple(1, 500, 3650), 1);
	assert_int_equal(interest_simple(1, 500, 3649), 0);
	assert_int_equal(interest_simple(0, 500, 100), 0);
	/* large amounts do not overflow: 10 billion euros for 10 years */
	assert_int_equal(interest_simple(INT64_C(1000000000000), 10000, 3650), INT64_C(10000000000000));
}

/* ---- the commands --------------------------------------------------------------- */

static void test_check_command(void **state)
{
	struct ft_run r;

	(void)state;
	tu_run(&r, rules_db, "check", "--as-of", "15.06.2026", NULL);
	assert_int_equal(r.rc, 0);
	assert_true(tu_contains(r.out, "Severity  Rule")); /* English: the tests' locale */
	assert_true(tu_contains(r.out, "error     FT-PROJECT-OVERFUNDED      PF              approved"));
	assert_true(tu_contains(r.out, "4 errors, 25 warnings, 6 notes as of 15.06.2026\n"));
	tu_run_free(&r);

	tu_run(&r, rules_db, "--format", "json", "check", "--as-of", AS_OF, NULL);
	assert_int_equal(r.rc, 0);
	assert_true(tu_contains(r.out, "{\"severity\": \"warning\", \"rule\": \"FT-IDLE-FUNDS\", "
				       "\"project\": \"PI\", \"grant\": \"GI\", \"message\": "
				       "\"20.000,00 € drawn down"));
	assert_true(tu_contains(r.out, "\"amount\": \"20000.00\", \"days\": 105, \"date\": null, "
				       "\"interest\": \"307.49\", \"key\": \"FT-IDLE-FUNDS:grant/GI\", "
				       "\"acknowledged\": \"no\", \"ack_reason\": null}"));
	assert_true(tu_contains(r.out, "\"rule\": \"FT-CHAIN-GAP\", \"project\": \"PC2\", "
				       "\"grant\": null"));
	tu_run_free(&r);

	tu_run(&r, rules_db, "--format", "csv", "check", "--as-of", AS_OF, NULL);
	assert_int_equal(r.rc, 0);
	assert_true(tu_contains(r.out, "severity,rule,project,grant,message,amount,days,date,"
				       "interest,key,acknowledged,ack_reason\n"));
	assert_true(tu_contains(r.out, "error,FT-PROOF-OVERDUE,PP,GP2,"));
	tu_run_free(&r);

	tu_run(&r, rules_db, "check", "--as-of", AS_OF, "--fail-on", "error", NULL);
	assert_int_equal(r.rc, 1);
	assert_true(tu_contains(r.err, "fundtrack: 4 findings of severity error (--fail-on "
				       "error) ["));
	assert_true(tu_contains(r.err, msg_id("%zu finding of severity error (--fail-on %s)")));
	tu_run_free(&r);
	tu_run(&r, rules_db, "check", "--as-of", AS_OF, "--fail-on", "warning", NULL);
	assert_int_equal(r.rc, 1);
	assert_true(tu_contains(r.err, "29 findings of severity warning or error"));
	tu_run_free(&r);

	tu_run(&r, rules_db, "check", "--rules", NULL);
	assert_int_equal(r.rc, 0);
	assert_true(tu_contains(r.out, "FT-IDLE-FUNDS"));
	assert_true(tu_contains(r.out, "FT-CHAIN-GAP"));
	tu_run_free(&r);

	tu_fail(rules_db, 2, "invalid --fail-on 'errors': expected error or warning", "check",
		"--fail-on", "errors", NULL);
	tu_fail(rules_db, 1, "--as-of", "check", "--as-of", "2026-13-01", NULL);
	tu_fail(rules_db, 2, "unexpected argument 'now'", "check", "now", NULL);
}

/* Only warnings: --fail-on error passes, --fail-on warning fails. */
static void test_fail_on_warnings_only(void **state)
{
	char *db = fx_city_db();
	struct ft_run r;

	(void)state;
	project(db, "PC1", "2024-01-01", "2024-12-31", NULL, NULL);
	project(db, "PC2", "2025-02-01", "2025-12-31", NULL, "PC1");
	tu_run(&r, db, "check", "--fail-on", "error", NULL);
	assert_int_equal(r.rc, 0);
	assert_true(tu_contains(r.out, "0 errors, 1 warning as of"));
	tu_run_free(&r);
	tu_run(&r, db, "check", "--fail-on", "warning", NULL);
	assert_int_equal(r.rc, 1);
	assert_true(tu_contains(r.err, "1 finding of severity warning or error"));
	tu_run_free(&r);
	tu_cleanup(db);
}

static void test_proof_command(void **state)
{
	char *db = fx_city_db();
	struct ft_run r;

	(void)state;
	project(db, "P", "2024-07-01", "2026-06-30", NULL, NULL);
	grant(db, "G", "P", "SOE", "1.000,00", "2024-07-01", "2026-06-30", "running");
	grant(db, "G-APP", "P", "SOE", "1.000,00", "2024-07-01", "2026-06-30", "applied");
	grant(db, "G-ONE", "P", "SOE", "1.000,00", "2025-01-01", "2025-12-31", "running");
	tu_ok(db, "proof", "add", "G", "interim", "2024", "--date", "28.04.2025", "--note",
	      "per Post", NULL);
	tu_ok(db, "proof", "add", "G", "interim", "2025", "--date", "2026-04-29", NULL);
	tu_ok(db, "proof", "add", "G", "final", "--date", "2026-12-01", NULL);

	tu_fail(db, 1, "the interim proof 2024 of grant 'G' is already recorded (28.04.2025)",
		"proof", "add", "G", "interim", "2024", "--date", "2025-04-29", NULL);
	tu_fail(db, 1, "the final proof of grant 'G' is already recorded (01.12.2026)", "proof",
		"add", "G", "final", "--date", "2026-12-02", NULL);
	tu_fail(db, 1, "invalid interim proof year 2026 for grant 'G': it runs through the years "
		       "2024 to 2025",
		"proof", "add", "G", "interim", "2026", "--date", "2027-04-01", NULL);
	tu_fail(db, 1, "grant 'G-ONE' ends in the year it starts", "proof", "add", "G-ONE",
		"interim", "2025", "--date", "2026-04-01", NULL);
	tu_fail(db, 1, "grant 'G-APP' is 'applied': proofs of use belong to approved grants",
		"proof", "add", "G-APP", "final", "--date", "2026-12-01", NULL);
	tu_fail(db, 1, "proof date 30.06.2024 is before the approval period of grant 'G-ONE' "
		       "starts (01.01.2025)",
		"proof", "add", "G-ONE", "final", "--date", "2024-06-30", NULL);
	tu_fail(db, 1, "no grant 'NOPE' in this city", "proof", "add", "NOPE", "final", "--date",
		"2026-12-01", NULL);
	tu_fail(db, 1, "--date", "proof", "add", "G-ONE", "final", "--date", "2026-02-30", NULL);
	tu_fail(db, 1, "invalid fiscal year 'x'", "proof", "add", "G-ONE", "interim", "x",
		"--date", "2026-02-01", NULL);
	tu_fail(db, 2, "'proof add' needs REF, final or interim YEAR, and --date", "proof", "add",
		"G", "final", NULL);
	tu_fail(db, 2, "'proof add' needs REF final, or REF interim YEAR (got 'interim')", "proof",
		"add", "G", "interim", "--date", "2026-01-01", NULL);
	tu_fail(db, 2, "(got 'finale')", "proof", "add", "G", "finale", "--date", "2026-01-01",
		NULL);
	tu_fail(db, 2, "(got 'final')", "proof", "add", "G", "final", "2025", "--date",
		"2026-01-01", NULL);

	tu_run(&r, db, "--format", "csv", "proof", "list", NULL);
	assert_int_equal(r.rc, 0);
	assert_string_equal(r.out, "grant,project,kind,year,submitted,note\n"
				   "G,P,interim,2024,2025-04-28,per Post\n"
				   "G,P,interim,2025,2026-04-29,\n"
				   "G,P,final,,2026-12-01,\n");
	tu_run_free(&r);
	tu_cleanup(db);
}

/* ---- the demo --------------------------------------------------------------- */

/* The demo is built relative to today: on every one of these days it must
 * show a finding of every rule (QUA-1's purpose was fulfilled ten days short
 * of six months ago: its proof is due; QUA-2's is overdue; April: interim
 * proofs are due within 30 days). */
static void test_demo_shows_every_rule(void **state)
{
	static const char *const days[] = { "2026-11-24", "2026-08-30", "2027-04-15" };
	char *saved = getenv("FUNDTRACK_TODAY") ? strdup(getenv("FUNDTRACK_TODAY")) : NULL;

	(void)state;
	for (size_t d = 0; d < sizeof(days) / sizeof(days[0]); d++) {
		char *db = tu_temp_db();
		struct ft_run r;

		setenv("FUNDTRACK_TODAY", days[d], 1);
		tu_ok(db, "demo", NULL);
		tu_run(&r, db, "--format", "csv", "check", NULL);
		assert_int_equal(r.rc, 0);
		for (size_t i = 0; i < check_nrules; i++) {
			char needle[64];

			/* no command lets such an amount in (test_overflow.c) */
			if (strcmp(check_rules[i]->id, "FT-AMOUNT-RANGE") == 0)
				continue;
			/* figures that cannot be true make the demo's export an
			 * invalid delivery (test_exchange.c round trip): the
			 * plausibility rules have hand-made tests instead */
			if (check_rules[i]->severity == RULE_ERROR &&
			    (check_rules[i]->scope & RULE_FILE) &&
			    strcmp(check_rules[i]->id, "FT-SPEND-OUTSIDE-PERIOD") != 0)
				continue;
			snprintf(needle, sizeof(needle), ",%s,", check_rules[i]->id);
			if (!strstr(r.out, needle))
				fail_msg("demo on %s: no finding of %s", days[d], check_rules[i]->id);
		}
		tu_run_free(&r);
		tu_cleanup(db);
	}
	if (saved) {
		setenv("FUNDTRACK_TODAY", saved, 1);
		free(saved);
	} else {
		unsetenv("FUNDTRACK_TODAY");
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_rule_fires_and_nothing_else),
		cmocka_unit_test(test_idle_funds_figures),
		cmocka_unit_test(test_booking_and_decision_messages),
		cmocka_unit_test(test_deadline_rules_and_boundaries),
		cmocka_unit_test(test_base_rate_variants),
		cmocka_unit_test(test_interest_two_base_rates),
		cmocka_unit_test(test_base_rate_command),
		cmocka_unit_test(test_service_date_booking),
		cmocka_unit_test(test_old_setting_migrates),
		cmocka_unit_test(test_empty_database_has_no_findings),
		cmocka_unit_test(test_trace_drawdowns),
		cmocka_unit_test(test_interest_rounding),
		cmocka_unit_test(test_check_command),
		cmocka_unit_test(test_fail_on_warnings_only),
		cmocka_unit_test(test_proof_command),
		cmocka_unit_test(test_demo_shows_every_rule),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
