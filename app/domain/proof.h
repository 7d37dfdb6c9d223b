/* proof.h - recording submitted proofs of use (Zwischennachweis,
 * Verwendungsnachweis), so that the checks and deadlines stop asking. */
#ifndef FT_PROOF_H
#define FT_PROOF_H

#include "error.h"
#include "store.h"

struct proof_input {
	const char *grant_ref;
	int final;         /* 1: final proof of use; 0: interim proof for year */
	int year;          /* fiscal year of an interim proof */
	const char *date;  /* ISO day of submission */
	const char *note;  /* may be NULL */
};

/* Records a proof for a grant of the own city. Refuses a grant that was
 * never approved (applied, rejected), an interim proof for a year the grant
 * does not run through (see gs_interim_years), a submission before the
 * approval period starts, and a proof recorded twice. */
int proof_add(struct store *st, const struct proof_input *in, struct ft_error *err);

#endif
