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

#endif
