/* model_params.h - the one table of the model's parameters.
 *
 * Each parameter has a key (as in --set KEY=VALUE and scenario files), a
 * kind, a default written the way a user would type it, a range, a label
 * and unit for tables, and its source. The same table drives parsing,
 * range checks, the parameter listing (`fundtrack model --params`, which
 * app/MODEL.md reproduces) and the "where does each value come from"
 * section of every model result.
 */
#ifndef FT_MODEL_PARAMS_H
#define FT_MODEL_PARAMS_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "model.h"

enum model_param_kind {
	MODEL_KIND_COUNT,   /* whole number */
	MODEL_KIND_DECIMAL, /* hundredths: "2,5" FTE */
	MODEL_KIND_DAYS,    /* µdays (model.h): "12,5", finer "12,512345" */
	MODEL_KIND_MONEY,   /* µ€ (model.h), typed like any amount: "65.000,00",
			     * finer "23.177,512345" */
	MODEL_KIND_PERCENT, /* pct (model.h): "46", "46 %", "0,5 %", "9,771234 %" */
	MODEL_KIND_YESNO,   /* yes/no, ja/nein, true/false */
	MODEL_KIND_MIX,     /* "eu:85,federal:10,state:0,municipal:5" */
	MODEL_KIND_SHARE    /* a percentage as PERCENT, or "mix" (-1): not set */
};

enum model_param_id {
	MODEL_P_HORIZON_YEARS,
	MODEL_P_STAFF_FTE,
	MODEL_P_COST_PER_FTE,
	MODEL_P_MATERIAL_SHARE,
	MODEL_P_LINK_MONTHS,
	MODEL_P_GAP_MONTHS,
	MODEL_P_APPROVAL,
	MODEL_P_FOLLOW_UP_APPROVAL,
	MODEL_P_CALL_CYCLE_MONTHS,
	MODEL_P_DISCONTINUE,
	MODEL_P_APPLICATION_LEAD_MONTHS,
	MODEL_P_RAMP_UP_MONTHS,
	MODEL_P_RAMP_UP_CAPACITY,
	MODEL_P_STAFF_LOSS,
	MODEL_P_EARLY_LEAVE,
	MODEL_P_EARLY_LEAVE_MONTHS,
	MODEL_P_VACANCY_MONTHS,
	MODEL_P_APPLICATION_DAYS,
	MODEL_P_PROOF_DAYS,
	MODEL_P_RECRUITING_DAYS,
	MODEL_P_INTERIM_DAYS,
	MODEL_P_ADMIN_DAY_COST,
	MODEL_P_SUSTAINED_ADMIN_DAYS,
	MODEL_P_BRIDGE,
	MODEL_P_PREFINANCE_MONTHS,
	MODEL_P_PREFINANCE_RATE,
	MODEL_P_WAGE_GROWTH,
	MODEL_P_FIXED_GRANT,
	MODEL_P_REPAYMENT,
	MODEL_P_LOST_SERVICE_VALUE,
	MODEL_P_DISCOUNT_RATE,
	MODEL_P_CHAIN_MIX,
	MODEL_P_SUSTAINED_MIX,
	MODEL_P_SUSTAINED_CITY_SHARE,
	MODEL_NPARAMS
};

struct model_param_def {
	const char *key;         /* "link-months" */
	enum model_param_kind kind;
	size_t offset;           /* of the int64_t (or mix array) in model_params */
	const char *def;         /* default as a user types it: "36" */
	int64_t min, max;        /* range in the field's unit (not for mixes) */
	const char *label;       /* German, for tables: "Laufzeit eines Projekts" */
	const char *unit;        /* German: "Monate" */
	const char *source;      /* German: where the default comes from */
	const char *label_en, *unit_en, *source_en; /* the same in English (reports) */
	/* The plausible span the sensitivity analysis varies the value over
	 * (model_analysis.h), within min..max; lo == hi leaves it out. */
	int64_t lo, hi;
};

/* The table, in the order of enum model_param_id. */
const struct model_param_def *model_param(enum model_param_id id);

/* The parameter with this key, or NULL. */
const struct model_param_def *model_param_find(const char *key);

/* The key most like an unknown one ("did you mean"), or NULL. */
const char *model_param_closest(const char *key);

/* 1 for the parameters --break-even and --sensitivity can vary: every
 * one but the two mixes and the city's share of sustained financing
 * (which --break-even knows as MODEL_CITY_SHARE_KEY). */
int model_param_is_numeric(const struct model_param_def *def);

/* The value of a numeric parameter in p, and setting it. */
int64_t model_param_get(const struct model_params *p, const struct model_param_def *def);
void model_param_set(struct model_params *p, const struct model_param_def *def, int64_t v);

/* Fills p with every default. */
void model_params_default(struct model_params *p);

/* Parses value for the parameter def into p, refusing malformed and
 * out-of-range values; err names the key, the value and what is expected. */
int model_param_parse(struct model_params *p, const struct model_param_def *def,
		      const char *value, struct ft_error *err);

/* Checks every value of p against the table's ranges and both mixes for
 * summing to 100 % (for callers that fill the struct themselves). */
int model_params_check(const struct model_params *p, struct ft_error *err);

/* Formats the value of def in p. german: "65.000,00", "46,00 %" (a share
 * finer than a basis point with as many decimals as it has: "9,771234 %"), "ja",
 * "eu:85;federal:10;state:0;municipal:5"; else the plain machine form
 * "65000.00", "46.00", "yes", "eu:85,federal:10,state:0,municipal:5".
 * Both forms are accepted back by model_param_parse. */
enum { MODEL_VALUE_BUF = 96 };
void model_param_format(const struct model_params *p, const struct model_param_def *def,
			int german, char buf[MODEL_VALUE_BUF]);

/* The range of def as text ("6 bis 120", "1 % bis 100 %", "ja/nein",
 * "Summe 100 %"). */
void model_param_range(const struct model_param_def *def, int german, char buf[MODEL_VALUE_BUF]);

/* The span of def the sensitivity varies it over ("12 bis 48"), or "–"
 * for a parameter left out. */
void model_param_span(const struct model_param_def *def, int german, char *buf, size_t size);

/* ---- a parameter set and where each value came from ---------------- */

enum model_origin {
	MODEL_FROM_DEFAULT,
	MODEL_FROM_CHAIN,    /* calibrated from a chain in the database */
	MODEL_FROM_SCENARIO, /* a scenario file */
	MODEL_FROM_SET       /* --set KEY=VALUE */
};

/* "Vorgabe", "Daten der Kette", "Szenario-Datei", "--set"; in English
 * (english = 1) "default", "recorded chain", "scenario file", "--set". */
const char *model_origin_label(enum model_origin origin, int english);

enum { MODEL_NOTE_BUF = 160 };

struct model_setup {
	struct model_params p;
	enum model_origin origin[MODEL_NPARAMS];
	char note[MODEL_NPARAMS][MODEL_NOTE_BUF]; /* how a value was derived, or "" */
};

/* Defaults, every origin MODEL_FROM_DEFAULT. */
void model_setup_init(struct model_setup *s);

/* Applies "KEY=VALUE" (spaces around both allowed) with the given origin.
 * Returns 0, -1 with err for a malformed value, or -2 with err for a
 * malformed assignment or an unknown key (a usage error on a command line). */
int model_setup_assign(struct model_setup *s, const char *assignment, enum model_origin origin,
		       struct ft_error *err);

/* Reads a scenario file: "KEY = VALUE" lines, '#' starts a comment, blank
 * lines ignored (also CRLF line ends and a UTF-8 byte order mark). Refuses unknown keys, malformed or out-of-range values
 * and a key given twice, as "FILE:LINE: message". Applies nothing unless
 * the whole file is valid. */
int model_setup_load_file(struct model_setup *s, const char *path, struct ft_error *err);

#endif
