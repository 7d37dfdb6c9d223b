/* output.h - the only place that formats results for people or machines.
 *
 * A command fills an out_table (typed columns, rows of cells) and prints it
 * in the format the user chose:
 *   table   aligned columns, German formats ("1.234,56 €", "31.12.2025",
 *           "85,00 %", "ja"/"nein"), numbers right-aligned, width counted
 *           in terminal columns (combining marks take none), a rule line
 *           above a total row, no trailing spaces; tab and line breaks in
 *           text are shown as spaces, other control characters (C0, DEL,
 *           C1) and bidi controls as "\x{1B}", bytes that are not UTF-8
 *           as U+FFFD, so stored text cannot steer the terminal;
 *   csv     RFC 4180 (comma, CRLF-free "\n" lines, quotes doubled, fields
 *           with control characters quoted), header
 *           row of column keys, plain numbers "1234.56", ISO dates,
 *           booleans "true"/"false";
 *   csv-de  what German Excel opens with a double-click: UTF-8 BOM,
 *           semicolon, decimal comma without thousands separator, German
 *           dates, "ja"/"nein", header row of labels;
 *           (csv and csv-de: text cells a spreadsheet would take for a
 *           formula get a leading single quote, see
 *           out_could_start_formula);
 *   json    an array of objects keyed by column key, one object per line,
 *           total rows left out (money as exact decimal strings "1234.56";
 *           numbers as JSON numbers: rates 85.00, ints;
 *           booleans true/false; NULL as null; text escaped including
 *           control characters, DEL, C1, bidi controls and U+2028/9,
 *           other UTF-8 passed through).
 * Bytes that are not UTF-8 are written as U+FFFD in every format.
 * NULL cells are empty in table and csv. Text added to a numeric column is
 * printed as it is (a string in json); a DATE that is not valid ISO text is
 * shown unchanged.
 */
#ifndef FT_OUTPUT_H
#define FT_OUTPUT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

enum out_format { OUT_TABLE, OUT_CSV, OUT_CSV_DE, OUT_JSON };

/* Parses "table", "csv", "csv-de", "json"; returns -1 when unknown. */
int out_format_parse(const char *name, enum out_format *out);

enum out_type {
	OUT_TEXT,  /* UTF-8 text */
	OUT_INT,   /* integer, plain digits (years, numbers) */
	OUT_COUNT, /* integer count: "586.852" in tables, plain digits elsewhere */
	OUT_MONEY, /* integer cents */
	OUT_DATE,  /* ISO date text */
	OUT_RATE,  /* integer basis points */
	OUT_BOOL,  /* 0/1: "ja"/"nein" in tables, true/false in json */
	OUT_DAYS   /* integer day count, shown with its sign in tables */
};

/* Which columns a table too wide for the terminal drops first (see
 * out_set_table_width). AUTO: never the first column; text and date
 * columns before numbers, the rightmost first. */
enum out_priority { OUT_PRIO_AUTO = 0, OUT_PRIO_KEEP, OUT_PRIO_LOW };

struct out_column {
	const char *key;   /* csv header and json key, e.g. "approved" */
	const char *label; /* table header, e.g. "Bewilligt" */
	enum out_type type;
};

struct out_table;
struct word_enum;

/* Tables and csv-de in German show the German word of an enumeration's
 * code (issue 15: "laufend", not "running") in every text column whose key
 * is key; csv and json keep the code for scripts, English keeps the code.
 * A value that is not a code of words is shown as it is. At most 16 keys;
 * words must outlive the program's output. */
void out_set_code_words(const char *key, const struct word_enum *words);

/* Creates a table with ncols columns; cols must outlive the table.
 * Returns NULL when out of memory. */
struct out_table *out_table_new(const struct out_column *cols, size_t ncols);
void out_table_free(struct out_table *t);

/* Appends the next cell of the current row; after ncols cells a new row
 * starts. Text is copied. Returns 0 or -1 when out of memory. */
int out_add_text(struct out_table *t, const char *text); /* NULL = null */
int out_add_int(struct out_table *t, int64_t value);     /* INT/MONEY/RATE/BOOL/DAYS */
int out_add_null(struct out_table *t);

/* Sets how early column col is left out of a table too wide for the
 * terminal (the default is OUT_PRIO_AUTO). */
void out_set_priority(struct out_table *t, size_t col, enum out_priority prio);

/* Marks the row about to be added as a total row (rule line above it in
 * tables, one rule above consecutive total rows; in csv/json a normal
 * row). Called in the middle of a row, it marks that row. */
void out_mark_total(struct out_table *t);

/* Counts an incomplete last row too; its missing cells print as null. */
size_t out_row_count(const struct out_table *t);

/* ---- selecting and ordering rows (the CLI's filters, --sort) ---- */

/* The index of the column with key, or -1. */
int out_column_index(const struct out_table *t, const char *key);

/* The index of the first column of type, or -1. */
int out_column_of_type(const struct out_table *t, enum out_type type);

enum { OUT_CELL_BUF = 48 };

/* A cell as the csv format writes it (codes, ISO dates, "1234.56"), ""
 * for null; buf holds numbers. */
const char *out_cell_plain(const struct out_table *t, size_t row, size_t col,
			   char buf[OUT_CELL_BUF]);

/* 1 when row is a total row. */
int out_is_total_row(const struct out_table *t, size_t row);

/* A new table with the rows of t for which keep() returns 1, in the order
 * of the column sort_col (-1: as they are; descending when descending is
 * set; stable; nulls last), total rows at the end. When rows were left
 * out, the total rows become one total row that sums the kept rows'
 * amounts and counts (other cells empty), since the old sums would be
 * wrong. NULL when out of memory or a sum overflows. */
typedef int (*out_row_keep)(const struct out_table *t, size_t row, void *arg);
struct out_table *out_table_select(const struct out_table *t, out_row_keep keep,
				   void *arg, int sort_col, int descending);

/* One block of a printed result. With record=1 the table's first row is
 * printed as "Label: value" lines (table), as one JSON object (json; null
 * without rows) or as header plus that one row (csv). */
struct out_section {
	const char *key;   /* json key when several sections are printed */
	const char *title; /* heading in table format, may be NULL */
	const struct out_table *table;
	int record;
};

/* Prints sections in order. json: one section -> its array/object; several
 * -> an object {key: ...}. table: title, table, blank line between
 * sections; an empty table prints "(keine Einträge)". csv: each section's
 * rows, a blank line between sections (csv-de: one BOM at the start).
 * Flushes f; returns 0, or -1 when writing to f failed (fflush/ferror). */
int out_print(const struct out_section *sections, size_t n,
	      enum out_format fmt, FILE *f);

/* The table format's width limit in terminal columns; 0 (the default):
 * none, every table prints at its natural width. With a limit, a wider
 * table wraps its text columns (and headers) onto several lines and, if
 * that is not enough, leaves out columns and says which below it
 * (table_fit.h). The CLI sets the terminal's width when standard output
 * is a terminal and --wide is not given, so piped output never changes. */
void out_set_table_width(size_t columns);

/* Convenience: prints one table as a list. */
int out_print_table(const struct out_table *t, enum out_format fmt, FILE *f);

/* 1 when a spreadsheet would take text for a formula: it starts with
 * = + - @, a tab or a carriage return (OWASP, "CSV Injection";
 * =HYPERLINK(...) becomes a live link, =WEBSERVICE(...) sends data away).
 * csv and csv-de write such text cells with a leading "'", which keeps
 * them text; import-csv drops that quote again. */
int out_could_start_formula(const char *text);

/* Writes text as the table format shows it (control and bidi characters
 * as "\x{1B}", bytes that are not UTF-8 as U+FFFD), line feeds kept: for
 * messages that may quote data from a file or the database. */
void out_put_visible(FILE *f, const char *text);

/* Writes text as a JSON string literal with quotes; NULL writes null. */
void out_json_string(FILE *f, const char *text);

#endif
