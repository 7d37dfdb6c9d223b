/* fopencookie (glibc): the rows digest hashes the document as it is
 * written, without a file that could hit a disk or file-size limit. */
#define _GNU_SOURCE
#include "exchange_write.h"

#include <errno.h>
#include <stdint.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db.h"
#include "atomic_file.h"
#include "exchange.h"
#include "finplan.h"
#include "money.h"
#include "sha256.h"
#include "text.h"
#include "vec.h"
#include "msg_lang.h"

struct writer {
	struct store *st;
	FILE *out;
	struct exch_summary *summary;
	struct ft_error *err;
	struct exch_export_options *opts;
	int minor;      /* the format written: 1.0 or 1.1 */
	int rows_only;  /* for the digest: the rows, no delivery metadata */
	int64_t city_id;
	int own;        /* the city is the own one */
	struct db_stmt *allocations;
	struct db_stmt *bookings;
	/* format 1.1: the financing plan and project bookings of a project */
	struct db_stmt *plan_lines, *covers, *project_bookings, *shares;
	long nplan_lines, ncovers, nproject_bookings; /* written, or dropped for 1.0 */
};

/* The delivery held of a city (its last import), or the own city's. */
struct delivery_meta {
	int held;        /* an import is held of the city */
	char version[16], generated[40], cutoff[DATE_BUF], population_date[DATE_BUF];
	int64_t sequence;
	char contact_name[2048], contact_email[300], contact_phone[2048], software[2048];
	char rows_sha256[SHA256_HEX];
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

/* Whether check_text would pass text: the callers make the record's
 * label only when not (a call per record of every import's rows digest). */
static int exportable(const char *text, enum text_kind kind)
{
	char buf[TEXT_PROBLEM_MAX];

	return !text || !text_problem_for_export(text, kind, buf);
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
#define ATTRIBUTE_SPECIAL "&<>\"\t\n\r"
static void put_escaped(FILE *f, const char *s, int in_attribute)
{
	const char *special = in_attribute ? ATTRIBUTE_SPECIAL : "&<>\r";
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
	fputc(' ', f);
	fputs(name, f);
	fputs("=\"", f);
	put_escaped(f, value, 1);
	fputc('"', f);
}

/* name="value" of a value the schema restricts to characters that need no
 * escaping (codes, dates, words of a list), written as it is. */
static void put_plain_attr(FILE *f, const char *name, const char *value)
{
	fputc(' ', f);
	fputs(name, f);
	fputs("=\"", f);
	fputs(value, f);
	fputc('"', f);
}

/* The elements by fputs, not fprintf: a grant and a project of every
 * import's rows digest have several (issue 19). */
static void put_text_element(FILE *f, const char *indent, const char *name, const char *text)
{
	if (!text)
		return;
	fputs(indent, f);
	fputc('<', f);
	fputs(name, f);
	fputc('>', f);
	put_escaped(f, text, 0);
	fputs("</", f);
	fputs(name, f);
	fputs(">\n", f);
}

static void put_money_element(FILE *f, const char *indent, const char *name, int64_t cents)
{
	char amount[MONEY_BUF];

	money_format_plain(cents, amount);
	fputs(indent, f);
	fputc('<', f);
	fputs(name, f);
	fputs(" currency=\"EUR\">", f);
	fputs(amount, f);
	fputs("</", f);
	fputs(name, f);
	fputs(">\n", f);
}

static const char *column(struct db_stmt *s, int col)
{
	return (const char *)db_column_text(s, col);
}

static int is_null(struct db_stmt *s, int col)
{
	return db_column_type(s, col) == DB_NULL;
}

/* ---- the city and its master data ------------------------------------------------ */

static int find_city(struct writer *w, const char *ags, struct db_stmt **city)
{
	const char *sql = ags ? "SELECT id, ags, name, population, own FROM city WHERE ags = ?1"
			      : "SELECT id, ags, name, population, own FROM city WHERE own = 1";
	int rc;

	if (store_prepare(w->st, sql, city, w->err))
		return -1;
	store_bind_text(*city, 1, ags);
	rc = db_step(*city);
	if (rc == DB_ROW)
		return 0;
	db_finalize(*city);
	*city = NULL;
	if (rc != DB_DONE)
		return store_fail(w->st, w->err, "cannot read the city");
	if (ags)
		return ft_fail(w->err, "no city with AGS '%s' in this database (see 'fundtrack cities')",
			       ags);
	return ft_fail(w->err, "no own city recorded yet: give the city to export with --city AGS "
			       "(see 'fundtrack cities')");
}

static void copy_text(struct db_stmt *s, int col, char *out, size_t size)
{
	const char *t = column(s, col);

	snprintf(out, size, "%s", t ? t : "");
}

static int read_delivery(struct writer *w, struct delivery_meta *m)
{
	struct db_stmt *s;
	int rc;

	memset(m, 0, sizeof(*m));
	if (store_prepare(w->st,
			  "SELECT version, generated, cutoff, sequence, contact_name, contact_email, "
			  "contact_phone, software, population_date, rows_sha256 FROM exchange_import "
			  "WHERE city_id = ?1",
			  &s, w->err))
		return -1;
	db_bind_int64(s, 1, w->city_id);
	rc = db_step(s);
	if (rc == DB_ROW) {
		m->held = 1;
		copy_text(s, 0, m->version, sizeof(m->version));
		copy_text(s, 1, m->generated, sizeof(m->generated));
		copy_text(s, 2, m->cutoff, sizeof(m->cutoff));
		m->sequence = db_column_int64(s, 3);
		copy_text(s, 4, m->contact_name, sizeof(m->contact_name));
		copy_text(s, 5, m->contact_email, sizeof(m->contact_email));
		copy_text(s, 6, m->contact_phone, sizeof(m->contact_phone));
		copy_text(s, 7, m->software, sizeof(m->software));
		copy_text(s, 8, m->population_date, sizeof(m->population_date));
		copy_text(s, 9, m->rows_sha256, sizeof(m->rows_sha256));
	}
	db_finalize(s);
	return rc == DB_ROW || rc == DB_DONE ? 0
						     : store_fail(w->st, w->err, "cannot read the delivery");
}

static int64_t scalar(struct writer *w, const char *sql, int64_t fallback)
{
	struct db_stmt *s;
	int64_t v = fallback;

	if (store_prepare(w->st, sql, &s, NULL))
		return fallback;
	if (db_step(s) == DB_ROW && db_column_type(s, 0) != DB_NULL)
		v = db_column_int64(s, 0);
	db_finalize(s);
	return v;
}

/* The own city's delivery: the cut-off date and sequence number given,
 * or by default the date of generated and the number of the newest audit
 * entry (it grows with every change, so a later export of changed data
 * has a higher number, and unchanged data exported again the same one). */
static int own_delivery(struct writer *w, const char *ags, const char *name,
			const char *generated, struct delivery_meta *m)
{
	const struct exch_export_options *o = w->opts;
	int64_t held_sequence = m->sequence;

	/* Data taken over (import --as-own) and not changed since is still the
	 * delivery it came as: its number and cut-off stay, so that it is
	 * passed on as the same delivery. */
	if (m->held && m->sequence > 0 && m->rows_sha256[0] && !w->rows_only &&
	    !(o && (o->cutoff || o->sequence || o->contact))) {
		char now[SHA256_HEX];

		if (exchange_rows_digest(w->st, ags, now, w->err))
			return -1;
		if (strcmp(now, m->rows_sha256) == 0)
			return 0;
	}
	snprintf(m->cutoff, sizeof(m->cutoff), "%.10s",
		 o && o->cutoff ? o->cutoff : generated);
	m->sequence = o && o->sequence > 0 ? o->sequence
				      : scalar(w, "SELECT max(id) FROM audit_log", 1);
	if (!(o && o->sequence > 0) && m->sequence <= held_sequence)
		m->sequence = held_sequence + 1;
	if (m->sequence < 1)
		m->sequence = 1;
	snprintf(m->contact_name, sizeof(m->contact_name), "%s",
		 o && o->contact ? o->contact : name);
	m->contact_email[0] = m->contact_phone[0] = '\0';
	snprintf(m->software, sizeof(m->software), "fundtrack %s", FT_VERSION);
	return 0;
}

/* Appends what format 1.0 cannot carry to opts->dropped. */
static void dropped(struct writer *w, const char *what)
{
	char *d;
	size_t n;

	if (!w->opts)
		return;
	d = w->opts->dropped;
	n = strlen(d);
	snprintf(d + n, sizeof(w->opts->dropped) - n, "%s%s", n ? "; " : "", what);
}

static int write_delivery(struct writer *w, const struct delivery_meta *m)
{
	char by_ags[16] = "", by_name[600] = "";
	struct db_stmt *s;

	fprintf(w->out, "  <delivery cutoff=\"%s\" sequence=\"%lld\"", m->cutoff,
		(long long)m->sequence);
	put_attr(w->out, "software", m->software[0] ? m->software : NULL);
	fputs(">\n    <contact", w->out);
	put_attr(w->out, "name", m->contact_name);
	put_attr(w->out, "email", m->contact_email[0] ? m->contact_email : NULL);
	put_attr(w->out, "phone", m->contact_phone[0] ? m->contact_phone : NULL);
	fputs("/>\n", w->out);
	/* a partner's delivery passed on names who passed it on */
	if (!w->own && store_prepare(w->st, "SELECT ags, name FROM city WHERE own = 1", &s,
				     w->err) == 0) {
		if (db_step(s) == DB_ROW) {
			copy_text(s, 0, by_ags, sizeof(by_ags));
			copy_text(s, 1, by_name, sizeof(by_name));
		}
		db_finalize(s);
		if (by_ags[0]) {
			fprintf(w->out, "    <forwarded-by ags=\"%s\"", by_ags);
			put_attr(w->out, "name", by_name);
			fprintf(w->out, " at=\"%s\"/>\n", w->opts ? w->opts->generated : "");
		}
	}
	fputs("  </delivery>\n", w->out);
	return 0;
}

/* The version to write: asked for, or the newest; a partner's data by
 * default in the version of its delivery, since a 1.0 delivery has no
 * cut-off date and sequence number a 1.1 file could pass on. */
static int choose_version(struct writer *w, const struct delivery_meta *m, const char *ags)
{
	const char *asked = w->opts ? w->opts->version : NULL;
	int partner10 = !w->own && m->held && strcmp(m->version, EXCH_VERSION_1_0) == 0;

	if (w->rows_only) {
		w->minor = 1;
		return 0;
	}
	if (asked && strcmp(asked, EXCH_VERSION_1_0) != 0 && strcmp(asked, EXCH_VERSION) != 0)
		return ft_fail(w->err, "invalid format version '%s': expected %s or %s", asked,
			       EXCH_VERSION_1_0, EXCH_VERSION);
	if (asked && strcmp(asked, EXCH_VERSION) == 0 && partner10)
		return ft_fail(w->err,
			       "cannot write city %s as format %s: its delivery held is a %s file, "
			       "which has no cut-off date and sequence number to pass on; write it "
			       "as %s (--format-version %s)",
			       ags, EXCH_VERSION, EXCH_VERSION_1_0, EXCH_VERSION_1_0, EXCH_VERSION_1_0);
	w->minor = asked ? strcmp(asked, EXCH_VERSION_1_0) != 0 : !partner10;
	return 0;
}

/* The features of 1.1 a reader must understand to read this city's figures
 * (the XSD's COMPATIBILITY and FEATURES): financing-plan when a project
 * has cost lines or means of cover, project-bookings when one has project
 * bookings, so that a reader that knows neither refuses the file rather
 * than read each grant without its share of the project's spending. */
static int put_requires(struct writer *w)
{
	struct db_stmt *s;
	int plan, bookings;

	if (store_prepare(w->st,
			  "SELECT EXISTS (SELECT 1 FROM plan_line l JOIN project p ON "
			  "p.id = l.project_id WHERE p.city_id = ?1) OR EXISTS (SELECT 1 FROM "
			  "plan_cover v JOIN project p ON p.id = v.project_id WHERE p.city_id = ?1), "
			  "EXISTS (SELECT 1 FROM project_booking b JOIN project p ON "
			  "p.id = b.project_id WHERE p.city_id = ?1)",
			  &s, w->err))
		return -1;
	db_bind_int64(s, 1, w->city_id);
	if (db_step(s) != DB_ROW) {
		db_finalize(s);
		return store_fail(w->st, w->err, "cannot read the financing plans");
	}
	plan = db_column_int(s, 0);
	bookings = db_column_int(s, 1);
	db_finalize(s);
	if (plan || bookings)
		fprintf(w->out, " requires=\"%s%s%s\"", plan ? "financing-plan" : "",
			plan && bookings ? " " : "", bookings ? "project-bookings" : "");
	return 0;
}

/* The document's start up to the root's attributes after 'generated'. */
static void put_root_open(struct writer *w, const char *generated)
{
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", w->out);
	fprintf(w->out, "<exchange xmlns=\"%s\" version=\"%s\" generated=\"%s\"", EXCH_NAMESPACE,
		w->minor ? EXCH_VERSION : EXCH_VERSION_1_0, generated);
}

/* population 0: unknown (not written) */
static void put_city_open(FILE *f, const char *ags, int64_t population)
{
	fprintf(f, "  <city ags=\"%s\"", ags);
	if (population > 0)
		fprintf(f, " population=\"%lld\"", (long long)population);
}

static void put_city_close(FILE *f, const char *name)
{
	fputs(">\n", f);
	put_text_element(f, "    ", "name", name);
	fputs("  </city>\n", f);
}

/* The digest's fixed header: no delivery, no time of writing (exch_rows_hash). */
static const char rows_generated[] = "1970-01-01T00:00:00Z";

static int write_city(struct writer *w, const char *ags, const char *generated)
{
	struct db_stmt *city;
	const char *name;
	char who[64];
	struct delivery_meta m;

	if (find_city(w, ags, &city))
		return -1;
	w->city_id = db_column_int64(city, 0);
	w->own = db_column_int(city, 4);
	name = column(city, 2);
	if (read_delivery(w, &m) || choose_version(w, &m, column(city, 1))) {
		db_finalize(city);
		return -1;
	}
	if (w->own || !m.held) {
		if (own_delivery(w, column(city, 1), name, generated, &m)) {
			db_finalize(city);
			return -1;
		}
	} else if (!w->rows_only) {
		/* a partner's data keeps the partner's own generation time */
		generated = m.generated;
	}
	if (w->rows_only)
		generated = rows_generated;

	if (check_text(w, label(who, sizeof(who), "city", column(city, 1)), "name", name, TEXT_NAME)) {
		db_finalize(city);
		return -1;
	}
	if (w->summary) {
		snprintf(w->summary->ags, sizeof(w->summary->ags), "%s", column(city, 1));
		snprintf(w->summary->city, sizeof(w->summary->city), "%s", name);
		snprintf(w->summary->generated, sizeof(w->summary->generated), "%s", generated);
		w->summary->records[EXCH_CITY] = 1;
	}
	put_root_open(w, generated);
	if (w->minor && put_requires(w)) {
		db_finalize(city);
		return -1;
	}
	fputs(">\n", w->out);
	if (w->minor && !w->rows_only)
		write_delivery(w, &m);
	else if (!w->rows_only)
		dropped(w, w->own ? tr("the delivery's cut-off date, sequence number and contact")
				  : tr("the delivery's cut-off date, sequence number and contact, and "
				       "who passed the data on"));
	put_city_open(w->out, column(city, 1), is_null(city, 3) ? 0 : db_column_int64(city, 3));
	if (m.population_date[0] && !w->rows_only) {
		if (w->minor)
			fprintf(w->out, " population-date=\"%s\"", m.population_date);
		else
			dropped(w, tr("the reference date of the population"));
	}
	put_city_close(w->out, name);
	db_finalize(city);
	return 0;
}

/* One list of records: sql selects them for the city (?1); put writes one
 * row. An empty list is written as <list/>. */
typedef int (*put_row_fn)(struct writer *w, struct db_stmt *row);

static int write_list(struct writer *w, const char *list, enum exch_kind kind, const char *sql,
		      put_row_fn put)
{
	struct db_stmt *s;
	long n = 0;
	int rc;

	if (store_prepare(w->st, sql, &s, w->err))
		return -1;
	db_bind_int64(s, 1, w->city_id);
	while ((rc = db_step(s)) == DB_ROW) {
		if (n++ == 0)
			fprintf(w->out, "  <%s>\n", list);
		if (put(w, s)) {
			db_finalize(s);
			return -1;
		}
	}
	db_finalize(s);
	if (rc != DB_DONE)
		return store_fail(w->st, w->err, "cannot read the data to export");
	if (n)
		fprintf(w->out, "  </%s>\n", list);
	else
		fprintf(w->out, "  <%s/>\n", list);
	if (w->summary)
		w->summary->records[kind] = n;
	return 0;
}

/* The master data and projects are written from the database's rows
 * here and, for the rows digest of a new city (exch_rows_hash), from the
 * records of the file being imported: one formatter for both, so that
 * the two give the same bytes. */
static int put_district_values(struct writer *w, const struct exch_district *d)
{
	char who[128];

	if (check_text(w, label(who, sizeof(who), "district", d->code), "name", d->name, TEXT_NAME))
		return -1;
	fprintf(w->out, "    <district code=\"%s\" action-area=\"%s\">\n", d->code,
		d->action_area ? "true" : "false");
	put_text_element(w->out, "      ", "name", d->name);
	fputs("    </district>\n", w->out);
	return 0;
}

static int put_district(struct writer *w, struct db_stmt *row)
{
	struct exch_district d = { column(row, 0), column(row, 1), db_column_int(row, 2) };

	return put_district_values(w, &d);
}

static int put_funder_values(struct writer *w, const struct exch_funder *fu)
{
	char who[128];

	if (check_text(w, label(who, sizeof(who), "funder", fu->code), "name", fu->name, TEXT_NAME))
		return -1;
	/* the levels new in 1.1 have no word in 1.0, and no other level is
	 * true of the funder: refused rather than misstated */
	if (!w->minor && (strcmp(fu->level, "other-public") == 0 ||
			  strcmp(fu->level, "foundation") == 0))
		return ft_fail(w->err,
			       "cannot write funder '%s' as format %s: its level '%s' is new in "
			       "format %s (1.0 knows eu, federal, state and municipal); write "
			       "format %s for this partner, or ask it to upgrade",
			       fu->code, EXCH_VERSION_1_0, fu->level, EXCH_VERSION, EXCH_VERSION);
	fprintf(w->out, "    <funder code=\"%s\" level=\"%s\">\n", fu->code, fu->level);
	put_text_element(w->out, "      ", "name", fu->name);
	fputs("    </funder>\n", w->out);
	return 0;
}

static int put_funder(struct writer *w, struct db_stmt *row)
{
	struct exch_funder fu = { column(row, 0), column(row, 1), column(row, 2) };

	return put_funder_values(w, &fu);
}

/* rate_bp < 0: none */
static void put_rate(FILE *f, int rate_bp)
{
	char rate[RATE_BUF];

	if (rate_bp < 0)
		return;
	rate_format_plain(rate_bp, rate);
	put_plain_attr(f, "rate", rate);
}

static int rate_column(struct db_stmt *row, int col)
{
	return is_null(row, col) ? -1 : db_column_int(row, col);
}

static int put_programme_values(struct writer *w, const struct exch_programme *p)
{
	char who[128];

	label(who, sizeof(who), "programme", p->code);
	if (check_text(w, who, "name", p->name, TEXT_NAME) ||
	    check_text(w, who, "fund", p->fund, TEXT_NAME))
		return -1;
	fprintf(w->out, "    <programme code=\"%s\" funder=\"%s\"", p->code, p->funder);
	put_attr(w->out, "fund", p->fund);
	put_rate(w->out, p->rate_bp);
	fprintf(w->out, " financing=\"%s\" drawdown-days=\"%d\" proof-months=\"%d\">\n",
		p->financing, p->drawdown_days, p->proof_months);
	put_text_element(w->out, "      ", "name", p->name);
	fputs("    </programme>\n", w->out);
	return 0;
}

static int put_programme(struct writer *w, struct db_stmt *row)
{
	struct exch_programme p = { .code = column(row, 0), .name = column(row, 1),
				    .funder = column(row, 2), .fund = column(row, 3),
				    .rate_bp = rate_column(row, 4), .financing = column(row, 5),
				    .drawdown_days = db_column_int(row, 6),
				    .proof_months = db_column_int(row, 7) };

	return put_programme_values(w, &p);
}

/* ---- the financing plan and project bookings of a project (1.1) ---------------- */

/* Steps s (bound to the project) through put; -1 on a failure. */
static int each_row(struct writer *w, struct db_stmt *s, int64_t project_id, const char *code,
		    int (*put)(struct writer *, struct db_stmt *, const char *))
{
	int rc;

	db_reset(s);
	db_bind_int64(s, 1, project_id);
	while ((rc = db_step(s)) == DB_ROW)
		if (put(w, s, code)) {
			db_reset(s);
			return -1;
		}
	db_reset(s);
	return rc == DB_DONE ? 0 : store_fail(w->st, w->err, "cannot read the financing plan");
}

static int put_plan_line(struct writer *w, struct db_stmt *s, const char *code)
{
	char amount[MONEY_BUF], who[200];

	w->nplan_lines++;
	if (!w->minor)
		return 0;
	if (w->summary)
		w->summary->records[EXCH_PLAN_LINE]++;
	snprintf(who, sizeof(who), "cost line '%s' of project '%s'", column(s, 0), code);
	if (check_text(w, who, "label", column(s, 1), TEXT_NAME))
		return -1;
	money_format_plain(db_column_int64(s, 2), amount);
	fprintf(w->out, "      <plan-line position=\"%s\"", column(s, 0));
	put_attr(w->out, "label", column(s, 1));
	fprintf(w->out, " currency=\"EUR\">%s</plan-line>\n", amount);
	return 0;
}

static int put_cover(struct writer *w, struct db_stmt *s, const char *code)
{
	char amount[MONEY_BUF];

	(void)code;
	w->ncovers++;
	if (!w->minor)
		return 0;
	if (w->summary)
		w->summary->records[EXCH_COVER]++;
	money_format_plain(db_column_int64(s, 1), amount);
	fprintf(w->out, "      <cover kind=\"%s\" currency=\"EUR\">%s</cover>\n", column(s, 0),
		amount);
	return 0;
}

/* For the rows digest only (never a file): the shares a project booking
 * was split into, so that 'audit verify' proves them too. */
static int put_shares(struct writer *w, int64_t booking_id)
{
	struct db_stmt *s = w->shares;
	int rc, first = 1;

	db_reset(s);
	db_bind_int64(s, 1, booking_id);
	fputs(" shares=\"", w->out);
	while ((rc = db_step(s)) == DB_ROW) {
		fprintf(w->out, "%s%s:%s:%lld:%lld:%s", first ? "" : ";", column(s, 0),
			is_null(s, 1) ? "" : column(s, 1), (long long)db_column_int64(s, 2),
			(long long)db_column_int64(s, 3), is_null(s, 4) ? "" : column(s, 4));
		first = 0;
	}
	fputc('"', w->out);
	db_reset(s);
	return rc == DB_DONE ? 0 : store_fail(w->st, w->err, "cannot read the shares");
}

static int put_project_booking(struct writer *w, struct db_stmt *s, const char *code)
{
	char amount[MONEY_BUF], id[32], who[200];

	w->nproject_bookings++;
	if (!w->minor)
		return 0;
	if (w->summary)
		w->summary->records[EXCH_PROJECT_BOOKING]++;
	snprintf(id, sizeof(id), "%lld", (long long)db_column_int64(s, 0));
	snprintf(who, sizeof(who), "booking %s of project '%s'", id, code);
	if (check_text(w, who, "reference", column(s, 7), TEXT_FREE) ||
	    check_text(w, who, "note", column(s, 8), TEXT_FREE))
		return -1;
	money_format_plain(db_column_int64(s, 5), amount);
	fprintf(w->out, "      <booking id=\"%s\" date=\"%s\"", id, column(s, 1));
	put_attr(w->out, "service-date", column(s, 2));
	fprintf(w->out, " kind=\"%s\"", column(s, 3));
	put_attr(w->out, "line", column(s, 4));
	fputs(" currency=\"EUR\"", w->out);
	if (!is_null(s, 6))
		fprintf(w->out, " reverses=\"%lld\"", (long long)db_column_int64(s, 6));
	put_attr(w->out, "reference", column(s, 7));
	put_attr(w->out, "note", column(s, 8));
	if (w->rows_only && put_shares(w, db_column_int64(s, 9)))
		return -1;
	fprintf(w->out, ">%s</booking>\n", amount);
	return 0;
}

/* In 1.0, which has neither, they are counted for the message of what
 * was dropped; each grant's share of a project booking is then one of the
 * grant's expenditure bookings (bookings_sql). */
/* A reader splits the project bookings again (the XSD's THE SPLIT OF
 * PROJECT BOOKINGS): where the plan changed after a booking, its split
 * here is not the one the reader makes, and the export says so. */
static int check_split(struct writer *w, int64_t project_id, const char *code, long before)
{
	int64_t differs;
	char *u;
	size_t n;
	int rc;

	if (!w->minor || w->rows_only || !w->opts || w->nproject_bookings == before)
		return 0;
	if ((rc = finplan_split_reproducible(w->st, project_id, &differs, w->err)) <= 0)
		return rc;
	u = w->opts->unsplit;
	n = strlen(u);
	snprintf(u + n, sizeof(w->opts->unsplit) - n, "%sproject '%s' (from booking P%lld on)",
		 n ? ", " : "", code, (long long)differs);
	return 0;
}

static int put_plan(struct writer *w, int64_t project_id, const char *code)
{
	long before = w->nproject_bookings;

	return each_row(w, w->plan_lines, project_id, code, put_plan_line) ||
	       each_row(w, w->covers, project_id, code, put_cover) ||
	       each_row(w, w->project_bookings, project_id, code, put_project_booking) ||
	       check_split(w, project_id, code, before);
}

/* A project's element up to its financing plan. */
static int put_project_head(struct writer *w, const struct exch_project *p)
{
	char who[128];

	if (!exportable(p->title, TEXT_NAME) || !exportable(p->carrier, TEXT_FREE) ||
	    !exportable(p->target_group, TEXT_FREE)) { /* the label only for a message */
		label(who, sizeof(who), "project", p->code);
		if (check_text(w, who, "title", p->title, TEXT_NAME) ||
		    check_text(w, who, "carrier", p->carrier, TEXT_FREE) ||
		    check_text(w, who, "target group", p->target_group, TEXT_FREE))
			return -1;
	}
	fputs("    <project", w->out);
	put_plain_attr(w->out, "code", p->code);
	put_plain_attr(w->out, "field", p->field);
	put_attr(w->out, "district", p->district);
	put_attr(w->out, "predecessor", p->predecessor);
	put_attr(w->out, "start", p->start);
	put_attr(w->out, "end", p->end);
	fputs(">\n", w->out);
	put_text_element(w->out, "      ", "title", p->title);
	put_text_element(w->out, "      ", "carrier", p->carrier);
	put_text_element(w->out, "      ", "target-group", p->target_group);
	if (p->has_costs)
		put_money_element(w->out, "      ", "costs", p->costs);
	return 0;
}

static int put_project(struct writer *w, struct db_stmt *row)
{
	struct exch_project p = { .code = column(row, 0), .title = column(row, 1),
				  .field = column(row, 2), .district = column(row, 3),
				  .predecessor = column(row, 4), .carrier = column(row, 5),
				  .target_group = column(row, 6), .start = column(row, 7),
				  .end = column(row, 8), .costs = db_column_int64(row, 9),
				  .has_costs = !is_null(row, 9) };

	if (put_project_head(w, &p) || put_plan(w, db_column_int64(row, 10), p.code))
		return -1;
	fputs("    </project>\n", w->out);
	return 0;
}

/* ---- grants with their allocations and bookings ---------------------------------------- */

/* The records of a grant are written from the database's rows here and,
 * for the rows digest of a new city (exch_rows_hash), from the records
 * of the file being imported: one formatter for both, so that the two
 * give the same bytes. */
static void put_allocation(struct writer *w, const struct exch_allocation *a)
{
	char amount[MONEY_BUF], year[COUNT_PLAIN_BUF];

	money_format_plain(a->amount, amount);
	count_format_plain(a->year, year);
	fputs("      <allocation year=\"", w->out);
	fputs(year, w->out);
	fputs("\" currency=\"EUR\">", w->out);
	fputs(amount, w->out);
	fputs("</allocation>\n", w->out);
	if (w->summary)
		w->summary->records[EXCH_ALLOCATION]++;
}

static int put_allocations(struct writer *w, int64_t grant_id)
{
	struct db_stmt *s = w->allocations;
	int rc;

	db_reset(s);
	db_bind_int64(s, 1, grant_id);
	while ((rc = db_step(s)) == DB_ROW) {
		struct exch_allocation a = { db_column_int(s, 0), db_column_int64(s, 1) };

		put_allocation(w, &a);
	}
	db_reset(s);
	return rc == DB_DONE ? 0 : store_fail(w->st, w->err, "cannot read the allocations");
}

/* 1 when text (NULL: none) may go into the file as it is. */

/* A booking line put together in a buffer and written with one fwrite:
 * a dozen fputs per line were most of the rows digest that every import
 * makes of a million bookings (issue 19). What does not fit goes out
 * with what is before it. */
struct line {
	FILE *f;
	size_t n;
	char text[256];
};

static void line_flush(struct line *l)
{
	fwrite(l->text, 1, l->n, l->f);
	l->n = 0;
}

static void line_put(struct line *l, const char *s)
{
	size_t k = strlen(s);

	if (k > sizeof(l->text) - l->n) {
		line_flush(l);
		if (k > sizeof(l->text)) {
			fwrite(s, 1, k, l->f);
			return;
		}
	}
	memcpy(l->text + l->n, s, k);
	l->n += k;
}

/* put_attr's bytes; a value to escape (rare) is written by put_attr */
static void line_attr(struct line *l, const char *name, const char *value)
{
	if (!value)
		return;
	if (value[strcspn(value, ATTRIBUTE_SPECIAL)] != '\0') {
		line_flush(l);
		put_attr(l->f, name, value);
		return;
	}
	line_put(l, " ");
	line_put(l, name);
	line_put(l, "=\"");
	line_put(l, value);
	line_put(l, "\"");
}

/* One booking line, its label made only for a message: the formatted
 * prints of a line were 12 % of an export of a million bookings, and the
 * export is also the rows digest of every import (issue 19). */
static int put_booking(struct writer *w, const struct exch_booking *b, const char *ref)
{
	char amount[MONEY_BUF], id[COUNT_PLAIN_BUF], who[400];
	const char *reference = b->reference, *note = b->note;
	struct line l = { .f = w->out };

	count_format_plain(b->id, id);
	if (!exportable(reference, TEXT_FREE) || !exportable(note, TEXT_FREE)) {
		snprintf(who, sizeof(who), "booking %s of grant '%s'", id, ref);
		if (check_text(w, who, "reference", reference, TEXT_FREE) ||
		    check_text(w, who, "note", note, TEXT_FREE))
			return -1;
	}
	money_format_plain(b->amount, amount);
	line_put(&l, "      <booking id=\"");
	line_put(&l, id);
	line_put(&l, "\" date=\"");
	line_put(&l, b->date);
	line_put(&l, "\" kind=\"");
	line_put(&l, b->kind);
	line_put(&l, "\" currency=\"EUR\"");
	if (b->reverses) {
		count_format_plain(b->reverses, id);
		line_attr(&l, "reverses", id);
	}
	line_attr(&l, "reference", reference);
	line_attr(&l, "note", note);
	line_put(&l, ">");
	line_put(&l, amount);
	line_put(&l, "</booking>\n");
	line_flush(&l);
	if (w->summary)
		w->summary->records[EXCH_BOOKING]++;
	return 0;
}

static int put_bookings(struct writer *w, int64_t grant_id, const char *ref)
{
	struct db_stmt *s = w->bookings;
	int rc;

	db_reset(s);
	db_bind_int64(s, 1, grant_id);
	db_bind_int(s, 2, w->minor);
	while ((rc = db_step(s)) == DB_ROW) {
		struct exch_booking b = { .id = db_column_int64(s, 0),
					  .reverses = is_null(s, 4) ? 0 : db_column_int64(s, 4),
					  .date = column(s, 1), .kind = column(s, 2),
					  .amount = db_column_int64(s, 3), .reference = column(s, 5),
					  .note = column(s, 6) };

		if (put_booking(w, &b, ref)) {
			db_reset(s);
			return -1;
		}
	}
	db_reset(s);
	return rc == DB_DONE ? 0 : store_fail(w->st, w->err, "cannot read the bookings");
}

/* A grant's element up to its allocations. */
static int put_grant_head(struct writer *w, const struct exch_grant *g)
{
	char who[400];

	if (!exportable(g->ref, TEXT_REF) || !exportable(g->note, TEXT_FREE)) {
		label(who, sizeof(who), "grant", g->ref);
		if (check_text(w, who, "reference", g->ref, TEXT_REF) ||
		    check_text(w, who, "note", g->note, TEXT_FREE))
			return -1;
	}
	fputs("    <grant", w->out);
	put_attr(w->out, "ref", g->ref);
	put_plain_attr(w->out, "project", g->project);
	put_plain_attr(w->out, "programme", g->programme);
	put_plain_attr(w->out, "status", g->status);
	put_plain_attr(w->out, "financing", g->financing);
	put_rate(w->out, g->rate_bp);
	put_plain_attr(w->out, "start", g->start);
	put_plain_attr(w->out, "end", g->end);
	put_attr(w->out, "applied", g->applied);
	put_attr(w->out, "decided", g->decided);
	fputs(">\n", w->out);
	put_money_element(w->out, "      ", "approved", g->approved);
	if (g->has_eligible)
		put_money_element(w->out, "      ", "eligible", g->eligible);
	put_text_element(w->out, "      ", "note", g->note);
	return 0;
}

static int put_grant(struct writer *w, struct db_stmt *row)
{
	struct exch_grant g = { .ref = column(row, 1), .project = column(row, 2),
				.programme = column(row, 3), .status = column(row, 4),
				.financing = column(row, 5), .rate_bp = rate_column(row, 6),
				.start = column(row, 7), .end = column(row, 8),
				.applied = column(row, 9), .decided = column(row, 10),
				.approved = db_column_int64(row, 11),
				.eligible = db_column_int64(row, 12), .has_eligible = !is_null(row, 12),
				.note = column(row, 13) };

	if (put_grant_head(w, &g) || put_allocations(w, db_column_int64(row, 0)) ||
	    put_bookings(w, db_column_int64(row, 0), g.ref))
		return -1;
	fputs("    </grant>\n", w->out);
	return 0;
}

/* ---- indicators (1.1) ------------------------------------------------------------------------ */

static int write_indicators(struct writer *w)
{
	struct db_stmt *s;
	long n = 0;
	int rc;

	if (store_prepare(w->st, "SELECT year, field, participants FROM exchange_indicator "
				 "WHERE city_id = ?1 ORDER BY year, field",
			  &s, w->err))
		return -1;
	db_bind_int64(s, 1, w->city_id);
	while ((rc = db_step(s)) == DB_ROW) {
		if (!w->minor) {
			n++;
			continue;
		}
		if (n++ == 0)
			fputs("  <indicators>\n", w->out);
		fprintf(w->out, "    <participants year=\"%d\" field=\"%s\">%lld</participants>\n",
			db_column_int(s, 0), column(s, 1),
			(long long)db_column_int64(s, 2));
	}
	db_finalize(s);
	if (rc != DB_DONE)
		return store_fail(w->st, w->err, "cannot read the indicators");
	if (n && w->minor)
		fputs("  </indicators>\n", w->out);
	else if (n) {
		char what[64];

		snprintf(what, sizeof(what), trn("%ld indicator figure", "%ld indicator figures", n),
			 n);
		dropped(w, what);
	}
	return 0;
}

/* ---- the document ------------------------------------------------------------------------ */

/* What 1.0 cannot carry of the financing plans and project bookings. */
static int drop_plans(struct writer *w)
{
	char what[300];

	if (w->minor || !(w->nplan_lines + w->ncovers + w->nproject_bookings))
		return 0;
	snprintf(what, sizeof(what),
		 tr("the financing plans (%ld cost lines, %ld means of cover) and the %ld project "
		    "bookings as such (each grant's share of a project booking is written as an "
		    "expenditure booking of the grant; the own, third-party and city shares are "
		    "left out)"),
		 w->nplan_lines, w->ncovers, w->nproject_bookings);
	dropped(w, what);
	return 0;
}

/* The document up to the grants. */
static int write_head(struct writer *w, const char *ags, const char *generated)
{
	return write_city(w, ags, generated) ||
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
		       "p.target_group, p.start_date, p.end_date, p.costs_cents, p.id FROM project p "
		       "LEFT JOIN district d ON d.id = p.district_id "
		       "LEFT JOIN project pre ON pre.id = p.predecessor_id "
		       "WHERE p.city_id = ?1 ORDER BY p.code",
		       put_project) ||
	    drop_plans(w);
}

/* The document after the grants. */
static int write_tail(struct writer *w)
{
	if (write_indicators(w))
		return -1;
	fputs("</exchange>\n", w->out);
	return 0;
}

static int write_document(struct writer *w, const char *ags, const char *generated)
{
	return write_head(w, ags, generated) ||
	       write_list(w, "grants", EXCH_GRANT,
		       "SELECT g.id, g.ref, p.code, pg.code, g.status, g.financing, g.rate_bp, "
		       "g.period_from, g.period_to, g.applied_date, g.decided_date, "
		       "g.approved_cents, g.eligible_cents, g.note FROM \"grant\" g "
		       "JOIN project p ON p.id = g.project_id "
		       "JOIN programme pg ON pg.id = g.programme_id "
		       /* a withdrawn grant (ledger_fix.h) is not shared */
		       "WHERE g.city_id = ?1 AND g.status <> 'withdrawn' ORDER BY g.ref",
		       put_grant) ||
	       write_tail(w);
}

/* Imported bookings are written with the id they have in their own city's
 * ledger, so that a file passed on stays the same. Bookings go by id,
 * except that a reversal with a smaller id than its original follows
 * right after the original (a reversal never comes first). */
/* In 1.1 (?2 = 1) a grant's share of a project booking is not one of its
 * bookings in the file: the project booking is, and the reader splits it
 * again (finplan_allocate). 1.0 has no project bookings, so there the
 * shares are the grant's expenditure bookings: every grant's figures stay
 * what they are here, which is what a 1.0 partner compares. */
/* max(xid, rid) of SQLite, written so that PostgreSQL (whose max is only
 * an aggregate) runs it too; the select list is a subquery because
 * PostgreSQL's ORDER BY takes an output name only on its own. */
#define LATER_OF_XID_RID "CASE WHEN coalesce(rid, 0) > xid THEN rid ELSE xid END"
static const char bookings_sql[] =
	"SELECT * FROM (SELECT coalesce(b.source_id, b.id) AS xid, b.date, b.kind, "
	"b.amount_cents, coalesce(r.source_id, r.id) AS rid, b.reference, b.note FROM booking b "
	"LEFT JOIN booking r ON r.id = b.reverses_id WHERE b.grant_id = ?1 AND (?2 = 0 OR "
	"NOT EXISTS (SELECT 1 FROM project_booking_share s WHERE s.booking_id = b.id))) AS x "
	"ORDER BY " LATER_OF_XID_RID ", rid IS NOT NULL, xid";

/* The project's records of format 1.1, in a fixed order; project bookings
 * as grant bookings (a reversal right after its original). */
static const char *const plan_sql[] = {
	"SELECT position, label, planned_cents FROM plan_line WHERE project_id = ?1 "
	"ORDER BY position",
	"SELECT source, amount_cents FROM plan_cover WHERE project_id = ?1 ORDER BY source",
	"SELECT * FROM (SELECT coalesce(b.source_id, b.id) AS xid, b.date, b.service_date, "
	"b.kind, l.position, b.amount_cents, coalesce(r.source_id, r.id) AS rid, b.reference, "
	"b.note, b.id FROM project_booking b LEFT JOIN plan_line l ON l.id = b.line_id "
	"LEFT JOIN project_booking r ON r.id = b.reverses_id WHERE b.project_id = ?1) AS x "
	"ORDER BY " LATER_OF_XID_RID ", rid IS NOT NULL, xid",
	"SELECT s.source, g.ref, s.amount_cents, bk.amount_cents, bk.date "
	"FROM project_booking_share s LEFT JOIN booking bk ON bk.id = s.booking_id "
	"LEFT JOIN \"grant\" g ON g.id = bk.grant_id WHERE s.project_booking_id = ?1 "
	"ORDER BY s.source, g.ref",
};

struct snapshot_job {
	struct writer *w;
	const char *ags, *generated;
};

static int prepare_statements(struct writer *w)
{
	struct store *st = w->st;

	return store_prepare(st, "SELECT year, amount_cents FROM allocation WHERE grant_id = ?1 "
				 "ORDER BY year",
			     &w->allocations, w->err) ||
	       store_prepare(st, bookings_sql, &w->bookings, w->err) ||
	       store_prepare(st, plan_sql[0], &w->plan_lines, w->err) ||
	       store_prepare(st, plan_sql[1], &w->covers, w->err) ||
	       store_prepare(st, plan_sql[2], &w->project_bookings, w->err) ||
	       store_prepare(st, plan_sql[3], &w->shares, w->err);
}

static void finalize_statements(struct writer *w)
{
	db_finalize(w->allocations);
	db_finalize(w->bookings);
	db_finalize(w->plan_lines);
	db_finalize(w->covers);
	db_finalize(w->project_bookings);
	db_finalize(w->shares);
	w->allocations = w->bookings = w->plan_lines = w->covers = w->project_bookings =
		w->shares = NULL;
}

static int export_snapshot(struct store *st, void *arg, struct ft_error *err)
{
	struct snapshot_job *job = arg;
	struct writer *w = job->w;
	int rc = -1;

	(void)st;
	w->err = err;
	if (prepare_statements(w) == 0)
		rc = write_document(w, job->ags, job->generated);
	finalize_statements(w);
	return rc;
}

static int export_with(struct store *st, struct exch_export_options *o, int rows_only, FILE *out,
		       struct exch_summary *summary, struct ft_error *err)
{
	struct writer w = { .st = st, .out = out, .summary = summary, .err = err, .opts = o,
			    .rows_only = rows_only };
	struct snapshot_job job = { &w, o->ags, o->generated };
	int locking, rc;

	if (summary)
		memset(summary, 0, sizeof(*summary));
	o->dropped[0] = '\0';
	o->unsplit[0] = '\0';
	/* No other thread writes to out meanwhile: stdio need not lock it for
	 * each of the export's calls (that was 10 % of an export of 1 M
	 * bookings, and the export is every import's rows digest). */
	locking = __fsetlocking(out, FSETLOCKING_BYCALLER);
	/* one read transaction: a consistent snapshot even while others write */
	rc = store_read(st, export_snapshot, &job, err);
	__fsetlocking(out, locking);
	if (rc)
		return -1;
	if (fflush(out) != 0 || ferror(out))
		return ft_fail(err, "cannot write the export: %s", strerror(errno));
	return 0;
}

int exchange_export_as(struct store *st, struct exch_export_options *o, FILE *out,
		       struct exch_summary *summary, struct ft_error *err)
{
	return export_with(st, o, 0, out, summary, err);
}

int exchange_export(struct store *st, const char *ags, const char *generated, FILE *out,
		    struct exch_summary *summary, struct ft_error *err)
{
	struct exch_export_options o = { .ags = ags, .generated = generated };

	return exchange_export_as(st, &o, out, summary, err);
}

struct export_job {
	struct store *st;
	struct exch_export_options *o;
	struct exch_summary *summary;
};

static int write_export(void *arg, FILE *out, struct ft_error *err)
{
	struct export_job *job = arg;

	return exchange_export_as(job->st, job->o, out, job->summary, err);
}

int exchange_export_file_as(struct store *st, struct exch_export_options *o, const char *path,
			    struct exch_summary *summary, struct ft_error *err)
{
	struct export_job job = { st, o, summary };

	return atomic_write_file(path, "", write_export, &job, err);
}

int exchange_export_file(struct store *st, const char *ags, const char *generated,
			 const char *path, struct exch_summary *summary, struct ft_error *err)
{
	struct exch_export_options o = { .ags = ags, .generated = generated };

	return exchange_export_file_as(st, &o, path, summary, err);
}

static ssize_t hash_write(void *cookie, const char *buf, size_t size)
{
	sha256_update(cookie, (const unsigned char *)buf, size);
	return (ssize_t)size;
}

/* A stream that hashes what is written to it; only one thread writes it. */
static FILE *open_hash_stream(struct sha256 *sha)
{
	cookie_io_functions_t io = { .write = hash_write };
	FILE *f;

	sha256_init(sha);
	if ((f = fopencookie(sha, "w", io)))
		__fsetlocking(f, FSETLOCKING_BYCALLER);
	return f;
}

/* The rows are hashed as they are written: a city's rows can be a hundred
 * megabytes, and no memory or file holds them. */
int exchange_rows_digest(struct store *st, const char *ags, char hex[SHA256_HEX],
			 struct ft_error *err)
{
	struct exch_export_options o = { .ags = ags, .generated = "" };
	unsigned char digest[SHA256_DIGEST];
	struct sha256 sha;
	FILE *f;
	int rc;

	if (!(f = open_hash_stream(&sha)))
		return ft_fail(err, "out of memory");
	rc = export_with(st, &o, 1, f, NULL, err);
	if (fclose(f) != 0 && rc == 0)
		rc = ft_fail(err, "cannot hash the rows of city %s", ags);
	sha256_final(&sha, digest);
	sha256_hex(digest, hex);
	return rc;
}

/* ---- the rows digest made from a file's records --------------------------------- */

/* The lists of the document before the indicators, in their order. */
enum rows_list { L_DISTRICTS, L_FUNDERS, L_PROGRAMMES, L_PROJECTS, L_GRANTS, L_COUNT };
static const char *const rows_list_names[L_COUNT] = { "districts", "funders", "programmes",
						       "projects", "grants" };

/* A record of a list written aside, to be hashed in the order of codes. */
struct held_record {
	char *code;
	size_t from, to; /* its bytes in held_buf */
};

/* The master data (districts, funders, programmes) are few, and files of
 * other software need not list them by code: they are written aside and
 * hashed sorted, up to these bounds (else the rows are read back). */
enum { HELD_MAX = 10000, HELD_BYTES = 4 << 20 };

struct exch_rows_hash {
	struct writer w;
	FILE *held_out; /* the master data of the list open, written aside */
	char *held_buf;
	size_t held_size;
	struct held_record *held;
	size_t nheld, held_cap;
	struct sha256 sha;
	struct ft_error scratch; /* a text the format cannot carry: the read-back says so */
	int usable;              /* so far the records came in the export's order */
	int city_seen;
	int list;                /* the list open, -1 before the first */
	long count[L_COUNT];
	char last_code[512];     /* of the list open (codes and references: up to 64 chars) */
	int in_bookings;         /* the open grant's bookings have begun */
	int last_year;           /* of the open grant's last allocation */
	int64_t last_key[3];     /* of the open grant's last booking: bookings_sql's ORDER BY */
	int has_booking;
	int ended;               /* the lists are closed: only the indicators follow */
};

struct exch_rows_hash *exchange_rows_hash_new(void)
{
	struct exch_rows_hash *h = calloc(1, sizeof(*h));

	if (!h)
		return NULL;
	h->w = (struct writer){ .err = &h->scratch, .minor = 1, .rows_only = 1 };
	if (!(h->w.out = open_hash_stream(&h->sha))) {
		free(h);
		return NULL;
	}
	h->usable = 1;
	h->list = -1;
	return h;
}

static void free_held(struct exch_rows_hash *h)
{
	for (size_t i = 0; i < h->nheld; i++)
		free(h->held[i].code);
	free(h->held);
	if (h->held_out)
		fclose(h->held_out);
	free(h->held_buf);
	h->held = NULL;
	h->nheld = h->held_cap = 0;
	h->held_out = NULL;
	h->held_buf = NULL;
	h->held_size = 0;
}

static int by_code(const void *a, const void *b)
{
	return strcmp(((const struct held_record *)a)->code, ((const struct held_record *)b)->code);
}

/* Hashes the records written aside in the order of their codes (ORDER BY
 * code compares bytes, as strcmp does); 0 when two have the same code. */
static int hash_held(struct exch_rows_hash *h)
{
	int ok = 1;

	qsort(h->held, h->nheld, sizeof(*h->held), by_code);
	for (size_t i = 0; i < h->nheld && ok; i++) {
		ok = i == 0 || strcmp(h->held[i - 1].code, h->held[i].code) < 0;
		fwrite(h->held_buf + h->held[i].from, 1, h->held[i].to - h->held[i].from, h->w.out);
	}
	free_held(h);
	return ok;
}

/* Closes list k (an empty one as <list/>); 0 when it cannot be hashed. */
static int list_close(struct exch_rows_hash *h, int k)
{
	int ok = 1;

	if (!h->count[k]) {
		fprintf(h->w.out, "  <%s/>\n", rows_list_names[k]);
		return 1;
	}
	if (k < L_PROJECTS) {
		fprintf(h->w.out, "  <%s>\n", rows_list_names[k]);
		ok = h->held_out && fflush(h->held_out) == 0 && hash_held(h);
	}
	fprintf(h->w.out, "  </%s>\n", rows_list_names[k]);
	return ok;
}

/* Goes on to list k (L_COUNT: past the last), closing the lists before
 * it; 0 when a record of k cannot come now. */
static int list_enter(struct exch_rows_hash *h, int k)
{
	if (!h->city_seen || h->ended || k < h->list)
		return 0;
	while (h->list < k) {
		if (h->list >= 0 && !list_close(h, h->list))
			return 0;
		h->list++;
		h->last_code[0] = '\0';
	}
	return 1;
}

typedef int (*put_record_fn)(struct writer *w, const struct exch_record *rec);

static int put_district_record(struct writer *w, const struct exch_record *rec)
{
	return put_district_values(w, &rec->u.district);
}

static int put_funder_record(struct writer *w, const struct exch_record *rec)
{
	return put_funder_values(w, &rec->u.funder);
}

static int put_programme_record(struct writer *w, const struct exch_record *rec)
{
	return put_programme_values(w, &rec->u.programme);
}

/* A record of the master data of list k, written aside (hash_held). */
static int hash_master(struct exch_rows_hash *h, int k, const char *code, put_record_fn put,
		       const struct exch_record *rec)
{
	struct held_record *r;
	FILE *hash_out = h->w.out;
	size_t from;
	int rc;

	if (!list_enter(h, k) || h->nheld >= HELD_MAX ||
	    (!h->held_out && !(h->held_out = open_memstream(&h->held_buf, &h->held_size))))
		return 0;
	from = h->held_size; /* after list_enter: it starts the list's buffer anew */
	h->w.out = h->held_out;
	rc = put(&h->w, rec);
	h->w.out = hash_out;
	if (rc || fflush(h->held_out) != 0 || h->held_size > HELD_BYTES ||
	    !(r = VEC_PUSH(h->held, h->nheld, h->held_cap)))
		return 0;
	*r = (struct held_record){ strdup(code), from, h->held_size };
	h->count[k]++;
	return r->code != NULL;
}

/* A record of list k (projects, grants) with code: the codes must rise
 * (ORDER BY code compares bytes, as strcmp does). 0 when the record is
 * out of order. */
static int list_record(struct exch_rows_hash *h, int k, const char *code)
{
	if (!list_enter(h, k) || strlen(code) >= sizeof(h->last_code))
		return 0;
	if (h->count[k] > 0 && strcmp(code, h->last_code) <= 0)
		return 0;
	snprintf(h->last_code, sizeof(h->last_code), "%s", code);
	if (h->count[k]++ == 0)
		fprintf(h->w.out, "  <%s>\n", rows_list_names[k]);
	return 1;
}

/* 1 when key (three numbers) sorts after last. */
static int key_after(const int64_t key[3], const int64_t last[3])
{
	for (int i = 0; i < 3; i++)
		if (key[i] != last[i])
			return key[i] > last[i];
	return 0;
}

static int hash_grant(struct exch_rows_hash *h, const struct exch_grant *g)
{
	/* a withdrawn grant is not exported (write_document) */
	if (strcmp(g->status, "withdrawn") == 0 || !list_record(h, L_GRANTS, g->ref))
		return 0;
	h->in_bookings = 0;
	h->has_booking = 0;
	h->last_year = INT32_MIN;
	return put_grant_head(&h->w, g) == 0;
}

static int hash_allocation(struct exch_rows_hash *h, const struct exch_allocation *a)
{
	/* allocations by year, before the bookings */
	if (h->list != L_GRANTS || h->ended || h->in_bookings || a->year <= h->last_year)
		return 0;
	h->last_year = a->year;
	put_allocation(&h->w, a);
	return 1;
}

static int hash_booking(struct exch_rows_hash *h, const struct exch_booking *b)
{
	/* bookings_sql: the later of the id and the reversed id, reversals
	 * after originals, then the id */
	int64_t key[3] = { b->reverses > b->id ? b->reverses : b->id, b->reverses != 0, b->id };

	if (h->list != L_GRANTS || h->ended || (h->has_booking && !key_after(key, h->last_key)))
		return 0;
	memcpy(h->last_key, key, sizeof(key));
	h->has_booking = 1;
	h->in_bookings = 1;
	return put_booking(&h->w, b, h->last_code) == 0;
}

static int hash_city(struct exch_rows_hash *h, const struct exch_city *c)
{
	char who[64];

	if (h->city_seen || check_text(&h->w, label(who, sizeof(who), "city", c->ags), "name",
				       c->name, TEXT_NAME))
		return 0;
	h->city_seen = 1;
	/* no requires: a city with a financing plan is read back */
	put_root_open(&h->w, rows_generated);
	fputs(">\n", h->w.out);
	put_city_open(h->w.out, c->ags, c->population);
	put_city_close(h->w.out, c->name);
	return 1;
}

/* 1 while the records are in the export's order and exportable. */
static int hash_one(struct exch_rows_hash *h, const struct exch_record *rec)
{
	switch (rec->kind) {
	case EXCH_HEADER:
	case EXCH_DELIVERY: /* neither is part of the rows */
		return !h->city_seen;
	case EXCH_CITY:
		return hash_city(h, &rec->u.city);
	case EXCH_DISTRICT:
		return hash_master(h, L_DISTRICTS, rec->u.district.code, put_district_record, rec);
	case EXCH_FUNDER:
		return hash_master(h, L_FUNDERS, rec->u.funder.code, put_funder_record, rec);
	case EXCH_PROGRAMME:
		return hash_master(h, L_PROGRAMMES, rec->u.programme.code, put_programme_record,
				   rec);
	case EXCH_PROJECT:
		if (!list_record(h, L_PROJECTS, rec->u.project.code) ||
		    put_project_head(&h->w, &rec->u.project))
			return 0;
		fputs("    </project>\n", h->w.out);
		return 1;
	case EXCH_GRANT:
		return hash_grant(h, &rec->u.grant);
	case EXCH_ALLOCATION:
		return hash_allocation(h, &rec->u.allocation);
	case EXCH_BOOKING:
		return hash_booking(h, &rec->u.booking);
	case EXCH_GRANT_END:
		fputs("    </grant>\n", h->w.out);
		return 1;
	case EXCH_INDICATOR: /* read back (exchange_rows_hash_finish) */
	case EXCH_END:
		if (h->ended)
			return 1;
		if (!list_enter(h, L_COUNT))
			return 0;
		h->ended = 1;
		return 1;
	default: /* a financing plan or project bookings: read back */
		return 0;
	}
}

void exchange_rows_hash_record(struct exch_rows_hash *h, const struct exch_record *rec)
{
	if (h && h->usable && (rec->bad || !hash_one(h, rec))) {
		h->usable = 0;
	}
}

struct rows_tail {
	struct exch_rows_hash *h;
	const char *ags;
};

/* The indicators, as the database holds them, and the document's end. */
static int hash_tail(struct store *st, void *arg, struct ft_error *err)
{
	struct rows_tail *t = arg;
	struct writer *w = &t->h->w;
	struct db_stmt *city;
	int rc;

	w->st = st;
	w->err = err;
	if (find_city(w, t->ags, &city))
		return -1;
	w->city_id = db_column_int64(city, 0);
	db_finalize(city);
	rc = write_tail(w);
	w->err = &t->h->scratch;
	return rc;
}

int exchange_rows_hash_finish(struct exch_rows_hash *h, struct store *st, const char *ags,
			      char hex[SHA256_HEX], struct ft_error *err)
{
	struct rows_tail t = { h, ags };
	unsigned char digest[SHA256_DIGEST];
	FILE *f;
	int rc;

	if (!h || !h->usable || !h->ended)
		return 1;
	if (store_read(st, hash_tail, &t, err))
		return -1;
	f = h->w.out;
	h->w.out = NULL;
	h->usable = 0; /* once */
	rc = fclose(f);
	sha256_final(&h->sha, digest);
	if (rc != 0)
		return ft_fail(err, "cannot hash the rows of city %s", ags);
	sha256_hex(digest, hex);
	return 0;
}

void exchange_rows_hash_free(struct exch_rows_hash *h)
{
	if (!h)
		return;
	if (h->w.out)
		fclose(h->w.out);
	free_held(h);
	free(h);
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
