#include "checks.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ledger.h"
#include "msg_lang.h"
#include "acks.h"
#include "base_rates.h"
#include "calendar.h"
#include "figures.h"
#include "lifecycle.h"
#include "finplan.h"
#include "intmath.h"
#include "money.h"
#include "vec.h"

const char *const *const check_severity_names = rule_severity_names;

/* The rules check runs, in the order findings of one severity are listed;
 * IDs, severities and texts are the catalogue's (rule_catalogue.h). */
enum rule_index_check {
	R_AMOUNT_RANGE,
	R_IDLE,
	R_RATE_MISSING,
	R_OUTSIDE,
	R_OVER_CAP,
	R_SPENT_ABOVE_DRAWN,
	R_ALLOC_ABOVE,
	R_SERVICE_DATE,
	R_SPENT_ABOVE,
	R_ALLOC,
	R_RATE,
	R_OVERFUNDED,
	R_PROOF_DUE,
	R_PROOF_OVERDUE,
	R_INTERIM,
	R_STATUS,
	R_GAP_RISK,
	R_CHAIN_GAP,
	R_CONDITION_OVERDUE,
	R_CONDITION_DUE,
	R_STATUS_SUGGESTED,
	R_ALLOC_OVERDRAWN,
	R_AHEAD_OF_COVER,
	R_ALLOC_UNDRAWN,
	R_LINE_OVERRUN,
	R_COUNT
};

#define RULE(i) &rule_catalogue[i]
const struct check_rule *const check_rules[R_COUNT] = {
	[R_AMOUNT_RANGE] = RULE(RULE_AMOUNT_RANGE),
	[R_IDLE] = RULE(RULE_IDLE_FUNDS),
	[R_RATE_MISSING] = RULE(RULE_BASE_RATE_MISSING),
	[R_OUTSIDE] = RULE(RULE_SPEND_OUTSIDE_PERIOD),
	[R_OVER_CAP] = RULE(RULE_OVER_CAP),
	[R_SPENT_ABOVE_DRAWN] = RULE(RULE_SPENT_ABOVE_DRAWN),
	[R_ALLOC_ABOVE] = RULE(RULE_ALLOC_ABOVE_APPROVED),
	[R_SERVICE_DATE] = RULE(RULE_SERVICE_DATE_MISSING),
	[R_SPENT_ABOVE] = RULE(RULE_SPENT_ABOVE_GRANT),
	[R_ALLOC] = RULE(RULE_ALLOC_MISMATCH),
	[R_RATE] = RULE(RULE_RATE_ABOVE_PROGRAMME),
	[R_OVERFUNDED] = RULE(RULE_PROJECT_OVERFUNDED),
	[R_PROOF_DUE] = RULE(RULE_PROOF_DUE),
	[R_PROOF_OVERDUE] = RULE(RULE_PROOF_OVERDUE),
	[R_INTERIM] = RULE(RULE_INTERIM_PROOF_DUE),
	[R_STATUS] = RULE(RULE_STATUS_STALE),
	[R_GAP_RISK] = RULE(RULE_GAP_RISK),
	[R_CHAIN_GAP] = RULE(RULE_CHAIN_GAP),
	[R_CONDITION_OVERDUE] = RULE(RULE_CONDITION_OVERDUE),
	[R_CONDITION_DUE] = RULE(RULE_CONDITION_DUE),
	[R_STATUS_SUGGESTED] = RULE(RULE_STATUS_SUGGESTED),
	[R_ALLOC_OVERDRAWN] = RULE(RULE_DRAWN_ABOVE_ALLOCATION),
	[R_AHEAD_OF_COVER] = RULE(RULE_DRAWN_AHEAD_OF_COVER),
	[R_ALLOC_UNDRAWN] = RULE(RULE_ALLOCATION_UNDRAWN),
	[R_LINE_OVERRUN] = RULE(RULE_PLAN_LINE_OVERRUN),
};
#undef RULE
const size_t check_nrules = R_COUNT;

/* ---- collecting findings ---------------------------------------------- */

struct checker {
	struct check_result *r;
	size_t cap;
	int oom;
	int failed; /* err says why */
};

static struct check_finding *add_finding(struct checker *c, enum rule_index_check rule,
					 const char *project, const char *grant,
					 const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static struct check_finding *add_finding(struct checker *c, enum rule_index_check rule,
					 const char *project, const char *grant,
					 const char *fmt, ...)
{
	struct check_result *r = c->r;
	struct check_finding *f;
	va_list ap;

	if (!(f = VEC_PUSH(r->findings, r->nfindings, c->cap))) {
		c->oom = 1;
		return NULL;
	}
	memset(f, 0, sizeof(*f));
	f->rule = check_rules[rule];
	f->project = project;
	f->grant = grant;
	va_start(ap, fmt);
	vsnprintf(f->message, sizeof(f->message), tr(fmt), ap); /* po/de.po */
	va_end(ap);
	snprintf(f->key, sizeof(f->key), "%s:%s/%s", f->rule->id, grant ? "grant" : "project",
		 grant ? grant : project);
	if (f->rule->severity == CHECK_ERROR)
		r->nerrors++;
	else if (f->rule->severity == CHECK_WARNING)
		r->nwarnings++;
	else
		r->ninfos++;
	return f;
}

/* The part of the key that tells several findings of one rule on one
 * record apart: ":final", ":2024", ":condition-3". */
static void set_part(struct check_finding *f, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void set_part(struct check_finding *f, const char *fmt, ...)
{
	size_t used;
	va_list ap;

	if (!f || (used = strlen(f->key)) + 2 >= sizeof(f->key))
		return;
	f->key[used++] = ':';
	va_start(ap, fmt);
	vsnprintf(f->key + used, sizeof(f->key) - used, fmt, ap);
	va_end(ap);
}

static void set_amount(struct check_finding *f, int64_t amount)
{
	if (f) {
		f->has_amount = 1;
		f->amount = amount;
	}
}

static void set_days(struct check_finding *f, long days)
{
	if (f) {
		f->has_days = 1;
		f->days = days;
	}
}

static void set_date(struct check_finding *f, const char *iso)
{
	if (f)
		snprintf(f->date, sizeof(f->date), "%s", iso);
}

/* German display forms for messages. */
struct de {
	char m[4][MONEY_BUF];
	char d[4][DATE_BUF];
	char r[3][RATE_BUF];
};

static const char *eur(struct de *de, int i, int64_t cents)
{
	money_format_de(cents, de->m[i]);
	return de->m[i];
}

static const char *day(struct de *de, int i, const char *iso)
{
	date_format_de(iso, de->d[i]);
	return de->d[i];
}

static const char *pct(struct de *de, int i, int bp)
{
	rate_format_de(bp, de->r[i]);
	return de->r[i];
}

/* The word of a grant status in the language of the messages ("laufend"). */
static const char *status_word(const char *status)
{
	return word_enum_say(&ledger_status_enum, status);
}

static long days_between(const char *from, const char *to)
{
	return date_to_days(to) - date_to_days(from);
}

/* ---- rules on a grant's bookings -------------------------------------- */

/* FT-BASE-RATE-MISSING: never 0 % for a day without a known rate. */
static void check_rate_missing(struct checker *c, const struct gs_grant *g, const char *project,
			       const char *missing)
{
	struct check_finding *f;
	char half_year[DATE_BUF];
	struct de de;

	interest_half_year_start(missing, half_year);
	f = add_finding(c, R_RATE_MISSING, project, g->ref,
			"no base rate known from %s: add it with 'fundtrack base-rate add %s PCT'; "
			"the interest estimate leaves the days from then out",
			day(&de, 0, missing), day(&de, 1, half_year));
	set_date(f, missing);
}

static void check_idle(struct checker *c, const struct gs_grant *g, const char *project,
		       struct ft_error *err)
{
	struct check_result *r = c->r;
	struct gs_rates rates = { r->rates, r->nrates, CHECK_INTEREST_MARGIN_BP };
	struct check_finding *f;
	struct gs_fifo fifo;
	char horizon[32];
	struct de de;

	if (gs_trace_drawdowns(g, r->as_of, &rates, &fifo, err)) {
		c->failed = 1;
		return;
	}
	if (fifo.late > 0) {
		terms_horizon_text(&g->terms, horizon, sizeof(horizon));
		f = add_finding(c, R_IDLE, project, g->ref,
				"%s drawn down and not spent within %s (%s; longest %ld days, "
				"%s of it still unspent); estimated interest %s at 5 points above "
				"the base rate (\xC2\xA7 49a Abs. 4 VwVfG NRW, \xC2\xA7 247 BGB; "
				"'fundtrack base-rate list')",
				eur(&de, 0, fifo.late), horizon, g->terms.name, fifo.max_days,
				eur(&de, 1, fifo.late_open), eur(&de, 2, fifo.interest));
		set_amount(f, fifo.late);
		set_days(f, fifo.max_days);
		if (f) {
			f->has_interest = 1;
			f->interest = fifo.interest;
		}
		if (fifo.missing[0] && g->terms.interest)
			check_rate_missing(c, g, project, fifo.missing);
	}
	gs_fifo_release(&fifo);
}

/* Spending outside the approval period is judged by when the expense
 * arose, not when it was paid: a booking's service date when recorded,
 * else its payment date. The decision's approval period (Bewilligungs-
 * zeitraum, VV zu § 44 LHO NRW) bounds eligible spending; the texts at
 * hand do not say which date of an expense counts, so the day it arose
 * (the obligation, the month a salary is for) is an assumption taken from
 * the domain review (shared domain.md, "Rule semantics"); ANBest-P Nr. 1.4
 * speaks of payments that fall due ("fällige Zahlungen"), which fits it.
 * A payment in the first SERVICE_GRACE_WEEKS after the end without a
 * service date is typically for the period (December salaries paid in
 * January): a warning asking for the service date, not an error. The six
 * weeks are an assumption (no text names a number). */
enum { SERVICE_GRACE_WEEKS = RULE_SERVICE_GRACE_WEEKS };

struct outside_sum {
	const struct gs_booking *first;
	int64_t sum;
	int count;
};

static int add_outside(struct outside_sum *o, const struct gs_booking *b, struct ft_error *err)
{
	if (!o->first)
		o->first = b;
	o->count++;
	if (money_add(o->sum, b->amount, &o->sum))
		return money_fail_overflow(err, "the expenditures outside the approval period");
	return 0;
}

static const char *arose_on(const struct gs_booking *b)
{
	return b->service_date[0] ? b->service_date : b->date;
}

static void check_outside(struct checker *c, const struct gs_grant *g, const char *project,
			  struct ft_error *err)
{
	struct outside_sum out = { 0 }, late = { 0 };
	char grace_end[DATE_BUF];
	struct check_finding *f;
	struct de de;

	cal_period_end(g->to, SERVICE_GRACE_WEEKS, CAL_WEEKS, grace_end);
	for (size_t i = 0; i < g->nbookings; i++) {
		const struct gs_booking *b = &g->bookings[i];
		const char *when = arose_on(b);
		int rc = 0;

		if (b->kind != GS_EXPENDITURE || b->cancelled || b->amount <= 0 ||
		    (strcmp(when, g->from) >= 0 && strcmp(when, g->to) <= 0))
			continue;
		if (!b->service_date[0] && strcmp(b->date, g->to) > 0 &&
		    strcmp(b->date, grace_end) <= 0)
			rc = add_outside(&late, b, err);
		else
			rc = add_outside(&out, b, err);
		if (rc) {
			c->failed = 1;
			return;
		}
	}
	if (out.count) {
		f = add_finding(c, R_OUTSIDE, project, g->ref,
				trn("%d expenditure of %s arose outside the approval period %s to %s "
				    "(first on %s): normally not eligible",
				    "%d expenditures of %s arose outside the approval period %s to %s "
				    "(first on %s): normally not eligible",
				    out.count),
				out.count, eur(&de, 0, out.sum),
				day(&de, 0, g->from), day(&de, 1, g->to),
				day(&de, 2, arose_on(out.first)));
		set_amount(f, out.sum);
		set_date(f, arose_on(out.first));
	}
	if (late.count) {
		f = add_finding(c, R_SERVICE_DATE, project, g->ref,
				trn("%d expenditure of %s paid after the approval period ended on %s "
				    "(first on %s) without a service date: eligible if it arose in the "
				    "period; reverse and book again with --service-date DATE",
				    "%d expenditures of %s paid after the approval period ended on %s "
				    "(first on %s) without a service date: eligible if it arose in the "
				    "period; reverse and book again with --service-date DATE",
				    late.count),
				late.count, eur(&de, 0, late.sum),
				day(&de, 0, g->to), day(&de, 1, late.first->date));
		set_amount(f, late.sum);
		set_date(f, late.first->date);
	}
}

/* FT-SPENT-ABOVE-DRAWN: the tolerance for pre-financing is the largest
 * of the approved amount, the eligible costs and the project's costs (the
 * reasons: exchange_rules.c, spending_tolerance; the same bound). */
static void check_spent_above_drawn(struct checker *c, const struct gs_grant *g,
				    const char *project, int64_t spent, int64_t drawn)
{
	const struct gs_project *p = gs_project_of(c->r->set, g);
	int64_t tolerance = g->approved;
	struct check_finding *f;
	struct de de;

	if (g->eligible > tolerance)
		tolerance = g->eligible;
	if (p && p->costs > tolerance && money_in_domain(p->costs))
		tolerance = p->costs;
	if (spent - drawn <= tolerance)
		return;
	f = add_finding(c, R_SPENT_ABOVE_DRAWN, project, g->ref,
			"spent %s but drawn down only %s (less repayments): more than %s of "
			"pre-financing (the largest of the approved amount, the eligible costs and "
			"the project's costs) cannot be true",
			eur(&de, 0, spent), eur(&de, 1, drawn), eur(&de, 2, tolerance));
	set_amount(f, spent - drawn);
}

/* The money rules run only on grants whose every amount is within the
 * domain limit (check_amount_range), so the differences of their sums
 * fit int64; the sums themselves are checked all the same. */
static void check_over_cap(struct checker *c, const struct gs_grant *g, const char *project,
			   struct ft_error *err)
{
	int64_t drawn, repaid, spent, excess;
	struct check_finding *f;
	struct de de;

	if (gs_sum(g, GS_DRAWDOWN, NULL, NULL, &drawn, err) ||
	    gs_sum(g, GS_REPAYMENT, NULL, NULL, &repaid, err) ||
	    gs_sum(g, GS_EXPENDITURE, NULL, NULL, &spent, err)) {
		c->failed = 1;
		return;
	}
	if (money_sub(drawn, repaid, &excess) || money_sub(excess, g->approved, &excess)) {
		c->failed = 1;
		money_fail_overflow(err, "the drawdowns and repayments");
		return;
	}
	if (excess > 0) {
		f = add_finding(c, R_OVER_CAP, project, g->ref,
				"drawn down %s (less %s repaid) is %s above the approved %s",
				eur(&de, 0, drawn), eur(&de, 1, repaid), eur(&de, 2, excess),
				eur(&de, 3, g->approved));
		set_amount(f, excess);
	}
	check_spent_above_drawn(c, g, project, spent, drawn - repaid);
	/* Costs above the plan are the recipient's own money: the decision
	 * caps the grant (Höchstbetrag, VV Nr. 2 zu § 44 LHO NRW) and the plan
	 * binds as a whole (ANBest-P Nr. 1.2), so spending more is no breach
	 * while no more than the grant is drawn - the check above. */
	if (spent > g->approved) {
		f = add_finding(c, R_SPENT_ABOVE, project, g->ref,
				"spent %s is %s above the approved %s: covered by own funds",
				eur(&de, 0, spent), eur(&de, 1, spent - g->approved),
				eur(&de, 2, g->approved));
		set_amount(f, spent - g->approved);
	}
}

/* ---- rules on a grant's decision -------------------------------------- */

static void check_allocations(struct checker *c, const struct gs_grant *g, const char *project,
			      struct ft_error *err)
{
	int64_t allocated;
	int first = date_year(g->from), last = date_year(g->to);
	char years[128] = "";
	size_t used = 0;
	struct check_finding *f;
	struct de de;

	if (gs_allocated(g, 0, &allocated, err)) {
		c->failed = 1;
		return;
	}
	if (allocated > g->approved) {
		f = add_finding(c, R_ALLOC_ABOVE, project, g->ref,
				"yearly allocations add up to %s, more than the approved %s (%s too "
				"much): the grant is left out of the yearly network comparison",
				eur(&de, 0, allocated), eur(&de, 1, g->approved),
				eur(&de, 2, allocated - g->approved));
		set_amount(f, allocated - g->approved);
	} else if (allocated != g->approved) {
		if (g->nallocations == 0)
			f = add_finding(c, R_ALLOC, project, g->ref,
					"no yearly allocations recorded for the approved %s "
					"('fundtrack grant alloc %s YEAR AMOUNT')",
					eur(&de, 0, g->approved), g->ref);
		else
			f = add_finding(c, R_ALLOC, project, g->ref,
					"yearly allocations add up to %s, the approved amount is %s "
					"(%s missing)",
					eur(&de, 0, allocated), eur(&de, 1, g->approved),
					eur(&de, 2, g->approved - allocated));
		set_amount(f, allocated - g->approved);
		set_part(f, "sum");
	}
	for (size_t i = 0; i < g->nallocations; i++) {
		int y = g->allocations[i].year;

		if ((y < first || y > last) && used < sizeof(years) - 8)
			used += (size_t)snprintf(years + used, sizeof(years) - used, "%s%d",
						 used ? ", " : "", y);
	}
	if (used)
		set_part(add_finding(c, R_ALLOC, project, g->ref,
				     "allocation for %s outside the approval period %s to %s", years,
				     day(&de, 0, g->from), day(&de, 1, g->to)),
			 "years");
}

/* 1 when approved / eligible exceeds rate_bp (exactly, no rounding). */
static int above_rate(int64_t approved, int64_t eligible, int rate_bp)
{
	__extension__ typedef __int128 i128;

	return (i128)approved * 10000 > (i128)eligible * rate_bp;
}

static void check_rate(struct checker *c, const struct gs_grant *g, const char *project)
{
	int allowed = g->programme_rate_bp;
	struct check_finding *f;
	struct de de;

	/* Deficit financing covers what remains after own and third-party
	 * money up to a maximum amount (VV Nr. 2.2.2 zu § 44 LHO NRW): it has
	 * no funding rate to check. */
	if (allowed < 0 || strcmp(g->financing, "deficit") == 0)
		return;
	if (g->rate_bp > allowed) {
		f = add_finding(c, R_RATE, project, g->ref,
				"funding rate %s is above the %s of programme %s",
				pct(&de, 0, g->rate_bp), pct(&de, 1, allowed), g->programme);
		set_amount(f, g->approved);
	} else if (g->eligible > 0 && above_rate(g->approved, g->eligible, allowed)) {
		f = add_finding(c, R_RATE, project, g->ref,
				"approved %s is %s of the eligible costs of %s, above the %s of "
				"programme %s",
				eur(&de, 0, g->approved),
				pct(&de, 0, money_share_bp(g->approved, g->eligible)),
				eur(&de, 1, g->eligible), pct(&de, 1, allowed), g->programme);
		set_amount(f, g->approved);
	}
}

/* ---- deadlines -------------------------------------------------------- */

/* How a final proof's due day came about, for the messages. */
static void proof_basis(const struct gs_grant *g, const struct due_day *due, char *buf,
			size_t size)
{
	struct de de;
	int n;

	if (g->proof_due[0])
		n = snprintf(buf, size, "%s", tr("extended deadline"));
	else if (g->fulfilled[0])
		n = snprintf(buf, size, tr("%s: purpose fulfilled %s, period end %s"), g->terms.name,
			     day(&de, 0, g->fulfilled), day(&de, 1, g->to));
	else
		n = snprintf(buf, size, tr("%s: period end %s"), g->terms.name, day(&de, 0, g->to));
	if (n >= 0 && (size_t)n < size && strcmp(due->target, due->legal) != 0)
		snprintf(buf + n, size - (size_t)n,
			 tr("; target %s, the next working day is the legal last day"),
			 day(&de, 2, due->target));
}

static void check_final_proof(struct checker *c, const struct gs_grant *g, const char *project)
{
	struct due_day due;
	char basis[200];
	long left;
	struct check_finding *f;
	struct de de;

	if (!gs_grant_active(g) || gs_final_proof_done(g) || !gs_final_proof_due(g, &due))
		return;
	left = days_between(c->r->as_of, due.legal);
	proof_basis(g, &due, basis, sizeof(basis));
	if (left < 0) {
		f = add_finding(c, R_PROOF_OVERDUE, project, g->ref,
				trn("final proof of use was due on %s (%s), %ld day ago, and is not "
				    "recorded",
				    "final proof of use was due on %s (%s), %ld days ago, and is not "
				    "recorded",
				    -left),
				day(&de, 0, due.legal), basis, -left);
	} else if (left <= CHECK_DUE_SOON_DAYS) {
		f = add_finding(c, R_PROOF_DUE, project, g->ref,
				trn("final proof of use due on %s (%s), in %ld day",
				    "final proof of use due on %s (%s), in %ld days", left),
				day(&de, 0, due.legal), basis, left);
	} else {
		return;
	}
	set_days(f, -left);
	set_date(f, due.legal);
	set_part(f, "final");
}

static void check_interim_proofs(struct checker *c, const struct gs_grant *g,
				 const char *project)
{
	int first, last;

	if (!gs_grant_active(g) || !gs_interim_years(g, &first, &last))
		return;
	for (int y = first; y <= last; y++) {
		struct due_day due;
		long left;
		struct check_finding *f;
		struct de de;

		if (gs_interim_done(g, y) || !gs_interim_due(g, y, &due))
			continue;
		left = days_between(c->r->as_of, due.legal);
		if (left > CHECK_DUE_SOON_DAYS)
			continue;
		if (left < 0)
			f = add_finding(c, R_INTERIM, project, g->ref,
					trn("interim proof for %d was due on %s, %ld day ago, and is not "
					    "recorded ('fundtrack proof add %s interim %d --date DATE')",
					    "interim proof for %d was due on %s, %ld days ago, and is not "
					    "recorded ('fundtrack proof add %s interim %d --date DATE')",
					    -left),
					y, day(&de, 0, due.legal), -left, g->ref, y);
		else
			f = add_finding(c, R_INTERIM, project, g->ref,
					trn("interim proof for %d due on %s, in %ld day",
					    "interim proof for %d due on %s, in %ld days", left),
					y, day(&de, 0, due.legal), left);
		set_days(f, -left);
		set_date(f, due.legal);
		set_part(f, "%d", y);
	}
}

static void check_status(struct checker *c, const struct gs_grant *g, const char *project)
{
	struct check_finding *f;
	char hint[200];
	struct de de;

	if (strcmp(g->status, "running") != 0 && strcmp(g->status, "approved") != 0)
		return;
	if (strcmp(g->to, c->r->as_of) >= 0)
		return;
	/* The lifecycle goes approved -> running -> proof-due. */
	if (strcmp(g->status, "running") == 0)
		snprintf(hint, sizeof(hint), "'fundtrack grant status %s proof-due'", g->ref);
	else
		snprintf(hint, sizeof(hint),
			 tr("set it to 'running' and then 'proof-due' ('fundtrack grant status %s "
			    "running')"),
			 g->ref);
	f = add_finding(c, R_STATUS, project, g->ref,
			"status is still '%s' although the approval period ended on %s: %s",
			status_word(g->status), day(&de, 0, g->to), hint);
	set_days(f, days_between(g->to, c->r->as_of));
	set_date(f, g->to);
}

/* FT-CONDITION-OVERDUE / FT-CONDITION-DUE: every open condition (Auflage)
 * of the decision, whatever the grant's status, since a condition binds
 * until it is met. */
static void check_conditions(struct checker *c, const struct gs_grant *g, const char *project)
{
	for (size_t i = 0; i < g->nconditions; i++) {
		const struct gs_condition *k = &g->conditions[i];
		long left = days_between(c->r->as_of, k->due);
		struct check_finding *f;
		struct de de;

		if (k->done[0] || left > CHECK_DUE_SOON_DAYS)
			continue;
		if (left < 0)
			f = add_finding(c, R_CONDITION_OVERDUE, project, g->ref,
					trn("condition %lld \"%s\" was due on %s, %ld day ago, and is "
					    "not recorded as met ('fundtrack grant condition done %s %lld "
					    "--date DATE')",
					    "condition %lld \"%s\" was due on %s, %ld days ago, and is "
					    "not recorded as met ('fundtrack grant condition done %s %lld "
					    "--date DATE')",
					    -left),
					(long long)k->id, k->text, day(&de, 0, k->due), -left, g->ref,
					(long long)k->id);
		else
			f = add_finding(c, R_CONDITION_DUE, project, g->ref,
					trn("condition %lld \"%s\" due on %s, in %ld day",
					    "condition %lld \"%s\" due on %s, in %ld days", left),
					(long long)k->id, k->text, day(&de, 0, k->due), left);
		set_days(f, -left);
		set_date(f, k->due);
		set_part(f, "condition-%lld", (long long)k->id);
	}
}

/* FT-STATUS-SUGGESTED: the next status the dates suggest (lifecycle.h). */
static void check_status_suggested(struct checker *c, const struct gs_grant *g,
				   const char *project)
{
	char why[160];
	const char *next = lifecycle_suggest_status(g, c->r->as_of, why, sizeof(why));
	struct check_finding *f;

	/* After the period FT-STATUS-STALE says it already, as a warning. */
	if (!next || (strcmp(g->to, c->r->as_of) < 0 && strcmp(g->status, "proof-due") != 0))
		return;
	f = add_finding(c, R_STATUS_SUGGESTED, project, g->ref,
			"status '%s' could become '%s': %s ('fundtrack grant status %s %s')",
			status_word(g->status), status_word(next), why, g->ref, next);
	set_part(f, "%s", next);
}

/* FT-AMOUNT-RANGE: 1 when the grant holds an amount beyond the domain
 * limit (money.h), which the entry points refuse but an older database may
 * hold; the finding names it, and the money rules leave the grant alone. */
static int check_amount_range(struct checker *c, const struct gs_grant *g)
{
	struct check_finding *f;
	char what[96];
	int64_t amount;
	struct de de;

	if (!gs_grant_out_of_domain(g, what, sizeof(what), &amount))
		return 0;
	f = add_finding(c, R_AMOUNT_RANGE, gs_project_of(c->r->set, g)->code, g->ref,
			"%s is %s, beyond the limit of %s for one amount: correct it (a booking: "
			"'fundtrack book --reverses ID'); the money rules skip this grant until then",
			what, eur(&de, 0, amount), MONEY_DOMAIN_MAX_TEXT);
	set_amount(f, amount);
	return 1;
}

/* ---- rules on yearly allocations (Jahresraten) --------------------------- */

/* Net drawdowns (drawdowns less repayments) dated in year. */
static int drawn_in_year(const struct gs_grant *g, int year, int64_t *out, struct ft_error *err)
{
	char from[DATE_BUF], to[DATE_BUF];
	int64_t drawn, repaid;

	snprintf(from, sizeof(from), "%04d-01-01", year);
	snprintf(to, sizeof(to), "%04d-12-31", year);
	if (gs_sum(g, GS_DRAWDOWN, from, to, &drawn, err) ||
	    gs_sum(g, GS_REPAYMENT, from, to, &repaid, err))
		return -1;
	if (money_sub(drawn, repaid, out))
		return money_fail_overflow(err, "the drawdowns of a year");
	return 0;
}

/* FT-DRAWN-ABOVE-ALLOCATION and FT-ALLOCATION-UNDRAWN. The decision splits
 * the grant into yearly allocations (Jahresraten): the funder's budget
 * holds the money of each year only in that year (Jährlichkeitsprinzip,
 * § 45 Abs. 1 LHO NRW: appropriations may be used only until the end of
 * the fiscal year; the allocation is the decision's, see 'grant alloc').
 * Drawing more in a year than its allocation needs the funder's consent;
 * an allocation not drawn by 31 December lapses unless the funder carries
 * it over. Only grants with allocations; the undrawn rule only for past
 * years of grants still running (closed and revoked grants are settled). */
static void check_year_allocations(struct checker *c, const struct gs_grant *g,
				   const char *project, struct ft_error *err)
{
	int this_year = date_year(c->r->as_of);

	for (size_t i = 0; i < g->nallocations && !c->failed; i++) {
		const struct gs_allocation *a = &g->allocations[i];
		struct check_finding *f;
		char end[DATE_BUF];
		int64_t drawn;
		struct de de;

		if (a->year > this_year)
			continue;
		if (drawn_in_year(g, a->year, &drawn, err)) {
			c->failed = 1;
			return;
		}
		if (drawn > a->amount) {
			f = add_finding(c, R_ALLOC_OVERDRAWN, project, g->ref,
					"drawn down %s (less repayments) in %d, %s above the %d "
					"allocation (Jahresrate) of %s: ask the Bewilligungsbehörde to "
					"move the allocations ('fundtrack grant alloc')",
					eur(&de, 0, drawn), a->year, eur(&de, 1, drawn - a->amount),
					a->year, eur(&de, 2, a->amount));
			set_amount(f, drawn - a->amount);
		} else if (a->year < this_year && drawn < a->amount && gs_grant_active(g)) {
			snprintf(end, sizeof(end), "%04d-12-31", a->year);
			f = add_finding(c, R_ALLOC_UNDRAWN, project, g->ref,
					"%s of the %d allocation (Jahresrate) of %s was not drawn down "
					"by %s: it lapses unless the Bewilligungsbehörde carries it over",
					eur(&de, 0, a->amount - drawn), a->year, eur(&de, 1, a->amount),
					day(&de, 0, end));
			set_amount(f, a->amount - drawn);
			set_date(f, end);
		}
	}
}

static void check_grant(struct checker *c, const struct gs_grant *g, struct ft_error *err)
{
	const char *project = gs_project_of(c->r->set, g)->code;

	if (check_amount_range(c, g))
		return;
	check_idle(c, g, project, err);
	check_outside(c, g, project, err);
	check_over_cap(c, g, project, err);
	check_allocations(c, g, project, err);
	check_year_allocations(c, g, project, err);
	check_rate(c, g, project);
	check_final_proof(c, g, project);
	check_interim_proofs(c, g, project);
	check_status(c, g, project);
	check_conditions(c, g, project);
	check_status_suggested(c, g, project);
}

/* ---- rules on projects and chains ------------------------------------- */

struct project_money {
	int64_t approved;
	char end[DATE_BUF]; /* latest end of a counted grant, "" when none */
	int has_counted;
};

/* A cap beyond the domain limit is left out of the sum (FT-AMOUNT-RANGE
 * names it); -1 with err when the sum leaves int64 all the same. */
static int project_money(const struct grantset *gs, size_t project, struct project_money *out,
			 struct ft_error *err)
{
	size_t n;
	const size_t *grants = gs_grants_of_project(gs, project, &n);

	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < n; i++) {
		const struct gs_grant *g = &gs->grants[grants[i]];

		if (!g->counted)
			continue;
		out->has_counted = 1;
		if (strcmp(g->to, out->end) > 0)
			memcpy(out->end, g->to, DATE_BUF);
		if (money_in_domain(g->approved) &&
		    money_add(out->approved, g->approved, &out->approved))
			return money_fail_overflow(err, "the approved grants of a project");
	}
	return 0;
}

/* FT-AMOUNT-RANGE for a project's costs; 1 when they are beyond the limit. */
static int check_costs_range(struct checker *c, const struct gs_project *p)
{
	struct check_finding *f;
	struct de de;

	if (money_in_domain(p->costs))
		return 0;
	f = add_finding(c, R_AMOUNT_RANGE, p->code, NULL,
			"the project's costs are %s, beyond the limit of %s for one amount: correct "
			"them with 'fundtrack project edit %s --costs AMOUNT'",
			eur(&de, 0, p->costs), MONEY_DOMAIN_MAX_TEXT, p->code);
	set_amount(f, p->costs);
	return 1;
}

static void check_overfunded(struct checker *c, const struct gs_project *p,
			     const struct project_money *m)
{
	struct check_finding *f;
	struct de de;

	if (p->costs <= 0 || m->approved <= p->costs)
		return;
	f = add_finding(c, R_OVERFUNDED, p->code, NULL,
			"approved grants add up to %s = %s of the project's costs of %s (%s too "
			"much)",
			eur(&de, 0, m->approved), pct(&de, 0, money_share_bp(m->approved, p->costs)),
			eur(&de, 1, p->costs), eur(&de, 2, m->approved - p->costs));
	set_amount(f, m->approved - p->costs);
}

/* Describes why the successor of project (if any) does not carry on. */
static int follow_up_state(const struct grantset *gs, const struct gs_project *p, char *why,
			   size_t size)
{
	const struct gs_project *next = gs_successor(gs, p);
	const size_t *grants;
	size_t n;
	int applied = 0;

	if (!next) {
		snprintf(why, size,
			 tr("no follow-up project recorded ('fundtrack project add CODE TITLE "
			    "--follows %s')"),
			 p->code);
		return 0;
	}
	grants = gs_grants_of_project(gs, (size_t)(next - gs->projects), &n);
	for (size_t i = 0; i < n; i++) {
		const struct gs_grant *g = &gs->grants[grants[i]];

		if (g->counted)
			return 1;
		applied |= strcmp(g->status, "applied") == 0;
	}
	snprintf(why, size,
		 applied ? tr("follow-up %s has only applications, no approval yet")
			 : tr("follow-up %s has no grant yet"),
		 next->code);
	return 0;
}

static void check_gap_risk(struct checker *c, const struct gs_project *p,
			   const struct project_money *m)
{
	struct check_finding *f;
	char why[160];
	struct de de;
	long left;

	if (!m->has_counted)
		return;
	left = days_between(c->r->as_of, m->end);
	if (left < 0 || left > CHECK_GAP_RISK_DAYS)
		return;
	if (follow_up_state(c->r->set, p, why, sizeof(why)))
		return;
	f = add_finding(c, R_GAP_RISK, p->code, NULL,
			trn("funding ends on %s, in %ld day, and no follow-up is approved: %s",
			    "funding ends on %s, in %ld days, and no follow-up is approved: %s", left),
			day(&de, 0, m->end), left, why);
	set_days(f, left);
	set_date(f, m->end);
}

static void check_chain_gaps(struct checker *c, struct ft_error *err)
{
	struct chain_result chains;

	memset(&chains, 0, sizeof(chains));
	if (figures_chains_of(c->r->set, &chains, err)) {
		c->oom = 1;
		return;
	}
	for (size_t i = 0; i < chains.nchains; i++) {
		const struct chain *ch = &chains.chains[i];

		for (size_t l = 1; l < ch->nlinks; l++) {
			const struct chain_link *prev = &ch->links[l - 1], *link = &ch->links[l];
			struct check_finding *f;
			struct de de;

			if (!link->has_gap || link->gap_days <= 0)
				continue;
			f = add_finding(c, R_CHAIN_GAP, link->project->code, NULL,
					trn("gap of %ld day between %s (ended %s) and %s (starts %s)",
					    "gap of %ld days between %s (ended %s) and %s (starts %s)",
					    link->gap_days),
					link->gap_days, prev->project->code, day(&de, 0, prev->end),
					link->project->code, day(&de, 1, link->start));
			set_days(f, link->gap_days);
			set_date(f, link->start);
		}
	}
	chain_result_release(&chains);
}

/* ---- rules on financing plans (finplan.h) -------------------------------- */

/* FT-PLAN-LINE-OVERRUN: ANBest-P Nr. 1.2 lets a single cost line exceed
 * its planned amount by up to 20 % (FINPLAN_LINE_TOLERANCE_BP) when other
 * lines save as much; beyond that the excess needs the funder's consent. */
static void check_plan_lines(struct checker *c, const struct finplan *p, const char *project)
{
	for (size_t i = 0; i < p->nlines; i++) {
		const struct fp_line *l = &p->lines[i];
		int64_t allowed = (int64_t)ft_div_round(
			(ft_i128)l->planned * (10000 + FINPLAN_LINE_TOLERANCE_BP), 10000);
		struct check_finding *f;
		struct de de;

		if (l->actual <= allowed)
			continue;
		f = add_finding(c, R_LINE_OVERRUN, project, NULL,
				"cost line %s '%s': spent %s against the planned %s, %s more than "
				"the %s a line may exceed (ANBest-P Nr. 1.2); the Bewilligungsbehörde "
				"must agree, or the excess is not eligible",
				l->position, l->label, eur(&de, 0, l->actual), eur(&de, 1, l->planned),
				eur(&de, 2, l->actual - allowed), pct(&de, 0, FINPLAN_LINE_TOLERANCE_BP));
		set_amount(f, l->actual - allowed);
	}
}

/* The project's spending so far: its project bookings and what was booked
 * on its grants directly (the old way: each funder's part on its grant). */
static int64_t project_spending(const struct finplan *p)
{
	int64_t spent = p->spent;

	for (size_t i = 0; i < p->ncovers; i++)
		if (p->covers[i].source == FP_GRANT)
			spent += p->covers[i].actual - p->covers[i].from_project;
	return spent;
}

/* What each grant may have used of spending (finplan_split over the whole
 * spending, every counted grant taking part); 0 or -1. */
static int entitled_parts(const struct finplan *p, int64_t spending, struct fp_member *m,
			  size_t *n, struct ft_error *err)
{
	*n = 0;
	for (size_t i = 0; i < p->ncovers && *n < 64; i++) {
		const struct fp_cover *cv = &p->covers[i];

		m[(*n)++] = (struct fp_member){ cv->source, fp_financing_of(cv->financing),
						cv->grant_id, cv->planned, 0, 0 };
	}
	return spending > 0 ? finplan_split(m, *n, 0, spending, err) : 0;
}

/* FT-DRAWN-AHEAD-OF-COVER (ANBest-P Nr. 1.4, see finplan.h): a grant may
 * be drawn only as it is used alongside (share, fixed) or after (deficit)
 * the other means of cover. Drawdowns within the drawdown horizon may
 * precede the spending; older ones (less repayments) beyond both the
 * grant's part of the spending so far and what it spent itself are ahead.
 * Full financing is the grant alone: never ahead. */
static void check_ahead_of_cover(struct checker *c, const struct finplan *p, const char *project,
				 struct ft_error *err)
{
	int64_t spending = project_spending(p);
	struct fp_member m[64];
	size_t n = 0;

	if (p->ncovers > 64 || entitled_parts(p, spending, m, &n, err)) {
		c->failed = p->ncovers <= 64;
		return;
	}
	for (size_t i = 0; i < n; i++) {
		const struct gs_grant *g = m[i].source == FP_GRANT
						   ? gs_find_grant(c->r->set, m[i].grant_id)
						   : NULL;
		char horizon[DATE_BUF], total[MONEY_BUF], horizon_words[64];
		int64_t drawn, repaid, ahead;
		struct check_finding *f;
		struct de de;

		if (!g || m[i].financing == FP_FULL || !g->counted ||
		    !terms_drawdown_cutoff(&g->terms, c->r->as_of, horizon))
			continue;
		terms_horizon_text(&g->terms, horizon_words, sizeof(horizon_words));
		if (gs_sum(g, GS_DRAWDOWN, NULL, horizon, &drawn, err) ||
		    gs_sum(g, GS_REPAYMENT, NULL, NULL, &repaid, err)) {
			c->failed = 1;
			return;
		}
		/* what it has spent itself counts as used, too: a project booked
		 * per grant (each funder's part on its grant) is not ahead */
		if (p->covers[i].actual > m[i].share)
			m[i].share = p->covers[i].actual;
		ahead = drawn - repaid - m[i].share;
		if (ahead <= 0)
			continue;
		money_format_de(spending, total);
		f = add_finding(c, R_AHEAD_OF_COVER, project, g->ref,
				"drawn down %s up to %s (%s ago) less %s repaid, %s more than its "
				"part of the project's spending so far (%s of %s, %s): the other means "
				"of cover must be used %s (ANBest-P Nr. 1.4)",
				eur(&de, 0, drawn), day(&de, 0, horizon), horizon_words,
				eur(&de, 1, repaid), eur(&de, 2, ahead), eur(&de, 3, m[i].share), total,
				m[i].financing == FP_DEFICIT ? "Fehlbedarfsfinanzierung" : "pro rata",
				m[i].financing == FP_DEFICIT ? tr("first, before this grant")
							     : tr("alongside"));
		set_amount(f, ahead);
	}
}

static void check_plans(struct checker *c, struct store *st, struct ft_error *err)
{
	struct finplan *plans;
	size_t n = 0;

	if (finplan_load_all(st, c->r->as_of, &plans, &n, err)) {
		c->failed = 1;
		return;
	}
	for (size_t i = 0; i < n && !c->oom && !c->failed; i++) {
		const struct gs_project *project = gs_find_project(c->r->set, plans[i].project_id);

		if (!project)
			continue;
		check_plan_lines(c, &plans[i], project->code);
		check_ahead_of_cover(c, &plans[i], project->code, err);
	}
	finplan_release_all(plans, n);
}

/* ---- running ---------------------------------------------------------- */

/* The place of rule in check_rules: the order findings are listed in. */
static size_t rule_rank(const struct check_rule *rule)
{
	size_t i = 0;

	while (i < R_COUNT && check_rules[i] != rule)
		i++;
	return i;
}

static int compare_findings(const void *pa, const void *pb)
{
	const struct check_finding *a = pa, *b = pb;
	int c;

	if (a->rule->severity != b->rule->severity)
		return (int)a->rule->severity - (int)b->rule->severity;
	if (a->rule != b->rule)
		return rule_rank(a->rule) < rule_rank(b->rule) ? -1 : 1;
	if ((c = strcmp(a->project, b->project)) != 0)
		return c;
	if (!a->grant || !b->grant)
		return (a->grant != NULL) - (b->grant != NULL);
	if ((c = strcmp(a->grant, b->grant)) != 0)
		return c;
	return strcmp(a->date, b->date);
}

static void run_rules(struct checker *c, struct store *st, struct ft_error *err)
{
	struct check_result *r = c->r;

	for (size_t i = 0; i < r->set->ngrants && !c->oom && !c->failed; i++) {
		const struct gs_grant *g = &r->set->grants[i];

		if (g->counted)
			check_grant(c, g, err);
		else /* applications are in the data too */
			check_amount_range(c, g);
	}
	for (size_t i = 0; i < r->set->nprojects && !c->oom && !c->failed; i++) {
		struct project_money m;

		if (project_money(r->set, i, &m, err)) {
			c->failed = 1;
			break;
		}
		if (!check_costs_range(c, &r->set->projects[i]))
			check_overfunded(c, &r->set->projects[i], &m);
		check_gap_risk(c, &r->set->projects[i], &m);
	}
	if (!c->oom && !c->failed)
		check_chain_gaps(c, err);
	if (!c->oom && !c->failed)
		check_plans(c, st, err);
}

/* 0 when the database holds a city with this AGS, else -1 with err. */
static int check_city_known(struct store *st, const char *ags, struct ft_error *err)
{
	int64_t id;
	int rc = store_lookup_id(st, "SELECT id FROM city WHERE ags = ?1", ags, 0, &id, err);

	if (rc < 0)
		return -1;
	if (rc == 0)
		return ft_fail(err, "no city with AGS '%s' in the database ('fundtrack cities' "
				    "lists them)",
			       ags);
	return 0;
}

int checks_run(struct store *st, const struct check_query *q, struct check_result *out,
	       struct ft_error *err)
{
	struct grantset gs;

	memset(out, 0, sizeof(*out));
	if (q->city && check_city_known(st, q->city, err))
		return -1;
	if (q->city ? grantset_load_city(&gs, st, q->city, q->as_of, err)
		    : grantset_load(&gs, st, GS_OWN_CITY, q->as_of, err))
		return -1;
	if (checks_run_of(st, &gs, out, err)) {
		grantset_release(&gs);
		return -1;
	}
	out->gs = gs; /* the findings point into it */
	out->set = &out->gs;
	return 0;
}

int checks_run_of(struct store *st, const struct grantset *gs, struct check_result *out,
		  struct ft_error *err)
{
	struct checker c = { out, 0, 0, 0 };

	memset(out, 0, sizeof(*out));
	out->set = gs;
	if (base_rates_load(st, &out->rates, &out->nrates, err))
		return -1;
	if ((out->old_setting = base_rates_old_setting(st, &out->old_base_rate_bp, err)) < 0 ||
	    terms_defaulted_programmes(st, &out->terms_defaulted, err)) {
		check_result_release(out);
		return -1;
	}
	memcpy(out->as_of, gs->as_of, DATE_BUF);
	run_rules(&c, st, err);
	if (c.failed) {
		check_result_release(out);
		return -1;
	}
	if (c.oom) {
		check_result_release(out);
		return ft_fail(err, "out of memory");
	}
	if (out->nfindings > 1)
		qsort(out->findings, out->nfindings, sizeof(out->findings[0]), compare_findings);
	if (acks_apply(st, out, err)) {
		check_result_release(out);
		return -1;
	}
	return 0;
}

void check_result_release(struct check_result *r)
{
	free(r->findings);
	free(r->rates);
	acks_release(r->acks, r->nacks);
	grantset_release(&r->gs);
	memset(r, 0, sizeof(*r));
}
