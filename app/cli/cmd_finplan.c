/* cmd_finplan.c - plan-line and plan-cover: writing a project's financing
 * plan (Finanzierungsplan). 'fundtrack plan PROJECT' shows it.
 *
 * Why two groups and not 'plan line add': 'plan PROJECT' is a command of
 * its own (scripts call it), and the command table has one level of
 * sub-commands; 'plan-line add' reads the same and keeps 'plan' as it is. */
#include <string.h>

#include "cli.h"
#include "cmd_util.h"
#include "finplan.h"
#include "money.h"
#include "msg_lang.h"

static const char *const cover_codes[] = { "own", "third-party", "city", NULL };
static const struct enum_word cover_words[] = {
	{ "Eigenmittel", "own" },	     { "Drittmittel", "third-party" },
	{ "Leistungen Dritter", "third-party" }, { "Stadt", "city" },
	{ "Kommune", "city" },		     { NULL, NULL },
};
static const struct word_enum cover_enum = { N_("means of cover"), cover_codes, cover_words };

static const struct arg_pos add_pos[] = {
	{ "PROJECT", NULL, "projects", 0 },
	{ "POS", NULL, NULL, 0 },
	{ "LABEL", NULL, NULL, 0 },
	{ "AMOUNT", NULL, NULL, 0 },
};

static int line_add(struct ft_ctx *ctx, int argc, char **argv)
{
	char shown[MONEY_BUF];
	struct ft_error err;
	struct args a;
	int64_t amount;
	int rc;

	if (ctx_parse(ctx, argc - 1, argv + 1, &a, &rc))
		return rc;
	if (a.npos != 4)
		return ctx_usage_error(ctx, "'plan-line add' needs PROJECT, POS, LABEL and AMOUNT");
	if (parse_amount_option(a.pos[3], N_("amount"), &amount, &err))
		return ctx_error(ctx, &err);
	if (ctx_open_store(ctx, STORE_EXISTING))
		return EXIT_ERROR;
	if (finplan_line_add(ctx->st, a.pos[0], a.pos[1], a.pos[2], amount, &err))
		return ctx_error(ctx, &err);
	money_format_de(amount, shown);
	ctx_say(ctx, "added cost line %s '%s' (%s) to the financing plan of project %s", a.pos[1],
		a.pos[2], shown, a.pos[0]);
	return EXIT_OK;
}

enum edit_opt { E_POSITION, E_LABEL, E_AMOUNT };
static const struct arg_opt edit_opts[] = {
	[E_POSITION] = { "--position", 0, "POS", 0, NULL, NULL, "renumber the line" },
	[E_LABEL] = { "--label", 0, "TEXT", 0, NULL, NULL, "the line's label" },
	[E_AMOUNT] = { "--amount", 0, "AMOUNT", 0, NULL, NULL, "the planned eligible amount" },
};
static const struct arg_pos line_pos[] = {
	{ "PROJECT", NULL, "projects", 0 },
	{ "POS", NULL, NULL, 0 },
};

static int line_edit(struct ft_ctx *ctx, int argc, char **argv)
{
	struct ft_error err;
	struct args a;
	int64_t amount = -1;
	int rc;

	if (ctx_parse(ctx, argc - 1, argv + 1, &a, &rc))
		return rc;
	if (a.npos != 2)
		return ctx_usage_error(ctx, "'plan-line edit' needs PROJECT and POS");
	if (a.value[E_AMOUNT] && parse_amount_option(a.value[E_AMOUNT], "--amount", &amount, &err))
		return ctx_error(ctx, &err);
	if (ctx_open_store(ctx, STORE_EXISTING))
		return EXIT_ERROR;
	if (finplan_line_edit(ctx->st, a.pos[0], a.pos[1], a.value[E_POSITION], a.value[E_LABEL],
			      amount, &err))
		return ctx_error(ctx, &err);
	ctx_say(ctx, "changed cost line %s of project %s",
		a.value[E_POSITION] ? a.value[E_POSITION] : a.pos[1], a.pos[0]);
	return EXIT_OK;
}

static int line_remove(struct ft_ctx *ctx, int argc, char **argv)
{
	struct ft_error err;
	struct args a;
	int rc;

	if (ctx_parse(ctx, argc - 1, argv + 1, &a, &rc))
		return rc;
	if (a.npos != 2)
		return ctx_usage_error(ctx, "'plan-line remove' needs PROJECT and POS");
	if (ctx_open_store(ctx, STORE_EXISTING))
		return EXIT_ERROR;
	if (finplan_line_remove(ctx->st, a.pos[0], a.pos[1], &err))
		return ctx_error(ctx, &err);
	ctx_say(ctx, "removed cost line %s of project %s", a.pos[1], a.pos[0]);
	return EXIT_OK;
}

static const struct ft_command line_subs[] = {
	{ .name = "add", .run = line_add, .summary = "add a cost line to a project's plan",
	  FT_POS(add_pos) },
	{ .name = "edit", .run = line_edit, .summary = "change a cost line",
	  FT_POS(line_pos), FT_OPTS(edit_opts) },
	{ .name = "remove", .run = line_remove,
	  .summary = "remove a cost line no project booking names", FT_POS(line_pos) },
};

const struct ft_command cmd_plan_line_entry = {
	.name = "plan-line", .summary = "the cost lines of a project's financing plan",
	FT_SUBS(line_subs),
	.help = "A cost line (Ausgabenposition) has a position as the funder's form numbers\n"
	"it (1, 1.1, 2.3a), a label and the planned eligible amount. Project bookings\n"
	"name their line ('fundtrack book PROJECT expenditure AMOUNT --line 1.1'), and\n"
	"'fundtrack plan PROJECT' sets plan against actual per line; 'check' reports a\n"
	"line overrun by more than 20 % (ANBest-P Nr. 1.2, FT-PLAN-LINE-OVERRUN).\n"
	"Every change is in the audit trail.\n"
	"\n"
	"example: fundtrack plan-line add EHAP-3 1.1 \"Personalausgaben\" 420.000,00\n",
};

static const struct arg_pos cover_pos[] = {
	{ "PROJECT", NULL, "projects", 0 },
	{ "SOURCE", &cover_enum, NULL, 0 },
	{ "AMOUNT", NULL, NULL, 0 },
};

static int cover_set(struct ft_ctx *ctx, int argc, char **argv)
{
	char shown[MONEY_BUF];
	struct ft_error err;
	struct args a;
	int64_t amount = -1;
	int rc;

	if (ctx_parse(ctx, argc - 1, argv + 1, &a, &rc))
		return rc;
	if (a.npos != 3)
		return ctx_usage_error(ctx, "'plan-cover set' needs PROJECT, SOURCE and AMOUNT");
	if (strcmp(a.pos[2], "none") != 0 &&
	    parse_amount_option(a.pos[2], N_("amount"), &amount, &err))
		return ctx_error(ctx, &err);
	if (ctx_open_store(ctx, STORE_EXISTING))
		return EXIT_ERROR;
	if (finplan_cover_set(ctx->st, a.pos[0], a.pos[1], amount, &err))
		return ctx_error(ctx, &err);
	if (amount < 0) {
		ctx_say(ctx, "removed the %s money from the financing plan of project %s", a.pos[1],
			a.pos[0]);
		return EXIT_OK;
	}
	money_format_de(amount, shown);
	ctx_say(ctx, "planned %s money of %s for project %s", a.pos[1], shown, a.pos[0]);
	return EXIT_OK;
}

static const struct ft_command cover_subs[] = {
	{ .name = "set", .run = cover_set,
	  .summary = "set the planned own, third-party or city money (AMOUNT none removes it)",
	  FT_POS(cover_pos) },
};

const struct ft_command cmd_plan_cover_entry = {
	.name = "plan-cover", .summary = "the means of cover of a project besides its grants",
	FT_SUBS(cover_subs),
	.help = "The means of cover (Deckungsmittel) of a financing plan are the project's\n"
	"grants ('fundtrack grant add') and: own (Eigenmittel of the carrier),\n"
	"third-party (Drittmittel, Leistungen Dritter) and city (the city's share when\n"
	"it is not recorded as a grant of a municipal funder). While none of these\n"
	"three is recorded, own and third-party funds are taken as the planned costs\n"
	"minus the grants, and 'fundtrack plan' says so. Project bookings are split\n"
	"over all means of cover (see 'fundtrack book --help').\n"
	"\n"
	"example: fundtrack plan-cover set EHAP-3 own 25.000,00\n",
};
