/* test_output.c - every output format printed into memory and compared
 * byte for byte with what a person or a program should see. */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L /* open_memstream */
#endif

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "msg_lang.h"
#include "output.h"
#include "testutil.h"

/* ------------------------------------------------------------------ */
/* Helpers                                                            */

static struct out_table *new_table(const struct out_column *cols, size_t n)
{
	struct out_table *t = out_table_new(cols, n);

	assert_non_null(t);
	return t;
}

static void add_text(struct out_table *t, const char *text)
{
	assert_int_equal(out_add_text(t, text), 0);
}

static void add_int(struct out_table *t, int64_t value)
{
	assert_int_equal(out_add_int(t, value), 0);
}

static void add_null(struct out_table *t)
{
	assert_int_equal(out_add_null(t), 0);
}

/* Prints sections into memory; the caller frees the result. */
static char *print_sections(const struct out_section *sections, size_t n,
			    enum out_format fmt)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	assert_int_equal(out_print(sections, n, fmt, f), 0);
	assert_int_equal(fclose(f), 0);
	assert_non_null(buf);
	assert_int_equal(strlen(buf), len); /* no NUL bytes in the output */
	return buf;
}

static void expect_sections(const struct out_section *sections, size_t n,
			    enum out_format fmt, const char *expected)
{
	char *got = print_sections(sections, n, fmt);

	assert_string_equal(got, expected);
	free(got);
}

static void expect_table(const struct out_table *t, enum out_format fmt,
			 const char *expected)
{
	struct out_section s = { .key = "rows", .table = t };

	expect_sections(&s, 1, fmt, expected);
}

static void expect_record(const struct out_table *t, enum out_format fmt,
			  const char *expected)
{
	struct out_section s = { .key = "item", .table = t, .record = 1 };

	expect_sections(&s, 1, fmt, expected);
}

/* A strict RFC 8259 checker, so tests need nothing but cmocka. */
struct json_reader {
	const char *p;
};

static int json_value(struct json_reader *r);

static void json_skip_ws(struct json_reader *r)
{
	while (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r')
		r->p++;
}

static int json_literal(struct json_reader *r, const char *word)
{
	size_t len = strlen(word);

	if (strncmp(r->p, word, len) != 0)
		return -1;
	r->p += len;
	return 0;
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int json_digits(struct json_reader *r)
{
	if (!is_digit(*r->p))
		return -1;
	while (is_digit(*r->p))
		r->p++;
	return 0;
}

static int json_number(struct json_reader *r)
{
	if (*r->p == '-')
		r->p++;
	if (*r->p == '0')
		r->p++;
	else if (json_digits(r) < 0)
		return -1;
	if (*r->p == '.') {
		r->p++;
		if (json_digits(r) < 0)
			return -1;
	}
	if (*r->p == 'e' || *r->p == 'E') {
		r->p++;
		if (*r->p == '+' || *r->p == '-')
			r->p++;
		if (json_digits(r) < 0)
			return -1;
	}
	return 0;
}

/* Advances past c when it is next; never moves beyond the final NUL. */
static int json_expect(struct json_reader *r, char c)
{
	if (*r->p != c)
		return -1;
	r->p++;
	return 0;
}

static int json_string(struct json_reader *r)
{
	if (json_expect(r, '"') < 0)
		return -1;
	for (;;) {
		unsigned char c = (unsigned char)*r->p;

		if (c < 0x20) /* includes the terminating NUL */
			return -1;
		r->p++;
		if (c == '"')
			return 0;
		if (c != '\\')
			continue;
		c = (unsigned char)*r->p;
		if (c == 'u') {
			r->p++;
			for (int i = 0; i < 4; i++, r->p++)
				if (!*r->p || !strchr("0123456789abcdefABCDEF", *r->p))
					return -1;
		} else if (c && strchr("\"\\/bfnrt", c)) {
			r->p++;
		} else {
			return -1;
		}
	}
}

/* Parses open ... close with items separated by commas. */
static int json_list(struct json_reader *r, char close, int is_object)
{
	r->p++;
	json_skip_ws(r);
	if (json_expect(r, close) == 0)
		return 0;
	for (;;) {
		if (is_object) {
			json_skip_ws(r);
			if (json_string(r) < 0)
				return -1;
			json_skip_ws(r);
			if (json_expect(r, ':') < 0)
				return -1;
		}
		if (json_value(r) < 0)
			return -1;
		if (json_expect(r, close) == 0)
			return 0;
		if (json_expect(r, ',') < 0)
			return -1;
	}
}

static int json_value(struct json_reader *r)
{
	int rc;

	json_skip_ws(r);
	switch (*r->p) {
	case '{':
		rc = json_list(r, '}', 1);
		break;
	case '[':
		rc = json_list(r, ']', 0);
		break;
	case '"':
		rc = json_string(r);
		break;
	case 't':
		rc = json_literal(r, "true");
		break;
	case 'f':
		rc = json_literal(r, "false");
		break;
	case 'n':
		rc = json_literal(r, "null");
		break;
	default:
		rc = json_number(r);
		break;
	}
	json_skip_ws(r);
	return rc;
}

static int is_valid_json(const char *text)
{
	struct json_reader r = { .p = text };

	return json_value(&r) == 0 && *r.p == '\0';
}

static void assert_valid_json(const char *text)
{
	if (!is_valid_json(text))
		fail_msg("not valid JSON:\n%s", text);
}

/* ------------------------------------------------------------------ */
/* Columns used by several tests                                      */

static const struct out_column all_types[] = {
	{ "name", "Name", OUT_TEXT },	  { "amount", "Betrag", OUT_MONEY },
	{ "rate", "Quote", OUT_RATE },	  { "start", "Beginn", OUT_DATE },
	{ "active", "Aktiv", OUT_BOOL },  { "days", "Tage", OUT_DAYS },
	{ "count", "Anzahl", OUT_INT },
};
enum { ALL_TYPES_N = sizeof(all_types) / sizeof(all_types[0]) };

/* Two rows covering every type, umlauts, a negative amount and a null. */
static struct out_table *all_types_table(void)
{
	struct out_table *t = new_table(all_types, ALL_TYPES_N);

	add_text(t, "Größe Straße");
	add_int(t, 123456);
	add_int(t, 8500);
	add_text(t, "2025-12-31");
	add_int(t, 1);
	add_int(t, -3);
	add_int(t, 7);

	add_text(t, "Ü");
	add_int(t, -50);
	add_int(t, 10000);
	add_null(t);
	add_int(t, 0);
	add_int(t, 12);
	add_int(t, 1234);
	return t;
}

static const struct out_column name_amount[] = {
	{ "name", "Name", OUT_TEXT },
	{ "amount", "Betrag", OUT_MONEY },
};

/* ------------------------------------------------------------------ */
/* Format names and table building                                    */

static void test_format_parse(void **state)
{
	enum out_format fmt = OUT_TABLE;

	(void)state;
	assert_int_equal(out_format_parse("csv", &fmt), 0);
	assert_int_equal(fmt, OUT_CSV);
	assert_int_equal(out_format_parse("csv-de", &fmt), 0);
	assert_int_equal(fmt, OUT_CSV_DE);
	assert_int_equal(out_format_parse("json", &fmt), 0);
	assert_int_equal(fmt, OUT_JSON);
	assert_int_equal(out_format_parse("table", &fmt), 0);
	assert_int_equal(fmt, OUT_TABLE);

	fmt = OUT_JSON;
	assert_int_equal(out_format_parse("JSON", &fmt), -1);
	assert_int_equal(out_format_parse("csv_de", &fmt), -1);
	assert_int_equal(out_format_parse("", &fmt), -1);
	assert_int_equal(out_format_parse("tablex", &fmt), -1);
	assert_int_equal(out_format_parse(NULL, &fmt), -1);
	assert_int_equal(fmt, OUT_JSON); /* untouched on failure */
}

static void test_row_count_and_incomplete_row(void **state)
{
	struct out_table *t = new_table(name_amount, 2);

	(void)state;
	assert_int_equal(out_row_count(t), 0);
	add_text(t, "a");
	assert_int_equal(out_row_count(t), 1);
	add_int(t, 100);
	assert_int_equal(out_row_count(t), 1);
	add_text(t, "b"); /* third cell starts a second row */
	assert_int_equal(out_row_count(t), 2);
	/* The missing last cell prints like null. */
	expect_table(t, OUT_CSV, "name,amount\na,1.00\nb,\n");
	expect_table(t, OUT_JSON,
		     "[\n"
		     "  {\"name\": \"a\", \"amount\": \"1.00\"},\n"
		     "  {\"name\": \"b\", \"amount\": null}\n"
		     "]\n");
	out_table_free(t);
}

static void test_add_text_null_is_null(void **state)
{
	struct out_table *t = new_table(name_amount, 2);

	(void)state;
	add_text(t, NULL);
	add_int(t, 5);
	expect_table(t, OUT_JSON, "[\n  {\"name\": null, \"amount\": \"0.05\"}\n]\n");
	out_table_free(t);
}

static void test_text_is_copied(void **state)
{
	struct out_table *t = new_table(name_amount, 2);
	char name[] = "vorher";

	(void)state;
	add_text(t, name);
	memcpy(name, "nachhe", 6);
	add_int(t, 0);
	expect_table(t, OUT_CSV, "name,amount\nvorher,0.00\n");
	out_table_free(t);
}

static void test_no_columns(void **state)
{
	struct out_table *t = out_table_new(NULL, 0);

	(void)state;
	assert_non_null(t);
	assert_int_equal(out_add_int(t, 1), -1);
	assert_int_equal(out_add_text(t, "x"), -1);
	assert_int_equal(out_add_null(t), -1);
	out_mark_total(t);
	assert_int_equal(out_row_count(t), 0);
	expect_table(t, OUT_JSON, "[]\n");
	expect_table(t, OUT_CSV, "\n");
	out_table_free(t);
	out_table_free(NULL); /* like free(NULL) */
}

static void test_many_rows_grow(void **state)
{
	struct out_table *t = new_table(name_amount, 2);
	char *got, *last_line;
	size_t lines = 0;

	(void)state;
	for (int i = 0; i < 1000; i++) {
		char name[16];

		snprintf(name, sizeof(name), "r%d", i);
		add_text(t, name);
		add_int(t, i);
	}
	assert_int_equal(out_row_count(t), 1000);
	{
		struct out_section s = { .table = t };

		got = print_sections(&s, 1, OUT_CSV);
	}
	for (const char *p = got; *p; p++)
		lines += *p == '\n';
	assert_int_equal(lines, 1001);
	assert_true(strncmp(got, "name,amount\nr0,0.00\nr1,0.01\n", 28) == 0);
	last_line = got + strlen(got) - strlen("r999,9.99\n");
	assert_string_equal(last_line, "r999,9.99\n");
	free(got);
	out_table_free(t);
}

/* ------------------------------------------------------------------ */
/* table format                                                       */

static void test_table_all_types_aligned(void **state)
{
	struct out_table *t = all_types_table();

	(void)state;
	/* Widths in characters: "Größe Straße" is 12 wide although 14 bytes,
	 * "1.234,56 €" is 10. Numbers right, text, dates and booleans left. */
	expect_table(t, OUT_TABLE,
		     "Name              Betrag     Quote  Beginn      Aktiv  Tage  Anzahl\n"
		     "------------  ----------  --------  ----------  -----  ----  ------\n"
		     "Größe Straße  1.234,56 €   85,00 %  31.12.2025  ja       -3       7\n"
		     "Ü                -0,50 €  100,00 %              nein     12    1234\n");
	out_table_free(t);
}

static void test_table_no_trailing_spaces(void **state)
{
	static const struct out_column cols[] = {
		{ "amount", "Betrag", OUT_MONEY },
		{ "note", "Notiz", OUT_TEXT },
	};
	struct out_table *t = new_table(cols, 2);

	(void)state;
	add_int(t, 100);
	add_text(t, "lange Notiz");
	add_int(t, 200);
	add_null(t); /* empty last column: the line ends after the amount */
	add_int(t, 300);
	add_text(t, "x  "); /* the text's own trailing spaces go too */
	expect_table(t, OUT_TABLE,
		     "Betrag  Notiz\n"
		     "------  -----------\n"
		     "1,00 €  lange Notiz\n"
		     "2,00 €\n"
		     "3,00 €  x\n");
	out_table_free(t);
}

static void test_table_label_wider_than_values(void **state)
{
	static const struct out_column cols[] = {
		{ "n", "Laufende Nummer", OUT_INT },
		{ "d", "Überfällig seit", OUT_DAYS },
		{ "ok", "Geprüft", OUT_BOOL },
	};
	struct out_table *t = new_table(cols, 3);

	(void)state;
	add_int(t, 1);
	add_int(t, -120);
	add_int(t, 1);
	expect_table(t, OUT_TABLE,
		     "Laufende Nummer  Überfällig seit  Geprüft\n"
		     "---------------  ---------------  -------\n"
		     "              1             -120  ja\n");
	out_table_free(t);
}

static void test_table_total_row(void **state)
{
	struct out_table *t = new_table(name_amount, 2);

	(void)state;
	add_text(t, "Kita");
	add_int(t, 150000);
	add_text(t, "Bücherei");
	add_int(t, 2550);
	out_mark_total(t);
	add_text(t, "Summe");
	add_int(t, 152550);
	expect_table(t, OUT_TABLE,
		     "Name          Betrag\n"
		     "--------  ----------\n"
		     "Kita      1.500,00 €\n"
		     "Bücherei     25,50 €\n"
		     "--------  ----------\n"
		     "Summe     1.525,50 €\n");
	/* In machine formats the total is an ordinary row. */
	expect_table(t, OUT_CSV,
		     "name,amount\nKita,1500.00\nBücherei,25.50\nSumme,1525.50\n");
	expect_table(t, OUT_JSON,
		     "[\n"
		     "  {\"name\": \"Kita\", \"amount\": \"1500.00\"},\n"
		     "  {\"name\": \"Bücherei\", \"amount\": \"25.50\"}\n"
		     "]\n"); /* no total row in json */
	out_table_free(t);
}

static void test_table_two_total_rows_share_one_rule(void **state)
{
	struct out_table *t = new_table(name_amount, 2);

	(void)state;
	add_text(t, "A");
	add_int(t, 100);
	out_mark_total(t);
	add_text(t, "Summe");
	add_int(t, 100);
	add_text(t, "Rest"); /* marked in the middle of the row */
	out_mark_total(t);
	add_int(t, 0);
	expect_table(t, OUT_TABLE,
		     "Name   Betrag\n"
		     "-----  ------\n"
		     "A      1,00 €\n"
		     "-----  ------\n"
		     "Summe  1,00 €\n"
		     "Rest   0,00 €\n");
	out_table_free(t);
}

static void test_table_total_as_first_row_no_double_rule(void **state)
{
	struct out_table *t = new_table(name_amount, 2);

	(void)state;
	out_mark_total(t);
	add_text(t, "Summe");
	add_int(t, 0);
	expect_table(t, OUT_TABLE,
		     "Name   Betrag\n"
		     "-----  ------\n"
		     "Summe  0,00 €\n");
	out_table_free(t);
}

static void test_table_empty(void **state)
{
	struct out_table *t = new_table(name_amount, 2);

	(void)state;
	expect_table(t, OUT_TABLE,
		     "Name  Betrag\n"
		     "----  ------\n"
		     "(keine Einträge)\n");
	out_table_free(t);
}

static void test_table_record(void **state)
{
	struct out_table *t = all_types_table();

	(void)state;
	/* Only the first row; null (Beginn of row 2 is not shown) gives
	 * "Label:" without a trailing space. */
	expect_record(t, OUT_TABLE,
		      "Name:   Größe Straße\n"
		      "Betrag: 1.234,56 €\n"
		      "Quote:  85,00 %\n"
		      "Beginn: 31.12.2025\n"
		      "Aktiv:  ja\n"
		      "Tage:   -3\n"
		      "Anzahl: 7\n");
	out_table_free(t);
}

static void test_table_record_null_and_umlaut_labels(void **state)
{
	static const struct out_column cols[] = {
		{ "a", "Größe", OUT_TEXT },
		{ "b", "Frist", OUT_DATE },
		{ "c", "Zuständige Stelle", OUT_TEXT },
	};
	struct out_table *t = new_table(cols, 3);

	(void)state;
	add_text(t, "groß");
	add_null(t);
	add_text(t, "Kämmerei");
	expect_record(t, OUT_TABLE,
		      "Größe:             groß\n"
		      "Frist:\n"
		      "Zuständige Stelle: Kämmerei\n");
	out_table_free(t);
}

static void test_table_record_empty(void **state)
{
	struct out_table *t = new_table(name_amount, 2);

	(void)state;
	expect_record(t, OUT_TABLE, "(keine Einträge)\n");
	out_table_free(t);
}

static void test_table_title_and_sections(void **state)
{
	struct out_table *items = new_table(name_amount, 2);
	struct out_table *empty = new_table(name_amount, 2);
	struct out_table *summary = new_table(name_amount, 2);
	struct out_section sections[] = {
		{ .key = "items", .title = "Übersicht Förderungen", .table = items },
		{ .key = "none", .title = NULL, .table = empty },
		{ .key = "summary", .title = "Summe €", .table = summary, .record = 1 },
	};

	(void)state;
	add_text(items, "Kita");
	add_int(items, 99);
	add_text(summary, "alle");
	add_int(summary, 99);
	expect_sections(sections, 3, OUT_TABLE,
			"Übersicht Förderungen\n"
			"=====================\n"
			"Name  Betrag\n"
			"----  ------\n"
			"Kita  0,99 €\n"
			"\n"
			"Name  Betrag\n"
			"----  ------\n"
			"(keine Einträge)\n"
			"\n"
			"Summe €\n"
			"=======\n"
			"Name:   alle\n"
			"Betrag: 0,99 €\n");
	out_table_free(items);
	out_table_free(empty);
	out_table_free(summary);
}

static void test_table_control_chars_shown_as_spaces(void **state)
{
	struct out_table *t = new_table(name_amount, 2);

	(void)state;
	add_text(t, "Zeile 1\nZeile\t2\r");
	add_int(t, 1);
	expect_table(t, OUT_TABLE,
		     /* 16 wide: the trailing CR is a (dropped) space */
		     "Name              Betrag\n"
		     "----------------  ------\n"
		     "Zeile 1 Zeile 2   0,01 €\n");
	out_table_free(t);
}

/* Issue 12, item 8: text from the database or a partner's file must not
 * steer the terminal: escapes, C1 controls and bidi overrides are shown
 * as \x{..}, bytes that are not UTF-8 as U+FFFD, and the columns still
 * line up. */
static void test_table_controls_and_bidi_made_visible(void **state)
{
	struct out_table *t = new_table(name_amount, 2);
	char *got;

	(void)state;
	add_text(t, "a\x1b[31mrot");	      /* ESC: colour */
	add_int(t, 1);
	add_text(t, "\xE2\x80\xAEgnp.exe"); /* U+202E RIGHT-TO-LEFT OVERRIDE */
	add_int(t, 2);
	add_text(t, "x\xC2\x9B" "2J\x7f");    /* C1 CSI, DEL */
	add_int(t, 3);
	add_text(t, "\xE2\x81\xA6iso\xE2\x81\xA9"); /* U+2066 .. U+2069 */
	add_int(t, 4);
	add_text(t, "kaputt\xFF");
	add_int(t, 5);
	got = print_sections(&(struct out_section){ .table = t }, 1, OUT_TABLE);
	assert_string_equal(got,
			    "Name                 Betrag\n"
			    "-------------------  ------\n"
			    "a\\x{1B}[31mrot       0,01 €\n"
			    "\\x{202E}gnp.exe      0,02 €\n"
			    "x\\x{9B}2J\\x{7F}      0,03 €\n"
			    "\\x{2066}iso\\x{2069}  0,04 €\n"
			    "kaputt\xEF\xBF\xBD              0,05 €\n");
	assert_null(strchr(got, 0x1b));
	free(got);
	out_table_free(t);
}

static void test_table_combining_marks_take_no_column(void **state)
{
	struct out_table *t = new_table(name_amount, 2);

	(void)state;
	add_text(t, "Cafe\xCC\x81"); /* e + U+0301: "Café" in 4 columns */
	add_int(t, 1);
	add_text(t, "Tee");
	add_int(t, 2);
	expect_table(t, OUT_TABLE,
		     "Name  Betrag\n"
		     "----  ------\n"
		     "Cafe\xCC\x81  0,01 €\n"
		     "Tee   0,02 €\n");
	out_table_free(t);
}

static void test_table_mismatched_cells_and_bad_date(void **state)
{
	static const struct out_column cols[] = {
		{ "id", "Nr", OUT_TEXT },
		{ "amount", "Betrag", OUT_MONEY },
		{ "due", "Frist", OUT_DATE },
	};
	struct out_table *t = new_table(cols, 3);

	(void)state;
	add_int(t, 42);		  /* an int in a text column: plain digits */
	add_text(t, "unbekannt"); /* text in a money column: as it is */
	add_text(t, "2025-02-30"); /* not a date: shown as stored */
	expect_table(t, OUT_TABLE,
		     "Nr     Betrag  Frist\n"
		     "--  ---------  ----------\n"
		     "42  unbekannt  2025-02-30\n");
	expect_table(t, OUT_CSV_DE,
		     "\xEF\xBB\xBFNr;Betrag;Frist\n42;unbekannt;2025-02-30\n");
	expect_table(t, OUT_JSON,
		     "[\n  {\"id\": \"42\", \"amount\": \"unbekannt\", "
		     "\"due\": \"2025-02-30\"}\n]\n");
	out_table_free(t);
}

static void test_print_table_convenience(void **state)
{
	struct out_table *t = new_table(name_amount, 2);
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	(void)state;
	assert_non_null(f);
	add_text(t, "A");
	add_int(t, 1);
	assert_int_equal(out_print_table(t, OUT_TABLE, f), 0);
	assert_int_equal(out_print_table(t, OUT_JSON, f), 0);
	assert_int_equal(fclose(f), 0);
	assert_string_equal(buf,
			    "Name  Betrag\n"
			    "----  ------\n"
			    "A     0,01 €\n"
			    "[\n  {\"name\": \"A\", \"amount\": \"0.01\"}\n]\n");
	free(buf);
	out_table_free(t);
}

/* ------------------------------------------------------------------ */
/* csv                                                                */

static void test_csv_all_types(void **state)
{
	struct out_table *t = all_types_table();

	(void)state;
	expect_table(t, OUT_CSV,
		     "name,amount,rate,start,active,days,count\n"
		     "Größe Straße,1234.56,85.00,2025-12-31,true,-3,7\n"
		     "Ü,-0.50,100.00,,false,12,1234\n");
	out_table_free(t);
}

static void test_csv_quoting(void **state)
{
	static const struct out_column cols[] = {
		{ "text", "Text", OUT_TEXT },
		{ "key,with \"comma\"", "Label", OUT_TEXT },
	};
	struct out_table *t = new_table(cols, 2);

	(void)state;
	add_text(t, "a,b");
	add_text(t, "sagt \"hallo\"");
	add_text(t, "zwei\nZeilen");
	add_text(t, "cr\rhier");
	add_text(t, "semi;kolon"); /* no comma: stays unquoted in csv */
	add_text(t, "");
	add_text(t, "\"");
	add_text(t, " leer ");
	expect_table(t, OUT_CSV,
		     "text,\"key,with \"\"comma\"\"\"\n"
		     "\"a,b\",\"sagt \"\"hallo\"\"\"\n"
		     "\"zwei\nZeilen\",\"cr\rhier\"\n"
		     "semi;kolon,\n"
		     "\"\"\"\", leer \n");
	out_table_free(t);
}

static void test_csv_empty_and_record(void **state)
{
	struct out_table *empty = new_table(name_amount, 2);
	struct out_table *t = new_table(name_amount, 2);

	(void)state;
	expect_table(empty, OUT_CSV, "name,amount\n");
	add_text(t, "erste");
	add_int(t, 1);
	add_text(t, "zweite");
	add_int(t, 2);
	/* A record is its first row. */
	expect_record(t, OUT_CSV, "name,amount\nerste,0.01\n");
	expect_record(t, OUT_CSV_DE, "\xEF\xBB\xBFName;Betrag\nerste;0,01\n");
	expect_record(empty, OUT_CSV, "name,amount\n");
	out_table_free(empty);
	out_table_free(t);
}

static void test_csv_sections_blank_line_between(void **state)
{
	struct out_table *a = new_table(name_amount, 2);
	struct out_table *b = new_table(name_amount, 2);
	struct out_section sections[] = {
		{ .key = "a", .title = "Titel A", .table = a },
		{ .key = "b", .title = "Titel B", .table = b },
	};

	(void)state;
	add_text(a, "x");
	add_int(a, 1);
	add_text(b, "y");
	add_int(b, -2);
	/* Titles are for people: not in csv. */
	expect_sections(sections, 2, OUT_CSV,
			"name,amount\nx,0.01\n\nname,amount\ny,-0.02\n");
	out_table_free(a);
	out_table_free(b);
}

static void test_csv_extreme_amounts(void **state)
{
	struct out_table *t = new_table(name_amount, 2);

	(void)state;
	add_text(t, "max");
	add_int(t, INT64_MAX);
	add_text(t, "min");
	add_int(t, INT64_MIN);
	expect_table(t, OUT_CSV,
		     "name,amount\n"
		     "max,92233720368547758.07\n"
		     "min,-92233720368547758.08\n");
	expect_table(t, OUT_CSV_DE,
		     "\xEF\xBB\xBFName;Betrag\n"
		     "max;92233720368547758,07\n"
		     "min;-92233720368547758,08\n");
	out_table_free(t);
}

/* ------------------------------------------------------------------ */
/* csv-de                                                             */

static void test_csv_de_all_types(void **state)
{
	struct out_table *t = all_types_table();

	(void)state;
	expect_table(t, OUT_CSV_DE,
		     "\xEF\xBB\xBF"
		     "Name;Betrag;Quote;Beginn;Aktiv;Tage;Anzahl\n"
		     "Größe Straße;1234,56;85,00;31.12.2025;ja;-3;7\n"
		     "Ü;-0,50;100,00;;nein;12;1234\n");
	out_table_free(t);
}

static void test_csv_de_no_thousands_separator(void **state)
{
	struct out_table *t = new_table(name_amount, 2);

	(void)state;
	add_text(t, "groß");
	add_int(t, 123456789);
	expect_table(t, OUT_CSV_DE,
		     "\xEF\xBB\xBFName;Betrag\ngroß;1234567,89\n");
	out_table_free(t);
}

static void test_csv_de_quoting(void **state)
{
	static const struct out_column cols[] = {
		{ "a", "Bezeichnung; lang", OUT_TEXT },
		{ "b", "B", OUT_TEXT },
	};
	struct out_table *t = new_table(cols, 2);

	(void)state;
	add_text(t, "a;b");
	add_text(t, "a,b"); /* a comma is harmless with ';' */
	add_text(t, "\"zitiert\"");
	add_text(t, "x\r\ny");
	expect_table(t, OUT_CSV_DE,
		     "\xEF\xBB\xBF\"Bezeichnung; lang\";B\n"
		     "\"a;b\";a,b\n"
		     "\"\"\"zitiert\"\"\";\"x\r\ny\"\n");
	out_table_free(t);
}

static void test_csv_de_bom_once(void **state)
{
	struct out_table *a = new_table(name_amount, 2);
	struct out_table *b = new_table(name_amount, 2);
	struct out_section sections[] = {
		{ .key = "a", .table = a },
		{ .key = "b", .table = b },
	};
	char *got;

	(void)state;
	add_text(a, "x");
	add_int(a, 150);
	got = print_sections(sections, 2, OUT_CSV_DE);
	assert_string_equal(got, "\xEF\xBB\xBFName;Betrag\nx;1,50\n"
				 "\nName;Betrag\n");
	assert_null(strstr(got + 3, "\xEF\xBB\xBF"));
	free(got);
	/* No sections, no output, not even a BOM. */
	expect_sections(sections, 0, OUT_CSV_DE, "");
	out_table_free(a);
	out_table_free(b);
}

/* ------------------------------------------------------------------ */
/* formula injection (issue 12, item 7)                               */

/* OWASP CSV injection: text cells starting with = + - @ tab or CR get a
 * leading single quote in csv and csv-de; numbers, negative ones
 * included, stay numbers; json and table are not spreadsheets. */
static const struct out_column formula_cols[] = {
	{ "title", "Titel", OUT_TEXT },
	{ "amount", "Betrag", OUT_MONEY },
	{ "due", "Frist", OUT_DATE },
	{ "days", "Tage", OUT_DAYS },
};

static struct out_table *formula_table(void)
{
	struct out_table *t = new_table(formula_cols, 4);

	add_text(t, "=HYPERLINK(\"http://x/\",\"klick\")");
	add_int(t, -150);
	add_text(t, "2025-01-02");
	add_int(t, -3);
	add_text(t, "+1+2");
	add_int(t, 0);
	add_text(t, "=1+1"); /* not a date: shown as stored, so neutralised too */
	add_null(t);
	add_text(t, "-1+2");
	add_null(t);
	add_null(t);
	add_null(t);
	add_text(t, "@SUM(1;2)");
	add_null(t);
	add_null(t);
	add_null(t);
	add_text(t, "\t=1");
	add_null(t);
	add_null(t);
	add_null(t);
	add_text(t, "\r=1");
	add_null(t);
	add_null(t);
	add_null(t);
	add_text(t, "a=b -c"); /* only the first character counts */
	add_null(t);
	add_null(t);
	add_null(t);
	return t;
}

static void test_csv_formula_injection(void **state)
{
	struct out_table *t = formula_table();

	(void)state;
	expect_table(t, OUT_CSV,
		     "title,amount,due,days\n"
		     "\"'=HYPERLINK(\"\"http://x/\"\",\"\"klick\"\")\",-1.50,2025-01-02,-3\n"
		     "'+1+2,0.00,'=1+1,\n"
		     "'-1+2,,,\n"
		     "'@SUM(1;2),,,\n"
		     "\"'\t=1\",,,\n"
		     "\"'\r=1\",,,\n"
		     "a=b -c,,,\n");
	expect_table(t, OUT_CSV_DE,
		     "\xEF\xBB\xBFTitel;Betrag;Frist;Tage\n"
		     "\"'=HYPERLINK(\"\"http://x/\"\",\"\"klick\"\")\";-1,50;02.01.2025;-3\n"
		     "'+1+2;0,00;'=1+1;\n"
		     "'-1+2;;;\n"
		     "\"'@SUM(1;2)\";;;\n"
		     "\"'\t=1\";;;\n"
		     "\"'\r=1\";;;\n"
		     "a=b -c;;;\n");
	out_table_free(t);
}

static void test_formula_prefix_only_in_spreadsheet_formats(void **state)
{
	struct out_table *t = new_table(name_amount, 2);
	char *got;

	(void)state;
	add_text(t, "=1+1");
	add_int(t, -100);
	expect_table(t, OUT_TABLE,
		     "Name   Betrag\n"
		     "----  -------\n"
		     "=1+1  -1,00 €\n");
	got = print_sections(&(struct out_section){ .table = t }, 1, OUT_JSON);
	assert_string_equal(got, "[\n  {\"name\": \"=1+1\", \"amount\": \"-1.00\"}\n]\n");
	free(got);
	out_table_free(t);
}

/* ------------------------------------------------------------------ */
/* json                                                               */

static void test_json_all_types(void **state)
{
	struct out_table *t = all_types_table();
	const char *expected =
		"[\n"
		"  {\"name\": \"Größe Straße\", \"amount\": \"1234.56\", \"rate\": 85.00, "
		"\"start\": \"2025-12-31\", \"active\": true, \"days\": -3, "
		"\"count\": 7},\n"
		"  {\"name\": \"Ü\", \"amount\": \"-0.50\", \"rate\": 100.00, "
		"\"start\": null, \"active\": false, \"days\": 12, "
		"\"count\": 1234}\n"
		"]\n";

	(void)state;
	expect_table(t, OUT_JSON, expected);
	assert_valid_json(expected);
	out_table_free(t);
}

static void test_json_empty_array(void **state)
{
	struct out_table *t = new_table(name_amount, 2);

	(void)state;
	expect_table(t, OUT_JSON, "[]\n");
	out_table_free(t);
}

static void test_json_record(void **state)
{
	struct out_table *t = new_table(name_amount, 2);
	struct out_table *empty = new_table(name_amount, 2);

	(void)state;
	add_text(t, "eins");
	add_int(t, 100);
	add_text(t, "zwei");
	add_int(t, 200);
	expect_record(t, OUT_JSON, "{\"name\": \"eins\", \"amount\": \"1.00\"}\n");
	expect_record(empty, OUT_JSON, "null\n");
	out_table_free(t);
	out_table_free(empty);
}

static void test_json_sections_object(void **state)
{
	struct out_table *items = new_table(name_amount, 2);
	struct out_table *empty = new_table(name_amount, 2);
	struct out_table *summary = new_table(name_amount, 2);
	struct out_section sections[] = {
		{ .key = "items", .title = "Posten", .table = items },
		{ .key = "nothing", .table = empty },
		{ .key = "sum \"all\"", .table = summary, .record = 1 },
	};
	const char *expected =
		"{\n"
		"  \"items\": [\n"
		"    {\"name\": \"a\", \"amount\": \"1.00\"},\n"
		"    {\"name\": \"b\", \"amount\": \"2.00\"}\n"
		"  ],\n"
		"  \"nothing\": [],\n"
		"  \"sum \\\"all\\\"\": {\"name\": \"Summe\", \"amount\": \"3.00\"}\n"
		"}\n";

	(void)state;
	add_text(items, "a");
	add_int(items, 100);
	add_text(items, "b");
	add_int(items, 200);
	add_text(summary, "Summe");
	add_int(summary, 300);
	expect_sections(sections, 3, OUT_JSON, expected);
	assert_valid_json(expected);
	out_table_free(items);
	out_table_free(empty);
	out_table_free(summary);
}

static void test_json_escaping(void **state)
{
	static const struct out_column cols[] = {
		{ "t", "T", OUT_TEXT },
		{ "key\n\"x\"", "K", OUT_TEXT },
	};
	struct out_table *t = new_table(cols, 2);
	struct out_section s = { .table = t };
	char *got;

	(void)state;
	add_text(t, "q\" b\\ \b\f\n\r\t \x01\x1f");
	/* UTF-8 (also 4-byte) and '/' pass through unchanged, DEL is escaped */
	add_text(t, "Grüße € \xF0\x9F\x98\x80 /\x7f");
	got = print_sections(&s, 1, OUT_JSON);
	assert_string_equal(got,
			    "[\n"
			    "  {\"t\": \"q\\\" b\\\\ \\b\\f\\n\\r\\t \\u0001\\u001f\", "
			    "\"key\\n\\\"x\\\"\": \"Grüße € \xF0\x9F\x98\x80 /\\u007f\"}\n"
			    "]\n");
	assert_valid_json(got);
	free(got);
	out_table_free(t);
}

static void test_json_escapes_unsafe_and_invalid_text(void **state)
{
	struct out_table *t = new_table(name_amount, 2);
	char *got;

	(void)state;
	add_text(t, "\xC2\x85|\xE2\x80\xAE|\xE2\x81\xA6|\xE2\x80\xA8|\xFF|\xC3|ok \xC3\xA4");
	add_int(t, 1);
	got = print_sections(&(struct out_section){ .table = t }, 1, OUT_JSON);
	assert_string_equal(got, "[\n  {\"name\": \"\\u0085|\\u202e|\\u2066|\\u2028|\\ufffd|"
				 "\\ufffd|ok \xC3\xA4\", \"amount\": \"0.01\"}\n]\n");
	assert_valid_json(got);
	free(got);
	out_table_free(t);
}

static void test_csv_invalid_utf8_and_controls(void **state)
{
	struct out_table *t = new_table(name_amount, 2);

	(void)state;
	add_text(t, "M\xFCller"); /* Windows-1252 in the database */
	add_int(t, 1);
	add_text(t, "a\x1b" "b"); /* a control character: quoted */
	add_int(t, 2);
	add_text(t, "\xE2\x80\xAEx"); /* bidi controls are data: carried */
	add_int(t, 3);
	expect_table(t, OUT_CSV,
		     "name,amount\n"
		     "M\xEF\xBF\xBDller,0.01\n"
		     "\"a\x1b" "b\",0.02\n"
		     "\xE2\x80\xAEx,0.03\n");
	out_table_free(t);
}

static void test_json_string_direct(void **state)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	(void)state;
	assert_non_null(f);
	out_json_string(f, "");
	fputc(' ', f);
	out_json_string(f, NULL);
	fputc(' ', f);
	out_json_string(f, "\x1b[0m");
	fputc(' ', f);
	out_json_string(f, "ä\"\\");
	assert_int_equal(fclose(f), 0);
	assert_string_equal(buf, "\"\" null \"\\u001b[0m\" \"ä\\\"\\\\\"");
	free(buf);
}

static void test_json_extreme_values(void **state)
{
	static const struct out_column cols[] = {
		{ "m", "M", OUT_MONEY },
		{ "i", "I", OUT_INT },
		{ "d", "D", OUT_DAYS },
		{ "b", "B", OUT_BOOL },
		{ "r", "R", OUT_RATE },
	};
	struct out_table *t = new_table(cols, 5);
	const char *expected =
		"[\n"
		"  {\"m\": \"-92233720368547758.08\", \"i\": -9223372036854775808, "
		"\"d\": 9223372036854775807, \"b\": true, \"r\": 0.01},\n"
		"  {\"m\": \"0.00\", \"i\": 0, \"d\": 0, \"b\": false, \"r\": 0.00}\n"
		"]\n";

	(void)state;
	add_int(t, INT64_MIN);
	add_int(t, INT64_MIN);
	add_int(t, INT64_MAX);
	add_int(t, 2); /* any non-zero is true */
	add_int(t, 1);
	for (int i = 0; i < 5; i++)
		add_int(t, 0);
	expect_table(t, OUT_JSON, expected);
	assert_valid_json(expected);
	out_table_free(t);
}

static void test_json_no_sections(void **state)
{
	(void)state;
	expect_sections(NULL, 0, OUT_JSON, "{}\n");
	expect_sections(NULL, 0, OUT_TABLE, "");
	expect_sections(NULL, 0, OUT_CSV, "");
}

/* The checker used above must reject what is not JSON, or the validity
 * assertions prove nothing. */
static void test_json_checker_rejects_invalid(void **state)
{
	(void)state;
	assert_true(is_valid_json("[1, -0.50, \"a\", {\"k\": null}]\n"));
	assert_false(is_valid_json("[1,]"));
	assert_false(is_valid_json("{\"a\" 1}"));
	assert_false(is_valid_json("\"raw\nnewline\""));
	assert_false(is_valid_json("\"bad \\x escape\""));
	assert_false(is_valid_json("\"\\u00zz\""));
	assert_false(is_valid_json("01"));
	assert_false(is_valid_json("1."));
	assert_false(is_valid_json("[1] 2"));
	assert_false(is_valid_json("\"open"));
	assert_false(is_valid_json(""));
	assert_false(is_valid_json("[1 2]"));
	assert_false(is_valid_json("{\"a\": 1,}"));
	assert_false(is_valid_json("nul"));
	assert_false(is_valid_json("\"tab\there\""));
}

/* ------------------------------------------------------------------ */
/* Write failures                                                     */

static void expect_write_failure(int buffering, size_t bufsize, int rows)
{
	static const enum out_format formats[] = { OUT_TABLE, OUT_CSV, OUT_CSV_DE,
						   OUT_JSON };
	struct out_table *t = new_table(name_amount, 2);

	for (int i = 0; i < rows; i++) {
		add_text(t, "Zeile mit etwas Text");
		add_int(t, i * 100);
	}
	for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
		struct out_section s = { .key = "x", .title = "Titel", .table = t };
		FILE *f = fopen("/dev/full", "w");

		if (!f) {
			out_table_free(t);
			tu_skip("no /dev/full");
		}
		assert_int_equal(setvbuf(f, NULL, buffering, bufsize), 0);
		assert_int_equal(out_print(&s, 1, formats[i], f), -1);
		assert_true(ferror(f));
		fclose(f); /* fails too; nothing more to report */
	}
	out_table_free(t);
}

static void test_write_failure_small_buffer(void **state)
{
	(void)state;
	expect_write_failure(_IOFBF, 16, 200);
}

static void test_write_failure_unbuffered(void **state)
{
	(void)state;
	expect_write_failure(_IONBF, 0, 3);
}

/* Output smaller than the buffer is only written at the final flush,
 * which must still be reported. */
static void test_write_failure_on_flush(void **state)
{
	(void)state;
	expect_write_failure(_IOFBF, 65536, 1);
}

/* English (issue 15): headers are the keys in words, or the English of a
 * key that does not read as one; an indented label stays indented; yes/no
 * and "(no entries)"; csv-de keeps the German labels and ja/nein. */
static void test_table_headers_in_english(void **state)
{
	static const struct out_column cols[] = {
		{ "days_left", "In Tagen", OUT_DAYS },
		{ "ref", "Aktenzeichen", OUT_TEXT },
		{ "repaid", "  davon zur\xC3\xBC" "ckgezahlt", OUT_MONEY },
		{ "valid", "G\xC3\xBCltig", OUT_BOOL },
	};
	struct out_table *t = new_table(cols, 4);
	struct out_table *empty = new_table(name_amount, 2);

	(void)state;
	add_int(t, 3);
	add_text(t, "G-1");
	add_int(t, 100);
	add_int(t, 1);
	msg_lang_set(MSG_EN);
	expect_record(t, OUT_TABLE,
		      "In days:   3\n"
		      "Reference: G-1\n"
		      "  repaid:  1,00 \xE2\x82\xAC\n"
		      "Valid:     yes\n");
	expect_table(empty, OUT_TABLE, "Name  Amount\n----  ------\n(no entries)\n");
	expect_table(t, OUT_CSV_DE, "\xEF\xBB\xBFIn Tagen;Aktenzeichen;  davon zur\xC3\xBC"
				    "ckgezahlt;G\xC3\xBCltig\n3;G-1;1,00;ja\n");
	msg_lang_set(MSG_DE);
	expect_table(empty, OUT_TABLE, "Name  Betrag\n----  ------\n(keine Eintr\xC3\xA4ge)\n");
	out_table_free(t);
	out_table_free(empty);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_format_parse),
		cmocka_unit_test(test_row_count_and_incomplete_row),
		cmocka_unit_test(test_add_text_null_is_null),
		cmocka_unit_test(test_text_is_copied),
		cmocka_unit_test(test_no_columns),
		cmocka_unit_test(test_many_rows_grow),
		cmocka_unit_test(test_table_all_types_aligned),
		cmocka_unit_test(test_table_no_trailing_spaces),
		cmocka_unit_test(test_table_label_wider_than_values),
		cmocka_unit_test(test_table_total_row),
		cmocka_unit_test(test_table_two_total_rows_share_one_rule),
		cmocka_unit_test(test_table_total_as_first_row_no_double_rule),
		cmocka_unit_test(test_table_empty),
		cmocka_unit_test(test_table_record),
		cmocka_unit_test(test_table_record_null_and_umlaut_labels),
		cmocka_unit_test(test_table_record_empty),
		cmocka_unit_test(test_table_title_and_sections),
		cmocka_unit_test(test_table_control_chars_shown_as_spaces),
		cmocka_unit_test(test_table_controls_and_bidi_made_visible),
		cmocka_unit_test(test_table_combining_marks_take_no_column),
		cmocka_unit_test(test_table_mismatched_cells_and_bad_date),
		cmocka_unit_test(test_print_table_convenience),
		cmocka_unit_test(test_csv_all_types),
		cmocka_unit_test(test_csv_quoting),
		cmocka_unit_test(test_csv_empty_and_record),
		cmocka_unit_test(test_csv_sections_blank_line_between),
		cmocka_unit_test(test_csv_extreme_amounts),
		cmocka_unit_test(test_csv_de_all_types),
		cmocka_unit_test(test_csv_de_no_thousands_separator),
		cmocka_unit_test(test_csv_de_quoting),
		cmocka_unit_test(test_csv_de_bom_once),
		cmocka_unit_test(test_csv_formula_injection),
		cmocka_unit_test(test_formula_prefix_only_in_spreadsheet_formats),
		cmocka_unit_test(test_json_all_types),
		cmocka_unit_test(test_json_empty_array),
		cmocka_unit_test(test_json_record),
		cmocka_unit_test(test_json_sections_object),
		cmocka_unit_test(test_json_escaping),
		cmocka_unit_test(test_json_escapes_unsafe_and_invalid_text),
		cmocka_unit_test(test_csv_invalid_utf8_and_controls),
		cmocka_unit_test(test_json_string_direct),
		cmocka_unit_test(test_json_extreme_values),
		cmocka_unit_test(test_json_no_sections),
		cmocka_unit_test(test_json_checker_rejects_invalid),
		cmocka_unit_test(test_write_failure_small_buffer),
		cmocka_unit_test(test_write_failure_unbuffered),
		cmocka_unit_test(test_write_failure_on_flush),
		cmocka_unit_test(test_table_headers_in_english),
	};

	/* German, the program's default: the labels as written */
	msg_lang_set(MSG_DE);
	return tu_exit_code(cmocka_run_group_tests(tests, NULL, NULL));
}
