/* table_fit.h - which columns of a table fit a terminal, and how wide.
 *
 * A table wider than the terminal first narrows its wrappable (text)
 * columns, widest first, down to their least width; if that is not
 * enough it drops whole columns, highest drop rank first (ties: the
 * rightmost), and starts again from the natural widths of the columns
 * left. Numbers and dates are never narrowed: their least width is their
 * natural width. A column of rank 0 is never dropped; when only such
 * columns are left the table is printed wider than the limit.
 */
#ifndef FT_TABLE_FIT_H
#define FT_TABLE_FIT_H

#include <stddef.h>

struct fit_column {
	size_t natural; /* widest cell or label, in terminal columns */
	size_t least;   /* narrowest it may get by wrapping (<= natural) */
	unsigned drop_rank;
};

/* Fills widths[0..n) with each column's width, 0 for a dropped column,
 * so that the visible widths plus gap between neighbours fit limit.
 * Returns the number of dropped columns. */
size_t table_fit(const struct fit_column *cols, size_t n, size_t limit,
		 size_t gap, size_t *widths);

#endif
