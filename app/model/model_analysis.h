/* model_analysis.h - what the model's result means: the break-even of a
 * parameter, the sensitivity of the result to every parameter and the
 * conclusion in words.
 *
 * All three work on "the difference": what the chain costs the city
 * (Kommune, own share with admin, bridging and the chain's hidden costs)
 * minus what sustained financing of the same service by the same partners
 * costs it, over the whole horizon, on the expected-value model (exact and
 * deterministic, so a break-even can be checked to the cent). Formulas and
 * the search in app/MODEL.md.
 */
#ifndef FT_MODEL_ANALYSIS_H
#define FT_MODEL_ANALYSIS_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "model.h"
#include "model_params.h"

/* The parameter of the city's share of sustained financing (the other
 * partners' shares scaled to the rest): --break-even accepts it besides
 * every numeric parameter. */
#define MODEL_CITY_SHARE_KEY "sustained-city-share"

/* Chain minus sustained, city's cost in cents, on the expected-value
 * model. With city_share >= 0 (pct, model.h) sustained financing is split
 * with that share of the city (as with --set sustained-city-share). */
int model_city_difference(const struct model_params *p, int64_t city_share, int64_t *diff,
			  struct ft_error *err);

struct model_break_even {
	const char *key;
	const struct model_param_def *def; /* the parameter (also for MODEL_CITY_SHARE_KEY) */
	int found;            /* a value in lo..hi where the difference changes sign */
	int continuous;       /* a share, rate, amount or days: searched below the typed
			       * precision (model.h); else stepped */
	int exact;            /* |difference| <= 1 cent at value */
	int64_t value;        /* the value with the smallest |difference| found, in
			       * the parameter's unit (pct for shares and rates) */
	int64_t difference;   /* cents at value, from a model run at value */
	int64_t below, above; /* the neighbouring values the search ended with */
	int64_t diff_below, diff_above; /* cents at both */
	int64_t lo, hi;       /* the range searched (the parameter's valid range) */
	int64_t diff_lo, diff_hi; /* the difference at both ends */
	int evaluations;      /* model runs the search took */
};

/* Searches the value of the numeric parameter key at which both sides
 * cost the city the same (all other parameters as in p). Fails for an
 * unknown or non-numeric key; "not found" is a result (found = 0). */
int model_break_even(const struct model_params *p, const char *key, struct model_break_even *out,
		     struct ft_error *err);

/* The value as text, in the parameter's unit (german or plain), with
 * every decimal it has: --set KEY=<this text> runs the model at it. */
void model_break_even_value(const struct model_break_even *b, int german,
			    char buf[MODEL_VALUE_BUF]);

/* Any value of b's parameter (below, above, lo, hi) as text. */
void model_break_even_format(const struct model_break_even *b, int64_t value, int german,
			     char buf[MODEL_VALUE_BUF]);

struct model_sensitivity_row {
	const struct model_param_def *def;
	int64_t lo, hi;           /* the span varied over (model_param_def lo, hi) */
	int64_t diff_lo, diff_hi; /* the difference with the parameter at lo and at hi */
	int64_t swing;            /* max - min of diff_lo, diff_hi and the base */
};

struct model_sensitivity {
	int64_t base;  /* the difference with p as given */
	int n;         /* rows, by swing, largest first */
	struct model_sensitivity_row row[MODEL_NPARAMS];
};

/* Varies every numeric parameter with a span (lo < hi) over it, one at a
 * time, and ranks them by the swing of the difference. */
int model_sensitivity(const struct model_params *p, struct model_sensitivity *out,
		      struct ft_error *err);

/* The figures of the conclusion. Differences are chain minus sustained
 * (by the same partners). */
struct model_conclusion {
	int years;
	int64_t city, all;          /* cents over the horizon */
	int64_t city_year_max;      /* the largest yearly city difference */
	int city_year_max_at;       /* its year, 1-based */
	int64_t service, service_sustained; /* micro FTE-months: difference, sustained total */
	struct model_spread city_spread, all_spread, service_spread; /* of the differences */
	int spread_runs;            /* Monte Carlo runs behind the spreads */
	uint64_t spread_seed;
	struct model_break_even city_share; /* MODEL_CITY_SHARE_KEY */
	int64_t chain_city_share;   /* bp, the city's share of the chain's mix */
	int has_changed_mix;        /* a second scenario with another sustained mix */
	int64_t changed_city;       /* chain minus that scenario, city, cents */
	int64_t changed_city_share; /* pct: that scenario is sustained-city-share, or -1 */
};

/* Runs per conclusion when the result has none of its own (runs = 0). */
enum { MODEL_CONCLUSION_RUNS = 2000 };

/* Fills the conclusion of r (made from p); the spreads come from r's own
 * Monte Carlo runs or, for an expected-value result, from
 * MODEL_CONCLUSION_RUNS runs with seed 1. */
int model_conclude(const struct model_params *p, const struct model_result *r,
		   struct model_conclusion *out, struct ft_error *err);

/* The conclusion as sentences (German, or English for english = 1), one
 * paragraph per line ("\n" between them). */
void model_conclusion_text(const struct model_conclusion *c, int english, char *buf,
			   size_t size);

#endif
