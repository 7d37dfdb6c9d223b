/* test_utf8.c - the UTF-8 toolbox (utf8.c) and the encoding guess of
 * files (encoding.c): well-formedness after RFC 3629, decoding, encoding,
 * control and bidi classes, display width, cutting at a boundary. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "encoding.h"
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
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
