/* test_exchange.c - the XML exchange: every should-pass, should-fail and
 * attack file under tests/data/exchange (each should-fail file with its
 * expected rule and line), the values the reader hands on, round trips
 * (demo -> export -> import elsewhere -> export), the takeover with
 * --as-own, two cities and a changed file with exact counts, line numbers
 * past 65535, and the export's refusals. Every refused import is checked
 * against a dump of the database taken before. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "db.h"

#include "audit_chain.h"
#include "exchange_rules.h"
#include "sha256.h"
#include "testutil.h"

enum { PATH_MAX_LEN = 4096 };

/* ---- helpers --------------------------------------------------------------- */

/* "$FT_TEST_DATA/exchange/<rel>"; caller frees. */
static char *data_path(const char *rel)
{
	const char *dir = getenv("FT_TEST_DATA");
	char *path = malloc(PATH_MAX_LEN);

	assert_non_null(dir);
	assert_non_null(path);
	snprintf(path, PATH_MAX_LEN, "%s/exchange/%s", dir, rel);
	return path;
}

/* A path next to the test database; caller frees (and removes the file). */
static char *beside(const char *db, const char *name)
{
	char *path = malloc(PATH_MAX_LEN);

	assert_non_null(path);
	snprintf(path, PATH_MAX_LEN, "%s/%s", tu_db_dir(db), name);
	return path;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long size;

	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	size = ftell(f);
	rewind(f);
	buf = malloc((size_t)size + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)size, f), (size_t)size);
	buf[size] = '\0';
	fclose(f);
	if (len)
		*len = (size_t)size;
	return buf;
}

static void assert_same_file(const char *a, const char *b)
{
	size_t la, lb;
	char *x = slurp(a, &la), *y = slurp(b, &lb);

	assert_int_equal(la, lb);
	assert_memory_equal(x, y, la);
	free(x);
	free(y);
}

/* Everything after the second line (the one with 'generated'). */
static const char *after_line2(const char *text)
{
	const char *p = strchr(text, '\n');

	assert_non_null(p);
	p = strchr(p + 1, '\n');
	assert_non_null(p);
	return p + 1;
}

/* 1 when text has a line "FILE:LINE: SEVERITY: ... [RULE]" (line 0:
 * "FILE: SEVERITY: ... [RULE]"). */
static int has_finding(const char *text, const char *file, long line, const char *severity,
		       const char *rule)
{
	char prefix[PATH_MAX_LEN + 64], suffix[64];
	size_t np, ns;

	if (line > 0)
		snprintf(prefix, sizeof(prefix), "%s:%ld: %s: ", file, line, severity);
	else
		snprintf(prefix, sizeof(prefix), "%s: %s: ", file, severity);
	snprintf(suffix, sizeof(suffix), " [%s]", rule);
	np = strlen(prefix);
	ns = strlen(suffix);
	for (const char *p = text; p && *p;) {
		const char *end = strchr(p, '\n');
		size_t len = end ? (size_t)(end - p) : strlen(p);

		if (len >= np + ns && strncmp(p, prefix, np) == 0 &&
		    strncmp(p + len - ns, suffix, ns) == 0)
			return 1;
		p = end ? end + 1 : NULL;
	}
	return 0;
}

/* Runs a command that must fail with exit code 1 and leave the database
 * exactly as it was; returns the run (caller frees). */
static void run_refused(struct ft_run *r, const char *db, const char *cmd, const char *file,
			const char *flag)
{
	char *before = tu_db_dump(db), *after;

	if (flag)
		tu_run(r, db, cmd, file, flag, NULL);
	else
		tu_run(r, db, cmd, file, NULL);
	assert_int_equal(r->rc, 1);
	after = tu_db_dump(db);
	assert_string_equal(before, after);
	free(before);
	free(after);
}

/* A dump of the database without the tables that note imports (which
 * file, its checksum, the audit entry): for comparing data. */
static char *data_dump(const char *db)
{
	char *dump = tu_db_dump(db), *out = malloc(strlen(dump) + 1), *w = out;
	int skip = 0;

	assert_non_null(out);
	for (const char *p = dump; *p;) {
		const char *end = strchr(p, '\n');
		size_t len = end ? (size_t)(end - p) + 1 : strlen(p);

		if (strncmp(p, "## ", 3) == 0)
			skip = strncmp(p, "## exchange_import\n", 19) == 0 ||
			       strncmp(p, "## audit_log\n", 13) == 0;
		if (!skip) {
			memcpy(w, p, len);
			w += len;
		}
		p += len;
	}
	*w = '\0';
	free(dump);
	return out;
}

struct expectation {
	char file[128];
	char rule[32];
	long line;
	int used;
};

/* Reads "FILE RULE LINE" lines (# comments) of dir/expected.txt. */
static size_t read_expectations(const char *dir, struct expectation *out, size_t max)
{
	char path[PATH_MAX_LEN], line[256];
	size_t n = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/expected.txt", dir);
	f = fopen(path, "r");
	assert_non_null(f);
	while (fgets(line, sizeof(line), f)) {
		if (line[0] == '#' || line[0] == '\n')
			continue;
		assert_true(n < max);
		assert_int_equal(sscanf(line, "%127s %31s %ld", out[n].file, out[n].rule, &out[n].line),
				 3);
		out[n].used = 0;
		n++;
	}
	fclose(f);
	return n;
}

static int is_xml_file(const char *name)
{
	size_t len = strlen(name);

	return len > 4 && strcmp(name + len - 4, ".xml") == 0;
}

/* ---- the reader's values -------------------------------------------------------- */

struct captured {
	long kinds[EXCH_RECORD_KINDS];
	int64_t rate_bp, costs, approved, booking_17_cents, reversal_cents;
	int64_t big_id;
	char carrier[64], target[64], district_name[64], booking_note[64], grant_note[128];
	char date_17[16], generated[40], grant_ref[64];
	int action_area;
};

static int capture(void *arg, const struct exch_record *rec, struct ft_error *err)
{
	struct captured *c = arg;

	(void)err;
	assert_false(rec->bad);
	c->kinds[rec->kind]++;
	switch (rec->kind) {
	case EXCH_HEADER:
		snprintf(c->generated, sizeof(c->generated), "%s", rec->u.header.generated);
		break;
	case EXCH_DISTRICT:
		if (strcmp(rec->u.district.code, "K_KALK") == 0)
			snprintf(c->district_name, sizeof(c->district_name), "%s",
				 rec->u.district.name);
		else
			c->action_area = rec->u.district.action_area;
		break;
	case EXCH_PROGRAMME:
		if (strcmp(rec->u.programme.code, "EHAP") == 0)
			c->rate_bp = rec->u.programme.rate_bp;
		break;
	case EXCH_PROJECT:
		if (strcmp(rec->u.project.code, "K-2") == 0) {
			c->costs = rec->u.project.costs;
			snprintf(c->carrier, sizeof(c->carrier), "%s", rec->u.project.carrier);
			snprintf(c->target, sizeof(c->target), "%s", rec->u.project.target_group);
		}
		break;
	case EXCH_GRANT:
		if (rec->u.grant.note) {
			c->approved = rec->u.grant.approved;
			snprintf(c->grant_note, sizeof(c->grant_note), "%s", rec->u.grant.note);
			snprintf(c->grant_ref, sizeof(c->grant_ref), "%s", rec->u.grant.ref);
		}
		break;
	case EXCH_BOOKING:
		if (rec->u.booking.id == 17) {
			c->booking_17_cents = rec->u.booking.amount;
			snprintf(c->date_17, sizeof(c->date_17), "%s", rec->u.booking.date);
		} else if (rec->u.booking.reverses == 17) {
			c->reversal_cents = rec->u.booking.amount;
		} else if (rec->u.booking.id > 1000000) {
			c->big_id = rec->u.booking.id;
			snprintf(c->booking_note, sizeof(c->booking_note), "%s", rec->u.booking.note);
		}
		break;
	default:
		break;
	}
	return 0;
}

/* Another city's way of writing: prefixes, BOM, CDATA, character
 * references, whitespace around numbers, line breaks in attributes. */
static void test_reader_values(void **state)
{
	char *path = data_path("should-pass/everything-allowed.xml");
	struct captured c = { 0 };
	struct exch_sink sink = { capture, &c };
	struct exch_diags diags = { path, 0, 0, NULL, NULL };
	struct exch_validation v;
	struct ft_error err;

	(void)state;
	assert_int_equal(exchange_validate(path, &diags, &sink, 1, &v, &err), 0);
	assert_true(v.valid);
	assert_int_equal(diags.errors, 0);
	assert_int_equal(c.kinds[EXCH_HEADER], 1);
	assert_int_equal(c.kinds[EXCH_CITY], 1);
	assert_int_equal(c.kinds[EXCH_PROJECT], 3);
	assert_int_equal(c.kinds[EXCH_GRANT], 2);
	assert_int_equal(c.kinds[EXCH_GRANT_END], 2);
	assert_int_equal(c.kinds[EXCH_BOOKING], 6);
	assert_int_equal(c.kinds[EXCH_END], 1);
	assert_string_equal(c.generated, "2026-11-20T08:00:00+01:00");
	assert_int_equal(c.rate_bp, 8550);         /* " 85.5 " */
	assert_int_equal(c.costs, 15000000);       /* "\n 150000\n " */
	assert_int_equal(c.approved, 12825050);    /* "128250.5" */
	assert_int_equal(c.booking_17_cents, 1);   /* "0.01" */
	assert_int_equal(c.reversal_cents, -1);    /* "-0.01" */
	assert_string_equal(c.date_17, "2025-02-03"); /* " 2025-02-03 " */
	assert_int_equal(c.big_id, INT64_C(9000000000000000001));
	assert_string_equal(c.booking_note, "erste Rate\n(per Überweisung)");
	assert_string_equal(c.carrier, "Caritas <Köln> & Partner");
	assert_string_equal(c.target, "Familien\nmit kleinen Kindern");
	assert_string_equal(c.district_name, "Kalk \xF0\x9D\x94\x8E \xE2\x82\xAC");
	assert_string_equal(c.grant_ref, "Az. 51/2025 – EHAP");
	assert_non_null(strstr(c.grant_note, "Auflagen:\n1. Zwischennachweis"));
	assert_int_equal(c.action_area, 1);
	assert_string_equal(v.summary.ags, "05315000");
	assert_string_equal(v.summary.city, "Köln");
	free(path);
}

/* ---- should-pass ------------------------------------------------------------------ */

/* Valid, importable, and what the import holds exports to a file that
 * imports again without a change. */
static void check_passing_file(const char *path, const char *name)
{
	char *db = tu_temp_db(), *exported = beside(db, "export.xml"), *before, *after;
	struct ft_run r;
	char line[PATH_MAX_LEN + 64];

	tu_run(&r, NULL, "validate", path, NULL);
	if (r.rc != 0)
		fprintf(stderr, "%s:\n%s%s", name, r.out, r.err);
	assert_int_equal(r.rc, 0);
	snprintf(line, sizeof(line), "%s: valid (XML, schema and business rules)", path);
	assert_non_null(strstr(r.out, line));
	assert_null(strstr(r.out, ": error: "));
	tu_run_free(&r);

	tu_ok(db, "init", NULL);
	tu_ok(db, "import", path, NULL);
	tu_run(&r, db, "--format", "csv", "cities", NULL);
	assert_int_equal(r.rc, 0);
	assert_non_null(strstr(r.out, path));
	tu_run_free(&r);
	tu_ok(db, "export", "--city", strstr(path, "minimal") ? "05113000"
				      : strstr(path, "everything") ? "05315000"
								     : "05913000",
	      "-o", exported, NULL);
	tu_ok(NULL, "validate", exported, NULL);
	before = data_dump(db);
	tu_run(&r, db, "--format", "csv", "import", exported, NULL);
	assert_int_equal(r.rc, 0);
	assert_null(strstr(r.out, ",1,")); /* nothing added, changed or removed */
	tu_run_free(&r);
	/* only the note of which file the data came from changes */
	after = data_dump(db);
	assert_string_equal(before, after);
	free(before);
	free(after);
	unlink(exported);
	free(exported);
	tu_cleanup(db);
}

static void test_should_pass(void **state)
{
	char *dir = data_path("should-pass");
	DIR *d = opendir(dir);
	struct dirent *e;
	int files = 0;

	(void)state;
	assert_non_null(d);
	while ((e = readdir(d)) != NULL) {
		char path[PATH_MAX_LEN];

		if (!is_xml_file(e->d_name))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		check_passing_file(path, e->d_name);
		files++;
	}
	closedir(d);
	assert_true(files >= 3);
	free(dir);
}

/* The example shipped with the schema, and the network fixtures. */
static void test_examples_are_valid(void **state)
{
	static const char *const network[] = { "network/duesseldorf-1.xml",
					       "network/duesseldorf-2.xml", "network/essen.xml" };
	struct ft_run r;

	(void)state;
	tu_run(&r, NULL, "validate", FT_SOURCE_DIR "/xsd/example-dortmund.xml", NULL);
	if (r.rc != 0)
		fprintf(stderr, "%s%s", r.out, r.err);
	assert_int_equal(r.rc, 0);
	tu_run_free(&r);
	for (size_t i = 0; i < 3; i++) {
		char *path = data_path(network[i]);

		tu_ok(NULL, "validate", path, NULL);
		free(path);
	}
}

/* ---- should-fail and attacks ------------------------------------------------------- */

/* Every file of dir is refused with its expected finding by validate and
 * by import (which leaves the database as it was). */
static void check_refused_files(const char *rel, int attacks)
{
	char *dir = data_path(rel), *db = tu_small_db();
	struct expectation exp[128];
	size_t n = read_expectations(dir, exp, 128);
	DIR *d = opendir(dir);
	struct dirent *e;
	int files = 0;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL) {
		char path[PATH_MAX_LEN];
		struct expectation *x = NULL;
		struct ft_run r;

		if (!is_xml_file(e->d_name))
			continue;
		for (size_t i = 0; i < n && !x; i++)
			if (strcmp(exp[i].file, e->d_name) == 0)
				x = &exp[i];
		if (!x)
			fail_msg("%s/%s has no line in expected.txt", rel, e->d_name);
		x->used = 1;
		files++;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);

		tu_run(&r, NULL, "validate", path, NULL);
		if (r.rc != 1 || !has_finding(r.out, path, x->line, "error", x->rule))
			fail_msg("%s: expected %s at line %ld, got (%d):\n%s%s", e->d_name, x->rule,
				 x->line, r.rc, r.out, r.err);
		assert_non_null(strstr(r.out, ": invalid: "));
		assert_null(strstr(r.out, ": valid"));
		if (attacks) /* nothing of what an entity points at leaks */
			assert_null(strstr(r.out, "root:x:0"));
		tu_run_free(&r);

		run_refused(&r, db, "import", path, NULL);
		if (!has_finding(r.err, path, x->line, "error", x->rule))
			fail_msg("import %s: expected %s at line %ld in:\n%s", e->d_name, x->rule, x->line,
				 r.err);
		assert_non_null(strstr(r.err, "nothing was imported"));
		assert_string_equal(r.out, "");
		tu_run_free(&r);
	}
	closedir(d);
	for (size_t i = 0; i < n; i++)
		if (!exp[i].used)
			fail_msg("%s/expected.txt names %s, which does not exist", rel, exp[i].file);
	assert_int_equal((size_t)files, n);
	tu_cleanup(db);
	free(dir);
}

static void test_should_fail(void **state)
{
	(void)state;
	check_refused_files("should-fail", 0);
}

static void test_attacks(void **state)
{
	(void)state;
	check_refused_files("attacks", 1);
}

/* ---- files that cannot be read ------------------------------------------------------- */

static void test_unreadable_files(void **state)
{
	char *db = tu_small_db(), *dir = strdup(tu_db_dir(db)), *missing = beside(db, "missing.xml");
	char *good = data_path("should-pass/minimal.xml"), *bad = data_path("should-fail/empty.xml");
	struct ft_run r;

	(void)state;
	tu_run(&r, NULL, "validate", NULL);
	assert_int_equal(r.rc, 2);
	assert_non_null(strstr(r.err, "needs at least one FILE"));
	tu_run_free(&r);
	tu_run(&r, NULL, "validate", "--strict", good, NULL);
	assert_int_equal(r.rc, 2);
	tu_run_free(&r);

	tu_run(&r, NULL, "validate", missing, NULL);
	assert_int_equal(r.rc, 1);
	assert_true(has_finding(r.out, missing, 0, "error", "FT-FILE"));
	assert_non_null(strstr(r.out, "No such file or directory"));
	tu_run_free(&r);
	tu_run(&r, NULL, "validate", dir, NULL);
	assert_int_equal(r.rc, 1);
	assert_non_null(strstr(r.out, "is a directory"));
	tu_run_free(&r);

	/* every file gets its verdict; one invalid file makes the exit code 1 */
	tu_run(&r, NULL, "validate", good, bad, good, NULL);
	assert_int_equal(r.rc, 1);
	assert_non_null(strstr(r.out, "minimal.xml: valid"));
	assert_non_null(strstr(r.out, "empty.xml: invalid: 1 error"));
	tu_run_free(&r);
	tu_run(&r, NULL, "--format", "json", "validate", good, bad, NULL);
	assert_int_equal(r.rc, 1);
	assert_non_null(strstr(r.out, "\"files\": ["));
	assert_non_null(strstr(r.out, "\"valid\": true"));
	assert_non_null(strstr(r.out, "\"valid\": false"));
	assert_non_null(strstr(r.out, "\"rule\": \"FT-FILE\""));
	tu_run_free(&r);

	run_refused(&r, db, "import", missing, NULL);
	assert_non_null(strstr(r.err, "No such file or directory"));
	tu_run_free(&r);
	run_refused(&r, db, "import", dir, NULL);
	assert_non_null(strstr(r.err, "is a directory"));
	tu_run_free(&r);
	run_refused(&r, db, "import", bad, "--dry-run");
	tu_run_free(&r);
	free(good);
	free(bad);
	free(missing);
	free(dir);
	tu_cleanup(db);
}

/* ---- round trips ------------------------------------------------------------------------ */

static void test_round_trip_demo(void **state)
{
	char *a = tu_temp_db(), *b = tu_temp_db();
	char *first = beside(a, "first.xml"), *again = beside(a, "again.xml");
	char *second = beside(b, "second.xml"), *before, *after;
	struct ft_run r;

	(void)state;
	tu_ok(a, "demo", NULL);
	/* reversals must survive the trip too */
	tu_ok(a, "book", "--reverses", "1", NULL);
	tu_ok(a, "book", "--reverses", "1800", "--note", "falsch gebucht", NULL);
	setenv("SOURCE_DATE_EPOCH", "1795478400", 1);
	tu_ok(a, "export", "-o", first, NULL);
	tu_ok(a, "export", "-o", again, NULL);
	assert_same_file(first, again); /* deterministic */
	tu_run(&r, NULL, "validate", first, NULL);
	assert_int_equal(r.rc, 0);
	/* 31 project bookings, not their 93 shares (2026 - 93 = 1933) */
	assert_non_null(strstr(r.out, "1933 bookings, 3 cost lines, 31 project bookings"));
	tu_run_free(&r);
	{
		char *text = slurp(first, NULL);

		assert_non_null(strstr(text, "generated=\"2026-11-24T00:00:00Z\""));
		assert_non_null(strstr(text, "reverses=\"1800\""));
		assert_non_null(strstr(text, "note=\"falsch gebucht\">-"));
		free(text);
	}

	/* into an empty database: the city arrives as another (not own) city */
	tu_ok(b, "init", NULL);
	tu_run(&r, b, "--format", "csv", "import", first, NULL);
	assert_int_equal(r.rc, 0);
	assert_non_null(strstr(r.out, ",05913000,bookings,1933,0,0,0\n"));
	assert_non_null(strstr(r.out, ",05913000,grants,46,0,0,0\n"));
	tu_run_free(&r);
	tu_ok(b, "export", "--city", "05913000", "-o", second, NULL);
	assert_same_file(first, second);

	/* the same file again changes nothing at all */
	before = tu_db_dump(b);
	tu_run(&r, b, "import", first, NULL);
	assert_int_equal(r.rc, 0);
	assert_non_null(strstr(r.out, "the same file as last time: nothing changed"));
	tu_run_free(&r);
	after = tu_db_dump(b);
	assert_string_equal(before, after);
	free(before);
	free(after);
	unsetenv("SOURCE_DATE_EPOCH");
	unlink(first);
	unlink(again);
	unlink(second);
	free(first);
	free(again);
	free(second);
	tu_cleanup(a);
	tu_cleanup(b);
}

/* A fresh installation takes the own city over with --as-own, booking
 * numbers and all; afterwards the city is its own and cannot be imported
 * over. */
static void test_takeover_as_own(void **state)
{
	char *a = tu_small_db(), *b = tu_temp_db();
	char *file = beside(a, "own.xml"), *back = beside(b, "back.xml");
	struct ft_run r;

	(void)state;
	tu_ok(a, "book", "G-1", "drawdown", "1000", "--date", "2023-02-01", NULL);
	tu_ok(a, "book", "G-1", "drawdown", "250,50", "--date", "2023-03-01", NULL);
	tu_ok(a, "book", "--reverses", "2", "--date", "2023-03-02", NULL);
	setenv("SOURCE_DATE_EPOCH", "1795478400", 1);
	tu_ok(a, "export", "-o", file, NULL);

	/* the own city's file is not imported over own data */
	run_refused(&r, a, "import", file, NULL);
	assert_non_null(strstr(r.err, "holds the own city 05913000 Dortmund"));
	assert_non_null(strstr(r.err, "--as-own"));
	tu_run_free(&r);
	run_refused(&r, a, "import", file, "--as-own");
	assert_non_null(strstr(r.err, "already has its own city 05913000"));
	tu_run_free(&r);

	tu_ok(b, "init", NULL);
	tu_ok(b, "import", "--as-own", file, NULL);
	tu_run(&r, b, "--format", "csv", "cities", NULL);
	assert_non_null(strstr(r.out, "05913000,Dortmund,true,"));
	tu_run_free(&r);
	tu_run(&r, b, "--format", "csv", "bookings", NULL);
	assert_non_null(strstr(r.out, "\n3,G-1,2023-03-02,drawdown,-250.50,"));
	tu_run_free(&r);
	tu_ok(b, "export", "-o", back, NULL);
	assert_same_file(file, back);
	/* it is the own city now: entered here, never imported again */
	run_refused(&r, b, "import", file, NULL);
	tu_run_free(&r);
	run_refused(&r, b, "import", file, "--as-own");
	tu_run_free(&r);
	/* and its bookings are the ledger's: they continue locally */
	tu_ok(b, "book", "G-1", "expenditure", "100", "--date", "2023-04-01", NULL);

	/* booking numbers taken by another city's bookings stop the takeover */
	{
		char *c = tu_temp_db(), *essen = data_path("network/essen.xml");

		tu_ok(c, "init", NULL);
		tu_ok(c, "import", essen, NULL);
		run_refused(&r, c, "import", file, "--as-own");
		assert_non_null(strstr(r.err, "booking number 1 is already used in this database"));
		tu_run_free(&r);
		free(essen);
		tu_cleanup(c);
	}
	unsetenv("SOURCE_DATE_EPOCH");
	unlink(file);
	unlink(back);
	free(file);
	free(back);
	tu_cleanup(a);
	tu_cleanup(b);
}

/* ---- two cities, one file changed -------------------------------------------------------------- */

static void test_network_counts(void **state)
{
	char *db = tu_small_db(), *fresh = tu_temp_db();
	char *v1 = data_path("network/duesseldorf-1.xml"), *v2 = data_path("network/duesseldorf-2.xml");
	char *essen = data_path("network/essen.xml");
	char *out1 = beside(db, "updated.xml"), *out2 = beside(fresh, "fresh.xml");
	char *essen_out = beside(db, "essen.xml"), *before, *after, *text, *fixture;
	char sha[SHA256_HEX], line[256];
	unsigned char digest[SHA256_DIGEST];
	struct sha256 h;
	struct ft_run r;
	size_t len;

	(void)state;
	tu_run(&r, db, "--format", "csv", "import", v1, essen, NULL);
	assert_int_equal(r.rc, 0);
	assert_non_null(strstr(r.out, ",05111000,bookings,9,0,0,0\n"));
	assert_non_null(strstr(r.out, ",05113000,allocations,3,0,0,0\n"));
	tu_run_free(&r);

	/* a dry run counts but writes nothing */
	before = tu_db_dump(db);
	tu_run(&r, db, "--format", "csv", "import", "--dry-run", v2, NULL);
	assert_int_equal(r.rc, 0);
	assert_non_null(strstr(r.out, ",05111000,bookings,5,3,3,3\n"));
	tu_run_free(&r);
	after = tu_db_dump(db);
	assert_string_equal(before, after);
	free(before);
	free(after);

	tu_run(&r, db, "--format", "csv", "import", v2, NULL);
	assert_int_equal(r.rc, 0);
	assert_non_null(strstr(r.out, "file,ags,record,added,changed,removed,unchanged\n"));
	assert_non_null(strstr(r.out, ",05111000,city,0,0,0,1\n"));
	assert_non_null(strstr(r.out, ",05111000,districts,1,1,1,1\n"));
	assert_non_null(strstr(r.out, ",05111000,funders,0,0,0,3\n"));
	assert_non_null(strstr(r.out, ",05111000,programmes,1,1,1,1\n"));
	/* P-3 only got a predecessor: changed */
	assert_non_null(strstr(r.out, ",05111000,projects,1,1,0,2\n"));
	assert_non_null(strstr(r.out, ",05111000,grants,1,1,1,1\n"));
	assert_non_null(strstr(r.out, ",05111000,allocations,1,2,1,2\n"));
	/* 2, 6 and its reversal 13 changed; 9, 10, 11, 12 and 14 (which
	 * replaces 4 as the reversal of 3) new; 4, 5 and 8 gone */
	assert_non_null(strstr(r.out, ",05111000,bookings,5,3,3,3\n"));
	assert_null(strstr(r.out, "05113000")); /* Essen was not touched */
	tu_run_free(&r);
	/* the table for people shows the same */
	before = tu_db_dump(db);
	tu_run(&r, db, "import", v2, NULL);
	assert_int_equal(r.rc, 0);
	assert_non_null(strstr(r.out, "nothing changed"));
	assert_non_null(strstr(r.out, "\nbookings         0        0        0         11\n"));
	tu_run_free(&r);
	after = tu_db_dump(db);
	assert_string_equal(before, after);
	free(before);
	free(after);

	/* the updated city equals the same file imported into an empty database */
	setenv("SOURCE_DATE_EPOCH", "0", 1);
	tu_ok(fresh, "init", NULL);
	tu_ok(fresh, "import", v2, NULL);
	tu_ok(db, "export", "--city", "05111000", "-o", out1, NULL);
	tu_ok(fresh, "export", "--city", "05111000", "-o", out2, NULL);
	assert_same_file(out1, out2);
	text = slurp(out1, NULL);
	fixture = slurp(v2, NULL);
	assert_string_equal(after_line2(text), after_line2(fixture));
	free(text);
	free(fixture);
	tu_ok(db, "export", "--city", "05113000", "-o", essen_out, NULL);
	text = slurp(essen_out, NULL);
	fixture = slurp(essen, NULL);
	assert_string_equal(after_line2(text), after_line2(fixture));
	free(text);
	free(fixture);
	unsetenv("SOURCE_DATE_EPOCH");

	/* cities: own and imported, with the file's checksum */
	text = slurp(v2, &len);
	sha256_init(&h);
	sha256_update(&h, text, len);
	sha256_final(&h, digest);
	sha256_hex(digest, sha);
	free(text);
	tu_run(&r, db, "--format", "csv", "cities", NULL);
	assert_int_equal(r.rc, 0);
	assert_non_null(strstr(r.out, "ags,name,own,projects,grants,imported_at,file,generated,sha256,"
				      "sequence,cutoff\n"
				      "05913000,Dortmund,true,2,1,,,,,,\n"));
	snprintf(line, sizeof(line), ",%s,2026-11-20T08:00:00Z,%s,,\n", v2, sha);
	assert_non_null(strstr(r.out, "05111000,Düsseldorf,false,4,3,"));
	assert_non_null(strstr(r.out, line));
	assert_non_null(strstr(r.out, "05113000,Essen,false,1,1,"));
	tu_run_free(&r);
	tu_run(&r, db, "cities", NULL);
	assert_non_null(strstr(r.out, "SHA-256"));
	assert_non_null(strstr(r.out, sha));
	tu_run_free(&r);

	unlink(out1);
	unlink(out2);
	unlink(essen_out);
	free(out1);
	free(out2);
	free(essen_out);
	free(v1);
	free(v2);
	free(essen);
	tu_cleanup(db);
	tu_cleanup(fresh);
}

/* ---- line numbers past 65535 --------------------------------------------------------------------- */

static void test_big_line_numbers(void **state)
{
	char *db = tu_small_db(), *path = beside(db, "big.xml"), *before, *after;
	FILE *f = fopen(path, "wb");
	struct ft_run r;
	long line;

	(void)state;
	assert_non_null(f);
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	      "<exchange xmlns=\"urn:fundtrack:exchange:1\" version=\"1.0\" "
	      "generated=\"2026-11-20T08:00:00Z\">\n"
	      "  <city ags=\"05111000\">\n    <name>Düsseldorf</name>\n  </city>\n"
	      "  <districts/>\n"
	      "  <funders>\n    <funder code=\"L\" level=\"state\">\n      <name>Land</name>\n"
	      "    </funder>\n  </funders>\n"
	      "  <programmes>\n    <programme code=\"S\" funder=\"L\" financing=\"share\" "
	      "drawdown-days=\"60\" proof-months=\"6\">\n      <name>SOE</name>\n"
	      "    </programme>\n  </programmes>\n"
	      "  <projects>\n    <project code=\"P\" field=\"housing\">\n      <title>T</title>\n"
	      "    </project>\n  </projects>\n"
	      "  <grants>\n    <grant ref=\"G\" project=\"P\" programme=\"S\" status=\"running\" "
	      "financing=\"share\" start=\"2024-01-01\" end=\"2026-12-31\">\n"
	      "      <approved currency=\"EUR\">1000000.00</approved>\n",
	      f);
	line = 24;
	for (long id = 1; id <= 70000; id++, line++)
		fprintf(f, "      <booking id=\"%ld\" date=\"2025-01-02\" kind=\"drawdown\" "
			   "currency=\"EUR\">1.00</booking>\n",
			id);
	/* line 70025: schema layer; line 70026: business rules */
	fputs("      <booking id=\"70001\" date=\"2025-01-02\" kind=\"drawdown\" "
	      "currency=\"EUR\">1.234</booking>\n"
	      "      <booking id=\"70002\" date=\"2025-01-02\" kind=\"drawdown\" "
	      "currency=\"EUR\">0.00</booking>\n"
	      "    </grant>\n  </grants>\n</exchange>\n",
	      f);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(line, 70024);

	tu_run(&r, NULL, "validate", path, NULL);
	assert_int_equal(r.rc, 1);
	assert_true(has_finding(r.out, path, 70025, "error", "XSD-AMOUNT"));
	assert_true(has_finding(r.out, path, 70026, "error", "FT-AMOUNT"));
	assert_non_null(strstr(r.out, "'1.234'"));
	tu_run_free(&r);
	before = tu_db_dump(db);
	tu_run(&r, db, "import", path, NULL);
	assert_int_equal(r.rc, 1);
	assert_true(has_finding(r.err, path, 70026, "error", "FT-AMOUNT"));
	tu_run_free(&r);
	after = tu_db_dump(db);
	assert_string_equal(before, after);
	free(before);
	free(after);
	unlink(path);
	free(path);
	tu_cleanup(db);
}

/* A file full of errors is not read to its end. */
static void test_error_limit(void **state)
{
	char *db = tu_temp_db(), *path = beside(db, "bad.xml");
	FILE *f = fopen(path, "wb");
	struct ft_run r;

	(void)state;
	assert_non_null(f);
	fputs("<?xml version=\"1.0\"?>\n<exchange xmlns=\"urn:fundtrack:exchange:1\" "
	      "version=\"1.0\" generated=\"2026-11-20T08:00:00Z\">\n"
	      "  <city ags=\"05111000\"><name>D</name></city>\n  <districts>\n",
	      f);
	for (int i = 0; i < 500; i++)
		fprintf(f, "    <district code=\"D %d\"><name>x</name></district>\n", i);
	fputs("  </districts>\n  <funders/><programmes/><projects/><grants/>\n</exchange>\n", f);
	assert_int_equal(fclose(f), 0);
	tu_run(&r, NULL, "validate", path, NULL);
	assert_int_equal(r.rc, 1);
	assert_non_null(strstr(r.out, "too many errors: stopped reading the file after 100 errors"));
	assert_non_null(strstr(r.out, "bad.xml: invalid: 101 errors, 0 warnings (the file was not "
				      "read to its end)"));
	tu_run_free(&r);
	unlink(path);
	free(path);
	tu_cleanup(db);
}

/* ---- export refusals ------------------------------------------------------------------------------- */

/* SQL on a fundtrack connection (audit functions registered), bypassing
 * the commands' checks as data from an older version would. */
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

static void test_export_errors(void **state)
{
	TU_SQLITE_ONLY("writes hostile text with SQLite's char() and printf()");
	char *db = tu_small_db(), *nowhere = beside(db, "no/such/dir/x.xml");
	char *file = beside(db, "x.xml"), long_title[600];
	struct stat sb;
	struct ft_run r;

	(void)state;
	tu_run(&r, db, "export", "--city", "99999999", NULL);
	assert_int_equal(r.rc, 1);
	assert_non_null(strstr(r.err, "no city with AGS '99999999'"));
	tu_run_free(&r);
	setenv("SOURCE_DATE_EPOCH", "yesterday", 1);
	tu_run(&r, db, "export", NULL);
	assert_int_equal(r.rc, 1);
	assert_non_null(strstr(r.err, "invalid SOURCE_DATE_EPOCH 'yesterday'"));
	tu_run_free(&r);
	unsetenv("SOURCE_DATE_EPOCH");
	tu_run(&r, db, "export", "-o", nowhere, NULL);
	assert_int_equal(r.rc, 1);
	assert_non_null(strstr(r.err, "cannot write"));
	tu_run_free(&r);
	tu_run(&r, db, "export", "extra", NULL);
	assert_int_equal(r.rc, 2);
	tu_run_free(&r);

	/* text XML cannot carry stops the export, and no file appears; the
	 * commands refuse such text at the door (test_utf8.c), so it is
	 * written as an older version could have */
	write_past_the_door(db, "UPDATE project SET carrier = 'Caritas' || char(7) || ' Dortmund' "
				"WHERE code = 'P1'");
	tu_run(&r, db, "export", "-o", file, NULL);
	assert_int_equal(r.rc, 1);
	assert_non_null(strstr(r.err, "cannot export project 'P1': its carrier contains the control "
				      "character U+0007"));
	assert_int_not_equal(stat(file, &sb), 0);
	tu_run_free(&r);
	tu_ok(db, "project", "edit", "P1", "--carrier", "Caritas Dortmund", NULL);
	memset(long_title, 'x', 501);
	long_title[501] = '\0';
	tu_fail(db, 1, "project title is longer than 500 characters", "project", "edit", "P2",
		"--title", long_title, NULL);
	write_past_the_door(db, "UPDATE project SET title = printf('%.501c', 'x') WHERE code = 'P2'");
	tu_run(&r, db, "export", "-o", file, NULL);
	assert_int_equal(r.rc, 1);
	assert_non_null(strstr(r.err, "its title is longer than 500 characters"));
	tu_run_free(&r);
	tu_ok(db, "project", "edit", "P2", "--title", "Ankommen II", NULL);
	tu_ok(db, "export", "-o", file, NULL);
	tu_ok(NULL, "validate", file, NULL);
	unlink(file);
	free(file);
	free(nowhere);
	tu_cleanup(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reader_values),
		cmocka_unit_test(test_should_pass),
		cmocka_unit_test(test_examples_are_valid),
		cmocka_unit_test(test_should_fail),
		cmocka_unit_test(test_attacks),
		cmocka_unit_test(test_unreadable_files),
		cmocka_unit_test(test_round_trip_demo),
		cmocka_unit_test(test_takeover_as_own),
		cmocka_unit_test(test_network_counts),
		cmocka_unit_test(test_big_line_numbers),
		cmocka_unit_test(test_error_limit),
		cmocka_unit_test(test_export_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
