#include "interest.h"

#include <stdio.h>
#include <string.h>

void interest_half_year_end(const char *from, char out[DATE_BUF])
{
	int year = date_year(from);

	/* "2026-01-01" -> "2026-06-30", "2026-07-01" -> "2026-12-31" */
	snprintf(out, DATE_BUF, "%04d-%s", year, strncmp(from + 5, "07", 2) < 0 ? "06-30" : "12-31");
}

void interest_half_year_start(const char *iso, char out[DATE_BUF])
{
	snprintf(out, DATE_BUF, "%04d-%s", date_year(iso), strncmp(iso + 5, "07", 2) < 0 ? "01-01" : "07-01");
}

/* Names the first day without a rate, keeping the earliest. */
static void note_missing(struct interest_result *out, long day)
{
	char iso[DATE_BUF];

	date_from_days(day, iso);
	if (!out->missing[0] || strcmp(iso, out->missing) < 0)
		memcpy(out->missing, iso, DATE_BUF);
}

ft_i128 interest_cent_days_bp(int64_t cents, const char *from, const char *to, int margin_bp,
			      const struct base_rate *rates, size_t n,
			      struct interest_result *out)
{
	long first = date_to_days(from) + 1, last = date_to_days(to); /* days counted */
	ft_i128 cent_days_bp = 0;

	memset(out, 0, sizeof(*out));
	if (last < first)
		return 0;
	out->days = last - first + 1;
	if (n == 0 || first < date_to_days(rates[0].from)) {
		long gap_end = n ? date_to_days(rates[0].from) - 1 : last;

		note_missing(out, first);
		first = gap_end + 1;
	}
	for (size_t i = 0; i < n && first <= last; i++) {
		long start = date_to_days(rates[i].from), end;
		int bp = rates[i].bp + margin_bp;

		if (i + 1 < n) {
			end = date_to_days(rates[i + 1].from) - 1;
		} else {
			char expires[DATE_BUF];

			interest_half_year_end(rates[i].from, expires);
			end = date_to_days(expires);
			if (end < last)
				note_missing(out, end + 1 > first ? end + 1 : first);
		}
		if (end < first)
			continue;
		if (start < first)
			start = first;
		if (end > last)
			end = last;
		if (bp > 0)
			cent_days_bp += (ft_i128)cents * bp * (end - start + 1);
		first = end + 1;
	}
	return cent_days_bp;
}

int interest_cents(ft_i128 cent_days_bp, int64_t *out)
{
	ft_i128 cents = ft_div_round(cent_days_bp, (ft_i128)10000 * 365);

	if (cents > INT64_MAX || cents < INT64_MIN)
		return -1;
	*out = (int64_t)cents;
	return 0;
}

int64_t interest_simple(int64_t cents, int rate_bp, long days)
{
	int64_t out = 0;

	interest_cents((ft_i128)cents * rate_bp * days, &out);
	return out;
}

int interest_over_rates(int64_t cents, const char *from, const char *to, int margin_bp,
			const struct base_rate *rates, size_t n, struct interest_result *out,
			struct ft_error *err)
{
	ft_i128 sum = interest_cent_days_bp(cents, from, to, margin_bp, rates, n, out);

	if (interest_cents(sum, &out->interest) || out->interest < 0)
		return ft_fail(err, "interest on %lld cents from %s to %s is out of range",
			       (long long)cents, from, to);
	return 0;
}
