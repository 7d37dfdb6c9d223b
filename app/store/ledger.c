#include "ledger.h"

#include <stdio.h>
#include <string.h>

#include "db.h"
#include "date.h"
#include "money.h"
#include "msg_lang.h"
#include "plausible.h"
#include "text.h"

const char *const ledger_levels[] = { "eu",	     "federal",	   "state",
				      "municipal", "other-public", "foundation", NULL };
const char *const ledger_fields[] = { "housing", "health", "language", "qualification",
				      "social-work", NULL };
const char *const ledger_financing_types[] = { "share", "deficit", "fixed", "full", NULL };
const char *const ledger_statuses[] = { "applied", "approved", "rejected", "running",
					"proof-due", "closed", "revoked", NULL };
const char *const ledger_booking_kinds[] = { "drawdown", "expenditure", "repayment",
					     "interest", NULL };

static const struct enum_word level_words[] = {
	{ "EU", "eu" },
	{ "Bund", "federal" },
	{ "Land", "state" },
	{ "Kommune", "municipal" },
	{ "sonstige öffentliche Stelle", "other-public" },
	{ "Stiftung", "foundation" },
	{ NULL, NULL },
};
static const struct enum_word field_words[] = {
	{ "Wohnen", "housing" },	{ "Gesundheit", "health" },
	{ "Sprache", "language" },	{ "Qualifizierung", "qualification" },
	{ "Soziale Arbeit", "social-work" }, { "Sozialarbeit", "social-work" },
	{ NULL, NULL },
};
static const struct enum_word financing_words[] = {
	{ "Anteilfinanzierung", "share" },	{ "Anteil", "share" },
	{ "Fehlbedarfsfinanzierung", "deficit" }, { "Fehlbedarf", "deficit" },
	{ "Festbetragsfinanzierung", "fixed" },	{ "Festbetrag", "fixed" },
	{ "Vollfinanzierung", "full" },	{ NULL, NULL },
};
static const struct enum_word status_words[] = {
	{ "beantragt", "applied" },	 { "bewilligt", "approved" },
	{ "abgelehnt", "rejected" },	 { "laufend", "running" },
	{ "Nachweis fällig", "proof-due" }, { "abgeschlossen", "closed" },
	{ "widerrufen", "revoked" },	 { NULL, NULL },
};
static const struct enum_word kind_words[] = {
	{ "Mittelabruf", "drawdown" }, { "Abruf", "drawdown" },   { "Ausgabe", "expenditure" },
	{ "Rückzahlung", "repayment" }, { "Zinsen", "interest" }, { NULL, NULL },
};

static const char *const any_statuses[] = { "applied",	"approved", "rejected",
					    "running",	"proof-due", "closed",
					    "revoked",	"withdrawn", NULL };
static const struct enum_word any_status_words[] = {
	{ "beantragt", "applied" },	 { "bewilligt", "approved" },
	{ "abgelehnt", "rejected" },	 { "laufend", "running" },
	{ "Nachweis fällig", "proof-due" }, { "abgeschlossen", "closed" },
	{ "widerrufen", "revoked" },	 { "zurückgenommen", "withdrawn" },
	{ NULL, NULL },
};
const struct word_enum ledger_any_status_enum = { N_("status"), any_statuses, any_status_words };

const struct word_enum ledger_level_enum = { N_("level"), ledger_levels, level_words };
const struct word_enum ledger_field_enum = { N_("field"), ledger_fields, field_words };
const struct word_enum ledger_financing_enum = { N_("financing type"), ledger_financing_types,
						 financing_words };
const struct word_enum ledger_status_enum = { N_("status"), ledger_statuses, status_words };
const struct word_enum ledger_kind_enum = { N_("booking kind"), ledger_booking_kinds, kind_words };

const char *const ledger_terms[] = { "anbest-p-bund", "anbest-p-nrw", "anbest-gk",
				     "anbest-g-nrw", "own", NULL };
const char *const ledger_term_additions[] = { "esf-plus", NULL };
static const struct enum_word terms_words[] = {
	{ "Eigenmittel", "own" }, { NULL, NULL },
};
static const struct enum_word addition_words[] = {
	{ "ESF+", "esf-plus" }, { NULL, NULL },
};
const struct word_enum ledger_terms_enum = { N_("terms"), ledger_terms, terms_words };
const struct word_enum ledger_addition_enum = { N_("terms addition"), ledger_term_additions,
						addition_words };

int ledger_check_enum(const char *what, const char *value, const char *const *allowed,
		      struct ft_error *err)
{
	char list[256] = "";
	size_t used = 0;

	for (size_t i = 0; allowed[i]; i++) {
		if (strcmp(value, allowed[i]) == 0)
			return 0;
		used += (size_t)snprintf(list + used, sizeof(list) - used, "%s%s",
					 i ? ", " : "", allowed[i]);
		if (used >= sizeof(list))
			break;
	}
	return ft_fail(err, "invalid %s '%s': expected one of %s", tr(what), value, list);
}

static int is_none(const char *text)
{
	return text && strcmp(text, "none") == 0;
}

/* ---- lookups -------------------------------------------------------- */

int ledger_own_city(struct store *st, int64_t *city_id, struct ft_error *err)
{
	int found = store_lookup_id(st, "SELECT id FROM city WHERE own = 1 AND ?1 IS NOT DISTINCT FROM ?1",
				    "", 0, city_id, err);
	if (found < 0)
		return -1;
	if (!found)
		return ft_fail(err, "no own city recorded yet: add it with "
				    "'fundtrack city add AGS NAME --own', or make a city recorded "
				    "without --own the own one with 'fundtrack city edit AGS --own'");
	return 0;
}

int ledger_read_grant(struct store *st, const char *ref, struct grant_record *g,
		      struct ft_error *err)
{
	struct db_stmt *stmt;
	int64_t city_id;
	int rc;

	if (ledger_own_city(st, &city_id, err))
		return -1;
	if (store_prepare(st,
			  "SELECT id, status, period_from, period_to, coalesce(decided_date, ''),"
			  " approved_cents, coalesce(rate_bp, -1) FROM \"grant\" "
			  "WHERE ref = ?1 AND city_id = ?2",
			  &stmt, err))
		return -1;
	store_bind_text(stmt, 1, ref);
	db_bind_int64(stmt, 2, city_id);
	rc = db_step(stmt);
	if (rc == DB_ROW) {
		g->id = db_column_int64(stmt, 0);
		snprintf(g->status, sizeof(g->status), "%s", (const char *)db_column_text(stmt, 1));
		snprintf(g->from, sizeof(g->from), "%s", (const char *)db_column_text(stmt, 2));
		snprintf(g->to, sizeof(g->to), "%s", (const char *)db_column_text(stmt, 3));
		snprintf(g->decided, sizeof(g->decided), "%s",
			 (const char *)db_column_text(stmt, 4));
		g->approved = db_column_int64(stmt, 5);
		g->rate_bp = db_column_int(stmt, 6);
	}
	db_finalize(stmt);
	if (rc == DB_DONE)
		return ft_fail(err, "no grant '%s' in this city (see 'fundtrack grant list')", ref);
	if (rc != DB_ROW)
		return store_fail(st, err, "cannot read grant");
	return 0;
}

/* Looks up a record of the own city by its code; err names what is missing. */
static int lookup_code(struct store *st, int64_t city_id, const char *table_sql,
		       const char *what, const char *code, int64_t *id, struct ft_error *err)
{
	int found = store_lookup_id(st, table_sql, code, city_id, id, err);

	if (found < 0)
		return -1;
	if (!found)
		return ft_fail(err, "no %s '%s' in this city (see 'fundtrack %s list')",
			       tr_record(what), code, what);
	return 0;
}

#define SQL_DISTRICT_ID "SELECT id FROM district WHERE code = ?1 AND city_id = ?2"
#define SQL_FUNDER_ID "SELECT id FROM funder WHERE code = ?1 AND city_id = ?2"
#define SQL_PROGRAMME_ID "SELECT id FROM programme WHERE code = ?1 AND city_id = ?2"
#define SQL_PROJECT_ID "SELECT id FROM project WHERE code = ?1 AND city_id = ?2"
#define SQL_GRANT_ID "SELECT id FROM \"grant\" WHERE ref = ?1 AND city_id = ?2"

int ledger_lookup_code(struct store *st, const char *what, const char *code, int64_t *id,
		       struct ft_error *err)
{
	static const struct {
		const char *what, *sql;
	} tables[] = {
		{ "district", SQL_DISTRICT_ID }, { "funder", SQL_FUNDER_ID },
		{ "programme", SQL_PROGRAMME_ID }, { "project", SQL_PROJECT_ID },
		{ "grant", SQL_GRANT_ID },
	};
	int64_t city_id;

	if (ledger_own_city(st, &city_id, err))
		return -1;
	for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]); i++)
		if (strcmp(tables[i].what, what) == 0)
			return lookup_code(st, city_id, tables[i].sql, what, code, id, err);
	return ft_fail(err, "internal error: no records called '%s'", what);
}

static int code_exists(struct store *st, int64_t city_id, const char *sql, const char *code,
		       const char *what, struct ft_error *err)
{
	int64_t id;
	int found = store_lookup_id(st, sql, code, city_id, &id, err);

	if (found < 0)
		return -1;
	if (found)
		return ft_fail(err, "%s '%s' already exists", what, code);
	return 0;
}

/* Codes become keys in files and URLs: letters, digits and . _ / - only. */
static int check_code(const char *what, const char *code, struct ft_error *err)
{
	size_t len = strlen(code);

	if (len == 0 || len > 40)
		return ft_fail(err, "invalid %s code '%s': 1 to 40 characters expected", tr(what),
			       code);
	if (strspn(code, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._/-") !=
	    len)
		return ft_fail(err,
			       "invalid %s code '%s': use letters A-Z, digits and . _ / - only",
			       tr(what), code);
	return 0;
}

/* Text is checked against text.h's rule here, the door every command and
 * import-csv pass, so that whatever is stored can be exported. */
static int check_text(const char *what, const char *text, enum text_kind kind,
		      struct ft_error *err)
{
	char why[TEXT_PROBLEM_MAX];
	const char *problem = text ? text_problem(text, kind, why) : NULL;

	return problem ? ft_fail(err, "%s %s", what, problem) : 0;
}

/* kind: TEXT_NAME, or TEXT_REF for a grant reference */
static int check_name(const char *what, const char *name, enum text_kind kind,
		      struct ft_error *err)
{
	if (!name || strspn(name, " \t") == strlen(name))
		return ft_fail(err, "%s must not be empty", what);
	return check_text(what, name, kind, err);
}

/* ---- city, district, funder ------------------------------------------ */

static int check_ags(const char *ags, struct ft_error *err)
{
	if (strlen(ags) != 8 || strspn(ags, "0123456789") != 8)
		return ft_fail(err, "invalid AGS '%s': 8 digits expected (Dortmund: 05913000)",
			       ags);
	return 0;
}

static int insert_city(struct store *st, void *arg, struct ft_error *err)
{
	const struct city_input *in = arg;
	int64_t id;
	int rc;

	rc = store_lookup_id(st, "SELECT id FROM city WHERE ags = ?1", in->ags, 0, &id, err);
	if (rc < 0)
		return -1;
	if (rc && in->own)
		return ft_fail(err, "city with AGS '%s' already exists: make it the own city with "
				    "'fundtrack city edit %s --own'",
			       in->ags, in->ags);
	if (rc)
		return ft_fail(err, "city with AGS '%s' already exists", in->ags);
	if (in->own) {
		rc = store_lookup_id(st, "SELECT id FROM city WHERE own = 1 AND ?1 IS NOT DISTINCT FROM ?1", "", 0,
				     &id, err);
		if (rc < 0)
			return -1;
		if (rc)
			return ft_fail(err, "an own city is already recorded; only one city "
					    "can be the own one");
	}
	return store_run(st, "INSERT INTO city (ags, name, population, own) VALUES (?1, ?2, ?3, ?4)",
			 "cannot add city", err, "ttoi", in->ags, in->name,
			 in->population > 0 ? in->population : (int64_t)-1, (int64_t)(in->own != 0));
}

int ledger_add_city(struct store *st, const struct city_input *in, struct ft_error *err)
{
	if (check_ags(in->ags, err) || check_name("city name", in->name, TEXT_NAME, err))
		return -1;
	if (in->population < 0)
		return ft_fail(err, "invalid population %lld: must be positive",
			       (long long)in->population);
	return store_write(st, insert_city, (void *)in, err);
}

static int insert_district(struct store *st, void *arg, struct ft_error *err)
{
	const struct district_input *in = arg;
	int64_t city_id;

	if (ledger_own_city(st, &city_id, err) ||
	    code_exists(st, city_id, SQL_DISTRICT_ID, in->code, "district", err))
		return -1;
	return store_run(st, "INSERT INTO district (city_id, code, name, action_area) "
			     "VALUES (?1, ?2, ?3, ?4)",
			 "cannot add district", err, "ittn", city_id, in->code, in->name,
			 in->action_area != 0);
}

int ledger_add_district(struct store *st, const struct district_input *in,
			struct ft_error *err)
{
	if (check_code(N_("district"), in->code, err) ||
	    check_name("district name", in->name, TEXT_NAME, err))
		return -1;
	return store_write(st, insert_district, (void *)in, err);
}

static int insert_funder(struct store *st, void *arg, struct ft_error *err)
{
	const struct funder_input *in = arg;
	int64_t city_id;

	if (ledger_own_city(st, &city_id, err) ||
	    code_exists(st, city_id, SQL_FUNDER_ID, in->code, "funder", err))
		return -1;
	return store_run(st, "INSERT INTO funder (city_id, code, name, level) VALUES (?1, ?2, ?3, ?4)",
			 "cannot add funder", err, "ittt", city_id, in->code, in->name, in->level);
}

int ledger_add_funder(struct store *st, const struct funder_input *in, struct ft_error *err)
{
	if (check_code(N_("funder"), in->code, err) ||
	    check_name("funder name", in->name, TEXT_NAME, err) ||
	    ledger_check_enum(N_("level"), in->level, ledger_levels, err))
		return -1;
	return store_write(st, insert_funder, (void *)in, err);
}

/* ---- programme ------------------------------------------------------- */

static int insert_programme(struct store *st, void *arg, struct ft_error *err)
{
	const struct programme_input *in = arg;
	int64_t city_id, funder_id;

	if (ledger_own_city(st, &city_id, err) ||
	    code_exists(st, city_id, SQL_PROGRAMME_ID, in->code, "programme", err) ||
	    lookup_code(st, city_id, SQL_FUNDER_ID, "funder", in->funder_code, &funder_id, err))
		return -1;
	/* The old numbers follow from the terms (schema/008, terms_legacy). */
	return store_run(st,
			 "INSERT INTO programme (city_id, code, name, funder_id, fund, rate_bp, "
			 "financing, drawdown_days, proof_months, terms) "
			 "SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, l.drawdown_days, l.proof_months, ?8 "
			 "FROM terms_legacy l WHERE l.name = coalesce(?8, (SELECT terms FROM "
			 "funder_default_terms WHERE funder_id = ?4))",
			 "cannot add programme", err, "ittitott", city_id, in->code, in->name,
			 funder_id, in->fund, (int64_t)in->rate_bp,
			 in->financing ? in->financing : "share", in->terms);
}

int ledger_add_programme(struct store *st, const struct programme_input *in,
			 struct ft_error *err)
{
	if (check_code(N_("programme"), in->code, err) ||
	    check_name("programme name", in->name, TEXT_NAME, err) ||
	    check_text("programme fund", in->fund, TEXT_NAME, err))
		return -1;
	if (in->financing &&
	    ledger_check_enum(N_("financing type"), in->financing, ledger_financing_types, err))
		return -1;
	if (in->terms && ledger_check_enum(N_("terms"), in->terms, ledger_terms, err))
		return -1;
	return store_write(st, insert_programme, (void *)in, err);
}

static void bind_edit_text(struct db_stmt *stmt, int idx_set, int idx_value, const char *value);

static int update_programme(struct store *st, void *arg, struct ft_error *err)
{
	const struct programme_edit *in = arg;
	int64_t city_id, programme_id;
	struct db_stmt *stmt;
	int rc;

	if (ledger_own_city(st, &city_id, err) ||
	    lookup_code(st, city_id, SQL_PROGRAMME_ID, "programme", in->code, &programme_id, err))
		return -1;
	if (store_prepare(st,
			  "UPDATE programme SET"
			  " name = coalesce(?1, name),"
			  " fund = CASE WHEN ?2 <> 0 THEN ?3 ELSE fund END,"
			  " rate_bp = CASE WHEN ?4 <> 0 THEN ?5 ELSE rate_bp END,"
			  " financing = coalesce(?6, financing),"
			  " terms = CASE WHEN ?7 <> 0 THEN ?8 ELSE terms END,"
			  /* the old numbers for the exchange files follow the terms */
			  " (drawdown_days, proof_months) = (SELECT"
			  "  CASE WHEN ?7 <> 0 THEN l.drawdown_days ELSE programme.drawdown_days END,"
			  "  CASE WHEN ?7 <> 0 THEN l.proof_months ELSE programme.proof_months END"
			  "  FROM terms_legacy l WHERE l.name = coalesce(?8, (SELECT d.terms FROM"
			  "  funder_default_terms d WHERE d.funder_id = programme.funder_id))) "
			  "WHERE id = ?9",
			  &stmt, err))
		return -1;
	store_bind_text(stmt, 1, in->name);
	bind_edit_text(stmt, 2, 3, in->fund);
	db_bind_int(stmt, 4, in->rate_bp >= 0 || in->clear_rate);
	store_bind_opt_int(stmt, 5, in->rate_bp, in->rate_bp < 0);
	store_bind_text(stmt, 6, in->financing);
	bind_edit_text(stmt, 7, 8, in->terms);
	db_bind_int64(stmt, 9, programme_id);
	rc = store_step_done(st, stmt, "cannot change programme", err);
	db_finalize(stmt);
	return rc;
}

int ledger_edit_programme(struct store *st, const struct programme_edit *in,
			  struct ft_error *err)
{
	if ((in->name && check_name("programme name", in->name, TEXT_NAME, err)) ||
	    (in->fund && !is_none(in->fund) && check_text("programme fund", in->fund, TEXT_NAME, err)))
		return -1;
	if (in->financing &&
	    ledger_check_enum(N_("financing type"), in->financing, ledger_financing_types, err))
		return -1;
	if (in->terms && !is_none(in->terms) &&
	    ledger_check_enum(N_("terms"), in->terms, ledger_terms, err))
		return -1;
	if (in->rate_bp > 10000)
		return ft_fail(err, "invalid rate: 0 to 100 %% expected");
	return store_write(st, update_programme, (void *)in, err);
}

/* ---- project --------------------------------------------------------- */

/* 1 when making predecessor the predecessor of project would close a
 * cycle, i.e. project already precedes predecessor somewhere up the chain. */
static int would_close_cycle(struct store *st, int64_t project_id, int64_t predecessor_id,
			     struct ft_error *err)
{
	struct db_stmt *stmt;
	int rc, cycle;

	if (store_prepare(st,
			  "WITH RECURSIVE up(id) AS (SELECT ?1 UNION "
			  "  SELECT p.predecessor_id FROM project p JOIN up ON p.id = up.id "
			  "  WHERE p.predecessor_id IS NOT NULL) "
			  "SELECT EXISTS (SELECT 1 FROM up WHERE id = ?2)",
			  &stmt, err))
		return -1;
	db_bind_int64(stmt, 1, predecessor_id);
	db_bind_int64(stmt, 2, project_id);
	rc = db_step(stmt);
	cycle = rc == DB_ROW && db_column_int(stmt, 0);
	db_finalize(stmt);
	if (rc != DB_ROW)
		return store_fail(st, err, "cannot follow the project chain");
	return cycle;
}

static int check_successor_free(struct store *st, int64_t predecessor_id, int64_t project_id,
				const char *follows_code, struct ft_error *err)
{
	struct db_stmt *stmt;
	int rc;

	if (store_prepare(st, "SELECT code FROM project WHERE predecessor_id = ?1 AND id <> ?2",
			  &stmt, err))
		return -1;
	db_bind_int64(stmt, 1, predecessor_id);
	db_bind_int64(stmt, 2, project_id);
	rc = db_step(stmt);
	if (rc == DB_ROW)
		ft_fail(err, "project '%s' already has a successor '%s': a chain has one "
			     "successor per project",
			follows_code, (const char *)db_column_text(stmt, 0));
	else if (rc != DB_DONE)
		store_fail(st, err, "cannot read the project chain");
	db_finalize(stmt);
	return rc == DB_DONE ? 0 : -1;
}

struct project_refs {
	int64_t city_id;
	int64_t district_id; /* -1 none */
	int64_t predecessor_id;
};

static int resolve_project_refs(struct store *st, const struct project_input *in,
				int64_t project_id, struct project_refs *refs,
				struct ft_error *err)
{
	refs->district_id = -1;
	refs->predecessor_id = -1;
	if (in->district_code && !is_none(in->district_code) &&
	    lookup_code(st, refs->city_id, SQL_DISTRICT_ID, "district", in->district_code,
			&refs->district_id, err))
		return -1;
	if (!in->follows_code || is_none(in->follows_code))
		return 0;
	if (lookup_code(st, refs->city_id, SQL_PROJECT_ID, "project", in->follows_code,
			&refs->predecessor_id, err))
		return -1;
	if (refs->predecessor_id == project_id)
		return ft_fail(err, "project '%s' cannot follow itself", in->follows_code);
	if (check_successor_free(st, refs->predecessor_id, project_id, in->follows_code, err))
		return -1;
	switch (would_close_cycle(st, project_id, refs->predecessor_id, err)) {
	case 0:
		return 0;
	case 1:
		return ft_fail(err, "project '%s' cannot follow '%s': that would make the chain "
				    "a cycle",
			       in->code, in->follows_code);
	default:
		return -1;
	}
}

static int insert_project(struct store *st, void *arg, struct ft_error *err)
{
	const struct project_input *in = arg;
	struct project_refs refs;

	if (ledger_own_city(st, &refs.city_id, err) ||
	    code_exists(st, refs.city_id, SQL_PROJECT_ID, in->code, "project", err) ||
	    resolve_project_refs(st, in, -1, &refs, err))
		return -1;
	return store_run(st,
			 "INSERT INTO project (city_id, code, title, field, district_id, carrier, "
			 "target_group, start_date, end_date, costs_cents, predecessor_id) "
			 "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
			 "cannot add project", err, "itttottttoo", refs.city_id, in->code,
			 in->title, in->field, refs.district_id, in->carrier, in->target_group,
			 in->start, in->end, in->costs, refs.predecessor_id);
}

static int check_project_values(const struct project_input *in, struct ft_error *err)
{
	if ((in->title && check_name("project title", in->title, TEXT_NAME, err)) ||
	    check_text("project carrier", in->carrier, TEXT_FREE, err) ||
	    check_text("project target group", in->target_group, TEXT_FREE, err))
		return -1;
	if (in->field && ledger_check_enum(N_("field"), in->field, ledger_fields, err))
		return -1;
	if (in->start && in->end && !is_none(in->start) && !is_none(in->end) &&
	    strcmp(in->end, in->start) < 0)
	{
		char end[DATE_BUF], start[DATE_BUF];

		return ft_fail(err, "project end %s is before its start %s", date_de(in->end, end),
			       date_de(in->start, start));
	}
	return 0;
}

int ledger_add_project(struct store *st, const struct project_input *in,
		       struct ft_error *err)
{
	if (check_code(N_("project"), in->code, err))
		return -1;
	if (!in->title || !in->field)
		return ft_fail(err, "a project needs a title and a field");
	if (check_project_values(in, err))
		return -1;
	return store_write(st, insert_project, (void *)in, err);
}

/* Binds text, NULL for "none", or keeps the column when not given. */
static void bind_edit_text(struct db_stmt *stmt, int idx_set, int idx_value, const char *value)
{
	db_bind_int(stmt, idx_set, value != NULL);
	store_bind_text(stmt, idx_value, is_none(value) ? NULL : value);
}

static void bind_edit_id(struct db_stmt *stmt, int idx_set, int idx_value, const char *given,
			 int64_t id)
{
	db_bind_int(stmt, idx_set, given != NULL);
	store_bind_opt_int(stmt, idx_value, id, id < 0);
}

/* The period after the edit: given values override the stored ones. */
static int check_edited_dates(struct store *st, int64_t project_id,
			      const struct project_input *in, struct ft_error *err)
{
	struct db_stmt *stmt;
	char start[DATE_BUF] = "", end[DATE_BUF] = "";
	int rc;

	if (store_prepare(st, "SELECT coalesce(start_date, ''), coalesce(end_date, '') "
			      "FROM project WHERE id = ?1",
			  &stmt, err))
		return -1;
	db_bind_int64(stmt, 1, project_id);
	rc = db_step(stmt);
	if (rc == DB_ROW) {
		snprintf(start, sizeof(start), "%s", (const char *)db_column_text(stmt, 0));
		snprintf(end, sizeof(end), "%s", (const char *)db_column_text(stmt, 1));
	}
	db_finalize(stmt);
	if (rc != DB_ROW)
		return store_fail(st, err, "cannot read project");
	if (in->start)
		snprintf(start, sizeof(start), "%s", is_none(in->start) ? "" : in->start);
	if (in->end)
		snprintf(end, sizeof(end), "%s", is_none(in->end) ? "" : in->end);
	if (*start && *end && strcmp(end, start) < 0) {
		char end_de[DATE_BUF], start_de[DATE_BUF];

		return ft_fail(err, "project end %s would be before its start %s",
			       date_de(end, end_de), date_de(start, start_de));
	}
	return 0;
}

static int update_project(struct store *st, void *arg, struct ft_error *err)
{
	const struct project_input *in = arg;
	struct project_refs refs;
	struct db_stmt *stmt;
	int64_t project_id;
	int rc;

	if (ledger_own_city(st, &refs.city_id, err) ||
	    lookup_code(st, refs.city_id, SQL_PROJECT_ID, "project", in->code, &project_id, err) ||
	    resolve_project_refs(st, in, project_id, &refs, err) ||
	    check_edited_dates(st, project_id, in, err))
		return -1;
	if (store_prepare(st,
			  "UPDATE project SET "
			  " title = coalesce(?1, title), field = coalesce(?2, field),"
			  " district_id = CASE WHEN ?3 <> 0 THEN ?4 ELSE district_id END,"
			  " carrier = CASE WHEN ?5 <> 0 THEN ?6 ELSE carrier END,"
			  " target_group = CASE WHEN ?7 <> 0 THEN ?8 ELSE target_group END,"
			  " start_date = CASE WHEN ?9 <> 0 THEN ?10 ELSE start_date END,"
			  " end_date = CASE WHEN ?11 <> 0 THEN ?12 ELSE end_date END,"
			  " costs_cents = CASE WHEN ?13 <> 0 THEN ?14 ELSE costs_cents END,"
			  " predecessor_id = CASE WHEN ?15 <> 0 THEN ?16 ELSE predecessor_id END "
			  "WHERE id = ?17",
			  &stmt, err))
		return -1;
	store_bind_text(stmt, 1, in->title);
	store_bind_text(stmt, 2, in->field);
	bind_edit_id(stmt, 3, 4, in->district_code, refs.district_id);
	bind_edit_text(stmt, 5, 6, in->carrier);
	bind_edit_text(stmt, 7, 8, in->target_group);
	bind_edit_text(stmt, 9, 10, in->start);
	bind_edit_text(stmt, 11, 12, in->end);
	db_bind_int(stmt, 13, in->costs >= 0 || in->clear_costs);
	store_bind_opt_int(stmt, 14, in->costs, in->costs < 0);
	bind_edit_id(stmt, 15, 16, in->follows_code, refs.predecessor_id);
	db_bind_int64(stmt, 17, project_id);
	rc = store_step_done(st, stmt, "cannot change project", err);
	db_finalize(stmt);
	return rc;
}

int ledger_edit_project(struct store *st, const struct project_input *in,
			struct ft_error *err)
{
	if (check_project_values(in, err))
		return -1;
	return store_write(st, update_project, (void *)in, err);
}

/* ---- grant ----------------------------------------------------------- */

struct programme_defaults {
	int rate_bp; /* -1 none */
	char financing[16];
};

static int read_programme_defaults(struct store *st, int64_t programme_id,
				   struct programme_defaults *out, struct ft_error *err)
{
	struct db_stmt *stmt;
	int rc;

	if (store_prepare(st, "SELECT rate_bp, financing FROM programme WHERE id = ?1", &stmt, err))
		return -1;
	db_bind_int64(stmt, 1, programme_id);
	rc = db_step(stmt);
	if (rc == DB_ROW) {
		out->rate_bp = db_column_type(stmt, 0) == DB_NULL
				       ? -1
				       : db_column_int(stmt, 0);
		snprintf(out->financing, sizeof(out->financing), "%s",
			 (const char *)db_column_text(stmt, 1));
	}
	db_finalize(stmt);
	if (rc != DB_ROW)
		return store_fail(st, err, "cannot read programme");
	return 0;
}

static int insert_grant(struct store *st, void *arg, struct ft_error *err)
{
	const struct grant_input *in = arg;
	struct programme_defaults defaults;
	int64_t city_id, project_id, programme_id;
	int rate_bp;

	if (ledger_own_city(st, &city_id, err) ||
	    code_exists(st, city_id, SQL_GRANT_ID, in->ref, "grant", err) ||
	    lookup_code(st, city_id, SQL_PROJECT_ID, "project", in->project_code, &project_id,
			err) ||
	    lookup_code(st, city_id, SQL_PROGRAMME_ID, "programme", in->programme_code,
			&programme_id, err) ||
	    read_programme_defaults(st, programme_id, &defaults, err))
		return -1;
	rate_bp = in->rate_bp >= 0 ? in->rate_bp : defaults.rate_bp;
	return store_run(st,
			 "INSERT INTO \"grant\" (city_id, ref, project_id, programme_id, "
			 "applied_date, decided_date, period_from, period_to, approved_cents, "
			 "eligible_cents, rate_bp, financing, status, note, terms, terms_addition) "
			 "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
			 "cannot add grant", err, "itiittttioottttt", city_id, in->ref, project_id,
			 programme_id, in->applied, in->decided, in->from, in->to, in->approved,
			 in->eligible, (int64_t)rate_bp,
			 in->financing ? in->financing : defaults.financing,
			 in->status ? in->status : "approved", in->note, in->terms,
			 in->terms_addition);
}

/* The decision's terms name a national set, its addition an addition
 * (ledger_terms, ledger_term_additions); "none" clears them on edit. */
static int check_grant_terms(const struct grant_input *in, struct ft_error *err)
{
	if (in->terms && !is_none(in->terms) &&
	    ledger_check_enum(N_("terms"), in->terms, ledger_terms, err))
		return -1;
	if (in->terms_addition && !is_none(in->terms_addition) &&
	    ledger_check_enum(N_("terms addition"), in->terms_addition, ledger_term_additions, err))
		return -1;
	return 0;
}

static int check_grant_values(const struct grant_input *in, struct ft_error *err)
{
	char first[DATE_BUF], second[DATE_BUF];

	if (check_name("grant reference", in->ref, TEXT_REF, err) ||
	    check_text("grant note", in->note, TEXT_FREE, err))
		return -1;
	if (in->approved < 0)
		return ft_fail(err, "approved amount must not be negative");
	if (strcmp(in->to, in->from) < 0)
		return ft_fail(err, "approval period ends %s before it starts %s",
			       date_de(in->to, first), date_de(in->from, second));
	if (in->applied && in->decided && strcmp(in->decided, in->applied) < 0)
		return ft_fail(err, "decision date %s is before the application date %s",
			       date_de(in->decided, first), date_de(in->applied, second));
	if (in->financing &&
	    ledger_check_enum(N_("financing type"), in->financing, ledger_financing_types, err))
		return -1;
	if (in->status && ledger_check_enum(N_("status"), in->status, ledger_statuses, err))
		return -1;
	return check_grant_terms(in, err);
}

int ledger_add_grant(struct store *st, const struct grant_input *in, struct ft_error *err)
{
	if (check_grant_values(in, err))
		return -1;
	return store_write(st, insert_grant, (void *)in, err);
}

/* The purpose is fulfilled within the approval period (spending must fall
 * into it); an extended proof deadline lies after the period's start. */
static int check_edited_proof_dates(const struct grant_input *in, const char *from,
				    const char *to, struct ft_error *err)
{
	char a[DATE_BUF], b[DATE_BUF], c[DATE_BUF];

	if (in->fulfilled && !is_none(in->fulfilled) &&
	    (strcmp(in->fulfilled, from) < 0 || strcmp(in->fulfilled, to) > 0)) {
		date_format_de(in->fulfilled, a);
		date_format_de(from, b);
		date_format_de(to, c);
		return ft_fail(err, "fulfilment date %s of grant '%s' is outside its approval "
				    "period %s to %s",
			       a, in->ref, b, c);
	}
	if (in->proof_due && !is_none(in->proof_due) && strcmp(in->proof_due, from) < 0) {
		date_format_de(in->proof_due, a);
		date_format_de(from, b);
		return ft_fail(err, "proof due date %s of grant '%s' is before its approval "
				    "period starts %s",
			       a, in->ref, b);
	}
	return 0;
}

/* The grant's dates after the edit: given values override stored ones. */
static int check_edited_grant_dates(struct store *st, int64_t grant_id,
				    const struct grant_input *in, struct ft_error *err)
{
	struct db_stmt *stmt;
	char from[DATE_BUF] = "", to[DATE_BUF] = "", applied[DATE_BUF] = "",
	     decided[DATE_BUF] = "", first[DATE_BUF], second[DATE_BUF];
	int rc;

	if (store_prepare(st,
			  "SELECT period_from, period_to, coalesce(applied_date, ''),"
			  " coalesce(decided_date, '') FROM \"grant\" WHERE id = ?1",
			  &stmt, err))
		return -1;
	db_bind_int64(stmt, 1, grant_id);
	rc = db_step(stmt);
	if (rc == DB_ROW) {
		snprintf(from, sizeof(from), "%s", (const char *)db_column_text(stmt, 0));
		snprintf(to, sizeof(to), "%s", (const char *)db_column_text(stmt, 1));
		snprintf(applied, sizeof(applied), "%s", (const char *)db_column_text(stmt, 2));
		snprintf(decided, sizeof(decided), "%s", (const char *)db_column_text(stmt, 3));
	}
	db_finalize(stmt);
	if (rc != DB_ROW)
		return store_fail(st, err, "cannot read grant");
	if (in->from)
		snprintf(from, sizeof(from), "%s", in->from);
	if (in->to)
		snprintf(to, sizeof(to), "%s", in->to);
	if (in->applied)
		snprintf(applied, sizeof(applied), "%s", is_none(in->applied) ? "" : in->applied);
	if (in->decided)
		snprintf(decided, sizeof(decided), "%s", is_none(in->decided) ? "" : in->decided);
	if (strcmp(to, from) < 0)
		return ft_fail(err, "approval period of grant '%s' would end %s before it starts %s",
			       in->ref, date_de(to, first), date_de(from, second));
	if (*applied && *decided && strcmp(decided, applied) < 0)
		return ft_fail(err, "decision date %s of grant '%s' would be before the application "
				    "date %s",
			       date_de(decided, first), in->ref, date_de(applied, second));
	return check_edited_proof_dates(in, from, to, err);
}

static int update_grant(struct store *st, void *arg, struct ft_error *err)
{
	const struct grant_input *in = arg;
	struct plausible_force forced = { 0 };
	struct plausible_reason reason;
	struct db_stmt *stmt;
	int64_t city_id, grant_id, project_id = -1, programme_id = -1;
	int rc;

	if (ledger_own_city(st, &city_id, err) ||
	    lookup_code(st, city_id, SQL_GRANT_ID, "grant", in->ref, &grant_id, err))
		return -1;
	if (in->project_code && lookup_code(st, city_id, SQL_PROJECT_ID, "project",
					    in->project_code, &project_id, err))
		return -1;
	if (in->programme_code && lookup_code(st, city_id, SQL_PROGRAMME_ID, "programme",
					      in->programme_code, &programme_id, err))
		return -1;
	if (check_edited_grant_dates(st, grant_id, in, err))
		return -1;
	if (in->approved >= 0) {
		rc = plausible_approved(st, grant_id, in->ref, in->approved, &reason, err);
		if (plausible_apply(st, rc, &reason, in->force, &forced, err))
			return -1;
	}
	if (store_prepare(st,
			  "UPDATE \"grant\" SET"
			  " project_id = coalesce(?1, project_id),"
			  " programme_id = coalesce(?2, programme_id),"
			  " approved_cents = coalesce(?3, approved_cents),"
			  " period_from = coalesce(?4, period_from),"
			  " period_to = coalesce(?5, period_to),"
			  " rate_bp = CASE WHEN ?6 <> 0 THEN ?7 ELSE rate_bp END,"
			  " financing = coalesce(?8, financing),"
			  " eligible_cents = CASE WHEN ?9 <> 0 THEN ?10 ELSE eligible_cents END,"
			  " applied_date = CASE WHEN ?11 <> 0 THEN ?12 ELSE applied_date END,"
			  " decided_date = CASE WHEN ?13 <> 0 THEN ?14 ELSE decided_date END,"
			  " note = CASE WHEN ?15 <> 0 THEN ?16 ELSE note END,"
			  " terms = CASE WHEN ?18 <> 0 THEN ?19 ELSE terms END,"
			  " terms_addition = CASE WHEN ?20 <> 0 THEN ?21 ELSE terms_addition END,"
			  " fulfilled_date = CASE WHEN ?22 <> 0 THEN ?23 ELSE fulfilled_date END,"
			  " proof_due = CASE WHEN ?24 <> 0 THEN ?25 ELSE proof_due END,"
			  " proof_due_reason = CASE WHEN ?24 <> 0 THEN ?26 ELSE proof_due_reason END "
			  "WHERE id = ?17",
			  &stmt, err)) {
		plausible_forced_end(st, &forced);
		return -1;
	}
	store_bind_opt_int(stmt, 1, project_id, project_id < 0);
	store_bind_opt_int(stmt, 2, programme_id, programme_id < 0);
	store_bind_opt_int(stmt, 3, in->approved, in->approved < 0);
	store_bind_text(stmt, 4, in->from);
	store_bind_text(stmt, 5, in->to);
	db_bind_int(stmt, 6, in->rate_bp >= 0 || in->clear_rate);
	store_bind_opt_int(stmt, 7, in->rate_bp, in->rate_bp < 0);
	store_bind_text(stmt, 8, in->financing);
	db_bind_int(stmt, 9, in->eligible >= 0 || in->clear_eligible);
	store_bind_opt_int(stmt, 10, in->eligible, in->eligible < 0);
	bind_edit_text(stmt, 11, 12, in->applied);
	bind_edit_text(stmt, 13, 14, in->decided);
	bind_edit_text(stmt, 15, 16, in->note);
	db_bind_int64(stmt, 17, grant_id);
	bind_edit_text(stmt, 18, 19, in->terms);
	bind_edit_text(stmt, 20, 21, in->terms_addition);
	bind_edit_text(stmt, 22, 23, in->fulfilled);
	bind_edit_text(stmt, 24, 25, in->proof_due);
	store_bind_text(stmt, 26, in->proof_due && !is_none(in->proof_due) ? in->proof_due_reason
									     : NULL);
	rc = store_step_done(st, stmt, "cannot change grant", err);
	db_finalize(stmt);
	plausible_forced_end(st, &forced);
	return rc;
}

int ledger_edit_grant(struct store *st, const struct grant_input *in, struct ft_error *err)
{
	char first[DATE_BUF], second[DATE_BUF];

	if (in->status)
		return ft_fail(err, "the status of grant '%s' is changed with 'fundtrack grant "
				    "status', not edited",
			       in->ref);
	if (in->from && in->to && strcmp(in->to, in->from) < 0)
		return ft_fail(err, "approval period ends %s before it starts %s",
			       date_de(in->to, first), date_de(in->from, second));
	if (in->financing &&
	    ledger_check_enum(N_("financing type"), in->financing, ledger_financing_types, err))
		return -1;
	if (in->rate_bp > 10000)
		return ft_fail(err, "invalid rate: 0 to 100 %% expected");
	if (check_text("grant note", in->note, TEXT_FREE, err) || check_grant_terms(in, err))
		return -1;
	if (in->proof_due && !is_none(in->proof_due) &&
	    (!in->proof_due_reason || !*in->proof_due_reason))
		return ft_fail(err, "an extended proof deadline of grant '%s' needs its reason "
				    "(--reason TEXT, e.g. the authority's letter)",
			       in->ref);
	if (in->proof_due_reason && (!in->proof_due || is_none(in->proof_due)))
		return ft_fail(err, "a reason belongs to an extended proof deadline of grant '%s' "
				    "(--proof-due DATE --reason TEXT)",
			       in->ref);
	if (check_text("proof deadline reason", in->proof_due_reason, TEXT_FREE, err))
		return -1;
	/* schema/008: the reason is a short note (the letter that granted it) */
	if (in->proof_due_reason && strlen(in->proof_due_reason) > 300)
		return ft_fail(err, "the reason for the extended proof deadline of grant '%s' is "
				    "longer than 300 bytes",
			       in->ref);
	return store_write(st, update_grant, (void *)in, err);
}

/* The grant lifecycle (see shared/domain.md): from -> allowed next states. */
static const struct {
	const char *from;
	const char *to;
} status_transitions[] = {
	{ "applied", "approved, rejected" },
	{ "approved", "running, revoked, closed" },
	{ "rejected", "applied" },
	{ "running", "proof-due, revoked" },
	{ "proof-due", "closed, revoked" },
	{ "revoked", "closed" },
	{ "closed", "" },
};

static const char *allowed_next(const char *from)
{
	for (size_t i = 0; i < sizeof(status_transitions) / sizeof(status_transitions[0]); i++)
		if (strcmp(status_transitions[i].from, from) == 0)
			return status_transitions[i].to;
	return "";
}

/* 1 when to appears as a whole word in the comma-separated list. */
static int list_contains(const char *list, const char *to)
{
	size_t len = strlen(to);

	for (const char *p = list; (p = strstr(p, to)) != NULL; p += len) {
		int starts = p == list || p[-1] == ' ';
		int ends = p[len] == '\0' || p[len] == ',';
		if (starts && ends)
			return 1;
	}
	return 0;
}

/* The comma-separated status codes of list in the language of the
 * messages: "bewilligt, abgelehnt". */
static void statuses_say(const char *list, char *buf, size_t size)
{
	size_t used = 0;

	buf[0] = '\0';
	for (const char *p = list; *p && used < size;) {
		size_t len = strcspn(p, ",");
		char code[32];

		snprintf(code, sizeof(code), "%.*s", (int)len, p);
		used += (size_t)snprintf(buf + used, size - used, "%s%s", used ? ", " : "",
					 word_enum_say(&ledger_any_status_enum, code));
		p += len;
		p += strspn(p, ", ");
	}
}

struct status_change {
	const char *ref;
	const char *status;
	int force;
};

static int update_grant_status(struct store *st, void *arg, struct ft_error *err)
{
	const struct status_change *in = arg;
	struct db_stmt *stmt;
	int64_t city_id, grant_id;
	char current[16] = "";

	if (ledger_own_city(st, &city_id, err) ||
	    lookup_code(st, city_id, SQL_GRANT_ID, "grant", in->ref, &grant_id, err))
		return -1;
	if (store_prepare(st, "SELECT status FROM \"grant\" WHERE id = ?1", &stmt, err))
		return -1;
	db_bind_int64(stmt, 1, grant_id);
	if (db_step(stmt) == DB_ROW)
		snprintf(current, sizeof(current), "%s", (const char *)db_column_text(stmt, 0));
	db_finalize(stmt);
	if (strcmp(current, in->status) == 0)
		return ft_fail(err, "grant '%s' is already '%s'", in->ref,
			       word_enum_say(&ledger_any_status_enum, in->status));
	/* a withdrawal (ledger_fix.h) is final, even with --force */
	if (strcmp(current, "withdrawn") == 0)
		return ft_fail(err, "grant '%s' was withdrawn: its status stays (see 'fundtrack "
				    "audit log --record %s')",
			       in->ref, in->ref);
	if (!in->force && !list_contains(allowed_next(current), in->status)) {
		char next[128];

		statuses_say(allowed_next(current), next, sizeof(next));
		return ft_fail(err,
			       "grant '%s' is '%s' and cannot become '%s'; allowed next: %s "
			       "(use --force to correct a mistaken status)",
			       in->ref, word_enum_say(&ledger_any_status_enum, current),
			       word_enum_say(&ledger_any_status_enum, in->status),
			       *next ? next : tr("none"));
	}
	return store_run(st, "UPDATE \"grant\" SET status = ?1 WHERE id = ?2",
			 "cannot change grant status", err, "ti", in->status, grant_id);
}

int ledger_set_grant_status(struct store *st, const char *ref, const char *status,
			    int force, struct ft_error *err)
{
	struct status_change change = { ref, status, force };

	if (ledger_check_enum(N_("status"), status, ledger_statuses, err))
		return -1;
	return store_write(st, update_grant_status, &change, err);
}

/* ---- allocation ------------------------------------------------------ */

struct allocation_change {
	const char *ref;
	int year;
	int64_t amount;
	int force;
};

static int upsert_allocation(struct store *st, void *arg, struct ft_error *err)
{
	const struct allocation_change *in = arg;
	struct plausible_force forced = { 0 };
	struct plausible_reason reason;
	int64_t city_id, grant_id;
	int rc;

	if (ledger_own_city(st, &city_id, err) ||
	    lookup_code(st, city_id, SQL_GRANT_ID, "grant", in->ref, &grant_id, err))
		return -1;
	rc = plausible_allocation(st, grant_id, in->ref, in->year, &reason, err);
	if (plausible_apply(st, rc, &reason, in->force, &forced, err))
		return -1;
	rc = store_run(st,
		       "INSERT INTO allocation (grant_id, year, amount_cents) VALUES (?1, ?2, ?3) "
		       "ON CONFLICT (grant_id, year) DO UPDATE SET amount_cents = excluded.amount_cents",
		       "cannot set allocation", err, "ini", grant_id, in->year, in->amount);
	plausible_forced_end(st, &forced);
	return rc;
}

int ledger_set_allocation(struct store *st, const char *ref, int year, int64_t amount,
			  int force, struct ft_error *err)
{
	struct allocation_change change = { ref, year, amount, force };

	if (year < 1900 || year > 2199)
		return ft_fail(err, "invalid fiscal year %d: 1900 to 2199 expected", year);
	if (amount < 0)
		return ft_fail(err, "allocation must not be negative");
	return store_write(st, upsert_allocation, &change, err);
}

/* ---- bookings -------------------------------------------------------- */

struct grant_state {
	int64_t id;
	char status[16];
	char from[DATE_BUF];
	char to[DATE_BUF];
};

static int read_grant_state(struct store *st, const char *ref, struct grant_state *out,
			    struct ft_error *err)
{
	struct db_stmt *stmt;
	int64_t city_id;
	int rc;

	if (ledger_own_city(st, &city_id, err) ||
	    lookup_code(st, city_id, SQL_GRANT_ID, "grant", ref, &out->id, err))
		return -1;
	if (store_prepare(st, "SELECT status, period_from, period_to FROM \"grant\" WHERE id = ?1",
			  &stmt, err))
		return -1;
	db_bind_int64(stmt, 1, out->id);
	rc = db_step(stmt);
	if (rc == DB_ROW) {
		snprintf(out->status, sizeof(out->status), "%s",
			 (const char *)db_column_text(stmt, 0));
		snprintf(out->from, sizeof(out->from), "%s",
			 (const char *)db_column_text(stmt, 1));
		snprintf(out->to, sizeof(out->to), "%s", (const char *)db_column_text(stmt, 2));
	}
	db_finalize(stmt);
	if (rc != DB_ROW)
		return store_fail(st, err, "cannot read grant");
	return 0;
}

struct booking_write {
	const struct booking_input *in;
	int64_t id;
	char *warning;
};

/* An expenditure counts by when it arose (the service date when given,
 * else the payment date): a January payment of December salaries is not
 * outside a period ending 31 December. See checks.c (check_outside) for
 * the sources and what is an assumption. */
static void outside_warning(const struct booking_input *in, const struct grant_state *grant,
			    char warning[FT_ERROR_MSG_MAX])
{
	const char *when = in->service_date ? in->service_date : in->date;
	char date[DATE_BUF], from[DATE_BUF], to[DATE_BUF];

	if (strcmp(when, grant->from) >= 0 && strcmp(when, grant->to) <= 0)
		return;
	date_format_de(when, date);
	date_format_de(grant->from, from);
	date_format_de(grant->to, to);
	snprintf(warning, FT_ERROR_MSG_MAX,
		 "expenditure %s %s is outside the approval period %s to %s of grant '%s' and is "
		 "normally not eligible%s",
		 in->service_date ? "for" : "dated", date, from, to, in->grant_ref,
		 in->service_date || strcmp(when, grant->to) < 0
			 ? ""
			 : " (if it arose in the period, give --service-date)");
}

static int insert_booking(struct store *st, void *arg, struct ft_error *err)
{
	struct booking_write *w = arg;
	const struct booking_input *in = w->in;
	struct grant_state grant;
	struct plausible_force forced = { 0 };
	struct plausible_reason reason;
	int rc;

	if (read_grant_state(st, in->grant_ref, &grant, err))
		return -1;
	if (strcmp(grant.status, "applied") == 0 || strcmp(grant.status, "rejected") == 0 ||
	    strcmp(grant.status, "withdrawn") == 0)
		return ft_fail(err, "grant '%s' is '%s': bookings need an approved grant",
			       in->grant_ref, word_enum_say(&ledger_any_status_enum, grant.status));
	rc = plausible_booking(st, grant.id, in->grant_ref, in->kind, in->amount, in->date,
			       in->service_date, &reason, err);
	if (plausible_apply(st, rc, &reason, in->force, &forced, err))
		return -1;
	if (strcmp(in->kind, "expenditure") == 0)
		outside_warning(in, &grant, w->warning);
	rc = store_run(st,
		       "INSERT INTO booking (grant_id, date, kind, amount_cents, reference, note, "
		       "service_date) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
		       "cannot add booking", err, "ittittt", grant.id, in->date, in->kind,
		       in->amount, in->reference, in->note, in->service_date);
	w->id = db_last_insert_rowid(store_db(st));
	plausible_forced_end(st, &forced);
	return rc;
}

int ledger_add_booking(struct store *st, const struct booking_input *in, int64_t *id_out,
		       char warning_out[FT_ERROR_MSG_MAX], struct ft_error *err)
{
	char warning[FT_ERROR_MSG_MAX] = "";
	struct booking_write w = { in, 0, warning };

	if (ledger_check_enum(N_("booking kind"), in->kind, ledger_booking_kinds, err) ||
	    check_text("booking reference", in->reference, TEXT_FREE, err) ||
	    check_text("booking note", in->note, TEXT_FREE, err))
		return -1;
	if (in->service_date && !date_is_valid_iso(in->service_date))
		return ft_fail(err, "invalid service date '%s'", in->service_date);
	if (in->amount <= 0)
		return ft_fail(err, "booking amount must be positive; to correct a booking, "
				    "reverse it with 'fundtrack book --reverses ID'");
	if (store_write(st, insert_booking, &w, err))
		return -1;
	if (id_out)
		*id_out = w.id;
	if (warning_out)
		snprintf(warning_out, FT_ERROR_MSG_MAX, "%s", warning);
	return 0;
}

struct reversal {
	int64_t original_id;
	const char *date;
	const char *note;
	int64_t id;
};

/* A grant's share of a project booking (schema/010) is reversed with the
 * project booking, so that the split stays whole. */
static int refuse_project_share(struct store *st, int64_t booking_id, struct ft_error *err)
{
	struct db_stmt *stmt;
	int rc;

	if (store_prepare(st,
			  "SELECT s.project_booking_id, p.code FROM project_booking_share s "
			  "JOIN project_booking b ON b.id = s.project_booking_id "
			  "JOIN project p ON p.id = b.project_id WHERE s.booking_id = ?1",
			  &stmt, err))
		return -1;
	db_bind_int64(stmt, 1, booking_id);
	rc = db_step(stmt);
	if (rc == DB_ROW)
		ft_fail(err, "booking %lld is a grant's share of project booking P%lld: reverse the "
			     "whole project booking with 'fundtrack book %s --reverses %lld'",
			(long long)booking_id, (long long)db_column_int64(stmt, 0),
			(const char *)db_column_text(stmt, 1),
			(long long)db_column_int64(stmt, 0));
	db_finalize(stmt);
	if (rc == DB_ROW)
		return -1;
	return rc == DB_DONE ? 0 : store_fail(st, err, "cannot read booking");
}

static int insert_reversal(struct store *st, void *arg, struct ft_error *err)
{
	struct reversal *r = arg;
	struct db_stmt *stmt;
	int64_t city_id;
	int rc;

	if (ledger_own_city(st, &city_id, err))
		return -1;
	if (store_prepare(st,
			  "SELECT b.reverses_id, (SELECT r.id FROM booking r WHERE r.reverses_id = b.id) "
			  "FROM booking b JOIN \"grant\" g ON g.id = b.grant_id "
			  "WHERE b.id = ?1 AND g.city_id = ?2",
			  &stmt, err))
		return -1;
	db_bind_int64(stmt, 1, r->original_id);
	db_bind_int64(stmt, 2, city_id);
	rc = db_step(stmt);
	if (rc == DB_DONE) {
		db_finalize(stmt);
		return ft_fail(err, "no booking with ID %lld in this city (see 'fundtrack bookings')",
			       (long long)r->original_id);
	}
	if (rc == DB_ROW && db_column_type(stmt, 0) != DB_NULL) {
		ft_fail(err, "booking %lld is itself a reversal of booking %lld and cannot be "
			     "reversed; book the amount anew instead",
			(long long)r->original_id, (long long)db_column_int64(stmt, 0));
		db_finalize(stmt);
		return -1;
	}
	if (rc == DB_ROW && db_column_type(stmt, 1) != DB_NULL) {
		ft_fail(err, "booking %lld was already reversed by booking %lld",
			(long long)r->original_id, (long long)db_column_int64(stmt, 1));
		db_finalize(stmt);
		return -1;
	}
	db_finalize(stmt);
	if (rc != DB_ROW)
		return store_fail(st, err, "cannot read booking");
	if (refuse_project_share(st, r->original_id, err))
		return -1;
	if (store_run(st,
		      "INSERT INTO booking (grant_id, date, kind, amount_cents, reference, note, "
		      "reverses_id) SELECT grant_id, ?2, kind, -amount_cents, reference, "
		      "coalesce(?3, 'Storno von Buchung ' || id), id FROM booking WHERE id = ?1",
		      "cannot write the reversal", err, "itt", r->original_id, r->date, r->note))
		return -1;
	r->id = db_last_insert_rowid(store_db(st));
	return 0;
}

int ledger_reverse_booking(struct store *st, int64_t id, const char *date, const char *note,
			   int64_t *id_out, struct ft_error *err)
{
	char today[DATE_BUF];
	struct reversal r = { id, date, note, 0 };

	if (check_text("booking note", note, TEXT_FREE, err))
		return -1;
	if (!date) {
		date_today(today);
		r.date = today;
	}
	if (store_write(st, insert_reversal, &r, err))
		return -1;
	if (id_out)
		*id_out = r.id;
	return 0;
}

int ledger_status_counts(const char *status)
{
	static const char *const counted[] = { "approved", "running", "proof-due", "closed",
					       "revoked" };

	for (size_t i = 0; status && i < sizeof(counted) / sizeof(counted[0]); i++)
		if (strcmp(status, counted[i]) == 0)
			return 1;
	return 0;
}
