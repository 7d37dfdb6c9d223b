/* test_exchange_limits.c - the bounds of exchange_scan.h (issue 12 item 4):
 * generated hostile files just within each bound pass the pre-scan, one
 * step beyond is refused with FT-LIMIT at the line of the construct, by
 * validate and by import (database unchanged); the scanner's verdict does
 * not depend on how the file is cut into chunks. The bounds, not times,
 * are tested: the times are in the commit message and the README. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "exchange_scan.h"
#include "testutil.h"

static const char head[] = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
			   "<exchange xmlns=\"urn:fundtrack:exchange:1\" version=\"1.0\" "
			   "generated=\"2026-11-20T08:00:00Z\"";

/* A growable string. */
struct buf {
	char *p;
	size_t len, cap;
};

static void put(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	assert_true(n >= 0);
	if (b->len + (size_t)n + 1 > b->cap) {
		b->cap = (b->len + (size_t)n + 1) * 2;
		b->p = realloc(b->p, b->cap);
		assert_non_null(b->p);
	}
	va_start(ap, fmt);
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

static void put_run(struct buf *b, char c, long n)
{
	for (long i = 0; i < n; i++)
		put(b, "%c", c);
}

/* ---- the documents: each with n of the bounded thing, at line 3 ---------- */

static void attributes(struct buf *b, long n)
{
	put(b, "%s>\n  <city ags=\"05111000\"\n    ", head);
	for (long i = 1; i < n; i++) /* ags is the first */
		put(b, " a%ld=\"1\"", i);
	put(b, "><name>D</name></city>\n</exchange>\n");
}

static void namespaces(struct buf *b, long n)
{
	/* the root declares one; the rest on <city>, which is on line 3 */
	put(b, "%s>\n  <city ags=\"05111000\"", head);
	for (long i = 1; i < n; i++)
		put(b, " xmlns:p%ld=\"urn:x:%ld\"", i, i);
	put(b, "><name>D</name></city>\n</exchange>\n");
}

static void depth(struct buf *b, long n)
{
	put(b, "%s>\n  ", head);
	for (long i = 1; i < n; i++)
		put(b, "<x>");
	for (long i = 1; i < n; i++)
		put(b, "</x>");
	put(b, "\n</exchange>\n");
}

static void name_length(struct buf *b, long n)
{
	put(b, "%s>\n  <", head);
	put_run(b, 'n', n);
	put(b, "/>\n</exchange>\n");
}

static void value_length(struct buf *b, long n)
{
	put(b, "%s>\n  <city ags=\"", head);
	put_run(b, '0', n);
	put(b, "\"><name>D</name></city>\n</exchange>\n");
}

/* text broken up by a comment still counts as one */
static void text_length(struct buf *b, long n)
{
	put(b, "%s>\n  <city ags=\"05111000\"><name><!-- c -->", head);
	put_run(b, 'x', n / 2);
	put(b, "<!-- > -->");
	put_run(b, 'x', n - n / 2);
	put(b, "</name></city>\n</exchange>\n");
}

struct bound {
	const char *what;
	void (*make)(struct buf *b, long n);
	long limit;
	const char *needle;
};

static const struct bound bounds[] = {
	{ "attributes", attributes, EXCH_SCAN_MAX_ATTRIBUTES, "more than 32 attributes" },
	{ "namespaces", namespaces, EXCH_SCAN_MAX_NAMESPACES, "namespace declarations" },
	{ "depth", depth, EXCH_SCAN_MAX_DEPTH, "nested more than 32 levels" },
	{ "name", name_length, EXCH_SCAN_MAX_NAME, "a name longer than 256 bytes" },
	{ "value", value_length, EXCH_SCAN_MAX_VALUE, "an attribute value longer than" },
	{ "text", text_length, EXCH_SCAN_MAX_TEXT, "text longer than 65536 bytes" },
};

/* Scans doc in pieces of `step` bytes; returns the bytes let through. */
static size_t scan_in_steps(const struct buf *doc, size_t step, struct exch_scan *s)
{
	size_t done = 0;

	exch_scan_init(s);
	while (done < doc->len) {
		size_t n = doc->len - done < step ? doc->len - done : step;
		size_t ok = exch_scan(s, (const unsigned char *)doc->p + done, n);

		done += ok;
		if (ok < n)
			break;
	}
	return done;
}

static void test_scanner_bounds(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(bounds) / sizeof(bounds[0]); i++) {
		struct buf at = { 0 }, over = { 0 };
		struct exch_scan s;

		bounds[i].make(&at, bounds[i].limit);
		bounds[i].make(&over, bounds[i].limit + 1);
		/* at the bound: everything passes, whatever the chunking */
		for (size_t step = 1; step <= 65536; step *= 16)
			if (scan_in_steps(&at, step, &s) != at.len)
				fail_msg("%s at the bound refused (step %zu): %s", bounds[i].what,
					 step, s.problem);
		/* beyond: refused at line 3 at the same byte, whatever the chunking */
		size_t stop = scan_in_steps(&over, over.len, &s);

		if (stop == over.len)
			fail_msg("%s beyond the bound let through", bounds[i].what);
		assert_int_equal(s.bad_line, 3);
		if (!strstr(s.problem, bounds[i].needle))
			fail_msg("%s: '%s' lacks '%s'", bounds[i].what, s.problem, bounds[i].needle);
		for (size_t step = 1; step <= 65536; step *= 16)
			assert_int_equal(scan_in_steps(&over, step, &s), stop);
		free(at.p);
		free(over.p);
	}
}

/* splitmix64, for documents that are the same on every run */
static uint64_t next_random(uint64_t *state)
{
	uint64_t z = (*state += 0x9E3779B97F4A7C15ull);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

/* A document of tags with attributes in every spelling the scanner must
 * tell apart: plain ones (its fast path), others with line breaks, tabs,
 * spaces around '=', single quotes, quotes and '>' inside values,
 * namespace declarations, names up to and beyond the bound, many
 * attributes (beyond_bounds: more than the bounds allow); text,
 * comments, end tags. */
static void random_document(struct buf *b, uint64_t *rng, int beyond_bounds)
{
	static const char *const names[] = { "id", "date", "kind", "currency", "reference",
					      "xmlns", "xmlns:x", "a-b.c_d:e", "n\xC3\xA4me" };
	static const char *const values[] = { "1", "2024-05-02", "", "a b", "x\ny", "a>b",
					      "it's", "<", "&amp;" };
	static const char *const seps[] = { " ", " ", " ", "\n", "\t", "  " };

	put(b, "<r>");
	for (int t = 0; t < 200; t++) {
		uint64_t r = next_random(rng);
		int attrs = (int)(r % (beyond_bounds ? 40 : 33));

		put(b, "<e%d", (int)(r >> 8) % 3);
		for (int a = 0; a < attrs; a++) {
			uint64_t q = next_random(rng);
			const char *name = names[q % 9];

			put(b, "%s", seps[(q >> 8) % 6]);
			if (beyond_bounds && (q >> 16) % 2000 == 0)
				put_run(b, 'n', EXCH_SCAN_MAX_NAME - 1 + (long)((q >> 24) % 3));
			else
				put(b, "%s", name);
			put(b, (q >> 32) % 10 == 0 ? " = " : "=");
			put(b, (q >> 36) % 8 == 0 ? "'%s'" : "\"%s\"", values[(q >> 40) % 9]);
		}
		put(b, (r >> 16) % 3 == 0 ? "/>" : ">text\n<!-- c --></e0>\n");
	}
	put(b, "</r>\n");
}

/* Fed whole, in pieces of 7 bytes or byte by byte (where no fast path
 * applies), the scanner ends in the same state and lets the same bytes
 * through, refusal or not. */
static void test_scanner_chunking_agrees(void **state)
{
	uint64_t rng = 19;

	(void)state;
	for (int d = 0; d < 60; d++) {
		struct buf doc = { 0 };
		struct exch_scan whole, bytes, sevens;
		size_t through;

		random_document(&doc, &rng, d % 2);
		through = scan_in_steps(&doc, doc.len, &whole);
		if (d % 2 == 0 && through != doc.len)
			fail_msg("document %d refused: %s", d, whole.problem);
		assert_int_equal(scan_in_steps(&doc, 1, &bytes), through);
		assert_int_equal(scan_in_steps(&doc, 7, &sevens), through);
		if (memcmp(&whole, &bytes, sizeof(whole)) != 0 ||
		    memcmp(&whole, &sevens, sizeof(whole)) != 0)
			fail_msg("document %d: the scanner's state depends on the chunks (line %ld/%ld, "
				 "'%s'/'%s')", d, whole.line, bytes.line, whole.problem, bytes.problem);
		free(doc.p);
	}
}

/* What the format holds is not refused: comments with '>' and "--->",
 * CDATA with '<', PIs, quotes of the other kind inside values, whitespace
 * around '=' and line ends in tags, an empty root. */
static void test_scanner_syntax(void **state)
{
	static const char *const docs[] = {
		"<?xml version='1.0'?><!-- a > b <c> --->\n<r a = \"x'>\" b='\"<'\n/>",
		"<r><![CDATA[<x a=1 a=2 ]] > ]]]><?pi <x> ?><y/></r>",
		"\xEF\xBB\xBF<r/>",
	};
	static const char doctype[] = "<!DOCTYPE r [<!ENTITY a 'b'>]><r a='&a;'/>";
	struct exch_scan s;

	(void)state;
	for (size_t i = 0; i < sizeof(docs) / sizeof(docs[0]); i++) {
		size_t n = strlen(docs[i]);

		exch_scan_init(&s);
		assert_int_equal(exch_scan(&s, (const unsigned char *)docs[i], n), n);
		assert_int_equal(s.depth, 0);
		assert_int_equal(s.namespaces, 0);
	}
	/* a DOCTYPE ends the checks: libxml2 (the reader) refuses it */
	exch_scan_init(&s);
	assert_int_equal(exch_scan(&s, (const unsigned char *)doctype, strlen(doctype)),
			 strlen(doctype));
	assert_int_equal(s.state, SCAN_OFF);
}

/* Through the command line: validate and import name file:line and the
 * bound, the database stays as it was. */
static void test_commands_refuse(void **state)
{
	char *db = tu_small_db(), *dir = strdup(tu_db_dir(db)), path[4096], *before, *after;
	struct ft_run r;

	(void)state;
	snprintf(path, sizeof(path), "%s/hostile.xml", dir);
	for (size_t i = 0; i < sizeof(bounds) / sizeof(bounds[0]); i++) {
		struct buf doc = { 0 };
		char line[4200];
		FILE *f = fopen(path, "wb");

		assert_non_null(f);
		bounds[i].make(&doc, bounds[i].limit + 1);
		assert_int_equal(fwrite(doc.p, 1, doc.len, f), doc.len);
		assert_int_equal(fclose(f), 0);
		free(doc.p);
		snprintf(line, sizeof(line), "%s:3: error: ", path);

		tu_run(&r, NULL, "validate", path, NULL);
		assert_int_equal(r.rc, 1);
		assert_true(tu_contains(r.out, line));
		assert_true(tu_contains(r.out, bounds[i].needle));
		assert_true(tu_contains(r.out, "so the file was not read any further [FT-LIMIT]"));
		tu_run_free(&r);

		before = tu_db_dump(db);
		tu_run(&r, db, "import", path, NULL);
		assert_int_equal(r.rc, 1);
		assert_true(tu_contains(r.err, bounds[i].needle));
		tu_run_free(&r);
		after = tu_db_dump(db);
		assert_string_equal(before, after);
		free(before);
		free(after);
	}
	unlink(path);
	free(dir);
	tu_cleanup(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scanner_bounds),
		cmocka_unit_test(test_scanner_chunking_agrees),
		cmocka_unit_test(test_scanner_syntax),
		cmocka_unit_test(test_commands_refuse),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
