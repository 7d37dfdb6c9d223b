/* report_project.c - the report on one project. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart.h"
#include "checks.h"
#include "deadlines.h"
#include "figures.h"
#include "readmodel.h"
#include "report_util.h"

struct project_data {
	struct report_frame f;
	const char *code;
	struct rm_project master; /* as recorded (not figures) */
	struct grantset gs;       /* loaded once: the figures point into it */
	char costs[MONEY_BUF];    /* master.costs formatted, "" when not set */
	struct plan_result plan;
	struct budget_figures *grant_figures; /* one per plan grant */
	struct budget_result budget;          /* by project: the bookings' sums */
	const struct budget_row *budget_row;
	struct chain_result chains;
	const struct chain *chain;
	size_t position;
	struct rm_bookings bookings;
	int year;                               /* the budget year of page 1 */
	struct budget_result year_now, year_before; /* by project, for page 1 */
	const struct budget_row *row_now, *row_before;
	struct deadline_result deadlines;
	struct check_result checks;
	/* the timeline's spans, made before the layout */
	struct chart_span *spans;
	char (*gap_from)[DATE_BUF], (*gap_to)[DATE_BUF], (*gap_labels)[REPORT_COUNT_BUF];
	size_t nspans;
};

static const char *t(const struct project_data *d, enum report_text id)
{
	return report_text(d->f.lang, id);
}

/* ---- loading ---------------------------------------------------------------------- */

static const struct budget_row *project_row(const struct budget_result *r, const char *code)
{
	for (size_t i = 0; i < r->nrows; i++)
		if (strcmp(r->rows[i].keys[0], code) == 0)
			return &r->rows[i];
	return NULL;
}

/* Page 1: the project's figures in the budget year and the year before,
 * its deadlines and findings (the whole city's, filtered below). */
static int load_summary(struct store *st, struct project_data *d, const char *code,
			struct ft_error *err)
{
	struct budget_query q = { .keys = { BUDGET_PROJECT }, .nkeys = 1, .year = d->year };
	struct deadline_query dq = { .days = DEADLINES_DEFAULT_DAYS };

	memcpy(q.as_of, d->f.as_of, DATE_BUF);
	if (figures_budget_of(&d->gs, &q, &d->year_now, err))
		return -1;
	q.year = d->year - 1;
	if (figures_budget_of(&d->gs, &q, &d->year_before, err) ||
	    deadlines_list_of(&d->gs, &dq, &d->deadlines, err) ||
	    checks_run_of(st, &d->gs, &d->checks, err))
		return -1;
	d->row_now = project_row(&d->year_now, code);
	d->row_before = project_row(&d->year_before, code);
	return 0;
}

static int load_figures(struct store *st, struct project_data *d, const char *code,
			struct ft_error *err)
{
	struct budget_query q = { .keys = { BUDGET_PROJECT }, .nkeys = 1 };

	memcpy(q.as_of, d->f.as_of, DATE_BUF);
	/* one grant set for the plan, the booked sums and the chain */
	if (grantset_load(&d->gs, st, GS_OWN_CITY, d->f.as_of, err) ||
	    figures_plan_of(&d->gs, code, &d->plan, err) ||
	    figures_budget_of(&d->gs, &q, &d->budget, err) ||
	    figures_chains_of(&d->gs, &d->chains, err))
		return -1;
	d->grant_figures = calloc(d->plan.ngrants + 1, sizeof(*d->grant_figures));
	if (!d->grant_figures)
		return ft_fail(err, "out of memory");
	for (size_t i = 0; i < d->plan.ngrants; i++)
		if (figures_of_grant(d->plan.grants[i].grant, 0, &d->grant_figures[i], err))
			return -1;
	for (size_t i = 0; i < d->budget.nrows; i++)
		if (strcmp(d->budget.rows[i].keys[0], code) == 0)
			d->budget_row = &d->budget.rows[i];
	d->chain = figures_chain_of(&d->chains, code, &d->position);
	return load_summary(st, d, code, err);
}

/* Every part of the report from one read transaction (store_read). */
static int load(struct store *st, void *arg, struct ft_error *err)
{
	struct project_data *d = arg;

	if (rm_project_master(st, d->code, &d->master, err) || load_figures(st, d, d->code, err) ||
	    rm_project_bookings(st, d->code, &d->bookings, err))
		return -1;
	if (d->master.costs >= 0)
		report_money(d->f.lang, d->master.costs, d->costs);
	return 0;
}

/* The chain as spans: links (this project highlighted) and gaps. */
static int make_spans(struct project_data *d)
{
	const struct chain *c = d->chain;
	size_t n = c ? c->nlinks : 0;

	d->spans = calloc(2 * n + 1, sizeof(*d->spans));
	d->gap_from = calloc(n + 1, sizeof(*d->gap_from));
	d->gap_to = calloc(n + 1, sizeof(*d->gap_to));
	d->gap_labels = calloc(n + 1, sizeof(*d->gap_labels));
	if (!d->spans || !d->gap_from || !d->gap_to || !d->gap_labels)
		return -1;
	for (size_t l = 0; l < n; l++) {
		const struct chain_link *link = &c->links[l];
		char days[REPORT_COUNT_BUF];

		if (link->has_gap && link->gap_days > 0) {
			date_from_days(date_to_days(c->links[l - 1].end) + 1, d->gap_from[l]);
			date_from_days(date_to_days(link->start) - 1, d->gap_to[l]);
			report_count(d->f.lang, link->gap_days, N_DAY, days);
			snprintf(d->gap_labels[l], sizeof(d->gap_labels[l]), "%s", days);
			d->spans[d->nspans++] = (struct chart_span){ d->gap_from[l], d->gap_to[l],
								     CHART_GAP, d->gap_labels[l] };
		}
		if (link->start[0] && link->end[0])
			d->spans[d->nspans++] = (struct chart_span){
				link->start, link->end, l == d->position ? CHART_HIGHLIGHT : CHART_LINK,
				link->project->code
			};
	}
	return 0;
}

static void release(struct project_data *d)
{
	rm_project_release(&d->master);
	rm_bookings_release(&d->bookings);
	free(d->grant_figures);
	free(d->spans);
	free(d->gap_from);
	free(d->gap_to);
	free(d->gap_labels);
	plan_result_release(&d->plan);
	budget_result_release(&d->budget);
	budget_result_release(&d->year_now);
	budget_result_release(&d->year_before);
	deadline_result_release(&d->deadlines);
	check_result_release(&d->checks);
	chain_result_release(&d->chains);
	grantset_release(&d->gs); /* last: the results point into it */
}

/* ---- layout ----------------------------------------------------------------------------- */

static const struct pdf_column record_cols[] = {
	{ NULL, 1.0f, PDF_LEFT, NULL },
	{ NULL, 2.6f, PDF_LEFT, NULL },
};

static void record(struct pdf_doc *doc, const char *label, const char *value)
{
	const char *cells[] = { label, value && *value ? value : "–" };

	pdf_table_row(doc, cells, NULL);
}

static void master_data(struct pdf_doc *doc, struct project_data *d)
{
	const struct rm_project *m = &d->master;
	char district[300], period[40], start[DATE_BUF], end[DATE_BUF];

	snprintf(district, sizeof(district), "%s%s%s%s", m->district ? m->district : "",
		 m->district_code ? " (" : "", m->district_code ? m->district_code : "",
		 m->district_code ? ")" : "");
	report_date(d->f.lang, m->start, start);
	report_date(d->f.lang, m->end, end);
	snprintf(period, sizeof(period), "%s – %s", start[0] ? start : "?", end[0] ? end : "?");
	pdf_heading(doc, 1, t(d, T_MASTER_DATA), 120);
	pdf_table_keep(doc, 10);
	pdf_table_begin(doc, NULL, record_cols, 2, PDF_TABLE_ZEBRA);
	record(doc, t(d, T_CODE), m->code);
	record(doc, t(d, T_TITLE), m->title);
	record(doc, t(d, T_FIELD), report_field(d->f.lang, m->field));
	record(doc, t(d, T_DISTRICT), district);
	record(doc, t(d, T_CARRIER), m->carrier);
	record(doc, t(d, T_TARGET_GROUP), m->target_group);
	record(doc, t(d, T_PERIOD), m->start || m->end ? period : NULL);
	record(doc, t(d, T_COSTS), d->costs[0] ? d->costs : NULL);
	record(doc, t(d, T_PREDECESSOR), m->predecessor);
	record(doc, t(d, T_SUCCESSOR), m->successor);
	pdf_table_end(doc);
}

static void plan_summary(struct pdf_doc *doc, struct project_data *d)
{
	const struct plan_result *p = &d->plan;
	struct report_row row;

	row_start(&row, d->f.lang);
	row_money(&row, p->approved);
	row_rate(&row, p->costs_share_bp);
	row_money(&row, p->third_party);
	row_money(&row, p->own);
	row_rate(&row, p->own_share_bp);
	row_money(&row, p->applied);
	pdf_table_keep(doc, 7);
	pdf_table_begin(doc, NULL, record_cols, 2, PDF_TABLE_ZEBRA);
	record(doc, t(d, T_COSTS), d->costs[0] ? d->costs : NULL);
	record(doc, t(d, T_APPROVED), row.cells[0]);
	record(doc, t(d, T_COSTS_COVERED), p->costs_share_bp >= 0 ? row.cells[1] : NULL);
	record(doc, t(d, T_THIRD_PARTY), row.cells[2]);
	record(doc, t(d, T_OWN_SHARE), row.cells[3]);
	record(doc, t(d, T_OWN_SHARE_PCT), row.cells[4]);
	record(doc, t(d, T_APPLIED), row.cells[5]);
	pdf_table_end(doc);
}

static void plan_grants(struct pdf_doc *doc, struct project_data *d)
{
	const struct pdf_column cols[] = {
		{ t(d, T_REF), 1.45f, PDF_LEFT, NULL },	    { t(d, T_PROGRAMME), 0.75f, PDF_LEFT, NULL },
		{ t(d, T_LEVEL), 1.3f, PDF_LEFT, NULL },    { t(d, T_RATE), 0.6f, PDF_RIGHT, NULL },
		{ t(d, T_APPROVAL_PERIOD), 1.3f, PDF_LEFT, NULL },
		{ t(d, T_APPROVED), 1.15f, PDF_AMOUNT, NULL }, { t(d, T_STATUS), 1.5f, PDF_LEFT, NULL },
		{ t(d, T_SHARE), 0.5f, PDF_RIGHT, NULL },
	};

	char money[MONEY_BUF];

	/* references, programmes and levels unbroken ("Kommun-e", "…2025/-044"),
	 * the amount column as wide as its widest amount */
	for (size_t i = 0; i < d->plan.ngrants; i++) {
		const struct gs_grant *g = d->plan.grants[i].grant;

		pdf_table_word(doc, 0, g->ref);
		pdf_table_word(doc, 1, g->programme);
		pdf_table_word(doc, 2, report_level(d->f.lang, gs_level_names[g->level]));
		pdf_table_word(doc, 6, report_grant_status(d->f.lang, g->status));
		report_money(d->f.lang, g->approved, money);
		pdf_table_word(doc, 5, money);
	}
	pdf_table_keep(doc, (int)d->plan.ngrants * 2);
	pdf_table_begin(doc, t(d, T_GRANTS), cols, 8,
			PDF_TABLE_HEADER | PDF_TABLE_ZEBRA | PDF_TABLE_SMALL);
	for (size_t i = 0; i < d->plan.ngrants; i++) {
		const struct gs_grant *g = d->plan.grants[i].grant;
		char from[DATE_BUF], to[DATE_BUF];
		struct report_row row;

		row_start(&row, d->f.lang);
		row_text(&row, g->ref);
		row_text(&row, g->programme);
		row_text(&row, report_level(d->f.lang, gs_level_names[g->level]));
		/* deficit financing has a maximum amount, no rate (VV Nr. 2.2.2 zu § 44 LHO) */
		if (strcmp(g->financing, "deficit") == 0)
			row_text(&row, t(d, T_MAX_AMOUNT));
		else if (g->rate_bp >= 0)
			row_rate(&row, g->rate_bp);
		else
			row_text(&row, NULL);
		report_date(d->f.lang, g->from, from);
		report_date(d->f.lang, g->to, to);
		row_printf(&row, "%s – %s", from, to);
		row_money(&row, g->approved);
		row_text(&row, report_grant_status(d->f.lang, g->status));
		if (g->counted)
			row_rate(&row, d->plan.grants[i].share_bp);
		else
			row_text(&row, NULL);
		pdf_table_row(doc, row.cells, NULL);
	}
	pdf_table_end(doc);
}

static void plan_drawdowns(struct pdf_doc *doc, struct project_data *d)
{
	const struct pdf_column cols[] = {
		{ t(d, T_REF), 1.45f, PDF_LEFT, NULL },	     { t(d, T_APPROVED), 1.2f, PDF_AMOUNT, NULL },
		{ t(d, T_DRAWN), 1.2f, PDF_AMOUNT, NULL },    { t(d, T_SPENT), 1.2f, PDF_AMOUNT, NULL },
		{ t(d, T_REPAID), 1.25f, PDF_AMOUNT, NULL },   { t(d, T_OPEN_SHORT), 1.1f, PDF_AMOUNT, NULL },
		{ t(d, T_PROGRESS), 1.35f, PDF_LEFT, chart_gauge_cell },
	};

	size_t counted = 0;

	/* the shown rows' values only: words given for a table that is then
	 * left out would size the next table's columns */
	for (size_t i = 0; i < d->plan.ngrants; i++) {
		const struct budget_figures *f = &d->grant_figures[i];
		const int64_t amounts[] = { f->approved, f->drawn, f->spent, f->repaid, f->open };
		char money[MONEY_BUF];

		if (!d->plan.grants[i].grant->counted)
			continue;
		counted++;
		pdf_table_word(doc, 0, d->plan.grants[i].grant->ref);
		for (size_t a = 0; a < sizeof(amounts) / sizeof(amounts[0]); a++) {
			report_money(d->f.lang, amounts[a], money);
			pdf_table_word(doc, 1 + a, money);
		}
	}
	if (counted == 0) /* only applied or refused grants: no table of nothing */
		return;
	pdf_table_keep(doc, (int)d->plan.ngrants);
	pdf_table_begin(doc, t(d, T_PROGRESS), cols, 7,
			PDF_TABLE_HEADER | PDF_TABLE_ZEBRA | PDF_TABLE_SMALL);
	for (size_t i = 0; i < d->plan.ngrants; i++) {
		const struct gs_grant *g = d->plan.grants[i].grant;
		const struct budget_figures *f = &d->grant_figures[i];
		struct chart_gauge gauge = { f->approved, f->drawn, f->spent };
		struct report_row row;

		if (!g->counted)
			continue;
		row_start(&row, d->f.lang);
		row_text(&row, g->ref);
		row_money(&row, f->approved);
		row_money(&row, f->drawn);
		row_money(&row, f->spent);
		row_money(&row, f->repaid);
		row_money(&row, f->open);
		row_text(&row, NULL);
		pdf_table_row(doc, row.cells, &gauge);
	}
	pdf_table_end(doc);
}

static void plan_levels(struct pdf_doc *doc, struct project_data *d)
{
	const struct pdf_column cols[] = {
		{ t(d, T_LEVEL), 1.2f, PDF_LEFT, NULL },    { t(d, T_APPROVED), 1.3f, PDF_AMOUNT, NULL },
		{ t(d, T_SHARE), 0.9f, PDF_RIGHT, NULL },   { t(d, T_APPLIED), 1.3f, PDF_AMOUNT, NULL },
	};
	struct report_row row;

	pdf_table_keep(doc, GS_NLEVELS + 1);
	pdf_table_begin(doc, t(d, T_PLAN_BY_LEVEL), cols, 4,
			PDF_TABLE_HEADER | PDF_TABLE_ZEBRA | PDF_TABLE_SMALL);
	for (int l = 0; l < GS_NLEVELS; l++) {
		row_start(&row, d->f.lang);
		row_text(&row, report_level(d->f.lang, gs_level_names[l]));
		row_money(&row, d->plan.levels[l].approved);
		row_rate(&row, d->plan.levels[l].share_bp);
		row_money(&row, d->plan.levels[l].applied);
		pdf_table_row(doc, row.cells, NULL);
	}
	row_start(&row, d->f.lang);
	row_text(&row, t(d, T_TOTAL));
	row_money(&row, d->plan.approved);
	row_rate(&row, d->plan.approved ? 10000 : 0);
	row_money(&row, d->plan.applied);
	pdf_table_total(doc, row.cells);
	pdf_table_end(doc);
}

static void year_row(struct pdf_doc *doc, struct project_data *d, const struct plan_year *y,
		     int total)
{
	struct report_row row;

	row_start(&row, d->f.lang);
	if (total)
		row_text(&row, t(d, T_TOTAL));
	else
		row_printf(&row, "%d", y->year);
	for (int l = 0; l < GS_NLEVELS; l++)
		row_money(&row, y->level[l]);
	row_money(&row, y->total);
	row_rate(&row, y->own_share_bp);
	if (total)
		pdf_table_total(doc, row.cells);
	else
		pdf_table_row(doc, row.cells, NULL);
}

static void plan_years(struct pdf_doc *doc, struct project_data *d)
{
	const char *levels[GS_NLEVELS], *cats[64];
	char years[64][8];
	int64_t values[64 * GS_NLEVELS];
	size_t n = d->plan.nyears < 64 ? d->plan.nyears : 64;
	struct chart_bars c;

	for (int l = 0; l < GS_NLEVELS; l++)
		levels[l] = report_level(d->f.lang, gs_level_names[l]);
	if (n == 0)
		return;
	for (size_t i = 0; i < n; i++) {
		snprintf(years[i], sizeof(years[i]), "%d", d->plan.years[i].year);
		cats[i] = years[i];
		for (int l = 0; l < GS_NLEVELS; l++)
			values[i * GS_NLEVELS + (size_t)l] = d->plan.years[i].level[l];
	}
	c = (struct chart_bars){ .lang = d->f.lang, .title = t(d, T_PLAN_BY_YEAR),
				 .unit = CHART_MONEY, .ncats = n, .cats = cats,
				 .nseries = GS_NLEVELS, .series = levels, .values = values,
				 .height = 120, .show_totals = 1 };
	chart_bars(doc, &c);
	{
		const struct pdf_column cols[] = {
			{ t(d, T_YEAR), 0.7f, PDF_LEFT, NULL },	 { levels[0], 1.1f, PDF_AMOUNT, NULL },
			{ levels[1], 1.1f, PDF_AMOUNT, NULL },	 { levels[2], 1.1f, PDF_AMOUNT, NULL },
			{ levels[3], 1.1f, PDF_AMOUNT, NULL },	 { levels[4], 1.1f, PDF_AMOUNT, NULL },
			{ levels[5], 1.1f, PDF_AMOUNT, NULL },	 { t(d, T_TOTAL), 1.2f, PDF_AMOUNT, NULL },
			{ t(d, T_OWN_SHARE_PCT), 0.9f, PDF_RIGHT, NULL },
		};

		/* one column per level of grantset.h (the two of format 1.1 too) */
		pdf_table_keep(doc, (int)d->plan.nyears + 1);
		pdf_table_begin(doc, NULL, cols, 9,
				PDF_TABLE_HEADER | PDF_TABLE_ZEBRA | PDF_TABLE_SMALL);
		for (size_t i = 0; i < d->plan.nyears; i++)
			year_row(doc, d, &d->plan.years[i], 0);
		year_row(doc, d, &d->plan.year_total, 1);
		pdf_table_end(doc);
	}
}

static void financing_plan(struct pdf_doc *doc, struct project_data *d)
{
	pdf_heading(doc, 1, t(d, T_FINANCING_PLAN), 150);
	plan_summary(doc, d);
	if (d->plan.ngrants == 0) {
		pdf_paragraph(doc, PDF_BODY, t(d, T_EMPTY_DB));
		return;
	}
	plan_grants(doc, d);
	plan_drawdowns(doc, d);
	plan_levels(doc, d);
	plan_years(doc, d);
}

static void booking_sums(struct pdf_doc *doc, struct project_data *d)
{
	const struct budget_figures *f = d->budget_row ? &d->budget_row->f : NULL;
	struct report_row row;

	if (!f)
		return;
	row_start(&row, d->f.lang);
	row_money(&row, f->drawn);
	row_money(&row, f->spent);
	row_money(&row, f->repaid);
	row_money(&row, f->open);
	row_money(&row, f->remaining);
	pdf_table_keep(doc, 5);
	pdf_table_begin(doc, NULL, record_cols, 2, PDF_TABLE_ZEBRA);
	record(doc, t(d, T_DRAWN), row.cells[0]);
	record(doc, t(d, T_SPENT), row.cells[1]);
	record(doc, t(d, T_REPAID), row.cells[2]);
	record(doc, t(d, T_OPEN), row.cells[3]);
	record(doc, t(d, T_REMAINING), row.cells[4]);
	pdf_table_end(doc);
}

static void bookings(struct pdf_doc *doc, struct project_data *d)
{
	const struct pdf_column cols[] = {
		{ t(d, T_DATE), 0.85f, PDF_LEFT, NULL },   { t(d, T_REF), 1.45f, PDF_LEFT, NULL },
		{ t(d, T_KIND), 1.1f, PDF_LEFT, NULL },	   { t(d, T_AMOUNT), 1.2f, PDF_AMOUNT, NULL },
		{ t(d, T_REFERENCE), 0.9f, PDF_LEFT, NULL }, { t(d, T_NOTE), 1.6f, PDF_LEFT, NULL },
	};

	pdf_heading(doc, 1, t(d, T_BOOKINGS), 100);
	booking_sums(doc, d);
	if (d->bookings.n == 0) {
		pdf_paragraph(doc, PDF_BODY, t(d, T_NO_BOOKINGS));
		return;
	}
	pdf_table_begin(doc, NULL, cols, 6, PDF_TABLE_HEADER | PDF_TABLE_ZEBRA | PDF_TABLE_SMALL);
	for (size_t i = 0; i < d->bookings.n; i++) {
		const struct rm_booking *b = &d->bookings.rows[i];
		struct report_row row;

		row_start(&row, d->f.lang);
		row_date(&row, b->date);
		row_text(&row, b->ref);
		if (b->reversal)
			row_printf(&row, "%s (%s)", report_booking_kind(d->f.lang, b->kind),
				   t(d, T_REVERSAL));
		else
			row_text(&row, report_booking_kind(d->f.lang, b->kind));
		row_money(&row, b->amount);
		row_text(&row, b->reference);
		row_text(&row, b->note);
		pdf_table_row(doc, row.cells, NULL);
	}
	pdf_table_end(doc);
}

static void chain_links(struct pdf_doc *doc, struct project_data *d)
{
	const struct pdf_column cols[] = {
		{ "#", 0.35f, PDF_RIGHT, NULL },	  { t(d, T_PROJECT), 0.9f, PDF_LEFT, NULL },
		{ t(d, T_TITLE), 2.6f, PDF_LEFT, NULL }, { t(d, T_FROM), 0.9f, PDF_RIGHT, NULL },
		{ t(d, T_TO), 0.9f, PDF_RIGHT, NULL },	  { t(d, T_GAP), 0.9f, PDF_RIGHT, NULL },
	};

	pdf_table_keep(doc, (int)d->chain->nlinks);
	pdf_table_begin(doc, NULL, cols, 6, PDF_TABLE_HEADER | PDF_TABLE_ZEBRA | PDF_TABLE_SMALL);
	for (size_t l = 0; l < d->chain->nlinks; l++) {
		const struct chain_link *link = &d->chain->links[l];
		char days[REPORT_COUNT_BUF];
		struct report_row row;

		row_start(&row, d->f.lang);
		row_printf(&row, "%zu%s", l + 1, l == d->position ? " ▸" : "");
		row_text(&row, link->project->code);
		row_text(&row, link->project->title);
		row_date(&row, link->start);
		row_date(&row, link->end);
		if (link->has_gap)
			row_text(&row, report_count(d->f.lang, link->gap_days, N_DAY, days));
		else
			row_text(&row, NULL);
		pdf_table_row(doc, row.cells, NULL);
	}
	pdf_table_end(doc);
}

/* Whether the project is a link of a chain of two or more: a project on
 * its own got a last page with one bar and one row (visual pass); its
 * master data say "Vorgänger –, Nachfolger –" already. */
static int in_chain(const struct project_data *d)
{
	return d->chain && d->chain->nlinks > 1;
}

static void chain(struct pdf_doc *doc, struct project_data *d)
{
	struct chart_timeline_row row = { d->master.code, d->spans, d->nspans };
	struct chart_timeline tl = { .lang = d->f.lang, .rows = &row, .nrows = 1,
				     .today = d->f.as_of };

	if (!in_chain(d))
		return;
	pdf_heading(doc, 1, t(d, T_CHAIN), 120);
	if (d->nspans > 0)
		chart_timeline(doc, &tl);
	chain_links(doc, d);
}

/* ---- page 1: the summary ---------------------------------------------------------------- */

struct project_summary_text {
	char title[400], subtitle[600], changed[600];
	char labels[SUMMARY_FIGURES][80], values[SUMMARY_FIGURES][MONEY_BUF];
	char before[SUMMARY_FIGURES][120], change[SUMMARY_FIGURES][200];
	char dates[SUMMARY_ITEMS][DATE_BUF], due[SUMMARY_ITEMS][REPORT_COUNT_BUF];
	char what[SUMMARY_ITEMS][160], where[SUMMARY_ITEMS][200];
	char findings[2 * REPORT_COUNT_BUF], top[SUMMARY_ITEMS][700];
};

static void summary_figure(const struct project_data *d, struct project_summary_text *x,
			   struct report_summary *s, enum report_text label, int64_t before,
			   int64_t now)
{
	size_t i = s->nfigures++;
	char money[MONEY_BUF];

	snprintf(x->labels[i], sizeof(x->labels[i]), "%s %d", t(d, label), d->year);
	report_money(d->f.lang, now, x->values[i]);
	report_money(d->f.lang, before, money);
	snprintf(x->before[i], sizeof(x->before[i]), "%s %d: %s", t(d, T_YEAR_BEFORE), d->year - 1,
		 money);
	report_money_change(d->f.lang, before, now, x->change[i], sizeof(x->change[i]));
	s->figures[i] = (struct report_figure){ x->labels[i], x->values[i], x->before[i],
						x->change[i] };
}

static void summary_deadlines(const struct project_data *d, struct project_summary_text *x,
			      struct report_summary *s)
{
	s->urgent_title = t(d, T_URGENT);
	s->where_label = t(d, T_GRANT);
	s->no_urgent = t(d, T_NO_DEADLINES);
	for (size_t i = 0; i < d->deadlines.n && s->nurgent < SUMMARY_ITEMS; i++) {
		const struct deadline *dl = &d->deadlines.items[i];
		const char *kind = report_deadline_kind(d->f.lang, deadline_kind_names[dl->kind]);
		size_t k;

		if (!dl->project || strcmp(dl->project, d->code) != 0)
			continue;
		k = s->nurgent++;
		report_date(d->f.lang, dl->date, x->dates[k]);
		report_due(d->f.lang, dl->days_left, x->due[k]);
		if (dl->kind == DL_INTERIM_PROOF)
			snprintf(x->what[k], sizeof(x->what[k]), "%s %d", kind, dl->year);
		else
			snprintf(x->what[k], sizeof(x->what[k]), "%s", kind);
		snprintf(x->where[k], sizeof(x->where[k]), "%s", dl->grant ? dl->grant->ref : "");
		s->urgent[k] = (struct report_urgent){ x->dates[k], x->due[k], x->what[k],
						       x->where[k] };
	}
}

static void summary_findings(const struct project_data *d, struct project_summary_text *x,
			     struct report_summary *s)
{
	size_t errors = 0, warnings = 0;
	char e[REPORT_COUNT_BUF], w[REPORT_COUNT_BUF];

	s->findings_title = t(d, T_OPEN_FINDINGS);
	for (size_t i = 0; i < d->checks.nfindings; i++) {
		const struct check_finding *f = &d->checks.findings[i];
		const char *rule;

		if (!f->project || strcmp(f->project, d->code) != 0)
			continue;
		if (f->rule->severity == CHECK_ERROR)
			errors++;
		else
			warnings++;
		if (s->ntop == SUMMARY_ITEMS)
			continue;
		rule = report_rule(d->f.lang, f->rule->id);
		snprintf(x->top[s->ntop], sizeof(x->top[s->ntop]), "%s%s%s (%s)",
			 d->f.lang == LANG_EN || !rule ? f->message : rule, f->grant ? ", " : "",
			 f->grant ? f->grant : "",
			 f->rule->severity == CHECK_ERROR ? t(d, T_ERROR) : t(d, T_WARNING));
		s->top_findings[s->ntop] = x->top[s->ntop];
		s->ntop++;
	}
	snprintf(x->findings, sizeof(x->findings), "%s, %s",
		 report_count(d->f.lang, (int64_t)errors, N_ERROR, e),
		 report_count(d->f.lang, (int64_t)warnings, N_WARNING, w));
	s->findings = errors + warnings ? x->findings : t(d, T_NO_FINDINGS);
}

static void summary(struct pdf_doc *doc, struct project_data *d, struct project_summary_text *x)
{
	static const struct budget_figures none;
	const struct budget_figures *now = d->row_now ? &d->row_now->f : &none;
	const struct budget_figures *before = d->row_before ? &d->row_before->f : &none;
	const struct budget_figures *all = d->budget_row ? &d->budget_row->f : &none;
	struct report_summary s = { .contents_entries = in_chain(d) ? 4 : 3 };
	char approved[MONEY_BUF], remaining[MONEY_BUF], spent[MONEY_BUF];

	snprintf(x->title, sizeof(x->title), "%s %s", t(d, T_PROJECT_TITLE), d->master.code);
	s.title = x->title;
	snprintf(x->subtitle, sizeof(x->subtitle), "%s · %s · %s %d · %s %s", d->master.title,
		 d->f.city[0] ? d->f.city : t(d, T_NONE), t(d, T_FISCAL_YEAR), d->year,
		 t(d, T_AS_OF), d->f.as_of_text);
	s.subtitle = x->subtitle;
	report_money(d->f.lang, d->plan.approved, approved);
	report_money(d->f.lang, all->spent, spent);
	report_money(d->f.lang, all->remaining, remaining);
	snprintf(x->changed, sizeof(x->changed),
		 d->f.lang == LANG_EN
			 ? "Approved in total: %s; spent so far %s; not yet drawn down: %s."
			 : "Bewilligt insgesamt %s; verausgabt sind bisher %s, noch nicht abgerufen "
			   "%s.",
		 approved, spent, remaining);
	s.changed = x->changed;
	summary_figure(d, x, &s, T_ALLOCATED, before->allocated, now->allocated);
	summary_figure(d, x, &s, T_DRAWN, before->drawn, now->drawn);
	summary_figure(d, x, &s, T_SPENT, before->spent, now->spent);
	summary_deadlines(d, x, &s);
	summary_findings(d, x, &s);
	report_summary_page(doc, &d->f, &s);
}

struct project_layout {
	struct project_data *d;
	struct project_summary_text summary;
};

static void layout(struct pdf_doc *doc, void *arg)
{
	struct project_layout *l = arg;
	struct project_data *d = l->d;

	summary(doc, d, &l->summary);
	master_data(doc, d);
	financing_plan(doc, d);
	bookings(doc, d);
	chain(doc, d);
}

int report_project(struct store *st, const char *code, const struct report_options *o,
		   const char *path, struct report_info *info, struct ft_error *err)
{
	struct project_data *d = calloc(1, sizeof(*d));
	struct project_layout *l = calloc(1, sizeof(*l));
	char title[200];
	int rc = -1;

	if (!d || !l) {
		free(d);
		free(l);
		return ft_fail(err, "out of memory");
	}
	l->d = d;
	d->code = code;
	if (report_frame_init(&d->f, st, o, err) == 0) {
		d->year = o->year ? o->year : date_year(d->f.as_of);
		rc = store_read(st, load, d, err);
	}
	if (rc == 0 && make_spans(d))
		rc = ft_fail(err, "out of memory");
	if (rc == 0) {
		snprintf(title, sizeof(title), "%s %s", t(d, T_PROJECT_TITLE), code);
		rc = report_write(&d->f, title, t(d, T_PROJECT_SUBJECT), layout, l, path, info, err);
	}
	release(d);
	free(d);
	free(l);
	return rc;
}
