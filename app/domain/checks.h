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
 * severity, summary. */
#define check_rule rule_entry
#define check_severity rule_severity
#define CHECK_ERROR RULE_ERROR
#define CHECK_WARNING RULE_WARNING

/* "error", "warning" */
extern const char *const *const check_severity_names;

/* The rules check runs, pointers into the catalogue. */
extern const struct check_rule *const check_rules[];
extern const size_t check_nrules;

enum {
	CHECK_DUE_SOON_DAYS = 30,  /* proofs due within this many days are reported */
	CHECK_GAP_RISK_DAYS = 180, /* funding ending this soon needs a follow-up */
	CHECK_INTEREST_MARGIN_BP = 500 /* interest: 5 points above the base rate */
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
};

struct check_query {
	char as_of[DATE_BUF]; /* "": today */
	const char *city;     /* AGS of the city to check, NULL: the own city */
};

struct check_result {
	struct check_finding *findings; /* errors first, then by rule, project, grant */
	size_t nfindings;
	size_t nerrors, nwarnings;
	char as_of[DATE_BUF];
	struct base_rate *rates; /* the base rate history (base_rates.h) */
	size_t nrates;
	/* 1 when the old single setting 'base-rate' is still in the database:
	 * the history supersedes it (say so once); its value in old_base_rate_bp */
	int old_setting;
	int old_base_rate_bp;
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
