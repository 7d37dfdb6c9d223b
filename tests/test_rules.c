/* test_rules.c - the one rule catalogue (issue 16): the plausibility
 * rules in hand-made deliveries and in 'check' with the same IDs and
 * severities, 'check --city', the readable schema errors (ID, line and
 * element path, German and English), 'fundtrack rules' and the README
 * table, and the spreadsheet route: 'template --all' -> 'exchange
 * from-csv' -> xmllint, validate and import with the same figures.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <spawn.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "checks.h"
#include "network.h"
#include "rule_catalogue.h"
#include "store.h"
#include "testutil.h"

extern char **environ;

/* ---- hand-made deliveries ---------------------------------------------------------- */

static char *beside(const char *db, const char *name)
{
	size_t n = strlen(tu_db_dir(db)) + strlen(name) + 2;
	char *p = malloc(n);
	assert_non_null(p);
	snprintf(p, n, "%s/%s", tu_db_dir(db), name);
	return p;
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

/* A delivery of Musterstadt with one grant G-1 of project P-1 (approval
 * period 2024-01-01 to 2025-12-31, approved amount approved): line 9 is
 * the grant, the lines of body (allocations, bookings) follow from line 11.
 * project_extra goes inside <project> after the title (e.g. costs). */
static void write_delivery(const char *path, const char *generated, const char *project_extra,
			   const char *approved, const char *body)
{
	char text[8192];

	snprintf(text, sizeof(text),
		 "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"                              /* 1 */
		 "<exchange xmlns=\"urn:fundtrack:exchange:1\" version=\"1.0\" "
		 "generated=\"%s\">\n"                                                         /* 2 */
		 "  <city ags=\"05999000\"><name>Musterstadt</name></city><districts><district "
		 "code=\"NORD\"><name>Nord</name></district></districts>\n"                  /* 3 */
		 "  <funders><funder code=\"LAND\" level=\"state\"><name>Land</name></funder>"
		 "</funders>\n"                                                                /* 4 */
		 "  <programmes><programme code=\"SOE\" funder=\"LAND\" financing=\"share\" "
		 "drawdown-days=\"60\" proof-months=\"6\"><name>SOE</name></programme>"
		 "</programmes>\n"                                                             /* 5 */
		 "  <projects>\n"                                                              /* 6 */
		 "    <project code=\"P-1\" field=\"social-work\"><title>Ankommen</title>%s"
		 "</project>\n"                                                                /* 7 */
		 "  </projects><grants>\n"                                                     /* 8 */
		 "    <grant ref=\"G-1\" project=\"P-1\" programme=\"SOE\" status=\"running\" "
		 "financing=\"share\" start=\"2024-01-01\" end=\"2025-12-31\">\n"             /* 9 */
		 "      <approved currency=\"EUR\">%s</approved>\n"                            /* 10 */
		 "%s"
		 "    </grant>\n"
		 "  </grants>\n"
		 "</exchange>\n",
		 generated, project_extra, approved, body);
	write_file(path, text);
}

#define ALLOC(y, a) "      <allocation year=\"" y "\" currency=\"EUR\">" a "</allocation>\n"
#define BOOK(id, date, kind, a)                                                            \
	"      <booking id=\"" id "\" date=\"" date "\" kind=\"" kind "\" currency=\"EUR\">" a \
	"</booking>\n"

/* "FILE:LINE: SEVERITY: ... [RULE]" is in out. */
static int has_finding(const char *out, const char *file, long line, const char *severity,
		       const char *rule)
{
	char prefix[600], suffix[64];

	snprintf(prefix, sizeof(prefix), "%s:%ld: %s: ", file, line, severity);
	snprintf(suffix, sizeof(suffix), " [%s]\n", rule);
	for (const char *p = strstr(out, prefix); p; p = strstr(p + 1, prefix)) {
		const char *end = strchr(p, '\n');

		if (end && (size_t)(end - p) + 1 >= strlen(suffix) &&
		    strncmp(end + 1 - strlen(suffix), suffix, strlen(suffix)) == 0)
			return 1;
	}
	return 0;
}

/* validate path: exit code and the one finding expected. */
static void expect_finding(const char *path, int rc, long line, const char *severity,
			   const char *rule)
{
	struct ft_run r;

	tu_run(&r, NULL, "validate", path, NULL);
	if (r.rc != rc || !has_finding(r.out, path, line, severity, rule))
		fail_msg("%s: expected %s %s at line %ld, exit %d; got exit %d:\n%s%s", path,
			 severity, rule, line, rc, r.rc, r.out, r.err);
	tu_run_free(&r);
}

/* The document-wide keys and references (xs:key, xs:keyref, xs:unique of
 * the root element) are checked by the business rules alone since issue
 * 19 (exchange_reader.c strips them from the schema, for flat memory):
 * each file still gives exactly one error, with the same sentence and line
 * as before (compared byte for byte with the old binary on all 250 test
 * and corpus files). */
static void test_keys_and_references_without_schema_tables(void **state)
{
	static const struct {
		const char *file, *finding, *count;
	} cases[] = {
		{ "dangling-grant-project.xml",
		  ":30: error: grant 'SOE-2023/001' names the project 'P-7', which this file does "
		  "not define [FT-REFERENCE]\n",
		  "invalid: 1 error, 0 warnings" },
		{ "duplicate-grant-ref.xml",
		  ":39: error: grant 'SOE-2023/001' is defined twice (first on line 30) "
		  "[FT-DUPLICATE]\n",
		  "invalid: 1 error, 0 warnings" },
		{ "two-successors.xml",
		  ":28: error: project 'P-3' names 'P-1' as its predecessor, and so does project "
		  "'P-2' (line 25): a chain has one successor per project [FT-CHAIN]\n",
		  "invalid: 1 error, 0 warnings" },
		{ "dangling-predecessor.xml",
		  ":25: error: project 'P-2' names the predecessor 'P-0', which this file does not "
		  "define [FT-REFERENCE]\n",
		  "invalid: 1 error, 0 warnings" },
		/* a key within a grant is still the schema's, with its message (and
		 * the two allocations of 2023 sum above the approved amount) */
		{ "duplicate-allocation-year.xml",
		  ":33: error: city/project[P-1]/grant[SOE-2023/001]/allocation[2023]: ",
		  "invalid: 2 errors, 0 warnings" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char path[4096], expected[4096 + 800];
		struct ft_run r;

		snprintf(path, sizeof(path), "%s/exchange/should-fail/%s", getenv("FT_TEST_DATA"),
			 cases[i].file);
		snprintf(expected, sizeof(expected), "%s%s", path, cases[i].finding);
		tu_run(&r, NULL, "validate", path, NULL);
		if (r.rc != 1 || !tu_contains(r.out, expected) ||
		    !tu_contains(r.out, cases[i].count))
			fail_msg("%s: expected exit 1 and\n%sgot exit %d:\n%s%s", cases[i].file,
				 expected, r.rc, r.out, r.err);
		tu_run_free(&r);
	}
}

/* Chains of 55 projects, every predecessor named before the file defines
 * it: a 50-project chain written backwards (fine), a cycle of three, a
 * second successor and an unknown predecessor, each reported once at its
 * line. ctest runs this file also with FUNDTRACK_CODES_IN_MEMORY=2, so the
 * same findings come from the code maps on disk (code_map.h). */
static void test_long_chains_named_forward(void **state)
{
	static const char head[] =
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<exchange xmlns=\"urn:fundtrack:exchange:1\" version=\"1.0\" "
		"generated=\"2026-11-20T08:00:00Z\">\n"
		"  <city ags=\"05111000\" population=\"629047\">\n    <name>Düsseldorf</name>\n"
		"  </city>\n  <districts>\n    <district code=\"D-FLI\" action-area=\"true\">\n"
		"      <name>Flingern-Süd</name>\n    </district>\n  </districts>\n"
		"  <funders>\n    <funder code=\"LAND\" level=\"state\">\n"
		"      <name>Land Nordrhein-Westfalen</name>\n    </funder>\n  </funders>\n"
		"  <programmes>\n    <programme code=\"SOE\" funder=\"LAND\" rate=\"80.00\" "
		"financing=\"share\" drawdown-days=\"60\" proof-months=\"6\">\n"
		"      <name>Zuwanderung aus Südosteuropa</name>\n    </programme>\n"
		"  </programmes>\n  <projects>\n"; /* 21 lines: the first project is line 22 */
	static const char tail[] =
		"  </projects>\n  <grants>\n"
		"    <grant ref=\"SOE-2023/001\" project=\"C-049\" programme=\"SOE\" status=\"closed\" "
		"financing=\"share\" start=\"2023-01-01\" end=\"2024-12-31\" applied=\"2022-09-15\" "
		"decided=\"2022-12-12\">\n"
		"      <approved currency=\"EUR\">80000.00</approved>\n"
		"    </grant>\n  </grants>\n</exchange>\n";
	char *db = tu_temp_db(), *f = beside(db, "chains.xml");
	char text[32768], pred[16];
	size_t used = (size_t)snprintf(text, sizeof(text), "%s", head);
	struct ft_run r;

	(void)state;
	for (int k = 0; k < 55; k++) { /* project k on line 22 + 3 k */
		int p = k < 49 ? k + 1 : k == 50 ? 52 : k == 51 ? 50 : k == 52 ? 51 : k == 53 ? 10 : -1;

		snprintf(pred, sizeof(pred), "C-%03d", k == 54 ? 999 : p);
		used += (size_t)snprintf(text + used, sizeof(text) - used,
					 "    <project code=\"C-%03d\" field=\"social-work\" district=\"D-FLI\"%s%s%s>\n"
					 "      <title>Kette %d</title>\n    </project>\n",
					 k, p >= 0 || k == 54 ? " predecessor=\"" : "",
					 p >= 0 || k == 54 ? pred : "", p >= 0 || k == 54 ? "\"" : "", k);
	}
	snprintf(text + used, sizeof(text) - used, "%s", tail);
	write_file(f, text);
	tu_run(&r, NULL, "validate", f, NULL);
	assert_int_equal(r.rc, 1);
	assert_true(tu_contains(r.out, ":172: error: the predecessors of project 'C-050' form a "
				       "cycle: 'C-050' -> 'C-052' -> 'C-051' -> 'C-050' (a chain "
				       "needs a first project) [FT-CHAIN]\n"));
	assert_true(tu_contains(r.out, ":181: error: project 'C-053' names 'C-010' as its "
				       "predecessor, and so does project 'C-009' (line 49): a chain "
				       "has one successor per project [FT-CHAIN]\n"));
	assert_true(tu_contains(r.out, ":184: error: project 'C-054' names the predecessor "
				       "'C-999', which this file does not define [FT-REFERENCE]\n"));
	assert_true(tu_contains(r.out, "invalid: 3 errors, 0 warnings"));
	tu_run_free(&r);
	free(f);
	tu_cleanup(db);
}

/* One grant of 205 bookings: reversals of bookings far back, a second
 * reversal of one, an id given twice, and two expenditures before the
 * approval period, the earlier one reversed at the end. ctest runs this
 * also with FUNDTRACK_CODES_IN_MEMORY=2: the grant's bookings then sit on
 * disk (code_map.h), and every finding must be the same. */
static void test_grant_of_many_bookings(void **state)
{
	char *db = tu_temp_db(), *path = beside(db, "many.xml");
	FILE *f = tu_grant_file_open(path, "05999000", "Musterstadt", "500000.00");
	struct ft_run r;

	(void)state;
	/* booking k on line 10 + k */
	for (int k = 1; k <= 200; k++)
		fprintf(f, "      <booking id=\"%d\" date=\"%s\" kind=\"expenditure\" "
			   "currency=\"EUR\">10.00</booking>\n", k,
			k == 10 ? "2023-07-01" : k % 2 ? "2024-02-01" : "2024-03-15");
	fputs("      <booking id=\"201\" date=\"2024-06-01\" kind=\"expenditure\" currency=\"EUR\" "
	      "reverses=\"3\">-10.00</booking>\n" /* 211: fine */
	      "      <booking id=\"202\" date=\"2024-06-01\" kind=\"expenditure\" currency=\"EUR\" "
	      "reverses=\"3\">-10.00</booking>\n" /* 212: 3 is reversed already */
	      "      <booking id=\"5\" date=\"2024-06-01\" kind=\"expenditure\" "
	      "currency=\"EUR\">10.00</booking>\n" /* 213: id 5 twice */
	      "      <booking id=\"204\" date=\"2023-06-01\" kind=\"expenditure\" "
	      "currency=\"EUR\">10.00</booking>\n" /* 214: before the period */
	      "      <booking id=\"205\" date=\"2024-06-01\" kind=\"expenditure\" currency=\"EUR\" "
	      "reverses=\"10\">-10.00</booking>\n", /* 215: 10 (line 20) is reversed */
	      f);
	tu_grant_file_close(f);
	tu_run(&r, NULL, "validate", path, NULL);
	assert_int_equal(r.rc, 1);
	assert_true(has_finding(r.out, path, 212, "error", "FT-REVERSAL"));
	assert_true(tu_contains(r.out, "booking 202 reverses booking 3, which is already reversed"));
	assert_true(has_finding(r.out, path, 213, "error", "FT-BOOKING-ID"));
	assert_true(tu_contains(r.out, "booking id 5 appears twice in grant 'G-1' (first on line 15)"));
	assert_true(has_finding(r.out, path, 214, "error", "FT-SPEND-OUTSIDE-PERIOD"));
	assert_false(has_finding(r.out, path, 20, "error", "FT-SPEND-OUTSIDE-PERIOD"));
	/* the warning: Musterstadt's AGS is not in the register */
	assert_true(tu_contains(r.out, "invalid: 3 errors, 1 warning"));
	tu_run_free(&r);
	free(path);
	tu_cleanup(db);
}

static void test_plausibility_in_files(void **state)
{
	char *db = tu_temp_db(), *f = beside(db, "d.xml");

	(void)state;
	/* The case: 9.900.000,00 spent on a grant of 22.000,00 with
	 * 22.000,00 drawn. Tolerance = max(approved 22.000, no eligible, no
	 * costs) = 22.000; 9.900.000 - 22.000 = 9.878.000 > 22.000: error. */
	write_delivery(f, "2026-11-20T08:00:00Z", "", "22000.00",
		       ALLOC("2024", "11000.00") ALLOC("2025", "11000.00")
		       BOOK("1", "2024-02-01", "drawdown", "22000.00")
		       BOOK("2", "2024-03-01", "expenditure", "9900000.00"));
	expect_finding(f, 1, 9, "error", "FT-SPENT-ABOVE-DRAWN");
	/* With project costs of 10.000.000,00 the tolerance is 10.000.000:
	 * 9.878.000 <= 10.000.000, pre-financing of the own share: valid. */
	write_delivery(f, "2026-11-20T08:00:00Z",
		       "<costs currency=\"EUR\">10000000.00</costs>", "22000.00",
		       ALLOC("2024", "11000.00") ALLOC("2025", "11000.00")
		       BOOK("1", "2024-02-01", "drawdown", "22000.00")
		       BOOK("2", "2024-03-01", "expenditure", "9900000.00"));
	tu_ok(NULL, "validate", f, NULL);

	/* drawn 30.000 - repaid 5.000 = 25.000 > approved 22.000 */
	write_delivery(f, "2026-11-20T08:00:00Z", "", "22000.00",
		       ALLOC("2024", "11000.00") ALLOC("2025", "11000.00")
		       BOOK("1", "2024-02-01", "drawdown", "30000.00")
		       BOOK("2", "2024-03-01", "repayment", "5000.00"));
	expect_finding(f, 1, 9, "error", "FT-OVER-CAP");
	/* repaid 8.000 instead: 22.000, not above: valid */
	write_delivery(f, "2026-11-20T08:00:00Z", "", "22000.00",
		       ALLOC("2024", "11000.00") ALLOC("2025", "11000.00")
		       BOOK("1", "2024-02-01", "drawdown", "30000.00")
		       BOOK("2", "2024-03-01", "repayment", "8000.00"));
	tu_ok(NULL, "validate", f, NULL);

	/* allocations 12.000 + 11.000 = 23.000 > 22.000: an error now (was a
	 * warning); 10.000 + 11.000 = 21.000 < 22.000 stays a warning */
	write_delivery(f, "2026-11-20T08:00:00Z", "", "22000.00",
		       ALLOC("2024", "12000.00") ALLOC("2025", "11000.00"));
	expect_finding(f, 1, 9, "error", "FT-ALLOC-ABOVE-APPROVED");
	write_delivery(f, "2026-11-20T08:00:00Z", "", "22000.00",
		       ALLOC("2024", "10000.00") ALLOC("2025", "11000.00"));
	expect_finding(f, 0, 9, "warning", "FT-ALLOC-MISMATCH");

	/* the period ends 2025-12-31; 25 years later is 2050-12-31: a
	 * repayment on that day passes, one on 2051-01-01 cannot be true */
	write_delivery(f, "2026-11-20T08:00:00Z", "", "22000.00",
		       ALLOC("2024", "11000.00") ALLOC("2025", "11000.00")
		       BOOK("1", "2024-02-01", "drawdown", "1000.00")
		       BOOK("2", "2051-01-01", "repayment", "1000.00"));
	expect_finding(f, 1, 14, "error", "FT-BOOKING-DATE");

	/* generated in 2199: after tomorrow by any clock */
	write_delivery(f, "2199-01-01T00:00:00Z", "", "22000.00",
		       ALLOC("2024", "11000.00") ALLOC("2025", "11000.00"));
	expect_finding(f, 1, 2, "error", "FT-GENERATED-FUTURE");

	/* expenditure on 2026-03-01, two months after the end (6 weeks after
	 * 2025-12-31 is 2026-02-11): outside, an error as in 'check'; on
	 * 2026-02-11 it is the last day of grace: a warning */
	write_delivery(f, "2026-11-20T08:00:00Z", "", "22000.00",
		       ALLOC("2024", "11000.00") ALLOC("2025", "11000.00")
		       BOOK("1", "2024-02-01", "drawdown", "5000.00")
		       BOOK("2", "2026-03-01", "expenditure", "5000.00"));
	expect_finding(f, 1, 14, "error", "FT-SPEND-OUTSIDE-PERIOD");
	/* the same expenditure reversed: the pair nets to nothing (check
	 * skips such pairs too), so nothing is outside */
	write_delivery(f, "2026-11-20T08:00:00Z", "", "22000.00",
		       ALLOC("2024", "11000.00") ALLOC("2025", "11000.00")
		       BOOK("1", "2024-02-01", "drawdown", "5000.00")
		       BOOK("2", "2026-03-01", "expenditure", "5000.00")
		       "      <booking id=\"3\" reverses=\"2\" date=\"2026-03-02\" "
		       "kind=\"expenditure\" currency=\"EUR\">-5000.00</booking>\n");
	tu_ok(NULL, "validate", f, NULL);
	write_delivery(f, "2026-11-20T08:00:00Z", "", "22000.00",
		       ALLOC("2024", "11000.00") ALLOC("2025", "11000.00")
		       BOOK("1", "2024-02-01", "drawdown", "5000.00")
		       BOOK("2", "2026-02-11", "expenditure", "5000.00"));
	expect_finding(f, 0, 14, "warning", "FT-SERVICE-DATE-MISSING");
	unlink(f);
	free(f);
	tu_cleanup(db);
}

/* The same facts in a database: 'check' names them with the same IDs and
 * severities. */
static void test_plausibility_in_check(void **state)
{
	char *db = tu_small_db();
	struct ft_run r;

	(void)state;
	tu_ok(db, "grant", "alloc", "G-1", "2023", "50.000,00", NULL);
	tu_ok(db, "grant", "alloc", "G-1", "2024", "40.000,00", NULL);
	/* G-1: approved 80.000, project P1 costs 100.000 (tu_small_db);
	 * allocations 90.000 > 80.000; drawn 10.000, spent 150.000:
	 * 150.000 - 10.000 = 140.000 > max(80.000, 100.000) = 100.000 */
	tu_ok(db, "book", "G-1", "drawdown", "10.000,00", "--date", "01.02.2023", NULL);
	tu_ok(db, "book", "G-1", "expenditure", "150.000,00", "--date", "01.03.2023", NULL);
	tu_run(&r, db, "--format", "csv", "check", NULL);
	assert_int_equal(r.rc, 0);
	assert_true(tu_contains(r.out, "error,FT-ALLOC-ABOVE-APPROVED,P1,G-1,"));
	assert_true(tu_contains(r.out, "error,FT-SPENT-ABOVE-DRAWN,P1,G-1,"));
	assert_true(tu_contains(r.out, "140000.00"));
	tu_run_free(&r);

	/* 'rules' gives both the same severity and the scope file, check */
	tu_run(&r, NULL, "--format", "csv", "rules", NULL);
	assert_int_equal(r.rc, 0);
	assert_true(tu_contains(r.out, "FT-ALLOC-ABOVE-APPROVED,error,\"file, check\","));
	assert_true(tu_contains(r.out, "FT-SPEND-OUTSIDE-PERIOD,error,\"file, check\","));
	assert_true(tu_contains(r.out, "FT-SPENT-ABOVE-DRAWN,error,\"file, check\","));
	assert_false(tu_contains(r.out, "FT-EXPENDITURE,"));
	assert_false(tu_contains(r.out, "FT-ALLOCATION,"));
	tu_run_free(&r);
	tu_cleanup(db);
}

/* ---- the network comparison of a year --------------------------------------------- */

static void test_network_leaves_out_implausible(void **state)
{
	char *db = tu_small_db();
	struct network_result nr;
	struct ft_error err;
	struct store *st;

	(void)state;
	/* G-1 (80.000): 2024 allocation 90.000 alone is above the approved
	 * amount; G-2 (20.000) with 2024: 20.000 is plausible */
	tu_ok(db, "grant", "alloc", "G-1", "2024", "90.000,00", NULL);
	tu_ok(db, "grant", "add", "G-2", "--project", "P2", "--programme", "KOM", "--amount",
	      "20.000,00", "--from", "01.04.2025", "--to", "31.12.2026", NULL);
	tu_ok(db, "grant", "alloc", "G-2", "2026", "20.000,00", NULL);
	assert_int_equal(store_open(&st, db, STORE_EXISTING, STORE_JOURNAL_WAL, &err), 0);
	assert_int_equal(network_figures(st, 2024, "2026-11-24", &nr, &err), 0);
	assert_int_equal(nr.left_out, 1);
	assert_int_equal(nr.cities[0].funding, 0); /* the 90.000 of G-1 do not count */
	network_result_release(&nr);
	assert_int_equal(network_figures(st, 2026, "2026-11-24", &nr, &err), 0);
	assert_int_equal(nr.left_out, 1);
	assert_int_equal(nr.cities[0].funding, 2000000); /* G-2's 20.000,00 */
	network_result_release(&nr);
	store_close(st);
	tu_cleanup(db);
}

/* ---- check --city ------------------------------------------------------------------ */

static char *data_path(const char *name)
{
	const char *dir = getenv("FT_TEST_DATA");
	size_t n = strlen(dir) + strlen(name) + 32;
	char *p = malloc(n);

	assert_non_null(p);
	snprintf(p, n, "%s/exchange/%s", dir, name);
	return p;
}

static void test_check_partner_city(void **state)
{
	char *db = tu_small_db(), *essen = data_path("network/essen.xml"), *before, *after;
	struct ft_run r;

	(void)state;
	tu_ok(db, "import", essen, NULL);
	before = tu_db_dump(db);
	tu_run(&r, db, "--format", "csv", "check", "--city", "05113000", NULL);
	assert_int_equal(r.rc, 0);
	assert_true(tu_contains(r.out, "severity,rule,project,grant,message"));
	/* Essen's grants, none of Dortmund's (G-1 of project P1) */
	assert_false(tu_contains(r.out, ",P1,G-1,"));
	tu_run_free(&r);
	tu_run(&r, db, "--format", "csv", "check", NULL);
	assert_true(tu_contains(r.out, ",P1,G-1,") || !tu_contains(r.out, "E-"));
	tu_run_free(&r);
	tu_fail(db, 1, "no city with AGS '05111000' in the database", "check", "--city",
		"05111000", NULL);
	after = tu_db_dump(db);
	assert_string_equal(before, after); /* read only */
	free(before);
	free(after);
	free(essen);
	tu_cleanup(db);
}

/* The rules main added (grant life, financing plan) are rows of the one
 * catalogue: check, 'check --rules' and 'fundtrack rules' agree, and the
 * third severity (info) is the catalogue's too. */
static void test_catalogue_holds_every_check_rule(void **state)
{
	static const char *const added[] = { "FT-CONDITION-OVERDUE,error,check,",
					     "FT-CONDITION-DUE,warning,check,",
					     "FT-STATUS-SUGGESTED,info,check,",
					     "FT-DRAWN-ABOVE-ALLOCATION,warning,check,",
					     "FT-DRAWN-AHEAD-OF-COVER,warning,check,",
					     "FT-ALLOCATION-UNDRAWN,warning,check,",
					     "FT-PLAN-LINE-OVERRUN,warning,check," };
	struct ft_run rules, check_rules_csv;

	(void)state;
	for (size_t i = 0; i < check_nrules; i++) {
		const struct rule_entry *r = rule_find(check_rules[i]->id);

		assert_ptr_equal(r, check_rules[i]);
		assert_true(r->scope & RULE_CHECK);
	}
	assert_int_equal(rule_find("FT-STATUS-SUGGESTED")->severity, RULE_INFO);
	assert_string_equal(check_severity_names[RULE_INFO], "info");
	tu_run(&rules, NULL, "--format", "csv", "rules", "--scope", "check", NULL);
	tu_run(&check_rules_csv, NULL, "--format", "csv", "check", "--rules", NULL);
	assert_int_equal(rules.rc, 0);
	assert_string_equal(rules.out, check_rules_csv.out);
	for (size_t i = 0; i < sizeof(added) / sizeof(added[0]); i++)
		if (!tu_contains(rules.out, added[i]))
			fail_msg("'fundtrack rules' lacks %s", added[i]);
	tu_run_free(&rules);
	tu_run_free(&check_rules_csv);
}

/* A partner city's data is read only: acknowledging needs the own city. */
static void test_city_is_not_acknowledged(void **state)
{
	(void)state;
	tu_fail(NULL, 2, "--city is read only", "check", "ack", "FT-OVER-CAP", "grant/G-1",
		"--reason", "x", "--city", "05113000", NULL);
	tu_fail(NULL, 2, "--city is read only", "check", "unack", "FT-OVER-CAP", "grant/G-1",
		"--city", "05113000", NULL);
}

/* ---- readable schema errors ---------------------------------------------------------- */

struct schema_case {
	const char *name;
	const char *body; /* goes in place of the grant's content after <approved> */
	const char *grant_attrs; /* replaces status="running" */
	long line;
	const char *id;
	const char *path;
};

static void test_schema_messages(void **state)
{
	static const struct schema_case cases[] = {
		{ "amount", BOOK("3", "2024-02-01", "drawdown", "1.234,56"), NULL, 11, "XSD-AMOUNT",
		  "city/project[P-1]/grant[G-1]/booking[3]: " },
		{ "date", BOOK("3", "01.02.2024", "drawdown", "10.00"), NULL, 11, "XSD-DATE",
		  "city/project[P-1]/grant[G-1]/booking[3]: " },
		{ "enum", BOOK("3", "2024-02-01", "refund", "10.00"), NULL, 11, "XSD-ENUM",
		  "city/project[P-1]/grant[G-1]/booking[3]: " },
		{ "unknown element", "      <remark>x</remark>\n", NULL, 11, "XSD-UNKNOWN-ELEMENT",
		  "city/project[P-1]/grant[G-1]/remark: " },
		{ "unknown attribute", "      <booking id=\"3\" date=\"2024-02-01\" "
				       "kind=\"drawdown\" currency=\"EUR\" colour=\"red\">1.00"
				       "</booking>\n",
		  NULL, 11, "XSD-UNKNOWN-ATTRIBUTE", "city/project[P-1]/grant[G-1]/booking[3]: " },
		{ "missing attribute", "      <booking id=\"3\" kind=\"drawdown\" currency=\"EUR\">"
				       "1.00</booking>\n",
		  NULL, 11, "XSD-MISSING-ATTRIBUTE", "city/project[P-1]/grant[G-1]/booking[3]: " },
		{ "duplicate key", ALLOC("2024", "1.00") ALLOC("2024", "2.00"), NULL, 12,
		  "XSD-DUPLICATE", "city/project[P-1]/grant[G-1]/allocation[2024]: " },
		{ "range", "", "status=\"running\" rate=\"120\"", 9, "XSD-RANGE",
		  "city/project[P-1]/grant[G-1]: " },
	};
	char *db = tu_temp_db(), *f = beside(db, "s.xml");

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct schema_case *c = &cases[i];
		char text[4096], needle[600];
		struct ft_run r;

		write_delivery(f, "2026-11-20T08:00:00Z", "", "22000.00", c->body);
		if (c->grant_attrs) {
			FILE *in = fopen(f, "r");
			size_t n = fread(text, 1, sizeof(text) - 1, in);
			char *p;

			fclose(in);
			text[n] = '\0';
			p = strstr(text, "status=\"running\"");
			assert_non_null(p);
			{
				char rest[4096];

				snprintf(rest, sizeof(rest), "%s", p + strlen("status=\"running\""));
				snprintf(p, sizeof(text) - (size_t)(p - text), "%s%s", c->grant_attrs,
					 rest);
			}
			write_file(f, text);
		}
		tu_run(&r, NULL, "validate", f, NULL);
		snprintf(needle, sizeof(needle), "%s:%ld: error: %s", f, c->line, c->path);
		if (r.rc != 1 || !has_finding(r.out, f, c->line, "error", c->id) ||
		    !tu_contains(r.out, needle))
			fail_msg("%s: expected %s at %s, got:\n%s%s", c->name, c->id, needle, r.out,
				 r.err);
		tu_run_free(&r);
	}

	/* a missing element, reported once at the start line of its parent;
	 * a too long text */
	write_file(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		      "<exchange xmlns=\"urn:fundtrack:exchange:1\" version=\"1.0\" "
		      "generated=\"2026-11-20T08:00:00Z\">\n"
		      "  <city ags=\"05999000\">\n"
		      "  </city>\n"
		      "  <districts/><funders/><programmes/><projects/><grants/>\n"
		      "</exchange>\n");
	{
		struct ft_run r;

		/* German (the default; this test runs with an English locale) */
		tu_run(&r, NULL, "--lang", "de", "validate", f, NULL);
		/* the severity in German too, as check says it */
		assert_true(has_finding(r.out, f, 3, "Fehler", "XSD-MISSING-ELEMENT"));
		assert_true(tu_contains(r.out, ": Fehler: city: hier fehlt die vorgeschriebene "
					       "Angabe <name>"));
		assert_true(tu_contains(r.out, "ungültig: 1 Fehler,"));
		tu_run_free(&r);
		/* English with --lang en, and with an English locale */
		tu_run(&r, NULL, "--lang", "en", "validate", f, NULL);
		assert_true(tu_contains(r.out, "the required element <name> is missing here"));
		tu_run_free(&r);
		setenv("LC_ALL", "en_GB.UTF-8", 1);
		tu_run(&r, NULL, "validate", f, NULL);
		assert_true(tu_contains(r.out, "the required element <name> is missing here"));
		tu_run_free(&r);
		tu_run(&r, NULL, "--lang", "de", "validate", f, NULL);
		assert_true(tu_contains(r.out, "hier fehlt"));
		tu_run_free(&r);
		unsetenv("LC_ALL");
		setenv("LC_ALL", "de_DE.UTF-8", 1); /* German, also without that locale */
		tu_run(&r, NULL, "validate", f, NULL);
		assert_true(tu_contains(r.out, "hier fehlt"));
		tu_run_free(&r);
		unsetenv("LC_ALL");
		tu_fail(NULL, 2, "invalid language 'fr'", "--lang", "fr", "validate", f, NULL);
	}
	{
		char text[2048], title[520];
		struct ft_run r;

		memset(title, 'x', 501);
		title[501] = '\0';
		snprintf(text, sizeof(text),
			 "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
			 "<exchange xmlns=\"urn:fundtrack:exchange:1\" version=\"1.0\" "
			 "generated=\"2026-11-20T08:00:00Z\">\n"
			 "  <city ags=\"05999000\"><name>Musterstadt</name></city><districts/>"
			 "<funders/><programmes/>\n"
			 "  <projects><project code=\"P-1\" field=\"social-work\">\n"
			 "    <title>%s</title>\n"
			 "  </project></projects><grants/>\n"
			 "</exchange>\n",
			 title);
		write_file(f, text);
		tu_run(&r, NULL, "--lang", "de", "validate", f, NULL);
		assert_true(has_finding(r.out, f, 5, "Fehler", "XSD-TOO-LONG"));
		assert_true(tu_contains(r.out, "city/project[P-1]/title: "));
		assert_true(tu_contains(r.out, "501 Zeichen, erlaubt sind h\xC3\xB6" "chstens 500"));
		tu_run_free(&r);
	}
	unlink(f);
	free(f);
	tu_cleanup(db);
}

/* One missing project, one message: the business rule at the grant's
 * line, not the schema's keyref again at the end of the document. */
static void test_dangling_reference_once(void **state)
{
	char *path = data_path("should-fail/dangling-grant-project.xml");
	struct ft_run r;

	(void)state;
	tu_run(&r, NULL, "validate", path, NULL);
	assert_int_equal(r.rc, 1);
	assert_true(has_finding(r.out, path, 30, "error", "FT-REFERENCE"));
	assert_false(tu_contains(r.out, "keyref"));
	assert_true(tu_contains(r.out, "invalid: 1 error,"));
	tu_run_free(&r);
	free(path);
}

/* ---- the catalogue and the README ------------------------------------------------- */

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static void test_readme_table_is_generated(void **state)
{
	char *readme = slurp(FT_SOURCE_DIR "/README.md");
	const char *begin = strstr(readme, "<!-- rules: fundtrack rules --markdown -->\n");
	const char *end = begin ? strstr(begin, "<!-- end of rules -->") : NULL;
	struct ft_run r;

	(void)state;
	assert_non_null(begin);
	assert_non_null(end);
	begin = strchr(begin, '\n') + 1;
	tu_run(&r, NULL, "rules", "--markdown", NULL);
	assert_int_equal(r.rc, 0);
	if (strlen(r.out) != (size_t)(end - begin) || strncmp(r.out, begin, strlen(r.out)) != 0)
		fail_msg("README.md's rule table differs from 'fundtrack rules --markdown':\n%s",
			 r.out);
	tu_run_free(&r);
	/* every ID once */
	for (size_t i = 0; i < RULE_COUNT; i++)
		for (size_t k = i + 1; k < RULE_COUNT; k++)
			assert_string_not_equal(rule_catalogue[i].id, rule_catalogue[k].id);
	free(readme);
}

/* ---- spreadsheets to a delivery --------------------------------------------------- */

/* Runs xmllint --schema on file: 0 valid, 1 invalid, -1 when xmllint is
 * not there. */
static int xmllint(const char *file)
{
	const char *argv[] = { "xmllint", "--noout", "--schema",
			       FT_SOURCE_DIR "/xsd/fundtrack-exchange-1.1.xsd", file, NULL };
	posix_spawn_file_actions_t fa;
	int status, rc;
	pid_t pid;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	rc = posix_spawnp(&pid, argv[0], &fa, NULL, (char *const *)argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (rc != 0)
		return -1;
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) == 127)
		return -1;
	return WEXITSTATUS(status) == 0 ? 0 : 1;
}

static void remove_sheets(const char *dir)
{
	static const char *const names[] = { "stadt.csv",	   "sozialraeume.csv",
					     "foerdermittelgeber.csv", "programme.csv",
					     "projekte.csv",	   "bescheide.csv",
					     "jahresscheiben.csv",	   "buchungen.csv",
					     "README.txt" };
	char path[600];

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		unlink(path);
	}
	rmdir(dir);
}

static void test_spreadsheets_to_delivery(void **state)
{
	char *db = tu_temp_db(), *dir = beside(db, "sheets"), *xml = beside(db, "musterstadt.xml");
	char *sheet;
	struct ft_run r;
	int lint;

	(void)state;
	assert_int_equal(mkdir(dir, 0700), 0);
	tu_ok(NULL, "template", "--all", dir, NULL);
	tu_fail(NULL, 1, "exists already", "template", "--all", dir, NULL);
	tu_run(&r, NULL, "exchange", "from-csv", dir, "-o", xml, NULL);
	if (r.rc != 0)
		fail_msg("from-csv: %s%s", r.out, r.err);
	assert_true(tu_contains(r.out, "city 05999000 Musterstadt, 1 district, 2 funders, "
				       "1 programme, 1 project, 1 grant, 3 allocations, "
				       "2 bookings"));
	tu_run_free(&r);
	tu_ok(NULL, "validate", xml, NULL);
	lint = xmllint(xml);
	if (lint >= 0)
		assert_int_equal(lint, 0);

	/* it imports with the same figures: approved 450.000,00, the three
	 * allocations of 150.000,00, drawn 37.500,00, spent 30.000,00 */
	tu_ok(db, "init", NULL);
	tu_ok(db, "import", xml, NULL);
	tu_assert_query(db, "SELECT g.approved_cents || ' ' || (SELECT sum(amount_cents) FROM "
			    "allocation a WHERE a.grant_id = g.id) || ' ' || (SELECT "
			    "group_concat(kind || ':' || amount_cents, ',') FROM booking b WHERE "
			    "b.grant_id = g.id) FROM \"grant\" g WHERE g.ref = 'ZUW-2024/017'",
			"45000000 45000000 drawdown:3750000,expenditure:3000000");

	/* a mistake in a sheet: FILE:LINE: column, and no file */
	sheet = beside(xml, "sheets/bescheide.csv");
	{
		char *text = slurp(sheet), *p = strstr(text, "450000,00");

		assert_non_null(p);
		p[2] = 'O';
		write_file(sheet, text);
		free(text);
	}
	unlink(xml);
	tu_run(&r, NULL, "exchange", "from-csv", dir, "-o", xml, NULL);
	assert_int_equal(r.rc, 1);
	{
		char needle[600];

		snprintf(needle, sizeof(needle), "%s:2: Betrag: invalid amount '45O000,00'", sheet);
		assert_true(tu_contains(r.err, needle));
	}
	assert_int_not_equal(access(xml, F_OK), 0);
	tu_run_free(&r);
	tu_fail(NULL, 2, "needs -o FILE.xml", "exchange", "from-csv", dir, NULL);
	remove_sheets(dir);
	free(sheet);
	free(dir);
	free(xml);
	tu_cleanup(db);
	if (lint < 0)
		tu_skip("xmllint (libxml2-utils) missing: the schema check by xmllint did not run");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_keys_and_references_without_schema_tables),
		cmocka_unit_test(test_long_chains_named_forward),
		cmocka_unit_test(test_grant_of_many_bookings),
		cmocka_unit_test(test_plausibility_in_files),
		cmocka_unit_test(test_plausibility_in_check),
		cmocka_unit_test(test_network_leaves_out_implausible),
		cmocka_unit_test(test_check_partner_city),
		cmocka_unit_test(test_catalogue_holds_every_check_rule),
		cmocka_unit_test(test_city_is_not_acknowledged),
		cmocka_unit_test(test_schema_messages),
		cmocka_unit_test(test_dangling_reference_once),
		cmocka_unit_test(test_readme_table_is_generated),
		cmocka_unit_test(test_spreadsheets_to_delivery),
	};

	return tu_exit_code(cmocka_run_group_tests(tests, NULL, NULL));
}
