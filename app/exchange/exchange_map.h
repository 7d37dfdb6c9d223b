/* exchange_map.h - a hash map from codes (district, funder, programme and
 * project codes, grant references) to numbers, for the exchange rules and
 * the importer, on the text map of map.h. */
#ifndef FT_EXCHANGE_MAP_H
#define FT_EXCHANGE_MAP_H

#include <stddef.h>
#include <stdint.h>

#include "map.h"

struct code_entry {
	const char *code;   /* the map's copy of the key */
	int64_t id;         /* the user's value, e.g. a row id */
	int64_t link;       /* a second value, e.g. the predecessor's row id */
	unsigned char seen; /* marks for the user */
	unsigned char flag;
};

/* A text map of map.h (zeroed is empty). */
struct code_map {
	struct map m;
};

/* The entry of code, or NULL (also for code NULL). */
struct code_entry *code_map_find(const struct code_map *m, const char *code);

/* The entry of code, added (key copied, values zero) when missing; NULL
 * when out of memory. */
struct code_entry *code_map_put(struct code_map *m, const char *code);

/* Walks the entries: start with *i = 0; NULL after the last. */
struct code_entry *code_map_next(const struct code_map *m, size_t *i);

void code_map_free(struct code_map *m);

#endif
