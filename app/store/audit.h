/* audit.h - the audit log (schema/003_audit.sql, audit_chain.h): one entry
 * per imported file, checking the chain and the data against it, and the
 * history of records.
 */
#ifndef FT_AUDIT_H
#define FT_AUDIT_H

#include <stddef.h>
#include <stdint.h>

#include "audit_anchor.h"
#include "error.h"
#include "output.h"
#include "sha256.h"
#include "store.h"

/* One figure of an imported file, e.g. { "bookings", 1000000 }. */
struct audit_count {
	const char *name; /* a-z, 0-9 and '_' */
	int64_t value;
};

/* Appends ONE entry for an imported file: action "import", table
 * "import", record ags, new = {"file": file, "sha256": checksum,
 * "counts": {name: value, ...}}. The row triggers skip the rows of other
 * cities, so an exchange import is logged by this entry alone; rows of the
 * own city (a CSV import) are logged each by the triggers as well.
 * ags NULL means the own city. Call it inside the import's transaction
 * (a store_write fn: it nests as a savepoint), after the rows are written,
 * so that the data and its entry commit or roll back together:
 *
 *     struct audit_count counts[] = { { "projects", np }, { "grants", ng },
 *                                     { "bookings", nb } };
 *     if (audit_record_import(st, "05111000", path, sha256_hex_of_file,
 *                             counts, 3, err))
 *             return -1;  (the whole import rolls back)
 */
int audit_record_import(struct store *st, const char *ags, const char *file,
			const char *checksum, const struct audit_count *counts, size_t ncounts,
			struct ft_error *err);

enum { AUDIT_MAX_PROBLEMS = 20 };

struct audit_report {
	int64_t entries;	     /* entries in the log */
	int64_t records;	     /* audited records compared with their last entry */
	int64_t last_id;	     /* the newest entry, 0 when the log is empty */
	char last_hash[SHA256_HEX]; /* its hash: note it down as an anchor */
	int64_t broken_at;	     /* the first entry where the chain breaks, or 0 */
	char *problems[AUDIT_MAX_PROBLEMS]; /* in plain words, chain first */
	size_t nproblems;
	size_t more; /* problems beyond AUDIT_MAX_PROBLEMS */
};

/* Checks, and reports every finding in out (nproblems == 0: all is well):
 *  - the chain: entry ids 1, 2, 3 ... without gaps, each entry's previous
 *    hash equals the hash of the entry before, each hash matches the
 *    entry's contents; the first break is reported with its entry id
 *    (changed, deleted, or inserted/reordered);
 *  - the anchor (may be NULL; read and MAC-checked by audit_anchor.h):
 *    made for this database's city, and its entry still exists and carries
 *    its hash, which proves every entry up to it unchanged (finds a log
 *    that was cut back or rewritten since the anchor);
 *  - the audit triggers and views are all there, exactly as the migrations
 *    created them;
 *  - every audited record equals its last logged state, and no logged
 *    record vanished without a "delete" entry (finds data changed with the
 *    triggers removed, and entries removed from the end of the log).
 * Returns 0 when the checks ran, -1 with err when the log could not be
 * read. Release out with audit_report_release. */
int audit_verify(struct store *st, const struct audit_anchor *anchor, struct audit_report *out,
		 struct ft_error *err);

/* The anchor for the log r (a report of audit_verify without findings):
 * own city, newest entry and its hash, created now. An empty log or one
 * with findings cannot be anchored (err says which). */
int audit_anchor_point(struct store *st, const struct audit_report *r, struct audit_anchor *out,
		       struct ft_error *err);
void audit_report_release(struct audit_report *r);

struct audit_filter {
	const char *since;  /* ISO date: entries from that day on (UTC), or NULL */
	const char *record; /* a record key: grant ref, project code, booking id, AGS...;
			       a grant's key also selects its allocations, bookings, proofs */
	const char *table;  /* or NULL */
	const char *user;   /* or NULL */
	int64_t after_id;   /* entries with a larger id only */
};

/* The matching entries, oldest first. for_people: the changes as one
 * readable column ("approved: 80.000,00 € → 85.000,00 €"); otherwise the
 * raw JSON of old and new values and the hashes. *out owns the table. */
int audit_history(struct store *st, const struct audit_filter *f, int for_people,
		  struct out_table **out, struct ft_error *err);

/* Entry id in words, as the history shows it for people (for update:
 * "approved: 80.000,00 € → 85.000,00 €"). Caller frees *out. */
int audit_describe_entry(struct store *st, int64_t id, char **out, struct ft_error *err);

/* The newest entry's id, 0 when the log is empty. */
int audit_last_id(struct store *st, int64_t *out, struct ft_error *err);

#endif
