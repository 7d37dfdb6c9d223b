/* exchange_scan.h - a cheap pre-scan of the raw bytes of an exchange file
 * that refuses, before libxml2 sees them, shapes the format never needs
 * and on which libxml2 2.9.14 does quadratic work: thousands of
 * attributes or namespace declarations on one element (its duplicate
 * checks compare each with all before it: 1 MB of attributes took 2.9 to
 * 8 s, 4.3 MB 51 s), and huge text (the schema validator appends every
 * piece of an element's text with xmlStrncat, which measures the whole
 * string each time: 4.3 MB of text between comments took 8 s). With the
 * bounds every such file up to 10 MB is refused in under 0.1 s; the scan
 * costs about 45 ms per 10 MB.
 *
 * The scanner is a byte state machine (text, tags, attribute values,
 * comments, processing instructions, CDATA) that keeps its state across
 * chunks, so it costs one pass and no memory. It is exact for well-formed
 * UTF-8 XML; on anything else libxml2 stops at the first malformation
 * anyway. At "<!" other than a comment or CDATA (a DOCTYPE, which the
 * reader refuses, or a syntax error) it stops checking: libxml2 stops
 * there too.
 */
#ifndef FT_EXCHANGE_SCAN_H
#define FT_EXCHANGE_SCAN_H

#include <stddef.h>

/* The bounds. The format needs at most 10 attributes (grant), 2 namespace
 * declarations (the format's, xsi), 4 levels (exchange/grants/grant/
 * booking), names of 13 bytes and values of 4000 characters (16 KB in
 * UTF-8, 36 KB written as character references). */
enum {
	EXCH_SCAN_MAX_ATTRIBUTES = 32,   /* per element, without namespace declarations */
	EXCH_SCAN_MAX_NAMESPACES = 16,   /* declarations in scope at any element */
	EXCH_SCAN_MAX_DEPTH = 32,        /* nested elements */
	EXCH_SCAN_MAX_NAME = 256,        /* bytes of an element or attribute name */
	EXCH_SCAN_MAX_VALUE = 64 * 1024, /* bytes of one attribute value */
	EXCH_SCAN_MAX_TEXT = 64 * 1024   /* bytes of text between two tags */
};

enum exch_scan_state {
	SCAN_TEXT, SCAN_LT, SCAN_BANG, SCAN_END_TAG, SCAN_NAME, SCAN_TAG, SCAN_ATTR_NAME,
	SCAN_ATTR_EQ, SCAN_ATTR_VALUE, SCAN_EMPTY_END, SCAN_COMMENT, SCAN_CDATA, SCAN_PI,
	SCAN_OFF
};

struct exch_scan {
	enum exch_scan_state state;
	long line;             /* of the byte being scanned, from 1 */
	long tag_line;         /* where the current tag began */
	long text;             /* bytes of text since the last tag */
	long text_line;        /* where that text began */
	long length;           /* of the current name or value */
	int attributes;        /* of the current start tag */
	int namespaces;        /* declarations in scope, with the current tag's */
	int tag_namespaces;    /* declared by the current tag */
	int depth;
	int ns_at[EXCH_SCAN_MAX_DEPTH + 1]; /* declarations of each open element */
	char quote;            /* of the current attribute value */
	int match;             /* bytes of a delimiter ("-->", "]]>", "?>", "<![CDATA[") seen */
	char element[64];      /* name of the current element (truncated) */
	char attribute[8];     /* first bytes of the current attribute name */
	/* a refusal: where and what */
	long bad_line;
	char problem[320];
};

void exch_scan_init(struct exch_scan *s);

/* Scans the next n bytes of the file. Returns n when they are within the
 * bounds; otherwise the number of leading bytes that may still be handed
 * to the parser (the rest starts at or after the offending construct), and
 * s->problem, s->bad_line and s->element say what was refused. After a
 * refusal the scanner must not be fed again. */
size_t exch_scan(struct exch_scan *s, const unsigned char *p, size_t n);

#endif
