#include "proof.h"

#include <stdio.h>
#include <string.h>

#include "db.h"
#include "date.h"
#include "grantset.h"
#include "ledger.h"

static int check_proof(const struct proof_input *in, const struct grant_record *g,
		       struct ft_error *err)
{
	struct gs_grant view = { 0 };
	char from[DATE_BUF], date[DATE_BUF];
	int first, last;

	if (!ledger_status_counts(g->status))
		return ft_fail(err, "grant '%s' is '%s': proofs of use belong to approved grants",
			       in->grant_ref, word_enum_say(&ledger_any_status_enum, g->status));
	if (strcmp(in->date, g->from) < 0) {
		date_format_de(g->from, from);
		date_format_de(in->date, date);
		return ft_fail(err, "proof date %s is before the approval period of grant '%s' "
				    "starts (%s)", date, in->grant_ref, from);
	}
	if (in->final)
		return 0;
	memcpy(view.from, g->from, DATE_BUF);
	memcpy(view.to, g->to, DATE_BUF);
	if (!gs_interim_years(&view, &first, &last))
		return ft_fail(err, "grant '%s' ends in the year it starts: it needs no interim "
				    "proof, only the final one", in->grant_ref);
	if (in->year < first || in->year > last)
		return ft_fail(err, "invalid interim proof year %d for grant '%s': it runs through "
				    "the years %d to %d", in->year, in->grant_ref, first, last);
	return 0;
}

static int insert_proof(struct store *st, void *arg, struct ft_error *err)
{
	const struct proof_input *in = arg;
	struct grant_record g;
	struct db_stmt *stmt;
	int rc;

	if (ledger_read_grant(st, in->grant_ref, &g, err) || check_proof(in, &g, err))
		return -1;
	if (store_prepare(st,
			  "SELECT submitted_date FROM proof WHERE grant_id = ?1 AND kind = ?2 "
			  "AND coalesce(year, 0) = ?3",
			  &stmt, err))
		return -1;
	db_bind_int64(stmt, 1, g.id);
	store_bind_text(stmt, 2, in->final ? "final" : "interim");
	db_bind_int(stmt, 3, in->final ? 0 : in->year);
	rc = db_step(stmt);
	if (rc == DB_ROW) {
		char when[DATE_BUF];

		date_format_de((const char *)db_column_text(stmt, 0), when);
		db_finalize(stmt);
		if (in->final)
			return ft_fail(err, "the final proof of grant '%s' is already recorded (%s)",
				       in->grant_ref, when);
		return ft_fail(err, "the interim proof %d of grant '%s' is already recorded (%s)",
			       in->year, in->grant_ref, when);
	}
	db_finalize(stmt);
	if (rc != DB_DONE)
		return store_fail(st, err, "cannot read proofs of use");
	if (store_prepare(st,
			  "INSERT INTO proof (grant_id, kind, year, submitted_date, note) "
			  "VALUES (?1, ?2, ?3, ?4, ?5)",
			  &stmt, err))
		return -1;
	db_bind_int64(stmt, 1, g.id);
	store_bind_text(stmt, 2, in->final ? "final" : "interim");
	store_bind_opt_int(stmt, 3, in->year, in->final);
	store_bind_text(stmt, 4, in->date);
	store_bind_text(stmt, 5, in->note);
	rc = store_step_done(st, stmt, "cannot record the proof of use", err);
	db_finalize(stmt);
	return rc;
}

int proof_add(struct store *st, const struct proof_input *in, struct ft_error *err)
{
	if (!date_is_valid_iso(in->date))
		return ft_fail(err, "invalid proof date '%s'", in->date);
	return store_write(st, insert_proof, (void *)in, err);
}
