/* ical.h - a small RFC 5545 (iCalendar) writer for all-day events with a
 * reminder, as Outlook and Thunderbird import them.
 *
 * Lines end in CRLF and are folded at 75 octets (never inside a UTF-8
 * character); text values escape backslash, semicolon, comma and newlines;
 * other control characters (C0, DEL, C1) and bidi controls become spaces
 * and invalid UTF-8 becomes '?'.
 */
#ifndef FT_ICAL_H
#define FT_ICAL_H

#include <stddef.h>
#include <stdio.h>

#include "error.h"

struct ical_event {
	const char *uid;         /* stable, unique: re-importing updates the event */
	const char *date;        /* ISO day of the all-day event */
	const char *summary;     /* title */
	const char *description; /* may be NULL */
	const char *categories;  /* may be NULL */
	int remind_days;         /* alarm this many days before; < 0: none */
};

/* Writes one VCALENDAR with the events to f. dtstamp is the UTC time
 * "YYYYMMDDTHHMMSSZ" the calendar was made; name is shown by clients
 * (X-WR-CALNAME). Returns 0, or -1 when writing failed. */
int ical_write(FILE *f, const char *name, const struct ical_event *events, size_t n,
	       const char *dtstamp);

/* Writes the calendar to path through a temporary file in the same
 * directory that is renamed into place, so a failure never leaves a
 * half-written file. Returns 0 or -1 with err naming the path. */
int ical_write_file(const char *path, const char *name, const struct ical_event *events,
		    size_t n, const char *dtstamp, struct ft_error *err);

/* The current UTC time as "YYYYMMDDTHHMMSSZ"; with $FUNDTRACK_TODAY set
 * (tests, demos) that day at 00:00:00Z, so output is reproducible. */
void ical_dtstamp(char out[17]);

#endif
