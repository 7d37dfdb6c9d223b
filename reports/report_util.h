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

/* ---- page 1: the summary ------------------------------------------------------
 * What a council member reads in 30 seconds: the title line, one sentence of
 * what changed, up to three headline figures (the budget year against the
 * year before), the most urgent deadlines, the open findings, then the
 * clickable contents. All texts are formatted by the caller. */
enum { SUMMARY_FIGURES = 3, SUMMARY_ITEMS = 3 };

struct report_figure {
	const char *label;  /* "Jahresraten 2026" */
	const char *value;  /* "2.490.651,25 €" */
	const char *before; /* "Vorjahr 2025: 2.006.931,70 €", may be NULL */
	const char *change; /* "+483.719,55 € (+24,10 %)", may be NULL */
};

struct report_urgent {
	const char *date, *due, *what, *where; /* "31.12.2026", "in 29 Tagen fällig", ... */
};

struct report_summary {
	const char *title;
	const char *subtitle;   /* "Dortmund · Haushaltsjahr 2026 · Stand 02.12.2026" */
	const char *changed;    /* one sentence of what changed, may be NULL */
	struct report_figure figures[SUMMARY_FIGURES];
	size_t nfigures;
	const char *urgent_title; /* NULL: no deadline block */
	const char *where_label;  /* the last column's label, NULL: "Projekt" */
	struct report_urgent urgent[SUMMARY_ITEMS];
	size_t nurgent;
	const char *no_urgent;    /* shown when nurgent is 0 */
	const char *findings_title; /* NULL: no findings block */
	const char *findings;     /* "2 Fehler, 5 Warnungen" */
	const char *top_findings[SUMMARY_ITEMS]; /* the rules with most findings */
	size_t ntop;
	int contents_entries;
	const char *only; /* the whole report: page 1 says it, no page follows */
};

void report_summary_page(struct pdf_doc *doc, const struct report_frame *f,
			 const struct report_summary *s);

/* A finding's days in words, one meaning per cell: the rule decides what
 * the number is (checks.h: idle days, days overdue or left, gap days). */
const char *report_finding_days(enum report_lang lang, const char *rule_id, long days,
				char buf[REPORT_COUNT_BUF]);

/* A change as a signed amount with its share of before: "+483.719,55 € (+24,1 %)";
 * without the share when before is 0. */
void report_money_change(enum report_lang lang, int64_t before, int64_t now, char *buf,
			 size_t size);

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
