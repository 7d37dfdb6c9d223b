/* text.c - see text.h. */
#include "text.h"

#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>

#include "utf8.h"

static const struct {
	int multiline;
	size_t max_chars; /* 0: no limit */
} rules[] = {
	[TEXT_ARGUMENT] = { 1, 0 },
	[TEXT_LINE] = { 0, 0 },
	[TEXT_NAME] = { 0, 500 },
	[TEXT_REF] = { 0, 64 },
	[TEXT_FREE] = { 1, 4000 },
};

size_t text_max_chars(enum text_kind kind)
{
	return rules[kind].max_chars;
}

enum char_verdict { CHAR_OK, CHAR_LINE_BREAK, CHAR_TAB, CHAR_CONTROL, CHAR_BIDI, CHAR_NONCHAR };

/* strict: the door's rule; else what XML 1.0 carries (it has DEL and C1,
 * and bidi controls are ordinary characters to it). */
static enum char_verdict judge(uint32_t cp, int multiline, int strict)
{
	if (cp == '\n' || cp == '\r')
		return multiline ? CHAR_OK : CHAR_LINE_BREAK;
	if (cp == '\t')
		return multiline ? CHAR_OK : CHAR_TAB;
	if (cp < 0x20)
		return CHAR_CONTROL;
	if (cp == 0xfffe || cp == 0xffff)
		return CHAR_NONCHAR;
	if (!strict)
		return CHAR_OK;
	if (utf8_is_control(cp))
		return CHAR_CONTROL;
	if (utf8_is_bidi_control(cp))
		return CHAR_BIDI;
	return CHAR_OK;
}

static const char *describe(enum char_verdict v, uint32_t cp, size_t at, char *buf)
{
	static const struct {
		const char *before, *after;
	} words[] = {
		[CHAR_LINE_BREAK] = { "must be one line, but has the line break", "" },
		[CHAR_TAB] = { "must not hold tabs, but has the tab", "" },
		[CHAR_CONTROL] = { "contains the control character", "" },
		[CHAR_BIDI] = { "contains the bidi control",
				", which would show the text in another order" },
		[CHAR_NONCHAR] = { "contains the non-character", "" },
	};

	snprintf(buf, TEXT_PROBLEM_MAX, "%s U+%04" PRIX32 " at character %zu%s", words[v].before,
		 cp, at, words[v].after);
	return buf;
}

static const char *check(const char *s, enum text_kind kind, int strict, char *buf)
{
	size_t chars = 0;

	while (*s) {
		uint32_t cp;
		size_t n = utf8_decode(s, SIZE_MAX, &cp);
		enum char_verdict v;

		chars++;
		if (n == 0) {
			snprintf(buf, TEXT_PROBLEM_MAX,
				 "is not valid UTF-8 (byte 0x%02X at character %zu)",
				 (unsigned)(unsigned char)*s, chars);
			return buf;
		}
		v = judge(cp, rules[kind].multiline, strict);
		if (v != CHAR_OK)
			return describe(v, cp, chars, buf);
		s += n;
	}
	if (rules[kind].max_chars && chars > rules[kind].max_chars) {
		snprintf(buf, TEXT_PROBLEM_MAX, "is longer than %zu characters (it has %zu)",
			 rules[kind].max_chars, chars);
		return buf;
	}
	return NULL;
}

const char *text_problem(const char *s, enum text_kind kind, char buf[TEXT_PROBLEM_MAX])
{
	return check(s, kind, 1, buf);
}

const char *text_export_problem(const char *s, enum text_kind kind,
				char buf[TEXT_PROBLEM_MAX])
{
	return check(s, kind, 0, buf);
}
