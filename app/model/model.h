/* model.h - a chain of fixed-term projects versus sustained financing.
 *
 * A pure model: parameters in, results per month, per year and in total
 * out; no printing, no database. Every formula is documented in
 * app/MODEL.md. Results are bit-identical on every machine: money is
 * int64 cents, everything else fixed-point integers, and the Monte Carlo
 * runs draw from a self-written xoshiro256** generator seeded by --seed.
 *
 * Units: months of the horizon are counted from 0 (both scenarios start at
 * month 0). Non-money results are in millionths ("micro" units, MODEL_ONE
 * per unit): service in micro FTE-months, gap and covered time in micro
 * months, staff replaced in micro FTE, admin effort in micro person-days.
 */
#ifndef FT_MODEL_H
#define FT_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

/* Funding levels, in the order of the schema's funder.level. */
enum model_level { MODEL_EU, MODEL_FEDERAL, MODEL_STATE, MODEL_MUNICIPAL, MODEL_NLEVELS };

/* "eu", "federal", "state", "municipal". */
const char *model_level_name(enum model_level level);

enum {
	MODEL_ONE = 1000000, /* fixed-point unit of non-money results */
	MODEL_MAX_YEARS = 50,
	MODEL_MAX_MONTHS = MODEL_MAX_YEARS * 12,
	MODEL_MAX_RUNS = 100000
};

/* Shares, probabilities and rates are held in millionths of a percent
 * (MODEL_PCT_ONE = 100 %), fine enough that a break-even can be printed
 * and run at a value that balances to the cent; MODEL_BP of them make a
 * basis point, the unit of every typed default. */
#define MODEL_PCT_ONE ((int64_t)100000000)
#define MODEL_BP ((int64_t)10000)

/* Money parameters (a cost per FTE, per admin day, per FTE-month) are held
 * in millionths of a euro, person-days in millionths of a day: MODEL_FINE
 * of them make a cent or a hundredth of a day, the typed precision. */
#define MODEL_FINE ((int64_t)10000)

/* Every input of the model. Units: hundredths (x100) for FTE, millionths
 * of a day ("µdays") for person-days, millionths of a euro ("µ€") for
 * money, millionths of a percent ("pct",
 * MODEL_PCT_ONE = 100 %) for shares, probabilities and rates; the funding
 * mixes in basis points (bp, 100 % = 10000). model_params.h holds the table of keys,
 * defaults and ranges that fills and checks this struct. */
struct model_params {
	int64_t horizon_years;
	int64_t staff_fte;          /* x100 */
	int64_t cost_per_fte;       /* µ€ per FTE and year, staff costs */
	int64_t material_share;     /* pct of staff costs, added on top */
	int64_t link_months;        /* duration D of one link */
	int64_t gap_months;         /* decision delay G between links */
	int64_t approval;           /* pct, probability p of approval in a new call */
	int64_t follow_up_approval; /* pct, probability q that a follow-up is approved */
	int64_t call_cycle_months;  /* C: time to the next call */
	int64_t discontinue;        /* pct, probability d per link */
	int64_t application_lead_months; /* A: application before link end */
	int64_t ramp_up_months;     /* R */
	int64_t ramp_up_capacity;   /* pct of full output during ramp-up */
	int64_t staff_loss;         /* pct, share L of staff lost at a gap */
	int64_t early_leave;        /* pct, share E of staff leaving before a link ends */
	int64_t early_leave_months; /* how long before the end they leave */
	int64_t vacancy_months;     /* V: months until a leaver is replaced */
	int64_t application_days;   /* µdays per application */
	int64_t proof_days;         /* µdays per proof of use */
	int64_t recruiting_days;    /* µdays per replaced FTE */
	int64_t interim_days;       /* µdays per year of a running link */
	int64_t admin_day_cost;     /* µ€ per person-day */
	int64_t sustained_admin_days; /* µdays per year */
	int64_t bridge;             /* 1: the city pays staff through gaps */
	int64_t prefinance_months;  /* months the carrier advances the grant money */
	int64_t prefinance_rate;    /* pct per year, interest on the advance */
	int64_t wage_growth;        /* pct per year, wage increase (both scenarios) */
	int64_t fixed_grant;        /* 1: a link's grant is fixed at its start wages */
	int64_t repayment;          /* pct of a link's external money reclaimed */
	int64_t lost_service_value; /* µ€ per FTE-month not delivered */
	int64_t discount_rate;      /* pct per year, 0: no discounting */
	int64_t chain_mix[MODEL_NLEVELS];     /* bp, sum 10000 */
	int64_t sustained_same;     /* 1: sustained financing by the chain's partners */
	int64_t sustained_mix[MODEL_NLEVELS]; /* bp, sum 10000; used when !sustained_same */
	/* pct, the city's share of sustained financing with the other partners
	 * of the sustained mix scaled to the rest (a second scenario, like a
	 * changed mix), or -1: none */
	int64_t sustained_city_share;
};

/* What one scenario gives in one month, one year or the whole horizon.
 * cost[] holds every cost by the level that pays it: staff and material
 * costs split by the scenario's funding mix, plus bridge months and all
 * admin effort, which the city pays (both included in MUNICIPAL). */
struct model_period {
	int64_t cost[MODEL_NLEVELS]; /* cents */
	int64_t admin_cost;          /* cents, part of cost[MODEL_MUNICIPAL] */
	int64_t bridge_cost;         /* cents, part of cost[MODEL_MUNICIPAL] */
	int64_t prefinance_cost;     /* cents, part of cost[MODEL_MUNICIPAL] */
	int64_t wage_cost;           /* cents: wage growth beyond fixed grants, municipal */
	int64_t repayment_cost;      /* cents: reclaimed grant money, municipal */
	int64_t unmet_cost;          /* cents: value of service not delivered, municipal */
	int64_t service;             /* micro effective FTE-months */
	int64_t covered;             /* micro months with any service */
	int64_t gap;                 /* micro months between links */
	int64_t replaced;            /* micro FTE replaced after leaving */
	int64_t admin_days;          /* micro person-days */
	int64_t applications;        /* micro applications written */
};

/* One scenario over the horizon. For a Monte Carlo chain these are the
 * means over the runs (each month's mean rounded; years and total are the
 * sums of the rounded months). */
struct model_series {
	int nmonths, nyears;
	struct model_period month[MODEL_MAX_MONTHS];
	struct model_period year[MODEL_MAX_YEARS];
	struct model_period total;
};

/* Outputs derived from a period, the quantities that get percentiles. */
enum model_metric {
	MODEL_M_COST,          /* cents, all levels */
	MODEL_M_EU,            /* cents */
	MODEL_M_FEDERAL,       /* cents */
	MODEL_M_STATE,         /* cents */
	MODEL_M_MUNICIPAL,     /* cents: the city's own cost */
	MODEL_M_ADMIN_COST,    /* cents */
	MODEL_M_BRIDGE_COST,   /* cents */
	MODEL_M_PREFINANCE_COST, /* cents */
	MODEL_M_WAGE_COST,     /* cents */
	MODEL_M_REPAYMENT_COST, /* cents */
	MODEL_M_UNMET_COST,    /* cents */
	MODEL_M_SERVICE,       /* micro FTE-months */
	MODEL_M_COVERAGE,      /* bp of the period's months with service */
	MODEL_M_GAP,           /* micro months */
	MODEL_M_REPLACED,      /* micro FTE */
	MODEL_M_ADMIN_DAYS,    /* micro person-days */
	MODEL_M_APPLICATIONS,  /* micro applications */
	MODEL_M_COST_PER_FTE_MONTH, /* cents; MODEL_UNDEFINED without service */
	MODEL_NMETRICS
};

#define MODEL_UNDEFINED INT64_MIN

/* The mix sustained financing is split by: the chain's unless a changed
 * mix is given. */
const int64_t *model_sustained_mix(const struct model_params *p);

/* The mix base (bp) with the city's share set to share (pct) in pct: the
 * other partners keep their proportions of base (the state takes the rest
 * when base has no other partner); rounding goes to the first partner with
 * a share, so the mix sums to exactly 100 %. */
void model_mix_with_city_share(const int64_t base[MODEL_NLEVELS], int64_t share,
			       int64_t out[MODEL_NLEVELS]);

/* The metric of a period that spans months months. */
int64_t model_metric(const struct model_period *p, int months, enum model_metric m);

/* a - b of one metric (chain minus sustained); MODEL_UNDEFINED when
 * either is undefined. */
int64_t model_metric_diff(int64_t a, int64_t b);

/* Micro units rounded half away from zero to hundredths, the precision
 * every output shows ("277,30" FTE-months). */
int64_t model_micro_to_hundredths(int64_t micro);

/* Nearest-rank percentiles over the Monte Carlo runs. */
struct model_spread {
	int64_t p10, p50, p90;
};

struct model_result {
	struct model_params params;
	int runs;                /* 0: the deterministic expected-value run */
	uint64_t seed;
	struct model_series chain;     /* deterministic, or mean of the runs */
	/* Sustained financing by the chain's partners (the fair comparison,
	 * always the headline); it has no randomness: always exact. */
	struct model_series sustained;
	/* With an explicitly changed sustained-mix: the same sustained
	 * financing split by that mix, a second scenario (has_changed_mix). */
	int has_changed_mix;
	struct model_series changed_mix;
	/* With runs > 0: percentiles of the chain's totals. The sustained
	 * scenario is the same in every run, so the difference's percentiles
	 * are these minus the sustained total. */
	struct model_spread chain_spread[MODEL_NMETRICS];
};

/* Runs both scenarios (after checking p against the parameter table,
 * model_params_check). runs = 0 gives the deterministic expected-value
 * run; runs 1..MODEL_MAX_RUNS a Monte Carlo run seeded by seed (the same
 * seed gives the same numbers). On success *out owns a new result (free
 * with model_result_free). */
int model_run(const struct model_params *p, int runs, uint64_t seed,
	      struct model_result **out, struct ft_error *err);
void model_result_free(struct model_result *r);

/* The generator, exposed for its tests: xoshiro256** 1.0 (Blackman and
 * Vigna), state filled from seed by splitmix64. */
struct model_rng {
	uint64_t s[4];
};
void model_rng_seed(struct model_rng *rng, uint64_t seed);
uint64_t model_rng_next(struct model_rng *rng);
/* Uniform integer in [0, bound), bound > 0, without modulo bias. */
uint64_t model_rng_below(struct model_rng *rng, uint64_t bound);

#endif
