/* plausible.h - plausibility of what is entered (issue 15): a drawdown
 * outside the approval period or above the approved amount, an
 * expenditure that arose outside the period, an allocation for a year
 * outside it, an approved amount cut below what is drawn. Such an entry is
 * refused with the reason; with --force (the caller's force flag) it is
 * recorded anyway, and its audit entries name the overridden reason
 * ("[forced: ...]" before the command). Repayments and interest are always
 * plausible. The ledger (ledger.c) calls these inside its transactions, so
 * typed commands and import-csv follow the same rules.
 */
#ifndef FT_PLAUSIBLE_H
#define FT_PLAUSIBLE_H

#include <stdint.h>

#include "audit_chain.h"
#include "error.h"
#include "store.h"

/* A payment without a service date in the first weeks after the approval
 * period is taken as for the period (December salaries paid in January):
 * accepted with a warning asking for the service date. The six weeks are an
 * assumption (no text names a number); checks.c's FT-SERVICE-DATE-MISSING
 * uses the same. */
enum { PLAUSIBLE_SERVICE_GRACE_WEEKS = 6 };

/* Why an entry is not plausible: a sentence naming the values (German
 * number and date format) and the ID of its message in po/de.po, so the
 * refusal carries the reason's ID, not the wrapper's. */
struct plausible_reason {
	char text[FT_ERROR_MSG_MAX];
	const char *id;
};

/* Each returns 0 when plausible, 1 with reason filled when not, -1 with
 * err. */
int plausible_booking(struct store *st, int64_t grant_id, const char *ref, const char *kind,
		      int64_t amount, const char *date, const char *service_date,
		      struct plausible_reason *reason, struct ft_error *err);
int plausible_allocation(struct store *st, int64_t grant_id, const char *ref, int year,
			 struct plausible_reason *reason, struct ft_error *err);
int plausible_approved(struct store *st, int64_t grant_id, const char *ref, int64_t approved,
		       struct plausible_reason *reason, struct ft_error *err);

/* The command the audit log named before an entry was marked forced. */
struct plausible_force {
	int active;
	char command[AUDIT_COMMAND_MAX + 1];
};

/* The verdict of a plausible_* call (rc) applied: 0 to write; -1 with err
 * "<reason> (give --force to record it anyway)" and the reason's ID when
 * rc is 1 and not force; with force the audit entries of the following writes of this
 * store carry "[forced: <reason>]" until plausible_forced_end(pf). */
int plausible_apply(struct store *st, int rc, const struct plausible_reason *reason, int force,
		    struct plausible_force *pf, struct ft_error *err);
void plausible_forced_end(struct store *st, struct plausible_force *pf);

#endif
