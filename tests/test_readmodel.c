/* test_readmodel.c - the read model (readmodel.h): the statuses that count
 * as approved come from grantset.c, the queries run in one read
 * transaction, errors free everything; the status report loads its grants
 * once. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sqlite3.h>

#include "db.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sys/stat.h>
#include <unistd.h>

#include "grantset.h"
#include "ledger.h"
#include "readmodel.h"
#include "report.h"
#include "testutil.h"

static const struct out_column project_cols[] = {
	{ "code", "Code", OUT_TEXT },	   { "title", "Titel", OUT_TEXT },
	{ "field", "Feld", OUT_TEXT },	   { "district", "Sozialraum", OUT_TEXT },
	{ "carrier", "Träger", OUT_TEXT }, { "start", "Beginn", OUT_DATE },
	{ "end", "Ende", OUT_DATE },	   { "follows", "Vorgänger", OUT_TEXT },
	{ "approved", "Bewilligt", OUT_MONEY },
};

/* The "approved" value of project P1 in 'project list' as JSON. */
static char *approved_of_p1(const char *db)
{
	struct ft_run r;
	const char *line, *value;
	char *copy;

	tu_run(&r, db, "--format", "json", "project", "list", NULL);
	assert_int_equal(r.rc, 0);
	line = strstr(r.out, "\"code\": \"P1\"");
	assert_non_null(line);
	value = strstr(line, "\"approved\": ");
	assert_non_null(value);
	value += strlen("\"approved\": ");
	copy = strndup(value, strcspn(value, "},"));
	tu_run_free(&r);
	return copy;
}

/* Every status of the schema: the lists count the cap exactly when
 * ledger.c's ledger_status_counts says so (one definition of "approved"). */
static void test_approved_follows_grantset(void **state)
{
	static const char *const statuses[] = { "applied", "approved", "running", "proof-due",
						 "closed",  "revoked",	"rejected" };
	char *db = tu_small_db();

	(void)state;
	for (size_t i = 0; i < sizeof(statuses) / sizeof(statuses[0]); i++) {
		char *approved;

		tu_ok(db, "grant", "status", "G-1", statuses[i], "--force", NULL);
		approved = approved_of_p1(db);
		assert_string_equal(approved, ledger_status_counts(statuses[i]) ? "\"80000.00\"" : "\"0.00\"");
		free(approved);
	}
	tu_cleanup(db);
}

/* A read model query while another statement of the connection is still
 * running (a report reading inside a loop): the SQL function is
 * registered once, never redefined (which SQLite refuses then). */
static void test_queries_while_a_statement_runs(void **state)
{
	char *db = tu_small_db();
	struct store *st;
	struct ft_error err;
	struct out_table *t;
	struct db_stmt *running;

	(void)state;
	assert_int_equal(store_open(&st, db, STORE_EXISTING, STORE_JOURNAL_WAL, &err), 0);
	assert_int_equal(rm_table(st, RM_PROJECTS, NULL, 0, project_cols, 9, &t, &err), 0);
	assert_int_equal(out_row_count(t), 2);
	out_table_free(t);
	assert_int_equal(store_prepare(st, "SELECT code FROM project", &running, &err), 0);
	assert_int_equal(db_step(running), DB_ROW);
	assert_int_equal(rm_table(st, RM_PROJECTS, NULL, 0, project_cols, 9, &t, &err), 0);
	assert_int_equal(out_row_count(t), 2);
	out_table_free(t);
	db_finalize(running);
	store_close(st);
	tu_cleanup(db);
}

/* A failing request leaves no table behind and names the reason. */
static void test_failure_frees_every_table(void **state)
{
	static const struct out_column one[] = { { "ref", "Ref", OUT_TEXT } };
	const struct rm_request requests[] = {
		{ RM_GRANT_REF, one, 1 },
		{ RM_GRANT_ALLOCATIONS, one, 1 }, /* the query has two columns */
	};
	char *db = tu_small_db();
	struct out_table *t[2] = { (struct out_table *)1, (struct out_table *)1 };
	struct store *st;
	struct ft_error err;

	(void)state;
	assert_int_equal(store_open(&st, db, STORE_EXISTING, STORE_JOURNAL_WAL, &err), 0);
	assert_int_equal(rm_tables(st, requests, 2, "G-1", t, &err), -1);
	assert_null(t[0]);
	assert_null(t[1]);
	assert_true(db_get_autocommit(store_db(st)));
	assert_int_equal(rm_table(st, RM_NQUERIES, NULL, 0, one, 1, &t[0], &err), -1);
	assert_non_null(strstr(err.msg, "unknown query"));
	assert_null(t[0]);
	store_close(st);
	tu_cleanup(db);
}

static void test_project_master_and_bookings(void **state)
{
	char *db = tu_small_db();
	struct rm_project p;
	struct rm_bookings b;
	struct store *st;
	struct ft_error err;

	(void)state;
	tu_ok(db, "book", "G-1", "drawdown", "1.000,00", "--date", "15.01.2023", NULL);
	tu_ok(db, "book", "--reverses", "1", "--date", "16.01.2023", NULL);
	assert_int_equal(store_open(&st, db, STORE_EXISTING, STORE_JOURNAL_WAL, &err), 0);
	assert_int_equal(rm_project_master(st, "P2", &p, &err), 0);
	assert_string_equal(p.district_code, "NST");
	assert_string_equal(p.district, "Nordstadt");
	assert_string_equal(p.predecessor, "P1");
	assert_null(p.successor);
	assert_null(p.carrier);
	assert_int_equal(p.costs, -1);
	rm_project_release(&p);
	assert_int_equal(rm_project_master(st, "P1", &p, &err), 0);
	assert_int_equal(p.costs, 10000000);
	assert_string_equal(p.successor, "P2");
	rm_project_release(&p);
	assert_int_equal(rm_project_master(st, "NOPE", &p, &err), -1);
	assert_non_null(strstr(err.msg, "no project 'NOPE'"));
	rm_project_release(&p);
	assert_int_equal(rm_project_bookings(st, "P1", &b, &err), 0);
	assert_int_equal(b.n, 2);
	assert_int_equal(b.rows[0].amount, 100000);
	assert_int_equal(b.rows[0].reversal, 0);
	assert_int_equal(b.rows[1].amount, -100000);
	assert_int_equal(b.rows[1].reversal, 1);
	assert_string_equal(b.rows[1].ref, "G-1");
	rm_bookings_release(&b);
	store_close(st);
	tu_cleanup(db);
}

#define SYSTEM_FONT "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"

/* Counts the statements that load the projects of a grant set. */
static int count_grantset_loads(unsigned type, void *arg, void *stmt, void *sql)
{
	(void)type;
	(void)stmt;
	if (strstr((const char *)sql, "SELECT p.id, p.code, p.title, p.field, d.code, c.name"))
		++*(int *)arg;
	return 0;
}

/* Budgets, chart, deadlines, checks and chains of the status report all
 * come from one grant set (it was loaded ten times). */
static void test_reports_load_grants_once(void **state)
{
	TU_SQLITE_ONLY("counts statements with sqlite3_trace_v2");
	struct report_options o = { 0 };
	struct report_info info;
	struct ft_error err;
	struct store *st;
	struct stat sb;
	char *db, path[4096];
	int loads = 0;

	(void)state;
	if (stat(SYSTEM_FONT, &sb) != 0)
		skip();
	db = tu_small_db();
	snprintf(path, sizeof(path), "%s.pdf", db);
	assert_int_equal(store_open(&st, db, STORE_EXISTING, STORE_JOURNAL_WAL, &err), 0);
	sqlite3_trace_v2(db_sqlite_handle(store_db(st)), SQLITE_TRACE_STMT, count_grantset_loads, &loads);
	assert_int_equal(report_status(st, &o, path, &info, &err), 0);
	assert_int_equal(loads, 1);
	/* the project report: plan, booked sums and chain (it was three) */
	loads = 0;
	assert_int_equal(report_project(st, "P1", &o, path, &info, &err), 0);
	assert_int_equal(loads, 1);
	store_close(st);
	unlink(path);
	tu_cleanup(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_approved_follows_grantset),
		cmocka_unit_test(test_queries_while_a_statement_runs),
		cmocka_unit_test(test_failure_frees_every_table),
		cmocka_unit_test(test_project_master_and_bookings),
		cmocka_unit_test(test_reports_load_grants_once),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
