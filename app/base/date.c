/* date.c - calendar dates as ISO text, German input and display.
 *
 * Day counts use Howard Hinnant's days_from_civil / civil_from_days
 * (proleptic Gregorian calendar, exact for every year that fits).
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L /* localtime_r; the build defines it too */
#endif

#include "date.h"
#include "msg_lang.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { DATE_YEAR_MIN = 1900, DATE_YEAR_MAX = 2199 };

/* Years any ISO text can spell; the range for input is narrower. */
enum { FORMAT_YEAR_MIN = 0, FORMAT_YEAR_MAX = 9999 };

struct civil_date {
	int year, month, day;
};

static const char *const month_names[12] = {
	N_("January"), N_("February"), N_("March"),     N_("April"),   N_("May"),      N_("June"),
	N_("July"),    N_("August"),   N_("September"), N_("October"), N_("November"), N_("December")
};

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int is_leap_year(int year)
{
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

static int days_in_month(int year, int month)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30,
				      31, 31, 30, 31, 30, 31 };

	if (month == 2 && is_leap_year(year))
		return 29;
	return days[month - 1];
}

/* Reads exactly count digits at s into *value; returns 0 or -1. */
static int read_digits(const char *s, int count, int *value)
{
	int v = 0;

	for (int i = 0; i < count; i++) {
		if (!is_digit(s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*value = v;
	return 0;
}

/* Reads one or two digits at *s, advancing it. */
static int read_short_number(const char **s, int *value)
{
	int len = is_digit((*s)[1]) ? 2 : 1;

	if (read_digits(*s, len, value) < 0)
		return -1;
	*s += len;
	return 0;
}

/* "YYYY-MM-DD" exactly, as a shape; the values are not checked. */
static int scan_iso(const char *s, struct civil_date *d)
{
	if (read_digits(s, 4, &d->year) < 0 || s[4] != '-' ||
	    read_digits(s + 5, 2, &d->month) < 0 || s[7] != '-' ||
	    read_digits(s + 8, 2, &d->day) < 0 || s[10] != '\0')
		return -1;
	return 0;
}

/* "D.M.YYYY" with one or two digits for day and month. */
static int scan_german(const char *s, struct civil_date *d)
{
	if (read_short_number(&s, &d->day) < 0 || *s++ != '.' ||
	    read_short_number(&s, &d->month) < 0 || *s++ != '.' ||
	    read_digits(s, 4, &d->year) < 0 || s[4] != '\0')
		return -1;
	return 0;
}

static int is_real_date(const struct civil_date *d)
{
	return d->month >= 1 && d->month <= 12 && d->day >= 1 &&
	       d->day <= days_in_month(d->year, d->month);
}

static int in_input_range(const struct civil_date *d)
{
	return d->year >= DATE_YEAR_MIN && d->year <= DATE_YEAR_MAX;
}

/* Fields of a well-formed ISO date with any four-digit year. */
static int read_iso(const char *iso, struct civil_date *d)
{
	if (!iso || scan_iso(iso, d) < 0 || !is_real_date(d))
		return -1;
	return 0;
}

/* Writes value as exactly width digits with leading zeros; returns the
 * position after them. value must be non-negative and fit. */
static char *put_digits(char *p, int value, int width)
{
	for (int i = width - 1; i >= 0; i--) {
		p[i] = (char)('0' + value % 10);
		value /= 10;
	}
	return p + width;
}

/* Both writers expect a real date with a year in 0000..9999. */
static void write_iso(const struct civil_date *d, char out[DATE_BUF])
{
	char *p = put_digits(out, d->year, 4);

	*p++ = '-';
	p = put_digits(p, d->month, 2);
	*p++ = '-';
	p = put_digits(p, d->day, 2);
	*p = '\0';
}

static void write_german(const struct civil_date *d, char out[DATE_BUF])
{
	char *p = put_digits(out, d->day, 2);

	*p++ = '.';
	p = put_digits(p, d->month, 2);
	*p++ = '.';
	p = put_digits(p, d->year, 4);
	*p = '\0';
}

/* Explains why scanned fields are not a date in the accepted range. */
static int fail_date_value(const char *text, const struct civil_date *d,
			   struct ft_error *err)
{
	if (d->year < DATE_YEAR_MIN || d->year > DATE_YEAR_MAX)
		return ft_fail(err,
			       "invalid date '%s': year must be between %d "
			       "and %d",
			       text, DATE_YEAR_MIN, DATE_YEAR_MAX);
	if (d->month < 1 || d->month > 12)
		return ft_fail(err,
			       "invalid date '%s': month must be between 1 "
			       "and 12",
			       text);
	if (d->day < 1)
		return ft_fail(err, "invalid date '%s': there is no day 0",
			       text);
	return ft_fail(err, "invalid date '%s': %s %d has %d days", text,
		       tr(month_names[d->month - 1]), d->year,
		       days_in_month(d->year, d->month));
}

/* Copies text without surrounding ASCII blanks into buf; -1 if too long
 * to be a date at all. */
static int trim_into(const char *text, char *buf, size_t size)
{
	const char *start = text, *end;

	while (*start == ' ' || *start == '\t')
		start++;
	end = start + strlen(start);
	while (end > start && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	if ((size_t)(end - start) >= size)
		return -1;
	memcpy(buf, start, (size_t)(end - start));
	buf[end - start] = '\0';
	return 0;
}

int date_parse(const char *text, char out[DATE_BUF], struct ft_error *err)
{
	char trimmed[16];
	struct civil_date d;

	if (!text)
		text = "";
	if (trim_into(text, trimmed, sizeof(trimmed)) < 0 ||
	    (scan_iso(trimmed, &d) < 0 && scan_german(trimmed, &d) < 0))
		return ft_fail(err,
			       "invalid date '%s': expected YYYY-MM-DD or "
			       "DD.MM.YYYY",
			       text);
	if (!in_input_range(&d) || !is_real_date(&d))
		return fail_date_value(text, &d, err);
	write_iso(&d, out);
	return 0;
}

int date_is_valid_iso(const char *text)
{
	struct civil_date d;

	return read_iso(text, &d) == 0 && in_input_range(&d);
}

static long days_from_civil(const struct civil_date *d)
{
	long y = d->year - (d->month <= 2);
	long era = (y >= 0 ? y : y - 399) / 400;
	long year_of_era = y - era * 400;
	long month_from_march = d->month > 2 ? d->month - 3 : d->month + 9;
	long day_of_year = (153 * month_from_march + 2) / 5 + d->day - 1;
	long day_of_era = year_of_era * 365 + year_of_era / 4 -
			  year_of_era / 100 + day_of_year;

	return era * 146097 + day_of_era - 719468;
}

static struct civil_date civil_from_days(long days)
{
	long z = days + 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long day_of_era = z - era * 146097;
	long year_of_era = (day_of_era - day_of_era / 1460 +
			    day_of_era / 36524 - day_of_era / 146096) / 365;
	long day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 -
					 year_of_era / 100);
	long month_from_march = (5 * day_of_year + 2) / 153;
	struct civil_date d;

	d.day = (int)(day_of_year - (153 * month_from_march + 2) / 5 + 1);
	d.month = (int)(month_from_march < 10 ? month_from_march + 3
					      : month_from_march - 9);
	d.year = (int)(year_of_era + era * 400 + (d.month <= 2));
	return d;
}

/* Returns 0 for text that is not a valid ISO date (the contract asks for
 * a valid one; 0 keeps a caller's mistake harmless). */
long date_to_days(const char *iso)
{
	struct civil_date d;

	if (read_iso(iso, &d) < 0)
		return 0;
	return days_from_civil(&d);
}

/* Day counts outside 0000-01-01..9999-12-31 are clamped so the result
 * always fits "YYYY-MM-DD". */
void date_from_days(long days, char out[DATE_BUF])
{
	static const struct civil_date first = { FORMAT_YEAR_MIN, 1, 1 };
	static const struct civil_date last = { FORMAT_YEAR_MAX, 12, 31 };
	long min = days_from_civil(&first), max = days_from_civil(&last);
	struct civil_date d;

	if (days < min)
		days = min;
	if (days > max)
		days = max;
	d = civil_from_days(days);
	write_iso(&d, out);
}

/* An invalid date gives ""; results beyond year 0000..9999 are clamped
 * to the first or last representable month. */
void date_add_months(const char *iso, int months, char out[DATE_BUF])
{
	struct civil_date d;
	long long index; /* months since January of year 0 */

	if (read_iso(iso, &d) < 0) {
		out[0] = '\0';
		return;
	}
	index = (long long)d.year * 12 + (d.month - 1) + months;
	if (index < (long long)FORMAT_YEAR_MIN * 12)
		index = (long long)FORMAT_YEAR_MIN * 12;
	if (index > (long long)FORMAT_YEAR_MAX * 12 + 11)
		index = (long long)FORMAT_YEAR_MAX * 12 + 11;
	d.year = (int)(index / 12); /* index >= 0, so plain division */
	d.month = (int)(index % 12) + 1;
	if (d.day > days_in_month(d.year, d.month))
		d.day = days_in_month(d.year, d.month);
	write_iso(&d, out);
}

/* NULL, "" and text that is not a valid ISO date give "". */
void date_format_de(const char *iso, char out[DATE_BUF])
{
	struct civil_date d;

	if (read_iso(iso, &d) < 0) {
		out[0] = '\0';
		return;
	}
	write_german(&d, out);
}

const char *date_de(const char *iso, char out[DATE_BUF])
{
	date_format_de(iso, out);
	return out;
}

/* Returns 0 for text that is not a valid ISO date. */
void date_copy(char out[DATE_BUF], const char *text)
{
	size_t n = strnlen(text, DATE_BUF - 1);

	memcpy(out, text, n);
	out[n] = '\0';
}

int date_year(const char *iso)
{
	struct civil_date d;

	if (read_iso(iso, &d) < 0)
		return 0;
	return d.year;
}

void date_today(char out[DATE_BUF])
{
	const char *fixed = getenv("FUNDTRACK_TODAY");
	time_t now;
	struct tm local;

	if (fixed && date_parse(fixed, out, NULL) == 0)
		return;
	now = time(NULL);
	if (localtime_r(&now, &local) &&
	    local.tm_year >= FORMAT_YEAR_MIN - 1900 &&
	    local.tm_year <= FORMAT_YEAR_MAX - 1900) {
		struct civil_date d = { local.tm_year + 1900, local.tm_mon + 1,
					local.tm_mday };

		write_iso(&d, out);
		return;
	}
	/* Only an absurd clock gets here: fall back to UTC, clamped. */
	date_from_days((long)(now / 86400), out);
}
