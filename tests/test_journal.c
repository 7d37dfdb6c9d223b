/* test_journal.c - the ledger journal (journal.h): its exact text for a
 * booking, names made safe for the journal syntax, and, when ledger is
 * installed (Debian package ledger), that ledger's balances equal the
 * budget's drawn, spent and repaid figures to the cent for every city,
 * level and field of every year. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "figures.h"
#include "journal.h"
#include "money.h"
#include "testutil.h"

static const char *const ledger_path = "/usr/bin/ledger";

/* A partner city whose names carry the journal's special characters. */
static const char awkward_city[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	"<exchange xmlns=\"urn:fundtrack:exchange:1\" version=\"1.0\" generated=\"2026-11-20T08:00:00Z\">\n"
	"  <city ags=\"05117000\"><name>Mül:heim;  an der Ruhr</name></city>\n"
	"  <districts/>\n"
	"  <funders><funder code=\"EU\" level=\"eu\"><name>EU</name></funder></funders>\n"
	"  <programmes><programme code=\"ESF\" funder=\"EU\" financing=\"share\" drawdown-days=\"60\" "
	"proof-months=\"6\"><name>ESF</name></programme></programmes>\n"
	"  <projects><project code=\"M-1\" field=\"housing\"><title>Wohnen</title></project></projects>\n"
	"  <grants>\n"
	"    <grant ref=\"M/2025\" project=\"M-1\" programme=\"ESF\" status=\"running\" "
	"financing=\"share\" start=\"2025-01-01\" end=\"2025-12-31\">\n"
	"      <approved currency=\"EUR\">1000.00</approved>\n"
	"      <booking id=\"1\" date=\"2025-02-01\" kind=\"drawdown\" currency=\"EUR\" "
	"reference=\"MA;1\" note=\"erste  Rate&#9;Januar\">0.10</booking>\n"
	"      <booking id=\"2\" date=\"2025-02-02\" kind=\"drawdown\" currency=\"EUR\" "
	"reverses=\"1\">-0.10</booking>\n"
	"      <booking id=\"3\" date=\"2025-03-01\" kind=\"expenditure\" currency=\"EUR\">0.20</booking>\n"
	"    </grant>\n"
	"  </grants>\n"
	"</exchange>\n";

static char *write_temp(const char *dir, const char *name, const char *text)
{
	size_t size = strlen(dir) + strlen(name) + 2;
	char *path = malloc(size);
	FILE *f;

	assert_non_null(path);
	snprintf(path, size, "%s/%s", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
	return path;
}

static char *dir_of(const char *db)
{
	char *dir = strdup(tu_db_dir(db));

	assert_non_null(dir);
	return dir;
}

/* The own city of tu_small_db with bookings in two years, plus the
 * example network files and the awkward city above. */
static char *network_db(void)
{
	char *db = tu_small_db();
	char *dir = dir_of(db);
	char *awkward = write_temp(dir, "awkward.xml", awkward_city);
	const char *data = getenv("FT_TEST_DATA");
	char d1[1024], d2[1024], essen[1024];

	assert_non_null(data);
	snprintf(d1, sizeof(d1), "%s/exchange/network/duesseldorf-2.xml", data);
	snprintf(essen, sizeof(essen), "%s/exchange/network/essen.xml", data);
	snprintf(d2, sizeof(d2), "%s", awkward);
	tu_ok(db, "book", "G-1", "drawdown", "20.000,00", "--date", "15.01.2023", "--ref", "MA-01",
	      NULL);
	tu_ok(db, "book", "G-1", "expenditure", "12.345,67", "--date", "01.03.2023", NULL);
	tu_ok(db, "book", "G-1", "repayment", "0,01", "--date", "01.12.2024", "--note",
	      "Rest; zurück", NULL);
	tu_ok(db, "import", d1, essen, d2, NULL);
	unlink(awkward);
	free(awkward);
	free(dir);
	return db;
}

/* The journal of db as text (caller frees). */
static char *journal_of(const char *db, long *count)
{
	struct store *st;
	struct ft_error err;
	char *text = NULL;
	size_t size = 0;
	FILE *out = open_memstream(&text, &size);

	assert_non_null(out);
	assert_int_equal(store_open(&st, db, STORE_EXISTING, STORE_JOURNAL_WAL, &err), 0);
	if (journal_write(st, NULL, out, count, &err) != 0)
		fail_msg("%s", err.msg);
	store_close(st);
	assert_int_equal(fclose(out), 0);
	return text;
}

static void test_journal_text(void **state)
{
	char *db = network_db();
	long count = 0;
	char *text = journal_of(db, &count);
	(void)state;

	/* 3 own + 11 Düsseldorf + 2 Essen + 3 awkward */
	assert_int_equal(count, 19);
	assert_true(tu_contains(text, "2023-01-15 * MA-01\n"
				      "    ; booking: 1\n"
				      "    ; grant: G-1\n"
				      "    ; field: social-work\n"
				      "    drawdown:Dortmund:state:SOE:P1    20000.00 EUR\n"
				      "    grant:Dortmund:G-1\n\n"));
	assert_true(tu_contains(text, "expenditure:Dortmund:state:SOE:P1    12345.67 EUR\n"));
	assert_true(tu_contains(text, "    ; note: Rest zurück\n"));
	/* reversals keep their sign; a payee without reference names the booking */
	assert_true(tu_contains(text, "drawdown:Düsseldorf:state:SOE:P-1    -20000.00 EUR\n"));
	/* ':' in a name would split the account, ';' starts a comment, two
	 * spaces end the account name: all made harmless */
	assert_true(tu_contains(text, "2025-02-01 * MA 1\n"));
	assert_true(tu_contains(text, "    ; note: erste Rate Januar\n"));
	assert_true(tu_contains(text, "drawdown:Mül.heim an der Ruhr:eu:ESF:M-1    0.10 EUR\n"));
	assert_true(tu_contains(text, "    grant:Mül.heim an der Ruhr:M/2025\n"));
	assert_null(strstr(text, "  an der"));

	/* the command writes the same journal */
	struct ft_run r;
	tu_run(&r, db, "export", "--format", "ledger", NULL);
	assert_int_equal(r.rc, 0);
	assert_string_equal(r.out, text);
	tu_run_free(&r);
	tu_run(&r, db, "export", "--format", "ledger", "--city", "05117000", NULL);
	assert_int_equal(r.rc, 0);
	assert_true(tu_contains(r.out, "Mül.heim"));
	assert_null(strstr(r.out, "Dortmund"));
	tu_run_free(&r);
	free(text);
	tu_cleanup(db);
}

static void test_export_errors(void **state)
{
	char *db = tu_small_db();
	char *dir = dir_of(db);
	char path[1100];
	(void)state;

	tu_fail(db, 1, "no city with AGS '99999999'", "export", "--format", "ledger", "--city",
		"99999999", NULL);
	tu_fail(db, 2, "invalid export format 'pdf': expected xml or ledger", "export",
		"--format", "pdf", NULL);
	/* other commands keep their table formats */
	tu_fail(db, 2, "invalid format 'ledger'", "budget", "--format", "ledger", NULL);
	/* to a file: complete, with a confirmation */
	snprintf(path, sizeof(path), "%s/out.journal", dir);
	struct ft_run r;
	tu_run(&r, db, "export", "--format", "ledger", "-o", path, NULL);
	assert_int_equal(r.rc, 0);
	assert_true(tu_contains(r.out, "exported 0 bookings of every city to '"));
	tu_run_free(&r);
	assert_int_equal(access(path, R_OK), 0);
	unlink(path);
	free(dir);
	tu_cleanup(db);
}

/* Runs ledger's balance of one year into a string (caller frees). */
static char *ledger_balance(const char *journal, int year)
{
	char period[16], *text;
	int fds[2], status;
	pid_t pid;
	size_t len = 0, cap = 1 << 16;
	ssize_t n;

	snprintf(period, sizeof(period), "%d", year);
	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		dup2(fds[1], 1);
		close(fds[0]);
		execl(ledger_path, "ledger", "-f", journal, "balance", "-p", period, "--pivot",
		      "field", "--depth", "5", "--no-total", "-F",
		      "%(account)|%(scrub(display_total))\\n", "^drawdown", "^expenditure",
		      "^repayment", (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	text = malloc(cap);
	assert_non_null(text);
	while ((n = read(fds[0], text + len, cap - len - 1)) > 0) {
		len += (size_t)n;
		if (cap - len < 2) {
			cap *= 2;
			text = realloc(text, cap);
			assert_non_null(text);
		}
	}
	text[len] = '\0';
	close(fds[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	return text;
}

/* The cents ledger shows for field:FIELD:KIND:CITY:LEVEL, 0 when absent
 * (ledger leaves out zero balances). */
static int64_t ledger_cents(const char *balance, const char *field, const char *kind,
			    const char *city, const char *level)
{
	char want[512];
	const char *line;
	int64_t cents = 0;
	struct ft_error err;

	snprintf(want, sizeof(want), "\nfield:%s:%s:%s:%s|", field, kind, city, level);
	line = strstr(balance, want);
	if (!line)
		return 0;
	char amount[64];
	const char *start = line + strlen(want);
	size_t n = strcspn(start, " \n");
	assert_true(n < sizeof(amount));
	memcpy(amount, start, n);
	amount[n] = '\0';
	assert_true(tu_contains(start + n, " EUR"));
	if (money_parse_plain(amount, &cents, &err) != 0)
		fail_msg("ledger printed '%s': %s", amount, err.msg);
	return cents;
}

static void test_ledger_equals_budget(void **state)
{
	(void)state;
	if (access(ledger_path, X_OK) != 0)
		tu_skip("no /usr/bin/ledger (apt-get install ledger)");

	char *db = network_db();
	char *dir = dir_of(db);
	char *text = journal_of(db, NULL);
	char *journal = write_temp(dir, "all.journal", text);
	struct store *st;
	struct ft_error err;
	int compared = 0;

	assert_int_equal(store_open(&st, db, STORE_EXISTING, STORE_JOURNAL_WAL, &err), 0);
	for (int year = 2023; year <= 2026; year++) {
		struct budget_query q = { .keys = { BUDGET_CITY, BUDGET_LEVEL, BUDGET_FIELD },
					  .nkeys = 3, .year = year };
		struct budget_result r;
		char *balance = ledger_balance(journal, year);
		char *with_newline = malloc(strlen(balance) + 2);

		assert_non_null(with_newline);
		snprintf(with_newline, strlen(balance) + 2, "\n%s", balance);
		assert_int_equal(figures_budget(st, &q, &r, &err), 0);
		int64_t ledger_sum = 0;
		for (size_t i = 0; i < r.nrows; i++) {
			const char *const *k = r.rows[i].keys;
			const char *city = strcmp(k[0], "Mül:heim;  an der Ruhr") == 0
					   ? "Mül.heim an der Ruhr" : k[0];

			assert_int_equal(ledger_cents(with_newline, k[2], "drawdown", city, k[1]),
					 r.rows[i].f.drawn);
			assert_int_equal(ledger_cents(with_newline, k[2], "expenditure", city, k[1]),
					 r.rows[i].f.spent);
			assert_int_equal(ledger_cents(with_newline, k[2], "repayment", city, k[1]),
					 r.rows[i].f.repaid);
			compared++;
		}
		/* and ledger has nothing fundtrack does not: every depth-5
		 * line is one of the rows above */
		for (const char *p = with_newline; (p = strstr(p, "\nfield:")); p++) {
			int colons = 0;
			for (const char *c = p + 1; *c && *c != '|'; c++)
				colons += *c == ':';
			if (colons == 4)
				ledger_sum++;
		}
		int64_t nonzero = 0;
		for (size_t i = 0; i < r.nrows; i++)
			nonzero += (r.rows[i].f.drawn != 0) + (r.rows[i].f.spent != 0) +
				   (r.rows[i].f.repaid != 0);
		assert_int_equal(ledger_sum, nonzero);
		budget_result_release(&r);
		free(with_newline);
		free(balance);
	}
	store_close(st);
	assert_true(compared >= 10);
	unlink(journal);
	free(journal), free(text), free(dir);
	tu_cleanup(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_journal_text),
		cmocka_unit_test(test_export_errors),
		cmocka_unit_test(test_ledger_equals_budget),
	};

	return tu_exit_code(cmocka_run_group_tests(tests, NULL, NULL));
}
