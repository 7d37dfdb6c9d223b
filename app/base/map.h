/* map.h - hash maps from text or int64 keys to values of any fixed size,
 * kept inside the map: open addressing with linear probing, at most half
 * full, FNV-1a for text and a multiplicative hash for numbers. Enough for
 * the few hundred thousand codes, rows or booking ids of one import.
 *
 *	struct map m = MAP_INIT(MAP_TEXT, struct entry);
 *	struct entry *e = map_put_text(&m, "NST");  (zeroed when new; NULL: out of memory)
 *	e = map_find_text(&m, "NST");               (NULL when missing)
 *	map_free(&m);
 *
 * A value's address holds until the next put (which may move everything).
 * Layer: base (libc only).
 */
#ifndef FT_MAP_H
#define FT_MAP_H

#include <stddef.h>
#include <stdint.h>

enum map_keys { MAP_TEXT, MAP_INT };

struct map {
	enum map_keys keys;
	size_t value_size;
	size_t slot_size; /* header + value, aligned; 0 until the first put */
	unsigned char *slots;
	size_t cap, used;
};

#define MAP_INIT(keys, value_type) { (keys), sizeof(value_type), 0, NULL, 0, 0 }

/* Text keys are copied; NULL is never found and never added. */
void *map_find_text(const struct map *m, const char *key);
void *map_put_text(struct map *m, const char *key);
/* The map's copy of the key of a value returned by map_put_text. */
const char *map_key_text(const struct map *m, const void *value);

void *map_find_int(const struct map *m, int64_t key);
void *map_put_int(struct map *m, int64_t key);

/* Walks the values in slot order: start with *i = 0; NULL after the last. */
void *map_next(const struct map *m, size_t *i);

/* Forgets every entry but keeps the memory (for a map used again and again). */
void map_clear(struct map *m);
void map_free(struct map *m);

#endif
