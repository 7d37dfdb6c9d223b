/* test_utf8.c - text: the UTF-8 toolbox (utf8.c), the encoding guess of
 * files (encoding.c), the rule for accepted text (text.c) and that rule at
 * the door of the command line and the ledger (issue 12, item 8), and
 * text that got into a database before the door existed, as the listings
 * show it. */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L /* open_memstream */
#endif

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "db.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit_chain.h"
#include "encoding.h"
#include "ical.h"
#include "testutil.h"
#include "text.h"
#include "utf8.h"

/* ---- decoding and validation ------------------------------------------ */

static size_t decode(const char *s, uint32_t *cp)
{
	return utf8_decode(s, strlen(s) ? strlen(s) : 1, cp);
}

static void test_decode(void **state)
{
	uint32_t cp = 0;

	(void)state;
	assert_int_equal(decode("a", &cp), 1);
	assert_int_equal(cp, 'a');
	assert_int_equal(decode("ä", &cp), 2);
	assert_int_equal(cp, 0xe4);
	assert_int_equal(decode("€", &cp), 3);
	assert_int_equal(cp, 0x20ac);
	assert_int_equal(decode("\xF0\x9F\x98\x80", &cp), 4); /* U+1F600 */
	assert_int_equal(cp, 0x1f600);
	assert_int_equal(decode("\xF4\x8F\xBF\xBF", &cp), 4); /* U+10FFFF */
	assert_int_equal(decode("\xFF", &cp), 0);
	assert_int_equal(decode("\x80", &cp), 0);             /* stray continuation */
	assert_int_equal(decode("\xC0\x80", &cp), 0);         /* overlong NUL */
	assert_int_equal(decode("\xC1\xBF", &cp), 0);         /* overlong */
	assert_int_equal(decode("\xE0\x80\x80", &cp), 0);     /* overlong */
	assert_int_equal(decode("\xF0\x80\x80\x80", &cp), 0); /* overlong */
	assert_int_equal(decode("\xED\xA0\x80", &cp), 0);     /* surrogate */
	assert_int_equal(decode("\xF4\x90\x80\x80", &cp), 0); /* beyond U+10FFFF */
	assert_int_equal(decode("\xE2\x82", &cp), 0);         /* cut short */
	/* avail limits what is read, also inside a NUL-free buffer */
	assert_int_equal(utf8_decode("\xE2\x82\xAC", 2, &cp), 0);
	/* a NUL-terminated string may be read with SIZE_MAX */
	assert_int_equal(utf8_decode("\xE2\x82", SIZE_MAX, &cp), 0);
	assert_int_equal(utf8_next("\xFFx", 2), 1);
	assert_int_equal(utf8_next("€x", 4), 3);
}

static void test_validation(void **state)
{
	size_t bad = 99;
	const char *good = "Gr\xC3\xB6\xC3\x9F" "e \xE2\x82\xAC \xF0\x9F\x98\x80";

	(void)state;
	assert_true(utf8_is_valid(good, strlen(good), NULL));
	assert_true(utf8_is_valid("", 0, NULL));
	assert_false(utf8_is_valid("ab\xE4z", 4, &bad)); /* Windows-1252 'ä' */
	assert_int_equal(bad, 2);
	assert_false(utf8_is_valid("x\xE2\x82", 3, &bad)); /* cut off */
	assert_int_equal(bad, 1);
	/* an embedded NUL is well-formed UTF-8 (U+0000): the text rules
	 * refuse it, not the decoder */
	assert_true(utf8_is_valid("a\0b", 3, NULL));
}

static void test_encode_round_trip(void **state)
{
	static const uint32_t samples[] = { 0x41, 0x7f, 0x80, 0xe4, 0x7ff, 0x800, 0x20ac,
					    0xfffd, 0xffff, 0x10000, 0x1f600, 0x10ffff };
	char buf[UTF8_MAX_BYTES];

	(void)state;
	for (size_t i = 0; i < sizeof(samples) / sizeof(samples[0]); i++) {
		uint32_t back = 0;
		size_t n = utf8_encode(samples[i], buf);

		assert_int_equal(utf8_decode(buf, n, &back), n);
		assert_int_equal(back, samples[i]);
	}
}

static void test_find_multibyte(void **state)
{
	(void)state;
	assert_int_equal(utf8_find_multibyte("abc", 3), 3);
	assert_int_equal(utf8_find_multibyte("M\xFCller", 6), 6);   /* cp1252 only */
	assert_int_equal(utf8_find_multibyte("x\xFC y \xC3\xA4", 7), 5); /* "ä" at 5 */
}

/* ---- character classes and width --------------------------------------- */

static void test_classes(void **state)
{
	(void)state;
	assert_true(utf8_is_control(0x00));
	assert_true(utf8_is_control(0x1b));
	assert_true(utf8_is_control(0x7f));
	assert_true(utf8_is_control(0x85)); /* NEL, C1 */
	assert_true(utf8_is_control(0x9b)); /* CSI, C1 */
	assert_false(utf8_is_control(0xa0));
	assert_false(utf8_is_control('a'));
	for (uint32_t cp = 0x202a; cp <= 0x202e; cp++)
		assert_true(utf8_is_bidi_control(cp));
	for (uint32_t cp = 0x2066; cp <= 0x2069; cp++)
		assert_true(utf8_is_bidi_control(cp));
	assert_false(utf8_is_bidi_control(0x2029));
	assert_false(utf8_is_bidi_control(0x206a));
	assert_false(utf8_is_bidi_control(0x200f)); /* RLM is a mark, no override */
}

static void test_width_and_length(void **state)
{
	(void)state;
	assert_int_equal(utf8_length("Straße"), 6);
	/* "é" as e + U+0301 COMBINING ACUTE ACCENT: two characters */
	assert_int_equal(utf8_length("Caf" "e\xCC\x81"), 5);
	/* a byte that is not UTF-8 is one U+FFFD */
	assert_int_equal(utf8_length("a\xFF" "b"), 3);
	assert_int_equal(utf8_char_width(0xe9), 1);
	assert_int_equal(utf8_char_width(0x0301), 0);
	assert_int_equal(utf8_char_width(0x200b), 0); /* zero width space */
	assert_int_equal(utf8_char_width(0x200d), 0); /* zero width joiner */
	assert_int_equal(utf8_char_width(0x0300), 0);
	assert_int_equal(utf8_char_width(0x036f), 0);
	assert_int_equal(utf8_char_width(0x0370), 1);
	assert_int_equal(utf8_char_width(0xfeff), 0);
	assert_int_equal(utf8_char_width(0xe0100), 0);
	assert_int_equal(utf8_char_width('x'), 1);
}

static void test_prefix_never_splits(void **state)
{
	const char *s = "a€b"; /* 1 + 3 + 1 bytes */

	(void)state;
	assert_int_equal(utf8_prefix(s, 5, 5), 5);
	assert_int_equal(utf8_prefix(s, 5, 4), 4);
	assert_int_equal(utf8_prefix(s, 5, 3), 1);
	assert_int_equal(utf8_prefix(s, 5, 2), 1);
	assert_int_equal(utf8_prefix(s, 5, 1), 1);
	assert_int_equal(utf8_prefix(s, 5, 0), 0);
	/* stray bytes are characters of their own: progress is always made */
	assert_int_equal(utf8_prefix("\x80\x80\x80", 3, 2), 2);
	/* a cut-off sequence at the end counts byte by byte */
	assert_int_equal(utf8_prefix("a\xE2\x82", 3, 10), 3);
}

/* ---- the encoding of a file ------------------------------------------------ */

static void test_encoding_guess(void **state)
{
	size_t bad = 0;
	const char *mixed = "Titel\nM\xC3\xBCller\nK\xF6ln\n"; /* UTF-8 "ü", cp1252 "ö" */

	(void)state;
	assert_int_equal(encoding_guess("abc", 3, &bad), ENCODING_UTF8);
	assert_int_equal(encoding_guess("K\xC3\xB6ln", 5, &bad), ENCODING_UTF8);
	assert_int_equal(encoding_guess("K\xF6ln \x80", 6, &bad), ENCODING_CP1252);
	assert_int_equal(encoding_guess(mixed, strlen(mixed), &bad), ENCODING_MIXED);
	assert_int_equal(bad, strlen("Titel\nM\xC3\xBCller\nK"));
}

/* ---- the rule for accepted text (text.c) ---------------------------------- */

static void expect_problem(const char *s, enum text_kind kind, const char *expected)
{
	char buf[TEXT_PROBLEM_MAX];
	const char *got = text_problem(s, kind, buf);

	if (!expected) {
		if (got)
			print_error("unexpected problem: %s\n", got);
		assert_null(got);
		return;
	}
	assert_non_null(got);
	assert_string_equal(got, expected);
}

static void test_text_rule_characters(void **state)
{
	char buf[TEXT_PROBLEM_MAX];

	(void)state;
	expect_problem("Größe € \xF0\x9F\x98\x80", TEXT_NAME, NULL);
	expect_problem("ab\xFF", TEXT_ARGUMENT, "is not valid UTF-8 (byte 0xFF at character 3)");
	expect_problem("M\xFCller", TEXT_LINE, "is not valid UTF-8 (byte 0xFC at character 2)");
	expect_problem("a\x1b[31m", TEXT_FREE, "contains the control character U+001B at character 2");
	expect_problem("\x7f", TEXT_FREE, "contains the control character U+007F at character 1");
	expect_problem("x\xC2\x9B", TEXT_ARGUMENT,
		       "contains the control character U+009B at character 2");
	expect_problem("\xE2\x80\xAEgnp.exe", TEXT_NAME,
		       "contains the bidi control U+202E at character 1, which would show the "
		       "text in another order");
	expect_problem("a\xE2\x81\xA6" "b", TEXT_FREE,
		       "contains the bidi control U+2066 at character 2, which would show the "
		       "text in another order");
	expect_problem("\xE2\x80\x8F", TEXT_NAME, NULL); /* RLM marks, does not override */
	expect_problem("a\xEF\xBF\xBF", TEXT_FREE,
		       "contains the non-character U+FFFF at character 2");
	/* tab and line breaks: free text and arguments only */
	expect_problem("a\nb\r\n\tc", TEXT_FREE, NULL);
	expect_problem("a\nb\r\n\tc", TEXT_ARGUMENT, NULL);
	expect_problem("a\nb", TEXT_NAME,
		       "must be one line, but has the line break U+000A at character 2");
	expect_problem("a\rb", TEXT_REF,
		       "must be one line, but has the line break U+000D at character 2");
	expect_problem("a\tb", TEXT_LINE, "must not hold tabs, but has the tab U+0009 at character 2");
	/* the exporter's rule is XML's: C1, DEL and bidi controls pass */
	assert_null(text_export_problem("x\xC2\x85\x7f\xE2\x80\xAE", TEXT_FREE, buf));
	assert_non_null(text_export_problem("x\x01", TEXT_FREE, buf));
	assert_non_null(text_export_problem("x\xEF\xBF\xBE", TEXT_FREE, buf));
	assert_non_null(text_export_problem("x\xFF", TEXT_FREE, buf));
}

/* n copies of the UTF-8 character c; caller frees */
static char *repeated(const char *c, size_t n)
{
	size_t len = strlen(c);
	char *s = malloc(n * len + 1);

	assert_non_null(s);
	for (size_t i = 0; i < n; i++)
		memcpy(s + i * len, c, len);
	s[n * len] = '\0';
	return s;
}

/* maxLength of xsd/fundtrack-exchange-1.0.xsd, counted in characters */
static void test_text_rule_lengths(void **state)
{
	static const struct {
		enum text_kind kind;
		size_t max;
	} limits[] = { { TEXT_NAME, 500 }, { TEXT_REF, 64 }, { TEXT_FREE, 4000 } };

	(void)state;
	for (size_t i = 0; i < sizeof(limits) / sizeof(limits[0]); i++) {
		char *fits = repeated("ä", limits[i].max); /* twice as many bytes */
		char *over = repeated("x", limits[i].max + 1);
		char expected[128];

		assert_int_equal(text_max_chars(limits[i].kind), limits[i].max);
		expect_problem(fits, limits[i].kind, NULL);
		snprintf(expected, sizeof(expected), "is longer than %zu characters (it has %zu)",
			 limits[i].max, limits[i].max + 1);
		expect_problem(over, limits[i].kind, expected);
		free(fits);
		free(over);
	}
	assert_int_equal(text_max_chars(TEXT_ARGUMENT), 0);
	assert_int_equal(text_max_chars(TEXT_LINE), 0);
}

/* ---- the door: command-line arguments and the ledger ----------------------- */

static void test_arguments_refused_at_the_door(void **state)
{
	char *db = tu_small_db();

	(void)state;
	/* invalid UTF-8 in a title, a note, the user: nothing is written (tu_fail
	 * compares the whole database) and the bytes are not echoed; arguments
	 * are counted after "fundtrack", and tu_run puts "--db PATH" first */
	tu_fail(db, 2, "argument 6 is not valid UTF-8 (byte 0xFC at character 4)", "project",
		"add", "P9", "Gr\xC3\xBC\xFC", "--field", "health", NULL);
	tu_fail(db, 2, "argument 8 (after '--note') is not valid UTF-8", "book", "G-1", "drawdown",
		"1,00", "--note", "\xFF", "--date", "02.01.2024", NULL);
	tu_fail(db, 2, "the value of option '--note' contains the control character U+001B at "
		       "character 1",
		"book", "G-1", "drawdown", "1,00", "--note=\x1b[2J", "--date", "02.01.2024", NULL);
	tu_fail(db, 2, "argument 4 (after '--user') is not valid UTF-8", "--user", "m\xFCller",
		"district", "add", "X1", "Xdorf", NULL);
	/* C1 controls and bidi overrides */
	tu_fail(db, 2, "argument 6 contains the control character U+009B", "project", "add", "P9",
		"x\xC2\x9B" "2J", "--field", "health", NULL);
	tu_fail(db, 2, "argument 6 contains the bidi control U+202E", "project", "add", "P9",
		"\xE2\x80\xAEgnp.exe", "--field", "health", NULL);
	tu_fail(db, 2, "argument 5 contains the bidi control U+2067", "district", "add",
		"\xE2\x81\xA7", "x", NULL);
	tu_cleanup(db);
}

static void test_fields_refused_by_the_ledger(void **state)
{
	char *db = tu_small_db();
	char *title500 = repeated("ü", 500), *title501 = repeated("x", 501);
	char *ref65 = repeated("R", 65), *note4001 = repeated("n", 4001);
	char xml[4096];

	(void)state;
	/* lengths of the exchange format, in characters */
	tu_fail(db, 1, "project title is longer than 500 characters (it has 501)", "project", "add",
		"P9", title501, "--field", "health", NULL);
	tu_fail(db, 1, "project title is longer than 500 characters", "project", "edit", "P1",
		"--title", title501, NULL);
	tu_fail(db, 1, "grant reference is longer than 64 characters (it has 65)", "grant", "add",
		ref65, "--project", "P1", "--programme", "SOE", "--amount", "1,00", "--from",
		"01.01.2023", "--to", "31.12.2024", NULL);
	tu_fail(db, 1, "booking note is longer than 4000 characters (it has 4001)", "book", "G-1",
		"drawdown", "1,00", "--note", note4001, "--date", "02.01.2024", NULL);
	tu_fail(db, 1, "project carrier is longer than 4000 characters", "project", "edit", "P1",
		"--carrier", note4001, NULL);
	/* one-line fields refuse tabs and line breaks, free text keeps them */
	tu_fail(db, 1, "project title must be one line, but has the line break U+000A", "project",
		"add", "P9", "zwei\nZeilen", "--field", "health", NULL);
	tu_fail(db, 1, "district name must not hold tabs", "district", "add", "X1", "X\tdorf", NULL);
	tu_ok(db, "project", "add", "P9", title500, "--field", "health", "--carrier",
	      "Träger\nzweite Zeile", NULL);
	tu_ok(db, "book", "G-1", "drawdown", "1,00", "--note", "Zeile 1\nZeile 2", "--date",
	      "02.01.2024", NULL);
	/* what was accepted can be exported */
	snprintf(xml, sizeof(xml), "%s/db.xml", tu_db_dir(db));
	tu_ok(db, "export", "-o", xml, NULL);
	unlink(xml);
	free(title500);
	free(title501);
	free(ref65);
	free(note4001);
	tu_cleanup(db);
}

/* ---- text that got in before the door existed --------------------------------- */

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

static void test_stored_hostile_text_is_shown_harmless(void **state)
{
	TU_SQLITE_ONLY("writes hostile text with SQLite's char() and printf()");
	char *db = tu_small_db();
	struct ft_run r;

	(void)state;
	write_past_the_door(db, "UPDATE project SET title = 'a' || char(27) || '[31mrot' || "
				"char(8238) || 'x' || char(133) || 'y' || CAST(X'FF' AS TEXT) "
				"WHERE code = 'P1'");
	tu_run(&r, db, "project", "list", NULL);
	assert_int_equal(r.rc, 0);
	assert_true(tu_contains(r.out, "a\\x{1B}[31mrot\\x{202E}x\\x{85}y\xEF\xBF\xBD"));
	assert_null(strchr(r.out, 0x1b));
	assert_null(strstr(r.out, "\xE2\x80\xAE"));
	tu_run_free(&r);
	tu_run(&r, db, "--format", "json", "project", "list", NULL);
	assert_int_equal(r.rc, 0);
	assert_true(tu_contains(r.out, "a\\u001b[31mrot\\u202ex\\u0085y\\ufffd"));
	assert_true(utf8_is_valid(r.out, strlen(r.out), NULL));
	tu_run_free(&r);
	tu_run(&r, db, "--format", "csv", "project", "list", NULL);
	assert_int_equal(r.rc, 0);
	assert_true(utf8_is_valid(r.out, strlen(r.out), NULL));
	tu_run_free(&r);
	tu_cleanup(db);
}

/* Messages quote values from files (a scenario file here); calendars and
 * messages must not carry controls or bidi characters either. */
static void test_messages_and_calendars_show_text_harmless(void **state)
{
	char *db = tu_small_db();
	char path[4096];
	struct ft_run r;
	FILE *f;

	(void)state;
	snprintf(path, sizeof(path), "%s/db.scn", tu_db_dir(db));
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("staff-fte = 3\x1b[31m\n", f);
	fclose(f);
	tu_run(&r, db, "model", "--scenario", path, NULL);
	assert_int_not_equal(r.rc, 0);
	assert_true(tu_contains(r.err, "'3\\x{1B}[31m'"));
	assert_null(strchr(r.err, 0x1b));
	tu_run_free(&r);
	unlink(path);
	tu_cleanup(db);
}

static void test_calendar_drops_controls_and_bidi(void **state)
{
	struct ical_event ev = { .uid = "u1", .date = "2025-01-02",
				 .summary = "a\xE2\x80\xAE" "b\xC2\x85" "c\x1b" "d",
				 .remind_days = -1 };
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	(void)state;
	assert_non_null(f);
	assert_int_equal(ical_write(f, "x", &ev, 1, "20250101T000000Z"), 0);
	fclose(f);
	assert_true(tu_contains(buf, "SUMMARY:a b c d\r\n"));
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode),
		cmocka_unit_test(test_validation),
		cmocka_unit_test(test_encode_round_trip),
		cmocka_unit_test(test_find_multibyte),
		cmocka_unit_test(test_classes),
		cmocka_unit_test(test_width_and_length),
		cmocka_unit_test(test_prefix_never_splits),
		cmocka_unit_test(test_encoding_guess),
		cmocka_unit_test(test_text_rule_characters),
		cmocka_unit_test(test_text_rule_lengths),
		cmocka_unit_test(test_arguments_refused_at_the_door),
		cmocka_unit_test(test_fields_refused_by_the_ledger),
		cmocka_unit_test(test_stored_hostile_text_is_shown_harmless),
		cmocka_unit_test(test_messages_and_calendars_show_text_harmless),
		cmocka_unit_test(test_calendar_drops_controls_and_bidi),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
