/* exchange_write.h - writes the complete data of one city as an exchange
 * file: format 1.1 (xsd/fundtrack-exchange-1.1.xsd) by default, 1.0 for
 * partners that have not upgraded (what 1.0 cannot carry is named).
 *
 * The delivery of the own city gets a cut-off date and a sequence number
 * (given, or by default the date of 'generated' and the number of the
 * newest audit entry). A partner city's data passed on keeps the partner's
 * generated time, cut-off and sequence number, names the own city in
 * delivery/forwarded-by, and is written by default in the version of the
 * partner's delivery.
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
#include "sha256.h"
#include "store.h"

enum { EXCH_TIMESTAMP_BUF = 32 };

/* The value of 'generated': SOURCE_DATE_EPOCH (whole seconds since 1970)
 * when set, else the current time; UTC, "2026-11-24T09:30:00Z". */
int exchange_timestamp(char out[EXCH_TIMESTAMP_BUF], struct ft_error *err);

struct exch_export_options {
	const char *ags;       /* NULL: the own city */
	const char *generated; /* the time of writing (exchange_timestamp) */
	const char *version;   /* "1.1", "1.0"; NULL: 1.1, a partner's its delivery's */
	const char *cutoff;    /* own city: ISO date; NULL: the date of generated */
	int64_t sequence;      /* own city: 0 = the newest audit entry's number */
	const char *contact;   /* own city: NULL = the city's name */
	char dropped[400];     /* out: what format 1.0 could not carry, "" = nothing */
	char unsplit[400];     /* out (1.1): projects whose recorded split a reader
				* would not reproduce (finplan_split_reproducible) */
};

/* Writes the city o->ags as o says; summary as below. */
int exchange_export_as(struct store *st, struct exch_export_options *o, FILE *out,
		       struct exch_summary *summary, struct ft_error *err);
int exchange_export_file_as(struct store *st, struct exch_export_options *o, const char *path,
			    struct exch_summary *summary, struct ft_error *err);

/* The SHA-256 of the rows of the city ags in a canonical order: the city's
 * data written as a 1.1 document with a fixed header and no delivery
 * metadata. Recorded at import, recomputed by 'audit verify'; reads inside
 * the caller's transaction when there is one. */
int exchange_rows_digest(struct store *st, const char *ags, char hex[SHA256_HEX],
			 struct ft_error *err);

/* The same digest made from a file's records while the file is read, on
 * the reader's thread (issue 19: read back after writing, the digest was
 * a third of the writing of an import). new starts it; record takes each
 * record of the file in order; finish reads the indicators from the
 * database (inside the caller's transaction) and ends it.
 * It equals exchange_rows_digest only where the city's rows are exactly
 * the file's: the caller uses it only for a partner city new to the
 * database, and it gives up (finish returns 1: read the rows back) when a
 * record is out of the export's order (codes and references rising,
 * allocations by year before bookings, bookings in the order of
 * bookings_sql), is bad or cannot be exported, or belongs to a financing
 * plan or project bookings. finish: 0 with hex, 1, or -1 with err. */
struct exch_rows_hash;
struct exch_rows_hash *exchange_rows_hash_new(void); /* NULL: out of memory */
void exchange_rows_hash_record(struct exch_rows_hash *h, const struct exch_record *rec);
int exchange_rows_hash_finish(struct exch_rows_hash *h, struct store *st, const char *ags,
			      char hex[SHA256_HEX], struct ft_error *err);
void exchange_rows_hash_free(struct exch_rows_hash *h); /* NULL is fine */

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
