/* acks.h - acknowledged findings of 'check' (schema/008_lifecycle.sql).
 *
 * A finding that is known and accepted (a proof the funder extended by
 * telephone, a deliberate pre-financing) can be acknowledged with a
 * reason. The acknowledgement is stored under the finding's key (rule,
 * record, period: check_finding.key) together with a fingerprint of the
 * figures behind it - its amount and its date, for findings that have
 * neither its message - and holds only while they are unchanged: a new
 * booking that changes the amount lets it lapse and the finding shows
 * again. Day counts that grow by themselves (days overdue, idle days,
 * interest) are not part of the fingerprint, so an acknowledged overdue
 * proof stays acknowledged as days pass. Every acknowledgement and its
 * withdrawal is audited (check_ack).
 */
#ifndef FT_ACKS_H
#define FT_ACKS_H

#include <stddef.h>

#include "checks.h"
#include "error.h"
#include "store.h"

enum { ACK_FINGERPRINT_MAX = 600 };

/* The figures behind a finding in one canonical line,
 * e.g. "amount=250000;date=2025-06-30". */
void ack_fingerprint(const struct check_finding *f, char buf[ACK_FINGERPRINT_MAX]);

/* Loads every acknowledgement into r->acks and marks r's findings
 * (CHECK_ACKED or CHECK_ACK_LAPSED), moving the acknowledged ones from
 * the severity counts to r->nacked. */
int acks_apply(struct store *st, struct check_result *r, struct ft_error *err);
void acks_release(struct check_ack *acks, size_t n);

/* The acknowledgement of key in r->acks, or NULL. */
const struct check_ack *acks_find(const struct check_result *r, const char *key);

/* The finding of r with key, or NULL. */
const struct check_finding *acks_finding(const struct check_result *r, const char *key);

/* Acknowledges the current finding key of r (refused when r has no such
 * finding) with reason, dated on (ISO); replaces an earlier
 * acknowledgement of the same key. */
int ack_add(struct store *st, const struct check_result *r, const char *key,
	    const char *reason, const char *on, struct ft_error *err);

/* Withdraws the acknowledgement of key. */
int ack_remove(struct store *st, const char *key, struct ft_error *err);

#endif
