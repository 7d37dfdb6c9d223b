#include "exchange_rules.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "calendar.h"
#include "date.h"
#include "code_map.h"
#include "ledger.h"
#include "money.h"
#include "msg_lang.h"
#include "vec.h"

enum { CYCLE_SHOWN = 8 }; /* projects named in a cycle message */

/* ---- the bookings of the open grant ------------------------------------- */

enum { KIND_UNKNOWN = 0xff };
enum { KIND_SUMS = 4 }; /* drawdown, expenditure, repayment, interest */
/* OUTSIDE, IN_GRACE: an expenditure outside the approval period (in the
 * weeks of grace after it), reported when the grant closes unless it was
 * reversed meanwhile: a reversed pair nets to nothing, as in 'check'. */
enum { IS_REVERSAL = 1, IS_REVERSED = 2, OUTSIDE = 4, IN_GRACE = 8 };

struct booking_seen {
	int64_t id; /* the booking id (the key) */
	int64_t amount;
	long line;
	long day;   /* the booking's date */
	unsigned char kind;
	unsigned char flags;
};

/* The bookings of the open grant (or project) by id: a code map keyed by
 * the id's decimal text, emptied for every grant, whose entries hold the
 * values (id: the amount, link: the line, prev: the day + DAY_BIAS, seen:
 * the kind + 1, flag: the flags). Beyond the codes the map keeps in
 * memory they go to disk, so a grant of a million bookings takes no more
 * memory than one of a few (code_map.h, issue 19). */
#define DAY_BIAS 2147483648L /* days fit in 32 bits either side of 1970 */

static struct booking_seen seen_of(const struct code_map *t, const struct code_entry *e)
{
	return (struct booking_seen){ strtoll(code_map_key(t, e), NULL, 10), e->id,
				      (long)e->link, (long)e->prev - DAY_BIAS,
				      (unsigned char)(e->seen - 1), e->flag };
}

/* The entry of the booking with id, its values in *out; NULL when the
 * table lacks it (also after a failure of the map's disk part, which the
 * next add reports). The entry holds until the next add. */
static struct code_entry *table_find(struct code_map *t, int64_t id, struct booking_seen *out)
{
	struct code_entry *e = code_map_find_number(t, id);

	if (e)
		*out = seen_of(t, e);
	return e;
}

/* -1 when the map cannot take it (memory, disk: code_map_error). */
static int table_add(struct code_map *t, const struct booking_seen *b)
{
	struct code_entry *e = code_map_put_number(t, b->id);

	if (!e)
		return -1;
	e->id = b->amount;
	e->link = b->line;
	e->prev = (uint32_t)(b->day + DAY_BIAS);
	e->seen = (unsigned char)(b->kind + 1);
	e->flag = b->flags;
	return 0;
}

/* ---- state --------------------------------------------------------------- */

/* The entries of project_codes: seen, a good record defined the project
 * (link: the line of its first definition, id: its total costs, -1 when
 * not given); prev: the number + 1 of its predecessor's entry, which the
 * project may name before the file defines it; next: the number + 1 of
 * the first project naming it. The flag holds the bits below. A project's
 * data lives in its entry alone, so the chain check takes no more memory
 * for a million projects than the map does (code_map.h, issue 19). */
enum { CODE_NOTED = 1, CHAIN_WALK = 2, CHAIN_DONE = 4 };

struct grant_state {
	char ref[260];
	long line;
	char status[16];
	long start, end; /* days */
	int start_year, end_year;
	int64_t approved;
	int64_t tolerance; /* FT-SPENT-ABOVE-DRAWN: what spending may exceed drawing by */
	int64_t allocated;
	long allocations;
	int64_t booked[KIND_SUMS]; /* net sum of each kind, reversals included */
	int sum_reported;          /* FT-SUM said once for this grant */
	int status_reported;
	struct code_map bookings;
	char grace_end[DATE_BUF]; /* FT-SERVICE-DATE-MISSING: the last day of grace */
	long latest;              /* FT-BOOKING-DATE: the last plausible day */
};

/* The open project's financing plan and project bookings (1.1): they come
 * right after the project's own fields. */
struct plan_state {
	char code[128];
	long start, end;       /* days; LONG_MIN / LONG_MAX when not given */
	struct code_map lines; /* positions; link: the line */
	unsigned covers;       /* kinds seen, one bit each (own, third-party, city) */
	long cover_line[3];
	struct code_map bookings; /* booking_seen by id */
	int64_t booked;        /* net sum */
	int sum_reported;
};

struct exch_rules {
	struct exch_diags *diags;
	const struct exch_sink *next;
	struct exch_summary *summary;
	char generated[DATE_BUF]; /* "" until the header was read */
	char today[DATE_BUF];
	/* the codes defined so far (CODE_NOTED: by a record that could not be
	 * read); project_codes as described above */
	struct code_map districts, funders, programmes, project_codes, grant_refs;
	struct grant_state grant;
	int in_grant;
	struct plan_state plan;
	int finished;
};

/* Today for FT-GENERATED-FUTURE: the later of the clock's day (UTC) and
 * date_today ($FUNDTRACK_TODAY, which tests and demos move around). */
static void latest_today(char out[DATE_BUF])
{
	time_t now = time(NULL);
	struct tm utc;
	char clock[DATE_BUF];

	date_today(out);
	if (gmtime_r(&now, &utc) &&
	    strftime(clock, sizeof(clock), "%Y-%m-%d", &utc) == 10 &&
	    date_is_valid_iso(clock) && strcmp(clock, out) > 0)
		memcpy(out, clock, DATE_BUF);
}

struct exch_rules *exch_rules_new(struct exch_diags *diags, const struct exch_sink *next,
				  struct exch_summary *summary)
{
	struct exch_rules *r = calloc(1, sizeof(*r));

	if (!r)
		return NULL;
	r->diags = diags;
	r->next = next;
	r->summary = summary;
	memset(summary, 0, sizeof(*summary));
	latest_today(r->today);
	return r;
}

void exch_rules_free(struct exch_rules *r)
{
	if (!r)
		return;
	code_map_free(&r->grant.bookings);
	code_map_free(&r->plan.bookings);
	code_map_free(&r->plan.lines);
	code_map_free(&r->districts);
	code_map_free(&r->funders);
	code_map_free(&r->programmes);
	code_map_free(&r->project_codes);
	code_map_free(&r->grant_refs);
	free(r);
}

int exch_rules_finished(const struct exch_rules *r)
{
	return r->finished;
}

static void fmt_money(int64_t cents, char buf[MONEY_BUF])
{
	money_format_plain(cents, buf);
}

/* Dates and amounts inside a finding's message as people read them
 * (31.12.2025, 1.234,56 €), while the finding's value keeps the file's
 * form for scripts. Rings of buffers: a message shows up to four of each;
 * thread-local, as the next file is checked on a second thread. */
enum { SHOWN_RING = 4 };

static const char *shown_date(const char *iso)
{
	static _Thread_local char ring[SHOWN_RING][DATE_BUF];
	static _Thread_local unsigned next;
	char *buf = ring[next++ % SHOWN_RING];

	date_format_de(iso, buf);
	return *buf ? buf : iso; /* not a valid date: as the file has it */
}

static const char *shown_money(int64_t cents)
{
	static _Thread_local char ring[SHOWN_RING][MONEY_BUF];
	static _Thread_local unsigned next;
	char *buf = ring[next++ % SHOWN_RING];

	money_format_de(cents, buf);
	return buf;
}

/* ---- codes and references ----------------------------------------------- */

/* A reference to a code defined earlier in the file (the order of the
 * format puts every definition before its use, predecessors aside). The
 * schema's keyref reports it too, but only at the end of the document. */
static void check_reference(struct exch_rules *r, const struct exch_record *rec,
			    const char *what, const char *code, struct code_map *defined,
			    const char *target)
{
	const struct code_entry *e = code ? code_map_find(defined, code) : NULL;

	if (!code || (e && (e->seen || (e->flag & CODE_NOTED))))
		return;
	exch_report_rule(r->diags, rec->line, RULE_REFERENCE, what, code,
		    "%s '%s' names the %s '%s', which this file does not define", tr_record(what),
		    rec->kind == EXCH_PROGRAMME ? rec->u.programme.code
		    : rec->kind == EXCH_PROJECT ? rec->u.project.code
						: rec->u.grant.ref,
		    tr_record(target), code);
}

/* Notes the identifier of a record; a second record with it is
 * FT-DUPLICATE, reported at its first line (the schema's xs:key reports it
 * at the element's last line). -1 when out of memory. */
static int define(struct exch_rules *r, const struct exch_record *rec, struct code_map *m,
		  const char *what, const char *code)
{
	struct code_entry *e = code_map_put(m, code);

	if (!e)
		return -1;
	if (e->seen)
		exch_report_rule(r->diags, rec->line, RULE_DUPLICATE, what, code,
			    "%s '%s' is defined twice (first on line %lld)", tr_record(what), code,
			    (long long)e->link);
	else
		e->link = rec->line;
	e->seen = 1;
	return 0;
}

static int check_master(struct exch_rules *r, const struct exch_record *rec)
{
	switch (rec->kind) {
	case EXCH_DISTRICT:
		return define(r, rec, &r->districts, "district", rec->u.district.code);
	case EXCH_FUNDER:
		return define(r, rec, &r->funders, "funder", rec->u.funder.code);
	case EXCH_PROGRAMME:
		check_reference(r, rec, "programme", rec->u.programme.funder, &r->funders, "funder");
		return define(r, rec, &r->programmes, "programme", rec->u.programme.code);
	default:
		return 0;
	}
}

/* ---- projects and their chains ------------------------------------------ */

static int check_project(struct exch_rules *r, const struct exch_record *rec)
{
	const struct exch_project *p = &rec->u.project;
	struct code_map *m = &r->project_codes;
	struct code_entry *e;

	if (p->start && p->end && strcmp(p->end, p->start) < 0)
		exch_report_rule(r->diags, rec->line, RULE_PERIOD, "project", p->end,
			    "project '%s' ends %s, before it starts %s", p->code, shown_date(p->end),
			    shown_date(p->start));
	check_reference(r, rec, "project", p->district, &r->districts, "district");
	if (define(r, rec, m, "project", p->code) || !(e = code_map_find(m, p->code)))
		return -1;
	if (e->link != rec->line)
		return 0; /* defined twice: the first definition counts */
	e->id = p->has_costs ? p->costs : -1;
	if (p->predecessor && !code_map_set_prev(m, code_map_number(m, e), p->predecessor))
		return -1;
	return 0;
}

/* A chain is linear: a second successor of a project is FT-CHAIN (the
 * schema's xs:unique reports it at the element's last line). */
static int check_single_successor(struct exch_rules *r, struct code_entry *p, size_t number,
				  struct code_entry *pred)
{
	struct code_map *m = &r->project_codes;
	const struct code_entry *other;

	if (!pred->next) {
		pred->next = (uint32_t)number + 1;
		return 0;
	}
	if (!(other = code_map_at(m, pred->next - 1)))
		return -1;
	exch_report_rule(r->diags, p->link, RULE_CHAIN, "project", code_map_key(m, pred),
		    "project '%s' names '%s' as its predecessor, and so does project '%s' (line "
		    "%ld): a chain has one successor per project",
		    code_map_key(m, p), code_map_key(m, pred), code_map_key(m, other),
		    (long)other->link);
	return 0;
}

/* Checks every predecessor a project names; a code the file does not
 * define is FT-REFERENCE, and the link is dropped. */
static int link_predecessors(struct exch_rules *r)
{
	struct code_map *m = &r->project_codes;

	for (size_t i = 0; i < m->n; i++) {
		struct code_entry *p = code_map_at(m, i), *pred;

		if (!p)
			return -1;
		if (!p->seen || !p->prev)
			continue;
		if (!(pred = code_map_at(m, p->prev - 1)))
			return -1;
		if (pred->seen) {
			if (check_single_successor(r, p, i, pred))
				return -1;
			continue;
		}
		if (!(pred->flag & CODE_NOTED)) /* else its record was reported */
			exch_report_rule(r->diags, p->link, RULE_REFERENCE, "project",
				    code_map_key(m, pred),
				    "project '%s' names the predecessor '%s', which this file does not "
				    "define",
				    code_map_key(m, p), code_map_key(m, pred));
		p->prev = 0;
	}
	return 0;
}

/* Names the projects of the cycle that starts and ends at entry first. */
static int report_cycle(struct exch_rules *r, size_t first)
{
	struct code_map *m = &r->project_codes;
	const struct code_entry *e = code_map_at(m, first);
	char code[256], chain[600] = "";
	size_t used = 0, shown = 0;
	long long line;
	uint32_t i = (uint32_t)first + 1, self;

	if (!e)
		return -1;
	snprintf(code, sizeof(code), "%s", code_map_key(m, e));
	line = e->link;
	self = e->prev;
	do {
		if (!(e = code_map_at(m, i - 1)))
			return -1;
		used += (size_t)snprintf(chain + used, sizeof(chain) - used, "'%s' -> ",
					 code_map_key(m, e));
		i = e->prev;
		if (used >= sizeof(chain))
			break;
	} while (i != first + 1 && ++shown < CYCLE_SHOWN);
	if (used < sizeof(chain))
		snprintf(chain + used, sizeof(chain) - used, i == first + 1 ? "'%s'" : "... '%s'",
			 code);
	if (self == first + 1)
		exch_report_rule(r->diags, line, RULE_CHAIN, "project", code,
			    "project '%s' names itself as its predecessor", code);
	else
		exch_report_rule(r->diags, line, RULE_CHAIN, "project", code,
			    "the predecessors of project '%s' form a cycle: %s (a chain needs a "
			    "first project)",
			    code, chain);
	return 0;
}

/* Follows the chain from entry start backwards; a walk that meets itself
 * is a cycle. */
static int walk_chain(struct exch_rules *r, size_t start)
{
	struct code_map *m = &r->project_codes;
	struct code_entry *e = NULL;
	uint32_t i = (uint32_t)start + 1;

	while (i && (e = code_map_at(m, i - 1)) && !(e->flag & (CHAIN_WALK | CHAIN_DONE))) {
		e->flag |= CHAIN_WALK;
		i = e->prev;
	}
	if (i && !e)
		return -1;
	if (i && (e->flag & CHAIN_WALK) && report_cycle(r, i - 1))
		return -1;
	for (i = (uint32_t)start + 1; i; i = e->prev) {
		if (!(e = code_map_at(m, i - 1)))
			return -1;
		if (!(e->flag & CHAIN_WALK))
			break;
		e->flag = (unsigned char)((e->flag & ~CHAIN_WALK) | CHAIN_DONE);
	}
	return 0;
}

static int check_chains(struct exch_rules *r)
{
	if (link_predecessors(r))
		return -1;
	for (size_t start = 0; start < r->project_codes.n; start++)
		if (walk_chain(r, start))
			return -1;
	return 0;
}

/* ---- grants and allocations ---------------------------------------------- */

/* FT-SPENT-ABOVE-DRAWN: spending may run ahead of the drawdowns while
 * the recipient pre-finances (ANBest-P Nr. 1.4 lets money be called only
 * for payments due soon, so paying first and drawing later is the normal
 * order), and expenditures may include the own share. By how much is not
 * set by any text; the bound taken here (an assumption) is the largest
 * figure the file gives for the money the grant finances: the approved
 * amount, the eligible costs, the project's total costs. Spending beyond
 * drawn + that cannot be pre-financing of this grant. */
static int64_t spending_tolerance(struct exch_rules *r, const struct exch_grant *g)
{
	struct code_entry *project = code_map_find(&r->project_codes, g->project);
	int64_t tolerance = g->approved;

	if (g->has_eligible && g->eligible > tolerance)
		tolerance = g->eligible;
	if (project && project->seen && project->id > tolerance)
		tolerance = project->id;
	return tolerance;
}

static int open_grant(struct exch_rules *r, const struct exch_record *rec)
{
	const struct exch_grant *g = &rec->u.grant;
	struct grant_state *s = &r->grant;
	char a[MONEY_BUF], b[MONEY_BUF], latest[DATE_BUF];

	code_map_clear(&s->bookings);
	snprintf(s->ref, sizeof(s->ref), "%s", g->ref);
	snprintf(s->status, sizeof(s->status), "%s", g->status);
	s->line = rec->line;
	s->start = date_to_days(g->start);
	s->end = date_to_days(g->end);
	s->start_year = date_year(g->start);
	s->end_year = date_year(g->end);
	s->approved = g->approved;
	s->tolerance = spending_tolerance(r, g);
	cal_period_end(g->end, RULE_SERVICE_GRACE_WEEKS, CAL_WEEKS, s->grace_end);
	date_add_months(g->end, 12 * RULE_BOOKING_LATE_YEARS, latest);
	s->latest = date_to_days(latest);
	s->allocated = 0;
	s->allocations = 0;
	memset(s->booked, 0, sizeof(s->booked));
	s->sum_reported = 0;
	s->status_reported = 0;
	r->in_grant = 1;
	if (define(r, rec, &r->grant_refs, "grant", g->ref))
		return -1;
	check_reference(r, rec, "grant", g->project, &r->project_codes, "project");
	check_reference(r, rec, "grant", g->programme, &r->programmes, "programme");
	if (s->end < s->start)
		exch_report_rule(r->diags, rec->line, RULE_PERIOD, "grant", g->end,
			    "grant '%s': the approval period ends %s, before it starts %s", g->ref,
			    shown_date(g->end), shown_date(g->start));
	if (g->applied && g->decided && strcmp(g->decided, g->applied) < 0)
		exch_report_rule(r->diags, rec->line, RULE_DECISION, "grant", g->decided,
			    "grant '%s' was decided %s, before it was applied for %s", g->ref,
			    shown_date(g->decided), shown_date(g->applied));
	if (g->has_eligible && g->approved > g->eligible) {
		fmt_money(g->approved, a);
		fmt_money(g->eligible, b);
		exch_report_rule(r->diags, rec->line, RULE_ELIGIBLE, "grant", a,
			    "grant '%s': the approved amount %s exceeds the eligible costs %s", g->ref,
			    shown_money(g->approved), shown_money(g->eligible));
	}
	return 0;
}

/* Adds amount to one of the running sums of the current grant. A sum
 * beyond MONEY_DOMAIN_MAX (money.h) cannot be true of one municipal grant
 * and would overflow the totals of an importing city: FT-SUM, once per
 * grant, on the line where the sum passes the limit. Every single amount
 * is within the limit (schema and reader), so the sums never leave int64
 * before the check stops them; money_add guards it all the same.
 * Returns 1 the first time, and the caller reports it (report_grant_sum):
 * the words of the message are made only then (for every booking they
 * were a tenth of the checks, issue 19). */
static int grant_sum_overflows(struct exch_rules *r, int64_t *sum, int64_t amount)
{
	struct grant_state *s = &r->grant;

	if (s->sum_reported)
		return 0;
	if (money_add(*sum, amount, sum) == 0 && money_in_domain(*sum))
		return 0;
	s->sum_reported = 1;
	return 1;
}

static void report_grant_sum(struct exch_rules *r, const struct exch_record *rec,
			     const char *element, const char *value, const char *what)
{
	struct grant_state *s = &r->grant;

	exch_report_rule(r->diags, rec->line, RULE_SUM, element, value,
		    "grant '%s': the %s sum to more than %s here, the limit of one amount - "
		    "no municipal grant comes near it",
		    s->ref, what, shown_money(MONEY_DOMAIN_MAX));
}

static void check_allocation(struct exch_rules *r, const struct exch_record *rec)
{
	const struct exch_allocation *a = &rec->u.allocation;
	struct grant_state *s = &r->grant;
	char year[16];

	snprintf(year, sizeof(year), "%d", a->year);
	if (a->year < s->start_year || a->year > s->end_year)
		exch_report_rule(r->diags, rec->line, RULE_ALLOC_MISMATCH, "allocation", year,
			    "grant '%s': allocation for %d lies outside the approval period "
			    "(%d to %d)",
			    s->ref, a->year, s->start_year, s->end_year);
	s->allocations++;
	if (grant_sum_overflows(r, &s->allocated, a->amount))
		report_grant_sum(r, rec, "allocation", year, tr("allocations"));
}

static void check_allocation_sum(struct exch_rules *r)
{
	struct grant_state *s = &r->grant;
	char sum[MONEY_BUF];

	if (!s->allocations || s->allocated == s->approved)
		return;
	fmt_money(s->allocated, sum);
	if (s->allocated > s->approved)
		exch_report_rule(r->diags, s->line, RULE_ALLOC_ABOVE_APPROVED, "grant", sum,
				 "grant '%s': the yearly allocations sum to %s, more than the "
				 "approved amount %s",
				 s->ref, shown_money(s->allocated), shown_money(s->approved));
	else
		exch_report_rule(r->diags, s->line, RULE_ALLOC_MISMATCH, "grant", sum,
				 "grant '%s': the yearly allocations sum to %s, but the approved "
				 "amount is %s",
				 s->ref, shown_money(s->allocated), shown_money(s->approved));
}

/* FT-OVER-CAP and FT-SPENT-ABOVE-DRAWN over the grant's net sums. Every
 * sum is within MONEY_DOMAIN_MAX here (FT-SUM stops the checks otherwise),
 * so the differences fit int64. */
static void check_money_sums(struct exch_rules *r)
{
	struct grant_state *s = &r->grant;
	int64_t drawn = s->booked[0] - s->booked[2]; /* drawdowns less repayments */
	int64_t spent = s->booked[1];
	char a[MONEY_BUF], b[MONEY_BUF];

	fmt_money(drawn, a);
	if (drawn > s->approved)
		exch_report_rule(r->diags, s->line, RULE_OVER_CAP, "grant", a,
				 "grant '%s': drawn down %s (less repayments), more than the "
				 "approved amount %s",
				 s->ref, shown_money(drawn), shown_money(s->approved));
	if (spent - drawn > s->tolerance) {
		fmt_money(spent, b);
		exch_report_rule(r->diags, s->line, RULE_SPENT_ABOVE_DRAWN, "grant", b,
				 "grant '%s': spent %s but drawn down only %s (less repayments): "
				 "more than %s of pre-financing (the largest of the approved "
				 "amount, the eligible costs and the project's costs) cannot be "
				 "true",
				 s->ref, shown_money(spent), shown_money(drawn),
				 shown_money(s->tolerance));
	}
}

/* FT-SPEND-OUTSIDE-PERIOD and FT-SERVICE-DATE-MISSING for the
 * expenditures of the grant that were not reversed. */
static int report_outside(struct exch_rules *r)
{
	struct grant_state *s = &r->grant;
	const struct code_entry *e;
	char start[DATE_BUF], end[DATE_BUF], date[DATE_BUF];
	size_t i = 0;

	date_from_days(s->start, start);
	date_from_days(s->end, end);
	while ((e = code_map_next(&s->bookings, &i)) != NULL) {
		struct booking_seen seen, *b = &seen;

		if (!(e->flag & (OUTSIDE | IN_GRACE)) || (e->flag & IS_REVERSED))
			continue;
		seen = seen_of(&s->bookings, e);
		date_from_days(b->day, date);
		if (b->flags & IN_GRACE)
			exch_report_rule(r->diags, b->line, RULE_SERVICE_DATE_MISSING, "booking", date,
					 "expenditure %lld paid on %s, after the approval period of "
					 "grant '%s' ended on %s: eligible only if it arose in the "
					 "period",
					 (long long)b->id, shown_date(date), s->ref, shown_date(end));
		else
			exch_report_rule(r->diags, b->line, RULE_SPEND_OUTSIDE_PERIOD, "booking", date,
					 "expenditure %lld dated %s lies outside the approval period "
					 "%s to %s of grant '%s' and is normally not eligible",
					 (long long)b->id, shown_date(date), shown_date(start),
					 shown_date(end), s->ref);
	}
	return code_map_error(&s->bookings) ? -1 : 0; /* the walk stops at an error */
}

static int close_grant(struct exch_rules *r)
{
	r->in_grant = 0;
	if (report_outside(r))
		return -1;
	if (r->grant.sum_reported)
		return 0;
	check_allocation_sum(r);
	check_money_sums(r);
	return 0;
}

/* ---- bookings ------------------------------------------------------------- */

/* Index of kind in ledger_booking_kinds. */
static unsigned char kind_code(const char *kind)
{
	for (unsigned char i = 0; ledger_booking_kinds[i]; i++)
		if (strcmp(kind, ledger_booking_kinds[i]) == 0)
			return i;
	return KIND_UNKNOWN;
}

static int check_amount_sign(struct exch_rules *r, const struct exch_record *rec)
{
	const struct exch_booking *b = &rec->u.booking;
	char amount[MONEY_BUF];

	if ((b->amount > 0 && !b->reverses) || (b->amount < 0 && b->reverses))
		return 0;
	fmt_money(b->amount, amount);
	if (b->amount == 0)
		exch_report_rule(r->diags, rec->line, RULE_AMOUNT, "booking", amount,
			    "booking %lld of grant '%s' has the amount 0: a booking moves money",
			    (long long)b->id, r->grant.ref);
	else if (b->amount < 0 && !b->reverses)
		exch_report_rule(r->diags, rec->line, RULE_AMOUNT, "booking", amount,
			    "booking %lld of grant '%s' has the negative amount %s but reverses "
			    "nothing: only a reversal (reverses=\"ID\") is negative",
			    (long long)b->id, r->grant.ref, shown_money(b->amount));
	else if (b->amount > 0 && b->reverses)
		exch_report_rule(r->diags, rec->line, RULE_AMOUNT, "booking", amount,
			    "booking %lld of grant '%s' reverses booking %lld but its amount %s is "
			    "positive: a reversal negates the original amount",
			    (long long)b->id, r->grant.ref, (long long)b->reverses,
			    shown_money(b->amount));
	else
		return 0;
	return -1;
}

/* A reversal: after its original in the same grant, same kind, negated
 * amount, of an original that is not itself a reversal nor reversed. */
static void check_reversal(struct exch_rules *r, const struct exch_record *rec,
			   unsigned char kind)
{
	const struct exch_booking *b = &rec->u.booking;
	struct booking_seen original, *o = &original;
	struct code_entry *e = table_find(&r->grant.bookings, b->reverses, &original);
	char reverses[32], amount[MONEY_BUF];
	const char *const *kinds = ledger_booking_kinds;

	snprintf(reverses, sizeof(reverses), "%lld", (long long)b->reverses);
	if (!e) {
		exch_report_rule(r->diags, rec->line, RULE_REVERSAL, "booking", reverses,
			    "booking %lld reverses booking %s, which does not come before it in "
			    "grant '%s'",
			    (long long)b->id, reverses, r->grant.ref);
		return;
	}
	if (o->flags & IS_REVERSAL) {
		exch_report_rule(r->diags, rec->line, RULE_REVERSAL, "booking", reverses,
			    "booking %lld reverses booking %s, which is itself a reversal",
			    (long long)b->id, reverses);
		return;
	}
	if (o->flags & IS_REVERSED) {
		exch_report_rule(r->diags, rec->line, RULE_REVERSAL, "booking", reverses,
			    "booking %lld reverses booking %s, which is already reversed",
			    (long long)b->id, reverses);
		return;
	}
	if (kind != o->kind && kind != KIND_UNKNOWN && o->kind != KIND_UNKNOWN)
		exch_report_rule(r->diags, rec->line, RULE_REVERSAL, "booking",
			    kinds[kind],
			    "booking %lld is of kind '%s' but reverses booking %s of kind '%s': a "
			    "reversal keeps the kind",
			    (long long)b->id, kinds[kind], reverses, kinds[o->kind]);
	else if (o->amount <= 0 || b->amount != -o->amount) {
		fmt_money(b->amount, amount);
		exch_report_rule(r->diags, rec->line, RULE_REVERSAL, "booking", amount,
			    "booking %lld reverses booking %s but its amount %s does not negate "
			    "the original %s",
			    (long long)b->id, reverses, shown_money(b->amount),
			    shown_money(o->amount));
	}
	e->flag |= IS_REVERSED;
}

static void check_booking_dates(struct exch_rules *r, const struct exch_record *rec,
				struct booking_seen *seen)
{
	const struct exch_booking *b = &rec->u.booking;
	const struct grant_state *s = &r->grant;
	long day = date_to_days(b->date);
	int outside = day < s->start || day > s->end;
	char start[DATE_BUF], end[DATE_BUF];

	if (!outside && (!r->generated[0] || strcmp(b->date, r->generated) <= 0))
		return;
	date_from_days(s->start, start);
	date_from_days(s->end, end);
	if (day < s->start - RULE_BOOKING_EARLY_DAYS)
		exch_report_rule(r->diags, rec->line, RULE_BOOKING_DATE, "booking", b->date,
			    "booking %lld is dated %s, more than a year before the approval period "
			    "of grant '%s' starts (%s)",
			    (long long)b->id, shown_date(b->date), s->ref, shown_date(start));
	else if (day > s->latest)
		exch_report_rule(r->diags, rec->line, RULE_BOOKING_DATE, "booking", b->date,
				 "booking %lld is dated %s, more than %d years after the approval "
				 "period of grant '%s' ended (%s)",
				 (long long)b->id, shown_date(b->date), RULE_BOOKING_LATE_YEARS, s->ref,
				 shown_date(end));
	else if (outside && !b->reverses && strcmp(b->kind, "expenditure") == 0)
		/* the format has no service date: paid in the weeks after the end
		 * it may be for the period */
		seen->flags |= day > s->end && strcmp(b->date, s->grace_end) <= 0 ? IN_GRACE
										    : OUTSIDE;
	else if (outside && !b->reverses && strcmp(b->kind, "drawdown") == 0)
		exch_report_rule(r->diags, rec->line, RULE_DRAWDOWN_OUTSIDE_PERIOD, "booking", b->date,
			    "drawdown %lld dated %s lies outside the approval period %s to %s of "
			    "grant '%s'",
			    (long long)b->id, shown_date(b->date), shown_date(start), shown_date(end),
			    s->ref);
	if (r->generated[0] && strcmp(b->date, r->generated) > 0)
		exch_report_rule(r->diags, rec->line, RULE_FUTURE, "booking", b->date,
			    "booking %lld is dated %s, after the file was generated (%s)",
			    (long long)b->id, shown_date(b->date), shown_date(r->generated));
}

static int check_booking(struct exch_rules *r, const struct exch_record *rec)
{
	const struct exch_booking *b = &rec->u.booking;
	struct grant_state *s = &r->grant;
	struct booking_seen first, *dup = table_find(&s->bookings, b->id, &first) ? &first : NULL;
	struct booking_seen seen = { b->id, b->amount, rec->line, date_to_days(b->date),
				     kind_code(b->kind), 0 };
	char id[32];

	if (dup || (!s->status_reported && (strcmp(s->status, "applied") == 0 ||
					    strcmp(s->status, "rejected") == 0)))
		snprintf(id, sizeof(id), "%lld", (long long)b->id);
	if (dup) {
		exch_report_rule(r->diags, rec->line, RULE_BOOKING_ID, "booking", id,
			    "booking id %s appears twice in grant '%s' (first on line %ld)", id,
			    s->ref, dup->line);
		return 0;
	}
	if (!s->status_reported &&
	    (strcmp(s->status, "applied") == 0 || strcmp(s->status, "rejected") == 0)) {
		s->status_reported = 1;
		exch_report_rule(r->diags, rec->line, RULE_BOOKING_STATUS, "booking", id,
			    "grant '%s' has the status '%s' but bookings: only a decided grant "
			    "carries bookings",
			    s->ref, word_enum_say(&ledger_any_status_enum, s->status));
	}
	if (check_amount_sign(r, rec) == 0 && b->reverses)
		check_reversal(r, rec, seen.kind);
	check_booking_dates(r, rec, &seen);
	if (seen.kind < KIND_SUMS && grant_sum_overflows(r, &s->booked[seen.kind], b->amount)) {
		char what[64];

		snprintf(id, sizeof(id), "%lld", (long long)b->id);
		snprintf(what, sizeof(what), tr("%s bookings"), word_enum_say(&ledger_kind_enum, b->kind));
		report_grant_sum(r, rec, "booking", id, what);
	}
	if (b->reverses)
		seen.flags |= IS_REVERSAL;
	return table_add(&s->bookings, &seen);
}

/* ---- the financing plan and project bookings (1.1) ----------------------- */

static void open_plan(struct exch_rules *r, const struct exch_project *p)
{
	struct plan_state *s = &r->plan;

	snprintf(s->code, sizeof(s->code), "%s", p->code);
	s->start = p->start ? date_to_days(p->start) : LONG_MIN;
	s->end = p->end ? date_to_days(p->end) : LONG_MAX;
	code_map_free(&s->lines);
	code_map_clear(&s->bookings);
	s->covers = 0;
	s->booked = 0;
	s->sum_reported = 0;
}

static int check_plan_line(struct exch_rules *r, const struct exch_record *rec)
{
	const struct exch_plan_line *l = &rec->u.plan_line;
	struct code_entry *e = code_map_put(&r->plan.lines, l->position);

	if (!e)
		return -1;
	if (e->seen)
		exch_report_rule(r->diags, rec->line, RULE_DUPLICATE, "plan-line", l->position,
				 "project '%s' has the cost line '%s' twice (first on line %lld)",
				 l->project, l->position, (long long)e->link);
	else
		e->link = rec->line;
	e->seen = 1;
	return 0;
}

static void check_cover(struct exch_rules *r, const struct exch_record *rec)
{
	static const char *const kinds[] = { "own", "third-party", "city" };
	const struct exch_cover *c = &rec->u.cover;

	for (unsigned k = 0; k < 3; k++) {
		if (strcmp(c->kind, kinds[k]) != 0)
			continue;
		if (r->plan.covers & (1u << k))
			exch_report_rule(r->diags, rec->line, RULE_DUPLICATE, "cover", c->kind,
					 "project '%s' lists its means of cover '%s' twice (first "
					 "on line %ld): give one amount per kind",
					 c->project, c->kind, r->plan.cover_line[k]);
		r->plan.covers |= 1u << k;
		r->plan.cover_line[k] = rec->line;
	}
}

/* FT-AMOUNT and FT-REVERSAL as for a grant's bookings; reversals keep
 * the kind (expenditure is the only one). */
static void check_project_reversal(struct exch_rules *r, const struct exch_record *rec)
{
	const struct exch_project_booking *b = &rec->u.project_booking;
	struct booking_seen original;
	struct code_entry *e = table_find(&r->plan.bookings, b->reverses, &original);
	const struct booking_seen *o = e ? &original : NULL;
	char amount[MONEY_BUF], reverses[32];

	fmt_money(b->amount, amount);
	snprintf(reverses, sizeof(reverses), "%lld", (long long)b->reverses);
	if (b->amount == 0 || (b->amount < 0) != (b->reverses != 0)) {
		exch_report_rule(r->diags, rec->line, RULE_AMOUNT, "booking", amount,
				 "booking %lld of project '%s' has the amount %s: an expenditure "
				 "is positive, only a reversal (reverses=\"ID\") negates one",
				 (long long)b->id, b->project, shown_money(b->amount));
		return;
	}
	if (!b->reverses)
		return;
	if (!o || (o->flags & (IS_REVERSAL | IS_REVERSED)) || o->amount != -b->amount) {
		exch_report_rule(r->diags, rec->line, RULE_REVERSAL, "booking", reverses,
				 "booking %lld of project '%s' reverses booking %s, which %s",
				 (long long)b->id, b->project, reverses,
				 tr(!o ? N_("does not come before it in the project")
				    : o->flags & IS_REVERSAL ? N_("is itself a reversal")
				    : o->flags & IS_REVERSED ? N_("is already reversed")
							     : N_("has another amount than it negates")));
		if (!o)
			return;
	}
	e->flag |= IS_REVERSED;
}

/* Plausible days: not more than a year before the project starts nor 25
 * years after it ends (as FT-BOOKING-DATE for a grant's period). */
static void check_project_booking_day(struct exch_rules *r, const struct exch_record *rec,
				      const char *what, const char *day)
{
	const struct plan_state *s = &r->plan;
	long d = date_to_days(day);

	if (s->start != LONG_MIN && d < s->start - RULE_BOOKING_EARLY_DAYS)
		exch_report_rule(r->diags, rec->line, RULE_PROJECT_BOOKING_DATE, "booking", day,
				 "booking %lld of project '%s' has the %s %s, more than a year "
				 "before the project starts",
				 (long long)rec->u.project_booking.id, s->code, tr(what),
				 shown_date(day));
	else if (s->end != LONG_MAX && d > s->end + 366L * RULE_BOOKING_LATE_YEARS)
		exch_report_rule(r->diags, rec->line, RULE_PROJECT_BOOKING_DATE, "booking", day,
				 "booking %lld of project '%s' has the %s %s, more than %d years "
				 "after the project ended",
				 (long long)rec->u.project_booking.id, s->code, tr(what),
				 shown_date(day), RULE_BOOKING_LATE_YEARS);
}

static int check_project_booking(struct exch_rules *r, const struct exch_record *rec)
{
	const struct exch_project_booking *b = &rec->u.project_booking;
	struct plan_state *s = &r->plan;
	struct booking_seen first, *dup = table_find(&s->bookings, b->id, &first) ? &first : NULL;
	struct booking_seen seen = { b->id, b->amount, rec->line, date_to_days(b->date), 0,
				     b->reverses ? IS_REVERSAL : 0 };
	char id[32];

	snprintf(id, sizeof(id), "%lld", (long long)b->id);
	if (dup) {
		exch_report_rule(r->diags, rec->line, RULE_BOOKING_ID, "booking", id,
				 "booking id %s appears twice in project '%s' (first on line %ld)",
				 id, b->project, dup->line);
		return 0;
	}
	if (b->line && !code_map_find(&s->lines, b->line))
		exch_report_rule(r->diags, rec->line, RULE_PLAN_LINE, "booking", b->line,
				 "booking %s of project '%s' names the cost line '%s', which the "
				 "project's financing plan does not have (its plan-line elements)",
				 id, b->project, b->line);
	check_project_reversal(r, rec);
	check_project_booking_day(r, rec, N_("date"), b->date);
	if (b->service_date)
		check_project_booking_day(r, rec, N_("service date"), b->service_date);
	if (r->generated[0] && strcmp(b->date, r->generated) > 0)
		exch_report_rule(r->diags, rec->line, RULE_FUTURE, "booking", b->date,
				 "booking %s of project '%s' is dated %s, after the file was "
				 "generated (%s)",
				 id, b->project, shown_date(b->date), shown_date(r->generated));
	/* every amount is within the domain, so the sum stays in int64 */
	if (!s->sum_reported && !money_in_domain(s->booked + b->amount)) {
		s->sum_reported = 1;
		exch_report_rule(r->diags, rec->line, RULE_SUM, "booking", id,
				 "the bookings of project '%s' sum to more than %s",
				 b->project, shown_money(MONEY_DOMAIN_MAX));
	} else {
		s->booked += b->amount;
	}
	return table_add(&s->bookings, &seen);
}

/* ---- the sink ------------------------------------------------------------- */

/* FT-GENERATED-FUTURE: a file cannot have been written after today; a
 * day is allowed for clocks and time zones. */
static void check_generated(struct exch_rules *r, const struct exch_record *rec)
{
	const char *day = rec->u.header.generated_date;

	if (!date_is_valid_iso(day) ||
	    date_to_days(day) <= date_to_days(r->today) + RULE_GENERATED_SKEW_DAYS)
		return;
	exch_report_rule(r->diags, rec->line, RULE_GENERATED_FUTURE, "exchange",
			 rec->u.header.generated,
			 "the file says it was generated at %s, but today is %s: a delivery "
			 "cannot come from the future (is the sender's clock wrong?)",
			 rec->u.header.generated, shown_date(r->today));
}

static void note_summary(struct exch_rules *r, const struct exch_record *rec)
{
	struct exch_summary *s = r->summary;

	s->records[rec->kind]++;
	if (rec->kind == EXCH_CITY) {
		snprintf(s->ags, sizeof(s->ags), "%s", rec->u.city.ags);
		snprintf(s->city, sizeof(s->city), "%s", rec->u.city.name);
	} else if (rec->kind == EXCH_HEADER) {
		snprintf(s->generated, sizeof(s->generated), "%s", rec->u.header.generated);
		snprintf(r->generated, sizeof(r->generated), "%s", rec->u.header.generated_date);
		check_generated(r, rec);
	}
}

static int check_record(struct exch_rules *r, const struct exch_record *rec)
{
	switch (rec->kind) {
	case EXCH_DISTRICT:
	case EXCH_FUNDER:
	case EXCH_PROGRAMME:
		return check_master(r, rec);
	case EXCH_PROJECT:
		open_plan(r, &rec->u.project);
		return check_project(r, rec);
	case EXCH_PLAN_LINE:
		return check_plan_line(r, rec);
	case EXCH_COVER:
		check_cover(r, rec);
		return 0;
	case EXCH_PROJECT_BOOKING:
		return check_project_booking(r, rec);
	case EXCH_GRANT:
		return open_grant(r, rec);
	case EXCH_ALLOCATION:
		if (r->in_grant)
			check_allocation(r, rec);
		return 0;
	case EXCH_BOOKING:
		return r->in_grant ? check_booking(r, rec) : 0;
	case EXCH_GRANT_END:
		return r->in_grant ? close_grant(r) : 0;
	case EXCH_END:
		r->finished = 1;
		return check_chains(r);
	default:
		return 0;
	}
}

/* A record whose values could not be read still defines its identifier. */
static int note_identifier(struct exch_rules *r, const struct exch_record *rec)
{
	const char *code = rec->kind == EXCH_DISTRICT	 ? rec->u.district.code
			   : rec->kind == EXCH_FUNDER	 ? rec->u.funder.code
			   : rec->kind == EXCH_PROGRAMME ? rec->u.programme.code
			   : rec->kind == EXCH_PROJECT	 ? rec->u.project.code
			   : rec->kind == EXCH_GRANT	 ? rec->u.grant.ref
							 : NULL;
	struct code_map *m = rec->kind == EXCH_DISTRICT	   ? &r->districts
			     : rec->kind == EXCH_FUNDER	   ? &r->funders
			     : rec->kind == EXCH_PROGRAMME ? &r->programmes
			     : rec->kind == EXCH_PROJECT   ? &r->project_codes
							   : &r->grant_refs;

	struct code_entry *e = code ? code_map_put(m, code) : NULL;

	if (code && !e)
		return -1;
	if (e)
		e->flag |= CODE_NOTED;
	return 0;
}

/* Why checking stopped: a code map's disk part failed, or memory ran out. */
static int rules_failed(const struct exch_rules *r, struct ft_error *err)
{
	const struct code_map *maps[] = { &r->districts,     &r->funders,	  &r->programmes,
					  &r->project_codes, &r->grant_refs,	  &r->plan.lines,
					  &r->grant.bookings, &r->plan.bookings };

	for (size_t i = 0; i < sizeof(maps) / sizeof(maps[0]); i++)
		if (code_map_error(maps[i]))
			return ft_fail(err, "cannot check the file's codes: %s",
				       code_map_error(maps[i]));
	return ft_fail(err, "out of memory");
}

int exch_rules_record(void *arg, const struct exch_record *rec, struct ft_error *err)
{
	struct exch_rules *r = arg;

	if (rec->bad) {
		if (note_identifier(r, rec))
			return rules_failed(r, err);
		return r->next ? r->next->record(r->next->arg, rec, err) : 0;
	}
	note_summary(r, rec);
	if (check_record(r, rec))
		return rules_failed(r, err);
	if (r->next)
		return r->next->record(r->next->arg, rec, err);
	return 0;
}

/* ---- every layer ---------------------------------------------------------- */

int exchange_validate(const char *path, struct exch_diags *diags, const struct exch_sink *next,
		      int checksum, struct exch_validation *out, struct ft_error *err)
{
	struct exch_rules *rules;
	struct exch_sink sink;
	int rc;

	memset(out, 0, sizeof(*out));
	rules = exch_rules_new(diags, next, &out->summary);
	if (!rules)
		return ft_fail(err, "out of memory");
	sink = (struct exch_sink){ exch_rules_record, rules };
	rc = exchange_read(path, &sink, diags, checksum, &out->read, err);
	out->valid = rc == 0 && out->read.complete && out->read.schema_valid &&
		     exch_rules_finished(rules) && diags->errors == 0;
	exch_rules_free(rules);
	return rc;
}
