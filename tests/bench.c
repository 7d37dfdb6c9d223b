/* bench.c - the benchmarks of issue 7, measured side by side in one run:
 * validate against xmllint, import throughput and peak memory, budget
 * against ledger, the two big PDF reports and the model. Prints the
 * machine, every command and the median of each measurement.
 *
 * Not part of the product (which never spawns processes): a driver that
 * runs the real binaries with posix_spawn, times them with clock_gettime
 * (CLOCK_MONOTONIC) and takes their peak memory from wait4's ru_maxrss.
 *
 * usage: bench --bin DIR --xsd FILE --work DIR [--runs N] [--year Y] [--quick] [--pg-only]
 *   DIR/fundtrack, DIR/tests/gen_exchange and DIR/tests/bench_model are run;
 *   the data (about 400 MB) is generated into --work unless it is there.
 *   --quick: 10 cities x 100 projects instead of 100 x 1000 (a smoke run).
 *   --pg-only: only the section "PostgreSQL beside SQLite" (issue 20).
 *
 * PostgreSQL (issue 20): import and budget run on a server beside SQLite
 * when $FT_BENCH_PG names a server (a postgresql:// URI of a role that may
 * create databases; database ft_bench is dropped and created for each
 * run), else on a throwaway cluster (tests/pgcluster.h) when initdb is
 * there; else the section says it is skipped.
 */
#define _GNU_SOURCE /* wait4 */
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <sqlite3.h>
#include <unistd.h>
#ifdef FT_HAVE_LIBPQ
#include <libpq-fe.h>

#include "pgcluster.h"
#endif

extern char **environ;

enum { MAX_ARGS = 160, MAX_RUNS = 15 };

struct bench {
	char fundtrack[1024], gen[1024], model[1024];
	const char *xsd, *work;
	int runs, year, quick, pg_only;
	long cities, projects, bookings;
	char pg_admin[600]; /* the server's admin URI; "" = no server */
	char pg_db[700];    /* its database ft_bench: a --db target */
};

struct run {
	double seconds;
	double cpu; /* user + system seconds */
	long maxrss_kb;
	int status; /* exit code, or 128 + signal */
};

/* Runs argv (stdout to out_path or /dev/null, stderr to the terminal) and
 * measures it. Returns the exit code. */
static int run_timed(char *const argv[], const char *out_path, struct run *r)
{
	posix_spawn_file_actions_t fa;
	struct timespec t0, t1;
	struct rusage ru;
	pid_t pid;
	int status = 0, rc;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, out_path ? out_path : "/dev/null",
					 O_WRONLY | O_CREAT | O_TRUNC, 0644);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	rc = posix_spawn(&pid, argv[0], &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (rc != 0) {
		fprintf(stderr, "bench: cannot run '%s': %s\n", argv[0], strerror(rc));
		r->status = 127;
		return 127;
	}
	while (wait4(pid, &status, 0, &ru) < 0 && errno == EINTR)
		;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	r->seconds = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	r->maxrss_kb = ru.ru_maxrss;
	r->cpu = (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
		 (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
	r->status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	return r->status;
}

static void print_command(char *const argv[], int max_shown)
{
	printf("    $");
	for (int i = 0; argv[i]; i++) {
		if (i == max_shown) {
			printf(" ...");
			break;
		}
		printf(" %s", argv[i]);
	}
	printf("\n");
}

/* Runs argv once and stops the benchmark when it fails. */
static void run_or_die(char *const argv[], const char *out_path)
{
	struct run r;
	if (run_timed(argv, out_path, &r) != 0) {
		fprintf(stderr, "bench: failed (exit %d):", r.status);
		for (int i = 0; argv[i] && i < 8; i++)
			fprintf(stderr, " %s", argv[i]);
		fprintf(stderr, "\n");
		exit(1);
	}
}

static int compare_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, compare_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* The medians of `runs` alternating runs of a and b (b may be NULL). */
static int race(const struct bench *b, char *const a_argv[], char *const b_argv[],
		double *a_median, double *b_median, long *a_rss, long *b_rss)
{
	double ta[MAX_RUNS], tb[MAX_RUNS];
	*a_rss = *b_rss = 0;
	for (int i = 0; i < b->runs; i++) {
		struct run r;
		if (run_timed(a_argv, NULL, &r) > 1) /* 1: e.g. invalid or findings */
			return -1;
		ta[i] = r.seconds;
		if (r.maxrss_kb > *a_rss)
			*a_rss = r.maxrss_kb;
		if (!b_argv)
			continue;
		if (run_timed(b_argv, NULL, &r) != 0)
			return -1;
		tb[i] = r.seconds;
		if (r.maxrss_kb > *b_rss)
			*b_rss = r.maxrss_kb;
	}
	*a_median = median(ta, b->runs);
	*b_median = b_argv ? median(tb, b->runs) : 0;
	return 0;
}

static void path_join(char *out, size_t size, const char *a, const char *b)
{
	int n = snprintf(out, size, "%s/%s", a, b);
	if (n < 0 || (size_t)n >= size) {
		fprintf(stderr, "bench: path too long: '%s/%s'\n", a, b);
		exit(2);
	}
}

static int exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

static void print_machine(void)
{
	char line[512], model[256] = "unknown";
	FILE *f = fopen("/proc/cpuinfo", "r");
	while (f && fgets(line, sizeof line, f)) {
		char *colon = strchr(line, ':');
		if (strncmp(line, "model name", 10) == 0 && colon) {
			snprintf(model, sizeof model, "%s", colon + 2);
			model[strcspn(model, "\n")] = '\0';
			break;
		}
	}
	if (f)
		fclose(f);
	printf("machine: %ld cores (nproc), CPU '%s'\n", sysconf(_SC_NPROCESSORS_ONLN), model);
}

/* ---- the data ----------------------------------------------------------- */

static void generate(const struct bench *b, const char *dir, long cities, long projects,
		     long first_city)
{
	char c[32], p[32], k[32], fc[32];
	snprintf(c, sizeof c, "%ld", cities);
	snprintf(p, sizeof p, "%ld", projects);
	snprintf(k, sizeof k, "%ld", b->bookings);
	snprintf(fc, sizeof fc, "%ld", first_city);
	char *argv[] = { (char *)b->gen, "--seed", "1", "--cities", c, "--projects", p,
			 "--bookings", k, "--first-city", fc, (char *)dir, NULL };
	if (mkdir(dir, 0755) != 0 && errno != EEXIST) {
		fprintf(stderr, "bench: cannot create '%s': %s\n", dir, strerror(errno));
		exit(1);
	}
	print_command(argv, MAX_ARGS);
	run_or_die(argv, NULL);
}

static int fresh_server_db(const struct bench *b);

/* A new database at db (a file, or the server's ft_bench), initialised. */
static void fresh_db(const struct bench *b, const char *db)
{
	char wal[1200], shm[1200];
	if (strcmp(db, b->pg_db) == 0) {
		if (fresh_server_db(b) != 0)
			exit(1);
	} else {
		snprintf(wal, sizeof wal, "%s-wal", db);
		snprintf(shm, sizeof shm, "%s-shm", db);
		unlink(db), unlink(wal), unlink(shm);
	}
	char *argv[] = { (char *)b->fundtrack, "--db", (char *)db, "init", NULL };
	run_or_die(argv, NULL);
}

/* Runs argv b->runs times, each into a fresh database db: the median
 * seconds and the highest peak memory; -1 (said) when a run fails. */
static int median_of_fresh_runs(const struct bench *b, char *const argv[], const char *db,
				double *seconds, long *rss)
{
	double t[MAX_RUNS];

	*rss = 0;
	for (int i = 0; i < b->runs; i++) {
		struct run r;
		fresh_db(b, db);
		if (run_timed(argv, NULL, &r) != 0) {
			printf("  FAILED (exit %d)\n", r.status);
			return -1;
		}
		t[i] = r.seconds;
		if (r.maxrss_kb > *rss)
			*rss = r.maxrss_kb;
	}
	*seconds = median(t, b->runs);
	return 0;
}

/* ---- the benchmarks ----------------------------------------------------- */

static void bench_validate(const struct bench *b, const char *big)
{
	char *ft[] = { (char *)b->fundtrack, "validate", (char *)big, NULL };
	char *xl[] = { "/usr/bin/xmllint", "--noout", "--stream", "--schema", (char *)b->xsd,
		       (char *)big, NULL };
	double tf, tx;
	long rf, rx;
	printf("\nvalidate: one file of %ld bookings, %d runs each, alternating\n",
	       100 * b->projects * b->bookings, b->runs);
	print_command(ft, MAX_ARGS);
	print_command(xl, MAX_ARGS);
	if (race(b, ft, xl, &tf, &tx, &rf, &rx) != 0) {
		printf("  FAILED\n");
		return;
	}
	printf("  fundtrack validate  %8.3f s  (peak %ld KB)\n", tf, rf);
	printf("  xmllint --stream    %8.3f s  (peak %ld KB)\n", tx, rx);
	printf("  ratio fundtrack/xmllint %.2f (target <= 1.20): %s\n", tf / tx,
	       tf / tx <= 1.2 ? "met" : "MISSED");
}

static void bench_import(const struct bench *b, const char *cities_dir, const char *big,
			 const char *db)
{
	static char paths[1000][64];
	char *argv[MAX_ARGS] = { (char *)b->fundtrack, "--db", (char *)db, "import" };
	long rss = 0, nfiles = b->cities;
	int argc = 4;
	for (long i = 0; i < nfiles && argc < MAX_ARGS - 1; i++) {
		char name[32];
		snprintf(name, sizeof name, "city-%03ld.xml", i + 1);
		path_join(paths[i], sizeof paths[i], cities_dir, name);
		argv[argc++] = paths[i];
	}
	argv[argc] = NULL;
	long bookings = b->cities * b->projects * b->bookings;
	printf("\nimport: %ld files, %ld bookings in all, into a new database, %d runs\n",
	       nfiles, bookings, b->runs);
	print_command(argv, 6);
	double tm;
	if (median_of_fresh_runs(b, argv, db, &tm, &rss) != 0)
		return;
	printf("  import              %8.3f s  = %.0f bookings/s (target >= 200000): %s\n", tm,
	       (double)bookings / tm, (double)bookings / tm >= 200000 ? "met" : "MISSED");
	printf("  peak memory         %8ld KB (target < 65536 KB): %s\n", rss,
	       rss < 65536 ? "met" : "MISSED");

	/* flat as files grow: one small file, then the one big file, each alone */
	char *one[] = { (char *)b->fundtrack, "--db", (char *)db, "import", paths[0], NULL };
	char *all[] = { (char *)b->fundtrack, "--db", (char *)db, "import", (char *)big, NULL };
	char work_db[1100];
	snprintf(work_db, sizeof work_db, "%s.flat", db);
	one[2] = all[2] = work_db;
	struct run r1, r2;
	fresh_db(b, work_db);
	run_timed(one, NULL, &r1);
	fresh_db(b, work_db);
	run_timed(all, NULL, &r2);
	printf("  memory as files grow: %ld bookings %ld KB (%.2f s), %ld bookings %ld KB (%.2f s)\n",
	       b->projects * b->bookings, r1.maxrss_kb, r1.seconds,
	       100 * b->projects * b->bookings, r2.maxrss_kb, r2.seconds);
	printf("  one file of %ld bookings: %.0f bookings/s, peak %ld KB (target < 65536 KB): %s\n",
	       100 * b->projects * b->bookings, (double)(100 * b->projects * b->bookings) / r2.seconds,
	       r2.maxrss_kb, r2.maxrss_kb < 65536 ? "met" : "MISSED");
	print_command(all, MAX_ARGS);
	fresh_db(b, db);
	char *again[MAX_ARGS];
	memcpy(again, argv, sizeof again);
	run_or_die(again, NULL); /* leave the full database for the next steps */
}

/* The own city's audited import (--as-own: one audit entry per row),
 * into a database of its own, timed (issue 19: 6,700 bookings/s before). */
static void bench_import_own(const struct bench *b, const char *own_dir, const char *db)
{
	char own_db[1100], own_file[1100];
	long rss = 0, bookings = (b->quick ? 500 : 5000) * b->bookings;

	snprintf(own_db, sizeof own_db, "%s.own-timed", db);
	path_join(own_file, sizeof own_file, own_dir, "city-900.xml");
	char *imp[] = { (char *)b->fundtrack, "--db", own_db, "import", "--as-own", own_file, NULL };
	printf("\nimport --as-own (audited row by row): %ld bookings, %d runs\n", bookings, b->runs);
	print_command(imp, MAX_ARGS);
	double tm;
	if (median_of_fresh_runs(b, imp, own_db, &tm, &rss) != 0)
		return;
	printf("  import --as-own     %8.3f s  = %.0f bookings/s, peak %ld KB\n", tm,
	       (double)bookings / tm, rss);
}

/* ---- import beside its floors (issue 19) ----------------------------------- */

/* The bookings waiting for a multi-row INSERT of the floor. */
enum { FLOOR_BATCH = 50 };
struct floor_batch {
	sqlite3_stmt *rows; /* FLOOR_BATCH rows a statement */
	sqlite3_int64 grant[FLOOR_BATCH];
	long k[FLOOR_BATCH];
	char date[FLOOR_BATCH][16];
	int n;
};

static void floor_book_row(sqlite3_stmt *s, int first, sqlite3_int64 grant_id, long k, char *date)
{
	snprintf(date, 16, "2024-%02ld-%02ld", 1 + k % 12, 1 + k % 28);
	sqlite3_bind_int64(s, first, grant_id);
	sqlite3_bind_text(s, first + 1, date, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, first + 2, k + 1);
}

/* One booking: written at once (batch NULL: single-row statements), or
 * kept until FLOOR_BATCH wait (flush: the rest, one by one). */
static void floor_book(sqlite3_stmt *book, struct floor_batch *fb, sqlite3_int64 grant_id, long k)
{
	char date[16];

	if (!fb) {
		floor_book_row(book, 1, grant_id, k, date);
		sqlite3_step(book), sqlite3_reset(book);
		return;
	}
	fb->grant[fb->n] = grant_id, fb->k[fb->n] = k;
	if (++fb->n < FLOOR_BATCH)
		return;
	for (int i = 0; i < FLOOR_BATCH; i++)
		floor_book_row(fb->rows, 3 * i + 1, fb->grant[i], fb->k[i], fb->date[i]);
	sqlite3_step(fb->rows), sqlite3_reset(fb->rows);
	fb->n = 0;
}

static void floor_flush(sqlite3_stmt *book, struct floor_batch *fb)
{
	for (int i = 0; fb && i < fb->n; i++)
		floor_book(book, NULL, fb->grant[i], fb->k[i]);
	if (fb)
		fb->n = 0;
}

/* Seconds of a raw SQLite loop writing what an import of `cities` files
 * writes (per project one grant, two allocations and `bookings` bookings)
 * into the same schema, row triggers dropped, one transaction per city,
 * prepared INSERTs, the bookings one a statement or (multi) 50 a
 * statement as the import writes them: the most SQLite does here without
 * fundtrack. */
static double sqlite_floor(const struct bench *b, const char *db_path, int multi)
{
	sqlite3 *db;
	sqlite3_stmt *city, *fun, *prog, *proj, *grant, *alloc, *book;
	struct floor_batch batch = { 0 }, *fb = multi ? &batch : NULL;
	struct timespec t0, t1;
	char code[64];

	fresh_db(b, db_path);
	if (sqlite3_open(db_path, &db) != SQLITE_OK)
		return -1;
	sqlite3_exec(db, "PRAGMA foreign_keys = ON; PRAGMA journal_mode = WAL; "
			 "PRAGMA synchronous = NORMAL; PRAGMA cache_size = -16384", NULL, NULL, NULL);
	/* every trigger off: a temporary list, then DROP for each */
	sqlite3_exec(db, "CREATE TEMP TABLE t AS SELECT name FROM sqlite_master WHERE type = 'trigger'",
		     NULL, NULL, NULL);
	{
		sqlite3_stmt *s;
		sqlite3_prepare_v2(db, "SELECT name FROM temp.t", -1, &s, NULL);
		while (sqlite3_step(s) == SQLITE_ROW) {
			char sql[300];
			snprintf(sql, sizeof sql, "DROP TRIGGER \"%s\"", sqlite3_column_text(s, 0));
			sqlite3_exec(db, sql, NULL, NULL, NULL);
		}
		sqlite3_finalize(s);
	}
	sqlite3_prepare_v2(db, "INSERT INTO city (ags, name) VALUES (printf('09%06d', ?1), 'Stadt')", -1, &city, NULL);
	sqlite3_prepare_v2(db, "INSERT INTO funder (city_id, code, name, level) VALUES (?1, 'F', 'Land', 'state')", -1, &fun, NULL);
	sqlite3_prepare_v2(db, "INSERT INTO programme (city_id, code, name, funder_id, drawdown_days) "
			       "VALUES (?1, 'P', 'Programm', ?2, 30)", -1, &prog, NULL);
	sqlite3_prepare_v2(db, "INSERT INTO project (city_id, code, title, field) VALUES (?1, ?2, 'Projekt', 'housing')", -1, &proj, NULL);
	sqlite3_prepare_v2(db, "INSERT INTO \"grant\" (city_id, ref, project_id, programme_id, period_from, "
			       "period_to, approved_cents, financing, status) "
			       "VALUES (?1, ?2, ?3, ?4, '2024-01-01', '2025-12-31', 10000000, 'share', 'running')",
			   -1, &grant, NULL);
	sqlite3_prepare_v2(db, "INSERT INTO allocation (grant_id, year, amount_cents) VALUES (?1, ?2, 5000000)", -1, &alloc, NULL);
	sqlite3_prepare_v2(db, "INSERT INTO booking (grant_id, date, kind, amount_cents, reference, source_id, created_at) "
			       "VALUES (?1, ?2, 'expenditure', 12345, 'RE-1', ?3, '2026-11-24T00:00:00Z')", -1, &book, NULL);
	if (multi) {
		char sql[FLOOR_BATCH * 80 + 200];
		size_t n = (size_t)snprintf(sql, sizeof sql, "INSERT INTO booking (grant_id, date, kind, "
							     "amount_cents, reference, source_id, created_at) VALUES ");
		for (int i = 0; i < FLOOR_BATCH; i++)
			n += (size_t)snprintf(sql + n, sizeof sql - n,
					      "%s(?%d, ?%d, 'expenditure', 12345, 'RE-1', ?%d, '2026-11-24T00:00:00Z')",
					      i ? ", " : "", 3 * i + 1, 3 * i + 2, 3 * i + 3);
		sqlite3_prepare_v2(db, sql, -1, &batch.rows, NULL);
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (long c = 0; c < b->cities; c++) {
		sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
		sqlite3_bind_int64(city, 1, c + 1);
		sqlite3_step(city), sqlite3_reset(city);
		sqlite3_int64 city_id = sqlite3_last_insert_rowid(db);
		sqlite3_bind_int64(fun, 1, city_id);
		sqlite3_step(fun), sqlite3_reset(fun);
		sqlite3_bind_int64(prog, 1, city_id);
		sqlite3_bind_int64(prog, 2, sqlite3_last_insert_rowid(db));
		sqlite3_step(prog), sqlite3_reset(prog);
		sqlite3_int64 prog_id = sqlite3_last_insert_rowid(db);
		for (long p = 0; p < b->projects; p++) {
			snprintf(code, sizeof code, "P-%ld", p);
			sqlite3_bind_int64(proj, 1, city_id);
			sqlite3_bind_text(proj, 2, code, -1, SQLITE_TRANSIENT);
			sqlite3_step(proj), sqlite3_reset(proj);
			sqlite3_int64 proj_id = sqlite3_last_insert_rowid(db);
			sqlite3_bind_int64(grant, 1, city_id);
			sqlite3_bind_text(grant, 2, code, -1, SQLITE_TRANSIENT);
			sqlite3_bind_int64(grant, 3, proj_id);
			sqlite3_bind_int64(grant, 4, prog_id);
			sqlite3_step(grant), sqlite3_reset(grant);
			sqlite3_int64 grant_id = sqlite3_last_insert_rowid(db);
			for (int y = 2024; y <= 2025; y++) {
				sqlite3_bind_int64(alloc, 1, grant_id);
				sqlite3_bind_int(alloc, 2, y);
				sqlite3_step(alloc), sqlite3_reset(alloc);
			}
			for (long k = 0; k < b->bookings; k++)
				floor_book(book, fb, grant_id, k);
		}
		floor_flush(book, fb);
		if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
			fprintf(stderr, "bench: sqlite floor: %s\n", sqlite3_errmsg(db));
			break;
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	sqlite3_stmt *all[] = { city, fun, prog, proj, grant, alloc, book, batch.rows };
	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
		sqlite3_finalize(all[i]);
	sqlite3_close(db);
	return (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
}

/* The import of all city files against the raw SQLite loop, and validate
 * of the same files against xmllint --stream; medians of alternating
 * runs, CPU seconds (user + system) beside the wall clock. */
static void bench_import_floors(const struct bench *b, const char *cities_dir, const char *db)
{
	static char paths[1000][64];
	char *imp[MAX_ARGS] = { (char *)b->fundtrack, "--db", (char *)db, "import" };
	char *val[MAX_ARGS] = { (char *)b->fundtrack, "validate" };
	char *xl[MAX_ARGS] = { "/usr/bin/xmllint", "--noout", "--stream", "--schema", (char *)b->xsd };
	double ti[MAX_RUNS], ci[MAX_RUNS], tf[MAX_RUNS], tm[MAX_RUNS], tv[MAX_RUNS], tx[MAX_RUNS];
	int ni = 4, nv = 2, nx = 5;
	long bookings = b->cities * b->projects * b->bookings;
	char floor_db[1100];

	for (long i = 0; i < b->cities && ni < MAX_ARGS - 1; i++) {
		char name[32];
		snprintf(name, sizeof name, "city-%03ld.xml", i + 1);
		path_join(paths[i], sizeof paths[i], cities_dir, name);
		imp[ni++] = val[nv++] = xl[nx++] = paths[i];
	}
	imp[ni] = val[nv] = xl[nx] = NULL;
	snprintf(floor_db, sizeof floor_db, "%s.floor", db);
	printf("\nimport and validate beside their floors: %ld files, %ld bookings, %d runs each, "
	       "alternating\n", b->cities, bookings, b->runs);
	print_command(imp, 6);
	print_command(xl, 7);
	for (int i = 0; i < b->runs; i++) {
		struct run r;
		fresh_db(b, db);
		if (run_timed(imp, NULL, &r) != 0) {
			printf("  FAILED (exit %d)\n", r.status);
			return;
		}
		ti[i] = r.seconds, ci[i] = r.cpu;
		tf[i] = sqlite_floor(b, floor_db, 0);
		tm[i] = sqlite_floor(b, floor_db, 1);
		if (run_timed(val, NULL, &r) > 1)
			return;
		tv[i] = r.seconds;
		if (run_timed(xl, NULL, &r) != 0)
			return;
		tx[i] = r.seconds;
	}
	double mi = median(ti, b->runs), mc = median(ci, b->runs), mf = median(tf, b->runs);
	double mm = median(tm, b->runs), mv = median(tv, b->runs), mx = median(tx, b->runs);
	printf("  import              %8.3f s (CPU %.3f s) = %.0f bookings/s (target >= 200000): %s\n",
	       mi, mc, (double)bookings / mi, (double)bookings / mi >= 200000 ? "met" : "MISSED");
	printf("  raw SQLite loop     %8.3f s = %.0f bookings/s (same schema, triggers off, "
	       "a booking a statement)\n",
	       mf, (double)bookings / mf);
	printf("  raw SQLite loop     %8.3f s = %.0f bookings/s (the same, 50 bookings a statement)\n",
	       mm, (double)bookings / mm);
	printf("  ratio import/SQLite %.2f (a booking a statement), %.2f (50 a statement)\n", mi / mf,
	       mi / mm);
	printf("  validate            %8.3f s\n  xmllint --stream    %8.3f s\n", mv, mx);
	printf("  ratio validate/xmllint %.2f (target <= 1.00): %s\n", mv / mx,
	       mv / mx <= 1.0 ? "met" : "MISSED");
	fresh_db(b, db);
}

/* Does `ledger` exist? */
static const char *find_ledger(void)
{
	return access("/usr/bin/ledger", X_OK) == 0 ? "/usr/bin/ledger" : NULL;
}

/* ledger's median wall seconds from bench_budget (0: not measured), for
 * the side-by-side table of bench_budget_floors. */
static double ledger_seconds;

static void bench_budget(const struct bench *b, const char *db)
{
	char year[16], period[32], journal[1100], out[1100];
	snprintf(year, sizeof year, "%d", b->year);
	snprintf(period, sizeof period, "%d", b->year);
	char *ft[] = { (char *)b->fundtrack, "--db", (char *)db, "budget", "--by", "city,level,field",
		       "--year", year, NULL };
	printf("\nbudget: --by city,level,field --year %d over the imported database, %d runs\n",
	       b->year, b->runs);
	print_command(ft, MAX_ARGS);

	const char *ledger = find_ledger();
	snprintf(journal, sizeof journal, "%s.journal", db);
	char *exp[] = { (char *)b->fundtrack, "--db", (char *)db, "export", "--format", "ledger",
			"-o", journal, NULL };
	struct run r;
	int have_journal = ledger && run_timed(exp, NULL, &r) == 0;
	if (have_journal) {
		print_command(exp, MAX_ARGS);
		printf("  export --format ledger %8.3f s (once)\n", r.seconds);
	}
	/* the same balances: drawn, spent, repaid per field, city and level */
	char *lg[] = { (char *)ledger, "-f", journal, "balance", "-p", period, "--pivot", "field",
		       "--depth", "5", "--no-total", "-F", "%(account)|%(scrub(display_total))\\n",
		       "^drawdown", "^expenditure", "^repayment", NULL };
	double tf, tl;
	long rf, rl;
	if (race(b, ft, have_journal ? lg : NULL, &tf, &tl, &rf, &rl) != 0) {
		printf("  FAILED\n");
		return;
	}
	printf("  fundtrack budget    %8.3f s  (peak %ld KB) (target < 0.1 s, < 32768 KB): %s\n",
	       tf, rf, tf < 0.1 && rf < 32768 ? "met" : "MISSED");
	if (!have_journal) {
		printf("  ledger: not measured (%s)\n",
		       ledger ? "export --format ledger failed" : "no /usr/bin/ledger");
		return;
	}
	print_command(lg, MAX_ARGS);
	ledger_seconds = tl;
	printf("  ledger balance      %8.3f s  (peak %ld KB)\n", tl, rl);
	printf("  ledger/fundtrack %.1fx (target >= 100x): %s\n", tl / tf,
	       tl / tf >= 100 ? "met" : "MISSED");
	snprintf(out, sizeof out, "%s.ledger-balance.txt", db);
	run_timed(lg, out, &r);
	snprintf(out, sizeof out, "%s.budget.csv", db);
	char *csv[] = { (char *)b->fundtrack, "--db", (char *)db, "--format", "csv", "budget", "--by",
			"city,level,field", "--year", year, NULL };
	run_timed(csv, out, &r);
	printf("  outputs for the to-the-cent comparison: %s.budget.csv, %s.ledger-balance.txt\n",
	       db, db);
}

/* ---- budget against its floors (issue 19) ------------------------------- */

/* Median wall and CPU seconds and the peak memory of `runs` runs of argv,
 * alternating with other (which may be NULL) when given. */
struct timing {
	double wall, cpu;
	long rss_kb;
};

static int time_alternating(const struct bench *b, char *const argv[], char *const other[],
			    struct timing *a, struct timing *o)
{
	double aw[MAX_RUNS], ac[MAX_RUNS], ow[MAX_RUNS], oc[MAX_RUNS];
	memset(a, 0, sizeof *a);
	memset(o, 0, sizeof *o);
	for (int i = 0; i < b->runs; i++) {
		struct run r;
		if (run_timed(argv, NULL, &r) != 0)
			return -1;
		aw[i] = r.seconds, ac[i] = r.cpu;
		a->rss_kb = r.maxrss_kb > a->rss_kb ? r.maxrss_kb : a->rss_kb;
		if (!other)
			continue;
		if (run_timed(other, NULL, &r) != 0)
			return -1;
		ow[i] = r.seconds, oc[i] = r.cpu;
		o->rss_kb = r.maxrss_kb > o->rss_kb ? r.maxrss_kb : o->rss_kb;
	}
	a->wall = median(aw, b->runs), a->cpu = median(ac, b->runs);
	if (other)
		o->wall = median(ow, b->runs), o->cpu = median(oc, b->runs);
	return 0;
}

static void print_timing(const char *what, const struct timing *t)
{
	printf("  %-28s %8.3f s wall %8.3f s CPU  (peak %ld KB)\n", what, t->wall, t->cpu,
	       t->rss_kb);
}

/* The load average, since the machine may be shared: CPU seconds are the
 * figure that holds under load. */
static void print_load(void)
{
	double load[3];
	if (getloadavg(load, 3) == 3)
		printf("  load average %.2f %.2f %.2f\n", load[0], load[1], load[2]);
}

/* budget from the booking sums (schema/014) against a plain SQL GROUP BY
 * over the same bookings (sqlite3, the floor of reading them at all) and
 * the own-city budget of a network database (which reads no partner). */
static void bench_budget_floors(const struct bench *b, const char *db)
{
	char year[16], from[32], to[32], sql[1024];
	snprintf(year, sizeof year, "%d", b->year);
	snprintf(from, sizeof from, "%d-01-01", b->year);
	snprintf(to, sizeof to, "%d-12-31", b->year);
	snprintf(sql, sizeof sql,
		 "SELECT c.name, f.level, p.field, b.kind, sum(b.amount_cents) FROM booking b "
		 "JOIN \"grant\" g ON g.id = b.grant_id JOIN project p ON p.id = g.project_id "
		 "JOIN city c ON c.id = p.city_id JOIN programme pg ON pg.id = g.programme_id "
		 "JOIN funder f ON f.id = pg.funder_id WHERE b.date BETWEEN '%s' AND '%s' "
		 "GROUP BY 1, 2, 3, 4",
		 from, to);
	char *ft[] = { (char *)b->fundtrack, "--db", (char *)db, "budget", "--by", "city,level,field",
		       "--year", year, NULL };
	char *own[] = { (char *)b->fundtrack, "--db", (char *)db, "budget", "--year", year, NULL };
	char *sq[] = { "/usr/bin/sqlite3", "-readonly", (char *)db, sql, NULL };
	struct timing tf, ts, to_own, none;

	printf("\nbudget against its floors: --by city,level,field --year %d, %d runs\n", b->year,
	       b->runs);
	print_load();
	print_command(ft, MAX_ARGS);
	if (access(sq[0], X_OK) != 0) {
		printf("  plain GROUP BY: not measured (no %s)\n", sq[0]);
		return;
	}
	print_command(sq, MAX_ARGS);
	if (time_alternating(b, ft, sq, &tf, &ts) != 0 ||
	    time_alternating(b, own, NULL, &to_own, &none) != 0) {
		printf("  FAILED\n");
		return;
	}
	print_timing("fundtrack budget", &tf);
	print_timing("sqlite3 GROUP BY (bookings)", &ts);
	printf("  GROUP BY / fundtrack: %.1fx wall, %.1fx CPU\n", ts.wall / tf.wall,
	       tf.cpu > 0 ? ts.cpu / tf.cpu : 0.0);
	if (ledger_seconds > 0)
		printf("  ledger / fundtrack:   %.1fx wall (ledger %.3f s, from the budget section; "
		       "target >= 100x): %s\n",
		       ledger_seconds / tf.wall, ledger_seconds,
		       ledger_seconds / tf.wall >= 100 ? "met" : "MISSED");
	else
		printf("  ledger / fundtrack:   not measured (no ledger)\n");
	print_command(own, MAX_ARGS);
	print_timing("fundtrack budget, own city", &to_own);
	printf("  budget target < 0.1 s and < 32768 KB: %s (wall), %s (CPU)\n",
	       tf.wall < 0.1 && tf.rss_kb < 32768 ? "met" : "MISSED",
	       tf.cpu < 0.1 && tf.rss_kb < 32768 ? "met" : "MISSED");
}

/* audit verify over the imported network: the audit chain, every city's
 * rows against their recorded SHA-256, and the booking sums recomputed
 * from 1 M bookings. No target in the issue; measured because a join in
 * the sums check once made it quadratic (5 minutes here). */
static void bench_verify(const struct bench *b, const char *db)
{
	char *ft[] = { (char *)b->fundtrack, "--db", (char *)db, "audit", "verify", NULL };
	struct timing t, none;

	printf("\naudit verify over the imported database, %d runs\n", b->runs);
	print_command(ft, MAX_ARGS);
	if (time_alternating(b, ft, NULL, &t, &none) != 0) {
		printf("  FAILED\n");
		return;
	}
	printf("  audit verify        %8.3f s (CPU %.3f s, peak %ld KB)\n", t.wall, t.cpu,
	       t.rss_kb);
}

static void bench_pdf(const struct bench *b, const char *db, const char *own_dir)
{
	char pdf[1100], own_db[1100], own_file[1100];
	snprintf(pdf, sizeof pdf, "%s.network.pdf", db);
	char *net[] = { (char *)b->fundtrack, "--db", (char *)db, "report", "network", "-o", pdf, NULL };
	double t1, t2, unused;
	long r1, r2, unused_rss;
	printf("\nPDF: report network over %ld cities, report status over %ld own projects, %d runs\n",
	       b->cities, b->quick ? 500L : 5000L, b->runs);
	print_command(net, MAX_ARGS);
	if (race(b, net, NULL, &t1, &unused, &r1, &unused_rss) != 0)
		printf("  report network FAILED\n");
	else
		printf("  report network      %8.3f s  (peak %ld KB) (target < 2 s): %s\n", t1, r1,
		       t1 < 2 ? "met" : "MISSED");

	snprintf(own_db, sizeof own_db, "%s.own", db);
	path_join(own_file, sizeof own_file, own_dir, "city-900.xml");
	fresh_db(b, own_db);
	char *imp[] = { (char *)b->fundtrack, "--db", own_db, "import", "--as-own", own_file, NULL };
	run_or_die(imp, NULL);
	snprintf(pdf, sizeof pdf, "%s.status.pdf", db);
	char *st[] = { (char *)b->fundtrack, "--db", own_db, "report", "status", "-o", pdf, NULL };
	print_command(imp, MAX_ARGS);
	print_command(st, MAX_ARGS);
	if (race(b, st, NULL, &t2, &unused, &r2, &unused_rss) != 0)
		printf("  report status FAILED\n");
	else
		printf("  report status       %8.3f s  (peak %ld KB) (target < 2 s): %s\n", t2, r2,
		       t2 < 2 ? "met" : "MISSED");
}

/* Every PDF report (issue 19: each < 2 s), after bench_pdf made the own
 * city's database: wall and CPU seconds (user + system, the figure that
 * holds on a shared machine), peak memory, and the share of the target. */
static void bench_reports_cpu(const struct bench *b, const char *db)
{
	char net_pdf[1100], st_pdf[1100], pr_pdf[1100], pf_pdf[1100], mo_pdf[1100], own_db[1100];
	char project[32];
	snprintf(net_pdf, sizeof net_pdf, "%s.network.pdf", db);
	snprintf(st_pdf, sizeof st_pdf, "%s.status.pdf", db);
	snprintf(pr_pdf, sizeof pr_pdf, "%s.project.pdf", db);
	snprintf(pf_pdf, sizeof pf_pdf, "%s.proof.pdf", db);
	snprintf(mo_pdf, sizeof mo_pdf, "%s.model.pdf", db);
	snprintf(own_db, sizeof own_db, "%s.own", db);
	/* the own city's last project (gen_exchange: P-000000 ...) and its
	 * first grant, which has bookings of every kind */
	snprintf(project, sizeof project, "P-%06ld", (b->quick ? 500L : 5000L) - 1);
	char *net[] = { (char *)b->fundtrack, "--db", (char *)db, "report", "network", "-o", net_pdf,
			NULL };
	char *st[] = { (char *)b->fundtrack, "--db", own_db, "report", "status", "-o", st_pdf, NULL };
	char *pr[] = { (char *)b->fundtrack, "--db", own_db, "report", "project", project, "-o",
		       pr_pdf, NULL };
	char *pf[] = { (char *)b->fundtrack, "--db", own_db, "report", "proof", "G-000000/2019",
		       "-o", pf_pdf, NULL };
	char *mo[] = { (char *)b->fundtrack, "report", "model", "--runs", "10000", "-o", mo_pdf,
		       NULL };
	struct {
		const char *what;
		char **argv;
	} reports[] = {
		{ "report network", net }, { "report status", st }, { "report project", pr },
		{ "report proof", pf },	   { "report model", mo },
	};

	printf("\nevery PDF, %d runs each (target < 2 s)\n", b->runs);
	print_load();
	for (size_t i = 0; i < sizeof reports / sizeof reports[0]; i++) {
		struct timing t, none;
		print_command(reports[i].argv, MAX_ARGS);
		if (time_alternating(b, reports[i].argv, NULL, &t, &none) != 0) {
			printf("  %s FAILED\n", reports[i].what);
			continue;
		}
		print_timing(reports[i].what, &t);
		printf("  %-28s %.2f of the target in CPU, %.2f in wall time: %s\n", "",
		       t.cpu / 2.0, t.wall / 2.0,
		       t.cpu < 2 && t.wall < 2 ? "met" : t.cpu < 2 ? "met in CPU (wall: load)" : "MISSED");
	}
}

static void bench_model(const struct bench *b)
{
	char *argv[] = { (char *)b->model, "10000", "20", NULL };
	double t, unused;
	long rss, unused_rss;
	printf("\nmodel: 10000 runs x 20 years (bench_model), %d runs\n", b->runs);
	print_command(argv, MAX_ARGS);
	if (race(b, argv, NULL, &t, &unused, &rss, &unused_rss) != 0) {
		printf("  FAILED\n");
		return;
	}
	printf("  model               %8.3f s  (target < 1 s, process incl.): %s\n", t,
	       t < 1 ? "met" : "MISSED");
}

/* ---- PostgreSQL beside SQLite (issue 20) -------------------------------- */

#ifdef FT_HAVE_LIBPQ
static struct pgc cluster; /* the throwaway cluster, when bench started one */

static void stop_cluster(void)
{
	pgc_stop(&cluster);
}

static void quiet(void *arg, const char *message)
{
	(void)arg, (void)message; /* "database ft_bench does not exist, skipping" */
}

/* Runs sql on the server's admin URI; prints the error and returns -1. */
static int admin_sql(const struct bench *b, const char *sql)
{
	PGconn *c = PQconnectdb(b->pg_admin);
	PQsetNoticeProcessor(c, quiet, NULL);
	PGresult *r = PQstatus(c) == CONNECTION_OK ? PQexec(c, sql) : NULL;
	int ok = r && PQresultStatus(r) == PGRES_COMMAND_OK;
	if (!ok)
		fprintf(stderr, "bench: %s: %s", sql, PQerrorMessage(c));
	PQclear(r);
	PQfinish(c);
	return ok ? 0 : -1;
}

static int fresh_server_db(const struct bench *b)
{
	return admin_sql(b, "DROP DATABASE IF EXISTS ft_bench WITH (FORCE)") ||
	       admin_sql(b, "CREATE DATABASE ft_bench");
}

/* admin with its database (the URI's path) replaced by ft_bench. */
static int uri_with_bench_db(const char *admin, char *out, size_t size)
{
	const char *host = strstr(admin, "://");
	if (!host)
		return -1;
	host += 3;
	size_t path = strcspn(host, "/?"); /* the authority: user@host:port */
	const char *rest = host + path + (host[path] == '/' ? 1 : 0);
	rest += strcspn(rest, "?");
	int n = snprintf(out, size, "%.*s/ft_bench%s", (int)(host + path - admin), admin, rest);
	return n < 0 || (size_t)n >= size ? -1 : 0;
}

/* Finds the server: $FT_BENCH_PG, else a throwaway cluster. Fills
 * b->pg_admin and b->pg_db, or says in why that there is none. */
static int find_server(struct bench *b, char *why, size_t size)
{
	const char *env = getenv("FT_BENCH_PG");
	if (env && *env) {
		snprintf(b->pg_admin, sizeof b->pg_admin, "%s", env);
	} else {
		if (pgc_start(&cluster, why, size) != 0)
			return -1;
		atexit(stop_cluster);
		snprintf(b->pg_admin, sizeof b->pg_admin, "%s", cluster.uri);
		printf("  a throwaway cluster in %s (tests/pgcluster.h: Unix socket, fsync off, "
		       "shared_buffers 32MB)\n", cluster.dir);
	}
	if (uri_with_bench_db(b->pg_admin, b->pg_db, sizeof b->pg_db) != 0) {
		snprintf(why, size, "FT_BENCH_PG is not a postgresql:// URI");
		b->pg_admin[0] = '\0';
		return -1;
	}
	PGconn *c = PQconnectdb(b->pg_admin);
	if (PQstatus(c) != CONNECTION_OK) {
		snprintf(why, size, "cannot connect: %s", PQerrorMessage(c));
		PQfinish(c);
		b->pg_admin[0] = b->pg_db[0] = '\0';
		return -1;
	}
	printf("  server: PostgreSQL %s\n", PQparameterStatus(c, "server_version"));
	PQfinish(c);
	return 0;
}
#else
static int fresh_server_db(const struct bench *b)
{
	(void)b;
	return -1;
}

static int find_server(struct bench *b, char *why, size_t size)
{
	(void)b;
	snprintf(why, size, "this build has no libpq (apt-get install libpq-dev)");
	return -1;
}
#endif

/* Do two files hold the same bytes? */
static int same_file(const char *a, const char *b)
{
	FILE *fa = fopen(a, "rb"), *fb = fopen(b, "rb");
	int ca = 0, cb = 0;
	while (fa && fb && (ca = getc(fa)) == (cb = getc(fb)) && ca != EOF)
		;
	int same = fa && fb && ca == cb;
	if (fa)
		fclose(fa);
	if (fb)
		fclose(fb);
	return same;
}

/* The partner import of the import section and the budget of the budget
 * section, each on SQLite and on the server, alternating, on the same
 * machine and data; then whether both budgets print the same. */
static void bench_postgres(struct bench *b, const char *cities_dir, const char *db)
{
	static char paths[1000][64];
	char lite[1100], year[16], out_lite[1200], out_pg[1200], why[512] = "";
	char *imp_lite[MAX_ARGS] = { (char *)b->fundtrack, "--db", lite, "import" };
	char *imp_pg[MAX_ARGS] = { (char *)b->fundtrack, "--db", b->pg_db, "import" };
	double tl[MAX_RUNS], tp[MAX_RUNS];
	int argc = 4;
	long bookings = b->cities * b->projects * b->bookings;

	printf("\nPostgreSQL beside SQLite: import of %ld files (%ld bookings) into a new database "
	       "and budget --by city,level,field --year %d, %d runs each, alternating\n",
	       b->cities, bookings, b->year, b->runs);
	if (find_server(b, why, sizeof why) != 0) {
		printf("  skipped: no PostgreSQL server (%s; set FT_BENCH_PG=postgresql://...)\n", why);
		return;
	}
	snprintf(lite, sizeof lite, "%s.beside-pg", db);
	for (long i = 0; i < b->cities && argc < MAX_ARGS - 1; i++, argc++) {
		char name[32];
		snprintf(name, sizeof name, "city-%03ld.xml", i + 1);
		path_join(paths[i], sizeof paths[i], cities_dir, name);
		imp_lite[argc] = imp_pg[argc] = paths[i];
	}
	imp_lite[argc] = imp_pg[argc] = NULL;
	print_load();
	print_command(imp_lite, 6);
	print_command(imp_pg, 6);
	for (int i = 0; i < b->runs; i++) {
		struct run r;
		fresh_db(b, lite);
		if (run_timed(imp_lite, NULL, &r) != 0)
			goto failed;
		tl[i] = r.seconds;
		fresh_db(b, b->pg_db);
		if (run_timed(imp_pg, NULL, &r) != 0)
			goto failed;
		tp[i] = r.seconds;
		printf("  run %d: SQLite %.3f s, PostgreSQL %.3f s\n", i + 1, tl[i], tp[i]);
	}
	double ml = median(tl, b->runs), mp = median(tp, b->runs);
	printf("  import, SQLite      %8.3f s = %.0f bookings/s\n", ml, (double)bookings / ml);
	printf("  import, PostgreSQL  %8.3f s = %.0f bookings/s\n", mp, (double)bookings / mp);
	printf("  ratio PostgreSQL/SQLite %.2f\n", mp / ml);

	snprintf(year, sizeof year, "%d", b->year);
	char *bud_lite[] = { (char *)b->fundtrack, "--db", lite, "budget", "--by",
			     "city,level,field", "--year", year, NULL };
	char *bud_pg[] = { (char *)b->fundtrack, "--db", b->pg_db, "budget", "--by",
			   "city,level,field", "--year", year, NULL };
	struct timing sl, sp;
	print_load();
	print_command(bud_lite, MAX_ARGS);
	print_command(bud_pg, MAX_ARGS);
	if (time_alternating(b, bud_lite, bud_pg, &sl, &sp) != 0)
		goto failed;
	print_timing("budget, SQLite", &sl);
	print_timing("budget, PostgreSQL", &sp);
	printf("  ratio PostgreSQL/SQLite %.2f wall, %.2f CPU (client)\n", sp.wall / sl.wall,
	       sl.cpu > 0 ? sp.cpu / sl.cpu : 0.0);
	snprintf(out_lite, sizeof out_lite, "%s.budget-sqlite.txt", db);
	snprintf(out_pg, sizeof out_pg, "%s.budget-postgresql.txt", db);
	struct run r;
	run_timed(bud_lite, out_lite, &r);
	run_timed(bud_pg, out_pg, &r);
	printf("  same budget on both (%s, %s): %s\n", out_lite, out_pg,
	       same_file(out_lite, out_pg) ? "yes, byte for byte" : "NO");
	return;
failed:
	printf("  FAILED\n");
}

static int usage(void)
{
	fprintf(stderr, "usage: bench --bin DIR --xsd FILE --work DIR [--runs N] [--year Y] [--quick] "
			"[--pg-only]\n");
	return 2;
}

int main(int argc, char **argv)
{
	struct bench b = { .runs = 3, .year = 2025, .cities = 100, .projects = 1000, .bookings = 10 };
	const char *bin = NULL;

	/* the raw loop with SQLite set up as fundtrack sets it (db_sqlite.c):
	 * no process-wide count of every allocation under a mutex */
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	for (int i = 1; i < argc; i++) {
		const char *next = i + 1 < argc ? argv[i + 1] : NULL;
		if (strcmp(argv[i], "--quick") == 0)
			b.quick = 1;
		else if (strcmp(argv[i], "--pg-only") == 0)
			b.pg_only = 1;
		else if (!next)
			return usage();
		else if (strcmp(argv[i], "--bin") == 0)
			bin = next, i++;
		else if (strcmp(argv[i], "--xsd") == 0)
			b.xsd = next, i++;
		else if (strcmp(argv[i], "--work") == 0)
			b.work = next, i++;
		else if (strcmp(argv[i], "--runs") == 0)
			b.runs = (int)strtol(next, NULL, 10), i++;
		else if (strcmp(argv[i], "--year") == 0)
			b.year = (int)strtol(next, NULL, 10), i++;
		else
			return usage();
	}
	if (!bin || !b.xsd || !b.work || b.runs < 1 || b.runs > MAX_RUNS)
		return usage();
	if (b.quick)
		b.cities = 10, b.projects = 100;
	path_join(b.fundtrack, sizeof b.fundtrack, bin, "fundtrack");
	path_join(b.gen, sizeof b.gen, bin, "tests/gen_exchange");
	path_join(b.model, sizeof b.model, bin, "tests/bench_model");
	setvbuf(stdout, NULL, _IOLBF, 0); /* progress shows when redirected */
	setenv("FUNDTRACK_TODAY", "2026-11-24", 1);
	setenv("SOURCE_DATE_EPOCH", "1795500000", 1);
	if (mkdir(b.work, 0755) != 0 && errno != EEXIST) {
		fprintf(stderr, "bench: cannot create '%s': %s\n", b.work, strerror(errno));
		return 1;
	}

	char cities[1024], big_dir[1024], big[1024], own[1024], db[1024], probe[1200];
	path_join(cities, sizeof cities, b.work, b.quick ? "quick-cities" : "cities");
	path_join(big_dir, sizeof big_dir, b.work, b.quick ? "quick-big" : "big");
	path_join(big, sizeof big, big_dir, "city-500.xml");
	path_join(own, sizeof own, b.work, b.quick ? "quick-own" : "own");
	path_join(db, sizeof db, b.work, b.quick ? "quick.db" : "bench.db");

	print_machine();
	printf("data: %ld cities x %ld projects x %ld bookings (seed 1), runs %d\n", b.cities,
	       b.projects, b.bookings, b.runs);
	snprintf(probe, sizeof probe, "%s/city-%03ld.xml", cities, b.cities);
	if (!exists(probe))
		generate(&b, cities, b.cities, b.projects, 1);
	if (!exists(big) && !b.pg_only)
		generate(&b, big_dir, 1, 100 * b.projects, 500);
	snprintf(probe, sizeof probe, "%s/city-900.xml", own);
	if (!exists(probe) && !b.pg_only)
		generate(&b, own, 1, b.quick ? 500 : 5000, 900);

	if (b.pg_only) {
		bench_postgres(&b, cities, db);
		return 0;
	}
	bench_validate(&b, big);
	bench_import_floors(&b, cities, db);
	bench_import(&b, cities, big, db);
	bench_import_own(&b, own, db);
	bench_budget(&b, db);
	bench_budget_floors(&b, db);
	bench_verify(&b, db);
	bench_pdf(&b, db, own);
	bench_reports_cpu(&b, db);
	bench_model(&b);
	bench_postgres(&b, cities, db);
	return 0;
}
