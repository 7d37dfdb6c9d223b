/* exchange_messages.h - libxml2's schema errors as sentences a finance
 * officer understands, German or English (msg_lang.h).
 *
 * Every sentence has a stable ID, the rule ID of the catalogue
 * (rule_catalogue.h: XSD-MISSING-ELEMENT, XSD-AMOUNT, ...), and an English
 * template in exch_message_table[] with named placeholders ({element},
 * {attribute}, {value}, {expected}, {detail}); its German text is in the
 * one message catalogue, po/de.po (msg_lang.h). What no row covers keeps
 * libxml2's text, cleaned, under the ID XSD.
 */
#ifndef FT_EXCHANGE_MESSAGES_H
#define FT_EXCHANGE_MESSAGES_H

#include <stddef.h>

#include "msg_lang.h"
#include "rule_catalogue.h"

struct exch_message {
	enum rule_index id;
	const char *text; /* English; tr_in() gives it in a language */
};

extern const struct exch_message exch_message_table[];
extern const size_t exch_message_count;

/* One schema error, taken apart. */
struct xsd_problem {
	enum rule_index id; /* RULE_COUNT: said better elsewhere, drop it */
	char element[64];   /* the element the error is about */
	char attribute[64]; /* "" when about the element's content */
	char value[160];    /* the offending value, "" when none */
	char expected[300]; /* the elements or values expected, the limit */
	char detail[160];   /* words for a facet (the limit passed, ...) */
	char raw[600];      /* libxml2's message, cleaned */
};

/* Takes libxml2's schema error apart: code is xmlError.code, message its
 * text already cleaned of the namespace (exchange_reader.c). */
void xsd_classify(int code, const char *message, struct xsd_problem *out);

/* The sentence for p in lang, into out (never more than size bytes). */
void xsd_sentence(const struct xsd_problem *p, enum msg_lang lang, char *out, size_t size);

#endif
