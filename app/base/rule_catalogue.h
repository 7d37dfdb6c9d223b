/* rule_catalogue.h - the one catalogue of rule IDs: what 'validate' and
 * 'import' find in an exchange file and what 'check' finds in the data of
 * a city, with one severity per ID. 'fundtrack rules' prints it (every
 * output format), the README's rule table is generated from it
 * ('fundtrack rules --markdown'), and the finders take ID and severity
 * from here, so a rule cannot be called one thing in one place and
 * another elsewhere.
 *
 * Severity: an error where the figures cannot be true or break a rule of
 * the grant (a file with one is refused; 'check --fail-on error'), a
 * warning where they are worth a look, an info where they only point at
 * something to do (FT-STATUS-SUGGESTED; never fails 'check --fail-on').
 */
#ifndef FT_RULE_CATALOGUE_H
#define FT_RULE_CATALOGUE_H

#include <stddef.h>

enum rule_severity { RULE_ERROR, RULE_WARNING, RULE_INFO };

/* Where a rule is applied: to an exchange file (validate, import,
 * exchange from-csv), to a city's data in the database (check), or both. */
enum rule_scope { RULE_FILE = 1, RULE_CHECK = 2, RULE_BOTH = 3 };

/* The index of every rule in rule_catalogue[]. */
enum rule_index {
	/* the file and its XML */
	RULE_FILE_ACCESS, RULE_XML, RULE_DOCTYPE, RULE_ENCODING, RULE_FORMAT, RULE_VERSION,
	RULE_VERSION_NEWER,
	RULE_REQUIRES, RULE_EXTENSION, RULE_LIMIT, RULE_VALUE,
	/* the city's municipality key (ags.h) */
	RULE_AGS, RULE_AGS_UNKNOWN,
	/* the schema, one ID per kind of mistake (exchange_messages.h) */
	RULE_XSD_MISSING_ELEMENT, RULE_XSD_MISSING_ATTRIBUTE, RULE_XSD_UNKNOWN_ELEMENT,
	RULE_XSD_UNKNOWN_ATTRIBUTE, RULE_XSD_AMOUNT, RULE_XSD_DATE, RULE_XSD_ENUM,
	RULE_XSD_TOO_LONG, RULE_XSD_FORMAT, RULE_XSD_RANGE, RULE_XSD_DUPLICATE, RULE_XSD,
	/* the structure of a file's records */
	RULE_REFERENCE, RULE_DUPLICATE, RULE_PERIOD, RULE_DECISION, RULE_CHAIN, RULE_BOOKING_ID,
	RULE_AMOUNT, RULE_REVERSAL, RULE_BOOKING_STATUS, RULE_GENERATED_FUTURE,
	RULE_PLAN_LINE, RULE_PROJECT_BOOKING_DATE, RULE_PROJECT_BOOKING_SPLIT,
	/* figures that cannot be true */
	RULE_BOOKING_DATE, RULE_SUM, RULE_AMOUNT_RANGE, RULE_OVER_CAP, RULE_SPENT_ABOVE_DRAWN,
	RULE_ALLOC_ABOVE_APPROVED, RULE_PROJECT_OVERFUNDED,
	/* the rules of a grant */
	RULE_SPEND_OUTSIDE_PERIOD, RULE_SERVICE_DATE_MISSING, RULE_DRAWDOWN_OUTSIDE_PERIOD,
	RULE_FUTURE, RULE_ALLOC_MISMATCH, RULE_ELIGIBLE, RULE_SPENT_ABOVE_GRANT,
	RULE_RATE_ABOVE_PROGRAMME, RULE_IDLE_FUNDS, RULE_BASE_RATE_MISSING,
	/* deadlines and chains */
	RULE_PROOF_DUE, RULE_PROOF_OVERDUE, RULE_INTERIM_PROOF_DUE, RULE_STATUS_STALE,
	RULE_GAP_RISK, RULE_CHAIN_GAP,
	/* conditions and the grant's life (lifecycle.h) */
	RULE_CONDITION_OVERDUE, RULE_CONDITION_DUE, RULE_STATUS_SUGGESTED,
	/* allocations and the financing plan (finplan.h) */
	RULE_DRAWN_ABOVE_ALLOCATION, RULE_DRAWN_AHEAD_OF_COVER, RULE_ALLOCATION_UNDRAWN,
	RULE_PLAN_LINE_OVERRUN,
	RULE_COUNT
};

struct rule_entry {
	const char *id; /* "FT-OVER-CAP", stable: scripts and people search for it */
	enum rule_severity severity;
	enum rule_scope scope;
	const char *summary; /* when it fires, with the bound where there is one */
};

extern const struct rule_entry rule_catalogue[RULE_COUNT];

/* "error", "warning", "info" */
extern const char *const rule_severity_names[3];
/* "file", "check", "file, check" */
const char *rule_scope_name(enum rule_scope scope);

/* The rule with this ID, or NULL. */
const struct rule_entry *rule_find(const char *id);

/* The bounds the plausibility rules state (and test against). */
enum {
	/* FT-BOOKING-DATE: a booking at most this long before the approval
	 * period (a decision may allow an early start) ... */
	RULE_BOOKING_EARLY_DAYS = 366,
	/* ... and at most this many years after it (the longest earmarking
	 * period, 25 years for buildings, may still bring a repayment) */
	RULE_BOOKING_LATE_YEARS = 25,
	/* FT-GENERATED-FUTURE: a file may be dated this many days after
	 * today (clocks and time zones differ) */
	RULE_GENERATED_SKEW_DAYS = 1,
	/* FT-SERVICE-DATE-MISSING: an expenditure paid this long after the
	 * approval period without a service date is typically for the period
	 * (December salaries paid in January); an assumption, no text names
	 * a number */
	RULE_SERVICE_GRACE_WEEKS = 6
};

#endif
