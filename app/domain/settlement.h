/* settlement.h - the final settlement of a grant (Schlussabrechnung):
 * the grant as it stands once the eligible costs actually incurred are
 * known, the repayment claim and its interest. Pure arithmetic in integer
 * cents: a struct in, a struct out, no store, no SQL (settle_grant.h
 * gathers the figures of a recorded grant; a financing plan can feed the
 * same structs).
 *
 * The rules (the financing types of VV Nr. 2.2.1-2.3 zu § 44 LHO NRW;
 * the reduction after approval of ANBest-P Nr. 2):
 *
 *   share    (Anteilfinanzierung, VV 2.2.1: "nach einem bestimmten
 *            Vomhundertsatz oder Anteil der zuwendungsfähigen Ausgaben ...
 *            auf einen Höchstbetrag zu begrenzen"): the grant keeps its
 *            share of the actual eligible costs, capped at the approved
 *            amount. The share is the recorded rate, else approved/planned
 *            (computed exactly, not through a rounded rate). ANBest-P
 *            Nr. 2.1: if the other means of cover rise, the grant falls
 *            "anteilig": by its share of the rise.
 *   deficit  (Fehlbedarfsfinanzierung, VV 2.2.2: the need "der insoweit
 *            verbleibt, als ... die zuwendungsfähigen Ausgaben nicht durch
 *            eigene oder fremde Mittel zu decken" are; a Höchstbetrag, no
 *            rate): actual costs minus own and third-party funds, capped;
 *            ANBest-P Nr. 2.2: a saving or a rise of the other means of
 *            cover reduces the grant "um den vollen in Betracht kommenden
 *            Betrag". Where no own or third-party funds are recorded they
 *            are the planned costs minus the grant (other_derived).
 *   fixed    (Festbetragsfinanzierung, VV 2.2.3: "mit einem festen Betrag
 *            an den zuwendungsfähigen Ausgaben"): no reduction for savings,
 *            but never more than the eligible costs actually incurred.
 *   full     (Vollfinanzierung, VV 2.3, an exception): the grant covers the
 *            actual costs less any other means of cover (none unless
 *            recorded), capped; ANBest-P Nr. 2.2 as for deficit.
 *
 * The wording of VV Nr. 2.2.1-2.3 was checked against the NRW text
 * (Finanzministerium NRW, Haushaltsrecht, VV zu § 44 LHO). The wording of
 * ANBest-P Nr. 2 quoted above is that of the ANBest-P (Bund and NRW share
 * it: "Ermäßigen sich nach der Bewilligung die in dem Finanzierungsplan
 * veranschlagten Gesamtausgaben ..., erhöhen sich die Deckungsmittel oder
 * treten neue Deckungsmittel hinzu, so ermäßigt sich die Zuwendung");
 * it could not be checked against the current NRW publication here: an
 * assumption to verify.
 *
 * Rounding: an amount times a rate is rounded once to the cent, half away
 * from zero (kaufmännische Rundung, intmath.h ft_div_round). No text
 * prescribes the rounding of a final grant: an assumption, the same rule
 * as every other rounded amount in fundtrack.
 *
 * Repayment (Rückforderung): paid out minus the final grant, when positive.
 */
#ifndef FT_SETTLEMENT_H
#define FT_SETTLEMENT_H

#include <stddef.h>
#include <stdint.h>

#include "date.h"
#include "error.h"
#include "interest.h"

enum settle_financing { SETTLE_SHARE, SETTLE_DEFICIT, SETTLE_FIXED, SETTLE_FULL };

/* "share", "deficit", "fixed", "full" (the grant.financing values); -1
 * for another word. */
int settle_financing_parse(const char *word, enum settle_financing *out);

/* The word of f: "share", ... */
const char *settle_financing_word(enum settle_financing f);

/* The German names: Anteilfinanzierung, Fehlbedarfsfinanzierung, ... */
const char *settle_financing_de(enum settle_financing f);

/* Amounts in cents. -1 marks a figure that is not recorded. */
struct settle_input {
	enum settle_financing financing;
	int64_t approved;      /* the approved amount (Höchstbetrag), >= 0 */
	int64_t planned;       /* planned eligible costs, -1 unknown */
	int rate_bp;           /* share: the funding rate, -1 not recorded */
	int64_t actual;        /* eligible costs actually incurred, >= 0 */
	int64_t other_planned; /* own and third-party funds in the plan, -1 */
	int64_t other_actual;  /* the same as they came in, -1: as planned */
	int64_t paid;          /* paid out (drawdowns), >= 0 */
};

struct settle_result {
	int64_t final;          /* the grant as settled (Zuwendung endgültig) */
	int64_t repayment;      /* paid - final when positive, else 0 */
	int64_t still_to_pay;   /* final - paid when positive (Schlusszahlung), else 0 */
	int64_t other;          /* deficit, full: own and third-party funds counted */
	int other_derived;      /* 1: other = planned - approved (none recorded) */
	int64_t other_increase; /* share, deficit, full: rise of the other means of cover */
	int rate_bp;            /* share: the rate used; -1 when approved/planned */
	int capped;             /* 1: the approved amount limited the grant */
};

/* Settles in. Returns 0, or -1 with err: negative costs, a share grant
 * with neither rate nor planned costs, a deficit grant with neither
 * planned costs nor recorded other funds, an amount out of range. */
int settle_compute(const struct settle_input *in, struct settle_result *out,
		   struct ft_error *err);

/* ---- interest on the claim (§ 49a Abs. 3 VwVfG NRW) -----------------------
 * "Der zu erstattende Betrag ist vom Eintritt der Unwirksamkeit des
 * Verwaltungsaktes an mit fünf Prozentpunkten über dem Basiszinssatz
 * jährlich zu verzinsen." The claim bears interest from the effective day
 * (not counted, § 187 Abs. 1 BGB) to as_of (counted); a repayment stops it
 * for the repaid part on its day; a repayment dated on or before the
 * effective day reduces the claim without interest. Day count and
 * rounding: interest.h (actual days / 365, every piece at the rate of its
 * days, rounded once, half away from zero). */

struct settle_payment {
	char date[DATE_BUF];
	int64_t amount; /* > 0 */
};

struct settle_interest_input {
	int64_t claim;                         /* the repayment claim, >= 0 */
	const char *effective;                 /* ISO: the claim arose */
	const char *as_of;                     /* ISO: interest up to this day */
	const struct settle_payment *repaid;   /* repayments by date */
	size_t nrepaid;
	const struct base_rate *rates;         /* the base rate history */
	size_t nrates;
	int margin_bp;                         /* 500: five points */
};

struct settle_interest {
	int64_t interest;       /* cents */
	long days;              /* days from effective to as_of (0 when not after it) */
	int64_t repaid;         /* of the claim, repaid up to as_of */
	int64_t outstanding;    /* claim - repaid */
	char missing[DATE_BUF]; /* first interest day without a known base rate, or "" */
};

/* Returns 0, or -1 with err when the interest leaves the money range. A
 * day without a known base rate is left out and named in out->missing
 * (never 0 %). */
int settle_interest(const struct settle_interest_input *in, struct settle_interest *out,
		    struct ft_error *err);

#endif
