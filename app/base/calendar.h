/* calendar.h - deadlines as the law counts them.
 *
 * Periods named in a grant's terms ("innerhalb von zwei Monaten nach der
 * Auszahlung", "sechs Wochen", "mit Ablauf des sechsten auf den
 * Bewilligungszeitraum folgenden Monats") are counted by §§ 187, 188 BGB,
 * which § 31 Abs. 1 VwVfG NRW (and § 31 VwVfG of the Bund) applies to
 * administrative deadlines; a deadline ending on a Saturday, Sunday or
 * public holiday ends with the next working day (§ 31 Abs. 3 VwVfG NRW).
 * Public holidays are those of North Rhine-Westphalia (§ 2 FTG NW).
 *
 * All dates are valid ISO dates ("2025-07-01") in date.h's range; results
 * are clamped to that range like date_add_months.
 */
#ifndef FT_CALENDAR_H
#define FT_CALENDAR_H

#include "date.h"

/* The unit of a period in a grant's terms. */
enum cal_unit { CAL_DAYS, CAL_WEEKS, CAL_MONTHS };

/* The last day of a period of n units that starts with an event on the
 * day `event` (a payout, the end of a project): the event day is not
 * counted (§ 187 Abs. 1 BGB); a period of weeks or months ends with the
 * day that corresponds by name or number to the event day, or with the
 * last day of the month when that month has no such day (§ 188 Abs. 2, 3
 * BGB). 2025-07-01 + 2 months = 2025-09-01; 2025-12-31 + 2 months =
 * 2026-02-28; 2025-07-01 + 6 weeks = 2025-08-12. */
void cal_period_end(const char *event, int n, enum cal_unit unit, char out[DATE_BUF]);

/* The last day of the month of iso. */
void cal_end_of_month(const char *iso, char out[DATE_BUF]);

/* The end of the n-th month following the month of iso ("mit Ablauf des
 * sechsten auf den Bewilligungszeitraum folgenden Monats"): 2025-09-30
 * and n = 6 give 2026-03-31. n = 0 is the end of iso's own month. */
void cal_end_of_following_month(const char *iso, int n, char out[DATE_BUF]);

/* Day of the week, 1 = Monday .. 7 = Sunday (ISO 8601). */
int cal_weekday(const char *iso);

/* Easter Sunday of year (Gregorian computus), as days since 1970. */
long cal_easter_days(int year);

/* 1 when iso is a public holiday in North Rhine-Westphalia, with its
 * German name in *name (may be NULL); else 0. */
int cal_is_holiday_nrw(const char *iso, const char **name);

/* 1 for Monday to Friday that is no public holiday in NRW. */
int cal_is_working_day(const char *iso);

/* The legal last day of a deadline whose computed end is `target`: the
 * target itself on a working day, else the next working day (§ 31 Abs. 3
 * Satz 1 VwVfG NRW). Show both: the authority may have named the target
 * day expressly (Satz 2), then it stays. */
void cal_legal_end(const char *target, char out[DATE_BUF]);

#endif
