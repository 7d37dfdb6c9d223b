/* chart.c - bars, stacked bars, timelines and gauges with libharu lines. */
#include "chart.h"

#include <stdio.h>
#include <string.h>


/* ---- fill styles ----------------------------------------------------------- */

enum hatch { HATCH_NONE, HATCH_DIAGONAL, HATCH_BACKSLASH, HATCH_CROSS, HATCH_HORIZONTAL,
	     HATCH_VERTICAL };

struct fill_style {
	float r, g, b;
	enum hatch hatch;
};

/* Grey levels (luminance) from dark to light, neighbours told apart by
 * hatching: EU dark blue, Bund orange hatched, Land green cross-hatched,
 * Kommune light grey. */
static const struct fill_style fill_styles[CHART_NSTYLES] = {
	{ 0.13f, 0.30f, 0.60f, HATCH_NONE },
	{ 0.93f, 0.58f, 0.18f, HATCH_DIAGONAL },
	{ 0.56f, 0.78f, 0.46f, HATCH_CROSS },
	{ 0.90f, 0.90f, 0.90f, HATCH_NONE },
	{ 0.45f, 0.25f, 0.55f, HATCH_HORIZONTAL },
	{ 0.97f, 0.86f, 0.40f, HATCH_VERTICAL },
	{ 0.40f, 0.40f, 0.40f, HATCH_NONE },
	{ 0.45f, 0.75f, 0.80f, HATCH_BACKSLASH },
	{ 0.70f, 0.30f, 0.25f, HATCH_CROSS },
};

static const struct fill_style link_style = { 0.72f, 0.81f, 0.92f, HATCH_NONE };
static const struct fill_style highlight_style = { 0.13f, 0.30f, 0.60f, HATCH_NONE };
static const struct fill_style gap_style = { 0.86f, 0.10f, 0.10f, HATCH_DIAGONAL };
#define SIGNAL_R 0.80f
#define SIGNAL_G 0.05f
#define SIGNAL_B 0.05f

static float luminance(const struct fill_style *s)
{
	return 0.2126f * s->r + 0.7152f * s->g + 0.0722f * s->b;
}

static void hatch_lines(HPDF_Page page, enum hatch hatch, float x, float y, float w, float h)
{
	const float gap = 3.2f;

	if (hatch == HATCH_HORIZONTAL) {
		for (float yy = y + gap / 2; yy < y + h; yy += gap) {
			HPDF_Page_MoveTo(page, x, yy);
			HPDF_Page_LineTo(page, x + w, yy);
		}
		return;
	}
	if (hatch == HATCH_VERTICAL) {
		for (float xx = x + gap / 2; xx < x + w; xx += gap) {
			HPDF_Page_MoveTo(page, xx, y);
			HPDF_Page_LineTo(page, xx, y + h);
		}
		return;
	}
	/* Diagonals over the box; the clip path cuts them to it. */
	for (float t = -h; t < w + h; t += gap * 1.4f) {
		if (hatch == HATCH_DIAGONAL || hatch == HATCH_CROSS) {
			HPDF_Page_MoveTo(page, x + t, y);
			HPDF_Page_LineTo(page, x + t + h, y + h);
		}
		if (hatch == HATCH_BACKSLASH || hatch == HATCH_CROSS) {
			HPDF_Page_MoveTo(page, x + t, y + h);
			HPDF_Page_LineTo(page, x + t + h, y);
		}
	}
}

static void fill_with(HPDF_Page page, const struct fill_style *s, float x, float y, float w,
		      float h)
{
	if (w < 0.05f || h < 0.05f)
		return;
	HPDF_Page_SetRGBFill(page, s->r, s->g, s->b);
	HPDF_Page_Rectangle(page, x, y, w, h);
	HPDF_Page_Fill(page);
	if (s->hatch != HATCH_NONE) {
		HPDF_Page_GSave(page);
		HPDF_Page_Rectangle(page, x, y, w, h);
		HPDF_Page_Clip(page);
		HPDF_Page_EndPath(page);
		HPDF_Page_SetLineWidth(page, 0.5f);
		HPDF_Page_SetGrayStroke(page, luminance(s) < 0.45f ? 1.0f : 0.15f);
		hatch_lines(page, s->hatch, x, y, w, h);
		HPDF_Page_Stroke(page);
		HPDF_Page_GRestore(page);
	}
	HPDF_Page_SetLineWidth(page, 0.4f);
	HPDF_Page_SetGrayStroke(page, 0.15f);
	HPDF_Page_Rectangle(page, x, y, w, h);
	HPDF_Page_Stroke(page);
	HPDF_Page_SetGrayFill(page, 0);
	HPDF_Page_SetGrayStroke(page, 0);
}

static const struct fill_style *style_of(const int *styles, size_t series)
{
	int s = styles ? styles[series] : (int)series;

	return &fill_styles[(s < 0 ? 0 : s) % CHART_NSTYLES];
}

static void line(HPDF_Page page, float gray, float width, float x0, float y0, float x1, float y1)
{
	HPDF_Page_SetGrayStroke(page, gray);
	HPDF_Page_SetLineWidth(page, width);
	HPDF_Page_MoveTo(page, x0, y0);
	HPDF_Page_LineTo(page, x1, y1);
	HPDF_Page_Stroke(page);
	HPDF_Page_SetGrayStroke(page, 0);
}

/* ---- numbers on axes --------------------------------------------------------- */

int64_t chart_tick_step(int64_t max, int target)
{
	static const int64_t multiples[] = { 1, 2, 5, 10 };
	int64_t raw, magnitude = 1;

	if (target < 1)
		target = 1;
	raw = max / target + (max % target != 0);
	if (raw < 1)
		return 1;
	while (magnitude <= raw / 10)
		magnitude *= 10;
	for (size_t i = 0; i < sizeof(multiples) / sizeof(multiples[0]); i++)
		if (multiples[i] * magnitude >= raw)
			return multiples[i] * magnitude;
	return 10 * magnitude;
}

void chart_tick_label(enum report_lang lang, int64_t value, int64_t unit, int decimals,
		      char buf[CHART_LABEL_BUF])
{
	int64_t scale = decimals <= 0 ? 1 : decimals == 1 ? 10 : 100;
	int64_t scaled = (value * scale + unit / 2) / unit; /* rounded half up */
	int64_t frac = scaled % scale;
	char whole[REPORT_NUM_BUF], digits[3] = { 0 };

	report_int(lang, scaled / scale, whole);
	if (scale == 1) {
		snprintf(buf, CHART_LABEL_BUF, "%s", whole);
		return;
	}
	if (frac < 0)
		frac = -frac;
	digits[0] = (char)('0' + (scale == 10 ? frac : frac / 10));
	digits[1] = scale == 10 ? '\0' : (char)('0' + frac % 10);
	snprintf(buf, CHART_LABEL_BUF, "%s%c%s", whole, lang == LANG_EN ? '.' : ',', digits);
}

void chart_short_money(enum report_lang lang, int64_t cents, char buf[CHART_LABEL_BUF])
{
	int64_t magnitude = cents < 0 ? -cents : cents;
	char num[CHART_LABEL_BUF];

	if (magnitude >= 100000000) {
		chart_tick_label(lang, cents, 100000000, 2, num);
		snprintf(buf, CHART_LABEL_BUF, "%.40s %s", num, lang == LANG_EN ? "m €" : "Mio. €");
	} else if (magnitude >= 1000000) {
		chart_tick_label(lang, cents, 100000, 0, num);
		snprintf(buf, CHART_LABEL_BUF, "%.40s %s", num, lang == LANG_EN ? "k €" : "Tsd. €");
	} else {
		report_money(lang, cents, buf);
	}
}

struct axis {
	int64_t max;  /* the axis end, a multiple of step */
	int64_t step;
	int64_t unit; /* cents per shown unit; 1 for percent */
	int decimals;
	const char *unit_label;
};

static void make_axis(enum report_lang lang, enum chart_unit unit, int64_t data_max,
		      int target, struct axis *a)
{
	if (unit == CHART_PERCENT) {
		*a = (struct axis){ 10000, 2500, 100, 0, "%" };
		return;
	}
	if (data_max <= 0) /* an empty chart still gets a sensible axis */
		data_max = unit == CHART_AMOUNT ? 100 : 100000;
	a->step = chart_tick_step(data_max, target);
	a->max = (data_max + a->step - 1) / a->step * a->step;
	if (unit == CHART_AMOUNT) {
		a->unit = 100; /* hundredths */
		a->unit_label = "";
	} else if (a->max >= 100000000) {
		a->unit = 100000000;
		a->unit_label = lang == LANG_EN ? "million €" : "Mio. €";
	} else if (a->max >= 1000000) {
		a->unit = 100000;
		a->unit_label = lang == LANG_EN ? "thousand €" : "Tsd. €";
	} else {
		a->unit = 100;
		a->unit_label = "€";
	}
	a->decimals = a->step % a->unit == 0 ? 0 : a->step % (a->unit / 10) == 0 ? 1 : 2;
}

static void axis_label(enum report_lang lang, const struct axis *a, int64_t value,
		       char buf[CHART_LABEL_BUF])
{
	char num[CHART_LABEL_BUF];

	chart_tick_label(lang, value, a->unit, a->decimals, num);
	if (a->unit_label[0] == '%')
		snprintf(buf, CHART_LABEL_BUF, "%.40s %%", num);
	else
		snprintf(buf, CHART_LABEL_BUF, "%s", num);
}

static void total_label(const struct chart_bars *c, int64_t total, char buf[CHART_LABEL_BUF])
{
	if (c->unit == CHART_AMOUNT) {
		chart_tick_label(c->lang, total, 100, 2, buf);
	} else if (c->unit == CHART_PERCENT) {
		char rate[RATE_BUF];

		report_rate(c->lang, (int)total, rate);
		snprintf(buf, CHART_LABEL_BUF, "%s", rate);
	} else {
		chart_short_money(c->lang, total, buf);
	}
}

/* ---- legend ------------------------------------------------------------------ */

static float legend_height(struct pdf_doc *doc, size_t n, const char *const *labels)
{
	float x = 0, width = pdf_width(doc), lines = 1;

	for (size_t i = 0; i < n; i++) {
		float w = 16 + pdf_text_width(doc, PDF_LABEL, 0, labels[i]) + 14;

		if (x > 0 && x + w > width) {
			lines++;
			x = 0;
		}
		x += w;
	}
	return n ? lines * 13.0f + 4 : 0;
}

void chart_legend(struct pdf_doc *doc, size_t n, const char *const *labels, const int *styles)
{
	float x = pdf_left(doc), right = pdf_left(doc) + pdf_width(doc);
	float y;

	if (n == 0)
		return;
	pdf_need(doc, legend_height(doc, n, labels));
	y = pdf_cursor(doc) - 13;
	for (size_t i = 0; i < n; i++) {
		float w = 16 + pdf_text_width(doc, PDF_LABEL, 0, labels[i]) + 14;

		if (x > pdf_left(doc) && x + w > right) {
			x = pdf_left(doc);
			y -= 13;
		}
		fill_with(pdf_page(doc), style_of(styles, i), x, y - 1, 12, 8);
		pdf_text(doc, x + 16, y, PDF_LABEL, 0, PDF_LEFT, labels[i]);
		x += w;
	}
	pdf_advance(doc, pdf_cursor(doc) - y + 6);
}

static void chart_title(struct pdf_doc *doc, const char *title, int continued)
{
	char text[512];

	if (!title)
		return;
	snprintf(text, sizeof(text), "%s%s%s", title, continued ? " " : "",
		 continued ? pdf_continued(doc) : "");
	pdf_text_fit(doc, pdf_left(doc), pdf_cursor(doc) - 11, PDF_STRONG, 0, PDF_LEFT,
		     pdf_width(doc), text);
	pdf_advance(doc, 18);
}

/* ---- bars ---------------------------------------------------------------------- */

static int64_t bar_total(const struct chart_bars *c, size_t cat)
{
	int64_t sum = 0;

	for (size_t s = 0; s < c->nseries; s++)
		if (c->values[cat * c->nseries + s] > 0)
			sum += c->values[cat * c->nseries + s];
	return sum;
}

static int64_t bars_max(const struct chart_bars *c)
{
	int64_t max = c->axis_max > 0 ? c->axis_max : 0;

	for (size_t i = 0; i < c->ncats; i++)
		if (bar_total(c, i) > max)
			max = bar_total(c, i);
	return max;
}

static int empty_label(const char *s)
{
	return !s || !*s;
}

/* Room for category i's label, centred under its bar: its slot, widened by
 * the slots of empty labels on both sides (as many as the smaller side
 * has; at an end of the axis the other side counts). */
static float category_label_room(const struct chart_bars *c, size_t i, float slot)
{
	size_t before = 0, after = 0, side;

	while (before < i && empty_label(c->cats[i - 1 - before]))
		before++;
	while (i + 1 + after < c->ncats && empty_label(c->cats[i + 1 + after]))
		after++;
	if (i == 0)
		before = after;
	if (i + 1 == c->ncats)
		after = before;
	side = before < after ? before : after;
	return slot * (float)(1 + 2 * side) - 2;
}

static void vertical_bars(struct pdf_doc *doc, const struct chart_bars *c)
{
	HPDF_Page page;
	struct axis a;
	const float label_w = 46, plot_h = c->height > 0 ? c->height : 170;
	float top, x0, y0, plot_w, slot, bar_w;
	char buf[CHART_LABEL_BUF];

	make_axis(c->lang, c->unit, bars_max(c), 5, &a);
	pdf_need(doc, (c->title ? 18 : 0) + 14 + plot_h + 16 +
			      legend_height(doc, c->nseries, c->series));
	chart_title(doc, c->title, 0);
	page = pdf_page(doc);
	top = pdf_cursor(doc);
	x0 = pdf_left(doc) + label_w;
	plot_w = pdf_width(doc) - label_w - 6;
	y0 = top - 14 - plot_h;
	/* Unit above the axis, grid lines with their ticks. */
	pdf_text(doc, x0 - 6, top - 8, PDF_TICK, 0, PDF_RIGHT,
		 a.unit_label[0] == '%' ? "" : a.unit_label);
	for (int64_t v = 0; v <= a.max; v += a.step) {
		float y = y0 + (float)((double)v / (double)a.max) * plot_h;

		line(page, 0.82f, 0.4f, x0, y, x0 + plot_w, y);
		axis_label(c->lang, &a, v, buf);
		pdf_text(doc, x0 - 5, y - 2.5f, PDF_TICK, 0, PDF_RIGHT, buf);
	}
	slot = c->ncats ? plot_w / (float)c->ncats : plot_w;
	bar_w = slot * 0.62f > 46 ? 46 : slot * 0.62f;
	for (size_t i = 0; i < c->ncats; i++) {
		float x = x0 + slot * (float)i + (slot - bar_w) / 2, y = y0;

		for (size_t s = 0; s < c->nseries; s++) {
			int64_t v = c->values[i * c->nseries + s];
			float h = v > 0 ? (float)((double)v / (double)a.max) * plot_h : 0;

			fill_with(page, style_of(c->styles, s), x, y, bar_w, h);
			y += h;
		}
		if (c->show_totals && bar_total(c, i) > 0) {
			total_label(c, bar_total(c, i), buf);
			pdf_text_fit(doc, x + bar_w / 2, y + 3, PDF_VALUE, 0, PDF_CENTER, slot, buf);
		}
		if (!empty_label(c->cats[i]))
			pdf_text_fit(doc, x + bar_w / 2, y0 - 10, PDF_LABEL, 0, PDF_CENTER,
				     category_label_room(c, i, slot), c->cats[i]);
	}
	line(page, 0, 0.7f, x0, y0, x0 + plot_w, y0);
	line(page, 0, 0.7f, x0, y0, x0, top - 12);
	pdf_advance(doc, top - y0 + 16);
	chart_legend(doc, c->nseries, c->series, c->styles);
	pdf_space(doc, 8);
}

static void horizontal_ticks(struct pdf_doc *doc, const struct chart_bars *c,
			     const struct axis *a, float x0, float plot_w, float y_top, float y0)
{
	HPDF_Page page = pdf_page(doc);
	char buf[CHART_LABEL_BUF];

	for (int64_t v = 0; v <= a->max; v += a->step) {
		float x = x0 + (float)((double)v / (double)a->max) * plot_w;

		float right = pdf_left(doc) + pdf_width(doc);

		line(page, 0.82f, 0.4f, x, y0, x, y_top);
		axis_label(c->lang, a, v, buf);
		/* the last tick ("100 %") ended 5 pt beyond the right margin
		 * (visual pass): it ends at the margin instead */
		if (x + pdf_text_width(doc, PDF_TICK, 0, buf) / 2 > right)
			pdf_text(doc, right, y0 - 9, PDF_TICK, 0, PDF_RIGHT, buf);
		else
			pdf_text(doc, x, y0 - 9, PDF_TICK, 0, PDF_CENTER, buf);
	}
	if (a->unit_label[0] != '%')
		pdf_text(doc, x0 + plot_w, y0 - 18, PDF_TICK, 0, PDF_RIGHT, a->unit_label);
	line(page, 0, 0.7f, x0, y0, x0 + plot_w, y0);
	line(page, 0, 0.7f, x0, y0, x0, y_top);
}

static void horizontal_bars(struct pdf_doc *doc, const struct chart_bars *c)
{
	const float row_h = 15, bar_h = 10, label_w = 118, axis_h = 22;
	const float totals_w = c->show_totals ? 58 : 6;
	float x0 = pdf_left(doc) + label_w, plot_w = pdf_width(doc) - label_w - totals_w;
	float legend_h = legend_height(doc, c->nseries, c->series);
	struct axis a;
	size_t done = 0;
	int chunk = 0;

	make_axis(c->lang, c->unit, bars_max(c), 5, &a);
	do {
		size_t fit, n;
		float top, y0;

		/* At least three rows (or all) with the axis on this page. */
		pdf_need(doc, 18 + axis_h + row_h * (float)(c->ncats - done < 3 ? c->ncats - done : 3));
		fit = (size_t)((pdf_room(doc) - 18 - axis_h - 4) / row_h);
		n = c->ncats - done < fit ? c->ncats - done : fit;
		if (n == 0)
			n = 1;
		chart_title(doc, c->title, chunk > 0);
		top = pdf_cursor(doc);
		y0 = top - row_h * (float)n - 4;
		horizontal_ticks(doc, c, &a, x0, plot_w, top, y0);
		for (size_t k = 0; k < n; k++) {
			size_t i = done + k;
			float y = top - row_h * (float)(k + 1) + (row_h - bar_h) / 2, x = x0;
			char buf[CHART_LABEL_BUF];

			pdf_text_fit(doc, pdf_left(doc), y + 2, PDF_LABEL, 0, PDF_LEFT,
				     label_w - 6, c->cats[i]);
			for (size_t s = 0; s < c->nseries; s++) {
				int64_t v = c->values[i * c->nseries + s];
				float w = v > 0 ? (float)((double)v / (double)a.max) * plot_w : 0;

				fill_with(pdf_page(doc), style_of(c->styles, s), x, y, w, bar_h);
				x += w;
			}
			if (c->show_totals) {
				total_label(c, bar_total(c, i), buf);
				pdf_text(doc, x + 4, y + 2, PDF_VALUE, 0, PDF_LEFT, buf);
			}
		}
		pdf_advance(doc, top - y0 + axis_h);
		done += n;
		chunk++;
	} while (done < c->ncats);
	if (legend_h > 0)
		chart_legend(doc, c->nseries, c->series, c->styles);
	pdf_space(doc, 8);
}

void chart_bars(struct pdf_doc *doc, const struct chart_bars *c)
{
	if (c->horizontal)
		horizontal_bars(doc, c);
	else
		vertical_bars(doc, c);
}

/* ---- lines ---------------------------------------------------------------------- */

struct line_style {
	float r, g, b, width;
	HPDF_UINT16 dash[4];
	HPDF_UINT ndash;
};

/* Dark blue solid, orange dashed, dark grey dotted, purple dash-dot: in
 * black and white the dash patterns and widths tell them apart. */
static const struct line_style line_styles[CHART_NLINE_STYLES] = {
	{ 0.13f, 0.30f, 0.60f, 1.8f, { 0 }, 0 },
	{ 0.88f, 0.42f, 0.05f, 1.6f, { 5, 3 }, 2 },
	{ 0.20f, 0.20f, 0.20f, 1.5f, { 1, 2 }, 2 },
	{ 0.45f, 0.25f, 0.55f, 1.4f, { 6, 2, 1, 2 }, 4 },
};

/* The shade behind the lines: light red, hatched, like the timeline's gaps
 * but lighter, so that the lines stay readable on top of it. */
static const struct fill_style shade_style = { 0.99f, 0.84f, 0.84f, HATCH_DIAGONAL };

static const struct line_style *line_style_of(int style)
{
	return &line_styles[(style < 0 ? 0 : style) % CHART_NLINE_STYLES];
}

static void stroke_style(HPDF_Page page, const struct line_style *ls)
{
	HPDF_Page_SetRGBStroke(page, ls->r, ls->g, ls->b);
	HPDF_Page_SetLineWidth(page, ls->width);
	HPDF_Page_SetDash(page, ls->ndash ? ls->dash : NULL, ls->ndash, 0);
}

static void stroke_reset(HPDF_Page page)
{
	HPDF_Page_SetDash(page, NULL, 0, 0);
	HPDF_Page_SetGrayStroke(page, 0);
	HPDF_Page_SetLineWidth(page, 0.4f);
}

/* Room of the legend: an entry is a sample (a line or a box) and a label. */
static float legend_entry_width(struct pdf_doc *doc, const char *label)
{
	return 22 + pdf_text_width(doc, PDF_LABEL, 0, label) + 14;
}

static float lines_legend_height(struct pdf_doc *doc, const struct chart_lines *c)
{
	float x = 0, lines = 1;

	for (size_t i = 0; i <= c->nlines; i++) {
		const char *label = i < c->nlines ? c->lines[i].label : c->shade_label;
		float w;

		if (i == c->nlines && !(c->shade && label))
			break;
		w = legend_entry_width(doc, label);
		if (x > 0 && x + w > pdf_width(doc)) {
			lines++;
			x = 0;
		}
		x += w;
	}
	return lines * 13.0f + 4;
}

/* The legend's sample of the shade: the same fill and red hatching. */
static void shade_box(HPDF_Page page, float x, float y, float w, float h)
{
	HPDF_Page_SetRGBFill(page, shade_style.r, shade_style.g, shade_style.b);
	HPDF_Page_Rectangle(page, x, y, w, h);
	HPDF_Page_Fill(page);
	HPDF_Page_GSave(page);
	HPDF_Page_Rectangle(page, x, y, w, h);
	HPDF_Page_Clip(page);
	HPDF_Page_EndPath(page);
	HPDF_Page_SetLineWidth(page, 0.4f);
	HPDF_Page_SetRGBStroke(page, SIGNAL_R, SIGNAL_G, SIGNAL_B);
	hatch_lines(page, shade_style.hatch, x, y, w, h);
	HPDF_Page_Stroke(page);
	HPDF_Page_GRestore(page);
	HPDF_Page_SetLineWidth(page, 0.4f);
	HPDF_Page_SetRGBStroke(page, SIGNAL_R, SIGNAL_G, SIGNAL_B);
	HPDF_Page_Rectangle(page, x, y, w, h);
	HPDF_Page_Stroke(page);
	HPDF_Page_SetGrayFill(page, 0);
	HPDF_Page_SetGrayStroke(page, 0);
}

static void lines_legend(struct pdf_doc *doc, const struct chart_lines *c)
{
	float x = pdf_left(doc), right = pdf_left(doc) + pdf_width(doc), y;
	HPDF_Page page;

	pdf_need(doc, lines_legend_height(doc, c));
	page = pdf_page(doc);
	y = pdf_cursor(doc) - 13;
	for (size_t i = 0; i <= c->nlines; i++) {
		const char *label = i < c->nlines ? c->lines[i].label : c->shade_label;
		float w;

		if (i == c->nlines && !(c->shade && label))
			break;
		w = legend_entry_width(doc, label);
		if (x > pdf_left(doc) && x + w > right) {
			x = pdf_left(doc);
			y -= 13;
		}
		if (i < c->nlines) {
			stroke_style(page, line_style_of(c->lines[i].style));
			HPDF_Page_MoveTo(page, x, y + 3);
			HPDF_Page_LineTo(page, x + 18, y + 3);
			HPDF_Page_Stroke(page);
			stroke_reset(page);
		} else {
			shade_box(page, x + 3, y - 1, 12, 8);
		}
		pdf_text(doc, x + 22, y, PDF_LABEL, 0, PDF_LEFT, label);
		x += w;
	}
	pdf_advance(doc, pdf_cursor(doc) - y + 6);
}

struct plot {
	float x0, y0, w, h, dx; /* dx: width of one interval */
	struct axis a;
};

static float plot_y(const struct plot *p, int64_t v)
{
	if (v < 0)
		v = 0;
	return p->y0 + (float)((double)v / (double)p->a.max) * p->h;
}

/* The shade as one outline of steps, filled and hatched inside; p is the
 * strip below the plot. */
static void shade_path(HPDF_Page page, const struct chart_lines *c, const struct plot *p)
{
	HPDF_Page_MoveTo(page, p->x0, p->y0);
	for (size_t i = 0; i < c->npoints; i++) {
		int64_t bp = c->shade[i] < 0 ? 0 : c->shade[i] > 10000 ? 10000 : c->shade[i];
		float y = p->y0 + (float)bp / 10000.0f * p->h;

		HPDF_Page_LineTo(page, p->x0 + p->dx * (float)i, y);
		HPDF_Page_LineTo(page, p->x0 + p->dx * (float)(i + 1), y);
	}
	HPDF_Page_LineTo(page, p->x0 + p->w, p->y0);
	HPDF_Page_ClosePath(page);
}

static void draw_shade(HPDF_Page page, const struct chart_lines *c, const struct plot *p)
{
	const struct fill_style *s = &shade_style;

	HPDF_Page_SetRGBFill(page, s->r, s->g, s->b);
	shade_path(page, c, p);
	HPDF_Page_Fill(page);
	HPDF_Page_GSave(page);
	shade_path(page, c, p);
	HPDF_Page_Clip(page);
	HPDF_Page_EndPath(page);
	HPDF_Page_SetLineWidth(page, 0.4f);
	HPDF_Page_SetRGBStroke(page, SIGNAL_R, SIGNAL_G, SIGNAL_B);
	hatch_lines(page, s->hatch, p->x0, p->y0, p->w, p->h);
	HPDF_Page_Stroke(page);
	HPDF_Page_GRestore(page);
	HPDF_Page_SetGrayFill(page, 0);
}

static void draw_line(HPDF_Page page, const struct chart_lines *c, const struct chart_line *l,
		      const struct plot *p)
{
	stroke_style(page, line_style_of(l->style));
	if (c->mode == CHART_STEPS) {
		HPDF_Page_MoveTo(page, p->x0, plot_y(p, l->values[0]));
		for (size_t i = 0; i < c->npoints; i++) {
			float y = plot_y(p, l->values[i]);

			HPDF_Page_LineTo(page, p->x0 + p->dx * (float)i, y);
			HPDF_Page_LineTo(page, p->x0 + p->dx * (float)(i + 1), y);
		}
	} else {
		HPDF_Page_MoveTo(page, p->x0, p->y0);
		for (size_t i = 0; i < c->npoints; i++)
			HPDF_Page_LineTo(page, p->x0 + p->dx * (float)(i + 1),
					 plot_y(p, l->values[i]));
	}
	HPDF_Page_Stroke(page);
	stroke_reset(page);
}

/* The strip below the plot: a frame, 0 and 100 % at its left, the period
 * boundaries, and the shade. */
static void shade_strip(struct pdf_doc *doc, const struct chart_lines *c, const struct plot *p)
{
	HPDF_Page page = pdf_page(doc);
	size_t period = c->period ? c->period : 1;

	draw_shade(page, c, p);
	for (size_t k = period; k < c->npoints; k += period)
		line(page, 0.75f, 0.4f, p->x0 + p->dx * (float)k, p->y0, p->x0 + p->dx * (float)k,
		     p->y0 + p->h);
	HPDF_Page_SetLineWidth(page, 0.5f);
	HPDF_Page_SetGrayStroke(page, 0.3f);
	HPDF_Page_Rectangle(page, p->x0, p->y0, p->w, p->h);
	HPDF_Page_Stroke(page);
	HPDF_Page_SetGrayStroke(page, 0);
	pdf_text(doc, p->x0 - 5, p->y0 + p->h - 5, PDF_TICK, 0, PDF_RIGHT, "100 %");
	pdf_text(doc, p->x0 - 5, p->y0, PDF_TICK, 0, PDF_RIGHT, "0 %");
}

/* The time axis at base: a tick at every period, the periods numbered 1,
 * 2, ... (every second or fifth number when they are narrow). */
static void period_axis(struct pdf_doc *doc, const struct chart_lines *c, const struct plot *p,
			float base)
{
	size_t period = c->period ? c->period : 1;
	size_t nperiods = (c->npoints + period - 1) / period;
	float period_w = p->dx * (float)period;
	size_t every = period_w >= 14 ? 1 : period_w >= 7 ? 2 : period_w >= 3 ? 5 : 10;

	for (size_t k = 0; k <= nperiods; k++) {
		float x = p->x0 + p->dx * (float)(k * period < c->npoints ? k * period : c->npoints);

		line(pdf_page(doc), 0, 0.5f, x, base, x, base - 3);
		if (k < nperiods && ((k + 1) % every == 0 || (k == 0 && every >= 5))) {
			char label[24];

			snprintf(label, sizeof(label), "%zu", k + 1);
			pdf_text(doc, x + period_w / 2, base - 10, PDF_TICK, 0, PDF_CENTER,
				 label);
		}
	}
	if (c->period_label)
		pdf_text(doc, p->x0 + p->w, base - 19, PDF_TICK, 0, PDF_RIGHT,
			 c->period_label);
}

/* A line's name at its right end, with its last value when asked. */
static void end_label_text(const struct chart_lines *c, const struct chart_line *l,
			   char buf[CHART_LABEL_BUF * 2])
{
	char value[CHART_LABEL_BUF];

	if (!c->end_values) {
		snprintf(buf, CHART_LABEL_BUF * 2, "%s", l->label);
		return;
	}
	if (c->unit == CHART_MONEY)
		chart_short_money(c->lang, l->values[c->npoints - 1], value);
	else
		chart_tick_label(c->lang, l->values[c->npoints - 1], 100, 2, value);
	snprintf(buf, CHART_LABEL_BUF * 2, "%.60s: %s", l->label, value);
}

/* Each line's label at its right end, moved apart when ends are close. */
static void end_labels(struct pdf_doc *doc, const struct chart_lines *c, const struct plot *p,
		       float max_w)
{
	float y[CHART_NLINE_STYLES * 2];
	size_t order[CHART_NLINE_STYLES * 2], n = c->nlines < 8 ? c->nlines : 8;

	for (size_t i = 0; i < n; i++) {
		y[i] = plot_y(p, c->lines[i].values[c->npoints - 1]);
		order[i] = i;
	}
	/* top to bottom, each at least 9 pt below the one above */
	for (size_t i = 1; i < n; i++)
		for (size_t k = i; k > 0 && y[order[k]] > y[order[k - 1]]; k--) {
			size_t tmp = order[k];

			order[k] = order[k - 1];
			order[k - 1] = tmp;
		}
	for (size_t k = 1; k < n; k++)
		if (y[order[k]] > y[order[k - 1]] - 9)
			y[order[k]] = y[order[k - 1]] - 9;
	for (size_t i = 0; i < n; i++) {
		char text[CHART_LABEL_BUF * 2];

		end_label_text(c, &c->lines[i], text);
		pdf_text_fit(doc, p->x0 + p->w + 4, y[i] - 2.5f, PDF_LABEL, 0, PDF_LEFT,
			     max_w, text);
	}
}

static int64_t lines_max(const struct chart_lines *c)
{
	int64_t max = 0;

	for (size_t l = 0; l < c->nlines; l++)
		for (size_t i = 0; i < c->npoints; i++)
			if (c->lines[l].values[i] > max)
				max = c->lines[l].values[i];
	return max;
}

void chart_lines(struct pdf_doc *doc, const struct chart_lines *c)
{
	const float label_w = 46, plot_h = c->height > 0 ? c->height : 170;
	const float strip_h = c->shade ? 26 : 0, strip_gap = c->shade ? 6 : 0;
	float end_w = 0, top, base;
	struct plot p, strip;
	char buf[CHART_LABEL_BUF * 2];
	int64_t max;

	if (c->npoints == 0)
		return;
	for (size_t l = 0; l < c->nlines; l++) {
		float w;

		end_label_text(c, &c->lines[l], buf);
		w = pdf_text_width(doc, PDF_LABEL, 0, buf) + 8;
		end_w = w > end_w ? w : end_w;
	}
	end_w = end_w > 140 ? 140 : end_w < 20 ? 20 : end_w;
	pdf_need(doc, (c->title ? 18 : 0) + 14 + plot_h + strip_gap + strip_h + 24 +
			      lines_legend_height(doc, c));
	chart_title(doc, c->title, 0);
	top = pdf_cursor(doc);
	max = lines_max(c);
	/* a little headroom, so that a line at its maximum is not the frame */
	make_axis(c->lang, c->unit, max + max / 20, 5, &p.a);
	if (c->unit == CHART_AMOUNT && c->unit_label)
		p.a.unit_label = c->unit_label;
	p.x0 = pdf_left(doc) + label_w;
	p.w = pdf_width(doc) - label_w - end_w;
	p.h = plot_h;
	p.y0 = top - 14 - plot_h;
	p.dx = p.w / (float)c->npoints;
	pdf_text(doc, p.x0 - 6, top - 8, PDF_TICK, 0, PDF_RIGHT, p.a.unit_label);
	for (int64_t v = 0; v <= p.a.max; v += p.a.step) {
		float y = plot_y(&p, v);

		line(pdf_page(doc), 0.82f, 0.4f, p.x0, y, p.x0 + p.w, y);
		axis_label(c->lang, &p.a, v, buf);
		pdf_text(doc, p.x0 - 5, y - 2.5f, PDF_TICK, 0, PDF_RIGHT, buf);
	}
	for (size_t l = 0; l < c->nlines; l++)
		draw_line(pdf_page(doc), c, &c->lines[l], &p);
	line(pdf_page(doc), 0, 0.7f, p.x0, p.y0, p.x0 + p.w, p.y0);
	line(pdf_page(doc), 0, 0.7f, p.x0, p.y0, p.x0, top - 12);
	base = p.y0;
	if (c->shade) {
		strip = p;
		strip.h = strip_h;
		strip.y0 = p.y0 - strip_gap - strip_h;
		shade_strip(doc, c, &strip);
		base = strip.y0;
	}
	period_axis(doc, c, &p, base);
	end_labels(doc, c, &p, end_w - 4);
	pdf_advance(doc, top - base + 24);
	lines_legend(doc, c);
	pdf_space(doc, 8);
}

/* ---- timeline ------------------------------------------------------------------ */

struct time_axis {
	long d0, d1; /* first and last day shown */
	int y0, y1;  /* first and last year */
	float x0, w;
};

static float day_x(const struct time_axis *t, long day)
{
	return t->x0 + (float)((double)(day - t->d0) / (double)(t->d1 - t->d0 + 1)) * t->w;
}

static void year_bounds(const char *iso, int *lo, int *hi)
{
	int y;

	if (!iso || !date_is_valid_iso(iso))
		return;
	y = date_year(iso);
	if (*lo == 0 || y < *lo)
		*lo = y;
	if (*hi == 0 || y > *hi)
		*hi = y;
}

static void time_range(const struct chart_timeline *t, struct time_axis *a)
{
	char first[DATE_BUF], last[DATE_BUF];
	int lo = 0, hi = 0;

	for (size_t r = 0; r < t->nrows; r++)
		for (size_t s = 0; s < t->rows[r].nspans; s++) {
			year_bounds(t->rows[r].spans[s].from, &lo, &hi);
			year_bounds(t->rows[r].spans[s].to, &lo, &hi);
		}
	year_bounds(t->today, &lo, &hi);
	if (lo == 0)
		lo = hi = 2000;
	snprintf(first, sizeof(first), "%04d-01-01", lo);
	snprintf(last, sizeof(last), "%04d-12-31", hi);
	a->y0 = lo;
	a->y1 = hi;
	a->d0 = date_to_days(first);
	a->d1 = date_to_days(last);
}

static void time_grid(struct pdf_doc *doc, const struct time_axis *a, float top, float bottom)
{
	HPDF_Page page = pdf_page(doc);
	float year_w = a->w / (float)(a->y1 - a->y0 + 1);
	int every = year_w >= 24 ? 1 : year_w >= 12 ? 2 : 5;

	for (int y = a->y0; y <= a->y1 + 1; y++) {
		char iso[DATE_BUF], label[8];
		float x;

		snprintf(iso, sizeof(iso), "%04d-01-01", y);
		x = y > a->y1 ? a->x0 + a->w : day_x(a, date_to_days(iso));
		line(page, 0.8f, 0.4f, x, bottom, x, top);
		if (y <= a->y1 && (y - a->y0) % every == 0) {
			snprintf(label, sizeof(label), "%d", y);
			pdf_text(doc, x + year_w * (float)every / 2, bottom - 9, PDF_TICK, 0,
				 PDF_CENTER, label);
		}
	}
	line(page, 0, 0.7f, a->x0, bottom, a->x0 + a->w, bottom);
}

static void today_line(struct pdf_doc *doc, const struct chart_timeline *t,
		       const struct time_axis *a, float top, float bottom)
{
	static const HPDF_UINT16 dash[] = { 3, 2 };
	HPDF_Page page = pdf_page(doc);
	float x;

	if (!t->today || !date_is_valid_iso(t->today))
		return;
	x = day_x(a, date_to_days(t->today));
	HPDF_Page_SetDash(page, dash, 2, 0);
	line(page, 0.1f, 0.8f, x, bottom - 11, x, top + 2);
	HPDF_Page_SetDash(page, NULL, 0, 0);
	/* below the year labels, where no gap label can be */
	pdf_text(doc, x, bottom - 18, PDF_VALUE, 0, PDF_CENTER, report_text(t->lang, T_TODAY));
}

static void draw_span(struct pdf_doc *doc, const struct time_axis *a, const struct chart_span *s,
		      float y, float bar_h)
{
	const struct fill_style *style = s->kind == CHART_GAP	     ? &gap_style
					 : s->kind == CHART_HIGHLIGHT ? &highlight_style
								      : &link_style;
	float x0, x1;

	if (!s->from || !s->to || !date_is_valid_iso(s->from) || !date_is_valid_iso(s->to))
		return;
	x0 = day_x(a, date_to_days(s->from));
	x1 = day_x(a, date_to_days(s->to) + 1);
	if (x1 - x0 < 1.2f)
		x1 = x0 + 1.2f; /* a gap of a few days stays visible */
	fill_with(pdf_page(doc), style, x0, y, x1 - x0, bar_h);
	if (!s->label)
		return;
	if (s->kind == CHART_GAP) {
		float w = pdf_text_width(doc, PDF_VALUE_STRONG, 0, s->label);
		HPDF_Page page = pdf_page(doc);

		/* a white ground keeps the label readable over grid and today line */
		HPDF_Page_SetGrayFill(page, 1);
		HPDF_Page_Rectangle(page, (x0 + x1) / 2 - w / 2 - 1.5f, y + bar_h + 1.2f, w + 3, 7.5f);
		HPDF_Page_Fill(page);
		HPDF_Page_SetGrayFill(page, 0);
		pdf_text_color(doc, SIGNAL_R, SIGNAL_G, SIGNAL_B);
		pdf_text(doc, (x0 + x1) / 2, y + bar_h + 2.5f, PDF_VALUE_STRONG, 0, PDF_CENTER, s->label);
		pdf_text_color(doc, 0, 0, 0);
	} else if (x1 - x0 > 14) {
		if (s->kind == CHART_HIGHLIGHT)
			pdf_text_color(doc, 1, 1, 1);
		pdf_text_fit(doc, x0 + 2, y + 2.8f, PDF_VALUE, 0, PDF_LEFT, x1 - x0 - 4, s->label);
		pdf_text_color(doc, 0, 0, 0);
	}
}

static void timeline_legend(struct pdf_doc *doc, enum report_lang lang)
{
	const struct fill_style *styles[] = { &link_style, &gap_style };
	const char *labels[] = { report_text(lang, T_LINK), report_text(lang, T_GAP) };
	float x = pdf_left(doc), y;

	pdf_need(doc, 16);
	y = pdf_cursor(doc) - 11;
	for (size_t i = 0; i < 2; i++) {
		fill_with(pdf_page(doc), styles[i], x, y - 1, 12, 8);
		x += 16 + pdf_text(doc, x + 16, y, PDF_LABEL, 0, PDF_LEFT, labels[i]) + 14;
	}
	pdf_advance(doc, 16);
}

void chart_timeline(struct pdf_doc *doc, const struct chart_timeline *t)
{
	const float row_h = 24, bar_h = 10, label_w = 92, axis_h = 22;
	struct time_axis a;
	size_t done = 0;
	int chunk = 0;

	time_range(t, &a);
	a.x0 = pdf_left(doc) + label_w;
	a.w = pdf_width(doc) - label_w - 4;
	while (done < t->nrows) {
		size_t fit, n;
		float top, bottom;

		pdf_need(doc, 18 + 10 + axis_h + row_h * (float)(t->nrows - done < 3 ? t->nrows - done : 3));
		fit = (size_t)((pdf_room(doc) - 18 - 10 - axis_h - 20) / row_h);
		n = t->nrows - done < fit ? t->nrows - done : fit;
		if (n == 0)
			n = 1;
		chart_title(doc, t->title, chunk > 0);
		top = pdf_cursor(doc) - 10;
		bottom = top - row_h * (float)n;
		time_grid(doc, &a, top, bottom);
		today_line(doc, t, &a, top, bottom);
		for (size_t k = 0; k < n; k++) {
			const struct chart_timeline_row *row = &t->rows[done + k];
			float y = top - row_h * (float)(k + 1) + 4;

			pdf_text_fit(doc, pdf_left(doc), y + 2, PDF_LABEL, 0, PDF_LEFT,
				     label_w - 6, row->label);
			for (size_t s = 0; s < row->nspans; s++)
				draw_span(doc, &a, &row->spans[s], y, bar_h);
		}
		pdf_advance(doc, pdf_cursor(doc) - bottom + axis_h);
		done += n;
		chunk++;
	}
	timeline_legend(doc, t->lang);
	pdf_space(doc, 8);
}

/* ---- gauge ----------------------------------------------------------------------- */

void chart_gauge_cell(struct pdf_doc *doc, const void *row_data, float x, float y, float w,
		      float h)
{
	const struct chart_gauge *g = row_data;
	HPDF_Page page = pdf_page(doc);
	const float text_w = 26, bar_h = 7;
	float bar_w = w - text_w, by = y + h - bar_h - 1.5f;
	char pct[16];

	if (g->approved <= 0 || bar_w < 10)
		return;
	/* drawn (medium) and spent (dark, narrower) in proportion to approved */
	for (int pass = 0; pass < 2; pass++) {
		int64_t v = pass == 0 ? g->drawn : g->spent;
		double share = v <= 0 ? 0 : (double)v / (double)g->approved;
		float inset = pass == 0 ? 0 : 1.8f;

		if (share > 1)
			share = 1;
		HPDF_Page_SetGrayFill(page, pass == 0 ? 0.62f : 0.18f);
		HPDF_Page_Rectangle(page, x, by + inset, bar_w * (float)share, bar_h - 2 * inset);
		HPDF_Page_Fill(page);
	}
	HPDF_Page_SetGrayFill(page, 0);
	HPDF_Page_SetLineWidth(page, 0.5f);
	HPDF_Page_Rectangle(page, x, by, bar_w, bar_h);
	HPDF_Page_Stroke(page);
	snprintf(pct, sizeof(pct), "%d %%", (money_share_bp(g->spent, g->approved) + 50) / 100);
	pdf_text(doc, x + w, by + 1, PDF_VALUE, 0, PDF_RIGHT, pct);
}
