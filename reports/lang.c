/* lang.c - German and English words and formats of the reports. */
#include "lang.h"

#include <stdio.h>
#include <string.h>

int report_lang_parse(const char *name, enum report_lang *out)
{
	if (strcmp(name, "de") == 0)
		*out = LANG_DE;
	else if (strcmp(name, "en") == 0)
		*out = LANG_EN;
	else
		return -1;
	return 0;
}

static const char *const texts[T_NTEXTS][2] = {
#define REPORT_TEXT_ROW(id, de, en) [id] = { de, en },
	REPORT_TEXTS(REPORT_TEXT_ROW)
#undef REPORT_TEXT_ROW
};

const char *report_text(enum report_lang lang, enum report_text id)
{
	return texts[id][lang == LANG_EN];
}

struct code_name {
	const char *code, *de, *en;
};

static const char *lookup(const struct code_name *table, size_t n, enum report_lang lang,
			  const char *code)
{
	if (!code)
		return "";
	for (size_t i = 0; i < n; i++)
		if (strcmp(table[i].code, code) == 0)
			return lang == LANG_EN ? table[i].en : table[i].de;
	return code;
}

#define LOOKUP(table, lang, code) lookup(table, sizeof(table) / sizeof(table[0]), lang, code)

const char *report_level(enum report_lang lang, const char *code)
{
	static const struct code_name levels[] = {
		{ "eu", "EU", "EU" },
		{ "federal", "Bund", "Federal" },
		{ "state", "Land", "State" },
		{ "municipal", "Kommune", "Municipal" },
		{ "other-public", "Sonstige öffentliche Stelle", "Other public body" },
		{ "foundation", "Stiftung", "Foundation" },
	};
	return LOOKUP(levels, lang, code);
}

const char *const report_fields[] = { "housing",       "health",      "language",
				      "qualification", "social-work", NULL };

const char *report_field(enum report_lang lang, const char *code)
{
	static const struct code_name fields[] = {
		{ "housing", "Wohnen", "Housing" },
		{ "health", "Gesundheit", "Health" },
		{ "language", "Sprache", "Language" },
		{ "qualification", "Qualifizierung", "Qualification" },
		{ "social-work", "Soziale Arbeit", "Social work" },
	};
	return LOOKUP(fields, lang, code);
}

const char *report_grant_status(enum report_lang lang, const char *code)
{
	static const struct code_name statuses[] = {
		{ "applied", "beantragt", "applied" },
		{ "approved", "bewilligt", "approved" },
		{ "rejected", "abgelehnt", "rejected" },
		{ "running", "laufend", "running" },
		{ "proof-due", "Nachweis fällig", "proof due" },
		{ "closed", "abgeschlossen", "closed" },
		{ "revoked", "widerrufen", "revoked" },
	};
	return LOOKUP(statuses, lang, code);
}

const char *report_booking_kind(enum report_lang lang, const char *code)
{
	static const struct code_name kinds[] = {
		{ "drawdown", "Mittelabruf", "drawdown" },
		{ "expenditure", "Ausgabe", "expenditure" },
		{ "repayment", "Rückzahlung", "repayment" },
		{ "interest", "Zinsen", "interest" },
	};
	return LOOKUP(kinds, lang, code);
}

const char *report_deadline_kind(enum report_lang lang, const char *code)
{
	static const struct code_name kinds[] = {
		{ "period-end", "Ende des Bewilligungszeitraums", "end of the approval period" },
		{ "interim-proof", "Zwischennachweis", "interim proof of use" },
		{ "final-proof", "Verwendungsnachweis", "final proof of use" },
		{ "drawdown", "Verwendung abgerufener Mittel", "use of drawn funds" },
		{ "condition", "Auflage", "condition of the decision" },
	};
	return LOOKUP(kinds, lang, code);
}

const char *report_rule(enum report_lang lang, const char *rule_id)
{
	static const struct code_name rules[] = {
		{ "FT-IDLE-FUNDS", "Abgerufene Mittel nicht fristgerecht verwendet (Zinsrisiko)",
		  "Drawn funds not used in time (interest risk)" },
		{ "FT-SPEND-OUTSIDE-PERIOD", "Ausgabe außerhalb des Bewilligungszeitraums",
		  "Expenditure outside the approval period" },
		{ "FT-OVER-CAP", "Abruf oder Ausgaben über der Bewilligung",
		  "Drawdowns or spending above the approved amount" },
		{ "FT-ALLOC-MISMATCH", "Jahresraten passen nicht zur Bewilligung",
		  "Yearly allocations do not match the approved amount" },
		{ "FT-RATE-ABOVE-PROGRAMME", "Förderquote über der Quote des Programms",
		  "Funding rate above the programme's rate" },
		{ "FT-PROJECT-OVERFUNDED", "Bewilligungen über den Projektkosten",
		  "Approved grants above the project's costs" },
		{ "FT-PROOF-DUE", "Verwendungsnachweis bald fällig", "Final proof of use due soon" },
		{ "FT-PROOF-OVERDUE", "Verwendungsnachweis überfällig", "Final proof of use overdue" },
		{ "FT-INTERIM-PROOF-DUE", "Zwischennachweis fällig", "Interim proof of use due" },
		{ "FT-STATUS-STALE", "Status nach Ende des Bewilligungszeitraums nicht fortgeschrieben",
		  "Status not updated after the approval period ended" },
		{ "FT-GAP-RISK", "Förderung endet bald, kein bewilligtes Anschlussprojekt",
		  "Funding ends soon with no approved follow-up" },
		{ "FT-CHAIN-GAP", "Lücke zwischen zwei Projekten einer Kette",
		  "Gap between two projects of a chain" },
		{ "FT-CONDITION-OVERDUE", "Auflage überfällig", "Condition of the decision overdue" },
		{ "FT-CONDITION-DUE", "Auflage bald fällig", "Condition of the decision due soon" },
		{ "FT-STATUS-SUGGESTED", "Status laut Daten fortschreiben",
		  "Status to update according to the dates" },
		/* the rules added with the financing plan, the settlement and the
		 * rule catalogue: without a title here the German report showed
		 * the core's English sentence (visual pass of issue 18) */
		{ "FT-AMOUNT-RANGE", "Betrag außerhalb des zulässigen Bereichs",
		  "Amount outside the permitted range" },
		{ "FT-SPENT-ABOVE-DRAWN", "Mehr verausgabt als abgerufen",
		  "Spent more than drawn down" },
		{ "FT-ALLOC-ABOVE-APPROVED", "Jahresraten über der Bewilligung",
		  "Yearly allocations above the approved amount" },
		{ "FT-SERVICE-DATE-MISSING", "Ausgabe nach dem Bewilligungszeitraum ohne Leistungsdatum",
		  "Expenditure after the approval period without a service date" },
		{ "FT-SPENT-ABOVE-GRANT", "Ausgaben über der Bewilligung, aus Eigenmitteln gedeckt",
		  "Spending above the approved amount, covered by own funds" },
		{ "FT-BASE-RATE-MISSING", "Basiszinssatz fehlt, Zinsschätzung unvollständig",
		  "Base rate missing, interest estimate incomplete" },
		{ "FT-DRAWN-ABOVE-ALLOCATION", "Abruf über der Jahresrate",
		  "Drawn above the year's allocation" },
		{ "FT-DRAWN-AHEAD-OF-COVER",
		  "Zuwendung vor den anderen Deckungsmitteln abgerufen (ANBest-P Nr. 1.4)",
		  "Grant drawn ahead of the other means of cover (ANBest-P no. 1.4)" },
		{ "FT-ALLOCATION-UNDRAWN", "Jahresrate nicht vollständig abgerufen",
		  "Yearly allocation not fully drawn" },
		{ "FT-PLAN-LINE-OVERRUN",
		  "Kostenposition des Finanzierungsplans um mehr als 20 % überschritten (ANBest-P Nr. 1.2)",
		  "Cost line of the financing plan overrun by more than 20 % (ANBest-P no. 1.2)" },
	};
	for (size_t i = 0; i < sizeof(rules) / sizeof(rules[0]); i++)
		if (strcmp(rules[i].code, rule_id) == 0)
			return lang == LANG_EN ? rules[i].en : rules[i].de;
	return NULL;
}

/* German "1.234,56" -> English "1,234.56": the separators trade places. */
static void swap_separators(char *s)
{
	for (; *s; s++)
		if (*s == '.')
			*s = ',';
		else if (*s == ',')
			*s = '.';
}

void report_money(enum report_lang lang, int64_t cents, char buf[MONEY_BUF])
{
	money_format_de(cents, buf);
	if (lang == LANG_EN)
		swap_separators(buf);
}

void report_date(enum report_lang lang, const char *iso, char buf[DATE_BUF])
{
	if (lang == LANG_EN)
		snprintf(buf, DATE_BUF, "%s", iso ? iso : "");
	else
		date_format_de(iso, buf);
}

void report_rate(enum report_lang lang, int bp, char buf[RATE_BUF])
{
	rate_format_de(bp, buf);
	if (lang == LANG_EN)
		swap_separators(buf);
}

void report_int(enum report_lang lang, int64_t n, char buf[REPORT_NUM_BUF])
{
	char digits[32];
	uint64_t magnitude = n < 0 ? (uint64_t)0 - (uint64_t)n : (uint64_t)n;
	size_t len, o = 0;

	snprintf(digits, sizeof(digits), "%llu", (unsigned long long)magnitude);
	len = strlen(digits);
	if (n < 0)
		buf[o++] = '-';
	for (size_t i = 0; i < len; i++) {
		if (i > 0 && (len - i) % 3 == 0)
			buf[o++] = lang == LANG_EN ? ',' : '.';
		buf[o++] = digits[i];
	}
	buf[o] = '\0';
}

void report_decimal(enum report_lang lang, int64_t hundredths, char buf[MONEY_BUF])
{
	char *euro;

	report_money(lang, hundredths, buf);
	euro = strstr(buf, " \xE2\x82\xAC");
	if (euro)
		*euro = '\0';
}

static const char *const nouns[N_NOUNS][2][2] = {
	/* { { German singular, plural }, { English singular, plural } } */
	[N_DAY] = { { "Tag", "Tage" }, { "day", "days" } },
	[N_DAY_DATIVE] = { { "Tag", "Tagen" }, { "day", "days" } },
	[N_ERROR] = { { "Fehler", "Fehler" }, { "error", "errors" } },
	[N_WARNING] = { { "Warnung", "Warnungen" }, { "warning", "warnings" } },
	[N_FINDING] = { { "Befund", "Befunde" }, { "finding", "findings" } },
	[N_DEADLINE] = { { "Frist", "Fristen" }, { "deadline", "deadlines" } },
	[N_PROJECT] = { { "Projekt", "Projekte" }, { "project", "projects" } },
	[N_GRANT] = { { "Bescheid", "Bescheide" }, { "grant", "grants" } },
	[N_LINK] = { { "Glied", "Glieder" }, { "link", "links" } },
	[N_GAP] = { { "Lücke", "Lücken" }, { "gap", "gaps" } },
	[N_MONTH] = { { "Monat", "Monate" }, { "month", "months" } },
	[N_YEAR] = { { "Jahr", "Jahre" }, { "year", "years" } },
	[N_CITY] = { { "Stadt", "Städte" }, { "city", "cities" } },
};

const char *report_noun(enum report_lang lang, enum report_noun noun, int64_t n)
{
	return nouns[noun][lang == LANG_EN][n != 1 && n != -1];
}

const char *report_count(enum report_lang lang, int64_t n, enum report_noun noun,
			 char buf[REPORT_COUNT_BUF])
{
	char num[REPORT_NUM_BUF];

	report_int(lang, n, num);
	snprintf(buf, REPORT_COUNT_BUF, "%s %s", num, report_noun(lang, noun, n));
	return buf;
}

const char *report_due(enum report_lang lang, int64_t days_left, char buf[REPORT_COUNT_BUF])
{
	char count[REPORT_COUNT_BUF];
	int64_t days = days_left < 0 ? -days_left : days_left;

	report_count(lang, days, N_DAY_DATIVE, count);
	if (days_left == 0)
		snprintf(buf, REPORT_COUNT_BUF, "%s", lang == LANG_EN ? "due today" : "heute fällig");
	else if (days_left > 0)
		snprintf(buf, REPORT_COUNT_BUF, lang == LANG_EN ? "due in %s" : "in %s fällig", count);
	else
		snprintf(buf, REPORT_COUNT_BUF, lang == LANG_EN ? "%s overdue" : "seit %s überfällig",
			 count);
	return buf;
}
