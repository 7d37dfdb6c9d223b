/* test_lifecycle.c - a grant's life after the decision (issue 13):
 * conditions (Auflagen) with their deadlines, amendments, overdue items in
 * 'deadlines' and its iCalendar file, acknowledged findings of 'check'
 * and the status the dates suggest. Every figure is computed by hand in
 * the comment beside it. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "figures_fixture.h"
#include "test_report_tools.h"
#include "testutil.h"

#define SYSTEM_FONT "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"

static char *db;

/* Project PL with
 *   GL1  SOE 10.000,00  01.01.2024-31.12.2024 running, alloc 2024 10.000
 *        condition 1 due 28.02.2024 (leap year), condition 2 due 20.03.2024
 *   GL2  BUND 5.000,00  01.01.2024-31.12.2024 approved, alloc 2024 5.000
 * Checked as of 01.03.2024 unless a test says otherwise. */
static int setup(void **state)
{
	(void)state;
	setenv("FUNDTRACK_TODAY", "2026-11-24", 1);
	db = fx_city_db();
	tu_ok(db, "project", "add", "PL", "Lebenslauf einer Zuwendung", "--field", "language",
	      "--from", "2024-01-01", "--to", "2025-12-31", NULL);
	tu_ok(db, "grant", "add", "GL1", "--project", "PL", "--programme", "SOE", "--amount",
	      "10.000,00", "--from", "01.01.2024", "--to", "31.12.2024", "--status", "running",
	      "--decided", "15.12.2023", NULL);
	fx_alloc(db, "GL1", "2024", "10.000,00");
	fx_grant(db, "GL2", "PL", "BUND", "5.000,00", "2024-01-01", "2024-12-31", "approved");
	fx_alloc(db, "GL2", "2024", "5.000,00");
	tu_ok(db, "grant", "condition", "add", "GL1", "Brandschutznachweis vorlegen", "--due",
	      "28.02.2024", NULL);
	tu_ok(db, "grant", "condition", "add", "GL1", "Kooperationsvertrag vorlegen", "--due",
	      "2024-03-20", "--note", "mit dem Jobcenter", NULL);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	tu_cleanup(db);
	return 0;
}

/* Unfolds an RFC 5545 file after checking its lines: CRLF endings, at
 * most 75 octets, continuation lines not splitting a UTF-8 character
 * (RFC 5545 section 3.1). The same checks as test_deadlines.c. */
static char *check_and_unfold(const char *ics)
{
	char *out = malloc(strlen(ics) + 1);
	size_t used = 0;

	assert_non_null(out);
	for (const char *line = ics; *line;) {
		const char *crlf = strstr(line, "\r\n");
		size_t len;

		assert_non_null(crlf);
		len = (size_t)(crlf - line);
		assert_null(memchr(line, '\n', len));
		assert_true(len <= 75);
		if (line[0] == ' ') {
			assert_true(((unsigned char)line[1] & 0xc0) != 0x80);
			used--;
			memcpy(out + used, line + 1, len - 1);
			used += len - 1;
		} else {
			memcpy(out + used, line, len);
			used += len;
		}
		out[used++] = '\n';
		line = crlf + 2;
	}
	out[used] = '\0';
	return out;
}

static char *read_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *text;
	long size;

	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	fseek(f, 0, SEEK_SET);
	text = malloc((size_t)size + 1);
	assert_non_null(text);
	assert_int_equal(fread(text, 1, (size_t)size, f), (size_t)size);
	text[size] = '\0';
	fclose(f);
	return text;
}

/* ---- conditions and overdue deadlines ---------------------------------------- */

static void test_condition_deadlines_leap_year(void **state)
{
	struct ft_run r;

	(void)state;
	/* 2024 is a leap year: 28.02. -> 29.02. -> 01.03. = 2 days overdue;
	 * 01.03. -> 20.03. = 19 days left. */
	tu_run(&r, db, "deadlines", "--as-of", "01.03.2024", "--days", "30", NULL);
	assert_int_equal(r.rc, 0);
	/* English (the tests' locale); German in test_i18n */
	assert_true(tu_contains(r.out, "Deadlines up to 31.03.2024 and overdue ones (as of "
				       "01.03.2024)"));
	assert_true(tu_contains(r.out, "28.02.2024           2 days ago  condition  PL       "
				       "GL1"));
	assert_true(tu_contains(r.out, "condition 1: Brandschutznachweis vorlegen"));
	assert_true(tu_contains(r.out, "20.03.2024       19              condition"));
	assert_true(tu_contains(r.out, "1 of them overdue"));
	tu_run_free(&r);

	/* csv: days_left empty for the overdue item, days_overdue empty for
	 * the upcoming one. */
	tu_run(&r, db, "--format", "csv", "deadlines", "--as-of", "2024-03-01", "--days", "30",
	       NULL);
	assert_int_equal(r.rc, 0);
	assert_true(tu_contains(r.out, "2024-02-28,,2,condition,PL,GL1,SOE,,"
				       "condition 1: Brandschutznachweis vorlegen\n"));
	assert_true(tu_contains(r.out, "2024-03-20,19,,condition,PL,GL1,SOE,,"
				       "condition 2: Kooperationsvertrag vorlegen\n"));
	tu_run_free(&r);

	/* --overdue only / hide */
	tu_run(&r, db, "--format", "csv", "deadlines", "--as-of", "2024-03-01", "--overdue", "only",
	       NULL);
	assert_true(tu_contains(r.out, "2024-02-28,,2,condition"));
	assert_null(strstr(r.out, "2024-03-20"));
	tu_run_free(&r);
	tu_run(&r, db, "--format", "csv", "deadlines", "--as-of", "2024-03-01", "--overdue", "hide",
	       NULL);
	assert_null(strstr(r.out, "2024-02-28"));
	assert_true(tu_contains(r.out, "2024-03-20,19,,condition"));
	tu_run_free(&r);
}

static void test_overdue_days_across_month_ends(void **state)
{
	struct ft_run r;

	(void)state;
	/* 28.02.2024 -> 01.04.2024: 1 (29.02.) + 31 (March) + 1 = 33 days. */
	tu_run(&r, db, "--format", "json", "deadlines", "--as-of", "2024-04-01", "--overdue",
	       "only", NULL);
	assert_true(tu_contains(r.out, "{\"date\": \"2024-02-28\", \"days_left\": null, "
				       "\"days_overdue\": 33, \"kind\": \"condition\""));
	/* 20.03.2024 -> 01.04.2024: 11 (21.-31.03.) + 1 = 12 days. */
	assert_true(tu_contains(r.out, "{\"date\": \"2024-03-20\", \"days_left\": null, "
				       "\"days_overdue\": 12, \"kind\": \"condition\""));
	tu_run_free(&r);

	/* check says the same: 33 days ago, as a key with the condition. */
	tu_run(&r, db, "--format", "csv", "check", "--as-of", "2024-04-01", NULL);
	assert_true(tu_contains(r.out, "error,FT-CONDITION-OVERDUE,PL,GL1,\"condition 1 "
				       "\"\"Brandschutznachweis vorlegen\"\" was due on 28.02.2024, "
				       "33 days ago,"));
	assert_true(tu_contains(r.out, ",33,2024-02-28,,FT-CONDITION-OVERDUE:grant/GL1:condition-1,"
				       "no,\n"));
	tu_run_free(&r);
}

static void test_condition_singular_day_non_leap_year(void **state)
{
	char *local = fx_city_db();
	struct ft_run r;

	(void)state;
	/* 2025 is no leap year: 28.02. -> 01.03. is 1 day ("1 day ago");
	 * 31.01. -> 03.03.: 28 (to 28.02.) + 3 = 31 days. */
	tu_ok(local, "project", "add", "PX", "Kurz", "--field", "language", NULL);
	fx_grant(local, "GX", "PX", "SOE", "1.000,00", "2025-01-01", "2025-12-31", "running");
	tu_ok(local, "grant", "condition", "add", "GX", "Bericht", "--due", "2025-02-28", NULL);
	tu_ok(local, "grant", "condition", "add", "GX", "Konzept", "--due", "31.01.2025", NULL);
	tu_run(&r, local, "deadlines", "--as-of", "01.03.2025", "--overdue", "only", NULL);
	assert_true(tu_contains(r.out, " 1 day ago "));
	assert_true(tu_contains(r.out, "29 days ago"));
	tu_run_free(&r);
	tu_run(&r, local, "--format", "csv", "deadlines", "--as-of", "03.03.2025", "--overdue",
	       "only", NULL);
	assert_true(tu_contains(r.out, "2025-01-31,,31,condition"));
	assert_true(tu_contains(r.out, "2025-02-28,,3,condition"));
	tu_run_free(&r);
	tu_cleanup(local);
}

static void test_overdue_in_icalendar(void **state)
{
	struct tu_scratch s;
	char *ics, *text;

	(void)state;
	tu_scratch_open(&s, "fristen.ics");
	tu_ok(db, "deadlines", "--as-of", "01.03.2024", "--days", "30", "--ics", s.path, NULL);
	ics = read_file(s.path);
	text = check_and_unfold(ics);
	assert_true(tu_contains(text, "UID:GL1-condition-1-20240228@fundtrack\n"));
	assert_true(tu_contains(text, "SUMMARY:Überfällig: Auflage: PL (GL1)\n"));
	assert_true(tu_contains(text, "Frist: 28.02.2024\\nÜberfällig seit 2 Tagen (Stand "
				      "01.03.2024)\\nAuflage 1: Brandschutznachweis vorlegen\n"));
	/* the upcoming one is not marked */
	assert_true(tu_contains(text, "SUMMARY:Auflage: PL (GL1)\n"));
	assert_true(tu_contains(text, "UID:GL1-condition-2-20240320@fundtrack\n"));
	/* VEVENT blocks balanced */
	{
		size_t begins = 0, ends = 0;

		for (const char *p = text; (p = strstr(p, "BEGIN:VEVENT\n")); p++)
			begins++;
		for (const char *p = text; (p = strstr(p, "END:VEVENT\n")); p++)
			ends++;
		assert_int_equal(begins, ends);
		assert_true(begins >= 2);
	}
	free(text);
	free(ics);
	tu_scratch_close(&s);
}

static void test_condition_done_and_errors(void **state)
{
	char *local = fx_city_db();
	struct ft_run r;

	(void)state;
	tu_ok(local, "project", "add", "PC", "Auflagen", "--field", "language", NULL);
	fx_grant(local, "GC", "PC", "SOE", "1.000,00", "2024-01-01", "2024-12-31", "running");
	fx_grant(local, "GA", "PC", "SOE", "1.000,00", "2024-01-01", "2024-12-31", "applied");
	tu_ok(local, "grant", "condition", "add", "GC", "Bericht", "--due", "2024-02-28", NULL);

	tu_fail(local, 1, "no grant 'NOPE' in this city", "grant", "condition", "add", "NOPE",
		"Bericht", "--due", "2024-02-28", NULL);
	tu_fail(local, 1, "--due: invalid date '30.02.2024'", "grant", "condition", "add", "GC",
		"Bericht", "--due", "30.02.2024", NULL);
	tu_fail(local, 1, "grant 'GA' is 'applied': conditions belong to a decision", "grant",
		"condition", "add", "GA", "Bericht", "--due", "2024-02-28", NULL);
	tu_fail(local, 1, "the condition's text must not be empty", "grant", "condition", "add",
		"GC", "  ", "--due", "2024-02-28", NULL);
	tu_fail(local, 2, "needs --due DATE", "grant", "condition", "add", "GC", "Bericht", NULL);
	tu_fail(local, 2, "--date belongs to 'grant condition done'", "grant", "condition", "add",
		"GC", "Bericht", "--due", "2024-02-28", "--date", "2024-02-01", NULL);
	tu_fail(local, 1, "grant 'GC' has no condition 7", "grant", "condition", "done", "GC", "7",
		"--date", "2024-02-20", NULL);
	tu_fail(local, 1, "invalid condition ID 'x'", "grant", "condition", "done", "GC", "x",
		"--date", "2024-02-20", NULL);
	tu_fail(local, 1, "no grant 'NOPE' in this city", "grant", "condition", "list", "NOPE",
		NULL);

	tu_ok(local, "grant", "condition", "done", "GC", "1", "--date", "20.02.2024", NULL);
	tu_fail(local, 1, "condition 1 of grant 'GC' is already met (20.02.2024)", "grant",
		"condition", "done", "GC", "1", "--date", "2024-02-21", NULL);
	/* met: no deadline, no finding */
	tu_run(&r, local, "--format", "csv", "deadlines", "--as-of", "2024-03-01", NULL);
	assert_null(strstr(r.out, "condition"));
	tu_run_free(&r);
	/* met after the as-of day: still open on that day */
	tu_run(&r, local, "--format", "csv", "deadlines", "--as-of", "2024-02-19", NULL);
	assert_true(tu_contains(r.out, "2024-02-28,9,,condition"));
	tu_run_free(&r);
	tu_run(&r, local, "--format", "csv", "grant", "condition", "list", "GC", NULL);
	assert_string_equal(r.out, "grant,id,text,due,done,state,note\n"
				   "GC,1,Bericht,2024-02-28,2024-02-20,met,\n");
	tu_run_free(&r);
	/* audited: the insert and the update */
	tu_assert_query(local, "SELECT count(*) FROM audit_log WHERE table_name = "
			       "'grant_condition'", "2");
	tu_assert_query(local, "SELECT action FROM audit_log WHERE table_name = 'grant_condition' "
			       "ORDER BY id DESC LIMIT 1", "update");
	tu_cleanup(local);
}

/* ---- amendments ---------------------------------------------------------- */

static void test_amendment(void **state)
{
	char *local = fx_city_db();
	struct ft_run r;

	(void)state;
	tu_ok(local, "project", "add", "PA", "Geändert", "--field", "language", NULL);
	tu_ok(local, "grant", "add", "GA", "--project", "PA", "--programme", "SOE", "--amount",
	      "10.000,00", "--from", "01.01.2024", "--to", "31.12.2024", "--status", "running",
	      "--decided", "15.12.2023", "--rate", "20", NULL);

	tu_run(&r, local, "grant", "amend", "GA", "--ref", "GA-Ä1", "--date", "01.06.2024",
	       "--amount", "12.500,00", "--to", "30.06.2025", NULL);
	assert_int_equal(r.rc, 0);
	assert_true(tu_contains(r.out, "recorded amendment 'GA-Ä1' of 01.06.2024\n"));
	assert_true(tu_contains(r.out, "period_to: 31.12.2024 → 30.06.2025"));
	assert_true(tu_contains(r.out, "approved: 10.000,00 € → 12.500,00 €"));
	tu_run_free(&r);
	tu_ok(local, "grant", "amend", "GA", "--ref", "GA-Ä2", "--date", "2024-09-01", "--rate",
	      "25", "--note", "Quote erhöht", NULL);

	tu_run(&r, local, "--format", "csv", "grant", "show", "GA", NULL);
	assert_int_equal(r.rc, 0);
	assert_true(tu_contains(r.out, "2025-06-30,12500.00,"));
	assert_true(tu_contains(r.out, "date,reference,approved_old,approved_new,to_old,to_new,"
				       "rate_changed,rate_old,rate_new,note\n"
				       "2024-06-01,GA-Ä1,10000.00,12500.00,2024-12-31,2025-06-30,"
				       "false,,,\n"
				       "2024-09-01,GA-Ä2,,,,,true,20.00,25.00,Quote erhöht\n"));
	tu_run_free(&r);
	/* the period end moved: the deadline follows */
	tu_run(&r, local, "--format", "csv", "deadlines", "--as-of", "2025-06-01", "--days", "60",
	       NULL);
	assert_true(tu_contains(r.out, "2025-06-30,29,,period-end,PA,GA"));
	tu_run_free(&r);
	/* audited: two amendments, two changes of the grant */
	tu_assert_query(local, "SELECT count(*) FROM audit_log WHERE table_name = "
			       "'grant_amendment'", "2");
	tu_assert_query(local, "SELECT count(*) FROM audit_log WHERE table_name = 'grant' AND "
			       "action = 'update'", "2");

	/* errors leave the database unchanged (one transaction) */
	tu_fail(local, 1, "no grant 'NOPE' in this city", "grant", "amend", "NOPE", "--ref", "X",
		"--date", "2024-06-01", "--amount", "1,00", NULL);
	tu_fail(local, 1, "amendment 'GA-Ä1' of grant 'GA' is already recorded", "grant", "amend",
		"GA", "--ref", "GA-Ä1", "--date", "2024-07-01", "--amount", "1,00", NULL);
	tu_fail(local, 1, "amendment 'GA-Ä3' changes nothing", "grant", "amend", "GA", "--ref",
		"GA-Ä3", "--date", "2024-07-01", "--amount", "12.500,00", NULL);
	tu_fail(local, 1, "amendment 'GA-Ä3' of 01.12.2023 is dated before the decision of grant "
			  "'GA' (15.12.2023)",
		"grant", "amend", "GA", "--ref", "GA-Ä3", "--date", "2023-12-01", "--amount",
		"1,00", NULL);
	tu_fail(local, 1, "would end 30.06.2023 before it starts 01.01.2024", "grant", "amend", "GA",
		"--ref", "GA-Ä3", "--date", "2024-07-01", "--to", "2023-06-30", NULL);
	tu_fail(local, 1, "--date: invalid date '31.04.2024'", "grant", "amend", "GA", "--ref",
		"GA-Ä3", "--date", "31.04.2024", "--amount", "1,00", NULL);
	tu_fail(local, 2, "needs --amount, --to or --rate", "grant", "amend", "GA", "--ref",
		"GA-Ä3", "--date", "2024-07-01", NULL);
	tu_cleanup(local);
}

/* ---- acknowledged findings ----------------------------------------------------- */

static void test_ack_hides_and_lapses(void **state)
{
	char *local = fx_city_db();
	struct ft_run r;

	(void)state;
	tu_ok(local, "project", "add", "PK", "Quittung", "--field", "language", NULL);
	fx_grant(local, "GK", "PK", "SOE", "10.000,00", "2024-01-01", "2024-12-31", "running");
	fx_alloc(local, "GK", "2024", "10.000,00");
	/* drawn the 10.000 and spent 12.000: FT-SPENT-ABOVE-GRANT, 2.000 above
	 * (drawn in full, so not FT-SPENT-ABOVE-DRAWN: 12.000 <= 10.000 drawn
	 * + 10.000 pre-financing) */
	fx_book(local, "GK", "drawdown", "10.000,00", "2024-02-01");
	fx_book(local, "GK", "expenditure", "12.000,00", "2024-02-10");

	tu_run(&r, local, "check", "--as-of", "2024-03-01", "--fail-on", "warning", NULL);
	assert_int_equal(r.rc, 1);
	assert_true(tu_contains(r.out, "FT-SPENT-ABOVE-GRANT:grant/GK"));
	assert_true(tu_contains(r.out, "0 errors, 1 warning as of 01.03.2024\n"));
	tu_run_free(&r);

	/* not a current finding, an unknown rule, no reason: refused */
	tu_fail(local, 1, "'FT-PROOF-OVERDUE:grant/GK:final' is not a current finding", "check",
		"ack", "FT-PROOF-OVERDUE", "grant/GK:final", "--reason", "x", "--as-of",
		"2024-03-01", NULL);
	tu_fail(local, 1, "unknown rule 'FT-NOPE'", "check", "ack", "FT-NOPE", "grant/GK",
		"--reason", "x", NULL);
	tu_fail(local, 2, "'check ack' needs --reason TEXT", "check", "ack",
		"FT-SPENT-ABOVE-GRANT", "grant/GK", NULL);
	tu_fail(local, 1, "no acknowledgement of 'FT-SPENT-ABOVE-GRANT:grant/GK'", "check",
		"unack", "FT-SPENT-ABOVE-GRANT", "grant/GK", NULL);

	tu_ok(local, "check", "ack", "FT-SPENT-ABOVE-GRANT", "grant/GK", "--reason",
	      "Eigenmittel laut Ratsbeschluss", "--as-of", "2024-03-01", NULL);
	tu_run(&r, local, "check", "--as-of", "2024-03-01", "--fail-on", "warning", NULL);
	assert_int_equal(r.rc, 0);
	assert_null(strstr(r.out, "FT-SPENT-ABOVE-GRANT"));
	assert_true(tu_contains(r.out, "no findings as of 01.03.2024; 1 acknowledged finding hidden "
				       "('fundtrack check --all' lists them)\n"));
	tu_run_free(&r);
	tu_run(&r, local, "check", "--as-of", "2024-03-01", "--all", NULL);
	assert_true(tu_contains(r.out, "yes: Eigenmittel laut Ratsbeschluss"));
	tu_run_free(&r);
	tu_run(&r, local, "--format", "csv", "check", "ack", "--list", "--as-of", "2024-03-01",
	       NULL);
	assert_string_equal(r.out, "key,acked_on,reason,state,figures\n"
				   "FT-SPENT-ABOVE-GRANT:grant/GK,2026-11-24,"
				   "Eigenmittel laut Ratsbeschluss,holds,amount=200000\n");
	tu_run_free(&r);

	/* days passing change nothing: a month later it still holds */
	tu_ok(local, "check", "--as-of", "2024-04-01", "--fail-on", "warning", NULL);

	/* a new expenditure of 500: 2.500 above, the acknowledgement lapses */
	fx_book(local, "GK", "expenditure", "500,00", "2024-02-20");
	tu_run(&r, local, "--format", "csv", "check", "--as-of", "2024-03-01", "--fail-on",
	       "warning", NULL);
	assert_int_equal(r.rc, 1);
	assert_true(tu_contains(r.out, ",2500.00,,,,FT-SPENT-ABOVE-GRANT:grant/GK,lapsed,"
				       "Eigenmittel laut Ratsbeschluss\n"));
	tu_run_free(&r);
	tu_run(&r, local, "check", "--as-of", "2024-03-01", NULL);
	assert_true(tu_contains(r.out, "lapsed (figures changed): Eigenmittel laut"));
	tu_run_free(&r);

	/* acknowledged again (the full key works too), then withdrawn */
	tu_ok(local, "check", "ack", "FT-SPENT-ABOVE-GRANT:grant/GK", "--reason", "geprüft",
	      "--as-of", "2024-03-01", NULL);
	tu_ok(local, "check", "--as-of", "2024-03-01", "--fail-on", "warning", NULL);
	tu_ok(local, "check", "unack", "FT-SPENT-ABOVE-GRANT", "FT-SPENT-ABOVE-GRANT:grant/GK", NULL);
	tu_fail(local, 1, "", "check", "--as-of", "2024-03-01", "--fail-on", "warning", NULL);
	/* audited: insert, update (re-acknowledged), delete */
	tu_assert_query(local, "SELECT group_concat(action, ',') FROM (SELECT action FROM "
			       "audit_log WHERE table_name = 'check_ack' ORDER BY id)",
			"insert,update,delete");
	tu_cleanup(local);
}

static void test_keys_of_findings(void **state)
{
	struct ft_run r;

	(void)state;
	tu_run(&r, db, "--format", "json", "check", "--as-of", "2024-03-01", NULL);
	assert_int_equal(r.rc, 0);
	assert_true(tu_contains(r.out, "\"key\": \"FT-CONDITION-OVERDUE:grant/GL1:condition-1\""));
	assert_true(tu_contains(r.out, "\"key\": \"FT-CONDITION-DUE:grant/GL1:condition-2\""));
	assert_true(tu_contains(r.out, "\"key\": \"FT-STATUS-SUGGESTED:grant/GL2:running\""));
	tu_run_free(&r);
}

/* ---- the status the dates suggest -------------------------------------------------- */

static void test_status_suggested(void **state)
{
	char *local = fx_city_db();
	struct ft_run r;

	(void)state;
	tu_ok(local, "project", "add", "PS", "Status", "--field", "language", NULL);
	fx_grant(local, "GS1", "PS", "SOE", "1.000,00", "2024-03-01", "2024-12-31", "approved");
	fx_grant(local, "GS2", "PS", "SOE", "1.000,00", "2023-01-01", "2023-12-31", "proof-due");
	fx_alloc(local, "GS1", "2024", "1.000,00");
	fx_alloc(local, "GS2", "2023", "1.000,00");

	/* the day before the period starts: nothing; on its first day: running */
	tu_run(&r, local, "--format", "csv", "check", "--as-of", "2024-02-29", NULL);
	assert_null(strstr(r.out, "FT-STATUS-SUGGESTED,PS,GS1"));
	tu_run_free(&r);
	tu_run(&r, local, "--format", "csv", "check", "--as-of", "2024-03-01", NULL);
	assert_true(tu_contains(r.out, "info,FT-STATUS-SUGGESTED,PS,GS1,status 'approved' could "
				       "become 'running': the approval period started on 01.03.2024"));
	/* proof-due without its final proof: no suggestion yet */
	assert_null(strstr(r.out, "FT-STATUS-SUGGESTED,PS,GS2"));
	tu_run_free(&r);

	tu_ok(local, "proof", "add", "GS2", "final", "--date", "2024-05-15", NULL);
	tu_run(&r, local, "--format", "csv", "check", "--as-of", "2024-06-01", "--fail-on",
	       "warning", NULL);
	assert_true(tu_contains(r.out, "info,FT-STATUS-SUGGESTED,PS,GS2,status 'proof-due' could "
				       "become 'closed': the final proof of use was submitted on "
				       "15.05.2024"));
	tu_run_free(&r);
	/* grant show says it too, and nothing is changed */
	tu_run(&r, local, "grant", "show", "GS1", NULL);
	assert_true(tu_contains(r.out, "suggested status: 'running' (the approval period started "
				       "on 01.03.2024): 'fundtrack grant status GS1 running'\n"));
	tu_run_free(&r);
	tu_assert_query(local, "SELECT status FROM \"grant\" WHERE ref = 'GS1'", "approved");
	tu_cleanup(local);
}

/* The status report lists the overdue condition in words and the
 * upcoming one with its days left. */
static void test_status_report_lists_conditions(void **state)
{
	char path[256], *text;
	struct ft_run r;

	(void)state;
	if (rt_no_tools(SYSTEM_FONT))
		tu_skip(RT_NO_TOOLS);
	rt_path_next_to(db, "status.pdf", path, sizeof(path));
	tu_run(&r, db, "report", "status", "--as-of", "01.03.2024", "-o", path, NULL);
	assert_int_equal(r.rc, 0);
	tu_run_free(&r);
	text = rt_pdftotext(path, 0, 0);
	assert_non_null(text);
	assert_true(tu_contains(text, "seit 2 Tagen überfällig"));
	assert_true(tu_contains(text, "Auflage überfällig (FT-CONDITION-OVERDUE)"));
	free(text);
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_condition_deadlines_leap_year),
		cmocka_unit_test(test_overdue_days_across_month_ends),
		cmocka_unit_test(test_condition_singular_day_non_leap_year),
		cmocka_unit_test(test_overdue_in_icalendar),
		cmocka_unit_test(test_condition_done_and_errors),
		cmocka_unit_test(test_amendment),
		cmocka_unit_test(test_ack_hides_and_lapses),
		cmocka_unit_test(test_keys_of_findings),
		cmocka_unit_test(test_status_suggested),
		cmocka_unit_test(test_status_report_lists_conditions),
	};
	return tu_exit_code(cmocka_run_group_tests(tests, setup, teardown));
}
