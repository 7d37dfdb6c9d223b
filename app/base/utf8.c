/* utf8.c - see utf8.h. Well-formedness follows RFC 3629 section 4 (the
 * same as Unicode's table 3-7 of well-formed byte sequences). */
#include "utf8.h"

/* The length a lead byte announces, or 0 for bytes that never start a
 * character (continuation bytes, 0xC0/0xC1 which only start overlong
 * forms, and 0xF5..0xFF beyond U+10FFFF). */
static size_t announced_length(unsigned char lead)
{
	if (lead < 0x80)
		return 1;
	if (lead >= 0xc2 && lead <= 0xdf)
		return 2;
	if (lead >= 0xe0 && lead <= 0xef)
		return 3;
	if (lead >= 0xf0 && lead <= 0xf4)
		return 4;
	return 0;
}

size_t utf8_decode(const char *s, size_t avail, uint32_t *cp)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = announced_length(p[0]);
	uint32_t value;

	if (n == 0)
		return 0;
	if (n == 1) {
		if (cp)
			*cp = p[0];
		return 1;
	}
	value = p[0] & (0x7fu >> n); /* the lead byte's payload bits */
	for (size_t i = 1; i < n; i++) {
		if (i >= avail || (p[i] & 0xc0) != 0x80)
			return 0;
		value = value << 6 | (p[i] & 0x3fu);
	}
	/* overlong forms, UTF-16 surrogates, beyond Unicode */
	if ((n == 3 && value < 0x800) || (n == 4 && value < 0x10000) ||
	    (value >= 0xd800 && value <= 0xdfff) || value > 0x10ffff)
		return 0;
	if (cp)
		*cp = value;
	return n;
}

int utf8_is_valid(const char *s, size_t len, size_t *bad_at)
{
	size_t i = 0;

	while (i < len) {
		size_t n = utf8_decode(s + i, len - i, NULL);

		if (n == 0) {
			if (bad_at)
				*bad_at = i;
			return 0;
		}
		i += n;
	}
	return 1;
}

size_t utf8_find_multibyte(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		size_t n = (unsigned char)s[i] < 0x80 ? 1 : utf8_decode(s + i, len - i, NULL);

		if (n > 1)
			return i;
	}
	return len;
}

size_t utf8_encode(uint32_t cp, char out[UTF8_MAX_BYTES])
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | cp >> 6);
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | cp >> 12);
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | cp >> 18);
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

size_t utf8_next(const char *s, size_t avail)
{
	size_t n = utf8_decode(s, avail, NULL);

	return n ? n : 1;
}

/* The character at the NUL-terminated s (U+FFFD for a byte that is not
 * UTF-8) and its length in bytes. */
static size_t step(const char *s, uint32_t *cp)
{
	size_t n = utf8_decode(s, SIZE_MAX, cp);

	if (n == 0) {
		*cp = 0xfffd;
		return 1;
	}
	return n;
}

size_t utf8_length(const char *s)
{
	size_t chars = 0;
	uint32_t cp;

	while (*s) {
		s += step(s, &cp);
		chars++;
	}
	return chars;
}

int utf8_is_control(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f);
}

int utf8_is_bidi_control(uint32_t cp)
{
	return (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

/* Characters a terminal draws in no column of their own: the combining
 * marks (general categories Mn and Me) of the blocks European, Hebrew and
 * Arabic text uses, and the zero-width format characters (Cf) such as
 * U+200B, U+200D and U+FEFF. Sorted for binary search. Source: Unicode
 * Character Database, DerivedGeneralCategory.txt. */
static const struct {
	uint32_t first, last;
} zero_width[] = {
	{ 0x0300, 0x036f },   { 0x0483, 0x0489 },   { 0x0591, 0x05bd },	  { 0x05bf, 0x05bf },
	{ 0x05c1, 0x05c2 },   { 0x05c4, 0x05c5 },   { 0x05c7, 0x05c7 },	  { 0x0610, 0x061a },
	{ 0x061c, 0x061c },   { 0x064b, 0x065f },   { 0x0670, 0x0670 },	  { 0x06d6, 0x06dc },
	{ 0x06df, 0x06e4 },   { 0x06e7, 0x06e8 },   { 0x06ea, 0x06ed },	  { 0x1ab0, 0x1aff },
	{ 0x1dc0, 0x1dff },   { 0x200b, 0x200f },   { 0x202a, 0x202e },	  { 0x2060, 0x2064 },
	{ 0x2066, 0x206f },   { 0x20d0, 0x20ff },   { 0xfe00, 0xfe0f },	  { 0xfe20, 0xfe2f },
	{ 0xfeff, 0xfeff },   { 0xe0100, 0xe01ef },
};

int utf8_char_width(uint32_t cp)
{
	size_t lo = 0, hi = sizeof(zero_width) / sizeof(zero_width[0]);

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (cp < zero_width[mid].first)
			hi = mid;
		else if (cp > zero_width[mid].last)
			lo = mid + 1;
		else
			return 0;
	}
	return 1;
}

size_t utf8_prefix(const char *s, size_t len, size_t max_bytes)
{
	size_t used = 0;

	while (used < len) {
		size_t n = utf8_next(s + used, len - used);

		if (used + n > max_bytes)
			break;
		used += n;
	}
	return used;
}
