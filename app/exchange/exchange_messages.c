#include "exchange_messages.h"

#include <stdio.h>
#include <string.h>

/* ---- the sentences --------------------------------------------------------- */

/* English, with named placeholders; the German texts are in po/de.po. */
const struct exch_message exch_message_table[] = {
	{ RULE_XSD_MISSING_ELEMENT,
	  N_("the required element <{expected}> is missing here") },
	{ RULE_XSD_MISSING_ATTRIBUTE,
	  N_("<{element}> lacks the required attribute '{attribute}'") },
	{ RULE_XSD_UNKNOWN_ELEMENT,
	  N_("the element <{element}> is not allowed at this place{expected_list}") },
	{ RULE_XSD_UNKNOWN_ATTRIBUTE,
	  N_("<{element}> has no attribute '{attribute}'") },
	{ RULE_XSD_AMOUNT,
	  N_("the amount '{value}' is invalid{detail}: expected a number with a decimal point and at most two decimals, no thousands separator, from -100000000000.00 to 100000000000.00 (e.g. 1234.56)") },
	{ RULE_XSD_DATE,
	  N_("the date '{value}' is invalid{detail}: expected a calendar date YYYY-MM-DD from 1900-01-01 to 2199-12-31 (e.g. 2025-12-31)") },
	{ RULE_XSD_ENUM,
	  N_("'{value}' is not allowed for '{field}': the allowed values are {expected}") },
	{ RULE_XSD_TOO_LONG,
	  N_("the text of '{field}' is too long{detail}") },
	{ RULE_XSD_FORMAT,
	  N_("the value '{value}' of '{field}' is not written as required: {hint}") },
	{ RULE_XSD_RANGE,
	  N_("the value '{value}' of '{field}' is out of range{detail}") },
	{ RULE_XSD_DUPLICATE,
	  N_("this grant already has an allocation for the year {value}") },
	{ RULE_XSD,
	  N_("violates the exchange schema: {raw}") },
};
const size_t exch_message_count = sizeof(exch_message_table) / sizeof(exch_message_table[0]);

/* What a value of each simple type of the schema must look like. */
static const struct {
	const char *key; /* the type's name, or the pattern as libxml2 quotes it */
	const char *text;
} hints[] = {
	{ "'AGS'", N_("the 8-digit municipality key, e.g. 05913000") },
	{ "'[0-9]{8}'", N_("the 8-digit municipality key, e.g. 05913000") },
	{ "'(0[1-9]|1[0-6])[0-9]{6}'", N_("the 8-digit municipality key whose first two digits, the Land, are 01 to 16, e.g. 05913000") },
	{ "'Code'", N_("1 to 40 characters out of A-Z a-z 0-9 . _ / - (no blanks)") },
	{ "'[A-Za-z0-9._/\\-]{1,40}'", N_("1 to 40 characters out of A-Z a-z 0-9 . _ / - (no blanks)") },
	{ "'[^\\t\\n\\r]*[^\\s][^\\t\\n\\r]*'", N_("text on one line that is not blank") },
	{ "'Name'", N_("one line of text, not blank, at most 500 characters") },
	{ "'GrantRef'", N_("1 to 64 characters on one line") },
	{ "'BookingId'", N_("a positive whole number") },
	{ "'[1-9][0-9]*'", N_("a positive whole number without leading zeros") },
	{ "'Year'", N_("a year from 1900 to 2199") },
	{ "'Timestamp'", N_("a time like 2026-11-24T09:30:00Z") },
	{ "'Percent'", N_("a percentage from 0 to 100 like 85 or 85.50") },
	{ "'[0-9]{1,3}(\\.[0-9]{1,2})?'", N_("a percentage from 0 to 100 like 85 or 85.50") },
	{ "'Currency'", N_("EUR") },
};

/* ---- taking libxml2's message apart ----------------------------------------- */

/* Copies the text between the quotes following marker, if any. */
static int quoted_after(const char *msg, const char *marker, char *out, size_t size)
{
	const char *p = strstr(msg, marker), *end;

	if (!p)
		return 0;
	p += strlen(marker);
	end = strchr(p, '\'');
	if (!end || (size_t)(end - p) >= size)
		return 0;
	memcpy(out, p, (size_t)(end - p));
	out[end - p] = '\0';
	return 1;
}

/* Copies the text between open and close after marker ("( a, b )"). */
static int between(const char *msg, const char *marker, char open, char close, char *out,
		   size_t size)
{
	const char *p = strstr(msg, marker), *start, *end;
	size_t n;

	if (!p || !(start = strchr(p, open)) || !(end = strchr(start + 1, close)))
		return 0;
	start++;
	while (*start == ' ')
		start++;
	n = (size_t)(end - start);
	while (n > 0 && start[n - 1] == ' ')
		n--;
	if (n >= size)
		n = size - 1;
	memcpy(out, start, n);
	out[n] = '\0';
	return 1;
}

static int looks_like_date(const char *v)
{
	return strlen(v) == 10 && v[4] == '-' && v[7] == '-';
}

/* The elements whose content is an amount. */
static int is_amount_element(const char *element)
{
	static const char *const names[] = { "booking", "allocation", "approved", "eligible",
					     "costs", NULL };

	for (size_t i = 0; names[i]; i++)
		if (strcmp(element, names[i]) == 0)
			return 1;
	return 0;
}

static void classify_facet(const char *msg, struct xsd_problem *p)
{
	char limit[64] = "";

	quoted_after(msg, "he value '", p->value, sizeof(p->value));
	if (strstr(msg, "[facet 'enumeration']")) {
		p->id = RULE_XSD_ENUM;
		between(msg, "set", '{', '}', p->expected, sizeof(p->expected));
	} else if (strstr(msg, "[facet 'maxLength']") || strstr(msg, "[facet 'length']")) {
		p->id = RULE_XSD_TOO_LONG;
		p->value[0] = '\0';
		quoted_after(msg, "length of '", p->detail, sizeof(p->detail));
		quoted_after(msg, "maximum length of '", limit, sizeof(limit));
		if (p->detail[0] && limit[0])
			snprintf(p->expected, sizeof(p->expected), "%s", limit);
	} else if (strstr(msg, "[facet 'fractionDigits']")) {
		p->id = RULE_XSD_AMOUNT;
		snprintf(p->detail, sizeof(p->detail), "decimals");
	} else if (strstr(msg, "Inclusive']") || strstr(msg, "Exclusive']")) {
		quoted_after(msg, "allowed ('", limit, sizeof(limit));
		snprintf(p->expected, sizeof(p->expected), "%s", limit);
		snprintf(p->detail, sizeof(p->detail), "%s", strstr(msg, "[facet 'max") ? "max"
											 : "min");
		p->id = looks_like_date(p->value)		       ? RULE_XSD_DATE
			: !p->attribute[0] && is_amount_element(p->element) ? RULE_XSD_AMOUNT
									       : RULE_XSD_RANGE;
	} else if (strstr(msg, "[facet 'pattern']")) {
		const char *q = strstr(msg, "by the pattern '");

		p->id = RULE_XSD_FORMAT;
		/* the pattern as libxml2 quotes it: hint_for finds the words */
		if (q)
			snprintf(p->expected, sizeof(p->expected), "%s", q + 15);
	}
}

static void classify_atomic(const char *msg, struct xsd_problem *p)
{
	char type[64] = "";

	quoted_after(msg, "': '", p->value, sizeof(p->value));
	quoted_after(msg, "atomic type '", type, sizeof(type));
	if (strcmp(type, "Amount") == 0 || strcmp(type, "NonNegativeAmount") == 0)
		p->id = RULE_XSD_AMOUNT;
	else if (strcmp(type, "Date") == 0)
		p->id = RULE_XSD_DATE;
	else {
		p->id = RULE_XSD_FORMAT;
		snprintf(p->expected, sizeof(p->expected), "'%s'", type);
	}
}

void xsd_classify(int code, const char *msg, struct xsd_problem *p)
{
	(void)code; /* libxml2 gives several kinds one code: the words decide */
	memset(p, 0, sizeof(*p));
	p->id = RULE_XSD;
	snprintf(p->raw, sizeof(p->raw), "%s", msg);
	quoted_after(msg, "lement '", p->element, sizeof(p->element));
	quoted_after(msg, "attribute '", p->attribute, sizeof(p->attribute));
	if (strstr(msg, "No match found for key-sequence") ||
	    strstr(msg, "Not all fields of key identity-constraint") ||
	    strstr(msg, "No precomputed value available") ||
	    (strstr(msg, "Duplicate key-sequence") && !strstr(msg, "'allocationYear'"))) {
		/* the business rules say it at the record's first line, in
		 * words (FT-REFERENCE, FT-DUPLICATE, FT-CHAIN), or it follows
		 * from an error already reported */
		p->id = RULE_COUNT;
	} else if (strstr(msg, "Duplicate key-sequence")) {
		p->id = RULE_XSD_DUPLICATE;
		between(msg, "key-sequence", '\'', '\'', p->value, sizeof(p->value));
	} else if (strstr(msg, "is required but missing")) {
		p->id = RULE_XSD_MISSING_ATTRIBUTE;
		quoted_after(msg, "he attribute '", p->attribute, sizeof(p->attribute));
	} else if (strstr(msg, "is not allowed") && strstr(msg, "he attribute '")) {
		p->id = RULE_XSD_UNKNOWN_ATTRIBUTE;
		quoted_after(msg, "he attribute '", p->attribute, sizeof(p->attribute));
	} else if (strstr(msg, "Missing child element")) {
		p->id = RULE_XSD_MISSING_ELEMENT;
		between(msg, "Expected is", '(', ')', p->expected, sizeof(p->expected));
	} else if (strstr(msg, "This element is not expected")) {
		p->id = RULE_XSD_UNKNOWN_ELEMENT;
		between(msg, "Expected is", '(', ')', p->expected, sizeof(p->expected));
	} else if (strstr(msg, "[facet '")) {
		classify_facet(msg, p);
	} else if (strstr(msg, "atomic type '")) {
		classify_atomic(msg, p);
	}
}

/* ---- the sentence ------------------------------------------------------------ */

static const char *hint_for(const char *key, enum msg_lang lang)
{
	for (size_t i = 0; i < sizeof(hints) / sizeof(hints[0]); i++)
		if (key[0] && strncmp(key, hints[i].key, strlen(hints[i].key)) == 0)
			return tr_in(lang, hints[i].text);
	return tr_in(lang, "see the schema");
}

/* The words for p->detail (a facet) in lang. */
static void detail_words(const struct xsd_problem *p, enum msg_lang lang, char *out, size_t size)
{
	out[0] = '\0';
	if (strcmp(p->detail, "decimals") == 0)
		snprintf(out, size, " (%s)", tr_in(lang, "more than two decimals"));
	else if (strcmp(p->detail, "max") == 0)
		snprintf(out, size, tr_in(lang, " (above the limit %s)"), p->expected);
	else if (strcmp(p->detail, "min") == 0)
		snprintf(out, size, tr_in(lang, " (below the limit %s)"), p->expected);
	else if (p->id == RULE_XSD_TOO_LONG && p->detail[0])
		snprintf(out, size, tr_in(lang, ": %s characters, at most %s are allowed"),
			 p->detail, p->expected[0] ? p->expected : "?");
}

/* The value of placeholder name (without braces) for p. */
static const char *placeholder(const struct xsd_problem *p, const char *name, size_t len,
			       enum msg_lang lang, char *buf, size_t size)
{
#define IS(s) (len == sizeof(s) - 1 && strncmp(name, s, len) == 0)
	if (IS("element"))
		return p->element;
	if (IS("attribute"))
		return p->attribute;
	if (IS("value"))
		return p->value;
	if (IS("expected"))
		return p->expected;
	if (IS("raw"))
		return p->raw;
	if (IS("field"))
		return p->attribute[0] ? p->attribute : p->element;
	if (IS("hint"))
		return hint_for(p->expected, lang);
	if (IS("expected_list")) {
		if (!p->expected[0])
			return "";
		snprintf(buf, size, tr_in(lang, " (expected: %s)"), p->expected);
		return buf;
	}
	if (IS("detail")) {
		detail_words(p, lang, buf, size);
		return buf;
	}
#undef IS
	return "";
}

void xsd_sentence(const struct xsd_problem *p, enum msg_lang lang, char *out, size_t size)
{
	const char *template = NULL;
	size_t used = 0;

	for (size_t i = 0; i < exch_message_count && !template; i++)
		if (exch_message_table[i].id == p->id)
			template = tr_in(lang, exch_message_table[i].text);
	if (!template)
		template = "{raw}";
	for (const char *t = template; *t && used + 1 < size;) {
		const char *close = *t == '{' ? strchr(t, '}') : NULL;

		if (close) {
			char buf[400];
			const char *v = placeholder(p, t + 1, (size_t)(close - t - 1), lang, buf,
						    sizeof(buf));

			used += (size_t)snprintf(out + used, size - used, "%s", v);
			if (used >= size)
				used = size - 1;
			t = close + 1;
		} else {
			out[used++] = *t++;
		}
	}
	out[used] = '\0';
}
