/* libFuzzer harness: any bytes as a text cell through the table, csv and
 * json writers, the text rule and the UTF-8 toolbox (issue 12, item 8).
 * Properties checked: no crash or sanitizer report; every format's output
 * is valid UTF-8; table and json hold no control character but the line
 * feeds that end lines, and no bidi control; text the rule accepts stays
 * unchanged in csv (but for a formula guard and doubled quotes);
 * utf8_prefix never cuts a character. */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L /* open_memstream */
#endif

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output.h"
#include "text.h"
#include "utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct out_column cols[] = { { "t", "T", OUT_TEXT }, { "m", "M", OUT_MONEY } };

/* The table as it is printed in fmt; caller frees. */
static char *print(const struct out_table *t, enum out_format fmt, size_t *len)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);

	if (!f)
		abort();
	if (out_print_table(t, fmt, f) != 0)
		abort();
	fclose(f);
	return buf;
}

/* Valid UTF-8 without controls (but the line feeds that end lines) and
 * without bidi controls: what the table and json may put on a terminal. */
static void check_shown_safely(const char *s, size_t len)
{
	uint32_t cp;

	if (!utf8_is_valid(s, len, NULL))
		abort();
	for (size_t i = 0; i < len; i += utf8_next(s + i, len - i)) {
		utf8_decode(s + i, len - i, &cp);
		if (utf8_is_bidi_control(cp) || (utf8_is_control(cp) && cp != '\n'))
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1), *out;
	char why[TEXT_PROBLEM_MAX];
	struct out_table *t = out_table_new(cols, 2);
	size_t len, cut;

	if (!text || !t)
		abort();
	memcpy(text, data, size);
	text[size] = '\0';
	out_add_text(t, text);
	out_add_int(t, -12345);
	out = print(t, OUT_TABLE, &len);
	check_shown_safely(out, len);
	free(out);
	out = print(t, OUT_JSON, &len);
	check_shown_safely(out, len);
	free(out);
	out = print(t, OUT_CSV, &len);
	if (!utf8_is_valid(out, len, NULL) || !strstr(out, ",-123.45\n"))
		abort();
	if (!text_problem(text, TEXT_ARGUMENT, why) && !out_could_start_formula(text) &&
	    !strchr(text, '"') && !strstr(out, text))
		abort();
	free(out);
	cut = utf8_prefix(text, strlen(text), size / 2);
	if (cut > size / 2 || (cut < strlen(text) && utf8_is_valid(text, strlen(text), NULL) &&
			       !utf8_is_valid(text, cut, NULL)))
		abort();
	text_export_problem(text, TEXT_NAME, why);
	out_table_free(t);
	free(text);
	return 0;
}
