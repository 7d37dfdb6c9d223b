/* cmd_budget.c - budget: approved, allocated, drawn, spent, repaid, open and
 * remaining money per group (figures from figures.h). */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cmd_util.h"
#include "figures.h"
#include "msg_lang.h"

static const struct out_column key_columns[BUDGET_NKEYS] = {
	[BUDGET_LEVEL] = { "level", "Ebene", OUT_TEXT },
	[BUDGET_FUNDER] = { "funder", "Fördermittelgeber", OUT_TEXT },
	[BUDGET_PROGRAMME] = { "programme", "Programm", OUT_TEXT },
	[BUDGET_FIELD] = { "field", "Handlungsfeld", OUT_TEXT },
	[BUDGET_DISTRICT] = { "district", "Sozialraum", OUT_TEXT },
	[BUDGET_PROJECT] = { "project", "Projekt", OUT_TEXT },
	[BUDGET_CITY] = { "city", "Stadt", OUT_TEXT },
};

static const struct out_column figure_columns[] = {
	{ "approved", "Bewilligt", OUT_MONEY },	 { "allocated", "Jahresraten", OUT_MONEY },
	{ "drawn", "Abgerufen", OUT_MONEY },	 { "spent", "Verausgabt", OUT_MONEY },
	{ "repaid", "Zurückgezahlt", OUT_MONEY }, { "open", "Ausgezahlt, nicht verausgabt", OUT_MONEY },
	{ "remaining", "Noch nicht abgerufen", OUT_MONEY }, { "share", "Anteil", OUT_RATE },
	{ "grants", "Bescheide", OUT_COUNT },
};
enum { NFIGURES = sizeof(figure_columns) / sizeof(figure_columns[0]) };

static int add_figures(struct out_table *t, const struct budget_figures *f, size_t ngrants)
{
	return out_add_int(t, f->approved) || out_add_int(t, f->allocated) ||
	       out_add_int(t, f->drawn) || out_add_int(t, f->spent) ||
	       out_add_int(t, f->repaid) || out_add_int(t, f->open) ||
	       out_add_int(t, f->remaining) || out_add_int(t, f->share_bp) ||
	       out_add_int(t, (int64_t)ngrants);
}

/* Rows per group and a total row; the first key column says "Total" ("Summe"). */
static int fill_budget(struct out_table *t, const struct budget_query *q,
		       const struct budget_result *r)
{
	for (size_t i = 0; i < r->nrows; i++) {
		for (int k = 0; k < q->nkeys; k++)
			if (out_add_text(t, r->rows[i].keys[k]))
				return -1;
		if (add_figures(t, &r->rows[i].f, r->rows[i].ngrants))
			return -1;
	}
	out_mark_total(t);
	if (out_add_text(t, tr("Total")))
		return -1;
	for (int k = 1; k < q->nkeys; k++)
		if (out_add_null(t))
			return -1;
	return add_figures(t, &r->total, r->ngrants);
}

static int print_budget(struct ft_ctx *ctx, const struct budget_query *q,
			const struct budget_result *r)
{
	struct out_column cols[BUDGET_NKEYS + NFIGURES];
	struct out_section section = { "budget", NULL, NULL, 0 };
	char title[160], as_of[DATE_BUF];
	struct out_table *t;
	int rc;

	for (int k = 0; k < q->nkeys; k++)
		cols[k] = key_columns[q->keys[k]];
	memcpy(cols + q->nkeys, figure_columns, sizeof(figure_columns));
	t = out_table_new(cols, (size_t)q->nkeys + NFIGURES);
	if (!t || fill_budget(t, q, r)) {
		out_table_free(t);
		ctx_note(ctx, "out of memory");
		return EXIT_ERROR;
	}
	date_format_de(r->gs.as_of, as_of);
	if (q->year)
		snprintf(title, sizeof(title), tr("Fiscal year %d, bookings up to %s"), q->year,
			 as_of);
	else
		snprintf(title, sizeof(title), tr("All years, bookings up to %s"), as_of);
	section.title = title;
	section.table = t;
	rc = ctx_print(ctx, &section, 1);
	out_table_free(t);
	return rc;
}

enum budget_opt { O_BY, O_YEAR, O_AS_OF };
static const struct arg_opt budget_opts[] = {
	[O_BY] = { "--by", 0, "KEY[,KEY...]", 0, NULL, NULL,
		   "level (default), funder, programme, field, district, project\n"
		   "or city; several at once separated by commas: --by level,field.\n"
		   "Only the own city counts, except with 'city', which compares\n"
		   "every city in the database (own and imported)." },
	[O_YEAR] = { "--year", 0, "YEAR", 0, NULL, NULL,
		     "one fiscal year: only grants running in YEAR (or with an\n"
		     "allocation or a booking in it); Jahresraten is the allocation\n"
		     "for YEAR, the bookings are those dated in YEAR, Noch nicht\n"
		     "abgerufen is "
		     "allocation - drawn + repaid, Anteil the share of the year's\n"
		     "allocations. Bewilligt stays the full cap." },
	[O_AS_OF] = { "--as-of", 0, "DATE", 0, NULL, NULL,
		      "count bookings up to DATE (default: today) and only grants\n"
		      "decided by then" },
};

/* The listing filters that budget applies to the grants before summing
 * them (issue 15: --district shows the district's totals, not the rows
 * that happen to name it); only --sort is left to act on the rows. */
static void take_filters(struct ft_ctx *ctx, struct budget_query *q)
{
	static const struct {
		enum filter_key filter;
		enum budget_key key;
	} keys[] = {
		{ FK_DISTRICT, BUDGET_DISTRICT }, { FK_FIELD, BUDGET_FIELD },
		{ FK_PROGRAMME, BUDGET_PROGRAMME }, { FK_LEVEL, BUDGET_LEVEL },
		{ FK_PROJECT, BUDGET_PROJECT },
	};
	struct row_filter *f = &ctx->filter;

	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		q->only[keys[i].key] = f->equals[keys[i].filter];
		f->equals[keys[i].filter] = NULL;
	}
	q->status = f->equals[FK_STATUS];
	f->equals[FK_STATUS] = NULL;
	memcpy(q->from, f->from, sizeof(q->from));
	memcpy(q->to, f->to, sizeof(q->to));
	f->from[0] = f->to[0] = '\0';
	f->active = f->sort_key != NULL || f->equals[FK_SEVERITY] != NULL;
}

static int run_budget(struct ft_ctx *ctx, int argc, char **argv)
{
	struct budget_query q = { .keys = { BUDGET_LEVEL }, .nkeys = 1 };
	struct budget_result r;
	struct ft_error err;
	struct args a;
	int64_t year;
	int rc;

	if (ctx_parse(ctx, argc - 1, argv + 1, &a, &rc))
		return rc;
	if (a.npos)
		return ctx_usage_error(ctx, "unexpected argument '%s'", a.pos[0]);
	if (a.value[O_BY] && budget_parse_keys(a.value[O_BY], q.keys, &q.nkeys, &err))
		return ctx_usage_error(ctx, "%s", err.msg);
	if (a.value[O_YEAR]) {
		if (parse_count(a.value[O_YEAR], "--year", 1900, 2199, &year, &err))
			return ctx_error(ctx, &err);
		q.year = (int)year;
	}
	if (a.value[O_AS_OF] && parse_date_option(a.value[O_AS_OF], "--as-of", q.as_of, &err))
		return ctx_error(ctx, &err);
	take_filters(ctx, &q);
	if (ctx_open_store(ctx, STORE_EXISTING))
		return EXIT_ERROR;
	if (figures_budget(ctx->st, &q, &r, &err))
		return ctx_error(ctx, &err);
	rc = print_budget(ctx, &q, &r);
	budget_result_release(&r);
	return rc;
}

const struct ft_command cmd_budget_entry = {
	.name = "budget", .run = run_budget,
	.summary = "approved, drawn, spent and remaining money per group", FT_OPTS(budget_opts),
	.help = "One row per group and a total row (Summe):\n"
	"  Bewilligt      approved amount (cap) of the grants\n"
	"  Jahresraten    their yearly allocations (fundtrack grant alloc)\n"
	"  Abgerufen      drawn down, Verausgabt spent, Zurückgezahlt repaid\n"
	"                 (bookings; reversals are netted)\n"
	"  Ausgezahlt, nicht verausgabt\n"
	"                 drawn - spent - repaid: money at hand, not yet spent\n"
	"  Noch nicht abgerufen\n"
	"                 approved - drawn + repaid: still to be called\n"
	"  Anteil         share of the group in the total approved amount\n"
	"\n"
	"Approved grants are those with status approved, running, proof-due, closed or\n"
	"revoked (a revoked grant keeps its cap; record the money it returns as a\n"
	"repayment). Applications (applied) and rejected grants never count.\n"
	"Interest payments are bookings of their own and not part of these figures.\n"
	"The filters --district, --field, --programme, --level, --project, --status and\n"
	"--from/--to choose the grants before they are summed.\n"
	"\n"
	"example: fundtrack budget --by level,field --year 2026\n",
};
