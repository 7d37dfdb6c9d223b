/* cmd_master.c - init, city, district, funder, programme and setting:
 * the master data a finance officer records once. */
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "cli.h"
#include "cmd_correct.h"
#include "cmd_util.h"
#include "ledger.h"
#include "money.h"
#include "msg_lang.h"

/* ---- init ------------------------------------------------------------ */

static int run_init(struct ft_ctx *ctx, int argc, char **argv)
{
	struct args a;
	int rc;

	if (ctx_parse(ctx, argc - 1, argv + 1, &a, &rc))
		return rc;
	if (a.npos)
		return ctx_usage_error(ctx, "unexpected argument '%s'", a.pos[0]);
	if (ctx_open_store(ctx, STORE_CREATE))
		return EXIT_ERROR;
	if (store_migrations_applied(ctx->st))
		ctx_say(ctx, "initialised database '%s' (schema version %d)", ctx->db_path,
			store_schema_version());
	else
		ctx_say(ctx, "database '%s' is up to date (schema version %d)", ctx->db_path,
			store_schema_version());
	return EXIT_OK;
}

const struct ft_command cmd_init_entry = {
	.name = "init", .run = run_init, .summary = "create or upgrade the database",
	.help = "Creates the database file (see --db) or applies pending schema migrations.\n"
	"Running it again is harmless.\n",
};

/* ---- city ------------------------------------------------------------ */

enum city_opt { C_POPULATION, C_OWN };
static const struct arg_opt city_add_opts[] = {
	[C_POPULATION] = { "--population", 0, "N", 0, NULL, NULL, "inhabitants" },
	[C_OWN] = { "--own", 0, NULL, 0, NULL, NULL,
		    "the own city: the one whose grants you record" },
};
static const struct arg_pos city_add_pos[] = { { "AGS", NULL, NULL, 0 }, { "NAME", NULL, NULL, 0 } };

static int city_add(struct ft_ctx *ctx, int argc, char **argv)
{
	struct city_input in = { 0 };
	struct ft_error err;
	struct args a;
	int rc;

	if (ctx_parse(ctx, argc - 1, argv + 1, &a, &rc))
		return rc;
	if (a.npos != 2)
		return ctx_usage_error(ctx, "'city add' needs AGS and NAME");
	in.ags = a.pos[0];
	in.name = a.pos[1];
	in.own = a.seen[C_OWN] > 0;
	if (a.value[C_POPULATION] && parse_count(a.value[C_POPULATION], "--population", 1,
						 2000000000, &in.population, &err))
		return ctx_error(ctx, &err);
	if (ctx_open_store(ctx, STORE_EXISTING))
		return EXIT_ERROR;
	if (ledger_add_city(ctx->st, &in, &err))
		return ctx_error(ctx, &err);
	ctx_say(ctx, "added city %s '%s'%s", in.ags, in.name, in.own ? tr(" (own city)") : "");
	return EXIT_OK;
}

static const struct out_column city_columns[] = {
	{ "ags", "AGS", OUT_TEXT },
	{ "name", "Name", OUT_TEXT },
	{ "population", "Einwohner", OUT_COUNT },
	{ "own", "Eigene Stadt", OUT_BOOL },
	{ "districts", "Sozialräume", OUT_COUNT },
	{ "projects", "Projekte", OUT_COUNT },
	{ "retired", "Stillgelegt", OUT_DATE },
};

static int city_list(struct ft_ctx *ctx, int argc, char **argv)
{
	return run_list_all(ctx, argc, argv, RM_CITIES, city_columns, FT_COUNT(city_columns));
}

static const struct ft_command city_subs[] = {
	{ .name = "add", .run = city_add, .summary = "add a city", FT_POS(city_add_pos),
	  FT_OPTS(city_add_opts) },
	{ .name = "list", .run = city_list, FT_OPTS(list_all_option), .summary = "list cities" },
	CITY_CORRECTIONS,
};

const struct ft_command cmd_city_entry = {
	.name = "city", .summary = "add and list cities (exactly one is the own city)",
	FT_SUBS(city_subs),
	.help = "AGS is the 8-digit official municipality key (Dortmund: 05913000). The own\n"
	"city (--own) is the one whose grants you record; other cities arrive through\n"
	"the exchange files of the network.\n"
	"\n"
	"example: fundtrack city add 05913000 Dortmund --population 586852 --own\n",
};

/* ---- district -------------------------------------------------------- */

enum district_opt { D_ACTION_AREA };
static const struct arg_opt district_add_opts[] = {
	[D_ACTION_AREA] = { "--action-area", 0, NULL, 0, NULL, NULL,
			    "an Aktionsraum (a district with concentrated poverty)" },
};
static const struct arg_pos code_name_pos[] = { { "CODE", NULL, NULL, 0 }, { "NAME", NULL, NULL, 0 } };

static int district_add(struct ft_ctx *ctx, int argc, char **argv)
{
	struct district_input in = { 0 };
	struct ft_error err;
	struct args a;
	int rc;

	if (ctx_parse(ctx, argc - 1, argv + 1, &a, &rc))
		return rc;
	if (a.npos != 2)
		return ctx_usage_error(ctx, "'district add' needs CODE and NAME");
	in.code = a.pos[0];
	in.name = a.pos[1];
	in.action_area = a.seen[D_ACTION_AREA] > 0;
	if (ctx_open_store(ctx, STORE_EXISTING))
		return EXIT_ERROR;
	if (ledger_add_district(ctx->st, &in, &err))
		return ctx_error(ctx, &err);
	ctx_say(ctx, "added district %s '%s'%s", in.code, in.name,
		in.action_area ? tr(" (action area)") : "");
	return EXIT_OK;
}

static const struct out_column district_columns[] = {
	{ "code", "Code", OUT_TEXT },
	{ "name", "Sozialraum", OUT_TEXT },
	{ "action_area", "Aktionsraum", OUT_BOOL },
	{ "projects", "Projekte", OUT_COUNT },
	{ "retired", "Stillgelegt", OUT_DATE },
};

static int district_list(struct ft_ctx *ctx, int argc, char **argv)
{
	return run_list_all(ctx, argc, argv, RM_DISTRICTS, district_columns,
			    FT_COUNT(district_columns));
}

static const struct ft_command district_subs[] = {
	{ .name = "add", .run = district_add, .summary = "add a district", FT_POS(code_name_pos),
	  FT_OPTS(district_add_opts) },
	{ .name = "list", .run = district_list, FT_OPTS(list_all_option), .summary = "list districts" },
	DISTRICT_CORRECTIONS,
};

const struct ft_command cmd_district_entry = {
	.name = "district", .summary = "add and list the own city's districts (Sozialräume)",
	FT_SUBS(district_subs),
	.help = "example: fundtrack district add NST Nordstadt --action-area\n",
};

/* ---- funder ---------------------------------------------------------- */

enum funder_opt { F_LEVEL };
static const struct arg_opt funder_add_opts[] = {
	[F_LEVEL] = { "--level", 0, "LEVEL", ARG_REQUIRED, &ledger_level_enum, NULL,
		      "the funder's level" },
};

static int funder_add(struct ft_ctx *ctx, int argc, char **argv)
{
	struct funder_input in = { 0 };
	struct ft_error err;
	struct args a;
	int rc;

	if (ctx_parse(ctx, argc - 1, argv + 1, &a, &rc))
		return rc;
	if (a.npos != 2 || !a.value[F_LEVEL])
		return ctx_usage_error(ctx, "'funder add' needs CODE, NAME and --level");
	in.code = a.pos[0];
	in.name = a.pos[1];
	in.level = a.value[F_LEVEL];
	if (ctx_open_store(ctx, STORE_EXISTING))
		return EXIT_ERROR;
	if (ledger_add_funder(ctx->st, &in, &err))
		return ctx_error(ctx, &err);
	ctx_say(ctx, "added funder %s '%s' (%s)", in.code, in.name,
		word_enum_say(&ledger_level_enum, in.level));
	return EXIT_OK;
}

static const struct out_column funder_columns[] = {
	{ "code", "Code", OUT_TEXT },
	{ "name", "Fördermittelgeber", OUT_TEXT },
	{ "level", "Ebene", OUT_TEXT },
	{ "programmes", "Programme", OUT_COUNT },
	{ "retired", "Stillgelegt", OUT_DATE },
};

static int funder_list(struct ft_ctx *ctx, int argc, char **argv)
{
	return run_list_all(ctx, argc, argv, RM_FUNDERS, funder_columns, FT_COUNT(funder_columns));
}

static const struct ft_command funder_subs[] = {
	{ .name = "add", .run = funder_add, .summary = "add a funder", FT_POS(code_name_pos),
	  FT_OPTS(funder_add_opts) },
	{ .name = "list", .run = funder_list, FT_OPTS(list_all_option), .summary = "list funders" },
	FUNDER_CORRECTIONS,
};

const struct ft_command cmd_funder_entry = {
	.name = "funder", .summary = "add and list funders (EU, federal, state, municipal)",
	FT_SUBS(funder_subs),
	.help = "example: fundtrack funder add BMAS \"Bundesministerium für Arbeit und Soziales\" "
	"--level federal\n",
};

/* ---- programme ------------------------------------------------------- */

enum programme_opt { PR_FUNDER, PR_FUND, PR_RATE, PR_FINANCING, PR_TERMS, PR_NAME, PR_NOPTS };
#define PROGRAMME_TERMS_HELP                                                            \
	"the terms (Nebenbestimmungen) of its decisions:\n"                             \
	"anbest-p-bund, anbest-p-nrw, anbest-gk, anbest-g-nrw, own\n"                   \
	"(default: by the funder's level; 'fundtrack terms list')"
static const struct arg_opt programme_add_opts[] = {
	[PR_FUNDER] = { "--funder", 0, "CODE", ARG_REQUIRED, NULL, "funders",
			"the funder of the programme" },
	[PR_FUND] = { "--fund", 0, "LABEL", 0, NULL, NULL,
		      "EU fund or budget line, e.g. ESF+, EHAP, EFRE" },
	[PR_RATE] = { "--rate", 0, "PCT", 0, NULL, NULL, "default funding rate, e.g. 85 or 62,5" },
	[PR_FINANCING] = { "--financing", 0, "TYPE", 0, &ledger_financing_enum, NULL,
			   "financing type (default share)" },
	[PR_TERMS] = { "--terms", 0, "NAME", 0, &ledger_terms_enum, NULL, PROGRAMME_TERMS_HELP },
};
static const struct arg_opt programme_edit_opts[PR_NOPTS] = {
	[PR_FUNDER] = { "--funder", 0, "CODE", ARG_HIDDEN, NULL, NULL, "not changeable" },
	[PR_FUND] = { "--fund", 0, "LABEL|none", 0, NULL, NULL, "EU fund or budget line" },
	[PR_RATE] = { "--rate", 0, "PCT|none", 0, NULL, NULL, "default funding rate" },
	[PR_FINANCING] = { "--financing", 0, "TYPE", 0, &ledger_financing_enum, NULL,
			   "financing type" },
	[PR_TERMS] = { "--terms", 0, "NAME|none", ARG_OWN_CHECK, &ledger_terms_enum, NULL,
		       "the terms of its decisions; none: by the funder's level" },
	[PR_NAME] = { "--name", 0, "NAME", 0, NULL, NULL, "the programme's name" },
};

static int programme_add(struct ft_ctx *ctx, int argc, char **argv)
{
	struct programme_input in = { 0 };
	struct ft_error err;
	struct args a;
	int rc;

	if (ctx_parse(ctx, argc - 1, argv + 1, &a, &rc))
		return rc;
	if (a.npos != 2 || !a.value[PR_FUNDER])
		return ctx_usage_error(ctx, "'programme add' needs CODE, NAME and --funder");
	in.code = a.pos[0];
	in.name = a.pos[1];
	in.funder_code = a.value[PR_FUNDER];
	in.fund = a.value[PR_FUND];
	in.rate_bp = -1;
	in.financing = a.value[PR_FINANCING];
	in.terms = a.value[PR_TERMS];
	if (a.value[PR_RATE] && parse_rate_option(a.value[PR_RATE], "--rate", &in.rate_bp, &err))
		return ctx_error(ctx, &err);
	if (ctx_open_store(ctx, STORE_EXISTING))
		return EXIT_ERROR;
	if (ledger_add_programme(ctx->st, &in, &err))
		return ctx_error(ctx, &err);
	ctx_say(ctx, "added programme %s '%s'", in.code, in.name);
	return EXIT_OK;
}

static int programme_edit(struct ft_ctx *ctx, int argc, char **argv)
{
	struct programme_edit in = { 0 };
	const char *rate;
	struct ft_error err;
	struct args a;
	int64_t before, after;
	int rc, any = 0;

	if (ctx_parse(ctx, argc - 1, argv + 1, &a, &rc))
		return rc;
	for (int i = 0; i < PR_NOPTS; i++)
		any |= a.seen[i];
	if (a.npos != 1 || !any)
		return ctx_usage_error(ctx, "'programme edit' needs CODE and at least one option "
					    "to change");
	if (a.value[PR_FUNDER])
		return ctx_usage_error(ctx, "the funder of a programme is not changed: add a new "
					    "programme");
	rate = a.value[PR_RATE];
	in.code = a.pos[0];
	in.name = a.value[PR_NAME];
	in.fund = a.value[PR_FUND];
	in.financing = a.value[PR_FINANCING];
	in.rate_bp = -1;
	in.clear_rate = rate && strcmp(rate, "none") == 0;
	if (a.value[PR_TERMS] && strcmp(a.value[PR_TERMS], "none") != 0) {
		if (word_enum_parse(&ledger_terms_enum, a.value[PR_TERMS], &in.terms, &err))
			return ctx_error(ctx, &err);
	} else {
		in.terms = a.value[PR_TERMS];
	}
	if (rate && !in.clear_rate && parse_rate_option(rate, "--rate", &in.rate_bp, &err))
		return ctx_error(ctx, &err);
	if (ctx_open_store(ctx, STORE_EXISTING))
		return EXIT_ERROR;
	if (audit_last_id(ctx->st, &before, &err) || ledger_edit_programme(ctx->st, &in, &err) ||
	    audit_last_id(ctx->st, &after, &err))
		return ctx_error(ctx, &err);
	if (after == before)
		ctx_say(ctx, "programme %s unchanged: it already has these values", in.code);
	else
		ctx_say(ctx, "changed programme %s (audit entry %lld)", in.code, (long long)after);
	return EXIT_OK;
}

static const struct out_column programme_columns[] = {
	{ "code", "Code", OUT_TEXT },
	{ "name", "Programm", OUT_TEXT },
	{ "funder", "Geber", OUT_TEXT },
	{ "level", "Ebene", OUT_TEXT },
	{ "fund", "Fonds", OUT_TEXT },
	{ "rate", "Quote", OUT_RATE },
	{ "financing", "Finanzierungsart", OUT_TEXT },
	{ "terms", "Nebenbestimmungen", OUT_TEXT },
	{ "terms_from", "Herkunft", OUT_TEXT },
	{ "grants", "Bescheide", OUT_COUNT },
	{ "approved", "Bewilligt", OUT_MONEY },
	{ "retired", "Stillgelegt", OUT_DATE },
};

static int programme_list(struct ft_ctx *ctx, int argc, char **argv)
{
	return run_list_all(ctx, argc, argv, RM_PROGRAMMES, programme_columns,
			    FT_COUNT(programme_columns));
}

static int programme_show(struct ft_ctx *ctx, int argc, char **argv)
{
	static const struct out_column grant_columns[] = {
		{ "ref", "Aktenzeichen", OUT_TEXT },	 { "project", "Projekt", OUT_TEXT },
		{ "from", "Von", OUT_DATE },		 { "to", "Bis", OUT_DATE },
		{ "approved", "Bewilligt", OUT_MONEY }, { "status", "Status", OUT_TEXT },
	};
	const struct show_part parts[] = {
		{ "programme", NULL, RM_PROGRAMME, programme_columns, FT_COUNT(programme_columns), 1 },
		{ "grants", N_("Grants"), RM_PROGRAMME_GRANTS, grant_columns, 6, 0 },
	};
	return run_show(ctx, argc, argv, "programme", parts, 2);
}

static const struct arg_pos programme_code_pos[] = { { "CODE", NULL, "programmes", 0 } };

static const struct ft_command programme_subs[] = {
	{ .name = "add", .run = programme_add, .summary = "add a programme", FT_POS(code_name_pos),
	  FT_OPTS(programme_add_opts) },
	{ .name = "list", .run = programme_list, FT_OPTS(list_all_option), .summary = "list programmes" },
	PROGRAMME_CORRECTIONS,
	{ .name = "show", .run = programme_show, .summary = "show a programme",
	  FT_POS(programme_code_pos) },
	{ .name = "edit", .run = programme_edit, .summary = "correct a programme",
	  FT_POS(programme_code_pos), FT_OPTS(programme_edit_opts) },
};

const struct ft_command cmd_programme_entry = {
	.name = "programme", .summary = "add, list, show and correct funding programmes",
	FT_SUBS(programme_subs),
	.help = "--terms names the terms (Nebenbestimmungen) its grants get unless a decision\n"
	"names others ('fundtrack grant edit REF --terms NAME'). Without it the recipient\n"
	"decides: the city's own budget money (a municipal funder) has none ('own'),\n"
	"federal money gets anbest-gk, state money anbest-g-nrw, EU money anbest-gk;\n"
	"'programme list' shows the origin 'recipient' then. The terms drive the\n"
	"drawdown horizon, the proofs of use and idle-money interest ('terms list').\n"
	"edit changes name, fund, rate, financing and terms; 'none' clears fund, rate\n"
	"and terms. Every change is logged (see 'fundtrack audit log').\n"
	"\n"
	"example: fundtrack programme add EHAP \"EHAP Plus\" --funder BMAS --fund ESF+ --rate 85\n"
	"         fundtrack programme edit SOE --terms anbest-g-nrw\n",
};

/* ---- setting --------------------------------------------------------- */

static int setting_set(struct ft_ctx *ctx, int argc, char **argv)
{
	struct ft_error err;
	struct args a;
	int rc, bp;

	if (ctx_parse(ctx, argc - 1, argv + 1, &a, &rc))
		return rc;
	if (a.npos != 2)
		return ctx_usage_error(ctx, "'setting set' needs KEY and VALUE");
	if (strcmp(a.pos[0], "base-rate") != 0)
		return ctx_usage_error(ctx, "unknown setting '%s': known is base-rate", a.pos[0]);
	/* The base rate (Basiszinssatz) can be negative: -0,88 % in 2016-2022. */
	if (parse_signed_rate(a.pos[1], "base-rate", &bp, &err))
		return ctx_error(ctx, &err);
	if (ctx_open_store(ctx, STORE_EXISTING))
		return EXIT_ERROR;
	{
		char value[16];

		snprintf(value, sizeof(value), "%d", bp);
		if (store_setting_set(ctx->st, "base-rate-bp", value, &err))
			return ctx_error(ctx, &err);
	}
	ctx_say(ctx, "base-rate set to %s %%", a.pos[1]);
	return EXIT_OK;
}

static int setting_list(struct ft_ctx *ctx, int argc, char **argv)
{
	static const struct out_column columns[] = {
		{ "key", "Einstellung", OUT_TEXT },
		{ "value", "Wert", OUT_RATE },
	};
	return run_list(ctx, argc, argv, RM_SETTINGS, columns, 2);
}

static const struct arg_pos setting_pos[] = { { "base-rate", NULL, NULL, 0 }, { "PCT", NULL, NULL, 0 } };

static const struct ft_command setting_subs[] = {
	{ .name = "set", .run = setting_set, .summary = "change a setting", FT_POS(setting_pos) },
	{ .name = "list", .run = setting_list, .summary = "list settings" },
};

const struct ft_command cmd_setting_entry = {
	.name = "setting", .summary = "set and list settings (base-rate)", FT_SUBS(setting_subs),
	.help = "base-rate is the old single Basiszinssatz (§ 247 BGB) without a date; it is\n"
	"superseded by the half-yearly history of 'fundtrack base-rate' and no longer\n"
	"used for interest.\n",
};
