/* report_util.c - frame, transaction, rendering and cell rows of reports. */
#include "report_util.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "readmodel.h"

int report_frame_init(struct report_frame *f, struct store *st, const struct report_options *o,
		      struct ft_error *err)
{
	memset(f, 0, sizeof(*f));
	f->o = o;
	f->lang = o->lang;
	if (o->as_of[0])
		memcpy(f->as_of, o->as_of, DATE_BUF);
	else
		date_today(f->as_of);
	report_date(f->lang, f->as_of, f->as_of_text);
	if (!st)
		return 0; /* no database: a report without a city */
	return rm_own_city_name(st, f->city, sizeof(f->city), err);
}

int report_write(const struct report_frame *f, const char *title, const char *subject,
		 pdf_layout_fn layout, void *arg, const char *path, struct report_info *info,
		 struct ft_error *err)
{
	struct pdf_setup setup = {
		.title = title,
		.subject = subject,
		.author = f->city[0] ? f->city : report_text(f->lang, T_AUTHOR),
		.city = f->city[0] ? f->city : NULL,
		.date = f->as_of_text,
		.font = f->o->font,
		.words = { report_text(f->lang, T_PAGE), report_text(f->lang, T_OF),
			   report_text(f->lang, T_CONTINUED) },
		.lang = f->lang == LANG_EN ? "en" : "de-DE",
		.keywords = report_text(f->lang, T_KEYWORDS),
	};
	int pages = 0;

	if (pdf_creation_time(&setup.created, err))
		return -1;
	if (pdf_render(&setup, layout, arg, path, &pages, err))
		return -1;
	if (info)
		info->pages = pages;
	return 0;
}

void report_cover(struct pdf_doc *doc, const struct report_frame *f, const char *title,
		  const char *const *lines, size_t nlines, int contents_entries)
{
	pdf_space(doc, 70);
	pdf_paragraph(doc, PDF_TITLE, title);
	pdf_space(doc, 6);
	for (size_t i = 0; i < nlines; i++)
		pdf_paragraph(doc, PDF_SUBTITLE, lines[i]);
	pdf_space(doc, 10);
	pdf_paragraph(doc, PDF_SMALL, report_text(f->lang, T_COVER_NOTE));
	pdf_space(doc, 40);
	if (contents_entries > 0)
		pdf_contents(doc, report_text(f->lang, T_CONTENTS), contents_entries);
	pdf_new_page(doc);
}

/* ---- the summary page ------------------------------------------------------- */

#define FIGURE_BOX_H 70.0f
#define FIGURE_GAP 10.0f

/* One headline figure in a framed box: label, the figure large, the year
 * before small. */
static void figure_box(struct pdf_doc *doc, const struct report_figure *fig, float x, float top,
		       float w)
{
	HPDF_Page page = pdf_page(doc);
	float inner = w - 16;

	HPDF_Page_SetGrayFill(page, 0.94f);
	HPDF_Page_Rectangle(page, x, top - FIGURE_BOX_H, w, FIGURE_BOX_H);
	HPDF_Page_Fill(page);
	HPDF_Page_SetGrayFill(page, 0);
	HPDF_Page_SetGrayStroke(page, 0.55f);
	HPDF_Page_SetLineWidth(page, 0.6f);
	HPDF_Page_Rectangle(page, x, top - FIGURE_BOX_H, w, FIGURE_BOX_H);
	HPDF_Page_Stroke(page);
	HPDF_Page_SetGrayStroke(page, 0);
	pdf_text_fit(doc, x + 8, top - 14, PDF_SMALL, 0, PDF_LEFT, inner, fig->label);
	pdf_text_fit(doc, x + 8, top - 34, PDF_FIGURE, 0, PDF_LEFT, inner, fig->value);
	if (fig->before)
		pdf_text_fit(doc, x + 8, top - 50, PDF_SMALL, 0, PDF_LEFT, inner, fig->before);
	if (fig->change)
		pdf_text_fit(doc, x + 8, top - 62, PDF_SMALL, 0, PDF_LEFT, inner, fig->change);
}

static void summary_figures(struct pdf_doc *doc, const struct report_summary *s)
{
	float n = (float)s->nfigures;
	float w = (pdf_width(doc) - FIGURE_GAP * (n - 1)) / n, top;

	if (s->nfigures == 0)
		return;
	pdf_need(doc, FIGURE_BOX_H + 12);
	top = pdf_cursor(doc) - 4;
	for (size_t i = 0; i < s->nfigures; i++)
		figure_box(doc, &s->figures[i], pdf_left(doc) + (float)i * (w + FIGURE_GAP), top, w);
	pdf_advance(doc, FIGURE_BOX_H + 14);
}

static void summary_urgent(struct pdf_doc *doc, const struct report_frame *f,
			   const struct report_summary *s)
{
	const struct pdf_column cols[] = {
		{ report_text(f->lang, T_DATE), 0.75f, PDF_LEFT, NULL },
		{ report_text(f->lang, T_DUE), 1.2f, PDF_LEFT, NULL },
		{ report_text(f->lang, T_DEADLINE), 2.0f, PDF_LEFT, NULL },
		{ s->where_label ? s->where_label : report_text(f->lang, T_PROJECT), 1.9f, PDF_LEFT,
		  NULL },
	};

	if (!s->urgent_title)
		return;
	pdf_paragraph(doc, PDF_H2, s->urgent_title);
	if (s->nurgent == 0) {
		pdf_paragraph(doc, PDF_BODY, s->no_urgent);
		return;
	}
	pdf_table_keep(doc, (int)s->nurgent);
	pdf_table_begin(doc, NULL, cols, 4, PDF_TABLE_HEADER);
	for (size_t i = 0; i < s->nurgent; i++) {
		const char *cells[] = { s->urgent[i].date, s->urgent[i].due, s->urgent[i].what,
					s->urgent[i].where };

		pdf_table_row(doc, cells, NULL);
	}
	pdf_table_end(doc);
}

static void summary_findings(struct pdf_doc *doc, const struct report_summary *s)
{
	if (!s->findings_title)
		return;
	pdf_paragraph(doc, PDF_H2, s->findings_title);
	pdf_paragraph(doc, PDF_STRONG, s->findings);
	for (size_t i = 0; i < s->ntop; i++) {
		char line[400];

		snprintf(line, sizeof(line), "– %s", s->top_findings[i]);
		pdf_paragraph(doc, PDF_BODY, line);
	}
	pdf_space(doc, 6);
}

void report_summary_page(struct pdf_doc *doc, const struct report_frame *f,
			 const struct report_summary *s)
{
	pdf_bookmark(doc, 1, report_text(f->lang, T_SUMMARY));
	pdf_paragraph(doc, PDF_TITLE, s->title);
	if (s->subtitle)
		pdf_paragraph(doc, PDF_SUBTITLE, s->subtitle);
	pdf_space(doc, 6);
	if (s->changed)
		pdf_paragraph(doc, PDF_STRONG, s->changed);
	pdf_space(doc, 4);
	summary_figures(doc, s);
	summary_urgent(doc, f, s);
	summary_findings(doc, s);
	if (s->only)
		pdf_paragraph(doc, PDF_BODY, s->only);
	if (s->contents_entries > 0)
		pdf_contents(doc, report_text(f->lang, T_CONTENTS), s->contents_entries);
	pdf_space(doc, 12);
	pdf_paragraph(doc, PDF_SMALL, report_text(f->lang, T_COVER_NOTE));
	/* an empty network had a page 2 with one sentence on it */
	if (!s->only)
		pdf_new_page(doc);
}

const char *report_finding_days(enum report_lang lang, const char *rule_id, long days,
				char buf[REPORT_COUNT_BUF])
{
	int en = lang == LANG_EN;
	char n[REPORT_COUNT_BUF];

	/* proofs and conditions: days overdue, negative: days left ("-10 Tage"
	 * for a condition due in 10 days was the visual pass's finding) */
	if (strstr(rule_id, "PROOF") || strstr(rule_id, "CONDITION"))
		return report_due(lang, -days, buf);
	if (strcmp(rule_id, "FT-IDLE-FUNDS") == 0)
		snprintf(buf, REPORT_COUNT_BUF, en ? "idle for %s" : "%s ungenutzt",
			 report_count(lang, days, N_DAY, n));
	else if (strcmp(rule_id, "FT-STATUS-STALE") == 0)
		snprintf(buf, REPORT_COUNT_BUF, en ? "ended %s ago" : "seit %s beendet",
			 report_count(lang, days, N_DAY_DATIVE, n));
	else if (strcmp(rule_id, "FT-GAP-RISK") == 0)
		snprintf(buf, REPORT_COUNT_BUF, en ? "ends in %s" : "endet in %s",
			 report_count(lang, days, N_DAY_DATIVE, n));
	else if (strcmp(rule_id, "FT-CHAIN-GAP") == 0)
		snprintf(buf, REPORT_COUNT_BUF, en ? "gap of %s" : "%s Lücke",
			 report_count(lang, days, N_DAY, n));
	else
		report_count(lang, days, N_DAY, buf);
	return buf;
}

void report_money_change(enum report_lang lang, int64_t before, int64_t now, char *buf,
			 size_t size)
{
	char money[MONEY_BUF], rate[RATE_BUF];
	const char *sign = now > before ? "+" : "";

	report_money(lang, now - before, money);
	if (before <= 0) {
		snprintf(buf, size, "%s%s", sign, money);
		return;
	}
	report_rate(lang, money_share_bp(now - before, before), rate);
	snprintf(buf, size, "%s%s (%s%s)", sign, money, sign, rate);
}

/* ---- rows ------------------------------------------------------------------- */

void row_start(struct report_row *r, enum report_lang lang)
{
	r->lang = lang;
	r->n = 0;
}

static char *next_buf(struct report_row *r)
{
	if (r->n >= ROW_MAX)
		r->n = ROW_MAX - 1; /* a programming error; never overflow */
	r->cells[r->n] = r->buf[r->n];
	return r->buf[r->n++];
}

void row_text(struct report_row *r, const char *text)
{
	if (r->n >= ROW_MAX)
		return;
	r->cells[r->n++] = text ? text : "";
}

void row_money(struct report_row *r, int64_t cents)
{
	char money[MONEY_BUF];

	report_money(r->lang, cents, money);
	snprintf(next_buf(r), ROW_CELL_BUF, "%s", money);
}

void row_rate(struct report_row *r, int bp)
{
	char rate[RATE_BUF];

	report_rate(r->lang, bp, rate);
	snprintf(next_buf(r), ROW_CELL_BUF, "%s", rate);
}

void row_int(struct report_row *r, int64_t n)
{
	char num[REPORT_NUM_BUF];

	report_int(r->lang, n, num);
	snprintf(next_buf(r), ROW_CELL_BUF, "%s", num);
}

void row_date(struct report_row *r, const char *iso)
{
	char date[DATE_BUF];

	report_date(r->lang, iso, date);
	snprintf(next_buf(r), ROW_CELL_BUF, "%s", date);
}

void row_printf(struct report_row *r, const char *fmt, ...)
{
	char *buf = next_buf(r);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, ROW_CELL_BUF, fmt, ap);
	va_end(ap);
}
