/* values.h - option and argument values parsed with errors that name
 * where the value came from ("--amount: invalid amount '1.234': ...").
 * Pure functions over the base parsers (money, date); no CLI state. */
#ifndef FT_VALUES_H
#define FT_VALUES_H

#include <stdint.h>

#include "date.h"
#include "error.h"

/* Whole number in [min, max], also with German thousands separators
 * ("263.000"); err names the option and the value. */
int parse_count(const char *text, const char *option, int64_t min, int64_t max,
		int64_t *out, struct ft_error *err);

/* Amount in cents (>= 0) for option; err names the option. */
int parse_amount_option(const char *text, const char *option, int64_t *out,
			struct ft_error *err);

/* Date for option; err names the option. */
int parse_date_option(const char *text, const char *option, char out[DATE_BUF],
		      struct ft_error *err);

/* Funding rate 0..100 % in basis points for option. */
int parse_rate_option(const char *text, const char *option, int *bp, struct ft_error *err);

/* Percentage that may be negative (an interest base rate), in basis points,
 * between -100 % and 100 %. */
int parse_signed_rate(const char *text, const char *what, int *bp, struct ft_error *err);

#endif
