/* test_money.c - amounts in cents and rates in basis points. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "money.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* A value no test expects, to see that failures leave *out alone. */
#define UNTOUCHED_CENTS ((int64_t)-4242424242)
#define UNTOUCHED_BP (-4242)

/* Every error message: lowercase start, names the value in quotes after
 * the given prefix, contains the reason, and has no final period. */
static void assert_error_message(const char *msg, const char *prefix,
				 const char *text, const char *reason)
{
	char expected_start[256];
	size_t len = strlen(msg);

	snprintf(expected_start, sizeof(expected_start), "%s '%s': ", prefix,
		 text);
	if (strncmp(msg, expected_start, strlen(expected_start)) != 0)
		fail_msg("message \"%s\" does not start with \"%s\"", msg,
			 expected_start);
	if (!strstr(msg, reason))
		fail_msg("message \"%s\" lacks \"%s\"", msg, reason);
	assert_true(len > 0);
	assert_true(msg[len - 1] != '.');
}

/* ---- money_parse ---------------------------------------------------- */

struct accepted_amount {
	const char *text;
	enum money_sign sign;
	int64_t cents;
};

static const struct accepted_amount accepted_amounts[] = {
	{ "1234.56", MONEY_NON_NEGATIVE, 123456 },
	{ "1234,56", MONEY_NON_NEGATIVE, 123456 },
	{ "1.234,56", MONEY_NON_NEGATIVE, 123456 },
	{ "1,234.56", MONEY_NON_NEGATIVE, 123456 },
	{ "1.234.567,89 €", MONEY_NON_NEGATIVE, 123456789 },
	{ "1.234.567,89€", MONEY_NON_NEGATIVE, 123456789 },
	{ "1,234,567.89 €", MONEY_NON_NEGATIVE, 123456789 },
	{ "€ 12,50", MONEY_NON_NEGATIVE, 1250 },
	{ "€12,50", MONEY_NON_NEGATIVE, 1250 },
	{ "12 EUR", MONEY_NON_NEGATIVE, 1200 },
	{ "12EUR", MONEY_NON_NEGATIVE, 1200 },
	{ "12 eur", MONEY_NON_NEGATIVE, 1200 },
	{ "EUR 12", MONEY_NON_NEGATIVE, 1200 },
	{ "1234", MONEY_NON_NEGATIVE, 123400 },
	{ "0,5", MONEY_NON_NEGATIVE, 50 },
	{ "0.5", MONEY_NON_NEGATIVE, 50 },
	{ "0,05", MONEY_NON_NEGATIVE, 5 },
	{ "12,3", MONEY_NON_NEGATIVE, 1230 },
	{ "0", MONEY_NON_NEGATIVE, 0 },
	{ "0,00", MONEY_NON_NEGATIVE, 0 },
	{ "007,50", MONEY_NON_NEGATIVE, 750 },
	{ "  12,50  ", MONEY_NON_NEGATIVE, 1250 },
	{ "\t7\n", MONEY_NON_NEGATIVE, 700 },
	{ " 1.234,56 € ", MONEY_NON_NEGATIVE, 123456 },
	/* one kind of separator several times: grouping, no decimals */
	{ "1.234.567", MONEY_NON_NEGATIVE, 123456700 },
	{ "1,234,567", MONEY_NON_NEGATIVE, 123456700 },
	{ "1.000.000", MONEY_NON_NEGATIVE, 100000000 },
	{ "1.234,5", MONEY_NON_NEGATIVE, 123450 },
	{ "1,234.5", MONEY_NON_NEGATIVE, 123450 },
	{ "12.345,67", MONEY_NON_NEGATIVE, 1234567 },
	{ "123.456,78", MONEY_NON_NEGATIVE, 12345678 },
	/* no-break spaces as spreadsheets write them */
	{ "1.234,56\xC2\xA0€", MONEY_NON_NEGATIVE, 123456 },
	{ "1.234,56\xE2\x80\xAF€", MONEY_NON_NEGATIVE, 123456 },
	/* the domain limit, 100 billion euros either way */
	{ "100.000.000.000,00", MONEY_NON_NEGATIVE, MONEY_DOMAIN_MAX },
	{ "100000000000", MONEY_NON_NEGATIVE, MONEY_DOMAIN_MAX },
	{ "100,000,000,000.00 €", MONEY_NON_NEGATIVE, MONEY_DOMAIN_MAX },
	{ "99.999.999.999,99", MONEY_NON_NEGATIVE, MONEY_DOMAIN_MAX - 1 },
	{ "0000000000000000000000000001", MONEY_NON_NEGATIVE, 100 },
	{ "-100.000.000.000,00", MONEY_ALLOW_NEGATIVE, -MONEY_DOMAIN_MAX },
	{ "-100000000000.00 €", MONEY_ALLOW_NEGATIVE, -MONEY_DOMAIN_MAX },
	{ "-99.999.999.999,99", MONEY_ALLOW_NEGATIVE, -MONEY_DOMAIN_MAX + 1 },
	/* signs */
	{ "-5,00", MONEY_ALLOW_NEGATIVE, -500 },
	{ "-0,50 €", MONEY_ALLOW_NEGATIVE, -50 },
	{ "€ -12,50", MONEY_ALLOW_NEGATIVE, -1250 },
	{ "-€ 12,50", MONEY_ALLOW_NEGATIVE, -1250 },
	{ "-1.234,56 €", MONEY_ALLOW_NEGATIVE, -123456 },
	{ "-0", MONEY_ALLOW_NEGATIVE, 0 },
	{ "12,50", MONEY_ALLOW_NEGATIVE, 1250 },
};

/* count_format_plain prints what %lld prints, the extremes included;
 * count_format_de groups by three. */
static void test_count_formats(void **state)
{
	const int64_t values[] = { 0, 7, -1, 10, 1234, -98765, 1000000, INT64_MAX, INT64_MIN };
	char plain[COUNT_PLAIN_BUF], de[MONEY_BUF], expected[64];

	(void)state;
	for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
		snprintf(expected, sizeof(expected), "%lld", (long long)values[i]);
		count_format_plain(values[i], plain);
		assert_string_equal(plain, expected);
	}
	count_format_de(-1234567, de);
	assert_string_equal(de, "-1.234.567");
	count_format_plain(INT64_MIN, plain);
	assert_int_equal(strlen(plain) + 1, 21); /* fits COUNT_PLAIN_BUF */
}

static void test_money_parse_accepts(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(accepted_amounts); i++) {
		const struct accepted_amount *c = &accepted_amounts[i];
		struct ft_error err;
		int64_t cents = UNTOUCHED_CENTS;

		ft_error_clear(&err);
		if (money_parse(c->text, c->sign, &cents, &err) != 0)
			fail_msg("'%s' refused: %s", c->text, err.msg);
		if (cents != c->cents)
			fail_msg("'%s' gave %lld cents, expected %lld", c->text,
				 (long long)cents, (long long)c->cents);
	}
}

struct refused_amount {
	const char *text;
	enum money_sign sign;
	const char *reason;
};

static const struct refused_amount refused_amounts[] = {
	{ "", MONEY_NON_NEGATIVE, "expected an amount like" },
	{ "   ", MONEY_NON_NEGATIVE, "expected an amount like" },
	{ "abc", MONEY_NON_NEGATIVE, "expected an amount like" },
	{ "+", MONEY_NON_NEGATIVE, "expected an amount like" },
	{ "+5", MONEY_NON_NEGATIVE, "expected an amount like" },
	{ "-", MONEY_ALLOW_NEGATIVE, "expected an amount like" },
	{ "€", MONEY_NON_NEGATIVE, "expected an amount like" },
	{ "EUR", MONEY_NON_NEGATIVE, "expected an amount like" },
	{ "12 USD", MONEY_NON_NEGATIVE, "expected an amount like" },
	{ "12 $", MONEY_NON_NEGATIVE, "expected an amount like" },
	{ "12 Euro", MONEY_NON_NEGATIVE, "expected an amount like" },
	{ "12 € EUR", MONEY_NON_NEGATIVE, "expected an amount like" },
	{ "€ 12 €", MONEY_NON_NEGATIVE, "expected an amount like" },
	{ "12x", MONEY_NON_NEGATIVE, "expected an amount like" },
	{ "1e5", MONEY_NON_NEGATIVE, "expected an amount like" },
	{ "0x10", MONEY_NON_NEGATIVE, "expected an amount like" },
	{ "12-", MONEY_ALLOW_NEGATIVE, "expected an amount like" },
	{ "--5", MONEY_ALLOW_NEGATIVE, "expected an amount like" },
	{ "-€-5", MONEY_ALLOW_NEGATIVE, "expected an amount like" },
	{ "- 5", MONEY_ALLOW_NEGATIVE, "expected an amount like" },
	{ "5 -", MONEY_ALLOW_NEGATIVE, "expected an amount like" },
	{ "(5)", MONEY_ALLOW_NEGATIVE, "expected an amount like" },
	{ "\xEF\xBC\x91\xEF\xBC\x92", MONEY_NON_NEGATIVE,
	  "expected an amount like" }, /* full-width digits */
	/* ambiguous: a single separator before exactly three digits */
	{ "1.234", MONEY_NON_NEGATIVE, "ambiguous - write 1234,00 or 1,23" },
	{ "1,234", MONEY_NON_NEGATIVE, "ambiguous - write 1234,00 or 1,23" },
	{ "12,345 €", MONEY_NON_NEGATIVE,
	  "ambiguous - write 12345,00 or 12,34" },
	{ "999.999", MONEY_NON_NEGATIVE,
	  "ambiguous - write 999999,00 or 999,99" },
	/* decimals */
	{ "1,234.567", MONEY_NON_NEGATIVE, "more than two decimals" },
	{ "1.234,567", MONEY_NON_NEGATIVE, "more than two decimals" },
	{ "1234,567", MONEY_NON_NEGATIVE, "more than two decimals" },
	{ "0,125", MONEY_NON_NEGATIVE, "more than two decimals" },
	{ "1,2345", MONEY_NON_NEGATIVE, "more than two decimals" },
	{ "12345.678", MONEY_NON_NEGATIVE, "more than two decimals" },
	{ ",5", MONEY_NON_NEGATIVE, "expected a digit before ',' - write 0,5" },
	{ ".50", MONEY_NON_NEGATIVE, "expected a digit before '.' - write 0.50" },
	{ "12,", MONEY_NON_NEGATIVE, "expected digits after ','" },
	{ "12.", MONEY_NON_NEGATIVE, "expected digits after '.'" },
	{ "1.234, €", MONEY_NON_NEGATIVE, "expected digits after ','" },
	/* grouping */
	{ "1..2", MONEY_NON_NEGATIVE, "bad digit grouping" },
	{ "1.2.3,4", MONEY_NON_NEGATIVE, "bad digit grouping" },
	{ "1.23.456", MONEY_NON_NEGATIVE, "bad digit grouping" },
	{ "1.234.56", MONEY_NON_NEGATIVE, "bad digit grouping" },
	{ "1234.567.890", MONEY_NON_NEGATIVE, "bad digit grouping" },
	{ "1,23,456.00", MONEY_NON_NEGATIVE, "bad digit grouping" },
	{ "12,34,56", MONEY_NON_NEGATIVE, "bad digit grouping" },
	{ "1.,2", MONEY_NON_NEGATIVE, "bad digit grouping" },
	{ "1,2,3.4", MONEY_NON_NEGATIVE, "bad digit grouping" },
	{ "1.234,56.78", MONEY_NON_NEGATIVE, "mixed separators" },
	{ "1,234.56,78", MONEY_NON_NEGATIVE, "mixed separators" },
	/* space grouping is refused: decided, "1.234,56" is the German way */
	{ "1 234,56", MONEY_NON_NEGATIVE, "spaces inside the number" },
	{ "€ 1 234", MONEY_NON_NEGATIVE, "spaces inside the number" },
	/* sign */
	{ "-5", MONEY_NON_NEGATIVE, "negative amounts are not allowed" },
	{ "-0,50 €", MONEY_NON_NEGATIVE, "negative amounts are not allowed" },
	{ "€ -1", MONEY_NON_NEGATIVE, "negative amounts are not allowed" },
	{ "-0", MONEY_NON_NEGATIVE, "negative amounts are not allowed" },
	/* range: the domain limit (the booking of issue 12 was INT64_MAX) */
	{ "100.000.000.000,01", MONEY_NON_NEGATIVE, "too large - one amount is at most 100.000.000.000,00 €" },
	{ "100000000000.01", MONEY_NON_NEGATIVE, "too large" },
	{ "100.000.000.001", MONEY_NON_NEGATIVE, "too large" },
	{ "92.233.720.368.547.758,07", MONEY_NON_NEGATIVE, "too large" },
	{ "-100.000.000.000,01", MONEY_ALLOW_NEGATIVE, "too small - one amount is at least -100.000.000.000,00 €" },
	{ "-92.233.720.368.547.758,08", MONEY_ALLOW_NEGATIVE, "too small" },
	{ "92.233.720.368.547.758,08", MONEY_NON_NEGATIVE, "too large" },
	{ "92233720368547758.08", MONEY_NON_NEGATIVE, "too large" },
	{ "92233720368547758.1", MONEY_NON_NEGATIVE, "too large" },
	{ "92233720368547759", MONEY_NON_NEGATIVE, "too large" },
	{ "99999999999999999999", MONEY_NON_NEGATIVE, "too large" },
	{ "184467440737095516,16", MONEY_NON_NEGATIVE, "too large" },
	{ "92.233.720.368.547.758,08", MONEY_ALLOW_NEGATIVE, "too large" },
	{ "-92.233.720.368.547.758,09", MONEY_ALLOW_NEGATIVE, "too small" },
	{ "-99999999999999999999", MONEY_ALLOW_NEGATIVE, "too small" },
};

static void test_money_parse_refuses(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(refused_amounts); i++) {
		const struct refused_amount *c = &refused_amounts[i];
		struct ft_error err;
		int64_t cents = UNTOUCHED_CENTS;

		ft_error_clear(&err);
		if (money_parse(c->text, c->sign, &cents, &err) != -1)
			fail_msg("'%s' accepted as %lld cents", c->text,
				 (long long)cents);
		assert_true(cents == UNTOUCHED_CENTS);
		assert_error_message(err.msg, "invalid amount", c->text,
				     c->reason);
	}
}

static void test_money_parse_null_and_no_error_struct(void **state)
{
	struct ft_error err;
	int64_t cents = UNTOUCHED_CENTS;

	(void)state;
	assert_int_equal(money_parse(NULL, MONEY_NON_NEGATIVE, &cents, &err),
			 -1);
	assert_error_message(err.msg, "invalid amount", "", "expected");
	assert_int_equal(money_parse("1,234", MONEY_NON_NEGATIVE, &cents, NULL),
			 -1);
	assert_int_equal(money_parse("1,23", MONEY_NON_NEGATIVE, &cents, NULL),
			 0);
	assert_true(cents == 123);
}

/* ---- money_parse_plain ---------------------------------------------- */

struct plain_amount {
	const char *text;
	int64_t cents;
};

static const struct plain_amount accepted_plain[] = {
	{ "0", 0 },
	{ "1", 100 },
	{ "0.01", 1 },
	{ "0.1", 10 },
	{ "1234.5", 123450 },
	{ "1234.56", 123456 },
	{ "-0.50", -50 },
	{ "-0.5", -50 },
	{ "-0", 0 },
	{ "007", 700 },
	{ "100000000000.00", MONEY_DOMAIN_MAX },
	{ "99999999999.99", MONEY_DOMAIN_MAX - 1 },
	{ "-100000000000", -MONEY_DOMAIN_MAX },
};

static void test_money_parse_plain_accepts(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(accepted_plain); i++) {
		struct ft_error err;
		int64_t cents = UNTOUCHED_CENTS;

		ft_error_clear(&err);
		if (money_parse_plain(accepted_plain[i].text, &cents, &err) != 0)
			fail_msg("'%s' refused: %s", accepted_plain[i].text,
				 err.msg);
		if (cents != accepted_plain[i].cents)
			fail_msg("'%s' gave %lld", accepted_plain[i].text,
				 (long long)cents);
	}
}

struct refused_plain {
	const char *text;
	const char *reason;
};

static const struct refused_plain refused_plain[] = {
	{ "", "expected a plain number" },
	{ "-", "expected a plain number" },
	{ "+1", "expected a plain number" },
	{ "1,5", "expected a plain number" },
	{ "1.", "expected a plain number" },
	{ ".5", "expected a plain number" },
	{ "-.5", "expected a plain number" },
	{ "1.234", "expected a plain number" },
	{ "1.234.567", "expected a plain number" },
	{ " 1", "expected a plain number" },
	{ "1 ", "expected a plain number" },
	{ "1e3", "expected a plain number" },
	{ "1.2.3", "expected a plain number" },
	{ "--1", "expected a plain number" },
	{ "1.-5", "expected a plain number" },
	{ "abc", "expected a plain number" },
	{ "1 234", "expected a plain number" },
	{ "12 €", "expected a plain number" },
	{ "100000000000.01", "out of range - one amount is -100000000000.00 to 100000000000.00" },
	{ "-100000000000.01", "out of range" },
	{ "92233720368547758.07", "out of range" },
	{ "-92233720368547758.08", "out of range" },
	{ "92233720368547758.08", "out of range" },
	{ "92233720368547759", "out of range" },
	{ "-92233720368547758.09", "out of range" },
	{ "99999999999999999999999", "out of range" },
};

static void test_money_parse_plain_refuses(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(refused_plain); i++) {
		struct ft_error err;
		int64_t cents = UNTOUCHED_CENTS;

		ft_error_clear(&err);
		if (money_parse_plain(refused_plain[i].text, &cents, &err) != -1)
			fail_msg("'%s' accepted", refused_plain[i].text);
		assert_true(cents == UNTOUCHED_CENTS);
		assert_error_message(err.msg, "invalid amount",
				     refused_plain[i].text,
				     refused_plain[i].reason);
	}
	assert_int_equal(money_parse_plain(NULL, &(int64_t){ 0 }, NULL), -1);
}

/* ---- formatting ------------------------------------------------------ */

struct formatted_amount {
	int64_t cents;
	const char *german;
	const char *plain;
};

static const struct formatted_amount formatted_amounts[] = {
	{ 0, "0,00 €", "0.00" },
	{ 1, "0,01 €", "0.01" },
	{ 5, "0,05 €", "0.05" },
	{ 50, "0,50 €", "0.50" },
	{ -1, "-0,01 €", "-0.01" },
	{ -50, "-0,50 €", "-0.50" },
	{ 100, "1,00 €", "1.00" },
	{ 99999, "999,99 €", "999.99" },
	{ 100000, "1.000,00 €", "1000.00" },
	{ 123456, "1.234,56 €", "1234.56" },
	{ -123456, "-1.234,56 €", "-1234.56" },
	{ 12345678, "123.456,78 €", "123456.78" },
	{ 123456789, "1.234.567,89 €", "1234567.89" },
	{ 100000000, "1.000.000,00 €", "1000000.00" },
	{ INT64_MAX, "92.233.720.368.547.758,07 €", "92233720368547758.07" },
	{ -INT64_MAX, "-92.233.720.368.547.758,07 €",
	  "-92233720368547758.07" },
	{ INT64_MIN, "-92.233.720.368.547.758,08 €",
	  "-92233720368547758.08" },
};

static void test_money_format(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(formatted_amounts); i++) {
		const struct formatted_amount *c = &formatted_amounts[i];
		char buf[MONEY_BUF];

		memset(buf, 'x', sizeof(buf));
		money_format_de(c->cents, buf);
		assert_string_equal(buf, c->german);
		memset(buf, 'x', sizeof(buf));
		money_format_plain(c->cents, buf);
		assert_string_equal(buf, c->plain);
	}
}

/* A fixed pseudo-random sequence (64-bit LCG, Knuth's MMIX constants). */
static uint64_t next_random(uint64_t *seed)
{
	*seed = *seed * 6364136223846793005u + 1442695040888963407u;
	return *seed;
}

/* Values of every magnitude: a random number shifted to a random width. */
static int64_t random_cents(uint64_t *seed)
{
	uint64_t r = next_random(seed);
	int64_t value = (int64_t)(r >> (1 + r % 63)); /* below 2^63 */

	value %= MONEY_DOMAIN_MAX + 1; /* what parsing accepts */
	return (r & 1u) ? value : -value;
}

static void check_round_trip(int64_t cents)
{
	char buf[MONEY_BUF];
	struct ft_error err;
	int64_t back = UNTOUCHED_CENTS;

	money_format_plain(cents, buf);
	if (money_parse_plain(buf, &back, &err) != 0 || back != cents)
		fail_msg("plain round trip of %lld via '%s' failed",
			 (long long)cents, buf);
	back = UNTOUCHED_CENTS;
	money_format_de(cents, buf);
	if (money_parse(buf, MONEY_ALLOW_NEGATIVE, &back, &err) != 0 ||
	    back != cents)
		fail_msg("german round trip of %lld via '%s' failed",
			 (long long)cents, buf);
}

static void test_money_round_trips(void **state)
{
	uint64_t seed = 20251231;

	(void)state;
	for (int64_t c = -200000; c <= 200000; c++)
		check_round_trip(c);
	for (int64_t p = 1; p <= MONEY_DOMAIN_MAX / 10; p *= 10) {
		check_round_trip(p * 10 - 1);
		check_round_trip(p * 10);
		check_round_trip(-p * 10);
	}
	check_round_trip(MONEY_DOMAIN_MAX);
	check_round_trip(-MONEY_DOMAIN_MAX);
	check_round_trip(MONEY_DOMAIN_MAX - 1);
	for (int i = 0; i < 100000; i++)
		check_round_trip(random_cents(&seed));
}

/* ---- rates ------------------------------------------------------------ */

struct accepted_rate {
	const char *text;
	int bp;
};

static const struct accepted_rate accepted_rates[] = {
	{ "85", 8500 },     { "85,5", 8550 },     { "85.5", 8550 },
	{ "7.25 %", 725 },  { "7,25%", 725 },     { "100", 10000 },
	{ "100,00", 10000 }, { "100.0", 10000 },  { "100 %", 10000 },
	{ "0", 0 },         { "0,01", 1 },        { " 85 ", 8500 },
	{ "085", 8500 },    { "33,33", 3333 },    { "0000000000042", 4200 },
	{ "50\xC2\xA0%", 5000 },
};

static void test_rate_parse_accepts(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(accepted_rates); i++) {
		struct ft_error err;
		int bp = UNTOUCHED_BP;

		ft_error_clear(&err);
		if (rate_parse(accepted_rates[i].text, &bp, &err) != 0)
			fail_msg("'%s' refused: %s", accepted_rates[i].text,
				 err.msg);
		if (bp != accepted_rates[i].bp)
			fail_msg("'%s' gave %d", accepted_rates[i].text, bp);
	}
}

struct refused_rate {
	const char *text;
	const char *reason;
};

static const struct refused_rate refused_rates[] = {
	{ "100,01", "more than 100 %" },
	{ "100.5 %", "more than 100 %" },
	{ "101", "more than 100 %" },
	{ "1000", "more than 100 %" },
	{ "99999999999999999999", "more than 100 %" },
	{ "-5", "negative rates are not allowed" },
	{ "-0", "negative rates are not allowed" },
	{ "85,555", "more than two decimals" },
	{ "1.000", "more than two decimals" },
	{ "", "expected a percentage" },
	{ "%", "expected a percentage" },
	{ "abc", "expected a percentage" },
	{ "85,", "expected a percentage" },
	{ ",5", "expected a percentage" },
	{ "85 %%", "expected a percentage" },
	{ "8 5", "expected a percentage" },
	{ "85 EUR", "expected a percentage" },
	{ "+5", "expected a percentage" },
	{ "1.2.3", "expected a percentage" },
	{ "% 85", "expected a percentage" },
};

static void test_rate_parse_refuses(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(refused_rates); i++) {
		struct ft_error err;
		int bp = UNTOUCHED_BP;

		ft_error_clear(&err);
		if (rate_parse(refused_rates[i].text, &bp, &err) != -1)
			fail_msg("'%s' accepted as %d", refused_rates[i].text,
				 bp);
		assert_int_equal(bp, UNTOUCHED_BP);
		assert_error_message(err.msg, "invalid rate",
				     refused_rates[i].text,
				     refused_rates[i].reason);
	}
	assert_int_equal(rate_parse(NULL, &(int){ 0 }, NULL), -1);
}

struct formatted_rate {
	int bp;
	const char *german;
	const char *plain;
};

static const struct formatted_rate formatted_rates[] = {
	{ 8500, "85,00 %", "85.00" },
	{ 725, "7,25 %", "7.25" },
	{ 8550, "85,50 %", "85.50" },
	{ 0, "0,00 %", "0.00" },
	{ 1, "0,01 %", "0.01" },
	{ 10000, "100,00 %", "100.00" },
	{ -150, "-1,50 %", "-1.50" },
	{ INT_MAX, "21474836,47 %", "21474836.47" },
	{ INT_MIN, "-21474836,48 %", "-21474836.48" },
};

static void test_rate_format(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(formatted_rates); i++) {
		char buf[RATE_BUF];

		rate_format_de(formatted_rates[i].bp, buf);
		assert_string_equal(buf, formatted_rates[i].german);
		rate_format_plain(formatted_rates[i].bp, buf);
		assert_string_equal(buf, formatted_rates[i].plain);
	}
}

static void test_rate_round_trips(void **state)
{
	(void)state;
	for (int bp = 0; bp <= 10000; bp++) {
		char buf[RATE_BUF];
		int back = UNTOUCHED_BP;

		rate_format_de(bp, buf);
		assert_int_equal(rate_parse(buf, &back, NULL), 0);
		assert_int_equal(back, bp);
		back = UNTOUCHED_BP;
		rate_format_plain(bp, buf);
		assert_int_equal(rate_parse(buf, &back, NULL), 0);
		assert_int_equal(back, bp);
	}
}

/* ---- money_share_bp -------------------------------------------------- */

struct share_case {
	int64_t part, whole;
	int bp;
};

static const struct share_case share_cases[] = {
	{ 0, 0, 0 },
	{ 5, 0, 0 },
	{ INT64_MIN, 0, 0 },
	{ 0, 100, 0 },
	{ 50, 100, 5000 },
	{ 100, 100, 10000 },
	{ 200, 100, 20000 },
	{ 1, 3, 3333 },
	{ 2, 3, 6667 },
	{ 1, 20000, 1 },    /* 0.5 bp rounds up */
	{ 1, 20001, 0 },    /* just below half */
	{ 3, 20000, 2 },    /* 1.5 -> 2 */
	{ 123456, 1000000, 1235 },
	{ 123450, 1000000, 1235 }, /* 1234.5 -> 1235 */
	{ 123449, 1000000, 1234 },
	/* negatives mirror the positive result */
	{ -50, 100, -5000 },
	{ 50, -100, -5000 },
	{ -50, -100, 5000 },
	{ -1, 20000, -1 },
	{ -1, 20001, 0 },
	{ -2, 3, -6667 },
	/* extremes: no overflow, results beyond int clamp */
	{ INT64_MAX, INT64_MAX, 10000 },
	{ INT64_MIN, INT64_MIN, 10000 },
	{ INT64_MIN, INT64_MAX, -10000 },
	{ INT64_MAX, INT64_MIN, -10000 },
	{ INT64_MAX / 2, INT64_MAX, 5000 },
	{ 1, INT64_MAX, 0 },
	{ INT64_MAX, 1, INT_MAX },
	{ INT64_MIN, 1, INT_MIN },
	{ INT64_MIN, -1, INT_MAX },
	{ (int64_t)INT_MAX, 10000, INT_MAX },
	{ (int64_t)INT_MAX + 1, 10000, INT_MAX },
	{ -(int64_t)INT_MAX - 1, 10000, INT_MIN },
	{ -(int64_t)INT_MAX - 2, 10000, INT_MIN },
};

static void test_money_share_bp_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(share_cases); i++) {
		const struct share_case *c = &share_cases[i];
		int bp = money_share_bp(c->part, c->whole);

		if (bp != c->bp)
			fail_msg("share(%lld, %lld) = %d, expected %d",
				 (long long)c->part, (long long)c->whole, bp,
				 c->bp);
	}
}

/* ---- checked arithmetic ---------------------------------------------- */

#define UNTOUCHED_SUM INT64_C(4242)

static void assert_add(int64_t a, int64_t b, int expect_rc, int64_t expect)
{
	int64_t out = UNTOUCHED_SUM;

	assert_int_equal(money_add(a, b, &out), expect_rc);
	assert_int_equal(out, expect_rc == 0 ? expect : UNTOUCHED_SUM);
}

static void assert_sub(int64_t a, int64_t b, int expect_rc, int64_t expect)
{
	int64_t out = UNTOUCHED_SUM;

	assert_int_equal(money_sub(a, b, &out), expect_rc);
	assert_int_equal(out, expect_rc == 0 ? expect : UNTOUCHED_SUM);
}

static void test_money_add_edges(void **state)
{
	(void)state;
	assert_add(1, 2, 0, 3);
	assert_add(INT64_MAX, 0, 0, INT64_MAX);
	assert_add(INT64_MAX - 1, 1, 0, INT64_MAX);
	assert_add(INT64_MAX, 1, -1, 0);
	assert_add(INT64_MAX, INT64_MAX, -1, 0); /* the booking of issue 12, twice */
	assert_add(INT64_MIN, 0, 0, INT64_MIN);
	assert_add(INT64_MIN + 1, -1, 0, INT64_MIN);
	assert_add(INT64_MIN, -1, -1, 0);
	assert_add(INT64_MIN, INT64_MIN, -1, 0);
	assert_add(INT64_MAX, INT64_MIN, 0, -1);
	assert_add(MONEY_DOMAIN_MAX, MONEY_DOMAIN_MAX, 0, 2 * MONEY_DOMAIN_MAX);
	assert_add(MONEY_DOMAIN_MAX + 1, -1, 0, MONEY_DOMAIN_MAX);
	assert_add(-MONEY_DOMAIN_MAX - 1, 1, 0, -MONEY_DOMAIN_MAX);
}

static void test_money_sub_edges(void **state)
{
	(void)state;
	assert_sub(3, 2, 0, 1);
	assert_sub(INT64_MAX, 0, 0, INT64_MAX);
	assert_sub(INT64_MAX, -1, -1, 0);
	assert_sub(INT64_MIN, 1, -1, 0);
	assert_sub(INT64_MIN + 1, 1, 0, INT64_MIN);
	assert_sub(0, INT64_MIN, -1, 0); /* -INT64_MIN does not exist */
	assert_sub(-1, INT64_MIN, 0, INT64_MAX);
	assert_sub(INT64_MIN, INT64_MIN, 0, 0);
	assert_sub(INT64_MAX, INT64_MIN, -1, 0);
	assert_sub(-MONEY_DOMAIN_MAX, MONEY_DOMAIN_MAX, 0, -2 * MONEY_DOMAIN_MAX);
}

static void test_money_domain(void **state)
{
	(void)state;
	assert_int_equal(MONEY_DOMAIN_MAX, INT64_C(10000000000000));
	assert_true(money_in_domain(0));
	assert_true(money_in_domain(MONEY_DOMAIN_MAX));
	assert_true(money_in_domain(-MONEY_DOMAIN_MAX));
	assert_false(money_in_domain(MONEY_DOMAIN_MAX + 1));
	assert_false(money_in_domain(-MONEY_DOMAIN_MAX - 1));
	assert_false(money_in_domain(INT64_MAX));
	assert_false(money_in_domain(INT64_MIN));
	/* the promise in money.h: 900,000 amounts at the limit still add up */
	assert_true(INT64_MAX / MONEY_DOMAIN_MAX >= 900000);
}

static void test_money_fail_overflow_message(void **state)
{
	struct ft_error err;

	(void)state;
	assert_int_equal(money_fail_overflow(&err, "the drawdowns of grant 'X'"), -1);
	assert_non_null(strstr(err.msg, "the drawdowns of grant 'X' add up beyond the range"));
	assert_non_null(strstr(err.msg, "100.000.000.000,00 €"));
	assert_non_null(strstr(err.msg, "'fundtrack check'"));
}

/* Against a plain 64-bit formula where it cannot overflow. */
static void test_money_share_bp_matches_reference(void **state)
{
	uint64_t seed = 85;

	(void)state;
	for (int i = 0; i < 200000; i++) {
		int64_t whole = (int64_t)(next_random(&seed) % 100000000000u) + 1;
		int64_t part = (int64_t)(next_random(&seed) % (uint64_t)whole);
		int64_t expected = (part * 20000 + whole) / (2 * whole);

		if (i % 4 == 0) { /* also parts larger than the whole */
			part *= 3;
			expected = (part * 20000 + whole) / (2 * whole);
		}
		assert_int_equal(money_share_bp(part, whole), expected);
		assert_int_equal(money_share_bp(-part, whole), -expected);
		assert_int_equal(money_share_bp(part, -whole), -expected);
		assert_int_equal(money_share_bp(-part, -whole), expected);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_count_formats),
		cmocka_unit_test(test_money_parse_accepts),
		cmocka_unit_test(test_money_parse_refuses),
		cmocka_unit_test(test_money_parse_null_and_no_error_struct),
		cmocka_unit_test(test_money_parse_plain_accepts),
		cmocka_unit_test(test_money_parse_plain_refuses),
		cmocka_unit_test(test_money_format),
		cmocka_unit_test(test_money_round_trips),
		cmocka_unit_test(test_rate_parse_accepts),
		cmocka_unit_test(test_rate_parse_refuses),
		cmocka_unit_test(test_rate_format),
		cmocka_unit_test(test_rate_round_trips),
		cmocka_unit_test(test_money_share_bp_table),
		cmocka_unit_test(test_money_share_bp_matches_reference),
		cmocka_unit_test(test_money_add_edges),
		cmocka_unit_test(test_money_sub_edges),
		cmocka_unit_test(test_money_domain),
		cmocka_unit_test(test_money_fail_overflow_message),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
