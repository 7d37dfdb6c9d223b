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
