#include "deadlines.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ical.h"
#include "money.h"
#include "vec.h"
#include "msg_lang.h"

const char *const deadline_kind_names[DL_NKINDS] = { "period-end", "interim-proof",
						      "final-proof", "drawdown", "condition" };

/* Titles of the calendar events (the calendar is a document for people,
 * like the reports, so it speaks German). */
static const char *const kind_titles_de[DL_NKINDS] = {
	"Ende Bewilligungszeitraum", "Zwischennachweis", "Verwendungsnachweis",
	"Mittelverwendungsfrist", "Auflage"
};

struct collector {
	struct deadline_result *r;
	size_t cap;
	long from, to; /* window in days since 1970 */
	enum deadline_overdue overdue;
};

/* 1 when a deadline of kind on day when is listed: upcoming within the
 * window, or overdue (before it: every open item but the period end,
 * which passes without anything left to do). */
static int wanted(const struct collector *c, enum deadline_kind kind, long when)
{
	if (when > c->to)
		return 0;
	if (when >= c->from)
		return c->overdue != DL_OVERDUE_ONLY;
	return kind != DL_PERIOD_END && c->overdue != DL_OVERDUE_HIDE;
}

/* A new deadline if it is wanted; NULL when not (or out of memory, which
 * sets *oom). */
static struct deadline *add(struct collector *c, const struct gs_grant *g,
			    enum deadline_kind kind, const char *date, int *oom)
{
	long when = date_to_days(date);
	struct deadline *d;

	if (!wanted(c, kind, when))
		return NULL;
	if (!(d = VEC_PUSH(c->r->items, c->r->n, c->cap))) {
		*oom = 1;
		return NULL;
	}
	memset(d, 0, sizeof(*d));
	memcpy(d->date, date, DATE_BUF);
	d->days_left = when - c->from;
	d->overdue = when < c->from;
	d->days_overdue = d->overdue ? c->from - when : 0;
	c->r->noverdue += (size_t)d->overdue;
	d->kind = kind;
	d->grant = g;
	d->project = gs_project_of(c->r->set, g)->code;
	d->amount = -1;
	return d;
}

/* A deadline on its legal last day (terms.h); the target is kept when it
 * differs (a weekend or holiday moved the end, § 31 Abs. 3 VwVfG NRW). */
static struct deadline *add_due(struct collector *c, const struct gs_grant *g,
				enum deadline_kind kind, const struct due_day *due, int *oom)
{
	struct deadline *d = add(c, g, kind, due->legal, oom);

	if (d && strcmp(due->target, due->legal) != 0)
		memcpy(d->target, due->target, DATE_BUF);
	return d;
}

/* "target 28.02.2026, legal last day the next working day" when the
 * legal last day differs from the target, else "". */
static void target_note(const struct deadline *d, char *buf, size_t size)
{
	char day[DATE_BUF];

	buf[0] = '\0';
	if (d->target[0]) {
		date_format_de(d->target, day);
		snprintf(buf, size, tr("target %s, legal last day the next working day"), day);
	}
}

static int proof_deadlines(struct collector *c, const struct gs_grant *g)
{
	struct deadline *d;
	struct due_day due;
	char note[80];
	int first, last, oom = 0;

	if (gs_interim_years(g, &first, &last))
		for (int y = first; y <= last && !oom; y++) {
			if (gs_interim_done(g, y) || !gs_interim_due(g, y, &due) ||
			    !(d = add_due(c, g, DL_INTERIM_PROOF, &due, &oom)))
				continue;
			d->year = y;
			target_note(d, note, sizeof(note));
			snprintf(d->what, sizeof(d->what), tr("interim proof for %d%s%s%s"), y,
				 note[0] ? " (" : "", note, note[0] ? ")" : "");
		}
	if (!gs_final_proof_done(g) && gs_final_proof_due(g, &due) &&
	    (d = add_due(c, g, DL_FINAL_PROOF, &due, &oom)) != NULL) {
		target_note(d, note, sizeof(note));
		snprintf(d->what, sizeof(d->what), tr("final proof of use%s%s%s%s"),
			 g->proof_due[0] ? tr(" (extended)") : "", note[0] ? " (" : "", note,
			 note[0] ? ")" : "");
	}
	return oom ? -1 : 0;
}

static int drawdown_deadlines(struct collector *c, const struct gs_grant *g,
			      struct ft_error *err)
{
	struct gs_fifo fifo;
	int oom = 0;

	if (gs_trace_drawdowns(g, c->r->as_of, NULL, &fifo, err))
		return -1;
	for (size_t i = 0; i < fifo.nopen && !oom; i++) {
		const struct gs_tranche *t = &fifo.open[i];
		struct deadline *prev = c->r->n ? &c->r->items[c->r->n - 1] : NULL;
		char drawn[DATE_BUF], amount[MONEY_BUF], horizon[32], note[80];
		struct due_day by;
		struct deadline *d;

		if (!terms_drawdown_due(&g->terms, t->date, &by))
			break; /* no horizon: the city's own money */
		/* Two drawdowns on one day make one deadline. */
		if (prev && prev->grant == g && prev->kind == DL_DRAWDOWN &&
		    strcmp(prev->drawn_on, t->date) == 0)
			d = prev;
		else if ((d = add_due(c, g, DL_DRAWDOWN, &by, &oom)) != NULL)
			d->amount = 0;
		if (!d)
			continue;
		memcpy(d->drawn_on, t->date, DATE_BUF);
		d->amount += t->open;
		money_format_de(d->amount, amount);
		date_format_de(t->date, drawn);
		terms_horizon_text(&g->terms, horizon, sizeof(horizon));
		target_note(d, note, sizeof(note));
		snprintf(d->what, sizeof(d->what), tr("spend %s drawn down on %s (%s%s%s)"), amount,
			 drawn, horizon, note[0] ? "; " : "", note);
	}
	gs_fifo_release(&fifo);
	return oom ? ft_fail(err, "out of memory") : 0;
}

/* The open conditions (Auflagen) of a grant that counts. */
static int condition_deadlines(struct collector *c, const struct gs_grant *g)
{
	int oom = 0;

	for (size_t i = 0; i < g->nconditions && !oom; i++) {
		const struct gs_condition *k = &g->conditions[i];
		struct deadline *d;

		if (k->done[0] || !(d = add(c, g, DL_CONDITION, k->due, &oom)))
			continue;
		d->condition = k->id;
		d->condition_text = k->text;
		snprintf(d->what, sizeof(d->what), tr("condition %lld: %s"), (long long)k->id,
			 k->text);
	}
	return oom ? -1 : 0;
}

static int grant_deadlines(struct collector *c, const struct gs_grant *g, struct ft_error *err)
{
	struct deadline *d;
	int oom = 0;

	if ((d = add(c, g, DL_PERIOD_END, g->to, &oom)) != NULL)
		snprintf(d->what, sizeof(d->what), "%s", tr("end of the approval period"));
	if (oom || proof_deadlines(c, g))
		return ft_fail(err, "out of memory");
	return drawdown_deadlines(c, g, err);
}

static int compare_deadlines(const void *pa, const void *pb)
{
	const struct deadline *a = pa, *b = pb;
	int c = strcmp(a->date, b->date);

	if (c)
		return c;
	if (a->kind != b->kind)
		return (int)a->kind - (int)b->kind;
	if ((c = strcmp(a->project, b->project)) != 0)
		return c;
	return strcmp(a->grant->ref, b->grant->ref);
}

int deadlines_list(struct store *st, const struct deadline_query *q,
		   struct deadline_result *out, struct ft_error *err)
{
	struct grantset gs;

	memset(out, 0, sizeof(*out));
	if (grantset_load(&gs, st, GS_OWN_CITY, q->as_of, err))
		return -1;
	if (deadlines_list_of(&gs, q, out, err)) {
		grantset_release(&gs);
		return -1;
	}
	out->gs = gs; /* the items point into it */
	out->set = &out->gs;
	return 0;
}

int deadlines_list_of(const struct grantset *gs, const struct deadline_query *q,
		      struct deadline_result *out, struct ft_error *err)
{
	struct collector c = { out, 0, 0, 0, q->overdue };

	memset(out, 0, sizeof(*out));
	out->set = gs;
	out->days = q->days > 0 ? q->days : DEADLINES_DEFAULT_DAYS;
	memcpy(out->as_of, gs->as_of, DATE_BUF);
	c.from = date_to_days(out->as_of);
	c.to = c.from + out->days;
	for (size_t i = 0; i < gs->ngrants; i++) {
		const struct gs_grant *g = &gs->grants[i];

		if (gs_grant_active(g) && grant_deadlines(&c, g, err)) {
			deadline_result_release(out);
			return -1;
		}
		if (g->counted && condition_deadlines(&c, g)) {
			deadline_result_release(out);
			return ft_fail(err, "out of memory");
		}
	}
	if (out->n > 1)
		qsort(out->items, out->n, sizeof(out->items[0]), compare_deadlines);
	return 0;
}

void deadline_result_release(struct deadline_result *r)
{
	free(r->items);
	grantset_release(&r->gs);
	memset(r, 0, sizeof(*r));
}

/* ---- iCalendar ---------------------------------------------------------- */

void deadline_uid(const struct deadline *d, char *buf, size_t size)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t used = 0;

	/* Percent-encoding keeps distinct references distinct ("A/1" vs "A-1"). */
	for (const unsigned char *s = (const unsigned char *)d->grant->ref; *s && used + 4 < size;
	     s++) {
		if ((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') ||
		    (*s >= '0' && *s <= '9') || *s == '.' || *s == '-' || *s == '_') {
			buf[used++] = (char)*s;
		} else {
			buf[used++] = '%';
			buf[used++] = hex[*s >> 4];
			buf[used++] = hex[*s & 15];
		}
	}
	/* Two conditions may fall due on one day: the number tells them apart. */
	if (d->kind == DL_CONDITION)
		snprintf(buf + used, size - used, "-condition-%lld-%.4s%.2s%.2s@fundtrack",
			 (long long)d->condition, d->date, d->date + 5, d->date + 8);
	else
		snprintf(buf + used, size - used, "-%s-%.4s%.2s%.2s@fundtrack",
			 deadline_kind_names[d->kind], d->date, d->date + 5, d->date + 8);
}

struct event_text {
	char uid[400];
	char summary[400];
	char description[1200];
};

static void describe(const struct deadline_result *r, const struct deadline *d,
		     struct event_text *t)
{
	const struct gs_project *p = gs_project_of(r->set, d->grant);
	char due[DATE_BUF], drawn[DATE_BUF], amount[MONEY_BUF], detail[160] = "";
	char target[DATE_BUF], horizon[64] = "", legal[120] = "";

	const char *late = d->overdue ? "\xC3\x9C" "berf\xC3\xA4llig: " : "";
	char overdue[160] = "";

	deadline_uid(d, t->uid, sizeof(t->uid));
	date_format_de(d->date, due);
	if (d->target[0]) {
		date_format_de(d->target, target);
		snprintf(legal, sizeof(legal),
			 " (rechnerisch %s; Fristende am nächsten Werktag, § 31 Abs. 3 VwVfG NRW)",
			 target);
	}
	if (d->kind == DL_INTERIM_PROOF) {
		snprintf(t->summary, sizeof(t->summary), "%s%s %d: %s (%s)", late,
			 kind_titles_de[d->kind], d->year, p->code, d->grant->ref);
	} else {
		snprintf(t->summary, sizeof(t->summary), "%s%s: %s (%s)", late,
			 kind_titles_de[d->kind], p->code, d->grant->ref);
	}
	if (d->overdue) {
		char as_of[DATE_BUF];

		date_format_de(r->as_of, as_of);
		snprintf(overdue, sizeof(overdue), "\n\xC3\x9C" "berf\xC3\xA4llig seit %ld %s (Stand %s)",
			 d->days_overdue, d->days_overdue == 1 ? "Tag" : "Tagen", as_of);
	}
	if (d->kind == DL_DRAWDOWN) {
		money_format_de(d->amount, amount);
		date_format_de(d->drawn_on, drawn);
		if (d->grant->terms.drawdown_n > 0)
			snprintf(horizon, sizeof(horizon), "%d %s", d->grant->terms.drawdown_n,
				 d->grant->terms.drawdown_unit == CAL_WEEKS ? "Wochen" : "Monate");
		snprintf(detail, sizeof(detail),
			 "\nAm %s abgerufen und noch nicht ausgegeben: %s (Frist %s)", drawn,
			 amount, horizon);
	} else if (d->kind == DL_CONDITION) {
		snprintf(detail, sizeof(detail), "\nAuflage %lld: %.120s", (long long)d->condition,
			 d->condition_text);
	}
	snprintf(t->description, sizeof(t->description),
		 "Projekt: %s – %s\nBescheid: %s (Programm %s, Nebenbestimmungen %s)\nFrist: %s%s%s%s",
		 p->code, p->title, d->grant->ref, d->grant->programme, d->grant->terms.name, due,
		 legal, overdue, detail);
}

int deadlines_write_ics(const struct deadline_result *r, const char *path,
			const char *dtstamp, int remind_days, struct ft_error *err)
{
	struct ical_event *events = calloc(r->n ? r->n : 1, sizeof(*events));
	struct event_text *texts = calloc(r->n ? r->n : 1, sizeof(*texts));
	int rc;

	if (!events || !texts) {
		free(events);
		free(texts);
		return ft_fail(err, "out of memory");
	}
	for (size_t i = 0; i < r->n; i++) {
		describe(r, &r->items[i], &texts[i]);
		events[i] = (struct ical_event){ texts[i].uid, r->items[i].date, texts[i].summary,
						 texts[i].description, "Fördermittel", remind_days };
	}
	rc = ical_write_file(path, "fundtrack Fristen", events, r->n, dtstamp, err);
	free(events);
	free(texts);
	return rc;
}
