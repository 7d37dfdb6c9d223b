/* test_containers.c - the base layer's growable arrays (vec.h) and hash
 * maps (map.h), and the store's code map for the exchange (code_map.h:
 * in memory, then on disk). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "code_map.h"
#include "map.h"
#include "strbuf.h"
#include "vec.h"

static void test_vec_grows_and_zeroes(void **state)
{
	struct item {
		int64_t a;
		char text[5];
	} *items = NULL;
	size_t n = 0, cap = 0;

	(void)state;
	for (int i = 0; i < 1000; i++) {
		struct item *it = VEC_PUSH(items, n, cap);

		assert_non_null(it);
		assert_int_equal(it->a, 0);
		assert_string_equal(it->text, "");
		it->a = i;
	}
	assert_int_equal(n, 1000);
	assert_true(cap >= 1000 && cap <= 2000);
	for (int i = 0; i < 1000; i++)
		assert_int_equal(items[i].a, i);
	free(items);
}

static void test_vec_refuses_overflow(void **state)
{
	int64_t *items = NULL;
	size_t n = 0, cap = 0;

	(void)state;
	assert_int_equal(VEC_RESERVE(items, cap, SIZE_MAX / 4), -1);
	assert_null(items);
	assert_int_equal(cap, 0);
	assert_int_equal(VEC_RESERVE(items, cap, 3), 0);
	assert_int_equal(cap, 8);
	assert_non_null(VEC_PUSH(items, n, cap));
	assert_int_equal(VEC_RESERVE(items, cap, SIZE_MAX), -1);
	assert_int_equal(cap, 8); /* unchanged */
	free(items);
}

struct entry {
	int64_t id;
	char mark;
};

static void test_text_map_keeps_values_across_growth(void **state)
{
	struct map m = MAP_INIT(MAP_TEXT, struct entry);
	char key[32];

	(void)state;
	assert_null(map_find_text(&m, "none"));
	for (int i = 0; i < 10000; i++) {
		struct entry *e;

		snprintf(key, sizeof(key), "P-%d", i);
		e = map_put_text(&m, key);
		assert_non_null(e);
		assert_int_equal(e->id, 0); /* new: zeroed */
		e->id = i;
		assert_string_equal(map_key_text(&m, e), key);
	}
	assert_int_equal(m.used, 10000);
	assert_true(m.cap >= 20000);
	for (int i = 0; i < 10000; i++) {
		struct entry *e;

		snprintf(key, sizeof(key), "P-%d", i);
		e = map_find_text(&m, key);
		assert_non_null(e);
		assert_int_equal(e->id, i);
	}
	/* putting a key again finds the entry, with its value */
	assert_int_equal(((struct entry *)map_put_text(&m, "P-17"))->id, 17);
	assert_int_equal(m.used, 10000);
	assert_null(map_find_text(&m, "P-10000"));
	assert_null(map_find_text(&m, NULL));
	assert_null(map_put_text(&m, NULL));
	assert_null(map_find_int(&m, 1)); /* the wrong kind of key */
	map_free(&m);
	assert_null(map_find_text(&m, "P-1"));
	map_free(&m); /* twice is harmless */
}

static void test_int_map_any_key_clear_and_walk(void **state)
{
	static const int64_t keys[] = { 0, -1, 1, INT64_MIN, INT64_MAX, 1 << 20, 1LL << 40 };
	struct map m = MAP_INIT(MAP_INT, int64_t);
	size_t n = sizeof(keys) / sizeof(keys[0]), i = 0, seen = 0, cap;
	int64_t *v, sum = 0;

	(void)state;
	for (size_t k = 0; k < n; k++) {
		v = map_put_int(&m, keys[k]);
		assert_non_null(v);
		*v = (int64_t)k + 1;
	}
	for (size_t k = 0; k < n; k++) {
		v = map_find_int(&m, keys[k]);
		assert_non_null(v);
		assert_int_equal(*v, (int64_t)k + 1);
	}
	assert_null(map_find_int(&m, 2));
	assert_null(map_put_text(&m, "x")); /* the wrong kind of key */
	while ((v = map_next(&m, &i))) {
		sum += *v;
		seen++;
	}
	assert_int_equal(seen, n);
	assert_int_equal(sum, (int64_t)(n * (n + 1) / 2));
	cap = m.cap;
	map_clear(&m);
	assert_int_equal(m.used, 0);
	assert_int_equal(m.cap, cap); /* the memory is kept */
	assert_null(map_find_int(&m, 0));
	i = 0;
	assert_null(map_next(&m, &i));
	v = map_put_int(&m, 5);
	assert_non_null(v);
	assert_int_equal(*v, 0);
	map_free(&m);
}

/* 100,000 codes as a big exchange file has them, in_memory of them kept
 * in memory and the rest on disk: every one found with its values after
 * the table and the pool grew and entries went back to disk, none
 * invented (codes that differ in one character, a prefix, the empty
 * code), the keys kept and walked in the order of the first put. */
static void exercise_many_codes(size_t in_memory)
{
	struct code_map m = { .in_memory = in_memory };
	char code[32];
	struct code_entry *e;
	size_t i = 0;
	int64_t n = 0;

	assert_null(code_map_find(&m, "P-000001"));
	assert_null(code_map_put(&m, NULL));
	for (int64_t k = 0; k < 100000; k++) {
		snprintf(code, sizeof(code), "P-%06lld", (long long)k);
		assert_non_null(e = code_map_put(&m, code));
		assert_int_equal(e->id, 0);
		assert_int_equal(e->seen, 0);
		assert_int_equal(code_map_number(&m, e), k);
		e->id = k;
		e->link = -k;
		e->prev = (uint32_t)k / 2;
		e->next = (uint32_t)k * 2;
		e->seen = 1;
		e->flag = (unsigned char)(k % 251);
	}
	assert_int_equal(m.n, 100000);
	assert_non_null(e = code_map_put(&m, "P-000042")); /* a second put finds it */
	assert_int_equal(e->id, 42);
	for (int64_t k = 0; k < 100000; k += 7) {
		snprintf(code, sizeof(code), "P-%06lld", (long long)k);
		assert_non_null(e = code_map_find(&m, code));
		assert_int_equal(e->id, k);
		assert_int_equal(e->link, -k);
		assert_int_equal(e->prev, k / 2);
		assert_int_equal(e->next, k * 2);
		assert_int_equal(e->flag, k % 251);
		assert_string_equal(code_map_key(&m, e), code);
		assert_ptr_equal(code_map_at(&m, (size_t)k), e);
	}
	assert_null(code_map_find(&m, "P-100000"));
	assert_null(code_map_find(&m, "P-00000"));
	assert_null(code_map_find(&m, "P-0000001"));
	assert_null(code_map_find(&m, ""));
	assert_null(code_map_find(&m, NULL));
	assert_null(code_map_at(&m, 100000));
	while ((e = code_map_next(&m, &i))) {
		assert_int_equal(e->id, n);
		assert_int_equal(e->seen, 1);
		n++;
	}
	assert_int_equal(n, 100000);
	assert_null(code_map_error(&m));
	code_map_free(&m);
	assert_null(code_map_find(&m, "P-000001"));
	code_map_free(&m); /* a freed map is empty: freeing it again is harmless */
}

static void test_code_map_many_codes(void **state)
{
	(void)state;
	exercise_many_codes(0); /* the default: 65,536 in memory */
	exercise_many_codes(10);
}

/* Entries on disk: a changed entry is written back when its slot is
 * taken, an address holds across CODE_MAP_RING - 1 further finds, and a
 * changed entry found again is the same one, not a stale copy. */
static void test_code_map_entries_on_disk(void **state)
{
	struct code_map m = { .in_memory = 1 };
	struct code_entry *held[CODE_MAP_RING], *e;
	char code[16];

	(void)state;
	assert_int_equal(code_map_default_in_memory(), CODE_MAP_IN_MEMORY);
	for (int k = 0; k < 40; k++) {
		snprintf(code, sizeof(code), "C%d", k);
		assert_non_null(code_map_put(&m, code));
	}
	assert_non_null(e = code_map_find(&m, "C5"));
	e->id = 55;
	assert_ptr_equal(code_map_find(&m, "C5"), e); /* the same slot, its change kept */
	assert_int_equal(code_map_find(&m, "C5")->id, 55);
	held[0] = e;
	for (int k = 1; k < CODE_MAP_RING; k++) {
		snprintf(code, sizeof(code), "C%d", 10 + k);
		assert_non_null(held[k] = code_map_find(&m, code));
		held[k]->link = 10 + k;
	}
	/* held[0] was handed out CODE_MAP_RING - 1 finds ago: still there */
	assert_int_equal(held[0]->id, 55);
	assert_string_equal(code_map_key(&m, held[0]), "C5");
	for (int k = 20; k < 40; k++) { /* every slot taken for others */
		snprintf(code, sizeof(code), "C%d", k);
		assert_non_null(code_map_find(&m, code));
	}
	assert_int_equal(code_map_find(&m, "C5")->id, 55); /* read back from disk */
	for (int k = 1; k < CODE_MAP_RING; k++) {
		snprintf(code, sizeof(code), "C%d", 10 + k);
		assert_int_equal(code_map_find(&m, code)->link, 10 + k);
	}
	assert_int_equal(code_map_at(&m, 5)->id, 55);
	assert_int_equal(code_map_number(&m, code_map_find(&m, "C0")), 0); /* in memory */
	assert_int_equal(code_map_number(&m, code_map_find(&m, "C39")), 39);
	code_map_free(&m);
}

/* Numbers as codes: every digit, the sign, both ends of int64; found
 * again by the number, the same entry on a second put. */
static void test_code_map_number_keys(void **state)
{
	static const struct {
		int64_t value;
		const char *key;
	} numbers[] = { { 0, "0" },
			{ 1234567890, "1234567890" },
			{ -42, "-42" },
			{ INT64_MAX, "9223372036854775807" },
			{ INT64_MIN, "-9223372036854775808" } };
	struct code_map m = { 0 };

	(void)state;
	for (size_t i = 0; i < sizeof(numbers) / sizeof(numbers[0]); i++) {
		struct code_entry *e = code_map_put_number(&m, numbers[i].value);

		assert_non_null(e);
		e->id = (int64_t)i + 1;
		assert_string_equal(code_map_key(&m, e), numbers[i].key);
	}
	for (size_t i = 0; i < sizeof(numbers) / sizeof(numbers[0]); i++) {
		assert_int_equal(code_map_find_number(&m, numbers[i].value)->id, (int64_t)i + 1);
		assert_int_equal(code_map_put_number(&m, numbers[i].value)->id, (int64_t)i + 1);
	}
	assert_null(code_map_find_number(&m, 7));
	code_map_free(&m);
}

/* Whether a message of the map names a full disk, in any of the words
 * code_map.c has for it (SQLite reports the limit one way or another,
 * depending on where the write fails: a statement or a cache spill). */
static int names_full_disk(const char *message)
{
	static const char *const reasons[] = {
		"the disk holding the temporary directory is full",
		"it would exceed the file size limit (ulimit -f)",
		"is the disk of the temporary directory full, or the file size limit of ulimit -f "
		"reached?",
	};
	static const char prefix[] = "the temporary file of the codes: ";
	const char *rest;

	if (strncmp(message, prefix, strlen(prefix)) != 0)
		return 0;
	rest = message + strlen(prefix);
	/* a read may have to write out the cache first */
	if (strncmp(rest, "cannot write to it: ", 20) == 0)
		rest += 20;
	else if (strncmp(rest, "cannot read it: ", 16) == 0)
		rest += 16;
	else
		return 0;
	for (size_t i = 0; i < sizeof(reasons) / sizeof(reasons[0]); i++)
		if (strcmp(rest, reasons[i]) == 0)
			return 1;
	return 0;
}

/* A full disk under the disk part (a file size limit of 64 KB in a child
 * process): the put that cannot be written fails, the map says why, and
 * from then on finds nothing rather than an answer it cannot vouch for. */
static void test_code_map_full_disk(void **state)
{
	int status;
	pid_t pid;

	(void)state;
	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct rlimit limit = { 64 * 1024, 64 * 1024 };
		struct code_map m = { .in_memory = 16 };
		char code[64];
		int k, failed = 0;

		signal(SIGXFSZ, SIG_IGN);
		if (setrlimit(RLIMIT_FSIZE, &limit) != 0)
			_exit(3);
		for (k = 0; k < 1000000 && !failed; k++) {
			snprintf(code, sizeof(code), "PROJECT-WITH-A-LONG-CODE-%07d", k);
			failed = !code_map_put(&m, code);
		}
		if (!failed || !code_map_error(&m) || !names_full_disk(code_map_error(&m))) {
			fprintf(stderr, "%s\n", failed ? code_map_error(&m) : "no put failed");
			_exit(4);
		}
		if (code_map_find(&m, "PROJECT-WITH-A-LONG-CODE-0000001") ||
		    code_map_put(&m, "another") || code_map_at(&m, 0))
			_exit(5);
		code_map_free(&m);
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
}

static void test_text_pool_offsets_survive_growth(void **state)
{
	struct text_pool p = { 0 };
	uint32_t first = text_pool_add(&p, "G-000001/2019");
	uint32_t empty = text_pool_add(&p, "");

	(void)state;
	for (int i = 0; i < 10000; i++)
		assert_int_not_equal(text_pool_add(&p, "Sozialraum 1 & Umgebung"), TEXT_NONE);
	assert_string_equal(text_pool_get(&p, first), "G-000001/2019");
	assert_string_equal(text_pool_get(&p, empty), "");
	assert_null(text_pool_get(&p, TEXT_NONE));
	text_pool_free(&p);
}

static void test_strbuf_builds_and_clears(void **state)
{
	struct strbuf b = STRBUF_INIT;
	char *kept;

	(void)state;
	assert_int_equal(strbuf_adds(&b, ""), 0);
	assert_non_null(b.text); /* an empty text is "", not NULL */
	assert_string_equal(b.text, "");
	for (int i = 0; i < 100; i++)
		assert_int_equal(strbuf_add(&b, "abc", 2), 0);
	assert_int_equal(b.len, 200);
	assert_int_equal(strlen(b.text), 200);
	assert_memory_equal(b.text + 198, "ab", 3);
	kept = b.text;
	strbuf_clear(&b);
	assert_ptr_equal(b.text, kept);
	assert_string_equal(b.text, "");
	assert_int_equal(strbuf_adds(&b, "x\xc3\xa4"), 0);
	assert_string_equal(b.text, "x\xc3\xa4");
	strbuf_release(&b);
	assert_null(b.text);
	assert_int_equal(b.len + b.cap, 0);
}

/* After a failure every later add fails too, and a size that would not
 * fit is refused before any memory is touched. */
static void test_strbuf_failure_is_sticky(void **state)
{
	struct strbuf b = STRBUF_INIT;
	char byte = 'x';

	(void)state;
	assert_int_equal(strbuf_adds(&b, "ok"), 0);
	b.oom = 1;
	assert_int_equal(strbuf_adds(&b, "more"), -1);
	assert_string_equal(b.text, "ok");
	strbuf_release(&b);
	assert_int_equal(b.oom, 0);

	b.len = SIZE_MAX - 1;
	assert_int_equal(strbuf_add(&b, &byte, 1), -1);
	assert_int_equal(b.oom, 1);
	assert_null(b.text);
	b.len = 0;
	strbuf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vec_grows_and_zeroes),
		cmocka_unit_test(test_vec_refuses_overflow),
		cmocka_unit_test(test_text_map_keeps_values_across_growth),
		cmocka_unit_test(test_int_map_any_key_clear_and_walk),
		cmocka_unit_test(test_code_map_many_codes),
		cmocka_unit_test(test_code_map_entries_on_disk),
		cmocka_unit_test(test_code_map_full_disk),
		cmocka_unit_test(test_code_map_number_keys),
		cmocka_unit_test(test_text_pool_offsets_survive_growth),
		cmocka_unit_test(test_strbuf_builds_and_clears),
		cmocka_unit_test(test_strbuf_failure_is_sticky),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
