/* test_atomic_file.c - the one atomic writer (atomic_file.h) and every
 * command that writes a named file through it (issue 12 item 2). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomic_file.h"
#include "testutil.h"





static int fill_text(void *arg, FILE *out, struct ft_error *err)
{
	(void)err;
	fputs(arg, out);
	return 0;
}

static int fill_then_fail(void *arg, FILE *out, struct ft_error *err)
{
	fputs(arg, out);
	return ft_fail(err, "the data ran out");
}

static char *slurp(const char *path)
{
	static char buf[256];
	FILE *f = fopen(path, "rb");
	size_t n;

	assert_non_null(f);
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

/* 'c' device, 'p' fifo, 'd' directory, 'l' link, 'f' regular file */
static char kind_of(const char *path)
{
	struct stat sb;

	assert_int_equal(lstat(path, &sb), 0);
	return S_ISCHR(sb.st_mode) ? 'c' : S_ISFIFO(sb.st_mode) ? 'p' : S_ISDIR(sb.st_mode) ? 'd'
	       : S_ISLNK(sb.st_mode) ? 'l' : 'f';
}

/* ---- the function ---------------------------------------------------------- */

static void test_new_and_replaced_files(void **state)
{
	struct tu_scratch s;
	struct ft_error err;
	struct stat sb;
	mode_t mask = umask(022);

	(void)state;
	tu_scratch_open(&s, "out.txt");
	assert_int_equal(atomic_write_file(s.path, "", fill_text, "first\n", &err), 0);
	assert_string_equal(slurp(s.path), "first\n");
	assert_int_equal(stat(s.path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0644); /* 0666 minus the umask, not mkstemp's 0600 */
	assert_int_equal(atomic_write_file(s.path, "", fill_text, "second\n", &err), 0);
	assert_string_equal(slurp(s.path), "second\n");
	assert_int_equal(tu_dir_entries(s.dir, NULL), 1);
	umask(mask);
	tu_scratch_close(&s);
}

static void test_failed_fill_leaves_target_and_no_temp(void **state)
{
	struct tu_scratch s;
	struct ft_error err;

	(void)state;
	tu_scratch_open(&s, "out.txt");
	assert_int_equal(atomic_write_file(s.path, "", fill_text, "kept\n", &err), 0);
	assert_int_equal(atomic_write_file(s.path, "", fill_then_fail, "half", &err), -1);
	assert_string_equal(err.msg, "the data ran out");
	assert_string_equal(slurp(s.path), "kept\n");
	assert_int_equal(tu_dir_entries(s.dir, NULL), 1);
	tu_scratch_close(&s);
}

static void test_missing_directory(void **state)
{
	struct ft_error err;

	(void)state;
	assert_int_equal(atomic_write_file("/nonexistent-dir/x.txt", "calendar ", fill_text, "x",
					   &err),
			 -1);
	assert_string_equal(err.msg,
			    "cannot write calendar '/nonexistent-dir/x.txt': No such file or directory");
	assert_int_equal(atomic_write_file("", "", fill_text, "x", &err), -1);
	assert_non_null(strstr(err.msg, "the file name is empty"));
}

/* A device, a fifo, a directory and links to them: rename() would put a
 * regular file in their place (as root even over /dev/null). */
static void test_non_regular_targets_refused(void **state)
{
	struct tu_scratch s;
	struct ft_error err;
	char fifo[160], dir[160], link_fifo[160], link_null[160], expected[300];
	const char *targets[] = { "/dev/null", fifo, dir, link_fifo, link_null };

	(void)state;
	tu_scratch_open(&s, "unused");
	snprintf(fifo, sizeof(fifo), "%s/pipe", s.dir);
	snprintf(dir, sizeof(dir), "%s/sub", s.dir);
	snprintf(link_fifo, sizeof(link_fifo), "%s/to-pipe", s.dir);
	snprintf(link_null, sizeof(link_null), "%s/to-null", s.dir);
	assert_int_equal(mkfifo(fifo, 0600), 0);
	assert_int_equal(mkdir(dir, 0700), 0);
	assert_int_equal(symlink(fifo, link_fifo), 0);
	assert_int_equal(symlink("/dev/null", link_null), 0);
	for (size_t i = 0; i < sizeof(targets) / sizeof(targets[0]); i++) {
		assert_int_equal(atomic_write_file(targets[i], "", fill_text, "x", &err), -1);
		snprintf(expected, sizeof(expected), "cannot write '%s': not a regular file",
			 targets[i]);
		assert_string_equal(err.msg, expected);
		assert_int_equal(atomic_file_check(targets[i], "", &err), -1);
	}
	assert_int_equal(kind_of("/dev/null"), 'c');
	assert_int_equal(kind_of(fifo), 'p');
	assert_int_equal(kind_of(dir), 'd');
	assert_int_equal(kind_of(link_fifo), 'l');
	assert_int_equal(kind_of(link_null), 'l');
	assert_int_equal(tu_dir_entries(s.dir, NULL), 4); /* no temporary file left */
	tu_scratch_close(&s);
}

/* ---- every writer ------------------------------------------------------------ */

/* The commands that write a named file, with the target as last word. */
static const char *const writers[][6] = {
	{ "export", "-o", NULL },
	{ "export", "--format", "ledger", "-o", NULL },
	{ "deadlines", "--ics", NULL },
	{ "report", "status", "-o", NULL },
};

static void run_writer(struct ft_run *r, const char *db, const char *const *words,
		       const char *target)
{
	const char *w[6] = { NULL };
	size_t n = 0;

	while (words[n]) {
		w[n] = words[n];
		n++;
	}
	w[n] = target;
	tu_run(r, db, w[0], w[1], w[2], w[3], w[4], w[5], NULL);
}

static void test_every_writer_refuses_non_regular(void **state)
{
	char *db = tu_small_db();
	struct tu_scratch s;
	struct ft_run r;
	char fifo[160], dir[160];
	/* the fifo first: on the old code export replaced it and the test stops
	 * before it could replace /dev/null */
	const char *targets[] = { fifo, dir, "/dev/null" };
	char *before = tu_db_dump(db), *after;

	(void)state;
	tu_scratch_open(&s, "unused");
	snprintf(fifo, sizeof(fifo), "%s/pipe", s.dir);
	snprintf(dir, sizeof(dir), "%s/sub", s.dir);
	assert_int_equal(mkfifo(fifo, 0600), 0);
	assert_int_equal(mkdir(dir, 0700), 0);
	for (size_t w = 0; w < sizeof(writers) / sizeof(writers[0]); w++) {
		for (size_t t = 0; t < sizeof(targets) / sizeof(targets[0]); t++) {
			run_writer(&r, db, writers[w], targets[t]);
			if (r.rc != 1 || !strstr(r.err, "not a regular file") ||
			    !strstr(r.err, targets[t]))
				fail_msg("%s ... %s: rc %d, stderr: %s", writers[w][0], targets[t],
					 r.rc, r.err);
			tu_run_free(&r);
		}
	}
	assert_int_equal(kind_of("/dev/null"), 'c');
	assert_int_equal(kind_of(fifo), 'p');
	assert_int_equal(kind_of(dir), 'd');
	assert_int_equal(tu_dir_entries(s.dir, NULL), 2);
	assert_int_equal(tu_dir_entries(dir, NULL), 0);
	after = tu_db_dump(db);
	assert_string_equal(before, after);
	free(before);
	free(after);
	tu_scratch_close(&s);
	tu_cleanup(db);
}

/* The text writers replace a regular file and leave nothing else. */
static void test_every_text_writer_replaces_regular(void **state)
{
	char *db = tu_small_db();
	struct tu_scratch s;
	struct ft_run r;

	(void)state;
	tu_scratch_open(&s, "out");
	for (size_t w = 0; w < 3; w++) {
		FILE *f = fopen(s.path, "w");

		assert_non_null(f);
		fputs("old content\n", f);
		fclose(f);
		run_writer(&r, db, writers[w], s.path);
		if (r.rc != 0)
			fail_msg("%s: rc %d, stderr: %s", writers[w][0], r.rc, r.err);
		tu_run_free(&r);
		assert_null(strstr(slurp(s.path), "old content"));
		assert_int_equal(tu_dir_entries(s.dir, NULL), 1);
	}
	tu_scratch_close(&s);
	tu_cleanup(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_new_and_replaced_files),
		cmocka_unit_test(test_failed_fill_leaves_target_and_no_temp),
		cmocka_unit_test(test_missing_directory),
		cmocka_unit_test(test_non_regular_targets_refused),
		cmocka_unit_test(test_every_writer_refuses_non_regular),
		cmocka_unit_test(test_every_text_writer_replaces_regular),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
