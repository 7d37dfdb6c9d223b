/* cmd_correct.c - corrections of master data and grants (cmd_correct.h). */
#include <string.h>

#include "cmd_correct.h"
#include "cmd_util.h"
#include "ledger.h"
#include "ledger_fix.h"
#include "msg_lang.h"

const struct arg_pos ags_pos[1] = { { "AGS", NULL, "cities", 0 } };
const struct arg_pos district_pos[1] = { { "CODE", NULL, "districts", 0 } };
const struct arg_pos funder_pos[1] = { { "CODE", NULL, "funders", 0 } };
const struct arg_pos programme_pos[1] = { { "CODE", NULL, "programmes", 0 } };
const struct arg_pos grant_ref_pos[1] = { { "REF", NULL, "grants", 0 } };

/* Any option given: an edit without one would change nothing. */
static int any_seen(const struct args *a, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (a->seen[i])
			return 1;
	return 0;
}

enum { CE_NAME, CE_POPULATION, CE_OWN };
const struct arg_opt city_edit_opts[CITY_EDIT_NOPTS] = {
	[CE_NAME] = { "--name", 0, "NAME", 0, NULL, NULL, "the city's name" },
	[CE_POPULATION] = { "--population", 0, "N", 0, NULL, NULL, "inhabitants" },
	[CE_OWN] = { "--own", 0, NULL, 0, NULL, NULL,
		     "make it the own city (while there is none)" },
};

int city_edit(struct ft_ctx *ctx, int argc, char **argv)
{
	struct city_edit in = { NULL, NULL, -1, 0 };
	struct ft_error err;
	struct args a;
	int rc;

	if (ctx_parse(ctx, argc - 1, argv + 1, &a, &rc))
		return rc;
	if (a.npos != 1 || !any_seen(&a, CITY_EDIT_NOPTS))
		return ctx_usage_error(ctx, "'city edit' needs AGS and at least one option to change");
	in.ags = a.pos[0];
	in.name = a.value[CE_NAME];
	in.own = a.seen[CE_OWN] > 0;
	if (a.value[CE_POPULATION] && parse_count(a.value[CE_POPULATION], "--population", 1,
						  2000000000, &in.population, &err))
		return ctx_error(ctx, &err);
	if (ctx_open_store(ctx, STORE_EXISTING))
		return EXIT_ERROR;
	if (ledger_edit_city(ctx->st, &in, &err))
		return ctx_error(ctx, &err);
	ctx_say(ctx, "changed city %s%s", in.ags, in.own ? tr(" (now the own city)") : "");
	return EXIT_OK;
}

enum { DE_NAME, DE_ACTION_AREA, DE_NO_ACTION_AREA };
const struct arg_opt district_edit_opts[DISTRICT_EDIT_NOPTS] = {
	[DE_NAME] = { "--name", 0, "NAME", 0, NULL, NULL, "the district's name" },
	[DE_ACTION_AREA] = { "--action-area", 0, NULL, 0, NULL, NULL, "it is an Aktionsraum" },
	[DE_NO_ACTION_AREA] = { "--no-action-area", 0, NULL, 0, NULL, NULL,
				"it is no Aktionsraum (any more)" },
};

int district_edit(struct ft_ctx *ctx, int argc, char **argv)
{
	struct district_edit in = { NULL, NULL, -1 };
	struct ft_error err;
	struct args a;
	int rc;

	if (ctx_parse(ctx, argc - 1, argv + 1, &a, &rc))
		return rc;
	if (a.npos != 1 || !any_seen(&a, DISTRICT_EDIT_NOPTS))
		return ctx_usage_error(ctx, "'district edit' needs CODE and at least one option to "
					    "change");
	if (a.seen[DE_ACTION_AREA] && a.seen[DE_NO_ACTION_AREA])
		return ctx_usage_error(ctx, "give either --action-area or --no-action-area");
	in.code = a.pos[0];
	in.name = a.value[DE_NAME];
	if (a.seen[DE_ACTION_AREA] || a.seen[DE_NO_ACTION_AREA])
		in.action_area = a.seen[DE_ACTION_AREA] > 0;
	if (ctx_open_store(ctx, STORE_EXISTING))
		return EXIT_ERROR;
	if (ledger_edit_district(ctx->st, &in, &err))
		return ctx_error(ctx, &err);
	ctx_say(ctx, "changed district %s", in.code);
	return EXIT_OK;
}

enum { FE_NAME, FE_LEVEL };
const struct arg_opt funder_edit_opts[FUNDER_EDIT_NOPTS] = {
	[FE_NAME] = { "--name", 0, "NAME", 0, NULL, NULL, "the funder's name" },
	[FE_LEVEL] = { "--level", 0, "LEVEL", 0, &ledger_level_enum, NULL, "the funder's level" },
};

int funder_edit(struct ft_ctx *ctx, int argc, char **argv)
{
	struct funder_edit in = { NULL, NULL, NULL };
	struct ft_error err;
	struct args a;
	int rc;

	if (ctx_parse(ctx, argc - 1, argv + 1, &a, &rc))
		return rc;
	if (a.npos != 1 || !any_seen(&a, FUNDER_EDIT_NOPTS))
		return ctx_usage_error(ctx, "'funder edit' needs CODE and at least one option to "
					    "change");
	in.code = a.pos[0];
	in.name = a.value[FE_NAME];
	in.level = a.value[FE_LEVEL];
	if (ctx_open_store(ctx, STORE_EXISTING))
		return EXIT_ERROR;
	if (ledger_edit_funder(ctx->st, &in, &err))
		return ctx_error(ctx, &err);
	ctx_say(ctx, "changed funder %s", in.code);
	return EXIT_OK;
}

/* "city retire AGS", "district retire CODE", ...: the group names the
 * table. */
int master_retire(struct ft_ctx *ctx, int argc, char **argv)
{
	const char *what = ctx->group ? ctx->group->name : "";
	struct ft_error err;
	struct args a;
	int rc;

	if (ctx_parse(ctx, argc - 1, argv + 1, &a, &rc))
		return rc;
	if (a.npos != 1)
		return ctx_usage_error(ctx, "'%s retire' needs the %s", what,
				       strcmp(what, "city") == 0 ? "AGS" : "CODE");
	if (ctx_open_store(ctx, STORE_EXISTING))
		return EXIT_ERROR;
	if (ledger_retire(ctx->st, what, a.pos[0], &err))
		return ctx_error(ctx, &err);
	ctx_say(ctx, "retired %s %s: kept for the history, shown with '%s list --all'",
		tr_record(what), a.pos[0], what);
	return EXIT_OK;
}

const struct arg_opt withdraw_opts[WITHDRAW_NOPTS] = {
	{ "--reason", 0, "TEXT", ARG_REQUIRED, NULL, NULL,
	  "why the grant is withdrawn (kept in the audit log)" },
};

int grant_withdraw(struct ft_ctx *ctx, int argc, char **argv)
{
	struct ft_error err;
	struct args a;
	int rc;

	if (ctx_parse(ctx, argc - 1, argv + 1, &a, &rc))
		return rc;
	if (a.npos != 1 || !a.value[0])
		return ctx_usage_error(ctx, "'grant withdraw' needs REF and --reason TEXT");
	if (ctx_open_store(ctx, STORE_EXISTING))
		return EXIT_ERROR;
	if (ledger_withdraw_grant(ctx->st, a.pos[0], a.value[0], &err))
		return ctx_error(ctx, &err);
	ctx_say(ctx, "withdrew grant %s: it no longer counts anywhere; shown with 'grant list "
		     "--all'",
		a.pos[0]);
	return EXIT_OK;
}
