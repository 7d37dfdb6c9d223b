/* exchange_map.h - a compact hash map from codes (district, funder,
 * programme and project codes, grant references, plan positions) to
 * numbers, for the exchange rules and the importer of one file, however
 * large (issue 19: a file of 100,000 projects and grants).
 *
 * The keys sit end to end in one text pool, each code has a 24-byte entry
 * in an array (in the order of first put), and an open-addressing table
 * at most 3/4 full holds per slot a 64-bit fingerprint (FNV-1a) and the
 * entry's number: about 55 bytes a code, where a map.h text map with a
 * malloc'ed copy of every key took about 200. A fingerprint only finds
 * candidates: every hit is confirmed against the stored text, so a hash
 * collision can neither invent nor hide a code.
 */
#ifndef FT_EXCHANGE_MAP_H
#define FT_EXCHANGE_MAP_H

#include <stddef.h>
#include <stdint.h>

enum { TEXT_NONE = UINT32_MAX }; /* a text_pool offset that names nothing */

/* Texts end to end, each ended by NUL (zeroed is empty; at most 4 GB). */
struct text_pool {
	char *buf;
	size_t len, cap;
};

/* Copies text; its offset, or TEXT_NONE when out of memory. */
uint32_t text_pool_add(struct text_pool *p, const char *text);
/* The text at offset (valid until the next add); NULL for TEXT_NONE. */
const char *text_pool_get(const struct text_pool *p, uint32_t offset);
void text_pool_free(struct text_pool *p);

struct code_entry {
	int64_t id;         /* the user's value, e.g. a row id */
	int64_t link;       /* a second value, e.g. the predecessor's row id */
	uint32_t key;       /* the code, in the map's pool (code_map_key) */
	unsigned char seen; /* marks for the user */
	unsigned char flag;
};

/* Zeroed is empty. */
struct code_map {
	uint64_t *fps;   /* fingerprint per slot */
	uint32_t *slots; /* entry number + 1 per slot; 0: free */
	size_t cap;      /* slots, a power of two */
	struct code_entry *entries;
	size_t n, entries_cap;
	struct text_pool keys;
};

/* The entry of code, or NULL (also for code NULL). */
struct code_entry *code_map_find(const struct code_map *m, const char *code);

/* The entry of code, added (values zero) when missing; NULL when out of
 * memory. An entry's address holds until the next put. */
struct code_entry *code_map_put(struct code_map *m, const char *code);

/* The code of an entry (valid until the next put). */
const char *code_map_key(const struct code_map *m, const struct code_entry *e);

/* Walks the entries in the order they were added: start with *i = 0;
 * NULL after the last. */
struct code_entry *code_map_next(const struct code_map *m, size_t *i);

void code_map_free(struct code_map *m);

#endif
