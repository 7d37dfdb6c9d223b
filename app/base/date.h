/* date.h - calendar dates as ISO 8601 text ("2025-12-31") inside,
 * German "31.12.2025" accepted on input and used for display. */
#ifndef FT_DATE_H
#define FT_DATE_H

#include "error.h"

enum { DATE_BUF = 11 }; /* "YYYY-MM-DD" + NUL */

/* Accepts "2025-12-31" and "31.12.2025" (day and month may have one digit:
 * "1.2.2025"); years 1900..2199; checks the calendar (no 30 February,
 * leap years). Writes ISO form to out. Returns 0 or -1 with err naming
 * the value. */
int date_parse(const char *text, char out[DATE_BUF], struct ft_error *err);

/* 1 if text is a valid ISO date in the accepted range, else 0. */
int date_is_valid_iso(const char *text);

/* Days since 1970-01-01 of a valid ISO date (negative before 1970). */
long date_to_days(const char *iso);

/* Inverse of date_to_days. */
void date_from_days(long days, char out[DATE_BUF]);

/* Adds months, clamping the day to the end of the target month
 * (2025-08-31 + 6 months = 2026-02-28). */
void date_add_months(const char *iso, int months, char out[DATE_BUF]);

/* German display form "31.12.2025"; an empty or NULL date gives "". */
void date_format_de(const char *iso, char out[DATE_BUF]);
/* The same, returning out: for dates among a message's arguments. */
const char *date_de(const char *iso, char out[DATE_BUF]);

/* Year of a valid ISO date. */
int date_year(const char *iso);
/* snprintf(out, DATE_BUF, "%s", text) without its cost (loads copy
 * millions of dates): at most DATE_BUF - 1 bytes, always terminated. */
void date_copy(char out[DATE_BUF], const char *text);

/* Today's date in local time, or the date in $FUNDTRACK_TODAY when set
 * (for reproducible tests and demos). */
void date_today(char out[DATE_BUF]);

#endif
