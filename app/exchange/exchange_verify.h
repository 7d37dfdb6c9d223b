/* exchange_verify.h - 'audit verify' for imported cities: are their rows
 * still what their delivery brought? (see exchange_verify.c) */
#ifndef FT_EXCHANGE_VERIFY_H
#define FT_EXCHANGE_VERIFY_H

#include "error.h"
#include "store.h"

struct exch_rows_check {
	long cities;     /* imported cities with a recorded rows digest */
	long mismatches; /* of them, whose rows changed since */
};

/* Recomputes the rows digest of every imported city (not the own one)
 * that has one recorded; each mismatch goes to emit as a sentence.
 * Returns 0, or -1 with err. */
int exchange_verify_deliveries(struct store *st, struct exch_rows_check *out,
			       void (*emit)(void *arg, const char *message), void *arg,
			       struct ft_error *err);

#endif
