/* lang.h - the words and number formats of the PDF reports, German by
 * default and English with --lang en.
 *
 * German reports use the formats of the rest of fundtrack (money.h,
 * date.h): "1.234,56 €", "31.12.2025", "85,00 %". English reports use
 * "1,234.56 €", ISO dates "2025-12-31" and "85.00 %".
 */
#ifndef FT_LANG_H
#define FT_LANG_H

#include <stddef.h>
#include <stdint.h>

#include "date.h"
#include "money.h"

enum report_lang { LANG_DE, LANG_EN };

/* "de" or "en"; returns -1 for anything else. */
int report_lang_parse(const char *name, enum report_lang *out);

/* The texts: X(id, German, English). */
#define REPORT_TEXTS(X)                                                                   \
	X(T_PAGE, "Seite", "Page")                                                        \
	X(T_OF, "von", "of")                                                              \
	X(T_CONTINUED, "(Fortsetzung)", "(continued)")                                    \
	X(T_AUTHOR, "fundtrack", "fundtrack")                                             \
	X(T_AS_OF, "Stand", "As of")                                                      \
	X(T_FISCAL_YEAR, "Haushaltsjahr", "Fiscal year")                                  \
	X(T_ALL_YEARS, "alle Jahre", "all years")                                         \
	X(T_CITY, "Stadt", "City")                                                        \
	X(T_STATUS_TITLE, "Statusbericht Fördermittel", "Grant funding status report")    \
	X(T_STATUS_SUBJECT, "Fördermittel, Finanzierungspläne, Fristen und Befunde",      \
	  "Grant funding, financing plans, deadlines and findings")                     \
	X(T_NETWORK_TITLE, "Städtevergleich Förderung", "City network comparison")        \
	X(T_NETWORK_SUBJECT,                                                              \
	  "Vergleich der Förderung der Städte im Netzwerk des Deutschen Städtetages",     \
	  "Comparison of the funding of the cities in the Deutscher Städtetag network")   \
	X(T_PROJECT_TITLE, "Projektbericht", "Project report")                            \
	X(T_PROJECT_SUBJECT, "Stammdaten, Finanzierungsplan, Buchungen und Projektkette", \
	  "Master data, financing plan, bookings and project chain")                    \
	X(T_KEY_FIGURES, "Kennzahlen", "Key figures")                                     \
	X(T_FIGURE, "Kennzahl", "Figure")                                                 \
	X(T_CHANGE, "Veränderung", "Change")                                              \
	X(T_APPROVED, "Bewilligt", "Approved")                                            \
	X(T_ALLOCATED, "Jahresraten", "Allocations")                                      \
	X(T_DRAWN, "Abgerufen", "Drawn down")                                             \
	X(T_SPENT, "Verausgabt", "Spent")                                                 \
	X(T_REPAID, "Zurückgezahlt", "Repaid")                                            \
	X(T_OPEN, "Ausgezahlt, nicht verausgabt", "Paid out, not spent")                 \
	X(T_OPEN_SHORT, "Ausgezahlt, nicht verausgabt", "Paid out, not spent")           \
	X(T_REMAINING, "Noch nicht abgerufen", "Not yet drawn down")                     \
	X(T_OWN_SHARE, "Eigenanteil", "Own share")                                        \
	X(T_OWN_SHARE_PCT, "Eigenanteil in %", "Own share in %")                          \
	X(T_GRANTS, "Bescheide", "Grants")                                                \
	X(T_PROJECTS, "Projekte", "Projects")                                             \
	X(T_FUNDING_BY_YEAR, "Förderung je Haushaltsjahr nach Ebene",                     \
	  "Funding per fiscal year by level")                                             \
	X(T_FUNDING_BY_YEAR_NOTE,                                                         \
	  "Jahresraten der bewilligten Bescheide je Haushaltsjahr.",                      \
	  "Yearly allocations of the approved grants.")                                   \
	X(T_BY_FIELD, "Förderung nach Handlungsfeld", "Funding by field")                 \
	X(T_FIELD, "Handlungsfeld", "Field")                                              \
	X(T_SHARE, "Anteil", "Share")                                                     \
	X(T_LEVEL, "Ebene", "Level")                                                      \
	X(T_TOTAL, "Summe", "Total")                                                      \
	X(T_PROJECT, "Projekt", "Project")                                                \
	X(T_PROJECTS_TABLE, "Projekte und ihre Finanzierung",                             \
	  "Projects and their financing")                                                 \
	X(T_PROJECTS_NOTE,                                                                \
	  "Bewilligte Mittel je Ebene über die ganze Laufzeit; der Balken zeigt "         \
	  "verausgabt (dunkel) und abgerufen (mittel) im Verhältnis zur Bewilligung "     \
	  "(Rahmen).",                                                                    \
	  "Approved funding per level over the whole term; the bar shows spent (dark) "  \
	  "and drawn (medium) against the approved amount (outline).")                    \
	X(T_PROGRESS, "Abgerufen / verausgabt", "Drawn / spent")                                \
	X(T_DEADLINES, "Fristen der nächsten 90 Tage und überfällige",                 \
	  "Deadlines in the next 90 days and overdue ones")                              \
	X(T_DATE, "Datum", "Date")                                                        \
	X(T_DAYS_LEFT, "Tage", "Days")                                                    \
	X(T_DEADLINE, "Frist", "Deadline")                                                \
	X(T_GRANT, "Bescheid", "Grant")                                                   \
	X(T_REF, "Aktenzeichen", "Reference")                                                   \
	X(T_AMOUNT, "Betrag", "Amount")                                                   \
	X(T_NO_DEADLINES, "Keine Fristen in den nächsten 90 Tagen.",                      \
	  "No deadlines in the next 90 days.")                                            \
	X(T_FINDINGS, "Befunde der Prüfung", "Findings of the rule check")                \
	X(T_NO_FINDINGS, "Die Prüfung hat keine Befunde ergeben.",                        \
	  "The rule check found nothing.")                                                \
	X(T_FINDINGS_COUNT, "Fehler", "errors")                                           \
	X(T_WARNINGS_COUNT, "Warnungen", "warnings")                                      \
	X(T_SEVERITY, "Art", "Severity")                                                  \
	X(T_ERROR, "Fehler", "error")                                                     \
	X(T_WARNING, "Warnung", "warning")                                                \
	X(T_INFO, "Hinweis", "note")                                                      \
	X(T_OVERDUE_SINCE, "überfällig seit", "overdue by")                               \
	X(T_FINDING, "Befund", "Finding")                                                 \
	X(T_RULE, "Regel", "Rule")                                                        \
	X(T_COUNT, "Anzahl", "Count")                                                     \
	X(T_CHAINS, "Projektketten", "Project chains")                                    \
	X(T_CHAINS_NOTE,                                                                  \
	  "Jeder Balken ist ein Projekt der Kette; rot schraffiert sind die Tage ohne "   \
	  "Projekt zwischen zwei Gliedern (Lücken).",                                     \
	  "Each bar is a project of the chain; hatched red are the days without a "       \
	  "project between two links (gaps).")                                            \
	X(T_NO_CHAINS, "Keine Projektketten erfasst (Projekte mit Vorgänger oder Nachfolger).", \
	  "No project chains recorded (projects with a predecessor or successor).")       \
	X(T_CHAIN_TIMELINE, "Zeitleiste der Projektketten", "Timeline of the project chains") \
	X(T_GAP, "Lücke", "Gap")                                                          \
	X(T_GAPS, "Lücken", "Gaps")                                                       \
	X(T_GAP_DAYS, "Lückentage", "Gap days")                                           \
	X(T_DAYS, "Tage", "days")                                                         \
	X(T_TODAY, "heute", "today")                                                      \
	X(T_LINK, "Projekt", "Project")                                                   \
	X(T_EMPTY_DB,                                                                     \
	  "Für diesen Zeitraum sind keine bewilligten Fördermittel erfasst.",             \
	  "No approved funding is recorded for this period.")                             \
	X(T_NO_DATA, "Keine Daten.", "No data.")                                          \
	X(T_YEAR_BEFORE, "Vorjahr", "Year before")                                        \
	X(T_MASTER_DATA, "Stammdaten", "Master data")                                     \
	X(T_CODE, "Code", "Code")                                                         \
	X(T_TITLE, "Titel", "Title")                                                      \
	X(T_DISTRICT, "Sozialraum", "District")                                           \
	X(T_CARRIER, "Träger", "Carrier")                                                 \
	X(T_TARGET_GROUP, "Zielgruppe", "Target group")                                   \
	X(T_PERIOD, "Laufzeit", "Term")                                                   \
	X(T_COSTS, "Gesamtkosten", "Total costs")                                         \
	X(T_PREDECESSOR, "Vorgänger", "Predecessor")                                      \
	X(T_SUCCESSOR, "Nachfolger", "Successor")                                         \
	X(T_NONE, "–", "–")                                                               \
	X(T_FINANCING_PLAN, "Finanzierungsplan", "Financing plan")                        \
	X(T_PROGRAMME, "Programm", "Programme")                                           \
	X(T_FUNDER, "Fördermittelgeber", "Funder")                                        \
	X(T_RATE, "Quote", "Rate")                                                        \
	X(T_FROM, "Von", "From")                                                          \
	X(T_APPROVAL_PERIOD, "Bewilligungszeitraum", "Approval period")                  \
	X(T_TO, "Bis", "To")                                                              \
	X(T_STATUS, "Status", "Status")                                                   \
	X(T_APPLIED, "Beantragt", "Applied for")                                          \
	X(T_COSTS_COVERED, "Deckung der Gesamtkosten", "Share of total costs")            \
	X(T_THIRD_PARTY, "Fördermittel (ohne Eigenanteil)", "Grants (without own share)") \
	X(T_PLAN_BY_LEVEL, "Finanzierung nach Ebene", "Financing by level")               \
	X(T_PLAN_BY_YEAR, "Jahresraten nach Ebenen", "Allocations per year and level")  \
	X(T_YEAR, "Jahr", "Year")                                                         \
	X(T_BOOKINGS, "Buchungen", "Bookings")                                            \
	X(T_KIND, "Art", "Kind")                                                          \
	X(T_REFERENCE, "Beleg", "Reference")                                              \
	X(T_NOTE, "Vermerk", "Note")                                                      \
	X(T_NO_BOOKINGS, "Keine Buchungen erfasst.", "No bookings recorded.")             \
	X(T_REVERSAL, "Storno", "reversal")                                               \
	X(T_CHAIN, "Projektkette", "Project chain")                                       \
	X(T_CHAIN_SUMMARY, "Glieder", "links")                                            \
	X(T_COMPARISON, "Vergleich der Städte", "Comparison of the cities")               \
	X(T_INHABITANTS, "Einwohner", "Inhabitants")                                      \
	X(T_PER_INHABITANT, "je Einw.", "per inhabitant")                                 \
	X(T_FUNDING_TOTAL, "Gesamtfinanzierung", "Total financing")                       \
	X(T_CHAIN_SHARE, "Projekte in Ketten", "Projects in chains")                      \
	X(T_GAP_DAYS_PER_CHAIN, "Lückentage je Kette", "Gap days per chain")              \
	X(T_ENDING_NO_FOLLOW_UP, "Endet in 12 Mon. ohne Anschluss",                       \
	  "Ends within 12 months without follow-up")                                    \
	X(T_OWN_CITY, "eigene Stadt", "own city")                                         \
	X(T_LEVEL_MIX, "Finanzierung nach Ebene je Stadt", "Level mix per city")          \
	X(T_ENDING, "Auslaufende Förderung der nächsten Jahre",                           \
	  "Funding ending over the next years")                                           \
	X(T_ENDING_NOTE,                                                                  \
	  "Bewilligte Mittel nach dem Jahr, in dem der Bewilligungszeitraum endet.",      \
	  "Approved funding by the year its approval period ends.")                       \
	X(T_FIELDS, "Handlungsfelder", "Fields")                                          \
	X(T_LEVEL_SHARES, "Anteile der Ebenen an der Förderung",                          \
	  "Shares of the levels in the funding")                                          \
	X(T_ENDING_BY_YEAR, "Bewilligte Mittel nach Jahr des Endes",                      \
	  "Approved funding by the year it ends")                                         \
	X(T_FIELD_PAGE_NOTE,                                                              \
	  "Bewilligte Mittel je Handlungsfeld; darunter der Anteil des Feldes an der "   \
	  "Förderung der Stadt und der Eigenanteil der Kommune im Feld.",                 \
	  "Approved funding per field; below, the field's share of the city's funding "  \
	  "and the municipal own share in the field.")                                    \
	X(T_SHARE_OF_CITY, "Anteil an der Stadt", "Share of the city")                    \
	X(T_NETWORK_NOTE,                                                                 \
	  "Alle Städte der Datenbank: die eigene und die aus Austauschdateien "           \
	  "eingelesenen. Beträge: bewilligte Mittel der gezählten Bescheide.",            \
	  "All cities in the database: the own one and those imported from exchange "    \
	  "files. Amounts: approved funding of the counted grants.")                      \
	X(T_NETWORK_NOTE_YEAR,                                                            \
	  "Alle Städte der Datenbank: die eigene und die aus Austauschdateien "           \
	  "eingelesenen. Beträge: Jahresraten des gewählten Haushaltsjahres.",             \
	  "All cities in the database: the own one and those imported from exchange "    \
	  "files. Amounts: allocations of the chosen fiscal year.")                       \
	X(T_NO_CITIES, "Die Datenbank enthält keine Städte.",                             \
	  "The database holds no cities.")                                                \
	X(T_COVER_NOTE,                                                                   \
	  "Erstellt mit fundtrack aus den erfassten Bescheiden, Jahresraten und "         \
	  "Buchungen.",                                                                   \
	  "Made with fundtrack from the recorded grants, allocations and bookings.")      \
	X(T_CONTENTS, "Inhalt", "Contents")                                               \
	X(T_SUMMARY, "Auf einen Blick", "At a glance")                                    \
	X(T_KEYWORDS, "Fördermittel, Zuwendungen, Kommune, fundtrack",                    \
	  "grant funding, municipality, fundtrack")                                       \
	X(T_URGENT, "Die dringendsten Fristen", "The most urgent deadlines")              \
	X(T_OPEN_FINDINGS, "Offene Befunde der Prüfung", "Open findings of the rule check") \
	X(T_WHAT_CHANGED, "Was sich geändert hat", "What changed")                        \
	X(T_DUE, "Fälligkeit", "Due")                                                     \
	X(T_FIELD_MONEY, "Bewilligte Mittel je Handlungsfeld", "Approved funding per field") \
	X(T_FIELD_SHARES, "Anteil des Handlungsfeldes an der Stadt und Eigenanteil darin", \
	  "Share of the field in the city, and the own share in it")                      \
	X(T_OWN_SHARE_SHORT, "Eigenant.", "own")                                          \
	X(T_ALL_CITIES, "Alle Städte", "All cities")                                      \
	X(T_ALLOCATIONS_ALL, "Jahresraten aller Städte", "Allocations, all cities")       \
	X(T_ALLOCATIONS_OWN, "Jahresraten eigene Stadt", "Allocations, own city")         \
	X(T_ENDING_NO_FOLLOW_UP_LONG, "Förderung, die in 12 Monaten ohne Anschluss endet", \
	  "Funding ending within 12 months without follow-up")                            \
	X(T_MAX_AMOUNT, "Höchstbetrag", "maximum amount")                                 \
	X(T_DUE_OR_DAYS, "Frist / Dauer", "Due / duration")                               \
	X(T_DUE_TODAY, "heute fällig", "due today")                                       \
	X(T_NO_URGENT, "Keine Fristen in den nächsten 90 Tagen.",                         \
	  "No deadlines in the next 90 days.")

enum report_text {
#define REPORT_TEXT_ID(id, de, en) id,
	REPORT_TEXTS(REPORT_TEXT_ID)
#undef REPORT_TEXT_ID
	T_NTEXTS
};

const char *report_text(enum report_lang lang, enum report_text id);

/* Names of the stored codes: level ("eu", "federal", "state", "municipal"),
 * field ("housing", ...), grant status, booking kind, deadline kind.
 * Unknown codes are returned as they are. */
const char *report_level(enum report_lang lang, const char *code);
const char *report_field(enum report_lang lang, const char *code);
const char *report_grant_status(enum report_lang lang, const char *code);
const char *report_booking_kind(enum report_lang lang, const char *code);
const char *report_deadline_kind(enum report_lang lang, const char *code);
/* A short description of a check rule ("FT-IDLE-FUNDS"), or NULL. */
const char *report_rule(enum report_lang lang, const char *rule_id);

/* The five fields in a fixed order, NULL-terminated (the stored codes). */
extern const char *const report_fields[];

enum { REPORT_NUM_BUF = 32 };

/* Countable words, with their singular and plural forms. */
enum report_noun {
	N_DAY,        /* Tag / Tage */
	N_DAY_DATIVE, /* Tag / Tagen: "in 3 Tagen", "seit 1 Tag" */
	N_ERROR,      /* Fehler / Fehler */
	N_WARNING,    /* Warnung / Warnungen */
	N_FINDING,    /* Befund / Befunde */
	N_DEADLINE,   /* Frist / Fristen */
	N_PROJECT,    /* Projekt / Projekte */
	N_GRANT,      /* Bescheid / Bescheide */
	N_LINK,       /* Glied / Glieder */
	N_GAP,        /* Lücke / Lücken */
	N_MONTH,      /* Monat / Monate */
	N_YEAR,       /* Jahr / Jahre */
	N_CITY,       /* Stadt / Städte */
	N_NOUNS
};

/* The form of noun for n things: singular for 1 and -1, else the plural
 * ("0 Tage", "1 Tag", "2 Tage"; "1 day", "2 days"). */
const char *report_noun(enum report_lang lang, enum report_noun noun, int64_t n);
/* n with its noun, joined by a space: "1 Tag", "1.250 Tage", "2 Warnungen". */
enum { REPORT_COUNT_BUF = 64 };
const char *report_count(enum report_lang lang, int64_t n, enum report_noun noun,
			 char buf[REPORT_COUNT_BUF]);
/* When a deadline is due, in words, one meaning per cell: "heute fällig",
 * "in 1 Tag fällig", "in 12 Tagen fällig", "seit 3 Tagen überfällig" /
 * "due today", "due in 12 days", "3 days overdue". days_left < 0: overdue. */
const char *report_due(enum report_lang lang, int64_t days_left, char buf[REPORT_COUNT_BUF]);

void report_money(enum report_lang lang, int64_t cents, char buf[MONEY_BUF]);
void report_date(enum report_lang lang, const char *iso, char buf[DATE_BUF]);
void report_rate(enum report_lang lang, int bp, char buf[RATE_BUF]);
/* A whole number with thousands separators: "586.852" / "586,852". */
void report_int(enum report_lang lang, int64_t n, char buf[REPORT_NUM_BUF]);
/* Hundredths with two decimals, like an amount without the currency:
 * "1.234,56", "-0,50" / "1,234.56". */
void report_decimal(enum report_lang lang, int64_t hundredths, char buf[MONEY_BUF]);

#endif
