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

enum proof_opt { PF_DATE, PF_NOTE };
static const struct arg_opt proof_add_opts[] = {
	[PF_DATE] = { "--date", 0, "DATE", ARG_REQUIRED, NULL, NULL, "the day it was submitted" },
	[PF_NOTE] = { "--note", 0, "TEXT", 0, NULL, NULL, "a note" },
};
static const struct arg_pos proof_add_pos[] = {
	{ "REF", NULL, "grants", 0 }, { "interim YEAR|final", NULL, NULL, 0 },
};

static int proof_add_cmd(struct ft_ctx *ctx, int argc, char **argv)
{
	struct proof_input in = { 0 };
	char date[DATE_BUF];
	struct ft_error err;
	struct args a;
	int64_t year = 0;
	int rc;

	if (ctx_parse(ctx, argc - 1, argv + 1, &a, &rc))
		return rc;
	if (a.npos < 2 || !a.value[PF_DATE])
		return ctx_usage_error(ctx, "'proof add' needs REF, final or interim YEAR, and --date");
	if (!proof_words_ok(&a))
		return ctx_usage_error(ctx, "'proof add' needs REF final, or REF interim YEAR (got '%s')",
				       a.pos[1]);
	in.grant_ref = a.pos[0];
	in.final = strcmp(a.pos[1], "final") == 0;
	if ((!in.final && parse_count(a.pos[2], "fiscal year", 1900, 2199, &year, &err)) ||
	    parse_date_option(a.value[PF_DATE], "--date", date, &err))
		return ctx_error(ctx, &err);
	in.year = (int)year;
	in.date = date;
	in.note = a.value[PF_NOTE];
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
	return run_list(ctx, argc, argv, RM_PROOFS, cols, 6);
}

static const struct ft_command proof_subs[] = {
	{ .name = "add", .run = proof_add_cmd, .summary = "record a submitted proof of use",
	  FT_POS(proof_add_pos), FT_OPTS(proof_add_opts) },
	{ .name = "list", .run = proof_list, .summary = "list recorded proofs of use" },
};

const struct ft_command cmd_proof_entry = {
	.name = "proof", .summary = "record submitted proofs of use (interim and final)",
	FT_SUBS(proof_subs),
	.help = "interim YEAR  the Zwischennachweis for fiscal year YEAR (due 30 April of the\n"
	"              next year, for every year the grant runs through)\n"
	"final         the Verwendungsnachweis (due period end + the programme's proof\n"
	"              months)\n"
	"Once recorded, 'fundtrack check' and 'fundtrack deadlines' stop asking for it.\n"
	"\n"
	"example: fundtrack proof add ZUW-2024/017 interim 2024 --date 28.04.2025\n",
};
