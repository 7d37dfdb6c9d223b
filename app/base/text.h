/* text.h - which text fundtrack accepts, checked at the door (every
 * command-line argument, every CSV cell, the ledger's fields) so that
 * what is stored can always be listed, printed and exported:
 *
 *   - well-formed UTF-8 (RFC 3629);
 *   - no control characters: none of C0 (U+0000..U+001F), DEL and C1
 *     (U+0080..U+009F), except tab, line feed and carriage return in
 *     text that may span lines (notes, carrier, target group, booking
 *     references, and command-line arguments before they reach a field);
 *   - no bidi embedding, override or isolate controls (U+202A..U+202E,
 *     U+2066..U+2069), which show text in another order than it is
 *     stored ("Trojan Source", CVE-2021-42574);
 *   - no U+FFFE or U+FFFF, which are no XML characters (XML 1.0, 2.2);
 *   - at most as many characters as the exchange format allows
 *     (xsd/fundtrack-exchange-1.0.xsd: maxLength 500 of Name, 64 of
 *     GrantRef, 4000 of Text).
 *
 * Messages never quote the text itself: it may be what a terminal must
 * not see. They name the position instead. Base layer: libc only.
 */
#ifndef FT_TEXT_H
#define FT_TEXT_H

#include <stddef.h>

enum text_kind {
	TEXT_ARGUMENT, /* a command-line argument: may span lines, any length */
	TEXT_LINE,     /* one line, any length (a user name) */
	TEXT_NAME,     /* one line, at most 500 characters (xsd Name) */
	TEXT_REF,      /* one line, at most 64 characters (xsd GrantRef) */
	TEXT_FREE      /* may span lines, at most 4000 characters (xsd Text) */
};

enum { TEXT_PROBLEM_MAX = 160 };

/* NULL when s may be stored as kind; otherwise why not, written to buf
 * and returned, e.g. "contains the bidi control U+202E at character 3"
 * or "is longer than 500 characters (it has 612)". */
const char *text_problem(const char *s, enum text_kind kind, char buf[TEXT_PROBLEM_MAX]);

/* The same for writing an exchange file: what XML and the schema cannot
 * carry. C1 and bidi controls are allowed here, since XML carries them
 * and a partner's file may have brought them in; the door refuses them
 * in our own input. */
const char *text_export_problem(const char *s, enum text_kind kind,
				char buf[TEXT_PROBLEM_MAX]);

/* The most characters kind allows, 0 for no limit. */
size_t text_max_chars(enum text_kind kind);

#endif
