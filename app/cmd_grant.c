/* cmd_grant.c - grant add, list, show, status, alloc, edit. */
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "cli.h"
#include "cmd_util.h"
#include "codes.h"
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

static const char *const grant_option_names[G_NOPTS] = {
	"--project", "--programme", "--amount",	 "--from",    "--to",	     "--rate",
	"--financing", "--status",  "--decided", "--applied", "--eligible", "--note",
};

static void grant_options(struct arg_opt opts[G_NOPTS])
{
	for (int i = 0; i < G_NOPTS; i++)
		opts[i] = (struct arg_opt){ grant_option_names[i], 1, 0, NULL, 0 };
}

/* What 'grant add' cannot do without, in the order it is asked for; opt
 * -1 is the positional REF. */
static const struct grant_question {
	int opt;
	const char *label;
	const char *codes; /* kind of code (see codes.h), or NULL */
} grant_questions[] = {
	{ -1, "file reference, Aktenzeichen (REF)", NULL },
	{ G_PROJECT, "project (--project)", "projects" },
	{ G_PROGRAMME, "programme (--programme)", "programmes" },
	{ G_AMOUNT, "approved amount (--amount, e.g. 450.000,00)", NULL },
	{ G_FROM, "approval period from (--from, DD.MM.YYYY)", NULL },
	{ G_TO, "approval period to (--to, DD.MM.YYYY)", NULL },
};
enum { GRANT_QUESTIONS = sizeof(grant_questions) / sizeof(grant_questions[0]),
       PROMPT_LIST_MAX = 30 };

static void print_choices(struct ft_ctx *ctx, const char *kind, const struct code_list *l)
{
	fprintf(ctx->err, "  %s recorded:\n", kind);
	for (size_t i = 0; i < l->n && i < PROMPT_LIST_MAX; i++)
		fprintf(ctx->err, "    %-14s %s\n", l->codes[i], l->names[i]);
	if (l->n > PROMPT_LIST_MAX)
		fprintf(ctx->err, "    ... and %zu more (see 'fundtrack %.*s list')\n",
			l->n - PROMPT_LIST_MAX, (int)strlen(kind) - 1, kind);
}

/* Checks an answer; err says what is wrong with it. */
static int check_answer(const struct grant_question *q, const char *answer,
			const struct code_list *codes, const struct arg_opt *opts,
			struct ft_error *err)
{
	char date[DATE_BUF], from[DATE_BUF];
	int64_t cents;

	if (q->codes && !code_list_has(codes, answer))
		return ft_fail(err, "no %.*s '%s': choose one of the list", (int)strlen(q->codes) - 1,
			       q->codes, answer);
	if (q->opt == G_AMOUNT)
		return parse_amount_option(answer, "--amount", &cents, err);
	if (q->opt == G_FROM || q->opt == G_TO) {
		if (parse_date_option(answer, grant_option_names[q->opt], date, err))
			return -1;
		if (q->opt == G_TO && opts[G_FROM].value &&
		    parse_date_option(opts[G_FROM].value, "--from", from, err) == 0 &&
		    strcmp(date, from) < 0)
			return ft_fail(err, "the period cannot end before it starts (%s)",
				       opts[G_FROM].value);
	}
	return 0;
}

/* Asks until the answer is valid; NULL when the person ends the input. */
static char *ask_until_valid(struct ft_ctx *ctx, const struct grant_question *q,
			     const struct code_list *codes, const struct arg_opt *opts)
{
	struct ft_error err;
	char *answer;

	while ((answer = prompt_ask(ctx->in, ctx->err, q->label)) != NULL) {
		if (!*answer)
			ft_fail(&err, "a value is needed (Ctrl-D cancels)");
		else if (check_answer(q, answer, codes, opts, &err) == 0)
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
							 : grant_option_names[grant_questions[i].opt],
						 grant_questions[i].opt < 0 ? "" : " ", answers[i]);
	if (used < sizeof(line))
		snprintf(line + used, sizeof(line) - used, ")");
	if (store_set_actor(ctx->st, NULL, line, &err))
		return ctx_error(ctx, &err);
	return EXIT_OK;
}

/* On a terminal, asks for REF and the required options that are missing;
 * answers[] gets the strings opts and a->pos point to (caller frees). */
static int ask_missing(struct ft_ctx *ctx, struct args *a, struct arg_opt *opts,
		       char *answers[GRANT_QUESTIONS])
{
	int announced = 0;

	for (size_t i = 0; i < GRANT_QUESTIONS; i++) {
		const struct grant_question *q = &grant_questions[i];
		struct code_list codes = { 0 };
		struct ft_error err;

		if (q->opt < 0 ? a->npos == 1 : opts[q->opt].value != NULL)
			continue;
		if (!announced++)
			fprintf(ctx->err, "fundtrack: 'grant add' needs more; please answer "
					  "(Ctrl-D cancels)\n");
		if (q->codes) {
			if (codes_list(ctx->st, q->codes, &codes, &err)) {
				code_list_release(&codes);
				return ctx_error(ctx, &err);
			}
			if (codes.n == 0) {
				code_list_release(&codes);
				fprintf(ctx->err, "fundtrack: no %s recorded yet: add one first (see "
						  "'fundtrack help')\n",
					q->codes);
				return EXIT_ERROR;
			}
			print_choices(ctx, q->codes, &codes);
		}
		answers[i] = ask_until_valid(ctx, q, &codes, opts);
		code_list_release(&codes);
		if (!answers[i])
			return ctx_usage_error(ctx, &cmd_grant_entry, "'grant add' cancelled");
		if (q->opt < 0)
			a->pos[a->npos++] = answers[i];
		else
			opts[q->opt].value = answers[i];
	}
	return log_answers(ctx, answers);
}

/* 1 when REF and every required option are given. */
static int has_required(const struct args *a, const struct arg_opt *opts)
{
	for (size_t i = 1; i < GRANT_QUESTIONS; i++)
		if (!opts[grant_questions[i].opt].value)
			return 0;
	return a->npos == 1;
}

/* The usage error naming the first missing value. */
static int missing_value(struct ft_ctx *ctx, const struct args *a, const struct arg_opt *opts)
{
	if (a->npos != 1)
		return ctx_usage_error(ctx, &cmd_grant_entry,
				       "'grant add' needs the file reference REF");
	for (size_t i = 1; i < GRANT_QUESTIONS; i++)
		if (!opts[grant_questions[i].opt].value)
			return ctx_usage_error(ctx, &cmd_grant_entry, "'grant add' needs %s",
					       grant_option_names[grant_questions[i].opt]);
	return EXIT_OK;
}

static int add_grant_from(struct ft_ctx *ctx, const struct args *a, const struct arg_opt *opts)
{
	struct grant_input in = { 0 };
	struct grant_dates dates;
	struct ft_error err;
	char amount[MONEY_BUF];

	in.ref = a->pos[0];
	in.project_code = opts[G_PROJECT].value;
	in.programme_code = opts[G_PROGRAMME].value;
	if (grant_parse_values(opts, &dates, &in, &err))
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
	struct arg_opt opts[G_NOPTS];
	char *answers[GRANT_QUESTIONS] = { 0 };
	struct args a;
	int rc = EXIT_OK;

	grant_options(opts);
	if (ctx_parse(ctx, &cmd_grant_entry, argc - 1, argv + 1, opts, G_NOPTS, &a, &rc))
		return rc;
	if (!has_required(&a, opts)) {
		/* A script gets the usage error; a person at a terminal is asked
		 * (questions on stderr, so stdout stays the command's output). */
		if (a.npos > 1 || !prompt_is_interactive(ctx->in, ctx->err))
			return missing_value(ctx, &a, opts);
		if (ctx_open_store(ctx, STORE_EXISTING))
			return EXIT_ERROR;
		rc = ask_missing(ctx, &a, opts, answers);
	}
	if (rc == EXIT_OK)
		rc = add_grant_from(ctx, &a, opts);
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
	{ "spent", "Ausgegeben", OUT_MONEY },
	{ "status", "Status", OUT_TEXT },
};

static int grant_list(struct ft_ctx *ctx, int argc, char **argv)
{
	return run_list(ctx, &cmd_grant_entry, argc, argv, RM_GRANTS, grant_columns, 11);
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
		{ "grant", NULL, RM_GRANT, detail_columns, 18, 1 },
		{ "allocations", "Jahresscheiben", RM_GRANT_ALLOCATIONS, allocation_columns, 2, 0 },
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

static int parse_edit_values(const struct arg_opt *opts, struct grant_dates *d,
			     struct grant_input *in, struct ft_error *err)
{
	const char *rate = opts[G_RATE].value, *eligible = opts[G_ELIGIBLE].value;

	in->approved = in->eligible = -1;
	in->rate_bp = -1;
	in->project_code = opts[G_PROJECT].value;
	in->programme_code = opts[G_PROGRAMME].value;
	in->financing = opts[G_FINANCING].value;
	in->status = opts[G_STATUS].value;
	in->note = opts[G_NOTE].value;
	in->clear_rate = rate && strcmp(rate, "none") == 0;
	in->clear_eligible = eligible && strcmp(eligible, "none") == 0;
	if (opts[G_AMOUNT].value &&
	    parse_amount_option(opts[G_AMOUNT].value, "--amount", &in->approved, err))
		return -1;
	if (rate && !in->clear_rate && parse_rate_option(rate, "--rate", &in->rate_bp, err))
		return -1;
	if (eligible && !in->clear_eligible &&
	    parse_amount_option(eligible, "--eligible", &in->eligible, err))
		return -1;
	if ((opts[G_FROM].value && parse_date_option(opts[G_FROM].value, "--from", d->from, err)) ||
	    (opts[G_TO].value && parse_date_option(opts[G_TO].value, "--to", d->to, err)))
		return -1;
	in->from = opts[G_FROM].value ? d->from : NULL;
	in->to = opts[G_TO].value ? d->to : NULL;
	if (parse_edit_date(opts[G_DECIDED].value, "--decided", d->decided, &in->decided, err) ||
	    parse_edit_date(opts[G_APPLIED].value, "--applied", d->applied, &in->applied, err))
		return -1;
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
	struct arg_opt opts[G_NOPTS];
	struct grant_input in = { 0 };
	struct grant_dates dates;
	struct ft_error err;
	struct args a;
	int64_t before;
	int rc, any = 0;

	grant_options(opts);
	if (ctx_parse(ctx, &cmd_grant_entry, argc - 1, argv + 1, opts, G_NOPTS, &a, &rc))
		return rc;
	for (int i = 0; i < G_NOPTS; i++)
		any |= opts[i].seen;
	if (a.npos != 1 || !any)
		return ctx_usage_error(ctx, &cmd_grant_entry,
				       "'grant edit' needs REF and at least one option to change");
	in.ref = a.pos[0];
	if (parse_edit_values(opts, &dates, &in, &err))
		return ctx_error(ctx, &err);
	if (ctx_open_store(ctx, STORE_EXISTING))
		return EXIT_ERROR;
	if (audit_last_id(ctx->st, &before, &err) || ledger_edit_grant(ctx->st, &in, &err))
		return ctx_error(ctx, &err);
	return say_changes(ctx, in.ref, before);
}

static const struct ft_command grant_subs[] = {
	{ "add", grant_add, "add a grant", NULL },
	{ "list", grant_list, "list grants", NULL },
	{ "show", grant_show, "show a grant", NULL },
	{ "status", grant_status, "change a grant's status", NULL },
	{ "alloc", grant_alloc, "set a yearly allocation", NULL },
	{ "edit", grant_edit, "correct a grant", NULL },
};

static int run_grant(struct ft_ctx *ctx, int argc, char **argv)
{
	return ctx_dispatch(ctx, &cmd_grant_entry, grant_subs,
			    sizeof(grant_subs) / sizeof(grant_subs[0]), argc, argv);
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
	"   or: fundtrack grant edit REF [--project CODE] [--programme CODE] [--amount AMOUNT]\n"
	"                     [--from DATE] [--to DATE] [--rate PCT|none] [--financing TYPE]\n"
	"                     [--decided DATE|none] [--applied DATE|none]\n"
	"                     [--eligible AMOUNT|none] [--note TEXT|none]\n"
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
	"edit corrects a recorded grant; 'none' clears a value. Every change is logged\n"
	"with its old and new value (see 'fundtrack audit log --record REF').\n"
	"On a terminal, add asks for REF and the required options that are missing.\n"
	"\n"
	"example: fundtrack grant add \"ZUW-2024/017\" --project NST-ANK-3 --programme SOE \\\n"
	"           --amount 450.000,00 --from 01.01.2024 --to 31.12.2026 --decided 12.12.2023\n"
	"         fundtrack grant alloc ZUW-2024/017 2024 150.000,00\n",
};
