#include "encoding.h"

#include <stdint.h>
#include <stdlib.h>

/* Does the sequence at s (len bytes left) form one valid UTF-8 character?
 * Returns its length, or 0. */
static size_t utf8_char_length(const unsigned char *s, size_t len)
{
	uint32_t cp;
	size_t n;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4;
	else
		return 0;
	cp = s[0] & (0x7f >> n); /* the lead byte's payload bits */
	if (len < n)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	/* overlong forms, UTF-16 surrogates, beyond Unicode */
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) || (cp >= 0xd800 && cp <= 0xdfff) ||
	    cp > 0x10ffff)
		return 0;
	return n;
}

int utf8_is_valid(const char *s, size_t len, size_t *bad_at)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	while (i < len) {
		size_t n = utf8_char_length(p + i, len - i);

		if (n == 0) {
			if (bad_at)
				*bad_at = i;
			return 0;
		}
		i += n;
	}
	return 1;
}

/* 0x80..0x9F of Windows-1252 (0 = undefined); 0xA0..0xFF equal Latin-1
 * and therefore U+00A0..U+00FF. Source: unicode.org, MAPPINGS/VENDORS/
 * MICSFT/WINDOWS/CP1252.TXT. */
static const uint16_t cp1252_high[32] = {
	0x20ac, 0,	0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, /* 80-87 */
	0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0,	0x017d, 0,	/* 88-8F */
	0,	0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, /* 90-97 */
	0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0,	0x017e, 0x0178, /* 98-9F */
};

static size_t put_utf8(char *out, uint32_t cp)
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
	out[0] = (char)(0xe0 | cp >> 12);
	out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
	out[2] = (char)(0x80 | (cp & 0x3f));
	return 3;
}

int cp1252_to_utf8(const char *in, size_t len, char **out, size_t *out_len, size_t *bad_at)
{
	const unsigned char *p = (const unsigned char *)in;
	char *buf;
	size_t used = 0;

	/* at most 3 bytes per character (the euro sign is U+20AC) */
	if (len > (SIZE_MAX - 1) / 3)
		return -1;
	buf = malloc(len * 3 + 1);
	if (!buf)
		return -1;
	for (size_t i = 0; i < len; i++) {
		uint32_t cp = p[i];

		if (cp >= 0x80 && cp <= 0x9f) {
			cp = cp1252_high[cp - 0x80];
			if (cp == 0) {
				free(buf);
				*bad_at = i;
				return -2;
			}
		}
		used += put_utf8(buf + used, cp);
	}
	buf[used] = '\0';
	*out = buf;
	*out_len = used;
	return 0;
}
