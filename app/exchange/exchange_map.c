/* exchange_map.c - the compact code map of exchange_map.h. */
#include "exchange_map.h"

#include <stdlib.h>
#include <string.h>

#include "vec.h"

/* ---- the text pool --------------------------------------------------------- */

uint32_t text_pool_add(struct text_pool *p, const char *text)
{
	size_t len = strlen(text) + 1;
	size_t off = p->len;

	if (len >= TEXT_NONE - off || VEC_RESERVE(p->buf, p->cap, off + len))
		return TEXT_NONE;
	memcpy(p->buf + off, text, len);
	p->len += len;
	return (uint32_t)off;
}

const char *text_pool_get(const struct text_pool *p, uint32_t offset)
{
	return offset == TEXT_NONE ? NULL : p->buf + offset;
}

void text_pool_free(struct text_pool *p)
{
	free(p->buf);
	*p = (struct text_pool){ 0 };
}

/* ---- the map --------------------------------------------------------------- */

static uint64_t fingerprint(const char *code)
{
	uint64_t h = 1469598103934665603u; /* FNV-1a */

	for (const unsigned char *s = (const unsigned char *)code; *s; s++)
		h = (h ^ *s) * 1099511628211u;
	return h;
}

static size_t home_slot(uint64_t fp, size_t cap)
{
	return (size_t)(fp ^ (fp >> 31)) & (cap - 1);
}

/* The slot holding code (fingerprint fp), or the free slot where it goes.
 * A fingerprint that matches is checked against the text. */
static size_t slot_of(const struct code_map *m, const char *code, uint64_t fp)
{
	size_t i = home_slot(fp, m->cap);

	while (m->slots[i] &&
	       (m->fps[i] != fp ||
		strcmp(m->keys.buf + m->entries[m->slots[i] - 1].key, code) != 0))
		i = (i + 1) & (m->cap - 1);
	return i;
}

/* Doubles the table, placing every entry again by its fingerprint. */
static int grow(struct code_map *m)
{
	size_t cap = m->cap ? 2 * m->cap : 16;
	struct code_map bigger = *m;

	if (cap > SIZE_MAX / sizeof(uint64_t))
		return -1;
	bigger.cap = cap;
	bigger.fps = malloc(cap * sizeof(uint64_t));
	bigger.slots = calloc(cap, sizeof(uint32_t));
	if (!bigger.fps || !bigger.slots) {
		free(bigger.fps);
		free(bigger.slots);
		return -1;
	}
	for (size_t i = 0; i < m->cap; i++) {
		size_t j;

		if (!m->slots[i])
			continue;
		for (j = home_slot(m->fps[i], cap); bigger.slots[j]; j = (j + 1) & (cap - 1))
			;
		bigger.fps[j] = m->fps[i];
		bigger.slots[j] = m->slots[i];
	}
	free(m->fps);
	free(m->slots);
	*m = bigger;
	return 0;
}

struct code_entry *code_map_find(const struct code_map *m, const char *code)
{
	size_t i;

	if (!code || !m->cap)
		return NULL;
	i = slot_of(m, code, fingerprint(code));
	return m->slots[i] ? &m->entries[m->slots[i] - 1] : NULL;
}

struct code_entry *code_map_put(struct code_map *m, const char *code)
{
	uint64_t fp;
	size_t i;
	uint32_t key;

	if (!code)
		return NULL;
	if ((m->n + 1) * 4 > m->cap * 3 && grow(m)) /* at most 3/4 full */
		return NULL;
	fp = fingerprint(code);
	i = slot_of(m, code, fp);
	if (m->slots[i])
		return &m->entries[m->slots[i] - 1];
	if (m->n >= UINT32_MAX - 1 || VEC_RESERVE(m->entries, m->entries_cap, m->n + 1) ||
	    (key = text_pool_add(&m->keys, code)) == TEXT_NONE)
		return NULL;
	m->entries[m->n] = (struct code_entry){ 0, 0, key, 0, 0 };
	m->fps[i] = fp;
	m->slots[i] = (uint32_t)++m->n;
	return &m->entries[m->n - 1];
}

const char *code_map_key(const struct code_map *m, const struct code_entry *e)
{
	return text_pool_get(&m->keys, e->key);
}

struct code_entry *code_map_next(const struct code_map *m, size_t *i)
{
	return *i < m->n ? &m->entries[(*i)++] : NULL;
}

void code_map_free(struct code_map *m)
{
	free(m->fps);
	free(m->slots);
	free(m->entries);
	text_pool_free(&m->keys);
	*m = (struct code_map){ 0 };
}
