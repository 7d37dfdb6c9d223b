#include "testutil.h"

#include <ctype.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include "db.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

enum { MAX_WORDS = 64 };

/* The admin URI of the test cluster of the postgres run, or NULL for the
 * SQLite run: $FUNDTRACK_TEST_PG (a running cluster), else the uri= line
 * of the state file $FT_TEST_PG_STATE that the ctest fixture
 * pg_cluster_start wrote (tests/pgcluster_main.c). */
const char *tu_pg_admin_uri(void)
{
	static char uri[600];
	const char *env = getenv("FUNDTRACK_TEST_PG");
	const char *state = getenv("FT_TEST_PG_STATE");
	char line[600];
	FILE *f;

	if (env && *env)
		return env;
	if (uri[0])
		return uri;
	if (!state || !*state)
		return NULL;
	f = fopen(state, "r");
	if (!f) {
		fprintf(stderr, "FT_TEST_PG_STATE: no cluster state in %s (fixture "
				"pg_cluster_start not run?)\n", state);
		abort();
	}
	while (fgets(line, sizeof(line), f))
		if (strncmp(line, "uri=", 4) == 0) {
			line[strcspn(line, "\n")] = '\0';
			snprintf(uri, sizeof(uri), "%s", line + 4);
		}
	fclose(f);
	return uri[0] ? uri : NULL;
}

/* admin URI "postgresql:///postgres?host=..." with another database. */
static char *uri_with_database(const char *admin, const char *name)
{
	const char *slash = strstr(admin, ":///");
	const char *query;
	size_t size;
	char *uri;

	assert_non_null(slash);
	slash += 4;
	query = strchr(slash, '?');
	size = strlen(admin) + strlen(name) + 1;
	uri = malloc(size);
	assert_non_null(uri);
	snprintf(uri, size, "%.*s%s%s", (int)(slash - admin), admin, name, query ? query : "");
	return uri;
}

/* The database name of a server URI made by tu_temp_db. */
static void database_of(const char *uri, char *out, size_t size)
{
	const char *name = strstr(uri, ":///") + 4;

	snprintf(out, size, "%.*s", (int)strcspn(name, "?"), name);
}

static void admin_exec(const char *sql)
{
	struct db *db;

	assert_int_equal(db_open_v2(tu_pg_admin_uri(), &db, DB_OPEN_READWRITE), DB_OK);
	if (db_exec(db, sql) != DB_OK)
		fail_msg("%s: %s", sql, db_errmsg(db));
	db_close(db);
}

const char *tu_db_dir(const char *db)
{
	static char dir[4096];

	if (db_is_server_target(db)) {
		char name[64];

		database_of(db, name, sizeof(name));
		snprintf(dir, sizeof(dir), "/tmp/fundtrack-test-%s", name);
	} else {
		const char *slash = strrchr(db, '/');

		snprintf(dir, sizeof(dir), "%.*s", slash ? (int)(slash - db) : 1,
			 slash ? db : ".");
	}
	return dir;
}

char *tu_temp_db(void)
{
	char dir[] = "/tmp/fundtrack-test-XXXXXX";
	char *path;

	if (tu_pg_admin_uri()) { /* a new, empty database on the test cluster */
		static int made;
		char name[64], sql[128];

		snprintf(name, sizeof(name), "ft_test_%ld_%d", (long)getpid(), ++made);
		snprintf(sql, sizeof(sql), "CREATE DATABASE %s", name);
		admin_exec(sql);
		path = uri_with_database(tu_pg_admin_uri(), name);
		assert_int_equal(mkdir(tu_db_dir(path), 0700), 0); /* for files beside it */
		return path;
	}
	assert_non_null(mkdtemp(dir));
	path = malloc(strlen(dir) + 16);
	assert_non_null(path);
	snprintf(path, strlen(dir) + 16, "%s/test.db", dir);
	return path;
}

void tu_cleanup(char *db_path)
{
	static const char *const suffixes[] = { "", "-wal", "-shm", "-journal" };
	char file[4096];
	char *slash;

	if (!db_path)
		return;
	if (db_is_server_target(db_path)) {
		char name[64], sql[160];

		database_of(db_path, name, sizeof(name));
		snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS %s WITH (FORCE)", name);
		admin_exec(sql);
		rmdir(tu_db_dir(db_path)); /* as a file's folder: when the test emptied it */
		free(db_path);
		return;
	}
	for (size_t i = 0; i < 4; i++) {
		snprintf(file, sizeof(file), "%s%s", db_path, suffixes[i]);
		unlink(file);
	}
	slash = strrchr(db_path, '/');
	if (slash) {
		*slash = '\0';
		rmdir(db_path);
	}
	free(db_path);
}

static char *slurp(FILE *f)
{
	long size;
	char *buf;

	fflush(f);
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	rewind(f);
	buf = malloc((size_t)size + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)size, f), (size_t)size);
	buf[size] = '\0';
	fclose(f);
	return buf;
}

static void run_words(struct ft_run *r, const char *db, va_list ap)
{
	char *argv[MAX_WORDS + 4];
	int argc = 0;
	const char *word;
	FILE *out = tmpfile(), *err = tmpfile();

	assert_non_null(out);
	assert_non_null(err);
	argv[argc++] = "fundtrack";
	if (db) {
		argv[argc++] = "--db";
		argv[argc++] = (char *)db;
	}
	while ((word = va_arg(ap, const char *)) != NULL) {
		assert_true(argc < MAX_WORDS);
		argv[argc++] = (char *)word;
	}
	argv[argc] = NULL;
	r->rc = ft_main(argc, argv, out, err);
	r->out = slurp(out);
	r->err = slurp(err);
}

void tu_run(struct ft_run *r, const char *db, ...)
{
	va_list ap;

	va_start(ap, db);
	run_words(r, db, ap);
	va_end(ap);
}

void tu_run_va(struct ft_run *r, const char *db, va_list ap)
{
	run_words(r, db, ap);
}

void tu_run_free(struct ft_run *r)
{
	free(r->out);
	free(r->err);
	r->out = r->err = NULL;
}

void tu_ok(const char *db, ...)
{
	struct ft_run r;
	va_list ap;

	va_start(ap, db);
	run_words(&r, db, ap);
	va_end(ap);
	if (r.rc != 0)
		fprintf(stderr, "unexpected failure (%d): %s", r.rc, r.err);
	assert_int_equal(r.rc, 0);
	tu_run_free(&r);
}

int tu_contains(const char *haystack, const char *needle)
{
	if (haystack && strstr(haystack, needle))
		return 1;
	fprintf(stderr, "expected to find:\n  %s\nin:\n%s\n", needle, haystack ? haystack : "(null)");
	return 0;
}

void tu_fail(const char *db, int rc, const char *needle, ...)
{
	struct ft_run r;
	char *before = NULL, *after;
	va_list ap;

	if (db && access(db, F_OK) == 0)
		before = tu_db_dump(db);
	va_start(ap, needle);
	run_words(&r, db, ap);
	va_end(ap);
	if (r.rc != rc)
		fprintf(stderr, "expected exit %d, got %d; stderr: %s", rc, r.rc, r.err);
	assert_int_equal(r.rc, rc);
	assert_true(tu_contains(r.err, needle));
	assert_true(tu_contains(r.err, "fundtrack: "));
	if (before) {
		after = tu_db_dump(db);
		assert_string_equal(before, after);
		free(after);
		free(before);
	}
	tu_run_free(&r);
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

static void dump_table(struct db *db, const char *table, char **buf, size_t *len, size_t *cap)
{
	char sql[256];
	struct db_stmt *stmt;

	/* Table names come from the catalogue of our own schema. The server
	 * has no rowid: rows in the order of their text. */
	if (db_kind(db) == DB_KIND_POSTGRES)
		snprintf(sql, sizeof(sql), "SELECT * FROM \"%s\" AS t ORDER BY CAST(t AS TEXT)",
			 table);
	else
		snprintf(sql, sizeof(sql), "SELECT * FROM \"%s\" ORDER BY rowid", table);
	assert_int_equal(db_prepare(db, sql, &stmt), DB_OK);
	append(buf, len, cap, "## ");
	append(buf, len, cap, table);
	append(buf, len, cap, "\n");
	while (db_step(stmt) == DB_ROW) {
		for (int c = 0; c < db_column_count(stmt); c++) {
			const unsigned char *v = db_column_text(stmt, c);

			append(buf, len, cap, v ? (const char *)v : "NULL");
			append(buf, len, cap, "|");
		}
		append(buf, len, cap, "\n");
	}
	db_finalize(stmt);
}

/* The tests' own queries are SQLite's; PostgreSQL 15 wants a name for a
 * subquery in FROM: " AS sub" added after each that has none. (compat.sql
 * gives the server group_concat and json_extract.) Caller frees. */
static int names_subquery(const char *after)
{
	static const char *const keywords[] = { "WHERE", "JOIN",   "LEFT",	 "INNER",
						"CROSS", "ORDER",  "GROUP",	 "UNION",
						"EXCEPT", "INTERSECT", "LIMIT", "HAVING" };

	if (!isalpha((unsigned char)*after))
		return 0;
	for (size_t i = 0; i < sizeof(keywords) / sizeof(keywords[0]); i++)
		if (strncasecmp(after, keywords[i], strlen(keywords[i])) == 0 &&
		    !isalnum((unsigned char)after[strlen(keywords[i])]))
			return 0;
	return 1; /* AS name, or a name */
}

static char *name_subqueries(const char *sql)
{
	size_t n = strlen(sql);
	char *out = malloc(n * 2 + 1), *o = out;

	assert_non_null(out);
	for (const char *p = sql; *p;) {
		if (strncmp(p, "FROM (", 6) == 0) {
			const char *q = p + 6;
			int depth = 1;

			while (*q && depth > 0) {
				depth += *q == '(' ? 1 : *q == ')' ? -1 : 0;
				q++;
			}
			memcpy(o, p, (size_t)(q - p));
			o += q - p;
			p = q;
			while (*q == ' ')
				q++;
			if (!names_subquery(q)) {
				memcpy(o, " AS sub", 7);
				o += 7;
			}
			continue;
		}
		*o++ = *p++;
	}
	*o = '\0';
	return out;
}

char *tu_query_text(const char *path, const char *sql)
{
	struct db *db;
	struct db_stmt *stmt;
	char *value = NULL, *named = name_subqueries(sql);
	int rc;

	assert_int_equal(db_open_v2(path, &db, DB_OPEN_READONLY), DB_OK);
	if (db_kind(db) == DB_KIND_POSTGRES)
		sql = named;
	if (db_prepare(db, sql, &stmt) != DB_OK)
		fail_msg("%s: %s", sql, db_errmsg(db));
	rc = db_step(stmt);
	if (rc != DB_ROW && rc != DB_DONE)
		fail_msg("%s: %s", sql, db_errmsg(db));
	if (rc == DB_ROW && db_column_text(stmt, 0))
		value = strdup((const char *)db_column_text(stmt, 0));
	db_finalize(stmt);
	db_close(db);
	free(named);
	return value;
}

void tu_assert_query(const char *db, const char *sql, const char *expected)
{
	char *value = tu_query_text(db, sql);

	if (!value || strcmp(value, expected) != 0)
		fprintf(stderr, "%s\n  gave: %s\n  expected: %s\n", sql, value ? value : "NULL",
			expected);
	assert_non_null(value);
	assert_string_equal(value, expected);
	free(value);
}

char *tu_db_dump(const char *path)
{
	struct db *db;
	struct db_stmt *stmt;
	char *buf = NULL;
	size_t len = 0, cap = 0;

	assert_int_equal(db_open_v2(path, &db, DB_OPEN_READONLY), DB_OK);
	append(&buf, &len, &cap, "");
	assert_int_equal(db_prepare(db,
				    db_kind(db) == DB_KIND_POSTGRES
					    ? "SELECT tablename FROM pg_catalog.pg_tables "
					      "WHERE schemaname = current_schema() ORDER BY 1"
					    : "SELECT name FROM sqlite_master WHERE type = 'table' "
					      "ORDER BY name",
				    &stmt),
			 DB_OK);
	while (db_step(stmt) == DB_ROW)
		dump_table(db, (const char *)db_column_text(stmt, 0), &buf, &len, &cap);
	db_finalize(stmt);
	db_close(db);
	return buf;
}

char *tu_small_db(void)
{
	char *db = tu_temp_db();

	tu_ok(db, "init", NULL);
	tu_small_data(db);
	return db;
}

void tu_small_data(const char *db)
{
	tu_ok(db, "city", "add", "05913000", "Dortmund", "--population", "586852", "--own", NULL);
	tu_ok(db, "district", "add", "NST", "Nordstadt", "--action-area", NULL);
	tu_ok(db, "district", "add", "HOE", "Hörde", NULL);
	tu_ok(db, "funder", "add", "ESF", "Europäischer Sozialfonds", "--level", "eu", NULL);
	tu_ok(db, "funder", "add", "BMAS", "Bundesministerium für Arbeit", "--level", "federal",
	      NULL);
	tu_ok(db, "funder", "add", "LAND", "Land NRW", "--level", "state", NULL);
	tu_ok(db, "funder", "add", "DO", "Stadt Dortmund", "--level", "municipal", NULL);
	tu_ok(db, "programme", "add", "EHAP", "EhAP Plus", "--funder", "ESF", "--fund", "ESF+",
	      "--rate", "85", NULL);
	tu_ok(db, "programme", "add", "BUND", "Bundesanteil", "--funder", "BMAS", "--rate", "10",
	      NULL);
	tu_ok(db, "programme", "add", "SOE", "Zuwanderung Südosteuropa", "--funder", "LAND",
	      "--rate", "80", NULL);
	tu_ok(db, "programme", "add", "KOM", "Eigenanteil", "--funder", "DO", "--rate", "100",
	      "--financing", "full", NULL);
	tu_ok(db, "project", "add", "P1", "Ankommen I", "--field", "social-work", "--district",
	      "NST", "--from", "01.01.2023", "--to", "31.12.2024", "--costs", "100.000,00", NULL);
	tu_ok(db, "project", "add", "P2", "Ankommen II", "--field", "social-work", "--district",
	      "NST", "--from", "01.04.2025", "--to", "31.12.2026", "--follows", "P1", NULL);
	tu_ok(db, "grant", "add", "G-1", "--project", "P1", "--programme", "SOE", "--amount",
	      "80.000,00", "--from", "01.01.2023", "--to", "31.12.2024", NULL);
}

const char *tu_audit_user(const char *named)
{
	static char buf[4][160];
	static int next;
	const char *uri = tu_pg_admin_uri();
	const char *role = uri ? strstr(uri, "user=") : NULL;
	char *out = buf[next++ % 4];

	if (!role) {
		snprintf(out, sizeof(buf[0]), "%s", named);
		return out;
	}
	role += 5;
	snprintf(out, sizeof(buf[0]), "%.*s (%s)", (int)strcspn(role, "&"), role, named);
	return out;
}

static int skipped;

void tu_note_skip(const char *why)
{
	fprintf(stderr, "skipped: %s\n", why);
	skipped++;
}

int tu_exit_code(int failures)
{
	if (failures)
		return failures;
	return skipped ? TU_SKIPPED : 0;
}

int tu_dir_entries(const char *dir, const char *except)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL)
		n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0 &&
		     !(except && strncmp(e->d_name, except, strlen(except)) == 0);
	closedir(d);
	return n;
}

void tu_scratch_open(struct tu_scratch *s, const char *name)
{
	snprintf(s->dir, sizeof(s->dir), "/tmp/fundtrack-test-XXXXXX");
	assert_non_null(mkdtemp(s->dir));
	snprintf(s->path, sizeof(s->path), "%s/%s", s->dir, name);
}

void tu_scratch_close(struct tu_scratch *s)
{
	DIR *d = opendir(s->dir);
	struct dirent *e;
	char path[400];

	assert_non_null(d);
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", s->dir, e->d_name);
		if (unlink(path) != 0)
			rmdir(path);
	}
	closedir(d);
	assert_int_equal(rmdir(s->dir), 0);
}

FILE *tu_grant_file_open(const char *path, const char *ags, const char *city,
			 const char *approved)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fprintf(f,
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<exchange xmlns=\"urn:fundtrack:exchange:1\" version=\"1.0\" "
		"generated=\"2026-11-20T08:00:00Z\">\n"
		"  <city ags=\"%s\"><name>%s</name></city><districts><district "
		"code=\"NORD\"><name>Nord</name></district></districts>\n"
		"  <funders><funder code=\"LAND\" level=\"state\"><name>Land</name></funder>"
		"</funders>\n"
		"  <programmes><programme code=\"SOE\" funder=\"LAND\" financing=\"share\" "
		"drawdown-days=\"60\" proof-months=\"6\"><name>SOE</name></programme>"
		"</programmes>\n"
		"  <projects>\n"
		"    <project code=\"P-1\" field=\"social-work\"><title>Ankommen</title></project>\n"
		"  </projects><grants>\n"
		"    <grant ref=\"G-1\" project=\"P-1\" programme=\"SOE\" status=\"running\" "
		"financing=\"share\" start=\"2024-01-01\" end=\"2025-12-31\">\n"
		"      <approved currency=\"EUR\">%s</approved>\n",
		ags, city, approved);
	return f;
}

void tu_grant_file_close(FILE *f)
{
	fputs("    </grant>\n  </grants>\n</exchange>\n", f);
	assert_int_equal(fclose(f), 0);
}
