/* exchange_write.h - writes the complete data of one city as an exchange
 * file (xsd/fundtrack-exchange-1.0.xsd).
 *
 * Deterministic: records in a fixed order (codes, references, years and
 * booking ids, byte-wise), fixed attribute order and indentation, so the
 * same data always gives the same bytes when the timestamp is the same.
 * Text the format cannot carry (invalid UTF-8, control characters, a name
 * longer than the schema allows) stops the export with a message naming
 * the record, so no export is ever an invalid file.
 */
#ifndef FT_EXCHANGE_WRITE_H
#define FT_EXCHANGE_WRITE_H

#include <stdio.h>

#include "error.h"
#include "exchange_rules.h"
#include "store.h"

enum { EXCH_TIMESTAMP_BUF = 32 };

/* The value of 'generated': SOURCE_DATE_EPOCH (whole seconds since 1970)
 * when set, else the current time; UTC, "2026-11-24T09:30:00Z". */
int exchange_timestamp(char out[EXCH_TIMESTAMP_BUF], struct ft_error *err);

/* Writes the data of the city with AGS ags (NULL: the own city) to out,
 * read in one transaction. summary (may be NULL) gets the city and the
 * number of records per kind. Returns 0, or -1 with err. */
int exchange_export(struct store *st, const char *ags, const char *generated, FILE *out,
		    struct exch_summary *summary, struct ft_error *err);

/* The same into the file path, which appears complete or not at all
 * (written to a temporary file next to it, then renamed). */
int exchange_export_file(struct store *st, const char *ags, const char *generated,
			 const char *path, struct exch_summary *summary, struct ft_error *err);

#endif
