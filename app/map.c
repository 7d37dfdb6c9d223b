/* map.c - the hash maps of map.h. */
#include "map.h"

#include <stdalign.h>
#include <stdlib.h>
#include <string.h>

/* Every slot starts with this header; the value follows, aligned. */
struct slot_head {
	union {
		char *text;
		int64_t id;
	} key;
	int used;
};

#define VALUE_OFFSET                                                                     \
	((sizeof(struct slot_head) + alignof(max_align_t) - 1) / alignof(max_align_t) *  \
	 alignof(max_align_t))

static struct slot_head *slot_at(const struct map *m, size_t i)
{
	return (struct slot_head *)(void *)(m->slots + i * m->slot_size);
}

static void *value_of(struct slot_head *h)
{
	return (unsigned char *)h + VALUE_OFFSET;
}

static uint64_t hash_text(const char *key)
{
	uint64_t h = 1469598103934665603u; /* FNV-1a */

	for (const unsigned char *p = (const unsigned char *)key; *p; p++)
		h = (h ^ *p) * 1099511628211u;
	return h;
}

static uint64_t hash_int(int64_t key)
{
	return ((uint64_t)key * 0x9E3779B97F4A7C15u) >> 17; /* Fibonacci hashing */
}

static int same_key(const struct map *m, const struct slot_head *h, const char *text,
		    int64_t id)
{
	return m->keys == MAP_TEXT ? strcmp(h->key.text, text) == 0 : h->key.id == id;
}

/* The slot holding the key, or the free slot where it goes. */
static struct slot_head *find_slot(const struct map *m, const char *text, int64_t id)
{
	size_t i = (size_t)(m->keys == MAP_TEXT ? hash_text(text) : hash_int(id)) & (m->cap - 1);
	struct slot_head *h;

	while ((h = slot_at(m, i))->used && !same_key(m, h, text, id))
		i = (i + 1) & (m->cap - 1);
	return h;
}

static int grow(struct map *m)
{
	size_t cap = m->cap ? 2 * m->cap : 64;
	struct map bigger = *m;

	if (!m->slot_size)
		m->slot_size = bigger.slot_size =
			(VALUE_OFFSET + m->value_size + alignof(max_align_t) - 1) /
			alignof(max_align_t) * alignof(max_align_t);
	if (cap > SIZE_MAX / 2 / m->slot_size)
		return -1;
	bigger.cap = cap;
	bigger.slots = calloc(cap, m->slot_size);
	if (!bigger.slots)
		return -1;
	for (size_t i = 0; i < m->cap; i++) {
		struct slot_head *h = slot_at(m, i);

		if (h->used)
			memcpy(m->keys == MAP_TEXT ? find_slot(&bigger, h->key.text, 0)
						   : find_slot(&bigger, NULL, h->key.id),
			       h, m->slot_size);
	}
	free(m->slots);
	*m = bigger;
	return 0;
}

static void *put(struct map *m, const char *text, int64_t id)
{
	struct slot_head *h;

	if (2 * (m->used + 1) > m->cap && grow(m))
		return NULL;
	h = find_slot(m, text, id);
	if (!h->used) {
		if (m->keys == MAP_TEXT && !(h->key.text = strdup(text)))
			return NULL;
		if (m->keys == MAP_INT)
			h->key.id = id;
		h->used = 1;
		m->used++;
	}
	return value_of(h);
}

static void *find(const struct map *m, const char *text, int64_t id)
{
	struct slot_head *h;

	if (!m->cap)
		return NULL;
	h = find_slot(m, text, id);
	return h->used ? value_of(h) : NULL;
}

void *map_find_text(const struct map *m, const char *key)
{
	return key && m->keys == MAP_TEXT ? find(m, key, 0) : NULL;
}

void *map_put_text(struct map *m, const char *key)
{
	return key && m->keys == MAP_TEXT ? put(m, key, 0) : NULL;
}

const char *map_key_text(const struct map *m, const void *value)
{
	const struct slot_head *h =
		(const struct slot_head *)(const void *)((const unsigned char *)value - VALUE_OFFSET);

	return m->keys == MAP_TEXT ? h->key.text : NULL;
}

void *map_find_int(const struct map *m, int64_t key)
{
	return m->keys == MAP_INT ? find(m, NULL, key) : NULL;
}

void *map_put_int(struct map *m, int64_t key)
{
	return m->keys == MAP_INT ? put(m, NULL, key) : NULL;
}

void *map_next(const struct map *m, size_t *i)
{
	while (*i < m->cap) {
		struct slot_head *h = slot_at(m, (*i)++);

		if (h->used)
			return value_of(h);
	}
	return NULL;
}

void map_clear(struct map *m)
{
	if (!m->used)
		return; /* cheap for a map emptied again and again */
	if (m->keys == MAP_TEXT)
		for (size_t i = 0; i < m->cap; i++)
			free(slot_at(m, i)->key.text);
	if (m->slots)
		memset(m->slots, 0, m->cap * m->slot_size);
	m->used = 0;
}

void map_free(struct map *m)
{
	map_clear(m);
	free(m->slots);
	m->slots = NULL;
	m->cap = 0;
}
