/* cmd_model.c - model: a chain of fixed-term projects versus sustained
 * financing (the model itself is in model.c, its parameters in
 * model_params.c, the calibration from recorded chains in model_chain.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cmd_util.h"
#include "model.h"
#include "model_analysis.h"
#include "model_chain.h"
#include "model_cli.h"
#include "model_params.h"
#include "money.h"
#include "msg_lang.h"

/* The options of every model run (model_cli.h), then this command's own. */
enum model_opt { O_MONTHLY = MODEL_NOPTS, O_PARAMS, O_BREAK_EVEN, O_SENSITIVITY, O_NOPTS };
static const struct arg_opt model_opts[O_NOPTS] = {
	MODEL_CLI_OPTIONS(0),
	[O_MONTHLY] = { "--monthly", 0, NULL, 0, NULL, NULL, "one row per month instead of per year" },
	[O_PARAMS] = { "--params", 0, NULL, 0, NULL, NULL,
		       "list every parameter with default, unit, range and source" },
	[O_BREAK_EVEN] = { "--break-even", 0, "KEY", 0, NULL, NULL,
			   "the value of the numeric parameter KEY (or\n"
			   "sustained-city-share) at which both cost the city the same" },
	[O_SENSITIVITY] = { "--sensitivity", 0, NULL, 0, NULL, NULL,
			    "rank the parameters by their effect on the city's difference" },
};

/* Translated where they are written (tr). */
static const char *const scenario_label[5] = { N_("Project chain"), N_("Sustained funding"),
					       N_("Difference"),
					       N_("Sustained funding, other mix"),
					       N_("Difference to the other mix") };

/* 1 when the texts of the model (parameters, conclusion) are to be
 * English: the language of the messages (msg_lang.h). */
static int english(void)
{
	return msg_lang_current() == MSG_EN;
}

/* ---- cells ------------------------------------------------------------ */

/* Tables of one command, freed together. */
struct tables {
	struct out_table *t[9];
	struct out_section s[9];
	size_t n;
	int failed;
};

static struct out_table *new_section(struct tables *ts, const char *key, const char *title,
				     const struct out_column *cols, size_t ncols)
{
	struct out_table *t;

	if (ts->n == 9 || !(t = out_table_new(cols, ncols))) {
		ts->failed = 1;
		return NULL;
	}
	ts->t[ts->n] = t;
	ts->s[ts->n] = (struct out_section){ key, title, t, 0 };
	ts->n++;
	return t;
}

static void free_tables(struct tables *ts)
{
	for (size_t i = 0; i < ts->n; i++)
		out_table_free(ts->t[i]);
}

/* output.h has no plain decimal type: a quantity in hundredths goes into
 * an OUT_RATE column, whose csv/json form is the plain "1234.56" (no
 * percent sign); in tables it is added as German text "1.234,56". */
static int add_hundredths(struct out_table *t, enum out_format fmt, int64_t hundredths)
{
	char buf[MONEY_BUF];
	char *euro;

	if (fmt != OUT_TABLE)
		return out_add_int(t, hundredths);
	money_format_de(hundredths, buf);
	euro = strstr(buf, " \xE2\x82\xAC");
	if (euro)
		*euro = '\0';
	return out_add_text(t, buf);
}

static int add_micro(struct out_table *t, enum out_format fmt, int64_t micro)
{
	return add_hundredths(t, fmt, model_micro_to_hundredths(micro));
}

static int add_metric_money(struct out_table *t, int64_t v)
{
	return v == MODEL_UNDEFINED ? out_add_null(t) : out_add_int(t, v);
}

/* ---- rows: one set of metrics, labelled ------------------------------- */

struct metrics {
	int64_t v[MODEL_NMETRICS];
};

static void metrics_of(const struct model_period *p, int months, struct metrics *out)
{
	for (int k = 0; k < MODEL_NMETRICS; k++)
		out->v[k] = model_metric(p, months, (enum model_metric)k);
}

static void metrics_diff(const struct metrics *a, const struct metrics *b, struct metrics *out)
{
	for (int k = 0; k < MODEL_NMETRICS; k++)
		out->v[k] = model_metric_diff(a->v[k], b->v[k]);
}

static const struct out_column cost_columns[] = {
	{ "period", "Zeitraum", OUT_TEXT },
	{ "scenario", "Szenario", OUT_TEXT },
	{ "cost", "Gesamtkosten", OUT_MONEY },
	{ "eu", "EU", OUT_MONEY },
	{ "federal", "Bund", OUT_MONEY },
	{ "state", "Land", OUT_MONEY },
	{ "municipal", "Kommune (Eigenanteil)", OUT_MONEY },
	{ "admin_cost", "davon Verwaltung", OUT_MONEY },
	{ "bridge_cost", "davon Überbrückung", OUT_MONEY },
	{ "prefinance_cost", "davon Vorfinanzierung", OUT_MONEY },
	{ "wage_cost", "davon Lohnsteigerung", OUT_MONEY },
	{ "repayment_cost", "davon Rückforderung", OUT_MONEY },
	{ "unmet_cost", "davon fehlende Leistung", OUT_MONEY },
	{ "cost_per_fte_month", "je VZÄ-Monat", OUT_MONEY },
};

enum { NCOST_COLUMNS = sizeof(cost_columns) / sizeof(cost_columns[0]) };

static const struct out_column service_columns[] = {
	{ "period", "Zeitraum", OUT_TEXT },
	{ "scenario", "Szenario", OUT_TEXT },
	{ "fte_months", "Leistung (VZÄ-Monate)", OUT_RATE },
	{ "coverage", "Abdeckung", OUT_RATE },
	{ "gap_months", "Lückenmonate", OUT_RATE },
	{ "replaced_fte", "ersetzte VZÄ", OUT_RATE },
	{ "applications", "Anträge", OUT_RATE },
	{ "admin_days", "Verwaltungstage", OUT_RATE },
};

/* The spread sections have the same columns, but the first holds
 * P10/P50/P90 instead of the period. cols must have room for n. */
static const struct out_column *as_spread_columns(struct out_column *cols,
						  const struct out_column *like, size_t n)
{
	memcpy(cols, like, n * sizeof(*cols));
	cols[0] = (struct out_column){ "statistic", "Kennwert", OUT_TEXT };
	return cols;
}

struct row_writer {
	struct out_table *cost, *service;
	enum out_format fmt;
};

static int write_row(struct row_writer *w, const char *period, const char *scenario,
		     const struct metrics *m, int total)
{
	static const enum model_metric money[] = { MODEL_M_COST, MODEL_M_EU, MODEL_M_FEDERAL,
						   MODEL_M_STATE, MODEL_M_MUNICIPAL,
						   MODEL_M_ADMIN_COST, MODEL_M_BRIDGE_COST,
						   MODEL_M_PREFINANCE_COST, MODEL_M_WAGE_COST,
						   MODEL_M_REPAYMENT_COST, MODEL_M_UNMET_COST,
						   MODEL_M_COST_PER_FTE_MONTH };
	static const enum model_metric units[] = { MODEL_M_GAP, MODEL_M_REPLACED,
						   MODEL_M_APPLICATIONS, MODEL_M_ADMIN_DAYS };
	int rc = 0;

	if (total) {
		out_mark_total(w->cost);
		out_mark_total(w->service);
	}
	scenario = tr(scenario);
	rc |= out_add_text(w->cost, period) | out_add_text(w->cost, scenario);
	for (size_t i = 0; i < sizeof(money) / sizeof(money[0]); i++)
		rc |= add_metric_money(w->cost, m->v[money[i]]);
	rc |= out_add_text(w->service, period) | out_add_text(w->service, scenario);
	rc |= add_micro(w->service, w->fmt, m->v[MODEL_M_SERVICE]);
	rc |= out_add_int(w->service, m->v[MODEL_M_COVERAGE]);
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		rc |= add_micro(w->service, w->fmt, m->v[units[i]]);
	return rc ? -1 : 0;
}

/* Chain, sustained and their difference for one period; with a changed
 * sustained mix (changed != NULL) that second scenario and its difference
 * follow, labelled as such. */
static int write_period(struct row_writer *w, const char *period, const struct model_period *chain,
			const struct model_period *sustained, const struct model_period *changed,
			int months, int total)
{
	struct metrics m[5];
	int n = changed ? 5 : 3;

	metrics_of(chain, months, &m[0]);
	metrics_of(sustained, months, &m[1]);
	metrics_diff(&m[0], &m[1], &m[2]);
	if (changed) {
		metrics_of(changed, months, &m[3]);
		metrics_diff(&m[0], &m[3], &m[4]);
	}
	for (int i = 0; i < n; i++)
		if (write_row(w, period, scenario_label[i], &m[i], total))
			return -1;
	return 0;
}

static const struct model_period *period_of(const struct model_series *s, int monthly, int i)
{
	return monthly ? &s->month[i] : &s->year[i];
}

static int write_periods(struct row_writer *w, const struct model_result *r, int monthly)
{
	const struct model_series *c = &r->chain, *s = &r->sustained;
	const struct model_series *x = r->has_changed_mix ? &r->changed_mix : NULL;
	int n = monthly ? c->nmonths : c->nyears;

	for (int i = 0; i < n; i++) {
		char period[32];

		snprintf(period, sizeof(period), monthly ? tr("month %d") : tr("year %d"), i + 1);
		if (write_period(w, period, period_of(c, monthly, i), period_of(s, monthly, i),
				 x ? period_of(x, monthly, i) : NULL, monthly ? 1 : 12, 0))
			return -1;
	}
	return write_period(w, tr("total"), &c->total, &s->total, x ? &x->total : NULL, c->nmonths,
			    1);
}

/* P10/P50/P90 of the chain and of the difference (the sustained scenario
 * has no randomness, so its value is subtracted from each percentile). */
static int write_spread(struct row_writer *w, const struct model_result *r)
{
	static const char *const names[3] = { "P10", "P50", "P90" };
	struct metrics sustained, q[3], diff;

	metrics_of(&r->sustained.total, r->sustained.nmonths, &sustained);
	for (int k = 0; k < MODEL_NMETRICS; k++) {
		q[0].v[k] = r->chain_spread[k].p10;
		q[1].v[k] = r->chain_spread[k].p50;
		q[2].v[k] = r->chain_spread[k].p90;
	}
	for (int i = 0; i < 3; i++)
		if (write_row(w, names[i], scenario_label[0], &q[i], 0))
			return -1;
	if (write_row(w, tr("fixed"), scenario_label[1], &sustained, 0))
		return -1;
	for (int i = 0; i < 3; i++) {
		metrics_diff(&q[i], &sustained, &diff);
		if (write_row(w, names[i], scenario_label[2], &diff, 0))
			return -1;
	}
	return 0;
}

/* ---- the parameter sections ------------------------------------------- */

/* German numbers and words ("4,30", "ja") in German tables and csv-de;
 * plain ones ("4.30", "yes") otherwise, English tables included. */
static int german_format(enum out_format fmt)
{
	return (fmt == OUT_TABLE || fmt == OUT_CSV_DE) && !english();
}

static int write_parameters(struct out_table *t, const struct model_setup *s, enum out_format fmt)
{
	int rc = 0;

	for (int i = 0; i < MODEL_NPARAMS; i++) {
		const struct model_param_def *def = model_param((enum model_param_id)i);
		char value[MODEL_VALUE_BUF];
		const char *basis = s->note[i];

		if (s->origin[i] == MODEL_FROM_DEFAULT)
			basis = english() ? def->source_en : def->source;
		model_param_format(&s->p, def, german_format(fmt), value);
		rc |= out_add_text(t, def->key) | out_add_text(t, value) |
		      out_add_text(t, english() ? def->unit_en : def->unit) |
		      out_add_text(t, model_origin_label(s->origin[i], english())) |
		      out_add_text(t, basis);
	}
	return rc ? -1 : 0;
}

static const struct out_column parameter_columns[] = {
	{ "key", "Parameter", OUT_TEXT },
	{ "value", "Wert", OUT_TEXT },
	{ "unit", "Einheit", OUT_TEXT },
	{ "origin", "Herkunft", OUT_TEXT },
	{ "basis", "Grundlage", OUT_TEXT },
};

static const struct out_column chain_columns[] = {
	{ "project", "Projekt", OUT_TEXT },
	{ "from", "Von", OUT_DATE },
	{ "to", "Bis", OUT_DATE },
	{ "months", "Monate", OUT_INT },
	{ "gap_months", "Lücke davor", OUT_INT },
	{ "eu", "EU", OUT_MONEY },
	{ "federal", "Bund", OUT_MONEY },
	{ "state", "Land", OUT_MONEY },
	{ "municipal", "Kommune (Eigenanteil)", OUT_MONEY },
	{ "counted", "berücksichtigt", OUT_BOOL },
	{ "note", "Hinweis", OUT_TEXT },
};

static void link_note(const struct model_chain_link *link, char *buf, size_t size)
{
	if (!link->counted)
		snprintf(buf, size, "%s", link->applied ? tr("applied for only") : tr("no decision"));
	else if (link->rejected)
		snprintf(buf, size, trn("%d rejected application", "%d rejected applications",
					link->rejected), link->rejected);
	else
		buf[0] = '\0';
}

static int write_chain(struct out_table *t, const struct model_chain *c)
{
	int rc = 0;

	for (int i = 0; i < c->nlinks; i++) {
		const struct model_chain_link *link = &c->link[i];
		char note[64];

		link_note(link, note, sizeof(note));
		rc |= out_add_text(t, link->code);
		if (link->counted) {
			rc |= out_add_text(t, link->from) | out_add_text(t, link->to) |
			      out_add_int(t, model_days_to_months(link->days));
			rc |= link->gap_days < 0
				      ? out_add_null(t)
				      : out_add_int(t, model_days_to_months(link->gap_days));
			for (int l = 0; l < MODEL_MUNICIPAL; l++)
				rc |= out_add_int(t, link->approved[l]);
			rc |= out_add_int(t, link->own);
		} else {
			for (int k = 0; k < 8; k++)
				rc |= out_add_null(t);
		}
		rc |= out_add_int(t, link->counted) | out_add_text(t, note);
	}
	return rc ? -1 : 0;
}

/* ---- the command ------------------------------------------------------- */

static int print_params(struct ft_ctx *ctx)
{
	static const struct out_column cols[] = {
		{ "key", "Parameter", OUT_TEXT },     { "label", "Bezeichnung", OUT_TEXT },
		{ "default", "Vorgabe", OUT_TEXT },   { "unit", "Einheit", OUT_TEXT },
		{ "range", "Bereich", OUT_TEXT },     { "span", "Spanne (Sensitivität)", OUT_TEXT },
		{ "source", "Quelle", OUT_TEXT },
	};
	struct model_params p;
	struct out_table *t = out_table_new(cols, 7);
	int rc = 0;

	if (!t) {
		struct ft_error err;

		ft_fail(&err, "out of memory");
		return ctx_error(ctx, &err);
	}
	model_params_default(&p);
	for (int i = 0; i < MODEL_NPARAMS; i++) {
		const struct model_param_def *def = model_param((enum model_param_id)i);
		char value[MODEL_VALUE_BUF], range[MODEL_VALUE_BUF], span[2 * MODEL_VALUE_BUF];

		model_param_format(&p, def, german_format(ctx->format), value);
		model_param_range(def, german_format(ctx->format), range);
		model_param_span(def, german_format(ctx->format), span, sizeof(span));
		rc |= out_add_text(t, def->key) |
		      out_add_text(t, english() ? def->label_en : def->label) |
		      out_add_text(t, value) | out_add_text(t, english() ? def->unit_en : def->unit) |
		      out_add_text(t, range) | out_add_text(t, span) |
		      out_add_text(t, english() ? def->source_en : def->source);
	}
	rc = rc ? EXIT_ERROR : ctx_print_table(ctx, t);
	out_table_free(t);
	return rc;
}

/* ---- break-even and sensitivity ----------------------------------------- */

/* "exact" (|difference| <= 1 cent at the value), "nearest" (a stepped
 * parameter: the grid value closest to zero) or "none" (no value in the
 * range breaks even): the machine form of --break-even (app/MODEL.md). */
static const char *break_even_result(const struct model_break_even *b)
{
	return !b->found ? "none" : b->exact ? "exact" : "nearest";
}

/* Title and, for a machine format, the same on stderr: why a value is
 * not exact, or that none breaks even. */
static void break_even_title(struct ft_ctx *ctx, const struct model_break_even *b,
			     char *title, size_t size)
{
	char lo[MODEL_VALUE_BUF], hi[MODEL_VALUE_BUF], a[MONEY_BUF], z[MONEY_BUF];

	if (b->found && b->exact) {
		snprintf(title, size, tr("Break-even of %s: at this value the chain costs the city "
					 "as much as sustained funding (to the cent)"), b->key);
		return;
	}
	model_break_even_format(b, b->found ? b->below : b->lo, 1, lo);
	model_break_even_format(b, b->found ? b->above : b->hi, 1, hi);
	money_format_de(b->found ? b->diff_below : b->diff_lo, a);
	money_format_de(b->found ? b->diff_above : b->diff_hi, z);
	if (b->found)
		snprintf(title, size, tr("Break-even of %s: the parameter is stepped, no value "
					 "meets the difference to the cent; nearest values, difference "
					 "%s at %s and %s at %s"), b->key, a, lo, z, hi);
	else
		snprintf(title, size, tr("Break-even of %s: no value from %s to %s evens out "
					 "(difference %s at %s, %s at %s)"), b->key, lo, hi, a, lo,
			 z, hi);
	if (ctx->format == OUT_TABLE)
		return;
	if (b->found)
		ctx_note(ctx, "%s is stepped: no value makes the difference zero "
			"within one cent (difference %s at %s, %s at %s)", b->key, a, lo, z, hi);
	else
		ctx_note(ctx, "no value of %s from %s to %s breaks even "
			"(difference %s at %s, %s at %s)", b->key, lo, hi, a, lo, z, hi);
}

static int print_break_even(struct ft_ctx *ctx, const struct model_params *p, const char *key)
{
	static const struct out_column cols[] = {
		{ "parameter", "Parameter", OUT_TEXT },
		{ "value", "Wert", OUT_TEXT },
		{ "difference", "Differenz (Kommune)", OUT_MONEY },
		{ "result", "Ergebnis", OUT_TEXT },
	};
	struct model_break_even b;
	struct ft_error err;
	struct out_table *t;
	struct out_section sec;
	char value[MODEL_VALUE_BUF], title[600];
	int rc = 0;

	if (model_break_even(p, key, &b, &err))
		return ctx_error(ctx, &err);
	t = out_table_new(cols, 4);
	if (!t) {
		ft_fail(&err, "out of memory");
		return ctx_error(ctx, &err);
	}
	rc |= out_add_text(t, key);
	if (b.found) {
		model_break_even_value(&b, german_format(ctx->format), value);
		rc |= out_add_text(t, value) | out_add_int(t, b.difference);
	} else {
		rc |= out_add_null(t) | out_add_null(t);
	}
	rc |= out_add_text(t, break_even_result(&b));
	break_even_title(ctx, &b, title, sizeof(title));
	sec = (struct out_section){ "break_even", title, t, 0 };
	rc = rc ? EXIT_ERROR : ctx_print(ctx, &sec, 1);
	out_table_free(t);
	return rc;
}

static int write_sensitivity(struct out_table *t, const struct model_sensitivity *sens,
			     enum out_format fmt)
{
	int rc = 0;

	for (int i = 0; i < sens->n; i++) {
		const struct model_sensitivity_row *row = &sens->row[i];
		struct model_params q;
		char lo[MODEL_VALUE_BUF], hi[MODEL_VALUE_BUF];

		memset(&q, 0, sizeof(q));
		model_param_set(&q, row->def, row->lo);
		model_param_format(&q, row->def, german_format(fmt), lo);
		model_param_set(&q, row->def, row->hi);
		model_param_format(&q, row->def, german_format(fmt), hi);
		rc |= out_add_int(t, i + 1) | out_add_text(t, row->def->key) |
		      out_add_text(t, english() ? row->def->label_en : row->def->label) |
		      out_add_text(t, lo) |
		      out_add_int(t, row->diff_lo) | out_add_text(t, hi) |
		      out_add_int(t, row->diff_hi) | out_add_int(t, row->swing);
	}
	return rc ? -1 : 0;
}

static int print_sensitivity(struct ft_ctx *ctx, const struct model_params *p)
{
	static const struct out_column cols[] = {
		{ "rank", "Rang", OUT_INT },
		{ "parameter", "Parameter", OUT_TEXT },
		{ "label", "Bezeichnung", OUT_TEXT },
		{ "low", "von", OUT_TEXT },
		{ "difference_low", "Differenz bei von", OUT_MONEY },
		{ "high", "bis", OUT_TEXT },
		{ "difference_high", "Differenz bei bis", OUT_MONEY },
		{ "swing", "Spannweite", OUT_MONEY },
	};
	struct model_sensitivity *sens = malloc(sizeof(*sens));
	struct out_table *t = out_table_new(cols, 8);
	struct out_section sec;
	struct ft_error err;
	char title[300], base[MONEY_BUF];
	int rc;

	if (!sens || !t) {
		free(sens);
		out_table_free(t);
		ft_fail(&err, "out of memory");
		return ctx_error(ctx, &err);
	}
	if (model_sensitivity(p, sens, &err)) {
		rc = ctx_error(ctx, &err);
	} else {
		money_format_de(sens->base, base);
		snprintf(title, sizeof(title), tr("Sensitivity: municipal difference (project chain − "
						  "sustained funding, expected values) %s; each "
						  "parameter alone over its span, by swing"), base);
		sec = (struct out_section){ "sensitivity", title, t, 0 };
		rc = write_sensitivity(t, sens, ctx->format) ? EXIT_ERROR : ctx_print(ctx, &sec, 1);
	}
	free(sens);
	out_table_free(t);
	return rc;
}

static void run_title(const struct model_result *r, const char *what, char *buf, size_t size)
{
	if (r->runs == 0)
		snprintf(buf, size, tr("%s – expected values (difference = project chain − "
				       "sustained funding)"), what);
	else
		snprintf(buf, size, tr("%s – project chain: mean of %d runs, seed %llu "
				       "(difference = project chain − sustained funding)"), what,
			 r->runs, (unsigned long long)r->seed);
}

/* "Kalibriert an der Kette von ANK-3: link-months = 27, ..." - the values
 * --from-chain took. */
static void calibration_note(const struct model_setup *s, const struct model_chain *chain,
			     char *buf, size_t size)
{
	size_t used = (size_t)snprintf(buf, size, tr("Calibrated on the recorded chain of %s:"),
				       chain->project);
	int n = 0;

	for (int i = 0; i < MODEL_NPARAMS && used < size; i++) {
		const struct model_param_def *def = model_param((enum model_param_id)i);
		char value[MODEL_VALUE_BUF];

		if (s->origin[i] != MODEL_FROM_CHAIN)
			continue;
		model_param_format(&s->p, def, 1, value);
		used += (size_t)snprintf(buf + used, size - used, "%s %s = %s", n++ ? "," : "",
					 def->key, value);
	}
	if (used < size)
		snprintf(buf + used, size - used, "%s", n ? tr(" (derived under assumptions).") :
			 tr(" no value taken (all set otherwise)."));
}

/* The conclusion, one paragraph a row; with --from-chain the values taken
 * from the recorded chain. */
static int write_conclusion(struct out_table *t, const struct model_conclusion *c,
			    const struct model_setup *s, const struct model_chain *chain)
{
	char text[3000];
	int rc = 0;

	model_conclusion_text(c, english(), text, sizeof(text));
	for (char *line = text, *next; line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		rc |= out_add_text(t, line);
	}
	if (chain) {
		calibration_note(s, chain, text, sizeof(text));
		rc |= out_add_text(t, text);
	}
	return rc ? -1 : 0;
}

static const struct out_column conclusion_columns[] = {
	{ "text", "Ergebnis", OUT_TEXT },
};

static int print_result(struct ft_ctx *ctx, const struct model_setup *s,
			const struct model_chain *chain, const struct model_result *r,
			const struct model_conclusion *conclusion, int monthly)
{
	struct tables ts = { 0 };
	struct row_writer w = { NULL, NULL, ctx->format };
	char cost_title[200], service_title[200], spread_title[2][200], chain_title[80];
	struct out_column spread_cols[2][NCOST_COLUMNS];
	struct out_table *t;
	int rc = EXIT_ERROR;

	run_title(r, tr("Costs"), cost_title, sizeof(cost_title));
	run_title(r, tr("Service"), service_title, sizeof(service_title));
	t = new_section(&ts, "conclusion", tr("Conclusion"), conclusion_columns, 1);
	if (t && write_conclusion(t, conclusion, s, chain))
		ts.failed = 1;
	t = new_section(&ts, "parameters", tr("Assumptions"), parameter_columns, 5);
	if (t && write_parameters(t, s, ctx->format))
		ts.failed = 1;
	if (chain) {
		snprintf(chain_title, sizeof(chain_title), tr("Chain of %s from the database"),
			 chain->project);
		t = new_section(&ts, "chain", chain_title, chain_columns, 11);
		if (t && write_chain(t, chain))
			ts.failed = 1;
	}
	w.cost = new_section(&ts, "costs", cost_title, cost_columns, NCOST_COLUMNS);
	w.service = new_section(&ts, "service", service_title, service_columns, 8);
	if (!ts.failed && write_periods(&w, r, monthly))
		ts.failed = 1;
	if (r->runs > 0 && !ts.failed) {
		snprintf(spread_title[0], sizeof(spread_title[0]),
			 tr("Costs – spread of the totals over %d runs (seed %llu; "
			    "percentiles per column)"), r->runs, (unsigned long long)r->seed);
		snprintf(spread_title[1], sizeof(spread_title[1]),
			 tr("Service – spread of the totals over %d runs (seed %llu; "
			    "percentiles per column)"), r->runs, (unsigned long long)r->seed);
		w.cost = new_section(&ts, "spread_costs", spread_title[0],
				     as_spread_columns(spread_cols[0], cost_columns, NCOST_COLUMNS),
				     NCOST_COLUMNS);
		w.service = new_section(&ts, "spread_service", spread_title[1],
					as_spread_columns(spread_cols[1], service_columns, 8), 8);
		if (!ts.failed && write_spread(&w, r))
			ts.failed = 1;
	}
	if (ts.failed) {
		struct ft_error err;

		ft_fail(&err, "out of memory");
		ctx_error(ctx, &err);
	} else {
		rc = ctx_print(ctx, ts.s, ts.n);
	}
	free_tables(&ts);
	return rc;
}

static int print_model(struct ft_ctx *ctx, const struct model_cli_run *run, int monthly)
{
	struct model_conclusion *c = malloc(sizeof(*c));
	struct ft_error err;
	int rc;

	if (!c) {
		ft_fail(&err, "out of memory");
		return ctx_error(ctx, &err);
	}
	if (model_conclude(&run->setup->p, run->result, c, &err))
		rc = ctx_error(ctx, &err);
	else
		rc = print_result(ctx, run->setup, run->chain, run->result, c, monthly);
	free(c);
	return rc;
}

static int run_model(struct ft_ctx *ctx, int argc, char **argv)
{
	struct model_cli_run run;
	struct args a;
	int rc;

	if (ctx_parse(ctx, argc - 1, argv + 1, &a, &rc))
		return rc;
	if (a.npos)
		return ctx_usage_error(ctx, "unexpected argument '%s'", a.pos[0]);
	if (a.seen[O_PARAMS])
		return print_params(ctx);
	if (a.value[O_BREAK_EVEN] && a.seen[O_SENSITIVITY])
		return ctx_usage_error(ctx, "--break-even and --sensitivity are separate questions: "
					    "give one of them");
	rc = model_cli_run(ctx, &a, 0, &run);
	if (rc != EXIT_OK)
		return rc;
	if (a.value[O_BREAK_EVEN])
		rc = print_break_even(ctx, &run.setup->p, a.value[O_BREAK_EVEN]);
	else if (a.seen[O_SENSITIVITY])
		rc = print_sensitivity(ctx, &run.setup->p);
	else
		rc = print_model(ctx, &run, a.seen[O_MONTHLY] > 0);
	model_cli_release(&run);
	return rc;
}

const struct ft_command cmd_model_entry = {
	.name = "model", .run = run_model,
	.summary = "compare a chain of fixed-term projects with sustained financing",
	FT_OPTS(model_opts),
	.help = "Models one service (staff-fte staff at cost-per-fte a year) over horizon-years,\n"
	"financed either as a chain of fixed-term projects (applications, approvals with\n"
	"probability, gaps, staff leaving, ramp-ups, proofs of use) or sustainably (one\n"
	"ramp-up, then full capacity) by the same partners. Prints the conclusion, the\n"
	"assumptions, then costs by level and the service delivered per year and in\n"
	"total, for both side by side with the difference (chain minus sustained); a\n"
	"changed sustained-mix follows as a second scenario. Formulas: app/MODEL.md.\n"
	"\n"
	"example: fundtrack model --set approval=60 --set bridge=yes\n"
	"         fundtrack --format csv model --break-even cost-per-fte\n"
	"         fundtrack model --from-chain ANK-3 --runs 10000 --seed 7\n",
};
