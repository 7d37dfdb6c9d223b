/* encoding.h - text that arrives from Windows: which encoding a file is
 * in, and Windows-1252 (the "ANSI" code page of German Excel) to UTF-8.
 *
 * Our own table instead of iconv: the conversion is 256 entries, needs no
 * locale, and reports the exact offset of a byte Windows-1252 leaves
 * undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D), which iconv only reports as
 * EILSEQ somewhere in a buffer.
 */
#ifndef FT_ENCODING_H
#define FT_ENCODING_H

#include <stddef.h>

enum text_encoding {
	ENCODING_UTF8,   /* decodes as UTF-8 (ASCII included) */
	ENCODING_CP1252, /* not UTF-8 and no UTF-8 character in it at all */
	ENCODING_MIXED   /* UTF-8 characters, but also bytes that are not */
};

/* Guesses the encoding of s[0..len): UTF-8 when it decodes as UTF-8;
 * Windows-1252 only when it holds no well-formed multi-byte UTF-8
 * character (a real Windows-1252 text almost never does); otherwise
 * MIXED, a UTF-8 file with a stray byte that would turn into mojibake
 * either way. For MIXED, *bad_at gets the offset of the first byte that is
 * not UTF-8. */
enum text_encoding encoding_guess(const char *s, size_t len, size_t *bad_at);

/* Converts Windows-1252 text to UTF-8 in a new NUL-terminated buffer
 * (*out, caller frees; *out_len without the NUL). Returns 0, -1 when out
 * of memory (*bad_at unchanged), or -2 for a byte undefined in
 * Windows-1252 (its offset in *bad_at). */
int cp1252_to_utf8(const char *in, size_t len, char **out, size_t *out_len, size_t *bad_at);

#endif
