/* money.h - amounts in integer cents and rates in basis points.
 *
 * Money never passes through floating point: text is parsed digit by
 * digit into an int64_t count of cents, and formatted back the same way.
 */
#ifndef FT_MONEY_H
#define FT_MONEY_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

enum money_sign { MONEY_NON_NEGATIVE = 0, MONEY_ALLOW_NEGATIVE = 1 };

/* Parses an amount typed by a person: "1234.56", "1234,56", "1.234,56",
 * "1,234.56", "1.234.567,89 €", "12 EUR", "-5,00" (only with
 * MONEY_ALLOW_NEGATIVE). Refuses ambiguous input ("1.234", "1,234"), more
 * than two decimals, malformed digit groups, empty input and values beyond
 * the int64 range of cents. On success stores cents in *out and returns 0;
 * otherwise fills err naming the value and returns -1. */
int money_parse(const char *text, enum money_sign sign, int64_t *out,
		struct ft_error *err);

/* Parses the machine form used in CSV/JSON/XML: optional '-', digits, and
 * optionally '.' followed by one or two digits ("1234.5", "1234.56"). */
int money_parse_plain(const char *text, int64_t *out, struct ft_error *err);

/* Longest formatted amount including sign, separators and " €". */
enum { MONEY_BUF = 40 };

/* German display form: "1.234,56 €", "-0,50 €". */
void money_format_de(int64_t cents, char buf[MONEY_BUF]);

/* Machine form: "1234.56", "-0.50". */
void money_format_plain(int64_t cents, char buf[MONEY_BUF]);

/* Parses a percentage into basis points: "85" -> 8500, "85,5" -> 8550,
 * "7.25 %" -> 725. Range 0..100 %, at most two decimals. */
int rate_parse(const char *text, int *bp_out, struct ft_error *err);

enum { RATE_BUF = 16 };

/* "85,00 %" */
void rate_format_de(int bp, char buf[RATE_BUF]);

/* "85.00" */
void rate_format_plain(int bp, char buf[RATE_BUF]);

/* Share of part in whole as basis points, rounded half up; 0 when whole
 * is 0. Uses integer arithmetic only. */
int money_share_bp(int64_t part, int64_t whole);

#endif
