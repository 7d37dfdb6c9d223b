/* test_crash.c - crash safety.
 *
 * SIGKILL during a large import (20 trials): after every kill the
 * database passes PRAGMA integrity_check and foreign_key_check and holds
 * exactly the state before the import or exactly the state after it,
 * never anything in between.
 *
 * The import updates a partner city already held (changes, removals,
 * additions: about 5,700 booking rows touched). SQLite hooks in the
 * importing child tell the test when it is inside its write transaction:
 * 14 trials stop the child there (at a seeded row change spread over the
 * whole write, or as COMMIT starts) and kill it, so the kill provably
 * lands mid-write and must leave the state before; 6 more kill after a
 * seeded delay once the write has begun (later rows, the commit, the WAL
 * checkpoint, or after the end). No timing is asserted, only the state.
 *
 * A full disk (the file size limit of ulimit -f, which SQLite and
 * libharu meet as a failing write) during an import and during a PDF
 * report: exit code 1, a message naming the cause, the database unchanged
 * and no partial PDF (the PDF layer's own test is in test_report_pdf.c;
 * this one goes through the command).
 *
 * The data comes from gen_exchange (built next to this test). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <sqlite3.h>

#include "db.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "testutil.h"

enum { TRIALS = 20 };

/* Columns whose value is the wall clock (or a hash over it): two imports
 * of the same file a second apart differ there and nowhere else. */
static int clock_column(const char *name)
{
	static const char *const names[] = { "at", "hash", "prev_hash", "created_at",
					      "imported_at" };
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(name, names[i]) == 0)
			return 1;
	return 0;
}

/* Masks every UTC timestamp (2026-11-24T09:15:02Z) in text, e.g. the
 * imported_at inside the audit log's JSON. */
static void mask_timestamps(char *text)
{
	static const char shape[] = "dddd-dd-ddTdd:dd:ddZ";
	size_t n = sizeof(shape) - 1;

	size_t len = strlen(text);

	for (char *p = text; len >= n; p++, len--) {
		size_t i = 0;

		while (i < n && (shape[i] == 'd' ? (p[i] >= '0' && p[i] <= '9') : p[i] == shape[i]))
			i++;
		if (i == n)
			memset(p, 'X', n);
	}
}

static void append(char **buf, size_t *len, size_t *cap, const char *text)
{
	size_t n = strlen(text);

	if (*len + n + 1 > *cap) {
		*cap = (*len + n + 1) * 2;
		*buf = realloc(*buf, *cap);
		assert_non_null(*buf);
	}
	memcpy(*buf + *len, text, n + 1);
	*len += n;
}

/* Every row of every table, without the clock columns; also checks the
 * integrity of the file first. Caller frees. */
static char *checked_fingerprint(const char *path)
{
	struct db *db;
	struct db_stmt *tables, *rows;
	char *buf = NULL;
	size_t len = 0, cap = 0;

	/* read-write: a WAL left by the killed process is recovered here */
	assert_int_equal(db_open_v2(path, &db, DB_OPEN_READWRITE), DB_OK);
	assert_int_equal(db_prepare(db, "PRAGMA integrity_check", &rows),
			 DB_OK);
	assert_int_equal(db_step(rows), DB_ROW);
	assert_string_equal((const char *)db_column_text(rows, 0), "ok");
	db_finalize(rows);
	assert_int_equal(db_prepare(db, "PRAGMA foreign_key_check", &rows),
			 DB_OK);
	assert_int_equal(db_step(rows), DB_DONE);
	db_finalize(rows);

	assert_int_equal(db_prepare(db,
					    "SELECT name FROM sqlite_master WHERE type = 'table' "
					    "ORDER BY name", &tables),
			 DB_OK);
	while (db_step(tables) == DB_ROW) {
		char sql[256];
		const char *table = (const char *)db_column_text(tables, 0);

		/* table names come from our own schema */
		snprintf(sql, sizeof(sql), "SELECT * FROM \"%s\" ORDER BY rowid", table);
		assert_int_equal(db_prepare(db, sql, &rows), DB_OK);
		append(&buf, &len, &cap, "## ");
		append(&buf, &len, &cap, table);
		append(&buf, &len, &cap, "\n");
		while (db_step(rows) == DB_ROW) {
			for (int c = 0; c < db_column_count(rows); c++) {
				const unsigned char *v = db_column_text(rows, c);

				if (clock_column(db_column_name(rows, c)))
					continue;
				char *value = strdup(v ? (const char *)v : "NULL");
				assert_non_null(value);
				mask_timestamps(value);
				append(&buf, &len, &cap, value);
				free(value);
				append(&buf, &len, &cap, "|");
			}
			append(&buf, &len, &cap, "\n");
		}
		db_finalize(rows);
	}
	db_finalize(tables);
	db_close(db);
	return buf;
}

/* The directory of this test's executable (where gen_exchange is built). */
static void own_dir(char *out, size_t size)
{
	ssize_t n = readlink("/proc/self/exe", out, size - 1);

	assert_true(n > 0);
	out[n] = '\0';
	*strrchr(out, '/') = '\0';
}

static void generate(const char *dir, const char *seed, const char *projects)
{
	char gen[PATH_MAX];
	pid_t pid;
	int status;

	own_dir(gen, sizeof(gen) - 16);
	strncat(gen, "/gen_exchange", sizeof(gen) - strlen(gen) - 1);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		execl(gen, gen, "--seed", seed, "--cities", "1", "--projects", projects,
		      "--first-city", "7", dir, (char *)NULL);
		_exit(127);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
}

static int run_cli(const char *db, const char *cmd, const char *file)
{
	char *argv[] = { "fundtrack", "--db", (char *)db, (char *)cmd, (char *)file, NULL };
	FILE *devnull = fopen("/dev/null", "w");
	int rc = ft_main(file ? 5 : 4, argv, devnull, stderr);

	fclose(devnull);
	return rc;
}

static void remove_db(const char *path)
{
	static const char *const suffixes[] = { "", "-wal", "-shm", "-journal" };
	char file[PATH_MAX + 16];

	for (size_t i = 0; i < 4; i++) {
		snprintf(file, sizeof(file), "%s%s", path, suffixes[i]);
		unlink(file);
	}
}

/* A consistent copy of the database at from (VACUUM INTO). */
static void copy_db(const char *from, const char *to)
{
	struct db *db;
	struct db_stmt *stmt;

	remove_db(to);
	assert_int_equal(db_open_v2(from, &db, DB_OPEN_READWRITE), DB_OK);
	assert_int_equal(db_prepare(db, "VACUUM INTO ?1", &stmt), DB_OK);
	db_bind_text(stmt, 1, to);
	assert_int_equal(db_step(stmt), DB_DONE);
	db_finalize(stmt);
	db_close(db);
}

/* ---- hooks in the importing child --------------------------------------- */

/* What the child's SQLite hooks do. The child is a fork of this test that
 * runs ft_main in-process; sqlite3_auto_extension puts the hooks on every
 * connection it opens, so the test learns from SQLite itself that the
 * child is inside its write transaction, not from a guessed delay. */
enum hook_mode {
	HOOK_COUNT,          /* count row changes and commits, report them at the end */
	HOOK_STOP_AT_ROW,    /* at row change number target: tell the parent, wait for the kill */
	HOOK_STOP_AT_COMMIT, /* at the commit of the write: tell the parent, wait for the kill */
	HOOK_SIGNAL_AT_ROW   /* at row change target: tell the parent and go on */
};

static struct {
	enum hook_mode mode;
	long target, rows, commits, rows_committed;
	int fd; /* the pipe to the parent */
} hook;

static void tell_parent(void)
{
	char c = 'w';

	if (write(hook.fd, &c, 1) != 1)
		_exit(98);
}

static void stop_here(void)
{
	tell_parent();
	for (;;)
		pause(); /* until the parent's SIGKILL */
}

static void on_row(void *arg, int op, const char *db, const char *table, sqlite3_int64 rowid)
{
	(void)arg, (void)op, (void)db, (void)table, (void)rowid;
	if (++hook.rows != hook.target)
		return;
	if (hook.mode == HOOK_STOP_AT_ROW)
		stop_here();
	if (hook.mode == HOOK_SIGNAL_AT_ROW)
		tell_parent();
}

/* Called when COMMIT starts, before anything of it is durable; counts
 * the commits that carry row changes (read transactions end here too). */
static int on_commit(void *arg)
{
	(void)arg;
	if (hook.rows == hook.rows_committed)
		return 0;
	if (hook.mode == HOOK_STOP_AT_COMMIT)
		stop_here();
	hook.commits++;
	hook.rows_committed = hook.rows;
	return 0;
}

static int install_hooks(sqlite3 *db, const char **msg, const struct sqlite3_api_routines *api)
{
	(void)msg, (void)api;
	sqlite3_update_hook(db, on_row, NULL);
	sqlite3_commit_hook(db, on_commit, NULL);
	return SQLITE_OK;
}

static long micros_since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (long)(t1.tv_sec - t0->tv_sec) * 1000000L + (t1.tv_nsec - t0->tv_nsec) / 1000;
}

/* Forks a child importing file into db with the hooks in mode; *from_child
 * is the parent's end of the pipe. */
static pid_t start_import(const char *db, const char *file, enum hook_mode mode, long target,
			  int *from_child)
{
	int fds[2];
	pid_t pid;

	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int rc;

		close(fds[0]);
		hook.mode = mode;
		hook.target = target;
		hook.fd = fds[1];
		sqlite3_auto_extension((void (*)(void))install_hooks);
		rc = run_cli(db, "import", file);
		if (mode == HOOK_COUNT &&
		    (write(fds[1], &hook.rows, sizeof(long)) != sizeof(long) ||
		     write(fds[1], &hook.commits, sizeof(long)) != sizeof(long)))
			_exit(97);
		_exit(rc);
	}
	close(fds[1]);
	*from_child = fds[0];
	return pid;
}

/* Blocks until the child says it is inside the write; 0 when it ended
 * without getting there. */
static int wait_for_write(int from_child)
{
	char c;

	return read(from_child, &c, 1) == 1;
}

static int exit_code_of(pid_t pid)
{
	int status;

	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	return WEXITSTATUS(status);
}

static void kill_and_reap(pid_t pid, int *killed)
{
	int status;

	kill(pid, SIGKILL);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	if (WIFSIGNALED(status)) {
		assert_int_equal(WTERMSIG(status), SIGKILL);
		*killed = 1;
	} else {
		assert_int_equal(WEXITSTATUS(status), 0);
		*killed = 0;
	}
}

/* The state in trial_db: 'b' before, 'a' after, after checking its
 * integrity; fails on anything in between. */
static char state_of(const char *trial_db, const char *before, const char *after, unsigned trial)
{
	char *got = checked_fingerprint(trial_db);
	int is_before = strcmp(got, before) == 0, is_after = strcmp(got, after) == 0;

	if (!is_before && !is_after)
		fprintf(stderr, "trial %u: state neither before nor after\n", trial);
	assert_true(is_before || is_after);
	free(got);
	return is_before ? 'b' : 'a';
}

/* Trials: most stop the child at a row change spread over the whole
 * write (proven inside the transaction: the child says so and waits), and
 * its kill must leave exactly the state before; some stop it as COMMIT
 * starts (state before); the rest only learn that the write has begun and
 * kill after a further seeded delay, which lands in later rows, the
 * commit, the checkpoint or after the end (state before or after). */
enum { STOP_AT_ROW_TRIALS = 12, STOP_AT_COMMIT_TRIALS = 2 };

static void test_sigkill_during_import(void **state)
{
	char *base = tu_small_db();
	char dir[1024], dir_a[PATH_MAX], dir_b[PATH_MAX], file_a[PATH_MAX], file_b[PATH_MAX];
	char before_db[PATH_MAX], after_db[PATH_MAX], trial_db[PATH_MAX];
	int killed_in_write = 0, killed_later = 0, finished = 0, afters = 0, from_child;
	long rows = 0, commits = 0;
	struct timespec t0;
	pid_t pid;
	(void)state;

	snprintf(dir, sizeof(dir), "%s", base);
	*strrchr(dir, '/') = '\0';
	snprintf(dir_a, sizeof(dir_a), "%s/a", dir);
	snprintf(dir_b, sizeof(dir_b), "%s/b", dir);
	assert_int_equal(mkdir(dir_a, 0755), 0);
	assert_int_equal(mkdir(dir_b, 0755), 0);
	generate(dir_a, "1", "300");
	generate(dir_b, "2", "270");
	snprintf(file_a, sizeof(file_a), "%s/a/city-007.xml", dir);
	snprintf(file_b, sizeof(file_b), "%s/b/city-007.xml", dir);
	snprintf(before_db, sizeof(before_db), "%s/before.db", dir);
	snprintf(after_db, sizeof(after_db), "%s/after.db", dir);
	snprintf(trial_db, sizeof(trial_db), "%s/trial.db", dir);

	/* before: the own city and version A of a partner city */
	assert_int_equal(run_cli(base, "import", file_a), 0);
	copy_db(base, before_db);
	char *before = checked_fingerprint(before_db);

	/* after: version B imported over it, uninterrupted, counting the row
	 * changes and commits of the write */
	copy_db(before_db, after_db);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	pid = start_import(after_db, file_b, HOOK_COUNT, 0, &from_child);
	assert_int_equal(read(from_child, &rows, sizeof(rows)), sizeof(rows));
	assert_int_equal(read(from_child, &commits, sizeof(commits)), sizeof(commits));
	close(from_child);
	assert_int_equal(exit_code_of(pid), 0);
	long full_us = micros_since(&t0);
	char *after = checked_fingerprint(after_db);
	assert_string_not_equal(before, after);
	/* one write transaction, large enough to be stopped in many places */
	assert_int_equal(commits, 1);
	assert_true(rows > 1000);

	for (unsigned trial = 0; trial < TRIALS; trial++) {
		unsigned seed = 7919u * (trial + 1);
		enum hook_mode mode = trial < STOP_AT_ROW_TRIALS ? HOOK_STOP_AT_ROW
				      : trial < STOP_AT_ROW_TRIALS + STOP_AT_COMMIT_TRIALS
					      ? HOOK_STOP_AT_COMMIT
					      : HOOK_SIGNAL_AT_ROW;
		/* anywhere in the write; the free-running kills start in its last tenth */
		long target = mode == HOOK_SIGNAL_AT_ROW
				      ? rows - (long)((unsigned)rand_r(&seed) % (unsigned long)(rows / 10))
				      : 1 + (long)((unsigned)rand_r(&seed) % (unsigned long)rows);
		int killed;
		char got;

		copy_db(before_db, trial_db);
		pid = start_import(trial_db, file_b, mode, target, &from_child);
		if (!wait_for_write(from_child))
			fail_msg("trial %u: the child ended before row change %ld", trial, target);
		if (mode == HOOK_SIGNAL_AT_ROW) {
			/* up to an eighth of a whole import (reading and checking
			 * the file take most of it): into the last rows, the commit,
			 * the checkpoint, or past the end */
			long delay_us = (long)((double)(rand_r(&seed) % 1000) / 8000.0 * (double)full_us);
			struct timespec pause_for = { delay_us / 1000000, (delay_us % 1000000) * 1000 };

			nanosleep(&pause_for, NULL);
		}
		kill_and_reap(pid, &killed);
		close(from_child);
		got = state_of(trial_db, before, after, trial);
		if (mode != HOOK_SIGNAL_AT_ROW) {
			/* the child waited inside the transaction: the kill landed there */
			assert_true(killed);
			assert_int_equal(got, 'b');
			killed_in_write++;
		} else {
			killed_later += killed;
			finished += !killed;
		}
		afters += got == 'a';
	}
	fprintf(stderr, "crash test: %ld row changes in one transaction; %d kills proven inside "
		"the write (state before), %d more kills after the write began, %d imports "
		"finished first; %d trials left the state after (full import %.2f s)\n",
		rows, killed_in_write, killed_later, finished, afters, (double)full_us / 1e6);
	assert_int_equal(killed_in_write, STOP_AT_ROW_TRIALS + STOP_AT_COMMIT_TRIALS);
	free(before);
	free(after);
	remove_db(before_db), remove_db(after_db), remove_db(trial_db);
	unlink(file_a), unlink(file_b), rmdir(dir_a), rmdir(dir_b);
	tu_cleanup(base);
}

/* Runs fundtrack in a child whose files may not grow past limit bytes;
 * returns its exit code, its stderr in err_text (caller frees). */
static int run_limited(long limit, char **err_text, char *const argv[])
{
	char err_path[] = "/tmp/fundtrack-stderr-XXXXXX";
	int fd = mkstemp(err_path), status, argc = 0;
	pid_t pid;

	assert_true(fd >= 0);
	close(fd);
	while (argv[argc])
		argc++;
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct rlimit rl = { (rlim_t)limit, (rlim_t)limit };
		FILE *out = fopen("/dev/null", "w"), *err = fopen(err_path, "w");

		signal(SIGXFSZ, SIG_IGN); /* a write fails with EFBIG instead */
		if (!out || !err || setrlimit(RLIMIT_FSIZE, &rl) != 0)
			_exit(99);
		int rc = ft_main(argc, (char **)argv, out, err);
		fclose(out);
		fclose(err);
		_exit(rc);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));

	FILE *f = fopen(err_path, "r");
	assert_non_null(f);
	*err_text = calloc(1, 4096);
	assert_non_null(*err_text);
	size_t n = fread(*err_text, 1, 4095, f);
	(*err_text)[n] = '\0';
	fclose(f);
	unlink(err_path);
	return WEXITSTATUS(status);
}

static off_t file_size(const char *path)
{
	struct stat st;

	assert_int_equal(stat(path, &st), 0);
	return st.st_size;
}

static void test_full_disk_during_import(void **state)
{
	char *db = tu_small_db();
	char dir[1024], dir_a[PATH_MAX], file_a[PATH_MAX];
	char *err_text;
	(void)state;

	snprintf(dir, sizeof(dir), "%s", db);
	*strrchr(dir, '/') = '\0';
	snprintf(dir_a, sizeof(dir_a), "%s/a", dir);
	snprintf(file_a, sizeof(file_a), "%s/a/city-007.xml", dir);
	assert_int_equal(mkdir(dir_a, 0755), 0);
	generate(dir_a, "1", "300");

	char *before = tu_db_dump(db);
	char *argv[] = { "fundtrack", "--db", db, "import", file_a, NULL };
	/* room for the database as it is, not for 3,000 more bookings */
	int rc = run_limited((long)file_size(db) + 64 * 1024, &err_text, argv);
	if (rc != 1)
		fprintf(stderr, "exit %d: %s", rc, err_text);
	assert_int_equal(rc, 1);
	assert_true(tu_contains(err_text, "fundtrack: nothing was imported from '"));
	assert_true(tu_contains(err_text, "file size limit"));
	assert_true(tu_contains(err_text, "nothing was changed"));
	char *after = tu_db_dump(db);
	assert_string_equal(before, after);

	/* and with room, the same file imports */
	tu_ok(db, "import", file_a, NULL);
	free(err_text), free(before), free(after);
	unlink(file_a), rmdir(dir_a);
	tu_cleanup(db);
}


/* A full disk under the temporary file of the codes (code_map.h): one
 * grant of 40,000 bookings, 16 codes a map in memory, so the grant's
 * bookings outgrow the map's 1 MB cache and must be written; the
 * program (run as itself, so that it reads FUNDTRACK_CODES_IN_MEMORY) may
 * not grow a file past 64 KB. validate stops with the reason, not with a
 * verdict it cannot vouch for. */
static void test_full_disk_under_the_codes(void **state)
{
	char *db = tu_small_db(), dir[PATH_MAX], path[PATH_MAX + 16], bin[PATH_MAX], err_path[] =
		"/tmp/fundtrack-stderr-XXXXXX";
	char text[4096] = "";
	FILE *f;
	int status, fd;
	size_t n;
	pid_t pid;

	(void)state;
	snprintf(dir, sizeof(dir), "%s", db);
	*strrchr(dir, '/') = '\0';
	snprintf(path, sizeof(path), "%s/one-grant.xml", dir);
	f = tu_grant_file_open(path, "05913000", "Dortmund", "900000.00");
	for (int k = 1; k <= 40000; k++)
		fprintf(f, "      <booking id=\"%d\" date=\"2024-05-02\" kind=\"%s\" "
			   "currency=\"EUR\">1.00</booking>\n", k, k % 2 ? "drawdown" : "expenditure");
	tu_grant_file_close(f);

	own_dir(bin, sizeof(bin) - 16);
	*strrchr(bin, '/') = '\0'; /* the build directory, beside tests/ */
	strncat(bin, "/fundtrack", sizeof(bin) - strlen(bin) - 1);
	assert_true((fd = mkstemp(err_path)) >= 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct rlimit rl = { 64 * 1024, 64 * 1024 };
		signal(SIGXFSZ, SIG_IGN);
		if (dup2(fd, 1) < 0 || dup2(fd, 2) < 0 ||
		    setenv("FUNDTRACK_CODES_IN_MEMORY", "16", 1) != 0 ||
		    setenv("LC_MESSAGES", "en_US.UTF-8", 1) != 0 || setrlimit(RLIMIT_FSIZE, &rl) != 0)
			_exit(99);
		execl(bin, bin, "validate", path, (char *)NULL);
		_exit(127);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	n = (size_t)pread(fd, text, sizeof(text) - 1, 0);
	text[n < sizeof(text) ? n : 0] = '\0';
	close(fd);
	unlink(err_path);
	if (WEXITSTATUS(status) != 1 ||
	    !tu_contains(text, "one-grant.xml: error: cannot check the file's codes: the temporary "
			       "file of the codes: cannot write to it: ") ||
	    !tu_contains(text, "one-grant.xml: invalid: 1 error, 0 warnings (the file was not "
			       "read to its end)"))
		fail_msg("exit %d: %s", WEXITSTATUS(status), text);
	/* and with room, the same file is valid */
	tu_ok(NULL, "validate", path, NULL);
	unlink(path);
	tu_cleanup(db);
}

static void test_full_disk_during_pdf(void **state)
{
	char *db = tu_small_db();
	char dir[1024], out_dir[PATH_MAX], pdf[PATH_MAX];
	char *err_text;
	(void)state;

	snprintf(dir, sizeof(dir), "%s", db);
	*strrchr(dir, '/') = '\0';
	snprintf(out_dir, sizeof(out_dir), "%s/pdf", dir);
	snprintf(pdf, sizeof(pdf), "%s/pdf/status.pdf", dir);
	assert_int_equal(mkdir(out_dir, 0755), 0);

	char *before = tu_db_dump(db);
	char *argv[] = { "fundtrack", "--db", db, "report", "status", "-o", pdf, NULL };
	/* room for the database's WAL index (32 KB), not for a report (the
	 * fonts alone take more than 100 KB) */
	int rc = run_limited(96 * 1024, &err_text, argv);
	if (rc != 1)
		fprintf(stderr, "exit %d: %s", rc, err_text);
	assert_int_equal(rc, 1);
	assert_true(tu_contains(err_text, "fundtrack: "));
	assert_true(tu_contains(err_text, "status.pdf"));
	assert_true(tu_contains(err_text, "File too large"));
	assert_int_equal(tu_dir_entries(out_dir, NULL), 0); /* no partial PDF, no temporary file */
	char *after = tu_db_dump(db);
	assert_string_equal(before, after);

	free(err_text), free(before), free(after);
	rmdir(out_dir);
	tu_cleanup(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_full_disk_during_import),
		cmocka_unit_test(test_full_disk_during_pdf),
		cmocka_unit_test(test_full_disk_under_the_codes),
		cmocka_unit_test(test_sigkill_during_import),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
