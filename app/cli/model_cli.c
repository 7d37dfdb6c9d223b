/* model_cli.c - the options of a model run, shared by 'model' and
 * 'report model'. */
#include "model_cli.h"

#include <stdlib.h>
#include <string.h>

#include "cmd_util.h"

static int parse_run_options(struct ft_ctx *ctx, const char *const *opts, int64_t *runs,
			     int64_t *seed)
{
	struct ft_error err;

	*runs = 0;
	*seed = 1;
	if (opts[MODEL_OPT_RUNS] &&
	    parse_count(opts[MODEL_OPT_RUNS], "--runs", 0, MODEL_MAX_RUNS, runs, &err))
		return ctx_error(ctx, &err);
	if (opts[MODEL_OPT_SEED]) {
		if (*runs == 0)
			return ctx_usage_error(ctx, "--seed needs a Monte Carlo run (--runs N, N > 0)");
		if (parse_count(opts[MODEL_OPT_SEED], "--seed", 0, INT64_MAX, seed, &err))
			return ctx_error(ctx, &err);
	}
	return EXIT_OK;
}

/* Scenario file, then --set in order, then the chain for what is left at
 * its default. Returns an exit code. */
static int build_setup(struct ft_ctx *ctx, const struct args *a, int first,
		       struct model_setup *s, struct model_chain *chain)
{
	const char *const *opts = &a->value[first];
	const char *sets[ARGS_MAX_VALUES];
	struct ft_error err;
	int nsets = 0, rc;

	for (int i = 0; i < a->nvalues; i++)
		if (a->value_of[i] == first + MODEL_OPT_SET)
			sets[nsets++] = a->values[i];
	if (opts[MODEL_OPT_FROM_CHAIN] && ctx_open_store(ctx, STORE_EXISTING))
		return EXIT_ERROR;
	rc = model_setup_build(s, opts[MODEL_OPT_SCENARIO], sets, nsets, ctx->st,
			       opts[MODEL_OPT_FROM_CHAIN], chain, &err);
	if (rc == -2)
		return ctx_usage_error(ctx, "--set: %s", err.msg);
	return rc ? ctx_error(ctx, &err) : EXIT_OK;
}

int model_cli_run(struct ft_ctx *ctx, const struct args *a, int first,
		  struct model_cli_run *out)
{
	const char *const *opts = &a->value[first]; /* the model's option values */
	struct ft_error err;
	int64_t runs, seed;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = parse_run_options(ctx, opts, &runs, &seed);
	if (rc != EXIT_OK)
		return rc;
	out->setup = malloc(sizeof(*out->setup));
	out->chain = opts[MODEL_OPT_FROM_CHAIN] ? malloc(sizeof(*out->chain)) : NULL;
	if (!out->setup || (opts[MODEL_OPT_FROM_CHAIN] && !out->chain)) {
		ft_fail(&err, "out of memory");
		rc = ctx_error(ctx, &err);
	} else {
		rc = build_setup(ctx, a, first, out->setup, out->chain);
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
