/* code_map.c - the code map of code_map.h: in memory first, then on disk. */
#include "code_map.h"

#include <errno.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_internal.h"
#include "msg_lang.h"
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

/* ---- the part on disk ------------------------------------------------------ */

/* An entry on disk, read into memory. */
struct ring_slot {
	struct code_entry e, saved; /* saved: as read, to know whether to write back */
	size_t n;                   /* its number */
	uint64_t used;              /* when last handed out; 0: the slot is free */
	char *key;
	size_t key_cap;
};

struct code_spill {
	sqlite3 *db;
	sqlite3_stmt *insert, *find, *read, *write;
	struct ring_slot ring[CODE_MAP_RING];
	uint64_t clock;
	char error[240]; /* "" while all is well */
};

static size_t default_in_memory = CODE_MAP_IN_MEMORY;
static pthread_once_t default_once = PTHREAD_ONCE_INIT;

/* FUNDTRACK_CODES_IN_MEMORY: a positive whole number, else the default. */
static void read_default(void)
{
	const char *text = getenv("FUNDTRACK_CODES_IN_MEMORY");
	char *end;
	unsigned long long codes;

	if (!text || !*text)
		return;
	errno = 0;
	codes = strtoull(text, &end, 10);
	if (!errno && !*end && codes > 0 && codes < UINT32_MAX && text[0] != '-')
		default_in_memory = (size_t)codes;
}

size_t code_map_default_in_memory(void)
{
	pthread_once(&default_once, read_default);
	return default_in_memory;
}

static size_t in_memory_limit(const struct code_map *m)
{
	return m->in_memory ? m->in_memory : code_map_default_in_memory();
}

static size_t count_in_memory(const struct code_map *m)
{
	size_t limit = in_memory_limit(m);

	return m->n < limit ? m->n : limit;
}

static int spill_failed(const struct code_map *m)
{
	return m->spill && m->spill->error[0];
}

/* Why SQLite failed, in the words of the import's own temporary file
 * (exchange_spool.c). */
static const char *spill_reason(sqlite3 *db)
{
	if (!db)
		return tr("out of memory");
	if (sqlite3_errcode(db) == SQLITE_FULL || sqlite3_system_errno(db) == ENOSPC)
		return tr("the disk holding the temporary directory is full");
	if (sqlite3_system_errno(db) == EFBIG)
		return tr("it would exceed the file size limit (ulimit -f)");
	/* SQLite 3.40 keeps no errno for a write that fails in a cache spill */
	if (sqlite3_extended_errcode(db) == SQLITE_IOERR_WRITE)
		return tr("is the disk of the temporary directory full, or the file size limit of "
			  "ulimit -f reached?");
	return sqlite3_errmsg(db);
}

/* Keeps the first error; returns NULL for the callers' convenience. */
static void *spill_fail(struct code_spill *sp, const char *what)
{
	if (!sp->error[0])
		snprintf(sp->error, sizeof(sp->error), tr("the temporary file of the codes: %s: %s"),
			 tr(what), spill_reason(sp->db));
	return NULL;
}

/* Journal and sync off: the file dies with the map and is never read
 * after a crash. The cache bounds the memory whatever the file's size. */
static const char SPILL_SETUP[] = "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;"
				  "PRAGMA temp_store = FILE; PRAGMA cache_size = -1024;"
				  "PRAGMA locking_mode = EXCLUSIVE;"
				  "CREATE TABLE code (n INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE,"
				  " id INTEGER, link INTEGER, prev INTEGER, next INTEGER,"
				  " seen INTEGER, flag INTEGER);"
				  "BEGIN"; /* one transaction for the map's life: none per statement */

static int spill_prepare(struct code_spill *sp, const char *sql, sqlite3_stmt **out)
{
	return sqlite3_prepare_v3(sp->db, sql, -1, SQLITE_PREPARE_PERSISTENT, out, NULL);
}

/* An empty file name is SQLite's private temporary database on disk. */
static struct code_spill *spill_open(struct code_map *m)
{
	struct code_spill *sp = calloc(1, sizeof(*sp));

	if (!sp)
		return NULL;
	m->spill = sp;
	db_sqlite_configure();
	if (sqlite3_open_v2("", &sp->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
	    SQLITE_OK)
		return spill_fail(sp, N_("cannot open it"));
	if (sqlite3_exec(sp->db, SPILL_SETUP, NULL, NULL, NULL) != SQLITE_OK ||
	    spill_prepare(sp, "INSERT OR IGNORE INTO code (n, code, id, link, prev, next, seen,"
			      " flag) VALUES (?1, ?2, 0, 0, 0, 0, 0, 0)", &sp->insert) ||
	    spill_prepare(sp, "SELECT n, id, link, prev, next, seen, flag FROM code"
			      " WHERE code = ?1", &sp->find) ||
	    spill_prepare(sp, "SELECT code, id, link, prev, next, seen, flag FROM code"
			      " WHERE n = ?1", &sp->read) ||
	    spill_prepare(sp, "UPDATE code SET id = ?2, link = ?3, prev = ?4, next = ?5,"
			      " seen = ?6, flag = ?7 WHERE n = ?1", &sp->write))
		return spill_fail(sp, N_("cannot set it up"));
	return sp;
}

static void spill_close(struct code_spill *sp)
{
	if (!sp)
		return;
	sqlite3_finalize(sp->insert);
	sqlite3_finalize(sp->find);
	sqlite3_finalize(sp->read);
	sqlite3_finalize(sp->write);
	sqlite3_close(sp->db);
	for (size_t i = 0; i < CODE_MAP_RING; i++)
		free(sp->ring[i].key);
	free(sp);
}

static int entry_changed(const struct code_entry *a, const struct code_entry *b)
{
	return a->id != b->id || a->link != b->link || a->prev != b->prev ||
	       a->next != b->next || a->seen != b->seen || a->flag != b->flag;
}

static int write_back(struct code_spill *sp, struct ring_slot *r)
{
	sqlite3_stmt *s = sp->write;
	int rc;

	if (!r->used || !entry_changed(&r->e, &r->saved))
		return 0;
	sqlite3_bind_int64(s, 1, (sqlite3_int64)r->n);
	sqlite3_bind_int64(s, 2, r->e.id);
	sqlite3_bind_int64(s, 3, r->e.link);
	sqlite3_bind_int64(s, 4, r->e.prev);
	sqlite3_bind_int64(s, 5, r->e.next);
	sqlite3_bind_int(s, 6, r->e.seen);
	sqlite3_bind_int(s, 7, r->e.flag);
	rc = sqlite3_step(s);
	if (rc != SQLITE_DONE)
		spill_fail(sp, N_("cannot write to it")); /* before the reset: its errno */
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return -1;
	r->saved = r->e;
	return 0;
}

/* The slot holding entry n, or NULL. */
static struct ring_slot *ring_hit(struct code_spill *sp, size_t n)
{
	for (size_t i = 0; i < CODE_MAP_RING; i++)
		if (sp->ring[i].used && sp->ring[i].n == n) {
			sp->ring[i].used = ++sp->clock;
			return &sp->ring[i];
		}
	return NULL;
}

/* The slot holding code, or NULL: the entry just handed out is often
 * looked up again at once (a project, then its predecessor's put). */
static struct ring_slot *ring_hit_code(struct code_spill *sp, const char *code)
{
	for (size_t i = 0; i < CODE_MAP_RING; i++)
		if (sp->ring[i].used && strcmp(sp->ring[i].key, code) == 0) {
			sp->ring[i].used = ++sp->clock;
			return &sp->ring[i];
		}
	return NULL;
}

/* The least recently handed out slot, written back and free for entry n
 * with code and the values of the statement's columns 1 to 6 (s NULL: a
 * new entry, all zero). */
static struct code_entry *ring_load(struct code_spill *sp, size_t n, const char *code,
				    sqlite3_stmt *s)
{
	struct ring_slot *r = &sp->ring[0];
	size_t len = strlen(code) + 1;

	for (size_t i = 1; i < CODE_MAP_RING; i++)
		if (sp->ring[i].used < r->used)
			r = &sp->ring[i];
	if (write_back(sp, r))
		return NULL;
	if (len > r->key_cap) {
		char *key = realloc(r->key, len);

		if (!key)
			return spill_fail(sp, N_("out of memory"));
		r->key = key;
		r->key_cap = len;
	}
	memcpy(r->key, code, len);
	r->e = (struct code_entry){ 0, 0, 0, 0, TEXT_NONE, 0, 0 };
	if (s)
		r->e = (struct code_entry){ sqlite3_column_int64(s, 1),
					    sqlite3_column_int64(s, 2),
					    (uint32_t)sqlite3_column_int64(s, 3),
					    (uint32_t)sqlite3_column_int64(s, 4),
					    TEXT_NONE,
					    (unsigned char)sqlite3_column_int(s, 5),
					    (unsigned char)sqlite3_column_int(s, 6) };
	r->saved = r->e;
	r->n = n;
	r->used = ++sp->clock;
	return &r->e;
}

/* The entry of code on disk; NULL when it is not there or on an error
 * (code_map_error tells). */
static struct code_entry *spill_find(struct code_spill *sp, const char *code)
{
	sqlite3_stmt *s = sp->find;
	struct code_entry *e = NULL;
	struct ring_slot *hit;
	int rc;

	if ((hit = ring_hit_code(sp, code)))
		return &hit->e;
	sqlite3_bind_text(s, 1, code, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		size_t n = (size_t)sqlite3_column_int64(s, 0);

		/* the slot may hold changes not yet written */
		e = (hit = ring_hit(sp, n)) ? &hit->e : ring_load(sp, n, code, s);
	} else if (rc != SQLITE_DONE) {
		spill_fail(sp, N_("cannot read it"));
	}
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	return e;
}

/* The entry of code on disk, added when missing: one INSERT for a new
 * code (the common case of a file's definitions), a SELECT for one held. */
static struct code_entry *spill_put(struct code_map *m, const char *code)
{
	struct code_spill *sp = m->spill ? m->spill : spill_open(m);
	struct ring_slot *hit;
	sqlite3_stmt *s;
	int rc;

	if (!sp || sp->error[0])
		return NULL;
	if ((hit = ring_hit_code(sp, code)))
		return &hit->e;
	s = sp->insert;
	sqlite3_bind_int64(s, 1, (sqlite3_int64)m->n);
	sqlite3_bind_text(s, 2, code, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc != SQLITE_DONE)
		spill_fail(sp, N_("cannot write to it"));
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	if (rc != SQLITE_DONE)
		return NULL;
	if (sqlite3_changes(sp->db) == 0) /* held already */
		return spill_find(sp, code);
	return ring_load(sp, m->n++, code, NULL);
}

static struct code_entry *spill_at(struct code_spill *sp, size_t n)
{
	sqlite3_stmt *s = sp->read;
	struct ring_slot *hit = ring_hit(sp, n);
	struct code_entry *e = NULL;

	if (hit)
		return &hit->e;
	sqlite3_bind_int64(s, 1, (sqlite3_int64)n);
	if (sqlite3_step(s) == SQLITE_ROW)
		e = ring_load(sp, n, (const char *)sqlite3_column_text(s, 0), s);
	else
		spill_fail(sp, N_("cannot read it"));
	sqlite3_reset(s);
	return e;
}

/* ---- the map --------------------------------------------------------------- */

static struct code_entry *memory_find(const struct code_map *m, const char *code)
{
	size_t i;

	if (!m->cap)
		return NULL;
	i = slot_of(m, code, fingerprint(code));
	return m->slots[i] ? &m->entries[m->slots[i] - 1] : NULL;
}

struct code_entry *code_map_find(struct code_map *m, const char *code)
{
	struct code_entry *e;

	if (!code || spill_failed(m))
		return NULL;
	if ((e = memory_find(m, code)) || !m->spill)
		return e;
	return spill_find(m->spill, code);
}

static struct code_entry *memory_add(struct code_map *m, const char *code)
{
	uint64_t fp;
	size_t i;
	uint32_t key;

	if ((m->n + 1) * 4 > m->cap * 3 && grow(m)) /* at most 3/4 full */
		return NULL;
	fp = fingerprint(code);
	i = slot_of(m, code, fp);
	if (m->n >= UINT32_MAX - 1 || VEC_RESERVE(m->entries, m->entries_cap, m->n + 1) ||
	    (key = text_pool_add(&m->keys, code)) == TEXT_NONE)
		return NULL;
	m->entries[m->n] = (struct code_entry){ 0, 0, 0, 0, key, 0, 0 };
	m->fps[i] = fp;
	m->slots[i] = (uint32_t)++m->n;
	return &m->entries[m->n - 1];
}

struct code_entry *code_map_put(struct code_map *m, const char *code)
{
	struct code_entry *e;

	if (!code || spill_failed(m))
		return NULL;
	if ((e = memory_find(m, code)))
		return e;
	if (m->n < in_memory_limit(m))
		return memory_add(m, code);
	if (m->n >= UINT32_MAX - 1)
		return NULL;
	return spill_put(m, code);
}

struct code_entry *code_map_at(struct code_map *m, size_t i)
{
	if (i >= m->n || spill_failed(m))
		return NULL;
	if (i < count_in_memory(m))
		return &m->entries[i];
	return spill_at(m->spill, i);
}

struct code_entry *code_map_set_prev(struct code_map *m, size_t number, const char *code)
{
	struct code_entry *e = code_map_put(m, code);
	uint32_t prev;

	if (!e)
		return NULL;
	prev = (uint32_t)code_map_number(m, e) + 1;
	if ((e = code_map_at(m, number)) != NULL) /* the put may have moved it */
		e->prev = prev;
	return e;
}

size_t code_map_number(const struct code_map *m, const struct code_entry *e)
{
	if (e->key != TEXT_NONE)
		return (size_t)(e - m->entries);
	return ((const struct ring_slot *)(const void *)e)->n; /* e is a slot's first field */
}

const char *code_map_key(const struct code_map *m, const struct code_entry *e)
{
	if (e->key != TEXT_NONE)
		return text_pool_get(&m->keys, e->key);
	return ((const struct ring_slot *)(const void *)e)->key;
}

struct code_entry *code_map_next(struct code_map *m, size_t *i)
{
	struct code_entry *e = code_map_at(m, *i);

	if (e)
		++*i;
	return e;
}

const char *code_map_error(const struct code_map *m)
{
	return spill_failed(m) ? m->spill->error : NULL;
}

struct code_entry *code_map_find_number(struct code_map *m, int64_t value)
{
	char key[COUNT_PLAIN_BUF];

	count_format_plain(value, key);
	return code_map_find(m, key);
}

struct code_entry *code_map_put_number(struct code_map *m, int64_t value)
{
	char key[COUNT_PLAIN_BUF];

	count_format_plain(value, key);
	return code_map_put(m, key);
}

void code_map_clear(struct code_map *m)
{
	size_t in_memory = m->in_memory;

	if (m->spill || m->cap > CODE_MAP_KEPT) {
		code_map_free(m);
		m->in_memory = in_memory;
		return;
	}
	if (m->cap)
		memset(m->slots, 0, m->cap * sizeof(*m->slots));
	m->n = 0;
	m->keys.len = 0;
}

void code_map_free(struct code_map *m)
{
	free(m->fps);
	free(m->slots);
	free(m->entries);
	text_pool_free(&m->keys);
	spill_close(m->spill);
	*m = (struct code_map){ 0 };
}
