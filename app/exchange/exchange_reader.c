/* exchange_reader.c - one pass over an exchange file: libxml2's push
 * parser feeds SAX events through the schema validator (xmlSchemaSAXPlug)
 * into the record builder below.
 *
 * Why SAX and not xmlTextReader: the validator and the records then see
 * the parser's own line counter, which is exact past line 65535 (the
 * reader's tree nodes store lines in 16 bits and xmlGetLineNo can only
 * guess from neighbouring nodes), no tree node is ever built, and a
 * DOCTYPE is refused before a byte of its internal subset is parsed.
 */
#include "exchange_reader.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/globals.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlschemas.h>

#include "ags.h"
#include "exchange_messages.h"
#include "exchange_scan.h"
#include "money.h"

enum {
	READ_CHUNK = 64 * 1024,
	ARENA_SIZE = 64 * 1024, /* every value of one record; 36 KB at most when valid */
	MAX_DEPTH = 4,          /* exchange/grants/grant/booking */
	MAX_SLOTS = 10,
	MAX_OPEN = 300,         /* libxml2 refuses documents nested deeper than 256 */
	PATH_DEPTH = 6,         /* frames kept for paths: exchange/grants/grant/booking/... */
	FRAME_PART = 120,       /* "project[CODE]/grant[REF]" */
	FRAME_KEY = 48,         /* an identifier in a path, truncated */
	PATH_TEXT = 400,
	FIRST_YEAR = 1900,      /* ft:Year */
	ALLOC_YEARS = 300       /* 1900..2199 */
};

/* The elements of the format; E_OTHER is anything else (the schema says
 * what is wrong with it; its subtree is skipped). */
enum elem {
	E_OTHER, E_EXCHANGE, E_CITY, E_DISTRICTS, E_DISTRICT, E_FUNDERS, E_FUNDER,
	E_PROGRAMMES, E_PROGRAMME, E_PROJECTS, E_PROJECT, E_GRANTS, E_GRANT, E_NAME,
	E_TITLE, E_CARRIER, E_TARGET_GROUP, E_COSTS, E_APPROVED, E_ELIGIBLE, E_NOTE,
	E_ALLOCATION, E_BOOKING,
	/* new in 1.1 */
	E_DELIVERY, E_CONTACT, E_FORWARDED, E_INDICATORS, E_PARTICIPANTS, E_EXTENSION,
	E_PLAN_LINE, E_COVER, E_PROJECT_BOOKING
};

/* The features of 1.1 that a file must declare in requires when it holds
 * their content (see the XSD, FEATURES). */
static const char *const known_features[] = { "financing-plan", "project-bookings", NULL };
enum { FEATURE_FINANCING_PLAN, FEATURE_PROJECT_BOOKINGS, NFEATURES };

/* The features this reader admits to knowing: all of known_features, or
 * fewer for a test that plays an older reader (exchange_reader_forget). */
static int feature_forgotten[NFEATURES];

void exchange_reader_forget(const char *feature)
{
	for (int f = 0; f < NFEATURES; f++)
		if (!feature || strcmp(feature, known_features[f]) == 0)
			feature_forgotten[f] = feature != NULL;
}

static const struct {
	enum elem parent;
	const char *name;
	enum elem child;
	int minor; /* the format version (1.minor) that introduced it */
} structure[] = {
	/* most frequent first */
	{ E_GRANT, "booking", E_BOOKING, 0 },
	{ E_GRANT, "allocation", E_ALLOCATION, 0 },
	{ E_GRANTS, "grant", E_GRANT, 0 },
	{ E_GRANT, "approved", E_APPROVED, 0 },
	{ E_GRANT, "eligible", E_ELIGIBLE, 0 },
	{ E_GRANT, "note", E_NOTE, 0 },
	{ E_PROJECTS, "project", E_PROJECT, 0 },
	{ E_PROJECT, "title", E_TITLE, 0 },
	{ E_PROJECT, "carrier", E_CARRIER, 0 },
	{ E_PROJECT, "target-group", E_TARGET_GROUP, 0 },
	{ E_PROJECT, "costs", E_COSTS, 0 },
	{ E_DISTRICTS, "district", E_DISTRICT, 0 },
	{ E_DISTRICT, "name", E_NAME, 0 },
	{ E_FUNDERS, "funder", E_FUNDER, 0 },
	{ E_FUNDER, "name", E_NAME, 0 },
	{ E_PROGRAMMES, "programme", E_PROGRAMME, 0 },
	{ E_PROGRAMME, "name", E_NAME, 0 },
	{ E_CITY, "name", E_NAME, 0 },
	{ E_EXCHANGE, "city", E_CITY, 0 },
	{ E_EXCHANGE, "districts", E_DISTRICTS, 0 },
	{ E_EXCHANGE, "funders", E_FUNDERS, 0 },
	{ E_EXCHANGE, "programmes", E_PROGRAMMES, 0 },
	{ E_EXCHANGE, "projects", E_PROJECTS, 0 },
	{ E_EXCHANGE, "grants", E_GRANTS, 0 },
	{ E_EXCHANGE, "delivery", E_DELIVERY, 1 },
	{ E_DELIVERY, "contact", E_CONTACT, 1 },
	{ E_DELIVERY, "forwarded-by", E_FORWARDED, 1 },
	{ E_EXCHANGE, "indicators", E_INDICATORS, 1 },
	{ E_INDICATORS, "participants", E_PARTICIPANTS, 1 },
	{ E_EXCHANGE, "extension", E_EXTENSION, 1 },
	{ E_CITY, "extension", E_EXTENSION, 1 },
	{ E_PROJECT, "extension", E_EXTENSION, 1 },
	{ E_GRANT, "extension", E_EXTENSION, 1 },
	{ E_PROJECT, "plan-line", E_PLAN_LINE, 1 },
	{ E_PROJECT, "cover", E_COVER, 1 },
	{ E_PROJECT, "booking", E_PROJECT_BOOKING, 1 },
};

struct reader {
	xmlParserCtxtPtr parser;
	struct exch_diags *diags;
	const struct exch_sink *sink;
	struct ft_error *err;
	int checksum;    /* hash what is read */
	int stopped;     /* parsing was stopped on purpose (or by a failure) */
	int unwinding;   /* closing the elements a broken document left open */
	int sink_failed;
	int depth;       /* of the current element; -1 outside the root */
	enum elem path[MAX_DEPTH];
	int skip;        /* > 0: inside an element that is not part of the format */
	struct exch_record rec;
	int in_record;
	int grant_sent;  /* the open grant's EXCH_GRANT record went out */
	/* the fiscal years (1900..2199) of the open grant's allocations so far */
	uint64_t alloc_years[(ALLOC_YEARS + 63) / 64];
	int project_sent; /* the open project's EXCH_PROJECT record went out */
	char project_code[128]; /* of the open project, for its plan and bookings */
	int bad;         /* a value of rec could not be read */
	long bad_records, first_bad_line;
	char *arena;
	size_t used;
	int collecting;  /* text of the current element is wanted */
	size_t text_start;
	const xmlChar *open[MAX_OPEN + 1][3]; /* name, prefix, URI of the open elements */
	long open_line[MAX_OPEN + 1];
	struct exch_scan scan; /* bounds what reaches the parser */
	int minor;      /* the file's format version 1.minor; -1 before the root */
	const char *schema_version; /* of the schema the file is validated against */
	int required[NFEATURES]; /* the file's requires lists the feature */
	int uses[NFEATURES];     /* the file holds content of the feature */
	long last_line; /* of the last XSD error, to drop its repetitions */
	char last_element[64];
	char last_value[160];
	/* the open elements for the paths of messages (note_frame) */
	char frame_name[PATH_DEPTH][40];
	/* a frame's part of a path, made only for a message (frame_part) */
	char frame_key[PATH_DEPTH][FRAME_KEY];     /* its code, ref, id or year */
	char frame_project[PATH_DEPTH][FRAME_KEY]; /* a grant's project */
	int frame_in_path[PATH_DEPTH];             /* 0: the root or a container */
	int sibling[PATH_DEPTH]; /* elements opened so far at each depth */
	long schema_dropped; /* schema errors left to the business rules */
};

static long current_line(const struct reader *rd)
{
	if (rd->parser && rd->parser->input)
		return rd->parser->input->line;
	return 0;
}

/* Stops the parse from inside a SAX callback. Not with xmlStopParser():
 * in libxml2 before 2.13 it frees the input buffer while the parser frame
 * that called us, and the schema validator plugged in after us, still read
 * the attribute values in it - a use after free (valgrind showed it on
 * seven should-fail files; libxml++ issue #62 has the same trace). libxml2
 * 2.13 (commit f19a9510) reduced xmlHaltParser to the two assignments
 * below, which are what halting means to the parser: instate EOF ends the
 * push loop after the current callback, disableSAX suppresses further
 * callbacks. feed() stops reading when it sees rd->stopped. */
static void stop(struct reader *rd)
{
	if (!rd->stopped) {
		rd->stopped = 1;
		rd->parser->instate = XML_PARSER_EOF;
		rd->parser->disableSAX = 1;
	}
}

static void check_error_limit(struct reader *rd)
{
	if (rd->diags->errors < EXCH_MAX_ERRORS || rd->stopped)
		return;
	exch_report_rule(rd->diags, current_line(rd), RULE_LIMIT, "", NULL,
		    "too many errors: stopped reading the file after %d errors", EXCH_MAX_ERRORS);
	stop(rd);
}

/* ---- libxml2's messages, made readable ------------------------------- */

/* Removes the namespace from "{urn:fundtrack:exchange:1}booking", joins
 * lines, drops the final period and lower-cases a leading word. */
static void clean_message(const char *in, char *out, size_t size)
{
	static const char ns[] = "{" EXCH_NAMESPACE "}";
	size_t n = 0;

	for (const char *p = in; *p && n + 1 < size;) {
		if (strncmp(p, ns, sizeof(ns) - 1) == 0) {
			p += sizeof(ns) - 1;
			continue;
		}
		if (*p == '\n' || *p == '\r') {
			if (p[1] && n > 0 && out[n - 1] != ' ')
				out[n++] = ' ';
			p++;
			continue;
		}
		out[n++] = *p++;
	}
	while (n > 0 && (out[n - 1] == ' ' || out[n - 1] == '.'))
		n--;
	out[n] = '\0';
	if (out[0] >= 'A' && out[0] <= 'Z' && out[1] >= 'a' && out[1] <= 'z')
		out[0] = (char)(out[0] - 'A' + 'a');
}

/* The parser's "Input is not proper UTF-8, indicate encoding ! Bytes: ..." */
static void describe_bad_utf8(const char *msg, char *out, size_t size)
{
	const char *bytes = strstr(msg, "Bytes:");

	snprintf(out, size, tr("invalid UTF-8 (%s): exchange files must be encoded in UTF-8"),
		 bytes ? bytes : tr("bytes not shown"));
}

/* libxml2 reports a bad value once per failed facet ("fractionDigits",
 * then "pattern"): the first says it all. */
static int is_repeat(struct reader *rd, long line, const char *element, const char *value)
{
	int repeat = line == rd->last_line && value[0] && strcmp(value, rd->last_value) == 0 &&
		     strcmp(element, rd->last_element) == 0;

	rd->last_line = line;
	snprintf(rd->last_element, sizeof(rd->last_element), "%s", element);
	snprintf(rd->last_value, sizeof(rd->last_value), "%s", value);
	return repeat;
}

/* What the commonest well-formedness errors mean, for a German reader:
 * libxml2 words its messages in English only, so German output gives this
 * sentence and libxml2's words after it (they name the tag or the place). */
static const struct {
	int code;
	const char *text;
} xml_error_words[] = {
	{ XML_ERR_DOCUMENT_EMPTY, N_("the document is empty") },
	{ XML_ERR_INVALID_CHAR, N_("a character that XML does not allow") },
	{ XML_ERR_UNDECLARED_ENTITY, N_("an undefined entity (&...;): write & as &amp;") },
	{ XML_ERR_STRING_NOT_CLOSED, N_("a quoted value is not closed") },
	{ XML_ERR_LT_IN_ATTRIBUTE, N_("a '<' inside an attribute value: write &lt;") },
	{ XML_ERR_ATTRIBUTE_NOT_STARTED, N_("an attribute value does not start with a quote") },
	{ XML_ERR_ATTRIBUTE_WITHOUT_VALUE, N_("an attribute has no value") },
	{ XML_ERR_ATTRIBUTE_REDEFINED, N_("an attribute is given twice") },
	{ XML_ERR_NAME_REQUIRED, N_("a name is missing here") },
	{ XML_ERR_GT_REQUIRED, N_("a tag is not closed with '>'") },
	{ XML_ERR_LTSLASH_REQUIRED, N_("an end tag '</...>' is missing") },
	{ XML_ERR_TAG_NAME_MISMATCH, N_("start and end tag do not match") },
	{ XML_ERR_TAG_NOT_FINISHED, N_("an element is not closed") },
	{ XML_ERR_EXTRA_CONTENT, N_("content after the end of the root element") },
};

/* libxml2's message msg, with the sentence of xml_error_words before it
 * when the messages are not English. */
static void explain_xml_error(int code, const char *msg, char *text, size_t size)
{
	for (size_t i = 0; msg_lang_current() != MSG_EN &&
			   i < sizeof(xml_error_words) / sizeof(xml_error_words[0]);
	     i++)
		if (xml_error_words[i].code == code) {
			snprintf(text, size, tr("%s (libxml2: %s)"), tr(xml_error_words[i].text),
				 msg);
			return;
		}
	snprintf(text, size, "%s", msg);
}

/* The parser's message for people: libxml2's, cleaned, or our own words
 * where libxml2's mislead. */
static void compose_xml_message(const struct reader *rd, const xmlError *e, const char *msg,
				char *text, size_t size)
{
	if (strstr(msg, "not proper UTF-8"))
		describe_bad_utf8(msg, text, size);
	else if (e->code == XML_ERR_DOCUMENT_END && rd->depth >= 0)
		/* the push parser's words for a document that breaks off */
		snprintf(text, size,
			 tr("the file ends inside element '%s' (line %ld): it was cut off or an end "
			    "tag is missing"),
			 (const char *)rd->open[rd->depth][0], rd->open_line[rd->depth]);
	else
		explain_xml_error(e->code, msg, text, size);
}

/* ---- where an error is: the element path ----------------------------- */

/* strcmp(a, b) == 0 for the names of elements and attributes, which a
 * file has millions of: most differ in their first byte, and that test
 * needs no call (issue 19). */
static int same_name(const char *a, const char *b)
{
	return a[0] == b[0] && strcmp(a, b) == 0;
}

/* The elements that only group records: not part of a path. */
static int is_container(const char *name)
{
	static const char *const names[] = { "districts", "funders", "programmes", "projects",
					     "grants", NULL };

	for (size_t i = 0; names[i]; i++)
		if (same_name(name, names[i]))
			return 1;
	return 0;
}

/* value (n bytes) into out, at most size - 1 bytes, control characters
 * as '?'. */
static void copy_shown(char *out, size_t size, const xmlChar *value, size_t n)
{
	if (n >= size)
		n = size - 1;
	for (size_t i = 0; i < n; i++)
		out[i] = value[i] < 0x20 ? '?' : (char)value[i];
	out[n] = '\0';
}

/* The attribute of the unqualified name that comes first in names,
 * copied into out (copy_shown); "" when none is there. */
static void first_attribute(int nb, const xmlChar **attrs, const char *const *names, char *out,
			    size_t size)
{
	const xmlChar **best = NULL;
	size_t best_rank = SIZE_MAX;

	for (int a = 0; a < nb; a++) {
		const xmlChar **at = attrs + 5 * a;

		if (at[2])
			continue;
		for (size_t i = 0; names[i] && i < best_rank; i++)
			if (same_name((const char *)at[0], names[i])) {
				best = at;
				best_rank = i;
			}
	}
	out[0] = '\0';
	if (best)
		copy_shown(out, size, best[3], (size_t)(best[4] - best[3]));
}

/* Notes the frame of the element just opened at rd->depth: its name, and
 * what its part of a path is made of (frame_part); copies only, for every
 * element of the file (formatting the parts was a tenth of reading one,
 * issue 19). */
static void note_frame(struct reader *rd, const xmlChar *name, int nb, const xmlChar **attrs)
{
	static const char *const keys[] = { "code", "ref", "id", "year", NULL };
	static const char *const project[] = { "project", NULL };
	int d = rd->depth;
	size_t n = strlen((const char *)name);

	if (d < 0 || d >= PATH_DEPTH)
		return;
	rd->sibling[d]++;
	if (d + 1 < PATH_DEPTH)
		rd->sibling[d + 1] = 0;
	if (n >= sizeof(rd->frame_name[d]))
		n = sizeof(rd->frame_name[d]) - 1;
	memcpy(rd->frame_name[d], name, n);
	rd->frame_name[d][n] = '\0';
	rd->frame_in_path[d] = d != 0 && !is_container(rd->frame_name[d]);
	rd->frame_key[d][0] = rd->frame_project[d][0] = '\0';
	if (!rd->frame_in_path[d])
		return;
	first_attribute(nb, attrs, keys, rd->frame_key[d], FRAME_KEY);
	if (same_name(rd->frame_name[d], "grant"))
		first_attribute(nb, attrs, project, rd->frame_project[d], FRAME_KEY);
}

/* Frame d's part of a path: "project[P-1]", "project[P-1]/grant[G-7]",
 * "booking[3]" (the identifier), "funder[#2]" (the position when the
 * identifier is missing), "name". */
static void frame_part(const struct reader *rd, int d, char *out, size_t size)
{
	const char *elem = rd->frame_name[d];
	size_t used = 0;

	out[0] = '\0';
	if (rd->frame_project[d][0])
		used = (size_t)snprintf(out, size, "project[%s]/", rd->frame_project[d]);
	if (used >= size)
		return;
	if (rd->frame_key[d][0])
		snprintf(out + used, size - used, "%s[%s]", elem, rd->frame_key[d]);
	else if (d == 2 && strcmp(elem, "city") != 0)
		snprintf(out + used, size - used, "%s[#%d]", elem, rd->sibling[d]);
	else
		snprintf(out + used, size - used, "%s", elem);
}

/* The frame an error about element is in: the open element of that name
 * (errors at a start tag), else the one just closed (at an end tag). */
static int frame_of(const struct reader *rd, const char *element, int *closed)
{
	int d = rd->depth;

	*closed = 0;
	if (d >= 0 && d < PATH_DEPTH && strcmp(rd->frame_name[d], element) == 0)
		return d;
	if (d + 1 >= 0 && d + 1 < PATH_DEPTH && strcmp(rd->frame_name[d + 1], element) == 0) {
		*closed = 1;
		return d + 1;
	}
	return d < PATH_DEPTH ? d : PATH_DEPTH - 1;
}

/* "city/project[P-1]/grant[G-7]/booking[3]" for frame d; "exchange" for
 * the root. */
static void path_of(const struct reader *rd, int d, char *out, size_t size)
{
	size_t used = 0;

	out[0] = '\0';
	for (int i = 1; i <= d && used < size; i++)
		if (rd->frame_in_path[i]) {
			char part[FRAME_PART];

			frame_part(rd, i, part, sizeof(part));
			used += (size_t)snprintf(out + used, size - used, "%s%s",
						 used ? "/" : strcmp(rd->frame_name[i], "city") ? "city/" : "",
						 part);
		}
	if (!used)
		snprintf(out, size, "exchange");
}

/* A schema error as a sentence (exchange_messages.h) with the path of its
 * element; at an end tag (a missing child) the line of the start tag. */
static void report_schema_error(struct reader *rd, const xmlError *e, const char *msg,
				long line)
{
	struct xsd_problem p;
	char path[PATH_TEXT], text[1024];
	int d, closed;

	xsd_classify(e->code, msg, &p);
	if (p.id == RULE_COUNT) {
		rd->schema_dropped++;
		return;
	}
	if (is_repeat(rd, line, p.element, p.value))
		return;
	d = frame_of(rd, p.element, &closed);
	if (closed && d >= 0 && p.id == RULE_XSD_MISSING_ELEMENT)
		line = rd->open_line[d];
	path_of(rd, d, path, sizeof(path));
	xsd_sentence(&p, msg_lang_current(), text, sizeof(text));
	exch_report_rule(rd->diags, line, p.id, p.element, p.value[0] ? p.value : NULL, "%s: %s",
			 path, text);
}

/* Every libxml2 error (parser and validator) arrives here. */
static void on_xml_error(void *arg, xmlErrorPtr e)
{
	struct reader *rd = arg;
	char msg[900], text[1024];
	long line;

	if (rd->stopped || rd->unwinding || !e || e->level == XML_ERR_NONE)
		return;
	/* start_root says this better */
	if (e->domain == XML_FROM_SCHEMASV && e->code == XML_SCHEMAV_CVC_ELT_1 && rd->depth <= 0)
		return;
	clean_message(e->message ? e->message : "unknown error", msg, sizeof(msg));
	line = e->line > 0 ? e->line : current_line(rd);
	if (e->domain == XML_FROM_SCHEMASV) {
		report_schema_error(rd, e, msg, line);
	} else {
		compose_xml_message(rd, e, msg, text, sizeof(text));
		exch_report(rd->diags, line,
			    e->level == XML_ERR_WARNING ? EXCH_WARNING : EXCH_ERROR, "XML", "",
			    NULL, "%s", text);
	}
	check_error_limit(rd);
}

/* ---- values ------------------------------------------------------------ */

static void begin_record(struct reader *rd, enum exch_kind kind)
{
	memset(&rd->rec, 0, sizeof(rd->rec));
	rd->rec.kind = kind;
	rd->rec.line = current_line(rd);
	rd->in_record = 1;
	rd->bad = 0;
	rd->used = 0;
	rd->collecting = 0;
}

/* Copies len bytes into the record's arena, NUL-terminated; NULL (and
 * the record is bad) when the arena is full, which no valid record does. */
static char *keep(struct reader *rd, const xmlChar *text, size_t len)
{
	char *p;

	if (len >= ARENA_SIZE - rd->used) {
		rd->bad = 1;
		return NULL;
	}
	p = rd->arena + rd->used;
	memcpy(p, text, len);
	p[len] = '\0';
	rd->used += len + 1;
	return p;
}

/* slots[i] gets the value of the unqualified attribute names[i], NULL when
 * absent. attrs holds nb (localname, prefix, URI, value, end) tuples. */
static void read_attributes(struct reader *rd, const char *const *names, char **slots, int nb,
			    const xmlChar **attrs)
{
	for (size_t i = 0; names[i]; i++)
		slots[i] = NULL;
	for (int a = 0; a < nb; a++) {
		const xmlChar **at = attrs + 5 * a;

		if (at[2])
			continue; /* qualified: not part of the format */
		for (size_t i = 0; names[i]; i++) {
			if (same_name((const char *)at[0], names[i])) {
				slots[i] = keep(rd, at[3], (size_t)(at[4] - at[3]));
				break;
			}
		}
	}
}

static int is_xml_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Numbers, dates and booleans may stand between whitespace (the schema
 * collapses it); strings may not and are taken as they are. */
static char *trimmed(char *s)
{
	size_t n;

	if (!s)
		return NULL;
	while (is_xml_space(*s))
		s++;
	n = strlen(s);
	while (n > 0 && is_xml_space(s[n - 1]))
		s[--n] = '\0';
	return s;
}

static char *required(struct reader *rd, char *value)
{
	if (!value)
		rd->bad = 1;
	return value;
}

static char *date_value(struct reader *rd, char *text)
{
	text = trimmed(text);
	if (text && !date_is_valid_iso(text)) {
		rd->bad = 1;
		return NULL;
	}
	return text;
}

static int64_t amount_value(struct reader *rd, char *text)
{
	int64_t cents = 0;

	text = trimmed(text);
	if (!text || money_parse_plain(text, &cents, NULL) != 0)
		rd->bad = 1;
	return cents;
}

/* A percentage with two decimals is a count of basis points, just as an
 * amount with two decimals is a count of cents. -1 when absent. */
static int rate_value(struct reader *rd, char *text)
{
	int64_t bp;

	text = trimmed(text);
	if (!text)
		return -1;
	if (money_parse_plain(text, &bp, NULL) != 0 || bp < 0 || bp > 10000) {
		rd->bad = 1;
		return -1;
	}
	return (int)bp;
}

static int64_t int_value(struct reader *rd, char *text, int64_t min, int64_t max,
			 int64_t absent)
{
	int64_t value = 0;

	text = trimmed(text);
	if (!text)
		return absent;
	if (!*text || strspn(text, "0123456789") != strlen(text)) {
		rd->bad = 1;
		return absent;
	}
	for (const char *p = text; *p; p++) {
		if (value > (INT64_MAX - (*p - '0')) / 10) {
			rd->bad = 1;
			return absent;
		}
		value = value * 10 + (*p - '0');
	}
	if (value < min || value > max) {
		rd->bad = 1;
		return absent;
	}
	return value;
}

static int bool_value(struct reader *rd, char *text)
{
	text = trimmed(text);
	if (!text || strcmp(text, "false") == 0 || strcmp(text, "0") == 0)
		return 0;
	if (strcmp(text, "true") == 0 || strcmp(text, "1") == 0)
		return 1;
	rd->bad = 1;
	return 0;
}

/* ---- records ------------------------------------------------------------ */

static void send(struct reader *rd)
{
	rd->in_record = 0;
	if (rd->stopped)
		return;
	rd->rec.bad = rd->bad;
	if (rd->bad && !rd->bad_records++)
		rd->first_bad_line = rd->rec.line;
	if (rd->sink && rd->sink->record(rd->sink->arg, &rd->rec, rd->err) != 0) {
		rd->sink_failed = 1;
		stop(rd);
		return;
	}
	check_error_limit(rd);
}

static void start_city(struct reader *rd, int nb, const xmlChar **attrs)
{
	static const char *const names[] = { "ags", "population", "population-date", NULL };
	struct exch_city *c = &rd->rec.u.city;
	char *v[MAX_SLOTS];

	begin_record(rd, EXCH_CITY);
	read_attributes(rd, names, v, nb, attrs);
	c->ags = required(rd, v[0]);
	c->population = int_value(rd, v[1], 1, INT32_MAX, 0);
	c->population_date = date_value(rd, v[2]);
}

/* The AGS has no check digit: its Land code and the municipality register
 * are what can be checked (ags.h). The 1.1 schema's pattern already
 * refuses a bad Land code, so only 1.0 files get FT-AGS errors here (one
 * mistake, one message). */
static void check_ags(struct reader *rd, const struct exch_city *c)
{
	char name[128];

	if (!c->ags)
		return;
	switch (ags_check(c->ags, name, sizeof(name))) {
	case AGS_BAD_LAND:
		if (rd->minor == 0)
			exch_report_rule(rd->diags, rd->rec.line, RULE_AGS, "city", c->ags,
				    "the AGS '%s' is not a municipality key: its first two digits "
				    "(the Land) must be 01 to 16",
				    c->ags);
		break;
	case AGS_UNKNOWN:
		exch_report_rule(rd->diags, rd->rec.line, RULE_AGS_UNKNOWN, "city", c->ags,
			    "the AGS '%s' of '%s' is not in the municipality register of %s "
			    "(Destatis Gemeindeverzeichnis, %ld entries): check the key",
			    c->ags, c->name ? c->name : "", ags_register_date(),
			    ags_register_entries());
		break;
	case AGS_KNOWN:
		break;
	}
}

static void start_delivery(struct reader *rd, int nb, const xmlChar **attrs)
{
	static const char *const names[] = { "cutoff", "sequence", "software", NULL };
	struct exch_delivery *d = &rd->rec.u.delivery;
	char *v[MAX_SLOTS];

	begin_record(rd, EXCH_DELIVERY);
	read_attributes(rd, names, v, nb, attrs);
	d->cutoff = required(rd, date_value(rd, v[0]));
	d->sequence = int_value(rd, required(rd, v[1]), 1, INT64_MAX, 0);
	d->software = v[2];
}

static void start_contact(struct reader *rd, int nb, const xmlChar **attrs)
{
	static const char *const names[] = { "name", "email", "phone", NULL };
	struct exch_delivery *d = &rd->rec.u.delivery;
	char *v[MAX_SLOTS];

	if (rd->rec.kind != EXCH_DELIVERY)
		return;
	read_attributes(rd, names, v, nb, attrs);
	d->contact_name = v[0];
	d->contact_email = v[1];
	d->contact_phone = v[2];
}

static void start_forwarded(struct reader *rd, int nb, const xmlChar **attrs)
{
	static const char *const names[] = { "ags", "name", "at", NULL };
	struct exch_delivery *d = &rd->rec.u.delivery;
	char *v[MAX_SLOTS];

	if (rd->rec.kind != EXCH_DELIVERY)
		return;
	read_attributes(rd, names, v, nb, attrs);
	d->forwarded_ags = trimmed(v[0]);
	d->forwarded_name = v[1];
	d->forwarded_at = trimmed(v[2]);
}

static void start_participants(struct reader *rd, int nb, const xmlChar **attrs)
{
	static const char *const names[] = { "year", "field", NULL };
	char *v[MAX_SLOTS];

	begin_record(rd, EXCH_INDICATOR);
	read_attributes(rd, names, v, nb, attrs);
	rd->rec.u.indicator.year = (int)int_value(rd, required(rd, v[0]), 1900, 2199, 0);
	rd->rec.u.indicator.field = required(rd, v[1]);
}

/* An extension is skipped with a note; its feature, when the file
 * requires it, was refused at the root already (every feature this
 * reader knows has its own elements, none lives in an extension). */
static void skip_extension(struct reader *rd, int nb, const xmlChar **attrs,
			   const xmlChar *parent)
{
	static const char *const names[] = { "feature", NULL };
	char *v[MAX_SLOTS];
	size_t used = rd->used; /* the attribute is not part of the record */

	read_attributes(rd, names, v, nb, attrs);
	exch_report_rule(rd->diags, current_line(rd), RULE_EXTENSION, "extension",
		    v[0] ? v[0] : "",
		    "skipped the extension '%s' in <%s>: optional content this fundtrack does "
		    "not know; the figures of the file are complete without it",
		    v[0] ? v[0] : "", (const char *)parent);
	rd->used = used;
	rd->skip = 1;
}

/* Content of a feature the file must declare: FT-REQUIRES when it does
 * not (once per feature); the content is read all the same, so that every
 * other finding about it is reported too. */
static void note_feature_content(struct reader *rd, int feature, const char *element)
{
	if (!rd->required[feature] && !rd->uses[feature])
		exch_report_rule(rd->diags, current_line(rd), RULE_REQUIRES, element,
			    known_features[feature],
			    "<%s> belongs to the feature '%s', which the file must list in the "
			    "root's requires attribute (requires=\"%s\"): a reader that does not "
			    "know it would otherwise read the project's figures wrongly",
			    element, known_features[feature], known_features[feature]);
	rd->uses[feature] = 1;
}

static void start_district(struct reader *rd, int nb, const xmlChar **attrs)
{
	static const char *const names[] = { "code", "action-area", NULL };
	struct exch_district *d = &rd->rec.u.district;
	char *v[MAX_SLOTS];

	begin_record(rd, EXCH_DISTRICT);
	read_attributes(rd, names, v, nb, attrs);
	d->code = required(rd, v[0]);
	d->action_area = bool_value(rd, v[1]);
}

static void start_funder(struct reader *rd, int nb, const xmlChar **attrs)
{
	static const char *const names[] = { "code", "level", NULL };
	struct exch_funder *f = &rd->rec.u.funder;
	char *v[MAX_SLOTS];

	begin_record(rd, EXCH_FUNDER);
	read_attributes(rd, names, v, nb, attrs);
	f->code = required(rd, v[0]);
	f->level = required(rd, v[1]);
}

static void start_programme(struct reader *rd, int nb, const xmlChar **attrs)
{
	static const char *const names[] = { "code",	  "funder",	   "fund",	   "rate",
					     "financing", "drawdown-days", "proof-months", NULL };
	struct exch_programme *p = &rd->rec.u.programme;
	char *v[MAX_SLOTS];

	begin_record(rd, EXCH_PROGRAMME);
	read_attributes(rd, names, v, nb, attrs);
	p->code = required(rd, v[0]);
	p->funder = required(rd, v[1]);
	p->fund = v[2];
	p->rate_bp = rate_value(rd, v[3]);
	p->financing = required(rd, v[4]);
	p->drawdown_days = (int)int_value(rd, required(rd, v[5]), 1, 366, 0);
	p->proof_months = (int)int_value(rd, required(rd, v[6]), 0, 36, 0);
}

static void start_project(struct reader *rd, int nb, const xmlChar **attrs)
{
	static const char *const names[] = { "code",	    "field", "district", "predecessor",
					     "start",	    "end",   NULL };
	struct exch_project *p = &rd->rec.u.project;
	char *v[MAX_SLOTS];

	begin_record(rd, EXCH_PROJECT);
	rd->project_sent = 0;
	read_attributes(rd, names, v, nb, attrs);
	p->code = required(rd, v[0]);
	snprintf(rd->project_code, sizeof(rd->project_code), "%s", v[0] ? v[0] : "");
	p->field = required(rd, v[1]);
	p->district = v[2];
	p->predecessor = v[3];
	p->start = date_value(rd, v[4]);
	p->end = date_value(rd, v[5]);
}

static void start_grant(struct reader *rd, int nb, const xmlChar **attrs)
{
	static const char *const names[] = { "ref",  "project", "programme", "status",
					     "financing", "rate", "start", "end",
					     "applied", "decided", NULL };
	struct exch_grant *g = &rd->rec.u.grant;
	char *v[MAX_SLOTS];

	begin_record(rd, EXCH_GRANT);
	rd->grant_sent = 0;
	memset(rd->alloc_years, 0, sizeof(rd->alloc_years));
	read_attributes(rd, names, v, nb, attrs);
	g->ref = required(rd, v[0]);
	g->project = required(rd, v[1]);
	g->programme = required(rd, v[2]);
	g->status = required(rd, v[3]);
	g->financing = required(rd, v[4]);
	g->rate_bp = rate_value(rd, v[5]);
	g->start = required(rd, date_value(rd, v[6]));
	g->end = required(rd, date_value(rd, v[7]));
	g->applied = date_value(rd, v[8]);
	g->decided = date_value(rd, v[9]);
}

/* A grant's own record goes out before its first allocation or booking
 * (or at its end); a grant whose values could not be read takes its
 * allocations and bookings with it. */
static void flush_grant(struct reader *rd)
{
	if (rd->grant_sent)
		return;
	rd->grant_sent = rd->bad ? -1 : 1;
	send(rd);
}

static int complete_record(const struct exch_record *r);

/* A project's own record goes out before its first plan line, cover or
 * booking (or at its end); a project whose values could not be read takes
 * them with it. */
static void flush_project(struct reader *rd)
{
	if (rd->project_sent)
		return;
	if (!complete_record(&rd->rec))
		rd->bad = 1;
	rd->project_sent = rd->bad ? -1 : 1;
	send(rd);
}

/* The project code for a record of the open project, in the record's arena. */
static const char *open_project(struct reader *rd)
{
	return keep(rd, (const xmlChar *)rd->project_code, strlen(rd->project_code));
}

static void start_plan_line(struct reader *rd, int nb, const xmlChar **attrs)
{
	static const char *const names[] = { "position", "label", NULL };
	struct exch_plan_line *l = &rd->rec.u.plan_line;
	char *v[MAX_SLOTS];

	note_feature_content(rd, FEATURE_FINANCING_PLAN, "plan-line");
	flush_project(rd);
	begin_record(rd, EXCH_PLAN_LINE);
	l->project = open_project(rd);
	read_attributes(rd, names, v, nb, attrs);
	l->position = required(rd, v[0]);
	l->label = required(rd, v[1]);
}

static void start_cover(struct reader *rd, int nb, const xmlChar **attrs)
{
	static const char *const names[] = { "kind", "label", NULL };
	struct exch_cover *c = &rd->rec.u.cover;
	char *v[MAX_SLOTS];

	note_feature_content(rd, FEATURE_FINANCING_PLAN, "cover");
	flush_project(rd);
	begin_record(rd, EXCH_COVER);
	c->project = open_project(rd);
	read_attributes(rd, names, v, nb, attrs);
	c->kind = required(rd, v[0]);
	c->label = v[1];
}

static void start_project_booking(struct reader *rd, int nb, const xmlChar **attrs)
{
	static const char *const names[] = { "id",   "date",	  "service-date", "kind",
					     "line", "reverses", "reference",	 "note", NULL };
	struct exch_project_booking *b = &rd->rec.u.project_booking;
	char *v[MAX_SLOTS];

	note_feature_content(rd, FEATURE_PROJECT_BOOKINGS, "booking");
	flush_project(rd);
	begin_record(rd, EXCH_PROJECT_BOOKING);
	b->project = open_project(rd);
	read_attributes(rd, names, v, nb, attrs);
	b->id = int_value(rd, required(rd, v[0]), 1, INT64_MAX, 0);
	b->date = required(rd, date_value(rd, v[1]));
	b->service_date = date_value(rd, v[2]);
	b->kind = required(rd, v[3]);
	b->line = v[4];
	b->reverses = int_value(rd, v[5], 1, INT64_MAX, 0);
	b->reference = v[6];
	b->note = v[7];
}

static void start_allocation(struct reader *rd, int nb, const xmlChar **attrs)
{
	static const char *const names[] = { "year", NULL };
	char *v[MAX_SLOTS];

	flush_grant(rd);
	begin_record(rd, EXCH_ALLOCATION);
	read_attributes(rd, names, v, nb, attrs);
	rd->rec.u.allocation.year = (int)int_value(rd, required(rd, v[0]), 1900,
						   2199, 0);
}

/* One allocation per fiscal year and grant: the schema's xs:unique
 * 'allocationYear', checked here in a bit set per grant, since libxml2
 * keeps the keys of every grant until the end of the document (see
 * strip_identity_constraints). The error is the one libxml2 gave, at the
 * allocation's end tag, and goes the same way (on_xml_error). */
static void check_allocation_year(struct reader *rd, int year)
{
	static const char ns[] = "{" EXCH_NAMESPACE "}";
	unsigned bit = (unsigned)(year - FIRST_YEAR);
	char msg[256];
	xmlError e;

	if (year < FIRST_YEAR || bit >= ALLOC_YEARS)
		return; /* no year: the schema said so already */
	if (!(rd->alloc_years[bit / 64] & (UINT64_C(1) << (bit % 64)))) {
		rd->alloc_years[bit / 64] |= UINT64_C(1) << (bit % 64);
		return;
	}
	snprintf(msg, sizeof(msg),
		 "Element '%sallocation': Duplicate key-sequence ['%d'] in unique "
		 "identity-constraint '%sallocationYear'.\n",
		 ns, year, ns);
	memset(&e, 0, sizeof(e));
	e.domain = XML_FROM_SCHEMASV;
	e.code = XML_SCHEMAV_CVC_IDC;
	e.level = XML_ERR_ERROR;
	e.message = msg;
	e.line = (int)current_line(rd);
	on_xml_error(rd, &e);
}

static void start_booking(struct reader *rd, int nb, const xmlChar **attrs)
{
	static const char *const names[] = { "id",	  "date",      "kind", "reverses",
					     "reference", "note", NULL };
	struct exch_booking *b = &rd->rec.u.booking;
	char *v[MAX_SLOTS];

	flush_grant(rd);
	begin_record(rd, EXCH_BOOKING);
	read_attributes(rd, names, v, nb, attrs);
	b->id = int_value(rd, required(rd, v[0]), 1, INT64_MAX, 0);
	b->date = required(rd, date_value(rd, v[1]));
	b->kind = required(rd, v[2]);
	b->reverses = int_value(rd, v[3], 1, INT64_MAX, 0);
	b->reference = v[4];
	b->note = v[5];
}

/* ---- text content ------------------------------------------------------- */

static void begin_text(struct reader *rd)
{
	if (!rd->in_record)
		return;
	rd->collecting = 1;
	rd->text_start = rd->used;
}

static void on_characters(void *ctx, const xmlChar *text, int len)
{
	struct reader *rd = ctx;

	if (!rd->collecting || rd->stopped)
		return;
	/* one byte stays free for the terminating NUL */
	if ((size_t)len >= ARENA_SIZE - rd->used) {
		rd->bad = 1;
		return;
	}
	memcpy(rd->arena + rd->used, text, (size_t)len);
	rd->used += (size_t)len;
}

static char *end_text(struct reader *rd)
{
	char *text;

	if (!rd->collecting)
		return NULL;
	rd->collecting = 0;
	text = rd->arena + rd->text_start;
	rd->arena[rd->used++] = '\0';
	return text;
}

/* Stores the text of a child element into the record it belongs to; a
 * child where the format has none is the schema's to report. */
static void set_text(struct reader *rd, enum elem e, char *text)
{
	struct exch_record *r = &rd->rec;

	if (!text)
		return;
	if (e == E_NAME && r->kind == EXCH_CITY)
		r->u.city.name = text;
	else if (e == E_NAME && r->kind == EXCH_DISTRICT)
		r->u.district.name = text;
	else if (e == E_NAME && r->kind == EXCH_FUNDER)
		r->u.funder.name = text;
	else if (e == E_NAME && r->kind == EXCH_PROGRAMME)
		r->u.programme.name = text;
	else if (e == E_TITLE && r->kind == EXCH_PROJECT)
		r->u.project.title = text;
	else if (e == E_CARRIER && r->kind == EXCH_PROJECT)
		r->u.project.carrier = text;
	else if (e == E_TARGET_GROUP && r->kind == EXCH_PROJECT)
		r->u.project.target_group = text;
	else if (e == E_COSTS && r->kind == EXCH_PROJECT) {
		r->u.project.costs = amount_value(rd, text);
		r->u.project.has_costs = 1;
	} else if (e == E_APPROVED && r->kind == EXCH_GRANT)
		r->u.grant.approved = amount_value(rd, text);
	else if (e == E_ELIGIBLE && r->kind == EXCH_GRANT) {
		r->u.grant.eligible = amount_value(rd, text);
		r->u.grant.has_eligible = 1;
	} else if (e == E_NOTE && r->kind == EXCH_GRANT)
		r->u.grant.note = text;
}

/* The required child elements are there (else the schema has said so). */
static int complete_record(const struct exch_record *r)
{
	switch (r->kind) {
	case EXCH_CITY:
		return r->u.city.name != NULL;
	case EXCH_DISTRICT:
		return r->u.district.name != NULL;
	case EXCH_FUNDER:
		return r->u.funder.name != NULL;
	case EXCH_PROGRAMME:
		return r->u.programme.name != NULL;
	case EXCH_PROJECT:
		return r->u.project.title != NULL;
	default:
		return 1;
	}
}

/* ---- SAX events ----------------------------------------------------------- */

/* An element of a later version than the file's is not part of it (the
 * file's schema reports it). */
static enum elem classify(enum elem parent, const xmlChar *name, const xmlChar *uri, int minor)
{
	if (!uri || strcmp((const char *)uri, EXCH_NAMESPACE) != 0)
		return E_OTHER;
	for (size_t i = 0; i < sizeof(structure) / sizeof(structure[0]); i++)
		if (structure[i].parent == parent && structure[i].minor <= minor &&
		    same_name(structure[i].name, (const char *)name))
			return structure[i].child;
	return E_OTHER;
}

/* Input the parser had to convert is not UTF-8 (ISO-8859-1, UTF-16...). */
static int check_encoding(struct reader *rd)
{
	xmlParserInputPtr in = rd->parser->input;
	const char *declared = (const char *)rd->parser->encoding;

	if (!in || !in->buf || !in->buf->encoder)
		return 0;
	exch_report_rule(rd->diags, current_line(rd), RULE_ENCODING, "",
		    declared ? declared : in->buf->encoder->name,
		    "the file is encoded in '%s': exchange files must be encoded in UTF-8",
		    declared ? declared : in->buf->encoder->name);
	stop(rd);
	return -1;
}

/* 1.minor of a version "1.N" (N from 0 to 999, no leading zero), or -1. */
static int minor_version(const char *version)
{
	const char *m = version + 2;
	size_t n = strlen(m);

	if (strncmp(version, "1.", 2) != 0 || n < 1 || n > 3 || strspn(m, "0123456789") != n ||
	    (m[0] == '0' && n > 1))
		return -1;
	return (int)strtol(m, NULL, 10); /* 1 to 3 digits, checked above */
}

/* The compatibility rule of the XSD: 1.0 files are read with the 1.0
 * schema, 1.1 and every later 1.x with the 1.1 schema (a later minor
 * version adds only extensions and required features). The schema was
 * chosen by the version peeked before the parse (peek_version). */
static int check_version(struct reader *rd, const char *version)
{
	int minor = minor_version(version);
	int schema_minor = strcmp(rd->schema_version, EXCH_VERSION_1_0) == 0 ? 0 : 1;

	if (minor < 0) {
		exch_report_rule(rd->diags, current_line(rd), RULE_VERSION, "exchange", version,
			    "exchange format version '%s' is not supported: this fundtrack reads "
			    "versions 1.0 and 1.1 (and later 1.x as 1.1)",
			    version);
		stop(rd);
		return -1;
	}
	if ((minor == 0) != (schema_minor == 0)) {
		/* the root was not found where peek_version looked for it */
		exch_report_rule(rd->diags, current_line(rd), RULE_VERSION, "exchange", version,
			    "the version '%s' was not found before the first megabyte of the file, "
			    "so the file was checked against the wrong schema: remove what "
			    "precedes the root element",
			    version);
		stop(rd);
		return -1;
	}
	rd->minor = minor;
	/* a fact of its own (FT-VERSION-NEWER, a note): the file is read */
	if (minor > 1)
		exch_report_rule(rd->diags, current_line(rd), RULE_VERSION_NEWER, "exchange",
			    version,
			    "the file is of format version %s, newer than this fundtrack's %s: read "
			    "as %s (its extensions are skipped, its required features checked)",
			    version, EXCH_VERSION, EXCH_VERSION);
	return 0;
}

/* Must-understand: every feature the file requires must be known here;
 * an unknown one stops the reading before any figure is taken. */
static int check_requires(struct reader *rd, const char *requires)
{
	const char *p = requires;

	while (p && *p) {
		size_t n, f;

		p += strspn(p, " \t\r\n");
		n = strcspn(p, " \t\r\n");
		if (!n)
			break;
		for (f = 0; known_features[f]; f++)
			if (strlen(known_features[f]) == n && strncmp(p, known_features[f], n) == 0)
				break;
		if (!known_features[f] || feature_forgotten[f]) {
			exch_report_rule(rd->diags, current_line(rd), RULE_REQUIRES, "exchange", NULL,
				    "the file requires the feature '%.*s', which this fundtrack "
				    "(exchange format %s) does not know: it cannot read the file "
				    "without misreading figures. Update fundtrack, or ask the sender "
				    "for a file without it ('fundtrack export --format-version %s')",
				    (int)n, p, EXCH_VERSION, EXCH_VERSION);
			stop(rd);
			return -1;
		}
		rd->required[f] = 1;
		p += n;
	}
	return 0;
}

static void start_root(struct reader *rd, const xmlChar *name, const xmlChar *uri, int nb,
		       const xmlChar **attrs)
{
	static const char *const names[] = { "version", "generated", "requires", NULL };
	struct exch_header *h = &rd->rec.u.header;
	char *v[MAX_SLOTS], *generated;

	if (check_encoding(rd))
		return;
	if (!uri || strcmp((const char *)uri, EXCH_NAMESPACE) != 0 ||
	    strcmp((const char *)name, "exchange") != 0) {
		exch_report_rule(rd->diags, current_line(rd), RULE_FORMAT, (const char *)name,
			    uri ? (const char *)uri : "",
			    "root element '%s' (namespace '%s') is not a fundtrack exchange file: "
			    "expected <exchange xmlns=\"%s\" version=\"%s\">",
			    (const char *)name, uri ? (const char *)uri : "none", EXCH_NAMESPACE,
			    EXCH_VERSION);
		stop(rd);
		return;
	}
	rd->path[0] = E_EXCHANGE;
	begin_record(rd, EXCH_HEADER);
	read_attributes(rd, names, v, nb, attrs);
	if (!v[0]) {
		exch_report_rule(rd->diags, current_line(rd), RULE_VERSION, "exchange", NULL,
			    "the root element has no version attribute: expected version=\"%s\"",
			    EXCH_VERSION);
		stop(rd);
		return;
	}
	if (check_version(rd, v[0]) || check_requires(rd, v[2]))
		return;
	h->version = v[0];
	h->minor = rd->minor;
	h->requires = v[2];
	generated = trimmed(required(rd, v[1]));
	h->generated = generated;
	if (generated && strlen(generated) >= 10) {
		snprintf(h->generated_date, sizeof(h->generated_date), "%.10s", generated);
		if (!date_is_valid_iso(h->generated_date))
			rd->bad = 1;
	} else {
		rd->bad = 1;
	}
	send(rd);
}

static void start_element(struct reader *rd, enum elem e, int nb, const xmlChar **attrs)
{
	switch (e) {
	case E_CITY:
		start_city(rd, nb, attrs);
		break;
	case E_DISTRICT:
		start_district(rd, nb, attrs);
		break;
	case E_FUNDER:
		start_funder(rd, nb, attrs);
		break;
	case E_PROGRAMME:
		start_programme(rd, nb, attrs);
		break;
	case E_PROJECT:
		start_project(rd, nb, attrs);
		break;
	case E_GRANT:
		start_grant(rd, nb, attrs);
		break;
	case E_ALLOCATION:
		start_allocation(rd, nb, attrs);
		begin_text(rd);
		break;
	case E_BOOKING:
		start_booking(rd, nb, attrs);
		begin_text(rd);
		break;
	case E_DELIVERY:
		start_delivery(rd, nb, attrs);
		break;
	case E_CONTACT:
		start_contact(rd, nb, attrs);
		break;
	case E_FORWARDED:
		start_forwarded(rd, nb, attrs);
		break;
	case E_PARTICIPANTS:
		start_participants(rd, nb, attrs);
		begin_text(rd);
		break;
	case E_PLAN_LINE:
		start_plan_line(rd, nb, attrs);
		begin_text(rd);
		break;
	case E_COVER:
		start_cover(rd, nb, attrs);
		begin_text(rd);
		break;
	case E_PROJECT_BOOKING:
		start_project_booking(rd, nb, attrs);
		begin_text(rd);
		break;
	case E_NAME:
	case E_TITLE:
	case E_CARRIER:
	case E_TARGET_GROUP:
	case E_COSTS:
	case E_APPROVED:
	case E_ELIGIBLE:
	case E_NOTE:
		begin_text(rd);
		break;
	default:
		break;
	}
}

static void end_element(struct reader *rd, enum elem e)
{
	switch (e) {
	case E_PROJECT:
		flush_project(rd);
		break;
	case E_PLAN_LINE:
		rd->rec.u.plan_line.amount = amount_value(rd, end_text(rd));
		if (rd->project_sent > 0)
			send(rd);
		break;
	case E_COVER:
		rd->rec.u.cover.amount = amount_value(rd, end_text(rd));
		if (rd->project_sent > 0)
			send(rd);
		break;
	case E_PROJECT_BOOKING:
		rd->rec.u.project_booking.amount = amount_value(rd, end_text(rd));
		if (rd->project_sent > 0)
			send(rd);
		break;
	case E_CITY:
	case E_DISTRICT:
	case E_FUNDER:
	case E_PROGRAMME:
		if (!complete_record(&rd->rec))
			rd->bad = 1;
		if (e == E_CITY)
			check_ags(rd, &rd->rec.u.city);
		send(rd);
		break;
	case E_DELIVERY:
		if (!rd->rec.u.delivery.contact_name)
			rd->bad = 1;
		send(rd);
		break;
	case E_PARTICIPANTS:
		rd->rec.u.indicator.participants = int_value(rd, end_text(rd), 0, INT32_MAX, 0);
		send(rd);
		break;
	case E_GRANT:
		flush_grant(rd);
		if (rd->grant_sent > 0) {
			begin_record(rd, EXCH_GRANT_END);
			send(rd);
		}
		rd->grant_sent = 0;
		break;
	case E_ALLOCATION:
		check_allocation_year(rd, rd->rec.u.allocation.year);
		rd->rec.u.allocation.amount = amount_value(rd, end_text(rd));
		if (rd->grant_sent > 0)
			send(rd);
		break;
	case E_BOOKING:
		rd->rec.u.booking.amount = amount_value(rd, end_text(rd));
		if (rd->grant_sent > 0)
			send(rd);
		break;
	case E_NAME:
	case E_TITLE:
	case E_CARRIER:
	case E_TARGET_GROUP:
	case E_COSTS:
	case E_APPROVED:
	case E_ELIGIBLE:
	case E_NOTE:
		set_text(rd, e, end_text(rd));
		break;
	default:
		break;
	}
}

static void on_start(void *ctx, const xmlChar *name, const xmlChar *prefix, const xmlChar *uri,
		     int nb_namespaces, const xmlChar **namespaces, int nb_attributes,
		     int nb_defaulted, const xmlChar **attributes)
{
	struct reader *rd = ctx;
	enum elem e;

	(void)prefix;
	(void)nb_namespaces;
	(void)namespaces;
	(void)nb_defaulted; /* defaults come from a DTD, and there is none */
	if (rd->depth >= MAX_OPEN)
		return; /* stopped below, no more elements come */
	rd->depth++;
	rd->open[rd->depth][0] = name;
	rd->open[rd->depth][1] = prefix;
	rd->open[rd->depth][2] = uri;
	rd->open_line[rd->depth] = current_line(rd);
	note_frame(rd, name, nb_attributes, attributes);
	if (rd->depth == MAX_OPEN && !rd->stopped) {
		exch_report_rule(rd->diags, current_line(rd), RULE_XML, (const char *)name, NULL,
			    "elements are nested %d levels deep here (an exchange file needs 4): "
			    "refused",
			    MAX_OPEN);
		stop(rd);
	}
	if (rd->stopped)
		return;
	if (rd->skip) {
		rd->skip++;
		return;
	}
	if (rd->depth == 0) {
		start_root(rd, name, uri, nb_attributes, attributes);
		return;
	}
	e = rd->depth < MAX_DEPTH ? classify(rd->path[rd->depth - 1], name, uri, rd->minor)
				  : E_OTHER;
	if (e == E_OTHER) {
		rd->skip = 1;
		return;
	}
	rd->path[rd->depth] = e;
	if (e == E_EXTENSION)
		skip_extension(rd, nb_attributes, attributes, rd->open[rd->depth - 1][0]);
	else
		start_element(rd, e, nb_attributes, attributes);
}

static void on_end(void *ctx, const xmlChar *name, const xmlChar *prefix, const xmlChar *uri)
{
	struct reader *rd = ctx;

	(void)name;
	(void)prefix;
	(void)uri;
	if (!rd->stopped && !rd->unwinding) {
		if (rd->skip)
			rd->skip--;
		else if (rd->depth > 0)
			end_element(rd, rd->path[rd->depth]);
	}
	rd->depth--;
}

/* Any DOCTYPE is refused the moment it starts, before its internal subset
 * (where XXE and entity bombs live) is parsed. */
static void on_doctype(void *ctx, const xmlChar *name, const xmlChar *public_id,
		       const xmlChar *system_id)
{
	struct reader *rd = ctx;

	(void)public_id;
	(void)system_id;
	exch_report_rule(rd->diags, current_line(rd), RULE_DOCTYPE, "",
		    name ? (const char *)name : "",
		    "the file has a document type declaration (<!DOCTYPE %s ...>): exchange files "
		    "must not have one, so it was refused unread (a DTD can read files and expand "
		    "entities without limit)",
		    name ? (const char *)name : "");
	stop(rd);
}

/* ---- libxml2 set-up ------------------------------------------------------- */

static xmlParserInputPtr refuse_entity(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
	(void)url;
	(void)id;
	(void)ctxt;
	return NULL;
}

static void ignore_generic_error(void *ctx, const char *fmt, ...)
{
	(void)ctx;
	(void)fmt;
}

/* libxml2's global hooks while a file is read: no external entity is ever
 * loaded, and its errors come to this reader instead of stderr. */
struct libxml_hooks {
	xmlExternalEntityLoader loader;
	xmlStructuredErrorFunc serror;
	void *serror_ctx;
	xmlGenericErrorFunc generic;
	void *generic_ctx;
};

static void hooks_install(struct libxml_hooks *saved, struct reader *rd)
{
	saved->loader = xmlGetExternalEntityLoader();
	saved->serror = xmlStructuredError;
	saved->serror_ctx = xmlStructuredErrorContext;
	saved->generic = xmlGenericError;
	saved->generic_ctx = xmlGenericErrorContext;
	xmlSetExternalEntityLoader(refuse_entity);
	/* The parser's errors reach only the global handler once the
	 * validator is plugged into its SAX handler. */
	xmlSetStructuredErrorFunc(rd, on_xml_error);
	xmlSetGenericErrorFunc(NULL, ignore_generic_error);
}

static void hooks_restore(const struct libxml_hooks *saved)
{
	xmlSetExternalEntityLoader(saved->loader);
	xmlSetStructuredErrorFunc(saved->serror_ctx, saved->serror);
	xmlSetGenericErrorFunc(saved->generic_ctx, saved->generic);
}

static void on_schema_error(void *arg, xmlErrorPtr e)
{
	struct ft_error *err = arg;

	if (e && e->level >= XML_ERR_ERROR)
		ft_fail(err, "internal error: the built-in exchange schema does not compile: %s",
			e->message ? e->message : "?");
}

static int is_xsd_element(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && n->ns &&
	       xmlStrEqual(n->ns->href, BAD_CAST "http://www.w3.org/2001/XMLSchema") &&
	       xmlStrEqual(n->name, BAD_CAST name);
}

static int is_identity_constraint(const xmlNode *n)
{
	return is_xsd_element(n, "key") || is_xsd_element(n, "keyref") ||
	       is_xsd_element(n, "unique");
}

/* Removes the identity constraints (xs:key, xs:keyref, xs:unique) of the
 * global element declarations, that is of the whole document, and
 * 'allocationYear' of each grant: libxml2 keeps every value of every
 * identity constraint until the end of the document (283 MB for one file
 * of 1,000,000 bookings, issue 19). The business rules check the
 * document's keys and references in compact maps, with their own messages
 * at the record's first line (FT-DUPLICATE, FT-REFERENCE, FT-CHAIN);
 * libxml2's messages for them were dropped already (xsd_classify). The
 * allocation years are checked by check_allocation_year with libxml2's
 * message. Left in the schema: the plan lines of a project and the
 * participants of the indicators (format 1.1, a few per project). */
static int is_allocation_year(const xmlNode *n)
{
	xmlChar *name = xmlGetProp(n, BAD_CAST "name");
	int yes = name && xmlStrEqual(name, BAD_CAST "allocationYear");

	xmlFree(name);
	return yes;
}

/* Removes the identity constraints among the children of parent that are
 * global (parent is a global element declaration) or 'allocationYear';
 * looks deeper into the other children. */
static void strip_under(xmlNodePtr parent, int global)
{
	xmlNodePtr n = parent->children;

	while (n) {
		xmlNodePtr next = n->next;

		if (is_identity_constraint(n) && (global || is_allocation_year(n))) {
			xmlUnlinkNode(n);
			xmlFreeNode(n);
		} else if (n->type == XML_ELEMENT_NODE) {
			strip_under(n, 0);
		}
		n = next;
	}
}

static void strip_identity_constraints(xmlDocPtr doc)
{
	xmlNodePtr root = xmlDocGetRootElement(doc);

	for (xmlNodePtr decl = root ? root->children : NULL; decl; decl = decl->next)
		if (is_xsd_element(decl, "element"))
			strip_under(decl, 1);
}

/* The built-in schema of version, without the identity constraints above;
 * *doc must outlive *out (xmlSchemaFree, then xmlFreeDoc). */
static int load_schema(const char *version, xmlSchemaPtr *out, xmlDocPtr *doc,
		       struct ft_error *err)
{
	int v10 = strcmp(version, EXCH_VERSION_1_0) == 0;
	xmlSchemaParserCtxtPtr pc;

	*out = NULL;
	*doc = v10 ? xmlReadMemory((const char *)ft_exchange_xsd, (int)ft_exchange_xsd_size,
				   "fundtrack-exchange.xsd", NULL, XML_PARSE_NONET)
		   : xmlReadMemory((const char *)ft_exchange_xsd_1_1,
				   (int)ft_exchange_xsd_1_1_size, "fundtrack-exchange.xsd", NULL,
				   XML_PARSE_NONET);
	if (!*doc)
		return ft_fail(err, "internal error: cannot read the built-in exchange schema");
	strip_identity_constraints(*doc);
	pc = xmlSchemaNewDocParserCtxt(*doc);
	if (!pc)
		return ft_fail(err, "out of memory");
	ft_error_clear(err);
	xmlSchemaSetParserStructuredErrors(pc, on_schema_error, err);
	*out = xmlSchemaParse(pc);
	xmlSchemaFreeParserCtxt(pc);
	if (!*out)
		return err && err->msg[0] ? -1 : ft_fail(err, "internal error: cannot load the "
							      "built-in exchange schema");
	return 0;
}

static int locate(void *ctx, const char **file, unsigned long *line)
{
	struct reader *rd = ctx;

	*file = rd->diags->file;
	*line = (unsigned long)current_line(rd);
	return 0;
}

/* ---- the version, before the schema is chosen ------------------------------ */

enum { PEEK_VERSION_BUF = 16, PEEK_LIMIT = 1 << 20 };

static void peek_root_version(int fd, char version[PEEK_VERSION_BUF]);

struct peek {
	xmlParserCtxtPtr parser;
	int done;
	char *version;
};

static void peek_halt(struct peek *pk)
{
	/* as stop() above: halting without xmlStopParser */
	pk->done = 1;
	pk->parser->instate = XML_PARSER_EOF;
	pk->parser->disableSAX = 1;
}

static void peek_root(void *ctx, const xmlChar *name, const xmlChar *prefix, const xmlChar *uri,
		      int nb_namespaces, const xmlChar **namespaces, int nb_attributes,
		      int nb_defaulted, const xmlChar **attrs)
{
	struct peek *pk = ctx;

	(void)name, (void)prefix, (void)uri, (void)nb_namespaces, (void)namespaces;
	(void)nb_defaulted;
	for (int a = 0; a < nb_attributes; a++) {
		const xmlChar **at = attrs + 5 * a;
		size_t len = (size_t)(at[4] - at[3]);

		if (!at[2] && strcmp((const char *)at[0], "version") == 0 &&
		    len < PEEK_VERSION_BUF) {
			memcpy(pk->version, at[3], len);
			pk->version[len] = '\0';
		}
	}
	peek_halt(pk);
}

static void peek_doctype(void *ctx, const xmlChar *name, const xmlChar *public_id,
			 const xmlChar *system_id)
{
	(void)name, (void)public_id, (void)system_id;
	peek_halt(ctx);
}

/* The root's version attribute, read by a throw-away parse of the file's
 * first megabyte that stops at the root's start tag (or a DOCTYPE, which
 * the real parse refuses), so that the file is validated against the
 * schema of its own version. "" when not found (the newest schema is used
 * then, and the real parse reports what is wrong). The file is read with
 * pread, so the real parse starts at its beginning. */
static void ignore_error(void *arg, xmlErrorPtr e)
{
	(void)arg;
	(void)e;
}

static void peek_version(int fd, char version[PEEK_VERSION_BUF])
{
	xmlStructuredErrorFunc serror = xmlStructuredError;
	void *serror_ctx = xmlStructuredErrorContext;

	/* the real parse reports every problem; this one stays silent */
	xmlSetStructuredErrorFunc(NULL, ignore_error);
	peek_root_version(fd, version);
	xmlSetStructuredErrorFunc(serror_ctx, serror);
}

static void peek_root_version(int fd, char version[PEEK_VERSION_BUF])
{
	unsigned char buf[4096];
	struct peek pk = { NULL, 0, version };
	xmlSAXHandler sax;
	off_t at = 0;
	ssize_t n;

	version[0] = '\0';
	memset(&sax, 0, sizeof(sax));
	sax.initialized = XML_SAX2_MAGIC;
	sax.startElementNs = peek_root;
	sax.internalSubset = peek_doctype;
	n = pread(fd, buf, sizeof(buf), 0);
	if (n <= 0)
		return;
	pk.parser = xmlCreatePushParserCtxt(&sax, &pk, (const char *)buf, (int)n, NULL);
	if (!pk.parser)
		return;
	xmlCtxtUseOptions(pk.parser, XML_PARSE_NONET);
	at = n;
	while (!pk.done && at < PEEK_LIMIT && (n = pread(fd, buf, sizeof(buf), at)) > 0) {
		at += n;
		if (xmlParseChunk(pk.parser, (const char *)buf, (int)n, 0) != 0)
			break;
	}
	if (!pk.done && n == 0)
		xmlParseChunk(pk.parser, NULL, 0, 1);
	xmlFreeParserCtxt(pk.parser);
}

/* ---- reading ------------------------------------------------------------- */

static int open_input(const char *path, struct exch_diags *diags)
{
	struct stat sb;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		exch_report_rule(diags, 0, RULE_FILE_ACCESS, "", path, "cannot open '%s': %s", path,
			    strerror(errno));
		return -1;
	}
	if (fstat(fd, &sb) != 0 || S_ISDIR(sb.st_mode)) {
		exch_report_rule(diags, 0, RULE_FILE_ACCESS, "", path,
			    S_ISDIR(sb.st_mode) ? "'%s' is a directory, not an exchange file"
						: "cannot read '%s'",
			    path);
		close(fd);
		return -1;
	}
	if (S_ISREG(sb.st_mode) && sb.st_size == 0) {
		exch_report_rule(diags, 0, RULE_FILE_ACCESS, "", path,
			    "'%s' is empty: an exchange file holds at least the root element "
			    "<exchange>",
			    path);
		close(fd);
		return -1;
	}
	return fd;
}

static ssize_t read_chunk(int fd, unsigned char *buf, size_t size)
{
	ssize_t n;

	do
		n = read(fd, buf, size);
	while (n < 0 && errno == EINTR);
	return n;
}

static void init_sax(xmlSAXHandler *sax)
{
	memset(sax, 0, sizeof(*sax));
	sax->initialized = XML_SAX2_MAGIC;
	sax->startElementNs = on_start;
	sax->endElementNs = on_end;
	sax->characters = on_characters;
	sax->ignorableWhitespace = on_characters;
	sax->cdataBlock = on_characters;
	sax->internalSubset = on_doctype;
}

static int all_space(const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!is_xml_space((char)p[i]))
			return 0;
	return 1;
}

/* Hands the bytes the pre-scan lets pass to the parser; a refusal ends
 * the parse (outside any callback, so the parser is simply not fed any
 * more). Returns 0 to go on. */
static int parse_chunk(struct reader *rd, const unsigned char *buf, size_t n)
{
	size_t ok = exch_scan(&rd->scan, buf, n);

	if (ok > 0 && (xmlParseChunk(rd->parser, (const char *)buf, (int)ok, 0) != 0 ||
		       rd->stopped))
		return -1;
	if (ok == n)
		return 0;
	exch_report_rule(rd->diags, rd->scan.bad_line, RULE_LIMIT, rd->scan.element, NULL,
		    "%s", rd->scan.problem);
	rd->stopped = 1;
	return -1;
}

/* Feeds the file to the parser chunk by chunk, hashing what it reads.
 * Returns 1 when the document was parsed to its end. */
static int feed(struct reader *rd, int fd, unsigned char *buf, struct exch_read_result *out,
		struct sha256 *sha, int only_space)
{
	for (;;) {
		ssize_t n = read_chunk(fd, buf, READ_CHUNK);

		if (n < 0) {
			exch_report_rule(rd->diags, current_line(rd), RULE_FILE_ACCESS, "", NULL,
				    "cannot read the file: %s", strerror(errno));
			return 0;
		}
		if (n == 0)
			break;
		if (rd->checksum)
			sha256_update(sha, buf, (size_t)n);
		out->bytes += n;
		only_space = only_space && all_space(buf, (size_t)n);
		if (parse_chunk(rd, buf, (size_t)n) != 0)
			return 0;
	}
	if (only_space) {
		/* libxml2 would say "extra content at the end of the document" */
		exch_report_rule(rd->diags, 0, RULE_FILE_ACCESS, "", NULL,
			    "the file holds no XML, only whitespace: an exchange file holds at "
			    "least the root element <exchange>");
		rd->stopped = 1;
		return 0;
	}
	return xmlParseChunk(rd->parser, NULL, 0, 1) == 0 && !rd->stopped &&
	       rd->parser->wellFormed;
}

/* libxml2 2.9.14's validator frees the state of an element only at its
 * end tag: when a document breaks off (malformed, or stopped here) the
 * elements still open are closed through the validating SAX handler, or
 * that state would leak. */
static void close_open_elements(struct reader *rd)
{
	int depth = rd->depth;

	rd->unwinding = 1;
	for (int d = depth; d >= 0; d--)
		if (rd->parser->sax && rd->parser->sax->endElementNs)
			rd->parser->sax->endElementNs(rd->parser->userData, rd->open[d][0],
						      rd->open[d][1], rd->open[d][2]);
	rd->depth = -1;
	rd->unwinding = 0;
}

static int parse_file(struct reader *rd, int fd, xmlSchemaValidCtxtPtr vctxt,
		      struct exch_read_result *out)
{
	unsigned char *buf = malloc(READ_CHUNK);
	xmlSchemaSAXPlugPtr plug;
	struct sha256 sha;
	xmlSAXHandler sax;
	long errors_before = rd->diags->errors;
	ssize_t n;

	if (!buf)
		return ft_fail(rd->err, "out of memory");
	sha256_init(&sha);
	/* The first bytes let libxml2 detect the encoding. */
	n = read_chunk(fd, buf, 4);
	if (n < 0) {
		free(buf);
		exch_report_rule(rd->diags, 0, RULE_FILE_ACCESS, "", NULL, "cannot read the file: %s",
			    strerror(errno));
		return 0;
	}
	sha256_update(&sha, buf, (size_t)n);
	out->bytes = n;
	exch_scan_init(&rd->scan);
	/* four bytes are within every bound */
	exch_scan(&rd->scan, buf, (size_t)n);
	init_sax(&sax);
	rd->parser = xmlCreatePushParserCtxt(&sax, rd, (const char *)buf, (int)n,
					     rd->diags->file);
	if (!rd->parser) {
		free(buf);
		return ft_fail(rd->err, "out of memory");
	}
	xmlCtxtUseOptions(rd->parser, XML_PARSE_NONET | XML_PARSE_BIG_LINES);
	plug = xmlSchemaSAXPlug(vctxt, &rd->parser->sax, &rd->parser->userData);
	xmlSchemaValidateSetLocator(vctxt, locate, rd);
	xmlSchemaSetValidStructuredErrors(vctxt, on_xml_error, rd);
	out->complete = plug && feed(rd, fd, buf, out, &sha, all_space(buf, (size_t)n));
	if (!out->complete && !rd->stopped && rd->diags->errors == errors_before)
		exch_report_rule(rd->diags, current_line(rd), RULE_XML, "", NULL,
			    "the XML parser stopped here: the file is not well-formed");
	if (!out->complete && plug)
		close_open_elements(rd);
	if (plug)
		xmlSchemaSAXUnplug(plug);
	xmlFreeParserCtxt(rd->parser);
	rd->parser = NULL;
	free(buf);
	sha256_final(&sha, out->sha256);
	out->schema_valid = out->complete && xmlSchemaIsValid(vctxt) == 1;
	return 0;
}

/* What the parse leaves to say: a schema verdict without a message, a
 * record the schema let pass but that could not be read (neither should
 * happen), and the end of the records. */
static void finish(struct reader *rd, struct exch_read_result *out)
{
	if (!out->complete || rd->stopped)
		return;
	if (!out->schema_valid && rd->diags->errors == 0 && !rd->schema_dropped)
		exch_report_rule(rd->diags, 0, RULE_XSD, "", NULL,
			    "the file does not follow the exchange schema");
	if (rd->bad_records && rd->diags->errors == 0)
		exch_report_rule(rd->diags, rd->first_bad_line, RULE_VALUE, "", NULL,
			    "a record here could not be read");
	begin_record(rd, EXCH_END);
	send(rd);
}

int exchange_read(const char *path, const struct exch_sink *sink, struct exch_diags *diags,
		  int checksum, struct exch_read_result *out, struct ft_error *err)
{
	struct reader rd = { .diags = diags, .sink = sink, .err = err, .depth = -1,
			     .checksum = checksum, .minor = -1 };
	char version[PEEK_VERSION_BUF];
	struct libxml_hooks hooks;
	xmlSchemaValidCtxtPtr vctxt = NULL;
	xmlSchemaPtr schema = NULL;
	xmlDocPtr schema_doc = NULL;
	int fd, rc = 0;

	memset(out, 0, sizeof(*out));
	fd = open_input(path, diags);
	if (fd < 0)
		return 0;
	hooks_install(&hooks, &rd);
	peek_version(fd, version);
	rd.schema_version = strcmp(version, EXCH_VERSION_1_0) == 0 ? EXCH_VERSION_1_0 : EXCH_VERSION;
	rd.arena = malloc(ARENA_SIZE);
	if (!rd.arena)
		rc = ft_fail(err, "out of memory");
	else if (load_schema(rd.schema_version, &schema, &schema_doc, err))
		rc = -1;
	else if (!(vctxt = xmlSchemaNewValidCtxt(schema)))
		rc = ft_fail(err, "out of memory");
	else
		rc = parse_file(&rd, fd, vctxt, out);
	if (rc == 0)
		finish(&rd, out);
	if (rd.sink_failed)
		rc = -1;
	hooks_restore(&hooks);
	xmlSchemaFreeValidCtxt(vctxt);
	xmlSchemaFree(schema);
	xmlFreeDoc(schema_doc);
	free(rd.arena);
	close(fd);
	return rc;
}
