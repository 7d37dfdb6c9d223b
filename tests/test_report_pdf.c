/* test_report_pdf.c - the PDF layer (reports/pdf.h), the charts' numbers
 * (reports/chart.h) and the report language (reports/lang.h): UTF-8
 * checking, fonts, wrapping of a word longer than the line, tables that
 * break across pages with their header repeated, page footers, metadata,
 * reproducible output, and writing that leaves no partial file. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "chart.h"
#include "checks.h"
#include "lang.h"
#include "pdf.h"
#include "report_util.h"
#include "test_report_tools.h"
#include "testutil.h"

#define SYSTEM_FONT "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"

/* ---- a scratch directory per test --------------------------------------------- */





static struct pdf_setup test_setup(void)
{
	return (struct pdf_setup){
		.title = "Prüfbericht",
		.subject = "Größenprüfung",
		.author = "Stadt Dortmund",
		.city = "Dortmund",
		.date = "24.11.2026",
		.created = 1700000000,
		.words = { "Seite", "von", "(Fortsetzung)" },
	};
}

static int skip_without_tools(void)
{
	struct stat sb;

	return !rt_have_poppler() || stat(SYSTEM_FONT, &sb) != 0;
}

/* ---- numbers of the charts and the language ---------------------------------- */

static void test_tick_steps(void **state)
{
	(void)state;
	assert_int_equal(chart_tick_step(0, 5), 1);
	assert_int_equal(chart_tick_step(1234, 5), 500);
	assert_int_equal(chart_tick_step(1000, 5), 200);
	assert_int_equal(chart_tick_step(250000000, 5), 50000000);
	assert_int_equal(chart_tick_step(249000000, 5), 50000000);
	assert_int_equal(chart_tick_step(99, 10), 10);
}

static void test_tick_labels(void **state)
{
	char buf[CHART_LABEL_BUF];

	(void)state;
	chart_tick_label(LANG_DE, 150000000, 100000000, 1, buf);
	assert_string_equal(buf, "1,5");
	chart_tick_label(LANG_EN, 150000000, 100000000, 1, buf);
	assert_string_equal(buf, "1.5");
	chart_tick_label(LANG_DE, 250000000000LL, 100000000, 0, buf);
	assert_string_equal(buf, "2.500");
	chart_tick_label(LANG_DE, 5000000, 100000, 0, buf);
	assert_string_equal(buf, "50");
	chart_tick_label(LANG_DE, 12345, 100, 2, buf);
	assert_string_equal(buf, "123,45");
	chart_short_money(LANG_DE, 125000000, buf);
	assert_string_equal(buf, "1,25 Mio. €");
	chart_short_money(LANG_DE, 83000000, buf);
	assert_string_equal(buf, "830 Tsd. €");
	chart_short_money(LANG_DE, 95000, buf);
	assert_string_equal(buf, "950,00 €");
	chart_short_money(LANG_EN, 125000000, buf);
	assert_string_equal(buf, "1.25 m €");
}

static void test_language(void **state)
{
	char money[MONEY_BUF], num[REPORT_NUM_BUF], rate[RATE_BUF], date[DATE_BUF];
	enum report_lang lang;

	(void)state;
	assert_int_equal(report_lang_parse("de", &lang), 0);
	assert_int_equal(lang, LANG_DE);
	assert_int_equal(report_lang_parse("en", &lang), 0);
	assert_int_equal(lang, LANG_EN);
	assert_int_equal(report_lang_parse("fr", &lang), -1);
	report_money(LANG_DE, 123456789, money);
	assert_string_equal(money, "1.234.567,89 €");
	report_money(LANG_EN, 123456789, money);
	assert_string_equal(money, "1,234,567.89 €");
	report_money(LANG_EN, -50, money);
	assert_string_equal(money, "-0.50 €");
	report_int(LANG_DE, 586852, num);
	assert_string_equal(num, "586.852");
	report_int(LANG_EN, 586852, num);
	assert_string_equal(num, "586,852");
	report_int(LANG_DE, -1234567, num);
	assert_string_equal(num, "-1.234.567");
	report_int(LANG_DE, 999, num);
	assert_string_equal(num, "999");
	report_rate(LANG_EN, 8550, rate);
	assert_string_equal(rate, "85.50 %");
	report_date(LANG_DE, "2026-11-24", date);
	assert_string_equal(date, "24.11.2026");
	report_date(LANG_EN, "2026-11-24", date);
	assert_string_equal(date, "2026-11-24");
	assert_string_equal(report_level(LANG_DE, "federal"), "Bund");
	assert_string_equal(report_level(LANG_EN, "municipal"), "Municipal");
	assert_string_equal(report_field(LANG_DE, "social-work"), "Soziale Arbeit");
	assert_string_equal(report_field(LANG_DE, "unknown"), "unknown");
	assert_non_null(report_rule(LANG_DE, "FT-CHAIN-GAP"));
	assert_null(report_rule(LANG_DE, "FT-NO-SUCH-RULE"));
	/* every text exists in both languages */
	for (int i = 0; i < T_NTEXTS; i++) {
		assert_true(strlen(report_text(LANG_DE, (enum report_text)i)) > 0);
		assert_true(strlen(report_text(LANG_EN, (enum report_text)i)) > 0);
	}
}

/* ---- creation time -------------------------------------------------------------------- */

static void test_creation_time(void **state)
{
	struct ft_error err;
	time_t t;

	(void)state;
	setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
	assert_int_equal(pdf_creation_time(&t, &err), 0);
	assert_int_equal((long long)t, 1700000000LL);
	setenv("SOURCE_DATE_EPOCH", "17x", 1);
	assert_int_equal(pdf_creation_time(&t, &err), -1);
	assert_non_null(strstr(err.msg, "invalid SOURCE_DATE_EPOCH '17x'"));
	setenv("SOURCE_DATE_EPOCH", "-5", 1);
	assert_int_equal(pdf_creation_time(&t, &err), -1);
	unsetenv("SOURCE_DATE_EPOCH");
	assert_int_equal(pdf_creation_time(&t, &err), 0);
	assert_true(t >= 1700000000);
}

/* ---- fonts ------------------------------------------------------------------------------ */

static void write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

static void copy_file(const char *from, const char *to)
{
	size_t len = 0;
	char *data = rt_slurp(from, &len);
	FILE *f = fopen(to, "wb");

	assert_non_null(data);
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
	free(data);
}

static void test_find_fonts(void **state)
{
	char regular[PDF_PATH_MAX], bold[PDF_PATH_MAX], path[256];
	struct ft_error err;
	struct tu_scratch s;
	struct stat sb;

	(void)state;
	if (stat(SYSTEM_FONT, &sb) != 0)
		tu_skip("the DejaVu font (fonts-dejavu-core) missing");
	assert_int_equal(pdf_find_fonts(NULL, regular, bold, &err), 0);
	assert_non_null(strstr(regular, "DejaVuSans.ttf"));
	assert_non_null(strstr(bold, "DejaVuSans-Bold.ttf"));
	/* a file: its -Bold sibling is found */
	assert_int_equal(pdf_find_fonts(SYSTEM_FONT, regular, bold, &err), 0);
	assert_string_equal(regular, SYSTEM_FONT);
	assert_string_equal(bold, "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf");
	/* a directory with the regular face only: bold falls back to it */
	tu_scratch_open(&s, "DejaVuSans.ttf");
	copy_file(SYSTEM_FONT, s.path);
	assert_int_equal(pdf_find_fonts(s.dir, regular, bold, &err), 0);
	assert_string_equal(regular, s.path);
	assert_string_equal(bold, s.path);
	/* errors name the path and say what is expected */
	assert_int_equal(pdf_find_fonts("/nonexistent/font.ttf", regular, bold, &err), -1);
	assert_non_null(strstr(err.msg, "font '/nonexistent/font.ttf' not found"));
	assert_int_equal(pdf_find_fonts("/etc", regular, bold, &err), -1);
	assert_non_null(strstr(err.msg, "no DejaVuSans.ttf in font directory '/etc'"));
	snprintf(path, sizeof(path), "%s/notafont.ttf", s.dir);
	write_text(path, "not a font at all");
	assert_int_equal(pdf_find_fonts(path, regular, bold, &err), -1);
	assert_non_null(strstr(err.msg, "is not a TrueType font file"));
	assert_int_equal(pdf_find_fonts("", regular, bold, &err), -1);
	tu_scratch_close(&s);
}

/* ---- layouts ---------------------------------------------------------------------------- */

#define LONG_WORD_LEN 300

struct long_layout {
	char word[LONG_WORD_LEN + 1];
	int rows;
};

static const struct pdf_column long_cols[] = {
	{ "Nummer", 0.7f, PDF_LEFT, NULL },
	{ "Bezeichnung des Projekts", 3.0f, PDF_LEFT, NULL },
	{ "Betrag", 1.2f, PDF_RIGHT, NULL },
};

static void long_layout(struct pdf_doc *doc, void *arg)
{
	struct long_layout *l = arg;

	pdf_heading(doc, 1, "Übersicht über die Förderung", 60);
	pdf_paragraph(doc, PDF_BODY, "Zuwendungsbescheid Größe 1.234,56 € – Ärger über Öl.");
	pdf_paragraph(doc, PDF_BODY, l->word);
	pdf_paragraph(doc, PDF_BODY, "Ungültig: \xFF\xFE Ende.");
	pdf_heading(doc, 1, "Tabelle", 60);
	pdf_table_begin(doc, "Projekte", long_cols, 3, PDF_TABLE_HEADER | PDF_TABLE_ZEBRA);
	for (int i = 0; i < l->rows; i++) {
		char num[16], amount[MONEY_BUF];
		const char *cells[3] = { num, i == 7 ? l->word : "Ankommen in der Nordstadt", amount };

		snprintf(num, sizeof(num), "P-%04d", i);
		money_format_de((int64_t)i * 123456, amount);
		pdf_table_row(doc, cells, NULL);
	}
	pdf_table_end(doc);
}

static void make_long(struct long_layout *l, int rows)
{
	for (int i = 0; i < LONG_WORD_LEN; i++)
		l->word[i] = (char)('A' + i % 26);
	l->word[LONG_WORD_LEN] = '\0';
	l->rows = rows;
}

/* pdftotext's text without line breaks, so a wrapped word reads whole. */
static char *joined(char *text)
{
	size_t o = 0;

	for (size_t i = 0; text[i]; i++)
		if (text[i] != '\n')
			text[o++] = text[i];
	text[o] = '\0';
	return text;
}

static void test_long_word_and_page_breaks(void **state)
{
	struct pdf_setup setup = test_setup();
	struct long_layout l;
	struct ft_error err;
	struct tu_scratch s;
	char *text, *page2, footer[64];
	int pages = 0;

	(void)state;
	if (skip_without_tools())
		tu_skip(RT_NO_TOOLS);
	make_long(&l, 150);
	tu_scratch_open(&s, "long.pdf");
	assert_int_equal(pdf_render(&setup, long_layout, &l, s.path, &pages, &err), 0);
	assert_true(pages >= 3);
	assert_int_equal(rt_pages(s.path), pages);
	text = rt_pdftotext(s.path, 0, 0);
	assert_non_null(text);
	/* umlauts, ß and € round-trip; invalid UTF-8 arrives as U+FFFD */
	assert_non_null(strstr(text, "Zuwendungsbescheid Größe 1.234,56 € – Ärger über Öl."));
	assert_non_null(strstr(text, "Ungültig: \xEF\xBF\xBD\xEF\xBF\xBD Ende."));
	/* libharu's own ToUnicode CMap made poppler warn; pdf.c writes a valid one */
	rt_expect_no_warnings(s.path);
	/* every page has header and footer "Seite X von Y" */
	for (int p = 1; p <= pages; p++) {
		snprintf(footer, sizeof(footer), "Seite %d von %d", p, pages);
		assert_non_null(strstr(text, footer));
	}
	assert_int_equal(rt_count(text, "Prüfbericht – Dortmund"), pages);
	assert_non_null(strstr(text, "183.949,44 €")); /* row 149, right-aligned amount */
	/* the 300-letter word is broken across lines but complete */
	assert_non_null(strstr(joined(text), l.word));
	free(text);
	/* page 2 repeats the caption (continued) and the header row */
	page2 = rt_pdftotext(s.path, 2, 2);
	assert_non_null(page2);
	assert_non_null(strstr(page2, "Projekte (Fortsetzung)"));
	assert_non_null(strstr(page2, "Bezeichnung des Projekts"));
	free(page2);
	assert_int_equal(tu_dir_entries(s.dir, NULL), 1);
	tu_scratch_close(&s);
}

static void test_metadata_and_reproducible(void **state)
{
	struct pdf_setup setup = test_setup();
	struct long_layout l;
	struct ft_error err;
	struct tu_scratch s;
	char other[160], value[128], *info, *a, *b;
	size_t alen = 0, blen = 0;

	(void)state;
	if (skip_without_tools())
		tu_skip(RT_NO_TOOLS);
	make_long(&l, 20);
	tu_scratch_open(&s, "a.pdf");
	snprintf(other, sizeof(other), "%s/b.pdf", s.dir);
	assert_int_equal(pdf_render(&setup, long_layout, &l, s.path, NULL, &err), 0);
	assert_int_equal(pdf_render(&setup, long_layout, &l, other, NULL, &err), 0);
	a = rt_slurp(s.path, &alen);
	b = rt_slurp(other, &blen);
	assert_non_null(a);
	assert_non_null(b);
	assert_int_equal(alen, blen);
	assert_memory_equal(a, b, alen);
	/* no document ID or time stamp of its own: only the given date */
	assert_null(strstr(a, "/ID"));
	free(a);
	free(b);
	info = rt_pdfinfo(s.path);
	assert_non_null(info);
	assert_int_equal(rt_info_field(info, "Title", value, sizeof(value)), 0);
	assert_string_equal(value, "Prüfbericht");
	assert_int_equal(rt_info_field(info, "Subject", value, sizeof(value)), 0);
	assert_string_equal(value, "Größenprüfung");
	assert_int_equal(rt_info_field(info, "Author", value, sizeof(value)), 0);
	assert_string_equal(value, "Stadt Dortmund");
	assert_int_equal(rt_info_field(info, "CreationDate", value, sizeof(value)), 0);
	assert_non_null(strstr(value, "2023-11-14T22:13:20"));
	free(info);
	tu_scratch_close(&s);
}

/* ---- failures ---------------------------------------------------------------------------- */

static void failing_layout(struct pdf_doc *doc, void *arg)
{
	(void)arg;
	pdf_paragraph(doc, PDF_BODY, "Vor dem Fehler");
	pdf_fail(doc, "layout refused '%s'", "X");
}

static void small_layout(struct pdf_doc *doc, void *arg)
{
	(void)arg;
	pdf_paragraph(doc, PDF_BODY, "Kurz.");
}

static void test_failures_leave_no_file(void **state)
{
	struct pdf_setup setup = test_setup();
	struct ft_error err;
	struct tu_scratch s;
	size_t len = 0;
	char *kept;

	(void)state;
	if (skip_without_tools())
		tu_skip(RT_NO_TOOLS);
	tu_scratch_open(&s, "out.pdf");
	/* a failing layout: error returned, nothing written */
	assert_int_equal(pdf_render(&setup, failing_layout, NULL, s.path, NULL, &err), -1);
	assert_string_equal(err.msg, "layout refused 'X'");
	assert_int_equal(tu_dir_entries(s.dir, NULL), 0);
	/* an earlier file at the path survives a failure */
	write_text(s.path, "earlier report");
	setup.font = "/nonexistent.ttf";
	assert_int_equal(pdf_render(&setup, small_layout, NULL, s.path, NULL, &err), -1);
	assert_non_null(strstr(err.msg, "font '/nonexistent.ttf' not found"));
	kept = rt_slurp(s.path, &len);
	assert_non_null(kept);
	assert_string_equal(kept, "earlier report");
	free(kept);
	assert_int_equal(tu_dir_entries(s.dir, NULL), 1);
	/* a damaged font file (a TrueType header, then cut off): libharu's
	 * error comes back through the error handler as a clear message */
	{
		char damaged[160];
		size_t font_len = 0;
		char *font = rt_slurp(SYSTEM_FONT, &font_len);
		FILE *f;

		snprintf(damaged, sizeof(damaged), "%s/damaged.ttf", s.dir);
		f = fopen(damaged, "wb");
		assert_non_null(font);
		assert_non_null(f);
		assert_int_equal(fwrite(font, 1, 2000, f), 2000);
		assert_int_equal(fclose(f), 0);
		free(font);
		setup.font = damaged;
		assert_int_equal(pdf_render(&setup, small_layout, NULL, s.path, NULL, &err), -1);
		assert_non_null(strstr(err.msg, "cannot make the PDF while loading the font"));
		assert_non_null(strstr(err.msg, "damaged or not a usable TrueType font"));
		unlink(damaged);
		kept = rt_slurp(s.path, &len);
		assert_non_null(kept);
		assert_string_equal(kept, "earlier report");
		free(kept);
	}
	/* not a regular file, a missing directory */
	setup.font = NULL;
	assert_int_equal(pdf_render(&setup, small_layout, NULL, "/dev/full", NULL, &err), -1);
	assert_non_null(strstr(err.msg, "cannot write the PDF to '/dev/full': not a regular file"));
	assert_int_equal(pdf_render(&setup, small_layout, NULL, "/nonexistent-dir/x.pdf", NULL, &err),
			 -1);
	assert_non_null(strstr(err.msg, "cannot write the PDF to '/nonexistent-dir/x.pdf'"));
	/* success replaces the earlier file */
	assert_int_equal(pdf_render(&setup, small_layout, NULL, s.path, NULL, &err), 0);
	kept = rt_slurp(s.path, &len);
	assert_non_null(kept);
	assert_memory_equal(kept, "%PDF-", 5);
	free(kept);
	assert_int_equal(tu_dir_entries(s.dir, NULL), 1);
	tu_scratch_close(&s);
}

/* A full disk, simulated by a file size limit in a child process: the
 * write fails with EFBIG, and neither the PDF nor its temporary file is
 * left behind. */
static void test_full_disk(void **state)
{
	struct tu_scratch s;
	int status = 0;
	pid_t pid;

	(void)state;
	if (skip_without_tools())
		tu_skip(RT_NO_TOOLS);
	tu_scratch_open(&s, "full.pdf");
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct rlimit limit = { 20000, 20000 };
		struct pdf_setup setup = test_setup();
		struct long_layout l;
		struct ft_error err;

		signal(SIGXFSZ, SIG_IGN);
		setrlimit(RLIMIT_FSIZE, &limit);
		make_long(&l, 10);
		if (pdf_render(&setup, long_layout, &l, s.path, NULL, &err) == 0)
			_exit(10);
		_exit(strstr(err.msg, "File too large") ? 0 : 11);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	assert_int_equal(tu_dir_entries(s.dir, NULL), 0);
	tu_scratch_close(&s);
}

/* A paragraph where lines break at many different places: words of
 * 1 to 9 letters before "10 %" and "1.234,56 €", 120 times. */
static void units_layout(struct pdf_doc *doc, void *arg)
{
	char text[6000];
	size_t o = 0;

	(void)arg;
	for (int k = 0; k < 120 && o + 64 < sizeof(text); k++)
		o += (size_t)snprintf(text + o, sizeof(text) - o, "%.*s 10 %% und 1.234,56 € ",
				      1 + k % 9, "abcdefghi");
	pdf_paragraph(doc, PDF_BODY, text);
}

/* No line starts with a unit: the breaker keeps "10 %" and "1.234,56 €"
 * together (pdftotext ends each printed line with a newline). */
static void test_units_stay_with_numbers(void **state)
{
	struct pdf_setup setup = test_setup();
	struct ft_error err;
	struct tu_scratch s;
	char *text;

	(void)state;
	if (skip_without_tools())
		tu_skip(RT_NO_TOOLS);
	tu_scratch_open(&s, "units.pdf");
	assert_int_equal(pdf_render(&setup, units_layout, NULL, s.path, NULL, &err), 0);
	text = rt_pdftotext(s.path, 0, 0);
	assert_non_null(text);
	assert_non_null(strstr(text, "10 % und"));
	assert_null(strstr(text, "\n%"));
	assert_null(strstr(text, "\n€"));
	free(text);
	tu_scratch_close(&s);
}

/* One helper for German (and English) plurals: singular for exactly one. */
static void test_plural(void **state)
{
	char buf[REPORT_COUNT_BUF];

	(void)state;
	assert_string_equal(report_count(LANG_DE, 1, N_DAY, buf), "1 Tag");
	assert_string_equal(report_count(LANG_DE, 2, N_DAY, buf), "2 Tage");
	assert_string_equal(report_count(LANG_DE, 0, N_DAY, buf), "0 Tage");
	assert_string_equal(report_count(LANG_DE, 1250, N_DAY, buf), "1.250 Tage");
	assert_string_equal(report_count(LANG_DE, 1, N_ERROR, buf), "1 Fehler");
	assert_string_equal(report_count(LANG_DE, 5, N_ERROR, buf), "5 Fehler");
	assert_string_equal(report_count(LANG_DE, 1, N_WARNING, buf), "1 Warnung");
	assert_string_equal(report_count(LANG_DE, 2, N_WARNING, buf), "2 Warnungen");
	assert_string_equal(report_count(LANG_DE, 1, N_CITY, buf), "1 Stadt");
	assert_string_equal(report_count(LANG_DE, 3, N_CITY, buf), "3 Städte");
	assert_string_equal(report_count(LANG_EN, 1, N_ERROR, buf), "1 error");
	assert_string_equal(report_count(LANG_EN, 2, N_ERROR, buf), "2 errors");
	assert_string_equal(report_count(LANG_EN, 1250, N_DAY, buf), "1,250 days");
	assert_string_equal(report_noun(LANG_DE, N_GRANT, -1), "Bescheid");
	/* due dates in words: no signed numbers */
	assert_string_equal(report_due(LANG_DE, 0, buf), "heute fällig");
	assert_string_equal(report_due(LANG_DE, 1, buf), "in 1 Tag fällig");
	assert_string_equal(report_due(LANG_DE, 28, buf), "in 28 Tagen fällig");
	assert_string_equal(report_due(LANG_DE, -1, buf), "seit 1 Tag überfällig");
	assert_string_equal(report_due(LANG_DE, -63, buf), "seit 63 Tagen überfällig");
	assert_string_equal(report_due(LANG_EN, 28, buf), "due in 28 days");
	assert_string_equal(report_due(LANG_EN, -1, buf), "1 day overdue");
}

/* A table as crowded as the status report's projects: a text column and
 * six amount columns. pdf_table_word keeps "Wohnungsnotfallhilfe" on one
 * line, which the column's weight alone broke inside. */
static const struct pdf_column crowded_cols[] = {
	{ "Projekt", 3.0f, PDF_LEFT, NULL },  { "EU", 1.05f, PDF_AMOUNT, NULL },
	{ "Bund", 1.05f, PDF_AMOUNT, NULL },  { "Land", 1.05f, PDF_AMOUNT, NULL },
	{ "Kommune", 1.05f, PDF_AMOUNT, NULL }, { "Bewilligt", 1.15f, PDF_AMOUNT, NULL },
	{ "Rest", 1.2f, PDF_AMOUNT, NULL },
};

static void crowded_table(struct pdf_doc *doc, int with_words)
{
	const char *cells[] = { "WOH-2 Wohnungsnotfallhilfe Nordstadt II", "750.000,00 €",
				"750.000,00 €", "750.000,00 €", "500.000,00 €", "1.250.000,00 €",
				"1.250.000,00 €" };

	if (with_words)
		for (size_t c = 0; c < 7; c++)
			pdf_table_word(doc, c, cells[c]);
	pdf_table_begin(doc, NULL, crowded_cols, 7, PDF_TABLE_HEADER | PDF_TABLE_SMALL);
	pdf_table_row(doc, cells, NULL);
	pdf_table_end(doc);
}

static void crowded_layout(struct pdf_doc *doc, void *arg)
{
	crowded_table(doc, *(int *)arg);
	/* a heading at the foot of page 1: it keeps a table's header and three
	 * rows with it, so it moves to page 2 with its table */
	while (pdf_page_room(doc) > 0 && pdf_cursor(doc) > 62.0f + 80.0f)
		pdf_paragraph(doc, PDF_BODY, "Füllzeile");
	pdf_heading(doc, 1, "Fristen am Seitenende", 0);
	crowded_table(doc, 1);
}

static void test_table_words_and_headings(void **state)
{
	struct pdf_setup setup = test_setup();
	struct ft_error err;
	struct tu_scratch s;
	char *text, *page1;
	int with_words = 1, pages = 0;

	(void)state;
	if (skip_without_tools())
		tu_skip(RT_NO_TOOLS);
	tu_scratch_open(&s, "crowded.pdf");
	assert_int_equal(pdf_render(&setup, crowded_layout, &with_words, s.path, &pages, &err), 0);
	assert_int_equal(pages, 2);
	text = rt_pdftotext(s.path, 0, 0);
	assert_non_null(text);
	assert_non_null(strstr(text, "Wohnungsnotfallhilfe"));
	assert_non_null(strstr(text, "1.250.000,00 €"));
	free(text);
	page1 = rt_pdftotext(s.path, 1, 1);
	assert_non_null(page1);
	assert_null(strstr(page1, "Fristen am Seitenende"));
	free(page1);
	/* without the words, the same column breaks the word inside */
	with_words = 0;
	assert_int_equal(pdf_render(&setup, crowded_layout, &with_words, s.path, &pages, &err), 0);
	page1 = rt_pdftotext(s.path, 1, 1);
	assert_non_null(page1);
	assert_null(strstr(page1, "Wohnungsnotfallhilfe"));
	free(page1);
	unlink(s.path);
	tu_scratch_close(&s);
}

/* Findings' days in words, conditions like proofs ("-10 Tage" before),
 * and a German and an English title for every check rule (ten rules had
 * none, so the German report printed the core's English sentence). */
static void test_finding_words(void **state)
{
	char buf[REPORT_COUNT_BUF];

	(void)state;
	/* FT-CONDITION-DUE carries -(days left), FT-CONDITION-OVERDUE +(days late) */
	assert_string_equal(report_finding_days(LANG_DE, "FT-CONDITION-DUE", -10, buf),
			    "in 10 Tagen fällig");
	assert_string_equal(report_finding_days(LANG_DE, "FT-CONDITION-OVERDUE", 48, buf),
			    "seit 48 Tagen überfällig");
	assert_string_equal(report_finding_days(LANG_EN, "FT-CONDITION-OVERDUE", 1, buf),
			    "1 day overdue");
	assert_string_equal(report_finding_days(LANG_DE, "FT-PROOF-OVERDUE", 63, buf),
			    "seit 63 Tagen überfällig");
	for (size_t r = 0; r < check_nrules; r++) {
		const char *de = report_rule(LANG_DE, check_rules[r]->id);
		const char *en = report_rule(LANG_EN, check_rules[r]->id);

		if (!de || !en)
			fail_msg("no report title for %s", check_rules[r]->id);
	}
	assert_string_equal(report_rule(LANG_DE, "FT-DRAWN-ABOVE-ALLOCATION"),
			    "Abruf über der Jahresrate");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tick_steps),
		cmocka_unit_test(test_tick_labels),
		cmocka_unit_test(test_language),
		cmocka_unit_test(test_plural),
		cmocka_unit_test(test_table_words_and_headings),
		cmocka_unit_test(test_finding_words),
		cmocka_unit_test(test_units_stay_with_numbers),
		cmocka_unit_test(test_creation_time),
		cmocka_unit_test(test_find_fonts),
		cmocka_unit_test(test_long_word_and_page_breaks),
		cmocka_unit_test(test_metadata_and_reproducible),
		cmocka_unit_test(test_failures_leave_no_file),
		cmocka_unit_test(test_full_disk),
	};

	return tu_exit_code(cmocka_run_group_tests(tests, NULL, NULL));
}
