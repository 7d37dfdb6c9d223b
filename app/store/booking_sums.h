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

/* New grants' sums per year, added up booking by booking as the import
 * writes them and written together (booking_sums_grant_write): the same
 * figures booking_sums_recompute_city would read back. The years of the
 * grants started since the last write wait here, so that the import can
 * write them after their grants, which it also writes in batches.
 * Zeroed to begin; memory is one entry per year of those grants. */
struct booking_sums_grant {
	int64_t grant_id;           /* the grant whose bookings are added now */
	struct booking_year_sum *years;
	size_t n, cap;
	size_t first;               /* the open grant's first entry in years: those
				     * before belong to complete grants */
	struct db_stmt *insert;     /* one row; prepared at the first write */
	struct db_stmt *insert_rows; /* SUM_ROWS rows at once */
};

/* Begins the sums of another grant; those of the grants before wait. */
void booking_sums_grant_start(struct booking_sums_grant *g, int64_t grant_id);
/* date ISO 8601, kind one of booking's kinds; -1 with err on overflow or
 * out of memory. */
int booking_sums_grant_add(struct booking_sums_grant *g, const char *date, const char *kind,
			   int64_t amount, struct ft_error *err);
/* The grant begun last is complete: its years may be written. */
void booking_sums_grant_end(struct booking_sums_grant *g);
/* Inserts the year rows of the complete grants into booking_year (the
 * grants must be written); those of a grant not yet ended wait on. */
int booking_sums_grant_write(struct store *st, struct booking_sums_grant *g, struct ft_error *err);
void booking_sums_grant_free(struct booking_sums_grant *g);

#endif
