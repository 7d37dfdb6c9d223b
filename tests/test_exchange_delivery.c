/* test_exchange_delivery.c - format 1.1 and the network's deliveries
 * (issue 16): order of deliveries, identity of cities, the AGS and the
 * municipality register, required features and extensions, 1.0 still
 * read, export in both versions, and the rows digest of 'audit verify'.
 *
 * The deliveries are hand-written files of two cities in
 * tests/data/exchange/delivery (see the comment at the top of each):
 *   essen-12.xml                 no. 12, cut-off 30.11.2026, approved 125,000.00 EUR,
 *                                3 bookings, 2 indicator figures
 *   essen-11.xml                 no. 11, cut-off 31.10.2026, approved 120,000.00 EUR,
 *                                2 bookings (the older delivery)
 *   essen-12-other.xml           no. 12 again, booking MA-2 25,000.00 instead of 20,000.00
 *   essen-12-again.xml           no. 12 written an hour later: the same rows
 *   essen-ags-gelsenkirchen-name.xml  Essen's AGS 05113000 under the name Gelsenkirchen
 *   essen-renamed.xml            no. 14, the name "Stadt Essen"
 *   essen-mistyped-ags.xml       "Essen" under the AGS 05113099 (not in the register)
 *   gelsenkirchen-1.xml          AGS 05513000, no. 1, with an extension
 *   ags-zero-1.0.xml, ags-land-17-1.0.xml   format 1.0 with AGS 00000000 / 17113000
 *   requires-unknown.xml         version 1.3, requires "settlement-v2"
 *   project-bookings.xml         financing plan and project bookings (issue 14)
 *   foundation-level.xml         a funder of the level foundation
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "db.h"

#include "ags.h"
#include "audit_chain.h"
#include "exchange_import.h"
#include "exchange_reader.h"
#include "exchange_write.h"
#include "store.h"
#include "testutil.h"

enum { PATH_LEN = 4096 };

static char *delivery(const char *name)
{
	const char *dir = getenv("FT_TEST_DATA");
	char *path = malloc(PATH_LEN);

	assert_non_null(dir);
	assert_non_null(path);
	snprintf(path, PATH_LEN, "%s/exchange/%s", dir, name);
	return path;
}

static char *beside(const char *db, const char *name)
{
	char *path = malloc(PATH_LEN);

	assert_non_null(path);
	snprintf(path, PATH_LEN, "%s/%s", tu_db_dir(db), name);
	return path;
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

/* Writes src with the first occurrence of each old[i] replaced by new[i]
 * (n pairs) to dst: variants of a hand-written file. */
static void write_variant(const char *src, const char *dst, int n, ...)
{
	char *text = slurp(src);
	va_list ap;
	FILE *f;

	va_start(ap, n);
	for (int i = 0; i < n; i++) {
		const char *old = va_arg(ap, const char *), *new = va_arg(ap, const char *);
		char *at = strstr(text, old), *next;
		size_t head;

		assert_non_null(at);
		head = (size_t)(at - text);
		next = malloc(strlen(text) - strlen(old) + strlen(new) + 1);
		assert_non_null(next);
		sprintf(next, "%.*s%s%s", (int)head, text, new, at + strlen(old));
		free(text);
		text = next;
	}
	va_end(ap);
	f = fopen(dst, "wb");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	free(text);
}

/* SQL on a fundtrack connection (audit functions registered), bypassing
 * the commands, as someone writing the database file would. */
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

static const char approved_sql[] =
	"SELECT approved_cents || '/' || (SELECT count(*) FROM booking b WHERE b.grant_id = g.id) "
	"FROM \"grant\" g WHERE ref = 'E-SOE-24'";

/* ---- order ------------------------------------------------------------------------------ */

static void test_older_delivery_refused(void **state)
{
	char *db = tu_temp_db(), *d12 = delivery("delivery/essen-12.xml");
	char *d11 = delivery("delivery/essen-11.xml"), *v10 = delivery("network/essen.xml");
	char *back = beside(db, "essen-13-cutoff-back.xml");
	struct ft_run r;

	(void)state;
	tu_ok(db, "init", NULL);
	tu_run(&r, db, "import", d12, NULL);
	assert_int_equal(r.rc, 0);
	assert_true(tu_contains(r.out, "new city: delivery no. 12 with cut-off 30.11.2026"));
	tu_run_free(&r);
	/* 125,000.00 EUR approved = 12,500,000 cents; bookings 100, 101, 102 */
	tu_assert_query(db, approved_sql, "12500000/3");

	/* no. 11 after no. 12: refused, naming both; nothing changes */
	tu_fail(db, 1, "older than the delivery no. 12 with cut-off 30.11.2026", "import", d11, NULL);
	tu_fail(db, 1, "this file is delivery no. 11 with cut-off 31.10.2026", "import", d11, NULL);
	tu_fail(db, 1, "essen-12.xml", "import", d11, NULL);
	tu_fail(db, 1, "its sequence number is lower", "import", d11, "--dry-run", NULL);
	/* a higher number whose cut-off goes back is older too */
	write_variant(d12, back, 2, "sequence=\"12\"", "sequence=\"13\"", "cutoff=\"2026-11-30\"",
		      "cutoff=\"2026-10-31\"");
	tu_fail(db, 1, "its cut-off date lies before the held one's", "import", back, NULL);
	/* a 1.0 file against a 1.1 delivery: by the generated time
	 * (2026-11-15T12:00:00Z before 2026-12-02T08:00:00Z) */
	tu_fail(db, 1, "it was generated earlier", "import", v10, NULL);
	tu_assert_query(db, approved_sql, "12500000/3");

	/* --force imports the older delivery: 120,000.00 EUR, two bookings */
	tu_run(&r, db, "import", d11, "--force", NULL);
	assert_int_equal(r.rc, 0);
	assert_true(tu_contains(r.out, "replaces delivery no. 12 with cut-off 30.11.2026"));
	assert_true(tu_contains(r.out, "by       delivery no. 11 with cut-off 31.10.2026"));
	assert_true(tu_contains(r.out, "--force"));
	tu_run_free(&r);
	tu_assert_query(db, approved_sql, "12000000/2");
	tu_assert_query(db, "SELECT sequence || ' ' || cutoff || ' ' || forced FROM exchange_import",
			"11 2026-10-31 1");
	tu_run(&r, db, "--format", "csv", "cities", NULL);
	assert_true(tu_contains(r.out, ",11,2026-10-31\n"));
	tu_run_free(&r);
	free(d12);
	free(d11);
	free(v10);
	free(back);
	tu_cleanup(db);
}

static void test_same_number_other_content(void **state)
{
	char *db = tu_temp_db(), *d12 = delivery("delivery/essen-12.xml");
	char *other = delivery("delivery/essen-12-other.xml");
	char *again = delivery("delivery/essen-12-again.xml");
	struct ft_run r;

	(void)state;
	tu_ok(db, "init", NULL);
	tu_ok(db, "import", d12, NULL);
	tu_fail(db, 1, "but its content differs", "import", other, NULL);
	tu_fail(db, 1, "a corrected delivery needs a new sequence number", "import", other, NULL);
	/* the same rows written again at another time are the same delivery */
	tu_run(&r, db, "import", again, NULL);
	assert_int_equal(r.rc, 0);
	assert_true(tu_contains(r.out, "replaces delivery no. 12"));
	tu_run_free(&r);
	tu_assert_query(db, "SELECT generated FROM exchange_import", "2026-12-02T09:00:00Z");
	/* --force replaces it: booking MA-2 is 25,000.00 EUR = 2,500,000 cents.
	 * Regression: a changed last booking of a grant got the id of the
	 * deleted old one and was then removed as "no longer in the file". */
	tu_ok(db, "import", other, "--force", NULL);
	tu_assert_query(db, "SELECT amount_cents FROM booking WHERE reference = 'MA-2'", "2500000");
	tu_assert_query(db, "SELECT count(*) FROM booking", "3");
	free(d12);
	free(other);
	free(again);
	tu_cleanup(db);
}

/* Format 1.0 files have no number: they are ordered by generated. */
static void test_1_0_ordered_by_generated(void **state)
{
	char *db = tu_temp_db(), *v1 = delivery("network/duesseldorf-1.xml");
	char *v2 = delivery("network/duesseldorf-2.xml");

	(void)state;
	tu_ok(db, "init", NULL);
	tu_ok(db, "import", v2, NULL);
	/* generated 2026-11-01T08:00:00Z, held 2026-11-20T08:00:00Z */
	tu_fail(db, 1, "the delivery generated 2026-11-01T08:00:00Z (format 1.0", "import", v1,
		NULL);
	tu_ok(db, "import", v2, NULL); /* the same file again: nothing changes */
	free(v1);
	free(v2);
	tu_cleanup(db);
}

/* ---- identity ----------------------------------------------------------------------------- */

static void test_identity(void **state)
{
	char *db = tu_temp_db(), *d12 = delivery("delivery/essen-12.xml");
	char *wrong = delivery("delivery/essen-ags-gelsenkirchen-name.xml");
	char *renamed = delivery("delivery/essen-renamed.xml");
	char *ge = delivery("delivery/gelsenkirchen-1.xml");
	char *typo = delivery("delivery/essen-mistyped-ags.xml");

	(void)state;
	tu_ok(db, "init", NULL);
	tu_ok(db, "import", d12, NULL);
	/* Essen's AGS under Gelsenkirchen's name would overwrite Essen */
	tu_fail(db, 1, "the file names AGS 05113000 'Gelsenkirchen', but this database holds AGS "
		       "05113000 as 'Essen'",
		"import", wrong, NULL);
	tu_fail(db, 1, "--rename", "import", renamed, NULL);
	tu_ok(db, "import", renamed, "--rename", NULL);
	tu_assert_query(db, "SELECT name FROM city WHERE ags = '05113000'", "Stadt Essen");
	/* a new city under its own name is welcome */
	tu_ok(db, "import", ge, NULL);
	/* a new AGS under the name of a city held is refused (case folded) */
	write_past_the_door(db, "UPDATE city SET name = 'Essen' WHERE ags = '05113000'");
	tu_fail(db, 1, "this database holds 'Essen' under AGS 05113000", "import", typo, NULL);
	tu_ok(db, "import", typo, "--force", NULL);
	tu_assert_query(db, "SELECT group_concat(ags, ' ') FROM (SELECT ags FROM city ORDER BY ags) AS c",
			"05113000 05113099 05513000");
	free(d12);
	free(wrong);
	free(renamed);
	free(ge);
	free(typo);
	tu_cleanup(db);
}

static void test_ags_register(void **state)
{
	char name[128];

	(void)state;
	assert_int_equal(ags_check("05913000", name, sizeof(name)), AGS_KNOWN);
	assert_string_equal(name, "Stadt Dortmund");
	assert_int_equal(ags_check("05513000", name, sizeof(name)), AGS_KNOWN);
	assert_string_equal(name, "Stadt Gelsenkirchen");
	/* Aachen and Hannover are no Kreis...000 keys */
	assert_int_equal(ags_check("05334002", NULL, 0), AGS_KNOWN);
	assert_int_equal(ags_check("03241001", NULL, 0), AGS_KNOWN);
	assert_int_equal(ags_check("05113099", name, sizeof(name)), AGS_UNKNOWN);
	assert_string_equal(name, "");
	assert_int_equal(ags_check("00000000", NULL, 0), AGS_BAD_LAND);
	assert_int_equal(ags_check("17113000", NULL, 0), AGS_BAD_LAND);
	assert_int_equal(ags_check("16000000", NULL, 0), AGS_UNKNOWN); /* a Land, no municipality */
	assert_int_equal(ags_check("0591300", NULL, 0), AGS_BAD_LAND);
	assert_int_equal(ags_check("0591300x", NULL, 0), AGS_BAD_LAND);
	/* 10,997 entries; NRW (Land 05) has its 396 municipalities */
	assert_int_equal(ags_register_entries(), 10997);
	assert_string_equal(ags_register_date(), "2023-11-19");
}

static void test_ags_checked(void **state)
{
	char *db = tu_temp_db(), *zero = delivery("delivery/ags-zero-1.0.xml");
	char *land17 = delivery("delivery/ags-land-17-1.0.xml");
	char *typo = delivery("delivery/essen-mistyped-ags.xml");
	char *bad11 = beside(db, "land-17-1.1.xml"), *d12 = delivery("delivery/essen-12.xml");
	struct ft_run r;

	(void)state;
	tu_ok(db, "init", NULL);
	tu_run(&r, NULL, "validate", zero, NULL);
	assert_int_equal(r.rc, 1);
	assert_true(tu_contains(r.out, "the AGS '00000000' is not a municipality key"));
	assert_true(tu_contains(r.out, "[FT-AGS]"));
	tu_run_free(&r);
	tu_fail(db, 1, "nothing was imported", "import", zero, NULL);
	tu_fail(db, 1, "nothing was imported", "import", land17, NULL);
	/* in format 1.1 the schema refuses it: one mistake, one message */
	write_variant(d12, bad11, 1, "ags=\"05113000\"", "ags=\"17113000\"");
	tu_run(&r, NULL, "validate", bad11, NULL);
	assert_int_equal(r.rc, 1);
	assert_true(tu_contains(r.out, "1 error"));
	tu_run_free(&r);
	/* an AGS the register does not know is a warning */
	tu_run(&r, NULL, "validate", typo, NULL);
	assert_int_equal(r.rc, 0);
	assert_true(tu_contains(r.out, "warning: the AGS '05113099' of 'Essen' is not in the "
				       "municipality register"));
	tu_run_free(&r);
	free(zero);
	free(land17);
	free(typo);
	free(bad11);
	free(d12);
	tu_cleanup(db);
}

/* ---- features, extensions, versions --------------------------------------------------------- */

static void test_required_features(void **state)
{
	char *db = tu_temp_db(), *unknown = delivery("delivery/requires-unknown.xml");
	char *pb = delivery("delivery/project-bookings.xml");
	char *foundation = delivery("delivery/foundation-level.xml");
	char *undeclared = beside(db, "undeclared.xml");
	struct ft_run r;

	(void)state;
	tu_ok(db, "init", NULL);
	tu_run(&r, NULL, "validate", unknown, NULL);
	assert_int_equal(r.rc, 1);
	assert_true(tu_contains(r.out, "the file requires the feature 'settlement-v2', which this "
				       "fundtrack (exchange format 1.1) does not know"));
	assert_true(tu_contains(r.out, "note: the file is of format version 1.3"));
	tu_run_free(&r);
	tu_fail(db, 1, "nothing was imported", "import", unknown, NULL);
	/* project bookings and the level foundation: valid 1.1, stored since
	 * migration 015 (test_exchange_plan.c has the figures) */
	tu_run(&r, NULL, "validate", pb, NULL);
	assert_int_equal(r.rc, 0);
	assert_true(tu_contains(r.out, "2 cost lines, 1 means of cover, 1 project booking"));
	tu_run_free(&r);
	tu_ok(db, "import", pb, NULL);
	tu_assert_query(db, "SELECT count(*) || ' ' || sum(amount_cents) FROM project_booking",
			"1 420000");
	tu_ok(db, "import", foundation, NULL);
	tu_assert_query(db, "SELECT level FROM funder WHERE code = 'LAND'", "foundation");
	/* content of a feature the file does not declare */
	write_variant(pb, undeclared, 1, " requires=\"financing-plan project-bookings\"", "");
	tu_run(&r, NULL, "validate", undeclared, NULL);
	assert_int_equal(r.rc, 1);
	assert_true(tu_contains(r.out, "<plan-line> belongs to the feature 'financing-plan'"));
	assert_true(tu_contains(r.out, "<booking> belongs to the feature 'project-bookings'"));
	assert_true(tu_contains(r.out, "2 errors"));
	tu_run_free(&r);
	free(unknown);
	free(pb);
	free(foundation);
	free(undeclared);
	tu_cleanup(db);
}

static void test_extension_skipped(void **state)
{
	char *db = tu_temp_db(), *ge = delivery("delivery/gelsenkirchen-1.xml");
	struct ft_run r;

	(void)state;
	tu_ok(db, "init", NULL);
	tu_run(&r, db, "import", ge, NULL);
	assert_int_equal(r.rc, 0);
	assert_true(tu_contains(r.err, "note: skipped the extension 'x-ruhr-sozialbericht' in "
				       "<exchange>"));
	tu_run_free(&r);
	/* 80,000.00 EUR approved */
	tu_assert_query(db, "SELECT approved_cents FROM \"grant\" WHERE ref = 'GE-EHAP-25'",
			"8000000");
	free(ge);
	tu_cleanup(db);
}

/* Every 1.0 file still reads with the 1.0 schema, which knows no 1.1
 * element. */
static void test_1_0_still_read(void **state)
{
	char *db = tu_temp_db(), *v10 = delivery("network/essen.xml");
	char *mixed = beside(db, "mixed.xml");
	struct ft_run r;

	(void)state;
	tu_ok(db, "init", NULL);
	tu_ok(db, "import", v10, NULL);
	tu_assert_query(db, "SELECT version || ' ' || coalesce(CAST(sequence AS TEXT), '-') FROM exchange_import",
			"1.0 -");
	write_variant(v10, mixed, 1, "  <city ",
		      "  <delivery cutoff=\"2026-11-30\" sequence=\"1\"><contact name=\"x\"/>"
		      "</delivery>\n  <city ");
	tu_run(&r, NULL, "validate", mixed, NULL);
	assert_int_equal(r.rc, 1);
	assert_true(tu_contains(r.out, "[XSD-UNKNOWN-ELEMENT]"));
	tu_run_free(&r);
	free(v10);
	free(mixed);
	tu_cleanup(db);
}

/* The version is found before the schema is chosen, also behind a long
 * prolog (the peek reads 4 KB at a time, up to 1 MB). */
static void test_version_behind_long_prolog(void **state)
{
	char *db = tu_temp_db(), *v10 = delivery("network/essen.xml");
	char *d12 = delivery("delivery/essen-12.xml");
	char *a = beside(db, "a.xml"), *b = beside(db, "b.xml"), comment[20000];
	struct ft_run r;

	(void)state;
	snprintf(comment, sizeof(comment), "<!-- %0*d -->\n<exchange ", 12000, 0);
	write_variant(v10, a, 1, "<exchange ", comment);
	write_variant(d12, b, 1, "<exchange ", comment);
	tu_run(&r, NULL, "validate", a, b, NULL);
	assert_int_equal(r.rc, 0);
	assert_true(tu_contains(r.out, "a.xml: valid"));
	assert_true(tu_contains(r.out, "b.xml: valid"));
	tu_run_free(&r);
	free(v10);
	free(d12);
	free(a);
	free(b);
	tu_cleanup(db);
}

/* ---- export ---------------------------------------------------------------------------------- */

static void test_export_versions(void **state)
{
	char *db = tu_small_db(), *d12 = delivery("delivery/essen-12.xml");
	char *v10 = delivery("network/duesseldorf-2.xml");
	char *fwd = beside(db, "essen-fwd.xml"), *old = beside(db, "essen-1.0.xml");
	char *own = beside(db, "own.xml"), *own10 = beside(db, "own-1.0.xml");
	char *other = beside(db, "other.db"), *text;
	struct ft_run r;

	(void)state;
	tu_ok(db, "import", d12, NULL);
	tu_ok(db, "import", v10, NULL);
	setenv("SOURCE_DATE_EPOCH", "1795478400", 1); /* 2026-11-24T00:00:00Z */

	/* a partner's data passed on keeps its generated time, cut-off and
	 * number, and names who passed it on */
	tu_ok(db, "export", "--city", "05113000", "-o", fwd, NULL);
	text = slurp(fwd);
	assert_non_null(strstr(text, "version=\"1.1\" generated=\"2026-12-02T08:00:00Z\""));
	assert_non_null(strstr(text, "<delivery cutoff=\"2026-11-30\" sequence=\"12\""));
	assert_non_null(strstr(text, "<forwarded-by ags=\"05913000\" name=\"Dortmund\" "
				     "at=\"2026-11-24T00:00:00Z\"/>"));
	assert_non_null(strstr(text, "population-date=\"2025-12-31\""));
	assert_non_null(strstr(text, "<participants year=\"2026\" field=\"language\">203<"));
	free(text);
	tu_run(&r, NULL, "validate", fwd, NULL);
	assert_int_equal(r.rc, 0);
	tu_run_free(&r);
	/* imported elsewhere it is Essen's delivery no. 12, forwarded by Dortmund */
	tu_ok(other, "init", NULL);
	tu_ok(other, "import", fwd, NULL);
	tu_assert_query(other, "SELECT sequence || ' ' || forwarded_ags || ' ' || generated "
			       "FROM exchange_import",
			"12 05913000 2026-12-02T08:00:00Z");

	/* for a partner that has not upgraded: 1.0, saying what is lost */
	tu_run(&r, db, "export", "--city", "05113000", "--format-version", "1.0", "-o", old, NULL);
	assert_int_equal(r.rc, 0);
	assert_true(tu_contains(r.err, "format 1.0 cannot carry the delivery's cut-off date"));
	assert_true(tu_contains(r.err, "2 indicator figures"));
	tu_run_free(&r);
	text = slurp(old);
	assert_non_null(strstr(text, "version=\"1.0\" generated=\"2026-12-02T08:00:00Z\""));
	assert_null(strstr(text, "<delivery"));
	free(text);
	tu_run(&r, NULL, "validate", old, NULL);
	assert_int_equal(r.rc, 0);
	tu_run_free(&r);
	/* a partner held from a 1.0 file has no number to pass on as 1.1 */
	tu_fail(db, 1, "its delivery held is a 1.0 file", "export", "--city", "05111000",
		"--format-version", "1.1", NULL);

	/* the own city: 1.1 by default, its own number and cut-off */
	tu_ok(db, "export", "-o", own, "--sequence", "7", "--contact", "Kämmerei Dortmund", NULL);
	text = slurp(own);
	assert_non_null(strstr(text, "<delivery cutoff=\"2026-11-24\" sequence=\"7\""));
	assert_non_null(strstr(text, "<contact name=\"Kämmerei Dortmund\"/>"));
	assert_null(strstr(text, "forwarded-by"));
	free(text);
	tu_run(&r, db, "export", "-o", own10, "--format-version", "1.0", NULL);
	assert_int_equal(r.rc, 0);
	assert_true(tu_contains(r.err, "cannot carry the delivery's cut-off date, sequence number "
				       "and contact"));
	tu_run_free(&r);
	tu_fail(db, 2, "invalid sequence number '0'", "export", "--sequence", "0", NULL);
	unsetenv("SOURCE_DATE_EPOCH");
	free(d12);
	free(v10);
	free(fwd);
	free(old);
	free(own);
	free(own10);
	tu_cleanup(other);
	tu_cleanup(db);
}

/* ---- audit verify ----------------------------------------------------------------------- */

static void test_verify_rows(void **state)
{
	char *db = tu_temp_db(), *d12 = delivery("delivery/essen-12.xml");
	char *ge = delivery("delivery/gelsenkirchen-1.xml");
	struct ft_run r;

	(void)state;
	tu_ok(db, "init", NULL);
	tu_ok(db, "import", d12, NULL);
	tu_ok(db, "import", ge, NULL);
	tu_run(&r, db, "audit", "verify", NULL);
	assert_int_equal(r.rc, 0);
	assert_true(tu_contains(r.out, "the rows of all 2 equal what their delivery brought"));
	tu_run_free(&r);
	/* a partner's approved amount changed outside an import */
	write_past_the_door(db, "UPDATE \"grant\" SET approved_cents = 12500001 "
				"WHERE ref = 'E-SOE-24'");
	tu_run(&r, db, "audit", "verify", NULL);
	assert_int_equal(r.rc, 1);
	assert_true(tu_contains(r.err, "city 05113000 Essen: its rows no longer equal what its "
				       "delivery brought (delivery no. 12"));
	assert_true(tu_contains(r.err, "1 of 2 imported cities"));
	tu_run_free(&r);
	free(d12);
	free(ge);
	tu_cleanup(db);
}


/* A partner's snapshot is logged as one import entry, its rows skip the
 * row triggers (schema/013_bulk_import.sql), and the rows digest still
 * proves them: a booking changed afterwards is found. The own city's rows
 * are never written in bulk, and a program without fundtrack's functions
 * cannot write a partner's rows at all. */
static void test_partner_rows_in_bulk(void **state)
{
	TU_SQLITE_ONLY("writes through a raw SQLite connection without fundtrack's registered functions");
	char *db = tu_temp_db(), *d12 = delivery("delivery/essen-12.xml");
	struct ft_error err;
	struct ft_run r;
	struct db *raw;
	char *errmsg = NULL;

	(void)state;
	tu_ok(db, "init", NULL);
	tu_ok(db, "import", d12, NULL);
	/* essen-12.xml: the city row, its delivery, its 2 indicator figures and
	 * the import entry; none of its 3 bookings, grants or projects */
	tu_assert_query(db, "SELECT group_concat(table_name || ':' || action, ' ') FROM "
			 "(SELECT table_name, action FROM audit_log WHERE action <> 'baseline' "
			 "ORDER BY id)",
		     "city:insert exchange_indicator:insert exchange_indicator:insert "
		     "exchange_import:insert import:import");
	tu_assert_query(db, "SELECT count(*) FROM booking", "3");
	/* the sqlite3 shell: the booking triggers need ft_audit_bulk() */
	assert_int_equal(db_open_v2(db, &raw, DB_OPEN_READWRITE | DB_OPEN_CREATE), DB_OK);
	assert_int_not_equal(sqlite3_exec(db_sqlite_handle(raw), "UPDATE booking SET amount_cents = 1", NULL, NULL,
					  &errmsg),
			     DB_OK);
	assert_true(tu_contains(errmsg, "no such function: ft_audit_bulk"));
	sqlite3_free(errmsg);
	db_close(raw);
	/* the switch is refused for the own city */
	{
		char *own = tu_small_db();
		struct store *st;

		assert_int_equal(store_open(&st, own, STORE_EXISTING, STORE_JOURNAL_WAL, &err), 0);
		assert_int_equal(store_audit_bulk_city(st, 1, &err), -1);
		assert_true(tu_contains(err.msg, "the own city's rows are always audited"));
		store_close(st);
		tu_assert_query(own, "SELECT own FROM city WHERE id = 1", "1");
		tu_cleanup(own);
	}
	/* a partner booking removed on a fundtrack connection outside an import
	 * (bookings cannot be changed, only deleted: booking_immutable) */
	write_past_the_door(db, "DELETE FROM booking WHERE id = (SELECT min(id) FROM booking)");
	tu_assert_query(db, "SELECT count(*) FROM audit_log WHERE table_name = 'booking'", "0");
	tu_run(&r, db, "audit", "verify", NULL);
	assert_int_equal(r.rc, 1);
	assert_true(tu_contains(r.err, "city 05113000 Essen: its rows no longer equal what its "
				       "delivery brought (delivery no. 12"));
	tu_run_free(&r);
	free(d12);
	tu_cleanup(db);
}

/* ---- a partner city's ledger rows without row triggers (issue 19) ---------------------- */

static int triggers_on(struct store *st)
{
	int on = -1;

	assert_int_equal(sqlite3_db_config(db_sqlite_handle(store_db(st)),
					   SQLITE_DBCONFIG_ENABLE_TRIGGER, -1, &on),
			 SQLITE_OK);
	return on;
}

static void ignore_finding(void *arg, const struct exch_diag *d)
{
	(void)arg;
	(void)d;
}

/* Imports file on st: 0, or -1 with the message in err. */
static int import_file(struct store *st, const char *file, struct ft_error *err)
{
	struct exch_import_options opts = { 0 };
	struct exch_diags diags = { file, 0, 0, ignore_finding, NULL };
	struct exch_import_result r;

	return exchange_import(st, file, &opts, &diags, &r, err);
}

static const char grants_sql[] =
	"SELECT group_concat(ref, ' ') FROM (SELECT ref FROM \"grant\" ORDER BY ref)";

/* The import writes a partner city's projects, grants, allocations and
 * bookings with the connection's row triggers off
 * (exchange_import_ledger.c): what their guards refuse is refused still,
 * nothing of the refused file stays, and the connection has its triggers
 * again after every import. */
static void test_partner_rows_unguarded(void **state)
{
	TU_SQLITE_ONLY("SQLite's trigger switch of a connection");
	char *db = tu_temp_db(), *d1 = delivery("network/duesseldorf-1.xml");
	char *d2 = delivery("network/duesseldorf-2.xml"), *kom = beside(db, "duesseldorf-kom.xml");
	struct ft_error err;
	struct store *st;

	(void)state;
	tu_ok(db, "init", NULL);
	assert_int_equal(store_open(&st, db, STORE_EXISTING, STORE_JOURNAL_WAL, &err), 0);
	/* not outside a partner city's import */
	assert_int_equal(store_bulk_rows_unguarded(st, 1, &err), -1);
	assert_true(tu_contains(err.msg, "only while a partner city is imported"));
	assert_int_equal(triggers_on(st), 1);
	if (import_file(st, d1, &err))
		fail_msg("import: %s", err.msg);
	assert_int_equal(triggers_on(st), 1);
	tu_assert_query(db, grants_sql, "KOM-2025/003 SOE-2023/001 SOE-2025/002");
	/* the sums written once for the city equal its bookings */
	tu_assert_query(db, "SELECT sum(bookings) = (SELECT count(*) FROM booking) FROM booking_year",
			"1");

	/* a new grant under a programme retired meanwhile */
	write_past_the_door(db, "INSERT INTO retirement (table_name, record_id, retired_at) "
				"SELECT 'programme', id, '2026-11-03T00:00:00Z' FROM programme "
				"WHERE code = 'KOM' AND city_id = (SELECT id FROM city WHERE ags = '05111000')");
	write_variant(d1, kom, 2, "generated=\"2026-11-01T08:00:00Z\"",
		      "generated=\"2026-11-05T08:00:00Z\"", "ref=\"KOM-2025/003\"",
		      "ref=\"KOM-2025/009\"");
	assert_int_equal(import_file(st, kom, &err), -1);
	assert_true(tu_contains(err.msg, "the programme is retired and takes no new grants"));
	assert_int_equal(triggers_on(st), 1);
	tu_assert_query(db, grants_sql, "KOM-2025/003 SOE-2023/001 SOE-2025/002");

	/* the city retired: its next file with a new project */
	tu_ok(db, "city", "retire", "05111000", NULL);
	assert_int_equal(import_file(st, d2, &err), -1);
	assert_true(tu_contains(err.msg, "the city is retired and takes no new records"));
	assert_int_equal(triggers_on(st), 1);
	tu_assert_query(db, grants_sql, "KOM-2025/003 SOE-2023/001 SOE-2025/002");
	store_close(st);
	tu_ok(db, "audit", "verify", NULL);
	free(d1);
	free(d2);
	free(kom);
	tu_cleanup(db);
}

/* ---- the rows digest of a new city made as its rows are written (issue 19) ------------- */

/* What the rows digest made from file's records (exchange_rows_hash_*)
 * says once file is imported into db: 0 with the digest read back, or 1
 * (the records could not give it). */
static int hash_record(void *arg, const struct exch_record *rec, struct ft_error *err)
{
	(void)err;
	exchange_rows_hash_record(arg, rec);
	return 0;
}

static int hash_as_written(const char *db, const char *file, const char *ags)
{
	struct exch_diags diags = { file, 0, 0, ignore_finding, NULL };
	struct exch_rows_hash *h = exchange_rows_hash_new();
	struct exch_sink sink = { hash_record, h };
	struct exch_read_result res;
	char made[SHA256_HEX], read_back[SHA256_HEX];
	struct ft_error err;
	struct store *st;
	int rc;

	assert_non_null(h);
	assert_int_equal(store_open(&st, db, STORE_EXISTING, STORE_JOURNAL_WAL, &err), 0);
	if (exchange_read(file, &sink, &diags, 0, &res, &err))
		fail_msg("read %s: %s", file, err.msg);
	assert_int_equal(diags.errors, 0);
	rc = exchange_rows_hash_finish(h, st, ags, made, &err);
	assert_int_not_equal(rc, -1);
	if (rc == 0) {
		assert_int_equal(exchange_rows_digest(st, ags, read_back, &err), 0);
		assert_string_equal(made, read_back);
	}
	exchange_rows_hash_free(h);
	store_close(st);
	return rc;
}

/* Imports file into a new database, where the city is new, and checks
 * that 'audit verify' finds its rows equal to the digest recorded; then
 * returns what the digest made from the file's records says (above). */
static int import_and_hash(const char *file, const char *ags)
{
	char *db = tu_temp_db();
	struct ft_run r;
	int rc;

	tu_ok(db, "init", NULL);
	tu_ok(db, "import", file, NULL);
	tu_run(&r, db, "audit", "verify", NULL);
	assert_int_equal(r.rc, 0);
	assert_true(tu_contains(r.out, "the rows of all 1 equal what their delivery brought"));
	tu_run_free(&r);
	rc = hash_as_written(db, file, ags);
	tu_cleanup(db);
	return rc;
}

/* The digest of a new city is made from its records where they come in
 * the export's order, and gives the bytes of the digest read back (text
 * to escape, a grant without rate, reversals, indicators, master data in
 * any order); where they do not (a reversal after another booking,
 * projects, grants, bookings or allocations out of order), the import
 * reads the rows back, and 'audit verify' agrees with what it recorded
 * either way. */
static void test_rows_hash_as_written(void **state)
{
	char *d1 = delivery("network/duesseldorf-1.xml"), *d12 = delivery("delivery/essen-12.xml");
	char *dir = tu_temp_db(), *v = beside(dir, "variant.xml");

	(void)state;
	assert_int_equal(import_and_hash(d1, "05111000"), 0);
	assert_int_equal(import_and_hash(d12, "05113000"), 0); /* 1.1, indicators */
	/* text to escape in a note and a reference, no rate, no bookings */
	write_variant(d1, v, 3, "<note>Bescheid vom 12.12.2022, Az. 41.3-SOE</note>",
		      "<note>A &amp; B &lt;C&gt; \"D\" 'E'</note>", "reference=\"AO-77\"",
		      "reference=\"AO &amp; &quot;77&quot; &lt;x&gt;\"",
		      " rate=\"80.00\" start=\"2025-01-01\"", " start=\"2025-01-01\"");
	assert_int_equal(import_and_hash(v, "05111000"), 0);
	/* booking 2 reverses booking 3, right after it: the export's order */
	write_variant(d1, v, 2, "<booking id=\"2\" date=\"2023-02-01\" kind=\"expenditure\" "
				"currency=\"EUR\" reference=\"AO-01\">20000.00</booking>\n      ",
		      "",
		      "<booking id=\"4\" date=\"2024-01-10\" kind=\"drawdown\" currency=\"EUR\" "
		      "reverses=\"3\" reference=\"MA-02-STORNO\">-20000.00",
		      "<booking id=\"2\" date=\"2024-01-06\" kind=\"drawdown\" currency=\"EUR\" "
		      "reverses=\"3\" reference=\"AO-01\">-20000.00</booking>\n"
		      "      <booking id=\"4\" date=\"2024-01-10\" kind=\"expenditure\" "
		      "currency=\"EUR\" reference=\"AO-02\">20000.00");
	assert_int_equal(import_and_hash(v, "05111000"), 0);
	/* the same reversal after booking 4: the export puts it after 3 */
	write_variant(d1, v, 3, "<booking id=\"2\" date=\"2023-02-01\" kind=\"expenditure\" "
				"currency=\"EUR\" reference=\"AO-01\">20000.00</booking>\n      ",
		      "",
		      "reverses=\"3\" reference=\"MA-02-STORNO\">-20000.00</booking>",
		      "reference=\"MA-02-STORNO\">20000.00</booking>\n"
		      "      <booking id=\"2\" date=\"2024-01-06\" kind=\"drawdown\" "
		      "currency=\"EUR\" reverses=\"3\" reference=\"AO-01\">-20000.00</booking>",
		      "<booking id=\"4\" date=\"2024-01-10\" kind=\"drawdown\"",
		      "<booking id=\"4\" date=\"2024-01-10\" kind=\"expenditure\"");
	assert_int_equal(import_and_hash(v, "05111000"), 1);
	/* bookings out of the order of their ids */
	write_variant(d1, v, 2, "<booking id=\"1\" date=\"2023-01-05\"",
		      "<booking id=\"9\" date=\"2023-01-05\"", "<booking id=\"5\"",
		      "<booking id=\"1\"");
	assert_int_equal(import_and_hash(v, "05111000"), 1);
	/* the grants out of the order of their references */
	write_variant(d1, v, 1, "ref=\"KOM-2025/003\"", "ref=\"ZZ-2025/003\"");
	assert_int_equal(import_and_hash(v, "05111000"), 1);
	/* the funders out of the order of their codes: sorted */
	write_variant(d1, v, 2, "<funder code=\"D\"", "<funder code=\"Z-D\"", "funder=\"D\"",
		      "funder=\"Z-D\"");
	assert_int_equal(import_and_hash(v, "05111000"), 0);
	/* the projects out of the order of their codes */
	write_variant(d1, v, 2, "code=\"P-3\"", "code=\"P-0\"", "project=\"P-3\"",
		      "project=\"P-0\"");
	assert_int_equal(import_and_hash(v, "05111000"), 1);
	/* the allocations out of the order of their years */
	write_variant(d1, v, 1,
		      "<allocation year=\"2023\" currency=\"EUR\">40000.00</allocation>\n"
		      "      <allocation year=\"2024\"",
		      "<allocation year=\"2024\" currency=\"EUR\">40000.00</allocation>\n"
		      "      <allocation year=\"2023\"");
	assert_int_equal(import_and_hash(v, "05111000"), 1);
	free(d1);
	free(d12);
	free(v);
	tu_cleanup(dir);
}

/* A partner city's new projects and grants wait in one batch with the
 * grants' allocations, bookings and booking sums (exchange_import_ledger.c):
 * 47 projects are written in statements of 32, of 8 and one by one, in
 * chains of four (one across two statements, one whose predecessor comes
 * after it in the file); 46 grants likewise; the first grant's 900
 * bookings fill the batch twice while it is open, so its sums of two years
 * wait across two writes; 92 grant-years go in statements of 32 and one
 * by one. The rows equal the file (the digest made from its records equals
 * the one read back) and the sums their bookings ('audit verify'). */
static void test_batches_across_grants(void **state)
{
	char *dir = tu_temp_db(), *path = beside(dir, "batches.xml");
	char *db = tu_temp_db();
	FILE *f = fopen(path, "w");

	(void)state;
	assert_non_null(f);
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	      "<exchange xmlns=\"urn:fundtrack:exchange:1\" version=\"1.0\" "
	      "generated=\"2026-11-20T08:00:00Z\">\n"
	      "  <city ags=\"05111000\"><name>Düsseldorf</name></city><districts><district "
	      "code=\"NORD\"><name>Nord</name></district></districts>\n"
	      "  <funders><funder code=\"LAND\" level=\"state\"><name>Land</name></funder></funders>\n"
	      "  <programmes><programme code=\"SOE\" funder=\"LAND\" financing=\"share\" "
	      "drawdown-days=\"60\" proof-months=\"6\"><name>SOE</name></programme></programmes>\n"
	      "  <projects>\n", f);
	for (int p = 1; p <= 47; p++) {
		char pred[40] = "";

		if (p == 46) /* its predecessor comes after it */
			snprintf(pred, sizeof(pred), " predecessor=\"P-47\"");
		else if (p < 46 && (p - 2) % 4 != 0 && p != 1)
			snprintf(pred, sizeof(pred), " predecessor=\"P-%02d\"", p - 1);
		fprintf(f, "    <project code=\"P-%02d\" field=\"social-work\"%s><title>Projekt %d</title></project>\n",
			p, pred, p);
	}
	fputs("  </projects><grants>\n"
	      "    <grant ref=\"G-1\" project=\"P-01\" programme=\"SOE\" status=\"running\" "
	      "financing=\"share\" start=\"2024-01-01\" end=\"2025-12-31\">\n"
	      "      <approved currency=\"EUR\">900000.00</approved>\n", f);
	for (int k = 1; k <= 900; k++)
		fprintf(f, "      <booking id=\"%d\" date=\"%s\" kind=\"%s\" currency=\"EUR\">1.00</booking>\n",
			k, k <= 450 ? "2024-05-02" : "2025-05-02", k % 2 ? "drawdown" : "expenditure");
	for (int g = 2; g <= 46; g++)
		fprintf(f, "    </grant>\n"
			   "    <grant ref=\"G-1%03d\" project=\"P-%02d\" programme=\"SOE\" status=\"running\" "
			   "financing=\"share\" start=\"2024-01-01\" end=\"2025-12-31\">\n"
			   "      <approved currency=\"EUR\">1000.00</approved>\n"
			   "      <allocation year=\"2024\" currency=\"EUR\">500.00</allocation>\n"
			   "      <allocation year=\"2025\" currency=\"EUR\">500.00</allocation>\n"
			   "      <booking id=\"1\" date=\"2024-03-01\" kind=\"drawdown\" currency=\"EUR\">100.00</booking>\n"
			   "      <booking id=\"2\" date=\"2024-04-01\" kind=\"expenditure\" currency=\"EUR\">100.00</booking>\n"
			   "      <booking id=\"3\" date=\"2025-02-01\" kind=\"drawdown\" currency=\"EUR\">%d.00</booking>\n",
			g, g, g);
	tu_grant_file_close(f);
	assert_int_equal(import_and_hash(path, "05111000"), 0);
	tu_ok(db, "init", NULL);
	tu_ok(db, "import", path, NULL);
	tu_assert_query(db, "SELECT count(*) || '|' || sum(bookings) || '|' || sum(drawn_cents) "
			"FROM booking_year",
			"92|1035|603000"); /* 450 x 1.00 + 45 x 100.00 + (2 + ... + 46) = 6,030.00 */
	tu_assert_query(db, "SELECT count(*) || '|' || min(ref) || '|' || max(ref) FROM \"grant\"",
			"46|G-1|G-1046");
	tu_assert_query(db, "SELECT count(*) || '|' || sum(amount_cents) FROM allocation",
			"90|4500000");
	/* 45 projects in chains of four from P-02 on (33 links), and P-46 after P-47 */
	tu_assert_query(db, "SELECT count(*) || '|' || count(predecessor_id) FROM project", "47|34");
	tu_assert_query(db, "SELECT group_concat(link, ' ') FROM (SELECT s.code || '<' || p.code "
			    "AS link FROM project s JOIN project p ON p.id = s.predecessor_id "
			    "WHERE s.code IN ('P-33', 'P-46', 'P-03') ORDER BY s.code)",
			"P-03<P-02 P-33<P-32 P-46<P-47");
	tu_assert_query(db, "SELECT count(*) FROM \"grant\" g JOIN project p ON p.id = g.project_id "
			    "WHERE substr(g.ref, 5) = substr(p.code, 3) OR g.ref = 'G-1'",
			"46");
	free(path);
	tu_cleanup(db);
	tu_cleanup(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_older_delivery_refused),
		cmocka_unit_test(test_partner_rows_in_bulk),
		cmocka_unit_test(test_partner_rows_unguarded),
		cmocka_unit_test(test_same_number_other_content),
		cmocka_unit_test(test_1_0_ordered_by_generated),
		cmocka_unit_test(test_identity),
		cmocka_unit_test(test_ags_register),
		cmocka_unit_test(test_ags_checked),
		cmocka_unit_test(test_required_features),
		cmocka_unit_test(test_extension_skipped),
		cmocka_unit_test(test_1_0_still_read),
		cmocka_unit_test(test_version_behind_long_prolog),
		cmocka_unit_test(test_export_versions),
		cmocka_unit_test(test_verify_rows),
		cmocka_unit_test(test_rows_hash_as_written),
		cmocka_unit_test(test_batches_across_grants),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
