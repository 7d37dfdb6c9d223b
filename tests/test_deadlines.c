/* test_deadlines.c - upcoming deadlines (deadlines.h), the iCalendar
 * writer (ical.h) and the 'deadlines' command with --ics. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "deadlines.h"
#include "figures_fixture.h"
#include "ical.h"
#include "store.h"
#include "testutil.h"

#define EUR(x) ((int64_t)(x) * 100)
#define AS_OF "2026-06-15"
#define TITLE "Mehrsprachige Begleitung für Familien, Kitas; Schulen\\Ämter – Ärztinnen"

static char *db;

static void grant_with_alloc(const char *ref, const char *programme, const char *amount,
			     const char *from, const char *to, const char *status)
{
	char year[5];

	fx_grant(db, ref, "PD", programme, amount, from, to, status);
	snprintf(year, sizeof(year), "%.4s", from);
	if (strcmp(status, "applied") != 0)
		fx_alloc(db, ref, year, amount);
}

static int setup(void **state)
{
	(void)state;
	setenv("FUNDTRACK_TODAY", "2026-11-24", 1);
	db = fx_city_db();
	tu_ok(db, "project", "add", "PD", TITLE, "--field", "language", "--from", "2024-01-01",
	      "--to", "2027-12-31", NULL);
	/* BUND names the Bund's ANBest-P (six weeks, six months); SOE follows
	 * the recipient: ANBest-G NRW (two calendar months, proof as ANBest-P
	 * Nr. 6.1); KOM is the city's own money; EHAP (EU) ANBest-Gk. */
	tu_ok(db, "programme", "edit", "BUND", "--terms", "anbest-p-bund", NULL);
	/* period end 31.08.2026, final proof: 28.02.2027 is a Sunday, the legal
	 * last day Monday 01.03.2027; 2.000 of the drawdown of 01.05. unspent
	 * (01.05. + 2 months: Wednesday 01.07.), two drawdowns of 500 on 10.06.
	 * (Monday 10.08.); money paid out in 2025, so an interim proof for it */
	grant_with_alloc("GD1", "SOE", "10.000,00", "2025-07-01", "2026-08-31", "running");
	fx_book(db, "GD1", "drawdown", "1.000,00", "2025-09-01");
	fx_book(db, "GD1", "expenditure", "1.000,00", "2025-09-01");
	tu_ok(db, "proof", "add", "GD1", "interim", "2025", "--date", "2026-04-20", NULL);
	fx_book(db, "GD1", "drawdown", "3.000,00", "2026-05-01");
	fx_book(db, "GD1", "expenditure", "1.000,00", "2026-05-10");
	fx_book(db, "GD1", "drawdown", "500,00", "2026-06-10");
	fx_book(db, "GD1", "drawdown", "500,00", "2026-06-10");
	/* final proof due 31.12.2025 + 6 months = Tuesday 30.06.2026 */
	grant_with_alloc("BUND/2025-01", "BUND", "5.000,00", "2025-01-01", "2025-12-31",
			 "proof-due");
	/* interim proofs for the years with payouts: 2024 recorded, 2025
	 * overdue (a check finding, not a deadline), 2026 due Friday
	 * 30.04.2027 */
	grant_with_alloc("GD3", "EHAP", "1.000,00", "2024-01-01", "2027-12-31", "running");
	fx_book(db, "GD3", "drawdown", "100,00", "2024-03-01");
	fx_book(db, "GD3", "expenditure", "100,00", "2024-03-01");
	fx_book(db, "GD3", "drawdown", "100,00", "2025-03-01");
	fx_book(db, "GD3", "expenditure", "100,00", "2025-03-01");
	fx_book(db, "GD3", "drawdown", "100,00", "2026-03-01");
	fx_book(db, "GD3", "expenditure", "100,00", "2026-03-01");
	tu_ok(db, "proof", "add", "GD3", "interim", "2024", "--date", "2025-04-20", NULL);
	/* the city's own money: no drawdown horizon, no proofs at all, even
	 * with money drawn and unspent and periods ending */
	grant_with_alloc("GD7", "KOM", "1.000,00", "2024-01-01", "2026-03-31", "running");
	fx_book(db, "GD7", "drawdown", "500,00", "2025-03-01");
	fx_book(db, "GD7", "drawdown", "500,00", "2026-05-01");
	/* settled or not approved: no deadlines */
	grant_with_alloc("GD4", "SOE", "1.000,00", "2026-01-01", "2026-07-31", "closed");
	grant_with_alloc("GD5", "SOE", "1.000,00", "2026-01-01", "2026-07-31", "applied");
	grant_with_alloc("GD6", "SOE", "2.000,00", "2025-01-01", "2025-12-31", "proof-due");
	tu_ok(db, "proof", "add", "GD6", "final", "--date", "2026-05-02", NULL);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	tu_cleanup(db);
	return 0;
}

static void list_with(const char *as_of, int days, enum deadline_overdue overdue,
		      struct deadline_result *out)
{
	struct deadline_query q = { "", days, overdue };
	struct ft_error err;
	struct store *st;

	snprintf(q.as_of, sizeof(q.as_of), "%s", as_of);
	assert_int_equal(store_open(&st, db, STORE_EXISTING, STORE_JOURNAL_WAL, &err), 0);
	if (deadlines_list(st, &q, out, &err) != 0)
		fail_msg("deadlines_list: %s", err.msg);
	store_close(st);
}

/* The upcoming items only (the tests from before overdue items were listed). */
static void list(const char *as_of, int days, struct deadline_result *out)
{
	list_with(as_of, days, DL_OVERDUE_HIDE, out);
}

static void assert_deadline(const struct deadline *d, const char *date, long days,
			    enum deadline_kind kind, const char *ref, int64_t amount)
{
	assert_string_equal(d->date, date);
	assert_int_equal(d->days_left, days);
	assert_int_equal(d->kind, kind);
	assert_string_equal(d->grant->ref, ref);
	assert_int_equal(d->amount, amount);
}

/* ---- the list ------------------------------------------------------------------ */

static void test_upcoming_soonest_first(void **state)
{
	struct deadline_result r;

	(void)state;
	list(AS_OF, 0, &r);
	assert_int_equal(r.days, 90);
	assert_int_equal(r.n, 4);
	/* same day: proofs before drawdowns */
	assert_deadline(&r.items[0], "2026-06-30", 15, DL_FINAL_PROOF, "BUND/2025-01", -1);
	assert_string_equal(r.items[0].target, "");
	assert_deadline(&r.items[1], "2026-07-01", 16, DL_DRAWDOWN, "GD1", EUR(2000));
	assert_string_equal(r.items[1].drawn_on, "2026-05-01");
	assert_string_equal(r.items[1].what,
			    "spend 2.000,00 € drawn down on 01.05.2026 (2 months)");
	/* two drawdowns on one day make one deadline */
	assert_deadline(&r.items[2], "2026-08-10", 56, DL_DRAWDOWN, "GD1", EUR(1000));
	assert_deadline(&r.items[3], "2026-08-31", 77, DL_PERIOD_END, "GD1", -1);
	assert_string_equal(r.items[3].project, "PD");
	deadline_result_release(&r);
}

static void test_window(void **state)
{
	struct deadline_result r;

	(void)state;
	list(AS_OF, 365, &r);
	assert_int_equal(r.n, 6);
	/* the legal last day, with the target kept */
	assert_deadline(&r.items[4], "2027-03-01", 259, DL_FINAL_PROOF, "GD1", -1);
	assert_string_equal(r.items[4].target, "2027-02-28");
	assert_string_equal(r.items[4].what, "final proof of use (target 28.02.2027, legal last "
					     "day the next working day)");
	assert_deadline(&r.items[5], "2027-04-30", 319, DL_INTERIM_PROOF, "GD3", -1);
	assert_int_equal(r.items[5].year, 2026);
	assert_string_equal(r.items[5].what, "interim proof for 2026");
	deadline_result_release(&r);

	/* both ends are included */
	list(AS_OF, 16, &r);
	assert_int_equal(r.n, 2);
	deadline_result_release(&r);
	list(AS_OF, 15, &r);
	assert_int_equal(r.n, 1);
	deadline_result_release(&r);
	list(AS_OF, 14, &r);
	assert_int_equal(r.n, 0);
	deadline_result_release(&r);
	list("2026-06-30", 1, &r);
	assert_int_equal(r.n, 2);
	assert_int_equal(r.items[0].days_left, 0);
	deadline_result_release(&r);

	/* As of 05.06. the drawdowns of 10.06. did not exist, and the money of
	 * 01.05. is still unspent. */
	list("2026-06-05", 90, &r);
	assert_int_equal(r.n, 3);
	assert_deadline(&r.items[1], "2026-07-01", 26, DL_DRAWDOWN, "GD1", EUR(2000));
	deadline_result_release(&r);

	/* As of 01.04.2026 the interim proofs for 2025 are upcoming: GD1's is
	 * recorded only on 20.04., GD3's never. */
	list("2026-04-01", 30, &r);
	assert_int_equal(r.n, 2);
	assert_deadline(&r.items[0], "2026-04-30", 29, DL_INTERIM_PROOF, "GD1", -1);
	assert_deadline(&r.items[1], "2026-04-30", 29, DL_INTERIM_PROOF, "GD3", -1);
	deadline_result_release(&r);
}

static void test_uid(void **state)
{
	struct gs_grant g = { 0 };
	struct deadline d = { 0 };
	char uid[200];

	(void)state;
	g.ref = "ZUW 2024/017-ä";
	d.grant = &g;
	d.kind = DL_INTERIM_PROOF;
	snprintf(d.date, sizeof(d.date), "2027-04-30");
	deadline_uid(&d, uid, sizeof(uid));
	assert_string_equal(uid, "ZUW%202024%2F017-%C3%A4-interim-proof-20270430@fundtrack");
	/* "A/1" and "A-1" stay apart */
	g.ref = "A-1";
	deadline_uid(&d, uid, sizeof(uid));
	assert_string_equal(uid, "A-1-interim-proof-20270430@fundtrack");
}

/* ---- the iCalendar writer --------------------------------------------------------- */

static char *read_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long size;

	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	rewind(f);
	buf = malloc((size_t)size + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)size, f), (size_t)size);
	buf[size] = '\0';
	fclose(f);
	return buf;
}

/* Checks CRLF line ends, 75-octet lines and folding never splitting a
 * UTF-8 character; returns the unfolded text with "\n" line ends. */
static char *check_and_unfold(const char *ics)
{
	char *out = malloc(strlen(ics) + 1);
	size_t used = 0;
	const char *line = ics;

	assert_non_null(out);
	while (*line) {
		const char *crlf = strstr(line, "\r\n");
		size_t len;

		assert_non_null(crlf); /* every line ends in CRLF */
		len = (size_t)(crlf - line);
		assert_null(memchr(line, '\n', len)); /* no bare LF */
		assert_true(len <= 75);
		if (line[0] == ' ') {
			/* a continuation never starts inside a UTF-8 character */
			assert_true(((unsigned char)line[1] & 0xc0) != 0x80);
			assert_true(used > 0);
			used--; /* drop the "\n" of the line it continues */
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

static void test_ical_escaping_and_folding(void **state)
{
	char summary[400] = "";
	struct ical_event e = { "u1@x", "2026-12-31", summary,
				"a,b;c\\d\ne\r\nf\001g\xff h", NULL, 2 };
	FILE *f = tmpfile();
	char *ics, *text;
	long size;

	(void)state;
	/* 100 two-byte characters: the fold must not split one */
	for (int i = 0; i < 100; i++)
		memcpy(summary + 2 * i, "ä", 3);
	assert_non_null(f);
	assert_int_equal(ical_write(f, "Kalender; Test", &e, 1, "20261124T000000Z"), 0);
	size = ftell(f);
	rewind(f);
	ics = malloc((size_t)size + 1);
	assert_non_null(ics);
	assert_int_equal(fread(ics, 1, (size_t)size, f), (size_t)size);
	ics[size] = '\0';
	fclose(f);

	text = check_and_unfold(ics);
	assert_true(tu_contains(text, "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//fundtrack//"));
	assert_true(tu_contains(text, "X-WR-CALNAME:Kalender\\; Test\n"));
	assert_true(tu_contains(text, "BEGIN:VEVENT\nUID:u1@x\nDTSTAMP:20261124T000000Z\n"
				      "DTSTART;VALUE=DATE:20261231\nDTEND;VALUE=DATE:20270101\n"));
	{
		char expected[420];

		snprintf(expected, sizeof(expected), "\nSUMMARY:%s\n", summary);
		assert_true(tu_contains(text, expected));
	}
	assert_true(tu_contains(text, "DESCRIPTION:a\\,b\\;c\\\\d\\ne\\nf g? h\n"));
	assert_true(tu_contains(text, "BEGIN:VALARM\nACTION:DISPLAY\n"));
	assert_true(tu_contains(text, "TRIGGER:-P2D\nEND:VALARM\nEND:VEVENT\nEND:VCALENDAR\n"));
	free(text);
	free(ics);
}

/* ---- the command ------------------------------------------------------------------- */

static int count(const char *text, const char *needle)
{
	int n = 0;

	for (const char *p = text; (p = strstr(p, needle)) != NULL; p += strlen(needle))
		n++;
	return n;
}

static int temp_files_in(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL)
		n += strstr(e->d_name, ".tmp-") != NULL;
	closedir(d);
	return n;
}

static void test_command_and_ics(void **state)
{
	char dir[] = "/tmp/fundtrack-ics-XXXXXX", path[128], again[128];
	char *ics, *ics2, *text;
	struct ft_run r;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/fristen.ics", dir);
	snprintf(again, sizeof(again), "%s/nochmal.ics", dir);

	tu_run(&r, db, "deadlines", "--as-of", "15.06.2026", "--ics", path, "--overdue", "hide",
	       NULL);
	assert_int_equal(r.rc, 0);
	assert_true(tu_contains(r.out, "Deadlines from 15.06.2026 to 13.09.2026\n"));
	assert_true(tu_contains(r.out, "30.06.2026       15           final-proof  PD       "
				       "BUND/2025-01"));
	assert_true(tu_contains(r.out, "wrote 4 deadlines to '"));
	tu_run_free(&r);

	ics = read_file(path);
	text = check_and_unfold(ics);
	assert_int_equal(count(text, "BEGIN:VEVENT\n"), 4);
	assert_int_equal(count(text, "BEGIN:VALARM\n"), 4);
	assert_true(tu_contains(text, "UID:BUND%2F2025-01-final-proof-20260630@fundtrack\n"));
	assert_true(tu_contains(text, "UID:GD1-drawdown-20260701@fundtrack\n"));
	assert_true(tu_contains(text, "UID:GD1-drawdown-20260810@fundtrack\n"));
	assert_true(tu_contains(text, "UID:GD1-period-end-20260831@fundtrack\n"));
	assert_true(tu_contains(text, "DTSTAMP:20261124T000000Z\n"));
	assert_true(tu_contains(text, "SUMMARY:Verwendungsnachweis: PD (BUND/2025-01)\n"));
	assert_true(tu_contains(text, "SUMMARY:Ende Bewilligungszeitraum: PD (GD1)\n"));
	assert_true(tu_contains(text, "DESCRIPTION:Projekt: PD – Mehrsprachige Begleitung für "
				      "Familien\\, Kitas\\; Schulen\\\\Ämter – Ärztinnen\\n"
				      "Bescheid: GD1 (Programm SOE\\, Nebenbestimmungen "
				      "anbest-g-nrw)\\nFrist: 01.07.2026\\n"
				      "Am 01.05.2026 abgerufen und noch nicht ausgegeben: "
				      "2.000\\,00 € (Frist 2 Monate)\n"));
	assert_true(tu_contains(text, "TRIGGER:-P7D\n"));
	assert_int_equal(temp_files_in(dir), 0);
	free(text);

	/* Exporting again gives the same file: same UIDs, so a calendar
	 * updates its events instead of duplicating them. */
	tu_ok(db, "deadlines", "--as-of", "2026-06-15", "--ics", again, "--overdue", "ausblenden",
	      NULL);
	ics2 = read_file(again);
	assert_string_equal(ics, ics2);
	free(ics2);
	free(ics);

	tu_ok(db, "deadlines", "--as-of", "2026-06-15", "--ics", again, "--remind", "0", NULL);
	ics2 = read_file(again);
	assert_true(tu_contains(ics2, "TRIGGER:-P0D\r\n"));
	free(ics2);

	/* Write failures: a missing directory, a directory in the way. */
	tu_fail(db, 1, "cannot write calendar '/nonexistent-dir/x.ics': No such file or directory",
		"deadlines", "--ics", "/nonexistent-dir/x.ics", NULL);
	tu_fail(db, 1, "cannot write calendar '/tmp/fundtrack-ics-", "deadlines", "--ics", dir,
		NULL);
	tu_fail(db, 1, "cannot write calendar '/dev/null': not a regular file", "deadlines",
		"--ics", "/dev/null", NULL);
	assert_int_equal(temp_files_in(dir), 0);

	unlink(path);
	unlink(again);
	rmdir(dir);
}

static void test_command_formats_and_errors(void **state)
{
	struct ft_run r;

	(void)state;
	tu_run(&r, db, "--format", "json", "deadlines", "--as-of", AS_OF, "--overdue", "hide", NULL);
	assert_int_equal(r.rc, 0);
	assert_true(tu_contains(r.out, "{\"date\": \"2026-07-01\", \"days_left\": 16, "
				       "\"days_overdue\": null, \"kind\": "
				       "\"drawdown\", \"project\": \"PD\", \"grant\": \"GD1\", "
				       "\"programme\": \"SOE\", \"amount\": \"2000.00\", \"what\": "
				       "\"spend 2.000,00 € drawn down on 01.05.2026 (2 months)\"}"));
	assert_true(tu_contains(r.out, "\"kind\": \"period-end\", \"project\": \"PD\", \"grant\": "
				       "\"GD1\", \"programme\": \"SOE\", \"amount\": null"));
	tu_run_free(&r);

	tu_run(&r, db, "--format", "csv", "deadlines", "--as-of", AS_OF, "--days", "14",
	       "--overdue", "hide", NULL);
	assert_int_equal(r.rc, 0);
	assert_string_equal(r.out,
			    "date,days_left,days_overdue,kind,project,grant,programme,amount,what\n");
	tu_run_free(&r);

	tu_fail(db, 1, "invalid --days '0'", "deadlines", "--days", "0", NULL);
	tu_fail(db, 1, "invalid --days '3661'", "deadlines", "--days", "3661", NULL);
	tu_fail(db, 1, "invalid --remind '-1'", "deadlines", "--remind", "-1", NULL);
	tu_fail(db, 1, "--ics needs a file name", "deadlines", "--ics", "", NULL);
	tu_fail(db, 1, "--as-of", "deadlines", "--as-of", "15.15.2026", NULL);
	tu_fail(db, 2, "unexpected argument 'soon'", "deadlines", "soon", NULL);
}

static void test_empty_database(void **state)
{
	char *empty = tu_temp_db();
	char path[4200];
	struct ft_run r;
	char *ics;

	(void)state;
	tu_ok(empty, "init", NULL);
	snprintf(path, sizeof(path), "%s/db.ics", tu_db_dir(empty));
	tu_run(&r, empty, "deadlines", "--ics", path, NULL);
	assert_int_equal(r.rc, 0);
	assert_true(tu_contains(r.out, "(no entries)"));
	assert_true(tu_contains(r.out, "wrote 0 deadlines"));
	tu_run_free(&r);
	ics = read_file(path);
	assert_int_equal(count(ics, "BEGIN:VEVENT"), 0);
	assert_true(tu_contains(ics, "END:VCALENDAR\r\n"));
	free(ics);
	unlink(path);
	tu_cleanup(empty);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_upcoming_soonest_first),
		cmocka_unit_test(test_window),
		cmocka_unit_test(test_uid),
		cmocka_unit_test(test_ical_escaping_and_folding),
		cmocka_unit_test(test_command_and_ics),
		cmocka_unit_test(test_command_formats_and_errors),
		cmocka_unit_test(test_empty_database),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
