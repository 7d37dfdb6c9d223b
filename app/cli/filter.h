/* filter.h - the filters every listing takes (issue 15): --year,
 * --from/--to, --status, --severity, --district, --field, --programme,
 * --level, --project and --sort, applied to what a command prints.
 *
 * A filter names a column by its key (the csv header): --status keeps the
 * rows whose "status" is that status; --year/--from/--to keep the rows
 * whose period ("from" to "to" columns: they overlap) or, without a
 * period, whose first date column lies in the range. Words are taken in
 * German or English as everywhere. A listing without the column is an
 * error that names it, never a silent no-op. When rows are left out, a
 * total row sums the kept rows. --sort KEY orders by a column, -KEY
 * descending. Commands with an option of the same name (budget --year,
 * grant add --status) keep their own meaning. */
#ifndef FT_FILTER_H
#define FT_FILTER_H

#include <stddef.h>

#include "date.h"
#include "error.h"
#include "output.h"

enum filter_key {
	FK_STATUS, FK_SEVERITY, FK_DISTRICT, FK_FIELD, FK_PROGRAMME, FK_LEVEL, FK_PROJECT,
	FK_NKEYS
};

struct row_filter {
	const char *equals[FK_NKEYS]; /* the code a column must hold, or NULL */
	char from[DATE_BUF], to[DATE_BUF]; /* the date range, "" = open */
	const char *sort_key;      /* --sort without its "-", or NULL */
	int descending;
	int active;                /* any filter or --sort given */
	const char *first_option;  /* the first one given, for messages */
};

/* The option names, in enum filter_key order, then "--year", "--from",
 * "--to", "--sort" (for cli.c's option table). */
enum filter_option { FO_YEAR = FK_NKEYS, FO_FROM, FO_TO, FO_SORT, FO_NOPTIONS };

/* 1 when "group cmd" (group NULL for a command of its own) prints
 * listings the filters apply to: every "list" and "log" sub-command and
 * the listing commands (bookings, check, deadlines, budget, cities,
 * chains, plan, proof receipts, ...). A new listing command is added in
 * filter.c. */
/* Lets German tables show the German words of the codes in the columns
 * the filters read (status, severity, field, level) and of financing and
 * booking kind (out_set_code_words). */
void filter_show_code_words(void);

int filter_applies_to(const char *group, const char *cmd);

/* 1 when name ("--year") is one of the filter options. */
int filter_is_option(const char *name);

/* The first filter option given ("--year"), for messages. */
const char *filter_given(const struct row_filter *f);

/* Sets option k (enum filter_key or enum filter_option) from value; 0, or
 * -1 with err naming the option and the value. */
int filter_set(struct row_filter *f, int k, const char *value, struct ft_error *err);

/* The sections with every list table filtered and sorted into *out (the
 * caller frees them with filter_free); record sections pass unchanged.
 * -1 with err when no listed table has a filtered column (or out of
 * memory). */
int filter_sections(const struct row_filter *f, const struct out_section *in,
		    size_t n, struct out_section **out, struct ft_error *err);
void filter_free(struct out_section *sections, const struct out_section *in, size_t n);

#endif
