/* exchange.h - what the parts of the XML exchange share: the records a
 * file holds, and the findings (diagnostics) about a file.
 *
 * The format is xsd/fundtrack-exchange-1.1.xsd (1.0 files are read with
 * xsd/fundtrack-exchange-1.0.xsd, their own schema). A file is read as a
 * stream of records (exchange_reader.h), checked by the business rules
 * (exchange_rules.h) and, on import, written by exchange_import.h; the
 * export is exchange_write.h.
 */
#ifndef FT_EXCHANGE_H
#define FT_EXCHANGE_H

#include <stdint.h>

#include "date.h"
#include "rule_catalogue.h"

#define EXCH_NAMESPACE "urn:fundtrack:exchange:1"
#define EXCH_VERSION "1.1"     /* the version written by default */
#define EXCH_VERSION_1_0 "1.0" /* the first version, still read and written */

/* ---- diagnostics ------------------------------------------------------ */

/* A note says what the reader did without a doubt about the figures
 * (e.g. an extension it skipped); it counts as neither error nor warning. */
enum exch_severity { EXCH_ERROR, EXCH_WARNING, EXCH_NOTE };

/* One finding about a file. The strings are valid during the callback. */
struct exch_diag {
	const char *file;
	long line;           /* 0: about the file as a whole */
	enum exch_severity severity;
	const char *rule;    /* "XML", "XSD", "FT-PERIOD", ... (see the XSD) */
	const char *element; /* the element it is about, "" when none */
	const char *value;   /* the offending value, NULL when none */
	const char *message; /* one line naming the element and the value */
};

/* Collects the findings about one file: counts them and hands each to
 * emit (when not NULL). */
struct exch_diags {
	const char *file;
	long errors;
	long warnings;
	void (*emit)(void *arg, const struct exch_diag *d);
	void *arg;
};

/* Counts a finding and emits it; fmt makes the message. */
void exch_report(struct exch_diags *d, long line, enum exch_severity severity,
		 const char *rule, const char *element, const char *value, const char *fmt, ...)
	__attribute__((format(printf, 7, 8)));

/* The same for a rule of the catalogue (rule_catalogue.h): its ID and
 * severity come from there. */
void exch_report_rule(struct exch_diags *d, long line, enum rule_index rule,
		      const char *element, const char *value, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

/* ---- records ---------------------------------------------------------- */

enum exch_kind {
	EXCH_HEADER,     /* the root element: version, generated */
	EXCH_CITY,
	EXCH_DISTRICT,
	EXCH_FUNDER,
	EXCH_PROGRAMME,
	EXCH_PROJECT,
	EXCH_GRANT,      /* a grant's own fields, before its allocations and bookings */
	EXCH_ALLOCATION, /* of the grant last opened */
	EXCH_BOOKING,    /* of the grant last opened */
	EXCH_GRANT_END,  /* after the last allocation and booking of a grant */
	EXCH_DELIVERY,   /* 1.1: the delivery metadata, before the city */
	EXCH_INDICATOR,  /* 1.1: one figure of the indicators, after the grants */
	EXCH_PLAN_LINE,  /* 1.1 financing-plan: a cost line of the project last sent */
	EXCH_COVER,      /* 1.1 financing-plan: a means of cover of that project */
	EXCH_PROJECT_BOOKING, /* 1.1 project-bookings: an expenditure booked on it */
	EXCH_END         /* the end of the document was reached */
};

/* Singular names of the record kinds ("city", "district", ...), for
 * messages and the import summary; NULL for HEADER, GRANT_END and END. */
const char *exch_kind_name(enum exch_kind kind);

/* Absent optional text is NULL; absent numbers are flagged. Amounts in
 * cents, rates in basis points, dates ISO. */
struct exch_header {
	const char *version;           /* "1.0", "1.1", or a later 1.x read as 1.1 */
	int minor;                     /* 0 for 1.0, 1 for 1.1 and later */
	const char *requires;          /* the features the file requires, NULL = none */
	const char *generated;         /* as written, e.g. 2026-11-24T09:30:00Z */
	char generated_date[DATE_BUF]; /* its date part */
};

struct exch_city {
	const char *ags;
	const char *name;
	int64_t population; /* 0 = unknown */
	const char *population_date; /* 1.1, ISO or NULL */
};

/* 1.1: the delivery element (absent from 1.0 files). */
struct exch_delivery {
	const char *cutoff;   /* ISO */
	int64_t sequence;
	const char *software; /* NULL = not given */
	const char *contact_name, *contact_email, *contact_phone;
	const char *forwarded_ags, *forwarded_name, *forwarded_at; /* NULL = not forwarded */
};

/* 1.1: participants reached in a year and field. */
struct exch_indicator {
	int year;
	const char *field;
	int64_t participants;
};

struct exch_district {
	const char *code;
	const char *name;
	int action_area;
};

struct exch_funder {
	const char *code;
	const char *name;
	const char *level;
};

struct exch_programme {
	const char *code;
	const char *name;
	const char *funder;
	const char *fund;
	int rate_bp; /* -1 = none */
	const char *financing;
	int drawdown_days;
	int proof_months;
};

struct exch_project {
	const char *code;
	const char *title;
	const char *field;
	const char *district;    /* code or NULL */
	const char *predecessor; /* code or NULL */
	const char *carrier;
	const char *target_group;
	const char *start; /* ISO or NULL */
	const char *end;
	int64_t costs;
	int has_costs;
};

struct exch_grant {
	const char *ref;
	const char *project;
	const char *programme;
	const char *status;
	const char *financing;
	int rate_bp; /* -1 = none */
	const char *start;
	const char *end;
	const char *applied; /* NULL = none */
	const char *decided;
	int64_t approved;
	int64_t eligible;
	int has_eligible;
	const char *note;
};

struct exch_allocation {
	int year;
	int64_t amount;
};

struct exch_booking {
	int64_t id;
	int64_t reverses; /* 0 = not a reversal */
	const char *date;
	const char *kind;
	int64_t amount;
	const char *reference;
	const char *note;
};

/* 1.1, feature financing-plan: a cost line of project (its code). */
struct exch_plan_line {
	const char *project;
	const char *position;
	const char *label;
	int64_t amount;
};

/* 1.1, feature financing-plan: own, third-party or city money of project. */
struct exch_cover {
	const char *project;
	const char *kind;
	const char *label; /* NULL = none */
	int64_t amount;
};

/* 1.1, feature project-bookings: an expenditure booked once on project,
 * allocated to its grants by the importer (finplan.h). */
struct exch_project_booking {
	const char *project;
	int64_t id;
	int64_t reverses; /* 0 = not a reversal */
	const char *date;
	const char *service_date; /* NULL = none */
	const char *kind;
	const char *line;         /* position of a plan line, NULL = none */
	int64_t amount;
	const char *reference;
	const char *note;
};

struct exch_record {
	enum exch_kind kind;
	long line; /* where the record's element starts */
	int bad;   /* a value could not be read (the schema says why): only the
		    * identifier (code, ref) may be used, when not NULL */
	union {
		struct exch_header header;
		struct exch_city city;
		struct exch_district district;
		struct exch_funder funder;
		struct exch_programme programme;
		struct exch_project project;
		struct exch_grant grant;
		struct exch_allocation allocation;
		struct exch_booking booking;
		struct exch_delivery delivery;
		struct exch_indicator indicator;
		struct exch_plan_line plan_line;
		struct exch_cover cover;
		struct exch_project_booking project_booking;
	} u;
};

struct ft_error;

/* Receives the records of a file in document order, bad ones included
 * (their identifiers keep the rules from reporting false dangling
 * references); the allocations and bookings of a bad grant are left out.
 * Returns 0, or -1 with err to stop reading (e.g. a database failure). */
struct exch_sink {
	int (*record)(void *arg, const struct exch_record *rec, struct ft_error *err);
	void *arg;
};

#endif
