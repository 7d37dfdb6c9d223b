/* vec.h - growable arrays of any element type: the array, its count and
 * its capacity stay plain fields of the owner's struct, and the macros
 * take the element size from the array itself, so it cannot be wrong.
 *
 *	struct row *rows = NULL; size_t n = 0, cap = 0;
 *	struct row *r = VEC_PUSH(rows, n, cap);   (NULL: out of memory)
 *	...
 *	free(rows);
 *
 * Layer: base (libc only).
 */
#ifndef FT_VEC_H
#define FT_VEC_H

#include <stddef.h>
#include <string.h>

/* Makes *items (a pointer to the array pointer) hold at least need
 * elements of size elem: the capacity doubles from 8 and never overflows
 * size_t. Returns 0, or -1 when out of memory (the array is unchanged). */
int vec_reserve_(void *items, size_t *cap, size_t need, size_t elem);

/* Room for need elements in items (capacity in cap); 0 or -1. */
#define VEC_RESERVE(items, cap, need) vec_reserve_(&(items), &(cap), (need), sizeof(*(items)))

/* A new zeroed element at the end, items[n++], or NULL when out of memory
 * (then n and items are unchanged). */
#define VEC_PUSH(items, n, cap)                                                      \
	(VEC_RESERVE(items, cap, (n) + 1) ? NULL                                     \
					  : memset(&(items)[(n)++], 0, sizeof(*(items))))

#endif
