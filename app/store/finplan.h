/* finplan.h - a project's financing plan (Finanzierungsplan) and the
 * expenditure booked once on the project, split over its means of cover.
 *
 * The plan: cost lines (position "1.1", label, planned eligible amount)
 * and the means of cover (Deckungsmittel): the project's grants, the
 * carrier's own funds, third-party money and the city's share where it is
 * not recorded as a grant. When none of the last three is recorded, own
 * and third-party funds together are the planned costs minus the grants
 * ("derived"); the planned costs are the sum of the cost lines, else the
 * project's recorded costs.
 *
 * The split of one project expenditure (finplan_split) follows how
 * ANBest-P Nr. 1.4 lets a grant be used (wording of the Bund's and NRW's
 * ANBest-P, Nr. 1.4.1 and 1.4.2; quoted from the texts as known, the
 * search tool found only secondary sources confirming it, e.g. the FAQ on
 * Fehlbedarfsfinanzierung of deutsche-chorjugend.de: "Es müssen zuerst die
 * Eigenmittel und ggf. die Drittmittel verbraucht sein"):
 *   1.4.1 "bei Anteil- oder Festbetragsfinanzierung jeweils anteilig mit
 *         etwaigen Zuwendungen anderer Zuwendungsgeber und den vorgesehenen
 *         eigenen und sonstigen Mitteln des Zuwendungsempfängers",
 *   1.4.2 "bei Fehlbedarfsfinanzierung, wenn die vorgesehenen eigenen und
 *         sonstigen Mittel des Zuwendungsempfängers verbraucht sind".
 * Full financing (Vollfinanzierung, VV Nr. 2.3 zu § 44) covers the costs
 * by the grant alone. The project's spending so far is a line through
 * these layers, in this order:
 *   1. full-financing grants, up to their approved amounts;
 *   2. share and fixed-amount grants together with own, third-party and
 *      city money, pro rata to their planned amounts, up to their sum;
 *   3. deficit grants, up to their approved amounts;
 *   4. beyond every means of cover: own funds (costs above the plan are
 *      the carrier's, ANBest-P Nr. 1.2).
 * A booking of amount A after spending S takes the part [S, S + A) of this
 * line; within a layer each member gets A_layer × weight / sum of weights,
 * rounded down to the cent, and the cents left over go one each to the
 * members with the largest remainders (largest-remainder method; on equal
 * remainders the member of lower rank, else the earlier one: grants by
 * reference, then own, third-party, city - the order of the exchange
 * file, so that a partner splitting the same booking gets the same cents). So every booking's shares add up to its amount exactly, and no
 * member is ever off by a cent or more within one booking.
 */
#ifndef FT_FINPLAN_H
#define FT_FINPLAN_H

#include <stddef.h>
#include <stdint.h>

#include "date.h"
#include "error.h"
#include "store.h"

/* ANBest-P Nr. 1.2: "Innerhalb des Gesamtergebnisses dürfen die
 * Einzelansätze um bis zu 20 v. H. überschritten werden, soweit die
 * Überschreitung durch entsprechende Einsparungen bei anderen
 * Einzelansätzen ausgeglichen werden kann." The one place of the 20 %
 * (basis points) until the terms of a grant give their own value. */
#define FINPLAN_LINE_TOLERANCE_BP 2000

enum fp_source { FP_GRANT, FP_OWN, FP_THIRD, FP_CITY, FP_NSOURCES };

/* "grant", "own", "third-party", "city" (the stored words). */
extern const char *const fp_source_names[FP_NSOURCES];

enum fp_financing { FP_SHARE, FP_DEFICIT, FP_FIXED, FP_FULL };

/* FP_SHARE for "share", FP_DEFICIT for "deficit", ... (grant.financing). */
enum fp_financing fp_financing_of(const char *word);

/* One means of cover taking part in a split. */
struct fp_member {
	enum fp_source source;
	enum fp_financing financing; /* grants only */
	int64_t grant_id;            /* grants only */
	int64_t weight;              /* planned cents: the grant's approved amount */
	int64_t share;               /* out: cents of this booking */
	int rank;                    /* equal remainders: the lower rank first,
				      * then the earlier member */
};

/* Splits amount (> 0, cents) booked after spent_before (>= 0) of earlier
 * project spending over members[0..n) as described at the top; the
 * shares add up to amount. members must hold one FP_OWN member (weight
 * may be 0), which takes what lies beyond every means of cover. Returns 0,
 * or -1 with err when there is no own member or an amount is out of range. */
int finplan_split(struct fp_member *members, size_t n, int64_t spent_before, int64_t amount,
		  struct ft_error *err);

/* ---- the plan as recorded, with what was spent ------------------------- */

struct fp_line {
	int64_t id;
	char *position, *label;
	int64_t planned;
	int64_t actual; /* net project expenditure booked on the line */
};

struct fp_cover {
	enum fp_source source;
	int64_t grant_id; /* grants only */
	char status[16];  /* grants only */
	char from[DATE_BUF], to[DATE_BUF]; /* grants: approval period */
	char *name;       /* grant: its reference; else NULL */
	char *level;      /* grant: funder level; else NULL */
	char financing[8];/* grant: share, deficit, fixed, full; else "" */
	int64_t planned;  /* grant: approved amount */
	int64_t actual;   /* grant: all its net expenditure (project shares and
			   * bookings on the grant); else the project shares */
	int64_t from_project; /* of actual: shares of project bookings */
};

struct fp_booking {
	int64_t id;
	char date[DATE_BUF];
	char service_date[DATE_BUF]; /* "" when not given */
	char *line;                  /* position or NULL */
	int64_t amount;
	char *reference;             /* NULL when none */
	int64_t reverses_id;         /* 0 when none */
};

struct finplan {
	int64_t project_id;
	char *code;
	int64_t costs;        /* the project's recorded costs, -1 when none */
	struct fp_line *lines;
	size_t nlines;
	int64_t lines_planned, lines_actual;
	int64_t planned;      /* lines, else costs, else the grants: see top */
	struct fp_cover *covers; /* counted grants by id, then own, third, city */
	size_t ncovers;
	int covers_recorded;  /* 0: own + third derived as planned - grants */
	int64_t grants_planned;
	int64_t spent;        /* net project expenditure */
	struct fp_booking *bookings; /* by date, then id */
	size_t nbookings;
};

/* Loads the financing plan of the own city's project code as of as_of
 * (ISO; "" or NULL = today: bookings dated up to that day). err names an
 * unknown project. Release with finplan_release. */
int finplan_load(struct store *st, const char *code, const char *as_of, struct finplan *out,
		 struct ft_error *err);
/* Every project of the own city with cost lines or recorded cover or
 * project bookings (for 'check'). */
int finplan_load_all(struct store *st, const char *as_of, struct finplan **out, size_t *n,
		     struct ft_error *err);
/* The same for the project with row id project_id of any city, with every
 * booking, read inside the caller's transaction (the import's). */
int finplan_load_project_id(struct store *st, int64_t project_id, struct finplan *out,
			    struct ft_error *err);
void finplan_release(struct finplan *p);
void finplan_release_all(struct finplan *p, size_t n);

/* ---- writes (each one transaction, audited) ----------------------------- */

/* Adds a cost line; amount in cents (>= 0). */
int finplan_line_add(struct store *st, const char *project, const char *position,
		     const char *label, int64_t amount, struct ft_error *err);
/* Changes a cost line: NULL / -1 leave a value unchanged; new_position
 * renumbers it. */
int finplan_line_edit(struct store *st, const char *project, const char *position,
		      const char *new_position, const char *label, int64_t amount,
		      struct ft_error *err);
/* Removes a cost line that no project booking names. */
int finplan_line_remove(struct store *st, const char *project, const char *position,
			struct ft_error *err);
/* Sets the planned own / third-party / city money (source "own",
 * "third-party" or "city"); amount -1 removes the entry. */
int finplan_cover_set(struct store *st, const char *project, const char *source,
		      int64_t amount, struct ft_error *err);

/* What name means to 'fundtrack book': *is_grant = 1 when it is a grant
 * reference of the own city, *is_project = 1 when a project code (both
 * can be 1). */
int finplan_book_target(struct store *st, const char *name, int *is_grant, int *is_project,
			struct ft_error *err);

struct project_booking_input {
	const char *project;      /* code */
	int64_t amount;           /* cents, > 0 */
	const char *date;         /* ISO */
	const char *service_date; /* ISO or NULL */
	const char *line;         /* position or NULL */
	const char *reference;
	const char *note;
};

struct project_booking_share {
	enum fp_source source;
	char ref[72];       /* grant reference, "" for the other sources */
	int64_t booking_id; /* the grant's booking, 0 for the other sources */
	int64_t amount;
};

struct project_booking_result {
	int64_t id;
	struct project_booking_share shares[64];
	size_t nshares;
};

/* Books an expenditure once on the project and splits it over the grants
 * whose approval period holds the day it arose (service date, else the
 * payment date) and whose status is approved, running or proof-due, and
 * the other means of cover (see the top). One transaction: the project
 * booking, a booking per grant share and the share rows. */
int finplan_book(struct store *st, const struct project_booking_input *in,
		 struct project_booking_result *out, struct ft_error *err);

/* Splits every project booking of the project with row id project_id that
 * has no shares yet (a partner city's, written by the exchange import) as
 * finplan_book splits one, in the order of their row ids, each after the
 * ones before it; a reversal negates its original's shares. A grant takes
 * part when its status counts as approved money (closed and revoked
 * included: they were open when the money was spent) and its approval
 * period holds the day the expenditure arose. Share bookings get source
 * ids above the grant's largest, so that a file passed on as 1.0 keeps
 * its booking ids unique. Runs inside the caller's write transaction; on
 * an error *failed is the row id of the booking that could not be split. */
int finplan_allocate(struct store *st, int64_t project_id, int64_t *failed, struct ft_error *err);

/* Whether a reader of the exchange file, splitting the project's bookings
 * by finplan_allocate, gets the shares recorded here: 0 yes; 1 no, with
 * *differs the first booking that it splits otherwise (the plan changed
 * after the booking: a grant added, approved later, its amount amended);
 * -1 on error. Read only, inside the caller's transaction. */
int finplan_split_reproducible(struct store *st, int64_t project_id, int64_t *differs,
			       struct ft_error *err);

/* Writes the reversal of project booking id of project (negating it and
 * every share, each grant share by a reversal of its booking), dated date
 * (NULL = today). */
int finplan_reverse(struct store *st, const char *project, int64_t id, const char *date,
		    const char *note, struct project_booking_result *out, struct ft_error *err);

#endif
