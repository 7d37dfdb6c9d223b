/* cmd_project.c - project add, list, show, edit. */
#include <string.h>

#include "cli.h"
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

#define PROJECT_APPROVED                                                                \
	" (SELECT coalesce(sum(g.approved_cents), 0) FROM \"grant\" g"                  \
	"  WHERE g.project_id = p.id AND g.status NOT IN ('applied', 'rejected'))"

static int project_list(struct ft_ctx *ctx, int argc, char **argv)
{
	return run_list(ctx, &cmd_project_entry, argc, argv,
			"SELECT p.code, p.title, p.field, d.code, p.carrier, p.start_date,"
			" p.end_date, pred.code," PROJECT_APPROVED " "
			"FROM project p JOIN city c ON c.id = p.city_id AND c.own = 1 "
			"LEFT JOIN district d ON d.id = p.district_id "
			"LEFT JOIN project pred ON pred.id = p.predecessor_id "
			"ORDER BY p.code",
			project_columns, 9);
}

static int project_show(struct ft_ctx *ctx, int argc, char **argv)
{
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
	static const struct out_column grant_columns[] = {
		{ "ref", "Aktenzeichen", OUT_TEXT },	 { "programme", "Programm", OUT_TEXT },
		{ "level", "Ebene", OUT_TEXT },		 { "rate", "Quote", OUT_RATE },
		{ "from", "Von", OUT_DATE },		 { "to", "Bis", OUT_DATE },
		{ "approved", "Bewilligt", OUT_MONEY }, { "status", "Status", OUT_TEXT },
	};
	const struct show_part parts[] = {
		{ "project", NULL,
		  "SELECT p.code, p.title, p.field, d.name, p.carrier, p.target_group,"
		  " p.start_date, p.end_date, p.costs_cents, pred.code,"
		  " (SELECT s.code FROM project s WHERE s.predecessor_id = p.id)," PROJECT_APPROVED
		  " FROM project p JOIN city c ON c.id = p.city_id AND c.own = 1 "
		  "LEFT JOIN district d ON d.id = p.district_id "
		  "LEFT JOIN project pred ON pred.id = p.predecessor_id WHERE p.code = ?1",
		  detail_columns, 12, 1 },
		{ "grants", "Bescheide",
		  "SELECT g.ref, pg.code, f.level, g.rate_bp, g.period_from, g.period_to,"
		  " g.approved_cents, g.status "
		  "FROM \"grant\" g JOIN project p ON p.id = g.project_id "
		  "JOIN city c ON c.id = p.city_id AND c.own = 1 "
		  "JOIN programme pg ON pg.id = g.programme_id JOIN funder f ON f.id = pg.funder_id "
		  "WHERE p.code = ?1 ORDER BY g.period_from, g.ref",
		  grant_columns, 8, 0 },
	};
	return run_show(ctx, &cmd_project_entry, argc, argv, "project", parts, 2);
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
	"With edit, the value 'none' clears --district, --carrier, --target-group,\n"
	"--from, --to, --costs and --follows.\n"
	"\n"
	"example: fundtrack project add NST-ANK-3 \"Ankommen in der Nordstadt III\" \\\n"
	"           --field social-work --district NST --from 01.01.2024 --to 31.12.2026 \\\n"
	"           --follows NST-ANK-2\n",
};
