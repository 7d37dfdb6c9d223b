/* testutil.h - helpers for the cmocka tests: temporary databases and
 * running the CLI in-process with captured output. */
#ifndef FT_TESTUTIL_H
#define FT_TESTUTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

struct ft_run {
	int rc;
	char *out; /* captured stdout, NUL-terminated */
	char *err; /* captured stderr */
};

/* A fresh path for a database in a new temporary directory (the file
 * does not exist yet); in the postgres run (tu_pg_admin_uri) the URI of a
 * new empty database on the test cluster instead. Free with tu_cleanup
 * (removes the file or drops the database). */
char *tu_temp_db(void);
void tu_cleanup(char *db_path);
/* The test cluster's admin URI in the postgres run (ctest label postgres:
 * $FUNDTRACK_TEST_PG, or the state file $FT_TEST_PG_STATE of the fixture
 * pg_cluster_start); NULL in the SQLite run. */
const char *tu_pg_admin_uri(void);
/* The folder for files that go with the test database db: a file's own
 * folder, or /tmp/fundtrack-test-<database> for a server database
 * (made by tu_temp_db, removed by tu_cleanup when empty). A static
 * buffer, valid until the next call. */
const char *tu_db_dir(const char *db);
/* First line of a test about SQLite itself (its file, its catalogue, its
 * PRAGMAs, SQL functions registered in C): in the postgres run it says so
 * on stderr and skips (cmocka skip(): SKIPPED in the program output, its
 * other tests still count); the server has nothing of it to test. */
#define TU_SQLITE_ONLY(why)                                        \
	do {                                                       \
		if (tu_pg_admin_uri()) {                           \
			fprintf(stderr, "sqlite only: %s\n", why); \
			skip();                                    \
		}                                                  \
	} while (0)

/* Runs fundtrack with --db db (when db is not NULL) and the given words,
 * NULL-terminated. Output is captured into r (free with tu_run_free). */
void tu_run(struct ft_run *r, const char *db, ...);
/* tu_run for helpers that take the words as their own variable arguments */
void tu_run_va(struct ft_run *r, const char *db, va_list ap);
void tu_run_free(struct ft_run *r);

/* Runs a command and asserts exit code 0 (printing stderr otherwise). */
void tu_ok(const char *db, ...);

/* Runs a command that must fail: asserts exit code rc, that stderr
 * contains needle, and (when db exists) that the database is unchanged. */
void tu_fail(const char *db, int rc, const char *needle, ...);

/* 1 when haystack contains needle; prints both otherwise (for asserts). */
int tu_contains(const char *haystack, const char *needle);

/* One value (first column, first row) of sql on a read-only connection,
 * as text, or NULL. Caller frees. */
char *tu_query_text(const char *db, const char *sql);

/* Asserts that tu_query_text(db, sql) equals expected (prints both when
 * not). */
void tu_assert_query(const char *db, const char *sql, const char *expected);

/* A text dump of every table's rows in a stable order: compare two dumps
 * to prove a failed command changed nothing. Caller frees. */
char *tu_db_dump(const char *db);

/* Skipping honestly (issue 12 item 13): cmocka counts a skip() as no
 * failure, so the program would exit 0 and ctest would report "Passed".
 * tu_skip(why) prints why, marks the running test skipped and remembers
 * it; main returns tu_exit_code(cmocka_run_group_tests(...)), which is
 * TU_SKIPPED when a test was skipped and none failed, and ctest, told
 * so by SKIP_RETURN_CODE in tests/CMakeLists.txt, reports "Skipped". */
enum { TU_SKIPPED = 77 };
#define tu_skip(why)              \
	do {                      \
		tu_note_skip(why); \
		skip();           \
	} while (0)
void tu_note_skip(const char *why);
int tu_exit_code(int failures);

/* The entries of directory dir but . and .. whose names do not start
 * with except (NULL: count all): proves that no temporary file is left. */
int tu_dir_entries(const char *dir, const char *except);

/* A scratch directory per test, with path = dir/name inside it;
 * tu_scratch_close removes what is in it (files, empty folders) and it. */
struct tu_scratch {
	char dir[64];
	char path[128];
};
void tu_scratch_open(struct tu_scratch *s, const char *name);
void tu_scratch_close(struct tu_scratch *s);

/* A database with a small own city: districts, funders on all levels, a
 * few programmes and projects (see testutil.c for the exact contents). */
char *tu_small_db(void);
/* tu_small_db's records, written into db (initialised already). */
void tu_small_data(const char *db);

/* An exchange file (format 1.0) of one city with one district, funder,
 * programme and project P-1 and one grant G-1 (approval period 2024-01-01
 * to 2025-12-31, status running, approved amount approved): opened for
 * writing with everything up to the grant's <approved> line (line 10),
 * so the caller writes the grant's bookings from line 11 on;
 * tu_grant_file_close ends the file. */
FILE *tu_grant_file_open(const char *path, const char *ags, const char *city,
			 const char *approved);
void tu_grant_file_close(FILE *f);

/* What an audit entry records as its user for a name given with --user
 * or $FUNDTRACK_USER: the name on SQLite; on the test server the role
 * that logged in, the name after it, "ft_admin (name)" (audit_chain.h).
 * A static buffer, one of four used in turn. */
const char *tu_audit_user(const char *named);

#endif
