/* report_network.c - the comparison of all cities for the working group. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart.h"
#include "network.h"
#include "report_util.h"

/* Fill styles for the years of the ending chart: not the levels' 0..3. */
static const int year_styles[NETWORK_YEARS] = { 4, 5, 6, 7, 8 };

struct network_layout {
	struct report_frame f;
	struct network_result r;
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
		{ t(n, T_FUNDING_TOTAL), 1.35f, PDF_RIGHT, NULL },
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
		{ t(n, T_ENDING_NO_FOLLOW_UP), 1.5f, PDF_RIGHT, NULL },
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
		{ t(n, T_CITY), 1.5f, PDF_LEFT, NULL }, { years[0], 1.0f, PDF_RIGHT, NULL },
		{ years[1], 1.0f, PDF_RIGHT, NULL },	 { years[2], 1.0f, PDF_RIGHT, NULL },
		{ years[3], 1.0f, PDF_RIGHT, NULL },	 { years[4], 1.0f, PDF_RIGHT, NULL },
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

/* ---- one page per field ---------------------------------------------------------------- */

static void field_page(struct pdf_doc *doc, struct network_layout *n, int f)
{
	const struct pdf_column cols[] = {
		{ t(n, T_CITY), 1.6f, PDF_LEFT, NULL },
		{ t(n, T_PROJECTS), 0.8f, PDF_RIGHT, NULL },
		{ t(n, T_FUNDING_TOTAL), 1.3f, PDF_RIGHT, NULL },
		{ t(n, T_SHARE_OF_CITY), 1.0f, PDF_RIGHT, NULL },
		{ t(n, T_PER_INHABITANT), 1.0f, PDF_RIGHT, NULL },
		{ t(n, T_OWN_SHARE), 1.0f, PDF_RIGHT, NULL },
	};
	const char *levels[GS_NLEVELS];
	char title[160];
	struct chart_bars c;

	for (int l = 0; l < GS_NLEVELS; l++)
		levels[l] = level_name(n, (enum gs_level)l);
	snprintf(title, sizeof(title), "%s: %s", t(n, T_FIELD), field_name(n, f));
	pdf_heading(doc, 2, title, 150);
	pdf_paragraph(doc, PDF_SMALL, t(n, T_FIELD_PAGE_NOTE));
	pdf_table_keep(doc, (int)n->r.ncities);
	pdf_table_begin(doc, NULL, cols, 6, PDF_TABLE_HEADER | PDF_TABLE_ZEBRA | PDF_TABLE_SMALL);
	for (size_t i = 0; i < n->r.ncities; i++) {
		const struct network_city *c0 = &n->r.cities[i];
		struct report_row row;

		row_start(&row, n->f.lang);
		row_text(&row, n->names[i]);
		row_int(&row, (int64_t)c0->field_projects[f]);
		row_money(&row, c0->field_funding[f]);
		row_rate(&row, money_share_bp(c0->field_funding[f], c0->funding));
		if (c0->population > 0)
			row_money(&row, (c0->field_funding[f] + c0->population / 2) / c0->population);
		else
			row_text(&row, "–");
		row_rate(&row, money_share_bp(c0->field_level[f][GS_MUNICIPAL], c0->field_funding[f]));
		pdf_table_row(doc, row.cells, NULL);
		for (int l = 0; l < GS_NLEVELS; l++)
			n->values[i * GS_NLEVELS + (size_t)l] = c0->field_level[f][l];
	}
	pdf_table_end(doc);
	c = (struct chart_bars){ .lang = n->f.lang, .title = t(n, T_PLAN_BY_LEVEL),
				 .unit = CHART_MONEY, .horizontal = 1, .ncats = n->r.ncities,
				 .cats = n->labels, .nseries = GS_NLEVELS, .series = levels,
				 .values = n->values, .show_totals = 1 };
	chart_bars(doc, &c);
}

static void fields(struct pdf_doc *doc, struct network_layout *n)
{
	for (int f = 0; f < NETWORK_FIELDS; f++) {
		pdf_new_page(doc);
		if (f == 0)
			pdf_heading(doc, 1, t(n, T_FIELDS), 200);
		field_page(doc, n, f);
	}
}

static void layout(struct pdf_doc *doc, void *arg)
{
	struct network_layout *n = arg;
	char count[64], year[64], as_of[64];
	const char *lines[4];

	snprintf(count, sizeof(count), "%zu %s", n->r.ncities,
		 n->f.lang == LANG_EN ? (n->r.ncities == 1 ? "city" : "cities")
				      : (n->r.ncities == 1 ? "Stadt" : "Städte"));
	if (n->r.year)
		snprintf(year, sizeof(year), "%s %d", t(n, T_FISCAL_YEAR), n->r.year);
	else
		snprintf(year, sizeof(year), "%s", t(n, T_ALL_YEARS));
	snprintf(as_of, sizeof(as_of), "%s: %s", t(n, T_AS_OF), n->f.as_of_text);
	lines[0] = n->f.lang == LANG_EN ? "Deutscher Städtetag working group"
					: "Arbeitskreis des Deutschen Städtetages";
	lines[1] = count;
	lines[2] = year;
	lines[3] = as_of;
	report_cover(doc, &n->f, t(n, T_NETWORK_TITLE), lines, 4, n->r.ncities ? 4 : 0);
	if (n->r.ncities == 0) {
		pdf_paragraph(doc, PDF_BODY, t(n, T_NO_CITIES));
		return;
	}
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

int report_network(struct store *st, const struct report_options *o, const char *path,
		   struct report_info *info, struct ft_error *err)
{
	struct network_layout *n = calloc(1, sizeof(*n));
	int rc = -1;

	if (!n)
		return ft_fail(err, "out of memory");
	if (report_frame_init(&n->f, st, o, err) == 0)
		rc = network_figures(st, o->year, n->f.as_of, &n->r, err);
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
