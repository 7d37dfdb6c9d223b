/* libFuzzer harness: the exchange import path (XML, schema, business rules
 * and the database writes) on any bytes, into an in-memory database, as a
 * dry run (every write happens, then rolls back, so each input starts from
 * the same state). Properties checked: no crash, leak or sanitizer report;
 * the database holds the same rows afterwards; a file the import accepts
 * is one validate accepts.
 * Seeds: tests/data/exchange/ (see tests/fuzz/corpus/exchange). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db.h"

#include "exchange_import.h"
#include "exchange_rules.h"
#include "store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct store *open_memory_store(void)
{
	struct store *st;
	struct ft_error err;

	if (store_open_as(&st, ":memory:", STORE_CREATE, STORE_JOURNAL_DELETE, "fuzz", "fuzz",
			  &err) != 0) {
		fprintf(stderr, "fuzz_exchange: %s\n", err.msg);
		abort();
	}
	return st;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct store *st;
	static char path[64];
	struct exch_import_options opts = { .dry_run = 1, .as_own = size > 0 && (data[0] & 1) };
	struct exch_diags diags = { 0 }, diags2 = { 0 };
	struct exch_import_result res;
	struct exch_validation val;
	struct ft_error err;
	FILE *f;

	if (!st)
		st = open_memory_store();
	if (!path[0])
		snprintf(path, sizeof path, "/tmp/fuzz_exchange_%ld.xml", (long)getpid());
	f = fopen(path, "wb");
	if (!f)
		abort();
	if (size && fwrite(data, 1, size, f) != size)
		abort();
	if (fclose(f) != 0)
		abort();

	diags.file = path;
	int rc = exchange_import(st, path, &opts, &diags, &res, &err);
	/* a dry run rolls back: nothing may stay */
	struct db_stmt *q;
	if (db_prepare(store_db(st), "SELECT (SELECT count(*) FROM city) + "
			       "(SELECT count(*) FROM booking) + (SELECT count(*) FROM audit_log)", &q) != DB_OK || db_step(q) != DB_ROW)
		abort();
	int64_t rows = db_column_int64(q, 0);
	db_finalize(q);
	static int64_t rows_at_start = -1;
	if (rows_at_start < 0)
		rows_at_start = rows;
	if (rows != rows_at_start)
		abort();

	diags2.file = path;
	if (rc == 0 && (exchange_validate(path, &diags2, NULL, 0, &val, &err) != 0 || !val.valid))
		abort();
	return 0;
}
