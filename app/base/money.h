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

/* The domain limit of one amount: 100 billion euros (10^13 cents), either
 * sign. No municipal grant, allocation, booking or project budget comes
 * near it (a large German city's whole yearly budget is a few billion),
 * so a larger value is a typing or file error. It also keeps sums safe:
 * INT64_MAX / 10^13 = 922,337, so sums of up to ~900,000 such amounts
 * still fit an int64 count of cents. Every amount that enters (options,
 * CSV, XML exchange) is checked against it; sums use money_add and
 * money_sub all the same, because an older database may hold larger rows. */
#define MONEY_DOMAIN_MAX INT64_C(10000000000000)
#define MONEY_DOMAIN_MAX_TEXT "100.000.000.000,00 \xE2\x82\xAC"

/* 1 when -MONEY_DOMAIN_MAX <= cents <= MONEY_DOMAIN_MAX. */
int money_in_domain(int64_t cents);

/* Checked arithmetic on cents (GCC/Clang overflow builtins): *out = a + b
 * or a - b and 0, or -1 with *out unchanged when the exact result does not
 * fit an int64. Callers turn -1 into an error, never into a figure. */
int money_add(int64_t a, int64_t b, int64_t *out);
int money_sub(int64_t a, int64_t b, int64_t *out);

/* The error for a sum that left the int64 range: "WHAT add up beyond the
 * range of an amount ...", pointing to the limit and to 'fundtrack check'. */
int money_fail_overflow(struct ft_error *err, const char *what);

/* Parses an amount typed by a person: "1234.56", "1234,56", "1.234,56",
 * "1,234.56", "1.234.567,89 €", "12 EUR", "-5,00" (only with
 * MONEY_ALLOW_NEGATIVE). Refuses ambiguous input ("1.234", "1,234"), more
 * than two decimals, malformed digit groups, empty input and values beyond
 * MONEY_DOMAIN_MAX in either direction. On success stores cents in *out and returns 0;
 * otherwise fills err naming the value and returns -1. */
int money_parse(const char *text, enum money_sign sign, int64_t *out,
		struct ft_error *err);

/* Parses the machine form used in CSV/JSON/XML: optional '-', digits, and
 * optionally '.' followed by one or two digits ("1234.5", "1234.56"),
 * at most MONEY_DOMAIN_MAX in either direction. */
int money_parse_plain(const char *text, int64_t *out, struct ft_error *err);

/* Longest formatted amount including sign, separators and " €". */
enum { MONEY_BUF = 40 };

/* German display form: "1.234,56 €", "-0,50 €". */
void money_format_de(int64_t cents, char buf[MONEY_BUF]);

/* Machine form: "1234.56", "-0.50". */
void money_format_plain(int64_t cents, char buf[MONEY_BUF]);

/* A count as German tables show it: "586.852", "-1.200" (DIN 5008
 * groups of three). */
void count_format_de(int64_t value, char buf[MONEY_BUF]);

/* A whole number as %lld prints it ("-1234"), by hand: snprintf was 3-6 %
 * of a validate that keys every booking by its id, and the formatted
 * prints of an export's booking lines 12 % of the export. */
enum { COUNT_PLAIN_BUF = 24 };
void count_format_plain(int64_t value, char buf[COUNT_PLAIN_BUF]);

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
