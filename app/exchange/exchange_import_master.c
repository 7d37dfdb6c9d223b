/* exchange_import_master.c - the import of a city's master data: the
 * city itself (and whether it may be imported), districts, funders,
 * programmes and projects, matched by their codes, and the chains of
 * projects (predecessors), linked once every project is written. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "exchange_import_internal.h"
#include "ledger.h"
#include "vec.h"

/* ---- the city ------------------------------------------------------------- */

static int load_codes(struct importer *im, struct code_map *m, const char *sql)
{
	struct db_stmt *s;
	int rc;

	if (store_prepare(im->st, sql, &s, &im->failure)) {
		im->failed = 1;
		return -1;
	}
	db_bind_int64(s, 1, im->city_id);
	while ((rc = db_step(s)) == DB_ROW) {
		struct code_entry *e = code_map_put(m, (const char *)db_column_text(s, 0));

		if (!e) {
			db_finalize(s);
			return imp_out_of_memory(im);
		}
		e->id = db_column_int64(s, 1);
	}
	db_finalize(s);
	if (rc != DB_DONE)
		return imp_fail_db(im, "cannot read the records of city %s", im->ags);
	return 0;
}

static int load_city_records(struct importer *im)
{
	return load_codes(im, &im->districts, "SELECT code, id FROM district WHERE city_id = ?1") ||
	       load_codes(im, &im->funders, "SELECT code, id FROM funder WHERE city_id = ?1") ||
	       load_codes(im, &im->programmes, "SELECT code, id FROM programme WHERE city_id = ?1") ||
	       load_codes(im, &im->projects, "SELECT code, id FROM project WHERE city_id = ?1") ||
	       load_codes(im, &im->grants, "SELECT ref, id FROM \"grant\" WHERE city_id = ?1");
}

/* The city a file is about; row id 0 when the database does not hold it. */
static int find_city(struct importer *im, const char *ags, int64_t *id, int *own)
{
	struct db_stmt *s = imp_stmt(im, S_CITY_FIND);
	int rc;

	*id = 0;
	*own = 0;
	if (!s)
		return -1;
	imp_bind_text(s, 1, ags);
	rc = db_step(s);
	if (rc == DB_ROW) {
		*id = db_column_int64(s, 0);
		*own = db_column_int(s, 1);
	}
	db_reset(s);
	if (rc != DB_ROW && rc != DB_DONE)
		return imp_fail_db(im, "cannot look up city %s", ags);
	return 0;
}

static int find_own_city(struct importer *im, char *ags, size_t ags_size, char *name,
			 size_t name_size)
{
	struct db_stmt *s = imp_stmt(im, S_OWN_CITY);
	int rc;

	ags[0] = name[0] = '\0';
	if (!s)
		return -1;
	rc = db_step(s);
	if (rc == DB_ROW) {
		snprintf(ags, ags_size, "%s", (const char *)db_column_text(s, 0));
		snprintf(name, name_size, "%s", (const char *)db_column_text(s, 1));
	}
	db_reset(s);
	if (rc != DB_ROW && rc != DB_DONE)
		return imp_fail_db(im, "cannot look up the own city");
	return 0;
}

/* Own data is entered here, never imported; --as-own is the one way in,
 * into a database without an own city that does not hold the city yet. */
static int check_city_allowed(struct importer *im, const struct exch_city *c, int64_t id,
			      int own)
{
	char own_ags[16], own_name[128];

	if (find_own_city(im, own_ags, sizeof(own_ags), own_name, sizeof(own_name)))
		return -1;
	if (!im->opts->as_own && own)
		return imp_refuse(im,
			      "the file holds the own city %s %s: its data is entered here, not "
			      "imported (a fresh installation takes data over with 'fundtrack "
			      "import --as-own')",
			      c->ags, c->name);
	if (im->opts->as_own && own_ags[0])
		return imp_refuse(im,
			      "this database already has its own city %s %s: --as-own takes a city "
			      "over only into a database without one",
			      own_ags, own_name);
	if (im->opts->as_own && id)
		return imp_refuse(im,
			      "city %s %s was imported into this database before: --as-own takes a "
			      "city over only into a database that does not hold it",
			      c->ags, c->name);
	return 0;
}

/* A partner city's rows skip the audit row triggers and the row-by-row
 * booking sums until the transaction ends (schema/013_bulk_import.sql,
 * 017_bulk_sums.sql: import_checked recomputes the sums); the own city's
 * never do. */
static int bulk_rows(struct importer *im)
{
	int64_t retired = 0;

	if (im->opts->as_own)
		return 0;
	/* the grants held before (import_checked recomputes their sums), and
	 * whether anything of the city is retired (imp_guard_rows) */
	if (store_audit_bulk_city(im->st, im->city_id, &im->failure) ||
	    store_lookup_id(im->st, "SELECT coalesce(max(id), 0) FROM \"grant\" WHERE city_id = ?2",
			    NULL, im->city_id, &im->grants_held, &im->failure) < 0 ||
	    store_lookup_id(im->st,
			    "SELECT EXISTS (SELECT 1 FROM retirement WHERE "
			    "(table_name = 'city' AND record_id = ?2) OR (table_name = 'district' "
			    "AND record_id IN (SELECT id FROM district WHERE city_id = ?2)) OR "
			    "(table_name = 'programme' AND record_id IN "
			    "(SELECT id FROM programme WHERE city_id = ?2)))",
			    NULL, im->city_id, &retired, &im->failure) < 0) {
		im->failed = 1;
		return -1;
	}
	im->bulk = 1;
	im->retired = retired != 0;
	return 0;
}

int imp_city(struct importer *im, const struct exch_record *rec)
{
	const struct exch_city *c = &rec->u.city;
	struct db_stmt *s;
	int64_t id;
	int own, rc;

	snprintf(im->ags, sizeof(im->ags), "%s", c->ags);
	if (find_city(im, c->ags, &id, &own) || check_city_allowed(im, c, id, own) ||
	    imp_check_delivery(im, c, id))
		return -1;
	im->city_known = 1;
	if (id) {
		im->city_id = id;
		if (!(s = imp_stmt(im, S_CITY_UPDATE)))
			return -1;
		db_bind_int64(s, 1, id);
		imp_bind_text(s, 2, c->name);
		store_bind_opt_int(s, 3, c->population, c->population <= 0);
		if ((rc = imp_run(im, s, "cannot update city %s", c->ags)) < 0)
			return -1;
		imp_count(im, EXCH_CITY, rc ? CHANGED : UNCHANGED, 1);
		return bulk_rows(im) || load_city_records(im);
	}
	if (!(s = imp_stmt(im, S_CITY_INSERT)))
		return -1;
	imp_bind_text(s, 1, c->ags);
	imp_bind_text(s, 2, c->name);
	store_bind_opt_int(s, 3, c->population, c->population <= 0);
	db_bind_int(s, 4, im->opts->as_own ? 1 : 0);
	if (imp_run(im, s, "cannot add city %s", c->ags) < 0)
		return -1;
	im->city_id = db_last_insert_rowid(im->db);
	im->city_new = 1;
	imp_count(im, EXCH_CITY, ADDED, 1);
	return bulk_rows(im);
}

/* ---- districts, funders, programmes, projects, grants --------------------------- */

/* Writes a record found by its code: inserted when new (?1 city, ?2 code,
 * then the fields), else updated when its content differs (?1 row id,
 * then the fields). Returns ADDED, CHANGED or UNCHANGED, or -1; *entry
 * gets the record's map entry. */
int imp_upsert(struct importer *im, struct code_map *m, enum exch_kind kind,
		  const char *code, enum stmt_id insert, enum stmt_id update,
		  bind_fields_fn bind_fields, const struct exch_record *rec,
		  struct code_entry **entry)
{
	struct code_entry *e = code_map_find(m, code);
	int held = e && e->id; /* id 0: a predecessor named before its project */
	struct db_stmt *s = imp_stmt(im, held ? update : insert);
	int rc, change;

	if (!s)
		return -1;
	if (held) {
		db_bind_int64(s, 1, e->id);
		if (bind_fields(im, s, UPSERT_UPDATE_FIRST, rec))
			return -1;
	} else {
		db_bind_int64(s, 1, im->city_id);
		imp_bind_text(s, 2, code);
		if (bind_fields(im, s, UPSERT_INSERT_FIRST, rec))
			return -1;
	}
	rc = held ? imp_run(im, s, "cannot update '%s'", code) : imp_run(im, s, "cannot add '%s'", code);
	if (rc < 0)
		return -1;
	if (!held)
		return imp_added(im, m, kind, code, db_last_insert_rowid(im->db), entry);
	change = rc ? CHANGED : UNCHANGED;
	e->seen = 1;
	e->flag = change == UNCHANGED; /* a new predecessor may still change it */
	imp_count(im, kind, (enum change)change, 1);
	*entry = e;
	return change;
}

int imp_added(struct importer *im, struct code_map *m, enum exch_kind kind, const char *code,
	      int64_t id, struct code_entry **entry)
{
	struct code_entry *e;

	if (m == &im->grants) {
		/* a new grant is not kept: nothing looks it up again (the file
		 * has each reference once) and only grants held before can be
		 * left unseen; 100,000 grants took 16 MB (issue 19) */
		im->new_grant = (struct code_entry){ .id = id, .key = TEXT_NONE };
		e = &im->new_grant;
	} else {
		/* put, not an entry found before: finds since may have moved it */
		if (!(e = code_map_put(m, code)))
			return imp_out_of_memory(im);
		e->id = id;
	}
	e->seen = 1;
	e->flag = 0;
	imp_count(im, kind, ADDED, 1);
	*entry = e;
	return ADDED;
}

static int bind_district(struct importer *im, struct db_stmt *s, int first,
			 const struct exch_record *rec)
{
	(void)im;
	imp_bind_text(s, first, rec->u.district.name);
	db_bind_int(s, first + 1, rec->u.district.action_area);
	return 0;
}

static int bind_funder(struct importer *im, struct db_stmt *s, int first,
		       const struct exch_record *rec)
{
	(void)im;
	imp_bind_text(s, first, rec->u.funder.name);
	imp_bind_text(s, first + 1, rec->u.funder.level);
	return 0;
}

static int bind_programme(struct importer *im, struct db_stmt *s, int first,
			  const struct exch_record *rec)
{
	const struct exch_programme *p = &rec->u.programme;
	struct code_entry *funder = code_map_find(&im->funders, p->funder);

	if (!funder || !funder->seen)
		return imp_unresolved(im, "funder", p->funder);
	imp_bind_text(s, first, p->name);
	db_bind_int64(s, first + 1, funder->id);
	imp_bind_text(s, first + 2, p->fund);
	store_bind_opt_int(s, first + 3, p->rate_bp, p->rate_bp < 0);
	imp_bind_text(s, first + 4, p->financing);
	db_bind_int(s, first + 5, p->drawdown_days);
	db_bind_int(s, first + 6, p->proof_months);
	return 0;
}

static int bind_project(struct importer *im, struct db_stmt *s, int first,
			const struct exch_record *rec)
{
	const struct exch_project *p = &rec->u.project;
	struct code_entry *district = code_map_find(&im->districts, p->district);

	if (p->district && (!district || !district->seen))
		return imp_unresolved(im, "district", p->district);
	imp_bind_text(s, first, p->title);
	imp_bind_text(s, first + 1, p->field);
	imp_bind_id(s, first + 2, district ? district->id : 0);
	imp_bind_text(s, first + 3, p->carrier);
	imp_bind_text(s, first + 4, p->target_group);
	imp_bind_text(s, first + 5, p->start);
	imp_bind_text(s, first + 6, p->end);
	store_bind_opt_int(s, first + 7, p->costs, !p->has_costs);
	if (first == UPSERT_INSERT_FIRST) {
		/* a new project whose predecessor is written already is linked
		 * right away: imp_finish_chains then has no link to write (3 of
		 * 4 projects of a network file have a predecessor; their
		 * updates were 4 % of the writing of an import, issue 19) */
		struct code_entry *pred = p->predecessor ? code_map_find(&im->projects, p->predecessor)
							 : NULL;

		imp_bind_id(s, first + 8, pred && pred->seen ? pred->id : 0);
	}
	return 0;
}

int imp_master(struct importer *im, const struct exch_record *rec)
{
	struct code_entry *e;

	switch (rec->kind) {
	case EXCH_DISTRICT:
		return imp_upsert(im, &im->districts, EXCH_DISTRICT, rec->u.district.code,
			      S_DISTRICT_INSERT, S_DISTRICT_UPDATE, bind_district, rec, &e) < 0;
	case EXCH_FUNDER:
		return imp_upsert(im, &im->funders, EXCH_FUNDER, rec->u.funder.code, S_FUNDER_INSERT,
			      S_FUNDER_UPDATE, bind_funder, rec, &e) < 0;
	case EXCH_PROGRAMME:
		return imp_upsert(im, &im->programmes, EXCH_PROGRAMME, rec->u.programme.code,
			      S_PROGRAMME_INSERT, S_PROGRAMME_UPDATE, bind_programme, rec, &e) < 0;
	default:
		return 0;
	}
}

/* ---- project chains ---------------------------------------------------------- */

/* Predecessors may come later in the file than their successors: a
 * project's entry notes its predecessor's entry (prev, made now when the
 * file has not defined it yet), and they are linked once every project is
 * written. */
int imp_project(struct importer *im, const struct exch_record *rec)
{
	const struct exch_project *p = &rec->u.project;
	struct code_entry *e = code_map_find(&im->projects, p->code);
	int held = e && e->id; /* id 0: a predecessor named before its project */

	if ((!held && im->bulk ? imp_batch_project(im, rec, &e)
			       : imp_upsert(im, &im->projects, EXCH_PROJECT, p->code, S_PROJECT_INSERT,
					    S_PROJECT_UPDATE, bind_project, rec, &e)) < 0)
		return -1;
	if (p->predecessor &&
	    !code_map_set_prev(&im->projects, code_map_number(&im->projects, e), p->predecessor))
		return imp_out_of_memory(im);
	return 0;
}

struct link_change {
	int64_t project;
	int64_t current; /* 0 = none */
	int64_t wanted;
	size_t entry; /* the project's entry number + 1; 0: the file no longer holds it */
};

/* Which projects' predecessors differ from what the file wants. */
static int collect_link_changes(struct importer *im, struct link_change **out, size_t *n)
{
	struct db_stmt *s = imp_stmt(im, S_PROJECT_PREDS);
	struct link_change *slot;
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (!s)
		return -1;
	db_bind_int64(s, 1, im->city_id);
	while ((rc = db_step(s)) == DB_ROW) {
		struct code_entry *e = code_map_find(&im->projects, (const char *)db_column_text(s, 1));
		struct link_change c = { db_column_int64(s, 0), db_column_int64(s, 2),
					 e && e->seen ? e->link : 0,
					 e && e->seen ? code_map_number(&im->projects, e) + 1 : 0 };

		if (c.current == c.wanted)
			continue;
		if (!(slot = VEC_PUSH(*out, *n, cap))) {
			rc = DB_NOMEM;
			break;
		}
		*slot = c;
	}
	db_reset(s);
	if (rc == DB_DONE)
		return 0;
	/* nothing collected survives a failure (this leaked before) */
	free(*out);
	*out = NULL;
	*n = 0;
	if (rc == DB_NOMEM)
		return imp_out_of_memory(im);
	return imp_fail_db(im, "cannot read the project chains of city %s", im->ags);
}

static int set_predecessor(struct importer *im, int64_t project, int64_t predecessor)
{
	struct db_stmt *s = imp_stmt(im, S_PROJECT_SET_PRED);

	if (!s)
		return -1;
	db_bind_int64(s, 1, project);
	imp_bind_id(s, 2, predecessor);
	return imp_run(im, s, "cannot link the projects of city %s", im->ags) < 0 ? -1 : 0;
}

/* Unlinks first, then links: a chain has one successor per project, and a
 * link may move from one project to another. */
static int apply_link_changes(struct importer *im, struct link_change *c, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (c[i].current && set_predecessor(im, c[i].project, 0))
			return -1;
	for (size_t i = 0; i < n; i++) {
		struct code_entry *e = c[i].entry ? code_map_at(&im->projects, c[i].entry - 1) : NULL;

		if (c[i].wanted && set_predecessor(im, c[i].project, c[i].wanted))
			return -1;
		if (c[i].entry && !e)
			return imp_out_of_memory(im);
		if (e && e->flag) {
			e->flag = 0;
			imp_count(im, EXCH_PROJECT, UNCHANGED, -1);
			imp_count(im, EXCH_PROJECT, CHANGED, 1);
		}
	}
	return 0;
}

int imp_finish_chains(struct importer *im)
{
	struct link_change *changes;
	size_t n;
	int rc;

	if (im->chains_done)
		return 0;
	im->chains_done = 1;
	if (imp_flush_batch(im)) /* the projects waiting */
		return -1;
	for (size_t i = 0; i < im->projects.n; i++) {
		struct code_entry *p = code_map_at(&im->projects, i), *pred;

		if (!p)
			return imp_out_of_memory(im);
		if (!p->seen || !p->prev)
			continue;
		if (!(pred = code_map_at(&im->projects, p->prev - 1)))
			return imp_out_of_memory(im);
		if (!pred->seen)
			return imp_unresolved(im, "predecessor project", code_map_key(&im->projects, pred));
		p->link = pred->id;
	}
	if (collect_link_changes(im, &changes, &n))
		return -1;
	rc = apply_link_changes(im, changes, n);
	free(changes);
	return rc;
}
