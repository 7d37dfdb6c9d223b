/* cmd_plan.c - plan (a project's financing plan) and chains (projects that
 * follow one another), with the tables 'project show' reuses. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cmd_figures.h"
#include "cmd_util.h"
#include "msg_lang.h"
#include "finplan.h"
#include "money.h"

/* ---- financing plan tables ---------------------------------------------- */

static const struct out_column summary_columns[] = {
	{ "project", "Projekt", OUT_TEXT },
	{ "title", "Titel", OUT_TEXT },
	{ "costs", "Gesamtkosten", OUT_MONEY },
	{ "approved", "Bewilligt", OUT_MONEY },
	{ "costs_share", "Anteil an den Kosten", OUT_RATE },
	{ "third_party", "Fördermittel", OUT_MONEY },
	{ "own", "Eigenanteil", OUT_MONEY },
	{ "own_share", "Eigenanteil in %", OUT_RATE },
	{ "applied", "Beantragt (offen)", OUT_MONEY },
};

static const struct out_column grant_columns[] = {
	{ "ref", "Aktenzeichen", OUT_TEXT },   { "programme", "Programm", OUT_TEXT },
	{ "level", "Ebene", OUT_TEXT },	       { "rate", "Quote", OUT_RATE },
	{ "from", "Von", OUT_DATE },	       { "to", "Bis", OUT_DATE },
	{ "approved", "Bewilligt", OUT_MONEY }, { "status", "Status", OUT_TEXT },
	{ "share", "Anteil", OUT_RATE },
};

static const struct out_column level_columns[] = {
	{ "level", "Ebene", OUT_TEXT },
	{ "approved", "Bewilligt", OUT_MONEY },
	{ "share", "Anteil", OUT_RATE },
	{ "applied", "Beantragt (offen)", OUT_MONEY },
};

static const struct out_column year_columns[] = {
	{ "year", "Haushaltsjahr", OUT_INT }, { "eu", "EU", OUT_MONEY },
	{ "federal", "Bund", OUT_MONEY },      { "state", "Land", OUT_MONEY },
	{ "municipal", "Kommune", OUT_MONEY }, { "other_public", "Sonst. öffentl.", OUT_MONEY },
	{ "foundation", "Stiftung", OUT_MONEY }, { "total", "Summe", OUT_MONEY },
	{ "own_share", "Eigenanteil in %", OUT_RATE },
};

#define NCOLS(a) (sizeof(a) / sizeof((a)[0]))

static int add_opt_money(struct out_table *t, int64_t cents)
{
	return cents < 0 ? out_add_null(t) : out_add_int(t, cents);
}

static int fill_summary(struct out_table *t, const struct plan_result *p, int with_project)
{
	if (with_project &&
	    (out_add_text(t, p->project->code) || out_add_text(t, p->project->title)))
		return -1;
	return add_opt_money(t, p->project->costs) || out_add_int(t, p->approved) ||
	       (p->costs_share_bp < 0 ? out_add_null(t) : out_add_int(t, p->costs_share_bp)) ||
	       out_add_int(t, p->third_party) || out_add_int(t, p->own) ||
	       out_add_int(t, p->own_share_bp) || out_add_int(t, p->applied);
}

static int fill_grants(struct out_table *t, const struct plan_result *p)
{
	for (size_t i = 0; i < p->ngrants; i++) {
		const struct gs_grant *g = p->grants[i].grant;
		int rate = g->rate_bp >= 0 ? g->rate_bp : g->programme_rate_bp;

		if (out_add_text(t, g->ref) || out_add_text(t, g->programme) ||
		    out_add_text(t, gs_level_names[g->level]) ||
		    (rate < 0 ? out_add_null(t) : out_add_int(t, rate)) || out_add_text(t, g->from) ||
		    out_add_text(t, g->to) || out_add_int(t, g->approved) ||
		    out_add_text(t, g->status) ||
		    (g->counted ? out_add_int(t, p->grants[i].share_bp) : out_add_null(t)))
			return -1;
	}
	return 0;
}

static int fill_levels(struct out_table *t, const struct plan_result *p)
{
	for (int l = 0; l < GS_NLEVELS; l++)
		if (out_add_text(t, gs_level_names[l]) || out_add_int(t, p->levels[l].approved) ||
		    out_add_int(t, p->levels[l].share_bp) || out_add_int(t, p->levels[l].applied))
			return -1;
	out_mark_total(t);
	return out_add_text(t, tr("Total")) || out_add_int(t, p->approved) ||
	       out_add_int(t, p->approved ? 10000 : 0) || out_add_int(t, p->applied);
}

/* The total row has "Total" ("Summe") in the (numeric) year column. */
static int add_year_row(struct out_table *t, const struct plan_year *y)
{
	if (y->year ? out_add_int(t, y->year) : out_add_text(t, tr("Total")))
		return -1;
	for (int l = 0; l < GS_NLEVELS; l++)
		if (out_add_int(t, y->level[l]))
			return -1;
	return out_add_int(t, y->total) || out_add_int(t, y->own_share_bp);
}

static int fill_years(struct out_table *t, const struct plan_result *p)
{
	for (size_t i = 0; i < p->nyears; i++)
		if (add_year_row(t, &p->years[i]))
			return -1;
	if (!p->nyears)
		return 0;
	out_mark_total(t);
	return add_year_row(t, &p->year_total);
}

int plan_sections(const struct plan_result *plan, int with_project,
		  struct out_table *tables[PLAN_NSECTIONS],
		  struct out_section sections[PLAN_NSECTIONS])
{
	size_t skip = with_project ? 0 : 2;
	int failed;

	tables[0] = out_table_new(summary_columns + skip, NCOLS(summary_columns) - skip);
	tables[1] = out_table_new(grant_columns, NCOLS(grant_columns));
	tables[2] = out_table_new(level_columns, NCOLS(level_columns));
	tables[3] = out_table_new(year_columns, NCOLS(year_columns));
	failed = !tables[0] || !tables[1] || !tables[2] || !tables[3] ||
		 fill_summary(tables[0], plan, with_project) || fill_grants(tables[1], plan) ||
		 fill_levels(tables[2], plan) || fill_years(tables[3], plan);
	if (failed) {
		for (int i = 0; i < PLAN_NSECTIONS; i++) {
			out_table_free(tables[i]);
			tables[i] = NULL;
		}
		return -1;
	}
	sections[0] = (struct out_section){ "financing", tr("Financing"), tables[0], 1 };
	sections[1] = (struct out_section){ "grants", tr("Grants"), tables[1], 0 };
	sections[2] = (struct out_section){ "levels", tr("Financing plan by level"), tables[2],
					    0 };
	sections[3] = (struct out_section){ "years", tr("Annual allocations by level"), tables[3],
					    0 };
	return 0;
}

/* ---- chain tables ------------------------------------------------------- */

static const struct out_column link_columns[] = {
	{ "chain", "Kette", OUT_TEXT },	     { "position", "Glied", OUT_INT },
	{ "project", "Projekt", OUT_TEXT },   { "title", "Titel", OUT_TEXT },
	{ "start", "Beginn", OUT_DATE },      { "end", "Ende", OUT_DATE },
	{ "gap_days", "Abstand (Tage)", OUT_DAYS }, { "current", "Dieses", OUT_BOOL },
};

struct out_table *chain_links_new(int mark_current)
{
	return out_table_new(link_columns, NCOLS(link_columns) - (mark_current ? 0 : 1));
}

static int add_opt_date(struct out_table *t, const char *iso)
{
	return iso[0] ? out_add_text(t, iso) : out_add_null(t);
}

int chain_links_add(struct out_table *t, const struct chain *c, int mark_current,
		    size_t position)
{
	for (size_t i = 0; i < c->nlinks; i++) {
		const struct chain_link *l = &c->links[i];

		if (out_add_text(t, c->links[0].project->code) || out_add_int(t, (int64_t)i + 1) ||
		    out_add_text(t, l->project->code) || out_add_text(t, l->project->title) ||
		    add_opt_date(t, l->start) || add_opt_date(t, l->end) ||
		    (l->has_gap ? out_add_int(t, l->gap_days) : out_add_null(t)))
			return -1;
		if (mark_current && out_add_int(t, i == position))
			return -1;
	}
	return 0;
}

/* ---- cost lines, means of cover and project bookings (finplan.h) -------- */

enum { FINPLAN_NSECTIONS = 4 };

static const struct out_column fp_summary_columns[] = {
	{ "planned_costs", "Geplante Kosten", OUT_MONEY },
	{ "planned_from", "Grundlage", OUT_TEXT },
	{ "grants", "Zuwendungen", OUT_MONEY },
	{ "other_cover", "Eigen-, Dritt- und städtische Mittel", OUT_MONEY },
	{ "other_cover_basis", "Herkunft", OUT_TEXT },
	{ "spent", "Verausgabt (Projektbuchungen)", OUT_MONEY },
};

static const struct out_column fp_line_columns[] = {
	{ "position", "Pos.", OUT_TEXT },     { "label", "Bezeichnung", OUT_TEXT },
	{ "planned", "Soll", OUT_MONEY },     { "actual", "Ist (verausgabt)", OUT_MONEY },
	{ "difference", "Soll - Ist", OUT_MONEY }, { "used", "Ist in % des Solls", OUT_RATE },
};

static const struct out_column fp_cover_columns[] = {
	{ "source", "Deckungsmittel", OUT_TEXT },  { "level", "Ebene", OUT_TEXT },
	{ "financing", "Finanzierungsart", OUT_TEXT }, { "planned", "Soll", OUT_MONEY },
	{ "share", "Anteil", OUT_RATE },	   { "actual", "Ist (verausgabt)", OUT_MONEY },
	{ "from_project", "davon aus Projektbuchungen", OUT_MONEY },
	{ "difference", "Soll - Ist", OUT_MONEY },
};

static const struct out_column fp_booking_columns[] = {
	{ "id", "Nr", OUT_TEXT },	       { "date", "Datum", OUT_DATE },
	{ "service_date", "Leistungsdatum", OUT_DATE }, { "line", "Pos.", OUT_TEXT },
	{ "amount", "Betrag", OUT_MONEY },      { "reference", "Beleg", OUT_TEXT },
	{ "reverses", "Storno von", OUT_TEXT },
};

static const char *cover_label(const struct finplan *p, const struct fp_cover *c)
{
	static const char *const names[FP_NSOURCES] = { "", N_("Carrier's own funds"),
							N_("Third-party contributions"),
							N_("City's share") };

	if (c->source == FP_GRANT)
		return c->name;
	if (c->source == FP_OWN && !p->covers_recorded)
		return tr("Own and third-party funds (not recorded: planned costs - grants)");
	return tr(names[c->source]);
}

static int fill_fp_summary(struct out_table *t, const struct finplan *p)
{
	int64_t other = 0;

	for (size_t i = 0; i < p->ncovers; i++)
		if (p->covers[i].source != FP_GRANT)
			other += p->covers[i].planned;
	return out_add_int(t, p->planned) ||
	       out_add_text(t, p->nlines	   ? tr("Total of the cost lines")
				: p->costs >= 0 ? tr("Total costs of the project")
						: tr("Total of the grants (no costs recorded)")) ||
	       out_add_int(t, p->grants_planned) || out_add_int(t, other) ||
	       out_add_text(t, p->covers_recorded
					? tr("recorded ('fundtrack plan-cover set')")
					: tr("not recorded: planned costs - grants")) ||
	       out_add_int(t, p->spent);
}

static int add_line_row(struct out_table *t, const char *position, const char *label,
			int64_t planned, int64_t actual)
{
	return (position ? out_add_text(t, position) : out_add_null(t)) || out_add_text(t, label) ||
	       out_add_int(t, planned) || out_add_int(t, actual) ||
	       out_add_int(t, planned - actual) ||
	       (planned > 0 ? out_add_int(t, money_share_bp(actual, planned)) : out_add_null(t));
}

static int fill_fp_lines(struct out_table *t, const struct finplan *p)
{
	for (size_t i = 0; i < p->nlines; i++)
		if (add_line_row(t, p->lines[i].position, p->lines[i].label, p->lines[i].planned,
				 p->lines[i].actual))
			return -1;
	if (p->spent != p->lines_actual &&
	    add_line_row(t, NULL, tr("without a cost line"), 0, p->spent - p->lines_actual))
		return -1;
	if (!p->nlines)
		return 0;
	out_mark_total(t);
	return add_line_row(t, NULL, tr("Total"), p->lines_planned, p->spent);
}

static int fill_fp_covers(struct out_table *t, const struct finplan *p)
{
	int64_t planned = 0, actual = 0, from_project = 0;

	for (size_t i = 0; i < p->ncovers; i++)
		planned += p->covers[i].planned;
	for (size_t i = 0; i < p->ncovers; i++) {
		const struct fp_cover *c = &p->covers[i];

		actual += c->actual;
		from_project += c->from_project;
		if (out_add_text(t, cover_label(p, c)) ||
		    (c->level ? out_add_text(t, c->level) : out_add_null(t)) ||
		    (c->source == FP_GRANT ? out_add_text(t, c->financing)
					   : out_add_null(t)) ||
		    out_add_int(t, c->planned) ||
		    (planned > 0 ? out_add_int(t, money_share_bp(c->planned, planned))
				 : out_add_null(t)) ||
		    out_add_int(t, c->actual) || out_add_int(t, c->from_project) ||
		    out_add_int(t, c->planned - c->actual))
			return -1;
	}
	out_mark_total(t);
	return out_add_text(t, tr("Total")) || out_add_null(t) || out_add_null(t) ||
	       out_add_int(t, planned) || out_add_int(t, planned > 0 ? 10000 : 0) ||
	       out_add_int(t, actual) || out_add_int(t, from_project) ||
	       out_add_int(t, planned - actual);
}

static int add_p_number(struct out_table *t, int64_t id)
{
	char text[32];

	snprintf(text, sizeof(text), "P%lld", (long long)id);
	return out_add_text(t, text);
}

static int fill_fp_bookings(struct out_table *t, const struct finplan *p)
{
	for (size_t i = 0; i < p->nbookings; i++) {
		const struct fp_booking *b = &p->bookings[i];

		if (add_p_number(t, b->id) || out_add_text(t, b->date) ||
		    (b->service_date[0] ? out_add_text(t, b->service_date) : out_add_null(t)) ||
		    out_add_text(t, b->line) || out_add_int(t, b->amount) ||
		    out_add_text(t, b->reference) ||
		    (b->reverses_id ? add_p_number(t, b->reverses_id) : out_add_null(t)))
			return -1;
	}
	return 0;
}

static void free_tables(struct out_table **tables, int n)
{
	for (int i = 0; i < n; i++) {
		out_table_free(tables[i]);
		tables[i] = NULL;
	}
}

/* The financing plan's own sections; 0, or -1 when out of memory. */
static int finplan_sections(const struct finplan *p, struct out_table *tables[],
			    struct out_section sections[])
{
	tables[0] = out_table_new(fp_summary_columns, NCOLS(fp_summary_columns));
	tables[1] = out_table_new(fp_line_columns, NCOLS(fp_line_columns));
	tables[2] = out_table_new(fp_cover_columns, NCOLS(fp_cover_columns));
	tables[3] = out_table_new(fp_booking_columns, NCOLS(fp_booking_columns));
	if (!tables[0] || !tables[1] || !tables[2] || !tables[3] || fill_fp_summary(tables[0], p) ||
	    fill_fp_lines(tables[1], p) || fill_fp_covers(tables[2], p) ||
	    fill_fp_bookings(tables[3], p)) {
		free_tables(tables, FINPLAN_NSECTIONS);
		return -1;
	}
	sections[0] = (struct out_section){ "cover_plan",
					    tr("Financing plan: costs and cover"), tables[0], 1 };
	sections[1] = (struct out_section){ "cost_lines", tr("Cost plan: planned and actual"),
					    tables[1], 0 };
	sections[2] = (struct out_section){ "means_of_cover",
					    tr("Means of cover: planned and actual"), tables[2], 0 };
	sections[3] = (struct out_section){ "project_bookings", tr("Project bookings"), tables[3],
					    0 };
	return 0;
}

/* ---- plan ---------------------------------------------------------------- */

static int run_plan(struct ft_ctx *ctx, int argc, char **argv)
{
	enum { N = PLAN_NSECTIONS + FINPLAN_NSECTIONS };
	struct out_table *tables[N] = { NULL };
	struct out_section sections[N];
	struct plan_result plan;
	struct finplan fp;
	struct ft_error err;
	struct args a;
	int rc;

	if (ctx_parse(ctx, argc - 1, argv + 1, &a, &rc))
		return rc;
	if (a.npos != 1)
		return ctx_usage_error(ctx, "'plan' needs the project's code");
	if (ctx_open_store(ctx, STORE_EXISTING))
		return EXIT_ERROR;
	if (figures_plan(ctx->st, a.pos[0], &plan, &err))
		return ctx_error(ctx, &err);
	if (finplan_load(ctx->st, a.pos[0], plan.gs.as_of, &fp, &err)) {
		plan_result_release(&plan);
		return ctx_error(ctx, &err);
	}
	if (plan_sections(&plan, 1, tables, sections) ||
	    finplan_sections(&fp, tables + PLAN_NSECTIONS, sections + PLAN_NSECTIONS)) {
		free_tables(tables, N);
		finplan_release(&fp);
		plan_result_release(&plan);
		ctx_note(ctx, "out of memory");
		return EXIT_ERROR;
	}
	rc = ctx_print(ctx, sections, N);
	free_tables(tables, N);
	finplan_release(&fp);
	plan_result_release(&plan);
	return rc;
}

static const struct arg_pos plan_pos[] = { { "CODE", NULL, "projects", 0 } };

const struct ft_command cmd_plan_entry = {
	.name = "plan", .run = run_plan,
	.summary = "the financing plan of a project: who pays which share", FT_POS(plan_pos),
	.help = "Shows every grant of the project with level, programme, rate and amount, the\n"
	"totals per level (EU, federal, state, municipal) with their shares of the\n"
	"whole, the own share (Eigenanteil = the municipal level) in euros and percent,\n"
	"and per fiscal year the same split of the yearly allocations.\n"
	"Approved grants (approved, running, proof-due, closed, revoked) make up the\n"
	"plan; open applications are shown under 'Applied', rejected grants\n"
	"are listed without a share.\n"
	"The financing plan proper follows: the cost lines ('fundtrack plan-line') with\n"
	"planned (Soll) and spent (Ist) per line, the means of cover - every grant, own\n"
	"funds, third-party money, the city's share ('fundtrack plan-cover') - planned\n"
	"against spent, and the project bookings (P-numbers). Where no own or\n"
	"third-party funds are recorded, they are the planned costs minus the grants,\n"
	"and the plan says so. A grant's Ist is all its expenditure: its shares of\n"
	"project bookings and what was booked on the grant itself.\n"
	"\n"
	"example: fundtrack plan SPR-2\n",
};

/* ---- chains ------------------------------------------------------------- */

static const struct out_column chain_columns[] = {
	{ "chain", "Kette", OUT_TEXT },	      { "links", "Glieder", OUT_TEXT },
	{ "count", "Anzahl", OUT_COUNT },	      { "start", "Beginn", OUT_DATE },
	{ "end", "Ende", OUT_DATE },	      { "length_days", "Dauer (Tage)", OUT_COUNT },
	{ "gaps", "Lücken", OUT_COUNT },	      { "gap_days", "Lückentage", OUT_COUNT },
	{ "overlaps", "Überschneidungen", OUT_COUNT },
};

/* "ANK-1 → ANK-2 → ANK-3" */
static int add_link_list(struct out_table *t, const struct chain *c)
{
	char text[1024];
	size_t used = 0;

	text[0] = '\0';
	for (size_t i = 0; i < c->nlinks && used < sizeof(text); i++)
		used += (size_t)snprintf(text + used, sizeof(text) - used, "%s%s",
					 i ? " → " : "", c->links[i].project->code);
	return out_add_text(t, text);
}

static int fill_chains(struct out_table *chains, struct out_table *links,
		       const struct chain_result *r)
{
	for (size_t i = 0; i < r->nchains; i++) {
		const struct chain *c = &r->chains[i];

		if (out_add_text(chains, c->links[0].project->code) || add_link_list(chains, c) ||
		    out_add_int(chains, (int64_t)c->nlinks) || add_opt_date(chains, c->start) ||
		    add_opt_date(chains, c->end) ||
		    (c->length_days < 0 ? out_add_null(chains) : out_add_int(chains, c->length_days)) ||
		    out_add_int(chains, c->ngaps) || out_add_int(chains, c->gap_days) ||
		    out_add_int(chains, c->noverlaps) || chain_links_add(links, c, 0, 0))
			return -1;
	}
	return 0;
}

static int run_chains(struct ft_ctx *ctx, int argc, char **argv)
{
	struct out_table *chains = NULL, *links = NULL;
	struct chain_result r;
	struct ft_error err;
	struct args a;
	int rc;

	if (ctx_parse(ctx, argc - 1, argv + 1, &a, &rc))
		return rc;
	if (a.npos)
		return ctx_usage_error(ctx, "unexpected argument '%s'", a.pos[0]);
	if (ctx_open_store(ctx, STORE_EXISTING))
		return EXIT_ERROR;
	if (figures_chains(ctx->st, &r, &err))
		return ctx_error(ctx, &err);
	chains = out_table_new(chain_columns, NCOLS(chain_columns));
	links = chain_links_new(0);
	if (!chains || !links || fill_chains(chains, links, &r)) {
		ctx_note(ctx, "out of memory");
		rc = EXIT_ERROR;
	} else {
		const struct out_section sections[] = {
			{ "chains", tr("Chains"), chains, 0 },
			{ "links", tr("Links"), links, 0 },
		};
		rc = ctx_print(ctx, sections, 2);
	}
	out_table_free(chains);
	out_table_free(links);
	chain_result_release(&r);
	return rc;
}

const struct ft_command cmd_chains_entry = {
	.name = "chains", .run = run_chains,
	.summary = "chains of projects that follow one another, with their gaps",
	.help = "A chain starts with a project that has no predecessor and follows the\n"
	"projects recorded with --follows. For every chain: its links, the days from\n"
	"the first start to the last end, and the number and days of gaps. For every\n"
	"link: its period and the gap to the previous link in days (start - previous\n"
	"end - 1: 0 = seamless, negative = overlap). A project's period is its own\n"
	"start and end; a missing date is taken from its grants.\n",
};
