#include "base_rates.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "vec.h"

int base_rates_load(struct store *st, struct base_rate **out, size_t *n, struct ft_error *err)
{
	struct db_stmt *stmt;
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (store_prepare(st, "SELECT valid_from, rate_bp FROM base_rate ORDER BY valid_from",
			  &stmt, err))
		return -1;
	while ((rc = db_step(stmt)) == DB_ROW) {
		struct base_rate *r = VEC_PUSH(*out, *n, cap);
		const char *from = (const char *)db_column_text(stmt, 0);

		if (!r) {
			db_finalize(stmt);
			free(*out);
			*out = NULL;
			*n = 0;
			return ft_fail(err, "out of memory");
		}
		memset(r, 0, sizeof(*r));
		if (from)
			strncpy(r->from, from, DATE_BUF - 1);
		r->bp = db_column_int(stmt, 1);
	}
	db_finalize(stmt);
	if (rc != DB_DONE) {
		free(*out);
		*out = NULL;
		*n = 0;
		return store_fail(st, err, "cannot read the base rates");
	}
	return 0;
}

struct new_rate {
	const char *iso, *source;
	int bp;
};

static int insert_rate(struct store *st, void *arg, struct ft_error *err)
{
	const struct new_rate *r = arg;
	int64_t id;
	int found = store_lookup_id(st, "SELECT rowid FROM base_rate WHERE valid_from = ?1", r->iso,
				    0, &id, err);

	if (found < 0)
		return -1;
	if (found)
		return ft_fail(err, "a base rate from '%s' is already recorded "
				    "('fundtrack base-rate list')", r->iso);
	return store_run(st, "INSERT INTO base_rate (valid_from, rate_bp, source) VALUES (?1, ?2, ?3)",
			 "cannot record the base rate", err, "tnt", r->iso, r->bp, r->source);
}

int base_rates_add(struct store *st, const char *iso, int bp, const char *source, int force,
		   struct ft_error *err)
{
	struct new_rate r = { iso, source && *source ? source : "entered by hand", bp };
	char de[DATE_BUF];

	/* § 247 Abs. 1 Satz 2 BGB: "zum 1. Januar und 1. Juli eines jeden Jahres" */
	date_format_de(iso, de);
	if (!force && strcmp(iso + 4, "-01-01") != 0 && strcmp(iso + 4, "-07-01") != 0)
		return ft_fail(err, "the base rate changes only on 1 January and 1 July "
				    "(§ 247 Abs. 1 BGB), not on %s (--force to record it all the same)",
			       de);
	if (bp < -10000 || bp > 10000)
		return ft_fail(err, "base rate of %d basis points is out of range", bp);
	return store_write(st, insert_rate, &r, err);
}

int base_rates_old_setting(struct store *st, int *bp, struct ft_error *err)
{
	char value[32], *end;
	long parsed;
	int found = store_setting_get(st, "base-rate-bp", value, sizeof(value), err);

	*bp = 0;
	if (found <= 0)
		return found;
	errno = 0;
	parsed = strtol(value, &end, 10);
	if (errno || end == value || *end || parsed < -10000 || parsed > 10000)
		return 0; /* unreadable and unused: nothing to report from it */
	*bp = (int)parsed;
	return 1;
}
