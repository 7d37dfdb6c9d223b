/* cmd_check.c - check: the rule checks of checks.h as a list of findings. */
#include <stdio.h>
#include <string.h>

#include "acks.h"
#include "checks.h"
#include "cli.h"
#include "msg_lang.h"
#include "cmd_util.h"
#include "money.h"
#include "rule_catalogue.h"

/* The table shows the key (for 'check ack') after the finding and, when a
 * finding shown was acknowledged, the acknowledgement; csv and json get
 * the figures, the key and the acknowledgement after the old columns. */
static const struct out_column table_columns[] = {
	{ "severity", "Schwere", OUT_TEXT }, { "rule", "Regel", OUT_TEXT },
	{ "project", "Projekt", OUT_TEXT },   { "grant", "Bescheid", OUT_TEXT },
	{ "message", "Befund", OUT_TEXT },    { "key", "Schl\xC3\xBCssel", OUT_TEXT },
	{ "ack", "Quittiert", OUT_TEXT },
};
static const struct out_column machine_columns[] = {
	{ "severity", "Schwere", OUT_TEXT }, { "rule", "Regel", OUT_TEXT },
	{ "project", "Projekt", OUT_TEXT },   { "grant", "Bescheid", OUT_TEXT },
	{ "message", "Befund", OUT_TEXT },    { "amount", "Betrag", OUT_MONEY },
	{ "days", "Tage", OUT_DAYS },	      { "date", "Datum", OUT_DATE },
	{ "interest", "Zinsen", OUT_MONEY },  { "key", "Schl\xC3\xBCssel", OUT_TEXT },
	{ "acknowledged", "Quittiert", OUT_TEXT }, { "ack_reason", "Begr\xC3\xBCndung", OUT_TEXT },
};
enum { TABLE_COLUMNS = 6, MACHINE_COLUMNS = 12 };

static const char *const ack_state_codes[] = { "no", "yes", "lapsed" };

static int add_opt(struct out_table *t, int has, int64_t value)
{
	return has ? out_add_int(t, value) : out_add_null(t);
}

/* 1 when the finding is listed: acknowledged ones only with --all. */
static int shown(const struct check_finding *f, int all)
{
	return all || f->ack != CHECK_ACKED;
}

/* The table's acknowledgement column: "yes: reason" ("ja: ..."), or that
 * it lapsed. */
static int add_ack_text(struct out_table *t, const struct check_finding *f)
{
	char text[600];

	if (f->ack == CHECK_OPEN)
		return out_add_null(t);
	snprintf(text, sizeof(text), "%s: %s",
		 f->ack == CHECK_ACKED ? tr("yes") : tr("lapsed (figures changed)"), f->ack_reason);
	return out_add_text(t, text);
}

static int fill_findings(struct out_table *t, const struct check_result *r, int machine,
			 int all, int ack_column)
{
	for (size_t i = 0; i < r->nfindings; i++) {
		const struct check_finding *f = &r->findings[i];

		if (!shown(f, all))
			continue;
		if (out_add_text(t, check_severity_names[f->rule->severity]) ||
		    out_add_text(t, f->rule->id) || out_add_text(t, f->project) ||
		    out_add_text(t, f->grant) || out_add_text(t, f->message))
			return -1;
		if (!machine) {
			if (out_add_text(t, f->key) || (ack_column && add_ack_text(t, f)))
				return -1;
			continue;
		}
		if (add_opt(t, f->has_amount, f->amount) || add_opt(t, f->has_days, f->days) ||
		    (f->date[0] ? out_add_text(t, f->date) : out_add_null(t)) ||
		    add_opt(t, f->has_interest, f->interest) || out_add_text(t, f->key) ||
		    out_add_text(t, ack_state_codes[f->ack]) ||
		    (f->ack_reason ? out_add_text(t, f->ack_reason) : out_add_null(t)))
			return -1;
	}
	return 0;
}

/* 1 when a finding shown carries an acknowledgement (column Quittiert). */
static int any_ack_shown(const struct check_result *r, int all)
{
	for (size_t i = 0; i < r->nfindings; i++)
		if (r->findings[i].ack != CHECK_OPEN && shown(&r->findings[i], all))
			return 1;
	return 0;
}

static void say_summary(struct ft_ctx *ctx, const struct check_result *r, int all)
{
	char as_of[DATE_BUF], hidden[160] = "", errors[48], warnings[48], notes[48];

	date_format_de(r->as_of, as_of);
	if (r->nacked)
		snprintf(hidden, sizeof(hidden),
			 all ? trn("; %zu acknowledged finding listed as such",
				   "; %zu acknowledged findings listed as such", (long long)r->nacked)
			     : trn("; %zu acknowledged finding hidden ('fundtrack check --all' lists "
				   "them)",
				   "; %zu acknowledged findings hidden ('fundtrack check --all' lists "
				   "them)",
				   (long long)r->nacked),
			 r->nacked);
	snprintf(errors, sizeof(errors), trn("%zu error", "%zu errors", (long long)r->nerrors),
		 r->nerrors);
	snprintf(warnings, sizeof(warnings),
		 trn("%zu warning", "%zu warnings", (long long)r->nwarnings), r->nwarnings);
	snprintf(notes, sizeof(notes), trn("%zu note", "%zu notes", (long long)r->ninfos),
		 r->ninfos);
	if (r->nerrors + r->nwarnings + r->ninfos == 0)
		ctx_say(ctx, "no findings as of %s%s", as_of, hidden);
	else if (r->ninfos == 0)
		ctx_say(ctx, "%s, %s as of %s%s", errors, warnings, as_of, hidden);
	else
		ctx_say(ctx, "%s, %s, %s as of %s%s", errors, warnings, notes, as_of, hidden);
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

/* Programmes from before the terms (schema 008) name none: their grants
 * follow the recipient's default. Say so, once per run, until they do. */
static void say_terms_defaulted(struct ft_ctx *ctx, const struct check_result *r)
{
	if (!r->terms_defaulted)
		return;
	ctx_say(ctx,
		trn("note: %lld programme names no terms (Nebenbestimmungen): its grants "
		    "follow the recipient's default (the city's own money: own; federal and EU: "
		    "anbest-gk; state: anbest-g-nrw); set them with 'fundtrack programme edit "
		    "CODE --terms NAME' ('fundtrack terms list')",
		    "note: %lld programmes name no terms (Nebenbestimmungen): their grants "
		    "follow the recipient's default (the city's own money: own; federal and EU: "
		    "anbest-gk; state: anbest-g-nrw); set them with 'fundtrack programme edit "
		    "CODE --terms NAME' ('fundtrack terms list')",
		    (long long)r->terms_defaulted),
		(long long)r->terms_defaulted);
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
	int for_people = ctx->format == OUT_TABLE || ctx->format == OUT_CSV_DE;
	struct out_table *t = out_table_new(cols, 4);
	int rc = t ? 0 : -1;

	for (size_t i = 0; i < RULE_COUNT && rc == 0; i++) {
		const struct rule_entry *r = &rule_catalogue[i];

		if (!(r->scope & scope))
			continue;
		/* people read the summary in their language; csv and json
		 * keep the catalogue's English (scripts, the README table) */
		rc = out_add_text(t, r->id) || out_add_text(t, rule_severity_names[r->severity]) ||
		     out_add_text(t, rule_scope_name(r->scope)) ||
		     out_add_text(t, for_people ? tr(r->summary) : r->summary);
	}
	if (rc) {
		out_table_free(t);
		ctx_note(ctx, "out of memory");
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
	if (strcmp(fail_on, "warning") == 0)
		ctx_note(ctx,
			 trn("%zu finding of severity warning or error (--fail-on %s)",
			     "%zu findings of severity warning or error (--fail-on %s)",
			     (long long)failing),
			 failing, fail_on);
	else
		ctx_note(ctx,
			 trn("%zu finding of severity error (--fail-on %s)",
			     "%zu findings of severity error (--fail-on %s)", (long long)failing),
			 failing, fail_on);
	ctx->output_complete = 1; /* the findings are listed: -o FILE keeps them */
	return EXIT_ERROR;
}

static const char *const severities[] = { "error", "warning", NULL };
static const struct enum_word severity_words[] = {
	{ "Fehler", "error" }, { "Warnung", "warning" }, { NULL, NULL },
};
static const struct word_enum severity_enum = { N_("severity"), severities, severity_words };

static const char *const actions[] = { "ack", "unack", NULL };
/* Checked by run_check: any other word is an unexpected argument. */
static const struct word_enum action_enum = { N_("action"), actions, NULL };

enum check_opt { O_AS_OF, O_FAIL_ON, O_RULES, O_ALL, O_REASON, O_LIST, O_CITY };
static const struct arg_opt check_opts[] = {
	[O_CITY] = { "--city", 0, "AGS", 0, NULL, "cities",
		     "check an imported partner city's data instead of the own\n"
		     "city's (read only)" },
	[O_AS_OF] = { "--as-of", 0, "DATE", 0, NULL, NULL,
		      "check as of that day: only bookings and proofs up to it,\n"
		      "deadlines counted from it (default: today)" },
	[O_FAIL_ON] = { "--fail-on", 0, "SEVERITY", ARG_OWN_CHECK, &severity_enum, NULL,
			"exit with 1 when there is a finding of that severity\n"
			"(warning includes errors) not acknowledged; without\n"
			"it the exit code is 0 whatever is found" },
	[O_RULES] = { "--rules", 0, NULL, 0, NULL, NULL, "list the rules instead" },
	[O_ALL] = { "--all", 0, NULL, 0, NULL, NULL,
		    "list acknowledged findings too, marked with their reason" },
	[O_REASON] = { "--reason", 0, "TEXT", 0, NULL, NULL,
		       "ack: why the finding is accepted (required)" },
	[O_LIST] = { "--list", 0, NULL, 0, NULL, NULL,
		     "ack: list the acknowledgements and whether they still hold" },
};

static const struct arg_pos check_pos[] = {
	{ "[ack|unack]", &action_enum, NULL, ARG_OWN_CHECK },
	{ "[RULE]", NULL, NULL, 0 },
	{ "[KEY]", NULL, NULL, 0 },
};

/* The finding's full key from RULE and KEY as typed: KEY may be the full
 * key ("FT-PROOF-OVERDUE:grant/X:final") or the part after the rule
 * ("grant/X:final"); RULE alone may be the full key too. */
static int full_key(const struct args *a, char *key, size_t size, struct ft_error *err)
{
	const char *rule = a->pos[1], *rest = a->npos > 2 ? a->pos[2] : NULL;
	size_t len = strcspn(rule, ":");
	int known = 0;

	for (size_t i = 0; i < check_nrules; i++)
		known |= strlen(check_rules[i]->id) == len && strncmp(check_rules[i]->id, rule, len) == 0;
	if (!known)
		return ft_fail(err, "unknown rule '%.*s' (see 'fundtrack check --rules')", (int)len,
			       rule);
	if (!rest) {
		if (!rule[len])
			return ft_fail(err, "'%s' needs the finding's KEY as 'check' lists it", rule);
		snprintf(key, size, "%s", rule);
	} else if (strncmp(rest, rule, len) == 0 && rest[len] == ':') {
		snprintf(key, size, "%s", rest);
	} else {
		snprintf(key, size, "%.*s:%s", (int)len, rule, rest);
	}
	return 0;
}

static int run_checks_as_of(struct ft_ctx *ctx, const struct args *a, struct check_result *r)
{
	struct check_query q = { "", a->value[O_CITY] };
	struct ft_error err;

	if (a->value[O_AS_OF] && parse_date_option(a->value[O_AS_OF], "--as-of", q.as_of, &err))
		return ctx_error(ctx, &err);
	if (ctx_open_store(ctx, STORE_EXISTING))
		return EXIT_ERROR;
	if (checks_run(ctx->st, &q, r, &err))
		return ctx_error(ctx, &err);
	return EXIT_OK;
}

/* 'check ack --list': every acknowledgement and whether it holds as of
 * the day checked. */
static int list_acks(struct ft_ctx *ctx, const struct check_result *r)
{
	static const struct out_column cols[] = {
		{ "key", "Schl\xC3\xBCssel", OUT_TEXT },   { "acked_on", "Quittiert am", OUT_DATE },
		{ "reason", "Begr\xC3\xBCndung", OUT_TEXT }, { "state", "Stand", OUT_TEXT },
		{ "figures", "Zahlen", OUT_TEXT },
	};
	struct out_table *t = out_table_new(cols, 5);
	int rc = t ? 0 : -1;

	for (size_t i = 0; i < r->nacks && rc == 0; i++) {
		const struct check_ack *ack = &r->acks[i];
		const struct check_finding *f = acks_finding(r, ack->key);
		const char *state = !f			      ? "no current finding"
				    : f->ack == CHECK_ACKED ? "holds"
							    : "lapsed: figures changed";

		rc = out_add_text(t, ack->key) || out_add_text(t, ack->acked_on) ||
		     out_add_text(t, ack->reason) || out_add_text(t, state) ||
		     out_add_text(t, ack->fingerprint);
	}
	if (rc) {
		out_table_free(t);
		ctx_note(ctx, "out of memory");
		return EXIT_ERROR;
	}
	rc = ctx_print_table(ctx, t);
	out_table_free(t);
	return rc;
}

static int run_ack(struct ft_ctx *ctx, const struct args *a)
{
	struct check_result r;
	struct ft_error err;
	char key[CHECK_KEY_MAX], today[DATE_BUF];
	const struct check_finding *f;
	int rc;

	if (a->seen[O_LIST]) {
		if (a->npos > 1)
			return ctx_usage_error(ctx, "'check ack --list' takes no RULE or KEY");
		if ((rc = run_checks_as_of(ctx, a, &r)) != EXIT_OK)
			return rc;
		rc = list_acks(ctx, &r);
		check_result_release(&r);
		return rc;
	}
	if (a->npos < 2)
		return ctx_usage_error(ctx, "'check ack' needs RULE and KEY of a finding (or --list)");
	if (!a->value[O_REASON])
		return ctx_usage_error(ctx, "'check ack' needs --reason TEXT");
	if (full_key(a, key, sizeof(key), &err))
		return ctx_error(ctx, &err);
	if ((rc = run_checks_as_of(ctx, a, &r)) != EXIT_OK)
		return rc;
	date_today(today);
	if (ack_add(ctx->st, &r, key, a->value[O_REASON], today, &err)) {
		check_result_release(&r);
		return ctx_error(ctx, &err);
	}
	f = acks_finding(&r, key);
	ctx_say(ctx, "acknowledged %s (%s); it shows again when its figures change", key,
		f->message);
	check_result_release(&r);
	return EXIT_OK;
}

static int run_unack(struct ft_ctx *ctx, const struct args *a)
{
	struct ft_error err;
	char key[CHECK_KEY_MAX];

	if (a->npos < 2)
		return ctx_usage_error(ctx, "'check unack' needs RULE and KEY");
	if (full_key(a, key, sizeof(key), &err))
		return ctx_error(ctx, &err);
	if (ctx_open_store(ctx, STORE_EXISTING))
		return EXIT_ERROR;
	if (ack_remove(ctx->st, key, &err))
		return ctx_error(ctx, &err);
	ctx_say(ctx, "withdrew the acknowledgement of %s", key);
	return EXIT_OK;
}

static int print_findings(struct ft_ctx *ctx, const struct check_result *r, int all)
{
	int machine = ctx->format != OUT_TABLE;
	int ack_column = !machine && any_ack_shown(r, all);
	struct out_table *t =
		machine ? out_table_new(machine_columns, MACHINE_COLUMNS)
			: out_table_new(table_columns, TABLE_COLUMNS + (size_t)ack_column);
	int rc;

	if (!t || fill_findings(t, r, machine, all, ack_column)) {
		out_table_free(t);
		ctx_note(ctx, "out of memory");
		return EXIT_ERROR;
	}
	rc = ctx_print_table(ctx, t);
	out_table_free(t);
	return rc;
}

static int run_check(struct ft_ctx *ctx, int argc, char **argv)
{
	struct check_result r;
	struct args a;
	const char *fail_on;
	int all, rc;

	if (ctx_parse(ctx, argc - 1, argv + 1, &a, &rc))
		return rc;
	if (a.npos && a.value[O_CITY])
		return ctx_usage_error(ctx, "--city is read only: 'check %s' works on the own city",
				       a.pos[0]);
	if (a.npos && strcmp(a.pos[0], "ack") == 0)
		return run_ack(ctx, &a);
	if (a.npos && strcmp(a.pos[0], "unack") == 0)
		return run_unack(ctx, &a);
	if (a.npos)
		return ctx_usage_error(ctx, "unexpected argument '%s'", a.pos[0]);
	if (a.value[O_REASON] || a.seen[O_LIST])
		return ctx_usage_error(ctx, "--reason and --list belong to 'check ack'");
	if (a.seen[O_RULES])
		return print_rules(ctx, RULE_CHECK);
	fail_on = a.value[O_FAIL_ON];
	if (fail_on && strcmp(fail_on, "error") != 0 && strcmp(fail_on, "warning") != 0)
		return ctx_usage_error(ctx, "invalid --fail-on '%s': expected error or warning", fail_on);
	if ((rc = run_checks_as_of(ctx, &a, &r)) != EXIT_OK)
		return rc;
	all = a.seen[O_ALL] > 0;
	rc = print_findings(ctx, &r, all);
	if (rc == EXIT_OK) {
		say_old_setting(ctx, &r);
		say_terms_defaulted(ctx, &r);
		say_summary(ctx, &r, all);
		rc = verdict(ctx, &r, fail_on);
	}
	check_result_release(&r);
	return rc;
}

const struct ft_command cmd_check_entry = {
	.name = "check", .run = run_check,
	.summary = "rule checks: idle funds, caps, allocations, proofs, gaps; acknowledge findings",
	FT_POS(check_pos), FT_OPTS(check_opts),
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
	"  FT-CONDITION-OVERDUE     a condition (Auflage) past its deadline, not met\n"
	"  FT-CONDITION-DUE         a condition due within 30 days\n"
	"  FT-STATUS-SUGGESTED      (info) the next status the dates suggest:\n"
	"                           approved -> running once the period started,\n"
	"                           running -> proof-due once it ended, proof-due ->\n"
	"                           closed once the final proof is recorded; never set\n"
	"                           automatically\n"
	"Record submitted proofs with 'fundtrack proof add' to settle proof findings.\n"
	"Bookings and allocations are checked for every approved grant, closed ones\n"
	"included; proofs and status only for grants still approved, running or\n"
	"proof-due.\n"
	"\n"
	"\n"
	"Every finding has a stable key naming rule, record and, where a record can\n"
	"have several, the period or item: FT-PROOF-OVERDUE:grant/EFRE-2023-17:final,\n"
	"FT-INTERIM-PROOF-DUE:grant/X:2025, FT-CONDITION-OVERDUE:grant/X:condition-3.\n"
	"'check ack RULE KEY --reason TEXT' acknowledges a current finding (KEY as\n"
	"listed, with or without the rule in front): 'check' then hides it and says\n"
	"how many it hid, '--all' lists it with the reason, and '--fail-on' ignores\n"
	"it. The acknowledgement keeps the finding's figures (its amount and date)\n"
	"and lapses when they change - a new booking, a new due date - so the finding\n"
	"shows again; days that pass do not change them. 'check ack --list' lists the\n"
	"acknowledgements and whether they hold; 'check unack RULE KEY' withdraws\n"
	"one. Both are logged in the audit trail.\n"
	"\n"
	"In csv and json each finding also has amount, days, date, interest, key,\n"
	"acknowledged (no, yes, lapsed) and ack_reason.\n"
	"\n"
	"example: fundtrack check --fail-on error\n"
	"         fundtrack check --city 05111000\n"
	"         fundtrack check ack FT-PROOF-OVERDUE grant/KOM-2024/028:final \\\n"
	"           --reason \"Frist telefonisch bis 31.03. verl\xC3\xA4ngert\"\n",
};

/* ---- rules ----------------------------------------------------------------- */

static const char *const scopes[] = { "file", "check", NULL };
static const struct word_enum scope_enum = { N_("scope"), scopes, NULL };

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
