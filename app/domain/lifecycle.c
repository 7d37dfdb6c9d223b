#include "lifecycle.h"

#include <stdio.h>
#include <string.h>

#include "db.h"
#include "ledger.h"
#include "money.h"
#include "text.h"
#include "msg_lang.h"

static int check_decided(const char *ref, const struct grant_record *g, const char *what,
			 struct ft_error *err)
{
	if (!ledger_status_counts(g->status))
		return ft_fail(err, "grant '%s' is '%s': %s belong to a decision (approved grants)",
			       ref, word_enum_say(&ledger_any_status_enum, g->status), what);
	return 0;
}

static int check_free_text(const char *what, const char *text, enum text_kind kind,
			   struct ft_error *err)
{
	char why[TEXT_PROBLEM_MAX];
	const char *problem;

	if (!text)
		return 0;
	if ((problem = text_problem(text, kind, why)) != NULL)
		return ft_fail(err, "%s %s", what, problem);
	return 0;
}

/* ---- conditions ---------------------------------------------------------- */

struct condition_job {
	const struct condition_input *in;
	int64_t id;
};

static int insert_condition(struct store *st, void *arg, struct ft_error *err)
{
	struct condition_job *job = arg;
	struct grant_record g;

	if (ledger_read_grant(st, job->in->grant_ref, &g, err) ||
	    check_decided(job->in->grant_ref, &g, "conditions", err))
		return -1;
	if (store_run(st,
		      "INSERT INTO grant_condition (grant_id, text, due_date, note) "
		      "VALUES (?1, ?2, ?3, ?4)",
		      "cannot record the condition", err, "ittt", g.id, job->in->text, job->in->due,
		      job->in->note))
		return -1;
	job->id = db_last_insert_rowid(store_db(st));
	return 0;
}

int condition_add(struct store *st, const struct condition_input *in, int64_t *id_out,
		  struct ft_error *err)
{
	struct condition_job job = { in, 0 };

	if (!in->text || strspn(in->text, " \t\r\n") == strlen(in->text))
		return ft_fail(err, "the condition's text must not be empty");
	if (check_free_text("condition text", in->text, TEXT_NAME, err) ||
	    check_free_text("condition note", in->note, TEXT_NAME, err))
		return -1;
	if (!date_is_valid_iso(in->due))
		return ft_fail(err, "invalid due date '%s'", in->due);
	if (store_write(st, insert_condition, &job, err))
		return -1;
	*id_out = job.id;
	return 0;
}

struct done_job {
	const char *ref;
	int64_t id;
	const char *date;
};

static int mark_condition_done(struct store *st, void *arg, struct ft_error *err)
{
	const struct done_job *job = arg;
	struct grant_record g;
	struct db_stmt *stmt;
	char done[DATE_BUF] = "";
	int rc;

	if (ledger_read_grant(st, job->ref, &g, err))
		return -1;
	if (store_prepare(st,
			  "SELECT coalesce(done_date, '') FROM grant_condition "
			  "WHERE id = ?1 AND grant_id = ?2",
			  &stmt, err))
		return -1;
	db_bind_int64(stmt, 1, job->id);
	db_bind_int64(stmt, 2, g.id);
	rc = db_step(stmt);
	if (rc == DB_ROW)
		snprintf(done, sizeof(done), "%s", (const char *)db_column_text(stmt, 0));
	db_finalize(stmt);
	if (rc == DB_DONE)
		return ft_fail(err, "grant '%s' has no condition %lld (see 'fundtrack grant "
				    "condition list %s')",
			       job->ref, (long long)job->id, job->ref);
	if (rc != DB_ROW)
		return store_fail(st, err, "cannot read the condition");
	if (done[0]) {
		char when[DATE_BUF];

		date_format_de(done, when);
		return ft_fail(err, "condition %lld of grant '%s' is already met (%s)",
			       (long long)job->id, job->ref, when);
	}
	return store_run(st, "UPDATE grant_condition SET done_date = ?1 WHERE id = ?2",
			 "cannot record the condition as met", err, "ti", job->date, job->id);
}

int condition_done(struct store *st, const char *grant_ref, int64_t id, const char *date,
		   struct ft_error *err)
{
	struct done_job job = { grant_ref, id, date };

	if (!date_is_valid_iso(date))
		return ft_fail(err, "invalid date '%s'", date);
	return store_write(st, mark_condition_done, &job, err);
}

/* ---- amendments ---------------------------------------------------------- */

/* What the amendment really changes: *changes counts the values that
 * differ from the recorded ones. */
struct amendment_change {
	int approved, to, rate;
};

static int amendment_changes(const struct amendment_input *in, const struct grant_record *g,
			     struct amendment_change *c)
{
	c->approved = in->approved >= 0 && in->approved != g->approved;
	c->to = in->to && strcmp(in->to, g->to) != 0;
	c->rate = (in->clear_rate && g->rate_bp >= 0) ||
		  (in->rate_bp >= 0 && in->rate_bp != g->rate_bp);
	return c->approved + c->to + c->rate;
}

static int check_amendment(const struct amendment_input *in, const struct grant_record *g,
			   const struct amendment_change *c, struct ft_error *err)
{
	char when[DATE_BUF], decided[DATE_BUF];

	if (check_decided(in->grant_ref, g, "amendments", err))
		return -1;
	if (g->decided[0] && strcmp(in->date, g->decided) < 0) {
		date_format_de(in->date, when);
		date_format_de(g->decided, decided);
		return ft_fail(err, "amendment '%s' of %s is dated before the decision of grant '%s' "
				    "(%s)", in->reference, when, in->grant_ref, decided);
	}
	if (!c->approved && !c->to && !c->rate)
		return ft_fail(err, "amendment '%s' changes nothing: grant '%s' already has these "
				    "values", in->reference, in->grant_ref);
	return 0;
}

static int reference_recorded(struct store *st, const struct amendment_input *in,
			      int64_t grant_id, struct ft_error *err)
{
	struct db_stmt *stmt;
	int rc;

	if (store_prepare(st,
			  "SELECT 1 FROM grant_amendment WHERE grant_id = ?1 AND reference = ?2",
			  &stmt, err))
		return -1;
	db_bind_int64(stmt, 1, grant_id);
	store_bind_text(stmt, 2, in->reference);
	rc = db_step(stmt);
	db_finalize(stmt);
	if (rc == DB_ROW)
		return ft_fail(err, "amendment '%s' of grant '%s' is already recorded",
			       in->reference, in->grant_ref);
	return rc == DB_DONE ? 0 : store_fail(st, err, "cannot read amendments");
}

static int insert_amendment(struct store *st, const struct amendment_input *in,
			    const struct grant_record *g, const struct amendment_change *c,
			    struct ft_error *err)
{
	int new_rate = in->clear_rate ? -1 : in->rate_bp;

	/* 'o' binds NULL for a negative value: unchanged values stay NULL. */
	return store_run(st,
			 "INSERT INTO grant_amendment (grant_id, reference, decided_date,"
			 " old_approved, new_approved, old_period_to, new_period_to, rate_changed,"
			 " old_rate_bp, new_rate_bp, note) "
			 "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
			 "cannot record the amendment", err, "itt" "oo" "tt" "n" "oo" "t", g->id,
			 in->reference, in->date, c->approved ? g->approved : -1,
			 c->approved ? in->approved : -1, c->to ? g->to : NULL,
			 c->to ? in->to : NULL, c->rate, (int64_t)(c->rate ? g->rate_bp : -1),
			 (int64_t)(c->rate ? new_rate : -1), in->note);
}

static int amend_grant(struct store *st, void *arg, struct ft_error *err)
{
	const struct amendment_input *in = arg;
	struct grant_input edit = { 0 };
	struct amendment_change c;
	struct grant_record g;

	if (ledger_read_grant(st, in->grant_ref, &g, err))
		return -1;
	amendment_changes(in, &g, &c);
	if (check_amendment(in, &g, &c, err) || reference_recorded(st, in, g.id, err) ||
	    insert_amendment(st, in, &g, &c, err))
		return -1;
	/* The grant's current values: the same change as 'grant edit' (its
	 * checks of the period included), inside this transaction. */
	edit.ref = in->grant_ref;
	edit.approved = c.approved ? in->approved : -1;
	edit.eligible = -1;
	edit.to = c.to ? in->to : NULL;
	edit.rate_bp = c.rate && !in->clear_rate ? in->rate_bp : -1;
	edit.clear_rate = c.rate && in->clear_rate;
	return ledger_edit_grant(st, &edit, err);
}

int grant_amend(struct store *st, const struct amendment_input *in, struct ft_error *err)
{
	if (!in->reference || strspn(in->reference, " \t") == strlen(in->reference))
		return ft_fail(err, "the amendment's reference must not be empty");
	if (check_free_text("amendment reference", in->reference, TEXT_REF, err) ||
	    check_free_text("amendment note", in->note, TEXT_NAME, err))
		return -1;
	if (!date_is_valid_iso(in->date))
		return ft_fail(err, "invalid amendment date '%s'", in->date);
	if (in->to && !date_is_valid_iso(in->to))
		return ft_fail(err, "invalid end of the approval period '%s'", in->to);
	if (in->rate_bp > 10000)
		return ft_fail(err, "invalid rate: 0 to 100 %% expected");
	if (in->approved >= 0 && !money_in_domain(in->approved))
		return ft_fail(err, "amount beyond the limit of %s", MONEY_DOMAIN_MAX_TEXT);
	return store_write(st, amend_grant, (void *)in, err);
}

/* ---- the status the dates suggest ----------------------------------------- */

const char *lifecycle_suggest_status(const struct gs_grant *g, const char *as_of, char *why,
				     size_t size)
{
	char day[DATE_BUF];

	if (strcmp(g->status, "approved") == 0 && strcmp(as_of, g->from) >= 0) {
		date_format_de(g->from, day);
		snprintf(why, size, tr("the approval period started on %s"), day);
		return "running";
	}
	if (strcmp(g->status, "running") == 0 && strcmp(as_of, g->to) > 0) {
		date_format_de(g->to, day);
		snprintf(why, size, tr("the approval period ended on %s"), day);
		return "proof-due";
	}
	if (strcmp(g->status, "proof-due") == 0) {
		for (size_t i = 0; i < g->nproofs; i++)
			if (g->proofs[i].final) {
				date_format_de(g->proofs[i].date, day);
				snprintf(why, size, tr("the final proof of use was submitted on %s"), day);
				return "closed";
			}
	}
	return NULL;
}
