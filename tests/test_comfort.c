/* test_comfort.c - 'grant add' asking for missing values on a real
 * pseudo-terminal (and not in scripts), the words of the bash completion
 * and the completion script itself, and the man page. */
/* posix_openpt, grantpt, unlockpt, ptsname are X/Open */
#define _XOPEN_SOURCE 700

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "cli.h"
#include "testutil.h"

/* ---- a pseudo-terminal as standard input and error -------------------------- */

struct terminal {
	int master, slave;
	char screen[16384]; /* what the terminal showed */
};

static void terminal_open(struct terminal *t, const char *typed)
{
	struct termios tio;

	t->master = posix_openpt(O_RDWR | O_NOCTTY);
	assert_true(t->master >= 0);
	assert_int_equal(grantpt(t->master), 0);
	assert_int_equal(unlockpt(t->master), 0);
	t->slave = open(ptsname(t->master), O_RDWR | O_NOCTTY);
	assert_true(t->slave >= 0);
	/* no echo: the screen then holds only what fundtrack wrote */
	assert_int_equal(tcgetattr(t->slave, &tio), 0);
	tio.c_lflag &= ~(tcflag_t)ECHO;
	assert_int_equal(tcsetattr(t->slave, TCSANOW, &tio), 0);
	/* typed ahead: the line discipline hands it out line by line */
	assert_int_equal(write(t->master, typed, strlen(typed)), (ssize_t)strlen(typed));
	t->screen[0] = '\0';
}

/* Runs fundtrack with the terminal as stdin and stderr. */
static int terminal_run(struct terminal *t, char **argv, int argc, FILE *out)
{
	int saved = dup(STDIN_FILENO), rc;
	FILE *err;

	assert_true(saved >= 0);
	assert_true(dup2(t->slave, STDIN_FILENO) >= 0);
	clearerr(stdin);
	err = fdopen(dup(t->slave), "w");
	assert_non_null(err);
	rc = ft_main(argc, argv, out, err);
	fclose(err);
	assert_true(dup2(saved, STDIN_FILENO) >= 0);
	close(saved);
	clearerr(stdin);
	return rc;
}

static void terminal_close(struct terminal *t)
{
	size_t used = 0;
	ssize_t n;

	fcntl(t->master, F_SETFL, O_NONBLOCK);
	while (used + 1 < sizeof(t->screen) &&
	       (n = read(t->master, t->screen + used, sizeof(t->screen) - 1 - used)) > 0)
		used += (size_t)n;
	t->screen[used] = '\0';
	close(t->slave);
	close(t->master);
}

static char *slurp(FILE *f)
{
	static char buf[8192];
	size_t n;

	rewind(f);
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	return buf;
}

static void test_grant_add_asks_on_a_terminal(void **state)
{
	char *db = tu_small_db();
	char *argv[] = { "fundtrack", "--db", db, "grant", "add", NULL };
	struct terminal t;
	FILE *out = tmpfile();
	struct ft_run r;
	int rc;

	(void)state;
	/* a wrong project, an unreadable amount, a period ending too early */
	terminal_open(&t, "ZUW-9\nP9\nP2\n\nSOE\nabc\n5.000,00\n01.01.2026\n31.12.2025\n"
			  "31.12.2026\n");
	rc = terminal_run(&t, argv, 5, out);
	terminal_close(&t);
	assert_int_equal(rc, 0);
	assert_true(tu_contains(slurp(out), "added grant ZUW-9: 5.000,00 € for project P2"));
	fclose(out);
	assert_true(tu_contains(t.screen, "'grant add' needs more; please answer (Ctrl-D cancels)"));
	assert_true(tu_contains(t.screen, "file reference, Aktenzeichen (REF): "));
	/* the allowed values, from the database */
	assert_true(tu_contains(t.screen, "projects recorded:"));
	assert_true(tu_contains(t.screen, "P1             Ankommen I"));
	assert_true(tu_contains(t.screen, "P2             Ankommen II"));
	assert_true(tu_contains(t.screen, "SOE            Zuwanderung Südosteuropa"));
	/* each wrong answer is explained and asked again */
	assert_true(tu_contains(t.screen, "fundtrack: no project 'P9': choose one of the list"));
	assert_true(tu_contains(t.screen, "fundtrack: a value is needed (Ctrl-D cancels)"));
	assert_true(tu_contains(t.screen, "fundtrack: --amount: invalid amount 'abc'"));
	assert_true(tu_contains(t.screen, "fundtrack: the period cannot end before it starts"));
	tu_run(&r, db, "--format", "csv", "grant", "list", NULL);
	assert_true(tu_contains(r.out, "ZUW-9,P2,SOE,state,2026-01-01,2026-12-31,80.00,5000.00"));
	tu_run_free(&r);
	/* the audit log shows the answers with the command */
	tu_run(&r, db, "--format", "csv", "audit", "log", "--record", "ZUW-9", NULL);
	assert_true(tu_contains(r.out, "fundtrack grant add (answered on the terminal: 'ZUW-9' "
				       "--project 'P2' --programme 'SOE' --amount '5.000,00' "
				       "--from '01.01.2026' --to '31.12.2026')"));
	tu_run_free(&r);
	tu_cleanup(db);
}

static void test_only_missing_values_are_asked(void **state)
{
	char *db = tu_small_db();
	char *argv[] = { "fundtrack", "--db",	   db,	      "grant", "add", "ZUW-10", "--project",
			 "P2",	      "--programme", "SOE", "--amount", "1,00", NULL };
	struct terminal t;
	FILE *out = tmpfile();

	(void)state;
	terminal_open(&t, "1.4.2025\n31.12.2025\n");
	assert_int_equal(terminal_run(&t, argv, 12, out), 0);
	terminal_close(&t);
	fclose(out);
	assert_null(strstr(t.screen, "(REF)"));
	assert_null(strstr(t.screen, "projects recorded"));
	assert_true(tu_contains(t.screen, "approval period from (--from, DD.MM.YYYY): "));
	assert_true(tu_contains(t.screen, "approval period to (--to, DD.MM.YYYY): "));
	tu_cleanup(db);
}

static void test_ctrl_d_cancels(void **state)
{
	char *db = tu_small_db();
	char *argv[] = { "fundtrack", "--db", db, "grant", "add", NULL };
	char *before = tu_db_dump(db), *after;
	struct terminal t;
	FILE *out = tmpfile();

	(void)state;
	terminal_open(&t, "ZUW-11\n\x04");
	assert_int_equal(terminal_run(&t, argv, 5, out), 2);
	terminal_close(&t);
	fclose(out);
	assert_true(tu_contains(t.screen, "fundtrack: 'grant add' cancelled"));
	after = tu_db_dump(db);
	assert_string_equal(before, after);
	free(before);
	free(after);
	tu_cleanup(db);
}

/* Standard input a terminal but the output for questions is not (here: a
 * file): nobody could read the questions, so it is the usage error. */
static void test_scripts_get_the_usage_error(void **state)
{
	char *db = tu_small_db();
	char *argv[] = { "fundtrack", "--db", db, "grant", "add", "X", NULL };
	int saved = dup(STDIN_FILENO);
	struct terminal t;
	FILE *out = tmpfile(), *err = tmpfile();

	(void)state;
	terminal_open(&t, "");
	assert_true(dup2(t.slave, STDIN_FILENO) >= 0);
	assert_int_equal(ft_main(6, argv, out, err), 2);
	assert_true(dup2(saved, STDIN_FILENO) >= 0);
	close(saved);
	terminal_close(&t);
	assert_true(tu_contains(slurp(err), "fundtrack: 'grant add' needs --project"));
	assert_true(tu_contains(slurp(err), "usage: fundtrack grant add REF"));
	fclose(out);
	fclose(err);
	/* and stdin not a terminal (tu_run's is whatever ctest gives) */
	tu_fail(db, 2, "'grant add' needs the file reference REF", "grant", "add", NULL);
	tu_cleanup(db);
}

/* ---- completion ---------------------------------------------------------------- */

static void expect_words(const char *db, const char *expected, ...)
{
	char *argv[16];
	int argc = 0;
	const char *w;
	va_list ap;
	FILE *out = tmpfile(), *err = tmpfile();

	argv[argc++] = "fundtrack";
	if (db) {
		argv[argc++] = "--db";
		argv[argc++] = (char *)db;
	}
	argv[argc++] = "__complete";
	va_start(ap, expected);
	while ((w = va_arg(ap, const char *)) != NULL)
		argv[argc++] = (char *)w;
	va_end(ap);
	argv[argc] = NULL;
	assert_int_equal(ft_main(argc, argv, out, err), 0);
	assert_string_equal(slurp(out), expected);
	assert_string_equal(slurp(err), "");
	fclose(out);
	fclose(err);
}

static void test_completion_words(void **state)
{
	char *db = tu_small_db();
	struct ft_run r;

	(void)state;
	expect_words(db, "P1\nP2\n", "codes", "projects", NULL);
	expect_words(db, "BUND\nEHAP\nKOM\nSOE\n", "codes", "programmes", NULL);
	expect_words(db, "G-1\n", "codes", "grants", NULL);
	expect_words(NULL, "add\nlist\nshow\nstatus\nalloc\nedit\namend\ncondition\nwithdraw\n",
		     "subcommands", "grant", NULL);
	expect_words(NULL, "verify\nanchor\nlog\n", "subcommands", "audit", NULL);
	expect_words(NULL, "grants\nbookings\nprojects\ncity\ndistricts\nfunders\nprogrammes\nallocations\n", "subcommands", "import-csv", NULL);
	expect_words(NULL, "", "subcommands", "book", NULL);
	/* options of one sub-command; '=' marks those that take a value */
	expect_words(NULL,
		     "--dry-run\n--encoding=\n--again\n--force\n--quiet\n--undo=\n--list\n--db=\n"
		     "--format=\n--journal=\n--user=\n--output=\n--lang=\n--wide\n--no-pager\n--help\n--version\n",
		     "options", "import-csv", "grants", NULL);
	expect_words(NULL,
		     "--date=\n--ref=\n--note=\n--reverses=\n--service-date=\n--line=\n--project\n"
		     "--force\n--db=\n--format=\n--journal=\n"
		     "--user=\n--output=\n--lang=\n--wide\n--no-pager\n--help\n--version\n",
		     "options", "book", NULL);
	expect_words(NULL, "drawdown\nexpenditure\nrepayment\ninterest\n", "values", "kinds", NULL);
	expect_words(NULL, "table\ncsv\ncsv-de\njson\n", "values", "formats", NULL);
	/* the terms of a decision (schema/008) */
	expect_words(NULL, "anbest-p-bund\nanbest-p-nrw\nanbest-gk\nanbest-g-nrw\nown\n", "values",
		     "terms", NULL);
	expect_words(NULL, "anbest-p-bund\nanbest-p-nrw\nanbest-gk\nanbest-g-nrw\nown\n", "value",
		     "grant", "edit", "terms", NULL);
	expect_words(NULL, "esf-plus\n", "value", "grant", "add", "terms-addition", NULL);
	expect_words(NULL, "list\n", "subcommands", "terms", NULL);
	expect_words(NULL, "add\nlist\nretire\nshow\nedit\n", "subcommands", "programme", NULL);
	/* no database, unknown words: silence, never an error on the line */
	expect_words("/nonexistent/x.db", "", "codes", "projects", NULL);
	expect_words(NULL, "", "values", "colours", NULL);
	expect_words(NULL, "", "nonsense", NULL);
	/* every visible command, hidden ones not */
	tu_run(&r, NULL, "__complete", "commands", NULL);
	assert_true(tu_contains(r.out, "init\n"));
	assert_true(tu_contains(r.out, "import-csv\ntemplate\naudit\n"));
	assert_true(tu_contains(r.out, "help\n"));
	assert_null(strstr(r.out, "__complete"));
	tu_run_free(&r);
	tu_run(&r, NULL, "help", NULL);
	assert_null(strstr(r.out, "__complete"));
	tu_run_free(&r);
	tu_cleanup(db);
}

/* The script itself, in bash, against this build's fundtrack. */
static void test_bash_completion_script(void **state)
{
	TU_SQLITE_ONLY("puts the database path unquoted into a shell command line");
	char *db = tu_small_db();
	char exe[PATH_MAX], cmd[8192], got[4096];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	FILE *p;
	size_t len;

	(void)state;
	assert_true(n > 0);
	exe[n] = '\0';
	*strrchr(exe, '/') = '\0'; /* build/tests */
	*strrchr(exe, '/') = '\0'; /* build */
	if (access("/bin/bash", X_OK) != 0) {
		tu_cleanup(db);
		tu_skip("no /bin/bash");
	}
	snprintf(cmd, sizeof(cmd),
		 "PATH='%s':\"$PATH\" /bin/bash -c '"
		 "source \"%s/app/fundtrack.bash-completion\";"
		 "t() { COMP_WORDS=(\"$@\"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); _fundtrack;"
		 " echo \"${COMPREPLY[*]}\"; };"
		 "t fundtrack imp;"
		 "t fundtrack grant e;"
		 "t fundtrack --db %s grant edit \"\";"
		 "t fundtrack --db %s grant add X --project \"\";"
		 "t fundtrack --db %s grant add X --amount \"\";"
		 "t fundtrack grant edit G-1 --ra;"
		 "t fundtrack --format csv-;"
		 "t fundtrack book G-1 \"\";"
		 "t fundtrack --db %s project add X Y --field s"
		 "' 2>&1",
		 exe, FT_SOURCE_DIR, db, db, db, db);
	p = popen(cmd, "r");
	assert_non_null(p);
	len = fread(got, 1, sizeof(got) - 1, p);
	got[len] = '\0';
	assert_int_equal(pclose(p), 0);
	assert_string_equal(got, "import-csv import\n"
				 "edit\n"
				 "G-1\n"
				 "P1 P2\n"
				 "\n"
				 "--rate\n"
				 "csv-de\n"
				 "drawdown expenditure repayment interest\n"
				 "social-work\n");
	tu_cleanup(db);
}

/* ---- the man page ------------------------------------------------------------------- */

static void test_man_page_covers_every_command(void **state)
{
	const struct ft_command *c;
	char path[4096], *text;
	FILE *f;
	long size;

	(void)state;
	snprintf(path, sizeof(path), "%s/app/fundtrack.1", FT_SOURCE_DIR);
	f = fopen(path, "r");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	rewind(f);
	text = malloc((size_t)size + 1);
	assert_non_null(text);
	assert_int_equal(fread(text, 1, (size_t)size, f), (size_t)size);
	text[size] = '\0';
	fclose(f);
	for (size_t i = 0; (c = ft_command_at(i)) != NULL; i++) {
		char entry[160], escaped[128];
		size_t used = 0;

		if (!c->summary)
			continue;
		/* roff writes the command's '-' as "\-" */
		for (const char *p = c->name; *p && used + 3 < sizeof(escaped); p++) {
			if (*p == '-')
				escaped[used++] = '\\';
			escaped[used++] = *p;
		}
		escaped[used] = '\0';
		snprintf(entry, sizeof(entry), "fundtrack %s", escaped);
		if (!strstr(text, entry))
			fprintf(stderr, "app/fundtrack.1 does not describe '%s'\n", entry);
		assert_non_null(strstr(text, entry));
	}
	assert_non_null(strstr(text, ".SH AUDIT TRAIL"));
	assert_non_null(strstr(text, ".SH CSV IMPORT"));
	free(text);
	/* and it renders without warnings (.ci/deps installs groff-base) */
	if (access("/usr/bin/groff", X_OK) != 0)
		tu_skip("no /usr/bin/groff (groff-base): the man page was not rendered");
	{
		char cmd[4200], out[1024];
		FILE *p;
		size_t n;

		snprintf(cmd, sizeof(cmd), "/usr/bin/groff -man -ww -z '%s' 2>&1", path);
		p = popen(cmd, "r");
		assert_non_null(p);
		n = fread(out, 1, sizeof(out) - 1, p);
		out[n] = '\0';
		pclose(p);
		assert_string_equal(out, "");
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_grant_add_asks_on_a_terminal),
		cmocka_unit_test(test_only_missing_values_are_asked),
		cmocka_unit_test(test_ctrl_d_cancels),
		cmocka_unit_test(test_scripts_get_the_usage_error),
		cmocka_unit_test(test_completion_words),
		cmocka_unit_test(test_bash_completion_script),
		cmocka_unit_test(test_man_page_covers_every_command),
	};
	return tu_exit_code(cmocka_run_group_tests(tests, NULL, NULL));
}
