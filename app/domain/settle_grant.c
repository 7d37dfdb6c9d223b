#include "settle_grant.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base_rates.h"
#include "finplan.h"
#include "grantset.h"
#include "ledger.h"
#include "money.h"
#include "vec.h"

static const struct gs_grant *find_grant(const struct grantset *gs, const char *ref)
{
	for (size_t i = 0; i < gs->ngrants; i++)
		if (strcmp(gs->grants[i].ref, ref) == 0)
			return &gs->grants[i];
	return NULL;
}

static int check_grant(const struct gs_grant *g, const struct settle_query *q, const char *as_of,
		       struct ft_error *err)
{
	char day[DATE_BUF];

	if (!g)
		return ft_fail(err, "no grant '%s' in this city (see 'fundtrack grant list')", q->ref);
	if (!ledger_status_counts(g->status))
		return ft_fail(err, "grant '%s' is '%s': only approved grants are settled", q->ref,
			       word_enum_say(&ledger_any_status_enum, g->status));
	if (!g->counted) {
		date_format_de(as_of, day);
		return ft_fail(err, "grant '%s' was decided after %s (--as-of): nothing to settle "
			       "on that day", q->ref, day);
	}
	if (q->effective[0] && strcmp(q->effective, g->from) < 0) {
		date_format_de(g->from, day);
		return ft_fail(err, "--effective is before the approval period of grant '%s' starts "
			       "(%s)", q->ref, day);
	}
	return 0;
}

/* The planned eligible costs: the grant's, else its project's. */
static void planned_costs(const struct grantset *gs, const struct gs_grant *g,
			  struct settle_report *out)
{
	const struct gs_project *p = gs_project_of(gs, g);

	out->in.planned = -1;
	out->planned_source = PLANNED_NONE;
	if (g->eligible >= 0) {
		out->in.planned = g->eligible;
		out->planned_source = PLANNED_GRANT;
	} else if (p->costs >= 0) {
		out->in.planned = p->costs;
		out->planned_source = PLANNED_PROJECT;
	}
}

/* The repayment bookings (a reversed pair left out), by date. */
static int repayments(const struct gs_grant *g, struct settle_payment **out, size_t *n,
		      int64_t *total, struct ft_error *err)
{
	size_t cap = 0;

	*out = NULL;
	*n = 0;
	*total = 0;
	for (size_t i = 0; i < g->nbookings; i++) {
		const struct gs_booking *b = &g->bookings[i];
		struct settle_payment *p;

		if (b->kind != GS_REPAYMENT || b->cancelled || b->amount <= 0)
			continue;
		p = VEC_PUSH(*out, *n, cap);
		if (!p) {
			free(*out);
			*out = NULL;
			return ft_fail(err, "out of memory");
		}
		memcpy(p->date, b->date, DATE_BUF);
		p->amount = b->amount;
		if (money_add(*total, b->amount, total)) {
			free(*out);
			*out = NULL;
			return money_fail_overflow(err, "the repayments");
		}
	}
	return 0;
}

/* § 49a Abs. 4: the drawdown trace up to the effective day (or as_of when
 * earlier): a view of the grant with only the bookings up to that day
 * (they are sorted by date). */
static int idle_interest(const struct gs_grant *g, const struct base_rate *rates, size_t n,
			 struct settle_report *out, struct ft_error *err)
{
	struct gs_rates r = { rates, n, SETTLE_MARGIN_BP };
	struct gs_grant view = *g;
	struct gs_fifo fifo;

	memcpy(out->idle_until,
	       strcmp(out->effective, out->as_of) < 0 ? out->effective : out->as_of, DATE_BUF);
	while (view.nbookings > 0 && strcmp(view.bookings[view.nbookings - 1].date,
					    out->idle_until) > 0)
		view.nbookings--;
	if (gs_trace_drawdowns(&view, out->idle_until, &r, &fifo, err))
		return -1;
	out->idle_late = fifo.late;
	out->idle_days = fifo.max_days;
	out->idle_interest = fifo.interest;
	memcpy(out->idle_missing, fifo.missing, DATE_BUF);
	gs_fifo_release(&fifo);
	return 0;
}

static int settle_loaded(const struct grantset *gs, const struct gs_grant *g,
			 const struct settle_query *q, int64_t project_costs,
			 const struct base_rate *rates, size_t nrates, struct settle_report *out,
			 struct ft_error *err)
{
	struct settle_payment *paid_back = NULL;
	size_t npaid_back = 0;
	struct settle_interest_input ii;
	int rc;

	snprintf(out->ref, sizeof(out->ref), "%s", g->ref);
	snprintf(out->project, sizeof(out->project), "%s", gs_project_of(gs, g)->code);
	snprintf(out->programme, sizeof(out->programme), "%s", g->programme);
	memcpy(out->status, g->status, sizeof(out->status));
	memcpy(out->from, g->from, DATE_BUF);
	memcpy(out->to, g->to, DATE_BUF);
	memcpy(out->as_of, gs->as_of, DATE_BUF);
	out->effective_given = q->effective[0] != 0;
	memcpy(out->effective, out->effective_given ? q->effective : g->to, DATE_BUF);
	if (settle_financing_parse(g->financing, &out->in.financing))
		return ft_fail(err, "grant '%s' has an unknown financing type '%s'", g->ref,
			       g->financing);
	out->in.approved = g->approved;
	out->in.rate_bp = g->rate_bp;
	out->in.other_planned = out->in.other_actual = -1; /* not recorded per grant */
	planned_costs(gs, g, out);
	out->costs_given = q->costs >= 0;
	if (q->costs >= 0)
		out->in.actual = q->costs;
	else if (project_costs >= 0)
		out->in.actual = project_costs;
	else if (gs_sum(g, GS_EXPENDITURE, NULL, NULL, &out->in.actual, err))
		return -1;
	if (gs_sum(g, GS_DRAWDOWN, NULL, NULL, &out->in.paid, err))
		return -1;
	if (out->in.actual < 0)
		return ft_fail(err, "the expenditure of grant '%s' is below zero (more reversed "
			       "than booked?)", g->ref);
	if (settle_compute(&out->in, &out->res, err)) {
		char msg[FT_ERROR_MSG_MAX];

		snprintf(msg, sizeof(msg), "%s", err->msg);
		return ft_fail(err, "grant '%s': %s (see 'fundtrack grant edit %s --eligible' or "
			       "'--rate')", g->ref, msg, g->ref);
	}
	if (repayments(g, &paid_back, &npaid_back, &out->repaid_total, err))
		return -1;
	ii = (struct settle_interest_input){ out->res.repayment, out->effective, out->as_of,
					     paid_back, npaid_back, rates, nrates,
					     SETTLE_MARGIN_BP };
	rc = settle_interest(&ii, &out->refund, err);
	free(paid_back);
	if (rc)
		return -1;
	if (idle_interest(g, rates, nrates, out, err))
		return -1;
	memcpy(out->missing, out->refund.missing, DATE_BUF);
	if (out->idle_missing[0] &&
	    (!out->missing[0] || strcmp(out->idle_missing, out->missing) < 0))
		memcpy(out->missing, out->idle_missing, DATE_BUF);
	return 0;
}

/* The project's net expenditure booked once on the project, or -1 when
 * none was booked that way. */
static int project_expenditure(struct store *st, const char *project, const char *as_of,
			       int64_t *out, struct ft_error *err)
{
	struct finplan fp;

	if (finplan_load(st, project, as_of, &fp, err))
		return -1;
	*out = fp.nbookings > 0 ? fp.spent : -1;
	finplan_release(&fp);
	return 0;
}

int settle_grant(struct store *st, const struct settle_query *q, struct settle_report *out,
		 struct ft_error *err)
{
	struct base_rate *rates = NULL;
	size_t nrates = 0;
	struct grantset gs;
	const struct gs_grant *g;
	int64_t project_costs = -1;
	int rc;

	memset(out, 0, sizeof(*out));
	if (q->costs < -1)
		return ft_fail(err, "--costs: the eligible costs cannot be negative");
	/* single bookings of this grant only (interest traces them) */
	if (grantset_load_grant(&gs, st, q->ref, q->as_of, err))
		return -1;
	g = find_grant(&gs, q->ref);
	rc = check_grant(g, q, gs.as_of, err);
	if (rc == 0)
		rc = base_rates_load(st, &rates, &nrates, err);
	if (rc == 0)
		rc = project_expenditure(st, gs_project_of(&gs, g)->code, gs.as_of, &project_costs,
					 err);
	if (rc == 0) {
		out->costs_from_project = q->costs < 0 && project_costs >= 0;
		rc = settle_loaded(&gs, g, q, project_costs, rates, nrates, out, err);
	}
	free(rates);
	grantset_release(&gs);
	return rc;
}
