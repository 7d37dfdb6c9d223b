/* deadlines.h - the upcoming deadlines of the own city's active grants
 * (status approved, running or proof-due), soonest first, and their export
 * as an iCalendar file.
 *
 * Kinds of deadline:
 *   period-end      the last day of the approval period: spending must be
 *                   done by then
 *   interim-proof   after each year with a payout at whose end the purpose is
 *                   not fulfilled, as the grant's terms say (ANBest-P: four
 *                   months, 30 April), until that interim proof is recorded
 *   final-proof     from the terms, the fulfilment day and the period end
 *                   (or an extended deadline), until the final proof is
 *                   recorded
 *   drawdown        money drawn on day D and still unspent must be spent
 *                   within the terms' horizon (2 months, 6 weeks: first in,
 *                   first out); one deadline per drawdown day, with the
 *                   unspent amount
 *   condition       a condition (Auflage) of the decision, until recorded as
 *                   met ('grant condition done'); for every grant that
 *                   counts, since a condition binds until it is met
 * The city's own money (terms 'own') has none but the period end. Every
 * date is the legal last day (§ 31 Abs. 3 VwVfG NRW), terms.h.
 * A deadline is upcoming when it falls between the as-of day and as-of +
 * days (both included). It is overdue when it fell before the as-of day
 * and is still open (a proof not recorded, a condition not met, drawn
 * money not spent); the end of an approval period is never overdue.
 * Overdue items come first (oldest first) unless the query hides them.
 */
#ifndef FT_DEADLINES_H
#define FT_DEADLINES_H

#include <stddef.h>
#include <stdint.h>

#include "date.h"
#include "error.h"
#include "grantset.h"
#include "store.h"

enum deadline_kind {
	DL_PERIOD_END,
	DL_INTERIM_PROOF,
	DL_FINAL_PROOF,
	DL_DRAWDOWN,
	DL_CONDITION,
	DL_NKINDS
};

/* "period-end", "interim-proof", "final-proof", "drawdown", "condition" */
extern const char *const deadline_kind_names[DL_NKINDS];

struct deadline {
	char date[DATE_BUF];     /* the legal last day (terms.h) */
	char target[DATE_BUF];   /* the computed day when it differs from date, else "" */
	long days_left; /* date - as-of (negative when overdue) */
	int overdue;       /* 1: before the as-of day and still open */
	long days_overdue; /* as-of - date when overdue, else 0 */
	int64_t condition; /* condition: its number; else 0 */
	const char *condition_text; /* condition: what it demands; else NULL */
	enum deadline_kind kind;
	const struct gs_grant *grant;
	const char *project; /* code */
	int year;            /* interim-proof: the fiscal year covered */
	char drawn_on[DATE_BUF]; /* drawdown: the drawdown day */
	int64_t amount;      /* drawdown: unspent cents; else -1 */
	char what[200];      /* plain words: "final proof of use", ... */
};

enum deadline_overdue {
	DL_OVERDUE_SHOW, /* overdue items and upcoming ones (the default) */
	DL_OVERDUE_ONLY, /* only the overdue items */
	DL_OVERDUE_HIDE  /* only the upcoming ones */
};

struct deadline_query {
	char as_of[DATE_BUF]; /* "": today */
	int days;             /* how far ahead; DEADLINES_DEFAULT_DAYS when 0 */
	enum deadline_overdue overdue;
};

enum { DEADLINES_DEFAULT_DAYS = 90, DEADLINES_MAX_DAYS = 3660 };

struct deadline_result {
	struct deadline *items; /* by date, kind, project, grant */
	size_t n;
	char as_of[DATE_BUF];
	int days;
	size_t noverdue; /* of the items */
	const struct grantset *set; /* the grants the items point into */
	struct grantset gs;         /* owned when loaded by deadlines_list */
};

int deadlines_list(struct store *st, const struct deadline_query *q,
		   struct deadline_result *out, struct ft_error *err);
/* The same over a set already loaded for the own city (as of the day
 * wanted: q->as_of is not read), which must outlive out. */
int deadlines_list_of(const struct grantset *gs, const struct deadline_query *q,
		      struct deadline_result *out, struct ft_error *err);
void deadline_result_release(struct deadline_result *r);

/* The stable iCalendar UID of a deadline: city-independent, built from the
 * grant reference (percent-encoded), the kind and the date, so exporting
 * again updates the events instead of duplicating them. */
void deadline_uid(const struct deadline *d, char *buf, size_t size);

/* Writes the deadlines as an RFC 5545 calendar to path (through a
 * temporary file renamed into place); an overdue item's title starts with
 * "Überfällig" and its description says since how many days. dtstamp is
 * the UTC creation time
 * "YYYYMMDDTHHMMSSZ"; remind_days the alarm before each all-day event. */
int deadlines_write_ics(const struct deadline_result *r, const char *path,
			const char *dtstamp, int remind_days, struct ft_error *err);

#endif
