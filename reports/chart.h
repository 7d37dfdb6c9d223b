/* chart.h - bar charts, stacked bars, timelines and small gauges drawn with
 * libharu's own lines and rectangles at the cursor of a pdf_doc.
 *
 * Charts are readable in black and white: every fill style has its own
 * grey level and, for neighbouring levels, its own hatching, every segment
 * has an outline, and a legend names the styles. Axes carry German (or
 * English) formatted ticks with the unit written once ("Mio. €").
 * Values are int64 cents (or basis points); nothing passes through floating
 * point but the drawing coordinates.
 */
#ifndef FT_CHART_H
#define FT_CHART_H

#include <stddef.h>
#include <stdint.h>

#include "lang.h"
#include "pdf.h"

/* Fill styles 0..3 are the funding levels EU, Bund, Land, Kommune (the
 * order of enum gs_level); further styles follow for other series. */
enum { CHART_NSTYLES = 9 };

enum chart_unit {
	CHART_MONEY,   /* cents; the axis picks €, Tsd. € or Mio. € */
	CHART_PERCENT, /* basis points; the axis runs 0..100 % */
	CHART_AMOUNT   /* hundredths of the unit the chart names ("VZÄ") */
};

struct chart_bars {
	enum report_lang lang;
	const char *title;       /* printed above the chart, may be NULL */
	enum chart_unit unit;
	int horizontal;          /* 1: one row per category (long names: cities) */
	size_t ncats;
	const char *const *cats; /* category labels (years, cities) */
	size_t nseries;
	const char *const *series; /* legend labels */
	const int *styles;       /* fill style per series; NULL: 0, 1, 2, ... */
	const int64_t *values;   /* ncats * nseries values, [cat * nseries + series],
				    stacked; negative values count as 0 */
	float height;            /* vertical charts: plot height (0 = 170 pt) */
	int show_totals;         /* write each bar's total at its end */
	int64_t axis_max;        /* 0: the axis fits the data; else it reaches at
				    least this far (charts compared side by side) */
};

/* Draws the chart below the cursor (starting a new page when it does not
 * fit; horizontal charts continue on further pages) and moves the cursor
 * below it. */
void chart_bars(struct pdf_doc *doc, const struct chart_bars *c);

enum chart_span_kind { CHART_LINK, CHART_GAP, CHART_HIGHLIGHT };

struct chart_span {
	const char *from, *to; /* ISO dates, inclusive */
	enum chart_span_kind kind;
	const char *label;     /* inside the bar when it fits (links), above it (gaps) */
};

struct chart_timeline_row {
	const char *label;
	const struct chart_span *spans;
	size_t nspans;
};

struct chart_timeline {
	enum report_lang lang;
	const char *title; /* may be NULL */
	const struct chart_timeline_row *rows;
	size_t nrows;
	const char *today; /* ISO, drawn as a dashed line; NULL = none */
};

/* A time axis by years, one bar per row; gaps in a signal colour with
 * hatching. Rows continue on further pages with the axis repeated. */
void chart_timeline(struct pdf_doc *doc, const struct chart_timeline *t);

/* Lines over equally spaced points in time (months), told apart in black
 * and white by dash pattern and width as well as colour, each named in the
 * legend and at its right end. Below the plot, on the same time axis, an
 * optional strip shows a share per point (0..100 %, e.g. the probability
 * of a gap) in the hatched signal style of the timeline's gaps. */
enum { CHART_LINE_SOLID, CHART_LINE_DASHED, CHART_LINE_DOTTED, CHART_LINE_DASH_DOT,
       CHART_NLINE_STYLES };

enum chart_line_mode {
	CHART_STEPS,        /* value i holds for the whole interval i (capacity per month) */
	CHART_RUNNING_TOTAL /* value i is reached at the end of interval i, from 0 at the start */
};

struct chart_line {
	const char *label;     /* legend and right end */
	const int64_t *values; /* npoints values in the chart's unit */
	int style;             /* CHART_LINE_* */
};

struct chart_lines {
	enum report_lang lang;
	const char *title;        /* may be NULL */
	enum chart_unit unit;     /* CHART_MONEY or CHART_AMOUNT (not percent) */
	const char *unit_label;   /* CHART_AMOUNT: the unit above the axis ("VZÄ") */
	enum chart_line_mode mode;
	size_t npoints;
	size_t period;            /* points per tick on the time axis (12: months in a year) */
	const char *period_label; /* under the time axis ("Jahr"); ticks are numbered 1, 2, ... */
	size_t nlines;
	const struct chart_line *lines;
	const int64_t *shade;     /* NULL, or npoints values in basis points */
	const char *shade_label;  /* legend of the shade */
	float height;             /* plot height (0 = 170 pt) */
	int end_values;           /* 1: the right end says the last value too */
};

void chart_lines(struct pdf_doc *doc, const struct chart_lines *c);

/* A legend line of fill styles with labels. */
void chart_legend(struct pdf_doc *doc, size_t n, const char *const *labels, const int *styles);

/* Progress of one grant or project: approved is the outline, drawn a
 * medium bar, spent a dark bar inside it, followed by spent/approved in
 * percent. A pdf_cell_fn: row_data points to a struct chart_gauge. */
struct chart_gauge {
	int64_t approved, drawn, spent;
};
void chart_gauge_cell(struct pdf_doc *doc, const void *row_data, float x, float y, float w,
		      float h);

/* "1,25 Mio. €", "830 Tsd. €", "950,00 €" (English: "1.25 m €" ...). */
enum { CHART_LABEL_BUF = 64 };
void chart_short_money(enum report_lang lang, int64_t cents, char buf[CHART_LABEL_BUF]);

/* The step between ticks for an axis from 0 to max: 1, 2 or 5 times a
 * power of ten, so that there are at most target steps. */
int64_t chart_tick_step(int64_t max, int target);

/* A tick label for value on an axis whose unit is unit (cents per shown
 * unit: 100, 100000 or 100000000) with decimals places. */
void chart_tick_label(enum report_lang lang, int64_t value, int64_t unit, int decimals,
		      char buf[CHART_LABEL_BUF]);

#endif
