/* exchange_map.h - a hash map from codes (district, funder, programme and
 * project codes, grant references) to numbers, for the exchange rules and
 * the importer: a few hundred thousand codes at most, so open addressing
 * with copied keys is all it takes. */
#ifndef FT_EXCHANGE_MAP_H
#define FT_EXCHANGE_MAP_H

#include <stddef.h>
#include <stdint.h>

struct code_entry {
	char *code;         /* NULL: a free slot */
	int64_t id;         /* the user's value, e.g. a row id */
	int64_t link;       /* a second value, e.g. the predecessor's row id */
	unsigned char seen; /* marks for the user */
	unsigned char flag;
};

struct code_map {
	struct code_entry *slots; /* walk slots[0..cap) and skip free ones */
	size_t cap, used;
};

/* The entry of code, or NULL (also for code NULL). */
struct code_entry *code_map_find(const struct code_map *m, const char *code);

/* The entry of code, added (key copied, values zero) when missing; NULL
 * when out of memory. */
struct code_entry *code_map_put(struct code_map *m, const char *code);

void code_map_free(struct code_map *m);

#endif
