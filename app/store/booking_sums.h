/* booking_sums.h - proving the booking sums per grant and fiscal year
 * (schema/014 booking_year) against the bookings they sum. The triggers
 * of schema/014 keep them; this recomputes them from scratch. */
#ifndef FT_BOOKING_SUMS_H
#define FT_BOOKING_SUMS_H

#include <stddef.h>
#include <stdint.h>

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

/* Rewrites the sums of the grants of city_id with ids up to up_to_grant
 * from their bookings, inside the caller's write transaction: what the
 * import of a partner city does once before it commits for the grants
 * the database held (its new grants' sums are added up as they are
 * written, below), since its bookings skip the row-by-row sums
 * (schema/017_bulk_sums.sql). 0, or -1 with err. */
int booking_sums_recompute_city(struct store *st, int64_t city_id, int64_t up_to_grant,
				struct ft_error *err);

/* One grant-year: booking_year_recomputed's columns. */
struct booking_year_sum {
	int64_t grant_id, year, bookings, kinds[4], wide;
	char last_date[16];
};

/* One new grant's sums per year, added up booking by booking as the
 * import writes them and written once (booking_sums_grant_write): the
 * same figures booking_sums_recompute_city would read back. Zeroed to
 * begin; memory is one entry per year of the grant. */
struct booking_sums_grant {
	int64_t grant_id;
	struct booking_year_sum *years;
	size_t n, cap;
	struct db_stmt *insert; /* prepared at the first write */
};

void booking_sums_grant_start(struct booking_sums_grant *g, int64_t grant_id);
/* date ISO 8601, kind one of booking's kinds; -1 with err on overflow or
 * out of memory. */
int booking_sums_grant_add(struct booking_sums_grant *g, const char *date, const char *kind,
			   int64_t amount, struct ft_error *err);
/* Inserts the grant's year rows into booking_year and empties g. */
int booking_sums_grant_write(struct store *st, struct booking_sums_grant *g, struct ft_error *err);
void booking_sums_grant_free(struct booking_sums_grant *g);

#endif
