/* test_terminal.c - tables that fit the terminal and the pager (issue 15):
 * the layout computed by hand, and the CLI run on a real pseudo-terminal. */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700 /* posix_openpt, grantpt, ptsname */
#endif

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "cli.h"
#include "msg_lang.h"
#include "output.h"
#include "table_fit.h"
#include "testutil.h"
#include "utf8.h"

/* ---- table_fit ----------------------------------------------------- */

static void test_fit_nothing_to_do(void **state)
{
	struct fit_column cols[] = { { 4, 4, 0 }, { 10, 5, 9 } };
	size_t widths[2];

	(void)state;
	assert_int_equal(table_fit(cols, 2, 16, 2, widths), 0);
	assert_int_equal(widths[0], 4);
	assert_int_equal(widths[1], 10);
}

/* 4 + 2 + 20 = 26 > 15: the wrappable column narrows to 9 (4 + 2 + 9). */
static void test_fit_narrows_the_widest_wrappable(void **state)
{
	struct fit_column cols[] = { { 4, 4, 0 }, { 20, 6, 9 } };
	size_t widths[2];

	(void)state;
	assert_int_equal(table_fit(cols, 2, 15, 2, widths), 0);
	assert_int_equal(widths[0], 4);
	assert_int_equal(widths[1], 9);
}

/* Natural 4+20+10 (+4 gaps) = 38; narrowing the text to 6 gives 24 > 20:
 * the column of the higher rank (2) goes, then 4 + 2 + 14 = 20 fits. */
static void test_fit_drops_by_rank_and_widens_again(void **state)
{
	struct fit_column cols[] = { { 4, 4, 0 }, { 20, 6, 1 }, { 10, 10, 2 } };
	size_t widths[3];

	(void)state;
	assert_int_equal(table_fit(cols, 3, 20, 2, widths), 1);
	assert_int_equal(widths[0], 4);
	assert_int_equal(widths[1], 14);
	assert_int_equal(widths[2], 0);
}

/* Equal ranks: the rightmost goes first. */
static void test_fit_equal_ranks_drop_from_the_right(void **state)
{
	struct fit_column cols[] = { { 5, 5, 0 }, { 5, 5, 3 }, { 5, 5, 3 } };
	size_t widths[3];

	(void)state;
	assert_int_equal(table_fit(cols, 3, 13, 2, widths), 1);
	assert_int_equal(widths[1], 5);
	assert_int_equal(widths[2], 0);
}

/* Nothing may go: the table stays wider than the limit, narrowed. */
static void test_fit_keeps_rank_zero_columns(void **state)
{
	struct fit_column cols[] = { { 30, 30, 0 }, { 30, 12, 0 } };
	size_t widths[2];

	(void)state;
	assert_int_equal(table_fit(cols, 2, 20, 2, widths), 0);
	assert_int_equal(widths[0], 30);
	assert_int_equal(widths[1], 12);
}

/* ---- the table format with a width limit --------------------------- */

static const struct out_column note_cols[] = {
	{ "code", "Code", OUT_TEXT },
	{ "note", "Notiz", OUT_TEXT },
	{ "amount", "Betrag", OUT_MONEY },
};

static struct out_table *note_table(void)
{
	struct out_table *t = out_table_new(note_cols, 3);

	assert_non_null(t);
	assert_int_equal(out_add_text(t, "A-1"), 0);
	assert_int_equal(out_add_text(t, "eins zwei drei vier fünf sechs"), 0);
	assert_int_equal(out_add_int(t, 123456), 0);
	return t;
}

static char *print_with_limit(const struct out_table *t, int record, size_t limit)
{
	struct out_section s = { .table = t, .record = record };
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	out_set_table_width(limit);
	assert_int_equal(out_print(&s, 1, OUT_TABLE, f), 0);
	out_set_table_width(0);
	assert_int_equal(fclose(f), 0);
	return buf;
}

/* Natural 4 + 30 + 10 + 2 gaps of 2 = 48 > 30: "Notiz" narrows to
 * 30 - 4 - 10 - 4 = 12 columns and wraps after the last space that fits:
 * "eins zwei" (9; "eins zwei drei" would be 14), "drei vier", "fünf sechs".
 * The amount keeps its width, right-aligned. */
static void test_table_wraps_text_to_the_limit(void **state)
{
	struct out_table *t = note_table();
	char *got = print_with_limit(t, 0, 30);

	(void)state;
	assert_string_equal(got, "Code  Notiz             Betrag\n"
				 "----  ------------  ----------\n"
				 "A-1   eins zwei     1.234,56 €\n"
				 "      drei vier\n"
				 "      fünf sechs\n");
	free(got);
	out_table_free(t);
}

/* At 20 columns 4 + 12 + 10 + 4 = 30 still does not fit: the amount goes
 * (the first column and the main text stay) and the text gets the
 * 20 - 4 - 2 = 14 columns left: "eins zwei drei" (exactly 14), "vier fünf"
 * ("vier fünf sechs" would be 15), "sechs". The note wraps at 20 too. */
static void test_table_drops_a_column_and_says_so(void **state)
{
	struct out_table *t = note_table();
	char *got = print_with_limit(t, 0, 20);

	(void)state;
	assert_string_equal(got, "Code  Notiz\n"
				 "----  --------------\n"
				 "A-1   eins zwei drei\n"
				 "      vier fünf\n"
				 "      sechs\n"
				 "(ausgeblendet:\n"
				 "Betrag – alle\n"
				 "Spalten mit --wide)\n");
	free(got);
	out_table_free(t);
}

/* Without a limit (piped output) nothing changes. */
static void test_table_without_limit_is_unchanged(void **state)
{
	struct out_table *t = note_table();
	char *got = print_with_limit(t, 0, 0);

	(void)state;
	assert_string_equal(got, "Code  Notiz                               Betrag\n"
				 "----  ------------------------------  ----------\n"
				 "A-1   eins zwei drei vier fünf sechs  1.234,56 €\n");
	free(got);
	out_table_free(t);
}

/* A column marked OUT_PRIO_LOW goes before the automatic order. */
static void test_table_low_priority_goes_first(void **state)
{
	struct out_table *t = note_table();
	char *got;

	(void)state;
	out_set_priority(t, 1, OUT_PRIO_LOW);
	got = print_with_limit(t, 0, 20);
	assert_string_equal(got, "Code      Betrag\n"
				 "----  ----------\n"
				 "A-1   1.234,56 €\n"
				 "(ausgeblendet: Notiz\n"
				 "– alle Spalten mit\n"
				 "--wide)\n");
	free(got);
	out_table_free(t);
}

/* Record: labels 6 wide ("Betrag"), values from column 8; at 30 a value
 * gets 22 columns: "eins zwei drei vier" (19), then "fünf sechs" under it. */
static void test_record_wraps_long_values(void **state)
{
	struct out_table *t = note_table();
	char *got = print_with_limit(t, 1, 30);

	(void)state;
	assert_string_equal(got, "Code:   A-1\n"
				 "Notiz:  eins zwei drei vier\n"
				 "        fünf sechs\n"
				 "Betrag: 1.234,56 €\n");
	free(got);
	out_table_free(t);
}

/* A word is kept whole up to 30 columns (a rule ID, a file name); a longer
 * one is cut at 30, even when the table then stays wider than the limit. */
static void test_long_word_is_cut(void **state)
{
	static const struct out_column cols[] = { { "k", "K", OUT_TEXT },
						  { "v", "Wert", OUT_TEXT } };
	struct out_table *t = out_table_new(cols, 2);
	char *got;

	(void)state;
	assert_non_null(t);
	assert_int_equal(out_add_text(t, "x"), 0);
	assert_int_equal(out_add_text(t, "ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJ"), 0);
	/* 36 letters: 30 on the first line, 6 on the second */
	got = print_with_limit(t, 0, 15);
	assert_string_equal(got, "K  Wert\n"
				 "-  ------------------------------\n"
				 "x  ABCDEFGHIJKLMNOPQRSTUVWXYZABCD\n"
				 "   EFGHIJ\n");
	free(got);
	out_table_free(t);
}

/* ---- the CLI on a pseudo-terminal ---------------------------------- */

struct pty_run {
	int rc;
	char *out; /* what the terminal showed, "\r\n" as "\n" */
};

static int open_pty(int *slave, unsigned short rows, unsigned short cols)
{
	struct winsize ws = { .ws_row = rows, .ws_col = cols };
	int master = posix_openpt(O_RDWR | O_NOCTTY);

	if (master < 0 || grantpt(master) != 0 || unlockpt(master) != 0)
		return -1;
	*slave = open(ptsname(master), O_RDWR | O_NOCTTY);
	if (*slave < 0 || ioctl(*slave, TIOCSWINSZ, &ws) != 0)
		return -1;
	return master;
}

static char *read_all(int fd)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	char buf[4096];
	ssize_t n;

	assert_non_null(f);
	while ((n = read(fd, buf, sizeof(buf))) > 0 || (n < 0 && errno == EINTR))
		for (ssize_t i = 0; i < n; i++)
			if (buf[i] != '\r')
				fputc(buf[i], f);
	assert_int_equal(fclose(f), 0);
	return text;
}

/* Runs fundtrack with standard output on a terminal of rows x cols (the
 * pager, when one starts, writes to it too); argv ends with NULL. */
static void run_on_pty(struct pty_run *r, unsigned short rows, unsigned short cols,
		       const char *pager, char **argv)
{
	int slave = -1, status, argc = 0; /* -1: gcc -O3 cannot see open_pty set it */
	int master = open_pty(&slave, rows, cols);
	pid_t pid;

	assert_true(master >= 0);
	while (argv[argc])
		argc++;
	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(master);
		unsetenv("LINES");
		unsetenv("COLUMNS");
		unsetenv("PAGER");
		setenv("FUNDTRACK_PAGER", pager, 1);
		if (dup2(slave, STDOUT_FILENO) < 0)
			_exit(99);
		close(slave);
		_exit(ft_main(argc, argv, stdout, stderr));
	}
	close(slave);
	r->out = read_all(master);
	close(master);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	r->rc = WEXITSTATUS(status);
}

/* Terminal columns of the widest line. */
static size_t widest_line(const char *text)
{
	size_t widest = 0;

	while (*text) {
		size_t width = 0;

		while (*text && *text != '\n') {
			uint32_t cp;
			size_t n = utf8_decode(text, SIZE_MAX, &cp);

			width += n ? (size_t)utf8_char_width(cp) : 1;
			text += n ? n : 1;
		}
		if (width > widest)
			widest = width;
		if (*text)
			text++;
	}
	return widest;
}

static char *demo_db(void)
{
	char *db = tu_temp_db();

	tu_ok(db, "demo", NULL);
	return db;
}

/* Every listing of the demo fits 80 columns on a terminal; the same
 * command piped (tu_run: not a terminal) keeps its full width. */
static void test_cli_fits_80_columns(void **state)
{
	static const char *const listings[][3] = {
		{ "check", NULL }, { "audit", "log" }, { "grant", "list" },
		{ "bookings", NULL }, { "deadlines", NULL }, { "budget", NULL },
		{ "project", "list" }, { "programme", "list" }, { "cities", NULL },
	};
	char *db = demo_db();

	(void)state;
	for (size_t i = 0; i < sizeof(listings) / sizeof(listings[0]); i++) {
		char *argv[] = { "fundtrack", "--db", db, (char *)listings[i][0],
				 (char *)listings[i][1], NULL };
		struct pty_run r;

		run_on_pty(&r, 200, 80, "cat", argv);
		assert_true(r.rc == 0 || r.rc == 1); /* check exits 1 on errors */
		if (widest_line(r.out) > 80)
			fprintf(stderr, "%s %s:\n%s\n", listings[i][0],
				listings[i][1] ? listings[i][1] : "", r.out);
		assert_true(widest_line(r.out) <= 80);
		free(r.out);
	}
	tu_cleanup(db);
}

static void test_cli_wide_and_piped_keep_full_width(void **state)
{
	char *db = demo_db();
	char *argv[] = { "fundtrack", "--db", db, "--wide", "check", NULL };
	struct pty_run r;
	struct ft_run piped;

	(void)state;
	run_on_pty(&r, 200, 80, "cat", argv);
	assert_true(widest_line(r.out) > 80);
	assert_null(strstr(r.out, "ausgeblendet"));
	tu_run(&piped, db, "check", NULL);
	assert_true(widest_line(piped.out) > 80);
	assert_string_equal(piped.out, r.out); /* --wide on a terminal = piped */
	free(r.out);
	tu_run_free(&piped);
	tu_cleanup(db);
}

/* More lines than the screen: through the pager (here sed marking each
 * line, started without a shell); --no-pager and short output: not. */
static void test_cli_pager(void **state)
{
	char *db = demo_db();
	char *paged[] = { "fundtrack", "--db", db, "audit", "log", NULL };
	char *unpaged[] = { "fundtrack", "--db", db, "--no-pager", "audit", "log", NULL };
	char *short_out[] = { "fundtrack", "--version", NULL };
	struct pty_run r;

	(void)state;
	run_on_pty(&r, 10, 200, "sed s/^/P:/", paged);
	assert_int_equal(r.rc, 0);
	assert_true(strncmp(r.out, "P: No.", 6) == 0); /* English: the tests' locale */
	assert_true(tu_contains(r.out, "\nP:   1 "));
	free(r.out);

	run_on_pty(&r, 10, 200, "sed s/^/P:/", unpaged);
	assert_int_equal(r.rc, 0);
	assert_null(strstr(r.out, "P:"));
	free(r.out);

	run_on_pty(&r, 10, 200, "sed s/^/P:/", short_out);
	assert_int_equal(r.rc, 0);
	assert_true(strncmp(r.out, "fundtrack ", 10) == 0);
	free(r.out);

	/* a pager that cannot be started: the text is shown directly */
	run_on_pty(&r, 10, 200, "/nonexistent/pager", paged);
	assert_int_equal(r.rc, 0);
	assert_true(strncmp(r.out, " No.", 4) == 0);
	free(r.out);
	tu_cleanup(db);
}

static void test_cli_flags_take_no_value(void **state)
{
	char *db = tu_temp_db();

	(void)state;
	tu_fail(NULL, 2, "option '--wide' takes no value", "--wide=1", "cities", NULL);
	tu_fail(NULL, 2, "option '--no-pager' takes no value", "--no-pager=yes", "cities", NULL);
	tu_cleanup(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fit_nothing_to_do),
		cmocka_unit_test(test_fit_narrows_the_widest_wrappable),
		cmocka_unit_test(test_fit_drops_by_rank_and_widens_again),
		cmocka_unit_test(test_fit_equal_ranks_drop_from_the_right),
		cmocka_unit_test(test_fit_keeps_rank_zero_columns),
		cmocka_unit_test(test_table_wraps_text_to_the_limit),
		cmocka_unit_test(test_table_drops_a_column_and_says_so),
		cmocka_unit_test(test_table_without_limit_is_unchanged),
		cmocka_unit_test(test_table_low_priority_goes_first),
		cmocka_unit_test(test_record_wraps_long_values),
		cmocka_unit_test(test_long_word_is_cut),
		cmocka_unit_test(test_cli_fits_80_columns),
		cmocka_unit_test(test_cli_wide_and_piped_keep_full_width),
		cmocka_unit_test(test_cli_pager),
		cmocka_unit_test(test_cli_flags_take_no_value),
	};

	/* the tables built here: German, the program's default (the CLI runs
	 * in the tests' English locale) */
	msg_lang_set(MSG_DE);
	return tu_exit_code(cmocka_run_group_tests(tests, NULL, NULL));
}
