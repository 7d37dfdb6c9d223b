/* report_network.c - the comparison of all cities for the working group. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart.h"
#include "network.h"
#include "readmodel.h"
#include "report_util.h"

/* Fill styles for the years of the ending chart: not the levels' 0..3. */
static const int year_styles[NETWORK_YEARS] = { 4, 5, 6, 7, 8 };

struct network_summary_text {
	char subtitle[400], changed[600];
	char labels[SUMMARY_FIGURES][120], values[SUMMARY_FIGURES][MONEY_BUF];
	char before[SUMMARY_FIGURES][160], change[SUMMARY_FIGURES][200];
	char ending[MONEY_BUF + REPORT_COUNT_BUF + 80], top[SUMMARY_ITEMS][400];
};

struct network_layout {
	struct report_frame f;
	struct network_result r;
	int year;                          /* the budget year of page 1 */
	int64_t all_now, own_now, all_before, own_before; /* its allocations, and the year before's */
	struct network_summary_text summary;
	/* per city, made before the layout */
	char (*names)[300];
	const char **labels;
	int64_t *values; /* ncities * max(GS_NLEVELS, NETWORK_YEARS) */
};

static const char *t(const struct network_layout *n, enum report_text id)
{
	return report_text(n->f.lang, id);
}

static const char *level_name(const struct network_layout *n, enum gs_level l)
{
	return report_level(n->f.lang, gs_level_names[l]);
}

static const char *field_name(const struct network_layout *n, int f)
{
	return report_field(n->f.lang, network_fields[f]);
}

/* ---- the comparison tables ---------------------------------------------------- */

static void money_table(struct pdf_doc *doc, struct network_layout *n)
{
	const struct pdf_column cols[] = {
		{ t(n, T_CITY), 1.5f, PDF_LEFT, NULL },
		{ t(n, T_INHABITANTS), 0.9f, PDF_RIGHT, NULL },
		{ t(n, T_FUNDING_TOTAL), 1.35f, PDF_AMOUNT, NULL },
		{ t(n, T_PER_INHABITANT), 0.85f, PDF_RIGHT, NULL },
		{ level_name(n, GS_EU), 0.75f, PDF_RIGHT, NULL },
		{ level_name(n, GS_FEDERAL), 0.75f, PDF_RIGHT, NULL },
		{ level_name(n, GS_STATE), 0.75f, PDF_RIGHT, NULL },
		{ t(n, T_OWN_SHARE), 0.85f, PDF_RIGHT, NULL },
	};

	pdf_table_keep(doc, (int)n->r.ncities);
	pdf_table_begin(doc, t(n, T_FUNDING_TOTAL), cols, 8,
			PDF_TABLE_HEADER | PDF_TABLE_ZEBRA | PDF_TABLE_SMALL);
	for (size_t i = 0; i < n->r.ncities; i++) {
		const struct network_city *c = &n->r.cities[i];
		struct report_row row;

		row_start(&row, n->f.lang);
		row_text(&row, n->names[i]);
		if (c->population > 0)
			row_int(&row, c->population);
		else
			row_text(&row, "–");
		row_money(&row, c->funding);
		if (c->per_inhabitant >= 0)
			row_money(&row, c->per_inhabitant);
		else
			row_text(&row, "–");
		for (int l = 0; l < GS_NLEVELS; l++)
			row_rate(&row, c->level_bp[l]);
		pdf_table_row(doc, row.cells, NULL);
	}
	pdf_table_end(doc);
}

static void chain_table(struct pdf_doc *doc, struct network_layout *n)
{
	const struct pdf_column cols[] = {
		{ t(n, T_CITY), 1.5f, PDF_LEFT, NULL },
		{ t(n, T_PROJECTS), 0.75f, PDF_RIGHT, NULL },
		{ t(n, T_CHAIN_SHARE), 0.95f, PDF_RIGHT, NULL },
		{ t(n, T_CHAINS), 0.8f, PDF_RIGHT, NULL },
		{ t(n, T_GAP_DAYS_PER_CHAIN), 0.95f, PDF_RIGHT, NULL },
		{ t(n, T_ENDING_NO_FOLLOW_UP), 1.5f, PDF_AMOUNT, NULL },
	};

	pdf_table_keep(doc, (int)n->r.ncities);
	pdf_table_begin(doc, t(n, T_CHAINS), cols, 6,
			PDF_TABLE_HEADER | PDF_TABLE_ZEBRA | PDF_TABLE_SMALL);
	for (size_t i = 0; i < n->r.ncities; i++) {
		const struct network_city *c = &n->r.cities[i];
		struct report_row row;

		row_start(&row, n->f.lang);
		row_text(&row, n->names[i]);
		row_int(&row, (int64_t)c->projects);
		row_rate(&row, c->chain_share_bp);
		row_int(&row, (int64_t)c->chains);
		if (c->gap_days_per_chain >= 0)
			row_int(&row, c->gap_days_per_chain);
		else
			row_text(&row, "–");
		row_money(&row, c->ending_no_follow_up);
		pdf_table_row(doc, row.cells, NULL);
	}
	pdf_table_end(doc);
}

static void field_count_table(struct pdf_doc *doc, struct network_layout *n)
{
	const struct pdf_column cols[] = {
		{ t(n, T_CITY), 1.5f, PDF_LEFT, NULL },	       { field_name(n, 0), 0.8f, PDF_RIGHT, NULL },
		{ field_name(n, 1), 0.8f, PDF_RIGHT, NULL },   { field_name(n, 2), 0.8f, PDF_RIGHT, NULL },
		{ field_name(n, 3), 0.9f, PDF_RIGHT, NULL },   { field_name(n, 4), 0.8f, PDF_RIGHT, NULL },
		{ t(n, T_TOTAL), 0.7f, PDF_RIGHT, NULL },
	};

	pdf_table_keep(doc, (int)n->r.ncities);
	pdf_table_begin(doc, t(n, T_FIELDS), cols, 7,
			PDF_TABLE_HEADER | PDF_TABLE_ZEBRA | PDF_TABLE_SMALL);
	for (size_t i = 0; i < n->r.ncities; i++) {
		const struct network_city *c = &n->r.cities[i];
		struct report_row row;

		row_start(&row, n->f.lang);
		row_text(&row, n->names[i]);
		for (int f = 0; f < NETWORK_FIELDS; f++)
			row_int(&row, (int64_t)c->field_projects[f]);
		row_int(&row, (int64_t)c->funded_projects);
		pdf_table_row(doc, row.cells, NULL);
	}
	pdf_table_end(doc);
}

static void comparison(struct pdf_doc *doc, struct network_layout *n)
{
	pdf_heading(doc, 1, t(n, T_COMPARISON), 150);
	pdf_paragraph(doc, PDF_SMALL, n->r.year ? t(n, T_NETWORK_NOTE_YEAR) : t(n, T_NETWORK_NOTE));
	money_table(doc, n);
	chain_table(doc, n);
	field_count_table(doc, n);
	pdf_paragraph(doc, PDF_SMALL,
		      n->f.lang == LANG_EN
			      ? "* own city. Projects: all recorded projects; projects per field: "
				"those with counted grants. Ends within 12 months without follow-up: "
				"approved amount of grants ending by then whose project has no "
				"follow-up project with an approved grant."
			      : "* eigene Stadt. Projekte: alle erfassten Projekte; Projekte je "
				"Handlungsfeld: die mit gezählten Bescheiden. Endet in 12 Monaten ohne "
				"Anschluss: bewilligte Mittel der Bescheide, die bis dahin enden und "
				"deren Projekt kein Anschlussprojekt mit bewilligtem Bescheid hat.");
}

/* ---- charts ------------------------------------------------------------------------ */

static void level_mix(struct pdf_doc *doc, struct network_layout *n)
{
	const char *levels[GS_NLEVELS];
	struct chart_bars c;

	for (int l = 0; l < GS_NLEVELS; l++)
		levels[l] = report_level(n->f.lang, gs_level_names[l]);
	for (size_t i = 0; i < n->r.ncities; i++)
		for (int l = 0; l < GS_NLEVELS; l++)
			n->values[i * GS_NLEVELS + (size_t)l] = n->r.cities[i].level_bp[l];
	c = (struct chart_bars){ .lang = n->f.lang, .title = t(n, T_LEVEL_SHARES),
				 .unit = CHART_PERCENT, .horizontal = 1,
				 .ncats = n->r.ncities, .cats = n->labels, .nseries = GS_NLEVELS,
				 .series = levels, .values = n->values };
	pdf_heading(doc, 1, t(n, T_LEVEL_MIX), 160);
	chart_bars(doc, &c);
}

static void ending_table(struct pdf_doc *doc, struct network_layout *n, const char **years)
{
	const struct pdf_column cols[] = {
		{ t(n, T_CITY), 1.5f, PDF_LEFT, NULL }, { years[0], 1.0f, PDF_AMOUNT, NULL },
		{ years[1], 1.0f, PDF_AMOUNT, NULL },	 { years[2], 1.0f, PDF_AMOUNT, NULL },
		{ years[3], 1.0f, PDF_AMOUNT, NULL },	 { years[4], 1.0f, PDF_AMOUNT, NULL },
	};

	pdf_table_keep(doc, (int)n->r.ncities);
	pdf_table_begin(doc, NULL, cols, 6, PDF_TABLE_HEADER | PDF_TABLE_ZEBRA | PDF_TABLE_SMALL);
	for (size_t i = 0; i < n->r.ncities; i++) {
		struct report_row row;

		row_start(&row, n->f.lang);
		row_text(&row, n->names[i]);
		for (int y = 0; y < NETWORK_YEARS; y++)
			row_money(&row, n->r.cities[i].ending[y]);
		pdf_table_row(doc, row.cells, NULL);
	}
	pdf_table_end(doc);
}

static void ending(struct pdf_doc *doc, struct network_layout *n)
{
	char years[NETWORK_YEARS][8];
	const char *labels[NETWORK_YEARS];
	struct chart_bars c;

	for (int y = 0; y < NETWORK_YEARS; y++) {
		snprintf(years[y], sizeof(years[y]), "%d", n->r.first_ending_year + y);
		labels[y] = years[y];
	}
	for (size_t i = 0; i < n->r.ncities; i++)
		for (int y = 0; y < NETWORK_YEARS; y++)
			n->values[i * NETWORK_YEARS + (size_t)y] = n->r.cities[i].ending[y];
	c = (struct chart_bars){ .lang = n->f.lang, .title = t(n, T_ENDING_BY_YEAR),
				 .unit = CHART_MONEY, .horizontal = 1,
				 .ncats = n->r.ncities, .cats = n->labels, .nseries = NETWORK_YEARS,
				 .series = labels, .styles = year_styles, .values = n->values,
				 .show_totals = 1 };
	pdf_heading(doc, 1, t(n, T_ENDING), 160);
	pdf_paragraph(doc, PDF_SMALL, t(n, T_ENDING_NOTE));
	chart_bars(doc, &c);
	ending_table(doc, n, labels);
}

/* ---- the fields side by side ----------------------------------------------------------- */

/* One table, one column per field: the amount (share) cells say what the
 * city spends in each field, so five near-empty pages become one. */
static void field_money_table(struct pdf_doc *doc, struct network_layout *n)
{
	const struct pdf_column cols[] = {
		{ t(n, T_CITY), 1.2f, PDF_LEFT, NULL },	       { field_name(n, 0), 1.0f, PDF_AMOUNT, NULL },
		{ field_name(n, 1), 1.0f, PDF_AMOUNT, NULL },  { field_name(n, 2), 1.0f, PDF_AMOUNT, NULL },
		{ field_name(n, 3), 1.0f, PDF_AMOUNT, NULL },  { field_name(n, 4), 1.0f, PDF_AMOUNT, NULL },
	};

	pdf_table_keep(doc, 2 * (int)n->r.ncities);
	pdf_table_begin(doc, t(n, T_FIELD_MONEY), cols, 6,
			PDF_TABLE_HEADER | PDF_TABLE_ZEBRA | PDF_TABLE_SMALL);
	for (size_t i = 0; i < n->r.ncities; i++) {
		const struct network_city *c = &n->r.cities[i];
		struct report_row row;

		row_start(&row, n->f.lang);
		row_text(&row, n->names[i]);
		for (int f = 0; f < NETWORK_FIELDS; f++)
			row_money(&row, c->field_funding[f]);
		pdf_table_row(doc, row.cells, NULL);
	}
	pdf_table_end(doc);
}

/* The share of each field in the city's funding, and the city's own share in it. */
static void field_share_table(struct pdf_doc *doc, struct network_layout *n)
{
	const struct pdf_column cols[] = {
		{ t(n, T_CITY), 1.2f, PDF_LEFT, NULL },	       { field_name(n, 0), 1.0f, PDF_LEFT, NULL },
		{ field_name(n, 1), 1.0f, PDF_LEFT, NULL },   { field_name(n, 2), 1.0f, PDF_LEFT, NULL },
		{ field_name(n, 3), 1.0f, PDF_LEFT, NULL },   { field_name(n, 4), 1.0f, PDF_LEFT, NULL },
	};

	pdf_table_keep(doc, 2 * (int)n->r.ncities);
	pdf_table_begin(doc, t(n, T_FIELD_SHARES), cols, 6,
			PDF_TABLE_HEADER | PDF_TABLE_ZEBRA | PDF_TABLE_SMALL);
	for (size_t i = 0; i < n->r.ncities; i++) {
		const struct network_city *c = &n->r.cities[i];
		struct report_row row;

		row_start(&row, n->f.lang);
		row_text(&row, n->names[i]);
		for (int f = 0; f < NETWORK_FIELDS; f++) {
			char share[RATE_BUF], own[RATE_BUF];

			report_rate(n->f.lang, money_share_bp(c->field_funding[f], c->funding), share);
			report_rate(n->f.lang,
				    money_share_bp(c->field_level[f][GS_MUNICIPAL], c->field_funding[f]),
				    own);
			row_printf(&row, "%s\n%s %s", share, t(n, T_OWN_SHARE_SHORT), own);
		}
		pdf_table_row(doc, row.cells, NULL);
	}
	pdf_table_end(doc);
}

static void fields(struct pdf_doc *doc, struct network_layout *n)
{
	/* the note and the first table (up to three rows) stay with the
	 * heading: a fixed 190 pt sent a one-city section to a page of its own */
	pdf_heading(doc, 1, t(n, T_FIELDS),
		    30 + pdf_table_need(doc, 2 * (int)n->r.ncities,
					PDF_TABLE_HEADER | PDF_TABLE_SMALL));
	pdf_paragraph(doc, PDF_SMALL, t(n, T_FIELD_PAGE_NOTE));
	field_money_table(doc, n);
	field_share_table(doc, n);
}

/* ---- page 1: the summary ---------------------------------------------------------------- */

static void summary_figure(struct network_layout *n, struct report_summary *s, const char *label,
			   int64_t before, int64_t now)
{
	struct network_summary_text *x = &n->summary;
	size_t i = s->nfigures++;
	char money[MONEY_BUF];

	snprintf(x->labels[i], sizeof(x->labels[i]), "%s %d", label, n->year);
	report_money(n->f.lang, now, x->values[i]);
	report_money(n->f.lang, before, money);
	snprintf(x->before[i], sizeof(x->before[i]), "%s %d: %s", t(n, T_YEAR_BEFORE), n->year - 1,
		 money);
	report_money_change(n->f.lang, before, now, x->change[i], sizeof(x->change[i]));
	s->figures[i] = (struct report_figure){ x->labels[i], x->values[i], x->before[i],
						x->change[i] };
}

/* Whether city i is among the first ntop cities chosen for page 1. */
static int summary_chosen(const size_t *chosen, size_t ntop, size_t i)
{
	for (size_t k = 0; k < ntop; k++)
		if (chosen[k] == i)
			return 1;
	return 0;
}

/* The cities with the most money ending within 12 months without follow-up,
 * and how many cities have such money at all (page 1 lists three; with
 * five it read as if the three were all). Every city counts: the list of
 * used cities had room for 64, the benchmark network has 100. */
static void summary_ending(struct network_layout *n, struct report_summary *s)
{
	struct network_summary_text *x = &n->summary;
	int64_t sum = 0;
	char money[MONEY_BUF], cities[REPORT_COUNT_BUF];
	size_t chosen[SUMMARY_ITEMS], affected = 0;

	for (size_t i = 0; i < n->r.ncities; i++) {
		sum += n->r.cities[i].ending_no_follow_up;
		affected += n->r.cities[i].ending_no_follow_up > 0;
	}
	report_money(n->f.lang, sum, money);
	report_count(n->f.lang, (int64_t)affected, N_CITY, cities);
	if (affected > SUMMARY_ITEMS)
		snprintf(x->ending, sizeof(x->ending), "%s: %s (%s %s)", t(n, T_ALL_CITIES), money,
			 cities, n->f.lang == LANG_EN ? "affected" : "betroffen");
	else
		snprintf(x->ending, sizeof(x->ending), "%s: %s", t(n, T_ALL_CITIES), money);
	s->findings_title = t(n, T_ENDING_NO_FOLLOW_UP_LONG);
	s->findings = x->ending;
	while (s->ntop < SUMMARY_ITEMS) {
		size_t best = SIZE_MAX;

		for (size_t i = 0; i < n->r.ncities; i++)
			if (!summary_chosen(chosen, s->ntop, i) &&
			    n->r.cities[i].ending_no_follow_up > 0 &&
			    (best == SIZE_MAX || n->r.cities[i].ending_no_follow_up >
							 n->r.cities[best].ending_no_follow_up))
				best = i;
		if (best == SIZE_MAX)
			break;
		chosen[s->ntop] = best;
		report_money(n->f.lang, n->r.cities[best].ending_no_follow_up, money);
		snprintf(x->top[s->ntop], sizeof(x->top[s->ntop]), "%s: %s", n->names[best], money);
		s->top_findings[s->ntop] = x->top[s->ntop];
		s->ntop++;
	}
}

static void summary(struct pdf_doc *doc, struct network_layout *n)
{
	struct network_summary_text *x = &n->summary;
	struct report_summary s = { .title = t(n, T_NETWORK_TITLE),
				    .contents_entries = n->r.ncities ? 4 : 0 };
	int64_t now = n->all_now, before = n->all_before;
	char cities[REPORT_COUNT_BUF], money[MONEY_BUF], diff[MONEY_BUF];
	int en = n->f.lang == LANG_EN;

	report_count(n->f.lang, (int64_t)n->r.ncities, N_CITY, cities);
	snprintf(x->subtitle, sizeof(x->subtitle), "%s · %s · %s · %s %s",
		 en ? "Deutscher Städtetag working group" : "Arbeitskreis des Deutschen Städtetages",
		 cities, n->r.year ? "" : t(n, T_ALL_YEARS), t(n, T_AS_OF), n->f.as_of_text);
	if (n->r.year)
		snprintf(x->subtitle, sizeof(x->subtitle), "%s · %s · %s %d · %s %s",
			 en ? "Deutscher Städtetag working group"
			    : "Arbeitskreis des Deutschen Städtetages",
			 cities, t(n, T_FISCAL_YEAR), n->r.year, t(n, T_AS_OF), n->f.as_of_text);
	s.subtitle = x->subtitle;
	report_money(n->f.lang, now, money);
	report_money(n->f.lang, now > before ? now - before : before - now, diff);
	if (now == before)
		snprintf(x->changed, sizeof(x->changed),
			 en ? "Allocations for %d in the network (%s): %s, as in %d."
			    : "Jahresraten %d im Netzwerk (%s): %s, wie %d.",
			 n->year, cities, money, n->year - 1);
	else
		snprintf(x->changed, sizeof(x->changed),
			 en ? "Allocations for %d in the network (%s): %s, %s %s than in %d."
			    : "Jahresraten %d im Netzwerk (%s): %s, %s %s als %d.",
			 n->year, cities, money, diff,
			 now > before ? (en ? "more" : "mehr") : (en ? "less" : "weniger"),
			 n->year - 1);
	s.changed = x->changed;
	summary_figure(n, &s, t(n, T_ALLOCATIONS_ALL), before, now);
	if (n->f.city[0]) /* a database of imported cities only has no own city */
		summary_figure(n, &s, t(n, T_ALLOCATIONS_OWN), n->own_before, n->own_now);
	summary_ending(n, &s);
	if (n->r.ncities == 0)
		s.only = t(n, T_NO_CITIES);
	report_summary_page(doc, &n->f, &s);
}

static void layout(struct pdf_doc *doc, void *arg)
{
	struct network_layout *n = arg;

	summary(doc, n);
	if (n->r.ncities == 0)
		return;
	comparison(doc, n);
	level_mix(doc, n);
	ending(doc, n);
	fields(doc, n);
}

static int make_labels(struct network_layout *n)
{
	size_t count = n->r.ncities ? n->r.ncities : 1;

	n->names = calloc(count, sizeof(*n->names));
	n->labels = calloc(count, sizeof(*n->labels));
	n->values = calloc(count * ((int)GS_NLEVELS > (int)NETWORK_YEARS ? (size_t)GS_NLEVELS : (size_t)NETWORK_YEARS),
			   sizeof(*n->values));
	if (!n->names || !n->labels || !n->values)
		return -1;
	for (size_t i = 0; i < n->r.ncities; i++) {
		snprintf(n->names[i], sizeof(n->names[i]), "%s%s", n->r.cities[i].name,
			 n->r.cities[i].own ? " *" : "");
		n->labels[i] = n->names[i];
	}
	return 0;
}

/* Page 1's totals, both years from one read transaction. */
static int load_year_allocations(struct store *st, void *arg, struct ft_error *err)
{
	struct network_layout *n = arg;

	return rm_year_allocations(st, n->year, n->f.as_of, &n->all_now, &n->own_now, err) ||
			       rm_year_allocations(st, n->year - 1, n->f.as_of, &n->all_before,
						   &n->own_before, err)
		       ? -1
		       : 0;
}

int report_network(struct store *st, const struct report_options *o, const char *path,
		   struct report_info *info, struct ft_error *err)
{
	struct network_layout *n = calloc(1, sizeof(*n));
	int rc = -1;

	if (!n)
		return ft_fail(err, "out of memory");
	if (report_frame_init(&n->f, st, o, err) == 0) {
		n->year = o->year ? o->year : date_year(n->f.as_of);
		rc = network_figures(st, o->year, n->f.as_of, &n->r, err);
		if (rc == 0)
			rc = store_read(st, load_year_allocations, n, err);
	}
	if (rc == 0 && make_labels(n))
		rc = ft_fail(err, "out of memory");
	if (rc == 0)
		rc = report_write(&n->f, t(n, T_NETWORK_TITLE), t(n, T_NETWORK_SUBJECT), layout, n,
				  path, info, err);
	free(n->names);
	free(n->labels);
	free(n->values);
	network_result_release(&n->r);
	free(n);
	return rc;
}
