/* cmd_proof.c - proof add / list: submitted proofs of use. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cmd_util.h"
#include "proof.h"

/* "REF final" or "REF interim YEAR". */
static int proof_words_ok(const struct args *a)
{
	if (strcmp(a->pos[1], "final") == 0)
		return a->npos == 2;
	return strcmp(a->pos[1], "interim") == 0 && a->npos == 3;
}

static int proof_add_cmd(struct ft_ctx *ctx, int argc, char **argv)
{
	struct arg_opt opts[] = {
		{ "--date", 1, 0, NULL, 0 },
		{ "--note", 1, 0, NULL, 0 },
	};
	struct proof_input in = { 0 };
	char date[DATE_BUF];
	struct ft_error err;
	struct args a;
	int64_t year = 0;
	int rc;

	if (ctx_parse(ctx, &cmd_proof_entry, argc - 1, argv + 1, opts, 2, &a, &rc))
		return rc;
	if (a.npos < 2 || !opts[0].value)
		return ctx_usage_error(ctx, &cmd_proof_entry,
				       "'proof add' needs REF, final or interim YEAR, and --date");
	if (!proof_words_ok(&a))
		return ctx_usage_error(ctx, &cmd_proof_entry,
				       "'proof add' needs REF final, or REF interim YEAR (got '%s')",
				       a.pos[1]);
	in.grant_ref = a.pos[0];
	in.final = strcmp(a.pos[1], "final") == 0;
	if ((!in.final && parse_count(a.pos[2], "fiscal year", 1900, 2199, &year, &err)) ||
	    parse_date_option(opts[0].value, "--date", date, &err))
		return ctx_error(ctx, &err);
	in.year = (int)year;
	in.date = date;
	in.note = opts[1].value;
	if (ctx_open_store(ctx, STORE_EXISTING))
		return EXIT_ERROR;
	if (proof_add(ctx->st, &in, &err))
		return ctx_error(ctx, &err);
	if (in.final)
		ctx_say(ctx, "recorded the final proof of use of grant %s", in.grant_ref);
	else
		ctx_say(ctx, "recorded the interim proof %d of grant %s", in.year, in.grant_ref);
	return EXIT_OK;
}

static int proof_list(struct ft_ctx *ctx, int argc, char **argv)
{
	static const struct out_column cols[] = {
		{ "grant", "Bescheid", OUT_TEXT },	{ "project", "Projekt", OUT_TEXT },
		{ "kind", "Art", OUT_TEXT },		{ "year", "Jahr", OUT_INT },
		{ "submitted", "Eingereicht", OUT_DATE }, { "note", "Notiz", OUT_TEXT },
	};
	return run_list(ctx, &cmd_proof_entry, argc, argv, RM_PROOFS, cols, 6);
}

static const struct ft_command proof_subs[] = {
	{ "add", proof_add_cmd, "record a submitted proof of use", NULL },
	{ "list", proof_list, "list recorded proofs of use", NULL },
};

static int run_proof(struct ft_ctx *ctx, int argc, char **argv)
{
	return ctx_dispatch(ctx, &cmd_proof_entry, proof_subs, 2, argc, argv);
}

const struct ft_command cmd_proof_entry = {
	"proof", run_proof, "record submitted proofs of use (interim and final)",
	"usage: fundtrack proof add REF interim YEAR --date DATE [--note TEXT]\n"
	"   or: fundtrack proof add REF final --date DATE [--note TEXT]\n"
	"   or: fundtrack proof list\n"
	"\n"
	"interim YEAR  the Zwischennachweis for fiscal year YEAR (due 30 April of the\n"
	"              next year, for every year the grant runs through)\n"
	"final         the Verwendungsnachweis (due period end + the programme's proof\n"
	"              months)\n"
	"--date DATE   the day it was submitted\n"
	"Once recorded, 'fundtrack check' and 'fundtrack deadlines' stop asking for it.\n"
	"\n"
	"example: fundtrack proof add ZUW-2024/017 interim 2024 --date 28.04.2025\n",
};
