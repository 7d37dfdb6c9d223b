/* cmd_project.c - project add, list, show, edit. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cmd_figures.h"
#include "cmd_util.h"
#include "ledger.h"
#include "msg_lang.h"

enum project_opt {
	P_FIELD,
	P_DISTRICT,
	P_CARRIER,
	P_TARGET,
	P_FROM,
	P_TO,
	P_FOLLOWS,
	P_COSTS,
	P_TITLE,
	P_NOPTS
};

/* The options of add (req: ARG_REQUIRED) and edit; --title only edit
 * has (add takes the title as a positional). */
#define PROJECT_OPTIONS(req)                                                             \
	[P_FIELD] = { "--field", 0, "FIELD", req, &ledger_field_enum, NULL,               \
		      "the field of work" },                                              \
	[P_DISTRICT] = { "--district", 0, "CODE", 0, NULL, "districts", "the district" },  \
	[P_CARRIER] = { "--carrier", 0, "NAME", 0, NULL, NULL,                            \
			"the Träger that runs the project" },                             \
	[P_TARGET] = { "--target-group", 0, "TEXT", 0, NULL, NULL, "the target group" },  \
	[P_FROM] = { "--from", 0, "DATE", 0, NULL, NULL, "planned start" },               \
	[P_TO] = { "--to", 0, "DATE", 0, NULL, NULL, "planned end" },                     \
	[P_FOLLOWS] = { "--follows", 0, "CODE", 0, NULL, "projects",                      \
			"the predecessor project: this project continues its work\n"     \
			"(a link in a chain of fixed-term projects)" },                   \
	[P_COSTS] = { "--costs", 0, "AMOUNT", 0, NULL, NULL,                              \
		      "total planned costs of the project" }

static const struct arg_opt project_add_opts[P_TITLE] = { PROJECT_OPTIONS(ARG_REQUIRED) };
static const struct arg_opt project_edit_opts[P_NOPTS] = {
	PROJECT_OPTIONS(0),
	[P_TITLE] = { "--title", 0, "TITLE", 0, NULL, NULL, "the project's title" },
};

struct project_dates {
	char start[DATE_BUF];
	char end[DATE_BUF];
};

/* Fills in from the parsed options; "none" passes through for edit. */
static int project_input_from_options(const struct args *a,
				      struct project_dates *dates, struct project_input *in,
				      struct ft_error *err)
{
	in->field = a->value[P_FIELD];
	in->district_code = a->value[P_DISTRICT];
	in->carrier = a->value[P_CARRIER];
	in->target_group = a->value[P_TARGET];
	in->follows_code = a->value[P_FOLLOWS];
	in->costs = -1;
	if (a->value[P_FROM]) {
		if (strcmp(a->value[P_FROM], "none") == 0)
			in->start = "none";
		else if (parse_date_option(a->value[P_FROM], "--from", dates->start, err))
			return -1;
		else
			in->start = dates->start;
	}
	if (a->value[P_TO]) {
		if (strcmp(a->value[P_TO], "none") == 0)
			in->end = "none";
		else if (parse_date_option(a->value[P_TO], "--to", dates->end, err))
			return -1;
		else
			in->end = dates->end;
	}
	if (a->value[P_COSTS]) {
		if (strcmp(a->value[P_COSTS], "none") == 0)
			in->clear_costs = 1;
		else if (parse_amount_option(a->value[P_COSTS], "--costs", &in->costs, err))
			return -1;
	}
	return 0;
}

static int project_add(struct ft_ctx *ctx, int argc, char **argv)
{
	struct project_input in = { 0 };
	struct project_dates dates;
	struct ft_error err;
	struct args a;
	int rc;

	if (ctx_parse(ctx, argc - 1, argv + 1, &a, &rc))
		return rc;
	if (a.npos != 2 || !a.value[P_FIELD])
		return ctx_usage_error(ctx, "'project add' needs CODE, TITLE and --field");
	in.code = a.pos[0];
	in.title = a.pos[1];
	if (project_input_from_options(&a, &dates, &in, &err))
		return ctx_error(ctx, &err);
	if (ctx_open_store(ctx, STORE_EXISTING))
		return EXIT_ERROR;
	if (ledger_add_project(ctx->st, &in, &err))
		return ctx_error(ctx, &err);
	ctx_say(ctx, "added project %s '%s'", in.code, in.title);
	return EXIT_OK;
}

static int project_edit(struct ft_ctx *ctx, int argc, char **argv)
{
	struct project_input in = { 0 };
	struct project_dates dates;
	struct ft_error err;
	struct args a;
	int rc, any = 0;

	if (ctx_parse(ctx, argc - 1, argv + 1, &a, &rc))
		return rc;
	for (int i = 0; i < P_NOPTS; i++)
		any |= a.seen[i];
	if (a.npos != 1 || !any)
		return ctx_usage_error(ctx, "'project edit' needs CODE and at least one option to change");
	in.code = a.pos[0];
	in.title = a.value[P_TITLE];
	if (project_input_from_options(&a, &dates, &in, &err))
		return ctx_error(ctx, &err);
	if (ctx_open_store(ctx, STORE_EXISTING))
		return EXIT_ERROR;
	if (ledger_edit_project(ctx->st, &in, &err))
		return ctx_error(ctx, &err);
	ctx_say(ctx, "changed project %s", in.code);
	return EXIT_OK;
}

static const struct out_column project_columns[] = {
	{ "code", "Code", OUT_TEXT },
	{ "title", "Titel", OUT_TEXT },
	{ "field", "Handlungsfeld", OUT_TEXT },
	{ "district", "Sozialraum", OUT_TEXT },
	{ "carrier", "Träger", OUT_TEXT },
	{ "start", "Beginn", OUT_DATE },
	{ "end", "Ende", OUT_DATE },
	{ "follows", "Vorgänger", OUT_TEXT },
	{ "approved", "Bewilligt", OUT_MONEY },
};

static int project_list(struct ft_ctx *ctx, int argc, char **argv)
{
	return run_list(ctx, argc, argv, RM_PROJECTS, project_columns, 9);
}

static const struct out_column detail_columns[] = {
	{ "code", "Code", OUT_TEXT },
	{ "title", "Titel", OUT_TEXT },
	{ "field", "Handlungsfeld", OUT_TEXT },
	{ "district", "Sozialraum", OUT_TEXT },
	{ "carrier", "Träger", OUT_TEXT },
	{ "target_group", "Zielgruppe", OUT_TEXT },
	{ "start", "Beginn", OUT_DATE },
	{ "end", "Ende", OUT_DATE },
	{ "costs", "Gesamtkosten", OUT_MONEY },
	{ "follows", "Vorgänger", OUT_TEXT },
	{ "followed_by", "Nachfolger", OUT_TEXT },
	{ "approved", "Bewilligt", OUT_MONEY },
};

/* The project's chain; NULL when out of memory. */
static struct out_table *project_chain_table(const struct plan_result *plan, const char *code)
{
	struct chain_result chains;
	struct ft_error err;
	struct out_table *t = chain_links_new(1);
	const struct chain *c;
	size_t position = 0;

	if (!t || figures_chains_of(plan->set, &chains, &err)) {
		out_table_free(t);
		return NULL;
	}
	c = figures_chain_of(&chains, code, &position);
	if (c && chain_links_add(t, c, 1, position)) {
		out_table_free(t);
		t = NULL;
	}
	chain_result_release(&chains);
	return t;
}

/* The record, the financing plan (figures.h) and the chain. */
static int print_project(struct ft_ctx *ctx, struct out_table *record, const char *code)
{
	struct out_section sections[2 + PLAN_NSECTIONS];
	struct out_table *plan_tables[PLAN_NSECTIONS] = { 0 }, *chain = NULL;
	struct plan_result plan;
	struct ft_error err;
	int rc;

	if (figures_plan(ctx->st, code, &plan, &err))
		return ctx_error(ctx, &err);
	sections[0] = (struct out_section){ "project", NULL, record, 1 };
	if (plan_sections(&plan, 0, plan_tables, sections + 1) ||
	    !(chain = project_chain_table(&plan, code))) {
		ctx_note(ctx, "out of memory");
		rc = EXIT_ERROR;
	} else {
		sections[1 + PLAN_NSECTIONS] = (struct out_section){ "chain", tr("Chain"), chain, 0 };
		rc = ctx_print(ctx, sections, 2 + PLAN_NSECTIONS);
	}
	for (int i = 0; i < PLAN_NSECTIONS; i++)
		out_table_free(plan_tables[i]);
	out_table_free(chain);
	plan_result_release(&plan);
	return rc;
}

static int project_show(struct ft_ctx *ctx, int argc, char **argv)
{
	struct out_table *record;
	struct ft_error err;
	struct args a;
	int rc;

	if (ctx_parse(ctx, argc - 1, argv + 1, &a, &rc))
		return rc;
	if (a.npos != 1)
		return ctx_usage_error(ctx, "'project show' needs the project's code");
	if (ctx_open_store(ctx, STORE_EXISTING))
		return EXIT_ERROR;
	if (rm_table(ctx->st, RM_PROJECT, &a.pos[0], 1, detail_columns, 12, &record, &err))
		return ctx_error(ctx, &err);
	if (out_row_count(record) == 0) {
		ctx_note(ctx, "no project '%s' (see 'fundtrack project list')",
			a.pos[0]);
		rc = EXIT_ERROR;
	} else {
		rc = print_project(ctx, record, a.pos[0]);
	}
	out_table_free(record);
	return rc;
}

static const struct arg_pos add_pos[] = { { "CODE", NULL, NULL, 0 }, { "TITLE", NULL, NULL, 0 } };
static const struct arg_pos code_pos[] = { { "CODE", NULL, "projects", 0 } };

static const struct ft_command project_subs[] = {
	{ .name = "add", .run = project_add, .summary = "add a project", FT_POS(add_pos),
	  FT_OPTS(project_add_opts) },
	{ .name = "list", .run = project_list, .summary = "list projects" },
	{ .name = "show", .run = project_show, .summary = "show a project", FT_POS(code_pos) },
	{ .name = "edit", .run = project_edit, .summary = "change a project", FT_POS(code_pos),
	  FT_OPTS(project_edit_opts) },
};

const struct ft_command cmd_project_entry = {
	.name = "project", .summary = "add, list, show and change projects", FT_SUBS(project_subs),
	.help = "show prints the project, its financing plan (as 'fundtrack plan CODE') and its\n"
	"chain of predecessors and successors with the gap in days between each pair.\n"
	"With edit, the value 'none' clears --district, --carrier, --target-group,\n"
	"--from, --to, --costs and --follows.\n"
	"\n"
	"example: fundtrack project add NST-ANK-3 \"Ankommen in der Nordstadt III\" \\\n"
	"           --field social-work --district NST --from 01.01.2024 --to 31.12.2026 \\\n"
	"           --follows NST-ANK-2\n",
};
