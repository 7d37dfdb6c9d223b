#include "exchange_map.h"

#include <stdlib.h>
#include <string.h>

/* FNV-1a; linear probing; the table is at most half full. */
static size_t slot_of(const struct code_map *m, const char *code)
{
	uint64_t h = 1469598103934665603u;
	size_t i;

	for (const unsigned char *p = (const unsigned char *)code; *p; p++)
		h = (h ^ *p) * 1099511628211u;
	i = (size_t)h & (m->cap - 1);
	while (m->slots[i].code && strcmp(m->slots[i].code, code) != 0)
		i = (i + 1) & (m->cap - 1);
	return i;
}

struct code_entry *code_map_find(const struct code_map *m, const char *code)
{
	struct code_entry *e;

	if (!m->cap || !code)
		return NULL;
	e = &m->slots[slot_of(m, code)];
	return e->code ? e : NULL;
}

static int grow(struct code_map *m)
{
	size_t cap = m->cap ? 2 * m->cap : 64;
	struct code_map bigger = { calloc(cap, sizeof(struct code_entry)), cap, m->used };

	if (!bigger.slots)
		return -1;
	for (size_t i = 0; i < m->cap; i++)
		if (m->slots[i].code)
			bigger.slots[slot_of(&bigger, m->slots[i].code)] = m->slots[i];
	free(m->slots);
	*m = bigger;
	return 0;
}

struct code_entry *code_map_put(struct code_map *m, const char *code)
{
	struct code_entry *e;

	if (2 * (m->used + 1) > m->cap && grow(m))
		return NULL;
	e = &m->slots[slot_of(m, code)];
	if (!e->code) {
		if (!(e->code = strdup(code)))
			return NULL;
		m->used++;
	}
	return e;
}

void code_map_free(struct code_map *m)
{
	for (size_t i = 0; i < m->cap; i++)
		free(m->slots[i].code);
	free(m->slots);
	memset(m, 0, sizeof(*m));
}
