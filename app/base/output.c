/* output.c - prints out_tables as aligned tables, csv, csv-de and json.
 *
 * Cells are stored untyped (null, integer or text); the column type decides
 * how a cell is shown in each format. Number formatting itself lives in
 * money.c and date.c, this file only picks the right form and lays it out.
 */
#include "output.h"
#include "msg_lang.h"
#include "enum_words.h"

#include <inttypes.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "money.h"
#include "strbuf.h"
#include "table_fit.h"
#include "utf8.h"
#include "vec.h"

/* ------------------------------------------------------------------ */
/* Table storage                                                      */

enum cell_kind { CELL_NULL, CELL_INT, CELL_TEXT };

struct out_cell {
	enum cell_kind kind;
	unsigned char starts_total_row; /* set on the first cell of a total row */
	int64_t value;
	char *text;
};

struct out_table {
	const struct out_column *cols;
	size_t ncols;
	struct out_cell *cells; /* row-major, ncells of cap used */
	size_t ncells;
	size_t cap;
	int total_pending; /* out_mark_total was called before a row began */
	unsigned char *prio; /* enum out_priority per column, or NULL: all AUTO */
	char **label_en;     /* the English header of each column (english_label) */
};

int out_format_parse(const char *name, enum out_format *out)
{
	static const struct {
		const char *name;
		enum out_format format;
	} formats[] = {
		{ "table", OUT_TABLE },
		{ "csv", OUT_CSV },
		{ "csv-de", OUT_CSV_DE },
		{ "json", OUT_JSON },
	};

	if (!name)
		return -1;
	for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
		if (strcmp(name, formats[i].name) == 0) {
			*out = formats[i].format;
			return 0;
		}
	}
	return -1;
}

/* English headers whose key does not read as one when its underscores
 * become spaces (english_label). */
static const struct {
	const char *key;
	const char *label;
} english_labels[] = {
	{ "ack", "Acknowledged" },
	{ "acked_on", "Acknowledged on" },
	{ "actual_source", "actual from" },
	{ "ags", "AGS" },
	{ "as_of", "Interest up to" },
	{ "at", "Time (UTC)" },
	{ "batch", "No." },
	{ "cost_per_fte_month", "Per FTE-month" },
	{ "days_left", "In days" },
	{ "done", "Met on" },
	{ "effective", "Ineffective from (interest start)" },
	{ "eu", "EU" },
	{ "final", "Final grant" },
	{ "fte_months", "Service (FTE-months)" },
	{ "id", "No." },
	{ "idle_amount", "Not used promptly, § 49a(4)" },
	{ "idle_days", "longest interest days" },
	{ "idle_interest", "Interest § 49a(4) VwVfG" },
	{ "idle_until", "considered up to" },
	{ "imported_at", "Imported (UTC)" },
	{ "interim_months", "Interim proof, months after year end" },
	{ "other_public", "Other public" },
	{ "own_share", "Own share in %" },
	{ "planned_source", "planned from" },
	{ "prev_hash", "Previous hash" },
	{ "proof_after_fulfilment_months", "Proof, months after purpose met" },
	{ "proof_after_period_months", "Proof, months after end" },
	{ "ref", "Reference" },
	{ "refund_days", "Interest days § 49a(3)" },
	{ "refund_interest", "Refund interest § 49a(3) VwVfG" },
	{ "replaced_fte", "FTE replaced" },
	{ "row_id", "Row no." },
	{ "sha256", "SHA-256" },
	{ "summary", "Checks" },
	{ "third_party", "Funding" }, /* plan: the grants, Fördermittel */
	{ "undone_at", "Status" },
};

/* The header of column col in English (issue 15): from the table above,
 * else its key in words ("days_left" -> "Days left"), indented like the
 * German label ("  noch offen" is a line under the one before it).
 * Machine formats keep the key; csv-de keeps the German label. NULL when
 * out of memory. */
static char *english_label(const struct out_column *col)
{
	const char *key = col->key ? col->key : "";
	const char *label = col->label ? col->label : "";
	size_t indent = strspn(label, " ");
	const char *words = NULL, *shown;
	size_t len;
	char *text;

	for (size_t i = 0; i < sizeof(english_labels) / sizeof(english_labels[0]); i++)
		if (strcmp(english_labels[i].key, key) == 0)
			words = english_labels[i].label;
	shown = words ? words : key;
	len = strlen(shown);
	text = malloc(indent + len + 1);
	if (!text)
		return NULL;
	memset(text, ' ', indent);
	memcpy(text + indent, shown, len + 1);
	if (words)
		return text;
	for (char *p = text + indent; *p; p++)
		if (*p == '_')
			*p = ' ';
	if (indent == 0 && text[0] >= 'a' && text[0] <= 'z')
		text[0] = (char)(text[0] - 'a' + 'A');
	return text;
}

void out_table_free(struct out_table *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->ncells; i++)
		free(t->cells[i].text);
	for (size_t c = 0; t->label_en && c < t->ncols; c++)
		free(t->label_en[c]);
	free(t->label_en);
	free(t->cells);
	free(t->prio);
	free(t);
}

struct out_table *out_table_new(const struct out_column *cols, size_t ncols)
{
	struct out_table *t;

	if (!cols && ncols > 0)
		return NULL;
	t = calloc(1, sizeof(*t));
	if (!t)
		return NULL;
	t->cols = cols;
	t->ncols = ncols;
	t->label_en = calloc(ncols + 1, sizeof(*t->label_en));
	if (!t->label_en) {
		out_table_free(t);
		return NULL;
	}
	for (size_t c = 0; c < ncols; c++)
		if (!(t->label_en[c] = english_label(&cols[c]))) {
			out_table_free(t);
			return NULL;
		}
	return t;
}

/* Appends cell (taking ownership of its text only on success). */
static int append_cell(struct out_table *t, struct out_cell cell)
{
	if (!t || t->ncols == 0 || VEC_RESERVE(t->cells, t->cap, t->ncells + 1) < 0)
		return -1;
	cell.starts_total_row = 0;
	if (t->ncells % t->ncols == 0) {
		cell.starts_total_row = (unsigned char)t->total_pending;
		t->total_pending = 0;
	}
	t->cells[t->ncells++] = cell;
	return 0;
}

static char *copy_text(const char *text)
{
	size_t len = strlen(text);
	char *copy = malloc(len + 1);

	if (copy)
		memcpy(copy, text, len + 1);
	return copy;
}

int out_add_text(struct out_table *t, const char *text)
{
	struct out_cell cell = { .kind = CELL_TEXT };

	if (!text)
		return out_add_null(t);
	cell.text = copy_text(text);
	if (!cell.text)
		return -1;
	if (append_cell(t, cell) < 0) {
		free(cell.text);
		return -1;
	}
	return 0;
}

int out_add_int(struct out_table *t, int64_t value)
{
	struct out_cell cell = { .kind = CELL_INT, .value = value };

	return append_cell(t, cell);
}

int out_add_null(struct out_table *t)
{
	struct out_cell cell = { .kind = CELL_NULL };

	return append_cell(t, cell);
}

/* Before a row: flags the next row. Within a row (some cells added): flags
 * that row, since it is the one still being added. */
void out_mark_total(struct out_table *t)
{
	size_t filled;

	if (!t || t->ncols == 0)
		return;
	filled = t->ncells % t->ncols;
	if (filled == 0)
		t->total_pending = 1;
	else
		t->cells[t->ncells - filled].starts_total_row = 1;
}

/* An incomplete last row counts; its missing cells print as null. */
size_t out_row_count(const struct out_table *t)
{
	if (!t || t->ncols == 0)
		return 0;
	return t->ncells / t->ncols + (t->ncells % t->ncols != 0);
}

static const struct out_cell *cell_at(const struct out_table *t, size_t row,
				      size_t col)
{
	static const struct out_cell missing = { .kind = CELL_NULL };
	size_t index = row * t->ncols + col;

	return index < t->ncells ? &t->cells[index] : &missing;
}

static int is_total_row(const struct out_table *t, size_t row)
{
	return cell_at(t, row, 0)->starts_total_row;
}

/* ------------------------------------------------------------------ */
/* Cell text in the various formats                                   */

/* Large enough for every formatted number, date and int64 digits. */
enum { CELL_BUF = OUT_CELL_BUF };

/* Labels and keys should always be set; a missing one prints as "". */
static const char *or_empty(const char *text)
{
	return text ? text : "";
}

/* The header of column c in tables: the German label, or in English the
 * English one (english_label). */
static const char *table_label(const struct out_table *t, size_t c)
{
	if (msg_lang_current() == MSG_EN)
		return t->label_en[c];
	return or_empty(t->cols[c].label);
}

static int is_right_aligned(enum out_type type)
{
	return type == OUT_INT || type == OUT_COUNT || type == OUT_MONEY || type == OUT_RATE ||
	       type == OUT_DAYS;
}

/* Rates are basis points 0..10000; the int64 cell is clamped to the int
 * that rate_format_* takes instead of overflowing the conversion. */
static int rate_bp(int64_t value)
{
	if (value > INT_MAX)
		return INT_MAX;
	if (value < INT_MIN)
		return INT_MIN;
	return (int)value;
}

static const char *format_int(int64_t value, char buf[CELL_BUF])
{
	snprintf(buf, CELL_BUF, "%" PRId64, value);
	return buf;
}

static const char *with_decimal_comma(char *buf)
{
	char *dot = strchr(buf, '.');

	if (dot)
		*dot = ',';
	return buf;
}

/* German date; text that is not a valid ISO date is shown as stored rather
 * than dropped. */
static const char *german_date(const char *iso, char buf[CELL_BUF])
{
	char de[DATE_BUF];

	date_format_de(iso, de);
	if (de[0] == '\0')
		return iso;
	memcpy(buf, de, sizeof(de));
	return buf;
}

enum text_style {
	STYLE_TABLE,  /* "1.234,56 €", "85,00 %", "31.12.2025", ja/nein */
	STYLE_CSV,    /* "1234.56", "85.00", ISO date, true/false */
	STYLE_CSV_DE, /* "1234,56", "85,00", "31.12.2025", ja/nein */
};

/* The text of an integer cell in a column of the given type. */
static const char *int_cell_text(int64_t value, enum out_type type,
				 enum text_style style, char buf[CELL_BUF])
{
	switch (type) {
	case OUT_MONEY:
		if (style == STYLE_TABLE)
			money_format_de(value, buf);
		else
			money_format_plain(value, buf);
		return style == STYLE_CSV_DE ? with_decimal_comma(buf) : buf;
	case OUT_RATE:
		if (style == STYLE_TABLE)
			rate_format_de(rate_bp(value), buf);
		else
			rate_format_plain(rate_bp(value), buf);
		return style == STYLE_CSV_DE ? with_decimal_comma(buf) : buf;
	case OUT_BOOL:
		if (style == STYLE_CSV)
			return value ? "true" : "false";
		if (style == STYLE_CSV_DE)
			return value ? "ja" : "nein";
		return value ? tr("yes") : tr("no");
	case OUT_COUNT:
		if (style != STYLE_TABLE)
			break;
		count_format_de(value, buf);
		return buf;
	case OUT_TEXT:
	case OUT_DATE:
	case OUT_INT:
	case OUT_DAYS:
		break;
	}
	return format_int(value, buf);
}

static struct {
	const char *key;
	const struct word_enum *words;
} code_words[16];

void out_set_code_words(const char *key, const struct word_enum *words)
{
	for (size_t i = 0; i < sizeof(code_words) / sizeof(code_words[0]); i++)
		if (!code_words[i].key || strcmp(code_words[i].key, key) == 0) {
			code_words[i].key = key;
			code_words[i].words = words;
			return;
		}
}

/* The German word for a code cell of column key, or text itself. */
static const char *shown_code(const char *key, const char *text)
{
	if (msg_lang_current() != MSG_DE)
		return text;
	for (size_t i = 0; i < sizeof(code_words) / sizeof(code_words[0]) && code_words[i].key; i++)
		if (strcmp(code_words[i].key, key) == 0) {
			const char *word = word_enum_word(code_words[i].words, text);

			return word ? word : text;
		}
	return text;
}

/* The text of any cell; NULL cells give "". May return buf or cell text. */
static const char *cell_text(const struct out_cell *cell, const struct out_column *col,
			     enum text_style style, char buf[CELL_BUF])
{
	enum out_type type = col->type;

	switch (cell->kind) {
	case CELL_NULL:
		return "";
	case CELL_INT:
		return int_cell_text(cell->value, type, style, buf);
	case CELL_TEXT:
		break;
	}
	if (type == OUT_DATE && style != STYLE_CSV)
		return german_date(cell->text, buf);
	if (type == OUT_TEXT && style != STYLE_CSV)
		return shown_code(col->key, cell->text);
	return cell->text;
}

/* ------------------------------------------------------------------ */
/* table format                                                       */

/* How the table shows one character of text. Printable characters are
 * shown as they are; tab, line feed and carriage return as a space (they
 * would break the layout); other control characters (C0, DEL, C1) and the
 * bidi controls U+202A..U+202E, U+2066..U+2069 as "\x{1B}", so that text
 * from the database or a partner's file can neither move the cursor nor
 * recolour the terminal nor reorder the line around it (issue 12); bytes
 * that are not UTF-8 as U+FFFD. */
struct shown {
	const char *bytes;
	size_t len;	/* bytes to print */
	size_t width;	/* terminal columns */
	size_t advance; /* bytes of the text consumed */
	char buf[16];
};

static void show_next(const char *text, struct shown *s)
{
	uint32_t cp;
	size_t n;

	if (*text >= ' ' && *text < 0x7f) { /* printable ASCII: as it is, no decoding */
		*s = (struct shown){ .bytes = text, .len = 1, .advance = 1, .width = 1 };
		return;
	}
	n = utf8_decode(text, SIZE_MAX, &cp);
	*s = (struct shown){ .bytes = text, .len = n, .advance = n, .width = 1 };
	if (n == 0) {
		s->bytes = UTF8_REPLACEMENT;
		s->len = strlen(UTF8_REPLACEMENT);
		s->advance = 1;
	} else if (cp == '\t' || cp == '\n' || cp == '\r') {
		s->bytes = " ";
	} else if (utf8_is_control(cp) || utf8_is_bidi_control(cp)) {
		s->len = (size_t)snprintf(s->buf, sizeof(s->buf), "\\x{%02" PRIX32 "}", cp);
		s->bytes = s->buf;
		s->width = s->len;
	} else {
		s->width = (size_t)utf8_char_width(cp);
	}
}

/* A printable ASCII character other than the space: shown as it is, one
 * column wide (show_next would say the same, at the cost of decoding). */
static int plain_ascii(char c)
{
	return c > ' ' && c < 0x7f;
}

/* Terminal columns of text as the table shows it. */
static size_t shown_width(const char *text)
{
	struct shown s;
	size_t width = 0;

	while (*text) {
		if (plain_ascii(*text)) { /* the common case: one column, no decoding */
			width++;
			text++;
			continue;
		}
		show_next(text, &s);
		width += s.width;
		text += s.advance;
	}
	return width;
}

void out_put_visible(FILE *f, const char *text)
{
	struct shown s;

	while (*text) {
		if (*text == '\n') {
			fputc('\n', f);
			text++;
			continue;
		}
		show_next(text, &s);
		fwrite(s.bytes, 1, s.len, f);
		text += s.advance;
	}
}

/* Writes one output line; spaces are held back and only written when more
 * text follows, so no line ends in spaces. */
struct line_writer {
	FILE *f;
	size_t pending_spaces;
};

static void line_pad(struct line_writer *w, size_t n)
{
	w->pending_spaces += n;
}

/* Writes the first len bytes of text as the table shows them. */
static void line_put_n(struct line_writer *w, const char *text, size_t len)
{
	struct shown s;
	const char *end = text + len;

	for (; text < end && *text; text += s.advance) {
		size_t run = 0;

		while (text + run < end && plain_ascii(text[run]))
			run++;
		if (run > 0) { /* a run of plain characters in one write */
			for (; w->pending_spaces > 0; w->pending_spaces--)
				fputc(' ', w->f);
			fwrite(text, 1, run, w->f);
			s.advance = run;
			continue;
		}
		show_next(text, &s);
		if (s.bytes[0] == ' ') {
			w->pending_spaces++;
			continue;
		}
		for (; w->pending_spaces > 0; w->pending_spaces--)
			fputc(' ', w->f);
		fwrite(s.bytes, 1, s.len, w->f);
	}
}

static void line_put(struct line_writer *w, const char *text)
{
	line_put_n(w, text, strlen(text));
}

static void line_repeat(struct line_writer *w, char c, size_t n)
{
	char one[2] = { c, '\0' };

	for (size_t i = 0; i < n; i++)
		line_put(w, one);
}

static void line_end(struct line_writer *w)
{
	w->pending_spaces = 0;
	fputc('\n', w->f);
}

enum { COLUMN_GAP = 2 };

/* 0: no limit (see out_set_table_width). */
static size_t table_width_limit;

void out_set_table_width(size_t columns)
{
	table_width_limit = columns;
}

/* The next line of text that fits width columns: its length in bytes and
 * its width in *shown_cols. It breaks after the last space that fits, or
 * inside a word longer than the line; it takes at least one character so
 * that wrapping always moves on. */
static size_t wrap_segment(const char *text, size_t width, size_t *shown_cols)
{
	struct shown s;
	size_t bytes = 0, cols = 0, space_bytes = 0, space_cols = 0;

	while (text[bytes]) {
		show_next(text + bytes, &s);
		if (s.bytes[0] == ' ') {
			space_bytes = bytes;
			space_cols = cols;
		}
		if (cols + s.width > width && bytes > 0)
			break;
		bytes += s.advance;
		cols += s.width;
	}
	/* a word cut at the end of the line goes whole to the next one */
	if (text[bytes] && space_bytes > 0) {
		bytes = space_bytes;
		cols = space_cols;
	}
	*shown_cols = cols;
	return bytes;
}

/* Moves past the spaces (as shown) that start a continuation line. */
static const char *skip_shown_spaces(const char *text)
{
	struct shown s;

	while (*text) {
		show_next(text, &s);
		if (s.bytes[0] != ' ')
			break;
		text += s.advance;
	}
	return text;
}

/* Writes the next line of *text aligned in width columns and advances
 * *text past it; returns 1 while text is left for another line. */
static int put_wrapped(struct line_writer *w, const char **text, size_t width,
		       int right)
{
	size_t cols;
	size_t len = wrap_segment(*text, width, &cols);
	size_t fill = cols < width ? width - cols : 0;

	if (right)
		line_pad(w, fill);
	line_put_n(w, *text, len);
	if (!right)
		line_pad(w, fill);
	*text = skip_shown_spaces(*text + len);
	return **text != '\0';
}

/* Width of the longest word of text: what a wrapped header needs. */
static size_t longest_word(const char *text)
{
	struct shown s;
	size_t longest = 0, word = 0;

	for (; *text; text += s.advance) {
		show_next(text, &s);
		word = s.bytes[0] == ' ' ? 0 : word + s.width;
		if (word > longest)
			longest = word;
	}
	return longest;
}

/* A text column wraps down to this width (or its natural width), but not
 * inside a word (a rule ID, a file reference) of up to UNBROKEN_WORD_WIDTH
 * columns. */
enum { TEXT_LEAST_WIDTH = 12, UNBROKEN_WORD_WIDTH = 30 };

static size_t clamp_size(size_t value, size_t low, size_t high)
{
	return value < low ? low : value > high ? high : value;
}

void out_set_priority(struct out_table *t, size_t col, enum out_priority prio)
{
	if (!t || col >= t->ncols)
		return;
	if (!t->prio)
		t->prio = calloc(t->ncols, 1);
	if (t->prio) /* out of memory: the column keeps the automatic order */
		t->prio[col] = (unsigned char)prio;
}

/* The drop order of column index (table_fit.h: 0 never, higher first).
 * AUTO keeps the first column and the table's main text (its widest text
 * column), then drops other text and date columns, then counts, then
 * amounts and rates, each from the right. */
static unsigned drop_rank(const struct out_table *t, size_t index, size_t main_text)
{
	const struct out_column *col = &t->cols[index];

	switch (t->prio ? (enum out_priority)t->prio[index] : OUT_PRIO_AUTO) {
	case OUT_PRIO_KEEP:
		return 0;
	case OUT_PRIO_LOW:
		return 1000 + (unsigned)index;
	case OUT_PRIO_AUTO:
		break;
	}
	if (index == 0 || index == main_text)
		return 0;
	switch (col->type) {
	case OUT_TEXT:
	case OUT_DATE:
		return 500 + (unsigned)index;
	case OUT_INT:
	case OUT_COUNT:
	case OUT_DAYS:
	case OUT_BOOL:
		return 250 + (unsigned)index;
	case OUT_MONEY:
	case OUT_RATE:
		break;
	}
	return 1 + (unsigned)index;
}

/* The widest text column after the first, or ncols when there is none. */
static size_t main_text_column(const struct out_table *t, const struct fit_column *fit)
{
	size_t main = t->ncols;

	for (size_t c = 1; c < t->ncols; c++)
		if (t->cols[c].type == OUT_TEXT &&
		    (main == t->ncols || fit[c].natural > fit[main].natural))
			main = c;
	return main;
}

/* Natural widths and, with a limit, the fitted ones (0 = left out). */
static size_t column_widths(const struct out_table *t, size_t *widths)
{
	char buf[CELL_BUF];
	size_t rows = out_row_count(t);
	struct fit_column *fit;
	size_t dropped, main_text;

	fit = calloc(t->ncols + 1, sizeof(*fit));
	if (!fit)
		return SIZE_MAX;
	for (size_t c = 0; c < t->ncols; c++) {
		const char *label = table_label(t, c);

		fit[c].natural = shown_width(label);
		fit[c].least = longest_word(label);
	}
	for (size_t r = 0; r < rows; r++) {
		for (size_t c = 0; c < t->ncols; c++) {
			const char *text = cell_text(cell_at(t, r, c), &t->cols[c],
						     STYLE_TABLE, buf);
			size_t width = shown_width(text);
			/* numbers and dates never wrap; codes up to a length neither */
			size_t unbroken = t->cols[c].type != OUT_TEXT ? width
				: clamp_size(longest_word(text), TEXT_LEAST_WIDTH, UNBROKEN_WORD_WIDTH);

			if (width > fit[c].natural)
				fit[c].natural = width;
			if (unbroken > fit[c].least)
				fit[c].least = unbroken;
		}
	}
	main_text = main_text_column(t, fit);
	for (size_t c = 0; c < t->ncols; c++) {
		if (fit[c].least > fit[c].natural)
			fit[c].least = fit[c].natural;
		fit[c].drop_rank = drop_rank(t, c, main_text);
		widths[c] = fit[c].natural;
	}
	dropped = table_width_limit == 0
			  ? 0
			  : table_fit(fit, t->ncols, table_width_limit, COLUMN_GAP, widths);
	free(fit);
	return dropped;
}

static void print_rule(struct line_writer *w, const struct out_table *t,
		       const size_t *widths)
{
	int first = 1;

	for (size_t c = 0; c < t->ncols; c++) {
		if (widths[c] == 0)
			continue;
		if (!first)
			line_pad(w, COLUMN_GAP);
		first = 0;
		line_repeat(w, '-', widths[c]);
	}
	line_end(w);
}

/* Prints one row of cell texts (texts[c] advance), on as many lines as
 * its widest wrapped cell needs. */
static void print_cells(struct line_writer *w, const struct out_table *t,
			const char **texts, const size_t *widths)
{
	int more;

	do {
		int first = 1;

		more = 0;
		for (size_t c = 0; c < t->ncols; c++) {
			if (widths[c] == 0)
				continue;
			if (!first)
				line_pad(w, COLUMN_GAP);
			first = 0;
			more |= put_wrapped(w, &texts[c], widths[c],
					    is_right_aligned(t->cols[c].type));
		}
		line_end(w);
	} while (more);
}

static void print_header(struct line_writer *w, const struct out_table *t,
			 const char **texts, const size_t *widths)
{
	for (size_t c = 0; c < t->ncols; c++)
		texts[c] = table_label(t, c);
	print_cells(w, t, texts, widths);
}

static void print_row(struct line_writer *w, const struct out_table *t,
		      size_t row, const char **texts, char (*bufs)[CELL_BUF],
		      const size_t *widths)
{
	for (size_t c = 0; c < t->ncols; c++)
		texts[c] = cell_text(cell_at(t, row, c), &t->cols[c], STYLE_TABLE,
				     bufs[c]);
	print_cells(w, t, texts, widths);
}

/* "(ausgeblendet: Notiz, Träger – alle Spalten mit --wide)", wrapped to
 * the width limit like a cell. */
static void print_dropped_note(FILE *f, const struct out_table *t,
			       const size_t *widths)
{
	struct line_writer w = { .f = f };
	struct strbuf note = STRBUF_INIT;
	const char *text;
	int first = 1;

	strbuf_adds(&note, tr("(hidden: "));
	for (size_t c = 0; c < t->ncols; c++) {
		if (widths[c] != 0)
			continue;
		if (!first)
			strbuf_adds(&note, ", ");
		first = 0;
		strbuf_adds(&note, table_label(t, c));
	}
	strbuf_adds(&note, tr(" – all columns with --wide)"));
	text = note.oom ? tr("(columns hidden – all with --wide)") : note.text;
	while (put_wrapped(&w, &text, table_width_limit, 0))
		line_end(&w);
	line_end(&w);
	strbuf_release(&note);
}

static int print_table_rows(FILE *f, const struct out_table *t)
{
	struct line_writer w = { .f = f };
	size_t rows = out_row_count(t);
	/* One extra element so that a table without columns allocates too. */
	size_t *widths = calloc(t->ncols + 1, sizeof(*widths));
	const char **texts = calloc(t->ncols + 1, sizeof(*texts));
	char (*bufs)[CELL_BUF] = calloc(t->ncols + 1, sizeof(*bufs));
	size_t dropped = SIZE_MAX;

	if (widths && texts && bufs)
		dropped = column_widths(t, widths);
	if (dropped == SIZE_MAX) {
		free(widths);
		free(texts);
		free(bufs);
		return -1;
	}
	print_header(&w, t, texts, widths);
	print_rule(&w, t, widths);
	if (rows == 0)
		fputs(tr("(no entries)\n"), f);
	for (size_t r = 0; r < rows; r++) {
		/* One rule above a block of total rows; row 0 already has one. */
		if (r > 0 && is_total_row(t, r) && !is_total_row(t, r - 1))
			print_rule(&w, t, widths);
		print_row(&w, t, r, texts, bufs, widths);
	}
	if (dropped > 0)
		print_dropped_note(f, t, widths);
	free(widths);
	free(texts);
	free(bufs);
	return 0;
}

/* "Label: value" lines for the first row, values starting in one column;
 * with a width limit a long value wraps under its first line. */
static void print_table_record(FILE *f, const struct out_table *t)
{
	struct line_writer w = { .f = f };
	size_t label_width = 0, value_width = SIZE_MAX;
	char buf[CELL_BUF];

	if (out_row_count(t) == 0) {
		fputs(tr("(no entries)\n"), f);
		return;
	}
	for (size_t c = 0; c < t->ncols; c++) {
		size_t width = shown_width(table_label(t, c));

		if (width > label_width)
			label_width = width;
	}
	if (table_width_limit > label_width + 2 + TEXT_LEAST_WIDTH)
		value_width = table_width_limit - label_width - 2;
	for (size_t c = 0; c < t->ncols; c++) {
		const char *label = table_label(t, c);
		const char *value = cell_text(cell_at(t, 0, c), &t->cols[c],
					      STYLE_TABLE, buf);

		line_put(&w, label);
		line_put(&w, ":");
		line_pad(&w, label_width - shown_width(label) + 1);
		while (put_wrapped(&w, &value, value_width, 0)) {
			line_end(&w);
			line_pad(&w, label_width + 2);
		}
		line_end(&w);
	}
}

static void print_title(FILE *f, const char *title)
{
	struct line_writer w = { .f = f };

	line_put(&w, title);
	line_end(&w);
	line_repeat(&w, '=', shown_width(title));
	line_end(&w);
}

static int print_table_format(const struct out_section *sections, size_t n,
			      FILE *f)
{
	for (size_t i = 0; i < n; i++) {
		const struct out_section *s = &sections[i];

		if (i > 0)
			fputc('\n', f);
		if (s->title)
			print_title(f, s->title);
		if (!s->table)
			continue;
		if (s->record)
			print_table_record(f, s->table);
		else if (print_table_rows(f, s->table) < 0)
			return -1;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* csv and csv-de                                                     */

/* Text cells that could start a formula get a leading single quote in csv
 * and csv-de; numbers are formatted here and stay numbers, negative
 * amounts included. */
int out_could_start_formula(const char *text)
{
	return text[0] != '\0' && strchr("=+-@\t\r", text[0]) != NULL;
}

/* RFC 4180 allows no control characters outside quotes: a field with the
 * separator, a quote, a line break or any other control is quoted. */
static int csv_needs_quotes(const char *text, char separator)
{
	for (const unsigned char *p = (const unsigned char *)text; *p; p++)
		if (*p == (unsigned char)separator || *p == '"' || *p < 0x20 || *p == 0x7f)
			return 1;
	return 0;
}

/* Writes text with its quotes doubled when quoted; a byte that is not
 * UTF-8 becomes U+FFFD (csv-de's byte order mark promises UTF-8). */
static void put_csv_text(FILE *f, const char *text, int quoted)
{
	while (*text) {
		size_t n = utf8_decode(text, SIZE_MAX, NULL);

		if (n == 0) {
			fputs(UTF8_REPLACEMENT, f);
			text++;
			continue;
		}
		if (quoted && *text == '"')
			fputc('"', f);
		fwrite(text, 1, n, f);
		text += n;
	}
}

static void print_csv_field(FILE *f, const char *text, char separator, int as_text)
{
	int quoted = csv_needs_quotes(text, separator);

	if (quoted)
		fputc('"', f);
	if (as_text && out_could_start_formula(text))
		fputc('\'', f);
	put_csv_text(f, text, quoted);
	if (quoted)
		fputc('"', f);
}

static void print_csv_section(FILE *f, const struct out_table *t, int record,
			      enum text_style style)
{
	char separator = style == STYLE_CSV_DE ? ';' : ',';
	size_t rows = out_row_count(t);
	char buf[CELL_BUF];

	if (record && rows > 1)
		rows = 1;
	for (size_t c = 0; c < t->ncols; c++) {
		if (c > 0)
			fputc(separator, f);
		print_csv_field(f, or_empty(style == STYLE_CSV_DE
						       ? t->cols[c].label
						       : t->cols[c].key),
				separator, 1);
	}
	fputc('\n', f);
	for (size_t r = 0; r < rows; r++) {
		for (size_t c = 0; c < t->ncols; c++) {
			const struct out_cell *cell = cell_at(t, r, c);

			if (c > 0)
				fputc(separator, f);
			print_csv_field(f, cell_text(cell, &t->cols[c], style, buf),
					separator, cell->kind == CELL_TEXT);
		}
		fputc('\n', f);
	}
}

static void print_csv_format(const struct out_section *sections, size_t n,
			     enum text_style style, FILE *f)
{
	/* The BOM makes Excel read the file as UTF-8; once per file. */
	if (style == STYLE_CSV_DE && n > 0)
		fputs("\xEF\xBB\xBF", f);
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			fputc('\n', f);
		if (sections[i].table)
			print_csv_section(f, sections[i].table,
					  sections[i].record, style);
	}
}

/* ------------------------------------------------------------------ */
/* json                                                               */

/* RFC 8259 requires escapes only below U+0020; DEL, C1, the bidi
 * controls and U+2028/U+2029 (line breaks to JavaScript) are escaped as
 * well, so that json shown in a terminal is as harmless as the table, and
 * a byte that is not UTF-8 becomes U+FFFD, so the output is always
 * UTF-8 (RFC 8259, section 8.1). */
static int json_needs_escape(uint32_t cp)
{
	return utf8_is_control(cp) || utf8_is_bidi_control(cp) || cp == 0x2028 || cp == 0x2029;
}

/* The two-character escape of cp, or NULL. */
static const char *json_short_escape(uint32_t cp)
{
	switch (cp) {
	case '"':
		return "\\\"";
	case '\\':
		return "\\\\";
	case '\b':
		return "\\b";
	case '\f':
		return "\\f";
	case '\n':
		return "\\n";
	case '\r':
		return "\\r";
	case '\t':
		return "\\t";
	default:
		return NULL;
	}
}

/* The character cp, n bytes at p, inside a JSON string. */
static void put_json_char(FILE *f, const char *p, size_t n, uint32_t cp)
{
	const char *escape = json_short_escape(cp);

	if (escape)
		fputs(escape, f);
	else if (json_needs_escape(cp))
		fprintf(f, "\\u%04" PRIx32, cp);
	else
		fwrite(p, 1, n, f);
}

void out_json_string(FILE *f, const char *text)
{
	if (!text) {
		fputs("null", f);
		return;
	}
	fputc('"', f);
	while (*text) {
		uint32_t cp;
		size_t n = utf8_decode(text, SIZE_MAX, &cp);

		if (n == 0)
			fputs("\\ufffd", f);
		else
			put_json_char(f, text, n, cp);
		text += n ? n : 1;
	}
	fputc('"', f);
}

/* An integer cell: a JSON number or literal for numeric and boolean
 * columns, a string in text and date columns. */
static void print_json_int(FILE *f, int64_t value, enum out_type type)
{
	char buf[CELL_BUF];

	switch (type) {
	case OUT_MONEY:
		/* a string: a JSON number becomes a binary double in most
		 * readers, and cents above 2^53 or 0.1 + 0.2 would not stay exact */
		money_format_plain(value, buf);
		out_json_string(f, buf);
		return;
	case OUT_RATE:
		rate_format_plain(rate_bp(value), buf);
		fputs(buf, f);
		return;
	case OUT_BOOL:
		fputs(value ? "true" : "false", f);
		return;
	case OUT_INT:
	case OUT_COUNT:
	case OUT_DAYS:
		fputs(format_int(value, buf), f);
		return;
	case OUT_TEXT:
	case OUT_DATE:
		break;
	}
	out_json_string(f, format_int(value, buf));
}

/* Text in any column stays a string: it is not known to be a valid number. */
static void print_json_cell(FILE *f, const struct out_cell *cell,
			    enum out_type type)
{
	switch (cell->kind) {
	case CELL_NULL:
		fputs("null", f);
		return;
	case CELL_INT:
		print_json_int(f, cell->value, type);
		return;
	case CELL_TEXT:
		out_json_string(f, cell->text);
		return;
	}
}

/* One row as {"key": value, ...} on one line. */
static void print_json_object(FILE *f, const struct out_table *t, size_t row)
{
	fputc('{', f);
	for (size_t c = 0; c < t->ncols; c++) {
		if (c > 0)
			fputs(", ", f);
		out_json_string(f, or_empty(t->cols[c].key));
		fputs(": ", f);
		print_json_cell(f, cell_at(t, row, c), t->cols[c].type);
	}
	fputc('}', f);
}

static void print_indent(FILE *f, int indent)
{
	for (int i = 0; i < indent; i++)
		fputc(' ', f);
}

/* An array with one object per line; the closing bracket at indent. Total
 * rows are left out: a record is one thing, and a program sums itself. */
static void print_json_array(FILE *f, const struct out_table *t, int indent)
{
	size_t rows = out_row_count(t), printed = 0;

	for (size_t r = 0; r < rows; r++) {
		if (is_total_row(t, r))
			continue;
		fputs(printed++ == 0 ? "[\n" : ",\n", f);
		print_indent(f, indent + 2);
		print_json_object(f, t, r);
	}
	if (printed == 0) {
		fputs("[]", f);
		return;
	}
	fputc('\n', f);
	print_indent(f, indent);
	fputc(']', f);
}

/* A record section is its first row as an object, or null without rows. */
static void print_json_section(FILE *f, const struct out_section *s,
			       int indent)
{
	if (!s->table)
		fputs("null", f);
	else if (!s->record)
		print_json_array(f, s->table, indent);
	else if (out_row_count(s->table) == 0)
		fputs("null", f);
	else
		print_json_object(f, s->table, 0);
}

static void print_json_format(const struct out_section *sections, size_t n,
			      FILE *f)
{
	if (n == 1) {
		print_json_section(f, &sections[0], 0);
		fputc('\n', f);
		return;
	}
	if (n == 0) {
		fputs("{}\n", f);
		return;
	}
	fputs("{\n", f);
	for (size_t i = 0; i < n; i++) {
		print_indent(f, 2);
		out_json_string(f, or_empty(sections[i].key));
		fputs(": ", f);
		print_json_section(f, &sections[i], 2);
		fputs(i + 1 < n ? ",\n" : "\n", f);
	}
	fputs("}\n", f);
}

/* ------------------------------------------------------------------ */

int out_print(const struct out_section *sections, size_t n,
	      enum out_format fmt, FILE *f)
{
	int rc = 0;

	if (!sections && n > 0)
		return -1;
	switch (fmt) {
	case OUT_TABLE:
		rc = print_table_format(sections, n, f);
		break;
	case OUT_CSV:
		print_csv_format(sections, n, STYLE_CSV, f);
		break;
	case OUT_CSV_DE:
		print_csv_format(sections, n, STYLE_CSV_DE, f);
		break;
	case OUT_JSON:
		print_json_format(sections, n, f);
		break;
	default:
		return -1;
	}
	/* Flush so that a full disk or closed pipe is reported here and not
	 * lost at exit; ferror also catches failures of earlier writes. */
	if (fflush(f) != 0 || ferror(f))
		return -1;
	return rc;
}

int out_print_table(const struct out_table *t, enum out_format fmt, FILE *f)
{
	struct out_section section = { .key = "rows", .table = t };

	return out_print(&section, 1, fmt, f);
}

/* ------------------------------------------------------------------ */
/* Selecting and ordering rows                                        */

int out_column_index(const struct out_table *t, const char *key)
{
	for (size_t c = 0; t && c < t->ncols; c++)
		if (t->cols[c].key && strcmp(t->cols[c].key, key) == 0)
			return (int)c;
	return -1;
}

int out_column_of_type(const struct out_table *t, enum out_type type)
{
	for (size_t c = 0; t && c < t->ncols; c++)
		if (t->cols[c].type == type)
			return (int)c;
	return -1;
}

const char *out_cell_plain(const struct out_table *t, size_t row, size_t col,
			   char buf[CELL_BUF])
{
	return cell_text(cell_at(t, row, col), &t->cols[col], STYLE_CSV, buf);
}

int out_is_total_row(const struct out_table *t, size_t row)
{
	return is_total_row(t, row);
}

static int copy_cell(struct out_table *to, const struct out_cell *cell)
{
	switch (cell->kind) {
	case CELL_INT:
		return out_add_int(to, cell->value);
	case CELL_TEXT:
		return out_add_text(to, cell->text);
	case CELL_NULL:
		break;
	}
	return out_add_null(to);
}

static int copy_row(struct out_table *to, const struct out_table *from, size_t row)
{
	for (size_t c = 0; c < from->ncols; c++)
		if (copy_cell(to, cell_at(from, row, c)) != 0)
			return -1;
	return 0;
}

/* Orders two cells of one column: numbers by value, text by bytes (ISO
 * dates and codes sort right that way), nulls last. */
static int compare_cells(const struct out_cell *a, const struct out_cell *b)
{
	if (a->kind == CELL_NULL || b->kind == CELL_NULL)
		return (a->kind == CELL_NULL) - (b->kind == CELL_NULL);
	if (a->kind == CELL_INT && b->kind == CELL_INT)
		return (a->value > b->value) - (a->value < b->value);
	if (a->kind != b->kind)
		return a->kind == CELL_INT ? -1 : 1;
	return strcmp(a->text, b->text);
}

struct sort_key {
	const struct out_table *t;
	size_t col;
	int descending;
};

/* Insertion sort of row numbers: stable, and listings are small enough
 * (a sort over 100.000 rows would want a merge sort). */
static void sort_rows(size_t *rows, size_t n, const struct sort_key *k)
{
	for (size_t i = 1; i < n; i++) {
		size_t row = rows[i], j = i;

		while (j > 0) {
			const struct out_cell *a = cell_at(k->t, rows[j - 1], k->col);
			const struct out_cell *b = cell_at(k->t, row, k->col);
			int order = compare_cells(a, b);

			/* nulls stay last also when descending */
			if (k->descending && a->kind != CELL_NULL && b->kind != CELL_NULL)
				order = -order;
			if (order <= 0)
				break;
			rows[j] = rows[j - 1];
			j--;
		}
		rows[j] = row;
	}
}

/* One total row over the kept rows: amounts and counts summed, the first
 * cell's label kept. Returns 0, or -1 (out of memory, overflow). */
static int add_new_total(struct out_table *to, const struct out_table *from,
			 const size_t *rows, size_t n, size_t label_row)
{
	out_mark_total(to);
	for (size_t c = 0; c < from->ncols; c++) {
		enum out_type type = from->cols[c].type;
		int64_t sum = 0;
		int rc;

		if (c == 0) {
			rc = copy_cell(to, cell_at(from, label_row, 0));
		} else if (type == OUT_MONEY || type == OUT_INT || type == OUT_COUNT) {
			for (size_t i = 0; i < n; i++) {
				const struct out_cell *cell = cell_at(from, rows[i], c);

				if (cell->kind == CELL_INT && money_add(sum, cell->value, &sum) != 0)
					return -1;
			}
			rc = out_add_int(to, sum);
		} else {
			rc = out_add_null(to);
		}
		if (rc != 0)
			return -1;
	}
	return 0;
}

struct out_table *out_table_select(const struct out_table *t, out_row_keep keep,
				   void *arg, int sort_col, int descending)
{
	size_t nrows = out_row_count(t), nkept = 0, first_total = SIZE_MAX;
	size_t *kept = calloc(nrows + 1, sizeof(*kept));
	struct out_table *to = out_table_new(t->cols, t->ncols);
	int ok = kept && to, dropped = 0;

	for (size_t r = 0; ok && r < nrows; r++) {
		if (is_total_row(t, r)) {
			if (first_total == SIZE_MAX)
				first_total = r;
		} else if (keep(t, r, arg)) {
			kept[nkept++] = r;
		} else {
			dropped = 1;
		}
	}
	if (ok && sort_col >= 0 && (size_t)sort_col < t->ncols) {
		struct sort_key k = { t, (size_t)sort_col, descending };

		sort_rows(kept, nkept, &k);
	}
	for (size_t i = 0; ok && i < nkept; i++)
		ok = copy_row(to, t, kept[i]) == 0;
	if (ok && first_total != SIZE_MAX && dropped)
		ok = add_new_total(to, t, kept, nkept, first_total) == 0;
	for (size_t r = first_total; ok && !dropped && r < nrows; r++)
		if (is_total_row(t, r)) {
			out_mark_total(to);
			ok = copy_row(to, t, r) == 0;
		}
	free(kept);
	if (!ok) {
		out_table_free(to);
		return NULL;
	}
	if (t->prio && (to->prio = malloc(t->ncols)) != NULL)
		memcpy(to->prio, t->prio, t->ncols);
	return to;
}
