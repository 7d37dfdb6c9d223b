/* cmd_grant.c - grant add, list, show, status, alloc, edit. */
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "msg_lang.h"
#include "cli.h"
#include "cmd_correct.h"
#include "cmd_util.h"
#include "codes.h"
#include "grantset.h"
#include "lifecycle.h"
#include "ledger.h"
#include "money.h"
#include "prompt.h"

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
	G_TERMS,
	G_ADDITION,
	G_ADD_NOPTS, /* the options of add end here; edit only: */
	G_FULFILLED = G_ADD_NOPTS,
	G_PROOF_DUE,
	G_REASON,
	G_FORCE,
	G_NOPTS
};

/* The options of add (req: ARG_REQUIRED) and edit (none: "|none" where
 * edit clears a value with the word none). */
#define GRANT_OPTIONS(req, none)                                                        \
	[G_PROJECT] = { "--project", 0, "CODE", req, NULL, "projects", "the project" },  \
	[G_PROGRAMME] = { "--programme", 0, "CODE", req, NULL, "programmes",             \
			  "the funding programme" },                                     \
	[G_AMOUNT] = { "--amount", 0, "AMOUNT", req, NULL, NULL,                         \
		       "approved amount, the cap (Höchstbetrag)" },                      \
	[G_FROM] = { "--from", 0, "DATE", req, NULL, NULL,                               \
		     "approval period from (Bewilligungszeitraum)" },                    \
	[G_TO] = { "--to", 0, "DATE", req, NULL, NULL, "approval period to" },           \
	[G_RATE] = { "--rate", 0, "PCT" none, 0, NULL, NULL,                             \
		     "funding rate (default: the programme's)" },                        \
	[G_FINANCING] = { "--financing", 0, "TYPE", 0, &ledger_financing_enum, NULL,     \
			  "financing type (default: the programme's)" },                 \
	[G_STATUS] = { "--status", 0, "STATUS", 0, &ledger_status_enum, NULL,            \
		       "status (default approved)" },                                    \
	[G_DECIDED] = { "--decided", 0, "DATE" none, 0, NULL, NULL,                      \
			"date of the decision (Bescheid vom)" },                         \
	[G_APPLIED] = { "--applied", 0, "DATE" none, 0, NULL, NULL,                      \
			"date of the application" },                                     \
	[G_ELIGIBLE] = { "--eligible", 0, "AMOUNT" none, 0, NULL, NULL,                  \
			 "eligible costs (zuwendungsfähige Ausgaben)" },                 \
	[G_NOTE] = { "--note", 0, "TEXT" none, 0, NULL, NULL, "a note" },                \
	[G_TERMS] = { "--terms", 0, "NAME" none, ARG_OWN_CHECK, &ledger_terms_enum, NULL, \
		      "the decision's terms (Nebenbestimmungen), overriding the\n"          \
		      "programme's ('fundtrack terms list')" },                          \
	[G_ADDITION] = { "--terms-addition", 0, "NAME" none, ARG_OWN_CHECK,              \
			 &ledger_addition_enum, NULL,                                    \
			 "an EU programme's rules on top of the terms, e.g. esf-plus" }

static const struct arg_opt grant_add_opts[G_ADD_NOPTS] = { GRANT_OPTIONS(ARG_REQUIRED, "") };
#define FORCE_OPTION(what)                                                              \
	{ "--force", 0, NULL, 0, NULL, NULL, what " (the audit entry says forced)" }
static const struct arg_opt grant_edit_opts[G_NOPTS] = {
	GRANT_OPTIONS(0, "|none"),
	[G_FULFILLED] = { "--fulfilled", 0, "DATE|none", 0, NULL, NULL,
			  "the day the purpose was fulfilled (Zweckerfüllung; default\n"
			  "the period end): the final proof of use is due from it" },
	[G_PROOF_DUE] = { "--proof-due", 0, "DATE|none", 0, NULL, NULL,
			  "an extended deadline for the final proof of use\n"
			  "(Fristverlängerung), with --reason" },
	[G_REASON] = { "--reason", 0, "TEXT", 0, NULL, NULL,
		       "why the deadline was extended, e.g. the authority's letter" },
	[G_FORCE] = FORCE_OPTION("record an amount below what is drawn"),
};

/* --terms and --terms-addition: the word (German aliases too) or "none"
 * (edit). */
static int parse_terms_options(const struct args *a, struct grant_input *in,
			       struct ft_error *err)
{
	const char *terms = a->value[G_TERMS], *addition = a->value[G_ADDITION];

	in->terms = terms;
	in->terms_addition = addition;
	if (terms && strcmp(terms, "none") != 0 &&
	    word_enum_parse(&ledger_terms_enum, terms, &in->terms, err))
		return -1;
	if (addition && strcmp(addition, "none") != 0 &&
	    word_enum_parse(&ledger_addition_enum, addition, &in->terms_addition, err))
		return -1;
	return 0;
}

struct grant_dates {
	char from[DATE_BUF], to[DATE_BUF], decided[DATE_BUF], applied[DATE_BUF];
	char fulfilled[DATE_BUF], proof_due[DATE_BUF];
};

static int grant_parse_values(const struct args *a, struct grant_dates *d,
			      struct grant_input *in, struct ft_error *err)
{
	in->rate_bp = -1;
	in->eligible = -1;
	in->financing = a->value[G_FINANCING];
	in->status = a->value[G_STATUS];
	in->note = a->value[G_NOTE];
	if (parse_amount_option(a->value[G_AMOUNT], "--amount", &in->approved, err) ||
	    parse_date_option(a->value[G_FROM], "--from", d->from, err) ||
	    parse_date_option(a->value[G_TO], "--to", d->to, err))
		return -1;
	in->from = d->from;
	in->to = d->to;
	if (parse_terms_options(a, in, err))
		return -1;
	if ((in->terms && strcmp(in->terms, "none") == 0) ||
	    (in->terms_addition && strcmp(in->terms_addition, "none") == 0))
		return ft_fail(err, "'none' clears the terms of a recorded grant ('grant edit'); "
				    "leave --terms out to use the programme's");
	if (a->value[G_RATE] && parse_rate_option(a->value[G_RATE], "--rate", &in->rate_bp, err))
		return -1;
	if (a->value[G_ELIGIBLE] &&
	    parse_amount_option(a->value[G_ELIGIBLE], "--eligible", &in->eligible, err))
		return -1;
	if (a->value[G_DECIDED]) {
		if (parse_date_option(a->value[G_DECIDED], "--decided", d->decided, err))
			return -1;
		in->decided = d->decided;
	}
	if (a->value[G_APPLIED]) {
		if (parse_date_option(a->value[G_APPLIED], "--applied", d->applied, err))
			return -1;
		in->applied = d->applied;
	}
	return 0;
}

/* What 'grant add' cannot do without, in the order it is asked for; opt
 * -1 is the positional REF. */
static const struct grant_question {
	int opt;
	const char *label;
	const char *codes; /* kind of code (see codes.h), or NULL */
} grant_questions[] = {
	{ -1, N_("file reference, Aktenzeichen (REF)"), NULL },
	{ G_PROJECT, N_("project (--project)"), N_("projects") },
	{ G_PROGRAMME, N_("programme (--programme)"), N_("programmes") },
	{ G_AMOUNT, N_("approved amount (--amount, e.g. 450.000,00)"), NULL },
	{ G_FROM, N_("approval period from (--from, DD.MM.YYYY)"), NULL },
	{ G_TO, N_("approval period to (--to, DD.MM.YYYY)"), NULL },
};
enum { GRANT_QUESTIONS = sizeof(grant_questions) / sizeof(grant_questions[0]),
       PROMPT_LIST_MAX = 30 };

static void print_choices(struct ft_ctx *ctx, const char *kind, const struct code_list *l)
{
	fprintf(ctx->err, tr("  %s recorded:\n"), tr(kind));
	for (size_t i = 0; i < l->n && i < PROMPT_LIST_MAX; i++)
		fprintf(ctx->err, "    %-14s %s\n", l->codes[i], l->names[i]);
	if (l->n > PROMPT_LIST_MAX)
		fprintf(ctx->err, tr("    ... and %zu more (see 'fundtrack %.*s list')\n"),
			l->n - PROMPT_LIST_MAX, (int)strlen(kind) - 1, kind);
}

/* Checks an answer; err says what is wrong with it. */
static int check_answer(const struct grant_question *q, const char *answer,
			const struct code_list *codes, const struct args *a,
			struct ft_error *err)
{
	char date[DATE_BUF], from[DATE_BUF];
	int64_t cents;

	if (q->codes && !code_list_has(codes, answer))
		return ft_fail(err, "no %s '%s': choose one of the list",
			       tr_record(strcmp(q->codes, "projects") == 0 ? "project" : "programme"),
			       answer);
	if (q->opt == G_AMOUNT)
		return parse_amount_option(answer, "--amount", &cents, err);
	if (q->opt == G_FROM || q->opt == G_TO) {
		if (parse_date_option(answer, grant_add_opts[q->opt].name, date, err))
			return -1;
		if (q->opt == G_TO && a->value[G_FROM] &&
		    parse_date_option(a->value[G_FROM], "--from", from, err) == 0 &&
		    strcmp(date, from) < 0)
			return ft_fail(err, "the period cannot end before it starts (%s)",
				       a->value[G_FROM]);
	}
	return 0;
}

/* Asks until the answer is valid; NULL when the person ends the input. */
static char *ask_until_valid(struct ft_ctx *ctx, const struct grant_question *q,
			     const struct code_list *codes, const struct args *a)
{
	struct ft_error err;
	char *answer;

	while ((answer = prompt_ask(ctx->in, ctx->err, tr(q->label))) != NULL) {
		if (!*answer)
			ft_fail(&err, "a value is needed (Ctrl-D cancels)");
		else if (check_answer(q, answer, codes, a, &err) == 0)
			return answer;
		ctx_error(ctx, &err);
		free(answer);
	}
	return NULL;
}

/* The audit log's command line gets the answers, as if they were typed
 * as options. */
static int log_answers(struct ft_ctx *ctx, char *const answers[GRANT_QUESTIONS])
{
	char line[1500];
	struct ft_error err;
	size_t used;

	ctx_command_line(ctx, line, sizeof(line));
	used = strlen(line);
	used += (size_t)snprintf(line + used, sizeof(line) - used, " (answered on the terminal:");
	for (size_t i = 0; i < GRANT_QUESTIONS && used < sizeof(line); i++)
		if (answers[i])
			used += (size_t)snprintf(line + used, sizeof(line) - used, " %s%s'%s'",
						 grant_questions[i].opt < 0
							 ? ""
							 : grant_add_opts[grant_questions[i].opt].name,
						 grant_questions[i].opt < 0 ? "" : " ", answers[i]);
	if (used < sizeof(line))
		snprintf(line + used, sizeof(line) - used, ")");
	if (store_set_actor(ctx->st, NULL, line, &err))
		return ctx_error(ctx, &err);
	return EXIT_OK;
}

/* On a terminal, asks for REF and the required options that are missing;
 * answers[] gets the strings opts and a->pos point to (caller frees). */
static int ask_missing(struct ft_ctx *ctx, struct args *a,
		       char *answers[GRANT_QUESTIONS])
{
	int announced = 0;

	for (size_t i = 0; i < GRANT_QUESTIONS; i++) {
		const struct grant_question *q = &grant_questions[i];
		struct code_list codes = { 0 };
		struct ft_error err;

		if (q->opt < 0 ? a->npos == 1 : a->value[q->opt] != NULL)
			continue;
		if (!announced++)
			ctx_note(ctx, "'grant add' needs more; please answer "
					  "(Ctrl-D cancels)");
		if (q->codes) {
			if (codes_list(ctx->st, q->codes, &codes, &err)) {
				code_list_release(&codes);
				return ctx_error(ctx, &err);
			}
			if (codes.n == 0) {
				code_list_release(&codes);
				ctx_note(ctx, "no %s recorded yet: add one first (see "
						  "'fundtrack help')",
					q->codes);
				return EXIT_ERROR;
			}
			print_choices(ctx, q->codes, &codes);
		}
		answers[i] = ask_until_valid(ctx, q, &codes, a);
		code_list_release(&codes);
		if (!answers[i])
			return ctx_usage_error(ctx, "'grant add' cancelled");
		if (q->opt < 0)
			a->pos[a->npos++] = answers[i];
		else
			a->value[q->opt] = answers[i];
	}
	return log_answers(ctx, answers);
}

/* 1 when REF and every required option are given. */
static int has_required(const struct args *a)
{
	for (size_t i = 1; i < GRANT_QUESTIONS; i++)
		if (!a->value[grant_questions[i].opt])
			return 0;
	return a->npos == 1;
}

/* The usage error naming the first missing value. */
static int missing_value(struct ft_ctx *ctx, const struct args *a)
{
	if (a->npos != 1)
		return ctx_usage_error(ctx, "'grant add' needs the file reference REF");
	for (size_t i = 1; i < GRANT_QUESTIONS; i++)
		if (!a->value[grant_questions[i].opt])
			return ctx_usage_error(ctx, "'grant add' needs %s",
					       grant_add_opts[grant_questions[i].opt].name);
	return EXIT_OK;
}

static int add_grant_from(struct ft_ctx *ctx, const struct args *a)
{
	struct grant_input in = { 0 };
	struct grant_dates dates;
	struct ft_error err;
	char amount[MONEY_BUF];

	in.ref = a->pos[0];
	in.project_code = a->value[G_PROJECT];
	in.programme_code = a->value[G_PROGRAMME];
	if (grant_parse_values(a, &dates, &in, &err))
		return ctx_error(ctx, &err);
	if (ctx_open_store(ctx, STORE_EXISTING))
		return EXIT_ERROR;
	if (ledger_add_grant(ctx->st, &in, &err))
		return ctx_error(ctx, &err);
	money_format_de(in.approved, amount);
	ctx_say(ctx, "added grant %s: %s for project %s", in.ref, amount, in.project_code);
	return EXIT_OK;
}

static int grant_add(struct ft_ctx *ctx, int argc, char **argv)
{
	char *answers[GRANT_QUESTIONS] = { 0 };
	struct args a;
	int rc = EXIT_OK;

	if (ctx_parse(ctx, argc - 1, argv + 1, &a, &rc))
		return rc;
	if (!has_required(&a)) {
		/* A script gets the usage error; a person at a terminal is asked
		 * (questions on stderr, so stdout stays the command's output). */
		if (a.npos > 1 || !prompt_is_interactive(ctx->in, ctx->err))
			return missing_value(ctx, &a);
		if (ctx_open_store(ctx, STORE_EXISTING))
			return EXIT_ERROR;
		rc = ask_missing(ctx, &a, answers);
	}
	if (rc == EXIT_OK)
		rc = add_grant_from(ctx, &a);
	for (size_t i = 0; i < GRANT_QUESTIONS; i++)
		free(answers[i]);
	return rc;
}

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
	{ "spent", "Verausgabt", OUT_MONEY },
	{ "status", "Status", OUT_TEXT },
};

static int grant_list(struct ft_ctx *ctx, int argc, char **argv)
{
	return run_list_all(ctx, argc, argv, RM_GRANTS, grant_columns, 11);
}

static const struct out_column condition_columns[] = {
	{ "grant", "Bescheid", OUT_TEXT },   { "id", "Nr.", OUT_INT },
	{ "text", "Auflage", OUT_TEXT },     { "due", "Frist", OUT_DATE },
	{ "done", "Erf\xC3\xBCllt am", OUT_DATE }, { "state", "Stand", OUT_TEXT },
	{ "note", "Notiz", OUT_TEXT },
};

static const struct out_column amendment_columns[] = {
	{ "date", "Bescheid vom", OUT_DATE },
	{ "reference", "\xC3\x84nderungsbescheid", OUT_TEXT },
	{ "approved_old", "Bewilligt bisher", OUT_MONEY },
	{ "approved_new", "Bewilligt neu", OUT_MONEY },
	{ "to_old", "Bis bisher", OUT_DATE },
	{ "to_new", "Bis neu", OUT_DATE },
	{ "rate_changed", "Quote ge\xC3\xA4ndert", OUT_BOOL },
	{ "rate_old", "Quote bisher", OUT_RATE },
	{ "rate_new", "Quote neu", OUT_RATE },
	{ "note", "Notiz", OUT_TEXT },
};

/* After 'grant show' in a table: the status the dates suggest (the same
 * as check's FT-STATUS-SUGGESTED / FT-STATUS-STALE), never set here. */
static int say_suggested_status(struct ft_ctx *ctx, const char *ref)
{
	struct grantset gs;
	struct ft_error err;
	char why[160];

	if (ctx->format != OUT_TABLE)
		return EXIT_OK;
	if (grantset_load(&gs, ctx->st, GS_OWN_CITY, NULL, &err))
		return ctx_error(ctx, &err);
	for (size_t i = 0; i < gs.ngrants; i++) {
		const char *next;

		if (strcmp(gs.grants[i].ref, ref) != 0)
			continue;
		if ((next = lifecycle_suggest_status(&gs.grants[i], gs.as_of, why, sizeof(why))))
			ctx_say(ctx, "suggested status: '%s' (%s): 'fundtrack grant status %s %s'",
				next, why, ref, next);
	}
	grantset_release(&gs);
	return EXIT_OK;
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
		{ "from", "Bewilligungszeitraum von", OUT_DATE },
		{ "to", "Bewilligungszeitraum bis", OUT_DATE },
		{ "approved", "Bewilligt (Höchstbetrag)", OUT_MONEY },
		{ "eligible", "Zuwendungsfähige Ausgaben", OUT_MONEY },
		{ "rate", "Förderquote", OUT_RATE },
		{ "financing", "Finanzierungsart", OUT_TEXT },
		{ "status", "Status", OUT_TEXT },
		{ "drawn", "Abgerufen", OUT_MONEY },
		{ "spent", "Verausgabt", OUT_MONEY },
		{ "note", "Notiz", OUT_TEXT },
		{ "terms", "Nebenbestimmungen", OUT_TEXT },
		{ "terms_addition", "Zusatz", OUT_TEXT },
		{ "terms_from", "Herkunft", OUT_TEXT },
		{ "fulfilled", "Zweck erfüllt am", OUT_DATE },
		{ "proof_due", "VN-Frist verlängert bis", OUT_DATE },
		{ "proof_due_reason", "Grund der Verlängerung", OUT_TEXT },
	};
	static const struct out_column allocation_columns[] = {
		{ "year", "Haushaltsjahr", OUT_INT },
		{ "amount", "Betrag", OUT_MONEY },
	};
	const struct show_part parts[] = {
		{ "grant", NULL, RM_GRANT, detail_columns, FT_COUNT(detail_columns), 1 },
		{ "allocations", N_("Annual allocations"), RM_GRANT_ALLOCATIONS, allocation_columns, 2, 0 },
		{ "amendments", N_("Amending decisions"), RM_GRANT_AMENDMENTS, amendment_columns,
		  10, 0 },
		{ "conditions", N_("Conditions"), RM_GRANT_CONDITIONS, condition_columns, 7, 0 },
	};
	struct args a;
	int rc = run_show(ctx, argc, argv, "grant", parts, 4);

	if (rc != EXIT_OK || ctx_parse(ctx, argc - 1, argv + 1, &a, &rc))
		return rc;
	return say_suggested_status(ctx, a.pos[0]);
}

enum status_opt { S_FORCE };
static const struct arg_opt grant_status_opts[] = {
	[S_FORCE] = { "--force", 0, NULL, 0, NULL, NULL,
		      "correct a mistaken status, outside the lifecycle" },
};

static int grant_status(struct ft_ctx *ctx, int argc, char **argv)
{
	struct ft_error err;
	struct args a;
	int rc;

	if (ctx_parse(ctx, argc - 1, argv + 1, &a, &rc))
		return rc;
	if (a.npos != 2)
		return ctx_usage_error(ctx, "'grant status' needs REF and STATUS");
	if (ctx_open_store(ctx, STORE_EXISTING))
		return EXIT_ERROR;
	if (ledger_set_grant_status(ctx->st, a.pos[0], a.pos[1], a.seen[S_FORCE] > 0, &err))
		return ctx_error(ctx, &err);
	ctx_say(ctx, "grant %s is now '%s'", a.pos[0],
		word_enum_say(&ledger_any_status_enum, a.pos[1]));
	return EXIT_OK;
}

static int grant_alloc(struct ft_ctx *ctx, int argc, char **argv)
{
	struct ft_error err;
	struct args a;
	int64_t year, amount;
	int rc;

	if (ctx_parse(ctx, argc - 1, argv + 1, &a, &rc))
		return rc;
	if (a.npos != 3)
		return ctx_usage_error(ctx, "'grant alloc' needs REF, YEAR and AMOUNT");
	if (parse_count(a.pos[1], N_("fiscal year"), 1900, 2199, &year, &err) ||
	    parse_amount_option(a.pos[2], N_("allocation"), &amount, &err))
		return ctx_error(ctx, &err);
	if (ctx_open_store(ctx, STORE_EXISTING))
		return EXIT_ERROR;
	if (ledger_set_allocation(ctx->st, a.pos[0], (int)year, amount, a.seen[0] > 0, &err))
		return ctx_error(ctx, &err);
	{
		char text[MONEY_BUF];

		money_format_de(amount, text);
		ctx_say(ctx, "grant %s: %lld allocated %s", a.pos[0], (long long)year, text);
	}
	return EXIT_OK;
}

/* A date option of edit: "none" clears, else a date. */
static int parse_edit_date(const char *value, const char *option, char buf[DATE_BUF],
			   const char **out, struct ft_error *err)
{
	if (!value)
		return 0;
	if (strcmp(value, "none") == 0) {
		*out = "none";
		return 0;
	}
	if (parse_date_option(value, option, buf, err))
		return -1;
	*out = buf;
	return 0;
}

static int parse_edit_values(const struct args *a, struct grant_dates *d,
			     struct grant_input *in, struct ft_error *err)
{
	const char *rate = a->value[G_RATE], *eligible = a->value[G_ELIGIBLE];

	in->approved = in->eligible = -1;
	in->rate_bp = -1;
	in->project_code = a->value[G_PROJECT];
	in->programme_code = a->value[G_PROGRAMME];
	in->financing = a->value[G_FINANCING];
	in->status = a->value[G_STATUS];
	in->note = a->value[G_NOTE];
	in->clear_rate = rate && strcmp(rate, "none") == 0;
	in->clear_eligible = eligible && strcmp(eligible, "none") == 0;
	if (a->value[G_AMOUNT] &&
	    parse_amount_option(a->value[G_AMOUNT], "--amount", &in->approved, err))
		return -1;
	if (rate && !in->clear_rate && parse_rate_option(rate, "--rate", &in->rate_bp, err))
		return -1;
	if (eligible && !in->clear_eligible &&
	    parse_amount_option(eligible, "--eligible", &in->eligible, err))
		return -1;
	if ((a->value[G_FROM] && parse_date_option(a->value[G_FROM], "--from", d->from, err)) ||
	    (a->value[G_TO] && parse_date_option(a->value[G_TO], "--to", d->to, err)))
		return -1;
	in->from = a->value[G_FROM] ? d->from : NULL;
	in->to = a->value[G_TO] ? d->to : NULL;
	if (parse_edit_date(a->value[G_DECIDED], "--decided", d->decided, &in->decided, err) ||
	    parse_edit_date(a->value[G_APPLIED], "--applied", d->applied, &in->applied, err) ||
	    parse_edit_date(a->value[G_FULFILLED], "--fulfilled", d->fulfilled, &in->fulfilled,
			    err) ||
	    parse_edit_date(a->value[G_PROOF_DUE], "--proof-due", d->proof_due, &in->proof_due,
			    err) ||
	    parse_terms_options(a, in, err))
		return -1;
	in->proof_due_reason = a->value[G_REASON];
	return 0;
}

/* Prints what the edit changed, read back from the audit log. */
static int say_changes(struct ft_ctx *ctx, const char *ref, int64_t before)
{
	struct ft_error err;
	int64_t after;
	char *changes;

	if (audit_last_id(ctx->st, &after, &err))
		return ctx_error(ctx, &err);
	if (after == before) {
		ctx_say(ctx, "grant %s unchanged: it already has these values", ref);
		return EXIT_OK;
	}
	if (audit_describe_entry(ctx->st, after, &changes, &err))
		return ctx_error(ctx, &err);
	ctx_say(ctx, "changed grant %s: %s (audit entry %lld)", ref, changes, (long long)after);
	free(changes);
	return EXIT_OK;
}

static int grant_edit(struct ft_ctx *ctx, int argc, char **argv)
{
	struct grant_input in = { 0 };
	struct grant_dates dates;
	struct ft_error err;
	struct args a;
	int64_t before;
	int rc, any = 0;

	if (ctx_parse(ctx, argc - 1, argv + 1, &a, &rc))
		return rc;
	for (int i = 0; i < G_FORCE; i++) /* --force alone changes nothing */
		any |= a.seen[i];
	if (a.npos != 1 || !any)
		return ctx_usage_error(ctx, "'grant edit' needs REF and at least one option to change");
	in.ref = a.pos[0];
	in.force = a.seen[G_FORCE] > 0;
	if (parse_edit_values(&a, &dates, &in, &err))
		return ctx_error(ctx, &err);
	if (ctx_open_store(ctx, STORE_EXISTING))
		return EXIT_ERROR;
	if (audit_last_id(ctx->st, &before, &err) || ledger_edit_grant(ctx->st, &in, &err))
		return ctx_error(ctx, &err);
	return say_changes(ctx, in.ref, before);
}

/* ---- conditions (Auflagen) ---------------------------------------------------- */

enum condition_opt { C_DUE, C_DATE, C_NOTE };
static const struct arg_opt condition_opts[] = {
	[C_DUE] = { "--due", 0, "DATE", 0, NULL, NULL, "add: the day the condition must be met" },
	[C_DATE] = { "--date", 0, "DATE", 0, NULL, NULL, "done: the day it was met" },
	[C_NOTE] = { "--note", 0, "TEXT", 0, NULL, NULL, "add: a note" },
};

static const char *const condition_actions[] = { "add", "list", "done", NULL };
static const struct word_enum condition_action_enum = { N_("action"), condition_actions, NULL };

static int condition_list(struct ft_ctx *ctx, const struct args *a)
{
	const char *ref = a->npos > 1 ? a->pos[1] : NULL;
	struct out_table *t = NULL;
	struct ft_error err;
	int rc;

	if (a->npos > 2)
		return ctx_usage_error(ctx, "unexpected argument '%s'", a->pos[2]);
	if (ctx_open_store(ctx, STORE_EXISTING))
		return EXIT_ERROR;
	if (ref) {
		if (rm_table(ctx->st, RM_GRANT_REF, &ref, 1, grant_columns, 1, &t, &err))
			return ctx_error(ctx, &err);
		rc = out_row_count(t) == 0;
		out_table_free(t);
		if (rc) {
			ft_fail(&err, "no grant '%s' in this city (see 'fundtrack grant list')", ref);
			return ctx_error(ctx, &err);
		}
	}
	if (rm_table(ctx->st, RM_CONDITIONS, &ref, 1, condition_columns, 7, &t, &err))
		return ctx_error(ctx, &err);
	rc = ctx_print_table(ctx, t);
	out_table_free(t);
	return rc;
}

static int condition_add_run(struct ft_ctx *ctx, const struct args *a)
{
	struct condition_input in = { 0 };
	char due[DATE_BUF], when[DATE_BUF];
	struct ft_error err;
	int64_t id;

	if (a->npos != 3)
		return ctx_usage_error(ctx, "'grant condition add' needs REF and TEXT");
	if (!a->value[C_DUE])
		return ctx_usage_error(ctx, "'grant condition add' needs --due DATE");
	if (parse_date_option(a->value[C_DUE], "--due", due, &err))
		return ctx_error(ctx, &err);
	in = (struct condition_input){ a->pos[1], a->pos[2], due, a->value[C_NOTE] };
	if (ctx_open_store(ctx, STORE_EXISTING))
		return EXIT_ERROR;
	if (condition_add(ctx->st, &in, &id, &err))
		return ctx_error(ctx, &err);
	date_format_de(due, when);
	ctx_say(ctx, "added condition %lld to grant %s, due %s", (long long)id, in.grant_ref, when);
	return EXIT_OK;
}

static int condition_done_run(struct ft_ctx *ctx, const struct args *a)
{
	char date[DATE_BUF], when[DATE_BUF];
	struct ft_error err;
	int64_t id;

	if (a->npos != 3)
		return ctx_usage_error(ctx, "'grant condition done' needs REF and the condition's ID");
	if (!a->value[C_DATE])
		return ctx_usage_error(ctx, "'grant condition done' needs --date DATE");
	if (parse_count(a->pos[2], N_("condition ID"), 1, INT64_MAX, &id, &err) ||
	    parse_date_option(a->value[C_DATE], "--date", date, &err))
		return ctx_error(ctx, &err);
	if (ctx_open_store(ctx, STORE_EXISTING))
		return EXIT_ERROR;
	if (condition_done(ctx->st, a->pos[1], id, date, &err))
		return ctx_error(ctx, &err);
	date_format_de(date, when);
	ctx_say(ctx, "condition %lld of grant %s met on %s", (long long)id, a->pos[1], when);
	return EXIT_OK;
}

static int grant_condition(struct ft_ctx *ctx, int argc, char **argv)
{
	struct args a;
	int rc;

	if (ctx_parse(ctx, argc - 1, argv + 1, &a, &rc))
		return rc;
	if (a.npos == 0)
		return ctx_usage_error(ctx, "'grant condition' needs add, list or done");
	if ((a.value[C_DUE] || a.value[C_NOTE]) && strcmp(a.pos[0], "add") != 0)
		return ctx_usage_error(ctx, "--due and --note belong to 'grant condition add'");
	if (a.value[C_DATE] && strcmp(a.pos[0], "done") != 0)
		return ctx_usage_error(ctx, "--date belongs to 'grant condition done'");
	if (strcmp(a.pos[0], "add") == 0)
		return condition_add_run(ctx, &a);
	if (strcmp(a.pos[0], "done") == 0)
		return condition_done_run(ctx, &a);
	if (strcmp(a.pos[0], "list") == 0)
		return condition_list(ctx, &a);
	return ctx_usage_error(ctx, "invalid action '%s': expected add, list or done", a.pos[0]);
}

/* ---- amendments (Änderungsbescheide) ------------------------------------------- */

enum amend_opt { A_REF, A_DATE, A_AMOUNT, A_TO, A_RATE, A_NOTE };
static const struct arg_opt amend_opts[] = {
	[A_REF] = { "--ref", 0, "REFERENCE", ARG_REQUIRED, NULL, NULL,
		    "the amending decision's reference (Aktenzeichen)" },
	[A_DATE] = { "--date", 0, "DATE", ARG_REQUIRED, NULL, NULL,
		     "the amending decision's date (Bescheid vom)" },
	[A_AMOUNT] = { "--amount", 0, "AMOUNT", 0, NULL, NULL, "the new approved amount" },
	[A_TO] = { "--to", 0, "DATE", 0, NULL, NULL, "the new end of the approval period" },
	[A_RATE] = { "--rate", 0, "PCT|none", 0, NULL, NULL,
		     "the new funding rate (none: the programme's)" },
	[A_NOTE] = { "--note", 0, "TEXT", 0, NULL, NULL, "a note" },
};

static int parse_amendment(const struct args *a, struct amendment_input *in,
			   char date[DATE_BUF], char to[DATE_BUF], struct ft_error *err)
{
	const char *rate = a->value[A_RATE];

	*in = (struct amendment_input){ .grant_ref = a->pos[0], .reference = a->value[A_REF],
					.date = date, .approved = -1, .rate_bp = -1,
					.note = a->value[A_NOTE] };
	if (parse_date_option(a->value[A_DATE], "--date", date, err))
		return -1;
	if (a->value[A_AMOUNT] &&
	    parse_amount_option(a->value[A_AMOUNT], "--amount", &in->approved, err))
		return -1;
	if (a->value[A_TO]) {
		if (parse_date_option(a->value[A_TO], "--to", to, err))
			return -1;
		in->to = to;
	}
	in->clear_rate = rate && strcmp(rate, "none") == 0;
	if (rate && !in->clear_rate && parse_rate_option(rate, "--rate", &in->rate_bp, err))
		return -1;
	return 0;
}

static int grant_amend_run(struct ft_ctx *ctx, int argc, char **argv)
{
	struct amendment_input in;
	char date[DATE_BUF], to[DATE_BUF], when[DATE_BUF];
	struct ft_error err;
	struct args a;
	int64_t before;
	int rc;

	if (ctx_parse(ctx, argc - 1, argv + 1, &a, &rc))
		return rc;
	if (a.npos != 1)
		return ctx_usage_error(ctx, "'grant amend' needs the grant's REF");
	if (!a.value[A_REF] || !a.value[A_DATE])
		return ctx_usage_error(ctx, "'grant amend' needs --ref REFERENCE and --date DATE");
	if (!a.value[A_AMOUNT] && !a.value[A_TO] && !a.value[A_RATE])
		return ctx_usage_error(ctx, "'grant amend' needs --amount, --to or --rate");
	if (parse_amendment(&a, &in, date, to, &err))
		return ctx_error(ctx, &err);
	if (ctx_open_store(ctx, STORE_EXISTING))
		return EXIT_ERROR;
	if (audit_last_id(ctx->st, &before, &err) || grant_amend(ctx->st, &in, &err))
		return ctx_error(ctx, &err);
	date_format_de(date, when);
	ctx_say(ctx, "recorded amendment '%s' of %s", in.reference, when);
	return say_changes(ctx, in.grant_ref, before);
}

static const struct arg_pos ref_pos[] = { { "REF", NULL, "grants", 0 } };
static const struct arg_pos condition_pos[] = { { "add|list|done", &condition_action_enum,
						   NULL, ARG_OWN_CHECK },
						 { "[REF]", NULL, "grants", 0 },
						 { "[TEXT|ID]", NULL, NULL, 0 } };
static const struct arg_pos status_pos[] = { { "REF", NULL, "grants", 0 },
					     { "STATUS", &ledger_status_enum, NULL, 0 } };
static const struct arg_pos alloc_pos[] = { { "REF", NULL, "grants", 0 },
					    { "YEAR", NULL, NULL, 0 },
					    { "AMOUNT", NULL, NULL, 0 } };

static const struct arg_opt grant_list_opts[] = {
	{ "--all", 0, NULL, 0, NULL, NULL, "also the withdrawn grants" },
};

static const struct arg_opt grant_alloc_opts[] = {
	FORCE_OPTION("record a year outside the approval period"),
};

static const struct ft_command grant_subs[] = {
	{ .name = "add", .run = grant_add, .summary = "add a grant", FT_POS(ref_pos),
	  FT_OPTS(grant_add_opts) },
	{ .name = "list", .run = grant_list, FT_OPTS(grant_list_opts), .summary = "list grants" },
	{ .name = "show", .run = grant_show, .summary = "show a grant", FT_POS(ref_pos) },
	{ .name = "status", .run = grant_status, .summary = "change a grant's status",
	  FT_POS(status_pos), FT_OPTS(grant_status_opts) },
	{ .name = "alloc", .run = grant_alloc, .summary = "set a yearly allocation",
	  FT_POS(alloc_pos), FT_OPTS(grant_alloc_opts) },
	{ .name = "edit", .run = grant_edit, .summary = "correct a grant", FT_POS(ref_pos),
	  FT_OPTS(grant_edit_opts) },
	{ .name = "amend", .run = grant_amend_run,
	  .summary = "record an amending decision with its reference and date", FT_POS(ref_pos),
	  FT_OPTS(amend_opts) },
	{ .name = "condition", .run = grant_condition,
	  .summary = "conditions (Auflagen) with their deadlines: add, list, done",
	  FT_POS(condition_pos), FT_OPTS(condition_opts) },
	GRANT_CORRECTIONS,
};

const struct ft_command cmd_grant_entry = {
	.name = "grant", .summary = "record grant decisions, their status and yearly allocations",
	FT_SUBS(grant_subs),
	.help = "REF is the file reference of the decision (Aktenzeichen / FKZ).\n"
	"status follows the lifecycle applied -> approved -> running -> proof-due -> closed\n"
	"(or rejected / revoked); --force corrects a mistaken status.\n"
	"alloc sets (or replaces) the amount of one fiscal year.\n"
	"Implausible entries are refused with the reason: an allocation for a year\n"
	"outside the approval period, an approved amount cut below what is drawn\n"
	"(less repayments); --force records them anyway, marked as forced in the\n"
	"audit log.\n"
	"edit corrects a recorded grant; 'none' clears a value. Every change is logged\n"
	"with its old and new value (see 'fundtrack audit log --record REF').\n"
	"--terms names the decision's terms when they differ from the programme's;\n"
	"--fulfilled records the day the purpose was fulfilled (the final proof of use\n"
	"is due from it: ANBest-P six months after, at the latest at the end of the\n"
	"sixth month after the period); --proof-due DATE --reason TEXT records an\n"
	"extended deadline (Fristverlängerung) that replaces the computed one.\n"
	"On a terminal, add asks for REF and the required options that are missing.\n"
	"amend records an amending decision (the new Bescheid) with its reference and\n"
	"date: the grant takes the new amount, period end or rate, and 'grant show'\n"
	"lists every amendment with the values before and after (one transaction,\n"
	"logged). Use edit for a typing error, amend for a new decision.\n"
	"condition add REF TEXT --due DATE records a condition (Auflage) of the\n"
	"decision with its deadline; 'condition done REF ID --date DATE' records it as\n"
	"met; 'condition list [REF]' lists them. Open conditions are deadlines\n"
	"('fundtrack deadlines') and, when overdue, findings of 'fundtrack check'.\n"
	"show ends with the status the dates suggest (approved -> running -> proof-due\n"
	"-> closed); the status changes only with 'grant status'.\n"
	"\n"
	"example: fundtrack grant add \"ZUW-2024/017\" --project NST-ANK-3 --programme SOE \\\n"
	"           --amount 450.000,00 --from 01.01.2024 --to 31.12.2026 --decided 12.12.2023\n"
	"         fundtrack grant alloc ZUW-2024/017 2024 150.000,00\n"
	"         fundtrack grant amend ZUW-2024/017 --ref \"ZUW-2024/017-A1\" --date 03.03.2025 \\\n"
	"           --amount 480.000,00 --to 30.06.2027\n"
	"         fundtrack grant condition add ZUW-2024/017 \"Brandschutznachweis\" --due 31.03.2025\n"
	"         fundtrack grant edit ZUW-2024/017 --fulfilled 14.05.2025\n"
	"         fundtrack grant edit ZUW-2024/017 --proof-due 31.05.2026 \\\n"
	"           --reason \"Schreiben der Bezirksregierung vom 02.03.2026\"\n",
};
