/* model_chain.c - reading a recorded chain and calibrating the model. */
#include "model_chain.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sqlite3.h>

#include "db.h"

#include "money.h"
#include "msg_lang.h"

__extension__ typedef unsigned __int128 u128;

/* Every project of the chain, first link first. The depth limits guard
 * against a cycle the schema alone would not prevent. */
static const char chain_sql[] =
	"WITH RECURSIVE "
	"up(id, pred, depth) AS ("
	"  SELECT p.id, p.predecessor_id, 0 FROM project p"
	"  JOIN city c ON c.id = p.city_id AND c.own = 1 WHERE p.code = ?1"
	"  UNION ALL"
	"  SELECT p.id, p.predecessor_id, up.depth + 1 FROM project p"
	"  JOIN up ON p.id = up.pred WHERE up.depth < 100),"
	"root(id) AS (SELECT id FROM up ORDER BY depth DESC LIMIT 1),"
	"down(id, n) AS ("
	"  SELECT id, 0 FROM root"
	"  UNION ALL"
	"  SELECT p.id, down.n + 1 FROM project p"
	"  JOIN down ON p.predecessor_id = down.id WHERE down.n < 100) "
	"SELECT p.id, p.code, p.costs_cents,"
	" (SELECT min(g.period_from) FROM \"grant\" g WHERE g.project_id = p.id"
	"   AND status_counts(g.status)),"
	" (SELECT max(g.period_to) FROM \"grant\" g WHERE g.project_id = p.id"
	"   AND status_counts(g.status)),"
	" (SELECT count(*) FROM \"grant\" g WHERE g.project_id = p.id AND g.status = 'rejected'),"
	" (SELECT count(*) FROM \"grant\" g WHERE g.project_id = p.id AND g.status = 'applied') "
	"FROM down JOIN project p ON p.id = down.id ORDER BY down.n";

static const char levels_sql[] =
	"SELECT f.level, sum(g.approved_cents) FROM \"grant\" g"
	" JOIN programme pg ON pg.id = g.programme_id JOIN funder f ON f.id = pg.funder_id"
	" WHERE g.project_id = ?1 AND status_counts(g.status)"
	" GROUP BY f.level";

int64_t model_days_to_months(int64_t days)
{
	/* days * 400 / 12175, rounded half up (30.4375 = 12175 / 400) */
	return (days * 400 + 12175 / 2) / 12175;
}

static void copy_text(char *dst, size_t size, const unsigned char *text)
{
	snprintf(dst, size, "%s", text ? (const char *)text : "");
}

static int fail_link_sum(const struct model_chain_link *link, struct ft_error *err)
{
	char subject[128];

	snprintf(subject, sizeof(subject), "the grants of project '%s'", link->code);
	return money_fail_overflow(err, subject);
}

/* SQLite's sum() of integers stops with "integer overflow" instead of
 * wrapping (https://sqlite.org/lang_aggfunc.html#sumunc). */
static int read_levels(struct store *st, int64_t project_id, struct model_chain_link *link,
		       struct ft_error *err)
{
	struct db_stmt *stmt;
	int rc;

	if (store_prepare(st, levels_sql, &stmt, err))
		return -1;
	db_bind_int64(stmt, 1, project_id);
	while ((rc = db_step(stmt)) == DB_ROW) {
		const char *level = (const char *)db_column_text(stmt, 0);
		int known = 0;

		for (int l = 0; l < MODEL_NLEVELS; l++)
			if (level && strcmp(level, model_level_name((enum model_level)l)) == 0) {
				link->approved[l] = db_column_int64(stmt, 1);
				known = 1;
			}
		/* other-public and foundation (format 1.1): not the city's money */
		if (!known && money_add(link->other, db_column_int64(stmt, 1), &link->other))
			rc = SQLITE_TOOBIG;
		if (rc == SQLITE_TOOBIG)
			break;
	}
	if (rc == SQLITE_TOOBIG) {
		db_finalize(stmt);
		return fail_link_sum(link, err);
	}
	db_finalize(stmt);
	if (rc != DB_DONE)
		return store_fail(st, err, "cannot read the chain's grants");
	return 0;
}

/* The city's share: its own grants, or what the project costs beyond the
 * external grants when that is more. -1 with err when a sum leaves int64. */
static int derive_own(struct model_chain_link *link, struct ft_error *err)
{
	int64_t external = link->other, granted;

	for (int l = 0; l < MODEL_MUNICIPAL; l++)
		if (money_add(external, link->approved[l], &external))
			return fail_link_sum(link, err);
	link->own = link->approved[MODEL_MUNICIPAL];
	if (money_add(external, link->own, &granted))
		return fail_link_sum(link, err);
	if (link->costs > granted && money_sub(link->costs, external, &link->own))
		return fail_link_sum(link, err);
	return 0;
}

static int read_link(struct store *st, struct db_stmt *stmt, struct model_chain_link *link,
		     struct ft_error *err)
{
	memset(link, 0, sizeof(*link));
	copy_text(link->code, sizeof(link->code), db_column_text(stmt, 1));
	link->costs = db_column_type(stmt, 2) == DB_NULL ? -1
								   : db_column_int64(stmt, 2);
	copy_text(link->from, sizeof(link->from), db_column_text(stmt, 3));
	copy_text(link->to, sizeof(link->to), db_column_text(stmt, 4));
	link->rejected = db_column_int(stmt, 5);
	link->applied = db_column_int(stmt, 6);
	link->gap_days = -1;
	link->counted = link->from[0] != '\0';
	if (!link->counted)
		return 0;
	link->days = date_to_days(link->to) - date_to_days(link->from) + 1;
	if (read_levels(st, db_column_int64(stmt, 0), link, err))
		return -1;
	return derive_own(link, err);
}

/* Days between each counted link and the counted link before it. */
static void derive_gaps(struct model_chain *c)
{
	const struct model_chain_link *prev = NULL;

	for (int i = 0; i < c->nlinks; i++) {
		struct model_chain_link *link = &c->link[i];
		int64_t gap;

		if (!link->counted)
			continue;
		if (prev) {
			gap = date_to_days(link->from) - date_to_days(prev->to) - 1;
			link->gap_days = gap > 0 ? gap : 0;
		}
		prev = link;
	}
}

int model_chain_read(struct store *st, const char *code, struct model_chain *out,
		     struct ft_error *err)
{
	struct db_stmt *stmt;
	int rc;

	memset(out, 0, sizeof(*out));
	snprintf(out->project, sizeof(out->project), "%s", code);
	if (store_prepare(st, chain_sql, &stmt, err))
		return -1;
	store_bind_text(stmt, 1, code);
	while ((rc = db_step(stmt)) == DB_ROW) {
		if (out->nlinks == MODEL_CHAIN_MAX_LINKS) {
			db_finalize(stmt);
			return ft_fail(err, "the chain of project '%s' has more than %d links", code,
				       MODEL_CHAIN_MAX_LINKS);
		}
		if (read_link(st, stmt, &out->link[out->nlinks++], err)) {
			db_finalize(stmt);
			return -1;
		}
	}
	db_finalize(stmt);
	if (rc != DB_DONE)
		return store_fail(st, err, "cannot read the chain");
	if (out->nlinks == 0)
		return ft_fail(err, "no project '%s' (see 'fundtrack project list')", code);
	derive_gaps(out);
	return 0;
}

/* ---- calibration ---------------------------------------------------------- */

/* Appends formatted text to a note, marking a cut with "…". Notes are in
 * the language of the messages (tr). */
static void note_add(char note[MODEL_NOTE_BUF], const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void note_add(char note[MODEL_NOTE_BUF], const char *fmt, ...)
{
	size_t used = strlen(note);
	va_list ap;
	int n;

	if (used >= MODEL_NOTE_BUF - 4)
		return;
	va_start(ap, fmt);
	n = vsnprintf(note + used, MODEL_NOTE_BUF - used, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= MODEL_NOTE_BUF - used)
		snprintf(note + MODEL_NOTE_BUF - 4, 4, "\xE2\x80\xA6"); /* "…" */
}

static int may_set(const struct model_setup *s, enum model_param_id id)
{
	return s->origin[id] == MODEL_FROM_DEFAULT;
}

/* Stores a value taken from the data, clamped into the parameter's range. */
static void set_from_chain(struct model_setup *s, enum model_param_id id, int64_t value)
{
	const struct model_param_def *def = model_param(id);
	int64_t *field = (int64_t *)(void *)((char *)&s->p + def->offset);

	s->origin[id] = MODEL_FROM_CHAIN;
	if (value < def->min || value > def->max) {
		value = value < def->min ? def->min : def->max;
		note_add(s->note[id], "%s", tr(" (limited to the allowed range)"));
	}
	*field = value;
}

static void calibrate_link_months(const struct model_chain *c, struct model_setup *s)
{
	enum model_param_id id = MODEL_P_LINK_MONTHS;
	int64_t days = 0, n = 0;

	for (int i = 0; i < c->nlinks; i++) {
		if (!c->link[i].counted)
			continue;
		note_add(s->note[id], "%s%s %lld", n ? ", " : tr("mean of "), c->link[i].code,
			 (long long)model_days_to_months(c->link[i].days));
		days += c->link[i].days;
		n++;
	}
	note_add(s->note[id], "%s", tr(" months"));
	set_from_chain(s, id, model_days_to_months((days + n / 2) / n));
}

static void calibrate_gap_months(const struct model_chain *c, struct model_setup *s)
{
	enum model_param_id id = MODEL_P_GAP_MONTHS;
	int64_t days = 0, n = 0;

	for (int i = 0; i < c->nlinks; i++) {
		const struct model_chain_link *link = &c->link[i];

		/* A gap that a rejected application lengthened is not a decision
		 * delay: the model adds rejections on top of gap-months. */
		if (!link->counted || link->gap_days < 0 || link->rejected > 0)
			continue;
		note_add(s->note[id], "%s%s %lld", n ? ", " : tr("mean of the gaps before "),
			 link->code,
			 (long long)model_days_to_months(link->gap_days));
		days += link->gap_days;
		n++;
	}
	if (n == 0) {
		s->note[id][0] = '\0';
		return;
	}
	note_add(s->note[id], "%s", tr(" months"));
	set_from_chain(s, id, model_days_to_months((days + n / 2) / n));
}

/* Shares in basis points summing to exactly 10000 (largest remainder,
 * ties to the earlier level). */
static void shares_of(const int64_t amount[MODEL_NLEVELS], int64_t total,
		      int64_t out[MODEL_NLEVELS])
{
	int64_t remainder[MODEL_NLEVELS], given = 0;

	for (int l = 0; l < MODEL_NLEVELS; l++) {
		u128 scaled = (u128)amount[l] * 10000u;

		out[l] = (int64_t)(scaled / (u128)total);
		remainder[l] = (int64_t)(scaled % (u128)total);
		given += out[l];
	}
	for (; given < 10000; given++) {
		int best = 0;

		for (int l = 1; l < MODEL_NLEVELS; l++)
			if (remainder[l] > remainder[best])
				best = l;
		out[best]++;
		remainder[best] = -1;
	}
}

/* Money of all counted links by level (the city's share as own) into
 * *total; -1 with err when a sum leaves int64. */
static int chain_money(const struct model_chain *c, int64_t by_level[MODEL_NLEVELS],
		       int64_t *days, int64_t *total, struct ft_error *err)
{
	memset(by_level, 0, MODEL_NLEVELS * sizeof(*by_level));
	*days = 0;
	*total = 0;
	for (int i = 0; i < c->nlinks; i++) {
		const struct model_chain_link *link = &c->link[i];

		if (!link->counted)
			continue;
		for (int l = 0; l < MODEL_NLEVELS; l++)
			if (money_add(by_level[l],
				      l == MODEL_MUNICIPAL ? link->own : link->approved[l],
				      &by_level[l]))
				return money_fail_overflow(err, "the grants of the chain");
		*days += link->days;
	}
	for (int l = 0; l < MODEL_NLEVELS; l++)
		if (money_add(*total, by_level[l], total))
			return money_fail_overflow(err, "the grants of the chain");
	return 0;
}

static int calibrate_mix(const struct model_chain *c, struct model_setup *s,
			 struct ft_error *err)
{
	enum model_param_id id = MODEL_P_CHAIN_MIX;
	int64_t by_level[MODEL_NLEVELS], days, total;
	char amount[MONEY_BUF];

	if (chain_money(c, by_level, &days, &total, err))
		return -1;
	if (total == 0)
		return 0;
	shares_of(by_level, total, s->p.chain_mix);
	s->origin[id] = MODEL_FROM_CHAIN;
	money_format_de(total, amount);
	note_add(s->note[id], tr("decisions by the funder's level, own share = costs "
				 "without outside funds; together %s"), amount);
	return 0;
}

/* staff-fte = yearly costs / (cost-per-fte * (1 + material-share)),
 * yearly costs = money / (days / 365.25). */
static int calibrate_staff(const struct model_chain *c, struct model_setup *s,
			   struct ft_error *err)
{
	enum model_param_id id = MODEL_P_STAFF_FTE;
	int64_t by_level[MODEL_NLEVELS], days, total;
	u128 num, den, fte, per_year;
	char yearly[MONEY_BUF], per_fte[MODEL_VALUE_BUF], material[MODEL_VALUE_BUF];

	if (chain_money(c, by_level, &days, &total, err))
		return -1;
	if (total <= 0 || days <= 0)
		return 0;
	num = (u128)total * 36525u * (u128)MODEL_PCT_ONE * (u128)MODEL_FINE;
	den = (u128)days * (u128)s->p.cost_per_fte * (u128)(MODEL_PCT_ONE + s->p.material_share);
	fte = (num + den / 2) / den;
	/* a chain shorter than a year scales its money up */
	per_year = ((u128)total * 36525u + (u128)days * 50u) / ((u128)days * 100u);
	if (per_year > (u128)INT64_MAX)
		return money_fail_overflow(err, "the yearly costs of the chain");
	money_format_de((int64_t)per_year, yearly);
	model_param_format(&s->p, model_param(MODEL_P_COST_PER_FTE), 1, per_fte);
	model_param_format(&s->p, model_param(MODEL_P_MATERIAL_SHARE), 1, material);
	note_add(s->note[id], tr("yearly costs of the chain %s ÷ (%s per FTE + %s material costs)"),
		 yearly, per_fte, material);
	set_from_chain(s, id, fte > (u128)INT64_MAX ? INT64_MAX : (int64_t)fte);
	return 0;
}

int model_chain_calibrate(const struct model_chain *c, struct model_setup *s,
			  struct ft_error *err)
{
	int counted = 0;

	for (int i = 0; i < c->nlinks; i++)
		counted += c->link[i].counted;
	if (counted == 0)
		return ft_fail(err, "the chain of project '%s' has no approved grant to calibrate "
			       "from (grants applied for or rejected do not count)", c->project);
	if (may_set(s, MODEL_P_LINK_MONTHS))
		calibrate_link_months(c, s);
	if (may_set(s, MODEL_P_GAP_MONTHS))
		calibrate_gap_months(c, s);
	if (may_set(s, MODEL_P_CHAIN_MIX) && calibrate_mix(c, s, err))
		return -1;
	if (may_set(s, MODEL_P_STAFF_FTE) && calibrate_staff(c, s, err))
		return -1;
	return 0;
}

int model_setup_build(struct model_setup *s, const char *scenario,
		      const char *const *assignments, int nassignments, struct store *st,
		      const char *chain_code, struct model_chain *chain, struct ft_error *err)
{
	model_setup_init(s);
	if (scenario && model_setup_load_file(s, scenario, err))
		return -1;
	for (int i = 0; i < nassignments; i++) {
		int rc = model_setup_assign(s, assignments[i], MODEL_FROM_SET, err);

		if (rc)
			return rc;
	}
	if (!chain_code)
		return 0;
	if (model_chain_read(st, chain_code, chain, err))
		return -1;
	return model_chain_calibrate(chain, s, err);
}
