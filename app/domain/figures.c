#include "figures.h"
#include "figures_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "map.h"
#include "money.h"
#include "vec.h"

/* ---- budget ------------------------------------------------------------ */

const char *const budget_key_names[BUDGET_NKEYS] = {
	[BUDGET_LEVEL] = "level",	  [BUDGET_FUNDER] = "funder",
	[BUDGET_PROGRAMME] = "programme", [BUDGET_FIELD] = "field",
	[BUDGET_DISTRICT] = "district",	  [BUDGET_PROJECT] = "project",
	[BUDGET_CITY] = "city",
};

int budget_parse_keys(const char *text, enum budget_key keys[BUDGET_NKEYS], int *nkeys,
		      struct ft_error *err)
{
	const char *p = text;

	*nkeys = 0;
	for (;;) {
		size_t len = strcspn(p, ",");
		int found = -1;

		for (int k = 0; k < BUDGET_NKEYS; k++)
			if (strlen(budget_key_names[k]) == len &&
			    strncmp(p, budget_key_names[k], len) == 0)
				found = k;
		if (found < 0)
			return ft_fail(err, "invalid grouping '%.*s' in '%s': expected level, funder, "
					    "programme, field, district, project or city, separated "
					    "by commas", (int)len, p, text);
		for (int i = 0; i < *nkeys; i++)
			if (keys[i] == (enum budget_key)found)
				return ft_fail(err, "grouping '%.*s' is given twice in '%s'", (int)len,
					       p, text);
		keys[(*nkeys)++] = (enum budget_key)found;
		if (p[len] == '\0')
			return 0;
		p += len + 1;
	}
}

/* The error for a figure of grant g that left the int64 range. */
static int fail_grant_figure(const struct gs_grant *g, struct ft_error *err)
{
	char subject[320];

	snprintf(subject, sizeof(subject), "the bookings of grant '%s'", g->ref);
	return money_fail_overflow(err, subject);
}

/* "YYYY-MM-DD" of a day of year (0..9999) by hand: once per grant. */
static void year_day(int year, const char *month_day, char out[DATE_BUF])
{
	out[0] = (char)('0' + year / 1000 % 10);
	out[1] = (char)('0' + year / 100 % 10);
	out[2] = (char)('0' + year / 10 % 10);
	out[3] = (char)('0' + year % 10);
	memcpy(out + 4, month_day, 7); /* "-MM-DD" and the NUL */
}

int figures_of_grant(const struct gs_grant *g, int year, struct budget_figures *out,
		     struct ft_error *err)
{
	char from[DATE_BUF], to[DATE_BUF];
	const char *lo = NULL, *hi = NULL;
	int64_t base;

	memset(out, 0, sizeof(*out));
	if (year > 0 && year <= 9999) {
		year_day(year, "-01-01", from);
		year_day(year, "-12-31", to);
		lo = from;
		hi = to;
	} else if (year) {
		snprintf(from, sizeof(from), "%04d-01-01", year);
		snprintf(to, sizeof(to), "%04d-12-31", year);
		lo = from;
		hi = to;
	}
	out->approved = g->approved;
	if (gs_allocated(g, year, &out->allocated, err) ||
	    gs_sum(g, GS_DRAWDOWN, lo, hi, &out->drawn, err) ||
	    gs_sum(g, GS_EXPENDITURE, lo, hi, &out->spent, err) ||
	    gs_sum(g, GS_REPAYMENT, lo, hi, &out->repaid, err))
		return -1;
	if (money_sub(out->drawn, out->spent, &out->open) ||
	    money_sub(out->open, out->repaid, &out->open))
		return fail_grant_figure(g, err);
	base = year ? out->allocated : out->approved;
	if (money_sub(base, out->drawn, &out->remaining) ||
	    money_add(out->remaining, out->repaid, &out->remaining))
		return fail_grant_figure(g, err);
	return 0;
}

/* sum += f, figure by figure; -1 when one leaves the int64 range. */
static int add_figures(struct budget_figures *sum, const struct budget_figures *f)
{
	return money_add(sum->approved, f->approved, &sum->approved) ||
	       money_add(sum->allocated, f->allocated, &sum->allocated) ||
	       money_add(sum->drawn, f->drawn, &sum->drawn) ||
	       money_add(sum->spent, f->spent, &sum->spent) ||
	       money_add(sum->repaid, f->repaid, &sum->repaid) ||
	       money_add(sum->open, f->open, &sum->open) ||
	       money_add(sum->remaining, f->remaining, &sum->remaining)
		       ? -1
		       : 0;
}

int figures_touches_year(const struct gs_grant *g, int year)
{
	char prefix[8];

	if (date_year(g->from) <= year && year <= date_year(g->to))
		return 1;
	for (size_t i = 0; i < g->nallocations; i++)
		if (g->allocations[i].year == year)
			return 1;
	if (g->nbookings == 0)
		return 0;
	snprintf(prefix, sizeof(prefix), "%04d-", year);
	for (size_t i = 0; i < g->nbookings; i++)
		if (strncmp(g->bookings[i].date, prefix, 5) == 0)
			return 1;
	return 0;
}

static const char *key_value(const struct grantset *gs, const struct gs_grant *g,
			     enum budget_key k)
{
	const struct gs_project *p = gs_project_of(gs, g);

	switch (k) {
	case BUDGET_LEVEL:
		return gs_level_names[g->level];
	case BUDGET_FUNDER:
		return g->funder;
	case BUDGET_PROGRAMME:
		return g->programme;
	case BUDGET_FIELD:
		return p->field;
	case BUDGET_DISTRICT:
		return p->district;
	case BUDGET_PROJECT:
		return p->code;
	case BUDGET_CITY:
	case BUDGET_NKEYS:
		break;
	}
	return p->city;
}

int budget_query_passes(const struct budget_query *q, const char *const values[BUDGET_NKEYS],
			const char *status, const char *from, const char *to)
{
	for (int k = 0; k < BUDGET_NKEYS; k++)
		if (q->only[k] && (!values[k] || strcmp(values[k], q->only[k]) != 0))
			return 0;
	if (q->status && strcmp(status, q->status) != 0)
		return 0;
	/* the approval period [from, to] overlaps the range */
	return (!q->from[0] || strcmp(to, q->from) >= 0) && (!q->to[0] || strcmp(from, q->to) <= 0);
}

/* 1 when g passes the query's filters. */
static int passes_filters(const struct grantset *gs, const struct budget_query *q,
			  const struct gs_grant *g)
{
	const char *values[BUDGET_NKEYS] = { 0 };

	for (int k = 0; k < BUDGET_NKEYS; k++)
		if (q->only[k])
			values[k] = key_value(gs, g, (enum budget_key)k);
	return budget_query_passes(q, values, g->status, g->from, g->to);
}

/* The text key of a group in the row index: each key as its length, ':'
 * and its bytes, or '-' for none, so no two groups share one. Malloc'ed;
 * NULL when out of memory. */
static char *group_key(const struct budget_query *q, const char *const keys[BUDGET_NKEYS])
{
	size_t len = 1, at = 0;
	char *text;

	for (int k = 0; k < q->nkeys; k++)
		len += keys[k] ? strlen(keys[k]) + 24 : 1; /* 20 digits at most, ":" */
	if (!(text = malloc(len)))
		return NULL;
	for (int k = 0; k < q->nkeys; k++) {
		size_t n = keys[k] ? strlen(keys[k]) : 0, rest = n, nd = 0;
		char digits[24];

		if (!keys[k]) {
			text[at++] = '-';
			continue;
		}
		/* "length:text", by hand: one key per grant of a budget */
		do {
			digits[nd++] = (char)('0' + rest % 10);
			rest /= 10;
		} while (rest > 0);
		while (nd > 0)
			text[at++] = digits[--nd];
		text[at++] = ':';
		memcpy(text + at, keys[k], n);
		at += n;
	}
	text[at] = '\0';
	return text;
}

/* The row of g's group, a new zeroed one when it is the first grant of the
 * group; index maps group keys to row numbers + 1, so grouping 100,000
 * grants into as many rows stays linear. NULL when out of memory. */
static struct budget_row *row_of_group(struct budget_result *r, const struct budget_query *q,
				       const char *const keys[BUDGET_NKEYS], size_t *cap,
				       struct map *index)
{
	char *key = group_key(q, keys);
	size_t *number = key ? map_put_text(index, key) : NULL;
	struct budget_row *row;

	free(key);
	if (!number)
		return NULL;
	if (*number)
		return &r->rows[*number - 1];
	if (!(row = VEC_PUSH(r->rows, r->nrows, *cap))) {
		*number = 0; /* left in the map as "no row yet" */
		return NULL;
	}
	memcpy(row->keys, keys, sizeof(row->keys));
	*number = r->nrows;
	return row;
}

int budget_add_grant(struct budget_result *r, const struct budget_query *q,
		     const char *const keys[BUDGET_NKEYS], const struct budget_figures *f,
		     size_t *cap, struct map *index, struct ft_error *err)
{
	struct budget_row *row;

	if (!(row = row_of_group(r, q, keys, cap, index)))
		return ft_fail(err, "out of memory");
	if (add_figures(&row->f, f) || add_figures(&r->total, f))
		return money_fail_overflow(err, "the grants of the budget");
	row->ngrants++;
	r->ngrants++;
	return 0;
}

static int add_to_group(struct budget_result *r, const struct grantset *gs,
			const struct budget_query *q, const struct gs_grant *g, size_t *cap,
			struct map *index, struct ft_error *err)
{
	const char *keys[BUDGET_NKEYS] = { 0 };
	struct budget_figures f;

	for (int k = 0; k < q->nkeys; k++)
		keys[k] = key_value(gs, g, q->keys[k]);
	if (figures_of_grant(g, q->year, &f, err))
		return -1;
	return budget_add_grant(r, q, keys, &f, cap, index, err);
}

static int level_rank(const char *name)
{
	for (int i = 0; i < GS_NLEVELS; i++)
		if (strcmp(name, gs_level_names[i]) == 0)
			return i;
	return GS_NLEVELS;
}

/* qsort has no context argument; the keys of the running sort. */
static const struct budget_query *sort_query;

static int compare_key(enum budget_key k, const char *a, const char *b)
{
	if (!a || !b)
		return (a == NULL) - (b == NULL); /* "none" sorts last */
	if (k == BUDGET_LEVEL)
		return level_rank(a) - level_rank(b);
	return strcmp(a, b);
}

static int compare_rows(const void *pa, const void *pb)
{
	const struct budget_row *a = pa, *b = pb;

	for (int k = 0; k < sort_query->nkeys; k++) {
		int c = compare_key(sort_query->keys[k], a->keys[k], b->keys[k]);

		if (c)
			return c;
	}
	return 0;
}

int figures_budget_of(const struct grantset *gs, const struct budget_query *q,
		      struct budget_result *out, struct ft_error *err)
{
	struct map index = MAP_INIT(MAP_TEXT, size_t);
	size_t cap = 0;

	memset(out, 0, sizeof(*out));
	if (q->nkeys < 1 || q->nkeys > BUDGET_NKEYS)
		return ft_fail(err, "a budget needs at least one grouping");
	for (size_t i = 0; i < gs->ngrants; i++) {
		const struct gs_grant *g = &gs->grants[i];

		if (!g->counted || (q->year && !figures_touches_year(g, q->year)) || !passes_filters(gs, q, g))
			continue;
		if (add_to_group(out, gs, q, g, &cap, &index, err)) {
			map_free(&index);
			budget_result_release(out);
			return -1;
		}
	}
	map_free(&index);
	budget_finish(out, q);
	return 0;
}

void budget_finish(struct budget_result *out, const struct budget_query *q)
{
	sort_query = q;
	if (out->nrows > 1)
		qsort(out->rows, out->nrows, sizeof(out->rows[0]), compare_rows);
	for (size_t i = 0; i < out->nrows; i++) {
		struct budget_figures *f = &out->rows[i].f;

		f->share_bp = q->year ? money_share_bp(f->allocated, out->total.allocated)
				      : money_share_bp(f->approved, out->total.approved);
	}
	out->total.share_bp = q->year ? money_share_bp(out->total.allocated, out->total.allocated)
				      : money_share_bp(out->total.approved, out->total.approved);
}

void budget_result_release(struct budget_result *r)
{
	free(r->rows);
	grantset_release(&r->gs);
	map_free(&r->strings);
	memset(r, 0, sizeof(*r));
}

/* ---- financing plan ------------------------------------------------------ */

static int compare_plan_grants(const void *pa, const void *pb)
{
	const struct gs_grant *a = ((const struct plan_grant *)pa)->grant;
	const struct gs_grant *b = ((const struct plan_grant *)pb)->grant;
	int c = strcmp(a->from, b->from);

	if (c)
		return c;
	if (a->level != b->level)
		return (int)a->level - (int)b->level;
	return strcmp(a->ref, b->ref);
}

static struct plan_year *year_row(struct plan_result *r, int year, size_t *cap)
{
	size_t i = 0;

	while (i < r->nyears && r->years[i].year < year)
		i++;
	if (i < r->nyears && r->years[i].year == year)
		return &r->years[i];
	if (VEC_RESERVE(r->years, *cap, r->nyears + 1))
		return NULL;
	memmove(&r->years[i + 1], &r->years[i], (r->nyears - i) * sizeof(r->years[0]));
	r->nyears++;
	memset(&r->years[i], 0, sizeof(r->years[i]));
	r->years[i].year = year;
	return &r->years[i];
}

/* Adds amount to a row's figure and its total. */
static int add_to_row(int64_t *figure, int64_t *total, int64_t amount)
{
	return money_add(*figure, amount, figure) || money_add(*total, amount, total) ? -1 : 0;
}

static int plan_allocations(struct plan_result *r, const struct gs_grant *g, size_t *cap,
			    struct ft_error *err)
{
	for (size_t a = 0; a < g->nallocations; a++) {
		struct plan_year *y = year_row(r, g->allocations[a].year, cap);
		int64_t amount = g->allocations[a].amount;

		if (!y)
			return ft_fail(err, "out of memory");
		if (add_to_row(&y->level[g->level], &y->total, amount) ||
		    add_to_row(&r->year_total.level[g->level], &r->year_total.total, amount))
			return money_fail_overflow(err, "the yearly allocations of the project");
	}
	return 0;
}

static int plan_collect(struct plan_result *r, size_t project, struct ft_error *err)
{
	size_t years_cap = 0;

	for (size_t i = 0; i < r->set->ngrants; i++) {
		const struct gs_grant *g = &r->set->grants[i];

		if (g->project != project)
			continue;
		r->grants[r->ngrants++].grant = g;
		if (g->counted) {
			if (add_to_row(&r->levels[g->level].approved, &r->approved, g->approved))
				return money_fail_overflow(err, "the approved grants of the project");
			if (plan_allocations(r, g, &years_cap, err))
				return -1;
		} else if (strcmp(g->status, "applied") == 0) {
			if (add_to_row(&r->levels[g->level].applied, &r->applied, g->approved))
				return money_fail_overflow(err, "the open applications of the project");
		}
	}
	return 0;
}

static int plan_shares(struct plan_result *r, struct ft_error *err)
{
	for (size_t i = 0; i < r->ngrants; i++)
		r->grants[i].share_bp = r->grants[i].grant->counted
						? money_share_bp(r->grants[i].grant->approved,
								 r->approved)
						: 0;
	for (int l = 0; l < GS_NLEVELS; l++)
		r->levels[l].share_bp = money_share_bp(r->levels[l].approved, r->approved);
	r->own = r->levels[GS_MUNICIPAL].approved;
	r->own_share_bp = r->levels[GS_MUNICIPAL].share_bp;
	if (money_sub(r->approved, r->own, &r->third_party))
		return money_fail_overflow(err, "the approved grants of the project");
	r->costs_share_bp = r->project->costs > 0 ? money_share_bp(r->approved, r->project->costs)
						  : -1;
	for (size_t y = 0; y < r->nyears; y++)
		r->years[y].own_share_bp =
			money_share_bp(r->years[y].level[GS_MUNICIPAL], r->years[y].total);
	r->year_total.own_share_bp =
		money_share_bp(r->year_total.level[GS_MUNICIPAL], r->year_total.total);
	return 0;
}

int figures_plan(struct store *st, const char *code, struct plan_result *out,
		 struct ft_error *err)
{
	struct grantset gs;

	memset(out, 0, sizeof(*out));
	if (grantset_load_sums(&gs, st, GS_OWN_CITY, NULL, 0, err))
		return -1;
	if (figures_plan_of(&gs, code, out, err)) {
		grantset_release(&gs);
		return -1;
	}
	out->gs = gs; /* the plan points into it */
	out->set = &out->gs;
	return 0;
}

int figures_plan_of(const struct grantset *gs, const char *code, struct plan_result *out,
		    struct ft_error *err)
{
	size_t project;

	memset(out, 0, sizeof(*out));
	out->set = gs;
	out->project = gs_find_project_code(gs, code);
	if (!out->project) {
		plan_result_release(out);
		return ft_fail(err, "no project '%s' (see 'fundtrack project list')", code);
	}
	project = (size_t)(out->project - gs->projects);
	out->grants = calloc(gs->ngrants ? gs->ngrants : 1, sizeof(*out->grants));
	if (!out->grants) {
		plan_result_release(out);
		return ft_fail(err, "out of memory");
	}
	if (plan_collect(out, project, err)) {
		plan_result_release(out);
		return -1;
	}
	if (out->ngrants > 1)
		qsort(out->grants, out->ngrants, sizeof(out->grants[0]), compare_plan_grants);
	if (plan_shares(out, err)) {
		plan_result_release(out);
		return -1;
	}
	return 0;
}

void plan_result_release(struct plan_result *r)
{
	free(r->grants);
	free(r->years);
	grantset_release(&r->gs);
	memset(r, 0, sizeof(*r));
}

/* ---- chains -------------------------------------------------------------- */

void figures_project_period(const struct grantset *gs, const struct gs_project *p,
			    char start[DATE_BUF], char end[DATE_BUF])
{
	size_t n;
	const size_t *grants = gs_grants_of_project(gs, (size_t)(p - gs->projects), &n);

	memcpy(start, p->start, DATE_BUF);
	memcpy(end, p->end, DATE_BUF);
	for (size_t i = 0; i < n && (!p->start[0] || !p->end[0]); i++) {
		const struct gs_grant *g = &gs->grants[grants[i]];

		if (strcmp(g->status, "rejected") == 0)
			continue;
		if (!p->start[0] && (!start[0] || strcmp(g->from, start) < 0))
			memcpy(start, g->from, DATE_BUF);
		if (!p->end[0] && (!end[0] || strcmp(g->to, end) > 0))
			memcpy(end, g->to, DATE_BUF);
	}
}

/* For every project the index of its successor (the first project naming
 * it as predecessor), or (size_t)-1; built once, so chains stay linear. */
static size_t *successors_of(const struct grantset *gs)
{
	size_t *next = malloc((gs->nprojects + 1) * sizeof(*next));

	if (!next)
		return NULL;
	for (size_t i = 0; i < gs->nprojects; i++)
		next[i] = (size_t)-1;
	for (size_t i = 0; i < gs->nprojects; i++) {
		const struct gs_project *pred = gs->projects[i].predecessor_id
			? gs_find_project(gs, gs->projects[i].predecessor_id) : NULL;
		size_t p = pred ? (size_t)(pred - gs->projects) : 0;

		if (pred && next[p] == (size_t)-1)
			next[p] = i;
	}
	return next;
}

static void link_gap(struct chain *c, struct chain_link *link)
{
	const struct chain_link *prev = link - 1;

	if (link == c->links || !prev->end[0] || !link->start[0])
		return;
	link->has_gap = 1;
	link->gap_days = date_to_days(link->start) - date_to_days(prev->end) - 1;
	if (link->gap_days > 0) {
		c->ngaps++;
		c->gap_days += link->gap_days;
	} else if (link->gap_days < 0) {
		c->noverlaps++;
	}
}

static void chain_span(struct chain *c)
{
	c->length_days = -1;
	for (size_t i = 0; i < c->nlinks; i++) {
		if (!c->start[0] && c->links[i].start[0])
			memcpy(c->start, c->links[i].start, DATE_BUF);
		if (c->links[i].end[0])
			memcpy(c->end, c->links[i].end, DATE_BUF);
	}
	if (c->start[0] && c->end[0] && strcmp(c->end, c->start) >= 0)
		c->length_days = date_to_days(c->end) - date_to_days(c->start) + 1;
}

/* Follows successors from first, marking projects as visited. */
static int build_chain(struct chain_result *r, size_t first, const size_t *successor,
		       unsigned char *visited)
{
	const struct grantset *gs = r->set;
	struct chain *c = &r->chains[r->nchains];
	size_t cap = 0;

	memset(c, 0, sizeof(*c));
	for (size_t p = first; p != (size_t)-1 && !visited[p]; p = successor[p]) {
		struct chain_link *link;

		if (!(link = VEC_PUSH(c->links, c->nlinks, cap))) {
			free(c->links);
			return -1;
		}
		visited[p] = 1;
		link->project = &gs->projects[p];
		figures_project_period(gs, link->project, link->start, link->end);
		link_gap(c, link);
	}
	chain_span(c);
	r->nchains++;
	return 0;
}

static int compare_chains(const void *pa, const void *pb)
{
	const struct chain *a = pa, *b = pb;
	int c;

	/* Chains with unknown dates go last. */
	if (!a->start[0] || !b->start[0])
		c = (a->start[0] == '\0') - (b->start[0] == '\0');
	else
		c = strcmp(a->start, b->start);
	return c ? c : strcmp(a->links[0].project->code, b->links[0].project->code);
}

static int starts_chain(const struct grantset *gs, const struct gs_project *p)
{
	return p->predecessor_id == 0 || !gs_find_project(gs, p->predecessor_id);
}

int figures_chains_of(const struct grantset *gs, struct chain_result *out,
		      struct ft_error *err)
{
	unsigned char *visited;
	size_t *successor;
	int rc = 0;

	if (gs != &out->gs)
		memset(&out->gs, 0, sizeof(out->gs));
	out->nchains = 0;
	out->set = gs;
	out->chains = calloc(gs->nprojects + 1, sizeof(*out->chains));
	visited = calloc(gs->nprojects + 1, 1);
	successor = successors_of(gs);
	if (!visited || !out->chains || !successor)
		rc = -1;
	/* Roots first; whatever is left belongs to a cycle, which the ledger
	 * should never let in, and is cut open where it is first met. */
	for (int pass = 0; pass < 2 && rc == 0; pass++)
		for (size_t i = 0; i < gs->nprojects && rc == 0; i++)
			if (!visited[i] && (pass == 1 || starts_chain(gs, &gs->projects[i])))
				rc = build_chain(out, i, successor, visited);
	free(visited);
	free(successor);
	if (rc) {
		chain_result_release(out);
		return ft_fail(err, "out of memory");
	}
	if (out->nchains > 1)
		qsort(out->chains, out->nchains, sizeof(out->chains[0]), compare_chains);
	return 0;
}

int figures_chains(struct store *st, struct chain_result *out, struct ft_error *err)
{
	memset(out, 0, sizeof(*out));
	if (grantset_load_sums(&out->gs, st, GS_OWN_CITY, NULL, 0, err))
		return -1;
	return figures_chains_of(&out->gs, out, err);
}

void chain_result_release(struct chain_result *r)
{
	for (size_t i = 0; i < r->nchains; i++)
		free(r->chains[i].links);
	free(r->chains);
	grantset_release(&r->gs);
	memset(r, 0, sizeof(*r));
}

const struct chain *figures_chain_of(const struct chain_result *r, const char *code,
				     size_t *position)
{
	for (size_t i = 0; i < r->nchains; i++)
		for (size_t l = 0; l < r->chains[i].nlinks; l++)
			if (strcmp(r->chains[i].links[l].project->code, code) == 0) {
				if (position)
					*position = l;
				return &r->chains[i];
			}
	return NULL;
}
