#include "exchange_write.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "atomic_file.h"
#include "exchange.h"
#include "money.h"
#include "text.h"

struct writer {
	struct store *st;
	FILE *out;
	struct exch_summary *summary;
	struct ft_error *err;
	int64_t city_id;
	sqlite3_stmt *allocations;
	sqlite3_stmt *bookings;
};

/* ---- text ------------------------------------------------------------------- */

/* Why XML 1.0 or the schema cannot carry text, or NULL when they can. */
static const char *text_problem_for_export(const char *s, enum text_kind kind,
					   char buf[TEXT_PROBLEM_MAX])
{
	/* Name and GrantRef must not be blank (the schema's pattern) */
	if (kind != TEXT_FREE && s[strspn(s, " ")] == '\0')
		return "is blank";
	return text_export_problem(s, kind, buf);
}

/* record names the record for the message: "project 'ANK-1'". */
static int check_text(struct writer *w, const char *record, const char *field, const char *s,
		      enum text_kind kind)
{
	char buf[TEXT_PROBLEM_MAX];
	const char *problem = s ? text_problem_for_export(s, kind, buf) : NULL;

	if (!problem)
		return 0;
	return ft_fail(w->err,
		       "cannot export %s: its %s %s, which the exchange format does not allow "
		       "(correct the %s first)",
		       record, field, problem, field);
}

/* "project 'ANK-1'" */
static const char *label(char *buf, size_t size, const char *what, const char *id)
{
	snprintf(buf, size, "%s '%s'", what, id);
	return buf;
}

/* Writes s escaped for an attribute value (in_attribute) or element
 * content. Line breaks and tabs in attributes become character references,
 * or the reader's attribute normalisation would turn them into spaces. */
static void put_escaped(FILE *f, const char *s, int in_attribute)
{
	const char *special = in_attribute ? "&<>\"\t\n\r" : "&<>\r";
	size_t run;

	while (*s) {
		run = strcspn(s, special);
		fwrite(s, 1, run, f);
		s += run;
		switch (*s) {
		case '\0':
			return;
		case '&':
			fputs("&amp;", f);
			break;
		case '<':
			fputs("&lt;", f);
			break;
		case '>':
			fputs("&gt;", f);
			break;
		case '"':
			fputs("&quot;", f);
			break;
		case '\t':
			fputs("&#9;", f);
			break;
		case '\n':
			fputs("&#10;", f);
			break;
		default:
			fputs("&#13;", f);
			break;
		}
		s++;
	}
}

/* name="value" (nothing when value is NULL) */
static void put_attr(FILE *f, const char *name, const char *value)
{
	if (!value)
		return;
	fprintf(f, " %s=\"", name);
	put_escaped(f, value, 1);
	fputc('"', f);
}

static void put_text_element(FILE *f, const char *indent, const char *name, const char *text)
{
	if (!text)
		return;
	fprintf(f, "%s<%s>", indent, name);
	put_escaped(f, text, 0);
	fprintf(f, "</%s>\n", name);
}

static void put_money_element(FILE *f, const char *indent, const char *name, int64_t cents)
{
	char amount[MONEY_BUF];

	money_format_plain(cents, amount);
	fprintf(f, "%s<%s currency=\"EUR\">%s</%s>\n", indent, name, amount, name);
}

static const char *column(sqlite3_stmt *s, int col)
{
	return (const char *)sqlite3_column_text(s, col);
}

static int is_null(sqlite3_stmt *s, int col)
{
	return sqlite3_column_type(s, col) == SQLITE_NULL;
}

/* ---- the city and its master data ------------------------------------------------ */

static int find_city(struct writer *w, const char *ags, sqlite3_stmt **city)
{
	const char *sql = ags ? "SELECT id, ags, name, population FROM city WHERE ags = ?1"
			      : "SELECT id, ags, name, population FROM city WHERE own = 1";
	int rc;

	if (store_prepare(w->st, sql, city, w->err))
		return -1;
	store_bind_text(*city, 1, ags);
	rc = sqlite3_step(*city);
	if (rc == SQLITE_ROW)
		return 0;
	sqlite3_finalize(*city);
	*city = NULL;
	if (rc != SQLITE_DONE)
		return store_fail(w->st, w->err, "cannot read the city");
	if (ags)
		return ft_fail(w->err, "no city with AGS '%s' in this database (see 'fundtrack cities')",
			       ags);
	return ft_fail(w->err, "no own city recorded yet: give the city to export with --city AGS "
			       "(see 'fundtrack cities')");
}

static int write_city(struct writer *w, const char *ags, const char *generated)
{
	sqlite3_stmt *city;
	const char *name;
	char who[64];

	if (find_city(w, ags, &city))
		return -1;
	w->city_id = sqlite3_column_int64(city, 0);
	name = column(city, 2);

	if (check_text(w, label(who, sizeof(who), "city", column(city, 1)), "name", name, TEXT_NAME)) {
		sqlite3_finalize(city);
		return -1;
	}
	if (w->summary) {
		snprintf(w->summary->ags, sizeof(w->summary->ags), "%s", column(city, 1));
		snprintf(w->summary->city, sizeof(w->summary->city), "%s", name);
		snprintf(w->summary->generated, sizeof(w->summary->generated), "%s", generated);
		w->summary->records[EXCH_CITY] = 1;
	}
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", w->out);
	fprintf(w->out, "<exchange xmlns=\"%s\" version=\"%s\" generated=\"%s\">\n", EXCH_NAMESPACE,
		EXCH_VERSION, generated);
	fprintf(w->out, "  <city ags=\"%s\"", column(city, 1));
	if (!is_null(city, 3))
		fprintf(w->out, " population=\"%lld\"", (long long)sqlite3_column_int64(city, 3));
	fputs(">\n", w->out);
	put_text_element(w->out, "    ", "name", name);
	fputs("  </city>\n", w->out);
	sqlite3_finalize(city);
	return 0;
}

/* One list of records: sql selects them for the city (?1); put writes one
 * row. An empty list is written as <list/>. */
typedef int (*put_row_fn)(struct writer *w, sqlite3_stmt *row);

static int write_list(struct writer *w, const char *list, enum exch_kind kind, const char *sql,
		      put_row_fn put)
{
	sqlite3_stmt *s;
	long n = 0;
	int rc;

	if (store_prepare(w->st, sql, &s, w->err))
		return -1;
	sqlite3_bind_int64(s, 1, w->city_id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (n++ == 0)
			fprintf(w->out, "  <%s>\n", list);
		if (put(w, s)) {
			sqlite3_finalize(s);
			return -1;
		}
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return store_fail(w->st, w->err, "cannot read the data to export");
	if (n)
		fprintf(w->out, "  </%s>\n", list);
	else
		fprintf(w->out, "  <%s/>\n", list);
	if (w->summary)
		w->summary->records[kind] = n;
	return 0;
}

static int put_district(struct writer *w, sqlite3_stmt *row)
{
	char who[128];

	if (check_text(w, label(who, sizeof(who), "district", column(row, 0)), "name",
		       column(row, 1), TEXT_NAME))
		return -1;
	fprintf(w->out, "    <district code=\"%s\" action-area=\"%s\">\n", column(row, 0),
		sqlite3_column_int(row, 2) ? "true" : "false");
	put_text_element(w->out, "      ", "name", column(row, 1));
	fputs("    </district>\n", w->out);
	return 0;
}

static int put_funder(struct writer *w, sqlite3_stmt *row)
{
	char who[128];

	if (check_text(w, label(who, sizeof(who), "funder", column(row, 0)), "name",
		       column(row, 1), TEXT_NAME))
		return -1;
	fprintf(w->out, "    <funder code=\"%s\" level=\"%s\">\n", column(row, 0), column(row, 2));
	put_text_element(w->out, "      ", "name", column(row, 1));
	fputs("    </funder>\n", w->out);
	return 0;
}

static void put_rate(FILE *f, sqlite3_stmt *row, int col)
{
	char rate[RATE_BUF];

	if (is_null(row, col))
		return;
	rate_format_plain(sqlite3_column_int(row, col), rate);
	fprintf(f, " rate=\"%s\"", rate);
}

static int put_programme(struct writer *w, sqlite3_stmt *row)
{
	const char *code = column(row, 0);
	char who[128];

	label(who, sizeof(who), "programme", code);
	if (check_text(w, who, "name", column(row, 1), TEXT_NAME) ||
	    check_text(w, who, "fund", column(row, 3), TEXT_NAME))
		return -1;
	fprintf(w->out, "    <programme code=\"%s\" funder=\"%s\"", code, column(row, 2));
	put_attr(w->out, "fund", column(row, 3));
	put_rate(w->out, row, 4);
	fprintf(w->out, " financing=\"%s\" drawdown-days=\"%d\" proof-months=\"%d\">\n",
		column(row, 5), sqlite3_column_int(row, 6), sqlite3_column_int(row, 7));
	put_text_element(w->out, "      ", "name", column(row, 1));
	fputs("    </programme>\n", w->out);
	return 0;
}

static int put_project(struct writer *w, sqlite3_stmt *row)
{
	const char *code = column(row, 0);
	char who[128];

	label(who, sizeof(who), "project", code);
	if (check_text(w, who, "title", column(row, 1), TEXT_NAME) ||
	    check_text(w, who, "carrier", column(row, 5), TEXT_FREE) ||
	    check_text(w, who, "target group", column(row, 6), TEXT_FREE))
		return -1;
	fprintf(w->out, "    <project code=\"%s\" field=\"%s\"", code, column(row, 2));
	put_attr(w->out, "district", column(row, 3));
	put_attr(w->out, "predecessor", column(row, 4));
	put_attr(w->out, "start", column(row, 7));
	put_attr(w->out, "end", column(row, 8));
	fputs(">\n", w->out);
	put_text_element(w->out, "      ", "title", column(row, 1));
	put_text_element(w->out, "      ", "carrier", column(row, 5));
	put_text_element(w->out, "      ", "target-group", column(row, 6));
	if (!is_null(row, 9))
		put_money_element(w->out, "      ", "costs", sqlite3_column_int64(row, 9));
	fputs("    </project>\n", w->out);
	return 0;
}

/* ---- grants with their allocations and bookings ---------------------------------------- */

static int put_allocations(struct writer *w, int64_t grant_id)
{
	sqlite3_stmt *s = w->allocations;
	char amount[MONEY_BUF];
	int rc;

	sqlite3_reset(s);
	sqlite3_bind_int64(s, 1, grant_id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		money_format_plain(sqlite3_column_int64(s, 1), amount);
		fprintf(w->out, "      <allocation year=\"%d\" currency=\"EUR\">%s</allocation>\n",
			sqlite3_column_int(s, 0), amount);
		if (w->summary)
			w->summary->records[EXCH_ALLOCATION]++;
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : store_fail(w->st, w->err, "cannot read the allocations");
}

static int put_booking(struct writer *w, sqlite3_stmt *s, const char *ref)
{
	char amount[MONEY_BUF], id[32], who[400];

	snprintf(id, sizeof(id), "%lld", (long long)sqlite3_column_int64(s, 0));
	snprintf(who, sizeof(who), "booking %s of grant '%s'", id, ref);
	if (check_text(w, who, "reference", column(s, 5), TEXT_FREE) ||
	    check_text(w, who, "note", column(s, 6), TEXT_FREE))
		return -1;
	money_format_plain(sqlite3_column_int64(s, 3), amount);
	fprintf(w->out, "      <booking id=\"%s\" date=\"%s\" kind=\"%s\" currency=\"EUR\"", id,
		column(s, 1), column(s, 2));
	if (!is_null(s, 4))
		fprintf(w->out, " reverses=\"%lld\"", (long long)sqlite3_column_int64(s, 4));
	put_attr(w->out, "reference", column(s, 5));
	put_attr(w->out, "note", column(s, 6));
	fprintf(w->out, ">%s</booking>\n", amount);
	if (w->summary)
		w->summary->records[EXCH_BOOKING]++;
	return 0;
}

static int put_bookings(struct writer *w, int64_t grant_id, const char *ref)
{
	sqlite3_stmt *s = w->bookings;
	int rc;

	sqlite3_reset(s);
	sqlite3_bind_int64(s, 1, grant_id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (put_booking(w, s, ref)) {
			sqlite3_reset(s);
			return -1;
		}
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : store_fail(w->st, w->err, "cannot read the bookings");
}

static int put_grant(struct writer *w, sqlite3_stmt *row)
{
	const char *ref = column(row, 1);
	char who[400];

	label(who, sizeof(who), "grant", ref);
	if (check_text(w, who, "reference", ref, TEXT_REF) ||
	    check_text(w, who, "note", column(row, 13), TEXT_FREE))
		return -1;
	fputs("    <grant", w->out);
	put_attr(w->out, "ref", ref);
	fprintf(w->out, " project=\"%s\" programme=\"%s\" status=\"%s\" financing=\"%s\"",
		column(row, 2), column(row, 3), column(row, 4), column(row, 5));
	put_rate(w->out, row, 6);
	fprintf(w->out, " start=\"%s\" end=\"%s\"", column(row, 7), column(row, 8));
	put_attr(w->out, "applied", column(row, 9));
	put_attr(w->out, "decided", column(row, 10));
	fputs(">\n", w->out);
	put_money_element(w->out, "      ", "approved", sqlite3_column_int64(row, 11));
	if (!is_null(row, 12))
		put_money_element(w->out, "      ", "eligible", sqlite3_column_int64(row, 12));
	put_text_element(w->out, "      ", "note", column(row, 13));
	if (put_allocations(w, sqlite3_column_int64(row, 0)) ||
	    put_bookings(w, sqlite3_column_int64(row, 0), ref))
		return -1;
	fputs("    </grant>\n", w->out);
	return 0;
}

/* ---- the document ------------------------------------------------------------------------ */

static int write_document(struct writer *w, const char *ags, const char *generated)
{
	if (write_city(w, ags, generated) ||
	    write_list(w, "districts", EXCH_DISTRICT,
		       "SELECT code, name, action_area FROM district WHERE city_id = ?1 ORDER BY code",
		       put_district) ||
	    write_list(w, "funders", EXCH_FUNDER,
		       "SELECT code, name, level FROM funder WHERE city_id = ?1 ORDER BY code",
		       put_funder) ||
	    write_list(w, "programmes", EXCH_PROGRAMME,
		       "SELECT p.code, p.name, f.code, p.fund, p.rate_bp, p.financing, "
		       "p.drawdown_days, p.proof_months FROM programme p "
		       "JOIN funder f ON f.id = p.funder_id WHERE p.city_id = ?1 ORDER BY p.code",
		       put_programme) ||
	    write_list(w, "projects", EXCH_PROJECT,
		       "SELECT p.code, p.title, p.field, d.code, pre.code, p.carrier, "
		       "p.target_group, p.start_date, p.end_date, p.costs_cents FROM project p "
		       "LEFT JOIN district d ON d.id = p.district_id "
		       "LEFT JOIN project pre ON pre.id = p.predecessor_id "
		       "WHERE p.city_id = ?1 ORDER BY p.code",
		       put_project) ||
	    write_list(w, "grants", EXCH_GRANT,
		       "SELECT g.id, g.ref, p.code, pg.code, g.status, g.financing, g.rate_bp, "
		       "g.period_from, g.period_to, g.applied_date, g.decided_date, "
		       "g.approved_cents, g.eligible_cents, g.note FROM \"grant\" g "
		       "JOIN project p ON p.id = g.project_id "
		       "JOIN programme pg ON pg.id = g.programme_id "
		       /* a withdrawn grant (ledger_fix.h) is not shared */
		       "WHERE g.city_id = ?1 AND g.status <> 'withdrawn' ORDER BY g.ref",
		       put_grant))
		return -1;
	fputs("</exchange>\n", w->out);
	return 0;
}

/* Imported bookings are written with the id they have in their own city's
 * ledger, so that a file passed on stays the same. Bookings go by id,
 * except that a reversal with a smaller id than its original follows
 * right after the original (a reversal never comes first). */
static const char bookings_sql[] =
	"SELECT coalesce(b.source_id, b.id) AS xid, b.date, b.kind, b.amount_cents, "
	"coalesce(r.source_id, r.id) AS rid, b.reference, b.note FROM booking b "
	"LEFT JOIN booking r ON r.id = b.reverses_id WHERE b.grant_id = ?1 "
	"ORDER BY max(xid, coalesce(rid, 0)), rid IS NOT NULL, xid";

struct snapshot_job {
	struct writer *w;
	const char *ags, *generated;
};

static int export_snapshot(struct store *st, void *arg, struct ft_error *err)
{
	struct snapshot_job *job = arg;
	struct writer *w = job->w;
	int rc = -1;

	if (store_prepare(st, "SELECT year, amount_cents FROM allocation WHERE grant_id = ?1 "
			      "ORDER BY year",
			  &w->allocations, err) == 0 &&
	    store_prepare(st, bookings_sql, &w->bookings, err) == 0)
		rc = write_document(w, job->ags, job->generated);
	sqlite3_finalize(w->allocations);
	sqlite3_finalize(w->bookings);
	return rc;
}

int exchange_export(struct store *st, const char *ags, const char *generated, FILE *out,
		    struct exch_summary *summary, struct ft_error *err)
{
	struct writer w = { .st = st, .out = out, .summary = summary, .err = err };
	struct snapshot_job job = { &w, ags, generated };

	if (summary)
		memset(summary, 0, sizeof(*summary));
	/* one read transaction: a consistent snapshot even while others write */
	if (store_read(st, export_snapshot, &job, err))
		return -1;
	if (fflush(out) != 0 || ferror(out))
		return ft_fail(err, "cannot write the export: %s", strerror(errno));
	return 0;
}

struct export_job {
	struct store *st;
	const char *ags, *generated;
	struct exch_summary *summary;
};

static int write_export(void *arg, FILE *out, struct ft_error *err)
{
	struct export_job *job = arg;

	return exchange_export(job->st, job->ags, job->generated, out, job->summary, err);
}

int exchange_export_file(struct store *st, const char *ags, const char *generated,
			 const char *path, struct exch_summary *summary, struct ft_error *err)
{
	struct export_job job = { st, ags, generated, summary };

	return atomic_write_file(path, "", write_export, &job, err);
}

int exchange_timestamp(char out[EXCH_TIMESTAMP_BUF], struct ft_error *err)
{
	const char *epoch = getenv("SOURCE_DATE_EPOCH");
	time_t when = time(NULL);
	struct tm tm;

	if (epoch) {
		char *end;
		long long seconds;

		errno = 0;
		seconds = strtoll(epoch, &end, 10);
		/* up to 9999-12-31T23:59:59Z, what the format's four-digit year holds */
		if (!*epoch || *end || errno || seconds < 0 || seconds > 253402300799LL ||
		    strspn(epoch, "0123456789") != strlen(epoch))
			return ft_fail(err,
				       "invalid SOURCE_DATE_EPOCH '%s': expected whole seconds since "
				       "1970-01-01 (e.g. 1764000000)",
				       epoch);
		when = (time_t)seconds;
	}
	if (!gmtime_r(&when, &tm))
		return ft_fail(err, "cannot tell the time");
	strftime(out, EXCH_TIMESTAMP_BUF, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return 0;
}
