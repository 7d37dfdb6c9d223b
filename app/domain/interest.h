/* interest.h - interest over periods in which the base rate changes.
 *
 * Refund interest (§ 49a Abs. 3 VwVfG NRW: "fünf Prozentpunkte über dem
 * Basiszinssatz jährlich") and interest on money drawn too early (§ 49a
 * Abs. 4) follow the base rate of § 247 BGB, which changes on 1 January
 * and 1 July. Over a period that spans a change, the interest is the sum
 * of the pieces, each at the rate in force on its days.
 *
 * Day count: actual days / 365, the days from the day after `from` up to
 * and including `to` (§ 187 Abs. 1 BGB: the day of the event is not
 * counted). Neither § 49a VwVfG nor the VV zu § 44 LHO name a day count;
 * act/365 is the convention of the civil courts for § 288 BGB interest and
 * an assumption here. The pieces are summed exactly and rounded once,
 * half away from zero, to the cent.
 *
 * How long a rate holds: each rate until the next one in the list; the
 * last one only until the end of its half-year (§ 247 Abs. 1 Satz 2 BGB:
 * the rate changes on 1 January and 1 July; the next value is unknown until
 * the Bundesbank announces it, § 247 Abs. 2). Days after that have no
 * known rate, like days before the first one.
 */
#ifndef FT_INTEREST_H
#define FT_INTEREST_H

#include <stddef.h>
#include <stdint.h>

#include "date.h"
#include "error.h"
#include "intmath.h"

/* One base rate: in force from `from` (inclusive) until the next one. */
struct base_rate {
	char from[DATE_BUF];
	int bp; /* basis points, may be negative (-0,88 % = -88) */
};

/* The result of one computation. */
struct interest_result {
	int64_t interest;          /* cents, >= 0 */
	long days;                 /* days counted */
	char missing[DATE_BUF];    /* first day without a known rate, or "" */
};

/* Interest on `cents` for the days after `from` up to `to` at margin_bp
 * above the base rate, with rates[0..n) sorted by `from` ascending. A day
 * before the first rate or after the half-year of the last one has no
 * known rate: those days are left out and the first such day is named in
 * out->missing (a finding for the caller, never a rate of 0 %). A rate
 * below zero after the margin counts as 0.
 * Returns 0, or -1 with err when the result overflows the money range. */
int interest_over_rates(int64_t cents, const char *from, const char *to, int margin_bp,
			const struct base_rate *rates, size_t n, struct interest_result *out,
			struct ft_error *err);

/* The same before rounding: the exact sum of cents x rate_bp x days over
 * the pieces (divide by 10000 x 365 for cents), for a caller that adds up
 * several amounts and rounds once. out->interest stays 0. */
ft_i128 interest_cent_days_bp(int64_t cents, const char *from, const char *to, int margin_bp,
			      const struct base_rate *rates, size_t n,
			      struct interest_result *out);

/* Cents of an exact sum of cents x rate_bp x days (act/365, rounded half
 * away from zero, once); -1 when the result is beyond int64. */
int interest_cents(ft_i128 cent_days_bp, int64_t *out);

/* Interest at one rate: cents x rate_bp x days / (10000 x 365), rounded
 * once as above, in integer arithmetic. */
int64_t interest_simple(int64_t cents, int rate_bp, long days);

/* The last day the rate starting on `from` can hold: 30 June or
 * 31 December of its half-year. */
void interest_half_year_end(const char *from, char out[DATE_BUF]);
/* The first day of the half-year of iso (1 January or 1 July): the day a
 * rate for iso is recorded from. */
void interest_half_year_start(const char *iso, char out[DATE_BUF]);

#endif
