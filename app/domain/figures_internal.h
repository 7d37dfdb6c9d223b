/* figures_internal.h - the budget's grouping, shared by figures.c (over a
 * loaded grant set) and budget_sums.c (over the booking sums). Not for
 * other callers. */
#ifndef FT_FIGURES_INTERNAL_H
#define FT_FIGURES_INTERNAL_H

#include "figures.h"
#include "map.h"

/* Adds one counted grant's figures f to the row of its group keys (a new
 * row for the first grant of a group; index maps group keys to rows) and
 * to the total; -1 with err when out of memory or a sum overflows. The
 * key texts must outlive r. */
int budget_add_grant(struct budget_result *r, const struct budget_query *q,
		     const char *const keys[BUDGET_NKEYS], const struct budget_figures *f,
		     size_t *cap, struct map *index, struct ft_error *err);

/* Sorts the rows by their keys and sets the shares. */
void budget_finish(struct budget_result *out, const struct budget_query *q);

/* 1 when the grant takes part in the budget of year: its approval period
 * touches the year, or it has an allocation or a booking in it. */
int figures_touches_year(const struct gs_grant *g, int year);

/* 1 when a grant passes the query's filters (budget_query.only, status,
 * from/to), applied before summing: values[k] is the grant's value of key
 * k (enum budget_key), needed only where q->only[k] is set. */
int budget_query_passes(const struct budget_query *q, const char *const values[BUDGET_NKEYS],
			const char *status, const char *from, const char *to);

#endif
