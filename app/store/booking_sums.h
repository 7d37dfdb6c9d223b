/* booking_sums.h - proving the booking sums per grant and fiscal year
 * (schema/014 booking_year) against the bookings they sum. The triggers
 * of schema/014 keep them; this recomputes them from scratch. */
#ifndef FT_BOOKING_SUMS_H
#define FT_BOOKING_SUMS_H

#include "error.h"
#include "store.h"

struct booking_sums_check {
	long rows;        /* stored rows (grant x year) */
	long differences; /* grant-years whose stored sums differ from the bookings */
	char first[600];  /* the first difference in words, "" when none */
};

/* Recomputes every grant-year from the bookings (booking_year_recomputed)
 * and compares it with the stored row, in one read transaction; the first
 * difference (by grant id, then year) is described in out->first. */
int booking_sums_verify(struct store *st, struct booking_sums_check *out, struct ft_error *err);

/* Rewrites the sums of every grant of city_id from its bookings, inside
 * the caller's write transaction: what the import of a partner city does
 * once before it commits, since its bookings skip the row-by-row sums
 * while it writes them (schema/017_bulk_sums.sql). 0, or -1 with err. */
int booking_sums_recompute_city(struct store *st, int64_t city_id, struct ft_error *err);

#endif
