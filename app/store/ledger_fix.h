/* ledger_fix.h - corrections of master data and grants (issue 15): edit a
 * city, district or funder; make a recorded city the own one; retire a
 * city, district, funder or programme; withdraw a grant recorded by
 * mistake. Every change is one transaction, audited by the triggers of
 * schema/003 and 008, and leaves the database unchanged when refused.
 *
 * Retired records stay (their grants, bookings and figures are history)
 * but leave the lists (unless --all), the pick lists and the completion,
 * and take no new children: no new project in a retired district, no new
 * programme of a retired funder, no grant newly put under a retired
 * programme (triggers of schema/008, so every path obeys).
 *
 * A withdrawn grant (Rücknahme, status 'withdrawn') counts nowhere:
 * ledger_status_counts is 0 for it, the grant set, the reports and the
 * exchange leave it out, 'grant list' shows it only with --all, and the
 * audit log keeps its whole history. Only a grant without money on it can
 * be withdrawn (its bookings reversed first): a decision that paid out and
 * is taken back is a revocation with repayment ('grant status revoked').
 */
#ifndef FT_LEDGER_FIX_H
#define FT_LEDGER_FIX_H

#include <stdint.h>

#include "error.h"
#include "store.h"

/* NULL / -1 leave a value unchanged. */
struct city_edit {
	const char *ags;
	const char *name;
	int64_t population; /* -1 unchanged */
	int own;            /* 1: make it the own city */
};
int ledger_edit_city(struct store *st, const struct city_edit *in, struct ft_error *err);

struct district_edit {
	const char *code;
	const char *name;
	int action_area; /* -1 unchanged, 0 or 1 */
};
int ledger_edit_district(struct store *st, const struct district_edit *in,
			 struct ft_error *err);

struct funder_edit {
	const char *code;
	const char *name;
	const char *level; /* NULL unchanged */
};
int ledger_edit_funder(struct store *st, const struct funder_edit *in, struct ft_error *err);

/* what: "city" (code = AGS, not the own city), "district", "funder" or
 * "programme". */
int ledger_retire(struct store *st, const char *what, const char *code, struct ft_error *err);

/* Withdraws grant ref for reason (1 to 2000 characters of text). */
int ledger_withdraw_grant(struct store *st, const char *ref, const char *reason,
			  struct ft_error *err);

#endif
