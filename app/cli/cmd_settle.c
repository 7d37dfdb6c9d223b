/* cmd_settle.c - settle REF: the final settlement of a grant
 * (Schlussabrechnung, settle_grant.h). */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cmd_util.h"
#include "money.h"
#include "settle_grant.h"
#include "msg_lang.h"

enum settle_opt { S_COSTS, S_AS_OF, S_EFFECTIVE };
static const struct arg_opt settle_opts[] = {
	[S_COSTS] = { "--costs", 0, "AMOUNT", 0, NULL, NULL,
		      "the eligible costs actually incurred (default: the\n"
		      "grant's expenditure bookings, net of reversals)" },
	[S_AS_OF] = { "--as-of", 0, "DATE", 0, NULL, NULL,
		      "the day of the settlement: bookings up to it, interest\n"
		      "up to it (default today)" },
	[S_EFFECTIVE] = { "--effective", 0, "DATE", 0, NULL, NULL,
			  "the day the reduction took effect, from which refund\n"
			  "interest runs (default: the end of the approval period)" },
};
static const struct arg_pos settle_pos[] = { { "REF", NULL, "grants", 0 } };

/* The columns: keys for csv/json, German labels for tables. */
enum {
	C_REF, C_PROJECT, C_FINANCING, C_FROM, C_TO, C_PLANNED, C_PLANNED_SOURCE, C_ACTUAL,
	C_ACTUAL_SOURCE, C_APPROVED, C_RATE, C_OTHER, C_PAID, C_FINAL, C_REPAYMENT, C_REPAID,
	C_OUTSTANDING, C_STILL_TO_PAY, C_EFFECTIVE, C_AS_OF, C_REFUND_DAYS, C_REFUND_INTEREST, C_IDLE_LATE,
	C_IDLE_UNTIL, C_IDLE_DAYS, C_IDLE_INTEREST, C_INTEREST_RULE, C_RATE_MISSING, C_NOTES, C_NCOLS
};
static const struct out_column settle_cols[C_NCOLS] = {
	[C_REF] = { "ref", "Bescheid", OUT_TEXT },
	[C_PROJECT] = { "project", "Projekt", OUT_TEXT },
	[C_FINANCING] = { "financing", "Finanzierungsart", OUT_TEXT },
	[C_FROM] = { "period_from", "Bewilligungszeitraum Beginn", OUT_DATE },
	[C_TO] = { "period_to", "Bewilligungszeitraum Ende", OUT_DATE },
	[C_PLANNED] = { "planned", "Zuwendungsfähige Ausgaben geplant", OUT_MONEY },
	[C_PLANNED_SOURCE] = { "planned_source", "  geplant laut", OUT_TEXT },
	[C_ACTUAL] = { "actual", "Zuwendungsfähige Ausgaben tatsächlich", OUT_MONEY },
	[C_ACTUAL_SOURCE] = { "actual_source", "  tatsächlich laut", OUT_TEXT },
	[C_APPROVED] = { "approved", "Bewilligt (Höchstbetrag)", OUT_MONEY },
	[C_RATE] = { "rate", "Förderquote", OUT_RATE },
	[C_OTHER] = { "other_funds", "Eigen- und Drittmittel", OUT_MONEY },
	[C_PAID] = { "paid", "Ausgezahlt", OUT_MONEY },
	[C_FINAL] = { "final", "Zuwendung endgültig", OUT_MONEY },
	[C_REPAYMENT] = { "repayment", "Rückforderung", OUT_MONEY },
	[C_REPAID] = { "repaid", "  davon zurückgezahlt", OUT_MONEY },
	[C_OUTSTANDING] = { "outstanding", "  noch offen", OUT_MONEY },
	[C_STILL_TO_PAY] = { "still_to_pay", "Noch auszuzahlen (Schlusszahlung)", OUT_MONEY },
	[C_EFFECTIVE] = { "effective", "Unwirksam ab (Zinsbeginn)", OUT_DATE },
	[C_AS_OF] = { "as_of", "Zinsen bis (Stand)", OUT_DATE },
	[C_REFUND_DAYS] = { "refund_days", "Zinstage § 49a Abs. 3", OUT_INT },
	[C_REFUND_INTEREST] = { "refund_interest", "Erstattungszinsen § 49a Abs. 3 VwVfG",
				OUT_MONEY },
	[C_IDLE_LATE] = { "idle_amount", "Nicht alsbald verwendet § 49a Abs. 4", OUT_MONEY },
	[C_IDLE_UNTIL] = { "idle_until", "  betrachtet bis", OUT_DATE },
	[C_IDLE_DAYS] = { "idle_days", "  längste Zinstage", OUT_INT },
	[C_IDLE_INTEREST] = { "idle_interest", "Zinsen § 49a Abs. 4 VwVfG", OUT_MONEY },
	[C_INTEREST_RULE] = { "interest_rule", "Zinsberechnung", OUT_TEXT },
	[C_RATE_MISSING] = { "base_rate_missing_from", "Basiszinssatz fehlt ab", OUT_DATE },
	[C_NOTES] = { "notes", "Hinweise", OUT_TEXT },
};

static const char interest_rule[] = N_(
	"5 percentage points above the base rate (§ 247 BGB) for each period it applies; "
	"days: actual/365, the first day not counted (§ 187(1) BGB); "
	"rounded half up to the cent once");

/* The share a share grant keeps: the recorded rate, else approved/planned. */
static int shown_rate(const struct settle_report *r)
{
	if (r->in.financing != SETTLE_SHARE)
		return -1; /* a Höchstbetrag, not a Förderquote */
	if (r->res.rate_bp >= 0)
		return r->res.rate_bp;
	return money_share_bp(r->in.approved, r->in.planned);
}

/* Appends "; text" (or text first) to buf of size, *len used so far. */
static void append_note(char *buf, size_t size, size_t *len, const char *text)
{
	int n = snprintf(buf + *len, size - *len, "%s%s", *len ? "; " : "", text);

	if (n > 0 && (size_t)n < size - *len)
		*len += (size_t)n;
}

/* What the reader must know about where a figure came from. */
static void notes(const struct settle_report *r, char *buf, size_t size)
{
	size_t len = 0;

	buf[0] = 0;
	if (r->planned_source == PLANNED_PROJECT)
		append_note(buf, size, &len, tr("planned expenditure: the project's total costs (not recorded on "
			    "the decision)"));
	if (r->costs_from_project)
		append_note(buf, size, &len,
			    tr("actual expenditure: the expenditure booked on the project (all "
			    "means of cover; the bookings on the decision are only its share)"));
	else if (!r->costs_given)
		append_note(buf, size, &len,
			    tr("actual expenditure: the expenditure booked on the decision; if "
			    "only what the grant paid is booked there, give the whole eligible "
			    "expenditure with --costs"));
	if (r->res.other_derived)
		append_note(buf, size, &len, tr("own and third-party funds not recorded: taken as planned "
			    "expenditure minus the grant"));
	if (r->in.financing == SETTLE_SHARE && r->res.rate_bp < 0)
		append_note(buf, size, &len, tr("funding rate not recorded: approved / planned expenditure, "
			    "unrounded"));
	if (r->repaid_total > r->res.repayment)
		append_note(buf, size, &len, tr("more repaid than claimed back (repayments: fundtrack bookings)"));
	if (r->res.capped)
		append_note(buf, size, &len, tr("capped at the approved maximum amount"));
	if (!r->effective_given)
		append_note(buf, size, &len, tr("interest starts: end of the approval period (--effective sets it)"));
	if (strcmp(r->effective, r->as_of) >= 0)
		append_note(buf, size, &len, tr("no refund interest yet: interest does not start before the "
			    "cut-off day"));
	if (r->missing[0])
		append_note(buf, size, &len, tr("base rate incomplete: days without a rate bear no interest "
			    "('fundtrack base-rate add')"));
}

static int add_money_or_null(struct out_table *t, int present, int64_t cents)
{
	return present ? out_add_int(t, cents) : out_add_null(t);
}

static const char *source_word(const struct settle_report *r, int german)
{
	static const char *const de[] = { "nicht erfasst", "Bescheid", "Projekt" };
	static const char *const en[] = { "none", "grant", "project" };

	return german ? de[r->planned_source] : en[r->planned_source];
}

static int fill_row(struct out_table *t, const struct settle_report *r, int german)
{
	int rate = shown_rate(r);
	int other = r->in.financing == SETTLE_DEFICIT || r->in.financing == SETTLE_FULL;
	const char *missing = r->missing;
	const char *actual_source = r->costs_given	  ? (german ? "Angabe (--costs)" : "option")
				    : r->costs_from_project ? (german ? "am Projekt verausgabt" : "project")
				    : german		  ? "verausgabt (Buchungen)"
							  : "bookings";
	char note[900];

	notes(r, note, sizeof(note));
	return out_add_text(t, r->ref) || out_add_text(t, r->project) ||
	       out_add_text(t, german ? settle_financing_de(r->in.financing)
				      : settle_financing_word(r->in.financing)) ||
	       out_add_text(t, r->from) || out_add_text(t, r->to) ||
	       add_money_or_null(t, r->in.planned >= 0, r->in.planned) ||
	       out_add_text(t, source_word(r, german)) || out_add_int(t, r->in.actual) ||
	       out_add_text(t, actual_source) || out_add_int(t, r->in.approved) ||
	       (rate >= 0 ? out_add_int(t, rate) : out_add_null(t)) ||
	       add_money_or_null(t, other, r->res.other) || out_add_int(t, r->in.paid) ||
	       out_add_int(t, r->res.final) || out_add_int(t, r->res.repayment) ||
	       out_add_int(t, r->refund.repaid) || out_add_int(t, r->refund.outstanding) ||
	       out_add_int(t, r->res.still_to_pay) ||
	       out_add_text(t, r->effective) || out_add_text(t, r->as_of) ||
	       out_add_int(t, r->refund.days) || out_add_int(t, r->refund.interest) ||
	       out_add_int(t, r->idle_late) || out_add_text(t, r->idle_until) ||
	       out_add_int(t, r->idle_days) || out_add_int(t, r->idle_interest) ||
	       out_add_text(t, tr(interest_rule)) || out_add_text(t, missing[0] ? missing : NULL) ||
	       out_add_text(t, note[0] ? note : NULL);
}

/* A day without a base rate: the figures are printed, the gap named, and
 * the exit code says the interest is incomplete (never 0 %). */
static int report_missing_rate(struct ft_ctx *ctx, const struct settle_report *r)
{
	const char *missing = r->missing;
	char day[DATE_BUF], half[DATE_BUF], half_de[DATE_BUF];

	if (!missing[0])
		return EXIT_OK;
	date_format_de(missing, day);
	interest_half_year_start(missing, half);
	date_format_de(half, half_de);
	ctx_note(ctx,
		"no base rate known from %s: the interest leaves those days out; add it "
		"with 'fundtrack base-rate add %s PCT'",
		day, half_de);
	ctx->output_complete = 1;
	return EXIT_ERROR;
}

static int settle_cmd(struct ft_ctx *ctx, int argc, char **argv)
{
	struct settle_query q = { .costs = -1 };
	struct settle_report r;
	struct out_table *t;
	struct ft_error err;
	struct args a;
	int rc;

	if (ctx_parse(ctx, argc - 1, argv + 1, &a, &rc))
		return rc;
	if (a.npos != 1)
		return ctx_usage_error(ctx, "'settle' needs the grant's REF");
	q.ref = a.pos[0];
	if ((a.value[S_COSTS] && parse_amount_option(a.value[S_COSTS], "--costs", &q.costs, &err)) ||
	    (a.value[S_AS_OF] && parse_date_option(a.value[S_AS_OF], "--as-of", q.as_of, &err)) ||
	    (a.value[S_EFFECTIVE] &&
	     parse_date_option(a.value[S_EFFECTIVE], "--effective", q.effective, &err)))
		return ctx_error(ctx, &err);
	if (ctx_open_store(ctx, STORE_EXISTING))
		return EXIT_ERROR;
	if (settle_grant(ctx->st, &q, &r, &err))
		return ctx_error(ctx, &err);
	t = out_table_new(settle_cols, C_NCOLS);
	/* German words in German tables and csv-de; codes otherwise */
	if (!t || fill_row(t, &r, (ctx->format == OUT_TABLE || ctx->format == OUT_CSV_DE) &&
				       msg_lang_current() == MSG_DE)) {
		out_table_free(t);
		ft_fail(&err, "out of memory");
		return ctx_error(ctx, &err);
	}
	{
		struct out_section s = { "settlement", tr("Final settlement"), t, 1 };

		rc = ctx_print(ctx, &s, 1);
	}
	out_table_free(t);
	if (rc != EXIT_OK)
		return rc;
	return report_missing_rate(ctx, &r);
}

const struct ft_command cmd_settle_entry = {
	.name = "settle", .run = settle_cmd,
	.summary = "final settlement of a grant: final grant, repayment, interest",
	FT_POS(settle_pos), FT_OPTS(settle_opts),
	.help = "The grant as settled under its financing type (VV Nr. 2.2 zu § 44 LHO NRW,\n"
	"ANBest-P Nr. 2). With planned eligible costs 100.000 EUR, grant 80.000 EUR\n"
	"(full financing: 100.000 EUR), all paid out, actual costs 60.000 EUR:\n"
	"  share    keeps its rate of the actual costs (80 % x 60.000 = 48.000,\n"
	"           repayment 32.000); the rate is the recorded one, else\n"
	"           approved / planned costs\n"
	"  deficit  actual costs minus own and third-party funds (60.000 - 20.000 =\n"
	"           40.000, repayment 40.000); those funds, not recorded per grant,\n"
	"           are the planned costs minus the grant\n"
	"  fixed    the fixed amount, but not more than the actual costs\n"
	"           (min(80.000, 60.000), repayment 20.000)\n"
	"  full     the actual costs (60.000 of 100.000, repayment 40.000)\n"
	"each capped at the approved amount; amounts times a rate are rounded once to\n"
	"the cent, half away from zero. Planned costs: the grant's --eligible, else the\n"
	"project's --costs.\n"
	"\n"
	"Refund interest (§ 49a Abs. 3 VwVfG NRW) runs on the repayment from --effective\n"
	"(default: the end of the approval period) to --as-of; a repayment booking\n"
	"stops it for the repaid part. Interest for money drawn too early (§ 49a Abs. 4)\n"
	"runs on drawdowns not spent within the programme's drawdown horizon, from\n"
	"payout to use, at most up to --effective. Both at 5 points above the base rate\n"
	"('fundtrack base-rate list'), piece by piece over its changes; actual days /\n"
	"365, the first day not counted (§ 187 Abs. 1 BGB), rounded once to the cent.\n"
	"A day without a known base rate is left out and named, and the exit code is 1.\n"
	"\n"
	"example: fundtrack settle ZUW-2024/017 --effective 15.04.2025 --as-of 30.09.2025\n",
};
