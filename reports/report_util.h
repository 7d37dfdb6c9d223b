/* report_util.h - what the report layouts share: the frame of a report
 * (city, day, language), one read transaction around the loading, the
 * rendering, and rows of formatted table cells. */
#ifndef FT_REPORT_UTIL_H
#define FT_REPORT_UTIL_H

#include <stddef.h>
#include <stdint.h>

#include "lang.h"
#include "pdf.h"
#include "report.h"
#include "store.h"

struct report_frame {
	const struct report_options *o;
	enum report_lang lang;
	char city[256];             /* the own city's name, "" when there is none */
	char as_of[DATE_BUF];       /* ISO: the report's day */
	char as_of_text[DATE_BUF];  /* the same for display */
};

/* Resolves the day (today when o->as_of is empty) and reads the own
 * city's name (none when st is NULL). */
int report_frame_init(struct report_frame *f, struct store *st, const struct report_options *o,
		      struct ft_error *err);

/* Renders the layout with the report's title, subject and header. */
int report_write(const struct report_frame *f, const char *title, const char *subject,
		 pdf_layout_fn layout, void *arg, const char *path, struct report_info *info,
		 struct ft_error *err);

/* The first page: title, lines under it, a short note and the contents. */
void report_cover(struct pdf_doc *doc, const struct report_frame *f, const char *title,
		  const char *const *lines, size_t nlines, int contents_entries);

/* A row of table cells formatted for the report's language. Text cells
 * point to the caller's strings; the others are formatted into the row. */
enum { ROW_MAX = 16, ROW_CELL_BUF = 64 };

struct report_row {
	enum report_lang lang;
	char buf[ROW_MAX][ROW_CELL_BUF];
	const char *cells[ROW_MAX];
	int n;
};

void row_start(struct report_row *r, enum report_lang lang);
void row_text(struct report_row *r, const char *text); /* NULL: empty */
void row_money(struct report_row *r, int64_t cents);
void row_rate(struct report_row *r, int bp);
void row_int(struct report_row *r, int64_t n);
void row_date(struct report_row *r, const char *iso);
/* Formats into the row: for composed cells ("12 Tage"). */
void row_printf(struct report_row *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
