#include "cmd_util.h"

#include <stdlib.h>
#include <string.h>

#include "money.h"
#include "msg_lang.h"

int run_list(struct ft_ctx *ctx, int argc, char **argv,
	     enum rm_query query, const struct out_column *cols, size_t ncols)
{
	return run_list_params(ctx, argc, argv, query, NULL, 0, cols, ncols);
}

int run_list_params(struct ft_ctx *ctx, int argc, char **argv, enum rm_query query,
		    const char *const *params, int nparams, const struct out_column *cols,
		    size_t ncols)
{
	struct out_table *t;
	struct ft_error err;
	struct args a;
	int rc;

	if (ctx_parse(ctx, argc - 1, argv + 1, &a, &rc))
		return rc;
	if (a.npos)
		return ctx_usage_error(ctx, "unexpected argument '%s'", a.pos[0]);
	if (ctx_open_store(ctx, STORE_EXISTING))
		return EXIT_ERROR;
	if (rm_table(ctx->st, query, params, nparams, cols, ncols, &t, &err))
		return ctx_error(ctx, &err);
	rc = ctx_print_table(ctx, t);
	out_table_free(t);
	return rc;
}

const struct arg_opt list_all_option[1] = {
	{ "--all", 0, NULL, 0, NULL, NULL, "also the retired (or withdrawn) records" },
};

int run_list_all(struct ft_ctx *ctx, int argc, char **argv, enum rm_query query,
		 const struct out_column *cols, size_t ncols)
{
	const char *all;
	struct out_table *t;
	struct ft_error err;
	struct args a;
	int rc;

	if (ctx_parse(ctx, argc - 1, argv + 1, &a, &rc))
		return rc;
	if (a.npos)
		return ctx_usage_error(ctx, "unexpected argument '%s'", a.pos[0]);
	all = a.seen[0] ? "all" : NULL;
	if (ctx_open_store(ctx, STORE_EXISTING))
		return EXIT_ERROR;
	if (rm_table(ctx->st, query, &all, 1, cols, ncols, &t, &err))
		return ctx_error(ctx, &err);
	rc = ctx_print_table(ctx, t);
	out_table_free(t);
	return rc;
}

int run_show(struct ft_ctx *ctx, int argc, char **argv,
	     const char *what, const struct show_part *parts, size_t nparts)
{
	struct rm_request requests[8];
	struct out_section sections[8];
	struct out_table *tables[8] = { 0 };
	struct ft_error err;
	struct args a;
	int rc = EXIT_OK;

	if (ctx_parse(ctx, argc - 1, argv + 1, &a, &rc))
		return rc;
	if (a.npos != 1)
		return ctx_usage_error(ctx, "'%s show' needs the %s's code", what, what);
	if (nparts > 8 || ctx_open_store(ctx, STORE_EXISTING))
		return EXIT_ERROR;
	for (size_t i = 0; i < nparts; i++) {
		requests[i] = (struct rm_request){ parts[i].query, parts[i].cols, parts[i].ncols };
		sections[i] = (struct out_section){ parts[i].key,
						    parts[i].title ? tr(parts[i].title) : NULL, NULL,
						    parts[i].record };
	}
	if (rm_tables(ctx->st, requests, nparts, a.pos[0], tables, &err))
		return ctx_error(ctx, &err);
	if (out_row_count(tables[0]) == 0) {
		ctx_note(ctx, "no %s '%s' (see 'fundtrack %s list')", tr_record(what),
			a.pos[0], ctx->group ? ctx->group->name : ctx->cmd->name);
		rc = EXIT_ERROR;
	} else {
		for (size_t i = 0; i < nparts; i++)
			sections[i].table = tables[i];
		rc = ctx_print(ctx, sections, nparts);
	}
	for (size_t i = 0; i < nparts; i++)
		out_table_free(tables[i]);
	return rc;
}
