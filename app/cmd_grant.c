/* cmd_grant.c - grant add, list, show, status, alloc. */
#include <string.h>

#include "cli.h"
#include "cmd_util.h"
#include "ledger.h"
#include "money.h"

enum grant_opt {
	G_PROJECT,
	G_PROGRAMME,
	G_AMOUNT,
	G_FROM,
	G_TO,
	G_RATE,
	G_FINANCING,
	G_STATUS,
	G_DECIDED,
	G_APPLIED,
	G_ELIGIBLE,
	G_NOTE,
	G_NOPTS
};

struct grant_dates {
	char from[DATE_BUF], to[DATE_BUF], decided[DATE_BUF], applied[DATE_BUF];
};

static int grant_parse_values(const struct arg_opt *opts, struct grant_dates *d,
			      struct grant_input *in, struct ft_error *err)
{
	in->rate_bp = -1;
	in->eligible = -1;
	in->financing = opts[G_FINANCING].value;
	in->status = opts[G_STATUS].value;
	in->note = opts[G_NOTE].value;
	if (parse_amount_option(opts[G_AMOUNT].value, "--amount", &in->approved, err) ||
	    parse_date_option(opts[G_FROM].value, "--from", d->from, err) ||
	    parse_date_option(opts[G_TO].value, "--to", d->to, err))
		return -1;
	in->from = d->from;
	in->to = d->to;
	if (opts[G_RATE].value && parse_rate_option(opts[G_RATE].value, "--rate", &in->rate_bp, err))
		return -1;
	if (opts[G_ELIGIBLE].value &&
	    parse_amount_option(opts[G_ELIGIBLE].value, "--eligible", &in->eligible, err))
		return -1;
	if (opts[G_DECIDED].value) {
		if (parse_date_option(opts[G_DECIDED].value, "--decided", d->decided, err))
			return -1;
		in->decided = d->decided;
	}
	if (opts[G_APPLIED].value) {
		if (parse_date_option(opts[G_APPLIED].value, "--applied", d->applied, err))
			return -1;
		in->applied = d->applied;
	}
	return 0;
}

static int grant_add(struct ft_ctx *ctx, int argc, char **argv)
{
	static const char *const names[G_NOPTS] = {
		"--project", "--programme", "--amount",	 "--from",    "--to",	     "--rate",
		"--financing", "--status",  "--decided", "--applied", "--eligible", "--note",
	};
	static const enum grant_opt required[] = { G_PROJECT, G_PROGRAMME, G_AMOUNT, G_FROM, G_TO };
	struct arg_opt opts[G_NOPTS];
	struct grant_input in = { 0 };
	struct grant_dates dates;
	struct ft_error err;
	struct args a;
	int rc;

	for (int i = 0; i < G_NOPTS; i++)
		opts[i] = (struct arg_opt){ names[i], 1, 0, NULL, 0 };
	if (ctx_parse(ctx, &cmd_grant_entry, argc - 1, argv + 1, opts, G_NOPTS, &a, &rc))
		return rc;
	if (a.npos != 1)
		return ctx_usage_error(ctx, &cmd_grant_entry,
				       "'grant add' needs the file reference REF");
	for (size_t i = 0; i < sizeof(required) / sizeof(required[0]); i++)
		if (!opts[required[i]].value)
			return ctx_usage_error(ctx, &cmd_grant_entry, "'grant add' needs %s",
					       names[required[i]]);
	in.ref = a.pos[0];
	in.project_code = opts[G_PROJECT].value;
	in.programme_code = opts[G_PROGRAMME].value;
	if (grant_parse_values(opts, &dates, &in, &err))
		return ctx_error(ctx, &err);
	if (ctx_open_store(ctx, STORE_EXISTING))
		return EXIT_ERROR;
	if (ledger_add_grant(ctx->st, &in, &err))
		return ctx_error(ctx, &err);
	{
		char amount[MONEY_BUF];

		money_format_de(in.approved, amount);
		ctx_say(ctx, "added grant %s: %s for project %s", in.ref, amount, in.project_code);
	}
	return EXIT_OK;
}

#define GRANT_FIGURES                                                                   \
	" (SELECT coalesce(sum(amount_cents), 0) FROM booking b"                        \
	"  WHERE b.grant_id = g.id AND b.kind = 'drawdown'),"                          \
	" (SELECT coalesce(sum(amount_cents), 0) FROM booking b"                        \
	"  WHERE b.grant_id = g.id AND b.kind = 'expenditure')"

static const struct out_column grant_columns[] = {
	{ "ref", "Aktenzeichen", OUT_TEXT },
	{ "project", "Projekt", OUT_TEXT },
	{ "programme", "Programm", OUT_TEXT },
	{ "level", "Ebene", OUT_TEXT },
	{ "from", "Von", OUT_DATE },
	{ "to", "Bis", OUT_DATE },
	{ "rate", "Quote", OUT_RATE },
	{ "approved", "Bewilligt", OUT_MONEY },
	{ "drawn", "Abgerufen", OUT_MONEY },
	{ "spent", "Ausgegeben", OUT_MONEY },
	{ "status", "Status", OUT_TEXT },
};

#define GRANT_FROM                                                                      \
	"FROM \"grant\" g JOIN city c ON c.id = g.city_id AND c.own = 1 "              \
	"JOIN project p ON p.id = g.project_id JOIN programme pg ON pg.id = g.programme_id " \
	"JOIN funder f ON f.id = pg.funder_id "

static int grant_list(struct ft_ctx *ctx, int argc, char **argv)
{
	return run_list(ctx, &cmd_grant_entry, argc, argv,
			"SELECT g.ref, p.code, pg.code, f.level, g.period_from, g.period_to,"
			" g.rate_bp, g.approved_cents," GRANT_FIGURES ", g.status " GRANT_FROM
			"ORDER BY g.period_from, g.ref",
			grant_columns, 11);
}

static int grant_show(struct ft_ctx *ctx, int argc, char **argv)
{
	static const struct out_column detail_columns[] = {
		{ "ref", "Aktenzeichen", OUT_TEXT },
		{ "project", "Projekt", OUT_TEXT },
		{ "project_title", "Projekttitel", OUT_TEXT },
		{ "programme", "Programm", OUT_TEXT },
		{ "funder", "Fördermittelgeber", OUT_TEXT },
		{ "level", "Ebene", OUT_TEXT },
		{ "applied", "Beantragt", OUT_DATE },
		{ "decided", "Bescheid vom", OUT_DATE },
		{ "from", "Bewilligt von", OUT_DATE },
		{ "to", "Bewilligt bis", OUT_DATE },
		{ "approved", "Bewilligt (Höchstbetrag)", OUT_MONEY },
		{ "eligible", "Zuwendungsfähige Ausgaben", OUT_MONEY },
		{ "rate", "Förderquote", OUT_RATE },
		{ "financing", "Finanzierungsart", OUT_TEXT },
		{ "status", "Status", OUT_TEXT },
		{ "drawn", "Abgerufen", OUT_MONEY },
		{ "spent", "Ausgegeben", OUT_MONEY },
		{ "note", "Notiz", OUT_TEXT },
	};
	static const struct out_column allocation_columns[] = {
		{ "year", "Haushaltsjahr", OUT_INT },
		{ "amount", "Betrag", OUT_MONEY },
	};
	const struct show_part parts[] = {
		{ "grant", NULL,
		  "SELECT g.ref, p.code, p.title, pg.name, f.name, f.level, g.applied_date,"
		  " g.decided_date, g.period_from, g.period_to, g.approved_cents, g.eligible_cents,"
		  " g.rate_bp, g.financing, g.status," GRANT_FIGURES ", g.note " GRANT_FROM
		  "WHERE g.ref = ?1",
		  detail_columns, 18, 1 },
		{ "allocations", "Jahresscheiben",
		  "SELECT a.year, a.amount_cents FROM allocation a "
		  "JOIN \"grant\" g ON g.id = a.grant_id JOIN city c ON c.id = g.city_id AND c.own = 1 "
		  "WHERE g.ref = ?1 ORDER BY a.year",
		  allocation_columns, 2, 0 },
	};
	return run_show(ctx, &cmd_grant_entry, argc, argv, "grant", parts, 2);
}

static int grant_status(struct ft_ctx *ctx, int argc, char **argv)
{
	struct arg_opt opts[] = { { "--force", 0, 0, NULL, 0 } };
	struct ft_error err;
	struct args a;
	int rc;

	if (ctx_parse(ctx, &cmd_grant_entry, argc - 1, argv + 1, opts, 1, &a, &rc))
		return rc;
	if (a.npos != 2)
		return ctx_usage_error(ctx, &cmd_grant_entry, "'grant status' needs REF and STATUS");
	if (ctx_open_store(ctx, STORE_EXISTING))
		return EXIT_ERROR;
	if (ledger_set_grant_status(ctx->st, a.pos[0], a.pos[1], opts[0].seen, &err))
		return ctx_error(ctx, &err);
	ctx_say(ctx, "grant %s is now '%s'", a.pos[0], a.pos[1]);
	return EXIT_OK;
}

static int grant_alloc(struct ft_ctx *ctx, int argc, char **argv)
{
	struct ft_error err;
	struct args a;
	int64_t year, amount;
	int rc;

	if (ctx_parse(ctx, &cmd_grant_entry, argc - 1, argv + 1, NULL, 0, &a, &rc))
		return rc;
	if (a.npos != 3)
		return ctx_usage_error(ctx, &cmd_grant_entry,
				       "'grant alloc' needs REF, YEAR and AMOUNT");
	if (parse_count(a.pos[1], "fiscal year", 1900, 2199, &year, &err) ||
	    parse_amount_option(a.pos[2], "allocation", &amount, &err))
		return ctx_error(ctx, &err);
	if (ctx_open_store(ctx, STORE_EXISTING))
		return EXIT_ERROR;
	if (ledger_set_allocation(ctx->st, a.pos[0], (int)year, amount, &err))
		return ctx_error(ctx, &err);
	{
		char text[MONEY_BUF];

		money_format_de(amount, text);
		ctx_say(ctx, "grant %s: %lld allocated %s", a.pos[0], (long long)year, text);
	}
	return EXIT_OK;
}

static const struct ft_command grant_subs[] = {
	{ "add", grant_add, "add a grant", NULL },
	{ "list", grant_list, "list grants", NULL },
	{ "show", grant_show, "show a grant", NULL },
	{ "status", grant_status, "change a grant's status", NULL },
	{ "alloc", grant_alloc, "set a yearly allocation", NULL },
};

static int run_grant(struct ft_ctx *ctx, int argc, char **argv)
{
	return ctx_dispatch(ctx, &cmd_grant_entry, grant_subs, 5, argc, argv);
}

const struct ft_command cmd_grant_entry = {
	"grant", run_grant, "record grant decisions, their status and yearly allocations",
	"usage: fundtrack grant add REF --project CODE --programme CODE --amount AMOUNT\n"
	"                     --from DATE --to DATE [--rate PCT] [--financing TYPE]\n"
	"                     [--status STATUS] [--decided DATE] [--applied DATE]\n"
	"                     [--eligible AMOUNT] [--note TEXT]\n"
	"   or: fundtrack grant list\n"
	"   or: fundtrack grant show REF\n"
	"   or: fundtrack grant status REF STATUS [--force]\n"
	"   or: fundtrack grant alloc REF YEAR AMOUNT\n"
	"\n"
	"REF is the file reference of the decision (Aktenzeichen / FKZ).\n"
	"  --amount AMOUNT    approved amount, the cap (Höchstbetrag)\n"
	"  --from/--to DATE   approval period (Bewilligungszeitraum)\n"
	"  --rate PCT         funding rate (default: the programme's)\n"
	"  --financing TYPE   share, deficit, fixed or full (default: the programme's)\n"
	"  --status STATUS    applied, approved (default), rejected, running, proof-due,\n"
	"                     closed or revoked\n"
	"  --eligible AMOUNT  eligible costs (zuwendungsfähige Ausgaben)\n"
	"status follows the lifecycle applied -> approved -> running -> proof-due -> closed\n"
	"(or rejected / revoked); --force corrects a mistaken status.\n"
	"alloc sets (or replaces) the amount of one fiscal year.\n"
	"\n"
	"example: fundtrack grant add \"ZUW-2024/017\" --project NST-ANK-3 --programme SOE \\\n"
	"           --amount 450.000,00 --from 01.01.2024 --to 31.12.2026 --decided 12.12.2023\n"
	"         fundtrack grant alloc ZUW-2024/017 2024 150.000,00\n",
};
