/* money.c - parsing and formatting of cents and basis points.
 *
 * Every amount is handled as an unsigned magnitude plus a sign while it is
 * being built or taken apart, so INT64_MIN needs no special negation and
 * no step can overflow. Parsing stops at the domain limit (money.h). Floating point is never used.
 */
#include "money.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "msg_lang.h"

/* The largest magnitude a parsed amount may have (money.h). */
#define DOMAIN_MAGNITUDE ((uint64_t)MONEY_DOMAIN_MAX)

#define EURO_SIGN "\xE2\x82\xAC" /* U+20AC in UTF-8 */

static const char amount_example[] =
	N_("expected an amount like 1.234,56 or 1234.56");

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int is_separator(char c)
{
	return c == '.' || c == ',';
}

/* Length in bytes of a space at s: ASCII blanks, and the no-break spaces
 * (U+00A0, U+202F) that spreadsheets put between a number and "€". */
static size_t space_length(const char *s)
{
	if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		return 1;
	if ((unsigned char)s[0] == 0xC2 && (unsigned char)s[1] == 0xA0)
		return 2;
	if ((unsigned char)s[0] == 0xE2 && (unsigned char)s[1] == 0x80 &&
	    (unsigned char)s[2] == 0xAF)
		return 3;
	return 0;
}

static const char *skip_spaces(const char *s)
{
	size_t n;

	while ((n = space_length(s)) > 0)
		s += n;
	return s;
}

/* Length in bytes of a currency mark ("€" or "EUR" in any case) at s. */
static size_t currency_length(const char *s)
{
	if (strncmp(s, EURO_SIGN, strlen(EURO_SIGN)) == 0)
		return strlen(EURO_SIGN);
	if ((s[0] == 'E' || s[0] == 'e') && (s[1] == 'U' || s[1] == 'u') &&
	    (s[2] == 'R' || s[2] == 'r'))
		return 3;
	return 0;
}

/* Appends one decimal digit to *magnitude; -1 when it would pass limit. */
static int push_digit(uint64_t *magnitude, char digit, uint64_t limit)
{
	uint64_t d = (uint64_t)(digit - '0');

	if (*magnitude > (limit - d) / 10)
		return -1;
	*magnitude = *magnitude * 10 + d;
	return 0;
}

/* Feeds the digits of s[0..len) into *magnitude, skipping separators. */
static int push_digits(uint64_t *magnitude, const char *s, size_t len,
		       uint64_t limit)
{
	for (size_t i = 0; i < len; i++) {
		if (is_digit(s[i]) && push_digit(magnitude, s[i], limit) < 0)
			return -1;
	}
	return 0;
}

/* Builds the cent magnitude from integer digits (separators are skipped)
 * and zero to two decimal digits, which are padded to exactly two. */
static int cents_from_parts(const char *whole, size_t whole_len,
			    const char *decimals, size_t decimal_len,
			    uint64_t limit, uint64_t *out)
{
	uint64_t magnitude = 0;

	if (push_digits(&magnitude, whole, whole_len, limit) < 0 ||
	    push_digits(&magnitude, decimals, decimal_len, limit) < 0)
		return -1;
	for (size_t i = decimal_len; i < 2; i++) {
		if (push_digit(&magnitude, '0', limit) < 0)
			return -1;
	}
	*out = magnitude;
	return 0;
}

/* magnitude is at most DOMAIN_MAGNITUDE, so both signs fit. */
static int64_t signed_cents(uint64_t magnitude, int negative)
{
	return negative ? -(int64_t)magnitude : (int64_t)magnitude;
}

/* 1 if s[0..len) is digit groups split by sep: a first group of 1 to 3
 * digits, then groups of exactly 3 ("1.234.567"). */
static int valid_groups(const char *s, size_t len, char sep)
{
	size_t group = 0;
	int first = 1;

	for (size_t i = 0; i < len; i++) {
		if (s[i] == sep) {
			if (first ? (group < 1 || group > 3) : group != 3)
				return 0;
			first = 0;
			group = 0;
		} else if (is_digit(s[i])) {
			group++;
		} else {
			return 0;
		}
	}
	return first ? group >= 1 : group == 3;
}

static size_t count_char(const char *s, size_t len, char c)
{
	size_t n = 0;

	for (size_t i = 0; i < len; i++)
		n += s[i] == c;
	return n;
}

/* The number part of an amount after sign and currency are gone. */
struct amount_number {
	const char *text; /* the whole input, for messages */
	const char *s;    /* digits and separators */
	size_t len;
};

static int fail_amount(const struct amount_number *num, struct ft_error *err,
		       const char *reason)
{
	return ft_fail(err, "invalid amount '%s': %s", num->text, tr(reason));
}

static int fail_grouping(const struct amount_number *num, struct ft_error *err)
{
	return fail_amount(num, err,
			   N_("bad digit grouping - expected groups of three "
			   "digits like 1.234.567,89 or 1,234,567.89"));
}

/* Splits the number at its decimal separator (if any) and checks the
 * grouping, following the rules documented in money.h and money_parse. */
static int split_number(const struct amount_number *num,
			size_t *whole_len, const char **decimals,
			size_t *decimal_len, struct ft_error *err)
{
	const char *s = num->s;
	size_t len = num->len;
	size_t dots = count_char(s, len, '.');
	size_t commas = count_char(s, len, ',');
	size_t last = len;

	while (last > 0 && !is_separator(s[last - 1]))
		last--;

	*whole_len = len;
	*decimals = s + len;
	*decimal_len = 0;
	if (dots == 0 && commas == 0)
		return 0;

	if (dots > 0 && commas > 0) {
		/* Both kinds: the last one separates the decimals. */
		char decimal_sep = s[last - 1];
		char group_sep = decimal_sep == '.' ? ',' : '.';

		if ((decimal_sep == '.' ? dots : commas) > 1)
			return fail_amount(num, err,
					   N_("mixed separators - expected a form "
					   "like 1.234,56 or 1,234.56"));
		if (len - last > 2)
			return fail_amount(num, err, N_("more than two decimals"));
		if (!valid_groups(s, last - 1, group_sep))
			return fail_grouping(num, err);
		*whole_len = last - 1;
		*decimals = s + last;
		*decimal_len = len - last;
		return 0;
	}

	if (dots + commas > 1) {
		/* One kind several times: grouping only, no decimals. */
		if (!valid_groups(s, len, dots > 0 ? '.' : ','))
			return fail_grouping(num, err);
		return 0;
	}

	/* One separator once: 1-2 digits after it are decimals; 3 digits
	 * after a valid first group could be either ("1.234" is 1234 in
	 * Germany, 1.234 elsewhere), but "0,125" and "1234,567" cannot. */
	if (len - last == 3 && valid_groups(s, len, s[last - 1]) &&
	    !(last == 2 && s[0] == '0'))
		return ft_fail(err,
			       "invalid amount '%s': ambiguous - write "
			       "%.*s%.*s,00 or %.*s,%.2s",
			       num->text, (int)(last - 1), s, 3, s + last,
			       (int)(last - 1), s, s + last);
	if (len - last > 2)
		return fail_amount(num, err, N_("more than two decimals"));
	*whole_len = last - 1;
	*decimals = s + last;
	*decimal_len = len - last;
	return 0;
}

/* Checks the number's outer shape, then splits it and builds cents. */
static int parse_number(const struct amount_number *num, int negative,
			uint64_t *magnitude, struct ft_error *err)
{
	const char *decimals;
	size_t whole_len, decimal_len;

	if (num->len == 0)
		return fail_amount(num, err, amount_example);
	if (!is_digit(num->s[0]))
		return ft_fail(err,
			       "invalid amount '%s': expected a digit before "
			       "'%c' - write 0%.*s",
			       num->text, num->s[0], (int)num->len, num->s);
	if (!is_digit(num->s[num->len - 1]))
		return ft_fail(err,
			       "invalid amount '%s': expected digits after '%c'",
			       num->text, num->s[num->len - 1]);
	if (split_number(num, &whole_len, &decimals, &decimal_len, err) < 0)
		return -1;
	if (cents_from_parts(num->s, whole_len, decimals, decimal_len,
			     DOMAIN_MAGNITUDE, magnitude) < 0)
		return fail_amount(num, err,
				   /* the words of MONEY_DOMAIN_MAX_TEXT, spelt out for xgettext */
				   negative ? N_("too small - one amount is at least "
						 "-100.000.000.000,00 \xE2\x82\xAC")
					    : N_("too large - one amount is at most "
						 "100.000.000.000,00 \xE2\x82\xAC"));
	return 0;
}

/* Grammar after leading spaces:
 *   ['-'] [currency spaces] ['-'] number [spaces currency] spaces
 * with at most one '-' and at most one currency mark. */
int money_parse(const char *text, enum money_sign sign, int64_t *out,
		struct ft_error *err)
{
	struct amount_number num;
	const char *p;
	int negative = 0, has_currency = 0;
	size_t n;
	uint64_t magnitude;

	if (!text)
		text = "";
	num.text = text;
	p = skip_spaces(text);
	if (*p == '-') {
		negative = 1;
		p++;
	}
	if ((n = currency_length(p)) > 0) {
		has_currency = 1;
		p = skip_spaces(p + n);
	}
	if (!negative && *p == '-') {
		negative = 1;
		p++;
	}
	num.s = p;
	while (is_digit(*p) || is_separator(*p))
		p++;
	num.len = (size_t)(p - num.s);
	p = skip_spaces(p);
	if (p != num.s + num.len && is_digit(*p) && num.len > 0)
		return fail_amount(&num, err,
				   N_("spaces inside the number - write 1234,56 "
				   "or 1.234,56"));
	if (!has_currency && (n = currency_length(p)) > 0)
		p = skip_spaces(p + n);
	if (*p != '\0')
		return fail_amount(&num, err, amount_example);

	if (parse_number(&num, negative, &magnitude, err) < 0)
		return -1;
	if (negative && sign != MONEY_ALLOW_NEGATIVE)
		return fail_amount(&num, err,
				   N_("negative amounts are not allowed here"));
	*out = signed_cents(magnitude, negative);
	return 0;
}

int money_parse_plain(const char *text, int64_t *out, struct ft_error *err)
{
	const char *p, *whole, *decimals = "";
	size_t whole_len, decimal_len = 0;
	int negative;
	uint64_t magnitude;

	if (!text)
		text = "";
	p = text;
	negative = *p == '-';
	p += negative;
	whole = p;
	while (is_digit(*p))
		p++;
	whole_len = (size_t)(p - whole);
	if (*p == '.') {
		decimals = ++p;
		while (is_digit(*p))
			p++;
		decimal_len = (size_t)(p - decimals);
		if (decimal_len == 0 || decimal_len > 2)
			whole_len = 0; /* forces the shape error below */
	}
	if (whole_len == 0 || *p != '\0')
		return ft_fail(err,
			       "invalid amount '%s': expected a plain number "
			       "like 1234.56 or -0.5",
			       text);
	if (cents_from_parts(whole, whole_len, decimals, decimal_len,
			     DOMAIN_MAGNITUDE, &magnitude) < 0)
		return ft_fail(err,
			       "invalid amount '%s': out of range - one amount "
			       "is -100000000000.00 to 100000000000.00",
			       text);
	*out = signed_cents(magnitude, negative);
	return 0;
}

int money_in_domain(int64_t cents)
{
	return cents >= -MONEY_DOMAIN_MAX && cents <= MONEY_DOMAIN_MAX;
}

int money_add(int64_t a, int64_t b, int64_t *out)
{
	int64_t sum;

	if (__builtin_add_overflow(a, b, &sum))
		return -1;
	*out = sum;
	return 0;
}

int money_sub(int64_t a, int64_t b, int64_t *out)
{
	int64_t difference;

	if (__builtin_sub_overflow(a, b, &difference))
		return -1;
	*out = difference;
	return 0;
}

int money_fail_overflow(struct ft_error *err, const char *what)
{
	return ft_fail(err,
		       "%s add up beyond the range of an amount (%s): the data holds an "
		       "amount above the limit of %s for one amount - 'fundtrack check' names it",
		       tr(what), "92.233.720.368.547.758,07 " EURO_SIGN, MONEY_DOMAIN_MAX_TEXT);
}

/* |value| without overflow, also for INT64_MIN. */
static uint64_t magnitude_of(int64_t value)
{
	if (value >= 0)
		return (uint64_t)value;
	return (uint64_t)(-(value + 1)) + 1u;
}

/* Writes the decimal digits of value into buf, a group_sep between groups
 * of three when group_sep is not '\0'. buf must hold 27 bytes. */
static void format_integer(uint64_t value, char group_sep, char *buf)
{
	char reversed[32];
	size_t n = 0, digits = 0;

	do {
		if (group_sep && digits > 0 && digits % 3 == 0)
			reversed[n++] = group_sep;
		reversed[n++] = (char)('0' + value % 10);
		value /= 10;
		digits++;
	} while (value > 0);
	for (size_t i = 0; i < n; i++)
		buf[i] = reversed[n - 1 - i];
	buf[n] = '\0';
}

/* Formats a fixed-point value with two decimals: sign, integer part with
 * optional grouping, decimal mark, two digits and a suffix. */
static void format_fixed(uint64_t magnitude, int negative, char group_sep,
			 char decimal_sep, const char *suffix, char *buf,
			 size_t size)
{
	char text[64];
	size_t n = 0, len;

	/* by hand, not snprintf: tables print tens of thousands of amounts */
	if (negative)
		text[n++] = '-';
	format_integer(magnitude / 100, group_sep, text + n);
	n += strlen(text + n);
	text[n++] = decimal_sep;
	text[n++] = (char)('0' + magnitude % 100 / 10);
	text[n++] = (char)('0' + magnitude % 10);
	len = strlen(suffix);
	memcpy(text + n, suffix, len + 1);
	n += len;
	if (n >= size) /* as snprintf: cut to the buffer */
		n = size - 1;
	memcpy(buf, text, n);
	buf[n] = '\0';
}

void money_format_de(int64_t cents, char buf[MONEY_BUF])
{
	format_fixed(magnitude_of(cents), cents < 0, '.', ',', " " EURO_SIGN,
		     buf, MONEY_BUF);
}

void money_format_plain(int64_t cents, char buf[MONEY_BUF])
{
	format_fixed(magnitude_of(cents), cents < 0, '\0', '.', "", buf,
		     MONEY_BUF);
}

void count_format_de(int64_t value, char buf[MONEY_BUF])
{
	uint64_t magnitude = magnitude_of(value);
	size_t n = 0;

	if (value < 0)
		buf[n++] = '-';
	format_integer(magnitude, '.', buf + n);
}

void count_format_plain(int64_t value, char buf[COUNT_PLAIN_BUF])
{
	size_t n = 0;

	if (value < 0)
		buf[n++] = '-';
	format_integer(magnitude_of(value), '\0', buf + n);
}

static int fail_rate(const char *text, struct ft_error *err)
{
	return ft_fail(err,
		       "invalid rate '%s': expected a percentage from 0 to "
		       "100 with at most two decimals, like 85 or 85,5",
		       text);
}

static int fail_rate_above_100(const char *text, struct ft_error *err)
{
	return ft_fail(err,
		       "invalid rate '%s': more than 100 %% - expected 0 to 100",
		       text);
}

/* Accepts digits, optionally '.' or ',' and one or two decimals, then
 * optionally '%'; surrounding spaces allowed. No grouping: at most 100. */
int rate_parse(const char *text, int *bp_out, struct ft_error *err)
{
	const char *p;
	long bp = 0;
	int whole_digits = 0, decimal_digits = 0;

	if (!text)
		text = "";
	p = skip_spaces(text);
	if (*p == '-')
		return ft_fail(err,
			       "invalid rate '%s': negative rates are not "
			       "allowed - expected 0 to 100",
			       text);
	for (; is_digit(*p); p++, whole_digits++) {
		bp = bp * 10 + (*p - '0');
		if (bp > 100)
			return fail_rate_above_100(text, err);
	}
	bp *= 100;
	if (whole_digits > 0 && is_separator(*p) && is_digit(p[1])) {
		long scale = 10;

		for (p++; is_digit(*p); p++, decimal_digits++) {
			if (decimal_digits == 2)
				return ft_fail(err,
					       "invalid rate '%s': more than "
					       "two decimals",
					       text);
			bp += (*p - '0') * scale;
			scale /= 10;
		}
	}
	p = skip_spaces(p);
	if (*p == '%')
		p = skip_spaces(p + 1);
	if (whole_digits == 0 || *p != '\0')
		return fail_rate(text, err);
	if (bp > 10000)
		return fail_rate_above_100(text, err);
	*bp_out = (int)bp;
	return 0;
}

static uint64_t rate_magnitude(int bp)
{
	return bp >= 0 ? (uint64_t)bp : (uint64_t)(-(long long)bp);
}

void rate_format_de(int bp, char buf[RATE_BUF])
{
	format_fixed(rate_magnitude(bp), bp < 0, '\0', ',', " %", buf,
		     RATE_BUF);
}

void rate_format_plain(int bp, char buf[RATE_BUF])
{
	format_fixed(rate_magnitude(bp), bp < 0, '\0', '.', "", buf, RATE_BUF);
}

/* part * 10000 / whole on magnitudes in 128 bits (at most 2^63 * 10^4,
 * so nothing can overflow), rounded half away from zero so that a negative
 * share mirrors the positive one; results beyond int are clamped. */
int money_share_bp(int64_t part, int64_t whole)
{
	__extension__ typedef unsigned __int128 u128;
	u128 numerator, quotient, remainder;
	uint64_t divisor;
	int negative = (part < 0) != (whole < 0);

	if (whole == 0 || part == 0)
		return 0;
	numerator = (u128)magnitude_of(part) * 10000u;
	divisor = magnitude_of(whole);
	quotient = numerator / divisor;
	remainder = numerator % divisor;
	if (remainder >= divisor - remainder) /* remainder * 2 >= divisor */
		quotient++;
	if (negative)
		return quotient > (u128)INT_MAX + 1u ? INT_MIN
						     : (int)(-(long long)quotient);
	return quotient > (u128)INT_MAX ? INT_MAX : (int)quotient;
}
