#include "ical.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "atomic_file.h"
#include "date.h"
#include "strbuf.h"
#include "utf8.h"

enum { FOLD_OCTETS = 75 };

/* Content lines are built in a strbuf: a failed add marks it (oom) and
 * emit refuses it, so the adds need no check of their own. */

/* Appends text as an RFC 5545 TEXT value. */
static void put_text(struct strbuf *l, const char *text)
{
	const char *s = text;

	while (*s) {
		uint32_t cp;
		size_t n = utf8_decode(s, SIZE_MAX, &cp);

		if (n == 0) {
			strbuf_add(l, "?", 1);
			n = 1;
		} else if (*s == '\\' || *s == ';' || *s == ',') {
			strbuf_add(l, "\\", 1);
			strbuf_add(l, s, 1);
		} else if (*s == '\n') {
			strbuf_add(l, "\\n", 2);
		} else if (*s == '\r') {
			/* CRLF in the input: the LF makes the line break */
		} else if (utf8_is_control(cp) || utf8_is_bidi_control(cp)) {
			strbuf_add(l, " ", 1);
		} else {
			strbuf_add(l, s, n);
		}
		s += n;
	}
}

/* Writes a logical line folded into lines of at most 75 octets (without
 * CRLF); a continuation line starts with one space, which counts. */
static int emit(FILE *f, struct strbuf *l)
{
	size_t pos = 0, limit = FOLD_OCTETS;

	if (l->oom)
		return -1;
	while (l->len - pos > limit) {
		/* Never split a UTF-8 character. */
		size_t cut = pos + utf8_prefix(l->text + pos, l->len - pos, limit);

		fwrite(l->text + pos, 1, cut - pos, f);
		fputs("\r\n ", f);
		pos = cut;
		limit = FOLD_OCTETS - 1;
	}
	fwrite(l->text + pos, 1, l->len - pos, f);
	fputs("\r\n", f);
	strbuf_clear(l);
	return ferror(f) ? -1 : 0;
}

static int emit_raw(FILE *f, struct strbuf *l, const char *content)
{
	strbuf_adds(l, content);
	return emit(f, l);
}

static int emit_text(FILE *f, struct strbuf *l, const char *name, const char *value)
{
	strbuf_adds(l, name);
	strbuf_add(l, ":", 1);
	put_text(l, value);
	return emit(f, l);
}

static void compact_date(const char *iso, char out[9])
{
	snprintf(out, 9, "%.4s%.2s%.2s", iso, iso + 5, iso + 8);
}

static int write_alarm(FILE *f, struct strbuf *l, const struct ical_event *e)
{
	char trigger[32];

	snprintf(trigger, sizeof(trigger), "TRIGGER:-P%dD", e->remind_days);
	return emit_raw(f, l, "BEGIN:VALARM") || emit_raw(f, l, "ACTION:DISPLAY") ||
	       emit_text(f, l, "DESCRIPTION", e->summary) || emit_raw(f, l, trigger) ||
	       emit_raw(f, l, "END:VALARM");
}

static int write_event(FILE *f, struct strbuf *l, const struct ical_event *e, const char *dtstamp)
{
	char start[9], end[9], next[DATE_BUF], prop[64];

	compact_date(e->date, start);
	date_from_days(date_to_days(e->date) + 1, next);
	compact_date(next, end);
	if (emit_raw(f, l, "BEGIN:VEVENT") || emit_text(f, l, "UID", e->uid))
		return -1;
	snprintf(prop, sizeof(prop), "DTSTAMP:%s", dtstamp);
	if (emit_raw(f, l, prop))
		return -1;
	snprintf(prop, sizeof(prop), "DTSTART;VALUE=DATE:%s", start);
	if (emit_raw(f, l, prop))
		return -1;
	snprintf(prop, sizeof(prop), "DTEND;VALUE=DATE:%s", end);
	if (emit_raw(f, l, prop) || emit_text(f, l, "SUMMARY", e->summary))
		return -1;
	if (e->description && emit_text(f, l, "DESCRIPTION", e->description))
		return -1;
	if (e->categories && emit_text(f, l, "CATEGORIES", e->categories))
		return -1;
	/* An all-day deadline does not block the calendar. */
	if (emit_raw(f, l, "TRANSP:TRANSPARENT"))
		return -1;
	if (e->remind_days >= 0 && write_alarm(f, l, e))
		return -1;
	return emit_raw(f, l, "END:VEVENT");
}

int ical_write(FILE *f, const char *name, const struct ical_event *events, size_t n,
	       const char *dtstamp)
{
	struct strbuf l = STRBUF_INIT;
	int rc = emit_raw(f, &l, "BEGIN:VCALENDAR") || emit_raw(f, &l, "VERSION:2.0") ||
		 emit_raw(f, &l, "PRODID:-//fundtrack//fundtrack " FT_VERSION "//DE") ||
		 emit_raw(f, &l, "CALSCALE:GREGORIAN") || emit_raw(f, &l, "METHOD:PUBLISH") ||
		 emit_text(f, &l, "X-WR-CALNAME", name);

	for (size_t i = 0; i < n && !rc; i++)
		rc = write_event(f, &l, &events[i], dtstamp);
	if (!rc)
		rc = emit_raw(f, &l, "END:VCALENDAR");
	strbuf_release(&l);
	if (fflush(f) != 0 || ferror(f))
		rc = -1;
	return rc ? -1 : 0;
}

struct ical_job {
	const char *name;
	const struct ical_event *events;
	size_t n;
	const char *dtstamp;
};

static int fill_calendar(void *arg, FILE *out, struct ft_error *err)
{
	const struct ical_job *job = arg;

	(void)err; /* a failed write sets out's error; atomic_write_file reports it */
	return ical_write(out, job->name, job->events, job->n, job->dtstamp);
}

int ical_write_file(const char *path, const char *name, const struct ical_event *events,
		    size_t n, const char *dtstamp, struct ft_error *err)
{
	struct ical_job job = { name, events, n, dtstamp };

	return atomic_write_file(path, "calendar ", fill_calendar, &job, err);
}

void ical_dtstamp(char out[17])
{
	const char *fixed = getenv("FUNDTRACK_TODAY");
	char day[DATE_BUF];
	time_t now = time(NULL);
	struct tm utc;

	if (fixed && date_parse(fixed, day, NULL) == 0) {
		snprintf(out, 17, "%.4s%.2s%.2sT000000Z", day, day + 5, day + 8);
		return;
	}
	gmtime_r(&now, &utc);
	strftime(out, 17, "%Y%m%dT%H%M%SZ", &utc);
}
