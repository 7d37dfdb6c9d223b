/* test_options.c - the declared command table (issue 11): every option of
 * every command parses as "--opt value" and "--opt=value", and appears in
 * --help, in the completion and in the man page, which is the generated
 * one; global options anywhere, enumerations in German and English,
 * repeated and missing values, unknown options and sub-commands. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cli.h"
#include "csv_import.h"
#include "ledger.h"
#include "msg_lang.h"
#include "output.h"
#include "testutil.h"

static char *read_file(const char *path)
{
	FILE *f = fopen(path, "r");
	char *text;
	long size;

	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	rewind(f);
	text = malloc((size_t)size + 1);
	assert_non_null(text);
	assert_int_equal(fread(text, 1, (size_t)size, f), (size_t)size);
	text[size] = '\0';
	fclose(f);
	return text;
}

static char *man_page(void)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/app/fundtrack.1", FT_SOURCE_DIR);
	return read_file(path);
}

/* "--as-of" as roff writes it: "\-\-as\-of" */
static void roff_name(const char *name, char *buf, size_t size)
{
	size_t used = 0;

	for (const char *p = name; *p && used + 3 < size; p++) {
		if (*p == '-')
			buf[used++] = '\\';
		buf[used++] = *p;
	}
	buf[used] = '\0';
}

/* A value the option accepts as far as the parser is concerned. */
static const char *sample_value(const struct arg_opt *o)
{
	return o->choices ? o->choices->codes[0] : "x";
}

/* Parses one option in both forms (and its short form) and checks the
 * value lands under the option's index. */
static void check_parses(const struct ft_command *cmd, size_t i)
{
	const struct arg_opt *o = &cmd->opts[i];
	const char *value = sample_value(o);
	char joined[128], shorter[8];
	char *separate[] = { (char *)o->name, (char *)value };
	char *one[] = { joined };
	struct ft_error err;
	struct args a;

	if (!o->metavar) {
		assert_int_equal(args_parse(1, separate, cmd->opts, cmd->nopts, NULL, 0, &a, &err),
				 ARGS_OK);
		assert_int_equal(a.seen[i], 1);
		snprintf(joined, sizeof(joined), "%s=yes", o->name);
		assert_int_equal(args_parse(1, one, cmd->opts, cmd->nopts, NULL, 0, &a, &err),
				 ARGS_USAGE);
		assert_true(tu_contains(err.msg, "takes no value"));
		return;
	}
	assert_int_equal(args_parse(2, separate, cmd->opts, cmd->nopts, NULL, 0, &a, &err),
			 ARGS_OK);
	assert_string_equal(a.value[i], value);
	snprintf(joined, sizeof(joined), "%s=%s", o->name, value);
	assert_int_equal(args_parse(1, one, cmd->opts, cmd->nopts, NULL, 0, &a, &err), ARGS_OK);
	assert_string_equal(a.value[i], value);
	assert_int_equal(a.seen[i], 1);
	/* without its value */
	assert_int_equal(args_parse(1, separate, cmd->opts, cmd->nopts, NULL, 0, &a, &err),
			 ARGS_USAGE);
	assert_true(tu_contains(err.msg, "needs a value"));
	if (o->short_name) {
		snprintf(shorter, sizeof(shorter), "-%c", o->short_name);
		separate[0] = shorter;
		assert_int_equal(args_parse(2, separate, cmd->opts, cmd->nopts, NULL, 0, &a, &err),
				 ARGS_OK);
		assert_string_equal(a.value[i], value);
	}
}

/* The option is in the help of its command (group), in the completion
 * of "CMD [SUB]" and in the man page. */
static void check_documented(const struct ft_command *group, const struct ft_command *cmd,
			     size_t i, const char *man)
{
	const struct arg_opt *o = &cmd->opts[i];
	char word[80], escaped[80];
	struct ft_run r;

	tu_run(&r, NULL, "help", group->name, NULL);
	assert_int_equal(r.rc, 0);
	if (!strstr(r.out, o->name))
		fprintf(stderr, "'%s %s' lacks %s in its help\n", group->name, cmd->name, o->name);
	assert_non_null(strstr(r.out, o->name));
	for (size_t k = 0; o->choices && o->choices->codes[k]; k++)
		assert_non_null(strstr(r.out, o->choices->codes[k]));
	tu_run_free(&r);

	if (group == cmd)
		tu_run(&r, NULL, "__complete", "options", cmd->name, NULL);
	else
		tu_run(&r, NULL, "__complete", "options", group->name, cmd->name, NULL);
	snprintf(word, sizeof(word), "%s%s\n", o->name, o->metavar ? "=" : "");
	if (!strstr(r.out, word))
		fprintf(stderr, "completion of '%s %s' lacks %s", group->name, cmd->name, word);
	assert_non_null(strstr(r.out, word));
	tu_run_free(&r);

	roff_name(o->name, escaped, sizeof(escaped));
	if (!strstr(man, escaped))
		fprintf(stderr, "app/fundtrack.1 lacks %s\n", escaped);
	assert_non_null(strstr(man, escaped));
}

static void check_command(const struct ft_command *group, const struct ft_command *cmd,
			  const char *man)
{
	assert_true(cmd->nopts <= ARGS_MAX_OPTS);
	assert_true(cmd->run != NULL);
	for (size_t i = 0; i < cmd->nopts; i++) {
		assert_non_null(cmd->opts[i].name); /* no hole in the table */
		if (cmd->opts[i].flags & ARG_HIDDEN)
			continue;
		assert_non_null(cmd->opts[i].help);
		check_parses(cmd, i);
		if (group->summary)
			check_documented(group, cmd, i, man);
	}
}

static void test_every_option_of_the_table(void **state)
{
	const struct ft_command *c;
	char *man = man_page();
	size_t options = 0;

	(void)state;
	for (size_t i = 0; (c = ft_command_at(i)) != NULL; i++) {
		if (!c->nsubs)
			check_command(c, c, man);
		for (size_t s = 0; s < c->nsubs; s++)
			check_command(c, &c->subs[s], man);
		options += c->nopts;
		for (size_t s = 0; s < c->nsubs; s++)
			options += c->subs[s].nopts;
	}
	assert_true(options > 60); /* the walk really saw the tables */
	for (size_t i = 0; i < ft_nglobal_options; i++) {
		char escaped[80];

		roff_name(ft_global_options[i].name, escaped, sizeof(escaped));
		assert_non_null(strstr(man, escaped));
	}
	free(man);
}

/* The committed man page is exactly what 'fundtrack help --man' makes of
 * it, in English like its hand-written frame (po/README.md; the generated
 * part follows --lang): regenerate with
 * 'build/fundtrack --lang en help --man app/fundtrack.1'. */
static void test_man_page_is_generated(void **state)
{
	char path[4096];
	char *man = man_page();
	struct ft_run r;

	(void)state;
	snprintf(path, sizeof(path), "%s/app/fundtrack.1", FT_SOURCE_DIR);
	tu_run(&r, NULL, "--lang", "en", "help", "--man", path, NULL);
	assert_int_equal(r.rc, 0);
	if (strcmp(r.out, man) != 0)
		fprintf(stderr, "app/fundtrack.1 is not the generated page: run "
				"'build/fundtrack --lang en help --man app/fundtrack.1 > x && mv x "
				"app/fundtrack.1'\n");
	assert_string_equal(r.out, man);
	tu_run_free(&r);
	free(man);
	tu_fail(NULL, 1, "lacks the markers", "help", "--man", "/dev/null", NULL);
}

static void test_equals_and_global_options_anywhere(void **state)
{
	char *db = tu_temp_db();
	char db_option[4200];
	struct ft_run r;

	(void)state;
	snprintf(db_option, sizeof(db_option), "--db=%s", db);
	tu_run(&r, NULL, "init", db_option, NULL);
	assert_int_equal(r.rc, 0);
	tu_run_free(&r);
	/* --db=PATH before, --db PATH after the command; --opt=value */
	tu_run(&r, NULL, db_option, "city", "add", "05913000", "Dortmund", "--population=586852",
	       "--own", NULL);
	assert_int_equal(r.rc, 0);
	tu_run_free(&r);
	tu_run(&r, NULL, "city", "list", "--db", db, "--format=csv", NULL);
	assert_int_equal(r.rc, 0);
	assert_true(tu_contains(r.out, "05913000,Dortmund,586852"));
	tu_run_free(&r);
	tu_run(&r, NULL, "budget", "--format=csv", "--by=level", "--db", db, NULL);
	assert_int_equal(r.rc, 0);
	assert_true(tu_contains(r.out, "level,"));
	tu_run_free(&r);
	tu_fail(NULL, 2, "invalid format 'xml'", "city", "list", "--db", db, "--format=xml", NULL);
	tu_fail(NULL, 2, "option '--db' needs a path", "city", "list", "--db=", NULL);
	tu_cleanup(db);
}

/* export's own --format (xml, ledger) wins over the global one, without a
 * special case: a command's option of the same name shadows it. */
static void test_own_option_shadows_global(void **state)
{
	char *db = tu_small_db();
	struct ft_run r;

	(void)state;
	tu_run(&r, db, "export", "--format=ledger", NULL);
	assert_int_equal(r.rc, 0);
	assert_true(tu_contains(r.out, "; fundtrack bookings"));
	assert_null(strstr(r.out, "<?xml"));
	tu_run_free(&r);
	tu_run(&r, NULL, "--format", "csv", "export", "--db", db, "--format", "xml", NULL);
	assert_int_equal(r.rc, 0);
	assert_true(tu_contains(r.out, "<?xml"));
	tu_run_free(&r);
	tu_fail(db, 2, "invalid export format 'json'", "export", "--format", "json", NULL);
	tu_cleanup(db);
}

static void test_enumerations_in_german_and_english(void **state)
{
	char *db = tu_small_db();

	(void)state;
	tu_ok(db, "funder", "add", "F1", "Bund eins", "--level", "Bund", NULL);
	tu_ok(db, "funder", "add", "F2", "Land zwei", "--level=Land", NULL);
	tu_ok(db, "funder", "add", "F3", "Kommune drei", "--level", "KOMMUNE", NULL);
	tu_ok(db, "funder", "add", "F4", "EU vier", "--level", "EU", NULL);
	tu_ok(db, "funder", "add", "F5", "Land fünf", "--level", "state", NULL);
	tu_assert_query(db,
			"SELECT group_concat(level, ' ') FROM (SELECT level FROM funder "
			"WHERE code LIKE 'F_' ORDER BY code)",
			"federal state municipal eu state");
	tu_ok(db, "programme", "add", "PA", "Anteil", "--funder", "F1", "--financing", "Anteil",
	      NULL);
	tu_ok(db, "programme", "add", "PB", "Fehlbedarf", "--funder", "F1",
	      "--financing=Fehlbedarf", NULL);
	tu_ok(db, "programme", "add", "PC", "Fest", "--funder", "F1", "--financing", "Festbetrag",
	      NULL);
	tu_ok(db, "programme", "add", "PD", "Voll", "--funder", "F1", "--financing",
	      "Vollfinanzierung", NULL);
	tu_ok(db, "programme", "add", "PE", "Share", "--funder", "F1", "--financing", "share",
	      NULL);
	tu_assert_query(db,
			"SELECT group_concat(financing, ' ') FROM (SELECT financing FROM programme "
			"WHERE code LIKE 'P_' ORDER BY code)",
			"share deficit fixed full share");
	/* positional enumerations too: STATUS of grant status, KIND of book */
	tu_ok(db, "grant", "status", "G-1", "laufend", NULL);
	tu_assert_query(db, "SELECT status FROM \"grant\" WHERE ref = 'G-1'", "running");
	tu_ok(db, "book", "G-1", "Mittelabruf", "100,00", "--date", "01.03.2024", NULL);
	tu_assert_query(db, "SELECT kind FROM booking ORDER BY id DESC LIMIT 1", "drawdown");
	/* a word of neither language: both lists in the message, exit 1 */
	tu_fail(db, 1, "invalid level 'Kreis': expected one of eu, federal, state, municipal, "
		       "other-public, foundation (or Bund, Land, Kommune, sonstige öffentliche "
		       "Stelle, Stiftung)",
		"funder", "add", "F9", "X", "--level", "Kreis", NULL);
	tu_cleanup(db);
}

/* Where a command checks an option's words itself (ARG_OWN_CHECK), the
 * words its table offers are the ones its parser takes. */
static void test_offered_words_are_accepted(void **state)
{
	const struct arg_opt *format = NULL;
	const struct ft_command *import = ft_command_find("import-csv", NULL);
	const char *inline_value;
	enum csv_encoding enc;
	enum out_format f;
	struct ft_error err;
	int k;

	(void)state;
	for (size_t i = 0; i < ft_nglobal_options; i++)
		if (strcmp(ft_global_options[i].name, "--format") == 0)
			format = &ft_global_options[i];
	assert_non_null(format);
	for (size_t i = 0; format->choices->codes[i]; i++)
		assert_int_equal(out_format_parse(format->choices->codes[i], &f), 0);
	assert_non_null(import);
	k = args_match(import->opts, import->nopts, "--encoding", &inline_value);
	assert_true(k >= 0);
	for (size_t i = 0; import->opts[k].choices->codes[i]; i++)
		assert_int_equal(csv_encoding_parse(import->opts[k].choices->codes[i], &enc, &err), 0);
}

/* The same mapping serves the CSV import: one table for both. */
static void test_csv_import_shares_the_words(void **state)
{
	const char *code;
	struct ft_error err;

	(void)state;
	assert_int_equal(word_enum_parse(&ledger_financing_enum, "Fehlbedarfsfinanzierung", &code,
					 &err),
			 0);
	assert_string_equal(code, "deficit");
	assert_int_equal(word_enum_parse(&ledger_level_enum, "kommune", &code, &err), 0);
	assert_string_equal(code, "municipal");
	assert_int_equal(word_enum_parse(&ledger_status_enum, "Nachweis fällig", &code, &err), 0);
	assert_string_equal(code, "proof-due");
	assert_int_equal(word_enum_parse(&ledger_kind_enum, "Zahlung", &code, &err), -1);
	assert_true(tu_contains(err.msg, "invalid booking kind 'Zahlung': expected one of "
					 "drawdown, expenditure, repayment, interest (or "));
}

static void test_repeated_and_missing_values(void **state)
{
	enum { O_SET, O_NOTE, O_FLAG };
	static const struct arg_opt opts[] = {
		[O_SET] = { "--set", 0, "KEY=VALUE", ARG_REPEAT, NULL, NULL, "repeatable" },
		[O_NOTE] = { "--note", 'n', "TEXT", 0, NULL, NULL, "last one wins" },
		[O_FLAG] = { "--flag", 0, NULL, 0, NULL, NULL, "a flag" },
	};
	char *words[] = { "--set", "a=1", "--note=first", "--set=b=2", "-nsecond", "--flag",
			  "--", "--set" };
	char *missing[] = { "--set", "a=1", "--note" };
	struct ft_error err;
	struct args a;

	(void)state;
	assert_int_equal(args_parse(8, words, opts, 3, NULL, 0, &a, &err), ARGS_OK);
	assert_int_equal(a.nvalues, 2);
	assert_string_equal(a.values[0], "a=1");
	assert_string_equal(a.values[1], "b=2");
	assert_int_equal(a.value_of[1], O_SET);
	assert_int_equal(a.seen[O_SET], 2);
	assert_string_equal(a.value[O_NOTE], "second");
	assert_int_equal(a.seen[O_FLAG], 1);
	assert_int_equal(a.npos, 1); /* after "--" a word is positional */
	assert_string_equal(a.pos[0], "--set");
	assert_string_equal(args_get(&a, "--note"), "second");
	assert_null(args_get(&a, "--nothing"));
	assert_int_equal(args_parse(3, missing, opts, 3, NULL, 0, &a, &err), ARGS_USAGE);
	assert_string_equal(err.msg, "option '--note' needs a value");

	/* through the program: the model's repeated --set, a missing value */
	tu_ok(NULL, "model", "--set", "approval=60", "--set=bridge=yes", NULL);
	tu_fail(NULL, 2, "option '--note' needs a value", "grant", "edit", "G-1", "--note", NULL);
	tu_fail(NULL, 2, "option '--own' takes no value", "city", "add", "X", "Y", "--own=yes",
		NULL);
}

static void test_unknown_words(void **state)
{
	struct ft_run r;
	char expected[400];

	(void)state;
	tu_fail(NULL, 2, "unknown option '--populaton' (did you mean '--population'?)", "city",
		"add", "05913000", "X", "--populaton=5", NULL);
	tu_fail(NULL, 2, "unknown option '--finance' (did you mean '--financing'?)", "programme",
		"add", "X", "Y", "--finance", "share", NULL);
	/* a wrong sub-command: the error, one short usage line and a hint */
	tu_run(&r, NULL, "project", "lst", NULL);
	assert_int_equal(r.rc, 2);
	snprintf(expected, sizeof(expected),
		 "fundtrack: unknown sub-command 'project lst' (did you mean 'project list'?) "
		 "[%s]\n"
		 "usage: fundtrack project add|list|show|edit ...\n"
		 "(see 'fundtrack project --help')\n",
		 msg_id("unknown sub-command '%s %s' (did you mean '%s %s'?)"));
	assert_string_equal(r.err, expected);
	tu_run_free(&r);
	/* a usage error shows only the usage of the sub-command at fault */
	tu_run(&r, NULL, "funder", "add", "X", NULL);
	assert_int_equal(r.rc, 2);
	assert_true(tu_contains(r.err, "usage: fundtrack funder add CODE NAME --level LEVEL\n"));
	assert_null(strstr(r.err, "funder list"));
	tu_run_free(&r);
}

/* -o FILE for every command that writes output: the file appears
 * complete or not at all; export and report keep their own -o. */
static void test_output_file(void **state)
{
	char *db = tu_small_db();
	char path[4200], *text;
	struct ft_run r, second;

	(void)state;
	snprintf(path, sizeof(path), "%s/db.out.csv", tu_db_dir(db));
	tu_run(&r, db, "funder", "list", "--format=csv", "-o", path, NULL);
	assert_int_equal(r.rc, 0);
	assert_string_equal(r.out, "");
	tu_run_free(&r);
	text = read_file(path);
	assert_true(tu_contains(text, "code,name,level,programmes,retired\n"));
	free(text);
	remove(path);
	/* a failing command leaves no file */
	tu_fail(db, 1, "no grant 'NOPE'", "grant", "show", "NOPE", "--output", path, NULL);
	assert_null(fopen(path, "r"));
	tu_fail(db, 1, "cannot write '/nonexistent-dir/x.csv'", "funder", "list", "-o",
		"/nonexistent-dir/x.csv", NULL);
	tu_fail(db, 2, "option '--output' needs a file name", "funder", "list", "--output=", NULL);
	/* check --fail-on exits with 1 but its listing is complete: kept */
	tu_ok(db, "book", "G-1", "drawdown", "90.000,00", "--date", "01.06.2023", "--force", NULL);
	tu_run(&r, db, "check", "--fail-on", "error", NULL);
	assert_int_equal(r.rc, 1);
	tu_run(&second, db, "check", "--fail-on", "error", "-o", path, NULL);
	assert_int_equal(second.rc, 1);
	assert_string_equal(second.out, "");
	text = read_file(path);
	assert_true(tu_contains(text, "FT-OVER-CAP"));
	assert_string_equal(text, r.out);
	free(text);
	tu_run_free(&r);
	tu_run_free(&second);
	remove(path);
	tu_cleanup(db);
}

/* Completion of values comes from the table too: enumerations, codes of
 * the database, file names. */
static void test_completion_of_values(void **state)
{
	char *db = tu_small_db();
	struct ft_run r;

	(void)state;
	tu_run(&r, NULL, "__complete", "value", "funder", "add", "level", NULL);
	assert_string_equal(r.out, "eu\nfederal\nstate\nmunicipal\nother-public\nfoundation\n");
	tu_run_free(&r);
	tu_run(&r, NULL, "__complete", "value", "export", "format", NULL);
	assert_string_equal(r.out, "xml\nledger\n");
	tu_run_free(&r);
	tu_run(&r, NULL, "__complete", "value", "format", NULL);
	assert_string_equal(r.out, "table\ncsv\ncsv-de\njson\n");
	tu_run_free(&r);
	tu_run(&r, NULL, "__complete", "value", "deadlines", "ics", NULL);
	assert_string_equal(r.out, "@file\n");
	tu_run_free(&r);
	tu_run(&r, db, "__complete", "value", "grant", "add", "project", NULL);
	assert_string_equal(r.out, "P1\nP2\n");
	tu_run_free(&r);
	tu_run(&r, db, "__complete", "positional", "grant", "status", "1", NULL);
	assert_true(tu_contains(r.out, "applied\napproved\n"));
	tu_run_free(&r);
	tu_run(&r, db, "__complete", "positional", "import-csv", "grants", "0", NULL);
	assert_string_equal(r.out, "@file\n");
	tu_run_free(&r);
	tu_cleanup(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_option_of_the_table),
		cmocka_unit_test(test_man_page_is_generated),
		cmocka_unit_test(test_equals_and_global_options_anywhere),
		cmocka_unit_test(test_own_option_shadows_global),
		cmocka_unit_test(test_enumerations_in_german_and_english),
		cmocka_unit_test(test_csv_import_shares_the_words),
		cmocka_unit_test(test_offered_words_are_accepted),
		cmocka_unit_test(test_repeated_and_missing_values),
		cmocka_unit_test(test_unknown_words),
		cmocka_unit_test(test_output_file),
		cmocka_unit_test(test_completion_of_values),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
