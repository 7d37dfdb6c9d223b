/* pdf.c - documents, fonts, wrapped text and tables on top of libharu. */
#include "pdf.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <hpdf_objects.h>
#include <hpdf_streams.h>

#include "atomic_file.h"
#include "msg_lang.h"
#include "utf8.h"
#include "vec.h"

/* A4 portrait in points, and the text area inside the margins. */
#define PAGE_W 595.276f
#define PAGE_H 841.89f
#define MARGIN_X 50.0f
#define TEXT_TOP (PAGE_H - 72.0f)
#define TEXT_BOTTOM 62.0f
#define HEADER_BASE (PAGE_H - 40.0f)
#define FOOTER_BASE 34.0f

#define CELL_PAD_X 3.0f
#define CELL_PAD_Y 2.5f
/* Table text: the house rule is at least 8 pt, for every cell alike. */
#define TABLE_SIZE 8.5f
#define TABLE_SIZE_SMALL 8.0f
/* A text column never gets narrower than this when amount columns take room. */
#define MIN_TEXT_COLUMN 36.0f

enum { MAX_COLUMNS = 16, SCRATCH_SLOTS = 2 };

/* how messages about the output file name it (atomic_file.h) */
#define PDF_WHAT "the PDF to "

struct style_spec {
	int bold;
	float size;
	float leading;
	float space_after;
};

/* The one table of type sizes (pdf.h names the roles): body 9.5 pt, notes
 * 8 pt, tables 8.5 / 8 pt (TABLE_SIZE above), charts 7.5 / 7 / 6.5 pt. */
static const struct style_spec styles[PDF_NSTYLES] = {
	[PDF_BODY] = { 0, 9.5f, 12.5f, 4.0f },
	[PDF_SMALL] = { 0, 8.0f, 10.0f, 3.0f },
	[PDF_STRONG] = { 1, 9.5f, 12.5f, 4.0f },
	[PDF_TITLE] = { 1, 20.0f, 25.0f, 6.0f },
	[PDF_SUBTITLE] = { 0, 12.0f, 15.0f, 4.0f },
	[PDF_H1] = { 1, 14.0f, 18.0f, 6.0f },
	[PDF_H2] = { 1, 11.0f, 14.0f, 4.0f },
	[PDF_LABEL] = { 0, 7.5f, 9.5f, 2.0f },
	[PDF_TICK] = { 0, 7.0f, 9.0f, 2.0f },
	[PDF_VALUE] = { 0, 6.5f, 8.5f, 2.0f },
	[PDF_VALUE_STRONG] = { 1, 6.5f, 8.5f, 2.0f },
	[PDF_FIGURE] = { 1, 15.0f, 18.0f, 2.0f },
};

float pdf_style_size(enum pdf_style style)
{
	return styles[style].size;
}

struct scratch {
	char *buf;
	size_t cap;
};

struct table_state {
	const struct pdf_column *cols;
	size_t ncols;
	int flags;
	const char *caption;
	float x[MAX_COLUMNS]; /* left edge of each column */
	float w[MAX_COLUMNS];
	size_t rows;          /* rows drawn, for the zebra shading */
	int open;
};

struct toc_entry {
	char title[160];
	int page;  /* 1-based */
	float top; /* where the section starts on its page, for the link */
};

/* The table of contents: where it goes and what it lists. */
struct toc {
	int page; /* 0-based page index; -1 when there is none */
	float top;
	char title[160];
	struct toc_entry *entries;
	int n, max;
};

struct pdf_doc {
	const struct pdf_setup *setup;
	HPDF_Doc pdf;
	HPDF_Font regular, bold;
	HPDF_Encoder utf8;
	jmp_buf jump;
	struct ft_error err;
	char doing[PDF_PATH_MAX + 64]; /* what was going on, for libharu's errors */
	HPDF_Page page;
	int npages;
	float y;
	HPDF_Outline section; /* the last level 1 bookmark */
	int loading_font;
	float text_rgb[3];
	int has_outline;
	struct table_state table;
	int keep_rows; /* rows the next table should keep together */
	char widest_amount[64]; /* for the next table's amount columns, "" = default */
	float word_em[MAX_COLUMNS]; /* the next table's longest words, width at 1 pt */
	float text_em[MAX_COLUMNS]; /* its widest whole values (for amounts), at 1 pt */
	struct toc toc;
	struct scratch scratch[SCRATCH_SLOTS];
	struct scratch line;
	unsigned char *bytes; /* the finished PDF, read from libharu's stream */
	size_t nbytes;
};

/* ---- errors -------------------------------------------------------------- */

static const char *hpdf_reason(HPDF_STATUS code)
{
	switch (code) {
	case HPDF_FAILD_TO_ALLOC_MEM:
		return "out of memory";
	case HPDF_FILE_IO_ERROR:
	case HPDF_FILE_OPEN_ERROR:
		return "file input/output failed";
	case HPDF_TTF_CANNOT_EMBEDDING_FONT:
		return "the font's licence forbids embedding it";
	case HPDF_ZLIB_ERROR:
		return "compression failed";
	default:
		return "internal error of the PDF library";
	}
}

static void on_hpdf_error(HPDF_STATUS code, HPDF_STATUS detail, void *user)
{
	struct pdf_doc *doc = user;
	const char *reason = hpdf_reason(code);

	/* Whatever libharu stumbles over in a font file means the same to a user. */
	if (doc->loading_font && code != HPDF_FAILD_TO_ALLOC_MEM &&
	    code != HPDF_TTF_CANNOT_EMBEDDING_FONT)
		reason = "the font file is damaged or not a usable TrueType font";
	ft_fail(&doc->err, "cannot make the PDF while %s: %s (libharu error 0x%04X, detail %u)",
		doc->doing, reason, (unsigned)code, (unsigned)detail);
	longjmp(doc->jump, 1);
}

void pdf_fail(struct pdf_doc *doc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(doc->err.msg, sizeof(doc->err.msg), tr(fmt), ap);
	doc->err.id = msg_id(fmt);
	va_end(ap);
	longjmp(doc->jump, 1);
}

static char *reserve(struct pdf_doc *doc, struct scratch *s, size_t need)
{
	if (VEC_RESERVE(s->buf, s->cap, need))
		pdf_fail(doc, "out of memory while laying out the PDF");
	return s->buf;
}

/* A copy of text (NULL = "") in scratch slot: invalid UTF-8 becomes U+FFFD,
 * control and bidi characters become spaces (newlines stay when
 * keep_newlines). */
static const char *clean_text(struct pdf_doc *doc, int slot, const char *text, int keep_newlines)
{
	size_t len = text ? strlen(text) : 0, o = 0;
	/* U+FFFD takes 3 bytes for each bad byte at worst. */
	char *out = reserve(doc, &doc->scratch[slot], len * 3 + 1);

	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t n = utf8_decode(text + i, len - i, &cp);

		if (n == 0) {
			memcpy(out + o, UTF8_REPLACEMENT, 3);
			o += 3;
			i++;
		} else if (cp == '\n' && keep_newlines) {
			out[o++] = '\n';
			i++;
		} else if (utf8_is_control(cp) || utf8_is_bidi_control(cp)) {
			out[o++] = ' ';
			i += n;
		} else {
			memcpy(out + o, text + i, n);
			o += n;
			i += n;
		}
	}
	out[o] = '\0';
	return out;
}

/* ---- measuring and wrapping ----------------------------------------------- */

static HPDF_Font font_of(const struct pdf_doc *doc, enum pdf_style style)
{
	return styles[style].bold ? doc->bold : doc->regular;
}

static float size_or_default(enum pdf_style style, float size)
{
	return size > 0 ? size : styles[style].size;
}

static float width_of(HPDF_Font font, float size, const char *text, size_t len)
{
	HPDF_TextWidth tw;

	if (len == 0)
		return 0;
	tw = HPDF_Font_TextWidth(font, (const HPDF_BYTE *)text, (HPDF_UINT)len);
	return (float)tw.width * size / 1000.0f;
}

/* Bytes of the word [p, end) that fit width when it cannot fit whole: after
 * the last '-' or '/' that fits, else at the last character that fits, but
 * always at least one character so that wrapping makes progress. */
static size_t split_word(HPDF_Font font, float size, float width, const char *p, const char *end)
{
	size_t fit = 0, after_dash = 0;
	float w = 0;

	while (p + fit < end) {
		size_t n = utf8_next(p + fit, (size_t)(end - p) - fit);

		w += width_of(font, size, p + fit, n);
		if (w > width && fit > 0)
			break;
		fit += n;
		if ((p[fit - 1] == '-' || p[fit - 1] == '/') && p + fit < end)
			after_dash = fit;
	}
	return after_dash ? after_dash : fit;
}

static int is_break(char c)
{
	return c == ' ' || c == '\n' || c == '\0';
}

/* Whether the space at sp joins a number to its unit ("10 %", "1.234,56 €",
 * "12 Tage"): the line never breaks there, so no unit starts a line. The
 * text keeps its plain space (copying and searching find "10 %"). */
static int glued_space(const char *sp)
{
	static const char *const units[] = { "%", "€", "Pp.", "Mio.", "Tsd.", "Tag", "Monat",
					     "Jahr", "Woche", "Einw.", "day", "month", "year",
					     "week", "FTE", "VZÄ" };
	char before = sp[-1];

	if (*sp != ' ' || before < '0' || before > '9')
		return 0;
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (strncmp(sp + 1, units[i], strlen(units[i])) == 0)
			return 1;
	return 0;
}

/* The next line of the cleaned text at *pos that fits width: *start and
 * *len give the line without surrounding spaces, *pos moves past it.
 * Returns 0 when no text is left. A word wider than the line is broken
 * inside (libharu's own MeasureText would return 0 and never progress). */
static int next_line(HPDF_Font font, float size, float width, const char **pos,
		     const char **start, size_t *len)
{
	const char *p = *pos, *q, *fit_end = NULL;

	while (*p == ' ')
		p++;
	if (!*p)
		return 0;
	*start = p;
	if (*p == '\n') {
		*len = 0;
		*pos = p + 1;
		return 1;
	}
	for (q = p;;) {
		const char *word_end = q;

		/* word_end > p whenever it stops at a space, so sp[-1] exists */
		while (!is_break(*word_end) || (word_end > p && glued_space(word_end)))
			word_end++;
		if (width_of(font, size, p, (size_t)(word_end - p)) > width) {
			if (fit_end) {
				*len = (size_t)(fit_end - p);
				*pos = fit_end;
			} else {
				*len = split_word(font, size, width, p, word_end);
				*pos = p + *len;
			}
			return 1;
		}
		fit_end = word_end;
		for (q = word_end; *q == ' '; q++)
			;
		if (*q == '\0' || *q == '\n') {
			*len = (size_t)(fit_end - p);
			*pos = *q ? q + 1 : q;
			return 1;
		}
	}
}

static int count_lines(HPDF_Font font, float size, float width, const char *text)
{
	const char *pos = text, *start;
	size_t len;
	int n = 0;

	while (next_line(font, size, width, &pos, &start, &len))
		n++;
	return n;
}

/* ---- drawing text --------------------------------------------------------- */

/* The baseline of a line of text in the box [bottom, bottom + leading]:
 * descent below, the rest of the leading shared above and below. */
static float baseline(float bottom, float size, float leading)
{
	return bottom + 0.24f * size + (leading - 1.2f * size) / 2;
}

static void show(struct pdf_doc *doc, HPDF_Page page, HPDF_Font font, float size, float x,
		 float y, const char *text, size_t len)
{
	char *line = reserve(doc, &doc->line, len + 1);

	memcpy(line, text, len);
	line[len] = '\0';
	HPDF_Page_BeginText(page);
	HPDF_Page_SetRGBFill(page, doc->text_rgb[0], doc->text_rgb[1], doc->text_rgb[2]);
	HPDF_Page_SetFontAndSize(page, font, size);
	HPDF_Page_TextOut(page, x, y, line);
	HPDF_Page_EndText(page);
}

static float aligned_x(float x, float width, enum pdf_align align)
{
	if (align == PDF_RIGHT || align == PDF_AMOUNT)
		return x - width;
	if (align == PDF_CENTER)
		return x - width / 2;
	return x;
}

/* Draws on page (not necessarily the current one: headers are drawn last). */
static float text_on(struct pdf_doc *doc, HPDF_Page page, float x, float y, enum pdf_style style,
		     float size, enum pdf_align align, float max_width, const char *text)
{
	HPDF_Font font = font_of(doc, style);
	const char *s = clean_text(doc, 0, text, 0);
	size_t len = strlen(s);
	float w;

	size = size_or_default(style, size);
	w = width_of(font, size, s, len);
	if (max_width > 0 && w > max_width) {
		/* Shorten at a character boundary and add an ellipsis. */
		float room = max_width - width_of(font, size, "…", strlen("…"));
		char *cut = reserve(doc, &doc->scratch[1], len + 4);

		len = room > 0 ? split_word(font, size, room, s, s + len) : 0;
		memcpy(cut, s, len);
		memcpy(cut + len, "…", strlen("…") + 1);
		s = cut;
		len = strlen(cut);
		w = width_of(font, size, s, len);
	}
	show(doc, page, font, size, aligned_x(x, w, align), y, s, len);
	return w;
}

float pdf_text(struct pdf_doc *doc, float x, float y, enum pdf_style style, float size,
	       enum pdf_align align, const char *text)
{
	return text_on(doc, doc->page, x, y, style, size, align, 0, text);
}

float pdf_text_fit(struct pdf_doc *doc, float x, float y, enum pdf_style style, float size,
		   enum pdf_align align, float max_width, const char *text)
{
	return text_on(doc, doc->page, x, y, style, size, align, max_width, text);
}

void pdf_text_color(struct pdf_doc *doc, float r, float g, float b)
{
	doc->text_rgb[0] = r;
	doc->text_rgb[1] = g;
	doc->text_rgb[2] = b;
}

const char *pdf_continued(const struct pdf_doc *doc)
{
	return doc->setup->words.continued;
}

float pdf_text_width(struct pdf_doc *doc, enum pdf_style style, float size, const char *text)
{
	const char *s = clean_text(doc, 0, text, 0);

	return width_of(font_of(doc, style), size_or_default(style, size), s, strlen(s));
}

static void fill_box(HPDF_Page page, float gray, float x, float y, float w, float h)
{
	HPDF_Page_SetGrayFill(page, gray);
	HPDF_Page_Rectangle(page, x, y, w, h);
	HPDF_Page_Fill(page);
	HPDF_Page_SetGrayFill(page, 0);
}

static void rule(HPDF_Page page, float width, float x0, float x1, float y)
{
	HPDF_Page_SetLineWidth(page, width);
	HPDF_Page_MoveTo(page, x0, y);
	HPDF_Page_LineTo(page, x1, y);
	HPDF_Page_Stroke(page);
}

/* ---- pages and flow ------------------------------------------------------- */

void pdf_new_page(struct pdf_doc *doc)
{
	snprintf(doc->doing, sizeof(doc->doing), "laying out page %d", doc->npages + 1);
	doc->page = HPDF_AddPage(doc->pdf);
	HPDF_Page_SetSize(doc->page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
	doc->npages++;
	doc->y = TEXT_TOP;
}

int pdf_page_count(const struct pdf_doc *doc)
{
	return doc->npages;
}

HPDF_Page pdf_page(struct pdf_doc *doc)
{
	return doc->page;
}

float pdf_left(const struct pdf_doc *doc)
{
	(void)doc;
	return MARGIN_X;
}

float pdf_width(const struct pdf_doc *doc)
{
	(void)doc;
	return PAGE_W - 2 * MARGIN_X;
}

float pdf_cursor(const struct pdf_doc *doc)
{
	return doc->y;
}

float pdf_room(const struct pdf_doc *doc)
{
	return doc->y - TEXT_BOTTOM;
}

float pdf_page_room(const struct pdf_doc *doc)
{
	(void)doc;
	return TEXT_TOP - TEXT_BOTTOM;
}

void pdf_advance(struct pdf_doc *doc, float height)
{
	doc->y -= height;
}

void pdf_need(struct pdf_doc *doc, float height)
{
	/* On a fresh page nothing is gained by another one. */
	if (doc->y - height < TEXT_BOTTOM && doc->y < TEXT_TOP)
		pdf_new_page(doc);
}

void pdf_space(struct pdf_doc *doc, float height)
{
	if (doc->y - height < TEXT_BOTTOM)
		pdf_new_page(doc);
	else if (doc->y < TEXT_TOP)
		doc->y -= height;
}

static void add_bookmark(struct pdf_doc *doc, int level, const char *text, float top)
{
	HPDF_Outline parent = level > 1 && doc->section ? doc->section : NULL;
	HPDF_Outline outline = HPDF_CreateOutline(doc->pdf, parent, clean_text(doc, 0, text, 0),
						  doc->utf8);
	HPDF_Destination dst = HPDF_Page_CreateDestination(doc->page);

	/* libharu refuses a null zoom ("keep"), so fit the width instead. */
	HPDF_Destination_SetFitH(dst, top);
	HPDF_Outline_SetDestination(outline, dst);
	if (level <= 1) {
		HPDF_Outline_SetOpened(outline, HPDF_TRUE);
		doc->section = outline;
		if (doc->toc.page >= 0 && doc->toc.n < doc->toc.max) {
			struct toc_entry *e = &doc->toc.entries[doc->toc.n++];

			snprintf(e->title, sizeof(e->title), "%s", clean_text(doc, 0, text, 0));
			e->page = doc->npages;
			e->top = top;
		}
	}
	doc->has_outline = 1;
}

void pdf_contents(struct pdf_doc *doc, const char *title, int max_entries)
{
	float height = 24 + 15.0f * (float)max_entries;

	if (max_entries <= 0 || doc->toc.page >= 0)
		return;
	doc->toc.entries = calloc((size_t)max_entries, sizeof(*doc->toc.entries));
	if (!doc->toc.entries)
		pdf_fail(doc, "out of memory while laying out the PDF");
	pdf_need(doc, height);
	doc->toc.page = doc->npages - 1;
	doc->toc.top = doc->y;
	doc->toc.max = max_entries;
	snprintf(doc->toc.title, sizeof(doc->toc.title), "%s", clean_text(doc, 0, title, 0));
	doc->y -= height;
}

/* A link annotation over rect to the start of entry's section, without a
 * border (PDF 32000-1:2008, 12.5.6.5). Its destination is its own object:
 * libharu owns an object added to a dictionary, so the outline's cannot be
 * shared. */
static void link_to(struct pdf_doc *doc, HPDF_Page page, HPDF_Rect rect,
		    const struct toc_entry *entry)
{
	HPDF_Page target = HPDF_GetPageByIndex(doc->pdf, (HPDF_UINT)(entry->page - 1));
	HPDF_Destination dst = HPDF_Page_CreateDestination(target);
	HPDF_Annotation link;

	HPDF_Destination_SetFitH(dst, entry->top);
	link = HPDF_Page_CreateLinkAnnot(page, rect, dst);
	HPDF_LinkAnnot_SetBorderStyle(link, 0, 0, 0);
}

/* Draws the table of contents reserved by pdf_contents. */
static void draw_contents(struct pdf_doc *doc)
{
	static const HPDF_UINT16 dots[] = { 1, 2 };
	const struct toc *t = &doc->toc;
	HPDF_Page page;
	float y, right = MARGIN_X + pdf_width(doc);

	if (t->page < 0)
		return;
	page = HPDF_GetPageByIndex(doc->pdf, (HPDF_UINT)t->page);
	y = t->top - styles[PDF_H2].leading;
	text_on(doc, page, MARGIN_X, y, PDF_H2, 0, PDF_LEFT, 0, t->title);
	y -= 8;
	for (int i = 0; i < t->n; i++) {
		char num[16];
		float w_title, w_num;

		y -= 15;
		snprintf(num, sizeof(num), "%d", t->entries[i].page);
		w_num = text_on(doc, page, right, y, PDF_BODY, 0, PDF_RIGHT, 0, num);
		w_title = text_on(doc, page, MARGIN_X, y, PDF_BODY, 0, PDF_LEFT,
				  pdf_width(doc) - w_num - 30, t->entries[i].title);
		HPDF_Page_SetDash(page, dots, 2, 0);
		HPDF_Page_SetGrayStroke(page, 0.45f);
		rule(page, 0.6f, MARGIN_X + w_title + 4, right - w_num - 4, y + 1);
		HPDF_Page_SetDash(page, NULL, 0, 0);
		HPDF_Page_SetGrayStroke(page, 0);
		link_to(doc, page, (HPDF_Rect){ MARGIN_X, y - 4, right, y + 10 }, &t->entries[i]);
	}
}

void pdf_bookmark(struct pdf_doc *doc, int level, const char *text)
{
	add_bookmark(doc, level, text, doc->y + 10);
}

void pdf_paragraph(struct pdf_doc *doc, enum pdf_style style, const char *text)
{
	const struct style_spec *sp = &styles[style];
	HPDF_Font font = font_of(doc, style);
	const char *s = clean_text(doc, 0, text, 1);
	const char *pos = s, *start;
	float width = pdf_width(doc);
	size_t len;

	while (next_line(font, sp->size, width, &pos, &start, &len)) {
		pdf_need(doc, sp->leading);
		doc->y -= sp->leading;
		show(doc, doc->page, font, sp->size, MARGIN_X, baseline(doc->y, sp->size, sp->leading),
		     start, len);
	}
	doc->y -= sp->space_after;
}

void pdf_heading(struct pdf_doc *doc, int level, const char *text, float keep)
{
	enum pdf_style style = level <= 1 ? PDF_H1 : PDF_H2;
	float before = level <= 1 ? 14.0f : 8.0f;
	const char *s = clean_text(doc, 0, text, 0);
	float height = (float)count_lines(font_of(doc, style), styles[style].size, pdf_width(doc), s) *
		       styles[style].leading;
	/* never less than a table's header and three rows: a heading does not
	 * stay behind at the foot of a page whatever follows it */
	float least = pdf_table_need(doc, 3, PDF_TABLE_HEADER);

	pdf_need(doc, before + height + styles[style].space_after + (keep > least ? keep : least));
	if (doc->y < TEXT_TOP)
		doc->y -= before;
	add_bookmark(doc, level, text, doc->y + 4);
	pdf_paragraph(doc, style, text);
}

/* ---- tables --------------------------------------------------------------- */

static float table_size(const struct table_state *t)
{
	return (t->flags & PDF_TABLE_SMALL) ? TABLE_SIZE_SMALL : TABLE_SIZE;
}

static float table_leading(const struct table_state *t)
{
	return table_size(t) * 1.22f;
}

/* Every cell of a table has the table's size: amounts in one column never
 * differ in size. A word too wide for its column is broken inside. */
static float cell_size(const struct pdf_doc *doc)
{
	return table_size(&doc->table);
}

/* A right-aligned body cell (an amount, a count) stays on one line. */
static int one_line(const struct table_state *t, size_t col, int header)
{
	return !header && (t->cols[col].align == PDF_RIGHT || t->cols[col].align == PDF_AMOUNT);
}

static int cell_lines(struct pdf_doc *doc, HPDF_Font font, size_t col, const char *text,
		      int header)
{
	const struct table_state *t = &doc->table;
	const char *s = clean_text(doc, 0, text, 1);

	if (!*s || one_line(t, col, header))
		return 1;
	return count_lines(font, cell_size(doc), t->w[col] - 2 * CELL_PAD_X, s);
}

/* The height of a row, its cells cut to *max_lines (what fits a page). */
static float row_height(struct pdf_doc *doc, HPDF_Font font, const char *const *cells,
			int *max_lines, int header)
{
	const struct table_state *t = &doc->table;
	int lines = 1;

	for (size_t c = 0; c < t->ncols; c++)
		if ((header || !t->cols[c].draw) && cells && cells[c]) {
			int n = cell_lines(doc, font, c, cells[c], header);

			if (n > lines)
				lines = n;
		}
	if (lines > *max_lines)
		lines = *max_lines;
	*max_lines = lines;
	return (float)lines * table_leading(t) + 2 * CELL_PAD_Y;
}

static void draw_cell(struct pdf_doc *doc, HPDF_Font font, size_t col, float top, int max_lines,
		      const char *text, int header)
{
	const struct table_state *t = &doc->table;
	const struct pdf_column *c = &t->cols[col];
	float lead = table_leading(t), inner = t->w[col] - 2 * CELL_PAD_X;
	const char *s = clean_text(doc, 0, text, 1);
	float size = cell_size(doc);
	const char *pos = s, *start;
	float y = top - CELL_PAD_Y;
	size_t len;
	int line = 0;

	if (one_line(t, col, header)) {
		float w = width_of(font, size, s, strlen(s));

		show(doc, doc->page, font, size, t->x[col] + t->w[col] - CELL_PAD_X - w,
		     baseline(y - lead, size, lead), s, strlen(s));
		return;
	}
	while (next_line(font, size, inner, &pos, &start, &len)) {
		float w, x;

		if (++line == max_lines && *pos) {
			/* The last line that fits the page: mark the cut. */
			char *cut = reserve(doc, &doc->scratch[1], len + 4);

			memcpy(cut, start, len);
			memcpy(cut + len, "…", strlen("…") + 1);
			start = cut;
			len = strlen(cut);
		}
		y -= lead;
		w = width_of(font, size, start, len);
		x = c->align == PDF_RIGHT || c->align == PDF_AMOUNT
			    ? t->x[col] + t->w[col] - CELL_PAD_X - w
		    : c->align == PDF_CENTER ? t->x[col] + (t->w[col] - w) / 2
					     : t->x[col] + CELL_PAD_X;
		show(doc, doc->page, font, size, x, baseline(y, size, lead), start, len);
		if (line == max_lines)
			break;
	}
}

static int lines_per_page(const struct pdf_doc *doc)
{
	const struct table_state *t = &doc->table;
	/* Leave room for the caption and a header of up to three lines. */
	float room = pdf_page_room(doc) - 20.0f - 3 * table_leading(t) - 4 * CELL_PAD_Y;

	return (int)(room / table_leading(t));
}

static void draw_row(struct pdf_doc *doc, HPDF_Font font, const char *const *cells,
		     const void *row_data, int max_lines, float height, float shade)
{
	const struct table_state *t = &doc->table;
	float top = doc->y;

	if (shade < 1.0f)
		fill_box(doc->page, shade, MARGIN_X, top - height, pdf_width(doc), height);
	for (size_t c = 0; c < t->ncols; c++) {
		if (t->cols[c].draw && row_data)
			t->cols[c].draw(doc, row_data, t->x[c] + CELL_PAD_X, top - height + CELL_PAD_Y,
					t->w[c] - 2 * CELL_PAD_X, height - 2 * CELL_PAD_Y);
		else if (cells && cells[c])
			draw_cell(doc, font, c, top, max_lines, cells[c], 0);
	}
	doc->y -= height;
}

static void draw_header(struct pdf_doc *doc, int continued)
{
	struct table_state *t = &doc->table;
	const char *labels[MAX_COLUMNS];
	int max_lines = 3;
	float h;

	if (t->caption) {
		char caption[512];

		snprintf(caption, sizeof(caption), "%s %s", t->caption,
			 continued ? doc->setup->words.continued : "");
		doc->y -= styles[PDF_STRONG].leading;
		text_on(doc, doc->page, MARGIN_X, doc->y + 3, PDF_STRONG, 0, PDF_LEFT,
			pdf_width(doc), caption);
		doc->y -= 3;
	}
	if (!(t->flags & PDF_TABLE_HEADER))
		return;
	for (size_t c = 0; c < t->ncols; c++)
		labels[c] = t->cols[c].label;
	h = row_height(doc, doc->bold, labels, &max_lines, 1);
	fill_box(doc->page, 0.82f, MARGIN_X, doc->y - h, pdf_width(doc), h);
	for (size_t c = 0; c < t->ncols; c++)
		draw_cell(doc, doc->bold, c, doc->y, max_lines, labels[c], 1);
	doc->y -= h;
	rule(doc->page, 0.6f, MARGIN_X, MARGIN_X + pdf_width(doc), doc->y);
}

void pdf_table_amounts(struct pdf_doc *doc, const char *widest)
{
	snprintf(doc->widest_amount, sizeof(doc->widest_amount), "%s", widest ? widest : "");
}

static float widest_word(HPDF_Font font, float size, const char *s)
{
	float widest = 0;

	while (s && *s) {
		size_t len = strcspn(s, " \n");
		float w = width_of(font, size, s, len);

		widest = w > widest ? w : widest;
		s += len;
		s += strspn(s, " \n");
	}
	return widest;
}

void pdf_table_word(struct pdf_doc *doc, size_t col, const char *text)
{
	float w;

	if (col >= MAX_COLUMNS || !text)
		return;
	w = widest_word(doc->regular, 1.0f, text);
	if (w > doc->word_em[col])
		doc->word_em[col] = w;
	w = width_of(doc->regular, 1.0f, text, strlen(text));
	if (w > doc->text_em[col])
		doc->text_em[col] = w;
}

/* The width column c cannot do without: its header's longest word (so no
 * header word is broken) and the widest value of a right-aligned column. */
static float column_need(struct pdf_doc *doc, const struct table_state *t, size_t c)
{
	const char *amount = doc->widest_amount[0] ? doc->widest_amount : PDF_WIDEST_AMOUNT;
	float need = (t->flags & PDF_TABLE_HEADER)
			     ? widest_word(doc->bold, table_size(t), t->cols[c].label)
			     : 0;

	/* Other right-aligned cells are counts, shares and dates: room for a
	 * share ("100,00 %"); dates get theirs from the column's weight. */
	const char *sample = t->cols[c].align == PDF_AMOUNT		  ? amount
			     : t->cols[c].align == PDF_RIGHT && !t->cols[c].draw ? "100,00 %"
									  : NULL;

	if (sample) {
		/* the regular face, and 3 % for the bold of a sum row; an amount
		 * column whose values were given (pdf_table_word) gets their width */
		float w = (t->cols[c].align == PDF_AMOUNT && doc->text_em[c] > 0
				   ? doc->text_em[c] * table_size(t)
				   : width_of(doc->regular, table_size(t), sample, strlen(sample))) *
			  1.03f;

		need = w > need ? w : need;
	}
	return need > 0 ? need + 2 * CELL_PAD_X + 1 : 0;
}

/* Columns get at least need[c], taken from the other columns in proportion
 * to the room they have above their own need (and above MIN_TEXT_COLUMN
 * for text). */
static void make_room(struct table_state *t, float *need)
{
	float missing = 0, spare = 0, grow;

	for (size_t c = 0; c < t->ncols; c++) {
		float floor = t->cols[c].align == PDF_AMOUNT || need[c] > MIN_TEXT_COLUMN
				      ? need[c]
				      : MIN_TEXT_COLUMN;

		if (need[c] > t->w[c])
			missing += need[c] - t->w[c];
		else if (t->w[c] > floor)
			spare += t->w[c] - floor;
		need[c] = floor;
	}
	if (missing <= 0 || spare <= 0)
		return;
	/* too wide for a portrait page: every needy column gets the same part */
	grow = missing > spare ? spare / missing : 1.0f;
	for (size_t c = 0; c < t->ncols; c++) {
		if (need[c] > t->w[c])
			t->w[c] += (need[c] - t->w[c]) * grow;
		else if (t->w[c] > need[c])
			t->w[c] -= (t->w[c] - need[c]) * missing * grow / spare;
	}
}

/* First the numbers (never wrapped), then the longest words of the text
 * columns (pdf_table_word) from what room is left: a long word may still
 * be broken, an amount never. */
static void make_room_for_widest(struct pdf_doc *doc, struct table_state *t)
{
	float need[MAX_COLUMNS], first[MAX_COLUMNS];

	for (size_t c = 0; c < t->ncols; c++)
		need[c] = first[c] = column_need(doc, t, c);
	make_room(t, need);
	for (size_t c = 0; c < t->ncols; c++) {
		int text = t->cols[c].align != PDF_AMOUNT && t->cols[c].align != PDF_RIGHT &&
			   !t->cols[c].draw;
		float word = doc->word_em[c] * table_size(t) + 2 * CELL_PAD_X + 1;

		if (text)
			need[c] = word > first[c] ? word : first[c];
		else /* keeps what the first pass gave it, spares what is above */
			need[c] = first[c] < t->w[c] ? first[c] : t->w[c];
	}
	make_room(t, need);
	doc->widest_amount[0] = '\0';
	memset(doc->word_em, 0, sizeof(doc->word_em));
	memset(doc->text_em, 0, sizeof(doc->text_em));
}

float pdf_table_need(const struct pdf_doc *doc, int rows, int flags)
{
	struct table_state t = { .flags = flags };

	float head = 20.0f + 2 * table_leading(&t) + 2 * CELL_PAD_Y;
	float all = head + (float)(rows > 3 ? rows : 3) * (table_leading(&t) + 2 * CELL_PAD_Y);

	/* a table longer than a page keeps only three rows with its header */
	return all < pdf_page_room(doc) ? all : head + 3 * (table_leading(&t) + 2 * CELL_PAD_Y);
}

void pdf_table_begin(struct pdf_doc *doc, const char *caption, const struct pdf_column *cols,
		     size_t ncols, int flags)
{
	struct table_state *t = &doc->table;
	float total = 0, x = MARGIN_X;

	if (ncols == 0 || ncols > MAX_COLUMNS)
		pdf_fail(doc, "a PDF table needs 1 to %d columns, not %zu", MAX_COLUMNS, ncols);
	memset(t, 0, sizeof(*t));
	t->cols = cols;
	t->ncols = ncols;
	t->flags = flags;
	t->caption = caption;
	t->open = 1;
	for (size_t c = 0; c < ncols; c++)
		total += cols[c].weight > 0 ? cols[c].weight : 1;
	for (size_t c = 0; c < ncols; c++)
		t->w[c] = pdf_width(doc) * (cols[c].weight > 0 ? cols[c].weight : 1) / total;
	make_room_for_widest(doc, t);
	for (size_t c = 0; c < ncols; c++) {
		t->x[c] = x;
		x += t->w[c];
	}
	/* Caption, header and three rows stay together (no orphaned header),
	 * or the whole table when it is short enough for a page. */
	pdf_need(doc, pdf_table_need(doc, doc->keep_rows, flags));
	doc->keep_rows = 0;
	draw_header(doc, 0);
}

static void table_row(struct pdf_doc *doc, HPDF_Font font, const char *const *cells,
		      const void *row_data, int total)
{
	struct table_state *t = &doc->table;
	int max_lines;
	float height, shade = 1.0f;

	if (!t->open)
		pdf_fail(doc, "a PDF table row outside a table");
	max_lines = lines_per_page(doc);
	height = row_height(doc, font, cells, &max_lines, 0);
	if (doc->y - height < TEXT_BOTTOM) {
		rule(doc->page, 0.6f, MARGIN_X, MARGIN_X + pdf_width(doc), doc->y);
		pdf_new_page(doc);
		draw_header(doc, 1);
		t->rows = 0;
	}
	if (total)
		rule(doc->page, 0.8f, MARGIN_X, MARGIN_X + pdf_width(doc), doc->y);
	else if ((t->flags & PDF_TABLE_ZEBRA) && t->rows % 2 == 1)
		shade = 0.93f;
	draw_row(doc, font, cells, row_data, max_lines, height, shade);
	t->rows++;
}

void pdf_table_keep(struct pdf_doc *doc, int rows)
{
	doc->keep_rows = rows;
}

void pdf_table_row(struct pdf_doc *doc, const char *const *cells, const void *row_data)
{
	table_row(doc, doc->regular, cells, row_data, 0);
}

void pdf_table_total(struct pdf_doc *doc, const char *const *cells)
{
	table_row(doc, doc->bold, cells, NULL, 1);
}

void pdf_table_end(struct pdf_doc *doc)
{
	struct table_state *t = &doc->table;

	if (t->open && (t->flags & PDF_TABLE_HEADER))
		rule(doc->page, 0.6f, MARGIN_X, MARGIN_X + pdf_width(doc), doc->y);
	t->open = 0;
	pdf_space(doc, 10.0f);
}

/* ---- fonts ---------------------------------------------------------------- */

static int check_truetype(const char *path, struct ft_error *err)
{
	unsigned char magic[4];
	struct stat sb;
	FILE *f;
	size_t got;

	if (stat(path, &sb) != 0)
		return ft_fail(err, "font '%s' not found: %s", path, strerror(errno));
	if (!S_ISREG(sb.st_mode))
		return ft_fail(err, "font '%s' is not a file", path);
	f = fopen(path, "rb");
	if (!f)
		return ft_fail(err, "cannot read font '%s': %s", path, strerror(errno));
	got = fread(magic, 1, sizeof(magic), f);
	fclose(f);
	if (got == 4 && memcmp(magic, "OTTO", 4) == 0)
		return ft_fail(err, "font '%s' is an OpenType/CFF font: a TrueType (.ttf) font is "
				    "needed, e.g. DejaVuSans.ttf",
			       path);
	if (got == 4 && memcmp(magic, "ttcf", 4) == 0)
		return ft_fail(err, "font '%s' is a font collection: give a single .ttf file", path);
	if (got != 4 || (memcmp(magic, "\0\1\0\0", 4) != 0 && memcmp(magic, "true", 4) != 0))
		return ft_fail(err, "font '%s' is not a TrueType font file (.ttf)", path);
	return 0;
}

static int join(char out[PDF_PATH_MAX], const char *dir, const char *name)
{
	int n = snprintf(out, PDF_PATH_MAX, "%s/%s", dir, name);

	return n > 0 && n < PDF_PATH_MAX ? 0 : -1;
}

static int is_file(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
}

static int fonts_in_dir(const char *dir, char regular[PDF_PATH_MAX], char bold[PDF_PATH_MAX],
			struct ft_error *err)
{
	if (join(regular, dir, "DejaVuSans.ttf") || join(bold, dir, "DejaVuSans-Bold.ttf"))
		return ft_fail(err, "font directory '%s': path too long", dir);
	if (!is_file(regular))
		return ft_fail(err, "no DejaVuSans.ttf in font directory '%s' (give the directory "
				    "of DejaVu Sans or a .ttf file with --font)",
			       dir);
	if (!is_file(bold))
		memcpy(bold, regular, strlen(regular) + 1);
	if (check_truetype(regular, err) || check_truetype(bold, err))
		return -1;
	return 0;
}

/* NAME.ttf -> NAME-Bold.ttf when that file exists, else the file itself. */
static void bold_sibling(const char *regular, char bold[PDF_PATH_MAX])
{
	const char *dot = strrchr(regular, '.');
	const char *slash = strrchr(regular, '/');
	int n;

	if (!dot || (slash && dot < slash))
		dot = regular + strlen(regular);
	n = snprintf(bold, PDF_PATH_MAX, "%.*s-Bold%s", (int)(dot - regular), regular, dot);
	if (n <= 0 || n >= PDF_PATH_MAX || !is_file(bold) || check_truetype(bold, NULL))
		memcpy(bold, regular, strlen(regular) + 1);
}

int pdf_find_fonts(const char *font, char regular[PDF_PATH_MAX], char bold[PDF_PATH_MAX],
		   struct ft_error *err)
{
	/* Debian/Ubuntu (fonts-dejavu-core), Fedora, Arch, local installs. */
	static const char *const dirs[] = {
		"/usr/share/fonts/truetype/dejavu",
		"/usr/share/fonts/dejavu",
		"/usr/share/fonts/TTF",
		"/usr/local/share/fonts/dejavu",
		"/usr/local/share/fonts",
	};
	struct stat sb;

	if (font) {
		if (!*font)
			return ft_fail(err, "--font needs a directory or a .ttf file");
		if (stat(font, &sb) != 0)
			return ft_fail(err, "font '%s' not found: %s", font, strerror(errno));
		if (S_ISDIR(sb.st_mode))
			return fonts_in_dir(font, regular, bold, err);
		if (strlen(font) >= PDF_PATH_MAX)
			return ft_fail(err, "font path too long");
		if (check_truetype(font, err))
			return -1;
		memcpy(regular, font, strlen(font) + 1);
		bold_sibling(regular, bold);
		return 0;
	}
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		char probe[PDF_PATH_MAX];

		if (join(probe, dirs[i], "DejaVuSans.ttf") == 0 && is_file(probe))
			return fonts_in_dir(dirs[i], regular, bold, err);
	}
	return ft_fail(err, "font DejaVu Sans not found in %s (install the Debian package "
			    "fonts-dejavu-core, or give --font DIR-or-FILE)",
		       dirs[0]);
}

/* The ToUnicode CMap libharu 2.3.0 gives a font behind its UTF-8 encoder is
 * wrong: the encoder writes each character as its 2-byte Unicode value
 * (Identity-H, the CIDToGIDMap picks the glyph), but the CMap is one
 * "<0000> <FFFF> 0" begincidrange, an operator a ToUnicode CMap may not
 * contain (PDF 32000-1:2008, 9.10.3: beginbfchar and beginbfrange), with a
 * range across all first bytes. poppler warns "Invalid 'begincidrange'
 * operator in ToUnicode CMap" and guesses from the font's own cmap instead;
 * other readers may give no text at all. The correct map is the identity.
 * It is written here into libharu's own stream object, so the font keeps
 * pointing at it and no orphan object is left, as bfranges of 256 codes that
 * share their first byte (a range may only vary the last byte: Adobe TN 5014
 * "CMap and CIDFont Files Specification", and 9.10.3 for bfrange). The
 * surrogates D800-DFFF are left out: the encoder never writes them. */
enum { CMAP_BLOCK = 100 }; /* entries per begin..end block (Adobe TN 5014) */

static int is_surrogate_row(unsigned row)
{
	return row >= 0xD8 && row <= 0xDF;
}

static HPDF_STATUS write_identity_ranges(HPDF_Stream out)
{
	HPDF_STATUS ret = HPDF_OK;
	unsigned rows = 0, in_block = 0;
	char line[48];

	for (unsigned row = 0; row <= 0xFF; row++)
		rows += !is_surrogate_row(row);
	for (unsigned row = 0; row <= 0xFF && ret == HPDF_OK; row++) {
		if (is_surrogate_row(row))
			continue;
		if (in_block == 0) {
			snprintf(line, sizeof(line), "%u beginbfrange\n",
				 rows < CMAP_BLOCK ? rows : CMAP_BLOCK);
			ret = HPDF_Stream_WriteStr(out, line);
		}
		snprintf(line, sizeof(line), "<%02X00> <%02XFF> <%02X00>\n", row, row, row);
		ret |= HPDF_Stream_WriteStr(out, line);
		rows--;
		if (++in_block == CMAP_BLOCK || rows == 0) {
			ret |= HPDF_Stream_WriteStr(out, "endbfrange\n");
			in_block = 0;
		}
	}
	return ret;
}

static void fix_to_unicode(struct pdf_doc *doc, HPDF_Font font)
{
	static const char head[] =
		"/CIDInit /ProcSet findresource begin\n"
		"12 dict begin\n"
		"begincmap\n"
		"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
		"/CMapName /Adobe-Identity-UCS def\n"
		"/CMapType 2 def\n"
		"1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n";
	static const char tail[] = "endcmap\n"
				   "CMapName currentdict /CMap defineresource pop\n"
				   "end\n"
				   "end\n";
	HPDF_Dict cmap = HPDF_Dict_GetItem(font, "ToUnicode", HPDF_OCLASS_DICT);
	HPDF_STATUS ret;

	if (!cmap || !cmap->stream)
		pdf_fail(doc, "cannot make the PDF while %s: libharu gave the font no ToUnicode map",
			 doc->doing);
	HPDF_MemStream_FreeData(cmap->stream);
	/* the entries of an embedded encoding CMap that no longer describe it */
	HPDF_Dict_RemoveElement(cmap, "CMapName");
	HPDF_Dict_RemoveElement(cmap, "CIDSystemInfo");
	HPDF_Dict_RemoveElement(cmap, "WMode");
	ret = HPDF_Stream_WriteStr(cmap->stream, head);
	ret |= write_identity_ranges(cmap->stream);
	ret |= HPDF_Stream_WriteStr(cmap->stream, tail);
	if (ret != HPDF_OK)
		pdf_fail(doc, "cannot make the PDF while %s: out of memory", doc->doing);
}

static HPDF_Font load_font(struct pdf_doc *doc, const char *path)
{
	const char *name;
	HPDF_Font font;

	snprintf(doc->doing, sizeof(doc->doing), "loading the font '%s'", path);
	doc->loading_font = 1;
	name = HPDF_LoadTTFontFromFile(doc->pdf, path, HPDF_TRUE);
	font = HPDF_GetFont(doc->pdf, name, "UTF-8");
	doc->loading_font = 0;
	fix_to_unicode(doc, font);
	return font;
}

/* ---- the document --------------------------------------------------------- */

int pdf_creation_time(time_t *out, struct ft_error *err)
{
	const char *epoch = getenv("SOURCE_DATE_EPOCH");
	char *end;
	long long value;

	if (!epoch || !*epoch) {
		*out = time(NULL);
		return 0;
	}
	errno = 0;
	value = strtoll(epoch, &end, 10);
	if (errno || *end || epoch[0] == '-' || epoch[0] == '+' || value > 253402300799LL)
		return ft_fail(err, "invalid SOURCE_DATE_EPOCH '%s': seconds since 1970 expected",
			       epoch);
	*out = (time_t)value;
	return 0;
}

/* The catalog's /Lang (PDF 32000-1:2008, 14.9.2.1), which libharu 2.3.0
 * has no function for: screen readers and hyphenation read the language
 * there. Also shows the title, not the file name, in the window
 * (/ViewerPreferences /DisplayDocTitle, 12.2). */
static void set_language(struct pdf_doc *doc, const char *lang)
{
	HPDF_Catalog catalog = doc->pdf->catalog;
	HPDF_Dict prefs = HPDF_Dict_New(doc->pdf->mmgr);
	HPDF_STATUS ret;

	if (!prefs)
		pdf_fail(doc, "out of memory while %s", doc->doing);
	ret = HPDF_Dict_Add(catalog, "Lang", HPDF_String_New(doc->pdf->mmgr, lang, NULL));
	ret |= HPDF_Dict_AddBoolean(prefs, "DisplayDocTitle", HPDF_TRUE);
	ret |= HPDF_Dict_Add(catalog, "ViewerPreferences", prefs);
	if (ret != HPDF_OK)
		pdf_fail(doc, "out of memory while %s", doc->doing);
}

static void set_metadata(struct pdf_doc *doc)
{
	const struct pdf_setup *s = doc->setup;
	const struct { HPDF_InfoType type; const char *value; } attrs[] = {
		{ HPDF_INFO_TITLE, s->title },
		{ HPDF_INFO_SUBJECT, s->subject },
		{ HPDF_INFO_AUTHOR, s->author },
		{ HPDF_INFO_KEYWORDS, s->keywords },
		{ HPDF_INFO_CREATOR, "fundtrack" },
	};
	struct tm tm;
	HPDF_Date date;

	snprintf(doc->doing, sizeof(doc->doing), "setting the document properties");
	for (size_t i = 0; i < sizeof(attrs) / sizeof(attrs[0]); i++)
		if (attrs[i].value)
			HPDF_SetInfoAttr(doc->pdf, attrs[i].type, clean_text(doc, 0, attrs[i].value, 0));
	if (!gmtime_r(&s->created, &tm))
		pdf_fail(doc, "invalid creation time");
	date = (HPDF_Date){ tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
			    tm.tm_sec, 'Z', 0, 0 };
	HPDF_SetInfoDateAttr(doc->pdf, HPDF_INFO_CREATION_DATE, date);
	HPDF_SetInfoDateAttr(doc->pdf, HPDF_INFO_MOD_DATE, date);
	if (s->lang)
		set_language(doc, s->lang);
}

/* Header and footer on every page, now that the page count is known. */
static void finish_pages(struct pdf_doc *doc)
{
	const struct pdf_setup *s = doc->setup;
	float right = PAGE_W - MARGIN_X;
	char head[512], foot[128];

	pdf_text_color(doc, 0, 0, 0);
	draw_contents(doc);
	snprintf(head, sizeof(head), "%s%s%s", s->title ? s->title : "", s->city ? " – " : "",
		 s->city ? s->city : "");
	for (int i = 0; i < doc->npages; i++) {
		HPDF_Page page = HPDF_GetPageByIndex(doc->pdf, (HPDF_UINT)i);
		float date_w = 0;

		snprintf(doc->doing, sizeof(doc->doing), "adding the header of page %d", i + 1);
		if (s->date)
			date_w = text_on(doc, page, right, HEADER_BASE, PDF_SMALL, 0, PDF_RIGHT, 0,
					 s->date);
		text_on(doc, page, MARGIN_X, HEADER_BASE, PDF_SMALL, 0, PDF_LEFT,
			pdf_width(doc) - date_w - 12, head);
		HPDF_Page_SetGrayStroke(page, 0.4f);
		rule(page, 0.5f, MARGIN_X, right, HEADER_BASE - 6);
		rule(page, 0.5f, MARGIN_X, right, FOOTER_BASE + 12);
		HPDF_Page_SetGrayStroke(page, 0);
		snprintf(foot, sizeof(foot), "%s %d %s %d", s->words.page, i + 1, s->words.of,
			 doc->npages);
		text_on(doc, page, PAGE_W / 2, FOOTER_BASE, PDF_SMALL, 0, PDF_CENTER, 0, foot);
	}
}

static void build(struct pdf_doc *doc, const char *regular_path, const char *bold_path,
		  pdf_layout_fn layout, void *arg)
{
	snprintf(doc->doing, sizeof(doc->doing), "starting the document");
	doc->pdf = HPDF_New(on_hpdf_error, doc);
	if (!doc->pdf)
		pdf_fail(doc, "out of memory while starting the PDF");
	HPDF_SetCompressionMode(doc->pdf, HPDF_COMP_ALL);
	HPDF_UseUTFEncodings(doc->pdf);
	HPDF_SetCurrentEncoder(doc->pdf, "UTF-8");
	doc->utf8 = HPDF_GetEncoder(doc->pdf, "UTF-8");
	doc->regular = load_font(doc, regular_path);
	doc->bold = strcmp(regular_path, bold_path) == 0 ? doc->regular : load_font(doc, bold_path);
	pdf_new_page(doc);
	layout(doc, arg);
	finish_pages(doc);
	set_metadata(doc);
	if (doc->has_outline)
		HPDF_SetPageMode(doc->pdf, HPDF_PAGE_MODE_USE_OUTLINE);
}

/* ---- writing -------------------------------------------------------------- */

static int check_target(const char *path, struct ft_error *err)
{
	if (!*path)
		return ft_fail(err, "the output file name is empty");
	if (strlen(path) >= PDF_PATH_MAX)
		return ft_fail(err, "output path too long");
	return atomic_file_check(path, PDF_WHAT, err);
}

/* Copies the finished document out of libharu's memory stream (errors
 * there jump back to pdf_render), so that writing the file needs no jump. */
static void take_bytes(struct pdf_doc *doc, const char *path)
{
	HPDF_UINT32 left;

	snprintf(doc->doing, sizeof(doc->doing), "writing '%s'", path);
	HPDF_SaveToStream(doc->pdf);
	HPDF_ResetStream(doc->pdf);
	left = HPDF_GetStreamSize(doc->pdf);
	doc->bytes = malloc(left ? left : 1);
	if (!doc->bytes)
		pdf_fail(doc, "out of memory");
	while (left > 0) {
		/* Reading exactly what is left never hits libharu's EOF error. */
		HPDF_UINT32 n = left;

		HPDF_ReadFromStream(doc->pdf, doc->bytes + doc->nbytes, &n);
		if (n == 0)
			pdf_fail(doc, "cannot write the PDF to '%s': the PDF stream ended early", path);
		doc->nbytes += n;
		left -= n;
	}
}

static int fill_pdf(void *arg, FILE *out, struct ft_error *err)
{
	const struct pdf_doc *doc = arg;

	(void)err; /* a short write sets out's error; atomic_write_file reports it */
	return fwrite(doc->bytes, 1, doc->nbytes, out) == doc->nbytes ? 0 : -1;
}

static void release(struct pdf_doc *doc)
{
	free(doc->bytes);
	if (doc->pdf)
		HPDF_Free(doc->pdf);
	for (int i = 0; i < SCRATCH_SLOTS; i++)
		free(doc->scratch[i].buf);
	free(doc->line.buf);
	free(doc->toc.entries);
	free(doc);
}

int pdf_render(const struct pdf_setup *setup, pdf_layout_fn layout, void *arg,
	       const char *path, int *pages, struct ft_error *err)
{
	char regular[PDF_PATH_MAX], bold[PDF_PATH_MAX];
	struct pdf_doc *doc;

	if (check_target(path, err) || pdf_find_fonts(setup->font, regular, bold, err))
		return -1;
	doc = calloc(1, sizeof(*doc));
	if (!doc)
		return ft_fail(err, "out of memory");
	doc->setup = setup;
	doc->toc.page = -1;
	/* doc is not changed after setjmp, so it needs no volatile; what the
	 * layout changes lives in *doc, in memory, not in locals. */
	if (setjmp(doc->jump) != 0) {
		if (err)
			*err = doc->err;
		release(doc);
		return -1;
	}
	build(doc, regular, bold, layout, arg);
	take_bytes(doc, path);
	if (atomic_write_file(path, PDF_WHAT, fill_pdf, doc, err)) {
		release(doc);
		return -1;
	}
	if (pages)
		*pages = doc->npages;
	release(doc);
	return 0;
}
