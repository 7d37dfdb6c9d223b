/* model_cli.c - the options of a model run, shared by 'model' and
 * 'report model'. */
#include "model_cli.h"

#include <stdlib.h>
#include <string.h>

#include "cmd_util.h"

void model_cli_options(struct arg_opt opts[MODEL_NOPTS])
{
	opts[MODEL_OPT_SET] = (struct arg_opt){ "--set", 1, 1, NULL, 0 };
	opts[MODEL_OPT_SCENARIO] = (struct arg_opt){ "--scenario", 1, 0, NULL, 0 };
	opts[MODEL_OPT_FROM_CHAIN] = (struct arg_opt){ "--from-chain", 1, 0, NULL, 0 };
	opts[MODEL_OPT_RUNS] = (struct arg_opt){ "--runs", 1, 0, NULL, 0 };
	opts[MODEL_OPT_SEED] = (struct arg_opt){ "--seed", 1, 0, NULL, 0 };
}

static int parse_run_options(struct ft_ctx *ctx, const struct ft_command *cmd,
			     const struct arg_opt *opts, int64_t *runs, int64_t *seed)
{
	struct ft_error err;

	*runs = 0;
	*seed = 1;
	if (opts[MODEL_OPT_RUNS].value &&
	    parse_count(opts[MODEL_OPT_RUNS].value, "--runs", 0, MODEL_MAX_RUNS, runs, &err))
		return ctx_error(ctx, &err);
	if (opts[MODEL_OPT_SEED].value) {
		if (*runs == 0)
			return ctx_usage_error(ctx, cmd,
					       "--seed needs a Monte Carlo run (--runs N, N > 0)");
		if (parse_count(opts[MODEL_OPT_SEED].value, "--seed", 0, INT64_MAX, seed, &err))
			return ctx_error(ctx, &err);
	}
	return EXIT_OK;
}

/* Scenario file, then --set in order, then the chain for what is left at
 * its default. Returns an exit code. */
static int build_setup(struct ft_ctx *ctx, const struct ft_command *cmd,
		       const struct arg_opt *opts, const struct args *a, struct model_setup *s,
		       struct model_chain *chain)
{
	const char *sets[ARGS_MAX_VALUES];
	struct ft_error err;
	int nsets = 0, rc;

	for (int i = 0; i < a->nvalues; i++)
		if (a->value_owner[i] == &opts[MODEL_OPT_SET])
			sets[nsets++] = a->values[i];
	if (opts[MODEL_OPT_FROM_CHAIN].value && ctx_open_store(ctx, STORE_EXISTING))
		return EXIT_ERROR;
	rc = model_setup_build(s, opts[MODEL_OPT_SCENARIO].value, sets, nsets, ctx->st,
			       opts[MODEL_OPT_FROM_CHAIN].value, chain, &err);
	if (rc == -2)
		return ctx_usage_error(ctx, cmd, "--set: %s", err.msg);
	return rc ? ctx_error(ctx, &err) : EXIT_OK;
}

int model_cli_run(struct ft_ctx *ctx, const struct ft_command *cmd,
		  const struct arg_opt opts[MODEL_NOPTS], const struct args *a,
		  struct model_cli_run *out)
{
	struct ft_error err;
	int64_t runs, seed;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = parse_run_options(ctx, cmd, opts, &runs, &seed);
	if (rc != EXIT_OK)
		return rc;
	out->setup = malloc(sizeof(*out->setup));
	out->chain = opts[MODEL_OPT_FROM_CHAIN].value ? malloc(sizeof(*out->chain)) : NULL;
	if (!out->setup || (opts[MODEL_OPT_FROM_CHAIN].value && !out->chain)) {
		ft_fail(&err, "out of memory");
		rc = ctx_error(ctx, &err);
	} else {
		rc = build_setup(ctx, cmd, opts, a, out->setup, out->chain);
	}
	if (rc == EXIT_OK &&
	    model_run(&out->setup->p, (int)runs, (uint64_t)seed, &out->result, &err))
		rc = ctx_error(ctx, &err);
	if (rc != EXIT_OK)
		model_cli_release(out);
	return rc;
}

void model_cli_release(struct model_cli_run *run)
{
	model_result_free(run->result);
	free(run->chain);
	free(run->setup);
	memset(run, 0, sizeof(*run));
}
