#include "encoding.h"

#include <stdint.h>
#include <stdlib.h>

#include "utf8.h"

enum text_encoding encoding_guess(const char *s, size_t len, size_t *bad_at)
{
	size_t bad;

	if (utf8_is_valid(s, len, &bad))
		return ENCODING_UTF8;
	if (utf8_find_multibyte(s, len) == len)
		return ENCODING_CP1252;
	*bad_at = bad;
	return ENCODING_MIXED;
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
		used += utf8_encode(cp, buf + used);
	}
	buf[used] = '\0';
	*out = buf;
	*out_len = used;
	return 0;
}
