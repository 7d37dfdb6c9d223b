#include "journal.h"

#include <errno.h>
#include <string.h>

#include "db.h"
#include "atomic_file.h"
#include "money.h"

static const char journal_sql[] =
	"SELECT b.id, b.date, b.kind, b.amount_cents, b.reference, b.note, g.ref, c.name, "
	"f.level, pg.code, pj.code, pj.field "
	"FROM booking b JOIN \"grant\" g ON g.id = b.grant_id "
	"JOIN project pj ON pj.id = g.project_id JOIN city c ON c.id = pj.city_id "
	"JOIN programme pg ON pg.id = g.programme_id JOIN funder f ON f.id = pg.funder_id "
	"WHERE ?1 IS NULL OR c.ags = ?1 ORDER BY b.date, b.id";

/* Writes text so the journal syntax cannot be broken by it: no line
 * breaks, tabs or ';' (a comment), no runs of spaces (two spaces end an
 * account name); in an account name also no ':' (the separator). */
static void put_safe(FILE *out, const char *text, int account)
{
	int space = 0, written = 0;

	for (const char *p = text ? text : ""; *p; p++) {
		char c = *p;

		if (c == '\t' || c == '\n' || c == '\r' || c == ';' || c == ' ') {
			space = written;
			continue;
		}
		if (space)
			fputc(' ', out);
		space = 0;
		written = 1;
		fputc(account && c == ':' ? '.' : c, out);
	}
}

static const char *column(struct db_stmt *stmt, int i)
{
	return (const char *)db_column_text(stmt, i);
}

static void put_transaction(FILE *out, struct db_stmt *stmt)
{
	char amount[MONEY_BUF];
	const char *reference = column(stmt, 4), *note = column(stmt, 5);

	money_format_plain(db_column_int64(stmt, 3), amount);
	fprintf(out, "%s * ", column(stmt, 1));
	if (reference && reference[0])
		put_safe(out, reference, 0);
	else
		fprintf(out, "booking %lld", (long long)db_column_int64(stmt, 0));
	fprintf(out, "\n    ; booking: %lld\n    ; grant: ", (long long)db_column_int64(stmt, 0));
	put_safe(out, column(stmt, 6), 0);
	fputs("\n    ; field: ", out);
	put_safe(out, column(stmt, 11), 0);
	if (note && note[0]) {
		fputs("\n    ; note: ", out);
		put_safe(out, note, 0);
	}
	fputs("\n    ", out);
	put_safe(out, column(stmt, 2), 1);
	for (int i = 7; i <= 10; i++) { /* city, level, programme, project */
		fputc(':', out);
		put_safe(out, column(stmt, i), 1);
	}
	fprintf(out, "    %s EUR\n    grant:", amount);
	put_safe(out, column(stmt, 7), 1);
	fputc(':', out);
	put_safe(out, column(stmt, 6), 1);
	fputs("\n\n", out);
}

static int city_exists(struct store *st, const char *ags)
{
	struct db_stmt *stmt;
	int found;

	if (db_prepare(store_db(st), "SELECT 1 FROM city WHERE ags = ?1", &stmt) != DB_OK)
		return 0;
	store_bind_text(stmt, 1, ags);
	found = db_step(stmt) == DB_ROW;
	db_finalize(stmt);
	return found;
}

struct journal_read {
	const char *ags;
	FILE *out;
	long n;
};

static int write_transactions(struct store *st, void *arg, struct ft_error *err)
{
	struct journal_read *j = arg;
	struct db_stmt *stmt;
	int rc;

	if (store_prepare(st, journal_sql, &stmt, err))
		return -1;
	store_bind_text(stmt, 1, j->ags);
	if (j->ags && !city_exists(st, j->ags)) {
		db_finalize(stmt);
		return ft_fail(err, "no city with AGS '%s' in the database (see 'fundtrack cities')",
			       j->ags);
	}
	fputs("; fundtrack bookings: KIND:CITY:LEVEL:PROGRAMME:PROJECT, amounts in EUR\n\n", j->out);
	while ((rc = db_step(stmt)) == DB_ROW && !ferror(j->out)) {
		put_transaction(j->out, stmt);
		j->n++;
	}
	db_finalize(stmt);
	if (rc != DB_DONE && rc != DB_ROW)
		return store_fail(st, err, "cannot read the bookings");
	return 0;
}

int journal_write(struct store *st, const char *ags, FILE *out, long *count,
		  struct ft_error *err)
{
	struct journal_read j = { ags, out, 0 };

	/* one read transaction: a consistent snapshot even while others book */
	if (store_read(st, write_transactions, &j, err))
		return -1;
	if (fflush(out) != 0 || ferror(out))
		return ft_fail(err, "cannot write the journal: %s", strerror(errno));
	if (count)
		*count = j.n;
	return 0;
}

struct journal_job {
	struct store *st;
	const char *ags;
	long *count;
};

static int write_journal(void *arg, FILE *out, struct ft_error *err)
{
	struct journal_job *job = arg;

	return journal_write(job->st, job->ags, out, job->count, err);
}

int journal_write_file(struct store *st, const char *ags, const char *path, long *count,
		       struct ft_error *err)
{
	struct journal_job job = { st, ags, count };

	return atomic_write_file(path, "", write_journal, &job, err);
}
