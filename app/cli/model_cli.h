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

/* Fills opts with --set (repeatable), --scenario, --from-chain, --runs and
 * --seed, in the order of enum model_cli_opt. */
void model_cli_options(struct arg_opt opts[MODEL_NOPTS]);

/* What a model run gives a command; owned, freed by model_cli_release. */
struct model_cli_run {
	struct model_setup *setup;
	struct model_chain *chain;   /* NULL without --from-chain */
	struct model_result *result;
};

/* Parses --runs and --seed, assembles the parameters (defaults < recorded
 * chain < scenario file < --set; --from-chain opens the database) and runs
 * the model. opts are the options parsed into a (as filled by
 * model_cli_options); usage errors print cmd's usage. Returns an exit
 * code; with EXIT_OK, out holds the result. */
int model_cli_run(struct ft_ctx *ctx, const struct ft_command *cmd,
		  const struct arg_opt opts[MODEL_NOPTS], const struct args *a,
		  struct model_cli_run *out);
void model_cli_release(struct model_cli_run *run);

#endif
