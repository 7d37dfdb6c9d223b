/* network.c - the figures of the city comparison. */
#include "network.h"

#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "money.h"
#include "vec.h"

const char *const network_fields[NETWORK_FIELDS] = { "housing", "health", "language",
						      "qualification", "social-work" };

static int load_cities(struct store *st, struct network_result *r, struct ft_error *err)
{
	struct db_stmt *stmt;
	size_t cap = 0;
	int rc;

	if (store_prepare(st, "SELECT name, ags, population, own FROM city ORDER BY own DESC, name",
			  &stmt, err))
		return -1;
	while ((rc = db_step(stmt)) == DB_ROW) {
		struct network_city *c;

		if (!(c = VEC_PUSH(r->cities, r->ncities, cap)))
			break;
		c->name = strdup((const char *)db_column_text(stmt, 0));
		c->ags = strdup((const char *)db_column_text(stmt, 1));
		c->population = db_column_int64(stmt, 2);
		c->own = db_column_int(stmt, 3);
		c->per_inhabitant = -1;
		c->gap_days_per_chain = -1;
		if (!c->name || !c->ags)
			break;
	}
	db_finalize(stmt);
	if (rc == DB_ROW)
		return ft_fail(err, "out of memory");
	if (rc != DB_DONE)
		return store_fail(st, err, "cannot read the cities");
	return 0;
}

/* By a map, not a search of the cities: it is asked once per project, grant
 * and budget row (17 million compares for 100 cities x 1,000 projects). */
static struct network_city *city_named(struct network_result *r, const char *name)
{
	const size_t *at = name ? map_find_text(&r->names, name) : NULL;

	return at ? &r->cities[*at - 1] : NULL;
}

/* The map of city_named; the first of equal names wins, as the search did. */
static int index_city_names(struct network_result *r, struct ft_error *err)
{
	r->names = (struct map)MAP_INIT(MAP_TEXT, size_t);
	for (size_t i = 0; i < r->ncities; i++) {
		size_t *at = map_put_text(&r->names, r->cities[i].name);

		if (!at)
			return ft_fail(err, "out of memory");
		if (!*at)
			*at = i + 1;
	}
	return 0;
}

static int field_index(const char *field)
{
	for (int f = 0; f < NETWORK_FIELDS; f++)
		if (field && strcmp(field, network_fields[f]) == 0)
			return f;
	return -1;
}

static int level_index(const char *level)
{
	for (int l = 0; l < GS_NLEVELS; l++)
		if (level && strcmp(level, gs_level_names[l]) == 0)
			return l;
	return -1;
}

static int64_t funding_of(const struct network_result *r, const struct budget_figures *f)
{
	return r->year ? f->allocated : f->approved;
}

/* The budget by city (and k2, k3); from gs when given (loaded by the
 * first call), else loaded from st into out->gs. */
static int budget_by(struct store *st, const struct grantset *gs, const struct network_result *r,
		     enum budget_key k2, enum budget_key k3, struct budget_result *out,
		     struct ft_error *err)
{
	struct budget_query q = { .keys = { BUDGET_CITY, k2, k3 }, .year = r->year };

	q.nkeys = k2 == BUDGET_NKEYS ? 1 : k3 == BUDGET_NKEYS ? 2 : 3;
	memcpy(q.as_of, r->as_of, DATE_BUF);
	return gs ? figures_budget_of(gs, &q, out, err) : figures_budget(st, &q, out, err);
}

static int city_totals(struct network_result *r, const struct budget_result *b,
		       struct ft_error *err)
{
	for (size_t i = 0; i < b->nrows; i++) {
		struct network_city *c = city_named(r, b->rows[i].keys[0]);

		if (!c)
			continue;
		c->funding = funding_of(r, &b->rows[i].f);
		c->ngrants = b->rows[i].ngrants;
	}
	for (size_t i = 0; i < r->ncities; i++) {
		struct network_city *c = &r->cities[i];

		if (c->population <= 0)
			continue;
		if (money_add(c->funding, c->population / 2, &c->per_inhabitant))
			return money_fail_overflow(err, "the grants of the network");
		c->per_inhabitant /= c->population; /* rounded half up */
	}
	return 0;
}

static void city_levels(struct network_result *r, const struct budget_result *b)
{
	for (size_t i = 0; i < b->nrows; i++) {
		struct network_city *c = city_named(r, b->rows[i].keys[0]);
		int l = level_index(b->rows[i].keys[1]);

		if (c && l >= 0)
			c->level[l] = funding_of(r, &b->rows[i].f);
	}
	for (size_t i = 0; i < r->ncities; i++)
		for (int l = 0; l < GS_NLEVELS; l++)
			r->cities[i].level_bp[l] =
				money_share_bp(r->cities[i].level[l], r->cities[i].funding);
}

static void city_fields(struct network_result *r, const struct budget_result *by_field,
			const struct budget_result *by_project)
{
	for (size_t i = 0; i < by_field->nrows; i++) {
		struct network_city *c = city_named(r, by_field->rows[i].keys[0]);
		int f = field_index(by_field->rows[i].keys[1]);

		if (c && f >= 0)
			c->field_funding[f] = funding_of(r, &by_field->rows[i].f);
	}
	/* A project has one field, so it is one row of (city, field, project). */
	for (size_t i = 0; i < by_project->nrows; i++) {
		struct network_city *c = city_named(r, by_project->rows[i].keys[0]);
		int f = field_index(by_project->rows[i].keys[1]);

		if (!c)
			continue;
		c->funded_projects++;
		if (f >= 0)
			c->field_projects[f]++;
	}
}

static void city_field_levels(struct network_result *r, const struct budget_result *b)
{
	for (size_t i = 0; i < b->nrows; i++) {
		struct network_city *c = city_named(r, b->rows[i].keys[0]);
		int f = field_index(b->rows[i].keys[1]), l = level_index(b->rows[i].keys[2]);

		if (c && f >= 0 && l >= 0)
			c->field_level[f][l] = funding_of(r, &b->rows[i].f);
	}
}

static int city_chains(struct network_result *r, const struct grantset *gs, struct ft_error *err)
{
	struct chain_result chains;

	for (size_t i = 0; i < gs->nprojects; i++) {
		struct network_city *c = city_named(r, gs->projects[i].city);

		if (c)
			c->projects++;
	}
	if (figures_chains_of(gs, &chains, err))
		return -1;
	for (size_t i = 0; i < chains.nchains; i++) {
		const struct chain *ch = &chains.chains[i];
		struct network_city *c = city_named(r, ch->links[0].project->city);

		if (!c || ch->nlinks < 2)
			continue;
		c->chains++;
		c->chain_links += ch->nlinks;
		c->gap_days += ch->gap_days;
	}
	chain_result_release(&chains);
	for (size_t i = 0; i < r->ncities; i++) {
		struct network_city *c = &r->cities[i];

		c->chain_share_bp = money_share_bp((int64_t)c->chain_links, (int64_t)c->projects);
		if (c->chains)
			c->gap_days_per_chain = (c->gap_days + (long)c->chains / 2) / (long)c->chains;
	}
	return 0;
}

/* For every project: 1 when a follow-up (a project naming it as
 * predecessor) has a counted grant. */
static unsigned char *followed_up(const struct grantset *gs)
{
	unsigned char *counted = calloc(gs->nprojects + 1, 1);
	unsigned char *followed = calloc(gs->nprojects + 1, 1);

	if (!counted || !followed) {
		free(counted);
		free(followed);
		return NULL;
	}
	for (size_t i = 0; i < gs->ngrants; i++)
		if (gs->grants[i].counted)
			counted[gs->grants[i].project] = 1;
	for (size_t i = 0; i < gs->nprojects; i++) {
		const struct gs_project *pred;

		if (!gs->projects[i].predecessor_id || !counted[i])
			continue;
		pred = gs_find_project(gs, gs->projects[i].predecessor_id);
		if (pred)
			followed[pred - gs->projects] = 1;
	}
	free(counted);
	return followed;
}

static int city_endings(struct network_result *r, const struct grantset *gs, struct ft_error *err)
{
	unsigned char *followed = followed_up(gs);
	long today = date_to_days(r->as_of);

	if (!followed)
		return ft_fail(err, "out of memory");
	for (size_t i = 0; i < gs->ngrants; i++) {
		const struct gs_grant *g = &gs->grants[i];
		const struct gs_project *p = gs_project_of(gs, g);
		struct network_city *c = city_named(r, p->city);
		long left = date_to_days(g->to) - today;
		int slot = date_year(g->to) - r->first_ending_year;

		if (!c || !g->counted)
			continue;
		if ((left >= 0 && left <= NETWORK_ENDING_DAYS && !followed[g->project] &&
		     money_add(c->ending_no_follow_up, g->approved, &c->ending_no_follow_up)) ||
		    (slot >= 0 && slot < NETWORK_YEARS &&
		     money_add(c->ending[slot], g->approved, &c->ending[slot]))) {
			free(followed);
			return money_fail_overflow(err, "the grants ending in the network");
		}
	}
	free(followed);
	return 0;
}

/* FT-ALLOC-ABOVE-APPROVED: a grant whose yearly allocations add up to
 * more than its approved amount has figures that cannot be true; in the
 * comparison of one year (whose funding is the year's allocations) it is
 * left out and counted in r->left_out. */
static int leave_out_implausible(struct network_result *r, struct grantset *gs,
				 struct ft_error *err)
{
	for (size_t i = 0; r->year && i < gs->ngrants; i++) {
		struct gs_grant *g = &gs->grants[i];
		int64_t allocated;

		if (!g->counted)
			continue;
		if (gs_allocated(g, 0, &allocated, err))
			return -1;
		if (allocated > g->approved) {
			g->counted = 0;
			r->left_out++;
		}
	}
	return 0;
}

static int compute(struct store *st, struct network_result *r, struct ft_error *err)
{
	struct budget_result total, levels, fields, projects, field_levels;
	struct grantset gs;
	int rc;

	memset(&total, 0, sizeof(total));
	memset(&levels, 0, sizeof(levels));
	memset(&fields, 0, sizeof(fields));
	memset(&projects, 0, sizeof(projects));
	memset(&field_levels, 0, sizeof(field_levels));
	/* one load of every city's grants for all five budgets, their
	 * bookings as the sums per year (schema/014): no figure here needs a
	 * single booking */
	if (grantset_load_sums(&gs, st, GS_ALL_CITIES, r->as_of, r->year, err))
		return -1;
	rc = leave_out_implausible(r, &gs, err);
	if (rc == 0)
		rc = budget_by(st, &gs, r, BUDGET_NKEYS, BUDGET_NKEYS, &total, err);
	if (rc == 0)
		rc = budget_by(st, &gs, r, BUDGET_LEVEL, BUDGET_NKEYS, &levels, err);
	if (rc == 0)
		rc = budget_by(st, &gs, r, BUDGET_FIELD, BUDGET_NKEYS, &fields, err);
	if (rc == 0)
		rc = budget_by(st, &gs, r, BUDGET_FIELD, BUDGET_PROJECT, &projects, err);
	if (rc == 0)
		rc = budget_by(st, &gs, r, BUDGET_FIELD, BUDGET_LEVEL, &field_levels, err);
	if (rc == 0)
		rc = city_totals(r, &total, err);
	if (rc == 0) {
		city_levels(r, &levels);
		city_fields(r, &fields, &projects);
		city_field_levels(r, &field_levels);
		rc = city_chains(r, &gs, err);
	}
	if (rc == 0)
		rc = city_endings(r, &gs, err);
	grantset_release(&gs);
	budget_result_release(&total);
	budget_result_release(&levels);
	budget_result_release(&fields);
	budget_result_release(&projects);
	budget_result_release(&field_levels);
	return rc;
}

static int load_and_compute(struct store *st, void *arg, struct ft_error *err)
{
	struct network_result *out = arg;

	return load_cities(st, out, err) || index_city_names(out, err) || compute(st, out, err)
		       ? -1 : 0;
}

int network_figures(struct store *st, int year, const char *as_of, struct network_result *out,
		    struct ft_error *err)
{
	memset(out, 0, sizeof(*out));
	out->year = year;
	if (as_of && *as_of)
		memcpy(out->as_of, as_of, DATE_BUF);
	else
		date_today(out->as_of);
	out->first_ending_year = date_year(out->as_of);
	/* one read transaction: the cities and their grants from the same state */
	if (store_read(st, load_and_compute, out, err)) {
		network_result_release(out);
		return -1;
	}
	return 0;
}

void network_result_release(struct network_result *r)
{
	for (size_t i = 0; i < r->ncities; i++) {
		free(r->cities[i].name);
		free(r->cities[i].ags);
	}
	free(r->cities);
	map_free(&r->names);
	memset(r, 0, sizeof(*r));
}
