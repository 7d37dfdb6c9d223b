/* exchange_map.c - the code map on the text map of map.h. */
#include "exchange_map.h"

struct code_entry *code_map_find(const struct code_map *m, const char *code)
{
	return map_find_text(&m->m, code);
}

struct code_entry *code_map_put(struct code_map *m, const char *code)
{
	struct code_entry *e;

	if (!m->m.value_size) /* a zeroed map: text keys, entries not sized yet */
		m->m.value_size = sizeof(struct code_entry);
	e = map_put_text(&m->m, code);
	if (e && !e->code)
		e->code = map_key_text(&m->m, e);
	return e;
}

struct code_entry *code_map_next(const struct code_map *m, size_t *i)
{
	return map_next(&m->m, i);
}

void code_map_free(struct code_map *m)
{
	map_free(&m->m);
}
