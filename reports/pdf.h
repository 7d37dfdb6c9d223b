/* pdf.h - the libharu layer: A4 documents in DejaVu Sans with UTF-8 text.
 *
 * A report is laid out by a callback that pdf_render runs under one setjmp:
 * any libharu error (and any pdf_fail from the layout) jumps back there, the
 * half-made document is freed and pdf_render returns -1 with err filled.
 * So a layout callback must own no heap memory of its own while it runs:
 * load the figures first, lay them out second. All text passed in must be
 * UTF-8; invalid sequences are shown as U+FFFD and control characters as
 * spaces, so nothing malformed reaches the PDF.
 *
 * Every page gets a header (report, city, date) and a footer "Seite X von
 * Y": the layout runs first, the headers and footers are drawn on all pages
 * at the end when the page count is known. The file is written to a
 * temporary file in the target directory and renamed into place only when
 * complete, so a failure (a full disk) never leaves a partial PDF.
 */
#ifndef FT_PDF_H
#define FT_PDF_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <hpdf.h>

#include "error.h"

struct pdf_doc;

/* Words the layer prints itself (the caller's language). */
struct pdf_words {
	const char *page;      /* "Seite" */
	const char *of;        /* "von" */
	const char *continued; /* "(Fortsetzung)" after a repeated table caption */
};

struct pdf_setup {
	const char *title;   /* PDF title and the header's first part */
	const char *subject; /* PDF subject */
	const char *author;  /* PDF author */
	const char *city;    /* header, may be NULL */
	const char *date;    /* header, already formatted for display */
	const char *font;    /* --font DIR or FILE, NULL: the system's DejaVu Sans */
	time_t created;      /* creation date (see pdf_creation_time) */
	struct pdf_words words;
	const char *lang;    /* the document's language (BCP 47, "de-DE"), NULL: none */
	const char *keywords;/* PDF keywords, may be NULL */
};

/* The creation date: $SOURCE_DATE_EPOCH when set (reproducible builds),
 * else now. An invalid $SOURCE_DATE_EPOCH is an error. */
int pdf_creation_time(time_t *out, struct ft_error *err);

/* Finds the regular and bold TrueType files. font is NULL (search the
 * usual directories of Debian's fonts-dejavu-core and others), a directory
 * (holding DejaVuSans.ttf and, if present, DejaVuSans-Bold.ttf) or a .ttf
 * file (its sibling NAME-Bold.ttf is used for bold when present, else the
 * file itself). Checks the files exist and are TrueType. */
enum { PDF_PATH_MAX = 4096 };
int pdf_find_fonts(const char *font, char regular[PDF_PATH_MAX], char bold[PDF_PATH_MAX],
		   struct ft_error *err);

/* Lays out a document with layout(doc, arg) and writes it to path; *pages
 * (may be NULL) gets the page count. Returns 0, or -1 with err (nothing is left at path then; an existing file
 * there is kept). path must not name something other than a regular file. */
typedef void (*pdf_layout_fn)(struct pdf_doc *doc, void *arg);
int pdf_render(const struct pdf_setup *setup, pdf_layout_fn layout, void *arg,
	       const char *path, int *pages, struct ft_error *err);

/* Aborts the layout: pdf_render returns -1 with this message. */
_Noreturn void pdf_fail(struct pdf_doc *doc, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Number of pages laid out so far. */
int pdf_page_count(const struct pdf_doc *doc);

/* ---- flowing content ----------------------------------------------------
 * The cursor runs from the top of the text area downwards; a block that
 * does not fit on the rest of the page starts a new page. */

/* The typesetting roles. Their sizes are fixed in one table in pdf.c (the
 * house rules: body text at least 9 pt, table text at least 8 pt, amounts
 * never shrunk); a size argument of 0 below means "the role's size". */
enum pdf_style {
	PDF_BODY,    /* 9.5 pt */
	PDF_SMALL,   /* 8 pt: notes under tables, header and footer */
	PDF_STRONG,  /* 9.5 pt bold */
	PDF_TITLE,   /* 20 pt bold, the title on page 1 */
	PDF_SUBTITLE,/* 12 pt */
	PDF_H1,      /* 14 pt bold, a section */
	PDF_H2,      /* 11 pt bold, a sub-section */
	PDF_LABEL,   /* 7.5 pt: chart labels and legends */
	PDF_TICK,    /* 7 pt: chart axis ticks */
	PDF_VALUE,   /* 6.5 pt: figures in and above bars, labels in timelines */
	PDF_VALUE_STRONG, /* 6.5 pt bold */
	PDF_FIGURE,  /* 15 pt bold: a headline figure on the summary page */
	PDF_NSTYLES
};

/* The size in points of a role. */
float pdf_style_size(enum pdf_style style);

/* In a table, right-aligned cells (PDF_RIGHT, PDF_AMOUNT) are never shrunk
 * and never wrapped; a PDF_AMOUNT column is also at least as wide as
 * PDF_WIDEST_AMOUNT (the room is taken from the text columns). Outside
 * tables PDF_AMOUNT is PDF_RIGHT. */
enum pdf_align { PDF_LEFT, PDF_RIGHT, PDF_CENTER, PDF_AMOUNT };

void pdf_new_page(struct pdf_doc *doc);
/* Starts a new page unless height points are left on this one. */
void pdf_need(struct pdf_doc *doc, float height);
void pdf_space(struct pdf_doc *doc, float height);

/* A section heading with a bookmark in the outline (level 1 sections,
 * level 2 sections nested under the last level 1). It starts a new page
 * unless keep points are left below the heading. */
void pdf_heading(struct pdf_doc *doc, int level, const char *text, float keep);

/* Reserves room at the cursor for a table of contents: the level 1
 * headings that follow are listed there with their page numbers when the
 * document is finished (at most max_entries of them). Each entry links to
 * its section (a link annotation over the line). */
void pdf_contents(struct pdf_doc *doc, const char *title, int max_entries);

/* A bookmark to the current position without a printed heading. */
void pdf_bookmark(struct pdf_doc *doc, int level, const char *text);

/* A paragraph that wraps at the text width and flows across pages. */
void pdf_paragraph(struct pdf_doc *doc, enum pdf_style style, const char *text);

/* ---- tables -------------------------------------------------------------
 * Columns have relative widths scaled to the text width. A row as high as
 * its tallest wrapped cell; rows never split; a new page repeats the caption
 * (marked continued) and the header row. */

struct pdf_column;
/* Draws a cell itself (e.g. a small bar) in the box x, y (bottom), w, h. */
typedef void (*pdf_cell_fn)(struct pdf_doc *doc, const void *row_data, float x, float y,
			    float w, float h);

struct pdf_column {
	const char *label;
	float weight;         /* relative width */
	enum pdf_align align; /* PDF_AMOUNT for amounts, PDF_RIGHT for other numbers */
	pdf_cell_fn draw;     /* NULL: the cell is the row's text */
};

/* What a PDF_AMOUNT column keeps room for (about 100 million euros). */
#define PDF_WIDEST_AMOUNT "-99.999.999,99 €"

enum pdf_table_flags {
	PDF_TABLE_HEADER = 1, /* print the header row */
	PDF_TABLE_ZEBRA = 2,  /* shade every other row */
	PDF_TABLE_SMALL = 4   /* 8 pt text for wide tables (instead of 8.5 pt) */
};

/* The next table has about rows one-line rows: it starts on a new page
 * unless they all fit on this one (tables longer than a page just start).
 * Without it a table starts on a new page unless its caption, header and
 * first three rows fit (no orphaned header). */
void pdf_table_keep(struct pdf_doc *doc, int rows);
/* The widest amount the next table shows (formatted, e.g. its largest
 * total): its PDF_AMOUNT columns get that width instead of
 * PDF_WIDEST_AMOUNT's, leaving more room to the text columns. */
void pdf_table_amounts(struct pdf_doc *doc, const char *widest);
/* The next table's column col shows text: the column gets at least the
 * width of text's longest word, taken from columns with room to spare, so
 * a word is broken inside only when the page is too narrow ("Kommun-e",
 * "Wohnungsnotfallhilf-e" before). A PDF_AMOUNT column given its values
 * gets the width of the widest of them instead of pdf_table_amounts' or
 * PDF_WIDEST_AMOUNT's. Call it for each value before pdf_table_begin. */
void pdf_table_word(struct pdf_doc *doc, size_t col, const char *text);
/* The height a table with flags keeps together: caption, a header of two
 * lines and rows (at least three) one-line rows when that fits a page,
 * else three rows.
 * What a heading keeps with it so that it does not stay behind alone when
 * the table moves to the next page. */
float pdf_table_need(const struct pdf_doc *doc, int rows, int flags);
/* Starts a table; cols must live until pdf_table_end. caption may be NULL. */
void pdf_table_begin(struct pdf_doc *doc, const char *caption, const struct pdf_column *cols,
		     size_t ncols, int flags);
/* One row: cells[i] is the text of column i (NULL = empty); row_data is
 * handed to columns that draw themselves. */
void pdf_table_row(struct pdf_doc *doc, const char *const *cells, const void *row_data);
/* A bold row under a rule (sums). */
void pdf_table_total(struct pdf_doc *doc, const char *const *cells);
void pdf_table_end(struct pdf_doc *doc);

/* ---- drawing, for charts ------------------------------------------------ */

HPDF_Page pdf_page(struct pdf_doc *doc);
float pdf_left(const struct pdf_doc *doc);
float pdf_width(const struct pdf_doc *doc);
/* The cursor: the top of the free space on the current page. */
float pdf_cursor(const struct pdf_doc *doc);
/* Space left below the cursor on this page, and on an empty page. */
float pdf_room(const struct pdf_doc *doc);
float pdf_page_room(const struct pdf_doc *doc);
/* Moves the cursor down by height (after drawing a block there). */
void pdf_advance(struct pdf_doc *doc, float height);

/* Text on one line with its baseline at y: align says whether x is its left
 * end, right end or centre. Returns the width drawn. */
float pdf_text(struct pdf_doc *doc, float x, float y, enum pdf_style style, float size,
	       enum pdf_align align, const char *text);
float pdf_text_width(struct pdf_doc *doc, enum pdf_style style, float size, const char *text);
/* The colour of text drawn from now on (black by default). */
void pdf_text_color(struct pdf_doc *doc, float r, float g, float b);
/* The word that marks a repeated caption, "(Fortsetzung)". */
const char *pdf_continued(const struct pdf_doc *doc);
/* Like pdf_text, but shortens the text with "…" to fit max_width. */
float pdf_text_fit(struct pdf_doc *doc, float x, float y, enum pdf_style style, float size,
		   enum pdf_align align, float max_width, const char *text);

#endif
