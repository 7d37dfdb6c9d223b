/* model_params.c - the parameter table, parsing and formatting. */
#include "model_params.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "args.h"
#include "values.h"
#include "money.h"

#define FIELD(name) offsetof(struct model_params, name)

/* Ranges of money, hundredths and days in their stored unit. */
#define EUR(x) ((int64_t)(x) * 100 * MODEL_FINE)
#define HUNDREDTHS(x) ((int64_t)(x) * 100)
#define DAYS(x) ((int64_t)(x) * 100 * MODEL_FINE)
#define PERCENT(x) ((int64_t)(x) * (MODEL_PCT_ONE / 100))

static const struct model_param_def params[MODEL_NPARAMS] = {
	[MODEL_P_HORIZON_YEARS] = {
		"horizon-years", MODEL_KIND_COUNT, FIELD(horizon_years), "12", 1, MODEL_MAX_YEARS,
		"Betrachtungszeitraum", "Jahre",
		"Annahme: drei Förderperioden von vier Jahren",
		"Horizon", "years",
		"assumption: three funding periods of four years",
		8, 20 },
	[MODEL_P_STAFF_FTE] = {
		"staff-fte", MODEL_KIND_DECIMAL, FIELD(staff_fte), "3", 1, HUNDREDTHS(1000),
		"Personal des Angebots", "VZÄ",
		"Annahme: ein Team von drei Vollzeitstellen",
		"Staff of the service", "FTE",
		"assumption: a team of three full-time posts",
		HUNDREDTHS(1), HUNDREDTHS(10) },
	[MODEL_P_COST_PER_FTE] = {
		"cost-per-fte", MODEL_KIND_MONEY, FIELD(cost_per_fte), "65.000,00", EUR(1),
		EUR(1000000), "Personalkosten je VZÄ", "€ je VZÄ und Jahr",
		"Annahme: Arbeitgeberkosten Sozialarbeit (TVöD SuE S 12), gerundet",
		"Staff cost per FTE", "€ per FTE and year",
		"assumption: employer's cost of social work (TVöD SuE S 12), rounded",
		EUR(55000), EUR(80000) },
	[MODEL_P_MATERIAL_SHARE] = {
		"material-share", MODEL_KIND_PERCENT, FIELD(material_share), "10", 0, PERCENT(100),
		"Sachkosten", "% der Personalkosten",
		"Annahme",
		"Material costs", "% of staff costs",
		"assumption",
		PERCENT(5), PERCENT(20) },
	[MODEL_P_LINK_MONTHS] = {
		"link-months", MODEL_KIND_COUNT, FIELD(link_months), "36", 6, 120,
		"Laufzeit eines Projekts", "Monate",
		"EHAP Runde 1 (3 Jahre); EhAP Plus 4 Jahre; beobachtet 12–48",
		"Duration of one project", "months",
		"EHAP round 1 (3 years); EhAP Plus 4 years; observed 12–48",
		12, 48 },
	[MODEL_P_GAP_MONTHS] = {
		"gap-months", MODEL_KIND_COUNT, FIELD(gap_months), "3", 0, 24,
		"Entscheidungslücke zwischen Projekten", "Monate",
		"Bewilligungen enden am 31.12., Landeshaushalt im Frühjahr (Monate: Annahme, "
		"beobachtet 0–6)",
		"Gap between projects", "months",
		"approvals end on 31 Dec, the state budget is adopted in spring (months: "
		"assumption, observed 0–6)",
		0, 6 },
	[MODEL_P_APPROVAL] = {
		"approval", MODEL_KIND_PERCENT, FIELD(approval), "46", PERCENT(1), PERCENT(100),
		"Bewilligung in einem neuen Aufruf", "%",
		"EHAP Runde 1: 88 von 191 Anträgen bewilligt (BMAS)",
		"Approval in a new call", "%",
		"EHAP round 1: 88 of 191 bids approved (BMAS)",
		PERCENT(30), PERCENT(70) },
	[MODEL_P_FOLLOW_UP_APPROVAL] = {
		"follow-up-approval", MODEL_KIND_PERCENT, FIELD(follow_up_approval), "90", PERCENT(1),
		PERCENT(100), "Bewilligung eines Folgeantrags", "%",
		"Annahme: Folgeantrag im laufenden Programm; beobachtete Lücken 0–6 Monate, "
		"nicht die ~19 Monate einer Quote von 46 %",
		"Approval of a follow-up application", "%",
		"assumption: follow-up within a running programme; observed gaps 0–6 months, "
		"not the ~19 months a rate of 46 % gives",
		PERCENT(70), PERCENT(100) },
	[MODEL_P_CALL_CYCLE_MONTHS] = {
		"call-cycle-months", MODEL_KIND_COUNT, FIELD(call_cycle_months), "12", 1, 60,
		"Abstand der Förderaufrufe", "Monate",
		"Annahme: ein Aufruf je Jahr",
		"Time between calls", "months",
		"assumption: one call a year",
		6, 24 },
	[MODEL_P_DISCONTINUE] = {
		"discontinue", MODEL_KIND_PERCENT, FIELD(discontinue), "20", 0, PERCENT(100),
		"Programmende je Projekt", "%",
		"Annahme (NRW-Programm Südosteuropa endete 2024)",
		"Programme ends, per project", "%",
		"assumption (the NRW programme for South-East Europe ended in 2024)",
		0, PERCENT(40) },
	[MODEL_P_APPLICATION_LEAD_MONTHS] = {
		"application-lead-months", MODEL_KIND_COUNT, FIELD(application_lead_months), "6", 0,
		36, "Antrag vor Projektende", "Monate",
		"EHAP-Aufruf 13.7.2015, Projektstart Dez. 2015 – März 2016",
		"Application before the project ends", "months",
		"EHAP call 13 Jul 2015, projects started Dec 2015 – Mar 2016",
		3, 12 },
	[MODEL_P_RAMP_UP_MONTHS] = {
		"ramp-up-months", MODEL_KIND_COUNT, FIELD(ramp_up_months), "4", 0, 24,
		"Anlaufzeit (nach Lücke oder Personalwechsel)", "Monate", "Annahme",
		"Ramp-up", "months",
		"assumption",
		2, 6 },
	[MODEL_P_RAMP_UP_CAPACITY] = {
		"ramp-up-capacity", MODEL_KIND_PERCENT, FIELD(ramp_up_capacity), "50", 0,
		PERCENT(100), "Leistung in der Anlaufzeit", "% der vollen Leistung", "Annahme",
		"Output during the ramp-up", "% of full output",
		"assumption",
		PERCENT(25), PERCENT(75) },
	[MODEL_P_STAFF_LOSS] = {
		"staff-loss", MODEL_KIND_PERCENT, FIELD(staff_loss), "50", 0, PERCENT(100),
		"Personalverlust je Lücke", "% des Personals",
		"Annahme; 74 % der Neueinstellungen in der Sozialarbeit sind befristet "
		"(44 % insgesamt)",
		"Staff lost at a gap", "% of staff",
		"assumption; 74 % of new hires in social work are fixed-term (44 % overall)",
		PERCENT(25), PERCENT(75) },
	[MODEL_P_EARLY_LEAVE] = {
		"early-leave", MODEL_KIND_PERCENT, FIELD(early_leave), "10", 0, PERCENT(100),
		"Personalabgang vor Projektende", "% des Personals",
		"Annahme: befristet Beschäftigte wechseln vor dem Vertragsende",
		"Staff leaving before a project ends", "% of staff",
		"assumption: staff on fixed-term contracts leave before the contract ends",
		0, PERCENT(30) },
	[MODEL_P_EARLY_LEAVE_MONTHS] = {
		"early-leave-months", MODEL_KIND_COUNT, FIELD(early_leave_months), "3", 0, 24,
		"Abgang so lange vor Projektende", "Monate", "Annahme",
		"Leaving this long before the end", "months",
		"assumption",
		1, 6 },
	[MODEL_P_VACANCY_MONTHS] = {
		"vacancy-months", MODEL_KIND_COUNT, FIELD(vacancy_months), "3", 0, 24,
		"Dauer einer Neubesetzung", "Monate", "Annahme",
		"Time to fill a post again", "months",
		"assumption",
		1, 6 },
	[MODEL_P_APPLICATION_DAYS] = {
		"application-days", MODEL_KIND_DAYS, FIELD(application_days), "20", 0,
		DAYS(1000), "Aufwand je Antrag", "Personentage", "Annahme",
		"Effort per application", "person-days",
		"assumption",
		DAYS(10), DAYS(40) },
	[MODEL_P_PROOF_DAYS] = {
		"proof-days", MODEL_KIND_DAYS, FIELD(proof_days), "15", 0, DAYS(1000),
		"Aufwand je Verwendungsnachweis", "Personentage", "Annahme",
		"Effort per proof of use", "person-days",
		"assumption",
		DAYS(5), DAYS(30) },
	[MODEL_P_RECRUITING_DAYS] = {
		"recruiting-days", MODEL_KIND_DAYS, FIELD(recruiting_days), "10", 0,
		DAYS(1000), "Aufwand je Neubesetzung", "Personentage je VZÄ", "Annahme",
		"Effort per post filled again", "person-days per FTE",
		"assumption",
		DAYS(5), DAYS(20) },
	[MODEL_P_INTERIM_DAYS] = {
		"interim-days", MODEL_KIND_DAYS, FIELD(interim_days), "5", 0, DAYS(1000),
		"Laufende Verwaltung eines Projekts", "Personentage je Jahr",
		"Annahme: Zwischennachweis zum Jahresende, Mittelabrufe",
		"Running admin of a project", "person-days per year",
		"assumption: interim proof at year end, drawdowns",
		DAYS(2), DAYS(10) },
	[MODEL_P_ADMIN_DAY_COST] = {
		"admin-day-cost", MODEL_KIND_MONEY, FIELD(admin_day_cost), "400,00", 0, EUR(10000),
		"Kosten eines Verwaltungstags", "€ je Personentag",
		"Annahme: Sachbearbeitung E 10/E 11 mit Gemeinkosten",
		"Cost of one admin day", "€ per person-day",
		"assumption: clerk E 10/E 11 with overheads",
		EUR(300), EUR(500) },
	[MODEL_P_SUSTAINED_ADMIN_DAYS] = {
		"sustained-admin-days", MODEL_KIND_DAYS, FIELD(sustained_admin_days), "5", 0,
		DAYS(1000), "Verwaltung bei Dauerfinanzierung", "Personentage je Jahr",
		"Annahme: Haushaltsplanung und Jahresbericht",
		"Admin of sustained financing", "person-days per year",
		"assumption: budget planning and yearly report",
		DAYS(2), DAYS(10) },
	[MODEL_P_BRIDGE] = {
		"bridge", MODEL_KIND_YESNO, FIELD(bridge), "no", 0, 1,
		"Überbrückungsfinanzierung durch die Stadt", "ja/nein",
		"Annahme: keine Überbrückungsfinanzierung",
		"City bridges the gaps", "yes/no",
		"assumption: no bridge financing",
		0, 1 },
	[MODEL_P_PREFINANCE_MONTHS] = {
		"prefinance-months", MODEL_KIND_COUNT, FIELD(prefinance_months), "3", 0, 24,
		"Vorfinanzierung durch den Träger", "Monate",
		"Annahme: EU-Mittel (ESF) werden nach Ausgabennachweis erstattet; Bundes- und "
		"Landesmittel dürfen 2 Monate im Voraus abgerufen werden (ANBest-P Nr. 1.4)",
		"Pre-financing by the carrier", "months",
		"assumption: EU money (ESF) is reimbursed after expenditure claims; federal and "
		"state money may be drawn 2 months ahead (ANBest-P no. 1.4)",
		0, 6 },
	[MODEL_P_PREFINANCE_RATE] = {
		"prefinance-rate", MODEL_KIND_PERCENT, FIELD(prefinance_rate), "3", 0, PERCENT(20),
		"Zins der Vorfinanzierung", "% je Jahr",
		"Annahme: Zins eines Kassenkredits",
		"Interest on the pre-financing", "% per year",
		"assumption: interest of a short-term municipal loan",
		0, PERCENT(6) },
	[MODEL_P_WAGE_GROWTH] = {
		"wage-growth", MODEL_KIND_PERCENT, FIELD(wage_growth), "2,5", 0, PERCENT(10),
		"Lohnsteigerung", "% je Jahr",
		"Annahme: Tarifsteigerungen im Mittel; gilt für beide Seiten",
		"Wage growth", "% per year",
		"assumption: average pay-scale increases; applies to both sides",
		0, PERCENT(4) },
	[MODEL_P_FIXED_GRANT] = {
		"fixed-grant", MODEL_KIND_YESNO, FIELD(fixed_grant), "yes", 0, 1,
		"Zuwendung fest zu Löhnen bei Projektbeginn", "ja/nein",
		"Bescheid mit Höchstbetrag (VV Nr. 2.2.1 zu § 44 LHO NRW); Annahme: geplant "
		"mit den Löhnen bei Projektbeginn, Steigerungen trägt die Stadt",
		"Grant fixed at the wages of the project start", "yes/no",
		"decision with a cap (VV no. 2.2.1 on § 44 LHO NRW); assumption: planned with "
		"the wages at the start, increases are the city's",
		0, 1 },
	[MODEL_P_REPAYMENT] = {
		"repayment", MODEL_KIND_PERCENT, FIELD(repayment), "1 %", 0, PERCENT(100),
		"Rückforderung nach Prüfung", "% der Fördermittel",
		"Annahme (Widerruf und Erstattung: § 49a VwVfG; VV Nr. 8 zu § 44 LHO)",
		"Repayment after audit", "% of the grant",
		"assumption (revocation and repayment: § 49a VwVfG; VV no. 8 on § 44 LHO)",
		0, PERCENT(5) },
	[MODEL_P_LOST_SERVICE_VALUE] = {
		"lost-service-value", MODEL_KIND_MONEY, FIELD(lost_service_value), "0,00", 0,
		EUR(100000), "Folgekosten fehlender Leistung", "€ je VZÄ-Monat",
		"Annahme: nicht in Geld bewertet (0); eine politische Bewertung",
		"Cost of service not delivered", "€ per FTE-month",
		"assumption: not valued in money (0); a political valuation",
		0, 0 },
	[MODEL_P_DISCOUNT_RATE] = {
		"discount-rate", MODEL_KIND_PERCENT, FIELD(discount_rate), "0", 0, PERCENT(20),
		"Abzinsung", "% je Jahr",
		"Annahme: keine Abzinsung (Nominalwerte)",
		"Discounting", "% per year",
		"assumption: no discounting (nominal values)",
		0, PERCENT(3) },
	[MODEL_P_CHAIN_MIX] = {
		"chain-mix", MODEL_KIND_MIX, FIELD(chain_mix), "eu:85,federal:10,state:0,municipal:5",
		0, 0, "Finanzierung der Projektkette", "% je Ebene",
		"EHAP 2014–20: EU 85 %, Bund 10 %, Eigenanteil 5 % (BMAS)",
		"Financing of the chain", "% per level",
		"EHAP 2014–20: EU 85 %, federal 10 %, own share 5 % (BMAS)",
		0, 0 },
	[MODEL_P_SUSTAINED_MIX] = {
		"sustained-mix", MODEL_KIND_MIX, FIELD(sustained_mix),
		"chain", 0, 0,
		"Finanzierung bei Dauerfinanzierung", "% je Ebene",
		"wie die Projektkette (chain): dieselben Partner, fairer Vergleich; ein anderer "
		"Mix ist ein zweites, ausdrücklich gesetztes Szenario",
		"Financing of sustained financing", "% per level",
		"as the project chain (chain): the same partners, a fair comparison; another "
		"mix is a second, explicitly set scenario",
		0, 0 },
	[MODEL_P_SUSTAINED_CITY_SHARE] = {
		"sustained-city-share", MODEL_KIND_SHARE, FIELD(sustained_city_share), "mix", 0,
		PERCENT(100), "Anteil der Stadt an der Dauerfinanzierung", "%",
		"nicht gesetzt (mix): wie sustained-mix; gesetzt ein zweites Szenario, die "
		"übrigen Partner im Verhältnis des Mix; --break-even sustained-city-share "
		"sucht den ausgleichenden Wert",
		"City's share of sustained financing", "%",
		"not set (mix): as sustained-mix; when set a second scenario, the other "
		"partners in the proportions of the mix; --break-even sustained-city-share "
		"finds the value that balances",
		0, 0 },
};

const struct model_param_def *model_param(enum model_param_id id)
{
	return id < MODEL_NPARAMS ? &params[id] : NULL;
}

const struct model_param_def *model_param_find(const char *key)
{
	for (size_t i = 0; i < MODEL_NPARAMS; i++)
		if (strcmp(params[i].key, key) == 0)
			return &params[i];
	return NULL;
}

const char *model_param_closest(const char *key)
{
	const char *keys[MODEL_NPARAMS];

	for (size_t i = 0; i < MODEL_NPARAMS; i++)
		keys[i] = params[i].key;
	return args_closest(key, keys, MODEL_NPARAMS);
}

static int64_t *scalar_of(struct model_params *p, const struct model_param_def *def)
{
	return (int64_t *)(void *)((char *)p + def->offset);
}

static const int64_t *scalar_of_const(const struct model_params *p,
				      const struct model_param_def *def)
{
	return (const int64_t *)(const void *)((const char *)p + def->offset);
}

/* ---- formatting ------------------------------------------------------- */

/* Hundredths as "1.234,50" (german) or "1234.50": the amount formats
 * without their currency sign. */
static void format_hundredths(int64_t value, int german, char buf[MODEL_VALUE_BUF])
{
	char money[MONEY_BUF];
	char *euro;

	if (german)
		money_format_de(value, money);
	else
		money_format_plain(value, money);
	euro = strstr(money, " \xE2\x82\xAC");
	if (euro)
		*euro = '\0';
	snprintf(buf, MODEL_VALUE_BUF, "%s", money);
}

/* A value held MODEL_FINE times finer than hundredths (µ€, µdays): as
 * hundredths when it has no finer digits, else with all six decimals
 * ("23.177,512345"), which the parser takes back as they are. */
static void format_fine(int64_t value, int german, char buf[MODEL_VALUE_BUF])
{
	char base[MODEL_VALUE_BUF];

	format_hundredths(value / MODEL_FINE, german, base);
	if (value % MODEL_FINE == 0)
		snprintf(buf, MODEL_VALUE_BUF, "%s", base);
	else
		snprintf(buf, MODEL_VALUE_BUF, "%.60s%04lld", base,
			 (long long)(value % MODEL_FINE));
}

/* Basis points as a short percentage: 8500 -> "85", 8550 -> "85,5". */
static void format_short_percent(int64_t bp, int german, char *buf, size_t size)
{
	char sep = german ? ',' : '.';

	if (bp % 100 == 0)
		snprintf(buf, size, "%lld", (long long)(bp / 100));
	else if (bp % 10 == 0)
		snprintf(buf, size, "%lld%c%lld", (long long)(bp / 100), sep,
			 (long long)(bp % 100 / 10));
	else
		snprintf(buf, size, "%lld%c%02lld", (long long)(bp / 100), sep,
			 (long long)(bp % 100));
}

/* A share in pct: whole basis points as always ("46,00 %", plain "46.00");
 * a finer value with as many decimals as it has, up to six ("9,771234 %").
 * The plain form keeps the sign for 0 < value <= 1 %, which a bare number
 * would make ambiguous. */
static void format_pct(int64_t value, int german, char buf[MODEL_VALUE_BUF])
{
	char rate[RATE_BUF], digits[8];
	int64_t whole = value / (MODEL_PCT_ONE / 100), frac = value % (MODEL_PCT_ONE / 100);
	int keep = 6;

	if (value % MODEL_BP == 0) {
		if (german)
			rate_format_de((int)(value / MODEL_BP), rate);
		else
			rate_format_plain((int)(value / MODEL_BP), rate);
		snprintf(buf, MODEL_VALUE_BUF, "%s%s", rate,
			 !german && value > 0 && value <= PERCENT(1) ? " %" : "");
		return;
	}
	snprintf(digits, sizeof(digits), "%06lld", (long long)frac);
	while (keep > 2 && digits[keep - 1] == '0')
		keep--;
	snprintf(buf, MODEL_VALUE_BUF, "%lld%c%.*s%s", (long long)whole, german ? ',' : '.', keep,
		 digits, german || value <= PERCENT(1) ? " %" : "");
}

static void format_mix(const int64_t mix[MODEL_NLEVELS], int german, char buf[MODEL_VALUE_BUF])
{
	size_t used = 0;

	buf[0] = '\0';
	for (int l = 0; l < MODEL_NLEVELS; l++) {
		char pct[24];

		format_short_percent(mix[l], german, pct, sizeof(pct));
		used += (size_t)snprintf(buf + used, MODEL_VALUE_BUF - used, "%s%s:%s",
					 l ? (german ? ";" : ",") : "",
					 model_level_name((enum model_level)l), pct);
		if (used >= MODEL_VALUE_BUF)
			return;
	}
}

static void format_scalar(const struct model_param_def *def, int64_t value, int german,
			  char buf[MODEL_VALUE_BUF])
{
	switch (def->kind) {
	case MODEL_KIND_COUNT:
		snprintf(buf, MODEL_VALUE_BUF, "%lld", (long long)value);
		return;
	case MODEL_KIND_DECIMAL:
		format_hundredths(value, german, buf);
		return;
	case MODEL_KIND_DAYS:
	case MODEL_KIND_MONEY:
		format_fine(value, german, buf);
		return;
	case MODEL_KIND_SHARE:
		if (value < 0) {
			snprintf(buf, MODEL_VALUE_BUF, "%s", german ? "wie Mix" : "mix");
			return;
		}
		format_pct(value, german, buf);
		return;
	case MODEL_KIND_PERCENT:
		format_pct(value, german, buf);
		return;
	case MODEL_KIND_YESNO:
		snprintf(buf, MODEL_VALUE_BUF, "%s",
			 value ? (german ? "ja" : "yes") : (german ? "nein" : "no"));
		return;
	case MODEL_KIND_MIX:
		break;
	}
	buf[0] = '\0';
}

/* sustained-mix = chain: sustained financing by the chain's partners. */
static int is_same_as_chain(const struct model_params *p, const struct model_param_def *def)
{
	return def->offset == FIELD(sustained_mix) && p->sustained_same;
}

void model_param_format(const struct model_params *p, const struct model_param_def *def,
			int german, char buf[MODEL_VALUE_BUF])
{
	if (is_same_as_chain(p, def))
		snprintf(buf, MODEL_VALUE_BUF, "%s", german ? "wie Projektkette" : "chain");
	else if (def->kind == MODEL_KIND_MIX)
		format_mix(scalar_of_const(p, def), german, buf);
	else
		format_scalar(def, *scalar_of_const(p, def), german, buf);
}

void model_param_range(const struct model_param_def *def, int german, char buf[MODEL_VALUE_BUF])
{
	char lo[MODEL_VALUE_BUF], hi[MODEL_VALUE_BUF];

	switch (def->kind) {
	case MODEL_KIND_YESNO:
		snprintf(buf, MODEL_VALUE_BUF, "%s", german ? "ja/nein" : "yes/no");
		return;
	case MODEL_KIND_MIX:
		snprintf(buf, MODEL_VALUE_BUF, "%s",
			 def->offset == FIELD(sustained_mix)
				 ? (german ? "chain oder Summe 100 %" : "chain or sum 100 %")
				 : (german ? "Summe 100 %" : "sum 100 %"));
		return;
	case MODEL_KIND_COUNT:
	case MODEL_KIND_DECIMAL:
	case MODEL_KIND_DAYS:
	case MODEL_KIND_MONEY:
	case MODEL_KIND_PERCENT:
	case MODEL_KIND_SHARE:
		break;
	}
	format_scalar(def, def->min, german, lo);
	format_scalar(def, def->max, german, hi);
	snprintf(buf, MODEL_VALUE_BUF, "%.40s %s %.40s", lo, german ? "bis" : "to", hi);
}

void model_param_span(const struct model_param_def *def, int german, char *buf, size_t size)
{
	char lo[MODEL_VALUE_BUF], hi[MODEL_VALUE_BUF];

	if (def->kind == MODEL_KIND_MIX || def->lo >= def->hi) {
		snprintf(buf, size, "–");
		return;
	}
	format_scalar(def, def->lo, german, lo);
	format_scalar(def, def->hi, german, hi);
	snprintf(buf, size, "%s %s %s", lo, german ? "bis" : "to", hi);
}

/* ---- parsing ---------------------------------------------------------- */

static int out_of_range(const struct model_param_def *def, const char *value,
			struct ft_error *err)
{
	char lo[MODEL_VALUE_BUF], hi[MODEL_VALUE_BUF];

	format_scalar(def, def->min, 1, lo);
	format_scalar(def, def->max, 1, hi);
	return ft_fail(err, "invalid %s '%s': expected %s to %s (%s)", def->key, value, lo, hi,
		       def->unit);
}

static int check_range(const struct model_param_def *def, int64_t v, const char *value,
		       struct ft_error *err)
{
	if (v < def->min || v > def->max)
		return out_of_range(def, value, err);
	return 0;
}

/* A plain decimal number: digits with '.' or ',' separators and spaces,
 * nothing else (no currency sign on person-days or FTE). */
static int is_plain_number(const char *value)
{
	return value[0] != '\0' && strspn(value, "0123456789., \t") == strlen(value);
}

/* A value with four to six decimals ("23.177,512345", as a break-even
 * prints it) in hundredths times MODEL_FINE: the text up to the second
 * decimal is read as an amount (thousands separators and all), the rest
 * are the finer digits. Three decimals stay refused: "65.000" may mean
 * 65 or 65000. 0 on success. */
static int parse_fine(const char *value, int64_t *out)
{
	const char *sep = NULL, *p;
	char head[64];
	int64_t hundredths, fine = 0;
	size_t decimals;
	struct ft_error why;

	for (p = value; *p; p++)
		if (*p == ',' || *p == '.')
			sep = p;
	if (!sep)
		return -1;
	decimals = strspn(sep + 1, "0123456789");
	if (decimals < 4 || decimals > 6 || sep[1 + decimals] != '\0' ||
	    (size_t)(sep - value) + 3 >= sizeof(head))
		return -1;
	memcpy(head, value, (size_t)(sep - value) + 3);
	head[sep - value + 3] = '\0';
	if (money_parse(head, MONEY_NON_NEGATIVE, &hundredths, &why))
		return -1;
	for (size_t i = 2; i < 6; i++)
		fine = fine * 10 + (i < decimals ? sep[1 + i] - '0' : 0);
	if (hundredths > INT64_MAX / MODEL_FINE - 1)
		return -1;
	*out = hundredths * MODEL_FINE + fine;
	return 0;
}

static int parse_hundredths(const struct model_param_def *def, const char *value, int64_t *out,
			    struct ft_error *err)
{
	struct ft_error why;
	int64_t scale = def->kind == MODEL_KIND_DECIMAL ? 1 : MODEL_FINE;

	if (def->kind != MODEL_KIND_MONEY && !is_plain_number(value))
		return ft_fail(err, "invalid %s '%s': expected a number like 2,5 (%s)", def->key,
			       value, def->unit);
	if (money_parse(value, MONEY_NON_NEGATIVE, out, &why) == 0) {
		if (*out > INT64_MAX / scale)
			return out_of_range(def, value, err);
		*out *= scale;
	} else if (scale == 1 || parse_fine(value, out)) {
		if (def->kind == MODEL_KIND_MONEY)
			return ft_fail(err, "%s: %s", def->key, why.msg);
		return ft_fail(err, "invalid %s '%s': expected a number like 2,5 with at most "
			       "two decimals%s (%s)", def->key, value,
			       scale == 1 ? "" : " (or four to six)", def->unit);
	}
	return check_range(def, *out, value, err);
}

/* A percentage with three to six decimals ("9,771234 %", as a break-even
 * prints it) in pct; -1 when value is not one. */
static int64_t parse_fine_percent(const char *value)
{
	const char *p = value;
	int64_t whole = 0, frac = 0;
	int digits = 0, decimals = 0;

	while (*p == ' ')
		p++;
	for (; *p >= '0' && *p <= '9' && digits < 4; p++, digits++)
		whole = whole * 10 + (*p - '0');
	if (digits == 0 || (*p != ',' && *p != '.'))
		return -1;
	for (p++; *p >= '0' && *p <= '9' && decimals < 6; p++, decimals++)
		frac = frac * 10 + (*p - '0');
	if (decimals < 3 || (*p >= '0' && *p <= '9'))
		return -1;
	for (; decimals < 6; decimals++)
		frac *= 10;
	while (*p == ' ')
		p++;
	if (*p == '%')
		p++;
	while (*p == ' ')
		p++;
	if (*p != '\0' || whole > 100 || (whole == 100 && frac > 0))
		return -1;
	return whole * (MODEL_PCT_ONE / 100) + frac;
}

/* A percentage. A bare value above 0 and up to 1 ("0.46", "1") is refused
 * as ambiguous: it may be meant as a probability (46 %) or as a
 * percentage (0.46 %); with a '%' sign it is taken as a percentage. */
static int parse_percent(const struct model_param_def *def, const char *value, int64_t *out,
			 struct ft_error *err)
{
	struct ft_error why;
	int bp;

	if (rate_parse(value, &bp, &why) == 0)
		*out = bp * MODEL_BP;
	else if ((*out = parse_fine_percent(value)) < 0)
		return ft_fail(err, "invalid %s '%s': expected a percentage like 46 or 12,5 %% "
			       "(at most six decimals)", def->key, value);
	if (*out > 0 && *out <= PERCENT(1) && !strchr(value, '%'))
		return ft_fail(err, "invalid %s '%s': ambiguous - write percentages as 46 for "
			       "46 %%, or with the sign ('%s %%') if you mean %s %%",
			       def->key, value, value, value);
	return check_range(def, *out, value, err);
}

static int parse_yesno(const struct model_param_def *def, const char *value, int64_t *out,
		       struct ft_error *err)
{
	static const char *const yes[] = { "yes", "ja", "true", "1" };
	static const char *const no[] = { "no", "nein", "false", "0" };

	for (size_t i = 0; i < 4; i++) {
		if (strcmp(value, yes[i]) == 0) {
			*out = 1;
			return 0;
		}
		if (strcmp(value, no[i]) == 0) {
			*out = 0;
			return 0;
		}
	}
	return ft_fail(err, "invalid %s '%s': expected yes or no", def->key, value);
}

static int level_of(const char *name, size_t len)
{
	static const char *const names[][2] = {
		{ "eu", "eu" },
		{ "federal", "bund" },
		{ "state", "land" },
		{ "municipal", "kommune" },
	};

	for (int l = 0; l < MODEL_NLEVELS; l++)
		for (int k = 0; k < 2; k++)
			if (strlen(names[l][k]) == len && strncmp(names[l][k], name, len) == 0)
				return l;
	return -1;
}

static int mix_error(const struct model_param_def *def, const char *value, const char *why,
		     struct ft_error *err)
{
	return ft_fail(err, "invalid %s '%s': %s - expected shares per level like "
		       "eu:85,federal:10,state:0,municipal:5 (or with decimal commas "
		       "eu:85,5;federal:9,5;state:0;municipal:5)", def->key, value, why);
}

/* One "level:percent" entry of a mix. */
static int parse_mix_entry(const struct model_param_def *def, const char *value,
			   const char *entry, size_t len, int64_t mix[MODEL_NLEVELS],
			   int seen[MODEL_NLEVELS], struct ft_error *err)
{
	char text[64], reason[FT_ERROR_MSG_MAX];
	const char *colon;
	struct ft_error why;
	int level, bp;

	while (len > 0 && (*entry == ' ' || *entry == '\t'))
		entry++, len--;
	if (len == 0 || len >= sizeof(text))
		return mix_error(def, value, "an empty or overlong entry", err);
	memcpy(text, entry, len);
	text[len] = '\0';
	colon = strchr(text, ':');
	if (!colon)
		return mix_error(def, value, "an entry without ':'", err);
	level = level_of(text, (size_t)(colon - text));
	if (level < 0) {
		snprintf(reason, sizeof(reason), "unknown level '%.*s'", (int)(colon - text), text);
		return mix_error(def, value, reason, err);
	}
	if (seen[level]) {
		snprintf(reason, sizeof(reason), "level '%s' given twice",
			 model_level_name((enum model_level)level));
		return mix_error(def, value, reason, err);
	}
	if (rate_parse(colon + 1, &bp, &why)) {
		snprintf(reason, sizeof(reason), "share '%s' is not a percentage from 0 to 100",
			 colon + 1);
		return mix_error(def, value, reason, err);
	}
	seen[level] = 1;
	mix[level] = bp;
	return 0;
}

/* Entries are separated by ','; when the text holds a ';', entries are
 * separated by ';' and a ',' is a decimal comma. Missing levels are 0. */
static int parse_mix(const struct model_param_def *def, const char *value,
		     int64_t out[MODEL_NLEVELS], struct ft_error *err)
{
	char sep = strchr(value, ';') ? ';' : ',';
	int64_t mix[MODEL_NLEVELS] = { 0 }, sum = 0;
	int seen[MODEL_NLEVELS] = { 0 };
	const char *p = value;

	for (;;) {
		const char *end = strchr(p, sep);
		size_t len = end ? (size_t)(end - p) : strlen(p);

		if (parse_mix_entry(def, value, p, len, mix, seen, err))
			return -1;
		if (!end)
			break;
		p = end + 1;
	}
	for (int l = 0; l < MODEL_NLEVELS; l++)
		sum += mix[l];
	if (sum != 10000) {
		char total[24], reason[64];

		format_short_percent(sum, 0, total, sizeof(total));
		snprintf(reason, sizeof(reason), "the shares sum to %s %%, not 100 %%", total);
		return mix_error(def, value, reason, err);
	}
	memcpy(out, mix, sizeof(mix));
	return 0;
}

int model_param_parse(struct model_params *p, const struct model_param_def *def,
		      const char *value, struct ft_error *err)
{
	int64_t v = 0;
	int rc = -1;

	switch (def->kind) {
	case MODEL_KIND_COUNT:
		rc = parse_count(value, def->key, def->min, def->max, &v, err);
		break;
	case MODEL_KIND_DECIMAL:
	case MODEL_KIND_DAYS:
	case MODEL_KIND_MONEY:
		rc = parse_hundredths(def, value, &v, err);
		break;
	case MODEL_KIND_PERCENT:
		rc = parse_percent(def, value, &v, err);
		break;
	case MODEL_KIND_SHARE:
		if (strcmp(value, "mix") == 0 || strcmp(value, "wie Mix") == 0) {
			v = -1;
			rc = 0;
		} else {
			rc = parse_percent(def, value, &v, err);
		}
		break;
	case MODEL_KIND_YESNO:
		rc = parse_yesno(def, value, &v, err);
		break;
	case MODEL_KIND_MIX:
		if (def->offset == FIELD(sustained_mix)) {
			if (strcmp(value, "chain") == 0 || strcmp(value, "kette") == 0 ||
			    strcmp(value, "wie Projektkette") == 0) {
				p->sustained_same = 1;
				return 0;
			}
			if (parse_mix(def, value, scalar_of(p, def), err))
				return -1;
			p->sustained_same = 0;
			return 0;
		}
		return parse_mix(def, value, scalar_of(p, def), err);
	}
	if (rc == 0)
		*scalar_of(p, def) = v;
	return rc;
}

int model_param_is_numeric(const struct model_param_def *def)
{
	return def->kind != MODEL_KIND_MIX && def->kind != MODEL_KIND_SHARE;
}

int64_t model_param_get(const struct model_params *p, const struct model_param_def *def)
{
	return *scalar_of_const(p, def);
}

void model_param_set(struct model_params *p, const struct model_param_def *def, int64_t v)
{
	*scalar_of(p, def) = v;
}

void model_params_default(struct model_params *p)
{
	memset(p, 0, sizeof(*p));
	/* The defaults are tested to parse; a broken one would be caught by
	 * model_params_check before any run. */
	for (size_t i = 0; i < MODEL_NPARAMS; i++)
		(void)model_param_parse(p, &params[i], params[i].def, NULL);
}

static int check_mix(const struct model_param_def *def, const int64_t *mix,
		     struct ft_error *err)
{
	int64_t sum = 0;

	for (int l = 0; l < MODEL_NLEVELS; l++) {
		if (mix[l] < 0 || mix[l] > 10000)
			return ft_fail(err, "parameter %s: a share outside 0 to 100 %%", def->key);
		sum += mix[l];
	}
	if (sum != 10000)
		return ft_fail(err, "parameter %s: the shares do not sum to 100 %%", def->key);
	return 0;
}

int model_params_check(const struct model_params *p, struct ft_error *err)
{
	for (size_t i = 0; i < MODEL_NPARAMS; i++) {
		const struct model_param_def *def = &params[i];
		char value[MODEL_VALUE_BUF];

		if (def->kind == MODEL_KIND_MIX) {
			if (!is_same_as_chain(p, def) && check_mix(def, scalar_of_const(p, def), err))
				return -1;
			continue;
		}
		if (def->kind == MODEL_KIND_SHARE && *scalar_of_const(p, def) == -1)
			continue;
		if (*scalar_of_const(p, def) < def->min || *scalar_of_const(p, def) > def->max) {
			snprintf(value, sizeof(value), "%lld", (long long)*scalar_of_const(p, def));
			return out_of_range(def, value, err);
		}
	}
	return 0;
}

/* ---- a parameter set with origins ------------------------------------- */

const char *model_origin_label(enum model_origin origin, int english)
{
	switch (origin) {
	case MODEL_FROM_CHAIN:
		return english ? "recorded chain" : "Daten der Kette";
	case MODEL_FROM_SCENARIO:
		return english ? "scenario file" : "Szenario-Datei";
	case MODEL_FROM_SET:
		return "--set";
	case MODEL_FROM_DEFAULT:
		break;
	}
	return english ? "default" : "Vorgabe";
}

void model_setup_init(struct model_setup *s)
{
	memset(s, 0, sizeof(*s));
	model_params_default(&s->p);
}

/* Trims blanks at both ends in place. */
static char *trim(char *s)
{
	char *end;

	while (*s == ' ' || *s == '\t')
		s++;
	end = s + strlen(s);
	while (end > s && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'))
		*--end = '\0';
	return s;
}

static int unknown_key(const char *key, struct ft_error *err)
{
	const char *guess = model_param_closest(key);

	if (guess)
		return ft_fail(err, "unknown parameter '%s' (did you mean '%s'?)", key, guess);
	return ft_fail(err, "unknown parameter '%s' (see 'fundtrack model --params')", key);
}

/* Splits "KEY=VALUE" in buf; returns the parameter or NULL with err. */
static const struct model_param_def *split_assignment(char *buf, char **value,
						      struct ft_error *err)
{
	char *eq = strchr(buf, '=');
	const struct model_param_def *def;
	char *key;

	if (!eq) {
		ft_fail(err, "expected KEY = VALUE, got '%s'", trim(buf));
		return NULL;
	}
	*eq = '\0';
	key = trim(buf);
	*value = trim(eq + 1);
	def = model_param_find(key);
	if (!def) {
		unknown_key(key, err);
		return NULL;
	}
	if (**value == '\0') {
		ft_fail(err, "parameter '%s' needs a value", key);
		return NULL;
	}
	return def;
}

int model_setup_assign(struct model_setup *s, const char *assignment, enum model_origin origin,
		       struct ft_error *err)
{
	char buf[1024];
	const struct model_param_def *def;
	char *value;

	if (strlen(assignment) >= sizeof(buf)) {
		ft_fail(err, "parameter assignment too long: '%.40s...'", assignment);
		return -2;
	}
	snprintf(buf, sizeof(buf), "%s", assignment);
	def = split_assignment(buf, &value, err);
	if (!def)
		return -2;
	if (model_param_parse(&s->p, def, value, err))
		return -1;
	s->origin[def - params] = origin;
	s->note[def - params][0] = '\0';
	return 0;
}

/* Prefixes err with "path:line: ". */
static int at_line(const char *path, int line, struct ft_error *err)
{
	char reason[FT_ERROR_MSG_MAX];

	snprintf(reason, sizeof(reason), "%s", err->msg);
	return ft_fail(err, "%s:%d: %s", path, line, reason);
}

static int load_line(struct model_setup *s, char *text, int seen[MODEL_NPARAMS], int line,
		     struct ft_error *err)
{
	char *hash = strchr(text, '#');
	const struct model_param_def *def;
	char *value;
	size_t id;

	if (hash)
		*hash = '\0';
	if (*trim(text) == '\0')
		return 0;
	def = split_assignment(text, &value, err);
	if (!def)
		return -1;
	id = (size_t)(def - params);
	if (seen[id])
		return ft_fail(err, "'%s' is already set on line %d", def->key, seen[id]);
	if (model_param_parse(&s->p, def, value, err))
		return -1;
	seen[id] = line;
	s->origin[id] = MODEL_FROM_SCENARIO;
	s->note[id][0] = '\0';
	return 0;
}

/* A scenario is a few dozen short lines; anything much larger is not one. */
enum { SCENARIO_MAX_BYTES = 1 << 20 };

/* The scenario file, opened only when it is a regular file of sensible
 * size (a fifo or /dev/zero would block or never end). */
static FILE *open_scenario(const char *path, struct ft_error *err)
{
	FILE *f = fopen(path, "r");
	struct stat sb;

	if (!f) {
		ft_fail(err, "cannot read scenario file '%s': %s", path, strerror(errno));
		return NULL;
	}
	if (fstat(fileno(f), &sb) != 0 || !S_ISREG(sb.st_mode))
		ft_fail(err, "cannot read scenario file '%s': not a regular file", path);
	else if (sb.st_size > SCENARIO_MAX_BYTES)
		ft_fail(err, "scenario file '%s' is larger than %d bytes: not a scenario", path,
			SCENARIO_MAX_BYTES);
	else
		return f;
	fclose(f);
	return NULL;
}

int model_setup_load_file(struct model_setup *s, const char *path, struct ft_error *err)
{
	struct model_setup work = *s;
	int seen[MODEL_NPARAMS] = { 0 };
	char text[1024];
	int line = 0, rc = 0;
	long before = 0;
	FILE *f = open_scenario(path, err);

	if (!f)
		return -1;
	while (rc == 0 && fgets(text, sizeof(text), f)) {
		size_t len = strlen(text);
		long after = ftell(f);

		line++;
		/* fgets reads past a NUL byte that strlen stops at */
		if (after >= 0 && (size_t)(after - before) != len) {
			rc = ft_fail(err, "a NUL byte: not a text file");
			break;
		}
		before = after;
		if (len == sizeof(text) - 1 && text[len - 1] != '\n' && !feof(f)) {
			rc = ft_fail(err, "line longer than %zu characters", sizeof(text) - 2);
			break;
		}
		if (len > 0 && text[len - 1] == '\n')
			text[len - 1] = '\0';
		/* Editors on Windows start a UTF-8 file with a byte order mark. */
		if (line == 1 && strncmp(text, "\xEF\xBB\xBF", 3) == 0)
			memmove(text, text + 3, strlen(text + 3) + 1);
		rc = load_line(&work, text, seen, line, err);
	}
	if (rc == 0 && ferror(f))
		rc = ft_fail(err, "cannot read scenario file '%s': %s", path, strerror(errno));
	else if (rc != 0)
		rc = at_line(path, line, err);
	fclose(f);
	if (rc == 0)
		*s = work;
	return rc;
}
