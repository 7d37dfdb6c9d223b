/* exchange_rules.h - the business rules of the exchange format that the
 * XSD cannot express (rule IDs and severities as documented in the XSD),
 * and exchange_validate(), which runs every layer over a file.
 *
 * The rules see the records as the reader streams them and keep only
 * compact state: per project its code and predecessor (for the chain
 * check at the end), per open grant its period and sums, and per booking
 * of the open grant its id, kind and amount (for reversals). No database
 * is needed, so 'validate' runs every layer anywhere.
 */
#ifndef FT_EXCHANGE_RULES_H
#define FT_EXCHANGE_RULES_H

#include "error.h"
#include "exchange.h"
#include "exchange_reader.h"

enum { EXCH_RECORD_KINDS = EXCH_END + 1 };

/* What a file holds, as far as it was read. */
struct exch_summary {
	char ags[16];
	char city[128];
	char generated[40];
	long records[EXCH_RECORD_KINDS]; /* per enum exch_kind */
};

struct exch_rules;

/* A checker for one file: findings go to diags, the summary to summary,
 * and every record is passed on to next (may be NULL) after its checks.
 * NULL when out of memory. */
struct exch_rules *exch_rules_new(struct exch_diags *diags, const struct exch_sink *next,
				  struct exch_summary *summary);
void exch_rules_free(struct exch_rules *rules);

/* The record function of the sink to hand the reader (arg: the rules). */
int exch_rules_record(void *rules, const struct exch_record *rec, struct ft_error *err);

/* 1 once the end of the document has been checked. */
int exch_rules_finished(const struct exch_rules *rules);

struct exch_validation {
	int valid; /* every layer ran over the whole file and found no error */
	struct exch_read_result read;
	struct exch_summary summary;
};

/* Checks path in one pass: file, XML, schema and business rules; records
 * are passed on to next (may be NULL; e.g. the importer). Findings go to
 * diags; with checksum, out->read gets the file's SHA-256. Returns 0 when
 * the file was checked (out->valid says how it went), -1 with err when
 * next failed or on an internal error. */
int exchange_validate(const char *path, struct exch_diags *diags, const struct exch_sink *next,
		      int checksum, struct exch_validation *out, struct ft_error *err);

#endif
