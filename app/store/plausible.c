#include "plausible.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "db.h"
#include "calendar.h"
#include "date.h"
#include "money.h"
#include "msg_lang.h"

struct period {
	char from[DATE_BUF], to[DATE_BUF];
	int64_t approved;
	int64_t drawn; /* drawdowns less repayments, reversals netted */
};

static int read_period(struct store *st, int64_t grant_id, struct period *p,
		       struct ft_error *err)
{
	struct db_stmt *stmt;
	int rc;

	if (store_prepare(st,
			  "SELECT period_from, period_to, approved_cents,"
			  " (SELECT coalesce(sum(CASE kind WHEN 'drawdown' THEN amount_cents"
			  "   ELSE -amount_cents END), 0) FROM booking"
			  "  WHERE grant_id = g.id AND kind IN ('drawdown', 'repayment')) "
			  "FROM \"grant\" g WHERE id = ?1",
			  &stmt, err))
		return -1;
	db_bind_int64(stmt, 1, grant_id);
	rc = db_step(stmt);
	if (rc == DB_ROW) {
		snprintf(p->from, sizeof(p->from), "%s", (const char *)db_column_text(stmt, 0));
		snprintf(p->to, sizeof(p->to), "%s", (const char *)db_column_text(stmt, 1));
		p->approved = db_column_int64(stmt, 2);
		p->drawn = db_column_int64(stmt, 3);
	}
	db_finalize(stmt);
	return rc == DB_ROW ? 0 : store_fail(st, err, "cannot read the grant");
}

/* Formats reason from the English fmt (German via tr()) and keeps the
 * ID of fmt's entry; returns 1, the verdict "not plausible". */
static int reason_set(struct plausible_reason *reason, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int reason_set(struct plausible_reason *reason, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(reason->text, sizeof(reason->text), tr(fmt), ap);
	va_end(ap);
	reason->id = ft_fail_id(fmt);
	return 1;
}

static int inside(const char *day, const struct period *p)
{
	return strcmp(day, p->from) >= 0 && strcmp(day, p->to) <= 0;
}

/* "01.01.2024 to 31.12.2026" */
static void period_de(const struct period *p, char *buf, size_t size)
{
	char from[DATE_BUF], to[DATE_BUF];

	date_format_de(p->from, from);
	date_format_de(p->to, to);
	snprintf(buf, size, tr("%s to %s"), from, to);
}

static int drawdown(const struct period *p, const char *ref, int64_t amount, const char *date,
		    struct plausible_reason *reason)
{
	char a[MONEY_BUF], d[DATE_BUF], period[2 * DATE_BUF + 8], drawn[MONEY_BUF],
		approved[MONEY_BUF], total[MONEY_BUF];
	int64_t after;

	money_format_de(amount, a);
	date_format_de(date, d);
	period_de(p, period, sizeof(period));
	if (!inside(date, p)) {
		return reason_set(reason,
				  "drawdown of %s dated %s lies outside the approval period %s of "
				  "grant '%s'",
				  a, d, period, ref);
	}
	/* ANBest-P Nr. 1.4 / VV Nr. 2 zu § 44 LHO NRW: no more than the
	 * approved amount (Höchstbetrag) is paid out; repayments make room */
	if (money_add(p->drawn, amount, &after) || after > p->approved) {
		money_format_de(p->drawn, drawn);
		money_format_de(p->approved, approved);
		money_format_de(after, total);
		return reason_set(reason,
				  "drawdown of %s would bring grant '%s' to %s drawn (less "
				  "repayments), above the approved %s (drawn so far: %s)",
				  a, ref, total, approved, drawn);
	}
	return 0;
}

/* Judged by when the expense arose (see checks.c, check_outside): the
 * service date when given; else the payment date, where a payment in the
 * grace weeks after the end passes (the ledger warns about it). */
static int expenditure(const struct period *p, const char *ref, int64_t amount,
		       const char *date, const char *service_date, struct plausible_reason *reason)
{
	char a[MONEY_BUF], d[DATE_BUF], period[2 * DATE_BUF + 8], grace_end[DATE_BUF];
	const char *when = service_date ? service_date : date;
	const char *hint;

	if (inside(when, p))
		return 0;
	cal_period_end(p->to, PLAUSIBLE_SERVICE_GRACE_WEEKS, CAL_WEEKS, grace_end);
	if (!service_date && strcmp(date, p->to) > 0 && strcmp(date, grace_end) <= 0)
		return 0;
	money_format_de(amount, a);
	date_format_de(when, d);
	period_de(p, period, sizeof(period));
	hint = service_date || strcmp(when, p->to) < 0
		       ? ""
		       : tr(" (if it arose in the period, give --service-date)");
	if (service_date)
		return reason_set(reason,
				  "expenditure of %s for %s arose outside the approval period %s "
				  "of grant '%s' and is normally not eligible%s",
				  a, d, period, ref, hint);
	return reason_set(reason,
			  "expenditure of %s dated %s arose outside the approval period %s of "
			  "grant '%s' and is normally not eligible%s",
			  a, d, period, ref, hint);
}

int plausible_booking(struct store *st, int64_t grant_id, const char *ref, const char *kind,
		      int64_t amount, const char *date, const char *service_date,
		      struct plausible_reason *reason, struct ft_error *err)
{
	struct period p;
	int is_drawdown = strcmp(kind, "drawdown") == 0;

	reason->text[0] = '\0';
	reason->id = NULL;
	/* repayments and interest are owed whenever they fall due */
	if (!is_drawdown && strcmp(kind, "expenditure") != 0)
		return 0;
	if (read_period(st, grant_id, &p, err))
		return -1;
	return is_drawdown ? drawdown(&p, ref, amount, date, reason)
			   : expenditure(&p, ref, amount, date, service_date, reason);
}

int plausible_allocation(struct store *st, int64_t grant_id, const char *ref, int year,
			 struct plausible_reason *reason, struct ft_error *err)
{
	struct period p;
	char period[2 * DATE_BUF + 8];

	reason->text[0] = '\0';
	reason->id = NULL;
	if (read_period(st, grant_id, &p, err))
		return -1;
	/* one allocation per fiscal year the period touches (Jährlichkeit) */
	if (year >= date_year(p.from) && year <= date_year(p.to))
		return 0;
	period_de(&p, period, sizeof(period));
	return reason_set(reason,
			  "fiscal year %d lies outside the approval period %s of grant '%s' "
			  "(years %d to %d)",
			  year, period, ref, date_year(p.from), date_year(p.to));
}

int plausible_approved(struct store *st, int64_t grant_id, const char *ref, int64_t approved,
		       struct plausible_reason *reason, struct ft_error *err)
{
	struct period p;
	char a[MONEY_BUF], drawn[MONEY_BUF];

	reason->text[0] = '\0';
	reason->id = NULL;
	if (read_period(st, grant_id, &p, err))
		return -1;
	if (approved >= p.drawn)
		return 0;
	money_format_de(approved, a);
	money_format_de(p.drawn, drawn);
	return reason_set(reason,
			  "approved amount %s of grant '%s' would be below the %s already drawn "
			  "(less repayments)",
			  a, ref, drawn);
}

int plausible_apply(struct store *st, int rc, const struct plausible_reason *reason, int force,
		    struct plausible_force *pf, struct ft_error *err)
{
	char marked[AUDIT_COMMAND_MAX + FT_ERROR_MSG_MAX + 16];
	struct db_stmt *stmt;

	if (rc <= 0)
		return rc;
	if (!force) {
		ft_fail(err, "%s (give --force to record it anyway)", reason->text);
		if (err && reason->id)
			err->id = reason->id;
		return -1;
	}
	if (store_prepare(st, "SELECT ft_audit_command()", &stmt, err))
		return -1;
	rc = db_step(stmt);
	snprintf(pf->command, sizeof(pf->command), "%s",
		 rc == DB_ROW && db_column_text(stmt, 0)
			 ? (const char *)db_column_text(stmt, 0)
			 : "");
	db_finalize(stmt);
	if (rc != DB_ROW)
		return store_fail(st, err, "cannot read the command of the audit log");
	snprintf(marked, sizeof(marked), "[forced: %s] %s", reason->text, pf->command);
	if (store_set_actor(st, NULL, marked, err))
		return -1;
	pf->active = 1;
	return 0;
}

void plausible_forced_end(struct store *st, struct plausible_force *pf)
{
	struct ft_error ignored;

	if (pf->active)
		store_set_actor(st, NULL, pf->command, &ignored);
	pf->active = 0;
}
