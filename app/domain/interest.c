#include "interest.h"

#include <string.h>

#include "intmath.h"

int interest_over_rates(int64_t cents, const char *from, const char *to, int margin_bp,
			const struct base_rate *rates, size_t n, struct interest_result *out,
			struct ft_error *err)
{
	long first = date_to_days(from) + 1, last = date_to_days(to); /* days counted */
	ft_i128 cent_days_bp = 0, total;

	memset(out, 0, sizeof(*out));
	if (last < first)
		return 0;
	out->days = last - first + 1;
	if (n == 0 || first < date_to_days(rates[0].from)) {
		long gap_end = n ? date_to_days(rates[0].from) - 1 : last;

		date_from_days(first, out->missing);
		first = gap_end + 1;
	}
	for (size_t i = 0; i < n && first <= last; i++) {
		long start = date_to_days(rates[i].from);
		long end = i + 1 < n ? date_to_days(rates[i + 1].from) - 1 : last;
		int bp = rates[i].bp + margin_bp;

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
	total = ft_div_round(cent_days_bp, (ft_i128)10000 * 365);
	if (total > INT64_MAX || total < 0)
		return ft_fail(err, "interest on %lld cents from %s to %s is out of range",
			       (long long)cents, from, to);
	out->interest = (int64_t)total;
	return 0;
}
