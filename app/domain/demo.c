#include "demo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "finplan.h"
#include "grantset.h"
#include "ledger.h"
#include "lifecycle.h"
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
	/* Städtebauförderung for Dortmund: Bund and Land money through the
	 * Bezirksregierung Arnsberg (shared domain.md, programme facts). */
	{ "BR-AR", "Bezirksregierung Arnsberg (Städtebauförderung, Bund und Land)", "state" },
	{ "MAGS", "Ministerium für Arbeit, Gesundheit und Soziales NRW", "state" },
	{ "DO", "Stadt Dortmund – Haushalt", "municipal" },
};

/* The programmes with the terms their decisions carry: the city receives
 * every grant itself, so ANBest-Gk for federal money and ANBest-G NRW for
 * state money; the EU programmes on top of the national set of the
 * authority that runs them (EhAP Plus: BMAS, ESF Plus NRW: the Land) with
 * the ESF+ addition on their decisions; the city's own money has none.
 * proof_months: the final proof's months after the period as those terms
 * give it without a fulfilment day (schema/008_terms.sql), for the status
 * a grant has reached; 0: no proof of use. */
struct demo_programme {
	struct programme_input in;
	int proof_months;
	const char *addition; /* the terms addition of its decisions, or NULL */
};

static const struct demo_programme demo_programmes[] = {
	/* code, name, funder, fund, rate, financing, terms */
	{ { "EHAP-EU", "EhAP Plus – Eingliederung hilfebedürftiger Personen (EU-Anteil)",
	    "EU-ESF", "ESF+", 8500, "share", "anbest-gk" }, 12, "esf-plus" },
	{ { "EHAP-BUND", "EhAP Plus – Bundesanteil", "BMAS", "ESF+", 1000, "share", "anbest-gk" },
	  12, "esf-plus" },
	{ { "SOE", "Zuwanderung aus Südosteuropa", "MKJFGFI", NULL, 8000, "share",
	    "anbest-g-nrw" }, 6, NULL },
	{ { "SZ", "Sozialer Zusammenhalt (Städtebauförderung, Bund und Land)", "BR-AR",
	    "StBauF", 6000, "share", "anbest-g-nrw" }, 6, NULL },
	/* "Starke Quartiere – starke Menschen" was an ESF 2014-2020 call: the
	 * running projects are funded from its successor in ESF Plus. */
	{ { "ESF-NRW", "ESF Plus NRW 2021–2027 (Landesprogramm)", "EU-ESF", "ESF+", 5000,
	    "share", "anbest-g-nrw" }, 6, "esf-plus" },
	{ { "GES-NRW", "Gesundheit im Quartier NRW", "MAGS", NULL, 7000, "deficit",
	    "anbest-g-nrw" }, 6, NULL },
	{ { "MBE", "Migrationsberatung für erwachsene Zugewanderte", "BAMF", NULL, 9000,
	    "deficit", "anbest-gk" }, 12, NULL },
	{ { "KOM", "Kommunaler Eigenanteil / Haushaltsmittel", "DO", NULL, 10000, "full", "own" },
	  0, NULL },
};
enum { NPROGRAMMES = sizeof(demo_programmes) / sizeof(demo_programmes[0]) };

/* A share of a project's costs paid by one programme. */
struct demo_share {
	const char *programme;
	int percent;
};

struct demo_project {
	const char *code, *title, *field, *district, *carrier, *target_group;
	int start_month, end_month; /* months from the current one (0 = this month),
				       or a calendar month YYYYMM (resolve_months) */
	const char *follows;
	int costs_keur;
	struct demo_share shares[3];
	const char *status; /* NULL: derived from the dates */
};

#define EHAP_MIX { { "EHAP-EU", 85 }, { "EHAP-BUND", 10 }, { "KOM", 5 } }
#define SOE_MIX { { "SOE", 80 }, { "KOM", 20 }, { NULL, 0 } }
#define OWN_MIX { { "KOM", 100 }, { NULL, 0 }, { NULL, 0 } }
#define GES_MIX { { "GES-NRW", 70 }, { "KOM", 30 }, { NULL, 0 } }
#define SZ_MIX { { "SZ", 60 }, { "KOM", 40 }, { NULL, 0 } }
#define ESF_MIX { { "ESF-NRW", 50 }, { "KOM", 50 }, { NULL, 0 } }

static const struct demo_project demo_projects[] = {
	/* Chain A: the NRW programme "Zuwanderung aus Südosteuropa", itself a
	 * chain with gaps (3, 4 and 8 months). The programme ended on
	 * 31.12.2024 (domain.md, programme facts): its links are pinned to
	 * calendar months (YYYYMM, see resolve_months) so that no day of the
	 * demo funds them after that; the fourth link is the city's own
	 * application to bridge the work (Überbrückungsfinanzierung). */
	{ "ANK-1", "Ankommen in der Nordstadt I", "social-work", "NST-NM", "Caritas Dortmund",
	  "Neuzugewanderte aus Rumänien und Bulgarien", 201701, 201912, NULL, 900, SOE_MIX, NULL },
	{ "ANK-2", "Ankommen in der Nordstadt II", "social-work", "NST-NM", "Caritas Dortmund",
	  "Neuzugewanderte aus Rumänien und Bulgarien", 202004, 202203, "ANK-1", 640, SOE_MIX, NULL },
	{ "ANK-3", "Ankommen in der Nordstadt III", "social-work", "NST-NM", "Caritas Dortmund",
	  "Neuzugewanderte aus Rumänien und Bulgarien", 202208, 202405, "ANK-2", 560, SOE_MIX, NULL },
	{ "ANK-4", "Ankommen in der Nordstadt IV", "social-work", "NST-NM", "Caritas Dortmund",
	  "Neuzugewanderte aus Rumänien und Bulgarien", 202502, 202701, "ANK-3", 600, OWN_MIX,
	  "applied" },
	/* Chain B: EhAP Plus, EU 85 / Bund 10 / own 5 %. The programme (the
	 * ESF+ successor of EHAP) runs from 2021: the chain is pinned to
	 * calendar months from January 2021 (domain.md, programme facts). */
	{ "SPR-1", "Sprachbrücke Nordstadt I", "language", "NST-BP", "AWO Unterbezirk Dortmund",
	  "Neu zugewanderte Familien", 202101, 202312, NULL, 750, EHAP_MIX, NULL },
	{ "SPR-2", "Sprachbrücke Nordstadt II", "language", "NST-BP", "AWO Unterbezirk Dortmund",
	  "Neu zugewanderte Familien", 202404, 202703, "SPR-1", 780, EHAP_MIX, NULL },
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
	  "Jugendliche mit Fluchtgeschichte", -4, 32, NULL, 610, ESF_MIX, "approved" },
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
	/* EhAP Plus, four years, with a financing plan: its expenditure is booked
	 * once on the project and split 85 / 10 / 5 (project_plan below). */
	{ "EHA-1", "Ankommen und Beraten (EhAP Plus)", "social-work", "NST-NM",
	  "Diakonie Dortmund", "Neuzugewanderte EU-Bürgerinnen und -Bürger und ihre Kinder", -14,
	  33, NULL, 1000, EHAP_MIX, NULL },
};

/* The project whose expenditure is booked on the project, not per grant. */
#define DEMO_PLAN_PROJECT "EHA-1"

static int booked_on_project(const struct demo_project *p)
{
	return strcmp(p->code, DEMO_PLAN_PROJECT) == 0;
}

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
	int forced; /* the deliberate irregularities: recorded with --force */
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
	for (size_t i = 0; i < NPROGRAMMES; i++, r->sum->programmes++)
		if (ledger_add_programme(r->st, &demo_programmes[i].in, err))
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
	if (proof_months == 0) /* no proof of use: settled with the period */
		return "closed";
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

static const struct demo_programme *programme_of(const char *code)
{
	for (size_t i = 0; i < NPROGRAMMES; i++)
		if (strcmp(demo_programmes[i].in.code, code) == 0)
			return &demo_programmes[i];
	return &demo_programmes[NPROGRAMMES - 1];
}

/* The month offset (from the current month) of the grant's first month. */
static int first_month_of(const struct demo_run *r, const struct demo_grant *g)
{
	char first[DATE_BUF];
	int m0 = 0;

	first_day(&r->clock, 0, first);
	while (strcmp(first, g->from) > 0)
		first_day(&r->clock, --m0, first);
	while (strcmp(first, g->from) < 0)
		first_day(&r->clock, ++m0, first);
	return m0;
}

/* The grant's drawdown of its month i: an equal part, the rest in the last. */
static int64_t monthly_amount(const struct demo_grant *g, int i)
{
	int64_t per_month = g->amount / g->months;

	return i == g->months - 1 ? g->amount - per_month * (g->months - 1) : per_month;
}

/* Each year's allocation is what the monthly drawdowns dated in it add up
 * to, so a year drawn as planned leaves no finding. */
static int add_allocations(struct demo_run *r, const struct demo_grant *g, struct ft_error *err)
{
	int m0 = first_month_of(r, g), first_year = date_year(g->from);
	int last_year = date_year(g->to);

	for (int y = first_year; y <= last_year; y++) {
		int64_t amount = 0;

		for (int i = 0; i < g->months; i++) {
			char month[DATE_BUF];

			first_day(&r->clock, m0 + i, month);
			if (date_year(month) == y)
				amount += monthly_amount(g, i);
		}
		/* QUA-1: the yearly split was never updated after an increase (a
		 * finding; a split above the grant could not be true). */
		if (strcmp(g->project->code, "QUA-1") == 0 && y == last_year)
			amount -= 1500000;
		if (ledger_set_allocation(r->st, g->ref, y, amount, 0, err))
			return -1;
		r->sum->allocations++;
	}
	return 0;
}

/* A booking; service is when the expense arose (NULL: not given). */
static int book_for(struct demo_run *r, const char *ref, const char *kind, int64_t amount,
		    const char *date, const char *service, const char *reference,
		    struct ft_error *err)
{
	struct booking_input in = { ref, kind, amount, date, reference, NULL, service, r->forced };

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

/* WOH-2's state grant never called its first month (a finding: part of
 * a past year's allocation left undrawn). */
static int skips_drawdown(const struct demo_grant *g, int i)
{
	return i == 0 && strcmp(g->project->code, "WOH-2") == 0 &&
	       strcmp(g->share->programme, "SZ") == 0;
}

/* Monthly: draw the month's share on the 3rd, spend it by the 20th (on
 * the plan project the expenditure is booked on the project instead). */
static int add_monthly_bookings(struct demo_run *r, const struct demo_grant *g,
				struct ft_error *err)
{
	int m0 = first_month_of(r, g);

	for (int i = 0; i < g->months; i++) {
		char drawn_on[DATE_BUF], spent_on[DATE_BUF], reference[32];
		int64_t amount = monthly_amount(g, i);

		day_of(&r->clock, m0 + i, 3, drawn_on);
		day_of(&r->clock, m0 + i, 20, spent_on);
		if (strcmp(drawn_on, r->clock.today) > 0)
			break;
		snprintf(reference, sizeof(reference), "MA-%02d", i + 1);
		if (!skips_drawdown(g, i) && book(r, g->ref, "drawdown", amount, drawn_on, reference, err))
			return -1;
		if (strcmp(spent_on, r->clock.today) > 0 || booked_on_project(g->project))
			continue;
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
	if (booked_on_project(g->project) && strcmp(g->share->programme, "EHAP-EU") == 0) {
		/* An advance of 200.000 € four months ago, ahead of the other
		 * means of cover (ANBest-P Nr. 1.4) and above the year's allocation. */
		day_of(&r->clock, -4, 5, date);
		return book(r, g->ref, "drawdown", 20000000, date, "MA-VORAB", err);
	}
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
		/* Partial revocation after the proof of use: repayment with
		 * interest, nine months after the period. */
		date_add_months(g->to, 9, date);
		if (book(r, g->ref, "repayment", 2140000, date, "RZ-01", err))
			return -1;
		return book(r, g->ref, "interest", 61300, date, "ZI-01", err);
	}
	return 0;
}

/* 30 April after year: the interim proof of every demo programme's terms
 * (four months after the fiscal year, schema/008_terms.sql). */
static void interim_due(int year, char out[DATE_BUF])
{
	snprintf(out, DATE_BUF, "%04u-04-30", (unsigned)(year + 1) % 10000u);
}

static int record_proof(struct demo_run *r, const struct demo_grant *g, int final, int year,
			const char *date, struct ft_error *err)
{
	struct proof_input in = { g->ref, final, year, date, NULL };

	r->sum->proofs++;
	return proof_add(r->st, &in, err);
}

/* Proofs of use handed in on time: interim proofs ten days before their
 * 30 April, final proofs three months after a closed grant's period; the
 * city's own money needs none. Deliberate gap: GES-4's state grant lacks
 * its latest interim proof. */
static int add_proofs(struct demo_run *r, const struct demo_grant *g, struct ft_error *err)
{
	int skip_latest = strcmp(g->project->code, "GES-4") == 0 &&
			  strcmp(g->share->programme, "GES-NRW") == 0;
	char due[DATE_BUF], handed_in[DATE_BUF];
	int first = date_year(g->from), last = date_year(g->to) - 1, latest = 0;

	if (programme_of(g->share->programme)->proof_months == 0)
		return 0;
	for (int y = first; y <= last; y++) {
		interim_due(y, due);
		if (strcmp(due, r->clock.today) < 0)
			latest = y;
	}
	for (int y = first; y <= latest; y++) {
		interim_due(y, due);
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

/* Conditions (Auflagen) of WOH-3's state grant: one met, one overdue
 * since the month before last, one due in ten days (FT-CONDITION-*). */
static int add_conditions(struct demo_run *r, const struct demo_grant *g, struct ft_error *err)
{
	char met[DATE_BUF], late[DATE_BUF], soon[DATE_BUF];
	struct condition_input in[] = {
		{ g->ref, "Kooperationsvertrag mit dem Jobcenter vorlegen", met, NULL },
		{ g->ref, "Nachweis der Tr\xC3\xA4gereignung (Brandschutz) vorlegen", late, NULL },
		{ g->ref, "Konzept zur Verstetigung einreichen", soon, NULL },
	};
	int64_t id;

	day_of(&r->clock, -6, 15, met);
	day_of(&r->clock, -2, 15, late);
	date_from_days(date_to_days(r->clock.today) + 10, soon);
	for (size_t i = 0; i < sizeof(in) / sizeof(in[0]); i++)
		if (condition_add(r->st, &in[i], &id, err) ||
		    (i == 0 && condition_done(r->st, g->ref, id, met, err)))
			return -1;
	return 0;
}

/* QUA-1 reached its purpose early, ten days short of six months ago: its
 * final proof of use is due six months after that (ANBest-G NRW as ANBest-P
 * Nr. 6.1), in about ten days whatever today is - the proof due soon. */
static int record_fulfilment(struct demo_run *r, const struct demo_project *p,
			     const struct demo_share *s, const char *ref, struct ft_error *err)
{
	char back[DATE_BUF], fulfilled[DATE_BUF];
	struct grant_input edit = { .ref = ref, .approved = -1, .eligible = -1, .rate_bp = -1,
				    .fulfilled = fulfilled };

	if (strcmp(p->code, "QUA-1") != 0 || strcmp(s->programme, "ESF-NRW") != 0)
		return 0;
	date_add_months(r->clock.today, -6, back);
	date_from_days(date_to_days(back) + 10, fulfilled);
	return ledger_edit_grant(r->st, &edit, err);
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
	int rc;

	first_day(&r->clock, p->start_month, g.from);
	last_day(&r->clock, p->end_month, g.to);
	g.months = months_between(p);
	g.amount = (int64_t)p->costs_keur * 100000 * s->percent / 100;
	g.status = p->status ? p->status
			     : derived_status(&r->clock, g.from, g.to,
					      programme_of(s->programme)->proof_months);
	snprintf(g.ref, sizeof(g.ref), "%s-%d/%03d", s->programme, date_year(g.from),
		 ++r->grant_serial);
	day_of(&r->clock, p->start_month - 1, 12, decided);
	in = (struct grant_input){
		.ref = g.ref, .project_code = p->code, .programme_code = s->programme,
		.approved = g.amount, .eligible = (int64_t)p->costs_keur * 100000,
		.from = g.from, .to = g.to, .rate_bp = -1, .status = g.status,
		.decided = strcmp(g.status, "applied") == 0 ? NULL : decided,
		.terms_addition = programme_of(s->programme)->addition,
	};
	/* EHA-1: the city's 5 % is its own share, used pro rata with the EU's
	 * and the Bund's money (ANBest-P Nr. 1.4.1), not a full financing. */
	if (booked_on_project(p) && strcmp(s->programme, "KOM") == 0)
		in.financing = "share";
	/* ANK-3: the decision granted more than the programme's rate (a finding). */
	if (strcmp(p->code, "ANK-3") == 0 && strcmp(s->programme, "SOE") == 0)
		in.rate_bp = 8500;
	if (ledger_add_grant(r->st, &in, err) || record_fulfilment(r, p, s, g.ref, err))
		return -1;
	r->sum->grants++;
	if (strcmp(g.status, "applied") == 0)
		return 0;
	r->sum->approved_cents += g.amount;
	if (add_allocations(r, &g, err) || add_monthly_bookings(r, &g, err) ||
	    add_proofs(r, &g, err))
		return -1;
	if (strcmp(p->code, "WOH-3") == 0 && strcmp(s->programme, "GES-NRW") == 0 &&
	    add_conditions(r, &g, err))
		return -1;
	r->forced = 1;
	rc = add_special_bookings(r, &g, err);
	r->forced = 0;
	return rc;
}

/* ---- the financing plan of the plan project ------------------------------ */

static const struct {
	const char *position, *label;
	int64_t planned;
} demo_plan_lines[] = {
	{ "1.1", "Personalausgaben", 78000000 },
	{ "1.2", "Sachausgaben", 20000000 },
	{ "1.3", "Honorare und Sprachmittlung", 2000000 },
};

static int project_book(struct demo_run *r, const char *code, int64_t amount, const char *date,
			const char *line, const char *reference, struct ft_error *err)
{
	struct project_booking_input in = { code, amount, date, NULL, line, reference, NULL };
	struct project_booking_result out;

	if (finplan_book(r->st, &in, &out, err))
		return -1;
	r->sum->bookings += (int)out.nshares;
	r->sum->spent_cents += amount;
	return 0;
}

/* Cost lines, then every month on the 20th personnel (16.250,00 €) and
 * material costs (4.166,67 €, odd cents to split) booked once on the
 * project; two months ago fees of 30.000,00 € overrun line 1.3 (planned
 * 20.000,00 €) by more than 20 % (a finding). */
static int project_plan(struct demo_run *r, const struct demo_project *p, struct ft_error *err)
{
	int months = p->end_month - p->start_month + 1;
	char date[DATE_BUF], reference[32];

	for (size_t i = 0; i < sizeof(demo_plan_lines) / sizeof(demo_plan_lines[0]); i++)
		if (finplan_line_add(r->st, p->code, demo_plan_lines[i].position,
				     demo_plan_lines[i].label, demo_plan_lines[i].planned, err))
			return -1;
	for (int i = 0; i < months; i++) {
		day_of(&r->clock, p->start_month + i, 20, date);
		if (strcmp(date, r->clock.today) > 0)
			break;
		snprintf(reference, sizeof(reference), "GH-%02d", i + 1);
		if (project_book(r, p->code, 1625000, date, "1.1", reference, err))
			return -1;
		snprintf(reference, sizeof(reference), "SK-%02d", i + 1);
		if (project_book(r, p->code, 416667, date, "1.2", reference, err))
			return -1;
	}
	day_of(&r->clock, -2, 24, date);
	return project_book(r, p->code, 3000000, date, "1.3", "HON-01", err);
}

/* A month given as YYYYMM (a pinned project) as an offset from the
 * current month; an offset stays as it is. */
static int month_offset(int month, const struct demo_clock *c)
{
	int year = date_year(c->month0), now = (c->month0[5] - '0') * 10 + (c->month0[6] - '0');

	if (month < 190001)
		return month;
	return (month / 100 - year) * 12 + (month % 100 - now);
}

static struct demo_project resolve_months(const struct demo_project *p,
					  const struct demo_clock *c)
{
	struct demo_project q = *p;

	q.start_month = month_offset(p->start_month, c);
	q.end_month = month_offset(p->end_month, c);
	return q;
}

static int build(struct store *st, void *arg, struct ft_error *err)
{
	struct demo_run *r = arg;

	(void)st;
	if (add_master_data(r, err))
		return -1;
	for (size_t i = 0; i < NPROJECTS; i++) {
		struct demo_project resolved = resolve_months(&demo_projects[i], &r->clock);
		const struct demo_project *p = &resolved;

		if (add_project(r, p, err))
			return -1;
		for (size_t s = 0; s < 3 && p->shares[s].programme; s++)
			if (add_grant(r, p, &p->shares[s], err))
				return -1;
		if (booked_on_project(p) && project_plan(r, p, err))
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
	int has_data = store_lookup_id(st, "SELECT id FROM city WHERE ?1 IS NOT DISTINCT FROM ?1 LIMIT 1", "", 0,
				       &any, &err) == 1;

	return has_data && !is_demo;
}
