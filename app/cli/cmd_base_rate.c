/* cmd_base_rate.c - base-rate list and add: the Basiszinssatz (§ 247 BGB)
 * by half-year, which idle-money interest is computed over. */
#include <string.h>

#include "base_rates.h"
#include "cli.h"
#include "cmd_util.h"
#include "money.h"
#include "msg_lang.h"
#include "values.h"

enum base_rate_opt { R_SOURCE, R_FORCE };
static const struct arg_opt add_opts[] = {
	[R_SOURCE] = { "--source", 0, "TEXT", 0, NULL, NULL,
		       "where the rate comes from (default: entered by hand)" },
	[R_FORCE] = { "--force", 0, NULL, 0, NULL, NULL,
		      "record a rate from a day other than 1 January or 1 July" },
};
static const struct arg_pos add_pos[] = { { "DATE", NULL, NULL, 0 }, { "PCT", NULL, NULL, 0 } };

static int base_rate_add(struct ft_ctx *ctx, int argc, char **argv)
{
	char date[DATE_BUF], shown[DATE_BUF], rate[RATE_BUF];
	struct ft_error err;
	struct args a;
	int rc, bp;

	if (ctx_parse(ctx, argc - 1, argv + 1, &a, &rc))
		return rc;
	if (a.npos != 2)
		return ctx_usage_error(ctx, "'base-rate add' needs DATE and PCT");
	/* The base rate can be negative: -0,88 % from 1 July 2016 to 2022. */
	if (parse_date_option(a.pos[0], N_("date"), date, &err) ||
	    parse_signed_rate(a.pos[1], "PCT", &bp, &err))
		return ctx_error(ctx, &err);
	if (ctx_open_store(ctx, STORE_EXISTING))
		return EXIT_ERROR;
	if (base_rates_add(ctx->st, date, bp, a.value[R_SOURCE], a.seen[R_FORCE], &err))
		return ctx_error(ctx, &err);
	date_format_de(date, shown);
	rate_format_de(bp, rate);
	ctx_say(ctx, "base rate %s from %s recorded", rate, shown);
	return EXIT_OK;
}

static int base_rate_list(struct ft_ctx *ctx, int argc, char **argv)
{
	static const struct out_column columns[] = {
		{ "from", "Gültig ab", OUT_DATE },
		{ "to", "Gültig bis", OUT_DATE },
		{ "rate", "Basiszinssatz", OUT_RATE },
		{ "source", "Quelle", OUT_TEXT },
	};
	return run_list(ctx, argc, argv, RM_BASE_RATES, columns, 4);
}

static const struct ft_command base_rate_subs[] = {
	{ .name = "list", .run = base_rate_list, .summary = "list the base rates by half-year" },
	{ .name = "add", .run = base_rate_add, .summary = "record the base rate of a half-year",
	  FT_POS(add_pos), FT_OPTS(add_opts) },
};

const struct ft_command cmd_base_rate_entry = {
	.name = "base-rate", .summary = "the base rate history (Basiszinssatz, \xC2\xA7 247 BGB)",
	FT_SUBS(base_rate_subs),
	.help = "The base rate changes on 1 January and 1 July (\xC2\xA7 247 Abs. 1 BGB); the\n"
	"Deutsche Bundesbank announces it. Interest on money drawn too early is 5\n"
	"points above it (\xC2\xA7 49a Abs. 4 VwVfG NRW), computed piece by piece over its\n"
	"changes. A rate holds until the next one; the last known rate only to the end\n"
	"of its half-year: 'check' reports idle days after that (FT-BASE-RATE-MISSING)\n"
	"instead of assuming 0 %. Shipped: the rates from 01.07.2016 to 01.01.2026\n"
	"('base-rate list' names the source of each).\n"
	"\n"
	"example: fundtrack base-rate add 01.07.2026 1,27 --source \"Bundesbank\"\n",
};
