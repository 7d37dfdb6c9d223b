/* model_cli.h - the options of a model run, shared by the commands that
 * run the model: 'model' (tables, cmd_model.c) and 'report model' (PDF,
 * cmd_report.c). Both accept the same --set, --scenario, --from-chain,
 * --runs and --seed and assemble the parameters the same way. */
#ifndef FT_MODEL_CLI_H
#define FT_MODEL_CLI_H

#include "args.h"
#include "cli.h"
#include "model.h"
#include "model_chain.h"
#include "model_params.h"

enum model_cli_opt {
	MODEL_OPT_SET,
	MODEL_OPT_SCENARIO,
	MODEL_OPT_FROM_CHAIN,
	MODEL_OPT_RUNS,
	MODEL_OPT_SEED,
	MODEL_NOPTS
};

/* The entries of --set (repeatable), --scenario, --from-chain, --runs and
 * --seed for a command's option table, from index first on in the order of
 * enum model_cli_opt. */
#define MODEL_CLI_OPTIONS(first)                                                         \
	[(first) + MODEL_OPT_SET] = { "--set", 0, "KEY=VALUE", ARG_REPEAT, NULL, NULL,    \
				      "change one parameter (repeatable); see\n"         \
				      "'fundtrack model --params'" },                     \
	[(first) + MODEL_OPT_SCENARIO] = { "--scenario", 0, "FILE", 0, NULL, "file",      \
					   "read parameters from FILE: 'KEY = VALUE'\n"  \
					   "lines, '#' comments" },                       \
	[(first) + MODEL_OPT_FROM_CHAIN] = {                                              \
		"--from-chain", 0, "PROJECT", 0, NULL, "projects",                        \
		"take link length, gaps, funding mix and staff from the\n"               \
		"recorded chain PROJECT belongs to (needs the database);\n"              \
		"values from --scenario or --set take precedence" },                      \
	[(first) + MODEL_OPT_RUNS] = { "--runs", 0, "N", 0, NULL, NULL,                   \
				       "0 (default): the deterministic expected-value run;\n" \
				       "N = 1..100000: Monte Carlo runs with P10/P50/P90" }, \
	[(first) + MODEL_OPT_SEED] = { "--seed", 0, "S", 0, NULL, NULL,                   \
				       "seed of the Monte Carlo runs (default 1): the same\n" \
				       "seed gives the same numbers on every machine" }

/* What a model run gives a command; owned, freed by model_cli_release. */
struct model_cli_run {
	struct model_setup *setup;
	struct model_chain *chain;   /* NULL without --from-chain */
	struct model_result *result;
};

/* Parses --runs and --seed, assembles the parameters (defaults < recorded
 * chain < scenario file < --set; --from-chain opens the database) and runs
 * the model. a holds the parsed options, the model's from index first on
 * (MODEL_CLI_OPTIONS(first)). Returns an exit code; with EXIT_OK, out
 * holds the result. */
int model_cli_run(struct ft_ctx *ctx, const struct args *a, int first,
		  struct model_cli_run *out);
void model_cli_release(struct model_cli_run *run);

#endif
