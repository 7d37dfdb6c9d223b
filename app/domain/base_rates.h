/* base_rates.h - the history of the base rate (Basiszinssatz, § 247 BGB).
 *
 * The rates live in the table base_rate (schema/007_base_rate.sql), one
 * row per half-year in which the rate changed or was announced; interest.h
 * computes over them. The rate changes only on 1 January and 1 July
 * (§ 247 Abs. 1 Satz 2 BGB), so a rate from another day is refused unless
 * forced (a correction of a wrongly entered history, say).
 */
#ifndef FT_BASE_RATES_H
#define FT_BASE_RATES_H

#include <stddef.h>

#include "error.h"
#include "interest.h"
#include "store.h"

/* Every known rate, by valid_from ascending, into *out (malloc'd, free
 * it; NULL when none). Returns 0 or -1 with err. */
int base_rates_load(struct store *st, struct base_rate **out, size_t *n, struct ft_error *err);

/* Records the rate bp in force from iso (ISO date) with its source (NULL:
 * "entered by hand"), audited. Refuses a day other than 1 January or
 * 1 July unless force, and a day that already has a rate. */
int base_rates_add(struct store *st, const char *iso, int bp, const char *source, int force,
		   struct ft_error *err);

/* 1 with the value in *bp when the old single setting 'base-rate-bp'
 * ('fundtrack setting set base-rate', before the history) is present; it
 * is no longer used. 0 when absent, -1 with err on a read error. */
int base_rates_old_setting(struct store *st, int *bp, struct ft_error *err);

#endif
