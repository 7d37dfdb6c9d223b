/* test_exchange_plan.c - the financing plan and the project bookings in the
 * exchange format 1.1 (issues 14 and 16): export, import as a partner and
 * as the own city (the split made again by finplan_allocate, the code of
 * 'fundtrack book PROJECT'), the 1.0 fallback, a reader that does not know
 * the feature, the funder levels other-public and foundation, and the
 * errors of such files.
 *
 * The source city, Dortmund, project EH (costs 100.000,00), financing plan
 * 1.1 Personal 80.000,00 and 1.2 Sachausgaben 20.000,00, no own or
 * third-party funds recorded (derived: 100.000 - 100.000 = 0); grants in
 * 2026, running:
 *   G-EU   EHAP  85.000,00  share   (pro rata, weight 85.000)
 *   G-KOM  KOM    5.000,00  fixed   (pro rata, weight 5.000)
 *   G-BUND BUND  10.000,00  deficit (after the pro-rata layer of 90.000)
 * Project bookings (ANBest-P Nr. 1.4, finplan.h; cents):
 *   P1  1.000,00 after 0: 100000 x 85/90 = 94444,44 -> 94444 (rest ,44),
 *       x 5/90 = 5555,55 -> 5555 (rest ,55): one cent left -> G-KOM:
 *       G-EU 944,44, G-KOM 55,56
 *   P2 89.500,00 after 1.000: pro rata [100000, 9000000) = 8900000:
 *       x 85/90 = 8405555,55 -> 8405555 (,55), x 5/90 = 494444,44 -> 494444
 *       (,44): the cent to G-EU: G-EU 84.055,56, G-KOM 4.944,44;
 *       deficit [9000000, 9050000) = 50000: G-BUND 500,00
 *   P3 reverses P1: G-EU -944,44, G-KOM -55,56
 *   P4    600,00 (service date 30.06.) after 89.500,00: pro rata
 *       [8950000, 9000000) = 50000: x 85/90 = 47222,22 -> 47222 (rest
 *       2.000.000 of 9.000.000), x 5/90 = 2777,77 -> 2777 (rest 7.000.000):
 *       the cent to G-KOM: G-EU 472,22, G-KOM 27,78; deficit [9000000,
 *       9010000) = 10000: G-BUND 100,00
 * Spent per grant: G-EU 944,44 + 84.055,56 - 944,44 + 472,22 = 84.527,78;
 * G-KOM 55,56 + 4.944,44 - 55,56 + 27,78 = 4.972,22; G-BUND 500,00 + 100,00
 * = 600,00; together 90.100,00 = 1.000 + 89.500 - 1.000 + 600.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <spawn.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include <cmocka.h>
#include "db.h"

#include "audit_chain.h"
#include "exchange_reader.h"
#include "rule_catalogue.h"
#include "figures_fixture.h"
#include "testutil.h"

extern char **environ;

enum { PATH_LEN = 4096 };

static const char spent_per_grant[] =
	"SELECT group_concat(ref || '=' || spent, ' ') FROM (SELECT g.ref, "
	"sum(b.amount_cents) AS spent FROM booking b JOIN \"grant\" g ON g.id = b.grant_id "
	"WHERE b.kind = 'expenditure' GROUP BY g.ref ORDER BY g.ref)";

static void beside(const char *db, const char *name, char out[PATH_LEN])
{
	snprintf(out, PATH_LEN, "%s/%s", tu_db_dir(db), name);
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *text;
	long n;

	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	text = malloc((size_t)n + 1);
	assert_non_null(text);
	assert_int_equal(fread(text, 1, (size_t)n, f), (size_t)n);
	text[n] = '\0';
	fclose(f);
	return text;
}

/* The output of a command that must succeed (free it); output() ends
 * the arguments with NULL. */
#define output(...) output_list(__VA_ARGS__, NULL)
static char *output_list(const char *db, ...)
{
	const char *argv[16];
	struct ft_run r;
	va_list ap;
	int n = 0;
	char *out;

	va_start(ap, db);
	while (n < 15 && (argv[n] = va_arg(ap, const char *)) != NULL)
		n++;
	va_end(ap);
	argv[n] = NULL;
	switch (n) {
	case 2:
		tu_run(&r, db, argv[0], argv[1], NULL);
		break;
	case 3:
		tu_run(&r, db, argv[0], argv[1], argv[2], NULL);
		break;
	case 4:
		tu_run(&r, db, argv[0], argv[1], argv[2], argv[3], NULL);
		break;
	case 5:
		tu_run(&r, db, argv[0], argv[1], argv[2], argv[3], argv[4], NULL);
		break;
	default:
		fail_msg("output() takes 2 to 5 arguments");
	}
	if (r.rc != 0)
		fail_msg("'%s %s' failed: %s", argv[0], argv[1], r.err);
	out = strdup(r.out);
	tu_run_free(&r);
	return out;
}

/* The line of text that starts with prefix, as a new string. */
static char *line_of(const char *text, const char *prefix)
{
	const char *p = text;

	while (p && *p) {
		size_t n = strcspn(p, "\n");

		if (strncmp(p, prefix, strlen(prefix)) == 0)
			return strndup(p, n);
		p += n + (p[n] == '\n');
	}
	fail_msg("no line starting with '%s' in:\n%s", prefix, text);
	return NULL;
}

static int compare_lines(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* text with its lines sorted: the grants of a plan are listed by their row
 * ids, which follow the order of entry at the source and the order of the
 * file (by reference) at the partner; the figures are what must agree. */
static char *sorted_lines(char *text)
{
	char *lines[256], *copy = strdup(text), *save = NULL, *out;
	size_t n = 0, used = 0;

	assert_non_null(copy);
	for (char *l = strtok_r(copy, "\n", &save); l && n < 256; l = strtok_r(NULL, "\n", &save))
		lines[n++] = l;
	qsort(lines, n, sizeof(lines[0]), compare_lines);
	out = malloc(strlen(text) + 2);
	assert_non_null(out);
	out[0] = '\0';
	for (size_t i = 0; i < n; i++)
		used += (size_t)sprintf(out + used, "%s\n", lines[i]);
	free(copy);
	free(text);
	return out;
}

static char *source_db(void)
{
	char *db = fx_city_db();

	tu_ok(db, "project", "add", "EH", "EhAP Plus", "--field", "social-work", "--costs",
	      "100.000,00", "--from", "01.01.2026", "--to", "31.12.2026", NULL);
	tu_ok(db, "grant", "add", "G-EU", "--project", "EH", "--programme", "EHAP", "--amount",
	      "85.000,00", "--rate", "85", "--financing", "share", "--from", "2026-01-01", "--to",
	      "2026-12-31", "--status", "running", NULL);
	tu_ok(db, "grant", "add", "G-BUND", "--project", "EH", "--programme", "BUND", "--amount",
	      "10.000,00", "--financing", "deficit", "--from", "2026-01-01", "--to", "2026-12-31",
	      "--status", "running", NULL);
	tu_ok(db, "grant", "add", "G-KOM", "--project", "EH", "--programme", "KOM", "--amount",
	      "5.000,00", "--financing", "fixed", "--from", "2026-01-01", "--to", "2026-12-31",
	      "--status", "running", NULL);
	tu_ok(db, "plan-line", "add", "EH", "1.1", "Personal", "80.000,00", NULL);
	tu_ok(db, "plan-line", "add", "EH", "1.2", "Sachausgaben", "20.000,00", NULL);
	tu_ok(db, "book", "G-EU", "drawdown", "80.000,00", "--date", "01.03.2026", NULL);
	tu_ok(db, "book", "G-KOM", "drawdown", "5.000,00", "--date", "01.03.2026", NULL);
	tu_ok(db, "book", "G-BUND", "drawdown", "600,00", "--date", "01.07.2026", NULL);
	tu_ok(db, "book", "EH", "expenditure", "1.000,00", "--date", "15.03.2026", "--line", "1.1",
	      "--ref", "B-1", NULL);
	tu_ok(db, "book", "EH", "expenditure", "89.500,00", "--date", "15.06.2026", "--line",
	      "1.1", NULL);
	tu_ok(db, "book", "EH", "--reverses", "1", "--date", "20.06.2026", NULL);
	tu_ok(db, "book", "EH", "expenditure", "600,00", "--date", "05.07.2026", "--service-date",
	      "30.06.2026", "--line", "1.2", NULL);
	tu_assert_query(db, spent_per_grant, "G-BUND=60000 G-EU=8452778 G-KOM=497222");
	return db;
}

/* A fixed time, sequence and contact: the same data, the same bytes. */
static void export_fixed(const char *db, const char *path, const char *version)
{
	setenv("SOURCE_DATE_EPOCH", "1764000000", 1); /* 2025-11-24T16:00:00Z */
	tu_ok(db, "export", "-o", path, "--sequence", "7", "--contact", "Kämmerei",
	      "--cutoff", "2025-11-24", "--format-version", version, NULL);
	unsetenv("SOURCE_DATE_EPOCH");
}

static char *partner_db(void)
{
	char *db = tu_temp_db();

	tu_ok(db, "init", NULL);
	tu_ok(db, "city", "add", "05113000", "Essen", "--own", NULL);
	return db;
}

/* Export 1.1 -> import as a partner and as the own city: the same figures
 * to the cent; export -> import -> export gives the same bytes. */
static void test_round_trip(void **state)
{
	char *src = source_db(), *partner = partner_db(), *own = tu_temp_db();
	char file[PATH_LEN], again[PATH_LEN], forwarded[PATH_LEN];
	char *a, *b, *x, *y, *lx, *ly;

	(void)state;
	beside(src, "dortmund.xml", file);
	export_fixed(src, file, "1.1");
	a = slurp(file);
	assert_true(tu_contains(a, "requires=\"financing-plan project-bookings\""));
	assert_true(tu_contains(a, "<plan-line position=\"1.1\" label=\"Personal\" "
				   "currency=\"EUR\">80000.00</plan-line>"));
	assert_true(tu_contains(a, "<booking id=\"3\" date=\"2026-06-20\" kind=\"expenditure\" "
				   "line=\"1.1\" currency=\"EUR\" reverses=\"1\""));
	assert_true(tu_contains(a, "<booking id=\"4\" date=\"2026-07-05\" service-date=\"2026-06-30\" "
				   "kind=\"expenditure\" line=\"1.2\" currency=\"EUR\">600.00</booking>"));
	/* the shares are not grant bookings in the file: the reader splits */
	assert_false(tu_contains(a, "Anteil an Projektbuchung"));

	/* a partner: the same shares, budget row and proof of the rows */
	tu_ok(partner, "import", file, NULL);
	tu_assert_query(partner, spent_per_grant, "G-BUND=60000 G-EU=8452778 G-KOM=497222");
	tu_assert_query(partner, "SELECT count(*) FROM project_booking_share", "10");
	x = output(src, "--format", "csv", "budget", "--by", "city");
	y = output(partner, "--format", "csv", "budget", "--by", "city");
	lx = line_of(x, "Dortmund,");
	ly = line_of(y, "Dortmund,");
	/* approved 100.000, drawn 85.600, spent 90.100 */
	assert_true(tu_contains(lx, "Dortmund,100000.00,0.00,85600.00,90100.00,"));
	assert_string_equal(lx, ly);
	free(x), free(y), free(lx), free(ly);
	x = output(partner, "audit", "verify");
	assert_true(tu_contains(x, "Problems:  0\n"));
	free(x);
	/* importing the same file again changes nothing */
	tu_ok(partner, "import", file, NULL);
	tu_assert_query(partner, spent_per_grant, "G-BUND=60000 G-EU=8452778 G-KOM=497222");
	/* passed on: the same bytes but for who passed it on */
	beside(src, "forwarded.xml", forwarded);
	tu_ok(partner, "export", "--city", "05913000", "-o", forwarded, NULL);
	b = slurp(forwarded);
	x = strstr(b, "    <forwarded-by ");
	assert_non_null(x);
	memmove(x, strchr(x, '\n') + 1, strlen(strchr(x, '\n') + 1) + 1);
	assert_string_equal(a, b);
	free(b);

	/* the own city of a fresh installation: budget, plan and settle as
	 * the source shows them, and the same file again */
	tu_ok(own, "init", NULL);
	tu_ok(own, "import", file, "--as-own", NULL);
	{
		static const char *const views[][5] = {
			{ "budget", "--by", "level", NULL },
			{ "plan", "EH", NULL },
			{ "settle", "G-EU", NULL },
			{ "settle", "G-BUND", NULL },
			{ "settle", "G-KOM", NULL },
		};

		for (size_t i = 0; i < sizeof(views) / sizeof(views[0]); i++) {
			x = views[i][2] ? output(src, "--format", "csv", views[i][0], views[i][1],
						 views[i][2])
					: output(src, "--format", "csv", views[i][0], views[i][1]);
			y = views[i][2] ? output(own, "--format", "csv", views[i][0], views[i][1],
						 views[i][2])
					: output(own, "--format", "csv", views[i][0], views[i][1]);
			if (strcmp(views[i][0], "plan") == 0) {
				x = sorted_lines(x);
				y = sorted_lines(y);
			}
			assert_string_equal(x, y);
			free(x), free(y);
		}
	}
	x = output(own, "--format", "csv", "plan", "EH");
	assert_true(tu_contains(x, "G-EU,eu,share,85000.00,85.00,84527.78,"));
	assert_true(tu_contains(x, "G-BUND,federal,deficit,10000.00,10.00,600.00,"));
	assert_true(tu_contains(x, "G-KOM,municipal,fixed,5000.00,5.00,4972.22,"));
	free(x);
	beside(src, "again.xml", again);
	export_fixed(own, again, "1.1");
	b = slurp(again);
	assert_string_equal(a, b);
	free(a), free(b);
	/* taken over, the bookings keep their numbers: the next one is P5 */
	tu_assert_query(own, "SELECT group_concat(id || '/' || coalesce(CAST(source_id AS TEXT), '-'), ' ') FROM "
			     "project_booking",
			"1/- 2/- 3/- 4/-");
	{
		struct ft_run r;

		tu_run(&r, own, "book", "EH", "expenditure", "10,00", "--date", "10.07.2026", NULL);
		assert_int_equal(r.rc, 0);
		assert_true(tu_contains(r.out, "(project booking P5)"));
		tu_run_free(&r);
	}
	tu_ok(own, "export", "-o", again, NULL);
	tu_ok(NULL, "validate", again, NULL);
	tu_cleanup(src);
	tu_cleanup(partner);
	tu_cleanup(own);
}

/* 1.0 has no project bookings: each grant's share is one of its bookings,
 * so a 1.0 partner has the same per-grant figures. */
static void test_format_1_0(void **state)
{
	char *src = source_db(), *partner = partner_db();
	char file[PATH_LEN];
	struct ft_run r;
	char *text, *x, *y, *lx, *ly;

	(void)state;
	beside(src, "dortmund-1.0.xml", file);
	setenv("SOURCE_DATE_EPOCH", "1764000000", 1);
	tu_run(&r, src, "export", "-o", file, "--format-version", "1.0", NULL);
	unsetenv("SOURCE_DATE_EPOCH");
	assert_int_equal(r.rc, 0);
	assert_true(tu_contains(r.err, "the financing plans (2 cost lines, "
				       "0 means of cover) and the 4 project bookings as such"));
	tu_run_free(&r);
	text = slurp(file);
	assert_false(tu_contains(text, "plan-line"));
	/* P2's shares, and P1's reversed, as grant bookings */
	assert_true(tu_contains(text, "note=\"Anteil an Projektbuchung P2 (EH)\">84055.56</booking>"));
	assert_true(tu_contains(text, "note=\"Storno von Projektbuchung P1\">-944.44</booking>"));
	free(text);
	tu_ok(partner, "import", file, NULL);
	tu_assert_query(partner, spent_per_grant, "G-BUND=60000 G-EU=8452778 G-KOM=497222");
	x = output(src, "--format", "csv", "budget", "--by", "city");
	y = output(partner, "--format", "csv", "budget", "--by", "city");
	lx = line_of(x, "Dortmund,");
	ly = line_of(y, "Dortmund,");
	assert_string_equal(lx, ly);
	free(x), free(y), free(lx), free(ly);
	tu_cleanup(src);
	tu_cleanup(partner);
}

/* A reader that does not know project-bookings (an older 1.x) refuses the
 * file, naming the feature, and imports nothing. */
static void test_reader_without_the_feature(void **state)
{
	char *src = source_db(), *partner = partner_db();
	char file[PATH_LEN];
	struct ft_run r;

	(void)state;
	beside(src, "dortmund.xml", file);
	tu_ok(src, "export", "-o", file, NULL);
	exchange_reader_forget("project-bookings");
	tu_run(&r, NULL, "validate", file, NULL);
	assert_int_equal(r.rc, 1);
	assert_true(tu_contains(r.out, "FT-REQUIRES"));
	assert_true(tu_contains(r.out, "the file requires the feature 'project-bookings', which "
				       "this fundtrack (exchange format 1.1) does not know"));
	tu_run_free(&r);
	tu_fail(partner, 1, "nothing was imported", "import", file, NULL);
	exchange_reader_forget(NULL);
	tu_ok(partner, "import", file, NULL);
	tu_cleanup(src);
	tu_cleanup(partner);
}

/* Runs xmllint --schema (1.1) on file: 0 valid, 1 invalid, -1 when there
 * is no xmllint. */
static int xmllint(const char *file)
{
	const char *argv[] = { "xmllint", "--noout", "--schema",
			       FT_SOURCE_DIR "/xsd/fundtrack-exchange-1.1.xsd", file, NULL };
	posix_spawn_file_actions_t fa;
	int status, rc;
	pid_t pid;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	rc = posix_spawnp(&pid, argv[0], &fa, NULL, (char *const *)argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (rc != 0)
		return -1;
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) == 127)
		return -1;
	return WEXITSTATUS(status) == 0 ? 0 : 1;
}

/* Changes the database as a tool other than fundtrack could. */
static void write_past_the_door(const char *db, const char *sql)
{
	struct audit_actor *actor;
	struct ft_error err;
	struct db *raw;

	assert_int_equal(db_open_v2(db, &raw, DB_OPEN_READWRITE | DB_OPEN_CREATE), DB_OK);
	assert_int_equal(audit_chain_connect(raw, &actor, &err), 0);
	assert_int_equal(db_exec(raw, sql), DB_OK);
	audit_chain_disconnect(actor);
	db_close(raw);
}

static void gelsenkirchen(char out[PATH_LEN])
{
	const char *dir = getenv("FT_TEST_DATA");

	assert_non_null(dir);
	snprintf(out, PATH_LEN, "%s/exchange/delivery/gelsenkirchen-plan-1.1.xml", dir);
}

/* Writes src with the first occurrence of old replaced by new to dst. */
static void write_variant(const char *src, const char *dst, const char *old, const char *new)
{
	char *text = slurp(src), *at = strstr(text, old);
	FILE *f = fopen(dst, "wb");

	assert_non_null(at);
	assert_non_null(f);
	fwrite(text, 1, (size_t)(at - text), f);
	fputs(new, f);
	fputs(at + strlen(old), f);
	fclose(f);
	free(text);
}

/* A second city's delivery written from the XSD alone (its comment has
 * the split): xmllint, validate and import agree, the figures are the
 * hand-computed ones, the levels other-public and foundation survive the
 * round trip and 1.0 refuses them. */
static void test_hand_written_delivery(void **state)
{
	char *db = partner_db();
	char file[PATH_LEN], out[PATH_LEN];
	int lint;
	char *x;

	(void)state;
	gelsenkirchen(file);
	lint = xmllint(file);
	if (lint < 0)
		tu_skip("xmllint is not installed");
	assert_int_equal(lint, 0);
	tu_ok(NULL, "validate", file, NULL);
	tu_ok(db, "import", file, NULL);
	tu_assert_query(db, spent_per_grant, "GE-LWL-26=3000000 GE-STIFT-26=600000");
	tu_assert_query(db, "SELECT group_concat(source || '=' || total, ' ') FROM (SELECT source, "
			    "sum(amount_cents) AS total FROM project_booking_share GROUP BY source "
			    "ORDER BY source)",
			"grant=3600000 own=1000000");
	tu_assert_query(db, "SELECT group_concat(level, ' ') FROM (SELECT level FROM funder "
			    "ORDER BY code)",
			"other-public foundation");
	x = output(db, "--format", "csv", "budget", "--by", "city");
	assert_true(tu_contains(x, "Gelsenkirchen,40000.00,40000.00,10000.00,36000.00,"));
	free(x);
	beside(db, "ge.xml", out);
	tu_ok(db, "export", "--city", "05513000", "-o", out, NULL);
	x = slurp(out);
	assert_true(tu_contains(x, "<funder code=\"LWL\" level=\"other-public\">"));
	assert_true(tu_contains(x, "<funder code=\"STIFT\" level=\"foundation\">"));
	free(x);
	tu_fail(db, 1, "its level 'other-public' is new in format 1.1", "export", "--city",
		"05513000", "--format-version", "1.0", NULL);
	/* 'audit verify' proves the plan, the project bookings and their
	 * shares too: the own funds' share of booking 4 (8.500,00) removed */
	x = output(db, "audit", "verify");
	assert_true(tu_contains(x, "equal what their delivery brought"));
	free(x);
	write_past_the_door(db, "DELETE FROM project_booking_share WHERE source = 'own' AND "
				"amount_cents = 850000");
	tu_fail(db, 1, "city 05513000 Gelsenkirchen: its rows no longer equal what its delivery "
		       "brought",
		"audit", "verify", NULL);
	tu_cleanup(db);
}

/* The own city's funder of level other-public: entered, exported,
 * imported as the own city of another installation. */
static void test_other_public_level(void **state)
{
	char *src = fx_city_db(), *copy = tu_temp_db();
	char file[PATH_LEN];

	(void)state;
	tu_ok(src, "funder", "add", "LVR", "Landschaftsverband Rheinland", "--level",
	      "sonstige öffentliche Stelle", NULL);
	tu_assert_query(src, "SELECT level FROM funder WHERE code = 'LVR'", "other-public");
	tu_ok(src, "funder", "add", "STIFT", "Stiftung", "--level", "foundation", NULL);
	beside(src, "lvr.xml", file);
	tu_ok(src, "export", "-o", file, NULL);
	tu_ok(copy, "init", NULL);
	tu_ok(copy, "import", file, "--as-own", NULL);
	tu_assert_query(copy, "SELECT group_concat(code || '=' || level, ' ') FROM (SELECT code, "
			      "level FROM funder ORDER BY code)",
			"BMAS=federal DO=municipal ESF=eu LAND=state LVR=other-public "
			"STIFT=foundation");
	tu_fail(copy, 1, "invalid level 'kreis'", "funder", "add", "K", "Kreis", "--level", "kreis",
		NULL);
	tu_cleanup(src);
	tu_cleanup(copy);
}

/* Errors of such files, each with the file's line and rule ID; the
 * database stays as it was. */
static void test_errors(void **state)
{
	char *db = partner_db();
	char file[PATH_LEN], bad[PATH_LEN];
	struct ft_run r;

	(void)state;
	gelsenkirchen(file);
	beside(db, "bad.xml", bad);

	/* a booking naming a cost line the plan does not have (line 52) */
	write_variant(file, bad, "line=\"1\" currency=\"EUR\" reference=\"GE-B4\"",
		      "line=\"9\" currency=\"EUR\" reference=\"GE-B4\"");
	tu_run(&r, NULL, "validate", bad, NULL);
	assert_int_equal(r.rc, 1);
	assert_true(tu_contains(r.out, "bad.xml:52: error: "));
	assert_true(tu_contains(r.out, "[FT-PLAN-LINE]"));
	assert_true(tu_contains(r.out, "booking 4 of project 'GE-1' names the cost line '9', which "
				       "the project's financing plan does not have"));
	assert_true(tu_contains(r.out, "1 error"));
	tu_run_free(&r);
	tu_fail(db, 1, "nothing was imported", "import", bad, NULL);

	/* a means of cover naming a grant: the XSD has none (grants are the
	 * project's grants), so the schema refuses the kind */
	write_variant(file, bad, "<cover kind=\"own\"", "<cover kind=\"GE-LWL-26\"");
	tu_run(&r, NULL, "validate", bad, NULL);
	assert_int_equal(r.rc, 1);
	assert_true(tu_contains(r.out, "bad.xml:48: error: "));
	assert_true(tu_contains(r.out, "[XSD-ENUM]"));
	tu_run_free(&r);

	/* a booking decades before the project */
	write_variant(file, bad, "<booking id=\"2\" date=\"2026-04-30\"",
		      "<booking id=\"2\" date=\"1996-04-30\"");
	tu_run(&r, NULL, "validate", bad, NULL);
	assert_int_equal(r.rc, 1);
	assert_true(tu_contains(r.out, "bad.xml:50: error: "));
	assert_true(tu_contains(r.out, "[FT-PROJECT-BOOKING-DATE]"));
	tu_run_free(&r);

	/* a second own-funds entry */
	write_variant(file, bad, "<cover kind=\"own\" currency=\"EUR\">10000.00</cover>",
		      "<cover kind=\"own\" currency=\"EUR\">10000.00</cover><cover kind=\"own\" "
		      "currency=\"EUR\">1.00</cover>");
	tu_run(&r, NULL, "validate", bad, NULL);
	assert_int_equal(r.rc, 1);
	assert_true(tu_contains(r.out, "lists its means of cover 'own' twice"));
	tu_run_free(&r);

	/* a valid file whose booking no grant can take (both grants end
	 * before it arose): import refuses it at the booking's line */
	write_variant(file, bad, "<booking id=\"4\" date=\"2026-06-30\"",
		      "<booking id=\"4\" date=\"2026-06-30\" service-date=\"2027-01-15\"");
	tu_ok(NULL, "validate", bad, NULL);
	tu_run(&r, db, "import", bad, NULL);
	assert_int_equal(r.rc, 1);
	assert_true(tu_contains(r.err, "bad.xml:52: error: this project booking cannot be "
				       "allocated to the project's grants: no grant of project "
				       "'GE-1' has an approval period holding 15.01.2027"));
	assert_true(tu_contains(r.err, "[FT-PROJECT-BOOKING-SPLIT]"));
	assert_true(tu_contains(r.err, "nothing was imported"));
	tu_run_free(&r);
	tu_assert_query(db, "SELECT count(*) FROM project_booking", "0");
	tu_assert_query(db, "SELECT count(*) FROM city", "1");
	tu_cleanup(db);
}

/* A grant added after the bookings: a reader splitting them on today's
 * plan gets other shares, and the export says so. */
static void test_split_not_reproducible(void **state)
{
	char *src = source_db();
	char file[PATH_LEN];
	struct ft_run r;

	(void)state;
	beside(src, "dortmund.xml", file);
	tu_run(&r, src, "export", "-o", file, NULL);
	assert_int_equal(r.rc, 0);
	assert_false(tu_contains(r.err, "warning"));
	tu_run_free(&r);
	tu_ok(src, "grant", "add", "G-LAND", "--project", "EH", "--programme", "SOE", "--amount",
	      "10.000,00", "--financing", "share", "--from", "2026-01-01", "--to", "2026-12-31",
	      "--status", "running", NULL);
	tu_run(&r, src, "export", "-o", file, NULL);
	assert_int_equal(r.rc, 0);
	assert_true(tu_contains(r.err, "warning: a partner splits the project bookings of "
				       "project 'EH' (from booking P1 on) otherwise than recorded"));
	tu_run_free(&r);
	tu_cleanup(src);
}

/* One fact, one ID, one severity: a newer 1.x read as 1.1 is the note
 * FT-VERSION-NEWER; FT-VERSION stays the error of a version not read. */
static void test_version_ids(void **state)
{
	const char *dir = getenv("FT_TEST_DATA");
	char file[PATH_LEN];
	struct ft_run r;

	(void)state;
	assert_int_equal(rule_find("FT-VERSION")->severity, RULE_ERROR);
	assert_int_equal(rule_find("FT-VERSION-NEWER")->severity, RULE_INFO);
	assert_non_null(dir);
	snprintf(file, sizeof(file), "%s/exchange/delivery/requires-unknown.xml", dir);
	tu_run(&r, NULL, "validate", file, NULL);
	assert_true(tu_contains(r.out, "note: the file is of format version 1.3, newer than this "
				       "fundtrack's 1.1"));
	assert_true(tu_contains(r.out, "[FT-VERSION-NEWER]"));
	tu_run_free(&r);
	snprintf(file, sizeof(file), "%s/exchange/should-fail/wrong-version.xml", dir);
	tu_run(&r, NULL, "validate", file, NULL);
	assert_int_equal(r.rc, 1);
	assert_true(tu_contains(r.out, "error: "));
	assert_true(tu_contains(r.out, "[FT-VERSION]"));
	tu_run_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_format_1_0),
		cmocka_unit_test(test_reader_without_the_feature),
		cmocka_unit_test(test_hand_written_delivery),
		cmocka_unit_test(test_other_public_level),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_version_ids),
		cmocka_unit_test(test_split_not_reproducible),
	};

	return tu_exit_code(cmocka_run_group_tests(tests, NULL, NULL));
}
