/* import_batch.h - what a CSV import added, so that the same file is not
 * imported twice by mistake and a whole import can be undone
 * (schema/012_imports.sql: import_batch, import_batch_row).
 *
 * A batch is one file of one kind (grants, bookings, projects) imported
 * into the own city. Its content is known by the SHA-256 of the file's
 * bytes: the same content for the same kind is "the same import", whatever
 * the file is called. Undoing reverses every booking of the batch (a
 * counter-booking each, as 'book --reverses' writes it) and deletes its
 * grants or projects when nothing refers to them; everything is audited
 * and happens in one transaction.
 */
#ifndef FT_IMPORT_BATCH_H
#define FT_IMPORT_BATCH_H

#include <stddef.h>
#include <stdint.h>

#include "date.h"
#include "error.h"
#include "sha256.h"
#include "store.h"

enum { IMPORT_TEXT_MAX = 256 };

struct import_batch_info {
	int64_t id;
	char kind[16];                /* grants, bookings, projects */
	char file[IMPORT_TEXT_MAX];
	char imported_at[32];         /* UTC, 2026-11-24T09:15:02Z */
	char user[IMPORT_TEXT_MAX];
	int64_t records;
	int rows_known;               /* 0: imported before batches were recorded */
	char undone_at[32];           /* "" while in effect */
	char undone_by[IMPORT_TEXT_MAX];
};

/* The newest batch of kind with content sha256 that is still in effect
 * (not undone): 1 and *out when there is one, 0 when not, -1 with err. */
int import_batch_find_same(struct store *st, const char *kind, const char *sha256,
			   struct import_batch_info *out, struct ft_error *err);

/* "batch 3 of 24.11.2026 09:15 UTC by mueller ('bookings.csv')" */
void import_batch_describe(const struct import_batch_info *b, char *buf, size_t size);

/* One record a batch added. */
struct import_batch_record {
	const char *table; /* "grant", "booking" or "project" */
	int64_t record_id;
	long line;         /* in the file */
};

/* Records the batch and its records (call inside the import's write
 * transaction, after the records are written); *id_out gets its number. */
int import_batch_record(struct store *st, const char *kind, const char *file,
			const char *sha256, const struct import_batch_record *records, size_t n,
			int64_t *id_out, struct ft_error *err);

/* An earlier booking with the same grant, date, kind, amount and reference
 * (NULL equals NULL) that is in effect (neither reversed nor a reversal):
 * 1 with *booking_id and, when it came from an import, *batch_id and *line
 * (else 0); 0 when there is none; -1 with err. */
int import_find_same_booking(struct store *st, const char *grant_ref, const char *date,
			     const char *kind, int64_t amount, const char *reference,
			     int64_t *booking_id, int64_t *batch_id, long *line,
			     struct ft_error *err);

struct import_undo_result {
	char kind[16];
	int64_t reversed;          /* counter-bookings written */
	int64_t already_reversed;  /* bookings reversed before, left alone */
	int64_t deleted;           /* grants or projects removed */
};

/* Undoes batch id in one transaction (see the top of this file). Refused,
 * with nothing changed, when the batch does not exist, was undone before,
 * was imported before batches were recorded, or when one of its grants or
 * projects is referred to by other records (err names it and what refers
 * to it). */
int import_batch_undo(struct store *st, int64_t id, struct import_undo_result *out,
		      struct ft_error *err);

#endif
