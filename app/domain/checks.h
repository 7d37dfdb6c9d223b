/* checks.h - rule checks over the own city's grants and projects.
 *
 * Every finding carries a stable rule ID (for scripts and for people
 * searching the documentation), a severity, the project and grant it
 * concerns, and a message in plain words with the figures. The rules and
 * what they look at are listed in check_rules[]; "counted" grants and "as
 * of" are defined in grantset.h.
 */
#ifndef FT_CHECKS_H
#define FT_CHECKS_H

#include <stddef.h>
#include <stdint.h>

#include "date.h"
#include "error.h"
#include "grantset.h"
#include "rule_catalogue.h"
#include "store.h"

/* The rules are rows of the one catalogue (rule_catalogue.h): ID,
 * severity, summary. Info findings (FT-STATUS-SUGGESTED) only point at
 * something to do; they never fail 'check --fail-on'. */
#define check_rule rule_entry
#define check_severity rule_severity
#define CHECK_ERROR RULE_ERROR
#define CHECK_WARNING RULE_WARNING
#define CHECK_INFO RULE_INFO

/* "error", "warning", "info" */
extern const char *const *const check_severity_names;

/* The rules check runs, pointers into the catalogue. */
extern const struct check_rule *const check_rules[];
extern const size_t check_nrules;

enum {
	CHECK_DUE_SOON_DAYS = 30,  /* proofs due within this many days are reported */
	CHECK_GAP_RISK_DAYS = 180, /* funding ending this soon needs a follow-up */
	CHECK_INTEREST_MARGIN_BP = 500 /* interest: 5 points above the base rate */
};

enum { CHECK_KEY_MAX = 320 };

enum check_ack_state {
	CHECK_OPEN,       /* not acknowledged */
	CHECK_ACKED,      /* acknowledged on the same figures: hidden by 'check' */
	CHECK_ACK_LAPSED  /* acknowledged, but its figures changed since */
};

/* An acknowledgement as recorded (schema/008_lifecycle.sql, acks.h). */
struct check_ack {
	char *key, *rule, *fingerprint, *reason;
	char acked_on[DATE_BUF];
};

struct check_finding {
	const struct check_rule *rule;
	const char *project; /* code */
	const char *grant;   /* reference, NULL for findings about a project */
	char message[512];
	/* The main figures again, for machines; has_* = 0 when not applicable. */
	int has_amount, has_days, has_interest;
	int64_t amount;       /* cents: idle, excess, difference, ... */
	long days;            /* idle days, days overdue (<0: days left), gap days */
	int64_t interest;     /* cents, FT-IDLE-FUNDS only */
	char date[DATE_BUF];  /* the day concerned (due date, first booking), or "" */
	/* The stable key: rule, record and, where a record can have several
	 * findings of a rule, the period or item, e.g.
	 * "FT-PROOF-OVERDUE:grant/EFRE-2023-17:final" (acks.h). */
	char key[CHECK_KEY_MAX];
	enum check_ack_state ack;
	const char *ack_reason; /* CHECK_ACKED, CHECK_ACK_LAPSED: the reason given */
};

struct check_query {
	char as_of[DATE_BUF]; /* "": today */
	const char *city;     /* AGS of the city to check, NULL: the own city */
};

struct check_result {
	struct check_finding *findings; /* errors first, then by rule, project, grant */
	size_t nfindings;
	/* Counts of the findings not acknowledged; nacked the acknowledged ones
	 * (they stay in findings[], marked). */
	size_t nerrors, nwarnings, ninfos, nacked;
	struct check_ack *acks; /* every acknowledgement recorded, by key */
	size_t nacks;
	char as_of[DATE_BUF];
	struct base_rate *rates; /* the base rate history (base_rates.h) */
	size_t nrates;
	/* 1 when the old single setting 'base-rate' is still in the database:
	 * the history supersedes it (say so once); its value in old_base_rate_bp */
	int old_setting;
	int old_base_rate_bp;
	/* The own city's programmes naming no terms (schema/008): their grants
	 * follow the recipient's default; say so once per run. */
	int64_t terms_defaulted;
	const struct grantset *set; /* the grants the findings point into */
	struct grantset gs;         /* owned when loaded by checks_run */
};

/* Runs every rule as of q->as_of. Findings are results, not errors: the
 * function fails only when the database cannot be read. */
int checks_run(struct store *st, const struct check_query *q, struct check_result *out,
	       struct ft_error *err);
/* The same over a set already loaded for the own city (as of the day
 * wanted: q->as_of is not read), which must outlive out; st gives the
 * base rate history. */
int checks_run_of(struct store *st, const struct grantset *gs, struct check_result *out,
		  struct ft_error *err);
void check_result_release(struct check_result *r);

#endif
