/* bench_model.c - times the model: 10.000 Monte Carlo runs over 20 years
 * with the default parameters (target: under one second), the sensitivity
 * over every parameter (under two seconds) and a break-even search. Not a
 * test;
 * build the target bench_model and run it, optionally with the number of
 * runs and years: bench_model [RUNS [YEARS]]. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "model.h"
#include "model_analysis.h"
#include "model_params.h"

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int64_t arg_or(int argc, char **argv, int i, int64_t fallback)
{
	return argc > i ? strtoll(argv[i], NULL, 10) : fallback;
}

static void print_ms(const char *what, int64_t ns)
{
	printf("bench_model: %s: %lld.%03lld ms\n", what, (long long)(ns / 1000000),
	       (long long)(ns / 1000 % 1000));
}

/* Sensitivity over every parameter and the break-even of the city's share
 * of sustained financing, on the expected-value model. */
static int analyses(const struct model_params *p)
{
	struct model_sensitivity *sens = malloc(sizeof(*sens));
	struct model_break_even b;
	struct ft_error err;
	int64_t start;

	if (!sens)
		return 1;
	start = now_ns();
	if (model_sensitivity(p, sens, &err) != 0) {
		fprintf(stderr, "bench_model: %s\n", err.msg);
		free(sens);
		return 1;
	}
	print_ms("sensitivity over every parameter", now_ns() - start);
	free(sens);
	start = now_ns();
	if (model_break_even(p, MODEL_CITY_SHARE_KEY, &b, &err) != 0) {
		fprintf(stderr, "bench_model: %s\n", err.msg);
		return 1;
	}
	print_ms("break-even of sustained-city-share", now_ns() - start);
	printf("bench_model: (%d model runs for the break-even)\n", b.evaluations);
	return 0;
}

int main(int argc, char **argv)
{
	struct model_params p;
	struct model_result *r;
	struct ft_error err;
	int runs = (int)arg_or(argc, argv, 1, 10000);
	int64_t start, expected_ns, mc_ns;

	model_params_default(&p);
	p.horizon_years = arg_or(argc, argv, 2, 20);
	start = now_ns();
	if (model_run(&p, 0, 1, &r, &err) != 0) {
		fprintf(stderr, "bench_model: %s\n", err.msg);
		return 1;
	}
	expected_ns = now_ns() - start;
	model_result_free(r);
	start = now_ns();
	if (model_run(&p, runs, 1, &r, &err) != 0) {
		fprintf(stderr, "bench_model: %s\n", err.msg);
		return 1;
	}
	mc_ns = now_ns() - start;
	printf("bench_model: expected-value run over %lld years: %lld.%03lld ms\n",
	       (long long)p.horizon_years, (long long)(expected_ns / 1000000),
	       (long long)(expected_ns / 1000 % 1000));
	printf("bench_model: %d Monte Carlo runs over %lld years: %lld.%03lld s "
	       "(%lld us per run; chain service P50 %lld FTE-months)\n",
	       runs, (long long)p.horizon_years, (long long)(mc_ns / 1000000000),
	       (long long)(mc_ns / 1000000 % 1000), (long long)(runs ? mc_ns / 1000 / runs : 0),
	       (long long)(r->chain_spread[MODEL_M_SERVICE].p50 / MODEL_ONE));
	model_result_free(r);
	return analyses(&p);
}
