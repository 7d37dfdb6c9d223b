/* test_report.c - 'fundtrack report status|network|project' on the demo
 * data, an empty database, 2,000 projects and a 300-character title: the
 * PDF's text (pdftotext) holds the figures exactly as budget, plan, chains,
 * check and deadlines compute them, umlauts and € round-trip, the page
 * count is right, reproducible mode gives identical bytes, and errors
 * (fonts, output, usage) are clear and leave nothing behind. */
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

#include "checks.h"
#include "deadlines.h"
#include "figures.h"
#include "lang.h"
#include "money.h"
#include "network.h"
#include "store.h"
#include "test_report_tools.h"
#include "testutil.h"

#define SYSTEM_FONT "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
#define TODAY "2026-11-24" /* FUNDTRACK_TODAY of the test run */

static char *demo; /* the demo database, shared by the read-only tests */

static int setup(void **state)
{
	(void)state;
	setenv("FUNDTRACK_TODAY", TODAY, 1);
	demo = tu_temp_db();
	tu_ok(demo, "demo", NULL);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	tu_cleanup(demo);
	return 0;
}

/* Everything beside the database but the database itself (with its -wal,
 * -shm): a left temporary file ".NAME.XXXXXX" counts. */
static int dir_entries(const char *db)
{
	char dir[256];

	rt_path_next_to(db, "", dir, sizeof(dir));
	return tu_dir_entries(dir, "test.db");
}

/* Runs a report command that must succeed; returns the page count it
 * reported and checks pdfinfo agrees. */
static int report_ok(const char *db, ...)
{
	char *argv[32];
	struct ft_run r;
	const char *pages_at;
	int n = 0, pages;
	va_list ap;

	va_start(ap, db);
	while (n < 30 && (argv[n] = va_arg(ap, char *)) != NULL)
		n++;
	va_end(ap);
	argv[n] = NULL;
	switch (n) {
	case 4: tu_run(&r, db, argv[0], argv[1], argv[2], argv[3], NULL); break;
	case 5: tu_run(&r, db, argv[0], argv[1], argv[2], argv[3], argv[4], NULL); break;
	case 6: tu_run(&r, db, argv[0], argv[1], argv[2], argv[3], argv[4], argv[5], NULL); break;
	case 7:
		tu_run(&r, db, argv[0], argv[1], argv[2], argv[3], argv[4], argv[5], argv[6], NULL);
		break;
	default: fail_msg("report_ok: %d words", n);
	}
	if (r.rc != 0)
		fprintf(stderr, "report failed: %s", r.err);
	assert_int_equal(r.rc, 0);
	pages_at = strstr(r.out, "': ");
	assert_non_null(pages_at);
	pages = (int)strtol(pages_at + 3, NULL, 10);
	for (int i = 0; i < n; i++)
		if (strcmp(argv[i], "-o") == 0)
			assert_int_equal(rt_pages(argv[i + 1]), pages);
	tu_run_free(&r);
	return pages;
}

static void budget_of(const char *db, enum budget_key k, int year, struct budget_result *out)
{
	struct budget_query q = { .keys = { k }, .nkeys = 1, .year = year, .as_of = TODAY };
	struct store *st;
	struct ft_error err;

	assert_int_equal(store_open(&st, db, STORE_EXISTING, STORE_JOURNAL_WAL, &err), 0);
	if (figures_budget(st, &q, out, &err) != 0)
		fail_msg("figures_budget: %s", err.msg);
	store_close(st);
}

static void expect_money(const char *pdf_text, const char *cli_text, int64_t cents)
{
	char money[MONEY_BUF];

	money_format_de(cents, money);
	assert_true(tu_contains(pdf_text, money));
	if (cli_text)
		assert_true(tu_contains(cli_text, money));
}

/* Every page's footer "Seite k von N". */
static void expect_footers(const char *text, int pages, const char *page, const char *of)
{
	char footer[64];

	for (int p = 1; p <= pages; p++) {
		snprintf(footer, sizeof(footer), "%s %d %s %d", page, p, of, pages);
		assert_true(tu_contains(text, footer));
	}
}

/* ---- status -------------------------------------------------------------------------- */

static void expect_key_figures(const char *text, int year)
{
	struct budget_result b;
	struct ft_run cli;
	char y[8];

	snprintf(y, sizeof(y), "%d", year);
	budget_of(demo, BUDGET_LEVEL, year, &b);
	tu_run(&cli, demo, "budget", "--year", y, NULL);
	assert_int_equal(cli.rc, 0);
	expect_money(text, cli.out, b.total.approved);
	expect_money(text, cli.out, b.total.allocated);
	expect_money(text, cli.out, b.total.drawn);
	expect_money(text, cli.out, b.total.spent);
	expect_money(text, cli.out, b.total.open);
	tu_run_free(&cli);
	budget_result_release(&b);
}

static void expect_findings_and_deadlines(const char *text)
{
	struct check_query cq = { .as_of = TODAY };
	struct deadline_query dq = { .as_of = TODAY, .days = 90 };
	struct check_result c;
	struct deadline_result d;
	struct store *st;
	struct ft_error err;
	char summary[80], date[DATE_BUF];

	assert_int_equal(store_open(&st, demo, STORE_EXISTING, STORE_JOURNAL_WAL, &err), 0);
	assert_int_equal(checks_run(st, &cq, &c, &err), 0);
	assert_int_equal(deadlines_list(st, &dq, &d, &err), 0);
	store_close(st);
	assert_true(c.nfindings > 0);
	snprintf(summary, sizeof(summary), "%zu Fehler, %zu Warnungen", c.nerrors, c.nwarnings);
	assert_true(tu_contains(text, summary));
	for (size_t i = 0; i < c.nfindings; i++)
		assert_true(tu_contains(text, c.findings[i].rule->id));
	assert_true(d.n > 0);
	for (size_t i = 0; i < d.n; i++) {
		date_format_de(d.items[i].date, date);
		assert_true(tu_contains(text, date));
		assert_true(tu_contains(text, d.items[i].grant->ref));
	}
	check_result_release(&c);
	deadline_result_release(&d);
}

static void expect_chain_gaps(const char *text)
{
	struct chain_result r;
	struct store *st;
	struct ft_error err;
	char label[32];
	int gaps = 0;

	assert_int_equal(store_open(&st, demo, STORE_EXISTING, STORE_JOURNAL_WAL, &err), 0);
	assert_int_equal(figures_chains(st, &r, &err), 0);
	store_close(st);
	for (size_t i = 0; i < r.nchains; i++)
		for (size_t l = 0; l < r.chains[i].nlinks; l++)
			if (r.chains[i].links[l].gap_days > 0) {
				snprintf(label, sizeof(label), "%ld Tage", r.chains[i].links[l].gap_days);
				assert_true(tu_contains(text, label));
				gaps++;
			}
	assert_true(gaps > 0);
	chain_result_release(&r);
}

/* How libharu writes a UTF-8 title into the PDF: UTF-16BE in hex. */
static void utf16_hex(const char *utf8, char *out, size_t size)
{
	const unsigned char *s = (const unsigned char *)utf8;
	size_t o = (size_t)snprintf(out, size, "<FEFF");

	while (*s && o + 5 < size) {
		unsigned cp = *s++;

		if (cp >= 0xE0) {
			cp = (cp & 0x0Fu) << 12 | (s[0] & 0x3Fu) << 6 | (s[1] & 0x3Fu);
			s += 2;
		} else if (cp >= 0xC0) {
			cp = (cp & 0x1Fu) << 6 | (s[0] & 0x3Fu);
			s++;
		}
		o += (size_t)snprintf(out + o, size - o, "%04X", cp);
	}
	snprintf(out + o, size - o, ">");
}

/* A bookmark for each section, and the viewer opens the outline. */
static void expect_outline(const char *path, const char *const *sections, int n)
{
	size_t len = 0;
	char *raw = rt_slurp(path, &len), title[512];

	assert_non_null(raw);
	/* the file is binary; the dictionaries are plain text between NULs */
	for (size_t i = 0; i < len; i++)
		raw[i] = raw[i] ? raw[i] : ' ';
	assert_true(tu_contains(raw, "/PageMode /UseOutlines"));
	/* a bookmark for page 1 and each section, and a link from each line
	 * of the contents on page 1 to its section */
	assert_int_equal(rt_count(raw, "/Subtype /Link"), n);
	assert_int_equal(rt_count(raw, "/Dest "), 2 * n + 1);
	/* the language for screen readers, the title in the window */
	assert_true(tu_contains(raw, "/Lang (de-DE)"));
	assert_true(tu_contains(raw, "/DisplayDocTitle true"));
	for (int i = 0; i < n; i++) {
		utf16_hex(sections[i], title, sizeof(title));
		assert_true(tu_contains(raw, title));
	}
	free(raw);
}

static void test_status_demo(void **state)
{
	static const char *const sections[] = {
		"Kennzahlen", "Förderung je Haushaltsjahr nach Ebene", "Förderung nach Handlungsfeld",
		"Projekte und ihre Finanzierung", "Fristen der nächsten 90 Tage und überfällige",
		"Befunde der Prüfung", "Projektketten",
	};
	char path[256], *text, *before, *after;
	int pages;

	(void)state;
	if (rt_no_tools(SYSTEM_FONT))
		tu_skip(RT_NO_TOOLS);
	rt_path_next_to(demo, "status.pdf", path, sizeof(path));
	before = tu_db_dump(demo);
	pages = report_ok(demo, "report", "status", "-o", path, NULL);
	after = tu_db_dump(demo);
	assert_string_equal(before, after); /* a report only reads */
	assert_true(pages >= 4 && pages <= 10);
	assert_true(rt_file_size(path) < 500 * 1024);
	text = rt_pdftotext(path, 0, 0);
	assert_non_null(text);
	expect_footers(text, pages, "Seite", "von");
	assert_int_equal(rt_count(text, "Statusbericht Fördermittel – Dortmund"), pages);
	assert_true(tu_contains(text, "Haushaltsjahr 2026"));
	assert_true(tu_contains(text, "Stand 24.11.2026"));
	assert_true(tu_contains(text, "Förderung nach Handlungsfeld"));
	assert_true(tu_contains(text, "Fristen der nächsten 90 Tage"));
	assert_true(tu_contains(text, "Befunde der Prüfung"));
	/* long titles wrap in their column (amounts keep their size and line) */
	assert_true(tu_contains(text, "Gesundheitslotsen"));
	assert_true(tu_contains(text, "Eigenanteil in %"));
	expect_key_figures(text, 2026);
	expect_key_figures(text, 2025);
	expect_findings_and_deadlines(text);
	expect_chain_gaps(text);
	expect_outline(path, sections, 7);
	/* ß and € read back through the fonts' ToUnicode map, which no tool warns about */
	assert_true(tu_contains(text, "außerhalb"));
	assert_true(tu_contains(text, ",00 €"));
	rt_expect_no_warnings(path);
	free(text);
	free(before);
	free(after);
	unlink(path);
}

/* Page 1 carries the message: the year's allocations, spending and own
 * share against the year before (the same figures as 'budget --year'), the
 * three most urgent deadlines (the first three of 'deadlines') and the
 * findings' count, and the contents. */
static void test_status_page_one(void **state)
{
	struct deadline_query dq = { .as_of = TODAY, .days = 90 };
	struct budget_result now, before;
	struct deadline_result d;
	struct store *st;
	struct ft_error err;
	char path[256], *page, money[MONEY_BUF], date[DATE_BUF], due[REPORT_COUNT_BUF];

	(void)state;
	if (rt_no_tools(SYSTEM_FONT))
		tu_skip(RT_NO_TOOLS);
	rt_path_next_to(demo, "page1.pdf", path, sizeof(path));
	report_ok(demo, "report", "status", "-o", path, NULL);
	page = rt_pdftotext(path, 1, 1);
	assert_non_null(page);
	assert_true(tu_contains(page, "Statusbericht Fördermittel"));
	assert_true(tu_contains(page, "Jahresraten 2026"));
	assert_true(tu_contains(page, "Verausgabt 2026"));
	assert_true(tu_contains(page, "Eigenanteil 2026"));
	assert_true(tu_contains(page, "Vorjahr 2025"));
	budget_of(demo, BUDGET_LEVEL, 2026, &now);
	budget_of(demo, BUDGET_LEVEL, 2025, &before);
	report_money(LANG_DE, now.total.allocated, money);
	assert_true(tu_contains(page, money));
	report_money(LANG_DE, now.total.spent, money);
	assert_true(tu_contains(page, money));
	report_money(LANG_DE, before.total.allocated, money);
	assert_true(tu_contains(page, money));
	budget_result_release(&now);
	budget_result_release(&before);
	assert_int_equal(store_open(&st, demo, STORE_EXISTING, STORE_JOURNAL_WAL, &err), 0);
	assert_int_equal(deadlines_list(st, &dq, &d, &err), 0);
	store_close(st);
	assert_true(d.n >= 3);
	assert_true(tu_contains(page, "Die dringendsten Fristen"));
	/* a narrow cell may wrap "seit 208 Tagen überfällig" between words */
	for (char *q = page; *q; q++)
		if (*q == '\n')
			*q = ' ';
	for (size_t i = 0; i < 3; i++) {
		date_format_de(d.items[i].date, date);
		assert_true(tu_contains(page, date));
		assert_true(tu_contains(page, report_due(LANG_DE, d.items[i].days_left, due)));
	}
	deadline_result_release(&d);
	assert_true(tu_contains(page, "Offene Befunde der Prüfung"));
	assert_true(tu_contains(page, " Fehler, "));
	assert_true(tu_contains(page, "Inhalt"));
	/* no column of signed day counts anywhere: due dates are in words */
	free(page);
	page = rt_pdftotext(path, 0, 0);
	assert_false(tu_contains(page, "\nTage\n"));
	free(page);
	unlink(path);
}

/* qpdf --check finds no error and no warning in any report. */
static void test_qpdf_check(void **state)
{
	static const char *const reports[][4] = {
		{ "status", NULL },
		{ "status", "--lang", "en", NULL },
		{ "network", NULL },
		{ "project", "ANK-3", NULL },
		{ "proof", "EHAP-EU-2025/044", NULL },
		{ "model", NULL },
	};
	char path[256];

	(void)state;
	if (rt_no_tools(SYSTEM_FONT))
		tu_skip(RT_NO_TOOLS);
	if (!rt_have_qpdf())
		tu_skip(RT_NO_QPDF);
	rt_path_next_to(demo, "qpdf.pdf", path, sizeof(path));
	for (size_t i = 0; i < sizeof(reports) / sizeof(reports[0]); i++) {
		const char *const *r = reports[i];

		if (!r[1])
			report_ok(demo, "report", r[0], "-o", path, NULL);
		else if (!r[2])
			report_ok(demo, "report", r[0], r[1], "-o", path, NULL);
		else
			report_ok(demo, "report", r[0], r[1], r[2], "-o", path, NULL);
		rt_expect_qpdf_clean(path);
		rt_expect_no_warnings(path);
	}
	unlink(path);
}

/* Title, author, subject, keywords in the document information. */
static void test_metadata(void **state)
{
	char path[256], *info, value[256];

	(void)state;
	if (rt_no_tools(SYSTEM_FONT))
		tu_skip(RT_NO_TOOLS);
	rt_path_next_to(demo, "meta.pdf", path, sizeof(path));
	report_ok(demo, "report", "status", "-o", path, NULL);
	info = rt_pdfinfo(path);
	assert_non_null(info);
	assert_int_equal(rt_info_field(info, "Title", value, sizeof(value)), 0);
	assert_string_equal(value, "Statusbericht Fördermittel");
	assert_int_equal(rt_info_field(info, "Author", value, sizeof(value)), 0);
	assert_string_equal(value, "Dortmund");
	assert_int_equal(rt_info_field(info, "Subject", value, sizeof(value)), 0);
	assert_true(tu_contains(value, "Fördermittel"));
	assert_int_equal(rt_info_field(info, "Keywords", value, sizeof(value)), 0);
	assert_true(tu_contains(value, "Zuwendungen"));
	free(info);
	unlink(path);
}

static void test_status_reproducible(void **state)
{
	char a[256], b[256], *da, *db;
	size_t la = 0, lb = 0;

	(void)state;
	if (rt_no_tools(SYSTEM_FONT))
		tu_skip(RT_NO_TOOLS);
	rt_path_next_to(demo, "a.pdf", a, sizeof(a));
	rt_path_next_to(demo, "b.pdf", b, sizeof(b));
	setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
	report_ok(demo, "report", "status", "-o", a, NULL);
	report_ok(demo, "report", "status", "-o", b, NULL);
	unsetenv("SOURCE_DATE_EPOCH");
	da = rt_slurp(a, &la);
	db = rt_slurp(b, &lb);
	assert_non_null(da);
	assert_non_null(db);
	assert_int_equal(la, lb);
	assert_memory_equal(da, db, la);
	free(da);
	free(db);
	unlink(a);
	unlink(b);
}

static void test_status_english(void **state)
{
	char path[256], money[MONEY_BUF], *text;
	struct budget_result b;
	int pages;

	(void)state;
	if (rt_no_tools(SYSTEM_FONT))
		tu_skip(RT_NO_TOOLS);
	rt_path_next_to(demo, "en.pdf", path, sizeof(path));
	pages = report_ok(demo, "report", "status", "--lang", "en", "-o", path, NULL);
	text = rt_pdftotext(path, 0, 0);
	assert_non_null(text);
	expect_footers(text, pages, "Page", "of");
	assert_true(tu_contains(text, "Grant funding status report"));
	assert_true(tu_contains(text, "Key figures"));
	assert_true(tu_contains(text, "Funding by field"));
	assert_true(tu_contains(text, "As of 2026-11-24"));
	assert_false(strstr(text, "Haushaltsjahr"));
	budget_of(demo, BUDGET_LEVEL, 2026, &b);
	report_money(LANG_EN, b.total.approved, money);
	assert_true(tu_contains(text, money));
	budget_result_release(&b);
	free(text);
	unlink(path);
}

static void test_status_other_year(void **state)
{
	char path[256], *text;
	struct budget_result b;

	(void)state;
	if (rt_no_tools(SYSTEM_FONT))
		tu_skip(RT_NO_TOOLS);
	rt_path_next_to(demo, "2024.pdf", path, sizeof(path));
	report_ok(demo, "report", "status", "--year", "2024", "-o", path, NULL);
	text = rt_pdftotext(path, 0, 0);
	assert_non_null(text);
	assert_true(tu_contains(text, "Haushaltsjahr 2024"));
	budget_of(demo, BUDGET_LEVEL, 2024, &b);
	expect_money(text, NULL, b.total.allocated);
	expect_money(text, NULL, b.total.spent);
	budget_result_release(&b);
	free(text);
	unlink(path);
}

/* ---- network --------------------------------------------------------------------------- */

/* Two imported cities, written as the exchange import would: rows of
 * cities that are not the own one (the audit triggers skip them). */
static void add_imported_cities(const char *db)
{
	static const char sql[] =
		"INSERT INTO city (ags, name, population, own) VALUES"
		" ('05513000', 'Gelsenkirchen', 263000, 0), ('05112000', 'Duisburg', NULL, 0);"
		"INSERT INTO funder (city_id, code, name, level) SELECT id, 'EU', 'Europäische Union',"
		" 'eu' FROM city WHERE ags = '05513000';"
		"INSERT INTO funder (city_id, code, name, level) SELECT id, 'LAND', 'Land NRW', 'state'"
		" FROM city WHERE ags IN ('05513000', '05112000');"
		"INSERT INTO funder (city_id, code, name, level) SELECT id, 'GE', 'Stadt Gelsenkirchen',"
		" 'municipal' FROM city WHERE ags = '05513000';"
		"INSERT INTO programme (city_id, code, name, funder_id, drawdown_days)"
		" SELECT f.city_id, 'P-' || f.code, 'Programm ' || f.code, f.id, 60 FROM funder f"
		" JOIN city c ON c.id = f.city_id AND c.own = 0;"
		"INSERT INTO project (city_id, code, title, field, start_date, end_date)"
		" SELECT id, 'GE-1', 'Ankommen in Schalke', 'social-work', '2024-01-01', '2026-12-31'"
		" FROM city WHERE ags = '05513000';"
		"INSERT INTO project (city_id, code, title, field, start_date, end_date, predecessor_id)"
		" SELECT c.id, 'GE-2', 'Ankommen in Schalke II', 'social-work', '2027-04-01',"
		" '2029-12-31', p.id FROM city c JOIN project p ON p.city_id = c.id AND p.code = 'GE-1'"
		" WHERE c.ags = '05513000';"
		"INSERT INTO project (city_id, code, title, field, start_date, end_date)"
		" SELECT id, 'GE-3', 'Gesundheit für alle', 'health', '2025-01-01', '2027-06-30'"
		" FROM city WHERE ags = '05513000';"
		"INSERT INTO project (city_id, code, title, field, start_date, end_date)"
		" SELECT id, 'DU-1', 'Wohnen in Marxloh', 'housing', '2025-01-01', '2028-12-31'"
		" FROM city WHERE ags = '05112000';"
		"WITH g (ags, ref, project, programme, amount, from_date, to_date, status) AS (VALUES"
		" ('05513000', 'GE-EU-1', 'GE-1', 'P-EU', 30000000, '2024-01-01', '2026-12-31', 'running'),"
		" ('05513000', 'GE-KOM-1', 'GE-1', 'P-GE', 10000000, '2024-01-01', '2026-12-31', 'running'),"
		" ('05513000', 'GE-LAND-2', 'GE-2', 'P-LAND', 20000000, '2027-04-01', '2029-12-31',"
		"  'approved'),"
		" ('05513000', 'GE-LAND-3', 'GE-3', 'P-LAND', 15000000, '2025-01-01', '2027-06-30',"
		"  'running'),"
		" ('05112000', 'DU-LAND-1', 'DU-1', 'P-LAND', 40000000, '2025-01-01', '2028-12-31',"
		"  'running'))"
		"INSERT INTO \"grant\" (city_id, ref, project_id, programme_id, period_from, period_to,"
		" approved_cents, financing, status)"
		" SELECT c.id, g.ref, p.id, pg.id, g.from_date, g.to_date, g.amount, 'share', g.status"
		" FROM g JOIN city c ON c.ags = g.ags JOIN project p ON p.city_id = c.id AND"
		" p.code = g.project JOIN programme pg ON pg.city_id = c.id AND pg.code = g.programme"
		" ORDER BY g.ref;";
	struct store *st;
	struct ft_error err;

	assert_int_equal(store_open(&st, db, STORE_EXISTING, STORE_JOURNAL_WAL, &err), 0);
	if (db_exec(store_db(st), sql) != DB_OK)
		fail_msg("imported cities: %s", db_errmsg(store_db(st)));
	store_close(st);
}

/* The derived figures of the comparison for the imported Gelsenkirchen. */
static void expect_network_figures(const char *db)
{
	struct network_result r;
	const struct network_city *ge = NULL, *du = NULL;
	struct store *st;
	struct ft_error err;

	assert_int_equal(store_open(&st, db, STORE_EXISTING, STORE_JOURNAL_WAL, &err), 0);
	assert_int_equal(network_figures(st, 0, TODAY, &r, &err), 0);
	store_close(st);
	assert_int_equal(r.ncities, 3);
	assert_string_equal(r.cities[0].name, "Dortmund"); /* the own city first */
	for (size_t i = 0; i < r.ncities; i++) {
		if (strcmp(r.cities[i].name, "Gelsenkirchen") == 0)
			ge = &r.cities[i];
		if (strcmp(r.cities[i].name, "Duisburg") == 0)
			du = &r.cities[i];
	}
	assert_non_null(ge);
	assert_non_null(du);
	assert_int_equal(ge->funding, 75000000);
	assert_int_equal(ge->per_inhabitant, 285);
	assert_int_equal(ge->level_bp[GS_EU], 4000);
	assert_int_equal(ge->level_bp[GS_STATE], 4667);
	assert_int_equal(ge->level_bp[GS_MUNICIPAL], 1333);
	assert_int_equal(ge->projects, 3);
	assert_int_equal(ge->chains, 1);
	assert_int_equal(ge->chain_links, 2);
	assert_int_equal(ge->chain_share_bp, 6667);
	assert_int_equal(ge->gap_days_per_chain, 90);
	assert_int_equal(ge->ending_no_follow_up, 15000000); /* GE-3; GE-1 has GE-2 */
	assert_int_equal(ge->ending[0], 40000000);           /* GE-1 ends 2026 */
	assert_int_equal(ge->ending[1], 15000000);           /* GE-3 ends 2027 */
	assert_int_equal(ge->ending[3], 20000000);           /* GE-2 ends 2029 */
	assert_int_equal(ge->field_projects[4], 2);          /* social-work */
	assert_int_equal(du->per_inhabitant, -1);            /* population unknown */
	assert_int_equal(du->gap_days_per_chain, -1);
	assert_int_equal(du->ending_no_follow_up, 0);        /* ends in 2028 */
	network_result_release(&r);
	/* with a year: the allocations of that year (none recorded here) */
	assert_int_equal(store_open(&st, db, STORE_EXISTING, STORE_JOURNAL_WAL, &err), 0);
	assert_int_equal(network_figures(st, 2026, TODAY, &r, &err), 0);
	store_close(st);
	assert_int_equal(r.cities[1].funding + r.cities[2].funding, 0);
	assert_true(r.cities[0].funding > 0);
	network_result_release(&r);
}

static void test_network(void **state)
{
	char *db = tu_temp_db(), path[256], *text, money[MONEY_BUF];
	struct budget_result b;
	struct ft_run cli;
	int64_t dortmund = 0;
	int pages;

	(void)state;
	if (rt_no_tools(SYSTEM_FONT)) {
		tu_cleanup(db);
		tu_skip(RT_NO_TOOLS);
	}
	tu_ok(db, "demo", NULL);
	add_imported_cities(db);
	expect_network_figures(db);
	rt_path_next_to(db, "network.pdf", path, sizeof(path));
	pages = report_ok(db, "report", "network", "-o", path, NULL);
	/* compact: summary, comparison and charts, the fields side by side */
	assert_true(pages >= 3 && pages <= 5);
	/* page 1: the year's allocations of all cities, as 'budget --by city --year 2026' */
	budget_of(db, BUDGET_CITY, 2026, &b);
	report_money(LANG_DE, b.total.allocated, money);
	budget_result_release(&b);
	text = rt_pdftotext(path, 1, 1);
	assert_non_null(text);
	assert_true(tu_contains(text, "Jahresraten aller Städte 2026"));
	assert_true(tu_contains(text, money));
	free(text);
	text = rt_pdftotext(path, 0, 0);
	assert_non_null(text);
	expect_footers(text, pages, "Seite", "von");
	assert_true(tu_contains(text, "Dortmund *"));
	assert_true(tu_contains(text, "Duisburg"));
	/* the money per city exactly as 'budget --by city' */
	budget_of(db, BUDGET_CITY, 0, &b);
	tu_run(&cli, db, "budget", "--by", "city", NULL);
	assert_int_equal(cli.rc, 0);
	for (size_t i = 0; i < b.nrows; i++) {
		expect_money(text, cli.out, b.rows[i].f.approved);
		if (strcmp(b.rows[i].keys[0], "Dortmund") == 0)
			dortmund = b.rows[i].f.approved;
	}
	tu_run_free(&cli);
	budget_result_release(&b);
	/* per inhabitant: 12.170.000,00 € / 586.852 and 750.000,00 € / 263.000 */
	money_format_de((dortmund + 586852 / 2) / 586852, money);
	assert_true(tu_contains(text, money));
	assert_true(tu_contains(text, "750.000,00 €"));
	assert_true(tu_contains(text, "2,85 €"));
	assert_true(tu_contains(text, "263.000"));
	/* Gelsenkirchen: EU 40 %, Land 46,67 %, own share 13,33 % */
	assert_true(tu_contains(text, "40,00 %"));
	assert_true(tu_contains(text, "46,67 %"));
	assert_true(tu_contains(text, "13,33 %"));
	/* GE-3 ends in 218 days without a follow-up; GE-1 is followed by GE-2 */
	assert_true(tu_contains(text, "150.000,00 €"));
	/* the fields side by side in one table (not one near-empty page each) */
	assert_true(tu_contains(text, "Bewilligte Mittel je Handlungsfeld"));
	assert_false(tu_contains(text, "Handlungsfeld: Wohnen"));
	for (int f = 0; report_fields[f]; f++)
		assert_true(tu_contains(text, report_field(LANG_DE, report_fields[f])));
	rt_expect_no_warnings(path);
	free(text);
	unlink(path);
	tu_cleanup(db);
}

/* ---- project ------------------------------------------------------------------------------ */

static void test_project_demo(void **state)
{
	char path[256], *text;
	struct plan_result plan;
	struct store *st;
	struct ft_error err;
	size_t drawdowns = 0;
	char *count;
	int pages;

	(void)state;
	if (rt_no_tools(SYSTEM_FONT))
		tu_skip(RT_NO_TOOLS);
	rt_path_next_to(demo, "ank3.pdf", path, sizeof(path));
	pages = report_ok(demo, "report", "project", "ANK-3", "-o", path, NULL);
	text = rt_pdftotext(path, 0, 0);
	assert_non_null(text);
	expect_footers(text, pages, "Seite", "von");
	assert_true(tu_contains(text, "Ankommen in der Nordstadt III"));
	assert_true(tu_contains(text, "Neuzugewanderte aus Rumänien und Bulgarien"));
	assert_true(tu_contains(text, "Nordstadt – Nordmarkt (NST-NM)"));
	assert_int_equal(store_open(&st, demo, STORE_EXISTING, STORE_JOURNAL_WAL, &err), 0);
	assert_int_equal(figures_plan(st, "ANK-3", &plan, &err), 0);
	store_close(st);
	expect_money(text, NULL, plan.approved);
	expect_money(text, NULL, plan.own);
	for (size_t i = 0; i < plan.ngrants; i++)
		assert_true(tu_contains(text, plan.grants[i].grant->ref));
	/* (the plan holds the sums of the bookings, not single ones) */
	count = tu_query_text(demo, "SELECT count(*) FROM booking b JOIN \"grant\" g ON g.id ="
				    " b.grant_id JOIN project p ON p.id = g.project_id WHERE"
				    " p.code = 'ANK-3' AND b.kind = 'drawdown'");
	drawdowns = (size_t)strtoul(count, NULL, 10);
	free(count);
	/* every drawdown is a line of the bookings table */
	assert_int_equal((size_t)rt_count(text, "Mittelabruf"), drawdowns);
	plan_result_release(&plan);
	/* the chain with the gaps before ANK-2, ANK-3 and ANK-4 */
	assert_true(tu_contains(text, "ANK-1"));
	assert_true(tu_contains(text, "ANK-4"));
	assert_true(tu_contains(text, "Ankommen in der Nordstadt IV"));
	rt_expect_no_warnings(path);
	free(text);
	unlink(path);
	/* an unknown project is an error and writes nothing */
	tu_fail(demo, 1, "no project 'NOPE'", "report", "project", "NOPE", "-o", path, NULL);
	assert_int_equal(access(path, F_OK), -1);
}

/* ---- the visual pass (issue 18): what a reader stumbled over ------------------------------- */

/* Each page's text: pages[i] points into text, whose form feeds are cut. */
static int split_pages(char *text, char **pages, int max)
{
	int n = 0;

	for (char *p = text; p && *p && n < max; n++) {
		char *ff = strchr(p, '\f');

		pages[n] = p;
		if (ff)
			*ff++ = '\0';
		p = ff;
	}
	return n;
}

static int nonempty_lines(const char *page)
{
	int n = 0, text = 0;

	for (const char *c = page; *c; c++) {
		if (*c == '\n') {
			n += text;
			text = 0;
		} else if (*c != ' ') {
			text = 1;
		}
	}
	return n + text;
}

/* The last line of a page above its footer ("Seite 3 von 7"). */
static void last_body_line(const char *page, char *out, size_t size)
{
	const char *end = page + strlen(page), *start;

	out[0] = '\0';
	for (;;) {
		while (end > page && (end[-1] == '\n' || end[-1] == ' '))
			end--;
		if (end == page)
			return;
		for (start = end; start > page && start[-1] != '\n'; start--)
			;
		if (strncmp(start, "Seite ", 6) != 0 && strncmp(start, "Page ", 5) != 0)
			break;
		end = start;
	}
	snprintf(out, size, "%.*s", (int)(end - start), start);
}

/* No near-empty page but the last (at least min_lines lines of text,
 * header and footer included: the proof's signature page had 6), and no
 * page but the last ends with one of the section headings. */
static void expect_pages_filled(const char *pdf, int min_lines, const char *const *headings,
				int nheadings)
{
	char *text = rt_pdftotext(pdf, 0, 0), *pages[2000], last[300];
	int n;

	assert_non_null(text);
	n = split_pages(text, pages, 2000);
	/* a final form feed leaves an empty last entry */
	while (n > 0 && nonempty_lines(pages[n - 1]) == 0)
		n--;
	for (int i = 0; i + 1 < n; i++) {
		if (nonempty_lines(pages[i]) < min_lines)
			fail_msg("%s: page %d has %d lines of text", pdf, i + 1,
				 nonempty_lines(pages[i]));
		last_body_line(pages[i], last, sizeof(last));
		for (int h = 0; h < nheadings; h++)
			if (strcmp(last, headings[h]) == 0)
				fail_msg("%s: page %d ends with the heading '%s'", pdf, i + 1, last);
	}
	free(text);
}

/* Every word pdftotext finds lies inside the page's text box: the left
 * margin at 50 pt, the right one at 595.28 - 50 pt (half a point for
 * rounding), so no column and no label runs over the edge. */
static void expect_inside_margins(const char *pdf)
{
	const char *const argv[] = { "pdftotext", "-bbox", pdf, "-", NULL };
	char *html = rt_capture(argv);
	int words = 0;

	assert_non_null(html);
	for (const char *p = strstr(html, "<word "); p; p = strstr(p + 1, "<word ")) {
		double x0 = strtod(strstr(p, "xMin=\"") + 6, NULL);
		double x1 = strtod(strstr(p, "xMax=\"") + 6, NULL);

		if (x0 < 49.5 || x1 > 545.8)
			fail_msg("%s: a word from x %.1f to %.1f, outside 50..545.3", pdf, x0, x1);
		words++;
	}
	assert_true(words > 100);
	free(html);
}

/* "-10 Tage": a signed day count, which the reports word instead. */
static int has_signed_days(const char *text)
{
	for (const char *p = strchr(text, '-'); p; p = strchr(p + 1, '-')) {
		const char *q = p + 1;

		while (*q >= '0' && *q <= '9')
			q++;
		if (q > p + 1 && strncmp(q, " Tag", 4) == 0)
			return 1;
	}
	return 0;
}

static void test_status_visual(void **state)
{
	static const char *const headings[] = {
		"Kennzahlen", "Förderung je Haushaltsjahr nach Ebene", "Förderung nach Handlungsfeld",
		"Projekte und ihre Finanzierung", "Fristen der nächsten 90 Tage und überfällige",
		"Befunde der Prüfung", "Projektketten",
	};
	char path[256], *text, *pages[64];
	int n, found = 0;

	(void)state;
	if (rt_no_tools(SYSTEM_FONT))
		tu_skip(RT_NO_TOOLS);
	rt_path_next_to(demo, "visual.pdf", path, sizeof(path));
	report_ok(demo, "report", "status", "-o", path, NULL);
	expect_pages_filled(path, 12, headings, 7);
	expect_inside_margins(path);
	text = rt_pdftotext(path, 0, 0);
	assert_non_null(text);
	/* titles whole in the project column (were 'Quartiersmanagem' 'ent') */
	assert_true(tu_contains(text, "Quartiersmanagement"));
	assert_true(tu_contains(text, "Wohnungsnotfallhilfe"));
	/* the rules added with the financing plan in German, not the core's English */
	assert_true(tu_contains(text, "Abruf über der Jahresrate (FT-DRAWN-ABOVE-ALLOCATION)"));
	assert_true(tu_contains(text, "Ausgaben über der Bewilligung, aus Eigenmitteln gedeckt"));
	assert_false(tu_contains(text, "covered by own funds"));
	assert_false(tu_contains(text, "no base rate known"));
	/* conditions worded like proofs: the demo's condition 3 of WOH-3 is due
	 * on 04.12.2026, 10 days after 24.11.2026 (was "-10 Tage") */
	assert_false(has_signed_days(text));
	assert_true(tu_contains(text, "in 10 Tagen fällig"));
	/* the findings heading shares its page with the table of rules */
	n = split_pages(text, pages, 64);
	for (int i = 1; i < n; i++)
		if (strstr(pages[i], "\nBefunde der Prüfung\n")) {
			found = 1;
			assert_non_null(strstr(pages[i], "Regel"));
		}
	assert_true(found);
	free(text);
	unlink(path);
}

static void test_project_proof_network_visual(void **state)
{
	static const char *const headings[] = {
		"Stammdaten", "Finanzierungsplan", "Buchungen", "Projektkette", "I. Einnahmen",
		"II. Ausgaben", "III. Ergebnis der Schlussabrechnung", "Bestätigung",
		"Anlage: Belegliste", "Vergleich der Städte", "Handlungsfelder",
	};
	char path[256], *text;

	(void)state;
	if (rt_no_tools(SYSTEM_FONT))
		tu_skip(RT_NO_TOOLS);
	rt_path_next_to(demo, "visual.pdf", path, sizeof(path));
	/* EHA-1: project bookings split by financing type, three grants */
	report_ok(demo, "report", "project", "EHA-1", "-o", path, NULL);
	expect_pages_filled(path, 12, headings, 11);
	expect_inside_margins(path);
	text = rt_pdftotext(path, 0, 0);
	assert_non_null(text);
	/* references and levels unbroken (were 'EHAP-BUND-2025/' '045', 'Kommun' 'e') */
	assert_true(tu_contains(text, "EHAP-BUND-2025/045"));
	assert_false(tu_contains(text, "Kommun\ne"));
	/* a project on its own: no chain section of one bar (was a last page) */
	assert_false(tu_contains(text, "Projektkette"));
	free(text);
	/* ANK-4: only an applied grant, no table header without rows */
	report_ok(demo, "report", "project", "ANK-4", "-o", path, NULL);
	text = rt_pdftotext(path, 0, 0);
	assert_non_null(text);
	assert_false(tu_contains(text, "Zurückgezahlt"));
	assert_true(tu_contains(text, "Projektkette"));
	free(text);
	/* the proof: the signature block no longer alone on page 2 */
	report_ok(demo, "report", "proof", "EHAP-EU-2025/044", "-o", path, NULL);
	expect_pages_filled(path, 12, headings, 11);
	expect_inside_margins(path);
	report_ok(demo, "report", "proof", "GES-NRW-2023/016", "-o", path, NULL);
	expect_pages_filled(path, 12, headings, 11);
	/* the level chart's "100 %" tick ended 5 pt beyond the right margin */
	report_ok(demo, "report", "network", "-o", path, NULL);
	expect_pages_filled(path, 12, headings, 11);
	expect_inside_margins(path);
	report_ok(demo, "report", "model", "-o", path, NULL);
	expect_inside_margins(path);
	unlink(path);
}

/* ---- empty, big, long ------------------------------------------------------------------------ */

static void test_empty_database(void **state)
{
	char *db = tu_temp_db(), path[256], *text;
	int pages;

	(void)state;
	if (rt_no_tools(SYSTEM_FONT)) {
		tu_cleanup(db);
		tu_skip(RT_NO_TOOLS);
	}
	tu_ok(db, "init", NULL);
	rt_path_next_to(db, "empty.pdf", path, sizeof(path));
	pages = report_ok(db, "report", "status", "-o", path, NULL);
	assert_true(pages <= 4);
	text = rt_pdftotext(path, 0, 0);
	assert_non_null(text);
	assert_true(tu_contains(text, "keine bewilligten Fördermittel erfasst"));
	assert_true(tu_contains(text, "Die Prüfung hat keine Befunde ergeben."));
	assert_true(tu_contains(text, "Keine Fristen in den nächsten 90 Tagen."));
	free(text);
	/* one page: the sentence on page 1 (it was alone on a page 2) */
	pages = report_ok(db, "report", "network", "-o", path, NULL);
	assert_int_equal(pages, 1);
	text = rt_pdftotext(path, 0, 0);
	assert_non_null(text);
	assert_true(tu_contains(text, "Die Datenbank enthält keine Städte."));
	free(text);
	/* an own city without grants: still a short, sensible report */
	tu_ok(db, "city", "add", "05913000", "Dortmund", "--own", NULL);
	pages = report_ok(db, "report", "status", "-o", path, NULL);
	assert_true(pages <= 4);
	pages = report_ok(db, "report", "network", "-o", path, NULL);
	text = rt_pdftotext(path, 0, 0);
	assert_non_null(text);
	assert_true(tu_contains(text, "Dortmund *"));
	assert_true(tu_contains(text, "0,00 €"));
	free(text);
	unlink(path);
	tu_cleanup(db);
}

/* 2,000 projects in chains of four, with grants, allocations and bookings. */
static void add_many_projects(const char *db)
{
	static const char sql[] =
		"BEGIN;"
		/* SQL both engines run: no printf (BIG-0042 from 10042), text || number */
		"WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 1999)"
		" INSERT INTO project (city_id, code, title, field, start_date, end_date, costs_cents)"
		" SELECT (SELECT id FROM city WHERE own = 1), 'BIG-' || substr(CAST(10000 + i AS TEXT), 2),"
		" 'Großprojekt ' || i || ' – Quartiersarbeit für Familien in der Nordstadt',"
		" CASE i % 5 WHEN 0 THEN 'housing' WHEN 1 THEN 'health' WHEN 2 THEN 'language'"
		" WHEN 3 THEN 'qualification' ELSE 'social-work' END,"
		" (2020 + i % 8) || '-01-01', (2022 + i % 8) || '-12-31', 30000000 FROM n ORDER BY i;"
		"UPDATE project SET predecessor_id = (SELECT p.id FROM project p WHERE p.code ="
		" 'BIG-' || substr(CAST(10000 + CAST(substr(project.code, 5) AS INTEGER) - 1 AS TEXT), 2))"
		" WHERE code LIKE 'BIG-%' AND CAST(substr(code, 5) AS INTEGER) % 4 <> 0;"
		"INSERT INTO \"grant\" (city_id, ref, project_id, programme_id, period_from, period_to,"
		" approved_cents, financing, status)"
		" SELECT p.city_id, p.code || '-G' || k.k, p.id, (SELECT id FROM programme WHERE code ="
		" CASE k.k WHEN 0 THEN 'EHAP' ELSE 'KOM' END), p.start_date, p.end_date, 15000000,"
		" 'share', CASE WHEN p.end_date < '" TODAY "' THEN 'closed' ELSE 'running' END"
		" FROM project p, (SELECT 0 AS k UNION ALL SELECT 1) k"
		" WHERE p.code LIKE 'BIG-%';"
		"INSERT INTO allocation (grant_id, year, amount_cents)"
		" SELECT g.id, CAST(substr(g.period_from, 1, 4) AS INTEGER) + y.y, 5000000"
		" FROM \"grant\" g, (SELECT 0 AS y UNION ALL SELECT 1 UNION ALL SELECT 2) y;"
		"INSERT INTO booking (grant_id, date, kind, amount_cents)"
		" SELECT g.id, substr(g.period_from, 1, 4) || '-03-03', 'drawdown', 2000000"
		" FROM \"grant\" g;"
		"INSERT INTO booking (grant_id, date, kind, amount_cents)"
		" SELECT g.id, substr(g.period_from, 1, 4) || '-03-20', 'expenditure', 2000000"
		" FROM \"grant\" g;"
		"COMMIT;";
	struct store *st;
	struct ft_error err;

	assert_int_equal(store_open(&st, db, STORE_EXISTING, STORE_JOURNAL_WAL, &err), 0);
	if (db_exec(store_db(st), sql) != DB_OK)
		fail_msg("many projects: %s", db_errmsg(store_db(st)));
	store_close(st);
}

static void test_many_projects(void **state)
{
	char *db = tu_small_db(), path[256], *text, *page;
	struct budget_result b;
	int pages;
	long size;

	(void)state;
	if (rt_no_tools(SYSTEM_FONT)) {
		tu_cleanup(db);
		tu_skip(RT_NO_TOOLS);
	}
	add_many_projects(db);
	rt_path_next_to(db, "big.pdf", path, sizeof(path));
	pages = report_ok(db, "report", "status", "-o", path, NULL);
	assert_true(pages > 60);
	size = rt_file_size(path);
	/* well under 500 KB per 10 pages */
	assert_true(size < (long)pages * 10 * 1024);
	text = rt_pdftotext(path, 0, 0);
	assert_non_null(text);
	expect_footers(text, pages, "Seite", "von");
	assert_true(tu_contains(text, "BIG-1999"));
	budget_of(db, BUDGET_LEVEL, 2026, &b);
	expect_money(text, NULL, b.total.approved);
	expect_money(text, NULL, b.total.allocated);
	budget_result_release(&b);
	free(text);
	/* the projects table continues with its header row on later pages */
	page = rt_pdftotext(path, 6, 6);
	assert_non_null(page);
	assert_true(tu_contains(page, "Abgerufen /"));
	assert_true(tu_contains(page, "Kommune"));
	free(page);
	unlink(path);
	tu_cleanup(db);
}

static void test_long_title(void **state)
{
	char *db = tu_small_db(), path[256], word[301], spaced[310], *text;
	size_t o = 0;

	(void)state;
	if (rt_no_tools(SYSTEM_FONT)) {
		tu_cleanup(db);
		tu_skip(RT_NO_TOOLS);
	}
	for (int i = 0; i < 300; i++)
		word[i] = (char)('a' + i % 26);
	word[300] = '\0';
	for (int i = 0; i < 300; i++) {
		spaced[o++] = (char)('a' + i % 26);
		if (i % 9 == 8)
			spaced[o - 1] = ' ';
	}
	spaced[o] = '\0';
	tu_ok(db, "project", "add", "LONG", word, "--field", "health", "--from", "01.01.2026",
	      "--to", "31.12.2027", NULL);
	tu_ok(db, "project", "add", "SPACED", spaced, "--field", "health", NULL);
	tu_ok(db, "grant", "add", "G-LONG", "--project", "LONG", "--programme", "SOE", "--amount",
	      "10.000,00", "--from", "01.01.2026", "--to", "31.12.2027", NULL);
	tu_ok(db, "grant", "add", "G-SPACED", "--project", "SPACED", "--programme", "KOM",
	      "--amount", "5.000,00", "--from", "01.01.2026", "--to", "31.12.2026", NULL);
	rt_path_next_to(db, "long.pdf", path, sizeof(path));
	report_ok(db, "report", "status", "-o", path, NULL);
	report_ok(db, "report", "project", "LONG", "-o", path, NULL);
	text = rt_pdftotext(path, 0, 0);
	assert_non_null(text);
	/* the word is broken over lines but complete */
	o = 0;
	for (size_t i = 0; text[i]; i++)
		if (text[i] != '\n')
			text[o++] = text[i];
	text[o] = '\0';
	assert_true(tu_contains(text, word));
	free(text);
	report_ok(db, "report", "project", "SPACED", "-o", path, NULL);
	unlink(path);
	tu_cleanup(db);
}

/* ---- errors ----------------------------------------------------------------------------------- */

static void test_font_errors(void **state)
{
	char path[256], dir[256];

	(void)state;
	rt_path_next_to(demo, "font.pdf", path, sizeof(path));
	rt_path_next_to(demo, "", dir, sizeof(dir));
	tu_fail(demo, 1, "font '/nonexistent/DejaVuSans.ttf' not found", "report", "status",
		"--font", "/nonexistent/DejaVuSans.ttf", "-o", path, NULL);
	tu_fail(demo, 1, "is not a TrueType font file", "report", "status", "--font", FT_SOURCE_DIR "/CMakeLists.txt", "-o",
		path, NULL);
	tu_fail(demo, 1, "no DejaVuSans.ttf in font directory", "report", "network", "--font", dir,
		"-o", path, NULL);
	assert_int_equal(access(path, F_OK), -1);
	if (rt_no_tools(SYSTEM_FONT))
		return;
	/* a directory or a single file given explicitly */
	report_ok(demo, "report", "status", "--font", "/usr/share/fonts/truetype/dejavu", "-o", path,
		  NULL);
	report_ok(demo, "report", "status", "--font", SYSTEM_FONT, "-o", path, NULL);
	unlink(path);
}

static void test_output_errors(void **state)
{
	char path[256];
	int before = dir_entries(demo);

	(void)state;
	tu_fail(demo, 1, "cannot write the PDF to '/dev/full': not a regular file", "report",
		"status", "-o", "/dev/full", NULL);
	tu_fail(demo, 1, "cannot write the PDF to '/nonexistent-dir/r.pdf'", "report", "project",
		"ANK-1", "-o", "/nonexistent-dir/r.pdf", NULL);
	rt_path_next_to(demo, "", path, sizeof(path));
	tu_fail(demo, 1, "not a regular file", "report", "network", "-o", path, NULL);
	assert_int_equal(dir_entries(demo), before);
}

static void test_usage_errors(void **state)
{
	(void)state;
	tu_fail(demo, 2, "'report status' needs -o FILE.pdf", "report", "status", NULL);
	tu_fail(demo, 2, "'report project' needs the project's CODE", "report", "project", "-o",
		"x.pdf", NULL);
	tu_fail(demo, 2, "invalid language 'fr': expected de or en", "report", "status", "--lang",
		"fr", "-o", "x.pdf", NULL);
	tu_fail(demo, 2, "unknown sub-command 'report stat' (did you mean 'report status'?)",
		"report", "stat", NULL);
	tu_fail(demo, 2, "'report' needs a sub-command", "report", NULL);
	tu_fail(demo, 2, "unknown option '--as-of'", "report", "network", "--as-of", "01.01.2026",
		"-o", "x.pdf", NULL);
	tu_fail(demo, 2, "unexpected argument 'extra'", "report", "status", "extra", "-o", "x.pdf",
		NULL);
	tu_fail(demo, 1, "invalid --year 'zwei'", "report", "status", "--year", "zwei", "-o",
		"x.pdf", NULL);
	tu_fail(demo, 1, "--as-of: invalid date '31.02.2026'", "report", "status", "--as-of",
		"31.02.2026", "-o", "x.pdf", NULL);
	assert_int_equal(access("x.pdf", F_OK), -1);
}

static void test_help(void **state)
{
	struct ft_run r;

	(void)state;
	tu_run(&r, NULL, "report", "--help", NULL);
	assert_int_equal(r.rc, 0);
	assert_true(tu_contains(r.out, "fundtrack report status"));
	assert_true(tu_contains(r.out, "SOURCE_DATE_EPOCH"));
	tu_run_free(&r);
	tu_run(&r, NULL, "help", NULL);
	assert_true(tu_contains(r.out, "report"));
	tu_run_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_status_demo),
		cmocka_unit_test(test_status_reproducible),
		cmocka_unit_test(test_status_english),
		cmocka_unit_test(test_status_other_year),
		cmocka_unit_test(test_network),
		cmocka_unit_test(test_project_demo),
		cmocka_unit_test(test_empty_database),
		cmocka_unit_test(test_many_projects),
		cmocka_unit_test(test_long_title),
		cmocka_unit_test(test_font_errors),
		cmocka_unit_test(test_output_errors),
		cmocka_unit_test(test_usage_errors),
		cmocka_unit_test(test_help),
		cmocka_unit_test(test_status_page_one),
		cmocka_unit_test(test_qpdf_check),
		cmocka_unit_test(test_metadata),
		cmocka_unit_test(test_status_visual),
		cmocka_unit_test(test_project_proof_network_visual),
	};

	return tu_exit_code(cmocka_run_group_tests(tests, setup, teardown));
}
