/* cmd_check.c - check: the rule checks of checks.h as a list of findings. */
#include <stdio.h>
#include <string.h>

#include "checks.h"
#include "cli.h"
#include "cmd_util.h"
#include "money.h"
#include "rule_catalogue.h"

static const struct out_column finding_columns[] = {
	{ "severity", "Schwere", OUT_TEXT }, { "rule", "Regel", OUT_TEXT },
	{ "project", "Projekt", OUT_TEXT },   { "grant", "Bescheid", OUT_TEXT },
	{ "message", "Befund", OUT_TEXT },
	/* machine formats only: */
	{ "amount", "Betrag", OUT_MONEY },    { "days", "Tage", OUT_DAYS },
	{ "date", "Datum", OUT_DATE },	      { "interest", "Zinsen", OUT_MONEY },
};
enum { TABLE_COLUMNS = 5, ALL_COLUMNS = 9 };

static int add_opt(struct out_table *t, int has, int64_t value)
{
	return has ? out_add_int(t, value) : out_add_null(t);
}

static int fill_findings(struct out_table *t, const struct check_result *r, int machine)
{
	for (size_t i = 0; i < r->nfindings; i++) {
		const struct check_finding *f = &r->findings[i];

		if (out_add_text(t, check_severity_names[f->rule->severity]) ||
		    out_add_text(t, f->rule->id) || out_add_text(t, f->project) ||
		    out_add_text(t, f->grant) || out_add_text(t, f->message))
			return -1;
		if (!machine)
			continue;
		if (add_opt(t, f->has_amount, f->amount) || add_opt(t, f->has_days, f->days) ||
		    (f->date[0] ? out_add_text(t, f->date) : out_add_null(t)) ||
		    add_opt(t, f->has_interest, f->interest))
			return -1;
	}
	return 0;
}

static void say_summary(struct ft_ctx *ctx, const struct check_result *r)
{
	char as_of[DATE_BUF];

	date_format_de(r->as_of, as_of);
	if (r->nfindings == 0)
		ctx_say(ctx, "no findings as of %s", as_of);
	else
		ctx_say(ctx, "%zu error%s, %zu warning%s as of %s", r->nerrors,
			r->nerrors == 1 ? "" : "s", r->nwarnings, r->nwarnings == 1 ? "" : "s", as_of);
}

/* The single base rate setting of old (before schema 007) had no date and
 * is not used any more: say so, once per run. */
static void say_old_setting(struct ft_ctx *ctx, const struct check_result *r)
{
	char rate[RATE_BUF];

	if (!r->old_setting)
		return;
	rate_format_de(r->old_base_rate_bp, rate);
	ctx_say(ctx, "note: the old setting base-rate (%s) is superseded by the base rate "
		     "history and no longer used ('fundtrack base-rate list')", rate);
}

/* The catalogue's rules of scope (RULE_FILE, RULE_CHECK or both) as a
 * table in the chosen format. */
static int print_rules(struct ft_ctx *ctx, unsigned scope)
{
	static const struct out_column cols[] = {
		{ "rule", "Regel", OUT_TEXT },
		{ "severity", "Schwere", OUT_TEXT },
		{ "scope", "Gilt für", OUT_TEXT },
		{ "summary", "Prüft", OUT_TEXT },
	};
	struct out_table *t = out_table_new(cols, 4);
	int rc = t ? 0 : -1;

	for (size_t i = 0; i < RULE_COUNT && rc == 0; i++) {
		const struct rule_entry *r = &rule_catalogue[i];

		if (!(r->scope & scope))
			continue;
		rc = out_add_text(t, r->id) || out_add_text(t, rule_severity_names[r->severity]) ||
		     out_add_text(t, rule_scope_name(r->scope)) || out_add_text(t, r->summary);
	}
	if (rc) {
		out_table_free(t);
		fputs("fundtrack: out of memory\n", ctx->err);
		return EXIT_ERROR;
	}
	rc = ctx_print_table(ctx, t);
	out_table_free(t);
	return rc;
}

/* The README's rule table (Markdown), generated here so that it is
 * written once; test_check.c compares the two. */
static int print_rules_markdown(struct ft_ctx *ctx)
{
	fputs("| Regel | Schwere | Gilt für | Prüft |\n|---|---|---|---|\n",
	      ctx->out);
	for (size_t i = 0; i < RULE_COUNT; i++) {
		const struct rule_entry *r = &rule_catalogue[i];

		fprintf(ctx->out, "| `%s` | %s | %s | %s |\n", r->id,
			rule_severity_names[r->severity], rule_scope_name(r->scope), r->summary);
	}
	return ferror(ctx->out) ? EXIT_ERROR : EXIT_OK;
}

/* The exit code --fail-on asks for; explains a failure on stderr. */
static int verdict(struct ft_ctx *ctx, const struct check_result *r, const char *fail_on)
{
	size_t failing;

	if (!fail_on)
		return EXIT_OK;
	failing = r->nerrors + (strcmp(fail_on, "warning") == 0 ? r->nwarnings : 0);
	if (!failing)
		return EXIT_OK;
	fprintf(ctx->err, "fundtrack: %zu finding%s of severity %s%s (--fail-on %s)\n", failing,
		failing == 1 ? "" : "s", fail_on, strcmp(fail_on, "warning") == 0 ? " or error" : "",
		fail_on);
	ctx->output_complete = 1; /* the findings are listed: -o FILE keeps them */
	return EXIT_ERROR;
}

static const char *const severities[] = { "error", "warning", NULL };
static const struct enum_word severity_words[] = {
	{ "Fehler", "error" }, { "Warnung", "warning" }, { NULL, NULL },
};
static const struct word_enum severity_enum = { "severity", severities, severity_words };

enum check_opt { O_AS_OF, O_FAIL_ON, O_RULES, O_CITY };
static const struct arg_opt check_opts[] = {
	[O_CITY] = { "--city", 0, "AGS", 0, NULL, "cities",
		     "check an imported partner city's data instead of the own\n"
		     "city's (read only)" },
	[O_AS_OF] = { "--as-of", 0, "DATE", 0, NULL, NULL,
		      "check as of that day: only bookings and proofs up to it,\n"
		      "deadlines counted from it (default: today)" },
	[O_FAIL_ON] = { "--fail-on", 0, "SEVERITY", ARG_OWN_CHECK, &severity_enum, NULL,
			"exit with 1 when there is a finding of that severity\n"
			"(warning includes errors); without it the exit code is 0\n"
			"whatever is found" },
	[O_RULES] = { "--rules", 0, NULL, 0, NULL, NULL, "list the rules instead" },
};

static int run_check(struct ft_ctx *ctx, int argc, char **argv)
{
	struct check_query q = { "", NULL };
	struct check_result r;
	struct out_table *t;
	struct ft_error err;
	struct args a;
	int machine = ctx->format != OUT_TABLE;
	const char *fail_on;
	int rc;

	if (ctx_parse(ctx, argc - 1, argv + 1, &a, &rc))
		return rc;
	if (a.npos)
		return ctx_usage_error(ctx, "unexpected argument '%s'", a.pos[0]);
	if (a.seen[O_RULES])
		return print_rules(ctx, RULE_CHECK);
	q.city = a.value[O_CITY];
	fail_on = a.value[O_FAIL_ON];
	if (fail_on && strcmp(fail_on, "error") != 0 && strcmp(fail_on, "warning") != 0)
		return ctx_usage_error(ctx, "invalid --fail-on '%s': expected error or warning", fail_on);
	if (a.value[O_AS_OF] && parse_date_option(a.value[O_AS_OF], "--as-of", q.as_of, &err))
		return ctx_error(ctx, &err);
	if (ctx_open_store(ctx, STORE_EXISTING))
		return EXIT_ERROR;
	if (checks_run(ctx->st, &q, &r, &err))
		return ctx_error(ctx, &err);
	t = out_table_new(finding_columns, machine ? ALL_COLUMNS : TABLE_COLUMNS);
	if (!t || fill_findings(t, &r, machine)) {
		out_table_free(t);
		check_result_release(&r);
		fputs("fundtrack: out of memory\n", ctx->err);
		return EXIT_ERROR;
	}
	rc = ctx_print_table(ctx, t);
	if (rc == EXIT_OK) {
		say_old_setting(ctx, &r);
		say_summary(ctx, &r);
		rc = verdict(ctx, &r, fail_on);
	}
	out_table_free(t);
	check_result_release(&r);
	return rc;
}

const struct ft_command cmd_check_entry = {
	.name = "check", .run = run_check,
	.summary = "rule checks: idle funds, caps, allocations, proofs, gaps", FT_OPTS(check_opts),
	.help = "Checks the own city's approved grants and projects (with --city AGS: an\n"
	"imported partner city's, read only) and lists every finding with its rule\n"
	"ID, severity, project, grant and the figures in plain words (errors first).\n"
	"IDs and severities are those of 'fundtrack rules', the one catalogue that\n"
	"'validate' and 'import' use too. 'fundtrack check --rules' lists the rules:\n"
	"  FT-IDLE-FUNDS            money drawn down and not spent within the\n"
	"                           programme's drawdown horizon (NRW 60 days, federal\n"
	"                           42), traced first in, first out; interest estimated\n"
	"                           from the drawdown day at 5 points above the base rate,\n"
	"                           piecewise over its changes ('fundtrack base-rate\n"
	"                           list'), days / 365\n"
	"  FT-BASE-RATE-MISSING     idle days with no recorded base rate (the last rate\n"
	"                           holds to the end of its half-year): add the rate\n"
	"  FT-SPEND-OUTSIDE-PERIOD  expenditure that arose outside the approval period\n"
	"                           (service date, else payment date)\n"
	"  FT-OVER-CAP              drawn (less repaid) above the approved amount\n"
	"  FT-SPENT-ABOVE-DRAWN     spent more than drawn (less repaid) plus the largest\n"
	"                           of approved amount, eligible costs and project costs\n"
	"  FT-SERVICE-DATE-MISSING  paid within 6 weeks after the period without a\n"
	"                           service date ('book --service-date')\n"
	"  FT-SPENT-ABOVE-GRANT     spent above the approved amount: own funds\n"
	"  FT-ALLOC-ABOVE-APPROVED  yearly allocations above the approved amount (left\n"
	"                           out of the yearly network comparison)\n"
	"  FT-ALLOC-MISMATCH        yearly allocations below the approved amount, or\n"
	"                           in years outside the approval period\n"
	"  FT-RATE-ABOVE-PROGRAMME  rate (or approved / eligible costs) above the\n"
	"                           programme's rate (not for deficit financing)\n"
	"  FT-PROJECT-OVERFUNDED    a project's grants add up to more than its costs\n"
	"  FT-PROOF-DUE             final proof of use due within 30 days\n"
	"  FT-PROOF-OVERDUE         final proof of use overdue and not recorded\n"
	"  FT-INTERIM-PROOF-DUE     interim proof (30 April after each year the grant\n"
	"                           runs through) due within 30 days or not recorded\n"
	"  FT-STATUS-STALE          status 'approved'/'running' after the period ended\n"
	"  FT-GAP-RISK              funding ends within 180 days, no approved follow-up\n"
	"  FT-CHAIN-GAP             days without a project between two links of a chain\n"
	"Record submitted proofs with 'fundtrack proof add' to settle proof findings.\n"
	"Bookings and allocations are checked for every approved grant, closed ones\n"
	"included; proofs and status only for grants still approved, running or\n"
	"proof-due.\n"
	"\n"
	"In csv and json each finding also has amount, days, date and interest.\n"
	"\n"
	"example: fundtrack check --fail-on error\n"
	"         fundtrack check --city 05111000\n",
};

/* ---- rules ----------------------------------------------------------------- */

static const char *const scopes[] = { "file", "check", NULL };
static const struct word_enum scope_enum = { "scope", scopes, NULL };

enum rules_opt { RO_SCOPE, RO_MARKDOWN };
static const struct arg_opt rules_opts[] = {
	[RO_SCOPE] = { "--scope", 0, "SCOPE", ARG_OWN_CHECK, &scope_enum, NULL,
		       "only the rules of exchange files (file) or of 'check'" },
	[RO_MARKDOWN] = { "--markdown", 0, NULL, 0, NULL, NULL,
			  "print the table of the README (Markdown)" },
};

static int run_rules(struct ft_ctx *ctx, int argc, char **argv)
{
	const char *scope;
	struct args a;
	int rc;

	if (ctx_parse(ctx, argc - 1, argv + 1, &a, &rc))
		return rc;
	if (a.npos)
		return ctx_usage_error(ctx, "unexpected argument '%s'", a.pos[0]);
	if (a.seen[RO_MARKDOWN])
		return print_rules_markdown(ctx);
	scope = a.value[RO_SCOPE];
	if (scope && strcmp(scope, "file") != 0 && strcmp(scope, "check") != 0)
		return ctx_usage_error(ctx, "invalid scope '%s': expected file or check", scope);
	return print_rules(ctx, !scope ? RULE_BOTH : scope[0] == 'f' ? RULE_FILE : RULE_CHECK);
}

const struct ft_command cmd_rules_entry = {
	.name = "rules", .run = run_rules,
	.summary = "list the rule IDs of validate, import and check", FT_OPTS(rules_opts),
	.help = "Lists the one catalogue of rule IDs: what 'validate' and 'import' find in an\n"
	"exchange file (scope file) and what 'check' finds in a city's data (scope\n"
	"check), with one severity per ID. An error is a figure that cannot be true\n"
	"or breaks a rule of the grant: a file with one is refused. Findings print the\n"
	"ID in brackets, as in 'FILE:LINE: error: message [FT-OVER-CAP]'.\n"
	"\n"
	"example: fundtrack rules --scope file --format csv\n",
};
