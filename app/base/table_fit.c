/* table_fit.c - narrows and drops table columns to fit a width. */
#include "table_fit.h"

static size_t total_width(const size_t *widths, size_t n, size_t gap)
{
	size_t total = 0, visible = 0;

	for (size_t c = 0; c < n; c++) {
		if (widths[c] == 0)
			continue;
		total += widths[c];
		visible++;
	}
	return visible > 1 ? total + gap * (visible - 1) : total;
}

/* Takes one column from the widest column that may still wrap; returns 0
 * when none may. */
static int narrow_widest(const struct fit_column *cols, size_t n, size_t *widths)
{
	size_t best = n;

	for (size_t c = 0; c < n; c++) {
		if (widths[c] == 0 || widths[c] <= cols[c].least)
			continue;
		if (best == n || widths[c] > widths[best])
			best = c;
	}
	if (best == n)
		return 0;
	widths[best]--;
	return 1;
}

/* The visible column dropped next, or n when none may go. */
static size_t next_to_drop(const struct fit_column *cols, size_t n,
			   const unsigned char *dropped)
{
	size_t pick = n;

	for (size_t c = 0; c < n; c++) {
		if (dropped[c] || cols[c].drop_rank == 0)
			continue;
		if (pick == n || cols[c].drop_rank >= cols[pick].drop_rank)
			pick = c;
	}
	return pick;
}

enum { MAX_FIT_COLUMNS = 256 };

size_t table_fit(const struct fit_column *cols, size_t n, size_t limit,
		 size_t gap, size_t *widths)
{
	unsigned char dropped[MAX_FIT_COLUMNS] = { 0 };
	size_t ndropped = 0;

	for (;;) {
		for (size_t c = 0; c < n; c++)
			widths[c] = c < MAX_FIT_COLUMNS && dropped[c] ? 0 : cols[c].natural;
		/* A zero-width column would read as dropped: keep it at 1. */
		for (size_t c = 0; c < n; c++)
			if (widths[c] == 0 && !(c < MAX_FIT_COLUMNS && dropped[c]))
				widths[c] = 1;
		while (total_width(widths, n, gap) > limit && narrow_widest(cols, n, widths))
			;
		if (total_width(widths, n, gap) <= limit || n > MAX_FIT_COLUMNS)
			return ndropped;
		size_t c = next_to_drop(cols, n, dropped);
		if (c == n)
			return ndropped;
		dropped[c] = 1;
		ndropped++;
	}
}
