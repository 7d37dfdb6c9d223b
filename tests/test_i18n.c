/* test_i18n.c - German throughout (issue 15): the embedded catalogue
 * po/de.po, German by default without an installed de_DE locale, English
 * with --lang en or an English locale, and the stable message IDs that
 * errors carry and the CLI prints.
 *
 * The completeness of the catalogue (every literal translated, nothing
 * stale, conversions matching) is tests/check_po.sh; this program also
 * writes the texts of the command and rule tables for it:
 * `test_i18n --runtime-pot FILE`.
 */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cli.h"
#include "error.h"
#include "msg_lang.h"
#include "rule_catalogue.h"
#include "db.h"
#include "store.h"
#include "testutil.h"

static const char no_db_msgid[] = "no database at '%s': run 'fundtrack init' (or 'fundtrack "
				  "demo') first, or give --db PATH";

/* No locale variable set: what a German office's terminal may well say. */
static void clear_locale_env(void)
{
	unsetenv("LC_ALL");
	unsetenv("LC_MESSAGES");
	unsetenv("LANG");
}

/* "[FT0312]" for msgid. */
static void bracketed_id(const char *msgid, char *buf, size_t size)
{
	const char *id = msg_id(msgid);

	assert_non_null(id);
	snprintf(buf, size, "[%s]", id);
}

static void test_catalogue_is_sorted_with_unique_ids(void **state)
{
	(void)state;
	assert_true(msg_catalogue_size > 400);
	for (size_t i = 0; i < msg_catalogue_size; i++) {
		const struct msg_entry *e = &msg_catalogue[i];

		/* FT and four digits */
		assert_int_equal(strlen(e->id), 6);
		assert_memory_equal(e->id, "FT", 2);
		assert_true(strspn(e->id + 2, "0123456789") == 4);
		assert_true(e->de[0] != '\0');
		if (i > 0)
			assert_true(strcmp(msg_catalogue[i - 1].msgid, e->msgid) < 0);
		assert_ptr_equal(msg_find(e->msgid), e); /* the binary search finds each */
		/* one ID, one message; a plural entry's two forms (trn) share it */
		for (size_t j = 0, same = 0; j < i; j++)
			if (strcmp(msg_catalogue[j].id, e->id) == 0)
				assert_int_equal(++same, 1);
	}
	assert_null(msg_find("a text that is not in the catalogue"));
	assert_null(msg_id("a text that is not in the catalogue"));
}

/* No de_DE locale is installed here (a plain Debian container has only C
 * and C.UTF-8), and German comes all the same: it is compiled in. */
static void test_german_without_a_german_locale(void **state)
{
	struct ft_run r;
	char id[16];

	(void)state;
	if (setlocale(LC_MESSAGES, "de_DE.UTF-8") == NULL)
		printf("note: no de_DE.UTF-8 locale installed - German must come from the "
		       "built-in catalogue\n");
	setlocale(LC_ALL, "C");
	clear_locale_env();
	bracketed_id(no_db_msgid, id, sizeof(id));
	tu_run(&r, "/nonexistent-dir/x.db", "grant", "list", NULL);
	assert_int_equal(r.rc, 1);
	assert_true(tu_contains(r.err, "fundtrack: keine Datenbank unter "
				       "'/nonexistent-dir/x.db'"));
	assert_true(tu_contains(r.err, id));
	assert_null(strstr(r.err, "no database"));
	tu_run_free(&r);

	/* a usage error: German, with its ID */
	tu_run(&r, NULL, "book", "G-1", NULL);
	assert_int_equal(r.rc, 2);
	bracketed_id("'book' needs REF, KIND, AMOUNT and --date", id, sizeof(id));
	assert_true(tu_contains(r.err, "fundtrack: 'book' braucht REF, ART, BETRAG und --date"));
	assert_true(tu_contains(r.err, id));
	tu_run_free(&r);

	/* a value's error from app/base: "ungültiges Datum" */
	tu_run(&r, NULL, "--db", "/nonexistent-dir/x.db", "bookings", "--from", "31.02.2026", NULL);
	assert_int_not_equal(r.rc, 0);
	assert_true(tu_contains(r.err, "ung\xC3\xBCltiges Datum '31.02.2026'"));
	tu_run_free(&r);
}

static void test_english_by_option_and_by_locale(void **state)
{
	struct ft_run r;
	char id[16];

	(void)state;
	clear_locale_env();
	bracketed_id(no_db_msgid, id, sizeof(id));
	tu_run(&r, "/nonexistent-dir/x.db", "--lang", "en", "grant", "list", NULL);
	assert_int_equal(r.rc, 1);
	assert_true(tu_contains(r.err, "fundtrack: no database at '/nonexistent-dir/x.db'"));
	assert_true(tu_contains(r.err, id)); /* the same ID in both languages */
	tu_run_free(&r);

	setenv("LANG", "en_US.UTF-8", 1);
	tu_run(&r, "/nonexistent-dir/x.db", "grant", "list", NULL);
	assert_true(tu_contains(r.err, "fundtrack: no database at"));
	assert_true(tu_contains(r.err, id));
	tu_run_free(&r);

	/* LC_ALL wins over LANG (POSIX XBD 8.2), --lang over both */
	setenv("LC_ALL", "de_DE.UTF-8", 1);
	tu_run(&r, "/nonexistent-dir/x.db", "grant", "list", NULL);
	assert_true(tu_contains(r.err, "keine Datenbank unter"));
	tu_run_free(&r);
	tu_run(&r, "/nonexistent-dir/x.db", "--lang", "en", "grant", "list", NULL);
	assert_true(tu_contains(r.err, "no database at"));
	tu_run_free(&r);
	clear_locale_env();
}

/* The core fills err->id; a wrapper without words of its own ("%s: %s")
 * keeps the ID of the message it wraps. */
static void test_error_carries_the_id(void **state)
{
	struct ft_error err, outer;
	const char *id = msg_id("invalid date '%s'");

	(void)state;
	assert_non_null(id);
	msg_lang_set(MSG_DE);
	ft_fail(&err, "invalid date '%s'", "2026-13-01");
	assert_string_equal(err.msg, "ung\xC3\xBCltiges Datum '2026-13-01'");
	assert_string_equal(err.id, id);
	ft_fail(&outer, "%s:%d: %s", "bookings.csv", 7, err.msg);
	assert_string_equal(outer.msg, "bookings.csv:7: ung\xC3\xBCltiges Datum '2026-13-01'");
	assert_string_equal(outer.id, id);

	msg_lang_set(MSG_EN);
	ft_fail(&err, "invalid date '%s'", "2026-13-01");
	assert_string_equal(err.msg, "invalid date '2026-13-01'");
	assert_string_equal(err.id, id);

	/* a message not (yet) in the catalogue: English, no ID */
	msg_lang_set(MSG_DE);
	ft_fail(&err, "a message %s has not got", "the catalogue");
	assert_string_equal(err.msg, "a message the catalogue has not got");
	assert_null(err.id);
	ft_error_clear(&err);
	assert_null(err.id);
}

/* Tests assert the ID, not the wording: a usage error and a core error
 * of the CLI in German, found by the IDs of their English msgids. */
static void test_cli_errors_by_id(void **state)
{
	char *db = tu_small_db();
	struct ft_run r;
	char id[16];

	(void)state;
	clear_locale_env();
	bracketed_id("no %s '%s' in this city (see 'fundtrack %s list')", id, sizeof(id));
	tu_run(&r, db, "grant", "status", "NO-SUCH-REF", "running", NULL);
	assert_int_equal(r.rc, 1);
	assert_true(tu_contains(r.err, id));
	assert_true(tu_contains(r.err, "Zuwendung 'NO-SUCH-REF' gibt es in dieser Stadt nicht"));
	tu_run_free(&r);

	bracketed_id("no %s '%s' (see 'fundtrack %s list')", id, sizeof(id));
	tu_run(&r, db, "grant", "show", "NO-SUCH-REF", NULL);
	assert_int_equal(r.rc, 1);
	assert_true(tu_contains(r.err, id));
	tu_run_free(&r);
	tu_cleanup(db);
}

/* What failed in the database is said in the user's language too: the
 * doing of store_fail (and its wrappers) goes through the catalogue,
 * the engine's own words follow it. */
static void test_database_failures_in_german(void **state)
{
	char *db = tu_small_db();
	struct store *st;
	struct ft_error err;

	(void)state;
	assert_int_equal(store_open(&st, db, STORE_EXISTING, STORE_JOURNAL_WAL, &err), 0);
	/* run, not only prepared: the server prepares when the statement runs */
	assert_int_not_equal(db_exec(store_db(st), "SELECT * FROM no_such_table"), DB_OK);
	msg_lang_set(MSG_DE);
	store_fail(st, &err, "cannot add booking");
	assert_true(tu_contains(err.msg, "Fehler beim Erfassen der Buchung: "));
	assert_true(tu_contains(err.msg, "no_such_table"));
	msg_lang_set(MSG_EN);
	store_fail(st, &err, "cannot add booking");
	assert_true(tu_contains(err.msg, "cannot add booking: "));
	msg_lang_set(MSG_DE);
	store_close(st);
	tu_cleanup(db);
}

/* Plurals (trn): German and English pick the form by the count; both
 * forms carry one ID, also when the German text is passed on as a format. */
static void test_plurals(void **state)
{
	struct ft_error err;
	const char *id = msg_id("%ld warning");

	(void)state;
	assert_non_null(id);
	assert_string_equal(msg_id("%ld warnings"), id);
	msg_lang_set(MSG_DE);
	assert_string_equal(trn("%ld warning", "%ld warnings", 1), "%ld Warnung");
	assert_string_equal(trn("%ld warning", "%ld warnings", 2), "%ld Warnungen");
	assert_string_equal(trn("%ld warning", "%ld warnings", 0), "%ld Warnungen");
	assert_string_equal(msg_id(trn("%ld warning", "%ld warnings", 3)), id);
	ft_fail(&err, trn("%zu problem in '%s'; nothing was imported",
			  "%zu problems in '%s'; nothing was imported", 1),
		(size_t)1, "b.csv");
	assert_string_equal(err.msg, "1 Problem in 'b.csv'; nichts wurde importiert");
	assert_string_equal(err.id, msg_id("%zu problem in '%s'; nothing was imported"));
	msg_lang_set(MSG_EN);
	assert_string_equal(trn("%ld warning", "%ld warnings", 1), "%ld warning");
	assert_string_equal(trn("%ld warning", "%ld warnings", 5), "%ld warnings");
	ft_fail(&err, trn("%zu problem in '%s'; nothing was imported",
			  "%zu problems in '%s'; nothing was imported", 2),
		(size_t)2, "b.csv");
	assert_string_equal(err.msg, "2 problems in 'b.csv'; nothing was imported");
	assert_string_equal(err.id, msg_id("%zu problem in '%s'; nothing was imported"));
}

/* Copies file to out, replacing the first from by to. */
static void copy_replacing(const char *file, const char *out, const char *from, const char *to)
{
	FILE *f = fopen(file, "rb"), *o = fopen(out, "wb");
	char buf[8192];
	size_t n;
	char *at;

	assert_non_null(f);
	assert_non_null(o);
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	at = strstr(buf, from);
	assert_non_null(at);
	fwrite(buf, 1, (size_t)(at - buf), o);
	fputs(to, o);
	fputs(at + strlen(from), o);
	fclose(f);
	assert_int_equal(fclose(o), 0);
}

/* The business-rule findings of validate and import speak German with
 * German severities (Fehler:, Warnung:), name their rule ID, and every
 * format is in the catalogue; English with --lang en. */
static void test_exchange_findings_in_german(void **state)
{
	char *db = tu_small_db();
	char file[600], bad[620], twice[620];
	struct ft_run r;

	(void)state;
	clear_locale_env();
	snprintf(file, sizeof(file), "%s/findings.xml", tu_db_dir(db));
	snprintf(bad, sizeof(bad), "%s/findings.bad.xml", tu_db_dir(db));
	snprintf(twice, sizeof(twice), "%s/findings.twice.xml", tu_db_dir(db));
	tu_ok(db, "export", "-o", file, NULL);
	/* the grant's period ends before it starts; the project names a district
	 * the file does not define */
	copy_replacing(file, twice, "end=\"2024-12-31\">\n      <approved",
		       "end=\"2022-12-31\">\n      <approved");
	copy_replacing(twice, bad, "district=\"NST\" start", "district=\"XX\" start");
	assert_non_null(msg_id("grant '%s': the approval period ends %s, before it starts %s"));
	assert_non_null(msg_id("%s '%s' names the %s '%s', which this file does not define"));
	tu_run(&r, NULL, "validate", bad, NULL);
	assert_int_equal(r.rc, 1);
	assert_true(tu_contains(r.out, ": Fehler: Zuwendung 'G-1': der Bewilligungszeitraum endet am "
				       "31.12.2022, vor seinem Beginn am 01.01.2023"));
	assert_true(tu_contains(r.out, "[FT-PERIOD]"));
	assert_true(tu_contains(r.out, ": Fehler: Projekt 'P1': Stadtbezirk 'XX' "));
	assert_true(tu_contains(r.out, "[FT-REFERENCE]"));
	assert_null(strstr(r.out, "before it starts"));
	assert_null(strstr(r.out, " error: "));
	tu_run_free(&r);
	tu_run(&r, NULL, "--lang", "en", "validate", bad, NULL);
	assert_true(tu_contains(r.out, ": error: grant 'G-1': the approval period ends "));
	assert_true(tu_contains(r.out, "[FT-PERIOD]"));
	tu_run_free(&r);
	/* import: the findings on stderr, and nothing imported, with the ID */
	tu_run(&r, db, "import", bad, NULL);
	assert_int_equal(r.rc, 1);
	assert_true(tu_contains(r.err, "[FT-PERIOD]"));
	assert_true(tu_contains(r.err, msg_id("nothing was imported from '%s' (%ld error)")));
	tu_run_free(&r);
	remove(file);
	remove(bad);
	remove(twice);
	tu_cleanup(db);
}

/* Tables and csv-de show the German words of codes (issue 15: "Land",
 * "bewilligt", not "state", "approved"); csv and English keep the codes. */
static void test_code_values_in_german(void **state)
{
	char *db = tu_small_db();
	struct ft_run r;

	(void)state;
	clear_locale_env();
	tu_run(&r, db, "grant", "list", NULL);
	assert_int_equal(r.rc, 0);
	assert_true(tu_contains(r.out, " Land "));
	assert_true(tu_contains(r.out, "bewilligt"));
	assert_false(tu_contains(r.out, " state "));
	tu_run_free(&r);
	tu_run(&r, db, "--format", "csv-de", "grant", "list", NULL);
	assert_true(tu_contains(r.out, ";Land;"));
	tu_run_free(&r);
	/* counts grouped in tables (DIN 5008), plain where a program reads them */
	tu_run(&r, db, "city", "list", NULL);
	assert_true(tu_contains(r.out, " 586.852 "));
	tu_run_free(&r);
	tu_run(&r, db, "--format", "csv-de", "city", "list", NULL);
	assert_true(tu_contains(r.out, ";586852;"));
	tu_run_free(&r);
	tu_run(&r, db, "--format", "csv", "grant", "list", NULL);
	assert_true(tu_contains(r.out, ",state,"));
	assert_true(tu_contains(r.out, ",approved"));
	tu_run_free(&r);
	tu_run(&r, db, "--format", "json", "grant", "list", NULL);
	assert_true(tu_contains(r.out, "\"level\": \"state\""));
	tu_run_free(&r);
	tu_run(&r, db, "--lang", "en", "grant", "list", NULL);
	assert_true(tu_contains(r.out, " state "));
	tu_run_free(&r);
	/* the validate verdict names the records in German, English keeps its words */
	{
		char path[1024];

		snprintf(path, sizeof(path), "%s/exchange/should-pass/minimal.xml",
			 getenv("FT_TEST_DATA"));
		tu_run(&r, NULL, "validate", path, NULL);
		assert_int_equal(r.rc, 0);
		assert_true(tu_contains(r.out, ": gültig (XML, Schema und Geschäftsregeln): Stadt "));
		assert_true(tu_contains(r.out, "Buchungen: "));
		tu_run_free(&r);
		tu_run(&r, NULL, "--lang", "en", "validate", path, NULL);
		assert_true(tu_contains(r.out, ": valid (XML, schema and business rules): city "));
		tu_run_free(&r);
	}
	/* a filter takes the German word and matches the stored code */
	tu_run(&r, db, "grant", "list", "--level", "Land", NULL);
	assert_int_equal(r.rc, 0);
	assert_true(tu_contains(r.out, "G-1"));
	tu_run_free(&r);
	tu_cleanup(db);
}

/* Headers, section titles and the words in tables are German by default
 * and English with --lang en (issue 15); csv keeps its keys, csv-de its
 * German header row in both languages. */
static void test_headers_and_titles_in_german(void **state)
{
	char *db = tu_small_db();
	struct ft_run r;

	(void)state;
	clear_locale_env();
	tu_run(&r, db, "grant", "show", "G-1", NULL);
	assert_int_equal(r.rc, 0);
	assert_true(tu_contains(r.out, "Aktenzeichen:"));
	assert_true(tu_contains(r.out, "\nJahresraten\n===========\nHaushaltsjahr"));
	assert_true(tu_contains(r.out, "\n\xC3\x84nderungsbescheide\n"));
	assert_true(tu_contains(r.out, "(keine Eintr\xC3\xA4ge)"));
	assert_false(tu_contains(r.out, "Reference:"));
	tu_run_free(&r);
	tu_run(&r, db, "budget", "--by", "level", NULL);
	assert_int_equal(r.rc, 0);
	assert_true(tu_contains(r.out, "Alle Jahre, Buchungen bis "));
	assert_true(tu_contains(r.out, "Ebene  "));
	assert_true(tu_contains(r.out, "\nSumme "));
	tu_run_free(&r);
	/* the final proof of G-1 (period end 31.12.2024) is overdue */
	tu_run(&r, db, "deadlines", "--as-of", "2026-01-01", NULL);
	assert_int_equal(r.rc, 0);
	assert_true(tu_contains(r.out, "Fristen bis "));
	assert_true(tu_contains(r.out, "\xC3\x9C" "berf\xC3\xA4llig"));
	assert_true(tu_contains(r.out, "seit "));
	assert_true(tu_contains(r.out, " Tagen"));
	assert_false(tu_contains(r.out, "days ago"));
	tu_run_free(&r);

	tu_run(&r, db, "--lang", "en", "grant", "show", "G-1", NULL);
	assert_true(tu_contains(r.out, "Reference:"));
	assert_true(tu_contains(r.out, "\nAnnual allocations\n==================\nYear"));
	assert_true(tu_contains(r.out, "(no entries)"));
	assert_false(tu_contains(r.out, "Aktenzeichen"));
	tu_run_free(&r);
	tu_run(&r, db, "--lang", "en", "deadlines", "--as-of", "2026-01-01", NULL);
	assert_true(tu_contains(r.out, "Deadlines up to "));
	assert_true(tu_contains(r.out, " days ago"));
	assert_false(tu_contains(r.out, "seit "));
	tu_run_free(&r);
	/* csv-de: German headers in both languages; csv: the keys */
	tu_run(&r, db, "--lang", "en", "--format", "csv-de", "budget", "--by", "level", NULL);
	assert_true(tu_contains(r.out, "Ebene;Bewilligt;"));
	tu_run_free(&r);
	tu_run(&r, db, "--format", "csv", "budget", "--by", "level", NULL);
	assert_true(tu_contains(r.out, "level,approved,"));
	tu_run_free(&r);

	msg_lang_set(MSG_DE);
	assert_string_equal(trn("%ld day ago", "%ld days ago", 1), "seit %ld Tag");
	assert_string_equal(trn("%ld day ago", "%ld days ago", 2), "seit %ld Tagen");
	msg_lang_set(MSG_EN);
	assert_string_equal(trn("%ld day ago", "%ld days ago", 2), "%ld days ago");
	tu_cleanup(db);
}

/* Help, usage and the rule texts for people in German; csv keeps the
 * catalogue's English for scripts (and the README table). */
static void test_help_and_rules_in_german(void **state)
{
	struct ft_run r;

	(void)state;
	clear_locale_env();
	tu_run(&r, NULL, "budget", "--help", NULL);
	assert_int_equal(r.rc, 0);
	assert_true(tu_contains(r.out, "Buchungen bis DATUM z\xC3\xA4hlen"));
	tu_run_free(&r);
	tu_run(&r, NULL, "--lang", "en", "budget", "--help", NULL);
	assert_true(tu_contains(r.out, "count bookings up to DATE"));
	tu_run_free(&r);
	/* the placeholders as the German messages name them; the option
	 * texts still start in one column after a word with an umlaut */
	tu_run(&r, NULL, "grant", "--help", NULL);
	assert_true(tu_contains(r.out, "Aufruf: fundtrack grant add REF --project SCHL\xC3\x9CSSEL "
				       "--programme SCHL\xC3\x9CSSEL"));
	assert_true(tu_contains(r.out, "  oder: fundtrack grant alloc REF JAHR BETRAG [--force]"));
	assert_true(tu_contains(r.out, "\n  --project SCHL\xC3\x9CSSEL das Projekt"));
	assert_true(tu_contains(r.out, "\n  --amount BETRAG     "));
	tu_run_free(&r);
	tu_run(&r, NULL, "--lang", "en", "grant", "--help", NULL);
	assert_true(tu_contains(r.out, "usage: fundtrack grant add REF --project CODE --programme CODE"));
	tu_run_free(&r);

	tu_run(&r, NULL, "rules", "--scope", "check", NULL);
	assert_true(tu_contains(r.out, "mehr abgerufen (abz\xC3\xBCglich R\xC3\xBC" "ckzahlungen) als "
				       "der bewilligte Betrag"));
	tu_run_free(&r);
	tu_run(&r, NULL, "--format", "csv", "rules", "--scope", "check", NULL);
	assert_true(tu_contains(r.out, "FT-OVER-CAP,error,"));
	assert_true(tu_contains(r.out, "drawn down (less repayments) more than the approved amount"));
	tu_run_free(&r);
}

/* The texts of the command and rule tables, as a POT file for
 * tests/check_po.sh (they are not literals xgettext can find in a call). */
static void pot_entry(FILE *f, const char *text)
{
	if (!text || !*text)
		return;
	fputs("msgid \"", f);
	for (const char *p = text; *p; p++) {
		if (*p == '"' || *p == '\\')
			fputc('\\', f), fputc(*p, f);
		else if (*p == '\n')
			fputs("\\n", f);
		else if (*p == '\t')
			fputs("\\t", f);
		else
			fputc(*p, f);
	}
	fputs("\"\nmsgstr \"\"\n\n", f);
}

static void pot_command(FILE *f, const struct ft_command *c)
{
	pot_entry(f, c->summary);
	pot_entry(f, c->help);
	for (size_t i = 0; i < c->nopts; i++)
		pot_entry(f, c->opts[i].help);
	for (size_t i = 0; i < c->nsubs; i++)
		pot_command(f, &c->subs[i]);
}

static int write_runtime_pot(const char *path)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return 1;
	fputs("msgid \"\"\nmsgstr \"Content-Type: text/plain; charset=UTF-8\\n\"\n\n", f);
	for (size_t i = 0; i < ft_nglobal_options; i++)
		pot_entry(f, ft_global_options[i].help);
	for (size_t i = 0; ft_command_at(i); i++)
		pot_command(f, ft_command_at(i));
	for (size_t i = 0; i < RULE_COUNT; i++)
		pot_entry(f, rule_catalogue[i].summary);
	return fclose(f) != 0;
}

/* A status inside a sentence is the German word, as in the tables; the
 * list of allowed next statuses too; English keeps the codes. And what a
 * value was meant to be ("Buchungsart") is said in German. */
static void test_status_words_in_messages(void **state)
{
	char *db = tu_small_db();

	(void)state;
	clear_locale_env();
	tu_ok(db, "grant", "add", "G-9", "--project", "P2", "--programme", "SOE", "--amount",
	      "1.000,00", "--from", "01.01.2025", "--to", "31.12.2025", "--status", "beantragt",
	      NULL);
	tu_fail(db, 1, "die Zuwendung 'G-9' ist 'beantragt' und kann nicht 'laufend' werden; als "
		       "Nächstes erlaubt: bewilligt, abgelehnt",
		"grant", "status", "G-9", "running", NULL);
	tu_fail(db, 1, "die Zuwendung 'G-9' ist 'beantragt': Buchungen brauchen eine bewilligte "
		       "Zuwendung",
		"book", "G-9", "drawdown", "1,00", "--date", "01.02.2025", NULL);
	tu_fail(db, 1, "die Zuwendung 'G-9' ist schon 'beantragt'", "grant", "status", "G-9",
		"applied", NULL);
	tu_fail(db, 1, "grant 'G-9' is 'applied' and cannot become 'running'; allowed next: "
		       "approved, rejected",
		"--lang", "en", "grant", "status", "G-9", "running", NULL);
	/* what a wrong value was meant to be, in German too */
	tu_fail(db, 1, "Buchungsart 'foo' ist ungültig: erwartet wird eines von drawdown, "
		       "expenditure, repayment, interest (oder Mittelabruf,",
		"book", "G-1", "foo", "1,00", "--date", "01.02.2023", NULL);
	tu_fail(db, 1, "Haushaltsjahr '20x' ist ungültig: erwartet wird eine ganze Zahl von 1900 "
		       "bis 2199",
		"grant", "alloc", "G-1", "20x", "5,00", NULL);
	tu_fail(db, 1, "Betrag: ungültiger Betrag '1,001'", "book", "G-1", "drawdown", "1,001",
		"--date", "01.02.2023", NULL);
	tu_ok(db, "district", "retire", "HOE", NULL);
	/* dates inside sentences as the officer writes them */
	tu_fail(db, 1, "das Projektende 31.12.2024 liegt vor dem Projektbeginn 01.01.2025",
		"project", "add", "P9", "X", "--field", "Gesundheit", "--from", "01.01.2025", "--to",
		"31.12.2024", NULL);
	tu_fail(db, 1, "Stadtbezirk 'HOE' wurde schon stillgelegt (am ", "district", "retire",
		"HOE", NULL);
	/* a guard of the schema (a trigger's RAISE) speaks German too */
	tu_fail(db, 1, "der Stadtbezirk ist stillgelegt und nimmt keine neuen Projekte auf (siehe "
		       "'fundtrack district list --all')",
		"project", "add", "P9", "X", "--field", "Gesundheit", "--district", "HOE", "--from",
		"01.01.2025", NULL);
	tu_fail(db, 1, "the district is retired and takes no new projects", "--lang", "en",
		"project", "add", "P9", "X", "--field", "health", "--district", "HOE", "--from",
		"01.01.2025", NULL);
	tu_cleanup(db);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_catalogue_is_sorted_with_unique_ids),
		cmocka_unit_test(test_german_without_a_german_locale),
		cmocka_unit_test(test_english_by_option_and_by_locale),
		cmocka_unit_test(test_error_carries_the_id),
		cmocka_unit_test(test_cli_errors_by_id),
		cmocka_unit_test(test_help_and_rules_in_german),
		cmocka_unit_test(test_code_values_in_german),
		cmocka_unit_test(test_status_words_in_messages),
		cmocka_unit_test(test_headers_and_titles_in_german),
		cmocka_unit_test(test_plurals),
		cmocka_unit_test(test_database_failures_in_german),
		cmocka_unit_test(test_exchange_findings_in_german),
	};

	if (argc == 3 && strcmp(argv[1], "--runtime-pot") == 0)
		return write_runtime_pot(argv[2]);
	return tu_exit_code(cmocka_run_group_tests(tests, NULL, NULL));
}
