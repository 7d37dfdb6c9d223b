/* lifecycle.h - a grant's life after the decision: conditions (Auflagen)
 * with their own deadlines, amendments (Änderungsbescheide) and the status
 * its dates suggest.
 *
 * Writes follow ledger.h: the input is checked against what is recorded,
 * everything is written in one transaction (audited by the triggers of
 * schema/008_lifecycle.sql), and a failure leaves the database unchanged
 * with err naming the offending value. Grants are the own city's.
 */
#ifndef FT_LIFECYCLE_H
#define FT_LIFECYCLE_H

#include <stddef.h>
#include <stdint.h>

#include "date.h"
#include "error.h"
#include "grantset.h"
#include "store.h"

struct condition_input {
	const char *grant_ref;
	const char *text; /* what the condition demands */
	const char *due;  /* ISO: the day it must be met */
	const char *note; /* may be NULL */
};

/* Adds a condition to an approved grant (applications and rejected
 * grants carry none); *id_out gets its number. */
int condition_add(struct store *st, const struct condition_input *in, int64_t *id_out,
		  struct ft_error *err);

/* Records condition id of the grant as met on date (ISO); refuses one of
 * another grant and one already met. */
int condition_done(struct store *st, const char *grant_ref, int64_t id, const char *date,
		   struct ft_error *err);

/* An amendment: NULL or -1 leaves a value as it is; clear_rate removes
 * the rate (the programme's holds again). */
struct amendment_input {
	const char *grant_ref;
	const char *reference; /* the amending decision's reference */
	const char *date;      /* ISO: the day of the amending decision */
	int64_t approved;      /* cents, -1 = unchanged */
	const char *to;        /* ISO new end of the approval period, NULL = unchanged */
	int rate_bp;           /* -1 = unchanged */
	int clear_rate;
	const char *note;
};

/* Records the amendment with the old and new values and changes the grant
 * to the new ones, in one transaction. Refuses an amendment that changes
 * nothing, one dated before the original decision, a reference recorded
 * twice for the grant and a period that would end before it starts. */
int grant_amend(struct store *st, const struct amendment_input *in, struct ft_error *err);

/* The status the grant's dates suggest as of as_of (the next step of the
 * lifecycle approved -> running -> proof-due -> closed), or NULL when its
 * status fits: approved once the approval period has started, running once
 * it has ended, proof-due once the final proof of use is recorded. why
 * gets the reason in plain words. Never changes anything. */
const char *lifecycle_suggest_status(const struct gs_grant *g, const char *as_of, char *why,
				     size_t size);

#endif
