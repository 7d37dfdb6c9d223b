/* model_chain.h - calibrating the model from a chain of projects recorded
 * in the database (project.predecessor_id links the links).
 *
 * A link counts when it has at least one grant that was approved (any
 * status but applied and rejected); its approval period runs from the
 * earliest period_from to the latest period_to of those grants. From the
 * counted links come: link-months (mean length), gap-months (mean gap
 * between consecutive links, leaving out gaps before a link with a
 * rejected application: the model adds rejections itself), chain-mix
 * (approved money by the funder's level; the city's own share is what the
 * project costs beyond the external grants) and staff-fte (yearly costs of
 * the chain divided by the cost of one FTE with material). Formulas in
 * app/MODEL.md.
 */
#ifndef FT_MODEL_CHAIN_H
#define FT_MODEL_CHAIN_H

#include <stdint.h>

#include "date.h"
#include "error.h"
#include "model.h"
#include "model_params.h"
#include "store.h"

enum { MODEL_CHAIN_MAX_LINKS = 64, MODEL_CODE_BUF = 41 };

struct model_chain_link {
	char code[MODEL_CODE_BUF];
	int counted;                  /* has an approved grant */
	char from[DATE_BUF], to[DATE_BUF]; /* approval period ("" if not counted) */
	int64_t days;                 /* length of the approval period in days */
	int64_t gap_days;             /* days since the previous counted link; -1 for none */
	int64_t costs;                /* project's total costs in cents, -1 if not recorded */
	int64_t approved[MODEL_NLEVELS]; /* approved cents by funder level */
	int64_t other;                /* approved cents of funders outside the model's
					 four levels (other-public, foundation):
					 external money, like eu, federal, state */
	int64_t own;                  /* city's share in cents: recorded municipal grants,
					 or more when the costs exceed all grants */
	int rejected;                 /* rejected grants recorded for this project */
	int applied;                  /* grants only applied for */
};

struct model_chain {
	char project[MODEL_CODE_BUF];  /* the project asked for */
	int nlinks;
	struct model_chain_link link[MODEL_CHAIN_MAX_LINKS];
};

/* Reads the whole chain that the own city's project code belongs to, from
 * its first link to its last. Fails when there is no such project. */
int model_chain_read(struct store *st, const char *code, struct model_chain *out,
		     struct ft_error *err);

/* Months of a span of days: round(days / 30.4375), 30.4375 = 365.25 / 12. */
int64_t model_days_to_months(int64_t days);

/* Sets every parameter that the chain can give and that is still at its
 * default (values from a scenario file or --set win) in s, with origin
 * MODEL_FROM_CHAIN and a note saying how. Fails when no link of the chain
 * has an approved grant. */
int model_chain_calibrate(const struct model_chain *chain, struct model_setup *s,
			  struct ft_error *err);

/* Assembles the parameters the way `fundtrack model` does (and a report
 * on the model should): defaults, then the scenario file (NULL: none),
 * then the "KEY=VALUE" assignments in order, then - when chain_code is not
 * NULL - the chain of that project for every value still at its default
 * (st must be open; *chain receives the chain's links). Returns 0, -1 with
 * err, or -2 with err for a malformed assignment or an unknown key (a
 * usage error on a command line). */
int model_setup_build(struct model_setup *s, const char *scenario,
		      const char *const *assignments, int nassignments, struct store *st,
		      const char *chain_code, struct model_chain *chain, struct ft_error *err);

#endif
