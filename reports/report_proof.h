/* report_proof.h - the numerical proof of use of one grant (zahlenmäßiger
 * Nachweis) as a PDF, in the order of the funders' forms (Muster zu
 * ANBest-P Nr. 6): I. Einnahmen and II. Ausgaben, each plan against
 * actual, III. the settlement (settle_grant.h), the confirmation with
 * place, date and signature lines, and the list of receipts (Belegliste)
 * as an appendix. Every figure is that of 'settle' and 'proof receipts'.
 */
#ifndef FT_REPORT_PROOF_H
#define FT_REPORT_PROOF_H

#include <stdint.h>

#include "error.h"
#include "report.h"
#include "store.h"

struct report_proof_options {
	const char *ref;          /* the grant */
	const char *effective;    /* ISO, NULL: the end of the approval period */
	int64_t costs;            /* -1: the recorded expenditure */
};

int report_proof(struct store *st, const struct report_proof_options *p,
		 const struct report_options *o, const char *path, struct report_info *info,
		 struct ft_error *err);

#endif
