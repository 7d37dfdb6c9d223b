/* vec.c - growth of the arrays of vec.h. */
#include "vec.h"

#include <stdint.h>
#include <stdlib.h>

int vec_reserve_(void *items, size_t *cap, size_t need, size_t elem)
{
	void *array, *bigger;
	size_t want = *cap ? *cap : 8;

	if (need <= *cap)
		return 0;
	while (want < need) {
		if (want > SIZE_MAX / 2)
			return -1;
		want *= 2;
	}
	if (want > SIZE_MAX / elem)
		return -1;
	/* items points to a T *: copy the pointer's bytes rather than access
	 * it as a void * (the representations are the same, the types not) */
	memcpy(&array, items, sizeof(array));
	bigger = realloc(array, want * elem);
	if (!bigger)
		return -1;
	memcpy(items, &bigger, sizeof(bigger));
	*cap = want;
	return 0;
}
