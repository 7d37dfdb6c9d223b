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

/* The slot holding the key, or the free slot where it goes. */
static struct slot_head *slot_of_text(const struct map *m, const char *key)
{
	size_t i = (size_t)hash_text(key) & (m->cap - 1);
	struct slot_head *h;

	while ((h = slot_at(m, i))->used && strcmp(h->key.text, key) != 0)
		i = (i + 1) & (m->cap - 1);
	return h;
}

static struct slot_head *slot_of_int(const struct map *m, int64_t key)
{
	size_t i = (size_t)hash_int(key) & (m->cap - 1);
	struct slot_head *h;

	while ((h = slot_at(m, i))->used && h->key.id != key)
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
			memcpy(m->keys == MAP_TEXT ? slot_of_text(&bigger, h->key.text)
						   : slot_of_int(&bigger, h->key.id),
			       h, m->slot_size);
	}
	free(m->slots);
	*m = bigger;
	return 0;
}

/* Keeps the map at most half full. */
static int make_room(struct map *m)
{
	return 2 * (m->used + 1) > m->cap ? grow(m) : 0;
}

static void *value_if_used(struct slot_head *h)
{
	return h->used ? value_of(h) : NULL;
}

static void *claim(struct map *m, struct slot_head *h)
{
	if (!h->used) {
		h->used = 1;
		m->used++;
	}
	return value_of(h);
}

void *map_find_text(const struct map *m, const char *key)
{
	if (!key || m->keys != MAP_TEXT || !m->cap)
		return NULL;
	return value_if_used(slot_of_text(m, key));
}

void *map_put_text(struct map *m, const char *key)
{
	struct slot_head *h;

	if (!key || m->keys != MAP_TEXT || make_room(m))
		return NULL;
	h = slot_of_text(m, key);
	if (!h->used && !(h->key.text = strdup(key)))
		return NULL;
	return claim(m, h);
}

const char *map_key_text(const struct map *m, const void *value)
{
	const struct slot_head *h =
		(const struct slot_head *)(const void *)((const unsigned char *)value - VALUE_OFFSET);

	return m->keys == MAP_TEXT ? h->key.text : NULL;
}

void *map_find_int(const struct map *m, int64_t key)
{
	if (m->keys != MAP_INT || !m->cap)
		return NULL;
	return value_if_used(slot_of_int(m, key));
}

void *map_put_int(struct map *m, int64_t key)
{
	struct slot_head *h;

	if (m->keys != MAP_INT || make_room(m))
		return NULL;
	h = slot_of_int(m, key);
	if (!h->used)
		h->key.id = key;
	return claim(m, h);
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
