/* settle_grant.h - the settlement of one recorded grant: its figures
 * gathered from the grant set and the base rate history, settled by
 * settlement.h, with the interest of § 49a Abs. 3 and 4 VwVfG NRW.
 *
 * Where the figures come from (the per-grant data of today):
 *   planned   the grant's eligible costs (grant --eligible); when not
 *             recorded, the project's costs (project --costs); else unknown
 *   actual    --costs, else the grant's expenditure bookings up to as_of,
 *             net of reversals
 *   paid      the drawdown bookings up to as_of, net of reversals
 *   other     own and third-party funds are not recorded per grant: deficit
 *             financing takes them as planned - approved (other_derived)
 * The effective day (the claim arises, "Eintritt der Unwirksamkeit",
 * § 49a Abs. 3 VwVfG NRW): under the auflösende Bedingung of ANBest-P
 * Nr. 2 the grant is reduced when the lower costs arose or were
 * established. Default: the last day of the approval period, by which the
 * costs are final; --effective sets the day (the day the proof of use
 * established them, or the revocation). Refund interest runs from then to
 * as_of; a repayment booking stops it for the repaid part.
 * Interest for money drawn too early (§ 49a Abs. 4 VwVfG NRW): the FIFO
 * trace of grantset.h over the bookings up to the effective day (or
 * as_of, if earlier): from then on money not used is part of the claim and
 * bears the interest of Abs. 3, so no day bears both.
 */
#ifndef FT_SETTLE_GRANT_H
#define FT_SETTLE_GRANT_H

#include <stdint.h>

#include "date.h"
#include "error.h"
#include "settlement.h"
#include "store.h"

/* Interest 5 percentage points above the base rate (§ 49a Abs. 3 Satz 1
 * VwVfG NRW; Abs. 4 refers to it). */
enum { SETTLE_MARGIN_BP = 500 };

struct settle_query {
	const char *ref;
	char as_of[DATE_BUF];     /* "": today */
	char effective[DATE_BUF]; /* "": the end of the approval period */
	int64_t costs;            /* -1: the recorded expenditure */
};

enum settle_planned_source { PLANNED_NONE, PLANNED_GRANT, PLANNED_PROJECT };

struct settle_report {
	char ref[72], project[48], programme[48], status[16];
	char from[DATE_BUF], to[DATE_BUF];  /* approval period */
	char as_of[DATE_BUF], effective[DATE_BUF];
	int effective_given;                /* 1: --effective, 0: period end */
	enum settle_planned_source planned_source;
	int costs_given;                    /* 1: --costs, 0: recorded expenditure */
	struct settle_input in;
	struct settle_result res;
	int64_t repaid_total;               /* every repayment booking up to as_of */
	struct settle_interest refund;      /* § 49a Abs. 3 on res.repayment */
	int64_t idle_late;                  /* § 49a Abs. 4: money used late or unused */
	long idle_days;                     /* longest time an amount was idle */
	int64_t idle_interest;
	char idle_until[DATE_BUF];          /* the last day the trace covers */
	char idle_missing[DATE_BUF];        /* first idle day without a base rate */
	char missing[DATE_BUF];             /* the earlier of refund.missing and
					       idle_missing, "" when every day has a rate */
};

/* Settles the own city's grant q->ref. Refuses an unknown grant, one
 * applied or rejected (or decided after as_of), --costs below 0, an
 * effective day before the approval period starts, and the errors of
 * settle_compute. Missing base rates are no error: see refund.missing and
 * idle_missing. */
int settle_grant(struct store *st, const struct settle_query *q, struct settle_report *out,
		 struct ft_error *err);

#endif
