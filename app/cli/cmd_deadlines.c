/* cmd_deadlines.c - deadlines: what is due soon, soonest first, optionally
 * as an iCalendar file for Outlook or Thunderbird. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cmd_util.h"
#include "deadlines.h"
#include "ical.h"

static const struct out_column deadline_columns[] = {
	{ "date", "Frist", OUT_DATE },	       { "days_left", "In Tagen", OUT_INT },
	{ "kind", "Art", OUT_TEXT },	       { "project", "Projekt", OUT_TEXT },
	{ "grant", "Bescheid", OUT_TEXT },     { "programme", "Programm", OUT_TEXT },
	{ "amount", "Betrag", OUT_MONEY },     { "what", "Was", OUT_TEXT },
};

static int fill_deadlines(struct out_table *t, const struct deadline_result *r)
{
	for (size_t i = 0; i < r->n; i++) {
		const struct deadline *d = &r->items[i];

		if (out_add_text(t, d->date) || out_add_int(t, d->days_left) ||
		    out_add_text(t, deadline_kind_names[d->kind]) || out_add_text(t, d->project) ||
		    out_add_text(t, d->grant->ref) || out_add_text(t, d->grant->programme) ||
		    (d->amount < 0 ? out_add_null(t) : out_add_int(t, d->amount)) ||
		    out_add_text(t, d->what))
			return -1;
	}
	return 0;
}

static int print_deadlines(struct ft_ctx *ctx, const struct deadline_result *r)
{
	struct out_table *t = out_table_new(deadline_columns, 8);
	char from[DATE_BUF], last[DATE_BUF], to[DATE_BUF], title[96];
	struct out_section section = { "deadlines", title, t, 0 };
	int rc;

	if (!t || fill_deadlines(t, r)) {
		out_table_free(t);
		fputs("fundtrack: out of memory\n", ctx->err);
		return EXIT_ERROR;
	}
	date_format_de(r->as_of, from);
	date_from_days(date_to_days(r->as_of) + r->days, last);
	date_format_de(last, to);
	snprintf(title, sizeof(title), "Fristen vom %s bis %s", from, to);
	rc = ctx_print(ctx, &section, 1);
	out_table_free(t);
	return rc;
}

enum deadline_opt { O_AS_OF, O_DAYS, O_ICS, O_REMIND };
static const struct arg_opt deadline_opts[] = {
	[O_AS_OF] = { "--as-of", 0, "DATE", 0, NULL, NULL, "count from this day (default: today)" },
	[O_DAYS] = { "--days", 0, "N", 0, NULL, NULL, "how far ahead, 1 to 3660 days (default 90)" },
	[O_ICS] = { "--ics", 0, "FILE", 0, NULL, "file",
		    "also write the deadlines as an iCalendar file (RFC 5545) that\n"
		    "Outlook and Thunderbird import: one all-day event per\n"
		    "deadline with a stable ID, so importing again updates them" },
	[O_REMIND] = { "--remind", 0, "N", 0, NULL, NULL,
		       "reminder N days before each event (default 7, 0 = that day)" },
};

static int parse_options(const struct args *a, struct deadline_query *q, int64_t *remind,
			 struct ft_error *err)
{
	int64_t days = DEADLINES_DEFAULT_DAYS;

	if (a->value[O_AS_OF] && parse_date_option(a->value[O_AS_OF], "--as-of", q->as_of, err))
		return -1;
	if (a->value[O_DAYS] &&
	    parse_count(a->value[O_DAYS], "--days", 1, DEADLINES_MAX_DAYS, &days, err))
		return -1;
	q->days = (int)days;
	*remind = 7;
	if (a->value[O_REMIND] && parse_count(a->value[O_REMIND], "--remind", 0, 365, remind, err))
		return -1;
	if (a->value[O_ICS] && !a->value[O_ICS][0])
		return ft_fail(err, "--ics needs a file name");
	return 0;
}

static int run_deadlines(struct ft_ctx *ctx, int argc, char **argv)
{
	struct deadline_query q = { "", 0 };
	struct deadline_result r;
	struct ft_error err;
	struct args a;
	int64_t remind;
	int rc;

	if (ctx_parse(ctx, argc - 1, argv + 1, &a, &rc))
		return rc;
	if (a.npos)
		return ctx_usage_error(ctx, "unexpected argument '%s'",
				       a.pos[0]);
	if (parse_options(&a, &q, &remind, &err))
		return ctx_error(ctx, &err);
	if (ctx_open_store(ctx, STORE_EXISTING))
		return EXIT_ERROR;
	if (deadlines_list(ctx->st, &q, &r, &err))
		return ctx_error(ctx, &err);
	if (a.value[O_ICS]) {
		char dtstamp[17];

		ical_dtstamp(dtstamp);
		if (deadlines_write_ics(&r, a.value[O_ICS], dtstamp, (int)remind, &err)) {
			deadline_result_release(&r);
			return ctx_error(ctx, &err);
		}
	}
	rc = print_deadlines(ctx, &r);
	if (rc == EXIT_OK && a.value[O_ICS])
		ctx_say(ctx, "wrote %zu deadline%s to '%s'", r.n, r.n == 1 ? "" : "s",
			a.value[O_ICS]);
	deadline_result_release(&r);
	return rc;
}

const struct ft_command cmd_deadlines_entry = {
	.name = "deadlines", .run = run_deadlines,
	.summary = "upcoming deadlines, soonest first; iCalendar export", FT_OPTS(deadline_opts),
	.help = "Every deadline of the own city's active grants (approved, running, proof-due)\n"
	"from today (or --as-of) up to N days ahead, soonest first:\n"
	"  period-end     last day of the approval period\n"
	"  interim-proof  interim proof, due 30 April after each year the grant runs\n"
	"                 through, until recorded with 'fundtrack proof add'\n"
	"  final-proof    final proof of use, due period end + the programme's proof\n"
	"                 months, until recorded\n"
	"  drawdown       money drawn down and not yet spent must be spent within the\n"
	"                 programme's drawdown horizon (first in, first out)\n"
	"Overdue proofs and idle money are findings of 'fundtrack check'.\n"
	"\n"
	"example: fundtrack deadlines --days 180 --ics fristen.ics\n",
};
