/* cmd_deadlines.c - deadlines: what is due soon, soonest first, optionally
 * as an iCalendar file for Outlook or Thunderbird. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cmd_util.h"
#include "deadlines.h"
#include "ical.h"
#include "msg_lang.h"

/* The table says in words how long an item is overdue; csv and json get
 * the number. Days left and days overdue are separate columns: an item
 * has one or the other. */
static const struct out_column table_columns[] = {
	{ "date", "Frist", OUT_DATE },		 { "days_left", "In Tagen", OUT_INT },
	{ "overdue", "\xC3\x9C" "berf\xC3\xA4llig", OUT_TEXT },
	{ "kind", "Art", OUT_TEXT },		 { "project", "Projekt", OUT_TEXT },
	{ "grant", "Bescheid", OUT_TEXT },	 { "programme", "Programm", OUT_TEXT },
	{ "amount", "Betrag", OUT_MONEY },	 { "what", "Was", OUT_TEXT },
};
static const struct out_column machine_columns[] = {
	{ "date", "Frist", OUT_DATE },		 { "days_left", "In Tagen", OUT_INT },
	{ "days_overdue", "Tage \xC3\xBC" "berf\xC3\xA4llig", OUT_INT },
	{ "kind", "Art", OUT_TEXT },		 { "project", "Projekt", OUT_TEXT },
	{ "grant", "Bescheid", OUT_TEXT },	 { "programme", "Programm", OUT_TEXT },
	{ "amount", "Betrag", OUT_MONEY },	 { "what", "Was", OUT_TEXT },
};
enum { DEADLINE_COLUMNS = 9 };

static int add_overdue(struct out_table *t, const struct deadline *d, int machine)
{
	char words[48];

	if (!d->overdue)
		return out_add_null(t);
	if (machine)
		return out_add_int(t, d->days_overdue);
	/* "12 days ago", German "seit 12 Tagen" */
	snprintf(words, sizeof(words), trn("%ld day ago", "%ld days ago", d->days_overdue),
		 d->days_overdue);
	return out_add_text(t, words);
}

static int fill_deadlines(struct out_table *t, const struct deadline_result *r, int machine)
{
	for (size_t i = 0; i < r->n; i++) {
		const struct deadline *d = &r->items[i];

		if (out_add_text(t, d->date) ||
		    (d->overdue ? out_add_null(t) : out_add_int(t, d->days_left)) ||
		    add_overdue(t, d, machine) ||
		    out_add_text(t, deadline_kind_names[d->kind]) || out_add_text(t, d->project) ||
		    out_add_text(t, d->grant->ref) || out_add_text(t, d->grant->programme) ||
		    (d->amount < 0 ? out_add_null(t) : out_add_int(t, d->amount)) ||
		    out_add_text(t, d->what))
			return -1;
	}
	return 0;
}

static void deadlines_title(const struct deadline_result *r, enum deadline_overdue overdue,
			    char *title, size_t size)
{
	char from[DATE_BUF], last[DATE_BUF], to[DATE_BUF];

	date_format_de(r->as_of, from);
	date_from_days(date_to_days(r->as_of) + r->days, last);
	date_format_de(last, to);
	if (overdue == DL_OVERDUE_ONLY)
		snprintf(title, size, tr("Overdue deadlines (as of %s)"), from);
	else if (overdue == DL_OVERDUE_HIDE)
		snprintf(title, size, tr("Deadlines from %s to %s"), from, to);
	else
		snprintf(title, size, tr("Deadlines up to %s and overdue ones (as of %s)"), to, from);
}

/* The German words of the deadline kinds, for German tables and csv-de
 * (csv and json keep the codes). */
static const char *const kind_codes[] = { "period-end", "interim-proof", "final-proof",
					  "drawdown", "condition", NULL };
static const struct enum_word kind_words_de[] = {
	{ "Ende Bewilligungszeitraum", "period-end" },
	{ "Zwischennachweis", "interim-proof" },
	{ "Verwendungsnachweis", "final-proof" },
	{ "Mittelabruf", "drawdown" },
	{ "Auflage", "condition" },
	{ NULL, NULL },
};
static const struct word_enum kind_enum = { N_("kind"), kind_codes, kind_words_de };

static int print_deadlines(struct ft_ctx *ctx, const struct deadline_result *r,
			   enum deadline_overdue overdue)
{
	int machine = ctx->format != OUT_TABLE;
	struct out_table *t =
		out_table_new(machine ? machine_columns : table_columns, DEADLINE_COLUMNS);
	char title[128];
	struct out_section section = { "deadlines", title, t, 0 };
	int rc;

	out_set_code_words("kind", &kind_enum);
	if (!t || fill_deadlines(t, r, machine)) {
		out_table_free(t);
		ctx_note(ctx, "out of memory");
		return EXIT_ERROR;
	}
	deadlines_title(r, overdue, title, sizeof(title));
	rc = ctx_print(ctx, &section, 1);
	out_table_free(t);
	if (rc == EXIT_OK && r->noverdue)
		ctx_say(ctx, "%zu of them overdue", r->noverdue);
	return rc;
}

static const char *const overdue_codes[] = { "show", "only", "hide", NULL };
static const struct enum_word overdue_words_de[] = {
	{ "zeigen", "show" }, { "nur", "only" }, { "ausblenden", "hide" }, { NULL, NULL },
};
static const struct word_enum overdue_enum = { N_("overdue"), overdue_codes, overdue_words_de };

enum deadline_opt { O_AS_OF, O_DAYS, O_ICS, O_REMIND, O_OVERDUE };
static const struct arg_opt deadline_opts[] = {
	[O_AS_OF] = { "--as-of", 0, "DATE", 0, NULL, NULL, "count from this day (default: today)" },
	[O_DAYS] = { "--days", 0, "N", 0, NULL, NULL, "how far ahead, 1 to 3660 days (default 90)" },
	[O_ICS] = { "--ics", 0, "FILE", 0, NULL, "file",
		    "also write the deadlines as an iCalendar file (RFC 5545) that\n"
		    "Outlook and Thunderbird import: one all-day event per\n"
		    "deadline with a stable ID, so importing again updates them" },
	[O_REMIND] = { "--remind", 0, "N", 0, NULL, NULL,
		       "reminder N days before each event (default 7, 0 = that day)" },
	[O_OVERDUE] = { "--overdue", 0, "WHICH", 0, &overdue_enum, NULL,
			"overdue items (still open after their day): show them\n"
			"first (default), only them, or hide them" },
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
	if (a->value[O_OVERDUE])
		q->overdue = strcmp(a->value[O_OVERDUE], "only") == 0	? DL_OVERDUE_ONLY
			     : strcmp(a->value[O_OVERDUE], "hide") == 0 ? DL_OVERDUE_HIDE
									: DL_OVERDUE_SHOW;
	*remind = 7;
	if (a->value[O_REMIND] && parse_count(a->value[O_REMIND], "--remind", 0, 365, remind, err))
		return -1;
	if (a->value[O_ICS] && !a->value[O_ICS][0])
		return ft_fail(err, "--ics needs a file name");
	return 0;
}

static int run_deadlines(struct ft_ctx *ctx, int argc, char **argv)
{
	struct deadline_query q = { "", 0, DL_OVERDUE_SHOW };
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
	rc = print_deadlines(ctx, &r, q.overdue);
	if (rc == EXIT_OK && a.value[O_ICS])
		ctx_say(ctx, trn("wrote %zu deadline to '%s'", "wrote %zu deadlines to '%s'",
				 (long long)r.n),
			r.n, a.value[O_ICS]);
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
	"  condition      a condition (Auflage) of the decision, until recorded as met\n"
	"                 with 'fundtrack grant condition done'\n"
	"Items still open after their day come first, marked overdue with the days\n"
	"since ('12 days ago'; in csv and json the column days_overdue, while\n"
	"days_left stays empty); the end of an approval period is never overdue.\n"
	"--overdue only lists just them, --overdue hide leaves them out. In the\n"
	"iCalendar file an overdue item's title is marked as overdue (überfällig).\n"
	"Overdue proofs, conditions and idle money are also findings of\n"
	"'fundtrack check'.\n"
	"\n"
	"example: fundtrack deadlines --days 180 --ics fristen.ics\n",
};
