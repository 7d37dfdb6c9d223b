#include "ledger_fix.h"

#include <stdio.h>
#include <string.h>

#include "db.h"
#include "date.h"
#include "ledger.h"
#include "msg_lang.h"
#include "text.h"

static int check_new_name(const char *what, const char *name, struct ft_error *err)
{
	char why[TEXT_PROBLEM_MAX];
	const char *problem;

	if (!name)
		return 0;
	if (strspn(name, " \t") == strlen(name))
		return ft_fail(err, "%s must not be empty", what);
	problem = text_problem(name, TEXT_NAME, why);
	return problem ? ft_fail(err, "%s %s", what, problem) : 0;
}

/* ---- city ------------------------------------------------------------- */

static int count_where(struct store *st, const char *sql, int64_t id, int64_t *n,
		       struct ft_error *err)
{
	struct db_stmt *stmt;
	int rc;

	if (store_prepare(st, sql, &stmt, err))
		return -1;
	db_bind_int64(stmt, 1, id);
	rc = db_step(stmt);
	*n = rc == DB_ROW ? db_column_int64(stmt, 0) : 0;
	db_finalize(stmt);
	return rc == DB_ROW ? 0 : store_fail(st, err, "cannot read the database");
}

/* A city becomes the own one only while there is none and it holds no
 * records: the records of another city came from an exchange file and
 * were never audited one by one (schema/003), so making them the own city's
 * would leave them without history. */
static int check_can_become_own(struct store *st, const struct city_edit *in, int64_t city_id,
				struct ft_error *err)
{
	int64_t own_id, n;
	int found = store_lookup_id(st, "SELECT id FROM city WHERE own = 1 AND ?1 IS NOT DISTINCT FROM ?1", "", 0,
				    &own_id, err);

	if (found < 0)
		return -1;
	if (found && own_id == city_id)
		return 0;
	if (found)
		return ft_fail(err, "another city is the own city already; only one city can be "
				    "the own one");
	if (count_where(st,
			"SELECT (SELECT count(*) FROM district WHERE city_id = ?1) +"
			" (SELECT count(*) FROM funder WHERE city_id = ?1) +"
			" (SELECT count(*) FROM project WHERE city_id = ?1)",
			city_id, &n, err))
		return -1;
	if (n > 0)
		return ft_fail(err, "city '%s' holds %lld records from an exchange file: it cannot "
				    "become the own city (record the own city anew with 'fundtrack "
				    "city add AGS NAME --own')",
			       in->ags, (long long)n);
	return 0;
}

static int update_city(struct store *st, void *arg, struct ft_error *err)
{
	const struct city_edit *in = arg;
	int64_t id;
	int found = store_lookup_id(st, "SELECT id FROM city WHERE ags = ?1", in->ags, 0, &id, err);

	if (found < 0)
		return -1;
	if (!found)
		return ft_fail(err, "no city with AGS '%s' (see 'fundtrack city list')", in->ags);
	if (in->own && check_can_become_own(st, in, id, err))
		return -1;
	return store_run(st,
			 "UPDATE city SET name = coalesce(?1, name),"
			 " population = CASE WHEN ?2 < 0 THEN population ELSE ?2 END,"
			 " own = CASE WHEN ?3 <> 0 THEN 1 ELSE own END WHERE id = ?4",
			 "cannot change the city", err, "tini", in->name, in->population,
			 in->own != 0, id);
}

int ledger_edit_city(struct store *st, const struct city_edit *in, struct ft_error *err)
{
	if (check_new_name("city name", in->name, err))
		return -1;
	if (in->population == 0 || in->population < -1)
		return ft_fail(err, "invalid population %lld: must be positive",
			       (long long)in->population);
	return store_write(st, update_city, (void *)in, err);
}

/* ---- district, funder ---------------------------------------------------- */

static int update_district(struct store *st, void *arg, struct ft_error *err)
{
	const struct district_edit *in = arg;
	int64_t id;

	if (ledger_lookup_code(st, "district", in->code, &id, err))
		return -1;
	return store_run(st,
			 "UPDATE district SET name = coalesce(?1, name),"
			 " action_area = CASE WHEN ?2 < 0 THEN action_area ELSE ?2 END WHERE id = ?3",
			 "cannot change the district", err, "tni", in->name, in->action_area, id);
}

int ledger_edit_district(struct store *st, const struct district_edit *in,
			 struct ft_error *err)
{
	if (check_new_name("district name", in->name, err))
		return -1;
	return store_write(st, update_district, (void *)in, err);
}

static int update_funder(struct store *st, void *arg, struct ft_error *err)
{
	const struct funder_edit *in = arg;
	int64_t id;

	if (ledger_lookup_code(st, "funder", in->code, &id, err))
		return -1;
	return store_run(st,
			 "UPDATE funder SET name = coalesce(?1, name), level = coalesce(?2, level) "
			 "WHERE id = ?3",
			 "cannot change the funder", err, "tti", in->name, in->level, id);
}

int ledger_edit_funder(struct store *st, const struct funder_edit *in, struct ft_error *err)
{
	if (check_new_name("funder name", in->name, err) ||
	    (in->level && ledger_check_enum(N_("level"), in->level, ledger_levels, err)))
		return -1;
	return store_write(st, update_funder, (void *)in, err);
}

/* ---- retire ---------------------------------------------------------------- */

struct retire {
	const char *what, *code;
};

static int find_retirable(struct store *st, const struct retire *r, int64_t *id,
			  struct ft_error *err)
{
	int found;

	if (strcmp(r->what, "city") != 0)
		return ledger_lookup_code(st, r->what, r->code, id, err);
	found = store_lookup_id(st, "SELECT id FROM city WHERE ags = ?1 AND own = 0", r->code, 0,
				id, err);
	if (found < 0)
		return -1;
	if (found)
		return 0;
	found = store_lookup_id(st, "SELECT id FROM city WHERE ags = ?1", r->code, 0, id, err);
	if (found > 0)
		return ft_fail(err, "city '%s' is the own city: it cannot be retired", r->code);
	return found < 0 ? -1 : ft_fail(err, "no city with AGS '%s' (see 'fundtrack city list')",
					 r->code);
}

static int insert_retirement(struct store *st, void *arg, struct ft_error *err)
{
	const struct retire *r = arg;
	struct db_stmt *stmt;
	int64_t id;
	int rc;

	if (find_retirable(st, r, &id, err) ||
	    store_prepare(st, "SELECT retired_at FROM retirement WHERE table_name = ?1 AND "
			      "record_id = ?2",
			  &stmt, err))
		return -1;
	store_bind_text(stmt, 1, r->what);
	db_bind_int64(stmt, 2, id);
	rc = db_step(stmt);
	if (rc == DB_ROW) {
		char iso[DATE_BUF], day[DATE_BUF] = "";

		snprintf(iso, sizeof(iso), "%.10s", (const char *)db_column_text(stmt, 0));
		if (date_is_valid_iso(iso))
			date_format_de(iso, day);
		ft_fail(err, "%s '%s' was retired already (on %s)", tr(r->what), r->code, day);
	}
	db_finalize(stmt);
	if (rc != DB_DONE)
		return rc == DB_ROW ? -1 : store_fail(st, err, "cannot read the retirements");
	return store_run(st,
			 "INSERT INTO retirement (table_name, record_id, retired_at) "
			 "VALUES (?1, ?2, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))",
			 "cannot retire", err, "ti", r->what, id);
}

int ledger_retire(struct store *st, const char *what, const char *code, struct ft_error *err)
{
	struct retire r = { what, code };

	if (strcmp(what, "city") != 0 && strcmp(what, "district") != 0 &&
	    strcmp(what, "funder") != 0 && strcmp(what, "programme") != 0)
		return ft_fail(err, "internal error: '%s' cannot be retired", what);
	return store_write(st, insert_retirement, &r, err);
}

/* ---- withdraw ---------------------------------------------------------------- */

struct withdrawal {
	const char *ref, *reason;
};

static int insert_withdrawal(struct store *st, void *arg, struct ft_error *err)
{
	const struct withdrawal *w = arg;
	char status[16] = "";
	struct db_stmt *stmt;
	int64_t id, kinds_with_money;
	int rc;

	if (ledger_lookup_code(st, "grant", w->ref, &id, err) ||
	    store_prepare(st, "SELECT status FROM \"grant\" WHERE id = ?1", &stmt, err))
		return -1;
	db_bind_int64(stmt, 1, id);
	rc = db_step(stmt);
	if (rc == DB_ROW)
		snprintf(status, sizeof(status), "%s", (const char *)db_column_text(stmt, 0));
	db_finalize(stmt);
	if (rc != DB_ROW)
		return store_fail(st, err, "cannot read the grant");
	if (strcmp(status, "withdrawn") == 0)
		return ft_fail(err, "grant '%s' was withdrawn already", w->ref);
	/* money on the grant: a reversed pair nets to zero per kind */
	if (count_where(st,
			"SELECT count(*) FROM (SELECT kind FROM booking WHERE grant_id = ?1 "
			"GROUP BY kind HAVING sum(amount_cents) <> 0) AS k",
			id, &kinds_with_money, err))
		return -1;
	if (kinds_with_money > 0)
		return ft_fail(err, "grant '%s' has bookings that are not reversed: reverse them "
				    "first ('fundtrack book --reverses ID'); a decision that paid "
				    "out and is taken back is revoked ('fundtrack grant status %s "
				    "revoked') and repaid",
			       w->ref, w->ref);
	if (store_run(st,
		      "INSERT INTO grant_withdrawal (grant_id, reason, previous_status, withdrawn_at) "
		      "VALUES (?1, ?2, ?3, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))",
		      "cannot withdraw the grant", err, "itt", id, w->reason, status))
		return -1;
	return store_run(st, "UPDATE \"grant\" SET status = 'withdrawn' WHERE id = ?1",
			 "cannot withdraw the grant", err, "i", id);
}

int ledger_withdraw_grant(struct store *st, const char *ref, const char *reason,
			  struct ft_error *err)
{
	struct withdrawal w = { ref, reason };
	char why[TEXT_PROBLEM_MAX];
	const char *problem;

	if (!reason || strspn(reason, " \t") == strlen(reason))
		return ft_fail(err, "a withdrawal needs a reason (--reason TEXT)");
	if (strlen(reason) > 2000)
		return ft_fail(err, "the reason is too long: at most 2000 characters");
	problem = text_problem(reason, TEXT_FREE, why);
	if (problem)
		return ft_fail(err, "the reason %s", problem);
	return store_write(st, insert_withdrawal, &w, err);
}
