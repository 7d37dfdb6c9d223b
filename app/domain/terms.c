/* terms.c - due dates from a decision's terms (terms.h). */
#include "terms.h"

#include <stdio.h>
#include <string.h>

static void set_due(const char *target, struct due_day *out)
{
	memcpy(out->target, target, DATE_BUF);
	cal_legal_end(target, out->legal);
}

int terms_drawdown_due(const struct terms_set *t, const char *drawn, struct due_day *out)
{
	char target[DATE_BUF];

	if (t->drawdown_n <= 0)
		return 0;
	cal_period_end(drawn, t->drawdown_n, t->drawdown_unit, target);
	set_due(target, out);
	return 1;
}

/* 1 when money paid out on day (days since 1970) is late on as_of. */
static int late_on(const struct terms_set *t, long day, const char *as_of)
{
	char drawn[DATE_BUF];
	struct due_day due;

	date_from_days(day, drawn);
	terms_drawdown_due(t, drawn, &due);
	return strcmp(due.legal, as_of) < 0;
}

int terms_drawdown_cutoff(const struct terms_set *t, const char *as_of, char out[DATE_BUF])
{
	long day;

	if (t->drawdown_n <= 0)
		return 0;
	/* start near as_of less the horizon, then walk to the last late day:
	 * month ends and the next working day move it by a few days only */
	day = date_to_days(as_of) - (t->drawdown_unit == CAL_WEEKS ? 7L * t->drawdown_n
								   : 31L * t->drawdown_n);
	while (!late_on(t, day, as_of))
		day--;
	while (late_on(t, day + 1, as_of))
		day++;
	date_from_days(day, out);
	return 1;
}

int terms_final_proof_due(const struct terms_set *t, const char *period_to,
			  const char *fulfilled, struct due_day *out)
{
	char target[DATE_BUF], latest[DATE_BUF];
	const char *event = fulfilled && *fulfilled ? fulfilled : period_to;

	if (t->proof_fulfil_months <= 0)
		return 0;
	/* "innerhalb von sechs Monaten nach Erfüllung des Zuwendungszwecks"
	 * (§§ 187 Abs. 1, 188 Abs. 2 BGB) ... */
	cal_period_end(event, t->proof_fulfil_months, CAL_MONTHS, target);
	/* ... "spätestens jedoch mit Ablauf des sechsten auf den
	 * Bewilligungszeitraum folgenden Monats": the earlier wins. */
	if (t->proof_period_months >= 0) {
		cal_end_of_following_month(period_to, t->proof_period_months, latest);
		if (strcmp(latest, target) < 0)
			memcpy(target, latest, DATE_BUF);
	}
	set_due(target, out);
	return 1;
}

int terms_interim_due(const struct terms_set *t, int year, struct due_day *out)
{
	char year_end[DATE_BUF], target[DATE_BUF];

	if (t->interim_months <= 0)
		return 0;
	/* "binnen vier Monaten nach Ablauf des Haushaltsjahres" (ANBest-P
	 * Nr. 6.1): the fiscal year is the calendar year. Years are 1900..2199
	 * (date.h), so four digits always fit. */
	snprintf(year_end, sizeof(year_end), "%04u-12-31", (unsigned)year % 10000u);
	cal_period_end(year_end, t->interim_months, CAL_MONTHS, target);
	set_due(target, out);
	return 1;
}

void terms_horizon_text(const struct terms_set *t, char *buf, size_t size)
{
	if (t->drawdown_n <= 0)
		snprintf(buf, size, "no horizon");
	else
		snprintf(buf, size, "%d %s%s", t->drawdown_n,
			 t->drawdown_unit == CAL_WEEKS ? "week" : "month",
			 t->drawdown_n == 1 ? "" : "s");
}

int terms_defaulted_programmes(struct store *st, int64_t *n, struct ft_error *err)
{
	int found = store_lookup_id(st,
				    "SELECT count(*) FROM programme p JOIN city c ON c.id = p.city_id "
				    "WHERE c.own = 1 AND p.terms IS NULL AND ?1 IS NOT DISTINCT FROM ?1 AND ?2 IS NOT DISTINCT FROM ?2",
				    "", 0, n, err);

	return found < 0 ? -1 : 0;
}
