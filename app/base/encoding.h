/* encoding.h - text that arrives from Windows: UTF-8 validation and
 * Windows-1252 (the "ANSI" code page of German Excel) to UTF-8.
 *
 * Our own table instead of iconv: the conversion is 256 entries, needs no
 * locale, and reports the exact offset of a byte Windows-1252 leaves
 * undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D), which iconv only reports as
 * EILSEQ somewhere in a buffer.
 */
#ifndef FT_ENCODING_H
#define FT_ENCODING_H

#include <stddef.h>

/* 1 when s[0..len) is well-formed UTF-8 (no overlong forms, no surrogates,
 * nothing above U+10FFFF); otherwise 0 and *bad_at (may be NULL) gets the
 * offset of the first offending byte. */
int utf8_is_valid(const char *s, size_t len, size_t *bad_at);

/* Converts Windows-1252 text to UTF-8 in a new NUL-terminated buffer
 * (*out, caller frees; *out_len without the NUL). Returns 0, -1 when out
 * of memory (*bad_at unchanged), or -2 for a byte undefined in
 * Windows-1252 (its offset in *bad_at). */
int cp1252_to_utf8(const char *in, size_t len, char **out, size_t *out_len, size_t *bad_at);

#endif
