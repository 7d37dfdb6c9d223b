/* report_model.c - the report on the model: a chain of fixed-term projects
 * against sustained financing of the same service (app/MODEL.md).
 *
 * Every figure comes from the model's result (model.h) as 'fundtrack model'
 * prints it: totals, months and years of both scenarios, their difference,
 * the Monte Carlo percentiles and the parameters with their origin. This
 * file only derives what it draws (running totals, shares) and lays it
 * out; the reading on the first page is composed from the same figures. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart.h"
#include "model_analysis.h"
#include "report_util.h"

/* The words only this report uses: X(id, German, English). Sentences with
 * figures are composed in the functions below (printf formats must be
 * literals). */
#define MODEL_TEXTS(X)                                                                    \
	X(M_HEADER, "Modellrechnung Projektkette und Dauerfinanzierung",                 \
	  "Model: project chain and sustained financing")                                \
	X(M_SUBJECT,                                                                      \
	  "Eine Kette befristeter Projekte im Vergleich mit der Dauerfinanzierung "       \
	  "desselben Angebots",                                                           \
	  "A chain of fixed-term projects compared with sustained financing of the same " \
	  "service")                                                                      \
	X(M_KICKER, "Modellrechnung", "Model")                                            \
	X(M_TITLE, "Projektkette oder Dauerfinanzierung", "Project chain or sustained financing") \
	X(M_CHAIN, "Projektkette", "Project chain")                                       \
	X(M_SUSTAINED, "Dauerfinanzierung", "Sustained financing")                        \
	X(M_DIFF, "Differenz", "Difference")                                              \
	X(M_READING, "Das Ergebnis in Kürze", "The result in brief")                      \
	X(M_COST, "Gesamtkosten", "Total cost")                                           \
	X(M_OWN, "Kommune (Eigenanteil)", "Municipal (own share)")                        \
	X(M_ADMIN_COST, "davon Verwaltung", "of which admin")                             \
	X(M_BRIDGE_COST, "davon Überbrückung", "of which bridging")                       \
	X(M_PREFINANCE_COST, "davon Vorfinanzierung", "of which pre-financing")          \
	X(M_WAGE_COST, "davon Lohnsteigerung über Festbetrag",                            \
	  "of which wage growth beyond fixed grants")                                     \
	X(M_REPAYMENT_COST, "davon Rückforderung", "of which repayment")                  \
	X(M_UNMET_COST, "davon fehlende Leistung (bewertet)",                             \
	  "of which service not delivered (valued)")                                      \
	X(M_CONCLUSION, "Ergebnis", "Conclusion")                                         \
	X(M_TORNADO, "Was das Ergebnis bewegt", "What moves the result")                 \
	X(M_TORNADO_NOTE,                                                                 \
	  "Differenz der Kosten der Stadt (Projektkette − Dauerfinanzierung, "           \
	  "Erwartungswerte), wenn jeweils ein Parameter über seine Spanne variiert wird; " \
	  "die Linie ist der Wert mit allen Annahmen. Helle Balken: Parameter am unteren " \
	  "Ende, dunkle: am oberen Ende.",                                                \
	  "Difference of the city's cost (project chain − sustained financing, expected " \
	  "values) when one parameter at a time is varied over its span; the line is the " \
	  "value with all assumptions. Light bars: parameter at the low end, dark: at the " \
	  "high end.")                                                                    \
	X(M_AT_LOW, "unteres Ende der Spanne", "low end of the span")                     \
	X(M_AT_HIGH, "oberes Ende der Spanne", "high end of the span")                    \
	X(M_PER_FTE_MONTH, "Kosten je VZÄ-Monat", "Cost per FTE-month")                   \
	X(M_SERVICE, "Leistung (VZÄ-Monate)", "Service (FTE-months)")                     \
	X(M_COVERAGE, "Abdeckung (Monate mit Leistung)", "Coverage (months with service)") \
	X(M_GAP, "Lückenmonate", "Gap months")                                            \
	X(M_REPLACED, "ersetzte VZÄ", "FTE replaced")                                     \
	X(M_APPLICATIONS, "Anträge", "Applications")                                      \
	X(M_ADMIN_DAYS, "Verwaltungstage", "Admin days")                                  \
	X(M_DIFF_NOTE,                                                                    \
	  "Differenz = Projektkette − Dauerfinanzierung. Die Stadt trägt ihren Anteil an " \
	  "Personal- und Sachkosten, die ganze Verwaltung und jede Überbrückung.",        \
	  "Difference = project chain − sustained financing. The city pays its share of " \
	  "staff and material costs, all admin and any bridging.")                        \
	X(M_SERVICE_TIME, "Leistung über die Zeit", "Service over time")                  \
	X(M_CAPACITY, "Wirksame Vollzeitstellen je Monat", "Effective full-time posts per month") \
	X(M_CAPACITY_NOTE,                                                                \
	  "Anlaufzeiten mindern die Leistung, in Lücken zwischen zwei Projekten fällt sie " \
	  "aus, und nach einer Lücke fehlt Personal, bis es ersetzt ist. Die Linie der "  \
	  "Projektkette ist der Mittelwert über alle möglichen Verläufe: eine einzelne "  \
	  "Kette fällt in einer Lücke auf null.",                                         \
	  "Ramp-ups reduce the service, it stops in gaps between two projects, and after " \
	  "a gap staff are missing until they are replaced. The project chain's line is " \
	  "the mean over all possible courses: a single chain drops to zero in a gap.")   \
	X(M_SHADE_EXPECTED, "Wahrscheinlichkeit einer Lücke (volle Höhe = 100 %)",        \
	  "Probability of a gap (full height = 100 %)")                                   \
	X(M_SHADE_RUNS, "Anteil der Läufe in einer Lücke (volle Höhe = 100 %)",           \
	  "Share of the runs in a gap (full height = 100 %)")                             \
	X(M_FTE, "VZÄ", "FTE")                                                            \
	X(M_COST_TIME, "Kosten über die Zeit", "Costs over time")                         \
	X(M_OWN_RUNNING, "Eigenanteil der Stadt, aufsummiert", "The city's own cost, cumulative") \
	X(M_BY_LEVEL_RUNNING, "Kosten nach Ebene, aufsummiert bis zum Jahresende",        \
	  "Cost by level, cumulative to the end of each year")                            \
	X(M_YEARS, "Werte je Jahr", "Values per year")                                    \
	X(M_YEARS_NOTE,                                                                   \
	  "Leistung in VZÄ-Monaten; Kosten aller Ebenen; Eigenanteil = Kosten der Stadt.", \
	  "Service in FTE-months; cost of all levels; own cost = the city's cost.")       \
	X(M_SERVICE_CHAIN, "Leistung Kette", "Service chain")                             \
	X(M_SERVICE_SUSTAINED, "Leistung Dauer", "Service sustained")                     \
	X(M_COST_CHAIN, "Kosten Kette", "Cost chain")                                     \
	X(M_COST_SUSTAINED, "Kosten Dauer", "Cost sustained")                             \
	X(M_OWN_CHAIN, "Eigenanteil Kette", "Own cost chain")                             \
	X(M_OWN_SUSTAINED, "Eigenanteil Dauer", "Own cost sustained")                     \
	X(M_SPREAD, "Streuung über die Läufe", "Spread over the runs")                    \
	X(M_MEAN, "Mittel", "Mean")                                                       \
	X(M_PARAMS, "Annahmen", "Assumptions")                                            \
	X(M_PARAMS_NOTE,                                                                  \
	  "Vorrang: Vorgabe < Daten der Kette < Szenario-Datei < --set. Die Formeln "     \
	  "beschreibt app/MODEL.md.",                                                     \
	  "Precedence: default < recorded chain < scenario file < --set. The formulas "   \
	  "are described in app/MODEL.md.")                                               \
	X(M_PARAMETER, "Parameter", "Parameter")                                          \
	X(M_VALUE, "Wert", "Value")                                                       \
	X(M_UNIT, "Einheit", "Unit")                                                      \
	X(M_ORIGIN, "Herkunft", "Origin")                                                 \
	X(M_BASIS, "Grundlage", "Basis")                                                  \
	X(M_CHAIN_NOTE,                                                                   \
	  "Aus dieser Kette stammen die Annahmen mit der Herkunft „Daten der Kette“. "    \
	  "Es zählen die Glieder mit bewilligtem Bescheid; eine Lücke vor einem Glied "   \
	  "mit abgelehntem Antrag zählt nicht, weil das Modell Ablehnungen selbst "       \
	  "hinzurechnet.",                                                                \
	  "The assumptions with the origin \"recorded chain\" come from this chain. "     \
	  "Links with an approved grant count; a gap before a link with a rejected "      \
	  "application does not, because the model adds rejections itself.")             \
	X(M_MONTHS, "Monate", "Months")                                                   \
	X(M_GAP_BEFORE, "Lücke davor (Monate)", "Gap before (months)")                    \
	X(M_LINK_NOTE, "Hinweis", "Note")                                                 \
	X(M_APPLIED_ONLY, "nur beantragt", "applied for only")                            \
	X(M_NO_GRANT, "kein Bescheid", "no grant")                                        \
	X(M_EN_LINK_MONTHS, "", "mean duration of the recorded links")                    \
	X(M_EN_GAP_MONTHS, "", "mean gap between the recorded links")                     \
	X(M_EN_CHAIN_MIX, "",                                                             \
	  "approved money by the funder's level; own share = costs beyond external grants") \
	X(M_EN_STAFF_FTE, "", "yearly money of the recorded chain ÷ (cost per FTE + material)")

enum model_text {
#define MODEL_TEXT_ID(id, de, en) id,
	MODEL_TEXTS(MODEL_TEXT_ID)
#undef MODEL_TEXT_ID
	M_NTEXTS
};

static const char *const model_texts[M_NTEXTS][2] = {
#define MODEL_TEXT_ROW(id, de, en) [id] = { de, en },
	MODEL_TEXTS(MODEL_TEXT_ROW)
#undef MODEL_TEXT_ROW
};

enum { CHAIN_SIDE, SUSTAINED_SIDE, DIFF_SIDE, NSIDES };

/* Everything the layout draws, made before it (a layout owns no memory). */
struct model_data {
	struct report_frame f;
	const struct report_model_input *in;
	const struct model_result *r;
	int en;
	int64_t totals[NSIDES][MODEL_NMETRICS];
	int64_t capacity[2][MODEL_MAX_MONTHS]; /* hundredths of an FTE, per month */
	int64_t gap_bp[MODEL_MAX_MONTHS];      /* probability of a gap, per month */
	int64_t own_running[2][MODEL_MAX_MONTHS];
	int64_t level_running[2][MODEL_MAX_YEARS * MODEL_NLEVELS];
	int64_t level_axis_max;
	char year_labels[MODEL_MAX_YEARS][12];
	const char *year_cats[MODEL_MAX_YEARS]; /* the bars' labels: some left empty */
	/* the recorded chain as a timeline */
	struct chart_span spans[2 * MODEL_CHAIN_MAX_LINKS];
	size_t nspans;
	char gap_from[MODEL_CHAIN_MAX_LINKS][DATE_BUF], gap_to[MODEL_CHAIN_MAX_LINKS][DATE_BUF];
	char gap_labels[MODEL_CHAIN_MAX_LINKS][32];
	struct model_conclusion conclusion;
	struct model_sensitivity sensitivity;
};

static const char *mt(const struct model_data *d, enum model_text id)
{
	return model_texts[id][d->en];
}

static const char *t(const struct model_data *d, enum report_text id)
{
	return report_text(d->f.lang, id);
}

/* ---- preparing ------------------------------------------------------------------ */

static void prepare_totals(struct model_data *d)
{
	const struct model_result *r = d->r;

	for (int k = 0; k < MODEL_NMETRICS; k++) {
		d->totals[CHAIN_SIDE][k] = model_metric(&r->chain.total, r->chain.nmonths,
							(enum model_metric)k);
		d->totals[SUSTAINED_SIDE][k] = model_metric(&r->sustained.total,
							    r->sustained.nmonths,
							    (enum model_metric)k);
		d->totals[DIFF_SIDE][k] = model_metric_diff(d->totals[CHAIN_SIDE][k],
							    d->totals[SUSTAINED_SIDE][k]);
	}
}

/* Capacity and the gap per month; running totals of the city's cost per
 * month and of every level's cost per year. The months add up exactly to
 * the years and the total (the model rounds cumulatively). */
static void prepare_series(struct model_data *d)
{
	const struct model_series *side[2] = { &d->r->chain, &d->r->sustained };
	int64_t top = 0;
	int every;

	for (int s = 0; s < 2; s++) {
		int64_t own = 0, level[MODEL_NLEVELS] = { 0 };

		for (int m = 0; m < side[s]->nmonths; m++) {
			const struct model_period *p = &side[s]->month[m];

			/* one month's FTE-months are its effective FTE */
			d->capacity[s][m] = model_micro_to_hundredths(p->service);
			own += p->cost[MODEL_MUNICIPAL];
			d->own_running[s][m] = own;
			if (s == 0)
				d->gap_bp[m] = (p->gap + 50) / 100; /* micro months -> bp */
		}
		for (int y = 0; y < side[s]->nyears; y++) {
			int64_t sum = 0;

			for (int l = 0; l < MODEL_NLEVELS; l++) {
				level[l] += side[s]->year[y].cost[l];
				d->level_running[s][y * MODEL_NLEVELS + l] = level[l];
				sum += level[l];
			}
			top = sum > top ? sum : top;
		}
	}
	d->level_axis_max = top;
	/* bars too narrow for every number: every second or fifth year */
	every = d->r->chain.nyears <= 20 ? 1 : d->r->chain.nyears <= 30 ? 2 : 5;
	for (int y = 0; y < d->r->chain.nyears; y++) {
		snprintf(d->year_labels[y], sizeof(d->year_labels[y]), "%d", y + 1);
		d->year_cats[y] = (y + 1) % every == 0 || (y == 0 && every >= 5) ? d->year_labels[y]
										  : "";
	}
}

/* The counted links and the gaps between them, for chart_timeline. */
static void prepare_chain_spans(struct model_data *d)
{
	const struct model_chain *c = d->in->chain;
	const char *previous_to = NULL;

	for (int i = 0; c && i < c->nlinks && i < MODEL_CHAIN_MAX_LINKS; i++) {
		const struct model_chain_link *link = &c->link[i];

		if (!link->counted)
			continue;
		if (previous_to && link->gap_days > 0) {
			date_from_days(date_to_days(previous_to) + 1, d->gap_from[i]);
			date_from_days(date_to_days(link->from) - 1, d->gap_to[i]);
			snprintf(d->gap_labels[i], sizeof(d->gap_labels[i]), "%lld %s",
				 (long long)link->gap_days, t(d, T_DAYS));
			d->spans[d->nspans++] = (struct chart_span){ d->gap_from[i], d->gap_to[i],
								     CHART_GAP, d->gap_labels[i] };
		}
		d->spans[d->nspans++] = (struct chart_span){
			link->from, link->to,
			strcmp(link->code, c->project) == 0 ? CHART_HIGHLIGHT : CHART_LINK, link->code
		};
		previous_to = link->to;
	}
}

/* ---- formatting ------------------------------------------------------------------- */

enum cell_kind { K_MONEY, K_MICRO, K_BP };

static void format_value(const struct model_data *d, enum cell_kind kind, int64_t v, char *buf,
			 size_t size)
{
	char text[MONEY_BUF];

	if (v == MODEL_UNDEFINED) {
		snprintf(buf, size, "–");
		return;
	}
	if (kind == K_MONEY)
		report_money(d->f.lang, v, text);
	else if (kind == K_MICRO)
		report_decimal(d->f.lang, model_micro_to_hundredths(v), text);
	else
		report_rate(d->f.lang, (int)v, text);
	snprintf(buf, size, "%s", text);
}

static void row_value(struct report_row *row, const struct model_data *d, enum cell_kind kind,
		      int64_t v)
{
	char text[ROW_CELL_BUF];

	format_value(d, kind, v, text, sizeof(text));
	row_printf(row, "%s", text);
}

/* A share in basis points as "85 %" or "12,50 %". */
static void format_share(const struct model_data *d, int64_t bp, char *buf, size_t size)
{
	char rate[RATE_BUF];

	if (bp % 100 == 0) {
		snprintf(buf, size, "%lld %%", (long long)(bp / 100));
		return;
	}
	report_rate(d->f.lang, (int)bp, rate);
	snprintf(buf, size, "%s", rate);
}

/* "EU 85 %, Bund 10 %, Kommune 5 %" (levels with a share only). */
static void format_mix(const struct model_data *d, const int64_t mix[MODEL_NLEVELS], char *buf,
		       size_t size)
{
	size_t used = 0;

	buf[0] = '\0';
	for (int l = 0; l < MODEL_NLEVELS && used < size; l++) {
		char share[32];
		int n;

		if (mix[l] == 0)
			continue;
		format_share(d, mix[l], share, sizeof(share));
		n = snprintf(buf + used, size - used, "%s%s %s", used ? ", " : "",
			     report_level(d->f.lang, model_level_name((enum model_level)l)), share);
		used += n > 0 ? (size_t)n : 0;
	}
}

/* The metrics in the order of the tables, with their labels. */
static const struct metric_row {
	enum model_metric metric;
	int label; /* enum model_text, or -1 - level for a level's name */
	enum cell_kind kind;
} metric_rows[] = {
	{ MODEL_M_COST, M_COST, K_MONEY },
	{ MODEL_M_EU, -1 - MODEL_EU, K_MONEY },
	{ MODEL_M_FEDERAL, -1 - MODEL_FEDERAL, K_MONEY },
	{ MODEL_M_STATE, -1 - MODEL_STATE, K_MONEY },
	{ MODEL_M_MUNICIPAL, M_OWN, K_MONEY },
	{ MODEL_M_ADMIN_COST, M_ADMIN_COST, K_MONEY },
	{ MODEL_M_BRIDGE_COST, M_BRIDGE_COST, K_MONEY },
	{ MODEL_M_PREFINANCE_COST, M_PREFINANCE_COST, K_MONEY },
	{ MODEL_M_WAGE_COST, M_WAGE_COST, K_MONEY },
	{ MODEL_M_REPAYMENT_COST, M_REPAYMENT_COST, K_MONEY },
	{ MODEL_M_UNMET_COST, M_UNMET_COST, K_MONEY },
	{ MODEL_M_COST_PER_FTE_MONTH, M_PER_FTE_MONTH, K_MONEY },
	{ MODEL_M_SERVICE, M_SERVICE, K_MICRO },
	{ MODEL_M_COVERAGE, M_COVERAGE, K_BP },
	{ MODEL_M_GAP, M_GAP, K_MICRO },
	{ MODEL_M_REPLACED, M_REPLACED, K_MICRO },
	{ MODEL_M_APPLICATIONS, M_APPLICATIONS, K_MICRO },
	{ MODEL_M_ADMIN_DAYS, M_ADMIN_DAYS, K_MICRO },
};

enum { NMETRIC_ROWS = sizeof(metric_rows) / sizeof(metric_rows[0]) };

static const char *metric_label(const struct model_data *d, const struct metric_row *m)
{
	if (m->label < 0)
		return report_level(d->f.lang, model_level_name((enum model_level)(-1 - m->label)));
	return mt(d, (enum model_text)m->label);
}

/* ---- the first page: what the run is, and the reading --------------------------------- */

/* "12 Jahre", "1 Jahr" / "12 years", "1 year": the horizon. */
static void horizon_text(const struct model_data *d, char *buf, size_t size)
{
	long long n = (long long)d->r->params.horizon_years;

	if (d->en)
		snprintf(buf, size, "%lld %s", n, n == 1 ? "year" : "years");
	else
		snprintf(buf, size, "%lld %s", n, n == 1 ? "Jahr" : "Jahre");
}

static void run_line(const struct model_data *d, char *buf, size_t size)
{
	const struct model_result *r = d->r;
	char runs[REPORT_NUM_BUF], years[32];

	report_int(d->f.lang, r->runs, runs);
	horizon_text(d, years, sizeof(years));
	if (r->runs == 0)
		snprintf(buf, size, d->en ? "Expected values over %s" : "Erwartungswerte über %s",
			 years);
	else
		snprintf(buf, size, d->en ? "Monte Carlo: %s runs, seed %llu, over %s" :
			 "Monte Carlo: %s Läufe, Seed %llu, über %s", runs,
			 (unsigned long long)r->seed, years);
}

static void origin_line(const struct model_data *d, char *buf, size_t size)
{
	const char *scenario = d->in->scenario, *slash;

	buf[0] = '\0';
	if (scenario) {
		slash = strrchr(scenario, '/');
		snprintf(buf, size, d->en ? "Scenario file %s" : "Szenario-Datei %s",
			 slash ? slash + 1 : scenario);
	}
	if (d->in->chain) {
		size_t used = strlen(buf);

		snprintf(buf + used, size - used, d->en ? "%sCalibrated from the chain of %s" :
			 "%sKalibriert an der erfassten Kette von %s", used ? " · " : "",
			 d->in->chain->project);
	}
}

static void money_text(const struct model_data *d, int64_t cents, char buf[MONEY_BUF])
{
	report_money(d->f.lang, cents < 0 ? -cents : cents, buf);
}

/* "the chain delivers X % less service and costs the city Y € more over Z
 * years", from the totals. */
static void reading_main(const struct model_data *d, char *buf, size_t size)
{
	const int64_t *c = d->totals[CHAIN_SIDE], *s = d->totals[SUSTAINED_SIDE];
	int64_t svc_c = c[MODEL_M_SERVICE], svc_s = s[MODEL_M_SERVICE];
	int64_t own_diff = c[MODEL_M_MUNICIPAL] - s[MODEL_M_MUNICIPAL];
	char pct[RATE_BUF], svc_text[MONEY_BUF], svc_s_text[MONEY_BUF], city[MONEY_BUF], years[32];
	char own_c[MONEY_BUF], own_s[MONEY_BUF], service[200], cost[200];

	report_rate(d->f.lang, money_share_bp(svc_c > svc_s ? svc_c - svc_s : svc_s - svc_c, svc_s),
		    pct);
	report_decimal(d->f.lang, model_micro_to_hundredths(svc_c), svc_text);
	report_decimal(d->f.lang, model_micro_to_hundredths(svc_s), svc_s_text);
	report_money(d->f.lang, c[MODEL_M_MUNICIPAL], own_c);
	report_money(d->f.lang, s[MODEL_M_MUNICIPAL], own_s);
	money_text(d, own_diff, city);
	horizon_text(d, years, sizeof(years));
	if (svc_c == svc_s)
		snprintf(service, sizeof(service), d->en ? "as much service as" :
			 "genauso viel Leistung wie");
	else if (svc_s == 0)
		snprintf(service, sizeof(service), d->en ? "more service than" :
			 "mehr Leistung als");
	else
		snprintf(service, sizeof(service), d->en ? "%s %s service than" :
			 "%s %s Leistung als", pct,
			 svc_c < svc_s ? (d->en ? "less" : "weniger") : (d->en ? "more" : "mehr"));
	if (own_diff == 0)
		snprintf(cost, sizeof(cost), d->en ? "costs the city as much" :
			 "kostet die Stadt genauso viel");
	else
		snprintf(cost, sizeof(cost), d->en ? "costs the city %s %s" :
			 "kostet die Stadt %s %s", city,
			 own_diff > 0 ? (d->en ? "more" : "mehr") : (d->en ? "less" : "weniger"));
	snprintf(buf, size, d->en ?
		 "Over %s the project chain delivers %s sustained financing of the same "
		 "service (%s instead of %s FTE-months) and %s (own share %s instead of %s)." :
		 "Über %s liefert die Projektkette %s eine Dauerfinanzierung desselben "
		 "Angebots (%s statt %s VZÄ-Monate) und %s (Eigenanteil %s statt %s).",
		 years, service, svc_text, svc_s_text, cost, own_c, own_s);
}

/* Total cost and cost per FTE-month; why a cheaper chain is not cheaper. */
static void reading_cost(const struct model_data *d, char *buf, size_t size)
{
	const int64_t *c = d->totals[CHAIN_SIDE], *s = d->totals[SUSTAINED_SIDE];
	int64_t per_c = c[MODEL_M_COST_PER_FTE_MONTH], per_s = s[MODEL_M_COST_PER_FTE_MONTH];
	char cost_c[MONEY_BUF], cost_s[MONEY_BUF], pc[MONEY_BUF], ps[MONEY_BUF], pd[MONEY_BUF];
	char pct[RATE_BUF];
	size_t used;

	report_money(d->f.lang, c[MODEL_M_COST], cost_c);
	report_money(d->f.lang, s[MODEL_M_COST], cost_s);
	snprintf(buf, size, d->en ? "In total the project chain costs %s (sustained financing %s)." :
		 "Insgesamt kostet die Projektkette %s (Dauerfinanzierung %s).", cost_c, cost_s);
	if (per_c == MODEL_UNDEFINED || per_s == MODEL_UNDEFINED)
		return;
	used = strlen(buf);
	report_money(d->f.lang, per_c, pc);
	report_money(d->f.lang, per_s, ps);
	money_text(d, per_c - per_s, pd);
	report_rate(d->f.lang, money_share_bp(per_c > per_s ? per_c - per_s : per_s - per_c, per_s),
		    pct);
	if (per_c == per_s)
		snprintf(buf + used, size - used, d->en ?
			 " Each FTE-month of service costs the same in both, %s." :
			 " Ein VZÄ-Monat Leistung kostet in beiden gleich viel, %s.", pc);
	else
		snprintf(buf + used, size - used, d->en ?
			 " Each FTE-month of service costs %s in the chain instead of %s, %s (%s) %s." :
			 " Ein VZÄ-Monat Leistung kostet in der Kette %s statt %s, %s (%s) %s.", pc,
			 ps, pd, pct,
			 per_c > per_s ? (d->en ? "more" : "mehr") : (d->en ? "less" : "weniger"));
	used = strlen(buf);
	if (c[MODEL_M_COST] < s[MODEL_M_COST] && per_c > per_s)
		snprintf(buf + used, size - used, d->en ?
			 " The chain costs less in total only because months in a gap cost nothing "
			 "– and deliver nothing." :
			 " Dass die Kette insgesamt weniger kostet, liegt an den Lücken: Monate ohne "
			 "Bewilligung kosten nichts – und leisten nichts.");
}

/* Gaps, coverage, staff, applications and admin. */
static void reading_effort(const struct model_data *d, char *buf, size_t size)
{
	const int64_t *c = d->totals[CHAIN_SIDE], *s = d->totals[SUSTAINED_SIDE];
	char gap[MONEY_BUF], cov[RATE_BUF], rep[MONEY_BUF], apps[MONEY_BUF], days_c[MONEY_BUF];
	char days_s[MONEY_BUF], admin_c[MONEY_BUF], admin_s[MONEY_BUF], runs[REPORT_NUM_BUF];
	char lead[80];

	report_decimal(d->f.lang, model_micro_to_hundredths(c[MODEL_M_GAP]), gap);
	report_rate(d->f.lang, (int)c[MODEL_M_COVERAGE], cov);
	report_decimal(d->f.lang, model_micro_to_hundredths(c[MODEL_M_REPLACED]), rep);
	report_decimal(d->f.lang, model_micro_to_hundredths(c[MODEL_M_APPLICATIONS]), apps);
	report_decimal(d->f.lang, model_micro_to_hundredths(c[MODEL_M_ADMIN_DAYS]), days_c);
	report_decimal(d->f.lang, model_micro_to_hundredths(s[MODEL_M_ADMIN_DAYS]), days_s);
	report_money(d->f.lang, c[MODEL_M_ADMIN_COST], admin_c);
	report_money(d->f.lang, s[MODEL_M_ADMIN_COST], admin_s);
	report_int(d->f.lang, d->r->runs, runs);
	if (d->r->runs == 0)
		snprintf(lead, sizeof(lead), "%s", d->en ? "On average (expected values)" :
			 "Im Erwartungswert");
	else
		snprintf(lead, sizeof(lead), d->en ? "On average over %s runs" :
			 "Im Mittel aus %s Läufen", runs);
	snprintf(buf, size, d->en ?
		 "%s the chain has %s gap months and service in %s of the months; %s FTE must be "
		 "replaced after gaps, %s applications are written, and admin takes %s person-days "
		 "(%s) against %s (%s) with sustained financing." :
		 "%s hat die Kette %s Lückenmonate und Leistung in %s der Monate; %s VZÄ müssen "
		 "nach Lücken neu besetzt werden, %s Anträge werden geschrieben, und die "
		 "Verwaltung braucht %s Personentage (%s) gegenüber %s (%s) bei Dauerfinanzierung.",
		 lead, gap, cov, rep, apps, days_c, admin_c, days_s, admin_s);
}

/* Who pays is set by the two mixes; the same mix isolates chaining. */
static void reading_mix(const struct model_data *d, char *buf, size_t size)
{
	const struct model_params *p = &d->r->params;
	char chain[160], sustained[160];

	format_mix(d, p->chain_mix, chain, sizeof(chain));
	format_mix(d, model_sustained_mix(p), sustained, sizeof(sustained));
	if (p->sustained_city_share >= 0) {
		char share[MODEL_VALUE_BUF], base[160];

		/* "9,774624 %", in English "9.774624 %" */
		model_param_format(p, model_param(MODEL_P_SUSTAINED_CITY_SHARE), 1, share);
		if (d->en && strchr(share, ','))
			*strchr(share, ',') = '.';
		snprintf(base, sizeof(base), "%s", sustained);
		snprintf(sustained, sizeof(sustained), d->en ? "%.90s with the city paying %s" :
			 "%.90s mit einem Anteil der Stadt von %s", base, share);
	}
	if (!d->r->has_changed_mix)
		snprintf(buf, size, d->en ?
			 "Both are financed by the same partners (%s): the difference for the city "
			 "comes from chaining alone." :
			 "Beide werden von denselben Partnern finanziert (%s): der Unterschied für die "
			 "Stadt entsteht allein aus der Kettenbildung.", chain);
	else
		snprintf(buf, size, d->en ?
			 "The comparison above uses the same partners (%s) on both sides; a second "
			 "scenario, set explicitly, finances sustained financing by %s." :
			 "Der Vergleich oben nutzt auf beiden Seiten dieselben Partner (%s); ein "
			 "zweites, ausdrücklich gesetztes Szenario finanziert die Dauerfinanzierung "
			 "durch %s.", chain, sustained);
}

/* The central 80 % of the runs. */
static void reading_spread(const struct model_data *d, char *buf, size_t size)
{
	const struct model_spread *svc = &d->r->chain_spread[MODEL_M_SERVICE];
	const struct model_spread *own = &d->r->chain_spread[MODEL_M_MUNICIPAL];
	char s10[MONEY_BUF], s50[MONEY_BUF], s90[MONEY_BUF], o10[MONEY_BUF], o90[MONEY_BUF];

	report_decimal(d->f.lang, model_micro_to_hundredths(svc->p10), s10);
	report_decimal(d->f.lang, model_micro_to_hundredths(svc->p50), s50);
	report_decimal(d->f.lang, model_micro_to_hundredths(svc->p90), s90);
	report_money(d->f.lang, own->p10, o10);
	report_money(d->f.lang, own->p90, o90);
	snprintf(buf, size, d->en ?
		 "In 80 %% of the runs (P10 to P90) the chain delivers between %s and %s "
		 "FTE-months (median %s), and the city's own cost lies between %s and %s." :
		 "In 80 %% der Läufe (P10 bis P90) liefert die Kette zwischen %s und %s "
		 "VZÄ-Monate (Median %s), und der Eigenanteil der Stadt liegt zwischen %s und %s.",
		 s10, s90, s50, o10, o90);
}

/* The conclusion (model_analysis.h), a paragraph per line, the first
 * one strong. */
static void conclusion(struct pdf_doc *doc, const struct model_data *d)
{
	char text[3000];
	int first = 1;

	pdf_heading(doc, 1, mt(d, M_CONCLUSION), 120);
	model_conclusion_text(&d->conclusion, d->en, text, sizeof(text));
	for (char *line = text, *next; line; line = next, first = 0) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		pdf_paragraph(doc, first ? PDF_STRONG : PDF_BODY, line);
	}
}

static void reading(struct pdf_doc *doc, const struct model_data *d)
{
	char text[1200];

	pdf_heading(doc, 1, mt(d, M_READING), 80);
	reading_main(d, text, sizeof(text));
	pdf_paragraph(doc, PDF_BODY, text);
	reading_cost(d, text, sizeof(text));
	pdf_paragraph(doc, PDF_BODY, text);
	reading_effort(d, text, sizeof(text));
	pdf_paragraph(doc, PDF_BODY, text);
	if (d->r->runs > 0) {
		reading_spread(d, text, sizeof(text));
		pdf_paragraph(doc, PDF_BODY, text);
	}
	reading_mix(d, text, sizeof(text));
	pdf_paragraph(doc, PDF_BODY, text);
}

/* ---- tables ------------------------------------------------------------------------- */

static void totals(struct pdf_doc *doc, const struct model_data *d)
{
	const struct pdf_column cols[] = {
		{ t(d, T_FIGURE), 2.0f, PDF_LEFT, NULL },
		{ mt(d, M_CHAIN), 1.3f, PDF_RIGHT, NULL },
		{ mt(d, M_SUSTAINED), 1.3f, PDF_RIGHT, NULL },
		{ mt(d, M_DIFF), 1.3f, PDF_RIGHT, NULL },
	};
	char heading[120], years[32];

	horizon_text(d, years, sizeof(years));
	snprintf(heading, sizeof(heading), d->en ? "Totals over %s" : "Summen über %s", years);
	/* the heading stays with the whole table (a row is about 16 pt) */
	pdf_heading(doc, 1, heading, 16.0f * (NMETRIC_ROWS + 2));
	pdf_table_begin(doc, NULL, cols, 4, PDF_TABLE_HEADER | PDF_TABLE_ZEBRA);
	for (size_t i = 0; i < NMETRIC_ROWS; i++) {
		const struct metric_row *m = &metric_rows[i];
		struct report_row row;

		row_start(&row, d->f.lang);
		row_text(&row, metric_label(d, m));
		for (int side = 0; side < NSIDES; side++)
			row_value(&row, d, m->kind, d->totals[side][m->metric]);
		pdf_table_row(doc, row.cells, NULL);
	}
	pdf_table_end(doc);
	pdf_paragraph(doc, PDF_SMALL, mt(d, M_DIFF_NOTE));
}

static void year_row(struct pdf_doc *doc, const struct model_data *d, const char *label,
		     const struct model_period *c, const struct model_period *s, int total)
{
	struct report_row row;

	row_start(&row, d->f.lang);
	row_text(&row, label);
	row_value(&row, d, K_MICRO, c->service);
	row_value(&row, d, K_MICRO, s->service);
	row_value(&row, d, K_MONEY, model_metric(c, 12, MODEL_M_COST));
	row_value(&row, d, K_MONEY, model_metric(s, 12, MODEL_M_COST));
	row_value(&row, d, K_MONEY, c->cost[MODEL_MUNICIPAL]);
	row_value(&row, d, K_MONEY, s->cost[MODEL_MUNICIPAL]);
	if (total)
		pdf_table_total(doc, row.cells);
	else
		pdf_table_row(doc, row.cells, NULL);
}

static void per_year(struct pdf_doc *doc, const struct model_data *d)
{
	const struct pdf_column cols[] = {
		{ t(d, T_YEAR), 0.75f, PDF_LEFT, NULL },
		{ mt(d, M_SERVICE_CHAIN), 1.0f, PDF_RIGHT, NULL },
		{ mt(d, M_SERVICE_SUSTAINED), 1.0f, PDF_RIGHT, NULL },
		{ mt(d, M_COST_CHAIN), 1.35f, PDF_RIGHT, NULL },
		{ mt(d, M_COST_SUSTAINED), 1.35f, PDF_RIGHT, NULL },
		{ mt(d, M_OWN_CHAIN), 1.35f, PDF_RIGHT, NULL },
		{ mt(d, M_OWN_SUSTAINED), 1.35f, PDF_RIGHT, NULL },
	};
	const struct model_series *c = &d->r->chain, *s = &d->r->sustained;

	pdf_heading(doc, 1, mt(d, M_YEARS), 100);
	pdf_paragraph(doc, PDF_SMALL, mt(d, M_YEARS_NOTE));
	pdf_table_keep(doc, c->nyears + 2);
	pdf_table_begin(doc, NULL, cols, 7, PDF_TABLE_HEADER | PDF_TABLE_ZEBRA | PDF_TABLE_SMALL);
	for (int y = 0; y < c->nyears; y++)
		year_row(doc, d, d->year_labels[y], &c->year[y], &s->year[y], 0);
	year_row(doc, d, t(d, T_TOTAL), &c->total, &s->total, 1);
	pdf_table_end(doc);
}

/* P10/P50/P90 of the chain's totals next to their mean and the sustained
 * value (which has no spread). */
static void spread(struct pdf_doc *doc, const struct model_data *d)
{
	const struct pdf_column cols[] = {
		{ t(d, T_FIGURE), 1.7f, PDF_LEFT, NULL },   { mt(d, M_MEAN), 1.1f, PDF_RIGHT, NULL },
		{ "P10", 1.1f, PDF_RIGHT, NULL },	     { "P50", 1.1f, PDF_RIGHT, NULL },
		{ "P90", 1.1f, PDF_RIGHT, NULL },	     { mt(d, M_SUSTAINED), 1.3f, PDF_RIGHT, NULL },
	};
	char runs[REPORT_NUM_BUF], note[400];

	report_int(d->f.lang, d->r->runs, runs);
	snprintf(note, sizeof(note), d->en ?
		 "The project chain over %s runs (seed %llu): P10, P50 and P90 of each total by "
		 "the nearest-rank method (10 %%, 50 %% and 90 %% of the runs are at or below it). "
		 "Sustained financing has no randomness." :
		 "Die Projektkette über %s Läufe (Seed %llu): P10, P50 und P90 jeder Summe nach "
		 "dem Nearest-Rank-Verfahren (10 %%, 50 %% und 90 %% der Läufe liegen darunter "
		 "oder gleich). Die Dauerfinanzierung hat keinen Zufall.",
		 runs, (unsigned long long)d->r->seed);
	pdf_heading(doc, 1, mt(d, M_SPREAD), 30 + 14.0f * (NMETRIC_ROWS + 3));
	pdf_paragraph(doc, PDF_SMALL, note);
	pdf_table_begin(doc, NULL, cols, 6, PDF_TABLE_HEADER | PDF_TABLE_ZEBRA | PDF_TABLE_SMALL);
	for (size_t i = 0; i < NMETRIC_ROWS; i++) {
		const struct metric_row *m = &metric_rows[i];
		const struct model_spread *q = &d->r->chain_spread[m->metric];
		struct report_row row;

		row_start(&row, d->f.lang);
		row_text(&row, metric_label(d, m));
		row_value(&row, d, m->kind, d->totals[CHAIN_SIDE][m->metric]);
		row_value(&row, d, m->kind, q->p10);
		row_value(&row, d, m->kind, q->p50);
		row_value(&row, d, m->kind, q->p90);
		row_value(&row, d, m->kind, d->totals[SUSTAINED_SIDE][m->metric]);
		pdf_table_row(doc, row.cells, NULL);
	}
	pdf_table_end(doc);
}

static const char *origin_label(const struct model_data *d, enum model_origin origin)
{
	return model_origin_label(origin, d->en);
}

/* Where a value comes from, in words: the default's source, how it was
 * derived from the chain, or the scenario file. */
static const char *param_basis(const struct model_data *d, enum model_param_id id,
			       const char *scenario_name)
{
	const struct model_setup *s = d->in->setup;
	const struct model_param_def *def = model_param(id);

	switch (s->origin[id]) {
	case MODEL_FROM_DEFAULT:
		return d->en ? def->source_en : def->source;
	case MODEL_FROM_SCENARIO:
		return scenario_name;
	case MODEL_FROM_SET:
		return NULL;
	case MODEL_FROM_CHAIN:
		break;
	}
	if (!d->en)
		return s->note[id];
	switch (id) {
	case MODEL_P_LINK_MONTHS:
		return mt(d, M_EN_LINK_MONTHS);
	case MODEL_P_GAP_MONTHS:
		return mt(d, M_EN_GAP_MONTHS);
	case MODEL_P_CHAIN_MIX:
		return mt(d, M_EN_CHAIN_MIX);
	case MODEL_P_STAFF_FTE:
		return mt(d, M_EN_STAFF_FTE);
	default:
		return s->note[id];
	}
}

static void parameters(struct pdf_doc *doc, const struct model_data *d)
{
	const struct pdf_column cols[] = {
		{ mt(d, M_PARAMETER), 1.8f, PDF_LEFT, NULL }, { mt(d, M_VALUE), 1.0f, PDF_LEFT, NULL },
		{ mt(d, M_UNIT), 0.95f, PDF_LEFT, NULL },     { mt(d, M_ORIGIN), 0.75f, PDF_LEFT, NULL },
		{ mt(d, M_BASIS), 2.0f, PDF_LEFT, NULL },
	};
	const struct model_setup *s = d->in->setup;
	const char *scenario = d->in->scenario, *slash = scenario ? strrchr(scenario, '/') : NULL;
	const char *scenario_name = slash ? slash + 1 : scenario;

	pdf_heading(doc, 1, mt(d, M_PARAMS), 120);
	pdf_paragraph(doc, PDF_SMALL, mt(d, M_PARAMS_NOTE));
	pdf_table_begin(doc, NULL, cols, 5, PDF_TABLE_HEADER | PDF_TABLE_ZEBRA | PDF_TABLE_SMALL);
	for (int i = 0; i < MODEL_NPARAMS; i++) {
		const struct model_param_def *def = model_param((enum model_param_id)i);
		char label[160], value[MODEL_VALUE_BUF + 64];
		const char *cells[5];

		snprintf(label, sizeof(label), "%s (%s)", d->en ? def->label_en : def->label, def->key);
		if (def->kind == MODEL_KIND_MIX)
			format_mix(d, (const int64_t *)(const void *)((const char *)&s->p + def->offset),
				   value, sizeof(value));
		else
			model_param_format(&s->p, def, !d->en, value);
		cells[0] = label;
		cells[1] = value;
		cells[2] = d->en ? def->unit_en : def->unit;
		cells[3] = origin_label(d, s->origin[i]);
		cells[4] = param_basis(d, (enum model_param_id)i, scenario_name);
		pdf_table_row(doc, cells, NULL);
	}
	pdf_table_end(doc);
}

static void link_note(const struct model_data *d, const struct model_chain_link *link,
		      struct report_row *row)
{
	if (!link->counted)
		row_text(row, mt(d, link->applied ? M_APPLIED_ONLY : M_NO_GRANT));
	else if (link->rejected == 1)
		row_text(row, d->en ? "1 rejected application" : "1 abgelehnter Antrag");
	else if (link->rejected > 1)
		row_printf(row, d->en ? "%d rejected applications" : "%d abgelehnte Anträge",
			   link->rejected);
	else
		row_text(row, NULL);
}

static void recorded_chain(struct pdf_doc *doc, const struct model_data *d)
{
	const struct pdf_column cols[] = {
		{ t(d, T_LINK), 0.65f, PDF_LEFT, NULL },       { t(d, T_FROM), 0.9f, PDF_RIGHT, NULL },
		{ t(d, T_TO), 0.9f, PDF_RIGHT, NULL },	       { mt(d, M_MONTHS), 0.65f, PDF_RIGHT, NULL },
		{ mt(d, M_GAP_BEFORE), 0.75f, PDF_RIGHT, NULL },
		{ report_level(d->f.lang, "eu"), 1.05f, PDF_RIGHT, NULL },
		{ report_level(d->f.lang, "federal"), 1.05f, PDF_RIGHT, NULL },
		{ report_level(d->f.lang, "state"), 1.05f, PDF_RIGHT, NULL },
		{ report_level(d->f.lang, "municipal"), 1.05f, PDF_RIGHT, NULL },
		{ mt(d, M_LINK_NOTE), 1.2f, PDF_LEFT, NULL },
	};
	const struct model_chain *c = d->in->chain;
	struct chart_timeline_row tl_row = { c->project, d->spans, d->nspans };
	struct chart_timeline tl = { .lang = d->f.lang, .rows = &tl_row, .nrows = 1 };
	char heading[120];

	snprintf(heading, sizeof(heading), d->en ? "Recorded chain of %s" :
		 "Erfasste Kette von %s", c->project);
	pdf_heading(doc, 1, heading, 120);
	pdf_paragraph(doc, PDF_SMALL, mt(d, M_CHAIN_NOTE));
	if (d->nspans > 0)
		chart_timeline(doc, &tl);
	pdf_table_keep(doc, c->nlinks + 1);
	pdf_table_begin(doc, NULL, cols, 10, PDF_TABLE_HEADER | PDF_TABLE_ZEBRA | PDF_TABLE_SMALL);
	for (int i = 0; i < c->nlinks; i++) {
		const struct model_chain_link *link = &c->link[i];
		struct report_row row;

		row_start(&row, d->f.lang);
		row_text(&row, link->code);
		if (link->counted) {
			row_date(&row, link->from);
			row_date(&row, link->to);
			row_int(&row, model_days_to_months(link->days));
			if (link->gap_days < 0)
				row_text(&row, NULL);
			else
				row_int(&row, model_days_to_months(link->gap_days));
			for (int l = 0; l < MODEL_MUNICIPAL; l++)
				row_money(&row, link->approved[l]);
			row_money(&row, link->own);
		} else {
			for (int k = 0; k < 8; k++)
				row_text(&row, NULL);
		}
		link_note(d, link, &row);
		pdf_table_row(doc, row.cells, NULL);
	}
	pdf_table_end(doc);
}

/* ---- charts ----------------------------------------------------------------------- */

static void service_over_time(struct pdf_doc *doc, const struct model_data *d)
{
	const struct chart_line lines[] = {
		{ mt(d, M_SUSTAINED), d->capacity[SUSTAINED_SIDE], CHART_LINE_SOLID },
		{ mt(d, M_CHAIN), d->capacity[CHAIN_SIDE], CHART_LINE_DASHED },
	};
	const struct chart_lines c = {
		.lang = d->f.lang, .title = mt(d, M_CAPACITY), .unit = CHART_AMOUNT,
		.unit_label = mt(d, M_FTE), .mode = CHART_STEPS,
		.npoints = (size_t)d->r->chain.nmonths, .period = 12,
		.period_label = t(d, T_YEAR), .nlines = 2, .lines = lines, .shade = d->gap_bp,
		.shade_label = mt(d, d->r->runs ? M_SHADE_RUNS : M_SHADE_EXPECTED),
	};

	pdf_heading(doc, 1, mt(d, M_SERVICE_TIME), 330);
	pdf_paragraph(doc, PDF_BODY, mt(d, M_CAPACITY_NOTE));
	chart_lines(doc, &c);
}

static void costs_over_time(struct pdf_doc *doc, const struct model_data *d)
{
	const struct chart_line lines[] = {
		{ mt(d, M_SUSTAINED), d->own_running[SUSTAINED_SIDE], CHART_LINE_SOLID },
		{ mt(d, M_CHAIN), d->own_running[CHAIN_SIDE], CHART_LINE_DASHED },
	};
	const struct chart_lines own = {
		.lang = d->f.lang, .title = mt(d, M_OWN_RUNNING), .unit = CHART_MONEY,
		.mode = CHART_RUNNING_TOTAL, .npoints = (size_t)d->r->chain.nmonths, .period = 12,
		.period_label = t(d, T_YEAR), .nlines = 2, .lines = lines, .end_values = 1,
	};
	const char *levels[MODEL_NLEVELS];
	size_t nyears = (size_t)d->r->chain.nyears;

	for (int l = 0; l < MODEL_NLEVELS; l++)
		levels[l] = report_level(d->f.lang, model_level_name((enum model_level)l));
	pdf_heading(doc, 1, mt(d, M_COST_TIME), 265);
	chart_lines(doc, &own);
	for (int side = 0; side < 2; side++) {
		char title[200];
		struct chart_bars bars = {
			.lang = d->f.lang, .title = title, .unit = CHART_MONEY, .ncats = nyears,
			.cats = d->year_cats, .nseries = MODEL_NLEVELS, .series = levels,
			.values = d->level_running[side], .height = 120,
			.show_totals = nyears <= 16, .axis_max = d->level_axis_max,
		};

		snprintf(title, sizeof(title), "%s: %s", mt(d, side ? M_SUSTAINED : M_CHAIN),
			 mt(d, M_BY_LEVEL_RUNNING));
		chart_bars(doc, &bars);
	}
}

/* ---- the tornado chart ------------------------------------------------------------ */

enum { TORNADO_ROWS = 12 };

static float tornado_x(int64_t v, int64_t lo, int64_t hi, float x0, float w)
{
	/* floating point only for the drawing coordinates */
	return hi > lo ? x0 + w * (float)((double)(v - lo) / (double)(hi - lo)) : x0;
}

static void tornado_bar(HPDF_Page page, float gray, float xa, float xb, float y, float h)
{
	float x = xa < xb ? xa : xb, w = xa < xb ? xb - xa : xa - xb;

	if (w < 0.5f)
		w = 0.5f;
	HPDF_Page_SetGrayFill(page, gray);
	HPDF_Page_SetGrayStroke(page, 0.15f);
	HPDF_Page_SetLineWidth(page, 0.4f);
	HPDF_Page_Rectangle(page, x, y, w, h);
	HPDF_Page_FillStroke(page);
	HPDF_Page_SetGrayFill(page, 0);
}

static void tornado_range(const struct model_data *d, int n, int64_t *lo, int64_t *hi)
{
	*lo = *hi = d->sensitivity.base;
	for (int i = 0; i < n; i++) {
		const struct model_sensitivity_row *row = &d->sensitivity.row[i];

		for (int k = 0; k < 2; k++) {
			int64_t v = k ? row->diff_hi : row->diff_lo;

			*lo = v < *lo ? v : *lo;
			*hi = v > *hi ? v : *hi;
		}
	}
}

static void tornado_label(const struct model_data *d, const struct model_sensitivity_row *row,
			  char *buf, size_t size)
{
	char span[2 * MODEL_VALUE_BUF];

	model_param_span(row->def, !d->en, span, sizeof(span));
	snprintf(buf, size, "%s (%s)", d->en ? row->def->label_en : row->def->label, span);
}

static void tornado_axis(struct pdf_doc *doc, const struct model_data *d, int64_t lo, int64_t hi,
			 float x0, float w, float y)
{
	char money[MONEY_BUF];

	report_money(d->f.lang, lo, money);
	pdf_text(doc, x0, y, PDF_TICK, 0, PDF_LEFT, money);
	report_money(d->f.lang, hi, money);
	pdf_text(doc, x0 + w, y, PDF_TICK, 0, PDF_RIGHT, money);
}

/* The base value above its line, kept inside the plot. */
static void tornado_base_label(struct pdf_doc *doc, const struct model_data *d, float x,
			       float x0, float w, float y)
{
	char money[MONEY_BUF], text[MONEY_BUF + 40];
	float tw;

	report_money(d->f.lang, d->sensitivity.base, money);
	snprintf(text, sizeof(text), "%s %s", d->en ? "with all assumptions" : "mit allen Annahmen",
		 money);
	tw = pdf_text_width(doc, PDF_TICK, 0, text);
	if (x - tw / 2 < x0)
		x = x0 + tw / 2;
	if (x + tw / 2 > x0 + w)
		x = x0 + w - tw / 2;
	pdf_text(doc, x, y, PDF_TICK, 0, PDF_CENTER, text);
}

static void tornado_legend(struct pdf_doc *doc, const struct model_data *d, float x, float y)
{
	HPDF_Page page = pdf_page(doc);

	tornado_bar(page, 0.82f, x, x + 10, y, 6);
	x += 14 + pdf_text(doc, x + 14, y, PDF_TICK, 0, PDF_LEFT, mt(d, M_AT_LOW));
	tornado_bar(page, 0.35f, x + 10, x + 20, y, 6);
	pdf_text(doc, x + 24, y, PDF_TICK, 0, PDF_LEFT, mt(d, M_AT_HIGH));
}

/* One row a parameter (the largest swings, at most TORNADO_ROWS): the
 * difference with the parameter at the low end of its span (upper half,
 * light) and at the high end (lower half, dark), around the base line. */
static void tornado(struct pdf_doc *doc, const struct model_data *d)
{
	const float row_h = 15, label_w = pdf_width(doc) * 0.42f;
	int n = d->sensitivity.n < TORNADO_ROWS ? d->sensitivity.n : TORNADO_ROWS;
	float x0 = pdf_left(doc) + label_w + 6, w = pdf_width(doc) - label_w - 6, top, base_x;
	int64_t lo, hi;
	HPDF_Page page;

	pdf_heading(doc, 1, mt(d, M_TORNADO), 80 + row_h * (float)n);
	pdf_paragraph(doc, PDF_SMALL, mt(d, M_TORNADO_NOTE));
	pdf_need(doc, row_h * (float)n + 52);
	tornado_range(d, n, &lo, &hi);
	page = pdf_page(doc);
	top = pdf_cursor(doc) - 16;
	for (int i = 0; i < n; i++) {
		const struct model_sensitivity_row *row = &d->sensitivity.row[i];
		float y = top - row_h * (float)(i + 1);
		char label[3 * MODEL_VALUE_BUF];

		tornado_label(d, row, label, sizeof(label));
		pdf_text_fit(doc, pdf_left(doc), y + 4, PDF_LABEL, 0, PDF_LEFT, label_w, label);
		tornado_bar(page, 0.82f, tornado_x(d->sensitivity.base, lo, hi, x0, w),
			    tornado_x(row->diff_lo, lo, hi, x0, w), y + row_h / 2, row_h / 2 - 1);
		tornado_bar(page, 0.35f, tornado_x(d->sensitivity.base, lo, hi, x0, w),
			    tornado_x(row->diff_hi, lo, hi, x0, w), y + 1, row_h / 2 - 1);
	}
	base_x = tornado_x(d->sensitivity.base, lo, hi, x0, w);
	HPDF_Page_SetGrayStroke(page, 0);
	HPDF_Page_SetLineWidth(page, 1.0f);
	HPDF_Page_MoveTo(page, base_x, top + 2);
	HPDF_Page_LineTo(page, base_x, top - row_h * (float)n - 2);
	HPDF_Page_Stroke(page);
	tornado_base_label(doc, d, base_x, x0, w, top + 5);
	tornado_axis(doc, d, lo, hi, x0, w, top - row_h * (float)n - 12);
	tornado_legend(doc, d, x0, top - row_h * (float)n - 26);
	pdf_advance(doc, row_h * (float)n + 46);
}

static void layout(struct pdf_doc *doc, void *arg)
{
	struct model_data *d = arg;
	char line[400], origin[400];

	pdf_paragraph(doc, PDF_SUBTITLE, mt(d, M_KICKER));
	pdf_paragraph(doc, PDF_TITLE, mt(d, M_TITLE));
	run_line(d, line, sizeof(line));
	pdf_paragraph(doc, PDF_SUBTITLE, line);
	snprintf(line, sizeof(line), "%s%s%s: %s", d->f.city, d->f.city[0] ? " · " : "",
		 t(d, T_AS_OF), d->f.as_of_text);
	pdf_paragraph(doc, PDF_BODY, line);
	origin_line(d, origin, sizeof(origin));
	if (origin[0])
		pdf_paragraph(doc, PDF_BODY, origin);
	pdf_space(doc, 4);
	conclusion(doc, d);
	reading(doc, d);
	totals(doc, d);
	tornado(doc, d);
	service_over_time(doc, d);
	costs_over_time(doc, d);
	per_year(doc, d);
	if (d->r->runs > 0)
		spread(doc, d);
	parameters(doc, d);
	if (d->in->chain)
		recorded_chain(doc, d);
}

int report_model(struct store *st, const struct report_model_input *in,
		 const struct report_options *o, const char *path, struct report_info *info,
		 struct ft_error *err)
{
	struct model_data *d = calloc(1, sizeof(*d));
	int rc = -1;

	if (!d)
		return ft_fail(err, "out of memory");
	d->in = in;
	d->r = in->result;
	d->en = o->lang == LANG_EN;
	rc = report_frame_init(&d->f, st, o, err);
	if (rc == 0 && (model_conclude(&d->r->params, d->r, &d->conclusion, err) ||
			model_sensitivity(&d->r->params, &d->sensitivity, err)))
		rc = -1;
	if (rc == 0) {
		prepare_totals(d);
		prepare_series(d);
		prepare_chain_spans(d);
		rc = report_write(&d->f, mt(d, M_HEADER), mt(d, M_SUBJECT), layout, d, path, info,
				  err);
	}
	free(d);
	return rc;
}
