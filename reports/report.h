/* report.h - the PDF reports.
 *
 *   status   the own city: key figures against the year before, funding per
 *            year by level, by field, every project's financing, the
 *            deadlines of the next 90 days, the rule check's findings and
 *            a timeline of the project chains;
 *   network  every city in the database (own and imported) compared, for
 *            the working group of the Deutscher Städtetag;
 *   project  one project: master data, financing plan, bookings, chain;
 *   model    the model's chain of projects against sustained financing
 *            (app/MODEL.md): a reading in plain words, totals, capacity and
 *            costs over time, the spread of a Monte Carlo run, the
 *            parameters with their origin, the recorded chain.
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
#include "model.h"
#include "model_chain.h"
#include "model_params.h"
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

/* What the model report shows: a run of the model (model_cli.h makes one)
 * and where its parameters came from. */
struct report_model_input {
	const struct model_setup *setup;
	const struct model_chain *chain;   /* NULL: not calibrated from a chain */
	const struct model_result *result;
	const char *scenario;              /* the scenario file's name, or NULL */
};

/* The model needs no database: st may be NULL (the header then names no
 * city). */
int report_model(struct store *st, const struct report_model_input *in,
		 const struct report_options *o, const char *path, struct report_info *info,
		 struct ft_error *err);

#endif
