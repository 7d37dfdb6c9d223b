/* exchange_scan.c - the pre-scan of exchange_scan.h: one byte at a time,
 * with the state kept across chunks. */
#include "exchange_scan.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "msg_lang.h"

void exch_scan_init(struct exch_scan *s)
{
	memset(s, 0, sizeof(*s));
	s->state = SCAN_TEXT;
	s->line = 1;
}

static int is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Records a refusal: fmt, a literal, names the element (%s) and the bound
 * passed (%ld); -1 for the caller to pass on. A macro, so that the
 * compiler checks the translated format against its arguments. */
#define refuse(s, line, fmt, bound)                                                        \
	(snprintf((s)->problem, sizeof((s)->problem), tr(fmt), (s)->element, (long)(bound)), \
	 (s)->bad_line = (line), -1)

static void name_byte(struct exch_scan *s, unsigned char c)
{
	if (s->length < (long)sizeof(s->element) - 1)
		s->element[s->length] = (char)c;
	s->length++;
}

static int check_name(struct exch_scan *s)
{
	if (s->length <= EXCH_SCAN_MAX_NAME)
		return 0;
	return refuse(s, s->tag_line,
		      N_("element '%s': a name longer than %ld bytes (the exchange format's are at most 13), so the file was not read any further"),
		      EXCH_SCAN_MAX_NAME);
}

/* "xmlns" or "xmlns:..." declares a namespace; anything else is an attribute. */
static int end_attribute_name(struct exch_scan *s)
{
	int is_ns = (s->length == 5 && memcmp(s->attribute, "xmlns", 5) == 0) ||
		    (s->length > 6 && memcmp(s->attribute, "xmlns:", 6) == 0);

	if (s->length > EXCH_SCAN_MAX_NAME)
		return refuse(s, s->tag_line,
		      N_("element '%s': an attribute name longer than %ld bytes (the exchange format's are at most 13), so the file was not read any further"),
		      EXCH_SCAN_MAX_NAME);
	s->state = SCAN_ATTR_EQ;
	if (is_ns) {
		s->tag_namespaces++;
		if (++s->namespaces > EXCH_SCAN_MAX_NAMESPACES)
			return refuse(s, s->tag_line,
		      N_("element '%s': more than %ld namespace declarations in scope (the exchange format needs at most 2), so the file was not read any further"),
		      EXCH_SCAN_MAX_NAMESPACES);
		return 0;
	}
	if (++s->attributes > EXCH_SCAN_MAX_ATTRIBUTES)
		return refuse(s, s->tag_line,
		      N_("element '%s': more than %ld attributes (the exchange format needs at most 10), so the file was not read any further"),
		      EXCH_SCAN_MAX_ATTRIBUTES);
	return 0;
}

static void begin_tag(struct exch_scan *s)
{
	s->tag_line = s->line;
	s->length = 0;
	s->attributes = 0;
	s->tag_namespaces = 0;
}

/* The '>' of a start tag (empty: "/>"): the element is open until its end tag. */
static int end_start_tag(struct exch_scan *s, int empty)
{
	s->state = SCAN_TEXT;
	s->text = 0;
	if (empty) {
		s->namespaces -= s->tag_namespaces;
		return 0;
	}
	if (s->depth >= EXCH_SCAN_MAX_DEPTH)
		return refuse(s, s->tag_line,
		      N_("element '%s': nested more than %ld levels deep (the exchange format needs 4), so the file was not read any further"),
		      EXCH_SCAN_MAX_DEPTH);
	s->ns_at[s->depth++] = s->tag_namespaces;
	return 0;
}

static void end_end_tag(struct exch_scan *s)
{
	s->state = SCAN_TEXT;
	s->text = 0;
	if (s->depth > 0)
		s->namespaces -= s->ns_at[--s->depth];
}

static int text_byte(struct exch_scan *s)
{
	if (s->text++ == 0)
		s->text_line = s->line;
	if (s->text <= EXCH_SCAN_MAX_TEXT)
		return 0;
	s->bad_line = s->text_line;
	snprintf(s->problem, sizeof(s->problem),
		 tr("text longer than %d bytes starting here (the exchange format's longest has "
		 "4000 characters), so the file was not read any further"),
		 EXCH_SCAN_MAX_TEXT);
	return -1;
}

/* Follows a delimiter such as "-->" byte by byte: 1 when it is complete. */
static int ends_with(struct exch_scan *s, unsigned char c, const char *delim)
{
	size_t len = strlen(delim);

	if (c == (unsigned char)delim[s->match])
		s->match++;
	else if (s->match > 0 && c == (unsigned char)delim[s->match - 1] && delim[0] == delim[1])
		; /* "--->": the run of '-' goes on */
	else
		s->match = c == (unsigned char)delim[0];
	if ((size_t)s->match < len)
		return 0;
	s->match = 0;
	return 1;
}

/* After "<!": a comment, CDATA, or something libxml2 stops at. */
static void bang_byte(struct exch_scan *s, unsigned char c)
{
	static const char cdata[] = "[CDATA[";

	if (s->match == 0 && c == '-') {
		s->match = -1;
		return;
	}
	if (s->match == -1) {
		s->state = c == '-' ? SCAN_COMMENT : SCAN_OFF;
		s->match = 0;
		return;
	}
	if (s->match >= 0 && c == (unsigned char)cdata[s->match]) {
		if (++s->match == (int)sizeof(cdata) - 1) {
			s->state = SCAN_CDATA;
			s->match = 0;
		}
		return;
	}
	s->state = SCAN_OFF; /* DOCTYPE (refused by the reader) or a syntax error */
}

static void lt_byte(struct exch_scan *s, unsigned char c)
{
	s->match = 0;
	if (c == '/')
		s->state = SCAN_END_TAG;
	else if (c == '?')
		s->state = SCAN_PI;
	else if (c == '!')
		s->state = SCAN_BANG;
	else {
		s->state = SCAN_NAME;
		memset(s->element, 0, sizeof(s->element));
		name_byte(s, c);
	}
}

static int tag_byte(struct exch_scan *s, unsigned char c)
{
	if (c == '>')
		return end_start_tag(s, 0);
	if (c == '/') {
		s->state = SCAN_EMPTY_END;
	} else if (!is_space(c)) {
		s->state = SCAN_ATTR_NAME;
		s->length = 0;
		memset(s->attribute, 0, sizeof(s->attribute));
		s->attribute[s->length++] = (char)c;
	}
	return 0;
}

static int attribute_byte(struct exch_scan *s, unsigned char c)
{
	switch (s->state) {
	case SCAN_ATTR_NAME:
		if (c == '=' || is_space(c)) {
			return end_attribute_name(s);
		}
		if (c == '>' || c == '/') { /* malformed: libxml2 says so */
			s->state = SCAN_TAG;
			return tag_byte(s, c);
		}
		if (s->length < (long)sizeof(s->attribute) - 1)
			s->attribute[s->length] = (char)c;
		s->length++;
		return 0;
	case SCAN_ATTR_EQ:
		if (c == '"' || c == '\'') {
			s->state = SCAN_ATTR_VALUE;
			s->quote = (char)c;
			s->length = 0;
		} else if (c == '>' || c == '/') {
			s->state = SCAN_TAG;
			return tag_byte(s, c);
		}
		return 0;
	default: /* SCAN_ATTR_VALUE */
		if (c == (unsigned char)s->quote)
			s->state = SCAN_TAG;
		else if (++s->length > EXCH_SCAN_MAX_VALUE)
			return refuse(s, s->tag_line,
		      N_("element '%s': an attribute value longer than %ld bytes (the exchange format's longest has 4000 characters), so the file was not read any further"),
		      EXCH_SCAN_MAX_VALUE);
		return 0;
	}
}

static int scan_byte(struct exch_scan *s, unsigned char c)
{
	switch (s->state) {
	case SCAN_TEXT:
		if (c != '<')
			return text_byte(s);
		s->state = SCAN_LT;
		begin_tag(s);
		return 0;
	case SCAN_LT:
		lt_byte(s, c);
		return 0;
	case SCAN_BANG:
		bang_byte(s, c);
		return 0;
	case SCAN_NAME:
		if (c == '>' || c == '/' || is_space(c)) {
			s->state = SCAN_TAG;
			return check_name(s) ? -1 : tag_byte(s, c);
		}
		name_byte(s, c);
		return 0;
	case SCAN_TAG:
		return tag_byte(s, c);
	case SCAN_ATTR_NAME:
	case SCAN_ATTR_EQ:
	case SCAN_ATTR_VALUE:
		return attribute_byte(s, c);
	case SCAN_EMPTY_END:
		if (c == '>')
			return end_start_tag(s, 1);
		s->state = SCAN_TAG;
		return tag_byte(s, c);
	case SCAN_END_TAG:
		if (c == '>')
			end_end_tag(s);
		return 0;
	case SCAN_COMMENT:
		if (ends_with(s, c, "-->"))
			s->state = SCAN_TEXT;
		return 0;
	case SCAN_CDATA:
		if (ends_with(s, c, "]]>"))
			s->state = SCAN_TEXT;
		return text_byte(s);
	case SCAN_PI:
		if (ends_with(s, c, "?>"))
			s->state = SCAN_TEXT;
		return 0;
	case SCAN_OFF:
		return 0;
	}
	return 0;
}

/* The bytes before stop, at most room of them, counting the lines: what
 * scan_byte does with text and attribute values, the most of a file's
 * bytes, without a call per byte (the scan was a tenth of reading a file,
 * issue 19). A byte beyond room goes to scan_byte, which refuses it. */
static size_t plain_run(struct exch_scan *s, const unsigned char *p, size_t n, unsigned char stop,
			long room)
{
	size_t i = 0, max = room > 0 ? (size_t)room : 0;
	long lines = 0; /* not s->line: p may alias s, so each byte would store it */

	if (max < n)
		n = max;
	for (; i < n && p[i] != stop; i++)
		lines += p[i] == '\n';
	s->line += lines;
	return i;
}

/* What ends a name: bit NAME_OF_ELEMENT for an element's, bit
 * NAME_OF_ATTRIBUTE for an attribute's (which '=' ends too), as
 * scan_byte's states SCAN_NAME and SCAN_ATTR_NAME decide. */
enum { NAME_OF_ELEMENT = 1, NAME_OF_ATTRIBUTE = 2, NAME_ENDS_BOTH = 3 };
static const unsigned char name_ends[256] = {
	['>'] = NAME_ENDS_BOTH, ['/'] = NAME_ENDS_BOTH, [' '] = NAME_ENDS_BOTH,
	['\t'] = NAME_ENDS_BOTH, ['\n'] = NAME_ENDS_BOTH, ['\r'] = NAME_ENDS_BOTH,
	['='] = NAME_OF_ATTRIBUTE,
};

/* The bytes of the name being read before its end: what scan_byte does
 * with each of them (kept while the buffer has room, counted), without a
 * call per byte. A name holds no line break. */
static size_t name_run(struct exch_scan *s, const unsigned char *p, size_t n)
{
	int attribute = s->state == SCAN_ATTR_NAME;
	unsigned char ends = attribute ? NAME_OF_ATTRIBUTE : NAME_OF_ELEMENT;
	char *kept = attribute ? s->attribute : s->element;
	long room = (long)(attribute ? sizeof(s->attribute) : sizeof(s->element)) - 1;
	size_t i = 0;

	long length = s->length; /* a local: p may alias s */

	for (; i < n && !(name_ends[p[i]] & ends); i++, length++)
		if (length < room)
			kept[length] = (char)p[i];
	s->length = length;
	return i;
}

/* Bytes an attribute name of attribute_run may have: what the exchange
 * format's names are made of. */
static int plain_name_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '_' || c == '.' || c == ':';
}

/* Whole attributes ` name="value"` after a tag's name, what scan_byte and
 * the runs do with their bytes (an attribute counted, its name's first
 * bytes kept, its value's length), without a state change per byte: a
 * booking line has five. It stops before anything else (another quote,
 * a line break, a namespace declaration, a bound reached, the chunk's
 * end), which the states take on as before. */
static size_t attribute_run(struct exch_scan *s, const unsigned char *p, size_t n)
{
	size_t i = 0;

	while (i < n && p[i] == ' ' && s->attributes < EXCH_SCAN_MAX_ATTRIBUTES) {
		size_t name = i + 1, j = name, value;

		while (j < n && plain_name_byte(p[j]))
			j++;
		if (j == name || j - name > EXCH_SCAN_MAX_NAME || n - j < 2 || p[j] != '=' ||
		    p[j + 1] != '"' || (j - name >= 5 && memcmp(p + name, "xmlns", 5) == 0))
			break;
		value = j + 2;
		for (j = value; j < n && p[j] != '"' && p[j] != '\n'; j++)
			;
		if (j == n || p[j] != '"' || j - value > EXCH_SCAN_MAX_VALUE)
			break;
		s->attributes++;
		s->quote = '"';
		memset(s->attribute, 0, sizeof(s->attribute));
		memcpy(s->attribute, p + name,
		       value - 2 - name < sizeof(s->attribute) - 1 ? value - 2 - name
								   : sizeof(s->attribute) - 1);
		s->length = (long)(j - value);
		i = j + 1;
	}
	return i;
}

size_t exch_scan(struct exch_scan *s, const unsigned char *p, size_t n)
{
	size_t i = 0;

	while (i < n) {
		size_t run = 0;

		if (s->state == SCAN_TEXT) {
			if (s->text == 0 && p[i] != '<')
				s->text_line = s->line;
			run = plain_run(s, p + i, n - i, '<', EXCH_SCAN_MAX_TEXT - s->text);
			s->text += (long)run;
		} else if (s->state == SCAN_ATTR_VALUE) {
			run = plain_run(s, p + i, n - i, (unsigned char)s->quote,
					EXCH_SCAN_MAX_VALUE - s->length);
			s->length += (long)run;
		} else if (s->state == SCAN_NAME || s->state == SCAN_ATTR_NAME) {
			run = name_run(s, p + i, n - i);
		} else if (s->state == SCAN_END_TAG) {
			run = plain_run(s, p + i, n - i, '>', LONG_MAX);
		} else if (s->state == SCAN_TAG) {
			run = attribute_run(s, p + i, n - i);
		}
		i += run;
		if (i == n)
			break;
		if (scan_byte(s, p[i]))
			return i;
		if (p[i] == '\n')
			s->line++;
		i++;
	}
	return n;
}
