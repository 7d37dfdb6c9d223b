/* readmodel.h - the read model: every list and show query of the commands
 * and reports, in one statement table (readmodel.c), so that the commands
 * and reports only format what they get.
 *
 * The meaning of the figures is defined once, not copied: "approved" sums
 * the caps of the grants whose status counts (ledger.h,
 * ledger_status_counts, status_counts in SQL); "drawn" and "spent" sum the
 * drawdown and expenditure bookings of a grant as gs_sum does (a reversed
 * pair left out, it nets to zero). These are the recorded totals, not limited to a day; the
 * figures as of a day come from grantset_load and figures.h.
 *
 * Layer: domain (below the commands and the reports, above the store).
 */
#ifndef FT_READMODEL_H
#define FT_READMODEL_H

#include <stddef.h>
#include <stdint.h>

#include "date.h"
#include "error.h"
#include "output.h"
#include "store.h"

/* The queries. Lists take no parameter unless noted; the others take the
 * code or reference named. The own city's data only, unless noted. */
enum rm_query {
	RM_CITIES,            /* every city with its districts and projects */
	RM_CITY_IMPORTS,      /* every city with its last exchange import */
	RM_DISTRICTS,
	RM_FUNDERS,           /* EU first, then federal, state, municipal */
	RM_PROGRAMMES,
	RM_PROGRAMME,         /* one programme: code */
	RM_PROGRAMME_GRANTS,  /* the grants of a programme: code */
	RM_SETTINGS,
	RM_PROJECTS,
	RM_PROJECT,           /* one project as 'project show' prints it: code */
	RM_GRANTS,
	RM_GRANT,             /* one grant: ref */
	RM_GRANT_ALLOCATIONS, /* its allocations by year: ref */
	RM_GRANT_REF,         /* the reference when the own city has the grant: ref */
	RM_BOOKINGS,          /* by date, then id, with the grant's project; of one grant:
			       * ref, or all: NULL */
	RM_PROOFS,            /* recorded proofs of use */
	RM_BASE_RATES,        /* the base rate history, with the last day of each */
	RM_CONDITIONS,        /* conditions by grant and due day; of one grant: ref, or all: NULL */
	RM_GRANT_CONDITIONS,  /* the conditions of one grant: ref */
	RM_GRANT_AMENDMENTS,  /* the amendments of one grant, oldest first: ref */
	RM_TERMS,             /* the terms sets (Nebenbestimmungen) with their sources */
	RM_IMPORT_BATCHES,    /* CSV import batches: 'people' or 'machine' */
	RM_NQUERIES
};

/* Runs q with its parameters (text, NULL binds NULL) and returns every row
 * as a new table with the columns cols (the caller's names and headers;
 * their number and types must match the query). On success *out owns the
 * table. */
int rm_table(struct store *st, enum rm_query q, const char *const *params, int nparams,
	     const struct out_column *cols, size_t ncols, struct out_table **out,
	     struct ft_error *err);

/* One query of a set run by rm_tables. */
struct rm_request {
	enum rm_query query;
	const struct out_column *cols;
	size_t ncols;
};

/* Runs every request with the same single parameter in one read
 * transaction (store_read), so that a record and its parts come from the
 * same state. On success out[0..n) own their tables; on failure none is
 * left. */
int rm_tables(struct store *st, const struct rm_request *requests, size_t n, const char *param,
	      struct out_table **out, struct ft_error *err);

/* ---- for the reports ------------------------------------------------------------ */

/* The own city's name into buf ("" when there is no own city). */
int rm_own_city_name(struct store *st, char *buf, size_t size, struct ft_error *err);

/* The allocations of fiscal year `year` of the grants that count as of
 * as_of (status_counts, decided by then: as grantset.c counts them), of
 * every city (*all) and of the own city (*own), in cents: the Jahresraten
 * total of 'budget --by city --year', without loading any booking (the
 * network report's page 1). */
int rm_year_allocations(struct store *st, int year, const char *as_of, int64_t *all,
			int64_t *own, struct ft_error *err);

/* A project's master data as recorded; NULL text for a value not set. */
struct rm_project {
	char *code, *title, *field, *district_code, *district, *carrier, *target_group;
	char *start, *end, *predecessor, *successor;
	int64_t costs; /* cents, -1 when not set */
};

/* The own city's project code; err names an unknown code. Release with
 * rm_project_release (also safe after a failure). */
int rm_project_master(struct store *st, const char *code, struct rm_project *out,
		      struct ft_error *err);
void rm_project_release(struct rm_project *p);

/* One booking of a project, by date, then id. */
struct rm_booking {
	char date[DATE_BUF];
	char *ref, *kind, *reference, *note;
	int64_t amount;
	int reversal; /* 1 when it reverses another booking */
};

struct rm_bookings {
	struct rm_booking *rows;
	size_t n;
};

/* Every booking on the grants of the own city's project code. Release
 * with rm_bookings_release (also safe after a failure). */
int rm_project_bookings(struct store *st, const char *code, struct rm_bookings *out,
			struct ft_error *err);
void rm_bookings_release(struct rm_bookings *b);

/* One receipt of a grant's list of receipts (Belegliste): an expenditure
 * booking that is not reversed (a reversed pair is left out: it nets to
 * 0), by date, then id. */
struct rm_receipt {
	char date[DATE_BUF];         /* payment day */
	char service_date[DATE_BUF]; /* the day the expense arose, "" when not recorded */
	char *reference, *note;      /* the voucher, payee or note; NULL when none */
	char *line;                  /* the plan line: NULL (no plan lines yet) */
	int64_t amount;              /* cents */
};

struct rm_receipts {
	struct rm_receipt *rows;
	size_t n;
	int64_t total; /* sum of amount */
};

/* The receipts of the own city's grant ref in one read transaction; err
 * names an unknown grant. Release with rm_receipts_release (also safe
 * after a failure). */
int rm_grant_receipts(struct store *st, const char *ref, struct rm_receipts *out,
		      struct ft_error *err);
void rm_receipts_release(struct rm_receipts *r);

#endif
