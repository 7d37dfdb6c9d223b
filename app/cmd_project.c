/* cmd_project.c - project add, list, show, edit. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cmd_figures.h"
#include "cmd_util.h"
#include "ledger.h"

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

static void project_options(struct arg_opt opts[P_NOPTS])
{
	static const char *const names[P_NOPTS] = {
		"--field", "--district", "--carrier", "--target-group", "--from",
		"--to",	   "--follows",	 "--costs",   "--title",
	};
	for (int i = 0; i < P_NOPTS; i++)
		opts[i] = (struct arg_opt){ names[i], 1, 0, NULL, 0 };
}

struct project_dates {
	char start[DATE_BUF];
	char end[DATE_BUF];
};

/* Fills in from the parsed options; "none" passes through for edit. */
static int project_input_from_options(const struct arg_opt opts[P_NOPTS],
				      struct project_dates *dates, struct project_input *in,
				      struct ft_error *err)
{
	in->field = opts[P_FIELD].value;
	in->district_code = opts[P_DISTRICT].value;
	in->carrier = opts[P_CARRIER].value;
	in->target_group = opts[P_TARGET].value;
	in->follows_code = opts[P_FOLLOWS].value;
	in->costs = -1;
	if (opts[P_FROM].value) {
		if (strcmp(opts[P_FROM].value, "none") == 0)
			in->start = "none";
		else if (parse_date_option(opts[P_FROM].value, "--from", dates->start, err))
			return -1;
		else
			in->start = dates->start;
	}
	if (opts[P_TO].value) {
		if (strcmp(opts[P_TO].value, "none") == 0)
			in->end = "none";
		else if (parse_date_option(opts[P_TO].value, "--to", dates->end, err))
			return -1;
		else
			in->end = dates->end;
	}
	if (opts[P_COSTS].value) {
		if (strcmp(opts[P_COSTS].value, "none") == 0)
			in->clear_costs = 1;
		else if (parse_amount_option(opts[P_COSTS].value, "--costs", &in->costs, err))
			return -1;
	}
	return 0;
}

static int project_add(struct ft_ctx *ctx, int argc, char **argv)
{
	struct arg_opt opts[P_NOPTS];
	struct project_input in = { 0 };
	struct project_dates dates;
	struct ft_error err;
	struct args a;
	int rc;

	project_options(opts);
	/* --title is for edit; add takes the title as a positional. */
	if (ctx_parse(ctx, &cmd_project_entry, argc - 1, argv + 1, opts, P_NOPTS - 1, &a, &rc))
		return rc;
	if (a.npos != 2 || !opts[P_FIELD].value)
		return ctx_usage_error(ctx, &cmd_project_entry,
				       "'project add' needs CODE, TITLE and --field");
	in.code = a.pos[0];
	in.title = a.pos[1];
	if (project_input_from_options(opts, &dates, &in, &err))
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
	struct arg_opt opts[P_NOPTS];
	struct project_input in = { 0 };
	struct project_dates dates;
	struct ft_error err;
	struct args a;
	int rc, any = 0;

	project_options(opts);
	if (ctx_parse(ctx, &cmd_project_entry, argc - 1, argv + 1, opts, P_NOPTS, &a, &rc))
		return rc;
	for (int i = 0; i < P_NOPTS; i++)
		any |= opts[i].seen;
	if (a.npos != 1 || !any)
		return ctx_usage_error(ctx, &cmd_project_entry,
				       "'project edit' needs CODE and at least one option to change");
	in.code = a.pos[0];
	in.title = opts[P_TITLE].value;
	if (project_input_from_options(opts, &dates, &in, &err))
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
	return run_list(ctx, &cmd_project_entry, argc, argv, RM_PROJECTS, project_columns, 9);
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
		fputs("fundtrack: out of memory\n", ctx->err);
		rc = EXIT_ERROR;
	} else {
		sections[1 + PLAN_NSECTIONS] = (struct out_section){ "chain", "Kette", chain, 0 };
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

	if (ctx_parse(ctx, &cmd_project_entry, argc - 1, argv + 1, NULL, 0, &a, &rc))
		return rc;
	if (a.npos != 1)
		return ctx_usage_error(ctx, &cmd_project_entry, "'project show' needs the project's code");
	if (ctx_open_store(ctx, STORE_EXISTING))
		return EXIT_ERROR;
	if (rm_table(ctx->st, RM_PROJECT, &a.pos[0], 1, detail_columns, 12, &record, &err))
		return ctx_error(ctx, &err);
	if (out_row_count(record) == 0) {
		fprintf(ctx->err, "fundtrack: no project '%s' (see 'fundtrack project list')\n",
			a.pos[0]);
		rc = EXIT_ERROR;
	} else {
		rc = print_project(ctx, record, a.pos[0]);
	}
	out_table_free(record);
	return rc;
}

static const struct ft_command project_subs[] = {
	{ "add", project_add, "add a project", NULL },
	{ "list", project_list, "list projects", NULL },
	{ "show", project_show, "show a project", NULL },
	{ "edit", project_edit, "change a project", NULL },
};

static int run_project(struct ft_ctx *ctx, int argc, char **argv)
{
	return ctx_dispatch(ctx, &cmd_project_entry, project_subs, 4, argc, argv);
}

const struct ft_command cmd_project_entry = {
	"project", run_project, "add, list, show and change projects",
	"usage: fundtrack project add CODE TITLE --field FIELD [--district CODE]\n"
	"                     [--carrier NAME] [--target-group TEXT] [--from DATE] [--to DATE]\n"
	"                     [--costs AMOUNT] [--follows CODE]\n"
	"   or: fundtrack project list\n"
	"   or: fundtrack project show CODE\n"
	"   or: fundtrack project edit CODE [--title TITLE] [--field FIELD] [--district CODE]\n"
	"                     [--carrier NAME] [--target-group TEXT] [--from DATE] [--to DATE]\n"
	"                     [--costs AMOUNT] [--follows CODE]\n"
	"\n"
	"  --field FIELD     housing, health, language, qualification or social-work\n"
	"  --carrier NAME    the Träger that runs the project\n"
	"  --from/--to DATE  planned start and end\n"
	"  --costs AMOUNT    total planned costs of the project\n"
	"  --follows CODE    the predecessor project: this project continues its work\n"
	"                    (a link in a chain of fixed-term projects)\n"
	"show prints the project, its financing plan (as 'fundtrack plan CODE') and its\n"
	"chain of predecessors and successors with the gap in days between each pair.\n"
	"With edit, the value 'none' clears --district, --carrier, --target-group,\n"
	"--from, --to, --costs and --follows.\n"
	"\n"
	"example: fundtrack project add NST-ANK-3 \"Ankommen in der Nordstadt III\" \\\n"
	"           --field social-work --district NST --from 01.01.2024 --to 31.12.2026 \\\n"
	"           --follows NST-ANK-2\n",
};
