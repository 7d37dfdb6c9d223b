/* test_report_model.c - 'fundtrack report model': the PDF's text
 * (pdftotext) holds the totals exactly as 'fundtrack --format csv model'
 * prints them and the reading is computed from the model's result; umlauts
 * and € round-trip; pages, footers and bookmarks are right; reproducible
 * mode gives identical bytes; --from-chain, --runs, --lang en, no database;
 * refused parameters, usage errors and fonts fail cleanly and leave no
 * file behind. */
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

#include "cli.h"
#include "lang.h"
#include "model.h"
#include "model_chain.h"
#include "model_params.h"
#include "money.h"
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
	unsetenv("SOURCE_DATE_EPOCH");
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

/* Runs fundtrack in-process with --db db and the NULL-terminated words. */
static int run_array(const char *db, const char *const *words, char **out, char **err)
{
	char *argv[40];
	size_t out_len = 0, err_len = 0;
	FILE *o = open_memstream(out, &out_len), *e = open_memstream(err, &err_len);
	int argc = 0, rc;

	assert_non_null(o);
	assert_non_null(e);
	argv[argc++] = (char *)"fundtrack";
	if (db) {
		argv[argc++] = (char *)"--db";
		argv[argc++] = (char *)db;
	}
	for (size_t i = 0; words[i] && argc < 39; i++)
		argv[argc++] = (char *)words[i];
	argv[argc] = NULL;
	rc = ft_main(argc, argv, o, e);
	fclose(o);
	fclose(e);
	return rc;
}

/* Runs 'report model WORDS -o path' that must succeed; returns the page
 * count it reported after checking that pdfinfo agrees. */
static int report_ok(const char *db, const char *path, const char *const *words)
{
	const char *all[40] = { "report", "model" };
	char *out = NULL, *err = NULL;
	const char *pages_at;
	size_t n = 2;
	int rc, pages;

	for (size_t i = 0; words && words[i] && n < 36; i++)
		all[n++] = words[i];
	all[n++] = "-o";
	all[n++] = path;
	all[n] = NULL;
	rc = run_array(db, all, &out, &err);
	if (rc != 0)
		fprintf(stderr, "report failed: %s", err);
	assert_int_equal(rc, 0);
	assert_true(tu_contains(out, "wrote model report '"));
	pages_at = strstr(out, "': ");
	assert_non_null(pages_at);
	pages = (int)strtol(pages_at + 3, NULL, 10);
	assert_int_equal(rt_pages(path), pages);
	free(out);
	free(err);
	return pages;
}

/* The PDF's text with every run of white space made one space, so that
 * sentences wrapped over lines can be searched. */
static char *pdf_text_flat(const char *path)
{
	char *text = rt_pdftotext(path, 0, 0);
	size_t o = 0;

	assert_non_null(text);
	for (size_t i = 0; text[i]; i++) {
		int space = text[i] == ' ' || text[i] == '\n' || text[i] == '\f';

		if (space && o > 0 && text[o - 1] == ' ')
			continue;
		text[o++] = space ? ' ' : text[i];
	}
	text[o] = '\0';
	return text;
}

static void expect_footers(const char *text, int pages, const char *page, const char *of)
{
	char footer[64];

	for (int p = 1; p <= pages; p++) {
		snprintf(footer, sizeof(footer), "%s %d %s %d", page, p, of, pages);
		assert_true(tu_contains(text, footer));
	}
}

/* ---- the totals exactly as the CLI prints them ----------------------------------- */

/* "1847356.42" / "-750643.58" -> "1.847.356,42 €" / "-750.643,58 €". */
static void german_money(const char *plain, char out[MONEY_BUF])
{
	struct ft_error err;
	int64_t cents;
	int negative = plain[0] == '-';

	assert_int_equal(money_parse_plain(plain + negative, &cents, &err), 0);
	money_format_de(negative ? -cents : cents, out);
}

/* "277.30" -> "277,30" (a decimal with two places, as the report shows it). */
static void german_decimal(const char *plain, char out[MONEY_BUF])
{
	char *euro;

	german_money(plain, out);
	euro = strstr(out, " €");
	assert_non_null(euro);
	*euro = '\0';
}

/* Splits a CSV line without quotes into fields (in place). */
static int csv_fields(char *line, char **fields, int max)
{
	int n = 0;

	while (n < max) {
		char *comma = strchr(line, ',');

		fields[n++] = line;
		if (!comma)
			break;
		*comma = '\0';
		line = comma + 1;
	}
	return n;
}

/* Every total of 'fundtrack --format csv model WORDS' (the "total" rows of
 * the cost and service sections, all three scenarios) appears in text in
 * the report's form. Returns the number of figures checked. */
static int expect_cli_totals(const char *db, const char *text, const char *const *words)
{
	const char *all[40] = { "--format", "csv", "model" };
	char *out = NULL, *err = NULL, *line, *next;
	size_t n = 3;
	int checked = 0, section = 0;

	for (size_t i = 0; words && words[i] && n < 38; i++)
		all[n++] = words[i];
	all[n] = NULL;
	assert_int_equal(run_array(db, all, &out, &err), 0);
	for (line = out; line && *line; line = next) {
		char *fields[16], expected[MONEY_BUF + 8], number[MONEY_BUF];
		int nf;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (strncmp(line, "period,scenario,cost,", 21) == 0)
			section = 1;
		else if (strncmp(line, "period,scenario,fte_months,", 27) == 0)
			section = 2;
		/* the second scenario (a changed sustained-mix) is named in the
		 * conclusion, not in the tables */
		if (strncmp(line, "total,", 6) != 0 || section == 0 || strstr(line, "other mix"))
			continue;
		nf = csv_fields(line, fields, 16);
		assert_int_equal(nf, section == 1 ? 14 : 8);
		for (int f = 2; f < nf; f++) {
			if (!fields[f][0])
				continue; /* undefined: no service */
			if (section == 1) {
				german_money(fields[f], expected);
			} else {
				german_decimal(fields[f], number);
				snprintf(expected, sizeof(expected), "%s%s", number,
					 f == 3 ? " %" : ""); /* coverage is a rate */
			}
			assert_true(tu_contains(text, expected));
			checked++;
		}
	}
	free(out);
	free(err);
	return checked;
}

/* The model's result for these assignments, as the report computes it. */
static struct model_result *core_run(const char *const *sets, int nsets, int runs, uint64_t seed)
{
	struct model_setup s;
	struct model_result *r = NULL;
	struct ft_error err;

	assert_int_equal(model_setup_build(&s, NULL, sets, nsets, NULL, NULL, NULL, &err), 0);
	if (model_run(&s.p, runs, seed, &r, &err))
		fail_msg("model_run: %s", err.msg);
	return r;
}

static int64_t total_of(const struct model_series *s, enum model_metric m)
{
	return model_metric(&s->total, s->nmonths, m);
}

/* The first sentence, computed here from the result. */
static void expect_reading(const char *text, const struct model_result *r)
{
	int64_t svc_c = total_of(&r->chain, MODEL_M_SERVICE);
	int64_t svc_s = total_of(&r->sustained, MODEL_M_SERVICE);
	int64_t own = total_of(&r->chain, MODEL_M_MUNICIPAL) -
		      total_of(&r->sustained, MODEL_M_MUNICIPAL);
	char rate[RATE_BUF], money[MONEY_BUF], sentence[300];

	assert_true(svc_c < svc_s);
	rate_format_de(money_share_bp(svc_s - svc_c, svc_s), rate);
	snprintf(sentence, sizeof(sentence), "Über %d Jahre liefert die Projektkette %s weniger "
		 "Leistung als eine Dauerfinanzierung", (int)r->params.horizon_years, rate);
	assert_true(tu_contains(text, sentence));
	money_format_de(own < 0 ? -own : own, money);
	snprintf(sentence, sizeof(sentence), "kostet die Stadt %s %s", money,
		 own < 0 ? "weniger" : "mehr");
	assert_true(tu_contains(text, sentence));
}

/* A bookmark for each level 1 heading (libharu writes UTF-16BE hex). */
static void expect_outline(const char *path, const char *const *sections, int n)
{
	size_t len = 0;
	char *raw = rt_slurp(path, &len);

	assert_non_null(raw);
	for (size_t i = 0; i < len; i++)
		raw[i] = raw[i] ? raw[i] : ' ';
	assert_true(tu_contains(raw, "/PageMode /UseOutlines"));
	assert_int_equal(rt_count(raw, "/Dest "), n);
	for (int i = 0; i < n; i++) {
		const unsigned char *s = (const unsigned char *)sections[i];
		char hex[512];
		size_t o = (size_t)snprintf(hex, sizeof(hex), "<FEFF");

		while (*s && o + 5 < sizeof(hex)) {
			unsigned cp = *s++;

			if (cp >= 0xE0) {
				cp = (cp & 0x0Fu) << 12 | (s[0] & 0x3Fu) << 6 | (s[1] & 0x3Fu);
				s += 2;
			} else if (cp >= 0xC0) {
				cp = (cp & 0x1Fu) << 6 | (s[0] & 0x3Fu);
				s++;
			}
			o += (size_t)snprintf(hex + o, sizeof(hex) - o, "%04X", cp);
		}
		assert_true(tu_contains(raw, hex));
	}
	free(raw);
}

/* ---- tests ---------------------------------------------------------------------- */

static void test_defaults(void **state)
{
	static const char *const sections[] = {
		"Ergebnis", "Das Ergebnis in Kürze", "Summen über 12 Jahre",
		"Was das Ergebnis bewegt", "Leistung über die Zeit",
		"Kosten über die Zeit", "Werte je Jahr", "Annahmen",
	};
	char path[256], *text, *before, *after;
	struct model_result *r;
	int pages;

	(void)state;
	if (rt_no_tools(SYSTEM_FONT))
		tu_skip(RT_NO_TOOLS);
	rt_path_next_to(demo, "model.pdf", path, sizeof(path));
	before = tu_db_dump(demo);
	pages = report_ok(demo, path, NULL);
	after = tu_db_dump(demo);
	assert_string_equal(before, after); /* a report only reads */
	assert_int_equal(pages, 6);
	assert_true(rt_file_size(path) < 400 * 1024);
	text = pdf_text_flat(path);
	expect_footers(text, pages, "Seite", "von");
	assert_int_equal(rt_count(text, "Modellrechnung Projektkette und Dauerfinanzierung – Dortmund"),
			 pages);
	assert_true(tu_contains(text, "Erwartungswerte über 12 Jahre"));
	assert_true(tu_contains(text, "Dortmund · Stand: 24.11.2026"));
	/* umlauts, dashes and € round-trip */
	assert_true(tu_contains(text, "davon Überbrückung"));
	assert_true(tu_contains(text, "Lückenmonate"));
	assert_true(tu_contains(text, "Differenz = Projektkette − Dauerfinanzierung"));
	assert_true(tu_contains(text, "Wirksame Vollzeitstellen je Monat"));
	assert_true(tu_contains(text, "Wahrscheinlichkeit einer Lücke"));
	assert_true(tu_contains(text, "Eigenanteil der Stadt, aufsummiert"));
	assert_true(expect_cli_totals(demo, text, NULL) == 3 * 12 + 3 * 6);
	/* issue 17: the conclusion in words on page 1, the tornado chart */
	assert_true(tu_contains(text, "kostet die Projektkette die Stadt"));
	assert_true(tu_contains(text, "durch dieselben Partner"));
	assert_true(tu_contains(text, "je Haushaltsjahr"));
	assert_true(tu_contains(text, "P10–P90 der Differenz"));
	assert_true(tu_contains(text, "Gleich viel kostet die Stadt eine Dauerfinanzierung"));
	assert_true(strstr(text, "Gleich viel kostet") < strstr(text, "Seite 1 von"));
	assert_true(tu_contains(text, "Lohnsteigerung (0,00 % bis 4,00 %)"));
	assert_true(tu_contains(text, "mit allen Annahmen"));
	/* the reading, computed from the same result */
	r = core_run(NULL, 0, 0, 1);
	expect_reading(text, r);
	assert_true(tu_contains(text, "Beide werden von denselben Partnern finanziert (EU 85 %, "
				      "Bund 10 %, Kommune 5 %)"));
	model_result_free(r);
	/* every parameter with value, unit, origin and source */
	for (int i = 0; i < MODEL_NPARAMS; i++) {
		const struct model_param_def *def = model_param((enum model_param_id)i);
		char label[200];

		snprintf(label, sizeof(label), "(%s)", def->key);
		assert_true(tu_contains(text, label));
	}
	assert_int_equal(rt_count(text, "Vorgabe"), MODEL_NPARAMS + 1); /* + the note */
	assert_true(tu_contains(text, "EHAP Runde 1: 88 von 191 Anträgen bewilligt"));
	assert_false(strstr(text, "Streuung über die Läufe")); /* no --runs */
	expect_outline(path, sections, 8);
	rt_expect_no_warnings(path);
	free(text);
	free(before);
	free(after);
	unlink(path);
}

static void test_reproducible(void **state)
{
	const char *const words[] = { "--runs", "50", "--seed", "9", NULL };
	char a[256], b[256], *da, *db, *info, created[64];
	size_t la = 0, lb = 0;

	(void)state;
	if (rt_no_tools(SYSTEM_FONT))
		tu_skip(RT_NO_TOOLS);
	rt_path_next_to(demo, "a.pdf", a, sizeof(a));
	rt_path_next_to(demo, "b.pdf", b, sizeof(b));
	setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
	report_ok(demo, a, words);
	report_ok(demo, b, words);
	unsetenv("SOURCE_DATE_EPOCH");
	da = rt_slurp(a, &la);
	db = rt_slurp(b, &lb);
	assert_non_null(da);
	assert_non_null(db);
	assert_int_equal(la, lb);
	assert_memory_equal(da, db, la);
	info = rt_pdfinfo(a);
	assert_non_null(info);
	assert_int_equal(rt_info_field(info, "CreationDate", created, sizeof(created)), 0);
	assert_true(tu_contains(created, "2023-11-14"));
	assert_true(tu_contains(info, "Modellrechnung Projektkette und Dauerfinanzierung"));
	free(info);
	free(da);
	free(db);
	unlink(a);
	unlink(b);
}

static void test_runs(void **state)
{
	const char *const words[] = { "--runs", "200", "--seed", "3", NULL };
	char path[256], *text, money[MONEY_BUF], p50[MONEY_BUF + 16];
	const struct model_spread *q;
	struct model_result *r;
	int pages;

	(void)state;
	if (rt_no_tools(SYSTEM_FONT))
		tu_skip(RT_NO_TOOLS);
	rt_path_next_to(demo, "runs.pdf", path, sizeof(path));
	pages = report_ok(demo, path, words);
	assert_int_equal(pages, 7); /* the parameter table continues on page 7 at 8 pt */
	text = pdf_text_flat(path);
	expect_footers(text, pages, "Seite", "von");
	assert_true(tu_contains(text, "Monte Carlo: 200 Läufe, Seed 3, über 12 Jahre"));
	assert_true(tu_contains(text, "Streuung über die Läufe"));
	assert_true(tu_contains(text, "Anteil der Läufe in einer Lücke"));
	assert_true(expect_cli_totals(demo, text, words) > 0);
	/* P10/P50/P90 of the chain's totals, as the core computes them */
	r = core_run(NULL, 0, 200, 3);
	q = &r->chain_spread[MODEL_M_MUNICIPAL];
	money_format_de(q->p10, money);
	assert_true(tu_contains(text, money));
	money_format_de(q->p90, money);
	assert_true(tu_contains(text, money));
	q = &r->chain_spread[MODEL_M_SERVICE];
	money_format_de(model_micro_to_hundredths(q->p50), money);
	*strstr(money, " €") = '\0';
	snprintf(p50, sizeof(p50), "(Median %s)", money);
	assert_true(tu_contains(text, p50));
	q = &r->chain_spread[MODEL_M_COST];
	money_format_de(q->p50, money);
	assert_true(tu_contains(text, money));
	assert_true(tu_contains(text, "In 80 % der Läufe (P10 bis P90)"));
	model_result_free(r);
	free(text);
	unlink(path);
}

static void test_from_chain(void **state)
{
	const char *const words[] = { "--from-chain", "ANK-3", NULL };
	char path[256], *text, *before, *after;
	struct model_chain chain;
	struct store *st;
	struct ft_error err;
	int pages;

	(void)state;
	if (rt_no_tools(SYSTEM_FONT))
		tu_skip(RT_NO_TOOLS);
	rt_path_next_to(demo, "chain.pdf", path, sizeof(path));
	before = tu_db_dump(demo);
	pages = report_ok(demo, path, words);
	after = tu_db_dump(demo);
	assert_string_equal(before, after);
	assert_int_equal(pages, 6);
	text = pdf_text_flat(path);
	expect_footers(text, pages, "Seite", "von");
	assert_true(tu_contains(text, "Kalibriert an der erfassten Kette von ANK-3"));
	assert_true(tu_contains(text, "Erfasste Kette von ANK-3"));
	assert_true(tu_contains(text, "Daten der Kette"));
	assert_true(expect_cli_totals(demo, text, words) > 0);
	/* every link of the chain with its approved money */
	assert_int_equal(store_open(&st, demo, STORE_EXISTING, STORE_JOURNAL_WAL, &err), 0);
	assert_int_equal(model_chain_read(st, "ANK-3", &chain, &err), 0);
	store_close(st);
	assert_true(chain.nlinks >= 3);
	for (int i = 0; i < chain.nlinks; i++) {
		char money[MONEY_BUF];

		assert_true(tu_contains(text, chain.link[i].code));
		if (!chain.link[i].counted)
			continue;
		money_format_de(chain.link[i].own, money);
		assert_true(tu_contains(text, money));
	}
	assert_true(tu_contains(text, "nur beantragt")); /* ANK-4 */
	free(text);
	free(before);
	free(after);
	unlink(path);
}

static void test_english(void **state)
{
	const char *const words[] = { "--lang", "en", "--from-chain", "ANK-3", "--runs", "100", NULL };
	char path[256], *text, money[MONEY_BUF];
	struct model_setup s;
	struct model_chain chain;
	struct model_result *r;
	struct store *st;
	struct ft_error err;
	int pages;

	(void)state;
	if (rt_no_tools(SYSTEM_FONT))
		tu_skip(RT_NO_TOOLS);
	rt_path_next_to(demo, "en.pdf", path, sizeof(path));
	pages = report_ok(demo, path, words);
	text = pdf_text_flat(path);
	expect_footers(text, pages, "Page", "of");
	assert_true(tu_contains(text, "Model: project chain and sustained financing – Dortmund"));
	assert_true(tu_contains(text, "The result in brief"));
	assert_true(tu_contains(text, "Monte Carlo: 100 runs, seed 1, over 12 years"));
	assert_true(tu_contains(text, "Over 12 years the project chain delivers"));
	assert_true(tu_contains(text, "Totals over 12 years"));
	assert_true(tu_contains(text, "Spread over the runs"));
	assert_true(tu_contains(text, "Approval in a new call (approval)"));
	assert_true(tu_contains(text, "costs the city"));
	assert_true(tu_contains(text, "What moves the result"));
	assert_true(tu_contains(text, "recorded chain"));
	assert_true(tu_contains(text, "Recorded chain of ANK-3"));
	assert_true(tu_contains(text, "As of: 2026-11-24"));
	assert_false(strstr(text, "Seite"));
	assert_false(strstr(text, "Projektkette"));
	assert_false(strstr(text, "Vorgabe"));
	/* English amounts of the same result */
	assert_int_equal(store_open(&st, demo, STORE_EXISTING, STORE_JOURNAL_WAL, &err), 0);
	assert_int_equal(model_setup_build(&s, NULL, NULL, 0, st, "ANK-3", &chain, &err), 0);
	store_close(st);
	assert_int_equal(model_run(&s.p, 100, 1, &r, &err), 0);
	report_money(LANG_EN, total_of(&r->chain, MODEL_M_COST), money);
	assert_true(tu_contains(text, money));
	report_money(LANG_EN, total_of(&r->sustained, MODEL_M_MUNICIPAL), money);
	assert_true(tu_contains(text, money));
	model_result_free(r);
	free(text);
	unlink(path);
}

/* Same partners for both: the chain costs the city more; one year and
 * fifty years lay out too. */
static void test_scenarios(void **state)
{
	char path[256], scenario[1024], *text;
	const char *const same[] = { "--scenario", scenario, NULL };
	const char *const one[] = { "--set", "horizon-years=1", NULL };
	const char *const fifty[] = { "--set", "horizon-years=50", "--set", "bridge=ja", NULL };

	(void)state;
	if (rt_no_tools(SYSTEM_FONT))
		tu_skip(RT_NO_TOOLS);
	snprintf(scenario, sizeof(scenario), "%s/model/same-partners.txt", getenv("FT_TEST_DATA"));
	rt_path_next_to(demo, "s.pdf", path, sizeof(path));
	report_ok(demo, path, same);
	text = pdf_text_flat(path);
	assert_true(tu_contains(text, "Szenario-Datei same-partners.txt"));
	assert_true(tu_contains(text, "Über 20 Jahre liefert die Projektkette"));
	assert_true(tu_contains(text, " mehr (Eigenanteil "));
	assert_true(tu_contains(text, "Beide werden von denselben Partnern finanziert"));
	assert_true(expect_cli_totals(demo, text, same) > 0);
	free(text);
	/* a changed mix: a second scenario, named as such, not the headline */
	{
		const char *const changed[] = { "--set", "sustained-mix=state:50,municipal:50",
						NULL };

		report_ok(demo, path, changed);
		text = pdf_text_flat(path);
		assert_true(tu_contains(text, "durch dieselben Partner"));
		assert_true(tu_contains(text, "Zweites Szenario (sustained-mix ausdrücklich gesetzt)"));
		assert_true(tu_contains(text, "ein zweites, ausdrücklich gesetztes Szenario"));
	}
	free(text);
	report_ok(demo, path, one);
	text = pdf_text_flat(path);
	assert_true(tu_contains(text, "Über 1 Jahr liefert die Projektkette genauso viel Leistung"));
	assert_true(tu_contains(text, "Summen über 1 Jahr "));
	free(text);
	assert_int_equal(report_ok(demo, path, fifty), 7);
	text = pdf_text_flat(path);
	assert_true(tu_contains(text, "Summen über 50 Jahre"));
	assert_int_equal(rt_count(text, "--set"), 1 + 2); /* the note, two parameters */
	assert_true(expect_cli_totals(demo, text, fifty) > 0);
	free(text);
	unlink(path);
}

/* The model needs no database: without one the report names no city and
 * no database file appears. */
static void test_without_database(void **state)
{
	char *db, path[256], *text;

	(void)state;
	/* on a server the analogue, an empty database, is refused as one that
	 * holds no fundtrack data ("no database at") */
	TU_SQLITE_ONLY("a model report where no database file exists");
	db = tu_temp_db();
	if (rt_no_tools(SYSTEM_FONT)) {
		tu_cleanup(db);
		tu_skip(RT_NO_TOOLS);
	}
	rt_path_next_to(db, "nodb.pdf", path, sizeof(path));
	assert_int_equal(report_ok(db, path, NULL), 6);
	assert_int_equal(access(db, F_OK), -1);
	text = pdf_text_flat(path);
	assert_true(tu_contains(text, "Stand: 24.11.2026"));
	assert_false(strstr(text, "Dortmund"));
	assert_int_equal(rt_count(text, "Modellrechnung Projektkette und Dauerfinanzierung "), 6);
	free(text);
	unlink(path);
	/* --from-chain needs it */
	tu_fail(db, 1, "no database at", "report", "model", "--from-chain", "ANK-3",
		"-o", path, NULL);
	assert_int_equal(access(path, F_OK), -1);
	tu_cleanup(db);
}

/* Refused parameters and options: exit 1 or 2, a clear message, no file,
 * the database unchanged (tu_fail). */
static void test_refused(void **state)
{
	char path[256], bad[1024];

	(void)state;
	rt_path_next_to(demo, "refused.pdf", path, sizeof(path));
	snprintf(bad, sizeof(bad), "%s/model/bad-range.txt", getenv("FT_TEST_DATA"));
	tu_fail(demo, 1, "invalid approval '0.46': ambiguous", "report", "model", "--set",
		"approval=0.46", "-o", path, NULL);
	tu_fail(demo, 1, "invalid link-months '200'", "report", "model", "--set", "link-months=200",
		"-o", path, NULL);
	tu_fail(demo, 2, "unknown parameter 'aproval'", "report", "model", "--set", "aproval=50",
		"-o", path, NULL);
	tu_fail(demo, 2, "--set: expected KEY = VALUE, got 'approval'", "report", "model",
		"--set", "approval", "-o", path, NULL);
	tu_fail(demo, 1, "bad-range.txt:3: invalid link-months '200'", "report", "model",
		"--scenario", bad, "-o", path, NULL);
	tu_fail(demo, 1, "invalid --runs '100001'", "report", "model", "--runs", "100001", "-o",
		path, NULL);
	tu_fail(demo, 2, "--seed needs a Monte Carlo run", "report", "model", "--seed", "3", "-o",
		path, NULL);
	tu_fail(demo, 1, "no project 'NOPE'", "report", "model", "--from-chain", "NOPE", "-o",
		path, NULL);
	tu_fail(demo, 2, "'report model' needs -o FILE.pdf", "report", "model", NULL);
	tu_fail(demo, 2, "unknown option '--monthly'", "report", "model", "--monthly", "-o", path,
		NULL);
	tu_fail(demo, 2, "--year: 'report model' lists nothing to filter", "report", "model", "--year", "2026", "-o",
		path, NULL);
	tu_fail(demo, 2, "unexpected argument 'ANK-3'", "report", "model", "ANK-3", "-o", path,
		NULL);
	tu_fail(demo, 2, "invalid language 'fr'", "report", "model", "--lang", "fr", "-o", path,
		NULL);
	assert_int_equal(access(path, F_OK), -1);
}

static void test_fonts_and_output(void **state)
{
	char path[256];
	const char *const dir[] = { "--font", "/usr/share/fonts/truetype/dejavu", NULL };

	(void)state;
	rt_path_next_to(demo, "font.pdf", path, sizeof(path));
	tu_fail(demo, 1, "font '/nonexistent/DejaVuSans.ttf' not found", "report", "model",
		"--font", "/nonexistent/DejaVuSans.ttf", "-o", path, NULL);
	tu_fail(demo, 1, "is not a TrueType font file", "report", "model", "--font", FT_SOURCE_DIR "/CMakeLists.txt", "-o",
		path, NULL);
	assert_int_equal(access(path, F_OK), -1);
	tu_fail(demo, 1, "not a regular file", "report", "model", "-o", "/dev/full", NULL);
	tu_fail(demo, 1, "cannot write the PDF to '/nonexistent-dir/m.pdf'", "report", "model",
		"-o", "/nonexistent-dir/m.pdf", NULL);
	if (rt_no_tools(SYSTEM_FONT))
		return;
	report_ok(demo, path, dir);
	unlink(path);
}

/* The English texts of the parameter table, which the English report
 * shows, exist for every parameter. */
static void test_params_english(void **state)
{
	(void)state;
	for (int i = 0; i < MODEL_NPARAMS; i++) {
		const struct model_param_def *def = model_param((enum model_param_id)i);

		assert_non_null(def->label_en);
		assert_non_null(def->unit_en);
		assert_non_null(def->source_en);
		assert_true(def->label_en[0] && def->unit_en[0] && def->source_en[0]);
	}
}

static void test_help(void **state)
{
	struct ft_run r;

	(void)state;
	tu_run(&r, NULL, "report", "--help", NULL);
	assert_int_equal(r.rc, 0);
	assert_true(tu_contains(r.out, "fundtrack report model [--set KEY=VALUE ...]"));
	assert_true(tu_contains(r.out, "[--from-chain PROJECT] [--runs N] [--seed S]"));
	tu_run_free(&r);
	/* the bash completion reads the options from the usage */
	tu_run(&r, NULL, "__complete", "options", "report", "model", NULL);
	assert_int_equal(r.rc, 0);
	assert_true(tu_contains(r.out, "--scenario="));
	assert_true(tu_contains(r.out, "--from-chain="));
	assert_true(tu_contains(r.out, "--seed="));
	assert_false(strstr(r.out, "--year"));
	tu_run_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_reproducible),
		cmocka_unit_test(test_runs),
		cmocka_unit_test(test_from_chain),
		cmocka_unit_test(test_english),
		cmocka_unit_test(test_scenarios),
		cmocka_unit_test(test_without_database),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_fonts_and_output),
		cmocka_unit_test(test_params_english),
		cmocka_unit_test(test_help),
	};

	return tu_exit_code(cmocka_run_group_tests(tests, setup, teardown));
}
