/* network.h - the figures of the city comparison (report network).
 *
 * Every city in the database (own and imported) side by side. The money
 * comes from figures_budget grouped by city (and level, field, project), the
 * chains from figures_chains_of over all cities; what the core has no
 * function for is derived here from the same snapshot:
 *   per inhabitant        funding / population, rounded to the cent
 *   chain share           projects that are links of a chain of two or more
 *                         / all projects of the city
 *   gap days per chain    the gap days of the city's chains (two links or
 *                         more) / their number, rounded
 *   ending, no follow-up  approved amount of counted grants whose approval
 *                         period ends within 12 months after as_of, of
 *                         projects with no follow-up that has a counted
 *                         grant (the rule of FT-GAP-RISK, over 12 months)
 *   ending by year        approved amount of counted grants by the year
 *                         their approval period ends, for the year of as_of
 *                         and the NETWORK_YEARS - 1 after it
 * "Funding" is the approved amount, or with a year the allocations of that
 * year (as 'budget --by city --year Y').
 */
#ifndef FT_NETWORK_H
#define FT_NETWORK_H

#include <stddef.h>
#include <stdint.h>

#include "date.h"
#include "error.h"
#include "figures.h"
#include "map.h"
#include "store.h"

enum { NETWORK_FIELDS = 5, NETWORK_YEARS = 5, NETWORK_ENDING_DAYS = 365 };

/* The fields in report order: housing, health, language, qualification,
 * social-work. */
extern const char *const network_fields[NETWORK_FIELDS];

struct network_city {
	char *name, *ags;
	int64_t population; /* 0 when unknown */
	int own;
	int64_t funding;              /* approved, or the year's allocations */
	size_t ngrants;
	int64_t per_inhabitant;       /* cents; -1 when the population is unknown */
	int64_t level[GS_NLEVELS];    /* funding per level */
	int level_bp[GS_NLEVELS];     /* its share of the city's funding */
	size_t projects;              /* all projects of the city */
	size_t funded_projects;       /* with counted grants in the scope */
	size_t field_projects[NETWORK_FIELDS];
	int64_t field_funding[NETWORK_FIELDS];
	int64_t field_level[NETWORK_FIELDS][GS_NLEVELS]; /* funding per field and level */
	size_t chains;                /* chains of two links or more */
	size_t chain_links;           /* projects in them */
	int chain_share_bp;
	long gap_days;                /* sum over the chains */
	long gap_days_per_chain;      /* -1 when the city has no chain */
	int64_t ending_no_follow_up;
	int64_t ending[NETWORK_YEARS];
};

struct network_result {
	struct network_city *cities; /* the own city first, then by name */
	size_t ncities;
	int year;                    /* 0: all years */
	char as_of[DATE_BUF];
	int first_ending_year;       /* the year of as_of */
	size_t left_out;             /* grants left out of a year's comparison:
				      * allocations above the approved amount
				      * (FT-ALLOC-ABOVE-APPROVED) */
	struct map names;            /* city name -> index + 1 (network.c) */
};

int network_figures(struct store *st, int year, const char *as_of, struct network_result *out,
		    struct ft_error *err);
void network_result_release(struct network_result *r);

#endif
