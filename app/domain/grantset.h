/* grantset.h - the grants of a city as seen on one day, loaded once.
 *
 * The figures (budget, financing plan, chains), the rule checks and the
 * deadlines all read the same snapshot: every project and grant with its
 * programme, funder level, yearly allocations, bookings and recorded proofs
 * of use. "As of" a day means: bookings dated after it and proofs submitted
 * after it are left out, and a grant decided after it does not count yet.
 *
 * Which grants count as approved (the "counted" flag): status approved,
 * running, proof-due, closed or revoked. Applied and rejected grants are
 * loaded (financing plans list them) but never count. A revoked grant keeps
 * its recorded cap; the money it returns is booked as a repayment.
 */
#ifndef FT_GRANTSET_H
#define FT_GRANTSET_H

#include <stddef.h>
#include <stdint.h>

#include "date.h"
#include "error.h"
#include "interest.h"
#include "map.h"
#include "store.h"
#include "terms.h"

/* other-public and foundation: the levels of exchange format 1.1 (other
 * public bodies; foundations, church and welfare funds) - external money,
 * never the city's own. */
enum gs_level { GS_EU, GS_FEDERAL, GS_STATE, GS_MUNICIPAL, GS_OTHER_PUBLIC, GS_FOUNDATION,
		GS_NLEVELS };

/* "eu", "federal", "state", "municipal", "other-public", "foundation"
 * (the funder.level values). */
extern const char *const gs_level_names[GS_NLEVELS];

enum gs_kind { GS_DRAWDOWN, GS_EXPENDITURE, GS_REPAYMENT, GS_INTEREST };

/* Defensive marker for a grant without its project in the set. */
#define GS_NO_PROJECT ((size_t)-1)

struct gs_booking {
	int64_t id;
	char date[DATE_BUF];
	enum gs_kind kind;
	int64_t amount; /* cents; negative for a reversal */
	/* 1 for a reversal and for the booking it reverses (both in the
	 * snapshot): the pair cancels out and is skipped when money is traced
	 * from drawdown to expenditure, and left out of sums (they net to 0). */
	int cancelled;
	/* The day the expense arose (Leistungsdatum), "" when not recorded:
	 * what counts for the approval period (checks.c, FT-SPEND-OUTSIDE-PERIOD). */
	char service_date[DATE_BUF];
};

struct gs_allocation {
	int year;
	int64_t amount;
};

struct gs_proof {
	int final; /* 1: final proof of use, 0: interim proof for year */
	int year;
	char date[DATE_BUF];
};

/* A condition (Auflage) of the decision with a deadline of its own
 * (lifecycle.h). */
struct gs_condition {
	int64_t id;
	char due[DATE_BUF];
	char done[DATE_BUF]; /* the day it was met; "" while open as of the snapshot day */
	char *text;
};

struct gs_project {
	int64_t id;
	char *code, *title, *field;
	char *district; /* code, NULL when none */
	char *city;     /* city name */
	char start[DATE_BUF], end[DATE_BUF]; /* "" when not set */
	int64_t costs;                       /* cents, -1 when not set */
	int64_t predecessor_id;              /* 0 when none */
};

struct gs_grant {
	int64_t id;
	char *ref, *programme, *funder;
	size_t project; /* index into grantset.projects (grants are selected by
			 * their project's city, so it is always there) */
	enum gs_level level;
	char status[16];
	char from[DATE_BUF], to[DATE_BUF]; /* approval period */
	int64_t approved;                  /* cap, cents */
	int64_t eligible;                  /* cents, -1 when not recorded */
	int rate_bp;                       /* -1 when not recorded */
	int programme_rate_bp;             /* -1 when the programme has none */
	/* The terms that apply (the decision's, else the programme's, else the
	 * recipient's default: grant_terms in schema/008) with the addition
	 * merged in; terms_source says which: "grant", "programme" or
	 * "recipient". */
	struct terms_set terms;
	char terms_source[12];
	char fulfilled[DATE_BUF]; /* Zweckerfüllung, "" when not recorded */
	char proof_due[DATE_BUF]; /* extended final proof deadline, or "" */
	char financing[8]; /* share, deficit, fixed, full */
	int counted; /* see the top of this file */
	struct gs_allocation *allocations;
	size_t nallocations;
	struct gs_booking *bookings; /* by date, then id */
	size_t nbookings;
	struct gs_proof *proofs;
	size_t nproofs;
	struct gs_condition *conditions; /* by due day, then id */
	size_t nconditions;
};

struct grantset {
	char as_of[DATE_BUF];
	int booking_year; /* 0: every booking up to as_of; else only those dated
			   * in this year (grantset_load_year) */
	/* 1 (grantset_load_sums): a grant's bookings are its net sums, one
	 * stand-in per kind and year (id 0, dated the year's last booking day),
	 * except a grant with bookings after as_of in a year or an amount
	 * beyond the money domain, which has its single bookings. Enough for
	 * every sum (gs_sum, figures, budgets, plans, chains); not for what
	 * traces single bookings (checks, interest, settlement). */
	int sums_only;
	/* sums_only: the grant with this ref keeps its single bookings
	 * (grantset_load_grant; only during the load, NULL after it) */
	const char *single_ref;
	struct gs_project *projects; /* by id */
	size_t nprojects;
	struct gs_grant *grants; /* by id */
	size_t ngrants;
	/* Built once at load, so that a report over 100,000 projects stays
	 * linear (issue 19): the grants of each project (indexes into grants,
	 * by id: those of project p are by_project[project_start[p] ..
	 * project_start[p + 1] - 1]), each project's successor (index, or
	 * GS_NO_PROJECT) and, for one city, its project codes. */
	size_t *by_project, *project_start, *successor;
	struct map codes; /* code -> project index + 1; empty for every city */
};

enum gs_scope { GS_OWN_CITY, GS_ALL_CITIES };

/* Loads the own city's (or every city's) projects and grants as of as_of
 * (ISO; NULL or "" = today) in one read transaction. On success *out owns
 * everything; release with grantset_release (also safe after a failure). */
int grantset_load(struct grantset *out, struct store *st, enum gs_scope scope,
		  const char *as_of, struct ft_error *err);
/* The same with only the bookings dated in year (and up to as_of): what a
 * budget of one year needs, a quarter of the rows of four years' data.
 * The cancelled flags then pair only bookings within the year. */
int grantset_load_year(struct grantset *out, struct store *st, enum gs_scope scope,
		       const char *as_of, int year, struct ft_error *err);
/* The same (year 0: every year) with each grant's bookings as its sums
 * per year and kind (schema/014 booking_year; see sums_only above). */
int grantset_load_sums(struct grantset *out, struct store *st, enum gs_scope scope,
		       const char *as_of, int year, struct ft_error *err);
/* The own city's grants with their sums as grantset_load_sums (year 0),
 * except the grant ref, whose bookings are read one by one as
 * grantset_load reads them: what the settlement of one grant needs
 * (interest traces its single drawdowns), without every other grant's
 * bookings. */
int grantset_load_grant(struct grantset *out, struct store *st, const char *ref,
			const char *as_of, struct ft_error *err);
/* The same for the city with AGS ags (own or imported): what 'check
 * --city' reads. */
int grantset_load_city(struct grantset *out, struct store *st, const char *ags,
		       const char *as_of, struct ft_error *err);
void grantset_release(struct grantset *gs);

/* The grants of project (an index into gs->projects), by id: *n indexes
 * into gs->grants. */
const size_t *gs_grants_of_project(const struct grantset *gs, size_t project, size_t *n);

/* The project that names p as its predecessor, or NULL. */
const struct gs_project *gs_successor(const struct grantset *gs, const struct gs_project *p);

/* The grant with this id, or NULL. */
const struct gs_grant *gs_find_grant(const struct grantset *gs, int64_t id);

/* The project of a grant. */
const struct gs_project *gs_project_of(const struct grantset *gs, const struct gs_grant *g);

/* The project with this id or code, or NULL. */
const struct gs_project *gs_find_project(const struct grantset *gs, int64_t id);
const struct gs_project *gs_find_project_code(const struct grantset *gs, const char *code);


/* 1 when the grant counts and its proofs are still to come: status
 * approved, running or proof-due. Closed and revoked grants are settled. */
int gs_grant_active(const struct gs_grant *g);

/* Reads the bookings of grant g (g->id set) up to as_of (ISO), only
 * those dated in year unless it is 0, into g->bookings: by date and id,
 * reversals marked, as grantset_load_year reads them; inside a store_read.
 * The caller frees g->bookings. What is read where the sums per year
 * cannot answer (grantset_load_sums, budget_sums.c). */
int gs_load_grant_bookings(struct gs_grant *g, struct store *st, const char *as_of, int year,
			   struct ft_error *err);

/* Sum of the grant's bookings of kind dated from..to (inclusive; NULL
 * means unbounded), reversals included, into *out. Returns 0, or -1 with
 * err naming the grant when the sum leaves the int64 range (only rows
 * above MONEY_DOMAIN_MAX, from before the limit, can do that). */
int gs_sum(const struct gs_grant *g, enum gs_kind kind, const char *from, const char *to,
	   int64_t *out, struct ft_error *err);

/* Sum of the grant's allocations (year 0 = all years) into *out; 0, or -1
 * with err like gs_sum. */
int gs_allocated(const struct gs_grant *g, int year, int64_t *out, struct ft_error *err);

/* The grant's first amount beyond MONEY_DOMAIN_MAX (money.h) - approved
 * cap, eligible costs, an allocation or a booking - described in what
 * ("booking 1898 (drawdown of 03.08.2024)") with its value in *amount;
 * returns 1 then, 0 when every amount is within the limit. A database
 * written before the limit existed may hold such rows. */
int gs_grant_out_of_domain(const struct gs_grant *g, char *what, size_t size,
			   int64_t *amount);

/* The day the final proof of use is due: an extended deadline when one is
 * recorded (Fristverlängerung), else computed from the terms with the
 * fulfilment day (default: the period end), terms.h. Returns 0 when the
 * terms demand no proof (the city's own money). */
int gs_final_proof_due(const struct gs_grant *g, struct due_day *out);

/* 1 when the final proof counts as done: recorded, or the grant is closed. */
int gs_final_proof_done(const struct gs_grant *g);

/* Interim proofs (Zwischennachweis): for the fiscal years at whose end the
 * purpose is not yet fulfilled (the period, or the fulfilment day when
 * recorded, goes on past 31 December). First and last such year; returns 0
 * when there is none. */
int gs_interim_years(const struct gs_grant *g, int *first, int *last);
/* The due day of the interim proof for year (one of gs_interim_years):
 * it covers the money received in that year, so a year without a payout
 * (drawdown) needs none; neither do terms without interim proofs. Returns
 * 0 then, else 1 with *out. */
int gs_interim_due(const struct gs_grant *g, int year, struct due_day *out);
int gs_interim_done(const struct gs_grant *g, int year);

/* Money traced from drawdown to use, first in first out: every
 * expenditure or repayment uses the oldest unused drawdown; spending
 * before anything was drawn (pre-financing) is covered by the next
 * drawdowns. A drawn amount not used within the terms' drawdown horizon
 * (by its legal last day, terms_drawdown_due) is late; terms without a
 * horizon have no late money; interest (only where the terms say so) runs
 * from the drawdown day until it was used, or until as_of while unused
 * (§ 49a(4) VwVfG: interest for the time until use). */
/* The drawdowns traced sum to at most INT64_MAX (else tracing fails), so
 * any sum of tranches fits an int64. */
struct gs_tranche {
	char date[DATE_BUF]; /* drawdown day */
	int64_t open;        /* cents still unused as of the snapshot day */
};

struct gs_fifo {
	struct gs_tranche *open; /* unused drawdowns, oldest first */
	size_t nopen;
	int64_t late;      /* cents not used within the horizon (used late or unused) */
	int64_t late_open; /* of those, still unused */
	long max_days;     /* longest time a late amount has been idle */
	int64_t interest;  /* cents, see gs_rates; actual days / 365, rounded once */
	char missing[DATE_BUF]; /* first idle day without a known base rate, or "" */
};

/* The interest on late money: margin_bp above the base rate history
 * rates[0..n) (interest.h), each late amount piecewise over its own idle
 * days (§ 49a Abs. 4 VwVfG NRW: "von der Auszahlung an bis zur
 * zweckentsprechenden Verwendung", 5 points above the base rate). */
struct gs_rates {
	const struct base_rate *rates;
	size_t n;
	int margin_bp;
};

/* Traces the grant's bookings as of as_of; rates NULL: no interest.
 * Returns 0, or -1 with err when out of memory or when a sum leaves the
 * int64 range (amounts beyond MONEY_DOMAIN_MAX). Release with
 * gs_fifo_release. */
int gs_trace_drawdowns(const struct gs_grant *g, const char *as_of, const struct gs_rates *rates,
		       struct gs_fifo *out, struct ft_error *err);
void gs_fifo_release(struct gs_fifo *f);


#endif
