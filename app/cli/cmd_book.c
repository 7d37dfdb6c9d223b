/* cmd_book.c - book (append a booking or its reversal) and bookings. */
#include <string.h>

#include "cli.h"
#include "cmd_util.h"
#include "finplan.h"
#include "ledger.h"
#include "money.h"
#include "msg_lang.h"

enum book_opt { B_DATE, B_REF, B_NOTE, B_REVERSES, B_SERVICE, B_LINE, B_PROJECT, B_FORCE };
static const struct arg_opt book_opts[] = {
	[B_DATE] = { "--date", 0, "DATE", ARG_REQUIRED, NULL, NULL,
		     "the booking's date (a reversal: default today)" },
	[B_REF] = { "--ref", 0, "TEXT", 0, NULL, NULL, "the voucher (Beleg)" },
	[B_NOTE] = { "--note", 0, "TEXT", 0, NULL, NULL, "a note" },
	[B_REVERSES] = { "--reverses", 0, "ID", 0, NULL, NULL,
			 "write the counter-booking of booking ID instead\n"
			 "(without REF, KIND and AMOUNT)" },
	[B_SERVICE] = { "--service-date", 0, "DATE", 0, NULL, NULL,
			"when the expense arose (Leistungsdatum, e.g. the month a\n"
			"salary is for); the approval period is judged by it" },
	[B_LINE] = { "--line", 0, "POS", 0, NULL, NULL,
		     "a project booking's cost line in the financing plan (e.g. 1.1)" },
	[B_PROJECT] = { "--project", 0, NULL, 0, NULL, NULL,
			"REF is a project code, also where a grant has the same reference" },
	[B_FORCE] = { "--force", 0, NULL, 0, NULL, NULL,
		      "record an implausible drawdown or expenditure anyway\n"
		      "(the audit entry says forced)" },
};
static const struct arg_pos book_pos[] = {
	{ "REF|PROJECT", NULL, "grants projects", 0 },
	{ "KIND", &ledger_kind_enum, NULL, 0 },
	{ "AMOUNT", NULL, NULL, 0 },
};

/* "booked expenditure 1.000,01 € on project X (project booking P3):
 * G-1 850,01 €, G-2 100,00 €, own funds 50,00 €" */
static void say_split(struct ft_ctx *ctx, int reversal, int64_t amount, const char *project,
		      const struct project_booking_result *r)
{
	static const char *const words[FP_NSOURCES] = { "", N_("own funds"),
							N_("third-party funds"), N_("city") };
	char text[2048], money[MONEY_BUF];
	size_t used = 0;

	text[0] = '\0';
	for (size_t i = 0; i < r->nshares && used < sizeof(text); i++) {
		const struct project_booking_share *s = &r->shares[i];

		money_format_de(s->amount, money);
		used += (size_t)snprintf(text + used, sizeof(text) - used, "%s%s %s", i ? ", " : "",
					 s->source == FP_GRANT ? s->ref : tr(words[s->source]), money);
	}
	money_format_de(amount, money);
	if (reversal)
		ctx_say(ctx, "booked the reversal %s on project %s (project booking P%lld): %s",
			money, project, (long long)r->id, text);
	else
		ctx_say(ctx, "booked expenditure %s on project %s (project booking P%lld): %s",
			money, project, (long long)r->id, text);
}

static int book_project_reversal(struct ft_ctx *ctx, const struct args *a, int64_t original,
				 const char *date)
{
	struct project_booking_result r;
	struct ft_error err;

	int64_t total = 0;

	if (finplan_reverse(ctx->st, a->pos[0], original, date, a->value[B_NOTE], &r, &err))
		return ctx_error(ctx, &err);
	for (size_t i = 0; i < r.nshares; i++)
		total += r.shares[i].amount;
	say_split(ctx, 1, total, a->pos[0], &r);
	return EXIT_OK;
}

static int book_reversal(struct ft_ctx *ctx, const struct args *a)
{
	char date[DATE_BUF];
	struct ft_error err;
	int64_t original, id;

	if (a->npos > 1)
		return ctx_usage_error(ctx, "'book --reverses ID' takes no KIND or AMOUNT (and a "
					    "PROJECT only for a project booking)");
	if (a->value[B_SERVICE] || a->value[B_LINE])
		return ctx_usage_error(ctx, "'book --reverses ID' takes no --service-date or --line: "
					    "the reversal is for the booking it reverses");
	if (parse_count(a->value[B_REVERSES], "--reverses", 1, INT64_MAX, &original, &err))
		return ctx_error(ctx, &err);
	if (a->value[B_DATE] && parse_date_option(a->value[B_DATE], "--date", date, &err))
		return ctx_error(ctx, &err);
	if (ctx_open_store(ctx, STORE_EXISTING))
		return EXIT_ERROR;
	if (a->npos == 1) {
		int grant, project;

		if (finplan_book_target(ctx->st, a->pos[0], &grant, &project, &err))
			return ctx_error(ctx, &err);
		if (grant && !project)
			return ctx_usage_error(ctx, "'book --reverses ID' takes no REF, KIND or AMOUNT: "
						    "'%s' is a grant (a PROJECT is named only to "
						    "reverse a project booking)",
					       a->pos[0]);
		return book_project_reversal(ctx, a, original, a->value[B_DATE] ? date : NULL);
	}
	if (ledger_reverse_booking(ctx->st, original, a->value[B_DATE] ? date : NULL,
				   a->value[B_NOTE], &id, &err))
		return ctx_error(ctx, &err);
	ctx_say(ctx, "booking %lld reverses booking %lld", (long long)id, (long long)original);
	return EXIT_OK;
}

/* Which of grant and project the first word names: 1 project, 0 grant,
 * -1 after printing why neither (or the store failed). */
static int books_on_project(struct ft_ctx *ctx, const struct args *a, const char *kind)
{
	struct ft_error err;
	int grant, project;

	if (finplan_book_target(ctx->st, a->pos[0], &grant, &project, &err))
		return ctx_error(ctx, &err), -1;
	if (a->seen[B_PROJECT] && !project) {
		ft_fail(&err, "no project '%s' in this city (see 'fundtrack project list')",
			a->pos[0]);
		return ctx_error(ctx, &err), -1;
	}
	if (!grant && !project) {
		ft_fail(&err, "no grant '%s' in this city, nor a project of that code (see "
			      "'fundtrack grant list' and 'fundtrack project list')",
			a->pos[0]);
		return ctx_error(ctx, &err), -1;
	}
	if (a->seen[B_PROJECT] || !grant) {
		if (strcmp(kind, "expenditure") == 0)
			return 1;
		ft_fail(&err, "'%s' is a project: a project booking is an expenditure; book a %s on "
			      "one of its grants with 'fundtrack book REF %s AMOUNT'",
			a->pos[0], kind, kind);
		return ctx_error(ctx, &err), -1;
	}
	if (project)
		ctx_note(ctx, "warning: '%s' is both a grant reference and a project "
				  "code: booked on the grant (add --project to book on the project)",
			a->pos[0]);
	if (a->value[B_LINE]) {
		ft_fail(&err, "--line is for project bookings: '%s' is a grant (cost lines belong "
			      "to a project's financing plan)",
			a->pos[0]);
		return ctx_error(ctx, &err), -1;
	}
	return 0;
}

static int book_on_project(struct ft_ctx *ctx, const struct args *a,
			   const struct booking_input *in)
{
	struct project_booking_input p = { a->pos[0], in->amount, in->date, in->service_date,
					   a->value[B_LINE], in->reference, in->note };
	struct project_booking_result r;
	struct ft_error err;

	if (finplan_book(ctx->st, &p, &r, &err))
		return ctx_error(ctx, &err);
	say_split(ctx, 0, in->amount, p.project, &r);
	return EXIT_OK;
}

static int run_book(struct ft_ctx *ctx, int argc, char **argv)
{
	struct booking_input in = { 0 };
	char date[DATE_BUF], service[DATE_BUF], warning[FT_ERROR_MSG_MAX], amount[MONEY_BUF];
	struct ft_error err;
	struct args a;
	int64_t id;
	int rc;

	if (ctx_parse(ctx, argc - 1, argv + 1, &a, &rc))
		return rc;
	if (a.value[B_REVERSES])
		return book_reversal(ctx, &a);
	if (a.npos != 3 || !a.value[B_DATE])
		return ctx_usage_error(ctx, "'book' needs REF, KIND, AMOUNT and --date");
	in.grant_ref = a.pos[0];
	in.kind = a.pos[1];
	in.reference = a.value[B_REF];
	in.note = a.value[B_NOTE];
	in.force = a.seen[B_FORCE] > 0;
	if (ledger_check_enum(N_("booking kind"), in.kind, ledger_booking_kinds, &err) ||
	    parse_amount_option(a.pos[2], N_("amount"), &in.amount, &err) ||
	    parse_date_option(a.value[B_DATE], "--date", date, &err))
		return ctx_error(ctx, &err);
	in.date = date;
	if (a.value[B_SERVICE]) {
		if (parse_date_option(a.value[B_SERVICE], "--service-date", service, &err))
			return ctx_error(ctx, &err);
		in.service_date = service;
	}
	if (ctx_open_store(ctx, STORE_EXISTING))
		return EXIT_ERROR;
	if ((rc = books_on_project(ctx, &a, in.kind)) < 0)
		return EXIT_ERROR;
	if (rc)
		return book_on_project(ctx, &a, &in);
	if (ledger_add_booking(ctx->st, &in, &id, warning, &err))
		return ctx_error(ctx, &err);
	if (warning[0])
		ctx_note(ctx, "warning: %s", warning);
	money_format_de(in.amount, amount);
	ctx_say(ctx, "booked %s %s on grant %s (booking %lld)",
		word_enum_say(&ledger_kind_enum, in.kind), amount, in.grant_ref,
		(long long)id);
	return EXIT_OK;
}

const struct ft_command cmd_book_entry = {
	.name = "book", .run = run_book,
	.summary = "append a booking (drawdown, expenditure, repayment, interest)",
	FT_POS(book_pos), FT_OPTS(book_opts),
	.help = "KIND is drawdown (Mittelabruf), expenditure (Ausgabe), repayment (Rückzahlung)\n"
	"or interest (Zinsen). Bookings are never edited or deleted: --reverses ID\n"
	"writes the counter-booking of booking ID (see 'fundtrack bookings'), dated\n"
	"today unless --date is given.\n"
	"--service-date DATE records when an expenditure arose (Leistungsdatum): the\n"
	"approval period is judged by it, not by the payment date (a January payment\n"
	"of December salaries is inside a period ending 31 December).\n"
	"\n"
	"An expenditure on a PROJECT (its code instead of a grant's reference) is booked\n"
	"once and split over the project's means of cover as ANBest-P Nr. 1.4 lets\n"
	"grants be used: share and fixed-amount grants pro rata with own, third-party\n"
	"and city money; deficit grants after those are used up; full financing by the\n"
	"grant alone; above every means of cover: own funds. Only grants approved,\n"
	"running or proof-due whose approval period holds the day the expense arose\n"
	"take part. Each grant's share becomes a booking of that grant (budget,\n"
	"bookings, check, reports and export see it); the cents are split by the\n"
	"largest remainder, so the shares add up exactly. A name that is both a grant\n"
	"reference and a project code means the grant unless --project is given.\n"
	"--reverses ID with a PROJECT reverses project booking ID (P-number in\n"
	"'fundtrack plan PROJECT') with all its shares. The split is fixed when booked:\n"
	"after a change of the plan or a grant, reverse and book again to re-split.\n"
	"\n"
	"Implausible bookings are refused with the reason: a drawdown outside the\n"
	"approval period or above the approved amount (less repayments), an\n"
	"expenditure that arose outside the period (paid up to 6 weeks after it\n"
	"without --service-date: accepted with a warning). --force records it anyway,\n"
	"marked as forced in the audit log. Repayments and interest are always taken.\n"
	"\n"
	"example: fundtrack book ZUW-2024/017 drawdown 37.500,00 --date 15.01.2024 --ref MA-01\n"
	"example: fundtrack book EHAP-3 expenditure 1.000,01 --date 15.03.2026 --line 1.1\n",
};

static int run_bookings(struct ft_ctx *ctx, int argc, char **argv)
{
	static const struct out_column columns[] = {
		{ "id", "Nr", OUT_INT },
		{ "grant", "Aktenzeichen", OUT_TEXT },
		{ "date", "Datum", OUT_DATE },
		{ "kind", "Art", OUT_TEXT },
		{ "amount", "Betrag", OUT_MONEY },
		{ "reference", "Beleg", OUT_TEXT },
		{ "reverses", "Storno von", OUT_INT },
		{ "note", "Notiz", OUT_TEXT },
		/* last, so that scripts reading the columns by place keep working;
		 * --project filters on it (issue 15) */
		{ "project", "Projekt", OUT_TEXT },
	};
	static const struct out_column ref_column[] = { { "grant", "Aktenzeichen", OUT_TEXT } };
	const struct rm_request requests[] = {
		{ RM_GRANT_REF, ref_column, 1 },
		{ RM_BOOKINGS, columns, 9 },
	};
	struct out_table *t[2];
	struct ft_error err;
	struct args a;
	int rc;

	if (ctx_parse(ctx, argc - 1, argv + 1, &a, &rc))
		return rc;
	if (a.npos > 1)
		return ctx_usage_error(ctx, "unexpected argument '%s'", a.pos[1]);
	if (ctx_open_store(ctx, STORE_EXISTING))
		return EXIT_ERROR;
	if (a.npos == 1) {
		int64_t city_id;

		if (ledger_own_city(ctx->st, &city_id, &err))
			return ctx_error(ctx, &err);
	}
	if (rm_tables(ctx->st, requests, 2, a.npos ? a.pos[0] : NULL, t, &err))
		return ctx_error(ctx, &err);
	if (a.npos == 1 && out_row_count(t[0]) == 0) {
		ft_fail(&err, "no grant '%s' in this city (see 'fundtrack grant list')", a.pos[0]);
		rc = ctx_error(ctx, &err);
	} else {
		rc = ctx_print_table(ctx, t[1]);
	}
	out_table_free(t[0]);
	out_table_free(t[1]);
	return rc;
}

static const struct arg_pos bookings_pos[] = { { "[REF]", NULL, "grants", 0 } };

const struct ft_command cmd_bookings_entry = {
	.name = "bookings", .run = run_bookings, .summary = "list bookings, of all grants or of one",
	FT_POS(bookings_pos),
};
