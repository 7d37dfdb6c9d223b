/* model.c - the chain-versus-sustained model in integer arithmetic.
 *
 * Both scenarios are laid out month by month as spans of probability
 * "mass" (team share times probability): paid staff (with the share a
 * fixed grant still pays), working staff, covered time, gaps and admin
 * effort. The expected-value run places every possible outcome with its
 * probability, a Monte Carlo run one drawn outcome with probability 1, with
 * the same code. Each month is then turned into money and units (struct
 * model_period): wage growth, discounting, the split by the funding mix,
 * repayments, pre-financing and valued lost service. See app/MODEL.md for
 * the formulas.
 */
#include "model.h"

#include <stdlib.h>
#include <string.h>

#include "model_params.h"

__extension__ typedef unsigned __int128 u128;

/* The whole team for certain, in "mass" (team share times probability). */
#define SHARE_ONE ((int64_t)1000000000000)

const char *model_level_name(enum model_level level)
{
	switch (level) {
	case MODEL_EU:
		return "eu";
	case MODEL_FEDERAL:
		return "federal";
	case MODEL_STATE:
		return "state";
	case MODEL_MUNICIPAL:
	case MODEL_NLEVELS:
		break;
	}
	return "municipal";
}

/* ---- the generator: xoshiro256** seeded by splitmix64 ---------------- */

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += UINT64_C(0x9e3779b97f4a7c15));

	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

void model_rng_seed(struct model_rng *rng, uint64_t seed)
{
	for (int i = 0; i < 4; i++)
		rng->s[i] = splitmix64(&seed);
}

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

uint64_t model_rng_next(struct model_rng *rng)
{
	uint64_t *s = rng->s;
	const uint64_t result = rotl(s[1] * 5, 7) * 9;
	const uint64_t t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

/* Lemire's multiply-and-reject method: exact, no modulo bias. */
uint64_t model_rng_below(struct model_rng *rng, uint64_t bound)
{
	u128 m = (u128)model_rng_next(rng) * bound;
	uint64_t low = (uint64_t)m;

	if (low < bound) {
		uint64_t threshold = (0 - bound) % bound;

		while (low < threshold) {
			m = (u128)model_rng_next(rng) * bound;
			low = (uint64_t)m;
		}
	}
	return (uint64_t)(m >> 64);
}

/* 1 with probability pct / MODEL_PCT_ONE. A whole number of basis points
 * draws below 10000, as before finer values existed, so a seed gives the
 * same runs as ever. */
static int chance(struct model_rng *rng, int64_t pct)
{
	if (pct % MODEL_BP == 0)
		return (int64_t)model_rng_below(rng, 10000) < pct / MODEL_BP;
	return (int64_t)model_rng_below(rng, (uint64_t)MODEL_PCT_ONE) < pct;
}

/* ---- integer helpers -------------------------------------------------- */

/* a * b / c rounded half up, for a, b >= 0 and c > 0 (128-bit product). */
static int64_t mul_div(int64_t a, int64_t b, u128 c)
{
	u128 n = (u128)a * (u128)b;
	u128 q = n / c;

	if ((n % c) * 2 >= c)
		q++;
	return (int64_t)q;
}

static int64_t min64(int64_t a, int64_t b)
{
	return a < b ? a : b;
}

static int64_t max64(int64_t a, int64_t b)
{
	return a > b ? a : b;
}

/* A funding mix from basis points to pct. */
static void mix_in_pct(const int64_t bp[MODEL_NLEVELS], int64_t pct[MODEL_NLEVELS])
{
	for (int l = 0; l < MODEL_NLEVELS; l++)
		pct[l] = bp[l] * MODEL_BP;
}

/* ---- the timeline ----------------------------------------------------- */

enum fund { FUND_MIX, FUND_CITY, NFUNDS };

/* Raw sums of one month, before conversion. "Mass" is a team share times
 * a probability: SHARE_ONE is the whole team, for certain. The Monte
 * Carlo run places every span with probability 1; the expected-value run
 * places every possible outcome with its probability. */
struct month_acc {
	int64_t paid[NFUNDS]; /* mass of paid staff */
	int64_t capped;       /* paid[FUND_MIX] at the wages its link's grant was fixed at */
	int64_t work;         /* mass of paid staff times capacity */
	int64_t covered;      /* probability the month has service */
	int64_t gap;          /* probability the month lies in a gap */
	int64_t admin_rate;   /* µdays per year, times probability in ppm */
	int64_t admin_days;   /* micro person-days from one-off efforts */
	int64_t replaced;     /* micro FTE */
	int64_t applications; /* micro */
};

/* A link starting at some month: with probability mass (SHARE_ONE = 1),
 * of which fresh starts after an unbridged gap (or is the first link) and
 * ramps up again; lost is the expected share of the team that left before
 * (early leavers of the previous link and leavers in the gap; SHARE_ONE =
 * the whole team) and gone the probability that every person left, each
 * also counted for the fresh part alone. early is the expected share of
 * this link's team leaving before its end, early_all the probability that
 * all of them do. */
struct link_start {
	int64_t mass, fresh;
	int64_t lost, lost_fresh;
	int64_t gone, gone_fresh;
	int64_t early, early_all;
};

/* Per-person leaving probabilities, SHARE_ONE = 1. */
struct leaving {
	int64_t at_gap;      /* early leaving or leaving in an unbridged gap */
	int64_t seamless;    /* early leaving alone */
	int64_t all_at_gap;  /* at_gap ^ persons */
	int64_t all_seamless; /* seamless ^ persons */
};

/* Paid staff financed by the mix goes through add_paid (it also keeps the
 * capped share); everything else is a span of one of these kinds. */
enum span_kind { SPAN_PAID_CITY, SPAN_WORK, SPAN_COVER, SPAN_GAP, SPAN_ADMIN };

struct timeline {
	const struct model_params *p;
	int64_t months;           /* the horizon */
	struct month_acc *m;      /* months entries */
	struct link_start *starts; /* months entries, for the expected-value chain */
	struct leaving leave;
	int capping;              /* 1: grants fixed at the wages of a link's start */
	/* (1 + wage-growth)^-k for k years after a link's start, SHARE_ONE = 1 */
	int64_t wage_back[MODEL_MAX_YEARS];
	int64_t factor[MODEL_MAX_YEARS], discount[MODEL_MAX_YEARS]; /* see timeline_factors */
};

static void add_to_month(struct month_acc *acc, enum span_kind kind, int64_t rate)
{
	switch (kind) {
	case SPAN_PAID_CITY:
		acc->paid[FUND_CITY] += rate;
		break;
	case SPAN_WORK:
		acc->work += rate;
		break;
	case SPAN_COVER:
		acc->covered += rate;
		break;
	case SPAN_GAP:
		acc->gap += rate;
		break;
	case SPAN_ADMIN:
		acc->admin_rate += rate;
		break;
	}
}

/* Adds rate to every month of [a, b) within the horizon. */
static void add_span(struct timeline *tl, enum span_kind kind, int64_t a, int64_t b, int64_t rate)
{
	if (rate == 0)
		return;
	for (a = max64(a, 0), b = min64(b, tl->months); a < b; a++)
		add_to_month(&tl->m[a], kind, rate);
}

/* Paid staff mass over [a, b) of a link that started in month start:
 * its grant pays the wages of the start year, so each later year counts
 * at (1 + wage-growth)^-k in capped. */
static void add_paid(struct timeline *tl, int64_t a, int64_t b, int64_t mass, int64_t start)
{
	if (mass == 0)
		return;
	for (a = max64(a, 0), b = min64(b, tl->months); a < b;) {
		int64_t year_end = min64((a / 12 + 1) * 12, b);
		int64_t back = tl->capping ? tl->wage_back[a / 12 - start / 12] : SHARE_ONE;
		int64_t capped = back == SHARE_ONE ? mass : mul_div(mass, back, SHARE_ONE);

		for (; a < year_end; a++) {
			tl->m[a].paid[FUND_MIX] += mass;
			tl->m[a].capped += capped;
		}
	}
}

static struct month_acc *month_at(struct timeline *tl, int64_t month)
{
	return month >= 0 && month < tl->months ? &tl->m[month] : NULL;
}

/* One-off effort of days (µdays), with probability mass (SHARE_ONE = 1). */
static void add_effort(struct timeline *tl, int64_t month, int64_t days, int64_t mass)
{
	struct month_acc *acc = month_at(tl, month);

	/* micro days = µdays * mass / SHARE_ONE */
	if (acc)
		acc->admin_days += mul_div(days, mass, SHARE_ONE);
}

static void add_application(struct timeline *tl, int64_t month, int64_t mass)
{
	struct month_acc *acc = month_at(tl, month);

	if (!acc)
		return;
	acc->applications += mul_div(mass, 1, SHARE_ONE / MODEL_ONE);
	add_effort(tl, month, tl->p->application_days, mass);
}

/* A yearly admin effort of days (µdays) with probability mass, as a rate
 * in µdays per year times ppm. A value typed to the hundredth is rounded
 * there first, so results are the same as before days were held finer. */
static int64_t admin_rate(int64_t days, int64_t mass)
{
	if (days % MODEL_FINE == 0)
		return mul_div(days / MODEL_FINE, mass, SHARE_ONE / MODEL_ONE) * MODEL_FINE;
	return mul_div(days, mass, SHARE_ONE / MODEL_ONE);
}

/* Replacing the lost staff (mass lost): replaced FTE and recruiting. */
static void add_replacement(struct timeline *tl, int64_t month, int64_t lost)
{
	struct month_acc *acc = month_at(tl, month);
	int64_t fte;

	if (!acc || lost == 0)
		return;
	/* micro FTE = lost / SHARE_ONE * staff x100 / 100 * 10^6 */
	fte = mul_div(lost, tl->p->staff_fte, SHARE_ONE / 10000);
	acc->replaced += fte;
	acc->admin_days += mul_div(tl->p->recruiting_days, fte, MODEL_ONE);
}

/* Work of staff mass over months [a, b): the ramp-up capacity during the
 * first ramp-up-months, full capacity after. */
static void add_work(struct timeline *tl, int64_t a, int64_t b, int64_t mass)
{
	const struct model_params *p = tl->p;
	int64_t ramp_end = min64(a + p->ramp_up_months, b);

	add_span(tl, SPAN_WORK, a, ramp_end, mul_div(mass, p->ramp_up_capacity, MODEL_PCT_ONE));
	add_span(tl, SPAN_WORK, ramp_end, b, mass);
}

/* The month from which a link's early leavers are gone: early-leave-months
 * before its end, but not before every post is filled and ramped up (so
 * everybody works at full capacity then); at the latest its end. */
static int64_t early_leave_month(const struct model_params *p, int64_t start)
{
	int64_t end = start + p->link_months;
	int64_t settled = start + p->vacancy_months + p->ramp_up_months;

	return min64(max64(end - p->early_leave_months, settled), end);
}

/* The first month with output of staff that starts at month a. */
static int64_t first_output(const struct model_params *p, int64_t a)
{
	return p->ramp_up_capacity > 0 ? a : a + p->ramp_up_months;
}

/* One link: the retained staff works from the start, ramping up only
 * after a gap (a seamless follow-up keeps the team at full output); the
 * lost share is replaced after vacancy-months and ramps up. The early
 * leavers are gone from early_leave_month to the end (their posts stay
 * empty: nobody is hired for the last months of a project). The link has
 * service from its first month with output (for the retained staff, or
 * the replacements when everybody left). */
static void place_link(struct timeline *tl, int64_t start, const struct link_start *ls)
{
	const struct model_params *p = tl->p;
	int64_t end = start + p->link_months;
	int64_t hired = min64(start + p->vacancy_months, end);
	int64_t tail = early_leave_month(p, start);
	int64_t kept = ls->mass - ls->lost, kept_fresh = ls->fresh - ls->lost_fresh;
	int64_t gone_seamless = ls->gone - ls->gone_fresh;

	add_paid(tl, start, tail, kept, start);
	add_paid(tl, hired, tail, ls->lost, start);
	add_paid(tl, tail, end, ls->mass - ls->early, start);
	add_work(tl, start, tail, kept_fresh);
	add_span(tl, SPAN_WORK, start, tail, kept - kept_fresh);
	add_work(tl, hired, tail, ls->lost);
	add_span(tl, SPAN_WORK, tail, end, ls->mass - ls->early);
	add_span(tl, SPAN_COVER, first_output(p, start), tail, ls->fresh - ls->gone_fresh);
	add_span(tl, SPAN_COVER, start, tail, ls->mass - ls->fresh - gone_seamless);
	add_span(tl, SPAN_COVER, first_output(p, hired), tail, ls->gone);
	add_span(tl, SPAN_COVER, tail, end, ls->mass - ls->early_all);
	add_span(tl, SPAN_ADMIN, start, end, admin_rate(p->interim_days, ls->mass));
	add_replacement(tl, start, ls->lost);
	/* The proof of use, in the link's last month, if within the horizon. */
	if (end <= tl->months)
		add_effort(tl, end - 1, p->proof_days, ls->mass);
}

/* Months [a, b) of a gap, with probability mass; with bridge financing
 * the city pays the whole team, which keeps working at full capacity. */
static void place_gap(struct timeline *tl, int64_t a, int64_t b, int64_t mass)
{
	add_span(tl, SPAN_GAP, a, b, mass);
	if (!tl->p->bridge)
		return;
	/* the city pays the whole team at current wages */
	add_span(tl, SPAN_PAID_CITY, a, b, mass);
	add_span(tl, SPAN_WORK, a, b, mass);
	add_span(tl, SPAN_COVER, a, b, mass);
}

/* The follow-up of a link that ends at month end: are any applications
 * for it written within the horizon? The first goes in
 * application-lead-months before the end. */
static int64_t first_application(const struct model_params *p, int64_t end)
{
	return end - p->application_lead_months;
}

/* Adds mass approved for a link starting at month next (after a gap of
 * gap months) to the link starts, with the expected staff loss: the early
 * leavers of the link before, and after an unbridged gap also leavers in
 * the gap, who make the start a fresh one. */
static void add_start(struct timeline *tl, struct link_start *starts, int64_t next, int64_t gap,
		      int64_t mass)
{
	struct link_start *ls = &starts[next];
	const struct leaving *lv = &tl->leave;

	if (next >= tl->months || mass == 0)
		return;
	ls->mass += mass;
	if (tl->p->bridge || gap == 0) {
		ls->lost += mul_div(mass, lv->seamless, SHARE_ONE);
		ls->gone += mul_div(mass, lv->all_seamless, SHARE_ONE);
		return;
	}
	ls->fresh += mass;
	ls->lost_fresh += mul_div(mass, lv->at_gap, SHARE_ONE);
	ls->lost += mul_div(mass, lv->at_gap, SHARE_ONE);
	ls->gone_fresh += mul_div(mass, lv->all_at_gap, SHARE_ONE);
	ls->gone += mul_div(mass, lv->all_at_gap, SHARE_ONE);
}

/* Every outcome after a link (start, ls): discontinued or not (d), then
 * applications one call cycle apart: the first follow-up in a running
 * programme is approved with follow-up-approval, every later one (after a
 * rejection or the programme's end: a new call) with approval.
 * Books the applications and the gap months by their probability and adds
 * the approved mass to the later link starts. */
static void expected_follow_up(struct timeline *tl, int64_t start, const struct link_start *ls,
			       struct link_start *starts)
{
	const struct model_params *p = tl->p;
	int64_t end = start + p->link_months, cycle = p->call_cycle_months;
	int64_t branch[2] = { mul_div(ls->mass, MODEL_PCT_ONE - p->discontinue, MODEL_PCT_ONE),
			      mul_div(ls->mass, p->discontinue, MODEL_PCT_ONE) };

	for (int64_t delayed = 0; delayed < 2; delayed++) {
		int64_t open = branch[delayed]; /* not yet approved */
		int64_t gap = p->gap_months + delayed * cycle;

		place_gap(tl, end, end + gap, open);
		for (int64_t t = first_application(p, end) + delayed * cycle;
		     open > 0 && t < tl->months; t += cycle, gap += cycle) {
			int64_t rate = !delayed && gap == p->gap_months ? p->follow_up_approval
									: p->approval;
			int64_t approved = mul_div(open, rate, MODEL_PCT_ONE);

			add_application(tl, max64(t, start), open);
			add_start(tl, starts, end + gap, gap, approved);
			open -= approved;
			/* rejected: the gap grows by one call cycle */
			place_gap(tl, end + gap, end + gap + cycle, open);
		}
	}
}

/* The expected-value chain: link 1 starts at month 0 for certain; every
 * later start month carries the probability that a link starts then. */
static void expected_chain(struct timeline *tl)
{
	struct link_start *starts = tl->starts;

	memset(starts, 0, (size_t)tl->months * sizeof(*starts));
	starts[0].mass = starts[0].fresh = SHARE_ONE;
	for (int64_t t = 0; t < tl->months; t++) {
		if (starts[t].mass == 0)
			continue;
		starts[t].early = mul_div(starts[t].mass, tl->p->early_leave, MODEL_PCT_ONE);
		starts[t].early_all = mul_div(starts[t].mass, tl->leave.all_seamless, SHARE_ONE);
		place_link(tl, t, &starts[t]);
		expected_follow_up(tl, t, &starts[t], starts);
	}
}

static int64_t persons_of(const struct model_params *p)
{
	return (p->staff_fte + 99) / 100;
}

/* How many of n persons leave, each with probability pct. */
static int64_t random_leavers(struct model_rng *rng, int64_t n, int64_t pct)
{
	int64_t left = 0;

	for (int64_t i = 0; i < n; i++)
		left += chance(rng, pct);
	return left;
}

/* The team of the next link: the early leavers of the link before and,
 * after an unbridged gap, each of the others leaving with staff-loss. */
static void random_next_team(const struct model_params *p, struct model_rng *rng, int64_t early,
			     int gapped, struct link_start *ls)
{
	int64_t persons = persons_of(p), left = early;

	*ls = (struct link_start){ SHARE_ONE, gapped ? SHARE_ONE : 0, 0, 0, 0, 0, 0, 0 };
	if (gapped)
		left += random_leavers(rng, persons - early, p->staff_loss);
	ls->lost = mul_div(left, SHARE_ONE, (u128)persons);
	ls->gone = left == persons ? SHARE_ONE : 0;
	if (gapped) {
		ls->lost_fresh = ls->lost;
		ls->gone_fresh = ls->gone;
	}
}

/* One random chain: per link the early leavers; per follow-up the
 * programme's end with probability d (the first application moves one
 * call cycle later), then applications one call cycle apart until one is
 * approved or the horizon is reached, then the leavers of the gap. */
static void random_chain(struct timeline *tl, struct model_rng *rng)
{
	const struct model_params *p = tl->p;
	struct link_start ls = { SHARE_ONE, SHARE_ONE, 0, 0, 0, 0, 0, 0 };
	int64_t start = 0, persons = persons_of(p);

	for (;;) {
		int64_t end = start + p->link_months, delays, t, early;

		early = random_leavers(rng, persons, p->early_leave);
		ls.early = mul_div(early, SHARE_ONE, (u128)persons);
		ls.early_all = early == persons ? SHARE_ONE : 0;
		place_link(tl, start, &ls);
		if (first_application(p, end) >= tl->months)
			return;
		delays = chance(rng, p->discontinue);
		for (t = first_application(p, end) + delays * p->call_cycle_months; t < tl->months;
		     t += p->call_cycle_months, delays++) {
			int64_t rate = t == first_application(p, end) ? p->follow_up_approval
								      : p->approval;

			add_application(tl, max64(t, start), SHARE_ONE);
			if (chance(rng, rate))
				break;
		}
		place_gap(tl, end, end + p->gap_months + delays * p->call_cycle_months, SHARE_ONE);
		start = end + p->gap_months + delays * p->call_cycle_months;
		if (start >= tl->months)
			return;
		random_next_team(p, rng, early, !p->bridge && start > end, &ls);
	}
}

/* One ramp-up, then full capacity; a yearly admin effort. */
static void place_sustained(struct timeline *tl)
{
	add_paid(tl, 0, tl->months, SHARE_ONE, 0);
	add_work(tl, 0, tl->months, SHARE_ONE);
	add_span(tl, SPAN_COVER, first_output(tl->p, 0), tl->months, SHARE_ONE);
	add_span(tl, SPAN_ADMIN, 0, tl->months, admin_rate(tl->p->sustained_admin_days, SHARE_ONE));
}

/* ---- from raw months to money and units -------------------------------- */

/* Money is first computed per month in micro-cents (exact to a millionth of
 * a cent, scaled by the month's wage and discount factor), then turned into
 * cents cumulatively: month m gets round(sum of months 0..m) - round(sum of
 * months 0..m-1), so months add up exactly to the rounded year and total,
 * and no rounding drifts (5 admin days a year at 400 EUR give 2.000,00 EUR
 * a year, not 12 x 166,67 EUR). The same holds for every unit. */
#define MICRO_CENTS ((int64_t)1000000)
#define FACTOR_ONE ((int64_t)1000000000) /* wage and discount factors */

/* A cumulative sum of micro-cents and the whole cents handed out so far. */
struct money_acc {
	u128 micro;
	int64_t cents;
};

/* Adds micro-cents; returns this month's whole cents. */
static int64_t money_part(struct money_acc *acc, u128 micro)
{
	int64_t before = acc->cents;

	if (micro == 0)
		return 0;
	acc->micro += micro;
	acc->cents = (int64_t)((acc->micro + MICRO_CENTS / 2) / MICRO_CENTS);
	return acc->cents - before;
}

struct costing {
	const struct model_params *p;
	int64_t mix[MODEL_NLEVELS]; /* pct */
	int grant;               /* the chain: repayment and pre-financing apply */
	u128 team_num, team_den; /* cents of paid mass, see costing_init */
	const int64_t *factor;   /* per year: wage growth times discount, FACTOR_ONE = 1 */
	const int64_t *discount; /* per year: the discount alone */
	struct money_acc paid, capped, bridge, admin, unmet;
	int64_t levels[MODEL_NLEVELS];           /* external shares given out */
	int64_t city_cents, wage_cents, repay_cents, prefinance_cents;
	int64_t admin_rate, admin_rate_days;      /* cumulative raw, micro days given out */
	int64_t work, service;
	int64_t covered, covered_micro, gap, gap_micro;
};

/* (1 + rate)^years (rate in pct), FACTOR_ONE = 1, rounded each year. */
static int64_t growth(int64_t rate, int years)
{
	int64_t f = FACTOR_ONE;

	for (int y = 0; y < years; y++)
		f = mul_div(f, MODEL_PCT_ONE + rate, MODEL_PCT_ONE);
	return f;
}

/* mix in pct (mix_pct_of). */
static void costing_init(struct costing *c, const struct timeline *tl, const int64_t *mix,
			 int grant)
{
	const struct model_params *p = tl->p;

	memset(c, 0, sizeof(*c));
	c->p = p;
	memcpy(c->mix, mix, sizeof(c->mix));
	c->grant = grant;
	c->factor = tl->factor;
	c->discount = tl->discount;
	/* micro-cents = paid * staff(x100) * cost-per-fte(µ€) * (1 + material) * 10^6 /
	 *               (SHARE_ONE * 100 * 12 months * MODEL_FINE * MODEL_PCT_ONE);
	 * the product with paid stays below 2^127 for every valid value */
	c->team_num = (u128)p->staff_fte * (u128)p->cost_per_fte *
		      (u128)(MODEL_PCT_ONE + p->material_share);
	c->team_den = (u128)SHARE_ONE * 100u * 12u * (u128)MODEL_FINE * (u128)MODEL_PCT_ONE /
		      (u128)MICRO_CENTS;
}

/* The yearly factors: wages grow by wage-growth a year (both scenarios),
 * money is discounted by discount-rate a year (year 1 not), and a capped
 * grant pays (1 + wage-growth)^-k of the wages k years after its start. */
static void timeline_factors(struct timeline *tl)
{
	const struct model_params *p = tl->p;

	for (int y = 0; y < p->horizon_years; y++) {
		int64_t wage = growth(p->wage_growth, y);

		tl->discount[y] = mul_div(FACTOR_ONE, FACTOR_ONE, (u128)growth(p->discount_rate, y));
		tl->factor[y] = mul_div(wage, tl->discount[y], FACTOR_ONE);
		tl->wage_back[y] = mul_div(SHARE_ONE, FACTOR_ONE, (u128)wage);
	}
}

/* Micro-cents of paid staff mass in a month with money factor f. */
static u128 staff_micro(const struct costing *c, int64_t mass, int64_t f)
{
	u128 micro;

	if (mass == 0)
		return 0;
	micro = ((u128)mass * c->team_num + c->team_den / 2) / c->team_den;
	return (micro * (u128)f + FACTOR_ONE / 2) / FACTOR_ONE;
}

/* value (µ€) times micro units, times the factor f, in micro-cents. */
static u128 valued_micro(int64_t micro_units, int64_t value, int64_t f)
{
	const u128 one = (u128)FACTOR_ONE * (u128)MODEL_FINE;

	if (micro_units <= 0 || value == 0)
		return 0;
	return ((u128)micro_units * (u128)value * (u128)f + one / 2) / one;
}

/* floor(cents * num / den) for cents, num >= 0: in 64 bits while the
 * product fits (every realistic sum), else in 128. */
static int64_t share_of(int64_t cents, int64_t num, int64_t den)
{
	if (num == 0)
		return 0;
	if (cents <= INT64_MAX / num)
		return cents * num / den;
	return (int64_t)((u128)cents * (u128)num / (u128)den);
}

/* Splits the cumulative staff cost: the partners pay their share of the
 * capped cost (the grant fixed at the start wages) less what is reclaimed
 * after audits; the city pays the rest. The parts of the city's cost that
 * wage growth and repayment cause are kept apart, and the pre-financing
 * interest on the partners' money is the city's too. Adds this month's
 * part to out. */
static void split_by_mix(struct costing *c, struct model_period *out)
{
	const struct model_params *p = c->p;
	int64_t repay = c->grant ? p->repayment : 0;
	int64_t full = 0, capped = 0, ext = 0, city_staff, wage, reclaimed;

	for (int l = 0; l < MODEL_MUNICIPAL; l++) {
		/* the partners' shares are cut down, the city takes every remainder */
		int64_t share = share_of(c->capped.cents, c->mix[l] * (MODEL_PCT_ONE - repay),
					 MODEL_PCT_ONE * MODEL_PCT_ONE);

		if (c->mix[l] == 0)
			continue;
		full += share_of(c->paid.cents, c->mix[l], MODEL_PCT_ONE);
		capped += share_of(c->capped.cents, c->mix[l], MODEL_PCT_ONE);
		out->cost[l] += share - c->levels[l];
		c->levels[l] = share;
		ext += share;
	}
	city_staff = c->paid.cents - ext;
	wage = full - capped;
	reclaimed = capped - ext;
	out->wage_cost += wage - c->wage_cents;
	out->repayment_cost += reclaimed - c->repay_cents;
	c->wage_cents = wage;
	c->repay_cents = reclaimed;
	out->cost[MODEL_MUNICIPAL] += city_staff - c->city_cents;
	c->city_cents = city_staff;
	if (c->grant && p->prefinance_months > 0 && p->prefinance_rate > 0) {
		/* interest on the partners' money for prefinance-months */
		u128 micro = (u128)ext * (u128)MICRO_CENTS * (u128)p->prefinance_months *
			     (u128)p->prefinance_rate / (12u * (u128)MODEL_PCT_ONE);
		int64_t now = (int64_t)((micro + MICRO_CENTS / 2) / MICRO_CENTS);

		out->prefinance_cost = now - c->prefinance_cents;
		c->prefinance_cents = now;
	}
}

/* Converts a cumulative raw sum into this month's rounded part. */
static int64_t cumulative_part(int64_t *raw_sum, int64_t *given, int64_t add, int64_t num,
			       u128 den)
{
	int64_t before = *given;

	if (add == 0)
		return 0;
	*raw_sum += add;
	*given = mul_div(*raw_sum, num, den);
	return *given - before;
}

static void finish_month(struct costing *c, int64_t m, const struct month_acc *acc,
			 struct model_period *out)
{
	const struct model_params *p = c->p;
	int64_t f = c->factor[m / 12];
	int64_t full_month;

	memset(out, 0, sizeof(*out));
	out->bridge_cost = money_part(&c->bridge, staff_micro(c, acc->paid[FUND_CITY], f));
	if (acc->paid[FUND_MIX] || acc->capped) {
		u128 paid = staff_micro(c, acc->paid[FUND_MIX], f);

		money_part(&c->paid, paid);
		/* uncapped (no wage growth, or sustained): the same money */
		money_part(&c->capped, acc->capped == acc->paid[FUND_MIX]
					       ? paid : staff_micro(c, acc->capped, f));
		split_by_mix(c, out);
	}
	/* µdays per year * ppm per month -> micro days: / (12 * 10^6) */
	out->admin_days = acc->admin_days + cumulative_part(&c->admin_rate, &c->admin_rate_days,
							    acc->admin_rate, 1, 12 * MODEL_ONE);
	out->admin_cost = money_part(&c->admin, valued_micro(out->admin_days, p->admin_day_cost, f));
	/* work / SHARE_ONE * staff(x100) / 100 FTE-months, in micro */
	out->service = cumulative_part(&c->work, &c->service, acc->work, p->staff_fte,
				       (u128)(SHARE_ONE / MODEL_ONE) * 100);
	full_month = p->staff_fte * (MODEL_ONE / 100);
	/* lost service is valued at today's money, discounted */
	out->unmet_cost = money_part(&c->unmet, valued_micro(full_month - out->service,
							      p->lost_service_value,
							      c->discount[m / 12]));
	out->cost[MODEL_MUNICIPAL] += out->bridge_cost + out->admin_cost + out->prefinance_cost +
				      out->unmet_cost;
	out->covered = cumulative_part(&c->covered, &c->covered_micro, acc->covered, 1,
				       SHARE_ONE / MODEL_ONE);
	out->gap = cumulative_part(&c->gap, &c->gap_micro, acc->gap, 1, SHARE_ONE / MODEL_ONE);
	out->replaced = acc->replaced;
	out->applications = acc->applications;
}

static void period_add(struct model_period *to, const struct model_period *x)
{
	for (int l = 0; l < MODEL_NLEVELS; l++)
		to->cost[l] += x->cost[l];
	to->admin_cost += x->admin_cost;
	to->bridge_cost += x->bridge_cost;
	to->prefinance_cost += x->prefinance_cost;
	to->wage_cost += x->wage_cost;
	to->repayment_cost += x->repayment_cost;
	to->unmet_cost += x->unmet_cost;
	to->service += x->service;
	to->covered += x->covered;
	to->gap += x->gap;
	to->replaced += x->replaced;
	to->admin_days += x->admin_days;
	to->applications += x->applications;
}

/* Years and total as sums of the months. */
static void sum_series(struct model_series *s)
{
	memset(s->year, 0, sizeof(s->year));
	memset(&s->total, 0, sizeof(s->total));
	for (int m = 0; m < s->nmonths; m++) {
		period_add(&s->year[m / 12], &s->month[m]);
		period_add(&s->total, &s->month[m]);
	}
}

int64_t model_metric(const struct model_period *p, int months, enum model_metric m)
{
	int64_t cost = 0;

	for (int l = 0; l < MODEL_NLEVELS; l++)
		cost += p->cost[l];
	switch (m) {
	case MODEL_M_COST:
		return cost;
	case MODEL_M_EU:
		return p->cost[MODEL_EU];
	case MODEL_M_FEDERAL:
		return p->cost[MODEL_FEDERAL];
	case MODEL_M_STATE:
		return p->cost[MODEL_STATE];
	case MODEL_M_MUNICIPAL:
		return p->cost[MODEL_MUNICIPAL];
	case MODEL_M_ADMIN_COST:
		return p->admin_cost;
	case MODEL_M_BRIDGE_COST:
		return p->bridge_cost;
	case MODEL_M_PREFINANCE_COST:
		return p->prefinance_cost;
	case MODEL_M_WAGE_COST:
		return p->wage_cost;
	case MODEL_M_REPAYMENT_COST:
		return p->repayment_cost;
	case MODEL_M_UNMET_COST:
		return p->unmet_cost;
	case MODEL_M_SERVICE:
		return p->service;
	case MODEL_M_COVERAGE:
		return months > 0 ? mul_div(p->covered, 10000, (u128)months * MODEL_ONE) : 0;
	case MODEL_M_GAP:
		return p->gap;
	case MODEL_M_REPLACED:
		return p->replaced;
	case MODEL_M_ADMIN_DAYS:
		return p->admin_days;
	case MODEL_M_APPLICATIONS:
		return p->applications;
	case MODEL_M_COST_PER_FTE_MONTH:
		return p->service > 0 ? mul_div(cost, MODEL_ONE, (u128)p->service) : MODEL_UNDEFINED;
	case MODEL_NMETRICS:
		break;
	}
	return 0;
}

int64_t model_metric_diff(int64_t a, int64_t b)
{
	return a == MODEL_UNDEFINED || b == MODEL_UNDEFINED ? MODEL_UNDEFINED : a - b;
}

int64_t model_micro_to_hundredths(int64_t micro)
{
	return micro >= 0 ? (micro + 5000) / 10000 : -((-micro + 5000) / 10000);
}

/* ---- runs --------------------------------------------------------------- */

enum scenario { SUSTAINED, CHAIN_EXPECTED, CHAIN_RANDOM };

/* Lays out one scenario and converts its months into out (which must
 * have nmonths set), split by mix. Only the chain's grants are capped at
 * the start wages, reclaimed after audits and pre-financed. mix in pct. */
static void run_once(struct timeline *tl, enum scenario what, struct model_rng *rng,
		     const int64_t *mix, struct model_series *out)
{
	struct costing c;

	memset(tl->m, 0, (size_t)tl->months * sizeof(*tl->m));
	tl->capping = what != SUSTAINED && tl->p->fixed_grant && tl->p->wage_growth > 0;
	if (what == SUSTAINED)
		place_sustained(tl);
	else if (what == CHAIN_EXPECTED)
		expected_chain(tl);
	else
		random_chain(tl, rng);
	costing_init(&c, tl, mix, what != SUSTAINED);
	for (int64_t m = 0; m < tl->months; m++)
		finish_month(&c, m, &tl->m[m], &out->month[m]);
	sum_series(out);
}

/* Means of the runs per month, rounded cumulatively like the money (see
 * struct costing): month m gets round(sum of months 0..m / runs) -
 * round(sum of months 0..m-1 / runs), field by field. */
static void series_mean(struct model_series *out, const struct model_period *sums, int64_t runs)
{
	struct model_period cum = { 0 }, given = { 0 };

	for (int m = 0; m < out->nmonths; m++) {
		struct model_period *p = &out->month[m];
		struct model_period now;

		period_add(&cum, &sums[m]);
		for (int l = 0; l < MODEL_NLEVELS; l++)
			now.cost[l] = mul_div(cum.cost[l], 1, (u128)runs);
		now.admin_cost = mul_div(cum.admin_cost, 1, (u128)runs);
		now.bridge_cost = mul_div(cum.bridge_cost, 1, (u128)runs);
		now.prefinance_cost = mul_div(cum.prefinance_cost, 1, (u128)runs);
		now.wage_cost = mul_div(cum.wage_cost, 1, (u128)runs);
		now.repayment_cost = mul_div(cum.repayment_cost, 1, (u128)runs);
		now.unmet_cost = mul_div(cum.unmet_cost, 1, (u128)runs);
		now.service = mul_div(cum.service, 1, (u128)runs);
		now.covered = mul_div(cum.covered, 1, (u128)runs);
		now.gap = mul_div(cum.gap, 1, (u128)runs);
		now.replaced = mul_div(cum.replaced, 1, (u128)runs);
		now.admin_days = mul_div(cum.admin_days, 1, (u128)runs);
		now.applications = mul_div(cum.applications, 1, (u128)runs);
		*p = now;
		for (int l = 0; l < MODEL_NLEVELS; l++)
			p->cost[l] -= given.cost[l];
		p->admin_cost -= given.admin_cost;
		p->bridge_cost -= given.bridge_cost;
		p->prefinance_cost -= given.prefinance_cost;
		p->wage_cost -= given.wage_cost;
		p->repayment_cost -= given.repayment_cost;
		p->unmet_cost -= given.unmet_cost;
		p->service -= given.service;
		p->covered -= given.covered;
		p->gap -= given.gap;
		p->replaced -= given.replaced;
		p->admin_days -= given.admin_days;
		p->applications -= given.applications;
		given = now;
	}
}

static int compare_int64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/* Nearest rank: the value at rank ceil(q/100 * n) of the sorted values. */
static int64_t nearest_rank(const int64_t *sorted, int64_t n, int q)
{
	int64_t rank = (q * n + 99) / 100;

	return sorted[rank < 1 ? 0 : rank - 1];
}

static void spread_of(int64_t *values, int64_t n, struct model_spread *out)
{
	qsort(values, (size_t)n, sizeof(*values), compare_int64);
	out->p10 = nearest_rank(values, n, 10);
	out->p50 = nearest_rank(values, n, 50);
	out->p90 = nearest_rank(values, n, 90);
	/* An undefined cost per FTE-month sorts last as INT64_MAX. */
	if (out->p10 == INT64_MAX)
		out->p10 = MODEL_UNDEFINED;
	if (out->p50 == INT64_MAX)
		out->p50 = MODEL_UNDEFINED;
	if (out->p90 == INT64_MAX)
		out->p90 = MODEL_UNDEFINED;
}

struct mc_work {
	struct model_series *one;  /* the current run */
	struct model_period *sums; /* per month, over the runs */
	int64_t *values;          /* per metric, runs each */
};

static void mc_free(struct mc_work *w)
{
	free(w->one);
	free(w->sums);
	free(w->values);
}

static int monte_carlo(struct timeline *tl, struct model_result *r, struct ft_error *err)
{
	struct mc_work w = { 0 };
	struct model_rng rng;
	int64_t runs = r->runs, chain[MODEL_NLEVELS];

	w.one = calloc(1, sizeof(*w.one));
	w.sums = calloc((size_t)tl->months, sizeof(*w.sums));
	w.values = calloc((size_t)runs * MODEL_NMETRICS, sizeof(*w.values));
	if (!w.one || !w.sums || !w.values) {
		mc_free(&w);
		return ft_fail(err, "out of memory for %lld model runs", (long long)runs);
	}
	w.one->nmonths = r->chain.nmonths;
	w.one->nyears = r->chain.nyears;
	model_rng_seed(&rng, r->seed);
	mix_in_pct(tl->p->chain_mix, chain);
	for (int64_t i = 0; i < runs; i++) {
		run_once(tl, CHAIN_RANDOM, &rng, chain, w.one);
		for (int m = 0; m < w.one->nmonths; m++)
			period_add(&w.sums[m], &w.one->month[m]);
		for (int k = 0; k < MODEL_NMETRICS; k++) {
			int64_t v = model_metric(&w.one->total, w.one->nmonths, (enum model_metric)k);

			w.values[(size_t)k * (size_t)runs + (size_t)i] =
				v == MODEL_UNDEFINED ? INT64_MAX : v;
		}
	}
	series_mean(&r->chain, w.sums, runs);
	sum_series(&r->chain);
	for (int k = 0; k < MODEL_NMETRICS; k++)
		spread_of(w.values + (size_t)k * (size_t)runs, runs, &r->chain_spread[k]);
	mc_free(&w);
	return 0;
}

/* q ^ persons (SHARE_ONE = 1): the chance that every one of
 * ceil(staff-fte) persons leaves when each does with probability q. */
static int64_t all_leave(const struct model_params *p, int64_t q)
{
	int64_t prob = SHARE_ONE;

	for (int64_t i = 0; i < persons_of(p) && prob > 0; i++)
		prob = mul_div(prob, q, SHARE_ONE);
	return prob;
}

/* Each person leaves early with E, else in an unbridged gap with L:
 * together E + (1 - E) L. */
static void leaving_of(const struct model_params *p, struct leaving *lv)
{
	int64_t e = mul_div(p->early_leave, SHARE_ONE, MODEL_PCT_ONE);
	int64_t l = mul_div(p->staff_loss, SHARE_ONE, MODEL_PCT_ONE);

	lv->seamless = e;
	lv->at_gap = e + mul_div(SHARE_ONE - e, l, SHARE_ONE);
	lv->all_seamless = all_leave(p, lv->seamless);
	lv->all_at_gap = all_leave(p, lv->at_gap);
}

const int64_t *model_sustained_mix(const struct model_params *p)
{
	return p->sustained_same ? p->chain_mix : p->sustained_mix;
}

void model_mix_with_city_share(const int64_t base[MODEL_NLEVELS], int64_t share,
			       int64_t out[MODEL_NLEVELS])
{
	int64_t others = MODEL_PCT_ONE - base[MODEL_MUNICIPAL] * MODEL_BP;
	int64_t rest = MODEL_PCT_ONE - share, given = 0;
	int first = -1;

	for (int l = 0; l < MODEL_MUNICIPAL; l++) {
		out[l] = others > 0 ? mul_div(base[l] * MODEL_BP, rest, (u128)others) : 0;
		given += out[l];
		if (first < 0 && base[l] > 0)
			first = l;
	}
	out[first < 0 ? MODEL_STATE : first] += rest - given;
	out[MODEL_MUNICIPAL] = share;
}

/* The mix of the second scenario in pct: the city's share set, or the
 * changed sustained mix; 0 when there is none. */
static int second_mix(const struct model_params *p, int64_t mix[MODEL_NLEVELS])
{
	if (p->sustained_city_share >= 0) {
		model_mix_with_city_share(model_sustained_mix(p), p->sustained_city_share, mix);
		return 1;
	}
	if (p->sustained_same || memcmp(p->sustained_mix, p->chain_mix, sizeof(p->chain_mix)) == 0)
		return 0;
	mix_in_pct(p->sustained_mix, mix);
	return 1;
}

int model_run(const struct model_params *p, int runs, uint64_t seed,
	      struct model_result **out, struct ft_error *err)
{
	struct model_result *r;
	struct timeline tl;
	int64_t chain[MODEL_NLEVELS], second[MODEL_NLEVELS];
	int rc = 0;

	if (model_params_check(p, err))
		return -1;
	if (runs < 0 || runs > MODEL_MAX_RUNS)
		return ft_fail(err, "invalid number of runs %d: expected 0 to %d", runs,
			       MODEL_MAX_RUNS);
	r = calloc(1, sizeof(*r));
	memset(&tl, 0, sizeof(tl));
	tl.p = p;
	tl.months = p->horizon_years * 12;
	leaving_of(p, &tl.leave);
	timeline_factors(&tl);
	tl.m = calloc((size_t)tl.months, sizeof(*tl.m));
	tl.starts = calloc((size_t)tl.months, sizeof(*tl.starts));
	if (!r || !tl.m || !tl.starts) {
		free(r);
		free(tl.m);
		free(tl.starts);
		return ft_fail(err, "out of memory for the model");
	}
	r->params = *p;
	r->runs = runs;
	r->seed = seed;
	r->chain.nmonths = r->sustained.nmonths = r->changed_mix.nmonths = (int)tl.months;
	r->chain.nyears = r->sustained.nyears = r->changed_mix.nyears = (int)p->horizon_years;
	mix_in_pct(p->chain_mix, chain);
	run_once(&tl, SUSTAINED, NULL, chain, &r->sustained);
	r->has_changed_mix = second_mix(p, second);
	if (r->has_changed_mix)
		run_once(&tl, SUSTAINED, NULL, second, &r->changed_mix);
	if (runs == 0)
		run_once(&tl, CHAIN_EXPECTED, NULL, chain, &r->chain);
	else
		rc = monte_carlo(&tl, r, err);
	free(tl.m);
	free(tl.starts);
	if (rc) {
		free(r);
		return -1;
	}
	*out = r;
	return 0;
}

void model_result_free(struct model_result *r)
{
	free(r);
}
