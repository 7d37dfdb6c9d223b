/* exchange_verify.c - proves that the rows of every imported city are
 * still what its delivery brought: the digest of the rows recorded at
 * import (exchange_import.rows_sha256) against the digest of the rows now
 * (exchange_rows_digest). The audit log proves who changed what; this
 * proves that nothing changed a partner's data outside an import. */
#include "exchange_verify.h"

#include <stdio.h>
#include <string.h>

#include "db.h"
#include "exchange_write.h"

struct verify_job {
	struct exch_rows_check *out;
	void (*emit)(void *arg, const char *message);
	void *arg;
};

static void report_mismatch(struct verify_job *job, struct db_stmt *s, const char *now)
{
	char message[900];
	const char *seq = (const char *)db_column_text(s, 4);

	snprintf(message, sizeof(message),
		 "city %s %s: its rows no longer equal what its delivery brought (%s%s, file "
		 "'%s', imported %s): rows SHA-256 recorded %.16s..., now %.16s... - they were "
		 "changed outside an import",
		 db_column_text(s, 0), db_column_text(s, 1),
		 seq ? "delivery no. " : "the 1.0 delivery generated ",
		 seq ? seq : (const char *)db_column_text(s, 5), db_column_text(s, 2),
		 db_column_text(s, 3), db_column_text(s, 6), now);
	if (job->emit)
		job->emit(job->arg, message);
}

static int verify_all(struct store *st, void *arg, struct ft_error *err)
{
	struct verify_job *job = arg;
	struct db_stmt *s;
	int rc;

	if (store_prepare(st,
			  "SELECT c.ags, c.name, i.file, i.imported_at, i.sequence, i.generated, "
			  "i.rows_sha256 FROM exchange_import i JOIN city c ON c.id = i.city_id "
			  "WHERE c.own = 0 AND i.rows_sha256 IS NOT NULL ORDER BY c.ags",
			  &s, err))
		return -1;
	while ((rc = db_step(s)) == DB_ROW) {
		char now[SHA256_HEX];

		if (exchange_rows_digest(st, (const char *)db_column_text(s, 0), now, err)) {
			db_finalize(s);
			return -1;
		}
		job->out->cities++;
		if (strcmp(now, (const char *)db_column_text(s, 6)) != 0) {
			job->out->mismatches++;
			report_mismatch(job, s, now);
		}
	}
	db_finalize(s);
	return rc == DB_DONE ? 0 : store_fail(st, err, "cannot read the imports");
}

int exchange_verify_deliveries(struct store *st, struct exch_rows_check *out,
			       void (*emit)(void *arg, const char *message), void *arg,
			       struct ft_error *err)
{
	struct verify_job job = { out, emit, arg };

	memset(out, 0, sizeof(*out));
	/* one snapshot for every city */
	return store_read(st, verify_all, &job, err);
}
