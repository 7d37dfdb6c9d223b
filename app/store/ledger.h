/* ledger.h - recording the grant ledger: cities, districts, funders,
 * programmes, projects, grants, allocations and bookings.
 *
 * Every function here validates its input against the data already
 * recorded (references, enumerations, date order), writes in one
 * transaction, and on failure leaves the database unchanged and fills err
 * with a message naming the offending value. Codes and references are
 * looked up in the own city unless a function says otherwise. Values are
 * already parsed: money in cents, rates in basis points, dates ISO.
 */
#ifndef FT_LEDGER_H
#define FT_LEDGER_H

#include <stdint.h>

#include "date.h"
#include "enum_words.h"
#include "error.h"
#include "store.h"

/* Allowed values of the enumerations, NULL-terminated. */
extern const char *const ledger_levels[];
extern const char *const ledger_fields[];
extern const char *const ledger_financing_types[];
extern const char *const ledger_statuses[];
extern const char *const ledger_booking_kinds[];

/* The same enumerations with the German words accepted for them, one
 * mapping for the options of every command and the CSV import. */
extern const struct word_enum ledger_level_enum, ledger_field_enum, ledger_financing_enum,
	ledger_status_enum, ledger_kind_enum;

/* Every status a grant can have, for showing one: those one sets and
 * "withdrawn", which only 'grant withdraw' sets. */
extern const struct word_enum ledger_any_status_enum;

/* The shipped terms sets (schema/008_terms.sql; a test keeps the lists and
 * the table equal): the national sets a decision names, and the additions
 * an EU programme puts on top of one. */
extern const char *const ledger_terms[];
extern const char *const ledger_term_additions[];
extern const struct word_enum ledger_terms_enum, ledger_addition_enum;

/* 1 for the statuses whose cap counts as approved money: approved,
 * running, proof-due, closed and revoked (a revoked grant keeps its cap;
 * what it returns is booked as a repayment). Applications, rejected and
 * withdrawn grants (ledger_fix.h) never count. The one definition: the grant set, the read model
 * and the model's calibration use it, SQL as status_counts(status). */
int ledger_status_counts(const char *status);

/* Checks that value is one of allowed; otherwise err says
 * "invalid <what> 'value': expected one of a, b, c". */
int ledger_check_enum(const char *what, const char *value, const char *const *allowed,
		      struct ft_error *err);

/* The id of the own city; err explains how to add one when missing. */
int ledger_own_city(struct store *st, int64_t *city_id, struct ft_error *err);

/* The recorded values of one of the own city's grants that a proof, a
 * condition or an amendment is checked against. */
struct grant_record {
	int64_t id;
	char status[16];
	char from[DATE_BUF], to[DATE_BUF], decided[DATE_BUF]; /* decided: "" if unknown */
	int64_t approved;
	int rate_bp; /* -1 when not recorded */
};

/* Reads grant ref of the own city into *out; 0, or -1 with err ("no grant
 * 'X' in this city ..."). */
int ledger_read_grant(struct store *st, const char *ref, struct grant_record *out,
		      struct ft_error *err);

/* The id of the own city's record what ("district", "funder", "programme",
 * "project" or "grant") with code (a grant: its reference); err says
 * "no <what> '<code>' in this city (see ...)" when there is none. */
int ledger_lookup_code(struct store *st, const char *what, const char *code, int64_t *id,
		       struct ft_error *err);

struct city_input {
	const char *ags;
	const char *name;
	int64_t population; /* 0 = unknown */
	int own;
};
int ledger_add_city(struct store *st, const struct city_input *in, struct ft_error *err);

struct district_input {
	const char *code;
	const char *name;
	int action_area;
};
int ledger_add_district(struct store *st, const struct district_input *in,
			struct ft_error *err);

struct funder_input {
	const char *code;
	const char *name;
	const char *level;
};
int ledger_add_funder(struct store *st, const struct funder_input *in, struct ft_error *err);

struct programme_input {
	const char *code;
	const char *name;
	const char *funder_code;
	const char *fund;      /* may be NULL */
	int rate_bp;           /* -1 = none */
	const char *financing; /* NULL = share */
	/* The terms its grants get unless the decision names others (one of
	 * ledger_terms); NULL: by the recipient (funder_default_terms in
	 * schema/008). The old drawdown days and proof months follow from them
	 * (terms_legacy) for the exchange files. */
	const char *terms;
};
int ledger_add_programme(struct store *st, const struct programme_input *in,
			 struct ft_error *err);

/* Corrects the programme in->code: NULL (rate_bp -1) means unchanged; the
 * text "none" clears fund and terms (back to the recipient's default);
 * clear_rate removes the rate. Audited like every write. */
struct programme_edit {
	const char *code;
	const char *name;
	const char *fund;
	int rate_bp;
	int clear_rate;
	const char *financing;
	const char *terms;
};
int ledger_edit_programme(struct store *st, const struct programme_edit *in,
			  struct ft_error *err);

/* For add: NULL/-1 means not given. For edit: NULL/-1 means unchanged and
 * the text "none" clears district, follows, carrier, target group, dates
 * and costs. */
struct project_input {
	const char *code;
	const char *title;
	const char *field;
	const char *district_code;
	const char *carrier;
	const char *target_group;
	const char *start; /* ISO */
	const char *end;   /* ISO */
	int64_t costs;     /* cents, -1 = not given */
	int clear_costs;
	const char *follows_code;
};
int ledger_add_project(struct store *st, const struct project_input *in,
		       struct ft_error *err);
int ledger_edit_project(struct store *st, const struct project_input *in,
			struct ft_error *err);

struct grant_input {
	const char *ref;
	const char *project_code;
	const char *programme_code;
	int64_t approved;      /* cents */
	int64_t eligible;      /* cents, -1 = none */
	const char *from;      /* ISO */
	const char *to;        /* ISO */
	int rate_bp;           /* -1 = the programme's */
	const char *financing; /* NULL = the programme's */
	const char *status;    /* NULL = approved */
	const char *applied;   /* ISO or NULL */
	const char *decided;   /* ISO or NULL */
	const char *note;
	int clear_rate;        /* edit only: remove the rate */
	int clear_eligible;    /* edit only: remove the eligible costs */
	/* The decision's terms (NULL: the programme's) and an addition on top
	 * (NULL: none); edit: NULL unchanged, "none" clears. */
	const char *terms;
	const char *terms_addition;
	/* Edit only (NULL unchanged, "none" clears): the day the purpose was
	 * fulfilled (Zweckerfüllung), and an extended due day of the final
	 * proof (Fristverlängerung) with its reason, which replaces the
	 * computed one. */
	const char *fulfilled;
	const char *proof_due;
	const char *proof_due_reason;
	int force;             /* edit only: cut the amount below what is drawn
				  (plausible.h) */
};
int ledger_add_grant(struct store *st, const struct grant_input *in, struct ft_error *err);

/* Corrects the grant in->ref. Here NULL, or -1 for approved, eligible and
 * rate_bp, means unchanged; the text "none" clears decided, applied and
 * note; clear_rate and clear_eligible clear those. The period and dates
 * are checked as they will be after the change. A new programme keeps the
 * grant's rate and financing unless they are given too. The status is not
 * edited here (see ledger_set_grant_status). Old and new values go to the
 * audit log. */
int ledger_edit_grant(struct store *st, const struct grant_input *in, struct ft_error *err);

/* Changes the status along the grant lifecycle; force allows any change. */
int ledger_set_grant_status(struct store *st, const char *ref, const char *status,
			    int force, struct ft_error *err);

/* Sets (or replaces) the allocation of a grant for one fiscal year; a
 * year outside the approval period only with force (plausible.h). */
int ledger_set_allocation(struct store *st, const char *ref, int year, int64_t amount,
			  int force, struct ft_error *err);

struct booking_input {
	const char *grant_ref;
	const char *kind;
	int64_t amount; /* cents, > 0 */
	const char *date;
	const char *reference;
	const char *note;
	/* The day the expense arose (Leistungsdatum, ISO), NULL when not given;
	 * an expenditure is judged by it against the approval period. */
	const char *service_date;
	/* record a drawdown or expenditure that fails the plausibility rules
	 * of plausible.h all the same (audited as forced) */
	int force;
};
/* Appends a booking; *id_out gets its id. *warning_out (may be NULL) gets
 * a plain-words warning when the booking is legal but worth a look (e.g.
 * expenditure outside the approval period, forced or paid in the weeks
 * after it without a service date), else "". A drawdown or expenditure
 * that fails plausible_booking is refused unless in->force. */
int ledger_add_booking(struct store *st, const struct booking_input *in, int64_t *id_out,
		       char warning_out[FT_ERROR_MSG_MAX], struct ft_error *err);

/* Writes the counter-booking of booking id (negated amount, same grant and
 * kind) dated date (NULL = today) with an optional note. */
int ledger_reverse_booking(struct store *st, int64_t id, const char *date, const char *note,
			   int64_t *id_out, struct ft_error *err);

#endif
