#include "exchange.h"

#include <stdarg.h>
#include <stdio.h>

#include "msg_lang.h"

static void report_v(struct exch_diags *d, long line, enum exch_severity severity,
		     const char *rule, const char *element, const char *value, const char *fmt,
		     va_list ap)
{
	char message[1024];
	struct exch_diag diag;

	if (severity == EXCH_ERROR)
		d->errors++;
	else if (severity == EXCH_WARNING)
		d->warnings++;
	if (!d->emit)
		return;
	/* in the language of the messages: po/extract.sh lists the formats */
	vsnprintf(message, sizeof(message), tr(fmt), ap);
	diag = (struct exch_diag){ d->file, line, severity, rule, element ? element : "", value,
				   message };
	d->emit(d->arg, &diag);
}

void exch_report(struct exch_diags *d, long line, enum exch_severity severity,
		 const char *rule, const char *element, const char *value, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report_v(d, line, severity, rule, element, value, fmt, ap);
	va_end(ap);
}

void exch_report_rule(struct exch_diags *d, long line, enum rule_index rule,
		      const char *element, const char *value, const char *fmt, ...)
{
	const struct rule_entry *r = &rule_catalogue[rule];
	va_list ap;

	va_start(ap, fmt);
	report_v(d, line,
		 r->severity == RULE_ERROR	? EXCH_ERROR
		 : r->severity == RULE_WARNING ? EXCH_WARNING
					       : EXCH_NOTE,
		 r->id, element, value, fmt, ap);
	va_end(ap);
}

const char *exch_kind_name(enum exch_kind kind)
{
	switch (kind) {
	case EXCH_CITY:
		return "city";
	case EXCH_DISTRICT:
		return "district";
	case EXCH_FUNDER:
		return "funder";
	case EXCH_PROGRAMME:
		return "programme";
	case EXCH_PROJECT:
		return "project";
	case EXCH_GRANT:
		return "grant";
	case EXCH_ALLOCATION:
		return "allocation";
	case EXCH_BOOKING:
		return "booking";
	case EXCH_DELIVERY:
		return "delivery";
	case EXCH_INDICATOR:
		return "indicator";
	case EXCH_PLAN_LINE:
		return "cost line";
	case EXCH_COVER:
		return "means of cover";
	case EXCH_PROJECT_BOOKING:
		return "project booking";
	default:
		return NULL;
	}
}
