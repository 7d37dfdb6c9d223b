#include "rule_catalogue.h"

#include <string.h>

const char *const rule_severity_names[3] = { "error", "warning", "info" };

#define E RULE_ERROR
#define W RULE_WARNING
#define I RULE_INFO
#define F RULE_FILE
#define C RULE_CHECK
#define FC RULE_BOTH

const struct rule_entry rule_catalogue[RULE_COUNT] = {
	[RULE_FILE_ACCESS] = { "FT-FILE", E, F, "the file is missing, empty, a directory or "
						"unreadable, or holds only whitespace" },
	[RULE_XML] = { "XML", E, F, "the file is not well-formed XML (or not UTF-8)" },
	[RULE_DOCTYPE] = { "FT-DOCTYPE", E, F, "the file has a document type declaration; it is "
					       "refused unread" },
	[RULE_ENCODING] = { "FT-ENCODING", E, F, "the file is not encoded in UTF-8" },
	[RULE_FORMAT] = { "FT-FORMAT", E, F, "another root element or namespace: not an exchange "
					     "file" },
	[RULE_VERSION] = { "FT-VERSION", E, F, "the format version is missing or not supported" },
	/* a fact of its own, not FT-VERSION: the file is read */
	[RULE_VERSION_NEWER] = { "FT-VERSION-NEWER", I, F,
				 "the file is of a later 1.x version than this fundtrack's 1.1: "
				 "read as 1.1 (its extensions skipped, its required features "
				 "checked)" },
	[RULE_REQUIRES] = { "FT-REQUIRES", E, F,
			    "the file requires a feature this fundtrack does not know, or holds "
			    "content of a feature its requires attribute does not list" },
	[RULE_EXTENSION] = { "FT-EXTENSION", I, F,
			     "an extension this fundtrack does not know: skipped, the figures are "
			     "complete without it" },
	[RULE_LIMIT] = { "FT-LIMIT", E, F, "reading stopped: more than 100 errors, or a size the "
					   "format never needs" },
	[RULE_VALUE] = { "FT-VALUE", E, F, "a record the schema let pass could not be read" },
	[RULE_AGS] = { "FT-AGS", E, F,
		       "the city's AGS is not a municipality key: its first two digits (the "
		       "Land) are not 01 to 16 (1.0 files; the 1.1 schema refuses it itself)" },
	[RULE_AGS_UNKNOWN] = { "FT-AGS-UNKNOWN", W, F,
			       "the city's AGS is not in the municipality register shipped with "
			       "fundtrack (data/municipalities.csv)" },
	[RULE_XSD_MISSING_ELEMENT] = { "XSD-MISSING-ELEMENT", E, F,
				       "a required element is missing" },
	[RULE_XSD_MISSING_ATTRIBUTE] = { "XSD-MISSING-ATTRIBUTE", E, F,
					 "a required attribute is missing" },
	[RULE_XSD_UNKNOWN_ELEMENT] = { "XSD-UNKNOWN-ELEMENT", E, F,
				       "an element the format does not have here (or in the wrong "
				       "order)" },
	[RULE_XSD_UNKNOWN_ATTRIBUTE] = { "XSD-UNKNOWN-ATTRIBUTE", E, F,
					 "an attribute the element does not have" },
	[RULE_XSD_AMOUNT] = { "XSD-AMOUNT", E, F,
			      "an amount is not a plain decimal with at most two decimals, or "
			      "beyond 100000000000.00 either way" },
	[RULE_XSD_DATE] = { "XSD-DATE", E, F, "a date is not an ISO date YYYY-MM-DD from 1900 to "
					      "2199" },
	[RULE_XSD_ENUM] = { "XSD-ENUM", E, F, "a value is not one of the values the format allows "
					      "(status, kind, level, ...)" },
	[RULE_XSD_TOO_LONG] = { "XSD-TOO-LONG", E, F, "a text is longer than the format allows" },
	[RULE_XSD_FORMAT] = { "XSD-FORMAT", E, F, "a code, AGS, name, number or time is not "
						  "written as the format says" },
	[RULE_XSD_RANGE] = { "XSD-RANGE", E, F, "a number is outside its range (a rate above "
						"100, a year before 1900, ...)" },
	[RULE_XSD_DUPLICATE] = { "XSD-DUPLICATE", E, F, "a grant has two allocations for one "
							"year" },
	[RULE_XSD] = { "XSD", E, F, "any other violation of the schema (libxml2's words)" },
	[RULE_REFERENCE] = { "FT-REFERENCE", E, F,
			     "a code names a district, funder, programme, project or "
			     "predecessor the file does not define" },
	[RULE_DUPLICATE] = { "FT-DUPLICATE", E, F, "an identifier is defined twice" },
	[RULE_PERIOD] = { "FT-PERIOD", E, F, "a period (project, grant) ends before it starts" },
	[RULE_DECISION] = { "FT-DECISION", E, F, "a grant is decided before it was applied for" },
	[RULE_CHAIN] = { "FT-CHAIN", E, F, "the predecessors of projects form a cycle, or two "
					   "projects name the same predecessor" },
	[RULE_BOOKING_ID] = { "FT-BOOKING-ID", E, F, "a booking id appears twice in one grant (or "
						   "one project)" },
	[RULE_AMOUNT] = { "FT-AMOUNT", E, F, "a booking amount is zero, or negative without "
					     "being a reversal, or a reversal is positive" },
	[RULE_REVERSAL] = { "FT-REVERSAL", E, F,
			    "a reversal does not name an earlier booking of the same grant (or "
			    "project) and kind, does not negate its amount, or reverses twice" },
	[RULE_BOOKING_STATUS] = { "FT-BOOKING-STATUS", E, F,
				  "a grant with status applied or rejected has bookings" },
	[RULE_GENERATED_FUTURE] = { "FT-GENERATED-FUTURE", E, F,
				    "the file says it was generated after tomorrow (UTC, by "
				    "this computer's clock)" },
	[RULE_PLAN_LINE] = { "FT-PLAN-LINE", E, F,
			     "a project booking names a cost line (line=\"POS\") its project's "
			     "financing plan does not have" },
	[RULE_PROJECT_BOOKING_DATE] = { "FT-PROJECT-BOOKING-DATE", E, F,
					"a project booking (or its service date) lies more than "
					"366 days before its project starts or more than 25 years "
					"after it ends" },
	[RULE_PROJECT_BOOKING_SPLIT] = { "FT-PROJECT-BOOKING-SPLIT", E, F,
					 "(import) a project booking cannot be allocated: no "
					 "grant of its project counts as approved money with an "
					 "approval period holding the day the expenditure arose" },
	[RULE_BOOKING_DATE] = { "FT-BOOKING-DATE", E, F,
				"a booking is dated more than 366 days before the approval period "
				"starts or more than 25 years after it ends" },
	[RULE_SUM] = { "FT-SUM", E, F, "the allocations of a grant, or its bookings of one kind, "
				       "sum to more than 100.000.000.000,00 \xE2\x82\xAC" },
	[RULE_AMOUNT_RANGE] = { "FT-AMOUNT-RANGE", E, C,
				"an amount above 100.000.000.000,00 \xE2\x82\xAC, the limit of one "
				"amount (written before the limit existed); the money rules skip "
				"its grant" },
	[RULE_OVER_CAP] = { "FT-OVER-CAP", E, FC,
			    "drawn down (less repayments) more than the approved amount" },
	[RULE_SPENT_ABOVE_DRAWN] = { "FT-SPENT-ABOVE-DRAWN", E, FC,
				     "spent more than drawn down (less repayments) plus the "
				     "tolerance for pre-financing: the largest of the approved "
				     "amount, the eligible costs and the project's costs" },
	[RULE_ALLOC_ABOVE_APPROVED] = { "FT-ALLOC-ABOVE-APPROVED", E, FC,
					"yearly allocations add up to more than the approved "
					"amount; the grant is left out of the yearly network "
					"comparison" },
	[RULE_PROJECT_OVERFUNDED] = { "FT-PROJECT-OVERFUNDED", E, C,
				      "a project's approved grants add up to more than 100 % of "
				      "its costs" },
	[RULE_SPEND_OUTSIDE_PERIOD] = { "FT-SPEND-OUTSIDE-PERIOD", E, FC,
					"expenditure that arose before or after the approval "
					"period (its service date; without one, its payment date, "
					"except in the 6 weeks after the end)" },
	[RULE_SERVICE_DATE_MISSING] = { "FT-SERVICE-DATE-MISSING", W, FC,
					"expenditure paid within 6 weeks after the approval "
					"period without a service date: eligible if it arose in "
					"the period" },
	[RULE_DRAWDOWN_OUTSIDE_PERIOD] = { "FT-DRAWDOWN", W, F,
					   "a drawdown is dated outside the approval period" },
	[RULE_FUTURE] = { "FT-FUTURE", W, F, "a booking is dated after the file was generated" },
	[RULE_ALLOC_MISMATCH] = { "FT-ALLOC-MISMATCH", W, FC,
				  "yearly allocations add up to less than the approved amount, or "
				  "lie in years outside the approval period" },
	[RULE_ELIGIBLE] = { "FT-ELIGIBLE", W, F,
			    "a grant's approved amount exceeds its eligible costs" },
	[RULE_SPENT_ABOVE_GRANT] = { "FT-SPENT-ABOVE-GRANT", W, C,
				     "spending above the approved amount: covered by own funds, "
				     "no breach while no more than the grant is drawn" },
	[RULE_RATE_ABOVE_PROGRAMME] = { "FT-RATE-ABOVE-PROGRAMME", W, C,
					"funding rate of the decision (or approved / eligible "
					"costs) above the programme's rate; not for deficit "
					"financing, which has a maximum amount" },
	[RULE_IDLE_FUNDS] = { "FT-IDLE-FUNDS", W, C,
			      "money drawn down and not spent within the drawdown horizon of "
			      "the grant's terms (first in, first out); interest estimated at 5 "
			      "points above the base rate, piecewise over its half-yearly "
			      "changes; none for the city's own money" },
	[RULE_BASE_RATE_MISSING] = { "FT-BASE-RATE-MISSING", W, C,
				     "idle money on days for which no base rate is recorded (the "
				     "last known rate holds to the end of its half-year): the "
				     "interest estimate leaves those days out" },
	[RULE_PROOF_DUE] = { "FT-PROOF-DUE", W, C,
			     "final proof of use due within 30 days (from the grant's terms: "
			     "months after the purpose was fulfilled, at the latest after the "
			     "period; or an extended deadline)" },
	[RULE_PROOF_OVERDUE] = { "FT-PROOF-OVERDUE", E, C,
				 "final proof of use past its legal last day and not recorded" },
	[RULE_INTERIM_PROOF_DUE] = { "FT-INTERIM-PROOF-DUE", W, C,
				     "interim proof (ANBest-P: 30 April) for a year with payouts "
				     "in which the purpose was not fulfilled, due within 30 days, "
				     "or past due and not recorded" },
	[RULE_STATUS_STALE] = { "FT-STATUS-STALE", W, C,
				"status still 'approved' or 'running' after the approval period "
				"ended" },
	[RULE_GAP_RISK] = { "FT-GAP-RISK", W, C,
			    "a project's funding ends within 180 days and no follow-up in its "
			    "chain has an approved grant" },
	[RULE_CHAIN_GAP] = { "FT-CHAIN-GAP", W, C,
			     "days without a project between two links of a chain" },
	[RULE_CONDITION_OVERDUE] = { "FT-CONDITION-OVERDUE", E, C,
				     "a condition (Auflage) of the decision past its deadline and "
				     "not recorded as met: grounds for revocation (\xC2\xA7 49 "
				     "Abs. 3 Satz 1 Nr. 2 VwVfG NRW)" },
	[RULE_CONDITION_DUE] = { "FT-CONDITION-DUE", W, C,
				 "a condition (Auflage) of the decision due within 30 days" },
	[RULE_STATUS_SUGGESTED] = { "FT-STATUS-SUGGESTED", I, C,
				    "the grant's dates suggest its next status (approved -> "
				    "running once the period started, running -> proof-due once "
				    "it ended, proof-due -> closed once the final proof is "
				    "recorded); never changed automatically" },
	[RULE_DRAWN_ABOVE_ALLOCATION] = { "FT-DRAWN-ABOVE-ALLOCATION", W, C,
					  "drawdowns (less repayments) dated in a fiscal year above "
					  "that year's allocation (Jahresrate) of the grant" },
	[RULE_DRAWN_AHEAD_OF_COVER] = { "FT-DRAWN-AHEAD-OF-COVER", W, C,
					"a grant drawn (beyond its drawdown horizon) ahead of the "
					"other means of cover: more than its part of the project's "
					"spending under ANBest-P Nr. 1.4 (share, fixed: pro rata; "
					"deficit: after own and third-party money)" },
	[RULE_ALLOCATION_UNDRAWN] = { "FT-ALLOCATION-UNDRAWN", W, C,
				      "part of a past fiscal year's allocation (Jahresrate) of a "
				      "running grant left undrawn at the year's end" },
	[RULE_PLAN_LINE_OVERRUN] = { "FT-PLAN-LINE-OVERRUN", W, C,
				     "a cost line of the financing plan overrun by more than 20 % "
				     "(ANBest-P Nr. 1.2)" },
};

const char *rule_scope_name(enum rule_scope scope)
{
	switch (scope) {
	case RULE_FILE:
		return "file";
	case RULE_CHECK:
		return "check";
	default:
		return "file, check";
	}
}

const struct rule_entry *rule_find(const char *id)
{
	for (size_t i = 0; i < RULE_COUNT; i++)
		if (id && strcmp(rule_catalogue[i].id, id) == 0)
			return &rule_catalogue[i];
	return NULL;
}
