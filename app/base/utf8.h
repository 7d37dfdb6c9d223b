/* utf8.h - UTF-8 text (RFC 3629): validation, decoding and encoding one
 * code point, classes of characters that must not reach a terminal as
 * they are, display width for tables and cutting at a character boundary.
 *
 * The one place that knows UTF-8's byte patterns; everything else asks
 * here. Base layer: libc only.
 */
#ifndef FT_UTF8_H
#define FT_UTF8_H

#include <stddef.h>
#include <stdint.h>

enum { UTF8_MAX_BYTES = 4 };

/* U+FFFD REPLACEMENT CHARACTER, shown for bytes that are not UTF-8. */
#define UTF8_REPLACEMENT "\xEF\xBF\xBD"

/* Decodes the character at s, of which avail (> 0) bytes may be read.
 * For a NUL-terminated string avail may be SIZE_MAX: the NUL is never a
 * continuation byte, so decoding stops at it. Returns the character's
 * length 1..4 and sets *cp (may be NULL), or 0 when the bytes there are
 * not well-formed UTF-8: a stray continuation byte, an overlong form, a
 * UTF-16 surrogate, a value above U+10FFFF or a cut-off sequence. */
size_t utf8_decode(const char *s, size_t avail, uint32_t *cp);

/* Bytes from s to the next character: the length of the one at s, or 1
 * for a byte that is not UTF-8 (which counts as a character of its own,
 * shown as U+FFFD). avail as for utf8_decode. */
size_t utf8_next(const char *s, size_t avail);

/* 1 when s[0..len) is well-formed UTF-8; otherwise 0 and *bad_at (may be
 * NULL) gets the offset of the first offending byte. */
int utf8_is_valid(const char *s, size_t len, size_t *bad_at);

/* Offset of the first well-formed multi-byte character in s[0..len), or
 * len when there is none (the text is ASCII plus bytes that are no UTF-8). */
size_t utf8_find_multibyte(const char *s, size_t len);

/* Writes cp (at most U+10FFFF, not a surrogate) as UTF-8 into out; returns
 * the number of bytes written. */
size_t utf8_encode(uint32_t cp, char out[UTF8_MAX_BYTES]);

/* Characters in the NUL-terminated s; a byte that is not UTF-8 counts as
 * one character (as the U+FFFD it is shown as). */
size_t utf8_length(const char *s);

/* Control characters: C0 (U+0000..U+001F), DEL and C1 (U+0080..U+009F). */
int utf8_is_control(uint32_t cp);

/* The bidirectional embedding, override and isolate controls (U+202A..
 * U+202E, U+2066..U+2069): they reorder the text around them on screen
 * ("Trojan Source", CVE-2021-42574). */
int utf8_is_bidi_control(uint32_t cp);

/* Terminal columns of a printable character: 0 for combining marks and
 * zero-width format characters, else 1 (East Asian wide characters are
 * not needed in German tables and count 1). Not meant for controls: the
 * table writer shows them escaped (see output.c). */
int utf8_char_width(uint32_t cp);

/* Bytes of the longest prefix of s[0..len) that is at most max_bytes long
 * and does not end inside a character. */
size_t utf8_prefix(const char *s, size_t len, size_t max_bytes);

#endif
