/* report.h - the PDF reports.
 *
 *   status   the own city: key figures against the year before, funding per
 *            year by level, by field, every project's financing, the
 *            deadlines of the next 90 days, the rule check's findings and
 *            a timeline of the project chains;
 *   network  every city in the database (own and imported) compared, for
 *            the working group of the Deutscher Städtetag;
 *   project  one project: master data, financing plan, bookings, chain.
 *
 * Every figure comes from the core (figures.h, checks.h, deadlines.h), the
 * same functions as 'budget', 'plan', 'chains', 'check' and 'deadlines';
 * the reports only lay them out. All data is read in one read
 * transaction, so a report is one consistent snapshot.
 */
#ifndef FT_REPORT_H
#define FT_REPORT_H

#include "date.h"
#include "error.h"
#include "lang.h"
#include "store.h"

struct report_options {
	enum report_lang lang;
	const char *font;     /* --font DIR or FILE; NULL: the system's DejaVu Sans */
	int year;             /* 0: status: the year of as_of; network: all years */
	char as_of[DATE_BUF]; /* "": today */
};

struct report_info {
	int pages;
};

int report_status(struct store *st, const struct report_options *o, const char *path,
		  struct report_info *info, struct ft_error *err);
int report_network(struct store *st, const struct report_options *o, const char *path,
		   struct report_info *info, struct ft_error *err);
int report_project(struct store *st, const char *code, const struct report_options *o,
		   const char *path, struct report_info *info, struct ft_error *err);

#endif
