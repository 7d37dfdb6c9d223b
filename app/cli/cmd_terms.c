/* cmd_terms.c - terms list: the shipped terms sets (Nebenbestimmungen) a
 * decision can name, with the rules they carry and their sources
 * (schema/008_terms.sql). */
#include "cli.h"
#include "cmd_util.h"
#include "msg_lang.h"

static int terms_list(struct ft_ctx *ctx, int argc, char **argv)
{
	static const struct out_column columns[] = {
		{ "name", "Name", OUT_TEXT },
		{ "label", "Bezeichnung", OUT_TEXT },
		{ "addition", "Zusatz", OUT_INT },
		{ "drawdown_horizon", "Mittelverwendungsfrist", OUT_TEXT },
		{ "proof_after_fulfilment_months", "VN Monate nach Zweckerfüllung", OUT_INT },
		{ "proof_after_period_months", "VN spätestens Monate nach Ende", OUT_INT },
		{ "interim_months", "ZN Monate nach Jahresende", OUT_INT },
		{ "interest", "Zinsen", OUT_INT },
		{ "source", "Quelle", OUT_TEXT },
	};
	/* the drawdown horizon's unit in the language of the messages */
	const char *const units[] = { tr("weeks"), tr("months") };

	return run_list_params(ctx, argc, argv, RM_TERMS, units, 2, columns, 9);
}

static const struct ft_command terms_subs[] = {
	{ .name = "list", .run = terms_list,
	  .summary = "list the terms sets with their rules and sources" },
};

const struct ft_command cmd_terms_entry = {
	.name = "terms", .summary = "the terms of a decision (Nebenbestimmungen) and their rules",
	FT_SUBS(terms_subs),
	.help = "A decision's terms decide its deadlines: the drawdown horizon (money drawn\n"
	"must be spent within it; counted in calendar weeks or months, §§ 187, 188 BGB),\n"
	"the final proof of use (months after the purpose was fulfilled, at the latest\n"
	"months after the approval period: the earlier wins), interim proofs for the\n"
	"years with payouts, and whether idle money bears interest. A deadline on a\n"
	"weekend or NRW holiday ends on the next working day (§ 31 Abs. 3 VwVfG NRW).\n"
	"National sets: anbest-p-bund, anbest-p-nrw (private carriers), anbest-gk,\n"
	"anbest-g-nrw (the city as recipient), own (the city's own money: none of\n"
	"them). Addition: esf-plus, on top of a national set. Empty fields: none;\n"
	"an addition's empty field keeps the national value. The source column says\n"
	"which text each rule comes from and what is an assumption.\n"
	"\n"
	"example: fundtrack terms list\n"
	"         fundtrack programme edit SOE --terms anbest-g-nrw\n"
	"         fundtrack grant edit EHAP-2025/001 --terms-addition esf-plus\n",
};
