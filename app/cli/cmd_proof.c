/* cmd_proof.c - proof add / list: submitted proofs of use; proof receipts:
 * a grant's list of receipts (Belegliste) for the proof of use. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cmd_util.h"
#include "msg_lang.h"
#include "proof.h"
#include "readmodel.h"
#include "msg_lang.h"

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
	if ((!in.final && parse_count(a.pos[2], N_("fiscal year"), 1900, 2199, &year, &err)) ||
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
	static const char *const kinds[] = { "interim", "final", NULL };
	static const struct enum_word kind_words[] = {
		{ "Zwischennachweis", "interim" }, { "Verwendungsnachweis", "final" }, { NULL, NULL },
	};
	static const struct word_enum kind_enum = { N_("proof kind"), kinds, kind_words };

	out_set_code_words("kind", &kind_enum); /* German tables and csv-de */
	return run_list(ctx, argc, argv, RM_PROOFS, cols, 6);
}

static const struct arg_pos receipts_pos[] = { { "REF", NULL, "grants", 0 } };

static const struct out_column receipt_cols[] = {
	{ "date", "Zahlungsdatum", OUT_DATE },	{ "service_date", "Leistungsdatum", OUT_DATE },
	{ "reference", "Beleg", OUT_TEXT },	{ "note", "Empfänger / Notiz", OUT_TEXT },
	{ "line", "Position", OUT_TEXT },	{ "amount", "Betrag", OUT_MONEY },
};

static int add_receipt(struct out_table *t, const struct rm_receipt *r)
{
	return out_add_text(t, r->date) ||
	       out_add_text(t, r->service_date[0] ? r->service_date : NULL) ||
	       out_add_text(t, r->reference) || out_add_text(t, r->note) ||
	       out_add_text(t, r->line) || out_add_int(t, r->amount);
}

/* The receipts and their sum as the last (total) row. */
static struct out_table *receipts_table(const struct rm_receipts *rs)
{
	struct out_table *t = out_table_new(receipt_cols, FT_COUNT(receipt_cols));
	int failed = !t;

	for (size_t i = 0; !failed && i < rs->n; i++)
		failed = add_receipt(t, &rs->rows[i]);
	if (!failed) {
		out_mark_total(t);
		failed = out_add_null(t) || out_add_null(t) || out_add_null(t) ||
			 out_add_text(t, tr("Total")) || out_add_null(t) || out_add_int(t, rs->total);
	}
	if (failed) {
		out_table_free(t);
		return NULL;
	}
	return t;
}

static int proof_receipts(struct ft_ctx *ctx, int argc, char **argv)
{
	struct rm_receipts rs;
	struct out_table *t;
	struct ft_error err;
	struct args a;
	int rc;

	if (ctx_parse(ctx, argc - 1, argv + 1, &a, &rc))
		return rc;
	if (a.npos != 1)
		return ctx_usage_error(ctx, "'proof receipts' needs the grant's REF");
	if (ctx_open_store(ctx, STORE_EXISTING))
		return EXIT_ERROR;
	if (rm_grant_receipts(ctx->st, a.pos[0], &rs, &err))
		return ctx_error(ctx, &err);
	t = receipts_table(&rs);
	rm_receipts_release(&rs);
	if (!t) {
		ft_fail(&err, "out of memory");
		return ctx_error(ctx, &err);
	}
	rc = ctx_print_table(ctx, t);
	out_table_free(t);
	return rc;
}

static const struct ft_command proof_subs[] = {
	{ .name = "add", .run = proof_add_cmd, .summary = "record a submitted proof of use",
	  FT_POS(proof_add_pos), FT_OPTS(proof_add_opts) },
	{ .name = "list", .run = proof_list, .summary = "list recorded proofs of use" },
	{ .name = "receipts", .run = proof_receipts,
	  .summary = "the list of receipts (Belegliste) of a grant, with their sum",
	  FT_POS(receipts_pos) },
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
	"receipts REF  the Belegliste for the proof of use: every expenditure of the\n"
	"              grant (a reversed booking and its reversal left out) with\n"
	"              payment day, service day (Leistungsdatum), voucher, payee or\n"
	"              note, plan line (empty until plan lines are recorded) and\n"
	"              amount, the sum last; --format csv-de opens in Excel and\n"
	"              LibreOffice Calc ('fundtrack report proof' prints it as a PDF)\n"
	"\n"
	"example: fundtrack proof add ZUW-2024/017 interim 2024 --date 28.04.2025\n"
	"         fundtrack proof receipts ZUW-2024/017 --format csv-de > belege.csv\n",
};
