#include "demo.h"

#include <stdio.h>
#include <string.h>

#include "date.h"
#include "grantset.h"
#include "ledger.h"
#include "proof.h"

/* ---- the data set ---------------------------------------------------- */

static const struct district_input demo_districts[] = {
	{ "NST-NM", "Nordstadt – Nordmarkt", 1 },
	{ "NST-BP", "Nordstadt – Borsigplatz", 1 },
	{ "NST-HA", "Nordstadt – Hafen", 1 },
	{ "HOE-CL", "Hörde – Clarenberg", 1 },
	{ "SCH-O", "Scharnhorst-Ost", 1 },
	{ "EV-L", "Eving – Lindenhorst", 1 },
	{ "HUC", "Huckarde", 0 },
	{ "INN-W", "Innenstadt-West", 0 },
};

static const struct funder_input demo_funders[] = {
	{ "EU-ESF", "Europäische Union – Europäischer Sozialfonds Plus", "eu" },
	{ "BMAS", "Bundesministerium für Arbeit und Soziales", "federal" },
	{ "BAMF", "Bundesamt für Migration und Flüchtlinge", "federal" },
	{ "MKJFGFI", "Ministerium für Kinder, Jugend, Familie, Gleichstellung, Flucht und "
		     "Integration NRW", "state" },
	{ "BR-MS", "Bezirksregierung Münster (Städtebauförderung)", "state" },
	{ "MAGS", "Ministerium für Arbeit, Gesundheit und Soziales NRW", "state" },
	{ "DO", "Stadt Dortmund – Haushalt", "municipal" },
};

static const struct programme_input demo_programmes[] = {
	/* code, name, funder, fund, rate, financing, drawdown days, proof months */
	{ "EHAP-EU", "EhAP Plus – Eingliederung hilfebedürftiger Personen (EU-Anteil)", "EU-ESF",
	  "ESF+", 8500, "share", 0, 6 },
	{ "EHAP-BUND", "EhAP Plus – Bundesanteil", "BMAS", "ESF+", 1000, "share", 0, 6 },
	{ "SOE", "Zuwanderung aus Südosteuropa", "MKJFGFI", NULL, 8000, "share", 0, 6 },
	{ "SZ", "Sozialer Zusammenhalt (Städtebauförderung)", "BR-MS", "StBauF", 6000, "share",
	  0, 12 },
	{ "ESF-NRW", "Starke Quartiere – starke Menschen", "EU-ESF", "ESF", 5000, "share", 60, 6 },
	{ "GES-NRW", "Gesundheit im Quartier NRW", "MAGS", NULL, 7000, "deficit", 0, 6 },
	{ "MBE", "Migrationsberatung für erwachsene Zugewanderte", "BAMF", NULL, 9000, "deficit",
	  0, 6 },
	{ "KOM", "Kommunaler Eigenanteil / Haushaltsmittel", "DO", NULL, 10000, "full", 60, 6 },
};

/* A share of a project's costs paid by one programme. */
struct demo_share {
	const char *programme;
	int percent;
};

struct demo_project {
	const char *code, *title, *field, *district, *carrier, *target_group;
	int start_month, end_month; /* months from the current one (0 = this month) */
	const char *follows;
	int costs_keur;
	struct demo_share shares[3];
	const char *status; /* NULL: derived from the dates */
};

#define EHAP_MIX { { "EHAP-EU", 85 }, { "EHAP-BUND", 10 }, { "KOM", 5 } }
#define SOE_MIX { { "SOE", 80 }, { "KOM", 20 }, { NULL, 0 } }
#define GES_MIX { { "GES-NRW", 70 }, { "KOM", 30 }, { NULL, 0 } }
#define SZ_MIX { { "SZ", 60 }, { "KOM", 40 }, { NULL, 0 } }
#define ESF_MIX { { "ESF-NRW", 50 }, { "KOM", 50 }, { NULL, 0 } }

static const struct demo_project demo_projects[] = {
	/* Chain A: the NRW South-East-Europe programme, itself a chain with gaps. */
	{ "ANK-1", "Ankommen in der Nordstadt I", "social-work", "NST-NM", "Caritas Dortmund",
	  "Neuzugewanderte aus Rumänien und Bulgarien", -94, -59, NULL, 900, SOE_MIX, NULL },
	{ "ANK-2", "Ankommen in der Nordstadt II", "social-work", "NST-NM", "Caritas Dortmund",
	  "Neuzugewanderte aus Rumänien und Bulgarien", -55, -32, "ANK-1", 640, SOE_MIX, NULL },
	{ "ANK-3", "Ankommen in der Nordstadt III", "social-work", "NST-NM", "Caritas Dortmund",
	  "Neuzugewanderte aus Rumänien und Bulgarien", -27, -6, "ANK-2", 560, SOE_MIX, NULL },
	{ "ANK-4", "Ankommen in der Nordstadt IV", "social-work", "NST-NM", "Caritas Dortmund",
	  "Neuzugewanderte aus Rumänien und Bulgarien", 3, 26, "ANK-3", 600, SOE_MIX, "applied" },
	/* Chain B: EHAP, EU 85 / Bund 10 / own 5 %. */
	{ "SPR-1", "Sprachbrücke Nordstadt I", "language", "NST-BP", "AWO Unterbezirk Dortmund",
	  "Neu zugewanderte Familien", -72, -37, NULL, 750, EHAP_MIX, NULL },
	{ "SPR-2", "Sprachbrücke Nordstadt II", "language", "NST-BP", "AWO Unterbezirk Dortmund",
	  "Neu zugewanderte Familien", -33, 2, "SPR-1", 780, EHAP_MIX, NULL },
	/* Chain C: health guides, short links. */
	{ "GES-1", "Gesundheitslotsen Nordstadt I", "health", "NST-HA", "Gesundheitsamt / Diakonie",
	  "Menschen ohne Krankenversicherung", -60, -37, NULL, 420, GES_MIX, NULL },
	{ "GES-2", "Gesundheitslotsen Nordstadt II", "health", "NST-HA", "Gesundheitsamt / Diakonie",
	  "Menschen ohne Krankenversicherung", -35, -13, "GES-1", 430, GES_MIX, NULL },
	{ "GES-3", "Gesundheitslotsen Nordstadt III", "health", "NST-HA", "Gesundheitsamt / Diakonie",
	  "Menschen ohne Krankenversicherung", -11, 12, "GES-2", 450, GES_MIX, NULL },
	/* Chain D: housing, continued without a gap. WOH-1 ended twelve months
	 * ago: its Städtebauförderung proof (12 months) falls due this month. */
	{ "WOH-1", "Wohnungsnotfallhilfe Nordstadt I", "housing", "NST-NM", "Diakonie Dortmund",
	  "Wohnungslose und von Wohnungslosigkeit Bedrohte", -48, -12, NULL, 1200, SZ_MIX, NULL },
	{ "WOH-2", "Wohnungsnotfallhilfe Nordstadt II", "housing", "NST-NM", "Diakonie Dortmund",
	  "Wohnungslose und von Wohnungslosigkeit Bedrohte", -11, 23, "WOH-1", 1250, SZ_MIX, NULL },
	/* Single projects. */
	{ "QUA-1", "Berufseinstieg Borsigplatz", "qualification", "NST-BP", "GrünBau gGmbH",
	  "Junge Erwachsene ohne Ausbildung", -20, 4, NULL, 520, ESF_MIX, NULL },
	{ "QUA-2", "Werkstatt am Hafen", "qualification", "NST-HA", "Werkstatt im Kreis gGmbH",
	  "Langzeitarbeitslose", -30, -9, NULL, 380, ESF_MIX, "running" },
	{ "QUA-3", "Jobcoaching Scharnhorst", "qualification", "SCH-O", "IN VIA Dortmund",
	  "Alleinerziehende im SGB II", -8, 16, NULL, 300, ESF_MIX, NULL },
	{ "QUA-4", "Ausbildungsbrücke Huckarde", "qualification", "HUC", "Handwerkskammer Dortmund",
	  "Jugendliche mit Fluchtgeschichte", -4, 32, NULL, 610, ESF_MIX, NULL },
	{ "GES-4", "Clearingstelle Gesundheit", "health", "INN-W", "Gesundheitsamt Dortmund",
	  "Menschen ohne Krankenversicherung", -40, 20, NULL, 500,
	  { { "GES-NRW", 70 }, { "KOM", 40 }, { NULL, 0 } }, NULL },
	{ "SOZ-5", "Quartiersmanagement Hörde-Clarenberg", "social-work", "HOE-CL",
	  "Quartiersbüro Clarenberg e.V.", "Bewohnerinnen und Bewohner", -24, 12, NULL, 540,
	  SZ_MIX, NULL },
	{ "SOZ-6", "Streetwork Innenstadt", "social-work", "INN-W", "Grünbau / Kana Suppenküche",
	  "Menschen auf der Straße", -18, 6, NULL, 260,
	  { { "MBE", 90 }, { "KOM", 10 }, { NULL, 0 } }, NULL },
	{ "WOH-3", "Housing First Dortmund", "housing", "EV-L", "bodo e.V.",
	  "Langzeitwohnungslose", -15, 21, NULL, 880, GES_MIX, NULL },
	{ "SPR-4", "Elterncafé Eving", "language", "EV-L", "Stadtteilschule Eving",
	  "Eltern mit geringen Deutschkenntnissen", -6, 5, NULL, 60,
	  { { "KOM", 100 }, { NULL, 0 }, { NULL, 0 } }, NULL },
	{ "SPR-5", "Mehrsprachige Kita-Begleitung", "language", "NST-BP", "Planerladen e.V.",
	  "Kinder unter sechs Jahren und ihre Eltern", -10, 26, NULL, 690, EHAP_MIX, NULL },
};

enum { NPROJECTS = sizeof(demo_projects) / sizeof(demo_projects[0]) };

/* ---- dates relative to today ----------------------------------------- */

struct demo_clock {
	char today[DATE_BUF];
	char month0[DATE_BUF]; /* first day of the current month */
};

static void first_day(const struct demo_clock *c, int month, char out[DATE_BUF])
{
	date_add_months(c->month0, month, out);
}

static void last_day(const struct demo_clock *c, int month, char out[DATE_BUF])
{
	char next[DATE_BUF];

	date_add_months(c->month0, month + 1, next);
	date_from_days(date_to_days(next) - 1, out);
}

/* Day d (1..28) of month offset m. */
static void day_of(const struct demo_clock *c, int month, int day, char out[DATE_BUF])
{
	char first[DATE_BUF];

	first_day(c, month, first);
	date_from_days(date_to_days(first) + day - 1, out);
}

/* ---- writing ---------------------------------------------------------- */

struct demo_run {
	struct store *st;
	struct demo_clock clock;
	struct demo_summary *sum;
	int grant_serial;
};

static int add_master_data(struct demo_run *r, struct ft_error *err)
{
	struct city_input city = { "05913000", "Dortmund", 586852, 1 };

	if (ledger_add_city(r->st, &city, err))
		return -1;
	for (size_t i = 0; i < sizeof(demo_districts) / sizeof(demo_districts[0]); i++, r->sum->districts++)
		if (ledger_add_district(r->st, &demo_districts[i], err))
			return -1;
	for (size_t i = 0; i < sizeof(demo_funders) / sizeof(demo_funders[0]); i++, r->sum->funders++)
		if (ledger_add_funder(r->st, &demo_funders[i], err))
			return -1;
	for (size_t i = 0; i < sizeof(demo_programmes) / sizeof(demo_programmes[0]);
	     i++, r->sum->programmes++)
		if (ledger_add_programme(r->st, &demo_programmes[i], err))
			return -1;
	return 0; /* the base rates come with the schema (007) */
}

/* A chain counts once, at its second link: the link whose predecessor
 * follows nothing. Single projects are not chains. */
static int follows_a_chain_head(const struct demo_project *p)
{
	if (!p->follows)
		return 0;
	for (size_t i = 0; i < NPROJECTS; i++)
		if (strcmp(demo_projects[i].code, p->follows) == 0)
			return demo_projects[i].follows == NULL;
	return 0;
}

static int add_project(struct demo_run *r, const struct demo_project *p, struct ft_error *err)
{
	char start[DATE_BUF], end[DATE_BUF];
	struct project_input in = {
		.code = p->code, .title = p->title, .field = p->field,
		.district_code = p->district, .carrier = p->carrier,
		.target_group = p->target_group, .start = start, .end = end,
		.costs = (int64_t)p->costs_keur * 100000, .follows_code = p->follows,
	};

	first_day(&r->clock, p->start_month, start);
	last_day(&r->clock, p->end_month, end);
	r->sum->projects++;
	if (follows_a_chain_head(p))
		r->sum->chains++;
	return ledger_add_project(r->st, &in, err);
}

/* The lifecycle state a grant with this period has reached today. */
static const char *derived_status(const struct demo_clock *c, const char *from, const char *to,
				  int proof_months)
{
	char proof_due[DATE_BUF];

	if (strcmp(from, c->today) > 0)
		return "approved";
	if (strcmp(to, c->today) >= 0)
		return "running";
	date_add_months(to, proof_months, proof_due);
	return strcmp(proof_due, c->today) < 0 ? "closed" : "proof-due";
}

struct demo_grant {
	const struct demo_project *project;
	const struct demo_share *share;
	char ref[64];
	char from[DATE_BUF], to[DATE_BUF];
	int64_t amount;
	int months;
	const char *status;
};

static int proof_months_of(const char *programme)
{
	for (size_t i = 0; i < sizeof(demo_programmes) / sizeof(demo_programmes[0]); i++)
		if (strcmp(demo_programmes[i].code, programme) == 0)
			return demo_programmes[i].proof_months;
	return 6;
}

static int add_allocations(struct demo_run *r, const struct demo_grant *g, struct ft_error *err)
{
	int first_year = date_year(g->from), last_year = date_year(g->to);
	int64_t allocated = 0;

	for (int y = first_year; y <= last_year; y++) {
		int64_t amount;

		if (y == last_year) {
			amount = g->amount - allocated;
		} else {
			char year_end[DATE_BUF];
			long from_days = date_to_days(g->from), span = date_to_days(g->to) - from_days + 1;

			snprintf(year_end, sizeof(year_end), "%04d-12-31", y);
			/* Allocate in proportion to the days of the period in this year. */
			amount = g->amount * (date_to_days(year_end) - from_days + 1) / span - allocated;
		}
		/* QUA-1: the yearly split was never updated after an increase (a
		 * finding; a split above the grant could not be true). */
		if (strcmp(g->project->code, "QUA-1") == 0 && y == last_year)
			amount -= 1500000;
		if (ledger_set_allocation(r->st, g->ref, y, amount, err))
			return -1;
		allocated += amount;
		r->sum->allocations++;
	}
	return 0;
}

/* A booking; service is when the expense arose (NULL: not given). */
static int book_for(struct demo_run *r, const char *ref, const char *kind, int64_t amount,
		    const char *date, const char *service, const char *reference,
		    struct ft_error *err)
{
	struct booking_input in = { ref, kind, amount, date, reference, NULL, service };

	if (amount <= 0)
		return 0;
	r->sum->bookings++;
	if (strcmp(kind, "drawdown") == 0)
		r->sum->drawn_cents += amount;
	if (strcmp(kind, "expenditure") == 0)
		r->sum->spent_cents += amount;
	return ledger_add_booking(r->st, &in, NULL, NULL, err);
}

static int book(struct demo_run *r, const char *ref, const char *kind, int64_t amount,
		const char *date, const char *reference, struct ft_error *err)
{
	return book_for(r, ref, kind, amount, date, NULL, reference, err);
}

/* Monthly: draw the month's share on the 3rd, spend it by the 20th. */
static int add_monthly_bookings(struct demo_run *r, const struct demo_grant *g,
				struct ft_error *err)
{
	int64_t per_month = g->amount / g->months;
	int m0 = 0;
	char first[DATE_BUF];

	/* month offset of the grant's first month */
	first_day(&r->clock, 0, first);
	while (strcmp(first, g->from) > 0)
		first_day(&r->clock, --m0, first);
	while (strcmp(first, g->from) < 0)
		first_day(&r->clock, ++m0, first);
	for (int i = 0; i < g->months; i++) {
		char drawn_on[DATE_BUF], spent_on[DATE_BUF], reference[32];
		int64_t amount = i == g->months - 1 ? g->amount - per_month * (g->months - 1) : per_month;

		day_of(&r->clock, m0 + i, 3, drawn_on);
		day_of(&r->clock, m0 + i, 20, spent_on);
		if (strcmp(drawn_on, r->clock.today) > 0)
			break;
		snprintf(reference, sizeof(reference), "MA-%02d", i + 1);
		if (book(r, g->ref, "drawdown", amount, drawn_on, reference, err))
			return -1;
		if (strcmp(spent_on, r->clock.today) > 0)
			break;
		snprintf(reference, sizeof(reference), "AO-%02d", i + 1);
		if (book(r, g->ref, "expenditure", amount, spent_on, reference, err))
			return -1;
	}
	return 0;
}

/* Deliberate irregularities so that every rule check has something to find. */
static int add_special_bookings(struct demo_run *r, const struct demo_grant *g,
				struct ft_error *err)
{
	const char *code = g->project->code;
	int municipal = strcmp(g->share->programme, "KOM") == 0;
	char date[DATE_BUF];

	if (municipal)
		return 0;
	if (strcmp(code, "WOH-3") == 0) {
		/* Six months drawn at once three months ago, little spent since. */
		day_of(&r->clock, -3, 2, date);
		return book(r, g->ref, "drawdown", g->amount / g->months * 6, date, "MA-VORAB", err);
	}
	if (strcmp(code, "GES-2") == 0) {
		/* An invoice paid after the approval period ended, without its
		 * service date, and a course held after the end. */
		day_of(&r->clock, -12, 10, date);
		if (book(r, g->ref, "expenditure", 1250000, date, "AO-NACH", err))
			return -1;
		return book_for(r, g->ref, "expenditure", 300000, date, date, "AO-KURS", err);
	}
	if (strcmp(code, "SOZ-6") == 0) {
		/* Spent above the cap from own funds: 40 % more than the months
		 * booked so far (about three quarters of the cap) leaves it well
		 * above 100 %. (Drawn above the cap could not be true: FT-OVER-CAP
		 * makes an export invalid, so the demo has none.) */
		day_of(&r->clock, -1, 25, date);
		return book(r, g->ref, "expenditure", g->amount * 2 / 5, date, "AO-MEHR", err);
	}
	if (strcmp(code, "ANK-1") == 0) {
		/* Partial revocation after the proof of use: repayment with interest. */
		day_of(&r->clock, -50, 15, date);
		if (book(r, g->ref, "repayment", 2140000, date, "RZ-01", err))
			return -1;
		return book(r, g->ref, "interest", 61300, date, "ZI-01", err);
	}
	return 0;
}

static int record_proof(struct demo_run *r, const struct demo_grant *g, int final, int year,
			const char *date, struct ft_error *err)
{
	struct proof_input in = { g->ref, final, year, date, NULL };

	r->sum->proofs++;
	return proof_add(r->st, &in, err);
}

/* Proofs of use handed in on time: interim proofs ten days before their
 * 30 April, final proofs three months after a closed grant's period.
 * Deliberate gap: GES-4's state grant lacks its latest interim proof. */
static int add_proofs(struct demo_run *r, const struct demo_grant *g, struct ft_error *err)
{
	int skip_latest = strcmp(g->project->code, "GES-4") == 0 &&
			  strcmp(g->share->programme, "GES-NRW") == 0;
	char due[DATE_BUF], handed_in[DATE_BUF];
	int first = date_year(g->from), last = date_year(g->to) - 1, latest = 0;

	for (int y = first; y <= last; y++) {
		gs_interim_due(y, due);
		if (strcmp(due, r->clock.today) < 0)
			latest = y;
	}
	for (int y = first; y <= latest; y++) {
		gs_interim_due(y, due);
		date_from_days(date_to_days(due) - 10, handed_in);
		if ((skip_latest && y == latest) || strcmp(handed_in, g->from) < 0)
			continue;
		if (record_proof(r, g, 0, y, handed_in, err))
			return -1;
	}
	if (strcmp(g->status, "closed") != 0)
		return 0;
	date_add_months(g->to, 3, handed_in);
	return record_proof(r, g, 1, 0, handed_in, err);
}

static int months_between(const struct demo_project *p)
{
	return p->end_month - p->start_month + 1;
}

static int add_grant(struct demo_run *r, const struct demo_project *p, const struct demo_share *s,
		     struct ft_error *err)
{
	struct demo_grant g = { .project = p, .share = s };
	char decided[DATE_BUF];
	struct grant_input in;

	first_day(&r->clock, p->start_month, g.from);
	last_day(&r->clock, p->end_month, g.to);
	g.months = months_between(p);
	g.amount = (int64_t)p->costs_keur * 100000 * s->percent / 100;
	g.status = p->status ? p->status
			     : derived_status(&r->clock, g.from, g.to, proof_months_of(s->programme));
	snprintf(g.ref, sizeof(g.ref), "%s-%d/%03d", s->programme, date_year(g.from),
		 ++r->grant_serial);
	day_of(&r->clock, p->start_month - 1, 12, decided);
	in = (struct grant_input){
		.ref = g.ref, .project_code = p->code, .programme_code = s->programme,
		.approved = g.amount, .eligible = (int64_t)p->costs_keur * 100000,
		.from = g.from, .to = g.to, .rate_bp = -1, .status = g.status,
		.decided = strcmp(g.status, "applied") == 0 ? NULL : decided,
	};
	/* ANK-3: the decision granted more than the programme's rate (a finding). */
	if (strcmp(p->code, "ANK-3") == 0 && strcmp(s->programme, "SOE") == 0)
		in.rate_bp = 8500;
	if (ledger_add_grant(r->st, &in, err))
		return -1;
	r->sum->grants++;
	if (strcmp(g.status, "applied") == 0)
		return 0;
	r->sum->approved_cents += g.amount;
	if (add_allocations(r, &g, err) || add_monthly_bookings(r, &g, err) ||
	    add_proofs(r, &g, err))
		return -1;
	return add_special_bookings(r, &g, err);
}

static int build(struct store *st, void *arg, struct ft_error *err)
{
	struct demo_run *r = arg;

	(void)st;
	if (add_master_data(r, err))
		return -1;
	for (size_t i = 0; i < NPROJECTS; i++) {
		const struct demo_project *p = &demo_projects[i];

		if (add_project(r, p, err))
			return -1;
		for (size_t s = 0; s < 3 && p->shares[s].programme; s++)
			if (add_grant(r, p, &p->shares[s], err))
				return -1;
	}
	return 0;
}

int demo_build(struct store *st, struct demo_summary *out, struct ft_error *err)
{
	struct demo_run r = { .st = st, .sum = out };

	memset(out, 0, sizeof(*out));
	date_today(r.clock.today);
	snprintf(r.clock.month0, sizeof(r.clock.month0), "%.8s01", r.clock.today);
	if (store_write(st, build, &r, err)) {
		char reason[FT_ERROR_MSG_MAX];

		snprintf(reason, sizeof(reason), "%s", err->msg);
		return ft_fail(err, "demo data set rejected: %s", reason);
	}
	return 0;
}

int demo_holds_real_data(struct store *st)
{
	struct ft_error err;
	char value[8];
	int64_t any;
	int is_demo = store_setting_get(st, "demo", value, sizeof(value), &err) == 1;
	int has_data = store_lookup_id(st, "SELECT id FROM city WHERE ?1 IS ?1 LIMIT 1", "", 0,
				       &any, &err) == 1;

	return has_data && !is_demo;
}
