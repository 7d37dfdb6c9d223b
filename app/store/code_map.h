/* code_map.h - a hash map from codes (district, funder, programme and
 * project codes, grant references, plan positions) to a few numbers, for
 * the exchange rules and the importer of one file of any size (issue 19).
 *
 * The first CODE_MAP_IN_MEMORY codes stay in memory: the keys end to end
 * in one text pool, a 32-byte entry each in the order of first put, and an
 * open-addressing table at most 3/4 full holding per slot a 64-bit
 * fingerprint (FNV-1a) and the entry's number. A fingerprint only finds
 * candidates: every hit is confirmed against the stored text, so a hash
 * collision can neither invent nor hide a code.
 *
 * Codes beyond those go to a table in a private temporary SQLite database
 * on disk (deleted when the map is freed, page cache 1 MB), so a file of a
 * million projects takes no more memory than one of 65,536 (about 5 MB a
 * map). An entry on disk is read into one of CODE_MAP_RING slots and
 * written back when its slot is taken for another.
 *
 * Addresses: an entry's address holds until the next put, and across at
 * most CODE_MAP_RING - 1 further finds, ats or steps of a walk (an entry
 * on disk leaves its slot then; look it up again by its number).
 * Errors of the disk part (a full disk) are kept: the map then finds
 * nothing, puts fail, and code_map_error says why.
 */
#ifndef FT_CODE_MAP_H
#define FT_CODE_MAP_H

#include <stddef.h>
#include <stdint.h>

#include "money.h"

enum { TEXT_NONE = UINT32_MAX }; /* a text_pool offset that names nothing */

enum {
	CODE_MAP_IN_MEMORY = 65536, /* codes kept in memory, by default */
	CODE_MAP_RING = 8,          /* entries on disk held in memory at once */
	CODE_MAP_KEPT = 1024        /* slots code_map_clear keeps */
};

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
	int64_t id;          /* the user's value, e.g. a row id */
	int64_t link;        /* a second value, e.g. the predecessor's row id */
	uint32_t prev, next; /* entry numbers + 1 that chain entries (0: none) */
	uint32_t key;        /* in memory: the code's offset in the pool */
	unsigned char seen;  /* marks for the user */
	unsigned char flag;
};

struct code_spill; /* the part on disk (code_map.c) */

/* Zeroed is empty. */
struct code_map {
	uint64_t *fps;   /* fingerprint per slot */
	uint32_t *slots; /* entry number + 1 per slot; 0: free */
	size_t cap;      /* slots, a power of two */
	struct code_entry *entries; /* the ones in memory, numbers 0 ... */
	size_t n, entries_cap;      /* n: all entries, in memory and on disk */
	struct text_pool keys;
	size_t in_memory; /* entries kept in memory; 0: the default */
	struct code_spill *spill;
};

/* The entry of code, or NULL (also for code NULL, and after an error). */
struct code_entry *code_map_find(struct code_map *m, const char *code);

/* The entry of code, added (values zero) when missing; NULL when out of
 * memory or after an error. */
struct code_entry *code_map_put(struct code_map *m, const char *code);

/* Entry number i (0 is the first put), or NULL past the last. */
struct code_entry *code_map_at(struct code_map *m, size_t i);

/* Makes the entry of code (added when missing, as a chain may name a
 * predecessor before it comes) the prev of entry number: that entry again
 * (the put may have moved it), or NULL. */
struct code_entry *code_map_set_prev(struct code_map *m, size_t number, const char *code);

/* The number of an entry the map returned. */
size_t code_map_number(const struct code_map *m, const struct code_entry *e);

/* The code of an entry (valid until the next put, or until the entry's
 * address ends). */
const char *code_map_key(const struct code_map *m, const struct code_entry *e);

/* Walks the entries in the order they were added: start with *i = 0;
 * NULL after the last. */
struct code_entry *code_map_next(struct code_map *m, size_t *i);

/* Why the disk part failed ("the temporary file of the codes: ..."), or
 * NULL while it has not. */
const char *code_map_error(const struct code_map *m);

/* code_map_find and code_map_put for maps keyed by numbers such as
 * booking ids: the code is the number in decimal ('-' when negative, as
 * count_format_plain writes it). */
struct code_entry *code_map_find_number(struct code_map *m, int64_t value);
struct code_entry *code_map_put_number(struct code_map *m, int64_t value);

/* The number of codes a map keeps in memory when its in_memory is 0:
 * $FUNDTRACK_CODES_IN_MEMORY when it is a positive whole number (read
 * once), else CODE_MAP_IN_MEMORY. */
size_t code_map_default_in_memory(void);

/* Empties the map for reuse, keeping a small table's memory (and its
 * in_memory); a large one, or one with a disk part, is given back. */
void code_map_clear(struct code_map *m);

void code_map_free(struct code_map *m);

#endif
