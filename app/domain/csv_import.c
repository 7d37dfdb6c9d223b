#include "csv_import.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "args.h"
#include "audit.h"
#include "csv.h"
#include "date.h"
#include "encoding.h"
#include "import_batch.h"
#include "ledger.h"
#include "money.h"
#include "strbuf.h"
#include "text.h"
#include "utf8.h"
#include "values.h"
#include "vec.h"
#include "msg_lang.h"

enum { MAX_FILE_BYTES = 256 * 1024 * 1024, MAX_SPEC_COLUMNS = 16, NAME_BUF = 128 };

/* ---- the columns ------------------------------------------------------ */

enum value_type {
	V_TEXT,
	V_MONEY, /* cents, not negative */
	V_DATE,  /* ISO */
	V_RATE,  /* basis points */
	V_ENUM,  /* one of choices, or a German word for one */
	V_COUNT, /* a whole number >= 0 */
	V_EMPTY  /* accepted as a column, but must stay empty (empty_reason) */
};

struct column_spec {
	const char *german;  /* header in templates and csv-de */
	const char *english; /* header in csv */
	const char *aliases; /* more accepted headers, '|'-separated, or NULL */
	enum value_type type;
	int required;
	const char *example; /* as in a csv file: "450000.00", "2024-01-01"; one line per
			      * example record (a column with one line repeats it) */
	const struct word_enum *choices; /* V_ENUM: codes and German words (ledger.h) */
	const char *empty_reason;
	enum text_kind text_kind; /* what text.h allows in the cell */
};

/* kind: TEXT_NAME, TEXT_REF or TEXT_FREE for what is stored as text,
 * TEXT_LINE for codes (the ledger checks their characters) */
#define TEXT_COL(de, en, also, kind, req, ex) { de, en, also, V_TEXT, req, ex, NULL, NULL, kind }
#define TYPED_COL(de, en, also, type, req, ex) \
	{ de, en, also, type, req, ex, NULL, NULL, TEXT_LINE }
#define ENUM_COL(de, en, also, req, ex, choices) \
	{ de, en, also, V_ENUM, req, ex, choices, NULL, TEXT_LINE }

enum grant_column { G_REF, G_PROJECT, G_PROGRAMME, G_AMOUNT, G_FROM, G_TO, G_RATE, G_FINANCING,
		    G_STATUS, G_DECIDED, G_APPLIED, G_ELIGIBLE, G_NOTE, G_COLUMNS };
static const struct column_spec grant_columns[G_COLUMNS] = {
	TEXT_COL("Aktenzeichen", "ref", "FKZ|Förderkennzeichen|Az|reference",
		 TEXT_REF, 1, "ZUW-2024/017"),
	TEXT_COL("Projekt", "project", "Projektcode|project_code", TEXT_LINE, 1, "ANK-3"),
	TEXT_COL("Programm", "programme", "Förderprogramm|program|programme_code",
		 TEXT_LINE, 1, "SOE"),
	TYPED_COL("Betrag", "amount", "Bewilligt|Bewilligungsbetrag|Höchstbetrag|approved",
		  V_MONEY, 1, "450000.00"),
	TYPED_COL("Von", "from", "Bewilligungszeitraum von|Bewilligt von|Beginn|period_from|start", V_DATE, 1, "2024-01-01"),
	TYPED_COL("Bis", "to", "Bewilligungszeitraum bis|Bewilligt bis|Ende|period_to|end", V_DATE, 1, "2026-12-31"),
	TYPED_COL("Quote", "rate", "Förderquote|funding_rate", V_RATE, 0, "80.00"),
	ENUM_COL("Finanzierungsart", "financing", "Finanzierung", 0, "share",
		 &ledger_financing_enum),
	ENUM_COL("Status", "status", NULL, 0, "approved", &ledger_status_enum),
	TYPED_COL("Bescheid vom", "decided", "Bescheiddatum|Bescheid|decided_date", V_DATE, 0,
		  "2023-12-12"),
	TYPED_COL("Beantragt", "applied", "Antrag vom|Antragsdatum|applied_date", V_DATE, 0,
		  "2023-09-30"),
	TYPED_COL("Zuwendungsfähige Ausgaben", "eligible", "Zuwendungsfähig|eligible_costs",
		  V_MONEY, 0, "562500.00"),
	TEXT_COL("Notiz", "note", "Bemerkung|Anmerkung",
		 TEXT_FREE, 0, "3. Phase, Bescheid per Post"),
};

enum booking_column { B_GRANT, B_DATE, B_KIND, B_AMOUNT, B_REFERENCE, B_NOTE, B_SERVICE,
		      B_REVERSES, B_COLUMNS };
static const struct column_spec booking_columns[B_COLUMNS] = {
	TEXT_COL("Aktenzeichen", "grant", "FKZ|Förderkennzeichen|ref", TEXT_REF, 1, "ZUW-2024/017"),
	TYPED_COL("Datum", "date", "Buchungsdatum|Valuta", V_DATE, 1, "2024-01-15\n2024-02-05"),
	ENUM_COL("Art", "kind", "Buchungsart", 1, "drawdown\nexpenditure", &ledger_kind_enum),
	TYPED_COL("Betrag", "amount", NULL, V_MONEY, 1, "37500.00\n30000.00"),
	TEXT_COL("Beleg", "reference", "Belegnummer|Beleg-Nr", TEXT_FREE, 0, "MA-01\nAO-01"),
	TEXT_COL("Notiz", "note", "Bemerkung|Buchungstext", TEXT_FREE, 0,
		 "1. Mittelabruf\nPersonalkosten Januar"),
	/* when the expense arose: the approval period is judged by it (checks.c) */
	TYPED_COL("Leistungsdatum", "service_date", "Leistungszeitraum|service", V_DATE, 0,
		  "\n2024-01-31"),
	{ "Storno von", "reverses", NULL, V_EMPTY, 0, NULL, NULL,
	  "reversals are not imported: write them with 'fundtrack book --reverses ID'", TEXT_LINE },
};

enum project_column { P_CODE, P_TITLE, P_FIELD, P_DISTRICT, P_CARRIER, P_TARGET, P_START, P_END,
		      P_COSTS, P_FOLLOWS, P_COLUMNS };
static const struct column_spec project_columns[P_COLUMNS] = {
	TEXT_COL("Code", "code", "Projektcode|Projektnummer", TEXT_LINE, 1, "ANK-3"),
	TEXT_COL("Titel", "title", "Projekttitel|Bezeichnung",
		 TEXT_NAME, 1, "Ankommen in Musterstadt-Nord III"),
	ENUM_COL("Handlungsfeld", "field", NULL, 1, "social-work", &ledger_field_enum),
	TEXT_COL("Sozialraum", "district", "Stadtteil", TEXT_LINE, 0, "MST-NORD"),
	TEXT_COL("Träger", "carrier", "Traeger", TEXT_FREE, 0, "Caritas Musterstadt"),
	TEXT_COL("Zielgruppe", "target_group", NULL,
		 TEXT_FREE, 0, "Neuzugewanderte aus Südosteuropa"),
	TYPED_COL("Beginn", "start", "Von|start_date|from", V_DATE, 0, "2024-01-01"),
	TYPED_COL("Ende", "end", "Bis|end_date|to", V_DATE, 0, "2026-12-31"),
	TYPED_COL("Gesamtkosten", "costs", "Kosten", V_MONEY, 0, "562500.00"),
	/* empty in the example: the example's project is the first of its chain */
	TEXT_COL("Vorgänger", "follows", "Vorgaenger|Vorgängerprojekt|predecessor",
		 TEXT_LINE, 0, ""),
};

/* yes / no cells (Aktionsraum) */
static const char *const yes_no_codes[] = { "yes", "no", NULL };
static const struct enum_word yes_no_words[] = {
	{ "ja", "yes" }, { "nein", "no" }, { "x", "yes" }, { "true", "yes" }, { "false", "no" },
	{ "1", "yes" }, { "0", "no" }, { NULL, NULL },
};
static const struct word_enum yes_no_enum = { N_("yes or no"), yes_no_codes, yes_no_words };

/* The sheets a city without fundtrack fills in for a delivery
 * (csv_delivery.h); the example records form one consistent city. */
enum city_column { C_AGS, C_NAME, C_POPULATION, C_COLUMNS };
static const struct column_spec city_columns[C_COLUMNS] = {
	TEXT_COL("AGS", "ags", "Gemeindeschlüssel|Amtlicher Gemeindeschlüssel", TEXT_LINE, 1,
		 "05999000"),
	TEXT_COL("Name", "name", "Stadt|Gemeinde", TEXT_NAME, 1, "Musterstadt"),
	TYPED_COL("Einwohner", "population", "Einwohnerzahl", V_COUNT, 0, "250000"),
};

enum district_column { D_CODE, D_NAME, D_ACTION, D_COLUMNS };
static const struct column_spec district_columns[D_COLUMNS] = {
	TEXT_COL("Code", "code", "Kürzel", TEXT_LINE, 1, "MST-NORD"),
	TEXT_COL("Name", "name", "Bezeichnung", TEXT_NAME, 1, "Musterstadt-Nord"),
	ENUM_COL("Aktionsraum", "action_area", NULL, 0, "ja", &yes_no_enum),
};

enum funder_column { F_CODE, F_NAME, F_LEVEL, F_COLUMNS };
static const struct column_spec funder_columns[F_COLUMNS] = {
	TEXT_COL("Code", "code", "Kürzel", TEXT_LINE, 1, "LAND\nSTADT"),
	TEXT_COL("Name", "name", "Bezeichnung", TEXT_NAME, 1,
		 "Land Nordrhein-Westfalen\nStadt Musterstadt"),
	ENUM_COL("Ebene", "level", NULL, 1, "state\nmunicipal", &ledger_level_enum),
};

enum programme_column { PR_CODE, PR_NAME, PR_FUNDER, PR_FUND, PR_RATE, PR_FINANCING,
			PR_TERMS, PR_COLUMNS };
static const struct column_spec programme_columns[PR_COLUMNS] = {
	TEXT_COL("Code", "code", "Kürzel", TEXT_LINE, 1, "SOE"),
	TEXT_COL("Name", "name", "Bezeichnung", TEXT_NAME, 1, "Zuwanderung aus Südosteuropa"),
	TEXT_COL("Fördermittelgeber", "funder", "Geldgeber", TEXT_LINE, 1, "LAND"),
	TEXT_COL("Fonds", "fund", NULL, TEXT_FREE, 0, ""),
	TYPED_COL("Quote", "rate", "Förderquote|funding_rate", V_RATE, 0, "80.00"),
	ENUM_COL("Finanzierungsart", "financing", "Finanzierung", 0, "share",
		 &ledger_financing_enum),
	/* the terms (Nebenbestimmungen) its grants get; empty: the recipient's
	 * default (ledger.h, schema/008) */
	ENUM_COL("Nebenbestimmungen", "terms", "ANBest", 0, "anbest-p-nrw", &ledger_terms_enum),
};

enum allocation_column { A_GRANT, A_YEAR, A_AMOUNT, A_COLUMNS };
static const struct column_spec allocation_columns[A_COLUMNS] = {
	TEXT_COL("Aktenzeichen", "grant", "FKZ|Förderkennzeichen|ref", TEXT_REF, 1, "ZUW-2024/017"),
	TYPED_COL("Jahr", "year", "Haushaltsjahr", V_COUNT, 1, "2024\n2025\n2026"),
	TYPED_COL("Betrag", "amount", "Jahresrate|Jahresscheibe", V_MONEY, 1, "150000.00"),
};

/* What was added, one row per record. */
static const struct out_column grant_added[] = {
	{ "line", "Zeile", OUT_INT },	      { "ref", "Aktenzeichen", OUT_TEXT },
	{ "project", "Projekt", OUT_TEXT },   { "programme", "Programm", OUT_TEXT },
	{ "amount", "Betrag", OUT_MONEY },    { "from", "Von", OUT_DATE },
	{ "to", "Bis", OUT_DATE },
};
static const struct out_column booking_added[] = {
	{ "line", "Zeile", OUT_INT },	 { "grant", "Aktenzeichen", OUT_TEXT },
	{ "date", "Datum", OUT_DATE },	 { "kind", "Art", OUT_TEXT },
	{ "amount", "Betrag", OUT_MONEY },
};
static const struct out_column code_added[] = {
	{ "line", "Zeile", OUT_INT }, { "code", "Code", OUT_TEXT }, { "name", "Name", OUT_TEXT },
};
static const struct out_column allocation_added[] = {
	{ "line", "Zeile", OUT_INT }, { "grant", "Aktenzeichen", OUT_TEXT },
	{ "year", "Jahr", OUT_INT }, { "amount", "Betrag", OUT_MONEY },
};
static const struct out_column project_added[] = {
	{ "line", "Zeile", OUT_INT },
	{ "code", "Code", OUT_TEXT },
	{ "title", "Titel", OUT_TEXT },
	{ "field", "Handlungsfeld", OUT_TEXT },
};

struct cell;
struct import_state;
typedef int (*add_record_fn)(struct store *st, struct import_state *s, const struct cell *c,
			     long line, struct ft_error *err);

struct kind_spec {
	const char *plural; /* "grants" */
	const struct column_spec *columns;
	size_t ncolumns;
	/* Columns the program's own listings print that are computed: read
	 * back without complaint and without effect. */
	const char *ignored;
	const struct out_column *added;
	size_t nadded;
	add_record_fn add;
};

const char *const csv_kind_names[] = { "grants",    "bookings",   "projects",    "city",
				       "districts", "funders",    "programmes", "allocations",
				       NULL };

int csv_kind_parse(const char *name, enum csv_kind *out, struct ft_error *err)
{
	for (int i = 0; csv_kind_names[i]; i++) {
		if (strcmp(name, csv_kind_names[i]) == 0) {
			*out = (enum csv_kind)i;
			return 0;
		}
	}
	return ft_fail(err, "invalid kind '%s': expected grants, bookings, projects, city, "
			    "districts, funders, programmes or allocations",
		       name);
}

int csv_encoding_parse(const char *name, enum csv_encoding *out, struct ft_error *err)
{
	if (strcasecmp(name, "utf-8") == 0 || strcasecmp(name, "utf8") == 0) {
		*out = CSV_ENCODING_UTF8;
		return 0;
	}
	if (strcasecmp(name, "cp1252") == 0 || strcasecmp(name, "windows-1252") == 0) {
		*out = CSV_ENCODING_CP1252;
		return 0;
	}
	return ft_fail(err, "invalid encoding '%s': expected utf-8 or cp1252", name);
}

/* ---- problems and warnings ---------------------------------------------- */

static int add_line(char ***lines, size_t *n, size_t *cap, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int add_line(char ***lines, size_t *n, size_t *cap, const char *fmt, ...)
{
	char buf[FT_ERROR_MSG_MAX + 256];
	va_list ap;

	if (VEC_RESERVE(*lines, *cap, *n + 1))
		return -1;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (!((*lines)[*n] = strdup(buf)))
		return -1;
	(*n)++;
	return 0;
}

static void free_lines(char **lines, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
}

void csv_import_result_release(struct csv_import_result *res)
{
	out_table_free(res->added);
	free_lines(res->problems, res->nproblems);
	free_lines(res->warnings, res->nwarnings);
	free_lines(res->notes, res->nnotes);
	memset(res, 0, sizeof(*res));
}

/* ---- header matching ------------------------------------------------------ */

/* Lower case (ASCII and Ä Ö Ü), without blanks and . _ - / ( ): so
 * "Bescheid vom", "bescheid_vom" and "BESCHEID-VOM" are one name. */
static void normalize_name(const char *in, char out[NAME_BUF])
{
	size_t used = 0;

	for (const unsigned char *p = (const unsigned char *)in; *p && used + 3 < NAME_BUF; p++) {
		unsigned char c = *p;

		if (strchr(" \t._-/()", c))
			continue;
		if (c == 0xc3 && (p[1] == 0x84 || p[1] == 0x96 || p[1] == 0x9c)) {
			out[used++] = (char)c;
			out[used++] = (char)(*++p + 0x20); /* Ä -> ä */
			continue;
		}
		out[used++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
	}
	out[used] = '\0';
}

/* 1 when the normalized header equals one of the '|'-separated names. */
static int matches_any(const char *normalized, const char *names)
{
	char name[NAME_BUF], norm[NAME_BUF];

	while (names && *names) {
		size_t len = strcspn(names, "|");

		snprintf(name, sizeof(name), "%.*s", (int)len, names);
		normalize_name(name, norm);
		if (strcmp(norm, normalized) == 0)
			return 1;
		names += len;
		if (*names == '|')
			names++;
	}
	return 0;
}

enum { COLUMN_UNKNOWN = -1, COLUMN_IGNORED = -2 };

static int match_column(const struct kind_spec *k, const char *header)
{
	char norm[NAME_BUF];

	normalize_name(header, norm);
	if (!*norm)
		return COLUMN_IGNORED; /* an empty header cell, e.g. a trailing ';' */
	for (size_t i = 0; i < k->ncolumns; i++) {
		const struct column_spec *c = &k->columns[i];

		if (matches_any(norm, c->german) || matches_any(norm, c->english) ||
		    matches_any(norm, c->aliases))
			return (int)i;
	}
	return matches_any(norm, k->ignored) ? COLUMN_IGNORED : COLUMN_UNKNOWN;
}

/* ---- reading and decoding the file ---------------------------------------- */

static int read_whole_file(const char *path, char **out, size_t *len, struct ft_error *err)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t used = 0, cap = 0;

	if (!f)
		return ft_fail(err, "cannot open '%s': %s", path, strerror(errno));
	for (;;) {
		size_t n;

		/* room for one more block and the NUL, within the limit (out of
		 * memory reads as too large, as it always did) */
		if (used + 65536 + 1 > (size_t)MAX_FILE_BYTES ||
		    VEC_RESERVE(buf, cap, used + 65536 + 1)) {
			free(buf);
			fclose(f);
			return ft_fail(err, "'%s' is too large to import (more than %d MB)", path,
				       MAX_FILE_BYTES / (1024 * 1024));
		}
		n = fread(buf + used, 1, 65536, f);
		used += n;
		if (n < 65536)
			break;
	}
	if (ferror(f)) {
		free(buf);
		fclose(f);
		return ft_fail(err, "cannot read '%s': %s", path, strerror(errno));
	}
	fclose(f);
	buf[used] = '\0';
	*out = buf;
	*len = used;
	return 0;
}

/* The line (from 1) holding byte offset of text; CRLF, LF and CR each
 * end a line, as in the CSV parser. */
static long line_at(const char *text, size_t offset)
{
	long line = 1;

	for (size_t i = 0; i < offset; i++)
		if (text[i] == '\n' || (text[i] == '\r' && text[i + 1] != '\n'))
			line++;
	return line;
}

struct import_state {
	const struct kind_spec *kind;
	const struct csv_import_options *opt;
	struct csv_import_result *res;
	char *text; /* UTF-8, owned */
	size_t len;
	struct csv_parser parser; /* after the header */
	int *map;		  /* file column -> spec column or COLUMN_IGNORED */
	size_t nheader;
	const char *header[MAX_SPEC_COLUMNS]; /* the file's name of each spec column */
	struct csv_record header_record;
	int header_incomplete; /* a required column is missing: nothing is added */
	struct strbuf unknown; /* "Kostenstelle, Betrg (did you mean 'Betrag'?)" */
	size_t nunknown;
	size_t added;
	int dry_run_passed;
	struct import_batch_record *rows; /* what was added, for the batch */
	size_t nrows, rows_cap;
	int64_t last_id; /* of the record just added */
};

static int problem(struct import_state *s, long line, const char *column, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int problem(struct import_state *s, long line, const char *column, const char *fmt, ...)
{
	char msg[FT_ERROR_MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (column)
		return add_line(&s->res->problems, &s->res->nproblems, &s->res->problems_cap,
				"%s:%ld: %s: %s", s->opt->path, line, column, msg);
	return add_line(&s->res->problems, &s->res->nproblems, &s->res->problems_cap,
			"%s:%ld: %s", s->opt->path, line, msg);
}

static const char utf8_bom[] = "\xEF\xBB\xBF";

/* A file is UTF-8 when it decodes as UTF-8; Windows-1252 only when it has
 * no UTF-8 character at all; a mix (a UTF-8 file with one byte typed in
 * another program) is refused at that byte's line, since either reading
 * would store garbled text: then *enc stays CSV_ENCODING_AUTO and the
 * problem is added. Returns -1 only when out of memory. */
static int guess_encoding(struct import_state *s, const char *raw, size_t len,
			  enum csv_encoding *enc)
{
	size_t bad = 0;

	switch (encoding_guess(raw, len, &bad)) {
	case ENCODING_UTF8:
		*enc = CSV_ENCODING_UTF8;
		return 0;
	case ENCODING_CP1252:
		*enc = CSV_ENCODING_CP1252;
		return 0;
	case ENCODING_MIXED:
		break;
	}
	return problem(s, line_at(raw, bad), NULL,
		       "byte 0x%02X is not valid UTF-8, but the file also has UTF-8 characters: "
		       "correct that character, or save the file as 'CSV UTF-8' again",
		       (unsigned)(unsigned char)raw[bad]);
}

/* Fills s->text with the file as UTF-8 without BOM; a problem when the
 * bytes do not fit the encoding. Returns -1 only for a fatal error. */
static int decode(struct import_state *s, char *raw, size_t len, struct ft_error *err)
{
	int bom = len >= 3 && memcmp(raw, utf8_bom, 3) == 0;
	enum csv_encoding enc = s->opt->encoding;
	size_t bad;

	if (len >= 2 && (memcmp(raw, "\xFF\xFE", 2) == 0 || memcmp(raw, "\xFE\xFF", 2) == 0))
		return problem(s, 1, NULL, "the file is UTF-16 (Excel's 'Unicode Text'): save it as "
					   "'CSV UTF-8' instead");
	if (bom && enc == CSV_ENCODING_CP1252)
		return problem(s, 1, NULL, "the file starts with a UTF-8 byte order mark, so it is "
					   "UTF-8, not Windows-1252: leave out --encoding cp1252");
	if (enc == CSV_ENCODING_AUTO && !bom) {
		if (guess_encoding(s, raw, len, &enc))
			return ft_fail(err, "out of memory");
		if (enc == CSV_ENCODING_AUTO)
			return 0; /* a mixed file */
	}
	if (enc == CSV_ENCODING_AUTO || enc == CSV_ENCODING_UTF8) {
		s->res->encoding = "UTF-8";
		if (!utf8_is_valid(raw, len, &bad))
			return problem(s, line_at(raw, bad), NULL,
				       "byte 0x%02X is not valid UTF-8: save the file as "
				       "'CSV UTF-8' or give --encoding cp1252",
				       (unsigned char)raw[bad]);
		s->len = len - (bom ? 3 : 0);
		if (!(s->text = malloc(s->len + 1)))
			return ft_fail(err, "out of memory");
		memcpy(s->text, raw + (bom ? 3 : 0), s->len + 1);
		return 0;
	}
	s->res->encoding = "Windows-1252";
	switch (cp1252_to_utf8(raw, len, &s->text, &s->len, &bad)) {
	case 0:
		return 0;
	case -2:
		return problem(s, line_at(raw, bad), NULL,
			       "byte 0x%02X is undefined in Windows-1252: is the file in another "
			       "encoding? (save it as 'CSV UTF-8')",
			       (unsigned char)raw[bad]);
	default:
		return ft_fail(err, "out of memory");
	}
}

/* ---- the header ------------------------------------------------------------- */

static void list_names(const struct kind_spec *k, int required_only, char *buf, size_t size)
{
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < k->ncolumns && used < size; i++)
		if (!required_only || k->columns[i].required)
			used += (size_t)snprintf(buf + used, size - used, "%s%s", used ? ", " : "",
						 k->columns[i].german);
}

/* An unknown column is ignored (a spreadsheet often carries more, e.g.
 * Kostenstelle); its name joins the one note that names them all, with
 * the known column a misspelt name is close to. */
static int unknown_column(struct import_state *s, const char *name)
{
	const char *names[2 * MAX_SPEC_COLUMNS];
	const struct kind_spec *k = s->kind;
	char one[NAME_BUF * 3];
	const char *guess;
	size_t n = 0;

	for (size_t i = 0; i < k->ncolumns; i++) {
		names[n++] = k->columns[i].german;
		names[n++] = k->columns[i].english;
	}
	guess = args_closest(name, names, n);
	if (guess)
		snprintf(one, sizeof(one), "%s'%s' (did you mean '%s'?)", s->unknown.len ? ", " : "",
			 name, guess);
	else
		snprintf(one, sizeof(one), "%s'%s'", s->unknown.len ? ", " : "", name);
	s->nunknown++;
	return strbuf_adds(&s->unknown, one);
}

static int note_unknown_columns(struct import_state *s)
{
	char known[512];

	if (!s->unknown.len)
		return 0;
	list_names(s->kind, 0, known, sizeof(known));
	return add_line(&s->res->notes, &s->res->nnotes, &s->res->notes_cap,
			trn("%s:%ld: note: column %s ignored (not one fundtrack reads; known "
			    "columns: %s)",
			    "%s:%ld: note: columns %s ignored (not one fundtrack reads; known "
			    "columns: %s)",
			    (long long)s->nunknown),
			s->opt->path, s->header_record.line, s->unknown.text, known);
}

/* A NUL byte hides the rest of a value from every C string function: say
 * so instead of reading "1<NUL>000,00" as 1,00. */
static int check_no_nul(struct import_state *s, const struct csv_record *rec, size_t i,
			const char *column, int *found)
{
	size_t before_nul = strlen(rec->fields[i]);

	if (rec->lengths[i] == before_nul)
		return 0;
	*found = 1;
	return problem(s, rec->line, column,
		       "a NUL byte (0x00) at character %zu of the value: the file is damaged or "
		       "not a text file (save it as 'CSV UTF-8')",
		       utf8_length(rec->fields[i]) + 1);
}

/* The name in header cell i, up to a line break; 1 (with the problem
 * added) when it is no text we may show. */
static int take_header_name(struct import_state *s, struct csv_record *h, size_t i)
{
	char column[32], why[TEXT_PROBLEM_MAX];
	const char *problem_text;
	int nul = 0;

	snprintf(column, sizeof(column), "column %zu", i + 1);
	if (check_no_nul(s, h, i, column, &nul) == 0 && nul)
		return 1;
	h->fields[i][strcspn(h->fields[i], "\r\n")] = '\0';
	problem_text = text_problem(h->fields[i], TEXT_LINE, why);
	if (!problem_text)
		return 0;
	problem(s, h->line, column, "the header %s", problem_text);
	return 1;
}

static int read_header(struct import_state *s, struct ft_error *err)
{
	struct csv_record *h = &s->header_record;
	/* Excel honours a first line "sep=;" and writes it on request. */
	int sep_line = s->len >= 5 && memcmp(s->text, "sep=", 4) == 0 &&
		       (s->len == 5 || s->text[5] == '\r' || s->text[5] == '\n');
	char sep = sep_line ? s->text[4] : csv_detect_separator(s->text, s->len);
	int rc = 1;

	csv_parser_init(&s->parser, s->text, s->len, sep);
	s->res->separator = sep;
	if (sep_line)
		rc = csv_next(&s->parser, h, err); /* skipped */
	if (rc == 1) {
		do
			rc = csv_next(&s->parser, h, err);
		while (rc == 1 && csv_record_is_blank(h));
	}
	if (rc < 0)
		return problem(s, s->parser.error_line, NULL, "%s", err->msg);
	if (rc == 0)
		return problem(s, 1, NULL, "the file is empty: a header row is expected (see "
					   "'fundtrack template %s')",
			       s->kind->plural);
	if (!(s->map = calloc(h->nfields, sizeof(*s->map))))
		return ft_fail(err, "out of memory");
	s->nheader = h->nfields;
	for (size_t i = 0; i < h->nfields; i++) {
		char *name = h->fields[i];
		int col;

		if (take_header_name(s, h, i)) {
			s->map[i] = COLUMN_IGNORED;
			continue;
		}
		col = match_column(s->kind, name);
		s->map[i] = col;
		if (col == COLUMN_UNKNOWN) {
			s->map[i] = COLUMN_IGNORED;
			if (unknown_column(s, name))
				return ft_fail(err, "out of memory");
		} else if (col >= 0 && s->header[col]) {
			s->map[i] = COLUMN_IGNORED;
			if (problem(s, h->line, name, "the column is given twice (also as '%s')",
				    s->header[col]))
				return ft_fail(err, "out of memory");
		} else if (col >= 0) {
			s->header[col] = name;
		}
	}
	for (size_t c = 0; c < s->kind->ncolumns; c++) {
		char needed[256];

		if (!s->kind->columns[c].required || s->header[c])
			continue;
		list_names(s->kind, 1, needed, sizeof(needed));
		s->header_incomplete = 1;
		if (problem(s, h->line, s->kind->columns[c].german,
			    "the column is missing (%s need the columns %s)", s->kind->plural, needed))
			return ft_fail(err, "out of memory");
	}
	if (note_unknown_columns(s))
		return ft_fail(err, "out of memory");
	return 0;
}

/* ---- the records ------------------------------------------------------------- */

struct cell {
	char *text; /* trimmed, NULL when empty */
	int64_t cents;
	int64_t count;
	int bp;
	char date[DATE_BUF];
	const char *value; /* of an enumeration */
};

static char *trimmed(char *text)
{
	size_t len;

	text += strspn(text, " \t");
	len = strlen(text);
	while (len > 0 && (text[len - 1] == ' ' || text[len - 1] == '\t'))
		text[--len] = '\0';
	return len ? text : NULL;
}

/* Our csv and csv-de write text that a spreadsheet would take for a
 * formula with a leading "'" (see out_could_start_formula): read back, the
 * text is what was stored. */
static char *without_formula_guard(char *text)
{
	if (text && text[0] == '\'' && out_could_start_formula(text + 1))
		return text + 1;
	return text;
}

static int enum_problem(struct import_state *s, long line, const char *column,
			const struct column_spec *spec, const char *text)
{
	struct ft_error err;
	const char *code;

	word_enum_parse(spec->choices, text, &code, &err);
	return problem(s, line, column, "%s", err.msg);
}

/* The file's name of spec column col, else its German name. */
static const char *column_name(const struct import_state *s, size_t col)
{
	return s->header[col] ? s->header[col] : s->kind->columns[col].german;
}

/* Parses one cell by its column's type; a problem when it does not parse. */
static int convert_cell(struct import_state *s, long line, size_t col, struct cell *c)
{
	const struct column_spec *spec = &s->kind->columns[col];
	const char *column = column_name(s, col);
	char why[TEXT_PROBLEM_MAX];
	const char *text_wrong;
	struct ft_error perr;
	int rc = 0;

	if (!c->text && spec->required && !s->header[col])
		return 0; /* the missing column is reported once, at the header */
	if (!c->text)
		return spec->required ? problem(s, line, column, "a value is required") : 0;
	/* before the value is parsed or quoted in any message */
	text_wrong = text_problem(c->text, spec->text_kind, why);
	if (text_wrong)
		return problem(s, line, column, "the value %s", text_wrong);
	switch (spec->type) {
	case V_TEXT:
		return 0;
	case V_MONEY:
		rc = money_parse(c->text, MONEY_NON_NEGATIVE, &c->cents, &perr);
		break;
	case V_DATE:
		rc = date_parse(c->text, c->date, &perr);
		break;
	case V_RATE:
		rc = rate_parse(c->text, &c->bp, &perr);
		break;
	case V_ENUM:
		c->value = word_enum_code(spec->choices, c->text);
		return c->value ? 0 : enum_problem(s, line, column, spec, c->text);
	case V_COUNT:
		rc = parse_count(c->text, column, 0, INT32_MAX, &c->count, &perr);
		break;
	case V_EMPTY:
		return problem(s, line, column, "%s", spec->empty_reason);
	}
	return rc ? problem(s, line, column, "%s", perr.msg) : 0;
}

/* The column whose value the ledger's message quotes ('P9'), else the
 * record's key column: the ledger names the offending value, not the
 * column it came from. */
static const char *column_of_message(const struct import_state *s, const struct cell *cells,
				     const char *msg)
{
	for (size_t i = 0; i < s->kind->ncolumns; i++) {
		char quoted[NAME_BUF * 4];

		if (!cells[i].text || !s->header[i])
			continue;
		snprintf(quoted, sizeof(quoted), "'%s'", cells[i].text);
		if (strstr(msg, quoted))
			return s->header[i];
	}
	return s->header[0] ? s->header[0] : s->kind->columns[0].german;
}

static int add_added_cell(struct out_table *t, const struct column_spec *spec,
			  const struct cell *c)
{
	if (!c->text)
		return out_add_null(t);
	switch (spec->type) {
	case V_MONEY:
		return out_add_int(t, c->cents);
	case V_RATE:
		return out_add_int(t, c->bp);
	case V_COUNT:
		return out_add_int(t, c->count);
	case V_DATE:
		return out_add_text(t, c->date);
	case V_ENUM:
		return out_add_text(t, c->value);
	default:
		return out_add_text(t, c->text);
	}
}

/* The added-table's columns after "line" are the kind's first columns. */
static int note_added(struct import_state *s, const struct cell *cells, long line)
{
	struct out_table *t = s->res->added;

	if (out_add_int(t, line))
		return -1;
	for (size_t i = 1; i < s->kind->nadded; i++)
		if (add_added_cell(t, &s->kind->columns[i - 1], &cells[i - 1]))
			return -1;
	s->added++;
	return 0;
}

/* The columns of each kind that name a record of the city: index and what
 * it names (ledger_lookup_code), -1 ending the list. */
static const struct {
	int column;
	const char *what;
} references[][3] = {
	[CSV_GRANTS] = { { G_PROJECT, "project" }, { G_PROGRAMME, "programme" }, { -1, NULL } },
	[CSV_BOOKINGS] = { { B_GRANT, "grant" }, { -1, NULL }, { -1, NULL } },
	[CSV_PROJECTS] = { { P_DISTRICT, "district" }, { P_FOLLOWS, "project" }, { -1, NULL } },
};

/* Problems for references of a record that is not added (a value of it
 * is wrong): an unknown grant is reported with the format errors. */
static int check_references(struct store *st, struct import_state *s,
			    const struct cell *cells, long line, struct ft_error *err)
{
	int kind = (int)s->opt->kind;

	for (int i = 0; references[kind][i].what; i++) {
		int col = references[kind][i].column;
		struct ft_error lerr;
		char why[TEXT_PROBLEM_MAX];
		int64_t id;

		if (!cells[col].text || !s->header[col] ||
		    text_problem(cells[col].text, s->kind->columns[col].text_kind, why))
			continue;
		if (ledger_lookup_code(st, references[kind][i].what, cells[col].text, &id, &lerr) &&
		    problem(s, line, s->header[col], "%s", lerr.msg))
			return ft_fail(err, "out of memory");
	}
	return 0;
}

static const char *const row_tables[] = { [CSV_GRANTS] = "grant", [CSV_BOOKINGS] = "booking",
					   [CSV_PROJECTS] = "project" };

/* Grants, bookings and projects are import batches (import_batch.h): a
 * repeated file is refused, a batch can be undone. The sheets of master
 * data and allocations ('template --all', 'exchange from-csv') are not:
 * a repeated city, district, funder or programme fails on its code. */
static int batched(const struct import_state *s)
{
	return s->opt->kind == CSV_GRANTS || s->opt->kind == CSV_BOOKINGS ||
	       s->opt->kind == CSV_PROJECTS;
}

/* The record just added (s->last_id), for the batch. */
static int remember_row(struct import_state *s, long line)
{
	if (!batched(s))
		return 0;
	if (VEC_RESERVE(s->rows, s->rows_cap, s->nrows + 1))
		return -1;
	s->rows[s->nrows++] = (struct import_batch_record){ row_tables[s->opt->kind], s->last_id,
							    line };
	return 0;
}

static int process_record(struct store *st, struct import_state *s, struct csv_record *rec,
			  struct ft_error *err)
{
	struct cell cells[MAX_SPEC_COLUMNS];
	size_t before = s->res->nproblems;
	struct ft_error lerr;
	int nul = 0;

	memset(cells, 0, sizeof(cells));
	for (size_t i = 0; i < rec->nfields; i++) {
		char *text;

		if (i < s->nheader && s->map[i] >= 0 &&
		    check_no_nul(s, rec, i, column_name(s, (size_t)s->map[i]), &nul))
			return ft_fail(err, "out of memory");
		text = without_formula_guard(trimmed(rec->fields[i]));

		if (i >= s->nheader) {
			if (text && problem(s, rec->line, NULL,
					    "%zu fields, but the header has only %zu columns "
					    "(a separator inside a value needs quotes)",
					    rec->nfields, s->nheader))
				return ft_fail(err, "out of memory");
			if (text)
				break;
			continue;
		}
		if (s->map[i] >= 0)
			cells[s->map[i]].text = text;
	}
	if (nul)
		return 0; /* the values are not what the cells hold */
	for (size_t c = 0; c < s->kind->ncolumns; c++)
		if (convert_cell(s, rec->line, c, &cells[c]))
			return ft_fail(err, "out of memory");
	/* not added: its references are still checked, so that one pass
	 * reports every problem of the file */
	if (s->res->nproblems > before || s->header_incomplete)
		return check_references(st, s, cells, rec->line, err);
	if (s->kind->add(st, s, cells, rec->line, &lerr) != 0) {
		if (problem(s, rec->line, column_of_message(s, cells, lerr.msg), "%s", lerr.msg))
			return ft_fail(err, "out of memory");
		return 0;
	}
	if (note_added(s, cells, rec->line) || remember_row(s, rec->line))
		return ft_fail(err, "out of memory");
	return 0;
}

/* ---- one record through the ledger ------------------------------------------- */

static const char *date_or_null(const struct cell *c)
{
	return c->text ? c->date : NULL;
}

static int add_grant(struct store *st, struct import_state *s, const struct cell *c, long line,
		     struct ft_error *err)
{
	struct grant_input in = { 0 };

	(void)line;
	in.ref = c[G_REF].text;
	in.project_code = c[G_PROJECT].text;
	in.programme_code = c[G_PROGRAMME].text;
	in.approved = c[G_AMOUNT].cents;
	in.from = c[G_FROM].date;
	in.to = c[G_TO].date;
	in.rate_bp = c[G_RATE].text ? c[G_RATE].bp : -1;
	in.eligible = c[G_ELIGIBLE].text ? c[G_ELIGIBLE].cents : -1;
	in.financing = c[G_FINANCING].value;
	in.status = c[G_STATUS].value;
	in.decided = date_or_null(&c[G_DECIDED]);
	in.applied = date_or_null(&c[G_APPLIED]);
	in.note = c[G_NOTE].text;
	if (ledger_add_grant(st, &in, err))
		return -1;
	return ledger_lookup_code(st, "grant", in.ref, &s->last_id, err);
}

/* The line of this file that added booking id, or 0 (ids grow, so the
 * rows are sorted by id). */
static long line_of_booking(const struct import_state *s, int64_t id)
{
	size_t lo = 0, hi = s->nrows;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (s->rows[mid].record_id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < s->nrows && s->rows[lo].record_id == id ? s->rows[lo].line : 0;
}

/* A warning when the booking repeats one recorded before (same grant,
 * date, kind, amount and reference), in the database or earlier in the
 * file: the typical trace of a file imported twice, or a row copied. */
static int warn_same_booking(struct store *st, struct import_state *s,
			     const struct booking_input *in, long line, struct ft_error *err)
{
	int64_t booking, batch;
	long batch_line, file_line;
	char where[160] = "", voucher[FT_ERROR_MSG_MAX / 2], amount[MONEY_BUF], date[DATE_BUF];

	int found = import_find_same_booking(st, in->grant_ref, in->date, in->kind, in->amount,
					     in->reference, &booking, &batch, &batch_line, err);

	if (found <= 0)
		return found;
	file_line = line_of_booking(s, booking);
	if (file_line)
		snprintf(where, sizeof(where), tr(", from line %ld of this file"), file_line);
	else if (batch)
		snprintf(where, sizeof(where), tr(", imported in batch %lld, line %ld"),
			 (long long)batch, batch_line);
	if (in->reference)
		snprintf(voucher, sizeof(voucher), tr("voucher '%s'"), in->reference);
	else
		snprintf(voucher, sizeof(voucher), "%s", tr("no voucher"));
	money_format_de(in->amount, amount);
	date_format_de(in->date, date);
	if (add_line(&s->res->warnings, &s->res->nwarnings, &s->res->warnings_cap,
		     tr("%s:%ld: warning: the same booking is recorded already: booking %lld "
			"(%s, %s %s %s, %s%s)"),
		     s->opt->path, line, (long long)booking, in->grant_ref, date,
		     word_enum_say(&ledger_kind_enum, in->kind), amount,
		     voucher, where))
		return ft_fail(err, "out of memory");
	return 0;
}

static int add_booking(struct store *st, struct import_state *s, const struct cell *c,
		       long line, struct ft_error *err)
{
	struct booking_input in = { 0 };
	char warning[FT_ERROR_MSG_MAX];

	in.grant_ref = c[B_GRANT].text;
	in.kind = c[B_KIND].value;
	in.amount = c[B_AMOUNT].cents;
	in.date = c[B_DATE].date;
	in.reference = c[B_REFERENCE].text;
	in.note = c[B_NOTE].text;
	in.service_date = date_or_null(&c[B_SERVICE]);
	in.force = s->opt->force;
	if (warn_same_booking(st, s, &in, line, err) ||
	    ledger_add_booking(st, &in, &s->last_id, warning, err))
		return -1;
	if (warning[0] && add_line(&s->res->warnings, &s->res->nwarnings, &s->res->warnings_cap,
				   tr("%s:%ld: warning: %s"), s->opt->path, line, warning))
		return ft_fail(err, "out of memory");
	return 0;
}

static int add_project(struct store *st, struct import_state *s, const struct cell *c,
		       long line, struct ft_error *err)
{
	struct project_input in = { 0 };

	(void)line;
	in.code = c[P_CODE].text;
	in.title = c[P_TITLE].text;
	in.field = c[P_FIELD].value;
	in.district_code = c[P_DISTRICT].text;
	in.carrier = c[P_CARRIER].text;
	in.target_group = c[P_TARGET].text;
	in.start = date_or_null(&c[P_START]);
	in.end = date_or_null(&c[P_END]);
	in.costs = c[P_COSTS].text ? c[P_COSTS].cents : -1;
	in.follows_code = c[P_FOLLOWS].text;
	if (ledger_add_project(st, &in, err))
		return -1;
	return ledger_lookup_code(st, "project", in.code, &s->last_id, err);
}

static int add_city(struct store *st, struct import_state *s, const struct cell *c, long line,
		    struct ft_error *err)
{
	struct city_input in = { c[C_AGS].text, c[C_NAME].text,
				 c[C_POPULATION].text ? c[C_POPULATION].count : 0, 1 };

	(void)s;
	(void)line;
	return ledger_add_city(st, &in, err);
}

static int add_district(struct store *st, struct import_state *s, const struct cell *c,
			long line, struct ft_error *err)
{
	struct district_input in = { c[D_CODE].text, c[D_NAME].text,
				     c[D_ACTION].value && strcmp(c[D_ACTION].value, "yes") == 0 };

	(void)s;
	(void)line;
	return ledger_add_district(st, &in, err);
}

static int add_funder(struct store *st, struct import_state *s, const struct cell *c,
		      long line, struct ft_error *err)
{
	struct funder_input in = { c[F_CODE].text, c[F_NAME].text, c[F_LEVEL].value };

	(void)s;
	(void)line;
	return ledger_add_funder(st, &in, err);
}

static int add_programme(struct store *st, struct import_state *s, const struct cell *c,
			 long line, struct ft_error *err)
{
	struct programme_input in = { 0 };

	(void)s;
	(void)line;
	in.code = c[PR_CODE].text;
	in.name = c[PR_NAME].text;
	in.funder_code = c[PR_FUNDER].text;
	in.fund = c[PR_FUND].text;
	in.rate_bp = c[PR_RATE].text ? c[PR_RATE].bp : -1;
	in.financing = c[PR_FINANCING].value;
	in.terms = c[PR_TERMS].value;
	return ledger_add_programme(st, &in, err);
}

static int add_allocation(struct store *st, struct import_state *s, const struct cell *c,
			  long line, struct ft_error *err)
{
	(void)line;
	if (c[A_YEAR].count < 1900 || c[A_YEAR].count > 2199)
		return ft_fail(err, "invalid year '%s': expected 1900 to 2199", c[A_YEAR].text);
	return ledger_set_allocation(st, c[A_GRANT].text, (int)c[A_YEAR].count,
				     c[A_AMOUNT].cents, s->opt->force, err);
}

#define ADDED(table) table, sizeof(table) / sizeof(table[0])
static const struct kind_spec kinds[] = {
	{ "grants", grant_columns, G_COLUMNS,
	  "Ebene|level|Abgerufen|drawn|Ausgegeben|Verausgabt|spent|Fördermittelgeber|funder|"
	  "Projekttitel|project_title",
	  grant_added, sizeof(grant_added) / sizeof(grant_added[0]), add_grant },
	{ "bookings", booking_columns, B_COLUMNS, "Nr|id", booking_added,
	  sizeof(booking_added) / sizeof(booking_added[0]), add_booking },
	{ "projects", project_columns, P_COLUMNS, "Bewilligt|approved|Nachfolger|followed_by",
	  project_added, sizeof(project_added) / sizeof(project_added[0]), add_project },
	{ "city", city_columns, C_COLUMNS, NULL, ADDED(code_added), add_city },
	{ "districts", district_columns, D_COLUMNS, NULL, ADDED(code_added), add_district },
	{ "funders", funder_columns, F_COLUMNS, NULL, ADDED(code_added), add_funder },
	{ "programmes", programme_columns, PR_COLUMNS, NULL, ADDED(code_added), add_programme },
	{ "allocations", allocation_columns, A_COLUMNS, NULL, ADDED(allocation_added),
	  add_allocation },
};
#undef ADDED

/* ---- the transaction ------------------------------------------------------------ */

/* The same content imported before for the same kind, and not undone,
 * is refused unless --again: importing a bookings file twice would double
 * every booking. */
static int refuse_same_file(struct store *st, const struct import_state *s,
			    struct ft_error *err)
{
	struct import_batch_info earlier;
	char described[IMPORT_TEXT_MAX * 3];

	if (s->opt->again || !batched(s))
		return 0;
	switch (import_batch_find_same(st, s->kind->plural, s->res->sha256, &earlier, err)) {
	case 0:
		return 0;
	case 1:
		break;
	default:
		return -1;
	}
	import_batch_describe(&earlier, described, sizeof(described));
	if (!earlier.rows_known)
		return ft_fail(err, "'%s' was imported before: %s has the same content (SHA-256 "
				    "%.16s...); give --again to import it once more",
			       s->opt->path, described, s->res->sha256);
	return ft_fail(err, "'%s' was imported before: %s has the same content (SHA-256 %.16s...); "
			    "give --again to import it once more, or take that import back with "
			    "'fundtrack import-csv --undo %lld'",
		       s->opt->path, described, s->res->sha256, (long long)earlier.id);
}

static int import_records(struct store *st, void *arg, struct ft_error *err)
{
	struct import_state *s = arg;
	struct csv_record rec = { 0 };
	struct audit_count count;
	int rc;

	if (refuse_same_file(st, s, err))
		return -1;
	while ((rc = csv_next(&s->parser, &rec, err)) == 1) {
		if (csv_record_is_blank(&rec))
			continue;
		s->res->records++;
		if (s->opt->progress && s->res->records % CSV_PROGRESS_EVERY == 0)
			s->opt->progress(s->opt->progress_arg, s->res->records);
		if (process_record(st, s, &rec, err)) {
			csv_record_release(&rec);
			return -1;
		}
	}
	csv_record_release(&rec);
	if (rc < 0 && problem(s, s->parser.error_line, NULL, "%s", err->msg))
		return ft_fail(err, "out of memory");
	if (s->res->nproblems > 0)
		return ft_fail(err,
			       trn("%zu problem in '%s'; nothing was imported",
				   "%zu problems in '%s'; nothing was imported",
				   (long long)s->res->nproblems),
			       s->res->nproblems, s->opt->path);
	if (s->opt->dry_run) {
		s->dry_run_passed = 1;
		return ft_fail(err, "dry run: rolled back");
	}
	count = (struct audit_count){ s->kind->plural, (int64_t)s->added };
	if (batched(s) && import_batch_record(st, s->kind->plural, s->opt->path, s->res->sha256,
					      s->rows, s->nrows, &s->res->batch, err))
		return -1;
	return audit_record_import(st, NULL, s->opt->path, s->res->sha256, &count, 1, err);
}

int csv_import(struct store *st, const struct csv_import_options *opt,
	       struct csv_import_result *res, struct ft_error *err)
{
	struct import_state s;
	char *raw = NULL;
	size_t len = 0;
	int rc = -1;

	memset(res, 0, sizeof(*res));
	memset(&s, 0, sizeof(s));
	s.kind = &kinds[opt->kind];
	s.opt = opt;
	s.res = res;
	if (read_whole_file(opt->path, &raw, &len, err))
		return -1;
	{
		unsigned char digest[SHA256_DIGEST];
		struct sha256 h;

		sha256_init(&h);
		sha256_update(&h, raw, len);
		sha256_final(&h, digest);
		sha256_hex(digest, res->sha256);
	}
	res->added = out_table_new(s.kind->added, s.kind->nadded);
	if (!res->added)
		ft_fail(err, "out of memory");
	else if (decode(&s, raw, len, err) == 0 && res->nproblems == 0 &&
		 read_header(&s, err) == 0 && s.map)
		rc = store_write(st, import_records, &s, err);
	free(raw);
	if (rc != 0 && s.dry_run_passed)
		rc = 0;
	else if (rc != 0 && res->nproblems > 0)
		ft_fail(err,
			trn("%zu problem in '%s'; nothing was imported",
			    "%zu problems in '%s'; nothing was imported", (long long)res->nproblems),
			res->nproblems, opt->path);
	csv_record_release(&s.header_record);
	free(s.map);
	free(s.text);
	free(s.rows);
	strbuf_release(&s.unknown);
	return rc;
}

/* ---- templates and help ------------------------------------------------------------ */

/* Line row of the example text (a one-line example serves every row). */
static void example_line(const char *example, size_t row, char *out, size_t size)
{
	const char *p = example;

	for (size_t i = 0; i < row && strchr(p, '\n'); i++)
		p = strchr(p, '\n') + 1;
	if (!strchr(example, '\n'))
		p = example;
	snprintf(out, size, "%.*s", (int)strcspn(p, "\n"), p);
}

static size_t example_rows(const struct kind_spec *k)
{
	size_t rows = 1;

	for (size_t i = 0; i < k->ncolumns; i++) {
		size_t n = 1;

		for (const char *p = k->columns[i].example; p && (p = strchr(p, '\n')); p++)
			n++;
		if (n > rows)
			rows = n;
	}
	return rows;
}

static int add_example(struct out_table *t, const struct column_spec *spec, size_t row)
{
	struct ft_error err;
	char text[NAME_BUF * 2];
	int64_t cents;
	int bp;

	example_line(spec->example, row, text, sizeof(text));
	if (!text[0])
		return out_add_null(t);
	switch (spec->type) {
	case V_MONEY:
		if (money_parse_plain(text, &cents, &err))
			return -1;
		return out_add_int(t, cents);
	case V_RATE:
		if (rate_parse(text, &bp, &err))
			return -1;
		return out_add_int(t, bp);
	default:
		return out_add_text(t, text);
	}
}

static enum out_type template_type(enum value_type type)
{
	switch (type) {
	case V_MONEY:
		return OUT_MONEY;
	case V_RATE:
		return OUT_RATE;
	case V_DATE:
		return OUT_DATE;
	default:
		return OUT_TEXT;
	}
}

/* Template columns of each kind, made from the specs; static because a
 * table's columns must outlive it. */
static struct out_column template_columns[sizeof(kinds) / sizeof(kinds[0])][MAX_SPEC_COLUMNS];

int csv_template(enum csv_kind kind, struct out_table **out, struct ft_error *err)
{
	const struct kind_spec *k = &kinds[kind];
	struct out_column *cols = template_columns[kind];
	struct out_table *t;
	size_t n = 0;

	for (size_t i = 0; i < k->ncolumns; i++) {
		if (k->columns[i].type == V_EMPTY)
			continue;
		cols[n++] = (struct out_column){ k->columns[i].english, k->columns[i].german,
						 template_type(k->columns[i].type) };
	}
	if (!(t = out_table_new(cols, n)))
		return ft_fail(err, "out of memory");
	for (size_t row = 0; row < example_rows(k); row++) {
		for (size_t i = 0; i < k->ncolumns; i++) {
			if (k->columns[i].type != V_EMPTY && add_example(t, &k->columns[i], row)) {
				out_table_free(t);
				return ft_fail(err, "internal error: bad template example for '%s'",
					       k->columns[i].german);
			}
		}
	}
	*out = t;
	return 0;
}

char *csv_columns_help(enum csv_kind kind)
{
	const struct kind_spec *k = &kinds[kind];
	size_t size = 4096, used = 0;
	char *buf = malloc(size);

	if (!buf)
		return NULL;
	buf[0] = '\0';
	for (size_t i = 0; i < k->ncolumns && used < size; i++) {
		const struct column_spec *c = &k->columns[i];
		char aliases[NAME_BUF * 2] = "";

		if (c->aliases) {
			snprintf(aliases, sizeof(aliases), " (also: %s)", c->aliases);
			for (char *p = aliases; *p; p++)
				if (*p == '|')
					*p = '/';
		}
		used += (size_t)snprintf(buf + used, size - used, "  %s / %s%s%s\n", c->german,
					 c->english, aliases, c->required ? ", required" : "");
	}
	return buf;
}
