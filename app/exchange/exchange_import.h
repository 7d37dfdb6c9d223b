/* exchange_import.h - importing a city's exchange file into the database.
 *
 * One file is one transaction. The file is first read and checked
 * completely (every layer of exchange_validate) without any lock, its
 * records kept in a temporary file (exchange_spool.h); only a valid file
 * is then written, in one short write transaction, so other writers wait
 * for the writing only, not for the reading (see README, "busy timeout").
 * A failure while writing rolls back completely, so nothing of a refused
 * file ever stays in the database. A valid file replaces everything held of its
 * city (snapshot): records are matched by their identifiers (codes, grant
 * references, allocation years, booking ids within their grant); a record
 * with the same identifier and other content is changed in place, records
 * missing from the file are removed, unchanged records are not touched,
 * so importing the same file again changes nothing.
 *
 * Deliveries are ordered (issue 16): a city's file is imported only when it
 * is newer than the delivery held of that city - by sequence number and
 * cut-off date for format 1.1, by the generated time when either is a 1.0
 * file. An older delivery, or one with the held one's number but other
 * content, is refused naming both, unless force. A city's AGS is bound to
 * its name: a known AGS under another name needs rename, a new AGS under
 * the name of a city held needs force. After writing, the SHA-256 of the
 * city's rows (exchange_rows_digest) is recorded with the delivery, so
 * that 'audit verify' can prove the rows still are what it brought; for a
 * partner city new to the database it is made from the file's records as
 * the file is read (exchange_rows_hash_new), where they allow it.
 *
 * A project's financing plan and project bookings (format 1.1) are
 * replaced as a whole, and each project booking is split to the project's
 * grants by finplan_allocate (finplan.h), the split of 'fundtrack book
 * PROJECT' (exchange_import_plan.c).
 *
 * The own city is never imported (its data is entered here), except with
 * as_own into a database that has no own city yet: then the file's city
 * becomes the own one, keeping its booking numbers (takeover of data by a
 * fresh installation).
 */
#ifndef FT_EXCHANGE_IMPORT_H
#define FT_EXCHANGE_IMPORT_H

#include "error.h"
#include "exchange.h"
#include "exchange_rules.h"
#include "sha256.h"
#include "store.h"

struct exch_import_options {
	int dry_run; /* check and count, then roll back */
	int as_own;  /* take the file's city over as the own city */
	int force;   /* import an older or conflicting delivery, or a new AGS under a known name */
	int rename;  /* accept a known AGS under a new name */
	/* Called once while the file is being read and checked, before the
	 * database is locked (tests write from another connection here);
	 * may be NULL. */
	void (*while_reading)(void *arg);
	void *while_reading_arg;
};

struct exch_change_counts {
	long added, changed, removed, unchanged;
};

struct exch_import_result {
	struct exch_validation check;
	struct exch_change_counts counts[EXCH_RECORD_KINDS]; /* CITY .. BOOKING */
	char sha256[SHA256_HEX];
	int imported;  /* the transaction committed (never for a dry run) */
	int identical; /* the file was imported before unchanged: nothing written */
	int forced;    /* force or rename overrode a check */
	char delivery[400]; /* the file's delivery, in words */
	char replaced[700]; /* the delivery it replaced, in words; "" when none was held */
};

/* Imports path into st; the findings about the file go to diags. Returns
 * 0 when imported (or when the dry run found the file importable); -1
 * with err otherwise: an invalid file, a refused city or a database
 * failure. Whenever it returns -1, and for every dry run, the database is
 * exactly as before. */
int exchange_import(struct store *st, const char *path, const struct exch_import_options *opts,
		    struct exch_diags *diags, struct exch_import_result *out, struct ft_error *err);

/* The same in two steps, so that the next file can be read and checked
 * (on another thread: no store is touched) while this one is written
 * (issue 19). exchange_import_read never fails but for memory (NULL);
 * exchange_import_write writes what it read, returns as exchange_import
 * and frees a. out and diags must live until then. */
struct exch_import_ahead;
struct exch_import_ahead *exchange_import_read(const char *path,
					      const struct exch_import_options *opts,
					      struct exch_diags *diags,
					      struct exch_import_result *out);
int exchange_import_write(struct store *st, struct exch_import_ahead *a, struct ft_error *err);

#endif
