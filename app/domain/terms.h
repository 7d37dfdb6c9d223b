/* terms.h - the terms of a decision (Nebenbestimmungen) and the due dates
 * they give: the drawdown horizon, the final proof of use and the interim
 * proofs. The shipped sets and their sources are in schema/008_terms.sql;
 * 'fundtrack terms list' shows them.
 *
 * Every computed day is a target; when it falls on a Saturday, Sunday or
 * NRW public holiday the legal last day is the next working day (§ 31
 * Abs. 3 VwVfG NRW, calendar.h). Both are returned: show the target, and
 * the legal last day where it differs; a deadline is missed only after
 * the legal last day.
 */
#ifndef FT_TERMS_H
#define FT_TERMS_H

#include <stddef.h>
#include <stdint.h>

#include "calendar.h"
#include "date.h"
#include "error.h"
#include "store.h"

enum { TERMS_NAME_BUF = 32 };

/* A national set with its addition merged in (an addition overrides only
 * the values it sets). */
struct terms_set {
	char name[TERMS_NAME_BUF];     /* e.g. "anbest-p-nrw" */
	char addition[TERMS_NAME_BUF]; /* e.g. "esf-plus", "" when none */
	int drawdown_n;                /* 0: no horizon */
	enum cal_unit drawdown_unit;   /* CAL_WEEKS or CAL_MONTHS */
	int proof_fulfil_months;       /* 0: no proof of use */
	int proof_period_months;       /* -1: no second limb */
	int interim_months;            /* 0: no interim proofs */
	int interest;                  /* 1: idle money bears interest */
};

/* A due day: the computed target and the legal last day (equal on a
 * working day). */
struct due_day {
	char target[DATE_BUF];
	char legal[DATE_BUF];
};

/* Drawn money paid out on `drawn` must be used by this day (ANBest-P
 * Nr. 1.4: "innerhalb von ... nach der Auszahlung"): 01.07.2025 + 2 months
 * = 01.09.2025. Returns 0 (and leaves *out alone) when the terms have no
 * horizon. */
int terms_drawdown_due(const struct terms_set *t, const char *drawn, struct due_day *out);

/* The last payout day whose money had to be used before as_of: the
 * latest D with terms_drawdown_due(D) before as_of (money drawn up to D is
 * late on as_of if still unused). Returns 0 when the terms have no
 * horizon. */
int terms_drawdown_cutoff(const struct terms_set *t, const char *as_of, char out[DATE_BUF]);

/* The final proof of use: the earlier of `fulfilled` (Zweckerfüllung;
 * NULL or "": the period end) + proof_fulfil_months and the end of the
 * proof_period_months-th month after period_to (ANBest-P Nr. 6.1).
 * Fulfilled 14.05.2025, period to 30.09.2025, 6/6 months: 14.11.2025.
 * Returns 0 when the terms demand no proof. */
int terms_final_proof_due(const struct terms_set *t, const char *period_to,
			  const char *fulfilled, struct due_day *out);

/* The interim proof over the money received in `year`: interim_months
 * after 31 December (4 months: 30 April). Returns 0 when the terms demand
 * none. */
int terms_interim_due(const struct terms_set *t, int year, struct due_day *out);

/* The horizon in words: "2 months", "6 weeks", or "no horizon". */
void terms_horizon_text(const struct terms_set *t, char *buf, size_t size);

/* The number of the own city's programmes that name no terms (their grants
 * follow the recipient's default, schema/008: how databases from before
 * the terms migrate), into *n; 0, or -1 with err. */
int terms_defaulted_programmes(struct store *st, int64_t *n, struct ft_error *err);

#endif
