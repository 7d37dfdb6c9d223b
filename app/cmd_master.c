/* cmd_master.c - init, city, district, funder, programme and setting:
 * the master data a finance officer records once. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cmd_util.h"
#include "ledger.h"
#include "money.h"

/* ---- init ------------------------------------------------------------ */

static int run_init(struct ft_ctx *ctx, int argc, char **argv)
{
	struct args a;
	int rc;

	if (ctx_parse(ctx, &cmd_init_entry, argc - 1, argv + 1, NULL, 0, &a, &rc))
		return rc;
	if (a.npos)
		return ctx_usage_error(ctx, &cmd_init_entry, "unexpected argument '%s'", a.pos[0]);
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
	"init", run_init, "create or upgrade the database",
	"usage: fundtrack init\n"
	"\n"
	"Creates the database file (see --db) or applies pending schema migrations.\n"
	"Running it again is harmless.\n",
};

/* ---- city ------------------------------------------------------------ */

static int city_add(struct ft_ctx *ctx, int argc, char **argv)
{
	struct arg_opt opts[] = { { "--population", 1, 0, 0, 0 }, { "--own", 0, 0, 0, 0 } };
	struct city_input in = { 0 };
	struct ft_error err;
	struct args a;
	int rc;

	if (ctx_parse(ctx, &cmd_city_entry, argc - 1, argv + 1, opts, 2, &a, &rc))
		return rc;
	if (a.npos != 2)
		return ctx_usage_error(ctx, &cmd_city_entry, "'city add' needs AGS and NAME");
	in.ags = a.pos[0];
	in.name = a.pos[1];
	in.own = opts[1].seen;
	if (opts[0].value && parse_count(opts[0].value, "--population", 1, 2000000000,
					 &in.population, &err))
		return ctx_error(ctx, &err);
	if (ctx_open_store(ctx, STORE_EXISTING))
		return EXIT_ERROR;
	if (ledger_add_city(ctx->st, &in, &err))
		return ctx_error(ctx, &err);
	ctx_say(ctx, "added city %s '%s'%s", in.ags, in.name, in.own ? " (own city)" : "");
	return EXIT_OK;
}

static const struct out_column city_columns[] = {
	{ "ags", "AGS", OUT_TEXT },
	{ "name", "Name", OUT_TEXT },
	{ "population", "Einwohner", OUT_INT },
	{ "own", "Eigene Stadt", OUT_BOOL },
	{ "districts", "Sozialräume", OUT_INT },
	{ "projects", "Projekte", OUT_INT },
};

static int city_list(struct ft_ctx *ctx, int argc, char **argv)
{
	return run_list(ctx, &cmd_city_entry, argc, argv, RM_CITIES, city_columns, 6);
}

static const struct ft_command city_subs[] = {
	{ "add", city_add, "add a city", NULL },
	{ "list", city_list, "list cities", NULL },
};

static int run_city(struct ft_ctx *ctx, int argc, char **argv)
{
	return ctx_dispatch(ctx, &cmd_city_entry, city_subs, 2, argc, argv);
}

const struct ft_command cmd_city_entry = {
	"city", run_city, "add and list cities (exactly one is the own city)",
	"usage: fundtrack city add AGS NAME [--population N] [--own]\n"
	"   or: fundtrack city list\n"
	"\n"
	"AGS is the 8-digit official municipality key (Dortmund: 05913000). The own\n"
	"city (--own) is the one whose grants you record; other cities arrive through\n"
	"the exchange files of the network.\n"
	"\n"
	"example: fundtrack city add 05913000 Dortmund --population 586852 --own\n",
};

/* ---- district -------------------------------------------------------- */

static int district_add(struct ft_ctx *ctx, int argc, char **argv)
{
	struct arg_opt opts[] = { { "--action-area", 0, 0, 0, 0 } };
	struct district_input in = { 0 };
	struct ft_error err;
	struct args a;
	int rc;

	if (ctx_parse(ctx, &cmd_district_entry, argc - 1, argv + 1, opts, 1, &a, &rc))
		return rc;
	if (a.npos != 2)
		return ctx_usage_error(ctx, &cmd_district_entry, "'district add' needs CODE and NAME");
	in.code = a.pos[0];
	in.name = a.pos[1];
	in.action_area = opts[0].seen;
	if (ctx_open_store(ctx, STORE_EXISTING))
		return EXIT_ERROR;
	if (ledger_add_district(ctx->st, &in, &err))
		return ctx_error(ctx, &err);
	ctx_say(ctx, "added district %s '%s'%s", in.code, in.name,
		in.action_area ? " (action area)" : "");
	return EXIT_OK;
}

static const struct out_column district_columns[] = {
	{ "code", "Code", OUT_TEXT },
	{ "name", "Sozialraum", OUT_TEXT },
	{ "action_area", "Aktionsraum", OUT_BOOL },
	{ "projects", "Projekte", OUT_INT },
};

static int district_list(struct ft_ctx *ctx, int argc, char **argv)
{
	return run_list(ctx, &cmd_district_entry, argc, argv, RM_DISTRICTS, district_columns, 4);
}

static const struct ft_command district_subs[] = {
	{ "add", district_add, "add a district", NULL },
	{ "list", district_list, "list districts", NULL },
};

static int run_district(struct ft_ctx *ctx, int argc, char **argv)
{
	return ctx_dispatch(ctx, &cmd_district_entry, district_subs, 2, argc, argv);
}

const struct ft_command cmd_district_entry = {
	"district", run_district, "add and list the own city's districts (Sozialräume)",
	"usage: fundtrack district add CODE NAME [--action-area]\n"
	"   or: fundtrack district list\n"
	"\n"
	"--action-area marks an Aktionsraum (a district with concentrated poverty).\n"
	"\n"
	"example: fundtrack district add NST Nordstadt --action-area\n",
};

/* ---- funder ---------------------------------------------------------- */

static int funder_add(struct ft_ctx *ctx, int argc, char **argv)
{
	struct arg_opt opts[] = { { "--level", 1, 0, 0, 0 } };
	struct funder_input in = { 0 };
	struct ft_error err;
	struct args a;
	int rc;

	if (ctx_parse(ctx, &cmd_funder_entry, argc - 1, argv + 1, opts, 1, &a, &rc))
		return rc;
	if (a.npos != 2 || !opts[0].value)
		return ctx_usage_error(ctx, &cmd_funder_entry,
				       "'funder add' needs CODE, NAME and --level");
	in.code = a.pos[0];
	in.name = a.pos[1];
	in.level = opts[0].value;
	if (ctx_open_store(ctx, STORE_EXISTING))
		return EXIT_ERROR;
	if (ledger_add_funder(ctx->st, &in, &err))
		return ctx_error(ctx, &err);
	ctx_say(ctx, "added funder %s '%s' (%s)", in.code, in.name, in.level);
	return EXIT_OK;
}

static const struct out_column funder_columns[] = {
	{ "code", "Code", OUT_TEXT },
	{ "name", "Fördermittelgeber", OUT_TEXT },
	{ "level", "Ebene", OUT_TEXT },
	{ "programmes", "Programme", OUT_INT },
};

static int funder_list(struct ft_ctx *ctx, int argc, char **argv)
{
	return run_list(ctx, &cmd_funder_entry, argc, argv, RM_FUNDERS, funder_columns, 4);
}

static const struct ft_command funder_subs[] = {
	{ "add", funder_add, "add a funder", NULL },
	{ "list", funder_list, "list funders", NULL },
};

static int run_funder(struct ft_ctx *ctx, int argc, char **argv)
{
	return ctx_dispatch(ctx, &cmd_funder_entry, funder_subs, 2, argc, argv);
}

const struct ft_command cmd_funder_entry = {
	"funder", run_funder, "add and list funders (EU, federal, state, municipal)",
	"usage: fundtrack funder add CODE NAME --level eu|federal|state|municipal\n"
	"   or: fundtrack funder list\n"
	"\n"
	"example: fundtrack funder add BMAS \"Bundesministerium für Arbeit und Soziales\" "
	"--level federal\n",
};

/* ---- programme ------------------------------------------------------- */

static int programme_add(struct ft_ctx *ctx, int argc, char **argv)
{
	struct arg_opt opts[] = {
		{ "--funder", 1, 0, 0, 0 },	  { "--fund", 1, 0, 0, 0 },
		{ "--rate", 1, 0, 0, 0 },	  { "--financing", 1, 0, 0, 0 },
		{ "--drawdown-days", 1, 0, 0, 0 }, { "--proof-months", 1, 0, 0, 0 },
	};
	struct programme_input in = { 0 };
	struct ft_error err;
	struct args a;
	int64_t n;
	int rc;

	if (ctx_parse(ctx, &cmd_programme_entry, argc - 1, argv + 1, opts, 6, &a, &rc))
		return rc;
	if (a.npos != 2 || !opts[0].value)
		return ctx_usage_error(ctx, &cmd_programme_entry,
				       "'programme add' needs CODE, NAME and --funder");
	in.code = a.pos[0];
	in.name = a.pos[1];
	in.funder_code = opts[0].value;
	in.fund = opts[1].value;
	in.rate_bp = -1;
	in.financing = opts[3].value;
	in.proof_months = -1;
	if (opts[2].value && parse_rate_option(opts[2].value, "--rate", &in.rate_bp, &err))
		return ctx_error(ctx, &err);
	if (opts[4].value) {
		if (parse_count(opts[4].value, "--drawdown-days", 1, 366, &n, &err))
			return ctx_error(ctx, &err);
		in.drawdown_days = (int)n;
	}
	if (opts[5].value) {
		if (parse_count(opts[5].value, "--proof-months", 0, 36, &n, &err))
			return ctx_error(ctx, &err);
		in.proof_months = (int)n;
	}
	if (ctx_open_store(ctx, STORE_EXISTING))
		return EXIT_ERROR;
	if (ledger_add_programme(ctx->st, &in, &err))
		return ctx_error(ctx, &err);
	ctx_say(ctx, "added programme %s '%s'", in.code, in.name);
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
	{ "drawdown_days", "Abruf-Tage", OUT_INT },
	{ "proof_months", "VN-Monate", OUT_INT },
	{ "grants", "Bescheide", OUT_INT },
	{ "approved", "Bewilligt", OUT_MONEY },
};

static int programme_list(struct ft_ctx *ctx, int argc, char **argv)
{
	return run_list(ctx, &cmd_programme_entry, argc, argv, RM_PROGRAMMES, programme_columns,
			11);
}

static int programme_show(struct ft_ctx *ctx, int argc, char **argv)
{
	static const struct out_column grant_columns[] = {
		{ "ref", "Aktenzeichen", OUT_TEXT },	 { "project", "Projekt", OUT_TEXT },
		{ "from", "Von", OUT_DATE },		 { "to", "Bis", OUT_DATE },
		{ "approved", "Bewilligt", OUT_MONEY }, { "status", "Status", OUT_TEXT },
	};
	const struct show_part parts[] = {
		{ "programme", NULL, RM_PROGRAMME, programme_columns, 11, 1 },
		{ "grants", "Bescheide", RM_PROGRAMME_GRANTS, grant_columns, 6, 0 },
	};
	return run_show(ctx, &cmd_programme_entry, argc, argv, "programme", parts, 2);
}

static const struct ft_command programme_subs[] = {
	{ "add", programme_add, "add a programme", NULL },
	{ "list", programme_list, "list programmes", NULL },
	{ "show", programme_show, "show a programme", NULL },
};

static int run_programme(struct ft_ctx *ctx, int argc, char **argv)
{
	return ctx_dispatch(ctx, &cmd_programme_entry, programme_subs, 3, argc, argv);
}

const struct ft_command cmd_programme_entry = {
	"programme", run_programme, "add, list and show funding programmes",
	"usage: fundtrack programme add CODE NAME --funder CODE [--fund LABEL] [--rate PCT]\n"
	"                     [--financing share|deficit|fixed|full] [--drawdown-days N]\n"
	"                     [--proof-months N]\n"
	"   or: fundtrack programme list\n"
	"   or: fundtrack programme show CODE\n"
	"\n"
	"  --fund LABEL         EU fund or budget line, e.g. ESF+, EHAP, EFRE\n"
	"  --rate PCT           default funding rate, e.g. 85 or 62,5\n"
	"  --financing TYPE     share (Anteil, default), deficit (Fehlbedarf), fixed\n"
	"                       (Festbetrag) or full (Vollfinanzierung)\n"
	"  --drawdown-days N    days within which drawn funds must be spent\n"
	"                       (default: 42 for federal funders, else 60)\n"
	"  --proof-months N     months after the approval period for the final proof of\n"
	"                       use (default 6)\n"
	"\n"
	"example: fundtrack programme add EHAP \"EHAP Plus\" --funder BMAS --fund ESF+ --rate 85\n",
};

/* ---- setting --------------------------------------------------------- */

static int setting_set(struct ft_ctx *ctx, int argc, char **argv)
{
	struct ft_error err;
	struct args a;
	int rc, bp;

	if (ctx_parse(ctx, &cmd_setting_entry, argc - 1, argv + 1, NULL, 0, &a, &rc))
		return rc;
	if (a.npos != 2)
		return ctx_usage_error(ctx, &cmd_setting_entry, "'setting set' needs KEY and VALUE");
	if (strcmp(a.pos[0], "base-rate") != 0)
		return ctx_usage_error(ctx, &cmd_setting_entry,
				       "unknown setting '%s': known is base-rate", a.pos[0]);
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
	return run_list(ctx, &cmd_setting_entry, argc, argv, RM_SETTINGS, columns, 2);
}

static const struct ft_command setting_subs[] = {
	{ "set", setting_set, "change a setting", NULL },
	{ "list", setting_list, "list settings", NULL },
};

static int run_setting(struct ft_ctx *ctx, int argc, char **argv)
{
	return ctx_dispatch(ctx, &cmd_setting_entry, setting_subs, 2, argc, argv);
}

const struct ft_command cmd_setting_entry = {
	"setting", run_setting, "set and list settings (base-rate)",
	"usage: fundtrack setting set base-rate PCT\n"
	"   or: fundtrack setting list\n"
	"\n"
	"base-rate is the Basiszinssatz (§ 247 BGB) in percent, e.g. 1,27 or -0,88;\n"
	"interest on idle or reclaimed funds is 5 percentage points above it.\n",
};
