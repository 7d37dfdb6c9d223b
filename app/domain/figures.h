/* figures.h - the money figures of the ledger, computed once for the
 * commands and the PDF reports: budget per group, a project's financing
 * plan, and chains of projects.
 *
 * Which grants count as approved, and what "as of" means, is defined in
 * grantset.h. All amounts are int64 cents, all shares basis points
 * (money_share_bp).
 */
#ifndef FT_FIGURES_H
#define FT_FIGURES_H

#include <stddef.h>
#include <stdint.h>

#include "date.h"
#include "error.h"
#include "grantset.h"
#include "map.h"
#include "store.h"

/* ---- budget ------------------------------------------------------------ */

enum budget_key {
	BUDGET_LEVEL,
	BUDGET_FUNDER,
	BUDGET_PROGRAMME,
	BUDGET_FIELD,
	BUDGET_DISTRICT,
	BUDGET_PROJECT,
	BUDGET_CITY,
	BUDGET_NKEYS
};

/* "level", "funder", "programme", "field", "district", "project", "city". */
extern const char *const budget_key_names[BUDGET_NKEYS];

/* Parses a comma-separated list such as "level,field" into keys (in the
 * given order). Refuses unknown and repeated keys and an empty list. */
int budget_parse_keys(const char *text, enum budget_key keys[BUDGET_NKEYS], int *nkeys,
		      struct ft_error *err);

struct budget_query {
	enum budget_key keys[BUDGET_NKEYS];
	int nkeys;             /* 1 or more */
	int year;              /* 0: every year */
	char as_of[DATE_BUF];  /* "": today */
	/* Filters, applied to the grants BEFORE they are summed (issue 15),
	 * so a budget --district N shows the totals of district N: only[k]
	 * is the code key k must hold (a level as "eu", "federal", ...), NULL
	 * for any; status the grant's status or NULL; from/to keep the grants
	 * whose approval period meets the range ("" = open). */
	const char *only[BUDGET_NKEYS];
	const char *status;
	char from[DATE_BUF], to[DATE_BUF];
};

/* One group's figures. Without a year:
 *   approved   caps of the counted grants
 *   allocated  all their yearly allocations
 *   drawn, spent, repaid   net sums of the bookings (reversals included)
 *   open       drawn - spent - repaid (money at hand)
 *   remaining  approved - drawn + repaid (still to be called)
 *   share      approved / total approved
 * With a year Y, only grants whose approval period touches Y or that have
 * an allocation or a booking in Y take part; approved stays their full cap,
 * allocated is the allocation for Y, the bookings are those dated in Y,
 * remaining is allocated - drawn + repaid (what is left of the year's
 * appropriation) and share is allocated / total allocated. */
struct budget_figures {
	int64_t approved, allocated, drawn, spent, repaid, open, remaining;
	int share_bp;
};

struct budget_row {
	const char *keys[BUDGET_NKEYS]; /* in query order; NULL = none (no district) */
	struct budget_figures f;
	size_t ngrants;
};

struct budget_result {
	struct budget_row *rows; /* sorted by the keys; levels EU, federal, state, municipal */
	size_t nrows;
	struct budget_figures total;
	size_t ngrants;
	struct grantset gs; /* owns the key strings (figures_budget_of) */
	struct map strings; /* or this: the key texts read from the sums */
};

/* Only the own city's grants take part, unless a key is BUDGET_CITY: then
 * every city in the database (own and imported) is compared. Reads the
 * sums per grant and year (schema/014 booking_year), not every booking;
 * the bookings of a grant's year are read one by one only where the sums
 * cannot answer (bookings dated after as_of in that year, or an amount
 * beyond the money domain): the same figures as figures_budget_of. */
int figures_budget(struct store *st, const struct budget_query *q, struct budget_result *out,
		   struct ft_error *err);
void budget_result_release(struct budget_result *r);

/* The same over a set already loaded (with every city when a key is
 * BUDGET_CITY, as of the day wanted, and for a year with at least that
 * year's bookings): several budgets from one load. out->gs stays empty;
 * the row keys point into gs, which must outlive out. */
int figures_budget_of(const struct grantset *gs, const struct budget_query *q,
		      struct budget_result *out, struct ft_error *err);

/* The figures of one counted grant (year 0 = every year; share_bp is left
 * 0). Used by figures_budget and the reports. Returns 0, or -1 with err
 * naming the grant when a figure leaves the int64 range of cents (only
 * amounts beyond MONEY_DOMAIN_MAX, from before the limit, can do that). */
int figures_of_grant(const struct gs_grant *g, int year, struct budget_figures *out,
		     struct ft_error *err);

/* ---- financing plan ------------------------------------------------------ */

struct plan_grant {
	const struct gs_grant *grant;
	int share_bp; /* of the approved total; 0 for grants that do not count */
};

struct plan_level {
	int64_t approved; /* counted grants */
	int64_t applied;  /* applications still open */
	int share_bp;     /* approved / total approved */
};

struct plan_year {
	int year;                      /* 0 in the total row */
	int64_t level[GS_NLEVELS];     /* allocations of counted grants */
	int64_t total;
	int own_share_bp;              /* municipal / total */
};

struct plan_result {
	const struct gs_project *project;
	struct plan_grant *grants; /* by period start, level (EU first), reference */
	size_t ngrants;
	struct plan_level levels[GS_NLEVELS];
	int64_t approved, applied;
	int64_t own;           /* municipal level: the Eigenanteil */
	int own_share_bp;      /* own / approved */
	int64_t third_party;   /* approved - own */
	int costs_share_bp;    /* approved / project costs; -1 when costs unknown */
	struct plan_year *years; /* fiscal years with allocations, ascending */
	size_t nyears;
	struct plan_year year_total;
	const struct grantset *set; /* the grants the plan points into */
	struct grantset gs;         /* owned when loaded by figures_plan */
};

/* The plan of the own city's project `code`; err names an unknown code. */
int figures_plan(struct store *st, const char *code, struct plan_result *out,
		 struct ft_error *err);
/* The same over a set already loaded for the own city, which must outlive
 * out. */
int figures_plan_of(const struct grantset *gs, const char *code, struct plan_result *out,
		    struct ft_error *err);
void plan_result_release(struct plan_result *r);

/* ---- chains -------------------------------------------------------------- */

/* The period of a project: its own start and end; a missing date is taken
 * from its grants (earliest start, latest end of every grant that was not
 * rejected). "" when neither is known. */
void figures_project_period(const struct grantset *gs, const struct gs_project *p,
			    char start[DATE_BUF], char end[DATE_BUF]);

struct chain_link {
	const struct gs_project *project;
	char start[DATE_BUF], end[DATE_BUF]; /* "" when unknown */
	int has_gap;   /* 0 for the first link or when a date is unknown */
	long gap_days; /* start - previous end - 1: >0 gap, 0 seamless, <0 overlap */
};

struct chain {
	struct chain_link *links; /* first project first */
	size_t nlinks;
	char start[DATE_BUF], end[DATE_BUF]; /* of the first / last link with dates */
	long length_days; /* start .. end inclusive; -1 when unknown */
	int ngaps;        /* links with gap_days > 0 */
	long gap_days;    /* their sum */
	int noverlaps;    /* links with gap_days < 0 */
};

struct chain_result {
	struct chain *chains; /* by the first project's start, then code */
	size_t nchains;
	const struct grantset *set; /* the projects the links point into */
	struct grantset gs;         /* owned when loaded by figures_chains */
};

/* Every chain of the own city (a project without a predecessor starts
 * one; a single project is a chain of one link). */
int figures_chains(struct store *st, struct chain_result *out, struct ft_error *err);
/* The same over an already loaded set (which must outlive out). */
int figures_chains_of(const struct grantset *gs, struct chain_result *out,
		      struct ft_error *err);
void chain_result_release(struct chain_result *r);

/* The chain holding the project and its position in it, or NULL. */
const struct chain *figures_chain_of(const struct chain_result *r, const char *code,
				     size_t *position);

#endif
