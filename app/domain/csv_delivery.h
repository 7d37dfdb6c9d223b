/* csv_delivery.h - a delivery of the network (an exchange file) from the
 * spreadsheets of a city that does not use fundtrack.
 *
 * The city fills in one CSV file per sheet (csv_sheets[]: city,
 * districts, funders, programmes, projects, grants, allocations,
 * bookings; 'fundtrack template --all DIR' writes them with a consistent
 * example and a README.txt). csv_delivery_build reads them, in that order,
 * into a database in memory through the same import as 'import-csv'
 * (csv_import.h: the same checks, the same FILE:LINE messages), writes
 * the city with the exporter of 'export' (exchange_write.h) and checks the
 * result like 'validate'. No database file is involved.
 */
#ifndef FT_CSV_DELIVERY_H
#define FT_CSV_DELIVERY_H

#include <stddef.h>

#include "csv_import.h"
#include "error.h"
#include "exchange.h"
#include "exchange_rules.h"

struct csv_sheet {
	enum csv_kind kind;
	const char *file; /* name in DIR, e.g. "bescheide.csv" */
	int required;
};

/* In the order they are read (references point backwards). */
extern const struct csv_sheet csv_sheets[];
extern const size_t csv_nsheets;

struct csv_delivery_result {
	/* per sheet read, in csv_sheets order: problems, warnings, records */
	struct csv_import_result sheets[CSV_KINDS];
	int read[CSV_KINDS];   /* 1 when the sheet's file was there */
	struct exch_validation check; /* of the file written */
};

/* Builds the delivery from the sheets in dir into out_path (which appears
 * only when the delivery is valid), generated at generated (see
 * exchange_timestamp); findings of the check go to diags. Returns 0 when
 * out_path was written; -1 with err when a sheet had problems (they are in
 * res->sheets[].problems), the result is invalid (diags has why) or on a
 * failure. Release res with csv_delivery_result_release in every case. */
int csv_delivery_build(const char *dir, const char *out_path, const char *generated,
		       struct exch_diags *diags, struct csv_delivery_result *res,
		       struct ft_error *err);
void csv_delivery_result_release(struct csv_delivery_result *res);

/* Writes every sheet of csv_sheets as a template with the example (German
 * Excel's CSV) and a README.txt into dir, which must exist; refuses to
 * overwrite a file there. *written gets the number of files. */
int csv_templates_write(const char *dir, int *written, struct ft_error *err);

#endif
