#include "values.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "money.h"
#include "msg_lang.h"

/* text without the German thousands separators ("263.000" -> "263000"):
 * 1 to 3 digits, then groups of a '.' and exactly 3 digits; 0 when text is
 * not written so (e.g. "1.5", "263.00", ".263"). */
static int ungroup_digits(const char *text, char *out, size_t size)
{
	size_t lead = strspn(text, "0123456789"), n = 0;
	const char *p = text + lead;

	if (lead < 1 || lead > 3 || *p != '.')
		return 0;
	for (size_t i = 0; i < lead && n + 1 < size; i++)
		out[n++] = text[i];
	while (*p == '.' && strspn(p + 1, "0123456789") == 3 && n + 4 < size) {
		memcpy(out + n, p + 1, 3);
		n += 3;
		p += 4;
	}
	out[n] = '\0';
	return *p == '\0';
}

int parse_count(const char *text, const char *option, int64_t min, int64_t max,
		int64_t *out, struct ft_error *err)
{
	char plain[32], *end;
	const char *digits = text;
	long long value;

	/* counts as people write them: 263.000 inhabitants (issue 15) */
	if (ungroup_digits(text, plain, sizeof(plain)))
		digits = plain;
	if (!*digits || strspn(digits, "0123456789") != strlen(digits))
		return ft_fail(err, "invalid %s '%s': a whole number from %lld to %lld expected",
			       tr(option), text, (long long)min, (long long)max);
	errno = 0;
	value = strtoll(digits, &end, 10);
	if (errno || value < min || value > max)
		return ft_fail(err, "invalid %s '%s': a whole number from %lld to %lld expected",
			       tr(option), text, (long long)min, (long long)max);
	*out = value;
	return 0;
}

/* Prefixes the parser's message with the option it came from. */
static int name_option(const char *option, struct ft_error *err)
{
	char reason[FT_ERROR_MSG_MAX];

	snprintf(reason, sizeof(reason), "%s", err->msg);
	return ft_fail(err, "%s: %s", tr(option), reason);
}

int parse_amount_option(const char *text, const char *option, int64_t *out,
			struct ft_error *err)
{
	if (money_parse(text, MONEY_NON_NEGATIVE, out, err))
		return name_option(option, err);
	return 0;
}

int parse_date_option(const char *text, const char *option, char out[DATE_BUF],
		      struct ft_error *err)
{
	if (date_parse(text, out, err))
		return name_option(option, err);
	return 0;
}

int parse_rate_option(const char *text, const char *option, int *bp, struct ft_error *err)
{
	if (rate_parse(text, bp, err))
		return name_option(option, err);
	return 0;
}

int parse_signed_rate(const char *text, const char *what, int *bp, struct ft_error *err)
{
	int negative = text[0] == '-';

	if (rate_parse(text + negative, bp, err))
		return name_option(what, err);
	if (negative)
		*bp = -*bp;
	return 0;
}
