#include "calendar.h"

#include <stdio.h>
#include <string.h>

void cal_period_end(const char *event, int n, enum cal_unit unit, char out[DATE_BUF])
{
	switch (unit) {
	case CAL_DAYS: /* § 188 Abs. 1 BGB: the end of the n-th day after the event */
		date_from_days(date_to_days(event) + n, out);
		return;
	case CAL_WEEKS: /* § 188 Abs. 2: the weekday of the event, n weeks on */
		date_from_days(date_to_days(event) + 7L * n, out);
		return;
	case CAL_MONTHS: /* § 188 Abs. 2 and 3: same day number, or month end */
		date_add_months(event, n, out);
		return;
	}
	out[0] = '\0';
}

void cal_end_of_month(const char *iso, char out[DATE_BUF])
{
	char first[DATE_BUF], next[DATE_BUF];

	snprintf(first, sizeof(first), "%.8s01", iso); /* "YYYY-MM-" + "01" */
	date_add_months(first, 1, next);
	if (strcmp(next, first) == 0) { /* December of the last year: clamped */
		snprintf(out, DATE_BUF, "%.8s31", iso);
		return;
	}
	date_from_days(date_to_days(next) - 1, out);
}

void cal_end_of_following_month(const char *iso, int n, char out[DATE_BUF])
{
	char first[DATE_BUF], shifted[DATE_BUF];

	snprintf(first, sizeof(first), "%.8s01", iso);
	date_add_months(first, n, shifted);
	cal_end_of_month(shifted, out);
}

int cal_weekday(const char *iso)
{
	long days = date_to_days(iso); /* 1970-01-01 was a Thursday (4) */
	long w = (days + 3) % 7;

	if (w < 0)
		w += 7;
	return (int)w + 1;
}

long cal_easter_days(int year)
{
	/* The anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
	int a = year % 19, b = year / 100, c = year % 100;
	int d = b / 4, e = b % 4, f = (b + 8) / 25, g = (b - f + 1) / 3;
	int h = (19 * a + b - d - g + 15) % 30;
	int i = c / 4, k = c % 4;
	int l = (32 + 2 * e + 2 * i - h - k) % 7;
	int m = (a + 11 * h + 22 * l) / 451;
	int month = (h + l - 7 * m + 114) / 31;
	int day = (h + l - 7 * m + 114) % 31 + 1;
	char iso[DATE_BUF];

	snprintf(iso, sizeof(iso), "%04d-%02d-%02d", year, month, day);
	return date_to_days(iso);
}

/* § 2 Abs. 1 FTG NW: the fixed and the Easter-dependent holidays. */
static const struct {
	const char *month_day; /* "MM-DD", or NULL for an Easter offset */
	int easter_offset;
	const char *name;
} nrw_holidays[] = {
	{ "01-01", 0, "Neujahr" },
	{ NULL, -2, "Karfreitag" },
	{ NULL, 1, "Ostermontag" },
	{ "05-01", 0, "Tag der Arbeit" },
	{ NULL, 39, "Christi Himmelfahrt" },
	{ NULL, 50, "Pfingstmontag" },
	{ NULL, 60, "Fronleichnam" },
	{ "10-03", 0, "Tag der Deutschen Einheit" },
	{ "11-01", 0, "Allerheiligen" },
	{ "12-25", 0, "1. Weihnachtstag" },
	{ "12-26", 0, "2. Weihnachtstag" },
};

int cal_is_holiday_nrw(const char *iso, const char **name)
{
	int year = date_year(iso);
	long days = date_to_days(iso), easter = cal_easter_days(year);

	for (size_t i = 0; i < sizeof(nrw_holidays) / sizeof(nrw_holidays[0]); i++) {
		int hit = nrw_holidays[i].month_day
				  ? strcmp(iso + 5, nrw_holidays[i].month_day) == 0
				  : days == easter + nrw_holidays[i].easter_offset;
		if (hit) {
			if (name)
				*name = nrw_holidays[i].name;
			return 1;
		}
	}
	/* The 500th anniversary of the Reformation, a one-off holiday in NRW
	 * by a special law the Landtag passed in 2015 (its GV. NRW. citation
	 * was not verified here). */
	if (strcmp(iso, "2017-10-31") == 0) {
		if (name)
			*name = "Reformationstag (einmalig)";
		return 1;
	}
	return 0;
}

int cal_is_working_day(const char *iso)
{
	return cal_weekday(iso) <= 5 && !cal_is_holiday_nrw(iso, NULL);
}

void cal_legal_end(const char *target, char out[DATE_BUF])
{
	long days = date_to_days(target);

	snprintf(out, DATE_BUF, "%s", target);
	/* At most four days in a row are free (Easter: Friday to Monday). */
	for (int guard = 0; guard < 7 && !cal_is_working_day(out); guard++)
		date_from_days(++days, out);
}
