/* report_status.c - the status report of the own city. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart.h"
#include "checks.h"
#include "deadlines.h"
#include "figures.h"
#include "report_util.h"

/* The years of the funding chart: at most this many around the report's. */
enum { YEARS_BEFORE = 5, YEARS_AFTER = 4, MAX_CHART_YEARS = YEARS_BEFORE + 1 + YEARS_AFTER };

struct status_data {
	struct report_frame f;
	int year;
	struct grantset gs; /* loaded once: every figure below points into it */
	struct budget_result level_year, level_before; /* key figures */
	struct budget_result by_field;                 /* the report's year */
	struct budget_result projects_year;            /* which projects run in the year */
	struct budget_result projects_all;             /* their figures over all years */
	struct budget_result projects_levels;          /* ... split by level */
	int chart_first_year, nchart_years;
	int64_t chart[MAX_CHART_YEARS][GS_NLEVELS];     /* allocations per year and level */
	int64_t chart_total[MAX_CHART_YEARS];
	int chart_own_bp[MAX_CHART_YEARS];
	struct deadline_result deadlines;
	struct check_result checks;
	struct chain_result chains;
	size_t nchains; /* with two links or more */
};

static const char *t(const struct status_data *d, enum report_text id)
{
	return report_text(d->f.lang, id);
}

/* ---- loading ------------------------------------------------------------------ */

static int budget(const struct status_data *d, enum budget_key k1, enum budget_key k2,
		  int year, struct budget_result *out, struct ft_error *err)
{
	struct budget_query q = { .keys = { k1, k2 }, .nkeys = k2 == BUDGET_NKEYS ? 1 : 2,
				  .year = year };

	memcpy(q.as_of, d->f.as_of, DATE_BUF);
	return figures_budget_of(&d->gs, &q, out, err);
}

/* The span of allocation years of the counted grants, cut to the years
 * around the report's year. */
static void chart_years(struct status_data *d)
{
	const struct grantset *gs = &d->gs;
	int lo = 0, hi = 0;

	for (size_t i = 0; i < gs->ngrants; i++)
		for (size_t a = 0; gs->grants[i].counted && a < gs->grants[i].nallocations; a++) {
			int y = gs->grants[i].allocations[a].year;

			lo = lo == 0 || y < lo ? y : lo;
			hi = hi == 0 || y > hi ? y : hi;
		}
	if (lo == 0)
		return;
	if (lo < d->year - YEARS_BEFORE)
		lo = d->year - YEARS_BEFORE;
	if (hi > d->year + YEARS_AFTER)
		hi = d->year + YEARS_AFTER;
	d->chart_first_year = lo;
	d->nchart_years = hi >= lo ? hi - lo + 1 : 0;
}

/* Allocations per level for each chart year, exactly as 'budget --year Y'. */
static int load_chart(struct status_data *d, struct ft_error *err)
{
	chart_years(d);
	for (int i = 0; i < d->nchart_years; i++) {
		struct budget_result r;

		if (budget(d, BUDGET_LEVEL, BUDGET_NKEYS, d->chart_first_year + i, &r, err))
			return -1;
		for (size_t row = 0; row < r.nrows; row++)
			for (int l = 0; l < GS_NLEVELS; l++)
				if (strcmp(r.rows[row].keys[0], gs_level_names[l]) == 0)
					d->chart[i][l] = r.rows[row].f.allocated;
		d->chart_total[i] = r.total.allocated;
		d->chart_own_bp[i] = money_share_bp(d->chart[i][GS_MUNICIPAL], r.total.allocated);
		budget_result_release(&r);
	}
	return 0;
}

/* Every figure of the report from one read transaction (store_read). */
static int load(struct store *st, void *arg, struct ft_error *err)
{
	struct status_data *d = arg;
	struct deadline_query dq = { .days = DEADLINES_DEFAULT_DAYS };

	/* one grant set for every part: budgets, chart, deadlines, checks, chains */
	if (grantset_load(&d->gs, st, GS_OWN_CITY, d->f.as_of, err) ||
	    budget(d, BUDGET_LEVEL, BUDGET_NKEYS, d->year, &d->level_year, err) ||
	    budget(d, BUDGET_LEVEL, BUDGET_NKEYS, d->year - 1, &d->level_before, err) ||
	    budget(d, BUDGET_FIELD, BUDGET_NKEYS, d->year, &d->by_field, err) ||
	    budget(d, BUDGET_PROJECT, BUDGET_NKEYS, d->year, &d->projects_year, err) ||
	    budget(d, BUDGET_PROJECT, BUDGET_NKEYS, 0, &d->projects_all, err) ||
	    budget(d, BUDGET_PROJECT, BUDGET_LEVEL, 0, &d->projects_levels, err) ||
	    load_chart(d, err) || deadlines_list_of(&d->gs, &dq, &d->deadlines, err) ||
	    checks_run_of(st, &d->gs, &d->checks, err) ||
	    figures_chains_of(&d->gs, &d->chains, err))
		return -1;
	for (size_t i = 0; i < d->chains.nchains; i++)
		d->nchains += d->chains.chains[i].nlinks > 1;
	return 0;
}

static void release(struct status_data *d)
{
	budget_result_release(&d->level_year);
	budget_result_release(&d->level_before);
	budget_result_release(&d->by_field);
	budget_result_release(&d->projects_year);
	budget_result_release(&d->projects_all);
	budget_result_release(&d->projects_levels);
	deadline_result_release(&d->deadlines);
	check_result_release(&d->checks);
	chain_result_release(&d->chains);
	grantset_release(&d->gs); /* last: the results point into it */
}

/* ---- key figures ---------------------------------------------------------------- */

static const struct budget_row *level_row(const struct budget_result *r, enum gs_level l)
{
	for (size_t i = 0; i < r->nrows; i++)
		if (strcmp(r->rows[i].keys[0], gs_level_names[l]) == 0)
			return &r->rows[i];
	return NULL;
}

static int64_t own_allocated(const struct budget_result *r)
{
	const struct budget_row *row = level_row(r, GS_MUNICIPAL);

	return row ? row->f.allocated : 0;
}

static int own_share(const struct budget_result *r)
{
	const struct budget_row *row = level_row(r, GS_MUNICIPAL);

	return row ? row->f.share_bp : 0;
}

static void money_change(struct report_row *row, int64_t before, int64_t now)
{
	char money[MONEY_BUF];

	report_money(row->lang, now - before, money);
	row_printf(row, "%s%s", now > before ? "+" : "", money);
}

static void key_money_row(struct status_data *d, struct pdf_doc *doc, enum report_text label,
			  int64_t before, int64_t now)
{
	struct report_row row;

	row_start(&row, d->f.lang);
	row_text(&row, t(d, label));
	row_money(&row, before);
	row_money(&row, now);
	money_change(&row, before, now);
	pdf_table_row(doc, row.cells, NULL);
}

static void key_share_row(struct status_data *d, struct pdf_doc *doc)
{
	int before = own_share(&d->level_before), now = own_share(&d->level_year);
	char rate[RATE_BUF];
	struct report_row row;

	row_start(&row, d->f.lang);
	row_text(&row, t(d, T_OWN_SHARE_PCT));
	row_rate(&row, before);
	row_rate(&row, now);
	report_rate(d->f.lang, now - before, rate);
	/* the change of a share is in percentage points */
	row_printf(&row, "%s%.*s %s", now > before ? "+" : "", (int)(strlen(rate) - 2), rate,
		   d->f.lang == LANG_EN ? "pp" : "Pp.");
	pdf_table_row(doc, row.cells, NULL);
}

static void key_figures(struct pdf_doc *doc, struct status_data *d)
{
	const struct budget_figures *now = &d->level_year.total, *before = &d->level_before.total;
	char year[16], year_before[16], note[400];
	struct pdf_column cols[] = {
		{ t(d, T_FIGURE), 2.2f, PDF_LEFT, NULL },
		{ year_before, 1.3f, PDF_AMOUNT, NULL },
		{ year, 1.3f, PDF_AMOUNT, NULL },
		{ t(d, T_CHANGE), 1.3f, PDF_AMOUNT, NULL },
	};
	struct report_row row;

	snprintf(year, sizeof(year), "%d", d->year);
	snprintf(year_before, sizeof(year_before), "%d", d->year - 1);
	pdf_heading(doc, 1, t(d, T_KEY_FIGURES), 150);
	pdf_table_keep(doc, 8);
	pdf_table_begin(doc, NULL, cols, 4, PDF_TABLE_HEADER | PDF_TABLE_ZEBRA);
	key_money_row(d, doc, T_APPROVED, before->approved, now->approved);
	key_money_row(d, doc, T_ALLOCATED, before->allocated, now->allocated);
	key_money_row(d, doc, T_DRAWN, before->drawn, now->drawn);
	key_money_row(d, doc, T_SPENT, before->spent, now->spent);
	key_money_row(d, doc, T_OPEN, before->open, now->open);
	key_money_row(d, doc, T_OWN_SHARE, own_allocated(&d->level_before),
		      own_allocated(&d->level_year));
	key_share_row(d, doc);
	row_start(&row, d->f.lang);
	row_text(&row, t(d, T_GRANTS));
	row_int(&row, (int64_t)d->level_before.ngrants);
	row_int(&row, (int64_t)d->level_year.ngrants);
	row_printf(&row, "%+lld", (long long)d->level_year.ngrants - (long long)d->level_before.ngrants);
	pdf_table_row(doc, row.cells, NULL);
	pdf_table_end(doc);
	if (d->f.lang == LANG_EN)
		snprintf(note, sizeof(note),
			 "Grants running in the fiscal year (or with an allocation or booking in "
			 "it); approved is their full cap, allocations those of the year, bookings "
			 "those dated in the year up to %s. Own share: the municipal share of the "
			 "year's allocations.",
			 d->f.as_of_text);
	else
		snprintf(note, sizeof(note),
			 "Bescheide, die im Haushaltsjahr laufen (oder eine Jahresrate oder Buchung "
			 "darin haben); Bewilligt ist ihr voller Betrag, Jahresraten die des Jahres, "
			 "Buchungen die des Jahres bis %s. Eigenanteil: Anteil der Kommune an den "
			 "Jahresraten.",
			 d->f.as_of_text);
	pdf_paragraph(doc, PDF_SMALL, note);
}

/* ---- funding per year ---------------------------------------------------------- */

static void level_labels(enum report_lang lang, const char *labels[GS_NLEVELS])
{
	for (int l = 0; l < GS_NLEVELS; l++)
		labels[l] = report_level(lang, gs_level_names[l]);
}

static void years_table(struct pdf_doc *doc, struct status_data *d, const char **levels)
{
	const struct pdf_column cols[] = {
		{ t(d, T_YEAR), 0.7f, PDF_LEFT, NULL },	   { levels[0], 1.3f, PDF_AMOUNT, NULL },
		{ levels[1], 1.3f, PDF_AMOUNT, NULL },	   { levels[2], 1.3f, PDF_AMOUNT, NULL },
		{ levels[3], 1.3f, PDF_AMOUNT, NULL },	   { t(d, T_TOTAL), 1.4f, PDF_AMOUNT, NULL },
		{ t(d, T_OWN_SHARE_PCT), 1.0f, PDF_RIGHT, NULL },
	};

	pdf_table_keep(doc, d->nchart_years);
	pdf_table_begin(doc, NULL, cols, 7, PDF_TABLE_HEADER | PDF_TABLE_ZEBRA | PDF_TABLE_SMALL);
	for (int i = 0; i < d->nchart_years; i++) {
		struct report_row row;

		row_start(&row, d->f.lang);
		row_printf(&row, "%d", d->chart_first_year + i);
		for (int l = 0; l < GS_NLEVELS; l++)
			row_money(&row, d->chart[i][l]);
		row_money(&row, d->chart_total[i]);
		row_rate(&row, d->chart_own_bp[i]);
		pdf_table_row(doc, row.cells, NULL);
	}
	pdf_table_end(doc);
}

static void funding_by_year(struct pdf_doc *doc, struct status_data *d)
{
	char years[MAX_CHART_YEARS][8];
	const char *cats[MAX_CHART_YEARS], *levels[GS_NLEVELS];
	int64_t values[MAX_CHART_YEARS * GS_NLEVELS];
	struct chart_bars c = { 0 };

	pdf_heading(doc, 1, t(d, T_FUNDING_BY_YEAR), 240);
	if (d->nchart_years == 0) {
		pdf_paragraph(doc, PDF_BODY, t(d, T_EMPTY_DB));
		return;
	}
	level_labels(d->f.lang, levels);
	for (int i = 0; i < d->nchart_years; i++) {
		snprintf(years[i], sizeof(years[i]), "%d", d->chart_first_year + i);
		cats[i] = years[i];
		for (int l = 0; l < GS_NLEVELS; l++)
			values[i * GS_NLEVELS + l] = d->chart[i][l];
	}
	c = (struct chart_bars){ .lang = d->f.lang, .unit = CHART_MONEY,
				 .ncats = (size_t)d->nchart_years, .cats = cats,
				 .nseries = GS_NLEVELS, .series = levels, .values = values,
				 .show_totals = 1 };
	chart_bars(doc, &c);
	pdf_paragraph(doc, PDF_SMALL, t(d, T_FUNDING_BY_YEAR_NOTE));
	years_table(doc, d, levels);
}

/* ---- by field ---------------------------------------------------------------------- */

static void budget_table_row(struct pdf_doc *doc, struct status_data *d, const char *label,
			     const struct budget_figures *f, size_t ngrants, int total)
{
	struct report_row row;

	row_start(&row, d->f.lang);
	row_text(&row, label);
	row_int(&row, (int64_t)ngrants);
	row_money(&row, f->approved);
	row_money(&row, f->allocated);
	row_money(&row, f->drawn);
	row_money(&row, f->spent);
	row_rate(&row, f->share_bp);
	if (total)
		pdf_table_total(doc, row.cells);
	else
		pdf_table_row(doc, row.cells, NULL);
}

static void by_field(struct pdf_doc *doc, struct status_data *d)
{
	const struct pdf_column cols[] = {
		{ t(d, T_FIELD), 1.5f, PDF_LEFT, NULL },     { t(d, T_GRANTS), 0.95f, PDF_RIGHT, NULL },
		{ t(d, T_APPROVED), 1.3f, PDF_AMOUNT, NULL }, { t(d, T_ALLOCATED), 1.3f, PDF_AMOUNT, NULL },
		{ t(d, T_DRAWN), 1.3f, PDF_AMOUNT, NULL },    { t(d, T_SPENT), 1.3f, PDF_AMOUNT, NULL },
		{ t(d, T_SHARE), 0.8f, PDF_RIGHT, NULL },
	};
	const struct budget_result *r = &d->by_field;

	pdf_heading(doc, 1, t(d, T_BY_FIELD), 100);
	if (r->nrows == 0) {
		pdf_paragraph(doc, PDF_BODY, t(d, T_EMPTY_DB));
		return;
	}
	pdf_table_keep(doc, (int)d->by_field.nrows + 1);
	pdf_table_begin(doc, NULL, cols, 7, PDF_TABLE_HEADER | PDF_TABLE_ZEBRA | PDF_TABLE_SMALL);
	for (size_t i = 0; i < r->nrows; i++)
		budget_table_row(doc, d, report_field(d->f.lang, r->rows[i].keys[0]), &r->rows[i].f,
				 r->rows[i].ngrants, 0);
	budget_table_row(doc, d, t(d, T_TOTAL), &r->total, r->ngrants, 1);
	pdf_table_end(doc);
}

/* ---- projects ------------------------------------------------------------------------ */

static const struct budget_row *project_row(const struct budget_result *r, const char *code)
{
	/* Rows are sorted by project code. */
	size_t lo = 0, hi = r->nrows;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(r->rows[mid].keys[0], code);

		if (c == 0)
			return &r->rows[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* The approved amount of a project on a level (rows by project, level). */
static int64_t project_level(const struct budget_result *r, const char *code, enum gs_level l)
{
	size_t lo = 0, hi = r->nrows;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(r->rows[mid].keys[0], code) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < r->nrows && strcmp(r->rows[lo].keys[0], code) == 0; lo++)
		if (strcmp(r->rows[lo].keys[1], gs_level_names[l]) == 0)
			return r->rows[lo].f.approved;
	return 0;
}

static void project_line(struct pdf_doc *doc, struct status_data *d, const char *code)
{
	const struct gs_project *p = gs_find_project_code(&d->gs, code);
	const struct budget_row *all = project_row(&d->projects_all, code);
	struct chart_gauge gauge = { 0, 0, 0 };
	char name[600];
	struct report_row row;

	snprintf(name, sizeof(name), "%s  %s", code, p ? p->title : "");
	row_start(&row, d->f.lang);
	row_text(&row, name);
	for (int l = 0; l < GS_NLEVELS; l++)
		row_money(&row, project_level(&d->projects_levels, code, (enum gs_level)l));
	row_money(&row, all ? all->f.approved : 0);
	row_text(&row, NULL);
	if (all)
		gauge = (struct chart_gauge){ all->f.approved, all->f.drawn, all->f.spent };
	pdf_table_row(doc, row.cells, &gauge);
}

static void projects(struct pdf_doc *doc, struct status_data *d)
{
	const char *levels[GS_NLEVELS];
	char note[600];

	level_labels(d->f.lang, levels);
	{
		const struct pdf_column cols[] = {
			{ t(d, T_PROJECT), 3.0f, PDF_LEFT, NULL },
			{ levels[0], 1.05f, PDF_AMOUNT, NULL },
			{ levels[1], 1.05f, PDF_AMOUNT, NULL },
			{ levels[2], 1.05f, PDF_AMOUNT, NULL },
			{ levels[3], 1.05f, PDF_AMOUNT, NULL },
			{ t(d, T_APPROVED), 1.15f, PDF_AMOUNT, NULL },
			{ t(d, T_PROGRESS), 1.2f, PDF_LEFT, chart_gauge_cell },
		};

		pdf_heading(doc, 1, t(d, T_PROJECTS_TABLE), 100);
		snprintf(note, sizeof(note), "%s %s %d.", t(d, T_PROJECTS_NOTE),
			 d->f.lang == LANG_EN ? "Projects with grants in the fiscal year"
					      : "Projekte mit Bescheiden im Haushaltsjahr",
			 d->year);
		pdf_paragraph(doc, PDF_SMALL, note);
		if (d->projects_year.nrows == 0) {
			pdf_paragraph(doc, PDF_BODY, t(d, T_EMPTY_DB));
			return;
		}
		/* no title word broken inside ("Quartiersmanagem-ent") */
		for (size_t i = 0; i < d->projects_year.nrows; i++) {
			const char *code = d->projects_year.rows[i].keys[0];
			const struct gs_project *p = gs_find_project_code(&d->gs, code);

			const struct budget_row *all = project_row(&d->projects_all, code);
			char money[MONEY_BUF];

			pdf_table_word(doc, 0, code);
			pdf_table_word(doc, 0, p ? p->title : NULL);
			/* each level column as wide as its own widest amount */
			for (int l = 0; l < GS_NLEVELS; l++) {
				report_money(d->f.lang,
					     project_level(&d->projects_levels, code, (enum gs_level)l),
					     money);
				pdf_table_word(doc, 1 + (size_t)l, money);
			}
			report_money(d->f.lang, all ? all->f.approved : 0, money);
			pdf_table_word(doc, 5, money);
		}
		pdf_table_begin(doc, NULL, cols, 7,
				PDF_TABLE_HEADER | PDF_TABLE_ZEBRA | PDF_TABLE_SMALL);
		for (size_t i = 0; i < d->projects_year.nrows; i++)
			project_line(doc, d, d->projects_year.rows[i].keys[0]);
		pdf_table_end(doc);
	}
}

/* ---- deadlines -------------------------------------------------------------------------- */

/* The deadline's kind, with the year for an interim proof. */
static const char *deadline_what(const struct status_data *d, const struct deadline *dl,
				 char *buf, size_t size)
{
	const char *kind = report_deadline_kind(d->f.lang, deadline_kind_names[dl->kind]);

	if (dl->kind == DL_INTERIM_PROOF)
		snprintf(buf, size, "%s %d", kind, dl->year);
	else
		snprintf(buf, size, "%s", kind);
	return buf;
}

static void deadline_row(struct pdf_doc *doc, struct status_data *d, const struct deadline *dl)
{
	char what[160], due[REPORT_COUNT_BUF];
	struct report_row row;

	deadline_what(d, dl, what, sizeof(what));
	row_start(&row, d->f.lang);
	row_date(&row, dl->date);
	row_text(&row, report_due(d->f.lang, dl->days_left, due));
	row_text(&row, what);
	row_text(&row, dl->project);
	row_text(&row, dl->grant ? dl->grant->ref : NULL);
	if (dl->amount >= 0)
		row_money(&row, dl->amount);
	else
		row_text(&row, NULL);
	pdf_table_row(doc, row.cells, NULL);
}

static void deadlines(struct pdf_doc *doc, struct status_data *d)
{
	const struct pdf_column cols[] = {
		{ t(d, T_DATE), 0.85f, PDF_LEFT, NULL },    { t(d, T_DUE), 1.2f, PDF_LEFT, NULL },
		{ t(d, T_DEADLINE), 1.9f, PDF_LEFT, NULL }, { t(d, T_PROJECT), 0.65f, PDF_LEFT, NULL },
		{ t(d, T_GRANT), 1.75f, PDF_LEFT, NULL },   { t(d, T_AMOUNT), 1.2f, PDF_AMOUNT, NULL },
	};

	/* a list that fits a page starts on one, with its heading (the heading
	 * stayed behind alone at the foot of page 3 of the demo's report) */
	pdf_heading(doc, 1, t(d, T_DEADLINES),
		    pdf_table_need(doc, (int)d->deadlines.n,
				   PDF_TABLE_HEADER | PDF_TABLE_ZEBRA | PDF_TABLE_SMALL));
	if (d->deadlines.n == 0) {
		pdf_paragraph(doc, PDF_BODY, t(d, T_NO_DEADLINES));
		return;
	}
	pdf_table_keep(doc, (int)d->deadlines.n);
	pdf_table_begin(doc, NULL, cols, 6, PDF_TABLE_HEADER | PDF_TABLE_ZEBRA | PDF_TABLE_SMALL);
	for (size_t i = 0; i < d->deadlines.n; i++)
		deadline_row(doc, d, &d->deadlines.items[i]);
	pdf_table_end(doc);
}

/* ---- findings ---------------------------------------------------------------------------- */

static const char *severity_word(const struct status_data *d, enum check_severity severity)
{
	return severity == CHECK_ERROR	   ? t(d, T_ERROR)
	       : severity == CHECK_WARNING ? t(d, T_WARNING)
					   : t(d, T_INFO);
}

/* "1 Fehler, 2 Warnungen" */
static const char *finding_counts(const struct status_data *d, char *buf, size_t size)
{
	char errors[REPORT_COUNT_BUF], warnings[REPORT_COUNT_BUF];

	snprintf(buf, size, "%s, %s",
		 report_count(d->f.lang, (int64_t)d->checks.nerrors, N_ERROR, errors),
		 report_count(d->f.lang, (int64_t)d->checks.nwarnings, N_WARNING, warnings));
	return buf;
}

static void finding_row(struct pdf_doc *doc, struct status_data *d, const struct check_finding *f)
{
	const char *rule = report_rule(d->f.lang, f->rule->id);
	char what[700], days[REPORT_COUNT_BUF];
	struct report_row row;

	/* English readers get the core's full sentence; German readers the
	 * rule in German with the figures in their own columns. */
	if (d->f.lang == LANG_EN || !rule)
		snprintf(what, sizeof(what), "%s (%s)", f->message, f->rule->id);
	else
		snprintf(what, sizeof(what), "%s (%s)", rule, f->rule->id);
	row_start(&row, d->f.lang);
	row_text(&row, severity_word(d, f->rule->severity));
	row_text(&row, what);
	row_text(&row, f->project);
	row_text(&row, f->grant);
	if (f->has_amount)
		row_money(&row, f->amount);
	else
		row_text(&row, NULL);
	if (f->has_days)
		row_text(&row, report_finding_days(d->f.lang, f->rule->id, f->days, days));
	else
		row_text(&row, NULL);
	row_date(&row, f->date);
	pdf_table_row(doc, row.cells, NULL);
}

/* How many rules have open findings: the rows of findings_by_rule. */
static int findings_rules(const struct status_data *d)
{
	int rules = 0;

	for (size_t r = 0; r < check_nrules; r++)
		for (size_t i = 0; i < d->checks.nfindings; i++)
			if (d->checks.findings[i].rule == check_rules[r] &&
			    d->checks.findings[i].ack != CHECK_ACKED) {
				rules++;
				break;
			}
	return rules;
}

/* How many findings each rule has: the overview before the details. */
static void findings_by_rule(struct pdf_doc *doc, struct status_data *d)
{
	const struct pdf_column cols[] = {
		{ t(d, T_RULE), 3.6f, PDF_LEFT, NULL },
		{ t(d, T_SEVERITY), 0.8f, PDF_LEFT, NULL },
		{ t(d, T_COUNT), 0.7f, PDF_RIGHT, NULL },
	};

	pdf_table_keep(doc, findings_rules(d));
	pdf_table_begin(doc, NULL, cols, 3, PDF_TABLE_HEADER | PDF_TABLE_ZEBRA | PDF_TABLE_SMALL);
	for (size_t r = 0; r < check_nrules; r++) {
		const struct check_rule *rule = check_rules[r];
		const char *text = report_rule(d->f.lang, rule->id);
		char name[300];
		size_t count = 0;
		struct report_row row;

		/* acknowledged findings are left out, as 'check' hides them */
		for (size_t i = 0; i < d->checks.nfindings; i++)
			count += d->checks.findings[i].rule == rule &&
				 d->checks.findings[i].ack != CHECK_ACKED;
		if (count == 0)
			continue;
		snprintf(name, sizeof(name), "%s (%s)", text ? text : rule->summary, rule->id);
		row_start(&row, d->f.lang);
		row_text(&row, name);
		row_text(&row, severity_word(d, rule->severity));
		row_int(&row, (int64_t)count);
		pdf_table_row(doc, row.cells, NULL);
	}
	pdf_table_end(doc);
}

static void findings(struct pdf_doc *doc, struct status_data *d)
{
	const struct pdf_column cols[] = {
		{ t(d, T_SEVERITY), 0.95f, PDF_LEFT, NULL }, { t(d, T_FINDING), 3.0f, PDF_LEFT, NULL },
		{ t(d, T_PROJECT), 0.7f, PDF_LEFT, NULL },   { t(d, T_GRANT), 1.2f, PDF_LEFT, NULL },
		{ t(d, T_AMOUNT), 1.2f, PDF_AMOUNT, NULL },  { t(d, T_DUE_OR_DAYS), 1.45f, PDF_LEFT, NULL },
		{ t(d, T_DATE), 0.85f, PDF_RIGHT, NULL },
	};
	char summary[200], counts[2 * REPORT_COUNT_BUF];

	/* the heading keeps the count line and the table of rules with it (it
	 * stayed behind alone on a page when that table moved on) */
	pdf_heading(doc, 1, t(d, T_FINDINGS),
		    20 + pdf_table_need(doc, findings_rules(d),
					PDF_TABLE_HEADER | PDF_TABLE_ZEBRA | PDF_TABLE_SMALL));
	if (d->checks.nfindings == d->checks.nacked) {
		pdf_paragraph(doc, PDF_BODY, t(d, T_NO_FINDINGS));
		return;
	}
	snprintf(summary, sizeof(summary), "%s (%s %s).", finding_counts(d, counts, sizeof(counts)),
		 d->f.lang == LANG_EN ? "as of" : "Stand", d->f.as_of_text);
	pdf_paragraph(doc, PDF_BODY, summary);
	findings_by_rule(doc, d);
	/* the finding's text gets the room (it ran to ten lines beside a half
	 * empty reference column); references and codes stay whole */
	for (size_t i = 0; i < d->checks.nfindings; i++) {
		const struct check_finding *f = &d->checks.findings[i];
		char money[MONEY_BUF];

		pdf_table_word(doc, 2, f->project);
		pdf_table_word(doc, 3, f->grant);
		if (f->has_amount) {
			report_money(d->f.lang, f->amount, money);
			pdf_table_word(doc, 4, money);
		}
	}
	pdf_table_begin(doc, NULL, cols, 7, PDF_TABLE_HEADER | PDF_TABLE_ZEBRA | PDF_TABLE_SMALL);
	for (size_t i = 0; i < d->checks.nfindings; i++)
		if (d->checks.findings[i].ack != CHECK_ACKED)
			finding_row(doc, d, &d->checks.findings[i]);
	pdf_table_end(doc);
}

/* ---- chains ---------------------------------------------------------------------------------- */

/* The spans of a chain: each link, and each gap in the signal colour.
 * spans holds 2 * nlinks; labels nlinks texts of 32 bytes. */
static size_t chain_spans(const struct status_data *d, const struct chain *c,
			  struct chart_span *spans, char (*gap_from)[DATE_BUF],
			  char (*gap_to)[DATE_BUF], char (*labels)[32])
{
	size_t n = 0;

	for (size_t l = 0; l < c->nlinks; l++) {
		const struct chain_link *link = &c->links[l];

		if (link->has_gap && link->gap_days > 0) {
			date_from_days(date_to_days(c->links[l - 1].end) + 1, gap_from[l]);
			date_from_days(date_to_days(link->start) - 1, gap_to[l]);
			snprintf(labels[l], sizeof(labels[l]), "%ld %s", link->gap_days, t(d, T_DAYS));
			spans[n++] = (struct chart_span){ gap_from[l], gap_to[l], CHART_GAP, labels[l] };
		}
		if (link->start[0] && link->end[0])
			spans[n++] = (struct chart_span){ link->start, link->end, CHART_LINK,
							  link->project->code };
	}
	return n;
}

struct chain_buffers {
	struct chart_span *spans;
	char (*gap_from)[DATE_BUF];
	char (*gap_to)[DATE_BUF];
	char (*labels)[32];
	char (*names)[96];
	struct chart_timeline_row *rows;
};

static void chains_table(struct pdf_doc *doc, struct status_data *d, char (*names)[96])
{
	const struct pdf_column cols[] = {
		{ t(d, T_CHAIN), 1.6f, PDF_LEFT, NULL },    { t(d, T_CHAIN_SUMMARY), 0.6f, PDF_RIGHT, NULL },
		{ t(d, T_FROM), 0.9f, PDF_RIGHT, NULL },    { t(d, T_TO), 0.9f, PDF_RIGHT, NULL },
		{ t(d, T_GAPS), 0.6f, PDF_RIGHT, NULL },    { t(d, T_GAP_DAYS), 0.9f, PDF_RIGHT, NULL },
	};
	size_t k = 0;

	pdf_table_keep(doc, (int)d->nchains);
	pdf_table_begin(doc, NULL, cols, 6, PDF_TABLE_HEADER | PDF_TABLE_ZEBRA | PDF_TABLE_SMALL);
	for (size_t i = 0; i < d->chains.nchains; i++) {
		const struct chain *c = &d->chains.chains[i];
		struct report_row row;

		if (c->nlinks < 2)
			continue;
		row_start(&row, d->f.lang);
		row_text(&row, names[k++]);
		row_int(&row, (int64_t)c->nlinks);
		row_date(&row, c->start);
		row_date(&row, c->end);
		row_int(&row, c->ngaps);
		row_int(&row, c->gap_days);
		pdf_table_row(doc, row.cells, NULL);
	}
	pdf_table_end(doc);
}

/* Fills the buffers (allocated by the caller before the layout). */
static size_t chain_rows(const struct status_data *d, struct chain_buffers *b)
{
	size_t nrows = 0, used = 0;

	for (size_t i = 0; i < d->chains.nchains; i++) {
		const struct chain *c = &d->chains.chains[i];
		struct chart_timeline_row *row;

		if (c->nlinks < 2)
			continue;
		row = &b->rows[nrows];
		snprintf(b->names[nrows], sizeof(b->names[nrows]), "%s – %s", c->links[0].project->code,
			 c->links[c->nlinks - 1].project->code);
		row->label = b->names[nrows];
		row->spans = b->spans + used;
		row->nspans = chain_spans(d, c, b->spans + used, b->gap_from + used / 2,
					  b->gap_to + used / 2, b->labels + used / 2);
		used += 2 * c->nlinks;
		nrows++;
	}
	return nrows;
}

static void chains(struct pdf_doc *doc, struct status_data *d, struct chain_buffers *b)
{
	struct chart_timeline tl = { .lang = d->f.lang, .title = t(d, T_CHAIN_TIMELINE),
				     .today = d->f.as_of };

	pdf_heading(doc, 1, t(d, T_CHAINS), 120);
	if (d->nchains == 0) {
		pdf_paragraph(doc, PDF_BODY, t(d, T_NO_CHAINS));
		return;
	}
	pdf_paragraph(doc, PDF_SMALL, t(d, T_CHAINS_NOTE));
	tl.rows = b->rows;
	tl.nrows = chain_rows(d, b);
	chart_timeline(doc, &tl);
	chains_table(doc, d, b->names);
}

/* ---- the document ------------------------------------------------------------------------------ */

/* ---- page 1: the summary --------------------------------------------------------------------- */

/* The texts of page 1 (formatted here, outside the PDF layer). */
struct status_summary_text {
	char subtitle[400], changed[600];
	char labels[SUMMARY_FIGURES][80], values[SUMMARY_FIGURES][MONEY_BUF];
	char before[SUMMARY_FIGURES][120], change[SUMMARY_FIGURES][200];
	char dates[SUMMARY_ITEMS][DATE_BUF], due[SUMMARY_ITEMS][REPORT_COUNT_BUF];
	char what[SUMMARY_ITEMS][160], where[SUMMARY_ITEMS][200];
	char findings[2 * REPORT_COUNT_BUF], top[SUMMARY_ITEMS][300];
};

static void summary_figure(const struct status_data *d, struct status_summary_text *x,
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

/* One sentence: the year's allocations against the year before. */
static void summary_changed(const struct status_data *d, struct status_summary_text *x)
{
	int64_t now = d->level_year.total.allocated, before = d->level_before.total.allocated;
	char money[MONEY_BUF], diff[MONEY_BUF], spent[MONEY_BUF], grants[REPORT_COUNT_BUF];
	int en = d->f.lang == LANG_EN;

	report_money(d->f.lang, now, money);
	report_money(d->f.lang, now > before ? now - before : before - now, diff);
	report_money(d->f.lang, d->level_year.total.spent, spent);
	report_count(d->f.lang, (int64_t)d->level_year.ngrants, N_GRANT, grants);
	if (now == before)
		snprintf(x->changed, sizeof(x->changed),
			 en ? "The allocations for %d are %s, as in %d; %s spent so far, %s running."
			    : "Die Jahresraten %d betragen %s, wie %d; verausgabt sind bisher %s, "
			      "es laufen %s.",
			 d->year, money, d->year - 1, spent, grants);
	else
		snprintf(x->changed, sizeof(x->changed),
			 en ? "The allocations for %d are %s, %s %s than in %d; %s spent so far, "
			      "%s running."
			    : "Die Jahresraten %d betragen %s, %s %s als %d; verausgabt sind bisher "
			      "%s, es laufen %s.",
			 d->year, money, diff,
			 now > before ? (en ? "more" : "mehr") : (en ? "less" : "weniger"),
			 d->year - 1, spent, grants);
}

static void summary_urgent(const struct status_data *d, struct status_summary_text *x,
			   struct report_summary *s)
{
	s->urgent_title = t(d, T_URGENT);
	s->no_urgent = t(d, T_NO_DEADLINES);
	for (size_t i = 0; i < d->deadlines.n && s->nurgent < SUMMARY_ITEMS; i++) {
		const struct deadline *dl = &d->deadlines.items[i];
		size_t k = s->nurgent++;

		report_date(d->f.lang, dl->date, x->dates[k]);
		report_due(d->f.lang, dl->days_left, x->due[k]);
		deadline_what(d, dl, x->what[k], sizeof(x->what[k]));
		snprintf(x->where[k], sizeof(x->where[k]), "%s%s%s", dl->project,
			 dl->grant ? " · " : "", dl->grant ? dl->grant->ref : "");
		s->urgent[k] = (struct report_urgent){ x->dates[k], x->due[k], x->what[k],
						       x->where[k] };
	}
}

/* The rules with the most findings, errors first. */
static void summary_findings(const struct status_data *d, struct status_summary_text *x,
			     struct report_summary *s)
{
	size_t counts[64] = { 0 }, nrules = check_nrules < 64 ? check_nrules : 64;

	s->findings_title = t(d, T_OPEN_FINDINGS);
	s->findings = d->checks.nfindings ? finding_counts(d, x->findings, sizeof(x->findings))
					  : t(d, T_NO_FINDINGS);
	/* notes (status suggestions) ask for nothing: not on page 1 */
	for (size_t i = 0; i < d->checks.nfindings; i++)
		for (size_t r = 0; r < nrules; r++)
			counts[r] += d->checks.findings[i].rule == check_rules[r] &&
				     check_rules[r]->severity != CHECK_INFO;
	while (s->ntop < SUMMARY_ITEMS) {
		size_t best = nrules;
		char n[REPORT_COUNT_BUF];

		for (size_t r = 0; r < nrules; r++)
			if (counts[r] && (best == nrules ||
					  (check_rules[r]->severity == CHECK_ERROR) >
						  (check_rules[best]->severity == CHECK_ERROR) ||
					  ((check_rules[r]->severity == check_rules[best]->severity) &&
					   counts[r] > counts[best])))
				best = r;
		if (best == nrules)
			break;
		{
			const char *text = report_rule(d->f.lang, check_rules[best]->id);

			snprintf(x->top[s->ntop], sizeof(x->top[s->ntop]), "%s: %s (%s)",
				 report_count(d->f.lang, (int64_t)counts[best], N_FINDING, n),
				 text ? text : check_rules[best]->summary,
				 severity_word(d, check_rules[best]->severity));
		}
		s->top_findings[s->ntop] = x->top[s->ntop];
		s->ntop++;
		counts[best] = 0;
	}
}

static void summary(struct pdf_doc *doc, struct status_data *d, struct status_summary_text *x)
{
	struct report_summary s = { .title = t(d, T_STATUS_TITLE), .contents_entries = 7 };

	/* without an own city the subtitle began "– · " (visual pass) */
	snprintf(x->subtitle, sizeof(x->subtitle), "%s%s%s %d · %s %s", d->f.city,
		 d->f.city[0] ? " · " : "", t(d, T_FISCAL_YEAR), d->year, t(d, T_AS_OF),
		 d->f.as_of_text);
	s.subtitle = x->subtitle;
	summary_changed(d, x);
	s.changed = x->changed;
	summary_figure(d, x, &s, T_ALLOCATED, d->level_before.total.allocated,
		       d->level_year.total.allocated);
	summary_figure(d, x, &s, T_SPENT, d->level_before.total.spent, d->level_year.total.spent);
	summary_figure(d, x, &s, T_OWN_SHARE, own_allocated(&d->level_before),
		       own_allocated(&d->level_year));
	summary_urgent(d, x, &s);
	summary_findings(d, x, &s);
	report_summary_page(doc, &d->f, &s);
}

struct status_layout {
	struct status_data *d;
	struct chain_buffers chains;
	struct status_summary_text summary;
};

static void layout(struct pdf_doc *doc, void *arg)
{
	struct status_layout *s = arg;
	struct status_data *d = s->d;

	summary(doc, d, &s->summary);
	key_figures(doc, d);
	funding_by_year(doc, d);
	by_field(doc, d);
	projects(doc, d);
	deadlines(doc, d);
	findings(doc, d);
	chains(doc, d, &s->chains);
}

/* The timeline's buffers live outside the layout (which must not own
 * memory: a libharu error jumps out of it). */
static int alloc_chain_buffers(const struct status_data *d, struct chain_buffers *b)
{
	size_t links = 0;

	for (size_t i = 0; i < d->chains.nchains; i++)
		links += d->chains.chains[i].nlinks;
	links = links ? links : 1;
	b->spans = calloc(2 * links, sizeof(*b->spans));
	b->gap_from = calloc(links, sizeof(*b->gap_from));
	b->gap_to = calloc(links, sizeof(*b->gap_to));
	b->labels = calloc(links, sizeof(*b->labels));
	b->names = calloc(d->chains.nchains + 1, sizeof(*b->names));
	b->rows = calloc(d->chains.nchains + 1, sizeof(*b->rows));
	return b->spans && b->gap_from && b->gap_to && b->labels && b->names && b->rows ? 0 : -1;
}

static void free_chain_buffers(struct chain_buffers *b)
{
	free(b->spans);
	free(b->gap_from);
	free(b->gap_to);
	free(b->labels);
	free(b->names);
	free(b->rows);
}

int report_status(struct store *st, const struct report_options *o, const char *path,
		  struct report_info *info, struct ft_error *err)
{
	struct status_data *d = calloc(1, sizeof(*d));
	struct status_layout s = { .d = d };
	int rc = -1;

	if (!d)
		return ft_fail(err, "out of memory");
	if (report_frame_init(&d->f, st, o, err) == 0) {
		d->year = o->year ? o->year : date_year(d->f.as_of);
		rc = store_read(st, load, d, err);
	}
	if (rc == 0 && alloc_chain_buffers(d, &s.chains))
		rc = ft_fail(err, "out of memory");
	if (rc == 0)
		rc = report_write(&d->f, t(d, T_STATUS_TITLE), t(d, T_STATUS_SUBJECT), layout, &s,
				  path, info, err);
	free_chain_buffers(&s.chains);
	release(d);
	free(d);
	return rc;
}
