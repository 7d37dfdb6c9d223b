#include "codes.h"

#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "vec.h"

const char *const codes_kinds[] = { "projects", "programmes", "grants",
				    "funders",	"districts",  "cities", NULL };

#define OWN(alias) " JOIN city c ON c.id = " alias ".city_id AND c.own = 1 "

/* Retired records and withdrawn grants (ledger_fix.h) are no choice. */
#define CURRENT(table, alias)                                                           \
	" AND " alias ".id NOT IN (SELECT record_id FROM retirement WHERE table_name = '" \
	table "') "

static const char *const codes_sql[] = {
	"SELECT p.code, p.title FROM project p" OWN("p") "ORDER BY p.code",
	"SELECT p.code, p.name FROM programme p" OWN("p") CURRENT("programme", "p")
	"ORDER BY p.code",
	"SELECT g.ref, p.code FROM \"grant\" g" OWN("g")
	"JOIN project p ON p.id = g.project_id AND g.status <> 'withdrawn' ORDER BY g.ref",
	"SELECT f.code, f.name FROM funder f" OWN("f") CURRENT("funder", "f") "ORDER BY f.code",
	"SELECT d.code, d.name FROM district d" OWN("d") CURRENT("district", "d")
	"ORDER BY d.code",
	"SELECT ags, name FROM city c WHERE 1 = 1" CURRENT("city", "c") "ORDER BY ags",
};

void code_list_release(struct code_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->codes[i]);
		free(l->names[i]);
	}
	free(l->codes);
	free(l->names);
	memset(l, 0, sizeof(*l));
}

int code_list_has(const struct code_list *l, const char *code)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->codes[i], code) == 0)
			return 1;
	return 0;
}

static int append(struct code_list *l, const char *code, const char *name)
{
	if (VEC_RESERVE(l->codes, l->codes_cap, l->n + 1) ||
	    VEC_RESERVE(l->names, l->names_cap, l->n + 1))
		return -1;
	l->codes[l->n] = strdup(code ? code : "");
	l->names[l->n] = strdup(name ? name : "");
	l->n++;
	return l->codes[l->n - 1] && l->names[l->n - 1] ? 0 : -1;
}

int codes_list(struct store *st, const char *kind, struct code_list *out,
	       struct ft_error *err)
{
	struct db_stmt *stmt = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	for (size_t i = 0; codes_kinds[i] && !stmt; i++)
		if (strcmp(kind, codes_kinds[i]) == 0 && store_prepare(st, codes_sql[i], &stmt, err))
			return -1;
	if (!stmt)
		return ft_fail(err, "unknown kind of code '%s'", kind);
	while ((rc = db_step(stmt)) == DB_ROW) {
		if (append(out, (const char *)db_column_text(stmt, 0),
			   (const char *)db_column_text(stmt, 1))) {
			db_finalize(stmt);
			return ft_fail(err, "out of memory");
		}
	}
	if (rc != DB_DONE)
		store_fail(st, err, "cannot read codes");
	db_finalize(stmt);
	return rc == DB_DONE ? 0 : -1;
}
