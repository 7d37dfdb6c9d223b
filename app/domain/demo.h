/* demo.h - a realistic, fictional data set modelled on Dortmund.
 *
 * All dates are relative to "today" (date_today), so the demo always shows
 * running grants, upcoming deadlines and chains with gaps around the
 * present. Everything is written through the ledger functions (the same
 * validation as typed commands) inside one transaction.
 */
#ifndef FT_DEMO_H
#define FT_DEMO_H

#include <stdint.h>

#include "error.h"
#include "store.h"

struct demo_summary {
	int districts, funders, programmes, projects, chains, grants, allocations, bookings,
	    proofs;
	int64_t approved_cents, drawn_cents, spent_cents;
};

/* Fills an empty, migrated database. */
int demo_build(struct store *st, struct demo_summary *out, struct ft_error *err);

/* 1 when the database holds a city and was not made by demo_build: data
 * that a new demo must not replace without --force. */
int demo_holds_real_data(struct store *st);

#endif
